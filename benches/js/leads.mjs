// Deterministic, realistic leads (the Lead contract: /work/shared/design/CONTRACTS.md,
// src/core/lead.rs) for comparing leadlens with the JavaScript alternatives in this folder.
//
//   import { generateLeads, NOW } from './leads.mjs';
//   const leads = generateLeads(1200, 7);                    // the vocabulary alone
//   const data = await loadSharedData();                     // ../shared/data, or null when absent
//   const mixed = generateLeads(1200, 7, { data });          // plus rows shaped from Olist and Maven
//
// Same count + seed (+ data) → the same leads, on every machine: a seeded PRNG (mulberry32), never
// Math.random, and every timestamp is relative to the fixed NOW. The leads are built from the
// default model's vocabulary — industries with their aliases and excluded ones, employee and
// revenue ranges and their edges, countries, regions and aliases, seniority and function titles
// with abbreviations and odd casing, free-mail, disposable, academic, competitor, strategic and
// vendor domains, hand-raisers and passive events spread over and beyond the 90-day look-back,
// messages with BANT cues, negative phrases and links — and from the untidy shapes CRMs send
// (lenient numbers such as "51-200" or "$48M", URLs as domains, blank and null fields).
//
// Archetypes (an ideal buyer, activity-only, a student…) give a mix over every route and every
// disqualification code; each lead is then roughened independently, so no two are alike.

import model from '../../models/default.json' with { type: 'json' };

/** The instant every lead is scored at; event dates are spread around it. */
export const NOW = '2026-11-22T12:00:00Z';
const NOW_MS = Date.parse(NOW);
const DAY = 86_400_000;

/** mulberry32: a small, fast 32-bit PRNG; plenty for test data. Returns floats in [0, 1). */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function tools(random) {
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(random() * list.length)];
  const chance = (p) => random() < p;
  /** Picks from [[weight, value], …]. */
  const weighted = (pairs) => {
    const total = pairs.reduce((s, [w]) => s + w, 0);
    let r = random() * total;
    for (const [w, v] of pairs) {
      r -= w;
      if (r < 0) return v;
    }
    return pairs[pairs.length - 1][1];
  };
  const shuffle = (list) => {
    const out = [...list];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  return { random, int, pick, chance, weighted, shuffle };
}

// ---- vocabulary -------------------------------------------------------------------------------

const FIT = model.fit;
const aliasesTo = (map, targets) =>
  Object.entries(map)
    .filter(([, to]) => targets.includes(to))
    .map(([alias]) => alias);

const INDUSTRY = {
  primary: [...FIT.industry.primary, ...aliasesTo(FIT.industry.aliases, FIT.industry.primary)],
  secondary: [...FIT.industry.secondary, ...aliasesTo(FIT.industry.aliases, FIT.industry.secondary)],
  excluded: [...FIT.industry.excluded, ...aliasesTo(FIT.industry.aliases, FIT.industry.excluded)],
  // Known industries outside every list, as CRMs and the Maven sample spell them.
  other: ['Oil & Energy', 'Telecommunications', 'Marketing', 'Services', 'Entertainment', 'Employment',
    'Real Estate', 'Construction', 'Non-profit', 'Hospitality', 'Agriculture', 'Media', 'Consulting',
    'Manufacturer', 'Softwares'],
  // Several terms at once: the most specific one counts.
  compound: ['Healthcare Software', 'Software Development', 'Education Technology', 'Logistics and Supply Chain',
    'Retail Banking', 'Government Technology', 'Computer Software / SaaS', 'Hospital & Health Care',
    'Industrial Automation', 'Financial Services & Insurance', 'Higher Education Software', 'Casino & Gaming',
    'E-commerce Logistics', 'Medical Devices Manufacturing', 'Public Sector Consulting', 'Consumer Goods Retail'],
};

const SERVED = Object.values(FIT.country.regions).flat();
const COUNTRY_ALIASES = Object.keys(FIT.country.aliases);
const COUNTRY = {
  served: [...SERVED, ...SERVED.map((c) => c.toLowerCase()),
    ...COUNTRY_ALIASES.filter((a) => SERVED.includes(FIT.country.aliases[a])),
    'U.S.', 'U.S.A.', 'United States', 'U.K.', 'Deutschland', 'The Netherlands', 'Czech Republic'],
  notServed: ['BR', 'IN', 'MX', 'AU', 'SG', 'JP', 'ZA', 'ae', 'Brasil', 'Brazil', 'India', 'Mexico',
    'Philippines', 'Kenya', 'Nigeria', 'South Africa', 'Singapore', 'Japan', 'China', 'Korea', 'UAE', 'Russia'],
  unrecognised: ['Philipines', 'Europe', 'EMEA', 'Jordan', 'Panama', 'N/A', 'Earth', 'Remote', 'Unknown', 'Bavaria'],
};

const FIRST = ['Dana', 'Alex', 'Sam', 'Priya', 'Jonas', 'Marie', 'Kenji', 'Lucía', 'Omar', 'Chloé', 'Finn',
  'Grace', 'Mateo', 'Ines', 'Tomasz', 'Aisha', 'Lars', 'Noor', 'Eva', 'Raj', 'Sofia', 'Björn', 'Zoë'];
