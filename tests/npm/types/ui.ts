// Type-checked (tsc --noEmit, strict) against the installed package: `leadlens/panel` and
// `leadlens/form` as a page uses them, and misuse that must not compile.
import { definePanel, type LeadlensPanel } from 'leadlens/panel';
import { attachForm, type FormResult, type SubmitOutcome, type FormBinding } from 'leadlens/form';
import type { DecisionStatus, LeadHost, ScoredLead } from 'leadlens';

export async function panelExample(host: LeadHost): Promise<void> {
  const Panel = await definePanel({ name: 'leadlens-panel' });
  const panel: LeadlensPanel = new Panel();
  panel.host = host;
  panel.now = '2026-11-22T12:00:00Z';
  panel.lead = { id: 'L-1', contact: { title: 'VP Finance' } };
  panel.addEventListener('leadlens-decision', (event) => {
    const status: DecisionStatus = event.detail.status;
    const outcome: 'accepted' | 'rejected' | 'recycled' = event.detail.decision.outcome;
    void status;
    void outcome;
  });
  panel.addEventListener('leadlens-scored', (event) => {
    const result: ScoredLead = event.detail;
    void result.fit.score;
  });
  const tagged: LeadlensPanel = document.createElement('leadlens-panel');
  void tagged.result?.route;
  // @ts-expect-error the host must implement LeadHost
  panel.host = { readLead: () => null };
}

export function formExample(form: HTMLFormElement): FormBinding {
  const binding = attachForm(form, {
    formType: 'consultation_request',
    conditional: { budget: 'likely_buyer', timeline: { unless: ['student', 'job_seeker'] } },
    fields: { org_size: 'company.employees' },
    enrich: async (domain) => (domain === 'acme.com' ? { employees: 240 } : null),
    onResult: (result: FormResult) => {
      const next: string | undefined = result.next_question?.field;
      const route: 'sales_review' | 'nurture' | 'disqualify' = result.hidden.leadlens_route;
      void next;
      void route;
    },
    onSubmit: (outcome: SubmitOutcome) => {
      if (outcome.action === 'book_meeting') void outcome.fit;
    },
  });
  // @ts-expect-error conditional rules are a closed set
  attachForm(form, { conditional: { budget: 'sometimes' } });
  return binding;
}
