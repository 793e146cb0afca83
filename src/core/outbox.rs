//! The decision outbox as a pure state machine: which decisions still have to reach the CRM, when
//! to try again, and what the reviewer should be told. The web layer stores it (durably, before
//! posting), calls the host and feeds the answers back in; time is always an argument.
//!
//! A decision is never lost (it stays until the host confirms it or reports a conflict) and never
//! applied twice (its id travels with every attempt, and the host dedupes on it).

use serde::{Deserialize, Serialize};

use super::decision::Decision;
use super::error::InputError;
use super::text::sort_small_by_key;
use super::time::Timestamp;

/// First retry after one second, doubling up to a minute: quick when a request merely failed,
/// gentle on a CRM that is down.
pub const FIRST_RETRY_MS: i64 = 1_000;
pub const MAX_RETRY_MS: i64 = 60_000;

/// Confirmed decisions kept for the panel to show; older ones are dropped from storage (the CRM
/// has them).
pub const KEEP_SYNCED: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Stored; waiting to be posted (again).
    Pending,
    /// The host confirmed it.
    Synced,
    /// The host refused it for a reason retrying will not fix; a person has to act.
    Failed,
    /// The record changed since the reviewer read it; stopped until a person re-decides.
    Conflict,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pending => "pending",
            Status::Synced => "synced",
            Status::Failed => "failed",
            Status::Conflict => "conflict",
        }
    }

    /// Precedence when two copies of the outbox disagree (another tab, a reload mid-post): a
    /// host's answer beats "still pending", and a confirmation beats everything.
    fn rank(self) -> u8 {
        match self {
            Status::Pending => 0,
            Status::Failed | Status::Conflict => 1,
            Status::Synced => 2,
        }
    }

    pub fn is_final(self) -> bool {
        !matches!(self, Status::Pending)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub decision: Decision,
    /// The record version the reviewer decided on; the host reports a conflict if it moved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_version: Option<String>,
    pub status: Status,
    /// Posts tried so far.
    #[serde(default)]
    pub attempts: u32,
    /// When a pending entry may be posted again (absent: now).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_attempt_at: Option<Timestamp>,
    /// The host's last message (why it failed or conflicted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl Entry {
    pub fn id(&self) -> &str {
        &self.decision.decision_id
    }

    pub fn is_due(&self, now: Timestamp) -> bool {
        self.status == Status::Pending && self.next_attempt_at.map_or(true, |at| at <= now)
    }
}

/// The host's answer to one post.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostOutcome {
    Confirmed,
    /// Network error, timeout, rate limit: try again later.
    Retryable(String),
    Refused(String),
    Conflict(String),
}

