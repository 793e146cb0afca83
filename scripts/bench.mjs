#!/usr/bin/env node
// Every benchmark of issue 7 in one run, headless, on this machine (`make bench`). Not a test:
// nothing is asserted but that every alternative gives leadlens's answers before it is timed.
//
//   node scripts/bench.mjs [--quick] [--readme] [--from=bench/results.json]
//
//   1. builds what is timed first, so no compiler runs during a measurement: www/gen/
//      (scripts/bench-bundle.mjs), the criterion bench and the release CLI
//   2. Node: benches/js/node.mjs (the suite of benches/js/suite.mjs on pkg/) in its own process
//   3. Chromium (playwright-core + the system browser, www/ served by scripts/serve.mjs under the
//      strict CSP): www/bench.html (the same suite, the panel's render), cold start in a fresh
//      browser context per sample (www/bench-cold.html), the form keystroke benchmark
//      (scripts/bench-form.mjs)
//   4. native: `cargo bench --bench score -- --quick` (criterion's estimates read from
//      target/criterion), including `same_leads` on the leads the JavaScript comparisons score,
//      and `leadlens score` on 10k and 100k of them (wall time, peak RSS: streaming keeps it flat)
//   5. the wasm bundles raw, gzip -9 and brotli -11 against the budgets of tests/npm/run.sh
//   6. the machine: CPU, cores, memory, OS, Node / Chromium / rustc versions, load average
//      before every step
//
// Writes bench/results.json and bench/results.md (ignored by git; the inputs sit in bench/out/).
// --readme puts results.md into README.md's "Speed and size" between the bench markers.
// --quick: tiny counts and only criterion's `same_leads`, to check that everything runs.
// --from=FILE: no run; the Markdown again from an earlier run's results.json.
// Needs pkg/ (scripts/build-wasm.sh), node_modules (npm ci) and Chromium (scripts/setup.sh).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

import { bundleBench } from './bench-bundle.mjs';
import { runFormBench, VIEW_TITLES } from './bench-form.mjs';
import { serve } from './serve.mjs';
import { launchOptions } from '../tests/e2e/browser.mjs';
import { generateLeads, loadSharedData, NOW } from '../benches/js/leads.mjs';
import { COMPARISON_HEADER, comparisonRows, memoryText, plural, SETTINGS, stats, us } from '../benches/js/suite.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const at = (...parts) => resolve(repo, ...parts);
const args = new Set(process.argv.slice(2));
const QUICK = args.has('--quick');
const settings = QUICK ? SETTINGS.quick : SETTINGS.full;
const COLD_SAMPLES = QUICK ? 2 : 15;
const FORM_SESSIONS = QUICK ? 1 : 3;
const CLI_REPEATS = 10; // the 10k leads ×10: 100k lines for the flat-memory check

const log = (text) => console.error(`\x1b[1m[bench]\x1b[0m ${text}`);
const loads = [];
/** Notes the load average as a step starts: the machine is shared, so it is part of the result. */
function step(name) {
  const [one, five] = loadavg();
  loads.push({ step: name, load_1m: Math.round(one * 100) / 100, load_5m: Math.round(five * 100) / 100 });
  log(`${name} (load average ${one.toFixed(2)})`);
}

