// The dashboard's sample: synthetic leads and outcomes for "Brightline Consulting" (the default
// model) with a threshold experiment, generated from a fixed seed, so every run and every machine
// sees the same files. Nothing here is real data. Plain JS with no DOM: the dashboard loads it in
// the browser ("Load the sample"), and tests/e2e/dashboard.test.mjs imports it in Node to write the
// same files for the file input and for the native `leadlens report` / `leadlens calibrate`.
//
// About 480 leads created from September to November 2026, a few profiles (ideal buyers, good fit
// without intent, mid-market managers, students, vendor pitches, tiny shops) over six channels;
// sales decisions for most leads routed to review and some others, with reasons, decided hours to
// days later; opportunities and wins for some accepted leads. Each file has one deliberately bad
// line, to show how bad lines are reported.

/** `now` for the sample: after the last decision, so every figure is fixed. */
export const SAMPLE_NOW = '2026-12-15T12:00:00Z';

/** The model's threshold experiment: control vs a lower fit threshold for sales review. */
export const SAMPLE_EXPERIMENT = {
  id: 'sales-review-threshold-2026-12',
  variants: [
    { name: 'control', weight: 50 },
    { name: 'lower_fit', weight: 50, sales_review: { fit: 55, intent: 40 }, borderline_margin: 4 },
  ],
};

/** The sample model: the default model (as JSON text or an object) with the experiment. */
export function sampleModel(defaultModel) {
  const model = typeof defaultModel === 'string' ? JSON.parse(defaultModel) : structuredClone(defaultModel);
  model.experiment = SAMPLE_EXPERIMENT;
  return JSON.stringify(model, null, 2) + '\n';
}

