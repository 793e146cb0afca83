//! Fit, intent and negative-fit evaluation. Every rule returns the evidence that explains its
//! points; a dimension's score is the sum of its evidence (see `Dimension`).
//!
//! Nothing here formats text: evidence carries the parts of its label (`result::Label`), borrowed
//! from the lead and the model, and is written out only if someone reads it.

use std::borrow::Cow;

use super::country::{assigned_code, is_placeholder};
use super::display::Quotation;
use super::lead::Lead;
use super::model::{
    DomainListings, IndustryClass, Model, NegativeRule, PhraseTag, Range, RoleLevel, Signal,
    SignalKind,
};
use super::result::{
    Ago, Evidence, Fields, FindingLabel, FindingReason, Label, Match, Matches, Message,
    MissingField, NegativeFinding, Note, Quantity, SignalName, Text, UnmetMustHaves, Value,
};
use super::text::{
    ascii_lowercase, count_links, is_word_char, quote_tokenized, sentences, trim, type_key, Tokens,
    COUNTED_SORT_MAX, QUOTE_CHARS,
};
use super::time::{Timestamp, MS_PER_DAY};

/// What scoring derived from the lead once, shared by every rule.
pub(crate) struct Facts<'a> {
    pub lead: &'a Lead<'a>,
    pub now: Timestamp,
    pub email: Option<EmailFacts<'a>>,
    /// Company domain, or the email domain when it is not a free-mail one.
    pub company_domain: Option<Text<'a>>,
    /// The lists on the company domain, when it is not the (valid) email domain.
    pub company_listings: Option<DomainListings>,
    pub title: Option<TitleFacts>,
    pub message: MessageFacts<'a>,
    pub country: CountryFacts<'a>,
    pub industry: Option<(usize, IndustryClass)>,
    /// Which rules a phrase in the company name matched.
    pub company_name_rules: Vec<usize>,
}

pub(crate) struct EmailFacts<'a> {
    /// Lowercase; borrowed from the lead unless it had to be lowercased.
    pub domain: Text<'a>,
    /// As the lead gave it (trimmed): what labels show, written lowercase.
    pub given_domain: &'a str,
    pub valid: bool,
    /// What the model's lists say about the domain — free mail, disposable, … (nothing when the
    /// address is invalid).
    pub listings: DomainListings,
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

#[derive(Clone, Default)]
pub(crate) struct MessageFacts<'a> {
    /// Per cue: the first sentence that states it, as given and quoted.
    pub cues: Vec<(usize, &'a str, Text<'a>)>,
    /// Per negative rule: the first sentence that matched it, quoted.
    pub negative: Vec<(usize, Text<'a>)>,
    pub links: usize,
}

pub(crate) enum CountryFacts<'a> {
    Unknown,
    /// The trimmed text as given.
    Unrecognised(&'a str),
    Known {
        /// ISO alpha-2: the model's, or one of the assigned codes (`country::assigned_code`).
        code: &'a str,
        /// The served entry that covers the code (a region name, or "" for a listed code).
        served_by: Option<&'a str>,
    },
}

impl<'a> Facts<'a> {
    pub fn new(lead: &'a Lead<'a>, model: &'a Model, now: Timestamp) -> Facts<'a> {
        Facts::with_message(lead, model, now, None)
    }

    /// `message`: the facts of this lead's message when they were derived already — progressive
    /// profiling probes answers to other fields on copies of one lead, and a long message is
    /// most of the work of deriving facts.
    pub fn with_message(
        lead: &'a Lead<'a>,
        model: &'a Model,
        now: Timestamp,
        message: Option<MessageFacts<'a>>,
    ) -> Facts<'a> {
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
                    .filter(|e| e.valid && !e.listings.free_mail)
                    .map(|e| e.domain.clone())
            });
        let valid_email_domain = email.as_ref().filter(|e| e.valid).map(|e| &e.domain);
        let company_listings = company_domain
            .as_ref()
            .filter(|d| valid_email_domain != Some(*d))
            .map(|d| model.domain_listings(d));

        // One scratch buffer for every text of the lead.
        let (title, message, country, industry, company_name_rules) =
            super::text::with_scratch_tokens(|tokens| {
                let title = lead
                    .contact
                    .title
                    .as_deref()
                    .map(|t| title_facts(t, model, tokens));
                let message = message.unwrap_or_else(|| {
                    lead.form
                        .message
                        .as_deref()
                        .map_or_else(MessageFacts::default, |t| message_facts(t, model, tokens))
                });
                let country = country_facts(lead.company.country.as_deref(), model, tokens);
                let industry = lead
                    .company
                    .industry
                    .as_deref()
                    .and_then(|raw| industry_facts(raw, model, tokens));
                let company_name_rules = lead
                    .company
                    .name
                    .as_deref()
                    .map(|name| {
                        let mut rules = Vec::new();
                        tokens.fill(name);
                        model.company_phrases.find(tokens, |tag, _, _| {
                            if let PhraseTag::Negative(r) = PhraseTag::decode(tag) {
                                push_unique(&mut rules, r);
                            }
                        });
                        rules
                    })
                    .unwrap_or_default();
                (title, message, country, industry, company_name_rules)
            });

        Facts {
            lead,
            now,
            email,
            company_domain,
            company_listings,
            title,
            message,
            country,
            industry,
            company_name_rules,
        }
    }

    /// Email and company domains, deduplicated, with what the model's lists say about them.
    pub fn domains(&self) -> impl Iterator<Item = (&'static str, &Text<'a>, &DomainListings)> {
        let email = self
            .email
            .as_ref()
            .filter(|e| e.valid)
            .map(|e| ("contact.email", &e.domain, &e.listings));
        let company = self
            .company_domain
            .as_ref()
            .zip(self.company_listings.as_ref())
            .map(|(d, listings)| ("company.domain", d, listings));
        email.into_iter().chain(company)
    }
}

fn title_facts(t: &str, model: &Model, tokens: &mut Tokens) -> TitleFacts {
    tokens.fill(t);
    let mut facts = TitleFacts {
        seniority: None,
        function: None,
        negative_rules: Vec::new(),
    };
    let functions = &model.spec().fit.function.levels;
    model
        .title_phrases
        .find(tokens, |tag, _, _| match PhraseTag::decode(tag) {
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
}

fn message_facts<'a>(text: &'a str, model: &Model, tokens: &mut Tokens) -> MessageFacts<'a> {
    let mut message = MessageFacts {
        links: count_links(text),
        ..MessageFacts::default()
    };
    for sentence in sentences(text) {
        tokens.fill(sentence);
        let filled: &Tokens = tokens;
        // One sentence often states several cues ("budget approved for Q1"): quote once.
        let mut quoted: Option<Text<'a>> = None;
        let mut quote_once = || {
            quoted
                .get_or_insert_with(|| quote_tokenized(sentence, filled, QUOTE_CHARS))
                .clone()
        };
        model
            .message_phrases
            .find(filled, |tag, _, _| match PhraseTag::decode(tag) {
                PhraseTag::Cue(i) if !message.cues.iter().any(|(c, _, _)| *c == i) => {
                    message.cues.push((i, sentence, quote_once()));
                }
                PhraseTag::Negative(r) if !message.negative.iter().any(|(n, _)| *n == r) => {
                    message.negative.push((r, quote_once()));
                }
                _ => {}
            });
    }
    super::text::sort_small_by_key(&mut message.cues, |(i, _, _)| *i);
    message
}

