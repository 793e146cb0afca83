//! Arguments and dispatch. Exit codes: 0 success, 1 some input was rejected (bad lead lines, an
//! invalid model under `model validate`), 2 usage or I/O problems (bad flags, unreadable files).

mod calibrate;
mod explain;
mod report;
mod score;

use std::fs;
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use clap::{Args, Parser, Subcommand, ValueEnum};

use leadlens::core::ndjson::{BadLine, Input};
use leadlens::core::{Model, Timestamp};

use score::{Failure, Render};

#[derive(Parser)]
#[command(
    name = "leadlens",
    version,
    about = "Explainable B2B lead scoring: fit, intent, negative fit and a recommended route, \
             with evidence for every point.",
    after_help = "Examples:\n  \
        leadlens score leads.ndjson > scored.ndjson\n  \
        cat leads.ndjson | leadlens score --now 2026-11-22T12:00:00Z -\n  \
        leadlens explain --model my-model.json leads.ndjson | less\n  \
        leadlens model show > my-model.json && leadlens model validate my-model.json"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Score NDJSON leads (one JSON object per line); write one JSON result per line.
    #[command(after_help = "Examples:\n  \
        leadlens score leads.ndjson > scored.ndjson\n  \
        leadlens score --now 2026-11-22T12:00:00Z --error-format json - < leads.ndjson\n\n\
        Bad lines are reported on stderr with their line number and field path; scoring \
        continues and the exit status is 1 if any line failed.")]
    Score(ScoreArgs),
    /// Print a readable report for each NDJSON lead: scores, route, evidence, next action.
    #[command(after_help = "Examples:\n  \
        leadlens explain leads.ndjson\n  \
        echo '{\"id\":\"L-1\",\"contact\":{\"title\":\"Student\"}}' | leadlens explain")]
    Explain(ScoreArgs),
    /// Validate or print scoring models.
    #[command(subcommand)]
    Model(ModelCommand),
    /// Funnel metrics: leads scored by the model, joined with sales decisions and later stages.
    #[command(
        long_about = "Funnel metrics: leads scored by the model (each as of its own created_at; \
                      without one, at --now), joined by lead id with sales decisions and later \
                      stages, overall and by fit band, intent band, route, source channel, \
                      campaign, model version and experiment variant. Every rate comes with its \
                      numerator/denominator and a 95% Wilson interval; fewer than 30 is flagged. \
                      Exact definitions: src/core/report.rs and the README.",
        after_help = "Examples:\n  \
        leadlens report --leads leads.ndjson --outcomes outcomes.ndjson\n  \
        leadlens report --leads leads.ndjson --outcomes outcomes.ndjson --since 2026-10-01 \
        --until 2026-11-01 --format json > report.json\n\n\
        Bad lines in either file are reported on stderr with file:line and field path, skipped \
        and counted in the report; the report is still printed and the exit status is 1."
    )]
    Report(report::ReportArgs),
    /// Propose a recalibrated model from outcomes: refitted points, new learned rules, a
    /// likelihood; compared with the current model on the latest leads; written to -o.
    #[command(
        long_about = "Learns from outcomes and proposes a new model version, still a points \
                      model: refits the points of the current rules (shrunk towards their current \
                      points), proposes learned rules from lead fields (values, size and activity \
                      bins) that the current rules cannot explain, and adds a calibrated \
                      likelihood. Rules with fewer than 30 labelled leads keep their points; below \
                      200 labelled outcomes it refuses. It fits on the earliest 80% of leads and \
                      compares current and proposed on the latest 20% (AUC, log loss, calibration, \
                      rate by route), then refits on all. The current model is never overwritten. \
                      Exact definitions: src/core/calibrate/mod.rs and the README.",
        after_help = "Examples:\n  \
        leadlens calibrate --leads leads.ndjson --outcomes outcomes.ndjson -o proposed.json\n  \
        leadlens calibrate --model current.json --target won --leads leads.ndjson \
        --outcomes outcomes.ndjson -o proposed.json --format json > calibration.json\n\n\
        Bad lines in either file are reported on stderr with file:line and field path and \
        skipped; the proposal is still written and the exit status is 1. Too few outcomes: \
        nothing is written, exit status 1."
    )]
    Calibrate(calibrate::CalibrateArgs),
}

#[derive(Args)]
struct ScoreArgs {
    /// Scoring model (JSON); the embedded default model when omitted.
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// The instant to score at (RFC 3339); defaults to the current time. Fix it for
    /// reproducible output.
    #[arg(long, value_name = "RFC3339", value_parser = parse_now)]
    now: Option<Timestamp>,
    /// How bad lines are reported on stderr; default: text on a terminal, json otherwise.
    #[arg(long, value_enum, value_name = "FORMAT")]
    error_format: Option<ErrorFormat>,
    /// NDJSON leads; `-` or nothing reads stdin.
    #[arg(value_name = "FILE")]
    input: Option<PathBuf>,
}

#[derive(Subcommand)]
enum ModelCommand {
    /// Check a model file; print `ok: <id> <version>` or every problem with its JSON path.
    #[command(after_help = "Example:\n  leadlens model validate my-model.json")]
    Validate {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Print the embedded default model as pretty JSON (a starting point for your own).
    Show,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ErrorFormat {
    Text,
    Json,
}

fn parse_now(text: &str) -> Result<Timestamp, String> {
    Timestamp::parse_rfc3339(text)
        .ok_or_else(|| "expected an RFC 3339 instant such as 2026-11-22T12:00:00Z".to_string())
}

/// A usage or I/O problem that ends the run early, with exit status 2.
struct Fatal(String);

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Score(args) => stream(args, Render::Ndjson),
        Command::Explain(args) => stream(args, Render::Report),
        Command::Model(ModelCommand::Validate { file }) => validate_model(&file),
        Command::Model(ModelCommand::Show) => show_model(),
        Command::Report(args) => report::run(args),
        Command::Calibrate(args) => calibrate::run(args),
    };
    match result {
        Ok(code) => code,
        Err(fatal) => {
            let _ = writeln!(io::stderr().lock(), "leadlens: {}", fatal.0);
            ExitCode::from(2)
        }
    }
}

