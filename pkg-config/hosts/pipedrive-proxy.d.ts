// Types of `leadlens/hosts/pipedrive-proxy`: the backend half of the Pipedrive adapter (hand-written).

/** A call leadlens makes: method, path pattern, the query parameters it may carry. */
export interface PipedriveProxyRoute {
  method: 'GET' | 'POST' | 'PATCH';
  path: RegExp;
  query: readonly string[];
  needs?: readonly string[];
  write?: 'top' | 'nested' | 'note';
}

export const PIPEDRIVE_PROXY_ROUTES: readonly PipedriveProxyRoute[];

/** The company's OAuth credentials: the access token and the `api_domain` from Pipedrive's token answer. */
export interface PipedriveCredentials {
  accessToken: string;
  /** e.g. "https://acme.pipedrive.com" */
  apiDomain: string;
}

export interface PipedriveProxyOptions<Claims = any> {
  /** Checks the extension's signed token (e.g. jwt.verify(token, secret)) and returns its claims; throws if it is not valid. */
  verify(token: string): Claims | Promise<Claims>;
  /** The credentials for the token's user/company; `refresh: true` after Pipedrive answered 401. Null: not installed. */
  credentials(claims: Claims, context: { refresh: boolean }): PipedriveCredentials | null | undefined | Promise<PipedriveCredentials | null | undefined>;
  fetch?: typeof fetch;
  /** Custom field keys a write may set (plus label_ids); notes may set only content and the record. Recommended. */
  writableFields?: string[];
}

/** One request from the panel: the Authorization header and the parsed JSON body. */
export interface PipedriveProxyRequest {
  authorization?: string | null;
  body?: unknown;
}

/** Send back `status` and `body` (JSON) as they are. */
export interface PipedriveProxyAnswer {
  status: number;
  body: unknown;
}

export type PipedriveProxy = (request: PipedriveProxyRequest) => Promise<PipedriveProxyAnswer>;

/** @throws {TypeError} naming the missing option. */
export function createPipedriveProxy<Claims = any>(options: PipedriveProxyOptions<Claims>): PipedriveProxy;
