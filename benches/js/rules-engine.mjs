// Brightline's lead scoring as json-rules-engine rules (https://github.com/CacheControl/json-rules-engine,
// the most used JavaScript rules engine): the same default model (models/default.json), encoded the
// way json-rules-engine users do it.
//
//   import { score } from './rules-engine.mjs';
//   await score(lead, '2026-11-22T12:00:00Z') → { fit, intent, route, disqualification, evidence }
//
// - Facts: computed from the `lead` and `now` runtime facts by fact functions (text normalisation,
//   lenient numbers, email checks, the decay of intent signals), with custom operators for phrase
//   and domain-list matching.
// - Scoring engine: one rule per fit criterion, negative-fit rule, intent signal and stated-need cue;
//   each fires an event carrying its points and label. The events are summed here (with the
//   must-have cap and the passive-activity cap), as engine users add up points.
// - Routing engine: the route rules in priority order over the totals; the highest-priority rule
//   that fires decides.
//
// Same route (and fit, intent and disqualification code) as leadlens with the default model:
// checked by tests/npm/equivalence.test.mjs. Word lists come from the model file; the rules and
// points are written out here.

import rulesEngine from 'json-rules-engine';
import model from '../../models/default.json' with { type: 'json' };

import { DAY, EMAIL, ISO_CODES, normalizeDomain, num, parents, sentences, str, typeKey, words } from './read.mjs';

const { Engine } = rulesEngine;

// ---- vocabulary from the model ----

const { fit: FIT, negative: NEGATIVE, email: MAIL, routing: ROUTING } = model;
const match = (code) => NEGATIVE.find((r) => r.code === code).match;

// Word and domain lists by the name rules use for them (`value: 'seniority.c_level'`): the rules
// stay small JSON, and each list is compiled once instead of travelling through every evaluation.
const LISTS = {
  ...Object.fromEntries(FIT.seniority.levels.map((l) => [`seniority.${l.code}`, l.keywords])),
  ...Object.fromEntries(FIT.function.levels.map((l) => [`function.${l.code}`, l.keywords])),
  ...Object.fromEntries(model.intent.cues.map((c) => [`cue.${c.code}`, c.phrases])),
  ...Object.fromEntries(NEGATIVE.flatMap((r) =>
    Object.entries(r.match).filter(([, v]) => Array.isArray(v)).map(([matcher, v]) => [`${r.code}.${matcher}`, v]))),
  free_mail: MAIL.free_mail_domains,
  disposable: MAIL.disposable_domains,
  strategic_accounts: ROUTING.strategic_accounts.map((a) => a.domain),
};
// Phrases as ' word word ' needles ("budget*" → ' budget': a prefix), domains as sets.
const NEEDLES = Object.fromEntries(Object.entries(LISTS).map(([name, list]) =>
  [name, list.map((p) => (p.endsWith('*') ? ` ${words(p.slice(0, -1))}` : ` ${words(p)} `))]));
const DOMAIN_SETS = Object.fromEntries(Object.entries(LISTS).map(([name, list]) => [name, new Set(list)]));

const INDUSTRY_TERMS = [
  ...FIT.industry.primary.map((n) => [words(n), 'primary']),
  ...FIT.industry.secondary.map((n) => [words(n), 'secondary']),
  ...FIT.industry.excluded.map((n) => [words(n), 'excluded']),
];
const CLASS_OF = Object.fromEntries(INDUSTRY_TERMS);
for (const [alias, name] of Object.entries(FIT.industry.aliases)) INDUSTRY_TERMS.push([words(alias), CLASS_OF[words(name)]]);
const COUNTRY_ALIASES = Object.fromEntries(Object.entries(FIT.country.aliases).map(([k, v]) => [words(k), v]));
const SERVED = Object.values(FIT.country.regions).flat();
const ACADEMIC = '[^.]\\.(?:edu|(?:edu|ac|student)\\.[^.]+)$';

