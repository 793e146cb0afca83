// `leadlens/hosts/zoho` as a user gets it (installed from the packed tarball), against the fake of
// Zoho's embedded app SDK in www/fakes/zoho.js (Zoho publishes no mock; the fake follows the SDK's
// documented call and answer shapes). tests/npm/run.sh sets LEADLENS_WWW_DIR.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { zohoHost, connectZoho, ZOHO_STATUS } from 'leadlens/hosts/zoho';
import { score } from 'leadlens';
import { settle, decision } from './hosts-harness.mjs';

const www = process.env.LEADLENS_WWW_DIR ?? path.resolve('www');
const { createZohoFake } = await import(pathToFileURL(path.join(www, 'fakes/zoho.js')).href);

const CUSTOM_FIELDS = ['LeadLens_Decision_Id', 'LeadLens_Outcome', 'LeadLens_Reason', 'LeadLens_Fit', 'LeadLens_Intent', 'LeadLens_Route', 'LeadLens_Model_Version'];

// Leads records as Zoho's REST API returns them (standard Leads fields).
function records() {
  return [
    {
      id: '4150868000000431001',
      Created_Time: '2026-11-20T10:02:11+00:00',
      First_Name: 'Dana',
      Last_Name: 'Ruiz',
      Full_Name: 'Dana Ruiz',
      Company: 'Acme Logistics',
      Website: 'acmelogistics.com',
      Industry: 'Logistics',
      No_of_Employees: 240,
      Annual_Revenue: 48000000,
      Country: 'United States',
      Email: 'dana@acmelogistics.com',
      Designation: 'Director of Operations',
      Phone: '+1 555 0100',
      Lead_Source: 'Web Form',
      Lead_Status: 'Not Contacted',
      Description: 'Our order-to-cash process is a bottleneck. We need help this quarter.',
      Email_Opt_Out: false,
      Secondary_Email: null,
    },
    {
      id: '4150868000000431002',
      Last_Name: 'Kim',
      Company: '',
      Email: 'kim@stateu.edu',
      Designation: 'Student',
      Lead_Status: 'Not Contacted',
      Email_Opt_Out: true,
    },
  ];
}

function setup(options = {}) {
  const fake = createZohoFake({ records: records(), fields: CUSTOM_FIELDS, ...options.fake });
  const host = zohoHost({ sdk: fake.ZOHO, page: { Entity: 'Leads', EntityId: ['4150868000000431001'] }, store: null, reviewer: 'rep-001', ...options.host });
  return { fake, host };
}

const NOW = '2026-11-22T12:00:00Z';

test('a Zoho Leads record becomes a Lead the scorer reads; blanks stay unknown', async () => {
  const { host } = setup();
  const lead = await host.readLead();
  assert.deepEqual(lead, {
    id: '4150868000000431001',
    created_at: '2026-11-20T10:02:11+00:00',
    company: { name: 'Acme Logistics', domain: 'acmelogistics.com', industry: 'Logistics', employees: 240, annual_revenue: 48000000, country: 'United States' },
    contact: { name: 'Dana Ruiz', email: 'dana@acmelogistics.com', title: 'Director of Operations', phone: '+1 555 0100' },
    source: { channel: 'Web Form' },
    form: { message: 'Our order-to-cash process is a bottleneck. We need help this quarter.' },
  });
  assert.equal(host.version(), '2026-11-22T09:00:00+00:00', 'version: Modified_Time as read');
  const result = score(lead, { now: NOW });
  assert.equal(result.lead_id, '4150868000000431001');
  assert.ok(result.fit.score >= 60, `an ideal buyer fits: ${result.summary}`);

  const student = zohoHost({ sdk: createZohoFake({ records: records() }).ZOHO, recordId: '4150868000000431002', store: null });
  const kim = await student.readLead();
  assert.deepEqual(kim, {
    id: '4150868000000431002',
    created_at: '2026-11-22T09:00:00+00:00',
    contact: { name: 'Kim', email: 'kim@stateu.edu', title: 'Student' },
    consent: { email: false },
  });
  const scored = score(kim, { now: NOW });
  assert.ok(scored.negative.some((n) => n.code === 'student'), 'the student rule reads the mapped title and domain');
});

