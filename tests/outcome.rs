//! Outcome records (`core::outcome`): decision and stage records read from NDJSON, bad lines
//! reported with their line number and field path, and the per-lead fold.

use leadlens::core::decision::ScoreSnapshot;
use leadlens::core::outcome::{
    by_lead, parse_outcome, parse_outcomes, DecisionRecord, OutcomeRecord, Stage, StageRecord,
};
use leadlens::core::result::Route;
use leadlens::core::{ErrorCode, Outcome, Timestamp};

fn ts(text: &str) -> Timestamp {
    Timestamp::parse_rfc3339(text).expect("test timestamp")
}

#[test]
fn a_full_decision_record_is_read() {
    let record = parse_outcome(
        r#"{"decision_id": "0190a1b2-0000-7000-8000-000000000001", "lead_id": "L-1042", "outcome": "rejected",
            "reason_code": "not_icp", "note": "Too small", "reviewer": "u-7", "decided_at": "2026-11-22T12:30:00Z",
            "score_snapshot": {"fit": 84, "intent": 78, "route": "sales_review", "model_version": "2026-11-1"}}"#,
    )
    .expect("valid record");
    assert_eq!(
        record,
        OutcomeRecord::Decision(DecisionRecord {
            decision_id: Some("0190a1b2-0000-7000-8000-000000000001".into()),
            lead_id: "L-1042".into(),
            outcome: Outcome::Rejected,
            reason_code: Some("not_icp".into()),
            note: Some("Too small".into()),
            reviewer: Some("u-7".into()),
            decided_at: ts("2026-11-22T12:30:00Z"),
            score_snapshot: Some(ScoreSnapshot {
                fit: 84,
                intent: 78,
                route: Route::SalesReview,
                model_version: "2026-11-1".into(),
            }),
        })
    );
}

#[test]
fn crm_exports_are_read_leniently() {
    // Unknown keys ignored, integer ids, no reason code on a rejection, nulls, a partial snapshot.
    let record = parse_outcome(
        r#"{"lead_id": 1042, "outcome": "rejected", "decided_at": "2026-11-22", "reviewer": 17,
            "reason_code": null, "note": "  ", "hs_object_id": "991", "owner": {"name": "Kim"},
            "score_snapshot": {"fit": 84, "route": "nurture", "extra": true}}"#,
    )
    .expect("lenient record");
    let OutcomeRecord::Decision(d) = record else {
        panic!("expected a decision record");
    };
    assert_eq!(d.lead_id, "1042");
    assert_eq!(d.reviewer.as_deref(), Some("17"));
    assert_eq!(d.reason_code, None);
    assert_eq!(d.note, None);
    assert_eq!(d.decision_id, None);
    assert_eq!(d.decided_at, ts("2026-11-22T00:00:00Z"));
    assert_eq!(
        d.score_snapshot, None,
        "a snapshot missing fields is left out"
    );
}

#[test]
fn stage_records_are_read() {
    let (records, errors) = parse_outcomes(concat!(
        r#"{"lead_id": "L-1", "outcome": "opportunity_created", "at": "2026-12-01T09:00:00Z"}"#,
        "\n",
        r#"{"lead_id": "L-1", "outcome": "won", "at": "2027-01-15T09:00:00Z", "amount": 12000}"#,
        "\n",
        r#"{"lead_id": "L-2", "outcome": "lost", "at": "2027-01-16T09:00:00+01:00", "amount": "7,500.50"}"#,
        "\n",
    ));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        records,
        vec![
            OutcomeRecord::Stage(StageRecord {
                lead_id: "L-1".into(),
                stage: Stage::OpportunityCreated,
                at: ts("2026-12-01T09:00:00Z"),
                amount: None,
            }),
            OutcomeRecord::Stage(StageRecord {
                lead_id: "L-1".into(),
                stage: Stage::Won,
                at: ts("2027-01-15T09:00:00Z"),
                amount: Some(12000.0),
            }),
            OutcomeRecord::Stage(StageRecord {
                lead_id: "L-2".into(),
                stage: Stage::Lost,
                at: ts("2027-01-16T08:00:00Z"),
                amount: Some(7500.5),
            }),
        ]
    );
}

