// `leadlens/hosts/hubspot` as a user gets it (installed from the packed tarball), against the fake of
// HubSpot's CRM API in www/fakes/hubspot.js (HubSpot publishes no mock; the fake follows the v3/v4
// request and answer shapes of HubSpot's API reference). tests/npm/run.sh sets LEADLENS_WWW_DIR.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import {
  fetchRequest,
  hubspotContactToLead,
  hubspotDecisionWriter,
  hubspotHost,
  HUBSPOT_LEAD_STATUS,
} from 'leadlens/hosts/hubspot';
import { score } from 'leadlens';
import { settle, decision } from './hosts-harness.mjs';

const www = process.env.LEADLENS_WWW_DIR ?? path.resolve('www');
const { createHubSpotFake } = await import(pathToFileURL(path.join(www, 'fakes/hubspot.js')).href);

const CUSTOM_PROPERTIES = ['leadlens_decision_id', 'leadlens_outcome', 'leadlens_reason', 'leadlens_fit', 'leadlens_intent', 'leadlens_route', 'leadlens_model_version'];
const DANA = '51';
const KIM = '52';

// Contacts and a company as HubSpot's API returns them: every value a string.
function contacts() {
  return [
    {
      id: DANA,
      properties: {
        createdate: '2026-11-20T10:02:11.000Z',
        firstname: 'Dana',
        lastname: 'Ruiz',
        email: 'dana@acmelogistics.com',
        jobtitle: 'Director of Operations',
        phone: '+1 555 0100',
        company: 'Acme Logistics',
        website: 'https://www.acmelogistics.com',
        industry: '',
        numberofemployees: null,
        country: 'United States',
        hs_analytics_source: 'ORGANIC_SEARCH',
        message: 'Our order-to-cash process is a bottleneck. We need help this quarter.',
        hs_email_optout: 'false',
        associatedcompanyid: '9001',
        hs_lead_status: 'NEW',
        lifecyclestage: 'lead',
      },
    },
    {
      id: KIM,
      properties: { firstname: '', lastname: 'Kim', email: 'kim@stateu.edu', jobtitle: 'Student', hs_email_optout: 'true', hs_lead_status: 'NEW' },
    },
  ];
}
const COMPANIES = [
  {
    id: '9001',
    properties: { name: 'Acme Logistics Inc.', domain: 'acmelogistics.com', industry: 'LOGISTICS_AND_SUPPLY_CHAIN', numberofemployees: '240', annualrevenue: '48000000', country: 'United States' },
  },
];

function setup(options = {}) {
  const fake = createHubSpotFake({ contacts: contacts(), companies: COMPANIES, properties: CUSTOM_PROPERTIES, ...options.fake });
  const host = hubspotHost({ request: fake.request, contactId: DANA, store: null, reviewer: 'rep-001', ...options.host });
  return { fake, host };
}

const NOW = '2026-11-22T12:00:00Z';
const names = (fake) => fake.calls.map((c) => c.name);
const writes = (fake) => names(fake).filter((n) => n === 'crm.objects.notes.basicApi.create' || n === 'crm.contacts.basicApi.update');

