// The dashboard (www/dashboard.html) end to end, served by scripts/serve.mjs under the strict CSP
// and driven in headless Chromium: files loaded through the file inputs and through a synthetic
// drop, every chart rendered with the numbers of the native `leadlens report` / `leadlens
// calibrate` on the same files (run here with cargo) or the hand-computed values of
// tests/report.rs, data tables, bad lines with their line numbers, CSV and PNG export, the
// proposal download (byte for byte the CLI's `-o` file), the refusal below 200 outcomes, an
// invalid model, keyboard use, axe-core; and no console errors or CSP violations anywhere.
// Needs www/pkg/ (scripts/build-wasm.sh) and cargo (the native CLI is built if it is not).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startDemo, watchPage } from './browser.mjs';
import { sampleFiles, sampleModel, SAMPLE_NOW } from '../../www/dashboard-sample.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";
const FIXTURE_NOW = '2026-12-15T12:00:00Z'; // tests/report.rs

let demo;
let dir;
/** The sample as files, and what the native CLI says about them. */
const sample = {};

/** Runs the native CLI; bad lines make it exit 1, which is expected here. */
function leadlens(...args) {
  const out = spawnSync('cargo', ['run', '--quiet', '--locked', '--bin', 'leadlens', '--', ...args], {
    cwd: repo,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.ok(out.status === 0 || out.status === 1, `leadlens ${args.join(' ')}: exit ${out.status}\n${out.stderr}`);
  return out.stdout;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'leadlens-dashboard-'));
  const files = sampleFiles();
  sample.leads = join(dir, 'leads.ndjson');
  sample.outcomes = join(dir, 'outcomes.ndjson');
  sample.model = join(dir, 'model.json');
  writeFileSync(sample.leads, files.leads);
  writeFileSync(sample.outcomes, files.outcomes);
  writeFileSync(sample.model, sampleModel(readFileSync(join(repo, 'models/default.json'), 'utf8')));
  const common = ['--leads', sample.leads, '--outcomes', sample.outcomes, '--model', sample.model, '--now', SAMPLE_NOW];
  sample.report = JSON.parse(leadlens('report', ...common, '--format', 'json'));
  sample.calibrate = JSON.parse(leadlens('calibrate', ...common, '--format', 'json', '-o', join(dir, 'proposed.json')));
  sample.proposed = readFileSync(join(dir, 'proposed.json'), 'utf8');
  demo = await startDemo();
});

