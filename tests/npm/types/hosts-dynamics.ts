// `leadlens/hosts/dynamics` typed as a web resource or PCF author uses it (checked by tsc --strict,
// never run). examples/dynamics/ checks the same calls against @types/xrm and the PCF types.
import {
  DYNAMICS_DECISION_FIELDS,
  DYNAMICS_STATUS,
  FORMATTED_VALUE,
  dynamicsFormHost,
  dynamicsPcfHost,
  formattedValue,
  type DynamicsFormContext,
  type DynamicsFormHost,
  type DynamicsPcfContext,
  type DynamicsPcfHost,
  type DynamicsXrm,
} from 'leadlens/hosts/dynamics';
import type { FieldMap } from 'leadlens/hosts/common';
import type { LeadHost, PostResult } from 'leadlens';

declare const Xrm: DynamicsXrm;
declare const formContext: DynamicsFormContext;
declare const pcfContext: DynamicsPcfContext;

export async function formResource(): Promise<LeadHost> {
  const host: DynamicsFormHost = dynamicsFormHost({ formContext, Xrm, timeline: 'task', prefix: 'contoso_' });
  const lead = await host.readLead();
  const version: string | undefined = host.version();
  const result: PostResult = await host.postDecision(
    {
      decision_id: '0190a5f2-0000-7000-8000-000000000001',
      lead_id: String(lead.id),
      outcome: 'recycled',
      reason_code: 'no_budget_now',
      reviewer: host.reviewer ?? 'unknown',
      decided_at: '2026-11-22T12:05:00Z',
      score_snapshot: { fit: 40, intent: 20, route: 'nurture', model_version: '2026-11-1' },
    },
    version,
  );
  if (!result.ok && result.conflict) await host.readLead();
  const stop: () => void = host.onLeadChange((next) => console.log(next.id));
  stop();
  return host;
}

export function pcfControl(): DynamicsPcfHost {
  const fields: FieldMap = {
    'company.industry': (row) => formattedValue(row, 'industrycode'),
    'form.type': (row) => row[`leadqualitycode${FORMATTED_VALUE}`] ?? null,
  };
  const host = dynamicsPcfHost(pcfContext, {
    fields,
    columns: ['leadqualitycode'],
    status: { accepted: DYNAMICS_STATUS.accepted, rejected: 3 },
    decisionFields: { route: null, status: DYNAMICS_DECISION_FIELDS.status ?? null },
    timeline: false,
    store: null,
  });
  host.update(pcfContext);
  const id: string | undefined = host.recordId;
  void id;
  return host;
}

export const etagOnly = dynamicsFormHost({
  formContext,
  Xrm,
  concurrency: 'etag',
  clientUrl: 'https://contoso.crm4.dynamics.com',
  apiVersion: '9.2',
  refreshForm: false,
  fetch: (url, init) => fetch(url, init as RequestInit),
});
