//! Outcome records: what happened to leads after they were scored, read from NDJSON.
//!
//! Two kinds of record share one file, one JSON object per line, told apart by `outcome`:
//!
//! - **decision records** (the Decision contract in `CONTRACTS.md`): `accepted`, `rejected` or
//!   `recycled`, with `lead_id` and `decided_at`. Files exported from CRMs are read leniently:
//!   unknown keys are ignored and only `lead_id`, `outcome` and `decided_at` are required — a
//!   rejection without a `reason_code` is still read (the report counts it as "without a clear
//!   reason"), and an incomplete `score_snapshot` (a field missing) is left out. A `lead_id` or
//!   `reviewer` may be an integer. `decision_id`, `reason_code`, `note`, `reviewer` may be `null`.
//! - **stage records** for later pipeline stages:
//!   `{"lead_id": "L-1", "outcome": "opportunity_created" | "won" | "lost", "at": "RFC 3339",
//!   "amount": 12000}` (`amount` optional: a non-negative number, or a numeric string).
//!
//! A known field with the wrong type, an unknown `outcome`, a bad timestamp or a line that is not
//! JSON is an [`InputError`] naming the field path, reported with its 1-based line number; parsing
//! keeps going. [`by_lead`] folds the records into one [`LeadOutcome`] per lead.

use serde_json::{Map, Value};

use super::decision::{Outcome, ScoreSnapshot};
use super::display::Quoted;
use super::error::{ErrorCode, InputError};
use super::result::Route;
use super::text::TextMap;
use super::time::Timestamp;

/// A pipeline stage reached after sales accepted a lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    OpportunityCreated,
    Won,
    Lost,
}

impl Stage {
    pub const ALL: [Stage; 3] = [Stage::OpportunityCreated, Stage::Won, Stage::Lost];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::OpportunityCreated => "opportunity_created",
            Stage::Won => "won",
            Stage::Lost => "lost",
        }
    }

    pub fn parse(text: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

/// A reviewer's decision on a lead, as read from an outcome file.
#[derive(Debug, Clone, PartialEq)]
pub struct DecisionRecord {
    pub decision_id: Option<String>,
    pub lead_id: String,
    pub outcome: Outcome,
    pub reason_code: Option<String>,
    /// Free text; with `reason_code: "other"` it is what makes the reason clear.
    pub note: Option<String>,
    pub reviewer: Option<String>,
    pub decided_at: Timestamp,
    /// Present only when all four fields were given.
    pub score_snapshot: Option<ScoreSnapshot>,
}

/// A later pipeline stage reached by a lead.
#[derive(Debug, Clone, PartialEq)]
pub struct StageRecord {
    pub lead_id: String,
    pub stage: Stage,
    pub at: Timestamp,
    pub amount: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum OutcomeRecord {
    Decision(DecisionRecord),
    Stage(StageRecord),
}

impl OutcomeRecord {
    pub fn lead_id(&self) -> &str {
        match self {
            OutcomeRecord::Decision(d) => &d.lead_id,
            OutcomeRecord::Stage(s) => &s.lead_id,
        }
    }
}

/// A line that could not be read: its 1-based number and what was wrong (with the field path,
/// e.g. `outcome`, `decided_at`, `score_snapshot.fit`; empty when the line is not JSON).
#[derive(Debug, Clone, PartialEq)]
pub struct LineError {
    pub line: usize,
    pub error: InputError,
}

/// Reads NDJSON outcome records. Blank lines are skipped (they still count for line numbers);
/// every bad line is reported and the rest are still read.
///
/// # Examples
/// ```
/// use leadlens::core::outcome::{parse_outcomes, OutcomeRecord};
/// let (records, errors) = parse_outcomes(concat!(
///     r#"{"lead_id": "L-1", "outcome": "accepted", "decided_at": "2026-11-20T10:00:00Z", "crm_field": 1}"#, "\n",
///     "\n",
///     r#"{"lead_id": "L-1", "outcome": "won", "at": "2026-12-20T10:00:00Z", "amount": 12000}"#, "\n",
///     r#"{"lead_id": "L-2", "outcome": "maybe", "decided_at": "2026-11-20T10:00:00Z"}"#, "\n",
/// ));
/// assert_eq!(records.len(), 2);
/// assert!(matches!(records[0], OutcomeRecord::Decision(_)));
/// assert_eq!((errors[0].line, errors[0].error.path.as_str()), (4, "outcome"));
/// ```
pub fn parse_outcomes(ndjson: &str) -> (Vec<OutcomeRecord>, Vec<LineError>) {
    let mut records = Vec::new();
    let mut errors = Vec::new();
    for (index, line) in ndjson.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        match parse_outcome(line) {
            Ok(record) => records.push(record),
            Err(error) => errors.push(LineError {
                line: index.saturating_add(1),
                error,
            }),
        }
    }
    (records, errors)
}

/// Reads one outcome record (one line of an outcome file).
pub fn parse_outcome(json: &str) -> Result<OutcomeRecord, InputError> {
    let value: Value = serde_json::from_str(json.trim())
        .map_err(|e| InputError::new(ErrorCode::InvalidJson, "", e.to_string()))?;
    let Value::Object(object) = value else {
        return Err(InputError::new(
            ErrorCode::InvalidJson,
            "",
            "expected a JSON object (one outcome record per line)",
        ));
    };
    let fields = Fields(&object);
    let lead_id = fields
        .id("lead_id")?
        .ok_or_else(|| missing("lead_id", "a non-empty lead id"))?;
    let outcome = match object.get("outcome") {
        None | Some(Value::Null) => return Err(missing("outcome", OUTCOMES)),
        Some(Value::String(s)) => s.trim(),
        Some(_) => return Err(invalid("outcome", OUTCOMES)),
    };
    if let Some(outcome) = Outcome::parse(outcome) {
        let decided_at = fields
            .timestamp("decided_at")?
            .ok_or_else(|| missing("decided_at", TIMESTAMP))?;
        return Ok(OutcomeRecord::Decision(DecisionRecord {
            decision_id: fields.id("decision_id")?,
            lead_id,
            outcome,
            reason_code: fields.text("reason_code")?,
            note: fields.text("note")?,
            reviewer: fields.id("reviewer")?,
            decided_at,
            score_snapshot: snapshot(object.get("score_snapshot"))?,
        }));
    }
    if let Some(stage) = Stage::parse(outcome) {
        let at = fields
            .timestamp("at")?
            .ok_or_else(|| missing("at", TIMESTAMP))?;
        return Ok(OutcomeRecord::Stage(StageRecord {
            lead_id,
            stage,
            at,
            amount: fields.amount("amount")?,
        }));
    }
    Err(InvalidOutcome(outcome).into())
}

const OUTCOMES: &str = "one of accepted, rejected, recycled, opportunity_created, won, lost";
const TIMESTAMP: &str = "an RFC 3339 timestamp such as \"2026-11-16T09:00:00Z\"";

struct InvalidOutcome<'a>(&'a str);

