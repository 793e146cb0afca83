// `leadlens/hosts/salesforce` as a user gets it, against the fake of Lightning Data Service in
// www/fakes/salesforce.js (the component itself is tested with Salesforce's own stubs in
// examples/salesforce). Here: the outbox guarantee under seeded faults, which needs a CRM that
// remembers — the LDS stubs answer each call on their own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { salesforceHost, salesforceFieldNames, SALESFORCE_STATUS } from 'leadlens/hosts/salesforce';
import { score } from 'leadlens';
import { settle, decision } from './hosts-harness.mjs';

const www = process.env.LEADLENS_WWW_DIR ?? path.resolve('www');
const { createLdsFake } = await import(pathToFileURL(path.join(www, 'fakes/salesforce.js')).href);

const FIELDS = ['LeadLens_Decision_Id__c', 'LeadLens_Outcome__c', 'LeadLens_Reason__c', 'LeadLens_Fit__c', 'LeadLens_Intent__c', 'LeadLens_Route__c', 'LeadLens_Model_Version__c'];
const ID = '00Q5e00000AbCdEAAV';

function records() {
  return [
    {
      Id: ID,
      CreatedDate: '2026-11-20T10:02:11.000Z',
      Name: 'Priya Shah',
      Company: 'Globex Freight',
      Website: 'globex.com',
      Industry: 'Transportation',
      NumberOfEmployees: 1200,
      Country: 'Canada',
      Email: 'priya.shah@globex.com',
      Title: 'VP Finance',
      LeadSource: 'Web',
      Status: 'Open - Not Contacted',
      HasOptedOutOfEmail: true,
    },
  ];
}

function setup(options = {}) {
  const fake = createLdsFake({ records: records(), fields: FIELDS, ...options.fake });
  const host = salesforceHost({ recordId: ID, ...fake.lds, reviewer: '005000000000000000', store: null, refreshTimeoutMs: 200, ...options.host });
  fake.wire(ID, (record) => host.setRecord(record));
  return { fake, host };
}

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

test('the wired record becomes a Lead the scorer reads; opt-out means no email consent', async () => {
  const { host } = setup();
  const lead = await host.readLead();
  assert.deepEqual(lead, {
    id: ID,
    created_at: '2026-11-20T10:02:11.000Z',
    company: { name: 'Globex Freight', domain: 'globex.com', industry: 'Transportation', employees: 1200, country: 'Canada' },
    contact: { name: 'Priya Shah', email: 'priya.shah@globex.com', title: 'VP Finance' },
    source: { channel: 'Web' },
    consent: { email: false },
  });
  assert.equal(host.version(), '2026-11-22T09:00:00.000Z');
  const result = score(lead, { now: '2026-11-22T12:00:00Z' });
  assert.equal(result.route, 'sales_review', `globex.com is a strategic account: ${result.summary}`);
  assert.ok(salesforceFieldNames().includes('Lead.LeadLens_Decision_Id__c'));
});

test('a decision: one conditional update, one Task; the panel hears the new version', async () => {
  const { fake, host } = setup();
  await host.readLead();
  const versions = [];
  host.onLeadChange(() => versions.push(host.version()));
  assert.deepEqual(await host.postDecision(decision({ lead_id: ID }), host.version()), { ok: true });
  await tick();
  const record = fake.record(ID);
  assert.equal(record.Status, SALESFORCE_STATUS.accepted);
  assert.equal(record.LeadLens_Decision_Id__c, '0190a5f2-0000-7000-8000-000000000001');
  assert.equal(fake.notes(ID).length, 1);
  assert.deepEqual(versions, ['2026-11-22T09:00:01.000Z']);
  const update = fake.calls.find((c) => c.name === 'updateRecord');
  assert.deepEqual(update.args.clientOptions, { ifUnmodifiedSince: '2026-11-22T09:00:00.000Z' });
});

test('an edit by someone else is a conflict (412), nothing written', async () => {
  const { fake, host } = setup();
  await host.readLead();
  const seen = host.version();
  fake.edit(ID, { Title: 'CFO' });
  const result = await host.postDecision(decision({ lead_id: ID }), seen);
  assert.deepEqual([result.ok, result.conflict, result.retryable], [false, true, false]);
  assert.equal(fake.notes(ID).length, 0);
  assert.equal(fake.record(ID).LeadLens_Decision_Id__c, undefined);
});

test('the outbox guarantee: under random faults each decision is applied once, with one Task', async () => {
  const { fake, host } = setup();
  await host.readLead();
  const decisions = Array.from({ length: 8 }, (_, i) =>
    decision({
      decision_id: `0190a5f2-0000-7000-8000-${String(i).padStart(12, '0')}`,
      lead_id: ID,
      outcome: ['accepted', 'rejected', 'recycled'][i % 3],
      reason_code: i % 3 === 0 ? 'good_fit_real_need' : 'no_budget_now',
    }),
  );
  // Without expectedVersion (one reviewer's successive decisions): the retry's own earlier write
  // must not count as someone else's.
  const outcome = await settle(host, decisions, { modes: ['online', 'offline', 'timeout', 'online'], setMode: (m) => fake.setMode(m), seed: 5 });
  assert.deepEqual(outcome.failed, []);
  assert.equal(outcome.confirmed.length, decisions.length);
  const tasks = fake.notes(ID);
  for (const d of decisions) {
    assert.equal(tasks.filter((t) => t.LeadLens_Decision_Id__c === d.decision_id).length, 1, `one Task for ${d.decision_id}`);
  }
  assert.equal(tasks.length, decisions.length);
  assert.equal(fake.record(ID).LeadLens_Decision_Id__c, decisions[decisions.length - 1].decision_id);
  assert.ok(outcome.attempts > decisions.length, `faults happened (${outcome.attempts} posts)`);
});

test('options are checked, naming what is wrong', () => {
  const { lds } = createLdsFake({ records: records() });
  assert.throws(() => salesforceHost({ ...lds }), /`recordId` must be the record's id/);
  assert.throws(() => salesforceHost({ recordId: ID }), /`updateRecord` must be lightning\/uiRecordApi's updateRecord/);
  assert.throws(() => salesforceHost({ recordId: ID, updateRecord: lds.updateRecord }), /`createRecord` must be/);
  assert.equal(salesforceHost({ recordId: ID, updateRecord: lds.updateRecord, tasks: false, store: null }).capabilities.durableStore, false);
  assert.throws(() => salesforceHost({ recordId: ID, ...lds, fields: { 'company.name': 7 } }), /`fields.company.name` must be a field name/);
});
