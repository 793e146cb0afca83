//! Writing numbers and quoted text into messages without `{:?}` or float `Display`.
//!
//! Both are heavy in wasm: `{:?}` on a string escapes through the Unicode "printable" tables, and
//! `f64`'s `Display` links the Grisu/Dragon shortest-representation code — together about 35 KB
//! before compression, for error messages and labels that need neither.

use std::borrow::Cow;
use std::fmt::{self, Display, Write};

/// Writes its pieces in order — text with `Formatter::write_str`, integers by their digits,
/// anything else by its `Display` — and returns `Ok(())`: what `write!` writes for a format
/// string without flags, without `fmt::write` walking the string and padding every argument.
/// Results write a few dozen sentences each, and that walk was most of the cost.
///
/// `put!(f, "Industry: ", given, " (", class, ")")` is `write!(f, "Industry: {given} ({class})")`.
macro_rules! put {
    ($f:expr, $($piece:expr),+ $(,)?) => {{
        let f: &mut ::std::fmt::Formatter<'_> = $f;
        $( $crate::core::display::Piece::put(&$piece, f)?; )+
        Ok(())
    }};
}
pub(crate) use put;

/// A part of a sentence [`put!`] writes.
pub trait Piece {
    fn put(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

impl Piece for str {
    fn put(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl Piece for String {
    fn put(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl Piece for Cow<'_, str> {
    fn put(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl<T: Piece + ?Sized> Piece for &T {
    fn put(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).put(f)
    }
}

macro_rules! unsigned_piece {
    ($($t:ty),*) => {$(
        impl Piece for $t {
            fn put(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write_integer(f, false, *self as u64)
            }
        }
    )*};
}
unsigned_piece!(u8, u32, u64, usize);

macro_rules! signed_piece {
    ($($t:ty),*) => {$(
        impl Piece for $t {
            fn put(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write_integer(f, *self < 0, self.unsigned_abs() as u64)
            }
        }
    )*};
}
signed_piece!(i32, i64);

/// An integer as `Display` writes it (no flags): `-` and the decimal digits.
fn write_integer(f: &mut fmt::Formatter<'_>, negative: bool, magnitude: u64) -> fmt::Result {
    f.write_str(Digits::new(negative, magnitude).as_str())
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

/// Pieces written by their `Display` (which uses [`put!`] itself).
macro_rules! display_piece {
    ($($t:ty),* $(,)?) => {$(
        impl $crate::core::display::Piece for $t {
            fn put(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(self, f)
            }
        }
    )*};
}
pub(crate) use display_piece;

display_piece!(Quoted<'_>, Decimal, super::time::Timestamp);

/// A string in double quotes, as `{:?}` writes it for ordinary text: `"VP \"Ops\""`. Quotes,
/// backslashes and control characters are escaped; all other characters are written as they are.
pub struct Quoted<'a>(pub &'a str);

impl Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        // Runs of ordinary characters are written whole: most text has nothing to escape.
        let mut plain_from = 0;
        for (at, c) in self.0.char_indices() {
            let escaped = match c {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                c if c.is_control() => "",
                _ => continue,
            };
            f.write_str(self.0.get(plain_from..at).unwrap_or(""))?;
            if escaped.is_empty() {
                write!(f, "\\u{{{:x}}}", u32::from(c))?;
            } else {
                f.write_str(escaped)?;
            }
            plain_from = at + c.len_utf8();
        }
        f.write_str(self.0.get(plain_from..).unwrap_or(""))?;
        f.write_char('"')
    }
}

/// A number for people: whole numbers as integers (`240`), others with up to six decimals,
/// trailing zeros dropped (`12.75`, `0.333333`); very large ones as `1.5e21`. Deterministic
/// integer arithmetic, not a shortest round-trip form: this is for messages, not data.
pub struct Decimal(pub f64);

impl Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let v = self.0;
        if v.is_nan() {
            return f.write_str("NaN");
        }
        if v < 0.0 {
            f.write_char('-')?;
        }
        let v = v.abs();
        if v.is_infinite() {
            return f.write_str("inf");
        }
        if v >= 1e15 {
            let mut mantissa = v;
            let mut exponent = 0;
            while mantissa >= 10.0 {
                mantissa /= 10.0;
                exponent += 1;
            }
            return write!(f, "{}e{exponent}", Decimal(mantissa));
        }
        // Six decimals while the scaled value fits in a u64 exactly enough; three above 10^12.
        let decimals: u32 = if v < 1e12 { 6 } else { 3 };
        let scale = 10u64.pow(decimals);
        let scaled = (v * scale as f64).round() as u64;
        let (whole, mut fraction) = (scaled / scale, scaled % scale);
        write!(f, "{whole}")?;
        if fraction != 0 {
            let mut width = decimals as usize;
            while fraction % 10 == 0 {
                fraction /= 10;
                width -= 1;
            }
            write!(f, ".{fraction:0width$}")?;
        }
        Ok(())
    }
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
        impl Display for Sentence {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                put!(
                    f,
                    "a ",
                    self.0,
                    " b ",
                    self.1,
                    ", ",
                    self.2,
                    self.3,
                    Quoted(self.4),
                    ""
                )
            }
        }
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
