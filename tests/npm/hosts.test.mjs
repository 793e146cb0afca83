// `leadlens/hosts` from Node as a user gets it: installed from the packed tarball (tests/npm/run.sh
// copies this file into the temp project), imported by its export name. No wasm is involved.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { MemoryCrmHost, callbackHost, memoryStore, localStorageStore, CRM_MODES } from 'leadlens/hosts';
import { decision } from './hosts-harness.mjs';

const tick = () => new Promise((resolve) => setImmediate(resolve));

function leads() {
  return [
    {
      lead: {
        id: 'L-1',
        created_at: '2026-11-21T09:00:00Z',
        company: { name: 'Acme Logistics', industry: 'logistics', employees: 240, country: 'US' },
        contact: { name: 'Dana Ruiz', email: 'dana@acmelogistics.com', title: 'Director of Operations' },
        form: { type: 'consultation_request', message: 'Order-to-cash is a bottleneck.' },
        events: [{ type: 'page_view', at: '2026-11-20T10:00:00Z', page: '/services' }],
      },
      status: 'Working',
      owner: 'Anna Snelling',
    },
    { lead: { id: 2, contact: { email: 'kim@stateu.edu', title: 'Student' } } },
  ];
}

function newHost(options = {}) {
  return new MemoryCrmHost({ records: leads(), store: 'memory', users: { 'rep-001': 'Dana Ruiz' }, ...options });
}

test('records start at version "1" with a creation entry; the first record is open', async () => {
  const host = newHost();
  const all = host.records();
  assert.deepEqual(all.map((r) => [r.id, r.version, r.status, r.owner]), [
    ['L-1', '1', 'Working', 'Anna Snelling'],
    ['2', '1', 'New', 'Unassigned'],
  ]);
  assert.equal(all[0].activity.length, 1);
  assert.equal(all[0].activity[0].kind, 'created');
  assert.equal(all[0].activity[0].at, '2026-11-21T09:00:00.000Z');
  assert.equal(all[0].activity[0].text, 'Lead created: consultation request form');
  assert.equal(all[1].activity[0].at, null, 'no created_at: no invented date');
  assert.equal(host.currentId, 'L-1');
  assert.equal((await host.readLead()).id, 'L-1');
  assert.equal(host.version(), '1');
});

test('readLead and records() hand out copies: callers cannot mutate the CRM', async () => {
  const host = newHost();
  const lead = await host.readLead();
  lead.company.name = 'changed by the caller';
  lead.events.push({ type: 'demo_request' });
  host.records()[0].lead.contact.title = 'also changed';
  const again = await host.readLead();
  assert.equal(again.company.name, 'Acme Logistics');
  assert.equal(again.events.length, 1);
  assert.equal(host.record('L-1').lead.contact.title, 'Director of Operations');
});

test('editLead deep-merges, replaces arrays, bumps the version and logs who changed what', async () => {
  const host = newHost();
  assert.equal(host.editLead('L-1', { company: { employees: 900 }, events: [] }, { by: 'Sam (RevOps)' }), '2');
  assert.equal(host.editLead('L-1', { contact: { phone: '+1 555 0100' } }), '3');
  const record = host.record('L-1');
  assert.equal(record.version, '3');
  assert.equal(record.lead.company.employees, 900);
  assert.equal(record.lead.company.name, 'Acme Logistics', 'siblings survive a deep merge');
  assert.deepEqual(record.lead.events, []);
  assert.equal(record.lead.contact.phone, '+1 555 0100');
  const edits = record.activity.filter((a) => a.kind === 'edit');
  assert.equal(edits.length, 2);
  assert.equal(edits[0].actor, 'Sam (RevOps)');
  assert.match(edits[0].text, /company\.employees/);
  assert.match(edits[0].text, /events/);
  assert.throws(() => host.editLead('L-1', { id: 'L-9' }), TypeError);
  assert.throws(() => host.editLead('nope', {}), RangeError);
  // A merge of untrusted data never reaches Object.prototype.
  host.editLead('L-1', JSON.parse('{"__proto__": {"polluted": true}, "company": {"__proto__": {"polluted": true}}}'));
  assert.equal({}.polluted, undefined);
});

