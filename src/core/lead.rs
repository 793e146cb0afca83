//! The Lead contract (input of scoring). See `CONTRACTS.md`.
//!
//! Unknown keys are ignored so hosts can pass their records through. Every field but `id` is
//! optional; JSON `null` means "unknown". CRM exports are lenient about types, so counts and
//! amounts also accept numeric strings (`"1,200"`, `"51-200"`, `"$48M"`), booleans accept
//! `"true"`/`"yes"`, and the id may be an integer. Anything else is a typed error naming the path.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use super::error::{ErrorCode, InputError};
use super::time::Timestamp;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Lead {
    #[serde(deserialize_with = "de_id")]
    pub id: String,
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    #[serde(default, deserialize_with = "de_or_default")]
    pub company: Company,
    #[serde(default, deserialize_with = "de_or_default")]
    pub contact: Contact,
    #[serde(default, deserialize_with = "de_or_default")]
    pub form: Form,
    #[serde(default, deserialize_with = "de_or_default")]
    pub source: Source,
    #[serde(default, deserialize_with = "de_or_default")]
    pub events: Vec<Event>,
    #[serde(default, deserialize_with = "de_or_default")]
    pub consent: Consent,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Company {
    #[serde(default, deserialize_with = "de_opt_text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "de_opt_text")]
    pub domain: Option<String>,
    #[serde(default, deserialize_with = "de_opt_text")]
    pub industry: Option<String>,
    #[serde(default, deserialize_with = "de_opt_count")]
    pub employees: Option<u64>,
    #[serde(default, deserialize_with = "de_opt_amount")]
    pub annual_revenue: Option<f64>,
    #[serde(default, deserialize_with = "de_opt_text")]
    pub country: Option<String>,
    #[serde(default)]
    pub enriched_at: Option<Timestamp>,
    /// Which of these fields a data provider filled (`["employees", "industry"]`): their
    /// evidence is marked `enriched`.
    #[serde(
        default,
        deserialize_with = "de_or_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub enriched_fields: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    #[serde(default, deserialize_with = "de_opt_text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "de_opt_text")]
    pub email: Option<String>,
    #[serde(default, deserialize_with = "de_opt_text")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "de_opt_text")]
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Form {
    #[serde(default, rename = "type", deserialize_with = "de_opt_text")]
    pub form_type: Option<String>,
    #[serde(default, deserialize_with = "de_opt_text")]
    pub message: Option<String>,
    /// Any other form answers, kept as the JSON object given (calibration can learn from them;
    /// scoring does not read them, so they are not parsed into values here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<RawObject>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Source {
    #[serde(default, deserialize_with = "de_opt_text")]
    pub channel: Option<String>,
    #[serde(default, deserialize_with = "de_opt_text")]
    pub campaign: Option<String>,
    #[serde(default, deserialize_with = "de_opt_text")]
    pub medium: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    #[serde(rename = "type")]
    pub event_type: String,
    #[serde(default)]
    pub at: Option<Timestamp>,
    #[serde(default, deserialize_with = "de_opt_text")]
    pub page: Option<String>,
    #[serde(default, deserialize_with = "de_opt_text")]
    pub asset: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Consent {
    #[serde(default, deserialize_with = "de_opt_bool")]
    pub email: Option<bool>,
    #[serde(default, deserialize_with = "de_opt_bool")]
    pub phone: Option<bool>,
}

/// Parses one lead from JSON text, with the JSON path of the first problem on failure.
pub fn parse_lead(json: &str) -> Result<Lead, InputError> {
    serde_json::from_str(json).map_err(|e| InputError::from_json(e, json))
}

/// Parses a JSON array of leads. Every bad element is reported (index-prefixed path), not just the
/// first, so a batch caller can fix them all at once.
pub fn parse_leads(json: &str) -> Result<Vec<Lead>, Vec<InputError>> {
    let items: Vec<Box<serde_json::value::RawValue>> = serde_json::from_str(json).map_err(|e| {
        vec![InputError::new(
            ErrorCode::InvalidJson,
            "",
            format!("expected a JSON array of leads: {e}"),
        )]
    })?;
    let mut leads = Vec::with_capacity(items.len());
    let mut errors = Vec::new();
    for (index, raw) in items.iter().enumerate() {
        match parse_lead(raw.get()) {
            Ok(lead) => leads.push(lead),
            Err(mut e) => {
                e.path = if e.path.is_empty() {
                    format!("[{index}]")
                } else {
                    format!("[{index}].{}", e.path)
                };
                errors.push(e);
            }
        }
    }
    if errors.is_empty() {
        Ok(leads)
    } else {
        Err(errors)
    }
}

/// A JSON object kept as its text: compared by text, written back verbatim.
#[derive(Debug, Clone)]
pub struct RawObject(Box<serde_json::value::RawValue>);

impl RawObject {
    pub fn json(&self) -> &str {
        self.0.get()
    }
}

impl PartialEq for RawObject {
    fn eq(&self, other: &RawObject) -> bool {
        self.json() == other.json()
    }
}

impl Serialize for RawObject {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for RawObject {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<RawObject, D::Error> {
        let raw = Box::<serde_json::value::RawValue>::deserialize(d)?;
        if raw.get().trim_start().starts_with('{') {
            Ok(RawObject(raw))
        } else {
            Err(de::Error::invalid_type(
                de::Unexpected::Other(raw.get()),
                &"an object of form answers",
            ))
        }
    }
}

// ---- lenient field readers -------------------------------------------------------------------

/// The three `Visitor` methods every optional field shares: `null` (or an absent value) is
/// "unknown", and a present value is read by the visitor's own `visit_*` methods.
macro_rules! null_is_unknown {
    () => {
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Self::Value, D2::Error> {
            d.deserialize_any(self)
        }
    };
}

/// `null` for an object/array field means "unknown", i.e. the default.
fn de_or_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

fn de_id<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    struct IdVisitor;
    impl Visitor<'_> for IdVisitor {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a non-empty string or an integer id")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            if v.trim().is_empty() {
                Err(E::invalid_value(de::Unexpected::Str(v), &self))
            } else {
                Ok(v.to_string())
            }
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
    }
    d.deserialize_any(IdVisitor)
}

