// The app functions as HubSpot runs them (`main(context)`, the token in PRIVATE_APP_ACCESS_TOKEN,
// Node's fetch), against the fake HubSpot CRM API: what they read, write and answer.
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { defaultModel } from 'leadlens';

import { CONTACT_ID, TOKEN, functionsByUid, hubspotFake } from './support.mjs';

const functions = functionsByUid();
let fake;
let saved;

beforeEach(() => {
  fake = hubspotFake();
  saved = { fetch: globalThis.fetch, token: process.env.PRIVATE_APP_ACCESS_TOKEN };
  globalThis.fetch = fake.fetch;
  process.env.PRIVATE_APP_ACCESS_TOKEN = TOKEN;
});
afterEach(() => {
  globalThis.fetch = saved.fetch;
  if (saved.token === undefined) delete process.env.PRIVATE_APP_ACCESS_TOKEN;
  else process.env.PRIVATE_APP_ACCESS_TOKEN = saved.token;
});

const onRecord = (parameters) => ({ propertiesToSend: { hs_object_id: CONTACT_ID }, parameters });

function decision(overrides = {}) {
  return {
    decision_id: '0190a5f2-0000-7000-8000-000000000001',
    lead_id: CONTACT_ID,
    outcome: 'accepted',
    reason_code: 'good_fit_real_need',
    note: 'Called, real project',
    reviewer: '1',
    decided_at: '2026-11-22T12:05:00.000Z',
    score_snapshot: { fit: 84, intent: 40, route: 'nurture', model_version: '2026-11-1' },
    ...overrides,
  };
}

test('the project declares the two functions the card calls', () => {
  assert.deepEqual(Object.keys(functions).sort(), ['leadlens_decide', 'leadlens_score']);
  for (const fn of Object.values(functions)) assert.equal(typeof fn.main, 'function');
});

test('leadlens_score reads the contact and its company with the token, scores it, answers what the card shows', async () => {
  const answer = await functions.leadlens_score.main(onRecord());
  assert.equal(answer.ok, true);
  assert.equal(answer.result.lead_id, CONTACT_ID);
  assert.ok(answer.result.fit.score >= 60, answer.result.summary);
  assert.ok(answer.result.fit.evidence.some((e) => e.field === 'company.employees'), 'the company\'s employee count was read');
  assert.match(answer.version, /^hs1:[0-9a-f]{16}$/);
  assert.deepEqual(answer.reasons, defaultModel().decision_reasons);
  assert.equal(answer.decision, null);
  assert.deepEqual(
    fake.calls.map((c) => [c.name, c.args.method]),
    [
      ['crm.contacts.basicApi.getById', 'GET'],
      ['crm.companies.basicApi.getById', 'GET'],
    ],
  );
  // JSON in, JSON out: what hubspot.serverless hands the card survives serialisation.
  assert.deepEqual(JSON.parse(JSON.stringify(answer)), answer);
});

test('leadlens_decide writes the decision once, however often the card sends it', async () => {
  const scored = await functions.leadlens_score.main(onRecord());
  const d = decision();
  assert.deepEqual(await functions.leadlens_decide.main(onRecord({ decision: d, expectedVersion: scored.version })), { ok: true });
  assert.deepEqual(await functions.leadlens_decide.main(onRecord({ decision: d, expectedVersion: scored.version })), { ok: true }, 'the card did not get the first answer');
  assert.equal(fake.notes(CONTACT_ID).length, 1);
  assert.equal(fake.calls.filter((c) => c.name === 'crm.contacts.basicApi.update').length, 1);
  const properties = fake.record(CONTACT_ID).properties;
  assert.equal(properties.leadlens_decision_id, d.decision_id);
  assert.equal(properties.hs_lead_status, 'OPEN');
  // The next score shows it.
  const after = await functions.leadlens_score.main(onRecord());
  assert.deepEqual(after.decision, { id: d.decision_id, outcome: 'accepted', reason: 'good_fit_real_need', status: 'OPEN' });
  assert.notEqual(after.version, scored.version);
});

test('leadlens_decide: a stale version is a conflict; HubSpot unreachable is retryable', async () => {
  const scored = await functions.leadlens_score.main(onRecord());
  fake.edit(CONTACT_ID, { jobtitle: 'Chief Operating Officer' });
  const conflict = await functions.leadlens_decide.main(onRecord({ decision: decision(), expectedVersion: scored.version }));
  assert.deepEqual([conflict.ok, conflict.conflict, conflict.retryable], [false, true, false]);
  assert.match(conflict.message, /^The contact changed in HubSpot since it was scored/);

  fake.setMode('offline');
  const offline = await functions.leadlens_decide.main(onRecord({ decision: decision(), expectedVersion: null }));
  assert.deepEqual(offline, { ok: false, retryable: true, message: 'HubSpot did not answer: fetch failed' });
  fake.setMode('online');
  assert.equal(fake.notes(CONTACT_ID).length, 0);
});

test('refused before any call: a decision for another record, no record, no token', async () => {
  const other = await functions.leadlens_decide.main(onRecord({ decision: decision({ lead_id: '77' }) }));
  assert.deepEqual(other, { ok: false, retryable: false, message: 'Not posted: the decision is not for contact 51, the record this card is on' });
  const nowhere = await functions.leadlens_decide.main({ parameters: { decision: decision() } });
  assert.equal(nowhere.retryable, false);
  assert.match(nowhere.message, /^No contact/);
  assert.equal((await functions.leadlens_score.main({})).ok, false);
  delete process.env.PRIVATE_APP_ACCESS_TOKEN;
  assert.deepEqual(await functions.leadlens_score.main(onRecord()), { ok: false, message: 'PRIVATE_APP_ACCESS_TOKEN is not set: the app needs static auth' });
  assert.equal(fake.calls.length, 0);
});

test('a token HubSpot does not accept: the messages say so, and nothing is retried', async () => {
  process.env.PRIVATE_APP_ACCESS_TOKEN = 'pat-na1-revoked';
  const scored = await functions.leadlens_score.main(onRecord());
  assert.equal(scored.ok, false);
  assert.match(scored.message, /^HubSpot refused the contact read: Authentication credentials not found\..*\[INVALID_AUTHENTICATION, correlation id [0-9a-f-]+\] \(HTTP 401\)$/);
  const posted = await functions.leadlens_decide.main(onRecord({ decision: decision() }));
  assert.deepEqual([posted.ok, posted.retryable], [false, false]);
  assert.match(posted.message, /\(HTTP 401\)$/);
});