/// Delay before retry number `attempts` (1-based): 1 s, 2 s, 4 s … capped at a minute.
pub fn backoff_ms(attempts: u32) -> i64 {
    let doublings = attempts.saturating_sub(1).min(16);
    (FIRST_RETRY_MS << doublings).min(MAX_RETRY_MS)
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Outbox {
    entries: Vec<Entry>,
}

impl Outbox {
    /// Reads a stored outbox. A corrupt store is an error, never silently emptied: the caller
    /// reports it and keeps the text.
    pub fn from_json(text: &str) -> Result<Outbox, InputError> {
        serde_json::from_str(text).map_err(|e| InputError::from_json(e, text))
    }

    pub fn to_json(&self) -> String {
        // Plain structs of strings and numbers always serialise.
        serde_json::to_string(self).unwrap_or_else(|_| "[]".to_string())
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn get(&self, decision_id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id() == decision_id)
    }

    /// Adds a new decision as pending. `false` (and no change) if its id is already in the box:
    /// submitting twice must not post twice.
    pub fn add(&mut self, decision: Decision, expected_version: Option<String>) -> bool {
        if self.get(&decision.decision_id).is_some() {
            return false;
        }
        self.entries.push(Entry {
            decision,
            expected_version,
            status: Status::Pending,
            attempts: 0,
            next_attempt_at: None,
            message: None,
        });
        true
    }

    /// Ids of pending entries whose time has come, oldest first.
    pub fn due(&self, now: Timestamp) -> Vec<String> {
        self.entries
            .iter()
            .filter(|e| e.is_due(now))
            .map(|e| e.id().to_string())
            .collect()
    }

    /// The earliest time a pending entry becomes due, if any is waiting.
    pub fn next_wakeup(&self) -> Option<Timestamp> {
        self.entries
            .iter()
            .filter(|e| e.status == Status::Pending)
            .map(|e| {
                e.next_attempt_at
                    .unwrap_or(Timestamp::from_millis(i64::MIN))
            })
            .min()
    }

    /// Applies the host's answer to a post of `decision_id` made at `now`. Returns the entry's new
    /// state, or `None` for an id that is not (any longer) in the box.
    pub fn record(
        &mut self,
        decision_id: &str,
        outcome: PostOutcome,
        now: Timestamp,
    ) -> Option<&Entry> {
        let entry = self.entries.iter_mut().find(|e| e.id() == decision_id)?;
        if entry.status == Status::Synced {
            // A late answer to an earlier attempt cannot un-confirm a decision.
            return self.get(decision_id);
        }
        entry.attempts = entry.attempts.saturating_add(1);
        match outcome {
            PostOutcome::Confirmed => {
                entry.status = Status::Synced;
                entry.next_attempt_at = None;
                entry.message = None;
            }
            PostOutcome::Retryable(message) => {
                entry.status = Status::Pending;
                let delay = backoff_ms(entry.attempts);
                entry.next_attempt_at =
                    Some(Timestamp::from_millis(now.millis().saturating_add(delay)));
                entry.message = Some(message);
            }
            PostOutcome::Refused(message) => {
                entry.status = Status::Failed;
                entry.next_attempt_at = None;
                entry.message = Some(message);
            }
            PostOutcome::Conflict(message) => {
                entry.status = Status::Conflict;
                entry.next_attempt_at = None;
                entry.message = Some(message);
            }
        }
        self.prune();
        self.get(decision_id)
    }

    /// A person asked to try a failed entry again (e.g. after fixing a permission).
    pub fn retry_now(&mut self, decision_id: &str) -> bool {
        match self.entries.iter_mut().find(|e| e.id() == decision_id) {
            Some(entry) if entry.status == Status::Failed => {
                entry.status = Status::Pending;
                entry.next_attempt_at = None;
                true
            }
            _ => false,
        }
    }

    /// A conflicted decision the reviewer replaced with a new one (made on the current record).
    pub fn discard(&mut self, decision_id: &str) -> bool {
        let before = self.entries.len();
        self.entries
            .retain(|e| !(e.id() == decision_id && e.status == Status::Conflict));
        self.entries.len() != before
    }

    /// Folds in another copy of the same outbox (what another tab or an earlier page stored):
    /// entries missing here are added, and for the same id the more final state wins.
    pub fn merge(&mut self, other: Outbox) {
        for theirs in other.entries {
            match self.entries.iter_mut().find(|e| e.id() == theirs.id()) {
                Some(ours) => {
                    let newer = theirs.status.rank() > ours.status.rank()
                        || (theirs.status == ours.status && theirs.attempts > ours.attempts);
                    if newer {
                        *ours = theirs;
                    }
                }
                None => self.entries.push(theirs),
            }
        }
        // Insertion sort: the box holds tens of entries, and it keeps the wasm small.
        sort_small_by_key(&mut self.entries, |e| e.decision.decision_id.clone());
        self.prune();
    }

    /// The latest entry for a lead (what its panel shows).
    pub fn latest_for_lead(&self, lead_id: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .filter(|e| e.decision.lead_id == lead_id)
            .max_by(|a, b| a.decision.decision_id.cmp(&b.decision.decision_id))
    }

    /// Drops the oldest confirmed entries beyond [`KEEP_SYNCED`]; unconfirmed ones always stay.
    fn prune(&mut self) {
        let synced = self
            .entries
            .iter()
            .filter(|e| e.status == Status::Synced)
            .count();
        let mut excess = synced.saturating_sub(KEEP_SYNCED);
        if excess == 0 {
            return;
        }
        // Entries are in id order, and UUIDv7 ids sort by time: the first synced are the oldest.
        self.entries.retain(|e| {
            if excess > 0 && e.status == Status::Synced {
                excess -= 1;
                false
            } else {
                true
            }
        });
    }
}
