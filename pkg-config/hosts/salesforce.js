// Salesforce Lightning: a LeadHost over Lightning Data Service (`lightning/uiRecordApi`), for a
// Lightning Web Component on a Lead record page. Docs: docs/hosts/salesforce.md.
//
// The component passes in what only it can import — `updateRecord`, `createRecord`,
// `notifyRecordUpdateAvailable` — and feeds the record from its `@wire(getRecord)` into
// `setRecord`. Lightning Web Security blocks the WebAssembly API inside components, so the panel
// itself runs in an iframe (a Visualforce page) and reaches this host through
// `leadlens/hosts/bridge` (`serveHost` here, `connectBridge` there).
//
// The decision is written with `updateRecord(…, { ifUnmodifiedSince })`: Salesforce refuses it with
// 412 when the record changed since the reviewer saw it — a real conditional update. The Task that
// records the decision carries the decision id in a unique external-id field, so creating it twice
// fails with DUPLICATE_VALUE instead of duplicating it.

import { decisionNote, decisionProblem, decisionValues, failure, failureForStatus, leadFromRecord, mergeMap, messageOf, ok, commonOptions } from './common.js';

/** Lead path → Lead field API name, or a function of the record (field values by API name). */
export const SALESFORCE_LEAD_FIELDS = Object.freeze({
  id: 'Id',
  created_at: 'CreatedDate',
  'company.name': 'Company',
  'company.domain': 'Website',
  'company.industry': 'Industry',
  'company.employees': 'NumberOfEmployees',
  'company.annual_revenue': 'AnnualRevenue',
  'company.country': 'Country',
  'contact.name': 'Name',
  'contact.email': 'Email',
  'contact.title': 'Title',
  'contact.phone': 'Phone',
  'source.channel': 'LeadSource',
  'form.message': 'Description',
  // HasOptedOutOfEmail ticked means no email; unticked says nothing about consent.
  'consent.email': (record) => (record.HasOptedOutOfEmail === true ? false : null),
});

/** Decision part → Lead field API name (the `LeadLens_*__c` fields are custom; null skips one). */
export const SALESFORCE_DECISION_FIELDS = Object.freeze({
  status: 'Status',
  decision_id: 'LeadLens_Decision_Id__c',
  outcome: 'LeadLens_Outcome__c',
  reason_code: 'LeadLens_Reason__c',
  fit: 'LeadLens_Fit__c',
  intent: 'LeadLens_Intent__c',
  route: 'LeadLens_Route__c',
  model_version: 'LeadLens_Model_Version__c',
});

/** Lead `Status` values of the default picklist. */
export const SALESFORCE_STATUS = Object.freeze({
  accepted: 'Working - Contacted',
  rejected: 'Closed - Not Converted',
  recycled: 'Open - Not Contacted',
});

/** The Task field (External ID, Unique) that holds the decision id. */
export const SALESFORCE_TASK_DECISION_FIELD = 'LeadLens_Decision_Id__c';

/**
 * The qualified field names the component's `@wire(getRecord)` must ask for (as `optionalFields`,
 * so a field the org lacks or the user cannot read does not fail the whole record).
 */
export function salesforceFieldNames({ objectApiName = 'Lead', fields, decisionFields } = {}) {
  const names = new Set(['Id', 'LastModifiedDate']);
  for (const source of Object.values(mergeMap(SALESFORCE_LEAD_FIELDS, fields, 'salesforceFieldNames', 'fields'))) {
    if (typeof source === 'string') names.add(source);
  }
  // Functions read fields too: the default consent rule reads HasOptedOutOfEmail.
  names.add('HasOptedOutOfEmail');
  const write = mergeMap(SALESFORCE_DECISION_FIELDS, decisionFields, 'salesforceFieldNames', 'decisionFields');
  if (typeof write.decision_id === 'string') names.add(write.decision_id);
  if (typeof write.status === 'string') names.add(write.status);
  return [...names].map((name) => `${objectApiName}.${name}`);
}

/** A UI API record (`{ fields: { Name: { value } }, lastModifiedDate }`) as field → value. */
function flatten(record) {
  const flat = {};
  for (const [name, field] of Object.entries(record?.fields ?? {})) {
    flat[name] = field !== null && typeof field === 'object' && 'value' in field ? field.value : field;
  }
  if (record?.id !== undefined && flat.Id === undefined) flat.Id = record.id;
  return flat;
}

/** The error codes in an LDS rejection (`body` is an array, or `{ output: { errors, fieldErrors } }`). */
function errorCodes(error) {
  const body = error?.body;
  const items = [];
  if (Array.isArray(body)) items.push(...body);
  if (body && typeof body === 'object') {
    items.push(...(body.output?.errors ?? []));
    for (const list of Object.values(body.output?.fieldErrors ?? {})) items.push(...(Array.isArray(list) ? list : []));
  }
  return items.map((item) => ({ code: String(item?.errorCode ?? ''), message: String(item?.message ?? '') }));
}

function ldsMessage(error) {
  const codes = errorCodes(error);
  if (codes.length > 0) return codes.map(({ code, message }) => (code ? `${code}: ${message}` : message)).join('; ');
  return error?.body?.message ?? messageOf(error);
}

/**
 * A LeadHost for a Salesforce record page.
 * @param {import('./salesforce.d.ts').SalesforceHostOptions} options
 * @returns {import('./salesforce.d.ts').SalesforceHost}
 */
