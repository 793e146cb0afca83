// The lead form's web resource (webresources/leadlens_form.js → leadlens/hosts/dynamics) against
// xrm-mock, the community mock of the form scripting API: attributes made with
// XrmMockGenerator.Attribute.create*, changes fired with fireOnChange, saves through
// data.entity.save(). xrm-mock does not implement Xrm.WebApi ("WebApi methods not implemented"),
// so its four calls are stubbed here with the documented answer shapes, and the Web API PATCH goes
// to a fake fetch that honours If-Match (204, or 412 for a stale ETag).
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

import { formHost } from '../webresources/leadlens_form.js';

const require = createRequire(import.meta.url);
const { XrmMockGenerator, IframeControlMock } = require('xrm-mock');

const ID = '7f2e9c4a-1b3d-4e5f-8a6b-0c1d2e3f4a01';
const CLIENT_URL = 'https://contoso.crm4.dynamics.com';

/** Dataverse as the stubs see it: one lead row, its notes, and every call made. */
let server;
let calls;

function stubWebApi() {
  server = { versionnumber: 4700001, row: { leadid: ID, modifiedon: '2026-11-22T09:00:00Z', new_leadlensdecisionid: null }, notes: [] };
  calls = [];
  const etag = () => `W/"${server.versionnumber}"`;
  const touch = (values) => {
    Object.assign(server.row, values, { modifiedon: '2026-11-22T09:05:00Z' });
    server.versionnumber += 1;
  };
  Xrm.WebApi.retrieveRecord = async (table, id, query) => {
    calls.push(['retrieveRecord', table, id, query]);
    const columns = query.replace('?$select=', '').split(',');
    return { '@odata.etag': etag(), leadid: ID, ...Object.fromEntries(columns.map((c) => [c, server.row[c] ?? null])) };
  };
  Xrm.WebApi.retrieveMultipleRecords = async (table, query) => {
    calls.push(['retrieveMultipleRecords', table, query]);
    const needle = /contains\(notetext,'(.*)'\)/.exec(query)[1];
    return { entities: server.notes.filter((n) => n.notetext.includes(needle)).map((n) => ({ annotationid: n.id, notetext: n.notetext })) };
  };
  Xrm.WebApi.createRecord = async (table, data) => {
    calls.push(['createRecord', table, data]);
    const id = `00000000-0000-4000-8000-00000000000${server.notes.length + 1}`;
    server.notes.push({ id, ...data });
    return { entityType: table, id };
  };
  Xrm.WebApi.updateRecord = async (table, id, data) => {
    calls.push(['updateRecord', table, id, data]);
    touch(data);
    return { entityType: table, id };
  };
  /** The Web API's PATCH with If-Match: 204 when the ETag is current, 412 when it is not. */
  const fetch = async (url, init) => {
    calls.push(['fetch', url, init.method, init.headers, JSON.parse(init.body)]);
    if (init.headers['If-Match'] !== etag()) {
      return new Response(JSON.stringify({ error: { code: '', message: "The version of the existing record doesn't match the RowVersion property provided." } }), {
        status: 412,
        headers: { 'Content-Type': 'application/json; odata.metadata=minimal' },
      });
    }
    touch(JSON.parse(init.body));
    return new Response(null, { status: 204 });
  };
  return fetch;
}

let fetch;
beforeEach(() => {
  XrmMockGenerator.initialise({ entity: { id: `{${ID.toUpperCase()}}`, entityName: 'lead' } });
  XrmMockGenerator.context.clientUrl = CLIENT_URL;
  const A = XrmMockGenerator.Attribute;
  A.createDate('createdon', new Date('2026-11-20T10:02:11Z'));
  A.createString('firstname', 'Dana');
  A.createString('lastname', 'Ruiz');
  A.createString('fullname', 'Dana Ruiz');
  A.createString('companyname', 'Acme Logistics');
  A.createString('websiteurl', 'acmelogistics.com');
  A.createOptionSet('industrycode', 30, [
    { text: 'Transportation', value: 30 },
    { text: 'Wholesale', value: 33 },
  ]);
  A.createNumber('numberofemployees', 240);
  A.createNumber('revenue', 48000000);
  A.createString('address1_country', 'United States');
  A.createString('emailaddress1', 'dana@acmelogistics.com');
  A.createString('jobtitle', 'Director of Operations');
  A.createString('telephone1', '+1 555 0100');
  A.createOptionSet('leadsourcecode', 8, [
    { text: 'Web', value: 8 },
    { text: 'Trade Show', value: 7 },
  ]);
  A.createOptionSet('leadqualitycode'); // on the form, empty
  A.createString('description', 'Our order-to-cash process is a bottleneck. We need help this quarter.');
  A.createBoolean('donotemail', false);
  fetch = stubWebApi();
});

