//! Writing sentences: straight into a `String`, numbers and quoted text without `{:?}` or float
//! `Display`.
//!
//! Results write a few dozen sentences each (labels, reasons, the summary), and writing them is a
//! good part of a score call. A [`Piece`] writes itself with `push_str` into the `String` it is
//! given, where `Display` would go through `fmt::write`, a `Formatter` and a call through
//! `dyn Write` for every part. `{:?}` on a string escapes through the Unicode "printable" tables,
//! and `f64`'s `Display` links the Grisu/Dragon shortest-representation code — together about
//! 35 KB of wasm before compression, for sentences that need neither.

use std::borrow::Cow;

/// A part of a sentence, or a whole one: writes itself at the end of `out`.
pub trait Piece {
    fn put(&self, out: &mut String);
}

/// Writes its pieces in order: `put!(out, "Industry: ", given, " (", class, ")")` writes what
/// `write!(out, "Industry: {given} ({class})")` would.
macro_rules! put {
    ($out:expr, $($piece:expr),+ $(,)?) => {{
        let out: &mut String = $out;
        $( $crate::core::display::Piece::put(&$piece, out); )+
    }};
}
pub(crate) use put;

/// `Display` for pieces, for `to_string()` and `format!` (error messages, the CLI, the panel):
/// what the piece writes.
macro_rules! display_piece {
    ($($t:ty),* $(,)?) => {$(
        impl ::std::fmt::Display for $t {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let mut text = String::new();
                $crate::core::display::Piece::put(self, &mut text);
                f.write_str(&text)
            }
        }
    )*};
}
pub(crate) use display_piece;

display_piece!(Quoted<'_>, Decimal);

impl Piece for str {
    // One copy of `push_str` for every piece of text, not one inlined into each sentence (wasm
    // size).
    #[inline(never)]
    fn put(&self, out: &mut String) {
        out.push_str(self);
    }
}

impl Piece for String {
    fn put(&self, out: &mut String) {
        self.as_str().put(out);
    }
}

impl Piece for Cow<'_, str> {
    fn put(&self, out: &mut String) {
        self.as_ref().put(out);
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    fn put(&self, out: &mut String) {
        (**self).put(out);
    }
}

macro_rules! unsigned_piece {
    ($($t:ty),*) => {$(
        impl Piece for $t {
            fn put(&self, out: &mut String) {
                put_integer(out, false, *self as u64);
            }
        }
    )*};
}
unsigned_piece!(u8, u32, u64, usize);

macro_rules! signed_piece {
    ($($t:ty),*) => {$(
        impl Piece for $t {
            fn put(&self, out: &mut String) {
                put_integer(out, *self < 0, self.unsigned_abs() as u64);
            }
        }
    )*};
}
signed_piece!(i32, i64);

/// An integer as `Display` writes it (no flags): `-` and the decimal digits.
#[inline(never)]
fn put_integer(out: &mut String, negative: bool, magnitude: u64) {
    out.push_str(Digits::new(negative, magnitude).as_str());
}

/// An integer's decimal text, written on the stack (for `put!` and the JSON writer).
pub struct Digits {
    bytes: [u8; 21],
    start: usize,
}

impl Digits {
    pub fn new(negative: bool, magnitude: u64) -> Digits {
        let mut bytes = [0u8; 21];
        // u64::MAX has 20 digits: the first byte is left for the sign.
        let mut start = bytes.len();
        let mut rest = magnitude;
        loop {
            start -= 1;
            if let Some(d) = bytes.get_mut(start) {
                *d = b'0' + (rest % 10) as u8;
            }
            rest /= 10;
            if rest == 0 || start == 1 {
                break;
            }
        }
        if negative {
            start -= 1;
            if let Some(d) = bytes.get_mut(start) {
                *d = b'-';
            }
        }
        Digits { bytes, start }
    }

    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.get(self.start..).unwrap_or(&[])
    }

    pub fn as_str(&self) -> &str {
        // ASCII digits and `-` only.
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

/// Text with its ASCII letters written lowercase: `Acme.COM` → `acme.com`.
pub struct Lowercase<'a>(pub &'a str);

impl Piece for Lowercase<'_> {
    fn put(&self, out: &mut String) {
        let start = out.len();
        out.push_str(self.0);
        if let Some(written) = out.get_mut(start..) {
            written.make_ascii_lowercase();
        }
    }
}

/// A sentence of the lead, quoted: as it is when it is its own quote (`verbatim`: words joined
/// by single spaces, short enough), else as [`super::text::quote`] shortens it, when written. A
/// message keeps the sentence (a slice of the lead), not a quote of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotation<'a> {
    pub sentence: &'a str,
    pub verbatim: bool,
}

impl<'a> Quotation<'a> {
    /// `sentence` and its quote (from [`super::text::quote`] or `quote_tokenized`, which
    /// borrow the sentence itself when it is its own quote).
    pub fn of(sentence: &'a str, quote: &str) -> Quotation<'a> {
        Quotation {
            sentence,
            verbatim: std::ptr::eq(quote, sentence),
        }
    }
}

impl Piece for Quotation<'_> {
    fn put(&self, out: &mut String) {
        if self.verbatim {
            out.push_str(self.sentence);
        } else {
            out.push_str(&super::text::quote(self.sentence, super::text::QUOTE_CHARS));
        }
    }
}

