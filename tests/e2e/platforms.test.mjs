// The form-platform bindings (`leadlens/forms/hubspot`, `leadlens/forms/marketo`) in headless
// Chromium against fakes of the HubSpot and Marketo embeds written from their public docs
// (tests/forms/fakes/). The test pages (tests/forms/*.html) import the built package from /pkg/, so
// the repo root is served, with the strict CSP of scripts/serve.mjs. Needs pkg/ (build-wasm.sh).
//
// For each platform: a visitor types an ideal buyer or a student, the hidden values the platform
// will submit follow the score, and on submit the page's callbacks get the outcome while the fake
// receives the submission with the leadlens fields. With the wasm unavailable, the submission
// still goes through, untouched.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

import { CSP, serve } from '../../scripts/serve.mjs';
import { launchOptions, watchPage } from './browser.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
let site;
let browser;

before(async () => {
  const { chromium } = await import('playwright-core');
  site = await serve({ root: repo });
  browser = await chromium.launch(launchOptions());
});

after(async () => {
  await browser?.close();
  await site?.close();
});

// The visitors, by meaning; each platform spells the field names its own way.
const IDEAL = {
  first: 'Dana',
  last: 'Ruiz',
  email: 'dana.ruiz@acmelogistics.com',
  company: 'Acme Logistics',
  title: 'Director of Operations',
  employees: '240',
  industry: 'logistics',
  country: 'US',
  message: 'Our order-to-cash process is a bottleneck; we would like a consultation. Budget approved for Q1.',
};
const STUDENT = {
  first: 'Kim',
  last: 'Lee',
  email: 'kim.lee@stateu.edu',
  company: 'State University',
  title: 'Student',
  message: "I'm writing my thesis on warehouse operations and would love to interview someone.",
};

const HUBSPOT_NAMES = {
  first: 'firstname', last: 'lastname', email: 'email', company: 'company', title: 'jobtitle',
  employees: 'numemployees', industry: 'industry', country: 'country', message: 'message',
};
const MARKETO_NAMES = {
  first: 'FirstName', last: 'LastName', email: 'Email', company: 'Company', title: 'Title',
  employees: 'NumberOfEmployees', industry: 'Industry', country: 'Country', message: 'Comments',
};
const HIDDEN = ['leadlens_fit', 'leadlens_intent', 'leadlens_route', 'leadlens_disqualification', 'leadlens_model_version'];
const MISSING_WASM = /Failed to load resource: the server responded with a status of 404/;

/** Opens a test page in a fresh context; `breakWasm` answers every .wasm request with a 404. */
async function open(path, { breakWasm = false } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const { problems, cspViolations } = await watchPage(page);
  let wasmRequests = 0;
  if (breakWasm) {
    await page.route('**/*.wasm', (route) => {
      wasmRequests += 1;
      return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found\n' });
    });
  }
  const response = await page.goto(new URL(path, site.url).href);
  assert.equal(response.status(), 200);
  assert.equal(response.headers()['content-security-policy'], CSP);
  return {
    page,
    /** Console errors and CSP violations (plus, with `breakWasm`, exactly the expected 404s). */
    async assertClean() {
      const rest = breakWasm ? problems.filter((p) => !MISSING_WASM.test(p)) : problems;
      if (breakWasm) assert.ok(wasmRequests > 0, 'the page asked for the wasm');
      assert.deepEqual(await cspViolations(), []);
      assert.deepEqual(rest, []);
    },
    close: () => context.close(),
  };
}

/** Types the visitor into the form, field by field, as `page.fill` does (input events). */
async function type(page, formSelector, visitor, nameOf) {
  for (const [key, value] of Object.entries(visitor)) {
    await page.fill(`${formSelector} [name="${nameOf(key)}"]`, value);
  }
}

const record = (page) => page.evaluate(() => window.__leadlens);

function assertIdealOutcome(outcome) {
  assert.equal(outcome.route, 'sales_review');
  assert.equal(outcome.action, 'book_meeting', `fit ${outcome.fit}, intent ${outcome.intent}: ${outcome.reason}`);
  assert.equal(outcome.disqualification, null);
  assert.ok(outcome.fit >= 60 && outcome.intent >= 40, `fit ${outcome.fit}, intent ${outcome.intent}`);
}

