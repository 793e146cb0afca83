// `leadlens/hosts/zendesk` as a user gets it (installed from the packed tarball), against the fake
// of the Zendesk App Framework client and the Sell and Support APIs in www/fakes/zendesk.js
// (Zendesk publishes no mock; the fake follows the documented call and answer shapes).
// tests/npm/run.sh sets LEADLENS_WWW_DIR.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { zendeskHost, connectZendesk, zendeskErrorMessage, ZENDESK_SELL_STATUS, ZENDESK_SUPPORT_STATUS } from 'leadlens/hosts/zendesk';
import { score } from 'leadlens';
import { settle, decision } from './hosts-harness.mjs';

const www = process.env.LEADLENS_WWW_DIR ?? path.resolve('www');
const { createZendeskSellFake, createZendeskSupportFake } = await import(pathToFileURL(path.join(www, 'fakes/zendesk.js')).href);

const NOW = '2026-11-22T12:00:00Z';
const MARKER = (id) => `leadlens decision ${id}`;

// ---------------------------------------------------------------------------------------------
// Zendesk Sell

const SELL_CUSTOM_FIELDS = ['LeadLens Decision Id', 'LeadLens Outcome', 'LeadLens Reason', 'LeadLens Fit', 'LeadLens Intent', 'LeadLens Route', 'LeadLens Model Version'];

// Sell leads as GET /v2/leads/:id returns them (`data`).
function sellLeads() {
  return [
    {
      id: 1200301,
      first_name: 'Dana',
      last_name: 'Ruiz',
      organization_name: 'Acme Logistics',
      title: 'Director of Operations',
      email: 'dana@acmelogistics.com',
      phone: '+1 555 0100',
      mobile: null,
      website: 'acmelogistics.com',
      industry: 'Logistics',
      description: 'Our order-to-cash process is a bottleneck. We need help this quarter.',
      status: 'New',
      source_id: 10,
      address: { line1: '1 Harbor Way', city: 'Oakland', postal_code: '94607', state: 'CA', country: 'United States' },
      custom_fields: { Employees: 240, 'Annual Revenue': 48000000 },
      created_at: '2026-11-20T10:02:11Z',
    },
    { id: 1200302, last_name: 'Kim', email: 'kim@stateu.edu', title: 'Student', organization_name: '', mobile: '+1 555 0199' },
  ];
}

// The account's own custom fields for head count and revenue, mapped onto the Lead.
const SELL_FIELDS = { 'company.employees': 'custom_fields.Employees', 'company.annual_revenue': 'custom_fields.Annual Revenue' };

function sell(options = {}) {
  const fake = createZendeskSellFake({ leads: sellLeads(), customFields: SELL_CUSTOM_FIELDS, ...options.fake });
  const host = zendeskHost({ product: 'sell', client: fake.client, leadId: 1200301, fields: SELL_FIELDS, store: null, reviewer: 'rep-001', ...options.host });
  return { fake, host };
}

const writes = (fake) => fake.requests().filter((r) => r.method !== 'GET');

test('Sell: a lead becomes a Lead the scorer reads; blanks stay unknown', async () => {
  const { fake, host } = sell();
  const lead = await host.readLead();
  assert.deepEqual(lead, {
    id: '1200301',
    created_at: '2026-11-20T10:02:11Z',
    company: { name: 'Acme Logistics', domain: 'acmelogistics.com', industry: 'Logistics', country: 'United States', employees: 240, annual_revenue: 48000000 },
    contact: { name: 'Dana Ruiz', email: 'dana@acmelogistics.com', title: 'Director of Operations', phone: '+1 555 0100' },
    form: { message: 'Our order-to-cash process is a bottleneck. We need help this quarter.' },
  });
  assert.equal(host.version(), '2026-11-22T09:00:00Z', 'version: updated_at as read');
  const read = fake.calls.find((c) => c.name === 'request');
  assert.deepEqual(read.args, {
    url: 'https://api.getbase.com/v2/leads/1200301',
    type: 'GET',
    dataType: 'json',
    headers: { Authorization: 'Bearer {{setting.access_token}}', Accept: 'application/json' },
    secure: true,
  });
  const result = score(lead, { now: NOW });
  assert.equal(result.lead_id, '1200301');
  assert.ok(result.fit.score >= 60, `an ideal buyer fits: ${result.summary}`);

  const student = zendeskHost({ product: 'sell', client: fake.client, leadId: '1200302', store: null });
  const kim = await student.readLead();
  assert.deepEqual(kim, {
    id: '1200302',
    created_at: '2026-11-22T09:00:00Z',
    contact: { name: 'Kim', email: 'kim@stateu.edu', title: 'Student', phone: '+1 555 0199' },
  });
  assert.ok(score(kim, { now: NOW }).negative.some((n) => n.code === 'student'), 'the student rule reads the mapped title and domain');
});

