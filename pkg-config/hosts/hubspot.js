// HubSpot CRM: the server side of a leadlens card on a contact record. Docs: docs/hosts/hubspot.md.
//
// A HubSpot UI-extension card runs in a sandboxed web worker with no DOM and no `fetch`, so the
// panel cannot run there. The card stays thin and calls app functions (HubSpot's serverless
// functions) or your own backend; those use this module with the CRM API v3 over a `request`
// transport (a private app token or an OAuth token; `fetchRequest` builds one on `fetch`):
//   GET   /crm/v3/objects/contacts/{id}?properties=…      the contact (and its primary company)
//   GET   /crm/v4/objects/contacts/{id}/associations/notes  + POST /crm/v3/objects/notes/batch/read
//         the contact's notes, to find one this decision already wrote
//   POST  /crm/v3/objects/notes                          the note, associated to the contact (202)
//   PATCH /crm/v3/objects/contacts/{id}                  the decision's properties, last
//
// HubSpot has no conditional update (no ETag, no If-Match on objects): a conflict is found by
// re-reading the contact just before writing, which can still race with an edit landing between
// that read and the PATCH (documented limitation).

import {
  NOTE_MARKER,
  commonOptions,
  decisionNote,
  decisionProblem,
  decisionValues,
  failure,
  failureForStatus,
  leadFromRecord,
  mergeMap,
  messageOf,
  ok,
} from './common.js';

export const HUBSPOT_API = 'https://api.hubapi.com';

/** The default association type id of a note to a contact (HubSpot's `AssociationTypes.noteToContact`). */
export const NOTE_TO_CONTACT = 202;

const isBlank = (value) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
const firstOf = (...values) => values.find((value) => !isBlank(value)) ?? null;

/**
 * Lead path → contact property name, or a function of (contact properties, company properties).
 * Firmographics come from the contact's primary company when there is one (the company record is
 * where HubSpot keeps them), else from the contact's own fields of the same name.
 */
export const HUBSPOT_LEAD_FIELDS = Object.freeze({
  created_at: 'createdate',
  'company.name': (contact, company) => firstOf(company.name, contact.company),
  'company.domain': (contact, company) => firstOf(company.domain, contact.website),
  'company.industry': (contact, company) => firstOf(company.industry, contact.industry),
  'company.employees': (contact, company) => firstOf(company.numberofemployees, contact.numberofemployees),
  'company.annual_revenue': (contact, company) => firstOf(company.annualrevenue, contact.annualrevenue),
  'company.country': (contact, company) => firstOf(company.country, contact.country),
  'contact.name': (contact) => [contact.firstname, contact.lastname].filter((part) => !isBlank(part)).join(' ') || null,
  'contact.email': 'email',
  'contact.title': 'jobtitle',
  'contact.phone': 'phone',
  'source.channel': 'hs_analytics_source',
  'form.message': 'message',
  // hs_email_optout is "true" when the contact unsubscribed from all email; "false" or empty says
  // nothing about consent, so it stays unknown.
  'consent.email': (contact) => (contact.hs_email_optout === true || contact.hs_email_optout === 'true' ? false : null),
});

/** Contact properties the default field map reads (HubSpot returns only the properties asked for). */
export const HUBSPOT_CONTACT_PROPERTIES = Object.freeze([
  'firstname',
  'lastname',
  'email',
  'jobtitle',
  'phone',
  'company',
  'website',
  'industry',
  'numberofemployees',
  'annualrevenue',
  'country',
  'hs_analytics_source',
  'message',
  'createdate',
  'hs_email_optout',
]);

/** Company properties read from the contact's primary company (`associatedcompanyid`). */
export const HUBSPOT_COMPANY_PROPERTIES = Object.freeze(['name', 'domain', 'industry', 'numberofemployees', 'annualrevenue', 'country']);

/**
 * Decision part → contact property. `hs_lead_status` is HubSpot's; the `leadlens_*` properties are
 * custom contact properties you create (docs/hosts/hubspot.md); set any to null to skip it.
 */
