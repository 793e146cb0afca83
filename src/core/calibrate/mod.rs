//! Explainable recalibration from outcomes (`leadlens calibrate`): refits the points of the
//! current model's rules, proposes new learned rules from the lead data, and adds a calibrated
//! likelihood — still a points model, every point explained. Pure and deterministic: the caller
//! reads the files and the clock. Not in the scoring path (nothing in `score` calls it), so it
//! uses ordered maps, sorts and formats freely.
//!
//! # Examples and labels
//!
//! Each lead (the leads file) is joined with its outcomes ([`LeadOutcome`]: the latest decision
//! and the first time each stage was reached) and labelled for the target:
//!
//! - `accepted`: 1 = the latest decision is `accepted`; 0 = it is `rejected`. Left out: recycled
//!   leads (a "not now", not a verdict), leads without a decision.
//! - `opportunity`: 1 = an `opportunity_created`, `won` or `lost` record (a lost deal was an
//!   opportunity); 0 = rejected, or no opportunity and created (else first decided) at least
//!   [`Options::opportunity_window_days`] (90) before `now`. Left out: younger leads without an
//!   opportunity (too early to tell).
//! - `won`: 1 = a `won` record; 0 = anything else (lost, rejected, no record at all: with an
//!   outcomes file of won deals only, every other lead is a 0).
//!
//! For every target, a lead whose latest decision is a rejection that **counts against `none`**
//! is left out: its reason (timing, duplicate…) says nothing about the lead's features. What a
//! reason counts against is the model's `decision_reasons.rejected[].counts_against`, else the
//! default of [`default_counts_against`] (`not_icp`, `wrong_persona`, `student`, `competitor`,
//! `vendor`, `job_seeker`, `spam` → fit; `no_budget` → intent; `timing`, `needs_nurture`,
//! `no_response`, `duplicate`, `other` → none). A rejection without a reason code, or with a code
//! that is in neither, counts (as `unspecified`): most rejections are about the lead, and CRM
//! exports often lose the code. Fit and intent rejections both become 0s of one model; the report
//! counts them apart.
//!
//! Each lead is scored **as of its `created_at`** (events stamped later left out; else as of its
//! latest decision, else `now`), like `leadlens report`: the score routing saw when it arrived.
//!
//! # Features
//!
//! - Every refittable rule of the current model ([`params::Param`]: industry class points,
//!   employee and revenue range points, country points, seniority and function level points,
//!   email points, intent signal points, cue points, negative rule points and weak points,
//!   learned rule points). Its value for a lead is how many times its points counted: 1 for a
//!   criterion, decayed points ÷ points for a signal (a demo request one half-life old is 0.5).
//!   So a weight maps back to the points of one occurrence, the number in the model.
//!   Caps and clamps (`fit.must_have_cap`, `intent.passive_cap`, `*.clamp`) are not rules: they
//!   stay, and are listed as not refittable.
//! - Candidate new rules: each value of `company.industry`, `company.country`, `source.channel`,
//!   `source.campaign`, `source.medium`, `form.type` and text answers in `form.fields.*`
//!   (trimmed, lowercased); and quartile bins of `company.employees`, `company.annual_revenue`,
//!   numeric answers in `form.fields.*` and event counts per type (`events.<type>`, inside the
//!   look-back window; bins of one value dropped). At most [`MAX_VALUES`] values per field, the
//!   most frequent. A candidate is "leads with this value", compared with what the refitted
//!   rules predict for them.
//! - **Leakage guard**: a field's rules (existing or new) are only fitted when the field is known
//!   for positives and negatives at rates within a factor of two of each other (`min ≥ max / 2`;
//!   80 % vs 60 % passes, 100 % vs 2 % — firmographics filled in only for won deals — fails).
//!   Guarded rules keep their points.
//!
//! # Fit
//!
//! L2-regularised logistic regression by Newton's method ([`fit::logistic`], at most 100
//! iterations, tolerance 1e-8 logits, λ = [`RIDGE`], free intercept). The current rules are
//! always in, each weight shrunk towards its current points (not towards zero). New rules enter
//! by forward selection ([`fit::forward_select`]): the candidate whose leads' outcomes are
//! furthest from the current fit (score test, in standard errors) enters while that reaches
//! [`ENTRY_Z`] (3), and everything is refitted jointly after each entry (new rules shrunk towards
//! zero); at most [`MAX_ADDED`]. So a new rule appears only for what the current rules cannot
//! say, and one value that differs does not drag its whole field in. An entered rule worth less
//! than 2 points is dropped.
//!
//! The fit adds points linearly; scoring then applies caps and clamps (a dimension stays within
//! 0–100, passive intent under the passive cap, fit under the must-have cap). So every new rule
//! is checked on the examples with the proposed model: when caps and clamps take back more than
//! [`MAX_TAKEN_BACK`] (half) of its points over its leads — typically negative points on a
//! dimension its leads already have at 0, like "−25 intent for channel email" on leads without
//! activity — it would not change the scores it claims to. It is left out (`taken_back` in the
//! report, with the share and the cap or clamp that took it), and the selection and fit run again
//! without it.
//!
//! Weights (logits) map to points as `points = round(weight × points_per_logit)`, clamped to
//! what validation allows (signals ≥ 0, negative rules ≤ 0, ±100). `points_per_logit` keeps the
//! current model's scale: it starts at 1 ÷ the slope of a one-feature logistic fit of the outcomes
//! on the current rule points, and is then adjusted (refitting each time) until the proposed
//! rule points spread the labelled leads exactly as widely as the current ones — the same
//! standard deviation — so the thresholds keep their meaning; kept within 10–60. When no current
//! rule fires on the leads (nothing to keep) it is [`DEFAULT_SCALE`] (25, about the default
//! model's). [`Options::points_per_logit`] fixes it instead. A rule the data do not move keeps
//! its points.
//!
//! Gates: a rule with fewer than [`Options::min_support`] (30) labelled leads, or without both
//! outcomes among them, keeps its points ("kept: not enough data (n=12)"); a candidate below it
//! is not considered. Below [`Options::min_outcomes`] (200) labelled leads calibration refuses —
//! far below the ~1,000 converted leads that predictive scoring tools ask for, because this
//! refits an explicit points model towards its current points instead of learning one from
//! scratch.
//!
//! # Holdout, then the proposal
//!
//! Examples are ordered by `created_at` (else decision time; ties in input order); the first
//! 80 % are the training part, the last 20 % the holdout. On the holdout both models are
//! compared: the current model, and the model proposed from the training part alone, each
//! mapped score → likelihood by a one-feature logistic fit on the training part (so both are
//! comparable): AUC of `fit + intent`, log loss, calibration by likelihood band (predicted vs
//! observed) and the target rate by route. The proposal itself is then refitted on **all**
//! examples (more data; the holdout has done its job of checking the method), and its
//! `calibration` is the one-feature fit of the outcomes on its own `fit + intent` over all
//! examples.
//!
//! The proposed model is the current one with refitted points, learned rules added (and learned
//! rules refitted to 0 removed), thresholds unchanged, `calibration` set and version
//! `<version>-cal-<YYYYMMDD of now>`; it passes [`Model::new`].

