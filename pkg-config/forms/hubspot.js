// leadlens/forms/hubspot: live scoring in HubSpot embedded forms, on top of `attachForm`.
//
// Two embeds, two bindings:
//   * legacy embed (`hbspt.forms.create`, forms from the legacy editor): `hubspotFormCallbacks`,
//     spread into the create call; the global `hsFormCallback` messages work too (bindHubSpotForms).
//   * current embed (forms from the updated editor, `<div class="hs-form-html">`): `bindHubSpotForms`,
//     driven by the global `hs-form-event:*` window events and `HubSpotFormsV4.getFormFromEvent`.
//
// Behaviour follows HubSpot's developer docs:
//   https://developers.hubspot.com/docs/cms/start-building/features/forms/legacy-forms
//     (embed callbacks onFormReady / onFormSubmit / onFormSubmitted and their $form / data
//     arguments; the global `message` events `{ type: 'hsFormCallback', eventName, id, data }`;
//     values set from script need an `input`/`change` event to register)
//   https://developers.hubspot.com/docs/api-reference/latest/marketing/forms/global-form-events
//     (`hs-form-event:on-ready`, `hs-form-event:on-submission:success` with `detail.formId` and
//     `detail.instanceId`; `HubSpotFormsV4.getForms()` / `getFormFromEvent(event)`; the form
//     object's `getFormId`, `getInstanceId`, `setFieldValue('0-1/name', value)`; listeners are
//     added before the embed script runs)
//   https://developers.hubspot.com/docs/api-reference/latest/marketing/forms/guide
//     (field names are property names; `objectTypeId` 0-1 is the contact)
//
// HubSpot only stores values of properties that are fields of the form: the marketer adds
// `leadlens_fit`, `leadlens_intent`, `leadlens_route`, `leadlens_disqualification` and
// `leadlens_model_version` as hidden fields (custom contact properties) in the form editor.
// Missing hidden inputs are created anyway (other scripts on the page can read them), and the page
// is told once through `onError`, because HubSpot will drop their values.
//
// Nothing here ever blocks, delays or cancels a submission: every leadlens step is guarded, and a
// failed wasm load only means no hidden values and no `onSubmit` call.

import { attachForm } from '../form.js';
import {
  attachOptions,
  boundRecord,
  changedOnly,
  controlNamed,
  controlPairs,
  forget,
  formElementOf,
  notifySubmit,
  notifySubmitted,
  remember,
  report,
  safely,
  setControlValue,
  wanted,
} from './common.js';

/** The contact object's type id: how the current embed prefixes contact property names. */
const CONTACT = '0-1';
/** `0-1/email` → `email`: the current embed names fields `<objectTypeId>/<property>`. */
const OBJECT_PREFIX = /^\d+-\d+\//;

const withoutObjectType = (name) => name.replace(OBJECT_PREFIX, '');

// ---------------------------------------------------------------------------------------------
// Hidden values

/**
 * Writes hidden values into the legacy form's inputs (created when missing), each with the events
 * HubSpot needs to register a scripted change. Returns `{ write, created }`.
 */
function legacyHiddenWriter(form, options, formId) {
  const created = [];
  let warned = false;
  const write = changedOnly((values) => {
    const missing = [];
    for (const [name, value] of Object.entries(values)) {
      let input = controlNamed(form, name);
      if (!input) {
        input = form.ownerDocument.createElement('input');
        input.type = 'hidden';
        input.name = name;
        form.append(input);
        created.push(input);
        missing.push(name);
      }
      setControlValue(input, value);
    }
    if (missing.length > 0 && !warned) {
      warned = true;
      report(options, missingFieldsError(formId, missing));
    }
  });
  return { write, created };
}

/**
 * Writes hidden values into a current-embed form through `setFieldValue` (the documented way; the
 * form keeps its own state), naming each field as the form does (`0-1/leadlens_fit`). The names
 * come from the form's own field list (`getFormFieldValues()`, asynchronous, asked once) and the
 * rendered controls; until it answers, contact properties (`0-1/`) are assumed. Without the
 * HubSpotFormsV4 object (not documented to happen) the inputs are set like legacy ones.
 */
