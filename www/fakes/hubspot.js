// A fake of HubSpot's CRM API (v3 objects, v4 associations) as an app function or a backend sees
// it, for the adapter's tests and a demo page. HubSpot publishes no mock; this follows the shapes
// of HubSpot's API reference and its Node client (@hubspot/api-client, whose method names label
// the calls here):
//   GET   /crm/v3/objects/contacts/{id}?properties=a,b   → 200 { id, properties, createdAt,
//         updatedAt, archived }; asked-for properties that exist come back (null when empty),
//         unknown ones are left out; 404 OBJECT_NOT_FOUND
//   GET   /crm/v3/objects/companies/{id}?properties=…     → the same for a company
//   PATCH /crm/v3/objects/contacts/{id} { properties }     → 200 the object; values are strings,
//         "" clears one; a property that does not exist or an hs_lead_status that is not an option
//         → 400 VALIDATION_ERROR "Property values were not valid: [{…,"error":"PROPERTY_DOESNT_EXIST",
//         "name":…}]"
//   POST  /crm/v3/objects/notes { properties: { hs_timestamp, hs_note_body }, associations:
//         [{ to: { id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }] }] }
//         → 201 the note
//   GET   /crm/v4/objects/contacts/{id}/associations/notes?limit&after → 200 { results: [{ toObjectId,
//         associationTypes: [{ category, typeId: 201, label }] }], paging? }
//   POST  /crm/v3/objects/notes/batch/read { properties, inputs: [{ id }] } → 200 { status:
//         'COMPLETE', results } (207 with `errors` when some ids are unknown)
//   errors: { status: 'error', message, correlationId, category } (rate limits: errorType);
//         401 INVALID_AUTHENTICATION for a wrong token (through `fetch`), 403 MISSING_SCOPES with
//         the required scope in errors[].context.requiredGranularScopes, 429 RATE_LIMIT.
// Logging a note moves the contact's activity rollups (notes_last_updated, num_notes) and so its
// lastmodifieddate, as HubSpot does for activities [modelled from HubSpot's property docs, not
// observed on a live portal].
//
// Two ways in: `request({ method, path, body })` → { status, body } (the transport the adapter
// takes), and `fetch(url, init)` → Response (for fetchRequest and app-function code).

export const HUBSPOT_MODES = Object.freeze(['online', 'offline', 'timeout', 'error', 'ratelimit']);

/** HubSpot's default hs_lead_status options. */
export const HUBSPOT_LEAD_STATUS_OPTIONS = Object.freeze(['NEW', 'OPEN', 'IN_PROGRESS', 'OPEN_DEAL', 'UNQUALIFIED', 'ATTEMPTED_TO_CONTACT', 'CONNECTED', 'BAD_TIMING']);

// Default contact properties of a portal (a subset of HubSpot's), besides the records' own.
const CONTACT_PROPERTIES = [
  'firstname', 'lastname', 'email', 'jobtitle', 'phone', 'mobilephone', 'company', 'website', 'industry',
  'numberofemployees', 'annualrevenue', 'country', 'state', 'city', 'hs_analytics_source', 'message',
  'createdate', 'lastmodifieddate', 'hs_object_id', 'hs_email_optout', 'associatedcompanyid',
  'hs_lead_status', 'lifecyclestage', 'hubspot_owner_id', 'notes_last_updated', 'num_notes',
];
const COMPANY_PROPERTIES = ['name', 'domain', 'industry', 'numberofemployees', 'annualrevenue', 'country', 'city', 'createdate', 'hs_lastmodifieddate', 'hs_object_id'];

const clone = (value) => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
const WRITES = new Set(['crm.contacts.basicApi.update', 'crm.objects.notes.basicApi.create']);

/**
 * @param {{ contacts: { id: string, properties: object }[], companies?: { id: string, properties: object }[],
 *   properties?: string[], token?: string, start?: string, latencyMs?: number, openId?: string }} options
 *   `contacts`/`companies`: as the API returns them (property values as strings); `properties`:
 *   custom contact properties created in the portal (a PATCH naming any other property fails, as
 *   in HubSpot); `token`: the access token `fetch` accepts (any when absent).
 */
