// "Brightline CRM": a mock CRM page hosting <leadlens-panel> in its sidebar, the way a real CRM
// extension would. The page owns the CRM (list, record, timeline) through a MemoryCrmHost; the
// panel owns scoring and decisions and talks to the CRM only through the LeadHost interface.
// All data is rendered with textContent/createElement, never innerHTML (strict CSP; data is text).
import { MemoryCrmHost } from './pkg/hosts.js';
import { CRM_RECORDS, DEMO_NOW } from './crm-leads.js';

const $ = (id) => document.getElementById(id);

const MODE_TEXT = {
  online: 'Connected',
  offline: 'Offline: decisions wait in the outbox and are retried',
  conflict: 'Every write is refused as a conflict',
  error: 'Writes are refused: no permission',
  timeout: 'Writes go through but the answer is lost: retries must not apply twice',
};
const REVIEWER = { id: 'rep-001', name: 'Morgan Reyes' };
const STORAGE_PREFIX = 'brightline-crm-demo';

/** createElement with optional class, text and attributes; children appended in order. */
function el(tag, { className, text, attrs } = {}, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (attrs) for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

// --- time ----------------------------------------------------------------------------------------

// The leads' data lives at DEMO_NOW (the panel scores as of then), so "… ago" labels count from it
// and events added to a lead are stamped a minute before it (never in the panel's future).
const NOW_MS = Date.parse(DEMO_NOW);
const justBeforeNow = () => new Date(NOW_MS - 60_000).toISOString();

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
const dateOnly = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

function formatWhen(value, withTime = true) {
  if (value === null || value === undefined || value === '') return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return withTime ? `${dateTime.format(date)} UTC` : dateOnly.format(date);
}

function ago(value) {
  const ms = NOW_MS - new Date(value).getTime();
  if (!Number.isFinite(ms)) return '';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  return days === 1 ? '1 day ago' : `${days} days ago`;
}

function timeEl(value, withTime = true) {
  if (value === null || value === undefined || value === '') return el('span', { className: 'muted', text: '—' });
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return el('span', { text: String(value) });
  return el('time', { text: formatWhen(value, withTime), attrs: { datetime: date.toISOString() } });
}

// --- formatting of lead fields --------------------------------------------------------------------

const humanize = (code) => String(code).replaceAll('_', ' ');
const displayName = (lead) => lead.contact?.name || lead.contact?.email || `Lead ${lead.id}`;
const companyName = (lead) => lead.company?.name || lead.company?.domain || (lead.contact?.email?.split('@')[1] ?? '');

function money(value) {
  if (typeof value !== 'number') return value ?? null;
  if (value >= 1e9) return `$${(value / 1e9).toFixed(2)}B`;
  if (value >= 1e6) return `$${(value / 1e6).toFixed(1)}M`;
  return `$${value.toLocaleString('en-US')}`;
}

function consent(value) {
  if (value === true) return 'yes';
  if (value === false) return 'no';
  return value ?? null;
}

function statusTone(status) {
  if (status === 'Sales accepted') return 'good';
  if (status.startsWith('Rejected')) return 'bad';
  if (status.startsWith('Recycled') || status === 'Nurturing') return 'warn';
  if (status === 'New') return 'new';
  return 'neutral';
}

const statusBadge = (status) => el('span', { className: `status-badge tone-${statusTone(status)}`, text: status });

/** A <dl> of label/value rows; unknown values read "—" (CRMs are full of gaps). */
function fields(rows) {
  const dl = el('dl', { className: 'fields' });
  for (const [label, value] of rows) {
    const dd = el('dd');
    if (value === null || value === undefined || value === '') {
      dd.className = 'muted';
      dd.textContent = '—';
    } else {
      dd.textContent = String(value);
    }
    dl.append(el('div', { className: 'field-row' }, el('dt', { text: label }), dd));
  }
  return dl;
}

function card(title, ...children) {
  const id = `card-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return el('section', { className: 'card', attrs: { 'aria-labelledby': id } }, el('h2', { text: title, attrs: { id } }), ...children);
}

// --- host ------------------------------------------------------------------------------------------

// Newest first, as a CRM's "recent leads" view; the host opens the first one.
const records = [...CRM_RECORDS].sort((a, b) => Date.parse(b.lead.created_at ?? 0) - Date.parse(a.lead.created_at ?? 0));

let storageNote = '';
function createHost() {
  const options = {
    records,
    reviewer: REVIEWER.id,
    users: { [REVIEWER.id]: `${REVIEWER.name} (you)` },
    storageKeyPrefix: STORAGE_PREFIX,
    // A little latency so "sending…" is visible, as with a real CRM API.
    latencyMs: 350,
    // The timeline records people's actions at the real time (as the panel stamps decisions);
    // only the lead's own data (its events) lives on the demo clock.
  };
  try {
    return new MemoryCrmHost({ ...options, store: 'local' });
  } catch {
    // localStorage blocked (private mode, sandboxed frame): the demo still works, without
    // surviving a reload, and says so.
    storageNote = 'Browser storage is unavailable: queued decisions will not survive a reload.';
    return new MemoryCrmHost({ ...options, store: 'memory' });
  }
}

const host = createHost();
// A console handle for trying the host by hand (crm.setMode('offline'), crm.records()…); the smoke
// test uses it to check the page drives the host.
globalThis.crm = host;

// --- lead list -----------------------------------------------------------------------------------

const list = $('leads');
/** lead id → its button */
const buttons = new Map();

function listItem(record) {
  const lead = record.lead;
  const button = el(
    'button',
    { className: 'lead-button', attrs: { type: 'button', 'data-lead-id': record.id, tabindex: '-1' } },
    el('span', { className: 'lead-name', text: displayName(lead) }),
    el('span', { className: 'lead-company', text: companyName(lead) || 'No company' }),
    el('span', { className: 'lead-meta' }, statusBadge(record.status), el('span', { className: 'lead-owner', text: record.owner })),
  );
  return button;
}

function renderList() {
  const all = host.records();
  list.replaceChildren();
  buttons.clear();
  for (const record of all) {
    const button = listItem(record);
    buttons.set(record.id, button);
    list.append(el('li', {}, button));
  }
  $('list-count').textContent = `${all.length} leads`;
  markCurrent();
}

function updateListItem(id) {
  const old = buttons.get(id);
  const record = host.record(id);
  if (!old || !record) return;
  const fresh = listItem(record);
  fresh.tabIndex = old.tabIndex;
  const hadFocus = document.activeElement === old;
  old.replaceWith(fresh);
  buttons.set(id, fresh);
  markCurrent();
  if (hadFocus) fresh.focus();
}

/** aria-current on the open lead; it is also the list's single tab stop (roving tabindex). */
function markCurrent() {
  for (const [id, button] of buttons) {
    const current = id === host.currentId;
    if (current) button.setAttribute('aria-current', 'true');
    else button.removeAttribute('aria-current');
  }
  const focused = [...buttons.values()].find((b) => b === document.activeElement);
  const stop = focused ?? buttons.get(host.currentId) ?? buttons.values().next().value;
  for (const button of buttons.values()) button.tabIndex = button === stop ? 0 : -1;
}

list.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-lead-id]');
  if (button) host.open(button.dataset.leadId);
});

// Arrow keys move focus within the list (one tab stop for 36 leads); Enter/Space open, as buttons do.
list.addEventListener('keydown', (event) => {
  const all = [...buttons.values()];
  const index = all.indexOf(document.activeElement);
  if (index < 0) return;
  const target = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: all.length - 1, PageDown: index + 10, PageUp: index - 10 }[event.key];
  if (target === undefined) return;
  event.preventDefault();
  const next = all[Math.max(0, Math.min(all.length - 1, target))];
  for (const button of all) button.tabIndex = button === next ? 0 : -1;
  next.focus();
});

// --- record view ---------------------------------------------------------------------------------

const recordView = $('record');

function eventsTable(events) {
  if (!Array.isArray(events) || events.length === 0) return el('p', { className: 'muted', text: 'No tracked activity.' });
  const sorted = [...events].sort((a, b) => Date.parse(b.at ?? 0) - Date.parse(a.at ?? 0));
  const table = el('table', { className: 'events' });
  table.append(el('caption', { className: 'visually-hidden', text: 'Tracked events, newest first' }));
  table.append(el('thead', {}, el('tr', {}, ...['Event', 'When', 'Detail'].map((h) => el('th', { text: h, attrs: { scope: 'col' } })))));
  const body = el('tbody');
  for (const event of sorted) {
    body.append(
      el(
        'tr',
        {},
        el('td', { text: humanize(event.type ?? 'event') }),
        el('td', {}, timeEl(event.at), event.at ? el('span', { className: 'muted small', text: ` · ${ago(event.at)}` }) : null),
        el('td', { className: 'detail', text: event.page ?? event.asset ?? '' }),
      ),
    );
  }
  table.append(body);
  return el('div', { className: 'table-wrap' }, table);
}

function timeline(activity) {
  const ol = el('ol', { className: 'timeline', attrs: { reversed: '' } });
  for (const entry of [...activity].reverse()) {
    ol.append(
      el(
        'li',
        { className: `entry kind-${entry.kind}` },
        el('p', { className: 'entry-head' }, el('span', { className: 'entry-actor', text: entry.actor }), el('span', { className: 'muted small' }, ' · ', timeEl(entry.at))),
        el('p', { className: 'entry-text', text: entry.text }),
      ),
    );
  }
  return ol;
}

function renderRecord() {
  const record = host.record(host.currentId);
  if (!record) {
    recordView.replaceChildren(el('p', { className: 'placeholder', text: 'No lead is open.', attrs: { id: 'record-title' } }));
    return;
  }
  const lead = record.lead;
  const company = lead.company ?? {};
  const contact = lead.contact ?? {};
  const form = lead.form ?? {};
  const source = lead.source ?? {};

  const head = el(
    'header',
    { className: 'record-head' },
    el('p', { className: 'record-kind', text: `Lead · ${record.id}` }),
    el('h1', { text: displayName(lead), attrs: { id: 'record-title' } }),
    el('p', { className: 'record-sub', text: [contact.title, companyName(lead)].filter(Boolean).join(' at ') || 'No title or company on record' }),
    el(
      'dl',
      { className: 'record-facts' },
      el('div', {}, el('dt', { text: 'Status' }), el('dd', { attrs: { id: 'record-status' } }, statusBadge(record.status))),
      el('div', {}, el('dt', { text: 'Owner' }), el('dd', { text: record.owner })),
      el('div', {}, el('dt', { text: 'Record version' }), el('dd', { text: record.version, attrs: { id: 'record-version' } })),
      el('div', {}, el('dt', { text: 'Created' }), el('dd', {}, timeEl(lead.created_at))),
    ),
  );

  const need = form.message
    ? el('blockquote', { className: 'message', text: form.message })
    : el('p', { className: 'muted', text: 'No message.' });

  recordView.replaceChildren(
    head,
    el(
      'div',
      { className: 'cards' },
      card(
        'Company',
        fields([
          ['Name', company.name],
          ['Domain', company.domain],
          ['Industry', company.industry],
          ['Employees', typeof company.employees === 'number' ? company.employees.toLocaleString('en-US') : company.employees],
          ['Annual revenue', money(company.annual_revenue)],
          ['Country', company.country],
          ['Enriched', company.enriched_at ? formatWhen(company.enriched_at, false) : null],
        ]),
      ),
      card(
        'Contact',
        fields([
          ['Name', contact.name],
          ['Email', contact.email],
          ['Title', contact.title],
          ['Phone', contact.phone],
          ['Email consent', consent(lead.consent?.email)],
          ['Phone consent', consent(lead.consent?.phone)],
        ]),
      ),
      card('Form', fields([['Form', form.type ? humanize(form.type) : null], ['Source', [source.channel, source.campaign].filter(Boolean).map(humanize).join(' · ')]]), need),
    ),
    card('Tracked activity', eventsTable(lead.events)),
    card('Timeline', timeline(record.activity)),
  );
}

// --- header controls ---------------------------------------------------------------------------

const connection = $('connection');
const connectionState = $('connection-state');

function showMode(mode) {
  connection.value = mode;
  connectionState.textContent = `CRM: ${MODE_TEXT[mode] ?? mode}`;
  document.body.dataset.crmMode = mode;
}

connection.addEventListener('change', () => host.setMode(connection.value));

// Someone else edits the open record: the version moves, so a decision made on the old version
// (e.g. queued while offline) comes back as a conflict.
const EDITS = [
  (lead) => ({
    by: 'Marketing automation',
    patch: { events: [...(lead.events ?? []), { type: 'email_click', at: justBeforeNow() }] },
  }),
  () => ({ by: 'Alex Kim (RevOps)', patch: { contact: { phone: '+1 555 0199' }, company: { enriched_at: justBeforeNow() } } }),
];
let editCount = 0;
$('edit-elsewhere').addEventListener('click', () => {
  const record = host.record(host.currentId);
  if (!record) return;
  const { by, patch } = EDITS[editCount % EDITS.length](record.lead);
  editCount += 1;
  host.editLead(record.id, patch, { by });
});

$('reset-demo').addEventListener('click', async () => {
  // The CRM lives in memory and resets on reload; the panel's outbox lives in storage.
  await host.store?.clear?.();
  location.reload();
});

// --- write log ---------------------------------------------------------------------------------

const writeLog = $('write-log');
let writes = 0;

function logWrite({ leadId, decisionId, result }) {
  writes += 1;
  $('log-count').textContent = `(${writes})`;
  const verdict = result.ok ? 'applied / confirmed' : result.conflict ? 'conflict' : result.retryable ? 'failed, retryable' : 'refused';
  writeLog.prepend(
    el(
      'li',
      { className: result.ok ? 'ok' : 'not-ok' },
      el('span', { className: 'log-head', text: `${leadId ?? '?'}: ${verdict}` }),
      el('span', { className: 'muted small', text: ` · decision ${decisionId.slice(0, 13)}… · post #${host.postCount(decisionId)}, applied ${host.appliedCount(decisionId)}×` }),
      result.ok ? null : el('span', { className: 'log-message', text: result.message }),
    ),
  );
}