function currentHiddenWriter(form, hsForm, options, formId) {
  /** property name → the form's field name, e.g. leadlens_fit → 0-1/leadlens_fit. */
  const known = new Map();
  const learn = (name) => known.set(withoutObjectType(name), name);
  for (const control of form.elements) if (control.name) learn(control.name);
  let fieldList = null;
  const written = new Set();
  const checkMissing = () => {
    const missing = [...written].filter((name) => !known.has(name));
    if (missing.length > 0) report(options, missingFieldsError(formId, missing));
  };
  if (typeof hsForm?.getFormFieldValues === 'function') {
    Promise.resolve()
      .then(() => hsForm.getFormFieldValues())
      .then((fields) => {
        fieldList = Array.isArray(fields) ? fields : [];
        for (const field of fieldList) if (typeof field?.name === 'string') learn(field.name);
        checkMissing();
      })
      .catch((error) => report(options, error));
  }
  return changedOnly((values) => {
    // Once the field list is known, names written for the first time are checked at once.
    const missing = [];
    for (const [name, value] of Object.entries(values)) {
      if (!written.has(name) && fieldList && !known.has(name)) missing.push(name);
      written.add(name);
      const fieldName = known.get(name) ?? `${CONTACT}/${name}`;
      if (typeof hsForm?.setFieldValue === 'function') {
        hsForm.setFieldValue(fieldName, value);
      } else {
        const input = controlNamed(form, fieldName);
        if (input) setControlValue(input, value);
      }
    }
    if (missing.length > 0) report(options, missingFieldsError(formId, missing));
  });
}

/** What `onSubmitted` gets besides the outcome, the same shape for every HubSpot path. */
function submittedDetails(formId, instanceId, data) {
  const details = { formId, instanceId: instanceId ?? null };
  if (data && typeof data === 'object') {
    if (typeof data.redirectUrl === 'string') details.redirectUrl = data.redirectUrl;
    if (data.submissionValues && typeof data.submissionValues === 'object') details.submissionValues = data.submissionValues;
  }
  return details;
}

function missingFieldsError(formId, names) {
  const error = new Error(
    `leadlens: HubSpot form ${formId || '(unknown id)'} has no hidden field for ${names.join(', ')}; ` +
      'add them as hidden fields in the form editor, or HubSpot will not store these values',
  );
  error.name = 'LeadlensHubSpotFieldsError';
  return error;
}

// ---------------------------------------------------------------------------------------------
// Binding one form

/**
 * Attaches leadlens to one HubSpot form element. `kind` is "legacy" (plain property names, hidden
 * inputs set directly) or "current" (`0-1/…` names, hidden values through `hsForm.setFieldValue`).
 */
function bindForm(form, options, { kind, formId, instanceId = null, hsForm = null, owner }) {
  let created = [];
  let writeHidden;
  let readValues;
  if (kind === 'current') {
    writeHidden = currentHiddenWriter(form, hsForm, options, formId);
    readValues = () => controlPairs(form, withoutObjectType);
  } else {
    ({ write: writeHidden, created } = legacyHiddenWriter(form, options, formId));
  }
  const overrides = readValues ? { writeHidden, readValues } : { writeHidden };
  const binding = attachForm(form, attachOptions(options, overrides));
  const record = {
    kind,
    formId,
    instanceId,
    form,
    owner,
    binding,
    /** The result as the visitor submitted it (the form may be gone when HubSpot confirms). */
    submitted: null,
    detach() {
      form.removeEventListener('submit', record.onDomSubmit, true);
      safely(options, () => binding.detach());
      for (const input of created) input.remove();
      forget(form, record);
    },
    /**
     * Scores the final answers and writes the hidden values before HubSpot reads its state: the
     * capture listener on the form runs before handlers delegated to the document or a root.
     */
    onDomSubmit() {
      record.submitted = safely(options, () => binding.rescore()) ?? binding.result;
    },
  };
  remember(form, record);
  return record;
}