const LAST = ['Ruiz', 'Nguyen', 'Schmidt', 'Okafor', 'Dubois', 'Rossi', 'Kowalski', 'Jensen', 'Patel', 'Müller',
  'García', 'Smith', "O'Brien", 'Lindqvist', 'Moreau', 'Tanaka', 'Silva', 'Novak', 'Brennan', 'Haddad'];
const NAME_A = ['Acme', 'Northwind', 'Contoso', 'Fabrikam', 'Tailspin', 'Wingtip', 'Blue Yonder', 'Lakeshore',
  'Ironbridge', 'Summit', 'Keystone', 'Brightwater', 'Redwood', 'Polaris', 'Meridian', 'Cobalt', 'Harbor',
  'Granite', 'Vertex', 'Silverline', 'Kestrel', 'Alder', 'Orion', 'Nordic', 'Pioneer'];
const NAME_B = {
  software: ['Software', 'Labs', 'Cloud', 'Systems', 'Analytics', 'Technologies', 'Digital'],
  fintech: ['Pay', 'Capital', 'Financial', 'Ledger', 'Bank'],
  logistics: ['Logistics', 'Freight', 'Shipping', 'Transport', 'Supply'],
  manufacturing: ['Manufacturing', 'Industries', 'Works', 'Components', 'Motors'],
  other: ['Group', 'Holdings', 'Partners', 'Co', 'Inc.', 'GmbH', 'Ltd', 'S.A.', 'AG'],
};
const TLDS = ['com', 'com', 'com', 'io', 'co', 'de', 'fr', 'co.uk', 'nl', 'ca', 'eu', 'com.br', 'in'];

const FREE_MAIL = model.email.free_mail_domains;
const DISPOSABLE = model.email.disposable_domains;
const ACADEMIC = ['stateu.edu', 'mit.edu', 'cs.stanford.edu', 'ox.ac.uk', 'ucl.ac.uk', 'unimelb.edu.au',
  'usp.edu.br', 'campus.student.dk', 'kth.se', 'tum.de'];
const COMPETITORS = model.negative.find((r) => r.code === 'competitor').match.domains;
const STRATEGIC = model.routing.strategic_accounts;
const VENDOR_COMPANIES = ['Growth Agency', 'RankUp SEO', 'Offshore Outsourcing Ltd', 'LeadGen Pros',
  'Pixel Web Design', 'Bright Digital Marketing', 'Apex Staffing', 'Nova Marketing Solutions', 'Leadgen Labs'];

// Titles: seniority × function, abbreviated and punctuated the many ways people type them.
const SENIOR = ['Chief', 'VP', 'V.P.', 'Vice President', 'Vice-President', 'SVP', 'EVP', 'Head of', 'Director',
  'Director of', 'Dir.', 'Sr. Director', 'Senior Director,', 'Global Head,', 'Directeur', 'Direktor',
  'Managing Director', 'General Manager'];
const JUNIOR = ['Manager', 'Sr. Manager', 'Mgr', 'Team Lead', 'Lead', 'Supervisor', 'Analyst', 'Senior Analyst',
  'Specialist', 'Coordinator', 'Associate', 'Engineer', 'Consultant', 'Administrator', 'Representative'];
const FUNCTION = ['Operations', 'Ops', 'Supply Chain', 'Logistics', 'Fulfillment', 'Procurement',
  'Process Excellence', 'Finance', 'Financial Planning', 'FP&A', 'Accounting', 'Treasury',
  'Revenue Operations', 'RevOps', 'Rev Ops', 'Sales Operations', 'Sales Ops', 'GTM Operations', 'IT',
  'Information Technology', 'Technology', 'Systems', 'Infrastructure', 'Digital Transformation',
  'Marketing', 'HR', 'Human Resources', 'People', 'Talent', 'Legal', 'Design', 'Customer Success',
  'Support', 'Product', 'Engineering', 'Sales', 'Business Development', 'Strategy'];
const WHOLE_TITLES = ['CEO', 'CFO', 'COO', 'CIO', 'CTO', 'CRO', 'CMO', 'Chief Operating Officer',
  'Chief Financial Officer', 'Co-Founder & CEO', 'Founder', 'Cofounder', 'Owner', 'President', 'Partner',
  'Managing Director', 'Controller', 'Financial Controller', 'Executive Assistant to the CEO',
  'Personal Assistant', 'Office Manager', 'Product Owner', 'Software Engineer', 'Operations Analyst',
  'Accountant', 'Procurement Officer', 'Head of IT', 'VP Ops', 'Dir. of Finance & Ops', 'VP, Sales Ops',
  'Geschäftsführer', 'Directeur des opérations', 'Leiter Einkauf', 'General Counsel', 'Buyer', 'Intern',
  'Board Member', 'Internal Audit Manager', 'International Logistics Director', 'Headhunter'];
const STUDENT_TITLES = ['Student', 'MBA Candidate', 'PhD Student', 'PhD candidate', 'Graduate Student',
  'Undergraduate', 'Research Assistant', 'Teaching Assistant', 'Intern', 'Supply Chain Intern',
  'Internship – Operations', 'student'];
const JOB_SEEKER_TITLES = ['Open to Work', 'Job Seeker', 'Jobseeker', 'Seeking Opportunities',
  'Looking for opportunities in Ops', 'Unemployed', 'Career Changer', 'Seeking employment'];