const SIGNALS = {
  consultation_request: { label: 'Consultation request', points: 60, halfLife: 30, max: 1, kind: 'hand_raiser' },
  demo_request: { label: 'Demo request', points: 60, halfLife: 30, max: 1, kind: 'hand_raiser' },
  contact_sales: { label: 'Contact-sales request', points: 50, halfLife: 30, max: 1, kind: 'hand_raiser' },
  trial_signup: { label: 'Trial sign-up', points: 40, halfLife: 21, max: 1, kind: 'hand_raiser' },
  pricing_view: { label: 'Pricing page view', points: 10, halfLife: 14, max: 2, kind: 'hand_raiser' },
  webinar_attended: { label: 'Webinar attended', points: 8, halfLife: 30, max: 2, kind: 'passive' },
  event_visit: { label: 'Event visit', points: 8, halfLife: 30, max: 2, kind: 'passive' },
  content_download: { label: 'Content download', points: 6, halfLife: 21, max: 4, kind: 'passive' },
  email_click: { label: 'Email click', points: 3, halfLife: 14, max: 5, kind: 'passive' },
  page_view: { label: 'Page view', points: 2, halfLife: 14, max: 15, kind: 'passive' },
  email_open: { label: 'Email open', points: 1, halfLife: 14, max: 5, kind: 'passive' },
};
const OTHER_ACTIVITY = { points: 1, halfLife: 14, max: 5 };
const FORM_SIGNAL = {
  consultation_request: 'consultation_request', consultation: 'consultation_request',
  demo_request: 'demo_request', demo: 'demo_request', contact_sales: 'contact_sales', contact: 'contact_sales',
  trial: 'trial_signup', trial_signup: 'trial_signup', content_download: 'content_download',
  ebook: 'content_download', whitepaper: 'content_download', webinar_registration: 'webinar_attended',
};
const LOOKBACK_DAYS = 90;
const MUST_HAVE_CAP = 50;
const PASSIVE_CAP = 30;

// Decayed points of one signal's occurrences inside the look-back window, rounded.
function decayed(times, { points, halfLife, max }, nowMs) {
  const live = times.filter((at) => nowMs - at <= LOOKBACK_DAYS * DAY).sort((a, b) => b - a).slice(0, max);
  return Math.round(live.reduce((sum, at) => sum + points * 0.5 ** (Math.max(0, nowMs - at) / DAY / halfLife), 0));
}

// ---- facts ----

const RANK = { primary: 0, secondary: 1, excluded: 2 };

