//! The JSON reader for the core's inputs (leads, models, form answers).
//!
//! Two ways to read. Models: [`parse`] turns text into a [`Value`] tree that borrows its strings
//! from the text, then [`FromJson`] readers walk the tree with the JSON [`Path`] of every value in
//! hand, so an error says exactly where it is (`events[2].at: invalid value: string "yesterday",
//! expected …`). Leads, read in bulk: [`Stream`] reads the text straight into the lead, value by
//! value, with the same syntax, the same scalar readers and the same paths, and no tree to build
//! and drop (that was half the cost of reading a lead).
//!
//! Why not serde's `Deserialize` + serde_json: every derived visitor is monomorphized against the
//! whole serde_json parser, and serde's error messages link float formatting and the Unicode
//! escape tables. That was about a third of the scoring bundle; this reader and its plain,
//! non-generic readers are a fraction of it. Results are still written with serde_json.
//!
//! **Never panics**, whatever the text: no indexing, nesting limited to [`MAX_DEPTH`].

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::display::Piece;
use super::error::{ErrorCode, InputError};

/// Deeper nesting is refused (as serde_json does) so hostile input cannot exhaust the stack.
pub const MAX_DEPTH: u32 = 128;

/// A parsed JSON value. Strings borrow from the text unless they contained escapes; numbers keep
/// their text and are converted by the reader that knows what it wants.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    Bool(bool),
    Number(&'a str),
    String(Cow<'a, str>),
    Array(Vec<Value<'a>>),
    Object(Object<'a>),
}

/// A JSON object: its members in text order, and its text (kept verbatim where a lead passes
/// an object through, e.g. `form.fields`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Object<'a> {
    pub members: Vec<(Cow<'a, str>, Value<'a>)>,
    pub text: &'a str,
}

impl<'a> Object<'a> {
    /// The first member named `key`.
    pub fn get(&self, key: &str) -> Option<&Value<'a>> {
        self.members
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value)
    }
}

/// A JSON number read for what it is: integers stay exact, anything else is a float.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    Unsigned(u64),
    Negative(i64),
    Float(f64),
}

impl Number {
    /// Reads the text of a JSON number (already checked by the parser).
    pub fn read(text: &str) -> Number {
        if !text.contains(['.', 'e', 'E']) {
            if let Ok(n) = text.parse::<u64>() {
                return Number::Unsigned(n);
            }
            if let Ok(n) = text.parse::<i64>() {
                return Number::Negative(n);
            }
        }
        Number::Float(parse_float(text))
    }

    pub fn as_f64(self) -> f64 {
        match self {
            Number::Unsigned(n) => n as f64,
            Number::Negative(n) => n as f64,
            Number::Float(f) => f,
        }
    }
}

/// Exact powers of ten an f64 holds (10^0 … 10^22).
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The value of a JSON number's text. Correctly rounded whenever the digits fit in 2^53 and the
/// decimal exponent in ±22 (every number a lead or a model realistically holds: `0.5`, `48e6`,
/// `12.75`); beyond that, close and deterministic. `f64::from_str` is exact everywhere but its
/// tables cost ~10 KB of wasm.
fn parse_float(text: &str) -> f64 {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa_text, exponent_text) = match digits.find(['e', 'E']) {
        Some(at) => (
            digits.get(..at).unwrap_or(""),
            digits.get(at + 1..).unwrap_or(""),
        ),
        None => (digits, ""),
    };
    let mut mantissa: u64 = 0;
    let mut exponent: i64 = 0;
    let mut after_point = false;
    for c in mantissa_text.bytes() {
        match c {
            b'.' => after_point = true,
            b'0'..=b'9' => {
                if mantissa < 1_000_000_000_000_000_000 {
                    mantissa = mantissa * 10 + u64::from(c - b'0');
                    if after_point {
                        exponent -= 1;
                    }
                } else if !after_point {
                    // Digits beyond what u64 holds only scale the value.
                    exponent += 1;
                }
            }
            _ => {}
        }
    }
    let stated: i64 = if exponent_text.is_empty() {
        0
    } else {
        exponent_text.parse().unwrap_or_else(|_| {
            // Out of i64 range: the sign says which way it overflows.
            if exponent_text.starts_with('-') {
                i64::MIN / 2
            } else {
                i64::MAX / 2
            }
        })
    };
    exponent = exponent.saturating_add(stated);
    let mut value = mantissa as f64;
    if mantissa != 0 {
        let exact = mantissa <= 1 << 53;
        match POW10.get(exponent.unsigned_abs() as usize) {
            Some(&power) if exact && exponent >= 0 => value *= power,
            Some(&power) if exact => value /= power,
            _ => value = scale_by_ten(value, exponent),
        }
    }
    if negative {
        -value
    } else {
        value
    }
}

/// `value × 10^exponent` by repeated exact powers: deterministic on every target, not always
/// correctly rounded (only for numbers outside [`parse_float`]'s exact range).
fn scale_by_ten(mut value: f64, exponent: i64) -> f64 {
    let mut left = exponent.clamp(-400, 400);
    while left != 0 && value != 0.0 && value.is_finite() {
        let step = left.clamp(-22, 22);
        let power = POW10
            .get(step.unsigned_abs() as usize)
            .copied()
            .unwrap_or(1.0);
        if step > 0 {
            value *= power;
        } else {
            value /= power;
        }
        left -= step;
    }
    value
}

// ---- parsing ------------------------------------------------------------------------------------

/// Parses JSON text (one value, surrounded by optional whitespace). A syntax error is
/// `invalid_json` with the line and column where reading stopped.
pub fn parse(text: &str) -> Result<Value<'_>, InputError> {
    let mut parser = Parser::new(text);
    let value = parser
        .value()
        .and_then(|value| parser.end().map(|()| value));
    value.map_err(|syntax| syntax.report(text))
}

/// Where and why a text is not JSON. Kept this small (two words: it travels back through every
/// read) and written out with line and column by [`Syntax::report`] only when it is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Syntax {
    what: &'static str,
    at: usize,
}

impl Syntax {
    /// `what` is wrong at `at` (a byte offset; for a pack, the op's index).
    pub(crate) fn new(what: &'static str, at: usize) -> Syntax {
        Syntax { what, at }
    }

    /// `invalid_json`, "`what` (op `at`)": a malformed pack (see `core::packed`).
    pub(crate) fn report_packed(self) -> InputError {
        InputError::new(
            ErrorCode::InvalidJson,
            "",
            format!("{} (packed lead, op {})", self.what, self.at),
        )
    }

