// Hosts for <leadlens-panel>: the `LeadHost` contract (index.d.ts) built from plain callbacks, and an
// in-memory mock CRM for demos and tests. No dependencies and no wasm: importing `leadlens/hosts`
// never loads the scorer, so a CRM adapter can be written and tested on its own.

const MODES = Object.freeze(['online', 'offline', 'conflict', 'error', 'timeout']);

// ---------------------------------------------------------------------------------------------
// Decision stores

/**
 * A `DecisionStore` over `localStorage`, every key prefixed with `prefix + ':'`. Durable across
 * reloads. Throws a TypeError now (not on first use) when localStorage is unavailable or blocked,
 * e.g. in Node or in a sandboxed iframe without `allow-same-origin`.
 * @param {string} [prefix]
 */
export function localStorageStore(prefix = 'leadlens') {
  let storage;
  try {
    storage = globalThis.localStorage;
  } catch (error) {
    // Opaque origins throw a SecurityError on mere property access.
    throw new TypeError(`localStorageStore: localStorage is blocked here (${error.message}); pass a store of your own`);
  }
  if (!storage || typeof storage.getItem !== 'function') {
    throw new TypeError('localStorageStore: localStorage is not available here; use memoryStore() or a store of your own');
  }
  const full = (key) => `${prefix}:${key}`;
  return {
    // async: a quota or security error becomes a rejection, which the panel reports as store_error.
    async get(key) {
      return storage.getItem(full(key));
    },
    async set(key, value) {
      storage.setItem(full(key), String(value));
    },
    /** Removes every key of this store (demo reset); not part of `DecisionStore`. */
    async clear() {
      const mine = [];
      for (let i = 0; i < storage.length; i += 1) {
        const key = storage.key(i);
        if (key !== null && key.startsWith(`${prefix}:`)) mine.push(key);
      }
      for (const key of mine) storage.removeItem(key);
    },
  };
}

/**
 * An in-memory `DecisionStore`. NOT durable: it is gone on reload, yet the panel cannot tell it
 * from a durable one (a host using it still reports `durableStore: true`). For tests and demos.
 */
export function memoryStore() {
  const map = new Map();
  return {
    async get(key) {
      return map.has(key) ? map.get(key) : null;
    },
    async set(key, value) {
      map.set(key, String(value));
    },
    async clear() {
      map.clear();
    },
  };
}

function isStore(value) {
  return value !== null && typeof value === 'object' && typeof value.get === 'function' && typeof value.set === 'function';
}

// ---------------------------------------------------------------------------------------------
// callbackHost

/** Normalises what a host's postDecision gave back into a PostResult the panel can rely on. */
function toPostResult(value) {
  if (value !== null && typeof value === 'object') {
    if (value.ok === true) return { ok: true };
    if (value.ok === false) {
      const result = {
        ok: false,
        retryable: value.retryable === true,
        message: typeof value.message === 'string' && value.message !== '' ? value.message : 'The CRM refused the decision',
      };
      if (value.conflict === true) {
        result.conflict = true;
        result.retryable = false; // a conflict needs a person, never a blind retry
      }
      return result;
    }
  }
  // A bug in the adapter: retrying would not fix it, so the decision is marked failed and shown.
  let shown;
  try {
    shown = JSON.stringify(value);
  } catch {
    shown = String(value);
  }
  return { ok: false, retryable: false, message: `postDecision resolved to ${shown}, not a PostResult ({ ok: true } or { ok: false, retryable, message })` };
}

function requireFunction(options, name, where) {
  if (typeof options[name] !== 'function') {
    throw new TypeError(`${where}: \`${name}\` must be a function, got ${options[name] === null ? 'null' : typeof options[name]}`);
  }
}

/**
 * A `LeadHost` from plain callbacks: the shortest path from a CRM SDK to the panel.
 *
 * - `readLead` and `postDecision` may return values or promises; a thrown error or rejection in
 *   `postDecision` becomes `{ ok: false, retryable: true, message }` (usually a network error: the
 *   outbox keeps the decision and tries again), and a malformed result becomes a non-retryable
 *   failure naming what was returned.
 * - `capabilities` are derived: `write` (default true), `durableStore: !!store`.
 * - Optional members (`onLeadChange`, `store`, `reviewer`, `version`) exist on the host only when
 *   given, so the panel's duck typing sees exactly what the CRM offers.
 *
 * @param {import('./hosts.d.ts').CallbackHostOptions} options
 * @returns {import('./index.d.ts').LeadHost}
 */
