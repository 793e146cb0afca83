// www/pipedrive.html: leadlens/hosts/pipedrive in a Pipedrive custom UI extension on a lead, against
// the fakes in www/fakes/pipedrive.js: the app extensions SDK (signed token, snackbar) and the API
// the app's backend (leadlens/hosts/pipedrive-proxy in production) forwards to.
import { createPipedriveFake, PIPEDRIVE_MODES } from './fakes/pipedrive.js';
import { runHostDemo } from './host-demo.js';
import { connectPipedrive, noteText } from './pkg/hosts/pipedrive.js';

// Custom field API keys: 40-character hashes, random per Pipedrive account (leads share deal fields).
const DECISION_FIELDS = {
  status: 'e8b0c2d4f6a8b0c1d3e5f7a9b1c2d4e6f8a0b2c5',
  decision_id: 'a3f1c0de5b7e4c2a9d8f6e1b0c4d2a7e9f3b5c81',
  outcome: 'b7e2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7',
  reason_code: 'c1d3e5f7a9b2c4d6e8f0a2b4c6d8e0f1a3b5c7d9',
  fit: 'd4e6f8a0b2c4d6e8f0a1b3c5d7e9f1a2b4c6d8e0',
  intent: 'e5f7a9b1c3d5e7f9a0b2c4d6e8f0a1b3c5d7e9f2',
};
const MESSAGE = '1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c6e8b05';
const ORG = { employees: '4e6a8c0d2f3b5c7e9a1d4f6b8c0e2a3c5e7b9d18', industry: '5f7b9d1e3a4c6d8f0b2e5a7c9d1f3b4d6f8c0e29', website: '6a8c0e2f4b5d7e9a1c3f6b8d0e2a4c5e7a9d1f3a' };
const LEAD_ID = 'adf21080-0e10-11eb-879b-05d71fb426ec';

const fake = createPipedriveFake({
  fields: { deal: [...Object.values(DECISION_FIELDS), MESSAGE] },
  open: { resource: 'lead', id: LEAD_ID },
  latencyMs: 150,
  organizations: [
    {
      id: 501,
      name: 'Northwind Manufacturing',
      address: { value: 'Lyon, France', country: 'France', locality: 'Lyon' },
      custom_fields: { [ORG.employees]: 420, [ORG.industry]: 'Manufacturing', [ORG.website]: 'northwind-mfg.com' },
    },
  ],
  persons: [
    {
      id: 301,
      name: 'Claire Moreau',
      org_id: 501,
      emails: [{ value: 'claire.moreau@northwind-mfg.com', primary: true, label: 'work' }],
      phones: [{ value: '+33 4 72 00 00 00', primary: true, label: 'work' }],
      job_title: 'Director of Supply Chain Operations',
      custom_fields: {},
    },
  ],
  leads: [
    {
      id: LEAD_ID,
      title: 'Northwind Manufacturing lead',
      person_id: 301,
      organization_id: 501,
      source_name: 'Web forms',
      label_ids: [],
      is_archived: false,
      value: { amount: 36000, currency: 'EUR' },
      add_time: '2026-11-18T08:40:00.000Z',
      [MESSAGE]: 'Contact sales please: our plant scheduling is a mess and we are losing orders. We have budget for an outside review this quarter.',
    },
  ],
});

const LABELS = { online: 'Online', offline: 'Offline (no answer)', timeout: 'Times out after writing', error: 'Permission error (403)', throttled: 'Rate limited (429)' };

runHostDemo({
  crm: 'Pipedrive',
  surface: 'Lead (custom UI extension)',
  adapter: 'leadlens/hosts/pipedrive',
  fake,
  modes: PIPEDRIVE_MODES.map((mode) => [mode, LABELS[mode] ?? mode]),
  connect: () =>
    connectPipedrive({
      SDK: fake.AppExtensionsSDK,
      url: fake.url,
      request: fake.request,
      decisionFields: DECISION_FIELDS,
      fields: {
        'company.employees': `organization.custom_fields.${ORG.employees}`,
        'company.industry': `organization.custom_fields.${ORG.industry}`,
        'company.domain': `organization.custom_fields.${ORG.website}`,
        'form.message': `lead.${MESSAGE}`,
      },
    }),
  recordId: LEAD_ID,
  title: (record) => record.title ?? 'Lead',
  fields: [['Source', 'source_name'], ['Updated', 'update_time']],
  extraFields: (record) => {
    const person = fake.record(record.person_id, 'person') ?? {};
    const org = fake.record(record.organization_id, 'organization') ?? {};
    return [
      ['Value', record.value ? `${record.value.amount} ${record.value.currency}` : null],
      ['Person', person.name],
      ['Job title', person.job_title],
      ['Email', person.emails?.find((e) => e.primary)?.value],
      ['Organization', org.name],
      ['Message', record[MESSAGE]],
      ['LeadLens status', record[DECISION_FIELDS.status]],
      ['LeadLens outcome', record[DECISION_FIELDS.outcome]],
      ['LeadLens reason', record[DECISION_FIELDS.reason_code]],
      ['LeadLens fit', record[DECISION_FIELDS.fit]],
      ['LeadLens intent', record[DECISION_FIELDS.intent]],
      ['LeadLens decision id', record[DECISION_FIELDS.decision_id]],
    ];
  },
  timeline: () => fake.notes(LEAD_ID).map((note) => ({ title: 'Note', text: noteText(note.content), at: note.add_time })).reverse(),
  editElsewhere: () => {
    fake.edit(LEAD_ID, { title: 'Northwind Manufacturing — plant scheduling' });
    return 'the lead title changed';
  },
  storagePrefix: 'leadlens-pipedrive',
});