function assertStudentOutcome(outcome) {
  assert.equal(outcome.route, 'disqualify');
  assert.equal(outcome.disqualification, 'student');
  assert.equal(outcome.action, 'resources');
}

/** The leadlens values a platform received agree with the outcome the page was given. */
function assertHiddenMatch(values, outcome, prefix = '') {
  assert.equal(values[`${prefix}leadlens_route`], outcome.route);
  assert.equal(values[`${prefix}leadlens_fit`], String(outcome.fit));
  assert.equal(values[`${prefix}leadlens_intent`], String(outcome.intent));
  assert.equal(values[`${prefix}leadlens_disqualification`], outcome.disqualification ?? '');
  assert.match(values[`${prefix}leadlens_model_version`], /\S/);
}

const fieldsObject = (fields) => Object.fromEntries(fields.map(({ name, value }) => [name, value]));

// ---------------------------------------------------------------------------------------------
// HubSpot

const HS_FORM = '#form-target form';

/** Waits for the HubSpot form and leadlens' first score, then types the visitor. */
async function fillHubSpot(page, visitor, prefix = '') {
  await page.waitForSelector(HS_FORM);
  await page.waitForFunction(() => window.__leadlens.results > 0 || window.__leadlens.errors.length > 0);
  await type(page, HS_FORM, visitor, (key) => prefix + HUBSPOT_NAMES[key]);
}

async function hiddenRoute(page, expected, name = 'leadlens_route') {
  await page.waitForFunction(
    ([n, want]) => [...document.querySelectorAll('#form-target input[type="hidden"]')].some((i) => i.name === n && i.value === want),
    [name, expected],
  );
}

/** The page was told exactly once that the form lacks the leadlens hidden properties, by name. */
async function assertToldOnceAboutMissingFields(page) {
  const { errors } = await record(page);
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.equal(errors[0].name, 'LeadlensHubSpotFieldsError');
  for (const name of HIDDEN) assert.match(errors[0].message, new RegExp(name));
}

async function submitHubSpot(page) {
  await page.click(`${HS_FORM} [type="submit"]`);
  await page.waitForFunction(() => window.__hubspotFake.submissions.length === 1);
  return page.evaluate(() => window.__hubspotFake.submissions[0]);
}

test('HubSpot legacy embed (callbacks, form element): an ideal buyer goes to sales review and HubSpot receives the hidden fields', async () => {
  const { page, assertClean, close } = await open('tests/forms/hubspot.html?embed=legacy');
  await fillHubSpot(page, IDEAL);
  await hiddenRoute(page, 'sales_review');
  const live = await record(page);
  assert.equal(live.hidden.leadlens_route, 'sales_review');
  assert.deepEqual(live.submits, [], 'nothing submitted yet');

  const submission = await submitHubSpot(page);
  await page.waitForFunction(() => window.__leadlens.submitted.length === 1);
  const { submits, submitted, errors } = await record(page);
  assert.deepEqual(errors, []);
  assert.equal(submits.length, 1, 'onSubmit once');
  assertIdealOutcome(submits[0]);
  assert.deepEqual(submitted[0].outcome, submits[0]);
  assert.equal(submitted[0].details.formId, submission.formId);
  assert.equal(submitted[0].details.instanceId, null);
  assert.equal(submitted[0].details.submissionValues.leadlens_route, 'sales_review', 'onFormSubmitted data passed on');

  assert.equal(submission.embed, 'legacy');
  const values = fieldsObject(submission.fields);
  assertHiddenMatch(values, submits[0]);
  assert.equal(values.email, IDEAL.email);
  assert.equal(values.jobtitle, IDEAL.title);
  // HubSpot replaced the form with its thank-you message; leadlens let go of it.
  await page.waitForSelector('.submitted-message');
  await assertClean();
  await close();
});

