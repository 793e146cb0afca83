//! Text matching: job titles, free-text messages and company names against the model's phrases.
//!
//! Text is normalised once into lowercase word tokens (dots and apostrophes are dropped so "V.P."
//! is `vp` and "I'm" is `im`; every other non-alphanumeric character separates words). A phrase is a
//! sequence of such tokens; a trailing `*` makes its last token a prefix (`inefficien*`). Phrases are
//! indexed by their first token, so matching costs one hash lookup per word of input, not one scan
//! per phrase — scoring must stay in the microseconds.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The hasher of maps keyed by text: deterministic (no random seed, the same on every target) and
/// fast for short keys — see `hash_bytes`.
#[derive(Default)]
pub struct TextHasher(u64);

impl Hasher for TextHasher {
    fn finish(&self) -> u64 {
        finish_hash(self.0)
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = hash_bytes(self.0, bytes);
    }
}

pub type TextMap<K, V> = HashMap<K, V, BuildHasherDefault<TextHasher>>;

/// A map keyed by short text — codes, names and domains (event and form types, country names,
/// listed domains) — found by a key's length and its first and last eight bytes: for keys of up
/// to 16 bytes those are the whole key, so a lookup compares two words instead of hashing the
/// text and comparing bytes. Longer keys are compared byte for byte as well. Open addressing,
/// at most half full.
#[derive(Debug, Clone)]
pub struct CodeMap<V> {
    slots: Vec<Option<(Fingerprint, Box<str>, V)>>,
    /// Slots in use: at most half of them.
    len: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Fingerprint {
    len: usize,
    head: u64,
    tail: u64,
}

impl Fingerprint {
    fn of(bytes: &[u8]) -> Fingerprint {
        let word = |at: usize| bytes.get(at..at + 8).map_or(0, little_endian_8);
        let len = bytes.len();
        let (head, tail) = match len {
            8.. => (word(0), word(len - 8)),
            _ => (little_endian(bytes), 0),
        };
        Fingerprint { len, head, tail }
    }

    /// Whether the fingerprint is the whole text (no byte left out).
    fn is_whole(&self) -> bool {
        self.len <= 16
    }

    /// The fingerprint in one number; its top half depends on every bit of it.
    fn mixed(&self) -> u64 {
        (self.head ^ self.tail.rotate_left(29) ^ self.len as u64)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }

    fn slot(&self, mask: usize) -> usize {
        (self.mixed() >> 32) as usize & mask
    }
}

/// A hash of a short text from its length and first and last eight bytes (two loads; for tables
/// that compare every hit byte for byte anyway, so texts alike in those only share a slot);
/// never 0.
pub fn short_text_hash(bytes: &[u8]) -> u64 {
    let hash = Fingerprint::of(bytes).mixed();
    (hash ^ hash >> 32) | 1
}

impl<V> CodeMap<V> {
    /// A later entry for a code replaces an earlier one, as in a `HashMap`.
    pub fn new(entries: impl IntoIterator<Item = (String, V)>) -> CodeMap<V> {
        let entries = entries.into_iter();
        let mut map = CodeMap::with_capacity(entries.size_hint().0);
        for (key, value) in entries {
            if let Some(slot) = map.slot_for(&key) {
                match slot {
                    Some((_, _, old)) => *old = value,
                    None => *slot = Some((Fingerprint::of(key.as_bytes()), key.into(), value)),
                }
            }
        }
        map
    }

    /// An empty map with room for `keys` codes before it grows.
    pub fn with_capacity(keys: usize) -> CodeMap<V> {
        let size = (keys * 2).next_power_of_two().max(8);
        CodeMap {
            slots: std::iter::repeat_with(|| None).take(size).collect(),
            len: 0,
        }
    }

    /// The value of `key`, first made by `default` when the key is new.
    pub fn entry(&mut self, key: &str, default: impl FnOnce() -> V) -> Option<&mut V> {
        let slot = self.slot_for(key)?;
        if slot.is_none() {
            *slot = Some((Fingerprint::of(key.as_bytes()), key.into(), default()));
        }
        slot.as_mut().map(|(_, _, value)| value)
    }

