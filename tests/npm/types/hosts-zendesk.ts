// `leadlens/hosts/zendesk` typed as a Zendesk app author uses it (checked by tsc --strict, never run).
import {
  connectZendesk,
  zendeskErrorMessage,
  zendeskHost,
  ZENDESK_CHANGE_EVENTS,
  ZENDESK_SELL_STATUS,
  type ZafClient,
  type ZafClientFactory,
  type ZendeskHost,
  type ZendeskSellHost,
  type ZendeskSupportHost,
} from 'leadlens/hosts/zendesk';
import type { Decision, LeadHost, PostResult } from 'leadlens';

declare const ZAFClient: ZafClientFactory;
declare const client: ZafClient;

const decision: Decision = {
  decision_id: '0190a5f2-0000-7000-8000-000000000001',
  lead_id: '1200301',
  outcome: 'rejected',
  reason_code: 'no_budget_now',
  note: '',
  reviewer: 'unknown',
  decided_at: '2026-11-22T12:05:00Z',
  score_snapshot: { fit: 40, intent: 20, route: 'nurture', model_version: '2026-11-1' },
};

export async function leadCard(): Promise<LeadHost> {
  const host: ZendeskSellHost = await connectZendesk({ ZAFClient, product: 'sell', tokenSetting: 'sell_token', notes: false });
  const leadId: string = host.leadId;
  const version: string | undefined = host.version();
  const result: PostResult = await host.postDecision({ ...decision, lead_id: leadId, reviewer: host.reviewer ?? 'unknown' }, version);
  if (!result.ok && result.conflict) await host.readLead();
  const stop: () => void = host.onLeadChange((lead) => void lead.company?.name);
  stop();
  return host;
}

export async function sidebar(): Promise<ZendeskSupportHost> {
  const host = await connectZendesk({ product: 'support', client, ticketFields: { decision_id: 360001001, outcome: '360001002', route: null } });
  const ticketId: string = host.ticketId;
  await host.postDecision({ ...decision, lead_id: ticketId });
  return host;
}

export async function either(): Promise<string> {
  const host: ZendeskHost = await connectZendesk();
  return host.product === 'sell' ? host.leadId : host.ticketId;
}

export function custom(): ZendeskSellHost {
  return zendeskHost({
    product: 'sell',
    client,
    leadId: 1200301,
    fields: { 'company.employees': 'custom_fields.Employees', 'contact.name': (lead) => lead.last_name ?? null },
    decisionFields: { route: null, decision_id: 'Decision' },
    status: { recycled: 'Nurture', accepted: ZENDESK_SELL_STATUS.accepted },
    changeEvents: [...ZENDESK_CHANGE_EVENTS.sell, 'lead.tags.changed'],
    store: null,
  });
}

export function support(): ZendeskSupportHost {
  return zendeskHost({
    product: 'support',
    client,
    ticketId: '4201',
    fields: { 'contact.title': 'requester.user_fields.job_title' },
    ticketFields: { decision_id: 360001001, status: 360001008 },
    status: { accepted: 'sales_accepted' },
  });
}

export const message: string = zendeskErrorMessage({ status: 409, responseJSON: { error: 'UpdateConflict' } });
