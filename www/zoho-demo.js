// www/zoho.html: leadlens/hosts/zoho in a Zoho CRM widget, against the fake of Zoho's embedded app
// SDK (www/fakes/zoho.js) installed where the real one would be: the global `ZOHO`.
import { createZohoFake, ZOHO_MODES } from './fakes/zoho.js';
import { runHostDemo } from './host-demo.js';
import { connectZoho } from './pkg/hosts/zoho.js';

const RECORD_ID = '4150868000000431001';
const fake = createZohoFake({
  openId: RECORD_ID,
  fields: ['LeadLens_Decision_Id', 'LeadLens_Outcome', 'LeadLens_Reason', 'LeadLens_Fit', 'LeadLens_Intent', 'LeadLens_Route', 'LeadLens_Model_Version'],
  latencyMs: 150,
  records: [
    {
      id: RECORD_ID,
      Created_Time: '2026-11-20T10:02:11+00:00',
      First_Name: 'Dana',
      Last_Name: 'Ruiz',
      Full_Name: 'Dana Ruiz',
      Company: 'Acme Logistics',
      Website: 'acmelogistics.com',
      Industry: 'Logistics',
      No_of_Employees: 240,
      Annual_Revenue: 48000000,
      Country: 'United States',
      Email: 'dana@acmelogistics.com',
      Designation: 'Director of Operations',
      Lead_Source: 'Web Form',
      Lead_Status: 'Not Contacted',
      Description: 'Our order-to-cash process is a bottleneck and month-end close takes two weeks. We need outside help this quarter.',
      Email_Opt_Out: false,
    },
  ],
});
globalThis.ZOHO = fake.ZOHO;

const LABELS = { online: 'Online', offline: 'Offline (no answer)', timeout: 'Times out after writing', error: 'Permission error' };

runHostDemo({
  crm: 'Zoho CRM',
  surface: 'Lead widget',
  adapter: 'leadlens/hosts/zoho',
  fake,
  modes: ZOHO_MODES.map((mode) => [mode, LABELS[mode] ?? mode]),
  connect: () => connectZoho(),
  recordId: RECORD_ID,
  title: (record) => `${record.Full_Name ?? 'Lead'} · ${record.Company ?? ''}`,
  fields: [
    ['Lead status', 'Lead_Status'],
    ['Title', 'Designation'],
    ['Email', 'Email'],
    ['Company', 'Company'],
    ['Industry', 'Industry'],
    ['Employees', 'No_of_Employees'],
    ['Country', 'Country'],
    ['Lead source', 'Lead_Source'],
    ['Description', 'Description'],
    ['LeadLens outcome', 'LeadLens_Outcome'],
    ['LeadLens reason', 'LeadLens_Reason'],
    ['LeadLens fit', 'LeadLens_Fit'],
    ['LeadLens intent', 'LeadLens_Intent'],
    ['LeadLens decision id', 'LeadLens_Decision_Id'],
    ['Modified', 'Modified_Time'],
  ],
  timeline: () => fake.notes(RECORD_ID).map((note) => ({ title: note.Note_Title, text: note.Note_Content, at: note.Created_Time })).reverse(),
  editElsewhere: () => {
    fake.edit(RECORD_ID, { Designation: 'VP Operations' });
    return 'the title is now "VP Operations"';
  },
  storagePrefix: 'leadlens-zoho:',
});