fn country_facts<'a>(
    raw: Option<&'a str>,
    model: &'a Model,
    tokens: &mut Tokens,
) -> CountryFacts<'a> {
    match raw {
        None => CountryFacts::Unknown,
        Some(raw) => {
            tokens.fill(raw);
            resolve_country(raw, tokens.joined(), model)
        }
    }
}

fn industry_facts(raw: &str, model: &Model, tokens: &mut Tokens) -> Option<(usize, IndustryClass)> {
    tokens.fill(raw);
    // The most specific phrase wins ("healthcare software" → software if both match with
    // one word; a longer alias beats a shorter one); ties prefer the better class.
    let mut best: Option<(usize, usize)> = None;
    model.industry_phrases.find(tokens, |tag, _, words| {
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
fn resolve_country<'a>(raw: &'a str, key: &str, model: &'a Model) -> CountryFacts<'a> {
    let code = model
        .country_aliases
        .get(key)
        .map(String::as_str)
        .or_else(|| {
            let trimmed = trim(raw);
            // Only assigned codes are countries; a placeholder ("NA") only when the model
            // serves that country. Anything else is "not recognised" (unknown), not out of market.
            assigned_code(trimmed)
                .filter(|code| !is_placeholder(code) || model.countries_served.get(code).is_some())
        });
    match code {
        Some(code) => {
            let served_by = model.countries_served.get(code).map(String::as_str);
            CountryFacts::Known { code, served_by }
        }
        None => CountryFacts::Unrecognised(trim(raw)),
    }
}

fn email_facts<'a>(raw: &'a str, model: &Model) -> EmailFacts<'a> {
    let valid = is_valid_email(raw);
    // The text after the last '@' ('@' is ASCII, so the byte after it starts a character). A
    // plain byte scan: addresses are short, and `rsplit_once`'s searcher costs more than them.
    let after_at = raw
        .bytes()
        .rposition(|b| b == b'@')
        .and_then(|at| raw.get(at + 1..));
    let given_domain = after_at.map_or("", |d| trim(d).trim_end_matches('.'));
    let domain = ascii_lowercase(given_domain);
    let listings = if valid {
        model.domain_listings(&domain)
    } else {
        DomainListings::default()
    };
    let suffix_rules = if valid {
        suffix_rules(&domain, &model.suffix_patterns)
    } else {
        Vec::new()
    };
    EmailFacts {
        suffix_rules,
        listings,
        valid,
        domain,
        given_domain,
    }
}

/// A pragmatic address check (what forms and CRMs accept): one `@`, a non-empty local part without
/// spaces, and a domain of at least two dot-separated labels of letters, digits and hyphens, with
/// an alphabetic top-level label. Every lead with an email runs it, so it reads each byte once,
/// testing ASCII bytes against bit sets.
pub fn is_valid_email(raw: &str) -> bool {
    let email = trim(raw);
    let bytes = email.as_bytes();
    if bytes.len() > 254 {
        return false;
    }
    let mut non_ascii = false;
    // The local part, up to the first '@': no dot at either end or twice in a row.
    let mut previous = b'.';
    let mut at = None;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'@' {
            at = Some(i);
            break;
        }
        non_ascii |= !b.is_ascii();
        let allowed = !b.is_ascii() || in_set(LOCAL_PART, b) || (b == b'.' && previous != b'.');
        if !allowed {
            return false;
        }
        previous = b;
    }
    let Some(at) = at.filter(|&at| at <= 64 && previous != b'.') else {
        return false;
    };
    // The domain: labels of letters, digits and inner hyphens (1–63 bytes), at least two; the
    // last one (the top level) of two or more letters.
    let (mut labels, mut len, mut previous) = (0usize, 0usize, b'.');
    // Whether the current label has only letters so far, and the length of the last closed one.
    let (mut alphabetic, mut closed_len) = (true, 0usize);
    let domain = bytes.get(at + 1..).unwrap_or(&[]);
    // A final '.' closes the last label (a real trailing dot leaves an empty label: invalid).
    for &b in domain.iter().chain(std::iter::once(&b'.')) {
        if b == b'.' {
            if len == 0 || len > 63 || previous == b'-' {
                return false;
            }
            labels += 1;
            closed_len = len;
            len = 0;
        } else if !b.is_ascii() || in_set(LABEL, b) {
            if len == 0 {
                if b == b'-' {
                    return false;
                }
                alphabetic = true;
            }
            non_ascii |= !b.is_ascii();
            alphabetic &= !in_set(DIGIT_OR_HYPHEN, b);
            len += 1;
        } else {
            return false;
        }
        previous = b;
    }
    labels >= 2
        && alphabetic
        && closed_len >= 2
        // Outside ASCII, only letters and digits (as `is_word_char` sees them) are allowed.
        && (!non_ascii || email.chars().filter(|c| !c.is_ascii()).all(is_word_char))
}

/// What each byte may be in an address (bits of `EMAIL_BYTES`): one table load per byte.
const LOCAL_PART: u8 = 1;
const LABEL: u8 = 2;
const DIGIT_OR_HYPHEN: u8 = 4;

static EMAIL_BYTES: [u8; 256] = email_bytes();

const fn email_bytes() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut b = 0u8;
    loop {
        let class = if b.is_ascii_digit() || b == b'-' {
            LOCAL_PART | LABEL | DIGIT_OR_HYPHEN
        } else if b.is_ascii_alphabetic() {
            LOCAL_PART | LABEL
        } else if matches!(
            b,
            b'!' | b'#'
                | b'$'
                | b'%'
                | b'&'
                | b'\''
                | b'*'
                | b'+'
                | b'/'
                | b'='
                | b'?'
                | b'^'
                | b'_'
                | b'`'
                | b'{'
                | b'|'
                | b'}'
                | b'~'
        ) {
            LOCAL_PART
        } else {
            0
        };
        // Only evaluated for the static, at compile time: an index out of range fails the build.
        #[allow(clippy::indexing_slicing)]
        {
            table[b as usize] = class;
        }
        if b == u8::MAX {
            break table;
        }
        b += 1;
    }
}

/// Whether the ASCII byte `b` is in `class` (bytes outside ASCII never are).
fn in_set(class: u8, b: u8) -> bool {
    EMAIL_BYTES
        .get(usize::from(b))
        .is_some_and(|c| c & class != 0)
}

// ---- fit -------------------------------------------------------------------------------------

/// Positive fit evidence plus what the must-have check found.
pub(crate) struct FitParts<'a> {
    pub evidence: Vec<Evidence<'a>>,
    pub missing: Missing,
    /// Unknown must-have fields.
    pub missing_must_haves: usize,
    /// Known, unmet must-haves.
    pub unmet_must_haves: UnmetMustHaves,
}

