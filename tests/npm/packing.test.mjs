// A lead given to the npm package as a JS object is packed into wasm memory (pkg-config/api.js,
// `writePack`; src/core/packed.rs), not turned into JSON text. It must read exactly as its
// JSON.stringify text reads: this compares the package as a user gets it (tests/npm/run.sh installs
// it into a fresh project and points LEADLENS_CLI at the native CLI) with the CLI given that text,
// lead by lead: the same result, character for character, or the same error (code, path, message).
// The leads are what JS code hands over and JSON text cannot show: Dates, toJSON, boxed
// primitives, undefined, functions and symbols, non-finite numbers, class instances, inherited and
// integer-like members, getters, holes, non-ASCII text; and wrong values in every place a lead is
// read, to compare the errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

import { score, scoreBatch, LeadlensError } from 'leadlens';

const NOW = '2026-11-22T12:00:00Z';
const cli = process.env.LEADLENS_CLI;
if (!cli) throw new Error('LEADLENS_CLI must point at the native leadlens binary (tests/npm/run.sh sets it)');

const base = {
  id: 'p-1',
  created_at: '2026-11-20T09:00:00Z',
  company: { name: 'Northwind Logistics', domain: 'northwind.io', industry: 'logistics', employees: 240, annual_revenue: 48000000, country: 'US' },
  contact: { name: 'Dana Ruiz', email: 'dana@northwind.io', title: 'VP Operations', phone: '+1 415 555 0100' },
  form: { type: 'consultation_request', message: 'Our order-to-cash process is a bottleneck. Budget approved for Q1.' },
  source: { channel: 'organic_search', campaign: 'q4' },
  events: [{ type: 'demo_request', at: '2026-11-21T10:00:00Z', page: '/demo' }],
  consent: { email: true, phone: false },
};
const at = (path, value) => {
  const lead = structuredClone(base);
  const keys = path.split('.');
  let object = lead;
  for (const key of keys.slice(0, -1)) object = object[key];
  object[keys.at(-1)] = value;
  return lead;
};
class Company {
  constructor() {
    this.name = 'Instance Co';
    this.employees = 50;
  }
  describe() {
    return this.name;
  }
}
const inherited = Object.create({ id: 'from-the-prototype', contact: { email: 'x@y.z' } });
inherited.company = { name: 'Own member' };
const withGetter = structuredClone(base);
Object.defineProperty(withGetter.contact, 'title', { get: () => 'Chief Financial Officer', enumerable: true });
const hidden = structuredClone(base);
Object.defineProperty(hidden.contact, 'title', { value: 'Student', enumerable: false });

