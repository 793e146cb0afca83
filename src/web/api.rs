//! The exported functions and the scorer handle. Internal names: JS users call `pkg-config/api.js`.

use wasm_bindgen::prelude::*;

use super::error::WebError;
use crate::core::{self, parse_lead, parse_leads, InputError, Model, Timestamp};

/// Largest |time value| a JS `Date` can hold (ECMA-262 §21.4.1.1): anything beyond is not an
/// instant a caller could have meant.
const MAX_DATE_MS: f64 = 8.64e15;

/// A parsed, validated model, kept on the Rust side so that scoring many leads parses it once.
#[wasm_bindgen(js_name = WasmScorer)]
pub struct Scorer {
    model: Model,
    /// The model's JSON as given: returned by `modelJson` instead of re-serialising the model,
    /// which would link a serializer for every model type into the bundle.
    model_json: String,
}

#[wasm_bindgen(js_class = WasmScorer)]
impl Scorer {
    /// `model_json` absent → the embedded default model.
    #[wasm_bindgen(constructor)]
    pub fn new(model_json: Option<String>) -> Result<Scorer, JsValue> {
        let (model, model_json) = match model_json {
            Some(text) => (Model::from_json(&text).map_err(WebError::from)?, text),
            None => (Model::default_model(), core::DEFAULT_MODEL_JSON.to_string()),
        };
        Ok(Scorer { model, model_json })
    }

    /// Scores one lead (JSON object text) and returns the result as JSON text.
    #[wasm_bindgen(js_name = scoreJson)]
    pub fn score_json(&self, lead_json: &str, now_ms: f64) -> Result<String, JsValue> {
        let now = timestamp(now_ms)?;
        let lead = parse_lead(lead_json).map_err(WebError::from)?;
        let result = core::score(&lead, &self.model, now).map_err(WebError::from)?;
        Ok(result.to_ascii_json())
    }

    /// Scores a JSON array of leads in one call. Fails as a whole, listing every bad element.
    #[wasm_bindgen(js_name = scoreBatchJson)]
    pub fn score_batch_json(&self, leads_json_array: &str, now_ms: f64) -> Result<String, JsValue> {
        let now = timestamp(now_ms)?;
        let leads = parse_leads(leads_json_array).map_err(WebError::Batch)?;
        // Results are written as they are scored: one array of JSON text, nothing kept.
        let mut out = core::json::Out::ascii(leads.len() * 3000 + 2);
        out.raw("[");
        let mut errors: Vec<InputError> = Vec::new();
        for (index, lead) in leads.iter().enumerate() {
            match core::score(lead, &self.model, now) {
                Ok(result) if errors.is_empty() => {
                    if index > 0 {
                        out.raw(",");
                    }
                    result.write_json(&mut out);
                }
                Ok(_) => {}
                Err(mut e) => {
                    e.path = format!("[{index}].{}", e.path);
                    errors.push(e);
                }
            }
        }
        if !errors.is_empty() {
            return Err(WebError::Batch(errors).into());
        }
        out.raw("]");
        Ok(out.into_string())
    }

    /// The model in use, as the JSON text it was created from.
    #[wasm_bindgen(js_name = modelJson)]
    pub fn model_json(&self) -> String {
        self.model_json.clone()
    }
}

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

pub(crate) fn timestamp(now_ms: f64) -> Result<Timestamp, WebError> {
    if !now_ms.is_finite() || now_ms.abs() > MAX_DATE_MS {
        return Err(WebError::InvalidNow(now_ms));
    }
    // In range, so the cast is exact after dropping the fraction, as `Date` itself does.
    Ok(Timestamp::from_millis(now_ms.trunc() as i64))
}