/// A string; numbers are accepted and written out (phone numbers and ids often arrive as numbers).
/// Blank strings are "unknown".
fn de_opt_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct TextVisitor;
    impl<'de> Visitor<'de> for TextVisitor {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            let t = v.trim();
            Ok((!t.is_empty()).then(|| t.to_string()))
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
            if v.trim().len() == v.len() {
                Ok((!v.is_empty()).then_some(v))
            } else {
                self.visit_str(&v)
            }
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        null_is_unknown!();
    }
    d.deserialize_option(TextVisitor)
}

fn de_opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    struct BoolVisitor;
    impl<'de> Visitor<'de> for BoolVisitor {
        type Value = Option<bool>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a boolean (or \"true\"/\"false\"/\"yes\"/\"no\")")
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            match v.trim().to_ascii_lowercase().as_str() {
                "true" | "yes" | "y" | "1" | "on" | "opted_in" => Ok(Some(true)),
                "false" | "no" | "n" | "0" | "off" | "opted_out" => Ok(Some(false)),
                "" => Ok(None),
                _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
            }
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            match v {
                0 => Ok(Some(false)),
                1 => Ok(Some(true)),
                _ => Err(E::invalid_value(de::Unexpected::Unsigned(v), &self)),
            }
        }
        null_is_unknown!();
    }
    d.deserialize_option(BoolVisitor)
}

const COUNT: &str = "a non-negative whole number such as 240, \"1,200\" or \"51-200\"";
const AMOUNT: &str = "a non-negative amount such as 48000000, \"$48,000,000\" or \"48M\"";

fn de_opt_count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    // Validated inside the visitor so serde_json reports the error at the value's position.
    Ok(d.deserialize_option(NumberVisitor {
        expected: COUNT,
        whole: true,
    })?
    .map(|v| v as u64))
}

fn de_opt_amount<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    d.deserialize_option(NumberVisitor {
        expected: AMOUNT,
        whole: false,
    })
}

struct NumberVisitor {
    expected: &'static str,
    /// Counts must be whole numbers below 10^15 (exactly representable).
    whole: bool,
}

impl NumberVisitor {
    fn accept<E: de::Error>(&self, v: f64, shown: de::Unexpected) -> Result<Option<f64>, E> {
        let ok = v.is_finite() && v >= 0.0 && (!self.whole || (v.fract() == 0.0 && v < 1e15));
        if ok {
            Ok(Some(v))
        } else {
            Err(E::invalid_value(shown, self))
        }
    }
}