const FACTS = {
  industryClass: (lead) => {
    const raw = str(lead.company?.industry);
    if (!raw) return null;
    const text = ` ${words(raw)} `;
    let best = null; // the most specific term; on a tie, the better class
    for (const [term, cls] of INDUSTRY_TERMS) {
      const length = term.split(' ').length;
      if (text.includes(` ${term} `) && (!best || length > best.length || (length === best.length && RANK[cls] < RANK[best.cls]))) {
        best = { cls, length };
      }
    }
    return best?.cls ?? 'other';
  },
  employees: (lead) => num(lead.company?.employees),
  revenue: (lead) => num(lead.company?.annual_revenue),
  countryServed: (lead) => {
    const raw = str(lead.company?.country);
    if (!raw) return null;
    const iso = /^[a-z]{2}$/i.test(raw) ? raw.toUpperCase() : null;
    const code = COUNTRY_ALIASES[words(raw)] ?? (ISO_CODES.has(iso) && (iso !== 'NA' || SERVED.includes(iso)) ? iso : null);
    return code === null ? null : SERVED.includes(code);
  },
  title: (lead) => (str(lead.contact?.title) ? words(lead.contact.title) : null),
  message: (lead) => (str(lead.form?.message) ? sentences(lead.form.message).map(words) : []),
  links: (lead) => (str(lead.form?.message)?.match(/https?:\/\/(?:www\.)?|www\./gi) ?? []).length,
  companyName: (lead) => (str(lead.company?.name) ? words(lead.company.name) : null),
  companyNameLower: (lead) => str(lead.company?.name)?.toLowerCase() ?? null,
  formType: (lead) => str(lead.form?.type)?.toLowerCase() ?? null,
  emailValid: (lead) => (str(lead.contact?.email) ? EMAIL.test(str(lead.contact.email)) : null),
  emailDomain: (lead) => {
    const email = str(lead.contact?.email);
    return email && EMAIL.test(email) ? email.slice(email.lastIndexOf('@') + 1).toLowerCase() : null;
  },
};
function addFacts(engine) {
  for (const [name, compute] of Object.entries(FACTS)) {
    engine.addFact(name, (params, almanac) => almanac.factValue('lead').then(compute));
  }
  // Email and company domains, as domain lists are checked against them.
  engine.addFact('domains', async (params, almanac) => {
    const lead = await almanac.factValue('lead');
    const email = await almanac.factValue('emailDomain');
    const free = email !== null && parents(email).some((d) => DOMAIN_SETS.free_mail.has(d));
    const company = (str(lead.company?.domain) && normalizeDomain(lead.company.domain)) || (free ? null : email);
    return [...new Set([email, company].filter(Boolean))];
  });
  // Every dated activity, by signal: events (types as CRMs write them; pricing pages, in any case,
  // are pricing views) and the form itself.
  engine.addFact('activity', async (params, almanac) => {
    const [lead, now] = await Promise.all([almanac.factValue('lead'), almanac.factValue('now')]);
    const created = lead.created_at ? new Date(lead.created_at).getTime() : new Date(now).getTime();
    const activity = new Map();
    const add = (type, at) => activity.set(type, [...(activity.get(type) ?? []), at]);
    for (const e of lead.events ?? []) {
      const key = typeKey(e.type);
      const type = key === 'page_view' && /^\/pricing/i.test(e.page ?? '') ? 'pricing_view' : SIGNALS[key] ? key : e.type;
      add(type, e.at ? new Date(e.at).getTime() : created);
    }
    const formType = str(lead.form?.type);
    if (formType) add(FORM_SIGNAL[formType] ?? FORM_SIGNAL[typeKey(formType)] ?? formType, created);
    return activity;
  });
  engine.addFact('signal', async ({ type }, almanac) => {
    const [activity, now] = await Promise.all([almanac.factValue('activity'), almanac.factValue('now')]);
    return activity.has(type) ? decayed(activity.get(type), SIGNALS[type], new Date(now).getTime()) : 0;
  });
  // Event types the model does not know: each type counts as a little passive activity.
  engine.addFact('otherActivity', async (params, almanac) => {
    const [activity, now] = await Promise.all([almanac.factValue('activity'), almanac.factValue('now')]);
    let total = 0;
    for (const [type, times] of activity) if (!SIGNALS[type]) total += decayed(times, OTHER_ACTIVITY, new Date(now).getTime());
    return total;
  });
}

function addOperators(engine) {
  // Title or sentence mentions one of the phrases (whole words; "budget*" is a prefix).
  engine.addOperator('mentionsAny', (text, list) => {
    if (typeof text !== 'string') return false;
    const padded = ` ${text} `;
    return NEEDLES[list].some((n) => padded.includes(n));
  });
  // Domain, or a parent domain, is on the list.
  engine.addOperator('onDomainList', (domain, list) =>
    typeof domain === 'string' && parents(domain).some((d) => DOMAIN_SETS[list].has(d)));
  engine.addOperator('matchesPattern', (value, pattern) => typeof value === 'string' && new RegExp(pattern).test(value));
}

// ---- scoring rules ----

const fact = (name, operator, value, extra = {}) => ({ fact: name, operator, value, ...extra });
const all = (...conditions) => ({ all: conditions });
const any = (...conditions) => ({ any: conditions });
const points = (dimension, pts, label, extra = {}) => ({ type: dimension, params: { points: pts, label, ...extra } });
const negative = (order, code, pts, autoDisqualify, label) =>
  ({ type: 'negative', params: { order, code, points: pts, autoDisqualify, label } });
const mentions = (name, list) => fact(name, name === 'message' ? 'someFact:mentionsAny' : 'mentionsAny', list);
const between = (name, min, max) => all(fact(name, 'greaterThanInclusive', min), fact(name, 'lessThanInclusive', max));

