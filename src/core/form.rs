//! Live qualification in web forms, the pure part: form values → a Lead, which question to ask
//! next, which conditional questions to show, and what the page should do on submit.
//!
//! The browser binding (DOM events, hidden inputs, enrichment) lives in `src/web`; everything that
//! decides something is here, so it is deterministic and tested natively.

use std::borrow::Cow;

use serde::Serialize;
use serde_json::{Map, Value};

use super::error::InputError;
use super::lead::{parse_lead, Company, Lead};
use super::model::{normalize_domain, Model};
use super::result::{Band, Route, ScoredLead};
use super::text::sort_small_by_key;
use super::time::Timestamp;

/// Lead paths a form field can fill. `form.fields.<name>` (any custom answer) is allowed too.
pub const LEAD_PATHS: [&str; 16] = [
    "company.name",
    "company.domain",
    "company.industry",
    "company.employees",
    "company.annual_revenue",
    "company.country",
    "contact.name",
    "contact.first_name",
    "contact.last_name",
    "contact.email",
    "contact.title",
    "contact.phone",
    "form.type",
    "form.message",
    "consent.email",
    "consent.phone",
];

/// Common field names of plain, HubSpot and Marketo forms → lead paths. Names are compared after
/// [`field_key`] (lowercase, letters and digits only), so `job_title`, `JobTitle` and `job-title`
/// are one name.
const DEFAULT_FIELDS: [(&str, &str); 43] = [
    ("email", "contact.email"),
    ("emailaddress", "contact.email"),
    ("workemail", "contact.email"),
    ("company", "company.name"),
    ("companyname", "company.name"),
    ("organization", "company.name"),
    ("website", "company.domain"),
    ("companywebsite", "company.domain"),
    ("domain", "company.domain"),
    ("industry", "company.industry"),
    ("employees", "company.employees"),
    ("numemployees", "company.employees"),
    ("numberofemployees", "company.employees"),
    ("companysize", "company.employees"),
    ("employeecount", "company.employees"),
    ("annualrevenue", "company.annual_revenue"),
    ("revenue", "company.annual_revenue"),
    ("country", "company.country"),
    ("countryregion", "company.country"),
    ("name", "contact.name"),
    ("fullname", "contact.name"),
    ("firstname", "contact.first_name"),
    ("lastname", "contact.last_name"),
    ("jobtitle", "contact.title"),
    ("title", "contact.title"),
    ("role", "contact.title"),
    ("phone", "contact.phone"),
    ("phonenumber", "contact.phone"),
    ("mobilephone", "contact.phone"),
    ("message", "form.message"),
    ("comments", "form.message"),
    ("comment", "form.message"),
    ("howcanwehelp", "form.message"),
    ("needs", "form.message"),
    ("description", "form.message"),
    ("formtype", "form.type"),
    ("emailconsent", "consent.email"),
    ("emailoptin", "consent.email"),
    ("subscribe", "consent.email"),
    ("marketingconsent", "consent.email"),
    ("phoneconsent", "consent.phone"),
    ("callconsent", "consent.phone"),
    ("budget", "form.fields.budget"),
];

/// Lowercase ASCII letters and digits of a field name: how names are matched.
pub fn field_key(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Which lead path a form field fills.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldMap {
    /// (field key, lead path); explicit entries first, so they win over the defaults.
    entries: Vec<(String, String)>,
}

/// A mapping the page asked for that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MappingProblem {
    pub field: String,
    pub message: String,
}

impl FieldMap {
    /// The defaults for common field names.
    pub fn defaults() -> FieldMap {
        FieldMap {
            entries: DEFAULT_FIELDS
                .iter()
                .map(|(name, path)| ((*name).to_string(), (*path).to_string()))
                .collect(),
        }
    }