pub mod fit;
pub mod params;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::decision::Outcome;
use super::lead::Lead;
use super::learned::{self, Field};
use super::model::{Calibration, CountsAgainst, Dimension, LearnedRule, Model, ModelSpec, Target};
use super::outcome::LeadOutcome;
use super::result::{Route, ScoredLead, Value};
use super::text::TextMap;
use super::time::{Timestamp, MS_PER_DAY};

use fit::{Row, ScoreMap};
use params::{Features, Param, Presence};

/// Labelled leads below which calibration refuses.
pub const MIN_OUTCOMES: usize = 200;
/// Labelled leads a rule or value needs (with both outcomes among them) to be fitted.
pub const MIN_SUPPORT: usize = 30;
/// The L2 penalty λ: about the information of a handful of leads, so a rule with 30 leads moves
/// most of the way to what they say, and one with 3 barely moves.
pub const RIDGE: f64 = 1.0;
/// Values (or bins) per field considered as new rules, the most frequent first.
pub const MAX_VALUES: usize = 20;
/// The scale when the current rules say nothing about the leads: about the default model's.
pub const DEFAULT_SCALE: f64 = 25.0;
/// The range `points_per_logit` is kept in when derived from the data.
pub const SCALE_RANGE: (f64, f64) = (10.0, 60.0);
/// A candidate enters the model when its score test reaches this many standard errors.
pub const ENTRY_Z: f64 = 3.0;
/// New rules proposed at most.
pub const MAX_ADDED: usize = 30;
/// Share of the (time-ordered) examples fitted on for the holdout comparison.
pub const TRAINING_SHARE: f64 = 0.8;
/// A new rule whose points caps and clamps take back beyond this share (over its leads) is left
/// out: it would not change the scores it claims to.
pub const MAX_TAKEN_BACK: f64 = 0.5;

#[derive(Debug, Clone)]
pub struct Options {
    pub target: Target,
    pub now: Timestamp,
    pub min_outcomes: usize,
    pub min_support: usize,
    pub opportunity_window_days: u32,
    /// Fixes the points ↔ logit scale instead of deriving it from the current model.
    pub points_per_logit: Option<f64>,
}

impl Options {
    pub fn new(target: Target, now: Timestamp) -> Options {
        Options {
            target,
            now,
            min_outcomes: MIN_OUTCOMES,
            min_support: MIN_SUPPORT,
            opportunity_window_days: 90,
            points_per_logit: None,
        }
    }
}

/// What a rejection reason says about the lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Against {
    Fit,
    Intent,
    None,
    /// No reason code, or one the model and the defaults do not know: counted as a rejection.
    Unspecified,
}

impl Against {
    pub fn as_str(self) -> &'static str {
        match self {
            Against::Fit => "fit",
            Against::Intent => "intent",
            Against::None => "none",
            Against::Unspecified => "unspecified",
        }
    }
}

/// The default of `counts_against` for the reason codes of the default model.
pub fn default_counts_against(code: &str) -> Option<CountsAgainst> {
    match code {
        "not_icp" | "wrong_persona" | "student" | "competitor" | "vendor" | "job_seeker"
        | "spam" => Some(CountsAgainst::Fit),
        "no_budget" => Some(CountsAgainst::Intent),
        "timing" | "needs_nurture" | "no_response" | "duplicate" | "other" => {
            Some(CountsAgainst::None)
        }
        _ => None,
    }
}

/// What a rejection with this reason code counts against, under this model.
pub fn counts_against(spec: &ModelSpec, reason: Option<&str>) -> Against {
    let Some(code) = reason.map(str::trim).filter(|c| !c.is_empty()) else {
        return Against::Unspecified;
    };
    let listed = spec
        .decision_reasons
        .rejected
        .iter()
        .find(|r| r.code == code)
        .and_then(|r| r.counts_against);
    match listed.or_else(|| default_counts_against(code)) {
        Some(CountsAgainst::Fit) => Against::Fit,
        Some(CountsAgainst::Intent) => Against::Intent,
        Some(CountsAgainst::None) => Against::None,
        None => Against::Unspecified,
    }
}

/// Why a lead is not an example.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum LeftOut {
    NoOutcome,
    Undecided,
    Recycled,
    NotAboutTheLead,
    TooRecent,
}

impl LeftOut {
    fn as_str(self) -> &'static str {
        match self {
            LeftOut::NoOutcome => "no_outcome",
            LeftOut::Undecided => "undecided",
            LeftOut::Recycled => "recycled",
            LeftOut::NotAboutTheLead => "rejection_not_about_the_lead",
            LeftOut::TooRecent => "too_recent",
        }
    }
}

/// The label of a lead for the target, or why it has none.
fn label(
    target: Target,
    spec: &ModelSpec,
    lead: &Lead,
    outcome: Option<&LeadOutcome>,
    options: &Options,
) -> Result<bool, LeftOut> {
    let rejected_for = outcome
        .and_then(|o| o.decision.as_ref())
        .filter(|d| d.outcome == Outcome::Rejected)
        .map(|d| counts_against(spec, d.reason_code.as_deref()));
    match target {
        Target::Accepted => {
            let Some(o) = outcome else {
                return Err(LeftOut::NoOutcome);
            };
            match o.decision.as_ref().map(|d| d.outcome) {
                None => Err(LeftOut::Undecided),
                Some(Outcome::Accepted) => Ok(true),
                Some(Outcome::Recycled) => Err(LeftOut::Recycled),
                Some(Outcome::Rejected) if rejected_for == Some(Against::None) => {
                    Err(LeftOut::NotAboutTheLead)
                }
                Some(Outcome::Rejected) => Ok(false),
            }
        }
        Target::Opportunity => {
            if outcome.is_some_and(|o| o.has_opportunity() || o.lost_at.is_some()) {
                return Ok(true);
            }
            match rejected_for {
                Some(Against::None) => return Err(LeftOut::NotAboutTheLead),
                Some(_) => return Ok(false),
                None => {}
            }
            let since = lead.created_at.or_else(|| {
                outcome
                    .and_then(|o| o.decision.as_ref())
                    .map(|d| d.decided_at)
            });
            let window = i64::from(options.opportunity_window_days).saturating_mul(MS_PER_DAY);
            match since {
                Some(t) if options.now.0.saturating_sub(t.0) >= window => Ok(false),
                Some(_) => Err(LeftOut::TooRecent),
                None if outcome.is_none() => Err(LeftOut::NoOutcome),
                None => Err(LeftOut::TooRecent),
            }
        }
        Target::Won => {
            if outcome.is_some_and(|o| o.won_at.is_some()) {
                Ok(true)
            } else if rejected_for == Some(Against::None) {
                Err(LeftOut::NotAboutTheLead)
            } else {
                Ok(false)
            }
        }
    }
}

