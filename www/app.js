// leadlens demo: edit a lead, see it scored in the browser with the embedded default model.
// All data is rendered with textContent/createElement (never innerHTML), so it works under a
// strict CSP and lead text can never become markup.
import init, { score, defaultModel, version, LeadlensError } from './pkg/web.js';
import { SAMPLES, DEMO_NOW } from './samples.js';

const $ = (id) => document.getElementById(id);
const sampleSelect = $('sample');
const nowInput = $('now');
const editor = $('lead-json');
const inputStatus = $('input-status');
const resultPanel = $('result');
const modelInfo = $('model-info');

const ROUTE_LABELS = { sales_review: 'Sales review', nurture: 'Nurture', disqualify: 'Disqualify' };
const REVIEW_LABELS = {
  strategic_account: 'Strategic account',
  high_value: 'High value',
  borderline: 'Borderline',
  ambiguous: 'Ambiguous',
  incomplete_profile: 'Incomplete profile',
  stale_enrichment: 'Stale enrichment',
};

/** createElement with optional class and text; children appended in order. */
function el(tag, { className, text, attrs } = {}, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = String(text);
  if (attrs) for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const child of children) if (child) node.append(child);
  return node;
}

function signed(points) {
  return points > 0 ? `+${points}` : points < 0 ? `−${Math.abs(points)}` : '0';
}

function pointsClass(points) {
  return points > 0 ? 'pts pos' : points < 0 ? 'pts neg' : 'pts zero';
}

function section(title, ...children) {
  return el('section', { className: 'block' }, el('h3', { text: title }), ...children);
}

function scoreCard(name, dim, extra) {
  return el(
    'div',
    { className: `score-card band-${dim.band}` },
    el('p', { className: 'score-name', text: name }),
    el('p', { className: 'score-value', attrs: { id: `${name.toLowerCase()}-score` } }, el('span', { text: dim.score }), el('span', { className: 'of', text: '/100' })),
    el('p', { className: 'score-band', text: `${dim.band} ${name.toLowerCase()}` }),
    extra,
  );
}

function evidenceTable(caption, evidence, detail) {
  if (evidence.length === 0) return el('p', { className: 'muted', text: `No ${caption.toLowerCase()}.` });
  const table = el('table', { className: 'evidence' });
  table.append(el('caption', { className: 'visually-hidden', text: caption }));
  const head = el('tr', {}, el('th', { text: 'Points', attrs: { scope: 'col' } }), el('th', { text: 'Reason', attrs: { scope: 'col' } }), el('th', { text: 'Source', attrs: { scope: 'col' } }));
  table.append(el('thead', {}, head));
  const body = el('tbody');
  for (const item of evidence) {
    const row = el('tr', item.expired ? { className: 'expired' } : {});
    row.append(el('td', { className: pointsClass(item.points), text: signed(item.points) }));
    const reason = el('td', {}, el('span', { text: item.label }), el('code', { className: 'code', text: item.code }));
    row.append(reason);
    row.append(el('td', { className: 'source', text: detail(item) }));
    body.append(row);
  }
  table.append(body);
  return el('div', { className: 'table-wrap' }, table);
}

function fitDetail(item) {
  if (!item.field) return '—';
  return item.value ? `${item.field} = ${item.value}` : item.field;
}

function intentDetail(item) {
  const parts = [];
  if (item.field) parts.push(item.field);
  if (item.count && item.count > 1) parts.push(`${item.count} events`);
  if (item.at) parts.push(`latest ${item.at.slice(0, 10)}`);
  if (item.decayed_from !== undefined && item.decayed_from !== item.points) parts.push(`decayed from ${signed(item.decayed_from)}`);
  if (item.expired) parts.push('outside look-back window');
  return parts.length ? parts.join(' · ') : '—';
}

function list(items, className) {
  const ul = el('ul', { className });
  for (const item of items) ul.append(el('li', { text: item }));
  return ul;
}

