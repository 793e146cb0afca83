//! Threshold experiments: the model's `experiment` section, the deterministic assignment of a lead
//! to a variant, routing with the variant's thresholds, the result's `variant`, and validation.
//!
//! Case files `tests/cases/experiment_*.json` are ordinary scoring cases (their `expect` holds for
//! the default model and `tests/cases.rs` checks it) with two more keys read here: `experiment`
//! (added to the default model) and `expect_with_experiment` (what holds then: `variant`,
//! `route`, `route_reason`, `review_reasons`, `route_reason_contains`).

use std::fs;
use std::path::Path;

use serde_json::{json, Value};

use leadlens::core::model::{assignment_hash, Experiment};
use leadlens::core::{parse_lead, score, Model, Timestamp, DEFAULT_MODEL_JSON};

const EXPERIMENT_ID: &str = "sales-review-threshold-2026-12";
const NOW: &str = "2026-11-22T12:00:00Z";

fn experiment() -> Value {
    json!({
        "id": EXPERIMENT_ID,
        "variants": [
            { "name": "control", "weight": 50 },
            { "name": "lower_fit", "weight": 50, "sales_review": { "fit": 55, "intent": 40 }, "borderline_margin": 4 }
        ]
    })
}

fn model_json_with(experiment: Value) -> String {
    let mut model: Value = serde_json::from_str(DEFAULT_MODEL_JSON).expect("default model");
    model["experiment"] = experiment;
    model.to_string()
}

fn model_with(experiment: Value) -> Model {
    Model::from_json(&model_json_with(experiment)).unwrap_or_else(|e| panic!("{e}"))
}

fn now() -> Timestamp {
    Timestamp::parse_rfc3339(NOW).expect("NOW")
}

fn parsed_experiment(value: Value) -> Experiment {
    leadlens::core::json::read(&value.to_string()).expect("experiment JSON")
}

fn variant_of(experiment: &Experiment, lead_id: &str) -> Option<String> {
    experiment.assign(lead_id).map(|v| v.name.clone())
}

#[test]
fn assignment_hash_is_a_fixed_function() {
    // Computed independently (Python: FNV-1a 64 over id + 0xFF + lead id, then fmix64), so a
    // change of hash, byte order or separator — on any target — fails here.
    assert_eq!(assignment_hash(EXPERIMENT_ID, "L-1"), 0xcdc3_6059_f159_a006);
    assert_eq!(
        assignment_hash(EXPERIMENT_ID, "L-1042"),
        0x98ca_28b7_9523_010c
    );
    assert_eq!(
        assignment_hash(EXPERIMENT_ID, "lead-ü"),
        0x9df0_91f3_d8db_9eed
    );
    assert_eq!(assignment_hash(EXPERIMENT_ID, "42"), 0x65a0_6852_ba2c_1cec);
    // The experiment id is part of the hash: a new experiment reshuffles the leads.
    assert_ne!(
        assignment_hash("another-experiment", "L-1"),
        assignment_hash(EXPERIMENT_ID, "L-1")
    );
}

#[test]
fn assignment_is_stable_for_fixed_ids() {
    let halves = parsed_experiment(experiment());
    let expected = [
        ("L-1", "lower_fit"),
        ("L-2", "control"),
        ("L-3", "control"),
        ("L-4", "lower_fit"),
        ("L-5", "control"),
        ("L-1042", "control"),
        ("lead-ü", "lower_fit"),
        ("42", "control"),
    ];
    for (id, want) in expected {
        assert_eq!(variant_of(&halves, id).as_deref(), Some(want), "lead {id}");
        // The same answer every time it is asked.
        assert_eq!(variant_of(&halves, id).as_deref(), Some(want), "lead {id}");
    }
    let uneven = parsed_experiment(json!({
        "id": EXPERIMENT_ID,
        "variants": [{"name": "a", "weight": 1}, {"name": "b", "weight": 2}, {"name": "c", "weight": 7}]
    }));
    let expected = [
        ("L-1", "c"),
        ("L-2", "c"),
        ("L-3", "a"),
        ("L-4", "b"),
        ("L-5", "b"),
    ];
    for (id, want) in expected {
        assert_eq!(variant_of(&uneven, id).as_deref(), Some(want), "lead {id}");
    }
}

fn shares(experiment: &Experiment, n: usize) -> Vec<(String, usize)> {
    let mut counts: Vec<(String, usize)> = experiment
        .variants
        .iter()
        .map(|v| (v.name.clone(), 0))
        .collect();
    for i in 0..n {
        let name = variant_of(experiment, &format!("L-{i}")).expect("a variant");
        if let Some(slot) = counts.iter_mut().find(|(n, _)| *n == name) {
            slot.1 += 1;
        }
    }
    counts
}

