// <leadlens-panel> end to end on the CRM sidebar demo (www/crm.html), served under the strict CSP
// and driven in headless Chromium with the keyboard only: accept a lead; reject another, first
// without a reason (refused), then with one. The decision must reach the mock CRM (record status and
// activity timeline). Also: no console errors or CSP violations, axe-core finds no serious or
// critical accessibility violation, and a screenshot of the panel is saved as a test artifact
// (target/e2e/panel.png, or $ARTIFACTS_DIR/panel.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startDemo, watchPage } from './browser.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const artifacts = process.env.ARTIFACTS_DIR ?? join(repo, 'target', 'e2e');
let demo;

before(async () => {
  demo = await startDemo();
});

after(async () => {
  await demo?.close();
});

async function openCrm() {
  const context = await demo.browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const page = await context.newPage();
  const { problems } = await watchPage(page);
  await page.addInitScript(() => {
    window.__decisions = [];
    document.addEventListener('leadlens-decision', (e) => window.__decisions.push(e.detail));
  });
  // axe-core is served from the page's own origin, so the strict CSP stays on while it runs.
  await page.route('**/__axe.min.js', (route) => route.fulfill({ path: axePath, contentType: 'text/javascript' }));
  await page.goto(new URL('crm.html', demo.url).href);
  await page.waitForFunction(() => document.querySelector('#panel-state')?.dataset.state === 'ready');
  await page.waitForSelector('leadlens-panel .badge');
  return { page, problems, close: () => context.close() };
}

/** What has focus, looking through shadow roots. */
function focused(page) {
  return page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    return {
      tag: element?.tagName ?? null,
      type: element?.type ?? null,
      value: element?.value ?? null,
      className: element?.className ?? '',
      inPanel: element?.getRootNode() instanceof ShadowRoot,
    };
  });
}

/** Presses Tab until `wanted(focus)` holds; fails after `limit` presses. */
async function tabTo(page, wanted, what, limit = 60) {
  for (let i = 0; i < limit; i += 1) {
    if (wanted(await focused(page))) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`Tab never reached ${what}; focus is on ${JSON.stringify(await focused(page))}`);
}

const onRadio = (value) => (f) => f.inPanel && f.type === 'radio' && f.value === value;

async function syncState(page) {
  return page.locator('leadlens-panel .sync').getAttribute('data-state');
}

