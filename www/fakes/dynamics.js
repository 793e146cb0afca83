// A fake of what a Dynamics 365 / Power Apps page gives script (Dataverse behind it), for the
// adapter's tests and a demo page. It follows Microsoft's documented call and answer shapes:
//   Xrm.WebApi.retrieveRecord(table, id, '?$select=…') → the row as JSON: selected columns, the
//     primary key, `@odata.etag` (W/"<versionnumber>") and `<column>@OData.Community.Display.V1.
//     FormattedValue` for option sets, booleans, money and dates;
//   Xrm.WebApi.retrieveMultipleRecords(table, '?$select=…&$filter=…') → { entities: [rows] } (the
//     filters the adapter uses: `_objectid_value eq <id>`, `_regardingobjectid_value eq <id>`,
//     `contains(column,'text')`, joined by `and`);
//   Xrm.WebApi.createRecord(table, data) / updateRecord(table, id, data) → { entityType, id };
//   failures reject with { errorCode, message } (Dataverse error codes: 0x80040217 does not exist,
//     0x80040220 missing privilege, 0x80060888 no such property, 0x80072322 service protection);
//   fetch(`<clientUrl>/api/data/v9.2/leads(<id>)`, { method: 'PATCH', headers: { 'If-Match' } }) →
//     204, or 412 {"error":{"code":"","message":"The version of the existing record doesn't match
//     the RowVersion property provided."}}, or 400/403/404 with { error: { code, message } }; a
//     PATCH without If-Match to a missing id creates the row (the Web API's upsert);
//   the form context (executionContext.getFormContext()): data.entity.getId() → "{GUID}",
//     getAttribute(name).getValue()/getText()/addOnChange/fireOnChange, data.entity.addOnPostSave,
//     data.refresh(save);
//   a PCF context: webAPI (the same four calls), mode.contextInfo.entityId/entityTypeName,
//     userSettings.userId.
// Assumed, not documented: a request whose answer never arrives rejects with a plain Error
// (no errorCode), as a failed fetch does.

export const DYNAMICS_MODES = Object.freeze(['online', 'offline', 'timeout', 'error', 'throttled']);
/** The connection modes `setMode` takes (the name every CRM fake exports). */
export const MODES = DYNAMICS_MODES;

/** The custom columns of docs/hosts/dynamics.md, as an org that followed the install steps has them. */
export const LEADLENS_COLUMNS = Object.freeze({
  new_leadlensdecisionid: 'string',
  new_leadlensoutcome: 'string',
  new_leadlensreason: 'string',
  new_leadlensfit: 'int',
  new_leadlensintent: 'int',
  new_leadlensroute: 'string',
  new_leadlensmodelversion: 'string',
});

// Standard lead columns (Dynamics 365 lead table reference) and their types.
const LEAD_COLUMNS = {
  leadid: 'guid',
  createdon: 'datetime',
  modifiedon: 'datetime',
  versionnumber: 'bigint',
  subject: 'string',
  firstname: 'string',
  lastname: 'string',
  fullname: 'string',
  companyname: 'string',
  websiteurl: 'string',
  industrycode: 'option',
  numberofemployees: 'int',
  revenue: 'money',
  address1_country: 'string',
  emailaddress1: 'string',
  jobtitle: 'string',
  telephone1: 'string',
  leadsourcecode: 'option',
  leadqualitycode: 'option',
  description: 'memo',
  donotemail: 'bool',
  statecode: 'option',
  statuscode: 'option',
};
const READ_ONLY = new Set(['leadid', 'createdon', 'modifiedon', 'versionnumber', 'fullname']);

