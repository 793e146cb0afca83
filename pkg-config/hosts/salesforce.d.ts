// Types of `leadlens/hosts/salesforce`: a LeadHost over Lightning Data Service (hand-written).
import type { Decision, DecisionStore, Lead, LeadHost, PostResult } from '../index.js';
import type { DecisionFieldMap, FieldMap, StatusByOutcome } from './common.js';

/** A record as `@wire(getRecord)` delivers it (UI API). */
export interface UiApiRecord {
  id?: string;
  apiName?: string;
  fields: Record<string, { value: unknown; displayValue?: string | null } | undefined>;
  lastModifiedDate?: string;
}

export interface SalesforceHostOptions {
  recordId: string;
  /** Default "Lead". */
  objectApiName?: string;
  /** `updateRecord` from lightning/uiRecordApi. */
  updateRecord(recordInput: { fields: Record<string, unknown> }, clientOptions?: { ifUnmodifiedSince?: string }): Promise<unknown>;
  /** `createRecord` from lightning/uiRecordApi (the Task); required unless `tasks: false`. */
  createRecord?(recordInput: { apiName: string; fields: Record<string, unknown> }): Promise<unknown>;
  /** `notifyRecordUpdateAvailable` from lightning/uiRecordApi: lets a 412 be told from a lost answer. */
  notifyRecordUpdateAvailable?(items: { recordId: string }[]): Promise<unknown>;
  /** Lead path → field API name (merged over SALESFORCE_LEAD_FIELDS; null removes one). */
  fields?: FieldMap;
  /** Decision part → field API name (merged over SALESFORCE_DECISION_FIELDS; null skips one). */
  decisionFields?: DecisionFieldMap;
  /** Status per outcome (merged over SALESFORCE_STATUS). */
  status?: Partial<StatusByOutcome>;
  /** Record each decision as a completed Task (default true). */
  tasks?: boolean;
  /** The Task field (External ID, Unique) for the decision id; null: none (no duplicate guard). */
  taskDecisionField?: string | null;
  /** How long to wait for LDS's fresh record after a 412 (default 5000 ms). */
  refreshTimeoutMs?: number;
  /** The outbox store. Default: localStorage where allowed; in a component pass null. */
  store?: DecisionStore | null;
  /** The reviewer's user id (`@salesforce/user/Id`). */
  reviewer?: string | null;
}

export interface SalesforceHost extends LeadHost {
  readonly recordId: string;
  readonly objectApiName: string;
  /** Feed every `@wire(getRecord)` data value here. */
  setRecord(record: UiApiRecord): void;
  readLead(): Promise<Lead>;
  /** `LastModifiedDate` of the record as last handed to the panel. */
  version(): string | undefined;
  onLeadChange(callback: (lead: Lead) => void): () => void;
  postDecision(decision: Decision, expectedVersion?: string): Promise<PostResult>;
  reviewer?: string;
}

export const SALESFORCE_LEAD_FIELDS: Readonly<FieldMap>;
export const SALESFORCE_DECISION_FIELDS: Readonly<DecisionFieldMap>;
export const SALESFORCE_STATUS: Readonly<StatusByOutcome>;
export const SALESFORCE_TASK_DECISION_FIELD: string;

/** Qualified names (`Lead.Company`, …) for `@wire(getRecord, { optionalFields })`. */
export function salesforceFieldNames(options?: { objectApiName?: string; fields?: FieldMap; decisionFields?: DecisionFieldMap }): string[];
/** @throws {TypeError} naming the missing function or bad option. */
export function salesforceHost(options: SalesforceHostOptions): SalesforceHost;
