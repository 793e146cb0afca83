// Type-checked (tsc --noEmit, strict) against the installed package: `leadlens/forms/hubspot` and
// `leadlens/forms/marketo` as a landing page uses them, and misuse that must not compile.
import { bindHubSpotForms, hubspotFormCallbacks, type HubSpotSubmittedDetails } from 'leadlens/forms/hubspot';
import { bindMarketoForms, type MarketoForms2, type MarketoSubmittedDetails } from 'leadlens/forms/marketo';
import type { FormResult, SubmitOutcome } from 'leadlens/form';

// The platforms' globals, as their embed scripts define them.
declare const hbspt: { forms: { create(config: Record<string, unknown>): void } };
declare const MktoForms2: MarketoForms2;

export function hubspotExample(): () => void {
  hbspt.forms.create({
    portalId: '4711001',
    formId: '6e2f4c1a-8b3d-4f5e-9a7c-1d2e3f4a5b6c',
    target: '#form',
    ...hubspotFormCallbacks({
      formType: 'consultation_request',
      onSubmit: (outcome: SubmitOutcome, result: FormResult) => {
        if (outcome.action === 'book_meeting') void result.hidden.leadlens_route;
      },
    }),
  });
  const binding = bindHubSpotForms({
    formIds: ['6e2f4c1a-8b3d-4f5e-9a7c-1d2e3f4a5b6c'],
    onSubmitted: (outcome, _result, details: HubSpotSubmittedDetails) => {
      const instance: string | null = details.instanceId;
      void instance;
      void outcome.route;
    },
  });
  // @ts-expect-error the binding writes HubSpot's hidden fields itself
  bindHubSpotForms({ writeHidden: () => undefined });
  return () => binding.detach();
}

export function marketoExample(): () => void {
  const binding = bindMarketoForms(MktoForms2, {
    formIds: 1057,
    hiddenFields: { leadlens_fit: 'leadlensFit', leadlens_route: 'leadlensRoute' },
    // false: the page takes over the follow-up instead of Marketo's thank-you page
    onSubmitted: (outcome: SubmitOutcome, _result: FormResult, details: MarketoSubmittedDetails) =>
      outcome.action === 'book_meeting' ? false : void details.followUpUrl,
  });
  // @ts-expect-error the MktoForms2 object is required
  bindMarketoForms({ formIds: 1057 });
  return () => binding.detach();
}
