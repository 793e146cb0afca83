//! The core's JSON reader (`core::json`) against serde_json, the reference: for any JSON text
//! both read the same value, and for any broken text both refuse it.

use leadlens::core::json::{self, Number};
use proptest::prelude::*;

#[path = "support/edit.rs"]
mod edit;
use serde_json::{json, Value};

/// The reader's tree as a serde_json value, numbers read the way the reader's users read them.
fn to_serde(value: &json::Value<'_>) -> Value {
    match value {
        json::Value::Null => Value::Null,
        json::Value::Bool(b) => Value::Bool(*b),
        json::Value::Number(text) => match Number::read(text) {
            Number::Unsigned(n) => json!(n),
            Number::Negative(n) => json!(n),
            Number::Float(f) => json!(f),
        },
        json::Value::String(s) => Value::String(s.to_string()),
        json::Value::Array(items) => Value::Array(items.iter().map(to_serde).collect()),
        json::Value::Object(object) => Value::Object(
            object
                .members
                .iter()
                .map(|(k, v)| (k.to_string(), to_serde(v)))
                .collect(),
        ),
    }
}

/// Equal, except that floats outside the reader's exact range (more than 2^53 in the digits or
/// a decimal exponent beyond ±22) may differ in the last bits: the reader is deterministic but not
/// correctly rounded there.
fn same_up_to_rounding(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => {
            let (x, y) = (
                x.as_f64().unwrap_or(f64::NAN),
                y.as_f64().unwrap_or(f64::NAN),
            );
            x == y || (x - y).abs() <= 1e-14 * x.abs().max(y.abs())
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_up_to_rounding(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_up_to_rounding(v, w)))
        }
        _ => a == b,
    }
}

/// JSON values with the numbers leads and models hold: any integer, and decimals with up to
/// six places (the reader is exact for those; see `json::parse_float`).
fn realistic_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        any::<u64>().prop_map(|n| json!(n)),
        (-1_000_000_000i64..1_000_000_000, 0u32..7)
            .prop_map(|(n, places)| json!(n as f64 / 10f64.powi(places as i32))),
        any::<String>().prop_map(Value::String),
        "[\"\\\\/\\u{0}-\\u{1f}\\u{7f}\\u{2028}é😀 a]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((any::<String>(), inner), 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// Pieces that make or break JSON, for mutating valid text.
fn json_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("{".to_string()),
        Just("}".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just(",".to_string()),
        Just(":".to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("\\u12".to_string()),
        Just("\\ud83d".to_string()),
        Just("-".to_string()),
        Just(".".to_string()),
        Just("e".to_string()),
        Just("0".to_string()),
        Just("tru".to_string()),
        Just("null".to_string()),
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\u{1}".to_string()),
        "[a-z0-9]{1,3}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn reads_what_serde_json_reads(value in realistic_json(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&value)
        } else {
            serde_json::to_string(&value)
        };
        let text = text.unwrap_or_default();
        let reference: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        let ours = json::parse(&text).map(|v| to_serde(&v));
        prop_assert_eq!(ours.ok(), Some(reference), "{}", text);
    }

    #[test]
    fn refuses_what_serde_json_refuses(
        value in realistic_json(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), json_piece(), any::<bool>()), 1..4),
    ) {
        let mut text = serde_json::to_string(&value).unwrap_or_default();
        edit::edit(&mut text, &edits);
        let reference = serde_json::from_str::<Value>(&text);
        let ours = json::parse(&text);
        prop_assert_eq!(ours.is_ok(), reference.is_ok(), "{:?}: serde_json says {:?}", text, reference.err().map(|e| e.to_string()));
        if let (Ok(ours), Ok(reference)) = (ours, reference) {
            let ours = to_serde(&ours);
            prop_assert!(same_up_to_rounding(&ours, &reference), "{} vs {}", ours, reference);
        }
    }

    #[test]
    fn arbitrary_text_is_read_or_refused_without_panic(text in "\\PC{0,80}") {
        let reference = serde_json::from_str::<Value>(&text);
        prop_assert_eq!(json::parse(&text).is_ok(), reference.is_ok(), "{:?}", text);
    }
}

#[test]
fn deep_nesting_is_refused_not_a_stack_overflow() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let error = json::parse(&deep).err().map(|e| e.message);
    assert_eq!(
        error.as_deref(),
        Some("nesting too deep at line 1 column 129")
    );
    let fine = format!("{}{}", "[".repeat(128), "]".repeat(128));
    assert!(json::parse(&fine).is_ok());
}