/// Lead fields that are unknown and would change the result if known, most valuable first.
#[derive(Default)]
pub(crate) struct Missing {
    pub fields: Vec<Text<'static>>,
    /// The first three: what a next action asks to confirm.
    pub first: Fields,
    /// One bit per field pushed (by `MissingField` number).
    pushed: u8,
}

impl Missing {
    pub fn push(&mut self, field: MissingField) {
        let bit = 1 << field as u8;
        if self.pushed & bit == 0 {
            self.pushed |= bit;
            self.fields.push(Cow::Borrowed(field.path()));
            self.first.push(field);
        }
    }
}

/// The fit criteria in the order they are evaluated, by the names a sentence uses;
/// [`UnmetMustHaves`] refers to them by position.
pub(crate) const CRITERION_NAMES: [&str; 7] = [
    "industry",
    "employees",
    "annual revenue",
    "country",
    "title",
    "title",
    "email",
];

struct Criterion {
    field: MissingField,
    required: bool,
    /// `None` = unknown; `Some(met)` = known, and whether it meets the ICP.
    met: Option<bool>,
    weight: i32,
}

pub(crate) fn fit<'a>(facts: &Facts<'a>, model: &'a Model) -> FitParts<'a> {
    let spec = &model.spec().fit;
    let company = &facts.lead.company;
    // Room for every criterion plus the cap, negative findings and the clamp added later.
    let mut evidence = Vec::with_capacity(12);

    // Industry
    let industry_met = match (company.industry.as_deref(), facts.industry) {
        (None, _) => None,
        (Some(raw), Some((i, class))) => {
            let canonical = model.industries.get(i).map_or("", |(n, _)| n.as_str());
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
            let label = Label::Industry {
                given: raw,
                canonical,
                class: what,
            };
            evidence.push(Evidence::new(code, points, label).field("company.industry", raw));
            Some(class != IndustryClass::Excluded)
        }
        (Some(raw), None) => {
            let label = Label::IndustryOther { given: raw };
            evidence.push(
                Evidence::new("industry.other", spec.industry.other_points, label)
                    .field("company.industry", raw),
            );
            Some(false)
        }
    };

    // Size and revenue
    let employees_met = company.employees.map(|n| {
        let (item, met) = range_evidence(
            ("employees.range", "employees.out_of_range"),
            "company.employees",
            &spec.employees.ranges,
            Quantity::Employees(n),
            n as f64,
        );
        evidence.push(item);
        met
    });
    let revenue = spec.annual_revenue.as_ref().map(|revenue| {
        let met = company.annual_revenue.map(|r| {
            let (item, met) = range_evidence(
                ("annual_revenue.range", "annual_revenue.out_of_range"),
                "company.annual_revenue",
                &revenue.ranges,
                Quantity::Revenue(r),
                r,
            );
            evidence.push(item);
            met
        });
        (revenue, met)
    });

    // Country
    let country_met = match &facts.country {
        CountryFacts::Unknown => None,
        CountryFacts::Unrecognised(raw) => {
            let label = Label::CountryUnrecognised { given: raw };
            evidence.push(
                Evidence::new("country.unrecognised", 0, label).field("company.country", *raw),
            );
            None
        }
        CountryFacts::Known {
            code,
            served_by: Some(region),
        } => {
            let label = Label::CountryServed { code, region };
            evidence.push(
                Evidence::new("country.served", spec.country.points, label)
                    .field("company.country", *code),
            );
            Some(true)
        }
        CountryFacts::Known {
            code,
            served_by: None,
        } => {
            let label = Label::CountryNotServed { code };
            evidence.push(
                Evidence::new("country.not_served", 0, label).field("company.country", *code),
            );
            Some(false)
        }
    };

    // Buyer role, from the title
    let title = facts.lead.contact.title.as_deref();
    let (seniority_met, function_met) = match (title, &facts.title) {
        (Some(raw), Some(t)) => {
            let seniority = t
                .seniority
                .and_then(|i| Some((i, spec.seniority.levels.get(i)?)));
            let function = t
                .function
                .and_then(|i| Some((i, spec.function.levels.get(i)?)));
            if let Some((i, level)) = seniority {
                let label = Label::Seniority {
                    level: &level.label,
                    title: raw,
                };
                let code = code_at(&model.codes.seniority, i);
                evidence.push(Evidence::new(code, level.points, label).field("contact.title", raw));
            }
            if let Some((i, level)) = function {
                let label = Label::Function {
                    level: &level.label,
                };
                let code = code_at(&model.codes.function, i);
                evidence.push(Evidence::new(code, level.points, label).field("contact.title", raw));
            }
            if seniority.is_none() && function.is_none() {
                let label = Label::TitleUnrecognised { title: raw };
                evidence.push(
                    Evidence::new("title.unrecognised", 0, label).field("contact.title", raw),
                );
            }
            // A recognised title that names no level is a known non-match, not missing data.
            (
                Some(seniority.is_some_and(|(_, l)| l.icp)),
                Some(function.is_some_and(|(_, l)| l.icp)),
            )
        }
        _ => (None, None),
    };

    // Email
    let email_met = facts.email.as_ref().map(|e| {
        let domain = e.domain.clone();
        if !e.valid {
            false
        } else if e.listings.free_mail {
            evidence.push(
                Evidence::new(
                    "email.free_mail",
                    spec.email.free_mail_points,
                    Label::FreeMail {
                        domain: e.given_domain,
                    },
                )
                .field("contact.email", domain),
            );
            false
        } else if !e.suffix_rules.is_empty() {
            evidence.push(
                Evidence::new(
                    "email.institutional",
                    0,
                    Label::Institutional {
                        domain: e.given_domain,
                    },
                )
                .field("contact.email", domain),
            );
            false
        } else if !e.listings.disposable {
            evidence.push(
                Evidence::new(
                    "email.work",
                    spec.email.work_points,
                    Label::WorkEmail {
                        domain: e.given_domain,
                    },
                )
                .field("contact.email", domain),
            );
            true
        } else {
            false
        }
    });

    // In the order of `CRITERION_NAMES`.
    let criteria = [
        Some(Criterion {
            field: MissingField::Industry,
            required: spec.industry.required,
            met: industry_met,
            weight: spec.industry.primary_points,
        }),
        Some(Criterion {
            field: MissingField::Employees,
            required: spec.employees.required,
            met: employees_met,
            weight: max_points(&spec.employees.ranges),
        }),
        revenue.map(|(revenue, met)| Criterion {
            field: MissingField::AnnualRevenue,
            required: revenue.required,
            met,
            weight: max_points(&revenue.ranges),
        }),
        Some(Criterion {
            field: MissingField::Country,
            required: spec.country.required,
            met: country_met,
            weight: spec.country.points,
        }),
        Some(Criterion {
            field: MissingField::Title,
            required: spec.seniority.required,
            met: seniority_met,
            weight: max_level(&spec.seniority.levels),
        }),
        Some(Criterion {
            field: MissingField::Title,
            required: spec.function.required,
            met: function_met,
            weight: max_level(&spec.function.levels),
        }),
        Some(Criterion {
            field: MissingField::Email,
            required: false,
            met: email_met,
            weight: spec.email.work_points,
        }),
    ];

    // Most valuable unknowns first: must-haves, then by the points they could bring.
    // (Gathered first: most leads have none or one, then there is nothing to sort.)
    let mut unknown: [Option<&Criterion>; 7] = [None; 7];
    let mut unknowns = 0;
    for c in criteria.iter().flatten().filter(|c| c.met.is_none()) {
        if let Some(slot) = unknown.get_mut(unknowns) {
            *slot = Some(c);
            unknowns += 1;
        }
    }
    let unknown = unknown.get_mut(..unknowns).unwrap_or_default();
    super::text::sort_small_by_key(unknown, |c| {
        c.map_or((true, 0), |c| (!c.required, -c.weight))
    });
    let mut missing = Missing::default();
    // Sized for the unknown criteria and the message (pushed later), without growing.
    if unknowns > 0 {
        missing.fields.reserve_exact(unknowns + 1);
    }
    for c in unknown.iter().flatten() {
        missing.push(c.field);
    }
    let mut missing_must_haves: [Option<MissingField>; 7] = [None; 7];
    let mut unmet_must_haves = UnmetMustHaves::default();
    for (i, c) in criteria.iter().enumerate() {
        let Some(c) = c.as_ref().filter(|c| c.required) else {
            continue;
        };
        match c.met {
            None if !missing_must_haves.contains(&Some(c.field)) => {
                if let Some(slot) = missing_must_haves.get_mut(i) {
                    *slot = Some(c.field);
                }
            }
            Some(false) => unmet_must_haves.0 |= 1 << i,
            _ => {}
        }
    }
    FitParts {
        evidence,
        missing,
        missing_must_haves: missing_must_haves.iter().flatten().count(),
        unmet_must_haves,
    }
}

