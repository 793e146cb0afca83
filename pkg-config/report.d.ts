import type { InitInput, Model, Now, Route } from './index.js';

export { LeadlensError } from './index.js';

/** An instant: a Date, an RFC 3339 string or milliseconds since the epoch. */
export type When = Date | string | number;

/** A line that could not be read (or a lead that could not be scored): skipped and reported. */
export interface BadLine {
  input: 'leads' | 'outcomes';
  /** 1-based line number in that file. */
  line: number;
  code: 'invalid_json' | 'missing_field' | 'invalid_field';
  /** JSON path of the offending value, e.g. "company.employees"; "" for the whole line. */
  path: string;
  message: string;
}

// ---- leadlens.report/1 (src/core/report.rs) ---------------------------------------------------

/** A rate with its 95 % Wilson interval; `small_sample` below 30 in the denominator. */
export interface Rate {
  num: number;
  den: number;
  /** 0–1, rounded to 4 decimals; null without a denominator. */
  rate: number | null;
  ci95: [number, number] | null;
  small_sample: boolean;
}

export interface SpeedToAcceptance {
  unit: 'hours';
  /** Accepted leads with a created_at (not decided before it). */
  n: number;
  median: number | null;
  p90: number | null;
  /** Accepted leads without created_at, or decided before it. */
  skipped: number;
  small_sample: boolean;
}

export interface ReasonCount {
  /** A rejection reason_code, "(none)" without one. */
  reason: string;
  count: number;
}

export interface Metrics {
  leads: number;
  decided: number;
  accepted: number;
  rejected: number;
  recycled: number;
  lead_to_accepted: Rate;
  accepted_to_opportunity: Rate;
  lead_to_won: Rate;
  false_positive: Rate;
  speed_to_acceptance: SpeedToAcceptance;
  clear_reason: Rate;
  feedback_completion: Rate;
  manual_override: Rate;
  top_rejection_reasons: ReasonCount[];
}

/** One group's metrics; a missing value is the key "(none)". */
export interface Group extends Metrics {
  key: string;
}

export interface KeyedRate extends Rate {
  key: string;
}

export interface Monotone {
  /** Acceptance (accepted / decided) per group, lowest first. */
  rates: KeyedRate[];
  /** Never falls from one group with decisions to the next; null with fewer than two. */
  monotone: boolean | null;
  violation: { lower: string; higher: string; lower_rate: number; higher_rate: number } | null;
}

export interface Difference {
  control: Rate;
  variant: Rate;
  /** variant − control. */
  difference: number | null;
  /** 95 % Newcombe interval of the difference. */
  ci95: [number, number] | null;
  /** The interval excludes 0 and neither side is a small sample. */
  meaningful: boolean;
  verdict: 'no data' | 'not yet: small sample' | 'yes: the interval excludes 0' | 'not yet: the interval includes 0';
}

export interface VariantComparison {
  variant: string;
  lead_to_accepted: Difference;
  false_positive: Difference;
  median_hours_to_acceptance: { control: number | null; variant: number | null };
}

export interface Report {
  schema: 'leadlens.report/1';
  model: { id: string; version: string };
  /** RFC 3339. */
  now: string;
  scored_as_of: 'created_at';
  window: { since: string | null; until: string | null };
  input: {
    leads_read: number;
    bad_lead_lines: number;
    duplicate_leads: number;
    outside_window: number;
    undated_outside_window: number;
    leads: number;
    outcome_records: number;
    bad_outcome_lines: number;
    unknown_lead_ids: number;
    unknown_lead_records: number;
    unknown_lead_examples: string[];
  };
  overall: Metrics;
  groups: {
    fit_band: Group[];
    intent_band: Group[];
    route: Group[];
    channel: Group[];
    campaign: Group[];
    model_version: Group[];
    variant: Group[];
  };
  alignment: {
    by_fit_band: Monotone;
    by_route: Monotone;
    auc: { score: 'fit + intent'; value: number | null; positives: number; negatives: number; small_sample: boolean };
  };
  experiment: { id: string; control: string; variants: VariantComparison[] } | null;
}

export interface ReportResult {
  report: Report;
  bad_lines: BadLine[];
}

// ---- leadlens.calibrate/1 (src/core/calibrate/mod.rs) -----------------------------------------

export type Target = 'accepted' | 'opportunity' | 'won';

export interface LearnedRule {
  /** e.g. "source.campaign", "company.employees", "events.webinar_attended". */
  field: string;
  equals?: string;
  min?: number;
  max?: number;
  points: number;
  dimension: 'fit' | 'intent';
  support: number;
  label?: string;
}

/** likelihood = sigmoid(intercept + (fit + intent) / points_per_logit). */
export interface Calibration {
  target: Target;
  outcomes: number;
  intercept: number;
  points_per_logit: number;
  /** RFC 3339. */
  fitted_at?: string;
}