    /// `invalid_json`, "… at line L column C" in `text` (the text that was read).
    pub fn report(self, text: &str) -> InputError {
        let before = text.get(..self.at).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        InputError::new(
            ErrorCode::InvalidJson,
            "",
            format!("{} at line {line} column {column}", self.what),
        )
    }
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    depth: u32,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Parser<'a> {
        Parser {
            text,
            bytes: text.as_bytes(),
            at: 0,
            depth: 0,
        }
    }

    /// Nothing but whitespace is left.
    fn end(&mut self) -> Result<(), Syntax> {
        self.skip_whitespace();
        if self.at < self.bytes.len() {
            return Err(self.fail("trailing characters after the JSON value"));
        }
        Ok(())
    }

    /// Within an object, after its `{` (`first`) or a member's value: the next member's name,
    /// its `:` read, or `None` once past the closing `}`. The one place the object grammar is
    /// read, by the tree ([`Parser::object`]) and by [`Stream::object`].
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn next_member(&mut self, first: bool) -> Result<Option<Cow<'a, str>>, Syntax> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'}') => {
                self.at += 1;
                return Ok(None);
            }
            Some(b',') if !first => {
                self.at += 1;
                self.skip_whitespace();
            }
            _ if !first => return Err(self.fail("expected `,` or `}`")),
            _ => {}
        }
        if self.peek() != Some(b'"') {
            return Err(self.fail("expected a member name in double quotes"));
        }
        let name = self.string()?;
        self.skip_whitespace();
        if self.peek() != Some(b':') {
            return Err(self.fail("expected `:`"));
        }
        self.at += 1;
        Ok(Some(name))
    }

    /// Within an array, after its `[` (`first`) or an item: whether an item follows (its `,`
    /// read), `false` once past the closing `]`. Like [`Parser::next_member`] for arrays.
    fn next_item(&mut self, first: bool) -> Result<bool, Syntax> {
        self.skip_whitespace();
        match self.peek() {
            Some(b']') => {
                self.at += 1;
                Ok(false)
            }
            Some(b',') if !first => {
                self.at += 1;
                Ok(true)
            }
            _ if !first => Err(self.fail("expected `,` or `]`")),
            _ => Ok(true),
        }
    }

    fn fail(&self, what: &'static str) -> Syntax {
        Syntax { what, at: self.at }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.peek() {
            self.at += 1;
        }
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn value(&mut self) -> Result<Value<'a>, Syntax> {
        self.skip_whitespace();
        match self.peek() {
            None => Err(self.fail("unexpected end of input, expected a value")),
            Some(b'{') => self.nested(Parser::object),
            Some(b'[') => self.nested(Parser::array),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.fail("expected a value")),
        }
    }

    fn nested(
        &mut self,
        read: fn(&mut Parser<'a>) -> Result<Value<'a>, Syntax>,
    ) -> Result<Value<'a>, Syntax> {
        if self.depth >= MAX_DEPTH {
            return Err(self.fail("nesting too deep"));
        }
        self.depth += 1;
        let value = read(self);
        self.depth -= 1;
        value
    }

    fn literal(&mut self, word: &str, value: Value<'a>) -> Result<Value<'a>, Syntax> {
        if self.bytes.get(self.at..self.at + word.len()) == Some(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.fail("expected a value"))
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while let Some(b'0'..=b'9') = self.peek() {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<Value<'a>, Syntax> {
        let start = self.at;
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'0') => self.at += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.fail("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if self.digits() == 0 {
                return Err(self.fail("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            if self.digits() == 0 {
                return Err(self.fail("invalid number"));
            }
        }
        let text = self.text.get(start..self.at).unwrap_or("0");
        // Like serde_json, a number beyond the range of f64 is an error, not infinity.
        if (text.len() > 300 || text.contains(['e', 'E'])) && !parse_float(text).is_finite() {
            return Err(self.fail("number out of range"));
        }
        Ok(Value::Number(text))
    }

    /// A string starting at the opening quote.
    ///
    /// Natively, this and the other per-value steps of `Stream` (`next_member`, `value`,
    /// `shallow`) are inlined into their callers: a lead has ~50 strings, and the calls cost a
    /// third of reading one (1.71 → 1.15 µs per benchmark lead, with borrowed text). In wasm they
    /// stay calls: the bundles that read JSON text are sized for download, not for speed.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn string(&mut self) -> Result<Cow<'a, str>, Syntax> {
        self.at += 1;
        let start = self.at;
        // Fast path: no escapes, the string is a slice of the text. One tight scan for the
        // first byte that ends or interrupts the plain run.
        let run = first_special(self.bytes.get(start..).unwrap_or(&[]), false);
        match run {
            None => {
                self.at = self.bytes.len();
                return Err(self.fail("unexpected end of input in a string"));
            }
            Some(len) => self.at = start + len,
        }
        match self.peek() {
            Some(b'"') => {
                let text = self.text.get(start..self.at).unwrap_or("");
                self.at += 1;
                return Ok(Cow::Borrowed(text));
            }
            Some(b'\\') => {}
            _ => return Err(self.fail("control character in a string")),
        }
        let mut owned = String::from(self.text.get(start..self.at).unwrap_or(""));
        loop {
            let run_start = self.at;
            let rest = self.bytes.get(run_start..).unwrap_or(&[]);
            self.at = run_start + first_special(rest, false).unwrap_or(rest.len());
            owned.push_str(self.text.get(run_start..self.at).unwrap_or(""));
            match self.peek() {
                None => return Err(self.fail("unexpected end of input in a string")),
                Some(b'"') => {
                    self.at += 1;
                    return Ok(Cow::Owned(owned));
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escaped = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode_escape()?,
                        _ => return Err(self.fail("invalid escape in a string")),
                    };
                    self.at += 1;
                    owned.push(escaped);
                }
                Some(_) => return Err(self.fail("control character in a string")),
            }
        }
    }

    /// `\uXXXX` (the parser is on the `u`), with surrogate pairs; leaves `at` on the last digit.
    fn unicode_escape(&mut self) -> Result<char, Syntax> {
        let high = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&high) {
            if self.bytes.get(self.at + 1..self.at + 3) != Some(b"\\u") {
                return Err(self.fail("unpaired surrogate in a string"));
            }
            self.at += 2;
            let low = self.hex4()?;
            if !(0xDC00..0xE000).contains(&low) {
                return Err(self.fail("unpaired surrogate in a string"));
            }
            0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
        } else {
            high
        };
        char::from_u32(code).ok_or_else(|| self.fail("unpaired surrogate in a string"))
    }

    /// Four hex digits after the `u` at `at`; leaves `at` on the last digit.
    fn hex4(&mut self) -> Result<u32, Syntax> {
        let digits = self
            .text
            .get(self.at + 1..self.at + 5)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.fail("invalid \\u escape in a string"))?;
        let code = u32::from_str_radix(digits, 16).map_err(|_| self.fail("invalid \\u escape"))?;
        self.at += 4;
        Ok(code)
    }

    fn array(&mut self) -> Result<Value<'a>, Syntax> {
        self.at += 1;
        let mut items = Vec::with_capacity(4);
        let mut first = true;
        while self.next_item(first)? {
            first = false;
            items.push(self.value()?);
        }
        Ok(Value::Array(items))
    }

    fn object(&mut self) -> Result<Value<'a>, Syntax> {
        let start = self.at;
        self.at += 1;
        // Most objects of a lead or a model have a handful of members: one allocation.
        let mut members = Vec::with_capacity(8);
        let mut first = true;
        while let Some(key) = self.next_member(first)? {
            first = false;
            members.push((key, self.value()?));
        }
        Ok(Value::Object(Object {
            members,
            text: self.text.get(start..self.at).unwrap_or(""),
        }))
    }
}

