//! Fit, intent and negative-fit evaluation. Every rule returns the evidence that explains its
//! points; a dimension's score is the sum of its evidence (see `Dimension`).

use super::lead::Lead;
use super::model::{
    domain_and_parents, IndustryClass, Model, PhraseTag, Range, RoleLevel, Signal, SignalKind,
};
use super::result::{Evidence, NegativeFinding};
use super::text::{count_links, quote, sentences, Tokens};
use super::time::{Timestamp, MS_PER_DAY};

const QUOTE_CHARS: usize = 140;

/// What scoring derived from the lead once, shared by every rule.
pub(crate) struct Facts<'a> {
    pub lead: &'a Lead,
    pub now: Timestamp,
    pub email: Option<EmailFacts>,
    /// Company domain, or the email domain when it is not a free-mail one.
    pub company_domain: Option<String>,
    pub title: Option<TitleFacts>,
    pub message: MessageFacts,
    pub country: CountryFacts,
    pub industry: Option<(usize, IndustryClass)>,
    /// Which rules a phrase in the company name matched.
    pub company_name_rules: Vec<usize>,
}

pub(crate) struct EmailFacts {
    pub domain: String,
    pub valid: bool,
    pub free: bool,
    pub disposable: bool,
    /// Matches a negative rule's email-domain suffix (`.edu`, `.ac.*`): an academic or
    /// institutional address, not evidence of a company. Holds the indexes of the rules whose
    /// suffix matched, so negative-fit evaluation does not match the patterns again.
    pub suffix_rules: Vec<usize>,
}

pub(crate) struct TitleFacts {
    pub seniority: Option<usize>,
    pub function: Option<usize>,
    pub negative_rules: Vec<usize>,
}

#[derive(Default)]
pub(crate) struct MessageFacts {
    /// Per cue: the first sentence that states it.
    pub cues: Vec<(usize, String)>,
    /// Per negative rule: the first sentence that matched it.
    pub negative: Vec<(usize, String)>,
    pub links: usize,
}

pub(crate) enum CountryFacts {
    Unknown,
    Unrecognised(String),
    Known {
        code: String,
        served_by: Option<String>,
    },
}

