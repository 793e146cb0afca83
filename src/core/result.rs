//! The Result contract (output of scoring). See `CONTRACTS.md`.
//!
//! Every number a person sees is backed by [`Evidence`]: a dimension's score is the sum of its
//! evidence points, and clamping to 0–100 is an evidence item of its own.
//!
//! # Reading text
//!
//! A [`ScoredLead<'a>`] borrows from the lead and the model it was scored with, and builds no
//! sentences while scoring: a rich lead explains itself in a hundred small texts, and formatting
//! them all — for a caller who may only read the route — was most of the cost of scoring.
//!
//! - **Verbatim text** ([`Text`], a `Cow<str>`): ids, codes, field paths, `missing`. Slices of the
//!   lead or the model, or fixed strings; read them as `&str` (`Deref`, `as_ref()`).
//! - **Sentences** ([`Message`]): evidence labels, notes, reasons, next actions, the summary. Kept as
//!   the parts a rule found (e.g. [`Label::WorkEmail`], [`RouteText::FitAndIntent`]) and written
//!   out only when displayed or serialized. Read them with `Display`: `to_string()`,
//!   `write!(out, "{}", item.label)`.
//! - **Field values** ([`Value`]): the lead value behind an item, text or a number; `Display` too.
//!
//! Serialized, every one of them is a JSON string, so the JSON contract does not see the
//! difference. Deserialized results hold the text as given ([`Message::Text`]).

use std::borrow::Cow;

use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::display::{
    display_piece, put, put_padded, Decimal, Lowercase, Piece, Quotation, Quoted,
};
use super::hygiene::{self, ContactQuality};
use super::json::{self, Sink};
use super::lead::Lead;
use super::model::{LearnedRule, NegativeRule, Target, Thresholds};
use super::tape::Tape;
use super::text::owned;
use super::time::Timestamp;

/// Verbatim text: usually borrowed from the lead or the model, or a fixed string.
pub type Text<'a> = Cow<'a, str>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoredLead<'a> {
    pub lead_id: Text<'a>,
    pub model: ModelRef<'a>,
    /// The experiment variant the lead was assigned (`experiment.variants[].name`), whose
    /// thresholds routed it; absent when the model runs no experiment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub variant: Option<Text<'a>>,
    pub scored_at: Timestamp,
    pub fit: FitResult<'a>,
    pub intent: IntentResult<'a>,
    /// Negative-fit findings (their points are also fit evidence items `negative.<code>`).
    pub negative: Vec<NegativeFinding<'a>>,
    pub route: Route,
    /// Why this route, in one code and one sentence.
    pub route_reason: Reason<'a>,
    pub disqualification: Option<Disqualification<'a>>,
    pub review_reasons: Vec<ReviewReason>,
    /// Lead fields that are unknown and would change the result if known, most valuable first.
    pub missing: Vec<Text<'a>>,
    pub next_action: Reason<'a>,
    pub summary: Message<'a>,
    /// Contact hygiene hints and the dedupe key.
    #[serde(default)]
    pub contact_quality: ContactCheck<'a>,
    /// How often leads like this reached the calibration target; only with a calibrated model.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub likelihood: Option<Likelihood>,
}

/// A calibrated likelihood (`calibration` in the model): "how often leads with this fit + intent
/// reached `target`", learned from `outcomes` labelled leads.
///
/// Serialized as whole thousandths (`{"per_mille": 310, …}` = 0.31): measured, that is 136
/// bytes gzip smaller in the scoring bundle than a rounded `f64` through serde_json's float
/// writer, and exact. [`Likelihood::value`] is the fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Likelihood {
    /// 0–1000.
    pub per_mille: u32,
    pub outcomes: u32,
    pub target: Target,
}

impl ScoredLead<'_> {
    /// Marks the evidence read from these company fields (`employees`, `industry`…) as
    /// enriched: the values came from a data provider, and a person should know which points
    /// rest on them.
    pub(crate) fn mark_enriched(&mut self, company_fields: &[Cow<'_, str>]) {
        let from_enrichment = |field: &Option<Text>| {
            field
                .as_deref()
                .and_then(|f| f.strip_prefix("company."))
                .is_some_and(|f| company_fields.iter().any(|e| e == f))
        };
        for item in self
            .fit
            .evidence
            .iter_mut()
            .chain(&mut self.intent.evidence)
        {
            if from_enrichment(&item.field) {
                item.enriched = true;
            }
        }
    }

    /// The same result, owning its text: for keeping it after the lead or model is gone. Every
    /// message is written out once, into [`Message::Text`]; it reads and serializes the same.
    pub fn into_owned(self) -> ScoredLead<'static> {
        let owned_evidence =
            |items: Vec<Evidence>| items.into_iter().map(Evidence::into_owned).collect();
        ScoredLead {
            lead_id: owned(self.lead_id),
            model: ModelRef {
                id: owned(self.model.id),
                version: owned(self.model.version),
            },
            variant: self.variant.map(owned),
            scored_at: self.scored_at,
            fit: FitResult {
                score: self.fit.score,
                band: self.fit.band,
                confidence: self.fit.confidence,
                evidence: owned_evidence(self.fit.evidence),
            },
            intent: IntentResult {
                score: self.intent.score,
                band: self.intent.band,
                notes: self
                    .intent
                    .notes
                    .iter()
                    .map(Message::to_owned_text)
                    .collect(),
                evidence: owned_evidence(self.intent.evidence),
            },
            negative: self
                .negative
                .into_iter()
                .map(|n| NegativeFinding {
                    code: owned(n.code),
                    points: n.points,
                    label: n.label.to_owned_text(),
                    field: n.field.map(owned),
                    value: n.value.map(Value::into_owned),
                    auto_disqualify: n.auto_disqualify,
                    weak: n.weak,
                    reason: n.reason.to_owned_text(),
                })
                .collect(),
            route: self.route,
            route_reason: self.route_reason.into_owned(),
            disqualification: self.disqualification.map(|d| Disqualification {
                code: owned(d.code),
                reason: d.reason.to_owned_text(),
            }),
            review_reasons: self.review_reasons,
            missing: self.missing.into_iter().map(owned).collect(),
            next_action: self.next_action.into_owned(),
            summary: self.summary.to_owned_text(),
            contact_quality: ContactCheck::Checked(self.contact_quality.quality().into_owned()),
            likelihood: self.likelihood,
        }
    }
}

/// [`ContactQuality`] of the scored lead, checked when read or serialized: it builds strings
/// (the dedupe key, hint messages) that a caller who only routes never needs.
#[derive(Debug, Clone)]
pub enum ContactCheck<'a> {
    Pending {
        lead: &'a Lead<'a>,
        /// ISO code of the company's country, for phone numbers written without one.
        country: Option<&'a str>,
        /// The email is at a free-mail provider (the model's list).
        free_mail: bool,
    },
    /// Checked already, or read back from JSON.
    Checked(ContactQuality),
}

