// The plain-form test page: `attachForm` from the built package, with an enrichment hook whose
// answers the e2e test gives by hand through `window.__enrich`, to play a slow, failing, wrong or
// outdated data provider. The page's own submit handler records the submission and cancels the
// navigation (there is no backend); it never waits for leadlens.
import { attachForm } from '/pkg/form.js';
import { recordingOptions } from './record.js';

const pending = new Map();
window.__enrich = {
  /** Domains the hook was asked about, in order. */
  calls: [],
  answer(domain, company) {
    pending.get(domain)?.resolve(company);
  },
  fail(domain, message) {
    pending.get(domain)?.reject(new Error(message));
  },
};

const form = document.getElementById('plain-form');
const options = recordingOptions({
  enrich(domain) {
    window.__enrich.calls.push(domain);
    return new Promise((resolve, reject) => pending.set(domain, { resolve, reject }));
  },
});
const onResult = options.onResult;
options.onResult = (result) => {
  window.__lastResult = result;
  onResult(result);
};
window.__binding = attachForm(form, options);

// Registered on the document: runs after leadlens' own submit listener on the form.
document.addEventListener('submit', (event) => {
  if (event.target !== form) return;
  window.__leadlens.submitted.push({ entries: Object.fromEntries(new FormData(form)) });
  event.preventDefault();
});