// ---- reading without a tree -----------------------------------------------------------------

/// JSON text read value by value into the caller's types, with no tree in between: how leads
/// are read (they are read in bulk; building and dropping a tree was half the cost).
///
/// Syntax errors stop reading (`Err`), with the same message and position as [`parse`]. A
/// problem with a value (a wrong type, a value a reader refuses, a member given twice, a missing
/// one) does not: the first one is kept ([`Stream::refuse`]) and reading goes on, so that a
/// syntax error later in the text is still the one reported, as it would be by [`parse`].
pub struct Stream<'a> {
    parser: Parser<'a>,
    problem: Option<InputError>,
}

/// Where a lead's values come from, one by one: JSON text ([`Stream`]) or the values JavaScript
/// packed (`core::packed::Packed`). The lead's readers (`core::lead`) are written once, against
/// this; each program links the sources it uses (the scoring bundle only `Packed`).
///
/// Syntax errors (or a malformed pack) stop reading (`Err`). A problem with a value (a wrong
/// type, a value a reader refuses, a member given twice, a missing one) does not: the first one
/// is kept ([`ValueReader::refuse`]) and reading goes on.
pub trait ValueReader<'a>: Sized {
    /// Where the first problem found is kept.
    fn problem(&mut self) -> &mut Option<InputError>;

    /// Keeps `problem` unless one was found before (the first in the text is reported).
    fn refuse(&mut self, problem: InputError) {
        self.problem().get_or_insert(problem);
    }

    /// The first problem found since the last call.
    fn take_problem(&mut self) -> Option<InputError> {
        self.problem().take()
    }

    /// Consumes a `null` if that is what comes next.
    fn null(&mut self) -> bool;

    /// The next value, with arrays and objects skipped and handed over empty.
    fn shallow(&mut self) -> Result<Value<'a>, Syntax>;

    /// The value at `at` read by `read` (one of the tree's readers: a scalar is handed over
    /// as is, an array or object as an empty one, which is all a scalar reader needs to refuse
    /// it). `None` if refused; the problem is kept.
    fn read<T>(
        &mut self,
        at: &Path<'_>,
        read: impl FnOnce(&Value<'a>, &Path<'_>) -> Result<T, ReadError>,
    ) -> Result<Option<T>, Syntax> {
        let value = self.shallow()?;
        Ok(read(&value, at).map_or_else(
            |problem| {
                self.refuse(*problem);
                None
            },
            Some,
        ))
    }

    /// The next value is not of the type `expected`: the problem is kept, the value skipped.
    fn refuse_shallow(&mut self, at: &Path<'_>, expected: &str) -> Result<(), Syntax> {
        let value = self.shallow()?;
        self.refuse(invalid_type(at, &value, expected));
        Ok(())
    }

    /// An optional value: like [`ValueReader::read`], and `null` is `None`.
    fn with<T>(
        &mut self,
        at: &Path<'_>,
        read: impl FnOnce(&Value<'a>, &Path<'_>) -> Result<Option<T>, ReadError>,
    ) -> Result<Option<T>, Syntax> {
        if self.null() {
            return Ok(None);
        }
        Ok(self.read(at, read)?.flatten())
    }

    /// An object at `at`: `member` reads the value of each member named in `known`, given the
    /// name's position in `known` (so the name is compared once, here) and the member's path;
    /// others are skipped. A known member given twice is a problem, and so is anything
    /// but an object (`null` included: callers decide what `null` means before calling).
    ///
    /// (`dyn`: one copy of this loop serves every object read, which keeps the wasm small.)
    fn object(
        &mut self,
        at: &Path<'_>,
        known: &[&str],
        member: &mut dyn FnMut(&mut Self, usize, &Path<'_>) -> Result<(), Syntax>,
    ) -> Result<(), Syntax>;

    /// An array at `at`: `item` reads each element (at its path). Anything else is a problem.
    fn array(
        &mut self,
        at: &Path<'_>,
        item: &mut dyn FnMut(&mut Self, &Path<'_>) -> Result<(), Syntax>,
    ) -> Result<(), Syntax>;

    /// An object at `at`, as its JSON text; anything else is a problem (`expected`).
    fn object_text(&mut self, at: &Path<'_>, expected: &str) -> Result<Option<&'a str>, Syntax>;

    /// Any value, dropped.
    fn skip(&mut self) -> Result<(), Syntax>;

    /// Nothing is left after the value read.
    fn end(self) -> Result<(), Syntax>;
}

/// What an object reader does with a member: read it (the position of its name among those the
/// reader knows), refuse it as given twice, or skip it.
pub(crate) enum Member {
    Known(usize),
    Repeated,
    Unknown,
}

impl Member {
    /// The member `name` of an object whose readable members are `known`, noting it in `seen`.
    pub(crate) fn of(known: &[&str], name: &str, seen: &mut u64) -> Member {
        // `known` lists are short constants; past 64 names repeats would go unnoticed.
        let bit = |i: usize| 1u64.checked_shl(i as u32).unwrap_or(0);
        match known.iter().position(|known| *known == name) {
            Some(i) if *seen & bit(i) != 0 => Member::Repeated,
            Some(i) => {
                *seen |= bit(i);
                Member::Known(i)
            }
            None => Member::Unknown,
        }
    }
}

/// `duplicate field `name``, at the member's path.
pub(crate) fn duplicate(at: &Path<'_>, name: &str) -> InputError {
    InputError::new(
        ErrorCode::InvalidField,
        at.render(),
        format!("duplicate field `{name}`"),
    )
}

impl<'a> Stream<'a> {
    pub fn new(text: &'a str) -> Stream<'a> {
        Stream {
            parser: Parser::new(text),
            problem: None,
        }
    }

    /// Whether the next value starts with `byte`.
    pub fn starts_with(&mut self, byte: u8) -> bool {
        self.parser.skip_whitespace();
        self.parser.peek() == Some(byte)
    }

    /// Into the array or object whose bracket is next, within the same nesting limit as
    /// [`Parser::nested`], so both accept the same texts.
    fn enter(&mut self) -> Result<(), Syntax> {
        if self.parser.depth >= MAX_DEPTH {
            return Err(self.parser.fail("nesting too deep"));
        }
        self.parser.depth += 1;
        self.parser.at += 1;
        Ok(())
    }

    /// Out of the array or object just read (its closing bracket read too).
    fn leave(&mut self) {
        self.parser.depth -= 1;
    }
}

impl<'a> ValueReader<'a> for Stream<'a> {
    fn problem(&mut self) -> &mut Option<InputError> {
        &mut self.problem
    }

    /// Nothing but whitespace is left.
    fn end(mut self) -> Result<(), Syntax> {
        self.parser.end()
    }

    fn null(&mut self) -> bool {
        let p = &mut self.parser;
        p.skip_whitespace();
        let found = p.bytes.get(p.at..p.at + 4) == Some(b"null");
        if found {
            p.at += 4;
        }
        found
    }

    /// Arrays and objects are checked as JSON (and their nesting limited) as they are skipped.
    #[cfg_attr(not(target_arch = "wasm32"), inline(always))]
    fn shallow(&mut self) -> Result<Value<'a>, Syntax> {
        self.parser.skip_whitespace();
        Ok(match self.parser.peek() {
            Some(b'{') => {
                self.skip()?;
                Value::Object(Object::default())
            }
            Some(b'[') => {
                self.skip()?;
                Value::Array(Vec::new())
            }
            _ => self.parser.value()?,
        })
    }

    fn object(
        &mut self,
        at: &Path<'_>,
        known: &[&str],
        member: &mut dyn FnMut(&mut Stream<'a>, usize, &Path<'_>) -> Result<(), Syntax>,
    ) -> Result<(), Syntax> {
        if !self.starts_with(b'{') {
            return self.refuse_shallow(at, "an object");
        }
        self.enter()?;
        let (mut seen, mut first) = (0u64, true);
        while let Some(name) = self.parser.next_member(first)? {
            first = false;
            let path = Path::Key(at, &name);
            match Member::of(known, &name, &mut seen) {
                Member::Known(i) => member(self, i, &path)?,
                Member::Repeated => {
                    self.refuse(duplicate(&path, &name));
                    self.skip()?;
                }
                Member::Unknown => self.skip()?,
            }
        }
        self.leave();
        Ok(())
    }

    fn array(
        &mut self,
        at: &Path<'_>,
        item: &mut dyn FnMut(&mut Stream<'a>, &Path<'_>) -> Result<(), Syntax>,
    ) -> Result<(), Syntax> {
        if !self.starts_with(b'[') {
            return self.refuse_shallow(at, "an array");
        }
        self.enter()?;
        let mut index = 0;
        while self.parser.next_item(index == 0)? {
            item(self, &Path::Index(at, index))?;
            index += 1;
        }
        self.leave();
        Ok(())
    }

    /// The object is checked as JSON (and its nesting limited) as it is skipped.
    fn object_text(&mut self, at: &Path<'_>, expected: &str) -> Result<Option<&'a str>, Syntax> {
        if !self.starts_with(b'{') {
            self.refuse_shallow(at, expected)?;
            return Ok(None);
        }
        let start = self.parser.at;
        self.skip()?;
        Ok(self.parser.text.get(start..self.parser.at))
    }

    /// The value is checked as JSON (and its nesting limited) as it is skipped.
    fn skip(&mut self) -> Result<(), Syntax> {
        self.parser.skip_whitespace();
        match self.parser.peek() {
            Some(b'{') => self.object(&Path::Root, &[], &mut |_, _, _| Ok(())),
            Some(b'[') => self.array(&Path::Root, &mut |stream, _| stream.skip()),
            _ => self.parser.value().map(drop),
        }
    }
}

// ---- paths and errors -----------------------------------------------------------------------

/// Where a value is: a chain of keys and indexes up to the root, kept on the stack of the
/// readers and written out (`events[2].at`) only when there is an error to report.
#[derive(Debug, Clone, Copy)]
pub enum Path<'p> {
    Root,
    Key(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl Path<'_> {
    pub fn render(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Key(parent, key) => {
                parent.write(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Path::Index(parent, index) => {
                parent.write(out);
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
        }
    }
}

/// `invalid type: number 12, expected a string` — the value's type was wrong.
pub fn invalid_type(at: &Path<'_>, found: &Value<'_>, expected: &str) -> InputError {
    InputError::new(
        ErrorCode::InvalidField,
        at.render(),
        format!("invalid type: {}, expected {expected}", describe(found)),
    )
}

/// `invalid value: string "lots", expected …` — the right type, but not an acceptable value.
pub fn invalid_value(at: &Path<'_>, found: &Value<'_>, expected: &str) -> InputError {
    InputError::new(
        ErrorCode::InvalidField,
        at.render(),
        format!("invalid value: {}, expected {expected}", describe(found)),
    )
}

/// A value for an error message: its type, and short values themselves.
fn describe(value: &Value<'_>) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) => {
            // Quoted by hand (not `{:?}`, whose escaping links the Unicode tables), shortened.
            let mut out = String::from("string \"");
            for (i, c) in s.chars().enumerate() {
                if i == 60 {
                    out.push('…');
                    break;
                }
                match c {
                    '"' | '\\' => {
                        out.push('\\');
                        out.push(c);
                    }
                    c if c.is_control() => out.push(' '),
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        }
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

// ---- typed readers ----------------------------------------------------------------------------

/// A type read from a JSON value at a path.
pub trait FromJson: Sized {
    fn from_json(value: &Value<'_>, at: &Path<'_>) -> Result<Self, ReadError>;
}

/// Why a typed value could not be read: boxed, so that a reader's result is no bigger than its
/// value (a model is read through hundreds of fields, each passing errors up).
pub type ReadError = Box<InputError>;

/// Reads a whole text as `T`.
pub fn read<T: FromJson>(text: &str) -> Result<T, InputError> {
    T::from_json(&parse(text)?, &Path::Root).map_err(|e| *e)
}

impl FromJson for String {
    fn from_json(value: &Value<'_>, at: &Path<'_>) -> Result<Self, ReadError> {
        match value {
            Value::String(s) => Ok(s.to_string()),
            other => Err(invalid_type(at, other, "a string").into()),
        }
    }
}

impl FromJson for bool {
    fn from_json(value: &Value<'_>, at: &Path<'_>) -> Result<Self, ReadError> {
        match value {
            Value::Bool(b) => Ok(*b),
            other => Err(invalid_type(at, other, "a boolean").into()),
        }
    }
}

impl FromJson for f64 {
    fn from_json(value: &Value<'_>, at: &Path<'_>) -> Result<Self, ReadError> {
        match value {
            Value::Number(n) => Ok(Number::read(n).as_f64()),
            other => Err(invalid_type(at, other, "a number").into()),
        }
    }
}

/// A whole number in `min..=max`, named `what` in errors.
fn whole(
    value: &Value<'_>,
    at: &Path<'_>,
    min: i64,
    max: u64,
    what: &str,
) -> Result<u64, ReadError> {
    match value {
        Value::Number(n) => match Number::read(n) {
            Number::Unsigned(u) if u <= max => Ok(u),
            Number::Negative(i) if i >= min => Ok(i as u64),
            _ => Err(invalid_value(at, value, what).into()),
        },
        other => Err(invalid_type(at, other, what).into()),
    }
}

impl FromJson for i32 {
    fn from_json(value: &Value<'_>, at: &Path<'_>) -> Result<Self, ReadError> {
        let n = whole(
            value,
            at,
            i32::MIN.into(),
            i32::MAX as u64,
            "a whole number",
        )?;
        // In range by the check above; negative values round-trip through the u64 bits.
        Ok(n as i64 as i32)
    }
}

impl FromJson for u32 {
    fn from_json(value: &Value<'_>, at: &Path<'_>) -> Result<Self, ReadError> {
        let n = whole(value, at, 0, u32::MAX.into(), "a non-negative whole number")?;
        Ok(n as u32)
    }
}

impl FromJson for u64 {
    fn from_json(value: &Value<'_>, at: &Path<'_>) -> Result<Self, ReadError> {
        whole(value, at, 0, u64::MAX, "a non-negative whole number")
    }
}

/// `null` is `None`.
impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: &Value<'_>, at: &Path<'_>) -> Result<Self, ReadError> {
        match value {
            Value::Null => Ok(None),
            other => T::from_json(other, at).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Value<'_>, at: &Path<'_>) -> Result<Self, ReadError> {
        match value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(index, item)| T::from_json(item, &Path::Index(at, index)))
                .collect(),
            other => Err(invalid_type(at, other, "an array").into()),
        }
    }
}

impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn from_json(value: &Value<'_>, at: &Path<'_>) -> Result<Self, ReadError> {
        let Value::Object(object) = value else {
            return Err(invalid_type(at, value, "an object").into());
        };
        let mut map = BTreeMap::new();
        for (key, item) in &object.members {
            map.insert(key.to_string(), T::from_json(item, &Path::Key(at, key))?);
        }
        Ok(map)
    }
}

/// The members of an object being read into a struct.
pub struct Fields<'v, 'a, 'p> {
    object: &'v Object<'a>,
    at: &'p Path<'p>,
}

impl<'v, 'a, 'p> Fields<'v, 'a, 'p> {
    /// An object whose members are read by name. With `known`, any other member is an error
    /// (models: a misspelt key must not be silently ignored); without, others are ignored
    /// (leads: hosts pass their records through). A known member given twice is an error.
    pub fn new(
        value: &'v Value<'a>,
        at: &'p Path<'p>,
        known: &[&str],
        deny_unknown: bool,
    ) -> Result<Self, ReadError> {
        let Value::Object(object) = value else {
            return Err(invalid_type(at, value, "an object").into());
        };
        // Nearly every object is fine: one pass with a bit per known name says so. Otherwise
        // the pass below finds the first problem in member order, the one to report.
        let mut seen = 0u64;
        let fine = object.members.iter().all(|(key, _)| {
            match known.iter().position(|name| *name == key.as_ref()) {
                Some(i) if i < 64 => {
                    let repeated = seen & (1 << i) != 0;
                    seen |= 1 << i;
                    !repeated
                }
                Some(_) => false,
                None => !deny_unknown,
            }
        });
        if fine {
            return Ok(Fields { object, at });
        }
        for (index, (key, _)) in object.members.iter().enumerate() {
            let is_known = known.contains(&key.as_ref());
            if !is_known && deny_unknown {
                return Err(Box::new(InputError::new(
                    ErrorCode::InvalidField,
                    Path::Key(at, key).render(),
                    format!("unknown field `{key}`, expected one of {}", one_of(known)),
                )));
            }
            let repeated = object
                .members
                .get(index + 1..)
                .is_some_and(|rest| rest.iter().any(|(other, _)| other == key));
            if is_known && repeated {
                return Err(Box::new(InputError::new(
                    ErrorCode::InvalidField,
                    Path::Key(at, key).render(),
                    format!("duplicate field `{key}`"),
                )));
            }
        }
        Ok(Fields { object, at })
    }

    pub fn at(&self) -> &'p Path<'p> {
        self.at
    }

    /// The member's value, unless absent or `null`.
    pub fn value(&self, key: &str) -> Option<&'v Value<'a>> {
        self.object.get(key).filter(|v| !matches!(v, Value::Null))
    }

    /// A member read with `read`; absent or `null` is `None`.
    pub fn with<T>(
        &self,
        key: &str,
        read: impl FnOnce(&Value<'a>, &Path<'_>) -> Result<Option<T>, ReadError>,
    ) -> Result<Option<T>, ReadError> {
        match self.value(key) {
            Some(value) => read(value, &Path::Key(self.at, key)),
            None => Ok(None),
        }
    }

    /// An optional member: absent or `null` is `None`.
    pub fn opt<T: FromJson>(&self, key: &str) -> Result<Option<T>, ReadError> {
        self.with(key, |value, at| T::from_json(value, at).map(Some))
    }

    /// A member with a default when absent or `null`.
    pub fn or_default<T: FromJson + Default>(&self, key: &str) -> Result<T, ReadError> {
        Ok(self.opt(key)?.unwrap_or_default())
    }

    /// A required member: absent (or `null`) is `missing_field`.
    pub fn req<T: FromJson>(&self, key: &str) -> Result<T, ReadError> {
        self.opt(key)?.ok_or_else(|| Box::new(self.missing(key)))
    }

    pub fn missing(&self, key: &str) -> InputError {
        missing(self.at, key)
    }
}

/// `missing required field `key`` in the object at `at`.
pub fn missing(at: &Path<'_>, key: &str) -> InputError {
    InputError::new(
        ErrorCode::MissingField,
        Path::Key(at, key).render(),
        format!("missing required field `{key}`"),
    )
}

/// `` `a`, `b` or `c` `` for messages.
pub fn one_of(names: &[&str]) -> String {
    let mut out = String::new();
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == names.len() { " or " } else { ", " });
        }
        out.push('`');
        out.push_str(name);
        out.push('`');
    }
    out
}

