// Dynamics 365 / Power Apps (Dataverse): LeadHosts for a model-driven form and for a PCF control.
// Docs: docs/hosts/dynamics.md.
//
//   dynamicsFormHost({ formContext, Xrm })  the panel in an HTML web resource on the lead form
//     (the form's OnLoad hands over Xrm and formContext): reads the lead from the form's
//     attributes, writes through Xrm.WebApi and, for the update, the raw Web API with If-Match:
//     Xrm.WebApi.updateRecord takes no headers, and the ETag is Dataverse's only conditional update.
//   dynamicsPcfHost(context)  the panel in a PCF control: reads and writes through
//     context.webAPI, which has no headers either, so a conflict is detected by comparing the
//     row's version just before writing (racy; documented).
//
// Both follow the write-back protocol of ./common.js: read the row; its decision-id column already
// holds this decision → done; the version moved → conflict; the note (or task) unless one with this
// decision's marker exists; the update with the decision id, last.

import {
  NOTE_MARKER,
  commonOptions,
  decisionNote,
  decisionProblem,
  decisionValues,
  failure,
  failureForStatus,
  isNoteFor,
  leadFromRecord,
  mergeMap,
  messageOf,
  ok,
} from './common.js';

/** The annotation suffix under which the Web API returns a column's formatted (display) value. */
export const FORMATTED_VALUE = '@OData.Community.Display.V1.FormattedValue';

/** A column's display text (an option set's label, a lookup's name), else its raw value. */
export function formattedValue(record, column) {
  const text = record?.[`${column}${FORMATTED_VALUE}`];
  return text !== undefined && text !== null && text !== '' ? text : record?.[column];
}

/**
 * Lead path → column logical name of the standard lead table, or a function of the row (as the
 * Web API returns it: raw values plus formatted-value annotations). Option sets map to their label
 * ("Transportation", "Web"): the scorer reads words, not option numbers.
 */
export const DYNAMICS_LEAD_FIELDS = Object.freeze({
  id: 'leadid',
  created_at: 'createdon',
  'company.name': 'companyname',
  'company.domain': 'websiteurl',
  'company.industry': (record) => formattedValue(record, 'industrycode'),
  'company.employees': 'numberofemployees',
  'company.annual_revenue': 'revenue',
  'company.country': 'address1_country',
  'contact.name': (record) => record.fullname ?? ([record.firstname, record.lastname].filter(Boolean).join(' ') || null),
  'contact.email': 'emailaddress1',
  'contact.title': 'jobtitle',
  'contact.phone': 'telephone1',
  'source.channel': (record) => formattedValue(record, 'leadsourcecode'),
  'form.message': 'description',
  // "Do not allow Emails" set means no email; unset says nothing about consent.
  'consent.email': (record) => (record.donotemail === true ? false : null),
});

// The columns the default functions above read: a PCF control $selects them, a form watches them.
const DEFAULT_FUNCTION_COLUMNS = {
  'company.industry': ['industrycode'],
  'contact.name': ['fullname', 'firstname', 'lastname'],
  'source.channel': ['leadsourcecode'],
  'consent.email': ['donotemail'],
};

/**
 * Decision part → column logical name. `leadqualitycode` (Rating: Hot/Warm/Cold) is standard; the
 * `new_leadlens*` columns are custom columns you create with your publisher's prefix (the `prefix`
 * option renames `new_`); set any to null to skip it. The lead's `statecode`/`statuscode` is left
 * alone: qualifying is the QualifyLead action (it creates the account, contact and opportunity),
 * and a qualified or disqualified lead is read-only, so no later decision could be written.
 */
export const DYNAMICS_DECISION_FIELDS = Object.freeze({
  status: 'leadqualitycode',
  decision_id: 'new_leadlensdecisionid',
  outcome: 'new_leadlensoutcome',
  reason_code: 'new_leadlensreason',
  fit: 'new_leadlensfit',
  intent: 'new_leadlensintent',
  route: 'new_leadlensroute',
  model_version: 'new_leadlensmodelversion',
});

