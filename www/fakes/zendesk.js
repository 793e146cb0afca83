// A fake of a Zendesk app's side of the Zendesk App Framework (ZAF) — `ZAFClient.init()` and the
// client it returns — with fake Zendesk APIs behind `client.request`, for the adapter's tests and
// the demo pages. Zendesk publishes no mock; this follows the documented call and answer shapes:
//
// The ZAF client (github.com/zendesk/zendesk_app_framework_sdk, lib/index.js and lib/client.js):
//   ZAFClient.init([callback]) → a client, or false when the page URL has no origin/app_guid
//     (the page was not opened by Zendesk); the callback gets the context once registered;
//   client.get('a.b') → { 'a.b': value, errors: {} }; a single path REJECTS when Zendesk reports
//     an error for it (`errors: { 'a.b': { message } }`); client.get([paths]) never rejects for a
//     path: its errors are in `errors`. set(key, value) and invoke(name, ...args) answer alike;
//   client.on / off / has / trigger (events: `lead.<property>.changed` with
//     { propertyName, oldValue, newValue } in a Sell lead card, `ticket.updated` and
//     `ticket.saved` in a Support ticket sidebar);
//   client.metadata() → { appId, installationId, name, version, settings } (secure settings are
//     not in `settings`: Zendesk's proxy puts them into requests as `{{setting.name}}`);
//   client.context() → { product, location, instanceGuid, account, … };
//   client.request(options) → the parsed body, or rejects with a jqXHR-like
//     { readyState, status, statusText, responseText, responseJSON } (status 0 and statusText
//     'error' or 'timeout' when no answer came).
//
// Zendesk Sell API (developer.zendesk.com/api-reference/sales-crm), base https://api.getbase.com,
// reached with `headers: { Authorization: 'Bearer {{setting.<name>}}' }, secure: true`:
//   GET /v2/leads/:id → { data: lead, meta: { type: 'lead' } };
//   PUT /v2/leads/:id { data: { status, custom_fields: { name: value } } } → the same envelope;
//   POST /v2/notes { data: { resource_type: 'lead', resource_id, content } } → { data: note, meta };
//   GET /v2/notes?resource_type=lead&resource_id=… → { items: [{ data, meta }], meta: { links } };
//   errors → { errors: [{ error: { code, message, details, field? }, meta }], meta: { type:
//     'errors', http_status, logref } }. Modelled, not verified against a live account: a custom
//     field that does not exist on leads is a 422, and adding a note does not move the lead's
//     `updated_at`.
// Zendesk Support API (developer.zendesk.com/api-reference/ticketing), same origin, the agent's
// session:
//   GET /api/v2/tickets/:id.json[?include=users,organizations] → { ticket, users, organizations };
//   GET /api/v2/tickets/:id/comments.json[?sort_order=desc] → { comments, next_page, count };
//   PUT /api/v2/tickets/:id.json { ticket: { comment, custom_fields: [{ id, value }],
//     safe_update, updated_stamp } } → { ticket, audit }; 409 when `updated_stamp` is not the
//     ticket's `updated_at` (safe update); custom field ids the account does not have are ignored
//     (the REST API is permissive and still answers 200); a closed ticket is a 422;
//   errors → { error, description, details }. The 409 body text is from memory, unverified.
//
// Modes (setMode): online; offline (no answer, nothing applied); timeout (reads answer, a write is
// applied and then its answer is lost); error (writes refused: 403); ratelimit (every request
// 429); unavailable (every request 503).

export const ZENDESK_MODES = Object.freeze(['online', 'offline', 'timeout', 'error', 'ratelimit', 'unavailable']);

const clone = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));

const STATUS_TEXT = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** Zendesk's time format: seconds, UTC, `2026-11-22T09:00:00Z`. */
const zendeskTime = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

// What a jqXHR looks like after a failed request.
function httpError(status, body) {
  return { readyState: 4, status, statusText: STATUS_TEXT[status] ?? 'error', responseText: JSON.stringify(body), responseJSON: clone(body) };
}
const noAnswer = (statusText) => ({ readyState: 0, status: 0, statusText, responseText: '' });

class Reply {
  constructor(status, body) {
    this.status = status;
    this.body = body;
  }
}

function pathValue(root, path) {
  let at = root;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object' || !(key in at)) return { missing: true };
    at = at[key];
  }
  return { value: at };
}

