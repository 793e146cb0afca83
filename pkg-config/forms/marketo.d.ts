import type { AttachFormOptions, FormResult, SubmitOutcome } from '../form.js';

/** What `onSubmitted` gets besides the outcome: the arguments of Marketo's `onSuccess`. */
export interface MarketoSubmittedDetails {
  /** The submitted values, field name → value. */
  values: Record<string, unknown>;
  /** Where Marketo goes next unless told otherwise. */
  followUpUrl: string;
}

/**
 * `attachForm` options for Marketo forms. `readValues` (`form.getValues()`) and `writeHidden`
 * (`form.addHiddenFields`) are the binding's own; Marketo field names map by default.
 */
export interface MarketoFormOptions extends Omit<AttachFormOptions, 'readValues' | 'writeHidden'> {
  /** Only these Marketo form ids (default: every form `whenReady` reports). */
  formIds?: number | string | Array<number | string>;
  /** Called from `form.onSubmit` (valid, about to be sent). Not called when leadlens could not load. */
  onSubmit?: (outcome: SubmitOutcome, result: FormResult) => void;
  /**
   * Called from `form.onSuccess`. Return `false` to stop Marketo from going to the follow-up page
   * (the page takes over); any other value lets Marketo continue.
   */
  onSubmitted?: (outcome: SubmitOutcome, result: FormResult, details: MarketoSubmittedDetails) => boolean | void;
}

/** The part of a Marketo Forms 2.0 form object the binding uses. */
export interface MarketoForm {
  getId(): number | string;
  getFormElem(): ArrayLike<HTMLFormElement>;
  getValues(): Record<string, unknown>;
  addHiddenFields(values: Record<string, string>): void;
  onValidate(callback: (nativeValid: boolean) => void): unknown;
  onSubmit(callback: (form: MarketoForm) => void): unknown;
  onSuccess(callback: (values: Record<string, unknown>, followUpUrl: string) => boolean | void): unknown;
}

/** The part of the `MktoForms2` global the binding uses. */
export interface MarketoForms2 {
  whenReady(callback: (form: MarketoForm) => void): unknown;
}

export interface MarketoFormsBinding {
  /** Detaches every form; Marketo cannot remove callbacks, so ours stay but do nothing. */
  detach(): void;
}

/** Binds every Marketo form on the page, now and later, through `MktoForms2.whenReady`. */
export function bindMarketoForms(MktoForms2: MarketoForms2, options?: MarketoFormOptions): MarketoFormsBinding;