test('a contact and its company become a Lead the scorer reads; blanks stay unknown', async () => {
  const { fake, host } = setup();
  const lead = await host.readLead();
  assert.deepEqual(lead, {
    id: DANA,
    created_at: '2026-11-20T10:02:11.000Z',
    company: {
      name: 'Acme Logistics Inc.',
      domain: 'acmelogistics.com',
      industry: 'LOGISTICS_AND_SUPPLY_CHAIN',
      employees: '240',
      annual_revenue: '48000000',
      country: 'United States',
    },
    contact: { name: 'Dana Ruiz', email: 'dana@acmelogistics.com', title: 'Director of Operations', phone: '+1 555 0100' },
    source: { channel: 'ORGANIC_SEARCH' },
    form: { message: 'Our order-to-cash process is a bottleneck. We need help this quarter.' },
  });
  // Exactly the documented reads: the contact with the properties the map needs, then its company.
  assert.deepEqual(
    fake.calls.map((c) => c.args.path),
    [
      '/crm/v3/objects/contacts/51?properties=firstname,lastname,email,jobtitle,phone,company,website,industry,numberofemployees,annualrevenue,country,hs_analytics_source,message,createdate,hs_email_optout,hs_lead_status,leadlens_decision_id,leadlens_outcome,leadlens_reason,leadlens_fit,leadlens_intent,leadlens_route,leadlens_model_version,lastmodifieddate,associatedcompanyid',
      '/crm/v3/objects/companies/9001?properties=name,domain,industry,numberofemployees,annualrevenue,country',
    ],
  );
  assert.match(host.version(), /^hs1:[0-9a-f]{16}$/);
  assert.equal(host.contact().properties.hs_lead_status, 'NEW', 'the contact as read, decision properties included');
  assert.equal(host.contact().properties.leadlens_decision_id, null);
  const result = score(lead, { now: NOW });
  assert.equal(result.lead_id, DANA);
  assert.ok(result.fit.score >= 60, `an ideal buyer fits: ${result.summary}`);
  assert.ok(result.fit.evidence.some((e) => e.code === 'industry.primary'), 'HubSpot\'s industry option value is read');

  // No company: the contact's own fields; hs_email_optout "true" is no email consent.
  const kim = await hubspotHost({ request: fake.request, contactId: KIM, store: null }).readLead();
  assert.deepEqual(kim, {
    id: KIM,
    created_at: '2026-11-22T09:00:00.000Z',
    contact: { name: 'Kim', email: 'kim@stateu.edu', title: 'Student' },
    consent: { email: false },
  });
  assert.ok(score(kim, { now: NOW }).negative.some((n) => n.code === 'student'), 'the student rule reads the mapped title and domain');
});

test('hubspotContactToLead maps the API object or a bare property map (propertiesToSend)', () => {
  const [dana] = contacts();
  const fromObject = hubspotContactToLead(dana, COMPANIES[0]);
  const fromMaps = hubspotContactToLead({ ...dana.properties, hs_object_id: DANA }, COMPANIES[0].properties);
  assert.deepEqual(fromMaps, fromObject);
  assert.equal(fromObject.company.name, 'Acme Logistics Inc.', 'the company record wins over the contact\'s company field');
  assert.equal(hubspotContactToLead(dana).company.name, 'Acme Logistics', '…which is the fallback without a company');
  assert.equal(hubspotContactToLead(dana).company.domain, 'https://www.acmelogistics.com');
  const custom = hubspotContactToLead(dana, null, { fields: { 'contact.title': null, 'source.campaign': 'lifecyclestage', 'company.name': (c, co) => co.name ?? `${c.company} (contact)` } });
  assert.equal(custom.contact.title, undefined);
  assert.equal(custom.source.campaign, 'lead');
  assert.equal(custom.company.name, 'Acme Logistics (contact)');
  assert.throws(() => hubspotContactToLead({ properties: { email: 'x@y.z' } }), /the contact has no id/);
  assert.throws(() => hubspotContactToLead(dana, null, { fields: { 'contact.email': 7 } }), /`fields.contact.email` must be a field name/);
});

test('a decision writes one note and one update with the documented payloads', async () => {
  const { fake, host } = setup();
  await host.readLead();
  const d = decision({ lead_id: DANA });
  fake.calls.length = 0;
  assert.deepEqual(await host.postDecision(d, host.version()), { ok: true });

  assert.deepEqual(names(fake), [
    'crm.contacts.basicApi.getById', // 1. already applied?
    'crm.companies.basicApi.getById', // 2. changed since scored? (the version covers the company)
    'crm.associations.v4.basicApi.getPage', // 3. a note for this decision already there?
    'crm.objects.notes.basicApi.create',
    'crm.contacts.basicApi.update', // 4. the decision, last
  ]);
  assert.equal(fake.calls[2].args.path, '/crm/v4/objects/contacts/51/associations/notes?limit=500');
  const note = fake.calls[3].args;
  assert.equal(note.path, '/crm/v3/objects/notes');
  assert.deepEqual(note.body.associations, [{ to: { id: DANA }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }] }]);
  assert.equal(note.body.properties.hs_timestamp, '2026-11-22T12:05:00.000Z');
  assert.equal(
    note.body.properties.hs_note_body,
    [
      'leadlens: accepted (good_fit_real_need)',
      'Lead accepted by rep-001.',
      'Reason: good_fit_real_need',
      'Note: Called, real project',
      'Score when decided: fit 84, intent 78, route sales_review (model 2026-11-1)',
      'Decided at: 2026-11-22T12:05:00.000Z',
      'leadlens decision 0190a5f2-0000-7000-8000-000000000001',
    ].join('\n'),
  );
  assert.deepEqual(fake.calls[4].args, {
    method: 'PATCH',
    path: '/crm/v3/objects/contacts/51',
    body: {
      properties: {
        hs_lead_status: HUBSPOT_LEAD_STATUS.accepted,
        leadlens_decision_id: d.decision_id,
        leadlens_outcome: 'accepted',
        leadlens_reason: 'good_fit_real_need',
        leadlens_fit: '84',
        leadlens_intent: '78',
        leadlens_route: 'sales_review',
        leadlens_model_version: '2026-11-1',
      },
    },
  });
  const record = fake.record(DANA);
  assert.equal(record.properties.hs_lead_status, 'OPEN');
  assert.equal(record.properties.leadlens_decision_id, d.decision_id);
  assert.equal(fake.notes(DANA).length, 1);

  // An accepted decision without a reason clears leadlens_reason (HubSpot clears with "").
  const second = decision({ lead_id: DANA, decision_id: 'd-2', reason_code: undefined, note: undefined });
  await host.readLead();
  assert.deepEqual(await host.postDecision(second, host.version()), { ok: true });
  assert.equal(fake.calls.at(-1).args.body.properties.leadlens_reason, '');
  assert.equal(fake.record(DANA).properties.leadlens_reason, null);
});

