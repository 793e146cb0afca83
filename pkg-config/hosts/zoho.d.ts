// Types of `leadlens/hosts/zoho`: a LeadHost for a Zoho CRM widget (hand-written).
import type { DecisionStore, Lead, LeadHost, PostResult, Decision } from '../index.js';
import type { DecisionFieldMap, FieldMap, StatusByOutcome } from './common.js';

/** The parts of Zoho's embedded app SDK (`ZOHO`) the adapter calls. */
export interface ZohoSdk {
  embeddedApp?: {
    on(event: 'PageLoad', handler: (page: ZohoPage) => void): void;
    init(): Promise<unknown>;
  };
  CRM: {
    API: {
      getRecord(config: { Entity: string; RecordID: string }): Promise<unknown>;
      updateRecord(config: { Entity: string; APIData: Record<string, unknown> & { id: string }; Trigger?: string[] }): Promise<unknown>;
      addNotes?(config: { Entity: string; RecordID: string; Title: string; Content: string }): Promise<unknown>;
      getRelatedRecords?(config: { Entity: string; RecordID: string; RelatedList: string; page?: number; per_page?: number }): Promise<unknown>;
    };
    CONFIG?: { getCurrentUser(): Promise<unknown> };
  };
}

/** What PageLoad gives a widget: the module and the record id(s). */
export interface ZohoPage {
  Entity: string;
  EntityId: string | string[];
}

export interface ZohoHostOptions {
  /** Default: the global `ZOHO`. */
  sdk?: ZohoSdk;
  /** The PageLoad data; or give `entity` and `recordId`. */
  page?: ZohoPage;
  /** Module API name. Default: the page's, else "Leads". */
  entity?: string;
  recordId?: string | number;
  /** Lead path → Zoho field API name (merged over ZOHO_LEAD_FIELDS; null removes one). */
  fields?: FieldMap;
  /** Decision part → Zoho field API name (merged over ZOHO_DECISION_FIELDS; null skips one). */
  decisionFields?: DecisionFieldMap;
  /** Lead_Status per outcome (merged over ZOHO_STATUS). */
  status?: Partial<StatusByOutcome>;
  /** Add a note per decision (default true; needs `addNotes`). */
  notes?: boolean;
  /** Zoho's `Trigger` for the update. Default ["workflow"]; [] runs no workflow. */
  trigger?: string[];
  /** The outbox store. Default: localStorage when the widget may use it; null: none. */
  store?: DecisionStore | null;
  /** The reviewer's user id (connectZoho asks Zoho for the signed-in user). */
  reviewer?: string | null;
}

export interface ZohoHost extends LeadHost {
  readonly entity: string;
  readonly recordId: string;
  readLead(): Promise<Lead>;
  /** `Modified_Time` of the record as last read. */
  version(): string | undefined;
  postDecision(decision: Decision, expectedVersion?: string): Promise<PostResult>;
  /** Called with the re-read lead after this host wrote a decision to the page's record. */
  onLeadChange(callback: (lead: Lead) => void): () => void;
  reviewer?: string;
}

export const ZOHO_LEAD_FIELDS: Readonly<FieldMap>;
export const ZOHO_DECISION_FIELDS: Readonly<DecisionFieldMap>;
export const ZOHO_STATUS: Readonly<StatusByOutcome>;

/** @throws {TypeError} naming the missing SDK part or the bad option. */
export function zohoHost(options?: ZohoHostOptions): ZohoHost;
/** Waits for PageLoad, calls `ZOHO.embeddedApp.init()`, returns the host for the page's record. */
export function connectZoho(options?: Omit<ZohoHostOptions, 'page' | 'recordId'>): Promise<ZohoHost>;
