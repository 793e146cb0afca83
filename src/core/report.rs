//! Funnel metrics: is the score working? Leads scored by a model, joined with what sales and the
//! pipeline did with them ([`super::outcome`]), counted overall and by group (`leadlens report`).
//!
//! Pure: the caller reads the files and scores the leads ([`row`]), this module only counts. Not
//! in the scoring path (nothing in `score` calls it), so it may sort and format freely.
//!
//! # Which score
//!
//! Each lead is scored **as of its own `created_at`** (events stamped later are dropped: they had
//! not happened yet), which is what routing saw when the lead arrived; a lead without
//! `created_at` is scored at `now`. All metrics use that route and those scores (the model
//! under test), not the `score_snapshot` of a decision, which only names the model version for
//! the `model_version` grouping (the snapshot's version when present, else the scoring model's).
//!
//! # Definitions (per group; "decision" is a lead's latest decision, see [`LeadOutcome`])
//!
//! - `lead_to_accepted` = leads whose decision is `accepted` / leads.
//! - `accepted_to_opportunity` = accepted leads with an `opportunity_created` or `won` record /
//!   accepted leads.
//! - `lead_to_won` = leads with a `won` record / leads, whether or not a decision was recorded
//!   (exports of won deals often carry no reviewer decisions). Counted at `now`: recent leads may
//!   still convert.
//! - `false_positive` = leads routed `sales_review` whose decision is `rejected` / leads routed
//!   `sales_review` with a decision (`recycled` counts as decided, not as a false positive).
//! - `speed_to_acceptance` (hours) = `decided_at − created_at` of accepted leads: median and 90th
//!   percentile, interpolated linearly between ranks (numpy's default; the median of an even
//!   count is the mean of the middle two). Accepted leads without `created_at`, or decided
//!   before it, are `skipped`.
//! - `clear_reason` = leads routed `disqualify` or whose decision is `rejected`, that have a clear
//!   reason / those leads. Clear: a disqualification code (every `disqualify` route has one), or
//!   a rejection `reason_code` that is not `other` — `other` counts as clear only with a note.
//! - `feedback_completion` = leads routed `sales_review` with a decision / leads routed
//!   `sales_review`.
//! - `manual_override` = decided leads whose decision disagrees with the route: `accepted` when
//!   routed `nurture` or `disqualify`, or `rejected` when routed `sales_review` / decided leads
//!   (`recycled` never overrides: it sends the lead back to nurture, which no route forbids).
//! - `top_rejection_reasons`: rejected leads by `reason_code` (`(none)` without one), most
//!   frequent first (ties by code), at most [`Options::top_reasons`].
//!
//! Every rate carries its numerator, denominator, a 95 % Wilson score interval and
//! `small_sample` (denominator below [`Options::small_sample`], 30 by default).
//!
//! `alignment` (score_to_acceptance_alignment): (a) sales acceptance by fit band and by route —
//! accepted / decided leads, so it asks "when sales looked, did they agree with the score" — and
//! whether it never falls as the band rises (low → medium → high; disqualify → nurture →
//! sales_review), with the first offending pair when it does; (b) the AUC of `fit + intent`
//! (0–200) between accepted (positive) and rejected (negative) leads: the probability that an
//! accepted lead outscores a rejected one, ties counting one half (recycled leads left out).
//!
//! `experiment`: each variant against the first one listed in the model (the control): the
//! difference in `lead_to_accepted` and in `false_positive` with a 95 % Newcombe interval (the
//! hybrid score interval built from the two Wilson intervals), `meaningful` when that interval
//! excludes 0 and neither side is a small sample; and both medians of speed to acceptance.
//!
//! # JSON (`leadlens report --format json`, schema `leadlens.report/1`)
//!
//! ```text
//! { "schema": "leadlens.report/1",
//!   "model": {"id", "version"}, "now": RFC 3339, "scored_as_of": "created_at",
//!   "window": {"since": RFC 3339 | null, "until": RFC 3339 | null},     // since ≤ created_at < until
//!   "input": {"leads_read", "bad_lead_lines", "duplicate_leads", "outside_window",
//!             "undated_outside_window", "leads", "outcome_records", "bad_outcome_lines",
//!             "unknown_lead_ids", "unknown_lead_records", "unknown_lead_examples": [id…]},
//!   "overall": Metrics,
//!   "groups": {"fit_band" | "intent_band" | "route" | "channel" | "campaign" | "model_version"
//!              | "variant": [ {"key": string, …Metrics} ]},
//!   "alignment": {"by_fit_band": Monotone, "by_route": Monotone,
//!                 "auc": {"score": "fit + intent", "value": number | null, "positives",
//!                         "negatives", "small_sample"}},
//!   "experiment": null | {"id": string, "control": string,
//!                 "variants": [{"variant", "lead_to_accepted": Difference,
//!                               "false_positive": Difference,
//!                               "median_hours_to_acceptance": {"control", "variant"}}]} }
//! Metrics    = {"leads", "decided", "accepted", "rejected", "recycled", "lead_to_accepted": Rate,
//!               "accepted_to_opportunity": Rate, "lead_to_won": Rate, "false_positive": Rate,
//!               "speed_to_acceptance": {"unit": "hours", "n", "median", "p90", "skipped",
//!                                       "small_sample"},
//!               "clear_reason": Rate, "feedback_completion": Rate, "manual_override": Rate,
//!               "top_rejection_reasons": [{"reason", "count"}]}
//! Rate       = {"num", "den", "rate": 0–1 | null, "ci95": [low, high] | null, "small_sample"}
//! Monotone   = {"rates": [{"key", …Rate}], "monotone": bool | null (fewer than two groups
//!               with decisions), "violation": null | {"lower", "higher", "lower_rate",
//!               "higher_rate"}}
//! Difference = {"control": Rate, "variant": Rate, "difference": number | null (variant −
//!               control), "ci95": [low, high] | null, "meaningful": bool, "verdict": string}
//! ```
//! Rates and intervals are rounded to 4 decimals, hours to 2. Groups: bands and routes always
//! list all three keys in order; channels, campaigns and model versions by leads (most first,
//! ties by key); variants in the model's order. A missing value is the key `(none)`.