/// The code of item `i` of a per-model code table (built from the same list `i` indexes).
fn code_at(codes: &[String], i: usize) -> Text<'_> {
    Cow::Borrowed(codes.get(i).map_or("", String::as_str))
}

fn range_evidence<'a>(
    (in_range, out_of_range): (&'static str, &'static str),
    field: &'static str,
    ranges: &'a [Range],
    quantity: Quantity,
    value: f64,
) -> (Evidence<'a>, bool) {
    let range = ranges
        .iter()
        .find(|r| value >= r.min && r.max.map_or(true, |max| value <= max));
    let (code, points, met) = match range {
        Some(r) => (in_range, r.points, r.icp),
        None => (out_of_range, 0, false),
    };
    let label = Label::Range {
        quantity,
        range: range.map(|r| r.label.as_str()),
    };
    (Evidence::new(code, points, label).field(field, value), met)
}

fn max_points(ranges: &[Range]) -> i32 {
    ranges.iter().map(|r| r.points).max().unwrap_or(0)
}

fn max_level(levels: &[RoleLevel]) -> i32 {
    levels.iter().map(|l| l.points).max().unwrap_or(0)
}

// ---- negative fit ----------------------------------------------------------------------------

/// A negative rule that matched, with its evidence.
pub(crate) struct Finding<'a> {
    pub rule: &'a NegativeRule,
    /// The evidence item's code, `negative.<rule code>`.
    evidence_code: Text<'a>,
    pub points: i32,
    pub auto_disqualify: bool,
    pub weak: bool,
    /// Field and value of the first match.
    field: Option<&'static str>,
    value: Option<Value<'a>>,
    matches: Matches<'a>,
}

impl<'a> Finding<'a> {
    pub fn label(&self) -> FindingLabel<'a> {
        FindingLabel {
            rule: self.rule,
            weak: self.weak,
            matches: self.matches.clone(),
        }
    }

    pub fn reason(&self) -> FindingReason<'a> {
        FindingReason {
            rule: self.rule,
            matches: self.matches.clone(),
        }
    }

    /// The finding as a fit evidence item.
    pub fn evidence(&self) -> Evidence<'a> {
        let mut item = Evidence::new(self.evidence_code.clone(), self.points, self.label());
        item.field = self.field.map(Cow::Borrowed);
        item.value = self.value.clone();
        item
    }

    pub fn into_result(self) -> NegativeFinding<'a> {
        NegativeFinding {
            code: Cow::Borrowed(&self.rule.code),
            points: self.points,
            label: Message::Finding(self.label()),
            field: self.field.map(Cow::Borrowed),
            value: self.value,
            auto_disqualify: self.auto_disqualify,
            weak: self.weak,
            reason: Message::FindingReason(FindingReason {
                rule: self.rule,
                matches: self.matches,
            }),
        }
    }
}

/// One matcher's hit while a rule is evaluated.
struct Hit<'a> {
    matcher: &'static str,
    field: &'static str,
    value: Value<'a>,
    shown: Match<'a>,
}

