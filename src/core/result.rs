//! The Result contract (output of scoring). See `CONTRACTS.md`.
//!
//! Every number a person sees is backed by [`Evidence`]: a dimension's score is the sum of its
//! evidence points, and clamping to 0–100 is an evidence item of its own.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::time::Timestamp;

/// Text that is usually a fixed string (field paths, codes) and only sometimes built: no
/// allocation for the common case, which matters at a million leads a second.
pub type Text = Cow<'static, str>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoredLead {
    pub lead_id: String,
    pub model: ModelRef,
    pub scored_at: Timestamp,
    pub fit: FitResult,
    pub intent: IntentResult,
    /// Negative-fit findings (their points are also fit evidence items `negative.<code>`).
    pub negative: Vec<NegativeFinding>,
    pub route: Route,
    /// Why this route, in one code and one sentence.
    pub route_reason: Reason,
    pub disqualification: Option<Disqualification>,
    pub review_reasons: Vec<ReviewReason>,
    /// Lead fields that are unknown and would change the result if known, most valuable first.
    pub missing: Vec<Text>,
    pub next_action: Reason,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelRef {
    pub id: String,
    pub version: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitResult {
    pub score: i32,
    pub band: Band,
    /// How much of the profile is known: `high` (all must-haves known), `medium` (one unknown),
    /// `low` (two or more unknown).
    pub confidence: Confidence,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntentResult {
    pub score: i32,
    pub band: Band,
    /// Readable buying signals and stated need, quoted from the lead.
    pub notes: Vec<String>,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Stable machine code, e.g. `industry.primary`, `event.demo_request`, `negative.student`.
    pub code: Text,
    pub points: i32,
    pub label: String,
    /// Lead field the item comes from (`company.industry`, `events`, `form.message`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Most recent event behind the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Timestamp>,
    /// Points before time decay (`decayed_from` → `points`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decayed_from: Option<i32>,
    /// Number of events behind the item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// Events older than the look-back window: shown, worth 0.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub expired: bool,
}

impl Evidence {
    pub fn new(code: impl Into<Text>, points: i32, label: impl Into<String>) -> Evidence {
        Evidence {
            code: code.into(),
            points,
            label: label.into(),
            field: None,
            value: None,
            at: None,
            decayed_from: None,
            count: None,
            expired: false,
        }
    }

    pub fn field(mut self, field: &'static str, value: Option<&str>) -> Evidence {
        self.field = Some(Cow::Borrowed(field));
        self.value = value.map(str::to_string);
        self
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NegativeFinding {
    pub code: String,
    pub points: i32,
    pub label: String,
    pub field: Option<Text>,
    pub value: Option<String>,
    /// Whether this finding alone disqualifies (false for weak-only matches).
    pub auto_disqualify: bool,
    /// Only weak evidence matched (e.g. an `.edu` address and nothing else).
    pub weak: bool,
    /// The human reason with its evidence: "Contact appears to be a student (title: Student)".
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Disqualification {
    pub code: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub code: String,
    pub text: String,
}

impl Reason {
    pub fn new(code: &str, text: impl Into<String>) -> Reason {
        Reason {
            code: code.to_string(),
            text: text.into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Low,
    Medium,
    High,
}

impl Band {
    pub fn as_str(self) -> &'static str {
        match self {
            Band::Low => "low",
            Band::Medium => "medium",
            Band::High => "high",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    SalesReview,
    Nurture,
    Disqualify,
}

impl Route {
    pub fn as_str(self) -> &'static str {
        match self {
            Route::SalesReview => "sales_review",
            Route::Nurture => "nurture",
            Route::Disqualify => "disqualify",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Route::SalesReview => "sales review",
            Route::Nurture => "nurture",
            Route::Disqualify => "disqualify",
        }
    }
}

/// Why a person should look at this lead (or what they should know when they do).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewReason {
    StrategicAccount,
    HighValue,
    Borderline,
    Ambiguous,
    IncompleteProfile,
    StaleEnrichment,
}

impl ReviewReason {
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewReason::StrategicAccount => "strategic_account",
            ReviewReason::HighValue => "high_value",
            ReviewReason::Borderline => "borderline",
            ReviewReason::Ambiguous => "ambiguous",
            ReviewReason::IncompleteProfile => "incomplete_profile",
            ReviewReason::StaleEnrichment => "stale_enrichment",
        }
    }
}