// Message sentences by what they say.
const SAY = {
  need: ['Our order-to-cash process is a bottleneck.', 'We are struggling with manual processes in finance.',
    'Month end close takes us 12 days.', 'Too many spreadsheets and errors in our forecasting.',
    'Late shipments are hurting our NPS!', 'We need to scale operations across three new warehouses.',
    'Our backlog keeps growing', 'We want to streamline procurement and reduce costs.',
    'Forecast accuracy is poor and churn is up.', 'We have no visibility into inventory, stockouts every week.',
    'Our billing is broken.', 'We need to fix our onboarding process', 'The warehouse is slow.',
    'Our inefficiencies cost us deals.', 'Delays everywhere.', 'Pain points: reporting and approvals.',
    'Looking to overhaul our S&OP.', 'We have a cost overrun problem on projects.'],
  timeline: ['We want to start this quarter.', 'Go live by end of year.', 'Timeline: Q1 2027.',
    'Ideally within 90 days.', 'This is urgent.', 'We need this ASAP!', 'Deadline is next month.',
    'Could we start in January?', 'Before the holidays if possible.', 'By March at the latest.',
    'In the coming weeks.', 'We plan to decide next quarter.'],
  budget: ['We have budget approved for Q1.', 'Budget is allocated.', 'The project is funded.',
    'Funding approved by the board.', 'We budgeted 150k for this.', 'Purchase order ready once we agree.',
    'What is the price range?', 'We need to show ROI quickly.', 'What is the cost of an assessment?'],
  authority: ['I own the operations budget.', 'I lead the finance transformation.', 'I run supply chain.',
    'I am responsible for the rollout.', "I'm responsible for RevOps.", 'I report to the CEO.',
    'Our board asked for this.', 'The CFO asked me to reach out.', 'I manage a team of 40 planners.',
    'I am the decision maker.', 'My team needs help.'],
  neutral: ['Hello.', 'Thanks!', 'Please send more information.', 'Saw your talk at the conference.',
    'Who else in logistics have you worked with?', 'Can you share a case study?', 'Great webinar',
    'Interested in your services.', 'Just browsing for now.', 'We are happy with our current setup.',
    'Not a priority right now.', 'Call me on my mobile.', 'v2.5 of our ERP is coming', 'No rush.',
    'We met at Logistics World 2026.'],
  student: ["I'm writing my thesis on warehouse operations.", 'This is for a class project.',
    'I am a student at State University.', 'For my research paper on supply chains.',
    'Our capstone team would love an interview.', 'My professor recommended your blog.',
    'Homework question: how do you measure OTIF?', 'I’m a student looking for data.',
    'Assignment for my operations course.', 'As a student I would like a discount.'],
  jobSeeker: ['Are you hiring?', 'I am looking for a job in operations consulting.',
    'Please find my resume attached.', 'I would like to apply for the analyst position.',
    'Any open positions in Berlin?', 'Looking for work as a consultant.', 'My CV is attached.',
    'Interested in job opportunities.', 'I want to join your team.', 'Applying for the internship.',
    'Do you have vacancies?', 'Career opportunities?', 'Please consider my résumé.'],
  vendor: ['Our agency can get you to the first page of Google.', 'We offer SEO services at low cost.',
    'We are an agency specialising in link building.', 'We provide offshore development teams.',
    'Hire dedicated developers from us.', 'Partnership opportunity: white label dashboards.',
    'We would love to partner with you.', 'We can help you get more leads.',
    'Book a call with me this week.', 'Guest posts on high-authority blogs available.',
    'Our lead generation services fill your pipeline.', 'Quick call to discuss how we can help?'],
  spam: ['Invest in crypto now!', 'Bitcoin doubling guaranteed.', 'Best casino bonuses.', 'Cheap viagra.',
    'Forex signals free.', 'Loan offers for you.', 'Click here to claim.', 'You are a winner!',
    'Lottery results inside.', 'Buy now, limited offer.', 'Payday loans approved instantly.'],
  links: ['See https://example.com/offer.', 'Visit www.best-deals.biz today.', 'More at http://bit.ly/x1.',
    'https://www.promo.example and www.other.example', 'HTTP://SHOUTY.EXAMPLE/now',
    'Our site: https://acme.example/about'],
  // Near misses: cue-like words that are not cues, or are split across sentences.
  nearMiss: ['We had an error.', 'The process runs slowly.', 'No budgetary constraints on my side… kidding.',
    'Let us talk this. Quarter-end is busy though.', 'It is an internal project.', 'The intern will join the call.',
    'We are not students of history.', 'Visit wwww.typo.example.'],
};

const HAND_RAISERS = model.intent.signals.filter((s) => s.kind === 'hand_raiser').map((s) => s.type);
const PASSIVE = model.intent.signals.filter((s) => s.kind === 'passive').map((s) => s.type);
const UNKNOWN_EVENTS = ['chat_started', 'Demo_Request', 'webinar_registration', 'video_play', 'sales_call',
  'case_study_view', 'newsletter_signup'];
const PAGES = ['/pricing', '/pricing/enterprise', '/Pricing', '/blog/ops-playbook', '/case-studies/acme', '/',
  '/services/finance', '/about', '/careers', '/pricing?plan=pro', '/en/pricing'];
