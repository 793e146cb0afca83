// Shared by the example's tests: the fake HubSpot CRM API (www/fakes/hubspot.js, the one the
// adapter's own tests use) with a contact and its company, and the project's app functions
// loaded by the uid their *-hsmeta.json gives them, as hubspot.serverless(uid) finds them.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { createHubSpotFake } from '../../../www/fakes/hubspot.js';

const project = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

export const CONTACT_ID = '51';
export const TOKEN = 'pat-na1-00000000-0000-4000-8000-000000000001';
export const CUSTOM_PROPERTIES = ['leadlens_decision_id', 'leadlens_outcome', 'leadlens_reason', 'leadlens_fit', 'leadlens_intent', 'leadlens_route', 'leadlens_model_version'];

export function hubspotFake(options = {}) {
  return createHubSpotFake({
    token: TOKEN,
    properties: CUSTOM_PROPERTIES,
    contacts: [
      {
        id: CONTACT_ID,
        properties: {
          createdate: '2026-11-20T10:02:11.000Z',
          firstname: 'Dana',
          lastname: 'Ruiz',
          email: 'dana@acmelogistics.com',
          jobtitle: 'Director of Operations',
          phone: '+1 555 0100',
          company: 'Acme Logistics',
          country: 'United States',
          hs_analytics_source: 'ORGANIC_SEARCH',
          message: 'Our order-to-cash process is a bottleneck. We need help this quarter.',
          hs_email_optout: 'false',
          associatedcompanyid: '9001',
          hs_lead_status: 'NEW',
        },
      },
    ],
    companies: [
      {
        id: '9001',
        properties: { name: 'Acme Logistics Inc.', domain: 'acmelogistics.com', industry: 'LOGISTICS_AND_SUPPLY_CHAIN', numberofemployees: '240', annualrevenue: '48000000', country: 'United States' },
      },
    ],
    ...options,
  });
}

/** uid → the function module (`{ main }`), from src/app/functions/*-hsmeta.json. */
export function functionsByUid() {
  const dir = path.join(project, 'src/app/functions');
  const functions = {};
  for (const file of readdirSync(dir).filter((name) => name.endsWith('-hsmeta.json'))) {
    const meta = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    if (meta.type !== 'app-function') continue;
    // entrypoint is relative to the project's srcDir ("/app/functions/ScoreContact.js").
    functions[meta.uid] = require(path.join(project, 'src', meta.config.entrypoint));
  }
  return functions;
}
