// The landing-page demo (www/form.html: "Brightline Consulting — Book an operations consultation")
// end to end: the form qualified live by `attachForm` (leadlens/form) as a visitor types, its
// hidden fields, conditional questions and next-question hint, the thank-you by outcome, the
// graceful fallback when the wasm (or the whole package) fails to load, and the marketer view
// (`?leadlens=debug`) with <leadlens-panel>. Served by scripts/serve.mjs under the strict CSP and
// driven in headless Chromium, typing with the keyboard. Every test also asserts no console
// errors and no CSP violations. Needs www/pkg/ (scripts/build-wasm.sh).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

import { startDemo, watchPage } from './browser.mjs';

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const model = JSON.parse(readFileSync(new URL('../../models/default.json', import.meta.url), 'utf8'));
const HIDDEN = ['leadlens_fit', 'leadlens_intent', 'leadlens_route', 'leadlens_disqualification', 'leadlens_model_version'];

// People, typed field by field in form order. Selects are chosen, text is typed key by key.
const IDEAL_BUYER = [
  ['firstname', 'Dana'],
  ['lastname', 'Ruiz'],
  ['email', 'dana.ruiz@acmelogistics.com'],
  ['company', 'Acme Logistics'],
  ['jobtitle', 'Director of Operations'],
  ['numemployees', '200-999'],
  ['industry', 'logistics'],
  ['country', 'US'],
  ['message', 'Our order-to-cash process is a bottleneck and month-end close takes two weeks. We have budget approved for Q1.'],
];
const STUDENT = [
  ['firstname', 'Sam'],
  ['lastname', 'Lee'],
  ['email', 'sam.lee@stateu.edu'],
  ['company', 'State University'],
  ['jobtitle', 'Student'],
  ['message', "I'm writing my thesis on warehouse operations and would love to interview a consultant."],
];
// A competitor's operations director: an ideal profile until the email domain gives them away.
const COMPETITOR_PROFILE = [
  ['firstname', 'Alex'],
  ['lastname', 'Moreno'],
  ['company', 'Northpeak'],
  ['jobtitle', 'Director of Operations'],
  ['numemployees', '200-999'],
  ['industry', 'software'],
  ['country', 'US'],
];

let demo;

before(async () => {
  demo = await startDemo();
});

after(async () => {
  await demo?.close();
});

/**
 * Opens form.html in a fresh context. `block`: 'wasm' aborts every .wasm request, 'package'
 * answers 404 for the leadlens/form entry itself. Waits until leadlens has scored the empty form
 * (hidden route written) or, when blocked, until the page has fallen back.
 */
async function openForm({ debug = false, block = null, viewport = { width: 1360, height: 1000 }, colorScheme = 'light' } = {}) {
  const context = await demo.browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  const { problems, cspViolations } = await watchPage(page);
  if (block === 'wasm') await page.route('**/*.wasm', (route) => route.abort());
  if (block === 'package') await page.route('**/pkg/form.js', (route) => route.fulfill({ status: 404, body: 'not found' }));
  // The page announces each rendered result on the form (a non-bubbling event: caught while
  // capturing); keep the last one for assertions about what leadlens computed.
  await page.addInitScript(() => {
    window.addEventListener('brightline-rendered', (event) => { window.__lastResult = event.detail; }, true);
  });
  // axe-core from the page's own origin, so the strict CSP stays on while it runs.
  await page.route('**/__axe.min.js', (route) => route.fulfill({ path: axePath, contentType: 'text/javascript' }));
  const response = await page.goto(new URL(debug ? 'form.html?leadlens=debug' : 'form.html', demo.url).href);
  assert.equal(response.status(), 200);
  assert.equal(response.headers()['content-security-policy'], CSP);
  if (block) await page.waitForFunction(() => !document.querySelector('#budget').closest('.field').hidden);
  else await page.waitForFunction(() => document.querySelector('input[name="leadlens_route"]').value !== '');
  return { page, problems, cspViolations, close: () => context.close() };
}

