//! Funnel metrics (`core::report`, `leadlens report`) on a hand-computed fixture, the statistics
//! against published values, and the CLI end to end.
//!
//! # The fixture (`tests/report/`), scored by the default model as of each lead's created_at
//!
//! `leads.ndjson`: 12 leads, 1 bad line (line 8: `company.employees: "lots"`), 1 blank line.
//!
//! | lead | route        | fit band | intent band | fit+intent | channel        | campaign     | created_at  |
//! |------|--------------|----------|-------------|-----------:|----------------|--------------|-------------|
//! | L-01 | sales_review | high     | high        | 95+86=181  | organic_search | ops-playbook | 11-02 09:00 |
//! | L-02 | sales_review | high     | high        | 181        | paid_search    | q4-demo      | 11-03 09:00 |
//! | L-03 | sales_review | high     | high        | 181        | paid_search    | q4-demo      | 11-04 09:00 |
//! | L-04 | sales_review | medium   | high        | 55+60=115  | referral       | –            | 11-05 09:00 |
//! | L-05 | sales_review | high     | high        | 77+60=137  | organic_search | ops-playbook | 11-06 09:00 |
//! | L-06 | nurture      | high     | low         | 95+2=97    | organic_search | ops-playbook | 11-07 09:00 |
//! | L-07 | nurture      | medium   | high        | 44+60=104  | paid_search    | q4-demo      | 11-08 09:00 |
//! | L-08 | nurture      | medium   | low         | 50+0=50    | –              | –            | 11-09 09:00 |
//! | L-09 | disqualify (student)    | low | medium | 0+50=50   | organic_search | –            | 11-10 09:00 |
//! | L-10 | disqualify (competitor) | low | low    | 0+0=0     | paid_search    | q4-demo      | 11-11 09:00 |
//! | L-11 | disqualify (vendor)     | low | medium | 0+50=50   | referral       | –            | 11-12 09:00 |
//! | L-12 | sales_review | high     | high        | 181        | referral       | –            | none (now)  |
//!
//! `outcomes.ndjson`: 17 lines, 2 bad (line 8: `outcome: "acepted"`; line 11: not JSON), 15
//! records. Latest decision per lead:
//! L-01 accepted 11-02 13:00 (4 h; snapshot model_version 2026-10-1) + opportunity_created;
//! L-02 accepted 11-03 19:00 (10 h) + won; L-03 rejected not_icp 11-05 (an `accepted` line written
//! later is dated earlier: the rejection is the latest); L-04 rejected `other` with a note;
//! L-05 recycled timing; L-06 accepted 11-08 15:00 (30 h); L-07 accepted 11-09 09:00 (24 h);
//! L-08 rejected without a reason; L-09 rejected student; L-10 rejected `other` without a note;
//! L-11 no decision; L-12 accepted (no created_at: speed skipped); L-999 accepted — not a lead.
//!
//! Overall, by hand:
//! - decided 11 (all but L-11): accepted 5 (01, 02, 06, 07, 12), rejected 5 (03, 04, 08, 09, 10),
//!   recycled 1 (05).
//! - lead → accepted 5/12. Accepted → opportunity: 01 (opportunity), 02 (won) = 2/5. Lead →
//!   won: 02 = 1/12.
//! - false positives: routed sales_review and decided = 01, 02, 03, 04, 05, 12 = 6; rejected 03,
//!   04 → 2/6. Feedback completion 6/6.
//! - speed: 4, 10, 24, 30 h (12 skipped) → median (10+24)/2 = 17, p90 at rank 3 × 0.9 = 2.7:
//!   24 + 0.7 × (30 − 24) = 28.2.
//! - clear reason: disqualified {09, 10, 11} ∪ rejected {03, 04, 08, 09, 10} = 6 leads; clear
//!   all but L-08 (rejected, no reason, not disqualified) → 5/6 (L-04: `other` with a note; L-10:
//!   `other` without one, but disqualified with a code).
//! - override: accepted while nurture: 06, 07; rejected while sales_review: 03, 04 → 4/11.
//! - top rejection reasons: other 2, (none) 1, not_icp 1, student 1.
//! - alignment by fit band (accepted/decided): low 0/2 (09, 10), medium 1/3 (07 of 04, 07, 08),
//!   high 4/6 (01, 02, 06, 12 of + 03, 05) → never falls. By route: disqualify 0/2, nurture 2/3,
//!   sales_review 3/6 → falls: nurture 0.6667 > sales_review 0.5.
//! - AUC of fit + intent: positives 181, 181, 181, 97, 104; negatives 181, 115, 50, 50, 0. Each
//!   181 beats 4 and ties 1 (4.5; × 3 = 13.5); 97 and 104 beat 50, 50, 0 (3 each) → 19.5 / 25 =
//!   0.78.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

use leadlens::core::model::Model;
use leadlens::core::ndjson;
use leadlens::core::outcome::{by_lead, parse_outcomes};
use leadlens::core::report::{
    self, auc, newcombe, quantile, wilson, InputCounts, LeadRow, Options, Report,
};
use leadlens::core::result::{Band, Route};
use leadlens::core::{parse_lead, Timestamp, DEFAULT_MODEL_JSON};

