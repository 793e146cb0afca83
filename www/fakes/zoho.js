// A fake of Zoho CRM's embedded app SDK (the `ZOHO` global a widget gets from
// https://live.zwidgets.com/js-sdk/1.2/ZohoEmbededAppSDK.min.js), for the adapter's tests and the
// demo page (www/zoho.html). Zoho publishes no mock; this follows the call and answer shapes of the
// SDK's documentation (github.com/ZohoDevelopers/embeddedApp-js-sdk, lib/ZohoCrmHelper.js):
//   ZOHO.embeddedApp.on('PageLoad', fn); ZOHO.embeddedApp.init() → Promise, then PageLoad fires
//     with { Entity, EntityId };
//   ZOHO.CRM.API.getRecord({ Entity, RecordID }) → { data: [record] };
//   ZOHO.CRM.API.updateRecord({ Entity, APIData: { id, …fields }, Trigger }) and
//   ZOHO.CRM.API.addNotes({ Entity, RecordID, Title, Content }) → { data: [{ code: 'SUCCESS',
//     status: 'success', message, details: { id, Modified_Time, … } }] }, or an item with an error
//     code (INVALID_DATA naming the api_name, NO_PERMISSION);
//   ZOHO.CRM.API.getRelatedRecords({ Entity, RecordID, RelatedList: 'Notes' }) → { data: [note] }
//     ('' when there are none: Zoho answers 204 No Content);
//   ZOHO.CRM.CONFIG.getCurrentUser() → { users: [{ id, full_name, email }] };
//   a call the CRM frame does not answer rejects with 'timeout'.

export const ZOHO_MODES = Object.freeze(['online', 'offline', 'timeout', 'error']);

const clone = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

