// `leadlens/hosts/pipedrive` (and its backend half, `leadlens/hosts/pipedrive-proxy`) as a user
// gets them (installed from the packed tarball), against the fake of Pipedrive in
// www/fakes/pipedrive.js: the app extensions SDK and the REST API (v1 leads and notes, v2 deals,
// persons, organizations) with their documented envelopes. Pipedrive publishes no mock.
// tests/npm/run.sh sets LEADLENS_WWW_DIR.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { pipedriveHost, backendRequest, connectPipedrive, noteText, PIPEDRIVE_STATUS } from 'leadlens/hosts/pipedrive';
import { createPipedriveProxy } from 'leadlens/hosts/pipedrive-proxy';
import { score } from 'leadlens';
import { settle, decision } from './hosts-harness.mjs';

const www = process.env.LEADLENS_WWW_DIR ?? path.resolve('www');
const { createPipedriveFake, PIPEDRIVE_MODES } = await import(pathToFileURL(path.join(www, 'fakes/pipedrive.js')).href);

// Custom field API keys: 40-character hashes, random per Pipedrive account. Leads share deal fields.
const DEAL_FIELDS = {
  decision_id: 'a3f1c0de5b7e4c2a9d8f6e1b0c4d2a7e9f3b5c81',
  outcome: 'b7e2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7',
  reason_code: 'c1d3e5f7a9b2c4d6e8f0a2b4c6d8e0f1a3b5c7d9',
  fit: 'd4e6f8a0b2c4d6e8f0a1b3c5d7e9f1a2b4c6d8e0',
  intent: 'e5f7a9b1c3d5e7f9a0b2c4d6e8f0a1b3c5d7e9f2',
  route: 'f6a8b0c2d4e6f8a0b1c3d5e7f9a1b2c4d6e8f0a3',
  model_version: '0a2c4e6f8b1d3f5a7c9e0b2d4f6a8c1e3b5d7f94',
};
const DEAL_MESSAGE = '1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c6e8b05'; // "Form message", a large text deal field
const PERSON_FIELDS = { decision_id: '2c4e6a8b0d1f3a5c7e9b2d4f6a8c0e1b3d5f7a96', outcome: '3d5f7b9c1e2a4b6d8f0c3e5a7b9d1f2c4e6a8b07' };
const ORG = {
  employees: '4e6a8c0d2f3b5c7e9a1d4f6b8c0e2a3c5e7b9d18',
  industry: '5f7b9d1e3a4c6d8f0b2e5a7c9d1f3b4d6f8c0e29',
  website: '6a8c0e2f4b5d7e9a1c3f6b8d0e2a4c5e7a9d1f3a',
  revenue: '7b9d1f3a5c6e8f0b2d4a7c9e1f3b5d6f8b0e2a4b',
};
const LEAD_ID = 'adf21080-0e10-11eb-879b-05d71fb426ec';
const STUDENT_LEAD = 'b5e3c2a1-4d6f-11ef-9a8b-3c4d5e6f7a8b';

// Records as Pipedrive's API returns them (v1 lead: custom fields at the top level; v2 deal,
// person, organization: custom fields under `custom_fields`).
function fixtures() {
  return {
    organizations: [
      {
        id: 501,
        name: 'Acme Logistics',
        owner_id: 12345678,
        visible_to: 3,
        label_ids: [],
        address: { value: '100 Summer St, Boston, MA 02110, USA', country: 'United States', locality: 'Boston', admin_area_level_1: 'Massachusetts', postal_code: '02110' },
        custom_fields: { [ORG.employees]: 240, [ORG.industry]: 'Logistics', [ORG.website]: 'acmelogistics.com', [ORG.revenue]: { value: 48000000, currency: 'USD' } },
      },
    ],
    persons: [
      {
        id: 301,
        name: 'Dana Ruiz',
        first_name: 'Dana',
        last_name: 'Ruiz',
        owner_id: 12345678,
        org_id: 501,
        emails: [
          { value: 'dana.ruiz@gmail.com', primary: false, label: 'home' },
          { value: 'dana@acmelogistics.com', primary: true, label: 'work' },
        ],
        phones: [{ value: '+1 555 0100', primary: true, label: 'work' }],
        job_title: 'Director of Operations',
        is_deleted: false,
        visible_to: 3,
        label_ids: [],
        custom_fields: {},
      },
      {
        id: 302,
        name: 'Kim',
        first_name: 'Kim',
        last_name: null,
        org_id: null,
        emails: [{ value: 'kim@stateu.edu', primary: true, label: 'work' }],
        phones: [{ value: '', primary: true, label: 'work' }],
        job_title: 'Student',
        marketing_status: 'unsubscribed',
        custom_fields: {},
      },
    ],
    leads: [
      {
        id: LEAD_ID,
        title: 'Acme Logistics lead',
        owner_id: 12345678,
        creator_id: 12345678,
        label_ids: ['f08b42a0-4e75-11ea-9643-03698ef1cfd6'],
        person_id: 301,
        organization_id: 501,
        source_name: 'Web forms',
        origin: 'WebForms',
        origin_id: null,
        channel: null,
        channel_id: null,
        is_archived: false,
        was_seen: true,
        value: { amount: 24000, currency: 'USD' },
        expected_close_date: null,
        next_activity_id: null,
        add_time: '2026-11-20T10:02:11.000Z',
        visible_to: '3',
        cc_email: 'acme+lead1@pipedrivemail.com',
        [DEAL_MESSAGE]: 'Our order-to-cash process is a bottleneck. We need help this quarter.',
      },
      { id: STUDENT_LEAD, title: 'Kim lead', owner_id: 12345678, creator_id: 12345678, label_ids: [], person_id: 302, organization_id: null, source_name: 'Manually created', is_archived: false, value: null },
    ],
    deals: [{ id: 9001, title: 'Acme Logistics deal', owner_id: 12345678, person_id: 301, org_id: 501, value: 24000, currency: 'USD', status: 'open', label_ids: [4], custom_fields: {} }],
  };
}