const leads = [
  ['a plain lead', base],
  ['Dates', { ...base, created_at: new Date('2026-11-19T08:30:00Z'), events: [{ type: 'demo_request', at: new Date('2026-11-21T10:00:00.250Z') }] }],
  ['an invalid Date (toJSON gives null)', { ...base, created_at: new Date('nope') }],
  ['toJSON giving a string, an object, undefined', { ...base, created_at: { toJSON: () => '2026-11-01T00:00:00Z' }, company: { toJSON: (key) => ({ name: `from toJSON(${key})`, employees: '51-200' }) }, source: { toJSON: () => undefined } }],
  ['toJSON of an array item gets its index as a string', at('events', [{ type: 'page_view' }, { toJSON: (key) => ({ type: 'demo_request', at: '2026-11-21T10:00:00Z', page: `/${typeof key}/${key}` }) }])],
  ['boxed primitives', at('company', { name: new String(' Boxed Inc '), employees: new Number(1200), country: new String('DE') })],
  ['a boxed boolean consent', at('consent', { email: new Boolean(false), phone: new Boolean(true) })],
  ['undefined, functions and symbols are left out', { ...base, id: 'p-u', company: { ...base.company, industry: undefined, name: () => 'f', country: Symbol('c') }, events: [undefined, () => 1, { type: 'pricing_view', at: '2026-11-10T00:00:00Z' }] }],
  ['non-finite numbers are null', at('company', { employees: Number.NaN, annual_revenue: Infinity, name: 'NaN Co' })],
  ['negative zero', at('company.employees', -0)],
  ['big and small numbers', at('company', { employees: 1e21, annual_revenue: 5e-324 })],
  ['a class instance', at('company', new Company())],
  ['a Map is an empty object', at('company', new Map([['name', 'hidden']]))],
  ['members on the prototype are not members', inherited],
  ['an enumerable getter', withGetter],
  ['a non-enumerable member', hidden],
  ['integer-like member names first', { 2: 'two', id: 'p-int', 1: { nested: true }, company: { 10: 'x', name: 'Keys Co' } }],
  ['non-ASCII and astral text', at('contact', { name: 'Zoë Ångström 😀', title: 'Directrice générale', email: 'zoe@société.fr' })],
  ['astral text everywhere', { ...base, id: '😀-1', company: { ...base.company, name: '𝔑𝔬𝔯𝔱𝔥' }, form: { type: 'contact', message: 'Budget ✓ approuvé — échéance 🚀 next month.' } }],
  ['form answers kept as JSON', at('form', { type: 'contact', fields: { budget: '10k', nested: { list: [1, 'two', null, true] }, when: new Date('2026-01-02T03:04:05Z'), gone: undefined, 'é': '😀' } })],
  ['form answers not an object', at('form.fields', 'budget: 10k')],
  ['form answers an array', at('form.fields', ['a'])],
  ['a number id', { ...base, id: 42 }],
  ['a float id', { ...base, id: 4.5 }],
  ['a blank id', { ...base, id: '   ' }],
  ['no id', { company: { name: 'Anon' } }],
  ['company a string', at('company', 'Acme')],
  ['company an array', at('company', ['Acme'])],
  ['events an object', at('events', { type: 'demo_request' })],
  ['events holding a string', at('events', ['demo_request'])],
  ['an event without a type', at('events', [{ at: '2026-11-21T10:00:00Z' }])],
  ['employees an object', at('company.employees', { min: 5 })],
  ['employees an array', at('company.employees', [1, 2])],
  ['employees in words', at('company.employees', 'lots')],
  ['employees loosely written', at('company.employees', '1,200')],
  ['revenue loosely written', at('company.annual_revenue', '$48M')],
  ['a title that is an object', at('contact.title', { text: 'CEO' })],
  ['a title that is a number', at('contact.title', 12)],
  ['a title that is a boolean', at('contact.title', true)],
  ['consent in words', at('consent', { email: 'yes', phone: 'maybe' })],
  ['consent as numbers', at('consent', { email: 1, phone: 2 })],
  ['a timestamp in words', at('created_at', 'yesterday')],
  ['enriched fields with holes', at('company', { name: 'Enriched', employees: 300, enriched_fields: ['employees', undefined, 7] })],
  ['two problems: the first in order is reported', { id: 'p-2', contact: { title: 5 }, company: { employees: 'lots' } }],
  ['unknown members at every level', { ...base, crm: { owner: { deep: [[[{}]]] } }, company: { ...base.company, extra: [1, { x: 2 }] }, events: [{ ...base.events[0], meta: { a: 1 } }] }],
  ['null everywhere', { id: 'p-null', created_at: null, company: null, contact: { title: null }, form: null, source: null, events: null, consent: null }],
  ['a string is no lead', 'a lead'],
  ['a number is no lead', 42],
  ['null is no lead', null],
  ['an array is no lead', [base]],
];