impl ContactCheck<'_> {
    pub fn quality(&self) -> Cow<'_, ContactQuality> {
        match self {
            ContactCheck::Pending {
                lead,
                country,
                free_mail,
            } => Cow::Owned(hygiene::check(lead, *country, |_| *free_mail)),
            ContactCheck::Checked(quality) => Cow::Borrowed(quality),
        }
    }
}

/// Equal when they check out the same, pending or not (as [`Message`]s compare by text).
impl PartialEq for ContactCheck<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.quality() == other.quality()
    }
}

impl Default for ContactCheck<'_> {
    fn default() -> Self {
        ContactCheck::Checked(ContactQuality::default())
    }
}

impl Serialize for ContactCheck<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.quality().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for ContactCheck<'_> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        ContactQuality::deserialize(deserializer).map(ContactCheck::Checked)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelRef<'a> {
    pub id: Text<'a>,
    pub version: Text<'a>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitResult<'a> {
    pub score: i32,
    pub band: Band,
    /// How much of the profile is known: `high` (all must-haves known), `medium` (one unknown),
    /// `low` (two or more unknown).
    pub confidence: Confidence,
    pub evidence: Vec<Evidence<'a>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntentResult<'a> {
    pub score: i32,
    pub band: Band,
    /// Readable buying signals and stated need, quoted from the lead.
    pub notes: Vec<Message<'a>>,
    pub evidence: Vec<Evidence<'a>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence<'a> {
    /// Stable machine code, e.g. `industry.primary`, `event.demo_request`, `negative.student`.
    pub code: Text<'a>,
    pub points: i32,
    pub label: Message<'a>,
    /// Lead field the item comes from (`company.industry`, `events`, `form.message`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<Text<'a>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value<'a>>,
    /// Most recent event behind the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Timestamp>,
    /// Points before time decay (`decayed_from` → `points`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decayed_from: Option<i32>,
    /// Number of events behind the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// Events older than the look-back window: shown, worth 0.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub expired: bool,
    /// The field's value came from enrichment (a data provider), not from the lead itself.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub enriched: bool,
}

impl<'a> Evidence<'a> {
    // Out of line in wasm: scoring builds items in a few dozen places, and one copy of the
    // constructor is smaller than one per place (native builds inline it, for speed).
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub fn new(
        code: impl Into<Text<'a>>,
        points: i32,
        label: impl Into<Message<'a>>,
    ) -> Evidence<'a> {
        Evidence {
            code: code.into(),
            points,
            label: label.into(),
            field: None,
            value: None,
            at: None,
            decayed_from: None,
            count: None,
            expired: false,
            enriched: false,
        }
    }

    #[cfg_attr(target_arch = "wasm32", inline(never))]
    pub fn field(mut self, field: &'static str, value: impl Into<Value<'a>>) -> Evidence<'a> {
        self.field = Some(Cow::Borrowed(field));
        self.value = Some(value.into());
        self
    }

    fn into_owned(self) -> Evidence<'static> {
        Evidence {
            code: owned(self.code),
            points: self.points,
            label: self.label.to_owned_text(),
            field: self.field.map(owned),
            value: self.value.map(Value::into_owned),
            at: self.at,
            decayed_from: self.decayed_from,
            count: self.count,
            expired: self.expired,
            enriched: self.enriched,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NegativeFinding<'a> {
    pub code: Text<'a>,
    pub points: i32,
    pub label: Message<'a>,
    pub field: Option<Text<'a>>,
    pub value: Option<Value<'a>>,
    /// Whether this finding alone disqualifies (false for weak-only matches).
    pub auto_disqualify: bool,
    /// Only weak evidence matched (e.g. an `.edu` address and nothing else).
    pub weak: bool,
    /// The human reason with its evidence: "Contact appears to be a student (title: Student)".
    pub reason: Message<'a>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Disqualification<'a> {
    pub code: Text<'a>,
    pub reason: Message<'a>,
}

/// A code and the sentence that explains it (`route_reason`, `next_action`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reason<'a> {
    pub code: Text<'a>,
    pub text: Message<'a>,
}

impl<'a> Reason<'a> {
    pub fn new(code: &'static str, text: impl Into<Message<'a>>) -> Reason<'a> {
        Reason {
            code: Cow::Borrowed(code),
            text: text.into(),
        }
    }

    /// A reason whose sentence is fixed.
    pub fn fixed(code: &'static str, text: &'static str) -> Reason<'a> {
        Reason::new(code, Message::Text(Cow::Borrowed(text)))
    }

    fn into_owned(self) -> Reason<'static> {
        Reason {
            code: owned(self.code),
            text: self.text.to_owned_text(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Low,
    Medium,
    High,
}

impl Band {
    pub fn as_str(self) -> &'static str {
        match self {
            Band::Low => "low",
            Band::Medium => "medium",
            Band::High => "high",
        }
    }

    /// The band at the start of a sentence.
    pub fn title(self) -> &'static str {
        match self {
            Band::Low => "Low",
            Band::Medium => "Medium",
            Band::High => "High",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

impl Confidence {
    pub fn as_str(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    SalesReview,
    Nurture,
    Disqualify,
}

impl Route {
    pub fn as_str(self) -> &'static str {
        match self {
            Route::SalesReview => "sales_review",
            Route::Nurture => "nurture",
            Route::Disqualify => "disqualify",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Route::SalesReview => "sales review",
            Route::Nurture => "nurture",
            Route::Disqualify => "disqualify",
        }
    }
}

/// Why a person should look at this lead (or what they should know when they do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewReason {
    StrategicAccount,
    HighValue,
    Borderline,
    Ambiguous,
    IncompleteProfile,
    StaleEnrichment,
}

impl ReviewReason {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewReason::StrategicAccount => "strategic_account",
            ReviewReason::HighValue => "high_value",
            ReviewReason::Borderline => "borderline",
            ReviewReason::Ambiguous => "ambiguous",
            ReviewReason::IncompleteProfile => "incomplete_profile",
            ReviewReason::StaleEnrichment => "stale_enrichment",
        }
    }
}

// ---- text that is written out on demand ------------------------------------------------------

