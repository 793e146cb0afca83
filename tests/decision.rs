//! Reviewer decisions and the decision outbox: what the panel may submit, and what happens to a
//! submitted decision as the host answers.

use leadlens::core::outbox::{backoff_ms, Outbox, PostOutcome, Status};
use leadlens::core::{
    parse_lead, score, Decision, DecisionDraft, DecisionId, Model, Outcome, Timestamp,
};

const NOW: &str = "2026-11-22T12:00:00Z";

fn now() -> Timestamp {
    Timestamp::parse_rfc3339(NOW).expect("valid timestamp")
}

fn later(ms: i64) -> Timestamp {
    Timestamp::from_millis(now().millis() + ms)
}

fn id(n: u8) -> DecisionId {
    DecisionId::v7(now().millis() as u64 + u64::from(n), [n; 10])
}

fn draft(outcome: Option<&str>, reason: Option<&str>, note: &str) -> DecisionDraft {
    DecisionDraft {
        outcome: outcome.map(|o| Outcome::parse(o).expect("known outcome")),
        reason_code: reason.map(str::to_string),
        note: note.to_string(),
    }
}

fn decision(n: u8, outcome: &str, reason: Option<&str>) -> Decision {
    let model = Model::default_model();
    let lead = parse_lead(
        r#"{"id": "L-7", "company": {"name": "Acme Logistics", "domain": "acmelogistics.com",
            "industry": "logistics", "employees": 240, "country": "US"},
            "contact": {"email": "dana@acmelogistics.com", "title": "Director of Operations"},
            "form": {"type": "consultation_request"}}"#,
    )
    .expect("valid lead");
    let result = score(&lead, &model, now()).expect("scores");
    draft(Some(outcome), reason, "")
        .decide(&result, &model, "rep-1", now(), id(n))
        .expect("complete draft")
}

/// `(outcome, reason_code, note)` → the fields the form must point at, in order.
fn check(outcome: Option<&str>, reason: Option<&str>, note: &str, expect: &[&str]) {
    let model = Model::default_model();
    let problems = draft(outcome, reason, note).problems(&model);
    let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
    assert_eq!(
        fields, expect,
        "outcome {outcome:?}, reason {reason:?}, note {note:?}: {problems:?}"
    );
}

#[test]
fn drafts_that_can_and_cannot_be_submitted() {
    check(None, None, "", &["outcome"]);
    check(Some("accepted"), None, "", &[]);
    check(Some("accepted"), Some("good_fit_real_need"), "", &[]);
    check(Some("rejected"), None, "looks wrong", &["reason_code"]);
    check(Some("recycled"), Some("   "), "", &["reason_code"]);
    check(Some("rejected"), Some("no_budget"), "", &[]);
    check(Some("recycled"), Some("timing"), "call in Q3", &[]);
    // A code from another outcome's list is not a reason for this one.
    check(Some("recycled"), Some("competitor"), "", &["reason_code"]);
    check(Some("rejected"), Some("made_up"), "", &["reason_code"]);
    // "other" means nothing without a note.
    check(Some("rejected"), Some("other"), "", &["note"]);
    check(Some("rejected"), Some("other"), "  ", &["note"]);
    check(Some("rejected"), Some("other"), "reseller", &[]);
    check(Some("accepted"), None, &"x".repeat(2001), &["note"]);
    check(Some("accepted"), None, &"é".repeat(2000), &[]);
}

#[test]
fn a_problem_message_says_what_is_expected() {
    let model = Model::default_model();
    let problems = draft(Some("recycled"), Some("competitor"), "").problems(&model);
    let message = &problems.first().expect("one problem").message;
    assert!(message.contains("\"competitor\""), "{message}");
    assert!(
        message.contains("timing"),
        "lists the valid codes: {message}"
    );
}