/** Waits two animation frames: leadlens scores at most once per frame, then the page renders. */
function settle(page) {
  return page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

/** Types text key by key, or picks a select option (focusing it first, as a visitor would). */
async function answer(page, name, value) {
  const field = page.locator(`#consultation-form [name="${name}"]`);
  if ((await field.evaluate((e) => e.tagName)) === 'SELECT') {
    await field.focus();
    await field.selectOption(value);
  } else {
    await field.pressSequentially(value);
  }
  await settle(page);
}

async function answerAll(page, person) {
  for (const [name, value] of person) await answer(page, name, value);
}

/** The hidden inputs leadlens writes, read from the DOM by name. */
function hiddenValues(page) {
  return page.evaluate((names) => Object.fromEntries(names.map((n) => [n, document.querySelector(`#consultation-form input[type="hidden"][name="${n}"]`)?.value ?? null])), HIDDEN);
}

/** Visible, enabled and focusable: what a visitor can answer. */
function questionState(page, name) {
  return page.evaluate((n) => {
    const control = document.querySelector(`#consultation-form [name="${n}"]`);
    const wrapper = control.closest('.field');
    return { visible: !wrapper.hidden && control.offsetParent !== null, disabled: control.disabled, focused: document.activeElement === control };
  }, name);
}

/** The suggested next question: its field, and whether the hint is attached to it accessibly. */
function suggestion(page) {
  return page.evaluate(() => {
    const hint = document.querySelector('#suggest-hint');
    const field = document.querySelector('#consultation-form .field.suggested');
    if (!field) return { name: null, hintVisible: !hint.hidden };
    const control = field.querySelector('[name]');
    return {
      name: control.name,
      count: document.querySelectorAll('#consultation-form .field.suggested').length,
      hintVisible: !hint.hidden && field.contains(hint) && hint.offsetParent !== null,
      hintText: hint.textContent,
      describedBy: (control.getAttribute('aria-describedby') ?? '').split(/\s+/).includes(hint.id),
    };
  });
}

/** Submits with the keyboard (Enter on the focused submit button) and waits for the thank-you. */
async function submit(page) {
  await page.locator('#consultation-form button[type="submit"]').focus();
  await page.keyboard.press('Enter');
  await page.waitForSelector('#thank-you:not([hidden])');
  return page.evaluate(() => {
    const section = document.querySelector('#thank-you');
    const last = brightline.submissions.at(-1);
    return {
      action: section.dataset.action,
      scored: section.dataset.scored,
      title: section.querySelector('h2').textContent,
      text: section.textContent,
      focusedTitle: document.activeElement === section.querySelector('h2'),
      formHidden: document.querySelector('#form-area').hidden,
      entries: Object.fromEntries(last.entries),
      outcome: last.outcome,
    };
  });
}

async function assertClean({ problems, cspViolations }, allowed = []) {
  assert.deepEqual(await cspViolations(), [], 'no CSP violations');
  assert.deepEqual(problems.filter((p) => !allowed.some((re) => re.test(p))), [], 'no console errors or warnings');
}

async function axeViolations(page) {
  await page.addScriptTag({ url: '/__axe.min.js' });
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

test('the select options are what the lead reader and the default model understand', async () => {
  const { page, close, ...watch } = await openForm();
  const options = await page.evaluate(() =>
    Object.fromEntries(['industry', 'country', 'numemployees'].map((n) => [n, [...document.querySelector(`#${n}`).options].map((o) => o.value).filter(Boolean)])));
  const industries = [...model.fit.industry.primary, ...model.fit.industry.secondary, ...model.fit.industry.excluded];
  for (const value of options.industry.filter((v) => v !== 'other')) assert.ok(industries.includes(value), `industry "${value}" is one of the model's`);
  for (const region of model.fit.country.served) {
    for (const code of model.fit.country.regions[region]) assert.ok(options.country.includes(code), `served country ${code} can be chosen`);
  }
  assert.ok(options.country.every((c) => /^[A-Z]{2}$/.test(c)), 'countries are ISO 3166 codes');
  // Every size band is read (no "unreadable answer"), and the bands land in the model's ranges.
  for (const band of options.numemployees) {
    await page.selectOption('#numemployees', band);
    await settle(page);
    const { problems, lead } = await page.evaluate(() => window.__lastResult);
    assert.deepEqual(problems, [], `"${band}" is readable`);
    const [low, high = Infinity] = band.replaceAll(',', '').replace('+', '').split('-').map(Number);
    const employees = lead.company.employees;
    assert.ok(employees >= low && employees <= high, `"${band}" is read as ${employees}, inside the band`);
  }
  await assertClean(watch);
  await close();
});

test('ideal buyer: typed key by key, reaches sales review, fills the hidden fields, gets meeting slots', async () => {
  const { page, close, ...watch } = await openForm();
  assert.deepEqual(await questionState(page, 'budget'), { visible: false, disabled: true, focused: false }, 'no sales questions for an anonymous visitor');
  assert.equal((await questionState(page, 'timeline')).visible, false);

  // The next-question hint: always exactly one unanswered, visible field, described accessibly,
  // and it moves on as the visitor answers.
  const seen = [];
  const answered = new Set();
  const first = await suggestion(page);
  assert.ok(first.name, 'an empty form already suggests a question');
  seen.push(first.name);
  for (const [name, value] of IDEAL_BUYER) {
    await answer(page, name, value);
    answered.add(name);
    const now = await suggestion(page);
    if (now.name === null) continue;
    seen.push(now.name);
    assert.equal(now.count, 1, 'one suggested question at a time');
    assert.ok(!answered.has(now.name), `after ${name}, the suggestion (${now.name}) is not an answered question`);
    assert.ok(now.hintVisible, 'the hint is shown in the suggested field');
    assert.equal(now.hintText, 'Helps us route you faster');
    assert.ok(now.describedBy, `${now.name} is described by the hint (aria-describedby)`);
    assert.equal((await questionState(page, now.name)).visible, true);
  }
  const changes = seen.filter((name, i) => i > 0 && name !== seen[i - 1]).length;
  assert.ok(changes >= 2, `the suggestion changed as fields were filled: ${seen.join(' → ')}`);
  assert.equal((await suggestion(page)).name, null, 'a complete ideal buyer leaves nothing worth asking');

  const hidden = await hiddenValues(page);
  assert.equal(hidden.leadlens_route, 'sales_review');
  assert.ok(Number(hidden.leadlens_fit) >= model.routing.sales_review.fit, `fit ${hidden.leadlens_fit}`);
  assert.ok(Number(hidden.leadlens_intent) >= model.bands.intent.high, `intent ${hidden.leadlens_intent}`);
  assert.equal(hidden.leadlens_disqualification, '');
  assert.equal(hidden.leadlens_model_version, model.version);

  // A likely buyer is asked the sales questions.
  for (const name of ['budget', 'timeline']) assert.deepEqual(await questionState(page, name), { visible: true, disabled: false, focused: false }, name);
  await answer(page, 'budget', '25k_100k');
  await answer(page, 'timeline', 'this_quarter');

  const sent = await submit(page);
  assert.equal(sent.action, 'book_meeting');
  assert.equal(sent.scored, 'true');
  assert.ok(sent.formHidden && sent.focusedTitle, 'the thank-you replaces the form and takes focus');
  assert.match(sent.title, /Dana/);
  // What the CRM receives: the answers and the hidden scores as they were at submit.
  for (const [name, value] of IDEAL_BUYER) assert.equal(sent.entries[name], value, name);
  assert.equal(sent.entries.budget, '25k_100k');
  assert.equal(sent.entries.timeline, 'this_quarter');
  for (const name of HIDDEN) assert.equal(sent.entries[name], hidden[name], name);
  assert.equal(sent.outcome.action, 'book_meeting');

  // Pick a time with the keyboard.
  const slots = page.locator('#thank-you button[data-slot]');
  assert.ok((await slots.count()) >= 6, 'several slots over the next working days');
  await slots.nth(1).focus();
  await page.keyboard.press('Enter');
  assert.equal(await slots.nth(1).getAttribute('aria-pressed'), 'true');
  assert.match(await page.textContent('#booking-status'), /^Booked: .+ dana\.ruiz@acmelogistics\.com\.$/);

  // "Send another request": an empty form again, scored again (no sales questions).
  await page.getByRole('button', { name: 'Send another request' }).click();
  await settle(page);
  assert.equal(await page.inputValue('#firstname'), '');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'firstname');
  assert.equal((await questionState(page, 'budget')).visible, false);
  assert.equal((await hiddenValues(page)).leadlens_route, 'nurture');
  await assertClean(watch);
  await close();
});

test('.edu student: disqualified as a student, never asked about budget, offered student resources', async () => {
  const { page, close, ...watch } = await openForm();
  await answerAll(page, STUDENT);
  const hidden = await hiddenValues(page);
  assert.equal(hidden.leadlens_route, 'disqualify');
  assert.equal(hidden.leadlens_disqualification, 'student');
  assert.equal((await questionState(page, 'budget')).visible, false);
  assert.equal((await questionState(page, 'timeline')).visible, false);

  const sent = await submit(page);
  assert.equal(sent.action, 'resources');
  assert.match(sent.text, /study and research/);
  assert.equal(await page.getByRole('link', { name: 'Student and research resources' }).count(), 1);
  assert.equal(sent.entries.leadlens_disqualification, 'student');
  assert.equal(sent.entries.email, 'sam.lee@stateu.edu');
  assert.ok(!('budget' in sent.entries), 'a hidden question is not sent');
  await assertClean(watch);
  await close();
});

test('competitor domain: sales questions appear for the profile, disappear with the email; plain thanks', async () => {
  const { page, close, ...watch } = await openForm();
  await answerAll(page, COMPETITOR_PROFILE);
  assert.equal((await questionState(page, 'budget')).visible, true, 'an ideal profile looks like a buyer');
  assert.equal((await questionState(page, 'timeline')).visible, true);

  await answer(page, 'email', 'alex.moreno@northpeak.co');
  assert.equal((await questionState(page, 'budget')).visible, false, 'gone once the domain is a competitor');
  assert.equal((await questionState(page, 'timeline')).visible, false);
  const hidden = await hiddenValues(page);
  assert.equal(hidden.leadlens_route, 'disqualify');
  assert.equal(hidden.leadlens_disqualification, 'competitor');

  await answer(page, 'message', "We'd like to understand how you run these consultations.");
  const sent = await submit(page);
  assert.equal(sent.action, 'thank_you');
  assert.equal(sent.title, 'Thanks, Alex');
  assert.doesNotMatch(sent.text, /competitor|disqualif|score/i, 'the visitor is told nothing about the verdict');
  assert.equal(sent.entries.leadlens_disqualification, 'competitor', 'the CRM is');
  await assertClean(watch);
  await close();
});

test('a shown question keeps its place while focused or answered, whatever the score does', async () => {
  const { page, close, ...watch } = await openForm();
  await answerAll(page, IDEAL_BUYER);
  assert.equal((await questionState(page, 'budget')).visible, true);

  // The visitor is on the budget question when autofill rewrites other fields (focus stays put):
  // the lead turns into a student, the score drops, but the focused question must not vanish.
  const autofill = (values) =>
    page.evaluate((pairs) => {
      for (const [name, value] of pairs) {
        const control = document.querySelector(`#consultation-form [name="${name}"]`);
        control.value = value;
        control.dispatchEvent(new Event('input', { bubbles: true }));
      }
    }, values);
  await page.locator('#budget').focus();
  await autofill([['email', 'dana@stateu.edu'], ['jobtitle', 'Student']]);
  await settle(page);
  assert.equal((await hiddenValues(page)).leadlens_route, 'disqualify', 'the score dropped');
  assert.deepEqual(await questionState(page, 'budget'), { visible: true, disabled: false, focused: true }, 'focused: stays');
  assert.equal((await questionState(page, 'timeline')).visible, false, 'unfocused and unanswered: hidden');

  // Focus moves on without an answer: now it goes.
  await page.keyboard.press('Tab');
  await settle(page);
  assert.equal((await questionState(page, 'budget')).visible, false);
  assert.equal(await page.evaluate(() => document.activeElement.name), 'email_opt_in', 'Tab skipped the hidden questions');

  // An answered question stays too.
  await autofill([['email', 'dana.ruiz@acmelogistics.com'], ['jobtitle', 'Director of Operations']]);
  await settle(page);
  assert.equal((await questionState(page, 'budget')).visible, true);
  await answer(page, 'budget', 'over_250k');
  await page.locator('#message').focus();
  await autofill([['jobtitle', 'Student']]);
  await settle(page);
  assert.equal((await hiddenValues(page)).leadlens_route, 'disqualify');
  assert.deepEqual(await questionState(page, 'budget'), { visible: true, disabled: false, focused: false }, 'answered: stays');
  assert.equal(await page.inputValue('#budget'), 'over_250k', 'and keeps its answer');
  assert.equal((await questionState(page, 'timeline')).visible, false);
  await assertClean(watch);
  await close();
});

for (const block of ['wasm', 'package']) {
  test(`leadlens unavailable (${block === 'wasm' ? 'every .wasm request fails' : 'leadlens/form answers 404'}): the form is complete and still submits`, async () => {
    const { page, close, ...watch } = await openForm({ block });
    // Without leadlens every question is asked, nothing is suggested, nothing is scored.
    for (const name of ['budget', 'timeline']) assert.deepEqual(await questionState(page, name), { visible: true, disabled: false, focused: false }, name);
    await answerAll(page, IDEAL_BUYER);
    await answer(page, 'budget', '100k_250k');
    await page.locator('#email_opt_in').check();
    assert.equal((await suggestion(page)).name, null);
    assert.deepEqual(await hiddenValues(page), Object.fromEntries(HIDDEN.map((n) => [n, ''])));

    const sent = await submit(page);
    assert.equal(sent.action, 'thank_you', 'the plain thank-you');
    assert.equal(sent.scored, 'false');
    assert.equal(sent.title, 'Thanks, Dana');
    assert.equal(sent.outcome, null);
    // The submission is intact: every answer, the consent, the (empty) hidden fields.
    for (const [name, value] of IDEAL_BUYER) assert.equal(sent.entries[name], value, name);
    assert.equal(sent.entries.budget, '100k_250k');
    assert.equal(sent.entries.timeline, '');
    assert.equal(sent.entries.email_opt_in, 'yes');
    for (const name of HIDDEN) assert.equal(sent.entries[name], '', name);
    // The blocked requests are the browser's own console errors; nothing else may complain.
    await assertClean(watch, [/Failed to load resource/]);
    await close();
  });
}

test('marketer view (?leadlens=debug): the panel scores the typed lead beside the form; state table', async () => {
  const { page, close, ...watch } = await openForm({ debug: true });
  await page.waitForFunction(() => document.querySelector('#panel-status')?.dataset.state === 'ready');
  assert.equal(await page.locator('#marketer-view').isVisible(), true);
  assert.equal(await page.textContent('#view-switch'), 'Visitor view');
  const now = await page.evaluate(() => brightline.now);
  assert.equal(await page.textContent('#state-now'), now);

  await answerAll(page, IDEAL_BUYER);
  await page.waitForFunction(() => document.querySelector('leadlens-panel').result?.fit.score === Number(document.querySelector('input[name="leadlens_fit"]').value));
  const hidden = await hiddenValues(page);
  const panel = await page.evaluate(() => document.querySelector('leadlens-panel').result);
  assert.equal(panel.route, 'sales_review');
  assert.equal(panel.fit.score, Number(hidden.leadlens_fit));
  assert.equal(panel.intent.score, Number(hidden.leadlens_intent));
  assert.equal(panel.scored_at.slice(0, 19), now.slice(0, 19), 'the panel scores at the form\'s `now`');
  assert.equal(await page.locator('leadlens-panel .badge').first().textContent(), 'Sales review');

  // The state table says what leadlens sees, in words a marketer can check against the form.
  const rows = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#form-state tbody tr')].map((tr) => [tr.querySelector('th').textContent, tr.querySelector('td').textContent])));
  assert.match(rows['On submit'], /^book meeting \(route sales_review, fit \d+, intent \d+\)$/);
  assert.match(rows['Next question'], /^none/);
  assert.equal(rows['Conditional questions'], 'budget: shown, timeline: shown');
  for (const [name] of IDEAL_BUYER) assert.ok(rows['Answered fields'].split(', ').includes(name), `${name} answered`);
  assert.equal(rows['Unreadable answers'], 'none');
  const table = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('#hidden-state tbody tr')].map((tr) => [tr.dataset.field, tr.querySelector('td').textContent])));
  assert.deepEqual(table, { ...hidden, leadlens_disqualification: '(empty)' });

  // The next question row follows the hint on the form.
  await page.locator('#country').selectOption('');
  await settle(page);
  assert.equal((await suggestion(page)).name, 'country');
  assert.match(await page.textContent('#state-next'), /^Country \(country → company\.country\)/);
  assert.equal(await page.textContent('#state-enriched'), 'none');
  assert.equal(await page.textContent('#state-contact'), 'dedupe key dana.ruiz@acmelogistics.com|acmelogistics.com');

  // The demo's enrichment knows initech.com: what the visitor leaves blank comes from it, and the
  // panel says which points rest on it. A shared mailbox is a contact detail to check.
  await page.fill('#email', 'info@initech.com');
  await page.locator('#numemployees').selectOption('');
  await page.locator('#industry').selectOption('');
  // Each change re-scores on its own animation frame: wait for the last one (the industry).
  await page.waitForFunction(() => document.querySelector('#state-enriched').textContent.includes('company.industry'));
  assert.equal(await page.textContent('#state-enriched'), 'company.industry, company.employees, company.country');
  await page.waitForFunction(() => document.querySelector('leadlens-panel').result?.contact_quality.hints.length === 1);
  const enrichedItems = await page.locator('leadlens-panel li[data-code="employees.range"] .source').textContent();
  assert.match(enrichedItems, /enriched: from a data provider/);
  assert.match(await page.locator('leadlens-panel .contact-hints').textContent(), /Info@ is a shared mailbox/);
  assert.match(await page.textContent('#state-contact'), /^dedupe key info@initech\.com\|initech\.com; info@ is a shared mailbox/);
  await assertClean(watch);
  await close();
});

