// The public JavaScript API of leadlens, shared by the browser entry (web.js) and the Node entry
// (node.js). It packs leads into wasm memory (see writePack), makes ONE scoring call into wasm per
// score/batch, reads the result from the tape wasm writes it to (see readTape), and rethrows wasm
// errors as LeadlensError instances with the same code and path.

import initWasm, {
  initSync as initWasmSync,
  WasmScorer,
  validateModelJson,
  defaultModelJson,
  parseTimestampMs,
  resultKeys,
  leadKeys,
  version as wasmVersion,
} from './leadlens_wasm.js';

/** Every error leadlens throws: branch on `code` (stable, snake_case), show `message`. */
export class LeadlensError extends Error {
  constructor(message, { code, path = '', errors, problems, cause } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'LeadlensError';
    this.code = code;
    this.path = path;
    if (errors !== undefined) this.errors = errors;
    if (problems !== undefined) this.problems = problems;
  }
}

let ready = false;
let pendingInit;
/** The module's memory: result tapes are read in place from it (see readTape). */
let memory;

/**
 * Loads the wasm module (browser entry). `input`: URL/string, Response, Promise<Response>,
 * bytes or WebAssembly.Module; by default the .wasm next to this file. Safe to call repeatedly.
 */
export default function init(input) {
  if (ready) return Promise.resolve();
  pendingInit ??= initWasm(input === undefined ? undefined : { module_or_path: input }).then(
    (exports) => {
      memory = exports.memory;
      ready = true;
    },
    (error) => {
      pendingInit = undefined; // let the caller retry, e.g. after a network error
      throw error;
    },
  );
  return pendingInit;
}

/** Synchronous init for hosts that inline the bytes: `initSync({ module })`, module = bytes or WebAssembly.Module. */
export function initSync(options) {
  if (ready) return;
  const module = options !== null && typeof options === 'object' && 'module' in options ? options.module : options;
  if (module === undefined || module === null) {
    throw new LeadlensError('initSync: expected { module: bytes | WebAssembly.Module }', {
      code: 'invalid_argument',
    });
  }
  memory = initWasmSync({ module }).memory;
  ready = true;
}

function ensureReady() {
  if (!ready) {
    throw new LeadlensError('leadlens is not initialized: call `await init()` (or `initSync({ module })`) first', {
      code: 'not_initialized',
    });
  }
}

// Errors thrown inside wasm are plain Errors named "LeadlensError"; a trap (a bug, never bad input)
// is a WebAssembly.RuntimeError. Both become LeadlensError so callers need one `instanceof`.
function rethrow(error) {
  if (error instanceof LeadlensError) return error;
  if (error !== null && typeof error === 'object' && error.name === 'LeadlensError') {
    return new LeadlensError(error.message, {
      code: error.code,
      path: error.path,
      errors: error.errors,
      problems: error.problems,
    });
  }
  if (typeof WebAssembly !== 'undefined' && error instanceof WebAssembly.RuntimeError) {
    return new LeadlensError(`internal error in leadlens: ${error.message}`, { code: 'internal_error', cause: error });
  }
  return error;
}

function callWasm(fn) {
  try {
    return fn();
  } catch (error) {
    throw rethrow(error);
  }
}

// Only what JSON.stringify cannot express is checked here; the core validates everything else.
function toJson(value, what) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new LeadlensError(`${what}: cannot be converted to JSON (${error.message})`, {
      code: 'invalid_json',
      cause: error,
    });
  }
  if (text === undefined) {
    throw new LeadlensError(`${what}: expected a JSON value, got ${typeof value}`, { code: 'invalid_json' });
  }
  return text;
}

function modelText(model) {
  return typeof model === 'string' ? model : toJson(model, 'model');
}

const RFC3339_HINT = 'a Date, an RFC 3339 string such as "2026-11-22T12:00:00Z" or milliseconds since the epoch';

