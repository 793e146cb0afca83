// `leadlens/hosts/hubspot` typed as an app function / backend author uses it (checked by tsc --strict, never run).
import {
  fetchRequest,
  hubspotContactToLead,
  hubspotDecisionWriter,
  hubspotHost,
  HUBSPOT_LEAD_STATUS,
  NOTE_TO_CONTACT,
  type HubSpotFieldMap,
  type HubSpotHost,
  type HubSpotObject,
  type HubSpotRequest,
} from 'leadlens/hosts/hubspot';
import { score, type Decision, type Lead, type LeadHost, type PostResult } from 'leadlens';

declare const process: { env: Record<string, string | undefined> };

// An app function: HubSpot sends the record's properties (propertiesToSend) and the card's parameters.
export async function main(context: { propertiesToSend: Record<string, string>; parameters: { decision: Decision; expectedVersion?: string } }) {
  const request: HubSpotRequest = fetchRequest({ token: process.env.PRIVATE_APP_ACCESS_TOKEN ?? '', timeoutMs: 8000 });
  const host: HubSpotHost = hubspotHost({ request, contactId: context.propertiesToSend.hs_object_id, store: null });
  const lead: Lead = await host.readLead();
  const version: string | undefined = host.version();
  const scored = score(lead);
  const result: PostResult = await hubspotDecisionWriter({ request }).postDecision(context.parameters.decision, context.parameters.expectedVersion ?? version);
  if (!result.ok && result.conflict) return { conflict: result.message, fit: scored.fit.score };
  return result;
}

export function custom(request: HubSpotRequest): LeadHost {
  const fields: HubSpotFieldMap = {
    'contact.title': 'hs_role',
    'company.name': (contact, company) => company.name ?? contact.company ?? null,
    'source.channel': null,
  };
  const status: string = HUBSPOT_LEAD_STATUS.recycled;
  return hubspotHost({
    request,
    contactId: 51,
    fields,
    properties: ['hs_role'],
    companyProperties: null,
    decisionProperties: { route: null, model_version: 'leadlens_model' },
    status: { recycled: status },
    notes: true,
    versionOf: (contact: HubSpotObject) => contact.updatedAt,
  });
}

export const oauth: HubSpotRequest = fetchRequest({ token: async () => 'refreshed', baseUrl: 'https://api.hubapi.com', fetch: (url, init) => fetch(url, init) });
export const typeId: 202 = NOTE_TO_CONTACT;
export const mapped: Lead = hubspotContactToLead({ hs_object_id: '51', email: 'dana@acme.com' }, { name: 'Acme' });
export const fromApi: Lead = hubspotContactToLead({ id: '51', properties: { email: null } }, null, { fields: { 'contact.email': 'email' } });
