// A fake of HubSpot's embedded forms for the leadlens platform tests, written from HubSpot's public
// docs so the bindings are tested against the same callback names, arguments, events and payloads
// the real embeds use. Which behaviour comes from which page:
//
// Legacy embed (`hbspt.forms.create`):
//   https://developers.hubspot.com/docs/cms/start-building/features/forms/legacy-forms
//   - config `portalId`, `formId`, `target` (a CSS selector the form is rendered into);
//   - callbacks `onBeforeFormInit(ctx)` (the config), `onFormReady($form)`,
//     `onBeforeFormSubmit($form, submissionValues[])`, `onFormSubmit($form)` (after validation,
//     just before the data is sent; changes made here are sent, not validated),
//     `onFormSubmitted($form, { redirectUrl, submissionValues })`;
//   - `$form` is a jQuery object when jQuery is on the page, the form element otherwise;
//   - the same moments as global messages: `window.postMessage({ type: 'hsFormCallback',
//     eventName, id: formGuid, data })`, `data` being `[{ name, value }]` for the submit events and
//     `{ redirectUrl, submissionValues }` for onFormSubmitted;
//   - values set by script register only with an `input`/`change` event (the form keeps its own
//     state): here too, so a binding that sets `.value` silently is caught;
//   - rendered markup: `form.hs-form.hsForm_<guid>[data-form-id][data-portal-id]`, inputs named by
//     property (`firstname`), hidden fields as `<input type="hidden">`, a thank-you message
//     (`.submitted-message`) replacing the form after submission.
// Current embed (updated forms editor, raw HTML `<div class="hs-form-html" data-form-id …>`, or the
// iframe embed `<div class="hs-form-frame" …>` whose form the page cannot reach):
//   https://developers.hubspot.com/docs/api-reference/latest/marketing/forms/global-form-events
//   - `window` CustomEvents `hs-form-event:on-ready` and `hs-form-event:on-submission:success` with
//     `detail: { formId, instanceId }`;
//   - `HubSpotFormsV4.getForms()`, `HubSpotFormsV4.getFormFromEvent(event)`; form objects with
//     `getFormId()`, `getInstanceId()`, `getFormFieldValues()` (a promise of `[{ name, value }]`),
//     `getFieldValue(name)` (a promise), `setFieldValue(name, value)`, `getConversionId()`,
//     `getRedirectUrl()`; field names `<objectTypeId>/<property>` (`0-1/email`);
//   - setFieldValue on a field that is not in the form does nothing.
//   https://developers.hubspot.com/docs/api-reference/latest/marketing/forms/guide
//   - only fields of the form definition are submitted; objectTypeId 0-1 is the contact.
//
// Deliberate differences: definitions come from `defineForm` instead of HubSpot's servers, the
// "network" is a timer, nothing is styled (HubSpot injects styles; the test pages run under a
// strict CSP), and redirects are recorded instead of followed. Test hooks live on
// `window.__hubspotFake` and the exports; the API surface is only what the docs describe.

const definitions = new Map();
/** Every submission HubSpot "received": `{ embed, formId, portalId, instanceId?, fields: [{ name, value }] }`. */
const submissions = [];
const currentForms = [];
let instanceCounter = 0;

/**
 * Defines a form as HubSpot's servers would return it. `fields`: `[{ name, label, type, required,
 * options }]` with `type` one of text, email, tel, number, textarea, select, hidden.
 */
export function defineForm(formId, { fields, inlineMessage = 'Thanks for submitting the form.', redirectUrl = '' }) {
  definitions.set(formId, { fields, inlineMessage, redirectUrl });
}

function definitionOf(formId) {
  const definition = definitions.get(formId);
  if (!definition) throw new Error(`hubspot-fake: no form ${formId} (defineForm first)`);
  return definition;
}

/** A network round trip: HubSpot's callbacks and events never fire synchronously. */
const later = (fn) => setTimeout(fn, 10);

// ---------------------------------------------------------------------------------------------
// Rendering shared by both embeds

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

function control(field, name, id) {
  if (field.type === 'textarea') return element('textarea', { name, id, class: 'hs-input' });
  if (field.type === 'select') {
    return element('select', { name, id, class: 'hs-input' }, [
      element('option', { value: '', text: 'Please select' }),
      ...(field.options ?? []).map((o) => element('option', { value: o, text: o })),
    ]);
  }
  return element('input', { name, id, type: field.type ?? 'text', class: 'hs-input' });
}