test('version() is the version the panel last saw; record(id).version is live', async () => {
  const host = newHost();
  await host.readLead();
  host.editLead('L-1', { contact: { title: 'VP Operations' } });
  assert.equal(host.record('L-1').version, '2');
  assert.equal(host.version(), '1', 'not re-read yet: still what the reviewer is looking at');
  await host.readLead();
  assert.equal(host.version(), '2');
});

test('onLeadChange: open() and edits of the open record notify; unsubscribe stops it', async () => {
  const host = newHost();
  const seen = [];
  const unsubscribe = host.onLeadChange((lead) => seen.push([lead.id, lead.contact?.title]));
  host.open(2);
  assert.deepEqual(seen, [], 'delivered in a microtask, not synchronously');
  await tick();
  assert.deepEqual(seen, [[2, 'Student']]);
  assert.equal(host.currentId, '2');
  assert.equal((await host.readLead()).id, 2);

  host.editLead('L-1', { contact: { title: 'COO' } }); // not the open record: no notification
  host.editLead(2, { contact: { title: 'PhD student' } });
  await tick();
  assert.deepEqual(seen, [[2, 'Student'], [2, 'PhD student']]);
  assert.equal(host.version(), '2', 'a delivered lead counts as seen');

  unsubscribe();
  host.open('L-1');
  host.editLead('L-1', { contact: { title: 'CFO' } });
  await tick();
  assert.equal(seen.length, 2);
  assert.throws(() => host.open('missing'), RangeError);
  assert.throws(() => host.onLeadChange('not a function'), TypeError);
});

test('subscribe() reports every change synchronously until unsubscribed', async () => {
  const host = newHost();
  const changes = [];
  const unsubscribe = host.subscribe((change) => changes.push(change.type));
  host.open(2);
  host.editLead(2, { contact: { name: 'Kim Lee' } });
  host.setMode('offline');
  await host.postDecision(decision({ lead_id: '2' }));
  host.setMode('online');
  await host.postDecision(decision({ lead_id: '2' }));
  assert.deepEqual(changes, ['open', 'edit', 'mode', 'post', 'mode', 'decision', 'post']);
  unsubscribe();
  host.open('L-1');
  assert.equal(changes.length, 7);
});

test('a listener that throws does not break the write path', async () => {
  const host = newHost();
  const uncaught = [];
  // The runner fails the file on any uncaught error; this one is expected, so the runner's own
  // handlers are set aside while it is checked.
  const runners = process.listeners('uncaughtException');
  process.removeAllListeners('uncaughtException');
  process.on('uncaughtException', (error) => uncaught.push(error.message));
  try {
    host.subscribe(() => {
      throw new Error('view bug');
    });
    const result = await host.postDecision(decision());
    assert.deepEqual(result, { ok: true });
    assert.equal(host.appliedCount(decision().decision_id), 1);
    await tick();
    assert.deepEqual(uncaught, ['view bug', 'view bug'], 'each error still surfaces (decision and post changes)');
  } finally {
    process.removeAllListeners('uncaughtException');
    for (const handler of runners) process.on('uncaughtException', handler);
  }
});

