// Pipedrive: a LeadHost for a custom UI extension (an iframe: a custom panel on a deal or person,
// or a custom modal opened from a lead), e.g. `@pipedrive/app-extensions-sdk`. Docs: docs/hosts/pipedrive.md.
//
// The extension SDK makes no API calls: it tells the iframe nothing but a signed token (a 5-minute
// JWT naming the user and company). The record comes from the iframe URL (`resource`,
// `selectedIds`), and every Pipedrive API call goes through `request`, the app's own transport:
// in production a fetch to the app's backend (`backendRequest`), which holds the OAuth token and
// forwards allowed calls to Pipedrive (`leadlens/hosts/pipedrive-proxy`).
//
// Endpoints (Pipedrive retired the v1 deal/person/organization endpoints in favour of API v2;
// leads and notes are still v1):
//   GET/PATCH /api/v1/leads/{uuid}            custom fields at the top level, `update_time`
//   GET/PATCH /api/v2/deals/{id}, /api/v2/persons/{id}   custom fields under `custom_fields`
//   GET       /api/v2/organizations/{id}
//   GET/POST  /api/v1/notes                   `{ content, lead_id | deal_id | person_id }`
// Every answer is `{ success, data }`; a refusal is `{ success: false, error, error_info }`.
//
// Pipedrive has no conditional update: a conflict is detected by comparing `update_time` just
// before writing, which can still race with an edit landing in the same moment (documented).

import {
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
  pathFields,
} from './common.js';

/** The records a panel can be on. Custom panels exist on deals and persons; leads need a custom modal. */
export const PIPEDRIVE_RESOURCES = Object.freeze(['lead', 'deal', 'person']);

// The spellings Pipedrive and people use for them.
const RESOURCE_ALIASES = { lead: 'lead', leads: 'lead', deal: 'deal', deals: 'deal', person: 'person', persons: 'person', people: 'person', contact: 'person', contacts: 'person' };

const primary = (list) => {
  if (!Array.isArray(list)) return typeof list === 'string' ? list : null;
  const entry = list.find((e) => e && e.primary === true && !isEmpty(e.value)) ?? list.find((e) => e && !isEmpty(e.value));
  return entry ? entry.value : null;
};
const isEmpty = (value) => value === undefined || value === null || value === '';

/**
 * Lead path → where it is in what the adapter reads: `item` (the lead, deal or person on the
 * page; also under its own name, `lead`/`deal`), `person` and `organization` (linked to it).
 * A string is a dotted path (`organization.custom_fields.<key>`); a function gets that object.
 * Pipedrive has no standard employee count, industry, website or revenue on organizations:
 * map your custom fields (by their 40-character API key) with `fields`.
 */
export const PIPEDRIVE_LEAD_FIELDS = Object.freeze({
  id: 'item.id',
  created_at: 'item.add_time',
  'company.name': 'organization.name',
  'company.country': 'organization.address.country',
  'contact.name': 'person.name',
  // API v2 has `emails`/`phones`; v1 had `email`/`phone`: the same `[{ value, primary, label }]`.
  'contact.email': (view) => primary(view.person?.emails ?? view.person?.email),
  'contact.phone': (view) => primary(view.person?.phones ?? view.person?.phone),
  'contact.title': 'person.job_title',
  'source.channel': 'item.source_name',
  // Only with Pipedrive's marketing app: `unsubscribed` means no email; the rest says nothing.
  'consent.email': (view) => (view.person?.marketing_status === 'unsubscribed' ? false : null),
});

/**
 * Decision part → the API key of a custom field (leads share the deal fields; persons have their
 * own). Pipedrive's keys are random per account, so there are no defaults: pass them in
 * `decisionFields`. `decision_id` is required: it is what makes a re-post safe.
 */
export const PIPEDRIVE_DECISION_FIELDS = Object.freeze({
  status: null,
  decision_id: null,
  outcome: null,
  reason_code: null,
  fit: null,
  intent: null,
  route: null,
  model_version: null,
});