/// A sentence for a person: text as given, or the parts of a message — what a rule found —
/// written out only when displayed or serialized, so scoring formats nothing.
///
/// Read it with `Display` (`to_string()`, `write!`); it serializes as a JSON string, and two
/// messages are equal when they read the same. The variant says what kind of sentence it is.
#[derive(Debug, Clone)]
pub enum Message<'a> {
    /// Written out already: a fixed sentence, or text read back from JSON.
    Text(Text<'a>),
    /// An evidence label.
    Label(Label<'a>),
    /// An intent note.
    Note(Note<'a>),
    /// A negative-fit finding's label.
    Finding(FindingLabel<'a>),
    /// A negative-fit finding's reason (also the disqualification reason).
    FindingReason(FindingReason<'a>),
    /// Why the route.
    Route(RouteText<'a>),
    /// The next action.
    Action(ActionText<'a>),
    /// The one-line summary.
    Summary(Summary<'a>),
}

impl Message<'_> {
    /// The text, when the message is held as text (fixed sentences, deserialized results).
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Message::Text(text) => Some(text),
            _ => None,
        }
    }

    /// The message written out, owning its text.
    pub fn to_owned_text(&self) -> Message<'static> {
        Message::Text(Cow::Owned(self.to_string()))
    }
}

impl Piece for Message<'_> {
    fn put(&self, out: &mut String) {
        match self {
            Message::Text(text) => out.push_str(text),
            Message::Label(label) => label.put(out),
            Message::Note(note) => note.put(out),
            Message::Finding(finding) => finding.put(out),
            Message::FindingReason(reason) => reason.put(out),
            Message::Route(route) => route.put(out),
            Message::Action(action) => action.put(out),
            Message::Summary(summary) => summary.put(out),
        }
    }
}

impl<'a> From<Label<'a>> for Message<'a> {
    fn from(label: Label<'a>) -> Self {
        Message::Label(label)
    }
}

impl<'a> From<FindingLabel<'a>> for Message<'a> {
    fn from(finding: FindingLabel<'a>) -> Self {
        Message::Finding(finding)
    }
}

impl<'a> From<Note<'a>> for Message<'a> {
    fn from(note: Note<'a>) -> Self {
        Message::Note(note)
    }
}

impl<'a> From<RouteText<'a>> for Message<'a> {
    fn from(route: RouteText<'a>) -> Self {
        Message::Route(route)
    }
}

impl<'a> From<ActionText<'a>> for Message<'a> {
    fn from(action: ActionText<'a>) -> Self {
        Message::Action(action)
    }
}

impl Serialize for Message<'_> {
    // One copy per serializer in wasm, rather than one inlined into every field that holds a
    // message.
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Message::Text(text) => serializer.serialize_str(text),
            _ => serializer.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for Message<'_> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|text| Message::Text(Cow::Owned(text)))
    }
}

impl PartialEq for Message<'_> {
    fn eq(&self, other: &Message<'_>) -> bool {
        match (self, other) {
            (_, Message::Text(text)) => reads_as(self, text),
            (Message::Text(text), _) => reads_as(other, text),
            _ => {
                let mut text = String::new();
                other.put(&mut text);
                reads_as(self, &text)
            }
        }
    }
}

impl PartialEq<&str> for Message<'_> {
    fn eq(&self, text: &&str) -> bool {
        reads_as(self, text)
    }
}

/// The lead value behind an evidence item or finding: text, or a number the lead gave.
#[derive(Debug, Clone)]
pub enum Value<'a> {
    Text(Text<'a>),
    /// Written like the lead would: `240`, `48000000`, `12345.5`.
    Number(f64),
}

impl Value<'_> {
    pub fn into_owned(self) -> Value<'static> {
        match self {
            Value::Text(text) => Value::Text(owned(text)),
            Value::Number(n) => Value::Number(n),
        }
    }

    /// The value, when it is text.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(text) => Some(text),
            Value::Number(_) => None,
        }
    }
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(text: &'a str) -> Value<'a> {
        Value::Text(Cow::Borrowed(text))
    }
}

impl<'a> From<Text<'a>> for Value<'a> {
    fn from(text: Text<'a>) -> Value<'a> {
        Value::Text(text)
    }
}

impl From<f64> for Value<'_> {
    fn from(number: f64) -> Self {
        Value::Number(number)
    }
}

impl Piece for Value<'_> {
    fn put(&self, out: &mut String) {
        match self {
            Value::Text(text) => out.push_str(text),
            Value::Number(n) => Plain(*n).put(out),
        }
    }
}

impl Serialize for Value<'_> {
    #[cfg_attr(target_arch = "wasm32", inline(never))]
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Text(text) => serializer.serialize_str(text),
            Value::Number(_) => serializer.collect_str(self),
        }
    }
}

impl<'de> Deserialize<'de> for Value<'_> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|text| Value::Text(Cow::Owned(text)))
    }
}

impl PartialEq for Value<'_> {
    fn eq(&self, other: &Value<'_>) -> bool {
        match (self, other) {
            (Value::Number(a), Value::Number(b)) => a == b,
            (_, Value::Text(text)) => reads_as(self, text),
            (Value::Text(text), _) => reads_as(other, text),
        }
    }
}

/// Whether `value` writes out exactly `text`.
fn reads_as(value: &impl Piece, text: &str) -> bool {
    let mut written = String::with_capacity(text.len());
    value.put(&mut written);
    written == text
}

// ---- the messages ----------------------------------------------------------------------------