#[test]
fn proportions_follow_the_weights_within_two_percent() {
    for weights in [vec![50, 50], vec![1, 2, 7], vec![9, 1], vec![30, 0, 70]] {
        let total: i32 = weights.iter().sum();
        let variants: Vec<Value> = weights
            .iter()
            .enumerate()
            .map(|(i, w)| json!({"name": format!("v{i}"), "weight": w}))
            .collect();
        let e = parsed_experiment(json!({"id": EXPERIMENT_ID, "variants": variants}));
        let counts = shares(&e, 10_000);
        for ((name, count), weight) in counts.iter().zip(&weights) {
            let share = *count as f64 / 10_000.0;
            let want = f64::from(*weight) / f64::from(total);
            assert!(
                (share - want).abs() <= 0.02,
                "weights {weights:?}: {name} got {share}, expected {want} ± 0.02"
            );
            if *weight == 0 {
                assert_eq!(*count, 0, "a zero-weight variant is never assigned");
            }
        }
    }
}

fn lead(id: &str, title: &str, revenue: Option<u64>) -> String {
    let mut lead = json!({
        "id": id, "created_at": "2026-11-22T08:00:00Z",
        "company": {"name": "Northwind Retail", "domain": "northwind.com", "industry": "retail", "employees": 600, "country": "FR"},
        "contact": {"email": "a.martin@northwind.com", "title": title},
        "form": {"type": "consultation_request", "message": "We need help with our warehouse process."},
        "consent": {"email": true}
    });
    if let Some(revenue) = revenue {
        lead["company"]["annual_revenue"] = json!(revenue);
    }
    lead.to_string()
}

#[test]
fn routing_differs_between_variants_for_a_lead_between_the_thresholds() {
    let model = model_with(experiment());
    // Fit 54, intent 60: below control's borderline floor (60 − 5), above lower_fit's (55 − 4).
    // The same lead under two ids, one per variant.
    let in_lower = parse_lead(&lead("L-1", "Senior Analyst", Some(48_000_000)))
        .expect("lead")
        .into_owned();
    let in_control = parse_lead(&lead("L-2", "Senior Analyst", Some(48_000_000)))
        .expect("lead")
        .into_owned();
    let lower = score(&in_lower, &model, now()).expect("score");
    let control = score(&in_control, &model, now()).expect("score");
    assert_eq!((lower.fit.score, lower.intent.score), (54, 60));
    assert_eq!((control.fit.score, control.intent.score), (54, 60));

    assert_eq!(lower.variant.as_deref(), Some("lower_fit"));
    assert_eq!(lower.route.as_str(), "sales_review");
    assert_eq!(lower.route_reason.code, "borderline");
    assert_eq!(
        lower.route_reason.text.to_string(),
        "within 4 points of the sales-review thresholds (fit 54 / 55, intent 60 / 40)"
    );

    assert_eq!(control.variant.as_deref(), Some("control"));
    assert_eq!(control.route.as_str(), "nurture");
    assert_eq!(control.route_reason.code, "low_fit");
    assert_eq!(
        control.route_reason.text.to_string(),
        "buying signal, but fit is below the sales-review threshold (fit 54 < 60)"
    );

    // Serialized, the variant sits next to the model.
    let json = serde_json::to_value(&lower).expect("serialize");
    assert_eq!(json["variant"], "lower_fit");
    // And survives into_owned and a JSON round trip.
    let owned = lower.clone().into_owned();
    assert_eq!(owned.variant.as_deref(), Some("lower_fit"));
    let back: leadlens::core::ScoredLead = serde_json::from_value(json).expect("deserialize");
    assert_eq!(back.variant.as_deref(), Some("lower_fit"));
}

#[test]
fn a_variant_without_thresholds_routes_like_the_model() {
    // `control` sets nothing: its leads score exactly as without the experiment, but for `variant`.
    let with = model_with(experiment());
    let without = Model::default_model();
    let lead = parse_lead(&lead("L-2", "Store Manager", None))
        .expect("lead")
        .into_owned();
    let mut a = serde_json::to_value(score(&lead, &with, now()).expect("score")).expect("json");
    let b = serde_json::to_value(score(&lead, &without, now()).expect("score")).expect("json");
    assert_eq!(a["variant"], "control");
    assert!(
        b.get("variant").is_none(),
        "no experiment, no `variant` key"
    );
    if let Some(object) = a.as_object_mut() {
        object.remove("variant");
    }
    assert_eq!(a, b);
}

#[test]
fn the_default_model_runs_no_experiment() {
    let model = Model::default_model();
    assert_eq!(model.spec().experiment, None);
    assert!(!model.to_json_pretty().contains("\"experiment\""));
    // A model with one shows it, and reads back the same.
    let with = model_with(experiment());
    let again = Model::from_json(&with.to_json_pretty()).expect("round trip");
    assert_eq!(again, with);
}

