//! Model validation: every problem is reported, each with the JSON path a person must fix.

use leadlens::core::{Model, DEFAULT_MODEL_JSON};
use serde_json::{json, Value};

/// Applies `(JSON pointer, new value)` edits to the default model and returns the problem paths.
fn problems(edits: &[(&str, Value)]) -> Vec<String> {
    let mut spec: Value = serde_json::from_str(DEFAULT_MODEL_JSON).unwrap_or(Value::Null);
    for (pointer, value) in edits {
        match spec.pointer_mut(pointer) {
            Some(slot) => *slot = value.clone(),
            None => panic!("test edit points nowhere: {pointer}"),
        }
    }
    match Model::from_json(&spec.to_string()) {
        Ok(_) => Vec::new(),
        Err(e) => e.problems.into_iter().map(|p| p.path).collect(),
    }
}

fn check(edits: &[(&str, Value)], expect: &[&str]) {
    let got = problems(edits);
    assert_eq!(got, expect, "edits {edits:?}");
}

#[test]
fn default_model_round_trips() {
    let model = Model::default_model();
    let again = Model::from_json(&model.to_json_pretty());
    assert_eq!(again.ok().as_ref(), Some(&model));
}

#[test]
fn each_problem_is_located() {
    check(
        &[("/intent/page_rules/0/signal", json!("pricing_peek"))],
        &["intent.page_rules[0].signal"],
    );
    check(
        &[("/intent/signals/1/half_life_days", json!(-3))],
        &["intent.signals[1].half_life_days"],
    );
    check(&[("/bands/fit/medium", json!(80))], &["bands.fit.medium"]);
    check(
        &[("/fit/employees/ranges/2/min", json!(150))],
        &["fit.employees.ranges[2].min"],
    );
    check(
        &[("/fit/employees/ranges/1/max", json!(10))],
        &["fit.employees.ranges[1].max"],
    );
    check(
        &[("/intent/passive_cap", json!(70))],
        &["intent.passive_cap", "intent.passive_cap"],
    );
    check(
        &[("/routing/disqualify_below_fit", json!(75))],
        &["routing.disqualify_below_fit"],
    );
    check(
        &[("/fit/country/served/0", json!("atlantis"))],
        &["fit.country.served[0]"],
    );
    check(
        &[("/negative/0/code", json!("Competitor!"))],
        &["negative[0].code"],
    );
    check(
        &[("/negative/3/weak/0", json!("title_words"))],
        &["negative[3].weak[0]"],
    );
    check(
        &[("/intent/cues/0/phrases/0", json!("bot*tle"))],
        &["intent.cues[0].phrases[0]"],
    );
    check(
        // Moving "healthcare" away also orphans its aliases: each is reported.
        &[("/fit/industry/secondary/0", json!("software"))],
        &[
            "fit.industry.secondary[0]",
            "fit.industry.aliases.health care",
            "fit.industry.aliases.hospital & health care",
            "fit.industry.aliases.medical",
            "fit.industry.aliases.pharmaceuticals",
        ],
    );
    check(
        &[(
            "/routing/strategic_accounts/0/domain",
            json!("northpeak.co"),
        )],
        &["routing.strategic_accounts[0].domain"],
    );
    check(
        &[("/intent/signals/6/type", json!("demo_request"))],
        &["intent.signals[6].type"],
    );
}

#[test]
fn all_problems_at_once() {
    let got = problems(&[
        ("/intent/signals/0/half_life_days", json!(0)),
        ("/bands/intent/medium", json!(90)),
        ("/intent/page_rules/0/signal", json!("nope")),
        ("/version", json!("")),
    ]);
    assert_eq!(
        got,
        [
            "version",
            "intent.signals[0].half_life_days",
            "intent.page_rules[0].signal",
            "bands.intent.medium"
        ]
    );
}

#[test]
fn structural_errors_name_the_path() {
    // Wrong type and misspelt keys are caught by the parser, with their path.
    check(
        &[("/intent/lookback_days", json!("ninety"))],
        &["intent.lookback_days"],
    );
    let mut spec: Value = serde_json::from_str(DEFAULT_MODEL_JSON).unwrap_or(Value::Null);
    spec["intent"]["signals"][0]["half_life_day"] = json!(30);
    let err = Model::from_json(&spec.to_string())
        .err()
        .map(|e| e.problems);
    let first = err.as_ref().and_then(|p| p.first());
    assert_eq!(
        first.map(|p| p.path.as_str()),
        Some("intent.signals[0].half_life_day")
    );
    assert!(
        first.is_some_and(|p| p.message.contains("half_life_day")),
        "{first:?}"
    );
    assert!(Model::from_json("{").is_err());
}