/** `leadqualitycode` option values per outcome: 1 Hot, 2 Warm, 3 Cold. */
export const DYNAMICS_STATUS = Object.freeze({ accepted: 1, rejected: 3, recycled: 2 });

// Dataverse error codes (docs: "Web service error codes"; the Web API sends them as hex strings,
// Xrm.WebApi as numbers). Compared unsigned, so -2147220960 and 2147746336 are the same code.
const CODE = {
  doesNotExist: 0x80040217,
  propertyNotFound: 0x80060888, // $select or payload names a column the table does not have
  payloadError: 0x80048d19, // "Error identified in Payload provided by the user"
};
// Service protection limits (number of requests, execution time, concurrent requests): the same
// request succeeds after the Retry-After. Every other code is an answer that a retry repeats.
const RETRYABLE_CODES = new Set([0x80072322, 0x80072321, 0x80072326]);

function codeOf(error) {
  const raw = error?.errorCode ?? error?.code ?? error?.error?.code;
  if (typeof raw === 'number' && Number.isInteger(raw) && raw !== 0) return raw >>> 0;
  if (typeof raw === 'string' && /^0x[0-9a-f]{1,8}$/i.test(raw)) return Number.parseInt(raw, 16) >>> 0;
  return undefined;
}

const hex = (code) => `0x${code.toString(16).padStart(8, '0')}`;

function columnHint(code) {
  return code === CODE.propertyNotFound || code === CODE.payloadError
    ? ' Create the LeadLens columns on the table (docs/hosts/dynamics.md) or map them with `decisionFields`.'
    : '';
}

/**
 * A PostResult for a rejection of Xrm.WebApi / context.webAPI (`{ errorCode, message }`). A
 * Dataverse error code is the server's answer: a refusal unless it is a service-protection limit.
 * No code (a failed fetch, a string) means the request or its answer was lost: retryable, which
 * is safe because the protocol re-reads before writing.
 */
function webApiFailure(what, error) {
  const status = error?.status ?? error?.httpStatusCode;
  const code = codeOf(error);
  const message = messageOf(error);
  if (globalThis.navigator?.onLine === false) return failure(`Dynamics 365 is offline: ${message}`, { retryable: true });
  if (code !== undefined) {
    const text = `Dynamics 365 refused ${what} (${hex(code)}: ${message}).${columnHint(code)}`;
    if (RETRYABLE_CODES.has(code)) return failure(text, { retryable: true });
    return failure(text);
  }
  if (Number.isInteger(status) && status > 0) return failureForStatus(status, `Dynamics 365 refused ${what}: ${message}`);
  return failure(`Dynamics 365 did not answer ${what}: ${message}`, { retryable: true });
}

/** A Dataverse id as the Web API takes it: no braces, lower case; null unless a GUID. */
function guid(value) {
  if (typeof value !== 'string') return null;
  const id = value.trim().replace(/^\{|\}$/g, '').toLowerCase();
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id) ? id : null;
}

/** The row version the panel compares: the ETag, else `modifiedon` (a host that sends no ETag). */
function versionOf(row) {
  const etag = row?.['@odata.etag'];
  if (typeof etag === 'string' && etag !== '') return etag;
  return typeof row?.modifiedon === 'string' ? row.modifiedon : undefined;
}

// A string literal inside an OData $filter: quotes doubled. Only ids of URL-safe characters go
// into the query (a UUID always does); for any other id the filter looks for the marker's prefix
// and the notes are checked here, so no query is ever built from arbitrary text.
const SAFE_LITERAL = /^[A-Za-z0-9._:-]+$/;

const TIMELINES = {
  note: {
    table: 'annotation',
    text: 'notetext',
    select: 'annotationid,notetext',
    regarding: '_objectid_value',
    payload: (entity, set, id, note) => ({ subject: note.title.slice(0, 500), notetext: note.body, [`objectid_${entity}@odata.bind`]: `/${set}(${id})` }),
  },
  task: {
    table: 'task',
    text: 'description',
    select: 'activityid,description',
    regarding: '_regardingobjectid_value',
    // The task table's navigation property to a lead is `regardingobjectid_lead_task`.
    payload: (entity, set, id, note) => ({ subject: note.title.slice(0, 200), description: note.body, [`regardingobjectid_${entity}_task@odata.bind`]: `/${set}(${id})` }),
  },
};