test('postDecision applies once: status, decisions, version, timeline; retries are idempotent', async () => {
  const host = newHost();
  await host.readLead();
  const leadEvents = [];
  host.onLeadChange(() => leadEvents.push('changed'));
  const d = decision();
  assert.deepEqual(await host.postDecision(d, host.version()), { ok: true });
  let record = host.record('L-1');
  assert.equal(record.status, 'Sales accepted');
  assert.equal(record.version, '2');
  assert.deepEqual(record.decisions, [d]);
  const entry = record.activity.at(-1);
  assert.equal(entry.kind, 'decision');
  assert.equal(entry.decision_id, d.decision_id);
  assert.equal(entry.at, d.decided_at);
  assert.equal(entry.actor, 'Dana Ruiz');
  for (const part of ['Dana Ruiz accepted', 'good_fit_real_need', 'Called, real project', 'fit 84', 'intent 78']) {
    assert.ok(entry.text.includes(part), `${JSON.stringify(entry.text)} mentions ${part}`);
  }

  // A retry after a lost answer still carries the old expectedVersion: it confirms, applies nothing.
  assert.deepEqual(await host.postDecision(d, '1'), { ok: true });
  record = host.record('L-1');
  assert.equal(record.version, '2');
  assert.equal(record.decisions.length, 1);
  assert.equal(host.postCount(d.decision_id), 2);
  assert.equal(host.appliedCount(d.decision_id), 1);
  assert.equal(host.appliedCount('never-posted'), 0);
  assert.equal(host.postCount('never-posted'), 0);

  // The panel's own write is not a foreign change: a second decision on what it saw goes through.
  assert.equal(host.version(), '2');
  const second = decision({ decision_id: 'd-2', outcome: 'rejected', reason_code: 'no_budget', note: undefined });
  assert.deepEqual(await host.postDecision(second, host.version()), { ok: true });
  assert.equal(host.record('L-1').status, 'Rejected (no_budget)');
  await tick();
  assert.deepEqual(leadEvents, [], 'a decision write does not fire onLeadChange (no re-read loop)');
});

test('recycled decisions set the nurture status', async () => {
  const host = newHost();
  await host.postDecision(decision({ decision_id: 'd-r', lead_id: 2, outcome: 'recycled', reason_code: 'timing' }));
  assert.equal(host.record(2).status, 'Recycled to nurture');
  assert.match(host.record(2).activity.at(-1).text, /recycled the lead — reason timing/);
});

test('offline: retryable, nothing applied; back online the same decision applies', async () => {
  const host = newHost();
  host.setMode('offline');
  assert.equal(host.mode, 'offline');
  const result = await host.postDecision(decision());
  assert.deepEqual(result, { ok: false, retryable: true, message: 'CRM unreachable (offline)' });
  assert.equal(host.appliedCount(decision().decision_id), 0);
  assert.equal(host.record('L-1').version, '1');
  host.setMode('online');
  assert.deepEqual(await host.postDecision(decision()), { ok: true });
  assert.equal(host.postCount(decision().decision_id), 2);
  assert.equal(host.appliedCount(decision().decision_id), 1);
});

test('error mode: a permission failure, not retryable, nothing applied', async () => {
  const host = newHost();
  host.setMode('error');
  const result = await host.postDecision(decision());
  assert.equal(result.ok, false);
  assert.equal(result.retryable, false);
  assert.equal(result.conflict, undefined);
  assert.match(result.message, /permission/i);
  assert.equal(host.record('L-1').status, 'Working');
});

test('conflict mode: every write conflicts', async () => {
  const host = newHost();
  host.setMode('conflict');
  const result = await host.postDecision(decision(), '1');
  assert.equal(result.ok, false);
  assert.equal(result.retryable, false);
  assert.equal(result.conflict, true);
  assert.ok(result.message.length > 0);
  assert.equal(host.appliedCount(decision().decision_id), 0);
});

test('a changed record conflicts when expectedVersion is stale, and only then', async () => {
  const host = newHost();
  await host.readLead();
  const seenVersion = host.version();
  host.editLead('L-1', { company: { employees: 12 } }, { by: 'Another rep' });
  const result = await host.postDecision(decision(), seenVersion);
  assert.equal(result.ok, false);
  assert.equal(result.conflict, true);
  assert.equal(result.retryable, false);
  assert.match(result.message, /version 1, now 2/);
  assert.equal(host.record('L-1').decisions.length, 0);
  // Without an expected version there is nothing to check against.
  assert.deepEqual(await host.postDecision(decision({ decision_id: 'd-noversion' })), { ok: true });
  // The current version goes through.
  assert.deepEqual(await host.postDecision(decision({ decision_id: 'd-3' }), '3'), { ok: true });
});

