// Brightline's lead scoring, written by hand in plain JavaScript: what a frontend developer would
// write in an afternoon instead of adding leadlens. The rules and points of the default model
// (models/default.json) are hard-coded below; only the long word lists (aliases, title keywords,
// phrases, domain lists) are read from the model file rather than pasted in.
//
//   import { score } from './handwritten.mjs';
//   score(lead, '2026-11-22T12:00:00Z') → { fit, intent, route, disqualification, evidence }
//
// Same fit, intent, route and disqualification code as leadlens with the default model (checked by
// tests/npm/equivalence.test.mjs); the explanation labels are its own.

import model from '../../models/default.json' with { type: 'json' };

import { DAY, EMAIL, ISO_CODES, normalizeDomain, num, parents, sentences, str, typeKey, words } from './read.mjs';

// ---- text helpers ----

// A phrase matches whole words; "budget*" also matches "budgeted".
function phrases(list) {
  const needles = list.map((p) => {
    const prefix = p.endsWith('*');
    return { phrase: p, needle: ` ${words(p.replace(/\*$/, ''))}${prefix ? '' : ' '}` };
  });
  return (text) => {
    const padded = ` ${text} `;
    return needles.find((n) => padded.includes(n.needle))?.phrase ?? null;
  };
}

const countLinks = (text) => (text.match(/https?:\/\/(?:www\.)?|www\./gi) ?? []).length;

const onList = (domain, set) => parents(domain).some((d) => set.has(d));

// ---- the model's vocabulary ----

const { fit: FIT, intent: INTENT, negative: NEGATIVE, email: MAIL, routing: ROUTING } = model;
const rule = (code) => NEGATIVE.find((r) => r.code === code).match;
const keywords = (levels, code) => levels.find((l) => l.code === code).keywords;

const INDUSTRY_CLASS = {};
for (const name of FIT.industry.primary) INDUSTRY_CLASS[words(name)] = 'primary';
for (const name of FIT.industry.secondary) INDUSTRY_CLASS[words(name)] = 'secondary';
for (const name of FIT.industry.excluded) INDUSTRY_CLASS[words(name)] = 'excluded';
// Every spelling we know → [canonical name, class].
const INDUSTRY_TERMS = Object.entries(INDUSTRY_CLASS).map(([name, cls]) => [name, name, cls]);
for (const [alias, name] of Object.entries(FIT.industry.aliases)) {
  INDUSTRY_TERMS.push([words(alias), name, INDUSTRY_CLASS[words(name)]]);
}
const CLASS_RANK = { primary: 0, secondary: 1, excluded: 2 };

const COUNTRY_ALIASES = Object.fromEntries(Object.entries(FIT.country.aliases).map(([k, v]) => [words(k), v]));
const SERVED = new Map(Object.entries(FIT.country.regions).flatMap(([region, codes]) => codes.map((c) => [c, region])));
const countryCode = (raw) => {
  const code = /^[a-z]{2}$/i.test(raw) ? raw.toUpperCase() : null;
  return code && ISO_CODES.has(code) && (code !== 'NA' || SERVED.has(code)) ? code : null;
};

const SENIORITY = [
  { label: 'Assistant', points: 0, match: phrases(keywords(FIT.seniority.levels, 'assistant')) },
  { label: 'C-level', points: 20, match: phrases(keywords(FIT.seniority.levels, 'c_level')) },
  { label: 'Vice president', points: 20, match: phrases(keywords(FIT.seniority.levels, 'vp')) },
  { label: 'Head of department', points: 17, match: phrases(keywords(FIT.seniority.levels, 'head')) },
  { label: 'Director', points: 15, match: phrases(keywords(FIT.seniority.levels, 'director')) },
  { label: 'Manager', points: 8, match: phrases(keywords(FIT.seniority.levels, 'manager')) },
  { label: 'Individual contributor', points: 2, match: phrases(keywords(FIT.seniority.levels, 'individual')) },
];
const FUNCTIONS = [
  { label: 'Operations', points: 15, match: phrases(keywords(FIT.function.levels, 'operations')) },
  { label: 'Finance', points: 15, match: phrases(keywords(FIT.function.levels, 'finance')) },
  { label: 'Revenue operations', points: 15, match: phrases(keywords(FIT.function.levels, 'revenue_operations')) },
  { label: 'IT', points: 12, match: phrases(keywords(FIT.function.levels, 'it')) },
  { label: 'General management', points: 10, match: phrases(keywords(FIT.function.levels, 'executive')) },
  { label: 'Other function', points: 0, match: phrases(keywords(FIT.function.levels, 'other')) },
];

