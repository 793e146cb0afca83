//! The `leadlens` binary, run for real: files, stdin, exit codes, stdout and stderr.

use std::io::{Read, Write};
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

use leadlens::core::{Model, Timestamp};

const NOW: &str = "2026-11-22T12:00:00Z";

const IDEAL_BUYER: &str = r#"{"id": "L-ideal", "created_at": "2026-11-21T09:00:00Z", "company": {"name": "Acme Logistics", "domain": "acmelogistics.com", "industry": "logistics", "employees": 240, "annual_revenue": 48000000, "country": "US"}, "contact": {"name": "Dana Ruiz", "email": "dana.ruiz@acmelogistics.com", "title": "Director of Operations"}, "form": {"type": "consultation_request", "message": "Our order-to-cash process is a bottleneck. We have budget approved for Q1."}, "consent": {"email": true, "phone": true}}"#;
const STUDENT: &str =
    r#"{"id": "L-student", "contact": {"title": "Student", "email": "kim@stateu.edu"}}"#;
const COMPETITOR: &str = r#"{"id": 77, "company": {"name": "NorthPeak", "domain": "northpeak.co"}, "contact": {"email": "alex@northpeak.co", "title": "VP Operations"}}"#;

fn leadlens(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_leadlens"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn leadlens");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    // A command that does not read stdin may exit first; a failed write is then expected.
    let _ = pipe.write_all(stdin.as_bytes());
    drop(pipe);
    child.wait_with_output().expect("wait for leadlens")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn json_lines(bytes: &[u8]) -> Vec<Value> {
    text(bytes)
        .lines()
        .map(|line| serde_json::from_str(line).expect("every output line is JSON"))
        .collect()
}

fn temp_file(contents: &str) -> tempfile::NamedTempFile {
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    file.write_all(contents.as_bytes())
        .expect("write temp file");
    file
}

fn path_of(file: &tempfile::NamedTempFile) -> &str {
    file.path().to_str().expect("temp path is UTF-8")
}

fn ndjson(lines: &[&str]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
}