const OPTIONS = {
  industrycode: [
    'Accounting', 'Agriculture and Non-petrol Natural Resource Extraction', 'Broadcasting Printing and Publishing', 'Brokers',
    'Building Supply Retail', 'Business Services', 'Consulting', 'Consumer Services', 'Design, Direction and Creative Management',
    'Distributors, Dispatchers and Processors', "Doctor's Offices and Clinics", 'Durable Manufacturing', 'Eating and Drinking Places',
    'Entertainment Retail', 'Equipment Rental and Leasing', 'Financial', 'Food and Tobacco Processing',
    'Inbound Capital Intensive Processing', 'Inbound Repair and Services', 'Insurance', 'Legal Services',
    'Non-Durable Merchandise Retail', 'Outbound Consumer Service', 'Petrochemical Extraction and Distribution', 'Service Retail',
    'SIG Affiliations', 'Social Services', 'Special Outbound Trade Contractors', 'Specialty Realty', 'Transportation',
    'Utility Creation and Distribution', 'Vehicle Retail', 'Wholesale',
  ],
  leadsourcecode: ['Advertisement', 'Employee Referral', 'External Referral', 'Partner', 'Public Relations', 'Seminar', 'Trade Show', 'Web', 'Word of Mouth', 'Other'],
  leadqualitycode: ['Hot', 'Warm', 'Cold'],
  statuscode: ['New', 'Contacted', 'Qualified', 'Lost', 'Cannot Contact', 'No Longer Interested', 'Canceled'],
};
const STATE_LABELS = ['Open', 'Qualified', 'Disqualified'];
const label = (column, value) => (column === 'statecode' ? STATE_LABELS[value] : OPTIONS[column]?.[value - 1]);

const FORMATTED = '@OData.Community.Display.V1.FormattedValue';
const clone = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

// Dataverse's error codes as the client gets them (unsigned).
const E = {
  doesNotExist: 0x80040217,
  privilege: 0x80040220,
  property: 0x80060888,
  payload: 0x80048d19,
  throttled: 0x80072322,
};
const hexCode = (code) => `0x${code.toString(16)}`;

class WebApiError extends Error {
  constructor(errorCode, message, status) {
    super(message);
    this.errorCode = errorCode;
    this.status = status;
  }
}

/**
 * @param {{ records: object[], columns?: Record<string, string>, clientUrl?: string,
 *   user?: { id: string, name: string }, start?: string, latencyMs?: number }} options
 *   `records`: lead rows by logical name (`leadid` required, option sets as numbers); `columns`:
 *   custom columns the org has (name → 'string' | 'int' | 'memo' | 'bool' | 'option' …), e.g.
 *   LEADLENS_COLUMNS; any other column is unknown to the Web API.
 */
