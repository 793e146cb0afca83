//! The Lead contract (input of scoring). See `CONTRACTS.md`.
//!
//! Unknown keys are ignored so hosts can pass their records through. Every field but `id` is
//! optional; JSON `null` means "unknown". CRM exports are lenient about types, so counts and
//! amounts also accept numeric strings (`"1,200"`, `"51-200"`, `"$48M"`), booleans accept
//! `"true"`/`"yes"`, and the id may be an integer. Anything else is a typed error naming the path.

use serde::Serialize;

use super::error::{ErrorCode, InputError};
use super::json::{self, Fields, FromJson, Number, Path, Value};
use super::text::trim;
use super::time::Timestamp;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Lead {
    pub id: String,
    pub created_at: Option<Timestamp>,
    pub company: Company,
    pub contact: Contact,
    pub form: Form,
    pub source: Source,
    pub events: Vec<Event>,
    pub consent: Consent,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Company {
    pub name: Option<String>,
    pub domain: Option<String>,
    pub industry: Option<String>,
    pub employees: Option<u64>,
    pub annual_revenue: Option<f64>,
    pub country: Option<String>,
    pub enriched_at: Option<Timestamp>,
    /// Which of these fields a data provider filled (`["employees", "industry"]`): their
    /// evidence is marked `enriched`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub enriched_fields: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Contact {
    pub name: Option<String>,
    pub email: Option<String>,
    pub title: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Form {
    #[serde(rename = "type")]
    pub form_type: Option<String>,
    pub message: Option<String>,
    /// Any other form answers, kept as the JSON object given (calibration can learn from them;
    /// scoring does not read them, so they are not parsed into values here).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<RawObject>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Source {
    pub channel: Option<String>,
    pub campaign: Option<String>,
    pub medium: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    #[serde(rename = "type")]
    pub event_type: String,
    pub at: Option<Timestamp>,
    pub page: Option<String>,
    pub asset: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Consent {
    pub email: Option<bool>,
    pub phone: Option<bool>,
}

/// Parses one lead from JSON text, with the JSON path of the first problem on failure.
pub fn parse_lead(json: &str) -> Result<Lead, InputError> {
    json::read(json)
}

/// Parses a JSON array of leads. Every bad element is reported (index-prefixed path), not just the
/// first, so a batch caller can fix them all at once.
pub fn parse_leads(json: &str) -> Result<Vec<Lead>, Vec<InputError>> {
    let not_an_array = |message: String| {
        vec![InputError::new(
            ErrorCode::InvalidJson,
            "",
            format!("expected a JSON array of leads: {message}"),
        )]
    };
    let items = match json::parse(json) {
        Ok(Value::Array(items)) => items,
        Ok(other) => return Err(not_an_array(format!("found {}", kind(&other)))),
        Err(e) => return Err(not_an_array(e.message)),
    };
    let mut leads = Vec::with_capacity(items.len());
    let mut errors = Vec::new();
    for (index, item) in items.iter().enumerate() {
        match Lead::from_json(item, &Path::Index(&Path::Root, index)) {
            Ok(lead) => leads.push(lead),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(leads)
    } else {
        Err(errors)
    }
}

fn kind(value: &Value<'_>) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A JSON object kept as its text: compared by text, written back as given.
#[derive(Debug, Clone, PartialEq)]
pub struct RawObject(Box<str>);

impl RawObject {
    pub fn json(&self) -> &str {
        &self.0
    }
}

impl Serialize for RawObject {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Written through serde_json's raw value so the object goes out verbatim. The text was
        // an object when read, so this cannot fail in practice; if it did, it is an error, not
        // a silently different lead.
        let raw = serde_json::value::RawValue::from_string(self.0.to_string())
            .map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}

// ---- reading ------------------------------------------------------------------------------------

impl FromJson for Lead {
    fn from_json(value: &Value<'_>, at: &Path<'_>) -> Result<Self, InputError> {
        let f = Fields::new(value, at, &LEAD_FIELDS, false)?;
        Ok(Lead {
            id: f.with("id", read_id)?.ok_or_else(|| f.missing("id"))?,
            created_at: f.opt("created_at")?,
            company: f.or_default("company")?,
            contact: f.or_default("contact")?,
            form: f.or_default("form")?,
            source: f.or_default("source")?,
            events: f.or_default("events")?,
            consent: f.or_default("consent")?,
        })
    }
}

const LEAD_FIELDS: [&str; 8] = [
    "id",
    "created_at",
    "company",
    "contact",
    "form",
    "source",
    "events",
    "consent",
];

impl FromJson for Company {
    fn from_json(value: &Value<'_>, at: &Path<'_>) -> Result<Self, InputError> {
        let f = Fields::new(value, at, &COMPANY_FIELDS, false)?;
        Ok(Company {
            name: f.with("name", read_text)?,
            domain: f.with("domain", read_text)?,
            industry: f.with("industry", read_text)?,
            employees: f.with("employees", read_count)?,
            annual_revenue: f.with("annual_revenue", read_amount)?,
            country: f.with("country", read_text)?,
            enriched_at: f.opt("enriched_at")?,
            enriched_fields: f.or_default("enriched_fields")?,
        })
    }
}

const COMPANY_FIELDS: [&str; 8] = [
    "name",
    "domain",
    "industry",
    "employees",
    "annual_revenue",
    "country",
    "enriched_at",
    "enriched_fields",
];

impl FromJson for Contact {
    fn from_json(value: &Value<'_>, at: &Path<'_>) -> Result<Self, InputError> {
        let f = Fields::new(value, at, &["name", "email", "title", "phone"], false)?;
        Ok(Contact {
            name: f.with("name", read_text)?,
            email: f.with("email", read_text)?,
            title: f.with("title", read_text)?,
            phone: f.with("phone", read_text)?,
        })
    }
}

impl FromJson for Form {
    fn from_json(value: &Value<'_>, at: &Path<'_>) -> Result<Self, InputError> {
        let f = Fields::new(value, at, &["type", "message", "fields"], false)?;
        Ok(Form {
            form_type: f.with("type", read_text)?,
            message: f.with("message", read_text)?,
            fields: f.with("fields", |value, at| match value {
                Value::Object(object) => Ok(Some(RawObject(object.text.into()))),
                other => Err(json::invalid_type(at, other, "an object of form answers")),
            })?,
        })
    }
}

impl FromJson for Source {
    fn from_json(value: &Value<'_>, at: &Path<'_>) -> Result<Self, InputError> {
        let f = Fields::new(value, at, &["channel", "campaign", "medium"], false)?;
        Ok(Source {
            channel: f.with("channel", read_text)?,
            campaign: f.with("campaign", read_text)?,
            medium: f.with("medium", read_text)?,
        })
    }
}

impl FromJson for Event {
    fn from_json(value: &Value<'_>, at: &Path<'_>) -> Result<Self, InputError> {
        let f = Fields::new(value, at, &["type", "at", "page", "asset"], false)?;
        Ok(Event {
            event_type: f.req("type")?,
            at: f.opt("at")?,
            page: f.with("page", read_text)?,
            asset: f.with("asset", read_text)?,
        })
    }
}

impl FromJson for Consent {
    fn from_json(value: &Value<'_>, at: &Path<'_>) -> Result<Self, InputError> {
        let f = Fields::new(value, at, &["email", "phone"], false)?;
        Ok(Consent {
            email: f.with("email", read_consent)?,
            phone: f.with("phone", read_consent)?,
        })
    }
}

// ---- lenient field readers (a present, non-null value) -------------------------------------------

/// A non-empty string or an integer.
fn read_id(value: &Value<'_>, at: &Path<'_>) -> Result<Option<String>, InputError> {
    const EXPECTED: &str = "a non-empty string or an integer id";
    match value {
        Value::String(s) if trim(s).is_empty() => Err(json::invalid_value(at, value, EXPECTED)),
        Value::String(s) => Ok(Some(s.to_string())),
        Value::Number(n) => match Number::read(n) {
            Number::Unsigned(_) | Number::Negative(_) => Ok(Some(n.to_string())),
            Number::Float(_) => Err(json::invalid_type(at, value, EXPECTED)),
        },
        other => Err(json::invalid_type(at, other, EXPECTED)),
    }
}

/// A string, trimmed; blank is "unknown". Integers are accepted and written out (phone numbers
/// and ids often arrive as numbers).
fn read_text(value: &Value<'_>, at: &Path<'_>) -> Result<Option<String>, InputError> {
    match value {
        Value::String(s) => {
            let t = trim(s);
            Ok((!t.is_empty()).then(|| t.to_string()))
        }
        Value::Number(n) => match Number::read(n) {
            Number::Unsigned(_) | Number::Negative(_) => Ok(Some(n.to_string())),
            Number::Float(_) => Err(json::invalid_type(at, value, "a string")),
        },
        other => Err(json::invalid_type(at, other, "a string")),
    }
}

/// A boolean, or `"true"`/`"yes"`/`1`… as CRMs export consent.
fn read_consent(value: &Value<'_>, at: &Path<'_>) -> Result<Option<bool>, InputError> {
    const EXPECTED: &str = "a boolean (or \"true\"/\"false\"/\"yes\"/\"no\")";
    match value {
        Value::Bool(b) => Ok(Some(*b)),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "1" | "on" | "opted_in" => Ok(Some(true)),
            "false" | "no" | "n" | "0" | "off" | "opted_out" => Ok(Some(false)),
            "" => Ok(None),
            _ => Err(json::invalid_value(at, value, EXPECTED)),
        },
        Value::Number(n) => match Number::read(n) {
            Number::Unsigned(0) => Ok(Some(false)),
            Number::Unsigned(1) => Ok(Some(true)),
            Number::Unsigned(_) => Err(json::invalid_value(at, value, EXPECTED)),
            _ => Err(json::invalid_type(at, value, EXPECTED)),
        },
        other => Err(json::invalid_type(at, other, EXPECTED)),
    }
}

const COUNT: &str = "a non-negative whole number such as 240, \"1,200\" or \"51-200\"";
const AMOUNT: &str = "a non-negative amount such as 48000000, \"$48,000,000\" or \"48M\"";

/// Counts must be whole numbers below 10^15 (exactly representable).
fn read_count(value: &Value<'_>, at: &Path<'_>) -> Result<Option<u64>, InputError> {
    let count = read_number(value, at, COUNT, |v| v.fract() == 0.0 && v < 1e15)?;
    Ok(count.map(|v| v as u64))
}

fn read_amount(value: &Value<'_>, at: &Path<'_>) -> Result<Option<f64>, InputError> {
    read_number(value, at, AMOUNT, |_| true)
}

/// A finite, non-negative number that passes `accept`: a JSON number or a loosely written one
/// (`"1,200"`, `"$48M"`, see [`parse_loose_number`]); a blank string is "unknown".
fn read_number(
    value: &Value<'_>,
    at: &Path<'_>,
    expected: &str,
    accept: fn(f64) -> bool,
) -> Result<Option<f64>, InputError> {
    let number = match value {
        Value::Number(n) => Some(Number::read(n).as_f64()),
        Value::String(s) if trim(s).is_empty() => return Ok(None),
        Value::String(s) => parse_loose_number(s),
        other => return Err(json::invalid_type(at, other, expected)),
    };
    match number {
        Some(v) if v.is_finite() && v >= 0.0 && accept(v) => Ok(Some(v)),
        _ => Err(json::invalid_value(at, value, expected)),
    }
}

/// Reads the numbers CRMs and enrichment tools put in text fields: `"1,200"`, `"$48,000,000"`,
/// `"48M"`, `"1.2B"`, `"500k"`, `"10000+"`, and size buckets `"51-200"` (read as the midpoint).
pub fn parse_loose_number(text: &str) -> Option<f64> {
    let t = trim(text);
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