test('Sell: a decision writes one note, then one lead update, with the documented payloads', async () => {
  const { fake, host } = sell();
  await host.readLead();
  const d = decision({ lead_id: '1200301' });
  assert.deepEqual(await host.postDecision(d, host.version()), { ok: true });

  const sent = fake.requests().slice(1);
  assert.deepEqual(
    sent.map((r) => `${r.method} ${r.url}`),
    [
      'GET https://api.getbase.com/v2/leads/1200301',
      'GET https://api.getbase.com/v2/notes?resource_type=lead&resource_id=1200301&sort_by=created_at:desc&per_page=100&page=1',
      'POST https://api.getbase.com/v2/notes',
      'PUT https://api.getbase.com/v2/leads/1200301',
    ],
    'read, look for an earlier note, the note, the update with the decision id last',
  );
  const [note, update] = writes(fake);
  assert.deepEqual(note.body, {
    data: {
      resource_type: 'lead',
      resource_id: 1200301,
      content:
        'leadlens: accepted (good_fit_real_need)\n' +
        'Lead accepted by rep-001.\nReason: good_fit_real_need\nNote: Called, real project\n' +
        'Score when decided: fit 84, intent 78, route sales_review (model 2026-11-1)\n' +
        'Decided at: 2026-11-22T12:05:00.000Z\n' +
        'leadlens decision 0190a5f2-0000-7000-8000-000000000001',
    },
  });
  assert.deepEqual(update.body, {
    data: {
      status: ZENDESK_SELL_STATUS.accepted,
      custom_fields: {
        'LeadLens Decision Id': d.decision_id,
        'LeadLens Outcome': 'accepted',
        'LeadLens Reason': 'good_fit_real_need',
        'LeadLens Fit': 84,
        'LeadLens Intent': 78,
        'LeadLens Route': 'sales_review',
        'LeadLens Model Version': '2026-11-1',
      },
    },
  });
  const putCall = fake.calls.filter((c) => c.name === 'request').at(-1).args;
  assert.equal(putCall.contentType, 'application/json');
  assert.equal(putCall.secure, true);
  const record = fake.record(1200301);
  assert.equal(record.status, 'Working');
  assert.equal(record.custom_fields['LeadLens Decision Id'], d.decision_id);
  assert.equal(record.custom_fields.Employees, 240, 'the account\'s other custom fields are kept');
  assert.equal(fake.notes(1200301).length, 1);
});

test('Sell: an answer lost after the write: the retry confirms without a second note or update', async () => {
  const { fake, host } = sell();
  await host.readLead();
  const version = host.version();
  const d = decision({ lead_id: '1200301' });
  fake.setMode('timeout');
  const first = await host.postDecision(d, version);
  assert.deepEqual([first.ok, first.retryable], [false, true]);
  assert.match(first.message, /No answer from Zendesk Sell to the note \(timeout\)/);
  // The note went through; its answer was lost. Again: the lead update's answer is lost too.
  const second = await host.postDecision(d, version);
  assert.match(second.message, /No answer from Zendesk Sell to the lead update \(timeout\)/);
  fake.setMode('online');
  assert.deepEqual(await host.postDecision(d, version), { ok: true });
  assert.equal(fake.notes(1200301).length, 1, 'one note');
  assert.equal(writes(fake).filter((r) => r.method === 'PUT').length, 1, 'the last retry found the decision id and wrote nothing');
  assert.equal(fake.record(1200301).custom_fields['LeadLens Decision Id'], d.decision_id);
});

test('Sell: offline is retryable and writes nothing; a note whose update never went out is not added twice', async () => {
  const { fake, host } = sell();
  await host.readLead();
  const version = host.version();
  const d = decision({ lead_id: '1200301', outcome: 'recycled', reason_code: 'no_budget_now' });
  fake.setMode('offline');
  const result = await host.postDecision(d, version);
  assert.deepEqual([result.ok, result.retryable], [false, true]);
  assert.match(result.message, /No answer from Zendesk Sell to reading lead 1200301 \(error\)/);
  assert.equal(fake.notes(1200301).length, 0);

  // Online, but the lead update is lost before it reaches Sell (the note was written).
  fake.setMode('online');
  const request = fake.client.request;
  fake.client.request = (settings) => (settings.type === 'PUT' ? Promise.reject({ readyState: 0, status: 0, statusText: 'error', responseText: '' }) : request(settings));
  assert.equal((await host.postDecision(d, version)).retryable, true);
  fake.client.request = request;
  assert.deepEqual(await host.postDecision(d, version), { ok: true });
  assert.equal(fake.notes(1200301).length, 1);
  assert.equal(fake.record(1200301).status, ZENDESK_SELL_STATUS.recycled);
});

