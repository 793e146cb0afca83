// `leadlens/hosts/salesforce` and `leadlens/hosts/bridge` typed as a component and a frame use them.
import { salesforceFieldNames, salesforceHost, SALESFORCE_STATUS, type SalesforceHost, type UiApiRecord } from 'leadlens/hosts/salesforce';
import { connectBridge, serveHost } from 'leadlens/hosts/bridge';
import { localStorageStore } from 'leadlens/hosts';
import type { LeadHost } from 'leadlens';

declare function updateRecord(input: { fields: Record<string, unknown> }, options?: { ifUnmodifiedSince?: string }): Promise<unknown>;
declare function createRecord(input: { apiName: string; fields: Record<string, unknown> }): Promise<unknown>;
declare const wired: UiApiRecord;
declare const iframe: HTMLIFrameElement;

export function component(): () => void {
  const optionalFields: string[] = salesforceFieldNames({ objectApiName: 'Lead', decisionFields: { route: null } });
  void optionalFields;
  const host: SalesforceHost = salesforceHost({ recordId: '00Q5e00000AbCdEAAV', updateRecord, createRecord, reviewer: '005000000000000000', store: null, status: { accepted: SALESFORCE_STATUS.accepted } });
  host.setRecord(wired);
  return serveHost(host, { frame: () => iframe.contentWindow, origin: 'https://acme--c.vf.force.com' });
}

export async function frame(): Promise<LeadHost> {
  return connectBridge({ origin: 'https://acme.lightning.force.com', store: localStorageStore('leadlens-salesforce'), timeoutMs: 5000 });
}
