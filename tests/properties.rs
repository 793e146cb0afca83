//! Property tests: for any input, scoring never panics, scores stay in 0–100, evidence sums
//! exactly to each score, and the same input always gives the same output.

use leadlens::core::result::RESULT_KEYS;
use leadlens::core::tape::Tape;
use leadlens::core::{parse_lead, score, Model, ScoredLead, Timestamp};
use proptest::prelude::*;
use serde_json::{json, Value};

fn model() -> &'static Model {
    static MODEL: std::sync::OnceLock<Model> = std::sync::OnceLock::new();
    MODEL.get_or_init(Model::default_model)
}

fn assert_invariants(r: &ScoredLead) -> Result<(), TestCaseError> {
    for (score, evidence) in [
        (r.fit.score, &r.fit.evidence),
        (r.intent.score, &r.intent.evidence),
    ] {
        prop_assert!((0..=100).contains(&score), "score {} out of range", score);
        prop_assert_eq!(evidence.iter().map(|e| e.points).sum::<i32>(), score);
    }
    prop_assert_eq!(
        r.route.as_str() == "disqualify",
        r.disqualification.is_some()
    );
    prop_assert!(!r.summary.to_string().is_empty() && !r.next_action.code.is_empty());
    Ok(())
}

/// Any JSON value at all, nested a few levels.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(|f| json!(f)),
        ".{0,24}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(field_name(), inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn field_name() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "id",
            "company",
            "contact",
            "form",
            "events",
            "consent",
            "source",
            "created_at",
            "employees",
            "annual_revenue",
            "industry",
            "country",
            "email",
            "title",
            "message",
            "type",
            "at",
            "page",
            "domain",
            "name",
        ])
        .prop_map(str::to_string),
        "[a-z_]{1,8}",
    ]
}

/// Text that exercises the matchers: real phrases, odd unicode, punctuation.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "Director of Operations",
            "VP Finance",
            "Head of RevOps",
            "CFO",
            "Student",
            "Intern",
            "Executive Assistant to the CEO",
            "Our order-to-cash is a bottleneck. Budget approved for Q1!",
            "I'm writing my thesis",
            "Are you hiring?",
            "Our agency offers SEO services",
            "https://a.b https://c.d www.e.f",
            "V.P., IT",
            "Sr. Dir. Ops",
            "",
        ])
        .prop_map(str::to_string),
        ".{0,80}",
        "[ -~]{0,40}",
    ]
}

fn timestamp() -> impl Strategy<Value = String> {
    (2000i64..2030, 1u32..13, 1u32..29, 0u32..24, 0u32..60)
        .prop_map(|(y, mo, d, h, mi)| format!("{y}-{mo:02}-{d:02}T{h:02}:{mi:02}:00Z"))
}