pub(crate) fn negatives<'a>(facts: &Facts<'a>, model: &'a Model) -> Vec<Finding<'a>> {
    let spec = model.spec();
    // Domain-list hits for all rules at once: (rule, field, domain), each domain once per rule.
    let mut domain_hits: Vec<(usize, &'static str, &Text<'a>)> = Vec::new();
    for (field, domain, listings) in facts.domains() {
        for &rule in &listings.negative_rules {
            domain_hits.push((rule, field, domain));
        }
    }
    let lead = facts.lead;
    let valid_email = facts.email.as_ref().filter(|e| e.valid);
    // The rules that the lead's domains and texts name, one bit each: a rule that none names and
    // whose other matchers cannot apply to this lead is not evaluated (most rules, for most
    // leads). Rules past the 64th are always evaluated.
    let bit = |rule: usize| 1u64.checked_shl(rule as u32).unwrap_or(0);
    let mut named = domain_hits.iter().fold(0, |bits, &(r, _, _)| bits | bit(r));
    let mut name = |rules: &[usize]| named |= rules.iter().fold(0, |bits, &r| bits | bit(r));
    name(valid_email.map_or(&[], |e| &e.suffix_rules));
    name(facts.title.as_ref().map_or(&[], |t| &t.negative_rules));
    name(&facts.company_name_rules);
    named |= facts
        .message
        .negative
        .iter()
        .fold(0, |bits, &(r, _)| bits | bit(r));
    let applies = |m: &super::model::Matchers| {
        m.out_of_market
            || (m.invalid_email && facts.email.as_ref().is_some_and(|e| !e.valid))
            || (m.disposable_email && valid_email.is_some_and(|e| e.listings.disposable))
            || (!m.form_types.is_empty() && lead.form.form_type.is_some())
            || m.min_links
                .is_some_and(|min| min > 0 && facts.message.links >= min as usize)
    };
    let mut findings = Vec::new();
    // Reused for every rule: most rules match nothing, so this rarely allocates.
    let mut hits: Vec<Hit<'a>> = Vec::new();
    for (i, rule) in spec.negative.iter().enumerate() {
        let m = &rule.matchers;
        if i < 64 && named & bit(i) == 0 && !applies(m) {
            continue;
        }
        for &(_, field, domain) in domain_hits.iter().filter(|(r, _, _)| *r == i) {
            hits.push(Hit {
                matcher: "domains",
                field,
                value: Value::Text(domain.clone()),
                shown: Match::Domain(domain.clone()),
            });
        }
        if let Some(e) = facts.email.as_ref().filter(|e| e.valid) {
            if e.suffix_rules.contains(&i) {
                hits.push(Hit {
                    matcher: "email_domain_suffixes",
                    field: "contact.email",
                    value: Value::Text(e.domain.clone()),
                    shown: Match::Domain(e.domain.clone()),
                });
            }
            if m.disposable_email && e.listings.disposable {
                hits.push(Hit {
                    matcher: "disposable_email",
                    field: "contact.email",
                    value: Value::Text(e.domain.clone()),
                    shown: Match::DisposableDomain(e.domain.clone()),
                });
            }
        }
        if m.invalid_email {
            if let Some(raw) = lead
                .contact
                .email
                .as_deref()
                .filter(|_| facts.email.as_ref().is_some_and(|e| !e.valid))
            {
                hits.push(Hit {
                    matcher: "invalid_email",
                    field: "contact.email",
                    value: raw.into(),
                    shown: Match::MalformedEmail(raw),
                });
            }
        }
        if let (Some(t), Some(raw)) = (&facts.title, lead.contact.title.as_deref()) {
            if t.negative_rules.contains(&i) {
                hits.push(Hit {
                    matcher: "title",
                    field: "contact.title",
                    value: raw.into(),
                    shown: Match::Title(raw),
                });
            }
        }
        if let Some((_, sentence)) = facts.message.negative.iter().find(|(r, _)| *r == i) {
            hits.push(Hit {
                matcher: "message",
                field: "form.message",
                value: Value::Text(sentence.clone()),
                shown: Match::Message(sentence.clone()),
            });
        }
        if facts.company_name_rules.contains(&i) {
            if let Some(name) = lead.company.name.as_deref() {
                hits.push(Hit {
                    matcher: "company_name",
                    field: "company.name",
                    value: name.into(),
                    shown: Match::CompanyName(name),
                });
            }
        }
        if let Some(form_type) = lead.form.form_type.as_deref() {
            if m.form_types
                .iter()
                .any(|t| t.eq_ignore_ascii_case(form_type))
            {
                hits.push(Hit {
                    matcher: "form_types",
                    field: "form.type",
                    value: form_type.into(),
                    shown: Match::FormType(form_type),
                });
            }
        }
        if m.out_of_market {
            out_of_market(facts, model, &mut hits);
        }
        if let Some(min) = m.min_links {
            if min > 0 && facts.message.links >= min as usize {
                let n = facts.message.links;
                hits.push(Hit {
                    matcher: "min_links",
                    field: "form.message",
                    value: Value::Number(n as f64),
                    shown: Match::Links(n),
                });
            }
        }
        let Some(first) = hits.first() else {
            continue;
        };
        let (field, value) = (first.field, first.value.clone());
        let weak = hits
            .iter()
            .all(|x| rule.weak.iter().any(|w| w == x.matcher));
        let points = if weak {
            rule.weak_points.unwrap_or(rule.points)
        } else {
            rule.points
        };
        findings.push(Finding {
            rule,
            evidence_code: code_at(&model.codes.negative, i),
            points,
            auto_disqualify: rule.auto_disqualify && !weak,
            weak,
            field: Some(field),
            value: Some(value),
            matches: Matches(hits.drain(..).map(|hit| hit.shown).collect()),
        });
    }
    findings
}

fn out_of_market<'a>(facts: &Facts<'a>, model: &Model, hits: &mut Vec<Hit<'a>>) {
    let fit = &model.spec().fit;
    if let CountryFacts::Known {
        code,
        served_by: None,
    } = &facts.country
    {
        hits.push(Hit {
            matcher: "out_of_market",
            field: "company.country",
            value: Value::from(*code),
            shown: Match::CountryNotServed(code),
        });
    }
    if let (Some(n), Some(min)) = (facts.lead.company.employees, fit.employees.minimum) {
        if (n as f64) < min {
            hits.push(Hit {
                matcher: "out_of_market",
                field: "company.employees",
                value: Value::Number(n as f64),
                shown: Match::BelowMinimum {
                    employees: n,
                    minimum: min,
                },
            });
        }
    }
    if let (Some(raw), Some((_, IndustryClass::Excluded))) =
        (facts.lead.company.industry.as_deref(), facts.industry)
    {
        hits.push(Hit {
            matcher: "out_of_market",
            field: "company.industry",
            value: raw.into(),
            shown: Match::IndustryNotServed(raw),
        });
    }
}

/// The negative rules whose email-domain suffix patterns match `domain`. Its labels are split
/// once, not once per pattern: every lead with an email runs this.
fn suffix_rules(domain: &str, patterns_by_rule: &[Vec<Vec<String>>]) -> Vec<usize> {
    // `labels[k]` is the k-th label from the right; longer patterns take the slow path.
    let mut labels = [""; 8];
    let mut count = 0;
    let mut rest = Some(domain);
    while let (Some(r), Some(slot)) = (rest, labels.get_mut(count)) {
        let (label, before) = split_last_label(r);
        *slot = label;
        count += 1;
        rest = before;
    }
    let matches = |pattern: &[String]| {
        if pattern.len() >= labels.len() {
            return suffix_matches(domain, pattern);
        }
        // One label more than the pattern, and not an empty one (`.edu` is not `edu`).
        pattern
            .iter()
            .zip(&labels)
            .all(|(want, got)| want == "*" || want == got)
            && pattern.len() < count
            && labels.get(pattern.len()).is_some_and(|l| !l.is_empty())
    };
    let mut rules = Vec::new();
    for (rule, patterns) in patterns_by_rule.iter().enumerate() {
        if patterns.iter().any(|p| matches(p)) {
            rules.push(rule);
        }
    }
    rules
}

/// Whether `domain`'s rightmost labels match `pattern` (labels right-to-left, `*` = any label).
/// The domain must have at least one label more than the pattern (`.edu` matches `stateu.edu`,
/// not `edu`).
fn suffix_matches(domain: &str, pattern: &[String]) -> bool {
    let mut rest = Some(domain);
    for want in pattern {
        let Some((label, before)) = rest.map(split_last_label) else {
            return false;
        };
        if want != "*" && want != label {
            return false;
        }
        rest = before;
    }
    rest.is_some_and(|before| !split_last_label(before).0.is_empty())
}

/// The last dot-separated label of `domain`, and what precedes its dot (`None` without one).
fn split_last_label(domain: &str) -> (&str, Option<&str>) {
    match domain.bytes().rposition(|b| b == b'.') {
        Some(dot) => (domain.get(dot + 1..).unwrap_or(""), domain.get(..dot)),
        None => (domain, None),
    }
}

// ---- intent ----------------------------------------------------------------------------------