after(async () => {
  await demo?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function openDashboard() {
  const context = await demo.browser.newContext({ acceptDownloads: true, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const { problems, cspViolations } = await watchPage(page);
  await page.route('**/__axe.min.js', (route) => route.fulfill({ path: axePath, contentType: 'text/javascript' }));
  const response = await page.goto(new URL('dashboard.html', demo.url).href);
  assert.equal(response.headers()['content-security-policy'], CSP);
  await page.waitForFunction(() => document.body.dataset.state === 'waiting');
  const done = async () => {
    assert.deepEqual(await cspViolations(), []);
    assert.deepEqual(problems, []);
    await context.close();
  };
  return { page, done };
}

/** Waits for the page to finish a run (report and calibration) and returns the status text. */
async function settled(page) {
  await page.waitForFunction(() => ['ready', 'error'].includes(document.body.dataset.state), null, { timeout: 60_000 });
  return page.textContent('#status');
}

/** A figure's data table: header cells and rows of cell texts. */
async function table(page, selector) {
  return page.evaluate((sel) => {
    const t = document.querySelector(`${sel} table`);
    const cells = (row) => [...row.children].map((c) => c.textContent);
    return { head: cells(t.tHead.rows[0]), rows: [...t.tBodies[0].rows].map(cells) };
  }, selector);
}

const pct = (x) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const rateText = (r) => `${pct(r.rate)} ${r.num}/${r.den}${r.small_sample && r.den > 0 ? '*' : ''}`;

/** Downloads what clicking `selector` saves; returns its name and bytes. */
async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = join(dir, `download-${Date.now()}-${file.suggestedFilename()}`);
  await file.saveAs(path);
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

test('file inputs: every chart shows the CLI numbers for the same files, with titles and tables', async () => {
  const { page, done } = await openDashboard();
  await page.fill('#now', SAMPLE_NOW);
  await page.setInputFiles('#file-model', sample.model);
  await page.setInputFiles('#file-leads', sample.leads);
  await page.setInputFiles('#file-outcomes', sample.outcomes);
  const status = await settled(page);
  const r = sample.report;
  const c = sample.calibrate;
  assert.match(status, new RegExp(`Report on ${r.input.leads} leads; 2 lines skipped`));
  assert.match(status, new RegExp(`Calibration proposes ${c.proposed_version}`));

  // Bad lines, with the file's name, the line number and the field path.
  const bad = await page.$$eval('#bad-lines li', (items) => items.map((li) => li.textContent));
  assert.equal(bad.length, 2);
  assert.match(bad[0], /^leads\.ndjson line 57: company\.employees: invalid value: string "lots"/);
  assert.match(bad[1], /^outcomes\.ndjson line 8: outcome: expected one of accepted/);
  assert.match(await page.textContent('#unknown-leads'), /1 record for 1 id \(SMP-9999\)/);

  // Every chart is a titled image with a data table and export buttons.
  const figures = await page.$$eval('#report-charts figure', (list) =>
    list.map((f) => ({
      id: f.id,
      role: f.querySelector('svg')?.getAttribute('role'),
      title: f.querySelector('svg > title')?.textContent,
      heading: f.querySelector('figcaption h3').textContent,
      rows: f.querySelectorAll('table tbody tr').length,
      buttons: [...f.querySelectorAll('.exports button')].map((b) => b.textContent),
    })),
  );
  assert.deepEqual(
    figures.map((f) => f.id),
    ['acceptance-fit-band', 'acceptance-route', 'false-positives', 'speed', 'feedback', 'rejection-reasons', 'experiment'],
  );
  for (const f of figures) {
    assert.equal(f.role, 'img', f.id);
    assert.equal(f.title, f.heading, f.id);
    assert.ok(f.rows > 0, `${f.id} has table rows`);
    assert.deepEqual(f.buttons, ['Download CSV', 'Download PNG'], f.id);
  }

  // Acceptance by fit band: bars and whiskers, numbers as the CLI computed them.
  const byBand = await table(page, '#acceptance-fit-band');
  assert.deepEqual(byBand.head, ['fit band', 'numerator', 'denominator', 'rate', '95% low', '95% high', 'small sample']);
  assert.deepEqual(
    byBand.rows,
    r.alignment.by_fit_band.rates.map((x) => [x.key, String(x.num), String(x.den), pct(x.rate), pct(x.ci95[0]), pct(x.ci95[1]), x.small_sample ? 'yes' : 'no']),
  );
  assert.equal(await page.locator('#acceptance-fit-band svg rect.bar').count(), 3);
  assert.equal(await page.locator('#acceptance-fit-band svg line.whisker').count(), 9);
  const values = await page.$$eval('#acceptance-fit-band svg text.value', (t) => t.map((x) => x.textContent));
  assert.deepEqual(values, r.alignment.by_fit_band.rates.map(rateText));

  // False positives by source, per channel.
  const fp = await table(page, '#false-positives');
  assert.deepEqual(
    fp.rows.map((row) => row.slice(0, 3)),
    r.groups.channel.map((g) => [g.key, String(g.false_positive.num), String(g.false_positive.den)]),
  );
  // Speed to acceptance: median and p90 of all leads, then per channel.
  const speed = await table(page, '#speed');
  const s = r.overall.speed_to_acceptance;
  assert.deepEqual(speed.rows[0], ['all leads', String(s.n), `${s.median.toFixed(1)} h`, `${s.p90.toFixed(1)} h`, String(s.skipped), s.small_sample ? 'yes' : 'no']);
  // Feedback completion and rejection reasons.
  const feedback = await table(page, '#feedback');
  assert.deepEqual(feedback.rows[0].slice(0, 4), ['all leads', String(r.overall.feedback_completion.num), String(r.overall.feedback_completion.den), pct(r.overall.feedback_completion.rate)]);
  const reasons = await table(page, '#rejection-reasons');
  assert.deepEqual(reasons.rows, r.overall.top_rejection_reasons.map((x) => [x.reason, String(x.count)]));
  // The A/B comparison with the report's verdicts.
  const variant = r.experiment.variants[0];
  const verdicts = await page.$$eval('#experiment .verdicts li', (items) => items.map((li) => li.textContent));
  assert.equal(verdicts.length, 2);
  assert.ok(verdicts[0].startsWith(`${variant.variant} · lead → accepted: `) && verdicts[0].endsWith(`— ${variant.lead_to_accepted.verdict}`), verdicts[0]);
  assert.ok(verdicts[1].endsWith(`— ${variant.false_positive.verdict}`), verdicts[1]);
  assert.equal(await page.locator('#experiment svg circle.dot').count(), 2);
  // The headline.
  const headline = await page.$$eval('#headline div', (d) => Object.fromEntries(d.map((x) => [x.children[0].textContent, x.children[1].textContent])));
  assert.equal(headline['Lead → accepted'], rateText(r.overall.lead_to_accepted));
  assert.equal(headline.Leads, r.overall.leads.toLocaleString('en-US'));

  // Calibrate and diff: the holdout comparison, the calibration curve, the rule changes.
  const holdout = await table(page, '#holdout');
  const h = c.holdout;
  assert.deepEqual(holdout.rows[0], ['AUC of fit + intent', h.current.auc.toFixed(3), h.proposed.auc.toFixed(3)]);
  assert.deepEqual(holdout.rows[1], ['log loss', h.current.log_loss.toFixed(3), h.proposed.log_loss.toFixed(3)]);
  const curve = await table(page, '#calibration-curve');
  assert.equal(curve.rows.length, h.current.calibration.length + h.proposed.calibration.length);
  assert.equal(await page.locator('#calibration-curve svg .marker[data-key]').count(), curve.rows.length);
  assert.deepEqual(curve.rows[0], [h.current.calibration[0].band, 'current', String(h.current.calibration[0].n), h.current.calibration[0].predicted.toFixed(3), h.current.calibration[0].observed.toFixed(3)]);
  const reweighted = await table(page, '#reweighted');
  const changed = c.rules.filter((x) => x.status === 'reweighted');
  assert.deepEqual(reweighted.rows.map((row) => [row[0], row[1], row[2]]), changed.map((x) => [x.name, String(x.old), String(x.new)]));
  const added = await table(page, '#added');
  assert.ok(c.added.length > 0, 'the sample adds a rule');
  assert.deepEqual(added.rows.map((row) => row.slice(0, 3)), c.added.map((a) => [`${a.rule.field} = ${a.rule.equals}`, a.rule.dimension, String(a.rule.points)]));
  assert.match(await page.textContent('#diff .facts'), new RegExp(`Thresholds unchanged: sales review at fit ≥ ${c.thresholds.sales_review.fit} and intent ≥ ${c.thresholds.sales_review.intent}`));

  // The proposal downloads as exactly what `leadlens calibrate -o` wrote.
  const proposal = await download(page, '#download-proposed');
  assert.equal(proposal.name, 'proposed.json');
  assert.equal(proposal.bytes.toString('utf8'), sample.proposed);
  await done();
});

test('drag and drop: the hand-computed fixture, its bad lines, and the refusal to calibrate', async () => {
  const { page, done } = await openDashboard();
  await page.fill('#now', FIXTURE_NOW);
  for (const [slot, file] of [
    ['leads', 'leads.ndjson'],
    ['outcomes', 'outcomes.ndjson'],
  ]) {
    const text = readFileSync(join(repo, 'tests/report', file), 'utf8');
    const dataTransfer = await page.evaluateHandle(
      ([name, content]) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([content], name, { type: 'application/x-ndjson' }));
        return transfer;
      },
      [file, text],
    );
    await page.dispatchEvent(`#slot-${slot}`, 'dragover', { dataTransfer });
    assert.match(await page.getAttribute(`#slot-${slot}`, 'class'), /dragging/);
    await page.dispatchEvent(`#slot-${slot}`, 'drop', { dataTransfer });
    await page.waitForFunction((s) => document.getElementById(`status-${s}`).textContent.includes('.ndjson ·'), slot);
  }
  const status = await settled(page);
  assert.match(status, /Report on 12 leads; 3 lines skipped/);
  assert.match(status, /Calibration refused/);

  // tests/report.rs, every_overall_metric_of_the_fixture_is_exact.
  const headline = await page.$$eval('#headline div', (d) => Object.fromEntries(d.map((x) => [x.children[0].textContent, x.children[1].textContent])));
  assert.equal(headline['Lead → accepted'], '41.7% 5/12*');
  assert.equal(headline.Decided, '11 (5 accepted, 5 rejected, 1 recycled)');
  assert.match(headline['AUC of fit + intent'], /^0\.780 \(5 accepted vs 5 rejected\)\*$/);
  assert.match(await page.textContent('#false-positives figcaption'), /Overall 33\.3% 2\/6\*/);
  assert.deepEqual((await table(page, '#speed')).rows[0], ['all leads', '4', '17.0 h', '28.2 h', '1', 'yes']);
  assert.deepEqual((await table(page, '#rejection-reasons')).rows, [
    ['other', '2'],
    ['(none)', '1'],
    ['not_icp', '1'],
    ['student', '1'],
  ]);
  assert.deepEqual(
    (await table(page, '#acceptance-route')).rows.map((row) => row.slice(0, 3)),
    [
      ['disqualify', '0', '2'],
      ['nurture', '2', '3'],
      ['sales_review', '3', '6'],
    ],
  );
  assert.match(await page.textContent('#acceptance-route figcaption'), /It falls: nurture 66\.7% > sales_review 50\.0%/);
  assert.match(await page.textContent('#experiment'), /The model has no experiment/);

  // Each bad line with its file and line number.
  const bad = await page.$$eval('#bad-lines li', (items) => items.map((li) => [li.dataset.input, li.dataset.line, li.textContent]));
  assert.deepEqual(bad.map(([input, line]) => [input, line]), [
    ['leads', '8'],
    ['outcomes', '8'],
    ['outcomes', '11'],
  ]);
  assert.match(bad[0][2], /^leads\.ndjson line 8: company\.employees: /);
  assert.match(bad[2][2], /^outcomes\.ndjson line 11: invalid JSON: /);

  // Too few outcomes: the refusal says so, and nothing can be downloaded.
  assert.equal(await page.isVisible('#refusal'), true);
  assert.match(await page.textContent('#refusal'), /Calibration refused\. calibration needs at least 200 labelled outcomes for target accepted; found 8/);
  assert.equal(await page.isVisible('#download-proposed'), false);
  await done();
});

test('exports: CSV with the numbers, PNG images; the sample button; keyboard', async () => {
  const { page, done } = await openDashboard();
  // Keyboard only: Tab to the sample button, press Enter.
  await page.focus('#file-model');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'load-sample');
  await page.keyboard.press('Enter');
  await settled(page);
  assert.equal(await page.inputValue('#now'), SAMPLE_NOW);
  assert.match(await page.textContent('#status-leads'), /^sample-leads\.ndjson · 481 lines/);

  const csv = await download(page, '#false-positives button:has-text("Download CSV")');
  assert.equal(csv.name, 'leadlens-false-positives.csv');
  const lines = csv.bytes.toString('utf8').trimEnd().split('\r\n');
  assert.equal(lines[0], 'source channel,numerator,denominator,rate,95% low,95% high,small sample');
  assert.deepEqual(
    lines.slice(1),
    sample.report.groups.channel.map((g) => {
      const f = g.false_positive;
      return [g.key, f.num, f.den, f.rate ?? '', f.ci95?.[0] ?? '', f.ci95?.[1] ?? '', f.small_sample].join(',');
    }),
  );

  for (const id of ['acceptance-fit-band', 'calibration-curve', 'experiment']) {
    const png = await download(page, `#${id} button:has-text("Download PNG")`);
    assert.equal(png.name, `leadlens-${id}.png`);
    assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${id}: PNG signature`);
    // IHDR: twice the chart's viewBox width.
    assert.equal(png.bytes.readUInt32BE(16), 1280, `${id}: width`);
  }
  // Changing an option recomputes: a window leaves leads out.
  await page.fill('#since', '2026-11-01T00:00:00Z');
  await page.press('#since', 'Tab');
  await page.waitForFunction(() => document.querySelector('#report-meta').textContent.includes('from 2026-11-01T00:00:00Z'));
  await settled(page);
  assert.match(await page.textContent('#input-summary'), /outside the window/);
  await done();
});

test('an invalid model is reported with its problems; the default model brings the report back', async () => {
  const { page, done } = await openDashboard();
  await page.click('#load-sample');
  await settled(page);
  await page.setInputFiles('#file-model', { name: 'broken-model.json', mimeType: 'application/json', buffer: Buffer.from('{"id": "x"}') });
  await page.waitForFunction(() => document.body.dataset.state === 'error');
  const status = await page.textContent('#status');
  assert.match(status, /^Cannot compute the report: [\s\S]*\(invalid_model\)/);
  assert.ok((await page.locator('#status li').count()) > 0, 'the problems are listed');
  assert.equal(await page.isVisible('#report'), false);
  await page.focus('#clear-model');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.body.dataset.state === 'ready');
  assert.equal(await page.textContent('#status-model'), 'The embedded default model.');
  assert.equal(await page.isVisible('#report'), true);
  await done();
});

test('axe-core: no serious or critical violations, light and dark', async () => {
  for (const scheme of ['light', 'dark']) {
    const { page, done } = await openDashboard();
    await page.emulateMedia({ colorScheme: scheme });
    await page.click('#load-sample');
    await settled(page);
    await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
    await page.addScriptTag({ url: '/__axe.min.js' });
    const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
    assert.deepEqual(serious, [], scheme);
    await done();
  }
});

test('the demo page links to the dashboard', async () => {
  const page = await demo.browser.newPage();
  const { problems } = await watchPage(page);
  await page.goto(demo.url);
  await page.click('a[href="./dashboard.html"]');
  await page.waitForFunction(() => document.body.dataset.state === 'waiting');
  assert.equal(await page.title(), 'leadlens dashboard — is the score working?');
  assert.deepEqual(problems, []);
  await page.close();
});
