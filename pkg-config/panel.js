// <leadlens-panel>: the evidence panel and decision form, rendered by the wasm module.
//
// Custom elements must be JS classes, so this file is the thin part: it forwards properties,
// attributes and lifecycle callbacks to the Rust `PanelView`, which owns the shadow DOM.
//
//   import { definePanel } from 'leadlens/panel';
//   await definePanel();                 // loads the wasm (once) and defines <leadlens-panel>
//   panel.host = myCrmHost;              // or: panel.lead = { id: 'L-1', … }

import { LeadlensError } from './web.js';
// Its own bundle: the scoring core plus the panel, so pages that only score stay small.
import initPanelWasm, { PanelView } from './leadlens_panel_wasm.js';

let loading;

/** Loads the panel's wasm once; a failed load can be retried. */
function loadWasm(input) {
  loading ??= initPanelWasm(input === undefined ? undefined : { module_or_path: input }).catch((error) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

const PROPERTIES = ['lead', 'host', 'model', 'now', 'reviewer'];

/** `now` → milliseconds since the epoch, or NaN for "the current time at each score". */
function nowMs(value) {
  if (value === null || value === undefined || value === '') return NaN;
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw new LeadlensError(`now: expected a Date, an RFC 3339 string or milliseconds, got ${String(value)}`, {
      code: 'invalid_now',
    });
  }
  return ms;
}

export class LeadlensPanel extends HTMLElement {
  static observedAttributes = ['lead', 'now', 'reviewer'];

  #view;
  #values = { lead: null, host: null, model: null, now: null, reviewer: null };

  constructor() {
    super();
    this.#view = new PanelView(this, this.attachShadow({ mode: 'open' }));
  }

  connectedCallback() {
    // Properties assigned before the element was upgraded sit on the instance and shadow the
    // accessors; move them through the setters (the standard "lazy property" upgrade).
    for (const name of PROPERTIES) {
      if (Object.prototype.hasOwnProperty.call(this, name)) {
        const value = this[name];
        delete this[name];
        this[name] = value;
      }
    }
    this.#view.connect();
  }

  disconnectedCallback() {
    this.#view.disconnect();
  }

  attributeChangedCallback(name, _old, value) {
    if (name === 'lead') {
      // Attribute form: JSON text. Bad JSON is reported like any bad lead (leadlens-error).
      this.#values.lead = value;
      this.#view.setLead(value);
    } else if (name === 'now') {
      this.now = value;
    } else if (name === 'reviewer') {
      this.#values.reviewer = value;
      this.#view.setReviewer(value ?? undefined);
    }
  }

  /** The lead to score when no host is attached (object or JSON text). */
  get lead() {
    return this.#values.lead;
  }
  set lead(value) {
    this.#values.lead = value ?? null;
    this.#view.setLead(value ?? null);
  }

  /** A LeadHost: the panel reads the lead from it and posts decisions through it. */
  get host() {
    return this.#values.host;
  }
  set host(value) {
    this.#values.host = value ?? null;
    this.#view.setHost(value ?? null);
  }

  /** A model object or JSON text; null for the embedded default model. */
  get model() {
    return this.#values.model;
  }
  set model(value) {
    this.#values.model = value ?? null;
    this.#view.setModel(value ?? null);
  }

  /** When to score (Date, RFC 3339 string or ms); null means the current time. */
  get now() {
    return this.#values.now;
  }
  set now(value) {
    let ms;
    try {
      ms = nowMs(value);
    } catch (error) {
      this.dispatchEvent(
        new CustomEvent('leadlens-error', {
          detail: { code: error.code, message: error.message },
          bubbles: true,
          composed: true,
        }),
      );
      return;
    }
    this.#values.now = value ?? null;
    this.#view.setNow(ms);
  }

  /** The reviewer's user id when the host does not provide `reviewer`. */
  get reviewer() {
    return this.#values.reviewer;
  }
  set reviewer(value) {
    this.#values.reviewer = value ?? null;
    this.#view.setReviewer(value ?? undefined);
  }

  /** The last ScoredLead shown, or null. */
  get result() {
    const json = this.#view.resultJson();
    return json === undefined ? null : JSON.parse(json);
  }

  /** Re-reads the lead from the host (or re-scores the lead set directly). */
  refresh() {
    this.#view.refresh();
  }
}

/**
 * Loads the wasm module (unless already loaded) and defines the element. Safe to call repeatedly.
 * @param {{ name?: string, wasm?: import('./index.js').InitInput }} [options]
 */
export async function definePanel({ name = 'leadlens-panel', wasm } = {}) {
  await loadWasm(wasm);
  if (!customElements.get(name)) {
    // One class can back one name only; further names get a subclass.
    customElements.define(name, customElements.getName?.(LeadlensPanel) ? class extends LeadlensPanel {} : LeadlensPanel);
  }
  return customElements.get(name);
}
