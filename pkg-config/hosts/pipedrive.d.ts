// Types of `leadlens/hosts/pipedrive`: a LeadHost for a Pipedrive custom UI extension (hand-written).
import type { Decision, DecisionStore, Lead, LeadHost, PostResult } from '../index.js';
import type { DecisionFieldMap, Outcome } from './common.js';

export type PipedriveResource = 'lead' | 'deal' | 'person';

/** One Pipedrive API call, as the adapter asks `request` to make it. */
export interface PipedriveCall {
  method: 'GET' | 'POST' | 'PATCH';
  /** `/api/v1/leads/{uuid}`, `/api/v2/deals/{id}`, `/api/v2/persons/{id}`, `/api/v2/organizations/{id}`, `/api/v1/notes`. */
  path: string;
  query?: Record<string, string | number>;
  body?: Record<string, unknown>;
}

/** Pipedrive's answer: its HTTP status and JSON body (`{ success, data }` or `{ success: false, error, error_info }`). */
export interface PipedriveAnswer {
  status: number;
  body: unknown;
}

/** The app's transport to the Pipedrive API. Rejects when there is no answer (offline, timeout). */
export type PipedriveRequest = (call: PipedriveCall) => Promise<PipedriveAnswer>;

/** The parts of `@pipedrive/app-extensions-sdk`'s initialised SDK the adapter uses. */
export interface PipedriveSdk {
  execute(command: string, args?: unknown): Promise<unknown>;
  listen?(event: string, callback: (response: { error?: string; data?: any }) => void): () => void;
}

/** The SDK class (`AppExtensionsSDK`), for connectPipedrive to construct and initialise. */
export interface PipedriveSdkClass {
  new (options?: { identifier?: string }): { initialize(options?: { size?: { height?: number; width?: number } }): Promise<PipedriveSdk> };
}

/** What the field map reads: the record on the page (`item`, also as `lead`/`deal`/`person`) and its linked person and organization. */
export interface PipedriveView {
  item: Record<string, any>;
  lead?: Record<string, any>;
  deal?: Record<string, any>;
  person: Record<string, any> | null;
  organization: Record<string, any> | null;
}

/** Lead path → a dotted path in the view (`organization.custom_fields.<key>`), a function of it, or null (skip). */
export type PipedriveFieldMap = Record<string, string | ((view: PipedriveView) => unknown) | null>;

export interface PipedriveHostOptions {
  /** The app's transport to Pipedrive's API (in production: backendRequest(yourProxyUrl, { sdk })). */
  request: PipedriveRequest;
  /** The initialised AppExtensionsSDK: snackbars, and re-reading when the panel is shown again. */
  sdk?: PipedriveSdk | null;
  /** The iframe URL (default: location.href): `resource`, `selectedIds`, `userId`. */
  url?: string | URL;
  /** Default: the URL's `resource`. */
  resource?: PipedriveResource | 'leads' | 'deals' | 'persons' | 'people';
  /** A lead's UUID, or a deal's or person's id. Default: the URL's `selectedIds`. */
  recordId?: string | number;
  /** Lead path → where to read it (merged over PIPEDRIVE_LEAD_FIELDS; null removes one). */
  fields?: PipedriveFieldMap;
  /** Decision part → custom field API key. `decision_id` is required. Leads use deal fields; persons their own. */
  decisionFields: DecisionFieldMap & { decision_id: string };
  /** The `status` field's value per outcome (merged over PIPEDRIVE_STATUS); option ids for a single-option field. */
  status?: Partial<Record<Outcome, string | number>>;
  /** A label per outcome (lead labels are UUIDs; deal and person labels are numbers); other labels are kept. */
  labels?: Partial<Record<Outcome, string | number | null>>;
  /** Add a note per decision (default true). */
  notes?: boolean;
  /** Show a Pipedrive snackbar after a decision is saved (default true when `sdk` is given). */
  snackbar?: boolean;
  /** The outbox store. Default: localStorage when the iframe may use it; null: none. */
  store?: DecisionStore | null;
  /** The reviewer's user id. Default: the URL's `userId`. */
  reviewer?: string | null;
}

export interface PipedriveHost extends LeadHost {
  readonly resource: PipedriveResource;
  readonly recordId: string;
  readLead(): Promise<Lead>;
  /** `update_time` of the record as last read. */
  version(): string | undefined;
  postDecision(decision: Decision, expectedVersion?: string): Promise<PostResult>;
  /** Called with the re-read lead after this host wrote a decision, or when the panel is shown again and the record changed. */
  onLeadChange(callback: (lead: Lead) => void): () => void;
  reviewer?: string;
}

export interface BackendRequestOptions {
  sdk: PipedriveSdk;
  fetch?: typeof fetch;
  /** Give up waiting for the backend after this long (default 20,000 ms): the post is retried. */
  timeoutMs?: number;
}

export interface ConnectPipedriveOptions extends Omit<PipedriveHostOptions, 'request' | 'sdk'> {
  /** The URL of your backend's Pipedrive proxy (createPipedriveProxy); or give `request`. */
  backend?: string;
  request?: PipedriveRequest;
  /** An initialised SDK; else `SDK` (default: the global AppExtensionsSDK) is constructed and initialised. */
  sdk?: PipedriveSdk;
  SDK?: PipedriveSdkClass;
  /** The iframe's size, passed to initialize(). */
  size?: { height?: number; width?: number };
  fetch?: typeof fetch;
}

export const PIPEDRIVE_RESOURCES: readonly PipedriveResource[];
export const PIPEDRIVE_LEAD_FIELDS: Readonly<PipedriveFieldMap>;
export const PIPEDRIVE_DECISION_FIELDS: Readonly<DecisionFieldMap>;
export const PIPEDRIVE_STATUS: Readonly<Record<Outcome, string>>;

/** @throws {TypeError} naming the missing or bad option. */
export function pipedriveHost(options: PipedriveHostOptions): PipedriveHost;
/** POSTs each call as JSON to your backend with the SDK's signed token as a Bearer token. */
export function backendRequest(url: string, options: BackendRequestOptions): PipedriveRequest;
/** Initialises the SDK (unless given) and returns the host for the record in the iframe URL. */
export function connectPipedrive(options: ConnectPipedriveOptions): Promise<PipedriveHost>;
/** A decision's note as Pipedrive note content (HTML: escaped text lines joined with <br>). */
export function decisionNoteHtml(decision: Decision): string;
/** A note's HTML content back as text lines. */
export function noteText(content: unknown): string;