/// An evidence label: what a rule found, in the words a person reads.
#[derive(Debug, Clone, PartialEq)]
pub enum Label<'a> {
    /// `Industry: Logistics (primary target)`, `Industry: SaaS → software (primary target)`.
    Industry {
        given: &'a str,
        canonical: &'a str,
        class: &'static str,
    },
    /// `Industry: Agriculture (not a target industry)`.
    IndustryOther { given: &'a str },
    /// `240 employees: core ICP (200–2,000)`; `range` is `None` outside every range.
    Range {
        quantity: Quantity,
        range: Option<&'a str>,
    },
    /// `Country "Narnia" not recognised: treated as unknown`.
    CountryUnrecognised { given: &'a str },
    /// `Country: US (North America), served`; `region` is empty when the code is listed itself.
    CountryServed { code: &'a str, region: &'a str },
    /// `Country: BR, not served`.
    CountryNotServed { code: &'a str },
    /// `Seniority: Director (title "Director of Operations")`.
    Seniority { level: &'a str, title: &'a str },
    /// `Function: Operations`.
    Function { level: &'a str },
    /// `Title "Gerente": no seniority or function recognised`.
    TitleUnrecognised { title: &'a str },
    /// `Free-mail address (gmail.com): company not confirmed`. The domains of these three are as
    /// the lead gave them, written lowercase: a label holds no string of its own, so dropping
    /// one is nothing to do.
    FreeMail { domain: &'a str },
    /// `Academic or institutional address (stateu.edu): not a company email`.
    Institutional { domain: &'a str },
    /// `Work email at acme.com`.
    WorkEmail { domain: &'a str },
    /// `Capped at 50: must-have not met (industry, employees)`.
    MustHaveCap { cap: i32, unmet: UnmetMustHaves },
    /// `Fit cannot go below 0`, `Intent cannot exceed 100`.
    Clamp {
        dimension: &'static str,
        below_zero: bool,
    },
    /// `Demo request 2 days ago`, `Page view ×20 in the last 90 days, latest today (only the
    /// latest 15 count)`.
    Signal {
        signal: SignalName<'a>,
        count: u32,
        counted: u32,
        lookback_days: u32,
        latest: Ago,
    },
    /// `Demo request 120 days ago: older than the 90-day look-back (expired)`.
    Expired {
        signal: SignalName<'a>,
        count: u32,
        lookback_days: u32,
        latest: Ago,
    },
    /// `Passive activity capped at 30 points (…)`.
    PassiveCap { cap: i32 },
    /// `Need stated: "Our order-to-cash process is a bottleneck."`.
    Cue { cue: &'a str, quote: Quotation<'a> },
    /// `Learned from 230 outcomes: source.channel is paid_search`.
    Learned(&'a LearnedRule),
}

impl Piece for Label<'_> {
    fn put(&self, out: &mut String) {
        match *self {
            Label::Industry {
                given,
                canonical,
                class,
            } => {
                if given.eq_ignore_ascii_case(canonical) {
                    put!(out, "Industry: ", given, " (", class, ")")
                } else {
                    put!(out, "Industry: ", given, " → ", canonical, " (", class, ")")
                }
            }
            Label::IndustryOther { given } => {
                put!(out, "Industry: ", given, " (not a target industry)")
            }
            Label::Range {
                quantity,
                range: Some(range),
            } => put!(out, quantity, ": ", range),
            Label::Range {
                quantity,
                range: None,
            } => put!(out, quantity, ": outside every range"),
            Label::CountryUnrecognised { given } => {
                put!(
                    out,
                    "Country ",
                    Quoted(given),
                    " not recognised: treated as unknown"
                )
            }
            Label::CountryServed { code, region: "" } => {
                put!(out, "Country: ", code, ", served")
            }
            Label::CountryServed { code, region } => {
                put!(out, "Country: ", code, " (", Humanized(region), "), served")
            }
            Label::CountryNotServed { code } => put!(out, "Country: ", code, ", not served"),
            Label::Seniority { level, title } => {
                put!(out, "Seniority: ", level, " (title ", Quoted(title), ")")
            }
            Label::Function { level } => put!(out, "Function: ", level),
            Label::TitleUnrecognised { title } => {
                put!(
                    out,
                    "Title ",
                    Quoted(title),
                    ": no seniority or function recognised"
                )
            }
            Label::FreeMail { domain } => {
                put!(
                    out,
                    "Free-mail address (",
                    Lowercase(domain),
                    "): company not confirmed"
                )
            }
            Label::Institutional { domain } => put!(
                out,
                "Academic or institutional address (",
                Lowercase(domain),
                "): not a company email"
            ),
            Label::WorkEmail { domain } => put!(out, "Work email at ", Lowercase(domain)),
            Label::MustHaveCap { cap, unmet } => {
                put!(out, "Capped at ", cap, ": must-have not met (", unmet, ")")
            }
            Label::Clamp {
                dimension,
                below_zero: true,
            } => put!(out, dimension, " cannot go below 0"),
            Label::Clamp {
                dimension,
                below_zero: false,
            } => put!(out, dimension, " cannot exceed 100"),
            Label::Signal {
                signal,
                count,
                counted,
                lookback_days,
                latest,
            } => {
                if count == 1 {
                    put!(out, signal, " ", latest)
                } else {
                    put!(
                        out,
                        signal,
                        " ×",
                        count,
                        " in the last ",
                        lookback_days,
                        " days, latest ",
                        latest
                    );
                    if count > counted {
                        put!(out, " (only the latest ", counted, " count)");
                    }
                }
            }
            Label::Expired {
                signal,
                count,
                lookback_days,
                latest,
            } => {
                if count == 1 {
                    put!(out, signal, " ", latest);
                } else {
                    put!(out, signal, " ×", count, ", latest ", latest);
                }
                put!(
                    out,
                    ": older than the ",
                    lookback_days,
                    "-day look-back (expired)"
                )
            }
            Label::PassiveCap { cap } => put!(
                out,
                "Passive activity capped at ",
                cap,
                " points (page views, downloads and opens are not buying intent by themselves)"
            ),
            Label::Cue { cue, quote } => put!(out, cue, " stated: \"", quote, "\""),
            Label::Learned(rule) => {
                let n = rule.support;
                put!(
                    out,
                    "Learned from ",
                    n,
                    " outcome",
                    if n == 1 { "" } else { "s" },
                    ": "
                );
                if let Some(label) = &rule.label {
                    return out.push_str(label);
                }
                out.push_str(&rule.field);
                match (&rule.equals, rule.min, rule.max) {
                    (Some(value), _, _) => put!(out, " is ", value),
                    (_, Some(min), Some(max)) => put!(out, " ", Plain(min), "–", Plain(max)),
                    (_, Some(min), None) => put!(out, " ≥ ", Plain(min)),
                    (_, None, Some(max)) => put!(out, " ≤ ", Plain(max)),
                    _ => {}
                }
            }
        }
    }
}

/// A company size or revenue as a label shows it: `1,200 employees`, `$48M annual revenue`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Quantity {
    Employees(u64),
    Revenue(f64),
}

impl Piece for Quantity {
    fn put(&self, out: &mut String) {
        match *self {
            Quantity::Employees(n) => put!(out, Thousands(n), " employees"),
            Quantity::Revenue(amount) => put!(out, Money(amount), " annual revenue"),
        }
    }
}

/// Known must-have criteria that are not met, as a set of positions in the fit criteria (see
/// `score::CRITERION_NAMES`); written as their names, in model order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UnmetMustHaves(pub(crate) u8);

impl UnmetMustHaves {
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl Piece for UnmetMustHaves {
    fn put(&self, out: &mut String) {
        let names = super::score::CRITERION_NAMES
            .iter()
            .enumerate()
            .filter(|(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, name)| *name);
        write_joined(out, names, ", ")
    }
}

/// An intent signal's name: the model's label, or an unknown event type made readable
/// (`podcast_listen` → `Podcast Listen`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SignalName<'a> {
    Known(&'a str),
    Unknown(&'a str),
}

impl Piece for SignalName<'_> {
    fn put(&self, out: &mut String) {
        match *self {
            SignalName::Known(label) => out.push_str(label),
            SignalName::Unknown(event_type) => Humanized(event_type).put(out),
        }
    }
}

/// An intent note: a buying signal or stated need, quoted from the lead.
#[derive(Debug, Clone, PartialEq)]
pub enum Note<'a> {
    /// `Asked for a consultation today`.
    Signal { note: &'a str, latest: Ago },
    /// `Need: "Our order-to-cash process is a bottleneck."`.
    Cue { cue: &'a str, quote: Quotation<'a> },
}

impl Piece for Note<'_> {
    fn put(&self, out: &mut String) {
        match *self {
            Note::Signal { note, latest } => put!(out, note, " ", latest),
            Note::Cue { cue, quote } => put!(out, cue, ": \"", quote, "\""),
        }
    }
}

/// What a negative rule matched, one item per matcher: shared (not copied) by the finding's label
/// and reason, its evidence item and the route reason that quotes it.
#[derive(Debug, Clone, PartialEq)]
pub struct Matches<'a>(pub(crate) Arc<[Match<'a>]>);

impl<'a> Matches<'a> {
    pub fn iter(&self) -> impl Iterator<Item = &Match<'a>> {
        self.0.iter()
    }
}

impl Piece for Matches<'_> {
    fn put(&self, out: &mut String) {
        write_joined(out, self.0.iter(), "; ")
    }
}

/// One matcher's evidence, as a finding quotes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Match<'a> {
    /// `domain northpeak.co`
    Domain(Text<'a>),
    /// `disposable email domain mailinator.com`
    DisposableDomain(Text<'a>),
    /// `malformed email "nope"`
    MalformedEmail(&'a str),
    /// `title: Student`
    Title(&'a str),
    /// `message: "I am writing my thesis."`
    Message(Text<'a>),
    /// `company: Best SEO Agency`
    CompanyName(&'a str),
    /// `form: careers`
    FormType(&'a str),
    /// `country BR is not served`
    CountryNotServed(&'a str),
    /// `5 employees is below the minimum of 20`
    BelowMinimum { employees: u64, minimum: f64 },
    /// `industry Gambling is not served`
    IndustryNotServed(&'a str),
    /// `3 links in the message`
    Links(usize),
}

impl Piece for Match<'_> {
    fn put(&self, out: &mut String) {
        match *self {
            Match::Domain(ref domain) => put!(out, "domain ", domain),
            Match::DisposableDomain(ref domain) => put!(out, "disposable email domain ", domain),
            Match::MalformedEmail(email) => {
                put!(out, "malformed email ", Quoted(email))
            }
            Match::Title(title) => put!(out, "title: ", title),
            Match::Message(ref quote) => put!(out, "message: \"", quote, "\""),
            Match::CompanyName(name) => put!(out, "company: ", name),
            Match::FormType(form_type) => put!(out, "form: ", form_type),
            Match::CountryNotServed(code) => put!(out, "country ", code, " is not served"),
            Match::BelowMinimum { employees, minimum } => put!(
                out,
                Quantity::Employees(employees),
                " is below the minimum of ",
                Plain(minimum)
            ),
            Match::IndustryNotServed(industry) => {
                put!(out, "industry ", industry, " is not served")
            }
            Match::Links(n) => put!(out, n, " links in the message"),
        }
    }
}

/// `Student: title: Student`, or for weak-only evidence `Possible student: domain stateu.edu`.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingLabel<'a> {
    pub rule: &'a NegativeRule,
    pub weak: bool,
    pub matches: Matches<'a>,
}

impl Piece for FindingLabel<'_> {
    fn put(&self, out: &mut String) {
        if self.weak {
            out.push_str("Possible ");
            for c in self.rule.label.chars() {
                out.push(super::text::fold_case(c));
            }
        } else {
            out.push_str(&self.rule.label);
        }
        put!(out, ": ", self.matches)
    }
}

/// `Contact appears to be a student (title: Student)`: the rule's reason with its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingReason<'a> {
    pub rule: &'a NegativeRule,
    pub matches: Matches<'a>,
}

impl Piece for FindingReason<'_> {
    fn put(&self, out: &mut String) {
        put!(out, self.rule.reason, " (", self.matches, ")")
    }
}

/// Why the route (`route_reason.text`). Each reads as a clause without a final period: the
/// summary quotes it and ends the sentence.
#[derive(Debug, Clone, PartialEq)]
pub enum RouteText<'a> {
    /// `Globex is a strategic account: a person decides despite the job seeker signal (…)`.
    StrategicDespite {
        account: &'a str,
        finding: FindingLabel<'a>,
    },
    /// An auto-disqualifying finding's reason.
    Disqualified(FindingReason<'a>),
    /// `negative evidence drove fit below 20: …`.
    NegativeFit {
        floor: i32,
        finding: FindingReason<'a>,
    },
    /// `fit 85 and intent 76 both reach the sales-review thresholds (60 and 40)`.
    FitAndIntent {
        fit: i32,
        intent: i32,
        thresholds: Thresholds,
    },
    /// `Globex is a strategic account: always reviewed by sales, even with incomplete data`.
    Strategic { account: &'a str },
    /// `high-value account (5000 employees ≥ 1000)`.
    HighValue(HighValue),
    /// `within 5 points of the sales-review thresholds (fit 57 / 60, intent 41 / 40)`.
    Borderline {
        margin: i32,
        fit: i32,
        intent: i32,
        thresholds: Thresholds,
    },
    /// `strong fit or intent with a negative signal (…; …)`.
    Ambiguous { findings: Vec<FindingLabel<'a>> },
    /// `good fit, but activity alone is not a buying signal (intent 30 < 40)`.
    ActivityOnly { intent: i32, threshold: i32 },
    /// `good fit, no credible buying signal yet (intent 0 < 40)`.
    LowIntent { intent: i32, threshold: i32 },
    /// `buying signal, but fit is below the sales-review threshold (fit 45 < 60)`.
    LowFit { fit: i32, threshold: i32 },
    /// `fit 20 and intent 0 are both below the sales-review thresholds (60 and 40)`.
    LowFitAndIntent {
        fit: i32,
        intent: i32,
        thresholds: Thresholds,
    },
}

impl Piece for RouteText<'_> {
    fn put(&self, out: &mut String) {
        match *self {
            RouteText::StrategicDespite {
                account,
                ref finding,
            } => put!(
                out,
                account,
                " is a strategic account: a person decides despite the ",
                Spaced(&finding.rule.code),
                " signal (",
                finding,
                ")"
            ),
            RouteText::Disqualified(ref finding) => finding.put(out),
            RouteText::NegativeFit { floor, ref finding } => {
                put!(
                    out,
                    "negative evidence drove fit below ",
                    floor,
                    ": ",
                    finding
                )
            }
            RouteText::FitAndIntent {
                fit,
                intent,
                thresholds,
            } => put!(
                out,
                "fit ",
                fit,
                " and intent ",
                intent,
                " both reach the sales-review thresholds (",
                thresholds.fit,
                " and ",
                thresholds.intent,
                ")"
            ),
            RouteText::Strategic { account } => put!(
                out,
                account,
                " is a strategic account: always reviewed by sales, even with incomplete data"
            ),
            RouteText::HighValue(why) => put!(out, "high-value account (", why, ")"),
            RouteText::Borderline {
                margin,
                fit,
                intent,
                thresholds,
            } => put!(
                out,
                "within ",
                margin,
                " points of the sales-review thresholds (fit ",
                fit,
                " / ",
                thresholds.fit,
                ", intent ",
                intent,
                " / ",
                thresholds.intent,
                ")"
            ),
            RouteText::Ambiguous { ref findings } => {
                out.push_str("strong fit or intent with a negative signal (");
                write_joined(out, findings.iter(), "; ");
                out.push(')')
            }
            RouteText::ActivityOnly { intent, threshold } => put!(
                out,
                "good fit, but activity alone is not a buying signal (intent ",
                intent,
                " < ",
                threshold,
                ")"
            ),
            RouteText::LowIntent { intent, threshold } => put!(
                out,
                "good fit, no credible buying signal yet (intent ",
                intent,
                " < ",
                threshold,
                ")"
            ),
            RouteText::LowFit { fit, threshold } => put!(
                out,
                "buying signal, but fit is below the sales-review threshold (fit ",
                fit,
                " < ",
                threshold,
                ")"
            ),
            RouteText::LowFitAndIntent {
                fit,
                intent,
                thresholds,
            } => put!(
                out,
                "fit ",
                fit,
                " and intent ",
                intent,
                " are both below the sales-review thresholds (",
                thresholds.fit,
                " and ",
                thresholds.intent,
                ")"
            ),
        }
    }
}

/// What makes an account high-value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum HighValue {
    /// `5000 employees ≥ 1000`.
    Employees { employees: u64, minimum: u64 },
    /// `annual revenue $1.3B ≥ $250M`.
    Revenue { revenue: f64, minimum: f64 },
}

impl Piece for HighValue {
    fn put(&self, out: &mut String) {
        match *self {
            HighValue::Employees { employees, minimum } => {
                put!(out, employees, " employees ≥ ", minimum)
            }
            HighValue::Revenue { revenue, minimum } => {
                put!(
                    out,
                    "annual revenue ",
                    Money(revenue),
                    " ≥ ",
                    Money(minimum)
                )
            }
        }
    }
}

/// The next action (`next_action.text`); fixed sentences are [`Message::Text`].
#[derive(Debug, Clone, PartialEq)]
pub enum ActionText<'a> {
    /// `Account owner reviews today: check the job seeker signal before any outreach`.
    CheckSignal { code: &'a str },
    /// `Call within 24 hours; reference their need: "…"`.
    SameDay { call: bool, need: Option<Text<'a>> },
    /// `Follow up within 1 business day; reference their need: "…"; confirm company size`.
    FollowUp {
        need: Option<Text<'a>>,
        confirm: Fields,
    },
    /// `Account owner reviews today: Globex is a strategic account; confirm job title`.
    StrategicReview { account: &'a str, confirm: Fields },
    /// `Research the account and assign an owner within 1 business day`.
    ResearchAccount { confirm: Fields },
    /// `Qualify with a short discovery call or email; confirm need and timeline`.
    Qualify { confirm: Fields },
    /// `Do not add to email sequences (opted out of email); keep the record …`.
    NoEmailConsent { opted_out: bool },
    /// `Enrich industry, company size and re-score: the buying signal is there`.
    Enrich { fields: Fields },
}

impl Piece for ActionText<'_> {
    fn put(&self, out: &mut String) {
        let confirm = |out: &mut String, fields: Fields| {
            if !fields.is_empty() {
                put!(out, "; confirm ", fields);
            }
        };
        let reference = |out: &mut String, need: &Option<Text>| {
            if let Some(quote) = need {
                put!(out, "; reference their need: \"", quote, "\"");
            }
        };
        match *self {
            ActionText::CheckSignal { code } => put!(
                out,
                "Account owner reviews today: check the ",
                Spaced(code),
                " signal before any outreach"
            ),
            ActionText::SameDay { call, ref need } => {
                out.push_str(if call {
                    "Call within 24 hours"
                } else {
                    "Reply by email within 24 hours (no phone consent)"
                });
                reference(out, need)
            }
            ActionText::FollowUp {
                ref need,
                confirm: fields,
            } => {
                out.push_str("Follow up within 1 business day");
                reference(out, need);
                confirm(out, fields)
            }
            ActionText::StrategicReview {
                account,
                confirm: fields,
            } => {
                put!(
                    out,
                    "Account owner reviews today: ",
                    account,
                    " is a strategic account"
                );
                confirm(out, fields)
            }
            ActionText::ResearchAccount { confirm: fields } => {
                out.push_str("Research the account and assign an owner within 1 business day");
                confirm(out, fields)
            }
            ActionText::Qualify { confirm: fields } => {
                out.push_str("Qualify with a short discovery call or email");
                if fields.is_empty() {
                    out.push_str("; confirm need and timeline")
                } else {
                    confirm(out, fields)
                }
            }
            ActionText::NoEmailConsent { opted_out } => put!(
                out,
                "Do not add to email sequences (",
                if opted_out {
                    "opted out of email"
                } else {
                    "email consent unknown"
                },
                "); keep the record and re-score on the next hand-raise"
            ),
            ActionText::Enrich { fields } => {
                put!(
                    out,
                    "Enrich ",
                    fields,
                    " and re-score: the buying signal is there"
                )
            }
        }
    }
}

/// Up to three of the lead fields scoring can find missing, by the names a sentence uses
/// (`company.employees` → `company size`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Fields {
    fields: [Option<MissingField>; 3],
}

/// A lead field scoring can find missing (`score::Missing`): a number, so that collecting them
/// compares no text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissingField {
    Industry,
    Employees,
    AnnualRevenue,
    Country,
    Title,
    Email,
    Message,
}

impl MissingField {
    /// The lead field's path (`company.employees`).
    pub fn path(self) -> &'static str {
        match self {
            MissingField::Industry => "company.industry",
            MissingField::Employees => "company.employees",
            MissingField::AnnualRevenue => "company.annual_revenue",
            MissingField::Country => "company.country",
            MissingField::Title => "contact.title",
            MissingField::Email => "contact.email",
            MissingField::Message => "form.message",
        }
    }

    /// The field's name in a sentence (`company size`).
    pub fn name(self) -> &'static str {
        match self {
            MissingField::Industry => "industry",
            MissingField::Employees => "company size",
            MissingField::AnnualRevenue => "annual revenue",
            MissingField::Country => "country",
            MissingField::Title => "job title",
            MissingField::Email => "work email",
            MissingField::Message => "need",
        }
    }
}

impl Fields {
    /// Adds a field; a fourth and later ones are not kept.
    pub fn push(&mut self, field: MissingField) {
        if let Some(slot) = self.fields.iter_mut().find(|slot| slot.is_none()) {
            *slot = Some(field);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.fields.iter().all(Option::is_none)
    }
}

impl Piece for Fields {
    fn put(&self, out: &mut String) {
        let names = self.fields.iter().flatten().map(|field| field.name());
        write_joined(out, names, ", ")
    }
}

/// `High fit (85), high intent (76) → sales review: fit 85 and intent 76 both reach …`.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary<'a> {
    pub fit: i32,
    pub fit_band: Band,
    pub intent: i32,
    pub intent_band: Band,
    pub route: Route,
    pub reason: RouteText<'a>,
}

impl Piece for Summary<'_> {
    fn put(&self, out: &mut String) {
        put!(
            out,
            self.fit_band.title(),
            " fit (",
            self.fit,
            "), ",
            self.intent_band.as_str(),
            " intent (",
            self.intent,
            ") → ",
            self.route.label(),
            ": ",
            self.reason,
            "."
        )
    }
}

/// "today", "1 day ago", "12 days ago", "in the future": the age of `.1` at `.0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ago(pub Timestamp, pub Timestamp);

impl Piece for Ago {
    fn put(&self, out: &mut String) {
        let Ago(now, at) = *self;
        match at.days_until(now) {
            d if d < 0 => out.push_str("in the future"),
            0 => out.push_str("today"),
            1 => out.push_str("1 day ago"),
            d => put!(out, d, " days ago"),
        }
    }
}

// ---- writing numbers and words ---------------------------------------------------------------

/// A number as plain as the lead gave it: `240`, `48000000`, `12345.5`.
pub(crate) struct Plain(pub f64);

impl Piece for Plain {
    fn put(&self, out: &mut String) {
        let v = self.0;
        if v.fract() == 0.0 && v.abs() < 1e15 {
            put!(out, v as i64)
        } else {
            put!(out, Decimal(v))
        }
    }
}

/// `1234567` → `1,234,567`.
pub(crate) struct Thousands(pub u64);

impl Piece for Thousands {
    fn put(&self, out: &mut String) {
        match self.0 {
            n @ 0..=999 => put!(out, n),
            n => {
                put!(out, Thousands(n / 1000), ",");
                put_padded(out, n % 1000, 3);
            }
        }
    }
}

/// `48000000` → `$48M`, `1200000000` → `$1.2B`. Tenths are written with integer arithmetic:
/// fixed-precision float formatting would add its own tables to the wasm bundle.
pub(crate) struct Money(pub f64);

impl Piece for Money {
    fn put(&self, out: &mut String) {
        let v = self.0;
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
            put!(out, "$", tenths / 10, suffix)
        } else {
            put!(out, "$", tenths / 10, ".", tenths % 10, suffix)
        }
    }
}