export const HUBSPOT_DECISION_PROPERTIES = Object.freeze({
  status: 'hs_lead_status',
  decision_id: 'leadlens_decision_id',
  outcome: 'leadlens_outcome',
  reason_code: 'leadlens_reason',
  fit: 'leadlens_fit',
  intent: 'leadlens_intent',
  route: 'leadlens_route',
  model_version: 'leadlens_model_version',
});

/**
 * `hs_lead_status` for each outcome, from HubSpot's default options (NEW, OPEN, IN_PROGRESS,
 * OPEN_DEAL, UNQUALIFIED, ATTEMPTED_TO_CONTACT, CONNECTED, BAD_TIMING). Accepted is OPEN (ready to
 * be worked), not OPEN_DEAL: no deal exists yet. Recycled to nurture is BAD_TIMING.
 */
export const HUBSPOT_LEAD_STATUS = Object.freeze({
  accepted: 'OPEN',
  rejected: 'UNQUALIFIED',
  recycled: 'BAD_TIMING',
});

/** The property map of an API object (`{ id, properties }`) or a bare map (`propertiesToSend`). */
function propertiesOf(object) {
  if (object === null || object === undefined) return {};
  if (typeof object !== 'object') return {};
  return object.properties && typeof object.properties === 'object' ? object.properties : object;
}

function checkFieldMap(fields, where) {
  return mergeMap(HUBSPOT_LEAD_FIELDS, fields, where, 'fields');
}

function leadFrom(contact, company, fields, where) {
  const properties = propertiesOf(contact);
  const id = contact?.id ?? properties.hs_object_id;
  if (!((typeof id === 'string' && id !== '') || Number.isInteger(id))) {
    throw new TypeError(`${where}: the contact has no id (pass the API object, or properties with hs_object_id)`);
  }
  const companyProperties = propertiesOf(company);
  // leadFromRecord calls a function source with the record only; ours also get the company.
  const bound = {};
  for (const [path, source] of Object.entries(fields)) {
    bound[path] = typeof source === 'function' ? (record) => source(record, companyProperties) : source;
  }
  const lead = leadFromRecord(properties, bound);
  lead.id = String(id);
  return lead;
}

/**
 * A Lead from a HubSpot contact (the API object `{ id, properties }`, or a property map with
 * `hs_object_id`, as `propertiesToSend` gives a function) and its company (optional).
 * @param {object} contact
 * @param {object | null} [company]
 * @param {{ fields?: object }} [options]
 */
export function hubspotContactToLead(contact, company = null, options = {}) {
  const where = 'hubspotContactToLead';
  if (contact === null || typeof contact !== 'object') throw new TypeError(`${where}: expected a contact object`);
  if (options === null || typeof options !== 'object') throw new TypeError(`${where}: expected an options object`);
  return leadFrom(contact, company, checkFieldMap(options.fields, where), where);
}

/**
 * A `request` transport on `fetch`: `request({ method, path, body })` → `{ status, body }` (the
 * parsed JSON answer). A network failure or a timeout rejects: the caller cannot know whether a
 * write happened.
 * @param {{ token: string | (() => string | Promise<string>), fetch?: typeof fetch, baseUrl?: string, timeoutMs?: number }} options
 */
