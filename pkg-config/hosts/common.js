// What every CRM adapter (`leadlens/hosts/<crm>`) shares: reading a CRM record into the Lead
// contract through a field map, the values a decision writes back, the note that records it, and
// turning a CRM's answer into a PostResult. No dependencies, no wasm, no DOM.
//
// The write-back protocol every adapter follows, so that a decision is applied once however
// often the outbox posts it (a lost answer, a reload, two tabs):
//   1. read the record; if it already carries this decision's id, the decision was applied: ok;
//   2. if the record changed since the reviewer saw it (`expectedVersion`), a conflict;
//   3. the note (or task), unless one for this decision id is already there;
//   4. the record update, with the decision id, in one request.
// Step 3 before 4: the id on the record is what says "done", so it is written last.

export const OUTCOMES = Object.freeze(['accepted', 'rejected', 'recycled']);

/** Marks a note as this decision's, so a retry finds it instead of adding a second one. */
export const NOTE_MARKER = 'leadlens decision ';

export const ok = () => ({ ok: true });

/** A failed post. A conflict is never retryable: it needs a person, not a blind retry. */
export function failure(message, { retryable = false, conflict = false } = {}) {
  const result = { ok: false, retryable: conflict ? false : retryable, message: String(message || 'The CRM refused the decision') };
  if (conflict) result.conflict = true;
  return result;
}

/** The message of anything thrown or rejected (SDKs reject with strings, objects, Errors). */
export function messageOf(error) {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  if (error !== null && typeof error === 'object') {
    for (const key of ['message', 'statusText', 'responseText']) {
      if (typeof error[key] === 'string' && error[key] !== '') return error[key];
    }
    try {
      return JSON.stringify(error);
    } catch {
      return String(error);
    }
  }
  return String(error);
}

/**
 * A PostResult for an HTTP status: 409/412 are conflicts; 408, 425, 429 and 5xx (and 0, no
 * answer) may succeed later; any other 4xx will not.
 */
export function failureForStatus(status, message) {
  const text = `${message || 'The CRM refused the decision'}${status ? ` (HTTP ${status})` : ''}`;
  if (status === 409 || status === 412) return failure(text, { conflict: true });
  const retryable = !status || status === 408 || status === 425 || status === 429 || status >= 500;
  return failure(text, { retryable });
}

/** A problem with a decision's shape (a bug upstream: never retried), or null. */
export function decisionProblem(decision) {
  if (decision === null || typeof decision !== 'object') return 'the decision is not an object';
  for (const key of ['decision_id', 'lead_id']) {
    const value = decision[key];
    if (!((typeof value === 'string' && value !== '') || Number.isInteger(value))) return `the decision has no \`${key}\``;
  }
  if (!OUTCOMES.includes(decision.outcome)) return `the decision's outcome is ${JSON.stringify(decision.outcome)}, expected one of ${OUTCOMES.join(', ')}`;
  return null;
}

function setPath(target, path, value) {
  const keys = path.split('.');
  let at = target;
  for (const key of keys.slice(0, -1)) {
    if (at[key] === null || typeof at[key] !== 'object') at[key] = {};
    at = at[key];
  }
  at[keys[keys.length - 1]] = value;
}

const isBlank = (value) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/**
 * A Lead from a CRM record through `fields`: lead path (`company.name`) → the record's field name,
 * or a function of the record (for derived values: a full name from two fields, a consent flag
 * from an opt-out). Blank values are left out, never written as empty strings: the scorer reads a
 * missing field as unknown, which is what an empty CRM field means. Values are passed as the CRM
 * gives them (`"1,200"`, `"$48M"`, `"51-200"`): the scorer reads them leniently.
 * @param {Record<string, unknown>} record
 * @param {Record<string, string | ((record: any) => unknown) | null>} fields
 */
export function leadFromRecord(record, fields) {
  const lead = {};
  for (const [path, source] of Object.entries(fields)) {
    if (source === null || source === undefined) continue;
    const value = typeof source === 'function' ? source(record) : record?.[source];
    if (!isBlank(value)) setPath(lead, path, value);
  }
  return lead;
}

/** The value at a dotted path (`organization.address.country`); undefined where the path ends early. */
export function valueAt(root, path) {
  let at = root;
  for (const key of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = at[key];
  }
  return at;
}

/**
 * `fields` for records that nest (a lead with its person and organization, a ticket with its
 * requester): every string source becomes a reader of that dotted path, its value passed through
 * `finish`. A field name that itself contains a dot is then read with a function.
 */
export function pathFields(fields, finish = (value) => value) {
  const readers = {};
  for (const [leadPath, source] of Object.entries(fields)) {
    readers[leadPath] = typeof source === 'string' ? (record) => finish(valueAt(record, source)) : source;
  }
  return readers;
}

