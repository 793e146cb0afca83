// www/zendesk.html: leadlens/hosts/zendesk in a Zendesk Sell lead card, against the fake of the ZAF
// client (www/fakes/zendesk.js) installed where Zendesk's SDK would be: the global `ZAFClient`.
// The Sell API answers behind `client.request`, as Zendesk's proxy would forward it.
import { createZendeskSellFake, ZENDESK_MODES } from './fakes/zendesk.js';
import { runHostDemo } from './host-demo.js';
import { connectZendesk } from './pkg/hosts/zendesk.js';

const LEAD_ID = 1200301;
const fake = createZendeskSellFake({
  openId: LEAD_ID,
  latencyMs: 150,
  customFields: ['LeadLens Decision Id', 'LeadLens Outcome', 'LeadLens Reason', 'LeadLens Fit', 'LeadLens Intent', 'LeadLens Route', 'LeadLens Model Version'],
  leads: [
    {
      id: LEAD_ID,
      first_name: 'Marta',
      last_name: 'Kowalski',
      organization_name: 'Initech Payments',
      title: 'Head of RevOps',
      email: 'marta.kowalski@initech.com',
      website: 'initech.com',
      industry: 'Fintech',
      description: 'We requested a demo: lead routing is manual and our SDRs lose a day a week. Looking to fix this before Q2.',
      status: 'New',
      address: { city: 'Warsaw', country: 'Poland' },
      custom_fields: { Employees: 650, 'Annual Revenue': 120000000 },
      created_at: '2026-11-19T14:20:00Z',
    },
  ],
});
globalThis.ZAFClient = fake.ZAFClient;

const LABELS = { online: 'Online', offline: 'Offline (no answer)', timeout: 'Times out after writing', error: 'Permission error (403)', ratelimit: 'Rate limited (429)', unavailable: 'Unavailable (503)' };

runHostDemo({
  crm: 'Zendesk Sell',
  surface: 'Lead card app',
  adapter: 'leadlens/hosts/zendesk',
  fake,
  modes: ZENDESK_MODES.map((mode) => [mode, LABELS[mode] ?? mode]),
  connect: () =>
    connectZendesk({
      // The account's own custom fields for head count and revenue.
      fields: { 'company.employees': 'custom_fields.Employees', 'company.annual_revenue': 'custom_fields.Annual Revenue' },
    }),
  recordId: String(LEAD_ID),
  title: (record) => `${[record.first_name, record.last_name].filter(Boolean).join(' ')} · ${record.organization_name ?? ''}`,
  fields: [
    ['Status', 'status'],
    ['Title', 'title'],
    ['Email', 'email'],
    ['Organization', 'organization_name'],
    ['Industry', 'industry'],
    ['Description', 'description'],
    ['Updated', 'updated_at'],
  ],
  // Custom fields live in one object on a Sell lead: shown as their own rows.
  extraFields: (record) => Object.entries(record.custom_fields ?? {}),
  timeline: () => fake.notes(LEAD_ID).map((note) => ({ title: 'Note', text: note.content, at: note.created_at })).reverse(),
  editElsewhere: () => {
    fake.edit(LEAD_ID, { title: 'VP Revenue Operations' });
    return 'the title is now "VP Revenue Operations"';
  },
  storagePrefix: 'leadlens-zendesk',
});
