//! The exported functions every bundle shares. Internal names: JS users call `pkg-config/api.js`.

use wasm_bindgen::prelude::*;

use super::error::WebError;
use crate::core::{self, Model, Timestamp};

/// Largest |time value| a JS `Date` can hold (ECMA-262 §21.4.1.1): anything beyond is not an
/// instant a caller could have meant.
#[cfg_attr(
    not(any(feature = "scorer", feature = "form", feature = "report")),
    allow(dead_code)
)]
const MAX_DATE_MS: f64 = 8.64e15;

/// Every problem of a model as a JSON array of `{path, message}`; `[]` when the model is usable.
/// Unreadable JSON is a problem too (never a throw), so editors can show it like any other.
#[wasm_bindgen(js_name = validateModelJson)]
pub fn validate_model_json(model_json: &str) -> String {
    let problems = match Model::from_json(model_json) {
        Ok(_) => Vec::new(),
        Err(e) => e.problems,
    };
    // A list of string pairs always serialises.
    serde_json::to_string(&problems).unwrap_or_default()
}

/// The embedded default model as JSON text.
#[wasm_bindgen(js_name = defaultModelJson)]
pub fn default_model_json() -> String {
    core::DEFAULT_MODEL_JSON.to_string()
}

/// The crate version this module was built from.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Milliseconds since the epoch for an RFC 3339 text, read by the same parser as lead timestamps
/// so `now` strings follow the same rules; `undefined` when it is not a valid instant.
#[wasm_bindgen(js_name = parseTimestampMs)]
pub fn parse_timestamp_ms(text: &str) -> Option<f64> {
    // i64 → f64 is exact for every instant the parser produces (years 0000–9999).
    Timestamp::parse_rfc3339(text).map(|t| t.millis() as f64)
}

// Every bundle's `now` but the panel's, which has its own.
#[cfg_attr(
    not(any(feature = "scorer", feature = "form", feature = "report")),
    allow(dead_code)
)]
pub(crate) fn timestamp(now_ms: f64) -> Result<Timestamp, WebError> {
    if !now_ms.is_finite() || now_ms.abs() > MAX_DATE_MS {
        return Err(WebError::InvalidNow(now_ms));
    }
    // In range, so the cast is exact after dropping the fraction, as `Date` itself does.
    Ok(Timestamp::from_millis(now_ms.trunc() as i64))
}