const ASSETS = ['ops-playbook', 'month-end-checklist', 'revops-benchmark-2026', 'warehouse-kpis'];
const FORM_TYPES = {
  hand: ['consultation_request', 'consultation', 'demo_request', 'demo', 'contact_sales', 'contact', 'trial',
    'trial_signup'],
  passive: ['content_download', 'ebook', 'whitepaper', 'webinar_registration', 'newsletter', 'Demo', 'gated_content'],
  jobs: ['careers', 'job_application', 'Careers', 'JOB_APPLICATION'],
};
const CHANNELS = ['organic_search', 'paid_search', 'social', 'direct_traffic', 'email', 'referral', 'display',
  'other', 'unknown'];

// ---- field builders ---------------------------------------------------------------------------

function builders(t) {
  const { int, pick, chance, weighted } = t;

  const recase = (s) =>
    weighted([
      [6, s],
      [1, s.toUpperCase()],
      [1, s.toLowerCase()],
      [1, s.replace(/\b\w/g, (c) => c.toUpperCase())],
      [1, `  ${s} `],
    ]);

  const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
  const isoVariant = (ms) =>
    weighted([
      [8, iso(ms)],
      [1, new Date(ms).toISOString()], // with milliseconds
      [1, iso(ms + 2 * 3600_000).replace('Z', '+02:00')], // the same instant, in CEST
    ]);
  // An instant `days` ago (fractional), to the second.
  const ago = (days) => NOW_MS - Math.round((days * DAY) / 1000) * 1000;

  function industry(kind) {
    switch (kind) {
      case 'primary':
      case 'secondary':
      case 'excluded':
      case 'other':
      case 'compound':
        return recase(pick(INDUSTRY[kind]));
      default:
        return pick([undefined, null, '', '  ']);
    }
  }

  function employees(kind) {
    const n = {
      icp: () => weighted([[5, int(50, 199)], [4, int(200, 999)], [1, int(1000, 2000)], [1, pick([50, 199, 200, 999, 1000, 2000])]]),
      small: () => weighted([[2, int(20, 49)], [1, pick([20, 49])]]),
      tiny: () => weighted([[2, int(1, 19)], [1, 19], [1, 0]]),
      enterprise: () => weighted([[3, int(2001, 60000)], [1, 2001]]),
    }[kind];
    if (!n) return pick([undefined, null, '']);
    const value = n();
    return weighted([
      [10, value],
      [1, value.toLocaleString('en-US')], // "1,200"
      [1, String(value)],
      [kind === 'icp' ? 1 : 0, pick(['51-200', '201-500', '501-1000', '1001-5000', '11-50'])],
      [kind === 'enterprise' ? 1 : 0, pick(['10000+', '5k', '10,001+'])],
    ]);
  }

  function revenue(kind) {
    const value = {
      under: () => weighted([[3, int(100, 4_999) * 1000], [1, 4_999_999], [1, 0]]),
      mid: () =>
        weighted([[6, int(5, 80) * 1_000_000], [2, int(80, 999) * 1_000_000], [1, pick([5_000_000, 999_999_999, 249_999_999, 250_000_000])]]),
      over: () => weighted([[3, int(1000, 90_000) * 1_000_000], [1, 1_000_000_000]]),
    }[kind];
    if (!value) return pick([undefined, undefined, null, '']);
    const v = value();
    return weighted([
      [8, v],
      [1, `$${v.toLocaleString('en-US')}`],
      [v >= 1e6 && v % 1e6 === 0 ? 1 : 0, `${v / 1e6}M`],
      [v >= 1e9 && v % 1e8 === 0 ? 1 : 0, `$${v / 1e9}B`],
      [v >= 1e3 && v < 1e6 && v % 1e3 === 0 ? 1 : 0, `€${v / 1e3}k`],
    ]);
  }

  function country(kind) {
    if (kind === 'missing') return pick([undefined, null, '']);
    return recase(pick(COUNTRY[kind]));
  }

  function title(kind) {
    switch (kind) {
      case 'senior': {
        const s = pick(SENIOR);
        const f = pick(FUNCTION.slice(0, 24)); // an ICP function
        return recase(weighted([[3, `${s} ${f}`], [1, `${f} ${s.replace(/ of$|,$/, '')}`], [1, `${s} ${f} & ${pick(FUNCTION)}`]]));
      }
      case 'any': {
        const s = weighted([[2, pick(SENIOR)], [3, pick(JUNIOR)], [1, '']]);
        const f = pick(FUNCTION);
        return recase(weighted([[4, `${s} ${f}`.trim()], [2, `${f} ${s}`.trim()], [2, pick(WHOLE_TITLES)]]));
      }
      case 'junior':
        return recase(weighted([[3, `${pick(FUNCTION)} ${pick(JUNIOR)}`], [1, `${pick(JUNIOR)}, ${pick(FUNCTION)}`]]));
      case 'student':
        return recase(pick(STUDENT_TITLES));
      case 'job_seeker':
        return recase(pick(JOB_SEEKER_TITLES));
      default:
        return pick([undefined, null, '', 'N/A', '-', 'Mr.', 'Someone']);
    }
  }

  function company(sector) {
    const a = pick(NAME_A);
    const b = pick(NAME_B[sector] ?? NAME_B.other);
    const name = `${a} ${b}`;
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '');
    return { name, domain: `${slug}.${pick(TLDS)}` };
  }

  // How a CRM spells a company's domain.
  const domainForm = (d) =>
    weighted([
      [10, d],
      [1, `https://www.${d}/`],
      [1, `www.${d}`],
      [1, d.toUpperCase()],
      [1, `http://${d}/about?ref=x`],
      [1, `${d}.`],
    ]);

  function person() {
    return { first: pick(FIRST), last: pick(LAST) };
  }

  function email(p, domain, kind) {
    let local = weighted([
      [4, `${p.first}.${p.last}`],
      [2, `${p.first[0]}${p.last}`],
      [1, p.first],
      [1, `${p.first}+leads`],
    ])
      .toLowerCase()
      .replace(/['\s]/g, '');
    // Most systems strip accents from addresses; some keep them ("chloé@…" is valid).
    if (chance(0.8)) local = local.normalize('NFD').replace(/\p{M}/gu, '');
    const at = (d) => `${chance(0.1) ? local.toUpperCase() : local}@${chance(0.1) ? d.toUpperCase() : d}`;
    switch (kind) {
      case 'work':
        return at(domain);
      case 'subdomain':
        return at(`mail.${domain}`);
      case 'free':
        return at(pick(FREE_MAIL));
      case 'disposable':
        return at(pick(DISPOSABLE));
      case 'academic':
        return at(pick(ACADEMIC));
      case 'competitor':
        return at(pick([...COMPETITORS, `mail.${COMPETITORS[0]}`]));
      case 'invalid':
        return pick([local, `${local}@`, `@${domain}`, `${local}@${domain.split('.')[0]}`, `${local}@@${domain}`,
          `${p.first} ${p.last}@${domain}`, 'n/a', `${local}@${domain.replace('.', '..')}`, `${local}@acme.c0m`,
          `.${local}@${domain}`, `${local} at ${domain}`, `${local}@-${domain}`]);
      default:
        return pick([undefined, null, '', ' ']);
    }
  }

  function message(parts) {
    if (parts.length === 0) return pick([undefined, null, '', '   ']);
    const sentences = parts.map((p) => pick(SAY[p]));
    return weighted([[6, sentences.join(' ')], [2, sentences.join('\n')], [1, sentences.join('  ')], [1, sentences.join(' ').toLowerCase()]]);
  }

  // Events of the given types, `days` ago; some without `at` (they count at created_at / now).
  function events(types, days) {
    return types.map((type) => {
      const e = { type };
      const d = days();
      if (chance(0.94)) e.at = isoVariant(ago(d));
      if (type === 'page_view') e.page = pick(PAGES);
      if (type === 'content_download' && chance(0.7)) e.asset = pick(ASSETS);
      return e;
    });
  }

  // Ages in days: recent, decayed, at and beyond the 90-day look-back, a little in the future.
  const ages = {
    recent: () => weighted([[3, t.random() * 7], [1, 0]]),
    month: () => t.random() * 45,
    spread: () =>
      weighted([
        [5, t.random() * 90],
        [2, 90 + t.random() * 150],
        [1, pick([14, 21, 30, 60, 89.999, 90, 90.0001])],
        [1, -t.random() * 2],
      ]),
    old: () => 91 + t.random() * 300,
  };

  return { recase, iso, isoVariant, ago, industry, employees, revenue, country, title, company, domainForm,
    person, email, message, events, ages };
}

// ---- archetypes ---------------------------------------------------------------------------------

/**
 * One lead of the given archetype. `f` holds the field builders, `t` the random tools; `data` the
 * optional shared-data pools.
 */
function build(archetype, id, t, f, data) {
  const { pick, chance, weighted, int } = t;
  const sector = pick(['software', 'fintech', 'logistics', 'manufacturing', 'other']);
  const co = f.company(sector);
  const p = f.person();
  // Defaults: a plausible mid-market lead; archetypes override what makes them what they are.
  const spec = {
    industry: weighted([[5, 'primary'], [2, 'secondary'], [1, 'other'], [1, 'compound'], [1, 'missing']]),
    employees: weighted([[6, 'icp'], [1, 'small'], [1, 'enterprise'], [1, 'missing']]),
    revenue: weighted([[3, 'under'], [5, 'mid'], [1, 'over'], [6, 'missing']]),
    country: weighted([[8, 'served'], [1, 'notServed'], [1, 'unrecognised'], [1, 'missing']]),
    title: weighted([[4, 'senior'], [4, 'any'], [1, 'junior'], [1, 'missing']]),
    email: weighted([[7, 'work'], [1, 'subdomain'], [2, 'free'], [1, 'missing']]),
    companyDomain: chance(0.6),
    companyName: chance(0.9) ? co.name : undefined,
    domain: co.domain,
    say: [],
    events: [],
    formType: weighted([[3, null], [3, pick(FORM_TYPES.hand)], [2, pick(FORM_TYPES.passive)]]),
    createdDays: weighted([[6, t.random() * 3], [2, t.random() * 60], [1, 95 + t.random() * 100], [1, null]]),
  };
  const passive = (n, age = f.ages.spread) => f.events(Array.from({ length: n }, () => pick(PASSIVE)), age);
  const hand = (n, age = f.ages.recent) => f.events(Array.from({ length: n }, () => pick(HAND_RAISERS)), age);
  const unknown = (n) => f.events(Array.from({ length: n }, () => pick(UNKNOWN_EVENTS)), f.ages.spread);

  switch (archetype) {
    case 'ideal':
      Object.assign(spec, { industry: 'primary', employees: 'icp', country: 'served', title: 'senior', email: 'work',
        formType: pick(FORM_TYPES.hand), createdDays: t.random() * 4 });
      spec.say = t.shuffle(['need', 'timeline', 'budget', 'authority'].filter(() => chance(0.6)));
      spec.events = [...hand(int(0, 2)), ...passive(int(0, 4))];
      break;
    case 'good_fit_passive':
      Object.assign(spec, { industry: weighted([[3, 'primary'], [1, 'secondary']]), employees: 'icp', country: 'served',
        title: 'senior', formType: pick([null, ...FORM_TYPES.passive]) });
      spec.events = [...passive(int(1, 25)), ...unknown(int(0, 3))];
      spec.say = chance(0.3) ? ['neutral'] : [];
      break;
    case 'good_fit_stale':
      Object.assign(spec, { industry: 'primary', employees: 'icp', country: 'served', title: 'senior',
        formType: null });
      spec.events = [...hand(int(1, 3), f.ages.old), ...passive(int(0, 5), f.ages.old), ...hand(int(0, 1), f.ages.month)];
      spec.say = chance(0.5) ? [pick(['need', 'timeline', 'neutral'])] : [];
      break;
    case 'borderline':
      // Near the thresholds (fit 60, intent 40, margin 5): a mid-market fit and one contact or trial
      // request a week or two old, decayed to 30–45 points.
      Object.assign(spec, { industry: weighted([[3, 'primary'], [2, 'secondary']]),
        employees: weighted([[4, 'icp'], [1, 'small']]), country: weighted([[5, 'served'], [1, 'missing']]),
        title: weighted([[1, 'senior'], [2, 'any'], [2, 'junior'], [1, 'missing']]), revenue: pick(['mid', 'under', 'missing']),
        email: weighted([[4, 'work'], [1, 'free']]), formType: pick(['contact', 'contact_sales', 'trial', 'trial_signup']),
        createdDays: 2 + t.random() * 20 });
      spec.events = passive(int(0, 3), f.ages.month);
      spec.say = ['need', 'timeline', 'budget', 'authority', 'neutral'].filter(() => chance(0.12));
      break;
    case 'weak_negative':
      // A qualified-looking lead with a weak negative signal: an academic address (a university's
      // IT director) or a company name that sounds like an agency or staffing firm.
      Object.assign(spec, { industry: weighted([[3, 'primary'], [1, 'secondary'], [1, 'excluded']]), employees: 'icp',
        country: 'served', title: 'senior', email: chance(0.5) ? 'academic' : 'work',
        companyName: chance(0.5) ? pick(VENDOR_COMPANIES) : co.name,
        formType: weighted([[2, pick(FORM_TYPES.hand)], [1, null], [1, pick(FORM_TYPES.passive)]]) });
      spec.say = ['need', 'timeline', 'neutral'].filter(() => chance(0.4));
      spec.events = passive(int(0, 4));
      break;
    case 'newsletter':
      // Reads the newsletter and downloads the odd guide: nurture material.
      Object.assign(spec, { industry: pick(['primary', 'secondary', 'other', 'compound', 'missing']),
        employees: pick(['icp', 'small', 'missing']), title: pick(['any', 'junior', 'missing']),
        email: weighted([[3, 'work'], [2, 'free']]), formType: pick([null, ...FORM_TYPES.passive]) });
      spec.events = [...passive(int(0, 8)), ...unknown(int(0, 2))];
      spec.say = chance(0.3) ? [pick(['neutral', 'nearMiss'])] : [];
      break;
    case 'low_fit_hand_raiser':
      Object.assign(spec, { industry: weighted([[2, 'other'], [1, 'secondary'], [1, 'missing']]),
        employees: weighted([[1, 'small'], [1, 'missing'], [1, 'icp']]), title: weighted([[2, 'junior'], [1, 'missing']]),
        email: weighted([[2, 'free'], [1, 'work']]), formType: pick(FORM_TYPES.hand) });
      spec.say = chance(0.6) ? ['need', 'timeline'] : ['neutral'];
      spec.events = hand(int(0, 1));
      break;
    case 'random':
      // Every field independently, including the unlikely combinations.
      Object.assign(spec, {
        industry: pick(['primary', 'secondary', 'excluded', 'other', 'compound', 'missing']),
        employees: pick(['icp', 'small', 'tiny', 'enterprise', 'missing']),
        revenue: pick(['under', 'mid', 'over', 'missing']),
        country: weighted([[3, 'served'], [1, 'notServed'], [1, 'unrecognised'], [1, 'missing']]),
        title: weighted([[2, 'senior'], [2, 'any'], [2, 'junior'], [1, 'student'], [1, 'job_seeker'], [1, 'missing']]),
        email: weighted([[4, 'work'], [1, 'subdomain'], [2, 'free'], [1, 'disposable'], [1, 'academic'], [1, 'invalid'], [1, 'missing']]),
        formType: pick([null, ...FORM_TYPES.hand, ...FORM_TYPES.passive, ...FORM_TYPES.jobs]),
      });
      spec.say = Object.keys(SAY).filter(() => chance(0.1));
      spec.events = [...hand(int(0, 2), f.ages.spread), ...passive(int(0, 10)), ...unknown(int(0, 2))];
      break;
    case 'student':
      Object.assign(spec, { industry: weighted([[1, 'excluded'], [2, 'missing'], [1, 'primary']]),
        employees: pick(['missing', 'icp', 'enterprise']),
        title: weighted([[3, 'student'], [1, 'missing'], [1, 'any']]),
        email: weighted([[3, 'academic'], [2, 'free'], [1, 'work']]),
        formType: pick([null, 'content_download', 'consultation_request', 'contact']), companyDomain: false });
      spec.companyName = pick([undefined, 'State University', 'University of Oxford', co.name]);
      spec.say = chance(0.6) ? ['student', pick(['need', 'neutral', 'nearMiss'])] : [pick(['neutral', 'nearMiss'])];
      spec.events = passive(int(0, 4));
      break;
    case 'competitor':
      Object.assign(spec, { email: weighted([[3, 'competitor'], [1, 'free']]), companyDomain: true,
        domain: pick(COMPETITORS), companyName: pick(['NorthPeak', 'Vantagepoint Advisory', 'NorthPeak Consulting']) });
      spec.say = [pick(['neutral', 'need', 'budget'])];
      spec.events = [...hand(int(0, 1)), ...passive(int(0, 4))];
      break;
    case 'vendor':
      Object.assign(spec, { industry: pick(['other', 'missing', 'primary']),
        companyName: chance(0.6) ? pick(VENDOR_COMPANIES) : co.name, title: pick(['any', 'senior', 'junior']),
        formType: pick(['contact', 'contact_sales', null]) });
      spec.say = chance(0.7) ? ['vendor', pick(['neutral', 'links', 'vendor'])] : ['neutral'];
      spec.events = passive(int(0, 3));
      break;
    case 'job_seeker':
      Object.assign(spec, { title: weighted([[2, 'job_seeker'], [2, 'any'], [1, 'missing']]),
        email: weighted([[3, 'free'], [1, 'work']]), companyDomain: false,
        formType: weighted([[2, pick(FORM_TYPES.jobs)], [1, 'contact'], [1, null]]) });
      spec.say = chance(0.7) ? ['jobSeeker', pick(['neutral', 'authority'])] : ['neutral'];
      spec.events = f.events(['page_view', 'page_view'], f.ages.recent);
      break;
    case 'spam':
      Object.assign(spec, { industry: 'missing', employees: 'missing', country: pick(['missing', 'notServed', 'unrecognised']),
        title: 'missing', email: weighted([[2, 'free'], [1, 'disposable'], [1, 'work']]),
        formType: pick(['contact', null, 'demo']), companyName: pick([undefined, 'Best Deals', 'x']) });
      spec.say = weighted([[2, ['spam', 'links']], [1, ['links', 'links', 'links']], [1, ['spam']], [1, ['links', 'neutral', 'links']]]);
      break;
    case 'invalid_contact':
      Object.assign(spec, { email: weighted([[3, 'invalid'], [2, 'disposable']]) });
      spec.say = [pick(['need', 'neutral'])];
      spec.events = hand(int(0, 1));
      break;
    case 'out_of_market':
      if (chance(0.5)) spec.country = 'notServed';
      else if (chance(0.5)) spec.employees = 'tiny';
      else spec.industry = 'excluded';
      if (chance(0.3)) spec.formType = pick(FORM_TYPES.hand);
      spec.say = chance(0.5) ? ['need', 'timeline'] : [];
      spec.events = passive(int(0, 5));
      break;
    case 'strategic': {
      const account = pick(STRATEGIC);
      Object.assign(spec, { domain: account.domain, companyDomain: chance(0.6), email: weighted([[3, 'work'], [1, 'subdomain'], [1, 'free']]),
        companyName: pick([account.name, account.name.toUpperCase(), `${account.name} Corp`, undefined]),
        industry: pick(['primary', 'missing', 'other']), employees: pick(['missing', 'enterprise', 'icp']),
        country: pick(['served', 'missing']), title: pick(['any', 'student', 'job_seeker', 'missing', 'senior']) });
      spec.say = [pick(['neutral', 'vendor', 'student', 'need', 'jobSeeker'])];
      spec.events = passive(int(0, 3));
      break;
    }
    case 'high_value':
      Object.assign(spec, { employees: weighted([[3, 'enterprise'], [1, 'icp']]), revenue: weighted([[1, 'over'], [1, 'mid']]),
        industry: pick(['primary', 'secondary', 'other']), country: 'served', title: pick(['any', 'junior', 'senior']) });
      spec.events = passive(int(0, 6));
      spec.say = chance(0.3) ? ['neutral'] : [];
      break;
    default:
      throw new Error(`unknown archetype ${archetype}`);
  }

  const emailAddress = f.email(p, spec.domain, spec.email);
  const lead = { id: `${archetype}-${id}` };
  if (spec.createdDays !== null) lead.created_at = f.isoVariant(f.ago(spec.createdDays));
  const company = {};
  if (spec.companyName !== undefined) company.name = spec.companyName;
  if (spec.companyDomain) company.domain = f.domainForm(spec.domain);
  const industry = f.industry(spec.industry);
  if (industry !== undefined) company.industry = industry;
  const employees = f.employees(spec.employees);
  if (employees !== undefined) company.employees = employees;
  const revenue = f.revenue(spec.revenue);
  if (revenue !== undefined) company.annual_revenue = revenue;
  const country = f.country(spec.country);
  if (country !== undefined) company.country = country;
  if (chance(0.1)) company.enriched_at = f.iso(f.ago(t.random() * 400));
  const contact = { name: `${p.first} ${p.last}` };
  if (emailAddress !== undefined) contact.email = emailAddress;
  const title = f.title(spec.title);
  if (title !== undefined) contact.title = title;
  if (chance(0.4)) contact.phone = pick(['+1 555 0100', '(555) 010-0100', '+44 20 7946 0000', '030 123456']);
  const form = {};
  if (spec.formType) form.type = spec.formType;
  const message = f.message(spec.say);
  if (message !== undefined) form.message = message;

  Object.assign(lead, { company, contact, form });
  if (chance(0.7)) lead.source = { channel: pick(CHANNELS), campaign: pick(['ops-playbook', 'q4-webinar', 'brand']) };
  if (spec.events.length > 0) lead.events = t.shuffle(spec.events);
  lead.consent = { email: pick([true, true, false, undefined]), phone: pick([true, false, undefined]) };
  if (data) shapeFromData(lead, t, f, data);
  return lead;
}

// Olist (source, first contact, what the seller declared) and Maven (account firmographics) rows,
// laid over a generated lead: its company becomes a Maven account, or its source an Olist MQL.
function shapeFromData(lead, t, f, data) {
  const { pick, chance } = t;
  if (data.accounts.length > 0 && chance(0.2)) {
    const a = pick(data.accounts);
    lead.company = { ...lead.company, name: a.account, industry: a.sector, employees: a.employees,
      annual_revenue: Math.round(a.revenue * 1e6), country: a.office_location };
    if (!lead.company.country) delete lead.company.country;
  }
  if (data.mqls.length > 0 && chance(0.2)) {
    const m = pick(data.mqls);
    // Olist's dates are 2017–18; keep the day of the week and the gap, moved before NOW.
    const shifted = NOW_MS - (Date.parse(data.lastDate) - Date.parse(m.first_contact_date)) % (200 * DAY);
    lead.created_at = f.iso(shifted).slice(0, 10); // a date, as Olist records it
    lead.source = { channel: m.origin || undefined, campaign: m.landing_page_id };
    const deal = data.deals.get(m.mql_id);
    if (deal) {
      if (deal.business_segment) lead.company = { ...lead.company, industry: deal.business_segment.replace(/_/g, ' ') };
      if (deal.declared_monthly_revenue > 0) lead.company.annual_revenue = deal.declared_monthly_revenue * 12;
      lead.company.country = 'Brazil';
    }
  }
}

/**
 * Reads ../shared/data (Maven accounts, Olist MQLs and closed deals) when it is there; `null` when
 * it is not. Node only (it reads files); the generator itself runs anywhere.
 */
export async function loadSharedData(dir) {
  const { readFileSync, existsSync } = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  const root = dir ?? fileURLToPath(new URL('../../../shared/data/', import.meta.url));
  const accountsFile = `${root}/maven_crm/accounts.csv`;
  const mqlFile = `${root}/olist_marketing_funnel/olist_marketing_qualified_leads_dataset.csv`;
  const dealsFile = `${root}/olist_marketing_funnel/olist_closed_deals_dataset.csv`;
  if (![accountsFile, mqlFile, dealsFile].every(existsSync)) return null;
  // These files have no quoted fields; a plain split is enough.
  const rows = (file) => {
    const [header, ...lines] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
    const keys = header.split(',');
    return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [keys[i], v])));
  };
  const accounts = rows(accountsFile).map((a) => ({ ...a, employees: Number(a.employees), revenue: Number(a.revenue) }));
  const mqls = rows(mqlFile);
  const deals = new Map(rows(dealsFile).map((d) => [d.mql_id, { ...d, declared_monthly_revenue: Number(d.declared_monthly_revenue) || 0 }]));
  const lastDate = mqls.reduce((max, m) => (m.first_contact_date > max ? m.first_contact_date : max), '');
  return { accounts, mqls, deals, lastDate };
}