use std::borrow::Cow;
use std::cmp::Ordering;

use serde::Serialize;

use super::decision::Outcome;
use super::error::InputError;
use super::lead::Lead;
use super::model::Model;
use super::outcome::LeadOutcome;
use super::result::{Band, Route, ScoredLead};
use super::text::TextMap;
use super::time::Timestamp;

/// Below this denominator a rate is flagged `small_sample`.
pub const SMALL_SAMPLE: u64 = 30;
/// The 97.5th percentile of the standard normal distribution (a two-sided 95 % interval).
const Z95: f64 = 1.959_963_984_540_054;
const NONE_KEY: &str = "(none)";
const MS_PER_HOUR: f64 = 3_600_000.0;

/// What the report needs of one scored lead.
#[derive(Debug, Clone, PartialEq)]
pub struct LeadRow {
    pub lead_id: String,
    pub created_at: Option<Timestamp>,
    pub channel: Option<String>,
    pub campaign: Option<String>,
    pub fit: i32,
    pub intent: i32,
    pub fit_band: Band,
    pub intent_band: Band,
    pub route: Route,
    pub disqualification: Option<String>,
    /// The scoring model's version.
    pub model_version: String,
    pub variant: Option<String>,
}

impl LeadRow {
    pub fn new(lead: &Lead, result: &ScoredLead) -> LeadRow {
        LeadRow {
            lead_id: lead.id.to_string(),
            created_at: lead.created_at,
            channel: lead.source.channel.as_deref().map(str::to_string),
            campaign: lead.source.campaign.as_deref().map(str::to_string),
            fit: result.fit.score,
            intent: result.intent.score,
            fit_band: result.fit.band,
            intent_band: result.intent.band,
            route: result.route,
            disqualification: result.disqualification.as_ref().map(|d| d.code.to_string()),
            model_version: result.model.version.to_string(),
            variant: result.variant.as_ref().map(|v| v.to_string()),
        }
    }
}