test('HubSpot legacy embed with jQuery ($form): a .edu student is disqualified as a student', async () => {
  const { page, assertClean, close } = await open('tests/forms/hubspot.html?embed=legacy&jquery=1');
  assert.equal(await page.evaluate(() => typeof window.jQuery), 'function');
  await fillHubSpot(page, STUDENT);
  await hiddenRoute(page, 'disqualify');
  await hiddenRoute(page, 'student', 'leadlens_disqualification');

  const submission = await submitHubSpot(page);
  await page.waitForFunction(() => window.__leadlens.submitted.length === 1);
  const { submits, errors } = await record(page);
  assert.deepEqual(errors, []);
  assert.equal(submits.length, 1);
  assertStudentOutcome(submits[0]);
  const values = fieldsObject(submission.fields);
  assertHiddenMatch(values, submits[0]);
  assert.equal(values.leadlens_disqualification, 'student');
  await assertClean();
  await close();
});

test('HubSpot legacy embed without callbacks: bindHubSpotForms binds it from the hsFormCallback messages', async () => {
  const { page, assertClean, close } = await open('tests/forms/hubspot.html?embed=legacy-events');
  await fillHubSpot(page, IDEAL);
  await hiddenRoute(page, 'sales_review');

  const submission = await submitHubSpot(page);
  await page.waitForFunction(() => window.__leadlens.submitted.length === 1);
  const { submits, submitted, errors } = await record(page);
  assert.deepEqual(errors, []);
  assert.equal(submits.length, 1, 'onSubmit once, from the onFormSubmit message');
  assertIdealOutcome(submits[0]);
  assert.equal(submitted.length, 1);
  assert.equal(submitted[0].details.submissionValues.email, IDEAL.email);
  assertHiddenMatch(fieldsObject(submission.fields), submits[0]);
  await assertClean();
  await close();
});

test('HubSpot current embed (hs-form-event:*): names 0-1/…, hidden values through setFieldValue, outcome on submission success', async () => {
  const { page, assertClean, close } = await open('tests/forms/hubspot.html?embed=current');
  await fillHubSpot(page, IDEAL, '0-1/');
  await hiddenRoute(page, 'sales_review', '0-1/leadlens_route');
  // The form's own state (what it will submit) has the values, not only the DOM.
  const state = await page.evaluate(async () => {
    const [form] = window.HubSpotFormsV4.getForms();
    return Object.fromEntries((await form.getFormFieldValues()).map(({ name, value }) => [name, value]));
  });
  assert.equal(state['0-1/leadlens_route'], 'sales_review');

  const submission = await submitHubSpot(page);
  await page.waitForFunction(() => window.__leadlens.submitted.length === 1);
  const { submits, submitted, errors } = await record(page);
  assert.deepEqual(errors, []);
  assert.equal(submits.length, 1);
  assertIdealOutcome(submits[0]);
  assert.equal(submission.embed, 'current');
  assert.deepEqual(submitted[0].details, { formId: submission.formId, instanceId: submission.instanceId });
  const values = fieldsObject(submission.fields);
  assertHiddenMatch(values, submits[0], '0-1/');
  assert.equal(values['0-1/email'], IDEAL.email);
  await assertClean();
  await close();
});

test('HubSpot current embed: a .edu student is disqualified as a student', async () => {
  const { page, assertClean, close } = await open('tests/forms/hubspot.html?embed=current');
  await fillHubSpot(page, STUDENT, '0-1/');
  await hiddenRoute(page, 'student', '0-1/leadlens_disqualification');
  const submission = await submitHubSpot(page);
  await page.waitForFunction(() => window.__leadlens.submitted.length === 1);
  const { submits, errors } = await record(page);
  assert.deepEqual(errors, []);
  assertStudentOutcome(submits[0]);
  assertHiddenMatch(fieldsObject(submission.fields), submits[0], '0-1/');
  await assertClean();
  await close();
});

