// Types of the leadlens package (hand-written; the wasm-bindgen glue is an internal detail).
// Keys are snake_case as in the JSON contracts. Unknown keys in inputs are ignored.

/** An RFC 3339 instant, e.g. "2026-11-16T09:00:00Z" (a Date works too: it is serialised to one). */
export type Instant = string | Date;

/** A lead to score. Only `id` is required; missing data lowers confidence, it never throws. */
export interface Lead {
  id: string | number;
  created_at?: Instant | null;
  company?: {
    name?: string | null;
    domain?: string | null;
    industry?: string | null;
    /** A number, or a CRM-style string such as "1,200" or "51-200". */
    employees?: number | string | null;
    /** A number, or a string such as "$48M". */
    annual_revenue?: number | string | null;
    country?: string | null;
    enriched_at?: Instant | null;
    /** Which of these company fields a data provider filled, e.g. ["employees", "industry"]. */
    enriched_fields?: string[] | null;
  } | null;
  contact?: {
    name?: string | null;
    email?: string | null;
    title?: string | null;
    phone?: string | null;
  } | null;
  form?: {
    type?: string | null;
    message?: string | null;
    fields?: Record<string, unknown> | null;
  } | null;
  source?: { channel?: string | null; campaign?: string | null; medium?: string | null } | null;
  events?: LeadEvent[] | null;
  consent?: { email?: boolean | string | null; phone?: boolean | string | null } | null;
  /** Hosts may pass their whole record through; unknown keys are ignored. */
  [key: string]: unknown;
}

export interface LeadEvent {
  /** page_view, content_download, email_open, email_click, webinar_attended, event_visit,
   * pricing_view, demo_request, consultation_request, contact_sales, trial_signup, or your own. */
  type: string;
  at?: Instant | null;
  page?: string | null;
  asset?: string | null;
  [key: string]: unknown;
}

export type Band = 'low' | 'medium' | 'high';
export type Route = 'sales_review' | 'nurture' | 'disqualify';
export type ReviewReason =
  | 'strategic_account'
  | 'high_value'
  | 'borderline'
  | 'ambiguous'
  | 'incomplete_profile'
  | 'stale_enrichment';

/** One reason for points. A dimension's evidence points always sum exactly to its score. */
export interface Evidence {
  /** Stable code, e.g. "industry.primary", "event.demo_request", "negative.student", "fit.clamp". */
  code: string;
  points: number;
  label: string;
  /** Lead field the item comes from, e.g. "company.industry". */
  field?: string;
  value?: string;
  /** Most recent event behind the item. */
  at?: string;
  /** Points before time decay. */
  decayed_from?: number;
  /** Number of events behind the item. */
  count?: number;
  /** Events older than the look-back window: shown, worth 0. */
  expired?: boolean;
  /** The field's value came from enrichment (a data provider), not from the lead itself. */
  enriched?: boolean;
}

/** A thing to fix about how to reach the lead; a hint, not a score. */
export interface ContactHint {
  code: 'role_account' | 'domain_mismatch' | 'phone_needs_country_code' | 'phone_invalid';
  /** "contact.email" or "contact.phone". */
  field: string;
  message: string;
}

export interface ContactQuality {
  /**
   * Normalised email and company domain ("dana.ruiz@acmelogistics.com|acmelogistics.com"): the
   * same person submitting twice gets the same key. Empty when neither is known.
   */
  dedupe_key: string;
  /** The phone in E.164 ("+15550100100") when it can be read that way. */
  phone_e164?: string;
  hints: ContactHint[];
}

export interface NegativeFinding {
  code: string;
  points: number;
  label: string;
  field: string | null;
  value: string | null;
  auto_disqualify: boolean;
  /** Only weak evidence matched (e.g. an .edu address and nothing else). */
  weak: boolean;
  reason: string;
}

export interface Reason {
  code: string;
  text: string;
}

