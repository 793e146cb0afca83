// A LeadHost across a frame boundary, over postMessage: the panel runs in an iframe, the CRM
// adapter in the page around it. For CRMs whose component sandbox cannot run WebAssembly
// (Salesforce's Lightning Web Security blocks the WebAssembly API): the CRM side keeps the adapter
// (`serveHost` in the component), the panel runs in an iframe of another origin that may run wasm
// (`connectBridge` in, e.g., a Visualforce page).
//
// Every message is checked: only the expected origin AND the expected window are heard, only the
// expected origin is written to, and each message carries a channel name, so two bridges on one
// page do not answer each other. Values cross by structured clone: JSON-like data only.

const PROTOCOL = 'leadlens-bridge/1';
const HELLO_RETRY_MS = 250;
const METHODS = new Set(['hello', 'readLead', 'version', 'postDecision', 'storeGet', 'storeSet']);

function checkOrigin(origin, where) {
  if (typeof origin !== 'string' || origin === '' || origin === '*') {
    throw new TypeError(`${where}: \`origin\` must be the other frame's exact origin (like "https://acme--c.vf.force.com"), not ${JSON.stringify(origin)}`);
  }
}

function errorText(error) {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The CRM side: answers the panel's requests from the iframe with `host`, and forwards the host's
 * lead changes. Returns a function that stops serving.
 *
 * @param {import('../index.d.ts').LeadHost} host
 * @param {{ frame: { postMessage(message: unknown, origin: string): void } | (() => { postMessage(message: unknown, origin: string): void } | null), origin: string, channel?: string, window?: Window }} options
 *   `frame`: the iframe's window (`iframe.contentWindow`), or a function returning it (it changes
 *   when the iframe reloads).
 */
export function serveHost(host, options) {
  const where = 'serveHost';
  if (host === null || typeof host !== 'object' || typeof host.readLead !== 'function' || typeof host.postDecision !== 'function') {
    throw new TypeError(`${where}: \`host\` must be a LeadHost (readLead and postDecision functions)`);
  }
  const { origin, channel = 'leadlens' } = options ?? {};
  checkOrigin(origin, where);
  const frameOf = typeof options.frame === 'function' ? options.frame : () => options.frame;
  const win = options.window ?? globalThis;
  const send = (message) => frameOf()?.postMessage({ protocol: PROTOCOL, channel, ...message }, origin);
  let unsubscribe = null;

  const handlers = {
    async hello() {
      if (unsubscribe === null && typeof host.onLeadChange === 'function') {
        unsubscribe = host.onLeadChange((lead) => send({ event: 'leadChange', lead })) ?? (() => {});
      }
      return {
        capabilities: { write: host.capabilities?.write !== false, durableStore: host.store != null },
        reviewer: typeof host.reviewer === 'string' ? host.reviewer : null,
        hasVersion: typeof host.version === 'function',
        hasLeadChange: typeof host.onLeadChange === 'function',
      };
    },
    readLead: () => host.readLead(),
    version: () => (typeof host.version === 'function' ? host.version() : undefined),
    postDecision: ([decision, expectedVersion]) => host.postDecision(decision, expectedVersion ?? undefined),
    storeGet: ([key]) => host.store.get(key),
    storeSet: ([key, value]) => host.store.set(key, value),
  };

  async function onMessage(event) {
    const message = event.data;
    if (event.origin !== origin || event.source !== frameOf()) return;
    if (message === null || typeof message !== 'object' || message.protocol !== PROTOCOL || message.channel !== channel) return;
    if (!METHODS.has(message.method) || typeof message.id !== 'number') return;
    try {
      const value = await handlers[message.method](Array.isArray(message.args) ? message.args : []);
      send({ id: message.id, ok: true, value });
    } catch (error) {
      send({ id: message.id, ok: false, error: errorText(error) });
    }
  }
  win.addEventListener('message', onMessage);
  return () => {
    win.removeEventListener('message', onMessage);
    unsubscribe?.();
    unsubscribe = null;
  };
}

/**
 * The panel side (in the iframe): connects to `serveHost` in the parent and returns a LeadHost
 * that forwards to it. Rejects when the parent does not answer within `timeoutMs`.
 *
 * @param {{ origin: string, channel?: string, parent?: { postMessage(message: unknown, origin: string): void }, window?: Window, timeoutMs?: number, store?: import('../index.d.ts').DecisionStore | null }} options
 *   `store`: the outbox store to use when the CRM side has none (e.g. `localStorageStore()` of
 *   this frame's origin).
 * @returns {Promise<import('../index.d.ts').LeadHost>}
 */
export async function connectBridge(options) {
  const where = 'connectBridge';
  const { origin, channel = 'leadlens', timeoutMs = 10_000 } = options ?? {};
  checkOrigin(origin, where);
  const win = options.window ?? globalThis;
  const parent = options.parent ?? win.parent;
  if (!parent || parent === win) throw new TypeError(`${where}: this page is not in a frame; pass \`parent\``);
  let nextId = 1;
  const pending = new Map();
  const leadListeners = new Set();

  win.addEventListener('message', (event) => {
    const message = event.data;
    if (event.origin !== origin || event.source !== parent) return;
    if (message === null || typeof message !== 'object' || message.protocol !== PROTOCOL || message.channel !== channel) return;
    if (message.event === 'leadChange') {
      for (const listener of leadListeners) listener(message.lead);
      return;
    }
    const request = pending.get(message.id);
    if (!request) return;
    pending.delete(message.id);
    clearTimeout(request.timer);
    if (message.ok) request.resolve(message.value);
    else request.reject(new Error(message.error || 'the CRM frame reported an error'));
  });

  function call(method, args = [], waitMs = timeoutMs) {
    return new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`the CRM frame did not answer ${method} within ${waitMs} ms`));
      }, waitMs);
      pending.set(id, { resolve, reject, timer });
      parent.postMessage({ protocol: PROTOCOL, channel, id, method, args }, origin);
    });
  }

  // The other side may start serving after this frame has loaded (or reload its listener): say
  // hello until it answers, within the time limit.
  let hello;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      hello = await call('hello', [], Math.min(HELLO_RETRY_MS, Math.max(1, deadline - Date.now())));
      break;
    } catch (error) {
      if (Date.now() >= deadline) throw new Error(`the CRM frame did not answer hello within ${timeoutMs} ms`);
    }
  }
  const host = {
    readLead: () => call('readLead'),
    async postDecision(decision, expectedVersion) {
      try {
        return await call('postDecision', [decision, expectedVersion ?? null]);
      } catch (error) {
        // No answer across the frame: the write may or may not have happened; the adapter's
        // protocol makes the retry safe.
        return { ok: false, retryable: true, message: errorText(error) };
      }
    },
  };
  if (hello.reviewer) host.reviewer = hello.reviewer;
  if (hello.hasVersion) host.version = () => call('version');
  if (hello.hasLeadChange) {
    host.onLeadChange = (callback) => {
      leadListeners.add(callback);
      return () => leadListeners.delete(callback);
    };
  }
  if (hello.capabilities.durableStore) {
    host.store = { get: (key) => call('storeGet', [key]), set: (key, value) => call('storeSet', [key, value]) };
  } else if (options.store != null) {
    // The CRM side keeps no store: the frame's own (e.g. localStorage of its origin) holds the outbox.
    host.store = options.store;
  }
  host.capabilities = Object.freeze({ write: hello.capabilities.write, durableStore: host.store != null });
  return host;
}
