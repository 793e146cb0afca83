// Leads of the "Brightline CRM" demo (www/crm.html), written against the Lead contract
// (pkg-config/index.d.ts). Companies, sectors, employee counts, revenue and countries come from the
// Maven Analytics "CRM Sales Opportunities" accounts (synthetic; /work/shared/data/maven_crm,
// sectors kept as spelt there, e.g. "technolgy", revenue in $M → dollars, countries → ISO codes);
// owners are its sales agents. Contacts, domains, messages and events are invented. A few leads
// need companies the data set lacks (competitors, agencies, an excluded industry, a tiny shop).
//
// Measured with the default model at DEMO_NOW (`cargo run -q -- score --now 2026-11-22T12:00:00Z`
// on this file as NDJSON; tests/e2e/crm.test.mjs re-checks the mix in the browser):
//   36 leads: sales_review 16, nurture 7, disqualify 13.
//   Negative-fit codes, every one of the default model: competitor 2, student 2 (a thesis
//   writer; an intern at a strategic account) + 1 weak (an .edu director, left to review),
//   vendor 2, job_seeker 2, out_of_market 5 (tiny, China, casino, Jordan, the Indian agency),
//   spam 1, invalid_contact 1.
//   Review reasons: high_value 10, strategic_account 2 (globex.com, initech.com: one with a student
//   signal, never auto-disqualified), incomplete_profile 3, ambiguous 2, borderline 1,
//   stale_enrichment 1. Nurture: activity only (page views capped), a decayed demo request, no
//   email consent, low fit.
// Update these counts when you change a lead.

/** Every date below is relative to this instant, and the page scores "as of" it. */
export const DEMO_NOW = '2026-11-22T12:00:00Z';

const NOW_MS = Date.parse(DEMO_NOW);
const HOUR = 3_600_000;

/** RFC 3339 instant `days` (and `hours`) before DEMO_NOW. */
function ago(days, hours = 0) {
  return new Date(NOW_MS - days * 24 * HOUR - hours * HOUR).toISOString().replace('.000Z', 'Z');
}

/** `n` page views, one a day starting `fromDays` ago, cycling through `pages`. */
function pageViews(n, fromDays, pages) {
  return Array.from({ length: n }, (_, i) => ({ type: 'page_view', at: ago(fromDays - i, 3), page: pages[i % pages.length] }));
}

const BLOG = ['/blog/order-to-cash', '/blog/warehouse-kpis', '/services/operations-review', '/case-studies/streethex'];