// A mapping an installer writes once: the organization's custom fields and the lead's message.
const FIELDS = {
  'company.employees': `organization.custom_fields.${ORG.employees}`,
  'company.industry': `organization.custom_fields.${ORG.industry}`,
  'company.domain': `organization.custom_fields.${ORG.website}`,
  'company.annual_revenue': `organization.custom_fields.${ORG.revenue}`,
  'form.message': `lead.${DEAL_MESSAGE}`,
};

function setup(options = {}) {
  const fake = createPipedriveFake({ ...fixtures(), fields: { deal: [...Object.values(DEAL_FIELDS), DEAL_MESSAGE], person: Object.values(PERSON_FIELDS) }, open: { resource: 'lead', id: LEAD_ID }, ...options.fake });
  const host = pipedriveHost({ request: fake.request, sdk: fake.sdk, url: fake.url, fields: FIELDS, decisionFields: DEAL_FIELDS, store: null, ...options.host });
  return { fake, host };
}

const apiCalls = (fake, name) => fake.calls.filter((c) => (name instanceof RegExp ? name.test(c.name) : c.name === name));
const writes = (fake) => fake.calls.filter((c) => /^(POST|PATCH) /.test(c.name)).map((c) => c.name);
const NOW = '2026-11-22T12:00:00Z';
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

test('a Pipedrive lead (with its person and organization) becomes a Lead the scorer reads; blanks stay unknown', async () => {
  const { fake, host } = setup();
  assert.deepEqual([host.resource, host.recordId, host.reviewer], ['lead', LEAD_ID, '12345678'], 'from the iframe URL');
  const lead = await host.readLead();
  assert.deepEqual(lead, {
    id: LEAD_ID,
    created_at: '2026-11-20T10:02:11.000Z',
    company: { name: 'Acme Logistics', country: 'United States', employees: 240, industry: 'Logistics', domain: 'acmelogistics.com', annual_revenue: 48000000 },
    contact: { name: 'Dana Ruiz', email: 'dana@acmelogistics.com', phone: '+1 555 0100', title: 'Director of Operations' },
    source: { channel: 'Web forms' },
    form: { message: 'Our order-to-cash process is a bottleneck. We need help this quarter.' },
  });
  assert.equal(host.version(), '2026-11-22T09:00:00.000Z', 'version: the lead\'s update_time');
  assert.deepEqual(
    fake.calls.filter((c) => !c.name.startsWith('sdk.')).map((c) => c.name),
    [`GET /api/v1/leads/${LEAD_ID}`, 'GET /api/v2/persons/301', 'GET /api/v2/organizations/501'],
  );
  const result = score(lead, { now: NOW });
  assert.equal(result.lead_id, LEAD_ID);
  assert.ok(result.fit.score >= 60, `an ideal buyer fits: ${result.summary}`);

  // No organization, an unsubscribed person, an empty phone: unknown, and `consent.email` false.
  const student = pipedriveHost({ request: fake.request, resource: 'lead', recordId: STUDENT_LEAD, decisionFields: DEAL_FIELDS, store: null });
  const kim = await student.readLead();
  assert.deepEqual(kim, {
    id: STUDENT_LEAD,
    created_at: '2026-11-22T09:00:00.000Z',
    contact: { name: 'Kim', email: 'kim@stateu.edu', title: 'Student' },
    source: { channel: 'Manually created' },
    consent: { email: false },
  });
  assert.ok(score(kim, { now: NOW }).negative.some((n) => n.code === 'student'), 'the student rule reads the mapped title and domain');
});

test('a deal panel and a person panel read the same person and organization (API v2)', async () => {
  const fake = createPipedriveFake({ ...fixtures(), open: { resource: 'deal', id: 9001 } });
  const { organization, ...fields } = { ...FIELDS, 'form.message': null, organization: null };
  const deal = pipedriveHost({ request: fake.request, url: fake.url, fields, decisionFields: DEAL_FIELDS, store: null });
  assert.deepEqual([deal.resource, deal.recordId], ['deal', '9001']);
  const fromDeal = await deal.readLead();
  assert.equal(fromDeal.id, '9001');
  assert.equal(fromDeal.company.employees, 240);
  assert.equal(fromDeal.contact.email, 'dana@acmelogistics.com');
  assert.equal(fromDeal.source, undefined, 'deals have no source_name');
  assert.equal(deal.version(), '2026-11-22T09:00:00Z');

  const person = pipedriveHost({ request: fake.request, url: 'https://app.example/panel?resource=person&selectedIds=301&userId=7', fields, decisionFields: PERSON_FIELDS, store: null });
  const fromPerson = await person.readLead();
  assert.equal(fromPerson.id, '301');
  assert.deepEqual(fromPerson.contact, { name: 'Dana Ruiz', email: 'dana@acmelogistics.com', phone: '+1 555 0100', title: 'Director of Operations' });
  assert.equal(fromPerson.company.name, 'Acme Logistics', "the person's organization");
  assert.equal(person.reviewer, '7');
  assert.equal(apiCalls(fake, 'GET /api/v2/persons/301').length, 2, 'the person panel read the person once, not twice');
});

