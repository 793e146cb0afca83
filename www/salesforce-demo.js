// www/salesforce.html: leadlens/hosts/salesforce as the Lightning component of examples/salesforce
// runs it — the record from a getRecord wire, decisions through updateRecord / createRecord — against
// a fake of Lightning Data Service (www/fakes/salesforce.js), with the panel in a frame reached over
// postMessage (leadlens/hosts/bridge), because Lightning Web Security blocks WebAssembly in components.
import { createLdsFake, SALESFORCE_MODES } from './fakes/salesforce.js';
import { runHostDemo } from './host-demo.js';
import { salesforceHost } from './pkg/hosts/salesforce.js';

const RECORD_ID = '00Q5e00000AbCdEAAV';
const fake = createLdsFake({
  fields: ['LeadLens_Decision_Id__c', 'LeadLens_Outcome__c', 'LeadLens_Reason__c', 'LeadLens_Fit__c', 'LeadLens_Intent__c', 'LeadLens_Route__c', 'LeadLens_Model_Version__c'],
  records: [
    {
      Id: RECORD_ID,
      CreatedDate: '2026-11-20T10:02:11.000Z',
      Name: 'Priya Shah',
      Company: 'Globex Freight',
      Website: 'globex.com',
      Industry: 'Transportation',
      NumberOfEmployees: 1200,
      AnnualRevenue: 310000000,
      Country: 'Canada',
      Email: 'priya.shah@globex.com',
      Title: 'VP Finance',
      LeadSource: 'Web',
      Status: 'Open - Not Contacted',
      Description: 'We want to talk to sales about a finance operations review. Budget is approved for Q1; I sign off on it.',
      HasOptedOutOfEmail: false,
    },
  ],
});

const LABELS = { online: 'Online', offline: 'Offline (no answer)', timeout: 'Times out after writing', error: 'Permission error' };

runHostDemo({
  crm: 'Salesforce',
  surface: 'Lead record page',
  adapter: 'leadlens/hosts/salesforce',
  fake,
  modes: SALESFORCE_MODES.map((mode) => [mode, LABELS[mode] ?? mode]),
  frame: './salesforce-frame.html',
  connect: async () => {
    const host = salesforceHost({ recordId: RECORD_ID, ...fake.lds, reviewer: '0055e000001AbCdAAK', store: null });
    // What @wire(getRecord) does in the component.
    fake.wire(RECORD_ID, (record) => host.setRecord(record));
    return host;
  },
  recordId: RECORD_ID,
  title: (record) => `${record.Name ?? 'Lead'} · ${record.Company ?? ''}`,
  fields: [
    ['Lead status', 'Status'],
    ['Title', 'Title'],
    ['Email', 'Email'],
    ['Company', 'Company'],
    ['Industry', 'Industry'],
    ['Employees', 'NumberOfEmployees'],
    ['Country', 'Country'],
    ['Lead source', 'LeadSource'],
    ['Description', 'Description'],
    ['LeadLens outcome', 'LeadLens_Outcome__c'],
    ['LeadLens reason', 'LeadLens_Reason__c'],
    ['LeadLens fit', 'LeadLens_Fit__c'],
    ['LeadLens intent', 'LeadLens_Intent__c'],
    ['LeadLens decision id', 'LeadLens_Decision_Id__c'],
    ['Last modified', 'LastModifiedDate'],
  ],
  timeline: () => fake.notes(RECORD_ID).map((task) => ({ title: `Task: ${task.Subject}`, text: task.Description, at: task.CreatedDate })).reverse(),
  editElsewhere: () => {
    fake.edit(RECORD_ID, { Title: 'CFO' });
    return 'the title is now "CFO"';
  },
  storagePrefix: 'leadlens-salesforce-demo:',
});
