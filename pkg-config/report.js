// Is the score working? `report()` and `calibrate()` run `leadlens report` and
// `leadlens calibrate` on NDJSON text (a leads file and an outcomes file), in wasm, with the same
// code as the CLI: the same numbers, the same bad lines.
//
//   import init, { report, calibrate } from 'leadlens/report';
//   await init();                                   // Node: initSync({ module: bytes })
//   const { report: r, bad_lines } = report(leadsText, outcomesText, { now: new Date() });
//
// Bad lines never throw: each comes back in `bad_lines` with its file, line number and field path.
// Only unusable input throws a LeadlensError: an invalid model, bad options, a bad `now`.

import { LeadlensError } from './web.js';
// Its own bundle (scoring + report + calibrate): pages that only score never download it.
import initReportWasm, {
  initSync as initReportWasmSync,
  WasmReportInput,
  defaultModelJson,
  parseTimestampMs,
} from './leadlens_report_wasm.js';

export { LeadlensError };

let ready = false;
let loading;

/** Loads the report bundle (by default the .wasm next to this file). Safe to call repeatedly. */
export default async function init(input) {
  if (ready) return;
  loading ??= initReportWasm(input === undefined ? undefined : { module_or_path: input });
  try {
    await loading;
  } catch (error) {
    loading = undefined; // a failed load can be retried
    throw error;
  }
  ready = true;
}

/** Synchronous init with the bytes (Node: `initSync({ module: readFileSync(…) })`). */
export function initSync({ module } = {}) {
  if (ready) return;
  if (module === undefined || module === null) {
    throw new LeadlensError('initSync: expected { module: bytes | WebAssembly.Module }', { code: 'invalid_argument' });
  }
  initReportWasmSync({ module });
  ready = true;
}

function ensureReady() {
  if (!ready) {
    throw new LeadlensError('leadlens/report is not initialized: call `await init()` first', { code: 'not_initialized' });
  }
}

function wasmError(error) {
  if (error instanceof Error && error.name === 'LeadlensError' && !(error instanceof LeadlensError)) {
    return new LeadlensError(error.message, { code: error.code, path: error.path, problems: error.problems });
  }
  return error;
}

/** Hands the files, model and `now` to wasm once, runs `use` on them, frees them. */
function withInput(leads, outcomes, { model, now }, use) {
  ensureReady();
  const args = [text(leads, 'leads'), text(outcomes, 'outcomes'), modelText(model), nowMs(now)];
  let input;
  try {
    input = new WasmReportInput(...args);
    return JSON.parse(use(input));
  } catch (error) {
    throw wasmError(error);
  } finally {
    input?.free();
  }
}

/** A Date, an RFC 3339 string or milliseconds → milliseconds (`now`; absent: the current time). */
function nowMs(now) {
  if (now === undefined || now === null) return Date.now();
  const ms = now instanceof Date ? now.getTime() : typeof now === 'string' ? parseTimestampMs(now) : now;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new LeadlensError(`now: expected a Date, an RFC 3339 string or milliseconds, got ${String(now)}`, {
      code: 'invalid_now',
      path: 'now',
    });
  }
  return ms;
}

/** `since`/`until` → RFC 3339 text for the options (strings are checked by the core). */
function instant(name, value) {
  if (value === undefined || value === null || typeof value === 'string') return value ?? null;
  const date = value instanceof Date ? value : typeof value === 'number' ? new Date(value) : undefined;
  if (!date || !Number.isFinite(date.getTime())) {
    throw new LeadlensError(`${name}: expected a Date, an RFC 3339 string or milliseconds`, {
      code: 'invalid_field',
      path: name,
    });
  }
  return date.toISOString();
}

function text(value, what) {
  if (typeof value !== 'string') {
    throw new LeadlensError(`${what}: expected NDJSON text (a string)`, { code: 'invalid_argument', path: what });
  }
  return value;
}

function modelText(model) {
  if (model === undefined || model === null) return undefined;
  return typeof model === 'string' ? model : JSON.stringify(model);
}

/** Funnel metrics (schema `leadlens.report/1`) and every bad line. */
export function report(leads, outcomes, { model, now, since, until } = {}) {
  const options = JSON.stringify({ since: instant('since', since), until: instant('until', until) });
  return withInput(leads, outcomes, { model, now }, (input) => input.report(options));
}

/**
 * A recalibrated model proposed from outcomes (schema `leadlens.calibrate/1`), or the refusal
 * (too few outcomes), and every bad line. The proposal is text to review; adopting it is a person's step.
 */
export function calibrate(leads, outcomes, { model, now, target, pointsPerLogit } = {}) {
  const options = JSON.stringify({ target: target ?? null, points_per_logit: pointsPerLogit ?? null });
  return withInput(leads, outcomes, { model, now }, (input) => input.calibrate(options));
}

/** The embedded default model (what `report` and `calibrate` use without `model`). */
export function defaultModel() {
  ensureReady();
  return JSON.parse(defaultModelJson());
}
