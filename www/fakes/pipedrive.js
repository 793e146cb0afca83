// A fake of Pipedrive for a custom UI extension, for the adapter's tests and the demo page: the
// extension SDK (`@pipedrive/app-extensions-sdk`, which only talks to the Pipedrive frame) and the
// Pipedrive REST API the app's backend calls. Pipedrive publishes no mock of either; this follows
// the SDK's source (github.com/pipedrive/app-extensions-sdk, src/index.ts, src/types.ts) and the
// API's documented envelopes (github.com/pipedrive/client-nodejs, src/versions/v1 and v2):
//   new AppExtensionsSDK().initialize() → the SDK; sdk.execute(command, args) before that throws
//     'SDK is not initialized'; 'get_signed_token' → { token } (a JWT for 5 minutes with userId
//     and companyId); 'show_snackbar' { message, link? } → undefined; sdk.listen(event, cb) → stop;
//   the iframe URL: ?resource=deal&view=details&userId=…&companyId=…&selectedIds=…&token=…&id=…;
//   GET/PATCH /api/v1/leads/{uuid}: custom fields (deal fields) at the top level, `update_time`
//     like 2026-11-22T09:00:00.000Z;
//   GET/PATCH /api/v2/deals/{id}, /api/v2/persons/{id}, GET /api/v2/organizations/{id}: custom
//     fields under `custom_fields`, RFC 3339 times, persons with `emails`/`phones` [{ value,
//     primary, label }];
//   GET /api/v1/notes?lead_id|deal_id|person_id&start&limit&sort → { success, data: [note],
//     additional_data: { pagination: { start, limit, more_items_in_collection, next_start } } };
//   POST /api/v1/notes { content, lead_id | deal_id | person_id } → 201 { success, data: note };
//   every answer is { success: true, data }; a refusal { success: false, error, error_info,
//     data: null } with its HTTP status (400 validation, 401, 403, 404 "… not found", 429).
// Unverified details (the exact 400 texts, 201 vs 200) are marked where they are made up.

export const PIPEDRIVE_MODES = Object.freeze(['online', 'offline', 'timeout', 'error', 'throttled']);

const clone = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
const INFO = 'Please check developers.pipedrive.com for more information about Pipedrive API.';

// Lead fields PATCH /v1/leads accepts besides custom fields (client-nodejs UpdateLeadRequest).
const LEAD_KEYS = new Set(['title', 'owner_id', 'label_ids', 'person_id', 'organization_id', 'is_archived', 'value', 'expected_close_date', 'visible_to', 'was_seen', 'channel', 'channel_id']);
const V2_KEYS = {
  deals: new Set(['title', 'owner_id', 'person_id', 'org_id', 'pipeline_id', 'stage_id', 'value', 'currency', 'status', 'label_ids', 'expected_close_date', 'visible_to', 'custom_fields']),
  persons: new Set(['name', 'owner_id', 'org_id', 'emails', 'phones', 'visible_to', 'label_ids', 'marketing_status', 'custom_fields']),
};

// Command values of the SDK (src/types.ts, enum Command).
const COMMANDS = ['show_snackbar', 'show_confirmation', 'resize', 'initialize', 'open_modal', 'close_modal', 'get_signed_token', 'redirect_to', 'show_floating_window', 'hide_floating_window', 'set_notification', 'set_focus_mode', 'get_metadata'];

const base64url = (text) => btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * @param {{ leads?: object[], deals?: object[], persons?: object[], organizations?: object[],
 *   fields?: { deal?: string[], person?: string[], organization?: string[] },
 *   open?: { resource: 'lead' | 'deal' | 'person', id: string | number },
 *   user?: { id: number, name: string }, company?: { id: number, domain: string },
 *   start?: string, latencyMs?: number, tokenLifetimeSeconds?: number }} options
 *   Records as the API returns them (`id` required). `fields`: custom field API keys that exist
 *   (leads share the deal fields); a write naming any other key is refused with 400.
 */
