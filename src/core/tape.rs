//! A JSON value as a tape of numbers and two string blobs: how results reach JavaScript.
//!
//! `JSON.parse` of a result was a third of a `score` call in Node: it scans the text, unescapes,
//! and looks up every member name. A tape says the same thing in a form a short JS loop reads
//! with no scanning (`pkg-config/api.js`, `readTape`): one op per value, member names as numbers
//! (the reader stores each by name in a `case` of its own, from a copy of
//! [`super::result::RESULT_KEYS`] that it checks against the module's before the first read), and
//! every string a slice of one decoded blob. The reader builds
//! exactly what `JSON.parse` of [`super::json::Out`]'s text builds (the npm tests compare them).
//!
//! A tape is three parts ([`Tape::ops`], [`Tape::blobs`]), which JavaScript reads where they are in
//! wasm memory, so neither side copies them into one buffer: the ops (`u32`s), the ASCII blob
//! and the wide blob. Strings that
//! are pure ASCII go to the ASCII blob (an engine decodes ASCII fastest, into a one-byte string);
//! the few others (`→`, `–`, names) to the wide blob. Each string op says how many UTF-16 units it
//! takes of its blob, in order, so the reader slices the decoded blob without knowing UTF-8.
//!
//! An op's low 3 bits are its tag, the rest its payload:
//!
//! | op | value |
//! |---|---|
//! | `0` | end of the current object or array |
//! | `ASCII`, payload n | the next n characters of the ASCII blob |
//! | `WIDE`, payload n | the next n UTF-16 units of the wide blob |
//! | `INT`, then one op | that op as an `i32` |
//! | `F64`, then two ops | a number: the low and high halves of its `f64` bits |
//! | `OBJECT` | an object: member name ops (`key.id + 1`, so never 0), each followed by its value, then `0` |
//! | `ARRAY` | an array: values, then `0` |
//! | `LITERAL`, payload 0/1/2 | `null`, `false`, `true` |
//! | `LITERAL`, payload 3 + k | the k-th string marked [`REMEMBER`] in this tape, again |
//!
//! A payload of [`LONG`] means the length does not fit in 29 bits and is the next op.
//!
//! A batch's tape ([`Tape::sharing_strings`]) writes a short string it has written before as that
//! string again (`LITERAL`, 3 + k), not as a new copy: a result's codes, field names, bands and
//! many labels repeat in every result, and each copy JS made was an object the garbage collector
//! then kept moving while the batch's results were read (in Node, a fifth of a 10k batch). A
//! string op whose payload has the [`REMEMBER`] bit (its length is the rest) is one JS keeps, in
//! order, for those later ops.

use super::display::Piece;
use super::json::{Key, Out, Sink};

pub const END: u32 = 0;
pub const ASCII: u32 = 1;
pub const WIDE: u32 = 2;
pub const INT: u32 = 3;
pub const F64: u32 = 4;
pub const OBJECT: u32 = 5;
pub const ARRAY: u32 = 6;
pub const LITERAL: u32 = 7;
const TAG_BITS: u32 = 3;
/// The largest payload; as a string length it means "the length is the next op".
pub const LONG: u32 = u32::MAX >> TAG_BITS;
/// In a string op's payload (not [`LONG`]): the reader keeps this string for `LITERAL` 3 + k.
pub const REMEMBER: u32 = 1 << 28;
/// The `LITERAL` payload of the first remembered string.
pub const FIRST_SHARED: u32 = 3;

/// A tape being written.
#[derive(Debug, Default)]
pub struct Tape {
    ops: Vec<u32>,
    ascii: String,
    wide: String,
    /// The strings written so far that later ones may repeat (batches only).
    shared: Option<Box<Shared>>,
}

/// Strings of a tape that may be written again as a reference: a table of [`SHARED_SLOTS`],
/// each holding one string (by content hash, where in its blob it is, and its number among the
/// remembered). A slot once filled stays: the strings that repeat (codes, bands, field names)
/// come in the first results and keep their slots; strings from leads, which rarely repeat, fill
/// the others and then are no longer remembered.
#[derive(Debug)]
struct Shared {
    slots: Vec<Slot>,
    remembered: u32,
}

