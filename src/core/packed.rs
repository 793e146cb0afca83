//! A lead as JavaScript hands it over: its values as numbered ops and its strings in one text —
//! how the npm package passes a JS object to the scoring bundle, instead of `JSON.stringify`.
//!
//! `JSON.stringify` of a lead and reading the JSON back were over a quarter of a `score` call in
//! Node: the engine escapes and writes every name and value as text, and the reader scans it all
//! again for quotes and matches every member name. A pack says the same with no scanning: `pack`
//! in `pkg-config/api.js` walks the lead the way `JSON.stringify` does (own enumerable members in
//! order, `toJSON`, boxed primitives, `undefined` members left out, non-finite numbers as
//! `null`), but only into the members the Lead contract reads ([`LEAD_KEYS`], by number) and
//! only as deep as it reads them; a string is one op and its text appended to one JS string,
//! which is encoded into wasm memory with one `encodeInto`. [`Packed`] reads it through the same
//! lead readers as JSON text (`core::lead`, generic over [`ValueReader`]), so a lead reads the
//! same either way: the same lead, or the same first problem (tests compare both on generated
//! and mutated leads; [`pack`] packs a JSON value as the JS side does).
//!
//! An op is a `u32`: its low 3 bits the tag, the rest the payload.
//!
//! | op | value |
//! |---|---|
//! | `END` | end of the current object or array |
//! | `LITERAL`, payload 0/1/2 | `null`, `false`, `true` |
//! | `STRING`, payload n | the next n UTF-16 units of the text |
//! | `NUMBER`, payload n | a number: the next n characters of the text, as JS writes it |
//! | `OBJECT` | an object: `KEY` ops, each followed by its value, then `END` |
//! | `ARRAY`, payload n | an array of n values (a hint for capacities): its values, then `END` |
//! | `KEY`, payload i | the member named `LEAD_KEYS[i]` |
//! | `SHAPE`, payload 0/1 | an object / an array where the lead has none to read (not sent) |
//! | `SHAPE`, payload 2, then a `STRING` | an object kept as its JSON text (`form.fields`) |
//!
//! A `STRING` payload of [`LONG`] means its length is the next op. Lengths count UTF-16 units,
//! which is what JS knows; when the whole text is ASCII (JS checks: `encodeInto` wrote as many
//! bytes as the text has units) they are byte counts too, and otherwise each string is measured
//! by decoding. An unpaired surrogate cannot cross from JS (it refuses the lead), so no
//! character straddles two strings; if one did, the pack is refused.
//!
//! A malformed pack (a defect on the JS side) is an `invalid_json` error, never a panic.

use std::borrow::Cow;

use super::error::InputError;
use super::json::{duplicate, Member, Object, Path, Syntax, Value, ValueReader, MAX_DEPTH};
use super::lead::{
    COMPANY_FIELDS, CONSENT_FIELDS, CONTACT_FIELDS, EVENT_FIELDS, FORM_FIELDS, LEAD_FIELDS,
    LEAD_KEYS, SOURCE_FIELDS,
};
use super::tape::utf16_len;

pub const END: u32 = 0;
pub const LITERAL: u32 = 1;
pub const STRING: u32 = 2;
pub const NUMBER: u32 = 3;
pub const OBJECT: u32 = 4;
pub const ARRAY: u32 = 5;
pub const KEY: u32 = 6;
pub const SHAPE: u32 = 7;
const TAG_BITS: u32 = 3;
/// The largest payload; as a string length it means "the length is the next op".
pub const LONG: u32 = u32::MAX >> TAG_BITS;

const NULL: u32 = 0;
const FALSE: u32 = 1;
const TRUE: u32 = 2;
const AN_OBJECT: u32 = 0;
const AN_ARRAY: u32 = 1;
const JSON_TEXT: u32 = 2;

