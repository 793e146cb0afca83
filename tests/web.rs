//! Tests of the wasm-bindgen binding (`src/web`), run by wasm-bindgen-test in Node and in headless
//! Chromium (scripts/test-web.sh runs both):
//!
//!     cargo test --target wasm32-unknown-unknown --test web
//!     WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test web
//!
//! They check what crosses the boundary: leads (packed as api.js packs them, `core::packed`),
//! results (as tapes, read back with `core::tape::read_json`), and errors as JS objects with
//! `code`/`path`.

#![cfg(target_arch = "wasm32")]

use leadlens::core::json;
use leadlens::core::packed::{pack, pack_all, PackBuf};
use leadlens::core::result::RESULT_KEYS;
use leadlens::core::tape;
use leadlens::web::{
    default_model_json, parse_timestamp_ms, result_keys, validate_model_json, version, Scorer,
};
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

/// 2026-11-22T12:00:00Z, the `now` of the data-driven cases.
const NOW_MS: f64 = 1_795_348_800_000.0;

fn ideal_buyer() -> Value {
    json!({
        "id": "w-ideal", "created_at": "2026-11-21T09:00:00Z",
        "company": { "name": "Acme Logistics", "domain": "acmelogistics.com", "industry": "Logistics",
                     "employees": 240, "annual_revenue": 48000000, "country": "US" },
        "contact": { "name": "Dana Ruiz", "email": "dana.ruiz@acmelogistics.com", "title": "Director of Operations" },
        "form": { "type": "consultation_request",
                  "message": "Our order-to-cash process is a bottleneck. We have budget approved for Q1." },
        "consent": { "email": true, "phone": true }
    })
}

fn student() -> Value {
    json!({ "id": "w-student",
            "contact": { "name": "Kim Lee", "email": "kim.lee@stateu.edu", "title": "Student" },
            "form": { "type": "consultation_request", "message": "Thesis interview, please." } })
}

fn default_scorer() -> Scorer {
    Scorer::new(None).expect("the embedded model loads")
}

fn score(scorer: &Scorer, lead: &Value, now_ms: f64) -> Result<Value, JsValue> {
    let address = score_text(scorer, &lead.to_string(), now_ms)?;
    Ok(read_tape(scorer, address))
}

/// A pack written into the scorer's input buffers through views of the wasm memory, where
/// `inputBuffer`'s map says, as api.js writes it: the arguments of the score call that reads it.
fn write_input(scorer: &Scorer, buf: &PackBuf) -> (usize, usize, bool) {
    let map = scorer.input_buffer(buf.ops.len(), buf.text.len());
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let mut at = [0u32; 2];
    js_sys::Uint32Array::new_with_byte_offset_and_length(&memory.buffer(), map, 2).copy_to(&mut at);
    let len = |n: usize| u32::try_from(n).expect("a wasm32 length");
    js_sys::Uint32Array::new_with_byte_offset_and_length(
        &memory.buffer(),
        at[0],
        len(buf.ops.len()),
    )
    .copy_from(&buf.ops);
    js_sys::Uint8Array::new_with_byte_offset_and_length(
        &memory.buffer(),
        at[1],
        len(buf.text.len()),
    )
    .copy_from(buf.text.as_bytes());
    (buf.ops.len(), buf.text.len(), buf.text.is_ascii())
}

/// A lead's JSON text packed as api.js packs the object `JSON.parse` gives.
fn pack_text(text: &str) -> PackBuf {
    pack(&json::parse(text).expect("JSON text"))
}

/// One lead's JSON text scored the way api.js scores the object: the tape's address.
fn score_text(scorer: &Scorer, text: &str, now_ms: f64) -> Result<u32, JsValue> {
    let (words, bytes, ascii) = write_input(scorer, &pack_text(text));
    scorer.score_input(words, bytes, ascii, now_ms)
}

/// A batch's JSON text (an array, else what api.js never sends) scored the way api.js scores it.
fn score_batch_text(scorer: &Scorer, text: &str, now_ms: f64) -> Result<u32, JsValue> {
    let buf = match json::parse(text).expect("JSON text") {
        json::Value::Array(leads) => pack_all(&leads),
        other => pack(&other),
    };
    let (words, bytes, ascii) = write_input(scorer, &buf);
    scorer.score_batch_input(words, bytes, ascii, now_ms)
}

