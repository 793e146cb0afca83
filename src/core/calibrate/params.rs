//! Where a rule's points live in the model, and which evidence of a scored lead each one
//! explains. A [`Param`] is one refittable number of a model (`fit.industry.primary_points`,
//! `intent.signals[0].points`…); its feature value for a lead is how many times its points were
//! counted (1 for a criterion; for an intent signal its decayed points over its points, e.g. 0.5
//! for a demo request one half-life ago), so `points × value` is what the rule added.

use serde::Serialize;

use crate::core::lead::Lead;
use crate::core::learned::{self, Field};
use crate::core::model::{ModelSpec, Range};
use crate::core::result::{ScoredLead, Value};
use crate::core::time::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Param {
    IndustryPrimary,
    IndustrySecondary,
    /// Known industries on no list, and excluded ones (both score `other_points`).
    IndustryOther,
    EmployeeRange(usize),
    RevenueRange(usize),
    Country,
    Seniority(usize),
    Function(usize),
    EmailWork,
    EmailFreeMail,
    Signal(usize),
    UnknownEvent,
    Cue(usize),
    Negative(usize),
    /// A negative rule's `weak_points` (only weak matchers hit).
    NegativeWeak(usize),
    Learned(usize),
}

/// What a feature's lead field is, for the leakage guard: is it known for this lead?
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Presence {
    Field(String),
    /// Any events or a form submission (intent signals).
    Activity,
    Message,
    Email,
    /// Negative rules read several fields; they are not guarded.
    Unguarded,
}

impl Presence {
    pub fn name(&self) -> &str {
        match self {
            Presence::Field(f) => f,
            Presence::Activity => "events",
            Presence::Message => "form.message",
            Presence::Email => "contact.email",
            Presence::Unguarded => "",
        }
    }

    pub fn of(&self, lead: &Lead) -> bool {
        match self {
            Presence::Field(path) => match Field::parse(path) {
                Some(Field::Events(_)) => !lead.events.is_empty(),
                Some(field) => field.value(lead, 0, Timestamp(0)).is_some(),
                None => false,
            },
            Presence::Activity => !lead.events.is_empty() || lead.form.form_type.is_some(),
            Presence::Message => lead.form.message.is_some(),
            Presence::Email => lead.contact.email.is_some(),
            Presence::Unguarded => true,
        }
    }
}

impl Param {
    /// Every parameter of a model, in model order.
    pub fn all(spec: &ModelSpec) -> Vec<Param> {
        let mut all = vec![
            Param::IndustryPrimary,
            Param::IndustrySecondary,
            Param::IndustryOther,
        ];
        all.extend((0..spec.fit.employees.ranges.len()).map(Param::EmployeeRange));
        let revenue = spec
            .fit
            .annual_revenue
            .as_ref()
            .map_or(0, |r| r.ranges.len());
        all.extend((0..revenue).map(Param::RevenueRange));
        all.push(Param::Country);
        all.extend((0..spec.fit.seniority.levels.len()).map(Param::Seniority));
        all.extend((0..spec.fit.function.levels.len()).map(Param::Function));
        all.extend([Param::EmailWork, Param::EmailFreeMail]);
        all.extend((0..spec.intent.signals.len()).map(Param::Signal));
        all.push(Param::UnknownEvent);
        all.extend((0..spec.intent.cues.len()).map(Param::Cue));
        for (i, rule) in spec.negative.iter().enumerate() {
            all.push(Param::Negative(i));
            if rule.weak_points.is_some() {
                all.push(Param::NegativeWeak(i));
            }
        }
        all.extend((0..spec.learned.len()).map(Param::Learned));
        all
    }

    /// The JSON path of the points in the model.
    pub fn path(self) -> String {
        match self {
            Param::IndustryPrimary => "fit.industry.primary_points".into(),
            Param::IndustrySecondary => "fit.industry.secondary_points".into(),
            Param::IndustryOther => "fit.industry.other_points".into(),
            Param::EmployeeRange(i) => format!("fit.employees.ranges[{i}].points"),
            Param::RevenueRange(i) => format!("fit.annual_revenue.ranges[{i}].points"),
            Param::Country => "fit.country.points".into(),
            Param::Seniority(i) => format!("fit.seniority.levels[{i}].points"),
            Param::Function(i) => format!("fit.function.levels[{i}].points"),
            Param::EmailWork => "fit.email.work_points".into(),
            Param::EmailFreeMail => "fit.email.free_mail_points".into(),
            Param::Signal(i) => format!("intent.signals[{i}].points"),
            Param::UnknownEvent => "intent.unknown_event.points".into(),
            Param::Cue(i) => format!("intent.cues[{i}].points"),
            Param::Negative(i) => format!("negative[{i}].points"),
            Param::NegativeWeak(i) => format!("negative[{i}].weak_points"),
            Param::Learned(i) => format!("learned[{i}].points"),
        }
    }