/** `loadSharedData()`'s answer as JSON text, for a page that cannot read files (www/bench.html). */
export const sharedDataToJson = (data) => JSON.stringify({ ...data, deals: [...data.deals] });

/** The inverse of `sharedDataToJson`, from the parsed JSON. */
export const sharedDataFromJson = (json) => ({ ...json, deals: new Map(json.deals) });

/** The archetypes and their weights in a generated set. */
export const ARCHETYPES = [
  ['ideal', 12], ['good_fit_passive', 10], ['good_fit_stale', 7], ['borderline', 10], ['weak_negative', 5],
  ['low_fit_hand_raiser', 8], ['newsletter', 9], ['random', 12], ['student', 5], ['competitor', 2], ['vendor', 4],
  ['job_seeker', 4], ['spam', 2], ['invalid_contact', 3], ['out_of_market', 4], ['strategic', 3], ['high_value', 3],
];

/**
 * `count` leads, the same for the same `count`, `seed` and `data` (from `loadSharedData`, optional).
 * Plain JSON-compatible objects in the Lead contract.
 */
export function generateLeads(count, seed = 7, { data = null } = {}) {
  const t = tools(prng(seed));
  const f = builders(t);
  const leads = [];
  for (let i = 0; i < count; i++) {
    leads.push(build(t.weighted(ARCHETYPES.map(([name, w]) => [w, name])), i, t, f, data));
  }
  return leads;
}