/**
 * Renders the fields into `form` and returns the form's state: a Map of field name → value that
 * only `input`/`change` events (and, for the current embed, setFieldValue) update.
 */
function renderFields(form, fields, nameOf, idSuffix) {
  const state = new Map();
  for (const field of fields) {
    const name = nameOf(field);
    state.set(name, field.value ?? '');
    if (field.type === 'hidden') {
      form.append(element('input', { type: 'hidden', name, value: field.value ?? '' }));
      continue;
    }
    const id = `${field.name}-${idSuffix}`;
    const input = control(field, name, id);
    if (field.required) input.setAttribute('required', '');
    form.append(element('div', { class: `hs_${field.name} field hs-form-field` }, [
      element('label', { for: id, text: field.label + (field.required ? ' *' : '') }),
      element('div', { class: 'input' }, [input]),
    ]));
  }
  const register = (event) => {
    const target = event.target;
    if (target && state.has(target.name)) state.set(target.name, target.value);
  };
  form.addEventListener('input', register);
  form.addEventListener('change', register);
  return state;
}

/** Required fields filled, emails shaped like emails: HubSpot's client-side validation. */
function validate(form, fields, state, nameOf) {
  for (const old of form.querySelectorAll('.hs-error-msgs')) old.remove();
  let valid = true;
  for (const field of fields) {
    const value = (state.get(nameOf(field)) ?? '').trim();
    let message = null;
    if (field.required && value === '') message = 'Please complete this required field.';
    else if (field.type === 'email' && value !== '' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) {
      message = 'Email must be formatted correctly.';
    }
    if (message) {
      valid = false;
      const row = form.querySelector(`.hs_${CSS.escape(field.name)}`);
      row?.append(element('ul', { class: 'hs-error-msgs', role: 'alert' }, [element('li', { text: message })]));
    }
  }
  return valid;
}

/** Only fields of the definition are sent, from the form's state (not the DOM). */
function serialize(fields, state, nameOf) {
  return fields.map((field) => ({ name: nameOf(field), value: state.get(nameOf(field)) ?? '' }));
}

const asObject = (pairs) => Object.fromEntries(pairs.map(({ name, value }) => [name, value]));

function post(eventName, id, data) {
  const message = { type: 'hsFormCallback', eventName, id };
  if (data !== undefined) message.data = data;
  window.postMessage(message, '*');
}

// ---------------------------------------------------------------------------------------------
// Legacy embed: hbspt.forms.create

function create(config) {
  const { portalId, formId, target } = config;
  const definition = definitionOf(formId);
  const container = document.querySelector(target);
  if (!container) throw new Error(`hubspot-fake: target ${target} not found`);
  config.onBeforeFormInit?.(config);
  post('onBeforeFormInit', formId);

  later(() => {
    instanceCounter += 1;
    const wrapper = element('div', { class: 'hbspt-form', id: `hbspt-form-${instanceCounter}` });
    const form = element('form', {
      id: `hsForm_${formId}`,
      class: `hs-form stacked hsForm_${formId} hs-form-${formId} hs-form-${formId}_${instanceCounter}`,
      'data-form-id': formId,
      'data-portal-id': String(portalId),
      action: `https://forms.hubspot.com/uploads/form/v2/${portalId}/${formId}`,
      method: 'POST',
      novalidate: '',
      'accept-charset': 'UTF-8',
    });
    const nameOf = (field) => field.name;
    const state = renderFields(form, definition.fields, nameOf, `${formId}_${instanceCounter}`);
    form.append(element('div', { class: 'hs_submit hs-submit' }, [
      element('div', { class: 'actions' }, [element('input', { type: 'submit', class: 'hs-button primary large', value: 'Submit' })]),
    ]));
    wrapper.append(form);
    container.append(wrapper);
    // The documented argument: jQuery-wrapped when jQuery is on the page.
    const $form = typeof window.jQuery === 'function' ? window.jQuery(form) : form;

    // HubSpot's handler is delegated (React), so it runs after listeners on the form itself.
    wrapper.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!validate(form, definition.fields, state, nameOf)) return;
      const before = serialize(definition.fields, state, nameOf);
      config.onBeforeFormSubmit?.($form, before);
      post('onBeforeFormSubmit', formId, before);
      config.onFormSubmit?.($form);
      const sent = serialize(definition.fields, state, nameOf);
      post('onFormSubmit', formId, sent);
      submissions.push({ embed: 'legacy', formId, portalId: String(portalId), fields: sent });
      later(() => {
        const data = { redirectUrl: definition.redirectUrl, submissionValues: asObject(sent) };
        config.onFormSubmitted?.($form, data);
        post('onFormSubmitted', formId, data);
        wrapper.replaceChildren(element('div', { class: 'submitted-message', role: 'status', text: definition.inlineMessage }));
      });
    });

    config.onFormReady?.($form);
    post('onFormReady', formId);
  });
}