test('marketer view when leadlens cannot load: says so, and the form still works', async () => {
  const { page, close, ...watch } = await openForm({ debug: true, block: 'wasm' });
  await page.waitForFunction(() => document.querySelector('#leadlens-status').dataset.state === 'unavailable');
  assert.match(await page.textContent('#leadlens-status'), /leadlens is unavailable .*The form still works/);
  await page.waitForFunction(() => document.querySelector('#panel-status').dataset.state === 'unavailable');
  await answerAll(page, STUDENT);
  assert.equal((await submit(page)).action, 'thank_you');
  await assertClean(watch, [/Failed to load resource/]);
  await close();
});

test('accessibility: keyboard path, axe-core (light, dark, marketer view), 200% zoom in one column', async () => {
  for (const [options, what] of [
    [{}, 'visitor view, light'],
    [{ colorScheme: 'dark' }, 'visitor view, dark'],
    [{ debug: true }, 'marketer view, light'],
    [{ debug: true, colorScheme: 'dark' }, 'marketer view, dark'],
    // 200% zoom of a 1280 × 800 window: the same CSS pixels as a 640 × 400 viewport.
    [{ debug: true, viewport: { width: 640, height: 400 } }, 'marketer view at 200% zoom'],
  ]) {
    const { page, close, ...watch } = await openForm(options);
    if (options.debug) await page.waitForFunction(() => document.querySelector('#panel-status')?.dataset.state === 'ready');
    await answerAll(page, IDEAL_BUYER.slice(0, 6));
    assert.deepEqual(await axeViolations(page), [], what);
    if (options.viewport) {
      const layout = await page.evaluate(() => {
        const box = (s) => document.querySelector(s).getBoundingClientRect();
        return { overflow: document.documentElement.scrollWidth - window.innerWidth, form: box('#booking'), marketer: box('#marketer-view'), hero: box('.hero') };
      });
      assert.ok(layout.overflow <= 0, `no horizontal scrolling (${layout.overflow}px)`);
      assert.ok(layout.marketer.top >= layout.form.bottom && layout.hero.top >= layout.marketer.bottom, 'one column: form, marketer view, then the pitch');
    }
    await assertClean(watch);
    await close();
  }

  // Keyboard only: skip link → the form → the first field; Tab order follows the visible form.
  const { page, close, ...watch } = await openForm();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'firstname');
  const order = [];
  for (let i = 0; i < 11; i += 1) {
    order.push(await page.evaluate(() => document.activeElement.name || document.activeElement.type));
    await page.keyboard.press('Tab');
  }
  assert.deepEqual(order, ['firstname', 'lastname', 'email', 'company', 'jobtitle', 'numemployees', 'industry', 'country', 'message', 'email_opt_in', 'submit']);
  await assertClean(watch);
  await close();
});

test('the demo index links to the landing page', async () => {
  const context = await demo.browser.newContext();
  const page = await context.newPage();
  const watch = await watchPage(page);
  await page.goto(demo.url);
  await page.getByRole('link', { name: /landing page/i }).click();
  await page.waitForURL(/form\.html$/);
  assert.equal(await page.textContent('h1'), 'Book an operations consultation');
  await assertClean(watch);
  await context.close();
});