test('a decision on a lead writes one note and one PATCH with the documented payloads', async () => {
  const { fake, host } = setup({ host: { labels: { accepted: 'aa11bb22-0000-4000-8000-000000000001', rejected: 'aa11bb22-0000-4000-8000-000000000002' } } });
  await host.readLead();
  const d = decision({ lead_id: LEAD_ID, note: 'Called, real <project> & budget' });
  assert.deepEqual(await host.postDecision(d, host.version()), { ok: true });

  const [patch] = apiCalls(fake, `PATCH /api/v1/leads/${LEAD_ID}`);
  assert.deepEqual(patch.args.body, {
    [DEAL_FIELDS.decision_id]: d.decision_id,
    [DEAL_FIELDS.outcome]: 'accepted',
    [DEAL_FIELDS.reason_code]: 'good_fit_real_need',
    [DEAL_FIELDS.fit]: 84,
    [DEAL_FIELDS.intent]: 78,
    [DEAL_FIELDS.route]: 'sales_review',
    [DEAL_FIELDS.model_version]: '2026-11-1',
    // The lead's other label is kept; the accepted label is added.
    label_ids: ['f08b42a0-4e75-11ea-9643-03698ef1cfd6', 'aa11bb22-0000-4000-8000-000000000001'],
  });
  const [post] = apiCalls(fake, 'POST /api/v1/notes');
  assert.equal(post.args.body.lead_id, LEAD_ID);
  assert.equal(
    post.args.body.content,
    'leadlens: accepted (good_fit_real_need)<br>Lead accepted by rep-001.<br>Reason: good_fit_real_need<br>Note: Called, real &lt;project&gt; &amp; budget<br>' +
      'Score when decided: fit 84, intent 78, route sales_review (model 2026-11-1)<br>Decided at: 2026-11-22T12:05:00.000Z<br>leadlens decision 0190a5f2-0000-7000-8000-000000000001',
    'escaped text lines; the only markup is <br>',
  );
  assert.match(noteText(fake.notes(LEAD_ID)[0].content), /\nNote: Called, real <project> & budget\n/, 'and it reads back as the text');
  const record = fake.record(LEAD_ID);
  assert.equal(record[DEAL_FIELDS.decision_id], d.decision_id);
  assert.equal(record[DEAL_FIELDS.fit], 84);
  // The note is written before the update: the decision id on the record means "done".
  assert.deepEqual(writes(fake), ['POST /api/v1/notes', `PATCH /api/v1/leads/${LEAD_ID}`]);
  await tick();
  assert.deepEqual(fake.snackbars(), [{ message: 'leadlens: lead accepted, saved to Pipedrive' }]);

  // The next decision replaces the accepted label with the rejected one.
  const r = decision({ lead_id: LEAD_ID, decision_id: 'd-2', outcome: 'rejected', reason_code: 'no_budget_now' });
  await host.readLead();
  assert.deepEqual(await host.postDecision(r, host.version()), { ok: true });
  assert.deepEqual(fake.record(LEAD_ID).label_ids, ['f08b42a0-4e75-11ea-9643-03698ef1cfd6', 'aa11bb22-0000-4000-8000-000000000002']);
});

