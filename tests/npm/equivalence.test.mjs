// The JavaScript alternatives in benches/js (issue 7's comparisons) against the npm package as a
// user gets it: tests/npm/run.sh installs the packed package into a fresh project, copies this
// file there and points LEADLENS_BENCHES_DIR at benches/js and LEADLENS_CLI at the native CLI. For
// every generated lead (fixed seed, scored at the fixed NOW):
//   - the package's results (read from the tape wasm writes) are the native CLI's JSON, character
//     for character once stringified: same members, same order, same text;
//   - the hand-written implementation equals leadlens on fit, intent, route and disqualification code;
//   - the json-rules-engine encoding equals leadlens on the route (and on fit, intent and code too).
// A mismatch prints the lead, both outputs and the fields that differ. Nothing here is timed
// against a limit: the elapsed times are printed for information only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

import { score, scoreBatch } from 'leadlens';

const benches = process.env.LEADLENS_BENCHES_DIR;
if (!benches) throw new Error('LEADLENS_BENCHES_DIR must point at benches/js (tests/npm/run.sh sets it)');
const load = (file) => import(pathToFileURL(join(benches, file)).href);
const { generateLeads, NOW } = await load('leads.mjs');
const handwritten = await load('handwritten.mjs');
// What is compared (fit, intent, route, disqualification code), shared with the benchmark suite.
const { mismatches, describeMismatch } = await load('compare.mjs');

const COUNT = 1000;
const SEED = 7;
const SHOWN = 5; // mismatches printed in full
const leads = generateLeads(COUNT, SEED);

// Scores every lead with `file`'s async `score` in a worker thread: the test runner's async
// tracking makes promise-heavy code (json-rules-engine creates dozens of promises per lead) two to
// three times slower on the main thread, which would cost seconds and distort its timing.
function scoreInWorker(file, items, now) {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    import(workerData.url).then(async ({ score }) => {
      const started = performance.now();
      const results = [];
      for (const lead of workerData.leads) results.push(await score(lead, workerData.now));
      parentPort.postMessage({ results, ms: performance.now() - started });
    });`;
  const url = pathToFileURL(join(benches, file)).href;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { url, leads: items, now } });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited with ${code} before answering`)));
  });
}

// Started now, so json-rules-engine scores in its worker while leadlens and the hand-written
// implementation score here; its test awaits the answer.
const engineRun = scoreInWorker('rules-engine.mjs', leads, NOW);
engineRun.catch(() => {}); // reported by the test that awaits it
const expected = leads.map((lead) => score(lead, { now: NOW }));

function report(name, found) {
  for (const mismatch of found.slice(0, SHOWN)) console.log(describeMismatch(name, mismatch).join('\n'));
  return `${found.length} of ${leads.length} leads differ (first ${Math.min(SHOWN, found.length)} printed above)`;
}

test(`the generated leads are deterministic and cover every route and disqualification code (${COUNT} leads, seed ${SEED})`, (t) => {
  assert.deepEqual(generateLeads(COUNT, SEED), leads, 'same count and seed, same leads');
  assert.notDeepEqual(generateLeads(50, SEED + 1), leads.slice(0, 50), 'another seed, other leads');
  const routes = {};
  const codes = {};
  for (const r of expected) {
    routes[r.route] = (routes[r.route] ?? 0) + 1;
    if (r.disqualification) codes[r.disqualification.code] = (codes[r.disqualification.code] ?? 0) + 1;
  }
  t.diagnostic(`routes: ${JSON.stringify(routes)}; disqualification codes: ${JSON.stringify(codes)}`);
  for (const route of ['sales_review', 'nurture', 'disqualify']) {
    assert.ok((routes[route] ?? 0) >= COUNT / 10, `at least 10% ${route}: ${JSON.stringify(routes)}`);
  }
  for (const code of ['competitor', 'spam', 'invalid_contact', 'student', 'job_seeker', 'vendor', 'out_of_market']) {
    assert.ok(codes[code] > 0, `some leads disqualified as ${code}: ${JSON.stringify(codes)}`);
  }
});

test(`score and scoreBatch = the native CLI's JSON, character for character (${COUNT} leads)`, () => {
  const cli = process.env.LEADLENS_CLI;
  if (!cli) throw new Error('LEADLENS_CLI must point at the native leadlens binary (tests/npm/run.sh sets it)');
  const input = leads.map((lead) => JSON.stringify(lead)).join('\n');
  const lines = execFileSync(cli, ['score', '--now', NOW], { input, maxBuffer: 256 << 20, stdio: ['pipe', 'pipe', 'pipe'] }).toString().trimEnd().split('\n');
  assert.equal(lines.length, COUNT);
  // Where two texts first differ, with some context on either side.
  const around = (a, b) => {
    let at = 0;
    while (at < a.length && a[at] === b[at]) at++;
    const from = Math.max(0, at - 60);
    return `at character ${at}:\n  wasm …${a.slice(from, at + 60)}…\n  CLI  …${b.slice(from, at + 60)}…`;
  };
  for (const [name, results] of [['score', expected], ['scoreBatch', scoreBatch(leads, { now: NOW })]]) {
    const texts = results.map((r) => JSON.stringify(r));
    const found = texts.flatMap((text, i) => (text === lines[i] ? [] : [i]));
    const first = found[0];
    assert.equal(
      found.length,
      0,
      found.length ? `${name}: ${found.length} results differ; the first, ${leads[first].id}, ${around(texts[first], lines[first])}` : '',
    );
  }
});

test(`hand-written JavaScript = leadlens on fit, intent, route and disqualification code (${COUNT} leads)`, (t) => {
  const started = performance.now();
  const results = leads.map((lead) => handwritten.score(lead, NOW));
  t.diagnostic(`hand-written: ${(performance.now() - started).toFixed(0)} ms for ${COUNT} leads`);
  results.forEach((got, i) => {
    assert.ok(got.evidence.every((e) => typeof e.label === 'string' && e.label.length > 0), `labels for ${leads[i].id}`);
  });
  const found = mismatches(leads, expected, results);
  assert.equal(found.length, 0, found.length ? report('hand-written', found) : '');
});

test(`json-rules-engine = leadlens on route, fit, intent and disqualification code (${COUNT} leads)`, async (t) => {
  const { results, ms } = await engineRun;
  t.diagnostic(`json-rules-engine: ${ms.toFixed(0)} ms for ${COUNT} leads`);
  const found = mismatches(leads, expected, results);
  assert.equal(found.length, 0, found.length ? report('json-rules-engine', found) : '');
});