// ---- writing ----------------------------------------------------------------------------------

/// A member name of a written object, with its number in the writer's table of names: JSON text
/// writes the name, a [`Tape`](super::tape::Tape) only the number (see the tape's module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub id: u16,
    pub name: &'static str,
}

/// Where a JSON value is written, event by event: JSON text ([`Out`]) or a
/// [`Tape`](super::tape::Tape) for JavaScript. Writers (`ScoredLead::write`) are generic over it,
/// so one writer serves both and each program links only the sinks it uses.
pub trait Sink {
    fn begin_object(&mut self);
    /// The next member's name; its value follows.
    fn key(&mut self, key: Key);
    fn end_object(&mut self);
    fn begin_array(&mut self);
    fn end_array(&mut self);
    fn string(&mut self, text: &str);
    /// A string a [`Piece`] writes (sentences, numbers, timestamps).
    fn put(&mut self, value: &dyn Piece);
    fn int(&mut self, n: i64);
    fn bool(&mut self, b: bool);
    fn null(&mut self);

    /// Starts an object; its members are written with [`ObjectOut::member`].
    fn object(&mut self) -> ObjectOut<'_, Self>
    where
        Self: Sized,
    {
        self.begin_object();
        ObjectOut { out: self }
    }

    /// Writes an array of items.
    fn array<T>(&mut self, items: &[T], mut item: impl FnMut(&mut Self, &T))
    where
        Self: Sized,
    {
        self.begin_array();
        for value in items {
            item(self, value);
        }
        self.end_array();
    }
}

