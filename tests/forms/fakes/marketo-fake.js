// A fake of Marketo's Forms 2.0 embed (`MktoForms2`) for the leadlens platform tests, written from
// Marketo's public docs so the binding is tested against the same methods, arguments and call
// order. Which behaviour comes from which page:
//
//   https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/javascriptapi/forms-api-reference
//   - MktoForms2.loadForm(baseUrl, munchkinId, formId, callback): renders into the page's
//     `<form id="mktoForm_<formId>">` and passes the Form object to the callback once loaded;
//   - MktoForms2.whenReady(callback): once per form that is ready ("exists, has been initially
//     rendered, and has had its initial callbacks called"), at once for forms already ready;
//     getForm(formId), allForms();
//   - Form: getId(), getFormElem() (jQuery-wrapped form element), getValues() (all fields, hidden
//     ones too), setValues(values), vals() / vals(values), addHiddenFields(values) (adds or updates
//     hidden inputs), validate(), submittable() / submittable(bool), allFieldsFilled(),
//     showErrorMessage(msg, elem), submit();
//   - onValidate(callback(nativeValid)), onSubmit(callback(form)), onSuccess(callback(values,
//     followUpUrl)); returning false from onSuccess keeps the visitor on the page;
//   https://experienceleague.adobe.com/en/docs/marketo-developer/marketo/javascriptapi/examples
//   - onSuccess returning false to hide the form or go elsewhere instead of the follow-up URL.
//   https://blog.teknkl.com/beware-the-form-submittable-true-footgun
//   - the submit sequence: built-in validation → every onValidate callback (told whether built-in
//     validation passed) → stop unless valid and submittable → onSubmit callbacks → values sent.
//
// Deliberate differences: form descriptors come from `defineForm` instead of Marketo's servers, the
// "network" is a timer, nothing is styled (Marketo injects styles; the test pages run under a
// strict CSP), and the follow-up navigation is recorded instead of followed so a test can look at
// the page afterwards. Test hooks live on `window.__marketoFake` and the exports.

const definitions = new Map();
/** Every submission Marketo "received": `{ formId, munchkinId, values }`. */
const submissions = [];
/** Follow-up URLs Marketo would have navigated to (no onSuccess callback returned false). */
const navigations = [];
const forms = [];
const readyForms = [];
const readyCallbacks = [];

/**
 * Defines a form descriptor. `fields`: `[{ name, label, type, required, options }]` with `type` one
 * of text, email, tel, textarea, select, hidden; `followUpUrl` is the thank-you page.
 */
export function defineForm(formId, { fields, followUpUrl = 'https://example.com/thank-you' }) {
  definitions.set(String(formId), { fields, followUpUrl });
}

const later = (fn) => setTimeout(fn, 10);

function element(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'text') node.textContent = value;
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

/** What Marketo hands out from getFormElem(): a jQuery wrapper (index 0 is the element). */
function jqueryLike(node) {
  return {
    0: node,
    length: 1,
    get: (index) => (index === 0 || index === undefined ? node : undefined),
    hide() { node.hidden = true; return this; },
    show() { node.hidden = false; return this; },
  };
}

function renderField(field) {
  if (field.type === 'hidden') return element('input', { type: 'hidden', name: field.name, value: field.value ?? '' });
  let input;
  if (field.type === 'textarea') input = element('textarea', { id: field.name, name: field.name, class: 'mktoField' });
  else if (field.type === 'select') {
    input = element('select', { id: field.name, name: field.name, class: 'mktoField' }, [
      element('option', { value: '', text: 'Select...' }),
      ...(field.options ?? []).map((o) => element('option', { value: o, text: o })),
    ]);
  } else input = element('input', { id: field.name, name: field.name, type: field.type ?? 'text', class: 'mktoField' });
  if (field.required) input.setAttribute('aria-required', 'true');
  return element('div', { class: 'mktoFormRow' }, [
    element('div', { class: 'mktoFieldDescriptor mktoFormCol' }, [
      element('div', { class: 'mktoFieldWrap' }, [
        element('label', { for: field.name, class: 'mktoLabel', text: field.label + (field.required ? ' *' : '') }),
        input,
      ]),
    ]),
  ]);
}

