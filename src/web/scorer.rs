//! The scorer handle (`WasmScorer`), the scoring bundle's API; feature `scorer`. Internal names:
//! JS users call `Scorer` in `pkg-config/api.js`.

use std::cell::{Cell, RefCell};

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
    /// The tape last written, read in place by JS until the next score call.
    tape: RefCell<Tape>,
    /// Where the last tape's parts are in wasm memory (see [`Scorer::keep`]).
    map: Cell<[u32; 5]>,
    /// The text of the next score call, which JS writes straight into wasm memory (see
    /// [`Scorer::input_buffer`]).
    input: RefCell<Vec<u8>>,
}

/// Input buffers up to this size are kept for the next call; larger ones (batches) are freed
/// after the call, like their tapes.
const KEEP_INPUT_BYTES: usize = 1 << 16;

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
            map: Cell::new([0; 5]),
            input: RefCell::default(),
        })
    }

    /// Room for `bytes` bytes of input: returns its address in wasm memory, where JS encodes the
    /// next call's JSON text (`TextEncoder.encodeInto`) before `scoreInput`/`scoreBatchInput`.
    /// What was written before stays (JS asks for more room when a text turns out longer in
    /// UTF-8 than first thought). The address holds until the next call to this or a score.
    ///
    /// (wasm-bindgen would copy a `&str` argument in with a JS loop over its characters: twice
    /// the time of `encodeInto` for a lead, and far more for a batch.)
    #[wasm_bindgen(js_name = inputBuffer)]
    pub fn input_buffer(&self, bytes: usize) -> u32 {
        let mut input = self.input.borrow_mut();
        if input.len() < bytes {
            input.resize(bytes, 0);
        }
        // A wasm32 address: always fits.
        u32::try_from(input.as_ptr() as usize).unwrap_or(0)
    }

    /// Scores the lead whose JSON text is the first `bytes` bytes of the input buffer, like
    /// [`Scorer::score_tape`].
    #[wasm_bindgen(js_name = scoreInput)]
    pub fn score_input(&self, bytes: usize, now_ms: f64) -> Result<u32, JsValue> {
        self.with_input(bytes, |text| self.score_tape(text, now_ms))
    }

    /// Scores the JSON array of leads that is the first `bytes` bytes of the input buffer, like
    /// [`Scorer::score_batch_tape`].
    #[wasm_bindgen(js_name = scoreBatchInput)]
    pub fn score_batch_input(&self, bytes: usize, now_ms: f64) -> Result<u32, JsValue> {
        self.with_input(bytes, |text| self.score_batch_tape(text, now_ms))
    }

    /// Frees the last tape before a new one is written: a batch's is megabytes, and wasm memory
    /// keeps its high-water mark.
    fn forget_tape(&self) {
        *self.tape.borrow_mut() = Tape::default();
        self.map.set([0; 5]);
    }

    /// Keeps the tape until the next score call and returns the address of its map: five
    /// `u32`s — the ops' address, then the ASCII blob's address and length in bytes, then the
    /// wide blob's. JS reads every part in place (decoding each blob once), so handing over a
    /// result takes no further calls into wasm and copies nothing.
    fn keep(&self, tape: Tape) -> u32 {
        // wasm32 addresses and lengths: always fit.
        let word = |n: usize| u32::try_from(n).unwrap_or(0);
        let (ascii, wide) = tape.blobs();
        self.map.set([
            word(tape.ops().as_ptr() as usize),
            word(ascii.as_ptr() as usize),
            word(ascii.len()),
            word(wide.as_ptr() as usize),
            word(wide.len()),
        ]);
        *self.tape.borrow_mut() = tape;
        word(self.map.as_ptr() as usize)
    }

    /// The model in use, as the JSON text it was created from.
    #[wasm_bindgen(js_name = modelJson)]
    pub fn model_json(&self) -> String {
        self.model_json.clone()
    }
}

impl Scorer {
    /// Scores one lead (JSON object text) into a tape (`core::tape`) and returns the address of
    /// the tape's map in wasm memory (see [`Scorer::keep`]). `pkg-config/api.js` reads the tape
    /// in place, through its views of the memory, into the object `JSON.parse` of the result's
    /// JSON would give. The tape stays where it is until the next score call: reading it copies
    /// nothing, allocates no typed array and calls nothing in wasm.
    fn score_tape(&self, lead_json: &str, now_ms: f64) -> Result<u32, JsValue> {
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
    /// as for `score_tape`). Fails as a whole, listing every bad element.
    fn score_batch_tape(&self, leads_json_array: &str, now_ms: f64) -> Result<u32, JsValue> {
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

    /// Runs `score` on the first `bytes` bytes of the input buffer, as text; then frees a large
    /// buffer, whatever the outcome.
    fn with_input(
        &self,
        bytes: usize,
        score: impl FnOnce(&str) -> Result<u32, JsValue>,
    ) -> Result<u32, JsValue> {
        let outcome = {
            let input = self.input.borrow();
            // `encodeInto` writes UTF-8; anything else is a defect in the caller.
            match input.get(..bytes).map(std::str::from_utf8) {
                Some(Ok(text)) => score(text),
                Some(Err(_)) => Err(WebError::Internal("input is not UTF-8".into()).into()),
                None => Err(WebError::Internal("input longer than its buffer".into()).into()),
            }
        };
        let mut input = self.input.borrow_mut();
        if input.len() > KEEP_INPUT_BYTES {
            *input = Vec::new();
        }
        outcome
    }

    /// The tape last written, its parts copied: what JS reads in place, for the tests.
    pub fn tape_parts(&self) -> (Vec<u32>, String, String) {
        let tape = self.tape.borrow();
        let (ascii, wide) = tape.blobs();
        (tape.ops().to_vec(), ascii.to_string(), wide.to_string())
    }
}

/// The member names of a result's tape, by id, joined by commas (`core::result::RESULT_KEYS`).
#[wasm_bindgen(js_name = resultKeys)]
pub fn result_keys() -> String {
    core::result::RESULT_KEYS.join(",")
}
