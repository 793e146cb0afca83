//! Live form qualification, the pure part (`core::form`): form values → lead, the next question,
//! conditional questions and the submit outcome.

use leadlens::core::form::{
    is_shown, lead_from_form, next_question, Enrichment, FieldMap, FormLead, ShowWhen, SubmitAction,
};
use leadlens::core::{score, Model, ScoredLead, Timestamp};
use serde_json::{json, Map, Value};

fn now() -> Timestamp {
    Timestamp::parse_rfc3339("2026-11-22T12:00:00Z").expect("valid")
}

fn values(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect()
}

fn form(pairs: &[(&str, &str)]) -> FormLead {
    lead_from_form("visitor-1", &values(pairs), &FieldMap::defaults(), None)
}

/// Owned, so it can outlive the form and the model it was scored with.
fn scored(form: &FormLead) -> ScoredLead<'static> {
    score(&form.lead, &Model::default_model(), now())
        .expect("scores")
        .into_owned()
}

/// A HubSpot-style form: its field names, in form order, as next-question candidates.
fn candidates() -> Vec<(String, String)> {
    let map = FieldMap::defaults();
    [
        "email",
        "firstname",
        "lastname",
        "company",
        "jobtitle",
        "numemployees",
        "industry",
        "country",
        "message",
    ]
    .iter()
    .filter_map(|name| {
        map.path_of(name)
            .map(|path| ((*name).to_string(), path.to_string()))
    })
    .collect()
}

#[test]
fn hubspot_and_marketo_field_names_map_to_the_lead() {
    let hubspot = form(&[
        ("firstname", "Dana"),
        ("lastname", "Ruiz"),
        ("email", " dana.ruiz@acmelogistics.com "),
        ("company", "Acme Logistics"),
        ("jobtitle", "Director of Operations"),
        ("numemployees", "1,200"),
        ("country", "United States"),
        ("message", "Order-to-cash is a bottleneck."),
        ("email_opt_in", "on"),
        ("utm_term", "ignored: not a lead field"),
    ]);
    let lead = &hubspot.lead;
    assert_eq!(lead.id, "visitor-1");
    assert_eq!(lead.contact.name.as_deref(), Some("Dana Ruiz"));
    assert_eq!(
        lead.contact.email.as_deref(),
        Some("dana.ruiz@acmelogistics.com")
    );
    assert_eq!(lead.company.employees, Some(1200));
    assert_eq!(
        lead.contact.title.as_deref(),
        Some("Director of Operations")
    );
    assert_eq!(lead.consent.email, Some(true));
    assert!(hubspot.problems.is_empty(), "{:?}", hubspot.problems);
    assert!(!hubspot.answered.contains(&"utm_term".to_string()));

    // Marketo spells them differently; the same lead comes out.
    let marketo = form(&[
        ("FirstName", "Dana"),
        ("LastName", "Ruiz"),
        ("Email", "dana.ruiz@acmelogistics.com"),
        ("Company", "Acme Logistics"),
        ("Title", "Director of Operations"),
        ("NumberOfEmployees", "1200"),
        ("Country", "United States"),
        ("Comments", "Order-to-cash is a bottleneck."),
        ("emailOptIn", "true"),
    ]);
    assert_eq!(marketo.lead, hubspot.lead);
}

#[test]
fn an_unreadable_answer_is_reported_and_left_out() {
    let f = form(&[
        ("email", "kim@fabrikam.com"),
        ("numemployees", "lots"),
        ("annualrevenue", "a few million"),
    ]);
    assert_eq!(f.lead.contact.email.as_deref(), Some("kim@fabrikam.com"));
    assert_eq!(f.lead.company.employees, None);
    let fields: Vec<&str> = f.problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["numemployees", "annualrevenue"]);
    assert_eq!(f.problems[0].path, "company.employees");
    assert!(!f.answered.contains(&"numemployees".to_string()));
    // Empty answers are unknown, not problems.
    let blank = form(&[("email", "  "), ("company", "")]);
    assert!(blank.problems.is_empty() && blank.answered.is_empty());
    assert_eq!(blank.lead.contact.email, None);
}

#[test]
fn custom_mappings_win_and_bad_paths_are_reported() {
    let (map, problems) = FieldMap::with(&[
        ("org_size".to_string(), "company.employees".to_string()),
        ("title".to_string(), "form.fields.salutation".to_string()),
        ("oops".to_string(), "company.ceo".to_string()),
    ]);
    assert_eq!(map.path_of("Org-Size"), Some("company.employees"));
    assert_eq!(map.path_of("title"), Some("form.fields.salutation"));
    assert_eq!(
        map.path_of("jobtitle"),
        Some("contact.title"),
        "defaults stay"
    );
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].field, "oops");
    assert!(problems[0].message.contains("company.ceo"));
}