function makeForm(formId, munchkinId, node, definition) {
  const validateCallbacks = [];
  const submitCallbacks = [];
  const successCallbacks = [];
  let canSubmit = true;

  const named = (name) => [...node.elements].find((c) => c.name === name);

  const form = {
    getId: () => Number(formId),
    getFormElem: () => jqueryLike(node),
    getValues() {
      const values = {};
      for (const control of node.elements) {
        if (!control.name || control.disabled || control.type === 'submit') continue;
        values[control.name] = control.value;
      }
      return values;
    },
    setValues(values) {
      for (const [name, value] of Object.entries(values)) {
        const control = named(name);
        if (control) control.value = String(value);
      }
    },
    vals(values) {
      if (values === undefined) return form.getValues();
      form.setValues(values);
      return form;
    },
    addHiddenFields(values) {
      for (const [name, value] of Object.entries(values)) {
        let control = named(name);
        if (!control) {
          control = element('input', { type: 'hidden', name });
          node.append(control);
        }
        control.value = String(value);
      }
    },
    validate() {
      for (const old of node.querySelectorAll('.mktoError')) old.remove();
      for (const field of definition.fields) {
        const value = (named(field.name)?.value ?? '').trim();
        let message = null;
        if (field.required && value === '') message = 'This field is required.';
        else if (field.type === 'email' && value !== '' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) {
          message = 'Must be valid email. example@yourdomain.com';
        }
        if (message) {
          form.showErrorMessage(message, named(field.name));
          return false;
        }
      }
      return true;
    },
    submittable(value) {
      if (value === undefined) return canSubmit;
      canSubmit = Boolean(value);
      return form;
    },
    allFieldsFilled: () => definition.fields.every((f) => f.type === 'hidden' || (named(f.name)?.value ?? '') !== ''),
    showErrorMessage(message, target) {
      const error = element('div', { class: 'mktoError', role: 'alert', text: message });
      (target?.parentElement ?? node).append(error);
      return form;
    },
    onValidate(callback) { validateCallbacks.push(callback); return form; },
    onSubmit(callback) { submitCallbacks.push(callback); return form; },
    onSuccess(callback) { successCallbacks.push(callback); return form; },
    /** The documented sequence; a throwing callback aborts it, as in the real embed. */
    submit() {
      const nativeValid = form.validate();
      for (const callback of validateCallbacks) callback.call(form, nativeValid);
      if (!nativeValid || !canSubmit) return form;
      for (const callback of submitCallbacks) callback.call(form, form);
      const values = form.getValues();
      submissions.push({ formId: Number(formId), munchkinId, values });
      later(() => {
        let follow = true;
        for (const callback of successCallbacks) {
          if (callback.call(form, values, definition.followUpUrl) === false) follow = false;
        }
        if (follow) navigations.push(definition.followUpUrl); // the real embed sets location.href
      });
      return form;
    },
  };

  // The submit button and Enter go through the same sequence; the browser never posts the form.
  node.addEventListener('submit', (event) => {
    event.preventDefault();
    form.submit();
  });
  return form;
}

function loadForm(baseUrl, munchkinId, formId, callback) {
  const definition = definitions.get(String(formId));
  if (!definition) throw new Error(`marketo-fake: no form ${formId} (defineForm first)`);
  later(() => {
    const node = document.getElementById(`mktoForm_${formId}`);
    if (!node) throw new Error(`marketo-fake: <form id="mktoForm_${formId}"> not found`);
    node.classList.add('mktoForm');
    node.setAttribute('novalidate', '');
    node.replaceChildren(
      ...definition.fields.map(renderField),
      element('input', { type: 'hidden', name: 'formid', value: String(formId) }),
      element('input', { type: 'hidden', name: 'munchkinId', value: munchkinId }),
      element('div', { class: 'mktoButtonRow' }, [element('button', { type: 'submit', class: 'mktoButton', text: 'Submit' })]),
    );
    const form = makeForm(formId, munchkinId, node, definition);
    forms.push(form);
    callback?.(form);
    readyForms.push(form);
    for (const ready of readyCallbacks) ready(form);
  });
}

window.MktoForms2 = {
  loadForm,
  whenReady(callback) {
    readyCallbacks.push(callback);
    for (const form of readyForms) callback(form);
  },
  getForm: (formId) => forms.find((f) => f.getId() === Number(formId)) ?? null,
  allForms: () => [...forms],
};

/** Test hooks: what Marketo received and where it would have gone. */
export const marketoFake = { submissions, navigations };
window.__marketoFake = marketoFake;