const PREFIX = /^[a-z][a-z0-9]{1,7}_$/;

/** Checks the options both entry points share; returns what the protocol needs. */
function sharedOptions(options, where) {
  const entity = options.entity ?? 'lead';
  if (typeof entity !== 'string' || !/^[a-z][a-z0-9_]*$/.test(entity)) {
    throw new TypeError(`${where}: \`entity\` must be a table's logical name, e.g. "lead"`);
  }
  let entitySet = options.entitySet;
  if (entitySet === undefined) {
    if (entity !== 'lead') throw new TypeError(`${where}: give \`entitySet\` (the Web API collection name) for the table "${entity}"`);
    entitySet = 'leads';
  }
  if (typeof entitySet !== 'string' || !/^[A-Za-z][A-Za-z0-9_]*$/.test(entitySet)) {
    throw new TypeError(`${where}: \`entitySet\` must be the table's Web API collection name, e.g. "leads"`);
  }
  let decisionDefaults = DYNAMICS_DECISION_FIELDS;
  if (options.prefix !== undefined) {
    if (typeof options.prefix !== 'string' || !PREFIX.test(options.prefix.toLowerCase())) {
      throw new TypeError(`${where}: \`prefix\` must be a publisher prefix with its underscore, e.g. "contoso_"`);
    }
    const prefix = options.prefix.toLowerCase();
    decisionDefaults = Object.fromEntries(
      Object.entries(DYNAMICS_DECISION_FIELDS).map(([part, column]) => [part, column.startsWith('new_') ? prefix + column.slice(4) : column]),
    );
  }
  const fields = mergeMap(DYNAMICS_LEAD_FIELDS, options.fields, where, 'fields');
  const write = mergeMap(decisionDefaults, options.decisionFields, where, 'decisionFields');
  if (options.status !== undefined && (options.status === null || typeof options.status !== 'object' || Array.isArray(options.status))) {
    throw new TypeError(`${where}: \`status\` must be an object of outcome → option value`);
  }
  const status = { ...DYNAMICS_STATUS, ...(options.status ?? {}) };
  const timelineName = options.timeline ?? 'note';
  if (timelineName !== false && !(timelineName in TIMELINES)) {
    throw new TypeError(`${where}: \`timeline\` must be "note", "task" or false`);
  }
  const columns = options.columns ?? [];
  if (!Array.isArray(columns) || columns.some((c) => typeof c !== 'string' || !/^[a-z][a-z0-9_]*$/.test(c))) {
    throw new TypeError(`${where}: \`columns\` must be an array of column logical names`);
  }
  const store = commonOptions(options, where, `leadlens-dynamics:${entity}`);
  return { entity, entitySet, fields, write, status, timeline: timelineName === false ? null : TIMELINES[timelineName], columns, store };
}

/** The columns a field map reads: its names, the default functions' columns, and `columns`. */
function mappedColumns(fields, extra, entity) {
  const set = new Set([`${entity}id`, 'modifiedon', ...extra]);
  for (const [path, source] of Object.entries(fields)) {
    if (typeof source === 'string' && source !== '') set.add(source);
    else if (typeof source === 'function' && source === DYNAMICS_LEAD_FIELDS[path]) {
      for (const column of DEFAULT_FUNCTION_COLUMNS[path] ?? []) set.add(column);
    }
  }
  return [...set];
}

/**
 * The protocol both entry points share. `api()` is the current WebApi object; `update(id, values,
 * etag)` writes the row and resolves to null or a failed PostResult; `ownRecord()` is the id of the
 * record on the page; `changed(id)` runs after a successful write to it.
 */