test('timeout mode applies the write but reports a retryable failure; the retry confirms', async () => {
  const host = newHost();
  host.setMode('timeout');
  const first = await host.postDecision(decision(), '1');
  assert.equal(first.ok, false);
  assert.equal(first.retryable, true);
  assert.equal(host.appliedCount(decision().decision_id), 1);
  host.setMode('online');
  assert.deepEqual(await host.postDecision(decision(), '1'), { ok: true });
  assert.equal(host.record('L-1').decisions.length, 1);
});

test('unknown lead and malformed decisions are refused, not retried', async () => {
  const host = newHost();
  const unknown = await host.postDecision(decision({ lead_id: 'L-404' }));
  assert.equal(unknown.ok, false);
  assert.equal(unknown.retryable, false);
  assert.match(unknown.message, /L-404/);
  for (const bad of [null, {}, { decision_id: 'x' }, { lead_id: 'L-1' }]) {
    const result = await host.postDecision(bad);
    assert.equal(result.ok, false, JSON.stringify(bad));
    assert.equal(result.retryable, false);
  }
});

test('latencyMs delays the answer; the mode is read when the request arrives', async () => {
  const host = newHost({ latencyMs: 40 });
  const started = performance.now();
  const pending = host.postDecision(decision());
  host.setMode('offline'); // switched while the request is on its way
  const result = await pending;
  assert.ok(performance.now() - started >= 35, 'waited for the simulated network');
  assert.equal(result.retryable, true);
  assert.equal(host.postCount(decision().decision_id), 1, 'counted when sent');
});

test('stores: memory store, no store, custom store, and localStorage needs a browser', async () => {
  const memory = newHost();
  assert.deepEqual({ ...memory.capabilities }, { write: true, durableStore: true });
  assert.equal(await memory.store.get('k'), null);
  await memory.store.set('k', 'v');
  assert.equal(await memory.store.get('k'), 'v');

  const none = newHost({ store: null });
  assert.equal('store' in none, false, 'no store property at all');
  assert.equal(none.capabilities.durableStore, false);

  const custom = { get: async () => 'x', set: async () => {} };
  assert.equal(newHost({ store: custom }).store, custom);

  assert.throws(() => newHost({ store: 'local' }), /localStorage/);
  assert.throws(() => localStorageStore('p'), TypeError);
  assert.throws(() => newHost({ store: 'disk' }), TypeError);

  const separate = memoryStore();
  assert.equal(await separate.get('k'), null, 'each memory store is its own');
  await separate.set('k', 'v');
  await separate.clear();
  assert.equal(await separate.get('k'), null);
});

test('constructor validation', () => {
  assert.throws(() => new MemoryCrmHost(), TypeError);
  assert.throws(() => new MemoryCrmHost({ records: 'x', store: 'memory' }), /records/);
  assert.throws(() => new MemoryCrmHost({ records: [{ lead: { name: 'no id' } }], store: 'memory' }), /records\[0\]\.lead/);
  assert.throws(() => new MemoryCrmHost({ records: [{ lead: { id: 'a' } }, { lead: { id: 'a' } }], store: 'memory' }), /duplicate/);
  assert.throws(() => newHost({ reviewer: '' }), /reviewer/);
  assert.throws(() => newHost().setMode('flaky'), RangeError);
  assert.deepEqual([...CRM_MODES], ['online', 'offline', 'conflict', 'error', 'timeout']);
});

test('an empty CRM has nothing open: readLead rejects, version() is undefined', async () => {
  const host = new MemoryCrmHost({ records: [], store: null });
  assert.equal(host.currentId, null);
  assert.equal(host.version(), undefined);
  await assert.rejects(host.readLead(), /no record is open/);
});