#[test]
fn a_decision_snapshots_the_result_it_was_made_on() {
    let d = decision(1, "rejected", Some("no_budget"));
    let json = serde_json::to_value(&d).expect("serialises");
    assert_eq!(json["lead_id"], "L-7");
    assert_eq!(json["outcome"], "rejected");
    assert_eq!(json["reason_code"], "no_budget");
    assert_eq!(json["reviewer"], "rep-1");
    assert_eq!(json["decided_at"], NOW);
    assert!(
        json.get("note").is_none(),
        "an empty note is left out: {json}"
    );
    let snapshot = &json["score_snapshot"];
    assert_eq!(snapshot["route"], "sales_review");
    assert_eq!(
        snapshot["model_version"],
        Model::default_model().spec().version
    );
    assert!(
        snapshot["fit"].as_i64().expect("number") >= 60,
        "{snapshot}"
    );
    // Round-trips: the outbox stores it as JSON.
    let back: Decision = serde_json::from_value(json).expect("reads back");
    assert_eq!(back, d);
}

#[test]
fn a_decision_needs_a_reviewer() {
    let model = Model::default_model();
    let lead = parse_lead(r#"{"id": "L-1"}"#).expect("valid lead");
    let result = score(&lead, &model, now()).expect("scores");
    let err = draft(Some("accepted"), None, "")
        .decide(&result, &model, " ", now(), id(1))
        .expect_err("no reviewer");
    assert_eq!(err.field, "reviewer");
}

#[test]
fn decision_ids_are_uuid_v7() {
    let text = DecisionId::v7(0x0190_1234_5678, [0xff; 10]).to_string();
    assert_eq!(text, "01901234-5678-7fff-bfff-ffffffffffff");
    let text = DecisionId::v7(1, [0; 10]).to_string();
    assert_eq!(text, "00000000-0001-7000-8000-000000000000");
    // Later milliseconds sort later, whatever the random bits.
    assert!(DecisionId::v7(2, [0; 10]).to_string() > DecisionId::v7(1, [0xff; 10]).to_string());
}

#[test]
fn backoff_doubles_up_to_a_minute() {
    let delays: Vec<i64> = (1..=9).map(backoff_ms).collect();
    assert_eq!(
        delays,
        [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]
    );
    assert_eq!(backoff_ms(u32::MAX), 60_000);
}

#[test]
fn retryable_failures_back_off_until_the_host_confirms() {
    let mut outbox = Outbox::default();
    let d = decision(1, "accepted", None);
    let key = d.decision_id.clone();
    assert!(outbox.add(d.clone(), Some("3".into())));
    assert!(
        !outbox.add(d, None),
        "the same decision is never queued twice"
    );
    assert_eq!(outbox.due(now()), std::slice::from_ref(&key));

    let entry = outbox
        .record(&key, PostOutcome::Retryable("offline".into()), now())
        .expect("known id");
    assert_eq!((entry.status, entry.attempts), (Status::Pending, 1));
    assert_eq!(entry.next_attempt_at, Some(later(1_000)));
    assert!(outbox.due(later(999)).is_empty(), "not before the backoff");
    assert_eq!(outbox.next_wakeup(), Some(later(1_000)));

    outbox.record(&key, PostOutcome::Retryable("offline".into()), later(1_000));
    assert_eq!(outbox.next_wakeup(), Some(later(3_000)));

    let entry = outbox
        .record(&key, PostOutcome::Confirmed, later(3_000))
        .expect("known id");
    assert_eq!((entry.status, entry.attempts), (Status::Synced, 3));
    assert_eq!(entry.message, None);
    assert!(
        outbox.due(later(1_000_000)).is_empty(),
        "confirmed is never posted again"
    );
    assert_eq!(outbox.next_wakeup(), None);

    // A late failure answer for an earlier attempt cannot undo the confirmation.
    let entry = outbox
        .record(&key, PostOutcome::Retryable("timeout".into()), later(4_000))
        .expect("known id");
    assert_eq!(entry.status, Status::Synced);
}

#[test]
fn conflicts_and_refusals_stop_until_a_person_acts() {
    let mut outbox = Outbox::default();
    let conflicted = decision(1, "accepted", None);
    let refused = decision(2, "recycled", Some("timing"));
    let (c, r) = (conflicted.decision_id.clone(), refused.decision_id.clone());
    outbox.add(conflicted, Some("3".into()));
    outbox.add(refused, None);

    outbox.record(&c, PostOutcome::Conflict("record changed".into()), now());
    outbox.record(&r, PostOutcome::Refused("no permission".into()), now());
    assert!(outbox.due(later(10_000_000)).is_empty());
    let entry = outbox.get(&c).expect("kept");
    assert_eq!(entry.status, Status::Conflict);
    assert_eq!(entry.message.as_deref(), Some("record changed"));

    assert!(
        !outbox.retry_now(&c),
        "a conflict needs a new decision, not a retry"
    );
    assert!(outbox.retry_now(&r));
    assert_eq!(outbox.due(now()), std::slice::from_ref(&r));

    assert!(
        !outbox.discard(&r),
        "only conflicted decisions can be replaced"
    );
    assert!(outbox.discard(&c));
    assert!(outbox.get(&c).is_none());
}

#[test]
fn merging_copies_keeps_every_decision_and_the_most_final_state() {
    let (a, b, c) = (
        decision(1, "accepted", None),
        decision(2, "rejected", Some("student")),
        decision(3, "recycled", Some("timing")),
    );
    let (ka, kb, kc) = (
        a.decision_id.clone(),
        b.decision_id.clone(),
        c.decision_id.clone(),
    );
    // This tab: a confirmed, b pending.
    let mut ours = Outbox::default();
    ours.add(a.clone(), None);
    ours.add(b.clone(), None);
    ours.record(&ka, PostOutcome::Confirmed, now());
    // The stored copy (another tab): a still pending, b confirmed, and c that we never saw.
    let mut theirs = Outbox::default();
    theirs.add(a, None);
    theirs.add(b, None);
    theirs.add(c, None);
    theirs.record(&kb, PostOutcome::Confirmed, now());

    ours.merge(theirs);
    let states: Vec<(&str, Status)> = ours.entries().iter().map(|e| (e.id(), e.status)).collect();
    assert_eq!(
        states,
        [
            (ka.as_str(), Status::Synced),
            (kb.as_str(), Status::Synced),
            (kc.as_str(), Status::Pending)
        ]
    );
    assert_eq!(
        ours.latest_for_lead("L-7").map(|e| e.id()),
        Some(kc.as_str())
    );
}

#[test]
fn stored_outboxes_round_trip_and_corrupt_ones_are_errors() {
    let mut outbox = Outbox::default();
    let d = decision(1, "rejected", Some("vendor"));
    let key = d.decision_id.clone();
    outbox.add(d, Some("v9".into()));
    outbox.record(&key, PostOutcome::Retryable("offline".into()), now());
    let text = outbox.to_json();
    assert_eq!(Outbox::from_json(&text).expect("reads back"), outbox);

    let err = Outbox::from_json(r#"[{"decision": {"lead_id": "x"}, "status": "pending"}]"#)
        .expect_err("incomplete entry");
    assert!(err.path.starts_with("[0].decision"), "{err:?}");
    assert!(Outbox::from_json("{not json").is_err());
}

#[test]
fn only_recent_confirmations_are_kept() {
    let mut outbox = Outbox::default();
    for n in 0..60u8 {
        let d = decision(n, "accepted", None);
        let key = d.decision_id.clone();
        outbox.add(d, None);
        outbox.record(&key, PostOutcome::Confirmed, now());
    }
    let pending = decision(200, "accepted", None);
    outbox.add(pending.clone(), None);
    assert_eq!(outbox.entries().len(), 51);
    assert!(outbox.get(&pending.decision_id).is_some());
    assert!(
        outbox.get(&id(0).to_string()).is_none(),
        "the oldest went first"
    );
    assert!(outbox.get(&id(59).to_string()).is_some());
}