const FREE_MAIL = new Set(MAIL.free_mail_domains);
const DISPOSABLE = new Set(MAIL.disposable_domains);
const ACADEMIC = /[^.]\.(?:edu|(?:edu|ac|student)\.[^.]+)$/;
const COMPETITORS = new Set(rule('competitor').domains);
const STRATEGIC = ROUTING.strategic_accounts;

const SPAM_WORDS = phrases(rule('spam').message);
const STUDENT_TITLE = phrases(rule('student').title);
const STUDENT_WORDS = phrases(rule('student').message);
const JOB_TITLE = phrases(rule('job_seeker').title);
const JOB_WORDS = phrases(rule('job_seeker').message);
const VENDOR_WORDS = phrases(rule('vendor').message);
const VENDOR_COMPANY = phrases(rule('vendor').company_name);
const NEGATIVE_LABEL = { competitor: 'Competitor', spam: 'Spam', invalid_contact: 'Invalid contact', student: 'Student',
  job_seeker: 'Job seeker', vendor: 'Vendor pitch', out_of_market: 'Out of market' };
const CUES = INTENT.cues.map((c) => ({ label: c.label, points: c.points, match: phrases(c.phrases) }));

// Intent signals: points, half-life in days, how many count, hand-raiser or passive activity.
const SIGNALS = {
  consultation_request: { label: 'Consultation request', points: 60, halfLife: 30, max: 1, hand: true },
  demo_request: { label: 'Demo request', points: 60, halfLife: 30, max: 1, hand: true },
  contact_sales: { label: 'Contact-sales request', points: 50, halfLife: 30, max: 1, hand: true },
  trial_signup: { label: 'Trial sign-up', points: 40, halfLife: 21, max: 1, hand: true },
  pricing_view: { label: 'Pricing page view', points: 10, halfLife: 14, max: 2, hand: true },
  webinar_attended: { label: 'Webinar attended', points: 8, halfLife: 30, max: 2 },
  event_visit: { label: 'Event visit', points: 8, halfLife: 30, max: 2 },
  content_download: { label: 'Content download', points: 6, halfLife: 21, max: 4 },
  email_click: { label: 'Email click', points: 3, halfLife: 14, max: 5 },
  page_view: { label: 'Page view', points: 2, halfLife: 14, max: 15 },
  email_open: { label: 'Email open', points: 1, halfLife: 14, max: 5 },
};
const FORM_SIGNAL = {
  consultation_request: 'consultation_request', consultation: 'consultation_request',
  demo_request: 'demo_request', demo: 'demo_request', contact_sales: 'contact_sales', contact: 'contact_sales',
  trial: 'trial_signup', trial_signup: 'trial_signup', content_download: 'content_download',
  ebook: 'content_download', whitepaper: 'content_download', webinar_registration: 'webinar_attended',
};
const LOOKBACK_DAYS = 90;
const PASSIVE_CAP = 30;

// ---- scoring ----