/// `north_america` → `North America`.
pub(crate) struct Humanized<'a>(pub &'a str);

impl Piece for Humanized<'_> {
    fn put(&self, out: &mut String) {
        for (i, word) in self.0.split('_').filter(|w| !w.is_empty()).enumerate() {
            if i > 0 {
                out.push(' ');
            }
            // First letter in ASCII uppercase (names are built from codes).
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.push(first.to_ascii_uppercase());
                out.push_str(chars.as_str());
            }
        }
    }
}

/// `job_seeker` → `job seeker`.
struct Spaced<'a>(&'a str);

impl Piece for Spaced<'_> {
    fn put(&self, out: &mut String) {
        for (i, part) in self.0.split('_').enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(part);
        }
    }
}

fn write_joined<T: Piece>(out: &mut String, items: impl Iterator<Item = T>, separator: &str) {
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        item.put(out);
    }
}

display_piece!(
    Message<'_>,
    Value<'_>,
    Label<'_>,
    Quantity,
    UnmetMustHaves,
    SignalName<'_>,
    Note<'_>,
    Matches<'_>,
    Match<'_>,
    FindingLabel<'_>,
    FindingReason<'_>,
    RouteText<'_>,
    HighValue,
    ActionText<'_>,
    Fields,
    Summary<'_>,
    Ago,
);

