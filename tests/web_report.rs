//! The dashboard's wasm (`WasmReportInput`, feature `report`) in Node: NDJSON text in, the
//! CLI's JSON out, bad lines returned (never thrown), unusable input thrown with a `code`, as
//! `pkg-config/report.js` calls it.
//!
//!     cargo test --target wasm32-unknown-unknown --features report --test web_report

#![cfg(target_arch = "wasm32")]

use leadlens::core::Model;
use leadlens::web::ReportInput;
use serde_json::{json, Value};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

/// The hand-computed fixture of tests/report.rs.
const LEADS: &str = include_str!("report/leads.ndjson");
const OUTCOMES: &str = include_str!("report/outcomes.ndjson");
/// 2026-12-15T12:00:00Z, the fixture's `now`.
const NOW_MS: f64 = 1_797_336_000_000.0;

fn input(leads: &str, outcomes: &str) -> ReportInput {
    ReportInput::new(leads.into(), outcomes.into(), None, NOW_MS).expect("usable input")
}

fn json(text: Result<String, JsValue>) -> Value {
    serde_json::from_str(&text.expect("runs")).expect("JSON out")
}

/// `(code, path)` of a thrown error.
fn thrown<T>(result: Result<T, JsValue>) -> (String, String) {
    let Err(err) = result else {
        panic!("expected a throw")
    };
    let error: &js_sys::Error = err.dyn_ref().expect("an Error");
    assert_eq!(String::from(error.name()), "LeadlensError");
    let get = |key: &str| {
        js_sys::Reflect::get(&err, &key.into())
            .expect("readable")
            .as_string()
            .unwrap_or_default()
    };
    (get("code"), get("path"))
}

/// `n` synthetic leads: even ones a logistics director asking for a consultation (mostly
/// accepted), odd ones a student (mostly rejected, `not_icp`), one a day from 2026-01-01.
fn synthetic(n: usize) -> (String, String) {
    let (mut leads, mut outcomes) = (String::new(), String::new());
    let mut seed: u32 = 7;
    for i in 0..n {
        let day = format!("2026-{:02}-{:02}", 1 + (i / 28) % 12, 1 + i % 28);
        let lead = if i % 2 == 0 {
            json!({"id": format!("S-{i}"), "created_at": format!("{day}T09:00:00Z"),
                   "company": {"name": "Acme", "domain": format!("acme{i}.com"), "industry": "logistics", "employees": 240, "country": "US"},
                   "contact": {"email": format!("dana@acme{i}.com"), "title": "Director of Operations"},
                   "form": {"type": "consultation_request", "message": "Our warehouse process is a bottleneck."}})
        } else {
            json!({"id": format!("S-{i}"), "created_at": format!("{day}T09:00:00Z"),
                   "contact": {"title": "Student", "email": format!("kim{i}@stateu.edu")}})
        };
        leads.push_str(&format!("{lead}\n"));
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let lucky = (seed >> 16) % 10 < 2;
        let accepted = (i % 2 == 0) != lucky;
        let outcome = if accepted {
            json!({"lead_id": format!("S-{i}"), "outcome": "accepted", "decided_at": format!("{day}T15:00:00Z")})
        } else {
            json!({"lead_id": format!("S-{i}"), "outcome": "rejected", "reason_code": "not_icp", "decided_at": format!("{day}T15:00:00Z")})
        };
        outcomes.push_str(&format!("{outcome}\n"));
    }
    (leads, outcomes)
}

#[wasm_bindgen_test]
fn report_is_the_fixtures_report_and_returns_every_bad_line() {
    let out = json(input(LEADS, OUTCOMES).report("{}"));
    let report = &out["report"];
    assert_eq!(report["schema"], "leadlens.report/1");
    assert_eq!(report["now"], "2026-12-15T12:00:00Z");
    assert_eq!(report["input"]["leads_read"], 12);
    assert_eq!(
        report["overall"]["lead_to_accepted"],
        json!({"num": 5, "den": 12, "rate": 0.4167, "ci95": [0.1933, 0.6805], "small_sample": true})
    );
    assert_eq!(report["overall"]["false_positive"]["num"], 2);
    assert_eq!(report["overall"]["false_positive"]["den"], 6);
    let bad: Vec<(Value, Value, Value)> = out["bad_lines"]
        .as_array()
        .expect("bad_lines")
        .iter()
        .map(|b| (b["input"].clone(), b["line"].clone(), b["path"].clone()))
        .collect();
    assert_eq!(
        bad,
        [
            (json!("leads"), json!(8), json!("company.employees")),
            (json!("outcomes"), json!(8), json!("outcome")),
            (json!("outcomes"), json!(11), json!("")),
        ]
    );
    assert_eq!(out["bad_lines"][2]["code"], "invalid_json");
}