pub(crate) struct IntentParts<'a> {
    pub evidence: Vec<Evidence<'a>>,
    pub notes: Vec<Message<'a>>,
    /// Whether any explicit hand-raiser counted (within the look-back window).
    pub hand_raiser: bool,
    /// Whether passive activity was cut back by the cap.
    pub passive_capped: bool,
    /// Sentence stating the need, for the next action.
    pub need_quote: Option<Text<'a>>,
}

/// Where an occurrence's points and decay come from.
#[derive(Clone, Copy, PartialEq)]
enum SignalRef<'m> {
    Known(usize, &'m Signal),
    Unknown,
}

/// An event or the form submission as one integer that sorts into the order evidence reads:
/// its group (the top 32 bits: a signal's index in the model; unknown event types rank after
/// every signal, by name), then its time reversed (64 bits), then its position in the lead (the
/// low 32 bits: an event's index, the form's is the number of events), so that simultaneous
/// events keep the input order. Sixteen bytes to sort and no references: a lead's occurrences
/// fit in an array on the stack.
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Occurrence(u128);

impl Occurrence {
    /// The group of an unknown event type until [`rank_unknown_types`] ranks it.
    const UNRANKED: usize = u32::MAX as usize;

    fn new(group: usize, at: Timestamp, position: usize) -> Occurrence {
        // Time reversed: the sign bit flipped makes the `i64` order the `u64` order; `!`
        // reverses it.
        let newest_first = !((at.0 as u64) ^ (1 << 63));
        Occurrence(
            Self::field(group) << 96 | u128::from(newest_first) << 32 | Self::field(position),
        )
    }

    fn group(self) -> usize {
        (self.0 >> 96) as usize
    }

    fn with_group(self, group: usize) -> Occurrence {
        Occurrence(self.0 & (u128::MAX >> 32) | Self::field(group) << 96)
    }

    /// A group or position as a 32-bit field (a lead has fewer events, a model fewer signals).
    fn field(n: usize) -> u128 {
        u128::from(u32::try_from(n).unwrap_or(u32::MAX))
    }

    fn at(self) -> Timestamp {
        Timestamp((!((self.0 >> 32) as u64) ^ (1 << 63)) as i64)
    }

    fn position(self) -> usize {
        (self.0 as u32) as usize
    }
}

pub(crate) fn intent<'a>(facts: &Facts<'a>, model: &'a Model) -> IntentParts<'a> {
    let spec = &model.spec().intent;
    let now = facts.now;
    let lead = facts.lead;
    let fallback_at = lead.created_at.unwrap_or(now);

    // The signal an event type names: types as people and CRMs write them ("Demo Request",
    // "PAGE-VIEW") are the model's snake_case codes.
    let known = |i: usize| spec.signals.get(i).map(|s| SignalRef::Known(i, s));
    let page_view_signal = model.signal_index.get("page_view").copied();
    let signal_of_type = |event_type: &str| -> (bool, SignalRef<'a>) {
        let key = type_key(event_type);
        let signal = model
            .signal_index
            .get(key.as_ref())
            .and_then(|&i| known(i))
            .unwrap_or(SignalRef::Unknown);
        (key == "page_view", signal)
    };
    // Types written otherwise (or unknown) are normalised once per distinct spelling.
    let mut seen_types: [Option<(&'a str, bool, SignalRef<'a>)>; 8] = [None; 8];
    let mut resolve = |event_type: &'a str, page: Option<&str>| -> SignalRef<'a> {
        // Most types are the model's codes as written (codes are `type_key`s already): one
        // lookup, no normalising.
        let as_written = model.signal_index.get(event_type).copied();
        let (page_view, signal) = match as_written.and_then(known) {
            Some(signal) => (as_written == page_view_signal, signal),
            None => match seen_types
                .iter()
                .flatten()
                .find(|(t, _, _)| *t == event_type)
            {
                Some(&(_, page_view, signal)) => (page_view, signal),
                None => {
                    let (page_view, signal) = signal_of_type(event_type);
                    if let Some(slot) = seen_types.iter_mut().find(|slot| slot.is_none()) {
                        *slot = Some((event_type, page_view, signal));
                    }
                    (page_view, signal)
                }
            },
        };
        if page_view {
            // Paths compare ASCII case-blind: `/Pricing` is the pricing page.
            if let Some(rule) = page.and_then(|p| {
                spec.page_rules.iter().find(|r| {
                    p.get(..r.path_prefix.len())
                        .is_some_and(|head| head.eq_ignore_ascii_case(&r.path_prefix))
                })
            }) {
                if let Some(signal) = model.signal_index.get(&rule.signal).and_then(|&i| known(i)) {
                    return signal;
                }
            }
        }
        signal
    };

    // In lead order, the form submission last: the order of simultaneous events.
    let form_type = lead.form.form_type.as_deref();
    let form_signal = form_type.map(|form_type| {
        model
            .form_signals
            .get(form_type)
            .or_else(|| model.form_signals.get(type_key(form_type).as_ref()))
            .and_then(|&i| known(i))
            .unwrap_or(SignalRef::Unknown)
    });
    let type_at = |position: usize| {
        lead.events
            .get(position)
            .map_or(form_type.unwrap_or_default(), |e| &*e.event_type)
    };
    let count = lead.events.len() + usize::from(form_type.is_some());
    let (mut few, mut many) = ([Occurrence::default(); COUNTED_SORT_MAX], Vec::new());
    let occurrences: &mut [Occurrence] = match few.get_mut(..count) {
        Some(few) => few,
        None => {
            many.resize(count, Occurrence::default());
            &mut many
        }
    };
    let signals = lead
        .events
        .iter()
        .map(|e| (resolve(&e.event_type, e.page.as_deref()), e.at))
        .chain(form_signal.map(|signal| (signal, None)));
    for (position, (slot, (signal, at))) in occurrences.iter_mut().zip(signals).enumerate() {
        let group = match signal {
            SignalRef::Known(i, _) => i,
            SignalRef::Unknown => Occurrence::UNRANKED,
        };
        *slot = Occurrence::new(group, at.unwrap_or(fallback_at), position);
    }
    let groups = rank_unknown_types(occurrences, spec.signals.len(), type_at);
    in_groups(occurrences, groups);
    let occurrences = &*occurrences;

    let lookback_ms = i64::from(spec.lookback_days).saturating_mul(MS_PER_DAY);
    let cues = facts.message.cues.len();
    let mut evidence = Vec::with_capacity(occurrences.len().min(8) + cues + 2);
    let mut notes = Vec::with_capacity(4 + cues);
    let mut hand_raiser = false;
    let mut passive_total = 0i32;
    let mut start = 0;
    while start < occurrences.len() {
        let key = occurrences.get(start).map(|o| o.group());
        let end = occurrences
            .iter()
            .skip(start)
            .position(|o| Some(o.group()) != key)
            .map_or(occurrences.len(), |n| start + n);
        let group = occurrences.get(start..end).unwrap_or(&[]);
        start = end;
        let Some(first) = group.first() else { continue };
        let first_signal = known(first.group()).unwrap_or(SignalRef::Unknown);
        let first_type = type_at(first.position());
        let (signal, kind, points, max_count, mut code) = match first_signal {
            SignalRef::Known(i, s) => (
                SignalName::Known(&s.label),
                s.kind,
                s.points,
                s.max_count,
                code_at(&model.codes.signal, i),
            ),
            SignalRef::Unknown => (
                SignalName::Unknown(first_type),
                SignalKind::Passive,
                spec.unknown_event.points,
                spec.unknown_event.max_count,
                Cow::Owned(["event.", first_type].concat()),
            ),
        };
        // The group is sorted most recent first, so the events inside the look-back window are a
        // prefix and the expired ones the rest.
        let inside = group
            .iter()
            .position(|o| now.0.saturating_sub(o.at().0) > lookback_ms)
            .unwrap_or(group.len());
        let (live, expired) = group.split_at(inside);

        if let Some(latest) = live.first() {
            let counted = live.len().min(max_count as usize);
            let raw: f64 = live
                .iter()
                .take(counted)
                .map(|o| {
                    decayed(
                        first_signal,
                        spec.unknown_event.half_life_days,
                        points,
                        age_days(now, o.at()),
                    )
                })
                .sum();
            let gained = raw.round() as i32;
            let undecayed = points.saturating_mul(counted as i32);
            let ago = Ago(now, latest.at());
            let label = Label::Signal {
                signal,
                count: live.len() as u32,
                counted: counted as u32,
                lookback_days: spec.lookback_days,
                latest: ago,
            };
            // The code is shared with an expired item only when there is one (for an unknown
            // type it is built per lead: cloning it would copy it).
            let code = if expired.is_empty() {
                std::mem::take(&mut code)
            } else {
                code.clone()
            };
            let mut item = Evidence::new(code, gained, label);
            item.field = Some(Cow::Borrowed("events"));
            item.value = lead
                .events
                .get(latest.position())
                .and_then(|e| e.page.as_deref().or(e.asset.as_deref()))
                .map(Value::from);
            item.at = Some(latest.at());
            item.decayed_from = (undecayed != gained).then_some(undecayed);
            item.count = Some(live.len() as u32);
            evidence.push(item);
            match kind {
                SignalKind::HandRaiser => {
                    hand_raiser = hand_raiser || gained > 0;
                    if let SignalRef::Known(_, s) = first_signal {
                        notes.push(Message::Note(Note::Signal {
                            note: s.note.as_deref().unwrap_or(&s.label),
                            latest: ago,
                        }));
                    }
                }
                SignalKind::Passive => passive_total = passive_total.saturating_add(gained),
            }
        }
        if let Some(latest) = expired.first() {
            let label = Label::Expired {
                signal,
                count: expired.len() as u32,
                lookback_days: spec.lookback_days,
                latest: Ago(now, latest.at()),
            };
            let mut item = Evidence::new(code, 0, label);
            item.field = Some(Cow::Borrowed("events"));
            item.at = Some(latest.at());
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
            Label::PassiveCap {
                cap: spec.passive_cap,
            },
        ));
    }

    let mut need_quote = None;
    for (i, sentence, quote) in &facts.message.cues {
        if let Some(cue) = spec.cues.get(*i) {
            let quotation = Quotation::of(sentence, quote);
            let label = Label::Cue {
                cue: &cue.label,
                quote: quotation,
            };
            evidence.push(
                Evidence::new(code_at(&model.codes.cue, *i), cue.points, label)
                    .field("form.message", quote.clone()),
            );
            notes.push(Message::Note(Note::Cue {
                cue: &cue.label,
                quote: quotation,
            }));
            if cue.code == "need" {
                need_quote = Some(quote.clone());
            }
        }
    }
    if notes.is_empty() {
        notes.push(Message::Text(Cow::Borrowed(if passive_total > 0 {
            "Activity only: no request or stated need yet"
        } else {
            "No buying signal yet"
        })));
    }
    IntentParts {
        evidence,
        notes,
        hand_raiser,
        passive_capped,
        need_quote,
    }
}