test('a decision writes one note and one update with the documented payloads', async () => {
  const { fake, host } = setup();
  await host.readLead();
  const d = decision({ lead_id: '4150868000000431001' });
  assert.deepEqual(await host.postDecision(d, host.version()), { ok: true });

  const update = fake.calls.find((c) => c.name === 'updateRecord');
  assert.deepEqual(update.args, {
    Entity: 'Leads',
    APIData: {
      id: '4150868000000431001',
      Lead_Status: ZOHO_STATUS.accepted,
      LeadLens_Decision_Id: d.decision_id,
      LeadLens_Outcome: 'accepted',
      LeadLens_Reason: 'good_fit_real_need',
      LeadLens_Fit: 84,
      LeadLens_Intent: 78,
      LeadLens_Route: 'sales_review',
      LeadLens_Model_Version: '2026-11-1',
    },
    Trigger: ['workflow'],
  });
  const notes = fake.notes('4150868000000431001');
  assert.equal(notes.length, 1);
  assert.equal(notes[0].Note_Title, 'leadlens: accepted (good_fit_real_need)');
  assert.match(notes[0].Note_Content, /^Lead accepted by rep-001\.\nReason: good_fit_real_need\nNote: Called, real project\n/);
  assert.match(notes[0].Note_Content, /\nleadlens decision 0190a5f2-0000-7000-8000-000000000001$/);
  const record = fake.record('4150868000000431001');
  assert.equal(record.Lead_Status, 'Pre-Qualified');
  assert.equal(record.LeadLens_Decision_Id, d.decision_id);
  // The note is written before the update: the decision id on the record means "done".
  const names = fake.calls.map((c) => c.name).filter((n) => n !== 'getRecord' && n !== 'getRelatedRecords');
  assert.deepEqual(names, ['addNotes', 'updateRecord']);
});

test('after writing a decision the host re-reads the record and tells the panel (new version)', async () => {
  const { host } = setup();
  await host.readLead();
  const before = host.version();
  const seen = [];
  const unsubscribe = host.onLeadChange((lead) => seen.push([lead.id, host.version()]));
  assert.deepEqual(await host.postDecision(decision({ lead_id: '4150868000000431001' }), before), { ok: true });
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(seen.length, 1);
  assert.equal(seen[0][0], '4150868000000431001');
  assert.notEqual(seen[0][1], before, 'the version moved with the write');
  unsubscribe();
  assert.deepEqual(await host.postDecision(decision({ lead_id: '4150868000000431001', decision_id: 'd-2', outcome: 'recycled', reason_code: 'no_budget_now' }), host.version()), { ok: true });
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(seen.length, 1, 'unsubscribed');
});

test('an answer lost after the write: the retry confirms without a second note or update', async () => {
  const { fake, host } = setup();
  await host.readLead();
  const version = host.version();
  const d = decision({ lead_id: '4150868000000431001' });
  fake.setMode('timeout');
  const first = await host.postDecision(d, version);
  assert.equal(first.ok, false);
  assert.equal(first.retryable, true);
  assert.match(first.message, /did not answer: timeout/);
  // The note went through before the update timed out too; now back online.
  fake.setMode('online');
  assert.deepEqual(await host.postDecision(d, version), { ok: true });
  assert.equal(fake.notes('4150868000000431001').length, 1);
  assert.equal(fake.calls.filter((c) => c.name === 'updateRecord').length, 1, 'the retry found the decision id');
});

test('offline: retryable and nothing written; a timed-out note is not added twice', async () => {
  const { fake, host } = setup();
  await host.readLead();
  const version = host.version();
  const d = decision({ lead_id: '4150868000000431001', outcome: 'recycled', reason_code: 'no_budget_now' });
  fake.setMode('offline');
  const result = await host.postDecision(d, version);
  assert.deepEqual([result.ok, result.retryable], [false, true]);
  assert.equal(fake.notes('4150868000000431001').length, 0);

  // Note applied, answer lost, update never sent: the retry must not add the note again.
  fake.setMode('online');
  const original = fake.ZOHO.CRM.API.updateRecord;
  fake.ZOHO.CRM.API.updateRecord = () => Promise.reject('timeout');
  assert.equal((await host.postDecision(d, version)).retryable, true);
  fake.ZOHO.CRM.API.updateRecord = original;
  assert.deepEqual(await host.postDecision(d, version), { ok: true });
  assert.equal(fake.notes('4150868000000431001').length, 1);
  assert.equal(fake.record('4150868000000431001').Lead_Status, 'Contact in Future');
});

test('a record edited since it was read conflicts, and nothing is written', async () => {
  const { fake, host } = setup();
  await host.readLead();
  const version = host.version();
  fake.edit('4150868000000431001', { Designation: 'COO' });
  const result = await host.postDecision(decision({ lead_id: '4150868000000431001' }), version);
  assert.deepEqual([result.ok, result.conflict, result.retryable], [false, true, false]);
  assert.match(result.message, /changed in Zoho CRM since it was scored \(modified 2026-11-22T09:00:01\+00:00\)/);
  assert.equal(fake.notes('4150868000000431001').length, 0);
  assert.equal(fake.calls.filter((c) => c.name === 'updateRecord').length, 0);
  // Re-read: the new version is accepted.
  await host.readLead();
  assert.deepEqual(await host.postDecision(decision({ lead_id: '4150868000000431001' }), host.version()), { ok: true });
});