function run(command, argv, options = {}) {
  const result = spawnSync(command, argv, { cwd: repo, stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.status !== 0) throw new Error(`${command} ${argv.join(' ')} failed (exit ${result.status ?? result.signal})`);
  return result;
}

function machine() {
  const cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  const os = readFileSync('/etc/os-release', 'utf8').match(/^PRETTY_NAME="?([^"\n]+)"?$/m)?.[1] ?? 'unknown';
  const rustc = execFileSync('rustc', ['--version'], { encoding: 'utf8' }).trim();
  return {
    cpu,
    cores: cpus().length,
    memory_gib: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${os}, Linux ${release()}`,
    node: process.versions.node,
    rustc,
  };
}

function cargoTargetDir() {
  const meta = JSON.parse(execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], { cwd: repo, encoding: 'utf8' }));
  return meta.target_directory;
}

// ---- native ------------------------------------------------------------------------------------

/** Criterion's median per lead (ns) for `group/bench`, from target/criterion/…/new/. */
function criterionEstimate(criterionDir, id) {
  const dir = resolve(criterionDir, id, 'new');
  if (!existsSync(resolve(dir, 'estimates.json'))) return null;
  const estimates = JSON.parse(readFileSync(resolve(dir, 'estimates.json'), 'utf8'));
  const { throughput } = JSON.parse(readFileSync(resolve(dir, 'benchmark.json'), 'utf8'));
  const elements = throughput?.Elements ?? 1;
  const perLead = (ns) => Math.round((ns / elements) * 10) / 10;
  return {
    id,
    leads_per_iteration: elements,
    median_ns_per_lead: perLead(estimates.median.point_estimate),
    median_ci_ns_per_lead: [perLead(estimates.median.confidence_interval.lower_bound), perLead(estimates.median.confidence_interval.upper_bound)],
  };
}

const NATIVE_BENCHES = [
  ['same_leads/score_only', 'same leads as the JS comparisons: score + explain (parsed)'],
  ['same_leads/parse_score', 'same leads: parse + score'],
  ['same_leads/parse_score_serialize', 'same leads: parse + score + result to JSON (what one wasm call does)'],
  ['same_leads/parse_only', 'same leads: parse (JSON text → typed, checked lead)'],
  ['same_leads/serde_json_value', 'same leads, for scale: serde_json into a `serde_json::Value`'],
  ['same_leads/serde_json_syntax', 'same leads, for scale: serde_json reading the syntax, building nothing (`IgnoredAny`)'],
  ['score_parsed/mql_row', 'one parsed lead: an Olist MQL row (id, date, channel)'],
  ['score_parsed/student', 'one parsed lead: a student'],
  ['score_parsed/ideal_buyer', 'one parsed lead: an ideal buyer'],
  ['score_parsed/activity_only_40_events', 'one parsed lead: 40 events'],
  ['ndjson_10k/score_only', '10k Olist-based leads: score + explain (parsed)'],
  ['ndjson_10k/parse_score', '10k Olist-based NDJSON lines: parse + score'],
  ['ndjson_10k/parse_score_serialize', '10k Olist-based NDJSON lines: parse + score + serialize'],
];

function nativeCriterion(ndjson) {
  const filter = QUICK ? ['same_leads'] : [];
  run('cargo', ['bench', '--bench', 'score', '--', '--quick', ...filter], { env: { ...process.env, LEADLENS_BENCH_NDJSON: ndjson } });
  const dir = resolve(cargoTargetDir(), 'criterion');
  return NATIVE_BENCHES.map(([id, label]) => {
    const estimate = criterionEstimate(dir, id);
    return estimate && { ...estimate, label };
  }).filter(Boolean);
}

/** `leadlens score` over a file, output discarded: wall time, and peak RSS from GNU time. */
function cliRun(binary, file, lines) {
  const t0 = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', binary, 'score', '--now', NOW, file], {
    cwd: repo, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 26,
  });
  const seconds = (performance.now() - t0) / 1000;
  const rssKb = Number(result.stderr.trim().split('\n').at(-1));
  if (result.status !== 0 || !Number.isFinite(rssKb)) throw new Error(`leadlens score ${file} failed: ${result.stderr.slice(-500)}`);
  return { leads: lines, seconds: Math.round(seconds * 1000) / 1000, leads_per_second: Math.round(lines / seconds), peak_rss_kib: rssKb };
}

// ---- browser -----------------------------------------------------------------------------------

async function browserBenchmarks() {
  const { chromium } = await import('playwright-core');
  const server = await serve({ root: at('www') });
  const browser = await chromium.launch(launchOptions());
  try {
    step('Chromium: www/bench.html');
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const problems = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    await page.goto(new URL(QUICK ? 'bench.html?quick=1' : 'bench.html?run=1', server.url).href);
    await page.waitForFunction(() => window.__benchResult, null, { timeout: 900_000, polling: 1000 });
    const suite = await page.evaluate(() => window.__benchResult);
    await page.close();
    if (suite.error) throw new Error(`www/bench.html: ${suite.error}`);
    if (problems.length) throw new Error(`www/bench.html: ${problems.join('; ')}`);

    step(`Chromium: cold start, ${COLD_SAMPLES} fresh browser contexts`);
    const samples = [];
    for (let i = 0; i < COLD_SAMPLES; i += 1) {
      const context = await browser.newContext();
      const cold = await context.newPage();
      await cold.goto(new URL(`bench-cold.html?sample=${i}`, server.url).href);
      await cold.waitForFunction(() => window.__coldStart, null, { timeout: 30_000 });
      const sample = await cold.evaluate(() => window.__coldStart);
      await context.close();
      if (sample.error) throw new Error(`www/bench-cold.html: ${sample.error}`);
      samples.push(sample);
    }
    const keys = ['import', 'js_download', 'init', 'wasm_download', 'first_score', 'total', 'since_navigation'];
    const coldStart = {
      samples: samples.length,
      context: 'a fresh browser context (its own renderer process) per sample',
      streaming: samples.every((s) => s.streaming),
      wasm_bytes: samples[0].wasm_bytes,
      ...Object.fromEntries(keys.map((key) => [key, stats(samples.map((s) => s[key]))])),
    };

    step('Chromium: form keystroke latency (scripts/bench-form.mjs)');
    const form = await runFormBench({ browser, url: server.url, sessions: FORM_SESSIONS });
    for (const [view, result] of Object.entries(form)) if (result.error) throw new Error(`form ${view} view: ${result.error}`);
    return { version: browser.version(), suite, cold_start: coldStart, form };
  } finally {
    await browser.close();
    await server.close();
  }
}

// ---- sizes -------------------------------------------------------------------------------------

const BUNDLES = {
  'leadlens_wasm_bg.wasm': 'scoring API (`leadlens`)',
  'leadlens_panel_wasm_bg.wasm': 'scoring + `<leadlens-panel>` (`leadlens/panel`)',
  'leadlens_form_wasm_bg.wasm': 'scoring + live forms (`leadlens/form`)',
  'leadlens_report_wasm_bg.wasm': 'scoring + report and calibrate (`leadlens/report`)',
};

function sizes() {
  // The budgets are the test suite's: tests/npm/run.sh passes them to size.mjs.
  const runSh = readFileSync(at('tests/npm/run.sh'), 'utf8');
  const budgets = Object.fromEntries([...runSh.matchAll(/pkg\/(\S+\.wasm) (\d+)/g)].map((m) => [m[1], Number(m[2])]));
  return Object.entries(BUNDLES).map(([file, what]) => {
    const bytes = readFileSync(at('pkg', file));
    return {
      file,
      what,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length,
      budget_gzip: budgets[file] ?? null,
    };
  });
}

// ---- report ------------------------------------------------------------------------------------

const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
const ms = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–');
// Markdown would take "<leadlens-panel>" for an HTML tag: element names go in backticks.
const code = (text) => text.replace(/<[a-z-]+>/g, (tag) => `\`${tag}\``);
const table = (header, rows) => [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

function markdown(r) {
  const m = r.machine;
  const loadList = r.load_average.map((l) => `${l.load_1m}`).join(', ');
  const maxLoad = Math.max(...r.load_average.map((l) => l.load_1m));
  const node = r.node;
  const chromium = r.chromium;
  const where = { node: node.environment.runtime, chromium: `Chromium ${chromium.version.split('.')[0]}` };
  const lines = [];
  lines.push(`Measured ${r.date.slice(0, 10)} by \`make bench\` (\`scripts/bench.mjs${r.quick ? ' --quick' : ''}\`) on ${m.cpu}, ${m.cores} cores, ${m.memory_gib} GiB, ${m.os}; Node ${m.node}, Chromium ${chromium.version} (headless), ${m.rustc}. ` +
    `Load average (1 min) at the start of each step: ${loadList} — ${maxLoad > m.cores * 0.75 ? `up to ${maxLoad} on ${m.cores} cores (the 1-minute average also counts the run's own previous steps — criterion, Chromium — and anything else running), so absolute numbers are somewhat inflated; ratios from the same run are the more telling figures` : 'a quiet machine'}. ` +
    `Leads: ${node.leads.count.toLocaleString('en-US')} generated (\`benches/js/leads.mjs\`, seed ${node.leads.seed}${node.leads.shared_data ? ', Olist and Maven rows laid over some' : ''}), the same in Node, Chromium and natively; every alternative's answers were checked against leadlens's before timing.`);
  lines.push('');
  lines.push('**leadlens against the JavaScript alternatives** (µs per lead; a sample is a timed chunk of leads; ratio = the alternative\'s time ÷ leadlens\'s):');
  lines.push('');
  lines.push(table(COMPARISON_HEADER, [...comparisonRows(node.results, where.node), ...comparisonRows(chromium.suite.results, where.chromium)]));
  lines.push('');
  lines.push(`Wasm memory (scoring bundle): ${where.node}: ${memoryText(node.results.memory)}; ${where.chromium}: ${memoryText(chromium.suite.results.memory)}.`);
  lines.push('');
  lines.push('**Native** (criterion `--quick`, median per lead, 95% interval of the median):');
  lines.push('');
  lines.push(table(['benchmark', 'per lead', 'interval', 'leads/s/core'], r.native.criterion.map((c) =>
    [`\`${c.id}\` — ${c.label}`, `${us(c.median_ns_per_lead / 1000)} µs`, `${us(c.median_ci_ns_per_lead[0] / 1000)}–${us(c.median_ci_ns_per_lead[1] / 1000)} µs`, `~${Math.round(1e9 / c.median_ns_per_lead / 1000)}k`])));
  const sameSerialize = r.native.criterion.find((c) => c.id === 'same_leads/parse_score_serialize');
  if (sameSerialize) {
    const wasm = node.results.single.leadlens.p50;
    lines.push('');
    lines.push(`On the same leads, one \`Scorer.score\` call in ${where.node} (${us(wasm)} µs at p50: packing the lead into wasm memory, the wasm call, reading the result tape) takes ${(wasm / (sameSerialize.median_ns_per_lead / 1000)).toFixed(1)}× the native parse + score + serialize.`);
  }
  const native = (id) => r.native.criterion.find((c) => c.id === id)?.median_ns_per_lead;
  const [parseOnly, dom, syntax, scoreOnly] = ['parse_only', 'serde_json_value', 'serde_json_syntax', 'score_only'].map((id) => native(`same_leads/${id}`));
  if (parseOnly && dom && syntax && scoreOnly) {
    lines.push('');
    lines.push(`Reading a lead (${us(parseOnly / 1000)} µs) is ${(dom / parseOnly).toFixed(2)}× as fast as serde_json building a \`Value\` of the same text, and takes ${(parseOnly / syntax).toFixed(2)}× as long as serde_json's pass over its syntax alone (${us(syntax / 1000)} µs). ` +
      `A reader as fast as that pass, followed by scoring (${us(scoreOnly / 1000)} µs), would take ${us((syntax + scoreOnly) / 1000)} µs per lead (~${Math.round(1e6 / (syntax + scoreOnly))}k leads/s/core): as far as a faster JSON reader alone could take parse + score on these leads.`);
  }
  if (r.native.cli.length) {
    lines.push('');
    lines.push('**Native CLI** `leadlens score` (NDJSON file → NDJSON on stdout, the same leads repeated; GNU time):');
    lines.push('');
    lines.push(table(['leads', 'wall time', 'leads/s', 'peak RSS'], r.native.cli.map((c) =>
      [c.leads.toLocaleString('en-US'), `${c.seconds.toFixed(3)} s`, `~${Math.round(c.leads_per_second / 1000)}k`, `${(c.peak_rss_kib / 1024).toFixed(1)} MiB`])));
  }
  lines.push('');
  const cold = chromium.cold_start;
  const frame = chromium.suite.cold_start;
  lines.push(`**Cold start in Chromium** (ms; ${cold.samples} samples, ${cold.context}; \`Cache-Control: no-store\` on every response; the ${kb(cold.wasm_bytes)} wasm ${cold.streaming ? 'compiled while streaming (`instantiateStreaming`, served as `application/wasm`)' : 'NOT streamed'}; target ≤ 30 ms for the total):`);
  lines.push('');
  const coldRows = [
    ['import', 'import the package\'s JS (web.js: the API and the glue in one module)'],
    ['js_download', '· of which downloading those files'],
    ['init', '`init()`: fetch + compile + instantiate the wasm'],
    ['wasm_download', '· of which downloading the .wasm (compiled as it arrives)'],
    ['first_score', 'first `score()`: default model parsed, one lead scored (and, in a fresh process, the wasm functions it calls compiled: V8 compiles lazily)'],
    ['total', '**total: import + init + first score**'],
    ['since_navigation', 'since navigation (the page itself too)'],
  ];
  lines.push(table(['step', 'p50', 'p99', 'min', 'max', `in a frame of bench.html (p50, ${frame.samples} samples)`],
    coldRows.map(([key, label]) => [label, ms(cold[key].p50), ms(cold[key].p99), ms(cold[key].min), ms(cold[key].max), ms(frame[key].p50)])));
  lines.push('');
  const panel = chromium.suite.panel;
  const form = chromium.form;
  lines.push(`**Latency in Chromium** (ms): the evidence panel (${panel.samples} leads set on one \`<leadlens-panel>\`), and the landing-page form typed key by key (\`scripts/bench-form.mjs\`, ${plural(form.visitor.sessions, 'session')} per view after a warm-up):`);
  lines.push('');
  const formRowsFor = (view) => {
    const f = form[view];
    return [
      [`form, ${code(VIEW_TITLES[view])}: keystroke → DOM updated (${f.keystrokes} keystrokes; includes the wait for the next frame)`, f.total],
      [`form, ${code(VIEW_TITLES[view])}: main-thread work per keystroke (· of which leadlens)`, f.work, f.leadlens],
    ];
  };
  const latency = [
    ['panel: lead → panel DOM updated', panel.dom],
    ['panel: … + style and layout', panel.layout],
    ...formRowsFor('visitor'),
    ...formRowsFor('debug'),
  ];
  lines.push(table(['measure', 'p50', 'p99', 'max'], latency.map(([label, s, part]) =>
    [label, part ? `${ms(s.p50)} (${ms(part.p50)})` : ms(s.p50), part ? `${ms(s.p99)} (${ms(part.p99)})` : ms(s.p99), ms(s.max)])));
  lines.push('');
  lines.push('**WebAssembly bundles** (the scoring bundle built for speed: opt-level 2, then `wasm-opt -O3`; the others for size: opt-level "z", then `wasm-opt -Os`; gzip level 9 and brotli quality 11 by node:zlib; budgets enforced by the test suite):');
  lines.push('');
  lines.push(table(['bundle', 'raw', 'gzip', 'brotli', 'budget (gzip)'], r.sizes.map((s) =>
    [`\`${s.file}\` — ${s.what}`, kb(s.raw), kb(s.gzip), kb(s.brotli), s.budget_gzip ? kb(s.budget_gzip) : '–'])));
  return `${lines.join('\n')}\n`;
}

const README_BEGIN = '<!-- bench:begin (scripts/bench.mjs --readme writes this block) -->';
const README_END = '<!-- bench:end -->';

function updateReadme(md) {
  const file = at('README.md');
  const text = readFileSync(file, 'utf8');
  const begin = text.indexOf(README_BEGIN);
  const end = text.indexOf(README_END);
  if (begin < 0 || end < begin) throw new Error(`README.md has no ${README_BEGIN} … ${README_END} block`);
  writeFileSync(file, `${text.slice(0, begin + README_BEGIN.length)}\n${md}${text.slice(end)}`);
}

// ---- main --------------------------------------------------------------------------------------

/** Writes bench/results.md (and with --readme the README block) for `results`. */
function report(results) {
  const md = markdown(results);
  mkdirSync(at('bench'), { recursive: true });
  writeFileSync(at('bench/results.md'), md);
  console.log(`\n${md}`);
  if (args.has('--readme')) {
    updateReadme(md);
    log('README.md updated');
  }
}

// --from=FILE: the tables again from a run's results.json (after a change to how they are written).
const from = process.argv.find((a) => a.startsWith('--from='))?.slice('--from='.length);
if (from) {
  report(JSON.parse(readFileSync(resolve(from), 'utf8')));
  process.exit(0);
}

if (!existsSync(at('pkg/package.json'))) {
  console.error('pkg/ is missing: run scripts/build-wasm.sh first');
  process.exit(1);
}
const started = new Date();
const out = at('bench/out');
mkdirSync(out, { recursive: true });

step('build: www/gen/, criterion bench, release CLI');
await bundleBench();
const data = await loadSharedData();
const leads = generateLeads(settings.batch, 7, { data });
const ndjson = resolve(out, 'leads.ndjson');
const ndjsonText = `${leads.map((lead) => JSON.stringify(lead)).join('\n')}\n`;
writeFileSync(ndjson, ndjsonText);
const ndjsonRepeated = resolve(out, `leads-x${CLI_REPEATS}.ndjson`);
writeFileSync(ndjsonRepeated, ndjsonText.repeat(CLI_REPEATS));
// The CLI first: the bench profile shares target/release with it, and what is built last is what
// `cargo bench` then finds up to date.
run('cargo', ['build', '--release', '--quiet']);
run('cargo', ['bench', '--bench', 'score', '--no-run', '--quiet']);

// Native first: single-threaded, they are timed before the browser steps, whose many processes
// (a browser per cold-start sample, the form benchmark's) leave the machine busy for a while after
// (criterion measured 3–5% slower right after them). The comparisons with JavaScript are each
// within one step, so the order does not touch them.
step('native: cargo bench --bench score -- --quick');
const criterion = nativeCriterion(ndjson);
step('native: leadlens score on 10k and 100k leads');
const binary = resolve(cargoTargetDir(), 'release', 'leadlens');
const cli = [cliRun(binary, ndjson, leads.length), cliRun(binary, ndjsonRepeated, leads.length * CLI_REPEATS)];

step('Node: benches/js/node.mjs');
run(process.execPath, [at('benches/js/node.mjs'), `--json=${resolve(out, 'node.json')}`, ...(QUICK ? ['--quick'] : [])]);
const node = JSON.parse(readFileSync(resolve(out, 'node.json'), 'utf8'));

const chromium = await browserBenchmarks();
writeFileSync(resolve(out, 'chromium.json'), `${JSON.stringify(chromium, null, 2)}\n`);

step('sizes');
const results = {
  date: started.toISOString(),
  quick: QUICK,
  machine: { ...machine(), chromium: chromium.version },
  load_average: loads,
  node,
  chromium,
  native: { criterion, cli },
  sizes: sizes(),
};
results.load_average.push({ step: 'end', load_1m: Math.round(loadavg()[0] * 100) / 100, load_5m: Math.round(loadavg()[1] * 100) / 100 });
writeFileSync(at('bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
report(results);
log('wrote bench/results.json and bench/results.md');