impl<'de> Visitor<'de> for NumberVisitor {
    type Value = Option<f64>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expected)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.accept(v as f64, de::Unexpected::Unsigned(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.accept(v as f64, de::Unexpected::Signed(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.accept(v, de::Unexpected::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        if v.trim().is_empty() {
            return Ok(None);
        }
        match parse_loose_number(v) {
            Some(n) => self.accept(n, de::Unexpected::Str(v)),
            None => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        }
    }
    null_is_unknown!();
}

/// Reads the numbers CRMs and enrichment tools put in text fields: `"1,200"`, `"$48,000,000"`,
/// `"48M"`, `"1.2B"`, `"500k"`, `"10000+"`, and size buckets `"51-200"` (read as the midpoint).
pub fn parse_loose_number(text: &str) -> Option<f64> {
    let t = text.trim();
    if let Some((low, high)) = t
        .split_once(['-', '–'])
        .filter(|(l, _)| !l.trim().is_empty())
    {
        let (low, high) = (parse_loose_number(low)?, parse_loose_number(high)?);
        return (low <= high).then(|| ((low + high) / 2.0).floor());
    }
    let t = t
        .trim_start_matches(['$', '€', '£'])
        .trim_end_matches('+')
        .trim();
    let (digits, multiplier) = match t.char_indices().last() {
        Some((i, 'k' | 'K')) => (t.get(..i)?, 1e3),
        Some((i, 'm' | 'M')) => (t.get(..i)?, 1e6),
        Some((i, 'b' | 'B')) => (t.get(..i)?, 1e9),
        _ => (t, 1.0),
    };
    // Digits by hand rather than `f64::from_str`: its exact-rounding tables are ~10 KB of wasm,
    // and a company size or revenue needs no last-bit precision.
    let mut whole: f64 = 0.0;
    let mut fraction: f64 = 0.0;
    let mut scale: f64 = 1.0;
    let (mut digits_seen, mut in_fraction) = (false, false);
    for c in digits.trim().chars() {
        match c {
            ',' | '_' | ' ' if !in_fraction => {}
            '.' if !in_fraction => in_fraction = true,
            '0'..='9' => {
                let d = f64::from(c as u8 - b'0');
                if in_fraction {
                    scale /= 10.0;
                    fraction += d * scale;
                } else {
                    whole = whole * 10.0 + d;
                }
                digits_seen = true;
            }
            _ => return None,
        }
    }
    let value = (whole + fraction) * multiplier;
    (digits_seen && value.is_finite()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_numbers() {
        for (text, want) in [
            ("240", Some(240.0)),
            ("1,200", Some(1200.0)),
            ("$48,000,000", Some(48e6)),
            ("48M", Some(48e6)),
            ("1.2B", Some(1.2e9)),
            ("500k", Some(500e3)),
            ("10000+", Some(10000.0)),
            ("51-200", Some(125.0)),
            ("51 – 200", Some(125.0)),
            ("-5", None),
            ("lots", None),
            ("200-51", None),
            ("1e5", None),
            ("1.2.3", None),
            ("12.5k", Some(12500.0)),
            ("$", None),
        ] {
            assert_eq!(parse_loose_number(text), want, "{text}");
        }
    }

    #[test]
    fn errors_name_the_path() {
        let e = parse_lead(r#"{"id":"a","company":{"employees":"lots"}}"#).err();
        assert_eq!(
            e.as_ref().map(|e| (e.code, e.path.as_str())),
            Some((ErrorCode::InvalidField, "company.employees"))
        );
        let e =
            parse_lead(r#"{"id":"a","events":[{"type":"demo_request","at":"yesterday"}]}"#).err();
        assert_eq!(e.as_ref().map(|e| e.path.as_str()), Some("events[0].at"));
        let e = parse_lead(r#"{"company":{}}"#).err();
        assert_eq!(
            e.as_ref().map(|e| (e.code, e.path.as_str())),
            Some((ErrorCode::MissingField, "id"))
        );
        let e = parse_lead(r#"{"id":""}"#).err();
        assert_eq!(
            e.as_ref().map(|e| (e.code, e.path.as_str())),
            Some((ErrorCode::InvalidField, "id"))
        );
        let e = parse_lead(r#"{"id":"a","form":{"fields":[1,2],"type":"demo"}}"#).err();
        assert_eq!(e.as_ref().map(|e| e.path.as_str()), Some("form.fields"));
        let e = parse_lead(r#"{"id":"a","#).err();
        assert_eq!(e.map(|e| e.code), Some(ErrorCode::InvalidJson));
    }

    #[test]
    fn lenient_types_and_nulls() {
        let lead = parse_lead(
            r#"{"id":1042,"company":{"employees":"51-200","annual_revenue":"$48M","name":null,"country":"  "},
                "contact":null,"consent":{"email":"yes","phone":0},"unknown":{"kept":"ignored"}}"#,
        );
        let lead = lead.ok().unwrap_or_default();
        assert_eq!(lead.id, "1042");
        assert_eq!(lead.company.employees, Some(125));
        assert_eq!(lead.company.annual_revenue, Some(48e6));
        assert_eq!(lead.company.country, None);
        assert_eq!(lead.consent.email, Some(true));
        assert_eq!(lead.consent.phone, Some(false));
    }

    #[test]
    fn batch_reports_every_bad_element() {
        let errs = parse_leads(r#"[{"id":"a"},{"id":"b","company":{"employees":-3}},{"x":1}]"#)
            .err()
            .unwrap_or_default();
        let paths: Vec<&str> = errs.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["[1].company.employees", "[2].id"]);
    }
}
