import { createRequire } from 'node:module';

// How the browser tests launch Chromium: the system browser via playwright-core (no browser
// downloads on these machines). CHROMIUM overrides the path.
export function launchOptions() {
  return {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  };
}

/**
 * Serves www/ the way scripts/start.sh does (strict CSP, application/wasm) on a free port and
 * launches Chromium. `close()` stops both.
 */
export async function startDemo() {
  const { chromium } = await import('playwright-core');
  const { serve } = await import('../../scripts/serve.mjs');
  const server = await serve({ root: new URL('../../www', import.meta.url).pathname });
  const browser = await chromium.launch(launchOptions());
  return {
    url: server.url,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Collects what must not happen on a page: console errors and warnings, uncaught exceptions, and
 * Content-Security-Policy violations (read with `cspViolations()`). Call before `page.goto`.
 */
export async function watchPage(page) {
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return { problems, cspViolations: () => page.evaluate(() => window.__cspViolations) };
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's serious and critical violations on `page` as it is now, one line each. */
export async function seriousAxeViolations(page) {
  await page.route('**/__axe.min.js', (route) => route.fulfill({ path: axePath, contentType: 'text/javascript' }));
  await page.addScriptTag({ url: '/__axe.min.js' });
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}
