//! Routing (sales review, nurture, disqualify), review reasons and the next action.
//!
//! The route is a recommendation for a person, never a decision: anything strategic, high-value,
//! borderline or ambiguous goes to review with the reason stated, and disqualification always
//! names its code and the evidence.

use super::lead::Lead;
use super::model::{domain_and_parents, Model};
use super::result::{Band, Disqualification, NegativeFinding, Reason, ReviewReason, Route};
use super::score::Facts;

pub(crate) struct RouteInput<'a> {
    pub fit: i32,
    /// Fit before negative evidence (after the must-have cap).
    pub fit_before_negatives: i32,
    pub intent: i32,
    pub fit_band: Band,
    pub intent_band: Band,
    pub negatives: &'a [NegativeFinding],
    pub missing_must_haves: usize,
    pub hand_raiser: bool,
    pub passive_capped: bool,
    pub need_quote: Option<&'a str>,
    pub missing: &'a [super::result::Text],
}

pub(crate) struct Routed {
    pub route: Route,
    pub reason: Reason,
    pub disqualification: Option<Disqualification>,
    pub review_reasons: Vec<ReviewReason>,
    pub next_action: Reason,
}

pub(crate) fn route(facts: &Facts, model: &Model, r: &RouteInput) -> Routed {
    let spec = model.spec();
    let routing = &spec.routing;
    let lead = facts.lead;
    let thresholds = routing.sales_review;
    let strategic = strategic_account(facts, model);
    let high_value = high_value(lead, model);

    // Each reason is pushed at most once on every path below, so no de-duplication is needed.
    let mut review: Vec<ReviewReason> = Vec::new();

    // 1. Disqualification: an auto-disqualify finding, or negative evidence that drove fit below
    //    the floor. A strategic account is never suppressed automatically: a person decides.
    let auto = r.negatives.iter().find(|n| n.auto_disqualify);
    let floored = (!r.negatives.is_empty() && r.fit < routing.disqualify_below_fit)
        .then(|| strongest(r.negatives))
        .flatten();
    if let Some(finding) = auto.or(floored) {
        if let Some(name) = strategic {
            review.push(ReviewReason::StrategicAccount);
            review.push(ReviewReason::Ambiguous);
            qualifiers(facts, model, r, &mut review);
            let text = crate::text!(
                "{name} is a strategic account: a person decides despite the {} signal ({})",
                finding.code.replace('_', " "),
                finding.label
            );
            return Routed {
                route: Route::SalesReview,
                next_action: Reason::new(
                    "account_owner_review",
                    crate::text!(
                        "Account owner reviews today: check the {} signal before any outreach",
                        finding.code.replace('_', " ")
                    ),
                ),
                reason: Reason::new("strategic_account", text),
                disqualification: None,
                review_reasons: review,
            };
        }
        let (code, why) = if auto.is_some() {
            ("auto_disqualify", finding.reason.clone())
        } else {
            (
                "negative_fit",
                crate::text!(
                    "negative evidence drove fit below {}: {}",
                    routing.disqualify_below_fit,
                    finding.reason
                ),
            )
        };
        // No review reasons: the disqualification (code + evidence) is what the reviewer checks;
        // "incomplete profile" would read as a reason to chase the lead.
        return Routed {
            route: Route::Disqualify,
            next_action: disqualified_action(&finding.code),
            reason: Reason::new(code, why),
            disqualification: Some(Disqualification {
                code: finding.code.clone(),
                reason: finding.reason.clone(),
            }),
            review_reasons: Vec::new(),
        };
    }

    // 2. Review triggers.
    let qualifies = r.fit >= thresholds.fit && r.intent >= thresholds.intent;
    let margin = routing.borderline_margin;
    let borderline =
        !qualifies && r.fit >= thresholds.fit - margin && r.intent >= thresholds.intent - margin;
    let ambiguous = !r.negatives.is_empty()
        && (r.fit_before_negatives >= thresholds.fit || r.intent >= thresholds.intent);
    if strategic.is_some() {
        review.push(ReviewReason::StrategicAccount);
    }
    if high_value.is_some() {
        review.push(ReviewReason::HighValue);
    }
    if borderline {
        review.push(ReviewReason::Borderline);
    }
    if ambiguous {
        review.push(ReviewReason::Ambiguous);
    }
    let triggered = !review.is_empty();
    qualifiers(facts, model, r, &mut review);

    if qualifies || triggered {
        let reason = if qualifies {
            Reason::new(
                "fit_and_intent",
                crate::text!(
                    "fit {} and intent {} both reach the sales-review thresholds ({} and {})",
                    r.fit,
                    r.intent,
                    thresholds.fit,
                    thresholds.intent
                ),
            )
        } else if let Some(name) = strategic {
            Reason::new("strategic_account", crate::text!("{name} is a strategic account: always reviewed by sales, even with incomplete data"))
        } else if let Some(why) = &high_value {
            Reason::new("high_value", crate::text!("high-value account ({why})"))
        } else if borderline {
            Reason::new("borderline", crate::text!("within {margin} points of the sales-review thresholds (fit {} / {}, intent {} / {})", r.fit, thresholds.fit, r.intent, thresholds.intent))
        } else {
            let labels: Vec<&str> = r.negatives.iter().map(|n| n.label.as_str()).collect();
            Reason::new(
                "ambiguous",
                crate::text!(
                    "strong fit or intent with a negative signal ({})",
                    labels.join("; ")
                ),
            )
        };
        let next_action = review_action(lead, model, r, &reason.code, strategic);
        return Routed {
            route: Route::SalesReview,
            reason,
            disqualification: None,
            review_reasons: review,
            next_action,
        };
    }

    // 3. Everything else is nurtured, with the reason.
    let reason = if r.fit >= thresholds.fit {
        if r.passive_capped || (!r.hand_raiser && r.intent > 0) {
            Reason::new(
                "activity_only",
                crate::text!(
                    "good fit, but activity alone is not a buying signal (intent {} < {})",
                    r.intent,
                    thresholds.intent
                ),
            )
        } else {
            Reason::new(
                "low_intent",
                crate::text!(
                    "good fit, no credible buying signal yet (intent {} < {})",
                    r.intent,
                    thresholds.intent
                ),
            )
        }
    } else if r.intent >= thresholds.intent {
        Reason::new(
            "low_fit",
            crate::text!(
                "buying signal, but fit is below the sales-review threshold (fit {} < {})",
                r.fit,
                thresholds.fit
            ),
        )
    } else {
        Reason::new(
            "low_fit_and_intent",
            crate::text!(
                "fit {} and intent {} are both below the sales-review thresholds ({} and {})",
                r.fit,
                r.intent,
                thresholds.fit,
                thresholds.intent
            ),
        )
    };
    let next_action = nurture_action(lead, model, r);
    Routed {
        route: Route::Nurture,
        reason,
        disqualification: None,
        review_reasons: review,
        next_action,
    }
}