fn stream(args: ScoreArgs, render: Render) -> Result<ExitCode, Fatal> {
    let model = load_model(args.model.as_deref())?;
    let now = args.now.unwrap_or_else(system_now);
    let stderr_is_terminal = io::stderr().is_terminal();
    let options = score::Options {
        render,
        now,
        error_format: args.error_format.unwrap_or(if stderr_is_terminal {
            ErrorFormat::Text
        } else {
            ErrorFormat::Json
        }),
        progress: stderr_is_terminal,
    };
    let input = args.input.filter(|p| p.as_os_str() != "-");
    let (stdout, stderr) = (io::stdout().lock(), io::stderr().lock());
    let outcome = match &input {
        None => {
            if io::stdin().is_terminal() && stderr_is_terminal {
                eprintln!(
                    "leadlens: reading leads from stdin, one JSON object per line (Ctrl-D ends)"
                );
            }
            score::run(io::stdin().lock(), stdout, stderr, &model, &options)
        }
        Some(path) => {
            let file = fs::File::open(path).map_err(|e| cannot_read(path, &e))?;
            let reader = io::BufReader::with_capacity(64 * 1024, file);
            score::run(reader, stdout, stderr, &model, &options)
        }
    };
    match outcome {
        Ok(counts) if counts.failed > 0 => Ok(ExitCode::from(1)),
        Ok(_) => Ok(ExitCode::SUCCESS),
        // `leadlens score big.ndjson | head`: the reader left; that is not an error.
        Err(Failure::Write(e)) if e.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(Failure::Write(e)) => Err(Fatal(format!("cannot write output: {e}"))),
        Err(Failure::Read(e)) => Err(match &input {
            Some(path) => cannot_read(path, &e),
            None => Fatal(format!("cannot read stdin: {e}")),
        }),
    }
}

fn validate_model(path: &Path) -> Result<ExitCode, Fatal> {
    let text = read_file(path)?;
    // Tell "not JSON at all" apart from "JSON that is not a valid model".
    if let Err(e) = serde_json::from_str::<serde::de::IgnoredAny>(&text) {
        print_stdout(&format!("{}: not valid JSON: {e}\n", path.display()))?;
        return Ok(ExitCode::from(1));
    }
    match Model::from_json(&text) {
        Ok(model) => {
            print_stdout(&format!("ok: {} {}\n", model.id(), model.version()))?;
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            let report: String = e
                .problems
                .iter()
                .map(|p| match p.path.as_str() {
                    "" => format!("{}\n", p.message),
                    path => format!("{path}: {}\n", p.message),
                })
                .collect();
            print_stdout(&report)?;
            Ok(ExitCode::from(1))
        }
    }
}

fn show_model() -> Result<ExitCode, Fatal> {
    print_stdout(&format!("{}\n", Model::default_model().to_json_pretty()))?;
    Ok(ExitCode::SUCCESS)
}

/// Writes everything at once; a closed pipe (`| head`) is not an error.
fn print_stdout(text: &str) -> Result<(), Fatal> {
    match io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(Fatal(format!("I/O error: {e}"))),
        _ => Ok(()),
    }
}

fn read_file(path: &Path) -> Result<String, Fatal> {
    fs::read_to_string(path).map_err(|e| cannot_read(path, &e))
}

/// The model of `--model`, else the embedded default model.
fn load_model(path: Option<&Path>) -> Result<Model, Fatal> {
    let Some(path) = path else {
        return Ok(Model::default_model());
    };
    let text = read_file(path)?;
    Model::from_json(&text).map_err(|e| {
        Fatal(format!(
            "invalid model {}: {e}\n(run `leadlens model validate {}` for details)",
            path.display(),
            path.display()
        ))
    })
}

/// An NDJSON input of `report` or `calibrate`, whole: a line that is not UTF-8 is a bad line of
/// its own, not a reason to stop.
fn read_bytes(path: &Path) -> Result<Vec<u8>, Fatal> {
    fs::read(path).map_err(|e| cannot_read(path, &e))
}

/// Each bad line of `report` and `calibrate` on stderr: `file:line: path: message`.
fn print_bad_lines(stderr: &mut impl Write, bad: &[BadLine], leads: &Path, outcomes: &Path) {
    for b in bad {
        let file = match b.input {
            Input::Leads => leads,
            Input::Outcomes => outcomes,
        };
        let _ = writeln!(stderr, "{}:{}: {b}", file.display(), b.line);
    }
}

/// After the output: how many bad lines were skipped, and exit status 1 (0 without any).
fn bad_lines_status(stderr: &mut impl Write, bad: usize) -> ExitCode {
    if bad == 0 {
        return ExitCode::SUCCESS;
    }
    let _ = writeln!(
        stderr,
        "leadlens: {bad} bad line{} skipped (see above)",
        if bad == 1 { "" } else { "s" }
    );
    ExitCode::from(1)
}

fn cannot_read(path: &Path, e: &io::Error) -> Fatal {
    Fatal(format!("cannot read {}: {e}", path.display()))
}

fn system_now() -> Timestamp {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    Timestamp::from_millis(millis)
}