/// A string in double quotes, as `{:?}` writes it for ordinary text: `"VP \"Ops\""`. Quotes,
/// backslashes and control characters are escaped; all other characters are written as they are.
pub struct Quoted<'a>(pub &'a str);

impl Piece for Quoted<'_> {
    fn put(&self, out: &mut String) {
        out.push('"');
        // Runs of ordinary characters are written whole: most text has nothing to escape.
        let mut plain_from = 0;
        for (at, c) in self.0.char_indices() {
            let escaped = match c {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '\0' => "\\0",
                c if c.is_control() => "",
                _ => continue,
            };
            out.push_str(self.0.get(plain_from..at).unwrap_or(""));
            if escaped.is_empty() {
                // `\u{7f}`: the code point in lowercase hex, as `{:?}` writes it.
                out.push_str("\\u{");
                let code = u32::from(c);
                let digits = (32 - code.leading_zeros()).div_ceil(4).max(1);
                for shift in (0..digits).rev() {
                    let nibble = (code >> (4 * shift)) & 0xf;
                    out.push(char::from_digit(nibble, 16).unwrap_or('0'));
                }
                out.push('}');
            } else {
                out.push_str(escaped);
            }
            plain_from = at + c.len_utf8();
        }
        out.push_str(self.0.get(plain_from..).unwrap_or(""));
        out.push('"');
    }
}

/// A number for people: whole numbers as integers (`240`), others with up to six decimals,
/// trailing zeros dropped (`12.75`, `0.333333`); very large ones as `1.5e21`. Deterministic
/// integer arithmetic, not a shortest round-trip form: this is for messages, not data.
pub struct Decimal(pub f64);

impl Piece for Decimal {
    fn put(&self, out: &mut String) {
        let v = self.0;
        if v.is_nan() {
            return out.push_str("NaN");
        }
        if v < 0.0 {
            out.push('-');
        }
        let v = v.abs();
        if v.is_infinite() {
            return out.push_str("inf");
        }
        if v >= 1e15 {
            let mut mantissa = v;
            let mut exponent = 0u32;
            while mantissa >= 10.0 {
                mantissa /= 10.0;
                exponent += 1;
            }
            return put!(out, Decimal(mantissa), "e", exponent);
        }
        // Six decimals while the scaled value fits in a u64 exactly enough; three above 10^12.
        let decimals: u32 = if v < 1e12 { 6 } else { 3 };
        let scale = 10u64.pow(decimals);
        let scaled = (v * scale as f64).round() as u64;
        let (whole, mut fraction) = (scaled / scale, scaled % scale);
        put!(out, whole);
        if fraction != 0 {
            let mut width = decimals as usize;
            while fraction % 10 == 0 {
                fraction /= 10;
                width -= 1;
            }
            out.push('.');
            put_padded(out, fraction, width);
        }
    }
}

/// `n` with leading zeros to `width` digits: `put_padded(out, 7, 3)` writes `007`.
pub fn put_padded(out: &mut String, n: u64, width: usize) {
    let digits = Digits::new(false, n);
    let digits = digits.as_str();
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(digits);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_matches_debug_for_ordinary_text() {
        for text in [
            "VP Finance",
            "Zoë “Ops” Müller",
            "a \"b\" \\ c",
            "tab\tnew\nline",
            "bell\u{7} and \u{85} next-line",
            "nul \u{0}, escape \u{1b}, delete \u{7f}, \u{9f}",
            "\"",
            "",
        ] {
            assert_eq!(Quoted(text).to_string(), format!("{text:?}"), "{text}");
        }
    }

    /// `put!` writes what `write!` writes, integers at their limits included.
    #[test]
    fn put_writes_what_write_does() {
        struct Sentence(i64, u64, i32, u32, &'static str);
        impl Piece for Sentence {
            fn put(&self, out: &mut String) {
                put!(
                    out,
                    "a ",
                    self.0,
                    " b ",
                    self.1,
                    ", ",
                    self.2,
                    self.3,
                    Quoted(self.4),
                    ""
                );
            }
        }
        display_piece!(Sentence);
        for (i, u, small, unsigned) in [
            (0, 0, 0, 0),
            (-1, 1, -1, 1),
            (i64::MIN, u64::MAX, i32::MIN, u32::MAX),
            (i64::MAX, 10, i32::MAX, 100),
            (-1_000_000, 1_000_000, 42, 7),
        ] {
            let text = "“q”";
            assert_eq!(
                Sentence(i, u, small, unsigned, text).to_string(),
                format!("a {i} b {u}, {small}{unsigned}{}", Quoted(text))
            );
        }
    }

    #[test]
    fn decimals() {
        for (v, expect) in [
            (240.0, "240"),
            (12.75, "12.75"),
            (0.1, "0.1"),
            (1.0 / 3.0, "0.333333"),
            (-3.0, "-3"),
            (-0.5, "-0.5"),
            (48e6, "48000000"),
            (12345.5, "12345.5"),
            (5e12 + 0.25, "5000000000000.25"),
            (1.5e21, "1.5e21"),
            (f64::INFINITY, "inf"),
            (f64::NAN, "NaN"),
            (0.0000001, "0"),
        ] {
            assert_eq!(Decimal(v).to_string(), expect, "{v}");
        }
    }
}
