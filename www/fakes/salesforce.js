// A fake of the parts of Salesforce's Lightning Data Service (`lightning/uiRecordApi`) a record
// page component uses, for the demo page (www/salesforce.html). The vendor's own stubs
// (@salesforce/sfdx-lwc-jest) test the component itself in examples/salesforce; this fake follows
// the same documented shapes so the adapter can run in a real browser:
//   a wire of UI API records `{ apiName, id, fields: { Name: { value, displayValue } },
//     lastModifiedDate }`, re-delivered after every change (`subscribe(recordId, callback)`);
//   updateRecord({ fields: { Id, … } }, { ifUnmodifiedSince }) → the record, or rejects like LDS:
//     `{ ok: false, status, statusText, body }` — 412 when LastModifiedDate is later than
//     ifUnmodifiedSince, 400 with `body.output.fieldErrors` for an unknown field;
//   createRecord({ apiName: 'Task', fields }) → `{ id, apiName, fields }`; a unique field
//     (the Task's LeadLens_Decision_Id__c) refuses a second value with DUPLICATE_VALUE;
//   notifyRecordUpdateAvailable([{ recordId }]) → the wire re-delivers.

export const SALESFORCE_MODES = Object.freeze(['online', 'offline', 'timeout', 'error']);

const clone = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/**
 * @param {{ records: Record<string, unknown>[], fields?: string[], taskUnique?: string, start?: string }} options
 *   `records`: Leads as field → value (`Id` required); `fields`: API names that exist besides the
 *   records' own.
 */
export function createLdsFake(options) {
  let clock = Date.parse(options.start ?? '2026-11-22T09:00:00Z');
  const tick = () => new Date((clock += 1000)).toISOString();
  const records = new Map();
  const known = new Set(options.fields ?? []);
  for (const input of options.records) {
    const record = { LastModifiedDate: new Date(clock).toISOString(), ...clone(input) };
    for (const key of Object.keys(record)) known.add(key);
    records.set(String(record.Id), record);
  }
  const taskUnique = options.taskUnique ?? 'LeadLens_Decision_Id__c';
  const tasks = [];
  const calls = [];
  const wires = new Map(); // recordId → Set(callback)
  const listeners = new Set();
  let mode = 'online';
  let nextTask = 1;

  const uiRecord = (record) => {
    const fields = {};
    for (const [name, value] of Object.entries(record)) fields[name] = { value, displayValue: null };
    return { apiName: 'Lead', id: record.Id, fields, lastModifiedDate: record.LastModifiedDate, systemModstamp: record.LastModifiedDate };
  };
  const deliver = (id) => {
    const record = records.get(id);
    for (const callback of wires.get(id) ?? []) setTimeout(() => callback(uiRecord(clone(record))), 0);
  };
  const emit = (change) => {
    for (const listener of listeners) listener(change);
  };
  const reject = (status, statusText, body) => Promise.reject({ ok: false, status, statusText, body });

  async function write(name, args, apply) {
    calls.push({ name, args: clone(args) });
    await new Promise((resolve) => setTimeout(resolve, 60));
    if (mode === 'offline') return reject(undefined, '', { message: 'Failed to fetch' });
    if (mode === 'error') return reject(403, 'Forbidden', [{ errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY', message: 'insufficient access rights on object id' }]);
    const result = await apply();
    if (mode === 'timeout') return reject(undefined, '', { message: 'Failed to fetch' }); // applied; the answer is lost
    return result;
  }

  const lds = {
    updateRecord(recordInput, clientOptions) {
      return write('updateRecord', { recordInput, clientOptions }, () => {
        const id = String(recordInput?.fields?.Id ?? '');
        const record = records.get(id);
        if (!record) return reject(404, 'Not Found', [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
        const since = clientOptions?.ifUnmodifiedSince;
        if (since && Date.parse(record.LastModifiedDate) > Date.parse(since)) {
          return reject(412, 'Precondition Failed', [{ errorCode: 'PRECONDITION_FAILED', message: 'The requested record was modified after the If-Unmodified-Since date' }]);
        }
        const unknown = Object.keys(recordInput.fields).filter((name) => !known.has(name));
        if (unknown.length > 0) {
          return reject(400, 'Bad Request', { message: 'An error occurred while trying to update the record.', output: { errors: [], fieldErrors: Object.fromEntries(unknown.map((n) => [n, [{ errorCode: 'INVALID_FIELD', message: `No such column '${n}' on sobject of type Lead` }]])) } });
        }
        Object.assign(record, clone(recordInput.fields), { LastModifiedDate: tick() });
        emit({ type: 'update', id });
        deliver(id);
        return uiRecord(clone(record));
      });
    },
    createRecord(recordInput) {
      return write('createRecord', { recordInput }, () => {
        const fields = recordInput?.fields ?? {};
        if (recordInput?.apiName !== 'Task') return reject(400, 'Bad Request', [{ errorCode: 'INVALID_TYPE', message: 'only Tasks here' }]);
        if (fields[taskUnique] && tasks.some((task) => task[taskUnique] === fields[taskUnique])) {
          return reject(400, 'Bad Request', { message: 'duplicate value', output: { errors: [{ errorCode: 'DUPLICATE_VALUE', message: `duplicate value found: ${taskUnique} duplicates value on record with id: 00T000000000001` }], fieldErrors: {} } });
        }
        const task = { Id: `00T5e0000000${String(nextTask++).padStart(3, '0')}AAA`, CreatedDate: tick(), ...clone(fields) };
        tasks.push(task);
        emit({ type: 'task', id: String(fields.WhoId) });
        return { id: task.Id, apiName: 'Task', fields: {} };
      });
    },
    async notifyRecordUpdateAvailable(items) {
      calls.push({ name: 'notifyRecordUpdateAvailable', args: clone(items) });
      for (const { recordId } of items ?? []) deliver(String(recordId));
    },
  };

  return {
    lds,
    /** The wire: `callback` gets the record now and after every change. Returns an unsubscribe. */
    wire(recordId, callback) {
      const id = String(recordId);
      if (!wires.has(id)) wires.set(id, new Set());
      wires.get(id).add(callback);
      deliver(id);
      return () => wires.get(id).delete(callback);
    },
    record: (id) => clone(records.get(String(id))),
    /** The Tasks on a lead, oldest first. */
    notes: (id) => clone(tasks.filter((task) => String(task.WhoId) === String(id))),
    calls,
    setMode(next) {
      if (!SALESFORCE_MODES.includes(next)) throw new RangeError(`mode must be one of ${SALESFORCE_MODES.join(', ')}`);
      mode = next;
      emit({ type: 'mode', mode });
    },
    get mode() {
      return mode;
    },
    edit(id, fields) {
      const record = records.get(String(id));
      if (!record) throw new RangeError(`no record ${id}`);
      Object.assign(record, clone(fields), { LastModifiedDate: tick() });
      emit({ type: 'edit', id: String(id) });
      deliver(String(id));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