    /// How a person names the rule: its evidence code, with the range or rule it is about.
    pub fn name(self, spec: &ModelSpec) -> String {
        let range = |ranges: Option<&Vec<Range>>, i: usize, what: &str| {
            ranges
                .and_then(|r| r.get(i))
                .map_or(format!("{what}.range"), |r| {
                    format!("{what}.range ({})", r.label)
                })
        };
        let code = |prefix: &str, name: Option<&String>| {
            format!("{prefix}.{}", name.map_or("?", String::as_str))
        };
        match self {
            Param::IndustryPrimary => "industry.primary".into(),
            Param::IndustrySecondary => "industry.secondary".into(),
            Param::IndustryOther => "industry.other".into(),
            Param::EmployeeRange(i) => range(Some(&spec.fit.employees.ranges), i, "employees"),
            Param::RevenueRange(i) => range(
                spec.fit.annual_revenue.as_ref().map(|r| &r.ranges),
                i,
                "annual_revenue",
            ),
            Param::Country => "country.served".into(),
            Param::Seniority(i) => code(
                "seniority",
                spec.fit.seniority.levels.get(i).map(|l| &l.code),
            ),
            Param::Function(i) => {
                code("function", spec.fit.function.levels.get(i).map(|l| &l.code))
            }
            Param::EmailWork => "email.work".into(),
            Param::EmailFreeMail => "email.free_mail".into(),
            Param::Signal(i) => code("event", spec.intent.signals.get(i).map(|s| &s.signal_type)),
            Param::UnknownEvent => "event.<unknown type>".into(),
            Param::Cue(i) => code("cue", spec.intent.cues.get(i).map(|c| &c.code)),
            Param::Negative(i) => code("negative", spec.negative.get(i).map(|r| &r.code)),
            Param::NegativeWeak(i) => format!(
                "{} (weak)",
                code("negative", spec.negative.get(i).map(|r| &r.code))
            ),
            Param::Learned(i) => spec
                .learned
                .get(i)
                .map_or("learned.?".into(), describe_rule),
        }
    }

    pub fn points(self, spec: &ModelSpec) -> i32 {
        self.slot_ref(spec).unwrap_or(0)
    }

    fn slot_ref(self, spec: &ModelSpec) -> Option<i32> {
        let fit = &spec.fit;
        Some(match self {
            Param::IndustryPrimary => fit.industry.primary_points,
            Param::IndustrySecondary => fit.industry.secondary_points,
            Param::IndustryOther => fit.industry.other_points,
            Param::EmployeeRange(i) => fit.employees.ranges.get(i)?.points,
            Param::RevenueRange(i) => fit.annual_revenue.as_ref()?.ranges.get(i)?.points,
            Param::Country => fit.country.points,
            Param::Seniority(i) => fit.seniority.levels.get(i)?.points,
            Param::Function(i) => fit.function.levels.get(i)?.points,
            Param::EmailWork => fit.email.work_points,
            Param::EmailFreeMail => fit.email.free_mail_points,
            Param::Signal(i) => spec.intent.signals.get(i)?.points,
            Param::UnknownEvent => spec.intent.unknown_event.points,
            Param::Cue(i) => spec.intent.cues.get(i)?.points,
            Param::Negative(i) => spec.negative.get(i)?.points,
            Param::NegativeWeak(i) => spec.negative.get(i)?.weak_points?,
            Param::Learned(i) => spec.learned.get(i)?.points,
        })
    }

