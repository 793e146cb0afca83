// The npm package used from Node exactly as a user would: installed from its tarball into a fresh
// project (tests/npm/run.sh copies this file there), imported by name, no init step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { score, scoreBatch, Scorer, validateModel, defaultModel, version, wasmMemoryBytes, LeadlensError } from 'leadlens';
import init, { initSync } from 'leadlens';

const NOW = '2026-11-22T12:00:00Z';

const idealBuyer = {
  id: 'n-ideal',
  created_at: new Date('2026-11-21T09:00:00Z'), // a Date, as CRM SDKs hand them out
  company: { name: 'Acme Logistics', domain: 'acmelogistics.com', industry: 'Logistics', employees: 240, annual_revenue: 48_000_000, country: 'US' },
  contact: { name: 'Dana Ruiz', email: 'dana.ruiz@acmelogistics.com', title: 'Director of Operations' },
  form: { type: 'consultation_request', message: 'Our order-to-cash process is a bottleneck. We have budget approved for Q1.' },
  consent: { email: true, phone: true },
  crm_owner_id: 'passed through by the host, ignored',
};

const student = {
  id: 'n-student',
  contact: { name: 'Kim Lee', email: 'kim.lee@stateu.edu', title: 'Student' },
  form: { type: 'consultation_request', message: 'I am writing my thesis and would love an interview.' },
};

function sum(evidence) {
  return evidence.reduce((total, e) => total + e.points, 0);
}

test('imports work without init; init/initSync are harmless no-ops in Node', async () => {
  await init();
  initSync({ module: new Uint8Array() }); // already initialized: ignored
  assert.match(version(), /^\d+\.\d+\.\d+/);
});

test('ideal buyer goes to sales review, every point explained', () => {
  const result = score(idealBuyer, { now: NOW });
  assert.equal(result.lead_id, 'n-ideal');
  assert.equal(result.route, 'sales_review');
  assert.equal(result.disqualification, null);
  assert.equal(result.fit.band, 'high');
  assert.equal(result.scored_at, NOW);
  assert.equal(sum(result.fit.evidence), result.fit.score);
  assert.equal(sum(result.intent.evidence), result.intent.score);
  assert.ok(result.fit.evidence.some((e) => e.code === 'industry.primary' && e.field === 'company.industry'));
  assert.ok(result.summary.length > 0);
  assert.deepEqual(result.contact_quality, {
    dedupe_key: 'dana.ruiz@acmelogistics.com|acmelogistics.com',
    hints: [],
  });
});

test('contact hygiene: a shared mailbox and a national phone number get hints', () => {
  const lead = { ...idealBuyer, contact: { ...idealBuyer.contact, email: 'sales@acmelogistics.com', phone: '(555) 010-0100' } };
  const { contact_quality: quality } = score(lead, { now: NOW });
  assert.equal(quality.dedupe_key, 'sales@acmelogistics.com|acmelogistics.com');
  assert.equal(quality.phone_e164, '+15550100100');
  assert.deepEqual(quality.hints.map((h) => [h.code, h.field]), [['role_account', 'contact.email']]);
  assert.match(quality.hints[0].message, /sales@ is a shared mailbox/);
});

// Results' text is sliced out of two decoded blobs (ASCII and the rest): any decoding that drops
// or adds a character (a byte order mark, a surrogate pair) shifts every later string.
test('text comes back exactly as given: byte order marks, astral characters, ASCII between them', () => {
  for (const [id, title] of [
    ['\ufeff', 'VP Operations'],
    ['\ufefflead → 🚀', '\ufeffVP “Ops”'],
    ['plain', 'Direktörin 🚀 Finanzen\ufeff'],
    ['🚀', '\ufeff\ufeff'],
  ]) {
    const result = score({ id, contact: { title } }, { now: NOW });
    assert.equal(result.lead_id, id);
    assert.ok(result.summary.endsWith('.'), result.summary);
    const fromTitle = [...result.fit.evidence, ...result.negative].filter((e) => e.field === 'contact.title');
    assert.ok(fromTitle.length > 0, `an item quotes the title ${JSON.stringify(title)}`);
    for (const item of fromTitle) assert.equal(item.value, title);
    assert.deepEqual(scoreBatch([{ id, contact: { title } }], { now: NOW }), [result]);
  }
});

