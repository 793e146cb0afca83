// Runs in headless Chromium under a strict CSP, importing the installed package by path as a
// browser user without a bundler would. Reports what it saw as JSON in #result.
import init, { score, scoreBatch, validateModel, defaultModel, LeadlensError } from '/node_modules/leadlens/web.js';

const report = {};
const out = document.getElementById('result');

try {
  try {
    score({ id: 'early' });
    report.beforeInit = 'no error';
  } catch (error) {
    report.beforeInit = { instance: error instanceof LeadlensError, code: error.code };
  }

  await init();
  await init(); // idempotent

  const now = '2026-11-22T12:00:00Z';
  const ideal = score(
    {
      id: 'p-ideal',
      created_at: new Date('2026-11-21T09:00:00Z'),
      company: { name: 'Acme Logistics', domain: 'acmelogistics.com', industry: 'Logistics', employees: 240, country: 'US' },
      contact: { email: 'dana.ruiz@acmelogistics.com', title: 'Director of Operations' },
      form: { type: 'consultation_request', message: 'Our order-to-cash process is a bottleneck. Budget approved for Q1.' },
      consent: { email: true, phone: true },
    },
    { now },
  );
  report.ideal = { route: ideal.route, fit: ideal.fit.score, band: ideal.fit.band };

  const student = score({ id: 'p-student', contact: { title: 'Student', email: 'kim@stateu.edu' } }, { now: new Date(now) });
  report.student = { route: student.route, disqualification: student.disqualification?.code ?? null };

  report.batch = scoreBatch(
    Array.from({ length: 300 }, (_, i) => ({ id: `p-${i}`, contact: { title: 'Student', email: 'kim@stateu.edu' } })),
    { now },
  ).filter((r) => r.route === 'disqualify').length;

  try {
    score({ id: 'p-bad', events: [{ type: 'page_view', at: 'yesterday' }] }, { now });
  } catch (error) {
    report.error = { instance: error instanceof LeadlensError, code: error.code, path: error.path };
  }
  report.defaultModelProblems = validateModel(defaultModel()).length;
} catch (error) {
  report.crash = String(error && error.stack ? error.stack : error);
}

out.textContent = JSON.stringify(report);
out.dataset.done = 'true';
