// Live qualification in web forms: `attachForm(form, options)` scores the lead while the visitor
// types — at most once per animation frame, in the browser, with no server round-trip.
//
// The decisions (lead from answers, next question, conditional questions, submit outcome) are made
// in wasm (`FormSession`, core::form); this file is the DOM side: reading controls, showing and
// hiding questions, writing hidden inputs, the enrichment hook. leadlens never blocks or delays a
// submission: if it cannot load or score, the form behaves as if it were not there.

import { LeadlensError } from './web.js';
// Its own small bundle (scoring + forms), so landing pages download neither the panel nor more.
import initFormWasm, { FormSession } from './leadlens_form_wasm.js';

const HIDDEN_NAMES = [
  'leadlens_fit',
  'leadlens_intent',
  'leadlens_route',
  'leadlens_disqualification',
  'leadlens_model_version',
];

let loading;

/** Loads the form bundle once; a failed load can be retried by the next attachForm. */
function loadWasm(input) {
  loading ??= initFormWasm(input === undefined ? undefined : { module_or_path: input }).catch((error) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

function toError(error) {
  if (error instanceof Error && error.name === 'LeadlensError' && !(error instanceof LeadlensError)) {
    return new LeadlensError(error.message, { code: error.code, path: error.path, problems: error.problems });
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** `now` option → ms since the epoch (NaN-free), evaluated at each score. */
function nowMs(now) {
  if (now === undefined || now === null) return Date.now();
  const ms = now instanceof Date ? now.getTime() : typeof now === 'number' ? now : Date.parse(now);
  if (!Number.isFinite(ms)) {
    throw new LeadlensError(`now: expected a Date, an RFC 3339 string or milliseconds, got ${String(now)}`, {
      code: 'invalid_now',
    });
  }
  return ms;
}

/** `data-leadlens-show` → a rule: `likely_buyer`, `fit>=60`, `unless:student,job_seeker`. */
function parseShowAttribute(text) {
  const value = text.trim();
  if (value === 'likely_buyer') return 'likely_buyer';
  const fit = value.match(/^fit\s*>=\s*(\d+)$/);
  if (fit) return { fit_at_least: Number(fit[1]) };
  const unless = value.match(/^unless:(.+)$/);
  if (unless) return { unless: unless[1].split(',').map((code) => code.trim()).filter(Boolean) };
  return null;
}

/** The element to show or hide for a conditional field: its marked wrapper, else its label's. */
function wrapperOf(form, name) {
  const marked = form.querySelector(`[data-leadlens-show][data-leadlens-field="${CSS.escape(name)}"]`);
  if (marked) return marked;
  const control = form.elements.namedItem(name);
  const element = control instanceof RadioNodeList ? control[0] : control;
  if (!element) return null;
  return element.closest('[data-leadlens-show]') ?? element.closest('label, .field, .hs-form-field, .mktoFormRow') ?? element;
}

/** The form's answers as `[name, value]` pairs in form order (what a submission would send). */
function controlValues(form, skip) {
  const values = [];
  for (const element of form.elements) {
    const { name, type } = element;
    if (!name || skip.has(name) || element.disabled) continue;
    if (type === 'submit' || type === 'button' || type === 'reset' || type === 'file' || type === 'image') continue;
    if (type === 'radio') {
      if (element.checked) values.push([name, element.value]);
      else if (!values.some(([n]) => n === name)) values.push([name, '']);
      continue;
    }
    if (type === 'checkbox') {
      values.push([name, element.checked ? element.value || 'on' : 'off']);
      continue;
    }
    if (element instanceof HTMLSelectElement && element.multiple) {
      values.push([name, [...element.selectedOptions].map((o) => o.value).join(', ')]);
      continue;
    }
    values.push([name, String(element.value ?? '')]);
  }
  // A radio group met first unchecked and later checked appears once, with the checked value.
  const seen = new Map();
  for (const [name, value] of values) if (!seen.has(name) || value !== '') seen.set(name, value);
  return [...seen];
}

/**
 * Binds a form: scores as the visitor types. See form.d.ts.
 * @param {HTMLFormElement} form
 * @param {import('./form.js').AttachFormOptions} [options]
 */
export function attachForm(form, options = {}) {
  if (!(form instanceof HTMLFormElement)) {
    throw new TypeError('attachForm: expected an HTMLFormElement');
  }
  const { onResult, onSubmit, onError } = options;
  const hiddenNames = Object.fromEntries(
    HIDDEN_NAMES.map((name) => [name, options.hiddenFields && typeof options.hiddenFields === 'object' ? options.hiddenFields[name] ?? name : name]),
  );
  const writeHiddenInputs = options.hiddenFields !== false;
  const created = [];
  const skip = new Set(writeHiddenInputs ? Object.values(hiddenNames) : []);

  // Conditional questions: options first, then data-leadlens-show attributes.
  const conditional = { ...(options.conditional ?? {}) };
  for (const element of form.querySelectorAll('[data-leadlens-show]')) {
    const name = element.dataset.leadlensField ?? element.querySelector('[name]')?.getAttribute('name') ?? element.getAttribute('name');
    const rule = parseShowAttribute(element.dataset.leadlensShow);
    if (name && rule && !(name in conditional)) conditional[name] = rule;
  }

  let session = null;
  let last = null;
  let frame = 0;
  let detached = false;
  let enrichDomain = null;
  let enrichToken = 0;
  let failed = false;

  /** Tells the page; `fatal` errors mean leadlens is not scoring this form. */
  const report = (error, fatal = true) => {
    if (fatal) failed = true;
    try {
      onError?.(toError(error));
    } catch {
      // A failing error handler must not break the page's form.
    }
  };

  const readValues = () => (options.readValues ? options.readValues() : controlValues(form, skip));

  // Per keystroke work stays small: wrappers are looked up once, and hidden values are written
  // only when they change (a platform may re-dispatch input events for every write).
  const wrappers = new Map();
  /** A conditional question's wrapper and its named controls, looked up once. */
  const question = (name) => {
    let found = wrappers.get(name);
    if (found === undefined || (found !== null && !found.element.isConnected)) {
      const element = wrapperOf(form, name);
      found = element && { element, controls: element.matches('[name]') ? [element] : [...element.querySelectorAll('[name]')] };
      wrappers.set(name, found);
    }
    return found;
  };
  const wrapper = (name) => question(name)?.element ?? null;
  let written = '';

  const writeHidden = (hidden) => {
    if (!writeHiddenInputs) return;
    const key = JSON.stringify(hidden);
    if (key === written) return;
    written = key;
    const renamed = Object.fromEntries(Object.entries(hidden).map(([key, value]) => [hiddenNames[key], value]));
    if (options.writeHidden) {
      options.writeHidden(renamed);
      return;
    }
    for (const [name, value] of Object.entries(renamed)) {
      let input = form.elements.namedItem(name);
      if (!input) {
        input = document.createElement('input');
        input.type = 'hidden';
        input.name = name;
        form.append(input);
        created.push(input);
      }
      input.value = value;
    }
  };

  /** Conditional fields that must stay: focused, or answered. */
  const sticky = (values) =>
    Object.keys(conditional).filter((name) => {
      if (wrapper(name)?.contains(document.activeElement)) return true;
      const answer = values.find(([n]) => n === name)?.[1] ?? '';
      return answer !== '' && answer !== 'off';
    });

  const applyConditional = (shown) => {
    for (const [name, visible] of Object.entries(shown)) {
      const found = question(name);
      if (!found) continue;
      // Only real changes touch the DOM (each write can cost a style recalculation).
      if (found.element.hidden === visible) found.element.hidden = !visible;
      // Hidden questions are not sent: their controls are disabled while hidden.
      for (const control of found.controls) if (control.disabled === visible) control.disabled = !visible;
    }
  };

  const maybeEnrich = (lead) => {
    if (!options.enrich) return;
    // The domain the visitor gave (a company domain field, or their email's), never one an
    // earlier enrichment filled in.
    const company = lead.company ?? {};
    const typedDomain = company.enriched_fields?.includes('domain') ? null : company.domain;
    const domain = (typedDomain ?? (lead.contact?.email ?? '').split('@')[1] ?? '').trim().toLowerCase();
    if (!domain.includes('.') || domain === enrichDomain) return;
    enrichDomain = domain;
    const token = ++enrichToken;
    // Async and never awaited by scoring or submission: a slow or failing hook changes nothing
    // but a report to onError. The answer counts only while the visitor stays at that domain.
    Promise.resolve()
      .then(() => options.enrich(domain))
      .then((found) => {
        if (detached || token !== enrichToken || !found || typeof found !== 'object') return;
        session.setEnrichment(domain, JSON.stringify(found));
        schedule();
      })
      .catch((error) => report(error, false));
  };

  const run = () => {
    frame = 0;
    if (!session || detached) return last;
    try {
      const values = readValues();
      const text = session.update(JSON.stringify(values), JSON.stringify(sticky(values)), nowMs(options.now));
      last = JSON.parse(text);
      applyConditional(last.shown);
      writeHidden(last.hidden);
      maybeEnrich(last.lead);
      form.dispatchEvent(new CustomEvent('leadlens-result', { detail: last }));
      onResult?.(last);
    } catch (error) {
      report(error);
    }
    return last;
  };

  const schedule = () => {
    if (frame || detached || !session) return;
    frame = requestAnimationFrame(run);
  };

  const onSubmitEvent = () => {
    // Synchronous: the hidden inputs must hold the final values before the browser reads the form.
    // Nothing here can cancel or delay the submission.
    if (!session || detached) return;
    if (frame) cancelAnimationFrame(frame);
    written = ''; // the submission gets fresh hidden values even if something reset them
    const result = run();
    if (result) {
      try {
        onSubmit?.(result.submit, result);
      } catch (error) {
        report(error);
      }
    }
  };

  const onFocusOut = () => schedule();
  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
  form.addEventListener('focusout', onFocusOut);
  form.addEventListener('submit', onSubmitEvent);

  const ready = loadWasm(options.wasm)
    .then(() => {
      if (detached) return null;
      session = new FormSession(
        JSON.stringify({
          model: typeof options.model === 'string' ? JSON.parse(options.model) : options.model ?? null,
          fields: options.fields ?? {},
          knownLead: options.knownLead ?? null,
          formType: options.formType ?? null,
          leadId: options.leadId ?? 'form',
          conditional,
        }),
      );
      const problems = JSON.parse(session.mappingProblems());
      if (problems.length > 0) {
        // Still usable with the other fields: reported, not fatal.
        const message = `fields: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`;
        report(new LeadlensError(message, { code: 'invalid_field', path: 'fields' }), false);
      }
      return run();
    })
    .catch((error) => {
      report(error);
      return null;
    });

  return {
    get result() {
      return last;
    },
    ready,
    get failed() {
      return failed;
    },
    rescore() {
      if (frame) cancelAnimationFrame(frame);
      return run();
    },
    detach() {
      detached = true;
      if (frame) cancelAnimationFrame(frame);
      form.removeEventListener('input', schedule);
      form.removeEventListener('change', schedule);
      form.removeEventListener('focusout', onFocusOut);
      form.removeEventListener('submit', onSubmitEvent);
      for (const input of created) input.remove();
      // Questions hidden by leadlens come back: without it, the page's own form is complete.
      for (const name of Object.keys(conditional)) {
        const wrapper = wrapperOf(form, name);
        if (!wrapper) continue;
        wrapper.hidden = false;
        for (const control of wrapper.matches('[name]') ? [wrapper] : wrapper.querySelectorAll('[name]')) control.disabled = false;
      }
      session?.free();
      session = null;
    },
  };
}