test('HubSpot form without the leadlens hidden properties: the page is told, the submission goes through without them', async () => {
  const { page, assertClean, close } = await open('tests/forms/hubspot.html?embed=legacy&hidden=none');
  await fillHubSpot(page, IDEAL);
  // The inputs leadlens created carry the values for scripts on the page…
  await hiddenRoute(page, 'sales_review');
  await assertToldOnceAboutMissingFields(page);

  // …but HubSpot only submits the fields of its form definition.
  const submission = await submitHubSpot(page);
  await page.waitForFunction(() => window.__leadlens.submitted.length === 1);
  const values = fieldsObject(submission.fields);
  assert.equal(values.email, IDEAL.email);
  for (const name of HIDDEN) assert.equal(name in values, false, `${name} is not a field of the form`);
  assertIdealOutcome((await record(page)).submits[0]);
  await assertClean();
  await close();
});

test('HubSpot current embed without the leadlens hidden properties: told once, setFieldValue has nowhere to go, submitted anyway', async () => {
  const { page, assertClean, close } = await open('tests/forms/hubspot.html?embed=current&hidden=none');
  await fillHubSpot(page, IDEAL, '0-1/');
  await page.waitForFunction(() => window.__leadlens.hidden?.leadlens_route === 'sales_review');
  await assertToldOnceAboutMissingFields(page);

  const submission = await submitHubSpot(page);
  await page.waitForFunction(() => window.__leadlens.submitted.length === 1);
  const values = fieldsObject(submission.fields);
  assert.equal(values['0-1/email'], IDEAL.email);
  for (const name of HIDDEN) assert.equal(`0-1/${name}` in values, false);
  assertIdealOutcome((await record(page)).submits[0]);
  await assertClean();
  await close();
});

test('HubSpot iframe embed (hs-form-frame): the page is told it cannot be scored; nothing else happens', async () => {
  const { page, assertClean, close } = await open('tests/forms/hubspot.html?embed=frame');
  await page.waitForSelector('#form-target .hs-form-frame iframe');
  await page.waitForFunction(() => window.__leadlens.errors.length > 0);
  const { errors, results } = await record(page);
  assert.equal(errors.length, 1, JSON.stringify(errors));
  assert.match(errors[0].message, /iframe \(hs-form-frame\).*raw HTML embed \(hs-form-html\)/);
  assert.equal(results, 0);
  await assertClean();
  await close();
});

// ---------------------------------------------------------------------------------------------
// Marketo

const MKTO_FORM = '#mktoForm_1057';

async function fillMarketo(page, visitor) {
  await page.waitForSelector(`${MKTO_FORM} [name="Email"]`);
  await page.waitForFunction(() => window.__leadlens.results > 0 || window.__leadlens.errors.length > 0);
  await type(page, MKTO_FORM, visitor, (key) => MARKETO_NAMES[key]);
}

/** What Marketo itself would submit now: form.getValues(). */
const marketoValues = (page) => page.evaluate(() => window.MktoForms2.getForm(1057).getValues());

async function submitMarketo(page) {
  await page.click(`${MKTO_FORM} button[type="submit"]`);
  await page.waitForFunction(() => window.__marketoFake.submissions.length === 1);
  return page.evaluate(() => window.__marketoFake.submissions[0]);
}

test('Marketo: an ideal buyer goes to sales review; addHiddenFields values are in getValues() and in the submission', async () => {
  const { page, assertClean, close } = await open('tests/forms/marketo.html');
  await fillMarketo(page, IDEAL);
  await page.waitForFunction(() => window.MktoForms2.getForm(1057).getValues().leadlens_route === 'sales_review');
  const before = await marketoValues(page);
  assert.equal(before.Email, IDEAL.email);

  const submission = await submitMarketo(page);
  await page.waitForFunction(() => window.__leadlens.submitted.length === 1);
  const { submits, submitted, errors } = await record(page);
  assert.deepEqual(errors, []);
  assert.equal(submits.length, 1, 'onSubmit once');
  assertIdealOutcome(submits[0]);
  assertHiddenMatch(submission.values, submits[0]);
  assert.equal(submission.values.Title, IDEAL.title);
  assert.equal(submission.formId, 1057);
  assert.deepEqual(submitted[0].outcome, submits[0]);
  assert.equal(submitted[0].details.followUpUrl, 'https://example.com/thank-you');
  assert.equal(submitted[0].details.values.leadlens_route, 'sales_review');
  // leadlens did not return false from onSuccess: Marketo goes on to its follow-up page.
  await page.waitForFunction(() => window.__marketoFake.navigations.length === 1);
  assert.deepEqual(await page.evaluate(() => window.__marketoFake.navigations), ['https://example.com/thank-you']);
  assert.equal(await page.evaluate(() => window.MktoForms2.getForm(1057).submittable()), true, 'never made unsubmittable');
  await assertClean();
  await close();
});