    pub fn set(self, spec: &mut ModelSpec, points: i32) {
        let fit = &mut spec.fit;
        let slot: Option<&mut i32> = match self {
            Param::IndustryPrimary => Some(&mut fit.industry.primary_points),
            Param::IndustrySecondary => Some(&mut fit.industry.secondary_points),
            Param::IndustryOther => Some(&mut fit.industry.other_points),
            Param::EmployeeRange(i) => fit.employees.ranges.get_mut(i).map(|r| &mut r.points),
            Param::RevenueRange(i) => fit
                .annual_revenue
                .as_mut()
                .and_then(|r| r.ranges.get_mut(i))
                .map(|r| &mut r.points),
            Param::Country => Some(&mut fit.country.points),
            Param::Seniority(i) => fit.seniority.levels.get_mut(i).map(|l| &mut l.points),
            Param::Function(i) => fit.function.levels.get_mut(i).map(|l| &mut l.points),
            Param::EmailWork => Some(&mut fit.email.work_points),
            Param::EmailFreeMail => Some(&mut fit.email.free_mail_points),
            Param::Signal(i) => spec.intent.signals.get_mut(i).map(|s| &mut s.points),
            Param::UnknownEvent => Some(&mut spec.intent.unknown_event.points),
            Param::Cue(i) => spec.intent.cues.get_mut(i).map(|c| &mut c.points),
            Param::Negative(i) => spec.negative.get_mut(i).map(|r| &mut r.points),
            Param::NegativeWeak(i) => spec
                .negative
                .get_mut(i)
                .and_then(|r| r.weak_points.as_mut()),
            Param::Learned(i) => spec.learned.get_mut(i).map(|r| &mut r.points),
        };
        if let Some(slot) = slot {
            *slot = points;
        }
    }

    /// The points validation allows: intent signals are never negative, negative-fit rules never
    /// positive.
    pub fn bounds(self) -> (i32, i32) {
        match self {
            Param::Signal(_) | Param::UnknownEvent => (0, 100),
            Param::Negative(_) | Param::NegativeWeak(_) => (-100, 0),
            _ => (-100, 100),
        }
    }

    /// The lead field behind the rule, for the leakage guard.
    pub fn presence(self, spec: &ModelSpec) -> Presence {
        let field = |f: &str| Presence::Field(f.to_string());
        match self {
            Param::IndustryPrimary | Param::IndustrySecondary | Param::IndustryOther => {
                field("company.industry")
            }
            Param::EmployeeRange(_) => field("company.employees"),
            Param::RevenueRange(_) => field("company.annual_revenue"),
            Param::Country => field("company.country"),
            Param::Seniority(_) | Param::Function(_) => field("contact.title"),
            Param::EmailWork | Param::EmailFreeMail => Presence::Email,
            Param::Signal(_) | Param::UnknownEvent => Presence::Activity,
            Param::Cue(_) => Presence::Message,
            Param::Negative(_) | Param::NegativeWeak(_) => Presence::Unguarded,
            Param::Learned(i) => spec
                .learned
                .get(i)
                .map_or(Presence::Unguarded, |r| field(&r.field)),
        }
    }
}

/// `company.employees 50–199`, `source.channel = paid_search`.
pub fn describe_rule(rule: &crate::core::model::LearnedRule) -> String {
    let number = |n: f64| {
        if n.fract() == 0.0 && n.abs() < 1e15 {
            format!("{}", n as i64)
        } else {
            format!("{n}")
        }
    };
    match (&rule.equals, rule.min, rule.max) {
        (Some(v), _, _) => format!("{} = {v}", rule.field),
        (_, Some(a), Some(b)) if a == b => format!("{} = {}", rule.field, number(a)),
        (_, Some(a), Some(b)) => format!("{} {}–{}", rule.field, number(a), number(b)),
        (_, Some(a), None) => format!("{} ≥ {}", rule.field, number(a)),
        (_, None, Some(b)) => format!("{} ≤ {}", rule.field, number(b)),
        _ => rule.field.clone(),
    }
}

/// Evidence items that are not rules (caps and clamps) or carry no points of their own: they keep
/// their place and are listed as not refittable.
pub const STRUCTURAL: [&str; 4] = [
    "fit.must_have_cap",
    "fit.clamp",
    "intent.passive_cap",
    "intent.clamp",
];

/// One lead's features under a model: each parameter whose rule added points, and how many
/// times (see the module docs), plus the structural items it carried.
#[derive(Debug, Clone, Default)]
pub struct Features {
    pub params: Vec<(Param, f64)>,
    pub structural: Vec<&'static str>,
}

