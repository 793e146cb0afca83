//! `leadlens report`: reads leads and outcomes, scores each lead as of its `created_at`, and
//! prints the funnel metrics of [`leadlens::core::report`] as a table or as JSON.
//!
//! Bad lines in either file are reported on stderr (`file:line: path: message`), skipped and
//! counted in the report; the report is still printed and the exit status is 1.

use std::fmt::Write as _;
use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use leadlens::core::ndjson;
use leadlens::core::report::{Difference, Group, Metrics, Monotone, Options, Rate, Report};
use leadlens::core::Timestamp;

use super::{
    bad_lines_status, load_model, parse_now, print_bad_lines, print_stdout, read_bytes, system_now,
    Fatal,
};

#[derive(Args)]
pub(crate) struct ReportArgs {
    /// NDJSON leads (the Lead contract, one per line).
    #[arg(long, value_name = "FILE")]
    leads: PathBuf,
    /// NDJSON outcome records: decisions (accepted / rejected / recycled) and stages
    /// (opportunity_created / won / lost).
    #[arg(long, value_name = "FILE")]
    outcomes: PathBuf,
    /// Scoring model (JSON); the embedded default model when omitted.
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// Scoring time for leads without `created_at` (others are scored as of their own
    /// `created_at`); defaults to the current time.
    #[arg(long, value_name = "RFC3339", value_parser = parse_now)]
    now: Option<Timestamp>,
    /// Only leads created at or after this instant.
    #[arg(long, value_name = "RFC3339", value_parser = parse_now)]
    since: Option<Timestamp>,
    /// Only leads created before this instant.
    #[arg(long, value_name = "RFC3339", value_parser = parse_now)]
    until: Option<Timestamp>,
    /// `table` for a terminal, `json` for programs (schema `leadlens.report/1`).
    #[arg(long, value_enum, default_value = "table")]
    format: ReportFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    Table,
    Json,
}

pub(crate) fn run(args: ReportArgs) -> Result<ExitCode, Fatal> {
    let model = load_model(args.model.as_deref())?;
    let (leads, outcomes) = (read_bytes(&args.leads)?, read_bytes(&args.outcomes)?);
    let mut options = Options::new(&model, args.now.unwrap_or_else(system_now));
    options.since = args.since;
    options.until = args.until;
    let (report, bad) = ndjson::report(&leads, &outcomes, &model, &options);
    let mut stderr = io::stderr().lock();
    print_bad_lines(&mut stderr, &bad, &args.leads, &args.outcomes);
    let out = match args.format {
        ReportFormat::Json => {
            let mut json = serde_json::to_string_pretty(&report)
                .map_err(|e| Fatal(format!("cannot write the report: {e}")))?;
            json.push('\n');
            json
        }
        ReportFormat::Table => table(&report),
    };
    print_stdout(&out)?;
    Ok(bad_lines_status(&mut stderr, bad.len()))
}

// ---- the table -------------------------------------------------------------------------------

/// Categorical groups (channel, campaign, model version) shown in the table; JSON has them all.
const TABLE_ROWS: usize = 15;

fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// `33.3% 4/12*`, or `– 0/0` without a denominator (`*` = small sample).
fn cell(r: &Rate) -> String {
    let value = r.rate.map_or_else(|| "–".to_string(), percent);
    let small = if r.small_sample && r.den > 0 { "*" } else { "" };
    format!("{value} {}/{}{small}", r.num, r.den)
}

fn interval(r: &Rate) -> String {
    r.ci95.map_or_else(String::new, |[l, h]| {
        format!("95% CI {:.1}–{:.1}%", l * 100.0, h * 100.0)
    })
}