// Conditions shared by several rules.
const CONDITIONS = {
  assistant: mentions('title', 'seniority.assistant'),
  cLevel: mentions('title', 'seniority.c_level'),
  vp: mentions('title', 'seniority.vp'),
  head: mentions('title', 'seniority.head'),
  director: mentions('title', 'seniority.director'),
  manager: mentions('title', 'seniority.manager'),
  individual: mentions('title', 'seniority.individual'),
  coreFunction: any(mentions('title', 'function.operations'), mentions('title', 'function.finance'),
    mentions('title', 'function.revenue_operations')),
  itFunction: mentions('title', 'function.it'),
  executiveFunction: mentions('title', 'function.executive'),
  freeMail: fact('emailDomain', 'onDomainList', 'free_mail'),
  disposable: fact('emailDomain', 'onDomainList', 'disposable'),
  academic: fact('emailDomain', 'matchesPattern', ACADEMIC),
  studentSaid: any(mentions('title', 'student.title'), mentions('message', 'student.message')),
  vendorSaid: mentions('message', 'vendor.message'),
};
const not = (...names) => ({ not: any(...names.map((name) => CONDITIONS[name])) });
const { cLevel, vp, head, director, manager, individual, coreFunction, itFunction, executiveFunction } = CONDITIONS;