/// Reads the features of a scored lead. `at` is when it was scored (learned rules on event counts
/// depend on it).
pub fn features(spec: &ModelSpec, lead: &Lead, result: &ScoredLead, at: Timestamp) -> Features {
    let mut out = Features::default();
    let push = |out: &mut Features, param: Param, x: f64| {
        if x != 0.0 && x.is_finite() {
            match out.params.iter_mut().find(|(p, _)| *p == param) {
                Some((_, v)) => *v += x,
                None => out.params.push((param, x)),
            }
        }
    };
    let company = &lead.company;
    for item in result.fit.evidence.iter().chain(&result.intent.evidence) {
        let code: &str = &item.code;
        if let Some(s) = STRUCTURAL.iter().find(|s| **s == code) {
            if item.points != 0 {
                out.structural.push(s);
            }
            continue;
        }
        let param = match code {
            "industry.primary" => Some(Param::IndustryPrimary),
            "industry.secondary" => Some(Param::IndustrySecondary),
            "industry.other" | "industry.excluded" => Some(Param::IndustryOther),
            "employees.range" => company.employees.and_then(|n| {
                range_index(&spec.fit.employees.ranges, n as f64).map(Param::EmployeeRange)
            }),
            "annual_revenue.range" => {
                match (company.annual_revenue, spec.fit.annual_revenue.as_ref()) {
                    (Some(r), Some(c)) => range_index(&c.ranges, r).map(Param::RevenueRange),
                    _ => None,
                }
            }
            "country.served" => Some(Param::Country),
            "email.work" => Some(Param::EmailWork),
            "email.free_mail" => Some(Param::EmailFreeMail),
            _ => {
                if let Some(level) = code.strip_prefix("seniority.") {
                    position(spec.fit.seniority.levels.iter().map(|l| &l.code), level)
                        .map(Param::Seniority)
                } else if let Some(level) = code.strip_prefix("function.") {
                    position(spec.fit.function.levels.iter().map(|l| &l.code), level)
                        .map(Param::Function)
                } else if let Some(cue) = code.strip_prefix("cue.") {
                    position(spec.intent.cues.iter().map(|c| &c.code), cue).map(Param::Cue)
                } else if let Some(rule) = code.strip_prefix("negative.") {
                    position(spec.negative.iter().map(|r| &r.code), rule).map(|i| {
                        let weak = result.negative.iter().any(|n| n.code == rule && n.weak);
                        if weak {
                            Param::NegativeWeak(i)
                        } else {
                            Param::Negative(i)
                        }
                    })
                } else if let Some(event) = code.strip_prefix("event.") {
                    // Decayed points over the signal's points: the times it counted, decayed.
                    let (param, nominal) =
                        match position(spec.intent.signals.iter().map(|s| &s.signal_type), event) {
                            Some(i) => (
                                Param::Signal(i),
                                spec.intent.signals.get(i).map_or(0, |s| s.points),
                            ),
                            None => (Param::UnknownEvent, spec.intent.unknown_event.points),
                        };
                    let times = if nominal != 0 {
                        f64::from(item.points) / f64::from(nominal)
                    } else {
                        f64::from(u32::from(!item.expired) * item.count.unwrap_or(1))
                    };
                    push(&mut out, param, times);
                    None
                } else {
                    // Learned rules are read from the lead below (several may share a code).
                    None
                }
            }
        };
        if let Some(param) = param {
            push(&mut out, param, 1.0);
        }
    }
    let lookback = spec.intent.lookback_days;
    for (i, rule) in spec.learned.iter().enumerate() {
        let value = Field::parse(&rule.field).and_then(|f| f.value(lead, lookback, at));
        if value.as_ref().is_some_and(|v| learned::matches(rule, v)) {
            push(&mut out, Param::Learned(i), 1.0);
        }
    }
    out
}

fn position<'a>(mut names: impl Iterator<Item = &'a String>, want: &str) -> Option<usize> {
    names.position(|n| n == want)
}

fn range_index(ranges: &[Range], value: f64) -> Option<usize> {
    ranges
        .iter()
        .position(|r| value >= r.min && r.max.map_or(true, |max| value <= max))
}

/// A lead value as calibration compares it: text trimmed and lowercased, numbers as numbers.
pub fn normalized(value: &Value) -> Normalized {
    match value {
        Value::Text(t) => Normalized::Text(t.trim().to_ascii_lowercase()),
        Value::Number(n) => Normalized::Number(*n),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Normalized {
    Text(String),
    Number(f64),
}