export function createHubSpotFake(options) {
  let clock = Date.parse(options.start ?? '2026-11-22T09:00:00Z');
  const now = () => new Date(clock).toISOString();
  const tick = () => {
    clock += 1000;
    return now();
  };
  const contacts = new Map();
  const companies = new Map();
  const notes = new Map(); // note id → note
  const noteLinks = new Map(); // contact id → note ids, in the order they were associated
  const contactProperties = new Set([...CONTACT_PROPERTIES, ...(options.properties ?? [])]);
  const companyProperties = new Set(COMPANY_PROPERTIES);
  for (const input of options.contacts) {
    const id = String(input.id);
    const created = input.properties?.createdate ?? now();
    const modified = input.properties?.lastmodifieddate ?? now();
    const properties = { createdate: created, lastmodifieddate: modified, ...clone(input.properties), hs_object_id: id };
    for (const key of Object.keys(properties)) contactProperties.add(key);
    contacts.set(id, { id, properties, createdAt: created, updatedAt: modified, archived: false });
    noteLinks.set(id, []);
  }
  for (const input of options.companies ?? []) {
    const id = String(input.id);
    const properties = { createdate: now(), hs_lastmodifieddate: now(), ...clone(input.properties), hs_object_id: id };
    for (const key of Object.keys(properties)) companyProperties.add(key);
    companies.set(id, { id, properties, createdAt: properties.createdate, updatedAt: properties.hs_lastmodifieddate, archived: false });
  }
  let mode = 'online';
  const latencyMs = options.latencyMs ?? 0;
  const calls = [];
  const listeners = new Set();
  const emit = (change) => {
    for (const listener of listeners) listener(change);
  };
  let nextNoteId = 71000000000;
  let correlation = 0;
  const correlationId = () => `0b1e5f6a-0000-4000-8000-${String((correlation += 1)).padStart(12, '0')}`;

  const answer = (status, body) => ({ status, body });
  const error = (status, category, message, extra = {}) => answer(status, { status: 'error', message, correlationId: correlationId(), ...extra, category });
  const notFound = (id) => error(404, 'OBJECT_NOT_FOUND', 'Object not found.  objectId are usually numeric.', { context: { id: [String(id)] } });
  const invalid = (items) =>
    error(400, 'VALIDATION_ERROR', `Property values were not valid: ${JSON.stringify(items.map((item) => ({ isValid: false, ...item, localizedErrorMessage: item.message, portalId: 24000001 })))}`);

  // The object as a GET answers it: asked-for properties that exist, plus the ones HubSpot always sends.
  function view(object, asked, always, known) {
    const properties = {};
    for (const name of [...always, ...asked]) {
      if (name in object.properties || known.has(name)) properties[name] = object.properties[name] ?? null;
    }
    return { id: object.id, properties, createdAt: object.createdAt, updatedAt: object.updatedAt, archived: false };
  }
  const asked = (query) => (query.has('properties') ? query.get('properties').split(',').filter(Boolean) : null);

  const routes = [
    {
      name: 'crm.contacts.basicApi.getById',
      method: 'GET',
      pattern: /^\/crm\/v3\/objects\/contacts\/([^/]+)$/,
      handle([id], query) {
        const contact = contacts.get(decodeURIComponent(id));
        return contact ? answer(200, view(contact, asked(query) ?? ['email', 'firstname', 'lastname'], ['createdate', 'hs_object_id', 'lastmodifieddate'], contactProperties)) : notFound(decodeURIComponent(id));
      },
    },
    {
      name: 'crm.companies.basicApi.getById',
      method: 'GET',
      pattern: /^\/crm\/v3\/objects\/companies\/([^/]+)$/,
      handle([id], query) {
        const company = companies.get(decodeURIComponent(id));
        return company ? answer(200, view(company, asked(query) ?? ['domain', 'name'], ['createdate', 'hs_lastmodifieddate', 'hs_object_id'], companyProperties)) : notFound(decodeURIComponent(id));
      },
    },
    {
      name: 'crm.contacts.basicApi.update',
      method: 'PATCH',
      pattern: /^\/crm\/v3\/objects\/contacts\/([^/]+)$/,
      handle([rawId], _query, body) {
        const contact = contacts.get(decodeURIComponent(rawId));
        if (!contact) return notFound(decodeURIComponent(rawId));
        const input = body?.properties;
        if (input === null || typeof input !== 'object') return error(400, 'VALIDATION_ERROR', 'Invalid input JSON on line 1: properties is required');
        const problems = [];
        for (const [name, value] of Object.entries(input)) {
          if (!contactProperties.has(name)) {
            problems.push({ message: `Property "${name}" does not exist`, error: 'PROPERTY_DOESNT_EXIST', name });
          } else if (name === 'hs_lead_status' && value !== '' && value !== null && !HUBSPOT_LEAD_STATUS_OPTIONS.includes(String(value))) {
            problems.push({ message: `${value} was not one of the allowed options: ${HUBSPOT_LEAD_STATUS_OPTIONS.join(', ')}`, error: 'INVALID_OPTION', name });
          }
        }
        if (problems.length > 0) return invalid(problems);
        for (const [name, value] of Object.entries(input)) contact.properties[name] = value === '' || value === null ? null : String(value);
        contact.updatedAt = contact.properties.lastmodifieddate = tick();
        emit({ type: 'update', id: contact.id, properties: Object.keys(input) });
        return answer(200, view(contact, Object.keys(input), ['createdate', 'hs_object_id', 'lastmodifieddate'], contactProperties));
      },
    },
    {
      name: 'crm.objects.notes.basicApi.create',
      method: 'POST',
      pattern: /^\/crm\/v3\/objects\/notes$/,
      handle(_match, _query, body) {
        const properties = body?.properties ?? {};
        if (!properties.hs_timestamp) {
          return invalid([{ message: 'hs_timestamp is required', error: 'REQUIRED_PROPERTY', name: 'hs_timestamp' }]);
        }
        if (typeof properties.hs_note_body === 'string' && properties.hs_note_body.length > 65536) {
          return invalid([{ message: 'hs_note_body is longer than 65536 characters', error: 'INVALID_STRING', name: 'hs_note_body' }]);
        }
        const targets = [];
        for (const association of body?.associations ?? []) {
          const to = String(association?.to?.id);
          const types = association?.types ?? [];
          const valid = types.length > 0 && types.every((type) => type?.associationCategory === 'HUBSPOT_DEFINED' && type?.associationTypeId === 202);
          if (!valid || !contacts.has(to)) {
            return error(400, 'VALIDATION_ERROR', `Invalid association: ${JSON.stringify(association)} (this fake associates notes to existing contacts with HUBSPOT_DEFINED 202)`);
          }
          targets.push(to);
        }
        const id = String((nextNoteId += 1));
        const at = tick();
        const note = {
          id,
          properties: { hs_timestamp: String(properties.hs_timestamp), hs_note_body: properties.hs_note_body ?? null, hs_createdate: at, hs_lastmodifieddate: at, hs_object_id: id },
          createdAt: at,
          updatedAt: at,
          archived: false,
        };
        notes.set(id, note);
        for (const to of targets) {
          noteLinks.get(to).push(id);
          const contact = contacts.get(to);
          contact.properties.notes_last_updated = at;
          contact.properties.num_notes = String(noteLinks.get(to).length);
          contact.updatedAt = contact.properties.lastmodifieddate = at;
          emit({ type: 'note', id: to, noteId: id });
        }
        return answer(201, clone(note));
      },
    },
    {
      name: 'crm.associations.v4.basicApi.getPage',
      method: 'GET',
      pattern: /^\/crm\/v4\/objects\/contacts\/([^/]+)\/associations\/notes$/,
      handle([rawId], query) {
        const id = decodeURIComponent(rawId);
        if (!contacts.has(id)) return notFound(id);
        const limit = Math.min(Number(query.get('limit') ?? 500) || 500, 500);
        const start = Number(query.get('after') ?? 0) || 0;
        const ids = noteLinks.get(id);
        const page = ids.slice(start, start + limit);
        const body = { results: page.map((noteId) => ({ toObjectId: Number(noteId), associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 201, label: null }] })) };
        if (start + limit < ids.length) {
          const after = String(start + limit);
          body.paging = { next: { after, link: `https://api.hubapi.com/crm/v4/objects/contacts/${id}/associations/notes?after=${after}` } };
        }
        return answer(200, body);
      },
    },
    {
      name: 'crm.objects.notes.batchApi.read',
      method: 'POST',
      pattern: /^\/crm\/v3\/objects\/notes\/batch\/read$/,
      handle(_match, _query, body) {
        const inputs = Array.isArray(body?.inputs) ? body.inputs : [];
        if (inputs.length > 100) return error(400, 'VALIDATION_ERROR', 'Batch input is too large: 100 inputs at most');
        const wanted = Array.isArray(body?.properties) ? body.properties : ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'];
        const results = [];
        const missing = [];
        for (const input of inputs) {
          const note = notes.get(String(input?.id));
          if (!note) {
            missing.push(String(input?.id));
            continue;
          }
          const properties = { hs_createdate: note.properties.hs_createdate, hs_lastmodifieddate: note.properties.hs_lastmodifieddate, hs_object_id: note.id };
          for (const name of wanted) if (name in note.properties) properties[name] = note.properties[name];
          results.push({ id: note.id, properties, createdAt: note.createdAt, updatedAt: note.updatedAt, archived: false });
        }
        const done = { status: 'COMPLETE', results, startedAt: now(), completedAt: now() };
        if (missing.length === 0) return answer(200, done);
        return answer(207, {
          ...done,
          numErrors: 1,
          errors: [{ status: 'error', category: 'OBJECT_NOT_FOUND', message: 'Could not get some NOTE objects, they may be deleted or not exist. Check that ids are valid.', context: { ids: missing } }],
        });
      },
    },
  ];

  async function handle({ method = 'GET', path, body } = {}, auth) {
    const url = new URL(String(path), 'https://api.hubapi.com');
    const route = routes.find((candidate) => candidate.method === method && candidate.pattern.test(url.pathname));
    calls.push({ name: route ? route.name : `${method} ${url.pathname}`, args: { method, path: url.pathname + url.search, body: clone(body) } });
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    if (mode === 'offline') throw new TypeError('fetch failed'); // what Node's fetch rejects with
    if (auth === 'bad') {
      return error(401, 'INVALID_AUTHENTICATION', 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview');
    }
    if (mode === 'ratelimit') {
      return answer(429, { status: 'error', message: 'You have reached your secondly limit.', errorType: 'RATE_LIMIT', correlationId: correlationId(), policyName: 'SECONDLY' });
    }
    if (!route) return error(404, 'OBJECT_NOT_FOUND', `No route in the fake for ${method} ${url.pathname}`);
    const write = WRITES.has(route.name);
    if (write && mode === 'error') {
      return error(403, 'MISSING_SCOPES', "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.", {
        errors: [{ message: 'One or more of the following scopes are required.', context: { requiredGranularScopes: ['crm.objects.contacts.write'] } }],
        links: { scopes: 'https://developers.hubspot.com/scopes' },
      });
    }
    const result = route.handle(url.pathname.match(route.pattern).slice(1), url.searchParams, clone(body));
    if (write && mode === 'timeout') throw new Error('This operation was aborted'); // applied, but the answer was lost
    return clone(result);
  }

  return {
    /** The transport the adapter takes: `{ method, path, body }` → `{ status, body }`. */
    request: (init) => handle(init, 'ok'),
    /** `fetch` against the fake, checking `Authorization: Bearer <token>` when a token was given. */
    async fetch(url, init = {}) {
      const headers = new Headers(init.headers ?? {});
      const expected = options.token;
      const auth = expected === undefined || headers.get('authorization') === `Bearer ${expected}` ? 'ok' : 'bad';
      const parsed = new URL(String(url));
      const body = typeof init.body === 'string' && init.body !== '' ? JSON.parse(init.body) : undefined;
      const result = await handle({ method: (init.method ?? 'GET').toUpperCase(), path: parsed.pathname + parsed.search, body }, auth);
      return new Response(result.body === null || result.body === undefined ? null : JSON.stringify(result.body), {
        status: result.status,
        headers: { 'Content-Type': 'application/json;charset=utf-8' },
      });
    },
    /** The contact shown by a demo page (default: the first). */
    openId: String(options.openId ?? options.contacts[0]?.id),
    /** A copy of a contact as the CRM holds it: `{ id, properties, createdAt, updatedAt, archived }`. */
    record: (id) => clone(contacts.get(String(id))),
    company: (id) => clone(companies.get(String(id))),
    /** The notes associated to a contact, oldest first. */
    notes: (id) => (noteLinks.get(String(id)) ?? []).map((noteId) => clone(notes.get(noteId))),
    /** Every API call so far, oldest first: `{ name, args: { method, path, body } }`. */
    calls,
    setMode(next) {
      if (!HUBSPOT_MODES.includes(next)) throw new RangeError(`mode must be one of ${HUBSPOT_MODES.join(', ')}`);
      mode = next;
      emit({ type: 'mode', mode });
    },
    get mode() {
      return mode;
    },
    /** Another user edits the contact in HubSpot: properties change, lastmodifieddate moves. */
    edit(id, properties) {
      const contact = contacts.get(String(id));
      if (!contact) throw new RangeError(`no contact ${id}`);
      for (const [name, value] of Object.entries(properties)) {
        contactProperties.add(name);
        contact.properties[name] = value === '' || value === null ? null : String(value);
      }
      contact.updatedAt = contact.properties.lastmodifieddate = tick();
      emit({ type: 'edit', id: contact.id, properties: Object.keys(properties) });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