/** The `status` field's value per outcome (a text field; for a single-option field give option ids). */
export const PIPEDRIVE_STATUS = Object.freeze({
  accepted: 'Qualified',
  rejected: 'Disqualified',
  recycled: 'Nurture',
});

const API = {
  lead: { path: (id) => `/api/v1/leads/${encodeURIComponent(id)}`, noteKey: 'lead_id', nested: false },
  deal: { path: (id) => `/api/v2/deals/${id}`, noteKey: 'deal_id', nested: true },
  person: { path: (id) => `/api/v2/persons/${id}`, noteKey: 'person_id', nested: true },
};

const NOTES_PAGE = 100;
const NOTES_MAX_PAGES = 20; // 2,000 notes on one record: past that a second note is the lesser harm

// A custom field in API v2 can be `{ value, currency }` (monetary) or `{ value, country, … }`
// (address): the lead reads its value.
function unwrap(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && 'value' in value ? value.value : value;
}

// Pipedrive's refusal text: `error`, plus `error_info` unless it is the stock pointer to the docs.
function pipedriveMessage(body) {
  if (body && typeof body === 'object') {
    const error = typeof body.error === 'string' && body.error !== '' ? body.error : typeof body.message === 'string' ? body.message : '';
    const info = typeof body.error_info === 'string' && !/developers\.pipedrive\.com/.test(body.error_info) ? body.error_info : '';
    if (error || info) return [error, info].filter(Boolean).join('; ');
  }
  if (typeof body === 'string' && body !== '') return body.slice(0, 200);
  return 'no details';
}

/** A PostResult carried out of a helper when Pipedrive refuses a call. */
class Refused extends Error {
  constructor(status, result) {
    super(result.message);
    this.status = status;
    this.result = result;
  }
}

// Notes are HTML in Pipedrive ("subject to sanitization"). Every character from the decision is
// escaped; the only markup is the line breaks added here, so the note reads as the plain-text
// lines `decisionNote` wrote.
const escapeHtml = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A decision's note as Pipedrive note content: the title line, then the body lines. */
export function decisionNoteHtml(decision) {
  const note = decisionNote(decision);
  return [note.title, ...note.body.split('\n')].map(escapeHtml).join('<br>');
}