#[test]
fn bad_lines_report_line_number_code_and_path_and_the_rest_is_read() {
    let input = [
        r#"{"lead_id": "L-1", "outcome": "accepted", "decided_at": "2026-11-20T10:00:00Z"}"#, // 1 ok
        r#"{"outcome": "accepted", "decided_at": "2026-11-20T10:00:00Z"}"#, // 2 no lead_id
        r#"{"lead_id": "L-3", "outcome": "acepted", "decided_at": "2026-11-20T10:00:00Z"}"#, // 3 enum
        r#"{"lead_id": "L-4", "outcome": "accepted", "decided_at": "20/11/2026"}"#, // 4 timestamp
        r#"{"lead_id": "L-5", "outcome": "rejected""#,                              // 5 not JSON
        "",                                                                         // 6 blank
        r#"{"lead_id": "L-7", "outcome": "won"}"#,                                  // 7 no `at`
        r#"{"lead_id": "L-8", "outcome": "accepted"}"#, // 8 no decided_at
        r#"{"lead_id": "L-9", "outcome": "won", "at": "2026-12-01T00:00:00Z", "amount": -5}"#, // 9
        r#"{"lead_id": "L-10", "outcome": "accepted", "decided_at": "2026-11-20T10:00:00Z", "score_snapshot": {"fit": "high", "intent": 3, "route": "nurture", "model_version": "v"}}"#, // 10
        r#"{"lead_id": "L-11", "outcome": "accepted", "decided_at": "2026-11-20T10:00:00Z", "score_snapshot": {"route": "maybe"}}"#, // 11
        r#"["not", "an", "object"]"#, // 12
        r#"{"lead_id": ["L-13"], "outcome": "accepted", "decided_at": "2026-11-20T10:00:00Z"}"#, // 13
        r#"{"lead_id": "L-14", "outcome": 3, "decided_at": "2026-11-20T10:00:00Z"}"#, // 14
        r#"{"lead_id": "L-15", "outcome": "rejected", "reason_code": 7, "decided_at": "2026-11-20T10:00:00Z"}"#, // 15
        r#"{"lead_id": "  ", "outcome": "accepted", "decided_at": "2026-11-20T10:00:00Z"}"#, // 16
        r#"{"lead_id": "L-17", "outcome": "recycled", "reason_code": "timing", "decided_at": "2026-11-20T10:00:00Z"}"#, // 17 ok
    ]
    .join("\n");
    let (records, errors) = parse_outcomes(&input);
    let got: Vec<(usize, ErrorCode, &str)> = errors
        .iter()
        .map(|e| (e.line, e.error.code, e.error.path.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (2, ErrorCode::MissingField, "lead_id"),
            (3, ErrorCode::InvalidField, "outcome"),
            (4, ErrorCode::InvalidField, "decided_at"),
            (5, ErrorCode::InvalidJson, ""),
            (7, ErrorCode::MissingField, "at"),
            (8, ErrorCode::MissingField, "decided_at"),
            (9, ErrorCode::InvalidField, "amount"),
            (10, ErrorCode::InvalidField, "score_snapshot.fit"),
            (11, ErrorCode::InvalidField, "score_snapshot.route"),
            (12, ErrorCode::InvalidJson, ""),
            (13, ErrorCode::InvalidField, "lead_id"),
            (14, ErrorCode::InvalidField, "outcome"),
            (15, ErrorCode::InvalidField, "reason_code"),
            (16, ErrorCode::MissingField, "lead_id"),
        ]
    );
    // The messages say what was expected, and quote the bad value.
    assert!(
        errors[1].error.message.contains("\"acepted\""),
        "{}",
        errors[1].error.message
    );
    assert!(errors[1].error.message.contains("opportunity_created"));
    assert!(errors[2].error.message.contains("\"20/11/2026\""));
    let ids: Vec<&str> = records.iter().map(OutcomeRecord::lead_id).collect();
    assert_eq!(ids, ["L-1", "L-17"]);
}

#[test]
fn by_lead_keeps_the_latest_decision_and_the_first_time_of_each_stage() {
    let (records, errors) = parse_outcomes(
        &[
            r#"{"lead_id": "A", "outcome": "recycled", "reason_code": "timing", "decided_at": "2026-11-10T00:00:00Z"}"#,
            r#"{"lead_id": "A", "outcome": "accepted", "decided_at": "2026-12-01T00:00:00Z"}"#,
            // Earlier than the acceptance, but written later: not the latest decision.
            r#"{"lead_id": "A", "outcome": "rejected", "reason_code": "not_icp", "decided_at": "2026-11-20T00:00:00Z"}"#,
            r#"{"lead_id": "A", "outcome": "won", "at": "2027-02-01T00:00:00Z"}"#,
            r#"{"lead_id": "A", "outcome": "won", "at": "2027-01-01T00:00:00Z"}"#,
            r#"{"lead_id": "A", "outcome": "opportunity_created", "at": "2026-12-15T00:00:00Z"}"#,
            // Same time: the later line wins.
            r#"{"lead_id": "B", "outcome": "accepted", "decided_at": "2026-11-01T00:00:00Z"}"#,
            r#"{"lead_id": "B", "outcome": "rejected", "reason_code": "timing", "decided_at": "2026-11-01T00:00:00Z"}"#,
            r#"{"lead_id": "C", "outcome": "lost", "at": "2027-03-01T00:00:00Z"}"#,
        ]
        .join("\n"),
    );
    assert!(errors.is_empty());
    let map = by_lead(&records);
    assert_eq!(map.len(), 3);

    let a = &map["A"];
    assert_eq!((a.decisions, a.records), (3, 6));
    assert_eq!(a.outcome(), Some(Outcome::Accepted));
    assert_eq!(
        a.decision.as_ref().map(|d| d.decided_at),
        Some(ts("2026-12-01T00:00:00Z"))
    );
    assert_eq!(a.opportunity_at, Some(ts("2026-12-15T00:00:00Z")));
    assert_eq!(a.won_at, Some(ts("2027-01-01T00:00:00Z")));
    assert_eq!(a.lost_at, None);
    assert!(a.has_opportunity());

    let b = &map["B"];
    assert_eq!(b.decisions, 2);
    assert_eq!(b.outcome(), Some(Outcome::Rejected));
    assert!(!b.has_opportunity());

    let c = &map["C"];
    assert_eq!((c.decisions, c.records), (0, 1));
    assert_eq!(c.decision, None);
    assert_eq!(c.lost_at, Some(ts("2027-03-01T00:00:00Z")));
    assert!(!c.has_opportunity());
}

#[test]
fn a_won_record_alone_counts_as_an_opportunity() {
    let (records, _) = parse_outcomes(
        r#"{"lead_id": "W", "outcome": "won", "at": "2027-01-01T00:00:00Z", "amount": 900}"#,
    );
    let map = by_lead(&records);
    assert!(map["W"].has_opportunity());
    assert_eq!(map["W"].opportunity_at, None);
}