/**
 * The shared part: a ZAF client over `view()` (what `get` can read), answering `request` with
 * `route(method, url, options, body)`, in the current mode.
 */
function zafFake({ product, location, view, route, isWrite, refusal, limited, context, settings, embedded, latencyMs, calls, emit }) {
  let mode = 'online';
  const handlers = new Map();
  const overrides = new Map(); // `client.set` values: the form's unsaved state, never stored

  const answer = (paths) => {
    const result = { errors: {} };
    const data = view();
    for (const path of paths) {
      if (overrides.has(path)) {
        result[path] = clone(overrides.get(path));
        continue;
      }
      const got = pathValue(data, path);
      if (got.missing) result.errors[path] = { message: 'No such Api' };
      else result[path] = clone(got.value);
    }
    return result;
  };
  // lib/client.js processResponse: a single path with an error rejects.
  const single = (path, result) => {
    if (typeof path === 'string' && result.errors[path]) throw new Error(result.errors[path].message);
    return result;
  };

  const client = {
    get(path) {
      const paths = Array.isArray(path) ? path : [path];
      if (arguments.length > 1 || paths.some((p) => typeof p !== 'string')) throw new Error('The get method accepts a string or array of strings.');
      calls.push({ name: 'get', args: clone(path) });
      return Promise.resolve().then(() => single(path, answer(paths)));
    },
    set(key, value) {
      let object = key;
      if (typeof key === 'string') {
        if (arguments.length === 1) throw new Error('The setter requires a value');
        object = { [key]: value };
      }
      if (object === null || typeof object !== 'object' || Array.isArray(object)) {
        throw new Error('The set method accepts a key and value pair, or an object of key and value pairs.');
      }
      calls.push({ name: 'set', args: clone(object) });
      const result = { errors: {} };
      for (const [path, v] of Object.entries(object)) {
        if (pathValue(view(), path).missing) result.errors[path] = { message: 'No such Api' };
        else {
          overrides.set(path, clone(v));
          result[path] = clone(v);
        }
      }
      return Promise.resolve().then(() => single(key, result));
    },
    invoke(name, ...args) {
      if (typeof name !== 'string') throw new Error('Invoke supports string arguments or an object with array of strings.');
      calls.push({ name: 'invoke', args: [name, ...clone(args)] });
      const known = ['resize', 'notify', 'instances.create'];
      const result = known.includes(name) ? { errors: {}, [name]: null } : { errors: { [name]: { message: 'No such Api' } } };
      return Promise.resolve().then(() => single(name, result));
    },
    on(name, handler) {
      if (typeof handler !== 'function') return;
      calls.push({ name: 'on', args: name });
      if (!handlers.has(name)) handlers.set(name, []);
      handlers.get(name).push(handler);
    },
    off(name, handler) {
      calls.push({ name: 'off', args: name });
      const list = handlers.get(name);
      if (!list) return false;
      const index = list.indexOf(handler);
      if (index !== -1) list.splice(index, 1);
      return handler;
    },
    has(name, handler) {
      return (handlers.get(name) ?? []).includes(handler);
    },
    trigger(name, data) {
      calls.push({ name: 'trigger', args: [name, clone(data)] });
      fire(name, data);
    },
    metadata() {
      calls.push({ name: 'metadata', args: null });
      return Promise.resolve({ appId: 91001, installationId: 360000123, name: 'leadlens', version: '1.0.0', settings: clone(settings) });
    },
    context() {
      calls.push({ name: 'context', args: null });
      return Promise.resolve(clone(context()));
    },
    async request(options) {
      const settingsIn = typeof options === 'string' ? { url: options } : options;
      calls.push({ name: 'request', args: clone(settingsIn) });
      if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
      const method = String(settingsIn?.type ?? 'GET').toUpperCase();
      const url = String(settingsIn?.url ?? '');
      let body;
      if (typeof settingsIn?.data === 'string' && settingsIn.data !== '') {
        try {
          body = JSON.parse(settingsIn.data);
        } catch {
          throw httpError(400, refusal.badJson);
        }
      } else body = settingsIn?.data;
      const write = isWrite(method);
      if (mode === 'offline') throw noAnswer('error');
      if (mode === 'ratelimit') throw httpError(429, limited(429));
      if (mode === 'unavailable') throw httpError(503, limited(503));
      if (mode === 'error' && write) throw httpError(403, refusal.forbidden);
      const reply = route(method, url, settingsIn, body);
      if (mode === 'timeout' && write) throw noAnswer('timeout'); // applied; the answer is lost
      if (reply.status >= 400) throw httpError(reply.status, reply.body);
      return clone(reply.body);
    },
  };

  function fire(name, data) {
    for (const handler of [...(handlers.get(name) ?? [])]) handler(clone(data));
  }

  const ZAFClient = {
    init(callback) {
      calls.push({ name: 'init', args: null });
      if (!embedded) return false;
      if (typeof callback === 'function') queueMicrotask(() => callback.call(client, clone(context())));
      return client;
    },
  };

  return {
    client,
    ZAFClient,
    product,
    location,
    fire,
    setMode(next) {
      if (!ZENDESK_MODES.includes(next)) throw new RangeError(`mode must be one of ${ZENDESK_MODES.join(', ')}`);
      mode = next;
      emit({ type: 'mode', mode });
    },
    get mode() {
      return mode;
    },
    /** Every `client.request` so far as `{ method, url, body }` (body parsed from `data`). */
    requests() {
      return calls
        .filter((c) => c.name === 'request')
        .map((c) => ({
          method: String(c.args?.type ?? 'GET').toUpperCase(),
          url: c.args?.url,
          body: typeof c.args?.data === 'string' && c.args.data !== '' ? JSON.parse(c.args.data) : c.args?.data,
        }));
    },
  };
}