export function fetchRequest(options = {}) {
  const where = 'fetchRequest';
  if (options === null || typeof options !== 'object') throw new TypeError(`${where}: expected an options object`);
  const { token, baseUrl = HUBSPOT_API, timeoutMs = 10000 } = options;
  const fetchFn = options.fetch ?? globalThis.fetch;
  if (!((typeof token === 'string' && token !== '') || typeof token === 'function')) {
    throw new TypeError(`${where}: \`token\` must be a private app access token or OAuth access token (a string), or a function returning one`);
  }
  if (typeof fetchFn !== 'function') throw new TypeError(`${where}: \`fetch\` must be a function (no global fetch here)`);
  if (typeof baseUrl !== 'string' || !/^https?:\/\//.test(baseUrl)) throw new TypeError(`${where}: \`baseUrl\` must be an http(s) URL`);
  if (!(Number.isFinite(timeoutMs) && timeoutMs >= 0)) throw new TypeError(`${where}: \`timeoutMs\` must be a number of milliseconds (0: none)`);
  const base = baseUrl.replace(/\/+$/, '');

  return async function request({ method = 'GET', path, body } = {}) {
    if (typeof path !== 'string' || !path.startsWith('/')) throw new TypeError(`${where}: \`path\` must start with /`);
    const bearer = typeof token === 'function' ? await token() : token;
    const headers = { Authorization: `Bearer ${bearer}`, Accept: 'application/json' };
    const init = { method, headers };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let timer;
    if (timeoutMs > 0) {
      const controller = new AbortController();
      init.signal = controller.signal;
      timer = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    }
    try {
      const response = await fetchFn(base + path, init);
      const text = await response.text();
      let parsed = null;
      if (text !== '') {
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = text; // a proxy's HTML error page, say: kept for the message
        }
      }
      return { status: response.status, body: parsed };
    } finally {
      clearTimeout(timer);
    }
  };
}

// HubSpot's error envelope: `{ status: 'error', message, correlationId, category, errors?, context? }`
// (rate limits say `errorType` instead of `category`). Invalid properties come as one message
// holding a JSON list: `Property values were not valid: [{"message":"Property \"x\" does not exist",
// "error":"PROPERTY_DOESNT_EXIST","name":"x",…}]`.
function describeError(body) {
  if (typeof body === 'string') return body.trim().slice(0, 300);
  if (body === null || typeof body !== 'object') return '';
  let text = typeof body.message === 'string' ? body.message : '';
  const invalid = /^Property values were not valid: (\[[\s\S]*\])$/.exec(text);
  if (invalid) {
    try {
      const items = JSON.parse(invalid[1]);
      text = `Property values were not valid: ${items.map((item) => item?.message ?? item?.name).filter(Boolean).join('; ')}`;
    } catch {
      // keep HubSpot's text as it is
    }
  }
  const scopes = (Array.isArray(body.errors) ? body.errors : []).flatMap((error) => {
    const context = error?.context ?? {};
    return [...(context.requiredGranularScopes ?? []), ...(context.requiredScopes ?? [])];
  });
  if (scopes.length > 0) text += ` Needs the scope ${[...new Set(scopes)].join(' or ')}.`;
  const tags = [body.category ?? body.errorType, body.correlationId ? `correlation id ${body.correlationId}` : null].filter(Boolean);
  return `${text.trim()}${tags.length > 0 ? ` [${tags.join(', ')}]` : ''}`.trim();
}

/** A PostResult for a HubSpot answer that is not 2xx. */
function refusal(what, status, body) {
  const detail = describeError(body);
  const lead = status === 429 ? `HubSpot rate-limited ${what}` : status >= 500 ? `HubSpot failed ${what}` : `HubSpot refused ${what}`;
  return failureForStatus(status, `${lead}${detail ? `: ${detail}` : ''}`);
}

// Thrown inside postDecision to stop with a PostResult already decided.
class Stop extends Error {
  constructor(result, status) {
    super(result.message);
    this.result = result;
    this.status = status;
  }
}

/** Whether a note's text carries this decision's marker, as a whole token. */
function mentions(text, decisionId) {
  if (typeof text !== 'string') return false;
  const marker = `${NOTE_MARKER}${decisionId}`;
  // HubSpot keeps note bodies as rich text; a body edited in HubSpot (or stored with markup)
  // still carries the marker, though no longer alone on its line as isNoteFor expects.
  for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + 1)) {
    const next = text[at + marker.length];
    if (next === undefined || !/[A-Za-z0-9_-]/.test(next)) return true;
  }
  return false;
}

