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
    /// The tape last written: its ops, read in place by JS, and its blobs until JS takes them.
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
            tape: RefCell::default(),
        })
    }

    /// Scores one lead (JSON object text) into a tape (`core::tape`) and returns where its ops
    /// start in wasm memory (a byte address); `tapeAscii` and `tapeWide` then hand over its two
    /// blobs. `pkg-config/api.js` reads the ops in place, through its view of the memory, into the
    /// object `JSON.parse` of the result's JSON would give. The ops stay where they are until the
    /// next score call: reading them copies nothing and allocates no typed array per call.
    #[wasm_bindgen(js_name = scoreTape)]
    pub fn score_tape(&self, lead_json: &str, now_ms: f64) -> Result<u32, JsValue> {
        let now = timestamp(now_ms)?;
        self.forget_tape();
        let lead = parse_lead(lead_json).map_err(WebError::from)?;
        let result = core::score(&lead, &self.model, now).map_err(WebError::from)?;
        // Room for a typical result (~300 ops, ~1.7 KB of ASCII text).
        let mut tape = Tape::with_capacity(512, 2048, 256);
        result.write_tape(&mut tape);
        Ok(self.keep(tape))
    }

    /// Scores a JSON array of leads in one call, into one tape holding the array of results (read
    /// as for `scoreTape`). Fails as a whole, listing every bad element.
    #[wasm_bindgen(js_name = scoreBatchTape)]
    pub fn score_batch_tape(&self, leads_json_array: &str, now_ms: f64) -> Result<u32, JsValue> {
        let now = timestamp(now_ms)?;
        self.forget_tape();
        let leads = parse_leads(leads_json_array).map_err(WebError::Batch)?;
        // Sized for typical results up front: a batch's tape is tens of megabytes, and wasm
        // memory never shrinks, so growing it by doubling would keep the high-water mark.
        let n = leads.len();
        let mut tape = Tape::with_capacity(n * 320 + 2, n * 1800, n * 160);
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
        Ok(self.keep(tape))
    }

    /// The ASCII blob of the tape last written (then empty).
    #[wasm_bindgen(js_name = tapeAscii)]
    pub fn tape_ascii(&self) -> String {
        self.tape.borrow_mut().take_ascii()
    }

    /// The wide blob of the tape last written (then empty).
    #[wasm_bindgen(js_name = tapeWide)]
    pub fn tape_wide(&self) -> String {
        self.tape.borrow_mut().take_wide()
    }

    /// Frees the last tape before a new one is written: a batch's is megabytes, and wasm memory
    /// keeps its high-water mark.
    fn forget_tape(&self) {
        *self.tape.borrow_mut() = Tape::default();
    }

    /// Keeps the tape for `tapeAscii`/`tapeWide` and the JS reader; returns its ops' address.
    /// Handed over part by part, nothing is copied into one buffer first (a batch's tape would be
    /// there twice).
    fn keep(&self, tape: Tape) -> u32 {
        // A wasm32 address: always fits.
        let address = u32::try_from(tape.ops().as_ptr() as usize).unwrap_or(0);
        *self.tape.borrow_mut() = tape;
        address
    }

    /// The model in use, as the JSON text it was created from.
    #[wasm_bindgen(js_name = modelJson)]
    pub fn model_json(&self) -> String {
        self.model_json.clone()
    }
}

impl Scorer {
    /// The ops of the tape last written, copied: what JS reads in place, for the tests.
    pub fn tape_ops(&self) -> Vec<u32> {
        self.tape.borrow().ops().to_vec()
    }
}

/// The member names of a result's tape, by id, joined by commas (`core::result::RESULT_KEYS`).
#[wasm_bindgen(js_name = resultKeys)]
pub fn result_keys() -> String {
    core::result::RESULT_KEYS.join(",")
}