// The demo/test interface both fakes share, added to `fake` with `mode` kept a getter (spreading
// an object would read it once and freeze it).
function withFacade(zaf, fake) {
  return Object.defineProperties(fake, Object.getOwnPropertyDescriptors({
    client: zaf.client,
    ZAFClient: zaf.ZAFClient,
    product: zaf.product,
    location: zaf.location,
    /** Fires a ZAF event at the app, as Zendesk would. */
    fire: zaf.fire,
    setMode: zaf.setMode,
    get mode() {
      return zaf.mode;
    },
    requests: zaf.requests,
  }));
}

function clock(start) {
  let now = Date.parse(start ?? '2026-11-22T09:00:00Z');
  return {
    now: () => zendeskTime(now),
    // Timestamps have whole seconds: every change moves them by at least one.
    tick: () => {
      now += 1000;
      return zendeskTime(now);
    },
  };
}

function changes() {
  const listeners = new Set();
  return {
    emit(change) {
      for (const listener of listeners) listener(change);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const camel = (name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase());

// ---------------------------------------------------------------------------------------------

/**
 * A Zendesk Sell account with the app in a lead card.
 * @param {{ leads: object[], openId?: number|string, customFields?: string[],
 *   secureSettings?: Record<string, string>, settings?: Record<string, unknown>,
 *   user?: { id: number, name: string, email: string }, start?: string, latencyMs?: number,
 *   embedded?: boolean }} options
 *   `leads`: Sell leads as GET /v2/leads/:id gives them (`id` required); `customFields`: names of
 *   lead custom fields that exist besides those the leads carry; `secureSettings`: the app's
 *   secure settings (default `{ access_token }`), the only names `{{setting.…}}` may use.
 */
export function createZendeskSellFake(options) {
  const apiBase = 'https://api.getbase.com';
  const time = clock(options.start);
  const { emit, subscribe } = changes();
  const calls = [];
  const user = options.user ?? { id: 7001, name: 'Dana Ruiz', email: 'dana@example.com' };
  const secure = options.secureSettings ?? { access_token: 'sell-pat-0000' };
  const leads = new Map();
  const notes = new Map();
  const known = new Set(options.customFields ?? []);
  for (const input of options.leads) {
    const lead = {
      creator_id: user.id,
      owner_id: user.id,
      status: 'New',
      custom_fields: {},
      tags: [],
      created_at: time.now(),
      updated_at: time.now(),
      ...clone(input),
      id: Number(input.id),
    };
    for (const name of Object.keys(lead.custom_fields)) known.add(name);
    leads.set(String(lead.id), lead);
    notes.set(String(lead.id), []);
  }
  let nextNote = 90000;
  let logref = 0;
  const openId = String(options.openId ?? [...leads.keys()][0]);

  const errors = (status, list) => ({
    errors: list.map((error) => ({ error, meta: { type: 'error', links: { more_info: 'https://developer.zendesk.com/api-reference/sales-crm/errors/' } } })),
    meta: { type: 'errors', http_status: `${status} ${STATUS_TEXT[status] ?? ''}`.trim(), logref: `fake-${(logref += 1)}` },
  });
  const fail = (status, error) => new Reply(status, errors(status, [error]));
  const notFound = () => fail(404, { code: 'not_found', message: 'Resource not found', details: 'The requested resource could not be found.' });

  const route = (method, url, settings, body) => {
    // The proxy puts a secure setting in place of its placeholder only with `secure: true`;
    // otherwise the placeholder reaches Sell as it is and the token is invalid.
    const headers = Object.fromEntries(Object.entries(settings?.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const match = /^Bearer \{\{setting\.([A-Za-z0-9_]+)\}\}$/.exec(headers.authorization ?? '');
    if (!match || settings?.secure !== true || !(match[1] in secure)) {
      return fail(401, { code: 'unauthorized', message: 'Unauthorized', details: 'The access token provided is expired, revoked, malformed or invalid.' });
    }
    if (!url.startsWith(`${apiBase}/`)) return notFound();
    const parsed = new URL(url);
    const path = parsed.pathname;
    let m;
    if ((m = /^\/v2\/leads\/(\d+)$/.exec(path))) {
      const lead = leads.get(m[1]);
      if (!lead) return notFound();
      if (method === 'GET') return new Reply(200, { data: clone(lead), meta: { type: 'lead' } });
      if (method === 'PUT') {
        const data = body?.data;
        if (data === null || typeof data !== 'object') return fail(422, { code: 'invalid', message: 'data is required', details: 'The request body must be {"data": {…}}.' });
        const custom = data.custom_fields ?? {};
        for (const name of Object.keys(custom)) {
          if (!known.has(name)) {
            return fail(422, { resource: 'lead', field: 'custom_fields', code: 'invalid', message: 'custom field does not exist', details: `"${name}" is not a custom field of leads` });
          }
        }
        const { custom_fields: _ignored, id: _id, ...attributes } = data;
        Object.assign(lead, clone(attributes), { custom_fields: { ...lead.custom_fields, ...clone(custom) }, updated_at: time.tick() });
        emit({ type: 'update', id: String(lead.id), fields: Object.keys(data) });
        return new Reply(200, { data: clone(lead), meta: { type: 'lead' } });
      }
      return notFound();
    }
    if (path === '/v2/notes') {
      if (method === 'GET') {
        const type = parsed.searchParams.get('resource_type');
        const resourceId = parsed.searchParams.get('resource_id');
        const perPage = Math.min(Number(parsed.searchParams.get('per_page') ?? 25), 100);
        const page = Number(parsed.searchParams.get('page') ?? 1);
        let list = type === 'lead' && notes.has(resourceId) ? [...notes.get(resourceId)] : [];
        if (parsed.searchParams.get('sort_by') === 'created_at:desc') list = list.reverse();
        const items = list.slice((page - 1) * perPage, page * perPage);
        const links = { self: url };
        if (page * perPage < list.length) {
          const next = new URL(url);
          next.searchParams.set('page', String(page + 1));
          links.next_page = next.href;
        }
        return new Reply(200, { items: items.map((data) => ({ data: clone(data), meta: { type: 'note' } })), meta: { type: 'collection', count: items.length, links } });
      }
      if (method === 'POST') {
        const data = body?.data ?? {};
        const key = String(data.resource_id);
        if (data.resource_type !== 'lead' || !leads.has(key)) {
          return fail(422, { resource: 'note', field: 'resource_id', code: 'invalid', message: 'resource does not exist', details: `no ${data.resource_type} ${data.resource_id}` });
        }
        if (typeof data.content !== 'string' || data.content.trim() === '') {
          return fail(422, { resource: 'note', field: 'content', code: 'blank', message: 'can\'t be blank', details: 'content is required' });
        }
        const at = time.tick();
        const note = { id: (nextNote += 1), creator_id: user.id, resource_type: 'lead', resource_id: Number(key), content: data.content, is_important: false, tags: [], created_at: at, updated_at: at };
        notes.get(key).push(note);
        emit({ type: 'note', id: key, noteId: note.id });
        return new Reply(200, { data: clone(note), meta: { type: 'note' } });
      }
    }
    return notFound();
  };

  // The lead card's `lead` object (only `id` and `email` are known to be in it; the rest mirror
  // the Sell API in camelCase).
  const zafLead = (lead) => ({
    id: lead.id,
    firstName: lead.first_name ?? null,
    lastName: lead.last_name ?? null,
    organizationName: lead.organization_name ?? null,
    email: lead.email ?? null,
    status: lead.status ?? null,
    title: lead.title ?? null,
    customFields: clone(lead.custom_fields),
  });
  const context = () => ({
    product: 'sell',
    location: 'lead_card',
    instanceGuid: '5e1f4d6a-0000-4000-8000-000000000001',
    account: { domain: 'acme.zendesk.com', currency: 'USD', timezone: 'UTC', numberFormat: '1,000.00', timeFormat: 'HH:mm', dateFormat: 'YYYY-MM-DD', decimalSeparator: '.' },
    currentUser: clone(user),
  });

  const zaf = zafFake({
    product: 'sell',
    location: 'lead_card',
    view: () => ({ lead: zafLead(leads.get(openId)), currentUser: clone(user) }),
    route,
    isWrite: (method) => method !== 'GET',
    refusal: {
      forbidden: errors(403, [{ code: 'forbidden', message: 'Forbidden', details: 'You do not have permission to perform this action.' }]),
      badJson: errors(400, [{ code: 'invalid_json', message: 'Invalid JSON', details: 'The request body is not valid JSON.' }]),
    },
    limited: (status) =>
      status === 429
        ? errors(429, [{ code: 'rate_limit_exceeded', message: 'Too Many Requests', details: 'API rate limit exceeded. Retry later.' }])
        : errors(503, [{ code: 'service_unavailable', message: 'Service Unavailable', details: 'Please try again later.' }]),
    context,
    settings: clone(options.settings ?? {}),
    embedded: options.embedded !== false,
    latencyMs: options.latencyMs ?? 0,
    calls,
    emit,
  });

  return withFacade(zaf, {
    /** Every ZAF call so far, oldest first: `{ name, args }` (`request` args as the app gave them). */
    calls,
    /** A copy of a lead as Sell holds it. */
    record: (id) => clone(leads.get(String(id))),
    /** The lead's notes, oldest first. */
    notes: (id) => clone(notes.get(String(id)) ?? []),
    /** Another user edits the lead in Sell: attributes change, `updated_at` moves, the card fires `lead.<property>.changed`. */
    edit(id, fields) {
      const lead = leads.get(String(id));
      if (!lead) throw new RangeError(`no lead ${id}`);
      const before = zafLead(lead);
      const { custom_fields: custom, ...attributes } = clone(fields);
      Object.assign(lead, attributes, custom ? { custom_fields: { ...lead.custom_fields, ...custom } } : {}, { id: lead.id, updated_at: time.tick() });
      const after = zafLead(lead);
      emit({ type: 'edit', id: String(lead.id), fields: Object.keys(fields) });
      if (String(id) === openId) {
        for (const name of Object.keys(fields)) {
          const property = camel(name);
          zaf.fire(`lead.${property}.changed`, { propertyName: property, oldValue: before[property] ?? null, newValue: after[property] ?? null });
        }
      }
    },
    subscribe,
  });
}

// ---------------------------------------------------------------------------------------------

/**
 * A Zendesk Support account with the app in a ticket sidebar.
 * @param {{ tickets: object[], users: object[], organizations?: object[], ticketFields?: number[],
 *   openId?: number|string, agent?: { id: number, name: string, email: string }, start?: string,
 *   latencyMs?: number, embedded?: boolean, subdomain?: string }} options
 *   `tickets`: as the Tickets API gives them (`id`, `requester_id` required); `ticketFields`: ids of
 *   the custom ticket fields the account has (every ticket lists them in `custom_fields`).
 */
export function createZendeskSupportFake(options) {
  const time = clock(options.start);
  const { emit, subscribe } = changes();
  const calls = [];
  const subdomain = options.subdomain ?? 'acme';
  const origin = `https://${subdomain}.zendesk.com`;
  const agent = options.agent ?? { id: 381001, name: 'Dana Ruiz', email: 'dana@example.com', role: 'agent' };
  const otherAgent = { id: 381002, name: 'Sam Okafor', email: 'sam@example.com', role: 'agent' };
  const fieldIds = (options.ticketFields ?? []).map(Number);
  const users = new Map(options.users.map((u) => [u.id, { role: 'end-user', organization_id: null, phone: null, user_fields: {}, ...clone(u) }]));
  users.set(agent.id, { role: 'agent', ...clone(agent) });
  const organizations = new Map((options.organizations ?? []).map((o) => [o.id, { domain_names: [], organization_fields: {}, tags: [], ...clone(o) }]));
  const tickets = new Map();
  const comments = new Map();
  let nextComment = 52000000;
  let nextAudit = 61000000;
  for (const input of options.tickets) {
    const given = new Map((input.custom_fields ?? []).map((f) => [Number(f.id), f.value]));
    const customFields = fieldIds.map((id) => ({ id, value: given.has(id) ? given.get(id) : null }));
    const ticket = {
      url: `${origin}/api/v2/tickets/${input.id}.json`,
      type: null,
      priority: null,
      status: 'open',
      tags: [],
      via: { channel: 'web', source: { from: {}, to: {}, rel: null } },
      submitter_id: input.requester_id,
      assignee_id: null,
      organization_id: users.get(input.requester_id)?.organization_id ?? null,
      created_at: time.now(),
      updated_at: time.now(),
      ...clone(input),
      id: Number(input.id),
      raw_subject: input.subject,
      custom_fields: customFields,
      fields: clone(customFields),
    };
    tickets.set(String(ticket.id), ticket);
    // The description is the first comment, by the requester.
    comments.set(String(ticket.id), [
      { id: (nextComment += 1), type: 'Comment', author_id: ticket.requester_id, body: ticket.description ?? '', plain_body: ticket.description ?? '', public: true, created_at: ticket.created_at },
    ]);
  }
  const openId = String(options.openId ?? [...tickets.keys()][0]);

  const reply = (status, error, description, details) => new Reply(status, details ? { error, description, details } : { error, description });
  const notFound = () => reply(404, 'RecordNotFound', 'Not found');

  const route = (method, url, settings, body) => {
    const relative = url.startsWith(origin) ? url.slice(origin.length) : url;
    if (!relative.startsWith('/api/v2/')) return reply(404, 'InvalidEndpoint', 'Not found');
    const parsed = new URL(relative, origin);
    let m;
    if ((m = /^\/api\/v2\/tickets\/(\d+)\.json$/.exec(parsed.pathname))) {
      const ticket = tickets.get(m[1]);
      if (!ticket) return notFound();
      if (method === 'GET') {
        const answer = { ticket: clone(ticket) };
        const include = (parsed.searchParams.get('include') ?? '').split(',');
        const requester = users.get(ticket.requester_id);
        if (include.includes('users')) answer.users = [requester, users.get(ticket.submitter_id)].filter((u, i, all) => u && all.indexOf(u) === i).map(clone);
        if (include.includes('organizations')) answer.organizations = organizations.has(ticket.organization_id) ? [clone(organizations.get(ticket.organization_id))] : [];
        return new Reply(200, answer);
      }
      if (method === 'PUT') {
        const update = body?.ticket;
        if (update === null || typeof update !== 'object') return reply(400, 'InvalidValue', 'The request must have a ticket');
        if (ticket.status === 'closed') {
          return reply(422, 'RecordInvalid', 'Record validation errors', { status: [{ description: 'Status: closed prevents ticket update', error: 'ClosedTicket' }] });
        }
        if (update.safe_update === true && update.updated_stamp !== ticket.updated_at) {
          return reply(409, 'UpdateConflict', 'Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.');
        }
        const events = [];
        for (const field of Array.isArray(update.custom_fields) ? update.custom_fields : []) {
          const entry = ticket.custom_fields.find((f) => f.id === Number(field?.id));
          if (!entry) continue; // unknown ids are ignored, as the REST API does
          entry.value = field.value;
          events.push({ type: 'Change', field_name: String(entry.id), value: field.value });
        }
        ticket.fields = clone(ticket.custom_fields);
        for (const key of ['subject', 'status', 'priority', 'type']) if (key in update) ticket[key] = update[key];
        const at = time.tick();
        if (update.comment && typeof update.comment.body === 'string') {
          const comment = { id: (nextComment += 1), type: 'Comment', author_id: agent.id, body: update.comment.body, plain_body: update.comment.body, public: update.comment.public !== false, created_at: at };
          comments.get(String(ticket.id)).push(comment);
          events.push({ type: 'Comment', id: comment.id, body: comment.body, public: comment.public });
        }
        ticket.updated_at = at;
        emit({ type: 'update', id: String(ticket.id), fields: Object.keys(update) });
        return new Reply(200, { ticket: clone(ticket), audit: { id: (nextAudit += 1), ticket_id: ticket.id, created_at: at, author_id: agent.id, events } });
      }
      return reply(404, 'InvalidEndpoint', 'Not found');
    }
    if ((m = /^\/api\/v2\/tickets\/(\d+)\/comments\.json$/.exec(parsed.pathname)) && method === 'GET') {
      const list = comments.get(m[1]);
      if (!list) return notFound();
      const ordered = parsed.searchParams.get('sort_order') === 'desc' ? [...list].reverse() : [...list];
      const perPage = Math.min(Number(parsed.searchParams.get('per_page') ?? 100), 100);
      const page = Number(parsed.searchParams.get('page') ?? 1);
      const next = page * perPage < ordered.length ? new URL(parsed.href) : null;
      if (next) next.searchParams.set('page', String(page + 1));
      return new Reply(200, { comments: clone(ordered.slice((page - 1) * perPage, page * perPage)), next_page: next ? next.href : null, previous_page: null, count: ordered.length });
    }
    return reply(404, 'InvalidEndpoint', 'Not found');
  };

  // The sidebar's ticket object (ZAF names: camelCase, nested requester and organization).
  const zafTicket = (ticket) => {
    const requester = users.get(ticket.requester_id);
    const organization = organizations.get(ticket.organization_id);
    return {
      id: ticket.id,
      subject: ticket.subject,
      description: ticket.description,
      status: ticket.status,
      updatedAt: ticket.updated_at,
      requester: requester ? { id: requester.id, name: requester.name, email: requester.email } : null,
      organization: organization ? { id: organization.id, name: organization.name } : null,
    };
  };
  const context = () => ({ product: 'support', location: 'ticket_sidebar', instanceGuid: '5e1f4d6a-0000-4000-8000-000000000002', account: { subdomain }, ticketId: Number(openId) });

  const zaf = zafFake({
    product: 'support',
    location: 'ticket_sidebar',
    view: () => ({ ticket: zafTicket(tickets.get(openId)), currentUser: clone(agent) }),
    route,
    isWrite: (method) => method !== 'GET',
    refusal: {
      forbidden: { error: 'Forbidden', description: 'You do not have access to this page. Please contact the account owner of this help desk for further help.' },
      badJson: { error: 'Unprocessable Entity', description: 'Server could not parse JSON' },
    },
    limited: (status) =>
      status === 429 ? { error: 'TooManyRequests', description: 'Rate limit exceeded, please wait before retrying' } : { error: 'ServiceUnavailable', description: 'Zendesk is temporarily unavailable' },
    context,
    settings: {},
    embedded: options.embedded !== false,
    latencyMs: options.latencyMs ?? 0,
    calls,
    emit,
  });

  return withFacade(zaf, {
    calls,
    /** A copy of a ticket as Support holds it. */
    record: (id) => clone(tickets.get(String(id))),
    /** The ticket's comments, oldest first (the first is the description). */
    notes: (id) => clone(comments.get(String(id)) ?? []),
    /** The value of a custom field on a ticket. */
    fieldValue: (id, fieldId) => clone(tickets.get(String(id))?.custom_fields.find((f) => f.id === Number(fieldId))?.value),
    /** Another agent edits the ticket: attributes change, `updated_at` moves, the sidebar fires `ticket.updated`. */
    edit(id, fields) {
      const ticket = tickets.get(String(id));
      if (!ticket) throw new RangeError(`no ticket ${id}`);
      Object.assign(ticket, clone(fields), { id: ticket.id, updated_at: time.tick() });
      emit({ type: 'edit', id: String(ticket.id), fields: Object.keys(fields) });
      if (String(id) === openId) zaf.fire('ticket.updated', clone(otherAgent));
    },
    subscribe,
  });
}
