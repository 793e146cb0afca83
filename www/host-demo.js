// The CRM adapter demo pages (zoho.html, …): one record of a fake CRM — built from the fake of the
// vendor's SDK in www/fakes/ — beside <leadlens-panel>, connected through the real adapter from
// ./pkg/hosts/<crm>.js. The page shows the record's fields and its notes as the CRM holds them, and
// every SDK call the adapter makes, so a decision can be followed from the panel into the CRM.
// Text goes in through textContent only; the page works under the strict CSP of scripts/serve.mjs.

const DEMO_NOW = '2026-11-22T12:00:00Z';

function el(tag, { className, text, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attrs ?? {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

const shown = (value) => {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
};

/**
 * @param {{
 *   crm: string, surface: string, adapter: string,
 *   fake: { setMode(m: string): void, mode: string, calls: {name: string, args: unknown}[],
 *           record(id: string): Record<string, unknown>, subscribe(l: (c: any) => void): () => void },
 *   modes: [string, string][],
 *   connect(): Promise<import('./pkg/index.js').LeadHost & { recordId?: string }>,
 *   recordId: string,
 *   title(record: Record<string, unknown>): string,
 *   fields: [string, string][],
 *   extraFields?(record: Record<string, unknown>): [string, unknown][],
 *   timeline(): { title: string, text: string, at?: string }[],
 *   editElsewhere(): string,
 *   storagePrefix: string,
 *   frame?: string,
 * }} demo
 *   `frame`: the panel runs in this page, in an iframe, and reaches the host through
 *   leadlens/hosts/bridge (as on Salesforce, where components cannot run WebAssembly).
 */
export async function runHostDemo(demo) {
  const root = document.getElementById('demo');
  const connection = el('select', { attrs: { id: 'connection' } }, demo.modes.map(([value, label]) => el('option', { text: label, attrs: { value } })));
  const editButton = el('button', { className: 'button', text: 'Edit record elsewhere', attrs: { type: 'button', id: 'edit-elsewhere' } });
  const resetButton = el('button', { className: 'button quiet', text: 'Reset demo', attrs: { type: 'button', id: 'reset-demo' } });
  const connectionState = el('p', { className: 'connection-state', attrs: { id: 'connection-state', role: 'status', 'aria-live': 'polite' } });
  const header = el('header', { className: 'crm-header' }, [
    el('div', { className: 'brand' }, [
      el('p', { className: 'brand-name', text: `${demo.crm} · ${demo.surface}` }),
      el('p', { className: 'brand-note', text: `The ${demo.adapter} adapter against a fake of the vendor's SDK (demo data). ` }, [
        el('a', { text: 'All demos', attrs: { href: './index.html' } }),
      ]),
    ]),
    el('div', { className: 'crm-controls' }, [
      el('div', { className: 'control' }, [el('label', { text: 'CRM connection', attrs: { for: 'connection' } }), connection]),
      editButton,
      resetButton,
    ]),
    connectionState,
  ]);
  const recordTitle = el('h1', { attrs: { id: 'record-title' } });
  const fieldList = el('dl', { className: 'record-fields', attrs: { id: 'record-fields' } });
  const timeline = el('ol', { className: 'host-timeline', attrs: { id: 'timeline', 'aria-labelledby': 'timeline-heading' } });
  const record = el('main', { className: 'record', attrs: { id: 'record', tabindex: '-1', 'aria-labelledby': 'record-title' } }, [
    el('div', { className: 'record-head' }, [el('p', { className: 'record-kind', text: `${demo.crm} record ${demo.recordId}` }), recordTitle]),
    el('section', { attrs: { 'aria-label': 'Fields' } }, [fieldList]),
    el('section', { className: 'host-notes' }, [el('h2', { text: 'Notes and activity', attrs: { id: 'timeline-heading' } }), timeline]),
  ]);
  const panelState = el('p', { className: 'panel-state', text: 'Loading the leadlens panel…', attrs: { id: 'panel-state', role: 'status', 'data-state': 'loading' } });
  const panel = demo.frame
    ? el('iframe', { className: 'panel-frame', attrs: { id: 'panel-frame', title: 'leadlens panel (in a frame, reached over postMessage)', src: `${demo.frame}?origin=${encodeURIComponent(location.origin)}` } })
    : el('leadlens-panel', { attrs: { id: 'panel' } });
  const callLog = el('ol', { attrs: { id: 'call-log', reversed: '' } });
  const callCount = el('span', { className: 'log-count', text: '(0)' });
  const sidebar = el('aside', { className: 'sidebar', attrs: { 'aria-label': 'leadlens' } }, [
    el('div', { className: 'sidebar-head' }, [
      el('h2', { text: 'leadlens' }),
      el('p', { className: 'sidebar-note', text: `Scores this record in your browser; decisions are written back through ${demo.crm}'s API.` }),
    ]),
    panelState,
    panel,
    el('details', { className: 'write-log' }, [
      el('summary', { text: `${demo.crm} API calls ` }, [callCount]),
      el('p', { className: 'muted small', text: 'Every call the adapter made, oldest at the bottom. A retried decision finds its id on the record (or its note) and writes nothing twice.' }),
      callLog,
    ]),
  ]);
  root.replaceChildren(el('a', { className: 'skip-link', text: 'Skip to the record', attrs: { href: '#record' } }), header, el('div', { className: 'crm-layout host-demo' }, [record, sidebar]));

  const render = () => {
    const current = demo.fake.record(demo.recordId) ?? {};
    recordTitle.textContent = demo.title(current);
    const rows = [...demo.fields.map(([label, name]) => [label, current[name], name]), ...(demo.extraFields?.(current) ?? []).map(([label, value]) => [label, value, label])];
    fieldList.replaceChildren(...rows.flatMap(([label, value, name]) => [el('dt', { text: label }), el('dd', { text: shown(value), attrs: { 'data-field': name } })]));
    const entries = demo.timeline();
    timeline.replaceChildren(
      ...(entries.length === 0
        ? [el('li', { className: 'muted', text: 'No notes yet.' })]
        : entries.map((entry) => el('li', {}, [el('p', { className: 'host-note-title', text: entry.title }), el('p', { className: 'host-note-text', text: entry.text }), entry.at ? el('p', { className: 'muted small', text: entry.at }) : ''])))
    );
    callLog.replaceChildren(...demo.fake.calls.map((call) => el('li', { className: 'small', text: `${call.name} ${JSON.stringify(call.args)}` })).reverse());
    callCount.textContent = `(${demo.fake.calls.length})`;
  };
  const showMode = (mode) => {
    document.body.dataset.crmMode = mode;
    const label = demo.modes.find(([value]) => value === mode)?.[1] ?? mode;
    connectionState.textContent = `${demo.crm} connection: ${label}`;
  };
  demo.fake.subscribe((change) => {
    if (change.type === 'mode') showMode(change.mode);
    render();
  });
  connection.addEventListener('change', () => demo.fake.setMode(connection.value));
  editButton.addEventListener('click', () => {
    const what = demo.editElsewhere();
    connectionState.textContent = `Another user changed the record in ${demo.crm}: ${what}`;
  });
  resetButton.addEventListener('click', () => {
    try {
      for (const key of Object.keys(localStorage)) if (key.startsWith(demo.storagePrefix)) localStorage.removeItem(key);
    } catch {
      // storage blocked: nothing was kept
    }
    location.reload();
  });
  showMode(demo.fake.mode);
  render();

  if (demo.frame) return runFramed(demo, panel, panelState);
  let host;
  try {
    const { definePanel } = await import('./pkg/panel.js');
    await definePanel();
    host = await demo.connect();
  } catch (error) {
    panelState.dataset.state = 'unavailable';
    panelState.textContent = `The leadlens panel could not be loaded (${error.message}).`;
    return { panel, host };
  }
  panel.addEventListener('leadlens-decision', (event) => {
    const { decision, status, message } = event.detail;
    panelState.dataset.state = 'ready';
    panelState.textContent = `Decision ${decision.outcome}: ${status}${message ? ` — ${message}` : ''}`;
  });
  panel.addEventListener('leadlens-error', (event) => {
    panelState.dataset.state = 'error';
    panelState.textContent = `leadlens: ${event.detail.code}: ${event.detail.message}`;
  });
  panel.addEventListener('leadlens-scored', () => {
    if (panelState.dataset.state !== 'ready') {
      panelState.dataset.state = 'ready';
      panelState.textContent = host.capabilities.durableStore ? '' : 'Decisions are kept in memory only here (no durable store).';
    }
  });
  panel.now = DEMO_NOW;
  panel.host = host;
  globalThis.demo = { fake: demo.fake, host, panel };
  return { panel, host };
}

// The panel in an iframe: this page only serves the host to it, over postMessage.
async function runFramed(demo, frame, panelState) {
  const { serveHost } = await import('./pkg/hosts/bridge.js');
  const host = await demo.connect();
  let stop = null;
  const serve = () => {
    stop?.();
    stop = serveHost(host, { frame: () => frame.contentWindow, origin: location.origin });
  };
  // Served before the frame's script can ask; again whenever the frame reloads (a new window).
  serve();
  frame.addEventListener('load', serve);
  panelState.dataset.state = 'ready';
  panelState.textContent = `The panel runs in a frame and reaches ${demo.crm} through this page.`;
  globalThis.demo = { fake: demo.fake, host, frame };
  return { frame, host };
}
