// The adapter's option types against the vendors' own: a form script's Xrm and form context
// (@types/xrm) and a PCF context (@types/powerapps-component-framework) fit without casts.
// Checked by tsc in test.sh, never run.
import { dynamicsFormHost, dynamicsPcfHost } from 'leadlens/hosts/dynamics';
import { formHost } from '../webresources/leadlens_form.js';

export function onLoad(executionContext: Xrm.Events.EventContext): void {
  const formContext = executionContext.getFormContext();
  const host = dynamicsFormHost({ formContext, Xrm, prefix: 'contoso_' });
  host.onLeadChange(() => undefined);
  formHost(Xrm, formContext, { timeline: 'task' });
}

export function control(context: ComponentFramework.Context<Record<string, never>>): void {
  const host = dynamicsPcfHost(context);
  host.update(context);
}
