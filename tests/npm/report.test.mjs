// 'leadlens/report' (the dashboard's API) from Node as a user would: installed from the tarball
// (tests/npm/run.sh copies this file into the temp project), initialized with the bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

import init, { initSync, report, calibrate, defaultModel, LeadlensError } from 'leadlens/report';

const NOW = '2026-12-15T12:00:00Z';
const leads = [
  { id: 'L-1', created_at: '2026-11-02T09:00:00Z', contact: { title: 'Student', email: 'kim@stateu.edu' } },
  { id: 'L-2', created_at: '2026-11-03T09:00:00Z', source: { channel: 'referral' } },
]
  .map((lead) => JSON.stringify(lead))
  .concat('{"id": "L-3", "company": {"employees": "lots"}}')
  .join('\n');
const outcomes = '{"lead_id": "L-2", "outcome": "accepted", "decided_at": "2026-11-03T15:00:00Z"}\n';

test('before init: a LeadlensError with code not_initialized', () => {
  assert.throws(() => report(leads, outcomes), (e) => e instanceof LeadlensError && e.code === 'not_initialized');
});

test('report: the JSON of leadlens report, bad lines returned with line and path', async () => {
  initSync({ module: readFileSync(new URL(import.meta.resolve('leadlens/leadlens_report_wasm_bg.wasm'))) });
  await init(); // already loaded: a no-op
  const { report: r, bad_lines } = report(leads, outcomes, { now: new Date(NOW) });
  assert.equal(r.schema, 'leadlens.report/1');
  assert.equal(r.now, NOW);
  assert.deepEqual([r.overall.leads, r.overall.accepted], [2, 1]);
  assert.equal(r.overall.speed_to_acceptance.median, 6);
  assert.deepEqual(
    bad_lines.map((b) => [b.input, b.line, b.code, b.path]),
    [['leads', 3, 'invalid_field', 'company.employees']],
  );
  assert.equal(defaultModel().id, r.model.id);
});

test('calibrate: too few outcomes is a refusal, not an error', () => {
  const result = calibrate(leads, outcomes, { now: NOW, target: 'won' });
  assert.equal(result.report, null);
  assert.match(result.refusal.message, /at least 200 labelled outcomes/);
});

test('unusable input throws a LeadlensError with a code and path', () => {
  const code = (fn) => {
    try {
      fn();
    } catch (e) {
      assert.ok(e instanceof LeadlensError, String(e));
      return [e.code, e.path];
    }
    assert.fail('did not throw');
  };
  assert.equal(code(() => report(leads, outcomes, { model: { id: 'x' } }))[0], 'invalid_model');
  assert.deepEqual(code(() => report(leads, outcomes, { since: 'last week' })), ['invalid_field', 'since']);
  assert.deepEqual(code(() => report(leads, outcomes, { until: new Date('nope') })), ['invalid_field', 'until']);
  assert.deepEqual(code(() => calibrate(leads, outcomes, { target: 'mql' })), ['invalid_field', 'target']);
  assert.equal(code(() => report(leads, outcomes, { now: 'soon' }))[0], 'invalid_now');
});
