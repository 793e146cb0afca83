//! Data-driven scoring cases: every `tests/cases/*.json` file is one lead, a `now`, and what must
//! hold (see `tests/cases/README.md`). All failing cases are reported together, by name.

use std::fs;
use std::path::Path;

use leadlens::core::result::RESULT_KEYS;
use leadlens::core::tape::Tape;
use leadlens::core::{parse_lead, score, Model, ScoredLead, Timestamp, DEFAULT_MODEL_JSON};
use serde_json::Value;

#[test]
fn scoring_cases() {
    let model = Model::default_model();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    assert!(
        files.len() >= 13,
        "expected the case files in {}",
        dir.display()
    );

    let mut failures = Vec::new();
    for path in &files {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let problems = run_case(path, &model);
        if !problems.is_empty() {
            failures.push(format!("{file}:\n    {}", problems.join("\n    ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}

fn run_case(path: &Path, model: &Model) -> Vec<String> {
    let text = match fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => return vec![format!("cannot read: {e}")],
    };
    let case: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => return vec![format!("not JSON: {e}")],
    };
    let Some(now) = case["now"].as_str().and_then(Timestamp::parse_rfc3339) else {
        return vec!["`now` must be an RFC 3339 timestamp".into()];
    };
    let text = case["lead"].to_string();
    let lead = match parse_lead(&text) {
        Ok(l) => l,
        Err(e) => return vec![format!("lead does not parse: {e}")],
    };
    // `model_sections`: top-level model sections (`learned`, `calibration`…) set on the default.
    let extended;
    let model = match case.get("model_sections").and_then(Value::as_object) {
        None => model,
        Some(sections) => {
            let mut spec: Value = serde_json::from_str(DEFAULT_MODEL_JSON).unwrap_or(Value::Null);
            for (key, section) in sections {
                spec[key] = section.clone();
            }
            match Model::from_json(&spec.to_string()) {
                Ok(m) => extended = m,
                Err(e) => return vec![format!("model_sections: invalid model: {e}")],
            }
            &extended
        }
    };
    let result = match score(&lead, model, now) {
        Ok(r) => r,
        Err(e) => return vec![format!("scoring failed: {e}")],
    };
    let mut problems = invariants(&result);
    if score(&lead, model, now).ok().as_ref() != Some(&result) {
        problems.push("scoring the same lead twice gave different results".into());
    }
    let Some(expect) = case["expect"].as_object() else {
        problems.push("missing `expect` object".into());
        return problems;
    };
    // The fast writer (wasm API, `leadlens score`) and serde write the same text.
    let serde_text = serde_json::to_string(&result).unwrap_or_default();
    if result.to_json() != serde_text {
        problems.push(format!(
            "to_json differs from serde_json:\n  {}\n  {serde_text}",
            result.to_json()
        ));
    }
    let json = serde_json::to_value(&result).unwrap_or(Value::Null);
    // What JavaScript receives: the same value, in ASCII.
    let ascii_text = result.to_ascii_json();
    if !ascii_text.is_ascii()
        || serde_json::from_str::<Value>(&ascii_text).ok() != Some(json.clone())
    {
        problems.push(format!(
            "to_ascii_json is not the same value in ASCII: {ascii_text}"
        ));
    }
    // What the wasm API hands to JavaScript: a tape that reads back as the same text.
    let mut tape = Tape::new();
    result.write_tape(&mut tape);
    match tape.to_json(RESULT_KEYS) {
        Ok(text) if text == serde_text => {}
        read => problems.push(format!("the tape reads back as {read:?}, not {serde_text}")),
    }
    for (key, want) in expect {
        if let Err(why) = check(key, want, &result, &json) {
            problems.push(format!("{key}: {why}"));
        }
    }
    if !problems.is_empty() {
        problems.push(format!("summary was: {}", result.summary));
    }
    problems
}

/// What holds for every result, whatever the lead.
fn invariants(r: &ScoredLead) -> Vec<String> {
    let mut out = Vec::new();
    for (name, score, evidence) in [
        ("fit", r.fit.score, &r.fit.evidence),
        ("intent", r.intent.score, &r.intent.evidence),
    ] {
        let sum: i32 = evidence.iter().map(|e| e.points).sum();
        if sum != score {
            out.push(format!("{name} evidence sums to {sum}, score is {score}"));
        }
        if !(0..=100).contains(&score) {
            out.push(format!("{name} score {score} outside 0–100"));
        }
    }
    if (r.route.as_str() == "disqualify") != r.disqualification.is_some() {
        out.push("disqualification must be present exactly when the route is disqualify".into());
    }
    // The summary quotes the route reason and ends the sentence itself.
    if r.route_reason.text.to_string().ends_with('.') {
        out.push("the route reason must not end with a period".into());
    }
    out
}

fn evidence<'a>(json: &'a Value, code: &str) -> Vec<&'a Value> {
    ["fit", "intent"]
        .iter()
        .flat_map(|d| json[d]["evidence"].as_array().into_iter().flatten())
        .filter(|e| e["code"] == code)
        .collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Checks one expected value against the evidence items carrying a code.
type ItemCheck = dyn Fn(&str, &Value, &[&Value]) -> Result<(), String>;

fn check(key: &str, want: &Value, r: &ScoredLead, json: &Value) -> Result<(), String> {
    let eq = |got: Value| {
        if &got == want {
            Ok(())
        } else {
            Err(format!("expected {want}, got {got}"))
        }
    };
    let bound = |got: i32, min: bool| {
        let w = want.as_i64().ok_or("expected a number")?;
        let ok = if min {
            i64::from(got) >= w
        } else {
            i64::from(got) <= w
        };
        if ok {
            Ok(())
        } else {
            Err(format!("got {got}"))
        }
    };
    let per_code = |f: &ItemCheck| -> Result<(), String> {
        let map = want
            .as_object()
            .ok_or("expected an object of evidence code → value")?;
        for (code, w) in map {
            let items = evidence(json, code);
            if items.is_empty() {
                return Err(format!("no evidence item {code}"));
            }
            f(code, w, &items)?;
        }
        Ok(())
    };
    match key {
        "route" => eq(json["route"].clone()),
        "route_reason" => eq(json["route_reason"]["code"].clone()),
        "next_action" => eq(json["next_action"]["code"].clone()),
        "disqualification" => eq(json["disqualification"]["code"].clone()),
        "fit_band" => eq(json["fit"]["band"].clone()),
        "intent_band" => eq(json["intent"]["band"].clone()),
        "confidence" => eq(json["fit"]["confidence"].clone()),
        "fit_min" => bound(r.fit.score, true),
        "fit_max" => bound(r.fit.score, false),
        "intent_min" => bound(r.intent.score, true),
        "intent_max" => bound(r.intent.score, false),
        "missing" => eq(json["missing"].clone()),
        "review_reasons" => {
            let (mut got, mut w) = (strings(&json["review_reasons"]), strings(want));
            got.sort();
            w.sort();
            if got == w {
                Ok(())
            } else {
                Err(format!("expected {w:?}, got {got:?}"))
            }
        }
        "negative" => {
            let got: Vec<String> = r.negative.iter().map(|n| n.code.to_string()).collect();
            let w = strings(want);
            if got == w {
                Ok(())
            } else {
                Err(format!("expected {w:?}, got {got:?}"))
            }
        }
        "evidence" => match strings(want)
            .into_iter()
            .find(|c| evidence(json, c).is_empty())
        {
            None => Ok(()),
            Some(c) => Err(format!("no evidence item {c}")),
        },
        "no_evidence" => match strings(want)
            .into_iter()
            .find(|c| !evidence(json, c).is_empty())
        {
            None => Ok(()),
            Some(c) => Err(format!("unexpected evidence item {c}")),
        },
        "expired" => match strings(want).into_iter().find(|c| {
            !evidence(json, c)
                .iter()
                .any(|e| e["expired"] == true && e["points"] == 0)
        }) {
            None => Ok(()),
            Some(c) => Err(format!("no expired, zero-point item {c}")),
        },
        "enriched" => {
            let marked: Vec<String> = ["fit", "intent"]
                .iter()
                .flat_map(|d| json[d]["evidence"].as_array().into_iter().flatten())
                .filter(|e| e["enriched"] == true)
                .filter_map(|e| e["code"].as_str().map(str::to_string))
                .collect();
            eq(Value::from(marked))
        }
        "evidence_value" => per_code(&|code, w, items| {
            if items.iter().any(|e| &e["value"] == w) {
                Ok(())
            } else {
                Err(format!("{code}: no item with value {w}"))
            }
        }),
        "evidence_points" => per_code(&|code, w, items| {
            if items.iter().any(|e| &e["points"] == w) {
                Ok(())
            } else {
                Err(format!("{code}: no item with {w} points"))
            }
        }),
        "evidence_label_contains" => per_code(&|code, w, items| {
            let needle = w.as_str().unwrap_or_default();
            if items
                .iter()
                .any(|e| e["label"].as_str().is_some_and(|l| l.contains(needle)))
            {
                Ok(())
            } else {
                Err(format!("{code}: no label contains {needle:?}"))
            }
        }),
        "decayed" => per_code(&|code, w, items| {
            let pair = (w[0].clone(), w[1].clone());
            if items
                .iter()
                .any(|e| e["decayed_from"] == pair.0 && e["points"] == pair.1)
            {
                Ok(())
            } else {
                Err(format!("{code}: no item decayed {} → {}", pair.0, pair.1))
            }
        }),
        "notes_contain" => {
            let notes = strings(&json["intent"]["notes"]);
            match strings(want)
                .into_iter()
                .find(|n| !notes.iter().any(|note| note.contains(n.as_str())))
            {
                None => Ok(()),
                Some(n) => Err(format!("no intent note contains {n:?} (notes: {notes:?})")),
            }
        }
        "next_action_contains" => {
            let needle = want.as_str().unwrap_or_default();
            let text = r.next_action.text.to_string();
            if text.contains(needle) {
                Ok(())
            } else {
                Err(format!("{text:?} does not contain {needle:?}"))
            }
        }
        "disqualification_reason_contains" => {
            let reason = r
                .disqualification
                .as_ref()
                .map(|d| d.reason.to_string())
                .unwrap_or_default();
            match strings(want)
                .into_iter()
                .find(|n| !reason.contains(n.as_str()))
            {
                None => Ok(()),
                Some(n) => Err(format!("reason {reason:?} does not contain {n:?}")),
            }
        }
        "dedupe_key" => eq(json["contact_quality"]["dedupe_key"].clone()),
        "phone_e164" => eq(json["contact_quality"]["phone_e164"].clone()),
        "contact_hints" => eq(Value::from(
            json["contact_quality"]["hints"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|h| h["code"].clone())
                .collect::<Vec<_>>(),
        )),
        "likelihood" => eq(json["likelihood"].clone()),
        "likelihood_min" | "likelihood_max" => {
            let per_mille = json["likelihood"]["per_mille"]
                .as_i64()
                .ok_or("no likelihood in the result")?;
            bound(
                i32::try_from(per_mille).unwrap_or(i32::MAX),
                key == "likelihood_min",
            )
        }
        other => Err(format!("unknown expectation key {other:?}")),
    }
}