const SCORING_RULES = [
  // Fit: industry, size, revenue, country, buyer role (the first seniority level and the best
  // function the title names), email
  { conditions: all(fact('industryClass', 'equal', 'primary')), event: points('fit', 25, 'Industry: primary target') },
  { conditions: all(fact('industryClass', 'equal', 'secondary')), event: points('fit', 12, 'Industry: secondary target') },
  { conditions: between('employees', 20, 49), event: points('fit', 5, 'Small: 20–49 employees') },
  { conditions: between('employees', 50, 199), event: points('fit', 15, 'Mid-market: 50–199 employees') },
  { conditions: between('employees', 200, 2000), event: points('fit', 20, 'Core ICP: 200–2,000 employees') },
  { conditions: all(fact('employees', 'greaterThan', 2000)), event: points('fit', 10, 'Enterprise: over 2,000 employees') },
  {
    conditions: all(fact('revenue', 'greaterThanInclusive', 5e6), fact('revenue', 'lessThan', 1e9)),
    event: points('fit', 5, 'Revenue $5M–$1B'),
  },
  { conditions: all(fact('revenue', 'greaterThanInclusive', 1e9)), event: points('fit', 3, 'Revenue over $1B') },
  { conditions: all(fact('countryServed', 'equal', true)), event: points('fit', 10, 'Country served') },
  { conditions: all(cLevel, not('assistant')), event: points('fit', 20, 'Seniority: C-level') },
  { conditions: all(vp, not('assistant', 'cLevel')), event: points('fit', 20, 'Seniority: Vice president') },
  { conditions: all(head, not('assistant', 'cLevel', 'vp')), event: points('fit', 17, 'Seniority: Head of department') },
  { conditions: all(director, not('assistant', 'cLevel', 'vp', 'head')), event: points('fit', 15, 'Seniority: Director') },
  {
    conditions: all(manager, not('assistant', 'cLevel', 'vp', 'head', 'director')),
    event: points('fit', 8, 'Seniority: Manager'),
  },
  {
    conditions: all(individual, not('assistant', 'cLevel', 'vp', 'head', 'director', 'manager')),
    event: points('fit', 2, 'Seniority: Individual contributor'),
  },
  { conditions: all(coreFunction), event: points('fit', 15, 'Function: operations, finance or RevOps') },
  { conditions: all(itFunction, not('coreFunction')), event: points('fit', 12, 'Function: IT') },
  { conditions: all(executiveFunction, not('coreFunction', 'itFunction')), event: points('fit', 10, 'Function: general management') },
  { conditions: all(CONDITIONS.freeMail), event: points('fit', -5, 'Free-mail address') },
  {
    conditions: all(fact('emailDomain', 'notEqual', null), not('freeMail', 'academic', 'disposable')),
    event: points('fit', 5, 'Work email'),
  },
  // A known, unmet must-have (industry, size, country) caps fit.
  {
    conditions: any(fact('industryClass', 'in', ['excluded', 'other']), fact('employees', 'lessThan', 50),
      fact('employees', 'greaterThan', 2000), fact('countryServed', 'equal', false)),
    event: { type: 'fit_cap', params: { cap: MUST_HAVE_CAP, label: `Capped at ${MUST_HAVE_CAP}: a must-have is not met` } },
  },

  // Negative fit, in the model's order (`order`: the first one names a disqualification)
  {
    conditions: all(fact('domains', 'someFact:onDomainList', 'competitor.domains')),
    event: negative(1, 'competitor', -100, true, 'Competitor'),
  },
  {
    conditions: any(mentions('message', 'spam.message'), fact('links', 'greaterThanInclusive', 3)),
    event: negative(2, 'spam', -100, true, 'Spam'),
  },
  {
    conditions: any(fact('emailValid', 'equal', false), CONDITIONS.disposable),
    event: negative(3, 'invalid_contact', -40, true, 'Invalid contact'),
  },
  { conditions: all(CONDITIONS.studentSaid), event: negative(4, 'student', -60, true, 'Student') },
  {
    conditions: all(CONDITIONS.academic, not('studentSaid')),
    event: negative(4, 'student', -15, false, 'Student? (academic address)'),
  },
  {
    conditions: any(mentions('title', 'job_seeker.title'), mentions('message', 'job_seeker.message'),
      fact('formType', 'in', match('job_seeker').form_types)),
    event: negative(5, 'job_seeker', -60, true, 'Job seeker'),
  },
  { conditions: all(CONDITIONS.vendorSaid), event: negative(6, 'vendor', -60, true, 'Vendor pitch') },
  {
    conditions: all(mentions('companyName', 'vendor.company_name'), not('vendorSaid')),
    event: negative(6, 'vendor', -15, false, 'Vendor? (company name)'),
  },
  {
    conditions: any(fact('countryServed', 'equal', false), fact('employees', 'lessThan', FIT.employees.minimum),
      fact('industryClass', 'equal', 'excluded')),
    event: negative(7, 'out_of_market', -60, false, 'Out of market'),
  },

  // Intent: every signal, decayed (the `signal` fact), then stated need
  ...Object.entries(SIGNALS).map(([type, s]) => ({
    conditions: all(fact('signal', 'greaterThan', 0, { params: { type } })),
    event: points('intent', { fact: 'signal', params: { type } }, s.label, { kind: s.kind }),
  })),
  {
    conditions: all(fact('otherActivity', 'greaterThan', 0)),
    event: points('intent', { fact: 'otherActivity' }, 'Other activity', { kind: 'passive' }),
  },
  { conditions: all(mentions('message', 'cue.need')), event: points('intent', 10, 'Need stated') },
  { conditions: all(mentions('message', 'cue.timeline')), event: points('intent', 8, 'Timeline stated') },
  { conditions: all(mentions('message', 'cue.budget')), event: points('intent', 8, 'Budget stated') },
  { conditions: all(mentions('message', 'cue.authority')), event: points('intent', 6, 'Authority stated') },

  // Flags the routing reads
  {
    conditions: any(fact('domains', 'someFact:onDomainList', 'strategic_accounts'),
      fact('companyNameLower', 'in', ROUTING.strategic_accounts.map((a) => a.name.toLowerCase()))),
    event: { type: 'flag', params: { flag: 'strategic_account' } },
  },
  {
    conditions: any(fact('employees', 'greaterThanInclusive', ROUTING.high_value.employees),
      fact('revenue', 'greaterThanInclusive', ROUTING.high_value.annual_revenue)),
    event: { type: 'flag', params: { flag: 'high_value' } },
  },
];

// ---- routing rules: the highest priority that fires decides ----