/// One labelled lead, scored by the current model.
struct Example<'a> {
    /// The lead as scored (events after `at` left out).
    seen: std::borrow::Cow<'a, Lead<'a>>,
    y: bool,
    at: Timestamp,
    /// created_at, else decision time, else none: the holdout order.
    order: Option<Timestamp>,
    index: usize,
    current: Features,
    current_score: i32,
    current_route: Route,
}

/// The lead as it stood at `at`: events stamped later are left out.
fn as_of<'a>(lead: &'a Lead<'a>, at: Timestamp) -> std::borrow::Cow<'a, Lead<'a>> {
    if lead.events.iter().all(|e| e.at.map_or(true, |t| t <= at)) {
        return std::borrow::Cow::Borrowed(lead);
    }
    let mut owned = lead.clone();
    owned.events.retain(|e| e.at.map_or(true, |t| t <= at));
    std::borrow::Cow::Owned(owned)
}

/// Calibration could not run: too few labelled outcomes, or only one kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Refusal {
    pub message: String,
    pub labels: Labels,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// The result: the proposed model (valid) and what the report prints.
#[derive(Debug, Clone)]
pub struct Calibrated {
    pub proposed: ModelSpec,
    pub report: Report,
}

impl Calibrated {
    /// The proposed model as the file a person reviews and adopts: pretty JSON, ending in a
    /// newline.
    pub fn proposed_json(&self) -> Result<String, serde_json::Error> {
        let mut json = serde_json::to_string_pretty(&self.proposed)?;
        json.push('\n');
        Ok(json)
    }
}

// ---- the report (JSON: `leadlens calibrate --format json`) --------------------------------------

