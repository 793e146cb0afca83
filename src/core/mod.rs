//! The pure scoring core: no wasm, no DOM, no clock, no I/O. `now` is an argument.
//!
//! Entry points: [`parse_lead`], [`Model::from_json`], [`score()`]. Everything here is
//! deterministic and never panics on untrusted input (leads and models).

#![deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

pub mod calibrate;
pub mod country;
pub mod decision;
pub mod display;
pub mod error;
pub mod form;
pub mod hygiene;
pub mod json;
pub mod lead;
pub mod learned;
pub mod model;
// Whole NDJSON files are read by the CLI and the dashboard's bundle (feature `report`) only. Not
// compiled into the other bundles: dead code is dropped from them anyway, but its mere presence
// changes how LLVM inlines what they share (`parse_lead`), and with it their size.
#[cfg(any(not(target_arch = "wasm32"), feature = "report"))]
pub mod ndjson;
pub mod outbox;
pub mod outcome;
pub mod packed;
pub mod report;
pub mod result;
mod route;
pub mod score;
pub mod tape;
pub mod text;
pub mod time;

pub use decision::{Decision, DecisionDraft, DecisionId, DraftError, Outcome};
pub use error::{ErrorCode, InputError, ModelError, ModelProblem};
pub use lead::{parse_lead, parse_leads, Lead};
pub use model::{validate, Model, ModelSpec, DEFAULT_MODEL_JSON};
pub use result::{
    Band, ContactCheck, Evidence, Message, ReviewReason, Route, ScoredLead, Text, Value,
};
pub use time::Timestamp;

use std::borrow::Cow;

use result::{Confidence, FitResult, IntentResult, Label, ModelRef, Summary};

/// Scores one lead: fit, intent, negative fit, route, evidence, next action.
///
/// Deterministic: the same lead, model and `now` give the same result on every target.
/// Fails only when the lead has no usable `id` (parsed leads always have one).
///
/// The result borrows from the lead and the model, and holds its sentences as parts written out
/// when read or serialized (see [`result`]): scoring itself formats nothing.
///
/// # Examples
/// ```
/// use leadlens::core::{parse_lead, score, Model, Timestamp};
/// let model = Model::default_model();
/// let lead = parse_lead(r#"{"id": "L-1", "contact": {"title": "Student", "email": "kim@stateu.edu"}}"#).unwrap();
/// let now = Timestamp::parse_rfc3339("2026-11-22T12:00:00Z").unwrap();
/// let result = score(&lead, &model, now).unwrap();
/// assert_eq!(result.route.as_str(), "disqualify");
/// let disqualification = result.disqualification.unwrap();
/// assert_eq!(disqualification.code, "student");
/// assert_eq!(
///     disqualification.reason.to_string(),
///     "Contact appears to be a student (domain stateu.edu; title: Student)"
/// );
/// ```
pub fn score<'a>(
    lead: &'a Lead<'a>,
    model: &'a Model,
    now: Timestamp,
) -> Result<ScoredLead<'a>, InputError> {
    if text::trim(&lead.id).is_empty() {
        return Err(InputError::new(
            ErrorCode::MissingField,
            "id",
            "expected a non-empty lead id",
        ));
    }
    Ok(score_facts(score::Facts::new(lead, model, now), model))
}