impl<'a> Facts<'a> {
    pub fn new(lead: &'a Lead, model: &Model, now: Timestamp) -> Facts<'a> {
        let email = lead.contact.email.as_deref().map(|e| email_facts(e, model));
        let company_domain = lead
            .company
            .domain
            .as_deref()
            .map(super::model::normalize_domain)
            .filter(|d| !d.is_empty())
            .or_else(|| {
                email
                    .as_ref()
                    .filter(|e| e.valid && !e.free)
                    .map(|e| e.domain.clone())
            });

        // One scratch buffer for every text of the lead.
        let mut tokens = Tokens::default();
        let title = lead.contact.title.as_deref().map(|t| {
            tokens.fill(t);
            let mut facts = TitleFacts {
                seniority: None,
                function: None,
                negative_rules: Vec::new(),
            };
            let functions = &model.spec().fit.function.levels;
            model
                .title_phrases
                .find(&tokens, |tag, _, _| match PhraseTag::decode(tag) {
                    PhraseTag::Seniority(i) => {
                        facts.seniority = Some(facts.seniority.map_or(i, |s| s.min(i)))
                    }
                    PhraseTag::Function(i) => {
                        let better = facts
                            .function
                            .map_or(true, |f| points_of(functions, i) > points_of(functions, f));
                        if better {
                            facts.function = Some(i);
                        }
                    }
                    PhraseTag::Negative(r) => push_unique(&mut facts.negative_rules, r),
                    PhraseTag::Cue(_) => {}
                });
            facts
        });

        let mut message = MessageFacts::default();
        if let Some(text) = lead.form.message.as_deref() {
            message.links = count_links(text);
            for sentence in sentences(text) {
                tokens.fill(sentence);
                // One sentence often states several cues ("budget approved for Q1"): quote once.
                let mut quoted: Option<String> = None;
                let mut quote_once = || {
                    quoted
                        .get_or_insert_with(|| quote(sentence, QUOTE_CHARS))
                        .clone()
                };
                model
                    .message_phrases
                    .find(&tokens, |tag, _, _| match PhraseTag::decode(tag) {
                        PhraseTag::Cue(i) if !message.cues.iter().any(|(c, _)| *c == i) => {
                            message.cues.push((i, quote_once()));
                        }
                        PhraseTag::Negative(r)
                            if !message.negative.iter().any(|(n, _)| *n == r) =>
                        {
                            message.negative.push((r, quote_once()));
                        }
                        _ => {}
                    });
            }
            super::text::sort_small_by_key(&mut message.cues, |(i, _)| *i);
        }

        let country = match lead.company.country.as_deref() {
            None => CountryFacts::Unknown,
            Some(raw) => {
                tokens.fill(raw);
                resolve_country(raw, tokens.joined(), model)
            }
        };

        let industry = lead.company.industry.as_deref().and_then(|raw| {
            tokens.fill(raw);
            // The most specific phrase wins ("healthcare software" → software if both match with
            // one word; a longer alias beats a shorter one); ties prefer the better class.
            let mut best: Option<(usize, usize)> = None;
            model.industry_phrases.find(&tokens, |tag, _, words| {
                let index = tag as usize;
                let rank = |i: usize| model.industries.get(i).map_or(3, |(_, c)| class_rank(*c));
                let better = match best {
                    None => true,
                    Some((b, bw)) => words > bw || (words == bw && rank(index) < rank(b)),
                };
                if better {
                    best = Some((index, words));
                }
            });
            best.and_then(|(i, _)| model.industries.get(i).map(|(_, class)| (i, *class)))
        });

        let company_name_rules = lead
            .company
            .name
            .as_deref()
            .map(|name| {
                let mut rules = Vec::new();
                tokens.fill(name);
                model.company_phrases.find(&tokens, |tag, _, _| {
                    if let PhraseTag::Negative(r) = PhraseTag::decode(tag) {
                        push_unique(&mut rules, r);
                    }
                });
                rules
            })
            .unwrap_or_default();

        Facts {
            lead,
            now,
            email,
            company_domain,
            title,
            message,
            country,
            industry,
            company_name_rules,
        }
    }

    /// Email and company domains, deduplicated: what domain lists are checked against.
    pub fn domains(&self) -> impl Iterator<Item = (&'static str, &str)> {
        let email = self
            .email
            .as_ref()
            .filter(|e| e.valid)
            .map(|e| ("contact.email", e.domain.as_str()));
        let company = self
            .company_domain
            .as_deref()
            .filter(|d| email.map_or(true, |(_, e)| e != *d))
            .map(|d| ("company.domain", d));
        email.into_iter().chain(company)
    }
}

fn class_rank(class: IndustryClass) -> u8 {
    match class {
        IndustryClass::Primary => 0,
        IndustryClass::Secondary => 1,
        IndustryClass::Excluded => 2,
    }
}

fn points_of(levels: &[RoleLevel], i: usize) -> i32 {
    levels.get(i).map_or(i32::MIN, |l| l.points)
}

fn push_unique(list: &mut Vec<usize>, value: usize) {
    if !list.contains(&value) {
        list.push(value);
    }
}

/// `key` is the normalised form of `raw` (see [`super::model::country_key`]).
fn resolve_country(raw: &str, key: &str, model: &Model) -> CountryFacts {
    let code = model.country_aliases.get(key).cloned().or_else(|| {
        let trimmed = raw.trim();
        (trimmed.len() == 2 && trimmed.bytes().all(|b| b.is_ascii_alphabetic()))
            .then(|| trimmed.to_ascii_uppercase())
    });
    match code {
        Some(code) => {
            let served_by = model.countries_served.get(&code).cloned();
            CountryFacts::Known { code, served_by }
        }
        None => CountryFacts::Unrecognised(raw.trim().to_string()),
    }
}

fn email_facts(raw: &str, model: &Model) -> EmailFacts {
    let valid = is_valid_email(raw);
    let domain = raw
        .rsplit_once('@')
        .map(|(_, d)| d.trim().trim_end_matches('.').to_ascii_lowercase())
        .unwrap_or_default();
    let in_list = |list: &super::text::FnvMap<String, ()>| {
        domain_and_parents(&domain).any(|d| list.contains_key(d))
    };
    let suffix_rules = if valid {
        (0..model.suffix_patterns.len())
            .filter(|&rule| {
                model.suffix_patterns.get(rule).is_some_and(|patterns| {
                    patterns
                        .iter()
                        .any(|pattern| suffix_matches(&domain, pattern))
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    EmailFacts {
        suffix_rules,
        free: valid && in_list(&model.free_mail),
        disposable: valid && in_list(&model.disposable),
        valid,
        domain,
    }
}

/// A pragmatic address check (what forms and CRMs accept): one `@`, a non-empty local part without
/// spaces, and a domain of at least two dot-separated labels of letters, digits and hyphens, with
/// an alphabetic top-level label.
pub fn is_valid_email(raw: &str) -> bool {
    let email = raw.trim();
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    if local.is_empty() || local.len() > 64 || domain.contains('@') || email.len() > 254 {
        return false;
    }
    if local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return false;
    }
    if !local
        .chars()
        .all(|c| super::text::is_word_char(c) || "!#$%&'*+/=?^_`{|}~.-".contains(c))
    {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return false;
    }
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| super::text::is_word_char(c) || c == '-')
    };
    labels.iter().all(label_ok)
        && labels.last().is_some_and(|tld| {
            tld.len() >= 2
                && tld
                    .chars()
                    .all(|c| super::text::is_word_char(c) && !c.is_ascii_digit())
        })
}

// ---- fit -------------------------------------------------------------------------------------

/// Positive fit evidence plus what the must-have check found.
pub(crate) struct FitParts {
    pub evidence: Vec<Evidence>,
    /// Lead fields that are unknown, most valuable first.
    pub missing: Vec<&'static str>,
    /// Unknown must-have fields.
    pub missing_must_haves: usize,
    /// Labels of known, unmet must-haves.
    pub unmet_must_haves: Vec<String>,
}

struct Criterion {
    field: &'static str,
    required: bool,
    /// `None` = unknown; `Some(met)` = known, and whether it meets the ICP.
    met: Option<bool>,
    weight: i32,
}

pub(crate) fn fit(facts: &Facts, model: &Model) -> FitParts {
    let spec = &model.spec().fit;
    let company = &facts.lead.company;
    // Room for every criterion plus the cap, negative findings and the clamp added later.
    let mut evidence = Vec::with_capacity(12);
    let mut criteria: Vec<Criterion> = Vec::with_capacity(7);

    // Industry
    let industry_met = match (company.industry.as_deref(), facts.industry) {
        (None, _) => None,
        (Some(raw), Some((i, class))) => {
            let canonical = model.industries.get(i).map_or("", |(n, _)| n.as_str());
            let shown = if raw.eq_ignore_ascii_case(canonical) {
                raw.to_string()
            } else {
                crate::text!("{raw} → {canonical}")
            };
            let (code, points, what) = match class {
                IndustryClass::Primary => (
                    "industry.primary",
                    spec.industry.primary_points,
                    "primary target",
                ),
                IndustryClass::Secondary => (
                    "industry.secondary",
                    spec.industry.secondary_points,
                    "secondary target",
                ),
                IndustryClass::Excluded => (
                    "industry.excluded",
                    spec.industry.other_points,
                    "not served",
                ),
            };
            evidence.push(
                Evidence::new(code, points, crate::text!("Industry: {shown} ({what})"))
                    .field("company.industry", Some(raw)),
            );
            Some(class != IndustryClass::Excluded)
        }
        (Some(raw), None) => {
            evidence.push(
                Evidence::new(
                    "industry.other",
                    spec.industry.other_points,
                    crate::text!("Industry: {raw} (not a target industry)"),
                )
                .field("company.industry", Some(raw)),
            );
            Some(false)
        }
    };
    criteria.push(Criterion {
        field: "company.industry",
        required: spec.industry.required,
        met: industry_met,
        weight: spec.industry.primary_points,
    });

    // Size and revenue
    let employees_met = company.employees.map(|n| {
        let (item, met) = range_evidence(
            "employees",
            "company.employees",
            &spec.employees.ranges,
            n as f64,
            &format_count(n as f64, "employees"),
        );
        evidence.push(item);
        met
    });
    criteria.push(Criterion {
        field: "company.employees",
        required: spec.employees.required,
        met: employees_met,
        weight: max_points(&spec.employees.ranges),
    });
    if let Some(revenue) = &spec.annual_revenue {
        let met = company.annual_revenue.map(|r| {
            let (item, met) = range_evidence(
                "annual_revenue",
                "company.annual_revenue",
                &revenue.ranges,
                r,
                &crate::text!("{} annual revenue", format_money(r)),
            );
            evidence.push(item);
            met
        });
        criteria.push(Criterion {
            field: "company.annual_revenue",
            required: revenue.required,
            met,
            weight: max_points(&revenue.ranges),
        });
    }

    // Country
    let country_met = match &facts.country {
        CountryFacts::Unknown => None,
        CountryFacts::Unrecognised(raw) => {
            evidence.push(
                Evidence::new(
                    "country.unrecognised",
                    0,
                    crate::text!("Country {raw:?} not recognised: treated as unknown"),
                )
                .field("company.country", Some(raw)),
            );
            None
        }
        CountryFacts::Known {
            code,
            served_by: Some(region),
        } => {
            let shown = if region.is_empty() {
                code.clone()
            } else {
                crate::text!("{code} ({})", humanize(region))
            };
            evidence.push(
                Evidence::new(
                    "country.served",
                    spec.country.points,
                    crate::text!("Country: {shown}, served"),
                )
                .field("company.country", Some(code)),
            );
            Some(true)
        }
        CountryFacts::Known {
            code,
            served_by: None,
        } => {
            evidence.push(
                Evidence::new(
                    "country.not_served",
                    0,
                    crate::text!("Country: {code}, not served"),
                )
                .field("company.country", Some(code)),
            );
            Some(false)
        }
    };
    criteria.push(Criterion {
        field: "company.country",
        required: spec.country.required,
        met: country_met,
        weight: spec.country.points,
    });

    // Buyer role, from the title
    let title = facts.lead.contact.title.as_deref();
    let (seniority_met, function_met) = match (title, &facts.title) {
        (Some(raw), Some(t)) => {
            let seniority = t.seniority.and_then(|i| spec.seniority.levels.get(i));
            let function = t.function.and_then(|i| spec.function.levels.get(i));
            if let Some(level) = seniority {
                evidence.push(
                    Evidence::new(
                        crate::text!("seniority.{}", level.code),
                        level.points,
                        crate::text!("Seniority: {} (title {raw:?})", level.label),
                    )
                    .field("contact.title", Some(raw)),
                );
            }
            if let Some(level) = function {
                evidence.push(
                    Evidence::new(
                        crate::text!("function.{}", level.code),
                        level.points,
                        crate::text!("Function: {}", level.label),
                    )
                    .field("contact.title", Some(raw)),
                );
            }
            if seniority.is_none() && function.is_none() {
                evidence.push(
                    Evidence::new(
                        "title.unrecognised",
                        0,
                        crate::text!("Title {raw:?}: no seniority or function recognised"),
                    )
                    .field("contact.title", Some(raw)),
                );
            }
            // A recognised title that names no level is a known non-match, not missing data.
            (
                Some(seniority.is_some_and(|l| l.icp)),
                Some(function.is_some_and(|l| l.icp)),
            )
        }
        _ => (None, None),
    };
    criteria.push(Criterion {
        field: "contact.title",
        required: spec.seniority.required,
        met: seniority_met,
        weight: max_level(&spec.seniority.levels),
    });
    criteria.push(Criterion {
        field: "contact.title",
        required: spec.function.required,
        met: function_met,
        weight: max_level(&spec.function.levels),
    });

    // Email
    let email_met = facts.email.as_ref().map(|e| {
        if !e.valid {
            false
        } else if e.free {
            evidence.push(
                Evidence::new(
                    "email.free_mail",
                    spec.email.free_mail_points,
                    crate::text!("Free-mail address ({}): company not confirmed", e.domain),
                )
                .field("contact.email", Some(&e.domain)),
            );
            false
        } else if !e.suffix_rules.is_empty() {
            evidence.push(
                Evidence::new(
                    "email.institutional",
                    0,
                    crate::text!(
                        "Academic or institutional address ({}): not a company email",
                        e.domain
                    ),
                )
                .field("contact.email", Some(&e.domain)),
            );
            false
        } else if !e.disposable {
            evidence.push(
                Evidence::new(
                    "email.work",
                    spec.email.work_points,
                    crate::text!("Work email at {}", e.domain),
                )
                .field("contact.email", Some(&e.domain)),
            );
            true
        } else {
            false
        }
    });
    criteria.push(Criterion {
        field: "contact.email",
        required: false,
        met: email_met,
        weight: spec.email.work_points,
    });

    // Most valuable unknowns first: must-haves, then by the points they could bring.
    let mut unknown: Vec<&Criterion> = criteria.iter().filter(|c| c.met.is_none()).collect();
    super::text::sort_small_by_key(&mut unknown, |c| (!c.required, -c.weight));
    let mut missing: Vec<&'static str> = Vec::new();
    for c in &unknown {
        if !missing.contains(&c.field) {
            missing.push(c.field);
        }
    }
    let mut missing_must_haves: Vec<&'static str> = Vec::new();
    for c in criteria.iter().filter(|c| c.required && c.met.is_none()) {
        if !missing_must_haves.contains(&c.field) {
            missing_must_haves.push(c.field);
        }
    }
    let unmet_must_haves = criteria
        .iter()
        .filter(|c| c.required && c.met == Some(false))
        .map(|c| {
            c.field
                .trim_start_matches("company.")
                .trim_start_matches("contact.")
                .replace('_', " ")
        })
        .collect();
    FitParts {
        evidence,
        missing,
        missing_must_haves: missing_must_haves.len(),
        unmet_must_haves,
    }
}

fn range_evidence(
    name: &str,
    field: &'static str,
    ranges: &[Range],
    value: f64,
    shown: &str,
) -> (Evidence, bool) {
    let range = ranges
        .iter()
        .find(|r| value >= r.min && r.max.map_or(true, |max| value <= max));
    let value_text = format_plain(value);
    match range {
        Some(r) => (
            Evidence::new(
                crate::text!("{name}.range"),
                r.points,
                crate::text!("{shown}: {}", r.label),
            )
            .field(field, Some(&value_text)),
            r.icp,
        ),
        None => (
            Evidence::new(
                crate::text!("{name}.out_of_range"),
                0,
                crate::text!("{shown}: outside every range"),
            )
            .field(field, Some(&value_text)),
            false,
        ),
    }
}

fn max_points(ranges: &[Range]) -> i32 {
    ranges.iter().map(|r| r.points).max().unwrap_or(0)
}

fn max_level(levels: &[RoleLevel]) -> i32 {
    levels.iter().map(|l| l.points).max().unwrap_or(0)
}

/// `north_america` → `North America`.
pub fn humanize(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    for word in code.split('_').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        super::text::push_capitalized(&mut out, word);
    }
    out
}

fn format_plain(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        crate::text!("{}", v as i64)
    } else {
        crate::text!("{v}")
    }
}

/// `1200` → `1,200 employees`.
fn format_count(v: f64, unit: &str) -> String {
    crate::text!("{} {unit}", group_thousands(v as u64))
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `48000000` → `$48M`, `1200000000` → `$1.2B`. Tenths are written with integer arithmetic:
/// fixed-precision float formatting would add its own tables to the wasm bundle.
pub(crate) fn format_money(v: f64) -> String {
    let (scaled, suffix) = if v >= 1e9 {
        (v / 1e9, "B")
    } else if v >= 1e6 {
        (v / 1e6, "M")
    } else if v >= 1e3 {
        (v / 1e3, "K")
    } else {
        (v, "")
    };
    let tenths = (scaled * 10.0).round() as i64;
    if tenths % 10 == 0 {
        crate::text!("${}{suffix}", tenths / 10)
    } else {
        crate::text!("${}.{}{suffix}", tenths / 10, tenths % 10)
    }
}

// ---- negative fit ----------------------------------------------------------------------------

struct Match {
    matcher: &'static str,
    field: &'static str,
    value: String,
    shown: String,
}

pub(crate) fn negatives(facts: &Facts, model: &Model) -> Vec<NegativeFinding> {
    let spec = model.spec();
    // Domain-list hits for all rules at once: (rule, field, domain), each domain once per rule.
    let mut domain_hits: Vec<(usize, &'static str, &str)> = Vec::new();
    for (field, domain) in facts.domains() {
        for listed in domain_and_parents(domain) {
            for &rule in model
                .negative_domains
                .get(listed)
                .map_or(&[][..], Vec::as_slice)
            {
                if !domain_hits.iter().any(|&(r, f, _)| r == rule && f == field) {
                    domain_hits.push((rule, field, domain));
                }
            }
        }
    }
    let mut findings = Vec::new();
    for (i, rule) in spec.negative.iter().enumerate() {
        let m = &rule.matchers;
        let mut matches: Vec<Match> = Vec::new();
        for &(_, field, domain) in domain_hits.iter().filter(|(r, _, _)| *r == i) {
            matches.push(Match {
                matcher: "domains",
                field,
                value: domain.to_string(),
                shown: crate::text!("domain {domain}"),
            });
        }
        if let Some(e) = facts.email.as_ref().filter(|e| e.valid) {
            if e.suffix_rules.contains(&i) {
                matches.push(Match {
                    matcher: "email_domain_suffixes",
                    field: "contact.email",
                    value: e.domain.clone(),
                    shown: crate::text!("domain {}", e.domain),
                });
            }
            if m.disposable_email && e.disposable {
                matches.push(Match {
                    matcher: "disposable_email",
                    field: "contact.email",
                    value: e.domain.clone(),
                    shown: crate::text!("disposable email domain {}", e.domain),
                });
            }
        }
        if m.invalid_email {
            if let Some(raw) = facts
                .lead
                .contact
                .email
                .as_deref()
                .filter(|_| facts.email.as_ref().is_some_and(|e| !e.valid))
            {
                matches.push(Match {
                    matcher: "invalid_email",
                    field: "contact.email",
                    value: raw.to_string(),
                    shown: crate::text!("malformed email {raw:?}"),
                });
            }
        }
        if let (Some(t), Some(raw)) = (&facts.title, facts.lead.contact.title.as_deref()) {
            if t.negative_rules.contains(&i) {
                matches.push(Match {
                    matcher: "title",
                    field: "contact.title",
                    value: raw.to_string(),
                    shown: crate::text!("title: {raw}"),
                });
            }
        }
        if let Some((_, sentence)) = facts.message.negative.iter().find(|(r, _)| *r == i) {
            matches.push(Match {
                matcher: "message",
                field: "form.message",
                value: sentence.clone(),
                shown: crate::text!("message: \"{sentence}\""),
            });
        }
        if facts.company_name_rules.contains(&i) {
            if let Some(name) = facts.lead.company.name.as_deref() {
                matches.push(Match {
                    matcher: "company_name",
                    field: "company.name",
                    value: name.to_string(),
                    shown: crate::text!("company: {name}"),
                });
            }
        }
        if let Some(form_type) = facts.lead.form.form_type.as_deref() {
            if m.form_types
                .iter()
                .any(|t| t.eq_ignore_ascii_case(form_type))
            {
                matches.push(Match {
                    matcher: "form_types",
                    field: "form.type",
                    value: form_type.to_string(),
                    shown: crate::text!("form: {form_type}"),
                });
            }
        }
        if m.out_of_market {
            out_of_market(facts, model, &mut matches);
        }
        if let Some(min) = m.min_links {
            if min > 0 && facts.message.links >= min as usize {
                let n = facts.message.links;
                matches.push(Match {
                    matcher: "min_links",
                    field: "form.message",
                    value: n.to_string(),
                    shown: crate::text!("{n} links in the message"),
                });
            }
        }
        if matches.is_empty() {
            continue;
        }
        let weak = matches
            .iter()
            .all(|x| rule.weak.iter().any(|w| w == x.matcher));
        let points = if weak {
            rule.weak_points.unwrap_or(rule.points)
        } else {
            rule.points
        };
        let shown: Vec<&str> = matches.iter().map(|x| x.shown.as_str()).collect();
        let shown = shown.join("; ");
        let first = matches.first();
        findings.push(NegativeFinding {
            code: rule.code.clone(),
            points,
            label: if weak {
                crate::text!("Possible {}: {shown}", super::text::lowercase(&rule.label))
            } else {
                crate::text!("{}: {shown}", rule.label)
            },
            field: first.map(|x| std::borrow::Cow::Borrowed(x.field)),
            value: first.map(|x| x.value.clone()),
            auto_disqualify: rule.auto_disqualify && !weak,
            weak,
            reason: crate::text!("{} ({shown})", rule.reason),
        });
    }
    findings
}

fn out_of_market(facts: &Facts, model: &Model, matches: &mut Vec<Match>) {
    let fit = &model.spec().fit;
    if let CountryFacts::Known {
        code,
        served_by: None,
    } = &facts.country
    {
        matches.push(Match {
            matcher: "out_of_market",
            field: "company.country",
            value: code.clone(),
            shown: crate::text!("country {code} is not served"),
        });
    }
    if let (Some(n), Some(min)) = (facts.lead.company.employees, fit.employees.minimum) {
        if (n as f64) < min {
            matches.push(Match {
                matcher: "out_of_market",
                field: "company.employees",
                value: n.to_string(),
                shown: crate::text!(
                    "{} is below the minimum of {}",
                    format_count(n as f64, "employees"),
                    format_plain(min)
                ),
            });
        }
    }
    if let (Some(raw), Some((_, IndustryClass::Excluded))) =
        (facts.lead.company.industry.as_deref(), facts.industry)
    {
        matches.push(Match {
            matcher: "out_of_market",
            field: "company.industry",
            value: raw.to_string(),
            shown: crate::text!("industry {raw} is not served"),
        });
    }
}

/// Whether `domain`'s rightmost labels match `pattern` (labels right-to-left, `*` = any label).
/// The domain must have at least one label more than the pattern (`.edu` matches `stateu.edu`,
/// not `edu`).
fn suffix_matches(domain: &str, pattern: &[String]) -> bool {
    let mut labels = domain.rsplit('.');
    for want in pattern {
        match labels.next() {
            Some(got) if want == "*" || got == want => {}
            _ => return false,
        }
    }
    labels.next().is_some_and(|l| !l.is_empty())
}

// ---- intent ----------------------------------------------------------------------------------

pub(crate) struct IntentParts {
    pub evidence: Vec<Evidence>,
    pub notes: Vec<String>,
    /// Whether any explicit hand-raiser counted (within the look-back window).
    pub hand_raiser: bool,
    /// Whether passive activity was cut back by the cap.
    pub passive_capped: bool,
    /// Sentence stating the need, for the next action.
    pub need_quote: Option<String>,
}

/// Where an occurrence's points and decay come from.
#[derive(Clone, Copy, PartialEq)]
enum SignalRef<'m> {
    Known(usize, &'m Signal),
    Unknown,
}

struct Occurrence<'a, 'm> {
    signal: SignalRef<'m>,
    event_type: &'a str,
    at: Timestamp,
    detail: Option<&'a str>,
}

pub(crate) fn intent(facts: &Facts, model: &Model) -> IntentParts {
    let spec = &model.spec().intent;
    let now = facts.now;
    let lead = facts.lead;
    let fallback_at = lead.created_at.unwrap_or(now);

    let resolve = |event_type: &str, page: Option<&str>| -> SignalRef {
        if event_type == "page_view" {
            if let Some(rule) = page.and_then(|p| {
                spec.page_rules
                    .iter()
                    .find(|r| p.starts_with(&r.path_prefix))
            }) {
                if let Some(&i) = model.signal_index.get(&rule.signal) {
                    if let Some(s) = spec.signals.get(i) {
                        return SignalRef::Known(i, s);
                    }
                }
            }
        }
        match model
            .signal_index
            .get(event_type)
            .and_then(|&i| spec.signals.get(i).map(|s| (i, s)))
        {
            Some((i, s)) => SignalRef::Known(i, s),
            None => SignalRef::Unknown,
        }
    };

    let mut occurrences: Vec<Occurrence> = Vec::with_capacity(lead.events.len() + 1);
    for e in &lead.events {
        occurrences.push(Occurrence {
            signal: resolve(&e.event_type, e.page.as_deref()),
            event_type: &e.event_type,
            at: e.at.unwrap_or(fallback_at),
            detail: e.page.as_deref().or(e.asset.as_deref()),
        });
    }
    if let Some(form_type) = lead.form.form_type.as_deref() {
        let signal = spec
            .form_types
            .get(form_type)
            .and_then(|t| model.signal_index.get(t))
            .and_then(|&i| spec.signals.get(i).map(|s| SignalRef::Known(i, s)))
            .unwrap_or(SignalRef::Unknown);
        occurrences.push(Occurrence {
            signal,
            event_type: form_type,
            at: fallback_at,
            detail: None,
        });
    }
    // Group by signal (unknown types by their own name), most recent first; the sort is total
    // (ties broken by type name), so output order never depends on input order quirks.
    occurrences.sort_by(|a, b| {
        group_key(a)
            .cmp(&group_key(b))
            .then_with(|| b.at.cmp(&a.at))
    });

    let lookback_ms = i64::from(spec.lookback_days).saturating_mul(MS_PER_DAY);
    let cues = facts.message.cues.len();
    let mut evidence = Vec::with_capacity(occurrences.len().min(8) + cues + 2);
    let mut notes = Vec::with_capacity(4 + cues);
    let mut hand_raiser = false;
    let mut passive_total = 0i32;
    let mut start = 0;
    while start < occurrences.len() {
        let key = occurrences.get(start).map(group_key);
        let end = occurrences
            .iter()
            .skip(start)
            .position(|o| Some(group_key(o)) != key)
            .map_or(occurrences.len(), |n| start + n);
        let group = occurrences.get(start..end).unwrap_or(&[]);
        start = end;
        let Some(first) = group.first() else { continue };
        let (label, kind, points, max_count, code_type) = match first.signal {
            SignalRef::Known(_, s) => (
                s.label.clone(),
                s.kind,
                s.points,
                s.max_count,
                s.signal_type.as_str(),
            ),
            SignalRef::Unknown => (
                humanize(first.event_type),
                SignalKind::Passive,
                spec.unknown_event.points,
                spec.unknown_event.max_count,
                first.event_type,
            ),
        };
        // The group is sorted most recent first, so the events inside the look-back window are a
        // prefix and the expired ones the rest.
        let inside = group
            .iter()
            .position(|o| now.0.saturating_sub(o.at.0) > lookback_ms)
            .unwrap_or(group.len());
        let (live, expired) = group.split_at(inside);

        if let Some(latest) = live.first() {
            let counted = live.len().min(max_count as usize);
            let raw: f64 = live
                .iter()
                .take(counted)
                .map(|o| {
                    decayed(
                        first.signal,
                        spec.unknown_event.half_life_days,
                        points,
                        age_days(now, o.at),
                    )
                })
                .sum();
            let gained = raw.round() as i32;
            let undecayed = points.saturating_mul(counted as i32);
            let ago = Ago(now, latest.at);
            let text = if live.len() == 1 {
                crate::text!("{label} {ago}")
            } else if live.len() > counted {
                crate::text!("{label} ×{} in the last {} days, latest {ago} (only the latest {counted} count)", live.len(), spec.lookback_days)
            } else {
                crate::text!(
                    "{label} ×{} in the last {} days, latest {ago}",
                    live.len(),
                    spec.lookback_days
                )
            };
            let mut item = Evidence::new(crate::text!("event.{code_type}"), gained, text);
            item.field = Some(std::borrow::Cow::Borrowed("events"));
            item.value = latest.detail.map(str::to_string);
            item.at = Some(latest.at);
            item.decayed_from = (undecayed != gained).then_some(undecayed);
            item.count = Some(live.len() as u32);
            evidence.push(item);
            match kind {
                SignalKind::HandRaiser => {
                    hand_raiser = hand_raiser || gained > 0;
                    if let SignalRef::Known(_, s) = first.signal {
                        notes.push(crate::text!(
                            "{} {ago}",
                            s.note.as_deref().unwrap_or(&s.label)
                        ));
                    }
                }
                SignalKind::Passive => passive_total = passive_total.saturating_add(gained),
            }
        }
        if let Some(latest) = expired.first() {
            let text = if expired.len() == 1 {
                crate::text!(
                    "{label} {}: older than the {}-day look-back (expired)",
                    Ago(now, latest.at),
                    spec.lookback_days
                )
            } else {
                crate::text!(
                    "{label} ×{}, latest {}: older than the {}-day look-back (expired)",
                    expired.len(),
                    Ago(now, latest.at),
                    spec.lookback_days
                )
            };
            let mut item = Evidence::new(crate::text!("event.{code_type}"), 0, text);
            item.field = Some(std::borrow::Cow::Borrowed("events"));
            item.at = Some(latest.at);
            item.decayed_from = Some(points);
            item.count = Some(expired.len() as u32);
            item.expired = true;
            evidence.push(item);
        }
    }

    let passive_capped = passive_total > spec.passive_cap;
    if passive_capped {
        evidence.push(Evidence::new(
            "intent.passive_cap",
            spec.passive_cap - passive_total,
            crate::text!(
                "Passive activity capped at {} points (page views, downloads and opens are not buying intent by themselves)",
                spec.passive_cap
            ),
        ));
    }

    let mut need_quote = None;
    for (i, sentence) in &facts.message.cues {
        if let Some(cue) = spec.cues.get(*i) {
            evidence.push(
                Evidence::new(
                    crate::text!("cue.{}", cue.code),
                    cue.points,
                    crate::text!("{} stated: \"{sentence}\"", cue.label),
                )
                .field("form.message", Some(sentence)),
            );
            notes.push(crate::text!("{}: \"{sentence}\"", cue.label));
            if cue.code == "need" {
                need_quote = Some(sentence.clone());
            }
        }
    }
    if notes.is_empty() {
        notes.push(if passive_total > 0 {
            "Activity only: no request or stated need yet".into()
        } else {
            "No buying signal yet".into()
        });
    }
    IntentParts {
        evidence,
        notes,
        hand_raiser,
        passive_capped,
        need_quote,
    }
}

fn group_key<'a>(o: &Occurrence<'a, '_>) -> (usize, &'a str) {
    match o.signal {
        SignalRef::Known(i, _) => (i, ""),
        SignalRef::Unknown => (usize::MAX, o.event_type),
    }
}

fn age_days(now: Timestamp, at: Timestamp) -> f64 {
    // Events stamped in the future (clock skew between systems) count as happening now.
    (now.0.saturating_sub(at.0)).max(0) as f64 / MS_PER_DAY as f64
}

fn decayed(signal: SignalRef, unknown_half_life: Option<f64>, points: i32, age: f64) -> f64 {
    let p = f64::from(points);
    let (half_life, linear) = match signal {
        SignalRef::Known(_, s) => (s.half_life_days, s.linear_points_per_week),
        SignalRef::Unknown => (unknown_half_life, None),
    };
    match (half_life, linear) {
        (Some(h), _) if h > 0.0 => p * libm::exp2(-age / h),
        (_, Some(rate)) => (p - rate * age / 7.0).max(0.0),
        _ => p,
    }
}

/// "today", "1 day ago", "12 days ago", "in the future" — formatted straight into the label
/// being built, without a string of its own.
pub struct Ago(pub Timestamp, pub Timestamp);

impl std::fmt::Display for Ago {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Ago(now, at) = *self;
        match at.days_until(now) {
            d if d < 0 => f.write_str("in the future"),
            0 => f.write_str("today"),
            1 => f.write_str("1 day ago"),
            d => write!(f, "{d} days ago"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_syntax() {
        for ok in [
            "dana.ruiz@acmelogistics.com",
            "a+b@x.co.uk",
            "x@sub.domain.io",
            "ÉLodie@exemple.fr",
        ] {
            assert!(is_valid_email(ok), "{ok}");
        }
        for bad in [
            "",
            "dana",
            "dana@",
            "@acme.com",
            "dana@acme",
            "dana@@acme.com",
            "da na@acme.com",
            "dana@acme..com",
            "dana@-acme.com",
            "dana@acme.c0m",
            ".dana@acme.com",
            "dana@acme,com",
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn suffixes() {
        let p = |s: &str| -> Vec<String> {
            s.trim_start_matches('.')
                .rsplit('.')
                .map(str::to_string)
                .collect()
        };
        assert!(suffix_matches("stateu.edu", &p(".edu")));
        assert!(!suffix_matches("edu", &p(".edu")));
        assert!(suffix_matches("ox.ac.uk", &p(".ac.*")));
        assert!(!suffix_matches("ac.uk", &p(".ac.*")));
        assert!(!suffix_matches("acme.com", &p(".ac.*")));
        assert!(suffix_matches("unimelb.edu.au", &p(".edu.*")));
    }

    #[test]
    fn formatting() {
        assert_eq!(format_money(48e6), "$48M");
        assert_eq!(format_money(1.25e9), "$1.3B");
        assert_eq!(format_money(950.0), "$950");
        assert_eq!(group_thousands(1_234_567), "1,234,567");
        assert_eq!(humanize("north_america"), "North America");
    }
}
