// The benchmark suite of issue 7, the same code in Node (benches/js/node.mjs) and in the browser
// (www/bench.html, through the bundle scripts/bench-bundle.mjs writes): leadlens against the
// JavaScript alternatives in this folder, on the same leads, in the same run.
//
//   const results = await runSuite({ leadlens, handwritten, rulesEngine, leads, now, settings });
//
// `leadlens` is the package's module (its `Scorer`), `handwritten` and `rulesEngine` the modules of
// handwritten.mjs and rules-engine.mjs, `leads` the batch set (generateLeads), `now` milliseconds.
// What it measures, per lead, in microseconds:
//
//   single   one lead per call, score + explain: `Scorer.score` (JS value in, JS value out: JSON
//            both ways across the wasm boundary), the hand-written `score`, json-rules-engine's
//            `await score`. json-rules-engine is ~100× slower, so it gets the first
//            `engineLeads` leads and fewer rounds.
//   batch    `scoreBatch` of the whole set in one call, against the hand-written `score` looped
//            over the same leads into an array.
//   memory   the wasm memory's byteLength after a warm-up and after `memoryScores` more scores
//            (growth must be 0), and after the batch (which keeps what it grew to).
//
// Before anything is timed, every answer of the warm-up pass is compared with leadlens's
// (compare.mjs: fit, intent, route, disqualification code); a mismatch throws, so a benchmark never
// compares different answers. Timing: one warm-up pass, then `rounds` passes with the order of
// leadlens and the hand-written code swapped every round (drift on a shared machine hits both).
// A sample is a chunk of consecutive leads timed together, divided by its size: browsers without
// cross-origin isolation round `performance.now()` to 0.1 ms, several times one lead's time, so a
// single lead cannot be timed there (scripts/serve.mjs isolates www/bench.html, where it steps by
// 5 µs; `timer_resolution_us` records what a run had). Median and p99 are over those chunks (p99 of a few samples is
// their maximum). Nothing here asserts a timing.

import { describeMismatch, mismatches } from './compare.mjs';

/** How much work a run does: `full` for the published numbers, `quick` for smoke tests. */
export const SETTINGS = {
  full: {
    batch: 10_000, batchRounds: 7,
    leads: 2_000, chunk: 100, rounds: 10,
    engineLeads: 200, engineChunk: 10, engineRounds: 3,
    memoryScores: 100_000,
  },
  quick: {
    batch: 200, batchRounds: 2,
    leads: 40, chunk: 10, rounds: 2,
    engineLeads: 10, engineChunk: 5, engineRounds: 1,
    memoryScores: 500,
  },
};

export const LABELS = { leadlens: 'leadlens (wasm)', handwritten: 'hand-written JS', rules_engine: 'json-rules-engine' };

/** Nearest-rank percentile of ascending `sorted`. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/** Median, p99, mean, min and max of `values`, rounded to 0.001. */
export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (x) => Math.round(x * 1000) / 1000;
  const mean = sorted.reduce((sum, x) => sum + x, 0) / (sorted.length || 1);
  return {
    samples: sorted.length,
    p50: round(percentile(sorted, 0.5)),
    p99: round(percentile(sorted, 0.99)),
    mean: round(mean),
    min: round(sorted[0] ?? NaN),
    max: round(sorted.at(-1) ?? NaN),
  };
}

/** The smallest step `performance.now()` takes here, in microseconds. */
export function timerResolution() {
  let smallest = Infinity;
  for (let i = 0; i < 200; i += 1) {
    const a = performance.now();
    let b = performance.now();
    while (b === a) b = performance.now();
    smallest = Math.min(smallest, b - a);
  }
  return Math.round(smallest * 1e6) / 1e3;
}

// Lets a page repaint its status between rounds; untimed.
const pause = () => new Promise((resolve) => setTimeout(resolve, 0));

function check(name, leads, want, got) {
  const found = mismatches(leads, want, got);
  if (found.length) {
    throw new Error(`${name} gives other answers than leadlens on ${found.length} of ${leads.length} leads; nothing is timed.\n${describeMismatch(name, found[0]).join('\n')}`);
  }
  return leads.length;
}

/** Per-lead microseconds of each chunk of `leads` through `run(lead)` (sync). */
function timeChunks(leads, chunk, run) {
  const samples = [];
  for (let start = 0; start < leads.length; start += chunk) {
    const part = leads.slice(start, start + chunk);
    const t0 = performance.now();
    for (const lead of part) run(lead);
    samples.push(((performance.now() - t0) * 1000) / part.length);
  }
  return samples;
}

