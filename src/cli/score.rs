//! The streaming loop shared by `score` and `explain`: one line in, one rendered result out.
//!
//! Memory stays flat whatever the input size: one reused line buffer, one reused output buffer,
//! nothing collected. Bad lines are reported and skipped; they never stop the run.

use std::io::{self, BufRead, BufWriter, Write};

use serde::Serialize;

use leadlens::core::{
    json, parse_lead, score, ErrorCode, InputError, Lead, Model, ScoredLead, Timestamp,
};

use super::explain;
use super::ErrorFormat;

/// How a scored lead is written to stdout.
#[derive(Clone, Copy)]
pub(crate) enum Render {
    /// One JSON `ScoredLead` per line.
    Ndjson,
    /// A readable report per lead (`explain`).
    Report,
}

pub(crate) struct Options {
    pub render: Render,
    pub now: Timestamp,
    pub error_format: ErrorFormat,
    /// `\r`-updated line counts on stderr; only for a person watching a terminal.
    pub progress: bool,
}

#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Counts {
    pub scored: u64,
    pub failed: u64,
}

/// Why a run stopped early. Reading and writing fail for different reasons and are reported
/// differently (a closed stdout is normal for `| head`).
pub(crate) enum Failure {
    Read(io::Error),
    Write(io::Error),
}

const PROGRESS_EVERY: u64 = 100_000;

pub(crate) fn run(
    mut input: impl BufRead,
    output: impl Write,
    diagnostics: impl Write,
    model: &Model,
    options: &Options,
) -> Result<Counts, Failure> {
    let mut out = BufWriter::with_capacity(64 * 1024, output);
    let mut diagnostics = Diagnostics {
        out: diagnostics,
        format: options.error_format,
        progress_shown: false,
    };
    let mut line = Vec::with_capacity(4096);
    let mut rendered = Vec::with_capacity(4096);
    // One JSON writer for every result: its buffers are kept, and its bytes go out as they are.
    let mut json = json::Out::with_capacity(4096);
    let mut counts = Counts::default();
    let mut line_number: u64 = 0;
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line).map_err(Failure::Read)? == 0 {
            break;
        }
        line_number += 1;
        if options.progress && line_number % PROGRESS_EVERY == 0 {
            diagnostics.progress(line_number);
        }
        let text = match std::str::from_utf8(&line) {
            Ok(text) if text.trim().is_empty() => continue,
            Ok(text) => Ok(text.trim()),
            Err(_) => Err(InputError::new(
                ErrorCode::InvalidJson,
                "",
                "not valid UTF-8",
            )),
        };
        // The result borrows from the lead, so it is rendered while the lead is in scope.
        let scored = text.and_then(parse_lead).and_then(|lead| {
            let result = score(&lead, model, options.now)?;
            rendered.clear();
            Ok(render(
                &mut rendered,
                &mut json,
                options.render,
                &lead,
                &result,
            ))
        });
        match scored {
            Ok(rendering) => {
                rendering?;
                out.write_all(&rendered).map_err(Failure::Write)?;
                counts.scored += 1;
            }
            Err(error) => {
                counts.failed += 1;
                // Results so far go out first, so a terminal shows the error in sequence.
                out.flush().map_err(Failure::Write)?;
                diagnostics.line_error(line_number, &error);
            }
        }
    }
    out.flush().map_err(Failure::Write)?;
    diagnostics.summary(counts);
    Ok(counts)
}

fn render(
    out: &mut Vec<u8>,
    json: &mut json::Out,
    render: Render,
    lead: &Lead,
    result: &ScoredLead,
) -> Result<(), Failure> {
    match render {
        Render::Ndjson => {
            json.clear();
            result.write(json);
            out.extend_from_slice(json.as_bytes());
            out.push(b'\n');
        }
        Render::Report => explain::write_report(out, lead, result).map_err(Failure::Write)?,
    }
    Ok(())
}

/// Everything written to stderr. Write errors there are ignored: there is nowhere left to report
/// them, and they must not stop the results on stdout.
struct Diagnostics<W: Write> {
    out: W,
    format: ErrorFormat,
    progress_shown: bool,
}

#[derive(Serialize)]
struct LineError<'a> {
    line: u64,
    code: &'static str,
    path: &'a str,
    message: &'a str,
}

#[derive(Serialize)]
struct Summary {
    summary: SummaryCounts,
}

#[derive(Serialize)]
struct SummaryCounts {
    scored: u64,
    failed: u64,
}

impl<W: Write> Diagnostics<W> {
    fn line_error(&mut self, line: u64, error: &InputError) {
        self.clear_progress();
        let _ = match self.format {
            ErrorFormat::Text if error.code == ErrorCode::InvalidJson => {
                writeln!(self.out, "line {line}: invalid JSON: {}", error.message)
            }
            ErrorFormat::Text => writeln!(self.out, "line {line}: {error}"),
            ErrorFormat::Json => self.json_line(&LineError {
                line,
                code: error.code.as_str(),
                path: &error.path,
                message: &error.message,
            }),
        };
    }

    fn summary(&mut self, counts: Counts) {
        self.clear_progress();
        let _ = match self.format {
            ErrorFormat::Text => writeln!(
                self.out,
                "scored {} leads, {} failed",
                counts.scored, counts.failed
            ),
            ErrorFormat::Json => self.json_line(&Summary {
                summary: SummaryCounts {
                    scored: counts.scored,
                    failed: counts.failed,
                },
            }),
        };
    }

    fn progress(&mut self, lines: u64) {
        let _ = write!(self.out, "\r{lines} lines read…");
        let _ = self.out.flush();
        self.progress_shown = true;
    }

    fn clear_progress(&mut self) {
        if self.progress_shown {
            // Carriage return + "erase line", so the next message starts on a clean line.
            let _ = write!(self.out, "\r\x1b[2K");
            self.progress_shown = false;
        }
    }

    fn json_line(&mut self, value: &impl Serialize) -> io::Result<()> {
        let mut line = serde_json::to_vec(value)?;
        line.push(b'\n');
        self.out.write_all(&line)
    }
}