    /// The slot holding `key`, or the empty one where it goes (counted as used). The map
    /// doubles before it would be more than half full, so that every probe ends at an empty slot.
    #[allow(clippy::type_complexity)]
    fn slot_for(&mut self, key: &str) -> Option<&mut Option<(Fingerprint, Box<str>, V)>> {
        if 2 * (self.len + 1) > self.slots.len() && self.get(key).is_none() {
            let mut grown = CodeMap::with_capacity(self.slots.len());
            for (fingerprint, key, value) in std::mem::take(&mut self.slots).into_iter().flatten() {
                if let Some(slot) = grown.slot_for(&key) {
                    *slot = Some((fingerprint, key, value));
                }
            }
            *self = grown;
        }
        let mask = self.slots.len().checked_sub(1)?;
        let mut i = Fingerprint::of(key.as_bytes()).slot(mask);
        loop {
            match self.slots.get(i)? {
                Some((_, k, _)) if **k == *key => break,
                Some(_) => i = (i + 1) & mask,
                None => {
                    self.len += 1;
                    break;
                }
            }
        }
        self.slots.get_mut(i)
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        let fingerprint = Fingerprint::of(key.as_bytes());
        let mask = self.slots.len().checked_sub(1)?;
        let mut i = fingerprint.slot(mask);
        // Never full, so a probe ends at an empty slot.
        loop {
            match self.slots.get(i)? {
                Some((f, k, v)) if *f == fingerprint && (f.is_whole() || **k == *key) => {
                    return Some(v)
                }
                Some(_) => i = (i + 1) & mask,
                None => return None,
            }
        }
    }
}

/// The hash of one normalised word: computed once when a text is tokenized, then every phrase
/// set looks the word up by this number (no rehashing per set).
pub fn word_hash(word: &str) -> u64 {
    word_hash_bytes(word.as_bytes())
}

fn word_hash_bytes(word: &[u8]) -> u64 {
    finish_hash(hash_bytes(0, word))
}

/// Adds `bytes` to `hash` eight at a time, each step a rotate, xor and multiply (FxHash's step);
/// the length goes first, so a shorter text is not a zero-padded longer one. (FNV-1a's multiply
/// per byte was most of the cost of tokenizing.)
fn hash_bytes(hash: u64, bytes: &[u8]) -> u64 {
    let mut chunks = bytes.chunks_exact(8);
    let mut hash = hash_step(hash, bytes.len() as u64);
    for chunk in &mut chunks {
        let chunk: [u8; 8] = chunk.try_into().unwrap_or_default();
        hash = hash_step(hash, u64::from_le_bytes(chunk));
    }
    let tail = chunks.remainder();
    if tail.is_empty() {
        return hash;
    }
    hash_step(hash, little_endian(tail))
}

/// `bytes` (at most eight) as a little-endian number.
fn little_endian(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .rev()
        .fold(0u64, |chunk, &b| (chunk << 8) | u64::from(b))
}

/// [`word_hash_bytes`] of `buf[start..end]`. The tokenizer's buffer has eight bytes to spare
/// after every word, so the word's last partial chunk is one load and a mask instead of a loop
/// over its bytes (most words are a single partial chunk).
fn word_hash_in(buf: &[u8], start: usize, end: usize) -> u64 {
    let word = buf.get(start..end).unwrap_or_default();
    let mut hash = hash_step(0, word.len() as u64);
    let mut at = start;
    while let Some(chunk) = buf.get(at..at + 8).filter(|_| at + 8 <= end) {
        hash = hash_step(hash, little_endian_8(chunk));
        at += 8;
    }
    if at < end {
        let tail = end - at;
        let last = match buf.get(at..at + 8) {
            Some(chunk) => little_endian_8(chunk) & (u64::MAX >> (8 * (8 - tail))),
            None => little_endian(buf.get(at..end).unwrap_or_default()),
        };
        hash = hash_step(hash, last);
    }
    finish_hash(hash)
}

/// Eight bytes (a shorter or longer slice reads as 0) as a little-endian number.
pub(crate) fn little_endian_8(chunk: &[u8]) -> u64 {
    u64::from_le_bytes(chunk.try_into().unwrap_or_default())
}

fn hash_step(hash: u64, chunk: u64) -> u64 {
    (hash.rotate_left(5) ^ chunk).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// A multiply carries input bits only upwards; folding the top half down and multiplying again
/// makes both the low bits (a hash table's bucket) and the top bits ([`first_word_bit`]) depend
/// on every input byte.
fn finish_hash(hash: u64) -> u64 {
    (hash ^ (hash >> 32)).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Whether `c` belongs to a word. Letters and digits of every script count; outside ASCII, only
/// known punctuation, symbol and space blocks separate words. (`char::is_alphanumeric` would be
/// exact, at the price of Unicode property tables in the wasm bundle.)
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !matches!(c,
        '\u{80}'..='\u{BF}'          // Latin-1 controls and punctuation (« » ¡ ¿ © °…)
        | '\u{D7}' | '\u{F7}'         // × ÷
        | '\u{2000}'..='\u{2BFF}'     // spaces, general punctuation, currency, arrows, math, symbols
        | '\u{3000}'..='\u{303F}'     // CJK punctuation
        | '\u{FE10}'..='\u{FE6F}'     // vertical and small forms
        | '\u{FF00}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}'
        | '\u{FEFF}' | '\u{FFF0}'..='\u{FFFF}'
        | '\u{1F000}'..='\u{1FAFF}'   // emoji and pictographs
    )
}

/// Lowercase for matching: ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic — the scripts of
/// the markets leadlens serves — by arithmetic on code points, without Unicode case tables in
/// the wasm bundle. Other characters are kept as they are.
pub fn fold_case(c: char) -> char {
    let u = c as u32;
    let folded = match u {
        0x41..=0x5A | 0xC0..=0xDE if u != 0xD7 => u + 0x20,
        0x130 => 0x69, // İ → i
        0x100..=0x137 | 0x14A..=0x177 if u % 2 == 0 => u + 1,
        0x139..=0x148 | 0x179..=0x17E if u % 2 == 1 => u + 1,
        0x178 => 0xFF, // Ÿ → ÿ
        0x391..=0x3A9 if u != 0x3A2 => u + 0x20,
        0x400..=0x40F => u + 0x50,
        0x410..=0x42F => u + 0x20,
        _ => u,
    };
    char::from_u32(folded).unwrap_or(c)
}

/// Normalised words of a text, stored joined by single spaces (so a whole normalised text is one
/// `&str`, e.g. a country key) with the span and [`word_hash`] of each word. Refill one with
/// [`Tokens::fill`] to reuse its buffers: scoring tokenizes several texts per lead.
#[derive(Debug, Default)]
pub struct Tokens {
    /// The normalised words (`..joined_len`): ASCII bytes and whole encoded characters only, so
    /// always UTF-8. Bytes, not a `String`: the tokenizer stores a byte at a time, into a buffer
    /// at least eight bytes longer than the text, kept from one text to the next (see [`Writer`]).
    buf: Vec<u8>,
    joined_len: usize,
    spans: Vec<Span>,
    /// Whether the text last filled is its words joined by single spaces (what [`quote`] checks
    /// first): noticed on separators while tokenizing, so quoting a matched sentence does not
    /// scan it again.
    single_spaced: bool,
}

thread_local! {
    static SCRATCH: std::cell::Cell<Tokens> = std::cell::Cell::new(Tokens::default());
}

/// Runs `f` with a token buffer that keeps its capacity from one lead to the next: scoring
/// tokenizes several texts per lead, and allocating the buffers anew for every lead cost more
/// than tokenizing. Only capacity carries over (every use refills), so results cannot depend on
/// it; a nested call gets a fresh buffer.
pub fn with_scratch_tokens<R>(f: impl FnOnce(&mut Tokens) -> R) -> R {
    let mut tokens = SCRATCH.try_with(std::cell::Cell::take).unwrap_or_default();
    let result = f(&mut tokens);
    let _ = SCRATCH.try_with(|cell| cell.set(tokens));
    result
}

#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    hash: u64,
}

impl Span {
    /// The word `buf[start..end]`, hashed.
    fn of(buf: &[u8], start: usize, end: usize) -> Span {
        let hash = word_hash_in(buf, start, end);
        Span { start, end, hash }
    }
}

/// The normalised words [`Tokens::fill`] writes. Normalised text is never longer than its source
/// (case folding keeps or shortens the UTF-8 length, and the one space between words replaces at
/// least one separator), so it is written into a buffer of the source's length (and eight bytes
/// more, for [`word_hash_in`]): a store per byte, not a push. The buffer is only ever lengthened,
/// so that refilling it clears nothing; what was written is `..written`.
struct Writer {
    out: Vec<u8>,
    written: usize,
    /// Where the word under way starts; it is hashed when it ends.
    word: Option<usize>,
}

impl Writer {
    /// Writes into `buf` (its capacity is reused) a text of at most `len` bytes.
    fn new(mut buf: Vec<u8>, len: usize) -> Writer {
        let needed = len.saturating_add(8);
        if buf.len() < needed {
            buf.resize(needed, 0);
        }
        Writer {
            out: buf,
            written: 0,
            word: None,
        }
    }

    fn put(&mut self, byte: u8) {
        if let Some(slot) = self.out.get_mut(self.written) {
            *slot = byte;
        }
        self.written += 1;
    }

    /// Starts a word unless one is under way (after a space, when it is not the first).
    fn start_word(&mut self) {
        if self.word.is_none() {
            if self.written > 0 {
                self.put(b' ');
            }
            self.word = Some(self.written);
        }
    }

    /// The word under way, ended.
    fn end_word(&mut self) -> Option<Span> {
        let start = self.word.take()?;
        Some(Span::of(&self.out, start, self.written))
    }