test('the statuses are HubSpot\'s default hs_lead_status options', async () => {
  const { fake, host } = setup({ host: { notes: false } });
  for (const [i, outcome] of ['accepted', 'rejected', 'recycled'].entries()) {
    await host.readLead();
    const d = decision({ lead_id: DANA, decision_id: `d-${i}`, outcome, reason_code: outcome === 'accepted' ? 'good_fit_real_need' : 'no_budget' });
    assert.deepEqual(await host.postDecision(d, host.version()), { ok: true });
    assert.equal(fake.record(DANA).properties.hs_lead_status, { accepted: 'OPEN', rejected: 'UNQUALIFIED', recycled: 'BAD_TIMING' }[outcome]);
  }
  assert.equal(fake.notes(DANA).length, 0, 'notes: false writes none');
  assert.ok(!names(fake).includes('crm.associations.v4.basicApi.getPage'), 'and does not look for them');
});

test('after writing a decision the host re-reads the contact and tells the panel (new version)', async () => {
  const { host } = setup();
  await host.readLead();
  const before = host.version();
  const seen = [];
  const unsubscribe = host.onLeadChange((lead) => seen.push([lead.id, host.version()]));
  assert.deepEqual(await host.postDecision(decision({ lead_id: DANA }), before), { ok: true });
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(seen.length, 1);
  assert.equal(seen[0][0], DANA);
  assert.notEqual(seen[0][1], before, 'the decision properties moved the version');
  unsubscribe();
  assert.deepEqual(await host.postDecision(decision({ lead_id: DANA, decision_id: 'd-2', outcome: 'recycled', reason_code: 'timing' }), host.version()), { ok: true });
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(seen.length, 1, 'unsubscribed');
});

test('an answer lost after the write: the retry confirms without a second note or update', async () => {
  const { fake, host } = setup();
  await host.readLead();
  const version = host.version();
  const d = decision({ lead_id: DANA });
  fake.setMode('timeout');
  const first = await host.postDecision(d, version);
  assert.deepEqual([first.ok, first.retryable], [false, true]);
  assert.match(first.message, /^HubSpot did not answer: This operation was aborted$/);
  // The note went through (its answer lost too), so did nothing else; back online, the retry
  // finds the note by its marker and only updates the contact.
  assert.equal(fake.notes(DANA).length, 1);
  assert.equal(fake.record(DANA).properties.leadlens_decision_id, undefined, 'the update did not happen');
  fake.setMode('online');
  assert.deepEqual(await host.postDecision(d, version), { ok: true });
  assert.equal(fake.notes(DANA).length, 1, 'no second note');
  assert.equal(fake.record(DANA).properties.leadlens_decision_id, d.decision_id);
  // And once more (the panel's answer lost again): the decision id says done, nothing written.
  const before = writes(fake).length;
  assert.deepEqual(await host.postDecision(d, version), { ok: true });
  assert.equal(writes(fake).length, before);
});

