// `leadlens/hosts/dynamics` as a user gets it (installed from the packed tarball), against the fake
// of the Dataverse client APIs in www/fakes/dynamics.js (Xrm.WebApi, the Web API over fetch, the
// form context and a PCF context, following Microsoft's documented call and answer shapes).
// examples/dynamics/ runs the form host against the community mock xrm-mock as well.
// tests/npm/run.sh sets LEADLENS_WWW_DIR.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { dynamicsFormHost, dynamicsPcfHost, DYNAMICS_STATUS, FORMATTED_VALUE } from 'leadlens/hosts/dynamics';
import { score } from 'leadlens';
import { settle, decision } from './hosts-harness.mjs';

const www = process.env.LEADLENS_WWW_DIR ?? path.resolve('www');
const { createDynamicsFake, LEADLENS_COLUMNS, MODES } = await import(pathToFileURL(path.join(www, 'fakes/dynamics.js')).href);

const ACME = '7f2e9c4a-1b3d-4e5f-8a6b-0c1d2e3f4a01';
const KIM = '7f2e9c4a-1b3d-4e5f-8a6b-0c1d2e3f4a02';

// Lead rows by column logical name, as Dataverse stores them (option sets as numbers).
function rows() {
  return [
    {
      leadid: ACME,
      createdon: '2026-11-20T10:02:11Z',
      subject: 'Order-to-cash automation',
      firstname: 'Dana',
      lastname: 'Ruiz',
      companyname: 'Acme Logistics',
      websiteurl: 'acmelogistics.com',
      industrycode: 30, // Transportation
      numberofemployees: 240,
      revenue: 48000000,
      address1_country: 'United States',
      emailaddress1: 'dana@acmelogistics.com',
      jobtitle: 'Director of Operations',
      telephone1: '+1 555 0100',
      leadsourcecode: 8, // Web
      leadqualitycode: 2,
      description: 'Our order-to-cash process is a bottleneck. We need help this quarter.',
      donotemail: false,
    },
    { leadid: KIM, lastname: 'Kim', companyname: '', emailaddress1: 'kim@stateu.edu', jobtitle: 'Student', donotemail: true },
  ];
}

function setup({ fake: fakeOptions, host: hostOptions, id = ACME } = {}) {
  const fake = createDynamicsFake({ records: rows(), columns: LEADLENS_COLUMNS, ...fakeOptions });
  const formContext = fake.form(id);
  const host = dynamicsFormHost({ formContext, Xrm: fake.Xrm, fetch: fake.fetch, store: null, ...hostOptions });
  return { fake, host, formContext };
}

function pcfSetup({ fake: fakeOptions, host: hostOptions, id = ACME } = {}) {
  const fake = createDynamicsFake({ records: rows(), columns: LEADLENS_COLUMNS, ...fakeOptions });
  const context = fake.pcfContext(id);
  const host = dynamicsPcfHost(context, { store: null, ...hostOptions });
  return { fake, host, context };
}

const NOW = '2026-11-22T12:00:00Z';
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const writes = (fake) => fake.calls.filter((c) => c.name === 'createRecord' || c.name === 'updateRecord' || c.name === 'fetch');

const ACME_LEAD = {
  id: ACME,
  company: { name: 'Acme Logistics', domain: 'acmelogistics.com', industry: 'Transportation', employees: 240, annual_revenue: 48000000, country: 'United States' },
  contact: { name: 'Dana Ruiz', email: 'dana@acmelogistics.com', title: 'Director of Operations', phone: '+1 555 0100' },
  source: { channel: 'Web' },
  form: { message: 'Our order-to-cash process is a bottleneck. We need help this quarter.' },
};