    /// The buffer and the length written.
    fn finish(self) -> (Vec<u8>, usize) {
        (self.out, self.written)
    }
}

/// An ASCII letter or digit lowercased, or 0 for any other byte: one table load per byte of
/// text instead of range tests and a case branch.
fn ascii_word_byte(b: u8) -> u8 {
    // Built at compile time, where an index out of bounds fails the build: nothing to panic.
    #[allow(clippy::indexing_slicing)]
    static TABLE: [u8; 256] = {
        let mut table = [0u8; 256];
        let mut b = 0;
        while b < 128 {
            let byte = b as u8;
            if byte.is_ascii_alphanumeric() {
                table[b] = byte.to_ascii_lowercase();
            }
            b += 1;
        }
        table
    };
    TABLE.get(usize::from(b)).copied().unwrap_or(0)
}

impl Tokens {
    pub fn new(text: &str) -> Tokens {
        let mut tokens = Tokens::default();
        tokens.fill(text);
        tokens
    }

    pub fn fill(&mut self, text: &str) {
        self.spans.clear();
        let mut words = Writer::new(std::mem::take(&mut self.buf), text.len());
        // For `single_spaced` (see `is_single_spaced`): a space may not start the text, follow
        // another one or end the text; no other whitespace at all.
        let (mut after_space, mut spacing_broken) = (true, false);
        let bytes = text.as_bytes();
        let mut i = 0;
        // Byte by byte through a table (nearly all of a lead's text is ASCII); other characters
        // are decoded where they start.
        while let Some(&b) = bytes.get(i) {
            if ascii_word_byte(b) != 0 {
                words.start_word();
                while let Some(lower) = bytes.get(i).map(|&b| ascii_word_byte(b)) {
                    if lower == 0 {
                        break;
                    }
                    words.put(lower);
                    i += 1;
                }
                after_space = false;
                continue;
            }
            let ends_word = if b.is_ascii() {
                i += 1;
                spacing_broken |= (b == b' ' && after_space) || (b'\t'..=b'\r').contains(&b);
                after_space = b == b' ';
                // '.' and '\'' join: "v.p." is "vp", "i'm" is "im".
                b != b'.' && b != b'\''
            } else {
                let c = text
                    .get(i..)
                    .and_then(|rest| rest.chars().next())
                    .unwrap_or(char::REPLACEMENT_CHARACTER);
                i += c.len_utf8();
                spacing_broken |= c.is_whitespace();
                after_space = false;
                let in_word = is_word_char(c);
                if in_word {
                    words.start_word();
                    let mut utf8 = [0u8; 4];
                    for &byte in fold_case(c).encode_utf8(&mut utf8).as_bytes() {
                        words.put(byte);
                    }
                }
                !in_word && c != '’'
            };
            if ends_word {
                self.spans.extend(words.end_word());
            }
        }
        self.spans.extend(words.end_word());
        (self.buf, self.joined_len) = words.finish();
        self.single_spaced = !spacing_broken && (!after_space || text.is_empty());
    }

    /// Whether the text last filled is its words joined by single spaces: [`quote`] borrows it
    /// as it is (see [`quote_tokenized`]).
    pub fn single_spaced(&self) -> bool {
        self.single_spaced
    }

    /// The words joined by single spaces: `"  U.S.A. "` → `"usa"`, `"Logistics & Supply"` →
    /// `"logistics supply"`.
    pub fn joined(&self) -> &str {
        // Always UTF-8 (see `buf`).
        std::str::from_utf8(self.buf.get(..self.joined_len).unwrap_or_default()).unwrap_or_default()
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.spans.iter().filter_map(|span| self.word(span))
    }

    fn word(&self, span: &Span) -> Option<&str> {
        self.word_bytes(span)
            .and_then(|word| std::str::from_utf8(word).ok())
    }

    /// A word as bytes, for matching (no UTF-8 check: phrases compare as bytes).
    fn word_bytes(&self, span: &Span) -> Option<&[u8]> {
        self.buf.get(span.start..span.end)
    }
}

#[derive(Debug, Clone)]
struct Phrase {
    words: Vec<Box<str>>,
    /// `word_hash` of each word (a prefix's is unused).
    hashes: Vec<u64>,
    last_is_prefix: bool,
    tag: u32,
    /// The next phrase added whose first word has the same hash ([`NO_PHRASE`]: none).
    next_same_first: u32,
}

const NO_PHRASE: u32 = u32::MAX;

/// Phrases by the `word_hash` of their first word: open addressing on the hash itself (a hash
/// already), each slot holding the first and last phrase of the chain of phrases sharing it, so
/// that a lookup is a few integer comparisons and candidates come in the order added.
#[derive(Debug, Clone, Default)]
struct FirstWords {
    /// A power of two long, at most half full; an empty slot's `first` is [`NO_PHRASE`].
    slots: Vec<FirstWordSlot>,
    len: usize,
}

#[derive(Debug, Clone, Copy)]
struct FirstWordSlot {
    hash: u64,
    first: u32,
    last: u32,
}

const EMPTY_SLOT: FirstWordSlot = FirstWordSlot {
    hash: 0,
    first: NO_PHRASE,
    last: NO_PHRASE,
};

impl FirstWords {
    /// Where `hash` is, or the empty slot where it goes.
    fn slot(&self, hash: u64) -> Option<usize> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut i = hash as usize & mask;
        loop {
            let slot = self.slots.get(i)?;
            if slot.first == NO_PHRASE || slot.hash == hash {
                return Some(i);
            }
            i = (i + 1) & mask;
        }
    }

    /// The first phrase whose first word has `hash`.
    fn first(&self, hash: u64) -> Option<u32> {
        let slot = self.slots.get(self.slot(hash)?)?;
        (slot.first != NO_PHRASE).then_some(slot.first)
    }

    /// Adds phrase `index` (the latest) under `hash`; returns the phrase it follows, if any.
    fn add(&mut self, hash: u64, index: u32) -> Option<u32> {
        if 2 * (self.len + 1) > self.slots.len() {
            let size = (self.slots.len() * 2).max(16);
            let old = std::mem::replace(&mut self.slots, vec![EMPTY_SLOT; size]);
            for slot in old.into_iter().filter(|s| s.first != NO_PHRASE) {
                if let Some(at) = self.slot(slot.hash).and_then(|i| self.slots.get_mut(i)) {
                    *at = slot;
                }
            }
        }
        let at = self.slot(hash).and_then(|i| self.slots.get_mut(i))?;
        if at.first == NO_PHRASE {
            self.len += 1;
            *at = FirstWordSlot {
                hash,
                first: index,
                last: index,
            };
            None
        } else {
            Some(std::mem::replace(&mut at.last, index))
        }
    }
}

/// A compiled set of phrases, each carrying a caller-defined tag.
#[derive(Debug, Clone, Default)]
pub struct PhraseSet {
    phrases: Vec<Phrase>,
    /// Phrases by the `word_hash` of their first word (a shared hash only adds candidates: every
    /// candidate's words are compared).
    by_first_word: FirstWords,
    /// One bit per [`first_word_bit`] of the hashes in `by_first_word`: most words of a text start
    /// no phrase, and a clear bit says so without a map lookup.
    first_word_bits: [u64; FIRST_WORD_BITS / 64],
    /// Single-word prefix phrases (`budget*`), bucketed by their first byte (`PREFIX_BUCKETS`
    /// buckets: one per ASCII byte, one for the rest), so a word is only checked against the
    /// prefixes that could match it.
    prefixes_by_first_byte: Vec<Vec<(Box<str>, u32)>>,
}