test('the note\'s own side effects (activity rollups move lastmodifieddate) are not a conflict on retry', async () => {
  const { fake, host } = setup();
  await host.readLead();
  const version = host.version();
  const modified = fake.record(DANA).properties.lastmodifieddate;
  const d = decision({ lead_id: DANA, outcome: 'rejected', reason_code: 'not_icp' });
  // The note lands, then the update fails on the way (a 502 from a proxy, say).
  const flaky = async (init) => (init.method === 'PATCH' ? { status: 502, body: '<html>Bad Gateway</html>' } : fake.request(init));
  const writer = hubspotDecisionWriter({ request: flaky });
  const failed = await writer.postDecision(d, version);
  assert.deepEqual([failed.ok, failed.retryable], [false, true]);
  assert.equal(failed.message, 'HubSpot failed the update: <html>Bad Gateway</html> (HTTP 502)');
  assert.notEqual(fake.record(DANA).properties.lastmodifieddate, modified, 'logging the note touched the contact');
  assert.equal(fake.record(DANA).properties.num_notes, '1');
  assert.deepEqual(await host.postDecision(d, version), { ok: true });
  assert.equal(fake.notes(DANA).length, 1);
  assert.equal(fake.record(DANA).properties.hs_lead_status, 'UNQUALIFIED');
});

test('offline and rate-limited: retryable, nothing written', async () => {
  const { fake, host } = setup();
  await host.readLead();
  const version = host.version();
  const d = decision({ lead_id: DANA, outcome: 'recycled', reason_code: 'timing' });
  fake.setMode('offline');
  const offline = await host.postDecision(d, version);
  assert.deepEqual(offline, { ok: false, retryable: true, message: 'HubSpot did not answer: fetch failed' });
  fake.setMode('ratelimit');
  const limited = await host.postDecision(d, version);
  assert.deepEqual([limited.ok, limited.retryable, limited.conflict], [false, true, undefined]);
  assert.match(limited.message, /^HubSpot rate-limited the contact read: You have reached your secondly limit\. \[RATE_LIMIT, correlation id [0-9a-f-]+\] \(HTTP 429\)$/);
  assert.equal(fake.notes(DANA).length, 0);
  assert.equal(writes(fake).length, 0);
  fake.setMode('online');
  assert.deepEqual(await host.postDecision(d, version), { ok: true });
  assert.equal(fake.record(DANA).properties.hs_lead_status, 'BAD_TIMING');
});

test('a contact edited since it was scored conflicts, and nothing is written', async () => {
  const { fake, host } = setup();
  await host.readLead();
  const version = host.version();
  fake.edit(DANA, { jobtitle: 'COO' });
  const result = await host.postDecision(decision({ lead_id: DANA }), version);
  assert.deepEqual([result.ok, result.conflict, result.retryable], [false, true, false]);
  assert.equal(result.message, 'The contact changed in HubSpot since it was scored (last modified 2026-11-22T09:00:01.000Z); reload it and decide again');
  assert.equal(fake.notes(DANA).length, 0);
  assert.equal(writes(fake).length, 0);

  // The company is part of what the reviewer saw.
  await host.readLead();
  const afterEdit = host.version();
  const companyEdited = setup();
  await companyEdited.host.readLead();
  const seen = companyEdited.host.version();
  const moved = async (init) => {
    const answer = await companyEdited.fake.request(init);
    if (init.path.startsWith('/crm/v3/objects/companies/')) answer.body.properties.numberofemployees = '12';
    return answer;
  };
  const conflicted = await hubspotDecisionWriter({ request: moved }).postDecision(decision({ lead_id: DANA }), seen);
  assert.equal(conflicted.conflict, true);

  // Someone else's decision (the lead status moved) is a conflict too.
  fake.edit(DANA, { hs_lead_status: 'CONNECTED' });
  assert.equal((await host.postDecision(decision({ lead_id: DANA }), afterEdit)).conflict, true);
  // Re-read: the new version is accepted.
  await host.readLead();
  assert.deepEqual(await host.postDecision(decision({ lead_id: DANA }), host.version()), { ok: true });
});

test('HubSpot\'s own churn (analytics, rollups) is not a conflict; versionOf can make it one', async () => {
  const { fake, host } = setup();
  await host.readLead();
  const version = host.version();
  fake.edit(DANA, { hs_analytics_num_page_views: '14', notes_last_updated: '2026-11-22T09:30:00.000Z' });
  assert.deepEqual(await host.postDecision(decision({ lead_id: DANA }), version), { ok: true });

  const strict = setup({ host: { versionOf: (contact) => contact.updatedAt } });
  await strict.host.readLead();
  assert.equal(strict.host.version(), '2026-11-22T09:00:00.000Z');
  strict.fake.edit(DANA, { hs_analytics_num_page_views: '14' });
  const result = await strict.host.postDecision(decision({ lead_id: DANA }), '2026-11-22T09:00:00.000Z');
  assert.equal(result.conflict, true);
});