/** mulberry32: a small seeded generator, uniform in [0, 1). */
function generator(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOUR = 3_600_000;
const START = Date.parse('2026-09-01T08:00:00Z');

const CHANNELS = [
  // name, weight, how often sales agree with a review route, hours to a decision (typical)
  ['organic_search', 30, 0.9, 20],
  ['paid_search', 22, 0.35, 30],
  ['referral', 14, 1, 6],
  ['events', 12, 0.8, 40],
  ['partner', 10, 0.95, 12],
  ['linkedin_ads', 12, 0.4, 26],
];
const CAMPAIGNS = {
  organic_search: ['ops-playbook', 'warehouse-guide'],
  paid_search: ['q4-demo', 'brand'],
  referral: [null],
  events: ['logimat-2026', 'supply-chain-summit'],
  partner: ['erp-partners'],
  linkedin_ads: ['cfo-series', 'ops-leaders'],
};

const FIRST = ['Dana', 'Sam', 'Alex', 'Kim', 'Jordan', 'Priya', 'Luis', 'Mei', 'Tom', 'Ana', 'Noah', 'Eva'];
const LAST = ['Ruiz', 'Braun', 'Martin', 'Okafor', 'Lee', 'Novak', 'Silva', 'Chen', 'Weber', 'Costa'];
const COMPANIES = ['Northwind', 'Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli', 'Vandelay', 'Contoso'];
const SUFFIX = ['Logistics', 'Manufacturing', 'Freight', 'Distribution', 'Industries', 'Supply'];

// Each profile: its share of leads, how likely sales accept it (before the channel's agreement),
// the reasons they give when they do not, and the values its leads are drawn from.
const PROFILES = [
  {
    name: 'ideal', weight: 26, accept: 0.9, reasons: ['timing', 'no_budget', 'other'],
    industry: ['logistics', 'manufacturing', 'wholesale'], employees: [180, 240, 400, 650, 1200, 2500],
    revenue: [30e6, 48e6, 90e6, 240e6], country: ['US', 'DE', 'GB', 'NL'],
    title: ['Director of Operations', 'VP Operations', 'Head of Supply Chain', 'COO'],
    form: ['consultation_request'],
    message: [
      'Our order-to-cash process is a bottleneck. We have budget approved for Q1.',
      'We need help redesigning our warehouse process before peak season.',
      'Looking for a partner to map and fix our fulfilment process this quarter.',
    ],
    events: [['pricing_view', 2], ['content_download', 5]],
  },
  {
    name: 'good_fit_no_intent', weight: 18, accept: 0.55, reasons: ['needs_nurture', 'no_response', 'timing'],
    industry: ['logistics', 'manufacturing'], employees: [220, 300, 800], country: ['US', 'DE', 'FR'],
    title: ['Operations Manager', 'Director Supply Chain', 'Plant Manager'],
    events: [['webinar_attended', 12], ['page_view', 3]],
  },
  {
    name: 'mid_market', weight: 20, accept: 0.45, reasons: ['not_icp', 'wrong_persona', 'no_budget', 'other'],
    industry: ['retail', 'software', 'healthcare'], employees: [60, 90, 150, 600], country: ['US', 'FR', 'BR'],
    title: ['Store Manager', 'Senior Analyst', 'Office Manager', 'Director Supply Chain'],
    form: ['consultation_request', 'contact'], message: ['We need help with our warehouse process.'],
  },
  {
    name: 'tiny', weight: 12, accept: 0.15, reasons: ['not_icp', 'no_budget'],
    industry: ['retail', 'hospitality'], employees: [3, 8, 15, 25], country: ['US', 'GB'], title: ['Owner'],
    form: ['contact'], message: ['Do you help small shops with inventory?'],
  },
  { name: 'student', weight: 8, accept: 0.02, reasons: ['student'], student: true },
  {
    name: 'vendor', weight: 6, accept: 0.02, reasons: ['vendor', 'spam'],
    industry: ['software'], employees: [20, 80], country: ['US'], title: ['Account Executive'],
    form: ['contact'], message: ['We offer lead generation services and would love to partner with you.'],
  },
];

function weighted(random, items, weightOf) {
  const total = items.reduce((sum, item) => sum + weightOf(item), 0);
  let point = random() * total;
  for (const item of items) {
    point -= weightOf(item);
    if (point < 0) return item;
  }
  return items[items.length - 1];
}

const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * The sample's two NDJSON files as text: `{ leads, outcomes, now }`. `n` leads (default 480),
 * `seed` fixes everything.
 */
export function sampleFiles({ n = 480, seed = 10 } = {}) {
  const random = generator(seed);
  const pick = (list) => list[Math.floor(random() * list.length)];
  const leads = [];
  const outcomes = [];
  const span = Date.parse('2026-11-30T18:00:00Z') - START;
  for (let i = 0; i < n; i += 1) {
    const id = `SMP-${String(i + 1).padStart(4, '0')}`;
    const created = START + Math.floor((span * i) / n) + Math.floor(random() * 5) * HOUR;
    const profile = weighted(random, PROFILES, (p) => p.weight);
    const [channel, , agreement, typicalHours] = weighted(random, CHANNELS, (c) => c[1]);
    const first = pick(FIRST);
    const last = pick(LAST);
    const lead = { id, created_at: iso(created) };
    if (profile.student) {
      lead.contact = { name: `${first} ${last}`, email: `${first.toLowerCase()}${i}@stateu.edu`, title: 'Student' };
      lead.form = { type: 'contact', message: 'I am writing my thesis on supply chains and would love an interview.' };
    } else {
      const name = `${pick(COMPANIES)} ${pick(SUFFIX)}`;
      const domain = `${name.toLowerCase().replace(/[^a-z]/g, '')}${i}.com`;
      lead.company = { name, domain, industry: pick(profile.industry), employees: pick(profile.employees), country: pick(profile.country) };
      if (profile.revenue) lead.company.annual_revenue = pick(profile.revenue);
      lead.contact = { name: `${first} ${last}`, email: `${first.toLowerCase()}@${domain}`, title: pick(profile.title) };
      if (profile.form) lead.form = { type: pick(profile.form), message: pick(profile.message) };
    }
    const campaign = pick(CAMPAIGNS[channel]);
    lead.source = campaign ? { channel, campaign } : { channel };
    const events = (profile.events ?? [])
      .filter(() => random() < 0.6)
      .map(([type, days]) => ({ type, at: iso(created - Math.floor(random() * days + 1) * 24 * HOUR) }));
    if (events.length > 0) lead.events = events;
    lead.consent = { email: true };
    leads.push(JSON.stringify(lead));

    // What sales did: most ideal and mid-market leads are looked at, fewer of the others.
    const looked = random() < (profile.name === 'ideal' || profile.name === 'mid_market' ? 0.88 : 0.55);
    if (!looked) continue;
    const hours = typicalHours * (0.25 + 2 * random() * random()) + random() * 3;
    const decidedAt = iso(created + Math.round(hours * 60) * 60_000);
    const accepted = random() < profile.accept * agreement;
    if (accepted) {
      outcomes.push(JSON.stringify({ lead_id: id, outcome: 'accepted', reason_code: 'good_fit_real_need', decided_at: decidedAt, reviewer: pick(['u-1', 'u-2', 'u-3']) }));
      if (random() < 0.5) {
        const opportunityAt = created + (5 + Math.floor(random() * 20)) * 24 * HOUR;
        outcomes.push(JSON.stringify({ lead_id: id, outcome: 'opportunity_created', at: iso(opportunityAt) }));
        const closed = random();
        if (closed < 0.35) outcomes.push(JSON.stringify({ lead_id: id, outcome: 'won', at: iso(opportunityAt + 12 * 24 * HOUR), amount: pick([12000, 24000, 48000]) }));
        else if (closed < 0.55) outcomes.push(JSON.stringify({ lead_id: id, outcome: 'lost', at: iso(opportunityAt + 10 * 24 * HOUR) }));
      }
    } else if (random() < 0.1) {
      outcomes.push(JSON.stringify({ lead_id: id, outcome: 'recycled', reason_code: 'timing', decided_at: decidedAt }));
    } else {
      const reason = random() < 0.08 ? undefined : pick(profile.reasons);
      const record = { lead_id: id, outcome: 'rejected', decided_at: decidedAt };
      if (reason) record.reason_code = reason;
      if (reason === 'other') record.note = 'Parent company is already a client';
      outcomes.push(JSON.stringify(record));
    }
  }
  // One bad line in each file, and an outcome for a lead that is not in the leads file.
  leads.splice(56, 0, JSON.stringify({ id: 'SMP-BAD', created_at: '2026-10-01T09:00:00Z', company: { employees: 'lots' } }));
  outcomes.splice(7, 0, '{"lead_id": "SMP-0003", "outcome": "acepted", "decided_at": "2026-09-02T10:00:00Z"}');
  outcomes.push(JSON.stringify({ lead_id: 'SMP-9999', outcome: 'accepted', decided_at: '2026-12-01T10:00:00Z' }));
  return { leads: leads.join('\n') + '\n', outcomes: outcomes.join('\n') + '\n', now: SAMPLE_NOW };
}