test('a decision on a deal or a person: API v2 PATCH with custom_fields, a note with deal_id/person_id', async () => {
  const fake = createPipedriveFake({ ...fixtures(), fields: { deal: Object.values(DEAL_FIELDS), person: Object.values(PERSON_FIELDS) }, open: { resource: 'deal', id: 9001 } });
  const deal = pipedriveHost({ request: fake.request, sdk: fake.sdk, url: fake.url, decisionFields: { ...DEAL_FIELDS, status: DEAL_FIELDS.route, route: null }, status: { accepted: 17 }, labels: { accepted: 7, recycled: 8 }, store: null });
  await deal.readLead();
  const d = decision({ lead_id: '9001', note: undefined });
  assert.deepEqual(await deal.postDecision(d, deal.version()), { ok: true });
  assert.deepEqual(apiCalls(fake, 'PATCH /api/v2/deals/9001')[0].args.body, {
    custom_fields: {
      [DEAL_FIELDS.route]: 17, // `status` mapped to a single-option field: its option id
      [DEAL_FIELDS.decision_id]: d.decision_id,
      [DEAL_FIELDS.outcome]: 'accepted',
      [DEAL_FIELDS.reason_code]: 'good_fit_real_need',
      [DEAL_FIELDS.fit]: 84,
      [DEAL_FIELDS.intent]: 78,
      [DEAL_FIELDS.model_version]: '2026-11-1',
    },
    label_ids: [4, 7],
  });
  assert.equal(apiCalls(fake, 'POST /api/v1/notes')[0].args.body.deal_id, 9001, 'a number for deals');
  assert.equal(fake.notes(9001, 'deal').length, 1);
  assert.equal(fake.record(9001, 'deal').custom_fields[DEAL_FIELDS.decision_id], d.decision_id);

  const person = pipedriveHost({ request: fake.request, resource: 'person', recordId: 301, decisionFields: PERSON_FIELDS, store: null });
  await person.readLead();
  const p = decision({ lead_id: '301', decision_id: 'p-1', outcome: 'recycled', reason_code: 'no_budget_now' });
  assert.deepEqual(await person.postDecision(p, person.version()), { ok: true });
  assert.deepEqual(apiCalls(fake, 'PATCH /api/v2/persons/301')[0].args.body, { custom_fields: { [PERSON_FIELDS.decision_id]: 'p-1', [PERSON_FIELDS.outcome]: 'recycled' } });
  assert.equal(apiCalls(fake, 'POST /api/v1/notes')[1].args.body.person_id, 301);
  assert.equal(fake.snackbars().length, 1, 'the person host has no sdk: no snackbar');
});

test('after writing, and when the panel is shown again after an edit, the host tells the panel', async () => {
  const { fake, host } = setup();
  await host.readLead();
  const before = host.version();
  const seen = [];
  const unsubscribe = host.onLeadChange((lead) => seen.push([lead.contact.title, host.version()]));
  assert.deepEqual(await host.postDecision(decision({ lead_id: LEAD_ID }), before), { ok: true });
  await tick();
  assert.equal(seen.length, 1);
  assert.notEqual(seen[0][1], before, 'the version moved with the write');

  fake.setVisible(true); // shown again, nothing changed: no call to the panel
  await tick();
  assert.equal(seen.length, 1);
  fake.edit(LEAD_ID, { title: 'Acme Logistics (renamed)' });
  fake.setVisible(false);
  fake.setVisible(true);
  await tick();
  assert.equal(seen.length, 2, 'the lead changed while the panel was hidden');
  assert.equal(seen[1][1], fake.record(LEAD_ID).update_time);

  unsubscribe();
  fake.edit(LEAD_ID, { title: 'Again' });
  fake.setVisible(true);
  await tick();
  assert.equal(seen.length, 2, 'unsubscribed');
});

test('an answer lost after the write: the retry confirms without a second note or update', async () => {
  const { fake, host } = setup();
  await host.readLead();
  const version = host.version();
  const d = decision({ lead_id: LEAD_ID });
  fake.setMode('timeout');
  const first = await host.postDecision(d, version);
  assert.deepEqual([first.ok, first.retryable], [false, true]);
  assert.match(first.message, /^Pipedrive did not answer: Failed to fetch$/);
  // The note was added and the answer lost, so the update was never sent; back online the
  // retry finds the note, sends the update, and confirms.
  fake.setMode('online');
  assert.deepEqual(await host.postDecision(d, version), { ok: true });
  assert.equal(fake.notes(LEAD_ID).length, 1);
  assert.equal(apiCalls(fake, `PATCH /api/v1/leads/${LEAD_ID}`).length, 1, 'the update was sent once, by the retry');

  // Now the update itself is applied and its answer lost: the retry reads the decision id and
  // confirms without writing anything (and without a false conflict on the moved update_time).
  const d2 = decision({ lead_id: LEAD_ID, decision_id: 'd-2', outcome: 'rejected', reason_code: 'no_budget_now' });
  await host.readLead();
  const v2 = host.version();
  const original = fake.request;
  let lose = true;
  const lossy = async (call) => {
    const answer = await original(call);
    if (call.method === 'PATCH' && lose) {
      lose = false;
      throw new TypeError('Failed to fetch');
    }
    return answer;
  };
  const lossyHost = pipedriveHost({ request: lossy, url: fake.url, fields: FIELDS, decisionFields: DEAL_FIELDS, store: null });
  assert.equal((await lossyHost.postDecision(d2, v2)).retryable, true);
  const before = writes(fake).length;
  assert.deepEqual(await lossyHost.postDecision(d2, v2), { ok: true });
  assert.equal(writes(fake).length, before, 'nothing written again');
  assert.equal(fake.notes(LEAD_ID).length, 2, 'one note per decision');
});

test('offline and throttled: retryable, nothing written', async () => {
  const { fake, host } = setup();
  await host.readLead();
  const d = decision({ lead_id: LEAD_ID, outcome: 'recycled', reason_code: 'no_budget_now' });
  fake.setMode('offline');
  const offline = await host.postDecision(d, host.version());
  assert.deepEqual([offline.ok, offline.retryable, offline.conflict], [false, true, undefined]);
  fake.setMode('throttled');
  const throttled = await host.postDecision(d, host.version());
  assert.deepEqual([throttled.ok, throttled.retryable], [false, true]);
  assert.equal(throttled.message, 'Pipedrive refused reading the lead: Request over limit (HTTP 429)');
  assert.equal(fake.notes(LEAD_ID).length, 0);
  assert.deepEqual(writes(fake), []);
  fake.setMode('online');
  assert.deepEqual(await host.postDecision(d, host.version()), { ok: true });
  assert.equal(fake.record(LEAD_ID)[DEAL_FIELDS.outcome], 'recycled');
});

