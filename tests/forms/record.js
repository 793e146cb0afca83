// What the platform test pages share: a fixed clock, the page's own knowledge that this is a
// consultation-request form, and a record of every leadlens callback on `window.__leadlens` for the
// e2e test (tests/e2e/platforms.test.mjs) to read. The status line shows the live route.

/** The form fields of the test forms, by meaning; each page names them the platform's way. */
export const FIELDS = [
  { key: 'first', label: 'First name' },
  { key: 'last', label: 'Last name' },
  { key: 'email', label: 'Email', type: 'email', required: true },
  { key: 'company', label: 'Company' },
  { key: 'title', label: 'Job title' },
  { key: 'employees', label: 'Number of employees' },
  { key: 'industry', label: 'Industry' },
  { key: 'country', label: 'Country' },
  { key: 'message', label: 'How can we help?', type: 'textarea' },
];

export function recordingOptions(extra = {}) {
  const record = { results: 0, hidden: null, submits: [], submitted: [], errors: [] };
  window.__leadlens = record;
  const status = document.getElementById('leadlens-status');
  return {
    now: '2026-11-22T12:00:00Z',
    formType: 'consultation_request',
    onResult(result) {
      record.results += 1;
      record.hidden = result.hidden;
      status.dataset.route = result.result.route;
      status.textContent = `leadlens: ${result.result.route} (fit ${result.result.fit.score}, intent ${result.result.intent.score})`;
    },
    onSubmit(outcome) {
      record.submits.push(outcome);
    },
    onSubmitted(outcome, _result, details) {
      record.submitted.push({ outcome, details });
    },
    onError(error) {
      record.errors.push({ name: error.name, message: error.message });
      status.dataset.error = 'true';
      status.textContent = `leadlens unavailable: ${error.message}`;
    },
    ...extra,
  };
}