    /// `custom` (form field name → lead path) over the defaults. A path that is not a lead path
    /// is a problem, reported and left out.
    pub fn with(custom: &[(String, String)]) -> (FieldMap, Vec<MappingProblem>) {
        let mut problems = Vec::new();
        let mut entries = Vec::new();
        for (name, path) in custom {
            if is_lead_path(path) {
                entries.push((field_key(name), path.clone()));
            } else {
                problems.push(MappingProblem {
                    field: name.clone(),
                    message: format!(
                        "\"{path}\" is not a lead path; expected one of {} or form.fields.<name>",
                        LEAD_PATHS.join(", ")
                    ),
                });
            }
        }
        entries.extend(FieldMap::defaults().entries);
        (FieldMap { entries }, problems)
    }

    /// The lead path of a form field, if it maps to one.
    pub fn path_of(&self, field_name: &str) -> Option<&str> {
        let key = field_key(field_name);
        self.entries
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, path)| path.as_str())
    }
}

fn is_lead_path(path: &str) -> bool {
    LEAD_PATHS.contains(&path)
        || path
            .strip_prefix("form.fields.")
            .is_some_and(|name| !name.is_empty() && !name.contains('.'))
}

/// A form answer that could not be read (e.g. "lots" for employees): left out of the lead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldProblem {
    pub field: String,
    pub path: String,
    pub message: String,
}

/// The lead the form describes so far, on top of what the page already knew about the visitor.
#[derive(Debug, Clone)]
pub struct FormLead {
    pub lead: Lead<'static>,
    /// Form fields whose answers are in the lead (non-empty and mapped), by field name.
    pub answered: Vec<String>,
    pub problems: Vec<FieldProblem>,
}

/// Builds the lead from `(field name, value)` pairs. Empty answers are unknown, never "empty
/// string"; a checkbox answer of `on`/`yes`/`true` is true. `known` (a lead object the page
/// passed for a known visitor) is the base the answers override. An answer the lead contract
/// cannot read is left out and reported, so half-typed input never blocks scoring.
pub fn lead_from_form(
    lead_id: &str,
    values: &[(String, String)],
    map: &FieldMap,
    known: Option<&Map<String, Value>>,
) -> FormLead {
    let mut root = known.cloned().unwrap_or_default();
    root.insert("id".to_string(), Value::from(lead_id));
    let mut answered = Vec::new();
    let mut placed: Vec<(String, String)> = Vec::new();
    let (mut first_name, mut last_name) = (None, None);
    for (name, value) in values {
        let value = value.trim();
        let Some(path) = map.path_of(name) else {
            continue;
        };
        if value.is_empty() {
            continue;
        }
        answered.push(name.clone());
        match path {
            "contact.first_name" => first_name = Some(value.to_string()),
            "contact.last_name" => last_name = Some(value.to_string()),
            _ => {
                set_path(&mut root, path, answer_value(path, value));
                placed.push((name.clone(), path.to_string()));
            }
        }
    }
    let full_name = [first_name, last_name]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    if !full_name.is_empty() {
        set_path(&mut root, "contact.name", Value::from(full_name));
    }
    let mut problems = Vec::new();
    // The lenient lead reader decides what is readable ("1,200", "51-200", "$48M"…); on an error
    // the offending answer is dropped and the lead read again (a handful of fields at most).
    loop {
        let text = Value::Object(root.clone()).to_string();
        match parse_lead(&text) {
            Ok(lead) => {
                // Problems in form order, whatever order the reader met them in.
                sort_small_by_key(&mut problems, |p: &FieldProblem| {
                    values.iter().position(|(name, _)| *name == p.field)
                });
                return FormLead {
                    lead: lead.into_owned(),
                    answered,
                    problems,
                };
            }
            Err(e) => {
                let culprit = placed.iter().position(|(_, path)| {
                    e.path == *path || e.path.starts_with(&format!("{path}."))
                });
                let Some(index) = culprit else {
                    // Not a form answer (the known lead itself is unreadable): start from the
                    // answers alone.
                    if known.is_some() {
                        problems.push(FieldProblem {
                            field: String::new(),
                            path: e.path.clone(),
                            message: format!("the known lead was ignored: {}", e.message),
                        });
                        return lead_from_form(lead_id, values, map, None).with_problems(problems);
                    }
                    return FormLead {
                        lead: empty_lead(lead_id),
                        answered,
                        problems,
                    };
                };
                let (field, path) = placed.remove(index);
                remove_path(&mut root, &path);
                answered.retain(|name| *name != field);
                problems.push(FieldProblem {
                    field,
                    path,
                    message: e.message,
                });
            }
        }
    }
}