/// An object being written.
pub struct ObjectOut<'o, S> {
    out: &'o mut S,
}

impl<S: Sink> ObjectOut<'_, S> {
    /// Starts the member `key` and returns the writer for its value.
    pub fn member(&mut self, key: Key) -> &mut S {
        self.out.key(key);
        self.out
    }

    pub fn end(self) {
        self.out.end_object();
    }
}

/// JSON text being written: the fast path for results (`ScoredLead::to_json`). Strings without
/// characters to escape are copied in one piece; escapes are serde_json's, byte for byte, so
/// results read the same whichever way they were written (`tests/cases.rs` compares both).
pub struct Out {
    /// Bytes, not a `String`: single ASCII bytes are pushed without encoding a `char` (in wasm,
    /// at `opt-level = "z"`, `String::push` is a call into UTF-8 encoding). Only `&str`s and
    /// ASCII bytes are ever appended, so the bytes are always UTF-8.
    text: Vec<u8>,
    /// Where `display` writes before escaping: many small writes, then one escaping pass.
    scratch: String,
    /// Non-ASCII characters as `\uXXXX` escapes (see [`Out::ascii`]).
    ascii: bool,
    /// A value was just completed: the next member or item needs a comma first.
    comma: bool,
}

impl Out {
    pub fn with_capacity(capacity: usize) -> Out {
        Out {
            text: Vec::with_capacity(capacity),
            scratch: String::with_capacity(128),
            ascii: false,
            comma: false,
        }
    }

