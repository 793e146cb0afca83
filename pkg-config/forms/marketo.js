// leadlens/forms/marketo: live scoring in Marketo Forms 2.0 embeds, on top of `attachForm`.
//
// Behaviour follows Marketo's Forms 2.0 JavaScript API docs:
//   https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/javascriptapi/forms-api-reference
//     (MktoForms2.whenReady: once per form that is ready, at once for forms already ready;
//     form.getFormElem(): the jQuery-wrapped <form>; getValues(); addHiddenFields(values);
//     onValidate(cb(nativeValid)); submittable(); onSubmit(cb(form)); onSuccess(cb(values,
//     followUpUrl)), where returning false stops Marketo from going to the follow-up page)
//   https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/javascriptapi/examples
//     (onSuccess returning false only when the page takes over the follow-up)
//   https://blog.teknkl.com/beware-the-form-submittable-true-footgun (why a helper must never call
//     submittable(): validators chain, and one helper's `true` can undo another's `false`)
//
// Marketo keeps what `addHiddenFields` sets only for fields that exist in the instance: the
// marketer creates custom fields for the leadlens values and, when their API names differ from
// `leadlens_fit` etc., maps them with `hiddenFields: { leadlens_fit: 'leadlensFit', … }`.
//
// Marketo has no way to remove callbacks, so after `detach()` ours stay registered but do nothing.

import { attachForm } from '../form.js';
import {
  attachOptions,
  boundRecord,
  changedOnly,
  forget,
  formElementOf,
  notifySubmit,
  notifySubmitted,
  remember,
  report,
  safely,
  wanted,
} from './common.js';

/** `form.getValues()` (field → value) as the `[name, value]` pairs `attachForm` reads. */
function valuePairs(values) {
  const pairs = [];
  for (const [name, value] of Object.entries(values ?? {})) {
    if (value === null || value === undefined) continue;
    // Multi-select and checkbox lists come back as arrays; Marketo submits them joined by ';'.
    pairs.push([name, Array.isArray(value) ? value.join(';') : String(value)]);
  }
  return pairs;
}

function bindForm(mktoForm, options, owner) {
  const formId = safely(options, () => mktoForm.getId?.()) ?? '';
  if (!wanted(options, formId)) return null;
  const form = formElementOf(safely(options, () => mktoForm.getFormElem()));
  if (!form) {
    report(options, new TypeError(`leadlens: Marketo form ${formId} has no form element (getFormElem()[0])`));
    return null;
  }
  if (boundRecord(form)) return null;

  const binding = attachForm(form, attachOptions(options, {
    readValues: () => valuePairs(mktoForm.getValues()),
    // addHiddenFields adds the inputs or updates them; Marketo submits them with the form.
    writeHidden: changedOnly((values) => mktoForm.addHiddenFields(values)),
  }));

  let live = true;
  const record = {
    owner,
    form,
    binding,
    submitted: null,
    detach() {
      if (!live) return;
      live = false;
      safely(options, () => binding.detach());
      forget(form, record);
    },
  };
  remember(form, record);

  // Before validation completes: the hidden values must be current whatever happens next. The
  // return value is ignored and submittable() is never touched: leadlens never stops a submission.
  mktoForm.onValidate(() => {
    if (live) safely(options, () => binding.rescore());
  });
  // Valid and about to be sent: the final score, hidden values written, the page told.
  mktoForm.onSubmit(() => {
    if (!live) return;
    record.submitted = safely(options, () => binding.rescore()) ?? binding.result;
    notifySubmit(options, record.submitted);
  });
  // Marketo accepted it. `false` stops Marketo's follow-up page, so it is returned only when the
  // page's onSubmitted returned false (it takes over); anything else lets Marketo continue.
  mktoForm.onSuccess((values, followUpUrl) => {
    if (!live) return undefined;
    const answer = notifySubmitted(options, record.submitted ?? binding.result, { values, followUpUrl });
    return answer === false ? false : undefined;
  });
  return record;
}

/**
 * Binds every Marketo form on the page, now and later, through `MktoForms2.whenReady`. Pass the
 * page's `MktoForms2` (the global the Marketo embed script defines). Marketo field names
 * (`FirstName`, `Email`, `Title`, `NumberOfEmployees`, …) map by default.
 *
 * - hidden values are written with `form.addHiddenFields` on every score and before validation;
 * - `onSubmit(outcome, result)` is called from `form.onSubmit` (valid, about to be sent);
 * - `onSubmitted(outcome, result, { values, followUpUrl })` from `form.onSuccess`; return false
 *   from it to stop Marketo's follow-up navigation (the page handles the follow-up).
 */
export function bindMarketoForms(MktoForms2, options = {}) {
  if (!MktoForms2 || typeof MktoForms2.whenReady !== 'function') {
    throw new TypeError('leadlens: bindMarketoForms needs the MktoForms2 object of the Marketo embed script');
  }
  const owner = Symbol('bindMarketoForms');
  const records = [];
  let active = true;
  MktoForms2.whenReady((mktoForm) => {
    if (!active) return;
    const record = safely(options, () => bindForm(mktoForm, options, owner));
    if (record) records.push(record);
  });
  return {
    detach() {
      active = false;
      for (const record of records.splice(0)) record.detach();
    },
  };
}