function renderResult(r) {
  const content = [];
  content.push(el('h2', { text: 'Result', attrs: { id: 'result-heading' } }));

  const head = el(
    'div',
    { className: 'result-head' },
    el('span', { className: `route-badge route-${r.route}`, text: ROUTE_LABELS[r.route] ?? r.route, attrs: { id: 'route', 'data-route': r.route } }),
    el('span', { className: 'lead-id', text: `Lead ${r.lead_id}` }),
  );
  content.push(head);
  content.push(el('p', { className: 'summary', text: r.summary, attrs: { id: 'summary' } }));

  content.push(
    el(
      'div',
      { className: 'scores' },
      scoreCard('Fit', r.fit, el('p', { className: 'score-extra', text: `profile confidence: ${r.fit.confidence}` })),
      scoreCard('Intent', r.intent),
    ),
  );

  if (r.disqualification) {
    content.push(
      el(
        'div',
        { className: 'callout danger', attrs: { id: 'disqualification' } },
        el('p', { className: 'callout-title', text: `Disqualified: ${r.disqualification.code}` }),
        el('p', { text: r.disqualification.reason }),
      ),
    );
  }

  const next = el(
    'div',
    { className: 'callout next' },
    el('p', { className: 'callout-title', text: 'Next action' }),
    el('p', { text: r.next_action.text }),
    el('p', { className: 'why' }, el('span', { text: 'Why this route: ' }), el('span', { text: r.route_reason.text })),
  );
  content.push(next);

  if (r.review_reasons.length > 0) {
    const chips = el('ul', { className: 'chips', attrs: { 'aria-label': 'Review reasons' } });
    for (const reason of r.review_reasons) chips.append(el('li', { className: 'chip', text: REVIEW_LABELS[reason] ?? reason }));
    content.push(section('Needs a person because', chips));
  }

  content.push(section('Fit evidence', evidenceTable('Fit evidence', r.fit.evidence, fitDetail)));
  content.push(section('Intent evidence', evidenceTable('Intent evidence', r.intent.evidence, intentDetail)));
  if (r.intent.notes.length > 0) content.push(section('Intent notes', list(r.intent.notes, 'notes')));
  if (r.missing.length > 0) {
    const items = el('ul', { className: 'chips' });
    for (const field of r.missing) items.append(el('li', { className: 'chip muted-chip' }, el('code', { text: field })));
    content.push(section('Unknown fields that would change the result', items));
  }
  content.push(el('p', { className: 'meta', text: `Scored at ${r.scored_at} with model ${r.model.id} ${r.model.version}` }));

  resultPanel.replaceChildren(...content);
  resultPanel.classList.remove('stale');
}

function showInputProblem(text) {
  inputStatus.textContent = text;
  inputStatus.className = 'status error';
  editor.setAttribute('aria-invalid', 'true');
  resultPanel.classList.add('stale');
}

function clearInputProblem() {
  inputStatus.textContent = 'Scored.';
  inputStatus.className = 'status ok';
  editor.removeAttribute('aria-invalid');
}

function rescore() {
  let lead;
  try {
    lead = JSON.parse(editor.value);
  } catch (error) {
    showInputProblem(`JSON syntax: ${error.message}`);
    return;
  }
  try {
    const result = score(lead, { now: nowInput.value.trim() || undefined });
    clearInputProblem();
    renderResult(result);
  } catch (error) {
    if (!(error instanceof LeadlensError)) throw error;
    const where = error.path ? `${error.path}: ` : '';
    const message = error.path && error.message.startsWith(error.path) ? error.message.slice(error.path.length + 2) : error.message;
    showInputProblem(`${error.code} — ${where}${message}`);
  }
}

let pending = 0;
function rescoreSoon() {
  // Coalesce bursts of keystrokes into one scoring per frame.
  cancelAnimationFrame(pending);
  pending = requestAnimationFrame(rescore);
}

function loadSample(key) {
  const sample = SAMPLES.find((s) => s.key === key) ?? SAMPLES[0];
  editor.value = JSON.stringify(sample.lead, null, 2);
  rescore();
}

async function main() {
  for (const sample of SAMPLES) sampleSelect.append(el('option', { text: sample.label, attrs: { value: sample.key } }));
  nowInput.value = DEMO_NOW;
  try {
    await init();
  } catch (error) {
    modelInfo.textContent = 'The scorer could not be loaded.';
    resultPanel.replaceChildren(el('h2', { text: 'Result' }), el('p', { className: 'status error', text: `Loading the WebAssembly module failed: ${error.message}` }));
    throw error;
  }
  const model = defaultModel();
  modelInfo.replaceChildren(
    el('span', { text: `leadlens ${version()}` }),
    el('span', { className: 'sep', text: ' · ' }),
    el('span', { text: `model ${model.id} ${model.version}` }),
  );
  for (const control of [sampleSelect, nowInput, editor]) control.disabled = false;
  sampleSelect.addEventListener('change', () => loadSample(sampleSelect.value));
  editor.addEventListener('input', rescoreSoon);
  nowInput.addEventListener('input', rescoreSoon);
  resultPanel.setAttribute('aria-busy', 'false');
  loadSample(sampleSelect.value);
}

main();