/// Ranks the occurrences of event types the model does not know after its `signals`, by name
/// (`type_at` gives an occurrence's type from its position); returns the number of groups.
/// Usually there are none or one, and nothing is allocated.
fn rank_unknown_types<'a>(
    occurrences: &mut [Occurrence],
    signals: usize,
    type_at: impl Fn(usize) -> &'a str,
) -> usize {
    let unranked = |o: &Occurrence| o.group() == Occurrence::UNRANKED;
    let mut types = occurrences
        .iter()
        .filter(|o| unranked(o))
        .map(|o| type_at(o.position()));
    let Some(first) = types.next() else {
        return signals;
    };
    if types.all(|t| t == first) {
        // One unknown type (the usual case when there are any): it ranks first.
        for o in occurrences.iter_mut().filter(|o| unranked(o)) {
            *o = o.with_group(signals);
        }
        return signals + 1;
    }
    let mut unknown: Vec<&str> = occurrences
        .iter()
        .filter(|o| unranked(o))
        .map(|o| type_at(o.position()))
        .collect();
    super::text::sort_small_by_key(&mut unknown, |name| *name);
    unknown.dedup();
    for o in occurrences.iter_mut().filter(|o| unranked(o)) {
        let rank = unknown.binary_search(&type_at(o.position())).unwrap_or(0);
        *o = o.with_group(signals + rank);
    }
    signals + unknown.len()
}

/// Sorts the occurrences into their groups, most recent first, simultaneous ones in input order:
/// the order of their keys, which all differ (positions do). Up to [`COUNTED_SORT_MAX`], each
/// one's place is counted (how many keys are smaller: no branches to mispredict). A longer list
/// (`groups` is their number) is first put in group order by counting (active leads have dozens
/// of events of a few types), then each group's run is sorted on its own, usually newest first
/// already.
fn in_groups(occurrences: &mut [Occurrence], groups: usize) {
    if occurrences.len() <= COUNTED_SORT_MAX {
        let mut sorted = [Occurrence::default(); COUNTED_SORT_MAX];
        for o in occurrences.iter() {
            let place: usize = occurrences.iter().map(|other| usize::from(other < o)).sum();
            if let Some(slot) = sorted.get_mut(place) {
                *slot = *o;
            }
        }
        if let Some(sorted) = sorted.get(..occurrences.len()) {
            occurrences.copy_from_slice(sorted);
        }
        return;
    }
    let group_ends = by_group(occurrences, groups);
    let mut start = 0;
    for end in group_ends {
        if let Some(run) = occurrences.get_mut(start..end) {
            if run.len() <= 16 {
                super::text::sort_small_by_key(run, |o| *o);
            } else {
                super::text::sort_by_unique_key(run, |o| *o);
            }
        }
        start = end;
    }
}

