// @ts-check
// The module of the HTML web resource leadlens_panel.html, which sits on the lead form. The form's
// OnLoad (leadlens_onload.js) hands over Xrm and the form context through setClientApiContext, the
// documented way for a web resource to reach the form (getContentWindow); this module then loads
// the panel and points it at the form's lead.
//
// ./pkg/ holds the package's files, uploaded as web resources next to this one (docs/hosts/
// dynamics.md lists them); here, and in the tests, it links to node_modules/leadlens (test.sh).
// Relative paths, not an import map: an inline script would need a CSP exception.
import { dynamicsFormHost } from './pkg/hosts/dynamics.js';

/**
 * The LeadHost for the form's lead. Options as in docs/hosts/dynamics.md; e.g. your publisher
 * prefix for the custom columns: `{ prefix: 'contoso_' }`.
 * @param {import('./pkg/hosts/dynamics.js').DynamicsXrm} xrm
 * @param {import('./pkg/hosts/dynamics.js').DynamicsFormContext} formContext
 * @param {Partial<import('./pkg/hosts/dynamics.js').DynamicsFormHostOptions>} [options]
 */
export function formHost(xrm, formContext, options = {}) {
  return dynamicsFormHost({ ...options, Xrm: xrm, formContext });
}

/** @type {{ formContext: unknown, panel: Promise<HTMLElement> } | undefined} */
let mounted;

/**
 * Loads the panel's wasm from its base64 web resource (a web resource cannot be a .wasm file),
 * defines <leadlens-panel> and shows the form's lead in `container`. Called again for the same
 * form (the form re-runs OnLoad after a refresh or a tab switch), it keeps the panel it has; for a
 * new form context it re-points the panel.
 * @param {import('./pkg/hosts/dynamics.js').DynamicsXrm} xrm
 * @param {import('./pkg/hosts/dynamics.js').DynamicsFormContext} formContext
 * @param {{ container?: HTMLElement, options?: Partial<import('./pkg/hosts/dynamics.js').DynamicsFormHostOptions> }} [where]
 */
export function mountPanel(xrm, formContext, { container, options } = {}) {
  if (mounted?.formContext === formContext) return mounted.panel;
  const previous = mounted?.panel;
  const panel = (async () => {
    const [{ definePanel }, { wasmBytes }] = await Promise.all([import('./pkg/panel.js'), import('./leadlens_panel_wasm_base64.js')]);
    // Instantiated from bytes, asynchronously: no .wasm URL to fetch, and no main-thread size
    // limit on synchronous compilation.
    await definePanel({ wasm: wasmBytes() });
    const element = (previous && (await previous.catch(() => undefined))) ?? document.createElement('leadlens-panel');
    if (!element.isConnected) (container ?? document.getElementById('leadlens') ?? document.body).append(element);
    /** @type {import('./pkg/panel.js').LeadlensPanel} */ (element).host = formHost(xrm, formContext, options);
    return element;
  })();
  mounted = { formContext, panel };
  // A failed start (say, the wasm web resource is missing) is tried again on the next OnLoad.
  panel.catch(() => {
    if (mounted?.panel === panel) mounted = undefined;
  });
  return panel;
}

/** Shows why the panel could not start, as text (never markup from an error message). */
function showError(/** @type {unknown} */ error) {
  const box = document.getElementById('leadlens') ?? document.body;
  const message = document.createElement('p');
  message.setAttribute('role', 'alert');
  message.textContent = `LeadLens could not start: ${error instanceof Error ? error.message : String(error)}`;
  box.replaceChildren(message);
}

// The hand-off the form's OnLoad calls on this web resource's window.
/** @type {any} */ (globalThis).setClientApiContext = (/** @type {any} */ xrm, /** @type {any} */ formContext) =>
  mountPanel(xrm, formContext).catch(showError);