test('Marketo: a .edu student is disqualified as a student', async () => {
  const { page, assertClean, close } = await open('tests/forms/marketo.html');
  await fillMarketo(page, STUDENT);
  await page.waitForFunction(() => window.MktoForms2.getForm(1057).getValues().leadlens_disqualification === 'student');
  assert.equal((await marketoValues(page)).leadlens_route, 'disqualify');
  const submission = await submitMarketo(page);
  await page.waitForFunction(() => window.__leadlens.submitted.length === 1);
  const { submits, errors } = await record(page);
  assert.deepEqual(errors, []);
  assertStudentOutcome(submits[0]);
  assertHiddenMatch(submission.values, submits[0]);
  await assertClean();
  await close();
});

test('Marketo: hiddenFields maps the values to the instance\'s API names', async () => {
  const { page, assertClean, close } = await open('tests/forms/marketo.html?names=api');
  await fillMarketo(page, IDEAL);
  await page.waitForFunction(() => window.MktoForms2.getForm(1057).getValues().leadlensRoute === 'sales_review');
  const submission = await submitMarketo(page);
  await page.waitForFunction(() => window.__leadlens.submitted.length === 1);
  const [outcome] = (await record(page)).submits;
  assertIdealOutcome(outcome);
  assert.equal(submission.values.leadlensFit, String(outcome.fit));
  assert.equal(submission.values.leadlensIntent, String(outcome.intent));
  assert.equal(submission.values.leadlensDisqualification, '');
  assert.match(submission.values.leadlensModelVersion, /\S/);
  for (const name of HIDDEN) assert.equal(name in submission.values, false, `no ${name}`);
  await assertClean();
  await close();
});

test('Marketo: onSubmitted returning false keeps the visitor on the page (onSuccess returns false only then)', async () => {
  const { page, assertClean, close } = await open('tests/forms/marketo.html?followup=page');
  await fillMarketo(page, IDEAL);
  await page.waitForFunction(() => window.MktoForms2.getForm(1057).getValues().leadlens_route === 'sales_review');
  await submitMarketo(page);
  await page.waitForFunction(() => window.__leadlens.submitted.length === 1);
  // One more turn of the fake's network timer: any navigation would have been recorded by now.
  await page.waitForTimeout(50);
  assert.deepEqual(await page.evaluate(() => window.__marketoFake.navigations), []);
  assert.match(await page.textContent('#leadlens-status'), /page handles the follow-up/);
  await assertClean();
  await close();
});

test('Marketo: an invalid form is left to Marketo (no submission, no outcome), then goes through once fixed', async () => {
  const { page, assertClean, close } = await open('tests/forms/marketo.html');
  await fillMarketo(page, { ...IDEAL, email: '' });
  await page.waitForFunction(() => window.MktoForms2.getForm(1057).getValues().leadlens_route !== undefined);
  await page.click(`${MKTO_FORM} button[type="submit"]`);
  await page.waitForSelector(`${MKTO_FORM} .mktoError`);
  assert.equal(await page.evaluate(() => window.__marketoFake.submissions.length), 0);
  assert.deepEqual((await record(page)).submits, [], 'no outcome for a submission Marketo refused');

  await page.fill(`${MKTO_FORM} [name="Email"]`, IDEAL.email);
  const submission = await submitMarketo(page);
  const { submits } = await record(page);
  assert.equal(submits.length, 1);
  assertIdealOutcome(submits[0]);
  assertHiddenMatch(submission.values, submits[0]);
  await assertClean();
  await close();
});