/// A pack as it arrived: its ops, its text, and whether the text is all ASCII.
#[derive(Debug, Clone, Copy)]
pub struct Pack<'a> {
    pub ops: &'a [u32],
    pub text: &'a str,
    pub ascii: bool,
}

/// Reads a [`Pack`] value by value (a [`ValueReader`], like JSON text's `json::Stream`).
pub struct Packed<'a> {
    ops: &'a [u32],
    at: usize,
    text: &'a str,
    text_at: usize,
    ascii: bool,
    depth: u32,
    problem: Option<InputError>,
}

impl<'a> Packed<'a> {
    pub fn new(pack: Pack<'a>) -> Packed<'a> {
        Packed {
            ops: pack.ops,
            at: 0,
            text: pack.text,
            text_at: 0,
            ascii: pack.ascii,
            depth: 0,
            problem: None,
        }
    }

    /// Whether the next value is an array.
    pub fn is_array(&self) -> bool {
        self.peek().map(tag) == Some(ARRAY)
    }

    /// How many items the array next says it has (JS writes it; a hint for capacities only).
    pub fn array_len_hint(&self) -> usize {
        self.peek()
            .filter(|&op| tag(op) == ARRAY)
            .map_or(0, |op| payload(op) as usize)
    }

    fn fail(&self, what: &'static str) -> Syntax {
        Syntax::new(what, self.at)
    }

    fn peek(&self) -> Option<u32> {
        self.ops.get(self.at).copied()
    }

    fn next(&mut self) -> Result<u32, Syntax> {
        let op = self
            .peek()
            .ok_or_else(|| self.fail("unexpected end of the pack"))?;
        self.at += 1;
        Ok(op)
    }

    /// The next `units` UTF-16 units of the text.
    fn text(&mut self, units: u32) -> Result<&'a str, Syntax> {
        let units = if units == LONG { self.next()? } else { units } as usize;
        let rest = self.text.get(self.text_at..).unwrap_or("");
        // Where the next `units` bytes are ASCII (all of them, in most texts), they are the
        // string; only a string with other characters is measured by decoding.
        let bytes = if self.ascii || rest.as_bytes().get(..units).is_some_and(<[u8]>::is_ascii) {
            units
        } else {
            let (mut counted, mut end) = (0, rest.len());
            for (at, c) in rest.char_indices() {
                if counted >= units {
                    end = at;
                    break;
                }
                counted += c.len_utf16();
            }
            if counted != units {
                return Err(self.fail(if counted > units {
                    "unpaired surrogate in a string"
                } else {
                    "a string runs past the end of the text"
                }));
            }
            end
        };
        let text = rest
            .get(..bytes)
            .ok_or_else(|| self.fail("a string runs past the end of the text"))?;
        self.text_at += bytes;
        Ok(text)
    }

    /// Into the array or object whose op is next, within JSON's nesting limit.
    fn enter(&mut self) -> Result<(), Syntax> {
        if self.depth >= MAX_DEPTH {
            return Err(self.fail("nesting too deep"));
        }
        self.depth += 1;
        self.at += 1;
        Ok(())
    }

    /// Past the `END` of the array or object just read, when it is next.
    fn leave_at_end(&mut self) -> bool {
        let end = self.peek() == Some(END);
        if end {
            self.at += 1;
            self.depth -= 1;
        }
        end
    }
}