test('Sell: a lead edited since it was read conflicts (updated_at pre-check), and nothing is written', async () => {
  const { fake, host } = sell();
  await host.readLead();
  const version = host.version();
  fake.edit(1200301, { title: 'COO' });
  const result = await host.postDecision(decision({ lead_id: '1200301' }), version);
  assert.deepEqual([result.ok, result.conflict, result.retryable], [false, true, false]);
  assert.match(result.message, /changed in Zendesk Sell since it was scored \(updated 2026-11-22T09:00:01Z\)/);
  assert.equal(fake.notes(1200301).length, 0);
  assert.deepEqual(writes(fake), []);
  await host.readLead();
  assert.deepEqual(await host.postDecision(decision({ lead_id: '1200301' }), host.version()), { ok: true });
});

test('Sell: refusals are not retried and say why; rate limits and outages are retried', async () => {
  const { fake, host } = sell();
  await host.readLead();
  fake.setMode('error');
  const denied = await host.postDecision(decision({ lead_id: '1200301' }), host.version());
  assert.deepEqual([denied.ok, denied.retryable], [false, false]);
  assert.equal(denied.message, 'Zendesk Sell refused the note: forbidden: Forbidden: You do not have permission to perform this action. (HTTP 403)');

  fake.setMode('ratelimit');
  const limited = await host.postDecision(decision({ lead_id: '1200301' }), host.version());
  assert.deepEqual([limited.ok, limited.retryable], [false, true]);
  assert.match(limited.message, /rate_limit_exceeded: Too Many Requests: API rate limit exceeded\. Retry later\. \(HTTP 429\)/);
  fake.setMode('unavailable');
  assert.equal((await host.postDecision(decision({ lead_id: '1200301' }), host.version())).retryable, true);
  fake.setMode('online');

  // The account has not created the LeadLens custom fields yet.
  const bare = sell({ fake: { customFields: [] } });
  await bare.host.readLead();
  const invalid = await bare.host.postDecision(decision({ lead_id: '1200301' }), bare.host.version());
  assert.deepEqual([invalid.ok, invalid.retryable], [false, false]);
  assert.match(invalid.message, /refused the lead update: invalid: custom field does not exist: "LeadLens Decision Id" is not a custom field of leads \[custom_fields\] \(HTTP 422\)/);
  // …and with those fields left out, the same account takes the status (and the note is not repeated).
  const none = { decision_id: null, outcome: null, reason_code: null, fit: null, intent: null, route: null, model_version: null };
  const mapped = zendeskHost({ product: 'sell', client: bare.fake.client, leadId: 1200301, decisionFields: none, store: null });
  assert.deepEqual(await mapped.postDecision(decision({ lead_id: '1200301' })), { ok: true });
  assert.equal(bare.fake.record(1200301).status, 'Working');
  assert.equal(bare.fake.notes(1200301).length, 1);

  // The app's secure setting has another name than the adapter was told.
  const token = sell({ host: { tokenSetting: 'sell_token' } });
  await assert.rejects(token.host.readLead(), /did not give lead 1200301: unauthorized: Unauthorized: The access token provided is expired, revoked, malformed or invalid\. \(HTTP 401\)/);
  const unauthorized = await token.host.postDecision(decision({ lead_id: '1200301' }));
  assert.deepEqual([unauthorized.ok, unauthorized.retryable], [false, false]);
  assert.match(unauthorized.message, /check the app's `sell_token` setting/);

  const calls = fake.calls.length;
  const junk = await host.postDecision({ decision_id: 'x', lead_id: '1200301', outcome: 'maybe' });
  assert.deepEqual([junk.ok, junk.retryable], [false, false]);
  assert.match(junk.message, /outcome is "maybe"/);
  const notAnId = await host.postDecision(decision({ lead_id: 'L-1' }));
  assert.match(notAnId.message, /lead_id "L-1" is not a Sell lead id/);
  assert.equal(fake.calls.length, calls, 'nothing sent for a malformed decision');
  const missing = await host.postDecision(decision({ lead_id: '999' }));
  assert.deepEqual([missing.ok, missing.retryable], [false, false]);
  assert.match(missing.message, /Zendesk Sell has no lead 999/);
});

test('Sell: the outbox guarantee: under random faults every decision is applied exactly once', async () => {
  const { fake, host } = sell();
  const ids = ['1200301', '1200302'];
  const decisions = Array.from({ length: 12 }, (_, i) =>
    decision({
      decision_id: `0190a5f2-0000-7000-8000-${String(i).padStart(12, '0')}`,
      lead_id: ids[i % 2],
      outcome: ['accepted', 'rejected', 'recycled'][i % 3],
      reason_code: i % 3 === 0 ? 'good_fit_real_need' : 'no_budget_now',
    }),
  );
  const outcome = await settle(host, decisions, { modes: ['online', 'offline', 'timeout', 'online', 'ratelimit'], setMode: (m) => fake.setMode(m), seed: 7 });
  assert.deepEqual(outcome.failed, []);
  assert.equal(outcome.confirmed.length, decisions.length);
  for (const id of ids) {
    const mine = decisions.filter((d) => d.lead_id === id);
    const notes = fake.notes(id);
    for (const d of mine) assert.equal(notes.filter((n) => n.content.endsWith(MARKER(d.decision_id))).length, 1, `one note for ${d.decision_id}`);
    assert.equal(notes.length, mine.length, 'no extra notes');
    assert.equal(fake.record(id).custom_fields['LeadLens Decision Id'], mine.at(-1).decision_id, 'the last decision is on the lead');
  }
  assert.ok(outcome.attempts > decisions.length, `faults happened (${outcome.attempts} posts)`);
});

test('Sell: onLeadChange re-reads the lead once per burst of lead.<property>.changed events', async () => {
  const { fake, host } = sell();
  await host.readLead();
  const seen = [];
  const unsubscribe = host.onLeadChange((lead) => seen.push({ lead, version: host.version() }));
  assert.ok(fake.calls.some((c) => c.name === 'on' && c.args === 'lead.title.changed'));
  fake.edit(1200301, { title: 'COO', industry: 'Software' }); // two events, one edit
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(seen.length, 1);
  assert.equal(seen[0].lead.contact.title, 'COO');
  assert.equal(seen[0].lead.company.industry, 'Software');
  assert.equal(seen[0].version, '2026-11-22T09:00:01Z', 'the version moves with the lead');
  unsubscribe();
  assert.ok(fake.calls.some((c) => c.name === 'off' && c.args === 'lead.title.changed'));
  fake.edit(1200301, { title: 'CEO' });
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(seen.length, 1, 'nothing after unsubscribe');
});

test('Sell: connectZendesk initialises ZAF, takes the lead card\'s lead and the signed-in user', async () => {
  const fake = createZendeskSellFake({ leads: sellLeads(), customFields: SELL_CUSTOM_FIELDS, openId: 1200302 });
  const host = await connectZendesk({ ZAFClient: fake.ZAFClient, store: null });
  assert.equal(host.product, 'sell');
  assert.equal(host.leadId, '1200302');
  assert.equal(host.reviewer, '7001');
  assert.equal((await host.readLead()).contact.title, 'Student');
  assert.deepEqual(host.capabilities, { write: true, durableStore: false });
  assert.deepEqual(
    fake.calls.filter((c) => c.name === 'get').map((c) => c.args),
    ['currentUser', 'lead.id'],
  );

  const outside = createZendeskSellFake({ leads: sellLeads(), embedded: false });
  await assert.rejects(connectZendesk({ ZAFClient: outside.ZAFClient }), /ZAFClient\.init\(\) returned false: open this page as a Zendesk app/);
  await assert.rejects(connectZendesk({ ZAFClient: fake.ZAFClient, product: 'support' }), /the app is in the "lead_card" location; the Support adapter needs "ticket_sidebar"/);
  // A single-path get rejects when Zendesk reports an error for the path.
  await assert.rejects(fake.client.get('lead.nonsense'), /No such Api/);
  const bulk = await fake.client.get(['lead.id', 'lead.nonsense']);
  assert.deepEqual(bulk, { 'lead.id': 1200302, errors: { 'lead.nonsense': { message: 'No such Api' } } });
});

// ---------------------------------------------------------------------------------------------
// Zendesk Support

// Custom ticket fields the admin created (ids are the account's own).
const TICKET_FIELDS = {
  decision_id: 360001001,
  outcome: 360001002,
  reason_code: 360001003,
  fit: 360001004,
  intent: 360001005,
  route: 360001006,
  model_version: 360001007,
  status: 360001008,
};
const ACCOUNT_FIELDS = [...Object.values(TICKET_FIELDS), 360009999];

function supportData() {
  return {
    users: [
      { id: 9100001, name: 'Dana Ruiz', email: 'dana@acmelogistics.com', phone: '+1 555 0100', organization_id: 8100001, user_fields: { job_title: 'Director of Operations' } },
      { id: 9100002, name: 'Kim', email: 'kim@stateu.edu', user_fields: { job_title: 'Student' } },
    ],
    organizations: [
      { id: 8100001, name: 'Acme Logistics', domain_names: ['acmelogistics.com', 'acme-logistics.com'], organization_fields: { industry: 'Logistics', employees: 240, country: 'United States' } },
    ],
    tickets: [
      {
        id: 4201,
        subject: 'Help with our order-to-cash process',
        description: 'Our order-to-cash process is a bottleneck. We need help this quarter.',
        requester_id: 9100001,
        via: { channel: 'web', source: { from: {}, to: {}, rel: null } },
        custom_fields: [{ id: 360009999, value: 'kept' }],
        created_at: '2026-11-20T10:02:11Z',
      },
      { id: 4202, subject: 'Internship?', description: 'Do you take interns?', requester_id: 9100002, via: { channel: 'email' } },
      { id: 4203, subject: 'Old request', description: 'Long done.', requester_id: 9100001, status: 'closed' },
    ],
    ticketFields: ACCOUNT_FIELDS,
  };
}

// The account keeps job titles and firmographics in user and organization fields.
const SUPPORT_FIELDS = {
  'contact.title': 'requester.user_fields.job_title',
  'company.industry': 'organization.organization_fields.industry',
  'company.employees': 'organization.organization_fields.employees',
  'company.country': 'organization.organization_fields.country',
};

function support(options = {}) {
  const fake = createZendeskSupportFake({ ...supportData(), ...options.fake });
  const host = zendeskHost({ product: 'support', client: fake.client, ticketId: 4201, ticketFields: TICKET_FIELDS, fields: SUPPORT_FIELDS, store: null, reviewer: 'rep-001', ...options.host });
  return { fake, host };
}

test('Support: the ticket\'s requester and organization become a Lead the scorer reads', async () => {
  const { fake, host } = support();
  const lead = await host.readLead();
  assert.deepEqual(lead, {
    id: '4201',
    created_at: '2026-11-20T10:02:11Z',
    company: { name: 'Acme Logistics', domain: 'acmelogistics.com', industry: 'Logistics', employees: 240, country: 'United States' },
    contact: { name: 'Dana Ruiz', email: 'dana@acmelogistics.com', phone: '+1 555 0100', title: 'Director of Operations' },
    source: { channel: 'web' },
    form: { message: 'Help with our order-to-cash process\n\nOur order-to-cash process is a bottleneck. We need help this quarter.' },
  });
  assert.equal(host.version(), '2026-11-22T09:00:00Z', 'version: the ticket\'s updated_at');
  assert.deepEqual(fake.calls.find((c) => c.name === 'request').args, { url: '/api/v2/tickets/4201.json?include=users,organizations', type: 'GET', dataType: 'json' });
  const result = score(lead, { now: NOW });
  assert.equal(result.lead_id, '4201');
  assert.ok(result.fit.score >= 60, `an ideal buyer fits: ${result.summary}`);

  // The default map only: standard user and organization attributes.
  const plain = zendeskHost({ product: 'support', client: fake.client, ticketId: 4202, store: null });
  const kim = await plain.readLead();
  assert.deepEqual(kim, {
    id: '4202',
    created_at: '2026-11-22T09:00:00Z',
    contact: { name: 'Kim', email: 'kim@stateu.edu' },
    source: { channel: 'email' },
    form: { message: 'Internship?\n\nDo you take interns?' },
  });
  const withTitle = zendeskHost({ product: 'support', client: fake.client, ticketId: 4202, fields: SUPPORT_FIELDS, store: null });
  assert.ok(score(await withTitle.readLead(), { now: NOW }).negative.some((n) => n.code === 'student'), 'the student rule reads the mapped title and domain');
});

test('Support: a decision is one ticket update: custom fields and a private comment, with safe_update', async () => {
  const { fake, host } = support();
  await host.readLead();
  const d = decision({ lead_id: '4201' });
  assert.deepEqual(await host.postDecision(d, host.version()), { ok: true });

  assert.deepEqual(
    fake.requests().slice(1).map((r) => `${r.method} ${r.url}`),
    ['GET /api/v2/tickets/4201.json', 'GET /api/v2/tickets/4201/comments.json?sort_order=desc', 'PUT /api/v2/tickets/4201.json'],
  );
  const [update] = writes(fake);
  assert.deepEqual(update.body, {
    ticket: {
      comment: {
        body:
          'leadlens: accepted (good_fit_real_need)\n' +
          'Lead accepted by rep-001.\nReason: good_fit_real_need\nNote: Called, real project\n' +
          'Score when decided: fit 84, intent 78, route sales_review (model 2026-11-1)\n' +
          'Decided at: 2026-11-22T12:05:00.000Z\n' +
          'leadlens decision 0190a5f2-0000-7000-8000-000000000001',
        public: false,
      },
      safe_update: true,
      updated_stamp: '2026-11-22T09:00:00Z',
      custom_fields: [
        { id: 360001001, value: d.decision_id },
        { id: 360001002, value: 'accepted' },
        { id: 360001003, value: 'good_fit_real_need' },
        { id: 360001004, value: 84 },
        { id: 360001005, value: 78 },
        { id: 360001006, value: 'sales_review' },
        { id: 360001007, value: '2026-11-1' },
        { id: 360001008, value: ZENDESK_SUPPORT_STATUS.accepted },
      ],
    },
  });
  assert.equal(fake.calls.filter((c) => c.name === 'request').at(-1).args.contentType, 'application/json');
  assert.equal(fake.fieldValue(4201, TICKET_FIELDS.decision_id), d.decision_id);
  assert.equal(fake.fieldValue(4201, 360009999), 'kept', 'other fields are untouched');
  const comments = fake.notes(4201);
  assert.equal(comments.length, 2, 'the description and the decision');
  assert.equal(comments[1].public, false, 'a private comment: the requester does not see it');
  assert.equal(comments[1].author_id, 381001, 'written as the signed-in agent');
});

test('Support: an answer lost after the update: the retry confirms without a second comment', async () => {
  const { fake, host } = support();
  await host.readLead();
  const version = host.version();
  const d = decision({ lead_id: '4201', outcome: 'rejected', reason_code: 'not_icp' });
  fake.setMode('timeout');
  const first = await host.postDecision(d, version);
  assert.deepEqual([first.ok, first.retryable], [false, true]);
  assert.match(first.message, /No answer from Zendesk Support to the ticket update \(timeout\)/);
  fake.setMode('online');
  // The ticket moved (our own update): the retry must see the decision id, not a conflict.
  assert.deepEqual(await host.postDecision(d, version), { ok: true });
  assert.equal(fake.notes(4201).length, 2, 'one decision comment');
  assert.equal(writes(fake).length, 1);
  assert.equal(fake.fieldValue(4201, TICKET_FIELDS.status), ZENDESK_SUPPORT_STATUS.rejected);

  // Without a decision id field, the comment's marker is what a retry finds.
  const commentsOnly = support({ host: { ticketFields: {} } });
  await commentsOnly.host.readLead();
  const d2 = decision({ lead_id: '4201', decision_id: '0190a5f2-0000-7000-8000-0000000000c2' });
  commentsOnly.fake.setMode('timeout');
  assert.equal((await commentsOnly.host.postDecision(d2, commentsOnly.host.version())).retryable, true);
  commentsOnly.fake.setMode('online');
  assert.deepEqual(await commentsOnly.host.postDecision(d2, commentsOnly.host.version()), { ok: true });
  assert.equal(commentsOnly.fake.notes(4201).filter((c) => c.body.endsWith(MARKER(d2.decision_id))).length, 1);
  assert.equal(writes(commentsOnly.fake)[0].body.ticket.custom_fields, undefined, 'no fields to write');
});

test('Support: offline is retryable and writes nothing', async () => {
  const { fake, host } = support();
  await host.readLead();
  fake.setMode('offline');
  const result = await host.postDecision(decision({ lead_id: '4201' }), host.version());
  assert.deepEqual([result.ok, result.retryable], [false, true]);
  assert.match(result.message, /No answer from Zendesk Support to reading ticket 4201 \(error\)/);
  assert.equal(fake.notes(4201).length, 1);
  await assert.rejects(host.readLead(), /did not give ticket 4201: no answer \(error\)/);
});

test('Support: a ticket edited since it was read is a 409 from safe_update: a conflict, nothing written', async () => {
  const { fake, host } = support();
  await host.readLead();
  const version = host.version();
  fake.edit(4201, { priority: 'high' });
  const result = await host.postDecision(decision({ lead_id: '4201' }), version);
  assert.deepEqual([result.ok, result.conflict, result.retryable], [false, true, false]);
  assert.equal(
    result.message,
    'The ticket changed in Zendesk Support since it was scored (UpdateConflict: Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.); reload it and decide again',
  );
  const [sent] = writes(fake);
  assert.equal(sent.body.ticket.updated_stamp, version, 'Zendesk, not the adapter, found the conflict');
  assert.equal(fake.notes(4201).length, 1, 'no comment');
  assert.equal(fake.fieldValue(4201, TICKET_FIELDS.decision_id), null, 'no fields');
  await host.readLead();
  assert.deepEqual(await host.postDecision(decision({ lead_id: '4201' }), host.version()), { ok: true });
});

test('Support: refusals are not retried and say why: permissions, a closed ticket, a field the account lacks', async () => {
  const { fake, host } = support();
  await host.readLead();
  fake.setMode('error');
  const denied = await host.postDecision(decision({ lead_id: '4201' }), host.version());
  assert.deepEqual([denied.ok, denied.retryable], [false, false]);
  assert.equal(
    denied.message,
    'Zendesk Support refused the ticket update: Forbidden: You do not have access to this page. Please contact the account owner of this help desk for further help. (HTTP 403)',
  );
  fake.setMode('ratelimit');
  const limited = await host.postDecision(decision({ lead_id: '4201' }), host.version());
  assert.deepEqual([limited.ok, limited.retryable], [false, true]);
  assert.match(limited.message, /TooManyRequests: Rate limit exceeded, please wait before retrying \(HTTP 429\)/);
  fake.setMode('online');

  const closed = await host.postDecision(decision({ lead_id: '4203' }));
  assert.deepEqual([closed.ok, closed.retryable], [false, false]);
  assert.match(closed.message, /RecordInvalid: Record validation errors: Status: closed prevents ticket update \(HTTP 422\)/);

  // The ids in ticketFields are not the account's: Zendesk ignores them and answers 200.
  const wrong = support({ host: { ticketFields: { ...TICKET_FIELDS, decision_id: 360001999 } } });
  await wrong.host.readLead();
  const d = decision({ lead_id: '4201' });
  const unstored = await wrong.host.postDecision(d, wrong.host.version());
  assert.deepEqual([unstored.ok, unstored.retryable], [false, false]);
  assert.match(unstored.message, /did not store ticket field 360001999 \(the decision id\)/);
  // Fixed configuration: the comment already there says "applied", and none is added.
  const fixed = zendeskHost({ product: 'support', client: wrong.fake.client, ticketId: 4201, ticketFields: TICKET_FIELDS, store: null });
  assert.deepEqual(await fixed.postDecision(d), { ok: true });
  assert.equal(wrong.fake.notes(4201).length, 2);

  const missing = await host.postDecision(decision({ lead_id: '999' }));
  assert.deepEqual([missing.ok, missing.retryable], [false, false]);
  assert.match(missing.message, /Zendesk Support has no ticket 999/);
  const calls = fake.calls.length;
  assert.match((await host.postDecision({ decision_id: 'x', lead_id: 4201, outcome: 'maybe' })).message, /outcome is "maybe"/);
  assert.equal(fake.calls.length, calls, 'nothing sent for a malformed decision');
});

test('Support: the outbox guarantee: under random faults every decision is applied exactly once', async () => {
  const { fake, host } = support();
  const ids = ['4201', '4202'];
  const decisions = Array.from({ length: 12 }, (_, i) =>
    decision({
      decision_id: `0190a5f2-0000-7000-8000-${String(i).padStart(12, '0')}`,
      lead_id: ids[i % 2],
      outcome: ['accepted', 'rejected', 'recycled'][i % 3],
      reason_code: i % 3 === 0 ? 'good_fit_real_need' : 'no_budget_now',
    }),
  );
  const outcome = await settle(host, decisions, { modes: ['online', 'offline', 'timeout', 'online', 'unavailable'], setMode: (m) => fake.setMode(m), seed: 3 });
  assert.deepEqual(outcome.failed, []);
  assert.equal(outcome.confirmed.length, decisions.length);
  for (const id of ids) {
    const mine = decisions.filter((d) => d.lead_id === id);
    const comments = fake.notes(id).slice(1);
    for (const d of mine) assert.equal(comments.filter((c) => c.body.endsWith(MARKER(d.decision_id))).length, 1, `one comment for ${d.decision_id}`);
    assert.equal(comments.length, mine.length, 'no extra comments');
    assert.equal(fake.fieldValue(id, TICKET_FIELDS.decision_id), mine.at(-1).decision_id);
  }
  assert.ok(outcome.attempts > decisions.length, `faults happened (${outcome.attempts} posts)`);
});

test('Support: onLeadChange re-reads after ticket.updated and ticket.saved', async () => {
  const { fake, host } = support();
  await host.readLead();
  const seen = [];
  const unsubscribe = host.onLeadChange((lead) => seen.push(lead));
  fake.edit(4201, { subject: 'Order-to-cash, urgent' });
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(seen.length, 1);
  assert.match(seen[0].form.message, /^Order-to-cash, urgent\n\n/);
  assert.equal(host.version(), '2026-11-22T09:00:01Z');
  fake.fire('ticket.saved', {});
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(seen.length, 2);
  unsubscribe();
  fake.fire('ticket.saved', {});
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(seen.length, 2);
});

test('Support: connectZendesk takes the sidebar\'s ticket and the signed-in agent', async () => {
  const fake = createZendeskSupportFake({ ...supportData(), openId: 4202 });
  const host = await connectZendesk({ ZAFClient: fake.ZAFClient, ticketFields: TICKET_FIELDS, store: null });
  assert.deepEqual([host.product, host.ticketId, host.reviewer], ['support', '4202', '381001']);
  assert.equal((await host.readLead()).contact.email, 'kim@stateu.edu');
  const other = await connectZendesk({ client: fake.client, reviewer: 'rep-009', store: null });
  assert.equal(other.reviewer, 'rep-009');
});

// ---------------------------------------------------------------------------------------------

test('options are checked, naming what is wrong', async () => {
  const fake = createZendeskSellFake({ leads: sellLeads() });
  const client = fake.client;
  assert.throws(() => zendeskHost(), /expected an options object/);
  assert.throws(() => zendeskHost({ client, leadId: 1 }), /`product` must be "sell" .* or "support"/);
  assert.throws(() => zendeskHost({ product: 'chat', client, leadId: 1 }), /`product` must be/);
  assert.throws(() => zendeskHost({ product: 'sell', client: {}, leadId: 1 }), /`client\.get` is missing: pass `client`/);
  assert.throws(() => zendeskHost({ product: 'sell', client }), /no lead: pass `leadId`/);
  assert.throws(() => zendeskHost({ product: 'sell', client, leadId: 'abc' }), /no lead: pass `leadId`/);
  assert.throws(() => zendeskHost({ product: 'support', client }), /no ticket: pass `ticketId`/);
  assert.throws(() => zendeskHost({ product: 'sell', client, leadId: 1, apiBase: 'http://api.getbase.com' }), /`apiBase` must be an https origin/);
  assert.throws(() => zendeskHost({ product: 'sell', client, leadId: 1, tokenSetting: '{{setting.x}}' }), /`tokenSetting` must be the name of the app's secure setting/);
  assert.throws(() => zendeskHost({ product: 'sell', client, leadId: 1, decisionFields: { verdict: 'X' } }), /`decisionFields\.verdict` is not a decision part/);
  assert.throws(() => zendeskHost({ product: 'sell', client, leadId: 1, decisionFields: { outcome: (x) => x } }), /`decisionFields\.outcome` must be a field name or null/);
  assert.throws(() => zendeskHost({ product: 'sell', client, leadId: 1, fields: { 'company.name': 3 } }), /`fields\.company\.name` must be a field name/);
  assert.throws(() => zendeskHost({ product: 'sell', client, leadId: 1, status: { maybe: 'X' } }), /`status\.maybe` is not an outcome/);
  assert.throws(() => zendeskHost({ product: 'sell', client, leadId: 1, status: { accepted: '' } }), /`status\.accepted` must be a non-empty string/);
  assert.throws(() => zendeskHost({ product: 'support', client, ticketId: 1, ticketFields: { outcome: 'Outcome' } }), /`ticketFields\.outcome` must be a ticket field id \(a positive integer\) or null/);
  assert.throws(() => zendeskHost({ product: 'support', client, ticketId: 1, ticketFields: { verdict: 1 } }), /`ticketFields\.verdict` is not a decision part/);
  assert.throws(() => zendeskHost({ product: 'support', client, ticketId: 1, changeEvents: 'ticket.saved' }), /`changeEvents` must be an array of ZAF event names/);
  assert.throws(() => zendeskHost({ product: 'support', client, ticketId: 1, store: {} }), /`store` must have get/);
  assert.throws(() => zendeskHost({ product: 'support', client, ticketId: 1, reviewer: '' }), /`reviewer` must be a non-empty string/);
  assert.throws(() => zendeskHost({ product: 'sell', client, leadId: 1 }).onLeadChange('x'), /callback must be a function/);
  // No localStorage in Node: no durable store, and the host says so.
  assert.equal(zendeskHost({ product: 'support', client, ticketId: '1' }).capabilities.durableStore, false);
  await assert.rejects(connectZendesk({ ZAFClient: {} }), /`ZAFClient` is missing/);
  await assert.rejects(connectZendesk({ client, product: 'chat' }), /runs in "chat"; the adapter supports Zendesk Sell and Zendesk Support/);
});

test('error envelopes of both APIs become readable messages', () => {
  const jq = (status, body) => ({ status, statusText: 'x', responseText: JSON.stringify(body), responseJSON: body });
  assert.equal(zendeskErrorMessage(jq(422, { error: 'RecordInvalid', description: 'Record validation errors', details: { base: [{ description: 'Requester: is invalid' }] } })), 'RecordInvalid: Record validation errors: Requester: is invalid');
  assert.equal(zendeskErrorMessage(jq(403, { error: { title: 'Forbidden', message: 'You do not have access to this page.' } })), 'Forbidden: You do not have access to this page.');
  assert.equal(zendeskErrorMessage(jq(400, { errors: [{ code: 'InvalidParameter', title: 'Bad value', detail: 'page[size] must be at most 100' }] })), 'InvalidParameter: Bad value: page[size] must be at most 100');
  assert.equal(
    zendeskErrorMessage(jq(422, { errors: [{ error: { code: 'blank', message: "can't be blank", details: 'A value is required.', field: 'content' } }], meta: { type: 'errors', http_status: '422 Unprocessable Entity' } })),
    "blank: can't be blank: A value is required. [content]",
  );
  // Only responseText (no responseJSON), and no answer at all.
  assert.equal(zendeskErrorMessage({ status: 404, statusText: 'Not Found', responseText: '{"error":"RecordNotFound","description":"Not found"}' }), 'RecordNotFound: Not found');
  assert.equal(zendeskErrorMessage({ status: 502, statusText: 'Bad Gateway', responseText: '<html>' }), 'Bad Gateway');
  assert.equal(zendeskErrorMessage({ readyState: 0, status: 0, statusText: 'timeout', responseText: '' }), 'no answer (timeout)');
});