test('results are plain data, as JSON.parse would give them: plain objects and arrays all the way down', () => {
  for (const result of [score(idealBuyer, { now: NOW }), ...scoreBatch([student, idealBuyer], { now: NOW })]) {
    // deepStrictEqual compares prototypes too.
    assert.deepStrictEqual(result, JSON.parse(JSON.stringify(result)));
    const walk = (value) => {
      if (Array.isArray(value)) return value.forEach(walk);
      if (value === null || typeof value !== 'object') return;
      assert.equal(Object.getPrototypeOf(value), Object.prototype);
      assert.equal(value.constructor, Object);
      assert.deepEqual(Object.keys(value), Object.getOwnPropertyNames(value));
      Object.values(value).forEach(walk);
    };
    walk(result);
  }
});

test('student is disqualified with code student', () => {
  const result = score(student, { now: NOW });
  assert.equal(result.route, 'disqualify');
  assert.equal(result.disqualification.code, 'student');
  assert.match(result.disqualification.reason, /student/i);
});

test('now accepts Date, RFC 3339 string and epoch ms alike, and defaults to the clock', () => {
  const ms = Date.parse(NOW);
  const a = score(idealBuyer, { now: new Date(ms) });
  const b = score(idealBuyer, { now: NOW });
  const c = score(idealBuyer, { now: ms });
  assert.deepEqual(a, b);
  assert.deepEqual(b, c);
  const current = score(idealBuyer);
  assert.ok(Math.abs(Date.parse(current.scored_at) - Date.now()) < 60_000);
  for (const bad of ['yesterday', new Date('nope'), Number.NaN, Infinity, '2026-02-30', {}]) {
    assert.throws(() => score(idealBuyer, { now: bad }), (e) => e instanceof LeadlensError && e.code === 'invalid_now');
  }
});

test('errors are LeadlensError instances with code and path', () => {
  const cases = [
    [{ id: 'e1', company: { employees: { min: 5 } } }, 'invalid_field', 'company.employees'],
    [{ contact: { title: 'CEO' } }, 'missing_field', 'id'],
    [{ id: 'e3', events: [{ type: 'page_view' }, { type: 'demo_request', at: 'yesterday' }] }, 'invalid_field', 'events[1].at'],
  ];
  for (const [lead, code, path] of cases) {
    assert.throws(
      () => score(lead, { now: NOW }),
      (e) => e instanceof LeadlensError && e instanceof Error && e.name === 'LeadlensError' && e.code === code && e.path === path,
      `${code} at ${path}`,
    );
  }
  // What JSON cannot express, in a member the lead contract reads.
  assert.throws(() => score({ id: 'big', company: { employees: 120n } }), (e) => e instanceof LeadlensError && e.code === 'invalid_json' && e.cause instanceof TypeError);
  assert.throws(() => score(undefined), (e) => e instanceof LeadlensError && e.code === 'invalid_json');
  // Members the contract does not read are not read at all: a cycle there is no error.
  const cyclic = { id: 'c' };
  cyclic.self = cyclic;
  assert.equal(score(cyclic, { now: NOW }).lead_id, 'c');
});