export interface ScoredLead {
  lead_id: string;
  model: { id: string; version: string };
  /**
   * Only when the model runs a threshold experiment (`experiment`): the variant the lead was
   * assigned (by a fixed hash of the experiment id and the lead id), whose sales-review
   * thresholds routed it.
   */
  variant?: string;
  scored_at: string;
  fit: { score: number; band: Band; /** How much of the profile is known. */ confidence: 'low' | 'medium' | 'high'; evidence: Evidence[] };
  intent: { score: number; band: Band; notes: string[]; evidence: Evidence[] };
  negative: NegativeFinding[];
  /** A recommendation; people decide. */
  route: Route;
  route_reason: Reason;
  disqualification: { code: string; reason: string } | null;
  review_reasons: ReviewReason[];
  /** Unknown lead fields that would change the result if known, most valuable first. */
  missing: string[];
  next_action: Reason;
  summary: string;
  /** Contact hygiene hints and the dedupe key. */
  contact_quality: ContactQuality;
  /**
   * Only with a calibrated model (`calibration`, written by `leadlens calibrate`): how often
   * leads with this fit + intent reached `target`, in whole thousandths (310 = 31 %), learned
   * from `outcomes` labelled leads.
   */
  likelihood?: { per_mille: number; outcomes: number; target: 'accepted' | 'opportunity' | 'won' };
}

/**
 * A scoring model (data, not code). Deeply loose on purpose: start from `defaultModel()` and
 * check your edits with `validateModel()`, which reports every problem with its JSON path.
 */
export interface Model {
  id: string;
  version: string;
  [key: string]: unknown;
}

export interface ModelProblem {
  /** JSON path in the model, e.g. "fit.employees.ranges[0].max". */
  path: string;
  message: string;
}

export interface InputProblem {
  code: LeadlensErrorCode;
  /** JSON path, prefixed with the element index in batches: "[3].company.employees". */
  path: string;
  message: string;
}

export type LeadlensErrorCode =
  | 'invalid_json'
  | 'missing_field'
  | 'invalid_field'
  | 'invalid_model'
  | 'invalid_now'
  | 'not_initialized'
  | 'scorer_freed'
  | 'invalid_argument'
  | 'internal_error';

/** When to score: a Date, an RFC 3339 string or milliseconds since the epoch. Default: now. */
export type Now = Date | string | number;

export interface ScoreOptions {
  /** A model object, model JSON text or a Scorer. Default: the embedded model. */
  model?: Model | string | Scorer;
  now?: Now;
}

export interface ScorerOptions {
  now?: Now;
}

/** Every error leadlens throws. Branch on `code`; `path` locates the offending value. */
export class LeadlensError extends Error {
  readonly name: 'LeadlensError';
  readonly code: LeadlensErrorCode;
  readonly path: string;
  /** Batch errors: every invalid lead, not just the first. */
  readonly errors?: InputProblem[];
  /** Model errors: every problem of the model. */
  readonly problems?: ModelProblem[];
  constructor(
    message: string,
    options?: { code: LeadlensErrorCode; path?: string; errors?: InputProblem[]; problems?: ModelProblem[]; cause?: unknown },
  );
}

/** A model parsed and validated once, for scoring many leads. */
export class Scorer {
  /** @throws {LeadlensError} code "invalid_model" with `problems` */
  constructor(model?: Model | string);
  score(lead: Lead, options?: ScorerOptions): ScoredLead;
  /** One call into wasm for the whole batch. @throws {LeadlensError} listing every bad lead in `errors`. */
  scoreBatch(leads: Iterable<Lead>, options?: ScorerOptions): ScoredLead[];
  /** The model in use (a copy). */
  readonly model: Model;
  /** Frees the wasm memory now (otherwise the garbage collector does it later). */
  free(): void;
  [Symbol.dispose](): void;
}