test('a record edited since it was read conflicts, and nothing is written', async () => {
  const { fake, host } = setup();
  await host.readLead();
  const version = host.version();
  fake.edit(LEAD_ID, { title: 'Acme Logistics — expansion' });
  const result = await host.postDecision(decision({ lead_id: LEAD_ID }), version);
  assert.deepEqual([result.ok, result.conflict, result.retryable], [false, true, false]);
  assert.equal(result.message, 'The lead changed in Pipedrive since it was scored (updated 2026-11-22T09:00:01.000Z); reload it and decide again');
  assert.deepEqual(writes(fake), []);
  await host.readLead();
  assert.deepEqual(await host.postDecision(decision({ lead_id: LEAD_ID }), host.version()), { ok: true });
});

test('refusals are not retried and say why: 401, 403, 404, 400 (a missing custom field), a bad decision', async () => {
  const { fake, host } = setup();
  await host.readLead();
  fake.setMode('error');
  const denied = await host.postDecision(decision({ lead_id: LEAD_ID }), host.version());
  assert.deepEqual([denied.ok, denied.retryable], [false, false]);
  assert.equal(denied.message, 'Pipedrive refused the note: You do not have permissions to edit this item (HTTP 403)');
  fake.setMode('online');

  const unauthorized = pipedriveHost({
    request: async () => ({ status: 401, body: { success: false, error: 'unauthorized access', errorCode: 401, error_info: 'Please check developers.pipedrive.com for more information about Pipedrive API.' } }),
    url: fake.url,
    decisionFields: DEAL_FIELDS,
    store: null,
  });
  const r401 = await unauthorized.postDecision(decision({ lead_id: LEAD_ID }));
  assert.deepEqual([r401.ok, r401.retryable, r401.message], [false, false, 'Pipedrive refused reading the lead: unauthorized access (HTTP 401)']);
  await assert.rejects(unauthorized.readLead(), /unauthorized access \(HTTP 401\)/);

  const missing = await host.postDecision(decision({ lead_id: 'c0ffee00-0000-4000-8000-000000000000' }));
  assert.deepEqual([missing.ok, missing.retryable], [false, false]);
  assert.equal(missing.message, 'Pipedrive has no lead c0ffee00-0000-4000-8000-000000000000 (or this user cannot see it)');
  await assert.rejects(pipedriveHost({ request: fake.request, resource: 'deal', recordId: 4040, decisionFields: DEAL_FIELDS, store: null }).readLead(), /Pipedrive has no deal 4040/);

  // The account has not created the LeadLens fields yet (the keys were copied from another account).
  const bare = setup({ fake: { fields: { deal: [] } } });
  await bare.host.readLead();
  const invalid = await bare.host.postDecision(decision({ lead_id: LEAD_ID }), bare.host.version());
  assert.deepEqual([invalid.ok, invalid.retryable], [false, false]);
  assert.equal(invalid.message, `Pipedrive refused the lead update: Validation failed: Parameter '${DEAL_FIELDS.decision_id}' is not allowed for this request (HTTP 400)`);

  const calls = fake.calls.length;
  const junk = await host.postDecision({ decision_id: 'x', lead_id: LEAD_ID, outcome: 'maybe' });
  assert.deepEqual([junk.ok, junk.retryable], [false, false]);
  assert.match(junk.message, /outcome is "maybe"/);
  const notADeal = await pipedriveHost({ request: fake.request, resource: 'deal', recordId: 9001, decisionFields: DEAL_FIELDS, store: null }).postDecision(decision({ lead_id: LEAD_ID }));
  assert.equal(notADeal.message, `Not posted: "${LEAD_ID}" is not a Pipedrive deal id`);
  assert.equal(fake.calls.length, calls, 'nothing sent for a malformed decision');
});

test('the outbox guarantee: under random faults every decision is applied exactly once', async () => {
  const { fake, host } = setup();
  const ids = [LEAD_ID, STUDENT_LEAD];
  const decisions = Array.from({ length: 12 }, (_, i) =>
    decision({
      decision_id: `0190a5f2-0000-7000-8000-${String(i).padStart(12, '0')}`,
      lead_id: ids[i % 2],
      outcome: ['accepted', 'rejected', 'recycled'][i % 3],
      reason_code: i % 3 === 0 ? 'good_fit_real_need' : 'no_budget_now',
    }),
  );
  const outcome = await settle(host, decisions, { modes: ['online', 'offline', 'timeout', 'throttled', 'online'], setMode: (m) => fake.setMode(m), seed: 11 });
  assert.deepEqual(outcome.failed, []);
  assert.equal(outcome.confirmed.length, decisions.length);
  for (const id of ids) {
    const mine = decisions.filter((d) => d.lead_id === id);
    const notes = fake.notes(id).map((n) => noteText(n.content));
    for (const d of mine) {
      assert.equal(notes.filter((n) => n.endsWith(`leadlens decision ${d.decision_id}`)).length, 1, `one note for ${d.decision_id}`);
    }
    assert.equal(notes.length, mine.length, 'no extra notes');
    assert.equal(fake.record(id)[DEAL_FIELDS.decision_id], mine[mine.length - 1].decision_id, 'the last decision is on the record');
  }
  assert.ok(outcome.attempts > decisions.length, `faults happened (${outcome.attempts} posts)`);
});