#[derive(Debug, Default, Clone, Copy)]
struct Slot {
    /// 0: empty (a hash is never 0).
    hash: u64,
    at: u32,
    len: u32,
    wide: bool,
    number: u32,
}

/// An empty slot of the table, and the hash of the string that may take it.
#[derive(Debug, Clone, Copy)]
struct Vacancy {
    index: usize,
    hash: u64,
}

const SHARED_SLOTS: usize = 4096;
/// Longer strings are sentences that rarely repeat whole; hashing them would cost more.
const SHARED_MAX_BYTES: usize = 40;
/// Slots tried per string (linear probing).
const SHARED_PROBES: usize = 4;

impl Shared {
    /// The remembered string equal to `text`, or the empty slot it would take (if any).
    fn find(&self, text: &str, blobs: (&str, &str)) -> Result<u32, Option<Vacancy>> {
        let hash = super::text::short_text_hash(text.as_bytes());
        let mask = SHARED_SLOTS - 1;
        for probe in 0..SHARED_PROBES {
            let index = (hash as usize).wrapping_add(probe) & mask;
            let Some(slot) = self.slots.get(index) else {
                return Err(None);
            };
            if slot.hash == 0 {
                return Err(Some(Vacancy { index, hash }));
            }
            let blob = if slot.wide { blobs.1 } else { blobs.0 };
            let (at, len) = (slot.at as usize, slot.len as usize);
            let first = blob.as_bytes().get(at..at + len);
            if slot.hash == hash && first.is_some_and(|first| same_bytes(first, text.as_bytes())) {
                return Ok(slot.number);
            }
        }
        Err(None)
    }
}

/// Whether `a` and `b` are the same bytes, compared 8 at a time: in wasm, slice equality is a
/// call to a byte-by-byte `memcmp`, and every repeated string is checked this way.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let word = super::text::little_endian_8;
    let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
    if !x.by_ref().zip(y.by_ref()).all(|(p, q)| word(p) == word(q)) {
        return false;
    }
    x.remainder().iter().zip(y.remainder()).all(|(p, q)| p == q)
}

impl Tape {
    pub fn new() -> Tape {
        Tape::default()
    }

    /// A tape with room for this many ops and bytes of ASCII and wide text, so writing a large
    /// one (a batch) does not grow its buffers by doubling.
    pub fn with_capacity(ops: usize, ascii: usize, wide: usize) -> Tape {
        Tape {
            ops: Vec::with_capacity(ops),
            ascii: String::with_capacity(ascii),
            wide: String::with_capacity(wide),
            shared: None,
        }
    }

    /// Writes short strings written before as references to them (see the module docs): for
    /// batches, whose results repeat most of their strings.
    pub fn sharing_strings(mut self) -> Tape {
        self.shared = Some(Box::new(Shared {
            slots: vec![Slot::default(); SHARED_SLOTS],
            remembered: 0,
        }));
        self
    }

    /// The ops (see the module docs).
    pub fn ops(&self) -> &[u32] {
        &self.ops
    }

    /// The ASCII blob and the wide blob (see the module docs).
    pub fn blobs(&self) -> (&str, &str) {
        (&self.ascii, &self.wide)
    }