const decision = (overrides = {}) => ({
  decision_id: '0190a5f2-0000-7000-8000-000000000001',
  lead_id: ID,
  outcome: 'accepted',
  reason_code: 'good_fit_real_need',
  reviewer: 'dana',
  decided_at: '2026-11-22T12:05:00.000Z',
  score_snapshot: { fit: 84, intent: 78, route: 'sales_review', model_version: '2026-11-1' },
  ...overrides,
});

test('the form host reads the attributes xrm-mock holds; the version is the row ETag', async () => {
  const host = formHost(Xrm, XrmMockGenerator.getFormContext(), { fetch, store: null });
  assert.equal(host.recordId, ID);
  assert.equal(host.reviewer, '00000000-0000-0000-0000-000000000000', "xrm-mock's signed-in user");
  assert.deepEqual(await host.readLead(), {
    id: ID,
    created_at: '2026-11-20T10:02:11.000Z',
    company: { name: 'Acme Logistics', domain: 'acmelogistics.com', industry: 'Transportation', employees: 240, annual_revenue: 48000000, country: 'United States' },
    contact: { name: 'Dana Ruiz', email: 'dana@acmelogistics.com', title: 'Director of Operations', phone: '+1 555 0100' },
    source: { channel: 'Web' },
    form: { message: 'Our order-to-cash process is a bottleneck. We need help this quarter.' },
  });
  assert.equal(host.version(), 'W/"4700001"');
  assert.deepEqual(calls, [['retrieveRecord', 'lead', ID, '?$select=modifiedon']]);
});

test('fireOnChange on a mapped attribute tells the panel the edited lead; a save re-reads the version', async () => {
  const formContext = XrmMockGenerator.getFormContext();
  const host = formHost(Xrm, formContext, { fetch, store: null });
  await host.readLead();
  const seen = [];
  const stop = host.onLeadChange((lead) => seen.push([lead.company.industry, lead.contact.title, host.version()]));
  formContext.getAttribute('industrycode').setValue(33);
  formContext.getAttribute('industrycode').fireOnChange();
  formContext.getAttribute('jobtitle').setValue('COO');
  formContext.getAttribute('jobtitle').fireOnChange();
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(seen, [['Wholesale', 'COO', 'W/"4700001"']], 'one re-score for both edits, at the version read');

  server.versionnumber += 1; // the save wrote the row
  formContext.data.entity.save();
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(seen[1], ['Wholesale', 'COO', 'W/"4700002"']);
  stop();
  formContext.getAttribute('jobtitle').fireOnChange();
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(seen.length, 2, 'unsubscribed');
});

test('a decision: a note through Xrm.WebApi, then the PATCH with If-Match through fetch', async () => {
  const host = formHost(Xrm, XrmMockGenerator.getFormContext(), { fetch, store: null, refreshForm: false });
  await host.readLead();
  assert.deepEqual(await host.postDecision(decision(), host.version()), { ok: true });
  assert.deepEqual(
    calls.slice(1, 4).map((c) => c.slice(0, 3)),
    [
      ['retrieveRecord', 'lead', ID],
      ['retrieveMultipleRecords', 'annotation', `?$select=annotationid,notetext&$filter=_objectid_value eq ${ID} and contains(notetext,'leadlens decision 0190a5f2-0000-7000-8000-000000000001')`],
      ['createRecord', 'annotation', calls[3][2]],
    ],
  );
  assert.equal(calls[1][3], '?$select=new_leadlensdecisionid,modifiedon');
  assert.equal(calls[3][2]['objectid_lead@odata.bind'], `/leads(${ID})`);
  assert.equal(calls[3][2].subject, 'leadlens: accepted (good_fit_real_need)');
  assert.deepEqual(calls[4], [
    'fetch',
    `${CLIENT_URL}/api/data/v9.2/leads(${ID})`,
    'PATCH',
    {
      Accept: 'application/json',
      'Content-Type': 'application/json; charset=utf-8',
      'OData-MaxVersion': '4.0',
      'OData-Version': '4.0',
      'If-Match': 'W/"4700001"',
    },
    {
      leadqualitycode: 1,
      new_leadlensdecisionid: '0190a5f2-0000-7000-8000-000000000001',
      new_leadlensoutcome: 'accepted',
      new_leadlensreason: 'good_fit_real_need',
      new_leadlensfit: 84,
      new_leadlensintent: 78,
      new_leadlensroute: 'sales_review',
      new_leadlensmodelversion: '2026-11-1',
    },
  ]);
  assert.equal(server.row.new_leadlensdecisionid, '0190a5f2-0000-7000-8000-000000000001');
  // Posted again (the outbox after a lost answer): the row says done, nothing is written twice.
  const before = calls.length;
  assert.deepEqual(await host.postDecision(decision(), 'W/"4700001"'), { ok: true });
  assert.deepEqual(calls.slice(before).map((c) => c[0]), ['retrieveRecord']);
  assert.equal(server.notes.length, 1);
});

