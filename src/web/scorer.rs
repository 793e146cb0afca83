//! The scorer handle (`WasmScorer`), the scoring bundle's API; feature `scorer`. Internal names:
//! JS users call `Scorer` in `pkg-config/api.js`.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

use super::api::timestamp;
use super::error::WebError;
use crate::core::json::Sink;
use crate::core::tape::Tape;
use crate::core::{self, parse_lead, parse_leads, InputError, Model};

/// A parsed, validated model, kept on the Rust side so that scoring many leads parses it once.
#[wasm_bindgen(js_name = WasmScorer)]
pub struct Scorer {
    model: Model,
    /// The model's JSON as given: returned by `modelJson` instead of re-serialising the model,
    /// which would link a serializer for every model type into the bundle.
    model_json: String,
    /// Reused between calls, so scoring does not allocate the tape's buffers each time.
    tape: RefCell<Tape>,
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
        Ok(Scorer {
            model,
            model_json,
            tape: RefCell::new(Tape::new()),
        })
    }

    /// Scores one lead (JSON object text) and returns the result as a tape (`core::tape`), which
    /// `pkg-config/api.js` reads into the object `JSON.parse` of the result's JSON would give.
    #[wasm_bindgen(js_name = scoreTape)]
    pub fn score_tape(&self, lead_json: &str, now_ms: f64) -> Result<Vec<u8>, JsValue> {
        let now = timestamp(now_ms)?;
        let lead = parse_lead(lead_json).map_err(WebError::from)?;
        let result = core::score(&lead, &self.model, now).map_err(WebError::from)?;
        let mut tape = self.tape.borrow_mut();
        tape.clear();
        result.write_tape(&mut tape);
        Ok(tape.to_bytes())
    }

    /// Scores a JSON array of leads in one call, into one tape holding the array of results.
    /// Fails as a whole, listing every bad element.
    #[wasm_bindgen(js_name = scoreBatchTape)]
    pub fn score_batch_tape(
        &self,
        leads_json_array: &str,
        now_ms: f64,
    ) -> Result<Vec<u8>, JsValue> {
        let now = timestamp(now_ms)?;
        let leads = parse_leads(leads_json_array).map_err(WebError::Batch)?;
        // Results are written as they are scored: one tape, nothing kept.
        let mut tape = self.tape.borrow_mut();
        tape.clear();
        tape.begin_array();
        let mut errors: Vec<InputError> = Vec::new();
        for (index, lead) in leads.iter().enumerate() {
            match core::score(lead, &self.model, now) {
                Ok(result) if errors.is_empty() => result.write_tape(&mut tape),
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
        tape.end_array();
        Ok(tape.to_bytes())
    }

    /// The model in use, as the JSON text it was created from.
    #[wasm_bindgen(js_name = modelJson)]
    pub fn model_json(&self) -> String {
        self.model_json.clone()
    }
}

/// The member names of a result's tape, by id, joined by commas (`core::result::RESULT_KEYS`).
#[wasm_bindgen(js_name = resultKeys)]
pub fn result_keys() -> String {
    core::result::RESULT_KEYS.join(",")
}