#[test]
fn a_known_visitor_is_the_base_and_answers_override_it() {
    let known: Map<String, Value> = json!({
        "company": { "name": "Fabrikam", "domain": "fabrikam.com", "employees": 800 },
        "events": [ { "type": "pricing_view", "at": "2026-11-20T10:00:00Z" } ]
    })
    .as_object()
    .cloned()
    .expect("an object");
    let f = lead_from_form(
        "visitor-2",
        &values(&[("numemployees", "950"), ("jobtitle", "VP Finance")]),
        &FieldMap::defaults(),
        Some(&known),
    );
    assert_eq!(f.lead.company.name.as_deref(), Some("Fabrikam"));
    assert_eq!(f.lead.company.employees, Some(950));
    assert_eq!(f.lead.events.len(), 1);
    assert_eq!(f.lead.contact.title.as_deref(), Some("VP Finance"));
}

#[test]
fn the_next_question_is_the_one_that_would_change_the_route_most() {
    let model = Model::default_model();
    let start = form(&[("email", "dana.ruiz@acmelogistics.com")]);
    let result = scored(&start);
    let first = next_question(&start, &candidates(), &model, now(), &result)
        .expect("something is worth asking");
    assert!(first.max_score_change > 0);
    assert_ne!(first.field, "email", "answered questions are skipped");

    // Answer everything the model scores; what is left to ask changes each time.
    let mut answers = vec![("email", "dana.ruiz@acmelogistics.com")];
    let mut asked = vec![first.field.clone()];
    let fill = |field: &str| match field {
        "jobtitle" => "Director of Operations",
        "numemployees" => "240",
        "industry" => "logistics",
        "country" => "US",
        "message" => "Our order-to-cash process is a bottleneck; budget approved for Q1.",
        _ => "x",
    };
    let mut field = first.field;
    for _ in 0..6 {
        answers.push((Box::leak(field.clone().into_boxed_str()), fill(&field)));
        let f = form(&answers);
        let r = scored(&f);
        match next_question(&f, &candidates(), &model, now(), &r) {
            Some(q) => {
                assert!(!asked.contains(&q.field), "{} asked twice", q.field);
                asked.push(q.field.clone());
                field = q.field;
            }
            None => break,
        }
    }
    for scored_field in ["jobtitle", "numemployees", "industry", "country"] {
        assert!(asked.contains(&scored_field.to_string()), "{asked:?}");
    }
    // Name fields do not change any score, so they are never suggested.
    assert!(
        !asked.iter().any(|f| f == "firstname" || f == "company"),
        "{asked:?}"
    );
}

#[test]
fn sales_questions_show_for_likely_buyers_and_stay_once_focused() {
    let model = Model::default_model();
    let buyer = scored(&form(&[
        ("email", "dana.ruiz@acmelogistics.com"),
        ("jobtitle", "Director of Operations"),
        ("numemployees", "240"),
        ("industry", "logistics"),
        ("country", "US"),
    ]));
    let student = scored(&form(&[
        ("email", "kim@stateu.edu"),
        ("jobtitle", "Student"),
        ("message", "For my thesis."),
    ]));
    let unknown = scored(&form(&[]));
    assert!(is_shown(&ShowWhen::LikelyBuyer, &buyer, &model, false));
    assert!(!is_shown(&ShowWhen::LikelyBuyer, &student, &model, false));
    assert!(!is_shown(&ShowWhen::LikelyBuyer, &unknown, &model, false));
    assert!(
        is_shown(&ShowWhen::LikelyBuyer, &student, &model, true),
        "sticky"
    );
    let no_students = ShowWhen::Unless(vec!["student".into(), "job_seeker".into()]);
    assert!(is_shown(&no_students, &buyer, &model, false));
    assert!(!is_shown(&no_students, &student, &model, false));
    assert!(is_shown(&ShowWhen::FitAtLeast(60), &buyer, &model, false));
    assert!(!is_shown(
        &ShowWhen::FitAtLeast(60),
        &unknown,
        &model,
        false
    ));
}