const PREFIX_BUCKETS: usize = 129;

const FIRST_WORD_BITS: usize = 2048;

/// Which bit of `first_word_bits` a word hash sets: its top bits (`finish_hash` mixes every byte
/// into them).
fn first_word_bit(hash: u64) -> (usize, u64) {
    let bit = (hash >> (64 - FIRST_WORD_BITS.trailing_zeros())) as usize;
    (bit / 64, 1 << (bit % 64))
}

fn prefix_bucket(word: &[u8]) -> usize {
    word.first().map_or(0, |&b| {
        if b.is_ascii() {
            b as usize
        } else {
            PREFIX_BUCKETS - 1
        }
    })
}

/// Why a phrase cannot be used (reported by model validation with its JSON path).
pub fn phrase_problem(phrase: &str) -> Option<&'static str> {
    let body = phrase.trim().strip_suffix('*').unwrap_or(phrase.trim());
    if body.contains('*') {
        return Some("`*` is only allowed at the end of a phrase");
    }
    if Tokens::new(body).is_empty() {
        return Some("phrase has no letters or digits");
    }
    None
}

impl PhraseSet {
    pub fn add(&mut self, phrase: &str, tag: u32) {
        let trimmed = phrase.trim();
        let (body, last_is_prefix) = match trimmed.strip_suffix('*') {
            Some(b) => (b, true),
            None => (trimmed, false),
        };
        let words: Vec<Box<str>> = Tokens::new(body).iter().map(Box::from).collect();
        let hashes: Vec<u64> = words.iter().map(|w| word_hash(w)).collect();
        let (Some(first), Some(&first_hash)) = (words.first().cloned(), hashes.first()) else {
            return;
        };
        let Ok(index) = u32::try_from(self.phrases.len()) else {
            return;
        };
        if last_is_prefix && words.len() == 1 {
            if self.prefixes_by_first_byte.is_empty() {
                self.prefixes_by_first_byte
                    .resize_with(PREFIX_BUCKETS, Vec::new);
            }
            if let Some(bucket) = self
                .prefixes_by_first_byte
                .get_mut(prefix_bucket(first.as_bytes()))
            {
                bucket.push((first, index));
            }
        } else {
            let previous = self.by_first_word.add(first_hash, index);
            if let Some(previous) = previous.and_then(|p| self.phrases.get_mut(p as usize)) {
                previous.next_same_first = index;
            }
            let (word, bit) = first_word_bit(first_hash);
            if let Some(bits) = self.first_word_bits.get_mut(word) {
                *bits |= bit;
            }
        }
        self.phrases.push(Phrase {
            words,
            hashes,
            last_is_prefix,
            tag,
            next_same_first: NO_PHRASE,
        });
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    /// Calls `found(tag, first_token, token_count)` for every occurrence of every phrase.
    pub fn find(&self, tokens: &Tokens, mut found: impl FnMut(u32, usize, usize)) {
        if self.phrases.is_empty() {
            return;
        }
        for (i, span) in tokens.spans.iter().enumerate() {
            let (bits_word, bit) = first_word_bit(span.hash);
            let may_start = self
                .first_word_bits
                .get(bits_word)
                .is_some_and(|bits| bits & bit != 0);
            let mut candidate = may_start
                .then(|| self.by_first_word.first(span.hash))
                .flatten()
                .unwrap_or(NO_PHRASE);
            while let Some(phrase) = self.phrases.get(candidate as usize) {
                if phrase_matches_at(phrase, tokens, i) {
                    found(phrase.tag, i, phrase.words.len());
                }
                candidate = phrase.next_same_first;
            }
            if self.prefixes_by_first_byte.is_empty() {
                continue;
            }
            let word = tokens.word_bytes(span).unwrap_or(&[]);
            let bucket = self
                .prefixes_by_first_byte
                .get(prefix_bucket(word))
                .map_or(&[][..], Vec::as_slice);
            for (prefix, p) in bucket {
                // The bucket shares the first byte; the second rules out most prefixes without
                // a full comparison.
                let second = |s: &[u8]| s.get(1).copied();
                if second(prefix.as_bytes()).map_or(true, |b| second(word) == Some(b))
                    && word.starts_with(prefix.as_bytes())
                {
                    if let Some(phrase) = self.phrases.get(*p as usize) {
                        found(phrase.tag, i, 1);
                    }
                }
            }
        }
    }

    /// Tags of the phrases found, deduplicated, in order of first occurrence.
    pub fn tags_in(&self, tokens: &Tokens) -> Vec<u32> {
        let mut tags = Vec::new();
        self.find(tokens, |tag, _, _| {
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        });
        tags
    }
}

fn phrase_matches_at(phrase: &Phrase, tokens: &Tokens, start: usize) -> bool {
    let last = phrase.words.len().saturating_sub(1);
    phrase
        .words
        .iter()
        .zip(&phrase.hashes)
        .enumerate()
        .all(|(k, (want, &hash))| {
            let Some(span) = tokens.spans.get(start + k) else {
                return false;
            };
            let got = tokens.word_bytes(span).unwrap_or(&[]);
            if k == last && phrase.last_is_prefix {
                got.starts_with(want.as_bytes())
            } else {
                span.hash == hash && got == want.as_bytes()
            }
        })
}

/// Splits free text into sentences (at `.`, `!`, `?` before whitespace, and at line breaks), so a
/// cue can be quoted back with its context.
pub fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || loop {
        if rest.is_empty() {
            return None;
        }
        // Delimiters are ASCII, and UTF-8 never reuses ASCII bytes inside other characters, so
        // scanning bytes is exact (and far faster than decoding every character).
        let bytes = rest.as_bytes();
        let (mut cut, mut next, mut from) = (rest.len(), rest.len(), 0);
        while let Some(i) = find_any(bytes, from, *b"\n\r.!?") {
            let line_break = matches!(bytes.get(i), Some(b'\n' | b'\r'));
            let boundary = line_break
                || rest
                    .get(i + 1..)
                    .and_then(|after| after.chars().next())
                    .map_or(true, char::is_whitespace);
            if boundary {
                cut = if line_break { i } else { i + 1 };
                next = i + 1;
                break;
            }
            from = i + 1;
        }
        let sentence = trim(rest.get(..cut).unwrap_or(""));
        rest = rest.get(next..).unwrap_or("");
        if !sentence.is_empty() {
            return Some(sentence);
        }
    })
}

/// The longest quote of a lead's text in a result, in characters.
pub const QUOTE_CHARS: usize = 140;

/// A short, single-line quote of `text` (at most `max_chars` characters, cut at a word).
/// Borrowed when `text` is one already, as most form sentences are.
pub fn quote(text: &str, max_chars: usize) -> Cow<'_, str> {
    quote_collapsed(collapse_whitespace(text), max_chars)
}