export function createDynamicsFake(options) {
  const clientUrl = (options.clientUrl ?? 'https://contoso.crm4.dynamics.com').replace(/\/+$/, '');
  const user = options.user ?? { id: '5e6f7a8b-0c1d-4e2f-9a3b-4c5d6e7f8a9b', name: 'Dana Ruiz' };
  const columns = { ...LEAD_COLUMNS, ...(options.columns ?? {}) };
  let clock = Date.parse(options.start ?? '2026-11-22T09:00:00Z');
  const time = () => new Date(clock).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const tick = () => {
    clock += 1000; // modifiedon has whole seconds
    return time();
  };
  let version = 4_700_000;
  let idCounter = 0;
  const newId = () => `00000000-0000-4000-8000-${(++idCounter).toString(16).padStart(12, '0')}`;
  const leads = new Map();
  const annotations = [];
  const tasks = [];
  const fullname = (row) => [row.firstname, row.lastname].filter(Boolean).join(' ') || null;
  for (const input of options.records) {
    const id = String(input.leadid).toLowerCase();
    const row = { createdon: time(), statecode: 0, statuscode: 1, ...clone(input), leadid: id, modifiedon: time(), versionnumber: ++version };
    row.fullname = row.fullname ?? fullname(row);
    leads.set(id, row);
  }
  let mode = 'online';
  const latencyMs = options.latencyMs ?? 0;
  const calls = [];
  const changeListeners = new Set();
  const emit = (change) => {
    for (const listener of changeListeners) listener(change);
  };

  const etag = (row) => `W/"${row.versionnumber}"`;
  const notFound = (id) => new WebApiError(E.doesNotExist, `lead With Id = ${id} Does Not Exist`, 404);
  const noProperty = (name, table = 'lead') => new WebApiError(E.property, `Could not find a property named '${name}' on type 'Microsoft.Dynamics.CRM.${table}'.`, 400);
  const denied = (privilege, table, otc) =>
    new WebApiError(E.privilege, `Principal user (Id=${user.id}, type=8, roleCount=1, privilegeCount=612, accessMode=0), is missing ${privilege} privilege on OTC=${otc} for entity '${table}'.`, 403);
  const throttled = () => new WebApiError(E.throttled, 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.', 429);
  const lost = () => new Error('Failed to fetch'); // no errorCode: the request or its answer was lost

  /** A row as the Web API returns it: $select applied, the key and the ETag, formatted values. */
  function present(row, select, table = 'lead') {
    const names = select ?? Object.keys(row).filter((k) => k !== 'versionnumber');
    const out = { '@odata.context': `${clientUrl}/api/data/v9.0/$metadata#${table}s/$entity`, '@odata.etag': etag(row) };
    for (const name of names) {
      const value = row[name] ?? null;
      out[name] = value;
      const type = columns[name];
      if (value === null) continue;
      if (type === 'option') out[`${name}${FORMATTED}`] = label(name, value) ?? String(value);
      else if (type === 'bool') out[`${name}${FORMATTED}`] = value ? 'Yes' : 'No';
      else if (type === 'money') out[`${name}${FORMATTED}`] = `$${Number(value).toLocaleString('en-US', { minimumFractionDigits: 2 })}`;
      else if (type === 'datetime') out[`${name}${FORMATTED}`] = new Date(value).toLocaleString('en-US', { timeZone: 'UTC' });
    }
    out.leadid = row.leadid;
    return out;
  }

  function parseSelect(query, known, table) {
    const match = /(?:^\?|&)\$select=([^&]*)/.exec(query ?? '');
    if (!match) return undefined;
    const names = match[1].split(',').map((s) => s.trim()).filter(Boolean);
    for (const name of names) if (!known(name)) throw noProperty(name, table);
    return names;
  }

  // One Web API call as the page's client answers it in the current mode.
  async function call(name, args, run, { write = false } = {}) {
    calls.push({ name, args: clone(args) });
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (mode === 'offline') throw lost();
    if (mode === 'throttled') throw throttled();
    if (write && mode === 'error') throw run.denied();
    const result = run();
    if (write && mode === 'timeout') throw lost(); // applied, but the answer never came back
    return result;
  }

  function checkValues(data) {
    for (const [name, value] of Object.entries(data)) {
      const type = columns[name];
      if (!type) throw new WebApiError(E.property, `Invalid property '${name}' was found in entity 'Microsoft.Dynamics.CRM.lead'.`, 400);
      if (READ_ONLY.has(name)) throw new WebApiError(E.payload, `Field '${name}' is not valid for update.`, 400);
      if (value === null) continue;
      const ok =
        type === 'int' || type === 'option' ? Number.isInteger(value) :
        type === 'money' ? typeof value === 'number' :
        type === 'bool' ? typeof value === 'boolean' :
        typeof value === 'string';
      if (!ok) {
        const edm = { int: 'Edm.Int32', option: 'Edm.Int32', money: 'Edm.Decimal', bool: 'Edm.Boolean' }[type] ?? 'Edm.String';
        throw new WebApiError(E.payload, `Error identified in Payload provided by the user for Entity :'leads'. Cannot convert the literal '${value}' to the expected type '${edm}'.`, 400);
      }
      if (type === 'option' && label(name, value) === undefined) {
        throw new WebApiError(0x8004431a, `${value} is not a valid value for ${name}.`, 400);
      }
    }
  }

  function applyUpdate(row, data, by = 'update') {
    Object.assign(row, clone(data));
    row.fullname = fullname(row) ?? row.fullname;
    row.modifiedon = tick();
    row.versionnumber = ++version;
    emit({ type: by, id: row.leadid, fields: Object.keys(data) });
  }

  const bindTarget = (value) => {
    const match = /^\/leads\(([0-9a-f-]{36})\)$/.exec(String(value));
    const row = match ? leads.get(match[1]) : undefined;
    if (!row) throw notFound(match ? match[1] : String(value));
    return row;
  };

  // The navigation properties each activity table declares to a lead.
  const TABLES = {
    annotation: { store: annotations, fields: ['subject', 'notetext'], bind: 'objectid_lead', key: 'annotationid', regarding: '_objectid_value', privilege: 'prvCreateNote', otc: 5 },
    task: { store: tasks, fields: ['subject', 'description'], bind: 'regardingobjectid_lead_task', key: 'activityid', regarding: '_regardingobjectid_value', privilege: 'prvCreateActivity', otc: 4212 },
  };

  function parseFilter(filter, table) {
    const clauses = filter.split(/\s+and\s+/);
    return clauses.map((clause) => {
      let m = /^(_\w+_value) eq ([0-9a-f-]{36})$/.exec(clause.trim());
      if (m) {
        if (m[1] !== table.regarding) throw noProperty(m[1], table === TABLES.task ? 'task' : 'annotation');
        return (row) => row[m[1]] === m[2];
      }
      m = /^contains\((\w+),'((?:[^']|'')*)'\)$/.exec(clause.trim());
      if (m) {
        if (!table.fields.includes(m[1])) throw noProperty(m[1], table === TABLES.task ? 'task' : 'annotation');
        const needle = m[2].replace(/''/g, "'").toLowerCase();
        return (row) => typeof row[m[1]] === 'string' && row[m[1]].toLowerCase().includes(needle);
      }
      throw new WebApiError(E.property, `Syntax error at position 0 in '${clause}'.`, 400);
    });
  }

  const WebApi = {
    retrieveRecord(table, id, query) {
      return call('retrieveRecord', { table, id, query }, () => {
        if (table !== 'lead') throw new WebApiError(E.property, `Resource not found for the segment '${table}'.`, 404);
        const select = parseSelect(query, (name) => name in columns, 'lead');
        const row = leads.get(String(id).replace(/[{}]/g, '').toLowerCase());
        if (!row) throw notFound(id);
        return present(row, select);
      });
    },
    retrieveMultipleRecords(table, query) {
      return call('retrieveMultipleRecords', { table, query }, () => {
        const spec = TABLES[table];
        if (!spec) throw new WebApiError(E.property, `Resource not found for the segment '${table}'.`, 404);
        const known = (name) => spec.fields.includes(name) || name === spec.key || name === spec.regarding;
        const select = parseSelect(query, known, table);
        const filter = /(?:^\?|&)\$filter=([^&]*)/.exec(query ?? '');
        const tests = filter ? parseFilter(filter[1], spec) : [];
        const rows = spec.store.filter((row) => tests.every((t) => t(row)));
        return { entities: rows.map((row) => Object.fromEntries([['@odata.etag', 'W/"1"'], ...(select ?? Object.keys(row)).map((k) => [k, row[k] ?? null])])) };
      });
    },
    createRecord(table, data) {
      const spec = TABLES[table];
      const run = () => {
        if (!spec) throw new WebApiError(E.property, `Resource not found for the segment '${table}'.`, 404);
        let target;
        const row = { [spec.key]: newId(), createdon: tick(), _ownerid_value: user.id };
        for (const [key, value] of Object.entries(data ?? {})) {
          if (key.endsWith('@odata.bind')) {
            const nav = key.slice(0, -'@odata.bind'.length);
            if (nav !== spec.bind) {
              throw new WebApiError(
                E.property,
                `An undeclared property '${nav}' which only has property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared named streams can be represented as properties without values.`,
                400,
              );
            }
            target = bindTarget(value);
          } else if (spec.fields.includes(key)) {
            row[key] = value;
          } else {
            throw new WebApiError(E.property, `Invalid property '${key}' was found in entity 'Microsoft.Dynamics.CRM.${table}'.`, 400);
          }
        }
        if (target) row[spec.regarding] = target.leadid;
        if (table === 'task') Object.assign(row, { statecode: 0, statuscode: 2 });
        spec.store.push(row);
        emit({ type: table === 'task' ? 'task' : 'note', id: target?.leadid, recordId: row[spec.key] });
        return { entityType: table, id: row[spec.key] };
      };
      run.denied = () => denied(spec?.privilege ?? 'prvCreate', table, spec?.otc ?? 0);
      return call('createRecord', { table, data }, run, { write: true });
    },
    updateRecord(table, id, data) {
      const run = () => {
        if (table !== 'lead') throw new WebApiError(E.property, `Resource not found for the segment '${table}'.`, 404);
        const row = leads.get(String(id).replace(/[{}]/g, '').toLowerCase());
        if (!row) throw notFound(id);
        checkValues(data ?? {});
        applyUpdate(row, data ?? {});
        return { entityType: table, id: row.leadid };
      };
      run.denied = () => denied('prvWriteLead', table, 4);
      return call('updateRecord', { table, id, data }, run, { write: true });
    },
  };

  const json = (status, body, headers = {}) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json; odata.metadata=minimal', 'OData-Version': '4.0', ...headers } });
  const errorResponse = (error) => json(error.status ?? 400, { error: { code: hexCode(error.errorCode), message: error.message } });

  /** The browser's fetch against the Web API: PATCH `<clientUrl>/api/data/v9.x/leads(<id>)`. */
  async function fetchFake(url, init = {}) {
    const method = String(init.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(Object.entries(init.headers ?? {}).map(([k, v]) => [k, String(v)]));
    let body;
    try {
      body = init.body === undefined ? undefined : JSON.parse(init.body);
    } catch {
      body = init.body;
    }
    calls.push({ name: 'fetch', args: { url: String(url), method, headers, body: clone(body) } });
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (mode === 'offline') throw new TypeError('Failed to fetch');
    if (mode === 'throttled') return json(429, { error: { code: hexCode(E.throttled), message: throttled().message } }, { 'Retry-After': '20' });
    const match = /^(.*)\/api\/data\/v9\.\d+\/leads\(([^)]*)\)$/.exec(String(url));
    if (!match || match[1] !== clientUrl) {
      return json(404, { error: { code: hexCode(E.property), message: `Resource not found for the segment '${String(url).split('/').pop()}'.` } });
    }
    if (method !== 'PATCH') return json(405, { error: { code: '0x8006088a', message: `The requested resource does not support http method '${method}'.` } });
    const id = match[2].toLowerCase();
    if (!GUID.test(id)) return json(400, { error: { code: hexCode(E.property), message: `Bad Request - Error in query syntax.` } });
    const ifMatch = Object.entries(headers).find(([k]) => k.toLowerCase() === 'if-match')?.[1];
    const row = leads.get(id);
    if (mode === 'error') return errorResponse(denied('prvWriteLead', 'lead', 4));
    if (!row) {
      if (ifMatch !== undefined) return errorResponse(notFound(id));
      // No If-Match: the Web API's PATCH is an upsert, and creates the row.
      try {
        checkValues(body ?? {});
      } catch (error) {
        return errorResponse(error);
      }
      const created = { leadid: id, createdon: tick(), statecode: 0, statuscode: 1, ...clone(body), modifiedon: time(), versionnumber: ++version };
      leads.set(id, created);
      emit({ type: 'upsert', id, fields: Object.keys(body ?? {}) });
    } else {
      if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== etag(row)) {
        return json(412, { error: { code: '', message: "The version of the existing record doesn't match the RowVersion property provided." } });
      }
      try {
        checkValues(body ?? {});
      } catch (error) {
        return errorResponse(error);
      }
      applyUpdate(row, body ?? {});
    }
    if (mode === 'timeout') throw new TypeError('Failed to fetch'); // applied; the answer is lost
    return new Response(null, { status: 204, headers: { 'OData-Version': '4.0', 'OData-EntityId': `${clientUrl}/api/data/v9.2/leads(${id})` } });
  }

  const globalContext = {
    getClientUrl: () => clientUrl,
    getVersion: () => '9.2.25111.00000',
    userSettings: { userId: `{${user.id.toUpperCase()}}`, userName: user.name },
  };
  const Xrm = { WebApi, Utility: { getGlobalContext: () => globalContext } };

  // ---- the lead form --------------------------------------------------------------------

  const ATTRIBUTE_TYPES = { string: 'string', memo: 'memo', int: 'integer', bigint: 'integer', money: 'money', option: 'optionset', bool: 'boolean', datetime: 'datetime', guid: 'string' };

  /**
   * The form context of a lead form: its attributes hold the row as loaded (later server edits do
   * not show until `data.refresh`), user edits are `setValue` + `fireOnChange`, `data.entity.save()`
   * writes the dirty ones and runs the post-save handlers. `form(null, { values })` is a new lead.
   */
  function form(id, { values = {}, attributes: names } = {}) {
    let recordId = id === null || id === undefined ? '' : String(id).toLowerCase();
    const source = () => (recordId ? leads.get(recordId) : values) ?? {};
    const postSave = [];
    const list = [];
    const onForm = names ?? Object.keys(columns).filter((n) => !['versionnumber', 'leadid'].includes(n));
    for (const name of onForm) {
      const type = columns[name];
      if (!type) continue;
      const handlers = [];
      let value;
      let dirty = false;
      const load = () => {
        const raw = source()[name] ?? null;
        value = type === 'datetime' && raw !== null ? new Date(raw) : raw;
        dirty = false;
      };
      load();
      const attribute = {
        getName: () => name,
        getAttributeType: () => ATTRIBUTE_TYPES[type],
        getValue: () => value,
        setValue(next) {
          value = next;
          dirty = true;
        },
        getIsDirty: () => dirty,
        addOnChange: (handler) => handlers.push(handler),
        removeOnChange(handler) {
          const at = handlers.indexOf(handler);
          if (at >= 0) handlers.splice(at, 1);
        },
        fireOnChange() {
          const context = { getEventSource: () => attribute, getFormContext: () => formContext };
          for (const handler of [...handlers]) handler(context);
        },
        load,
      };
      if (type === 'option') attribute.getText = () => (value === null ? null : label(name, value) ?? null);
      if (type === 'bool') attribute.getText = () => (value === null ? null : value ? 'Yes' : 'No');
      list.push(attribute);
    }
    const attributes = {
      get: (name) => (name === undefined ? [...list] : list.find((a) => a.getName() === name) ?? null),
      forEach: (delegate) => list.forEach(delegate),
      getLength: () => list.length,
    };
    const wire = (a) => {
      let v = a.getValue();
      if (v instanceof Date) v = v.toISOString().replace(/\.\d{3}Z$/, 'Z');
      return v;
    };
    const formContext = {
      data: {
        entity: {
          getId: () => (recordId ? `{${recordId.toUpperCase()}}` : ''),
          getEntityName: () => 'lead',
          getIsDirty: () => list.some((a) => a.getIsDirty()),
          attributes,
          addOnPostSave: (handler) => postSave.push(handler),
          removeOnPostSave(handler) {
            const at = postSave.indexOf(handler);
            if (at >= 0) postSave.splice(at, 1);
          },
          /** The user saves: dirty attributes go to the row (a new lead is created), then post-save runs. */
          async save() {
            const dirty = Object.fromEntries(list.filter((a) => a.getIsDirty() && !READ_ONLY.has(a.getName())).map((a) => [a.getName(), wire(a)]));
            if (!recordId) {
              recordId = newId();
              const row = { createdon: tick(), statecode: 0, statuscode: 1, ...clone(values), ...dirty, leadid: recordId, modifiedon: time(), versionnumber: ++version };
              row.fullname = fullname(row);
              leads.set(recordId, row);
              emit({ type: 'save', id: recordId, fields: Object.keys(dirty) });
            } else if (Object.keys(dirty).length > 0) {
              applyUpdate(leads.get(recordId), dirty, 'save');
            }
            for (const a of list) a.load();
            const context = { getEventArgs: () => ({ getIsSaveSuccess: () => true, getEntityReference: () => ({ entityType: 'lead', id: `{${recordId.toUpperCase()}}` }) }) };
            for (const handler of [...postSave]) handler(context);
          },
        },
        /** Re-reads the row into the form (the unified interface keeps it a promise). */
        async refresh(save) {
          if (save) await formContext.data.entity.save();
          for (const a of list) a.load();
        },
      },
      getAttribute: (name) => attributes.get(name),
    };
    return formContext;
  }

  // ---- a PCF control's context ---------------------------------------------------------------

  /** The context a PCF control on the lead form gets (init / updateView). */
  function pcfContext(id, { parameters = {}, updatedProperties = [] } = {}) {
    return {
      webAPI: WebApi,
      parameters,
      updatedProperties,
      mode: {
        contextInfo: { entityId: id === null || id === undefined ? '' : String(id), entityTypeName: 'lead', entityRecordName: leads.get(String(id))?.fullname ?? '' },
        allocatedHeight: -1,
        allocatedWidth: 600,
        isControlDisabled: false,
        isVisible: true,
        label: 'LeadLens',
        setControlState: () => true,
        setFullScreen: () => {},
        trackContainerResize: () => {},
      },
      userSettings: { userId: `{${user.id.toUpperCase()}}`, userName: user.name, isRTL: false, languageId: 1033, securityRoles: [] },
      client: { disableScroll: false, getClient: () => 'Web', getFormFactor: () => 1, isOffline: () => mode === 'offline', isNetworkAvailable: () => mode !== 'offline' },
    };
  }

  return {
    Xrm,
    fetch: fetchFake,
    form,
    pcfContext,
    clientUrl,
    user: clone(user),
    /** A copy of a lead row as Dataverse holds it. */
    record: (id) => clone(leads.get(String(id).toLowerCase())),
    /** The notes (annotations) regarding a lead, oldest first. */
    notes: (id) => clone(annotations.filter((n) => n._objectid_value === String(id).toLowerCase())),
    /** The tasks regarding a lead, oldest first. */
    tasks: (id) => clone(tasks.filter((t) => t._regardingobjectid_value === String(id).toLowerCase())),
    /** Every Web API call so far (Xrm.WebApi, context.webAPI, fetch), oldest first: `{ name, args }`. */
    calls,
    setMode(next) {
      if (!DYNAMICS_MODES.includes(next)) throw new RangeError(`mode must be one of ${DYNAMICS_MODES.join(', ')}`);
      mode = next;
      emit({ type: 'mode', mode });
    },
    get mode() {
      return mode;
    },
    /** Another user edits the lead (not through an open form): columns change, the version moves. */
    edit(id, fields) {
      const row = leads.get(String(id).toLowerCase());
      if (!row) throw new RangeError(`no lead ${id}`);
      applyUpdate(row, fields, 'edit');
    },
    subscribe(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
  };
}
