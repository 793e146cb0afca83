// What the platform bindings (`leadlens/forms/hubspot`, `leadlens/forms/marketo`) share. Internal: not
// an export of the package. Two rules hold everywhere here: nothing leadlens does may throw into a
// platform's callback (a throw there can abort the visitor's submission), and a form element is
// bound at most once per page, whichever binding saw it first.

/** Form elements bound by any platform binding on this page → the owner's record. */
const bound = new WeakMap();

/** The record of a bound form element, or undefined. */
export function boundRecord(element) {
  return bound.get(element);
}

export function remember(element, record) {
  bound.set(element, record);
}

export function forget(element, record) {
  if (bound.get(element) === record) bound.delete(element);
}

/** Reports an error through `options.onError`; a throwing handler is swallowed (see above). */
export function report(options, error) {
  try {
    options.onError?.(error instanceof Error ? error : new Error(String(error)));
  } catch {
    // The page's own handler failed; there is nobody left to tell.
  }
}

/** Runs `fn`, reporting instead of throwing; returns its value or undefined. */
export function safely(options, fn) {
  try {
    return fn();
  } catch (error) {
    report(options, error);
    return undefined;
  }
}

/**
 * The options `attachForm` gets from a binding: the page's options minus what the binding handles
 * itself. The binding decides when a submission happens (the platform tells it), so `onSubmit` is
 * never given to `attachForm`: a platform's own submit handling would otherwise report it twice or
 * at the wrong moment.
 */
export function attachOptions(options, overrides) {
  const { onSubmit: _onSubmit, onSubmitted: _onSubmitted, formIds: _formIds, ...rest } = options;
  const merged = { ...rest, ...overrides };
  // attachForm calls a given writeHidden even with `hiddenFields: false`; the page said none.
  if (options.hiddenFields === false) delete merged.writeHidden;
  return merged;
}

/** Whether the page asked for this form (no `formIds` means every form). */
export function wanted(options, formId) {
  if (options.formIds === undefined || options.formIds === null) return true;
  const ids = Array.isArray(options.formIds) ? options.formIds : [options.formIds];
  return ids.some((id) => String(id) === String(formId));
}

/** Calls the page's `onSubmit` with the outcome; never throws. No result (leadlens did not load): no call. */
export function notifySubmit(options, result) {
  if (!result) return;
  safely(options, () => options.onSubmit?.(result.submit, result));
}

/** Calls the page's `onSubmitted`; returns what it returned (Marketo gives `false` a meaning). */
export function notifySubmitted(options, result, details) {
  if (!result) return undefined;
  return safely(options, () => options.onSubmitted?.(result.submit, result, details));
}

/**
 * A `writeHidden` that only passes on values that changed since the last write. Platforms are
 * told about every write (HubSpot needs an `input` event per change, Marketo rewrites its hidden
 * inputs), and a write that triggers an `input` event makes `attachForm` score again: writing only
 * changes ends that loop after one round and keeps the platform quiet while nothing changes.
 */
export function changedOnly(write) {
  const last = new Map();
  return (values) => {
    const changed = {};
    let any = false;
    for (const [name, value] of Object.entries(values ?? {})) {
      const text = value === null || value === undefined ? '' : String(value);
      if (last.get(name) === text) continue;
      last.set(name, text);
      changed[name] = text;
      any = true;
    }
    if (any) write(changed);
  };
}

/**
 * Sets a form control's value the way HubSpot's docs ask for programmatic changes (value, then a
 * bubbling `input` and `change` event), so a form that keeps its state in a framework sees it.
 */
export function setControlValue(control, value) {
  if (control.value === value) return;
  control.value = value;
  control.dispatchEvent(new Event('input', { bubbles: true }));
  control.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Named controls of a form, by exact name, without CSS-escaping names such as `0-1/email`. */
export function controlNamed(form, name) {
  for (const control of form.elements) if (control.name === name) return control;
  return null;
}

/**
 * `[name, value]` pairs of a form's controls in form order, read as `attachForm` reads a form by
 * default (unchecked checkbox "off", multi-selects joined, buttons and files left out), with each
 * name passed through `rename`. For forms whose field names need translating.
 */
export function controlPairs(form, rename = (name) => name) {
  const values = new Map();
  for (const control of form.elements) {
    const { name, type } = control;
    if (!name || control.disabled) continue;
    if (type === 'submit' || type === 'button' || type === 'reset' || type === 'file' || type === 'image') continue;
    const key = rename(name);
    if (type === 'radio') {
      if (control.checked) values.set(key, control.value);
      else if (!values.has(key)) values.set(key, '');
    } else if (type === 'checkbox') {
      values.set(key, control.checked ? control.value || 'on' : 'off');
    } else if (control instanceof HTMLSelectElement && control.multiple) {
      values.set(key, [...control.selectedOptions].map((o) => o.value).join(', '));
    } else {
      values.set(key, String(control.value ?? ''));
    }
  }
  return [...values];
}

/** The form element behind a callback argument: the element itself or a jQuery-like wrapper. */
export function formElementOf(value) {
  if (value instanceof HTMLFormElement) return value;
  // jQuery objects are array-likes of elements; `.get(0)` is the documented accessor.
  const first = value?.[0] ?? (typeof value?.get === 'function' ? value.get(0) : undefined);
  if (first instanceof HTMLFormElement) return first;
  // A wrapper around a container (some embeds pass the wrapper div): its first form.
  const inner = first instanceof Element ? first.querySelector('form') : null;
  return inner instanceof HTMLFormElement ? inner : null;
}
