// Types of `leadlens/hosts/dynamics`: LeadHosts for Dynamics 365 / Power Apps model-driven forms and
// PCF controls (hand-written). The Xrm and PCF shapes below are the parts the adapter calls, so the
// package needs neither @types/xrm nor @types/powerapps-component-framework; the real objects fit.
import type { Decision, DecisionStore, Lead, LeadHost, PostResult } from '../index.js';
import type { DecisionFieldMap, FieldMap, Outcome } from './common.js';

/** A row as the Web API returns it: column → value, plus `<column>@OData.Community.Display.V1.FormattedValue`. */
export type DataverseRow = Record<string, any>;

/** What Xrm.WebApi (Xrm.Async.PromiseLike) and a PCF context's webAPI (Promise) return alike. */
export interface Thenable<T> {
  then(onFulfilled: (value: T) => unknown, onRejected?: (reason: any) => unknown): unknown;
}

/** Xrm.WebApi or a PCF context's webAPI: both reject with `{ errorCode, message }`. */
export interface DataverseWebApi {
  retrieveRecord(entityLogicalName: string, id: string, options?: string): Thenable<DataverseRow>;
  retrieveMultipleRecords(entityLogicalName: string, options?: string, maxPageSize?: number): Thenable<{ entities: DataverseRow[]; nextLink?: string }>;
  createRecord(entityLogicalName: string, record: DataverseRow): Thenable<unknown>;
  updateRecord(entityLogicalName: string, id: string, data: DataverseRow): Thenable<unknown>;
}

/** The parts of the `Xrm` namespace the form host uses. */
export interface DynamicsXrm {
  WebApi: DataverseWebApi;
  Utility?: { getGlobalContext(): { getClientUrl(): string; userSettings?: { userId?: string } } };
}

/** An attribute of the form (`formContext.getAttribute(name)`). */
export interface DynamicsFormAttribute {
  getName(): string;
  getValue(): any;
  getText?(): unknown;
  addOnChange(handler: (context: any) => void): void;
  removeOnChange?(handler: (context: any) => void): void;
}

/** The parts of the form context (`executionContext.getFormContext()`) the form host uses. */
export interface DynamicsFormContext {
  data: {
    entity: {
      getId(): string;
      getIsDirty?(): boolean;
      attributes?: { forEach(delegate: (attribute: any, index?: number) => void): void };
      addOnPostSave?(handler: (context: any) => void): void;
      removeOnPostSave?(handler: (context: any) => void): void;
    };
    refresh?(save?: boolean): Thenable<unknown>;
  };
  getAttribute?(name?: any): any;
}

/** What both entry points take. */
export interface DynamicsHostOptions {
  /** Table logical name. Default "lead" (the PCF host: the control's table). */
  entity?: string;
  /** Web API collection name; required for tables other than lead ("leads"). */
  entitySet?: string;
  /** Lead path → column (merged over DYNAMICS_LEAD_FIELDS; null removes one). */
  fields?: FieldMap<DataverseRow>;
  /** Decision part → column (merged over DYNAMICS_DECISION_FIELDS; null skips one). */
  decisionFields?: DecisionFieldMap;
  /** Your publisher prefix (e.g. "contoso_") for the default custom columns instead of "new_". */
  prefix?: string;
  /** The value written to the `status` column per outcome (merged over DYNAMICS_STATUS). */
  status?: Partial<Record<Outcome, number | string>>;
  /** What records the decision on the timeline: a note (annotation, default), a task, or nothing. */
  timeline?: 'note' | 'task' | false;
  /** More columns your `fields` functions read (the PCF host selects them; the form host watches them). */
  columns?: string[];
  /** The outbox store. Default: localStorage when the page may use it; null: none. */
  store?: DecisionStore | null;
  /** The reviewer's user id. Default: the signed-in user's id (userSettings.userId). */
  reviewer?: string | null;
}

export interface DynamicsFormHostOptions extends DynamicsHostOptions {
  /** `executionContext.getFormContext()`, handed to the web resource by the form's OnLoad. */
  formContext: DynamicsFormContext;
  /** Default: the global `Xrm`. */
  Xrm?: DynamicsXrm;
  /** "etag" (default): the update is a Web API PATCH with If-Match, a 412 is a conflict; "none": Xrm.WebApi.updateRecord after a version check. */
  concurrency?: 'etag' | 'none';
  /** Default: the global fetch. */
  fetch?: (url: string, init: { method: string; credentials?: string; headers: Record<string, string>; body: string }) => Promise<{ status: number; statusText?: string; json(): Promise<any> }>;
  /** Default: Xrm.Utility.getGlobalContext().getClientUrl(). */
  clientUrl?: string;
  /** Web API version of the PATCH URL. Default "9.2". */
  apiVersion?: string;
  /** After writing the form's record, refresh the form's data (unless it has unsaved edits). Default true. */
  refreshForm?: boolean;
}

/** The parts of a PCF context the PCF host uses (a ComponentFramework.Context fits). */
export interface DynamicsPcfContext {
  webAPI: DataverseWebApi;
  mode: object;
  userSettings?: { userId?: string };
  updatedProperties?: string[];
}

export interface DynamicsPcfHostOptions extends DynamicsHostOptions {
  /** The record's id. Default: `context.mode.contextInfo.entityId` (the form's record). */
  recordId?: string;
}

export interface DynamicsFormHost extends LeadHost {
  readonly entity: string;
  /** The record's id (no braces, lower case), or undefined while it is unsaved. */
  readonly recordId: string | undefined;
  readLead(): Promise<Lead>;
  /** `@odata.etag` of the row as last read. */
  version(): string | undefined;
  postDecision(decision: Decision, expectedVersion?: string): Promise<PostResult>;
  onLeadChange(callback: (lead: Lead) => void): () => void;
  reviewer?: string;
}

export interface DynamicsPcfHost extends DynamicsFormHost {
  /** Call from updateView with its context: a new record or changed properties re-read the row. */
  update(context: DynamicsPcfContext): void;
}

export const FORMATTED_VALUE: '@OData.Community.Display.V1.FormattedValue';
/** A column's formatted value (an option's label), else its raw value. */
export function formattedValue(record: DataverseRow, column: string): unknown;
export const DYNAMICS_LEAD_FIELDS: Readonly<FieldMap<DataverseRow>>;
export const DYNAMICS_DECISION_FIELDS: Readonly<DecisionFieldMap>;
/** leadqualitycode per outcome: accepted 1 (Hot), recycled 2 (Warm), rejected 3 (Cold). */
export const DYNAMICS_STATUS: Readonly<Record<Outcome, number>>;

/** @throws {TypeError} naming the missing API or the bad option. */
export function dynamicsFormHost(options: DynamicsFormHostOptions): DynamicsFormHost;
/** @throws {TypeError} naming the missing API or the bad option. */
export function dynamicsPcfHost(context: DynamicsPcfContext, options?: DynamicsPcfHostOptions): DynamicsPcfHost;