#[wasm_bindgen_test]
fn report_window_comes_from_the_options() {
    let out =
        json(input(LEADS, OUTCOMES).report(r#"{"since": "2026-11-05T00:00:00Z", "until": null}"#));
    assert_eq!(
        out["report"]["window"],
        json!({"since": "2026-11-05T00:00:00Z", "until": null})
    );
    // L-01…L-03 were created before; L-12 has no created_at.
    assert_eq!(out["report"]["input"]["outside_window"], 3);
    assert_eq!(out["report"]["input"]["undated_outside_window"], 1);
}

#[wasm_bindgen_test]
fn calibrate_refuses_below_200_outcomes_with_the_message_and_counts() {
    let out = json(input(LEADS, OUTCOMES).calibrate(""));
    assert_eq!(out["report"], Value::Null);
    assert_eq!(out["proposed_json"], Value::Null);
    assert_eq!(out["rule_descriptions"], Value::Null);
    let message = out["refusal"]["message"].as_str().expect("message");
    assert!(
        message.starts_with("calibration needs at least 200 labelled outcomes"),
        "{message}"
    );
    assert_eq!(out["refusal"]["labels"]["leads"], 12);
    assert_eq!(out["bad_lines"].as_array().map(Vec::len), Some(3));
    assert_eq!(out["unknown_lead_ids"], 1);
}

#[wasm_bindgen_test]
fn calibrate_proposes_a_valid_model_and_compares_it_on_the_holdout() {
    let (leads, outcomes) = synthetic(260);
    let outcomes = format!("{outcomes}{{\"lead_id\": \"S-1\", \"outcome\": \"maybe\"}}\n");
    let out = json(input(&leads, &outcomes).calibrate(r#"{"target": "accepted"}"#));
    assert_eq!(out["refusal"], Value::Null);
    let report = &out["report"];
    assert_eq!(report["schema"], "leadlens.calibrate/1");
    assert_eq!(report["target"], "accepted");
    assert_eq!(report["labels"]["labelled"], 260);
    assert_eq!(report["holdout"]["test"]["n"], 52);
    assert!(report["holdout"]["proposed"]["calibration"]
        .as_array()
        .is_some_and(|bands| !bands.is_empty()));
    let proposed = out["proposed_json"].as_str().expect("proposed_json");
    assert!(proposed.ends_with("}\n"));
    let model = Model::from_json(proposed).expect("the proposal is a valid model");
    assert_eq!(
        model.version(),
        report["proposed_version"].as_str().expect("version")
    );
    let described = out["rule_descriptions"]["added"].as_array().map(Vec::len);
    assert_eq!(described, report["added"].as_array().map(Vec::len));
    assert_eq!(out["bad_lines"][0]["line"], 261);
    assert_eq!(out["bad_lines"][0]["input"], "outcomes");
}

#[wasm_bindgen_test]
fn unusable_input_throws_with_a_code() {
    let bad_model = ReportInput::new(LEADS.into(), OUTCOMES.into(), Some("{}".into()), NOW_MS);
    assert_eq!(thrown(bad_model).0, "invalid_model");
    let bad_now = ReportInput::new(LEADS.into(), OUTCOMES.into(), None, f64::NAN);
    assert_eq!(thrown(bad_now).0, "invalid_now");
    let files = input(LEADS, OUTCOMES);
    let bad_since = files.report(r#"{"since": "yesterday"}"#);
    assert_eq!(thrown(bad_since), ("invalid_field".into(), "since".into()));
    assert_eq!(thrown(files.report("[1]")).0, "invalid_json");
    let bad_target = files.calibrate(r#"{"target": "mql"}"#);
    assert_eq!(
        thrown(bad_target),
        ("invalid_field".into(), "target".into())
    );
    let bad_scale = files.calibrate(r#"{"points_per_logit": -3}"#);
    assert_eq!(
        thrown(bad_scale),
        ("invalid_field".into(), "points_per_logit".into())
    );
}
