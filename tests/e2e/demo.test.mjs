// End-to-end test of the www/ demo: started with scripts/serve.mjs (strict CSP), driven in headless
// Chromium. Needs www/pkg/ (scripts/build-wasm.sh). SCREENSHOT=path saves a screenshot.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo, watchPage } from './browser.mjs';

let demo;
let url;
let browser;

before(async () => {
  demo = await startDemo();
  ({ url, browser } = demo);
});

after(async () => {
  await demo?.close();
});

async function openDemo() {
  const page = await browser.newPage({ viewport: { width: 1360, height: 1000 } });
  const { problems } = await watchPage(page);
  const response = await page.goto(url);
  assert.equal(response.headers()['content-security-policy'], "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'");
  await page.waitForSelector('#route');
  return { page, problems };
}

async function routeOf(page) {
  return page.getAttribute('#route', 'data-route');
}

test('student sample is disqualified; editing the JSON rescores; no CSP violations or console errors', async () => {
  const { page, problems } = await openDemo();
  assert.equal(await routeOf(page), 'sales_review', 'the first sample is the ideal buyer');
  assert.match(await page.textContent('#model-info'), /brightline-default/);

  // Keyboard: focus the select and pick the student sample.
  await page.focus('#sample');
  await page.selectOption('#sample', 'student');
  await page.waitForFunction(() => document.querySelector('#route')?.dataset.route === 'disqualify');
  assert.match(await page.textContent('#disqualification'), /student/);

  // Edit the lead: from the student to a director at a logistics company.
  await page.selectOption('#sample', 'ideal');
  await page.waitForFunction(() => document.querySelector('#route')?.dataset.route === 'sales_review');
  const before = Number(await page.textContent('#fit-score span'));
  const lead = JSON.parse(await page.inputValue('#lead-json'));
  lead.company.employees = 8;
  lead.company.country = 'Brazil';
  await page.fill('#lead-json', JSON.stringify(lead, null, 2));
  await page.waitForFunction((old) => Number(document.querySelector('#fit-score span')?.textContent) !== old, before);
  const after = Number(await page.textContent('#fit-score span'));
  assert.ok(after < before, `fit drops for a tiny out-of-market company: ${before} → ${after}`);

  // A bad field is shown inline with its path; a syntax error too.
  lead.company.employees = { many: true };
  await page.fill('#lead-json', JSON.stringify(lead));
  await page.waitForFunction(() => document.querySelector('#input-status')?.textContent.includes('company.employees'));
  assert.match(await page.textContent('#input-status'), /invalid_field/);
  await page.fill('#lead-json', '{ "id": ');
  await page.waitForFunction(() => document.querySelector('#input-status')?.textContent.startsWith('JSON syntax'));
  assert.equal(await page.getAttribute('#lead-json', 'aria-invalid'), 'true');

  // A bad `now` is reported, a good one rescoring works.
  await page.selectOption('#sample', 'vp-demo');
  await page.fill('#now', 'tomorrow');
  await page.waitForFunction(() => document.querySelector('#input-status')?.textContent.includes('invalid_now'));
  await page.fill('#now', '2026-11-23T12:00:00Z');
  await page.waitForFunction(() => document.querySelector('.meta')?.textContent.includes('2026-11-23T12:00:00Z'));

  if (process.env.SCREENSHOT) {
    await page.fill('#now', '2026-11-22T12:00:00Z');
    await page.selectOption('#sample', 'strategic');
    await page.waitForFunction(() => document.querySelector('.meta')?.textContent.includes('2026-11-22T12:00:00Z'));
    await page.screenshot({ path: process.env.SCREENSHOT, fullPage: true });
  }

  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(problems, []);
  await page.close();
});

test('every sample scores to a result with evidence', async () => {
  const { page, problems } = await openDemo();
  const keys = await page.$$eval('#sample option', (options) => options.map((o) => o.value));
  assert.ok(keys.length >= 8, `${keys.length} samples`);
  const routes = {};
  for (const key of keys) {
    await page.selectOption('#sample', key);
    const { id } = JSON.parse(await page.inputValue('#lead-json'));
    await page.waitForFunction((want) => document.querySelector('.lead-id')?.textContent === `Lead ${want}`, id);
    assert.equal(await page.textContent('#input-status'), 'Scored.');
    routes[key] = await routeOf(page);
    assert.ok((await page.$$('table.evidence tbody tr')).length > 0, `${key} shows evidence`);
  }
  assert.equal(routes.student, 'disqualify');
  assert.equal(routes.competitor, 'disqualify');
  assert.equal(routes['job-seeker'], 'disqualify');
  assert.equal(routes['vp-demo'], 'sales_review');
  assert.notEqual(routes['activity-only'], 'sales_review', 'page views alone never reach sales');
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(problems, []);
  await page.close();
});
