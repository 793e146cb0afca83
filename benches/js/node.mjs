#!/usr/bin/env node
// The benchmark suite (suite.mjs) in Node, on the built package (pkg/, scripts/build-wasm.sh)
// loaded through its `node` export — the file `import … from 'leadlens'` gives a Node user. Prints
// the comparison table and the wasm memory line, and writes the results as JSON. Not a test:
// nothing is asserted but that every alternative gives leadlens's answers.
//
//   node benches/js/node.mjs [--quick] [--json=bench/out/node.json] [--seed=7] [--no-data]
//
// Leads: generateLeads(10,000, seed) with rows from ../shared/data laid over some of them when the
// data is there (--no-data: the model's vocabulary alone).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import * as handwritten from './handwritten.mjs';
import { generateLeads, loadSharedData, NOW } from './leads.mjs';
import * as rulesEngine from './rules-engine.mjs';
import { COMPARISON_HEADER, comparisonRows, memoryText, runSuite, SETTINGS } from './suite.mjs';

const pkg = new URL('../../pkg/', import.meta.url);

/** The package's `node` entry, as Node resolves `import 'leadlens'`, and its wasm memory. */
async function loadLeadlens() {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(new URL('package.json', pkg), 'utf8'));
  } catch {
    throw new Error('pkg/ is missing: run scripts/build-wasm.sh first');
  }
  const leadlens = await import(new URL(manifest.exports['.'].node, pkg).href);
  return { leadlens, version: leadlens.version(), memoryBytes: () => leadlens.wasmMemoryBytes() };
}

/** Runs the suite in this process and returns `{ environment, leads, results }`. */
export async function runNode({ quick = false, seed = 7, useData = true, progress = () => {} } = {}) {
  const settings = quick ? SETTINGS.quick : SETTINGS.full;
  const { leadlens, version, memoryBytes } = await loadLeadlens();
  const data = useData ? await loadSharedData() : null;
  const leads = generateLeads(settings.batch, seed, { data });
  const rssBefore = process.memoryUsage().rss;
  const results = await runSuite({ leadlens, handwritten, rulesEngine, leads, now: Date.parse(NOW), settings, memoryBytes, progress });
  return {
    environment: { runtime: `Node ${process.versions.node}`, v8: process.versions.v8, leadlens: version },
    leads: { count: leads.length, seed, now: NOW, shared_data: data !== null },
    results,
    process_rss: { before: rssBefore, after: process.memoryUsage().rss },
  };
}

/** A plain-text table. */
export function textTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const args = Object.fromEntries(process.argv.slice(2).map((a) => {
    const [k, v = 'true'] = a.replace(/^--/, '').split('=');
    return [k, v];
  }));
  const run = await runNode({
    quick: args.quick === 'true',
    seed: Number(args.seed ?? 7),
    useData: args['no-data'] !== 'true',
    progress: (text) => process.stderr.write(`  ${text}\n`),
  });
  const { results, environment, leads } = run;
  console.log(`\n${environment.runtime}, leadlens ${environment.leadlens}; ${leads.count.toLocaleString('en-US')} leads (seed ${leads.seed}${leads.shared_data ? ', with Olist/Maven rows' : ', vocabulary only'}); timer step ${results.timer_resolution_us} µs`);
  console.log(textTable(COMPARISON_HEADER, comparisonRows(results, environment.runtime)));
  console.log(`wasm memory: ${memoryText(results.memory)}`);
  if (args.json) {
    const file = args.json;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(run, null, 2)}\n`);
    console.log(`wrote ${pathToFileURL(file).pathname}`);
  }
}
