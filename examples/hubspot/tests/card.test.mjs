// The card with HubSpot's own test renderer (@hubspot/ui-extensions/testing): what it shows for a
// scored contact, the decision it sends, retries, a conflict and a refusal. The app functions are
// stood in for by `serverless` (the card's stand-in for hubspot.serverless), answering as the
// functions do; the last test runs the real functions against the fake HubSpot API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import { Alert, Button, Select, TableRow, Tag, Text, TextArea } from '@hubspot/ui-extensions';
import { score, defaultModel } from 'leadlens';

import { LeadLensCard, SCORE_FUNCTION, DECIDE_FUNCTION, uuidv7 } from '../src/app/cards/LeadLensCard.jsx';
import { CONTACT_ID, TOKEN, functionsByUid, hubspotFake } from './support.mjs';

const NOW = '2026-11-22T12:00:00Z';
const LEAD = {
  id: CONTACT_ID,
  created_at: '2026-11-20T10:02:11.000Z',
  company: { name: 'Acme Logistics Inc.', domain: 'acmelogistics.com', industry: 'LOGISTICS_AND_SUPPLY_CHAIN', employees: '240', annual_revenue: '48000000', country: 'United States' },
  contact: { name: 'Dana Ruiz', email: 'dana@acmelogistics.com', title: 'Director of Operations', phone: '+1 555 0100' },
  form: { message: 'Our order-to-cash process is a bottleneck. We need help this quarter.' },
};

// What leadlens_score answers for that contact (the real scorer's result).
function scoreAnswer(overrides = {}) {
  return { ok: true, result: score(LEAD, { now: NOW }), version: 'hs1:00000000deadbeef', reasons: defaultModel().decision_reasons, decision: null, ...overrides };
}

/** A stand-in for hubspot.serverless: records calls, answers from `answers[uid]` (a value or a function). */
function serverlessStub(answers) {
  const calls = [];
  const serverless = async (name, options) => {
    calls.push({ name, options: JSON.parse(JSON.stringify(options)) });
    const answer = answers[name];
    if (answer === undefined) throw new Error(`no app function ${name}`);
    return typeof answer === 'function' ? answer(options, calls) : answer;
  };
  return { serverless, calls };
}

function renderCard(serverless) {
  const renderer = createRenderer('crm.record.tab');
  renderer.render(React.createElement(LeadLensCard, { context: renderer.mocks.context, actions: renderer.mocks.actions, serverless, retryDelays: [5, 10] }));
  return renderer;
}

async function decide(renderer, { outcome, reason, note }) {
  renderer.find(Select, { name: 'outcome' }).trigger('onChange', outcome);
  if (reason) {
    await renderer.waitFor(() => assert.ok(renderer.maybeFind(Select, { name: 'reason' })));
    renderer.find(Select, { name: 'reason' }).trigger('onChange', reason);
  }
  if (note) renderer.find(TextArea, { name: 'note' }).trigger('onChange', note);
  await renderer.waitFor(() => assert.equal(renderer.findByTestId(Button, 'submit').props.disabled, false));
  renderer.findByTestId(Button, 'submit').trigger('onClick');
}