test('a lead form becomes a Lead the scorer reads: option sets by label, blanks stay unknown', async () => {
  const { host, fake } = setup();
  const lead = await host.readLead();
  assert.deepEqual(lead, { ...ACME_LEAD, created_at: '2026-11-20T10:02:11.000Z' });
  assert.equal(host.recordId, ACME, 'the form id without braces, lower case');
  assert.equal(host.version(), fake.record(ACME).versionnumber && `W/"${fake.record(ACME).versionnumber}"`, 'version: the row ETag');
  assert.deepEqual(fake.calls.at(-1), { name: 'retrieveRecord', args: { table: 'lead', id: ACME, query: '?$select=modifiedon' } });
  const result = score(lead, { now: NOW });
  assert.equal(result.lead_id, ACME);
  assert.ok(result.fit.score >= 60, `an ideal buyer fits: ${result.summary}`);

  const student = setup({ id: KIM }).host;
  const kim = await student.readLead();
  assert.deepEqual(kim, {
    id: KIM,
    created_at: '2026-11-22T09:00:00.000Z',
    contact: { name: 'Kim', email: 'kim@stateu.edu', title: 'Student' },
    consent: { email: false },
  });
  assert.ok(score(kim, { now: NOW }).negative.some((n) => n.code === 'student'), 'the student rule reads the mapped title and domain');
});

test('a PCF control reads the same lead through context.webAPI, selecting only mapped columns', async () => {
  const { host, fake } = pcfSetup();
  const lead = await host.readLead();
  assert.deepEqual(lead, { ...ACME_LEAD, created_at: '2026-11-20T10:02:11Z' });
  const read = fake.calls.at(-1);
  assert.equal(read.name, 'retrieveRecord');
  assert.deepEqual(read.args.query.replace('?$select=', '').split(',').sort(), [
    'address1_country', 'companyname', 'createdon', 'description', 'donotemail', 'emailaddress1', 'firstname', 'fullname',
    'industrycode', 'jobtitle', 'lastname', 'leadid', 'leadsourcecode', 'modifiedon', 'numberofemployees', 'revenue',
    'telephone1', 'websiteurl',
  ]);
  assert.equal(host.version(), `W/"${fake.record(ACME).versionnumber}"`);
  assert.equal(host.reviewer, fake.user.id, 'the signed-in user, without braces');
  assert.deepEqual(host.capabilities, { write: true, durableStore: false });
  assert.ok(score(lead, { now: NOW }).fit.score >= 60);
  // A function mapping reads the formatted value the Web API sends with an option set.
  const custom = pcfSetup({ host: { fields: { 'form.type': (r) => r[`leadqualitycode${FORMATTED_VALUE}`] }, columns: ['leadqualitycode'] } });
  assert.equal((await custom.host.readLead()).form.type, 'Warm');
});

test('a decision adds one note, then one PATCH with If-Match: the documented payloads and headers', async () => {
  const { fake, host } = setup();
  await host.readLead();
  const version = host.version();
  const d = decision({ lead_id: ACME });
  assert.deepEqual(await host.postDecision(d, version), { ok: true });

  const [read, search, create, patch] = fake.calls.slice(1);
  assert.deepEqual(read, { name: 'retrieveRecord', args: { table: 'lead', id: ACME, query: '?$select=new_leadlensdecisionid,modifiedon' } });
  assert.deepEqual(search, {
    name: 'retrieveMultipleRecords',
    args: {
      table: 'annotation',
      query: `?$select=annotationid,notetext&$filter=_objectid_value eq ${ACME} and contains(notetext,'leadlens decision 0190a5f2-0000-7000-8000-000000000001')`,
    },
  });
  assert.equal(create.name, 'createRecord');
  assert.equal(create.args.table, 'annotation');
  assert.equal(create.args.data.subject, 'leadlens: accepted (good_fit_real_need)');
  assert.equal(create.args.data['objectid_lead@odata.bind'], `/leads(${ACME})`);
  assert.match(create.args.data.notetext, /^Lead accepted by rep-001\.\nReason: good_fit_real_need\nNote: Called, real project\n/);
  assert.match(create.args.data.notetext, /\nleadlens decision 0190a5f2-0000-7000-8000-000000000001$/);
  assert.deepEqual(patch, {
    name: 'fetch',
    args: {
      url: `https://contoso.crm4.dynamics.com/api/data/v9.2/leads(${ACME})`,
      method: 'PATCH',
      headers: {
        Accept: 'application/json',
        'Content-Type': 'application/json; charset=utf-8',
        'OData-MaxVersion': '4.0',
        'OData-Version': '4.0',
        'If-Match': version,
      },
      body: {
        leadqualitycode: DYNAMICS_STATUS.accepted,
        new_leadlensdecisionid: d.decision_id,
        new_leadlensoutcome: 'accepted',
        new_leadlensreason: 'good_fit_real_need',
        new_leadlensfit: 84,
        new_leadlensintent: 78,
        new_leadlensroute: 'sales_review',
        new_leadlensmodelversion: '2026-11-1',
      },
    },
  });
  const row = fake.record(ACME);
  assert.equal(row.leadqualitycode, 1, 'Hot');
  assert.equal(row.new_leadlensdecisionid, d.decision_id);
  assert.equal(row.statecode, 0, 'the lead stays open: qualifying is the seller\'s QualifyLead');
  assert.equal(fake.notes(ACME).length, 1);
  assert.notEqual(`W/"${row.versionnumber}"`, version, 'the write moved the version');
});

