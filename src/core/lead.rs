//! The Lead contract (input of scoring). See `CONTRACTS.md`.
//!
//! Unknown keys are ignored so hosts can pass their records through. Every field but `id` is
//! optional; JSON `null` means "unknown". CRM exports are lenient about types, so counts and
//! amounts also accept numeric strings (`"1,200"`, `"51-200"`, `"$48M"`), booleans accept
//! `"true"`/`"yes"`, and the id may be an integer. Anything else is a typed error naming the path.

use std::borrow::Cow;

use serde::Serialize;

use super::error::{ErrorCode, InputError};
use super::json::{self, FromJson, Number, Path, ReadError, Stream, Syntax, Value, ValueReader};
use super::packed::{Pack, Packed};
use super::text::{owned, trim, trim_cow};
use super::time::Timestamp;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Lead<'a> {
    pub id: Cow<'a, str>,
    pub created_at: Option<Timestamp>,
    pub company: Company<'a>,
    pub contact: Contact<'a>,
    pub form: Form<'a>,
    pub source: Source<'a>,
    pub events: Vec<Event<'a>>,
    pub consent: Consent,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Company<'a> {
    pub name: Option<Cow<'a, str>>,
    pub domain: Option<Cow<'a, str>>,
    pub industry: Option<Cow<'a, str>>,
    pub employees: Option<u64>,
    pub annual_revenue: Option<f64>,
    pub country: Option<Cow<'a, str>>,
    pub enriched_at: Option<Timestamp>,
    /// Which of these fields a data provider filled (`["employees", "industry"]`): their
    /// evidence is marked `enriched`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub enriched_fields: Vec<Cow<'a, str>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Contact<'a> {
    pub name: Option<Cow<'a, str>>,
    pub email: Option<Cow<'a, str>>,
    pub title: Option<Cow<'a, str>>,
    pub phone: Option<Cow<'a, str>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Form<'a> {
    #[serde(rename = "type")]
    pub form_type: Option<Cow<'a, str>>,
    pub message: Option<Cow<'a, str>>,
    /// Any other form answers, kept as the JSON object given (calibration can learn from them;
    /// scoring does not read them, so they are not parsed into values here).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<RawObject>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Source<'a> {
    pub channel: Option<Cow<'a, str>>,
    pub campaign: Option<Cow<'a, str>>,
    pub medium: Option<Cow<'a, str>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event<'a> {
    #[serde(rename = "type")]
    pub event_type: Cow<'a, str>,
    pub at: Option<Timestamp>,
    pub page: Option<Cow<'a, str>>,
    pub asset: Option<Cow<'a, str>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Consent {
    pub email: Option<bool>,
    pub phone: Option<bool>,
}

impl Lead<'_> {
    /// The lead with its text copied out of what it was read from, to keep it longer. (Readers
    /// borrow every string they can from their input: reading a lead allocates for its events
    /// and for escaped strings only.)
    pub fn into_owned(self) -> Lead<'static> {
        Lead {
            id: owned(self.id),
            created_at: self.created_at,
            company: self.company.into_owned(),
            contact: Contact {
                name: self.contact.name.map(owned),
                email: self.contact.email.map(owned),
                title: self.contact.title.map(owned),
                phone: self.contact.phone.map(owned),
            },
            form: Form {
                form_type: self.form.form_type.map(owned),
                message: self.form.message.map(owned),
                fields: self.form.fields,
            },
            source: Source {
                channel: self.source.channel.map(owned),
                campaign: self.source.campaign.map(owned),
                medium: self.source.medium.map(owned),
            },
            events: self
                .events
                .into_iter()
                .map(|e| Event {
                    event_type: owned(e.event_type),
                    at: e.at,
                    page: e.page.map(owned),
                    asset: e.asset.map(owned),
                })
                .collect(),
            consent: self.consent,
        }
    }
}

impl Company<'_> {
    pub fn into_owned(self) -> Company<'static> {
        Company {
            name: self.name.map(owned),
            domain: self.domain.map(owned),
            industry: self.industry.map(owned),
            employees: self.employees,
            annual_revenue: self.annual_revenue,
            country: self.country.map(owned),
            enriched_at: self.enriched_at,
            enriched_fields: self.enriched_fields.into_iter().map(owned).collect(),
        }
    }
}

