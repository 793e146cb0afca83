// The Marketo test page: defines the fake form, binds leadlens through the built package under
// /pkg/ (before the form loads, as whenReady allows either order), then loads the form.
import { bindMarketoForms } from '/pkg/forms/marketo.js';
import { defineForm } from './fakes/marketo-fake.js';
import { FIELDS, recordingOptions } from './record.js';

export const MUNCHKIN_ID = '785-UHP-775';
export const FORM_ID = 1057;

// Marketo's standard field API names; the leadlens values are added with addHiddenFields.
const NAMES = {
  first: 'FirstName', last: 'LastName', email: 'Email', company: 'Company', title: 'Title',
  employees: 'NumberOfEmployees', industry: 'Industry', country: 'Country', message: 'Comments',
};
defineForm(FORM_ID, { fields: FIELDS.map((f) => ({ ...f, name: NAMES[f.key] })), followUpUrl: 'https://example.com/thank-you' });

const params = new URLSearchParams(window.location.search);
const options = recordingOptions();
if (params.get('followup') === 'page') {
  const recordSubmitted = options.onSubmitted;
  options.onSubmitted = (...args) => {
    recordSubmitted(...args);
    document.getElementById('leadlens-status').textContent = 'Thanks! The page handles the follow-up.';
    return false;
  };
}
if (params.get('names') === 'api') {
  // Marketo custom fields get API names of their own; the marketer maps them.
  options.hiddenFields = {
    leadlens_fit: 'leadlensFit', leadlens_intent: 'leadlensIntent', leadlens_route: 'leadlensRoute',
    leadlens_disqualification: 'leadlensDisqualification', leadlens_model_version: 'leadlensModelVersion',
  };
}
bindMarketoForms(window.MktoForms2, options);
window.MktoForms2.loadForm('//app-ab00.marketo.com', MUNCHKIN_ID, FORM_ID);