/// [`quote`] of the text `tokens` were last filled from (they know whether it is single-spaced).
pub fn quote_tokenized<'t>(text: &'t str, tokens: &Tokens, max_chars: usize) -> Cow<'t, str> {
    if tokens.single_spaced() {
        quote_collapsed(Cow::Borrowed(text), max_chars)
    } else {
        quote(text, max_chars)
    }
}

fn quote_collapsed(collapsed: Cow<'_, str>, max_chars: usize) -> Cow<'_, str> {
    if collapsed.len() <= max_chars || collapsed.chars().count() <= max_chars {
        return collapsed;
    }
    let mut cut: String = collapsed.chars().take(max_chars).collect();
    if let Some(space) = cut.rfind(' ') {
        if space > max_chars / 2 {
            cut.truncate(space);
        }
    }
    cut.push('…');
    Cow::Owned(cut)
}

/// The words of `text` joined by single spaces.
fn collapse_whitespace(text: &str) -> Cow<'_, str> {
    if is_single_spaced(text) {
        return Cow::Borrowed(text);
    }
    let mut collapsed = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(word);
    }
    Cow::Owned(collapsed)
}

/// Whether `text` is its words joined by single spaces (as `str::split_whitespace` sees words).
fn is_single_spaced(text: &str) -> bool {
    if !text.is_ascii() {
        let mut after_space = true;
        return text.chars().all(|c| {
            let ok = if c == ' ' {
                !after_space
            } else {
                !c.is_whitespace()
            };
            after_space = c == ' ';
            ok
        }) && !after_space;
    }
    // ASCII whitespace is the space and \t \n \x0B \x0C \r. A space must follow a word: not
    // start the text, follow another space or end the text.
    let mut previous = b' ';
    for &b in text.as_bytes() {
        if (b == b' ' && previous == b' ') || (b'\t'..=b'\r').contains(&b) {
            return false;
        }
        previous = b;
    }
    previous != b' ' || text.is_empty()
}

/// Counts links in free text (`http://`, `https://`, `www.`, any case): link-stuffed messages are
/// spam. Found from the `:` of `://` and the `.` of `www.` (`find_any`: most messages have a few
/// of them, or none), without a lowercase copy of the text.
pub fn count_links(text: &str) -> usize {
    let bytes = text.as_bytes();
    let is = |range: Option<&[u8]>, pattern: &[u8]| {
        range.is_some_and(|b| b.eq_ignore_ascii_case(pattern))
    };
    let (mut schemes, mut www, mut scheme_www) = (0usize, 0usize, 0usize);
    let mut check = |at: usize| {
        let before = |n: usize| at.checked_sub(n).and_then(|start| bytes.get(start..at));
        if bytes.get(at) == Some(&b'.') {
            www += usize::from(is(before(3), b"www"));
            return;
        }
        if !is(bytes.get(at..at + 3), b"://") {
            return;
        }
        if is(before(4), b"http") || is(before(5), b"https") {
            schemes += 1;
        }
        // "https://www.x" is one link: every "://www." is also counted as a "www.".
        scheme_www += usize::from(is(bytes.get(at + 3..at + 7), b"www."));
    };
    let mut from = 0;
    while let Some(at) = find_any(bytes, from, *b":.") {
        check(at);
        from = at + 1;
    }
    (schemes + www).saturating_sub(scheme_www)
}

/// The position of the first byte at or after `from` that is one of `targets`, looking at 8 bytes
/// at a time (the delimiters scoring looks for are rare: a few per message).
fn find_any<const N: usize>(bytes: &[u8], from: usize, targets: [u8; N]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOWS: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    // The high bit of each byte of `x` equal to `b`, exactly (no borrow between bytes).
    let equal = |x: u64, b: u8| {
        let diff = x ^ (ONES * u64::from(b));
        !(((diff & LOWS).wrapping_add(LOWS)) | diff | LOWS)
    };
    let rest = bytes.get(from..)?;
    let mut chunks = rest.chunks_exact(8);
    let mut offset = from;
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        let found = targets.iter().fold(0, |mask, &b| mask | equal(x, b));
        if found != 0 {
            return Some(offset + (found.trailing_zeros() / 8) as usize);
        }
        offset += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|b| targets.contains(b))
        .map(|i| offset + i)
}

/// The text, owned: what `into_owned` of a lead or a result does to each string it keeps.
pub fn owned(text: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(text.into_owned())
}

/// [`trim`] of a `Cow`: still borrowed where it was.
pub fn trim_cow<'a>(text: &Cow<'a, str>) -> Cow<'a, str> {
    match text {
        Cow::Borrowed(text) => Cow::Borrowed(trim(text)),
        Cow::Owned(text) => Cow::Owned(trim(text).to_string()),
    }
}

/// `str::trim`, with a fast path: text that starts and ends with visible ASCII (nearly every
/// field of a lead) is returned without decoding characters from both ends.
pub fn trim(text: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
    if visible(text.as_bytes().first()) && visible(text.as_bytes().last()) {
        text
    } else {
        text.trim()
    }
}

/// `text` in ASCII lowercase, borrowed when it is already.
pub fn ascii_lowercase(text: &str) -> Cow<'_, str> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(text.to_ascii_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

/// A type name as people and CRMs write it (`Demo Request`, `DEMO-REQUEST`, ` demo_request `)
/// as the snake_case code models use (`demo_request`): ASCII lowercase, runs of spaces, hyphens
/// and underscores as one `_`. Borrowed when it already is one.
pub fn type_key(raw: &str) -> Cow<'_, str> {
    let trimmed = trim(raw);
    let is_code = trimmed
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if is_code {
        return Cow::Borrowed(trimmed);
    }
    let mut out = String::with_capacity(trimmed.len());
    let mut gap = false;
    for c in trimmed.chars() {
        if matches!(c, ' ' | '-' | '_') {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push('_');
        }
        gap = false;
        out.push(c.to_ascii_lowercase());
    }
    Cow::Owned(out)
}

/// Lowercase, character by character. (`str::to_lowercase` also handles the Greek final sigma,
/// which needs extra Unicode tables in the bundle and changes nothing for matching words.)
pub fn lowercase(s: &str) -> String {
    s.chars().map(fold_case).collect()
}

/// A stable insertion sort for the short lists of a result (cues, form problems). One small
/// function per key type instead of the standard library's sort machinery, which costs several
/// kilobytes of wasm per instantiation; the lists are a few dozen items at most.
pub fn sort_small_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    insertion_sort(items, key, |run| {
        for k in (1..run.len()).rev() {
            run.swap(k - 1, k);
        }
    });
}

/// A stable sort for lists of large items (evidence), by a `u32` key: [`sort_by_distinct_keys`]
/// with the position below the key.
pub fn sort_large_by_key<T>(items: &mut [T], key: impl Fn(&T) -> u32) {
    sort_by_distinct_keys(items, |item, position| {
        u64::from(key(item)) << 8 | u64::from(position)
    });
}

