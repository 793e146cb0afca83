// The backend half of `leadlens/hosts/pipedrive`: the app's server receives what the panel's
// `backendRequest` sends (`POST { method, path, query, body }` with `Authorization: Bearer <signed
// token>`), and forwards it to the Pipedrive API with the company's OAuth token, if it is one of
// the calls the adapter makes. Framework-free: give it the Authorization header and the parsed
// JSON body, send back the `{ status, body }` it returns. No dependencies; Node 18+ (global fetch).
//
// It verifies nothing itself: `verify(token)` is yours (e.g. jsonwebtoken's `jwt.verify(token,
// secret)` with the custom UI extension's JWT secret, or the app's client secret), and so is
// `credentials(claims)` (the OAuth tokens you stored when the company installed the app).

/** The calls the adapter makes; anything else is refused (403) before it reaches Pipedrive. */
export const PIPEDRIVE_PROXY_ROUTES = Object.freeze([
  { method: 'GET', path: /^\/api\/v1\/leads\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, query: [] },
  { method: 'PATCH', path: /^\/api\/v1\/leads\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, query: [], write: 'top' },
  { method: 'GET', path: /^\/api\/v2\/(deals|persons|organizations)\/[1-9][0-9]*$/, query: [] },
  { method: 'PATCH', path: /^\/api\/v2\/(deals|persons)\/[1-9][0-9]*$/, query: [], write: 'nested' },
  { method: 'GET', path: /^\/api\/v1\/notes$/, query: ['lead_id', 'deal_id', 'person_id', 'sort', 'start', 'limit'], needs: ['lead_id', 'deal_id', 'person_id'] },
  { method: 'POST', path: /^\/api\/v1\/notes$/, query: [], write: 'note' },
]);

const answer = (status, error) => ({ status, body: { success: false, error: `leadlens proxy: ${error}`, data: null } });

const isPlainObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

// With `writableFields`, a write may only touch the decision's custom fields and labels, and a
// note may only carry content and the record it is attached to: an app that calls Pipedrive with
// one admin token for every user then cannot be used to edit anything else through the panel.
function bodyProblem(kind, body, writable) {
  if (!writable) return null;
  if (kind === 'note') {
    const keys = Object.keys(body);
    const bad = keys.find((key) => !['content', 'lead_id', 'deal_id', 'person_id'].includes(key));
    return bad ? `a note may not set \`${bad}\`` : null;
  }
  const values = kind === 'nested' ? body.custom_fields ?? {} : body;
  if (kind === 'nested') {
    const bad = Object.keys(body).find((key) => key !== 'custom_fields' && key !== 'label_ids');
    if (bad) return `the update may not set \`${bad}\``;
    if (!isPlainObject(values)) return '`custom_fields` must be an object';
  }
  const bad = Object.keys(values).find((key) => !(kind === 'top' && key === 'label_ids') && !writable.has(key));
  return bad ? `the update may not set \`${bad}\` (not in writableFields)` : null;
}

/**
 * @param {import('./pipedrive-proxy.d.ts').PipedriveProxyOptions} options
 * @returns {import('./pipedrive-proxy.d.ts').PipedriveProxy}
 */
export function createPipedriveProxy(options = {}) {
  const where = 'createPipedriveProxy';
  if (options === null || typeof options !== 'object') throw new TypeError(`${where}: expected an options object`);
  const { verify, credentials } = options;
  if (typeof verify !== 'function') {
    throw new TypeError(`${where}: \`verify\` is required: a function that checks the signed token (e.g. jwt.verify(token, secret)) and returns its claims`);
  }
  if (typeof credentials !== 'function') {
    throw new TypeError(`${where}: \`credentials\` is required: a function of the token's claims returning { accessToken, apiDomain }`);
  }
  const fetchFn = options.fetch ?? globalThis.fetch;
  if (typeof fetchFn !== 'function') throw new TypeError(`${where}: no \`fetch\`: pass one`);
  let writable = null;
  if (options.writableFields !== undefined) {
    if (!Array.isArray(options.writableFields) || options.writableFields.some((key) => typeof key !== 'string' || key === '')) {
      throw new TypeError(`${where}: \`writableFields\` must be an array of custom field API keys`);
    }
    writable = new Set(options.writableFields);
  }

  async function forward(creds, method, path, query, body) {
    const { accessToken, apiDomain } = creds;
    const origin = String(apiDomain).replace(/\/+$/, '');
    const search = new URLSearchParams(query).toString();
    const init = { method, headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetchFn(`${origin}${path}${search ? `?${search}` : ''}`, init);
    const text = await response.text();
    let parsed;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = { success: false, error: text.slice(0, 200) };
    }
    return { status: response.status, body: parsed };
  }

  async function usable(claims, refresh) {
    const creds = await credentials(claims, { refresh });
    if (!creds) return null;
    if (typeof creds.accessToken !== 'string' || creds.accessToken === '' || typeof creds.apiDomain !== 'string' || !/^https:\/\//.test(creds.apiDomain)) {
      throw new Error('credentials() must return { accessToken, apiDomain: "https://…" }');
    }
    return creds;
  }

  return async function proxy({ authorization, body: message } = {}) {
    const token = typeof authorization === 'string' ? /^Bearer\s+(\S+)$/i.exec(authorization.trim())?.[1] : undefined;
    if (!token) return answer(401, 'no signed token (Authorization: Bearer …)');
    let claims;
    try {
      claims = await verify(token);
    } catch (error) {
      return answer(401, `the signed token was refused: ${error?.message ?? error}`);
    }
    if (!isPlainObject(message)) return answer(400, 'the request must be a JSON object { method, path, query?, body? }');
    const { method, path, query = {}, body } = message;
    if (typeof method !== 'string' || typeof path !== 'string') return answer(400, '`method` and `path` must be strings');
    const route = PIPEDRIVE_PROXY_ROUTES.find((r) => r.method === method && r.path.test(path));
    if (!route) return answer(403, `${method} ${path} is not a call leadlens makes`);
    if (!isPlainObject(query)) return answer(400, '`query` must be an object');
    const badQuery = Object.keys(query).find((key) => !route.query.includes(key));
    if (badQuery) return answer(403, `the query parameter \`${badQuery}\` is not allowed on ${method} ${path}`);
    if (route.needs && !route.needs.some((key) => query[key] !== undefined)) return answer(403, `${method} ${path} needs one of ${route.needs.join(', ')}`);
    const badValue = Object.keys(query).find((key) => !['string', 'number'].includes(typeof query[key]));
    if (badValue) return answer(400, `the query parameter \`${badValue}\` must be a string or a number`);
    if (route.write) {
      if (!isPlainObject(body)) return answer(400, `${method} needs a JSON object body`);
      const problem = bodyProblem(route.write, body, writable);
      if (problem) return answer(403, problem);
    } else if (body !== undefined) {
      return answer(400, `${method} takes no body`);
    }
    try {
      let creds = await usable(claims, false);
      if (!creds) return answer(403, 'the app is not installed for this company (no OAuth token)');
      let result = await forward(creds, method, path, query, route.write ? body : undefined);
      if (result.status === 401) {
        // The access token expired (they last an hour): refresh it once. Pipedrive refused the
        // call, so nothing was applied and it is safe to send again.
        creds = await usable(claims, true);
        if (creds) result = await forward(creds, method, path, query, route.write ? body : undefined);
      }
      return result;
    } catch (error) {
      // No answer from Pipedrive (or the token store): the write may or may not have happened;
      // the adapter re-reads before writing again.
      return answer(502, `Pipedrive did not answer: ${error?.message ?? error}`);
    }
  };
}