test('refusals are not retried and say why: token, scopes, a missing property, a bad option', async () => {
  const fake = createHubSpotFake({ contacts: contacts(), companies: COMPANIES, properties: CUSTOM_PROPERTIES, token: 'pat-na1-good' });
  const d = decision({ lead_id: DANA });

  const badToken = hubspotDecisionWriter({ request: fetchRequest({ token: 'pat-na1-expired', fetch: fake.fetch }) });
  const unauthorized = await badToken.postDecision(d);
  assert.deepEqual([unauthorized.ok, unauthorized.retryable], [false, false]);
  assert.match(unauthorized.message, /^HubSpot refused the contact read: Authentication credentials not found\. .* \[INVALID_AUTHENTICATION, correlation id [0-9a-f-]+\] \(HTTP 401\)$/);

  const writer = hubspotDecisionWriter({ request: fetchRequest({ token: 'pat-na1-good', fetch: fake.fetch }) });
  fake.setMode('error');
  const forbidden = await writer.postDecision(d);
  assert.deepEqual([forbidden.ok, forbidden.retryable], [false, false]);
  assert.match(forbidden.message, /^HubSpot refused the note: This app hasn't been granted all required scopes to make this call\. .* Needs the scope crm\.objects\.contacts\.write\. \[MISSING_SCOPES, correlation id [0-9a-f-]+\] \(HTTP 403\)$/);
  fake.setMode('online');

  // The portal has not created the leadlens properties yet.
  const bare = createHubSpotFake({ contacts: contacts(), companies: COMPANIES });
  const missing = await hubspotDecisionWriter({ request: bare.request }).postDecision(d);
  assert.deepEqual([missing.ok, missing.retryable], [false, false]);
  assert.match(
    missing.message,
    /^HubSpot refused the update: Property values were not valid: Property "leadlens_decision_id" does not exist; Property "leadlens_outcome" does not exist; .*Property "leadlens_model_version" does not exist \[VALIDATION_ERROR, correlation id [0-9a-f-]+\] \(HTTP 400\)$/,
  );
  // …and with those left out, the same portal works (only hs_lead_status and the note).
  const none = { decision_id: null, outcome: null, reason_code: null, fit: null, intent: null, route: null, model_version: null };
  assert.deepEqual(await hubspotDecisionWriter({ request: bare.request, decisionProperties: none }).postDecision(d), { ok: true });
  assert.equal(bare.record(DANA).properties.hs_lead_status, 'OPEN');

  // A portal whose hs_lead_status options were edited: say which value to map.
  const renamed = await hubspotDecisionWriter({ request: fake.request, status: { accepted: 'SALES_ACCEPTED' } }).postDecision(d);
  assert.deepEqual([renamed.ok, renamed.retryable], [false, false]);
  assert.match(renamed.message, /^HubSpot refused the update: Property values were not valid: SALES_ACCEPTED was not one of the allowed options: NEW, OPEN, /);

  const calls = fake.calls.length;
  const junk = await writer.postDecision({ decision_id: 'x', lead_id: DANA, outcome: 'maybe' });
  assert.deepEqual([junk.ok, junk.retryable], [false, false]);
  assert.match(junk.message, /outcome is "maybe"/);
  assert.equal(fake.calls.length, calls, 'nothing sent for a malformed decision');
  const nobody = await writer.postDecision(decision({ lead_id: '999' }));
  assert.deepEqual(nobody, { ok: false, retryable: false, message: 'HubSpot has no contact 999 (or this app cannot see it)' });

  // 409 from HubSpot (a unique-value clash, say) is a conflict, never retried blindly.
  const clash = async (init) =>
    init.method === 'PATCH' ? { status: 409, body: { status: 'error', message: 'Property value already exists', correlationId: 'c-1', category: 'CONFLICT' } } : fake.request(init);
  const conflict = await hubspotDecisionWriter({ request: clash, notes: false }).postDecision(decision({ lead_id: KIM }));
  assert.deepEqual(conflict, { ok: false, retryable: false, conflict: true, message: 'HubSpot refused the update: Property value already exists [CONFLICT, correlation id c-1] (HTTP 409)' });
});

test('notes are found across pages of associations and batches of reads, and in rich text', async () => {
  const { fake, host } = setup({ host: { reviewer: undefined } });
  // 620 earlier notes: two pages of associations (500 + 120), seven batch reads of 100.
  for (let i = 0; i < 620; i += 1) {
    await fake.request({
      method: 'POST',
      path: '/crm/v3/objects/notes',
      body: { properties: { hs_timestamp: '2026-11-01T00:00:00Z', hs_note_body: `call ${i}` }, associations: [{ to: { id: DANA }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }] }] },
    });
  }
  const d = decision({ lead_id: DANA, decision_id: '0190a5f2-0000-7000-8000-00000000abcd' });
  // The decision's note as HubSpot's editor keeps it after someone touched it: markup around the lines.
  await fake.request({
    method: 'POST',
    path: '/crm/v3/objects/notes',
    body: {
      properties: { hs_timestamp: d.decided_at, hs_note_body: `<p>leadlens: accepted</p><p>leadlens decision ${d.decision_id}</p>` },
      associations: [{ to: { id: DANA }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }] }],
    },
  });
  // A decision whose id this one's is a prefix of is not this one's.
  await fake.request({
    method: 'POST',
    path: '/crm/v3/objects/notes',
    body: { properties: { hs_timestamp: d.decided_at, hs_note_body: `leadlens decision ${d.decision_id}-2` }, associations: [{ to: { id: DANA }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }] }] },
  });
  fake.calls.length = 0;
  assert.deepEqual(await host.postDecision(d), { ok: true });
  assert.equal(fake.notes(DANA).length, 622, 'no note added: the rich-text one is this decision\'s');
  assert.deepEqual(
    fake.calls.filter((c) => c.name === 'crm.associations.v4.basicApi.getPage').map((c) => c.args.path),
    ['/crm/v4/objects/contacts/51/associations/notes?limit=500', '/crm/v4/objects/contacts/51/associations/notes?limit=500&after=500'],
  );
  const reads = fake.calls.filter((c) => c.name === 'crm.objects.notes.batchApi.read');
  assert.equal(reads.length, 1, 'newest first: found in the first batch');
  assert.equal(reads[0].args.body.inputs.length, 100);
  assert.deepEqual(reads[0].args.body.properties, ['hs_note_body']);

  const other = decision({ lead_id: DANA, decision_id: '0190a5f2-0000-7000-8000-00000000ffff' });
  fake.calls.length = 0;
  assert.deepEqual(await host.postDecision(other), { ok: true });
  assert.equal(fake.calls.filter((c) => c.name === 'crm.objects.notes.batchApi.read').length, 7, 'every note read once, in batches of 100');
  assert.equal(fake.notes(DANA).length, 623);
});