    /// Reads the tape back as JSON text (see [`read_json`]).
    pub fn to_json(&self, keys: &[&'static str]) -> Result<String, TapeError> {
        read_json(&self.ops, &self.ascii, &self.wide, keys)
    }

    #[inline]
    fn op(&mut self, tag: u32, payload: u32) {
        self.ops.push(payload << TAG_BITS | tag);
    }

    /// The op of a string just appended to its blob at `at` (`len` bytes; `wide`: the wide blob,
    /// `units` UTF-16 units); remembered in `vacancy`, when there is one, for later copies.
    fn string_written(
        &mut self,
        vacancy: Option<Vacancy>,
        at: usize,
        len: usize,
        wide: bool,
        units: usize,
    ) {
        let tag = if wide { WIDE } else { ASCII };
        let shared = self.shared.as_deref_mut();
        if let (Some(shared), Some(vacancy)) = (shared, vacancy) {
            let number = shared.remembered;
            if let (Some(entry), Ok(at), Ok(len), Ok(units)) = (
                shared.slots.get_mut(vacancy.index),
                u32::try_from(at),
                u32::try_from(len),
                u32::try_from(units),
            ) {
                *entry = Slot {
                    hash: vacancy.hash,
                    at,
                    len,
                    wide,
                    number,
                };
                shared.remembered += 1;
                return self.op(tag, REMEMBER | units);
            }
        }
        self.string_op(tag, units);
    }

    /// `text` again if it was remembered (`Ok`); else where to remember it, when it may be.
    fn seen(&self, text: &str) -> Result<u32, Option<Vacancy>> {
        match &self.shared {
            Some(shared) if text.len() <= SHARED_MAX_BYTES => {
                shared.find(text, (&self.ascii, &self.wide))
            }
            _ => Err(None),
        }
    }

    /// A string op for `units` characters just appended to its blob.
    fn string_op(&mut self, tag: u32, units: usize) {
        match u32::try_from(units) {
            Ok(n) if n < LONG => self.op(tag, n),
            _ => {
                self.op(tag, LONG);
                self.ops.push(u32::try_from(units).unwrap_or(u32::MAX));
            }
        }
    }
}

/// How many UTF-16 units `text` takes: one per character, two for one beyond the BMP. Counted on
/// the bytes, 8 at a time: every byte but a continuation byte (`10xxxxxx`) starts a character,
/// and a 4-byte character (lead byte `11110xxx`) takes a second unit.
pub(crate) fn utf16_len(text: &str) -> usize {
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte that is a continuation byte, or that leads a 4-byte character.
    let units = |w: u64| {
        let continuation = w & !(w << 1) & HIGHS;
        let four_byte_lead = w & (w << 1) & (w << 2) & (w << 3) & HIGHS;
        8 - continuation.count_ones() as usize + four_byte_lead.count_ones() as usize
    };
    let mut chunks = text.as_bytes().chunks_exact(8);
    let mut n = 0;
    for chunk in &mut chunks {
        n += units(u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8])));
    }
    let tail = chunks.remainder();
    let mut last = [0u8; 8];
    if let Some(head) = last.get_mut(..tail.len()) {
        head.copy_from_slice(tail);
    }
    // The zero padding counts one unit per byte: take those back.
    n + units(u64::from_le_bytes(last)) - (8 - tail.len())
}

impl Sink for Tape {
    #[inline]
    fn begin_object(&mut self) {
        self.op(OBJECT, 0);
    }

    #[inline]
    fn key(&mut self, key: Key) {
        self.ops.push(u32::from(key.id) + 1);
    }

    #[inline]
    fn end_object(&mut self) {
        self.ops.push(END);
    }

    #[inline]
    fn begin_array(&mut self) {
        self.op(ARRAY, 0);
    }

    #[inline]
    fn end_array(&mut self) {
        self.ops.push(END);
    }

    fn string(&mut self, text: &str) {
        let vacancy = match self.seen(text) {
            Ok(number) => return self.op(LITERAL, FIRST_SHARED + number),
            Err(vacancy) => vacancy,
        };
        let wide = !text.is_ascii();
        let (at, units) = if wide {
            self.wide.push_str(text);
            (self.wide.len() - text.len(), utf16_len(text))
        } else {
            self.ascii.push_str(text);
            (self.ascii.len() - text.len(), text.len())
        };
        self.string_written(vacancy, at, text.len(), wide, units);
    }

    fn put(&mut self, value: &dyn Piece) {
        // Straight into the ASCII blob; the rare text that is not ASCII moves to the wide one.
        let start = self.ascii.len();
        value.put(&mut self.ascii);
        let written = self.ascii.get(start..).unwrap_or("");
        let len = written.len();
        let vacancy = match self.seen(written) {
            Ok(number) => {
                self.ascii.truncate(start);
                return self.op(LITERAL, FIRST_SHARED + number);
            }
            Err(vacancy) => vacancy,
        };
        let (at, wide, units) = if written.is_ascii() {
            (start, false, len)
        } else {
            let units = utf16_len(written);
            let at = self.wide.len();
            self.wide.push_str(written);
            self.ascii.truncate(start);
            (at, true, units)
        };
        self.string_written(vacancy, at, len, wide, units);
    }