// ---------------------------------------------------------------------------------------------
// Legacy embed callbacks

/**
 * Callbacks for the legacy embed: `hbspt.forms.create({ portalId, formId, target,
 * ...hubspotFormCallbacks(options) })`. HubSpot passes the form as a jQuery object when jQuery is
 * on the page and as the element otherwise; both work.
 *
 * - `onFormReady($form)`: attaches leadlens (HubSpot field names map by default).
 * - `onFormSubmit($form)`: scores the final answers, writes the hidden fields (HubSpot sends
 *   changes made here) and calls `options.onSubmit(outcome, result)`.
 * - `onFormSubmitted($form, data)`: calls `options.onSubmitted(outcome, result, details)` and
 *   detaches (HubSpot replaces the form with its thank-you message).
 */
export function hubspotFormCallbacks(options = {}) {
  const owner = Symbol('hubspotFormCallbacks');
  const mine = (argument) => {
    const form = formElementOf(argument);
    const record = form ? boundRecord(form) : undefined;
    return record?.owner === owner ? record : undefined;
  };
  return {
    onFormReady(argument) {
      safely(options, () => {
        const form = formElementOf(argument);
        if (!form) throw new TypeError('leadlens: onFormReady was not given a form element or jQuery form');
        if (boundRecord(form)) return; // already bound (a second ready for the same element)
        const formId = form.dataset.formId ?? '';
        if (!wanted(options, formId)) return;
        bindForm(form, options, { kind: 'legacy', formId, owner });
      });
    },
    onFormSubmit(argument) {
      const record = mine(argument);
      if (!record) return;
      record.submitted = safely(options, () => record.binding.rescore()) ?? record.binding.result;
      notifySubmit(options, record.submitted);
    },
    onFormSubmitted(argument, data) {
      const record = mine(argument);
      if (!record) return;
      notifySubmitted(options, record.submitted ?? record.binding.result, submittedDetails(record.formId, null, data));
      record.detach();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Global events: current embed and legacy messages

function currentEmbedForm(doc, formId) {
  for (const container of doc.querySelectorAll('.hs-form-html')) {
    if (container.dataset.formId !== formId) continue;
    const form = container.querySelector('form');
    if (form && !boundRecord(form)) return { form, framed: false };
  }
  // The iframe embed (`hs-form-frame`) renders the form in HubSpot's own document: unreachable.
  const framed = [...doc.querySelectorAll('.hs-form-frame')].some((c) => c.dataset.formId === formId);
  return { form: null, framed };
}

/**
 * Binds every HubSpot form on the page as it becomes ready, from the global events:
 * `hs-form-event:on-ready` / `hs-form-event:on-submission:success` (forms from the updated editor,
 * raw-HTML embed) and the legacy `hsFormCallback` messages (`onFormReady`, `onFormSubmit`,
 * `onFormSubmitted`). Forms already on the page are bound at once. Call it before the embed code
 * runs, as HubSpot advises for its events. `options.formIds` limits it to some forms.
 *
 * For the current embed, `onSubmit` and `onSubmitted` are both called on
 * `hs-form-event:on-submission:success`, with the result as the visitor submitted it.
 */
export function bindHubSpotForms(options = {}) {
  const win = globalThis.window;
  if (!win) throw new TypeError('leadlens: bindHubSpotForms needs a browser window');
  const doc = win.document;
  const owner = Symbol('bindHubSpotForms');
  const records = new Set();
  const framedReported = new Set();

  const track = (form, details) => {
    const record = bindForm(form, options, { ...details, owner });
    form.addEventListener('submit', record.onDomSubmit, true);
    const detach = record.detach;
    record.detach = () => {
      records.delete(record);
      detach();
    };
    records.add(record);
    return record;
  };

  const bindCurrent = (hsForm, formId, instanceId) => {
    if (!formId || !wanted(options, formId)) return;
    for (const record of records) if (record.instanceId === instanceId && instanceId) return;
    const { form, framed } = currentEmbedForm(doc, formId);
    if (form) {
      track(form, { kind: 'current', formId, instanceId, hsForm });
    } else if (framed && !framedReported.has(formId)) {
      framedReported.add(formId);
      report(options, new Error(
        `leadlens: HubSpot form ${formId} is embedded in an iframe (hs-form-frame), which the page cannot ` +
          'read; use the raw HTML embed (hs-form-html) to score it',
      ));
    }
  };

  const v4 = () => win.HubSpotFormsV4;

  const onReady = (event) => {
    safely(options, () => {
      const { formId, instanceId } = event.detail ?? {};
      const hsForm = typeof v4()?.getFormFromEvent === 'function' ? v4().getFormFromEvent(event) : null;
      bindCurrent(hsForm, String(formId ?? hsForm?.getFormId?.() ?? ''), instanceId ?? hsForm?.getInstanceId?.() ?? null);
    });
  };

  const onSuccess = (event) => {
    safely(options, () => {
      const { formId, instanceId } = event.detail ?? {};
      const record = [...records].find((r) =>
        r.kind === 'current' && (instanceId ? r.instanceId === instanceId : r.formId === String(formId)));
      if (!record) return;
      const result = record.submitted ?? record.binding.result;
      notifySubmit(options, result);
      notifySubmitted(options, result, submittedDetails(record.formId, record.instanceId, null));
      record.detach();
    });
  };

  // Legacy forms announce themselves with window.postMessage from this very window; messages from
  // other windows (iframes, openers) are not about forms this page can read and are ignored.
  const legacyRecordFor = (id) => {
    // Messages arrive after the fact: by onFormSubmitted HubSpot may have swapped the form for its
    // thank-you message, so a detached form still counts. Two instances of one form: the one the
    // visitor is in, else one still on the page.
    const candidates = [...records].filter((r) => r.kind === 'legacy' && r.formId === id);
    return candidates.find((r) => r.form.contains(doc.activeElement))
      ?? candidates.find((r) => r.form.isConnected)
      ?? candidates[0];
  };
  const onMessage = (event) => {
    if (event.source !== win) return;
    const data = event.data;
    if (!data || typeof data !== 'object' || data.type !== 'hsFormCallback' || typeof data.id !== 'string') return;
    safely(options, () => {
      if (data.eventName === 'onFormReady') {
        if (!wanted(options, data.id)) return;
        for (const form of doc.querySelectorAll('form[data-form-id]')) {
          if (form.dataset.formId === data.id && !boundRecord(form)) track(form, { kind: 'legacy', formId: data.id });
        }
      } else if (data.eventName === 'onFormSubmit') {
        // The hidden fields were written by the DOM submit listener already; the message comes
        // after HubSpot collected the values, so this is only the outcome notification.
        const record = legacyRecordFor(data.id);
        if (record) notifySubmit(options, record.submitted ?? record.binding.result);
      } else if (data.eventName === 'onFormSubmitted') {
        const record = legacyRecordFor(data.id);
        if (!record) return;
        notifySubmitted(options, record.submitted ?? record.binding.result, submittedDetails(record.formId, null, data.data));
        record.detach();
      }
    });
  };

  win.addEventListener('hs-form-event:on-ready', onReady);
  win.addEventListener('hs-form-event:on-submission:success', onSuccess);
  win.addEventListener('message', onMessage);

  // Forms that were ready before this call.
  safely(options, () => {
    for (const hsForm of v4()?.getForms?.() ?? []) {
      bindCurrent(hsForm, String(hsForm.getFormId?.() ?? ''), hsForm.getInstanceId?.() ?? null);
    }
    for (const form of doc.querySelectorAll('form.hs-form[data-form-id]')) {
      const formId = form.dataset.formId;
      if (!boundRecord(form) && wanted(options, formId)) track(form, { kind: 'legacy', formId });
    }
  });

  return {
    detach() {
      win.removeEventListener('hs-form-event:on-ready', onReady);
      win.removeEventListener('hs-form-event:on-submission:success', onSuccess);
      win.removeEventListener('message', onMessage);
      for (const record of [...records]) record.detach();
    },
  };
}