impl FormLead {
    fn with_problems(mut self, mut earlier: Vec<FieldProblem>) -> FormLead {
        earlier.append(&mut self.problems);
        self.problems = earlier;
        self
    }
}

fn empty_lead(lead_id: &str) -> Lead<'static> {
    Lead {
        id: Cow::Owned(lead_id.to_string()),
        ..Lead::default()
    }
}

/// Checkbox answers are booleans; everything else is text, read by the lenient lead reader.
fn answer_value(path: &str, value: &str) -> Value {
    if path.starts_with("consent.") {
        let yes = matches!(
            value.to_ascii_lowercase().as_str(),
            "on" | "yes" | "true" | "1" | "checked" | "y"
        );
        return Value::Bool(yes);
    }
    Value::from(value)
}

fn set_path(root: &mut Map<String, Value>, path: &str, value: Value) {
    let mut parts = path.split('.').peekable();
    let mut object = root;
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            object.insert(part.to_string(), value);
            return;
        }
        let child = object
            .entry(part.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if !child.is_object() {
            *child = Value::Object(Map::new());
        }
        let Value::Object(next) = child else {
            return;
        };
        object = next;
    }
}

fn remove_path(root: &mut Map<String, Value>, path: &str) {
    let Some((parent, last)) = path.rsplit_once('.') else {
        root.remove(path);
        return;
    };
    let mut object = root;
    for part in parent.split('.') {
        match object.get_mut(part) {
            Some(Value::Object(next)) => object = next,
            _ => return,
        }
    }
    object.remove(last);
}

// ---- the next question -----------------------------------------------------------------------

/// A question the form can ask, with the answers that would matter most.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NextQuestion {
    /// The form field to ask.
    pub field: String,
    pub path: String,
    /// Whether some plausible answer changes the recommended route.
    pub changes_route: bool,
    /// The largest change in fit + intent any plausible answer makes.
    pub max_score_change: i32,
}

/// The unanswered question whose answer would change the route, or else the scores, the most.
/// `candidates` are the form's fields (name → path) in form order; answered ones are skipped.
/// Plausible answers come from the model (its industries, size bands, served countries, seniority
/// keywords), so a question the model does not care about is never suggested.
pub fn next_question(
    form: &FormLead,
    candidates: &[(String, String)],
    model: &Model,
    now: Timestamp,
    current: &ScoredLead,
) -> Option<NextQuestion> {
    let mut best: Option<NextQuestion> = None;
    // Every probe changes one field: the facts of the message (most of the work, when it is
    // long) are derived once, here, for every probe of another field. The id check `score`
    // makes holds for the probes too.
    if form.lead.id.trim().is_empty() {
        return None;
    }
    let message = super::score::Facts::new(&form.lead, model, now).message;
    for (field, path) in candidates {
        if form.answered.iter().any(|a| a == field) || is_known(&form.lead, path) {
            continue;
        }
        let mut question = NextQuestion {
            field: field.clone(),
            path: path.clone(),
            changes_route: false,
            max_score_change: 0,
        };
        for probe in probes(path, model) {
            let mut lead = form.lead.clone();
            if !apply_probe(&mut lead, path, &probe) {
                continue;
            }
            let known = (path != "form.message").then(|| message.clone());
            let facts = super::score::Facts::with_message(&lead, model, now, known);
            let result = super::score_facts(facts, model);
            let change = (result.fit.score - current.fit.score).abs()
                + (result.intent.score - current.intent.score).abs();
            question.max_score_change = question.max_score_change.max(change);
            question.changes_route |= result.route != current.route;
        }
        if question.max_score_change == 0 && !question.changes_route {
            continue;
        }
        let better = best.as_ref().map_or(true, |b| {
            (question.changes_route, question.max_score_change)
                > (b.changes_route, b.max_score_change)
        });
        if better {
            best = Some(question);
        }
    }
    best
}

