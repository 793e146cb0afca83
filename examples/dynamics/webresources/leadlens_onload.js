// @ts-check
// Form library of the lead form: register LeadLens.onLoad as the form's OnLoad handler with
// "Pass execution context as first parameter". It hands Xrm and the form context to the HTML web
// resource that shows the panel (control name WebResource_leadlens by default), the documented
// way to share them (formContext.getControl(name).getContentWindow()). A classic script: form
// libraries are not modules.
/* global Xrm */
/** @type {{ webResourceControl: string, onLoad(executionContext: Xrm.Events.EventContext): Promise<unknown> }} */
var LeadLens = /** @type {any} */ (globalThis).LeadLens || {};

/** The name of the web resource control on the form. */
LeadLens.webResourceControl = 'WebResource_leadlens';

/**
 * @param {Xrm.Events.EventContext} executionContext
 * @returns {Promise<unknown>}
 */
LeadLens.onLoad = function (executionContext) {
  var formContext = executionContext.getFormContext();
  var control = /** @type {Xrm.Controls.IframeControl | null} */ (formContext.getControl(LeadLens.webResourceControl));
  if (!control || typeof control.getContentWindow !== 'function') {
    return Promise.resolve(); // the web resource is not on this form
  }
  return Promise.resolve(control.getContentWindow()).then(function (contentWindow) {
    // The web resource may still be loading its module: it defines the function when it runs.
    var target = /** @type {any} */ (contentWindow);
    if (typeof target.setClientApiContext === 'function') {
      return target.setClientApiContext(Xrm, formContext);
    }
    if (target.document && target.document.readyState === 'complete') {
      return undefined; // loaded without the hand-off: the web resource shows its own error
    }
    return new Promise(function (resolve) {
      target.addEventListener('load', function () {
        resolve(typeof target.setClientApiContext === 'function' ? target.setClientApiContext(Xrm, formContext) : undefined);
      }, { once: true });
    });
  });
};