/** @type {{ lead: import('./pkg/index.js').Lead, status?: string, owner?: string }[]} */
export const CRM_RECORDS = [
  // --- Ideal buyers and VPs at target companies ---------------------------------------------
  {
    owner: 'Anna Snelling',
    lead: {
      id: 'L-1042',
      created_at: ago(0, 1),
      company: { name: 'Doncon', domain: 'doncon.com', industry: 'technolgy', employees: 1501, annual_revenue: 587_720_000, country: 'US', enriched_at: ago(40) },
      contact: { name: 'Dana Ruiz', email: 'dana.ruiz@doncon.com', title: 'Director of Operations', phone: '+1 555 0100' },
      form: { type: 'consultation_request', message: 'Our order-to-cash process is a bottleneck: invoices wait 9 days for approval. We have budget approved for Q1 and I own the project.' },
      source: { channel: 'organic_search', campaign: 'ops-playbook' },
      events: [
        { type: 'page_view', at: ago(3), page: '/services/operations-review' },
        { type: 'content_download', at: ago(2), asset: 'order-to-cash-playbook' },
      ],
      consent: { email: true, phone: true },
    },
  },
  {
    owner: 'Moses Frase',
    lead: {
      id: 'L-1043',
      created_at: ago(4),
      company: { name: 'Golddex', domain: 'golddex.com', industry: 'finance', employees: 165, annual_revenue: 52_500_000, country: 'US' },
      contact: { name: 'Sam Kaur', email: 'sam.kaur@golddex.com', title: 'VP, Finance' },
      source: { channel: 'paid_search', campaign: 'month-end-close', medium: 'cpc' },
      events: [
        { type: 'demo_request', at: ago(4) },
        { type: 'pricing_view', at: ago(4, 1), page: '/pricing' },
      ],
      consent: { email: true },
    },
  },
  {
    owner: 'Darcel Schlecht',
    lead: {
      id: 'L-1044',
      created_at: ago(2),
      company: { name: 'Finhigh', domain: 'finhigh.com', industry: 'finance', employees: 1759, annual_revenue: 1_102_430_000, country: 'US' },
      contact: { name: 'Helen Park', email: 'h.park@finhigh.com', title: 'Chief Financial Officer' },
      form: { type: 'consultation', message: 'Month end close takes us 12 days and the board wants it under 5 by year end. Funding approved.' },
      source: { channel: 'referral' },
      consent: { email: true, phone: true },
    },
  },
  {
    owner: 'Cecily Lampkin',
    lead: {
      id: 'L-1045',
      created_at: ago(6),
      company: { name: 'Dalttechnology', domain: 'dalttechnology.com', industry: 'software', employees: 96, annual_revenue: 98_790_000, country: 'US' },
      contact: { name: 'Omar Haddad', email: 'omar@dalttechnology.com', title: 'COO' },
      form: { type: 'contact_sales', message: 'Our support backlog doubled after the last release. Can we talk this month?' },
      source: { channel: 'direct_traffic' },
      consent: { email: true },
    },
  },
  {
    owner: 'Versie Hillebrand',
    lead: {
      id: 'L-1046',
      created_at: ago(3),
      company: { name: 'Streethex', domain: 'streethex.be', industry: 'retail', employees: 1165, annual_revenue: 1_376_800_000, country: 'BE' },
      contact: { name: 'Lotte Peeters', email: 'lotte.peeters@streethex.be', title: 'Director Supply Chain' },
      form: { type: 'consultation_request', message: 'Stockouts before the holidays are hurting us; we need visibility across 40 stores.' },
      source: { channel: 'email', campaign: 'retail-ops-webinar' },
      events: [{ type: 'webinar_attended', at: ago(10) }],
      consent: { email: true },
    },
  },
  {
    owner: 'Jonathan Berthelot',
    lead: {
      id: 'L-1047',
      created_at: ago(1),
      company: { name: 'Rundofase', domain: 'rundofase.com', industry: 'technolgy', employees: 1238, annual_revenue: 1_008_060_000, country: 'US' },
      contact: { name: 'Grace Liu', email: 'grace.liu@rundofase.com', title: 'IT Director' },
      source: { channel: 'organic_search' },
      events: [
        { type: 'trial_signup', at: ago(1) },
        { type: 'page_view', at: ago(1, 1), page: '/pricing' },
      ],
      consent: { email: true },
    },
  },
  {
    owner: 'Anna Snelling',
    lead: {
      id: 'L-1048',
      created_at: ago(40),
      company: { name: 'Opentech', domain: 'opentech.com', industry: 'finance', employees: 853, country: 'US' },
      contact: { name: 'Marcus Bell', email: 'marcus.bell@opentech.com', title: 'VP Operations' },
      source: { channel: 'paid_search' },
      events: [{ type: 'demo_request', at: ago(40) }],
      consent: { email: true },
    },
    status: 'Working',
  },
  // --- Strategic accounts (never auto-disqualified), with missing data ------------------------
  {
    owner: 'Gladys Colclough',
    lead: {
      id: 'L-5001',
      created_at: ago(0, 4),
      company: { domain: 'globex.com' },
      contact: { email: 'h.scorpio@globex.com' },
      events: [{ type: 'content_download', at: ago(0, 4), asset: 'ops-playbook' }],
    },
  },
  {
    owner: 'Gladys Colclough',
    lead: {
      id: 'L-5002',
      created_at: ago(5),
      company: { name: 'Initech', domain: 'initech.com', industry: 'telecommunications' },
      contact: { name: 'Peter Gibbons', email: 'p.gibbons@initech.com', title: 'Intern' },
      form: { type: 'contact', message: 'Looking into TPS report automation for my team.' },
    },
  },
  // --- Activity only: many page views, no hand raised ----------------------------------------
  {
    owner: 'Marty Freudenburg',
    lead: {
      id: 'L-4410',
      created_at: ago(50),
      company: { name: 'Zathunicon', domain: 'zathunicon.com', industry: 'retail', employees: 144, annual_revenue: 71_120_000, country: 'US' },
      contact: { name: 'Forrest Lane', email: 'f.lane@zathunicon.com', title: 'Head of Operations' },
      source: { channel: 'social' },
      events: [
        ...pageViews(15, 16, BLOG),
        { type: 'content_download', at: ago(8), asset: 'it-ops-benchmark' },
        { type: 'content_download', at: ago(5), asset: 'ops-playbook' },
        { type: 'email_open', at: ago(3) },
        { type: 'email_open', at: ago(2) },
      ],
      consent: { email: true },
    },
    status: 'Nurturing',
  },
  {
    owner: 'Niesha Huffines',
    lead: {
      id: 'L-4411',
      created_at: ago(30),
      company: { name: 'Gogozoom', domain: 'gogozoom.com', industry: 'telecommunications', employees: 187, annual_revenue: 86_680_000, country: 'US' },
      contact: { name: 'Ravi Menon', email: 'ravi.menon@gogozoom.com', title: 'Operations Manager' },
      source: { channel: 'email', campaign: 'nov-newsletter' },
      events: [
        { type: 'webinar_attended', at: ago(20) },
        { type: 'email_click', at: ago(12) },
        { type: 'email_click', at: ago(6) },
        ...pageViews(6, 9, BLOG),
      ],
      consent: { email: true },
    },
    status: 'Nurturing',
  },
  // --- Borderline, stale, consent -------------------------------------------------------------
  {
    owner: 'Mei-Mei Johns',
    lead: {
      id: 'L-2201',
      created_at: ago(0, 5),
      company: { name: 'Groovestreet', domain: 'groovestreet.com', industry: 'retail', employees: 299, annual_revenue: 223_800_000, country: 'US' },
      contact: { name: 'Alicia Romero', email: 'alicia@groovestreet.com', title: 'Director of Logistics' },
      form: { message: 'Late shipments keep piling up in our returns process; we need it fixed before the holidays.' },
      events: [
        { type: 'page_view', at: ago(0, 5), page: '/pricing' },
        { type: 'page_view', at: ago(1, 5), page: '/pricing/enterprise' },
      ],
      consent: { email: true },
    },
  },
  {
    owner: 'Violet Mclelland',
    lead: {
      id: 'L-2202',
      created_at: ago(3),
      company: { name: 'Kinnamplus', domain: 'kinnamplus.com', industry: 'retail', employees: 1831, annual_revenue: 702_720_000, country: 'US', enriched_at: '2025-03-02T00:00:00Z' },
      contact: { name: 'Tom Becker', email: 'tom.becker@kinnamplus.com', title: 'Director, Finance' },
      form: { type: 'contact_sales', message: 'Forecast accuracy is our problem this quarter.' },
      consent: { email: true },
    },
  },
  {
    owner: 'Corliss Cosme',
    lead: {
      id: 'L-2203',
      created_at: ago(9),
      company: { name: 'Toughzap', domain: 'toughzap.com', industry: 'retail', employees: 799, country: 'US' },
      contact: { name: 'Nina Alvarez', email: 'nina.alvarez@toughzap.com', title: 'Director of Operations' },
      source: { channel: 'display' },
      events: [
        { type: 'content_download', at: ago(9), asset: 'warehouse-kpis' },
        { type: 'page_view', at: ago(7), page: '/services' },
      ],
      consent: { email: false },
    },
  },
  {
    owner: 'Rosie Papadopoulos',
    lead: {
      id: 'L-2204',
      created_at: ago(2),
      company: { name: 'Sunnamplex', domain: 'sunnamplex.pl', industry: 'marketing', employees: 1593, annual_revenue: 894_370_000, country: 'PL' },
      contact: { name: 'Piotr Nowak', email: 'piotr.nowak@sunnamplex.pl', title: 'Head of Operations' },
      form: { type: 'demo', message: 'We want to streamline campaign operations.' },
      consent: { email: true },
    },
  },
  {
    owner: 'Garret Kinder',
    lead: {
      id: 'L-2205',
      created_at: ago(8),
      company: { name: 'Domzoom', domain: 'domzoom.com', industry: 'entertainment', employees: 551, annual_revenue: 217_870_000, country: 'US' },
      contact: { name: 'Giulia Conti', email: 'g.conti@domzoom.com', title: 'Logistics Coordinator' },
      events: [
        { type: 'pricing_view', at: ago(8), page: '/pricing' },
        { type: 'content_download', at: ago(7), asset: 'warehouse-kpis' },
      ],
      consent: { email: true },
    },
  },
  {
    owner: 'Wilburn Farren',
    lead: {
      id: 'L-2206',
      created_at: ago(1),
      company: { name: 'Cancity', domain: 'cancity.com', industry: 'retail', employees: 2448, annual_revenue: 718_620_000, country: 'US' },
      contact: { name: 'Beth Nolan', email: 'beth.nolan@cancity.com', title: 'Executive Assistant to the CEO' },
      form: { type: 'demo_request', message: 'Our CEO asked me to set up a demo for the leadership team.' },
      consent: { email: true },
    },
  },
  {
    owner: 'Elizabeth Anderson',
    lead: {
      id: 'L-2207',
      created_at: ago(2),
      company: { name: 'Newex', domain: 'newex.de', industry: 'services', employees: 3492, annual_revenue: 1_012_720_000, country: 'DE' },
      contact: { name: 'Jonas Richter', email: 'jonas.richter@newex.de', title: 'Head of Process Excellence' },
      form: { type: 'consultation_request', message: 'We are overhauling procurement and want an outside view.' },
      consent: { email: true },
    },
  },
  {
    owner: 'Carol Thompson',
    lead: {
      id: 'L-2208',
      created_at: ago(3),
      company: { name: 'Genco Pura Olive Oil Company', domain: 'gencopura.it', industry: 'retail', employees: 1635, annual_revenue: 894_330_000, country: 'IT' },
      contact: { name: 'Giulia Ferri', email: 'g.ferri@gencopura.it', title: 'Head of Logistics' },
      events: [
        { type: 'pricing_view', at: ago(3), page: '/pricing' },
        { type: 'content_download', at: ago(4), asset: 'warehouse-kpis' },
      ],
      consent: { email: true },
    },
  },
  {
    owner: 'Kami Bicknell',
    lead: {
      id: 'L-4412',
      created_at: ago(15),
      company: { name: 'Scottech', domain: 'scottech.com', industry: 'marketing', employees: 100, annual_revenue: 45_390_000, country: 'US' },
      contact: { name: 'Erin Walsh', email: 'erin.walsh@scottech.com', title: 'Marketing Manager' },
      form: { type: 'whitepaper' },
      events: [{ type: 'content_download', at: ago(15), asset: 'ops-playbook' }],
      consent: { email: true },
    },
  },
  // --- Free mail ------------------------------------------------------------------------------
  {
    owner: 'Daniell Hammack',
    lead: {
      id: 'L-2301',
      created_at: ago(1),
      company: { name: 'Betasoloin', industry: 'medical', employees: 495, country: 'US' },
      contact: { name: 'Chris Doyle', email: 'chris.doyle.ops@gmail.com', title: 'VP Operations' },
      form: { type: 'consultation_request', message: 'Patient intake is a manual process with spreadsheets everywhere.' },
      consent: { email: true },
    },
  },
  {
    owner: 'Cassey Cress',
    lead: {
      id: 'L-2302',
      created_at: ago(12),
      contact: { name: 'Lee Morgan', email: 'leemorgan77@yahoo.com' },
      form: { type: 'ebook' },
      events: [{ type: 'content_download', at: ago(12), asset: 'ops-playbook' }],
      consent: { email: true },
    },
  },
  // --- Students -------------------------------------------------------------------------------
  {
    owner: 'Donn Cantrell',
    lead: {
      id: 'L-3301',
      created_at: ago(2),
      contact: { name: 'Priya Natarajan', email: 'priya.n@umich.edu', title: 'Graduate Student' },
      form: { type: 'consultation_request', message: "I'm writing my thesis on warehouse operations and would love a 20-minute interview." },
      consent: { email: true },
    },
  },
  {
    owner: 'Donn Cantrell',
    lead: {
      id: 'L-3306',
      created_at: ago(6),
      company: { name: 'Warephase', industry: 'services', employees: 5276, country: 'US' },
      contact: { name: 'Ben Ortiz', email: 'b.ortiz@stanford.edu', title: 'Director of Operations' },
      form: { type: 'contact_sales', message: 'Evaluating partners for our supply chain redesign next quarter.' },
    },
  },
  // --- Competitors ----------------------------------------------------------------------------
  {
    owner: 'Reed Clapper',
    lead: {
      id: 'L-3302',
      created_at: ago(1),
      company: { name: 'NorthPeak', domain: 'northpeak.co', industry: 'software', employees: 300, country: 'US' },
      contact: { name: 'Alex Moreau', email: 'alex.moreau@northpeak.co', title: 'Partner' },
      form: { type: 'contact_sales', message: 'Can you send your pricing and a sample proposal?' },
    },
  },
  {
    owner: 'Reed Clapper',
    lead: {
      id: 'L-3307',
      created_at: ago(9),
      company: { name: 'VantagePoint Advisory', domain: 'vantagepoint-advisory.com', employees: 450, country: 'GB' },
      contact: { name: 'Harriet Cole', email: 'h.cole@vantagepoint-advisory.com', title: 'Senior Consultant' },
      events: [
        { type: 'content_download', at: ago(9), asset: 'ops-playbook' },
        { type: 'content_download', at: ago(8), asset: 'order-to-cash-playbook' },
        ...pageViews(5, 8, ['/pricing', '/case-studies/streethex']),
      ],
    },
  },
  // --- Vendors and agencies pitching ----------------------------------------------------------
  {
    owner: 'Boris Faz',
    lead: {
      id: 'L-3303',
      created_at: ago(1),
      company: { name: 'RankRocket Digital Marketing Agency', domain: 'rankrocket.io', country: 'IN' },
      contact: { name: 'Raj Mehta', email: 'raj@rankrocket.io', title: 'Business Development Manager' },
      form: { type: 'contact_sales', message: 'Hi! Our agency offers SEO services that will get you to the first page of Google. Can we book a quick call?' },
    },
  },
  {
    owner: 'Boris Faz',
    lead: {
      id: 'L-3308',
      created_at: ago(3),
      company: { name: 'CodeBridge Outsourcing', domain: 'codebridge-dev.com', employees: 600, country: 'PL' },
      contact: { name: 'Marta Zielinska', email: 'marta@codebridge-dev.com', title: 'Partnerships Director' },
      form: { type: 'contact', message: 'We provide dedicated developers and an offshore team at half the cost. Partnership opportunity?' },
    },
  },
  // --- Job seekers ----------------------------------------------------------------------------
  {
    owner: 'Natalya Ivanova',
    lead: {
      id: 'L-3304',
      created_at: ago(1),
      contact: { name: 'Jordan Park', email: 'jordan.p@gmail.com', title: 'Operations Analyst' },
      form: { type: 'consultation_request', message: 'Are you hiring? I attached my resume and would love to join your team as a consultant.' },
    },
  },
  {
    owner: 'Natalya Ivanova',
    lead: {
      id: 'L-3309',
      created_at: ago(4),
      contact: { name: 'Casey Nguyen', email: 'casey.nguyen@outlook.com', title: 'Supply chain professional, open to work' },
      form: { type: 'careers', message: 'Please consider me for any open positions.' },
    },
  },
  // --- Out of market --------------------------------------------------------------------------
  {
    owner: 'Vicki Laflamme',
    lead: {
      id: 'L-3305',
      created_at: ago(2),
      company: { name: 'Condax', domain: 'condax.com', industry: 'medical', employees: 9, annual_revenue: 4_540_000, country: 'US' },
      contact: { name: 'Ellen Shaw', email: 'ellen@condax.com', title: 'Founder' },
      form: { type: 'consultation_request', message: 'We need help organising our deliveries.' },
    },
  },
  {
    owner: 'Vicki Laflamme',
    lead: {
      id: 'L-3310',
      created_at: ago(5),
      company: { name: 'Zencorporation', domain: 'zencorporation.cn', industry: 'technolgy', employees: 142, annual_revenue: 40_790_000, country: 'CN' },
      contact: { name: 'Wei Zhang', email: 'wei.zhang@zencorporation.cn', title: 'Director of IT' },
      events: [{ type: 'demo_request', at: ago(5) }],
    },
  },
  {
    owner: 'Rosalina Dieter',
    lead: {
      id: 'L-3311',
      created_at: ago(3),
      company: { name: 'Lucky Seven Casino Group', domain: 'luckyseven-casino.com', industry: 'casino', employees: 900, country: 'US' },
      contact: { name: 'Frank DeLuca', email: 'frank@luckyseven-casino.com', title: 'VP Operations' },
      form: { type: 'consultation_request', message: 'Our cage operations are slow and error rates are up.' },
    },
  },
  {
    owner: 'Rosalina Dieter',
    lead: {
      id: 'L-3312',
      created_at: ago(7),
      company: { name: 'Mathtouch', domain: 'mathtouch.jo', industry: 'marketing', employees: 9516, annual_revenue: 3_027_460_000, country: 'JO' },
      contact: { name: 'Rami Khalil', email: 'rami.khalil@mathtouch.jo', title: 'Operations Manager' },
      events: [{ type: 'webinar_attended', at: ago(7) }],
    },
  },
  // --- Spam and invalid contacts --------------------------------------------------------------
  {
    owner: 'Hayden Neloms',
    lead: {
      id: 'L-3313',
      created_at: ago(0, 2),
      contact: { name: 'Winner Team', email: 'promo@best-deals.biz' },
      form: { type: 'contact', message: 'You are a WINNER! Claim your crypto bonus https://a.biz https://b.biz www.c.biz' },
    },
  },
  {
    owner: 'Hayden Neloms',
    lead: {
      id: 'L-3314',
      created_at: ago(1),
      company: { name: 'Plexzap', industry: 'retail', employees: 4874, country: 'US' },
      contact: { name: 'Test User', email: 'asdf@mailinator.com', title: 'Director' },
      form: { type: 'demo_request' },
    },
  },
];