/// The lead as it stood at `at`: events stamped later are left out (events without a time
/// stay: scoring dates them at `created_at`).
pub fn as_of<'a>(lead: &'a Lead<'a>, at: Timestamp) -> Cow<'a, Lead<'a>> {
    if lead.events.iter().all(|e| e.at.map_or(true, |t| t <= at)) {
        return Cow::Borrowed(lead);
    }
    let mut owned = lead.clone();
    owned.events.retain(|e| e.at.map_or(true, |t| t <= at));
    Cow::Owned(owned)
}

/// Scores a lead the way the report does: as of its `created_at` (else `now`).
pub fn row(lead: &Lead, model: &Model, now: Timestamp) -> Result<LeadRow, InputError> {
    let at = lead.created_at.unwrap_or(now);
    let seen = as_of(lead, at);
    let result = super::score(&seen, model, at)?;
    Ok(LeadRow::new(lead, &result))
}

/// Lines read by the caller (the report counts the rest itself).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InputCounts {
    pub bad_lead_lines: u64,
    pub outcome_records: u64,
    pub bad_outcome_lines: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub model_id: String,
    pub model_version: String,
    pub now: Timestamp,
    /// Leads created at or after this instant (inclusive).
    pub since: Option<Timestamp>,
    /// Leads created before this instant (exclusive).
    pub until: Option<Timestamp>,
    pub small_sample: u64,
    pub top_reasons: usize,
    /// The model's experiment id and variant names in order (the first is the control).
    pub experiment: Option<(String, Vec<String>)>,
}

impl Options {
    /// Options for a report on `model` at `now`: no window, small samples below 30, top 5
    /// rejection reasons, the model's experiment.
    pub fn new(model: &Model, now: Timestamp) -> Options {
        Options {
            model_id: model.id().to_string(),
            model_version: model.version().to_string(),
            now,
            since: None,
            until: None,
            small_sample: SMALL_SAMPLE,
            top_reasons: 5,
            experiment: model.spec().experiment.as_ref().map(|e| {
                (
                    e.id.clone(),
                    e.variants.iter().map(|v| v.name.clone()).collect(),
                )
            }),
        }
    }
}