/** `now` option → milliseconds since the epoch; the current time when absent. */
function nowMs(now) {
  let ms;
  if (now === undefined || now === null) ms = Date.now();
  else if (now instanceof Date) ms = now.getTime();
  else if (typeof now === 'number') ms = now;
  // The same RFC 3339 parser as lead timestamps, so `now` and `events[].at` follow one set of rules.
  else if (typeof now === 'string') ms = parseTimestampMs(now);
  if (typeof ms !== 'number' || !Number.isFinite(ms)) {
    throw new LeadlensError(`now: expected ${RFC3339_HINT}, got ${describe(now)}`, { code: 'invalid_now', path: 'now' });
  }
  return ms;
}

function describe(value) {
  if (value instanceof Date) return 'an invalid Date';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

// ---- input: a lead packed into wasm memory ------------------------------------------------------
// A lead crosses as a pack (src/core/packed.rs documents it), not as JSON.stringify text: its values
// as numbered ops, member names as numbers, and its strings appended to one string that is encoded
// into wasm memory once. The walk is JSON.stringify's (own enumerable members in order, toJSON,
// boxed primitives, undefined/function/symbol members left out and null in arrays, non-finite
// numbers as null), but only into the members the Lead contract reads and only as deep as it reads
// them, so wasm reads what it would have read from the JSON text (the npm tests compare the two).
// Writing the text and scanning it again were over a quarter of a score call in Node.
const P_END = 0;
const P_LITERAL = 1;
const P_STRING = 2;
const P_NUMBER = 3;
const P_OBJECT = 4;
const P_ARRAY = 5;
const P_KEY = 6;
const P_SHAPE = 7;
const P_LONG = 0x1fffffff;
const P_NULL = P_LITERAL;
const P_FALSE = P_LITERAL + 8;
const P_TRUE = P_LITERAL + 16;
const P_AN_OBJECT = P_SHAPE;
const P_AN_ARRAY = P_SHAPE + 8;
const P_JSON_TEXT = P_SHAPE + 16;

// Member names by pack id (`LEAD_KEYS` in src/core/lead.rs; checked against the module's own list
// before the first pack, see checkKeys). Each object of a lead has its own `switch`: the names it
// reads.
const LEAD_KEYS =
  'id,created_at,company,contact,form,source,events,consent,name,domain,industry,employees,annual_revenue,country,enriched_at,enriched_fields,email,title,phone,type,message,fields,channel,campaign,medium,at,page,asset';

function leadMember(name) {
  switch (name) {
    case 'id': return 0;
    case 'created_at': return 1;
    case 'company': return 2;
    case 'contact': return 3;
    case 'form': return 4;
    case 'source': return 5;
    case 'events': return 6;
    case 'consent': return 7;
    default: return -1;
  }
}

function companyMember(name) {
  switch (name) {
    case 'name': return 8;
    case 'domain': return 9;
    case 'industry': return 10;
    case 'employees': return 11;
    case 'annual_revenue': return 12;
    case 'country': return 13;
    case 'enriched_at': return 14;
    case 'enriched_fields': return 15;
    default: return -1;
  }
}

function contactMember(name) {
  switch (name) {
    case 'name': return 8;
    case 'email': return 16;
    case 'title': return 17;
    case 'phone': return 18;
    default: return -1;
  }
}

function formMember(name) {
  switch (name) {
    case 'type': return 19;
    case 'message': return 20;
    case 'fields': return 21;
    default: return -1;
  }
}

function sourceMember(name) {
  switch (name) {
    case 'channel': return 22;
    case 'campaign': return 23;
    case 'medium': return 24;
    default: return -1;
  }
}

function eventMember(name) {
  switch (name) {
    case 'type': return 19;
    case 'at': return 25;
    case 'page': return 26;
    case 'asset': return 27;
    default: return -1;
  }
}

function consentMember(name) {
  switch (name) {
    case 'email': return 16;
    case 'phone': return 18;
    default: return -1;
  }
}

// What is read at a place in a lead: a scalar (an object or array there is only refused, so only
// its kind is sent), an object (the function naming its members), an array of `items`, or an
// object kept as its JSON text.
const SCALAR = 0;
const JSON_TEXT = 1;
const EVENTS = { items: eventMember };
const NAMES = { items: SCALAR };
const LEADS = { items: leadMember };
/** The shape of each member, by id. */
const SHAPES = [SCALAR, SCALAR, companyMember, contactMember, formMember, sourceMember, EVENTS, consentMember];
SHAPES[15] = NAMES;
SHAPES[21] = JSON_TEXT;
for (let id = 0; id < LEAD_KEYS.split(',').length; id++) SHAPES[id] ??= SCALAR;

const hasOwn = Object.hasOwn ?? ((object, name) => Object.prototype.hasOwnProperty.call(object, name));
let packOps = new Uint32Array(1024);
let packWords = 0;
let packText = '';
/**
 * The texts of a pack in order: one per lead of a batch, then the rest. Encoding them one by one
 * is faster than flattening one text appended from a whole batch's strings.
 */
const packTexts = [];
let packBytes = 0;
let packAscii = true;
/** Whether for…in over a plain object lists only its own members (see packValue). */
let plainIsOwn = true;

function hasNoEnumerable(object) {
  for (const _ in object) return false;
  return true;
}

function pushOp(op) {
  if (packWords === packOps.length) {
    const grown = new Uint32Array(packOps.length * 2);
    grown.set(packOps);
    packOps = grown;
  }
  packOps[packWords++] = op;
}

function pushText(tag, text) {
  const n = text.length;
  if (n < P_LONG) {
    pushOp(tag + n * 8);
  } else {
    pushOp(tag + P_LONG * 8);
    pushOp(n);
  }
  packText += text;
}

/**
 * Packs `value` (at member `key`, or array index) as `shape`; false when JSON.stringify would
 * leave it out.
 */
function packValue(value, key, shape) {
  if ((typeof value === 'object' && value !== null) || typeof value === 'bigint') {
    if (typeof value.toJSON === 'function') value = value.toJSON(String(key));
  }
  let proto = Object.prototype;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) value = unboxed(value);
  }
  switch (typeof value) {
    case 'string':
      pushText(P_STRING, value);
      return true;
    case 'number':
      if (Number.isFinite(value)) pushText(P_NUMBER, String(value));
      else pushOp(P_NULL);
      return true;
    case 'boolean':
      pushOp(value ? P_TRUE : P_FALSE);
      return true;
    case 'bigint':
      // JSON.stringify's own error ("Do not know how to serialize a BigInt").
      JSON.stringify(value);
      return false;
    case 'object':
      if (value === null) {
        pushOp(P_NULL);
      } else if (Array.isArray(value)) {
        if (shape.items === undefined) pushOp(P_AN_ARRAY);
        else packItems(value, shape.items);
      } else if (typeof shape === 'function') {
        // for…in lists inherited enumerable members too; JSON.stringify only own ones. A plain
        // object inherits none unless Object.prototype has some (checked once per pack).
        packMembers(value, shape, proto === null || (proto === Object.prototype && plainIsOwn));
      } else if (shape === JSON_TEXT) {
        pushOp(P_JSON_TEXT);
        pushText(P_STRING, JSON.stringify(value));
      } else {
        pushOp(P_AN_OBJECT);
      }
      return true;
    default:
      // undefined, a function, a symbol.
      return false;
  }
}

