//! The pure scoring core: no wasm, no DOM, no clock, no I/O. `now` is an argument.
//!
//! Entry points: [`parse_lead`], [`Model::from_json`], [`score()`]. Everything here is
//! deterministic and never panics on untrusted input (leads and models).

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

pub mod decision;
pub mod error;
pub mod form;
pub mod hygiene;
pub mod lead;
pub mod model;
pub mod outbox;
pub mod result;
mod route;
pub mod score;
pub mod text;
pub mod time;

pub use decision::{Decision, DecisionDraft, DecisionId, DraftError, Outcome};
pub use error::{ErrorCode, InputError, ModelError, ModelProblem};
pub use lead::{parse_lead, parse_leads, Lead};
pub use model::{validate, Model, ModelSpec, DEFAULT_MODEL_JSON};
pub use result::{Band, Evidence, ReviewReason, Route, ScoredLead};
pub use time::Timestamp;

use result::{Confidence, FitResult, IntentResult, ModelRef};

/// Scores one lead: fit, intent, negative fit, route, evidence, next action.
///
/// Deterministic: the same lead, model and `now` give the same result on every target.
/// Fails only when the lead has no usable `id` (parsed leads always have one).
///
/// # Examples
/// ```
/// use leadlens::core::{parse_lead, score, Model, Timestamp};
/// let model = Model::default_model();
/// let lead = parse_lead(r#"{"id": "L-1", "contact": {"title": "Student", "email": "kim@stateu.edu"}}"#).unwrap();
/// let now = Timestamp::parse_rfc3339("2026-11-22T12:00:00Z").unwrap();
/// let result = score(&lead, &model, now).unwrap();
/// assert_eq!(result.route.as_str(), "disqualify");
/// assert_eq!(result.disqualification.unwrap().code, "student");
/// ```
pub fn score(lead: &Lead, model: &Model, now: Timestamp) -> Result<ScoredLead, InputError> {
    if lead.id.trim().is_empty() {
        return Err(InputError::new(
            ErrorCode::MissingField,
            "id",
            "expected a non-empty lead id",
        ));
    }
    let facts = score::Facts::new(lead, model, now);
    let spec = model.spec();

    // Fit: positive criteria → must-have cap → negative evidence → clamp.
    let fit_parts = score::fit(&facts, model);
    let mut fit_evidence = fit_parts.evidence;
    let positive: i32 = fit_evidence.iter().map(|e| e.points).sum();
    if let (Some(cap), false) = (
        spec.fit.must_have_cap,
        fit_parts.unmet_must_haves.is_empty(),
    ) {
        if positive > cap {
            fit_evidence.push(Evidence::new(
                "fit.must_have_cap",
                cap - positive,
                crate::text!(
                    "Capped at {cap}: must-have not met ({})",
                    fit_parts.unmet_must_haves.join(", ")
                ),
            ));
        }
    }
    let fit_before_negatives: i32 = fit_evidence.iter().map(|e| e.points).sum();
    let negatives = score::negatives(&facts, model);
    for n in &negatives {
        let mut item = Evidence::new(
            crate::text!("negative.{}", n.code),
            n.points,
            n.label.clone(),
        );
        item.field = n.field.clone();
        item.value = n.value.clone();
        fit_evidence.push(item);
    }
    let fit = clamp("fit", fit_evidence);

    // Intent: signals with decay → passive cap → stated-need cues → clamp.
    let intent_parts = score::intent(&facts, model);
    let intent = clamp("intent", intent_parts.evidence);

    let fit_band = band(fit.0, spec.bands.fit);
    let intent_band = band(intent.0, spec.bands.intent);
    let mut missing: Vec<result::Text> = fit_parts
        .missing
        .iter()
        .map(|s| std::borrow::Cow::Borrowed(*s))
        .collect();
    if lead.form.message.is_none() {
        missing.push(std::borrow::Cow::Borrowed("form.message"));
    }
    let routed = route::route(
        &facts,
        model,
        &route::RouteInput {
            fit: fit.0,
            fit_before_negatives,
            intent: intent.0,
            fit_band,
            intent_band,
            negatives: &negatives,
            missing_must_haves: fit_parts.missing_must_haves,
            hand_raiser: intent_parts.hand_raiser,
            passive_capped: intent_parts.passive_capped,
            need_quote: intent_parts.need_quote.as_deref(),
            missing: &missing,
        },
    );
    let summary = crate::text!(
        "{} fit ({}), {} intent ({}) → {}: {}.",
        capitalize(fit_band.as_str()),
        fit.0,
        intent_band.as_str(),
        intent.0,
        routed.route.label(),
        routed.reason.text.trim_end_matches('.'),
    );
    let confidence = match fit_parts.missing_must_haves {
        0 => Confidence::High,
        1 => Confidence::Medium,
        _ => Confidence::Low,
    };
    Ok(ScoredLead {
        lead_id: lead.id.clone(),
        model: ModelRef {
            id: spec.id.clone(),
            version: spec.version.clone(),
        },
        scored_at: now,
        fit: FitResult {
            score: fit.0,
            band: fit_band,
            confidence,
            evidence: fit.1,
        },
        intent: IntentResult {
            score: intent.0,
            band: intent_band,
            notes: intent_parts.notes,
            evidence: intent.1,
        },
        negative: negatives,
        route: routed.route,
        route_reason: routed.reason,
        disqualification: routed.disqualification,
        review_reasons: routed.review_reasons,
        missing,
        next_action: routed.next_action,
        summary,
    })
}

/// Sums evidence into a 0–100 score; clamping is an evidence item of its own, so the items
/// always sum exactly to the score.
fn clamp(dimension: &str, mut evidence: Vec<Evidence>) -> (i32, Vec<Evidence>) {
    let total: i32 = evidence
        .iter()
        .fold(0i32, |sum, e| sum.saturating_add(e.points));
    let clamped = total.clamp(0, 100);
    if clamped != total {
        let label = if total < 0 {
            crate::text!("{} cannot go below 0", capitalize(dimension))
        } else {
            crate::text!("{} cannot exceed 100", capitalize(dimension))
        };
        evidence.push(Evidence::new(
            crate::text!("{dimension}.clamp"),
            clamped - total,
            label,
        ));
    }
    // Highest impact first, as a reader scans them; stable, so equal items keep rule order.
    text::sort_small_by_key(&mut evidence, |e| {
        std::cmp::Reverse(e.points.saturating_abs())
    });
    (clamped, evidence)
}

fn band(score: i32, b: model::Band) -> Band {
    if score >= b.high {
        Band::High
    } else if score >= b.medium {
        Band::Medium
    } else {
        Band::Low
    }
}

fn capitalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    text::push_capitalized(&mut out, s);
    out
}