/// Puts `occurrences` in the order of their group (each below `groups`), keeping their order
/// within a group (a counting sort), and returns where each group's run ends.
fn by_group(occurrences: &mut [Occurrence], groups: usize) -> Vec<usize> {
    let mut ends = vec![0usize; groups];
    for o in occurrences.iter() {
        if let Some(count) = ends.get_mut(o.group()) {
            *count += 1;
        }
    }
    let mut total = 0;
    for end in ends.iter_mut() {
        total += *end;
        *end = total;
    }
    // Placed from the back, so that each group's run keeps the input order.
    let mut grouped = vec![Occurrence::default(); occurrences.len()];
    let mut next = ends.clone();
    for o in occurrences.iter().rev() {
        if let Some(slot) = next.get_mut(o.group()) {
            *slot -= 1;
            if let Some(place) = grouped.get_mut(*slot) {
                *place = *o;
            }
        }
    }
    occurrences.copy_from_slice(&grouped);
    ends
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The address rules written plainly (the address split into local part, domain and labels,
    /// each checked on its own): the reference for `is_valid_email`'s one pass.
    fn reference_is_valid_email(raw: &str) -> bool {
        let email = raw.trim();
        let Some(at) = email.bytes().position(|b| b == b'@') else {
            return false;
        };
        let (local, domain) = (
            email.get(..at).unwrap_or(""),
            email.get(at + 1..).unwrap_or(""),
        );
        let mut previous = b'.';
        let local_ok = local.bytes().all(|b| {
            let allowed = b.is_ascii_alphanumeric()
                || !b.is_ascii()
                || b"!#$%&'*+/=?^_`{|}~-".contains(&b)
                || (b == b'.' && previous != b'.');
            previous = b;
            allowed
        }) && previous != b'.';
        let labels: Vec<&str> = domain.split('.').collect();
        let label_ok = |l: &&str| {
            (1..=63).contains(&l.len())
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes()
                    .all(|b| b == b'-' || b.is_ascii_alphanumeric() || !b.is_ascii())
        };
        let top_ok = labels.last().is_some_and(|t| {
            t.len() >= 2 && t.bytes().all(|b| b.is_ascii_alphabetic() || !b.is_ascii())
        });
        email.len() <= 254
            && local.len() <= 64
            && local_ok
            && labels.len() >= 2
            && labels.iter().all(label_ok)
            && top_ok
            && (email.is_ascii() || email.chars().filter(|c| !c.is_ascii()).all(is_word_char))
    }

    #[test]
    fn email_check_agrees_with_reference() {
        // Every address of up to five characters from an alphabet of the bytes the check treats
        // differently, and some longer ones.
        let alphabet = ['a', 'Z', '7', '.', '@', '-', '+', ' ', 'é', '€'];
        for text in crate::core::text::every_text(&alphabet, 5) {
            assert_eq!(
                is_valid_email(&text),
                reference_is_valid_email(&text),
                "{text}"
            );
        }
        let long_local = format!("{}@acme.com", "a".repeat(65));
        let long_label = format!("x@{}.com", "a".repeat(64));
        let long = format!("x@{}.com", "abc.".repeat(64));
        for text in [
            &long_local,
            &long_label,
            &long,
            " x@a.io ",
            "x@a.b.c0",
            "x@a.bc.",
        ] {
            assert_eq!(
                is_valid_email(text),
                reference_is_valid_email(text),
                "{text}"
            );
        }
    }

    /// `rank_unknown_types` and `in_groups` against the order they stand for, written plainly: a
    /// stable sort by group (the model's signals in model order, then unknown types by name),
    /// then time reversed, then position. Lists short and long (the counting path, and runs long
    /// enough for the heapsort), few and many types, known and unknown (one type, or several),
    /// equal times.
    #[test]
    fn events_group_as_a_plain_sort_would() {
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
        enum Group<'a> {
            Signal(usize),
            UnknownType(&'a str),
        }
        let signals = Model::default_model().spec().intent.signals.len();
        let types = ["zeta", "alpha", "Mystery"];
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % n
        };
        for len in [0, 1, 5, 16, 17, 32, 33, 40, 120, 300] {
            for kinds in [1, 3, 7, 8] {
                // (group, time, position), as the lead has them.
                let events: Vec<(Group, Timestamp, usize)> = (0..len)
                    .map(|position| {
                        let kind = next(kinds) as usize;
                        let group = if kind < 6 {
                            Group::Signal(kind)
                        } else {
                            Group::UnknownType(types.get(kind % 3).copied().unwrap_or(""))
                        };
                        let at = Timestamp(next(5) as i64 * 3_600_000 - 7_200_000);
                        (group, at, position)
                    })
                    .collect();
                let mut occurrences: Vec<Occurrence> = events
                    .iter()
                    .map(|&(group, at, position)| match group {
                        Group::Signal(i) => Occurrence::new(i, at, position),
                        Group::UnknownType(_) => {
                            Occurrence::new(Occurrence::UNRANKED, at, position)
                        }
                    })
                    .collect();
                let type_at = |position: usize| match events.get(position) {
                    Some((Group::UnknownType(name), _, _)) => *name,
                    _ => "",
                };
                let groups = rank_unknown_types(&mut occurrences, signals, type_at);
                in_groups(&mut occurrences, groups);

                let mut expected = events.clone();
                expected
                    .sort_by_key(|&(group, at, position)| (group, std::cmp::Reverse(at), position));
                let expected: Vec<(usize, Timestamp)> =
                    expected.iter().map(|&(_, at, p)| (p, at)).collect();
                let got: Vec<(usize, Timestamp)> =
                    occurrences.iter().map(|o| (o.position(), o.at())).collect();
                assert_eq!(got, expected, "{len} events of {kinds} kinds");
                let unknown: std::collections::BTreeSet<&str> =
                    (0..len).map(type_at).filter(|t| !t.is_empty()).collect();
                assert_eq!(groups, signals + unknown.len());
            }
        }
    }

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

        // `suffix_rules` splits the domain once; it agrees with `suffix_matches` on every pair,
        // patterns longer than its label array included.
        let rules: Vec<Vec<Vec<String>>> = [
            vec![".edu", ".edu.*"],
            vec![".ac.*"],
            vec![".a.b.c.d.e.f.g.h"],
            vec!["*.*.*.*.*.*.*"],
            vec![],
        ]
        .iter()
        .map(|patterns| patterns.iter().map(|s| p(s)).collect())
        .collect();
        for domain in [
            "stateu.edu",
            "edu",
            ".edu",
            "x..edu",
            "unimelb.edu.au",
            "ox.ac.uk",
            "ac.uk",
            "acme.com",
            "",
            "z.a.b.c.d.e.f.g.h",
            "a.b.c.d.e.f.g.h",
            "1.2.3.4.5.6.7.8",
            "1.2.3.4.5.6.7",
        ] {
            let slow: Vec<usize> = (0..rules.len())
                .filter(|&r| {
                    rules
                        .get(r)
                        .is_some_and(|patterns| patterns.iter().any(|p| suffix_matches(domain, p)))
                })
                .collect();
            assert_eq!(suffix_rules(domain, &rules), slow, "{domain}");
        }
        assert_eq!(suffix_rules("z.a.b.c.d.e.f.g.h", &rules), vec![2, 3]);
    }
}
