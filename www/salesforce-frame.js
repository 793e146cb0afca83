// The framed half of www/salesforce.html, in the role of the Visualforce page of
// examples/salesforce: runs <leadlens-panel> and reaches the record page's adapter over
// postMessage. Only the page's own origin may frame it here (the Visualforce page accepts only
// Lightning origins).
import { definePanel } from './pkg/panel.js';
import { connectBridge } from './pkg/hosts/bridge.js';
import { localStorageStore } from './pkg/hosts.js';

const state = document.getElementById('state');
const panel = document.getElementById('panel');

async function start() {
  const origin = new URLSearchParams(location.search).get('origin');
  if (origin !== location.origin || window.parent === window) throw new Error('open salesforce.html: this page runs in its frame');
  await definePanel();
  let store = null;
  try {
    store = localStorageStore('leadlens-salesforce-demo');
  } catch {
    // blocked storage: the panel says decisions are not durable
  }
  panel.now = '2026-11-22T12:00:00Z';
  panel.host = await connectBridge({ origin, store });
  state.hidden = true;
}

start().catch((error) => {
  state.textContent = `leadlens could not start: ${error.message}`;
});
