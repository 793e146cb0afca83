//! The scorer handle (`WasmScorer`), the scoring bundle's API; feature `scorer`. Internal names:
//! JS users call `Scorer` in `pkg-config/api.js`.

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;

use super::api::timestamp;
use super::error::WebError;
use crate::core::json::Sink;
use crate::core::lead::{unpack_lead, unpack_leads_each, LEAD_KEYS};
use crate::core::packed::{Pack, Packed};
use crate::core::tape::Tape;
use crate::core::{self, InputError, Model};

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
    /// The next score call's pack (`core::packed`: its ops and its text), which JS writes
    /// straight into wasm memory (see [`Scorer::input_buffer`]).
    input_ops: RefCell<Vec<u32>>,
    input_text: RefCell<Vec<u8>>,
    /// Where the input buffers are in wasm memory.
    input_map: Cell<[u32; 2]>,
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
            input_ops: RefCell::default(),
            input_text: RefCell::default(),
            input_map: Cell::new([0; 2]),
        })
    }

    /// Room for a pack of `words` ops and `bytes` bytes of text: returns the address of two
    /// `u32`s, the addresses in wasm memory where JS writes the ops and encodes the text
    /// (`TextEncoder.encodeInto`) before `scoreInput`/`scoreBatchInput`. What was written before
    /// stays (JS asks for more room when a text turns out longer in UTF-8 than first thought).
    /// The addresses hold until the next call to this or a score.
    ///
    /// (wasm-bindgen would copy a `&str` argument in with a JS loop over its characters: twice
    /// the time of `encodeInto` for a lead, and far more for a batch.)
    #[wasm_bindgen(js_name = inputBuffer)]
    pub fn input_buffer(&self, words: usize, bytes: usize) -> u32 {
        let mut ops = self.input_ops.borrow_mut();
        if ops.len() < words {
            ops.resize(words, 0);
        }
        let mut text = self.input_text.borrow_mut();
        if text.len() < bytes {
            text.resize(bytes, 0);
        }
        // wasm32 addresses: always fit.
        let address = |at: usize| u32::try_from(at).unwrap_or(0);
        self.input_map.set([
            address(ops.as_ptr() as usize),
            address(text.as_ptr() as usize),
        ]);
        address(self.input_map.as_ptr() as usize)
    }

    /// Scores the lead packed in the input buffers (`words` ops, `bytes` bytes of text, all of
    /// it ASCII or not), like [`Scorer::score_tape`].
    #[wasm_bindgen(js_name = scoreInput)]
    pub fn score_input(
        &self,
        words: usize,
        bytes: usize,
        ascii: bool,
        now_ms: f64,
    ) -> Result<u32, JsValue> {
        self.with_input(words, bytes, ascii, |pack| self.score_tape(pack, now_ms))
    }

    /// Scores the array of leads packed in the input buffers, like
    /// [`Scorer::score_batch_tape`].
    #[wasm_bindgen(js_name = scoreBatchInput)]
    pub fn score_batch_input(
        &self,
        words: usize,
        bytes: usize,
        ascii: bool,
        now_ms: f64,
    ) -> Result<u32, JsValue> {
        self.with_input(words, bytes, ascii, |pack| {
            self.score_batch_tape(pack, now_ms)
        })
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
    /// Scores one lead (its pack) into a tape (`core::tape`) and returns the address of
    /// the tape's map in wasm memory (see [`Scorer::keep`]). `pkg-config/api.js` reads the tape
    /// in place, through its views of the memory, into the object `JSON.parse` of the result's
    /// JSON would give. The tape stays where it is until the next score call: reading it copies
    /// nothing, allocates no typed array and calls nothing in wasm.
    fn score_tape(&self, lead: Pack<'_>, now_ms: f64) -> Result<u32, JsValue> {
        let now = timestamp(now_ms)?;
        self.forget_tape();
        let lead = unpack_lead(lead).map_err(WebError::from)?;
        let result = core::score(&lead, &self.model, now).map_err(WebError::from)?;
        // Room for a typical result (~300 ops, ~1.7 KB of ASCII text).
        let mut tape = Tape::with_capacity(512, 2048, 256);
        result.write_tape(&mut tape);
        Ok(self.keep(tape))
    }

    /// Scores an array of leads (its pack) in one call, into one tape holding the array of
    /// results (read as for `score_tape`). Fails as a whole, listing every bad element.
    fn score_batch_tape(&self, leads: Pack<'_>, now_ms: f64) -> Result<u32, JsValue> {
        let now = timestamp(now_ms)?;
        self.forget_tape();
        // Sized for typical results up front: a batch's tape is tens of megabytes, and wasm
        // memory never shrinks, so growing it by doubling would keep the high-water mark.
        // (Each lead takes at least one op, which bounds a wrong count.)
        let n = Packed::new(leads).array_len_hint().min(leads.ops.len());
        // Results repeat most of their short strings (codes, bands, labels): written once each.
        let mut tape = Tape::with_capacity(n * 320 + 2, n * 800, n * 300).sharing_strings();
        tape.begin_array();
        let mut errors: Vec<InputError> = Vec::new();
        let read = unpack_leads_each(leads, &mut |index, lead| match core::score(
            &lead,
            &self.model,
            now,
        ) {
            Ok(result) if errors.is_empty() => result.write_tape(&mut tape),
            Ok(_) => {}
            Err(mut e) => {
                e.path = format!("[{index}].{}", e.path);
                errors.push(e);
            }
        });
        read.map_err(WebError::Batch)?;
        if !errors.is_empty() {
            return Err(WebError::Batch(errors).into());
        }
        tape.end_array();
        Ok(self.keep(tape))
    }

    /// Runs `score` on the pack in the input buffers (its first `words` ops and `bytes` bytes);
    /// then frees large buffers, whatever the outcome.
    fn with_input(
        &self,
        words: usize,
        bytes: usize,
        ascii: bool,
        score: impl FnOnce(Pack<'_>) -> Result<u32, JsValue>,
    ) -> Result<u32, JsValue> {
        let outcome = {
            let (ops, text) = (self.input_ops.borrow(), self.input_text.borrow());
            // `encodeInto` writes UTF-8; anything else is a defect in the caller.
            match (ops.get(..words), text.get(..bytes).map(std::str::from_utf8)) {
                (Some(ops), Some(Ok(text))) => score(Pack { ops, text, ascii }),
                (Some(_), Some(Err(_))) => {
                    Err(WebError::Internal("input is not UTF-8".into()).into())
                }
                _ => Err(WebError::Internal("input longer than its buffer".into()).into()),
            }
        };
        let (mut ops, mut text) = (self.input_ops.borrow_mut(), self.input_text.borrow_mut());
        if ops.len() * 4 + text.len() > KEEP_INPUT_BYTES {
            *ops = Vec::new();
            *text = Vec::new();
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

/// The member names a lead's pack numbers, joined by commas (`core::lead::LEAD_KEYS`).
#[wasm_bindgen(js_name = leadKeys)]
pub fn lead_keys() -> String {
    LEAD_KEYS.join(",")
}