// A short, stable digest (two FNV-1a passes: 64 bits as hex) of what the version covers.
function digest(value) {
  const text = JSON.stringify(value);
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193) >>> 0;
    b = Math.imul(b ^ code, 0x01000193) >>> 0;
  }
  return `${a.toString(16).padStart(8, '0')}${b.toString(16).padStart(8, '0')}`;
}

function checkNames(value, where, what) {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((name) => typeof name !== 'string' || name === '')) {
    throw new TypeError(`${where}: \`${what}\` must be an array of property names`);
  }
  return value;
}

function checkRequest(options, where) {
  if (options === null || typeof options !== 'object') throw new TypeError(`${where}: expected an options object`);
  if (typeof options.request !== 'function') {
    throw new TypeError(`${where}: \`request\` must be a function ({ method, path, body }) => Promise<{ status, body }> (build one with fetchRequest({ token }))`);
  }
  return options.request;
}

// The parts hubspotDecisionWriter and hubspotHost share: reading a contact with its company, the
// version of what the reviewer saw, and the write-back protocol of leadlens/hosts/common.
function createWriter(options, where) {
  const request = checkRequest(options, where);
  const fields = checkFieldMap(options.fields, where);
  const write = mergeMap(HUBSPOT_DECISION_PROPERTIES, options.decisionProperties, where, 'decisionProperties');
  const statusOption = options.status ?? {};
  if (statusOption === null || typeof statusOption !== 'object') throw new TypeError(`${where}: \`status\` must be an object (outcome → hs_lead_status value)`);
  for (const [outcome, value] of Object.entries(statusOption)) {
    if (typeof value !== 'string' || value === '') throw new TypeError(`${where}: \`status.${outcome}\` must be an hs_lead_status value`);
  }
  const status = { ...HUBSPOT_LEAD_STATUS, ...statusOption };
  const notes = options.notes ?? true;
  if (typeof notes !== 'boolean') throw new TypeError(`${where}: \`notes\` must be true or false`);
  const versionOf = options.versionOf;
  if (versionOf !== undefined && typeof versionOf !== 'function') {
    throw new TypeError(`${where}: \`versionOf\` must be a function (contact, company) => string`);
  }
  const extra = checkNames(options.properties, where, 'properties');
  const companyProperties = options.companyProperties === null ? null : [...HUBSPOT_COMPANY_PROPERTIES, ...checkNames(options.companyProperties, where, 'companyProperties')];

  const decisionNames = Object.values(write).filter((name) => typeof name === 'string' && name !== '');
  const contactProperties = [
    ...new Set([
      ...HUBSPOT_CONTACT_PROPERTIES,
      ...Object.values(fields).filter((source) => typeof source === 'string'),
      ...decisionNames,
      ...extra,
      'lastmodifieddate',
      'associatedcompanyid',
    ]),
  ];

  async function send(what, method, path, body) {
    const answer = await request(body === undefined ? { method, path } : { method, path, body });
    if (answer === null || typeof answer !== 'object' || !Number.isInteger(answer.status)) {
      throw new Stop(failure(`${where}: \`request\` answered ${messageOf(answer)}, not { status, body }`));
    }
    if (answer.status < 200 || answer.status > 299) throw new Stop(refusal(what, answer.status, answer.body), answer.status);
    return answer.body;
  }

  const encode = (id) => encodeURIComponent(String(id));

  /** The contact, or null when HubSpot has none with this id. */
  async function readContact(id) {
    try {
      return await send('the contact read', 'GET', `/crm/v3/objects/contacts/${encode(id)}?properties=${contactProperties.map(encodeURIComponent).join(',')}`);
    } catch (error) {
      if (error instanceof Stop && error.status === 404) return null;
      throw error;
    }
  }

  async function readCompany(contact) {
    const companyId = propertiesOf(contact).associatedcompanyid;
    if (companyProperties === null || isBlank(companyId)) return null;
    try {
      return await send('the company read', 'GET', `/crm/v3/objects/companies/${encode(companyId)}?properties=${companyProperties.map(encodeURIComponent).join(',')}`);
    } catch (error) {
      // A company deleted since it was associated: the lead is read without it, on both sides. A
      // 403 (no crm.objects.companies.read scope) is reported: silently scoring without the
      // company's firmographics would hide a setup mistake (companyProperties: null skips it).
      if (error instanceof Stop && error.status === 404) return null;
      throw error;
    }
  }

  /**
   * The version the reviewer saw: a digest of the lead as mapped and of the decision properties on
   * the contact. Not `lastmodifieddate`: HubSpot moves that for page views, email opens and the
   * activity rollups a note updates, which would make most decisions on an active lead (and every
   * retry after a note was written) a conflict. `versionOf` replaces it.
   */
  function versionFor(contact, company) {
    if (versionOf) {
      const value = versionOf(contact, company);
      return value === undefined || value === null ? undefined : String(value);
    }
    const properties = propertiesOf(contact);
    const decided = decisionNames.map((name) => [name, isBlank(properties[name]) ? null : String(properties[name])]);
    return `hs1:${digest([leadFrom(contact, company, fields, where), decided])}`;
  }

  async function hasNote(id, decisionId) {
    const noteIds = [];
    let after;
    let pages = 0;
    do {
      const query = `limit=500${after ? `&after=${encodeURIComponent(after)}` : ''}`;
      const page = await send('the notes list', 'GET', `/crm/v4/objects/contacts/${encode(id)}/associations/notes?${query}`);
      for (const association of Array.isArray(page?.results) ? page.results : []) {
        if (association?.toObjectId !== undefined && association?.toObjectId !== null) noteIds.push(String(association.toObjectId));
      }
      after = page?.paging?.next?.after;
      pages += 1;
    } while (after && pages < 100);
    // Newest first (HubSpot ids grow over time): a retry looks for the note written moments ago.
    noteIds.sort((x, y) => (/^\d+$/.test(x) && /^\d+$/.test(y) ? (BigInt(y) > BigInt(x) ? 1 : BigInt(y) < BigInt(x) ? -1 : 0) : 0));
    for (let start = 0; start < noteIds.length; start += 100) {
      const inputs = noteIds.slice(start, start + 100).map((noteId) => ({ id: noteId }));
      const batch = await send('the notes read', 'POST', '/crm/v3/objects/notes/batch/read', { properties: ['hs_note_body'], inputs });
      const found = (Array.isArray(batch?.results) ? batch.results : []).some((note) => mentions(note?.properties?.hs_note_body, decisionId));
      if (found) return true;
    }
    return false;
  }

  async function postDecision(decision, expectedVersion) {
    const problem = decisionProblem(decision);
    if (problem) return failure(`Not posted: ${problem}`);
    const id = String(decision.lead_id);
    const decisionId = String(decision.decision_id);
    try {
      const contact = await readContact(id);
      if (!contact) return failure(`HubSpot has no contact ${id} (or this app cannot see it)`);
      const properties = propertiesOf(contact);
      // 1. Already applied (an earlier answer was lost): confirm, write nothing.
      if (write.decision_id && properties[write.decision_id] === decisionId) return ok();
      // 2. Changed since the reviewer saw it: a person decides again.
      if (expectedVersion !== undefined && expectedVersion !== null) {
        const current = versionFor(contact, await readCompany(contact));
        if (current !== expectedVersion) {
          const modified = properties.lastmodifieddate ?? contact.updatedAt ?? 'at an unknown time';
          return failure(`The contact changed in HubSpot since it was scored (last modified ${modified}); reload it and decide again`, { conflict: true });
        }
      }
      // 3. The note, unless a previous attempt already wrote it.
      if (notes && !(await hasNote(id, decisionId))) {
        const note = decisionNote(decision);
        await send('the note', 'POST', '/crm/v3/objects/notes', {
          properties: { hs_timestamp: decision.decided_at || new Date().toISOString(), hs_note_body: `${note.title}\n${note.body}` },
          associations: [{ to: { id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: NOTE_TO_CONTACT }] }],
        });
      }
      // 4. The decision on the contact, with its id, last: the id says "done".
      const values = {};
      for (const [name, value] of Object.entries(decisionValues(decision, write, status))) {
        // HubSpot property values are strings; an empty string clears a property.
        values[name] = value === null || value === undefined ? '' : String(value);
      }
      await send('the update', 'PATCH', `/crm/v3/objects/contacts/${encode(id)}`, { properties: values });
      return ok();
    } catch (error) {
      if (error instanceof Stop) return error.result;
      // No answer (network, timeout): the write may or may not have happened; a retry is safe
      // (steps 1 and 3).
      return failure(`HubSpot did not answer: ${messageOf(error)}`, { retryable: true });
    }
  }

  return { request, fields, readContact, readCompany, versionFor, postDecision, where };
}