const NOW: &str = "2026-12-15T12:00:00Z";

fn ts(text: &str) -> Timestamp {
    Timestamp::parse_rfc3339(text).expect("timestamp")
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/report")
        .join(name)
}

/// The fixture through the core API, as the CLI reads it.
fn fixture_report(options: impl FnOnce(&mut Options)) -> Report {
    let model = Model::default_model();
    let leads = std::fs::read_to_string(fixture("leads.ndjson")).expect("leads");
    let mut rows = Vec::new();
    let mut counts = InputCounts::default();
    for line in leads.lines().filter(|l| !l.trim().is_empty()) {
        match parse_lead(line).and_then(|lead| report::row(&lead, &model, ts(NOW))) {
            Ok(row) => rows.push(row),
            Err(_) => counts.bad_lead_lines += 1,
        }
    }
    let outcomes = std::fs::read_to_string(fixture("outcomes.ndjson")).expect("outcomes");
    let (records, errors) = parse_outcomes(&outcomes);
    counts.outcome_records = records.len() as u64;
    counts.bad_outcome_lines = errors.len() as u64;
    let mut opts = Options::new(&model, ts(NOW));
    options(&mut opts);
    report::report(&rows, &by_lead(&records), counts, &opts)
}

fn to_json(report: &Report) -> Value {
    serde_json::to_value(report).expect("report serializes")
}

/// `{num, den, rate, ci95, small_sample}` with the interval computed independently (Python,
/// the Wilson formula with z = 1.959963984540054), rounded to 4 decimals.
fn rate(num: u64, den: u64, rate: f64, ci: [f64; 2]) -> Value {
    json!({"num": num, "den": den, "rate": rate, "ci95": ci, "small_sample": den < 30})
}

fn empty_rate() -> Value {
    json!({"num": 0, "den": 0, "rate": null, "ci95": null, "small_sample": true})
}

#[test]
fn every_overall_metric_of_the_fixture_is_exact() {
    let json = to_json(&fixture_report(|_| {}));
    assert_eq!(json["schema"], "leadlens.report/1");
    assert_eq!(
        json["model"],
        json!({"id": "brightline-default", "version": "2026-11-1"})
    );
    assert_eq!(json["now"], NOW);
    assert_eq!(json["scored_as_of"], "created_at");
    assert_eq!(json["window"], json!({"since": null, "until": null}));
    assert_eq!(
        json["input"],
        json!({
            "leads_read": 12, "bad_lead_lines": 1, "duplicate_leads": 0, "outside_window": 0,
            "undated_outside_window": 0, "leads": 12, "outcome_records": 15,
            "bad_outcome_lines": 2, "unknown_lead_ids": 1, "unknown_lead_records": 1,
            "unknown_lead_examples": ["L-999"]
        })
    );
    assert_eq!(
        json["overall"],
        json!({
            "leads": 12, "decided": 11, "accepted": 5, "rejected": 5, "recycled": 1,
            "lead_to_accepted": rate(5, 12, 0.4167, [0.1933, 0.6805]),
            "accepted_to_opportunity": rate(2, 5, 0.4, [0.1176, 0.7693]),
            "lead_to_won": rate(1, 12, 0.0833, [0.0149, 0.3539]),
            "false_positive": rate(2, 6, 0.3333, [0.0968, 0.7000]),
            "speed_to_acceptance": {"unit": "hours", "n": 4, "median": 17.0, "p90": 28.2,
                                    "skipped": 1, "small_sample": true},
            "clear_reason": rate(5, 6, 0.8333, [0.4365, 0.9699]),
            "feedback_completion": rate(6, 6, 1.0, [0.6097, 1.0]),
            "manual_override": rate(4, 11, 0.3636, [0.1517, 0.6462]),
            "top_rejection_reasons": [
                {"reason": "other", "count": 2}, {"reason": "(none)", "count": 1},
                {"reason": "not_icp", "count": 1}, {"reason": "student", "count": 1}
            ]
        })
    );
}

#[test]
fn alignment_of_the_fixture_is_exact() {
    let json = to_json(&fixture_report(|_| {}));
    assert_eq!(
        json["alignment"],
        json!({
            "by_fit_band": {
                "rates": [
                    {"key": "low", "num": 0, "den": 2, "rate": 0.0, "ci95": [0.0, 0.6576], "small_sample": true},
                    {"key": "medium", "num": 1, "den": 3, "rate": 0.3333, "ci95": [0.0615, 0.7923], "small_sample": true},
                    {"key": "high", "num": 4, "den": 6, "rate": 0.6667, "ci95": [0.3000, 0.9032], "small_sample": true}
                ],
                "monotone": true, "violation": null
            },
            "by_route": {
                "rates": [
                    {"key": "disqualify", "num": 0, "den": 2, "rate": 0.0, "ci95": [0.0, 0.6576], "small_sample": true},
                    {"key": "nurture", "num": 2, "den": 3, "rate": 0.6667, "ci95": [0.2077, 0.9385], "small_sample": true},
                    {"key": "sales_review", "num": 3, "den": 6, "rate": 0.5, "ci95": [0.1876, 0.8124], "small_sample": true}
                ],
                "monotone": false,
                "violation": {"lower": "nurture", "higher": "sales_review", "lower_rate": 0.6667, "higher_rate": 0.5}
            },
            "auc": {"score": "fit + intent", "value": 0.78, "positives": 5, "negatives": 5, "small_sample": true}
        })
    );
    // No experiment in the default model.
    assert_eq!(json["experiment"], Value::Null);
}