impl From<InvalidOutcome<'_>> for InputError {
    fn from(InvalidOutcome(got): InvalidOutcome) -> InputError {
        InputError::new(
            ErrorCode::InvalidField,
            "outcome",
            format!("expected {OUTCOMES}, got {got_q}", got_q = Quoted(got)),
        )
    }
}

fn missing(path: &str, expected: &str) -> InputError {
    InputError::new(
        ErrorCode::MissingField,
        path,
        format!("missing required field: expected {expected}"),
    )
}

fn invalid(path: &str, expected: &str) -> InputError {
    InputError::new(
        ErrorCode::InvalidField,
        path,
        format!("expected {expected}"),
    )
}

/// Typed reads of one record's fields; `null` reads as absent everywhere.
struct Fields<'a>(&'a Map<String, Value>);

impl Fields<'_> {
    fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key).filter(|v| !v.is_null())
    }

    /// A string (trimmed; empty reads as absent) or an integer.
    fn id(&self, key: &str) -> Result<Option<String>, InputError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => {
                Ok(Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_string))
            }
            Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(Some(n.to_string())),
            Some(_) => Err(invalid(key, "a string or an integer")),
        }
    }

    /// A string (trimmed; empty reads as absent).
    fn text(&self, key: &str) -> Result<Option<String>, InputError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => {
                Ok(Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_string))
            }
            Some(_) => Err(invalid(key, "a string")),
        }
    }

    fn timestamp(&self, key: &str) -> Result<Option<Timestamp>, InputError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Timestamp::parse_rfc3339(s).map(Some).ok_or_else(|| {
                InputError::new(
                    ErrorCode::InvalidField,
                    key,
                    format!("expected {TIMESTAMP}, got {s_q}", s_q = Quoted(s)),
                )
            }),
            Some(_) => Err(invalid(key, TIMESTAMP)),
        }
    }

    /// A non-negative amount: a number, or a numeric string (`"12000"`, `"12,000.50"`).
    fn amount(&self, key: &str) -> Result<Option<f64>, InputError> {
        let amount = match self.get(key) {
            None => return Ok(None),
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(s)) if s.trim().is_empty() => return Ok(None),
            Some(Value::String(s)) => s.trim().replace(',', "").parse::<f64>().ok(),
            Some(_) => None,
        };
        match amount {
            Some(a) if a.is_finite() && a >= 0.0 => Ok(Some(a)),
            _ => Err(invalid(key, "a non-negative amount")),
        }
    }
}