test('renders the scored contact: fit, intent, route, the evidence as rows of text', async () => {
  const answer = scoreAnswer({ decision: { id: 'd-0', outcome: 'recycled', reason: 'timing', status: 'BAD_TIMING' } });
  const { serverless, calls } = serverlessStub({ [SCORE_FUNCTION]: answer });
  const card = renderCard(serverless);
  await card.waitFor(() => assert.ok(card.maybeFindByTestId(Tag, 'fit')));
  const { result } = answer;
  assert.deepEqual(calls, [{ name: 'leadlens_score', options: { propertiesToSend: ['hs_object_id'] } }]);
  assert.equal(card.findByTestId(Tag, 'fit').text, `Fit ${result.fit.score} (${result.fit.band})`);
  assert.equal(card.findByTestId(Tag, 'intent').text, `Intent ${result.intent.score} (${result.intent.band})`);
  assert.equal(result.route, 'nurture', 'a good fit whose only intent is the form message');
  assert.equal(card.findByTestId(Tag, 'route').text, 'Route: Nurture');
  assert.equal(card.findByTestId(Tag, 'route').props.variant, 'warning');
  assert.equal(card.findByTestId(Text, 'summary').text, result.summary);
  const rows = card.findAll(TableRow);
  const evidence = result.fit.evidence.length + result.intent.evidence.length + result.negative.length;
  assert.equal(rows.length, 1 + evidence, 'a header and one row per evidence item');
  const industry = result.fit.evidence.find((e) => e.code === 'industry.primary');
  const cells = rows.map((row) => row.findAll(Text).map((text) => text.text));
  assert.deepEqual(cells[0], [], 'the header row');
  assert.ok(
    cells.some((row) => JSON.stringify(row) === JSON.stringify([`+${industry.points} fit`, industry.label, 'company.industry'])),
    `the industry evidence is a row of text: ${JSON.stringify(cells)}`,
  );
  assert.equal(card.findByTestId(Text, 'on-record').text, 'Last decision on this contact: recycled (timing), lead status BAD_TIMING');
  // Reasons come from the model's lists, per outcome.
  card.find(Select, { name: 'outcome' }).trigger('onChange', 'rejected');
  await card.waitFor(() => assert.ok(card.maybeFind(Select, { name: 'reason' })));
  assert.deepEqual(
    card.find(Select, { name: 'reason' }).props.options.map((o) => o.value),
    defaultModel().decision_reasons.rejected.map((r) => r.code),
  );
  assert.equal(card.findByTestId(Button, 'submit').props.disabled, true, 'a rejection needs a reason');
});

