// `leadlens/hosts/zoho` typed as a widget author uses it (checked by tsc --strict, never run).
import { connectZoho, zohoHost, ZOHO_STATUS, type ZohoHost, type ZohoSdk } from 'leadlens/hosts/zoho';
import { decisionNote, failureForStatus, leadFromRecord, type FieldMap } from 'leadlens/hosts/common';
import type { LeadHost, PostResult } from 'leadlens';

declare const ZOHO: ZohoSdk;

export async function widget(): Promise<LeadHost> {
  const host: ZohoHost = await connectZoho({ sdk: ZOHO, trigger: [] });
  const version: string | undefined = host.version();
  const result: PostResult = await host.postDecision(
    {
      decision_id: '0190a5f2-0000-7000-8000-000000000001',
      lead_id: host.recordId,
      outcome: 'rejected',
      reason_code: 'no_budget_now',
      note: '',
      reviewer: host.reviewer ?? 'unknown',
      decided_at: '2026-11-22T12:05:00Z',
      score_snapshot: { fit: 40, intent: 20, route: 'nurture', model_version: '2026-11-1' },
    },
    version,
  );
  if (!result.ok && result.conflict) await host.readLead();
  return host;
}

export function custom(): ZohoHost {
  const fields: FieldMap = { 'company.name': 'Account_Name', 'contact.title': (r) => r.Title ?? null };
  const status: string = ZOHO_STATUS.recycled;
  return zohoHost({ sdk: ZOHO, entity: 'Contacts', recordId: 42, fields, status: { recycled: status }, decisionFields: { route: null }, store: null });
}

export const note: { title: string; body: string } = decisionNote({
  decision_id: 'x',
  lead_id: 'y',
  outcome: 'accepted',
  reason_code: 'good_fit_real_need',
  note: '',
  reviewer: 'r',
  decided_at: '2026-11-22T12:05:00Z',
  score_snapshot: { fit: 1, intent: 2, route: 'nurture', model_version: 'm' },
});
export const refused: boolean = !failureForStatus(412).retryable;
export const lead = leadFromRecord({ Company: 'Acme' }, { 'company.name': 'Company' });