/// Sorts by keys that all differ: `key` is given each item's position (a byte), which ends a
/// key to make the sort stable. Up to [`COUNTED_SORT_MAX`] items, each item's place is counted
/// (how many keys are smaller: no branches to mispredict, where an insertion sort's comparisons
/// are a coin toss each), then the items are swapped along the cycles of that permutation, each
/// swap putting one item in its place (an insertion sort moves an item once per place it
/// passes). Longer lists are insertion-sorted, each item moved once by one rotation (their keys
/// are given position 0: the insertion sort is stable by itself).
pub fn sort_by_distinct_keys<T, K: Ord + Copy + Default>(
    items: &mut [T],
    key: impl Fn(&T, u8) -> K,
) {
    let mut keys = [K::default(); COUNTED_SORT_MAX];
    let mut places = [0u8; COUNTED_SORT_MAX];
    let (Some(keys), Some(places)) = (keys.get_mut(..items.len()), places.get_mut(..items.len()))
    else {
        insertion_sort(items, |item| key(item, 0), |run| run.rotate_right(1));
        return;
    };
    for ((slot, item), position) in keys.iter_mut().zip(items.iter()).zip(0u8..) {
        *slot = key(item, position);
    }
    for (place, k) in places.iter_mut().zip(keys.iter()) {
        *place = keys.iter().map(|other| u8::from(other < k)).sum();
    }
    for i in 0..places.len() {
        // Until the item at `i` is the one that belongs there: each swap places one item. The
        // places before `i` are filled, so `to` is after it. (`mem::swap` of two disjoint
        // items swaps in registers; `slice::swap` copies through a temporary by `memcpy`.)
        while let Some(to) = places
            .get(i)
            .map(|&to| usize::from(to))
            .filter(|&to| to > i)
        {
            let (before, from_to) = items.split_at_mut(to);
            if let (Some(here), Some(there)) = (before.get_mut(i), from_to.first_mut()) {
                std::mem::swap(here, there);
            }
            places.swap(i, to);
        }
    }
}

/// The longest list [`sort_by_distinct_keys`] sorts (a result has a dozen or two items, a lead
/// a handful of events); positions fit in a byte.
pub const COUNTED_SORT_MAX: usize = 32;

/// Stable insertion sort; `insert` moves the last item of a run to its front.
fn insertion_sort<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K, insert: impl Fn(&mut [T])) {
    for i in 1..items.len() {
        let Some(inserted) = items.get(i).map(&key) else {
            break;
        };
        let mut j = i;
        while j > 0
            && items
                .get(j - 1)
                .is_some_and(|before| key(before) > inserted)
        {
            j -= 1;
        }
        if let Some(run) = items.get_mut(j..=i).filter(|run| run.len() > 1) {
            insert(run);
        }
    }
}

/// Heapsort, for lists of any length: in place, O(n log n), and a few hundred bytes of wasm where
/// the standard library's sorts cost kilobytes. Heapsort is not stable, so the keys must all
/// differ (end them with the item's position): then every correct sort gives the same order.
pub fn sort_by_unique_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    let less = |items: &[T], a: usize, b: usize| match (items.get(a), items.get(b)) {
        (Some(a), Some(b)) => key(a) < key(b),
        _ => false,
    };
    // Moves `node` down the heap held in `items[..end]` until both children are smaller.
    let sift_down = |items: &mut [T], mut node: usize, end: usize| loop {
        let mut child = 2 * node + 1;
        if child >= end {
            break;
        }
        if child + 1 < end && less(items, child, child + 1) {
            child += 1;
        }
        if !less(items, node, child) {
            break;
        }
        items.swap(node, child);
        node = child;
    };
    let len = items.len();
    for node in (0..len / 2).rev() {
        sift_down(items, node, len);
    }
    for end in (1..len).rev() {
        items.swap(0, end);
        sift_down(items, 0, end);
    }
}