// ---------------------------------------------------------------------------------------------
// leadlens unavailable: the platform's submission is untouched

for (const { name, path, fill, submit, check } of [
  {
    name: 'HubSpot legacy embed',
    path: 'tests/forms/hubspot.html?embed=legacy',
    fill: (page) => fillHubSpot(page, IDEAL),
    submit: submitHubSpot,
    check: (submission) => {
      const values = fieldsObject(submission.fields);
      assert.equal(values.email, IDEAL.email);
      for (const hidden of HIDDEN) assert.equal(values[hidden], '', `${hidden} stays empty`);
    },
  },
  {
    name: 'HubSpot current embed',
    path: 'tests/forms/hubspot.html?embed=current',
    fill: (page) => fillHubSpot(page, IDEAL, '0-1/'),
    submit: submitHubSpot,
    check: (submission) => {
      const values = fieldsObject(submission.fields);
      assert.equal(values['0-1/email'], IDEAL.email);
      for (const hidden of HIDDEN) assert.equal(values[`0-1/${hidden}`], '', `${hidden} stays empty`);
    },
  },
  {
    name: 'Marketo',
    path: 'tests/forms/marketo.html',
    fill: (page) => fillMarketo(page, IDEAL),
    submit: submitMarketo,
    check: (submission) => {
      assert.equal(submission.values.Email, IDEAL.email);
      for (const hidden of HIDDEN) assert.equal(hidden in submission.values, false, `no ${hidden}`);
    },
  },
]) {
  test(`${name}: when the wasm cannot load, the page is told and the submission still goes through`, async () => {
    const { page, assertClean, close } = await open(path, { breakWasm: true });
    await fill(page);
    const submission = await submit(page);
    check(submission);
    const { results, submits, submitted, errors } = await record(page);
    assert.equal(results, 0, 'nothing scored');
    assert.deepEqual(submits, [], 'no outcome without leadlens');
    assert.deepEqual(submitted, []);
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.match(await page.textContent('#leadlens-status'), /leadlens unavailable/);
    await assertClean();
    await close();
  });
}

// ---------------------------------------------------------------------------------------------
// Plain HTML form with an enrichment hook (tests/forms/plain.html): the test plays the provider.

const PLAIN_FORM = '#plain-form';
const ACME = { name: 'Acme Logistics', industry: 'logistics', employees: 240, country: 'US' };

async function openPlain() {
  const opened = await open('/tests/forms/plain.html');
  await opened.page.waitForFunction(() => window.__leadlens?.results > 0);
  return opened;
}

/** Waits until `predicate` (run in the page) holds, then returns the latest result. */
async function resultWhere(page, predicate) {
  await page.waitForFunction(predicate);
  return page.evaluate(() => window.__lastResult);
}

const enrichedCodes = (result) => result.result.fit.evidence.filter((e) => e.enriched).map((e) => e.code).sort();

test('plain form, enrichment: the answer fills what the visitor did not type, re-scores, marks the evidence; typed answers win; another domain drops it', async () => {
  const { page, assertClean, close } = await openPlain();
  await type(page, PLAIN_FORM, { email: 'dana.ruiz@AcmeLogistics.com', jobtitle: 'Director of Operations' }, (key) => key);
  await page.waitForFunction(() => window.__enrich.calls.includes('acmelogistics.com'));
  const before = await resultWhere(page, () => window.__lastResult?.lead.contact.title === 'Director of Operations');
  assert.deepEqual(before.enriched, []);

  await page.evaluate((acme) => window.__enrich.answer('acmelogistics.com', acme), ACME);
  const after = await resultWhere(page, () => window.__lastResult?.enriched.length > 0);
  assert.deepEqual(after.enriched, ['company.name', 'company.industry', 'company.employees', 'company.country']);
  assert.deepEqual(enrichedCodes(after), ['country.served', 'employees.range', 'industry.primary']);
  assert.ok(after.result.fit.score > before.result.fit.score, `fit ${before.result.fit.score} → ${after.result.fit.score}`);
  assert.equal((await record(page)).hidden.leadlens_fit, String(after.result.fit.score), 'hidden fields follow the enriched score');
  assert.equal(await page.inputValue(`${PLAIN_FORM} [name="employees"]`), '', 'enrichment never writes into the visitor\'s fields');

  // The visitor knows better: their answer wins and is not enriched.
  await page.fill(`${PLAIN_FORM} [name="employees"]`, '1500');
  const typed = await resultWhere(page, () => window.__lastResult?.lead.company.employees === 1500);
  assert.deepEqual(typed.enriched, ['company.name', 'company.industry', 'company.country']);
  assert.ok(!enrichedCodes(typed).includes('employees.range'));

  // A corrected email is another company: Acme's data stops counting.
  await page.fill(`${PLAIN_FORM} [name="email"]`, 'dana.ruiz@gmail.com');
  const other = await resultWhere(page, () => window.__lastResult?.lead.contact.email === 'dana.ruiz@gmail.com');
  assert.deepEqual(other.enriched, []);
  assert.equal(other.lead.company.industry ?? null, null);
  assert.deepEqual(await page.evaluate(() => window.__enrich.calls), ['acmelogistics.com', 'gmail.com']);
  assert.deepEqual((await record(page)).errors, []);
  await assertClean();
  await close();
});