test('batch of many leads matches scoring them one by one', () => {
  const leads = Array.from({ length: 2000 }, (_, i) => ({ ...(i % 3 === 0 ? student : idealBuyer), id: `b-${i}` }));
  const results = scoreBatch(leads, { now: NOW });
  assert.equal(results.length, leads.length);
  results.forEach((r, i) => assert.equal(r.lead_id, `b-${i}`));
  assert.equal(results.filter((r) => r.route === 'disqualify').length, 667);
  for (const i of [0, 1, 1999]) assert.deepEqual(results[i], score(leads[i], { now: NOW }));
  assert.deepEqual(scoreBatch([], { now: NOW }), []);
  // Any iterable works.
  assert.equal(scoreBatch(new Set([student]), { now: NOW })[0].route, 'disqualify');
});

test('batch errors list every bad lead with index-prefixed paths', () => {
  const leads = [idealBuyer, { contact: {} }, student, { id: 'x', company: { employees: 'lots' } }];
  assert.throws(
    () => scoreBatch(leads, { now: NOW }),
    (e) =>
      e instanceof LeadlensError &&
      e.code === 'missing_field' &&
      e.path === '[1].id' &&
      JSON.stringify(e.errors.map((x) => x.path)) === JSON.stringify(['[1].id', '[3].company.employees']),
  );
});

test('the data-driven cases route the same through the npm package', (t) => {
  const dir = process.env.LEADLENS_CASES_DIR;
  if (!dir) return t.skip('LEADLENS_CASES_DIR not set');
  let checked = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const c = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    if (!c.expect?.route) continue;
    const result = score(c.lead, { now: c.now });
    assert.equal(result.route, c.expect.route, file);
    if ('disqualification' in c.expect) assert.equal(result.disqualification?.code ?? null, c.expect.disqualification, file);
    checked += 1;
  }
  assert.ok(checked >= 5, `only ${checked} cases found in ${dir}`);
});

test('models: default, validation with paths, Scorer with a custom model', () => {
  const model = defaultModel();
  assert.equal(model.id, 'brightline-default');
  assert.deepEqual(validateModel(model), []);
  assert.deepEqual(validateModel(JSON.stringify(model)), []);

  const broken = structuredClone(model);
  broken.version = ' ';
  broken.fit.country.served[0] = 'Atlantis';
  assert.deepEqual(validateModel(broken).map((p) => p.path), ['version', 'fit.country.served[0]']);
  const unreadable = validateModel('{ nope');
  assert.equal(unreadable.length, 1);
  assert.throws(
    () => new Scorer(broken),
    (e) => e instanceof LeadlensError && e.code === 'invalid_model' && e.problems.length === 2 && e.path === 'version',
  );
  assert.throws(() => score(student, { model: broken }), (e) => e instanceof LeadlensError && e.code === 'invalid_model');

  const strict = structuredClone(model);
  strict.id = 'strict';
  strict.routing.sales_review = { fit: 100, intent: 100 };
  const scorer = new Scorer(strict);
  assert.equal(scorer.model.id, 'strict');
  const result = scorer.score(idealBuyer, { now: NOW });
  assert.equal(result.model.id, 'strict');
  assert.notEqual(result.route, 'sales_review');
  assert.equal(score(idealBuyer, { model: scorer, now: NOW }).model.id, 'strict');
  assert.equal(scorer.scoreBatch([idealBuyer, student], { now: NOW }).length, 2);
  scorer.free();
  scorer.free(); // idempotent
  assert.throws(() => scorer.score(idealBuyer), (e) => e instanceof LeadlensError && e.code === 'scorer_freed');
});

test('wasm memory: whole 64 KiB pages, and flat once warm (2,000 more scores of the same leads)', () => {
  const scorer = new Scorer();
  const leads = [idealBuyer, student];
  for (let i = 0; i < 200; i += 1) scorer.score(leads[i % 2], { now: NOW });
  const warm = wasmMemoryBytes();
  assert.ok(warm > 0 && warm % 65536 === 0, `${warm} bytes`);
  for (let i = 0; i < 2000; i += 1) scorer.score(leads[i % 2], { now: NOW });
  assert.equal(wasmMemoryBytes(), warm, 'scoring the same leads again does not grow the memory');
  scorer.free();
});
