//! The `explain` report: a plain-text page per lead that a person can read top to bottom —
//! verdict first, then the evidence behind every point, then what is missing and what to do.

use std::fmt::Display;
use std::io::{self, Write};

use leadlens::core::model::Target;
use leadlens::core::result::Confidence;
use leadlens::core::{Evidence, Lead, ScoredLead};

pub(crate) fn write_report(out: &mut Vec<u8>, lead: &Lead, result: &ScoredLead) -> io::Result<()> {
    let company = lead.company.name.as_deref().unwrap_or("(company unknown)");
    writeln!(out, "== {}: {company}", result.lead_id)?;
    if let Some(contact) = contact_line(lead) {
        row(out, "Contact", contact)?;
    }
    let confidence = match result.fit.confidence {
        Confidence::High => "high",
        Confidence::Medium => "medium",
        Confidence::Low => "low",
    };
    row(
        out,
        "Fit",
        format_args!(
            "{:>3}/100  {}  (confidence: {confidence})",
            result.fit.score,
            result.fit.band.as_str()
        ),
    )?;
    row(
        out,
        "Intent",
        format_args!(
            "{:>3}/100  {}",
            result.intent.score,
            result.intent.band.as_str()
        ),
    )?;
    row(
        out,
        "Route",
        format_args!(
            "{}: {} [{}]",
            result.route.label(),
            result.route_reason.text,
            result.route_reason.code
        ),
    )?;
    if let Some(variant) = &result.variant {
        row(out, "Variant", variant)?;
    }
    if let Some(likelihood) = &result.likelihood {
        let outcome = match likelihood.target {
            Target::Accepted => "were accepted by sales",
            Target::Opportunity => "became an opportunity",
            Target::Won => "were won",
        };
        row(
            out,
            "Likelihood",
            format_args!(
                "{}.{}%: how often leads like this {outcome} (calibrated on {} outcomes)",
                likelihood.per_mille / 10,
                likelihood.per_mille % 10,
                likelihood.outcomes
            ),
        )?;
    }
    if let Some(dq) = &result.disqualification {
        row(
            out,
            "Disqualified",
            format_args!("{}: {}", dq.code, dq.reason),
        )?;
    }
    if !result.review_reasons.is_empty() {
        let reasons: Vec<&str> = result.review_reasons.iter().map(|r| r.as_str()).collect();
        row(out, "Review", reasons.join(", "))?;
    }
    row(out, "Summary", &result.summary)?;

    evidence_table(out, "Fit evidence", &result.fit.evidence)?;
    evidence_table(out, "Intent evidence", &result.intent.evidence)?;
    if !result.intent.notes.is_empty() {
        writeln!(out, "\nIntent notes")?;
        for note in &result.intent.notes {
            writeln!(out, "  - {note}")?;
        }
    }
    if !result.negative.is_empty() {
        writeln!(out, "\nNegative findings")?;
        for finding in &result.negative {
            let effect = if finding.auto_disqualify {
                ", disqualifies"
            } else if finding.weak {
                ", weak signal"
            } else {
                ""
            };
            writeln!(
                out,
                "  - {} ({:+}{effect}): {}",
                finding.code, finding.points, finding.reason
            )?;
        }
    }
    writeln!(out)?;
    if !result.missing.is_empty() {
        row(out, "Missing", result.missing.join(", "))?;
    }
    row(
        out,
        "Next action",
        format_args!("{} [{}]", result.next_action.text, result.next_action.code),
    )?;
    writeln!(out)
}

/// "Dana Ruiz, Director of Operations <dana@acme.com>", from whatever parts are known.
fn contact_line(lead: &Lead) -> Option<String> {
    let c = &lead.contact;
    let who: Vec<&str> = [c.name.as_deref(), c.title.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    let mut line = who.join(", ");
    if let Some(email) = &c.email {
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&format!("<{email}>"));
    }
    (!line.is_empty()).then_some(line)
}

fn row(out: &mut Vec<u8>, label: &str, value: impl Display) -> io::Result<()> {
    writeln!(out, "{label:<13}{value}")
}

const MAX_LABEL_WIDTH: usize = 60;

/// Points right-aligned with their sign, then the label, then where the points come from.
fn evidence_table(out: &mut Vec<u8>, title: &str, items: &[Evidence]) -> io::Result<()> {
    writeln!(out, "\n{title}")?;
    if items.is_empty() {
        return writeln!(out, "     (none)");
    }
    // Written out once here: the table pads them to a common width.
    let labels: Vec<String> = items.iter().map(|e| e.label.to_string()).collect();
    // One over-long label (e.g. a cap's explanation) should not push every row's details away.
    let label_width = labels
        .iter()
        .map(|label| label.chars().count())
        .filter(|&width| width <= MAX_LABEL_WIDTH)
        .max()
        .unwrap_or(0);
    for (item, label) in items.iter().zip(&labels) {
        let details = details(item);
        if details.is_empty() {
            writeln!(out, "  {:>+4}  {label}", item.points)?;
        } else {
            writeln!(
                out,
                "  {:>+4}  {label:<label_width$}  {details}",
                item.points
            )?;
        }
    }
    Ok(())
}

fn details(item: &Evidence) -> String {
    let mut parts = Vec::new();
    match (&item.field, &item.value) {
        (Some(field), Some(value)) => parts.push(format!("{field} = {:?}", value.to_string())),
        (Some(field), None) => parts.push(field.to_string()),
        _ => {}
    }
    if let Some(count) = item.count {
        parts.push(format!(
            "{count} event{}",
            if count == 1 { "" } else { "s" }
        ));
    }
    if let Some(at) = item.at {
        parts.push(format!("latest {at}"));
    }
    if let Some(from) = item.decayed_from.filter(|&from| from != item.points) {
        parts.push(format!("decayed from {from:+}"));
    }
    if item.expired {
        parts.push("expired".to_string());
    }
    parts.join(" · ")
}