fn is_known(lead: &Lead, path: &str) -> bool {
    let text = |v: &Option<Cow<'_, str>>| v.as_deref().is_some_and(|t| !t.trim().is_empty());
    match path {
        "company.name" => text(&lead.company.name),
        "company.domain" => text(&lead.company.domain),
        "company.industry" => text(&lead.company.industry),
        "company.employees" => lead.company.employees.is_some(),
        "company.annual_revenue" => lead.company.annual_revenue.is_some(),
        "company.country" => text(&lead.company.country),
        "contact.name" | "contact.first_name" | "contact.last_name" => text(&lead.contact.name),
        "contact.email" => text(&lead.contact.email),
        "contact.title" => text(&lead.contact.title),
        "contact.phone" => text(&lead.contact.phone),
        "form.message" => text(&lead.form.message),
        "form.type" => text(&lead.form.form_type),
        "consent.email" => lead.consent.email.is_some(),
        "consent.phone" => lead.consent.phone.is_some(),
        _ => false,
    }
}

/// Plausible answers for a question, from the model.
fn probes(path: &str, model: &Model) -> Vec<String> {
    let fit = &model.spec().fit;
    let firsts = |lists: [&Vec<String>; 3]| -> Vec<String> {
        lists
            .iter()
            .filter_map(|list| list.first().cloned())
            .collect()
    };
    match path {
        "company.industry" => {
            let mut answers = firsts([
                &fit.industry.primary,
                &fit.industry.secondary,
                &fit.industry.excluded,
            ]);
            answers.push("other services".to_string());
            answers
        }
        "company.employees" => range_probes(&fit.employees.ranges, fit.employees.minimum),
        "company.annual_revenue" => fit
            .annual_revenue
            .as_ref()
            .map(|r| range_probes(&r.ranges, r.minimum))
            .unwrap_or_default(),
        "company.country" => {
            let served = &fit.country.served;
            let mut answers: Vec<String> = served
                .iter()
                .filter_map(|s| {
                    fit.country
                        .regions
                        .get(s)
                        .and_then(|countries| countries.first().cloned())
                        .or_else(|| Some(s.clone()))
                })
                .collect();
            // A country outside every served region.
            answers.push("ZZ".to_string());
            answers
        }
        "contact.title" => fit
            .seniority
            .levels
            .iter()
            .filter_map(|level| level.keywords.first().cloned())
            .collect(),
        "form.message" => vec![
            "We need to fix our operations this quarter and have budget approved.".to_string(),
            "Just browsing.".to_string(),
        ],
        _ => Vec::new(),
    }
}

fn range_probes(ranges: &[super::model::Range], minimum: Option<f64>) -> Vec<String> {
    let mut answers: Vec<String> = ranges.iter().map(|r| format_count(r.min)).collect();
    if let Some(min) = minimum.filter(|m| *m >= 2.0) {
        answers.push(format_count((min / 2.0).floor()));
    }
    answers
}

fn format_count(value: f64) -> String {
    // Whole numbers of people or currency units; the lead reader parses them back.
    format!("{}", value.max(0.0).round() as u64)
}

fn apply_probe(lead: &mut Lead, path: &str, answer: &str) -> bool {
    let text = Some(Cow::Owned(answer.to_string()));
    match path {
        "company.industry" => lead.company.industry = text,
        "company.employees" => lead.company.employees = answer.parse().ok(),
        "company.annual_revenue" => {
            lead.company.annual_revenue = answer.parse::<u64>().ok().map(|n| n as f64)
        }
        "company.country" => lead.company.country = text,
        "contact.title" => lead.contact.title = text,
        "form.message" => lead.form.message = text,
        _ => return false,
    }
    true
}