#[test]
fn sales_questions_use_the_leads_experiment_variant_threshold() {
    let buyer = form(&[
        ("email", "dana.ruiz@acmelogistics.com"),
        ("jobtitle", "Director of Operations"),
        ("numemployees", "240"),
        ("industry", "logistics"),
        ("country", "US"),
    ]);
    let default_model = Model::default_model();
    let fit = scored(&buyer).fit.score;
    assert!(is_shown(
        &ShowWhen::LikelyBuyer,
        &scored(&buyer),
        &default_model,
        false
    ));
    // Every lead in a variant whose sales-review bar is just above this buyer's fit.
    let mut spec: serde_json::Value =
        serde_json::from_str(leadlens::core::DEFAULT_MODEL_JSON).expect("default model JSON");
    let intent = spec["routing"]["sales_review"]["intent"].clone();
    spec["experiment"] = serde_json::json!({"id": "bar", "variants": [
        {"name": "control", "weight": 0},
        {"name": "higher_fit", "weight": 1, "sales_review": {"fit": fit + 1, "intent": intent}}
    ]});
    let model = Model::from_json(&spec.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let result = score(&buyer.lead, &model, now()).expect("scores");
    assert_eq!(result.variant.as_deref(), Some("higher_fit"));
    assert!(!is_shown(&ShowWhen::LikelyBuyer, &result, &model, false));
}

#[test]
fn submit_outcomes_follow_the_route_and_the_disqualification() {
    let check = |pairs: &[(&str, &str)], expect: SubmitAction| {
        let result = scored(&form(pairs));
        assert_eq!(
            SubmitAction::for_result(&result),
            expect,
            "{pairs:?}: route {:?}, fit {}, intent {}",
            result.route,
            result.fit.score,
            result.intent.score
        );
    };
    check(
        &[
            ("email", "dana.ruiz@acmelogistics.com"),
            ("jobtitle", "Director of Operations"),
            ("numemployees", "240"),
            ("industry", "logistics"),
            ("country", "US"),
            ("formtype", "consultation_request"),
            (
                "message",
                "Our order-to-cash process is a bottleneck; budget approved for Q1.",
            ),
        ],
        SubmitAction::BookMeeting,
    );
    check(
        &[
            ("email", "kim@stateu.edu"),
            ("jobtitle", "Student"),
            ("message", "For my thesis."),
        ],
        SubmitAction::Resources,
    );
    check(
        &[("email", "alex@northpeak.co"), ("company", "NorthPeak")],
        SubmitAction::ThankYou,
    );
    check(
        &[
            ("email", "sam@gmail.com"),
            (
                "message",
                "Are you hiring? Attached my resume for the open position.",
            ),
        ],
        SubmitAction::Careers,
    );
    check(
        &[
            ("email", "m.weber@fabrikam.com"),
            ("jobtitle", "Operations Analyst"),
            ("numemployees", "800"),
            ("industry", "manufacturing"),
            ("country", "DE"),
        ],
        SubmitAction::Nurture,
    );
}

/// `(company domain field, email)` → which company paths Acme's enrichment fills.
fn enriched_by_acme(domain: &str, email: &str, employees: &str) -> (Vec<&'static str>, FormLead) {
    let acme = Enrichment::parse(
        "acmelogistics.com",
        r#"{"name": "Acme Logistics", "employees": 240, "industry": "logistics", "unknown_key": 1}"#,
    )
    .expect("a company object");
    let mut form = form(&[
        ("website", domain),
        ("email", email),
        ("employees", employees),
    ]);
    let filled = acme.apply(&mut form.lead);
    (filled, form)
}

#[test]
fn enrichment_fills_only_unknown_fields_of_the_same_company() {
    let (filled, form) = enriched_by_acme("", "Dana@AcmeLogistics.com", "");
    assert_eq!(
        filled,
        ["company.name", "company.industry", "company.employees"]
    );
    assert_eq!(form.lead.company.employees, Some(240));
    assert_eq!(
        form.lead.company.enriched_fields,
        ["name", "industry", "employees"]
    );
    let result = scored(&form);
    let marked: Vec<&str> = result
        .fit
        .evidence
        .iter()
        .filter(|e| e.enriched)
        .map(|e| &*e.code)
        .collect();
    assert_eq!(marked, ["industry.primary", "employees.range"]);

    // A typed answer wins, and is not enriched.
    let (filled, form) = enriched_by_acme("", "dana@acmelogistics.com", "1500");
    assert_eq!(filled, ["company.name", "company.industry"]);
    assert_eq!(form.lead.company.employees, Some(1500));

    // The company's own domain field decides, written however the visitor writes it.
    let (filled, _) = enriched_by_acme("https://www.AcmeLogistics.com/", "dana@gmail.com", "");
    assert_eq!(filled.len(), 3);
    let (filled, form) = enriched_by_acme("initech.com", "dana@acmelogistics.com", "");
    assert!(filled.is_empty(), "another company's domain: {filled:?}");
    assert!(form.lead.company.enriched_fields.is_empty());
    let (filled, _) = enriched_by_acme("", "dana@gmail.com", "");
    assert!(filled.is_empty());
}

#[test]
fn an_enrichment_answer_of_the_wrong_shape_names_the_field() {
    let err = Enrichment::parse("acme.com", r#"{"employees": "a lot"}"#).expect_err("typed error");
    assert_eq!(err.path, "company.employees");
    let err = Enrichment::parse("acme.com", "[1, 2").expect_err("not JSON");
    assert!(!err.message.is_empty());
}