/// Parses one lead from JSON text. On failure, the error names the first problem: a syntax
/// error wherever it is (line and column), else the first value in the text that is wrong (its
/// JSON path), else a missing `id`.
pub fn parse_lead(json: &str) -> Result<Lead<'_>, InputError> {
    one_lead(Stream::new(json), |syntax| syntax.report(json))
}

/// Parses a JSON array of leads. Every bad element is reported (index-prefixed path), not just the
/// first, so a batch caller can fix them all at once.
pub fn parse_leads(json: &str) -> Result<Vec<Lead<'_>>, Vec<InputError>> {
    let not_an_array = |message: String| {
        vec![InputError::new(
            ErrorCode::InvalidJson,
            "",
            format!("expected a JSON array of leads: {message}"),
        )]
    };
    let mut stream = Stream::new(json);
    if !stream.starts_with(b'[') {
        // Not an array: say what it is (or where its syntax is broken).
        return Err(not_an_array(match json::parse(json) {
            Ok(other) => format!("found {}", kind(&other)),
            Err(e) => e.message,
        }));
    }
    let mut leads = Vec::new();
    let errors = each_lead(&mut stream, &mut |_, lead| leads.push(lead))
        .and_then(|errors| stream.end().map(|()| errors))
        .map_err(|syntax| not_an_array(syntax.report(json).message))?;
    if errors.is_empty() {
        Ok(leads)
    } else {
        Err(errors)
    }
}

