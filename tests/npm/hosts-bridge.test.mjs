// `leadlens/hosts/bridge`: a LeadHost across a frame boundary. Two fake windows exchange messages the
// way browsers do (postMessage → a MessageEvent on the target with the sender's origin and window).
// The panel side (connectBridge) talks to a real host (MemoryCrmHost) served by serveHost.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { serveHost, connectBridge } from 'leadlens/hosts/bridge';
import { MemoryCrmHost, memoryStore } from 'leadlens/hosts';
import { decision } from './hosts-harness.mjs';

const CRM = 'https://acme.lightning.force.com';
const VF = 'https://acme--c.vf.force.com';

// Two windows as browsers connect them: `toChild` is the parent's handle on the frame, `toParent`
// the frame's handle on its parent. postMessage(data, targetOrigin) delivers only to a matching
// origin, after a macrotask, as a structured clone, with the sender's origin and (as `source`) the
// receiver's handle on the sender.
function pair(parentOrigin = CRM, childOrigin = VF) {
  const parent = new EventTarget();
  const child = new EventTarget();
  const deliver = (target, targetOrigin, actualOrigin, data, origin, source) => {
    if (targetOrigin !== actualOrigin) return;
    const copy = structuredClone(data);
    setTimeout(() => {
      const event = new MessageEvent('message', { data: copy, origin });
      Object.defineProperty(event, 'source', { value: source });
      target.dispatchEvent(event);
    }, 0);
  };
  const toChild = { postMessage: (data, targetOrigin) => deliver(child, targetOrigin, childOrigin, data, parentOrigin, toParent) };
  const toParent = { postMessage: (data, targetOrigin) => deliver(parent, targetOrigin, parentOrigin, data, childOrigin, toChild) };
  return { parent, child, toChild, toParent };
}


function records() {
  return [{ lead: { id: 'L-1', company: { name: 'Acme Logistics', employees: 240 }, contact: { title: 'Director of Operations', email: 'dana@acmelogistics.com' } } }];
}

async function setup({ serveOptions = {}, connectOptions = {}, host } = {}) {
  const { parent, child, toChild, toParent } = pair();
  const crm = host ?? new MemoryCrmHost({ records: records(), store: 'memory', reviewer: '005000000000000000' });
  const stop = serveHost(crm, { frame: toChild, origin: VF, window: parent, ...serveOptions });
  const bridged = await connectBridge({ origin: CRM, parent: toParent, window: child, timeoutMs: 500, ...connectOptions });
  return { crm, bridged, stop, parent, child, toChild, toParent };
}

test('the bridged host reads, versions and writes through the served one', async () => {
  const { crm, bridged } = await setup();
  assert.deepEqual(bridged.capabilities, { write: true, durableStore: true });
  assert.equal(bridged.reviewer, '005000000000000000');
  const lead = await bridged.readLead();
  assert.equal(lead.company.name, 'Acme Logistics');
  assert.equal(await bridged.version(), '1');
  const d = decision({ lead_id: 'L-1' });
  assert.deepEqual(await bridged.postDecision(d, '1'), { ok: true });
  assert.equal(crm.record('L-1').decisions.length, 1);
  // The store crosses too: the outbox written in the frame lives in the CRM side's store.
  await bridged.store.set('k', 'v');
  assert.equal(await crm.store.get('k'), 'v');
  assert.equal(await bridged.store.get('k'), 'v');
});

test('conflicts and refusals cross unchanged; a host that throws becomes an error answer', async () => {
  const { crm, bridged } = await setup();
  await bridged.readLead();
  crm.editLead('L-1', { contact: { title: 'COO' } });
  const stale = await bridged.postDecision(decision({ lead_id: 'L-1' }), '1');
  assert.deepEqual([stale.ok, stale.conflict, stale.retryable], [false, true, false]);
  // A host that throws: the frame gets the error as a rejection, with its message.
  crm.readLead = async () => {
    throw new Error('the CRM is down for maintenance');
  };
  await assert.rejects(bridged.readLead(), /the CRM is down for maintenance/);
});

test('lead changes on the CRM side reach the frame', async () => {
  const { crm, bridged } = await setup();
  const seen = [];
  bridged.onLeadChange((lead) => seen.push(lead.contact.title));
  crm.editLead('L-1', { contact: { title: 'COO' } });
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.deepEqual(seen, ['COO']);
});

test('no answer: connect rejects, a post becomes a retryable failure', async () => {
  const { child, toParent } = pair();
  await assert.rejects(connectBridge({ origin: CRM, parent: toParent, window: child, timeoutMs: 50 }), /did not answer hello within 50 ms/);

  const { bridged, stop } = await setup();
  stop();
  const result = await bridged.postDecision(decision({ lead_id: 'L-1' }));
  assert.deepEqual([result.ok, result.retryable], [false, true]);
  assert.match(result.message, /did not answer postDecision/);
});

test('the CRM side may start serving after the frame says hello: the frame says it again', async () => {
  const { parent, child, toChild, toParent } = pair();
  const crm = new MemoryCrmHost({ records: records(), store: null });
  const connecting = connectBridge({ origin: CRM, parent: toParent, window: child, timeoutMs: 2000 });
  await new Promise((resolve) => setTimeout(resolve, 400));
  serveHost(crm, { frame: toChild, origin: VF, window: parent });
  const bridged = await connecting;
  assert.equal((await bridged.readLead()).id, 'L-1');
});

test('only the expected origin is heard, and only it is written to', async () => {
  const { parent, child, toParent } = pair();
  const crm = new MemoryCrmHost({ records: records(), store: null });
  // The CRM side expects another origin: the frame's messages are ignored, so connect times out.
  serveHost(crm, { frame: () => null, origin: 'https://other--c.vf.force.com', window: parent });
  await assert.rejects(connectBridge({ origin: CRM, parent: toParent, window: child, timeoutMs: 50 }), /did not answer/);
  assert.throws(() => serveHost(crm, { frame: null, origin: '*' }), /exact origin/);
  await assert.rejects(connectBridge({ origin: '', parent: toParent, window: child }), /exact origin/);
  assert.throws(() => serveHost({}, { frame: null, origin: VF }), /must be a LeadHost/);
});

test('the frame keeps its own store when the CRM side has none', async () => {
  const store = memoryStore();
  const crm = new MemoryCrmHost({ records: records(), store: null });
  const { bridged } = await setup({ host: crm, connectOptions: { store } });
  assert.equal(bridged.capabilities.durableStore, true);
  assert.equal(bridged.store, store);
  const without = await setup({ host: new MemoryCrmHost({ records: records(), store: null }) });
  assert.equal(without.bridged.capabilities.durableStore, false);
  assert.equal(without.bridged.store, undefined);
});
