//! Learned rules (`learned` in a model, proposed by `leadlens calibrate`): plain points on the
//! value of one lead field, and the calibrated likelihood (`calibration`).
//!
//! In the scoring path, so it stays small: no sorting, no float formatting, no maps. A rule that
//! matches is an evidence item `learned.<field>` in its dimension, so a score is still the sum
//! of its evidence. [`Field::value`] is also what calibration reads, so a proposed rule fires on
//! exactly the leads it was fitted on.

use std::borrow::Cow;

use super::json;
use super::lead::{parse_loose_number, Lead};
use super::model::{Calibration, Dimension, LearnedRule, Model};
use super::result::{Evidence, Label, Likelihood, Value};
use super::time::{Timestamp, MS_PER_DAY};

/// A lead field a learned rule can read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    CompanyName,
    CompanyDomain,
    Industry,
    Country,
    Employees,
    AnnualRevenue,
    Title,
    Channel,
    Campaign,
    Medium,
    FormType,
    /// `form.fields.<name>`: text, a boolean (read as `true`/`false`) or a number.
    FormField(String),
    /// `events.<type>`: how many events of that type are inside the look-back window.
    Events(String),
}

/// What a field holds, so validation can tell `equals` from `min`/`max` rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Number,
    /// Form answers: text or numbers.
    Any,
}

const FIXED: [(&str, Field); 11] = [
    ("company.name", Field::CompanyName),
    ("company.domain", Field::CompanyDomain),
    ("company.industry", Field::Industry),
    ("company.country", Field::Country),
    ("company.employees", Field::Employees),
    ("company.annual_revenue", Field::AnnualRevenue),
    ("contact.title", Field::Title),
    ("source.channel", Field::Channel),
    ("source.campaign", Field::Campaign),
    ("source.medium", Field::Medium),
    ("form.type", Field::FormType),
];

impl Field {
    /// Reads a field path; `None` for a path no rule can use.
    pub fn parse(path: &str) -> Option<Field> {
        if let Some(name) = path.strip_prefix("form.fields.") {
            return (!name.is_empty()).then(|| Field::FormField(name.to_string()));
        }
        if let Some(event_type) = path.strip_prefix("events.") {
            return (!event_type.is_empty()).then(|| Field::Events(event_type.to_string()));
        }
        FIXED
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, f)| f.clone())
    }

    pub fn kind(&self) -> Kind {
        match self {
            Field::Employees | Field::AnnualRevenue | Field::Events(_) => Kind::Number,
            Field::FormField(_) => Kind::Any,
            _ => Kind::Text,
        }
    }

    /// The lead's value of this field at `now` (`None` when unknown). Event counts are always
    /// known (0 without such events); events without a time count at `created_at`, else `now`.
    pub fn value<'a>(
        &self,
        lead: &'a Lead<'a>,
        lookback_days: u32,
        now: Timestamp,
    ) -> Option<Value<'a>> {
        let text = |t: &'a Option<Cow<'a, str>>| t.as_deref().map(Value::from);
        match self {
            Field::CompanyName => text(&lead.company.name),
            Field::CompanyDomain => text(&lead.company.domain),
            Field::Industry => text(&lead.company.industry),
            Field::Country => text(&lead.company.country),
            Field::Employees => lead.company.employees.map(|n| Value::Number(n as f64)),
            Field::AnnualRevenue => lead.company.annual_revenue.map(Value::Number),
            Field::Title => text(&lead.contact.title),
            Field::Channel => text(&lead.source.channel),
            Field::Campaign => text(&lead.source.campaign),
            Field::Medium => text(&lead.source.medium),
            Field::FormType => text(&lead.form.form_type),
            Field::FormField(name) => lead
                .form
                .fields
                .as_ref()
                .and_then(|raw| form_answer(raw.json(), name)),
            Field::Events(event_type) => {
                let lookback = i64::from(lookback_days).saturating_mul(MS_PER_DAY);
                let at_default = lead.created_at.unwrap_or(now);
                let count = lead
                    .events
                    .iter()
                    .filter(|e| {
                        e.event_type == *event_type
                            && now.0.saturating_sub(e.at.unwrap_or(at_default).0) <= lookback
                    })
                    .count();
                Some(Value::Number(count as f64))
            }
        }
    }
}

/// Whether a rule matches a value: text equal to `equals` (trimmed, ASCII case-insensitive), or
/// a number (or numeric text) inside `min`–`max`, both inclusive.
pub fn matches(rule: &LearnedRule, value: &Value) -> bool {
    let number = match value {
        Value::Number(n) => Some(*n),
        Value::Text(t) => {
            if let Some(want) = &rule.equals {
                return t.trim().eq_ignore_ascii_case(want.trim());
            }
            parse_loose_number(t)
        }
    };
    rule.equals.is_none()
        && number
            .is_some_and(|n| rule.min.map_or(true, |m| n >= m) && rule.max.map_or(true, |m| n <= m))
}

/// A rule with its field read once, when the model is compiled.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    pub field: Option<Field>,
    /// The evidence code, `learned.<field>`.
    pub code: String,
}

