// Types of `leadlens/hosts/hubspot`: the server side of a leadlens card on HubSpot contacts (hand-written).
import type { Decision, DecisionStore, Lead, LeadHost, PostResult } from '../index.js';
import type { DecisionFieldMap, StatusByOutcome } from './common.js';

/** HubSpot property values as the CRM API returns them (strings; null when empty). */
export type HubSpotProperties = Record<string, string | null | undefined>;

/** A CRM API v3 object (`GET /crm/v3/objects/contacts/{id}`). */
export interface HubSpotObject {
  id: string;
  properties: HubSpotProperties;
  createdAt?: string;
  updatedAt?: string;
  archived?: boolean;
}

/** One HTTP call to HubSpot's API: `path` starts with `/` and includes the query string. */
export interface HubSpotRequestInit {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
}

/** HubSpot's answer: the HTTP status and the parsed JSON body (null when empty). */
export interface HubSpotResponse {
  status: number;
  body: unknown;
}

/** The transport: resolves with any HTTP answer; rejects only when there was none (network, timeout). */
export type HubSpotRequest = (init: HubSpotRequestInit) => Promise<HubSpotResponse>;

export interface FetchRequestOptions {
  /** A private app access token, an OAuth access token, or a function returning one (e.g. refreshing it). */
  token: string | (() => string | Promise<string>);
  /** Default: the global fetch. */
  fetch?: (url: string, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<{ status: number; text(): Promise<string> }>;
  /** Default "https://api.hubapi.com". */
  baseUrl?: string;
  /** Abort a call with no answer after this long (default 10000; 0: never). */
  timeoutMs?: number;
}

/**
 * Lead path (`company.name`) → contact property name, or a function of the contact's and its
 * primary company's properties; null removes a default.
 */
export type HubSpotFieldMap = Record<string, string | ((contact: HubSpotProperties, company: HubSpotProperties) => unknown) | null>;

export interface HubSpotWriterOptions {
  request: HubSpotRequest;
  /** Lead path → property (merged over HUBSPOT_LEAD_FIELDS). Used for the version. */
  fields?: HubSpotFieldMap;
  /** Decision part → contact property (merged over HUBSPOT_DECISION_PROPERTIES; null skips one). */
  decisionProperties?: DecisionFieldMap;
  /** hs_lead_status per outcome (merged over HUBSPOT_LEAD_STATUS). */
  status?: Partial<StatusByOutcome>;
  /** Add a note per decision (default true). */
  notes?: boolean;
  /** More contact properties to read (for your own field-map functions). */
  properties?: string[];
  /** More company properties to read; null: do not read the company. */
  companyProperties?: string[] | null;
  /**
   * The version a decision is checked against. Default: a digest of the mapped lead and the
   * decision properties on the contact (`hs1:…`). E.g. `(contact) => contact.updatedAt` for
   * HubSpot's modification time, which page views and notes also move.
   */
  versionOf?: (contact: HubSpotObject, company: HubSpotObject | null) => string | undefined | null;
}

export interface HubSpotHostOptions extends HubSpotWriterOptions {
  /** The contact's record id (a card's `context.crm.objectId`). */
  contactId: string | number;
  /** The outbox store. Default: localStorage where available, else none. */
  store?: DecisionStore | null;
  /** The reviewer's HubSpot user id. */
  reviewer?: string | null;
}

export interface HubSpotDecisionWriter {
  /** The write-back protocol of leadlens/hosts/common on the contact `decision.lead_id`. */
  postDecision(decision: Decision, expectedVersion?: string): Promise<PostResult>;
}

export interface HubSpotHost extends LeadHost {
  readonly contactId: string;
  readLead(): Promise<Lead>;
  /** The version of the contact as last read. */
  version(): string | undefined;
  /** The contact as last read (API object incl. the decision properties), a copy; undefined before readLead. */
  contact(): HubSpotObject | undefined;
  postDecision(decision: Decision, expectedVersion?: string): Promise<PostResult>;
  /** Called with the re-read lead after this host wrote a decision to its contact. */
  onLeadChange(callback: (lead: Lead) => void): () => void;
  reviewer?: string;
}

export const HUBSPOT_API: string;
/** Note → contact, HUBSPOT_DEFINED. */
export const NOTE_TO_CONTACT: 202;
export const HUBSPOT_LEAD_FIELDS: Readonly<HubSpotFieldMap>;
export const HUBSPOT_CONTACT_PROPERTIES: readonly string[];
export const HUBSPOT_COMPANY_PROPERTIES: readonly string[];
export const HUBSPOT_DECISION_PROPERTIES: Readonly<DecisionFieldMap>;
export const HUBSPOT_LEAD_STATUS: Readonly<StatusByOutcome>;

/**
 * A Lead from a contact (API object, or a property map with hs_object_id as `propertiesToSend`
 * gives it) and its company.
 * @throws {TypeError} when the contact has no id or an option is wrong.
 */
export function hubspotContactToLead(contact: HubSpotObject | HubSpotProperties, company?: HubSpotObject | HubSpotProperties | null, options?: { fields?: HubSpotFieldMap }): Lead;
/** @throws {TypeError} naming the bad option. */
export function fetchRequest(options: FetchRequestOptions): HubSpotRequest;
/** @throws {TypeError} naming the bad option. */
export function hubspotDecisionWriter(options: HubSpotWriterOptions): HubSpotDecisionWriter;
/** @throws {TypeError} naming the bad option. */
export function hubspotHost(options: HubSpotHostOptions): HubSpotHost;