// ---------------------------------------------------------------------------------------------
// Current embed: <div class="hs-form-html"> + HubSpotFormsV4 + hs-form-event:* events

const CONTACT = '0-1';

function renderCurrent(container) {
  const formId = container.dataset.formId;
  const portalId = container.dataset.portalId ?? '';
  const definition = definitionOf(formId);
  instanceCounter += 1;
  const instanceId = `instance-${instanceCounter}-${formId}`;
  const nameOf = (field) => `${field.objectTypeId ?? CONTACT}/${field.name}`;
  const form = element('form', { 'data-hsfc-id': 'Form', novalidate: '' });
  const state = renderFields(form, definition.fields, nameOf, instanceId);
  form.append(element('button', { type: 'submit', class: 'hsfc-Button', text: 'Submit' }));
  container.replaceChildren(form);

  let conversionId;
  const api = {
    getFormId: () => formId,
    getInstanceId: () => instanceId,
    getFormFieldValues: () => Promise.resolve(serialize(definition.fields, state, nameOf)),
    getFieldValue: (name) => Promise.resolve(state.get(name)),
    setFieldValue(name, value) {
      if (!state.has(name)) return; // not a field of this form: silently nothing, as documented
      state.set(name, value);
      const input = [...form.elements].find((c) => c.name === name);
      if (input) input.value = value;
    },
    getConversionId: () => conversionId,
    getRedirectUrl: () => definition.redirectUrl,
  };
  currentForms.push(api);

  container.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!validate(form, definition.fields, state, nameOf)) return;
    const sent = serialize(definition.fields, state, nameOf);
    submissions.push({ embed: 'current', formId, portalId, instanceId, fields: sent });
    later(() => {
      conversionId = `conversion-${submissions.length}`;
      window.dispatchEvent(new CustomEvent('hs-form-event:on-submission:success', { detail: { formId, instanceId } }));
      container.replaceChildren(element('div', { class: 'hsfc-PostSubmit', role: 'status', text: definition.inlineMessage }));
    });
  });

  later(() => window.dispatchEvent(new CustomEvent('hs-form-event:on-ready', { detail: { formId, instanceId } })));
}

/**
 * The iframe embed (`<div class="hs-form-frame">`): the form lives in HubSpot's document inside an
 * iframe; the page gets the same events and HubSpotFormsV4 object, but no form element.
 */
function renderFramed(container) {
  const formId = container.dataset.formId;
  const definition = definitionOf(formId);
  instanceCounter += 1;
  const instanceId = `instance-${instanceCounter}-${formId}`;
  container.replaceChildren(element('iframe', { title: 'HubSpot form' }));
  const nameOf = (field) => `${field.objectTypeId ?? CONTACT}/${field.name}`;
  const state = new Map(definition.fields.map((field) => [nameOf(field), field.value ?? '']));
  currentForms.push({
    getFormId: () => formId,
    getInstanceId: () => instanceId,
    getFormFieldValues: () => Promise.resolve(serialize(definition.fields, state, nameOf)),
    getFieldValue: (name) => Promise.resolve(state.get(name)),
    setFieldValue(name, value) {
      if (state.has(name)) state.set(name, value);
    },
    getConversionId: () => undefined,
    getRedirectUrl: () => definition.redirectUrl,
  });
  later(() => window.dispatchEvent(new CustomEvent('hs-form-event:on-ready', { detail: { formId, instanceId } })));
}

/** What loading `https://js.hsforms.net/forms/embed/<portal>.js` does: render every container. */
export function loadDeveloperEmbed() {
  for (const container of document.querySelectorAll('.hs-form-html[data-form-id]')) {
    if (!container.querySelector('form')) renderCurrent(container);
  }
  for (const container of document.querySelectorAll('.hs-form-frame[data-form-id]')) {
    if (!container.querySelector('iframe')) renderFramed(container);
  }
}

window.hbspt = { forms: { create } };
window.HubSpotFormsV4 = {
  getForms: () => [...currentForms],
  getFormFromEvent: (event) => currentForms.find((f) => f.getInstanceId() === event?.detail?.instanceId) ?? null,
};

/** Test hooks: what HubSpot received. */
export const hubspotFake = { submissions };
window.__hubspotFake = hubspotFake;