    #[inline]
    fn int(&mut self, n: i64) {
        match i32::try_from(n) {
            Ok(small) => {
                self.op(INT, 0);
                self.ops.push(small as u32);
            }
            // JSON.parse reads such a number as the nearest f64, which is what `as` gives.
            Err(_) => {
                let bits = (n as f64).to_bits();
                self.op(F64, 0);
                self.ops.push(bits as u32);
                self.ops.push((bits >> 32) as u32);
            }
        }
    }

    #[inline]
    fn bool(&mut self, b: bool) {
        self.op(LITERAL, if b { 2 } else { 1 });
    }

    #[inline]
    fn null(&mut self) {
        self.op(LITERAL, 0);
    }
}

/// Why bytes are not a tape (or not one written with the given names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TapeError(pub String);

/// Reads a tape's parts back as JSON text, written by [`Out`]: the same text the writer would
/// have written as JSON if the tape is right. `keys` are the member names by id. For tests and
/// debugging; the reader that counts is the JavaScript one.
pub fn read_json(
    ops: &[u32],
    ascii: &str,
    wide: &str,
    keys: &[&'static str],
) -> Result<String, TapeError> {
    let wide: Vec<u16> = wide.encode_utf16().collect();
    let mut reader = Reader {
        ops,
        at: 0,
        ascii,
        ascii_at: 0,
        wide: &wide,
        wide_at: 0,
        keys,
        remembered: Vec::new(),
    };
    let mut out = Out::with_capacity(4 * ops.len() + ascii.len() + 2 * wide.len());
    reader.value(&mut out)?;
    if reader.at != ops.len() {
        return Err(TapeError(format!(
            "ops left after the value at op {}",
            reader.at
        )));
    }
    Ok(out.into_string())
}

struct Reader<'t> {
    ops: &'t [u32],
    at: usize,
    ascii: &'t str,
    ascii_at: usize,
    wide: &'t [u16],
    wide_at: usize,
    keys: &'t [&'static str],
    /// The strings marked [`REMEMBER`] so far.
    remembered: Vec<String>,
}