/// Every text of up to `max_len` characters from `alphabet` (the empty text first): exhaustive
/// inputs for checking a fast path against a plain formulation.
#[cfg(test)]
pub(crate) fn every_text(alphabet: &[char], max_len: usize) -> Vec<String> {
    let mut all = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..max_len {
        last = last
            .iter()
            .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
            .collect();
        all.extend(last.iter().cloned());
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(phrases: &[&str], text: &str) -> Vec<String> {
        let mut set = PhraseSet::default();
        for (i, p) in phrases.iter().enumerate() {
            set.add(p, i as u32);
        }
        set.tags_in(&Tokens::new(text))
            .into_iter()
            .filter_map(|t| phrases.get(t as usize))
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn tokens_normalise_titles() {
        let t = Tokens::new("Sr. V.P., Finance & Ops / FP&A — Head of RevOps; I'm CFO");
        let words: Vec<&str> = t.iter().collect();
        assert_eq!(
            words,
            ["sr", "vp", "finance", "ops", "fp", "a", "head", "of", "revops", "im", "cfo"]
        );
        assert_eq!(
            Tokens::new("Düsseldorf ÉTÉ").iter().collect::<Vec<_>>(),
            ["düsseldorf", "été"]
        );
        let words = |s: &str| {
            Tokens::new(s)
                .iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            words("ŁÓDŹ «Ÿes» ΑΘΗΝΑ — МОСКВА, 東京 2026€"),
            ["łódź", "ÿes", "αθηνα", "москва", "東京", "2026"]
        );
        assert_eq!(words("ÖSTERREICH×İSTANBUL"), ["österreich", "istanbul"]);
        // Phrase sets look words up by the hash the tokenizer computed while writing them.
        let t = Tokens::new("V.P. Operations, Düsseldorf İSTANBUL");
        for span in &t.spans {
            let word = t.word(span).unwrap_or_default();
            assert_eq!(span.hash, word_hash(word), "{word}");
        }
    }

    /// The tokenizer written plainly, a character at a time: the reference for `fill`'s byte
    /// table and word writer.
    fn reference_words(text: &str) -> Vec<String> {
        let mut words = vec![String::new()];
        for c in text.chars() {
            if is_word_char(c) {
                words
                    .last_mut()
                    .into_iter()
                    .for_each(|w| w.push(fold_case(c)));
            } else if !matches!(c, '.' | '\'' | '’') {
                words.push(String::new());
            }
        }
        words.retain(|w| !w.is_empty());
        words
    }

    #[test]
    fn tokens_agree_with_reference() {
        // Every byte value next to a boundary of the ASCII classes, in short texts, and long runs
        // that end at and around each multiple of eight (the word hash's steps).
        let alphabet = [
            '/', '0', '9', ':', '@', 'A', 'Z', '[', '`', 'a', 'z', '{', '.', ' ', 'é', '\u{7f}',
        ];
        let mut texts = every_text(&alphabet, 3);
        for len in 1..=26 {
            let run: String = "aZ09bY18cX27dW36eV45fU54gT63".chars().take(len).collect();
            texts.extend([
                run.clone(),
                format!("{run} x"),
                format!("{run}é{run}"),
                format!("{run}.{run}"),
            ]);
        }
        let mut tokens = Tokens::default();
        for text in texts {
            tokens.fill(&text);
            assert_eq!(
                tokens.iter().collect::<Vec<_>>(),
                reference_words(&text),
                "{text:?}"
            );
            for span in &tokens.spans {
                let word = tokens.word(span).unwrap_or_default();
                assert_eq!(span.hash, word_hash(word), "{text:?}");
            }
        }
    }

    #[test]
    fn phrases_match_whole_words_and_prefixes() {
        assert_eq!(
            matches(&["vp", "vice president"], "Vice-President, Operations"),
            ["vice president"]
        );
        assert_eq!(matches(&["it"], "Head of IT"), ["it"]);
        assert_eq!(
            matches(&["it"], "Director of Digital"),
            Vec::<String>::new()
        );
        assert_eq!(
            matches(&["budget*"], "We have budgeted for Q1"),
            ["budget*"]
        );
        assert_eq!(
            matches(
                &["inefficien*", "manual process*"],
                "our manual processes are inefficient"
            ),
            ["manual process*", "inefficien*"]
        );
        assert_eq!(matches(&["fp&a"], "Director, FP & A"), ["fp&a"]);
        assert_eq!(
            matches(&["i'm a student"], "Hi, I’m a student at State"),
            ["i'm a student"]
        );
    }

    #[test]
    fn phrase_set_finds_what_a_plain_scan_finds() {
        // Hundreds of phrases, many sharing a first word (chains; the index regrows as it
        // fills), some prefixes. Every occurrence must be reported as a scan of every phrase
        // finds it: in text order; at one position, the whole-word phrases in the order added,
        // then the prefixes.
        let words = [
            "vp", "head", "of", "sales", "ops", "chief", "it", "data", "budget", "q1",
        ];
        let word = |n: usize| words.get(n % words.len()).copied().unwrap_or("");
        let phrases: Vec<String> = (0..400usize)
            .map(|i| match i % 11 {
                0 => format!("{}*", word(i).get(..2).unwrap_or("")),
                // Dozens of other first words: the index regrows several times.
                5..=7 => format!("x{} {}", i % 97, word(i)),
                _ => (0..1 + i % 3)
                    .map(|k| word(i / 7 + k * 3 + i % 5))
                    .collect::<Vec<_>>()
                    .join(" "),
            })
            .collect();
        let mut set = PhraseSet::default();
        for (p, tag) in phrases.iter().zip(0u32..) {
            set.add(p, tag);
        }
        for text in [
            "VP of Sales Ops, head of IT data budget Q1",
            "chief data ops of vp head sales it it it budgeted q1 vp",
            "x16 chief x5 x5 sales x95 vp x94 x51 of",
            "",
            "nothing here at all",
        ] {
            let tokens = Tokens::new(text);
            let mut got = Vec::new();
            set.find(&tokens, |tag, at, len| got.push((tag, at, len)));
            let text_words: Vec<&str> = tokens.iter().collect();
            let mut want = Vec::new();
            for at in 0..text_words.len() {
                for (p, tag) in phrases.iter().zip(0u32..) {
                    let prefix = p.strip_suffix('*');
                    let words: Vec<String> = Tokens::new(prefix.unwrap_or(p))
                        .iter()
                        .map(String::from)
                        .collect();
                    let here = text_words.get(at..at + words.len()).unwrap_or(&[]);
                    let hit = here.len() == words.len()
                        && here.iter().zip(&words).enumerate().all(
                            |(k, (got, want))| match prefix {
                                Some(_) if k + 1 == words.len() => got.starts_with(want.as_str()),
                                _ => got == want,
                            },
                        );
                    if hit && !words.is_empty() {
                        want.push((tag, at, words.len()));
                    }
                }
            }
            let is_prefix = |tag: u32| phrases.get(tag as usize).is_some_and(|p| p.ends_with('*'));
            want.sort_by_key(|&(tag, at, _)| (at, is_prefix(tag), tag));
            assert!(text.len() < 20 || want.len() > 10, "{text:?} finds phrases");
            assert_eq!(got, want, "{text:?}");
        }
    }

    #[test]
    fn sentences_and_quotes() {
        let s: Vec<&str> = sentences(
            "Our order-to-cash is a bottleneck. We have budget in Q1!\nCall me? v2.5 ships",
        )
        .collect();
        assert_eq!(
            s,
            [
                "Our order-to-cash is a bottleneck.",
                "We have budget in Q1!",
                "Call me?",
                "v2.5 ships"
            ]
        );
        assert_eq!(quote("a  b\n c", 10), "a b c");
        assert_eq!(quote("alpha beta gamma delta", 12), "alpha beta…");
        assert_eq!(
            count_links("see https://www.x.com and http://y.io or www.z.org"),
            3
        );
        assert_eq!(
            count_links("HTTP://A.B and hTtPs://WWW.c.d www.e.f wwww.g ://www. http:/"),
            4
        );
        // Every position in and across 8-byte words, and the tail.
        for pad in 0..17 {
            let text = format!("{}http://www.a.b x www.c.d y https://e.f", "é".repeat(pad));
            assert_eq!(count_links(&text), 3, "{text}");
            assert_eq!(count_links(&text[..text.len() - 3]), 3, "{text}");
            assert_eq!(count_links(&text[..text.len() - 7]), 2, "{text}");
        }
    }

    #[test]
    fn tokenizer_knows_single_spacing() {
        // Every text of up to four characters from an alphabet of spaces, other whitespace,
        // word characters and separators, ASCII and not.
        let alphabet = [
            ' ', 'a', '.', '\t', '\n', 'é', '\u{a0}', '\u{2003}', '’', '\u{1f}',
        ];
        let mut tokens = Tokens::default();
        for text in every_text(&alphabet, 4) {
            tokens.fill(&text);
            assert_eq!(tokens.single_spaced(), is_single_spaced(&text), "{text:?}");
        }
        tokens.fill("Our order-to-cash  process is slow.");
        assert_eq!(
            quote_tokenized("Our order-to-cash  process is slow.", &tokens, 140),
            "Our order-to-cash process is slow."
        );
    }

    #[test]
    fn trim_agrees_with_str_trim() {
        for text in [
            "",
            " ",
            "x",
            "acme.com",
            " acme.com",
            "acme.com\t",
            "\u{a0}Acme\u{2003}",
            "\u{1}ctrl\u{1}",
            "é",
            " é ",
            "Ünited\n",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }

    /// Sentence splitting as first written (a byte at a time), the reference for `sentences`.
    fn reference_sentences(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            let (mut cut, mut next) = (rest.len(), rest.len());
            for (i, b) in rest.bytes().enumerate() {
                let boundary = match b {
                    b'\n' | b'\r' => true,
                    b'.' | b'!' | b'?' => rest
                        .get(i + 1..)
                        .and_then(|after| after.chars().next())
                        .map_or(true, char::is_whitespace),
                    _ => false,
                };
                if boundary {
                    cut = if b == b'\n' || b == b'\r' { i } else { i + 1 };
                    next = i + 1;
                    break;
                }
            }
            let sentence = rest.get(..cut).unwrap_or("").trim();
            rest = rest.get(next..).unwrap_or("");
            if !sentence.is_empty() {
                out.push(sentence);
            }
        }
        out
    }

    #[test]
    fn sentences_agree_with_reference() {
        let alphabet = ['a', ' ', '.', '!', '?', '\n', '\r', 'é', '\u{a0}'];
        for text in every_text(&alphabet, 5) {
            assert_eq!(
                sentences(&text).collect::<Vec<_>>(),
                reference_sentences(&text),
                "{text:?}"
            );
        }
        // Delimiters at every position in and across 8-byte words.
        for pad in 0..20 {
            let text = format!("{}Budget is set. Q1!\nCall v2.5 me? ok.", "x".repeat(pad));
            assert_eq!(
                sentences(&text).collect::<Vec<_>>(),
                reference_sentences(&text)
            );
        }
    }

    #[test]
    fn heapsort_sorts() {
        for len in 0..40u64 {
            let mut v: Vec<(u64, usize)> = (0..len as usize)
                .map(|i| ((i as u64 * 7919 + len) % 13, i))
                .collect();
            let mut want = v.clone();
            want.sort();
            sort_by_unique_key(&mut v, |x| *x);
            assert_eq!(v, want);
        }
    }

    #[test]
    fn word_hash_in_a_buffer_is_the_word_hash() {
        // Words of every length around the eight-byte chunks, with eight bytes (of other text)
        // after them, fewer, or none: the masked load must hash what the byte loop hashes.
        let text: Vec<u8> = (0..64u32).map(|i| b'a' + (i * 7 % 26) as u8).collect();
        for start in [0, 1, 7, 8, 13] {
            for end in start..text.len() {
                let want = word_hash_bytes(text.get(start..end).unwrap_or_default());
                for buf_end in [end, end + 3, end + 8, text.len()] {
                    let buf = text.get(..buf_end.min(text.len())).unwrap_or_default();
                    assert_eq!(
                        word_hash_in(buf, start, end),
                        want,
                        "{start}..{end} in {buf_end}"
                    );
                }
            }
        }
        // And through the tokenizer, whose buffer keeps longer texts' bytes after shorter ones.
        let mut tokens = Tokens::default();
        for text in [
            "Director of Revenue Operations",
            "CFO",
            "vp",
            "Head of RevOps & Sales Ops",
        ] {
            tokens.fill(text);
            for (word, span) in tokens.iter().zip(&tokens.spans) {
                assert_eq!(span.hash, word_hash(word), "{word} in {text}");
            }
            assert_eq!(
                tokens.joined(),
                lowercase(text)
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            );
        }
    }

    #[test]
    fn code_map_finds_exactly_its_codes() {
        // Codes of every length around the 8- and 16-byte edges of the fingerprint, codes alike
        // in all but one byte (first, middle, last), a zero byte, and non-ASCII text.
        let mut codes: Vec<String> = Vec::new();
        for len in 0usize..=40 {
            let base: String = (0..len)
                .map(|i| char::from(b'a' + (i % 26) as u8))
                .collect();
            codes.push(base.clone());
            for at in [0, len / 2, len.saturating_sub(1)] {
                let mut bytes = base.clone().into_bytes();
                if let Some(b) = bytes.get_mut(at) {
                    *b = b'_';
                }
                codes.push(String::from_utf8(bytes).unwrap_or_default());
            }
        }
        codes.extend(["a\0".to_string(), "demo_request".into(), "Démo".into()]);
        codes.sort();
        codes.dedup();
        // Every other code in the map; the rest must not be found.
        let listed: Vec<(String, usize)> = codes.iter().cloned().zip(0..).step_by(2).collect();
        let map = CodeMap::new(listed.clone());
        let reference: HashMap<String, usize> = listed.into_iter().collect();
        for code in &codes {
            assert_eq!(map.get(code), reference.get(code), "{code:?}");
        }
        assert_eq!(map.get("a"), reference.get("a"));
        assert_eq!(map.get("a\0\0"), None);
        // A later entry for the same code wins, as in a `HashMap`.
        let map = CodeMap::new([("x".to_string(), 1), ("x".to_string(), 2)]);
        assert_eq!(map.get("x"), Some(&2));
        assert_eq!(CodeMap::<u8>::new([]).get(""), None);
        // `entry` makes a value once per code, and the map grows past the room it was made
        // with (8 slots, at most 4 used, here) keeping every value.
        let mut map: CodeMap<Vec<u8>> = CodeMap::with_capacity(3);
        for (code, i) in ["a", "b", "a", "c", "d", "a"].into_iter().zip(0u8..) {
            if let Some(values) = map.entry(code, Vec::new) {
                values.push(i);
            }
        }
        assert_eq!(map.get("a"), Some(&vec![0, 2, 5]));
        assert_eq!(map.slots.len(), 8, "four codes fit in 8 slots");
        assert_eq!(
            map.entry("d", Vec::new),
            Some(&mut vec![4]),
            "a code in the map"
        );
        assert_eq!(map.get("e"), None);
        let codes: Vec<String> = (0..100).map(|i| format!("code_{i}")).collect();
        for (code, i) in codes.iter().zip(10u8..) {
            if let Some(values) = map.entry(code, Vec::new) {
                values.push(i);
            }
        }
        assert_eq!(
            map.slots.len(),
            256,
            "104 codes: grown to at most half full"
        );
        assert_eq!(map.get("a"), Some(&vec![0, 2, 5]));
        assert_eq!(map.get("d"), Some(&vec![4]));
        for (code, i) in codes.iter().zip(10u8..) {
            assert_eq!(map.get(code), Some(&vec![i]), "{code}");
        }
    }

    #[test]
    fn large_sort_is_stable() {
        // Every ordering of up to 6 items with repeated keys, and longer pseudo-random lists.
        let mut lists: Vec<Vec<u8>> = every_text(&['0', '1', '2', '3', '4', '5'], 6)
            .iter()
            .map(|t| t.bytes().map(|b| b - b'0').collect())
            .collect();
        for len in [20u64, 31, 32, 33, 63, 64, 65, 100] {
            lists.push((0..len).map(|i| ((i * 7919 + len) % 5) as u8).collect());
        }
        for keys in lists {
            let mut items: Vec<(u8, usize)> = keys.iter().copied().zip(0..).collect();
            let mut want = items.clone();
            want.sort_by_key(|x| std::cmp::Reverse(x.0));
            sort_large_by_key(&mut items, |x| u32::from(u8::MAX - x.0));
            assert_eq!(items, want, "{keys:?}");
        }
    }

    #[test]
    fn small_sort_is_stable() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e')];
        sort_small_by_key(&mut v, |x| x.0);
        assert_eq!(v, [(0, 'd'), (1, 'b'), (1, 'e'), (3, 'a'), (3, 'c')]);
    }

    #[test]
    fn problems() {
        assert!(phrase_problem("bud*get").is_some());
        assert!(phrase_problem(" -- ").is_some());
        assert!(phrase_problem("budget*").is_none());
    }
}