/** The same for an async `run(lead)`, awaited lead by lead as its users do. */
async function timeChunksAsync(leads, chunk, run) {
  const samples = [];
  for (let start = 0; start < leads.length; start += chunk) {
    const part = leads.slice(start, start + chunk);
    const t0 = performance.now();
    for (const lead of part) await run(lead);
    samples.push(((performance.now() - t0) * 1000) / part.length);
  }
  return samples;
}

/** `alternative ÷ leadlens` of p50 and p99: above 1, leadlens takes less time. */
const speedup = (leadlens, alternative) => ({
  p50: Math.round((alternative.p50 / leadlens.p50) * 1000) / 1000,
  p99: Math.round((alternative.p99 / leadlens.p99) * 1000) / 1000,
});

/**
 * Runs everything and returns the results (plain JSON). `memoryBytes()`, when given, returns the
 * bytes of the leadlens instance's wasm memory (`wasmMemoryBytes`); `progress(text)` hears what is
 * running.
 */
export async function runSuite({ leadlens, handwritten, rulesEngine, leads, now, settings, memoryBytes, progress = () => {} }) {
  const s = settings;
  const single = leads.slice(0, s.leads);
  const engineSet = leads.slice(0, s.engineLeads);
  const bytes = () => memoryBytes?.() ?? null;
  const memoryAtStart = bytes();
  const scorer = new leadlens.Scorer();
  let sink = 0; // every result is read, so no engine can skip the work
  const ours = (lead) => {
    sink += scorer.score(lead, { now }).fit.score;
  };
  const theirs = (lead) => {
    sink += handwritten.score(lead, now).fit;
  };

  // Warm-up pass, and the check that every answer is leadlens's.
  progress(`Checking answers on ${single.length} leads (warm-up)…`);
  const want = single.map((lead) => scorer.score(lead, { now }));
  const verified = { handwritten: check(LABELS.handwritten, single, want, single.map((lead) => handwritten.score(lead, now))) };

  // Wasm memory after 100k scores: flat once warm.
  let memoryResult = null;
  if (memoryBytes) {
    progress(`Wasm memory over ${s.memoryScores.toLocaleString('en-US')} scores…`);
    const before = bytes();
    for (let i = 0; i < s.memoryScores; i += 1) {
      ours(single[i % single.length]);
      if (i % 10_000 === 9_999) await pause();
    }
    const after = bytes();
    memoryResult = { at_start: memoryAtStart, after_warm_up: before, scores: s.memoryScores, after_scores: after, growth: after - before };
  }

  const singleSamples = { leadlens: [], handwritten: [] };
  for (let round = 0; round < s.rounds; round += 1) {
    progress(`One lead per call: round ${round + 1} of ${s.rounds}…`);
    const order = round % 2 === 0 ? ['leadlens', 'handwritten'] : ['handwritten', 'leadlens'];
    for (const name of order) singleSamples[name].push(...timeChunks(single, s.chunk, name === 'leadlens' ? ours : theirs));
    await pause();
  }

  progress(`json-rules-engine: checking answers on ${engineSet.length} leads (warm-up)…`);
  const engineAnswers = [];
  for (const lead of engineSet) engineAnswers.push(await rulesEngine.score(lead, now));
  verified.rules_engine = check(LABELS.rules_engine, engineSet, want.slice(0, engineSet.length), engineAnswers);
  const engineSamples = [];
  const leadlensOnEngineSet = [];
  for (let round = 0; round < s.engineRounds; round += 1) {
    progress(`json-rules-engine: round ${round + 1} of ${s.engineRounds}…`);
    engineSamples.push(...(await timeChunksAsync(engineSet, s.engineChunk, async (lead) => {
      sink += (await rulesEngine.score(lead, now)).fit;
    })));
    // leadlens on the same leads and chunks, for the ratio.
    leadlensOnEngineSet.push(...timeChunks(engineSet, s.engineChunk, ours));
    await pause();
  }

  progress(`Batch of ${leads.length.toLocaleString('en-US')}: checking answers (warm-up)…`);
  const batchWant = scorer.scoreBatch(leads, { now });
  verified.batch = check(LABELS.handwritten, leads, batchWant, leads.map((lead) => handwritten.score(lead, now)));
  const batchSamples = { leadlens: [], handwritten: [] };
  const batchRun = {
    leadlens: () => {
      sink += scorer.scoreBatch(leads, { now }).length;
    },
    handwritten: () => {
      sink += leads.map((lead) => handwritten.score(lead, now)).length;
    },
  };
  for (let round = 0; round < s.batchRounds; round += 1) {
    progress(`Batch of ${leads.length.toLocaleString('en-US')}: round ${round + 1} of ${s.batchRounds}…`);
    const order = round % 2 === 0 ? ['leadlens', 'handwritten'] : ['handwritten', 'leadlens'];
    for (const name of order) {
      const t0 = performance.now();
      batchRun[name]();
      batchSamples[name].push(((performance.now() - t0) * 1000) / leads.length);
      await pause();
    }
  }
  if (memoryResult) memoryResult.after_batch = bytes();
  scorer.free();

  const results = {
    settings: s,
    timer_resolution_us: timerResolution(),
    verified,
    single: {
      leadlens: stats(singleSamples.leadlens),
      handwritten: stats(singleSamples.handwritten),
      rules_engine: stats(engineSamples),
      leadlens_on_engine_leads: stats(leadlensOnEngineSet),
    },
    batch: { leadlens: stats(batchSamples.leadlens), handwritten: stats(batchSamples.handwritten) },
    memory: memoryResult,
    checksum: sink,
  };
  results.speedup = {
    single_vs_handwritten: speedup(results.single.leadlens, results.single.handwritten),
    single_vs_rules_engine: speedup(results.single.leadlens_on_engine_leads, results.single.rules_engine),
    batch_vs_handwritten: speedup(results.batch.leadlens, results.batch.handwritten),
  };
  return results;
}

