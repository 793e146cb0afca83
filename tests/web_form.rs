//! `FormSession` (the wasm side of `attachForm`) in headless Chromium: one update per keystroke,
//! JSON in and out, as `pkg-config/form.js` calls it.
//!
//!     WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver \
//!       cargo test --target wasm32-unknown-unknown --features form --test web_form

#![cfg(target_arch = "wasm32")]

use leadlens::web::FormSession;
use serde_json::{json, Value};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// 2026-11-22T12:00:00Z.
const NOW_MS: f64 = 1_795_348_800_000.0;

fn session(options: Value) -> FormSession {
    FormSession::new(&options.to_string()).expect("valid options")
}

fn update(session: &FormSession, values: &[(&str, &str)], sticky: &[&str]) -> Value {
    let values: Vec<[&str; 2]> = values.iter().map(|(k, v)| [*k, *v]).collect();
    let text = session
        .update(
            &json!(values).to_string(),
            &json!(sticky).to_string(),
            NOW_MS,
        )
        .expect("scores");
    serde_json::from_str(&text).expect("JSON out")
}

/// A HubSpot-style form, in order, with empty answers for what is not typed yet.
fn answers<'a>(typed: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let fields = [
        "firstname",
        "lastname",
        "email",
        "company",
        "jobtitle",
        "numemployees",
        "industry",
        "country",
        "message",
        "budget",
        "timeline",
    ];
    fields
        .iter()
        .map(|f| {
            let value = typed.iter().find(|(k, _)| k == f).map_or("", |(_, v)| *v);
            (*f, value)
        })
        .collect()
}

/// The landing page's form: a consultation request with budget and timeline for likely buyers.
fn sales_questions() -> Value {
    json!({ "formType": "consultation_request",
            "conditional": { "budget": "likely_buyer", "timeline": "likely_buyer" } })
}

#[wasm_bindgen_test]
fn an_ideal_buyer_typed_into_the_form_reaches_sales_review_with_hidden_values() {
    let s = session(sales_questions());
    let out = update(
        &s,
        &answers(&[
            ("firstname", "Dana"),
            ("lastname", "Ruiz"),
            ("email", "dana.ruiz@acmelogistics.com"),
            ("jobtitle", "Director of Operations"),
            ("numemployees", "200-999"),
            ("industry", "logistics"),
            ("country", "US"),
            (
                "message",
                "Our order-to-cash process is a bottleneck; budget approved for Q1.",
            ),
        ]),
        &[],
    );
    assert_eq!(out["result"]["route"], "sales_review");
    assert_eq!(out["hidden"]["leadlens_route"], "sales_review");
    assert_eq!(
        out["hidden"]["leadlens_fit"],
        out["result"]["fit"]["score"].to_string()
    );
    assert_eq!(out["hidden"]["leadlens_disqualification"], "");
    assert_eq!(out["hidden"]["leadlens_model_version"], "2026-11-1");
    assert_eq!(out["lead"]["contact"]["name"], "Dana Ruiz");
    assert_eq!(
        out["shown"]["budget"], true,
        "sales questions for a likely buyer"
    );
    assert_eq!(out["submit"]["route"], "sales_review");
    assert!(out["problems"].as_array().is_some_and(Vec::is_empty));
}

#[wasm_bindgen_test]
fn students_and_competitors_get_their_outcomes_and_no_sales_questions() {
    let s = session(sales_questions());
    let student = update(
        &s,
        &answers(&[
            ("email", "kim@stateu.edu"),
            ("jobtitle", "Student"),
            ("message", "I am writing my thesis on supply chains."),
        ]),
        &[],
    );
    assert_eq!(student["hidden"]["leadlens_route"], "disqualify");
    assert_eq!(student["hidden"]["leadlens_disqualification"], "student");
    assert_eq!(student["submit"]["action"], "resources");
    assert_eq!(student["shown"]["budget"], false);
    // Unless the visitor is in it (focus) or already answered it.
    let sticky = update(
        &s,
        &answers(&[("email", "kim@stateu.edu"), ("jobtitle", "Student")]),
        &["budget"],
    );
    assert_eq!(sticky["shown"]["budget"], true);

    let competitor = update(
        &s,
        &answers(&[("email", "alex@northpeak.co"), ("company", "NorthPeak")]),
        &[],
    );
    assert_eq!(
        competitor["hidden"]["leadlens_disqualification"],
        "competitor"
    );
    assert_eq!(competitor["submit"]["action"], "thank_you");
}