/// Flags that don't route by themselves but a reviewer must know.
fn qualifiers(facts: &Facts, model: &Model, r: &RouteInput, review: &mut Vec<ReviewReason>) {
    if r.missing_must_haves > 0 {
        review.push(ReviewReason::IncompleteProfile);
    }
    if let (Some(days), Some(at)) = (
        model.spec().routing.stale_enrichment_days,
        facts.lead.company.enriched_at,
    ) {
        if at.days_until(facts.now) > i64::from(days) {
            review.push(ReviewReason::StaleEnrichment);
        }
    }
}

fn strongest(negatives: &[NegativeFinding]) -> Option<&NegativeFinding> {
    // Most negative points first; among equals, the model's rule order (the list order).
    negatives
        .iter()
        .fold(None, |best: Option<&NegativeFinding>, n| match best {
            Some(b) if b.points <= n.points => Some(b),
            _ => Some(n),
        })
}

fn strategic_account<'m>(facts: &Facts, model: &'m Model) -> Option<&'m str> {
    let accounts = &model.spec().routing.strategic_accounts;
    let by_domain = facts
        .domains()
        .find_map(|(_, d)| domain_and_parents(d).find_map(|p| model.strategic_domains.get(p)))
        .and_then(|&i| accounts.get(i));
    let by_name = || {
        let name = facts.lead.company.name.as_deref()?.trim();
        accounts.iter().find(|a| a.name.eq_ignore_ascii_case(name))
    };
    by_domain.or_else(by_name).map(|a| a.name.as_str())
}

fn high_value(lead: &Lead, model: &Model) -> Option<String> {
    let hv = &model.spec().routing.high_value;
    if let (Some(n), Some(min)) = (lead.company.employees, hv.employees) {
        if n >= min {
            return Some(crate::text!("{n} employees ≥ {min}"));
        }
    }
    if let (Some(rev), Some(min)) = (lead.company.annual_revenue, hv.annual_revenue) {
        if rev >= min {
            let (rev, min) = (
                super::score::format_money(rev),
                super::score::format_money(min),
            );
            return Some(crate::text!("annual revenue {rev} ≥ {min}"));
        }
    }
    None
}