/** A note's content back as text lines (for finding a decision's marker after sanitising). */
export function noteText(content) {
  if (typeof content !== 'string') return '';
  return content
    .replace(/<br\s*\/?>|<\/p>|<\/div>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function parseUrl(url) {
  if (url === undefined || url === null) return new URLSearchParams();
  if (url instanceof URL) return url.searchParams;
  if (typeof url !== 'string') throw new TypeError('pipedriveHost: `url` must be a string (the iframe URL)');
  try {
    return new URL(url, 'https://leadlens.invalid/').searchParams;
  } catch {
    throw new TypeError(`pipedriveHost: \`url\` is not a URL: ${url}`);
  }
}

const idOf = (value) => (value !== null && typeof value === 'object' ? value.value ?? value.id : value); // v1 nested `{ value, name }`

/**
 * A LeadHost for a Pipedrive custom UI extension.
 *
 * @param {import('./pipedrive.d.ts').PipedriveHostOptions} options
 * @returns {import('./pipedrive.d.ts').PipedriveHost}
 */
export function pipedriveHost(options = {}) {
  const where = 'pipedriveHost';
  if (options === null || typeof options !== 'object') throw new TypeError(`${where}: expected an options object`);
  const { request, sdk } = options;
  if (typeof request !== 'function') {
    throw new TypeError(`${where}: \`request\` is missing: pass the app's transport to the Pipedrive API, e.g. backendRequest('/your/proxy', { sdk })`);
  }
  if (sdk != null && typeof sdk.execute !== 'function') throw new TypeError(`${where}: \`sdk\` must be the initialised AppExtensionsSDK (it has no execute())`);
  const params = parseUrl(options.url === undefined ? globalThis.location?.href : options.url);

  const resourceName = options.resource ?? params.get('resource');
  const resource = RESOURCE_ALIASES[String(resourceName ?? '').toLowerCase()];
  if (!resource) {
    throw new TypeError(
      resourceName == null
        ? `${where}: no \`resource\` in the iframe URL: pass \`resource\` (one of ${PIPEDRIVE_RESOURCES.join(', ')})`
        : `${where}: \`resource\` ${JSON.stringify(resourceName)} is not supported (one of ${PIPEDRIVE_RESOURCES.join(', ')})`,
    );
  }
  let recordId = options.recordId ?? params.get('selectedIds');
  if (typeof recordId === 'string' && recordId.includes(',')) {
    throw new TypeError(`${where}: the page has ${recordId.split(',').length} records selected; a panel shows one`);
  }
  if (!((typeof recordId === 'string' && recordId !== '') || Number.isInteger(recordId))) {
    throw new TypeError(`${where}: no record: the iframe URL has no \`selectedIds\`; pass \`recordId\``);
  }
  recordId = String(recordId);
  if (resource !== 'lead' && !/^[1-9][0-9]*$/.test(recordId)) {
    throw new TypeError(`${where}: \`recordId\` ${JSON.stringify(recordId)} is not a Pipedrive ${resource} id (a positive integer)`);
  }

  const fields = pathFields(mergeMap(PIPEDRIVE_LEAD_FIELDS, options.fields, where, 'fields'), unwrap);
  const write = mergeMap(PIPEDRIVE_DECISION_FIELDS, options.decisionFields, where, 'decisionFields');
  if (typeof write.decision_id !== 'string' || write.decision_id === '') {
    throw new TypeError(
      `${where}: \`decisionFields.decision_id\` is required: the API key of a text custom field on ${resource === 'person' ? 'persons' : 'deals (leads share them)'} that keeps the decision id, so a re-posted decision is not applied twice`,
    );
  }
  if (options.status != null && (typeof options.status !== 'object' || Array.isArray(options.status))) {
    throw new TypeError(`${where}: \`status\` must be an object (outcome → value)`);
  }
  const status = { ...PIPEDRIVE_STATUS, ...(options.status ?? {}) };
  let labels = null;
  if (options.labels != null) {
    if (typeof options.labels !== 'object' || Array.isArray(options.labels)) throw new TypeError(`${where}: \`labels\` must be an object (outcome → label id)`);
    for (const [outcome, label] of Object.entries(options.labels)) {
      if (!['accepted', 'rejected', 'recycled'].includes(outcome)) throw new TypeError(`${where}: \`labels.${outcome}\` is not an outcome (accepted, rejected, recycled)`);
      if (!(typeof label === 'string' && label !== '') && !Number.isInteger(label) && label !== null) {
        throw new TypeError(`${where}: \`labels.${outcome}\` must be a label id (a UUID for leads, a number for deals and persons)`);
      }
    }
    labels = { ...options.labels };
  }
  const notes = options.notes !== false;
  const snackbar = options.snackbar !== false && sdk != null;
  const store = commonOptions(options, where, `leadlens-pipedrive:${resource}`);
  const reviewer = options.reviewer !== undefined ? options.reviewer : params.get('userId') || null;
  if (reviewer != null && (typeof reviewer !== 'string' || reviewer === '')) {
    throw new TypeError(`${where}: \`reviewer\` must be a non-empty string (the signed-in user's id)`);
  }

  const api = API[resource];
  let seenVersion;
  const listeners = new Set();
  let stopListening = null;

  async function call(method, path, what, { query, body } = {}) {
    const message = { method, path };
    if (query) message.query = query;
    if (body !== undefined) message.body = body;
    const answer = await request(message); // a rejection (no answer) is caught by the caller
    const code = Number(answer?.status) || 0;
    const payload = answer?.body;
    if (code >= 200 && code < 300 && payload && payload.success !== false) return payload;
    throw new Refused(code, failureForStatus(code, `Pipedrive refused ${what}: ${pipedriveMessage(payload)}`));
  }

  async function fetchItem(id) {
    try {
      const payload = await call('GET', api.path(id), `reading the ${resource}`);
      return payload.data && typeof payload.data === 'object' ? payload.data : null;
    } catch (error) {
      if (error instanceof Refused && (error.status === 404 || error.status === 410)) return null;
      throw error;
    }
  }

  // A linked person or organization the user cannot see (or that was deleted) leaves its fields
  // unknown; anything else (no answer, a server error) fails the read so the panel says so.
  async function fetchLinked(kind, id) {
    if (isEmpty(id)) return null;
    try {
      const payload = await call('GET', `/api/v2/${kind}/${encodeURIComponent(id)}`, `reading the ${kind === 'persons' ? 'person' : 'organization'}`);
      return payload.data ?? null;
    } catch (error) {
      if (error instanceof Refused && [403, 404, 410].includes(error.status)) return null;
      throw error;
    }
  }

  const customValue = (item, key) => (api.nested ? item?.custom_fields?.[key] : item?.[key]);

  async function hasNote(id, decisionId) {
    for (let page = 0, start = 0; page < NOTES_MAX_PAGES; page += 1) {
      const query = { [api.noteKey]: id, sort: 'add_time DESC', start, limit: NOTES_PAGE };
      const payload = await call('GET', '/api/v1/notes', 'reading the notes', { query });
      const list = Array.isArray(payload.data) ? payload.data : [];
      if (list.some((note) => isNoteFor(noteText(note?.content), decisionId))) return true;
      const pagination = payload.additional_data?.pagination;
      if (!pagination?.more_items_in_collection || list.length === 0) return false;
      start = Number.isInteger(pagination.next_start) ? pagination.next_start : start + list.length;
    }
    return false;
  }

  function updateBody(item, decision) {
    const values = decisionValues(decision, write, status);
    const body = api.nested ? { custom_fields: values } : { ...values };
    if (labels) {
      const ours = Object.values(labels).filter((label) => label !== null && label !== undefined);
      const current = Array.isArray(item.label_ids) ? item.label_ids : [];
      const kept = current.filter((label) => !ours.includes(label));
      const label = labels[decision.outcome];
      body.label_ids = label === null || label === undefined ? kept : [...kept, label];
    }
    return body;
  }

  const host = {
    capabilities: Object.freeze({ write: true, durableStore: store !== null }),
    resource,
    recordId,

    async readLead() {
      const item = await fetchItem(recordId);
      if (!item) throw new Error(`Pipedrive has no ${resource} ${recordId} (or this user cannot see it)`);
      const person = resource === 'person' ? item : await fetchLinked('persons', idOf(item.person_id));
      const organization = await fetchLinked('organizations', idOf(item.organization_id ?? item.org_id ?? person?.org_id));
      seenVersion = typeof item.update_time === 'string' ? item.update_time : undefined;
      const lead = leadFromRecord({ item, [resource]: item, person, organization }, fields);
      lead.id = String(item.id);
      return lead;
    },

    /** `update_time` of the lead, deal or person as last read. */
    version() {
      return seenVersion;
    },

    /**
     * Called with the re-read lead after this host wrote a decision to the record on the page,
     * and when the panel is shown again (the SDK's `visibility` event) and the record changed.
     */
    onLeadChange(callback) {
      if (typeof callback !== 'function') throw new TypeError(`${where}: onLeadChange needs a function`);
      listeners.add(callback);
      if (!stopListening && typeof sdk?.listen === 'function') {
        try {
          const stop = sdk.listen('visibility', (event) => {
            if (event?.data?.is_visible === true) refresh({ onlyIfChanged: true });
          });
          stopListening = typeof stop === 'function' ? stop : () => {};
        } catch {
          stopListening = () => {}; // an SDK without the event: changes show after our own writes only
        }
      }
      return () => {
        listeners.delete(callback);
        if (listeners.size === 0 && stopListening) {
          stopListening();
          stopListening = null;
        }
      };
    },

    async postDecision(decision, expectedVersion) {
      const problem = decisionProblem(decision);
      if (problem) return failure(`Not posted: ${problem}`);
      // Any record of this kind: the outbox (kept per kind) may still hold a decision made on
      // another record before this one was opened.
      const id = String(decision.lead_id);
      if (resource !== 'lead' && !/^[1-9][0-9]*$/.test(id)) return failure(`Not posted: ${JSON.stringify(id)} is not a Pipedrive ${resource} id`);
      try {
        const item = await fetchItem(id);
        if (!item) return failure(`Pipedrive has no ${resource} ${id} (or this user cannot see it)`);
        if (customValue(item, write.decision_id) === String(decision.decision_id)) return ok();
        if (expectedVersion !== undefined && expectedVersion !== null && item.update_time !== expectedVersion) {
          return failure(
            `The ${resource} changed in Pipedrive since it was scored (updated ${item.update_time ?? 'at an unknown time'}); reload it and decide again`,
            { conflict: true },
          );
        }
        if (notes && !(await hasNote(id, decision.decision_id))) {
          const content = decisionNoteHtml(decision);
          await call('POST', '/api/v1/notes', 'the note', { body: { content, [api.noteKey]: resource === 'lead' ? id : Number(id) } });
        }
        await call('PATCH', api.path(id), `the ${resource} update`, { body: updateBody(item, decision) });
        if (snackbar) showSnackbar(decision);
        if (id === recordId && listeners.size > 0) refresh({ onlyIfChanged: false });
        return ok();
      } catch (error) {
        if (error instanceof Refused) return error.result;
        // `request` rejected: no answer (offline, a timeout, the backend down). The write may or
        // may not have happened; a retry is safe (the decision id and the note marker).
        return failure(`Pipedrive did not answer: ${messageOf(error)}`, { retryable: true });
      }
    },
  };

  function showSnackbar(decision) {
    const verb = { accepted: 'accepted', rejected: 'rejected', recycled: 'recycled to nurture' }[decision.outcome];
    try {
      // 'show_snackbar' is Command.SHOW_SNACKBAR: the adapter does not import the SDK.
      Promise.resolve(sdk.execute('show_snackbar', { message: `leadlens: ${resource} ${verb}, saved to Pipedrive` })).catch(() => {});
    } catch {
      // A snackbar is a courtesy: the decision is saved either way.
    }
  }

  function refresh({ onlyIfChanged }) {
    const before = seenVersion;
    host.readLead().then(
      (lead) => {
        if (onlyIfChanged && seenVersion === before) return;
        for (const listener of listeners) listener(lead);
      },
      () => {}, // the panel keeps the lead it has; its next read reports the problem
    );
  }

  if (store) host.store = store;
  if (reviewer != null) host.reviewer = reviewer;
  return host;
}

// The signed token's expiry (seconds), read from the JWT payload without verifying it: the
// backend verifies; the browser only needs to know when to ask for a new one.
function tokenExpiry(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(part + '='.repeat((4 - (part.length % 4)) % 4)));
    return Number.isFinite(claims.exp) ? claims.exp : undefined;
  } catch {
    return undefined;
  }
}