/// Leads of the contract's shape with random values, including strange ones.
fn lead() -> impl Strategy<Value = Value> {
    let event = (
        prop::sample::select(vec![
            "page_view",
            "content_download",
            "email_open",
            "email_click",
            "webinar_attended",
            "event_visit",
            "pricing_view",
            "demo_request",
            "consultation_request",
            "contact_sales",
            "trial_signup",
            "mystery_signal",
        ]),
        prop::option::of(timestamp()),
        prop::option::of(prop::sample::select(vec![
            "/pricing",
            "/blog/x",
            "/pricing/enterprise",
            "/",
        ])),
    )
        .prop_map(|(t, at, page)| json!({"type": t, "at": at, "page": page}));
    (
        (
            prop::option::of(text()),
            prop::option::of(prop::sample::select(vec!["software", "Logistics", "gambling", "medical", "SaaS", "fishing", ""])),
            prop::option::of(prop_oneof![any::<u32>().prop_map(|n| json!(n)), Just(json!("51-200")), Just(json!("1,200"))]),
            prop::option::of(prop_oneof![(0f64..5e10).prop_map(|n| json!(n)), Just(json!("$48M"))]),
            prop::option::of(prop::sample::select(vec!["US", "Brazil", "united kingdom", "DE", "Atlantis", "u.s.a."])),
            prop::option::of(prop::sample::select(vec!["acme.com", "globex.com", "northpeak.co", "https://www.initech.com/x"])),
        ),
        (
            prop::option::of(prop_oneof![
                prop::sample::select(vec!["dana@acme.com", "kim@stateu.edu", "x@mailinator.com", "bad@", "a@northpeak.co", "p@gmail.com"])
                    .prop_map(str::to_string),
                ".{0,30}",
            ]),
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(prop::sample::select(vec!["consultation_request", "demo", "careers", "newsletter"])),
        ),
        prop::collection::vec(event, 0..40),
        prop::option::of(timestamp()),
        (prop::option::of(any::<bool>()), prop::option::of(any::<bool>())),
    )
        .prop_map(|((name, industry, employees, revenue, country, domain), (email, title, message, form_type), events, created, (ce, cp))| {
            json!({
                "id": "p-1", "created_at": created,
                "company": {"name": name, "industry": industry, "employees": employees, "annual_revenue": revenue, "country": country, "domain": domain},
                "contact": {"email": email, "title": title},
                "form": {"type": form_type, "message": message},
                "events": events,
                "consent": {"email": ce, "phone": cp}
            })
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn structured_leads_keep_the_invariants(lead in lead(), now in timestamp()) {
        let now = Timestamp::parse_rfc3339(&now).unwrap_or(Timestamp(0));
        let text = lead.to_string();
        let parsed = parse_lead(&text);
        prop_assert!(parsed.is_ok(), "a contract-shaped lead must parse: {:?}", parsed.err());
        let parsed = parsed.unwrap_or_default();
        let first = score(&parsed, model(), now);
        prop_assert!(first.is_ok());
        let first = first.unwrap_or_else(|_| unreachable!());
        assert_invariants(&first)?;
        let second = score(&parsed, model(), now).ok();
        prop_assert_eq!(Some(&first), second.as_ref(), "not deterministic");
        // The result survives a JSON round trip unchanged (what the CLI and wasm layer rely on).
        let text = serde_json::to_string(&first).unwrap_or_default();
        prop_assert_eq!(&first.to_json(), &text, "the fast writer and serde differ");
        let mut tape = Tape::new();
        first.write_tape(&mut tape);
        let read = tape.to_json(RESULT_KEYS);
        prop_assert_eq!(read.as_ref(), Ok(&text), "the tape does not read back as the JSON");
        let back: Option<ScoredLead> = serde_json::from_str(&text).ok();
        prop_assert_eq!(back.as_ref(), Some(&first));
    }

    #[test]
    fn arbitrary_json_never_panics(value in any_json()) {
        // Either a typed error or a result that keeps the invariants.
        let mut lead_like = value.clone();
        if let Value::Object(map) = &mut lead_like {
            map.insert("id".into(), json!("x"));
        }
        for candidate in [value, lead_like] {
            if let Ok(lead) = parse_lead(&candidate.to_string()) {
                let r = score(&lead, model(), Timestamp(1_795_000_000_000));
                prop_assert!(r.is_ok());
                assert_invariants(&r.unwrap_or_else(|_| unreachable!()))?;
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(s in ".{0,200}", offset in 0usize..220) {
        let _ = leadlens::core::error::json_path_at(&s, offset);
        let _ = parse_lead(&s);
        let _ = Model::from_json(&s);
        let _ = Timestamp::parse_rfc3339(&s);
    }

    #[test]
    fn timestamps_agree_with_the_time_crate(secs in -2_000_000_000i64..4_000_000_000, millis in 0i64..1000, offset_min in -720i32..840) {
        use time::{format_description::well_known::Rfc3339, OffsetDateTime, UtcOffset};
        let utc = OffsetDateTime::from_unix_timestamp(secs).unwrap_or(OffsetDateTime::UNIX_EPOCH) + time::Duration::milliseconds(millis);
        let offset = UtcOffset::from_whole_seconds(offset_min * 60).unwrap_or(UtcOffset::UTC);
        let text = utc.to_offset(offset).format(&Rfc3339).unwrap_or_default();
        let ours = Timestamp::parse_rfc3339(&text);
        prop_assert_eq!(ours, Some(Timestamp(secs * 1000 + millis)), "{}", text);
        // And our formatting parses back in the time crate to the same instant.
        let shown = Timestamp(secs * 1000 + millis).to_string();
        let theirs = OffsetDateTime::parse(&shown, &Rfc3339).map(|t| (t.unix_timestamp_nanos() / 1_000_000) as i64);
        prop_assert_eq!(theirs.ok(), Some(secs * 1000 + millis));
    }

    #[test]
    fn models_with_random_numbers_validate_or_fail_cleanly(points in -300i32..300, half_life in -10f64..100.0, cap in -10i32..120, high in -10i32..120) {
        let mut spec: Value = serde_json::from_str(leadlens::core::DEFAULT_MODEL_JSON).unwrap_or(Value::Null);
        spec["intent"]["signals"][0]["points"] = json!(points);
        spec["intent"]["signals"][1]["half_life_days"] = json!(half_life);
        spec["intent"]["passive_cap"] = json!(cap);
        spec["bands"]["intent"]["high"] = json!(high);
        match Model::from_json(&spec.to_string()) {
            Ok(m) => {
                let lead = parse_lead(r#"{"id":"m","form":{"type":"consultation_request"},"events":[{"type":"demo_request","at":"2026-11-20T00:00:00Z"}]}"#).unwrap_or_default();
                let r = score(&lead, &m, Timestamp(1_795_000_000_000));
                prop_assert!(r.is_ok());
                assert_invariants(&r.unwrap_or_else(|_| unreachable!()))?;
            }
            Err(e) => prop_assert!(!e.problems.is_empty() && e.problems.iter().all(|p| !p.path.is_empty())),
        }
    }
}
