// `leadlens/hosts/pipedrive` and `leadlens/hosts/pipedrive-proxy` typed as an app author uses them
// (checked by tsc --strict, never run).
import {
  backendRequest,
  connectPipedrive,
  noteText,
  pipedriveHost,
  PIPEDRIVE_STATUS,
  type PipedriveFieldMap,
  type PipedriveHost,
  type PipedriveRequest,
  type PipedriveSdk,
  type PipedriveSdkClass,
} from 'leadlens/hosts/pipedrive';
import { createPipedriveProxy, PIPEDRIVE_PROXY_ROUTES, type PipedriveProxyAnswer } from 'leadlens/hosts/pipedrive-proxy';
import type { LeadHost, PostResult } from 'leadlens';

declare const AppExtensionsSDK: PipedriveSdkClass;

const decisionFields = {
  decision_id: 'a3f1c0de5b7e4c2a9d8f6e1b0c4d2a7e9f3b5c81',
  outcome: 'b7e2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7',
  fit: 'd4e6f8a0b2c4d6e8f0a1b3c5d7e9f1a2b4c6d8e0',
};

export async function panel(): Promise<LeadHost> {
  const host: PipedriveHost = await connectPipedrive({ SDK: AppExtensionsSDK, backend: '/leadlens/pipedrive', decisionFields, size: { height: 520 } });
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
  const resource: 'lead' | 'deal' | 'person' = host.resource;
  return resource === 'lead' ? host : host;
}

export async function custom(sdk: PipedriveSdk): Promise<PipedriveHost> {
  const fields: PipedriveFieldMap = {
    'company.employees': 'organization.custom_fields.4e6a8c0d2f3b5c7e9a1d4f6b8c0e2a3c5e7b9d18',
    'contact.title': (view) => view.person?.custom_fields?.['9c1e3a5b7d9f0b2d4f6a8c0e2b4d6f8a0c2e4b6d'] ?? null,
    'source.channel': null,
  };
  const request: PipedriveRequest = backendRequest('https://app.example/leadlens/pipedrive', { sdk, timeoutMs: 10000 });
  const status: string = PIPEDRIVE_STATUS.recycled;
  return pipedriveHost({
    request,
    sdk,
    url: new URL('https://app.example/panel?resource=deal&selectedIds=9001'),
    fields,
    decisionFields: { ...decisionFields, status: '0a2c4e6f8b1d3f5a7c9e0b2d4f6a8c1e3b5d7f94' },
    status: { accepted: 17, recycled: status },
    labels: { accepted: 7, rejected: null },
    notes: true,
    snackbar: false,
    store: null,
    reviewer: '12345678',
  });
}

// The backend: an Express-style route handler.
declare const jwt: { verify(token: string, secret: string): { userId: number; companyId: number } };
declare const tokens: { forCompany(companyId: number, refresh: boolean): Promise<{ access_token: string; api_domain: string } | null> };
export const proxy = createPipedriveProxy({
  verify: (token) => jwt.verify(token, 'jwt-secret'),
  credentials: async (claims, { refresh }) => {
    const stored = await tokens.forCompany(claims.companyId, refresh);
    return stored && { accessToken: stored.access_token, apiDomain: stored.api_domain };
  },
  writableFields: Object.values(decisionFields),
});
export async function route(authorization: string | undefined, body: unknown): Promise<PipedriveProxyAnswer> {
  return proxy({ authorization, body });
}
export const routes: number = PIPEDRIVE_PROXY_ROUTES.length;
export const text: string = noteText('a<br>b');