test('timeline "task" and concurrency "none": a task regarding the lead and Xrm.WebApi.updateRecord', async () => {
  const { fake, host } = setup({ host: { timeline: 'task', concurrency: 'none', prefix: 'contoso_' }, fake: { columns: Object.fromEntries(Object.entries(LEADLENS_COLUMNS).map(([k, v]) => [k.replace('new_', 'contoso_'), v])) } });
  await host.readLead();
  const d = decision({ lead_id: ACME, outcome: 'rejected', reason_code: 'no_budget_now', note: undefined });
  assert.deepEqual(await host.postDecision(d, host.version()), { ok: true });
  const search = fake.calls.find((c) => c.name === 'retrieveMultipleRecords');
  assert.equal(search.args.table, 'task');
  assert.equal(search.args.query, `?$select=activityid,description&$filter=_regardingobjectid_value eq ${ACME} and contains(description,'leadlens decision ${d.decision_id}')`);
  const create = fake.calls.find((c) => c.name === 'createRecord');
  assert.deepEqual(Object.keys(create.args.data).sort(), ['description', 'regardingobjectid_lead_task@odata.bind', 'subject']);
  assert.equal(create.args.data['regardingobjectid_lead_task@odata.bind'], `/leads(${ACME})`);
  assert.equal(create.args.data.subject, 'leadlens: rejected (no_budget_now)');
  const update = fake.calls.find((c) => c.name === 'updateRecord');
  assert.deepEqual(update.args, {
    table: 'lead',
    id: ACME,
    data: {
      leadqualitycode: DYNAMICS_STATUS.rejected,
      contoso_leadlensdecisionid: d.decision_id,
      contoso_leadlensoutcome: 'rejected',
      contoso_leadlensreason: 'no_budget_now',
      contoso_leadlensfit: 84,
      contoso_leadlensintent: 78,
      contoso_leadlensroute: 'sales_review',
      contoso_leadlensmodelversion: '2026-11-1',
    },
  });
  assert.equal(fake.calls.filter((c) => c.name === 'fetch').length, 0, 'no raw Web API call');
  assert.equal(fake.tasks(ACME).length, 1);
  assert.equal(fake.record(ACME).leadqualitycode, 3, 'Cold');
});

test('onLeadChange: form edits re-score at the same version; a save and an own write re-read it', async () => {
  const { fake, host, formContext } = setup();
  await host.readLead();
  const loaded = host.version();
  const seen = [];
  const unsubscribe = host.onLeadChange((lead) => seen.push({ lead, version: host.version() }));

  // A user (or a script) edits two mapped attributes: one re-score with both, nothing read.
  const reads = fake.calls.length;
  formContext.getAttribute('jobtitle').setValue('COO');
  formContext.getAttribute('jobtitle').fireOnChange();
  formContext.getAttribute('numberofemployees').setValue(1200);
  formContext.getAttribute('numberofemployees').fireOnChange();
  await tick();
  assert.equal(seen.length, 1);
  assert.deepEqual([seen[0].lead.contact.title, seen[0].lead.company.employees, seen[0].version], ['COO', 1200, loaded]);
  assert.equal(fake.calls.length, reads, 'the version is the server row\'s: not re-read for an unsaved edit');

  // The user saves: the row's version moves, the host re-reads it and tells the panel.
  await formContext.data.entity.save();
  await tick();
  assert.equal(seen.length, 2);
  assert.equal(fake.record(ACME).jobtitle, 'COO');
  assert.equal(seen[1].version, `W/"${fake.record(ACME).versionnumber}"`);
  assert.notEqual(seen[1].version, loaded);

  // The host writes a decision to this record: the form is refreshed and the new version told.
  fake.edit(ACME, { leadqualitycode: 3 }); // the form does not show a server edit until refreshed
  await host.readLead();
  assert.deepEqual(await host.postDecision(decision({ lead_id: ACME }), host.version()), { ok: true });
  await tick();
  assert.equal(seen.length, 3);
  assert.equal(formContext.getAttribute('leadqualitycode').getValue(), 1, 'refreshed: Hot, as written');
  assert.equal(formContext.getAttribute('new_leadlensdecisionid').getValue(), decision().decision_id);
  assert.equal(seen[2].version, `W/"${fake.record(ACME).versionnumber}"`);

  unsubscribe();
  formContext.getAttribute('jobtitle').setValue('CEO');
  formContext.getAttribute('jobtitle').fireOnChange();
  await formContext.data.entity.save();
  await tick();
  assert.equal(seen.length, 3, 'unsubscribed: no change handler, no post-save handler');
});