/**
 * Writes decisions to HubSpot contacts (server side: an app function, your backend).
 * @param {import('./hubspot.d.ts').HubSpotWriterOptions} options
 * @returns {import('./hubspot.d.ts').HubSpotDecisionWriter}
 */
export function hubspotDecisionWriter(options = {}) {
  const writer = createWriter(options, 'hubspotDecisionWriter');
  return { postDecision: writer.postDecision };
}

/**
 * A LeadHost for one HubSpot contact: reads it (with its primary company) as a Lead and writes
 * decisions back. For a server, or any page that can reach HubSpot's API with a token.
 * @param {import('./hubspot.d.ts').HubSpotHostOptions} options
 * @returns {import('./hubspot.d.ts').HubSpotHost}
 */
export function hubspotHost(options = {}) {
  const where = 'hubspotHost';
  const writer = createWriter(options, where);
  const { contactId } = options;
  if (!((typeof contactId === 'string' && /^\d+$/.test(contactId)) || (Number.isInteger(contactId) && contactId > 0))) {
    throw new TypeError(`${where}: \`contactId\` must be the contact's record id (digits; a card has it as context.crm.objectId)`);
  }
  const store = commonOptions(options, where, 'leadlens-hubspot:contacts');
  const id = String(contactId);
  let seenVersion;
  let seenContact;
  const listeners = new Set();

  async function read() {
    let contact;
    let company;
    try {
      contact = await writer.readContact(id);
      if (contact) company = await writer.readCompany(contact);
    } catch (error) {
      throw new Error(error instanceof Stop ? error.result.message : `HubSpot did not answer: ${messageOf(error)}`);
    }
    if (!contact) throw new Error(`HubSpot has no contact ${id} (or this app cannot see it)`);
    seenVersion = writer.versionFor(contact, company);
    seenContact = contact;
    return leadFrom(contact, company, writer.fields, where);
  }

  const host = {
    capabilities: Object.freeze({ write: true, durableStore: store !== null }),
    contactId: id,
    readLead: read,
    /** The version of the contact as last read (see versionOf). */
    version() {
      return seenVersion;
    },
    /** The contact as last read (the API object, with the decision properties on it), a copy. */
    contact() {
      return seenContact === undefined ? undefined : JSON.parse(JSON.stringify(seenContact));
    },
    /** Called with the re-read lead after this host wrote a decision to its contact. */
    onLeadChange(callback) {
      if (typeof callback !== 'function') throw new TypeError(`${where}: onLeadChange needs a function`);
      listeners.add(callback);
      return () => listeners.delete(callback);
    },
    async postDecision(decision, expectedVersion) {
      const result = await writer.postDecision(decision, expectedVersion);
      // HubSpot tells an API client nothing when a contact changes; the one change this host
      // knows of is its own write, after which the contact is re-read for the next decision.
      if (result.ok && String(decision.lead_id) === id && listeners.size > 0) {
        read().then(
          (lead) => {
            for (const listener of listeners) listener(lead);
          },
          () => {}, // the panel keeps the lead it has; its next read reports the problem
        );
      }
      return result;
    },
  };
  if (store) host.store = store;
  if (options.reviewer != null) host.reviewer = options.reviewer;
  return host;
}