const TOKEN_MARGIN_S = 30; // ask for a new token this long before the old one expires
const TOKEN_FALLBACK_S = 240; // a token without a readable `exp` is used for 4 of its 5 minutes

/**
 * The production transport: each Pipedrive call is POSTed as JSON `{ method, path, query, body }`
 * to the app's backend at `url` with `Authorization: Bearer <signed token>` (the SDK's 5-minute
 * JWT, renewed before it expires and once more if the backend answers 401). The backend answers
 * with Pipedrive's status and JSON body (`leadlens/hosts/pipedrive-proxy`).
 *
 * @param {string} url
 * @param {{ sdk: { execute(command: string, args?: unknown): Promise<unknown> }, fetch?: typeof fetch, timeoutMs?: number }} options
 */
export function backendRequest(url, options = {}) {
  const where = 'backendRequest';
  if (typeof url !== 'string' || url === '') throw new TypeError(`${where}: \`url\` must be the URL of your backend's Pipedrive proxy`);
  const { sdk } = options ?? {};
  if (typeof sdk?.execute !== 'function') throw new TypeError(`${where}: \`sdk\` must be the initialised AppExtensionsSDK (for the signed token)`);
  const fetchFn = options.fetch ?? globalThis.fetch;
  if (typeof fetchFn !== 'function') throw new TypeError(`${where}: no \`fetch\`: pass one`);
  const timeoutMs = options.timeoutMs ?? 20000;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) throw new TypeError(`${where}: \`timeoutMs\` must be a positive number`);
  let cached = null; // { token, renewAt (ms) }
  let asking = null; // the token being fetched: calls made meanwhile wait for it instead of asking again

  async function newToken() {
    const answer = await sdk.execute('get_signed_token'); // Command.GET_SIGNED_TOKEN
    const value = answer?.token;
    if (typeof value !== 'string' || value === '') throw new Error('Pipedrive gave no signed token');
    const exp = tokenExpiry(value);
    const renewAt = exp !== undefined ? (exp - TOKEN_MARGIN_S) * 1000 : Date.now() + TOKEN_FALLBACK_S * 1000;
    cached = { token: value, renewAt };
    return value;
  }

  function token(fresh) {
    if (!fresh && cached && Date.now() < cached.renewAt) return Promise.resolve(cached.token);
    if (!asking) asking = newToken().finally(() => (asking = null));
    return asking;
  }

  async function send(message, fresh) {
    const controller = typeof AbortController === 'function' ? new AbortController() : null;
    const timer = controller ? setTimeout(() => controller.abort(), timeoutMs) : null;
    try {
      const response = await fetchFn(url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${await token(fresh)}`, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(message),
        signal: controller?.signal,
      });
      const text = await response.text();
      let body;
      try {
        body = text === '' ? null : JSON.parse(text);
      } catch {
        body = { success: false, error: text.slice(0, 200) };
      }
      return { status: response.status, body };
    } catch (error) {
      if (error?.name === 'AbortError') throw new Error(`no answer from ${url} in ${timeoutMs} ms`);
      throw error;
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  return async function request(message) {
    const answer = await send(message, false);
    // 401 from the backend: the signed token was refused (expired in transit, clock skew). Nothing
    // was forwarded, so sending again with a new token is safe, once.
    return answer.status === 401 ? send(message, true) : answer;
  };
}

/**
 * Initialises the extension SDK (the global `AppExtensionsSDK` from Pipedrive's UMD build, or
 * `SDK`), and returns the host for the record in the iframe URL, talking to Pipedrive through
 * `backend` (your proxy's URL) unless `request` is given.
 * @param {import('./pipedrive.d.ts').ConnectPipedriveOptions} [options]
 */
export async function connectPipedrive(options = {}) {
  const { SDK = globalThis.AppExtensionsSDK, backend, fetch, size, ...rest } = options;
  let { sdk } = options;
  if (!sdk) {
    if (typeof SDK !== 'function') {
      throw new TypeError("connectPipedrive: `AppExtensionsSDK` is missing: load Pipedrive's app extensions SDK, or pass `SDK` or an initialised `sdk`");
    }
    sdk = await new SDK().initialize(size ? { size } : undefined);
  }
  let request = rest.request;
  if (!request) {
    if (typeof backend !== 'string') throw new TypeError('connectPipedrive: pass `backend` (the URL of your Pipedrive proxy) or `request`');
    request = backendRequest(backend, { sdk, fetch });
  }
  return pipedriveHost({ ...rest, sdk, request });
}