#[wasm_bindgen_test]
fn the_next_question_skips_answers_and_hidden_questions() {
    let s = session(sales_questions());
    let first = update(&s, &answers(&[("email", "dana@acmelogistics.com")]), &[]);
    let q1 = first["next_question"]["field"]
        .as_str()
        .expect("a question")
        .to_string();
    assert_ne!(q1, "email");
    assert_ne!(q1, "budget", "hidden questions are not suggested");
    let mut typed = vec![("email", "dana@acmelogistics.com")];
    let fill = |field: &str| match field {
        "jobtitle" => "VP Operations",
        "numemployees" => "200-999",
        "industry" => "logistics",
        "country" => "US",
        _ => "We need help this quarter; budget approved.",
    };
    typed.push((Box::leak(q1.clone().into_boxed_str()), fill(&q1)));
    let second = update(&s, &answers(&typed), &[]);
    let q2 = second["next_question"]["field"]
        .as_str()
        .unwrap_or_default();
    assert_ne!(q2, q1, "the suggestion moves on once answered");
}

#[wasm_bindgen_test]
fn enrichment_fills_company_fields_and_typed_answers_win() {
    let mut s = session(json!({}));
    s.set_enrichment(
        "AcmeLogistics.com",
        &json!({ "employees": 240, "industry": "logistics", "country": null }).to_string(),
    )
    .expect("enrichment accepted");
    let out = update(&s, &answers(&[("email", "dana@acmelogistics.com")]), &[]);
    assert_eq!(out["lead"]["company"]["employees"], 240);
    assert_eq!(
        out["enriched"],
        json!(["company.industry", "company.employees"])
    );
    assert_eq!(
        enriched_evidence(&out),
        ["company.employees", "company.industry"],
        "evidence from enriched fields is marked"
    );
    assert_eq!(
        out["lead"]["company"]["enriched_fields"],
        json!(["industry", "employees"]),
        "the lead says which fields were enriched (the debug panel reads it)"
    );
    // The visitor says otherwise: the answer wins and the path is no longer enriched.
    let out = update(
        &s,
        &answers(&[
            ("email", "dana@acmelogistics.com"),
            ("numemployees", "1,500"),
        ]),
        &[],
    );
    assert_eq!(out["lead"]["company"]["employees"], 1500);
    assert_eq!(out["enriched"], json!(["company.industry"]));
    assert_eq!(enriched_evidence(&out), ["company.industry"]);
    // A corrected email is another company: Acme's data no longer applies.
    let out = update(&s, &answers(&[("email", "dana@gmail.com")]), &[]);
    assert_eq!(out["enriched"], json!([]));
    assert_eq!(out["lead"]["company"]["employees"], Value::Null);
    assert!(enriched_evidence(&out).is_empty());
    // A provider answer of the wrong shape is a typed error naming the field.
    let err = s
        .set_enrichment("acmelogistics.com", r#"{"employees": "lots"}"#)
        .expect_err("an error");
    let err: js_sys::Error = err.dyn_into().expect("an Error");
    let message = String::from(err.message());
    assert!(message.contains("company.employees"), "{message}");
}

/// Fields of the fit evidence items marked enriched, sorted.
fn enriched_evidence(out: &Value) -> Vec<String> {
    let mut fields: Vec<String> = out["result"]["fit"]["evidence"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["enriched"] == true)
        .filter_map(|e| e["field"].as_str().map(str::to_string))
        .collect();
    fields.sort();
    fields
}

#[wasm_bindgen_test]
fn bad_options_and_answers_are_typed_errors_or_problems() {
    let err = FormSession::new(r#"{"conditional": {"budget": "sometimes"}}"#)
        .err()
        .expect("a bad rule is an error");
    let err: &js_sys::Error = err.dyn_ref().expect("an Error");
    assert_eq!(String::from(err.name()), "LeadlensError");
    let path = js_sys::Reflect::get(err, &"path".into()).expect("path");
    assert_eq!(path.as_string().as_deref(), Some("conditional.budget"));

    let err = FormSession::new(r#"{"model": {"id": "x"}}"#)
        .err()
        .expect("an invalid model is an error");
    let code = js_sys::Reflect::get(&err, &"code".into()).expect("code");
    assert_eq!(code.as_string().as_deref(), Some("invalid_model"));

    let s = session(json!({ "fields": { "org_size": "company.employees", "x": "nowhere" } }));
    let problems: Value = serde_json::from_str(&s.mapping_problems()).expect("JSON");
    assert_eq!(problems[0]["field"], "x");
    let out = update(
        &s,
        &[("org_size", "a lot"), ("email", "kim@fabrikam.com")],
        &[],
    );
    assert_eq!(out["problems"][0]["field"], "org_size");
    assert_eq!(out["problems"][0]["path"], "company.employees");
    assert_eq!(out["lead"]["contact"]["email"], "kim@fabrikam.com");
    assert!(s.update("not json", "[]", NOW_MS).is_err());
}