test('callbackHost: derives capabilities, exposes only what is given', async () => {
  const lead = { id: 'cb-1' };
  const calls = [];
  const minimal = callbackHost({
    readLead: () => lead, // a plain value is fine: the host returns a promise
    postDecision: (d, v) => {
      calls.push([d.decision_id, v]);
      return { ok: true };
    },
  });
  assert.deepEqual({ ...minimal.capabilities }, { write: true, durableStore: false });
  for (const key of ['store', 'reviewer', 'version', 'onLeadChange']) assert.equal(key in minimal, false, key);
  const read = minimal.readLead();
  assert.ok(read instanceof Promise);
  assert.equal(await read, lead);
  assert.deepEqual(await minimal.postDecision(decision(), '7'), { ok: true });
  assert.deepEqual(calls, [[decision().decision_id, '7']]);

  const store = memoryStore();
  let unsubscribed = false;
  const full = callbackHost({
    readLead: async () => lead,
    postDecision: async () => ({ ok: false, retryable: false, conflict: true, message: 'ETag mismatch' }),
    onLeadChange: (cb) => {
      cb(lead);
      return () => {
        unsubscribed = true;
      };
    },
    store,
    reviewer: '005xx000001',
    version: () => 'etag-1',
    write: false,
  });
  assert.deepEqual({ ...full.capabilities }, { write: false, durableStore: true });
  assert.equal(full.store, store);
  assert.equal(full.reviewer, '005xx000001');
  assert.equal(full.version(), 'etag-1');
  const got = [];
  full.onLeadChange((l) => got.push(l.id))();
  assert.deepEqual(got, ['cb-1']);
  assert.equal(unsubscribed, true);
  assert.deepEqual(await full.postDecision(decision()), { ok: false, retryable: false, conflict: true, message: 'ETag mismatch' });
});

test('callbackHost: rejections become retryable failures, junk results non-retryable ones', async () => {
  const throwing = callbackHost({
    readLead: () => ({ id: 1 }),
    postDecision: async () => {
      throw new TypeError('Failed to fetch');
    },
  });
  assert.deepEqual(await throwing.postDecision(decision()), { ok: false, retryable: true, message: 'Failed to fetch' });

  const junk = callbackHost({ readLead: () => ({ id: 1 }), postDecision: () => undefined });
  const result = await junk.postDecision(decision());
  assert.equal(result.ok, false);
  assert.equal(result.retryable, false);
  assert.match(result.message, /not a PostResult/);

  const conflictRetryable = callbackHost({
    readLead: () => ({ id: 1 }),
    postDecision: () => ({ ok: false, retryable: true, conflict: true, message: '' }),
  });
  const normalised = await conflictRetryable.postDecision(decision());
  assert.equal(normalised.conflict, true);
  assert.equal(normalised.retryable, false, 'a conflict is never retried blindly');
  assert.ok(normalised.message.length > 0, 'an empty message gets a default');

  const badUnsubscribe = callbackHost({ readLead: () => ({ id: 1 }), postDecision: () => ({ ok: true }), onLeadChange: () => undefined });
  assert.throws(() => badUnsubscribe.onLeadChange(() => {}), /unsubscribe/);
});

test('callbackHost validates its arguments, naming what is wrong', () => {
  const ok = { readLead: () => ({ id: 1 }), postDecision: () => ({ ok: true }) };
  assert.throws(() => callbackHost(), { name: 'TypeError', message: /readLead and postDecision/ });
  assert.throws(() => callbackHost({ postDecision: ok.postDecision }), { name: 'TypeError', message: /`readLead` must be a function, got undefined/ });
  assert.throws(() => callbackHost({ readLead: ok.readLead }), { name: 'TypeError', message: /`postDecision` must be a function/ });
  assert.throws(() => callbackHost({ ...ok, onLeadChange: 'yes' }), { name: 'TypeError', message: /`onLeadChange` must be a function, got string/ });
  assert.throws(() => callbackHost({ ...ok, version: '1' }), { name: 'TypeError', message: /`version`/ });
  assert.throws(() => callbackHost({ ...ok, store: { get() {} } }), { name: 'TypeError', message: /`store`.*get\(key\) and set/ });
  assert.throws(() => callbackHost({ ...ok, reviewer: 42 }), { name: 'TypeError', message: /`reviewer`/ });
  assert.throws(() => callbackHost({ ...ok, write: 'yes' }), { name: 'TypeError', message: /`write`/ });
  // null means "not offered", like leaving it out.
  const host = callbackHost({ ...ok, store: null, onLeadChange: null, version: null, reviewer: null });
  assert.equal(host.capabilities.durableStore, false);
  assert.equal('onLeadChange' in host, false);
});