// ---- writing JSON -------------------------------------------------------------------------------

/// The member names a result is written with, each a [`Key`] constant in `key` and, at its id,
/// in [`RESULT_KEYS`]: the names a [`Tape`]'s reader stores. `pkg-config/api.js` has a copy
/// (`RESULT_KEYS`, one `case` per name in `readObject`) and refuses to read a result when the
/// module's list differs: change both together.
macro_rules! result_keys {
    ($($name:ident => $text:literal),* $(,)?) => {
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        enum KeyId {
            $($name),*
        }

        /// Member names of a written result (see [`RESULT_KEYS`]).
        pub mod key {
            use super::{json::Key, KeyId};
            $(pub const $name: Key = Key { id: KeyId::$name as u16, name: $text };)*
        }

        /// Every member name of a written result, at its key's id.
        pub const RESULT_KEYS: &[&str] = &[$($text),*];
    };
}

result_keys! {
    LEAD_ID => "lead_id",
    MODEL => "model",
    ID => "id",
    VERSION => "version",
    VARIANT => "variant",
    SCORED_AT => "scored_at",
    FIT => "fit",
    SCORE => "score",
    BAND => "band",
    CONFIDENCE => "confidence",
    EVIDENCE => "evidence",
    INTENT => "intent",
    NOTES => "notes",
    NEGATIVE => "negative",
    ROUTE => "route",
    ROUTE_REASON => "route_reason",
    DISQUALIFICATION => "disqualification",
    CODE => "code",
    REASON => "reason",
    REVIEW_REASONS => "review_reasons",
    MISSING => "missing",
    NEXT_ACTION => "next_action",
    SUMMARY => "summary",
    CONTACT_QUALITY => "contact_quality",
    LIKELIHOOD => "likelihood",
    PER_MILLE => "per_mille",
    OUTCOMES => "outcomes",
    TARGET => "target",
    TEXT => "text",
    POINTS => "points",
    LABEL => "label",
    FIELD => "field",
    VALUE => "value",
    AT => "at",
    DECAYED_FROM => "decayed_from",
    COUNT => "count",
    EXPIRED => "expired",
    ENRICHED => "enriched",
    AUTO_DISQUALIFY => "auto_disqualify",
    WEAK => "weak",
    DEDUPE_KEY => "dedupe_key",
    PHONE_E164 => "phone_e164",
    HINTS => "hints",
    MESSAGE => "message",
}

