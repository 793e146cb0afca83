//! `leadlens calibrate`: reads leads and outcomes, runs [`leadlens::core::calibrate`], prints the
//! holdout comparison and the model diff (a table, or the JSON report), and writes the proposed
//! model to `-o`. Never over the current model: adopting a proposal is a person's step.
//!
//! Exit status: 0 written; 1 written but some lines were bad (each reported on stderr as
//! `file:line: path: message` and skipped), or calibration refused (too few outcomes: nothing
//! written); 2 usage or I/O problems (including `-o` naming an input file).

use std::fmt::Write as _;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use leadlens::core::calibrate::{self, Metrics, Options, Report};
use leadlens::core::model::Target;
use leadlens::core::ndjson;
use leadlens::core::Timestamp;

use super::{
    bad_lines_status, load_model, parse_now, print_bad_lines, print_stdout, read_bytes, system_now,
    Fatal,
};

#[derive(Args)]
pub(crate) struct CalibrateArgs {
    /// NDJSON leads (the Lead contract, one per line).
    #[arg(long, value_name = "FILE")]
    leads: PathBuf,
    /// NDJSON outcome records: decisions (accepted / rejected / recycled, with reason codes)
    /// and stages (opportunity_created / won / lost).
    #[arg(long, value_name = "FILE")]
    outcomes: PathBuf,
    /// The current model (JSON); the embedded default model when omitted. Never overwritten.
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// What the likelihood predicts and the points are refitted for.
    #[arg(long, value_enum, default_value = "accepted")]
    target: TargetArg,
    /// The current time (RFC 3339): the proposal's version date, `fitted_at`, the 90-day window
    /// of the `opportunity` target, and the scoring time of leads without dates. Defaults to now.
    #[arg(long, value_name = "RFC3339", value_parser = parse_now)]
    now: Option<Timestamp>,
    /// Fix the points ↔ logit scale instead of keeping the current model's spread.
    #[arg(long, value_name = "POINTS")]
    points_per_logit: Option<f64>,
    /// Where to write the proposed model (required; never the --model file).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: PathBuf,
    /// `table` for a terminal, `json` for programs (schema `leadlens.calibrate/1`).
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum TargetArg {
    Accepted,
    Opportunity,
    Won,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Table,
    Json,
}

pub(crate) fn run(args: CalibrateArgs) -> Result<ExitCode, Fatal> {
    // Refuse before any work: the proposal never replaces an input, least of all the model.
    for (what, input) in [
        ("--model", args.model.as_deref()),
        ("--leads", Some(args.leads.as_path())),
        ("--outcomes", Some(args.outcomes.as_path())),
    ] {
        if let Some(input) = input {
            if same_file(&args.output, input) {
                return Err(Fatal(format!(
                    "refusing to write the proposed model over {what} {}: write it elsewhere \
                     (-o proposed.json), review it, and adopt it yourself",
                    input.display()
                )));
            }
        }
    }
    if let Some(ppl) = args.points_per_logit {
        if !(ppl.is_finite() && ppl > 0.0) {
            return Err(Fatal("--points-per-logit must be a positive number".into()));
        }
    }
    let model = load_model(args.model.as_deref())?;
    let (leads, outcomes) = (read_bytes(&args.leads)?, read_bytes(&args.outcomes)?);
    let mut options = Options::new(
        match args.target {
            TargetArg::Accepted => Target::Accepted,
            TargetArg::Opportunity => Target::Opportunity,
            TargetArg::Won => Target::Won,
        },
        args.now.unwrap_or_else(system_now),
    );
    options.points_per_logit = args.points_per_logit;
    let read = ndjson::calibrate(&leads, &outcomes, &model, &options);
    let mut stderr = io::stderr().lock();
    print_bad_lines(&mut stderr, &read.bad_lines, &args.leads, &args.outcomes);
    let calibrated = match read.result {
        Ok(c) => c,
        Err(refusal) => {
            let _ = writeln!(stderr, "leadlens: {refusal}");
            return Ok(ExitCode::from(1));
        }
    };
    let json = calibrated
        .proposed_json()
        .map_err(|e| Fatal(format!("cannot serialize the proposed model: {e}")))?;
    fs::write(&args.output, json)
        .map_err(|e| Fatal(format!("cannot write {}: {e}", args.output.display())))?;

    let bad_lines = read.bad_lines.len();
    let out = match args.format {
        Format::Json => {
            let mut text = serde_json::to_string_pretty(&calibrated.report)
                .map_err(|e| Fatal(format!("cannot serialize the report: {e}")))?;
            text.push('\n');
            text
        }
        Format::Table => table(
            &calibrated.report,
            &args.output,
            bad_lines,
            read.unknown_lead_ids,
        ),
    };
    print_stdout(&out)?;
    Ok(bad_lines_status(&mut stderr, bad_lines))
}

/// Whether two paths name the same file (an existing one compared by canonical path).
fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

// ---- the table --------------------------------------------------------------------------------

fn table(r: &Report, output: &Path, bad_lines: usize, unknown_ids: usize) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "leadlens calibrate — target {}, model {} {} → proposed {}",
        r.target, r.model.id, r.model.version, r.proposed_version
    );
    let l = &r.labels;
    let _ = writeln!(
        t,
        "Outcomes     {} labelled of {} leads: {} positive, {} negative",
        l.labelled, l.leads, l.positive, l.negative
    );
    let left: Vec<String> = l
        .left_out
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(why, n)| format!("{} {n}", why.replace('_', " ")))
        .collect();
    if !left.is_empty() {
        let _ = writeln!(t, "Left out     {}", left.join(", "));
    }
    for (against, codes) in &l.rejections {
        let list: Vec<String> = codes.iter().map(|(c, n)| format!("{c} {n}")).collect();
        let _ = writeln!(
            t,
            "Rejections   counting against {against}: {}",
            list.join(", ")
        );
    }
    if unknown_ids > 0 || bad_lines > 0 {
        let _ = writeln!(
            t,
            "Input        {bad_lines} bad line(s) skipped; outcomes for {unknown_ids} lead id(s) not in the leads file"
        );
    }
    let s = &r.scale;
    let _ = writeln!(
        t,
        "Scale        {:.1} points per logit ({}{})",
        s.points_per_logit,
        if !s.derived {
            "given".to_string()
        } else if s.spread > 0.0 {
            format!("keeps the spread of rule points, sd {:.1}", s.spread)
        } else {
            "the default: no current rule scores these leads".to_string()
        },
        if s.clamped {
            "; clamped to 10–60"
        } else {
            ""
        }
    );

    let h = &r.holdout;
    let date = |t: Option<Timestamp>| {
        t.map_or("(undated)".to_string(), |t| {
            t.to_string().chars().take(10).collect()
        })
    };
    let _ = writeln!(
        t,
        "\nHoldout: fitted on the first {} leads by created_at (until {}), tested on the latest {} (from {}), {} positive",
        h.train.n,
        date(h.train.until),
        h.test.n,
        date(h.test.from),
        h.test.positive
    );
    let _ = writeln!(t, "                   current   proposed");
    let auc = |m: &Metrics| m.auc.map_or("   –  ".to_string(), |a| format!("{a:.3}"));
    let _ = writeln!(
        t,
        "  AUC              {:>7}   {:>8}",
        auc(&h.current),
        auc(&h.proposed)
    );
    let _ = writeln!(
        t,
        "  Log loss         {:>7.3}   {:>8.3}",
        h.current.log_loss, h.proposed.log_loss
    );
    let _ = writeln!(
        t,
        "  Calibration by likelihood band (n: predicted → observed)"
    );
    let bands: std::collections::BTreeSet<&str> = h
        .current
        .calibration
        .iter()
        .chain(&h.proposed.calibration)
        .map(|b| b.band.as_str())
        .collect();
    for band in bands {
        let cell = |m: &Metrics| {
            m.calibration
                .iter()
                .find(|b| b.band == band)
                .map_or("–".to_string(), |b| {
                    format!("{}: {:.2} → {:.2}", b.n, b.predicted, b.observed)
                })
        };
        let _ = writeln!(
            t,
            "    {band:<9}  {:<22} {}",
            cell(&h.current),
            cell(&h.proposed)
        );
    }
    let _ = writeln!(t, "  {} rate by route (positive / n)", r.target);
    for (i, row) in h.current.by_route.iter().enumerate() {
        let cell = |n: usize, p: usize| {
            if n == 0 {
                "–".to_string()
            } else {
                format!("{p}/{n} ({:.0}%)", 100.0 * p as f64 / n as f64)
            }
        };
        let proposed = h
            .proposed
            .by_route
            .get(i)
            .map_or("–".to_string(), |p| cell(p.n, p.positive));
        let _ = writeln!(
            t,
            "    {:<13}  {:<22} {proposed}",
            row.route,
            cell(row.n, row.positive)
        );
    }

    let changed: Vec<_> = r
        .rules
        .iter()
        .filter(|c| c.status == "reweighted")
        .collect();
    let _ = writeln!(t, "\nRe-weighted rules ({})", changed.len());
    for c in &changed {
        let _ = writeln!(
            t,
            "  {:>4} → {:<4} {}  (n={}, {} positive)  {}",
            c.old, c.new, c.name, c.support, c.positive, c.path
        );
    }
    let unchanged = r.rules.iter().filter(|c| c.status == "unchanged").count();
    let _ = writeln!(t, "  {unchanged} more refitted to the same points");
    let kept: Vec<_> = r
        .rules
        .iter()
        .filter(|c| c.status == "kept" && c.support > 0)
        .collect();
    if !kept.is_empty() {
        let _ = writeln!(t, "Kept (not fitted)");
        for c in kept {
            let _ = writeln!(
                t,
                "  {:>4}        {}: {}",
                c.old,
                c.name,
                c.note.as_deref().unwrap_or("")
            );
        }
    }
    let _ = writeln!(t, "New rules ({})", r.added.len());
    for a in &r.added {
        let _ = writeln!(
            t,
            "  {:>+4}        {} ({})  (n={}, {} positive, z={:.1})",
            a.rule.points,
            calibrate::params::describe_rule(&a.rule),
            dimension(a.rule.dimension),
            a.support,
            a.positive,
            a.z
        );
    }
    if !r.taken_back.is_empty() {
        let _ = writeln!(
            t,
            "Not added ({}): caps and clamps would take back most of their points",
            r.taken_back.len()
        );
        for x in &r.taken_back {
            let _ = writeln!(
                t,
                "  {:>+4}        {} ({})  (n={}, {} positive, z={:.1}): {:.0}% taken back, on {} leads, by {} ({})",
                x.rule.points,
                calibrate::params::describe_rule(&x.rule),
                dimension(x.rule.dimension),
                x.support,
                x.positive,
                x.z,
                100.0 * x.share,
                x.leads,
                x.by,
                match x.by {
                    "fit.clamp" | "intent.clamp" => "scores stay within 0–100",
                    "intent.passive_cap" => "activity alone stays under the passive cap",
                    "fit.must_have_cap" => "fit is capped while a must-have is unmet",
                    _ => "a cap",
                }
            );
        }
    }
    let c = &r.candidates;
    let _ = writeln!(
        t,
        "  of {} candidate values and bins: {} below the support gate, {} held by the leakage guard, {} taken back by caps and clamps, {} not different enough",
        c.considered, c.below_support, c.guarded, c.taken_back, c.not_significant
    );
    if !r.removed.is_empty() {
        let _ = writeln!(t, "Removed rules ({})", r.removed.len());
        for x in &r.removed {
            let _ = writeln!(
                t,
                "  {:>4} → –    {}  (refitted to 0 points; n={})",
                x.old, x.name, x.support
            );
        }
    }
    let guarded: Vec<_> = r.leakage_guard.iter().filter(|g| g.guarded).collect();
    for g in guarded {
        let _ = writeln!(
            t,
            "Leakage guard: {} is known for {:.0}% of positives and {:.0}% of negatives: its rules keep their points, no new ones",
            g.field,
            100.0 * g.present_positive,
            100.0 * g.present_negative
        );
    }
    for n in &r.not_refittable {
        let _ = writeln!(
            t,
            "Not refittable: {} ({} leads): {}",
            n.code, n.leads, n.reason
        );
    }
    let th = &r.thresholds;
    let _ = writeln!(
        t,
        "Thresholds   unchanged: sales review at fit ≥ {} and intent ≥ {}, borderline margin {}",
        th.sales_review.fit, th.sales_review.intent, th.borderline_margin
    );
    let describe = |c: &Option<leadlens::core::model::Calibration>| match c {
        None => "none".to_string(),
        Some(c) => format!(
            "sigmoid({:.3} + (fit + intent) / {:.1}) from {} outcomes ({})",
            c.intercept,
            c.points_per_logit,
            c.outcomes,
            c.target.as_str()
        ),
    };
    let _ = writeln!(
        t,
        "Likelihood   {} → {}",
        describe(&r.calibration.old),
        describe(&r.calibration.new)
    );
    let _ = writeln!(
        t,
        "\nWrote {} (version {}). The current model is unchanged: review the proposal, then adopt it with --model.",
        output.display(),
        r.proposed_version
    );
    t
}

fn dimension(d: leadlens::core::model::Dimension) -> &'static str {
    match d {
        leadlens::core::model::Dimension::Fit => "fit",
        leadlens::core::model::Dimension::Intent => "intent",
    }
}