test('a new, unsaved lead: readLead says to save it; the save tells the panel the lead', async () => {
  const fake = createDynamicsFake({ records: rows(), columns: LEADLENS_COLUMNS });
  const formContext = fake.form(null, { values: { lastname: 'Okafor', companyname: 'Beta Freight', jobtitle: 'VP Operations' } });
  const host = dynamicsFormHost({ formContext, Xrm: fake.Xrm, fetch: fake.fetch, store: null });
  assert.equal(host.recordId, undefined);
  await assert.rejects(host.readLead(), /not saved yet: save it/);
  const seen = [];
  host.onLeadChange((lead) => seen.push(lead));
  await formContext.data.entity.save();
  await tick();
  assert.equal(seen.length, 1);
  assert.equal(seen[0].id, host.recordId);
  assert.deepEqual([seen[0].company.name, seen[0].contact.title], ['Beta Freight', 'VP Operations']);
  assert.ok(host.version());
});

test('an answer lost after the write: the retry confirms without a second note or PATCH', async () => {
  const { fake, host } = setup();
  await host.readLead();
  const version = host.version();
  const d = decision({ lead_id: ACME });
  fake.setMode('timeout'); // the note is created, its answer lost
  const first = await host.postDecision(d, version);
  assert.deepEqual([first.ok, first.retryable], [false, true]);
  assert.match(first.message, /did not answer the note: Failed to fetch/);
  assert.equal(fake.notes(ACME).length, 1);
  // The retry finds the note by its marker; the PATCH is applied and its answer lost too.
  const second = await host.postDecision(d, version);
  assert.deepEqual([second.ok, second.retryable], [false, true]);
  assert.match(second.message, /did not answer the update: Failed to fetch/);
  assert.equal(fake.record(ACME).new_leadlensdecisionid, d.decision_id, 'applied');
  fake.setMode('online');
  // The decision id on the row says "done": confirmed, nothing written again.
  const before = writes(fake).length;
  assert.deepEqual(await host.postDecision(d, version), { ok: true });
  assert.equal(writes(fake).length, before);
  assert.equal(fake.notes(ACME).length, 1);
  assert.equal(fake.calls.filter((c) => c.name === 'fetch').length, 1);
});