function protocol({ api, shared, update, ownRecord, changed }) {
  const { entity, entitySet, write, status, timeline } = shared;
  const decisionIdColumn = write.decision_id;

  async function findNote(id, decisionId) {
    const marker = SAFE_LITERAL.test(decisionId) ? `${NOTE_MARKER}${decisionId}` : NOTE_MARKER.trimEnd();
    const filter = `${timeline.regarding} eq ${id} and contains(${timeline.text},'${marker.replace(/'/g, "''")}')`;
    const answer = await api().retrieveMultipleRecords(timeline.table, `?$select=${timeline.select}&$filter=${filter}`);
    return (Array.isArray(answer?.entities) ? answer.entities : []).some((row) => isNoteFor(row?.[timeline.text], decisionId));
  }

  return async function postDecision(decision, expectedVersion) {
    const problem = decisionProblem(decision);
    if (problem) return failure(`Not posted: ${problem}`);
    const id = guid(String(decision.lead_id));
    if (!id) return failure(`Not posted: the decision's lead_id ${JSON.stringify(decision.lead_id)} is not a Dataverse id`);
    const decisionId = String(decision.decision_id);

    let row;
    try {
      const select = decisionIdColumn ? `${decisionIdColumn},modifiedon` : 'modifiedon';
      row = await api().retrieveRecord(entity, id, `?$select=${select}`);
    } catch (error) {
      if (codeOf(error) === CODE.doesNotExist) return failure(`Dynamics 365 has no ${entity} ${id} (or this user cannot see it)`);
      return webApiFailure(`reading the ${entity}`, error);
    }
    if (decisionIdColumn && row?.[decisionIdColumn] === decisionId) return ok();
    const current = versionOf(row);
    if (expectedVersion !== undefined && expectedVersion !== null && current !== expectedVersion) {
      return failure(
        `The ${entity} changed in Dynamics 365 since it was scored (modified ${row?.modifiedon ?? 'at an unknown time'}); reload it and decide again`,
        { conflict: true },
      );
    }

    if (timeline) {
      try {
        if (!(await findNote(id, decisionId))) {
          await api().createRecord(timeline.table, timeline.payload(entity, entitySet, id, decisionNote(decision)));
        }
      } catch (error) {
        return webApiFailure(`the ${timeline === TIMELINES.task ? 'task' : 'note'}`, error);
      }
    }

    const refused = await update(id, decisionValues(decision, write, status), row?.['@odata.etag']);
    if (refused) return refused;
    if (id === ownRecord()) changed(id);
    return ok();
  };
}

/** Lead listeners, told after a re-read; a failed re-read leaves the panel with the lead it has. */
function listeners(where) {
  const set = new Set();
  return {
    add(callback) {
      if (typeof callback !== 'function') throw new TypeError(`${where}: onLeadChange needs a function`);
      set.add(callback);
      return () => set.delete(callback);
    },
    get size() {
      return set.size;
    },
    tell(lead) {
      for (const listener of set) listener(lead);
    },
  };
}

function userIdOf(settings) {
  const id = settings?.userId;
  return typeof id === 'string' && id !== '' ? id.replace(/^\{|\}$/g, '').toLowerCase() : undefined;
}

// ---- model-driven form --------------------------------------------------------------------

/** The form's attributes as a Web API row: raw values, option-set labels, dates as ISO text. */
function rowFromForm(formContext) {
  const row = {};
  const add = (attribute) => {
    const name = attribute?.getName?.();
    if (typeof name !== 'string') return;
    let value = attribute.getValue?.();
    if (value instanceof Date) value = Number.isNaN(value.getTime()) ? null : value.toISOString();
    row[name] = value;
    // Option sets (and booleans) have a display text; the mapping reads it like the Web API's
    // formatted value. Reading the text of an empty option set throws in some clients.
    if (value !== null && value !== undefined && typeof attribute.getText === 'function') {
      try {
        const text = attribute.getText();
        if (text !== null && text !== undefined && text !== '') row[`${name}${FORMATTED_VALUE}`] = text;
      } catch {
        // no text: the raw value stands
      }
    }
  };
  const attributes = formContext.data?.entity?.attributes;
  if (typeof attributes?.forEach === 'function') attributes.forEach(add);
  else if (typeof formContext.getAttribute === 'function') (formContext.getAttribute() ?? []).forEach(add);
  return row;
}