// ---- conditional questions and the submit outcome ---------------------------------------------

/// When a conditional question is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShowWhen {
    /// Sales questions (budget, timeline): only for leads that look like buyers — fit at the
    /// sales-review threshold and no negative-fit finding that disqualifies.
    LikelyBuyer,
    /// Only when fit reaches this score.
    FitAtLeast(i32),
    /// Unless one of these negative-fit codes was found.
    Unless(Vec<String>),
}

/// Whether a conditional question is shown for this result. `sticky` (the field has focus or an
/// answer) keeps a shown question on screen whatever the score does.
pub fn is_shown(rule: &ShowWhen, result: &ScoredLead, model: &Model, sticky: bool) -> bool {
    if sticky {
        return true;
    }
    let disqualifying = result.negative.iter().any(|n| n.auto_disqualify && !n.weak);
    match rule {
        ShowWhen::LikelyBuyer => {
            // The lead's own threshold: its experiment variant's, when the model runs one.
            let threshold = model.spec().routing_for(&result.lead_id).sales_review.fit;
            result.fit.score >= threshold && !disqualifying
        }
        ShowWhen::FitAtLeast(score) => result.fit.score >= *score,
        ShowWhen::Unless(codes) => !result
            .negative
            .iter()
            .any(|n| codes.iter().any(|c| *c == n.code)),
    }
}

/// What the page should do after the submission (it always goes through).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SubmitAction {
    /// High fit and high intent: offer to book a meeting now.
    BookMeeting,
    /// Sales will follow up (review route without both bands high).
    SalesFollowUp,
    /// Not ready: thank them and offer content.
    Nurture,
    /// Students: point to resources.
    Resources,
    /// Job seekers: point to the careers page.
    Careers,
    /// Competitors, vendors, spam, invalid contacts: a plain thank-you.
    ThankYou,
}

impl SubmitAction {
    pub fn for_result(result: &ScoredLead) -> SubmitAction {
        match result.route {
            Route::SalesReview
                if result.fit.band == Band::High && result.intent.band == Band::High =>
            {
                SubmitAction::BookMeeting
            }
            Route::SalesReview => SubmitAction::SalesFollowUp,
            Route::Nurture => SubmitAction::Nurture,
            Route::Disqualify => match result.disqualification.as_ref().map(|d| d.code.as_ref()) {
                Some("student") => SubmitAction::Resources,
                Some("job_seeker") => SubmitAction::Careers,
                _ => SubmitAction::ThankYou,
            },
        }
    }
}

/// Company data an enrichment provider returned for a domain. It fills what the lead does not say,
/// and only while the lead is at that domain: a visitor who corrects their email stops being that
/// company.
#[derive(Debug, Clone, PartialEq)]
pub struct Enrichment {
    domain: String,
    company: Company<'static>,
}

impl Enrichment {
    /// `company_json`: company fields as in the Lead contract (`{"employees": 240, …}`); unknown
    /// keys are ignored, a field of the wrong type is an error naming `company.<field>`.
    pub fn parse(domain: &str, company_json: &str) -> Result<Enrichment, InputError> {
        let value: Value = serde_json::from_str(company_json)
            .map_err(|e| InputError::from_json(e, company_json))?;
        let mut lead = Map::new();
        lead.insert("id".to_string(), Value::from("enrichment"));
        lead.insert("company".to_string(), value);
        let company = parse_lead(&Value::Object(lead).to_string())?
            .company
            .into_owned();
        Ok(Enrichment {
            domain: normalize_domain(domain).into_owned(),
            company,
        })
    }