impl<'a> ValueReader<'a> for Packed<'a> {
    fn problem(&mut self) -> &mut Option<InputError> {
        &mut self.problem
    }

    /// Every op and every character of the text was read.
    fn end(self) -> Result<(), Syntax> {
        if self.at < self.ops.len() || self.text_at < self.text.len() {
            return Err(self.fail("more in the pack than one value"));
        }
        Ok(())
    }

    fn null(&mut self) -> bool {
        let found = self.peek() == Some(LITERAL | NULL << TAG_BITS);
        if found {
            self.at += 1;
        }
        found
    }

    fn shallow(&mut self) -> Result<Value<'a>, Syntax> {
        let op = self.next()?;
        Ok(match (tag(op), payload(op)) {
            (LITERAL, NULL) => Value::Null,
            (LITERAL, FALSE) => Value::Bool(false),
            (LITERAL, TRUE) => Value::Bool(true),
            (STRING, units) => Value::String(Cow::Borrowed(self.text(units)?)),
            (NUMBER, units) => Value::Number(self.text(units)?),
            (OBJECT, _) => {
                self.at -= 1;
                self.skip()?;
                Value::Object(Object::default())
            }
            (ARRAY, _) => {
                self.at -= 1;
                self.skip()?;
                Value::Array(Vec::new())
            }
            (SHAPE, AN_OBJECT) => Value::Object(Object::default()),
            (SHAPE, AN_ARRAY) => Value::Array(Vec::new()),
            (SHAPE, JSON_TEXT) => {
                self.at -= 1;
                self.object_text(&Path::Root, "")?;
                Value::Object(Object::default())
            }
            _ => return Err(Syntax::new("not a value op", self.at - 1)),
        })
    }

    fn object(
        &mut self,
        at: &Path<'_>,
        known: &[&str],
        member: &mut dyn FnMut(&mut Packed<'a>, usize, &Path<'_>) -> Result<(), Syntax>,
    ) -> Result<(), Syntax> {
        if self.peek().map(tag) != Some(OBJECT) {
            return self.refuse_shallow(at, "an object");
        }
        self.enter()?;
        let mut seen = 0u64;
        while !self.leave_at_end() {
            let op = self.next()?;
            let name = match (tag(op), LEAD_KEYS.get(payload(op) as usize)) {
                (KEY, Some(name)) => *name,
                _ => return Err(Syntax::new("expected a member name op", self.at - 1)),
            };
            let path = Path::Key(at, name);
            match Member::of(known, name, &mut seen) {
                Member::Known(i) => member(self, i, &path)?,
                Member::Repeated => {
                    self.refuse(duplicate(&path, name));
                    self.skip()?;
                }
                Member::Unknown => self.skip()?,
            }
        }
        Ok(())
    }

    fn array(
        &mut self,
        at: &Path<'_>,
        item: &mut dyn FnMut(&mut Packed<'a>, &Path<'_>) -> Result<(), Syntax>,
    ) -> Result<(), Syntax> {
        if !self.is_array() {
            return self.refuse_shallow(at, "an array");
        }
        self.enter()?;
        let mut index = 0;
        while !self.leave_at_end() {
            item(self, &Path::Index(at, index))?;
            index += 1;
        }
        Ok(())
    }

    fn object_text(&mut self, at: &Path<'_>, expected: &str) -> Result<Option<&'a str>, Syntax> {
        if self.peek() != Some(SHAPE | JSON_TEXT << TAG_BITS) {
            self.refuse_shallow(at, expected)?;
            return Ok(None);
        }
        self.at += 1;
        let op = self.next()?;
        if tag(op) != STRING {
            return Err(Syntax::new("expected the object's JSON text", self.at - 1));
        }
        self.text(payload(op)).map(Some)
    }

    fn skip(&mut self) -> Result<(), Syntax> {
        match self.peek().map(tag) {
            Some(OBJECT) => self.object(&Path::Root, &[], &mut |_, _, _| Ok(())),
            Some(ARRAY) => self.array(&Path::Root, &mut |packed, _| packed.skip()),
            _ => self.shallow().map(drop),
        }
    }
}

fn tag(op: u32) -> u32 {
    op & ((1 << TAG_BITS) - 1)
}

fn payload(op: u32) -> u32 {
    op >> TAG_BITS
}

// ---- packing (what `pack` in `pkg-config/api.js` does, for JSON values) -----------------------

/// A pack being written ([`pack`]); [`PackBuf::pack`] borrows it for reading.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PackBuf {
    pub ops: Vec<u32>,
    pub text: String,
}