impl Reader<'_> {
    fn next(&mut self) -> Result<u32, TapeError> {
        let op = self.ops.get(self.at).copied();
        self.at += 1;
        op.ok_or_else(|| TapeError(format!("ended inside a value at op {}", self.at - 1)))
    }

    /// A string op's length, and whether the string is remembered.
    fn length(&mut self, payload: u32) -> Result<(usize, bool), TapeError> {
        let (n, remember) = match payload {
            LONG => (self.next()?, false),
            n if n & REMEMBER != 0 => (n & !REMEMBER, true),
            n => (n, false),
        };
        Ok((usize::try_from(n).unwrap_or(usize::MAX), remember))
    }

    fn string(&mut self, out: &mut Out, text: String, remember: bool) {
        out.string(&text);
        if remember {
            self.remembered.push(text);
        }
    }

    fn value(&mut self, out: &mut Out) -> Result<(), TapeError> {
        let op = self.next()?;
        let payload = op >> TAG_BITS;
        match op & ((1 << TAG_BITS) - 1) {
            ASCII => {
                let (n, remember) = self.length(payload)?;
                let end = self.ascii_at.saturating_add(n);
                let text = self.ascii.get(self.ascii_at..end);
                let text = text.ok_or_else(|| TapeError("ASCII blob too short".into()))?;
                self.string(out, text.to_string(), remember);
                self.ascii_at = end;
            }
            WIDE => {
                let (n, remember) = self.length(payload)?;
                let end = self.wide_at.saturating_add(n);
                let units = self.wide.get(self.wide_at..end);
                let units = units.ok_or_else(|| TapeError("wide blob too short".into()))?;
                let text = String::from_utf16(units).map_err(|_| {
                    TapeError(format!(
                        "a wide string splits a character at op {}",
                        self.at
                    ))
                })?;
                self.string(out, text, remember);
                self.wide_at = end;
            }
            INT => out.int(i64::from(self.next()? as i32)),
            F64 => {
                let low = u64::from(self.next()?);
                let high = u64::from(self.next()?);
                // Written only for integers beyond `i32` (see `Sink::int`).
                out.int(f64::from_bits(high << 32 | low) as i64);
            }
            OBJECT => {
                out.begin_object();
                loop {
                    match self.next()? {
                        END => break,
                        id => {
                            let index = usize::try_from(id - 1).unwrap_or(usize::MAX);
                            let name = self.keys.get(index).copied().ok_or_else(|| {
                                TapeError(format!("no member name {id} at op {}", self.at - 1))
                            })?;
                            out.key(Key {
                                id: u16::try_from(index).unwrap_or(u16::MAX),
                                name,
                            });
                            self.value(out)?;
                        }
                    }
                }
                out.end_object();
            }
            ARRAY => {
                out.begin_array();
                while self.ops.get(self.at) != Some(&END) {
                    self.value(out)?;
                }
                self.at += 1;
                out.end_array();
            }
            LITERAL => match payload {
                0 => out.null(),
                1 => out.bool(false),
                2 => out.bool(true),
                _ => {
                    let number = usize::try_from(payload - FIRST_SHARED).unwrap_or(usize::MAX);
                    let text = self.remembered.get(number).ok_or_else(|| {
                        TapeError(format!(
                            "no string {number} remembered at op {}",
                            self.at - 1
                        ))
                    })?;
                    out.string(text);
                }
            },
            _ => {
                return Err(TapeError(format!(
                    "no value starts with op {op} at {}",
                    self.at - 1
                )))
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: &[&str] = &["a", "b"];
    const A: Key = Key { id: 0, name: "a" };
    const B: Key = Key { id: 1, name: "b" };

    /// Writes the same events as JSON text and as a tape: the tape must read back as the text.
    fn check(write: impl Fn(&mut dyn Sink), expect: &str) {
        let mut out = Out::with_capacity(64);
        write(&mut out);
        let mut tape = Tape::new();
        write(&mut tape);
        let mut sharing = Tape::new().sharing_strings();
        write(&mut sharing);
        assert_eq!(out.into_string(), expect, "JSON text");
        assert_eq!(tape.to_json(NAMES).as_deref(), Ok(expect), "tape");
        assert_eq!(
            sharing.to_json(NAMES).as_deref(),
            Ok(expect),
            "sharing tape"
        );
    }

    /// The same writes on a sharing tape and a plain one, which must read back the same.
    fn sharing_and_plain(write: impl Fn(&mut dyn Sink)) -> (Tape, Tape) {
        let mut tape = Tape::new().sharing_strings();
        write(&mut tape);
        let mut plain = Tape::new();
        write(&mut plain);
        assert_eq!(tape.to_json(NAMES), plain.to_json(NAMES));
        (tape, plain)
    }

    /// A batch's tape writes a short string again as a reference to its first copy, whichever
    /// blob it is in and however it was written; it reads back the same.
    #[test]
    fn repeated_short_strings_are_shared() {
        let long = "a sentence longer than forty bytes, written whole each time";
        let write = |s: &mut dyn Sink| {
            s.begin_array();
            for i in 0..3 {
                s.string("fit.industry");
                s.string("Zoë → ok");
                s.put(&"Fit cannot go below 0");
                s.put(&"Zoë → ok");
                s.string(long);
                s.int(i);
            }
            s.end_array();
        };
        let (tape, plain) = sharing_and_plain(write);
        let shared = |t: &Tape| {
            t.ops()
                .iter()
                .filter(|&&op| op & 7 == LITERAL && op >> 3 >= FIRST_SHARED)
                .count()
        };
        // Each of the three short strings once, then every time again (the put "Zoë → ok" repeats
        // the string written just before it).
        assert_eq!((shared(&tape), shared(&plain)), (9, 0));
        let (ascii, wide) = tape.blobs();
        assert_eq!(ascii.matches("fit.industry").count(), 1);
        assert_eq!(ascii.matches("Fit cannot").count(), 1);
        assert_eq!(wide.matches("Zoë").count(), 1);
        assert_eq!(ascii.matches(long).count(), 3);
    }

    /// Past the table's room, strings are written whole; the tape still reads back right.
    #[test]
    fn a_full_table_writes_strings_whole() {
        let write = |s: &mut dyn Sink| {
            s.begin_array();
            for round in 0..2 {
                for i in 0..2 * SHARED_SLOTS {
                    s.string(&format!("s{i}"));
                }
                s.int(round);
            }
            s.end_array();
        };
        let (tape, plain) = sharing_and_plain(write);
        assert!(tape.blobs().0.len() < plain.blobs().0.len());
    }

    #[test]
    fn values_read_back_as_written() {
        check(|s| s.null(), "null");
        check(|s| s.int(-7), "-7");
        check(|s| s.int(i64::from(i32::MIN)), "-2147483648");
        // Beyond i32: an f64 on the tape, exact up to 2^53.
        check(|s| s.int(1 << 40), "1099511627776");
        check(|s| s.int(-(1 << 53)), "-9007199254740992");
        check(
            |s| {
                s.begin_array();
                s.bool(true);
                s.bool(false);
                s.begin_array();
                s.end_array();
                s.begin_object();
                s.end_object();
                s.end_array();
            },
            "[true,false,[],{}]",
        );
        check(
            |s| {
                s.begin_object();
                s.key(B);
                s.string("x");
                s.key(A);
                s.begin_object();
                s.key(A);
                s.put(&42);
                s.end_object();
                s.end_object();
            },
            r#"{"b":"x","a":{"a":"42"}}"#,
        );
    }

    #[test]
    fn strings_go_to_their_blob_in_utf16_units() {
        // ASCII, two-byte, three-byte and astral (two UTF-16 units) characters, interleaved, and
        // text that `put` writes to the ASCII blob before finding it is not ASCII.
        check(
            |s| {
                s.begin_array();
                s.string("plain \"quoted\"\n");
                s.string("Chloé → 🚀 x");
                s.string("");
                s.put(&"200–2,000");
                s.put(&"after");
                s.string("🚀");
                s.end_array();
            },
            r#"["plain \"quoted\"\n","Chloé → 🚀 x","","200–2,000","after","🚀"]"#,
        );
    }

    #[test]
    fn utf16_lengths_count_units() {
        for text in [
            "",
            "ascii",
            "é",
            "→ x",
            "🚀",
            "a🚀é→",
            "\u{10FFFF}\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}",
        ] {
            assert_eq!(utf16_len(text), text.encode_utf16().count(), "{text:?}");
        }
        // Every text of up to 4 characters from one of each UTF-8 length (and ASCII edges).
        for text in crate::core::text::every_text(
            &[
                'a',
                '\u{7F}',
                'é',
                '\u{7FF}',
                '→',
                '\u{FFFF}',
                '🚀',
                '\u{10FFFF}',
            ],
            4,
        ) {
            assert_eq!(utf16_len(&text), text.encode_utf16().count(), "{text:?}");
        }
    }

    #[test]
    fn long_strings_carry_their_length_in_the_next_op() {
        let mut tape = Tape::new();
        tape.string_op(ASCII, LONG as usize + 5);
        assert_eq!(tape.ops, [LONG << TAG_BITS | ASCII, LONG + 5]);
        let mut tape = Tape::new();
        tape.string_op(WIDE, LONG as usize - 1);
        assert_eq!(tape.ops, [(LONG - 1) << TAG_BITS | WIDE]);
    }

    #[test]
    fn broken_tapes_are_errors() {
        let mut tape = Tape::new();
        tape.begin_object();
        tape.key(A);
        tape.string("x");
        tape.key(B);
        tape.string("é");
        tape.end_object();
        assert_eq!(tape.to_json(NAMES).as_deref(), Ok(r#"{"a":"x","b":"é"}"#));
        let (ops, (ascii, wide)) = (tape.ops(), tape.blobs());
        // Cut anywhere, the tape is refused, never misread.
        for cut in 0..ops.len() {
            let ops = ops.get(..cut).unwrap_or(&[]);
            assert!(
                read_json(ops, ascii, wide, NAMES).is_err(),
                "ops cut at {cut}"
            );
        }
        assert!(read_json(ops, "", wide, NAMES).is_err(), "no ASCII blob");
        assert!(read_json(ops, ascii, "", NAMES).is_err(), "no wide blob");
        // A member name the table lacks; ops left over.
        assert!(read_json(ops, ascii, wide, &[]).is_err());
        let mut longer = ops.to_vec();
        longer.push(LITERAL);
        assert!(read_json(&longer, ascii, wide, NAMES).is_err());
    }
}