impl ScoredLead<'_> {
    /// The result as compact JSON: the same text as `serde_json::to_string(&result)` (checked on
    /// every case file and on generated leads), written by [`json::Out`] in one pass. Faster and
    /// far smaller in wasm than serde_json's generic serializer, which is why the wasm API and
    /// `leadlens score` use it.
    pub fn to_json(&self) -> String {
        let mut out = json::Out::with_capacity(4096);
        self.write(&mut out);
        out.into_string()
    }

    /// The same JSON value as [`ScoredLead::to_json`] in pure ASCII (non-ASCII characters as
    /// `\uXXXX`): what the wasm API hands to JavaScript, where ASCII text decodes without UTF-8
    /// work and `JSON.parse` reads a one-byte string (see [`json::Out::ascii`]).
    pub fn to_ascii_json(&self) -> String {
        let mut out = json::Out::ascii(4096);
        self.write(&mut out);
        out.into_string()
    }

    /// The result as a [`Tape`] for the JavaScript API: the same value as [`ScoredLead::to_json`],
    /// which JS reads without `JSON.parse` (see [`super::tape`]). Member names are numbers into
    /// [`RESULT_KEYS`].
    pub fn write_tape(&self, tape: &mut Tape) {
        self.write(tape);
    }

    /// Writes the result to any [`Sink`], member by member in the order of the JSON contract.
    pub fn write<S: Sink>(&self, out: &mut S) {
        let mut o = out.object();
        o.member(key::LEAD_ID).string(&self.lead_id);
        let mut model = o.member(key::MODEL).object();
        model.member(key::ID).string(&self.model.id);
        model.member(key::VERSION).string(&self.model.version);
        model.end();
        if let Some(variant) = &self.variant {
            o.member(key::VARIANT).string(variant);
        }
        write_time(o.member(key::SCORED_AT), self.scored_at);
        let mut fit = o.member(key::FIT).object();
        fit.member(key::SCORE).int(self.fit.score.into());
        fit.member(key::BAND).string(self.fit.band.as_str());
        fit.member(key::CONFIDENCE)
            .string(self.fit.confidence.as_str());
        fit.member(key::EVIDENCE)
            .array(&self.fit.evidence, write_evidence);
        fit.end();
        let mut intent = o.member(key::INTENT).object();
        intent.member(key::SCORE).int(self.intent.score.into());
        intent.member(key::BAND).string(self.intent.band.as_str());
        intent
            .member(key::NOTES)
            .array(&self.intent.notes, |out, note| write_message(out, note));
        intent
            .member(key::EVIDENCE)
            .array(&self.intent.evidence, write_evidence);
        intent.end();
        o.member(key::NEGATIVE).array(&self.negative, write_finding);
        o.member(key::ROUTE).string(self.route.as_str());
        write_reason(o.member(key::ROUTE_REASON), &self.route_reason);
        match &self.disqualification {
            Some(dq) => {
                let mut d = o.member(key::DISQUALIFICATION).object();
                d.member(key::CODE).string(&dq.code);
                write_message(d.member(key::REASON), &dq.reason);
                d.end();
            }
            None => o.member(key::DISQUALIFICATION).null(),
        }
        o.member(key::REVIEW_REASONS)
            .array(&self.review_reasons, |out, r| out.string(r.as_str()));
        o.member(key::MISSING)
            .array(&self.missing, |out, m| out.string(m));
        write_reason(o.member(key::NEXT_ACTION), &self.next_action);
        write_message(o.member(key::SUMMARY), &self.summary);
        write_contact_quality(
            o.member(key::CONTACT_QUALITY),
            &self.contact_quality.quality(),
        );
        if let Some(likelihood) = &self.likelihood {
            let mut l = o.member(key::LIKELIHOOD).object();
            l.member(key::PER_MILLE).int(likelihood.per_mille.into());
            l.member(key::OUTCOMES).int(likelihood.outcomes.into());
            l.member(key::TARGET).string(likelihood.target.as_str());
            l.end();
        }
        o.end();
    }
}

