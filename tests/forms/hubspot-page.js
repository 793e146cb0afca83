// The HubSpot test page: defines the fake form, binds leadlens the way a site would (through the
// built package under /pkg/), then loads the form the way the chosen embed does.
import { bindHubSpotForms, hubspotFormCallbacks } from '/pkg/forms/hubspot.js';
import { defineForm, loadDeveloperEmbed } from './fakes/hubspot-fake.js';
import { FIELDS, recordingOptions } from './record.js';

export const PORTAL_ID = '4711001';
export const FORM_ID = '6e2f4c1a-8b3d-4f5e-9a7c-1d2e3f4a5b6c';

// HubSpot's default contact properties; the leadlens values as hidden custom properties, as the
// package README asks the marketer to add them.
const NAMES = {
  first: 'firstname', last: 'lastname', email: 'email', company: 'company', title: 'jobtitle',
  employees: 'numemployees', industry: 'industry', country: 'country', message: 'message',
};
const HIDDEN = ['leadlens_fit', 'leadlens_intent', 'leadlens_route', 'leadlens_disqualification', 'leadlens_model_version'];
const params = new URLSearchParams(window.location.search);
const omitHidden = params.get('hidden') === 'none';
defineForm(FORM_ID, {
  fields: [
    ...FIELDS.map((f) => ({ ...f, name: NAMES[f.key] })),
    ...(omitHidden ? [] : HIDDEN.map((name) => ({ name, type: 'hidden' }))),
  ],
});

if (params.get('jquery') === '1') {
  // Just enough jQuery for HubSpot to hand out `$form`: an array-like of elements with .get().
  window.jQuery = (node) => Object.assign([node], { jquery: 'fake', get: (i) => (i === undefined ? [node] : [node][i]) });
}

const options = recordingOptions();
const target = document.getElementById('form-target');
const embed = params.get('embed') ?? 'legacy';
if (embed === 'legacy') {
  window.hbspt.forms.create({ portalId: PORTAL_ID, formId: FORM_ID, target: '#form-target', ...hubspotFormCallbacks(options) });
} else if (embed === 'legacy-events') {
  bindHubSpotForms(options);
  window.hbspt.forms.create({ portalId: PORTAL_ID, formId: FORM_ID, target: '#form-target' });
} else if (embed === 'current' || embed === 'frame') {
  // HubSpot: listen before the embed script runs.
  bindHubSpotForms(options);
  const container = document.createElement('div');
  container.className = embed === 'frame' ? 'hs-form-frame' : 'hs-form-html';
  container.dataset.region = 'na1';
  container.dataset.formId = FORM_ID;
  container.dataset.portalId = PORTAL_ID;
  target.append(container);
  loadDeveloperEmbed();
} else {
  throw new Error(`unknown embed ${embed}`);
}