const review = (reason) => ({ type: 'sales_review', params: { reason } });
const hasNegative = fact('negatives', 'greaterThan', 0);
const autoDisqualify = fact('autoDisqualify', 'notEqual', null);
const fitBelowFloor = fact('fit', 'lessThan', 20);
const strategic = fact('flags', 'contains', 'strategic_account');
const ROUTING_RULES = [
  {
    priority: 100,
    conditions: all(strategic, any(autoDisqualify, all(hasNegative, fitBelowFloor))),
    event: review('strategic account despite a negative signal: a person decides'),
  },
  { priority: 90, conditions: all(autoDisqualify), event: { type: 'disqualify', params: { code: { fact: 'autoDisqualify' } } } },
  {
    priority: 80,
    conditions: all(hasNegative, fitBelowFloor),
    event: { type: 'disqualify', params: { code: { fact: 'strongestNegative' } } },
  },
  {
    priority: 70,
    conditions: all(fact('fit', 'greaterThanInclusive', 60), fact('intent', 'greaterThanInclusive', 40)),
    event: review('fit and intent reach the sales-review thresholds'),
  },
  { priority: 60, conditions: all(strategic), event: review('strategic account') },
  { priority: 50, conditions: all(fact('flags', 'contains', 'high_value')), event: review('high-value account') },
  {
    priority: 40,
    conditions: all(fact('fit', 'greaterThanInclusive', 55), fact('intent', 'greaterThanInclusive', 35)),
    event: review('borderline: within 5 points of both thresholds'),
  },
  {
    priority: 30,
    conditions: all(hasNegative, any(fact('fitBeforeNegatives', 'greaterThanInclusive', 60), fact('intent', 'greaterThanInclusive', 40))),
    event: review('ambiguous: a negative signal on an otherwise qualified lead'),
  },
  {
    priority: 1,
    conditions: all(fact('fit', 'greaterThanInclusive', 0)),
    event: { type: 'nurture', params: { reason: 'below the sales-review thresholds' } },
  },
];

const scoring = new Engine(SCORING_RULES, { replaceFactsInEventParams: true });
addFacts(scoring);
addOperators(scoring);
const routing = new Engine(ROUTING_RULES, { replaceFactsInEventParams: true });

const clamp = (n) => Math.min(100, Math.max(0, n));
const sum = (events) => events.reduce((total, e) => total + e.params.points, 0);

export async function score(lead, now = Date.now()) {
  const { events } = await scoring.run({ lead, now });
  const of = (type) => events.filter((e) => e.type === type);

  const positive = sum(of('fit'));
  const cap = of('fit_cap')[0]?.params.cap;
  const fitBeforeNegatives = cap !== undefined ? Math.min(positive, cap) : positive;
  const negatives = of('negative').sort((a, b) => a.params.order - b.params.order).map((e) => e.params);
  const fit = clamp(fitBeforeNegatives + negatives.reduce((total, n) => total + n.points, 0));

  const intentEvents = of('intent');
  const passive = sum(intentEvents.filter((e) => e.params.kind === 'passive'));
  const intent = clamp(sum(intentEvents) - Math.max(0, passive - PASSIVE_CAP));

  const totals = {
    fit,
    intent,
    fitBeforeNegatives,
    negatives: negatives.length,
    autoDisqualify: negatives.find((n) => n.autoDisqualify)?.code ?? null,
    strongestNegative: negatives.reduce((best, n) => (!best || n.points < best.points ? n : best), null)?.code ?? null,
    flags: of('flag').map((e) => e.params.flag),
  };
  const decision = (await routing.run(totals)).events[0];
  const evidence = [
    ...of('fit').map((e) => ({ dimension: 'fit', points: e.params.points, label: e.params.label })),
    ...(cap !== undefined && positive > cap ? [{ dimension: 'fit', points: cap - positive, label: of('fit_cap')[0].params.label }] : []),
    ...negatives.map((n) => ({ dimension: 'fit', points: n.points, label: n.label })),
    ...intentEvents.map((e) => ({ dimension: 'intent', points: e.params.points, label: e.params.label })),
    ...(passive > PASSIVE_CAP ? [{ dimension: 'intent', points: PASSIVE_CAP - passive, label: `Passive activity capped at ${PASSIVE_CAP}` }] : []),
  ];
  return {
    fit,
    intent,
    route: decision.type,
    reason: decision.params.reason ?? `disqualified: ${decision.params.code}`,
    disqualification: decision.type === 'disqualify' ? { code: decision.params.code } : null,
    evidence,
  };
}