test('keyboard only: accept a lead; a rejection needs a reason; both reach the CRM', async () => {
  const { page, problems, close } = await openCrm();
  const first = await page.evaluate(() => crm.currentId);
  assert.equal(await page.textContent('leadlens-panel .badge'), 'Sales review');

  // Accept: Tab into the panel's outcome group, Space checks "Accept", then submit with Enter.
  await tabTo(page, onRadio('accepted'), 'the Accept radio');
  await page.keyboard.press('Space');
  await tabTo(page, (f) => f.inPanel && f.className === 'submit', 'the submit button');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('leadlens-panel').shadowRoot.querySelector('.sync')?.dataset.state === 'synced');
  assert.match(await page.textContent('leadlens-panel .sync-text'), /Accept: recorded in the CRM/);
  await page.waitForFunction((id) => crm.record(id).status === 'Sales accepted', first);
  assert.equal(await page.textContent('#record-status'), 'Sales accepted');
  assert.match(await page.textContent('.timeline li'), /accepted/);
  const accepted = await page.evaluate((id) => crm.record(id).decisions, first);
  assert.equal(accepted.length, 1);
  assert.equal(accepted[0].outcome, 'accepted');
  assert.equal(accepted[0].reviewer, await page.evaluate(() => crm.reviewer));

  // Open the next lead from the list with the keyboard (focus the list's one tab stop first).
  await page.evaluate(() => document.querySelector('#leads button[tabindex="0"]').focus());
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  const second = await page.evaluate(() => crm.currentId);
  assert.notEqual(second, first);
  await page.waitForFunction(
    (id) => document.querySelector('leadlens-panel').result?.lead_id === id,
    second,
  );

  // Reject without a reason: Arrow keys move within the radio group, Enter in a form submits.
  await tabTo(page, onRadio('accepted'), 'the outcome group');
  await page.keyboard.press('ArrowRight');
  assert.deepEqual((await focused(page)).value, 'rejected');
  await tabTo(page, (f) => f.inPanel && f.className === 'submit', 'the submit button');
  await page.keyboard.press('Enter');
  // Refused: focus goes to the reason, which says why; nothing reached the CRM.
  await page.waitForFunction(() => {
    const root = document.querySelector('leadlens-panel').shadowRoot;
    return root.activeElement?.tagName === 'SELECT';
  });
  assert.equal(await page.getAttribute('leadlens-panel select', 'aria-invalid'), 'true');
  assert.match(await page.textContent('leadlens-panel #reason-error'), /reason is required to reject/);
  assert.deepEqual(await page.evaluate((id) => crm.record(id).decisions, second), []);

  // Choose a reason with the arrow keys, type a note, submit.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const reason = await page.evaluate(() => document.querySelector('leadlens-panel').shadowRoot.querySelector('select').value);
  assert.notEqual(reason, '');
  await page.keyboard.press('Tab');
  assert.equal((await focused(page)).tag, 'TEXTAREA');
  await page.keyboard.type('Agency pitch, not a buyer.');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForFunction((id) => crm.record(id).decisions.length === 1, second);
  const [rejected] = await page.evaluate((id) => crm.record(id).decisions, second);
  assert.equal(rejected.outcome, 'rejected');
  assert.equal(rejected.reason_code, reason);
  assert.equal(rejected.note, 'Agency pitch, not a buyer.');
  assert.match(rejected.decision_id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  await page.waitForFunction(() => document.querySelector('#record-status')?.textContent.startsWith('Rejected'));
  assert.equal(await syncState(page), 'synced');

  // The panel reported each decision's states as events.
  const states = await page.evaluate(() => window.__decisions.map((d) => `${d.decision.outcome}:${d.status}`));
  assert.ok(states.includes('accepted:pending') && states.includes('accepted:synced'), states.join(', '));
  assert.ok(states.includes('rejected:synced'), states.join(', '));

  // A visible focus ring inside the panel.
  await tabTo(page, onRadio('accepted'), 'the outcome group');
  const outline = await page.evaluate(() => {
    const root = document.querySelector('leadlens-panel').shadowRoot;
    return getComputedStyle(root.activeElement).outlineStyle;
  });
  assert.notEqual(outline, 'none');

  assert.deepEqual(await page.evaluate(() => window.__cspViolations), []);
  assert.deepEqual(problems, []);
  await close();
});

test('offline: the decision waits, visibly, and lands once the CRM is back', async () => {
  const { page, problems, close } = await openCrm();
  const id = await page.evaluate(() => crm.currentId);
  await page.selectOption('#connection', 'offline');
  await tabTo(page, onRadio('accepted'), 'the Accept radio');
  await page.keyboard.press('Space');
  await tabTo(page, (f) => f.inPanel && f.className === 'submit', 'the submit button');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /Retrying automatically/.test(document.querySelector('leadlens-panel').shadowRoot.querySelector('.sync-text')?.textContent));
  assert.equal(await syncState(page), 'pending');
  assert.deepEqual(await page.evaluate((leadId) => crm.record(leadId).decisions, id), []);
  await page.selectOption('#connection', 'online');
  await page.waitForFunction((leadId) => crm.record(leadId).decisions.length === 1, id, { timeout: 10_000 });
  await page.waitForFunction(() => document.querySelector('leadlens-panel').shadowRoot.querySelector('.sync')?.dataset.state === 'synced');
  const decisionId = await page.evaluate((leadId) => crm.record(leadId).decisions[0].decision_id, id);
  assert.equal(await page.evaluate((d) => crm.appliedCount(d), decisionId), 1);
  assert.deepEqual(problems, []);
  await close();
});

test('axe-core: no serious or critical violations; screenshot of the panel', async () => {
  const { page, close } = await openCrm();
  await page.addScriptTag({ url: '/__axe.min.js' });
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  assert.deepEqual(serious, []);

  mkdirSync(artifacts, { recursive: true });
  const file = join(artifacts, 'panel.png');
  // Tall enough that the sidebar shows the whole panel without its own scrolling.
  const height = await page.evaluate(() => document.querySelector('leadlens-panel').scrollHeight);
  await page.setViewportSize({ width: 1440, height: Math.min(6000, height + 400) });
  await page.locator('leadlens-panel').screenshot({ path: file });
  console.log(`# screenshot: ${file}`);
  await close();
});