fn group<'a>(json: &'a Value, by: &str, key: &str) -> &'a Value {
    json["groups"][by]
        .as_array()
        .and_then(|groups| groups.iter().find(|g| g["key"] == key))
        .unwrap_or_else(|| panic!("no {by} group {key}"))
}

fn keys(json: &Value, by: &str) -> Vec<String> {
    json["groups"][by]
        .as_array()
        .map(|groups| {
            groups
                .iter()
                .map(|g| g["key"].as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn groups_of_the_fixture_are_exact() {
    let json = to_json(&fixture_report(|_| {}));
    // Fixed keys in order; categorical ones by leads, then key.
    assert_eq!(keys(&json, "fit_band"), ["low", "medium", "high"]);
    assert_eq!(keys(&json, "intent_band"), ["low", "medium", "high"]);
    assert_eq!(
        keys(&json, "route"),
        ["sales_review", "nurture", "disqualify"]
    );
    assert_eq!(
        keys(&json, "channel"),
        ["organic_search", "paid_search", "referral", "(none)"]
    );
    assert_eq!(
        keys(&json, "campaign"),
        ["(none)", "q4-demo", "ops-playbook"]
    );
    // L-01's decision carries a snapshot of the model it was made on.
    assert_eq!(keys(&json, "model_version"), ["2026-11-1", "2026-10-1"]);
    assert_eq!(keys(&json, "variant"), ["(none)"]);

    // High fit: 01, 02, 03, 05, 06, 12. Accepted 01, 02, 06, 12; rejected 03; recycled 05.
    // Routed sales_review: 01, 02, 03, 05, 12 (all decided; 03 rejected); override: 06
    // (accepted, nurture) and 03 (rejected, sales_review). Speed: 4, 10, 30 h → 10, p90 26.
    let high = group(&json, "fit_band", "high");
    assert_eq!(
        *high,
        json!({
            "key": "high", "leads": 6, "decided": 6, "accepted": 4, "rejected": 1, "recycled": 1,
            "lead_to_accepted": rate(4, 6, 0.6667, [0.3000, 0.9032]),
            "accepted_to_opportunity": rate(2, 4, 0.5, [0.1500, 0.8500]),
            "lead_to_won": rate(1, 6, 0.1667, [0.0301, 0.5635]),
            "false_positive": rate(1, 5, 0.2, [0.0362, 0.6245]),
            "speed_to_acceptance": {"unit": "hours", "n": 3, "median": 10.0, "p90": 26.0,
                                    "skipped": 1, "small_sample": true},
            "clear_reason": rate(1, 1, 1.0, [0.2065, 1.0]),
            "feedback_completion": rate(5, 5, 1.0, [0.5655, 1.0]),
            "manual_override": rate(2, 6, 0.3333, [0.0968, 0.7000]),
            "top_rejection_reasons": [{"reason": "not_icp", "count": 1}]
        })
    );
    // Low fit = the three disqualified leads: every one has a clear reason (its code).
    let low = group(&json, "fit_band", "low");
    assert_eq!(low["clear_reason"], rate(3, 3, 1.0, [0.4385, 1.0]));
    assert_eq!(low["feedback_completion"], empty_rate());
    assert_eq!(
        low["top_rejection_reasons"],
        json!([{"reason": "other", "count": 1}, {"reason": "student", "count": 1}])
    );
    // Medium: 04 (sales_review, rejected with other + note), 07 (nurture, accepted), 08
    // (nurture, rejected without a reason → not clear).
    let medium = group(&json, "fit_band", "medium");
    assert_eq!(medium["clear_reason"], rate(1, 2, 0.5, [0.0945, 0.9055]));
    assert_eq!(
        medium["manual_override"],
        rate(2, 3, 0.6667, [0.2077, 0.9385])
    );

    // False positives by source: organic 01, 05 decided in review, none rejected; paid 02, 03
    // (03 rejected); referral 04, 12 (04 rejected); no channel: none in review.
    let fp = |key| group(&json, "channel", key)["false_positive"].clone();
    assert_eq!(fp("organic_search"), rate(0, 2, 0.0, [0.0, 0.6576]));
    assert_eq!(fp("paid_search"), rate(1, 2, 0.5, [0.0945, 0.9055]));
    assert_eq!(fp("referral"), rate(1, 2, 0.5, [0.0945, 0.9055]));
    assert_eq!(fp("(none)"), empty_rate());

    // By route: sales_review accepted 01, 02, 12 of 6; speed 4 and 10 h → 7, p90 9.4.
    let review = group(&json, "route", "sales_review");
    assert_eq!(
        review["lead_to_accepted"],
        rate(3, 6, 0.5, [0.1876, 0.8124])
    );
    assert_eq!(
        review["accepted_to_opportunity"],
        rate(2, 3, 0.6667, [0.2077, 0.9385])
    );
    assert_eq!(review["speed_to_acceptance"]["median"], 7.0);
    assert_eq!(review["speed_to_acceptance"]["p90"], 9.4);

    let old = group(&json, "model_version", "2026-10-1");
    assert_eq!(
        (old["leads"].clone(), old["accepted"].clone()),
        (json!(1), json!(1))
    );
}

#[test]
fn the_window_filters_leads_by_created_at() {
    // since ≤ created_at < until: L-04 … L-08. L-12 has no created_at: out, counted apart.
    let json = to_json(&fixture_report(|o| {
        o.since = Some(ts("2026-11-05T09:00:00Z"));
        o.until = Some(ts("2026-11-10T09:00:00Z"));
    }));
    assert_eq!(json["input"]["leads"], 5);
    assert_eq!(json["input"]["outside_window"], 6);
    assert_eq!(json["input"]["undated_outside_window"], 1);
    // Outcomes of leads outside the window are not "unknown".
    assert_eq!(json["input"]["unknown_lead_ids"], 1);
    // 04 rejected, 05 recycled, 06 accepted, 07 accepted, 08 rejected.
    let overall = &json["overall"];
    assert_eq!(
        (overall["decided"].clone(), overall["accepted"].clone()),
        (json!(5), json!(2))
    );
    assert_eq!(overall["lead_to_accepted"]["num"], 2);
    assert_eq!(overall["speed_to_acceptance"]["median"], 27.0);
}

#[test]
fn wilson_matches_published_values() {
    // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I,
    // method 3 (score interval without continuity correction).
    let round = |(l, h): (f64, f64)| ((l * 1e4).round() / 1e4, (h * 1e4).round() / 1e4);
    assert_eq!(wilson(81, 263).map(round), Some((0.2553, 0.3662)));
    assert_eq!(wilson(15, 148).map(round), Some((0.0624, 0.1605)));
    assert_eq!(wilson(0, 20).map(round), Some((0.0, 0.1611)));
    assert_eq!(wilson(1, 29).map(round), Some((0.0061, 0.1718)));
    assert_eq!(wilson(3, 0), None);
}

#[test]
fn newcombe_matches_published_values() {
    // Newcombe (1998), "Interval estimation for the difference between independent
    // proportions", Table II, method 10 (score interval without continuity correction).
    let round = |(d, l, h): (f64, f64, f64)| {
        (
            (d * 1e4).round() / 1e4,
            (l * 1e4).round() / 1e4,
            (h * 1e4).round() / 1e4,
        )
    };
    assert_eq!(
        newcombe((56, 70), (48, 80)).map(round),
        Some((0.2, 0.0524, 0.3339))
    );
    assert_eq!(
        newcombe((9, 10), (3, 10)).map(round),
        Some((0.6, 0.1705, 0.8090))
    );
    assert_eq!(
        newcombe((5, 56), (0, 29)).map(round),
        Some((0.0893, -0.0381, 0.1926))
    );
    assert_eq!(newcombe((1, 0), (1, 2)), None);
}

#[test]
fn auc_counts_ties_as_one_half() {
    // Pairs (3 × 4 = 12): 3 beats 1, 2, 2 and ties 3 → 3.5; 2 beats 1, ties 2, 2 → 2; 1 ties 1
    // → 0.5. (3.5 + 2 + 0.5) / 12 = 0.5.
    assert_eq!(auc(&[3, 2, 1], &[1, 2, 2, 3]), Some(0.5));
    // The fixture's scores (see the module comment): 19.5 / 25.
    assert_eq!(
        auc(&[181, 181, 181, 97, 104], &[181, 115, 50, 50, 0]),
        Some(0.78)
    );
    assert_eq!(auc(&[10, 20], &[1, 2]), Some(1.0));
    assert_eq!(auc(&[1, 2], &[10, 20]), Some(0.0));
    assert_eq!(auc(&[5, 5], &[5]), Some(0.5));
    assert_eq!(auc(&[], &[1]), None);
    assert_eq!(auc(&[1], &[]), None);
}

#[test]
fn quantiles_interpolate_between_ranks() {
    assert_eq!(quantile(&[4.0, 10.0, 24.0, 30.0], 0.5), Some(17.0));
    assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0, 5.0], 0.9), Some(4.6));
    assert_eq!(quantile(&[7.0], 0.9), Some(7.0));
    assert_eq!(quantile(&[], 0.5), None);
}

fn row(id: &str, variant: &str, route: Route) -> LeadRow {
    LeadRow {
        lead_id: id.to_string(),
        created_at: Some(ts("2026-11-01T00:00:00Z")),
        channel: None,
        campaign: None,
        fit: 70,
        intent: 50,
        fit_band: Band::High,
        intent_band: Band::Medium,
        route,
        disqualification: None,
        model_version: "v1".to_string(),
        variant: Some(variant.to_string()),
    }
}

/// Outcome lines accepting (or rejecting) the given leads one hour after creation.
fn decisions(ids: &[(String, &str)]) -> String {
    ids.iter()
        .map(|(id, outcome)| {
            let reason = if *outcome == "rejected" {
                r#", "reason_code": "not_icp""#
            } else {
                ""
            };
            format!(
                "{{\"lead_id\": \"{id}\", \"outcome\": \"{outcome}\", \"decided_at\": \"2026-11-01T01:00:00Z\"{reason}}}\n"
            )
        })
        .collect()
}

fn experiment_options(model: &Model) -> Options {
    let mut options = Options::new(model, ts(NOW));
    options.experiment = Some((
        "exp-1".to_string(),
        vec!["control".to_string(), "lower_fit".to_string()],
    ));
    options
}

#[test]
fn variants_are_compared_with_the_control_and_a_verdict() {
    // Newcombe's published pair 56/70 vs 48/80: lower_fit 70 leads with 56 accepted, control 80
    // with 48; every other lead rejected.
    let mut rows = Vec::new();
    let mut outcomes = Vec::new();
    for i in 0..80 {
        let id = format!("c-{i}");
        rows.push(row(&id, "control", Route::SalesReview));
        outcomes.push((id, if i < 48 { "accepted" } else { "rejected" }));
    }
    for i in 0..70 {
        let id = format!("v-{i}");
        rows.push(row(&id, "lower_fit", Route::SalesReview));
        outcomes.push((id, if i < 56 { "accepted" } else { "rejected" }));
    }
    let (records, errors) = parse_outcomes(&decisions(&outcomes));
    assert!(errors.is_empty());
    let model = Model::default_model();
    let report = report::report(
        &rows,
        &by_lead(&records),
        InputCounts::default(),
        &experiment_options(&model),
    );
    let json = to_json(&report);
    assert_eq!(keys(&json, "variant"), ["control", "lower_fit"]);
    let e = &json["experiment"];
    assert_eq!(e["id"], "exp-1");
    assert_eq!(e["control"], "control");
    let v = &e["variants"][0];
    assert_eq!(v["variant"], "lower_fit");
    // Newcombe's 56/70 − 48/80: +0.2 (0.0524 to 0.3339), both groups ≥ 30 → meaningful.
    assert_eq!(v["lead_to_accepted"]["difference"], 0.2);
    assert_eq!(v["lead_to_accepted"]["ci95"], json!([0.0524, 0.3339]));
    assert_eq!(v["lead_to_accepted"]["meaningful"], true);
    assert_eq!(
        v["lead_to_accepted"]["verdict"],
        "yes: the interval excludes 0"
    );
    // False positives: every lead was sent to review and decided: 14/70 vs 32/80.
    assert_eq!(v["false_positive"]["variant"]["num"], 14);
    assert_eq!(v["false_positive"]["control"]["num"], 32);
    assert_eq!(v["false_positive"]["difference"], -0.2);
    assert_eq!(v["false_positive"]["meaningful"], true);
    assert_eq!(
        v["median_hours_to_acceptance"],
        json!({"control": 1.0, "variant": 1.0})
    );
}

#[test]
fn a_small_experiment_is_not_meaningful_yet() {
    // 9/10 vs 3/10: the interval (0.1705 to 0.8090) excludes 0, but 10 leads a side is small.
    let mut rows = Vec::new();
    let mut outcomes = Vec::new();
    for (variant, accepted) in [("control", 3), ("lower_fit", 9)] {
        for i in 0..10 {
            let id = format!("{variant}-{i}");
            rows.push(row(&id, variant, Route::Nurture));
            outcomes.push((id, if i < accepted { "accepted" } else { "rejected" }));
        }
    }
    let (records, _) = parse_outcomes(&decisions(&outcomes));
    let model = Model::default_model();
    let json = to_json(&report::report(
        &rows,
        &by_lead(&records),
        InputCounts::default(),
        &experiment_options(&model),
    ));
    let d = &json["experiment"]["variants"][0]["lead_to_accepted"];
    assert_eq!(d["ci95"], json!([0.1705, 0.809]));
    assert_eq!(d["meaningful"], false);
    assert_eq!(d["verdict"], "not yet: small sample");
    // Nothing was routed to review: no false-positive comparison possible.
    let fp = &json["experiment"]["variants"][0]["false_positive"];
    assert_eq!(fp["difference"], Value::Null);
    assert_eq!(fp["verdict"], "no data");
}

#[test]
fn a_repeated_lead_id_counts_once() {
    let rows = vec![
        row("A", "control", Route::SalesReview),
        row("A", "control", Route::Nurture),
    ];
    let model = Model::default_model();
    let json = to_json(&report::report(
        &rows,
        &Default::default(),
        InputCounts::default(),
        &Options::new(&model, ts(NOW)),
    ));
    assert_eq!(json["input"]["duplicate_leads"], 1);
    assert_eq!(json["overall"]["leads"], 1);
    assert_eq!(group(&json, "route", "sales_review")["leads"], 1);
    // No model experiment: the variant a row carries is grouped, but not compared.
    assert_eq!(keys(&json, "variant"), ["control"]);
    assert_eq!(json["experiment"], Value::Null);
}

/// Exports of won deals carry no reviewer decisions (the Olist marketing funnel: MQLs and the
/// deals won, `examples/olist/`). Conversion is still counted, overall and by channel and
/// campaign; the rates that need decisions stay empty. (Before `lead_to_won`, such a report said
/// only "lead → accepted 0/8000" and nothing about the 842 won deals.)
#[test]
fn won_records_without_decisions_are_conversions() {
    let model = Model::default_model();
    let lead = |id: &str, channel: &str, page: &str| {
        let json = json!({"id": id, "created_at": "2018-02-01T00:00:00Z",
                          "source": {"channel": channel, "campaign": page}});
        let text = json.to_string();
        let lead = parse_lead(&text).expect("lead");
        report::row(&lead, &model, ts(NOW)).expect("row")
    };
    let rows = vec![
        lead("m1", "organic_search", "lp-1"),
        lead("m2", "organic_search", "lp-1"),
        lead("m3", "organic_search", "lp-2"),
        lead("m4", "paid_search", "lp-2"),
    ];
    let (records, errors) = parse_outcomes(concat!(
        r#"{"lead_id": "m1", "outcome": "won", "at": "2018-03-01T10:00:00Z"}"#,
        "\n",
        r#"{"lead_id": "m4", "outcome": "won", "at": "2018-02-20T16:30:00Z"}"#,
        "\n",
    ));
    assert!(errors.is_empty(), "{errors:?}");
    let counts = InputCounts {
        outcome_records: 2,
        ..InputCounts::default()
    };
    let json = to_json(&report::report(
        &rows,
        &by_lead(&records),
        counts,
        &Options::new(&model, ts(NOW)),
    ));
    let overall = &json["overall"];
    assert_eq!(overall["lead_to_won"], rate(2, 4, 0.5, [0.15, 0.85]));
    assert_eq!(overall["decided"], 0);
    assert_eq!(overall["lead_to_accepted"], rate(0, 4, 0.0, [0.0, 0.4899]));
    assert_eq!(overall["accepted_to_opportunity"], empty_rate());
    let won = |by: &str, key: &str| group(&json, by, key)["lead_to_won"].clone();
    assert_eq!(
        won("channel", "organic_search"),
        rate(1, 3, 0.3333, [0.0615, 0.7923])
    );
    assert_eq!(
        won("channel", "paid_search"),
        rate(1, 1, 1.0, [0.2065, 1.0])
    );
    assert_eq!(won("campaign", "lp-1"), rate(1, 2, 0.5, [0.0945, 0.9055]));
    assert_eq!(won("campaign", "lp-2"), rate(1, 2, 0.5, [0.0945, 0.9055]));
    assert_eq!(json["input"]["unknown_lead_ids"], 0);
}

#[test]
fn scoring_is_as_of_created_at_without_later_events() {
    let model = Model::default_model();
    // A demo request a week after the lead arrived: routing could not have seen it.
    let lead = parse_lead(
        r#"{"id": "L-1", "created_at": "2026-11-01T09:00:00Z",
            "company": {"name": "Acme Logistics", "industry": "logistics", "employees": 240, "country": "US"},
            "contact": {"email": "dana@acmelogistics.com", "title": "Director of Operations"},
            "events": [{"type": "demo_request", "at": "2026-11-08T09:00:00Z"}]}"#,
    )
    .expect("lead");
    let as_created = report::row(&lead, &model, ts(NOW)).expect("row");
    assert_eq!(as_created.intent, 0);
    assert_eq!(as_created.route, Route::Nurture);
    let seen_later = report::as_of(&lead, ts("2026-11-08T09:00:00Z"));
    assert_eq!(seen_later.events.len(), 1);
    assert_eq!(
        report::as_of(&lead, ts("2026-11-01T09:00:00Z"))
            .events
            .len(),
        0
    );
}