export function callbackHost(options) {
  const where = 'callbackHost';
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${where}: expected an options object with readLead and postDecision functions`);
  }
  requireFunction(options, 'readLead', where);
  requireFunction(options, 'postDecision', where);
  const { readLead, postDecision, onLeadChange, store, reviewer, version, write = true } = options;
  if (onLeadChange != null) requireFunction(options, 'onLeadChange', where);
  if (version != null) requireFunction(options, 'version', where);
  if (store != null && !isStore(store)) {
    throw new TypeError(`${where}: \`store\` must have get(key) and set(key, value) functions`);
  }
  if (reviewer != null && (typeof reviewer !== 'string' || reviewer === '')) {
    throw new TypeError(`${where}: \`reviewer\` must be a non-empty string (the signed-in user's id)`);
  }
  if (typeof write !== 'boolean') throw new TypeError(`${where}: \`write\` must be a boolean`);

  const host = {
    capabilities: Object.freeze({ write, durableStore: store != null }),
    async readLead() {
      return readLead();
    },
    async postDecision(decision, expectedVersion) {
      let value;
      try {
        value = await postDecision(decision, expectedVersion);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, retryable: true, message: message || 'postDecision failed' };
      }
      return toPostResult(value);
    },
  };
  if (onLeadChange != null) {
    host.onLeadChange = (callback) => {
      const unsubscribe = onLeadChange(callback);
      if (typeof unsubscribe !== 'function') {
        throw new TypeError(`${where}: \`onLeadChange\` must return an unsubscribe function`);
      }
      return unsubscribe;
    };
  }
  if (store != null) host.store = store;
  if (reviewer != null) host.reviewer = reviewer;
  if (version != null) host.version = () => version();
  return host;
}

// ---------------------------------------------------------------------------------------------
// MemoryCrmHost

const STATUS_BY_OUTCOME = {
  accepted: () => 'Sales accepted',
  rejected: (d) => `Rejected (${d.reason_code ?? 'no reason'})`,
  recycled: () => 'Recycled to nurture',
};

const VERB_BY_OUTCOME = { accepted: 'accepted', rejected: 'rejected', recycled: 'recycled' };

const isPlainObject = (value) =>
  value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);

// Keys that could reach Object.prototype through a merge of untrusted patches.
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Deep-merges `patch` into `target` in place: objects merge, everything else (arrays included)
 * replaces, `undefined` is skipped. Returns the dotted paths that changed.
 */
function mergeInto(target, patch, prefix = '') {
  const changed = [];
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined || UNSAFE_KEYS.has(key)) continue;
    const path = prefix + key;
    if (isPlainObject(value)) {
      if (!isPlainObject(target[key])) target[key] = {};
      changed.push(...mergeInto(target[key], value, `${path}.`));
    } else {
      target[key] = structuredClone(value);
      changed.push(path);
    }
  }
  return changed;
}

function toIso(value) {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? new Date().toISOString() : date.toISOString();
}