    /// Fills the lead's unknown company fields when the lead is at this domain (its company
    /// domain, or else its email's), and records them in `company.enriched_fields`. Returns the
    /// lead paths filled.
    pub fn apply(&self, lead: &mut Lead) -> Vec<&'static str> {
        let at = match lead.company.domain.as_deref() {
            Some(domain) => normalize_domain(domain),
            None => lead
                .contact
                .email
                .as_deref()
                .and_then(|email| email.rsplit_once('@'))
                .map_or(Cow::Borrowed(""), |(_, domain)| normalize_domain(domain)),
        };
        if self.domain.is_empty() || at != self.domain.as_str() {
            return Vec::new();
        }
        let mut filled = Vec::new();
        let (from, to) = (&self.company, &mut lead.company);
        fill(&mut filled, "company.name", &from.name, &mut to.name);
        fill(&mut filled, "company.domain", &from.domain, &mut to.domain);
        fill(
            &mut filled,
            "company.industry",
            &from.industry,
            &mut to.industry,
        );
        fill(
            &mut filled,
            "company.employees",
            &from.employees,
            &mut to.employees,
        );
        fill(
            &mut filled,
            "company.annual_revenue",
            &from.annual_revenue,
            &mut to.annual_revenue,
        );
        fill(
            &mut filled,
            "company.country",
            &from.country,
            &mut to.country,
        );
        for field in filled
            .iter()
            .filter_map(|path| path.strip_prefix("company."))
        {
            if !to.enriched_fields.iter().any(|f| f == field) {
                to.enriched_fields.push(Cow::Owned(field.to_string()));
            }
        }
        filled
    }
}

/// Copies `from` into `to` when the lead does not say it, noting the lead `path`.
fn fill<T: Clone>(
    filled: &mut Vec<&'static str>,
    path: &'static str,
    from: &Option<T>,
    to: &mut Option<T>,
) {
    if let (Some(value), None) = (from, &to) {
        *to = Some(value.clone());
        filled.push(path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A probe scored from the base lead's facts with one field changed must be exactly the
    /// result of scoring the changed lead from scratch.
    #[test]
    fn probes_score_like_the_changed_lead() {
        let model = Model::default_model();
        let now = Timestamp::parse_rfc3339("2026-11-22T12:00:00Z").unwrap_or(Timestamp(0));
        let leads = [
            r#"{"id": "p1"}"#,
            r#"{"id": "p2", "company": {"name": "Acme Logistics", "industry": "logistics", "country": "Germany"},
                "contact": {"email": "dana@acmelogistics.com", "title": "VP Finance"},
                "form": {"type": "consultation_request", "message": "Our month-end close is a bottleneck; budget approved for Q1. https://a.example"}}"#,
            r#"{"id": "p3", "contact": {"email": "kim@stateu.edu", "title": "Student"},
                "form": {"message": "For my thesis I would like an internship."}}"#,
            r#"{"id": "p4", "company": {"domain": "northpeak.co", "industry": "consulting", "employees": 10},
                "contact": {"title": "Owner"}, "events": [{"type": "pricing_view", "at": "2026-11-20T00:00:00Z"}]}"#,
        ];
        let paths = [
            "company.industry",
            "company.employees",
            "company.annual_revenue",
            "company.country",
            "contact.title",
            "form.message",
            "company.domain",
        ];
        let mut compared = 0;
        for text in leads {
            let base = parse_lead(text).unwrap_or_default();
            let message = super::super::score::Facts::new(&base, &model, now).message;
            for path in paths {
                let mut answers = probes(path, &model);
                answers.push("northpeak.co".to_string());
                for answer in answers {
                    let mut lead = base.clone();
                    if !apply_probe(&mut lead, path, &answer) {
                        continue;
                    }
                    let known = (path != "form.message").then(|| message.clone());
                    let facts = super::super::score::Facts::with_message(&lead, &model, now, known);
                    let probed = super::super::score_facts(facts, &model);
                    let fresh = super::super::score(&lead, &model, now);
                    assert_eq!(
                        serde_json::to_string(&probed).ok(),
                        fresh.ok().and_then(|r| serde_json::to_string(&r).ok()),
                        "{text} with {path} = {answer}"
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 80, "{compared} probes compared");
    }
}