/** A Number, String, Boolean or BigInt object as its primitive, as JSON.stringify takes it. */
function unboxed(value) {
  if (value instanceof Number) return Number(value);
  if (value instanceof String) return String(value);
  if (value instanceof Boolean || (typeof BigInt === 'function' && value instanceof BigInt)) return value.valueOf();
  return value;
}

function packMembers(object, memberId, allOwn) {
  pushOp(P_OBJECT);
  for (const name in object) {
    const id = memberId(name);
    if (id < 0 || (!allOwn && !hasOwn(object, name))) continue;
    const start = packWords;
    pushOp(P_KEY + id * 8);
    if (!packValue(object[name], name, SHAPES[id])) packWords = start;
  }
  pushOp(P_END);
}

function packItems(items, shape) {
  // The count is a hint for wasm's capacities (a batch's tape is sized by it).
  pushOp(P_ARRAY + Math.min(items.length, P_LONG) * 8);
  for (let i = 0; i < items.length; i++) {
    if (!packValue(items[i], i, shape)) pushOp(P_NULL);
    if (shape === leadMember) {
      // A batch: each lead's text is encoded on its own (see packTexts).
      packTexts.push(packText);
      packText = '';
    }
  }
  pushOp(P_END);
}

/** Texts up to this many UTF-16 units get room for their longest UTF-8 at once. */
const SMALL_TEXT = 1 << 16;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Packs `value` (a lead, or with `shape` LEADS an array of leads) and writes the pack into the
 * scorer's input buffers in wasm memory; sets packWords, packBytes and packAscii for the call.
 */
