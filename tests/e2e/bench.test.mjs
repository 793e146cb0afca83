// Smoke test of the benchmark page (www/bench.html) in headless Chromium under the strict CSP: a
// quick run (?quick=1: tiny counts) fills the comparison table with leadlens, the hand-written
// JavaScript and json-rules-engine (their answers checked against leadlens's first), the cold-start
// table (the wasm streamed: served as application/wasm) and the panel render table, with no console
// errors or CSP violations; axe-core finds nothing serious. Timings are shown, never asserted: a
// benchmark is not a test. Builds www/gen/ (scripts/bench-bundle.mjs); needs www/pkg/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { seriousAxeViolations, startDemo, watchPage } from './browser.mjs';
import { CSP } from '../../scripts/serve.mjs';
import { bundleBench } from '../../scripts/bench-bundle.mjs';

let demo;

before(async () => {
  await bundleBench();
  demo = await startDemo();
});

after(async () => {
  await demo?.close();
});

const cells = (page, selector) =>
  page.$$eval(`${selector} tbody tr`, (rows) => rows.map((row) => [...row.cells].map((cell) => cell.textContent)));

test('bench.html?quick=1 runs the three implementations, cold start and the panel under the CSP, with no console errors', async () => {
  const page = await demo.browser.newPage({ viewport: { width: 1300, height: 1000 } });
  const { problems, cspViolations } = await watchPage(page);
  const response = await page.goto(new URL('bench.html?quick=1', demo.url).href);
  assert.equal(response.headers()['content-security-policy'], CSP);
  await page.waitForFunction(() => document.body.dataset.state === 'done' || document.body.dataset.state === 'failed', null, { timeout: 120_000 });
  const result = await page.evaluate(() => window.__benchResult);
  assert.equal(result.error, undefined, `the run failed: ${result.error}`);
  assert.equal(await page.getAttribute('body', 'data-state'), 'done');

  // Every alternative was checked against leadlens before it was timed.
  const { verified } = result.results;
  assert.ok(verified.handwritten > 0 && verified.batch > 0 && verified.rules_engine > 0, JSON.stringify(verified));

  const comparison = await cells(page, '#comparison');
  assert.equal(comparison.length, 3, 'one row per comparison');
  assert.deepEqual(comparison.map((row) => row[4]), ['hand-written JS', 'json-rules-engine', 'hand-written JS']);
  for (const row of comparison) {
    assert.match(row[0], /lead/);
    assert.match(row[1], /^Chromium \d+$/);
    for (const i of [2, 3, 5, 6]) assert.match(row[i], /^\d+(\.\d+)?$/, `a number of µs in ${JSON.stringify(row)}`);
    for (const i of [7, 8]) assert.match(row[i], /^leadlens [\d.]+× (faster|slower)$/);
  }
  assert.match(await page.textContent('#memory'), /^Wasm memory: .* after warm-up → .* \(growth -?[\d,]+ bytes\)/);

  const cold = await cells(page, '#cold-start');
  assert.deepEqual(cold.map((row) => row[0]), [
    'import the package (JS)',
    '· of which downloading its JS files',
    'init(): fetch + compile + instantiate (streamed)',
    '· of which downloading the .wasm (compiled as it arrives)',
    'first score (model parsed, lead scored)',
    'total: import + init + first score',
    'since the frame started loading',
  ]);
  assert.equal(result.cold_start.streaming, true, 'instantiateStreaming was used: the server sends application/wasm');
  assert.match(await page.textContent('#cold-notes'), /compiled while streaming/);

  const panel = await cells(page, '#panel-render');
  assert.deepEqual(panel.map((row) => row[0]), ['lead → panel DOM updated', '… + style and layout']);
  assert.equal(result.panel.samples, 5);
  assert.equal(await page.locator('#panel-target leadlens-panel').count(), 1);

  // The Run button is usable again.
  assert.equal(await page.isEnabled('#run'), true);
  assert.deepEqual(await seriousAxeViolations(page), []);

  assert.deepEqual(await cspViolations(), []);
  assert.deepEqual(problems, []);
  await page.close();
});