    /// Like [`Out::with_capacity`], but every character outside ASCII is written as a `\uXXXX`
    /// escape (two, for one beyond the BMP): the same JSON value in pure ASCII, for text a
    /// JavaScript engine decodes and parses: ASCII bytes decode without UTF-8 work, and one
    /// non-ASCII character (the `→` of every summary) would otherwise make the whole string
    /// two-byte, which `JSON.parse` reads more slowly.
    pub fn ascii(capacity: usize) -> Out {
        Out {
            ascii: true,
            ..Out::with_capacity(capacity)
        }
    }

    /// The text written so far, as bytes: what a writer that reuses one `Out` for many values
    /// (the CLI, line by line) sends on without the UTF-8 check of [`Out::into_string`].
    pub fn as_bytes(&self) -> &[u8] {
        &self.text
    }

    /// Empties the text for the next value, keeping the buffers' capacity.
    pub fn clear(&mut self) {
        self.text.clear();
        self.comma = false;
    }

    pub fn into_string(self) -> String {
        // Always Ok (see `text`); the fallback would only replace what is not UTF-8.
        String::from_utf8(self.text)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// Starts a value: after a completed one, a comma first.
    fn separate(&mut self) {
        if self.comma {
            self.text.push(b',');
        }
    }

    /// A whole value that is already JSON text (punctuation-free: a literal, a number).
    fn scalar(&mut self, json: &[u8]) {
        self.separate();
        self.text.extend_from_slice(json);
        self.comma = true;
    }

    /// `text` as a JSON string, escaped.
    fn quoted(text: &mut Vec<u8>, raw: &str, ascii: bool) {
        text.push(b'"');
        escape_into(text, raw, ascii);
        text.push(b'"');
    }
}

impl Sink for Out {
    fn begin_object(&mut self) {
        self.separate();
        self.text.push(b'{');
        self.comma = false;
    }

    fn key(&mut self, key: Key) {
        self.separate();
        self.text.push(b'"');
        self.text.extend_from_slice(key.name.as_bytes());
        self.text.extend_from_slice(b"\":");
        self.comma = false;
    }

    fn end_object(&mut self) {
        self.text.push(b'}');
        self.comma = true;
    }

    fn begin_array(&mut self) {
        self.separate();
        self.text.push(b'[');
        self.comma = false;
    }

    fn end_array(&mut self) {
        self.text.push(b']');
        self.comma = true;
    }

    fn string(&mut self, text: &str) {
        self.separate();
        Out::quoted(&mut self.text, text, self.ascii);
        self.comma = true;
    }

    fn put(&mut self, value: &dyn Piece) {
        self.scratch.clear();
        value.put(&mut self.scratch);
        self.separate();
        Out::quoted(&mut self.text, &self.scratch, self.ascii);
        self.comma = true;
    }

    fn int(&mut self, n: i64) {
        // Points, counts and scores: nearly all of one or two digits, written without `Digits`.
        let magnitude = n.unsigned_abs();
        if magnitude < 100 {
            let (tens, ones) = (b'0' + (magnitude / 10) as u8, b'0' + (magnitude % 10) as u8);
            return match (n < 0, magnitude < 10) {
                (false, true) => self.scalar(&[ones]),
                (false, false) => self.scalar(&[tens, ones]),
                (true, true) => self.scalar(&[b'-', ones]),
                (true, false) => self.scalar(&[b'-', tens, ones]),
            };
        }
        let digits = super::display::Digits::new(n < 0, magnitude);
        self.scalar(digits.as_bytes());
    }

    fn bool(&mut self, b: bool) {
        self.scalar(if b { b"true" } else { b"false" });
    }