test('offline and throttled: retryable, nothing written', async () => {
  const { fake, host } = setup();
  await host.readLead();
  const d = decision({ lead_id: ACME, outcome: 'recycled', reason_code: 'no_budget_now' });
  fake.setMode('offline');
  const offline = await host.postDecision(d, host.version());
  assert.deepEqual([offline.ok, offline.retryable], [false, true]);
  assert.match(offline.message, /did not answer reading the lead: Failed to fetch/);
  fake.setMode('throttled');
  const limited = await host.postDecision(d, host.version());
  assert.deepEqual([limited.ok, limited.retryable], [false, true]);
  assert.match(limited.message, /refused reading the lead \(0x80072322: Number of requests exceeded/);
  assert.equal(writes(fake).length, 0);
  assert.equal(fake.notes(ACME).length, 0);

  // A 429 from the raw Web API (the read and the note went through) is retried as well.
  fake.setMode('online');
  const realFetch = fake.fetch;
  let throttle = true;
  const host2 = dynamicsFormHost({
    formContext: fake.form(ACME),
    Xrm: fake.Xrm,
    store: null,
    fetch: (url, init) => {
      if (!throttle) return realFetch(url, init);
      throttle = false;
      fake.setMode('throttled');
      return realFetch(url, init).finally(() => fake.setMode('online'));
    },
  });
  await host2.readLead();
  const patched = await host2.postDecision(d, host2.version());
  assert.deepEqual([patched.ok, patched.retryable], [false, true]);
  assert.match(patched.message, /refused the update \(0x80072322: Number of requests exceeded.*\(HTTP 429\)/);
  assert.deepEqual(await host2.postDecision(d, host2.version()), { ok: true });
  assert.equal(fake.notes(ACME).length, 1);
  assert.equal(fake.record(ACME).leadqualitycode, 2, 'Warm');
});

test('conflicts: a row edited since it was read, or during the write (412), is not overwritten', async () => {
  const { fake, host } = setup();
  await host.readLead();
  const version = host.version();
  fake.edit(ACME, { jobtitle: 'COO' });
  const result = await host.postDecision(decision({ lead_id: ACME }), version);
  assert.deepEqual([result.ok, result.conflict, result.retryable], [false, true, false]);
  assert.match(result.message, /lead changed in Dynamics 365 since it was scored \(modified 2026-11-22T09:00:01Z\)/);
  assert.equal(writes(fake).length, 0, 'nothing written');

  // Another user saves between the adapter's read and its PATCH: Dataverse answers 412.
  await host.readLead();
  const create = fake.Xrm.WebApi.createRecord;
  fake.Xrm.WebApi.createRecord = async (...args) => {
    const answer = await create(...args);
    fake.edit(ACME, { jobtitle: 'CFO' });
    return answer;
  };
  const raced = await host.postDecision(decision({ lead_id: ACME }), host.version());
  fake.Xrm.WebApi.createRecord = create;
  assert.deepEqual([raced.ok, raced.conflict, raced.retryable], [false, true, false]);
  assert.match(raced.message, /changed in Dynamics 365 while the decision was being saved.*HTTP 412/);
  assert.equal(fake.record(ACME).jobtitle, 'CFO');
  assert.equal(fake.record(ACME).new_leadlensdecisionid, undefined, 'the decision did not overwrite the edit');

  // Re-read: the new version is accepted (and the earlier note is found, not added again).
  await host.readLead();
  assert.deepEqual(await host.postDecision(decision({ lead_id: ACME }), host.version()), { ok: true });
  assert.equal(fake.notes(ACME).length, 1);
});

test('refusals are not retried and say why: privileges, missing columns, a bad decision or id', async () => {
  const { fake, host } = setup();
  await host.readLead();
  fake.setMode('error');
  const denied = await host.postDecision(decision({ lead_id: ACME }), host.version());
  assert.deepEqual([denied.ok, denied.retryable], [false, false]);
  assert.match(denied.message, /refused the note \(0x80040220: Principal user .* is missing prvCreateNote privilege/);
  // No privilege to write the lead (the note is allowed): the raw Web API answers 403.
  fake.setMode('online');
  const noWrite = dynamicsFormHost({ formContext: fake.form(ACME), Xrm: fake.Xrm, store: null, timeline: false, fetch: (url, init) => { fake.setMode('error'); return fake.fetch(url, init).finally(() => fake.setMode('online')); } });
  const refused = await noWrite.postDecision(decision({ lead_id: ACME }));
  assert.deepEqual([refused.ok, refused.retryable], [false, false]);
  assert.match(refused.message, /refused the update \(0x80040220: .*missing prvWriteLead privilege.*\(HTTP 403\)/);

  // The org has not created the LeadLens columns yet: the read names the column.
  const bare = setup({ fake: { columns: {} } });
  const missing = await bare.host.postDecision(decision({ lead_id: ACME }));
  assert.deepEqual([missing.ok, missing.retryable], [false, false]);
  assert.match(missing.message, /refused reading the lead \(0x80060888: Could not find a property named 'new_leadlensdecisionid'.*\)\. Create the LeadLens columns/);
  // Only the decision id exists: the PATCH names the next missing one.
  const partial = setup({ fake: { columns: { new_leadlensdecisionid: 'string' } } });
  const invalid = await partial.host.postDecision(decision({ lead_id: ACME }));
  assert.deepEqual([invalid.ok, invalid.retryable], [false, false]);
  assert.match(invalid.message, /refused the update \(0x80060888: Invalid property 'new_leadlensoutcome'.*\(HTTP 400\)/);
  // …and with the missing ones mapped to null, the same org works.
  const mapped = setup({
    fake: { columns: { new_leadlensdecisionid: 'string' } },
    host: { decisionFields: { outcome: null, reason_code: null, fit: null, intent: null, route: null, model_version: null } },
  });
  assert.deepEqual(await mapped.host.postDecision(decision({ lead_id: ACME })), { ok: true });
  assert.equal(mapped.fake.record(ACME).leadqualitycode, 1);

  const calls = fake.calls.length;
  const junk = await host.postDecision({ decision_id: 'x', lead_id: ACME, outcome: 'maybe' });
  assert.deepEqual([junk.ok, junk.retryable], [false, false]);
  assert.match(junk.message, /outcome is "maybe"/);
  const notGuid = await host.postDecision(decision({ lead_id: 'L-1' }));
  assert.deepEqual([notGuid.ok, notGuid.retryable], [false, false]);
  assert.match(notGuid.message, /lead_id "L-1" is not a Dataverse id/);
  assert.equal(fake.calls.length, calls, 'nothing sent for a malformed decision');
  const gone = await host.postDecision(decision({ lead_id: '7f2e9c4a-1b3d-4e5f-8a6b-0c1d2e3f4a99' }));
  assert.deepEqual([gone.ok, gone.retryable], [false, false]);
  assert.match(gone.message, /has no lead 7f2e9c4a-1b3d-4e5f-8a6b-0c1d2e3f4a99/);
});

test('PCF: context.webAPI writes with a version pre-check; update(context) re-reads on a change', async () => {
  const { fake, host, context } = pcfSetup();
  await host.readLead();
  const seen = [];
  host.onLeadChange((lead) => seen.push([lead.contact.title, host.version()]));
  const d = decision({ lead_id: ACME });
  assert.deepEqual(await host.postDecision(d, host.version()), { ok: true });
  assert.deepEqual(
    fake.calls.slice(1).map((c) => c.name),
    ['retrieveRecord', 'retrieveMultipleRecords', 'createRecord', 'updateRecord', 'retrieveRecord'],
    'read, look for the note, note, update; then the re-read for the panel',
  );
  assert.deepEqual(fake.calls.find((c) => c.name === 'updateRecord').args.data.new_leadlensdecisionid, d.decision_id);
  await tick();
  assert.equal(seen.length, 1, 'the own write re-read the row');
  assert.equal(seen[0][1], `W/"${fake.record(ACME).versionnumber}"`);

  // Another user edits; PCF calls updateView with the changed property: re-read, new version.
  fake.edit(ACME, { jobtitle: 'COO' });
  host.update({ ...context, updatedProperties: ['lead'] });
  await tick();
  assert.deepEqual(seen[1], ['COO', `W/"${fake.record(ACME).versionnumber}"`]);
  host.update({ ...context, updatedProperties: ['layout'] });
  await tick();
  assert.equal(seen.length, 2, 'a resize reads nothing');

  // A stale version conflicts before anything is written (no If-Match in context.webAPI).
  const stale = seen[0][1];
  const before = writes(fake).length;
  const conflict = await host.postDecision(decision({ lead_id: ACME, decision_id: 'd-2' }), stale);
  assert.deepEqual([conflict.ok, conflict.conflict], [false, true]);
  assert.equal(writes(fake).length, before);

  // The control moves to another record.
  host.update(fake.pcfContext(KIM, { updatedProperties: [] }));
  await tick();
  assert.equal(host.recordId, KIM);
  assert.equal(seen.at(-1)[0], 'Student');
});

for (const kind of ['form', 'pcf']) {
  test(`the outbox guarantee (${kind}): under random faults every decision is applied exactly once`, async () => {
    const { fake, host } = kind === 'form' ? setup() : pcfSetup();
    const ids = [ACME, KIM];
    const decisions = Array.from({ length: 12 }, (_, i) =>
      decision({
        decision_id: `0190a5f2-0000-7000-8000-${String(i).padStart(12, '0')}`,
        lead_id: ids[i % 2],
        outcome: ['accepted', 'rejected', 'recycled'][i % 3],
        reason_code: i % 3 === 0 ? 'good_fit_real_need' : 'no_budget_now',
      }),
    );
    const outcome = await settle(host, decisions, { modes: ['online', 'offline', 'timeout', 'throttled', 'online'], setMode: (m) => fake.setMode(m), seed: 8 });
    assert.deepEqual(outcome.failed, []);
    assert.equal(outcome.confirmed.length, decisions.length);
    for (const id of ids) {
      const mine = decisions.filter((d) => d.lead_id === id);
      const notes = fake.notes(id);
      for (const d of mine) {
        assert.equal(notes.filter((n) => n.notetext.endsWith(`leadlens decision ${d.decision_id}`)).length, 1, `one note for ${d.decision_id}`);
      }
      assert.equal(notes.length, mine.length, 'no extra notes');
      assert.equal(fake.record(id).new_leadlensdecisionid, mine.at(-1).decision_id, 'the last decision is on the row');
    }
    assert.ok(outcome.attempts > decisions.length, `faults happened (${outcome.attempts} posts)`);
  });
}

test('the fake exports its modes; options are checked, naming what is wrong', () => {
  assert.deepEqual(MODES, ['online', 'offline', 'timeout', 'error', 'throttled']);
  const fake = createDynamicsFake({ records: rows() });
  const formContext = fake.form(ACME);
  const base = { formContext, Xrm: fake.Xrm, fetch: fake.fetch };
  assert.throws(() => dynamicsFormHost(), /expected an options object with `formContext`/);
  assert.throws(() => dynamicsFormHost({ Xrm: fake.Xrm }), /`formContext` must be the form's context/);
  assert.throws(() => dynamicsFormHost({ formContext, Xrm: {} }), /`Xrm\.WebApi\.retrieveRecord` is missing/);
  assert.throws(() => dynamicsFormHost({ ...base, concurrency: 'optimistic' }), /`concurrency` must be "etag" or "none"/);
  assert.throws(() => dynamicsFormHost({ ...base, fetch: 'no' }), /`fetch` must be a function/);
  assert.throws(() => dynamicsFormHost({ ...base, Xrm: { WebApi: fake.Xrm.WebApi } }), /no `clientUrl`/);
  assert.ok(dynamicsFormHost({ ...base, Xrm: { WebApi: fake.Xrm.WebApi }, concurrency: 'none' }), 'no client URL needed without the raw Web API');
  assert.throws(() => dynamicsFormHost({ ...base, entity: 'contact' }), /give `entitySet`/);
  assert.throws(() => dynamicsFormHost({ ...base, prefix: 'contoso' }), /`prefix` must be a publisher prefix with its underscore/);
  assert.throws(() => dynamicsFormHost({ ...base, timeline: 'email' }), /`timeline` must be "note", "task" or false/);
  assert.throws(() => dynamicsFormHost({ ...base, status: 'Hot' }), /`status` must be an object/);
  assert.throws(() => dynamicsFormHost({ ...base, columns: ['Bad Name'] }), /`columns` must be an array of column logical names/);
  assert.throws(() => dynamicsFormHost({ ...base, fields: { 'company.name': 3 } }), /`fields.company.name` must be a field name/);
  assert.throws(() => dynamicsFormHost({ ...base, store: {} }), /`store` must have get/);
  assert.throws(() => dynamicsFormHost({ ...base, reviewer: '' }), /`reviewer` must be a non-empty string/);
  assert.throws(() => dynamicsFormHost({ ...base, apiVersion: 'v9' }), /`apiVersion` must look like "9\.2"/);
  assert.throws(() => dynamicsPcfHost({ mode: {} }), /`context\.webAPI\.retrieveRecord` is missing: add <uses-feature name="WebAPI"/);
  assert.throws(() => dynamicsPcfHost(fake.pcfContext(ACME), { recordId: 'L-1' }), /`recordId` must be the record's GUID/);
  assert.throws(() => dynamicsPcfHost(fake.pcfContext(ACME), null), /expected an options object/);
  // No localStorage in Node: no durable store, and the host says so; the reviewer is the user.
  const host = dynamicsFormHost(base);
  assert.equal(host.capabilities.durableStore, false);
  assert.equal(host.reviewer, fake.user.id);
  assert.equal(dynamicsFormHost({ ...base, reviewer: null }).reviewer, undefined);
});