impl PackBuf {
    pub fn pack(&self) -> Pack<'_> {
        Pack {
            ops: &self.ops,
            text: &self.text,
            ascii: self.text.is_ascii(),
        }
    }

    fn op(&mut self, tag: u32, payload: u32) {
        self.ops.push(tag | payload << TAG_BITS);
    }

    fn string(&mut self, tag: u32, text: &str) {
        let units = utf16_len(text);
        match u32::try_from(units) {
            Ok(units) if units < LONG => self.op(tag, units),
            _ => {
                self.op(tag, LONG);
                self.ops.push(u32::try_from(units).unwrap_or(u32::MAX));
            }
        }
        self.text.push_str(text);
    }

    fn value(&mut self, value: &Value<'_>, shape: Shape) {
        match (value, shape) {
            (Value::Null, _) => self.op(LITERAL, NULL),
            (Value::Bool(b), _) => self.op(LITERAL, if *b { TRUE } else { FALSE }),
            (Value::Number(n), _) => self.string(NUMBER, n),
            (Value::String(s), _) => self.string(STRING, s),
            (Value::Object(object), Shape::Object(known)) => {
                self.op(OBJECT, 0);
                for (name, value) in &object.members {
                    let id = LEAD_KEYS.iter().position(|key| key == name);
                    if let (true, Some(id)) = (known.contains(&name.as_ref()), id) {
                        self.op(KEY, id as u32);
                        self.value(value, shape_of(name));
                    }
                }
                self.op(END, 0);
            }
            (Value::Object(object), Shape::Text) => {
                self.op(SHAPE, JSON_TEXT);
                self.string(STRING, object.text);
            }
            (Value::Object(_), _) => self.op(SHAPE, AN_OBJECT),
            (Value::Array(items), Shape::Items(item)) => {
                self.op(ARRAY, count(items.len()));
                for value in items {
                    self.value(value, *item);
                }
                self.op(END, 0);
            }
            (Value::Array(_), _) => self.op(SHAPE, AN_ARRAY),
        }
    }
}

/// An array's length as an `ARRAY` payload (at most [`LONG`]).
fn count(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(LONG).min(LONG)
}

/// What the lead readers read at a place in a lead, so what a pack must carry there.
#[derive(Debug, Clone, Copy)]
enum Shape {
    /// A scalar: an object or array here is only refused, so only its kind is sent.
    Scalar,
    /// An object with these members.
    Object(&'static [&'static str]),
    /// An array of these.
    Items(&'static Shape),
    /// An object kept as its JSON text.
    Text,
}

/// The shape of the member `name` (member names mean one thing wherever they are read).
fn shape_of(name: &str) -> Shape {
    const EVENT: Shape = Shape::Object(&EVENT_FIELDS);
    match name {
        "company" => Shape::Object(&COMPANY_FIELDS),
        "contact" => Shape::Object(&CONTACT_FIELDS),
        "form" => Shape::Object(&FORM_FIELDS),
        "source" => Shape::Object(&SOURCE_FIELDS),
        "consent" => Shape::Object(&CONSENT_FIELDS),
        "events" => Shape::Items(&EVENT),
        "enriched_fields" => Shape::Items(&Shape::Scalar),
        "fields" => Shape::Text,
        _ => Shape::Scalar,
    }
}

/// A lead (a JSON value) packed as `pack` in `pkg-config/api.js` packs the JS object
/// `JSON.parse` would give: for the tests, and for native callers that hold values.
pub fn pack(lead: &Value<'_>) -> PackBuf {
    let mut buf = PackBuf::default();
    buf.value(lead, Shape::Object(&LEAD_FIELDS));
    buf
}