// ---- presentation: the same rows for the console, Markdown and the page ----------------------

/** A speed-up as words: 2.5 → "leadlens 2.5× faster", 0.4 → "leadlens 2.5× slower". */
export function ratioText(x) {
  if (!Number.isFinite(x) || x <= 0) return '–';
  const times = x >= 1 ? x : 1 / x;
  const shown = times >= 10 ? times.toFixed(0) : times.toFixed(2);
  return `leadlens ${shown}× ${x >= 1 ? 'faster' : 'slower'}`;
}

/** Microseconds, to 3 significant digits. */
export function us(x) {
  if (!Number.isFinite(x)) return '–';
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

export const COMPARISON_HEADER = ['comparison (µs per lead)', 'where', 'leadlens p50', 'leadlens p99', 'alternative',
  'its p50', 'its p99', 'ratio at p50', 'ratio at p99'];

/** "1 round", "3 rounds". */
export const plural = (n, word) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** The comparison table's rows for one run of the suite (`where`: "Node 20", "Chromium 156"…). */
export function comparisonRows(results, where) {
  const n = (x) => x.toLocaleString('en-US');
  const s = results.settings;
  const row = (what, ours, alternative, theirs, ratio) =>
    [what, where, us(ours.p50), us(ours.p99), alternative, us(theirs.p50), us(theirs.p99), ratioText(ratio.p50), ratioText(ratio.p99)];
  return [
    row(`score + explain, one lead per call (${plural(s.leads, 'lead')} × ${plural(s.rounds, 'round')}, chunks of ${s.chunk})`,
      results.single.leadlens, LABELS.handwritten, results.single.handwritten, results.speedup.single_vs_handwritten),
    row(`score + explain, one lead per call (first ${plural(s.engineLeads, 'lead')} × ${plural(s.engineRounds, 'round')}, chunks of ${s.engineChunk})`,
      results.single.leadlens_on_engine_leads, LABELS.rules_engine, results.single.rules_engine, results.speedup.single_vs_rules_engine),
    row(`${n(s.batch)} leads: one scoreBatch call vs a loop (${plural(s.batchRounds, 'round')})`,
      results.batch.leadlens, LABELS.handwritten, results.batch.handwritten, results.speedup.batch_vs_handwritten),
  ];
}

/** The wasm memory line: "… MB after warm-up → … after 100,000 scores (growth 0 B) → … after the batch". */
export function memoryText(memory) {
  if (!memory) return 'not measured';
  const mb = (b) => `${(b / 1048576).toFixed(1)} MiB`;
  return `${mb(memory.after_warm_up)} after warm-up → ${mb(memory.after_scores)} after ${memory.scores.toLocaleString('en-US')} more scores (growth ${memory.growth.toLocaleString('en-US')} bytes) → ${mb(memory.after_batch)} after the batches`;
}
