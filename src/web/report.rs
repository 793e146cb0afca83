//! The dashboard's side of wasm (feature `report`, bundle `leadlens_report_wasm`, loaded by
//! `pkg-config/report.js`): `leadlens report` and `leadlens calibrate` on NDJSON text from the
//! page. Reading, scoring, counting and fitting are `core::ndjson::report` and
//! `core::ndjson::calibrate`, the CLI's own code path; this file converts options in and
//! results out.
//!
//! Like the CLI, both keep going past bad lines: each comes back in `bad_lines` (`{input:
//! "leads" | "outcomes", line, code, path, message}`), never thrown, and a refusal to calibrate
//! comes back as `refusal`. Only unusable input throws (through `WebError`): a model that does
//! not validate (`invalid_model`, with `problems`), options that cannot be read (`invalid_json`,
//! `invalid_field` with the option's name as `path`), a `now` that is not an instant.

use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::*;

use super::api::timestamp;
use super::error::WebError;
use crate::core::calibrate::params::describe_rule;
use crate::core::calibrate::{self, Refusal};
use crate::core::model::Target;
use crate::core::ndjson::{self, BadLine};
use crate::core::report::{self, Report};
use crate::core::{ErrorCode, InputError, Model, Timestamp};

/// What `report` returns (as JSON text).
#[derive(Serialize)]
struct ReportResult<'a> {
    report: &'a Report,
    bad_lines: &'a [BadLine],
}

/// What `calibrate` returns (as JSON text): a report and the proposal, or a refusal.
#[derive(Serialize)]
struct CalibrateResult<'a> {
    report: Option<&'a calibrate::Report>,
    /// The proposed model as the CLI writes it to `-o` (pretty JSON text).
    proposed_json: Option<String>,
    /// How the CLI's table writes each added and taken-back rule (`source.channel = email`).
    rule_descriptions: Option<RuleDescriptions>,
    refusal: Option<&'a Refusal>,
    bad_lines: &'a [BadLine],
    unknown_lead_ids: usize,
}

#[derive(Serialize)]
struct RuleDescriptions {
    added: Vec<String>,
    taken_back: Vec<String>,
}

impl RuleDescriptions {
    fn of(report: &calibrate::Report) -> RuleDescriptions {
        RuleDescriptions {
            added: report
                .added
                .iter()
                .map(|a| describe_rule(&a.rule))
                .collect(),
            taken_back: report
                .taken_back
                .iter()
                .map(|t| describe_rule(&t.rule))
                .collect(),
        }
    }
}

/// The two files and the model, kept on the Rust side so the page can ask for the report and
/// the calibration (and again with other options) without sending them again.
#[wasm_bindgen(js_name = WasmReportInput)]
pub struct ReportInput {
    leads: String,
    outcomes: String,
    model: Model,
    now: Timestamp,
}

#[wasm_bindgen(js_class = WasmReportInput)]
impl ReportInput {
    /// `leads`, `outcomes`: NDJSON text. `model_json` absent → the embedded default model.
    #[wasm_bindgen(constructor)]
    pub fn new(
        leads: String,
        outcomes: String,
        model_json: Option<String>,
        now_ms: f64,
    ) -> Result<ReportInput, JsValue> {
        let now = timestamp(now_ms)?;
        let model = match model_json {
            Some(text) => Model::from_json(&text).map_err(WebError::from)?,
            None => Model::default_model(),
        };
        Ok(ReportInput {
            leads,
            outcomes,
            model,
            now,
        })
    }

    /// The funnel report (schema `leadlens.report/1`) and the bad lines, as JSON text.
    /// `options_json`: `{since?: RFC 3339, until?: RFC 3339}` (since ≤ created_at < until).
    pub fn report(&self, options_json: &str) -> Result<String, JsValue> {
        let given = read_options(options_json)?;
        let mut options = report::Options::new(&self.model, self.now);
        options.since = instant(&given, "since")?;
        options.until = instant(&given, "until")?;
        let (report, bad_lines) = ndjson::report(
            self.leads.as_bytes(),
            self.outcomes.as_bytes(),
            &self.model,
            &options,
        );
        let result = ReportResult {
            report: &report,
            bad_lines: &bad_lines,
        };
        Ok(serde_json::to_string(&result).map_err(WebError::from)?)
    }

    /// Calibration from outcomes (schema `leadlens.calibrate/1`) with the proposed model, or the
    /// refusal, and the bad lines, as JSON text. `options_json`: `{target?: "accepted" |
    /// "opportunity" | "won", points_per_logit?: number}`.
    pub fn calibrate(&self, options_json: &str) -> Result<String, JsValue> {
        let given = read_options(options_json)?;
        let target = match given.get("target").filter(|t| !t.is_null()) {
            None => Target::Accepted,
            Some(t) => Target::ALL
                .into_iter()
                .find(|(name, _)| t.as_str() == Some(*name))
                .map(|(_, target)| target)
                .ok_or_else(|| bad_option("target", "expected accepted, opportunity or won"))?,
        };
        let mut options = calibrate::Options::new(target, self.now);
        options.points_per_logit = match given.get("points_per_logit").filter(|p| !p.is_null()) {
            None => None,
            Some(p) => match p.as_f64() {
                Some(ppl) if ppl.is_finite() && ppl > 0.0 => Some(ppl),
                _ => return Err(bad_option("points_per_logit", "expected a positive number")),
            },
        };
        let read = ndjson::calibrate(
            self.leads.as_bytes(),
            self.outcomes.as_bytes(),
            &self.model,
            &options,
        );
        let (calibrated, refusal) = match &read.result {
            Ok(c) => (Some(c), None),
            Err(r) => (None, Some(r)),
        };
        let proposed_json = match calibrated {
            Some(c) => Some(c.proposed_json().map_err(WebError::from)?),
            None => None,
        };
        let result = CalibrateResult {
            report: calibrated.map(|c| &c.report),
            proposed_json,
            rule_descriptions: calibrated.map(|c| RuleDescriptions::of(&c.report)),
            refusal,
            bad_lines: &read.bad_lines,
            unknown_lead_ids: read.unknown_lead_ids,
        };
        Ok(serde_json::to_string(&result).map_err(WebError::from)?)
    }
}

/// The options object (`{}` when empty).
fn read_options(options_json: &str) -> Result<serde_json::Map<String, Value>, WebError> {
    if options_json.trim().is_empty() {
        return Ok(serde_json::Map::new());
    }
    match serde_json::from_str(options_json) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(WebError::Input(InputError::new(
            ErrorCode::InvalidJson,
            "",
            "options: expected a JSON object",
        ))),
        Err(e) => Err(WebError::Input(InputError::new(
            ErrorCode::InvalidJson,
            "",
            format!("options: {e}"),
        ))),
    }
}

/// An optional RFC 3339 option (`null` or absent: none).
fn instant(
    options: &serde_json::Map<String, Value>,
    name: &'static str,
) -> Result<Option<Timestamp>, WebError> {
    match options.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => value
            .as_str()
            .and_then(Timestamp::parse_rfc3339)
            .map(Some)
            .ok_or_else(|| {
                WebError::Input(InputError::new(
                    ErrorCode::InvalidField,
                    name,
                    "expected an RFC 3339 instant such as 2026-11-22T12:00:00Z",
                ))
            }),
    }
}

fn bad_option(name: &str, message: &str) -> JsValue {
    WebError::Input(InputError::new(ErrorCode::InvalidField, name, message)).into()
}