// --- live updates ------------------------------------------------------------------------------

host.subscribe((change) => {
  switch (change.type) {
    case 'open':
      markCurrent();
      renderRecord();
      break;
    case 'edit':
    case 'decision':
      updateListItem(change.leadId);
      if (change.leadId === host.currentId) renderRecord();
      break;
    case 'mode':
      showMode(change.mode);
      break;
    case 'post':
      logWrite(change);
      break;
    default:
      break;
  }
});

// --- the panel -----------------------------------------------------------------------------------

const panelState = $('panel-state');
const panel = $('panel');

function setPanelState(state, text) {
  panelState.dataset.state = state;
  panelState.textContent = text;
}

async function startPanel() {
  let definePanel;
  try {
    // Imported dynamically so the CRM keeps working when the panel cannot load (an older build
    // without it, or a wasm error): the sidebar says so instead of the whole page failing.
    ({ definePanel } = await import('./pkg/panel.js'));
    await definePanel();
  } catch (error) {
    setPanelState('unavailable', `The leadlens panel could not be loaded (${error.message}). The CRM works without it; rebuild with scripts/build-wasm.sh.`);
    return;
  }
  panel.addEventListener('leadlens-decision', (event) => {
    const { decision, status, message } = event.detail;
    setPanelState('ready', `Decision on ${decision.lead_id} (${decision.outcome}): ${status}${message ? ` — ${message}` : ''}`);
  });
  panel.addEventListener('leadlens-error', (event) => {
    const { code, message } = event.detail;
    setPanelState('error', `leadlens: ${code}: ${message}`);
  });
  panel.addEventListener('leadlens-scored', () => {
    if (panelState.dataset.state !== 'ready') setPanelState('ready', '');
  });
  panel.now = DEMO_NOW;
  panel.host = host;
  setPanelState('ready', storageNote);
}

// --- start ---------------------------------------------------------------------------------------

showMode(host.mode);
renderList();
renderRecord();
for (const control of [connection, $('edit-elsewhere'), $('reset-demo')]) control.disabled = false;
if (storageNote) connectionState.textContent += ` · ${storageNote}`;
startPanel();