test('a row saved by someone else between the read and the PATCH: 412 is a conflict', async () => {
  const host = formHost(Xrm, XrmMockGenerator.getFormContext(), { fetch, store: null });
  await host.readLead();
  const create = Xrm.WebApi.createRecord;
  Xrm.WebApi.createRecord = async (...args) => {
    const answer = await create(...args);
    server.versionnumber += 1; // another user's save lands now
    return answer;
  };
  const result = await host.postDecision(decision(), host.version());
  assert.deepEqual([result.ok, result.conflict, result.retryable], [false, true, false]);
  assert.match(result.message, /changed in Dynamics 365 while the decision was being saved.*HTTP 412/);
  assert.equal(server.row.new_leadlensdecisionid, null, 'not overwritten');

  // An edit before the post is caught by the version check: nothing is written at all.
  Xrm.WebApi.createRecord = create;
  const stale = await host.postDecision(decision({ decision_id: 'd-2' }), 'W/"4700001"');
  assert.deepEqual([stale.ok, stale.conflict], [false, true]);
  assert.equal(calls.at(-1)[0], 'retrieveRecord');
});

test('concurrency "none": Xrm.WebApi.updateRecord; its rejections ({ errorCode, message }) are sorted', async () => {
  const host = formHost(Xrm, XrmMockGenerator.getFormContext(), { concurrency: 'none', timeline: false, store: null });
  await host.readLead();
  assert.deepEqual(await host.postDecision(decision({ outcome: 'recycled', reason_code: 'no_budget_now' }), host.version()), { ok: true });
  assert.deepEqual(calls.at(-1), [
    'updateRecord',
    'lead',
    ID,
    {
      leadqualitycode: 2,
      new_leadlensdecisionid: '0190a5f2-0000-7000-8000-000000000001',
      new_leadlensoutcome: 'recycled',
      new_leadlensreason: 'no_budget_now',
      new_leadlensfit: 84,
      new_leadlensintent: 78,
      new_leadlensroute: 'sales_review',
      new_leadlensmodelversion: '2026-11-1',
    },
  ]);
  // As the form's client rejects: a Dataverse error code (signed, as some clients give it).
  Xrm.WebApi.updateRecord = () => Promise.reject({ errorCode: -2147220960, message: 'Principal user is missing prvWriteLead privilege' });
  const denied = await host.postDecision(decision({ decision_id: 'd-3' }), undefined);
  assert.deepEqual([denied.ok, denied.retryable], [false, false]);
  assert.match(denied.message, /refused the update \(0x80040220: Principal user is missing prvWriteLead privilege\)/);
  Xrm.WebApi.updateRecord = () => Promise.reject({ errorCode: 2147951394, message: 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.' });
  const throttled = await host.postDecision(decision({ decision_id: 'd-4' }), undefined);
  assert.deepEqual([throttled.ok, throttled.retryable], [false, true]);
  Xrm.WebApi.updateRecord = () => Promise.reject(new TypeError('Failed to fetch'));
  const lost = await host.postDecision(decision({ decision_id: 'd-5' }), undefined);
  assert.deepEqual([lost.ok, lost.retryable], [false, true]);
});

test("the form's OnLoad (leadlens_onload.js) hands Xrm and the form context to the web resource", async () => {
  // The form library is a classic script: run it as the form would.
  vm.runInThisContext(readFileSync(new URL('../webresources/leadlens_onload.js', import.meta.url), 'utf8'));
  const formContext = XrmMockGenerator.getFormContext();
  const handed = [];
  const control = new IframeControlMock({ name: 'WebResource_leadlens' });
  // xrm-mock leaves getContentWindow unimplemented; the web resource's window is this object.
  control.getContentWindow = async () => ({ setClientApiContext: (xrm, fc) => handed.push([xrm, fc]) });
  formContext.ui.controls.push(control);
  await globalThis.LeadLens.onLoad(XrmMockGenerator.getEventContext());
  assert.equal(handed.length, 1);
  assert.equal(handed[0][0], Xrm);
  assert.equal(handed[0][1], formContext);
  // The web resource's own hand-off is what leadlens_form.js defines.
  assert.equal(typeof globalThis.setClientApiContext, 'function');
  // A form without the web resource: nothing to do, no error.
  XrmMockGenerator.initialise();
  assert.equal(await globalThis.LeadLens.onLoad(XrmMockGenerator.getEventContext()), undefined);
});
