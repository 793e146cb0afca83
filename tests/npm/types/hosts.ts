// Type-checked (tsc --noEmit, strict) against the installed package: `leadlens/hosts` as an
// adapter author and a test writer use it, and misuse that must not compile.
import {
  MemoryCrmHost,
  callbackHost,
  memoryStore,
  CRM_MODES,
  type CrmChange,
  type CrmMode,
  type CrmRecord,
  type ActivityEntry,
  type CallbackHostOptions,
} from 'leadlens/hosts';
import type { Decision, DecisionStore, Lead, LeadHost, PostResult } from 'leadlens';

export async function hostsExample(decision: Decision): Promise<void> {
  // A hand-rolled adapter: values or promises, optional members left out.
  const options: CallbackHostOptions = {
    readLead: () => ({ id: 'L-1', company: { name: 'Acme Logistics', employees: '51-200' } }),
    postDecision: async (d: Decision, expectedVersion?: string): Promise<PostResult> =>
      d.lead_id === 'L-1' && expectedVersion !== 'stale' ? { ok: true } : { ok: false, retryable: false, conflict: true, message: 'changed' },
    reviewer: '005xx000001',
    version: () => 'etag-1',
  };
  const adapter: LeadHost = callbackHost(options);
  const lead: Lead = await adapter.readLead();
  const result: PostResult = await adapter.postDecision(decision, 'etag-1');
  if (!result.ok) console.log(result.retryable, result.conflict === true, result.message);
  console.log(lead.id, adapter.capabilities.durableStore);

  const store: DecisionStore = memoryStore();
  const host = new MemoryCrmHost({
    records: [{ lead: { id: 'L-1' }, status: 'New', owner: 'Anna Snelling' }, { lead: { id: 2 } }],
    reviewer: 'rep-001',
    store,
    latencyMs: 200,
    users: { 'rep-001': 'Dana Ruiz' },
    clock: () => new Date(),
  });
  const asHost: LeadHost = host; // MemoryCrmHost is a LeadHost
  console.log(asHost.capabilities.write);

  host.open(2);
  const version: string | undefined = host.version();
  const next: string = host.editLead('L-1', { company: { employees: 900 }, events: [] }, { by: 'Another rep' });
  const mode: CrmMode = CRM_MODES[0] ?? 'online';
  host.setMode(mode);
  host.latencyMs = 0;
  const records: CrmRecord[] = host.records();
  const timeline: ActivityEntry[] = records[0]?.activity ?? [];
  const latest: string | null | undefined = timeline.at(-1)?.at;
  const applied: 0 | 1 = host.appliedCount(decision.decision_id);
  const unsubscribe = host.subscribe((change: CrmChange) => {
    if (change.type === 'post') console.log(change.decisionId, change.result.ok);
    else if (change.type === 'mode') console.log(change.mode);
    else console.log(change.leadId);
  });
  const stop: () => void = host.onLeadChange((changed: Lead) => console.log(changed.id));
  stop();
  unsubscribe();
  console.log(version, next, latest, applied, host.postCount(decision.decision_id), host.record('L-1')?.status);

  new MemoryCrmHost({ records: [], store: null });
  new MemoryCrmHost({ records: [], store: 'local', storageKeyPrefix: 'demo' });

  // @ts-expect-error modes are a closed set
  host.setMode('flaky');
  // @ts-expect-error store is 'local' | 'memory' | null | a DecisionStore
  new MemoryCrmHost({ records: [], store: 'disk' });
  // @ts-expect-error records need a lead with an id
  new MemoryCrmHost({ records: [{ lead: { company: {} } }] });
  // @ts-expect-error postDecision is required
  callbackHost({ readLead: () => ({ id: 1 }) });
  // @ts-expect-error the store is read-only on the host
  host.store = store;
}