#[test]
fn bad_lines_are_reported_with_line_and_path_and_good_lines_still_scored() {
    let input = ndjson(&[
        IDEAL_BUYER,
        STUDENT,
        r#"{"id": "broken", "company": "#,
        "",
        r#"{"id": "L-lots", "company": {"employees": "lots"}}"#,
        r#"{"company": {"name": "No Id Inc"}}"#,
        COMPETITOR,
    ]);
    let file = temp_file(&input);
    let out = leadlens(
        &[
            "score",
            "--now",
            NOW,
            "--error-format",
            "json",
            path_of(&file),
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1), "stderr: {}", text(&out.stderr));

    let ids: Vec<Value> = json_lines(&out.stdout)
        .iter()
        .map(|r| r["lead_id"].clone())
        .collect();
    assert_eq!(ids, [json!("L-ideal"), json!("L-student"), json!("77")]);

    // Line numbers count every physical line, blank ones included.
    let expected = [
        json!({"line": 3, "code": "invalid_json", "path": ""}),
        json!({"line": 5, "code": "invalid_field", "path": "company.employees"}),
        json!({"line": 6, "code": "missing_field", "path": "id"}),
    ];
    let stderr = json_lines(&out.stderr);
    assert_eq!(stderr.len(), expected.len() + 1, "{stderr:?}");
    for (got, want) in stderr.iter().zip(&expected) {
        for key in ["line", "code", "path"] {
            assert_eq!(got[key], want[key], "{key} of {got}");
        }
        assert!(got["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    assert_eq!(
        stderr.last(),
        Some(&json!({"summary": {"scored": 3, "failed": 3}}))
    );
}

#[test]
fn text_errors_name_the_line_and_the_field() {
    let input = ndjson(&[
        IDEAL_BUYER,
        r#"{"id": "x", "company": {"employees": "lots"}}"#,
    ]);
    let out = leadlens(&["score", "--now", NOW, "--error-format", "text"], &input);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("line 2: company.employees: invalid value"),
        "{stderr}"
    );
    assert!(stderr.contains("scored 1 leads, 1 failed"), "{stderr}");
}

#[test]
fn all_good_input_exits_zero_with_one_result_per_lead() {
    let input = ndjson(&[IDEAL_BUYER, STUDENT, COMPETITOR]);
    let out = leadlens(&["score", "--now", NOW], &input);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let results = json_lines(&out.stdout);
    let routes: Vec<&str> = results
        .iter()
        .map(|r| r["route"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(routes, ["sales_review", "disqualify", "disqualify"]);
    assert_eq!(results[1]["disqualification"]["code"], "student");
    assert_eq!(results[2]["disqualification"]["code"], "competitor");
    assert_eq!(
        json_lines(&out.stderr),
        [json!({"summary": {"scored": 3, "failed": 0}})]
    );
}

#[test]
fn stdin_is_read_with_a_dash_or_without_a_file() {
    for args in [
        vec!["score", "--now", NOW, "-"],
        vec!["score", "--now", NOW],
    ] {
        let out = leadlens(&args, &ndjson(&[STUDENT]));
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(
            json_lines(&out.stdout)[0]["lead_id"],
            "L-student",
            "{args:?}"
        );
    }
}

#[test]
fn a_fixed_now_makes_output_reproducible() {
    let input = ndjson(&[IDEAL_BUYER, STUDENT, COMPETITOR]);
    let first = leadlens(&["score", "--now", NOW], &input);
    let second = leadlens(&["score", "--now", NOW], &input);
    assert!(!first.stdout.is_empty());
    assert_eq!(first.stdout, second.stdout);
    assert_eq!(json_lines(&first.stdout)[0]["scored_at"], NOW);

    // A later `now` decays the consultation request: same lead, different intent.
    let later = leadlens(&["score", "--now", "2027-01-22T12:00:00Z"], &input);
    assert_ne!(
        json_lines(&first.stdout)[0]["intent"]["score"],
        json_lines(&later.stdout)[0]["intent"]["score"]
    );
}

#[test]
fn now_defaults_to_the_system_clock() {
    let out = leadlens(&["score"], &ndjson(&[STUDENT]));
    let scored_at = json_lines(&out.stdout)[0]["scored_at"].clone();
    let scored_at = Timestamp::parse_rfc3339(scored_at.as_str().unwrap_or_default())
        .expect("scored_at is RFC 3339");
    let clock = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis();
    let clock = i64::try_from(clock).expect("millis fit i64");
    assert!((clock - scored_at.millis()).abs() < 60_000, "{scored_at}");
}

#[test]
fn a_custom_model_is_used() {
    let mut model: Value =
        serde_json::from_str(&Model::default_model().to_json_pretty()).expect("model show is JSON");
    model["id"] = json!("my-model");
    let file = temp_file(&model.to_string());
    let out = leadlens(
        &["score", "--now", NOW, "--model", path_of(&file)],
        &ndjson(&[STUDENT]),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(json_lines(&out.stdout)[0]["model"]["id"], "my-model");
}

#[test]
fn usage_and_io_problems_exit_2_with_a_message() {
    let invalid_model = temp_file(r#"{"id": "half a model"}"#);
    let cases: &[(&[&str], &str)] = &[
        (&["score", "--now", "yesterday"], "--now"),
        (&["score", "--now", "2026-13-01T00:00:00Z"], "RFC 3339"),
        (&["score", "--error-format", "xml"], "xml"),
        (&["score", "--frobnicate"], "--frobnicate"),
        (
            &["score", "/no/such/leads.ndjson"],
            "leadlens: cannot read /no/such/leads.ndjson: ",
        ),
        (
            &["explain", "/no/such/leads.ndjson"],
            "leadlens: cannot read /no/such/leads.ndjson: ",
        ),
        (
            &["score", "--model", "/no/such/model.json"],
            "leadlens: cannot read /no/such/model.json: ",
        ),
        (
            &["score", "--model", path_of(&invalid_model)],
            "invalid model",
        ),
        (
            &["model", "validate", "/no/such/model.json"],
            "leadlens: cannot read /no/such/model.json: ",
        ),
        (&["model"], "Usage"),
        (&["frobnicate"], "Usage"),
    ];
    for (args, message) in cases {
        let out = leadlens(args, &ndjson(&[STUDENT]));
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn the_default_model_round_trips_through_model_validate() {
    let shown = leadlens(&["model", "show"], "");
    assert_eq!(shown.status.code(), Some(0));
    let file = temp_file(&text(&shown.stdout));
    let out = leadlens(&["model", "validate", path_of(&file)], "");
    let default = Model::default_model();
    assert_eq!(
        text(&out.stdout),
        format!("ok: {} {}\n", default.id(), default.version())
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        Model::from_json(&text(&shown.stdout)).ok(),
        Some(default),
        "model show prints the embedded model"
    );
}

#[test]
fn model_validate_lists_every_problem_with_its_path() {
    let mut model: Value =
        serde_json::from_str(&Model::default_model().to_json_pretty()).expect("model show is JSON");
    model["bands"]["fit"]["medium"] = json!(90); // above bands.fit.high
    model["intent"]["signals"][0]["half_life_days"] = json!(-3);
    model["intent"]["page_rules"][0]["signal"] = json!("telepathy");
    let file = temp_file(&model.to_string());
    let out = leadlens(&["model", "validate", path_of(&file)], "");
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    for path in [
        "bands.fit.medium: ",
        "intent.signals[0].half_life_days: ",
        "intent.page_rules[0].signal: ",
    ] {
        assert!(
            stdout.lines().any(|line| line.starts_with(path)),
            "{path} missing in:\n{stdout}"
        );
    }
    assert!(stdout.contains("telepathy"), "{stdout}");
}

#[test]
fn model_validate_rejects_invalid_json() {
    let file = temp_file(r#"{"id": "brightline", "#);
    let out = leadlens(&["model", "validate", path_of(&file)], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("not valid JSON"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn explain_shows_verdict_evidence_and_next_action() {
    let out = leadlens(&["explain", "--now", NOW], &ndjson(&[IDEAL_BUYER, STUDENT]));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    for expected in [
        "== L-ideal: Acme Logistics",
        "Dana Ruiz, Director of Operations <dana.ruiz@acmelogistics.com>",
        "sales review: ",
        "Fit evidence",
        "Industry: logistics (primary target)",
        "company.industry = \"logistics\"",
        "Intent evidence",
        "Asked for a consultation 1 day ago",
        "[same_day_follow_up]",
        "== L-student: (company unknown)",
        "Disqualified student: ",
        "Negative findings",
    ] {
        assert!(
            report.contains(expected),
            "{expected:?} missing in:\n{report}"
        );
    }
    // Points are right-aligned with their sign.
    assert!(
        report.lines().any(|l| l.starts_with("   +25  Industry")),
        "{report}"
    );
}

#[test]
fn explain_shows_the_calibrated_likelihood_and_the_variant() {
    let mut model: serde_json::Value =
        serde_json::from_str(leadlens::core::DEFAULT_MODEL_JSON).expect("default model");
    model["calibration"] = serde_json::json!(
        {"target": "won", "outcomes": 412, "intercept": -3.0, "points_per_logit": 25.0});
    model["experiment"] = serde_json::json!(
        {"id": "bar", "variants": [{"name": "control", "weight": 0}, {"name": "only", "weight": 1}]});
    let file = temp_file(&model.to_string());
    let out = leadlens(
        &["explain", "--now", NOW, "--model", path_of(&file)],
        &ndjson(&[IDEAL_BUYER]),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    let line = |label: &str| {
        report
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("no {label} line in:\n{report}"))
            .to_string()
    };
    assert_eq!(line("Variant"), "Variant      only");
    let likelihood = line("Likelihood");
    assert!(
        likelihood.ends_with("%: how often leads like this were won (calibrated on 412 outcomes)"),
        "{likelihood}"
    );
}

#[test]
fn explain_reports_bad_lines_like_score() {
    let input = ndjson(&[STUDENT, "not json"]);
    let out = leadlens(&["explain", "--now", NOW, "--error-format", "text"], &input);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("L-student"));
    assert!(
        text(&out.stderr).contains("line 2: invalid JSON"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_closed_stdout_ends_the_run_quietly() {
    let leads: String = (0..20_000)
        .map(|i| format!("{{\"id\": \"L-{i}\", \"contact\": {{\"title\": \"Student\"}}}}\n"))
        .collect();
    let file = temp_file(&leads);
    let mut child = Command::new(env!("CARGO_BIN_EXE_leadlens"))
        .args(["score", "--now", NOW, path_of(&file)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn leadlens");
    let mut first = [0u8; 64];
    child
        .stdout
        .take()
        .expect("stdout is piped")
        .read_exact(&mut first)
        .expect("some output");
    // The read end is dropped here, like `| head -1` exiting.
    let out = child.wait_with_output().expect("wait for leadlens");
    assert!(first.starts_with(b"{\"lead_id\":\"L-0\""));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
}

#[test]
fn help_has_examples() {
    let out = leadlens(&["--help"], "");
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    assert!(
        help.contains("Examples:") && help.contains("leadlens score"),
        "{help}"
    );
}

#[test]
fn blank_lines_are_skipped_not_failed() {
    let out = leadlens(&["score", "--now", NOW], "\n   \n\r\n");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert_eq!(
        json_lines(&out.stderr),
        [json!({"summary": {"scored": 0, "failed": 0}})]
    );
}