test('submits a decision once, with the score it was made on, then refreshes the record', async () => {
  const scores = (calls) => calls.filter((c) => c.name === SCORE_FUNCTION).length;
  const { serverless, calls } = serverlessStub({
    // The re-score after saving fails: the card keeps what it shows.
    [SCORE_FUNCTION]: (options, seen) => {
      if (scores(seen) > 1) throw new Error('Serverless function timed out');
      return scoreAnswer();
    },
    [DECIDE_FUNCTION]: { ok: true },
  });
  const card = renderCard(serverless);
  await card.waitFor(() => assert.ok(card.maybeFindByTestId(Tag, 'fit')));
  const before = Date.now();
  await decide(card, { outcome: 'rejected', reason: 'not_icp', note: '  Reseller, not an end customer  ' });
  await card.waitFor(() => assert.ok(card.maybeFindByTestId(Alert, 'saved')));
  const posts = calls.filter((c) => c.name === DECIDE_FUNCTION);
  assert.equal(posts.length, 1);
  const { propertiesToSend, parameters } = posts[0].options;
  assert.deepEqual(propertiesToSend, ['hs_object_id']);
  const { decision, expectedVersion } = parameters;
  const { result } = scoreAnswer();
  assert.equal(expectedVersion, 'hs1:00000000deadbeef');
  assert.match(decision.decision_id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.ok(Date.parse(decision.decided_at) >= before - 1);
  assert.deepEqual(
    { ...decision, decision_id: 'x', decided_at: 'x' },
    {
      decision_id: 'x',
      lead_id: CONTACT_ID,
      outcome: 'rejected',
      reason_code: 'not_icp',
      note: 'Reseller, not an end customer',
      reviewer: String(card.mocks.context.user.id),
      decided_at: 'x',
      score_snapshot: { fit: result.fit.score, intent: result.intent.score, route: result.route, model_version: result.model.version },
    },
  );
  assert.equal(card.findByTestId(Alert, 'saved').text.includes('The contact is rejected (not_icp)'), true);
  assert.equal(card.mocks.actions.refreshObjectProperties.calls.length, 1, 'the record page shows the new lead status');
  await card.waitFor(() => assert.equal(scores(calls), 2, 're-scored for the next version'));
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(card.maybeFindByTestId(Tag, 'fit') && card.maybeFindByTestId(Alert, 'saved'), 'a failed quiet re-score keeps the card as it was');
  assert.equal(card.find(Select, { name: 'outcome' }).props.value, '', 'the form is cleared');
});

test('retries the same decision while the answer is retryable, then shows it saved', async () => {
  let answers = 0;
  const { serverless, calls } = serverlessStub({
    [SCORE_FUNCTION]: scoreAnswer(),
    [DECIDE_FUNCTION]: () => {
      answers += 1;
      if (answers === 1) throw new Error('Serverless function timed out');
      if (answers === 2) return { ok: false, retryable: true, message: 'HubSpot rate-limited the update: You have reached your secondly limit. [RATE_LIMIT] (HTTP 429)' };
      return { ok: true };
    },
  });
  const card = renderCard(serverless);
  await card.waitFor(() => assert.ok(card.maybeFindByTestId(Tag, 'fit')));
  await decide(card, { outcome: 'accepted', reason: 'good_fit_real_need' });
  await card.waitFor(() => assert.ok(card.maybeFindByTestId(Alert, 'waiting')));
  assert.match(card.findByTestId(Alert, 'waiting').text, /The decision function did not answer: Serverless function timed out\. Keep this record open/);
  assert.equal(card.find(Select, { name: 'outcome' }).props.readOnly, true, 'no second decision while one is pending');
  await card.waitFor(() => assert.ok(card.maybeFindByTestId(Alert, 'saved')));
  const ids = calls.filter((c) => c.name === DECIDE_FUNCTION).map((c) => c.options.parameters.decision.decision_id);
  assert.equal(ids.length, 3);
  assert.equal(new Set(ids).size, 1, 'one decision id across the retries');
});

test('shows a conflict, saves nothing more, and scores again on request', async () => {
  const message = 'The contact changed in HubSpot since it was scored (last modified 2026-11-22T09:00:01.000Z); reload it and decide again';
  const { serverless, calls } = serverlessStub({ [SCORE_FUNCTION]: scoreAnswer(), [DECIDE_FUNCTION]: { ok: false, retryable: false, conflict: true, message } });
  const card = renderCard(serverless);
  await card.waitFor(() => assert.ok(card.maybeFindByTestId(Tag, 'fit')));
  await decide(card, { outcome: 'accepted' });
  await card.waitFor(() => assert.ok(card.maybeFindByTestId(Alert, 'conflict')));
  assert.equal(card.findByTestId(Alert, 'conflict').props.title, 'The contact changed since it was scored');
  assert.equal(card.findByTestId(Alert, 'conflict').text, `${message}. Your decision was not saved.`);
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(calls.filter((c) => c.name === DECIDE_FUNCTION).length, 1, 'a conflict is not retried');
  assert.equal(card.mocks.actions.refreshObjectProperties.calls.length, 0);
  card.findByTestId(Button, 'rescore').trigger('onClick');
  await card.waitFor(() => assert.equal(calls.filter((c) => c.name === SCORE_FUNCTION).length, 2));
  await card.waitFor(() => assert.equal(card.maybeFindByTestId(Alert, 'conflict'), null));
});

test('a refusal is shown, not retried, and can be dismissed; a scoring failure can be retried', async () => {
  const refused = 'HubSpot refused the update: Property values were not valid: Property "leadlens_outcome" does not exist [VALIDATION_ERROR] (HTTP 400)';
  const { serverless, calls } = serverlessStub({ [SCORE_FUNCTION]: scoreAnswer(), [DECIDE_FUNCTION]: { ok: false, retryable: false, message: refused } });
  const card = renderCard(serverless);
  await card.waitFor(() => assert.ok(card.maybeFindByTestId(Tag, 'fit')));
  await decide(card, { outcome: 'recycled', reason: 'timing' });
  await card.waitFor(() => assert.ok(card.maybeFindByTestId(Alert, 'failed')));
  assert.equal(card.findByTestId(Alert, 'failed').props.title, 'HubSpot refused the decision');
  assert.equal(card.findByTestId(Alert, 'failed').text, refused);
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(calls.filter((c) => c.name === DECIDE_FUNCTION).length, 1);
  card.findByTestId(Button, 'dismiss').trigger('onClick');
  await card.waitFor(() => assert.equal(card.maybeFindByTestId(Alert, 'failed'), null));
  assert.equal(card.find(Select, { name: 'outcome' }).props.readOnly, false);

  let attempts = 0;
  const flaky = serverlessStub({ [SCORE_FUNCTION]: () => ((attempts += 1) === 1 ? { ok: false, message: 'HubSpot has no contact 51 (or this app cannot see it)' } : scoreAnswer()) });
  const second = renderCard(flaky.serverless);
  await second.waitFor(() => assert.ok(second.maybeFind(Alert)));
  assert.equal(second.find(Alert).props.title, 'leadlens could not score this contact');
  assert.equal(second.find(Alert).text, 'HubSpot has no contact 51 (or this app cannot see it)');
  second.find(Button).trigger('onClick');
  await second.waitFor(() => assert.ok(second.maybeFindByTestId(Tag, 'fit')));
});

test('end to end: the card, the real app functions and the fake HubSpot API', async () => {
  const fake = hubspotFake();
  const functions = functionsByUid();
  const restore = { fetch: globalThis.fetch, token: process.env.PRIVATE_APP_ACCESS_TOKEN };
  globalThis.fetch = fake.fetch;
  process.env.PRIVATE_APP_ACCESS_TOKEN = TOKEN;
  try {
    // hubspot.serverless as HubSpot runs it: the function named by its uid, with the properties
    // of the record the card is on.
    const serverless = (name, { propertiesToSend = [], parameters } = {}) => {
      const record = fake.record(CONTACT_ID);
      const sent = Object.fromEntries(propertiesToSend.map((p) => [p, record.properties[p] ?? null]));
      return functions[name].main({ propertiesToSend: sent, parameters });
    };
    const card = renderCard(serverless);
    await card.waitFor(() => assert.ok(card.maybeFindByTestId(Tag, 'fit')), { timeoutInMs: 5000 });
    assert.match(card.findByTestId(Tag, 'route').text, /^Route: (Sales review|Nurture|Disqualify)$/);
    assert.match(card.findByTestId(Tag, 'fit').text, /^Fit \d+ \(high\)$/, 'the company\'s firmographics were read');
    await decide(card, { outcome: 'accepted', reason: 'good_fit_real_need', note: 'Called, real project' });
    await card.waitFor(() => assert.ok(card.maybeFindByTestId(Alert, 'saved')), { timeoutInMs: 5000 });
    const record = fake.record(CONTACT_ID).properties;
    assert.equal(record.hs_lead_status, 'OPEN');
    assert.equal(record.leadlens_outcome, 'accepted');
    assert.match(record.leadlens_decision_id, /^[0-9a-f-]{36}$/);
    assert.equal(fake.notes(CONTACT_ID).length, 1);
    assert.match(fake.notes(CONTACT_ID)[0].properties.hs_note_body, /^leadlens: accepted \(good_fit_real_need\)\nLead accepted by 1\.\nReason: good_fit_real_need\nNote: Called, real project\n/);
    // The re-score shows the decision now on the contact.
    await card.waitFor(() => assert.equal(card.maybeFindByTestId(Text, 'on-record')?.text, 'Last decision on this contact: accepted (good_fit_real_need), lead status OPEN'), { timeoutInMs: 5000 });
  } finally {
    globalThis.fetch = restore.fetch;
    if (restore.token === undefined) delete process.env.PRIVATE_APP_ACCESS_TOKEN;
    else process.env.PRIVATE_APP_ACCESS_TOKEN = restore.token;
  }
});

test('uuidv7: the time first, version 7, RFC 4122 variant', () => {
  const id = uuidv7(Date.parse('2026-11-22T12:05:00.000Z'));
  assert.match(id, /^01a20325-35e0-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(uuidv7(0), uuidv7(0));
});