    fn null(&mut self) {
        self.scalar(b"null");
    }
}

/// Appends `text` with JSON escapes (serde_json's: short forms for `\b \f \n \r \t`, `\u00XX`
/// for other control characters; nothing else escaped, unless `ascii`: then also every non-ASCII
/// character, as `\uXXXX` in UTF-16 units). Runs without escapes are copied whole.
fn escape_into(out: &mut Vec<u8>, text: &str, ascii: bool) {
    let mut rest = text;
    while let Some(at) = first_special(rest.as_bytes(), ascii) {
        // The special byte is ASCII or starts a character, so `at` is a character boundary.
        out.extend_from_slice(rest.get(..at).unwrap_or("").as_bytes());
        let b = rest.as_bytes().get(at).copied().unwrap_or(0);
        if b >= 0x80 {
            let c = rest
                .get(at..)
                .and_then(|r| r.chars().next())
                .unwrap_or('\u{fffd}');
            for unit in c.encode_utf16(&mut [0; 2]) {
                push_unicode_escape(out, *unit);
            }
            rest = rest.get(at + c.len_utf8()..).unwrap_or("");
            continue;
        }
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            0x08 => out.extend_from_slice(b"\\b"),
            0x0c => out.extend_from_slice(b"\\f"),
            _ => push_unicode_escape(out, u16::from(b)),
        }
        rest = rest.get(at + 1..).unwrap_or("");
    }
    out.extend_from_slice(rest.as_bytes());
}

/// `\u` and four lowercase hex digits, as serde_json writes them.
fn push_unicode_escape(out: &mut Vec<u8>, unit: u16) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut escape = *b"\\u0000";
    for (i, digit) in escape.iter_mut().skip(2).enumerate() {
        let nibble = (unit >> (12 - 4 * i)) & 0xf;
        *digit = HEX.get(usize::from(nibble)).copied().unwrap_or(b'0');
    }
    out.extend_from_slice(&escape);
}

