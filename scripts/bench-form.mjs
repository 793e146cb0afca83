#!/usr/bin/env node
// Browser latency benchmark of the live form (not part of the test suite; nothing is asserted):
// serves www/ like scripts/start.sh (strict CSP), opens www/bench-form.html in headless Chromium,
// which types an ideal buyer into the landing page character by character, and prints p50 / p99 /
// max of keystroke → leadlens result → DOM update, for the visitor view and the marketer view
// (with <leadlens-panel> re-rendering on every result).
//
//   node scripts/bench-form.mjs [--sessions=N] [--view=visitor|debug|both]
//
// scripts/bench.mjs imports runFormBench() to run it with the rest of the benchmarks.
// Needs www/pkg/ (scripts/build-wasm.sh) and Chromium (scripts/setup.sh; CHROMIUM overrides the path).
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { serve } from './serve.mjs';
import { launchOptions } from '../tests/e2e/browser.mjs';

export const VIEW_TITLES = {
  visitor: 'visitor view (form.html)',
  debug: 'marketer view (?leadlens=debug, with <leadlens-panel>)',
};

/**
 * Runs www/bench-form.html for each view in `browser` (a Playwright browser) against the server at
 * `url` (serving www/); resolves to `{ visitor?: result, debug?: result }` (bench-form.js's result,
 * or `{ error }`).
 */
export async function runFormBench({ browser, url, sessions = 3, views = ['visitor', 'debug'] }) {
  const results = {};
  for (const view of views) {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1100 } });
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(new URL(`bench-form.html?sessions=${sessions}&view=${view}`, url).href);
    await page.waitForFunction(() => window.__benchResult, null, { timeout: 600_000, polling: 500 });
    results[view] = await page.evaluate(() => window.__benchResult);
    await page.close();
  }
  return results;
}

/** The rows of one view's table: label and its { p50, p99, max }. */
export const formRows = (result) => [
  ['work', result.work],
  ['· of which leadlens', result.leadlens],
  ['· of which the page', result.page],
  ['work + layout', result.layout],
  ['keystroke → DOM updated', result.total],
];

function print(view, result) {
  console.log(`\n${VIEW_TITLES[view]}: ${result.keystrokes} keystrokes, ${result.sessions} sessions after a warm-up, final route ${result.routes.join(', ')}${result.missed ? `, ${result.missed} without a page update` : ''}`);
  console.log('  ms per keystroke              p50      p99      max');
  for (const [label, s] of formRows(result)) {
    console.log(`  ${label.padEnd(26)} ${s.p50.toFixed(3).padStart(7)}  ${s.p99.toFixed(3).padStart(7)}  ${s.max.toFixed(3).padStart(7)}`);
  }
  console.log('  work by field (keystrokes: p50 / p99):');
  console.log(`    ${Object.entries(result.byField).map(([name, s]) => `${name} ${s.keystrokes}: ${s.p50.toFixed(1)} / ${s.p99.toFixed(1)}`).join(' · ')}`);
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = Object.fromEntries(
    process.argv.slice(2).map((arg) => {
      const [key, value = 'true'] = arg.replace(/^--/, '').split('=');
      return [key, value];
    }),
  );
  const sessions = Number.parseInt(args.sessions ?? '3', 10);
  const views = args.view === 'visitor' || args.view === 'debug' ? [args.view] : ['visitor', 'debug'];

  const { chromium } = await import('playwright-core');
  const server = await serve({ root: fileURLToPath(new URL('../www/', import.meta.url)) });
  const browser = await chromium.launch(launchOptions());
  let failed = false;
  try {
    const results = await runFormBench({ browser, url: server.url, sessions, views });
    for (const [view, result] of Object.entries(results)) {
      if (result.error) {
        console.error(`${view} view: ${result.error}`);
        failed = true;
      } else {
        print(view, result);
      }
    }
    console.log(`\nChromium ${browser.version()}, headless; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}. "work" = input handlers + the frame in which leadlens scores and the page`);
    console.log('updates; performance.now() has 0.1 ms resolution here (the demo server sends no cross-origin isolation headers).');
  } finally {
    await browser.close();
    await server.close();
  }
  process.exit(failed ? 1 : 0);
}
