//! Reviewer decisions (the Decision contract in `CONTRACTS.md`): what a sales reviewer records
//! after reading a result, validated against the model's reason lists.
//!
//! The score never decides; this is where a person does. A decision snapshots the result it was
//! made on, so metrics can later compare the recommendation with what the reviewer chose.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::model::{Model, ReasonCode};
use super::result::{Route, ScoredLead};
use super::time::Timestamp;

/// Longest note kept with a decision, in characters: enough for a paragraph, small enough that a
/// CRM text field takes it.
pub const MAX_NOTE_CHARS: usize = 2000;

/// The reason code that needs a note to mean anything.
const OTHER: &str = "other";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Accepted,
    Rejected,
    Recycled,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Accepted, Outcome::Rejected, Outcome::Recycled];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Accepted => "accepted",
            Outcome::Rejected => "rejected",
            Outcome::Recycled => "recycled",
        }
    }

    pub fn parse(text: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|o| o.as_str() == text)
    }

    /// Rejecting or recycling a lead must say why; accepting may.
    pub fn requires_reason(self) -> bool {
        !matches!(self, Outcome::Accepted)
    }

    /// The reason codes the model offers for this outcome.
    pub fn reasons(self, model: &Model) -> &[ReasonCode] {
        let reasons = &model.spec().decision_reasons;
        match self {
            Outcome::Accepted => &reasons.accepted,
            Outcome::Rejected => &reasons.rejected,
            Outcome::Recycled => &reasons.recycled,
        }
    }
}

/// The scores the reviewer saw when deciding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreSnapshot {
    pub fit: i32,
    pub intent: i32,
    pub route: Route,
    pub model_version: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// UUIDv7: unique, and sorts by creation time. Posting is idempotent on it.
    pub decision_id: String,
    pub lead_id: String,
    pub outcome: Outcome,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub reviewer: String,
    pub decided_at: Timestamp,
    pub score_snapshot: ScoreSnapshot,
}

/// What the reviewer filled in, before it is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecisionDraft {
    pub outcome: Option<Outcome>,
    pub reason_code: Option<String>,
    pub note: String,
}

/// Why a draft cannot be recorded yet; `field` is the form control to point at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftError {
    /// `outcome`, `reason_code`, `note` or `reviewer`.
    pub field: &'static str,
    pub message: String,
}

impl fmt::Display for DraftError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for DraftError {}

fn draft_error(field: &'static str, message: impl Into<String>) -> DraftError {
    DraftError {
        field,
        message: message.into(),
    }
}

impl DecisionDraft {
    /// Every reason the draft is not ready, in form order (empty when it can be submitted).
    pub fn problems(&self, model: &Model) -> Vec<DraftError> {
        let mut problems = Vec::new();
        let Some(outcome) = self.outcome else {
            problems.push(draft_error("outcome", "choose accept, reject or recycle"));
            return problems;
        };
        let reason = self.reason_code.as_deref().map(str::trim).unwrap_or("");
        let offered = outcome.reasons(model);
        if reason.is_empty() {
            if outcome.requires_reason() {
                problems.push(draft_error(
                    "reason_code",
                    format!("a reason is required to {}", verb(outcome)),
                ));
            }
        } else if !offered.iter().any(|r| r.code == reason) {
            problems.push(draft_error(
                "reason_code",
                format!(
                    "\"{reason}\" is not a reason for {}; expected one of: {}",
                    outcome.as_str(),
                    offered
                        .iter()
                        .map(|r| r.code.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        let note = self.note.trim();
        if reason == OTHER && note.is_empty() {
            problems.push(draft_error(
                "note",
                "say why in a note when the reason is \"other\"",
            ));
        }
        let chars = note.chars().count();
        if chars > MAX_NOTE_CHARS {
            problems.push(draft_error(
                "note",
                format!("the note has {chars} characters; at most {MAX_NOTE_CHARS} are kept"),
            ));
        }
        problems
    }

    /// The decision, when the draft is complete; otherwise the first problem.
    pub fn decide(
        &self,
        result: &ScoredLead,
        model: &Model,
        reviewer: &str,
        decided_at: Timestamp,
        decision_id: DecisionId,
    ) -> Result<Decision, DraftError> {
        let reviewer = reviewer.trim();
        if reviewer.is_empty() {
            return Err(draft_error(
                "reviewer",
                "the host did not say who is deciding",
            ));
        }
        let mut problems = self.problems(model).into_iter();
        if let Some(first) = problems.next() {
            return Err(first);
        }
        let outcome = self
            .outcome
            .ok_or_else(|| draft_error("outcome", "choose accept, reject or recycle"))?;
        let reason_code = self
            .reason_code
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_string);
        let note = Some(self.note.trim())
            .filter(|n| !n.is_empty())
            .map(str::to_string);
        Ok(Decision {
            decision_id: decision_id.to_string(),
            lead_id: result.lead_id.to_string(),
            outcome,
            reason_code,
            note,
            reviewer: reviewer.to_string(),
            decided_at,
            score_snapshot: ScoreSnapshot {
                fit: result.fit.score,
                intent: result.intent.score,
                route: result.route,
                model_version: result.model.version.to_string(),
            },
        })
    }
}

fn verb(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Accepted => "accept",
        Outcome::Rejected => "reject",
        Outcome::Recycled => "recycle",
    }
}

/// A UUID version 7 (RFC 9562 §5.7): 48 bits of Unix milliseconds, then random bits. The caller
/// supplies both, so the core stays free of clocks and randomness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DecisionId([u8; 16]);

impl DecisionId {
    pub fn v7(unix_ms: u64, random: [u8; 10]) -> DecisionId {
        let mut bytes = [0u8; 16];
        let ms = unix_ms.to_be_bytes();
        // The low 48 bits of the timestamp, big-endian.
        bytes[..6].copy_from_slice(&ms[2..]);
        bytes[6..].copy_from_slice(&random);
        bytes[6] = 0x70 | (bytes[6] & 0x0f); // version 7
        bytes[8] = 0x80 | (bytes[8] & 0x3f); // variant 10
        DecisionId(bytes)
    }
}

impl fmt::Display for DecisionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, byte) in self.0.iter().enumerate() {
            if matches!(i, 4 | 6 | 8 | 10) {
                f.write_str("-")?;
            }
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}