test('the outbox guarantee: under random faults every decision is applied exactly once', async () => {
  const { fake, host } = setup();
  const ids = [DANA, KIM];
  const decisions = Array.from({ length: 12 }, (_, i) =>
    decision({
      decision_id: `0190a5f2-0000-7000-8000-${String(i).padStart(12, '0')}`,
      lead_id: ids[i % 2],
      outcome: ['accepted', 'rejected', 'recycled'][i % 3],
      reason_code: i % 3 === 0 ? 'good_fit_real_need' : 'no_budget',
    }),
  );
  const outcome = await settle(host, decisions, { modes: ['online', 'offline', 'timeout', 'ratelimit', 'online'], setMode: (m) => fake.setMode(m), seed: 8 });
  assert.deepEqual(outcome.failed, []);
  assert.equal(outcome.confirmed.length, decisions.length);
  for (const id of ids) {
    const mine = decisions.filter((d) => d.lead_id === id);
    const notes = fake.notes(id);
    for (const d of mine) {
      assert.equal(notes.filter((n) => n.properties.hs_note_body.endsWith(`leadlens decision ${d.decision_id}`)).length, 1, `one note for ${d.decision_id}`);
    }
    assert.equal(notes.length, mine.length, 'no extra notes');
    assert.equal(fake.record(id).properties.leadlens_decision_id, mine[mine.length - 1].decision_id, 'the last decision is on the contact');
  }
  assert.ok(outcome.attempts > decisions.length, `faults happened (${outcome.attempts} posts)`);
});