function writePack(handle, value, shape, what) {
  keysChecked ??= checkKeys();
  packWords = 0;
  packText = '';
  packTexts.length = 0;
  plainIsOwn = hasNoEnumerable(Object.prototype);
  let packed;
  try {
    packed = packValue(value, '', shape);
  } catch (error) {
    packText = '';
    packTexts.length = 0;
    throw new LeadlensError(`${what}: cannot be converted to JSON (${error.message})`, {
      code: 'invalid_json',
      cause: error,
    });
  }
  if (!packed) {
    throw new LeadlensError(`${what}: expected a JSON value, got ${typeof value}`, { code: 'invalid_json' });
  }
  packTexts.push(packText);
  packText = '';
  try {
    writeTexts(handle, what);
  } finally {
    packTexts.length = 0;
  }
}

/**
 * Writes the pack's ops and encodes its texts (packTexts) into the input buffers; sets packBytes
 * and packAscii.
 */
function writeTexts(handle, what) {
  let units = 0;
  for (let i = 0; i < packTexts.length; i++) units += packTexts[i].length;
  // Room for any text of one lead (3 bytes per UTF-16 unit at most); for a batch's, a byte per
  // unit and an eighth more (ASCII is one byte a unit; a batch's few other characters fit in the
  // extra), and if it needs more, the buffer grows (keeping what was written) and encoding goes
  // on where it stopped.
  let room = units <= SMALL_TEXT ? 3 * units : units + (units >>> 3);
  let map = handle.inputBuffer(packWords, room) >>> 2;
  // After the call: growing the buffer may have grown the memory.
  refreshViews();
  memoryWords.set(packOps.subarray(0, packWords), memoryWords[map] >>> 2);
  let read = 0;
  let written = 0;
  for (let i = 0; i < packTexts.length; i++) {
    let text = packTexts[i];
    for (;;) {
      const address = memoryWords[map + 1];
      const done = encoder.encodeInto(text, memoryBytes.subarray(address + written, address + room));
      read += done.read;
      written += done.written;
      if (done.read === text.length) break;
      text = text.slice(done.read);
      // Each UTF-16 unit left takes at most 3 bytes.
      room = written + 3 * (units - read);
      map = handle.inputBuffer(packWords, room) >>> 2;
      refreshViews();
    }
  }
  packBytes = written;
  // Every unit took one byte: all ASCII, and lengths in units are lengths in bytes.
  packAscii = written === units;
  // TextEncoder would make an unpaired surrogate U+FFFD; JSON text refused it, and so does this.
  if (!packAscii && !packTexts.every(isWellFormed)) {
    throw new LeadlensError(`${what}: a string holds an unpaired surrogate (half of a UTF-16 pair), which is not text`, {
      code: 'invalid_json',
    });
  }
}

function isWellFormed(text) {
  return text.isWellFormed ? text.isWellFormed() : !LONE_SURROGATE.test(text);
}

const encoder = new TextEncoder();

