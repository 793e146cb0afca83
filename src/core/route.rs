//! Routing (sales review, nurture, disqualify), review reasons and the next action.
//!
//! The route is a recommendation for a person, never a decision: anything strategic, high-value,
//! borderline or ambiguous goes to review with the reason stated, and disqualification always
//! names its code and the evidence.

use std::borrow::Cow;

use super::lead::Lead;
use super::model::{Model, Thresholds};
use super::result::{
    ActionText, Band, Disqualification, Fields, HighValue, Message, Reason, ReviewReason, Route,
    RouteText, Text,
};
use super::score::{Facts, Finding};

pub(crate) struct RouteInput<'r, 'a> {
    pub fit: i32,
    /// Fit before negative evidence (after the must-have cap).
    pub fit_before_negatives: i32,
    pub intent: i32,
    pub fit_band: Band,
    pub intent_band: Band,
    /// The sales-review thresholds and borderline margin for this lead (its experiment
    /// variant's, or the model's): every reason quotes the ones used.
    pub thresholds: Thresholds,
    pub margin: i32,
    pub negatives: &'r [Finding<'a>],
    pub missing_must_haves: usize,
    pub hand_raiser: bool,
    pub passive_capped: bool,
    pub need_quote: Option<&'r Text<'a>>,
    /// The first missing fields: what a next action asks to confirm.
    pub missing: Fields,
}

/// Why the route: its code, and the sentence (also quoted by the summary).
pub(crate) struct RouteReason<'a> {
    pub code: &'static str,
    pub text: RouteText<'a>,
}

impl<'a> RouteReason<'a> {
    fn new(code: &'static str, text: RouteText<'a>) -> RouteReason<'a> {
        RouteReason { code, text }
    }
}

pub(crate) struct Routed<'a> {
    pub route: Route,
    pub reason: RouteReason<'a>,
    pub disqualification: Option<Disqualification<'a>>,
    pub review_reasons: Vec<ReviewReason>,
    pub next_action: Reason<'a>,
}

pub(crate) fn route<'a>(facts: &Facts<'a>, model: &'a Model, r: &RouteInput<'_, 'a>) -> Routed<'a> {
    let spec = model.spec();
    let routing = &spec.routing;
    let lead = facts.lead;
    let thresholds = r.thresholds;
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
        let code: &'a str = &finding.rule.code;
        if let Some(account) = strategic {
            review.push(ReviewReason::StrategicAccount);
            review.push(ReviewReason::Ambiguous);
            qualifiers(facts, model, r, &mut review);
            let reason = RouteText::StrategicDespite {
                account,
                finding: finding.label(),
            };
            return Routed {
                route: Route::SalesReview,
                next_action: Reason::new("account_owner_review", ActionText::CheckSignal { code }),
                reason: RouteReason::new("strategic_account", reason),
                disqualification: None,
                review_reasons: review,
            };
        }
        let reason = if auto.is_some() {
            RouteReason::new("auto_disqualify", RouteText::Disqualified(finding.reason()))
        } else {
            RouteReason::new(
                "negative_fit",
                RouteText::NegativeFit {
                    floor: routing.disqualify_below_fit,
                    finding: finding.reason(),
                },
            )
        };
        // No review reasons: the disqualification (code + evidence) is what the reviewer checks;
        // "incomplete profile" would read as a reason to chase the lead.
        return Routed {
            route: Route::Disqualify,
            next_action: disqualified_action(code),
            reason,
            disqualification: Some(Disqualification {
                code: Cow::Borrowed(code),
                reason: Message::FindingReason(finding.reason()),
            }),
            review_reasons: Vec::new(),
        };
    }

    // 2. Review triggers.
    let qualifies = r.fit >= thresholds.fit && r.intent >= thresholds.intent;
    let margin = r.margin;
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
            RouteReason::new(
                "fit_and_intent",
                RouteText::FitAndIntent {
                    fit: r.fit,
                    intent: r.intent,
                    thresholds,
                },
            )
        } else if let Some(account) = strategic {
            RouteReason::new("strategic_account", RouteText::Strategic { account })
        } else if let Some(why) = high_value {
            RouteReason::new("high_value", RouteText::HighValue(why))
        } else if borderline {
            RouteReason::new(
                "borderline",
                RouteText::Borderline {
                    margin,
                    fit: r.fit,
                    intent: r.intent,
                    thresholds,
                },
            )
        } else {
            let findings = r.negatives.iter().map(Finding::label).collect();
            RouteReason::new("ambiguous", RouteText::Ambiguous { findings })
        };
        let next_action = review_action(lead, model, r, reason.code, strategic);
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
            RouteReason::new(
                "activity_only",
                RouteText::ActivityOnly {
                    intent: r.intent,
                    threshold: thresholds.intent,
                },
            )
        } else {
            RouteReason::new(
                "low_intent",
                RouteText::LowIntent {
                    intent: r.intent,
                    threshold: thresholds.intent,
                },
            )
        }
    } else if r.intent >= thresholds.intent {
        RouteReason::new(
            "low_fit",
            RouteText::LowFit {
                fit: r.fit,
                threshold: thresholds.fit,
            },
        )
    } else {
        RouteReason::new(
            "low_fit_and_intent",
            RouteText::LowFitAndIntent {
                fit: r.fit,
                intent: r.intent,
                thresholds,
            },
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

fn strongest<'r, 'a>(negatives: &'r [Finding<'a>]) -> Option<&'r Finding<'a>> {
    // Most negative points first; among equals, the model's rule order (the list order).
    negatives
        .iter()
        .fold(None, |best: Option<&Finding>, n| match best {
            Some(b) if b.points <= n.points => Some(b),
            _ => Some(n),
        })
}

fn strategic_account<'m>(facts: &Facts, model: &'m Model) -> Option<&'m str> {
    let accounts = &model.spec().routing.strategic_accounts;
    let by_domain = facts
        .domains()
        .find_map(|(_, _, listings)| listings.strategic_account)
        .and_then(|i| accounts.get(i));
    let by_name = || {
        let name = super::text::trim(facts.lead.company.name.as_deref()?);
        accounts.iter().find(|a| a.name.eq_ignore_ascii_case(name))
    };
    by_domain.or_else(by_name).map(|a| a.name.as_str())
}