test('fetchRequest: bearer token, JSON both ways, the base URL, and no answer in time', async () => {
  const seen = [];
  const fakeFetch = async (url, init) => {
    seen.push({ url, init });
    return new Response(JSON.stringify({ id: '51', properties: {} }), { status: 200 });
  };
  let refreshed = 0;
  const request = fetchRequest({ token: async () => `oauth-${(refreshed += 1)}`, fetch: fakeFetch, baseUrl: 'https://api.hubapi.com/' });
  assert.deepEqual(await request({ method: 'PATCH', path: '/crm/v3/objects/contacts/51', body: { properties: { leadlens_fit: '84' } } }), { status: 200, body: { id: '51', properties: {} } });
  assert.equal(seen[0].url, 'https://api.hubapi.com/crm/v3/objects/contacts/51');
  assert.equal(seen[0].init.method, 'PATCH');
  assert.deepEqual(seen[0].init.headers, { Authorization: 'Bearer oauth-1', Accept: 'application/json', 'Content-Type': 'application/json' });
  assert.equal(seen[0].init.body, '{"properties":{"leadlens_fit":"84"}}');
  await request({ method: 'GET', path: '/crm/v3/objects/contacts/51' });
  assert.equal(seen[1].init.body, undefined);
  assert.equal(seen[1].init.headers.Authorization, 'Bearer oauth-2', 'the token function is asked on every call');

  const empty = fetchRequest({ token: 't', fetch: async () => new Response(null, { status: 204 }) });
  assert.deepEqual(await empty({ method: 'GET', path: '/x' }), { status: 204, body: null });

  // A call that never answers is aborted; the host reports it as retryable.
  const hanging = (url, init) => new Promise((_, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason)));
  const writer = hubspotDecisionWriter({ request: fetchRequest({ token: 't', fetch: hanging, timeoutMs: 20 }) });
  assert.deepEqual(await writer.postDecision(decision({ lead_id: DANA })), { ok: false, retryable: true, message: 'HubSpot did not answer: no answer within 20 ms' });
});

test('options are checked, naming what is wrong', () => {
  const fake = createHubSpotFake({ contacts: contacts() });
  assert.throws(() => hubspotHost({ contactId: DANA }), /hubspotHost: `request` must be a function .*fetchRequest\(\{ token \}\)/);
  assert.throws(() => hubspotHost({ request: fake.request }), /`contactId` must be the contact's record id/);
  assert.throws(() => hubspotHost({ request: fake.request, contactId: 'abc' }), /`contactId` must be/);
  assert.throws(() => hubspotHost({ request: fake.request, contactId: DANA, store: {} }), /`store` must have get/);
  assert.throws(() => hubspotHost({ request: fake.request, contactId: DANA, reviewer: '' }), /`reviewer` must be a non-empty string/);
  assert.throws(() => hubspotHost({ request: fake.request, contactId: DANA, notes: 'yes' }), /`notes` must be true or false/);
  assert.throws(() => hubspotHost({ request: fake.request, contactId: DANA, status: { accepted: '' } }), /`status.accepted` must be an hs_lead_status value/);
  assert.throws(() => hubspotHost({ request: fake.request, contactId: DANA, versionOf: 'updatedAt' }), /`versionOf` must be a function/);
  assert.throws(() => hubspotHost({ request: fake.request, contactId: DANA, properties: 'jobtitle' }), /`properties` must be an array of property names/);
  assert.throws(() => hubspotHost({ request: fake.request, contactId: DANA, decisionProperties: { outcome: 5 } }), /`decisionProperties.outcome` must be a field name/);
  assert.throws(() => hubspotDecisionWriter({}), /hubspotDecisionWriter: `request` must be a function/);
  assert.throws(() => fetchRequest({}), /fetchRequest: `token` must be a private app access token/);
  assert.throws(() => fetchRequest({ token: 't', fetch: 'no' }), /`fetch` must be a function/);
  assert.throws(() => fetchRequest({ token: 't', baseUrl: 'api.hubapi.com' }), /`baseUrl` must be an http\(s\) URL/);
  assert.throws(() => fetchRequest({ token: 't', timeoutMs: -1 }), /`timeoutMs` must be a number/);
  // No localStorage in Node: no durable store, and the host says so.
  assert.deepEqual(hubspotHost({ request: fake.request, contactId: 51 }).capabilities, { write: true, durableStore: false });
});
