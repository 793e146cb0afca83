// Zoho CRM: a LeadHost for a widget (Zoho's embedded app SDK, `ZOHO.embeddedApp` / `ZOHO.CRM.API`),
// e.g. a related-list or web-tab widget on a Lead. Docs: docs/hosts/zoho.md.
//
// Zoho has no conditional update: a conflict is detected by comparing `Modified_Time` just before
// writing, which can still race with an edit in the same second (documented limitation).

import {
  commonOptions,
  decisionNote,
  decisionProblem,
  decisionValues,
  failure,
  isNoteFor,
  leadFromRecord,
  mergeMap,
  messageOf,
  ok,
} from './common.js';

/** Lead path → Zoho field API name (the standard Leads module), or a function of the record. */
export const ZOHO_LEAD_FIELDS = Object.freeze({
  id: 'id',
  created_at: 'Created_Time',
  'company.name': 'Company',
  'company.domain': 'Website',
  'company.industry': 'Industry',
  'company.employees': 'No_of_Employees',
  'company.annual_revenue': 'Annual_Revenue',
  'company.country': 'Country',
  'contact.name': (record) => record.Full_Name ?? ([record.First_Name, record.Last_Name].filter(Boolean).join(' ') || null),
  'contact.email': 'Email',
  'contact.title': 'Designation',
  'contact.phone': 'Phone',
  'source.channel': 'Lead_Source',
  'form.message': 'Description',
  // Email_Opt_Out is a checkbox: ticked means no email; unticked says nothing about consent.
  'consent.email': (record) => (record.Email_Opt_Out === true ? false : null),
});

/**
 * Decision part → Zoho field API name. `Lead_Status` is standard; the `LeadLens_*` fields are
 * custom fields you create on the Leads module (docs/hosts/zoho.md); set any to null to skip it.
 */
export const ZOHO_DECISION_FIELDS = Object.freeze({
  status: 'Lead_Status',
  decision_id: 'LeadLens_Decision_Id',
  outcome: 'LeadLens_Outcome',
  reason_code: 'LeadLens_Reason',
  fit: 'LeadLens_Fit',
  intent: 'LeadLens_Intent',
  route: 'LeadLens_Route',
  model_version: 'LeadLens_Model_Version',
});

/** `Lead_Status` values of the standard picklist for each outcome. */
export const ZOHO_STATUS = Object.freeze({
  accepted: 'Pre-Qualified',
  rejected: 'Not Qualified',
  recycled: 'Contact in Future',
});

// Zoho's answer to one record operation: `{ data: [{ code, status, message, details }] }`.
function firstResult(response) {
  return Array.isArray(response?.data) ? response.data[0] : undefined;
}

// Codes that mean "try later"; every other error code (INVALID_DATA, MANDATORY_NOT_FOUND,
// NO_PERMISSION, …) will fail the same way again.
const RETRYABLE_CODES = new Set(['INTERNAL_ERROR', 'TOO_MANY_REQUESTS', 'LIMIT_EXCEEDED', 'REQUEST_LIMIT_EXCEEDED']);

function refusal(what, result) {
  const code = result?.code ?? 'no answer';
  const detail = result?.message ? `: ${result.message}` : '';
  return failure(`Zoho CRM refused ${what} (${code}${detail})`, { retryable: RETRYABLE_CODES.has(code) });
}

/**
 * A LeadHost for a Zoho CRM widget.
 *
 * @param {import('./zoho.d.ts').ZohoHostOptions} options
 * @returns {import('./zoho.d.ts').ZohoHost}
 */
