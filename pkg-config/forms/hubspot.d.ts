import type { AttachFormOptions, FormResult, SubmitOutcome } from '../form.js';

/** What `onSubmitted` gets besides the outcome. */
export interface HubSpotSubmittedDetails {
  /** The HubSpot form GUID. */
  formId: string;
  /** The instance id of the current embed (`event.detail.instanceId`); null for legacy forms. */
  instanceId: string | null;
  /** From the legacy embed's `onFormSubmitted` data, when HubSpot gives it. */
  redirectUrl?: string;
  /** From the legacy embed's `onFormSubmitted` data, when HubSpot gives it. */
  submissionValues?: Record<string, unknown>;
}

/**
 * `attachForm` options for HubSpot forms. `readValues` and `writeHidden` are the binding's own
 * (HubSpot's hidden fields, the current embed's `0-1/` names); field names map by default.
 */
export interface HubSpotFormOptions extends Omit<AttachFormOptions, 'readValues' | 'writeHidden'> {
  /** Only these HubSpot form GUIDs (default: every form the binding sees). */
  formIds?: string | string[];
  /**
   * Called with the outcome when the visitor submits: legacy embed from `onFormSubmit` (valid,
   * about to be sent), current embed on `hs-form-event:on-submission:success`. Not called when
   * leadlens could not load; the submission goes through regardless.
   */
  onSubmit?: (outcome: SubmitOutcome, result: FormResult) => void;
  /** Called once HubSpot has the submission (`onFormSubmitted` / `on-submission:success`). */
  onSubmitted?: (outcome: SubmitOutcome, result: FormResult, details: HubSpotSubmittedDetails) => void;
}

/** The form argument of the legacy embed's callbacks: a jQuery object when jQuery is on the page. */
export type HubSpotFormArgument = HTMLFormElement | ArrayLike<Element>;

/** Data of the legacy embed's `onFormSubmitted` callback. */
export interface HubSpotSubmittedData {
  redirectUrl?: string;
  submissionValues?: Record<string, unknown>;
}

/** Callbacks to spread into `hbspt.forms.create({ portalId, formId, target, ...callbacks })`. */
export interface HubSpotFormCallbacks {
  onFormReady(form: HubSpotFormArgument): void;
  onFormSubmit(form: HubSpotFormArgument): void;
  onFormSubmitted(form: HubSpotFormArgument, data?: HubSpotSubmittedData): void;
}

/** Callbacks for the legacy embed (`hbspt.forms.create`); never throw into HubSpot. */
export function hubspotFormCallbacks(options?: HubSpotFormOptions): HubSpotFormCallbacks;

export interface HubSpotFormsBinding {
  /** Removes the window listeners and detaches every form this call bound. */
  detach(): void;
}

/**
 * Binds HubSpot forms from the global events: `hs-form-event:on-ready` /
 * `hs-form-event:on-submission:success` (updated forms editor, raw HTML embed) and the legacy
 * `hsFormCallback` messages. Forms already on the page are bound at once. Call before the embed.
 */
export function bindHubSpotForms(options?: HubSpotFormOptions): HubSpotFormsBinding;
