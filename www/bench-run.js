// What the benchmark pages (bench.html, bench-form.html) share: one run at a time behind the Run
// button, its outcome in window.__benchResult and body[data-state] ("running", "done", "failed")
// for the headless runners (scripts/bench.mjs, scripts/bench-form.mjs) and the tests; and `el`.

/** An element with `text` (as textContent, never markup) and attributes. */
export function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = String(text);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

/** Runs `work()` → `{ result, summary }`, showing the summary (or the error) in `status`. */
export async function runBenchmark(button, status, work) {
  button.disabled = true;
  document.body.dataset.state = 'running';
  try {
    const { result, summary } = await work();
    status.textContent = summary;
    window.__benchResult = result;
    document.body.dataset.state = 'done';
  } catch (error) {
    status.textContent = `Benchmark failed: ${error.message}`;
    window.__benchResult = { error: error.message };
    document.body.dataset.state = 'failed';
  } finally {
    button.disabled = false;
  }
}