// ---- results: read from a tape -----------------------------------------------------------------
// Results cross from wasm as a tape (src/core/tape.rs documents it): numbered ops, read in place in
// wasm memory, member names as numbers (see readObject), and every string a slice of one of
// two blobs (ASCII, the rest), each decoded once, in place too. Reading it builds
// exactly the object JSON.parse of the result's JSON text would build, at a fraction of the cost
// (JSON.parse was a third of a score call in Node). The reader's state lives in these variables
// while one tape is read: reading never calls out, so no two reads interleave.
const END = 0;
const ASCII = 1;
const WIDE = 2;
const INT = 3;
const F64 = 4;
const OBJECT = 5;
const ARRAY = 6;
const LITERAL = 7;
const LONG = 0x1fffffff;
// A string op with this bit in its payload (and not LONG) is remembered, in order, for the LITERAL
// ops FIRST_SHARED + k that repeat it: a batch's results share one string object per repeated code,
// band or label (src/core/tape.rs, `Tape::sharing_strings`), which the garbage collector then does
// not copy ten thousand times.
const REMEMBER = 0x10000000;
const FIRST_SHARED = 3;
const remembered = [];
const LITERALS = [null, false, true];
const f64 = new Float64Array(1);
const f64Halves = new Uint32Array(f64.buffer);
let memoryWords;
let memoryBytes;
// `ignoreBOM`: a byte order mark that starts a blob is text like any other (by default the
// decoder drops it, shifting every later string). Safari's TextDecoder fails after about 2 GiB
// decoded in all, so a fresh one is made well before (as wasm-bindgen's glue does for its own).
const newDecoder = () => new TextDecoder('utf-8', { ignoreBOM: true });
const DECODER_BYTES = 2 ** 30;
let utf8 = newDecoder();
let decodedBytes = 0;
let ops;
let at;
let ascii;
let asciiAt;
let wide;
let wideAt;

/** The result of the score call that returned `address`: where its tape's map is in wasm memory. */
function readTape(address) {
  keysChecked ??= checkKeys();
  // After the last call into wasm: the memory cannot grow while reading.
  refreshViews();
  // The map: the ops' address, then each blob's address and length (src/web/scorer.rs, `keep`).
  const map = address >>> 2;
  ops = memoryWords;
  at = ops[map] >>> 2;
  ascii = blob(ops[map + 1], ops[map + 2]);
  wide = blob(ops[map + 3], ops[map + 4]);
  asciiAt = 0;
  wideAt = 0;
  const value = readValue();
  ops = ascii = wide = undefined;
  remembered.length = 0;
  return value;
}

/** The views of the wasm memory, made again if it grew since (growing detaches the old ones). */
function refreshViews() {
  if (memoryWords?.buffer !== memory.buffer) {
    memoryWords = new Uint32Array(memory.buffer);
    memoryBytes = new Uint8Array(memory.buffer);
  }
}

/** A blob's text: UTF-8 bytes in wasm memory, decoded once (most results have no wide text). */
function blob(address, length) {
  if (length === 0) return '';
  decodedBytes += length;
  if (decodedBytes > DECODER_BYTES) {
    utf8 = newDecoder();
    decodedBytes = length;
  }
  return utf8.decode(memoryBytes.subarray(address, address + length));
}

/**
 * A string op's string, sliced from `text` at `start` (its blob's next characters); the tape says
 * how many, and whether to remember it for later ops that repeat it (batches; see REMEMBER).
 */
function sliced(text, start, op) {
  const n = op >>> 3;
  if (n < REMEMBER) return text.slice(start, start + n);
  if (n === LONG) return text.slice(start, start + ops[at++]);
  const string = text.slice(start, start + n - REMEMBER);
  remembered.push(string);
  return string;
}

// Member names of a result at their tape ids (`RESULT_KEYS` in src/core/result.rs; checked against
// the module's own list before the first read). Each name is stored in a `case` of its own, so
// each store keeps its own inline cache: `object[name] = …` in one place sees every name on every
// shape of object, and made reading a result 40% slower.
const RESULT_KEYS =
  'lead_id,model,id,version,variant,scored_at,fit,score,band,confidence,evidence,intent,notes,negative,route,route_reason,disqualification,code,reason,review_reasons,missing,next_action,summary,contact_quality,likelihood,per_mille,outcomes,target,text,points,label,field,value,at,decayed_from,count,expired,enriched,auto_disqualify,weak,dedupe_key,phone_e164,hints,message';