fn hours(h: Option<f64>) -> String {
    h.map_or_else(|| "–".to_string(), |h| format!("{h:.1}"))
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn table(r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "leadlens report · model {} {} · leads scored as of their created_at (else {})",
        r.model.id, r.model.version, r.now
    );
    let window = match (r.window.since, r.window.until) {
        (None, None) => "all leads".to_string(),
        (Some(s), None) => format!("leads created from {s}"),
        (None, Some(u)) => format!("leads created before {u}"),
        (Some(s), Some(u)) => format!("leads created from {s} to before {u}"),
    };
    let i = &r.input;
    let _ = writeln!(out, "Window: {window}");
    let _ = write!(
        out,
        "Input: {} read ({}), {} ({})",
        plural(i.leads_read, "lead", "leads"),
        plural(i.bad_lead_lines, "bad line", "bad lines"),
        plural(i.outcome_records, "outcome record", "outcome records"),
        plural(i.bad_outcome_lines, "bad line", "bad lines"),
    );
    if i.duplicate_leads > 0 {
        let _ = write!(out, "; {} repeated (first kept)", i.duplicate_leads);
    }
    if i.outside_window + i.undated_outside_window > 0 {
        let _ = write!(
            out,
            "; {} outside the window ({} without created_at)",
            i.outside_window + i.undated_outside_window,
            i.undated_outside_window
        );
    }
    let _ = writeln!(out);
    if i.unknown_lead_ids > 0 {
        let _ = writeln!(
            out,
            "Outcomes for unknown leads: {} for {} not in the leads file ({}{})",
            plural(i.unknown_lead_records, "record", "records"),
            plural(i.unknown_lead_ids, "lead id", "lead ids"),
            i.unknown_lead_examples.join(", "),
            if i.unknown_lead_ids > i.unknown_lead_examples.len() as u64 {
                ", …"
            } else {
                ""
            }
        );
    }

    let m = &r.overall;
    let _ = writeln!(
        out,
        "\nOverall: {}, {} decided ({} accepted, {} rejected, {} recycled)",
        plural(m.leads, "lead", "leads"),
        m.decided,
        m.accepted,
        m.rejected,
        m.recycled
    );
    if m.decided == 0 {
        // Not "0% accepted": nobody decided, which is a different finding (an export of deals
        // only, or a team not recording decisions yet).
        let _ = writeln!(
            out,
            "  No reviewer decisions in the outcomes: acceptance, false positives, speed and \
             overrides cannot be measured; conversion to opportunities and won deals can."
        );
    }
    for (label, rate) in [
        ("Lead → accepted", &m.lead_to_accepted),
        ("Accepted → opportunity", &m.accepted_to_opportunity),
        ("Lead → won", &m.lead_to_won),
        ("False positives (sales review)", &m.false_positive),
        ("Clear reason (disqualified/rejected)", &m.clear_reason),
        ("Feedback completion (sales review)", &m.feedback_completion),
        ("Manual override", &m.manual_override),
    ] {
        let _ = writeln!(out, "  {label:<38} {:<16} {}", cell(rate), interval(rate));
    }
    let s = &m.speed_to_acceptance;
    let _ = writeln!(
        out,
        "  {:<38} median {} h, p90 {} h (n={}{}){}",
        "Speed to acceptance",
        hours(s.median),
        hours(s.p90),
        s.n,
        if s.skipped > 0 {
            format!(", {} skipped", s.skipped)
        } else {
            String::new()
        },
        if s.small_sample && s.n > 0 { "*" } else { "" }
    );
    let _ = writeln!(out, "  {:<38} {}", "Top rejection reasons", reasons(m));

    let a = &r.alignment;
    let _ = writeln!(out, "\nScore ↔ acceptance (accepted / decided)");
    let _ = writeln!(out, "  By fit band:  {}", monotone(&a.by_fit_band));
    let _ = writeln!(out, "  By route:     {}", monotone(&a.by_route));
    let _ = writeln!(
        out,
        "  AUC of {}, accepted vs rejected: {} ({} accepted, {} rejected){}",
        a.auc.score,
        a.auc
            .value
            .map_or_else(|| "–".to_string(), |v| format!("{v:.3}")),
        a.auc.positives,
        a.auc.negatives,
        if a.auc.small_sample { "*" } else { "" }
    );

    if let Some(e) = &r.experiment {
        let _ = writeln!(
            out,
            "\nExperiment {} (each variant against {})",
            e.id, e.control
        );
        if e.variants.is_empty() {
            let _ = writeln!(out, "  no other variant has leads yet");
        }
        for v in &e.variants {
            let _ = writeln!(
                out,
                "  {}: lead → accepted {}",
                v.variant,
                difference(&v.lead_to_accepted)
            );
            let _ = writeln!(
                out,
                "  {}  false positives {}",
                " ".repeat(v.variant.chars().count()),
                difference(&v.false_positive)
            );
            let _ = writeln!(
                out,
                "  {}  median hours to acceptance {} vs {}",
                " ".repeat(v.variant.chars().count()),
                hours(v.median_hours_to_acceptance.variant),
                hours(v.median_hours_to_acceptance.control)
            );
        }
    }

    let g = &r.groups;
    for (title, groups) in [
        ("fit band", &g.fit_band),
        ("intent band", &g.intent_band),
        ("route", &g.route),
        ("source channel", &g.channel),
        ("campaign", &g.campaign),
        ("model version", &g.model_version),
        ("variant", &g.variant),
    ] {
        group_table(&mut out, title, groups);
    }
    let _ = writeln!(
        out,
        "\nTop rejection reasons by fit band\n{}",
        g.fit_band
            .iter()
            .map(|b| format!("  {:<8} {}", b.key, reasons(&b.metrics)))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let _ = writeln!(
        out,
        "\n* fewer than 30 in the denominator: read with care. Rates are numerator/denominator; \
         definitions in the README (leadlens report)."
    );
    out
}

fn reasons(m: &Metrics) -> String {
    if m.top_rejection_reasons.is_empty() {
        return "–".to_string();
    }
    m.top_rejection_reasons
        .iter()
        .map(|r| format!("{} {}", r.reason, r.count))
        .collect::<Vec<_>>()
        .join(", ")
}

fn monotone(m: &Monotone) -> String {
    let rates = m
        .rates
        .iter()
        .map(|r| format!("{} {}", r.key, cell(&r.rate)))
        .collect::<Vec<_>>()
        .join(" · ");
    let verdict = match (&m.monotone, &m.violation) {
        (None, _) => "too few groups with decisions to tell".to_string(),
        (Some(true), _) => "never falls as the score rises".to_string(),
        (Some(false), Some(v)) => format!(
            "FALLS: {} {} > {} {}",
            v.lower,
            percent(v.lower_rate),
            v.higher,
            percent(v.higher_rate)
        ),
        (Some(false), None) => "falls".to_string(),
    };
    format!("{rates} — {verdict}")
}

fn difference(d: &Difference) -> String {
    let points = |x: f64| format!("{:+.1}", x * 100.0);
    let value = |r: &Rate| r.rate.map_or_else(|| "–".to_string(), percent);
    match (d.difference, d.ci95) {
        (Some(diff), Some([l, h])) => format!(
            "{} vs {}: {} points (95% CI {} to {}) — {}",
            value(&d.variant),
            value(&d.control),
            points(diff),
            points(l),
            points(h),
            d.verdict
        ),
        _ => format!(
            "{} vs {} — {}",
            value(&d.variant),
            value(&d.control),
            d.verdict
        ),
    }
}

fn group_table(out: &mut String, title: &str, groups: &[Group]) {
    let _ = writeln!(out, "\nBy {title}");
    let header = [
        "",
        "leads",
        "decided",
        "lead→acc",
        "acc→opp",
        "lead→won",
        "false pos",
        "clear reason",
        "feedback",
        "override",
        "median h",
        "p90 h",
    ];
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|h| h.to_string()).collect()];
    for g in groups.iter().take(TABLE_ROWS) {
        let m = &g.metrics;
        rows.push(vec![
            g.key.clone(),
            m.leads.to_string(),
            m.decided.to_string(),
            cell(&m.lead_to_accepted),
            cell(&m.accepted_to_opportunity),
            cell(&m.lead_to_won),
            cell(&m.false_positive),
            cell(&m.clear_reason),
            cell(&m.feedback_completion),
            cell(&m.manual_override),
            hours(m.speed_to_acceptance.median),
            hours(m.speed_to_acceptance.p90),
        ]);
    }
    let columns = header.len();
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in &rows {
        let mut line = String::from(" ");
        for (c, (text, width)) in row.iter().zip(&widths).enumerate() {
            let pad = width.saturating_sub(text.chars().count());
            line.push(' ');
            if c == 0 {
                line.push_str(text);
                line.push_str(&" ".repeat(pad));
            } else {
                line.push_str(&" ".repeat(pad));
                line.push_str(text);
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    if groups.len() > TABLE_ROWS {
        let _ = writeln!(
            out,
            "  … and {} more (all of them in --format json)",
            groups.len() - TABLE_ROWS
        );
    }
}
