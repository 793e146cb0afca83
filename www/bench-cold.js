// One cold start of leadlens (www/bench-cold.html): import the package's web entry, fetch +
// compile + instantiate its wasm, score one lead. The server sends every file with
// `Cache-Control: no-store`, so nothing comes from the HTTP cache (nor from Chromium's wasm code
// cache, which lives beside it). Timings, in ms (performance.now(): since this document's
// navigation started):
//
//   import      the JS of the package (web.js: the API and the wasm-bindgen glue, one module)
//               fetched and evaluated
//   init        `await init()`: the .wasm fetched and compiled while it streams in
//               (WebAssembly.instantiateStreaming; `streaming` says whether it was used — it is only
//               when the server says application/wasm), then instantiated
//   first score `score(lead)`: the default model parsed into a Scorer, the lead scored and explained
//   total       import + init + first score; `since_navigation` adds the page itself
//
// The sample goes to window.__coldStart and, in a frame, to the parent (www/bench.js).

const NOW = '2026-11-22T12:00:00Z';
const LEAD = {
  id: 'L-cold',
  created_at: '2026-11-21T09:00:00Z',
  company: { name: 'Acme Logistics', domain: 'acmelogistics.com', industry: 'logistics', employees: 240, country: 'US' },
  contact: { name: 'Dana Ruiz', email: 'dana.ruiz@acmelogistics.com', title: 'Director of Operations' },
  form: { type: 'consultation_request', message: 'Our order-to-cash process is a bottleneck. We have budget approved for Q1.' },
  consent: { email: true },
};

// Notes whether the glue streams: it calls instantiateStreaming only for an application/wasm
// response, and falls back (with a console warning) otherwise.
let streamed = false;
const instantiateStreaming = WebAssembly.instantiateStreaming;
WebAssembly.instantiateStreaming = function (...args) {
  streamed = true;
  return instantiateStreaming.apply(this, args);
};

const status = document.getElementById('status');
const round = (x) => Math.round(x * 1000) / 1000;

async function coldStart() {
  const t0 = performance.now();
  const { default: init, score } = await import('./pkg/web.js');
  const t1 = performance.now();
  await init();
  const t2 = performance.now();
  const result = score(LEAD, { now: NOW });
  const t3 = performance.now();
  const resources = performance.getEntriesByType('resource');
  const wasm = resources.find((e) => e.name.endsWith('.wasm'));
  const js = resources.filter((e) => /\/pkg\/[^/]+\.js$/.test(e.name));
  return {
    import: round(t1 - t0),
    init: round(t2 - t1),
    first_score: round(t3 - t2),
    total: round(t3 - t0),
    since_navigation: round(t3),
    // Network time inside `import` (the package's JS files, requested one after the other as the
    // imports are discovered) and inside `init` (the .wasm, compiled as it arrives).
    js_download: js.length ? round(Math.max(...js.map((e) => e.responseEnd)) - Math.min(...js.map((e) => e.startTime))) : null,
    wasm_download: wasm ? round(wasm.responseEnd - wasm.startTime) : null,
    wasm_bytes: wasm?.decodedBodySize ?? null,
    streaming: streamed,
    route: result.route,
  };
}

let sample;
try {
  sample = await coldStart();
  status.textContent = `Scored (${sample.route}) in ${sample.total.toFixed(1)} ms after the page's script started: import ${sample.import.toFixed(1)}, init ${sample.init.toFixed(1)}, first score ${sample.first_score.toFixed(1)} ms.`;
} catch (error) {
  sample = { error: error.message };
  status.textContent = `Cold start failed: ${error.message}`;
}
window.__coldStart = sample;
if (window.parent !== window) window.parent.postMessage({ type: 'leadlens-cold-start', sample }, window.location.origin);