/// An array of leads packed as `pack` in `pkg-config/api.js` packs one (`scoreBatch`).
pub fn pack_all(leads: &[Value<'_>]) -> PackBuf {
    let mut buf = PackBuf::default();
    buf.op(ARRAY, count(leads.len()));
    for lead in leads {
        buf.value(lead, Shape::Object(&LEAD_FIELDS));
    }
    buf.op(END, 0);
    buf
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::json::parse;
    use crate::core::lead::{parse_lead, unpack_lead};

    /// Every name a lead reader knows has a pack id (a name without one could not cross), once.
    #[test]
    fn every_member_read_has_one_id() {
        let lists: [&[&str]; 7] = [
            &LEAD_FIELDS,
            &COMPANY_FIELDS,
            &CONTACT_FIELDS,
            &FORM_FIELDS,
            &SOURCE_FIELDS,
            &EVENT_FIELDS,
            &CONSENT_FIELDS,
        ];
        for name in lists.iter().flat_map(|list| list.iter()) {
            assert_eq!(
                LEAD_KEYS.iter().filter(|key| *key == name).count(),
                1,
                "{name}"
            );
        }
        let listed = |key: &&str| lists.iter().any(|list| list.contains(key));
        assert!(LEAD_KEYS.iter().all(listed));
    }

    /// JS measures strings in UTF-16 units; the reader finds them in UTF-8.
    #[test]
    fn strings_are_measured_in_utf16_units() {
        let text = r#"{"id":"ß-😀","company":{"name":"Zoë 😀 AG","domain":"zoë.example"},
            "contact":{"title":"Directeur général"},"form":{"fields":{"ä":"😀"}}}"#;
        let tree = parse(text).unwrap_or(Value::Null);
        let buf = pack(&tree);
        assert!(!buf.pack().ascii);
        let lead = unpack_lead(buf.pack());
        assert_eq!(lead, parse_lead(text));
        assert_eq!(lead.map(|l| l.company.name), Ok(Some("Zoë 😀 AG".into())));
    }

    #[test]
    fn a_character_across_two_strings_is_refused() {
        // "a\u{d83d}" and "\u{de00}b" as JS would send them: the halves meet in the text as one
        // character, which belongs to neither string.
        let ops = [
            OBJECT,
            KEY,
            STRING | 2 << TAG_BITS,
            KEY | 8 << TAG_BITS,
            STRING | 2 << TAG_BITS,
            END,
        ];
        let error = unpack_lead(Pack {
            ops: &ops,
            text: "a😀b",
            ascii: false,
        })
        .err();
        assert_eq!(
            error.map(|e| e.message),
            Some("unpaired surrogate in a string (packed lead, op 3)".into())
        );
    }

    /// A pack that is not one lead's (a JS defect) is an error, whatever its ops.
    #[test]
    fn malformed_packs_are_errors() {
        let text = r#"{"id":"a","company":{"name":"Acme"},"events":[{"type":"demo_request"}],"form":{"fields":{"x":1}}}"#;
        let buf = pack(&parse(text).unwrap_or(Value::Null));
        assert!(unpack_lead(buf.pack()).is_ok());
        for cut in 0..buf.ops.len() {
            let ops = buf.ops.get(..cut).unwrap_or(&[]);
            let pack = Pack {
                ops,
                text: &buf.text,
                ascii: true,
            };
            assert!(unpack_lead(pack).is_err(), "cut at {cut}");
        }
        for bad in [
            KEY | 99 << TAG_BITS,
            LITERAL | 7 << TAG_BITS,
            STRING | 999 << TAG_BITS,
            END,
            SHAPE | 5 << TAG_BITS,
        ] {
            for at in 0..buf.ops.len() {
                let mut ops = buf.ops.clone();
                if let Some(op) = ops.get_mut(at) {
                    *op = bad;
                }
                // No panic; an error or, where the op still makes sense, a lead.
                let _ = unpack_lead(Pack {
                    ops: &ops,
                    text: &buf.text,
                    ascii: true,
                });
            }
        }
        let deep = [vec![ARRAY; 500], vec![END; 500]].concat();
        assert!(unpack_lead(Pack {
            ops: &deep,
            text: "",
            ascii: true
        })
        .is_err());
    }
}
