// Types of `leadlens/hosts/common`: the pieces every CRM adapter shares (hand-written).
import type { Decision, DecisionStore, Lead, PostResult } from '../index.js';

export type Outcome = Decision['outcome'];
export const OUTCOMES: readonly Outcome[];
/** The line that ends a decision's note, followed by its id. */
export const NOTE_MARKER: string;

export function ok(): { ok: true };
export function failure(message: string, options?: { retryable?: boolean; conflict?: boolean }): PostResult & { ok: false };
/** The message of anything an SDK throws or rejects with. */
export function messageOf(error: unknown): string;
/** 409/412 → conflict; 0, 408, 425, 429, 5xx → retryable; other 4xx → refused. */
export function failureForStatus(status: number, message?: string): PostResult & { ok: false };
/** What is wrong with a decision's shape, or null. */
export function decisionProblem(decision: unknown): string | null;

/** Lead path (`company.name`) → the record's field name, a function of the record, or null (skip). */
export type FieldMap<R = Record<string, unknown>> = Record<string, string | ((record: R) => unknown) | null>;
/** A Lead from a record; blank values are left out (unknown, not empty). */
export function leadFromRecord<R extends object>(record: R, fields: FieldMap<R>): Lead;
/** The value at a dotted path; undefined where the path ends early. */
export function valueAt(root: unknown, path: string): unknown;
/** `fields` with every string source read as a dotted path into the record, through `finish`. */
export function pathFields<R = Record<string, unknown>>(fields: FieldMap<R>, finish?: (value: unknown) => unknown): FieldMap<R>;
export function mergeMap<T extends Record<string, unknown>>(defaults: T, overrides: Record<string, unknown> | null | undefined, where: string, what: string): T;

/** The parts of a decision an adapter can write, each to a CRM field (null: not written). */
export interface DecisionFieldMap {
  status?: string | null;
  decision_id?: string | null;
  outcome?: string | null;
  reason_code?: string | null;
  note?: string | null;
  reviewer?: string | null;
  decided_at?: string | null;
  fit?: string | null;
  intent?: string | null;
  route?: string | null;
  model_version?: string | null;
}
export type StatusByOutcome = Record<Outcome, string>;
/** CRM field → value for a decision. */
export function decisionValues(decision: Decision, write: DecisionFieldMap, statusByOutcome: StatusByOutcome): Record<string, string | number | null>;
/** A plain-text note recording a decision; its last line is `NOTE_MARKER + decision_id`. */
export function decisionNote(decision: Decision): { title: string; body: string };
export function isNoteFor(text: unknown, decisionId: string): boolean;
/** localStorage as a DecisionStore when this page may use it, else null. */
export function defaultStore(prefix: string): DecisionStore | null;
export function commonOptions(options: { reviewer?: string | null; store?: DecisionStore | null }, where: string, storePrefix: string): DecisionStore | null;
