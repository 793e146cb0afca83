import type { InitInput, Lead, Model, Now, Route, ScoredLead } from './index.js';

/** When a conditional question is shown. A shown question stays while it has focus or an answer. */
export type ShowRule =
  /** Fit at the sales-review threshold and no disqualifying negative fit (budget, timeline…). */
  | 'likely_buyer'
  | { fit_at_least: number }
  /** Hidden when one of these negative-fit codes is found (e.g. no sales questions for students). */
  | { unless: string[] };

/** What the page should do after the submission (the submission itself always goes through). */
export type SubmitAction =
  | 'book_meeting'
  | 'sales_follow_up'
  | 'nurture'
  | 'resources'
  | 'careers'
  | 'thank_you';

export interface NextQuestion {
  /** The form field to ask next. */
  field: string;
  /** The lead path it fills, e.g. "company.employees". */
  path: string;
  /** Some plausible answer would change the recommended route. */
  changes_route: boolean;
  /** The largest change in fit + intent a plausible answer makes. */
  max_score_change: number;
}

export interface FieldProblem {
  /** Form field name. */
  field: string;
  /** Lead path, e.g. "company.employees". */
  path: string;
  message: string;
}

/** Values written into hidden inputs so the CRM receives them with the submission. */
export interface HiddenValues {
  leadlens_fit: string;
  leadlens_intent: string;
  leadlens_route: Route;
  /** Empty unless disqualified. */
  leadlens_disqualification: string;
  leadlens_model_version: string;
}

/** What every (coalesced) input produces. */
export interface FormResult {
  lead: Lead;
  result: ScoredLead;
  /** Form fields with a usable answer. */
  answered: string[];
  /** Answers the lead contract cannot read (left out of the lead), in form order. */
  problems: FieldProblem[];
  /** The most valuable unanswered question, or null when nothing left would change the result. */
  next_question: NextQuestion | null;
  /** Conditional questions by field name: shown or not. */
  shown: Record<string, boolean>;
  hidden: HiddenValues;
  /** What submitting now would lead to. */
  submit: SubmitOutcome;
  /** Lead paths filled by the enrichment hook for this result (their evidence is `enriched`). */
  enriched: string[];
}

export interface SubmitOutcome {
  action: SubmitAction;
  route: Route;
  fit: number;
  intent: number;
  disqualification: string | null;
  /** Why, in one sentence (the route reason). */
  reason: string;
}

export interface AttachFormOptions {
  /** Model object or JSON text; default: the embedded model. */
  model?: Model | string;
  /** Scoring time; default: the current time at each score. */
  now?: Now;
  /** Form field name → lead path (`company.employees`, `form.fields.budget`…), over the defaults. */
  fields?: Record<string, string>;
  /** What the page already knows about the visitor; form answers override it. */
  knownLead?: Partial<Lead>;
  /**
   * What submitting this form means, e.g. `consultation_request` or `demo_request` (the form types
   * the model scores as hand-raisers): scored while the visitor types.
   */
  formType?: string;
  /** Lead id for the scored lead (default: "form"). */
  leadId?: string;
  /** Conditional questions: form field name → rule. Also read from `data-leadlens-show` attributes. */
  conditional?: Record<string, ShowRule>;
  /**
   * Hidden inputs to write: `true` (default) uses the names of `HiddenValues`; an object renames
   * them; `false` writes none. Missing inputs are created (and removed again by `detach`).
   */
  hiddenFields?: boolean | Partial<Record<keyof HiddenValues, string>>;
  /**
   * Company data for the visitor's domain (their company domain, or their email's), async. The
   * answer fills company fields the visitor has not answered, re-scores the lead, and marks that
   * evidence `enriched`; it stops counting when the visitor changes to another domain. A slow or
   * failing hook never blocks the form: failures (and answers with fields of the wrong type) go to
   * `onError`, and scoring goes on without them.
   */
  enrich?: (domain: string) => Promise<Partial<Lead['company']> | null | undefined>;
  /** Called after every score (at most once per animation frame). */
  onResult?: (result: FormResult) => void;
  /** Called on submit with the outcome; never blocks or delays the submission. */
  onSubmit?: (outcome: SubmitOutcome, result: FormResult) => void;
  /** Called when leadlens cannot score (wasm failed to load, bad model…); the form keeps working. */
  onError?: (error: Error) => void;
  /** Reads the form's values (default: the form's named controls); for platform bindings. */
  readValues?: () => Array<[string, string]>;
  /** Writes hidden values (default: hidden inputs in the form); for platform bindings. */
  writeHidden?: (values: Record<string, string>) => void;
  /** The wasm to load (see `init`); default: the bundle next to this file. */
  wasm?: InitInput;
}

export interface FormBinding {
  /** The last result, or null before the first score (or when leadlens could not load). */
  readonly result: FormResult | null;
  /** Resolves once the first score is done (or leadlens failed to load: then with null). */
  readonly ready: Promise<FormResult | null>;
  /** True when leadlens could not load or score (the form works as without it). */
  readonly failed: boolean;
  /** Scores now (synchronously when loaded) and returns the result. */
  rescore(): FormResult | null;
  /** Removes every listener and the hidden inputs it created. */
  detach(): void;
}

/**
 * Binds a form: scores as the visitor types. Never throws for a bad model or a failed load.
 *
 * What it does to the page:
 * - listens to `input`, `change`, `focusout` and `submit` on the form (never cancels a submit);
 * - keeps the hidden inputs up to date (creating missing ones);
 * - hides a conditional question's wrapper — the element with `data-leadlens-show`, else the
 *   control's closest `label`/`.field`/platform row — and disables its controls while hidden, so
 *   hidden answers are not submitted (put the attribute on the wrapper, not on the control, so
 *   the label hides too);
 * - dispatches a `leadlens-result` CustomEvent (`detail`: FormResult) on the form per score.
 *
 * Controls are read as a submission would send them, except that an unchecked checkbox reads as
 * `"off"` (consent checkboxes: an explicit no). `onSubmit` runs inside the form's own `submit`
 * listener, before the browser serialises the form; page code that needs the outcome after it
 * can listen on `document`.
 */
export function attachForm(form: HTMLFormElement, options?: AttachFormOptions): FormBinding;
