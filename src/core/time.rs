//! Timestamps: RFC 3339 in, RFC 3339 out, milliseconds since the Unix epoch inside.
//!
//! Hand-written rather than a date crate: scoring only needs "parse an RFC 3339 instant" and
//! "format it back in UTC", and this keeps ~40 KB of calendar code out of the wasm bundle. The
//! parser is cross-checked against the `time` crate by property tests (`tests/properties.rs`).

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::json::{self, FromJson, Path, ReadError, Value};

pub const MS_PER_DAY: i64 = 86_400_000;

/// An instant in UTC, in milliseconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub fn from_millis(ms: i64) -> Timestamp {
        Timestamp(ms)
    }

    pub fn millis(self) -> i64 {
        self.0
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; a lowercase `t`/`z` or a space as the
    /// separator are accepted too (RFC 3339 §5.6 allows both). A bare date `YYYY-MM-DD` is read as
    /// midnight UTC, because CRMs export date-only fields. Returns `None` for anything else.
    pub fn parse_rfc3339(text: &str) -> Option<Timestamp> {
        let b = super::text::trim(text).as_bytes();
        let year = digits(b, 0, 4)?;
        expect(b, 4, b'-')?;
        let month = digits(b, 5, 2)?;
        expect(b, 7, b'-')?;
        let day = digits(b, 8, 2)?;
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        let days = days_from_civil(year, month, day);
        if b.len() == 10 {
            return days.checked_mul(MS_PER_DAY).map(Timestamp);
        }
        match b.get(10) {
            Some(b'T' | b't' | b' ') => {}
            _ => return None,
        }
        let hour = digits(b, 11, 2)?;
        expect(b, 13, b':')?;
        let minute = digits(b, 14, 2)?;
        expect(b, 16, b':')?;
        // 60 is a leap second; it is folded into the next minute like most systems do.
        let second = digits(b, 17, 2)?;
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        let mut pos = 19;
        let mut millis = 0i64;
        if b.get(pos) == Some(&b'.') {
            pos += 1;
            let start = pos;
            while let Some(d) = b.get(pos).filter(|c| c.is_ascii_digit()) {
                if pos - start < 3 {
                    millis = millis * 10 + i64::from(d - b'0');
                }
                pos += 1;
            }
            let taken = pos - start;
            if taken == 0 {
                return None;
            }
            for _ in taken..3 {
                millis *= 10;
            }
        }
        let offset_minutes = match b.get(pos) {
            Some(b'Z' | b'z') => {
                pos += 1;
                0
            }
            Some(sign @ (b'+' | b'-')) => {
                let oh = digits(b, pos + 1, 2)?;
                expect(b, pos + 3, b':')?;
                let om = digits(b, pos + 4, 2)?;
                if oh > 23 || om > 59 {
                    return None;
                }
                pos += 6;
                let total = oh * 60 + om;
                if *sign == b'-' {
                    -total
                } else {
                    total
                }
            }
            _ => return None,
        };
        if pos != b.len() {
            return None;
        }
        let seconds = days
            .checked_mul(86_400)?
            .checked_add(hour * 3600 + minute * 60 + second - offset_minutes * 60)?;
        seconds
            .checked_mul(1000)?
            .checked_add(millis)
            .map(Timestamp)
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier), rounded down.
    pub fn days_until(self, later: Timestamp) -> i64 {
        later.0.saturating_sub(self.0).div_euclid(MS_PER_DAY)
    }
}

fn digits(b: &[u8], start: usize, len: usize) -> Option<i64> {
    let slice = b.get(start..start.checked_add(len)?)?;
    let mut value = 0i64;
    for &c in slice {
        if !c.is_ascii_digit() {
            return None;
        }
        value = value * 10 + i64::from(c - b'0');
    }
    Some(value)
}

fn expect(b: &[u8], at: usize, want: u8) -> Option<()> {
    (b.get(at) == Some(&want)).then_some(())
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl fmt::Display for Timestamp {
    /// `2026-11-22T12:00:00Z`, with `.mmm` only when the instant has milliseconds.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.rfc3339() {
            Some(text) => f.write_str(text.as_str()),
            None => self.write_any_year(f),
        }
    }
}

/// The same text as `Display`, without the formatting machinery for the years results have.
impl super::display::Piece for Timestamp {
    fn put(&self, out: &mut String) {
        match self.rfc3339() {
            Some(text) => out.push_str(text.as_str()),
            None => {
                use std::fmt::Write;
                // Writing into a String cannot fail.
                let _ = write!(out, "{self}");
            }
        }
    }
}

impl Timestamp {
    /// `Display` for any year, through the formatting machinery (years beyond 9999 have more
    /// digits, before year 0 a sign).
    fn write_any_year(self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0.div_euclid(MS_PER_DAY);
        let ms_of_day = self.0.rem_euclid(MS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        let secs = ms_of_day / 1000;
        let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
        write!(f, "{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}")?;
        let ms = ms_of_day % 1000;
        if ms != 0 {
            write!(f, ".{ms:03}")?;
        }
        f.write_str("Z")
    }
}

/// A timestamp's RFC 3339 text in a fixed buffer, written digit by digit: results carry a
/// timestamp per event, and the formatting machinery cost more than the rest of writing them.
pub struct Rfc3339 {
    bytes: [u8; 24],
    len: usize,
}

impl Rfc3339 {
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(self.bytes.get(..self.len).unwrap_or(&[])).unwrap_or("")
    }
}

