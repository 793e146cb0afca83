// Types of `leadlens/hosts`: LeadHost adapters for <leadlens-panel> (hand-written, like index.d.ts).
import type { Decision, DecisionStore, Lead, LeadHost, PostResult } from './index.js';

export type { Decision, DecisionStore, Lead, LeadHost, PostResult };

/** A DecisionStore these helpers create; `clear()` (not part of the contract) empties it. */
export interface ClearableDecisionStore extends DecisionStore {
  clear(): Promise<void>;
}

/**
 * A durable `DecisionStore` over `localStorage`, keys prefixed with `prefix + ':'`.
 * @throws {TypeError} when localStorage is unavailable or blocked (Node, sandboxed iframes).
 */
export function localStorageStore(prefix?: string): ClearableDecisionStore;

/** An in-memory DecisionStore: NOT durable across reloads, though the panel cannot tell. */
export function memoryStore(): ClearableDecisionStore;

export interface CallbackHostOptions {
  /** The current CRM record mapped to the Lead contract. */
  readLead(): Lead | Promise<Lead>;
  /**
   * Writes the decision to the CRM, idempotently on `decision_id`. A throw or rejection becomes a
   * retryable failure; a value that is not a PostResult becomes a non-retryable one.
   */
  postDecision(decision: Decision, expectedVersion?: string): PostResult | Promise<PostResult>;
  /** Must return an unsubscribe function. */
  onLeadChange?: ((callback: (lead: Lead) => void) => () => void) | null;
  /** Durable storage for the outbox; sets `capabilities.durableStore`. */
  store?: DecisionStore | null;
  /** The signed-in reviewer's user id. */
  reviewer?: string | null;
  /** The record version last read (ETag, modstamp…). */
  version?: (() => string | undefined | Promise<string | undefined>) | null;
  /** Whether decisions can be written back (default true). */
  write?: boolean;
}

/**
 * A LeadHost from plain callbacks; `capabilities` derived from what is given.
 * @throws {TypeError} naming the missing or mistyped option.
 */
export function callbackHost(options: CallbackHostOptions): LeadHost;

/**
 * How MemoryCrmHost answers writes: `online`; `offline` (retryable); `conflict` (every write
 * conflicts); `error` (permission denied, not retryable); `timeout` (applies the write, then
 * reports a retryable failure, as when the answer is lost on the way back).
 */
export type CrmMode = 'online' | 'offline' | 'conflict' | 'error' | 'timeout';

export const CRM_MODES: readonly CrmMode[];

export interface CrmRecordInput {
  lead: Lead;
  /** CRM lead status, e.g. "New", "Working". Default "New". */
  status?: string;
  /** Display name of the record owner. Default "Unassigned". */
  owner?: string;
}

export interface ActivityEntry {
  /** RFC 3339; null when the lead had no `created_at`. */
  at: string | null;
  kind: 'created' | 'edit' | 'decision';
  /** Display name (reviewer ids are mapped through `users`). */
  actor: string;
  text: string;
  /** Set on `decision` entries. */
  decision_id?: string;
}

export interface CrmRecord {
  /** `String(lead.id)`. */
  id: string;
  lead: Lead;
  status: string;
  owner: string;
  /** "1", "2", …: bumped on every edit and applied decision. */
  version: string;
  /** Oldest first. */
  activity: ActivityEntry[];
  /** Applied decisions, oldest first. */
  decisions: Decision[];
}

export type CrmChange =
  | { type: 'open'; leadId: string }
  | { type: 'edit'; leadId: string; changed: string[] }
  | { type: 'decision'; leadId: string; decisionId: string }
  | { type: 'post'; leadId: string | null; decisionId: string; result: PostResult }
  | { type: 'mode'; mode: CrmMode };

export interface MemoryCrmHostOptions {
  records: CrmRecordInput[];
  /** The signed-in reviewer's user id. Default "rep-001". */
  reviewer?: string;
  /**
   * The outbox store: 'local' (localStorage, default; throws where it is unavailable), 'memory'
   * (not durable, though `durableStore` still reads true), null (no store: `durableStore` false),
   * or your own.
   */
  store?: 'local' | 'memory' | null | DecisionStore;
  /** Prefix of the localStorage keys for store 'local'. Default "leadlens-demo". */
  storageKeyPrefix?: string;
  /** Delay of every postDecision, in ms (a slow network). Default 0. */
  latencyMs?: number;
  /** Delay of every readLead, in ms. Default 0. */
  readLatencyMs?: number;
  /** User id → display name, for the activity timeline. */
  users?: Record<string, string>;
  /** Time of edits in the timeline. Default `() => new Date()`. */
  clock?: () => Date | string | number;
}

/**
 * An in-memory CRM with versioned records. As a LeadHost it serves the open record; decisions are
 * written to the record they name, idempotently on `decision_id`.
 */
export class MemoryCrmHost implements LeadHost {
  /** @throws {TypeError} for bad options or records (duplicate ids, leads without id). */
  constructor(options: MemoryCrmHostOptions);

  readonly capabilities: { readonly write: boolean; readonly durableStore: boolean };
  /** Absent when constructed with `store: null`. */
  readonly store?: DecisionStore;
  readonly reviewer: string;
  latencyMs: number;
  readLatencyMs: number;

  /** A deep copy of the open record's lead. Rejects when no record is open. */
  readLead(): Promise<Lead>;
  /**
   * Version of the open record as last returned by readLead/onLeadChange (the contract's meaning);
   * `record(id).version` is the live version. Undefined when no record is open.
   */
  version(): string | undefined;
  /** Called (in a microtask) with the lead on open() and on edits of the open record. */
  onLeadChange(callback: (lead: Lead) => void): () => void;
  postDecision(decision: Decision, expectedVersion?: string): Promise<PostResult>;

  /** @throws {RangeError} for an unknown id. */
  open(leadId: string | number): void;
  readonly currentId: string | null;
  /**
   * Another user edits the record: deep merge (arrays replace), version bump, timeline entry,
   * onLeadChange when it is the open record. Returns the new version.
   */
  editLead(leadId: string | number, patch: Partial<Lead>, options?: { by?: string }): string;
  records(): CrmRecord[];
  record(leadId: string | number): CrmRecord | undefined;
  setMode(mode: CrmMode): void;
  readonly mode: CrmMode;
  postCount(decisionId: string): number;
  appliedCount(decisionId: string): 0 | 1;
  /** Every change, synchronously, for the CRM's own views. Returns an unsubscribe function. */
  subscribe(listener: (change: CrmChange) => void): () => void;
}
