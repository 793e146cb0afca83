// The Visualforce page's script (pages/LeadLensPanel.page loads it from the `leadlens` static
// resource): runs <leadlens-panel> — WebAssembly is allowed here, outside Lightning Web Security —
// and connects it to the Lightning component around the iframe, which serves the Salesforce adapter
// over postMessage (leadlens/hosts/bridge).
import { definePanel } from './panel.js';
import { connectBridge } from './hosts/bridge.js';
import { localStorageStore } from './hosts.js';

// The component passes its origin; only a Lightning origin of a Salesforce org is accepted, so
// another site framing this page cannot pose as the CRM.
const LIGHTNING_ORIGIN = /^https:\/\/[a-z0-9-]+(--[a-z0-9]+)*\.(sandbox\.|develop\.|scratch\.)?lightning\.force\.com$/;

const panel = document.getElementById('panel');
const state = document.getElementById('state');

async function start() {
  const origin = new URLSearchParams(location.search).get('origin') ?? '';
  if (!LIGHTNING_ORIGIN.test(origin)) throw new Error(`this page must be framed by a Lightning page (origin ${JSON.stringify(origin)} refused)`);
  await definePanel();
  let store = null;
  try {
    store = localStorageStore('leadlens-salesforce');
  } catch {
    // storage blocked: the panel says decisions are not durable here
  }
  panel.host = await connectBridge({ origin, store });
  state.textContent = '';
}

start().catch((error) => {
  state.textContent = `leadlens could not start: ${error.message}`;
});