impl Timestamp {
    /// The text `Display` writes, for years 0000–9999 (every instant a lead's text can hold);
    /// `None` outside them.
    pub fn rfc3339(self) -> Option<Rfc3339> {
        let days = self.0.div_euclid(MS_PER_DAY);
        let ms_of_day = self.0.rem_euclid(MS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        if !(0..=9999).contains(&year) {
            return None;
        }
        let secs = ms_of_day / 1000;
        let ms = ms_of_day % 1000;
        let mut text = Rfc3339 {
            bytes: *b"0000-00-00T00:00:00.000Z",
            len: if ms == 0 { 20 } else { 24 },
        };
        let mut put = |at: usize, width: usize, mut value: i64| {
            for i in (at..at + width).rev() {
                if let Some(b) = text.bytes.get_mut(i) {
                    *b = b'0' + (value % 10) as u8;
                }
                value /= 10;
            }
        };
        put(0, 4, year);
        put(5, 2, month);
        put(8, 2, day);
        put(11, 2, secs / 3600);
        put(14, 2, secs / 60 % 60);
        put(17, 2, secs % 60);
        if ms == 0 {
            if let Some(b) = text.bytes.get_mut(19) {
                *b = b'Z';
            }
        } else {
            put(20, 3, ms);
        }
        Some(text)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        struct TimestampVisitor;
        impl Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp such as \"2026-11-16T09:00:00Z\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Timestamp::parse_rfc3339(v)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        deserializer.deserialize_str(TimestampVisitor)
    }
}

impl FromJson for Timestamp {
    fn from_json(value: &Value<'_>, at: &Path<'_>) -> Result<Timestamp, ReadError> {
        const EXPECTED: &str = "an RFC 3339 timestamp such as \"2026-11-16T09:00:00Z\"";
        match value {
            Value::String(s) => Timestamp::parse_rfc3339(s)
                .ok_or_else(|| json::invalid_value(at, value, EXPECTED).into()),
            other => Err(json::invalid_type(at, other, EXPECTED).into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect: Option<&str>) {
        let got = Timestamp::parse_rfc3339(input).map(|t| t.to_string());
        assert_eq!(got.as_deref(), expect, "input {input:?}");
    }

    #[test]
    fn parses_and_formats() {
        check("2026-11-16T09:00:00Z", Some("2026-11-16T09:00:00Z"));
        check("2026-11-16t09:00:00z", Some("2026-11-16T09:00:00Z"));
        check("2026-11-16 09:00:00Z", Some("2026-11-16T09:00:00Z"));
        check("2026-11-16T09:00:00.5Z", Some("2026-11-16T09:00:00.500Z"));
        check(
            "2026-11-16T09:00:00.123456789Z",
            Some("2026-11-16T09:00:00.123Z"),
        );
        check("2026-11-16T09:00:00+02:00", Some("2026-11-16T07:00:00Z"));
        check("2026-11-16T23:30:00-01:00", Some("2026-11-17T00:30:00Z"));
        check("2026-11-16", Some("2026-11-16T00:00:00Z"));
        check("2024-02-29T00:00:00Z", Some("2024-02-29T00:00:00Z"));
        check("1969-12-31T23:59:59Z", Some("1969-12-31T23:59:59Z"));
        check("1970-01-01T00:00:00Z", Some("1970-01-01T00:00:00Z"));
    }

    #[test]
    fn the_fixed_buffer_writes_what_display_writes() {
        for ms in [
            0i64,
            1,
            999,
            1_763_812_800_000,
            1_763_812_800_123,
            -1,
            -62_167_219_200_000,
            253_402_300_799_999,
        ] {
            struct AnyYear(Timestamp);
            impl fmt::Display for AnyYear {
                fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    self.0.write_any_year(f)
                }
            }
            let t = Timestamp(ms);
            let fast = t.rfc3339().map(|text| text.as_str().to_string());
            assert_eq!(fast, Some(AnyYear(t).to_string()), "{ms}");
        }
        // Outside years 0000–9999 only Display writes it.
        assert!(Timestamp(-62_167_219_200_001).rfc3339().is_none());
        assert!(Timestamp(253_402_300_800_000).rfc3339().is_none());
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            "2026-13-01T00:00:00Z",
            "2025-02-29T00:00:00Z",
            "2026-11-16T24:00:00Z",
            "2026-11-16T09:00:00",
            "2026-11-16T09:00Z",
            "2026-11-16T09:00:00.Z",
            "2026-11-16T09:00:00+0200",
            "2026-11-16T09:00:00Zjunk",
            "16/11/2026",
            "2026-11-1",
            "２０２６-11-16",
        ] {
            check(bad, None);
        }
    }

    #[test]
    fn days_until_rounds_down() {
        let a = Timestamp::parse_rfc3339("2026-11-01T12:00:00Z").unwrap_or(Timestamp(0));
        let b = Timestamp::parse_rfc3339("2026-11-03T11:59:59Z").unwrap_or(Timestamp(0));
        assert_eq!(a.days_until(b), 1);
        assert_eq!(b.days_until(a), -2);
    }
}