fn disqualified_action(code: &str) -> Reason {
    let (action, text) = match code {
        "student" => (
            "send_student_resources",
            "No sales follow-up. Reply with the student and research resources page.",
        ),
        "competitor" => (
            "no_follow_up",
            "No follow-up. Competitor: do not share pricing, proposals or materials.",
        ),
        "vendor" => (
            "forward_to_procurement",
            "No sales follow-up. Forward to procurement/partnerships if relevant.",
        ),
        "job_seeker" => (
            "forward_to_recruiting",
            "No sales follow-up. Forward to recruiting and reply with the careers page.",
        ),
        "out_of_market" => (
            "polite_decline",
            "No sales follow-up. Send a polite decline with self-serve resources.",
        ),
        "invalid_contact" => (
            "verify_contact",
            "Verify the contact details before any follow-up.",
        ),
        "spam" => ("no_follow_up", "No follow-up: spam."),
        _ => (
            "no_follow_up",
            "No sales follow-up; see the disqualification reason.",
        ),
    };
    Reason::new(action, text)
}

fn can_call(lead: &Lead, model: &Model) -> bool {
    lead.contact.phone.is_some()
        && (lead.consent.phone == Some(true)
            || (!model.spec().consent.phone_required_for_calls
                && lead.consent.phone != Some(false)))
}

fn review_action(
    lead: &Lead,
    model: &Model,
    r: &RouteInput,
    reason: &str,
    strategic: Option<&str>,
) -> Reason {
    let reference = r
        .need_quote
        .map(|q| crate::text!("; reference their need: \"{q}\""))
        .unwrap_or_default();
    let fill = if r.missing.is_empty() {
        String::new()
    } else {
        crate::text!(
            "; confirm {}",
            r.missing
                .iter()
                .take(3)
                .map(|m| field_name(m))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    match reason {
        "fit_and_intent" if r.fit_band == Band::High && r.intent_band == Band::High => {
            let how = if can_call(lead, model) {
                "Call within 24 hours"
            } else {
                "Reply by email within 24 hours (no phone consent)"
            };
            Reason::new("same_day_follow_up", crate::text!("{how}{reference}"))
        }
        "fit_and_intent" => Reason::new(
            "follow_up",
            crate::text!("Follow up within 1 business day{reference}{fill}"),
        ),
        "strategic_account" => Reason::new(
            "account_owner_review",
            crate::text!(
                "Account owner reviews today: {} is a strategic account{fill}",
                strategic.unwrap_or("this")
            ),
        ),
        "high_value" => Reason::new(
            "research_account",
            crate::text!("Research the account and assign an owner within 1 business day{fill}"),
        ),
        "borderline" => Reason::new(
            "qualify",
            crate::text!(
                "Qualify with a short discovery call or email{}",
                if fill.is_empty() {
                    "; confirm need and timeline".to_string()
                } else {
                    fill
                }
            ),
        ),
        _ => Reason::new(
            "review_negative_signal",
            "Check the negative signal before any outreach".to_string(),
        ),
    }
}

fn nurture_action(lead: &Lead, model: &Model, r: &RouteInput) -> Reason {
    let consent = &model.spec().consent;
    if consent.email_required_for_nurture && lead.consent.email != Some(true) {
        let why = if lead.consent.email == Some(false) {
            "opted out of email"
        } else {
            "email consent unknown"
        };
        return Reason::new("no_email_consent", crate::text!("Do not add to email sequences ({why}); keep the record and re-score on the next hand-raise"));
    }
    if r.missing_must_haves > 0 && r.intent >= model.spec().routing.sales_review.intent {
        let fields: Vec<String> = r.missing.iter().take(3).map(|m| field_name(m)).collect();
        return Reason::new(
            "enrich",
            crate::text!(
                "Enrich {} and re-score: the buying signal is there",
                fields.join(", ")
            ),
        );
    }
    if r.fit_band == Band::High {
        return Reason::new(
            "high_fit_nurture",
            "Add to the high-fit nurture track; alert the owner on the next hand-raise",
        );
    }
    Reason::new(
        "add_to_nurture",
        "Add to the nurture sequence; re-score on new activity",
    )
}

/// `company.employees` → `company size` (for sentences).
fn field_name(path: &str) -> String {
    match path {
        "company.employees" => "company size".into(),
        "company.annual_revenue" => "annual revenue".into(),
        "company.industry" => "industry".into(),
        "company.country" => "country".into(),
        "contact.title" => "job title".into(),
        "contact.email" => "work email".into(),
        "form.message" => "need".into(),
        other => other.rsplit('.').next().unwrap_or(other).replace('_', " "),
    }
}