/// The tape a score call wrote, read as `readTape` in api.js reads it: the map at the address
/// the call returned, then the ops and both blobs where the map says, through views of the
/// memory; as JSON.
fn read_tape(scorer: &Scorer, address: u32) -> Value {
    let (ops, ascii, wide) = scorer.tape_parts();
    assert_eq!(address % 4, 0, "a word address");
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    // Room to copy into first, then a view of the memory as it is after that allocation (which
    // can grow the memory, detaching older views).
    let words = |at: u32, len: usize| {
        let mut out = vec![0u32; len];
        let len = u32::try_from(len).expect("a wasm32 length");
        js_sys::Uint32Array::new_with_byte_offset_and_length(&memory.buffer(), at, len)
            .copy_to(&mut out);
        out
    };
    let bytes = |at: u32, len: u32| {
        let mut out = vec![0u8; usize::try_from(len).expect("a length")];
        js_sys::Uint8Array::new_with_byte_offset_and_length(&memory.buffer(), at, len)
            .copy_to(&mut out);
        out
    };
    let map = words(address, 5);
    let &[ops_at, ascii_at, ascii_len, wide_at, wide_len] = map.as_slice() else {
        panic!("a map of five words: {map:?}")
    };
    assert_eq!(
        words(ops_at, ops.len()),
        ops,
        "the ops are where the map says"
    );
    assert_eq!(
        bytes(ascii_at, ascii_len),
        ascii.as_bytes(),
        "the ASCII blob"
    );
    assert_eq!(bytes(wide_at, wide_len), wide.as_bytes(), "the wide blob");
    let text = tape::read_json(&ops, &ascii, &wide, RESULT_KEYS).expect("a readable tape");
    serde_json::from_str(&text).expect("results are JSON")
}

fn prop(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &key.into()).expect("readable property")
}

fn text_prop(value: &JsValue, key: &str) -> String {
    prop(value, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string on {value:?}"))
}

/// The error's plain-data view: name, code, path, message.
fn error_parts(err: &JsValue) -> (String, String, String, String) {
    let error: &js_sys::Error = err.dyn_ref().expect("thrown values are Error objects");
    (
        String::from(error.name()),
        text_prop(err, "code"),
        text_prop(err, "path"),
        String::from(error.message()),
    )
}

/// `errors`/`problems` arrays as JSON, read through the engine's own JSON.stringify.
fn array_json(err: &JsValue, key: &str) -> Value {
    let value = prop(err, key);
    assert!(js_sys::Array::is_array(&value), "{key} is an array");
    let text = js_sys::JSON::stringify(&value).expect("stringify");
    serde_json::from_str(&String::from(text)).expect("JSON")
}

#[wasm_bindgen_test]
fn ideal_buyer_goes_to_sales_review_with_evidence() {
    let result = score(&default_scorer(), &ideal_buyer(), NOW_MS).expect("scores");
    assert_eq!(result["lead_id"], "w-ideal");
    assert_eq!(result["route"], "sales_review");
    assert_eq!(result["disqualification"], Value::Null);
    assert_eq!(result["scored_at"], "2026-11-22T12:00:00Z");
    assert_eq!(result["model"]["id"], "brightline-default");
    // Every point is explained: evidence sums to the score in both dimensions.
    for dimension in ["fit", "intent"] {
        let evidence = result[dimension]["evidence"].as_array().expect("evidence");
        let sum: i64 = evidence
            .iter()
            .map(|e| e["points"].as_i64().expect("points"))
            .sum();
        assert_eq!(
            Some(sum),
            result[dimension]["score"].as_i64(),
            "{dimension}"
        );
    }
    assert_eq!(result["fit"]["band"], "high");
}

#[wasm_bindgen_test]
fn student_is_disqualified_with_code() {
    let result = score(&default_scorer(), &student(), NOW_MS).expect("scores");
    assert_eq!(result["route"], "disqualify");
    assert_eq!(result["disqualification"]["code"], "student");
}

#[wasm_bindgen_test]
fn now_comes_from_the_caller_and_drives_decay() {
    let lead = json!({ "id": "w-decay", "events": [ { "type": "demo_request", "at": "2026-11-20T10:00:00Z" } ] });
    let scorer = default_scorer();
    let fresh = score(&scorer, &lead, NOW_MS).expect("scores");
    // Half a year later the same demo request is worth less (or expired).
    let later = score(&scorer, &lead, NOW_MS + 180.0 * 86_400_000.0).expect("scores");
    let (fresh_intent, later_intent) = (&fresh["intent"]["score"], &later["intent"]["score"]);
    assert!(
        fresh_intent.as_i64() > later_intent.as_i64(),
        "{fresh_intent} > {later_intent}"
    );
    assert_eq!(later["scored_at"], "2027-05-21T12:00:00Z");
}

#[wasm_bindgen_test]
fn non_finite_now_is_a_typed_error() {
    let scorer = default_scorer();
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 9e15] {
        let err = score(&scorer, &ideal_buyer(), bad).expect_err("rejected");
        let (name, code, path, _) = error_parts(&err);
        assert_eq!(
            (name.as_str(), code.as_str(), path.as_str()),
            ("LeadlensError", "invalid_now", ""),
            "{bad}"
        );
    }
}