fn high_value(lead: &Lead, model: &Model) -> Option<HighValue> {
    let hv = &model.spec().routing.high_value;
    if let (Some(employees), Some(minimum)) = (lead.company.employees, hv.employees) {
        if employees >= minimum {
            return Some(HighValue::Employees { employees, minimum });
        }
    }
    if let (Some(revenue), Some(minimum)) = (lead.company.annual_revenue, hv.annual_revenue) {
        if revenue >= minimum {
            return Some(HighValue::Revenue { revenue, minimum });
        }
    }
    None
}

fn disqualified_action<'a>(code: &str) -> Reason<'a> {
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
    Reason::fixed(action, text)
}

fn can_call(lead: &Lead, model: &Model) -> bool {
    lead.contact.phone.is_some()
        && (lead.consent.phone == Some(true)
            || (!model.spec().consent.phone_required_for_calls
                && lead.consent.phone != Some(false)))
}

fn review_action<'a>(
    lead: &Lead,
    model: &Model,
    r: &RouteInput<'_, 'a>,
    reason: &str,
    strategic: Option<&'a str>,
) -> Reason<'a> {
    let need = r.need_quote.cloned();
    let confirm = r.missing;
    match reason {
        "fit_and_intent" if r.fit_band == Band::High && r.intent_band == Band::High => {
            let call = can_call(lead, model);
            Reason::new("same_day_follow_up", ActionText::SameDay { call, need })
        }
        "fit_and_intent" => Reason::new("follow_up", ActionText::FollowUp { need, confirm }),
        "strategic_account" => Reason::new(
            "account_owner_review",
            ActionText::StrategicReview {
                account: strategic.unwrap_or("this"),
                confirm,
            },
        ),
        "high_value" => Reason::new("research_account", ActionText::ResearchAccount { confirm }),
        "borderline" => Reason::new("qualify", ActionText::Qualify { confirm }),
        _ => Reason::fixed(
            "review_negative_signal",
            "Check the negative signal before any outreach",
        ),
    }
}

fn nurture_action<'a>(lead: &Lead, model: &Model, r: &RouteInput) -> Reason<'a> {
    let consent = &model.spec().consent;
    if consent.email_required_for_nurture && lead.consent.email != Some(true) {
        let opted_out = lead.consent.email == Some(false);
        return Reason::new("no_email_consent", ActionText::NoEmailConsent { opted_out });
    }
    if r.missing_must_haves > 0 && r.intent >= r.thresholds.intent {
        return Reason::new("enrich", ActionText::Enrich { fields: r.missing });
    }
    if r.fit_band == Band::High {
        return Reason::fixed(
            "high_fit_nurture",
            "Add to the high-fit nurture track; alert the owner on the next hand-raise",
        );
    }
    Reason::fixed(
        "add_to_nurture",
        "Add to the nurture sequence; re-score on new activity",
    )
}