export function createPipedriveFake(options = {}) {
  const user = options.user ?? { id: 12345678, name: 'Dana Ruiz' };
  const company = options.company ?? { id: 7654321, domain: 'acme' };
  const apiDomain = `https://${company.domain}.pipedrive.com`;
  let clock = Date.parse(options.start ?? '2026-11-22T09:00:00Z');
  const v1Time = (ms) => new Date(ms).toISOString(); // leads: milliseconds and Z
  const v2Time = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'); // API v2: RFC 3339, seconds
  const tick = () => (clock += 1000);
  const known = { deal: new Set(options.fields?.deal ?? []), person: new Set(options.fields?.person ?? []), organization: new Set(options.fields?.organization ?? []) };

  const store = { lead: new Map(), deal: new Map(), person: new Map(), organization: new Map() };
  const load = (kind, list, time) => {
    for (const input of list ?? []) {
      const record = { add_time: time(clock), update_time: time(clock), ...clone(input) };
      if (kind !== 'lead') record.custom_fields = { ...(record.custom_fields ?? {}) };
      store[kind].set(String(record.id), record);
    }
  };
  load('lead', options.leads, v1Time);
  load('deal', options.deals, v2Time);
  load('person', options.persons, v2Time);
  load('organization', options.organizations, v2Time);
  const noteList = [];
  let nextNoteId = 1000;

  const firstOf = (kind) => [...store[kind].keys()][0];
  const openResource = options.open?.resource ?? (store.lead.size > 0 ? 'lead' : store.deal.size > 0 ? 'deal' : 'person');
  const openId = String(options.open?.id ?? firstOf(openResource));

  let mode = 'online';
  const latencyMs = options.latencyMs ?? 0;
  const calls = [];
  const snackbars = [];
  const changeListeners = new Set();
  const emit = (change) => {
    for (const listener of changeListeners) listener(change);
  };

  const success = (data, status = 200, extra = {}) => ({ status, body: { success: true, data: clone(data), ...extra } });
  const refusal = (status, error) => ({ status, body: { success: false, error, error_info: INFO, data: null, additional_data: null } });
  const notFound = (what) => refusal(404, `${what} not found`);

  function touch(kind, record) {
    record.update_time = (kind === 'lead' ? v1Time : v2Time)(tick());
  }

  function patchLead(id, body) {
    const lead = store.lead.get(id);
    if (!lead) return notFound('Lead');
    for (const key of Object.keys(body)) {
      if (!LEAD_KEYS.has(key) && !known.deal.has(key)) return refusal(400, `Validation failed: Parameter '${key}' is not allowed for this request`); // text unverified
    }
    Object.assign(lead, clone(body));
    touch('lead', lead);
    emit({ type: 'update', resource: 'lead', id, fields: Object.keys(body) });
    return success(lead);
  }

  function patchV2(kind, id, body) {
    const record = store[kind].get(id);
    if (!record) return notFound(kind === 'deal' ? 'Deal' : 'Person');
    const allowed = V2_KEYS[`${kind}s`];
    for (const key of Object.keys(body)) {
      if (!allowed.has(key)) return refusal(400, `Validation failed: body: Parameter '${key}' is not allowed for this request`); // text unverified
    }
    for (const key of Object.keys(body.custom_fields ?? {})) {
      if (!known[kind].has(key)) return refusal(400, `Validation failed: custom_fields: Unknown custom field '${key}'`); // text unverified
    }
    const { custom_fields: custom, ...rest } = clone(body);
    Object.assign(record, rest);
    if (custom) Object.assign(record.custom_fields, custom);
    touch(kind, record);
    emit({ type: 'update', resource: kind, id, fields: [...Object.keys(rest), ...Object.keys(custom ?? {})] });
    return success(record);
  }

  function listNotes(query) {
    const key = ['lead_id', 'deal_id', 'person_id'].find((k) => query?.[k] !== undefined);
    let list = noteList.filter((note) => note.active_flag && (!key || String(note[key]) === String(query[key])));
    if (/add_time DESC/i.test(query?.sort ?? '')) list = [...list].reverse();
    const start = Number(query?.start ?? 0);
    const limit = Math.min(Number(query?.limit ?? 100), 500);
    const page = list.slice(start, start + limit);
    const more = start + limit < list.length;
    const pagination = { start, limit, more_items_in_collection: more };
    if (more) pagination.next_start = start + limit;
    return success(page, 200, { additional_data: { pagination } });
  }

  function addNote(body) {
    const key = ['lead_id', 'deal_id', 'person_id'].find((k) => body?.[k] !== undefined && body[k] !== null);
    if (typeof body?.content !== 'string' || body.content === '') return refusal(400, 'Validation failed: content: Required');
    if (!key) return refusal(400, 'Validation failed: one of lead_id, deal_id, person_id, org_id, project_id is required');
    const kind = key.replace('_id', '');
    if (!store[kind].has(String(body[key]))) return notFound(kind === 'lead' ? 'Lead' : kind === 'deal' ? 'Deal' : 'Person');
    const time = new Date(tick()).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ''); // v1 notes: "YYYY-MM-DD HH:MM:SS"
    const note = {
      id: (nextNoteId += 1),
      user_id: user.id,
      content: body.content,
      lead_id: key === 'lead_id' ? String(body.lead_id) : null,
      deal_id: key === 'deal_id' ? Number(body.deal_id) : null,
      person_id: key === 'person_id' ? Number(body.person_id) : null,
      org_id: null,
      add_time: time,
      update_time: time,
      active_flag: true,
      pinned_to_lead_flag: false,
      pinned_to_deal_flag: false,
      pinned_to_person_flag: false,
      user: { email: 'dana@example.com', name: user.name, icon_url: null, is_you: true },
    };
    noteList.push(note);
    emit({ type: 'note', resource: kind, id: String(body[key]), noteId: note.id });
    return success(note, 201); // 201 for a created note: unverified (the adapter takes any 2xx)
  }

  const WRITES = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

  // Pipedrive's answer to one API call, in the current mode.
  async function api(method, path, query, body) {
    calls.push({ name: `${method} ${path}`, args: clone({ query, body }) });
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (mode === 'offline') throw new TypeError('Failed to fetch'); // what fetch rejects with
    if (mode === 'throttled') return refusal(429, 'Request over limit');
    const write = WRITES.has(method);
    if (write && mode === 'error') return refusal(403, 'You do not have permissions to edit this item');
    const result = route(method, path, query, body);
    if (write && mode === 'timeout' && result.status < 300) throw new TypeError('Failed to fetch'); // applied, then the answer was lost
    return result;
  }

  function route(method, path, query, body) {
    let match;
    if ((match = /^\/api\/v1\/leads\/([^/]+)$/.exec(path))) {
      const id = decodeURIComponent(match[1]);
      if (method === 'GET') return store.lead.has(id) ? success(store.lead.get(id)) : notFound('Lead');
      if (method === 'PATCH') return patchLead(id, body ?? {});
    }
    if ((match = /^\/api\/v2\/(deals|persons|organizations)\/(\d+)$/.exec(path))) {
      const kind = { deals: 'deal', persons: 'person', organizations: 'organization' }[match[1]];
      const id = match[2];
      const what = { deal: 'Deal', person: 'Person', organization: 'Organization' }[kind];
      if (method === 'GET') return store[kind].has(id) ? success(store[kind].get(id)) : notFound(what);
      if (method === 'PATCH' && kind !== 'organization') return patchV2(kind, id, body ?? {});
    }
    if (path === '/api/v1/notes') {
      if (method === 'GET') return listNotes(query);
      if (method === 'POST') return addNote(body);
    }
    return refusal(404, `Unknown method ${method} ${path}`); // text unverified
  }

  /** The Pipedrive API as the adapter's `request` sees it (no backend in between). */
  function request({ method, path, query, body } = {}) {
    return api(method, path, query, body);
  }

  let accessToken = 'fake-oauth-access-token-1';
  let accessTokens = 1;

  /** The Pipedrive API over HTTP, as the app's backend reaches it: `fetch(apiDomain + path, init)`. */
  async function fetchApi(url, init = {}) {
    const target = new URL(url);
    const json = (result) => new Response(JSON.stringify(result.body), { status: result.status, headers: { 'Content-Type': 'application/json' } });
    if (target.origin !== apiDomain) throw new TypeError(`Failed to fetch ${target.origin}`);
    const headers = new Headers(init.headers);
    if (headers.get('Authorization') !== `Bearer ${accessToken}`) return json(refusal(401, 'unauthorized access'));
    const query = Object.fromEntries(target.searchParams);
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    return json(await api(init.method ?? 'GET', target.pathname, Object.keys(query).length ? query : undefined, body));
  }

  // The SDK's signed tokens: a JWT whose payload is real (the adapter reads `exp`); the signature
  // is a marker this fake checks in verifyToken, as the backend would with the JWT secret.
  const issued = new Set();
  const lifetime = options.tokenLifetimeSeconds ?? 300;
  function signedToken() {
    const iat = Math.floor(Date.now() / 1000);
    const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = base64url(JSON.stringify({ userId: user.id, companyId: company.id, iat, exp: iat + lifetime }));
    const token = `${header}.${payload}.fake-signature-${issued.size + 1}`;
    issued.add(token);
    return token;
  }

  class AppExtensionsSDK {
    #initialized = false;
    constructor(sdkOptions = {}) {
      this.identifier = sdkOptions.identifier ?? 'leadlens-extension';
      this.userSettings = { theme: 'light' };
    }
    async initialize(args = {}) {
      calls.push({ name: 'sdk.initialize', args: clone(args) });
      this.#initialized = true;
      return this;
    }
    // Like the real one: throws (synchronously) before initialize() or for an unknown command,
    // otherwise a promise of the Pipedrive frame's answer.
    execute(command, args) {
      if (!this.#initialized) throw new Error('SDK is not initialized');
      if (!COMMANDS.includes(command)) throw new Error('Invalid command');
      calls.push({ name: 'sdk.execute', args: clone({ command, args }) });
      if (command === 'get_signed_token') return Promise.resolve({ token: signedToken() });
      if (command === 'show_snackbar') {
        snackbars.push(clone(args));
        emit({ type: 'snackbar', message: args?.message });
      }
      return Promise.resolve(command === 'show_confirmation' ? { confirmed: true } : undefined);
    }
    listen(event, callback) {
      const entry = { event, callback };
      sdkListeners.add(entry);
      return () => sdkListeners.delete(entry);
    }
  }
  const sdkListeners = new Set();
  const sdk = new AppExtensionsSDK();
  sdk.initialize(); // resolves at once; the fake's own `sdk` is ready to use

  const params = new URLSearchParams({
    resource: openResource,
    view: 'details',
    userId: String(user.id),
    companyId: String(company.id),
    selectedIds: openId,
    isShared: 'false',
    theme: 'light',
    id: 'leadlens-extension',
  });
  const url = `https://leadlens.example/pipedrive/panel?${params}`;

  const collection = (resource) => {
    if (!store[resource]) throw new RangeError(`resource must be one of lead, deal, person, organization`);
    return store[resource];
  };

  return {
    /** The Pipedrive API, as the adapter's `request`. */
    request,
    /** The Pipedrive API over HTTP at `apiDomain` (for a backend proxy), with `accessToken`. */
    fetch: fetchApi,
    apiDomain,
    get accessToken() {
      return accessToken;
    },
    /** The OAuth access token expires: the old one is refused (401) from now on. */
    expireAccessToken() {
      accessTokens += 1;
      accessToken = `fake-oauth-access-token-${accessTokens}`;
      return accessToken;
    },
    /** An initialised SDK; `AppExtensionsSDK` for code that constructs its own. */
    sdk,
    AppExtensionsSDK,
    /** The iframe URL of the open record. */
    url,
    resource: openResource,
    openId,
    user,
    company,
    /** What the backend's jwt.verify does: the claims of a token this fake issued, unexpired. */
    verifyToken(token) {
      if (!issued.has(token)) throw new Error('invalid signature');
      const claims = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      if (claims.exp * 1000 <= Date.now()) throw new Error('jwt expired');
      return claims;
    },
    /** Pipedrive shows or hides the panel (the SDK's `visibility` event). */
    setVisible(visible) {
      for (const { event, callback } of sdkListeners) if (event === 'visibility') callback({ data: { is_visible: visible } });
    },
    /** A copy of a record as Pipedrive holds it (default: the open record's kind). */
    record: (id, resource = openResource) => clone(collection(resource).get(String(id))),
    /** Notes attached to a record, oldest first. */
    notes: (id, resource = openResource) => clone(noteList.filter((note) => note.active_flag && String(note[`${resource}_id`]) === String(id))),
    /** Snackbars the extension showed: `{ message, link? }`. */
    snackbars: () => clone(snackbars),
    /** Every API and SDK call so far, oldest first: `{ name, args }`. */
    calls,
    setMode(next) {
      if (!PIPEDRIVE_MODES.includes(next)) throw new RangeError(`mode must be one of ${PIPEDRIVE_MODES.join(', ')}`);
      mode = next;
      emit({ type: 'mode', mode });
    },
    get mode() {
      return mode;
    },
    /** Another user edits the record in Pipedrive: fields change, update_time moves. */
    edit(id, fields, resource = openResource) {
      const record = collection(resource).get(String(id));
      if (!record) throw new RangeError(`no ${resource} ${id}`);
      const { custom_fields: custom, ...rest } = clone(fields);
      Object.assign(record, rest, { id: record.id });
      if (custom) Object.assign(record.custom_fields ?? (record.custom_fields = {}), custom);
      touch(resource, record);
      emit({ type: 'edit', resource, id: String(record.id), fields: Object.keys(fields) });
    },
    subscribe(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
  };
}