function after(ms) {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/**
 * An in-memory CRM with versioned records, for the demo and for tests. As a `LeadHost` it serves
 * the *currently open* record (`open(id)`); `postDecision` writes to whichever record the decision
 * names, so an outbox retry still lands after the reviewer has moved on.
 *
 * Versions are strings ("1", "2", …) bumped on every write (an edit or an applied decision).
 * `version()` follows the contract: it is the version of the open record *as last returned by
 * `readLead()` or delivered to `onLeadChange`*, so a decision is checked against what the reviewer
 * saw even when the record changed in between; `record(id).version` is the live one.
 */
export class MemoryCrmHost {
  /** @type {Map<string, object>} */
  #records = new Map();
  #currentId = null;
  /** lead id → version last handed to the panel */
  #seen = new Map();
  #mode = 'online';
  #leadListeners = new Set();
  #changeListeners = new Set();
  #posts = new Map();
  #applied = new Map();
  #users;
  #clock;

  /**
   * @param {import('./hosts.d.ts').MemoryCrmHostOptions} options
   */
  constructor(options) {
    if (options === null || typeof options !== 'object') {
      throw new TypeError('MemoryCrmHost: expected an options object with `records`');
    }
    const {
      records,
      reviewer = 'rep-001',
      store = 'local',
      storageKeyPrefix = 'leadlens-demo',
      latencyMs = 0,
      readLatencyMs = 0,
      users = {},
      clock = () => new Date(),
    } = options;
    if (!Array.isArray(records)) throw new TypeError('MemoryCrmHost: `records` must be an array of { lead, status?, owner? }');
    if (typeof reviewer !== 'string' || reviewer === '') throw new TypeError('MemoryCrmHost: `reviewer` must be a non-empty string');
    if (typeof clock !== 'function') throw new TypeError('MemoryCrmHost: `clock` must be a function returning a Date');

    this.reviewer = reviewer;
    this.latencyMs = latencyMs;
    this.readLatencyMs = readLatencyMs;
    this.#users = { ...users };
    this.#clock = clock;

    if (store === 'local') this.store = localStorageStore(storageKeyPrefix);
    else if (store === 'memory') this.store = memoryStore();
    else if (isStore(store)) this.store = store;
    else if (store !== null) {
      throw new TypeError("MemoryCrmHost: `store` must be 'local', 'memory', null or an object with get/set");
    }
    // With store: null there is no `store` property at all (duck typing: `'store' in host`).
    this.capabilities = Object.freeze({ write: true, durableStore: this.store !== undefined });

    records.forEach((input, index) => {
      const lead = input?.lead;
      if (!isPlainObject(lead) || (typeof lead.id !== 'string' && typeof lead.id !== 'number') || lead.id === '') {
        throw new TypeError(`MemoryCrmHost: records[${index}].lead must be a Lead with an id`);
      }
      const id = String(lead.id);
      if (this.#records.has(id)) throw new TypeError(`MemoryCrmHost: records[${index}]: duplicate lead id ${id}`);
      const created = lead.created_at ?? null;
      const channel = lead.source?.channel;
      this.#records.set(id, {
        id,
        lead: structuredClone(lead),
        status: input.status ?? 'New',
        owner: input.owner ?? 'Unassigned',
        version: '1',
        activity: [
          {
            at: created === null ? null : toIso(created),
            kind: 'created',
            actor: 'Web form',
            text: `Lead created${lead.form?.type ? `: ${String(lead.form.type).replaceAll('_', ' ')} form` : ''}${channel ? ` (${String(channel).replaceAll('_', ' ')})` : ''}`,
          },
        ],
        decisions: [],
      });
    });
    this.#currentId = this.#records.keys().next().value ?? null;
  }

  // --- LeadHost ------------------------------------------------------------------------------

  /** Resolves a deep copy of the open record's lead. */
  async readLead() {
    await after(this.readLatencyMs);
    const record = this.#current('readLead');
    this.#seen.set(record.id, record.version);
    return structuredClone(record.lead);
  }

  /** Version of the open record as the panel last saw it (see the class comment). */
  version() {
    if (this.#currentId === null) return undefined;
    return this.#seen.get(this.#currentId) ?? this.#records.get(this.#currentId).version;
  }

  onLeadChange(callback) {
    if (typeof callback !== 'function') throw new TypeError('onLeadChange: callback must be a function');
    // A wrapper per subscription, so subscribing the same function twice is two subscriptions.
    const entry = { callback };
    this.#leadListeners.add(entry);
    return () => {
      this.#leadListeners.delete(entry);
    };
  }

  /**
   * Writes a decision back to the record it names, honouring the mode (see `setMode`). Idempotent
   * on `decision_id`; `expectedVersion` that differs from the record's version is a conflict.
   */
  async postDecision(decision, expectedVersion) {
    const decisionId = typeof decision?.decision_id === 'string' ? decision.decision_id : '';
    this.#posts.set(decisionId, (this.#posts.get(decisionId) ?? 0) + 1);
    await after(this.latencyMs);
    // The mode is read when the request "arrives", so switching it mid-flight behaves like a network.
    const result = this.#receive(decision, decisionId, expectedVersion);
    this.#emit({ type: 'post', leadId: decision?.lead_id == null ? null : String(decision.lead_id), decisionId, result });
    return result;
  }

  #receive(decision, decisionId, expectedVersion) {
    if (this.#mode === 'offline') return { ok: false, retryable: true, message: 'CRM unreachable (offline)' };
    if (decisionId === '' || decision.lead_id == null || decision.lead_id === '') {
      return { ok: false, retryable: false, message: 'Invalid decision: decision_id and lead_id are required' };
    }
    // Before any check that could refuse it: a retry of an applied decision (its response was
    // lost) must confirm, even though applying it moved the record's version.
    if (this.#applied.has(decisionId)) return { ok: true };
    const record = this.#records.get(String(decision.lead_id));
    if (!record) return { ok: false, retryable: false, message: `Lead ${decision.lead_id} does not exist in the CRM` };
    if (this.#mode === 'error') {
      return { ok: false, retryable: false, message: `Permission denied: ${this.reviewer} may not update lead ${record.id} (insufficient permission)` };
    }
    if (this.#mode === 'conflict') {
      return { ok: false, retryable: false, conflict: true, message: `Lead ${record.id} was changed by someone else (the CRM reported a conflict)` };
    }
    if (expectedVersion !== undefined && expectedVersion !== null && String(expectedVersion) !== record.version) {
      return {
        ok: false,
        retryable: false,
        conflict: true,
        message: `Lead ${record.id} changed since it was read (version ${expectedVersion}, now ${record.version}); re-check and decide again`,
      };
    }
    this.#apply(record, decision);
    if (this.#mode === 'timeout') {
      // Applied, but the answer never made it back: the panel must retry, and the retry must not
      // apply it twice.
      return { ok: false, retryable: true, message: 'Timed out waiting for the CRM (the write may have gone through)' };
    }
    return { ok: true };
  }

  #apply(record, decision) {
    const copy = structuredClone(decision);
    record.decisions.push(copy);
    record.status = (STATUS_BY_OUTCOME[copy.outcome] ?? (() => `Decision: ${copy.outcome}`))(copy);
    const before = record.version;
    record.version = String(Number(before) + 1);
    // The panel's own write is not news to it: if it had seen the record as it was, it has now
    // seen it as it is (a decision changes the record's status, not its lead).
    if (this.#seen.get(record.id) === before) this.#seen.set(record.id, record.version);
    this.#applied.set(copy.decision_id, 1);
    const who = this.#users[copy.reviewer] ?? copy.reviewer ?? 'Someone';
    const parts = [`${who} ${VERB_BY_OUTCOME[copy.outcome] ?? copy.outcome} the lead`];
    if (copy.reason_code) parts.push(`reason ${copy.reason_code}`);
    if (copy.note) parts.push(`note “${copy.note}”`);
    const snap = copy.score_snapshot;
    if (snap) parts.push(`fit ${snap.fit}, intent ${snap.intent} (${String(snap.route).replaceAll('_', ' ')})`);
    record.activity.push({
      at: copy.decided_at ? toIso(copy.decided_at) : toIso(this.#clock()),
      kind: 'decision',
      actor: who,
      text: parts.join(' — '),
      decision_id: copy.decision_id,
    });
    // No onLeadChange here: the lead itself did not change, and a re-read would loop the panel.
    this.#emit({ type: 'decision', leadId: record.id, decisionId: copy.decision_id });
  }

  // --- CRM helpers ---------------------------------------------------------------------------

  /** Opens a record: `readLead()` now serves it and `onLeadChange` listeners get its lead. */
  open(leadId) {
    const record = this.#records.get(String(leadId));
    if (!record) throw new RangeError(`MemoryCrmHost.open: no lead ${leadId}`);
    this.#currentId = record.id;
    this.#notifyLead(record);
    this.#emit({ type: 'open', leadId: record.id });
  }

  /** The open record's id, or null. */
  get currentId() {
    return this.#currentId;
  }

  /**
   * Someone else edits a record: deep-merges `patch` into its lead (arrays replace), bumps the
   * version, logs it, and tells `onLeadChange` listeners when it is the open record.
   * @returns {string} the new version
   */
  editLead(leadId, patch, { by = 'Marketing ops' } = {}) {
    const record = this.#records.get(String(leadId));
    if (!record) throw new RangeError(`MemoryCrmHost.editLead: no lead ${leadId}`);
    if (!isPlainObject(patch)) throw new TypeError('MemoryCrmHost.editLead: patch must be an object');
    if (patch.id !== undefined && String(patch.id) !== record.id) {
      throw new TypeError('MemoryCrmHost.editLead: a lead id cannot be changed');
    }
    const changed = mergeInto(record.lead, patch).filter((path) => path !== 'id');
    record.version = String(Number(record.version) + 1);
    record.activity.push({
      at: toIso(this.#clock()),
      kind: 'edit',
      actor: by,
      text: changed.length > 0 ? `${by} updated ${changed.join(', ')}` : `${by} saved the record`,
    });
    if (record.id === this.#currentId) this.#notifyLead(record);
    this.#emit({ type: 'edit', leadId: record.id, changed });
    return record.version;
  }

  /** Deep copies of every record, in insertion order (for list views). */
  records() {
    return [...this.#records.values()].map((record) => structuredClone(record));
  }

  /** A deep copy of one record, or undefined. */
  record(leadId) {
    const record = this.#records.get(String(leadId));
    return record ? structuredClone(record) : undefined;
  }

  /**
   * How the CRM answers from now on: 'online'; 'offline' (retryable failure); 'conflict' (every
   * write conflicts); 'error' (permission denied, not retryable); 'timeout' (applies the write, then
   * loses the answer: a retryable failure whose retry confirms).
   */
  setMode(mode) {
    if (!MODES.includes(mode)) throw new RangeError(`MemoryCrmHost.setMode: mode must be one of ${MODES.join(', ')}`);
    this.#mode = mode;
    this.#emit({ type: 'mode', mode });
  }

  get mode() {
    return this.#mode;
  }

  /** Post attempts for a decision id (every call, whatever the answer). */
  postCount(decisionId) {
    return this.#posts.get(decisionId) ?? 0;
  }

  /** 1 once a decision id has been applied, else 0: never more, however often it is posted. */
  appliedCount(decisionId) {
    return this.#applied.get(decisionId) ?? 0;
  }

  /**
   * Calls `fn(change)` on every change (open, edit, decision, post, mode), synchronously: for the
   * CRM's own views, not for the panel. Returns an unsubscribe function.
   */
  subscribe(fn) {
    if (typeof fn !== 'function') throw new TypeError('subscribe: listener must be a function');
    const entry = { fn };
    this.#changeListeners.add(entry);
    return () => {
      this.#changeListeners.delete(entry);
    };
  }

  // --- internals -----------------------------------------------------------------------------

  #current(what) {
    if (this.#currentId === null) throw new Error(`MemoryCrmHost.${what}: no record is open`);
    return this.#records.get(this.#currentId);
  }

  #notifyLead(record) {
    // Snapshot now: later edits must not leak into a notification already on its way.
    const version = record.version;
    const lead = record.lead;
    for (const entry of this.#leadListeners) {
      const copy = structuredClone(lead);
      // One microtask per listener: a throwing listener surfaces as an uncaught error without
      // starving the others. Listeners unsubscribed before delivery are skipped.
      queueMicrotask(() => {
        if (!this.#leadListeners.has(entry)) return;
        // Only the open record's delivery counts as "seen" for version().
        if (record.id === this.#currentId) this.#seen.set(record.id, version);
        entry.callback(copy);
      });
    }
  }

  #emit(change) {
    for (const entry of [...this.#changeListeners]) {
      try {
        entry.fn(change);
      } catch (error) {
        // A broken view must not break the CRM's write path; the error still surfaces.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}

export { MODES as CRM_MODES };