/// `leadlens calibrate --format json`, schema `leadlens.calibrate/1`. Keys appear in this order;
/// numbers are rounded to 4 decimals (likelihoods, AUC, log loss) or whole points.
///
/// ```text
/// { "schema": "leadlens.calibrate/1", "target": "accepted", "now": RFC 3339,
///   "model": {"id", "version"}, "proposed_version": "…-cal-YYYYMMDD",
///   "labels": {"leads", "labelled", "positive", "negative",
///              "left_out": {"no_outcome", "undecided", "recycled", "rejection_not_about_the_lead", "too_recent"},
///              "rejections": {"fit": {code: n}, "intent": {…}, "none": {…}, "unspecified": {…}}},
///   "scale": {"points_per_logit", "derived": bool, "clamped": bool, "slope_per_point", "spread"},
///   "holdout": {"train": {"n", "positive", "until": RFC 3339|null},
///               "test": {"n", "positive", "from": RFC 3339|null},
///               "current": Metrics, "proposed": Metrics},
///      Metrics = {"auc": number|null, "log_loss", "calibration": [{"band": "0.2–0.3", "n", "predicted", "observed"}],
///                 "by_route": [{"route", "n", "positive", "rate"}]}
///   "rules": [{"path", "name", "old", "new", "support", "positive", "status", "note"}],
///      status: "reweighted" | "unchanged" | "kept" (note says why: not enough data, leakage guard)
///   "added": [{"rule": LearnedRule, "support", "positive", "z"}],
///   "taken_back": [{"rule": LearnedRule (points as fitted), "support", "positive", "z", "leads",
///                   "share", "by": "intent.clamp" | "intent.passive_cap" | "fit.clamp" | "fit.must_have_cap"}],
///   "removed": [{"path", "name", "old", "support"}],
///   "candidates": {"considered", "below_support", "guarded", "taken_back", "not_significant", "added"},
///   "leakage_guard": [{"field", "present_positive", "present_negative", "guarded"}],
///   "not_refittable": [{"code", "leads", "reason"}],
///   "thresholds": {"sales_review": {"fit", "intent"}, "borderline_margin", "changed": false},
///   "calibration": {"old": Calibration|null, "new": Calibration|null} }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub schema: &'static str,
    pub target: &'static str,
    pub now: Timestamp,
    pub model: ModelInfo,
    pub proposed_version: String,
    pub labels: Labels,
    pub scale: Scale,
    pub holdout: Holdout,
    pub rules: Vec<RuleChange>,
    pub added: Vec<AddedRule>,
    pub taken_back: Vec<TakenBack>,
    pub removed: Vec<RemovedRule>,
    pub candidates: CandidateCounts,
    pub leakage_guard: Vec<Guard>,
    pub not_refittable: Vec<NotRefittable>,
    pub thresholds: Thresholds,
    pub calibration: CalibrationChange,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelInfo {
    pub id: String,
    pub version: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Labels {
    pub leads: usize,
    pub labelled: usize,
    pub positive: usize,
    pub negative: usize,
    pub left_out: BTreeMap<&'static str, usize>,
    pub rejections: BTreeMap<&'static str, BTreeMap<String, usize>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scale {
    pub points_per_logit: f64,
    /// From the current model's scores (else given in the options).
    pub derived: bool,
    /// The derived value was outside 10–60 and was clamped.
    pub clamped: bool,
    /// The slope of a one-feature fit of the outcomes on the current rule points (per point):
    /// 1 ÷ it was the first scale tried.
    pub slope_per_point: Option<f64>,
    /// The standard deviation of the current rule points over the labelled leads, which the
    /// proposal keeps.
    pub spread: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Holdout {
    pub train: Part,
    pub test: Part,
    pub current: Metrics,
    pub proposed: Metrics,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    pub n: usize,
    pub positive: usize,
    /// The latest `created_at` of the training part / the earliest of the holdout.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    pub auc: Option<f64>,
    pub log_loss: f64,
    pub calibration: Vec<BandRow>,
    pub by_route: Vec<RouteRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandRow {
    pub band: String,
    pub n: usize,
    /// Mean predicted likelihood.
    pub predicted: f64,
    /// Observed rate of the target.
    pub observed: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouteRow {
    pub route: &'static str,
    pub n: usize,
    pub positive: usize,
    pub rate: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleChange {
    pub path: String,
    pub name: String,
    pub old: i32,
    pub new: i32,
    /// Labelled leads the rule counted for.
    pub support: usize,
    pub positive: usize,
    /// `reweighted`, `unchanged` (refitted to the same points) or `kept` (not fitted).
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AddedRule {
    pub rule: LearnedRule,
    pub support: usize,
    pub positive: usize,
    /// Weight over its standard error.
    pub z: f64,
}

/// A new rule left out because caps and clamps would take back most of its points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TakenBack {
    /// The rule as fitted (its points are what the fit wanted).
    pub rule: LearnedRule,
    pub support: usize,
    pub positive: usize,
    pub z: f64,
    /// Labelled leads of the rule whose score lost some of its points.
    pub leads: usize,
    /// Share of its points, over all its leads, that was taken back (0–1).
    pub share: f64,
    /// The cap or clamp that took back the most.
    pub by: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RemovedRule {
    pub path: String,
    pub name: String,
    pub old: i32,
    pub support: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CandidateCounts {
    pub considered: usize,
    pub below_support: usize,
    pub guarded: usize,
    /// Left out after fitting: caps and clamps would take back most of their points.
    pub taken_back: usize,
    pub not_significant: usize,
    pub added: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Guard {
    pub field: String,
    pub present_positive: f64,
    pub present_negative: f64,
    pub guarded: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NotRefittable {
    pub code: &'static str,
    pub leads: usize,
    pub reason: &'static str,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Thresholds {
    pub sales_review: super::model::Thresholds,
    pub borderline_margin: i32,
    pub changed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationChange {
    pub old: Option<Calibration>,
    pub new: Option<Calibration>,
}

// ---- calibration ------------------------------------------------------------------------------

/// Calibrates `model` on `leads` joined with `outcomes` (see the module docs). Outcomes for lead
/// ids not in `leads` are ignored (the caller reports them); a lead id given twice counts once
/// (the first).
pub fn calibrate(
    leads: &[Lead],
    outcomes: &TextMap<String, LeadOutcome>,
    model: &Model,
    options: &Options,
) -> Result<Calibrated, Refusal> {
    let spec = model.spec();
    let mut labels = Labels {
        leads: 0,
        ..Labels::default()
    };
    for reason in [
        LeftOut::NoOutcome,
        LeftOut::Undecided,
        LeftOut::Recycled,
        LeftOut::NotAboutTheLead,
        LeftOut::TooRecent,
    ] {
        labels.left_out.insert(reason.as_str(), 0);
    }
    let mut seen_ids: BTreeSet<&str> = BTreeSet::new();
    let mut examples: Vec<Example> = Vec::new();
    for (index, lead) in leads.iter().enumerate() {
        if !seen_ids.insert(lead.id.as_ref()) {
            continue;
        }
        labels.leads += 1;
        let outcome = outcomes.get(lead.id.as_ref());
        if let Some(d) = outcome
            .and_then(|o| o.decision.as_ref())
            .filter(|d| d.outcome == Outcome::Rejected)
        {
            let against = counts_against(spec, d.reason_code.as_deref());
            let code = d
                .reason_code
                .clone()
                .filter(|c| !c.trim().is_empty())
                .unwrap_or_else(|| "(none)".into());
            *labels
                .rejections
                .entry(against.as_str())
                .or_default()
                .entry(code)
                .or_default() += 1;
        }
        match label(options.target, spec, lead, outcome, options) {
            Err(why) => *labels.left_out.entry(why.as_str()).or_default() += 1,
            Ok(y) => {
                let decided = outcome
                    .and_then(|o| o.decision.as_ref())
                    .map(|d| d.decided_at);
                let at = lead.created_at.or(decided).unwrap_or(options.now);
                let seen = as_of(lead, at);
                let Ok(result) = super::score(&seen, model, at) else {
                    continue;
                };
                let current = params::features(spec, &seen, &result, at);
                let (current_score, current_route) = (score_of(&result), result.route);
                drop(result);
                examples.push(Example {
                    seen,
                    y,
                    at,
                    order: lead.created_at.or(decided),
                    index,
                    current,
                    current_score,
                    current_route,
                });
                if y {
                    labels.positive += 1;
                } else {
                    labels.negative += 1;
                }
            }
        }
    }
    labels.labelled = examples.len();
    if labels.labelled < options.min_outcomes {
        return Err(Refusal {
            message: format!(
                "calibration needs at least {} labelled outcomes for target {}; found {} ({} positive, {} negative). \
                 That floor is far below the ~1,000 converted leads predictive scoring tools ask for, because \
                 leadlens refits an explicit points model towards its current points; below it, keep the current \
                 model and collect decisions.",
                options.min_outcomes,
                options.target.as_str(),
                labels.labelled,
                labels.positive,
                labels.negative
            ),
            labels,
        });
    }
    if labels.positive == 0 || labels.negative == 0 {
        return Err(Refusal {
            message: format!(
                "calibration needs both outcomes for target {}; found {} positive and {} negative",
                options.target.as_str(),
                labels.positive,
                labels.negative
            ),
            labels,
        });
    }

    // Time order: created_at (else decision time), ties and undated leads in input order.
    examples.sort_by_key(|e| (e.order.map_or(i64::MIN, |t| t.0), e.index));
    let all: Vec<&Example> = examples.iter().collect();
    let cut = ((all.len() as f64) * TRAINING_SHARE).floor() as usize;
    let (train, test) = all.split_at(cut.clamp(1, all.len().saturating_sub(1)));

    // Holdout: current model vs the model proposed from the training part alone.
    let current_map = ScoreMap::fit(
        &train
            .iter()
            .map(|e| f64::from(e.current_score))
            .collect::<Vec<_>>(),
        &train.iter().map(|e| e.y).collect::<Vec<_>>(),
    );
    let current_metrics = metrics(
        test.iter().map(|e| (e.current_score, e.current_route, e.y)),
        &current_map,
    );
    let proposed_metrics = match propose_effective(model, train, options) {
        Ok(p) => {
            let proposal_model = Model::new(p.spec).map_err(|e| refusal_bug(&e, &labels))?;
            let rescored = |part: &[&Example]| -> Vec<(i32, Route, bool)> {
                part.iter()
                    .filter_map(|e| {
                        let r = super::score(&e.seen, &proposal_model, e.at).ok()?;
                        Some((score_of(&r), r.route, e.y))
                    })
                    .collect()
            };
            let train_scored = rescored(train);
            let map = ScoreMap::fit(
                &train_scored
                    .iter()
                    .map(|(s, _, _)| f64::from(*s))
                    .collect::<Vec<_>>(),
                &train_scored.iter().map(|(_, _, y)| *y).collect::<Vec<_>>(),
            );
            metrics(rescored(test).into_iter(), &map)
        }
        Err(message) => {
            return Err(Refusal { message, labels });
        }
    };
    let part = |part: &[&Example], first: bool| Part {
        n: part.len(),
        positive: part.iter().filter(|e| e.y).count(),
        until: if first {
            part.iter().filter_map(|e| e.order).max()
        } else {
            None
        },
        from: if first {
            None
        } else {
            part.iter().filter_map(|e| e.order).min()
        },
    };
    let holdout = Holdout {
        train: part(train, true),
        test: part(test, false),
        current: current_metrics,
        proposed: proposed_metrics,
    };

    // The proposal: refitted on everything.
    let mut proposal = propose_effective(model, &all, options).map_err(|message| Refusal {
        message,
        labels: labels.clone(),
    })?;
    let first = Model::new(proposal.spec.clone()).map_err(|e| refusal_bug(&e, &labels))?;
    let scored: Vec<(f64, bool)> = all
        .iter()
        .filter_map(|e| {
            let r = super::score(&e.seen, &first, e.at).ok()?;
            Some((f64::from(score_of(&r)), e.y))
        })
        .collect();
    let map = ScoreMap::fit(
        &scored.iter().map(|(s, _)| *s).collect::<Vec<_>>(),
        &scored.iter().map(|(_, y)| *y).collect::<Vec<_>>(),
    );
    let new_calibration = (map.slope > 0.0 && map.slope.is_finite()).then(|| Calibration {
        target: options.target,
        outcomes: u32::try_from(labels.labelled).unwrap_or(u32::MAX),
        intercept: round_to(map.intercept, 4),
        points_per_logit: round_to(1.0 / map.slope, 4),
        fitted_at: Some(options.now),
    });
    proposal.spec.calibration = new_calibration.clone();
    // Validated once more with the calibration in place (the CLI writes only a valid model).
    Model::new(proposal.spec.clone()).map_err(|e| refusal_bug(&e, &labels))?;

    let report = Report {
        schema: "leadlens.calibrate/1",
        target: options.target.as_str(),
        now: options.now,
        model: ModelInfo {
            id: spec.id.clone(),
            version: spec.version.clone(),
        },
        proposed_version: proposal.spec.version.clone(),
        labels,
        scale: proposal.scale,
        holdout,
        rules: proposal.rules,
        added: proposal.added,
        taken_back: proposal.taken_back,
        removed: proposal.removed,
        candidates: proposal.candidates,
        leakage_guard: proposal.guards,
        not_refittable: proposal.not_refittable,
        thresholds: Thresholds {
            sales_review: spec.routing.sales_review,
            borderline_margin: spec.routing.borderline_margin,
            changed: false,
        },
        calibration: CalibrationChange {
            old: spec.calibration.clone(),
            new: new_calibration,
        },
    };
    Ok(Calibrated {
        proposed: proposal.spec,
        report,
    })
}

fn refusal_bug(e: &super::error::ModelError, labels: &Labels) -> Refusal {
    Refusal {
        message: format!("the proposed model does not validate (a calibration defect): {e}"),
        labels: labels.clone(),
    }
}

fn score_of(result: &ScoredLead) -> i32 {
    result.fit.score + result.intent.score
}

fn round_to(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (x * scale).round() / scale
}

fn metrics(scored: impl Iterator<Item = (i32, Route, bool)>, map: &ScoreMap) -> Metrics {
    let scored: Vec<(i32, Route, bool)> = scored.collect();
    let scores: Vec<f64> = scored.iter().map(|(s, _, _)| f64::from(*s)).collect();
    let y: Vec<bool> = scored.iter().map(|(_, _, y)| *y).collect();
    let predicted: Vec<f64> = scores.iter().map(|s| map.likelihood(*s)).collect();
    let mut bands: BTreeMap<usize, (usize, f64, usize)> = BTreeMap::new();
    for (p, &b) in predicted.iter().zip(&y) {
        let band = ((p * 10.0).floor() as usize).min(9);
        let slot = bands.entry(band).or_default();
        slot.0 += 1;
        slot.1 += p;
        slot.2 += usize::from(b);
    }
    let calibration = bands
        .into_iter()
        .map(|(band, (n, sum, positive))| BandRow {
            band: format!("{:.1}–{:.1}", band as f64 / 10.0, (band + 1) as f64 / 10.0),
            n,
            predicted: round_to(sum / n as f64, 4),
            observed: round_to(positive as f64 / n as f64, 4),
        })
        .collect();
    let by_route = [Route::SalesReview, Route::Nurture, Route::Disqualify]
        .into_iter()
        .map(|route| {
            let rows: Vec<bool> = scored
                .iter()
                .filter(|(_, r, _)| *r == route)
                .map(|(_, _, y)| *y)
                .collect();
            let positive = rows.iter().filter(|y| **y).count();
            RouteRow {
                route: route.as_str(),
                n: rows.len(),
                positive,
                rate: (!rows.is_empty()).then(|| round_to(positive as f64 / rows.len() as f64, 4)),
            }
        })
        .collect();
    Metrics {
        auc: fit::auc(&scores, &y).map(|a| round_to(a, 4)),
        log_loss: round_to(fit::log_loss(&predicted, &y), 4),
        calibration,
        by_route,
    }
}

// ---- the proposal ---------------------------------------------------------------------------

struct Proposal {
    spec: ModelSpec,
    scale: Scale,
    rules: Vec<RuleChange>,
    added: Vec<AddedRule>,
    taken_back: Vec<TakenBack>,
    removed: Vec<RemovedRule>,
    candidates: CandidateCounts,
    guards: Vec<Guard>,
    not_refittable: Vec<NotRefittable>,
}

/// A candidate new rule and its value on each example.
struct Candidate {
    rule: LearnedRule,
    x: Vec<f64>,
    support: usize,
    positive: usize,
}

/// Fields whose values become candidate rules, with the dimension their rules count in.
const TEXT_FIELDS: [(&str, Dimension); 6] = [
    ("company.industry", Dimension::Fit),
    ("company.country", Dimension::Fit),
    ("source.channel", Dimension::Intent),
    ("source.campaign", Dimension::Intent),
    ("source.medium", Dimension::Intent),
    ("form.type", Dimension::Intent),
];

const NUMBER_FIELDS: [(&str, Dimension); 2] = [
    ("company.employees", Dimension::Fit),
    ("company.annual_revenue", Dimension::Fit),
];

/// [`propose`], again without every new rule whose points caps and clamps mostly take back on
/// `examples` (see the module docs), until none is.
fn propose_effective(
    model: &Model,
    examples: &[&Example],
    options: &Options,
) -> Result<Proposal, String> {
    let mut left_out: Vec<TakenBack> = Vec::new();
    // Each round leaves out at least one more candidate; there are at most MAX_ADDED per round.
    loop {
        let excluded: Vec<LearnedRule> = left_out.iter().map(|t| t.rule.clone()).collect();
        let mut proposal = propose(model, examples, options, &excluded)?;
        let scored = Model::new(proposal.spec.clone()).map_err(|e| {
            format!("the proposed model does not validate (a calibration defect): {e}")
        })?;
        let found = taken_back(&scored, &proposal.added, examples);
        if found.is_empty() {
            proposal.candidates.taken_back = left_out.len();
            proposal.taken_back = left_out;
            return Ok(proposal);
        }
        left_out.extend(found);
    }
}

/// The new rules whose points caps and clamps take back beyond [`MAX_TAKEN_BACK`] when
/// `model` (the proposal) scores `examples`.
fn taken_back(model: &Model, added: &[AddedRule], examples: &[&Example]) -> Vec<TakenBack> {
    if added.is_empty() {
        return Vec::new();
    }
    let lookback = model.spec().intent.lookback_days;
    let fields: Vec<Option<Field>> = added.iter().map(|a| Field::parse(&a.rule.field)).collect();
    // Per rule: leads, leads that lost points, points lost, points lost by cap or clamp.
    let mut tallies: Vec<(usize, usize, f64, BTreeMap<&'static str, f64>)> =
        vec![(0, 0, 0.0, BTreeMap::new()); added.len()];
    for e in examples {
        let matching: Vec<usize> = added
            .iter()
            .zip(&fields)
            .enumerate()
            .filter(|(_, (a, field))| {
                field
                    .as_ref()
                    .and_then(|f| f.value(&e.seen, lookback, e.at))
                    .is_some_and(|v| learned::matches(&a.rule, &v))
            })
            .map(|(k, _)| k)
            .collect();
        if matching.is_empty() {
            continue;
        }
        let Ok(result) = super::score(&e.seen, model, e.at) else {
            continue;
        };
        for k in matching {
            let (Some(a), Some(tally)) = (added.get(k), tallies.get_mut(k)) else {
                continue;
            };
            let points = a.rule.points;
            let evidence = match a.rule.dimension {
                Dimension::Fit => &result.fit.evidence,
                Dimension::Intent => &result.intent.evidence,
            };
            // Caps and clamps that pushed the other way took back (up to) the rule's points.
            let mut left = points.abs();
            for item in evidence.iter() {
                let Some(code) = params::STRUCTURAL.iter().find(|c| **c == &*item.code) else {
                    continue;
                };
                if item.points.signum() == -points.signum() && left > 0 {
                    let took = item.points.abs().min(left);
                    left -= took;
                    *tally.3.entry(*code).or_default() += f64::from(took);
                }
            }
            let took = points.abs() - left;
            tally.0 += 1;
            tally.1 += usize::from(took > 0);
            tally.2 += f64::from(took);
        }
    }
    added
        .iter()
        .zip(tallies)
        .filter_map(|(a, (leads, lost, taken, by))| {
            let share = taken / (f64::from(a.rule.points.abs()) * leads.max(1) as f64);
            let by = by
                .into_iter()
                .max_by(|x, y| x.1.total_cmp(&y.1).then_with(|| y.0.cmp(x.0)))
                .map(|(code, _)| code)?;
            (share > MAX_TAKEN_BACK).then(|| TakenBack {
                rule: a.rule.clone(),
                support: a.support,
                positive: a.positive,
                z: a.z,
                leads: lost,
                share: round_to(share, 4),
                by,
            })
        })
        .collect()
}

fn propose(
    model: &Model,
    examples: &[&Example],
    options: &Options,
    excluded: &[LearnedRule],
) -> Result<Proposal, String> {
    let spec = model.spec();
    let y: Vec<bool> = examples.iter().map(|e| e.y).collect();
    let n = examples.len();

    // The leakage guard, per field: known for positives vs negatives.
    let mut guard_cache: BTreeMap<Presence, Guard> = BTreeMap::new();
    let mut guard = |presence: &Presence| -> bool {
        if *presence == Presence::Unguarded {
            return false;
        }
        let g = guard_cache.entry(presence.clone()).or_insert_with(|| {
            let (mut pos, mut neg, mut pos_known, mut neg_known) = (0usize, 0usize, 0usize, 0usize);
            for e in examples {
                let known = presence.of(&e.seen);
                if e.y {
                    pos += 1;
                    pos_known += usize::from(known);
                } else {
                    neg += 1;
                    neg_known += usize::from(known);
                }
            }
            let rate = |k: usize, t: usize| if t == 0 { 0.0 } else { k as f64 / t as f64 };
            let (p1, p0) = (rate(pos_known, pos), rate(neg_known, neg));
            Guard {
                field: presence.name().to_string(),
                present_positive: round_to(p1, 4),
                present_negative: round_to(p0, 4),
                guarded: p1.min(p0) < p1.max(p0) / 2.0,
            }
        });
        g.guarded
    };

    // The current rules' points per lead (before caps and clamps): the scale to keep.
    let current_points: Vec<f64> = examples
        .iter()
        .map(|e| {
            e.current
                .params
                .iter()
                .map(|(param, x)| f64::from(param.points(spec)) * x)
                .sum()
        })
        .collect();
    // A first scale: 1 ÷ the slope of a one-feature fit of the outcomes on those points.
    let slope = ScoreMap::fit(&current_points, &y).slope;
    let first_scale = if slope > 0.0 {
        (1.0 / slope).clamp(SCALE_RANGE.0, SCALE_RANGE.1)
    } else {
        DEFAULT_SCALE
    };

    // The current rules: gates and the leakage guard decide which are refitted.
    let all_params = Param::all(spec);
    let mut support: BTreeMap<Param, (usize, usize)> = BTreeMap::new();
    let mut structural: BTreeMap<&'static str, usize> = BTreeMap::new();
    for e in examples {
        for (param, _) in &e.current.params {
            let s = support.entry(*param).or_default();
            s.0 += 1;
            s.1 += usize::from(e.y);
        }
        for code in &e.current.structural {
            *structural.entry(code).or_default() += 1;
        }
    }
    let mut active: Vec<Param> = Vec::new();
    let mut notes: BTreeMap<Param, String> = BTreeMap::new();
    for &param in &all_params {
        let (count, positive) = support.get(&param).copied().unwrap_or((0, 0));
        if guard(&param.presence(spec)) {
            notes.insert(
                param,
                format!(
                    "leakage guard: {} is known mostly for one outcome",
                    param.presence(spec).name()
                ),
            );
        } else if count < options.min_support {
            notes.insert(param, format!("not enough data (n={count})"));
        } else if positive == 0 || positive == count {
            notes.insert(
                param,
                format!(
                    "not enough data (n={count}, all {})",
                    if positive == 0 {
                        "negative"
                    } else {
                        "positive"
                    }
                ),
            );
        } else {
            active.push(param);
        }
    }
    let index: BTreeMap<Param, usize> = active.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    let rows: Vec<Row> = examples
        .iter()
        .map(|e| {
            e.current
                .params
                .iter()
                .filter_map(|(param, x)| index.get(param).map(|&j| (j, *x)))
                .collect()
        })
        .collect();
    // Points of the rules that are not refitted (gated, guarded), per lead.
    let fixed_points: Vec<f64> = examples
        .iter()
        .map(|e| {
            e.current
                .params
                .iter()
                .filter(|(param, _)| !index.contains_key(param))
                .map(|(param, x)| f64::from(param.points(spec)) * x)
                .sum()
        })
        .collect();
    let mut counts = CandidateCounts::default();
    let mut candidates = candidates(spec, examples, options, &mut counts, &mut guard);
    // Left out in an earlier round: caps and clamps took back most of their points.
    candidates.retain(|c| !excluded.iter().any(|r| same_rule(r, &c.rule)));
    let candidate_rows: Vec<Row> = (0..n)
        .map(|i| {
            candidates
                .iter()
                .enumerate()
                .filter_map(|(j, c)| c.x.get(i).filter(|x| **x != 0.0).map(|x| (j, *x)))
                .collect()
        })
        .collect();
    let prior_at = |ppl: f64| -> Vec<f64> {
        active
            .iter()
            .map(|p| f64::from(p.points(spec)) / ppl)
            .collect()
    };
    let offset_at = |ppl: f64| -> Vec<f64> { fixed_points.iter().map(|p| p / ppl).collect() };
    let mut points_per_logit = options.points_per_logit.unwrap_or(first_scale);
    let (chosen, mut joint) = fit::forward_select(
        &rows,
        &prior_at(points_per_logit),
        &candidate_rows,
        &y,
        &offset_at(points_per_logit),
        RIDGE,
        ENTRY_Z,
        MAX_ADDED,
    );
    // Keep the spread: rescale until the proposed rule points spread the labelled leads as
    // widely as the current ones (the same standard deviation), so thresholds keep their meaning.
    let spread = |points: &[f64]| -> f64 {
        let mean = points.iter().sum::<f64>() / points.len().max(1) as f64;
        (points.iter().map(|p| (p - mean) * (p - mean)).sum::<f64>() / points.len().max(1) as f64)
            .sqrt()
    };
    let current_spread = spread(&current_points);
    let mut clamped = false;
    // Without a spread to keep (no current rule fires on these leads), the first scale stays.
    if options.points_per_logit.is_none() && current_spread > 0.0 {
        for _ in 0..20 {
            let proposed_points: Vec<f64> = (0..n)
                .map(|i| {
                    let weight = |j: usize| joint.weights.get(j).copied().unwrap_or(0.0);
                    let base: f64 = rows
                        .get(i)
                        .map_or(0.0, |r| r.iter().map(|&(j, x)| weight(j) * x).sum::<f64>());
                    let new: f64 = candidate_rows.get(i).map_or(0.0, |r| {
                        r.iter()
                            .filter_map(|&(j, x)| {
                                chosen
                                    .iter()
                                    .position(|&c| c == j)
                                    .map(|k| weight(active.len() + k) * x)
                            })
                            .sum::<f64>()
                    });
                    (base + new) * points_per_logit + fixed_points.get(i).copied().unwrap_or(0.0)
                })
                .collect();
            let ratio = current_spread / spread(&proposed_points);
            if !ratio.is_finite() {
                break;
            }
            let next = (points_per_logit * ratio).clamp(SCALE_RANGE.0, SCALE_RANGE.1);
            clamped = next != points_per_logit * ratio;
            if (next - points_per_logit).abs() < 0.001 * points_per_logit {
                break;
            }
            points_per_logit = next;
            joint = fit::joint(
                &rows,
                &prior_at(points_per_logit),
                &candidate_rows,
                &chosen,
                &y,
                &offset_at(points_per_logit),
                RIDGE,
            );
        }
    }
    let scale = Scale {
        points_per_logit: round_to(points_per_logit, 4),
        derived: options.points_per_logit.is_none(),
        clamped,
        slope_per_point: Some(round_to(slope, 6)),
        spread: round_to(current_spread, 2),
    };
    let mut new_points: BTreeMap<Param, i32> = BTreeMap::new();
    for (param, w) in active.iter().zip(&joint.weights) {
        let (lo, hi) = param.bounds();
        let points = (w * points_per_logit)
            .round()
            .clamp(f64::from(lo), f64::from(hi)) as i32;
        new_points.insert(*param, points);
    }
    let mut added = Vec::new();
    for (k, &j) in chosen.iter().enumerate() {
        let (Some(c), Some(w), Some(se)) = (
            candidates.get(j),
            joint.weights.get(active.len() + k),
            joint.std_errors.get(active.len() + k),
        ) else {
            continue;
        };
        let points = (w * points_per_logit).round().clamp(-100.0, 100.0) as i32;
        if points.abs() < 2 {
            continue;
        }
        let mut rule = c.rule.clone();
        rule.points = points;
        rule.support = u32::try_from(c.support).unwrap_or(u32::MAX);
        added.push(AddedRule {
            rule,
            support: c.support,
            positive: c.positive,
            z: round_to(if *se > 0.0 { w / se } else { 0.0 }, 2),
        });
    }
    counts.not_significant = candidates.len() - added.len();
    counts.added = added.len();

    // The proposed model.
    let mut proposed = spec.clone();
    let mut rules = Vec::new();
    let mut removed = Vec::new();
    for &param in &all_params {
        let old = param.points(spec);
        let (count, positive) = support.get(&param).copied().unwrap_or((0, 0));
        let new = new_points.get(&param).copied();
        if let Some(points) = new {
            param.set(&mut proposed, points);
        }
        rules.push(RuleChange {
            path: param.path(),
            name: param.name(spec),
            old,
            new: new.unwrap_or(old),
            support: count,
            positive,
            status: match new {
                None => "kept",
                Some(p) if p == old => "unchanged",
                Some(_) => "reweighted",
            },
            note: notes.get(&param).cloned(),
        });
    }
    // Learned rules refitted to 0 points are removed (from the end, so indexes stay valid).
    for (i, rule) in spec.learned.iter().enumerate().rev() {
        if new_points.get(&Param::Learned(i)) == Some(&0) {
            removed.push(RemovedRule {
                path: Param::Learned(i).path(),
                name: Param::Learned(i).name(spec),
                old: rule.points,
                support: support.get(&Param::Learned(i)).map_or(0, |s| s.0),
            });
            proposed.learned.remove(i);
        }
    }
    removed.reverse();
    proposed
        .learned
        .extend(added.iter().map(|a| a.rule.clone()));
    proposed.version = proposed_version(&spec.version, options.now);

    let not_refittable = structural
        .into_iter()
        .map(|(code, leads)| NotRefittable {
            code,
            leads,
            reason: match code {
                "fit.must_have_cap" => {
                    "a cap, not a rule: keeps fit out of review when a must-have is not met"
                }
                "intent.passive_cap" => {
                    "a cap, not a rule: keeps activity alone below sales review"
                }
                _ => "clamping to 0–100, not a rule",
            },
        })
        .collect();
    Ok(Proposal {
        spec: proposed,
        scale,
        rules,
        added,
        taken_back: Vec::new(),
        removed,
        candidates: counts,
        guards: guard_cache.into_values().collect(),
        not_refittable,
    })
}

/// `2026-11-1` → `2026-11-1-cal-20261122` (an earlier `-cal-…` suffix is replaced).
pub fn proposed_version(version: &str, now: Timestamp) -> String {
    let base = match version.rfind("-cal-") {
        Some(i) => version.get(..i).unwrap_or(version),
        None => version,
    };
    let date = now.to_string();
    let ymd: String = date.chars().take(10).filter(char::is_ascii_digit).collect();
    format!("{base}-cal-{ymd}")
}

/// Candidate rules from the examples' field values (see the module docs).
fn candidates(
    spec: &ModelSpec,
    examples: &[&Example],
    options: &Options,
    counts: &mut CandidateCounts,
    guard: &mut dyn FnMut(&Presence) -> bool,
) -> Vec<Candidate> {
    let lookback = spec.intent.lookback_days;
    let mut fields: Vec<(Field, String, Dimension)> = Vec::new();
    for (path, dim) in TEXT_FIELDS.iter().chain(&NUMBER_FIELDS) {
        if let Some(f) = Field::parse(path) {
            fields.push((f, (*path).to_string(), *dim));
        }
    }
    let mut answers: BTreeSet<String> = BTreeSet::new();
    let mut event_types: BTreeSet<String> = BTreeSet::new();
    for e in examples {
        if let Some(raw) = &e.seen.form.fields {
            if let Ok(map) =
                serde_json::from_str::<BTreeMap<String, serde::de::IgnoredAny>>(raw.json())
            {
                answers.extend(map.into_keys());
            }
        }
        event_types.extend(e.seen.events.iter().map(|ev| ev.event_type.to_string()));
    }
    for name in answers {
        fields.push((
            Field::FormField(name.clone()),
            format!("form.fields.{name}"),
            Dimension::Fit,
        ));
    }
    for t in event_types {
        fields.push((
            Field::Events(t.clone()),
            format!("events.{t}"),
            Dimension::Intent,
        ));
    }

    let mut out = Vec::new();
    for (field, path, dimension) in fields {
        let values: Vec<Option<Value>> = examples
            .iter()
            .map(|e| field.value(&e.seen, lookback, e.at))
            .collect();
        // Text values by frequency; numbers into quartile bins.
        let mut texts: BTreeMap<String, usize> = BTreeMap::new();
        let mut numbers: Vec<f64> = Vec::new();
        for v in values.iter().flatten() {
            match v {
                Value::Number(x) => numbers.push(*x),
                Value::Text(t) => match (field.kind(), super::lead::parse_loose_number(t)) {
                    (learned::Kind::Any, Some(x)) => numbers.push(x),
                    _ => {
                        let key = t.trim().to_ascii_lowercase();
                        if !key.is_empty() {
                            *texts.entry(key).or_default() += 1;
                        }
                    }
                },
            }
        }
        let mut rules: Vec<LearnedRule> = Vec::new();
        let blank = |equals: Option<String>, min: Option<f64>, max: Option<f64>| LearnedRule {
            field: path.clone(),
            equals,
            min,
            max,
            points: 0,
            dimension,
            support: 0,
            label: None,
        };
        let mut by_count: Vec<(String, usize)> = texts.into_iter().collect();
        by_count.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        rules.extend(
            by_count
                .iter()
                .take(MAX_VALUES)
                .map(|(value, _)| blank(Some(value.clone()), None, None)),
        );
        let bins = quartile_bins(&mut numbers);
        // A single bin covering every value says nothing the level does not.
        if bins.len() > 1 {
            rules.extend(bins.into_iter().map(|(min, max)| blank(None, min, max)));
        }
        let presence = Presence::Field(path.clone());
        let guarded = !rules.is_empty() && guard(&presence);
        for rule in rules {
            if spec.learned.iter().any(|r| same_rule(r, &rule)) {
                continue;
            }
            counts.considered += 1;
            let x: Vec<f64> = values
                .iter()
                .map(|v| {
                    f64::from(u8::from(
                        v.as_ref().is_some_and(|v| learned::matches(&rule, v)),
                    ))
                })
                .collect();
            let support = x.iter().filter(|x| **x != 0.0).count();
            let positive = x
                .iter()
                .zip(examples)
                .filter(|(x, e)| **x != 0.0 && e.y)
                .count();
            if guarded {
                counts.guarded += 1;
            } else if support < options.min_support || positive == 0 || positive == support {
                counts.below_support += 1;
            } else {
                out.push(Candidate {
                    rule,
                    x,
                    support,
                    positive,
                });
            }
        }
    }
    out
}

fn same_rule(a: &LearnedRule, b: &LearnedRule) -> bool {
    a.field == b.field
        && a.equals.as_deref().map(|s| s.trim().to_ascii_lowercase())
            == b.equals.as_deref().map(|s| s.trim().to_ascii_lowercase())
        && a.min == b.min
        && a.max == b.max
}

/// Up to four bins at the quartiles, with whole-number edges: `≤ q1`, `q1+1 – q2`, `q2+1 – q3`,
/// `≥ q3+1` (first and last open), empty and repeated edges dropped. Sorts `values`.
fn quartile_bins(values: &mut [f64]) -> Vec<(Option<f64>, Option<f64>)> {
    values.sort_by(f64::total_cmp);
    let quantile = |q: f64| -> f64 {
        let i = ((values.len() - 1) as f64 * q).floor() as usize;
        values.get(i).copied().unwrap_or(0.0).floor()
    };
    let (low, high) = match (values.first(), values.last()) {
        (Some(l), Some(h)) => (l.floor(), h.floor()),
        _ => return Vec::new(),
    };
    let mut edges: Vec<f64> = [0.25, 0.5, 0.75].iter().map(|q| quantile(*q)).collect();
    edges.dedup();
    edges.retain(|e| *e < high);
    let mut bins = Vec::new();
    let mut start: Option<f64> = None;
    for edge in edges {
        if start.is_some_and(|s| s > edge) || edge < low {
            continue;
        }
        bins.push((start, Some(edge)));
        start = Some(edge + 1.0);
    }
    bins.push((start, None));
    bins
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_have_whole_edges_and_cover_everything() {
        let mut v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(
            quartile_bins(&mut v),
            [
                (None, Some(25.0)),
                (Some(26.0), Some(50.0)),
                (Some(51.0), Some(75.0)),
                (Some(76.0), None)
            ]
        );
        let mut counts = vec![0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 2.0];
        assert_eq!(
            quartile_bins(&mut counts),
            [(None, Some(0.0)), (Some(1.0), None)]
        );
        let mut same = vec![3.0; 10];
        assert_eq!(quartile_bins(&mut same), [(None, None)]);
    }

    #[test]
    fn versions() {
        let now = Timestamp::parse_rfc3339("2026-11-22T12:00:00Z").unwrap_or(Timestamp(0));
        assert_eq!(proposed_version("2026-11-1", now), "2026-11-1-cal-20261122");
        assert_eq!(
            proposed_version("2026-11-1-cal-20260101", now),
            "2026-11-1-cal-20261122"
        );
    }
}
