//! `report` and `calibrate` on their input files, one code path for the CLI (files) and the
//! dashboard (`src/web/report.rs`, text from the page): numbered NDJSON lines, each bad line kept
//! with its file, 1-based number and [`InputError`] (field path and message), skipped, never
//! fatal. Blank lines are skipped but still count for line numbers.

use std::collections::BTreeSet;

use serde::Serialize;

use super::calibrate::{self, Calibrated, Refusal};
use super::error::{ErrorCode, InputError};
use super::lead::{parse_lead, Lead};
use super::model::Model;
use super::outcome::{by_lead, parse_outcome, OutcomeRecord};
use super::report::{self, InputCounts, LeadRow};

/// Which input file a line came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Input {
    Leads,
    Outcomes,
}

/// A line that could not be read (or a lead that could not be scored): skipped, and reported.
/// JSON: `{"input": "leads" | "outcomes", "line", "code", "path", "message"}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BadLine {
    pub input: Input,
    /// 1-based.
    pub line: usize,
    #[serde(flatten)]
    pub error: InputError,
}

impl std::fmt::Display for BadLine {
    /// `path: message`, or `invalid JSON: message` for a line that is not JSON (the CLI puts
    /// `file:line: ` before it).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.error.code == ErrorCode::InvalidJson {
            write!(f, "invalid JSON: {}", self.error.message)
        } else {
            write!(f, "{}", self.error)
        }
    }
}

/// Every non-blank line of NDJSON bytes, trimmed, with its 1-based number; a line that is not
/// UTF-8 comes as an error.
pub fn lines(bytes: &[u8]) -> impl Iterator<Item = (usize, Result<&str, InputError>)> {
    bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .filter(|(_, line)| !line.iter().all(u8::is_ascii_whitespace))
        .map(|(i, line)| {
            let text = std::str::from_utf8(line)
                .map(str::trim)
                .map_err(|_| InputError::new(ErrorCode::InvalidJson, "", "not valid UTF-8"));
            (i.saturating_add(1), text)
        })
}

/// Calls `each` with every lead of an NDJSON file and its line number; unreadable lines go to
/// `bad`.
pub fn each_lead(bytes: &[u8], bad: &mut Vec<BadLine>, mut each: impl FnMut(usize, Lead)) {
    for (line, text) in lines(bytes) {
        match text.and_then(parse_lead) {
            Ok(lead) => each(line, lead),
            Err(error) => bad.push(BadLine {
                input: Input::Leads,
                line,
                error,
            }),
        }
    }
}

/// The outcome records of an NDJSON file; unreadable lines go to `bad`.
pub fn outcomes(bytes: &[u8], bad: &mut Vec<BadLine>) -> Vec<OutcomeRecord> {
    let mut records = Vec::new();
    for (line, text) in lines(bytes) {
        match text.and_then(parse_outcome) {
            Ok(record) => records.push(record),
            Err(error) => bad.push(BadLine {
                input: Input::Outcomes,
                line,
                error,
            }),
        }
    }
    records
}

/// `leadlens report`: each lead scored with [`report::row`] as it is read, joined with the
/// outcomes. Lines that cannot be read and leads that cannot be scored are counted in the report
/// and returned in file order (leads first) for the caller to show.
pub fn report(
    leads: &[u8],
    outcomes: &[u8],
    model: &Model,
    options: &report::Options,
) -> (report::Report, Vec<BadLine>) {
    let mut bad = Vec::new();
    let mut unscored = Vec::new();
    let mut rows: Vec<LeadRow> = Vec::new();
    each_lead(leads, &mut bad, |line, lead| {
        match report::row(&lead, model, options.now) {
            Ok(scored) => rows.push(scored),
            Err(error) => unscored.push(BadLine {
                input: Input::Leads,
                line,
                error,
            }),
        }
    });
    let bad_lead_lines = bad.len() + unscored.len();
    let records = self::outcomes(outcomes, &mut bad);
    bad.append(&mut unscored);
    bad.sort_by_key(|b| (b.input, b.line));
    let counts = InputCounts {
        bad_lead_lines: bad_lead_lines as u64,
        outcome_records: records.len() as u64,
        bad_outcome_lines: (bad.len() - bad_lead_lines) as u64,
    };
    let report = report::report(&rows, &by_lead(&records), counts, options);
    (report, bad)
}

/// What [`calibrate()`] read and found.
#[derive(Debug, Clone)]
pub struct Calibration {
    pub result: Result<Calibrated, Refusal>,
    /// Lines that could not be read, skipped; in file order, leads first.
    pub bad_lines: Vec<BadLine>,
    /// Lead ids in the outcomes that are not in the leads file (their outcomes are ignored).
    pub unknown_lead_ids: usize,
}

/// `leadlens calibrate`: [`calibrate::calibrate`] on what could be read.
pub fn calibrate(
    leads: &[u8],
    outcomes: &[u8],
    model: &Model,
    options: &calibrate::Options,
) -> Calibration {
    let mut bad_lines = Vec::new();
    let mut read: Vec<Lead> = Vec::new();
    each_lead(leads, &mut bad_lines, |_, lead| {
        read.push(lead.into_owned())
    });
    let outcomes = by_lead(&self::outcomes(outcomes, &mut bad_lines));
    let known: BTreeSet<&str> = read.iter().map(|l| l.id.as_ref()).collect();
    let unknown_lead_ids = outcomes
        .keys()
        .filter(|id| !known.contains(id.as_str()))
        .count();
    Calibration {
        result: calibrate::calibrate(&read, &outcomes, model, options),
        bad_lines,
        unknown_lead_ids,
    }
}