test('refusals are not retried and say why: permissions, a missing custom field, a bad decision', async () => {
  const { fake, host } = setup();
  await host.readLead();
  fake.setMode('error');
  const denied = await host.postDecision(decision({ lead_id: '4150868000000431001' }), host.version());
  assert.deepEqual([denied.ok, denied.retryable], [false, false]);
  assert.match(denied.message, /refused the note \(NO_PERMISSION: permission denied/);

  // The org has not created the LeadLens fields yet.
  const bare = setup({ fake: { fields: [] } });
  await bare.host.readLead();
  const invalid = await bare.host.postDecision(decision({ lead_id: '4150868000000431001' }), bare.host.version());
  assert.deepEqual([invalid.ok, invalid.retryable], [false, false]);
  assert.match(invalid.message, /refused the update \(INVALID_DATA: invalid data\)/);
  // …and with those fields left out (decisionFields: null), the same org works.
  const mapped = setup({
    fake: { fields: [] },
    host: { decisionFields: { decision_id: null, outcome: null, reason_code: null, fit: null, intent: null, route: null, model_version: null } },
  });
  assert.deepEqual(await mapped.host.postDecision(decision({ lead_id: '4150868000000431001' })), { ok: true });
  assert.equal(mapped.fake.record('4150868000000431001').Lead_Status, 'Pre-Qualified');

  const calls = fake.calls.length;
  const junk = await host.postDecision({ decision_id: 'x', lead_id: '4150868000000431001', outcome: 'maybe' });
  assert.deepEqual([junk.ok, junk.retryable], [false, false]);
  assert.match(junk.message, /outcome is "maybe"/);
  assert.equal(fake.calls.length, calls, 'nothing sent for a malformed decision');
  const missing = await host.postDecision(decision({ lead_id: '999' }));
  assert.deepEqual([missing.ok, missing.retryable], [false, false]);
  assert.match(missing.message, /no Leads record 999/);
});

test('the outbox guarantee: under random faults every decision is applied exactly once', async () => {
  const { fake, host } = setup();
  const ids = ['4150868000000431001', '4150868000000431002'];
  const decisions = Array.from({ length: 12 }, (_, i) =>
    decision({
      decision_id: `0190a5f2-0000-7000-8000-${String(i).padStart(12, '0')}`,
      lead_id: ids[i % 2],
      outcome: ['accepted', 'rejected', 'recycled'][i % 3],
      reason_code: i % 3 === 0 ? 'good_fit_real_need' : 'no_budget_now',
    }),
  );
  // Decisions are posted in order per record (as one reviewer makes them); faults are seeded.
  const outcome = await settle(host, decisions, { modes: ['online', 'offline', 'timeout', 'online'], setMode: (m) => fake.setMode(m), seed: 11 });
  assert.deepEqual(outcome.failed, []);
  assert.equal(outcome.confirmed.length, decisions.length);
  for (const id of ids) {
    const mine = decisions.filter((d) => d.lead_id === id);
    const notes = fake.notes(id);
    for (const d of mine) {
      assert.equal(notes.filter((n) => n.Note_Content.endsWith(`leadlens decision ${d.decision_id}`)).length, 1, `one note for ${d.decision_id}`);
    }
    assert.equal(notes.length, mine.length, 'no extra notes');
    assert.equal(fake.record(id).LeadLens_Decision_Id, mine[mine.length - 1].decision_id, 'the last decision is on the record');
  }
  assert.ok(outcome.attempts > decisions.length, `faults happened (${outcome.attempts} posts)`);
});

test('connectZoho waits for PageLoad and takes the reviewer from the signed-in user', async () => {
  const fake = createZohoFake({ records: records(), fields: CUSTOM_FIELDS, openId: '4150868000000431002' });
  const host = await connectZoho({ sdk: fake.ZOHO, store: null });
  assert.equal(host.recordId, '4150868000000431002');
  assert.equal(host.reviewer, '4150868000000225013');
  assert.equal((await host.readLead()).contact.title, 'Student');
  assert.deepEqual(host.capabilities, { write: true, durableStore: false });
});

test('options are checked, naming what is wrong', () => {
  const fake = createZohoFake({ records: records() });
  assert.throws(() => zohoHost({ sdk: {}, recordId: '1' }), /sdk\.CRM\.API\.getRecord` is missing/);
  assert.throws(() => zohoHost({ sdk: fake.ZOHO }), /no record: pass `page`/);
  assert.throws(() => zohoHost({ sdk: fake.ZOHO, page: { Entity: 'Leads', EntityId: ['1', '2'] } }), /2 records selected/);
  assert.throws(() => zohoHost({ sdk: fake.ZOHO, recordId: '1', store: {} }), /`store` must have get/);
  assert.throws(() => zohoHost({ sdk: fake.ZOHO, recordId: '1', fields: { 'company.name': 3 } }), /`fields.company.name` must be a field name/);
  assert.throws(() => zohoHost({ sdk: fake.ZOHO, recordId: '1', reviewer: '' }), /`reviewer` must be a non-empty string/);
  // No localStorage in Node: no durable store, and the host says so.
  assert.equal(zohoHost({ sdk: fake.ZOHO, recordId: '1' }).capabilities.durableStore, false);
});