/**
 * A LeadHost for the lead form of a model-driven app.
 * @param {import('./dynamics.d.ts').DynamicsFormHostOptions} options
 * @returns {import('./dynamics.d.ts').DynamicsFormHost}
 */
export function dynamicsFormHost(options) {
  const where = 'dynamicsFormHost';
  if (options === null || typeof options !== 'object') throw new TypeError(`${where}: expected an options object with \`formContext\``);
  const { formContext } = options;
  if (typeof formContext?.data?.entity?.getId !== 'function') {
    throw new TypeError(`${where}: \`formContext\` must be the form's context (executionContext.getFormContext())`);
  }
  const Xrm = options.Xrm ?? globalThis.Xrm;
  for (const method of ['retrieveRecord', 'retrieveMultipleRecords', 'createRecord', 'updateRecord']) {
    if (typeof Xrm?.WebApi?.[method] !== 'function') {
      throw new TypeError(`${where}: \`Xrm.WebApi.${method}\` is missing: pass \`Xrm\` (the form's, via setClientApiContext)`);
    }
  }
  const shared = sharedOptions(options, where);
  const concurrency = options.concurrency ?? 'etag';
  if (concurrency !== 'etag' && concurrency !== 'none') throw new TypeError(`${where}: \`concurrency\` must be "etag" or "none"`);
  const globalContext = typeof Xrm.Utility?.getGlobalContext === 'function' ? Xrm.Utility.getGlobalContext() : undefined;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  let clientUrl = options.clientUrl ?? globalContext?.getClientUrl?.();
  const apiVersion = options.apiVersion ?? '9.2';
  if (typeof apiVersion !== 'string' || !/^\d+\.\d+$/.test(apiVersion)) throw new TypeError(`${where}: \`apiVersion\` must look like "9.2"`);
  if (concurrency === 'etag') {
    if (typeof fetchImpl !== 'function') throw new TypeError(`${where}: \`fetch\` must be a function (the browser's fetch)`);
    if (typeof clientUrl !== 'string' || !/^https?:\/\//.test(clientUrl)) {
      throw new TypeError(`${where}: no \`clientUrl\`: Xrm.Utility.getGlobalContext().getClientUrl() gave none; pass it`);
    }
    clientUrl = clientUrl.replace(/\/+$/, '');
  }
  const refreshForm = options.refreshForm ?? true;
  const { entity, entitySet, fields, store } = shared;
  const watched = mappedColumns(fields, shared.columns, entity);
  const webApi = () => Xrm.WebApi;
  const formId = () => guid(String(formContext.data.entity.getId() ?? ''));
  const leads = listeners(where);
  let seenVersion;

  // The raw Web API, because If-Match is what makes the update conditional (204 or 412).
  async function patch(id, values, etag) {
    let response;
    try {
      response = await fetchImpl(`${clientUrl}/api/data/v${apiVersion}/${entitySet}(${id})`, {
        method: 'PATCH',
        credentials: 'same-origin',
        headers: {
          Accept: 'application/json',
          'Content-Type': 'application/json; charset=utf-8',
          'OData-MaxVersion': '4.0',
          'OData-Version': '4.0',
          // No ETag read (a client that sends none): still no upsert of a deleted row.
          'If-Match': etag ?? '*',
        },
        body: JSON.stringify(values),
      });
    } catch (error) {
      return failure(`Dynamics 365 did not answer the update: ${messageOf(error)}`, { retryable: true });
    }
    if (response.status === 204 || response.status === 200) return null;
    let detail = response.statusText || '';
    let code;
    try {
      const body = await response.json();
      detail = body?.error?.message || detail;
      code = codeOf(body?.error);
    } catch {
      // no JSON body: the status says enough
    }
    if (response.status === 412) {
      return failure(`The ${entity} changed in Dynamics 365 while the decision was being saved; reload it and decide again (HTTP 412)`, {
        conflict: true,
      });
    }
    const codeText = code !== undefined ? `${hex(code)}: ` : '';
    return failureForStatus(response.status, `Dynamics 365 refused the update (${codeText}${detail}).${columnHint(code)}`);
  }

  async function viaWebApi(id, values) {
    try {
      await Xrm.WebApi.updateRecord(entity, id, values);
      return null;
    } catch (error) {
      return webApiFailure('the update', error);
    }
  }

  async function readVersion(id) {
    try {
      seenVersion = versionOf(await Xrm.WebApi.retrieveRecord(entity, id, '?$select=modifiedon'));
    } catch {
      // Offline or refused: the panel still scores the form; the write re-reads and reports.
    }
  }

  function leadFromForm(id) {
    const row = rowFromForm(formContext);
    row[`${entity}id`] = id;
    const lead = leadFromRecord(row, fields);
    lead.id = id;
    return lead;
  }

  async function tellListeners({ reread, refresh }) {
    const id = formId();
    if (!id || leads.size === 0) return;
    if (refresh && refreshForm && typeof formContext.data.refresh === 'function') {
      // Show the written columns on the form, unless the user has unsaved edits there.
      try {
        const dirty = typeof formContext.data.entity.getIsDirty === 'function' && formContext.data.entity.getIsDirty();
        if (!dirty) await formContext.data.refresh(false);
      } catch {
        // the form keeps what it shows; the record is written
      }
    }
    if (reread) await readVersion(id);
    leads.tell(leadFromForm(id));
  }

  const host = {
    capabilities: Object.freeze({ write: true, durableStore: store !== null }),
    entity,
    get recordId() {
      return formId() ?? undefined;
    },

    async readLead() {
      const id = formId();
      if (!id) throw new Error(`This ${entity} is not saved yet: save it, then the panel scores it`);
      await readVersion(id);
      return leadFromForm(id);
    },

    /** `@odata.etag` of the row as last read. */
    version() {
      return seenVersion;
    },

    /**
     * Called with the form's lead when a mapped attribute changes (the version stays: the server
     * row did not change), after the form is saved and after this host wrote a decision to it
     * (both with the re-read version).
     */
    onLeadChange(callback) {
      const unsubscribe = leads.add(callback);
      let queued = false;
      const onChange = () => {
        // Scripts set several attributes and fire each: one re-score for the lot.
        if (queued) return;
        queued = true;
        queueMicrotask(() => {
          queued = false;
          tellListeners({ reread: false }).catch(() => {});
        });
      };
      const onPostSave = (context) => {
        const args = context?.getEventArgs?.();
        if (typeof args?.getIsSaveSuccess === 'function' && args.getIsSaveSuccess() === false) return;
        tellListeners({ reread: true }).catch(() => {});
      };
      const attributes = watched.map((name) => formContext.getAttribute?.(name)).filter((a) => typeof a?.addOnChange === 'function');
      for (const attribute of attributes) attribute.addOnChange(onChange);
      formContext.data.entity.addOnPostSave?.(onPostSave);
      return () => {
        unsubscribe();
        for (const attribute of attributes) attribute.removeOnChange?.(onChange);
        formContext.data.entity.removeOnPostSave?.(onPostSave);
      };
    },

    postDecision: protocol({
      api: webApi,
      shared,
      update: concurrency === 'etag' ? patch : viaWebApi,
      ownRecord: formId,
      changed: () => {
        tellListeners({ reread: true, refresh: true }).catch(() => {});
      },
    }),
  };
  if (store) host.store = store;
  const reviewer = options.reviewer === undefined ? userIdOf(globalContext?.userSettings) : options.reviewer;
  if (reviewer != null) host.reviewer = reviewer;
  return host;
}