// ---- output ----------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub schema: &'static str,
    pub model: ModelInfo,
    pub now: Timestamp,
    /// When each lead was scored: `created_at` (else `now`).
    pub scored_as_of: &'static str,
    pub window: Window,
    pub input: InputSummary,
    pub overall: Metrics,
    pub groups: Groups,
    pub alignment: Alignment,
    pub experiment: Option<ExperimentReport>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelInfo {
    pub id: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Window {
    pub since: Option<Timestamp>,
    pub until: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputSummary {
    /// Leads read and scored (good lines of the leads file).
    pub leads_read: u64,
    pub bad_lead_lines: u64,
    /// Later lines repeating a lead id (the first one is kept).
    pub duplicate_leads: u64,
    /// Leads created outside `--since`/`--until`.
    pub outside_window: u64,
    /// Leads without `created_at`, left out because a window was set.
    pub undated_outside_window: u64,
    /// Leads in the report.
    pub leads: u64,
    pub outcome_records: u64,
    pub bad_outcome_lines: u64,
    /// Lead ids in the outcomes that are not in the leads file.
    pub unknown_lead_ids: u64,
    /// Outcome records of those ids.
    pub unknown_lead_records: u64,
    /// The first (sorted) of those ids, at most 10.
    pub unknown_lead_examples: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rate {
    pub num: u64,
    pub den: u64,
    pub rate: Option<f64>,
    pub ci95: Option<[f64; 2]>,
    pub small_sample: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Speed {
    pub unit: &'static str,
    pub n: u64,
    pub median: Option<f64>,
    pub p90: Option<f64>,
    pub skipped: u64,
    pub small_sample: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReasonCount {
    pub reason: String,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metrics {
    pub leads: u64,
    pub decided: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub recycled: u64,
    pub lead_to_accepted: Rate,
    pub accepted_to_opportunity: Rate,
    /// Leads with a `won` record / leads (with or without a decision).
    pub lead_to_won: Rate,
    pub false_positive: Rate,
    pub speed_to_acceptance: Speed,
    pub clear_reason: Rate,
    pub feedback_completion: Rate,
    pub manual_override: Rate,
    pub top_rejection_reasons: Vec<ReasonCount>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    pub key: String,
    #[serde(flatten)]
    pub metrics: Metrics,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Groups {
    pub fit_band: Vec<Group>,
    pub intent_band: Vec<Group>,
    pub route: Vec<Group>,
    pub channel: Vec<Group>,
    pub campaign: Vec<Group>,
    pub model_version: Vec<Group>,
    pub variant: Vec<Group>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alignment {
    pub by_fit_band: Monotone,
    pub by_route: Monotone,
    pub auc: Auc,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyedRate {
    pub key: String,
    #[serde(flatten)]
    pub rate: Rate,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Monotone {
    /// Acceptance (accepted / decided) per group, lowest group first.
    pub rates: Vec<KeyedRate>,
    /// Whether acceptance never falls from one group with decisions to the next; `None` with
    /// fewer than two such groups.
    pub monotone: Option<bool>,
    pub violation: Option<Violation>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Violation {
    pub lower: String,
    pub higher: String,
    pub lower_rate: f64,
    pub higher_rate: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Auc {
    pub score: &'static str,
    pub value: Option<f64>,
    pub positives: u64,
    pub negatives: u64,
    pub small_sample: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExperimentReport {
    pub id: String,
    pub control: String,
    pub variants: Vec<VariantComparison>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariantComparison {
    pub variant: String,
    pub lead_to_accepted: Difference,
    pub false_positive: Difference,
    pub median_hours_to_acceptance: MedianPair,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MedianPair {
    pub control: Option<f64>,
    pub variant: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    pub control: Rate,
    pub variant: Rate,
    /// variant − control.
    pub difference: Option<f64>,
    pub ci95: Option<[f64; 2]>,
    pub meaningful: bool,
    pub verdict: &'static str,
}

// ---- statistics ------------------------------------------------------------------------------

/// The 95 % Wilson score interval of `num` successes in `den` trials (`None` for `den` = 0).
pub fn wilson(num: u64, den: u64) -> Option<(f64, f64)> {
    if den == 0 {
        return None;
    }
    let n = den as f64;
    let p = num.min(den) as f64 / n;
    let z2 = Z95 * Z95;
    let scale = 1.0 + z2 / n;
    let center = (p + z2 / (2.0 * n)) / scale;
    let half = Z95 / scale * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    Some(((center - half).max(0.0), (center + half).min(1.0)))
}

/// Newcombe's hybrid score interval (his method 10) for `p1 − p2`, from the two Wilson
/// intervals.
pub fn newcombe(a: (u64, u64), b: (u64, u64)) -> Option<(f64, f64, f64)> {
    let (l1, u1) = wilson(a.0, a.1)?;
    let (l2, u2) = wilson(b.0, b.1)?;
    let p1 = a.0 as f64 / a.1 as f64;
    let p2 = b.0 as f64 / b.1 as f64;
    let d = p1 - p2;
    let low = d - ((p1 - l1).powi(2) + (u2 - p2).powi(2)).sqrt();
    let high = d + ((u1 - p1).powi(2) + (p2 - l2).powi(2)).sqrt();
    Some((d, low, high))
}

/// The probability that a positive outscores a negative, ties counting one half (the
/// Mann–Whitney U statistic over the number of pairs). `None` without both classes.
pub fn auc(positives: &[i32], negatives: &[i32]) -> Option<f64> {
    if positives.is_empty() || negatives.is_empty() {
        return None;
    }
    let mut negs = negatives.to_vec();
    negs.sort_unstable();
    let mut twice_wins: u128 = 0;
    for &p in positives {
        let below = negs.partition_point(|&n| n < p) as u128;
        let equal = negs.partition_point(|&n| n <= p) as u128 - below;
        twice_wins += 2 * below + equal;
    }
    let pairs = positives.len() as f64 * negatives.len() as f64;
    Some(twice_wins as f64 / 2.0 / pairs)
}

/// The `q` quantile (0–1) of sorted values, linearly interpolated between ranks.
pub fn quantile(sorted: &[f64], q: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let h = last as f64 * q.clamp(0.0, 1.0);
    let below = h.floor() as usize;
    let low = *sorted.get(below)?;
    let high = *sorted.get((below + 1).min(last))?;
    Some(low + (h - below as f64) * (high - low))
}

fn round(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (x * scale).round() / scale
}

fn rate(num: u64, den: u64, small_sample: u64) -> Rate {
    Rate {
        num,
        den,
        rate: (den > 0).then(|| round(num as f64 / den as f64, 4)),
        ci95: wilson(num, den).map(|(l, h)| [round(l, 4), round(h, 4)]),
        small_sample: den < small_sample,
    }
}

// ---- counting --------------------------------------------------------------------------------

/// Counts of one group, turned into [`Metrics`] at the end.
#[derive(Debug, Default)]
struct Tally {
    leads: u64,
    decided: u64,
    accepted: u64,
    rejected: u64,
    recycled: u64,
    accepted_with_opportunity: u64,
    won: u64,
    review: u64,
    review_decided: u64,
    review_rejected: u64,
    reason_needed: u64,
    reason_clear: u64,
    overrides: u64,
    hours: Vec<f64>,
    speed_skipped: u64,
    reasons: Vec<ReasonCount>,
}

impl Tally {
    fn add(&mut self, row: &LeadRow, outcome: Option<&LeadOutcome>) {
        self.leads += 1;
        if outcome.is_some_and(|o| o.won_at.is_some()) {
            self.won += 1;
        }
        let decision = outcome.and_then(|o| o.decision.as_ref());
        let verdict = decision.map(|d| d.outcome);
        let review = row.route == Route::SalesReview;
        if review {
            self.review += 1;
        }
        if let Some(verdict) = verdict {
            self.decided += 1;
            if review {
                self.review_decided += 1;
            }
            let overridden = match verdict {
                Outcome::Accepted => row.route != Route::SalesReview,
                Outcome::Rejected => review,
                Outcome::Recycled => false,
            };
            if overridden {
                self.overrides += 1;
            }
        }
        match (verdict, decision) {
            (Some(Outcome::Accepted), Some(d)) => {
                self.accepted += 1;
                if outcome.is_some_and(LeadOutcome::has_opportunity) {
                    self.accepted_with_opportunity += 1;
                }
                let hours = row
                    .created_at
                    .map(|c| d.decided_at.millis().saturating_sub(c.millis()))
                    .filter(|ms| *ms >= 0)
                    .map(|ms| ms as f64 / MS_PER_HOUR);
                match hours {
                    Some(h) => self.hours.push(h),
                    None => self.speed_skipped += 1,
                }
            }
            (Some(Outcome::Rejected), Some(d)) => {
                self.rejected += 1;
                if review {
                    self.review_rejected += 1;
                }
                let reason = d.reason_code.as_deref().unwrap_or(NONE_KEY);
                match self.reasons.iter_mut().find(|r| r.reason == reason) {
                    Some(r) => r.count += 1,
                    None => self.reasons.push(ReasonCount {
                        reason: reason.to_string(),
                        count: 1,
                    }),
                }
            }
            (Some(Outcome::Recycled), _) => self.recycled += 1,
            _ => {}
        }
        let disqualified = row.route == Route::Disqualify;
        let rejected = verdict == Some(Outcome::Rejected);
        if disqualified || rejected {
            self.reason_needed += 1;
            let by_code = disqualified && row.disqualification.is_some();
            let by_reason = rejected
                && decision.is_some_and(|d| match d.reason_code.as_deref() {
                    None => false,
                    Some("other") => d.note.is_some(),
                    Some(_) => true,
                });
            if by_code || by_reason {
                self.reason_clear += 1;
            }
        }
    }

    fn metrics(mut self, options: &Options) -> Metrics {
        let small = options.small_sample;
        self.hours
            .sort_unstable_by(|a, b| a.partial_cmp(b).unwrap_or(Ordering::Equal));
        self.reasons
            .sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.reason.cmp(&b.reason)));
        self.reasons.truncate(options.top_reasons);
        Metrics {
            leads: self.leads,
            decided: self.decided,
            accepted: self.accepted,
            rejected: self.rejected,
            recycled: self.recycled,
            lead_to_accepted: rate(self.accepted, self.leads, small),
            accepted_to_opportunity: rate(self.accepted_with_opportunity, self.accepted, small),
            lead_to_won: rate(self.won, self.leads, small),
            false_positive: rate(self.review_rejected, self.review_decided, small),
            speed_to_acceptance: Speed {
                unit: "hours",
                n: self.hours.len() as u64,
                median: quantile(&self.hours, 0.5).map(|h| round(h, 2)),
                p90: quantile(&self.hours, 0.9).map(|h| round(h, 2)),
                skipped: self.speed_skipped,
                small_sample: (self.hours.len() as u64) < small,
            },
            clear_reason: rate(self.reason_clear, self.reason_needed, small),
            feedback_completion: rate(self.review_decided, self.review, small),
            manual_override: rate(self.overrides, self.decided, small),
            top_rejection_reasons: self.reasons,
        }
    }
}

/// Tallies keyed by group, in first-seen order.
#[derive(Default)]
struct Grouping {
    keys: Vec<String>,
    tallies: Vec<Tally>,
}

impl Grouping {
    fn with_keys(keys: &[&str]) -> Grouping {
        Grouping {
            keys: keys.iter().map(|k| k.to_string()).collect(),
            tallies: keys.iter().map(|_| Tally::default()).collect(),
        }
    }

    fn add(&mut self, key: &str, row: &LeadRow, outcome: Option<&LeadOutcome>) {
        let index = match self.keys.iter().position(|k| k == key) {
            Some(i) => i,
            None => {
                self.keys.push(key.to_string());
                self.tallies.push(Tally::default());
                self.keys.len() - 1
            }
        };
        if let Some(tally) = self.tallies.get_mut(index) {
            tally.add(row, outcome);
        }
    }

    /// In key order as given (fixed keys), then by leads and key.
    fn groups(self, options: &Options, by_size: bool) -> Vec<Group> {
        let mut groups: Vec<Group> = self
            .keys
            .into_iter()
            .zip(self.tallies)
            .map(|(key, tally)| Group {
                key,
                metrics: tally.metrics(options),
            })
            .collect();
        if by_size {
            groups.sort_by(|a, b| {
                b.metrics
                    .leads
                    .cmp(&a.metrics.leads)
                    .then_with(|| a.key.cmp(&b.key))
            });
        }
        groups
    }
}

const BANDS: [&str; 3] = ["low", "medium", "high"];
const ROUTES: [&str; 3] = ["sales_review", "nurture", "disqualify"];

/// Computes the report. `rows` in file order (a repeated lead id counts once: the first row);
/// `outcomes` from [`super::outcome::by_lead`].
pub fn report(
    rows: &[LeadRow],
    outcomes: &TextMap<String, LeadOutcome>,
    counts: InputCounts,
    options: &Options,
) -> Report {
    let windowed = options.since.is_some() || options.until.is_some();
    let mut seen: TextMap<&str, ()> = TextMap::default();
    let mut input = InputSummary {
        leads_read: rows.len() as u64,
        bad_lead_lines: counts.bad_lead_lines,
        duplicate_leads: 0,
        outside_window: 0,
        undated_outside_window: 0,
        leads: 0,
        outcome_records: counts.outcome_records,
        bad_outcome_lines: counts.bad_outcome_lines,
        unknown_lead_ids: 0,
        unknown_lead_records: 0,
        unknown_lead_examples: Vec::new(),
    };
    let mut overall = Tally::default();
    let mut fit_band = Grouping::with_keys(&BANDS);
    let mut intent_band = Grouping::with_keys(&BANDS);
    let mut route = Grouping::with_keys(&ROUTES);
    let mut channel = Grouping::default();
    let mut campaign = Grouping::default();
    let mut model_version = Grouping::default();
    let variant_keys: Vec<&str> = options
        .experiment
        .iter()
        .flat_map(|(_, names)| names.iter().map(String::as_str))
        .collect();
    let mut variant = Grouping::with_keys(&variant_keys);
    // Acceptance among decided leads, lowest group first: fit bands, routes.
    let mut by_fit_band = [(0u64, 0u64); 3];
    let mut by_route = [(0u64, 0u64); 3];
    let (mut positives, mut negatives) = (Vec::new(), Vec::new());

    for row in rows {
        if seen.insert(row.lead_id.as_str(), ()).is_some() {
            input.duplicate_leads += 1;
            continue;
        }
        let inside = match row.created_at {
            Some(t) => {
                options.since.map_or(true, |s| t >= s) && options.until.map_or(true, |u| t < u)
            }
            None => !windowed,
        };
        if !inside {
            if row.created_at.is_some() {
                input.outside_window += 1;
            } else {
                input.undated_outside_window += 1;
            }
            continue;
        }
        input.leads += 1;
        let outcome = outcomes.get(&row.lead_id);
        overall.add(row, outcome);
        fit_band.add(row.fit_band.as_str(), row, outcome);
        intent_band.add(row.intent_band.as_str(), row, outcome);
        route.add(row.route.as_str(), row, outcome);
        channel.add(row.channel.as_deref().unwrap_or(NONE_KEY), row, outcome);
        campaign.add(row.campaign.as_deref().unwrap_or(NONE_KEY), row, outcome);
        let version = outcome
            .and_then(|o| o.decision.as_ref())
            .and_then(|d| d.score_snapshot.as_ref())
            .map_or(row.model_version.as_str(), |s| s.model_version.as_str());
        model_version.add(version, row, outcome);
        variant.add(row.variant.as_deref().unwrap_or(NONE_KEY), row, outcome);

        if let Some(verdict) = outcome.and_then(LeadOutcome::outcome) {
            let accepted = u64::from(verdict == Outcome::Accepted);
            let band = match row.fit_band {
                Band::Low => 0,
                Band::Medium => 1,
                Band::High => 2,
            };
            let step = match row.route {
                Route::Disqualify => 0,
                Route::Nurture => 1,
                Route::SalesReview => 2,
            };
            for (slot, index) in [(&mut by_fit_band, band), (&mut by_route, step)] {
                if let Some(cell) = slot.get_mut(index) {
                    cell.0 += accepted;
                    cell.1 += 1;
                }
            }
            match verdict {
                Outcome::Accepted => positives.push(row.fit + row.intent),
                Outcome::Rejected => negatives.push(row.fit + row.intent),
                Outcome::Recycled => {}
            }
        }
    }

    let mut unknown: Vec<(&String, u32)> = outcomes
        .iter()
        .filter(|(id, _)| !seen.contains_key(id.as_str()))
        .map(|(id, o)| (id, o.records))
        .collect();
    unknown.sort();
    input.unknown_lead_ids = unknown.len() as u64;
    input.unknown_lead_records = unknown.iter().map(|(_, n)| u64::from(*n)).sum();
    input.unknown_lead_examples = unknown
        .iter()
        .take(10)
        .map(|(id, _)| id.to_string())
        .collect();

    let small = options.small_sample;
    let alignment = Alignment {
        by_fit_band: monotone(&BANDS, &by_fit_band, small),
        by_route: monotone(&["disqualify", "nurture", "sales_review"], &by_route, small),
        auc: Auc {
            score: "fit + intent",
            value: auc(&positives, &negatives).map(|a| round(a, 4)),
            positives: positives.len() as u64,
            negatives: negatives.len() as u64,
            small_sample: (positives.len() as u64) < small || (negatives.len() as u64) < small,
        },
    };
    let variants = variant.groups(options, false);
    let experiment = experiment_report(options, &variants);
    Report {
        schema: "leadlens.report/1",
        model: ModelInfo {
            id: options.model_id.clone(),
            version: options.model_version.clone(),
        },
        now: options.now,
        scored_as_of: "created_at",
        window: Window {
            since: options.since,
            until: options.until,
        },
        input,
        overall: overall.metrics(options),
        groups: Groups {
            fit_band: fit_band.groups(options, false),
            intent_band: intent_band.groups(options, false),
            route: route.groups(options, false),
            channel: channel.groups(options, true),
            campaign: campaign.groups(options, true),
            model_version: model_version.groups(options, true),
            variant: variants,
        },
        alignment,
        experiment,
    }
}

fn monotone(keys: &[&str], cells: &[(u64, u64)], small: u64) -> Monotone {
    let rates: Vec<KeyedRate> = keys
        .iter()
        .zip(cells)
        .map(|(key, &(num, den))| KeyedRate {
            key: key.to_string(),
            rate: rate(num, den, small),
        })
        .collect();
    let decided: Vec<(&str, f64)> = rates
        .iter()
        .filter(|r| r.rate.den > 0)
        .map(|r| (r.key.as_str(), r.rate.num as f64 / r.rate.den as f64))
        .collect();
    let violation = decided.windows(2).find_map(|pair| match pair {
        [(lower, a), (higher, b)] if a > b => Some(Violation {
            lower: lower.to_string(),
            higher: higher.to_string(),
            lower_rate: round(*a, 4),
            higher_rate: round(*b, 4),
        }),
        _ => None,
    });
    Monotone {
        monotone: (decided.len() >= 2).then_some(violation.is_none()),
        violation,
        rates,
    }
}

fn experiment_report(options: &Options, variants: &[Group]) -> Option<ExperimentReport> {
    let (id, names) = options.experiment.as_ref()?;
    let control_name = names.first()?;
    let control = variants.iter().find(|g| g.key == *control_name)?;
    let compare = |c: &Rate, v: &Rate| -> Difference {
        let interval = newcombe((v.num, v.den), (c.num, c.den));
        let small_sample = c.small_sample || v.small_sample;
        let excludes_zero = interval.is_some_and(|(_, low, high)| low > 0.0 || high < 0.0);
        let verdict = match interval {
            None => "no data",
            Some(_) if small_sample => "not yet: small sample",
            Some(_) if excludes_zero => "yes: the interval excludes 0",
            Some(_) => "not yet: the interval includes 0",
        };
        Difference {
            control: c.clone(),
            variant: v.clone(),
            difference: interval.map(|(d, _, _)| round(d, 4)),
            ci95: interval.map(|(_, l, h)| [round(l, 4), round(h, 4)]),
            meaningful: excludes_zero && !small_sample,
            verdict,
        }
    };
    let comparisons = variants
        .iter()
        .filter(|g| g.key != *control_name && names.contains(&g.key))
        .map(|v| VariantComparison {
            variant: v.key.clone(),
            lead_to_accepted: compare(
                &control.metrics.lead_to_accepted,
                &v.metrics.lead_to_accepted,
            ),
            false_positive: compare(&control.metrics.false_positive, &v.metrics.false_positive),
            median_hours_to_acceptance: MedianPair {
                control: control.metrics.speed_to_acceptance.median,
                variant: v.metrics.speed_to_acceptance.median,
            },
        })
        .collect();
    Some(ExperimentReport {
        id: id.clone(),
        control: control_name.clone(),
        variants: comparisons,
    })
}