export interface HoldoutMetrics {
  auc: number | null;
  log_loss: number;
  /** By likelihood band, e.g. "0.2–0.3": mean predicted likelihood and observed rate. */
  calibration: { band: string; n: number; predicted: number; observed: number }[];
  by_route: { route: Route; n: number; positive: number; rate: number | null }[];
}

export interface Labels {
  leads: number;
  labelled: number;
  positive: number;
  negative: number;
  left_out: {
    no_outcome: number;
    undecided: number;
    recycled: number;
    rejection_not_about_the_lead: number;
    too_recent: number;
  };
  /** Rejections by what their reason counts against, then by reason code. */
  rejections: Partial<Record<'fit' | 'intent' | 'none' | 'unspecified', Record<string, number>>>;
}

export interface CalibrateReport {
  schema: 'leadlens.calibrate/1';
  target: Target;
  now: string;
  model: { id: string; version: string };
  proposed_version: string;
  labels: Labels;
  scale: {
    points_per_logit: number;
    derived: boolean;
    clamped: boolean;
    slope_per_point: number | null;
    spread: number;
  };
  holdout: {
    train: { n: number; positive: number; until?: string };
    test: { n: number; positive: number; from?: string };
    current: HoldoutMetrics;
    proposed: HoldoutMetrics;
  };
  rules: {
    path: string;
    name: string;
    old: number;
    new: number;
    support: number;
    positive: number;
    status: 'reweighted' | 'unchanged' | 'kept';
    /** Why a rule was kept (not enough data, leakage guard). */
    note?: string;
  }[];
  added: { rule: LearnedRule; support: number; positive: number; z: number }[];
  taken_back: {
    rule: LearnedRule;
    support: number;
    positive: number;
    z: number;
    leads: number;
    share: number;
    by: 'intent.clamp' | 'intent.passive_cap' | 'fit.clamp' | 'fit.must_have_cap';
  }[];
  removed: { path: string; name: string; old: number; support: number }[];
  candidates: {
    considered: number;
    below_support: number;
    guarded: number;
    taken_back: number;
    not_significant: number;
    added: number;
  };
  leakage_guard: { field: string; present_positive: number; present_negative: number; guarded: boolean }[];
  not_refittable: { code: string; leads: number; reason: string }[];
  thresholds: { sales_review: { fit: number; intent: number }; borderline_margin: number; changed: boolean };
  calibration: { old: Calibration | null; new: Calibration | null };
}

/** Calibration could not run: too few labelled outcomes, or only one kind. */
export interface Refusal {
  message: string;
  labels: Labels;
}

export type CalibrateResult =
  | {
      report: CalibrateReport;
      /** The proposed model as `leadlens calibrate -o` writes it: review it, then adopt it yourself. */
      proposed_json: string;
      /** Each added and taken-back rule as the CLI's table writes it, e.g. "source.channel = email". */
      rule_descriptions: { added: string[]; taken_back: string[] };
      refusal: null;
      bad_lines: BadLine[];
      /** Lead ids in the outcomes that are not in the leads file (their outcomes are ignored). */
      unknown_lead_ids: number;
    }
  | {
      report: null;
      proposed_json: null;
      rule_descriptions: null;
      refusal: Refusal;
      bad_lines: BadLine[];
      unknown_lead_ids: number;
    };

// ---- the functions ----------------------------------------------------------------------------

export interface ReportOptions {
  /** A model object or model JSON text. Default: the embedded model. */
  model?: Model | string;
  /** Scoring time of leads without created_at, and what lead → won is counted at. Default: now. */
  now?: Now;
  /** Only leads created at or after this instant. */
  since?: When | null;
  /** Only leads created before this instant. */
  until?: When | null;
}

export interface CalibrateOptions {
  model?: Model | string;
  /** The proposal's version date, the opportunity target's 90-day window. Default: now. */
  now?: Now;
  /** What the likelihood predicts. Default: "accepted". */
  target?: Target;
  /** Fix the points ↔ logit scale instead of keeping the current model's spread. */
  pointsPerLogit?: number;
}

/** Loads the report bundle (by default the .wasm next to this file). */
export default function init(input?: InitInput): Promise<void>;
/** Synchronous init with the wasm bytes (Node). */
export function initSync(options: { module: BufferSource | WebAssembly.Module }): void;

/**
 * `leadlens report` on NDJSON text. Bad lines are returned, never thrown.
 * @throws {LeadlensError} `invalid_model` (with `problems`), `invalid_now`, `invalid_field` (an option)
 */
export function report(leads: string, outcomes: string, options?: ReportOptions): ReportResult;
/**
 * `leadlens calibrate` on NDJSON text: the report and the proposal, or the refusal.
 * @throws {LeadlensError} `invalid_model` (with `problems`), `invalid_now`, `invalid_field` (an option)
 */
export function calibrate(leads: string, outcomes: string, options?: CalibrateOptions): CalibrateResult;
/** The embedded default model. */
export function defaultModel(): Model;