// ---- the binary ------------------------------------------------------------------------------

fn leadlens(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_leadlens"))
        .args(args)
        .output()
        .expect("run leadlens")
}

fn fixture_args<'a>(leads: &'a str, outcomes: &'a str, format: &'a str) -> Vec<&'a str> {
    vec![
        "report",
        "--leads",
        leads,
        "--outcomes",
        outcomes,
        "--now",
        NOW,
        "--format",
        format,
    ]
}

fn path_str(path: &Path) -> String {
    path.to_str().expect("UTF-8 path").to_string()
}

/// `ndjson::report` (what the CLI and the dashboard's wasm call) reads the files as the
/// fixture does above, and keeps each bad line with its file, number and path, in file order.
#[test]
fn ndjson_report_is_the_fixture_report_with_every_bad_line() {
    let model = Model::default_model();
    let (leads, outcomes) = (
        std::fs::read(fixture("leads.ndjson")).expect("leads"),
        std::fs::read(fixture("outcomes.ndjson")).expect("outcomes"),
    );
    let (report, bad) = ndjson::report(&leads, &outcomes, &model, &Options::new(&model, ts(NOW)));
    assert_eq!(report, fixture_report(|_| {}));
    let bad: Vec<Value> = bad
        .iter()
        .map(|b| serde_json::to_value(b).expect("serializes"))
        .collect();
    assert_eq!(bad.len(), 3, "{bad:?}");
    assert_eq!(
        (
            &bad[0]["input"],
            &bad[0]["line"],
            &bad[0]["code"],
            &bad[0]["path"]
        ),
        (
            &json!("leads"),
            &json!(8),
            &json!("invalid_field"),
            &json!("company.employees")
        )
    );
    assert_eq!(
        (&bad[1]["input"], &bad[1]["line"], &bad[1]["path"]),
        (&json!("outcomes"), &json!(8), &json!("outcome"))
    );
    assert_eq!(
        (&bad[2]["input"], &bad[2]["line"], &bad[2]["code"]),
        (&json!("outcomes"), &json!(11), &json!("invalid_json"))
    );
    // A lead that reads but cannot be scored (no usable id) is a bad line too, in line order.
    let (report, bad) = ndjson::report(
        b"{\"id\": \" \"}\n\n{\"id\": \"L-1\"}\n{\"id\": 7, \"company\": {\"employees\": \"lots\"}}\n",
        b"",
        &model,
        &Options::new(&model, ts(NOW)),
    );
    assert_eq!(report.input.leads_read, 1);
    assert_eq!(report.input.bad_lead_lines, 2);
    let where_: Vec<(usize, &str)> = bad
        .iter()
        .map(|b| (b.line, b.error.path.as_str()))
        .collect();
    assert_eq!(where_, [(1, "id"), (4, "company.employees")]);
}