fn problems(experiment: Value) -> Vec<(String, String)> {
    match Model::from_json(&model_json_with(experiment)) {
        Ok(_) => Vec::new(),
        Err(e) => e
            .problems
            .into_iter()
            .map(|p| (p.path, p.message))
            .collect(),
    }
}

fn paths(experiment: Value) -> Vec<String> {
    problems(experiment).into_iter().map(|(p, _)| p).collect()
}

#[test]
fn validation_reports_every_problem_with_its_path() {
    assert_eq!(
        paths(json!({
            "id": " ",
            "variants": [
                {"name": "control", "weight": -1},
                {"name": "control", "weight": 0, "sales_review": {"fit": 101, "intent": -3}},
                {"name": "Lower Fit", "weight": 0, "borderline_margin": 60}
            ]
        })),
        [
            "experiment.id",
            "experiment.variants[1].name",
            "experiment.variants[0].weight",
            "experiment.variants[1].sales_review.fit",
            "experiment.variants[1].sales_review.intent",
            // intent −3 − margin 5 is below the passive cap: passive activity would reach review.
            "experiment.variants[1]",
            "experiment.variants[2].name",
            "experiment.variants[2].borderline_margin",
            // A margin of 60 lowers both floors below the caps.
            "experiment.variants[2]",
            "experiment.variants[2]",
            "experiment.variants",
        ]
    );
    assert_eq!(
        paths(json!({"id": "x", "variants": []})),
        ["experiment.variants"]
    );
    // Unknown keys are errors, as everywhere in a model.
    assert_eq!(
        paths(json!({"id": "x", "variants": [{"name": "a", "weight": 1, "thresholds": {}}]})),
        ["experiment.variants[0].thresholds"]
    );
}

#[test]
fn a_variant_must_keep_the_routing_invariants() {
    // The brief's example, 55/40 with the model's margin of 5, lets a lead that failed a
    // must-have (fit capped at 50) reach review as borderline (55 − 5 = 50): refused.
    let found = problems(json!({
        "id": EXPERIMENT_ID,
        "variants": [
            {"name": "control", "weight": 50},
            {"name": "lower_fit", "weight": 50, "sales_review": {"fit": 55, "intent": 40}}
        ]
    }));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "experiment.variants[1]");
    assert_eq!(
        found[0].1,
        "a failed must-have must keep fit out of sales review, even as borderline: cap 50 ≥ \
         experiment.variants[1].sales_review.fit − experiment.variants[1].borderline_margin = 50"
    );
    // Fit 20 with no margin: the disqualification floor (20) and the must-have cap (50) both reach it.
    assert_eq!(
        paths(
            json!({"id": "x", "variants": [{"name": "a", "weight": 1, "sales_review": {"fit": 20, "intent": 40}, "borderline_margin": 0}]})
        ),
        ["experiment.variants[0]", "experiment.variants[0]"]
    );
    assert!(problems(experiment()).is_empty());
}

#[test]
fn experiment_case_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("tests/cases")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("experiment_") && n.ends_with(".json"))
        })
        .collect();
    files.sort();
    assert!(files.len() >= 3, "expected experiment_*.json cases");
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let problems = run_case(path);
        if !problems.is_empty() {
            failures.push(format!("{name:?}: {}", problems.join("; ")));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn run_case(path: &Path) -> Vec<String> {
    let case: Value =
        serde_json::from_str(&fs::read_to_string(path).expect("read case")).expect("case is JSON");
    let model = model_with(case["experiment"].clone());
    let now = case["now"]
        .as_str()
        .and_then(Timestamp::parse_rfc3339)
        .expect("now");
    let lead = parse_lead(&case["lead"].to_string())
        .expect("lead")
        .into_owned();
    let result = score(&lead, &model, now).expect("score");
    let json = serde_json::to_value(&result).expect("json");
    let mut problems = Vec::new();
    let expect = case["expect_with_experiment"]
        .as_object()
        .expect("expect_with_experiment");
    for (key, want) in expect {
        let got = match key.as_str() {
            "variant" => json["variant"].clone(),
            "route" => json["route"].clone(),
            "route_reason" => json["route_reason"]["code"].clone(),
            "review_reasons" => json["review_reasons"].clone(),
            "route_reason_contains" => {
                let text = json["route_reason"]["text"].as_str().unwrap_or_default();
                let needle = want.as_str().unwrap_or_default();
                if !text.contains(needle) {
                    problems.push(format!("route reason {text:?} lacks {needle:?}"));
                }
                continue;
            }
            other => {
                problems.push(format!("unknown key {other:?}"));
                continue;
            }
        };
        if &got != want {
            problems.push(format!("{key}: expected {want}, got {got}"));
        }
    }
    problems
}