let keysChecked;

/** api.js's copies of the module's member-name tables (packs' and tapes') match it. */
function checkKeys() {
  for (const [what, ours, its] of [['lead', LEAD_KEYS, leadKeys()], ['result', RESULT_KEYS, resultKeys()]]) {
    if (ours !== its) {
      throw new LeadlensError(`internal error in leadlens: api.js does not match its wasm module (${what} member names differ)`, {
        code: 'internal_error',
      });
    }
  }
  return true;
}

/**
 * Makes the result's objects: plain objects (their prototype is Object.prototype, as `{}`'s), but
 * made by `new`, so V8 sizes them by the members they turn out to have (slack tracking) instead of
 * `{}`'s four, past which each object's members go to a second block allocated and grown as they
 * are added. A 10k batch's results are ~5% faster to read and take less heap.
 */
function PlainObject() {}
PlainObject.prototype = Object.prototype;

function readObject() {
  const object = new PlainObject();
  for (let key = ops[at++]; key !== END; key = ops[at++]) {
    switch (key) {
      case 1: object.lead_id = readValue(); break;
      case 2: object.model = readValue(); break;
      case 3: object.id = readValue(); break;
      case 4: object.version = readValue(); break;
      case 5: object.variant = readValue(); break;
      case 6: object.scored_at = readValue(); break;
      case 7: object.fit = readValue(); break;
      case 8: object.score = readValue(); break;
      case 9: object.band = readValue(); break;
      case 10: object.confidence = readValue(); break;
      case 11: object.evidence = readValue(); break;
      case 12: object.intent = readValue(); break;
      case 13: object.notes = readValue(); break;
      case 14: object.negative = readValue(); break;
      case 15: object.route = readValue(); break;
      case 16: object.route_reason = readValue(); break;
      case 17: object.disqualification = readValue(); break;
      case 18: object.code = readValue(); break;
      case 19: object.reason = readValue(); break;
      case 20: object.review_reasons = readValue(); break;
      case 21: object.missing = readValue(); break;
      case 22: object.next_action = readValue(); break;
      case 23: object.summary = readValue(); break;
      case 24: object.contact_quality = readValue(); break;
      case 25: object.likelihood = readValue(); break;
      case 26: object.per_mille = readValue(); break;
      case 27: object.outcomes = readValue(); break;
      case 28: object.target = readValue(); break;
      case 29: object.text = readValue(); break;
      case 30: object.points = readValue(); break;
      case 31: object.label = readValue(); break;
      case 32: object.field = readValue(); break;
      case 33: object.value = readValue(); break;
      case 34: object.at = readValue(); break;
      case 35: object.decayed_from = readValue(); break;
      case 36: object.count = readValue(); break;
      case 37: object.expired = readValue(); break;
      case 38: object.enriched = readValue(); break;
      case 39: object.auto_disqualify = readValue(); break;
      case 40: object.weak = readValue(); break;
      case 41: object.dedupe_key = readValue(); break;
      case 42: object.phone_e164 = readValue(); break;
      case 43: object.hints = readValue(); break;
      case 44: object.message = readValue(); break;
      default:
        throw new LeadlensError(`internal error in leadlens: unreadable result (member ${key} at ${at - 1})`, {
          code: 'internal_error',
        });
    }
  }
  return object;
}