#[test]
fn cli_json_is_the_core_report_and_bad_lines_exit_1() {
    let (leads, outcomes) = (
        path_str(&fixture("leads.ndjson")),
        path_str(&fixture("outcomes.ndjson")),
    );
    let out = leadlens(&fixture_args(&leads, &outcomes, "json"));
    assert_eq!(out.status.code(), Some(1), "bad lines → exit 1");
    let printed: Value = serde_json::from_slice(&out.stdout).expect("stdout is one JSON object");
    assert_eq!(printed, to_json(&fixture_report(|_| {})));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 4, "{stderr}");
    assert!(
        lines[0].starts_with(&format!("{leads}:8: company.employees: ")),
        "{stderr}"
    );
    assert!(
        lines[1].starts_with(&format!("{outcomes}:8: outcome: expected one of accepted")),
        "{stderr}"
    );
    assert!(
        lines[2].starts_with(&format!("{outcomes}:11: invalid JSON: ")),
        "{stderr}"
    );
    assert_eq!(lines[3], "leadlens: 3 bad lines skipped (see above)");
}

#[test]
fn cli_table_is_readable() {
    let (leads, outcomes) = (
        path_str(&fixture("leads.ndjson")),
        path_str(&fixture("outcomes.ndjson")),
    );
    let out = leadlens(&fixture_args(&leads, &outcomes, "table"));
    assert_eq!(out.status.code(), Some(1));
    let table = String::from_utf8_lossy(&out.stdout);
    for line in [
        "leadlens report · model brightline-default 2026-11-1 · leads scored as of their created_at (else 2026-12-15T12:00:00Z)",
        "Input: 12 leads read (1 bad line), 15 outcome records (2 bad lines)",
        "Outcomes for unknown leads: 1 record for 1 lead id not in the leads file (L-999)",
        "Overall: 12 leads, 11 decided (5 accepted, 5 rejected, 1 recycled)",
        "  Lead → accepted                        41.7% 5/12*      95% CI 19.3–68.0%",
        "  Lead → won                             8.3% 1/12*       95% CI 1.5–35.4%",
        "  False positives (sales review)         33.3% 2/6*       95% CI 9.7–70.0%",
        "  Speed to acceptance                    median 17.0 h, p90 28.2 h (n=4, 1 skipped)*",
        "  Top rejection reasons                  other 2, (none) 1, not_icp 1, student 1",
        "  By route:     disqualify 0.0% 0/2* · nurture 66.7% 2/3* · sales_review 50.0% 3/6* — FALLS: nurture 66.7% > sales_review 50.0%",
        "  AUC of fit + intent, accepted vs rejected: 0.780 (5 accepted, 5 rejected)*",
        "  high       6       6 66.7% 4/6* 50.0% 2/4* 16.7% 1/6*  20.0% 1/5*  100.0% 1/1* 100.0% 5/5* 33.3% 2/6*     10.0  26.0",
        "  paid_search        4       4 50.0% 2/4* 50.0% 1/2* 25.0% 1/4* 50.0% 1/2*  100.0% 2/2* 100.0% 2/2* 50.0% 2/4*     17.0  22.6",
    ] {
        assert!(
            table.lines().any(|l| l == line),
            "missing line {line:?} in:\n{table}"
        );
    }
}