/** `field` → where the decision's parts go, merged over an adapter's defaults; null drops one. */
export function mergeMap(defaults, overrides, where, what) {
  if (overrides === undefined || overrides === null) return { ...defaults };
  if (typeof overrides !== 'object' || Array.isArray(overrides)) {
    throw new TypeError(`${where}: \`${what}\` must be an object`);
  }
  const merged = { ...defaults };
  for (const [key, value] of Object.entries(overrides)) {
    if (value !== null && typeof value !== 'string' && typeof value !== 'function') {
      throw new TypeError(`${where}: \`${what}.${key}\` must be a field name, a function or null`);
    }
    merged[key] = value;
  }
  return merged;
}

/**
 * The CRM field values a decision writes: `write` maps each part (`status`, `decision_id`,
 * `outcome`, `reason_code`, `note`, `reviewer`, `decided_at`, `fit`, `intent`, `route`,
 * `model_version`) to a CRM field name, or null to leave it out; `statusByOutcome` gives the
 * CRM status for each outcome.
 */
export function decisionValues(decision, write, statusByOutcome) {
  const snapshot = decision.score_snapshot ?? {};
  const parts = {
    status: statusByOutcome[decision.outcome],
    decision_id: String(decision.decision_id),
    outcome: decision.outcome,
    reason_code: decision.reason_code ?? null,
    note: decision.note ?? null,
    reviewer: decision.reviewer ?? null,
    decided_at: decision.decided_at ?? null,
    fit: snapshot.fit ?? null,
    intent: snapshot.intent ?? null,
    route: snapshot.route ?? null,
    model_version: snapshot.model_version ?? null,
  };
  const values = {};
  for (const [part, field] of Object.entries(write)) {
    if (typeof field === 'string' && field !== '' && part in parts && parts[part] !== undefined) {
      values[field] = parts[part];
    }
  }
  return values;
}

const VERBS = { accepted: 'accepted', rejected: 'rejected', recycled: 'recycled to nurture' };

/**
 * The note that records a decision in the CRM's timeline: plain text (CRMs render notes as text
 * or sanitise them; nothing here is markup), ending with the marker line that makes it findable.
 */
export function decisionNote(decision) {
  const snapshot = decision.score_snapshot ?? {};
  const title = `leadlens: ${VERBS[decision.outcome] ?? decision.outcome}${decision.reason_code ? ` (${decision.reason_code})` : ''}`;
  const lines = [`Lead ${VERBS[decision.outcome] ?? decision.outcome} by ${decision.reviewer ?? 'a reviewer'}.`];
  if (decision.reason_code) lines.push(`Reason: ${decision.reason_code}`);
  if (decision.note) lines.push(`Note: ${decision.note}`);
  if (snapshot.fit !== undefined || snapshot.intent !== undefined) {
    lines.push(
      `Score when decided: fit ${snapshot.fit ?? '?'}, intent ${snapshot.intent ?? '?'}, route ${snapshot.route ?? '?'}` +
        (snapshot.model_version ? ` (model ${snapshot.model_version})` : ''),
    );
  }
  if (decision.decided_at) lines.push(`Decided at: ${decision.decided_at}`);
  lines.push(`${NOTE_MARKER}${decision.decision_id}`);
  return { title, body: lines.join('\n') };
}

/** Whether a note's text is the one `decisionNote` wrote for this decision. */
export function isNoteFor(text, decisionId) {
  return typeof text === 'string' && text.split('\n').some((line) => line.trim() === `${NOTE_MARKER}${decisionId}`);
}

/** `localStorage` as the outbox store when this page may use it; otherwise null (no durable store). */
export function defaultStore(prefix) {
  try {
    const storage = globalThis.localStorage;
    if (!storage || typeof storage.getItem !== 'function') return null;
    const probe = `${prefix}:probe`;
    storage.setItem(probe, '1');
    storage.removeItem(probe);
    const full = (key) => `${prefix}:${key}`;
    return {
      async get(key) {
        return storage.getItem(full(key));
      },
      async set(key, value) {
        storage.setItem(full(key), String(value));
      },
    };
  } catch {
    return null; // blocked (sandboxed iframe, privacy mode): the panel warns that decisions are not durable
  }
}

/** Checks the options every adapter takes the same way; returns `store` resolved. */
export function commonOptions(options, where, storePrefix) {
  const { reviewer, store } = options;
  if (reviewer != null && (typeof reviewer !== 'string' || reviewer === '')) {
    throw new TypeError(`${where}: \`reviewer\` must be a non-empty string (the signed-in user's id)`);
  }
  if (store === undefined) return defaultStore(storePrefix);
  if (store === null) return null;
  if (typeof store !== 'object' || typeof store.get !== 'function' || typeof store.set !== 'function') {
    throw new TypeError(`${where}: \`store\` must have get(key) and set(key, value) functions, or be null`);
  }
  return store;
}