#[wasm_bindgen_test]
fn lead_errors_carry_code_and_path() {
    let scorer = default_scorer();
    let cases = [
        (
            json!({ "id": "e1", "company": { "employees": { "min": 5 } } }),
            "invalid_field",
            "company.employees",
        ),
        (
            json!({ "contact": { "title": "CEO" } }),
            "missing_field",
            "id",
        ),
        (
            json!({ "id": "e3", "events": [ { "type": "page_view" }, { "type": "demo_request", "at": "yesterday" } ] }),
            "invalid_field",
            "events[1].at",
        ),
    ];
    for (lead, want_code, want_path) in cases {
        let err = score(&scorer, &lead, NOW_MS).expect_err("rejected");
        let (name, code, path, message) = error_parts(&err);
        assert_eq!(name, "LeadlensError");
        assert_eq!(
            (code.as_str(), path.as_str()),
            (want_code, want_path),
            "{lead}"
        );
        assert!(
            message.starts_with(want_path),
            "message names the path: {message}"
        );
    }
    // A pack cut short (a defect in api.js) is refused, not read as far as it goes.
    let mut buf = pack_text(r#"{"id": "x", "company": {"name": "Acme"}}"#);
    buf.ops.truncate(buf.ops.len() - 1);
    let (words, bytes, ascii) = write_input(&scorer, &buf);
    let err = scorer
        .score_input(words, bytes, ascii, NOW_MS)
        .expect_err("a pack cut short");
    assert_eq!(error_parts(&err).1, "invalid_json");
}

/// The input buffer is written by api.js; bytes it did not write, or that are not UTF-8, are a
/// defect there: an internal error, never a panic or a lead read from stale bytes.
#[wasm_bindgen_test]
fn input_beyond_the_buffer_or_not_utf8_is_an_internal_error() {
    let scorer = default_scorer();
    let buf = pack_text("{\"id\": \"x\"}");
    let (words, bytes, ascii) = write_input(&scorer, &buf);
    assert!(scorer.score_input(words, bytes, ascii, NOW_MS).is_ok());
    for (words, bytes) in [(1 << 20, bytes), (words, 1 << 20)] {
        let err = scorer
            .score_input(words, bytes, ascii, NOW_MS)
            .expect_err("beyond the buffer");
        assert_eq!(error_parts(&err).1, "internal_error");
    }
    let not_utf8 = PackBuf {
        ops: buf.ops.clone(),
        text: String::new(),
    };
    let (words, _, _) = write_input(&scorer, &not_utf8);
    let map = scorer.input_buffer(words, 2);
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let mut at = [0u32; 2];
    js_sys::Uint32Array::new_with_byte_offset_and_length(&memory.buffer(), map, 2).copy_to(&mut at);
    js_sys::Uint8Array::new_with_byte_offset_and_length(&memory.buffer(), at[1], 2)
        .copy_from(&[b'x', 0xff]);
    let err = scorer
        .score_input(words, 2, false, NOW_MS)
        .expect_err("not UTF-8");
    let (_, code, _, message) = error_parts(&err);
    assert_eq!(
        (code.as_str(), message.contains("UTF-8")),
        ("internal_error", true)
    );
}

#[wasm_bindgen_test]
fn batch_scores_in_order_with_one_call() {
    let leads: Vec<Value> = (0..50)
        .map(|i| if i % 2 == 0 { ideal_buyer() } else { student() })
        .enumerate()
        .map(|(i, mut lead)| {
            lead["id"] = json!(format!("b-{i}"));
            lead
        })
        .collect();
    let scorer = default_scorer();
    let address =
        score_batch_text(&scorer, &Value::from(leads).to_string(), NOW_MS).expect("scores");
    let results: Vec<Value> =
        serde_json::from_value(read_tape(&scorer, address)).expect("an array");
    assert_eq!(results.len(), 50);
    for (i, r) in results.iter().enumerate() {
        assert_eq!(r["lead_id"], format!("b-{i}"));
        let want = if i % 2 == 0 {
            "sales_review"
        } else {
            "disqualify"
        };
        assert_eq!(r["route"], want, "lead {i}");
    }
}

#[wasm_bindgen_test]
fn batch_errors_list_every_bad_element() {
    let leads = json!([
        ideal_buyer(),
        { "contact": {} },
        student(),
        { "id": "bad-2", "company": { "employees": "lots" } },
        { "id": "bad-3", "events": [ { "type": "page_view", "at": 5 } ] }
    ]);
    let err =
        score_batch_text(&default_scorer(), &leads.to_string(), NOW_MS).expect_err("rejected");
    let (name, code, path, message) = error_parts(&err);
    assert_eq!(name, "LeadlensError");
    assert_eq!((code.as_str(), path.as_str()), ("missing_field", "[1].id"));
    assert!(message.starts_with("3 invalid leads"), "{message}");
    let paths: Vec<Value> = array_json(&err, "errors")
        .as_array()
        .expect("array")
        .iter()
        .map(|e| json!([e["code"], e["path"]]))
        .collect();
    assert_eq!(
        paths,
        [
            json!(["missing_field", "[1].id"]),
            json!(["invalid_field", "[3].company.employees"]),
            json!(["invalid_field", "[4].events[0].at"]),
        ]
    );

    let err = score_batch_text(&default_scorer(), "{\"id\": \"not-an-array\"}", NOW_MS)
        .expect_err("not an array");
    assert_eq!(error_parts(&err).1, "invalid_json");
}

fn broken_model() -> Value {
    let mut model: Value = serde_json::from_str(&default_model_json()).expect("default model JSON");
    model["version"] = json!(" ");
    model["fit"]["country"]["served"][0] = json!("Atlantis");
    model
}

#[wasm_bindgen_test]
fn validate_reports_every_problem_with_paths() {
    assert_eq!(validate_model_json(&default_model_json()), "[]");

    let problems: Value =
        serde_json::from_str(&validate_model_json(&broken_model().to_string())).expect("JSON");
    let paths: Vec<&str> = problems
        .as_array()
        .expect("array")
        .iter()
        .map(|p| p["path"].as_str().expect("path"))
        .collect();
    assert_eq!(paths, ["version", "fit.country.served[0]"]);

    // Unreadable JSON is reported as a problem, not thrown.
    let problems: Value = serde_json::from_str(&validate_model_json("{ not json")).expect("JSON");
    assert_eq!(problems.as_array().map(Vec::len), Some(1));
    assert!(problems[0]["message"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
}

#[wasm_bindgen_test]
fn invalid_model_is_rejected_with_problems() {
    let err = match Scorer::new(Some(broken_model().to_string())) {
        Ok(_) => panic!("a broken model must not load"),
        Err(err) => err,
    };
    let (name, code, path, message) = error_parts(&err);
    assert_eq!(
        (name.as_str(), code.as_str(), path.as_str()),
        ("LeadlensError", "invalid_model", "version")
    );
    assert!(message.contains("2 problems"), "{message}");
    let problems = array_json(&err, "problems");
    assert_eq!(problems[1]["path"], "fit.country.served[0]");
}

#[wasm_bindgen_test]
fn custom_model_round_trips_and_changes_scores() {
    let scorer = default_scorer();
    let mut model: Value = serde_json::from_str(&scorer.model_json()).expect("model JSON");
    assert_eq!(model["id"], "brightline-default");
    // Raise the sales-review bar out of reach: the ideal buyer is no longer routed to sales.
    model["id"] = json!("strict");
    model["routing"]["sales_review"]["fit"] = json!(100);
    model["routing"]["sales_review"]["intent"] = json!(100);
    let strict = Scorer::new(Some(model.to_string())).expect("valid custom model");
    let result = score(&strict, &ideal_buyer(), NOW_MS).expect("scores");
    assert_eq!(result["model"]["id"], "strict");
    assert_ne!(result["route"], "sales_review");
}

#[wasm_bindgen_test]
fn result_keys_are_the_tape_table() {
    // What the JS reader looks member names up in.
    assert_eq!(result_keys(), RESULT_KEYS.join(","));
    assert!(RESULT_KEYS
        .iter()
        .all(|k| !k.is_empty() && !k.contains(',')));
}

#[wasm_bindgen_test]
fn timestamps_and_version() {
    assert_eq!(parse_timestamp_ms("2026-11-22T12:00:00Z"), Some(NOW_MS));
    assert_eq!(
        parse_timestamp_ms("2026-11-22T13:00:00+01:00"),
        Some(NOW_MS)
    );
    assert_eq!(parse_timestamp_ms("2026-02-30"), None);
    assert_eq!(parse_timestamp_ms("yesterday"), None);
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}
