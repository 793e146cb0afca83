//! The scoring model: JSON data, validated once, compiled into lookup tables.
//!
//! A model is data, not code (`models/default.json`). [`Model::from_json`] parses it strictly —
//! unknown keys are errors, because a misspelt `half_life_day` silently ignored would change
//! scores — then [`validate`] reports *every* problem with its JSON path, and only a model without
//! problems is compiled. Scoring never re-checks what validation guarantees.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Serialize;

use super::country::is_assigned;
use super::display::{Decimal, Quoted};
use super::error::{ErrorCode, InputError, ModelError, ModelProblem};
use super::json::{self, Fields, FromJson, Path, ReadError, Value};
use super::text::{ascii_lowercase, phrase_problem, CodeMap, PhraseSet};

/// The model every build embeds: "Brightline Consulting", a B2B operations consultancy.
pub const DEFAULT_MODEL_JSON: &str = include_str!("../../models/default.json");

// ---- the JSON shape --------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelSpec {
    pub id: String,
    pub version: String,
    pub name: String,
    pub description: String,
    pub fit: FitSpec,
    pub intent: IntentSpec,
    pub negative: Vec<NegativeRule>,
    pub bands: Bands,
    pub routing: Routing,
    pub email: EmailLists,
    pub consent: ConsentRules,
    pub decision_reasons: DecisionReasons,
    /// Threshold variants tested against each other (an A/B test of the sales-review bar).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub experiment: Option<Experiment>,
    /// Rules proposed by calibration (`leadlens calibrate`): plain points on a lead field's value.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub learned: Vec<LearnedRule>,
    /// How fit + intent maps to a likelihood (results then carry `likelihood`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calibration: Option<Calibration>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitSpec {
    pub industry: IndustryCriterion,
    pub employees: RangeCriterion,
    pub annual_revenue: Option<RangeCriterion>,
    pub country: CountryCriterion,
    pub seniority: RoleCriterion,
    pub function: RoleCriterion,
    pub email: EmailPoints,
    /// When a must-have criterion is known and not met, fit is capped here (shown as evidence),
    /// so a lead missing a must-have can never look sales-ready on the other criteria alone.
    pub must_have_cap: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndustryCriterion {
    pub required: bool,
    pub primary: Vec<String>,
    pub primary_points: i32,
    pub secondary: Vec<String>,
    pub secondary_points: i32,
    /// Points for a known industry on no list (usually 0: known, but outside the ICP).
    pub other_points: i32,
    /// Industries the firm does not serve: an `out_of_market` rule can use them.
    pub excluded: Vec<String>,
    /// Lowercase spelling → canonical industry ("saas" → "software").
    pub aliases: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RangeCriterion {
    pub required: bool,
    /// Below this the company is too small to serve (`out_of_market` rules can use it).
    pub minimum: Option<f64>,
    pub ranges: Vec<Range>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Range {
    pub min: f64,
    /// Inclusive; absent means "and above".
    pub max: Option<f64>,
    pub points: i32,
    /// Whether this range is inside the ideal customer profile (a must-have is met).
    pub icp: bool,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryCriterion {
    pub required: bool,
    /// ISO 3166-1 alpha-2 codes and/or region names from `regions`.
    pub served: Vec<String>,
    pub points: i32,
    pub regions: BTreeMap<String, Vec<String>>,
    /// Lowercase country name or code → ISO alpha-2 ("usa" → "US").
    pub aliases: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleCriterion {
    pub required: bool,
    /// Checked in order; for seniority the first level whose phrase appears in the title wins,
    /// for function the highest-scoring one does.
    pub levels: Vec<RoleLevel>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoleLevel {
    pub code: String,
    pub label: String,
    pub keywords: Vec<String>,
    pub points: i32,
    /// Whether this level is a target buyer (a must-have is met).
    pub icp: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EmailPoints {
    pub work_points: i32,
    pub free_mail_points: i32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EmailLists {
    pub free_mail_domains: Vec<String>,
    pub disposable_domains: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IntentSpec {
    /// Events older than this count 0 points and are shown as expired.
    pub lookback_days: u32,
    pub signals: Vec<Signal>,
    /// `page_view` events on these paths count as another signal (e.g. `/pricing` → `pricing_view`).
    pub page_rules: Vec<PageRule>,
    /// `form.type` → signal type: submitting the form is that signal, at `created_at`.
    pub form_types: BTreeMap<String, String>,
    /// How event types the model does not know are counted (always passive).
    pub unknown_event: UnknownEvent,
    /// The most passive activity (page views, downloads, opens…) can add: below the high band.
    pub passive_cap: i32,
    pub cues: Vec<Cue>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signal {
    #[serde(rename = "type")]
    pub signal_type: String,
    pub label: String,
    pub kind: SignalKind,
    pub points: i32,
    pub half_life_days: Option<f64>,
    pub linear_points_per_week: Option<f64>,
    /// Only the most recent `max_count` events of this type count (a second demo request is not
    /// twice the intent; the 40th page view adds nothing).
    pub max_count: u32,
    /// How the signal reads in intent notes, e.g. "Asked for a consultation".
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalKind {
    /// An explicit request to talk or buy: demo, consultation, contact sales, trial, pricing.
    HandRaiser,
    /// Activity that is not intent by itself: page views, downloads, email opens, webinars.
    Passive,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageRule {
    pub path_prefix: String,
    pub signal: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnknownEvent {
    pub points: i32,
    pub half_life_days: Option<f64>,
    pub max_count: u32,
}

/// A stated-need cue (BANT: need, timeline, budget, authority) found in the form message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cue {
    pub code: String,
    pub label: String,
    pub points: i32,
    pub phrases: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NegativeRule {
    pub code: String,
    pub label: String,
    /// Human reason; the matched evidence is appended: "… (title: Student; domain stateu.edu)".
    pub reason: String,
    pub points: i32,
    pub auto_disqualify: bool,
    #[serde(rename = "match")]
    pub matchers: Matchers,
    /// Matchers that alone are only a hint (e.g. an `.edu` address: universities also buy):
    /// when nothing else matched the rule scores `weak_points` and never auto-disqualifies.
    pub weak: Vec<String>,
    pub weak_points: Option<i32>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Matchers {
    /// Email or company domain equal to, or a subdomain of, one of these.
    pub domains: Vec<String>,
    /// Email domain ends with one of these label patterns: `.edu`, `.ac.*` (`*` = any one label).
    pub email_domain_suffixes: Vec<String>,
    pub title: Vec<String>,
    pub message: Vec<String>,
    pub company_name: Vec<String>,
    pub form_types: Vec<String>,
    /// Country not served, company below the minimum size, or an excluded industry.
    pub out_of_market: bool,
    /// Email address that is not a syntactically valid address.
    pub invalid_email: bool,
    /// Email at a disposable-address domain (`email.disposable_domains`).
    pub disposable_email: bool,
    /// The message carries at least this many links.
    pub min_links: Option<u32>,
}

pub const MATCHER_NAMES: [&str; 10] = [
    "domains",
    "email_domain_suffixes",
    "title",
    "message",
    "company_name",
    "form_types",
    "out_of_market",
    "invalid_email",
    "disposable_email",
    "min_links",
];

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bands {
    pub fit: Band,
    pub intent: Band,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Band {
    pub high: i32,
    pub medium: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Routing {
    pub sales_review: Thresholds,
    /// Leads within this many points of a sales-review threshold go to review as `borderline`.
    pub borderline_margin: i32,
    /// Negative evidence that drives fit below this disqualifies (with the strongest code).
    pub disqualify_below_fit: i32,
    pub high_value: HighValue,
    pub strategic_accounts: Vec<StrategicAccount>,
    /// Enrichment older than this is flagged `stale_enrichment` for the reviewer.
    pub stale_enrichment_days: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Thresholds {
    pub fit: i32,
    pub intent: i32,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct HighValue {
    pub employees: Option<u64>,
    pub annual_revenue: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StrategicAccount {
    pub domain: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConsentRules {
    /// Only suggest an email nurture sequence when `consent.email` is true.
    pub email_required_for_nurture: bool,
    /// Only suggest a phone call when `consent.phone` is true.
    pub phone_required_for_calls: bool,
}

impl Default for ConsentRules {
    fn default() -> Self {
        ConsentRules {
            email_required_for_nurture: true,
            phone_required_for_calls: false,
        }
    }
}

/// Reason codes a reviewer picks from when accepting, rejecting or recycling a lead.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DecisionReasons {
    pub accepted: Vec<ReasonCode>,
    pub rejected: Vec<ReasonCode>,
    pub recycled: Vec<ReasonCode>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReasonCode {
    pub code: String,
    pub label: String,
    /// What a rejection for this reason says about the lead, for calibration: `fit`, `intent`,
    /// or `none` (not evidence about the lead's features). Defaults by code: see
    /// `calibrate::counts_against`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counts_against: Option<CountsAgainst>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CountsAgainst {
    Fit,
    Intent,
    None,
}

impl CountsAgainst {
    pub const ALL: [(&'static str, CountsAgainst); 3] = [
        ("fit", CountsAgainst::Fit),
        ("intent", CountsAgainst::Intent),
        ("none", CountsAgainst::None),
    ];
}

// ---- learned rules and calibration -----------------------------------------------------------

/// A rule calibration proposed: `points` in `dimension` when the lead's `field` equals a value
/// (`equals`, text) or lies in a range (`min`/`max`, inclusive, either may be open). Fields:
/// `company.{name,domain,industry,country,employees,annual_revenue}`, `contact.title`,
/// `source.{channel,campaign,medium}`, `form.type`, `form.fields.<name>` and `events.<type>`
/// (the number of events of that type inside the look-back window). Text compares trimmed and
/// ASCII case-insensitively.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LearnedRule {
    pub field: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub equals: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    pub points: i32,
    pub dimension: Dimension,
    /// Labelled outcomes behind the rule (leads with the value, when it was fitted).
    pub support: u32,
    /// How the rule reads after "Learned from N outcomes: "; generated from the field when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Fit,
    Intent,
}

/// likelihood = sigmoid(intercept + (fit + intent) / points_per_logit), with fit and intent the
/// clamped scores a result shows; fitted on `outcomes` labelled leads for `target`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calibration {
    pub target: Target,
    pub outcomes: u32,
    pub intercept: f64,
    pub points_per_logit: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fitted_at: Option<super::time::Timestamp>,
}

/// What a calibrated likelihood predicts.
// Deserialize: results carry the target (`likelihood.target`) and the panel reads results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// Sales accepted the lead.
    Accepted,
    /// The lead became an opportunity (or a won or lost deal).
    Opportunity,
    /// The deal was won.
    Won,
}

impl Target {
    pub const ALL: [(&'static str, Target); 3] = [
        ("accepted", Target::Accepted),
        ("opportunity", Target::Opportunity),
        ("won", Target::Won),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Target::Accepted => "accepted",
            Target::Opportunity => "opportunity",
            Target::Won => "won",
        }
    }
}

// ---- experiment: threshold variants ---------------------------------------------------------

/// A threshold experiment: each lead is assigned one variant, deterministically from its id, and
/// is routed with that variant's thresholds. The result names the variant (`variant`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Experiment {
    /// Part of the assignment hash: a new id reshuffles the leads between variants.
    pub id: String,
    /// The first variant is the baseline the report compares the others with (name it `control`).
    pub variants: Vec<Variant>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Variant {
    /// A snake_case code, shown as the result's `variant`.
    pub name: String,
    /// Share of leads, relative to the other weights (50 and 50, or 9 and 1). Whole numbers ≥ 0.
    pub weight: i32,
    /// Replaces `routing.sales_review` for this variant's leads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sales_review: Option<Thresholds>,
    /// Replaces `routing.borderline_margin` for this variant's leads.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub borderline_margin: Option<i32>,
}

impl Experiment {
    /// The variant of a lead: [`assignment_hash`] of the experiment id and the lead id, modulo the
    /// sum of the weights, picks a variant in proportion to its weight. `None` only when no
    /// weight is positive (validation rejects that).
    pub fn assign(&self, lead_id: &str) -> Option<&Variant> {
        let weight = |v: &Variant| u64::try_from(v.weight).unwrap_or(0);
        let total: u64 = self.variants.iter().map(weight).sum();
        let mut point = assignment_hash(&self.id, lead_id).checked_rem(total)?;
        for variant in &self.variants {
            if point < weight(variant) {
                return Some(variant);
            }
            point -= weight(variant);
        }
        None
    }
}

/// How one lead is routed: its variant (when the model runs an experiment) and the sales-review
/// thresholds and borderline margin that apply to it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LeadRouting<'m> {
    pub variant: Option<&'m Variant>,
    pub sales_review: Thresholds,
    pub borderline_margin: i32,
}

impl ModelSpec {
    /// The thresholds a lead is routed with: its variant's where the variant sets them, else
    /// `routing`'s.
    pub fn routing_for(&self, lead_id: &str) -> LeadRouting<'_> {
        self.routing_for_variant(self.experiment.as_ref().and_then(|e| e.assign(lead_id)))
    }

    fn routing_for_variant<'m>(&'m self, variant: Option<&'m Variant>) -> LeadRouting<'m> {
        LeadRouting {
            variant,
            sales_review: variant
                .and_then(|v| v.sales_review)
                .unwrap_or(self.routing.sales_review),
            borderline_margin: variant
                .and_then(|v| v.borderline_margin)
                .unwrap_or(self.routing.borderline_margin),
        }
    }
}

/// FNV-1a 64 over the UTF-8 bytes of the experiment id, a 0xFF separator (never part of UTF-8)
/// and the lead id, then MurmurHash3's 64-bit finalizer so that ids differing only in their last
/// character still spread evenly over `% total`. A fixed function: native, wasm32 and any other
/// implementation of it assign the same lead to the same variant.
pub fn assignment_hash(experiment_id: &str, lead_id: &str) -> u64 {
    let bytes = experiment_id
        .bytes()
        .chain(std::iter::once(0xff))
        .chain(lead_id.bytes());
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

// ---- reading the JSON shape ------------------------------------------------------------------

/// `FromJson` for a model object, strictly: unknown members are errors (a misspelt
/// `half_life_day` silently ignored would change scores). Each field is read by name (or the
/// `as` name) as `req`uired, `opt`ional, `default` when absent, or `or(value)` when absent.
macro_rules! model_object {
    ($ty:ident { $($field:ident $(as $key:literal)?: $how:ident $(($default:expr))?),* $(,)? }) => {
        impl FromJson for $ty {
            fn from_json(value: &Value<'_>, at: &Path<'_>) -> Result<Self, ReadError> {
                let f = Fields::new(value, at, &[$(model_object!(@key $field $($key)?)),*], true)?;
                Ok($ty {
                    $($field: model_object!(@read f, model_object!(@key $field $($key)?), $how $(, $default)?),)*
                })
            }
        }
    };
    (@key $field:ident) => { stringify!($field) };
    (@key $field:ident $key:literal) => { $key };
    (@read $f:ident, $key:expr, req) => { $f.req($key)? };
    (@read $f:ident, $key:expr, opt) => { $f.opt($key)? };
    (@read $f:ident, $key:expr, default) => { $f.or_default($key)? };
    (@read $f:ident, $key:expr, or, $default:expr) => { $f.opt($key)?.unwrap_or($default) };
}

model_object!(ModelSpec {
    id: req,
    version: req,
    name: default,
    description: default,
    fit: req,
    intent: req,
    negative: default,
    bands: req,
    routing: req,
    email: default,
    consent: default,
    decision_reasons: default,
    experiment: opt,
    learned: default,
    calibration: opt,
});

model_object!(FitSpec {
    industry: req,
    employees: req,
    annual_revenue: opt,
    country: req,
    seniority: req,
    function: req,
    email: default,
    must_have_cap: opt,
});

model_object!(IndustryCriterion {
    required: default,
    primary: req,
    primary_points: req,
    secondary: default,
    secondary_points: default,
    other_points: default,
    excluded: default,
    aliases: default,
});

model_object!(RangeCriterion {
    required: default,
    minimum: opt,
    ranges: req
});

model_object!(Range {
    min: req,
    max: opt,
    points: req,
    icp: default,
    label: req
});

model_object!(CountryCriterion {
    required: default,
    served: req,
    points: req,
    regions: default,
    aliases: default,
});

model_object!(RoleCriterion {
    required: default,
    levels: req
});

model_object!(RoleLevel {
    code: req,
    label: req,
    keywords: req,
    points: req,
    icp: default
});

model_object!(EmailPoints {
    work_points: default,
    free_mail_points: default
});

model_object!(EmailLists {
    free_mail_domains: default,
    disposable_domains: default
});

model_object!(IntentSpec {
    lookback_days: req,
    signals: req,
    page_rules: default,
    form_types: default,
    unknown_event: req,
    passive_cap: req,
    cues: default,
});

model_object!(Signal {
    signal_type as "type": req,
    label: req,
    kind: req,
    points: req,
    half_life_days: opt,
    linear_points_per_week: opt,
    max_count: or(1),
    note: opt,
});

/// One of a small enum's codes (`values`), named `expected` in errors.
fn read_code<T: Copy>(
    value: &Value<'_>,
    at: &Path<'_>,
    values: &[(&str, T)],
    expected: &str,
) -> Result<T, InputError> {
    let Value::String(s) = value else {
        return Err(json::invalid_type(at, value, expected));
    };
    values
        .iter()
        .find(|(name, _)| name == s)
        .map(|(_, v)| *v)
        .ok_or_else(|| json::invalid_value(at, value, expected))
}

impl FromJson for SignalKind {
    fn from_json(value: &Value<'_>, at: &Path<'_>) -> Result<Self, ReadError> {
        let values = [
            ("hand_raiser", SignalKind::HandRaiser),
            ("passive", SignalKind::Passive),
        ];
        Ok(read_code(value, at, &values, "hand_raiser or passive")?)
    }
}

impl FromJson for CountsAgainst {
    fn from_json(value: &Value<'_>, at: &Path<'_>) -> Result<Self, ReadError> {
        Ok(read_code(
            value,
            at,
            &CountsAgainst::ALL,
            "fit, intent or none",
        )?)
    }
}

impl FromJson for Dimension {
    fn from_json(value: &Value<'_>, at: &Path<'_>) -> Result<Self, ReadError> {
        let values = [("fit", Dimension::Fit), ("intent", Dimension::Intent)];
        Ok(read_code(value, at, &values, "fit or intent")?)
    }
}

impl FromJson for Target {
    fn from_json(value: &Value<'_>, at: &Path<'_>) -> Result<Self, ReadError> {
        Ok(read_code(
            value,
            at,
            &Target::ALL,
            "accepted, opportunity or won",
        )?)
    }
}

model_object!(LearnedRule {
    field: req,
    equals: opt,
    min: opt,
    max: opt,
    points: req,
    dimension: req,
    support: default,
    label: opt,
});

model_object!(Calibration {
    target: req,
    outcomes: req,
    intercept: req,
    points_per_logit: req,
    fitted_at: opt,
});

model_object!(Experiment {
    id: req,
    variants: req
});

model_object!(Variant {
    name: req,
    weight: req,
    sales_review: opt,
    borderline_margin: opt,
});

model_object!(PageRule {
    path_prefix: req,
    signal: req
});

model_object!(UnknownEvent {
    points: req,
    half_life_days: opt,
    max_count: or(1)
});

model_object!(Cue {
    code: req,
    label: req,
    points: req,
    phrases: req
});

model_object!(NegativeRule {
    code: req,
    label: req,
    reason: req,
    points: req,
    auto_disqualify: default,
    matchers as "match": req,
    weak: default,
    weak_points: opt,
});

model_object!(Matchers {
    domains: default,
    email_domain_suffixes: default,
    title: default,
    message: default,
    company_name: default,
    form_types: default,
    out_of_market: default,
    invalid_email: default,
    disposable_email: default,
    min_links: opt,
});

model_object!(Bands {
    fit: req,
    intent: req
});

model_object!(Band {
    high: req,
    medium: req
});

model_object!(Routing {
    sales_review: req,
    borderline_margin: req,
    disqualify_below_fit: req,
    high_value: default,
    strategic_accounts: default,
    stale_enrichment_days: opt,
});

model_object!(Thresholds {
    fit: req,
    intent: req
});

model_object!(HighValue {
    employees: opt,
    annual_revenue: opt
});

model_object!(StrategicAccount {
    domain: req,
    name: req
});

model_object!(ConsentRules {
    email_required_for_nurture: or(true),
    phone_required_for_calls: default,
});

model_object!(DecisionReasons {
    accepted: default,
    rejected: default,
    recycled: default
});

model_object!(ReasonCode {
    code: req,
    label: req,
    counts_against: opt
});

// ---- the compiled model ----------------------------------------------------------------------

/// What a phrase found in a text means (the tag stored in a [`PhraseSet`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PhraseTag {
    Seniority(usize),
    Function(usize),
    Cue(usize),
    Negative(usize),
}

const TAG_KIND_SHIFT: u32 = 24;
const TAG_INDEX_MASK: u32 = (1 << TAG_KIND_SHIFT) - 1;

impl PhraseTag {
    fn encode(self) -> u32 {
        let (kind, index) = match self {
            PhraseTag::Seniority(i) => (0, i),
            PhraseTag::Function(i) => (1, i),
            PhraseTag::Cue(i) => (2, i),
            PhraseTag::Negative(i) => (3, i),
        };
        (kind << TAG_KIND_SHIFT) | (index as u32 & TAG_INDEX_MASK)
    }

    pub(crate) fn decode(tag: u32) -> PhraseTag {
        let index = (tag & TAG_INDEX_MASK) as usize;
        match tag >> TAG_KIND_SHIFT {
            0 => PhraseTag::Seniority(index),
            1 => PhraseTag::Function(index),
            2 => PhraseTag::Cue(index),
            _ => PhraseTag::Negative(index),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IndustryClass {
    Primary,
    Secondary,
    Excluded,
}

/// A validated, ready-to-score model.
#[derive(Debug, Clone)]
pub struct Model {
    spec: ModelSpec,
    /// Canonical industries with their class; `industry_phrases` tags index into it.
    pub(crate) industries: Vec<(String, IndustryClass)>,
    pub(crate) industry_phrases: PhraseSet,
    /// Normalised country name or code (see [`country_key`]) → ISO alpha-2 code.
    pub(crate) country_aliases: CodeMap<String>,
    /// ISO code → the served entry that covers it (a region name, or "" for a listed code).
    pub(crate) countries_served: CodeMap<String>,
    pub(crate) title_phrases: PhraseSet,
    pub(crate) message_phrases: PhraseSet,
    pub(crate) company_phrases: PhraseSet,
    /// Signal type → index of the signal.
    pub(crate) signal_index: CodeMap<usize>,
    /// `intent.form_types` resolved: form type → index of its signal (validation makes sure
    /// each names one).
    pub(crate) form_signals: CodeMap<usize>,
    /// Every domain on one of the model's lists, with what the lists say about it: one lookup
    /// per domain and parent domain, whatever the number of lists.
    pub(crate) listed_domains: CodeMap<DomainListings>,
    /// Per negative rule: its email-domain suffix patterns, as labels from the right.
    pub(crate) suffix_patterns: Vec<Vec<Vec<String>>>,
    pub(crate) codes: EvidenceCodes,
    /// Parallel to `spec.learned`: each rule's field and evidence code.
    pub(crate) learned: Vec<super::learned::Compiled>,
}

/// What the model's domain lists say about a domain: in `Model::listed_domains`, about that
/// domain itself; from [`Model::domain_listings`], about a domain and its parents
/// (`mail.yahoo.com` is on the free-mail list when `yahoo.com` is).
#[derive(Debug, Clone, Default)]
pub(crate) struct DomainListings {
    pub free_mail: bool,
    pub disposable: bool,
    /// Negative rules listing the domain (or a parent), each once, nearest domain first.
    pub negative_rules: Vec<usize>,
    /// The strategic account with the domain (the last one listed with that very domain; for a
    /// domain and its parents, the nearest).
    pub strategic_account: Option<usize>,
}

impl Model {
    pub(crate) fn domain_listings(&self, domain: &str) -> DomainListings {
        let mut found = DomainListings::default();
        for listed in domain_and_parents(domain).filter_map(|d| self.listed_domains.get(d)) {
            found.free_mail |= listed.free_mail;
            found.disposable |= listed.disposable;
            for &rule in &listed.negative_rules {
                if !found.negative_rules.contains(&rule) {
                    found.negative_rules.push(rule);
                }
            }
            found.strategic_account = found.strategic_account.or(listed.strategic_account);
        }
        found
    }
}

/// Evidence codes built once per model (`seniority.director`, `event.demo_request`…), so results
/// borrow them instead of formatting one per item. Each list is parallel to the model list it is
/// named after.
#[derive(Debug, Clone, Default)]
pub(crate) struct EvidenceCodes {
    pub seniority: Vec<String>,
    pub function: Vec<String>,
    pub signal: Vec<String>,
    pub cue: Vec<String>,
    pub negative: Vec<String>,
}

impl EvidenceCodes {
    fn new(spec: &ModelSpec) -> EvidenceCodes {
        fn codes(prefix: &str, names: &mut dyn Iterator<Item = &String>) -> Vec<String> {
            names.map(|name| format!("{prefix}.{name}")).collect()
        }
        EvidenceCodes {
            seniority: codes(
                "seniority",
                &mut spec.fit.seniority.levels.iter().map(|l| &l.code),
            ),
            function: codes(
                "function",
                &mut spec.fit.function.levels.iter().map(|l| &l.code),
            ),
            signal: codes(
                "event",
                &mut spec.intent.signals.iter().map(|s| &s.signal_type),
            ),
            cue: codes("cue", &mut spec.intent.cues.iter().map(|c| &c.code)),
            negative: codes("negative", &mut spec.negative.iter().map(|r| &r.code)),
        }
    }
}

impl PartialEq for Model {
    fn eq(&self, other: &Model) -> bool {
        self.spec == other.spec
    }
}

impl Model {
    /// Parses, validates and compiles a model from JSON text.
    pub fn from_json(json: &str) -> Result<Model, ModelError> {
        let spec: ModelSpec = json::read(json).map_err(ModelError::from_input)?;
        Model::new(spec)
    }

    /// Validates and compiles a model; every problem is reported, with its JSON path.
    pub fn new(spec: ModelSpec) -> Result<Model, ModelError> {
        let problems = validate(&spec);
        if !problems.is_empty() {
            return Err(ModelError {
                code: ErrorCode::InvalidModel,
                problems,
            });
        }
        Ok(compile(spec))
    }

    /// The embedded default model ([`DEFAULT_MODEL_JSON`]).
    pub fn default_model() -> Model {
        // The embedded model is part of the build, not input: `tests::default_model_is_valid`
        // guarantees it parses, so failing here would be a build defect, not bad data. (Not
        // `expect`: it would link `Debug` of the error, and with it the Unicode escape tables.)
        match Model::from_json(DEFAULT_MODEL_JSON) {
            Ok(model) => model,
            Err(_) => panic!("models/default.json is invalid (checked by tests)"),
        }
    }

    pub fn spec(&self) -> &ModelSpec {
        &self.spec
    }

    pub fn id(&self) -> &str {
        &self.spec.id
    }

    pub fn version(&self) -> &str {
        &self.spec.version
    }

    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.spec).unwrap_or_default()
    }
}

/// Lowercase, trimmed, `www.`-less host of a domain or URL (`https://www.Acme.com/x` → `acme.com`).
/// Borrowed from `raw` when it is lowercase already.
pub fn normalize_domain(raw: &str) -> Cow<'_, str> {
    // Byte searches and `get`: `split_once` with a string pattern links the panic message for
    // slicing off a char boundary, which formats chars with the Unicode "printable" tables
    // (5 KB gzip of the scoring bundle, measured) for a panic that cannot happen here.
    fn host(text: &str) -> &str {
        let no_scheme = text
            .as_bytes()
            .windows(3)
            .position(|w| w == b"://")
            .and_then(|at| text.get(at + 3..))
            .unwrap_or(text);
        let end = no_scheme
            .bytes()
            .position(|b| matches!(b, b'/' | b'?' | b'#'))
            .unwrap_or(no_scheme.len());
        let authority = no_scheme.get(..end).unwrap_or(no_scheme);
        // `user:password@host:port`: the host is after the last `@`, before the port.
        let host_port = authority
            .bytes()
            .rposition(|b| b == b'@')
            .and_then(|at| authority.get(at + 1..))
            .unwrap_or(authority);
        let port = host_port.bytes().position(|b| b == b':');
        let host = port.and_then(|at| host_port.get(..at)).unwrap_or(host_port);
        host.get(..4)
            .filter(|www| www.eq_ignore_ascii_case("www."))
            .and_then(|_| host.get(4..))
            .unwrap_or(host)
            .trim_end_matches('.')
    }
    let trimmed = super::text::trim(raw);
    // The usual case, a bare lowercase domain, is its own host.
    let bare = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.';
    if trimmed.bytes().all(bare) && !trimmed.starts_with("www.") && !trimmed.ends_with('.') {
        return Cow::Borrowed(trimmed);
    }
    // The host found in the text as given (what marks it is the same in any case), then
    // lowercased: one copy at most, of the host alone.
    ascii_lowercase(host(trimmed))
}

/// `domain`, then each parent domain: `a.b.co` → `a.b.co`, `b.co`, `co`.
pub fn domain_and_parents(domain: &str) -> impl Iterator<Item = &str> {
    let mut next = Some(domain);
    std::iter::from_fn(move || {
        let current = next?;
        // A byte search: domains are short, and `split_once` sets up a searcher per call.
        next = current
            .bytes()
            .position(|b| b == b'.')
            .and_then(|dot| current.get(dot + 1..));
        Some(current)
    })
}

fn key(s: &str) -> String {
    super::text::lowercase(s.trim())
}

/// How country names are compared: lowercase words without punctuation ("U.S.A." → "usa").
pub fn country_key(raw: &str) -> String {
    super::text::Tokens::new(raw).joined().to_string()
}

fn compile(spec: ModelSpec) -> Model {
    let fit = &spec.fit;
    let mut industries: Vec<(String, IndustryClass)> = Vec::new();
    let mut industry_phrases = PhraseSet::default();
    for (list, class) in [
        (&fit.industry.primary, IndustryClass::Primary),
        (&fit.industry.secondary, IndustryClass::Secondary),
        (&fit.industry.excluded, IndustryClass::Excluded),
    ] {
        for name in list {
            industry_phrases.add(name, industries.len() as u32);
            industries.push((key(name), class));
        }
    }
    for (alias, target) in &fit.industry.aliases {
        if let Some(index) = industries.iter().position(|(name, _)| *name == key(target)) {
            industry_phrases.add(alias, index as u32);
        }
    }
    let country_aliases = CodeMap::new(
        fit.country
            .aliases
            .iter()
            .map(|(alias, code)| (country_key(alias), code.to_ascii_uppercase())),
    );

    // A code listed twice is served by the entry listed last.
    let mut countries_served = Vec::new();
    for entry in &fit.country.served {
        match fit.country.regions.get(entry) {
            Some(members) => {
                for code in members {
                    countries_served.push((code.to_ascii_uppercase(), entry.clone()));
                }
            }
            None => {
                countries_served.push((entry.to_ascii_uppercase(), String::new()));
            }
        }
    }
    let countries_served = CodeMap::new(countries_served);

    let mut title_phrases = PhraseSet::default();
    let mut message_phrases = PhraseSet::default();
    let mut company_phrases = PhraseSet::default();
    for (i, level) in fit.seniority.levels.iter().enumerate() {
        for k in &level.keywords {
            title_phrases.add(k, PhraseTag::Seniority(i).encode());
        }
    }
    for (i, level) in fit.function.levels.iter().enumerate() {
        for k in &level.keywords {
            title_phrases.add(k, PhraseTag::Function(i).encode());
        }
    }
    for (i, cue) in spec.intent.cues.iter().enumerate() {
        for p in &cue.phrases {
            message_phrases.add(p, PhraseTag::Cue(i).encode());
        }
    }
    let mut listed_domains = CodeMap::with_capacity(0);
    fn listed(
        map: &mut CodeMap<DomainListings>,
        domain: &str,
        mark: impl FnOnce(&mut DomainListings),
    ) {
        if let Some(listings) = map.entry(&normalize_domain(domain), DomainListings::default) {
            mark(listings);
        }
    }
    let mut suffix_patterns = Vec::with_capacity(spec.negative.len());
    for (i, rule) in spec.negative.iter().enumerate() {
        let tag = PhraseTag::Negative(i).encode();
        for p in &rule.matchers.title {
            title_phrases.add(p, tag);
        }
        for p in &rule.matchers.message {
            message_phrases.add(p, tag);
        }
        for p in &rule.matchers.company_name {
            company_phrases.add(p, tag);
        }
        for d in &rule.matchers.domains {
            listed(&mut listed_domains, d, |l| l.negative_rules.push(i));
        }
        suffix_patterns.push(
            rule.matchers
                .email_domain_suffixes
                .iter()
                .map(|s| {
                    s.trim_start_matches('.')
                        .to_ascii_lowercase()
                        .rsplit('.')
                        .map(str::to_string)
                        .collect()
                })
                .collect(),
        );
    }

    let signal_index = CodeMap::new(
        spec.intent
            .signals
            .iter()
            .enumerate()
            .map(|(i, s)| (s.signal_type.clone(), i)),
    );
    let form_signals = CodeMap::new(
        spec.intent
            .form_types
            .iter()
            .filter_map(|(form, signal)| Some((form.clone(), *signal_index.get(signal)?))),
    );
    for d in &spec.email.free_mail_domains {
        listed(&mut listed_domains, d, |l| l.free_mail = true);
    }
    for d in &spec.email.disposable_domains {
        listed(&mut listed_domains, d, |l| l.disposable = true);
    }
    for (i, account) in spec.routing.strategic_accounts.iter().enumerate() {
        listed(&mut listed_domains, &account.domain, |l| {
            l.strategic_account = Some(i)
        });
    }

    Model {
        industries,
        industry_phrases,
        country_aliases,
        countries_served,
        title_phrases,
        message_phrases,
        company_phrases,
        signal_index,
        form_signals,
        listed_domains,
        suffix_patterns,
        codes: EvidenceCodes::new(&spec),
        learned: super::learned::compile(&spec.learned),
        spec,
    }
}

// ---- validation ------------------------------------------------------------------------------

struct Problems(Vec<ModelProblem>);

impl Problems {
    fn add(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(ModelProblem {
            path: path.into(),
            message: message.into(),
        });
    }

    fn points(&mut self, path: impl Into<String>, points: i32) {
        if !(-100..=100).contains(&points) {
            self.add(
                path,
                format!("points must be between -100 and 100, got {points}"),
            );
        }
    }

    fn score(&mut self, path: impl Into<String>, value: i32) {
        if !(0..=100).contains(&value) {
            self.add(
                path,
                format!("must be a score between 0 and 100, got {value}"),
            );
        }
    }

    fn margin(&mut self, path: impl Into<String>, margin: i32) {
        if !(0..=50).contains(&margin) {
            self.add(
                path,
                format!("must be between 0 and 50 points, got {margin}"),
            );
        }
    }

    fn phrases(&mut self, path: &str, phrases: &[String]) {
        for (i, p) in phrases.iter().enumerate() {
            if let Some(why) = phrase_problem(p) {
                self.add(
                    format!("{path}[{i}]"),
                    format!("{why}: {p_q}", p_q = Quoted(p)),
                );
            }
        }
    }

    fn code(&mut self, path: impl Into<String>, code: &str) {
        let ok = !code.is_empty()
            && code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            && code.bytes().next().is_some_and(|b| b.is_ascii_lowercase());
        if !ok {
            self.add(
                path,
                format!(
                    "codes are snake_case identifiers (a-z, 0-9, _), got {code_q}",
                    code_q = Quoted(code)
                ),
            );
        }
    }

    fn unique<'a>(&mut self, path: &str, field: &str, values: impl Iterator<Item = &'a str>) {
        let mut seen: Vec<&str> = Vec::new();
        for (i, v) in values.enumerate() {
            if seen.contains(&v) {
                self.add(
                    format!("{path}[{i}].{field}"),
                    format!("duplicate {field} {v_q}", v_q = Quoted(v)),
                );
            }
            seen.push(v);
        }
    }
}

/// Every problem of a model, each with its JSON path. Empty means valid.
pub fn validate(spec: &ModelSpec) -> Vec<ModelProblem> {
    let mut p = Problems(Vec::new());
    if spec.id.trim().is_empty() {
        p.add("id", "must be a non-empty string");
    }
    if spec.version.trim().is_empty() {
        p.add("version", "must be a non-empty string");
    }
    validate_fit(&spec.fit, &mut p);
    validate_intent(&spec.intent, &spec.bands, &mut p);
    validate_negative(spec, &mut p);
    validate_routing(spec, &mut p);
    validate_experiment(spec, &mut p);
    validate_learned(spec, &mut p);
    p.0
}

/// Learned rules: a known field, `equals` for text or `min`/`max` for numbers (never both),
/// `min` ≤ `max`, points −100…100. Calibration: a positive, finite scale.
fn validate_learned(spec: &ModelSpec, p: &mut Problems) {
    use super::learned::{Field, Kind};
    for (i, rule) in spec.learned.iter().enumerate() {
        let at = format!("learned[{i}]");
        p.points(format!("{at}.points"), rule.points);
        let range = rule.min.is_some() || rule.max.is_some();
        let kind = Field::parse(&rule.field).map(|f| f.kind());
        match (kind, &rule.equals, range) {
            (None, _, _) => p.add(
                format!("{at}.field"),
                format!("unknown field {}; expected company.*, contact.title, source.*, form.type, form.fields.<name> or events.<type>", Quoted(&rule.field)),
            ),
            (_, Some(_), true) => p.add(
                format!("{at}.equals"),
                "choose one: equals (a value) or min/max (a range)",
            ),
            (_, None, false) => p.add(at.clone(), "needs equals, or min and/or max"),
            (Some(Kind::Number), Some(_), _) => p.add(
                format!("{at}.equals"),
                format!("{} is a number: use min/max", rule.field),
            ),
            (Some(Kind::Text), None, true) => p.add(
                format!("{at}.min"),
                format!("{} is text: use equals", rule.field),
            ),
            _ => {}
        }
        if let (Some(min), Some(max)) = (rule.min, rule.max) {
            if min > max {
                p.add(
                    format!("{at}.max"),
                    format!("max {} is below min {}", Decimal(max), Decimal(min)),
                );
            }
        }
    }
    if let Some(c) = &spec.calibration {
        if !(c.points_per_logit.is_finite() && c.points_per_logit > 0.0) {
            p.add(
                "calibration.points_per_logit",
                "must be a positive number (more points must mean a higher likelihood)",
            );
        }
    }
}

fn validate_fit(fit: &FitSpec, p: &mut Problems) {
    let ind = &fit.industry;
    p.points("fit.industry.primary_points", ind.primary_points);
    p.points("fit.industry.secondary_points", ind.secondary_points);
    p.points("fit.industry.other_points", ind.other_points);
    // Industry → the list it is on. A handful of entries: a Vec, not another map type in the bundle.
    let mut seen: Vec<(String, &str)> = Vec::new();
    for (list, name) in [
        (&ind.primary, "primary"),
        (&ind.secondary, "secondary"),
        (&ind.excluded, "excluded"),
    ] {
        for (i, v) in list.iter().enumerate() {
            let k = key(v);
            if let Some((_, other)) = seen.iter().find(|(s, _)| *s == k) {
                p.add(
                    format!("fit.industry.{name}[{i}]"),
                    format!("{v_q} is already listed as {other}", v_q = Quoted(v)),
                );
            } else {
                seen.push((k, name));
            }
        }
    }
    for (alias, target) in &ind.aliases {
        if !seen.iter().any(|(s, _)| *s == key(target)) {
            p.add(
                format!("fit.industry.aliases.{alias}"),
                format!(
                    "alias target {target_q} is not a listed industry",
                    target_q = Quoted(target)
                ),
            );
        }
    }
    validate_ranges("fit.employees", &fit.employees, p);
    if let Some(rev) = &fit.annual_revenue {
        validate_ranges("fit.annual_revenue", rev, p);
    }
    let c = &fit.country;
    p.points("fit.country.points", c.points);
    for (i, s) in c.served.iter().enumerate() {
        if !c.regions.contains_key(s) && !is_assigned(s) {
            p.add(
                format!("fit.country.served[{i}]"),
                format!(
                    "{s_q} is neither a region in fit.country.regions nor an ISO alpha-2 code",
                    s_q = Quoted(s)
                ),
            );
        }
    }
    for (region, members) in &c.regions {
        for (i, m) in members.iter().enumerate() {
            if !is_assigned(m) {
                p.add(
                    format!("fit.country.regions.{region}[{i}]"),
                    format!(
                        "expected an ISO 3166-1 alpha-2 code like \"US\", got {m_q}",
                        m_q = Quoted(m)
                    ),
                );
            }
        }
    }
    for (alias, code) in &c.aliases {
        if !is_assigned(code) {
            p.add(
                format!("fit.country.aliases.{alias}"),
                format!(
                    "expected an ISO 3166-1 alpha-2 code like \"US\", got {code_q}",
                    code_q = Quoted(code)
                ),
            );
        }
    }
    for (name, role) in [("seniority", &fit.seniority), ("function", &fit.function)] {
        let path = format!("fit.{name}.levels");
        p.unique(&path, "code", role.levels.iter().map(|l| l.code.as_str()));
        for (i, level) in role.levels.iter().enumerate() {
            p.code(format!("{path}[{i}].code"), &level.code);
            p.points(format!("{path}[{i}].points"), level.points);
            if level.keywords.is_empty() {
                p.add(
                    format!("{path}[{i}].keywords"),
                    "needs at least one keyword",
                );
            }
            p.phrases(&format!("{path}[{i}].keywords"), &level.keywords);
        }
    }
    p.points("fit.email.work_points", fit.email.work_points);
    p.points("fit.email.free_mail_points", fit.email.free_mail_points);
    if let Some(cap) = fit.must_have_cap {
        p.score("fit.must_have_cap", cap);
    }
}

fn validate_ranges(path: &str, c: &RangeCriterion, p: &mut Problems) {
    if c.ranges.is_empty() {
        p.add(format!("{path}.ranges"), "needs at least one range");
    }
    let mut previous_max: Option<f64> = None;
    let last = c.ranges.len().saturating_sub(1);
    for (i, r) in c.ranges.iter().enumerate() {
        let at = format!("{path}.ranges[{i}]");
        p.points(format!("{at}.points"), r.points);
        if !r.min.is_finite() || r.min < 0.0 {
            p.add(
                format!("{at}.min"),
                format!("must be a non-negative number, got {}", Decimal(r.min)),
            );
        }
        match r.max {
            Some(max) if max < r.min => p.add(
                format!("{at}.max"),
                format!("max {} is below min {}", Decimal(max), Decimal(r.min)),
            ),
            None if i != last => {
                p.add(format!("{at}.max"), "only the last range may be open-ended")
            }
            _ => {}
        }
        if let Some(prev) = previous_max {
            if r.min <= prev {
                p.add(format!("{at}.min"), format!("range overlaps the previous one (min {} ≤ previous max {}); ranges must be ascending and disjoint", Decimal(r.min), Decimal(prev)));
            }
        }
        previous_max = r.max.or(Some(f64::INFINITY));
    }
    if let (Some(min), Some(first)) = (c.minimum, c.ranges.first()) {
        if min < 0.0 {
            p.add(format!("{path}.minimum"), "must be non-negative");
        } else if first.min > min {
            p.add(format!("{path}.minimum"), format!("minimum {} is below the first range (min {}): sizes in between would score nothing", Decimal(min), Decimal(first.min)));
        }
    }
}

fn validate_intent(intent: &IntentSpec, bands: &Bands, p: &mut Problems) {
    if intent.lookback_days == 0 {
        p.add("intent.lookback_days", "must be at least 1 day");
    }
    p.unique(
        "intent.signals",
        "type",
        intent.signals.iter().map(|s| s.signal_type.as_str()),
    );
    for (i, s) in intent.signals.iter().enumerate() {
        let at = format!("intent.signals[{i}]");
        p.code(format!("{at}.type"), &s.signal_type);
        p.points(format!("{at}.points"), s.points);
        if s.points < 0 {
            p.add(
                format!("{at}.points"),
                "signal points cannot be negative (use a negative-fit rule)",
            );
        }
        validate_decay(&at, s.half_life_days, s.linear_points_per_week, p);
        if s.max_count == 0 {
            p.add(format!("{at}.max_count"), "must be at least 1");
        }
    }
    let known = |t: &str| intent.signals.iter().any(|s| s.signal_type == t);
    for (i, rule) in intent.page_rules.iter().enumerate() {
        if !known(&rule.signal) {
            p.add(
                format!("intent.page_rules[{i}].signal"),
                format!("unknown signal type {}", Quoted(&rule.signal)),
            );
        }
        if !rule.path_prefix.starts_with('/') {
            p.add(
                format!("intent.page_rules[{i}].path_prefix"),
                "must start with /",
            );
        }
    }
    for (form, signal) in &intent.form_types {
        if !known(signal) {
            p.add(
                format!("intent.form_types.{form}"),
                format!("unknown signal type {signal_q}", signal_q = Quoted(signal)),
            );
        }
    }
    p.points("intent.unknown_event.points", intent.unknown_event.points);
    validate_decay(
        "intent.unknown_event",
        intent.unknown_event.half_life_days,
        None,
        p,
    );
    if intent.unknown_event.max_count == 0 {
        p.add("intent.unknown_event.max_count", "must be at least 1");
    }
    p.score("intent.passive_cap", intent.passive_cap);
    if intent.passive_cap >= bands.intent.high {
        p.add(
            "intent.passive_cap",
            format!("passive activity alone must stay below the high-intent band: cap {} ≥ bands.intent.high {}", intent.passive_cap, bands.intent.high),
        );
    }
    p.unique(
        "intent.cues",
        "code",
        intent.cues.iter().map(|c| c.code.as_str()),
    );
    for (i, cue) in intent.cues.iter().enumerate() {
        p.code(format!("intent.cues[{i}].code"), &cue.code);
        p.points(format!("intent.cues[{i}].points"), cue.points);
        p.phrases(&format!("intent.cues[{i}].phrases"), &cue.phrases);
    }
}

fn validate_decay(at: &str, half_life: Option<f64>, linear: Option<f64>, p: &mut Problems) {
    if let Some(h) = half_life {
        if !(h.is_finite() && h > 0.0) {
            p.add(
                format!("{at}.half_life_days"),
                format!("must be a positive number of days, got {}", Decimal(h)),
            );
        }
    }
    if let Some(l) = linear {
        if !(l.is_finite() && l >= 0.0) {
            p.add(
                format!("{at}.linear_points_per_week"),
                format!("must be zero or positive, got {}", Decimal(l)),
            );
        }
        if half_life.is_some() {
            p.add(
                format!("{at}.linear_points_per_week"),
                "choose one decay: half_life_days or linear_points_per_week",
            );
        }
    }
}

fn validate_negative(spec: &ModelSpec, p: &mut Problems) {
    p.unique(
        "negative",
        "code",
        spec.negative.iter().map(|r| r.code.as_str()),
    );
    for (i, rule) in spec.negative.iter().enumerate() {
        let at = format!("negative[{i}]");
        p.code(format!("{at}.code"), &rule.code);
        p.points(format!("{at}.points"), rule.points);
        if rule.points > 0 {
            p.add(
                format!("{at}.points"),
                "negative-fit points must be zero or negative",
            );
        }
        if let Some(w) = rule.weak_points {
            p.points(format!("{at}.weak_points"), w);
            if w > 0 {
                p.add(
                    format!("{at}.weak_points"),
                    "negative-fit points must be zero or negative",
                );
            }
        }
        let m = &rule.matchers;
        let present = matcher_presence(m);
        if !present.iter().any(|(_, on)| *on) {
            p.add(format!("{at}.match"), "needs at least one matcher");
        }
        for (j, name) in rule.weak.iter().enumerate() {
            match present.iter().find(|(n, _)| n == name) {
                None => p.add(
                    format!("{at}.weak[{j}]"),
                    format!(
                        "unknown matcher {name_q}; expected one of {}",
                        MATCHER_NAMES.join(", "),
                        name_q = Quoted(name)
                    ),
                ),
                Some((_, false)) => p.add(
                    format!("{at}.weak[{j}]"),
                    format!(
                        "matcher {name_q} is not used by this rule",
                        name_q = Quoted(name)
                    ),
                ),
                Some(_) => {}
            }
        }
        if !rule.weak.is_empty() && rule.weak_points.is_none() {
            p.add(
                format!("{at}.weak_points"),
                "required when `weak` lists matchers",
            );
        }
        p.phrases(&format!("{at}.match.title"), &m.title);
        p.phrases(&format!("{at}.match.message"), &m.message);
        p.phrases(&format!("{at}.match.company_name"), &m.company_name);
        for (j, d) in m.domains.iter().enumerate() {
            if !normalize_domain(d).contains('.') {
                p.add(
                    format!("{at}.match.domains[{j}]"),
                    format!(
                        "expected a domain like \"example.com\", got {d_q}",
                        d_q = Quoted(d)
                    ),
                );
            }
        }
        for (j, s) in m.email_domain_suffixes.iter().enumerate() {
            if !s.starts_with('.') || s.len() < 2 || s.split('.').skip(1).any(str::is_empty) {
                p.add(
                    format!("{at}.match.email_domain_suffixes[{j}]"),
                    format!(
                        "expected a suffix like \".edu\" or \".ac.*\", got {s_q}",
                        s_q = Quoted(s)
                    ),
                );
            }
        }
        if m.out_of_market
            && spec.fit.country.served.is_empty()
            && spec.fit.employees.minimum.is_none()
            && spec.fit.industry.excluded.is_empty()
        {
            p.add(format!("{at}.match.out_of_market"), "the model defines no market (served countries, minimum size or excluded industries)");
        }
    }
}

fn matcher_presence(m: &Matchers) -> [(&'static str, bool); 10] {
    [
        ("domains", !m.domains.is_empty()),
        ("email_domain_suffixes", !m.email_domain_suffixes.is_empty()),
        ("title", !m.title.is_empty()),
        ("message", !m.message.is_empty()),
        ("company_name", !m.company_name.is_empty()),
        ("form_types", !m.form_types.is_empty()),
        ("out_of_market", m.out_of_market),
        ("invalid_email", m.invalid_email),
        ("disposable_email", m.disposable_email),
        ("min_links", m.min_links.is_some()),
    ]
}

fn validate_routing(spec: &ModelSpec, p: &mut Problems) {
    let b = &spec.bands;
    for (name, band) in [("fit", b.fit), ("intent", b.intent)] {
        p.score(format!("bands.{name}.high"), band.high);
        p.score(format!("bands.{name}.medium"), band.medium);
        if band.medium >= band.high {
            p.add(
                format!("bands.{name}.medium"),
                format!(
                    "thresholds out of order: medium {} must be below high {}",
                    band.medium, band.high
                ),
            );
        }
    }
    let r = &spec.routing;
    p.score("routing.sales_review.fit", r.sales_review.fit);
    p.score("routing.sales_review.intent", r.sales_review.intent);
    p.score("routing.disqualify_below_fit", r.disqualify_below_fit);
    p.margin("routing.borderline_margin", r.borderline_margin);
    threshold_order(spec, "routing", r.sales_review, r.borderline_margin, p);
    p.unique(
        "routing.strategic_accounts",
        "domain",
        r.strategic_accounts.iter().map(|a| a.domain.as_str()),
    );
    for (i, account) in r.strategic_accounts.iter().enumerate() {
        let domain = normalize_domain(&account.domain);
        if !domain.contains('.') {
            p.add(
                format!("routing.strategic_accounts[{i}].domain"),
                format!(
                    "expected a domain like \"example.com\", got {}",
                    Quoted(&account.domain)
                ),
            );
        }
        for (j, rule) in spec.negative.iter().enumerate() {
            if rule.auto_disqualify
                && rule
                    .matchers
                    .domains
                    .iter()
                    .any(|d| normalize_domain(d) == domain)
            {
                p.add(
                    format!("routing.strategic_accounts[{i}].domain"),
                    format!(
                        "{domain} is also in negative[{j}] ({}) with auto-disqualify",
                        rule.code
                    ),
                );
            }
        }
    }
    for (name, list) in [
        ("accepted", &spec.decision_reasons.accepted),
        ("rejected", &spec.decision_reasons.rejected),
        ("recycled", &spec.decision_reasons.recycled),
    ] {
        let path = format!("decision_reasons.{name}");
        p.unique(&path, "code", list.iter().map(|r| r.code.as_str()));
        for (i, r) in list.iter().enumerate() {
            p.code(format!("{path}[{i}].code"), &r.code);
        }
    }
}

/// The routing invariants for one set of sales-review thresholds and borderline margin: the
/// model's (`at` = `routing`) or an experiment variant's (`at` = its path; the values it routes
/// with). The disqualification floor stays below the fit threshold; neither passive activity
/// alone nor a failed must-have reaches review, even as borderline.
fn threshold_order(spec: &ModelSpec, at: &str, t: Thresholds, margin: i32, p: &mut Problems) {
    let model = at == "routing";
    let path = |own: &'static str| if model { own } else { at };
    let floor = spec.routing.disqualify_below_fit;
    if floor >= t.fit {
        p.add(
            path("routing.disqualify_below_fit"),
            format!("thresholds out of order: disqualify floor {floor} must be below the sales-review fit threshold {} ({at})", t.fit),
        );
    }
    let cap = spec.intent.passive_cap;
    let borderline_floor = t.intent - margin;
    if cap >= borderline_floor {
        p.add(
            path("intent.passive_cap"),
            format!("passive activity alone must not reach sales review, even as borderline: cap {cap} ≥ {at}.sales_review.intent − {at}.borderline_margin = {borderline_floor}"),
        );
    }
    if let Some(cap) = spec.fit.must_have_cap {
        let floor = t.fit - margin;
        if cap >= floor {
            p.add(
                path("fit.must_have_cap"),
                format!("a failed must-have must keep fit out of sales review, even as borderline: cap {cap} ≥ {at}.sales_review.fit − {at}.borderline_margin = {floor}"),
            );
        }
    }
}

/// Weights ≥ 0 with a positive sum, unique snake_case names, thresholds 0–100, and each
/// variant's thresholds keep [`threshold_order`].
fn validate_experiment(spec: &ModelSpec, p: &mut Problems) {
    let Some(e) = &spec.experiment else {
        return;
    };
    if e.id.trim().is_empty() {
        p.add("experiment.id", "must be a non-empty string");
    }
    p.unique(
        "experiment.variants",
        "name",
        e.variants.iter().map(|v| v.name.as_str()),
    );
    let mut total: i64 = 0;
    for (i, v) in e.variants.iter().enumerate() {
        let at = format!("experiment.variants[{i}]");
        p.code(format!("{at}.name"), &v.name);
        if v.weight < 0 {
            p.add(format!("{at}.weight"), "must be zero or more");
        }
        total += i64::from(v.weight.max(0));
        if let Some(t) = v.sales_review {
            p.score(format!("{at}.sales_review.fit"), t.fit);
            p.score(format!("{at}.sales_review.intent"), t.intent);
        }
        if let Some(m) = v.borderline_margin {
            p.margin(format!("{at}.borderline_margin"), m);
        }
        let routing = spec.routing_for_variant(Some(v));
        threshold_order(
            spec,
            &at,
            routing.sales_review,
            routing.borderline_margin,
            p,
        );
    }
    if total <= 0 {
        p.add(
            "experiment.variants",
            "needs a variant with a positive weight",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_model_is_valid() {
        match Model::from_json(DEFAULT_MODEL_JSON) {
            Ok(model) => assert_eq!(model.id(), "brightline-default"),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn listed_domains_cover_their_subdomains() {
        let model = Model::default_model();
        let free = |domain: &str| model.domain_listings(domain).free_mail;
        assert!(free("gmail.com"));
        assert!(free("mail.gmail.com"));
        assert!(!free("com"));
        assert!(!free("notgmail.com"));
        assert!(!free("gmail"));
        // A listed domain of one label (a model may list a private top-level name).
        let mut spec: serde_json::Value = match serde_json::from_str(DEFAULT_MODEL_JSON) {
            Ok(spec) => spec,
            Err(e) => panic!("{e}"),
        };
        if let Some(email) = spec.get_mut("email").and_then(|e| e.as_object_mut()) {
            email.insert("free_mail_domains".into(), serde_json::json!(["internal"]));
        }
        let model = match Model::from_json(&spec.to_string()) {
            Ok(model) => model,
            Err(e) => panic!("{e}"),
        };
        assert!(model.domain_listings("a.b.internal").free_mail);
        assert!(model.domain_listings("internal").free_mail);
        assert!(!model.domain_listings("gmail.com").free_mail);
    }

    #[test]
    fn domains_normalise() {
        assert_eq!(
            normalize_domain("https://www.Acme.com/about?x=1"),
            "acme.com"
        );
        assert_eq!(normalize_domain("dana@acme.com"), "acme.com");
        assert_eq!(
            normalize_domain("ftp://user:pw@Mail.Acme.com:8080/x#y"),
            "mail.acme.com"
        );
        assert_eq!(normalize_domain("a@b@Acme.com"), "acme.com");
        assert_eq!(normalize_domain("HTTP://WWW.ACME.COM:443/"), "acme.com");
        // Only the host is copied, and only when it has capitals.
        assert!(matches!(
            normalize_domain("HTTPS://www.acme.com/About"),
            Cow::Borrowed("acme.com")
        ));
        assert_eq!(normalize_domain("http://"), "");
        assert_eq!(normalize_domain("WWW.Bücher.de"), "bücher.de");
        assert_eq!(
            normalize_domain(" mail.northpeak.co. "),
            "mail.northpeak.co"
        );
        assert_eq!(
            domain_and_parents("a.b.co").collect::<Vec<_>>(),
            ["a.b.co", "b.co", "co"]
        );
    }
}