export function salesforceHost(options) {
  const where = 'salesforceHost';
  if (options === null || typeof options !== 'object') throw new TypeError(`${where}: expected an options object`);
  const { recordId, objectApiName = 'Lead', updateRecord, createRecord, notifyRecordUpdateAvailable } = options;
  if (typeof recordId !== 'string' || recordId === '') throw new TypeError(`${where}: \`recordId\` must be the record's id`);
  if (typeof updateRecord !== 'function') throw new TypeError(`${where}: \`updateRecord\` must be lightning/uiRecordApi's updateRecord`);
  const tasks = options.tasks !== false;
  if (tasks && typeof createRecord !== 'function') throw new TypeError(`${where}: \`createRecord\` must be lightning/uiRecordApi's createRecord (or pass \`tasks: false\`)`);
  const fields = mergeMap(SALESFORCE_LEAD_FIELDS, options.fields, where, 'fields');
  const write = mergeMap(SALESFORCE_DECISION_FIELDS, options.decisionFields, where, 'decisionFields');
  const status = { ...SALESFORCE_STATUS, ...(options.status ?? {}) };
  const taskDecisionField = options.taskDecisionField === undefined ? SALESFORCE_TASK_DECISION_FIELD : options.taskDecisionField;
  const store = commonOptions(options, where, `leadlens-salesforce:${objectApiName}`);
  const refreshTimeoutMs = options.refreshTimeoutMs ?? 5000;

  let current = null; // the latest record from the wire, flattened
  let shownVersion;
  const waiting = new Set(); // resolvers waiting for the next record
  const listeners = new Set();

  const toLead = (flat) => {
    const lead = leadFromRecord(flat, fields);
    lead.id = String(flat.Id ?? recordId);
    return lead;
  };
  const versionOf = (record, flat) => record?.lastModifiedDate ?? flat.LastModifiedDate ?? undefined;

  // The record as the wire has it now, re-fetched by LDS first when the component gave us a way.
  async function freshRecord() {
    if (typeof notifyRecordUpdateAvailable !== 'function') return current;
    const next = new Promise((resolve) => {
      waiting.add(resolve);
      setTimeout(() => {
        waiting.delete(resolve);
        resolve(current);
      }, refreshTimeoutMs);
    });
    await notifyRecordUpdateAvailable([{ recordId }]);
    return next;
  }

  async function createTask(decision) {
    const note = decisionNote(decision);
    const taskFields = {
      WhoId: String(decision.lead_id),
      Subject: note.title.slice(0, 255),
      Description: note.body,
      Status: 'Completed',
      Priority: 'Normal',
      ActivityDate: String(decision.decided_at ?? '').slice(0, 10) || undefined,
    };
    if (taskDecisionField) taskFields[taskDecisionField] = String(decision.decision_id);
    try {
      await createRecord({ apiName: 'Task', fields: taskFields });
      return ok();
    } catch (error) {
      // The unique decision-id field: this decision's Task exists already (an answer was lost).
      if (taskDecisionField && errorCodes(error).some(({ code }) => code === 'DUPLICATE_VALUE')) return ok();
      return failureForStatus(error?.status ?? 0, `Salesforce did not create the Task: ${ldsMessage(error)}`);
    }
  }

  const host = {
    capabilities: Object.freeze({ write: true, durableStore: store !== null }),
    recordId,
    objectApiName,

    /** The component's `@wire(getRecord)` data, each time it arrives. */
    setRecord(record) {
      if (record === null || typeof record !== 'object') return;
      const flat = flatten(record);
      const first = current === null;
      current = { flat, version: versionOf(record, flat) };
      for (const resolve of waiting) resolve(current);
      waiting.clear();
      if (!first) {
        shownVersion = current.version;
        const lead = toLead(flat);
        for (const listener of listeners) listener(lead);
      }
    },

    async readLead() {
      const record = current ?? (await new Promise((resolve) => waiting.add(resolve)));
      shownVersion = record.version;
      return toLead(record.flat);
    },

    /** `LastModifiedDate` of the record as last handed to the panel. */
    version() {
      return shownVersion;
    },

    onLeadChange(callback) {
      if (typeof callback !== 'function') throw new TypeError(`${where}: onLeadChange needs a function`);
      listeners.add(callback);
      return () => listeners.delete(callback);
    },

    async postDecision(decision, expectedVersion) {
      const problem = decisionProblem(decision);
      if (problem) return failure(`Not posted: ${problem}`);
      const id = String(decision.lead_id);
      const decisionId = String(decision.decision_id);
      const onRecord = (record) => Boolean(write.decision_id && record && id === recordId && record.flat[write.decision_id] === decisionId);
      if (!onRecord(current)) {
        const values = decisionValues(decision, write, status);
        try {
          await updateRecord({ fields: { Id: id, ...values } }, expectedVersion ? { ifUnmodifiedSince: expectedVersion } : undefined);
        } catch (error) {
          if (error?.status === 412) {
            // Changed since the reviewer saw it — unless the change is this decision, applied by
            // an earlier attempt whose answer was lost.
            if (onRecord(await freshRecord())) return tasks ? createTask(decision) : ok();
            return failure('The lead changed in Salesforce since it was scored; reload it and decide again', { conflict: true });
          }
          return failureForStatus(error?.status ?? 0, `Salesforce did not save the decision: ${ldsMessage(error)}`);
        }
      }
      return tasks ? createTask(decision) : ok();
    },
  };
  if (store) host.store = store;
  if (options.reviewer != null) host.reviewer = options.reviewer;
  return host;
}