/// Scores a lead whose facts were derived already (`score`, and the probes of
/// [`form::next_question`], which reuse the facts of the message).
pub(crate) fn score_facts<'a>(facts: score::Facts<'a>, model: &'a Model) -> ScoredLead<'a> {
    let lead = facts.lead;
    let now = facts.now;
    let spec = model.spec();

    // Fit: positive criteria → must-have cap → negative evidence → clamp.
    let fit_parts = score::fit(&facts, model);
    let mut fit_evidence = fit_parts.evidence;
    // Learned rules count with the criteria (the must-have cap applies to them too).
    let (learned_fit, learned_intent) = learned::evidence(lead, model, now);
    fit_evidence.extend(learned_fit);
    let positive: i32 = fit_evidence.iter().map(|e| e.points).sum();
    if let (Some(cap), false) = (
        spec.fit.must_have_cap,
        fit_parts.unmet_must_haves.is_empty(),
    ) {
        if positive > cap {
            let unmet = fit_parts.unmet_must_haves;
            fit_evidence.push(Evidence::new(
                "fit.must_have_cap",
                cap - positive,
                Label::MustHaveCap { cap, unmet },
            ));
        }
    }
    let fit_before_negatives: i32 = fit_evidence.iter().map(|e| e.points).sum();
    let negatives = score::negatives(&facts, model);
    fit_evidence.extend(negatives.iter().map(score::Finding::evidence));
    let fit = clamp(("fit.clamp", "Fit"), fit_evidence);

    // Intent: signals with decay → passive cap → stated-need cues → clamp.
    let mut intent_parts = score::intent(&facts, model);
    intent_parts.passive_capped |= learned::add_intent(
        &mut intent_parts.evidence,
        learned_intent,
        intent_parts.hand_raiser,
        spec.intent.passive_cap,
    );
    let intent = clamp(("intent.clamp", "Intent"), intent_parts.evidence);

    let fit_band = band(fit.0, spec.bands.fit);
    let intent_band = band(intent.0, spec.bands.intent);
    let mut missing = fit_parts.missing;
    if lead.form.message.is_none() {
        missing.push(result::MissingField::Message);
    }
    // An experiment's variant replaces the sales-review thresholds for its leads.
    let routing = spec.routing_for(&lead.id);
    let routed = route::route(
        &facts,
        model,
        &route::RouteInput {
            fit: fit.0,
            fit_before_negatives,
            intent: intent.0,
            fit_band,
            intent_band,
            thresholds: routing.sales_review,
            margin: routing.borderline_margin,
            negatives: &negatives,
            missing_must_haves: fit_parts.missing_must_haves,
            hand_raiser: intent_parts.hand_raiser,
            passive_capped: intent_parts.passive_capped,
            need_quote: intent_parts.need_quote.as_ref(),
            missing: missing.first,
        },
    );
    // Route reasons are clauses without a final period, so the summary can end the sentence.
    let summary = Summary {
        fit: fit.0,
        fit_band,
        intent: intent.0,
        intent_band,
        route: routed.route,
        reason: routed.reason.text.clone(),
    };
    let confidence = match fit_parts.missing_must_haves {
        0 => Confidence::High,
        1 => Confidence::Medium,
        _ => Confidence::Low,
    };
    let mut result = ScoredLead {
        lead_id: Cow::Borrowed(&lead.id),
        model: ModelRef {
            id: Cow::Borrowed(&spec.id),
            version: Cow::Borrowed(&spec.version),
        },
        variant: routing.variant.map(|v| Cow::Borrowed(v.name.as_str())),
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
        negative: negatives
            .into_iter()
            .map(score::Finding::into_result)
            .collect(),
        route: routed.route,
        route_reason: result::Reason::new(routed.reason.code, routed.reason.text),
        disqualification: routed.disqualification,
        review_reasons: routed.review_reasons,
        missing: missing.fields,
        next_action: routed.next_action,
        summary: Message::Summary(summary),
        contact_quality: ContactCheck::Pending {
            lead,
            country: match &facts.country {
                score::CountryFacts::Known { code, .. } => Some(*code),
                _ => None,
            },
            free_mail: facts
                .email
                .as_ref()
                .is_some_and(|email| email.listings.free_mail),
        },
        likelihood: spec
            .calibration
            .as_ref()
            .map(|c| result::Likelihood::of(c, fit.0 + intent.0)),
    };
    if !lead.company.enriched_fields.is_empty() {
        result.mark_enriched(&lead.company.enriched_fields);
    }
    result
}

/// Sums evidence into a 0–100 score; clamping is an evidence item of its own, so the items
/// always sum exactly to the score. `dimension` is the code of that item and the name it reads.
fn clamp<'a>(
    (code, dimension): (&'static str, &'static str),
    mut evidence: Vec<Evidence<'a>>,
) -> (i32, Vec<Evidence<'a>>) {
    let total: i32 = evidence
        .iter()
        .fold(0i32, |sum, e| sum.saturating_add(e.points));
    let clamped = total.clamp(0, 100);
    if clamped != total {
        let label = Label::Clamp {
            dimension,
            below_zero: total < 0,
        };
        evidence.push(Evidence::new(code, clamped - total, label));
    }
    // Highest impact first, as a reader scans them (the key falls as the points' size grows);
    // stable, so equal items keep rule order.
    text::sort_large_by_key(&mut evidence, |e| {
        i32::MAX.abs_diff(e.points.saturating_abs())
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