function readValue() {
  const op = ops[at++];
  switch (op & 7) {
    case ASCII: {
      const string = sliced(ascii, asciiAt, op);
      asciiAt += string.length;
      return string;
    }
    case WIDE: {
      const string = sliced(wide, wideAt, op);
      wideAt += string.length;
      return string;
    }
    case INT:
      return ops[at++] | 0;
    case F64:
      f64Halves[0] = ops[at++];
      f64Halves[1] = ops[at++];
      return f64[0];
    case OBJECT:
      return readObject();
    case ARRAY: {
      const array = [];
      while (ops[at] !== END) array.push(readValue());
      at++;
      return array;
    }
    case LITERAL:
      // null, false, true; then the strings remembered so far, again.
      return op >>> 3 < FIRST_SHARED ? LITERALS[op >>> 3] : remembered[(op >>> 3) - FIRST_SHARED];
    default:
      throw new LeadlensError(`internal error in leadlens: unreadable result (op ${op} at ${at - 1})`, {
        code: 'internal_error',
      });
  }
}

/**
 * A model parsed and validated once, for scoring many leads. Without a model: the embedded default.
 * Call `free()` (or use `using`) when done with it; otherwise the garbage collector frees it later.
 */
export class Scorer {
  #inner;

  constructor(model) {
    ensureReady();
    const text = model === undefined || model === null ? undefined : modelText(model);
    this.#inner = callWasm(() => new WasmScorer(text));
  }

  #handle() {
    if (this.#inner === undefined) {
      throw new LeadlensError('this Scorer was freed', { code: 'scorer_freed' });
    }
    return this.#inner;
  }

  /** Scores one lead. */
  score(lead, { now } = {}) {
    const handle = this.#handle();
    const ms = nowMs(now);
    writePack(handle, lead, leadMember, 'lead');
    return readTape(callWasm(() => handle.scoreInput(packWords, packBytes, packAscii, ms)));
  }

  /** Scores many leads with one call into wasm; throws (listing every bad lead) if any is invalid. */
  scoreBatch(leads, { now } = {}) {
    const handle = this.#handle();
    const ms = nowMs(now);
    const list = Array.isArray(leads) ? leads : Array.from(leads ?? []);
    writePack(handle, list, LEADS, 'leads');
    return readTape(callWasm(() => handle.scoreBatchInput(packWords, packBytes, packAscii, ms)));
  }

  /** The model in use (a fresh copy each time). */
  get model() {
    const handle = this.#handle();
    return JSON.parse(handle.modelJson());
  }

  /** Releases the wasm memory now instead of waiting for garbage collection. Idempotent. */
  free() {
    this.#inner?.free();
    this.#inner = undefined;
  }

  [Symbol.dispose]() {
    this.free();
  }
}

let defaultScorer;

function scorerFor(model) {
  if (model instanceof Scorer) return { scorer: model, temporary: false };
  if (model === undefined || model === null) {
    defaultScorer ??= new Scorer();
    return { scorer: defaultScorer, temporary: false };
  }
  return { scorer: new Scorer(model), temporary: true };
}

function withScorer(model, use) {
  ensureReady();
  const { scorer, temporary } = scorerFor(model);
  try {
    return use(scorer);
  } finally {
    if (temporary) scorer.free();
  }
}

/** Scores one lead with `model` (default: the embedded model). For many calls, reuse a `Scorer`. */
export function score(lead, { model, now } = {}) {
  return withScorer(model, (scorer) => scorer.score(lead, { now }));
}

/** Scores many leads in one call into wasm. */
export function scoreBatch(leads, { model, now } = {}) {
  return withScorer(model, (scorer) => scorer.scoreBatch(leads, { now }));
}

/** Every problem of a model, each with its JSON path; `[]` when the model is usable. Never throws for bad models. */
export function validateModel(model) {
  ensureReady();
  return JSON.parse(validateModelJson(modelText(model)));
}

/** The embedded default model (a fresh copy each time), a starting point for your own. */
export function defaultModel() {
  ensureReady();
  return JSON.parse(defaultModelJson());
}

/** The leadlens version the wasm module was built from. */
export function version() {
  ensureReady();
  return wasmVersion();
}

/**
 * Bytes of WebAssembly memory the scorer holds now. It grows in 64 KiB pages and never shrinks, so
 * a long-running page or server can watch it stay flat.
 */
export function wasmMemoryBytes() {
  ensureReady();
  return memory.buffer.byteLength;
}