export function score(lead, now = Date.now()) {
  const nowMs = new Date(now).getTime();
  const company = lead.company ?? {};
  const contact = lead.contact ?? {};
  const form = lead.form ?? {};
  const evidence = [];
  const add = (dimension, points, label) => evidence.push({ dimension, points, label });

  // Facts
  const email = str(contact.email);
  const emailValid = email !== null && EMAIL.test(email);
  const emailDomain = email?.slice(email.lastIndexOf('@') + 1).trim().toLowerCase().replace(/\.+$/, '') ?? '';
  const free = emailValid && onList(emailDomain, FREE_MAIL);
  const disposable = emailValid && onList(emailDomain, DISPOSABLE);
  const academic = emailValid && ACADEMIC.test(emailDomain);
  const companyDomain = (str(company.domain) && normalizeDomain(company.domain)) || (emailValid && !free ? emailDomain : null);
  const domains = [emailValid && emailDomain, companyDomain].filter(Boolean);

  const industryRaw = str(company.industry);
  const employees = num(company.employees);
  const revenue = num(company.annual_revenue);
  const countryRaw = str(company.country);
  const title = str(contact.title);
  const titleWords = title && words(title);
  const message = str(form.message);
  const messageSentences = message ? sentences(message).map((s) => [s, words(s)]) : [];
  const inMessage = (match) => messageSentences.find(([, w]) => match(w))?.[0];
  const companyName = str(company.name);

  // ---- fit ----
  let unmet = false;

  let industry = null;
  if (industryRaw) {
    const text = ` ${words(industryRaw)} `;
    // The most specific term wins ("Financial Services" is fintech); on a tie, the better class.
    let best = null;
    for (const [term, name, cls] of INDUSTRY_TERMS) {
      if (!text.includes(` ${term} `)) continue;
      const length = term.split(' ').length;
      if (!best || length > best.length || (length === best.length && CLASS_RANK[cls] < CLASS_RANK[best.cls])) {
        best = { name, cls, length };
      }
    }
    industry = best?.cls ?? 'other';
    const points = { primary: 25, secondary: 12 }[industry] ?? 0;
    add('fit', points, best ? `Industry: ${best.name} (${industry})` : `Industry: ${industryRaw} (not a target)`);
    if (points === 0) unmet = true;
  }

  if (employees !== null) {
    const [points, label, icp] =
      employees > 2000 ? [10, 'enterprise, above the ICP', false]
      : employees >= 200 ? [20, 'core ICP (200–2,000)', true]
      : employees >= 50 ? [15, 'mid-market (50–199)', true]
      : employees >= 20 ? [5, 'small, below the 50-employee floor', false]
      : [0, 'too small', false];
    add('fit', points, `${employees.toLocaleString('en-US')} employees: ${label}`);
    if (!icp) unmet = true;
  }

  if (revenue !== null) {
    const [points, label] = revenue >= 1e9 ? [3, 'over $1B'] : revenue >= 5e6 ? [5, '$5M–$1B'] : [0, 'under $5M'];
    add('fit', points, `$${Math.round(revenue / 1e6)}M annual revenue: ${label}`);
  }

  let country = null; // ISO code
  if (countryRaw) {
    country = COUNTRY_ALIASES[words(countryRaw)] ?? countryCode(countryRaw);
    if (country && SERVED.has(country)) add('fit', 10, `Country: ${country} (${SERVED.get(country)}), served`);
    else if (country) {
      add('fit', 0, `Country: ${country}, not served`);
      unmet = true;
    } else add('fit', 0, `Country: "${countryRaw}" not recognised`);
  }

  if (title) {
    const seniority = SENIORITY.find((s) => s.match(titleWords));
    const fn = FUNCTIONS.filter((f) => f.match(titleWords)).sort((a, b) => b.points - a.points)[0];
    if (seniority) add('fit', seniority.points, `Seniority: ${seniority.label} (title "${title}")`);
    if (fn) add('fit', fn.points, `Function: ${fn.label}`);
    if (!seniority && !fn) add('fit', 0, `Title "${title}" not recognised`);
  }

  if (emailValid) {
    if (free) add('fit', -5, `Free-mail address (${emailDomain})`);
    else if (academic) add('fit', 0, `Academic address (${emailDomain})`);
    else if (!disposable) add('fit', 5, `Work email at ${emailDomain}`);
  }

  const positive = evidence.reduce((sum, e) => sum + e.points, 0);
  if (unmet && positive > 50) add('fit', 50 - positive, 'Capped at 50: a must-have (industry, size or country) is not met');
  const fitBeforeNegatives = Math.min(positive, unmet ? 50 : Infinity);

  // ---- negative fit (in the model's order: it breaks ties) ----
  const negatives = [];
  const negative = (code, points, autoDisqualify, why) => {
    const label = `${NEGATIVE_LABEL[code]}: ${why}`;
    negatives.push({ code, points, autoDisqualify, label });
    add('fit', points, label);
  };

  const competitor = domains.find((d) => onList(d, COMPETITORS));
  if (competitor) negative('competitor', -100, true, `domain ${competitor}`);

  const spam = inMessage(SPAM_WORDS);
  const links = message ? countLinks(message) : 0;
  if (spam || links >= 3) negative('spam', -100, true, spam ? `"${spam}"` : `${links} links in the message`);

  if (email !== null && (!emailValid || disposable)) {
    negative('invalid_contact', -40, true, emailValid ? `disposable domain ${emailDomain}` : `malformed email "${email}"`);
  }

  const studentSignal = (titleWords && STUDENT_TITLE(titleWords) && `title: ${title}`) || inMessage(STUDENT_WORDS);
  if (studentSignal) negative('student', -60, true, studentSignal);
  else if (academic) negative('student', -15, false, `academic domain ${emailDomain} (weak)`);

  const formType = str(form.type);
  const jobSignal = (titleWords && JOB_TITLE(titleWords) && `title: ${title}`) || inMessage(JOB_WORDS)
    || (formType && ['job_application', 'careers'].includes(formType.toLowerCase()) && `form: ${formType}`);
  if (jobSignal) negative('job_seeker', -60, true, jobSignal);

  const pitch = inMessage(VENDOR_WORDS);
  if (pitch) negative('vendor', -60, true, pitch);
  else if (companyName && VENDOR_COMPANY(words(companyName))) negative('vendor', -15, false, `company: ${companyName} (weak)`);

  const outOfMarket = [
    country && !SERVED.has(country) && `country ${country} is not served`,
    employees !== null && employees < 20 && `${employees} employees`,
    industry === 'excluded' && `industry ${industryRaw} is not served`,
  ].filter(Boolean);
  if (outOfMarket.length) negative('out_of_market', -60, false, outOfMarket.join('; '));

  const fitTotal = evidence.reduce((sum, e) => sum + e.points, 0);
  const fit = Math.min(100, Math.max(0, fitTotal));

  // ---- intent ----
  const createdMs = lead.created_at ? new Date(lead.created_at).getTime() : nowMs;
  const groups = new Map(); // signal → timestamps
  const record = (key, at) => groups.set(key, [...(groups.get(key) ?? []), at]);
  for (const e of lead.events ?? []) {
    const at = e.at ? new Date(e.at).getTime() : createdMs;
    const key = typeKey(e.type);
    // Pricing pages (any case) are pricing views; types the model does not know count by their own name.
    const type = key === 'page_view' && /^\/pricing/i.test(e.page ?? '') ? 'pricing_view' : SIGNALS[key] ? key : e.type;
    record(type, at);
  }
  if (formType) record(FORM_SIGNAL[formType] ?? FORM_SIGNAL[typeKey(formType)] ?? formType, createdMs);

  let intentTotal = 0;
  let passive = 0;
  let handRaiser = false;
  for (const [type, times] of groups) {
    const signal = SIGNALS[type] ?? { label: `Other activity (${type})`, points: 1, halfLife: 14, max: 5 };
    const live = times.filter((at) => nowMs - at <= LOOKBACK_DAYS * DAY).sort((a, b) => b - a);
    if (live.length < times.length) add('intent', 0, `${signal.label}: ${times.length - live.length} older than ${LOOKBACK_DAYS} days`);
    if (!live.length) continue;
    const decayed = live
      .slice(0, signal.max)
      .reduce((sum, at) => sum + signal.points * 0.5 ** (Math.max(0, nowMs - at) / DAY / signal.halfLife), 0);
    const points = Math.round(decayed);
    const days = Math.floor(Math.max(0, nowMs - live[0]) / DAY);
    add('intent', points, `${signal.label} ×${live.length}, latest ${days === 0 ? 'today' : `${days} days ago`}`);
    intentTotal += points;
    if (signal.hand) handRaiser ||= points > 0;
    else passive += points;
  }
  if (passive > PASSIVE_CAP) {
    add('intent', PASSIVE_CAP - passive, `Passive activity capped at ${PASSIVE_CAP}`);
    intentTotal += PASSIVE_CAP - passive;
  }
  for (const cue of CUES) {
    const said = inMessage(cue.match);
    if (said) {
      add('intent', cue.points, `${cue.label} stated: "${said}"`);
      intentTotal += cue.points;
    }
  }
  const intent = Math.min(100, Math.max(0, intentTotal));

  // ---- route ----
  const strategic = STRATEGIC.find((a) => domains.some((d) => parents(d).includes(a.domain)))
    ?? STRATEGIC.find((a) => companyName?.toLowerCase() === a.name.toLowerCase());
  const highValue = (employees ?? 0) >= 1000 || (revenue ?? 0) >= 250e6;
  const auto = negatives.find((n) => n.autoDisqualify);
  const strongest = negatives.reduce((best, n) => (!best || n.points < best.points ? n : best), null);
  const disqualifier = auto ?? (negatives.length && fit < 20 ? strongest : null);

  let route;
  let reason;
  let disqualification = null;
  if (disqualifier && strategic) {
    route = 'sales_review';
    reason = `strategic account ${strategic.name} despite ${disqualifier.code}: a person decides`;
  } else if (disqualifier) {
    route = 'disqualify';
    reason = auto ? `auto-disqualified: ${auto.code}` : `negative fit brought fit below 20 (${disqualifier.code})`;
    disqualification = { code: disqualifier.code, reason: disqualifier.label };
  } else if (fit >= 60 && intent >= 40) {
    route = 'sales_review';
    reason = `fit ${fit} and intent ${intent} reach 60 and 40`;
  } else if (strategic) {
    route = 'sales_review';
    reason = `strategic account ${strategic.name}`;
  } else if (highValue) {
    route = 'sales_review';
    reason = 'high-value account';
  } else if (fit >= 55 && intent >= 35) {
    route = 'sales_review';
    reason = `borderline: fit ${fit}, intent ${intent} within 5 of 60/40`;
  } else if (negatives.length && (fitBeforeNegatives >= 60 || intent >= 40)) {
    route = 'sales_review';
    reason = `ambiguous: ${negatives.map((n) => n.code).join(', ')} on an otherwise qualified lead`;
  } else {
    route = 'nurture';
    reason = fit >= 60 ? `intent ${intent} below 40${handRaiser ? '' : ' (activity only)'}` : `fit ${fit} below 60`;
  }

  return { fit, intent, route, reason, disqualification, evidence };
}