export function zohoHost(options = {}) {
  const where = 'zohoHost';
  if (options === null || typeof options !== 'object') throw new TypeError(`${where}: expected an options object`);
  const sdk = options.sdk ?? globalThis.ZOHO;
  const api = sdk?.CRM?.API;
  for (const method of ['getRecord', 'updateRecord']) {
    if (typeof api?.[method] !== 'function') {
      throw new TypeError(`${where}: \`sdk.CRM.API.${method}\` is missing: load Zoho's embedded app SDK or pass \`sdk\``);
    }
  }
  const entity = options.entity ?? options.page?.Entity ?? 'Leads';
  let recordId = options.recordId ?? options.page?.EntityId;
  if (Array.isArray(recordId)) {
    if (recordId.length !== 1) throw new TypeError(`${where}: the page has ${recordId.length} records selected; a panel shows one`);
    [recordId] = recordId;
  }
  if (!((typeof recordId === 'string' && recordId !== '') || Number.isInteger(recordId))) {
    throw new TypeError(`${where}: no record: pass \`page\` (the PageLoad data) or \`recordId\``);
  }
  recordId = String(recordId);
  const fields = mergeMap(ZOHO_LEAD_FIELDS, options.fields, where, 'fields');
  const write = mergeMap(ZOHO_DECISION_FIELDS, options.decisionFields, where, 'decisionFields');
  const status = { ...ZOHO_STATUS, ...(options.status ?? {}) };
  const notes = options.notes !== false;
  if (notes && typeof api.addNotes !== 'function') {
    throw new TypeError(`${where}: \`sdk.CRM.API.addNotes\` is missing (or pass \`notes: false\`)`);
  }
  const trigger = options.trigger ?? ['workflow'];
  const store = commonOptions(options, where, `leadlens-zoho:${entity}`);
  let seenVersion;
  // Zoho tells a widget nothing when its record changes; the one change it can know of is its own
  // write, after which the record is re-read so the panel shows (and later checks against) the
  // new Modified_Time.
  const listeners = new Set();

  async function fetchRecord(id) {
    const response = await api.getRecord({ Entity: entity, RecordID: id });
    const record = firstResult(response);
    return record && typeof record === 'object' && record.id !== undefined ? record : null;
  }

  async function hasNote(id, decisionId) {
    if (typeof api.getRelatedRecords !== 'function') return false;
    const response = await api.getRelatedRecords({ Entity: entity, RecordID: id, RelatedList: 'Notes', page: 1, per_page: 200 });
    return (Array.isArray(response?.data) ? response.data : []).some((note) => isNoteFor(note?.Note_Content, decisionId));
  }

  const host = {
    capabilities: Object.freeze({ write: true, durableStore: store !== null }),
    entity,
    recordId,

    async readLead() {
      const record = await fetchRecord(recordId);
      if (!record) throw new Error(`Zoho CRM has no ${entity} record ${recordId} (or this user cannot see it)`);
      seenVersion = typeof record.Modified_Time === 'string' ? record.Modified_Time : undefined;
      const lead = leadFromRecord(record, fields);
      lead.id = String(record.id);
      return lead;
    },

    /** `Modified_Time` of the record as last read. */
    version() {
      return seenVersion;
    },

    /** Called with the re-read lead after this host wrote a decision to the record on the page. */
    onLeadChange(callback) {
      if (typeof callback !== 'function') throw new TypeError(`${where}: onLeadChange needs a function`);
      listeners.add(callback);
      return () => listeners.delete(callback);
    },

    async postDecision(decision, expectedVersion) {
      const problem = decisionProblem(decision);
      if (problem) return failure(`Not posted: ${problem}`);
      const id = String(decision.lead_id);
      const decisionIdField = write.decision_id;
      try {
        const record = await fetchRecord(id);
        if (!record) return failure(`Zoho CRM has no ${entity} record ${id} (or this user cannot see it)`);
        if (decisionIdField && record[decisionIdField] === String(decision.decision_id)) return ok();
        if (expectedVersion !== undefined && expectedVersion !== null && record.Modified_Time !== expectedVersion) {
          return failure(
            `The record changed in Zoho CRM since it was scored (modified ${record.Modified_Time ?? 'at an unknown time'}); reload it and decide again`,
            { conflict: true },
          );
        }
        if (notes && !(await hasNote(id, decision.decision_id))) {
          const note = decisionNote(decision);
          const added = firstResult(await api.addNotes({ Entity: entity, RecordID: id, Title: note.title, Content: note.body }));
          if (added?.code !== 'SUCCESS') return refusal('the note', added);
        }
        const values = decisionValues(decision, write, status);
        const updated = firstResult(await api.updateRecord({ Entity: entity, APIData: { id, ...values }, Trigger: trigger }));
        if (updated?.code !== 'SUCCESS') return refusal('the update', updated);
        if (id === recordId && listeners.size > 0) notifyChange();
        return ok();
      } catch (error) {
        // The SDK rejects when the CRM frame does not answer (`'timeout'`) or the call failed on
        // the way: the write may or may not have happened, and a retry is safe (step 1 and 3).
        return failure(`Zoho CRM did not answer: ${messageOf(error)}`, { retryable: true });
      }
    },
  };
  function notifyChange() {
    host.readLead().then(
      (lead) => {
        for (const listener of listeners) listener(lead);
      },
      () => {}, // the panel keeps the lead it has; its next read reports the problem
    );
  }
  if (store) host.store = store;
  if (options.reviewer != null) host.reviewer = options.reviewer;
  return host;
}

/**
 * Waits for Zoho's PageLoad, initialises the SDK and returns the host for the record on the page.
 * The reviewer is the signed-in Zoho user unless `options.reviewer` says otherwise.
 * @param {Omit<import('./zoho.d.ts').ZohoHostOptions, 'page' | 'recordId'>} [options]
 */
export function connectZoho(options = {}) {
  const sdk = options.sdk ?? globalThis.ZOHO;
  if (typeof sdk?.embeddedApp?.on !== 'function' || typeof sdk?.embeddedApp?.init !== 'function') {
    return Promise.reject(new TypeError('connectZoho: `ZOHO.embeddedApp` is missing: load Zoho\'s embedded app SDK first'));
  }
  return new Promise((resolve, reject) => {
    sdk.embeddedApp.on('PageLoad', (page) => {
      (async () => {
        let reviewer = options.reviewer;
        if (reviewer == null && typeof sdk.CRM?.CONFIG?.getCurrentUser === 'function') {
          const answer = await sdk.CRM.CONFIG.getCurrentUser();
          const user = Array.isArray(answer?.users) ? answer.users[0] : answer;
          if (user?.id !== undefined && user?.id !== null) reviewer = String(user.id);
        }
        return zohoHost({ ...options, sdk, page, reviewer });
      })().then(resolve, reject);
    });
    Promise.resolve(sdk.embeddedApp.init()).catch(reject);
  });
}