/** What `init()` accepts: by default the .wasm next to the package's JS file is fetched. */
export type InitInput =
  | string
  | URL
  | Request
  | Response
  | Promise<Response>
  | BufferSource
  | WebAssembly.Module;

/** Loads the wasm module (browser entry). Safe to call more than once; a no-op in Node. */
export default function init(input?: InitInput): Promise<void>;
/** Synchronous init for hosts that inline the wasm bytes. */
export function initSync(options: { module: BufferSource | WebAssembly.Module }): void;

export function score(lead: Lead, options?: ScoreOptions): ScoredLead;
export function scoreBatch(leads: Iterable<Lead>, options?: ScoreOptions): ScoredLead[];
/** Every problem of a model with its JSON path; `[]` when usable. Never throws for a bad model. */
export function validateModel(model: Model | string | object): ModelProblem[];
export function defaultModel(): Model;
export function version(): string;
/** Bytes of WebAssembly memory the scorer holds now (grows in 64 KiB pages, never shrinks). */
export function wasmMemoryBytes(): number;

// ---------------------------------------------------------------------------------------------
// Reviewer decisions and the host interface (what a CRM adapter provides to <leadlens-panel>).

export type DecisionOutcome = 'accepted' | 'rejected' | 'recycled';

/** A reviewer's decision on a lead. `rejected` and `recycled` always carry a `reason_code`. */
export interface Decision {
  /** UUIDv7, created once when the reviewer submits; posting is idempotent on it. */
  decision_id: string;
  lead_id: string;
  outcome: DecisionOutcome;
  /** A code from the model's `decision_reasons[outcome]`; may be absent only for `accepted`. */
  reason_code?: string;
  note?: string;
  /** User id from the host (`LeadHost.reviewer`) or the panel's `reviewer` attribute. */
  reviewer: string;
  /** RFC 3339 with milliseconds, UTC. */
  decided_at: string;
  score_snapshot: { fit: number; intent: number; route: Route; model_version: string };
}

/** What `LeadHost.postDecision` resolves to. */
export type PostResult =
  | { ok: true }
  | { ok: false; retryable: boolean; conflict?: boolean; message: string };

/** Durable key/value storage the host provides (survives a page reload). */
export interface DecisionStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

/**
 * The CRM as the panel sees it. Any object with these members works (duck typing); adapters map
 * a CRM record to the Lead contract and write decisions back through the CRM's own API.
 */
export interface LeadHost {
  capabilities: { write: boolean; durableStore: boolean };
  /** The current record mapped to the Lead contract. */
  readLead(): Promise<Lead>;
  /** Calls `cb` when the record changes (or another record is opened); returns an unsubscribe. */
  onLeadChange?(cb: (lead: Lead) => void): () => void;
  /**
   * Writes the decision back. Must be idempotent on `decision_id` (a retry after a lost response
   * must not apply it twice). `expectedVersion` is what `version()` returned when the lead was read;
   * a record changed since then is a conflict.
   */
  postDecision(decision: Decision, expectedVersion?: string): Promise<PostResult>;
  /** Durable storage for the decision outbox; without it the panel uses localStorage. */
  store?: DecisionStore;
  /** The signed-in reviewer's user id. */
  reviewer?: string;
  /** Version of the record last returned by `readLead`/`onLeadChange` (ETag, modstamp…). */
  version?(): string | undefined | Promise<string | undefined>;
}

/** Where a decision is: stored and waiting, confirmed by the host, needing attention, or stopped. */
export type DecisionStatus = 'pending' | 'synced' | 'failed' | 'conflict' | 'unsaved';

export interface DecisionEventDetail {
  decision: Decision;
  status: DecisionStatus;
  /** Host message for failed/conflict, or why it is unsaved. */
  message?: string;
  /** Post attempts so far. */
  attempts: number;
}

export interface PanelErrorDetail {
  code: LeadlensErrorCode | 'host_error' | 'store_error';
  message: string;
  path?: string;
}
