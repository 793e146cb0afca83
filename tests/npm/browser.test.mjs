// The installed npm package in headless Chromium: served with the strict CSP by scripts/serve.mjs,
// imported by path (no bundler), `await init()`, then scored. Needs LEADLENS_NPM_PROJECT (the temp
// project tests/npm/run.sh installed the tarball into, with browser/ copied to its root).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

import { serve } from '../../scripts/serve.mjs';
import { launchOptions } from '../e2e/browser.mjs';

const project = process.env.LEADLENS_NPM_PROJECT;
let site;
let browser;

before(async () => {
  assert.ok(project, 'LEADLENS_NPM_PROJECT must name the installed test project');
  site = await serve({ root: project });
  browser = await chromium.launch(launchOptions());
});

after(async () => {
  await browser?.close();
  await site?.close();
});

test('web entry: init, score, batch and typed errors under a strict CSP', async () => {
  const page = await browser.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  const response = await page.goto(`${site.url}browser/index.html`);
  assert.match(response.headers()['content-security-policy'], /wasm-unsafe-eval/);
  await page.waitForSelector('#result[data-done="true"]', { timeout: 20_000 });
  const report = JSON.parse(await page.textContent('#result'));

  assert.equal(report.crash, undefined, report.crash);
  assert.deepEqual(report.beforeInit, { instance: true, code: 'not_initialized' });
  assert.equal(report.ideal.route, 'sales_review');
  assert.equal(report.ideal.band, 'high');
  assert.deepEqual(report.student, { route: 'disqualify', disqualification: 'student' });
  assert.equal(report.batch, 300);
  assert.deepEqual(report.error, { instance: true, code: 'invalid_field', path: 'events[0].at' });
  assert.equal(report.defaultModelProblems, 0);
  assert.deepEqual(problems, []);
  await page.close();
});