// ---- PCF control --------------------------------------------------------------------------

const LAYOUT_ONLY = new Set(['layout', 'fullscreen_open', 'fullscreen_close']);

/**
 * A LeadHost for a PCF control on a lead form (or any page where the control knows its record).
 * Call `host.update(context)` from the control's updateView.
 * @param {ComponentFramework.Context<unknown>} context
 * @param {import('./dynamics.d.ts').DynamicsPcfHostOptions} [options]
 * @returns {import('./dynamics.d.ts').DynamicsPcfHost}
 */
export function dynamicsPcfHost(context, options = {}) {
  const where = 'dynamicsPcfHost';
  if (options === null || typeof options !== 'object') throw new TypeError(`${where}: expected an options object`);
  const check = (ctx) => {
    for (const method of ['retrieveRecord', 'retrieveMultipleRecords', 'createRecord', 'updateRecord']) {
      if (typeof ctx?.webAPI?.[method] !== 'function') {
        throw new TypeError(`${where}: \`context.webAPI.${method}\` is missing: add <uses-feature name="WebAPI" required="true" /> to the manifest`);
      }
    }
  };
  check(context);
  // contextInfo is how a control on a form learns its record; it is not in the published types.
  const info = (ctx) => ctx?.mode?.contextInfo ?? {};
  const entityOption = options.entity ?? info(context).entityTypeName ?? 'lead';
  const shared = sharedOptions({ ...options, entity: entityOption }, where);
  const { entity, fields, store } = shared;
  const idFrom = (ctx) => guid(String(options.recordId ?? info(ctx).entityId ?? ''));
  if (options.recordId !== undefined && !guid(String(options.recordId))) {
    throw new TypeError(`${where}: \`recordId\` must be the record's GUID`);
  }
  let current = context;
  let recordId = idFrom(context);
  const select = `?$select=${mappedColumns(fields, shared.columns, entity).join(',')}`;
  const leads = listeners(where);
  let seenVersion;

  async function read(id) {
    let row;
    try {
      row = await current.webAPI.retrieveRecord(entity, id, select);
    } catch (error) {
      throw new Error(webApiFailure(`reading the ${entity}`, error).message);
    }
    seenVersion = versionOf(row);
    const lead = leadFromRecord(row, fields);
    lead.id = id;
    return lead;
  }

  function reread() {
    const id = recordId;
    if (!id || leads.size === 0) return;
    read(id).then(
      (lead) => {
        if (id === recordId) leads.tell(lead);
      },
      () => {}, // the panel keeps its lead; its next read reports the problem
    );
  }

  async function viaWebApi(id, values) {
    try {
      await current.webAPI.updateRecord(entity, id, values);
      return null;
    } catch (error) {
      return webApiFailure('the update', error);
    }
  }

  const host = {
    capabilities: Object.freeze({ write: true, durableStore: store !== null }),
    entity,
    get recordId() {
      return recordId ?? undefined;
    },

    async readLead() {
      if (!recordId) throw new Error(`This ${entity} is not saved yet (the control has no record id): save it, then the panel scores it`);
      return read(recordId);
    },

    /** `@odata.etag` (else `modifiedon`) of the row as last read. */
    version() {
      return seenVersion;
    },

    /** Called with the re-read lead when the control is told of a change, and after own writes. */
    onLeadChange(callback) {
      return leads.add(callback);
    },

    /**
     * Hand the host each context from updateView: a new record, or a change to the control's
     * properties (the form saved or a bound column changed), re-reads the row and tells the panel.
     */
    update(next) {
      check(next);
      current = next;
      const id = idFrom(next);
      const moved = id !== recordId;
      recordId = id;
      const updated = Array.isArray(next.updatedProperties) ? next.updatedProperties : [];
      if (moved || updated.some((name) => !LAYOUT_ONLY.has(name))) reread();
    },

    postDecision: protocol({
      api: () => current.webAPI,
      shared,
      update: viaWebApi,
      ownRecord: () => recordId,
      changed: reread,
    }),
  };
  if (store) host.store = store;
  const reviewer = options.reviewer === undefined ? userIdOf(context.userSettings) : options.reviewer;
  if (reviewer != null) host.reviewer = reviewer;
  return host;
}