test('plain form, enrichment: slow, failing, wrong or outdated answers never block or mislead the form', async () => {
  const { page, assertClean, close } = await openPlain();
  // Slow: the provider has not answered; the visitor submits anyway, at once, with fresh values.
  await type(page, PLAIN_FORM, { email: 'dana@acmelogistics.com', message: 'We need help with month-end close.' }, (key) => key);
  await page.waitForFunction(() => window.__enrich.calls.length === 1);
  await page.click(`${PLAIN_FORM} [type="submit"]`);
  const submitted = await page.evaluate(() => window.__leadlens.submitted);
  assert.equal(submitted.length, 1, 'submitted without waiting for enrichment');
  assert.equal(submitted[0].entries.email, 'dana@acmelogistics.com');
  assert.equal(submitted[0].entries.leadlens_route, (await page.evaluate(() => window.__lastResult.result.route)));

  // Failing: reported to onError as a non-fatal problem; scoring goes on.
  await page.evaluate(() => window.__enrich.fail('acmelogistics.com', 'provider timed out'));
  await page.waitForFunction(() => window.__leadlens.errors.length === 1);
  assert.deepEqual((await record(page)).errors, [{ name: 'Error', message: 'provider timed out' }]);
  assert.equal(await page.evaluate(() => window.__binding.failed), false);
  await page.fill(`${PLAIN_FORM} [name="jobtitle"]`, 'VP Finance');
  await resultWhere(page, () => window.__lastResult?.lead.contact.title === 'VP Finance');

  // Wrong shape: a typed error naming the field; nothing of it is used.
  await page.fill(`${PLAIN_FORM} [name="email"]`, 'dana@initech.com');
  await page.waitForFunction(() => window.__enrich.calls.includes('initech.com'));
  await page.evaluate(() => window.__enrich.answer('initech.com', { employees: 'a lot', industry: 'software' }));
  await page.waitForFunction(() => window.__leadlens.errors.length === 2);
  const wrong = (await record(page)).errors[1];
  assert.equal(wrong.name, 'LeadlensError');
  assert.match(wrong.message, /company\.employees/);
  assert.deepEqual((await page.evaluate(() => window.__lastResult)).enriched, []);

  // Outdated: an answer for a domain the visitor has left is ignored.
  await page.fill(`${PLAIN_FORM} [name="email"]`, 'dana@globex.com');
  await page.waitForFunction(() => window.__enrich.calls.includes('globex.com'));
  await page.evaluate(() => window.__enrich.answer('initech.com', { industry: 'software' }));
  await page.fill(`${PLAIN_FORM} [name="jobtitle"]`, 'CFO');
  const last = await resultWhere(page, () => window.__lastResult?.lead.contact.title === 'CFO');
  assert.deepEqual(last.enriched, []);
  assert.equal(last.lead.company.industry ?? null, null);
  await assertClean();
  await close();
});