fn write_time<S: Sink>(out: &mut S, at: Timestamp) {
    match at.rfc3339() {
        Some(text) => out.string(text.as_str()),
        None => out.put(&at),
    }
}

fn write_message<S: Sink>(out: &mut S, message: &Message<'_>) {
    match message {
        Message::Text(text) => out.string(text),
        other => out.put(other),
    }
}

fn write_value<S: Sink>(out: &mut S, value: &Value<'_>) {
    match value {
        Value::Text(text) => out.string(text),
        Value::Number(_) => out.put(value),
    }
}

fn write_reason<S: Sink>(out: &mut S, reason: &Reason<'_>) {
    let mut o = out.object();
    o.member(key::CODE).string(&reason.code);
    write_message(o.member(key::TEXT), &reason.text);
    o.end();
}

fn write_evidence<S: Sink>(out: &mut S, e: &Evidence<'_>) {
    let mut o = out.object();
    o.member(key::CODE).string(&e.code);
    o.member(key::POINTS).int(e.points.into());
    write_message(o.member(key::LABEL), &e.label);
    if let Some(field) = &e.field {
        o.member(key::FIELD).string(field);
    }
    if let Some(value) = &e.value {
        write_value(o.member(key::VALUE), value);
    }
    if let Some(at) = &e.at {
        write_time(o.member(key::AT), *at);
    }
    if let Some(decayed_from) = e.decayed_from {
        o.member(key::DECAYED_FROM).int(decayed_from.into());
    }
    if let Some(count) = e.count {
        o.member(key::COUNT).int(count.into());
    }
    if e.expired {
        o.member(key::EXPIRED).bool(true);
    }
    if e.enriched {
        o.member(key::ENRICHED).bool(true);
    }
    o.end();
}

fn write_finding<S: Sink>(out: &mut S, n: &NegativeFinding<'_>) {
    let mut o = out.object();
    o.member(key::CODE).string(&n.code);
    o.member(key::POINTS).int(n.points.into());
    write_message(o.member(key::LABEL), &n.label);
    match &n.field {
        Some(field) => o.member(key::FIELD).string(field),
        None => o.member(key::FIELD).null(),
    }
    match &n.value {
        Some(value) => write_value(o.member(key::VALUE), value),
        None => o.member(key::VALUE).null(),
    }
    o.member(key::AUTO_DISQUALIFY).bool(n.auto_disqualify);
    o.member(key::WEAK).bool(n.weak);
    write_message(o.member(key::REASON), &n.reason);
    o.end();
}

fn write_contact_quality<S: Sink>(out: &mut S, q: &ContactQuality) {
    let mut o = out.object();
    o.member(key::DEDUPE_KEY).string(&q.dedupe_key);
    if let Some(phone) = &q.phone_e164 {
        o.member(key::PHONE_E164).string(phone);
    }
    o.member(key::HINTS).array(&q.hints, |out, hint| {
        let mut h = out.object();
        h.member(key::CODE).string(&hint.code);
        h.member(key::FIELD).string(&hint.field);
        h.member(key::MESSAGE).string(&hint.message);
        h.end();
    });
    o.end();
}

#[cfg(test)]
mod tests {
    use super::*;

    display_piece!(Money, Thousands, Plain, Humanized<'_>, Spaced<'_>);

    #[test]
    fn numbers() {
        assert_eq!(Money(48e6).to_string(), "$48M");
        assert_eq!(Money(1.25e9).to_string(), "$1.3B");
        assert_eq!(Money(950.0).to_string(), "$950");
        assert_eq!(Thousands(1_234_567).to_string(), "1,234,567");
        assert_eq!(Thousands(0).to_string(), "0");
        assert_eq!(Thousands(999).to_string(), "999");
        assert_eq!(Thousands(1000).to_string(), "1,000");
        assert_eq!(Thousands(1_002_030).to_string(), "1,002,030");
        assert_eq!(
            Thousands(u64::MAX).to_string(),
            "18,446,744,073,709,551,615"
        );
        assert_eq!(Plain(240.0).to_string(), "240");
        assert_eq!(Plain(12345.5).to_string(), "12345.5");
        assert_eq!(Humanized("north_america").to_string(), "North America");
        assert_eq!(Humanized("_a__b_").to_string(), "A B");
        assert_eq!(Spaced("job_seeker").to_string(), "job seeker");
    }

    #[test]
    fn messages_compare_by_text() {
        let parts = Message::Note(Note::Cue {
            cue: "Need",
            quote: Quotation {
                sentence: "x",
                verbatim: true,
            },
        });
        let text = Message::Text(Cow::Borrowed("Need: \"x\""));
        assert_eq!(parts, text);
        assert_eq!(text, parts);
        assert_eq!(parts, "Need: \"x\"");
        assert_ne!(parts, "Need: \"x");
        assert_ne!(parts, "Need: \"x\"!");
        assert_eq!(Value::Number(240.0), Value::Text(Cow::Borrowed("240")));
        assert_eq!(
            serde_json::to_string(&parts).ok().as_deref(),
            Some(r#""Need: \"x\"""#)
        );
    }
}