/** The CLI's outcome for each text: { result } (its JSON line) or { error } (code, path, message). */
function cliOutcomes(texts) {
  let stdout = '';
  let stderr = '';
  try {
    stdout = execFileSync(cli, ['score', '--now', NOW], { input: texts.join('\n'), maxBuffer: 64 << 20, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
  } catch (error) {
    // Exit status 1: some lines failed; both streams are still complete.
    stdout = error.stdout.toString();
    stderr = error.stderr.toString();
  }
  const results = stdout.trimEnd().split('\n').filter(Boolean);
  const errors = new Map();
  for (const line of stderr.trimEnd().split('\n').filter(Boolean)) {
    const e = JSON.parse(line);
    if (e.line !== undefined) errors.set(e.line, { code: e.code, path: e.path, message: e.message });
  }
  return texts.map((_, i) => (errors.has(i + 1) ? { error: errors.get(i + 1) } : { result: results.shift() }));
}

function packageOutcome(lead) {
  try {
    return { result: JSON.stringify(score(lead, { now: NOW })) };
  } catch (error) {
    if (!(error instanceof LeadlensError)) throw error;
    // The package's message leads with the path (the CLI's has it in a field of its own).
    const prefix = `${error.path}: `;
    const message = error.path && error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
    return { error: { code: error.code, path: error.path, message } };
  }
}

test(`a JS lead reads as its JSON.stringify text reads in the CLI (${leads.length} leads)`, () => {
  const texts = leads.map(([, lead]) => JSON.stringify(lead));
  const expected = cliOutcomes(texts);
  let errors = 0;
  leads.forEach(([name, lead], i) => {
    const found = packageOutcome(lead);
    assert.deepEqual(found, expected[i], `${name}: ${texts[i]}`);
    if (found.error) errors += 1;
  });
  // Both kinds are compared: results and errors.
  assert.ok(errors >= 20 && errors <= leads.length - 15, `${errors} of ${leads.length} are errors`);
});

test('a batch reads as its leads do, bad ones listed by index', () => {
  const good = leads.filter(([, lead]) => !packageOutcome(lead).error).map(([, lead]) => lead);
  assert.deepEqual(scoreBatch(good, { now: NOW }), good.map((lead) => score(lead, { now: NOW })));
  const mixed = [base, at('company.employees', 'lots'), { company: {} }, at('contact.title', { text: 'CEO' })];
  assert.throws(
    () => scoreBatch(mixed, { now: NOW }),
    (e) => e instanceof LeadlensError && JSON.stringify(e.errors.map((x) => x.path)) === '["[1].company.employees","[2].id","[3].contact.title"]',
  );
  // As in JSON.stringify, holes and undefined in the array are null, and null is no lead.
  assert.throws(
    () => scoreBatch([base, undefined], { now: NOW }),
    (e) => e instanceof LeadlensError && e.errors.length === 1 && e.errors[0].path === '[1]',
  );
});

test('what JSON cannot express is an invalid_json error where the lead is read, and ignored where it is not', (t) => {
  const invalid = (lead, message) => {
    assert.throws(() => score(lead, { now: NOW }), (e) => e instanceof LeadlensError && e.code === 'invalid_json' && message.test(e.message), String(message));
  };
  invalid({ ...base, company: { employees: 10n } }, /^lead: cannot be converted to JSON \(.*BigInt/);
  invalid(undefined, /^lead: expected a JSON value, got undefined$/);
  invalid(() => base, /^lead: expected a JSON value, got function$/);
  const throwing = structuredClone(base);
  Object.defineProperty(throwing.contact, 'email', { get: () => { throw new Error('no access'); }, enumerable: true });
  invalid(throwing, /^lead: cannot be converted to JSON \(no access\)$/);
  // Unpaired surrogates are not text: alone in a string, or two halves at the end of one string
  // and the start of the next (which meet in the packed text).
  invalid(at('contact.title', 'CEO \uD83D'), /unpaired surrogate/);
  invalid(at('company', { name: 'Acme \uD83D', domain: '\uDE00acme.io' }), /unpaired surrogate/);
  invalid(at('contact.title', '\uDE00 CEO'), /unpaired surrogate/);
  // A BigInt with a toJSON is what toJSON gives, as in JSON.stringify.
  BigInt.prototype.toJSON = function () { return Number(this); };
  t.after(() => delete BigInt.prototype.toJSON);
  assert.equal(score({ ...base, company: { ...base.company, employees: 240n } }, { now: NOW }).fit.score, score(base, { now: NOW }).fit.score);
  delete BigInt.prototype.toJSON;
  // Not read: no error, and the lead is the same without it.
  const cyclic = structuredClone(base);
  cyclic.crm = { lead: cyclic, count: 3n, when: () => 1 };
  cyclic.company.self = cyclic.company;
  assert.deepEqual(score(cyclic, { now: NOW }), score(base, { now: NOW }));
});

test('members inherited from a polluted Object.prototype are not members', (t) => {
  // eslint-disable-next-line no-extend-native
  Object.prototype.industry = 'software';
  t.after(() => delete Object.prototype.industry);
  const lead = at('company', { name: 'Plain', employees: 300 });
  const nullProto = Object.assign(Object.create(null), { id: 'p-null-proto', company: { name: 'No prototype' } });
  const texts = [JSON.stringify(lead), JSON.stringify(nullProto)];
  delete Object.prototype.industry;
  const expected = cliOutcomes(texts);
  Object.prototype.industry = 'software';
  assert.deepEqual([packageOutcome(lead), packageOutcome(nullProto)], expected);
  delete Object.prototype.industry;
  assert.deepEqual(packageOutcome(lead), expected[0]);
});

test('a batch with much non-ASCII text (more room needed than first given) reads as its leads do', () => {
  // Over 64K units of text, two and three bytes a character: the input buffer grows mid-batch.
  const leads = Array.from({ length: 300 }, (_, i) => at('form', { type: 'contact', message: `${'é'.repeat(200)} ${'€'.repeat(100)} budget approuvé ${i}` }));
  leads.forEach((lead, i) => { lead.id = `nb-${i}`; });
  assert.deepEqual(scoreBatch(leads, { now: NOW }), leads.map((lead) => score(lead, { now: NOW })));
  // Halves of a pair at the end of one lead's text and the start of the next are not text.
  const halves = [at('contact.title', 'CEO \uD83D'), at('contact.title', '\uDE00 CFO')];
  assert.throws(() => scoreBatch(halves, { now: NOW }), (e) => e instanceof LeadlensError && e.code === 'invalid_json' && /unpaired surrogate/.test(e.message));
});

test('long and many strings cross whole', () => {
  const long = 'budget approved '.repeat(20000);
  const lead = at('form.message', `${long}😀`);
  assert.deepEqual(packageOutcome(lead), cliOutcomes([JSON.stringify(lead)])[0]);
  const many = Array.from({ length: 3000 }, (_, i) => ({ type: i % 2 ? 'page_view' : 'content_download', at: '2026-11-01T00:00:00Z', page: `/p/${i}/é` }));
  const busy = at('events', many);
  assert.deepEqual(packageOutcome(busy), cliOutcomes([JSON.stringify(busy)])[0]);
});