test('notes are searched page by page for the decision marker', async () => {
  const { fake, host } = setup();
  const d = decision({ lead_id: LEAD_ID });
  // 150 other notes after the decision's note, then the update is lost: the retry must page.
  const original = fake.request;
  let fail = true;
  const flaky = pipedriveHost({
    request: async (call) => {
      if (call.method === 'PATCH' && fail) {
        fail = false;
        throw new TypeError('Failed to fetch');
      }
      return original(call);
    },
    url: fake.url,
    decisionFields: DEAL_FIELDS,
    store: null,
  });
  assert.equal((await flaky.postDecision(d)).retryable, true);
  for (let i = 0; i < 150; i += 1) await fake.request({ method: 'POST', path: '/api/v1/notes', body: { content: `call log ${i}`, lead_id: LEAD_ID } });
  assert.deepEqual(await host.postDecision(d), { ok: true });
  const pages = apiCalls(fake, 'GET /api/v1/notes').slice(-2).map((c) => c.args.query);
  assert.deepEqual(pages, [
    { lead_id: LEAD_ID, sort: 'add_time DESC', start: 0, limit: 100 },
    { lead_id: LEAD_ID, sort: 'add_time DESC', start: 100, limit: 100 },
  ]);
  assert.equal(fake.notes(LEAD_ID).filter((n) => noteText(n.content).endsWith(`leadlens decision ${d.decision_id}`)).length, 1);
});

// The production path: the panel's backendRequest → the app's backend (createPipedriveProxy) →
// Pipedrive's HTTP API with the company's OAuth token.
function backend(fake, proxyOptions = {}) {
  const proxy = createPipedriveProxy({
    verify: (token) => fake.verifyToken(token),
    credentials: () => ({ accessToken: fake.accessToken, apiDomain: fake.apiDomain }),
    fetch: fake.fetch,
    ...proxyOptions,
  });
  const seen = [];
  // The app's server: `POST /leadlens/pipedrive` with a JSON body, answered with JSON.
  const appFetch = async (url, init) => {
    assert.equal(url, 'https://leadlens-app.example/leadlens/pipedrive');
    assert.equal(init.method, 'POST');
    const authorization = new Headers(init.headers).get('Authorization');
    seen.push({ authorization, body: JSON.parse(init.body) });
    const answer = await proxy({ authorization, body: JSON.parse(init.body) });
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'Content-Type': 'application/json' } });
  };
  return { proxy, appFetch, seen };
}

test('through the backend: signed token in, OAuth token out, the same writes', async () => {
  const fake = createPipedriveFake({ ...fixtures(), fields: { deal: [...Object.values(DEAL_FIELDS), DEAL_MESSAGE] }, open: { resource: 'lead', id: LEAD_ID } });
  const { appFetch, seen } = backend(fake, { writableFields: Object.values(DEAL_FIELDS) });
  const request = backendRequest('https://leadlens-app.example/leadlens/pipedrive', { sdk: fake.sdk, fetch: appFetch });
  const host = pipedriveHost({ request, sdk: fake.sdk, url: fake.url, fields: FIELDS, decisionFields: DEAL_FIELDS, store: null });
  const lead = await host.readLead();
  assert.equal(lead.company.employees, 240);
  assert.deepEqual(seen[0].body, { method: 'GET', path: `/api/v1/leads/${LEAD_ID}` });
  assert.match(seen[0].authorization, /^Bearer [\w-]+\.[\w-]+\.fake-signature-1$/);
  assert.deepEqual(await host.postDecision(decision({ lead_id: LEAD_ID }), host.version()), { ok: true });
  assert.equal(fake.record(LEAD_ID)[DEAL_FIELDS.outcome], 'accepted');
  assert.equal(fake.notes(LEAD_ID).length, 1);
  const tokens = apiCalls(fake, 'sdk.execute').filter((c) => c.args.command === 'get_signed_token');
  assert.equal(tokens.length, 1, `one signed token for ${seen.length} calls (it lasts 5 minutes)`);
  assert.ok(seen.every((s) => s.authorization === seen[0].authorization));
});