/// The snapshot when all four fields are given; a field with the wrong type is an error, a
/// missing field leaves the snapshot out (CRM exports often carry only part of it).
fn snapshot(value: Option<&Value>) -> Result<Option<ScoreSnapshot>, InputError> {
    let object = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(object)) => object,
        Some(_) => return Err(invalid("score_snapshot", "an object")),
    };
    let fields = Fields(object);
    let score = |key: &str| -> Result<Option<i32>, InputError> {
        match fields.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_i64()
                .and_then(|n| i32::try_from(n).ok())
                .filter(|n| (0..=100).contains(n))
                .map(Some)
                .ok_or_else(|| {
                    invalid(
                        &format!("score_snapshot.{key}"),
                        "a whole-number score between 0 and 100",
                    )
                }),
        }
    };
    let fit = score("fit")?;
    let intent = score("intent")?;
    let route = match fields.get("route") {
        None => None,
        Some(Value::String(s)) => Some(route(s.trim()).ok_or_else(|| {
            invalid(
                "score_snapshot.route",
                "one of sales_review, nurture, disqualify",
            )
        })?),
        Some(_) => {
            return Err(invalid(
                "score_snapshot.route",
                "one of sales_review, nurture, disqualify",
            ))
        }
    };
    let model_version = fields
        .id("model_version")
        .map_err(|e| InputError::new(e.code, "score_snapshot.model_version", e.message))?;
    Ok(match (fit, intent, route, model_version) {
        (Some(fit), Some(intent), Some(route), Some(model_version)) => Some(ScoreSnapshot {
            fit,
            intent,
            route,
            model_version,
        }),
        _ => None,
    })
}

fn route(text: &str) -> Option<Route> {
    [Route::SalesReview, Route::Nurture, Route::Disqualify]
        .into_iter()
        .find(|r| r.as_str() == text)
}

/// Everything known about one lead's outcome: the latest decision (by `decided_at`; among equal
/// times the later record wins) and the first time each stage was reached.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LeadOutcome {
    pub decision: Option<DecisionRecord>,
    /// How many decision records the lead has (re-decisions happen: recycled, then accepted).
    pub decisions: u32,
    /// How many records of any kind the lead has.
    pub records: u32,
    pub opportunity_at: Option<Timestamp>,
    pub won_at: Option<Timestamp>,
    pub lost_at: Option<Timestamp>,
}

impl LeadOutcome {
    /// The latest decision's outcome.
    pub fn outcome(&self) -> Option<Outcome> {
        self.decision.as_ref().map(|d| d.outcome)
    }

    /// Reached an opportunity: an `opportunity_created` or a `won` record.
    pub fn has_opportunity(&self) -> bool {
        self.opportunity_at.is_some() || self.won_at.is_some()
    }

    fn add(&mut self, record: &OutcomeRecord) {
        self.records = self.records.saturating_add(1);
        match record {
            OutcomeRecord::Decision(d) => {
                self.decisions = self.decisions.saturating_add(1);
                let later = self
                    .decision
                    .as_ref()
                    .map_or(true, |current| d.decided_at >= current.decided_at);
                if later {
                    self.decision = Some(d.clone());
                }
            }
            OutcomeRecord::Stage(s) => {
                let slot = match s.stage {
                    Stage::OpportunityCreated => &mut self.opportunity_at,
                    Stage::Won => &mut self.won_at,
                    Stage::Lost => &mut self.lost_at,
                };
                if slot.map_or(true, |t| s.at < t) {
                    *slot = Some(s.at);
                }
            }
        }
    }
}

/// Folds records into one [`LeadOutcome`] per lead id, in record order (so "the later record
/// wins" ties means the later line). A [`TextMap`] (a `HashMap` with a fixed hasher): look up by
/// lead id; iterate it only to collect and sort, never straight into output.
pub fn by_lead(records: &[OutcomeRecord]) -> TextMap<String, LeadOutcome> {
    let mut map: TextMap<String, LeadOutcome> = TextMap::default();
    for record in records {
        match map.get_mut(record.lead_id()) {
            Some(outcome) => outcome.add(record),
            None => {
                let mut outcome = LeadOutcome::default();
                outcome.add(record);
                map.insert(record.lead_id().to_string(), outcome);
            }
        }
    }
    map
}