/** Zoho's time format: seconds and an offset, `2026-11-22T12:05:00+00:00`. */
function zohoTime(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/**
 * @param {{ records: object[], entity?: string, openId?: string, fields?: string[],
 *   user?: { id: string, full_name: string, email?: string }, start?: string, latencyMs?: number }} options
 *   `records`: Leads records as Zoho returns them (`id` required); `fields`: API names that exist
 *   in the module besides the records' own (an update naming any other is INVALID_DATA).
 */
export function createZohoFake(options) {
  const entity = options.entity ?? 'Leads';
  const user = options.user ?? { id: '4150868000000225013', full_name: 'Dana Ruiz', email: 'dana@example.com' };
  let clock = Date.parse(options.start ?? '2026-11-22T09:00:00Z');
  const tick = () => {
    clock += 1000; // Modified_Time has whole seconds: every write moves it by at least one
    return zohoTime(clock);
  };
  const records = new Map();
  const notes = new Map();
  const known = new Set(options.fields ?? []);
  for (const input of options.records) {
    const record = { Modified_Time: zohoTime(clock), Created_Time: zohoTime(clock), ...clone(input), id: String(input.id) };
    for (const key of Object.keys(record)) known.add(key);
    records.set(record.id, record);
    notes.set(record.id, []);
  }
  let mode = 'online';
  const latencyMs = options.latencyMs ?? 0;
  const listeners = new Map();
  const calls = [];
  const changeListeners = new Set();
  const emit = (change) => {
    for (const listener of changeListeners) listener(change);
  };
  let nextId = 4150868000000300000n;
  const newId = () => String((nextId += 1n));

  const answer = (item) => ({ data: [item] });
  const success = (message, record) =>
    answer({
      code: 'SUCCESS',
      status: 'success',
      message,
      details: { id: record.id, Modified_Time: record.Modified_Time, Modified_By: { id: user.id, name: user.full_name } },
    });
  const error = (code, message, details = {}) => answer({ code, status: 'error', message, details });

  // A write as the CRM frame answers it in the current mode.
  async function writeCall(name, args, apply) {
    calls.push({ name, args: clone(args) });
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (mode === 'offline') throw 'timeout'; // the SDK rejects with the string
    if (mode === 'error') return error('NO_PERMISSION', 'permission denied to update records');
    const result = apply();
    if (mode === 'timeout') throw 'timeout'; // applied, but the answer never came back
    return result;
  }

  const API = {
    async getRecord({ Entity, RecordID } = {}) {
      calls.push({ name: 'getRecord', args: { Entity, RecordID } });
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
      if (mode === 'offline') throw 'timeout';
      const record = Entity === entity ? records.get(String(RecordID)) : undefined;
      return record ? { data: [clone(record)] } : error('INVALID_DATA', 'the related id given seems to be invalid', { id: String(RecordID) });
    },
    updateRecord({ Entity, APIData, Trigger } = {}) {
      return writeCall('updateRecord', { Entity, APIData, Trigger }, () => {
        const record = Entity === entity ? records.get(String(APIData?.id)) : undefined;
        if (!record) return error('INVALID_DATA', 'the id given seems to be invalid', { api_name: 'id' });
        for (const key of Object.keys(APIData)) {
          if (!known.has(key)) return error('INVALID_DATA', 'invalid data', { api_name: key });
        }
        Object.assign(record, clone(APIData), { id: record.id, Modified_Time: tick() });
        emit({ type: 'update', id: record.id, fields: Object.keys(APIData).filter((k) => k !== 'id') });
        return success('record updated', record);
      });
    },
    addNotes({ Entity, RecordID, Title, Content } = {}) {
      return writeCall('addNotes', { Entity, RecordID, Title, Content }, () => {
        const record = Entity === entity ? records.get(String(RecordID)) : undefined;
        if (!record) return error('INVALID_DATA', 'the related id given seems to be invalid', { api_name: 'Parent_Id' });
        const note = { id: newId(), Note_Title: Title, Note_Content: Content, Created_Time: tick(), Owner: { id: user.id, name: user.full_name } };
        notes.get(record.id).push(note);
        emit({ type: 'note', id: record.id, noteId: note.id });
        return success('record added', note);
      });
    },
    async getRelatedRecords({ Entity, RecordID, RelatedList } = {}) {
      calls.push({ name: 'getRelatedRecords', args: { Entity, RecordID, RelatedList } });
      if (mode === 'offline') throw 'timeout';
      const list = Entity === entity && RelatedList === 'Notes' ? notes.get(String(RecordID)) : undefined;
      return list && list.length > 0 ? { data: clone(list), info: { count: list.length, more_records: false } } : '';
    },
  };

  const ZOHO = {
    embeddedApp: {
      on(event, handler) {
        listeners.set(event, handler);
      },
      async init() {
        const page = { Entity: entity, EntityId: options.openId ?? [...records.keys()][0] };
        queueMicrotask(() => listeners.get('PageLoad')?.(page));
        return true;
      },
    },
    CRM: {
      API,
      CONFIG: {
        async getCurrentUser() {
          return { users: [clone(user)] };
        },
      },
    },
  };

  return {
    ZOHO,
    entity,
    /** A copy of a record as the CRM holds it. */
    record: (id) => clone(records.get(String(id))),
    notes: (id) => clone(notes.get(String(id)) ?? []),
    /** Every SDK call so far, oldest first: `{ name, args }`. */
    calls,
    setMode(next) {
      if (!ZOHO_MODES.includes(next)) throw new RangeError(`mode must be one of ${ZOHO_MODES.join(', ')}`);
      mode = next;
      emit({ type: 'mode', mode });
    },
    get mode() {
      return mode;
    },
    /** Another user edits the record in Zoho: fields change, Modified_Time moves. */
    edit(id, fields) {
      const record = records.get(String(id));
      if (!record) throw new RangeError(`no record ${id}`);
      Object.assign(record, clone(fields), { id: record.id, Modified_Time: tick() });
      emit({ type: 'edit', id: record.id, fields: Object.keys(fields) });
    },
    subscribe(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
  };
}