test('the backend renews tokens: an expired signed token once, an expired OAuth token once', async () => {
  const fake = createPipedriveFake({ ...fixtures(), fields: { deal: Object.values(DEAL_FIELDS) }, tokenLifetimeSeconds: 10 });
  const refreshes = [];
  const { appFetch, seen } = backend(fake, {
    credentials: (claims, { refresh }) => {
      refreshes.push(refresh);
      return { accessToken: refresh ? fake.accessToken : 'fake-oauth-access-token-1', apiDomain: fake.apiDomain };
    },
  });
  const request = backendRequest('https://leadlens-app.example/leadlens/pipedrive', { sdk: fake.sdk, fetch: appFetch });
  // Tokens that expire within the 30-second margin: every call asks for a new one.
  await request({ method: 'GET', path: `/api/v1/leads/${LEAD_ID}` });
  await request({ method: 'GET', path: `/api/v1/leads/${LEAD_ID}` });
  assert.equal(new Set(seen.map((s) => s.authorization)).size, 2);
  assert.equal(seen.length, 2, 'and the backend accepts each (not past exp): no resend');
  // Calls made while a token is being fetched wait for it rather than asking again.
  const tokensBefore = apiCalls(fake, 'sdk.execute').length;
  const parallel = backendRequest('https://leadlens-app.example/leadlens/pipedrive', { sdk: fake.sdk, fetch: appFetch });
  const answers = await Promise.all([1, 2, 3].map(() => parallel({ method: 'GET', path: '/api/v2/organizations/501' })));
  assert.deepEqual(answers.map((a) => a.status), [200, 200, 200]);
  assert.equal(apiCalls(fake, 'sdk.execute').length - tokensBefore, 1, 'one token for three parallel calls');

  // The OAuth access token expired: Pipedrive answers 401, the proxy refreshes it once, sends again.
  fake.expireAccessToken();
  const answer = await request({ method: 'GET', path: '/api/v2/persons/301' });
  assert.equal(answer.status, 200);
  assert.equal(answer.body.data.name, 'Dana Ruiz');
  assert.deepEqual(refreshes.slice(-2), [false, true]);

  // The backend refuses a token (401): backendRequest asks for a new one and sends once more.
  const fake2 = createPipedriveFake({ ...fixtures() });
  let refuse = 1;
  const b2 = backend(fake2, {
    verify: (token) => {
      if (refuse-- > 0) throw new Error('jwt expired');
      return fake2.verifyToken(token);
    },
  });
  const r2 = backendRequest('https://leadlens-app.example/leadlens/pipedrive', { sdk: fake2.sdk, fetch: b2.appFetch });
  assert.equal((await r2({ method: 'GET', path: `/api/v1/leads/${LEAD_ID}` })).status, 200);
  assert.equal(b2.seen.length, 2);
  assert.notEqual(b2.seen[0].authorization, b2.seen[1].authorization);
});

test('the proxy forwards only the calls leadlens makes, and with writableFields only its fields', async () => {
  const fake = createPipedriveFake({ ...fixtures(), fields: { deal: Object.values(DEAL_FIELDS) } });
  const { proxy } = backend(fake, { writableFields: [DEAL_FIELDS.decision_id, DEAL_FIELDS.outcome] });
  const { token } = await fake.sdk.execute('get_signed_token');
  const authorization = `Bearer ${token}`;
  const ask = (body) => proxy({ authorization, body });
  const before = fake.calls.filter((c) => !c.name.startsWith('sdk.')).length;

  assert.deepEqual(await ask({ method: 'GET', path: '/api/v1/users' }), { status: 403, body: { success: false, error: 'leadlens proxy: GET /api/v1/users is not a call leadlens makes', data: null } });
  assert.equal((await ask({ method: 'DELETE', path: `/api/v1/leads/${LEAD_ID}` })).status, 403);
  assert.equal((await ask({ method: 'GET', path: '/api/v1/leads/../users' })).status, 403);
  assert.equal((await ask({ method: 'GET', path: '/api/v1/notes' })).body.error, 'leadlens proxy: GET /api/v1/notes needs one of lead_id, deal_id, person_id');
  assert.equal((await ask({ method: 'GET', path: '/api/v1/notes', query: { user_id: 1, lead_id: LEAD_ID } })).status, 403);
  assert.equal((await ask({ method: 'PATCH', path: `/api/v1/leads/${LEAD_ID}`, body: { owner_id: 1 } })).body.error, 'leadlens proxy: the update may not set `owner_id` (not in writableFields)');
  assert.equal((await ask({ method: 'PATCH', path: '/api/v2/deals/9001', body: { custom_fields: { [DEAL_FIELDS.fit]: 1 } } })).status, 403);
  assert.equal((await ask({ method: 'POST', path: '/api/v1/notes', body: { content: 'x', deal_id: 9001, user_id: 1 } })).status, 403);
  assert.equal((await ask({ method: 'PATCH', path: `/api/v1/leads/${LEAD_ID}` })).status, 400, 'a write needs a body');
  assert.equal((await proxy({ authorization: 'Bearer forged.token.x', body: { method: 'GET', path: `/api/v1/leads/${LEAD_ID}` } })).body.error, 'leadlens proxy: the signed token was refused: invalid signature');
  assert.equal((await proxy({ body: { method: 'GET', path: `/api/v1/leads/${LEAD_ID}` } })).status, 401);
  assert.equal(fake.calls.filter((c) => !c.name.startsWith('sdk.')).length, before, 'none of these reached Pipedrive');

  const allowed = await ask({ method: 'PATCH', path: `/api/v1/leads/${LEAD_ID}`, body: { [DEAL_FIELDS.decision_id]: 'x', label_ids: [] } });
  assert.equal(allowed.status, 200);
  assert.equal(allowed.body.data[DEAL_FIELDS.decision_id], 'x');
  const notInstalled = createPipedriveProxy({ verify: (t) => fake.verifyToken(t), credentials: () => null, fetch: fake.fetch });
  assert.equal((await notInstalled({ authorization, body: { method: 'GET', path: '/api/v2/deals/9001' } })).body.error, 'leadlens proxy: the app is not installed for this company (no OAuth token)');
  fake.setMode('offline');
  const down = await ask({ method: 'GET', path: '/api/v2/deals/9001' });
  assert.deepEqual([down.status, down.body.error], [502, 'leadlens proxy: Pipedrive did not answer: Failed to fetch']);
});

