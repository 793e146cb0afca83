// The component under @salesforce/sfdx-lwc-jest: Lightning Data Service is Salesforce's own stub
// (getRecord.emit, updateRecord / createRecord / notifyRecordUpdateAvailable as jest.fn), the iframe
// is jsdom's, and the Visualforce page's side of the bridge is played by this test: it sends the
// requests connectBridge would send and reads the answers the component posts to the frame.
import { createElement } from 'lwc';
import LeadlensPanel from 'c/leadlensPanel';
import { getRecord, updateRecord, createRecord, notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';

const VF = 'https://acme--c.vf.force.com';
const RECORD_ID = '00Q5e00000AbCdEAAV';

// A Lead as the UI API returns it (fields by API name, { value, displayValue }).
function uiRecord(overrides = {}, lastModifiedDate = '2026-11-22T09:00:00.000Z') {
  const values = {
    Id: RECORD_ID,
    CreatedDate: '2026-11-20T10:02:11.000Z',
    Name: 'Dana Ruiz',
    Company: 'Acme Logistics',
    Website: 'acmelogistics.com',
    Industry: 'Transportation',
    NumberOfEmployees: 240,
    AnnualRevenue: 48000000,
    Country: 'United States',
    Email: 'dana@acmelogistics.com',
    Title: 'Director of Operations',
    Phone: null,
    LeadSource: 'Web',
    Description: 'Order-to-cash is our bottleneck; we need help this quarter.',
    HasOptedOutOfEmail: false,
    Status: 'Open - Not Contacted',
    LeadLens_Decision_Id__c: null,
    LastModifiedDate: lastModifiedDate,
    ...overrides,
  };
  const fields = {};
  for (const [name, value] of Object.entries(values)) fields[name] = { value, displayValue: null };
  return { apiName: 'Lead', id: RECORD_ID, fields, lastModifiedDate, systemModstamp: lastModifiedDate, childRelationships: {}, recordTypeId: '012000000000000AAA' };
}

const decision = (overrides = {}) => ({
  decision_id: '0190a5f2-0000-7000-8000-000000000001',
  lead_id: RECORD_ID,
  outcome: 'accepted',
  reason_code: 'good_fit_real_need',
  note: 'Called, real project',
  reviewer: '005000000000000000',
  decided_at: '2026-11-22T12:05:00.000Z',
  score_snapshot: { fit: 84, intent: 78, route: 'sales_review', model_version: '2026-11-1' },
  ...overrides,
});

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

async function mount(props = { visualforceOrigin: VF }) {
  const element = createElement('c-leadlens-panel', { is: LeadlensPanel });
  Object.assign(element, { recordId: RECORD_ID, ...props });
  document.body.appendChild(element);
  getRecord.emit(uiRecord());
  await flush();
  const iframe = element.shadowRoot.querySelector('iframe');
  let frame = null;
  if (iframe) {
    iframe.dispatchEvent(new CustomEvent('load'));
    frame = iframe.contentWindow;
    jest.spyOn(frame, 'postMessage');
  }
  let nextId = 1;
  // Sends one request as the Visualforce page would, and returns the component's answer.
  const request = async (method, args = [], { origin = VF, source = frame } = {}) => {
    const id = nextId++;
    window.dispatchEvent(new MessageEvent('message', { data: { protocol: 'leadlens-bridge/1', channel: 'leadlens', id, method, args }, origin, source }));
    for (let i = 0; i < 20; i += 1) {
      await flush();
      const reply = frame.postMessage.mock.calls.map(([message]) => message).find((message) => message.id === id);
      if (reply) return reply;
    }
    return undefined;
  };
  return { element, iframe, frame, request };
}

afterEach(() => {
  while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
  jest.clearAllMocks();
});

it('asks LDS for the mapped fields and frames the Visualforce page with its own origin', async () => {
  const { iframe } = await mount();
  const config = getRecord.getLastConfig();
  expect(config.recordId).toBe(RECORD_ID);
  expect(config.optionalFields).toEqual(expect.arrayContaining(['Lead.Company', 'Lead.Title', 'Lead.Email', 'Lead.LastModifiedDate', 'Lead.LeadLens_Decision_Id__c', 'Lead.Status']));
  expect(iframe.getAttribute('src')).toBe(`${VF}/apex/LeadLensPanel?origin=${encodeURIComponent(window.location.origin)}`);
  expect(iframe.getAttribute('title')).toMatch(/leadlens/);
});

it('serves the lead, mapped to the Lead contract, and the reviewer and version', async () => {
  const { request } = await mount();
  const hello = await request('hello');
  expect(hello).toMatchObject({ protocol: 'leadlens-bridge/1', ok: true, value: { capabilities: { write: true, durableStore: false }, reviewer: '005000000000000000', hasVersion: true, hasLeadChange: true } });
  const lead = await request('readLead');
  expect(lead.value).toEqual({
    id: RECORD_ID,
    created_at: '2026-11-20T10:02:11.000Z',
    company: { name: 'Acme Logistics', domain: 'acmelogistics.com', industry: 'Transportation', employees: 240, annual_revenue: 48000000, country: 'United States' },
    contact: { name: 'Dana Ruiz', email: 'dana@acmelogistics.com', title: 'Director of Operations' },
    source: { channel: 'Web' },
    form: { message: 'Order-to-cash is our bottleneck; we need help this quarter.' },
  });
  expect((await request('version')).value).toBe('2026-11-22T09:00:00.000Z');
});

it('a record change on the page reaches the panel', async () => {
  const { request, frame } = await mount();
  await request('hello');
  await request('readLead');
  getRecord.emit(uiRecord({ Title: 'COO' }, '2026-11-22T10:00:00.000Z'));
  await flush();
  const pushed = frame.postMessage.mock.calls.map(([m]) => m).find((m) => m.event === 'leadChange');
  expect(pushed.lead.contact.title).toBe('COO');
  expect((await request('version')).value).toBe('2026-11-22T10:00:00.000Z');
});

it('writes the decision with If-Unmodified-Since and records it as a Task', async () => {
  const { request } = await mount();
  await request('hello');
  await request('readLead');
  const reply = await request('postDecision', [decision(), '2026-11-22T09:00:00.000Z']);
  expect(reply.value).toEqual({ ok: true });
  expect(updateRecord).toHaveBeenCalledTimes(1);
  expect(updateRecord).toHaveBeenCalledWith(
    {
      fields: {
        Id: RECORD_ID,
        Status: 'Working - Contacted',
        LeadLens_Decision_Id__c: '0190a5f2-0000-7000-8000-000000000001',
        LeadLens_Outcome__c: 'accepted',
        LeadLens_Reason__c: 'good_fit_real_need',
        LeadLens_Fit__c: 84,
        LeadLens_Intent__c: 78,
        LeadLens_Route__c: 'sales_review',
        LeadLens_Model_Version__c: '2026-11-1',
      },
    },
    { ifUnmodifiedSince: '2026-11-22T09:00:00.000Z' },
  );
  expect(createRecord).toHaveBeenCalledTimes(1);
  const [task] = createRecord.mock.calls[0];
  expect(task.apiName).toBe('Task');
  expect(task.fields).toMatchObject({ WhoId: RECORD_ID, Subject: 'leadlens: accepted (good_fit_real_need)', Status: 'Completed', ActivityDate: '2026-11-22', LeadLens_Decision_Id__c: '0190a5f2-0000-7000-8000-000000000001' });
  expect(task.fields.Description).toMatch(/\nleadlens decision 0190a5f2-0000-7000-8000-000000000001$/);
});

it('412: a conflict when someone else changed the lead, after asking LDS for the latest record', async () => {
  const { request } = await mount();
  await request('hello');
  updateRecord.mockRejectedValueOnce({ ok: false, status: 412, statusText: 'Precondition Failed', body: [{ errorCode: 'PRECONDITION_FAILED', message: 'The record was modified' }] });
  notifyRecordUpdateAvailable.mockImplementationOnce(async () => getRecord.emit(uiRecord({ Title: 'COO' }, '2026-11-22T10:00:00.000Z')));
  const reply = await request('postDecision', [decision(), '2026-11-22T09:00:00.000Z']);
  expect(notifyRecordUpdateAvailable).toHaveBeenCalledWith([{ recordId: RECORD_ID }]);
  expect(reply.value).toMatchObject({ ok: false, conflict: true, retryable: false });
  expect(reply.value.message).toMatch(/changed in Salesforce/);
  expect(createRecord).not.toHaveBeenCalled();
});

it('412 caused by its own earlier write (the answer was lost) confirms instead, and the retry adds no second Task', async () => {
  const { request } = await mount();
  await request('hello');
  // First attempt: the save reached Salesforce but the answer did not come back.
  updateRecord.mockRejectedValueOnce({ ok: false, status: undefined, body: { message: 'Failed to fetch' } });
  const lost = await request('postDecision', [decision(), '2026-11-22T09:00:00.000Z']);
  expect(lost.value).toMatchObject({ ok: false, retryable: true });
  expect(lost.value.message).toMatch(/Failed to fetch/);
  // The retry's If-Unmodified-Since fails (our own write moved LastModifiedDate); LDS now has our id.
  updateRecord.mockRejectedValueOnce({ ok: false, status: 412, body: [{ errorCode: 'PRECONDITION_FAILED', message: 'modified' }] });
  notifyRecordUpdateAvailable.mockImplementationOnce(async () =>
    getRecord.emit(uiRecord({ LeadLens_Decision_Id__c: '0190a5f2-0000-7000-8000-000000000001', Status: 'Working - Contacted' }, '2026-11-22T12:05:01.000Z')),
  );
  const retry = await request('postDecision', [decision(), '2026-11-22T09:00:00.000Z']);
  expect(retry.value).toEqual({ ok: true });
  expect(createRecord).toHaveBeenCalledTimes(1);
  // A third post (another tab): the record carries the id, so no update; the Task exists (unique field).
  createRecord.mockRejectedValueOnce({ ok: false, status: 400, body: { message: 'duplicate', output: { errors: [{ errorCode: 'DUPLICATE_VALUE', message: 'duplicate value found: LeadLens_Decision_Id__c' }], fieldErrors: {} } } });
  const again = await request('postDecision', [decision(), '2026-11-22T09:00:00.000Z']);
  expect(again.value).toEqual({ ok: true });
  expect(updateRecord).toHaveBeenCalledTimes(2);
});

it('refusals are final and name the field: validation rules, missing custom fields, permissions', async () => {
  const { request } = await mount();
  await request('hello');
  updateRecord.mockRejectedValueOnce({
    ok: false,
    status: 400,
    body: { message: 'An error occurred', enhancedErrorType: 'RecordError', output: { errors: [], fieldErrors: { LeadLens_Reason__c: [{ errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', message: 'bad value for restricted picklist field: x' }] } } },
  });
  const invalid = await request('postDecision', [decision(), '2026-11-22T09:00:00.000Z']);
  expect(invalid.value).toMatchObject({ ok: false, retryable: false });
  expect(invalid.value.message).toMatch(/INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST: bad value for restricted picklist field: x \(HTTP 400\)/);
  updateRecord.mockRejectedValueOnce({ ok: false, status: 503, body: { message: 'Service Unavailable' } });
  const busy = await request('postDecision', [decision(), '2026-11-22T09:00:00.000Z']);
  expect(busy.value).toMatchObject({ ok: false, retryable: true });
  const junk = await request('postDecision', [{ decision_id: 'x', lead_id: RECORD_ID, outcome: 'maybe' }]);
  expect(junk.value).toMatchObject({ ok: false, retryable: false });
  expect(updateRecord).toHaveBeenCalledTimes(2);
});

it('ignores messages from another origin or another window', async () => {
  const { request } = await mount();
  expect(await request('hello', [], { origin: 'https://evil.example' })).toBeUndefined();
  expect(await request('hello', [], { source: window })).toBeUndefined();
  expect(await request('hello')).toMatchObject({ ok: true });
});

it('without the Visualforce origin it says what to set, and frames nothing', async () => {
  const element = createElement('c-leadlens-panel', { is: LeadlensPanel });
  element.recordId = RECORD_ID;
  document.body.appendChild(element);
  await flush();
  expect(element.shadowRoot.querySelector('iframe')).toBeNull();
  const alert = element.shadowRoot.querySelector('[role="alert"]');
  expect(alert.textContent).toMatch(/Set the Visualforce origin/);
});