pub(crate) fn compile(rules: &[LearnedRule]) -> Vec<Compiled> {
    rules
        .iter()
        .map(|r| Compiled {
            field: Field::parse(&r.field),
            code: format!("learned.{}", r.field),
        })
        .collect()
}

/// The evidence of every learned rule the lead matches, fit items then intent items.
pub(crate) fn evidence<'a>(
    lead: &'a Lead<'a>,
    model: &'a Model,
    now: Timestamp,
) -> (Vec<Evidence<'a>>, Vec<Evidence<'a>>) {
    let (mut fit, mut intent) = (Vec::new(), Vec::new());
    let lookback = model.spec().intent.lookback_days;
    for (rule, compiled) in model.spec().learned.iter().zip(&model.learned) {
        let Some(value) = compiled
            .field
            .as_ref()
            .and_then(|f| f.value(lead, lookback, now))
        else {
            continue;
        };
        if matches(rule, &value) {
            let mut item = Evidence::new(compiled.code.as_str(), rule.points, Label::Learned(rule));
            item.field = Some(Cow::Borrowed(rule.field.as_str()));
            item.value = Some(value);
            match rule.dimension {
                Dimension::Fit => fit.push(item),
                Dimension::Intent => intent.push(item),
            }
        }
    }
    (fit, intent)
}

/// Adds learned intent items. Without a hand-raiser they count as passive activity: passive
/// signals and learned points together stay within the passive cap (its evidence item grows, or
/// is added), so activity alone still never reaches sales review. Returns whether the cap cut.
pub(crate) fn add_intent<'a>(
    evidence: &mut Vec<Evidence<'a>>,
    learned: Vec<Evidence<'a>>,
    hand_raiser: bool,
    cap: i32,
) -> bool {
    if learned.is_empty() {
        return false;
    }
    evidence.extend(learned);
    if hand_raiser {
        return false;
    }
    let passive: i32 = evidence
        .iter()
        .filter(|e| !e.code.starts_with("cue."))
        .map(|e| e.points)
        .sum();
    let excess = passive - cap;
    if excess <= 0 {
        return false;
    }
    match evidence.iter_mut().find(|e| e.code == "intent.passive_cap") {
        Some(item) => item.points -= excess,
        None => evidence.push(Evidence::new(
            "intent.passive_cap",
            -excess,
            Label::PassiveCap { cap },
        )),
    }
    true
}

impl Calibration {
    /// sigmoid(intercept + points / points_per_logit), unrounded.
    pub fn likelihood(&self, points: i32) -> f64 {
        let logit = self.intercept + f64::from(points) / self.points_per_logit;
        1.0 / (1.0 + libm::exp2(-logit * std::f64::consts::LOG2_E))
    }
}

impl Likelihood {
    /// The likelihood as a fraction, 0–1.
    pub fn value(self) -> f64 {
        f64::from(self.per_mille) / 1000.0
    }

    /// sigmoid(intercept + (fit + intent) / points_per_logit), in whole thousandths (rounded).
    pub fn of(calibration: &Calibration, points: i32) -> Likelihood {
        Likelihood {
            per_mille: (calibration.likelihood(points) * 1000.0 + 0.5) as u32,
            outcomes: calibration.outcomes,
            target: calibration.target,
        }
    }
}

/// The answer `name` in a `form.fields` object, when it is text, a boolean or a (non-negative)
/// number; the last one when the name is given twice.
fn form_answer(text: &str, name: &str) -> Option<Value<'static>> {
    let json::Value::Object(answers) = json::parse(text).ok()? else {
        return None;
    };
    let (_, answer) = answers.members.iter().rev().find(|(key, _)| key == name)?;
    match answer {
        json::Value::Bool(b) => Some(Value::Text(Cow::Borrowed(if *b {
            "true"
        } else {
            "false"
        }))),
        json::Value::String(text) => Some(Value::Text(Cow::Owned(text.to_string()))),
        json::Value::Number(number) => parse_loose_number(number).map(Value::Number),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_answers() {
        let json = r#"{"budget": "50-100k", "seats": 12, "urgent": true, "x": {"a": [1]}, "n": null, "esc\u0061ped": "a\"b"}"#;
        let get = |name: &str| form_answer(json, name).map(|v| v.to_string());
        assert_eq!(get("budget").as_deref(), Some("50-100k"));
        assert_eq!(get("seats").as_deref(), Some("12"));
        assert_eq!(get("urgent").as_deref(), Some("true"));
        assert_eq!(get("x"), None);
        assert_eq!(get("n"), None);
        assert_eq!(get("escaped").as_deref(), Some("a\"b"));
        assert_eq!(get("missing"), None);
    }

    #[test]
    fn fields_parse() {
        assert_eq!(Field::parse("source.channel"), Some(Field::Channel));
        assert_eq!(
            Field::parse("events.page_view"),
            Some(Field::Events("page_view".into()))
        );
        assert_eq!(Field::parse("events."), None);
        assert_eq!(Field::parse("contact.email"), None);
        assert_eq!(
            Field::parse("company.employees").map(|f| f.kind()),
            Some(Kind::Number)
        );
    }
}