test('connectPipedrive initialises the SDK and reads the record from the iframe URL', async () => {
  const fake = createPipedriveFake({ ...fixtures(), open: { resource: 'deal', id: 9001 } });
  const { appFetch } = backend(fake);
  const host = await connectPipedrive({ SDK: fake.AppExtensionsSDK, url: fake.url, backend: 'https://leadlens-app.example/leadlens/pipedrive', fetch: appFetch, decisionFields: DEAL_FIELDS, store: null, size: { height: 480 } });
  assert.deepEqual([host.resource, host.recordId, host.reviewer], ['deal', '9001', '12345678']);
  assert.deepEqual(host.capabilities, { write: true, durableStore: false });
  assert.equal((await host.readLead()).contact.name, 'Dana Ruiz');
  assert.deepEqual(fake.calls.filter((c) => c.name === 'sdk.initialize').at(-1).args, { size: { height: 480 } });
  await assert.rejects(connectPipedrive({ SDK: undefined, url: fake.url, decisionFields: DEAL_FIELDS }), /`AppExtensionsSDK` is missing/);
  await assert.rejects(connectPipedrive({ sdk: fake.sdk, url: fake.url, decisionFields: DEAL_FIELDS }), /pass `backend`/);
});

test('options are checked, naming what is wrong', () => {
  const fake = createPipedriveFake({ ...fixtures() });
  const base = { request: fake.request, url: fake.url, decisionFields: DEAL_FIELDS, store: null };
  assert.throws(() => pipedriveHost({ ...base, request: undefined }), /`request` is missing/);
  assert.throws(() => pipedriveHost({ ...base, sdk: {} }), /`sdk` must be the initialised AppExtensionsSDK/);
  assert.throws(() => pipedriveHost({ ...base, url: 'https://x.example/panel?selectedIds=1' }), /no `resource` in the iframe URL/);
  assert.throws(() => pipedriveHost({ ...base, resource: 'organization' }), /`resource` "organization" is not supported \(one of lead, deal, person\)/);
  assert.throws(() => pipedriveHost({ ...base, url: 'https://x.example/panel?resource=deal' }), /no record: the iframe URL has no `selectedIds`/);
  assert.throws(() => pipedriveHost({ ...base, url: 'https://x.example/panel?resource=deal&selectedIds=1,2' }), /2 records selected/);
  assert.throws(() => pipedriveHost({ ...base, resource: 'deal', recordId: 'abc' }), /`recordId` "abc" is not a Pipedrive deal id/);
  assert.throws(() => pipedriveHost({ ...base, decisionFields: { outcome: DEAL_FIELDS.outcome } }), /`decisionFields.decision_id` is required/);
  assert.throws(() => pipedriveHost({ ...base, decisionFields: { decision_id: 7 } }), /`decisionFields.decision_id` must be a field name/);
  assert.throws(() => pipedriveHost({ ...base, fields: { 'company.name': 3 } }), /`fields.company.name` must be a field name/);
  assert.throws(() => pipedriveHost({ ...base, labels: { maybe: 'x' } }), /`labels.maybe` is not an outcome/);
  assert.throws(() => pipedriveHost({ ...base, labels: { accepted: {} } }), /`labels.accepted` must be a label id/);
  assert.throws(() => pipedriveHost({ ...base, status: 'Qualified' }), /`status` must be an object/);
  assert.throws(() => pipedriveHost({ ...base, store: {} }), /`store` must have get/);
  assert.throws(() => pipedriveHost({ ...base, reviewer: '' }), /`reviewer` must be a non-empty string/);
  assert.throws(() => backendRequest('', { sdk: fake.sdk }), /`url` must be the URL/);
  assert.throws(() => backendRequest('/p', {}), /`sdk` must be the initialised AppExtensionsSDK/);
  assert.throws(() => backendRequest('/p', { sdk: fake.sdk, timeoutMs: 0 }), /`timeoutMs` must be a positive number/);
  assert.throws(() => createPipedriveProxy({ credentials: () => null }), /`verify` is required/);
  assert.throws(() => createPipedriveProxy({ verify: () => ({}) }), /`credentials` is required/);
  assert.throws(() => createPipedriveProxy({ verify: () => ({}), credentials: () => null, writableFields: 'x' }), /`writableFields` must be an array/);
  // No localStorage in Node: no durable store, and the host says so.
  assert.equal(pipedriveHost({ ...base, store: undefined }).capabilities.durableStore, false);
  assert.equal(PIPEDRIVE_STATUS.accepted, 'Qualified');
  assert.ok(PIPEDRIVE_MODES.includes('timeout'));
});