#[test]
fn cli_with_clean_files_exits_0_and_compares_variants() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut model: Value = serde_json::from_str(DEFAULT_MODEL_JSON).expect("model");
    model["experiment"] = json!({"id": "sales-review-threshold-2026-12", "variants": [
        {"name": "control", "weight": 50},
        {"name": "lower_fit", "weight": 50, "sales_review": {"fit": 55, "intent": 40}, "borderline_margin": 4}
    ]});
    let model_path = dir.path().join("model.json");
    std::fs::write(&model_path, model.to_string()).expect("write model");
    // L-1 → lower_fit, L-2 → control (see tests/experiment.rs).
    let lead = |id: &str| {
        json!({"id": id, "created_at": "2026-11-22T08:00:00Z",
               "company": {"name": "Northwind Retail", "industry": "retail", "employees": 600, "country": "FR", "annual_revenue": 48000000},
               "contact": {"email": "a.martin@northwind.com", "title": "Senior Analyst"},
               "form": {"type": "consultation_request", "message": "We need help with our warehouse process."}})
        .to_string()
    };
    let leads_path = dir.path().join("leads.ndjson");
    std::fs::write(&leads_path, format!("{}\n{}\n", lead("L-1"), lead("L-2"))).expect("leads");
    let outcomes_path = dir.path().join("outcomes.ndjson");
    std::fs::write(
        &outcomes_path,
        "{\"lead_id\": \"L-1\", \"outcome\": \"accepted\", \"decided_at\": \"2026-11-22T10:00:00Z\"}\n",
    )
    .expect("outcomes");
    let (m, l, o) = (
        path_str(&model_path),
        path_str(&leads_path),
        path_str(&outcomes_path),
    );
    let mut args = fixture_args(&l, &o, "json");
    args.extend(["--model", m.as_str()]);
    let out = leadlens(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty());
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(keys(&json, "variant"), ["control", "lower_fit"]);
    // Fit 54: the lower_fit lead went to review (borderline), the control lead to nurture.
    assert_eq!(
        group(&json, "variant", "lower_fit")["feedback_completion"]["num"],
        1
    );
    assert_eq!(
        group(&json, "variant", "control")["feedback_completion"]["den"],
        0
    );
    let compared = &json["experiment"]["variants"][0];
    assert_eq!(compared["variant"], "lower_fit");
    assert_eq!(compared["lead_to_accepted"]["difference"], 1.0);
    assert_eq!(
        compared["lead_to_accepted"]["verdict"],
        "not yet: small sample"
    );
    assert_eq!(
        compared["median_hours_to_acceptance"],
        json!({"control": null, "variant": 2.0})
    );

    // The table says the same in words.
    let mut args = fixture_args(&l, &o, "table");
    args.extend(["--model", m.as_str()]);
    let table = String::from_utf8_lossy(&leadlens(&args).stdout).into_owned();
    assert!(
        table.contains("Experiment sales-review-threshold-2026-12 (each variant against control)"),
        "{table}"
    );
    assert!(
        table.contains("  lower_fit: lead → accepted 100.0% vs 0.0%: +100.0 points (95% CI "),
        "{table}"
    );
}

