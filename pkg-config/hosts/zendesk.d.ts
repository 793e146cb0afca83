// Types of `leadlens/hosts/zendesk`: a LeadHost for a Zendesk app, in a Sell lead card or a
// Support ticket sidebar (hand-written).
import type { Decision, DecisionStore, Lead, LeadHost, PostResult } from '../index.js';
import type { DecisionFieldMap, FieldMap, StatusByOutcome } from './common.js';

export type ZendeskProduct = 'sell' | 'support';
export const ZENDESK_PRODUCTS: readonly ZendeskProduct[];

/** What `client.request` rejects with: a jqXHR-like object (status 0: no answer). */
export interface ZafRequestError {
  readyState?: number;
  status: number;
  statusText?: string;
  responseText?: string;
  responseJSON?: unknown;
}

/** `client.request` settings the adapter uses (ZAF passes them to Zendesk's proxy). */
export interface ZafRequestOptions {
  url: string;
  type?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  dataType?: 'json';
  contentType?: string;
  /** The JSON body, as a string. */
  data?: string;
  headers?: Record<string, string>;
  /** Lets Zendesk's proxy replace `{{setting.name}}` with a secure setting or OAuth token. */
  secure?: boolean;
  cors?: boolean;
  [key: string]: unknown;
}

/** The parts of the ZAF client (`ZAFClient.init()`) the adapter calls. */
export interface ZafClient {
  /** A single path rejects when Zendesk reports an error for it; a list answers with `errors`. */
  get(path: string | string[]): Promise<Record<string, unknown> & { errors?: Record<string, { message: string }> }>;
  request<T = unknown>(options: ZafRequestOptions | string): Promise<T>;
  on(event: string, handler: (data?: unknown) => void): void;
  off(event: string, handler: (data?: unknown) => void): unknown;
  context?(): Promise<{ product?: string; location?: string; currentUser?: { id?: number | string } } & Record<string, unknown>>;
  set?(key: string, value: unknown): Promise<unknown>;
  invoke?(name: string, ...args: unknown[]): Promise<unknown>;
  metadata?(): Promise<unknown>;
}

/** The SDK's global: `init()` is false when the page was not opened by Zendesk. */
export interface ZafClientFactory {
  init(callback?: (context: unknown) => void): ZafClient | false;
}

/** A record map whose string values may be dotted paths (`address.country`). */
export type ZendeskFieldMap<R = any> = FieldMap<R>;

interface ZendeskCommonOptions {
  /** What `ZAFClient.init()` returned. */
  client: ZafClient;
  /** Lead path → a field (dotted path) of the record or a function of it; merged over the defaults; null removes one. */
  fields?: ZendeskFieldMap;
  /** ZAF events after which the lead is read again (default ZENDESK_CHANGE_EVENTS[product]). */
  changeEvents?: string[];
  /** The outbox store. Default: localStorage when the app may use it; null: none. */
  store?: DecisionStore | null;
  /** The reviewer's user id (connectZendesk asks Zendesk for the signed-in user). */
  reviewer?: string | null;
}

export interface ZendeskSellHostOptions extends ZendeskCommonOptions {
  product: 'sell';
  /** The lead card's `lead.id`. */
  leadId: number | string;
  /**
   * Decision part → where it goes: `status` is the lead's status attribute, any other name a
   * lead custom field (merged over ZENDESK_SELL_DECISION_FIELDS; null skips one).
   */
  decisionFields?: DecisionFieldMap;
  /** The lead status per outcome (merged over ZENDESK_SELL_STATUS). */
  status?: Partial<StatusByOutcome>;
  /** Add a note per decision (default true). */
  notes?: boolean;
  /** The app's secure setting (or OAuth parameter) holding the Sell token. Default "access_token". */
  tokenSetting?: string;
  /** Default "https://api.getbase.com". */
  apiBase?: string;
}

/** Decision part → the id of a custom ticket field (null: not written). */
export type TicketFieldMap = { [part in keyof DecisionFieldMap]?: number | string | null };

export interface ZendeskSupportHostOptions extends ZendeskCommonOptions {
  product: 'support';
  /** The sidebar's `ticket.id`. */
  ticketId: number | string;
  /** Custom ticket fields for the decision's parts. Without `decision_id`, the comment's marker alone makes retries safe. */
  ticketFields?: TicketFieldMap;
  /** Values of the `ticketFields.status` field per outcome (merged over ZENDESK_SUPPORT_STATUS). */
  status?: Partial<StatusByOutcome>;
}

export type ZendeskHostOptions = ZendeskSellHostOptions | ZendeskSupportHostOptions;

interface ZendeskHostBase extends LeadHost {
  readLead(): Promise<Lead>;
  /** `updated_at` of the lead or ticket as last read. */
  version(): string | undefined;
  onLeadChange(callback: (lead: Lead) => void): () => void;
  postDecision(decision: Decision, expectedVersion?: string): Promise<PostResult>;
  reviewer?: string;
}

export interface ZendeskSellHost extends ZendeskHostBase {
  readonly product: 'sell';
  readonly leadId: string;
}

export interface ZendeskSupportHost extends ZendeskHostBase {
  readonly product: 'support';
  readonly ticketId: string;
}

export type ZendeskHost = ZendeskSellHost | ZendeskSupportHost;

/** The Sell lead (`GET /v2/leads/:id` → data) as the default map reads it. */
export const ZENDESK_SELL_LEAD_FIELDS: Readonly<ZendeskFieldMap>;
export const ZENDESK_SELL_DECISION_FIELDS: Readonly<DecisionFieldMap>;
export const ZENDESK_SELL_STATUS: Readonly<StatusByOutcome>;
/** Paths into `{ ticket, requester, organization }`. */
export const ZENDESK_SUPPORT_LEAD_FIELDS: Readonly<ZendeskFieldMap>;
export const ZENDESK_SUPPORT_STATUS: Readonly<StatusByOutcome>;
export const ZENDESK_CHANGE_EVENTS: Readonly<Record<ZendeskProduct, readonly string[]>>;

/** The message in a Support or Sell error envelope (or the status text). */
export function zendeskErrorMessage(error: unknown): string;

/** @throws {TypeError} naming the missing client part or the bad option. */
export function zendeskHost(options: ZendeskSellHostOptions): ZendeskSellHost;
export function zendeskHost(options: ZendeskSupportHostOptions): ZendeskSupportHost;
export function zendeskHost(options: ZendeskHostOptions): ZendeskHost;

type Connect<O> = Omit<O, 'client' | 'product' | 'leadId' | 'ticketId'> & {
  /** Default: `ZAFClient.init()`. */
  client?: ZafClient;
  /** Default: the global `ZAFClient`. */
  ZAFClient?: ZafClientFactory;
  leadId?: number | string;
  ticketId?: number | string;
};

export type ConnectZendeskOptions =
  | (Connect<ZendeskSellHostOptions> & { product: 'sell' })
  | (Connect<ZendeskSupportHostOptions> & { product: 'support' })
  | (Connect<ZendeskSellHostOptions> & Connect<ZendeskSupportHostOptions> & { product?: undefined });

/**
 * Initialises ZAF (unless `client` is given), finds the product and the lead card's lead or the
 * sidebar's ticket, and the signed-in user; returns the host.
 */
export function connectZendesk(options: Connect<ZendeskSellHostOptions> & { product: 'sell' }): Promise<ZendeskSellHost>;
export function connectZendesk(options: Connect<ZendeskSupportHostOptions> & { product: 'support' }): Promise<ZendeskSupportHost>;
export function connectZendesk(options?: ConnectZendeskOptions): Promise<ZendeskHost>;