/// The index of the first byte a JSON string cannot hold as it is — `"`, `\` or a control
/// character — looking at 8 bytes at a time (the classic SWAR "has zero / has less" tests; a
/// borrow can only flag bytes after a real match, so the lowest flag is exact). With `ascii`, a
/// byte with the high bit set counts too: the first one is where a non-ASCII character starts.
///
/// The last partial word is tested as a word too (most strings written are short codes and
/// labels, where a byte loop was most of the cost): the last 8 bytes of the text with the
/// already-tested ones shifted out, or, in text shorter than 8 bytes, the bytes padded with
/// letters.
fn first_special(bytes: &[u8], ascii: bool) -> Option<usize> {
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mask = special_mask(
            u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])),
            ascii,
        );
        if mask != 0 {
            return Some(offset + (mask.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    let tail = chunks.remainder().len();
    if tail == 0 {
        return None;
    }
    let (word, tested) = match bytes.len().checked_sub(8).and_then(|at| bytes.get(at..)) {
        Some(last) => (last.try_into().unwrap_or([0; 8]), 8 - tail),
        None => {
            let mut padded = [b'a'; 8];
            if let Some(head) = padded.get_mut(..tail) {
                head.copy_from_slice(chunks.remainder());
            }
            (padded, 0)
        }
    };
    // Bytes already tested are clean, so no borrow from them reaches the tail.
    let mask = special_mask(u64::from_le_bytes(word), ascii) >> (8 * tested);
    (mask != 0).then(|| offset + (mask.trailing_zeros() / 8) as usize)
}

/// The high bit of each byte of `x` (little-endian) that is special (see [`first_special`]), and
/// possibly of bytes after a special one. Inlined: at `opt-level = "z"` it was otherwise a call
/// per 8 bytes.
#[inline(always)]
fn special_mask(x: u64, ascii: bool) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let quote = x ^ (ONES * u64::from(b'"'));
    let backslash = x ^ (ONES * u64::from(b'\\'));
    let mask = (quote.wrapping_sub(ONES) & !quote)
        | (backslash.wrapping_sub(ONES) & !backslash)
        | (x.wrapping_sub(ONES * 0x20) & !x)
        | if ascii { x } else { 0 };
    mask & HIGHS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_error(text: &str, expect: &str) {
        let got = parse(text).err().map(|e| e.message);
        assert_eq!(got.as_deref(), Some(expect), "{text}");
    }

    /// What `Fields::new` says about an object's members: `ok`, or the error's path and message.
    fn check_fields(text: &str, known: &[&str], deny_unknown: bool, expect: &str) {
        let Ok(value) = parse(text) else {
            panic!("{text} is not valid JSON")
        };
        let got = match Fields::new(&value, &Path::Root, known, deny_unknown) {
            Ok(_) => "ok".to_string(),
            Err(e) => format!("{}: {}", e.path, e.message),
        };
        assert_eq!(got, expect, "{text}");
    }

    #[test]
    fn fields_refuse_repeated_and_unknown_names() {
        let known = ["a", "b", "c"];
        check_fields(r#"{"a":1,"b":2,"c":3}"#, &known, true, "ok");
        check_fields(r#"{"a":1,"x":2,"x":3}"#, &known, false, "ok");
        check_fields(
            r#"{"a":1,"b":2,"a":3}"#,
            &known,
            false,
            "a: duplicate field `a`",
        );
        // The first problem in member order: `a` repeats before `b` does, and before `x`.
        check_fields(
            r#"{"a":1,"b":2,"b":3,"a":4}"#,
            &known,
            false,
            "a: duplicate field `a`",
        );
        check_fields(
            r#"{"a":1,"x":2,"a":3}"#,
            &known,
            true,
            "a: duplicate field `a`",
        );
        check_fields(
            r#"{"b":1,"x":2,"a":3}"#,
            &known,
            true,
            "x: unknown field `x`, expected one of `a`, `b` or `c`",
        );
        // More names than the quick check's bits.
        let many: Vec<String> = (0..70).map(|i| format!("k{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        check_fields(r#"{"k1":1,"k69":2}"#, &many, true, "ok");
        check_fields(
            r#"{"k69":1,"k1":2,"k69":3}"#,
            &many,
            true,
            "k69: duplicate field `k69`",
        );
    }

    #[test]
    fn syntax_errors_say_where() {
        check_error(
            "",
            "unexpected end of input, expected a value at line 1 column 1",
        );
        check_error(
            "{\"a\":1,}",
            "expected a member name in double quotes at line 1 column 8",
        );
        check_error("[1 2]", "expected `,` or `]` at line 1 column 4");
        check_error("{\n  \"a\": tru}", "expected a value at line 2 column 8");
        check_error(
            "01",
            "trailing characters after the JSON value at line 1 column 2",
        );
        check_error("\"a\\x\"", "invalid escape in a string at line 1 column 4");
        check_error(
            "\"\\ud800\"",
            "unpaired surrogate in a string at line 1 column 7",
        );
        check_error("-", "invalid number at line 1 column 2");
        check_error("1.", "invalid number at line 1 column 3");
        check_error("[1e400]", "number out of range at line 1 column 7");
        check_error(&"[".repeat(200), "nesting too deep at line 1 column 129");
    }

    #[test]
    fn strings_and_escapes() {
        let value = parse(r#"["plain", "tab\t\"q\" \u00e9 \ud83d\ude00 \/"]"#).ok();
        let expect = Value::Array(vec![
            Value::String("plain".into()),
            Value::String("tab\t\"q\" é 😀 /".into()),
        ]);
        assert_eq!(value, Some(expect));
    }

    #[test]
    fn numbers() {
        for (text, expect) in [
            ("0", Number::Unsigned(0)),
            ("18446744073709551615", Number::Unsigned(u64::MAX)),
            ("-12", Number::Negative(-12)),
            ("0.5", Number::Float(0.5)),
            ("12.75", Number::Float(12.75)),
            ("48e6", Number::Float(48e6)),
            ("-1.5E-3", Number::Float(-1.5e-3)),
            ("0.1", Number::Float(0.1)),
            (
                "18446744073709551616",
                Number::Float(18446744073709551616.0),
            ),
        ] {
            assert_eq!(Number::read(text), expect, "{text}");
        }
    }

    #[test]
    fn objects_keep_their_text_and_order() {
        let value = parse(r#" {"b": [1, {"c": null}], "a": true} "#).ok();
        let Some(Value::Object(object)) = value else {
            panic!("an object");
        };
        assert_eq!(object.text, r#"{"b": [1, {"c": null}], "a": true}"#);
        let keys: Vec<&str> = object.members.iter().map(|(k, _)| k.as_ref()).collect();
        assert_eq!(keys, ["b", "a"]);
    }

    #[test]
    fn first_special_finds_the_first_byte_to_escape() {
        let plain = |b: u8| b != b'"' && b != b'\\' && b >= 0x20;
        // Every position in and around the 8-byte words, every special byte, with high bytes
        // (UTF-8) and lookalikes around it.
        for len in 0..20 {
            for at in 0..=len {
                for special in [b'"', b'\\', 0x00, 0x1f, b'\n', 0x7f, 0x21, b'!', 0xc3] {
                    let mut bytes: Vec<u8> = (0..len)
                        .map(|i| b"a\xe9# [".get(i % 5).copied().unwrap_or(b'a'))
                        .collect();
                    if at < len {
                        if let Some(b) = bytes.get_mut(at) {
                            *b = special;
                        }
                    }
                    let expect = bytes.iter().position(|&b| !plain(b));
                    assert_eq!(first_special(&bytes, false), expect, "{bytes:?}");
                    let expect = bytes.iter().position(|&b| !plain(b) || b >= 0x80);
                    assert_eq!(first_special(&bytes, true), expect, "ascii {bytes:?}");
                }
            }
        }
    }

    #[test]
    fn strings_are_written_like_serde_json() {
        let mut every_control: String = (0u8..0x20).map(char::from).collect();
        every_control.push_str("\u{7f}\"\\/é😀\u{2028}");
        for text in [
            "",
            "plain",
            "a \"quoted\" \\ path",
            "tab\tnew\nline\r",
            &every_control,
        ] {
            let mut out = Out::with_capacity(0);
            out.string(text);
            assert_eq!(
                out.into_string(),
                serde_json::to_string(text).unwrap_or_default()
            );
            let mut out = Out::with_capacity(0);
            out.put(&text);
            assert_eq!(
                out.into_string(),
                serde_json::to_string(text).unwrap_or_default()
            );
        }
        // Every number around the one- and two-digit shortcut, and the extremes.
        for n in (-150i64..=150).chain([1234567890, i64::MIN, i64::MAX]) {
            let mut out = Out::with_capacity(0);
            out.int(n);
            assert_eq!(out.into_string(), n.to_string());
        }
        // After a value, a comma first.
        let mut out = Out::with_capacity(0);
        out.begin_array();
        for n in [5, -12, 100] {
            out.int(n);
        }
        out.end_array();
        assert_eq!(out.into_string(), "[5,-12,100]");
    }

    #[test]
    fn ascii_strings_escape_everything_beyond_ascii() {
        for (text, expect) in [
            ("plain \"q\"", r#""plain \"q\"""#),
            ("Low fit → nurture", r#""Low fit \u2192 nurture""#),
            ("Zoë 😀\n", r#""Zo\u00eb \ud83d\ude00\n""#),
            ("\u{7f}\u{2028}é", "\"\u{7f}\\u2028\\u00e9\""),
        ] {
            let mut out = Out::ascii(0);
            out.string(text);
            let mut displayed = Out::ascii(0);
            displayed.put(&text);
            for written in [out.into_string(), displayed.into_string()] {
                assert_eq!(written, expect);
                assert!(written.is_ascii());
                let back: String = serde_json::from_str(&written).unwrap_or_default();
                assert_eq!(back, text);
            }
        }
    }

    #[test]
    fn readers_name_the_path() {
        let text = r#"{"list": [1, "two"], "n": -1}"#;
        let parsed = parse(text).unwrap_or(Value::Null);
        let fields = Fields::new(&parsed, &Path::Root, &["list", "n"], true);
        let fields = fields.ok().unwrap_or_else(|| panic!("an object"));
        let list = fields.req::<Vec<u32>>("list").err();
        assert_eq!(
            list.map(|e| (e.path, e.message)),
            Some((
                "list[1]".to_string(),
                "invalid type: string \"two\", expected a non-negative whole number".to_string()
            ))
        );
        let n = fields.req::<u32>("n").err().map(|e| e.message);
        assert_eq!(
            n.as_deref(),
            Some("invalid value: number -1, expected a non-negative whole number")
        );
        let missing = fields.req::<u32>("m").err().map(|e| (e.code, e.path));
        assert_eq!(missing, Some((ErrorCode::MissingField, "m".to_string())));
        let unknown = Fields::new(&parsed, &Path::Root, &["list"], true).err();
        assert_eq!(
            unknown.map(|e| (e.path, e.message)),
            Some((
                "n".to_string(),
                "unknown field `n`, expected one of `list`".to_string()
            ))
        );
        let twice = parse(r#"{"a": 1, "a": 2}"#).unwrap_or(Value::Null);
        let twice = Fields::new(&twice, &Path::Root, &["a"], false).err();
        assert_eq!(
            twice.map(|e| e.message).as_deref(),
            Some("duplicate field `a`")
        );
    }
}