/// Reads one lead from its pack (`core::packed`: how the npm package hands over a JS object).
/// The same lead, or the same first problem, as [`parse_lead`] of its JSON text.
pub fn unpack_lead(pack: Pack<'_>) -> Result<Lead<'_>, InputError> {
    one_lead(Packed::new(pack), Syntax::report_packed)
}

/// Reads the leads of an array's pack, like [`parse_leads`]: every bad element is reported.
pub fn unpack_leads(pack: Pack<'_>) -> Result<Vec<Lead<'_>>, Vec<InputError>> {
    let mut leads = Vec::new();
    unpack_leads_each(pack, &mut |_, lead| leads.push(lead))?;
    Ok(leads)
}

/// Reads the leads of an array's pack one by one, handing each good one to `each` with its index
/// before the next is read; every bad one is reported, as by [`unpack_leads`]. `each` is called
/// on good leads only while none was bad.
pub fn unpack_leads_each<'a>(
    pack: Pack<'a>,
    each: &mut dyn FnMut(usize, Lead<'a>),
) -> Result<(), Vec<InputError>> {
    let mut packed = Packed::new(pack);
    if !packed.is_array() {
        return Err(vec![
            Syntax::new("expected an array of leads", 0).report_packed()
        ]);
    }
    let errors = each_lead(&mut packed, each)
        .and_then(|errors| packed.end().map(|()| errors))
        .map_err(|syntax| vec![syntax.report_packed()])?;
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// One lead and nothing after it: the first problem, a syntax error (or a malformed pack,
/// `report` says which) before any other.
fn one_lead<'a, R: ValueReader<'a>>(
    mut reader: R,
    report: impl FnOnce(Syntax) -> InputError,
) -> Result<Lead<'a>, InputError> {
    let read = read_lead(&mut reader, &Path::Root);
    let problem = reader.take_problem();
    let lead = read
        .and_then(|lead| reader.end().map(|()| lead))
        .map_err(report)?;
    match problem {
        Some(problem) => Err(problem),
        None => Ok(lead),
    }
}

/// The leads of the array next in `reader`, each good one handed to `each` with its index while
/// none was bad; the problems of the bad ones.
fn each_lead<'a, R: ValueReader<'a>>(
    reader: &mut R,
    each: &mut dyn FnMut(usize, Lead<'a>),
) -> Result<Vec<InputError>, Syntax> {
    let (mut errors, mut index) = (Vec::new(), 0);
    reader.array(&Path::Root, &mut |reader, at| {
        let lead = read_lead(reader, at)?;
        match reader.take_problem() {
            Some(problem) => errors.push(problem),
            None if errors.is_empty() => each(index, lead),
            None => {}
        }
        index += 1;
        Ok(())
    })?;
    Ok(errors)
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

// ---- reading ----------------------------------------------------------------------------------
//
// Straight from the text into the lead (`json::Stream`): members by name, in any order, unknown
// ones skipped (hosts pass their records through), `null` = unknown. A problem is kept and
// reading goes on (see `Stream`); the lead is then dropped by `parse_lead`.

/// `members!(NAMES, positions { NAME = "name", … })`: the member names an object reader knows,
/// as the array `NAMES` it gives [`ValueReader::object`], and each name's position in it as a
/// constant in the module `positions`, which the reader matches: a member's name is compared
/// once, by the stream, not again by the reader.
macro_rules! members {
    ($names:ident, $positions:ident { $($position:ident = $name:literal),+ $(,)? }) => {
        pub const $names: [&str; [$($name),+].len()] = [$($name),+];
        mod $positions {
            members!(@number 0usize; $($position)+);
        }
    };
    (@number $at:expr; $first:ident $($rest:ident)*) => {
        pub const $first: usize = $at;
        members!(@number $at + 1; $($rest)*);
    };
    (@number $at:expr;) => {};
}

/// An object member: `null` leaves the default.
fn nested<'a, R: ValueReader<'a>>(
    stream: &mut R,
    at: &Path<'_>,
    known: &[&str],
    member: &mut dyn FnMut(&mut R, usize, &Path<'_>) -> Result<(), Syntax>,
) -> Result<(), Syntax> {
    if stream.null() {
        return Ok(());
    }
    stream.object(at, known, member)
}

fn read_lead<'a, R: ValueReader<'a>>(stream: &mut R, at: &Path<'_>) -> Result<Lead<'a>, Syntax> {
    let (mut lead, mut id) = (Lead::default(), None);
    stream.object(at, &LEAD_FIELDS, &mut |stream, member, at| {
        match member {
            lead_member::ID => id = stream.with(at, read_id)?,
            lead_member::CREATED_AT => lead.created_at = stream.with(at, read_timestamp)?,
            lead_member::COMPANY => read_company(stream, at, &mut lead.company)?,
            lead_member::CONTACT => read_contact(stream, at, &mut lead.contact)?,
            lead_member::FORM => read_form(stream, at, &mut lead.form)?,
            lead_member::SOURCE => read_source(stream, at, &mut lead.source)?,
            lead_member::EVENTS => {
                if !stream.null() {
                    stream.array(at, &mut |stream, at| {
                        if let Some(event) = read_event(stream, at)? {
                            lead.events.push(event);
                        }
                        Ok(())
                    })?;
                }
            }
            lead_member::CONSENT => read_consent_member(stream, at, &mut lead.consent)?,
            _ => stream.skip()?,
        }
        Ok(())
    })?;
    match id {
        Some(id) => lead.id = id,
        None => stream.refuse(json::missing(at, "id")),
    }
    Ok(lead)
}

members!(LEAD_FIELDS, lead_member {
    ID = "id",
    CREATED_AT = "created_at",
    COMPANY = "company",
    CONTACT = "contact",
    FORM = "form",
    SOURCE = "source",
    EVENTS = "events",
    CONSENT = "consent",
});

fn read_company<'a, R: ValueReader<'a>>(
    stream: &mut R,
    at: &Path<'_>,
    company: &mut Company<'a>,
) -> Result<(), Syntax> {
    nested(stream, at, &COMPANY_FIELDS, &mut |stream, member, at| {
        match member {
            company_member::NAME => company.name = stream.with(at, read_text)?,
            company_member::DOMAIN => company.domain = stream.with(at, read_text)?,
            company_member::INDUSTRY => company.industry = stream.with(at, read_text)?,
            company_member::EMPLOYEES => company.employees = stream.with(at, read_count)?,
            company_member::ANNUAL_REVENUE => {
                company.annual_revenue = stream.with(at, read_amount)?
            }
            company_member::COUNTRY => company.country = stream.with(at, read_text)?,
            company_member::ENRICHED_AT => company.enriched_at = stream.with(at, read_timestamp)?,
            company_member::ENRICHED_FIELDS => {
                if !stream.null() {
                    let fields = &mut company.enriched_fields;
                    stream.array(at, &mut |stream, at| {
                        fields.extend(stream.read(at, read_string)?.flatten());
                        Ok(())
                    })?;
                }
            }
            _ => stream.skip()?,
        }
        Ok(())
    })
}

members!(COMPANY_FIELDS, company_member {
    NAME = "name",
    DOMAIN = "domain",
    INDUSTRY = "industry",
    EMPLOYEES = "employees",
    ANNUAL_REVENUE = "annual_revenue",
    COUNTRY = "country",
    ENRICHED_AT = "enriched_at",
    ENRICHED_FIELDS = "enriched_fields",
});

/// Read by `texts`: each member into the field at its position.
pub const CONTACT_FIELDS: [&str; 4] = ["name", "email", "title", "phone"];
members!(FORM_FIELDS, form_member {
    TYPE = "type",
    MESSAGE = "message",
    FIELDS = "fields",
});
/// Read by `texts`.
pub const SOURCE_FIELDS: [&str; 3] = ["channel", "campaign", "medium"];
members!(EVENT_FIELDS, event_member {
    TYPE = "type",
    AT = "at",
    PAGE = "page",
    ASSET = "asset",
});
members!(CONSENT_FIELDS, consent_member {
    EMAIL = "email",
    PHONE = "phone",
});

/// Every member name the readers above know, numbered for packs (`core::packed`: a `KEY` op's
/// payload). `pkg-config/api.js` keeps a copy (`LEAD_KEYS`, with each object's own names) and
/// checks it against `leadKeys()` before its first pack: change both together.
pub const LEAD_KEYS: [&str; 28] = [
    "id",
    "created_at",
    "company",
    "contact",
    "form",
    "source",
    "events",
    "consent",
    "name",
    "domain",
    "industry",
    "employees",
    "annual_revenue",
    "country",
    "enriched_at",
    "enriched_fields",
    "email",
    "title",
    "phone",
    "type",
    "message",
    "fields",
    "channel",
    "campaign",
    "medium",
    "at",
    "page",
    "asset",
];

fn read_contact<'a, R: ValueReader<'a>>(
    stream: &mut R,
    at: &Path<'_>,
    contact: &mut Contact<'a>,
) -> Result<(), Syntax> {
    let fields = [
        &mut contact.name,
        &mut contact.email,
        &mut contact.title,
        &mut contact.phone,
    ];
    texts(stream, at, &CONTACT_FIELDS, fields)
}

fn read_form<'a, R: ValueReader<'a>>(
    stream: &mut R,
    at: &Path<'_>,
    form: &mut Form<'a>,
) -> Result<(), Syntax> {
    nested(stream, at, &FORM_FIELDS, &mut |stream, member, at| {
        match member {
            form_member::TYPE => form.form_type = stream.with(at, read_text)?,
            form_member::MESSAGE => form.message = stream.with(at, read_text)?,
            form_member::FIELDS => {
                if !stream.null() {
                    let text = stream.object_text(at, "an object of form answers")?;
                    form.fields = text.map(|text| RawObject(text.into()));
                }
            }
            _ => stream.skip()?,
        }
        Ok(())
    })
}

fn read_source<'a, R: ValueReader<'a>>(
    stream: &mut R,
    at: &Path<'_>,
    source: &mut Source<'a>,
) -> Result<(), Syntax> {
    let fields = [
        &mut source.channel,
        &mut source.campaign,
        &mut source.medium,
    ];
    texts(stream, at, &SOURCE_FIELDS, fields)
}

/// An object whose members are all text: the member `known[i]` into `fields[i]`.
fn texts<'a, R: ValueReader<'a>, const N: usize>(
    stream: &mut R,
    at: &Path<'_>,
    known: &[&str; N],
    mut fields: [&mut Option<Cow<'a, str>>; N],
) -> Result<(), Syntax> {
    nested(stream, at, known, &mut |stream, member, at| {
        match fields.get_mut(member) {
            Some(field) => **field = stream.with(at, read_text)?,
            None => stream.skip()?,
        }
        Ok(())
    })
}

/// An event; `None` when it is not an object or has no type (the problem is kept).
fn read_event<'a, R: ValueReader<'a>>(
    stream: &mut R,
    at: &Path<'_>,
) -> Result<Option<Event<'a>>, Syntax> {
    let (mut event_type, mut when, mut page, mut asset) = (None, None, None, None);
    stream.object(at, &EVENT_FIELDS, &mut |stream, member, at| {
        match member {
            event_member::TYPE => event_type = stream.with(at, read_string)?,
            event_member::AT => when = stream.with(at, read_timestamp)?,
            event_member::PAGE => page = stream.with(at, read_text)?,
            event_member::ASSET => asset = stream.with(at, read_text)?,
            _ => stream.skip()?,
        }
        Ok(())
    })?;
    Ok(match event_type {
        Some(event_type) => Some(Event {
            event_type,
            at: when,
            page,
            asset,
        }),
        None => {
            stream.refuse(json::missing(at, "type"));
            None
        }
    })
}

fn read_consent_member<'a, R: ValueReader<'a>>(
    stream: &mut R,
    at: &Path<'_>,
    consent: &mut Consent,
) -> Result<(), Syntax> {
    nested(stream, at, &CONSENT_FIELDS, &mut |stream, member, at| {
        let field = match member {
            consent_member::EMAIL => &mut consent.email,
            consent_member::PHONE => &mut consent.phone,
            _ => return stream.skip(),
        };
        *field = stream.with(at, read_consent)?;
        Ok(())
    })
}

// ---- field readers (a present, non-null value) -----------------------------------------------------

pub fn read_string<'a>(
    value: &Value<'a>,
    at: &Path<'_>,
) -> Result<Option<Cow<'a, str>>, ReadError> {
    match value {
        Value::String(s) => Ok(Some(s.clone())),
        other => Err(json::invalid_type(at, other, "a string").into()),
    }
}

pub fn read_timestamp(value: &Value<'_>, at: &Path<'_>) -> Result<Option<Timestamp>, ReadError> {
    Timestamp::from_json(value, at).map(Some)
}

/// A non-empty string or an integer.
pub fn read_id<'a>(value: &Value<'a>, at: &Path<'_>) -> Result<Option<Cow<'a, str>>, ReadError> {
    const EXPECTED: &str = "a non-empty string or an integer id";
    match value {
        Value::String(s) if trim(s).is_empty() => {
            Err(json::invalid_value(at, value, EXPECTED).into())
        }
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => match Number::read(n) {
            Number::Unsigned(_) | Number::Negative(_) => Ok(Some(Cow::Borrowed(n))),
            Number::Float(_) => Err(json::invalid_type(at, value, EXPECTED).into()),
        },
        other => Err(json::invalid_type(at, other, EXPECTED).into()),
    }
}

/// A string, trimmed; blank is "unknown". Integers are accepted and written out (phone numbers
/// and ids often arrive as numbers).
pub fn read_text<'a>(value: &Value<'a>, at: &Path<'_>) -> Result<Option<Cow<'a, str>>, ReadError> {
    match value {
        Value::String(s) => {
            let t = trim_cow(s);
            Ok((!t.is_empty()).then_some(t))
        }
        Value::Number(n) => match Number::read(n) {
            Number::Unsigned(_) | Number::Negative(_) => Ok(Some(Cow::Borrowed(n))),
            Number::Float(_) => Err(json::invalid_type(at, value, "a string").into()),
        },
        other => Err(json::invalid_type(at, other, "a string").into()),
    }
}

/// A boolean, or `"true"`/`"yes"`/`1`… as CRMs export consent.
pub fn read_consent(value: &Value<'_>, at: &Path<'_>) -> Result<Option<bool>, ReadError> {
    const EXPECTED: &str = "a boolean (or \"true\"/\"false\"/\"yes\"/\"no\")";
    match value {
        Value::Bool(b) => Ok(Some(*b)),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "y" | "1" | "on" | "opted_in" => Ok(Some(true)),
            "false" | "no" | "n" | "0" | "off" | "opted_out" => Ok(Some(false)),
            "" => Ok(None),
            _ => Err(json::invalid_value(at, value, EXPECTED).into()),
        },
        Value::Number(n) => match Number::read(n) {
            Number::Unsigned(0) => Ok(Some(false)),
            Number::Unsigned(1) => Ok(Some(true)),
            Number::Unsigned(_) => Err(json::invalid_value(at, value, EXPECTED).into()),
            _ => Err(json::invalid_type(at, value, EXPECTED).into()),
        },
        other => Err(json::invalid_type(at, other, EXPECTED).into()),
    }
}

const COUNT: &str = "a non-negative whole number such as 240, \"1,200\" or \"51-200\"";
const AMOUNT: &str = "a non-negative amount such as 48000000, \"$48,000,000\" or \"48M\"";

/// Counts must be whole numbers below 10^15 (exactly representable).
pub fn read_count(value: &Value<'_>, at: &Path<'_>) -> Result<Option<u64>, ReadError> {
    let count = read_number(value, at, COUNT, |v| v.fract() == 0.0 && v < 1e15)?;
    Ok(count.map(|v| v as u64))
}

pub fn read_amount(value: &Value<'_>, at: &Path<'_>) -> Result<Option<f64>, ReadError> {
    read_number(value, at, AMOUNT, |_| true)
}

/// A finite, non-negative number that passes `accept`: a JSON number or a loosely written one
/// (`"1,200"`, `"$48M"`, see [`parse_loose_number`]); a blank string is "unknown".
fn read_number(
    value: &Value<'_>,
    at: &Path<'_>,
    expected: &str,
    accept: fn(f64) -> bool,
) -> Result<Option<f64>, ReadError> {
    let number = match value {
        Value::Number(n) => Some(Number::read(n).as_f64()),
        Value::String(s) if trim(s).is_empty() => return Ok(None),
        Value::String(s) => parse_loose_number(s),
        other => return Err(json::invalid_type(at, other, expected).into()),
    };
    match number {
        Some(v) if v.is_finite() && v >= 0.0 && accept(v) => Ok(Some(v)),
        _ => Err(json::invalid_value(at, value, expected).into()),
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
    fn text_is_borrowed_from_the_input_unless_escaped() {
        let text = r#"{"id":"L-1","company":{"name":" Acme ","industry":"logistics","enriched_fields":["industry"]},
            "contact":{"title":"VP \"Ops\""},"form":{"message":"Budget\napproved"},
            "events":[{"type":"demo_request","page":"/pricing"}],"source":{"channel":"ads"}}"#;
        let lead = parse_lead(text).unwrap_or_default();
        let borrowed = |t: &Option<Cow<'_, str>>| matches!(t, Some(Cow::Borrowed(_)));
        assert!(matches!(lead.id, Cow::Borrowed("L-1")));
        assert!(borrowed(&lead.company.name), "trimmed, still borrowed");
        assert_eq!(lead.company.name.as_deref(), Some("Acme"));
        assert!(borrowed(&lead.company.industry) && borrowed(&lead.source.channel));
        assert!(matches!(
            lead.company.enriched_fields.first(),
            Some(Cow::Borrowed("industry"))
        ));
        let event = lead.events.first();
        assert!(event.is_some_and(|e| matches!(e.event_type, Cow::Borrowed("demo_request"))));
        // Escapes are decoded into owned text.
        assert_eq!(lead.contact.title.as_deref(), Some("VP \"Ops\""));
        assert!(matches!(lead.contact.title, Some(Cow::Owned(_))));
        assert_eq!(lead.form.message.as_deref(), Some("Budget\napproved"));
        // Detached, the lead is the same lead.
        let owned: Lead<'static> = lead.clone().into_owned();
        assert_eq!(owned, lead);
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