#[test]
fn cli_usage_problems_exit_2() {
    let out = leadlens(&[
        "report",
        "--leads",
        "/nonexistent/leads.ndjson",
        "--outcomes",
        "x",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/leads.ndjson"));
    let out = leadlens(&[
        "report",
        "--leads",
        "a",
        "--outcomes",
        "b",
        "--since",
        "yesterday",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn cli_table_says_when_there_are_no_decisions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (leads, outcomes) = (
        dir.path().join("leads.ndjson"),
        dir.path().join("won.ndjson"),
    );
    std::fs::write(
        &leads,
        "{\"id\": \"m1\", \"created_at\": \"2018-02-01T00:00:00Z\"}\n\
         {\"id\": \"m2\", \"created_at\": \"2018-02-02T00:00:00Z\"}\n",
    )
    .expect("write leads");
    std::fs::write(
        &outcomes,
        "{\"lead_id\": \"m1\", \"outcome\": \"won\", \"at\": \"2018-03-01T10:00:00Z\"}\n",
    )
    .expect("write outcomes");
    let (leads, outcomes) = (path_str(&leads), path_str(&outcomes));
    let out = leadlens(&fixture_args(&leads, &outcomes, "table"));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("  No reviewer decisions in the outcomes: acceptance, false positives"),
        "{table}"
    );
    assert!(table.contains("Lead → won"), "{table}");
    // With decisions (the fixture), the note is absent.
    let (leads, outcomes) = (
        path_str(&fixture("leads.ndjson")),
        path_str(&fixture("outcomes.ndjson")),
    );
    let out = leadlens(&fixture_args(&leads, &outcomes, "table"));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("No reviewer decisions"));
}
