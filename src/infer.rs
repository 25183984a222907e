//! Value classification: what one field's bytes are.
//!
//! The rules (documented in the README):
//! - Surrounding ASCII spaces and tabs are ignored. An empty or blank field is null, and so are
//!   the tokens `NA` `N/A` `n/a` `#N/A` `<NA>` `NULL` `null` `Null` `None` `-`.
//! - `nan` `NaN` `NAN` (and signed forms) are [`Value::NanToken`]: a non-finite float in a numeric
//!   column, a null anywhere else — the column decides once its type is known.
//! - boolean: `true` / `false` in any letter case.
//! - integer: optional sign and up to 19 digits that fit an `i64`; larger integers are floats.
//! - float: decimal notation with optional fraction and exponent (`1.5`, `-.5`, `1e-3`),
//!   and `inf` / `infinity` in any case with an optional sign.
//! - date: `YYYY-MM-DD` with a valid month and day.
//! - datetime: a date, `T` or a space, `HH:MM[:SS[.fraction]]`, optionally `Z` or `±HH[:MM]`.
//!   Times with an offset are converted to UTC; times without one are taken as they are.
//! - string: anything else.

/// What a field is, with its parsed value where one exists.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value {
    Null,
    NanToken,
    Bool(bool),
    Int(i64),
    Float(f64),
    /// Days since 1970-01-01.
    Date(i32),
    /// Milliseconds since 1970-01-01T00:00:00.
    DateTime(i64),
    Str,
}

/// The inferable types, in the order of `types` in the profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Type {
    Boolean,
    Integer,
    Float,
    Date,
    Datetime,
    String,
}

impl Type {
    pub const ALL: [Type; 6] =
        [Type::Boolean, Type::Integer, Type::Float, Type::Date, Type::Datetime, Type::String];

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn name(self) -> &'static str {
        match self {
            Type::Boolean => "boolean",
            Type::Integer => "integer",
            Type::Float => "float",
            Type::Date => "date",
            Type::Datetime => "datetime",
            Type::String => "string",
        }
    }
}

impl Value {
    /// The type a non-null value counts as (`None` for nulls and NaN tokens).
    pub fn ty(&self) -> Option<Type> {
        Some(match self {
            Value::Null | Value::NanToken => return None,
            Value::Bool(_) => Type::Boolean,
            Value::Int(_) => Type::Integer,
            Value::Float(_) => Type::Float,
            Value::Date(_) => Type::Date,
            Value::DateTime(_) => Type::Datetime,
            Value::Str => Type::String,
        })
    }
}

#[inline]
fn trim(mut s: &[u8]) -> &[u8] {
    // Most fields start and end with neither a space (0x20) nor a tab (0x09).
    match (s.first(), s.last()) {
        (Some(&a), Some(&b)) if a > b' ' && b > b' ' => return s,
        _ => {}
    }
    while let [b' ' | b'\t', rest @ ..] = s {
        s = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = s {
        s = rest;
    }
    s
}

/// What a column's values have been so far, which picks the parser its next values try first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settled {
    /// Anything yet (or a mix): the full classifier.
    Any,
    /// Only integers and floats (and nulls).
    Number,
    /// Only dates and datetimes (and nulls).
    Temporal,
}

/// [`classify`] for a column whose type has settled: that type's parser runs first, and the
/// full classifier only on a value that fails it. The result is always `classify(raw)`'s.
#[inline]
pub fn classify_settled(raw: &[u8], settled: Settled) -> Value {
    match settled {
        Settled::Number if !raw.is_empty() => {
            // Both parsers reject surrounding blanks and anything classify reads otherwise.
            if let Some(i) = parse_int(raw) {
                return Value::Int(i);
            }
            if let Some(f) = parse_plain_decimal(raw) {
                return Value::Float(f);
            }
        }
        Settled::Temporal if raw.len() >= 10 && raw[0].is_ascii_digit() && raw[4] == b'-' && raw[raw.len() - 1] > b' ' => {
            if let Some(v) = parse_temporal(raw) {
                return v;
            }
        }
        _ => {}
    }
    classify(raw)
}

/// Classifies one field.
#[inline]
pub fn classify(raw: &[u8]) -> Value {
    let s = trim(raw);
    let Some(&b0) = s.first() else { return Value::Null };
    match b0 {
        b'0'..=b'9' => {
            if let Some(i) = parse_int(s) {
                return Value::Int(i);
            }
            if s.len() >= 10 && s[4] == b'-' {
                if let Some(v) = parse_temporal(s) {
                    return v;
                }
            }
            parse_float(s)
        }
        b'-' | b'+' => {
            if s.len() == 1 {
                return if b0 == b'-' { Value::Null } else { Value::Str };
            }
            if let Some(i) = parse_int(s) {
                return Value::Int(i);
            }
            parse_float(s)
        }
        b'.' => parse_float(s),
        b't' | b'T' if s.eq_ignore_ascii_case(b"true") => Value::Bool(true),
        b'f' | b'F' if s.eq_ignore_ascii_case(b"false") => Value::Bool(false),
        b'n' | b'N' => match s {
            b"NA" | b"N/A" | b"n/a" | b"NULL" | b"null" | b"Null" | b"None" => Value::Null,
            b"nan" | b"NaN" | b"NAN" => Value::NanToken,
            _ => Value::Str,
        },
        b'#' if s == b"#N/A" => Value::Null,
        b'<' if s == b"<NA>" => Value::Null,
        b'i' | b'I' if s.eq_ignore_ascii_case(b"inf") || s.eq_ignore_ascii_case(b"infinity") => {
            Value::Float(f64::INFINITY)
        }
        _ => Value::Str,
    }
}

/// Optional sign and 1..=19 digits fitting in an i64.
#[inline]
fn parse_int(s: &[u8]) -> Option<i64> {
    let (neg, digits) = match s[0] {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    if digits.is_empty() || digits.len() > 19 {
        return None;
    }
    let mut v: u64 = 0;
    for &d in digits {
        let d = d.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        v = v * 10 + d as u64; // 19 digits cannot overflow a u64
    }
    if neg {
        if v <= i64::MAX as u64 + 1 { Some((v as i64).wrapping_neg()) } else { None }
    } else {
        i64::try_from(v).ok()
    }
}

/// Powers of ten exactly representable as f64.
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
    1e20, 1e21, 1e22,
];

/// Plain decimals (`[+-]digits[.digits]`, at most 15 digits in all, no exponent): the
/// mantissa and the power of ten are both exact f64s, so one division is correctly rounded
/// (Clinger's fast path), the same value fast-float2 gives. `None` for anything else.
#[inline]
fn parse_plain_decimal(s: &[u8]) -> Option<f64> {
    let (neg, body) = match s[0] {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let mut mant: u64 = 0;
    let mut digits = 0usize;
    let mut frac: Option<usize> = None;
    for (i, &c) in body.iter().enumerate() {
        let d = c.wrapping_sub(b'0');
        if d <= 9 {
            if digits == 15 {
                return None; // more digits than the fast path takes
            }
            mant = mant * 10 + d as u64;
            digits += 1;
        } else if c == b'.' && frac.is_none() {
            frac = Some(i);
        } else {
            return None;
        }
    }
    if digits == 0 || digits > 15 {
        return None;
    }
    let scale = match frac {
        Some(p) => body.len() - p - 1,
        None => 0,
    };
    let v = mant as f64 / POW10[scale];
    Some(if neg { -v } else { v })
}

#[inline]
fn parse_float(s: &[u8]) -> Value {
    if let Some(v) = parse_plain_decimal(s) {
        return Value::Float(v);
    }
    // fast-float2 accepts the decimal forms plus inf/nan spellings, and rejects trailing bytes.
    match fast_float2::parse::<f64, _>(s) {
        Ok(v) if v.is_nan() => Value::NanToken,
        // A decimal number too large for f64 (e.g. 400 digits) is a float: +-inf.
        Ok(v) => Value::Float(v),
        Err(_) => Value::Str,
    }
}

#[inline]
fn d2(b: &[u8]) -> Option<u32> {
    let (a, c) = (b[0].wrapping_sub(b'0'), b[1].wrapping_sub(b'0'));
    (a <= 9 && c <= 9).then(|| (a * 10 + c) as u32)
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = (y - era * 400) as u32;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe as i32 - 719468
}

/// The date for days since 1970-01-01.
pub fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = (z - era * 146097) as u32;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe as i32 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

const MS_PER_DAY: i64 = 86_400_000;

fn parse_temporal(s: &[u8]) -> Option<Value> {
    if s[7] != b'-' {
        return None;
    }
    let y = d2(&s[0..2])? * 100 + d2(&s[2..4])?;
    let m = d2(&s[5..7])?;
    let d = d2(&s[8..10])?;
    let y = y as i32;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return None;
    }
    let days = days_from_civil(y, m, d);
    if s.len() == 10 {
        return Some(Value::Date(days));
    }
    // Time part: [T ]HH:MM[:SS[.f+]][Z|±HH[:MM]]
    if !(s[10] == b'T' || s[10] == b' ') || s.len() < 16 || s[13] != b':' {
        return None;
    }
    let hh = d2(&s[11..13])?;
    let mm = d2(&s[14..16])?;
    if hh > 23 || mm > 59 {
        return None;
    }
    let mut ms = (hh as i64 * 60 + mm as i64) * 60_000;
    let mut rest = &s[16..];
    if let [b':', a, b, r @ ..] = rest {
        let ss = d2(&[*a, *b])?;
        if ss > 60 {
            return None;
        }
        ms += ss as i64 * 1000;
        rest = r;
        if let [b'.' | b',', r @ ..] = rest {
            let n = r.iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return None;
            }
            let mut frac = 0i64;
            for (i, c) in r[..n].iter().enumerate().take(3) {
                frac += (c - b'0') as i64 * [100, 10, 1][i];
            }
            ms += frac;
            rest = &r[n..];
        }
    }
    match rest {
        [] => {}
        [b'Z' | b'z'] => {}
        [sign @ (b'+' | b'-'), off @ ..] => {
            let (oh, om) = match off {
                [a, b] => (d2(&[*a, *b])?, 0),
                [a, b, c, d] => (d2(&[*a, *b])?, d2(&[*c, *d])?),
                [a, b, b':', c, d] => (d2(&[*a, *b])?, d2(&[*c, *d])?),
                _ => return None,
            };
            if oh > 23 || om > 59 {
                return None;
            }
            let off_ms = (oh as i64 * 60 + om as i64) * 60_000;
            ms += if *sign == b'+' { -off_ms } else { off_ms };
        }
        _ => return None,
    }
    Some(Value::DateTime(days as i64 * MS_PER_DAY + ms))
}

/// Formats days since the epoch as `YYYY-MM-DD`.
pub fn format_date(days: i32) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Formats milliseconds since the epoch as `YYYY-MM-DDTHH:MM:SS[.mmm]`.
pub fn format_datetime(ms: i64) -> String {
    let days = ms.div_euclid(MS_PER_DAY);
    let rem = ms.rem_euclid(MS_PER_DAY);
    let (h, m, s, milli) = (rem / 3_600_000, rem / 60_000 % 60, rem / 1000 % 60, rem % 1000);
    let date = format_date(days as i32);
    if milli == 0 {
        format!("{date}T{h:02}:{m:02}:{s:02}")
    } else {
        format!("{date}T{h:02}:{m:02}:{s:02}.{milli:03}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_settled_type_parser_classifies_as_the_full_classifier() {
        let tricky: &[&[u8]] = &[
            b"", b" ", b"-", b"+", b".", b"+.", b"-0", b"007", b" 12", b"12 ", b"1.5", b".5", b"-.5", b"1e5", b"1.5e-3",
            b"9223372036854775807", b"9223372036854775808", b"-9223372036854775808", b"12345678901234567890",
            b"1234567890.12345", b"nan", b"NaN", b"inf", b"-inf", b"NA", b"null", b"true", b"False", b"x1",
            b"2024-02-29", b"2023-02-29", b"2024-02-29 ", b" 2024-02-29", b"2024-02-29T12:30:00", b"2024-02-29T12:30:00.123Z",
            b"2024-02-29 12:30:00+02:00", b"2024-02-29T25:00:00", b"2024-1-1", b"20240229", b"1999-12-31T23:59:59-0130",
        ];
        let mut r = crate::sketch::SplitMix64(11);
        let alphabet = b"0123456789+-.eE :TZtrunaf";
        let mut random: Vec<Vec<u8>> = Vec::new();
        for _ in 0..20_000 {
            let n = (r.next_u64() % 24) as usize;
            random.push((0..n).map(|_| alphabet[(r.next_u64() % alphabet.len() as u64) as usize]).collect());
        }
        for v in tricky.iter().copied().chain(random.iter().map(Vec::as_slice)) {
            for settled in [Settled::Any, Settled::Number, Settled::Temporal] {
                let (a, b) = (classify_settled(v, settled), classify(v));
                // NaN != NaN: compare floats by their bits.
                let same = match (a, b) {
                    (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
                    _ => a == b,
                };
                assert!(same, "{:?} as {settled:?}: {a:?}, classify: {b:?}", String::from_utf8_lossy(v));
            }
        }
    }

    #[test]
    fn plain_decimals_parse_as_fast_float_does() {
        let mut r = crate::sketch::SplitMix64(3);
        let mut cases: Vec<String> = vec!["0.1".into(), "-0.0".into(), ".5".into(), "5.".into(), "123456789012345".into(), "0.000000000000001".into(), "9007199254740993".into(), "1.7976931348623157".into()];
        for _ in 0..20_000 {
            let digits = 1 + (r.next_u64() % 15) as usize;
            let mut t: String = (0..digits).map(|_| (b'0' + (r.next_u64() % 10) as u8) as char).collect();
            let dot = (r.next_u64() % (digits as u64 + 1)) as usize;
            t.insert(dot, '.');
            if r.next_u64() % 2 == 0 {
                t.insert(0, '-');
            }
            cases.push(t);
        }
        for t in &cases {
            let want = fast_float2::parse::<f64, _>(t.as_bytes()).ok();
            match parse_plain_decimal(t.as_bytes()) {
                Some(v) => assert_eq!(Some(v.to_bits()), want.map(f64::to_bits), "{t}"),
                None => assert!(t.bytes().filter(u8::is_ascii_digit).count() > 15, "{t} not taken"),
            }
        }
    }
    use Value::*;

    #[test]
    fn nulls_and_tokens() {
        for s in ["", "  ", "\t", "NA", "N/A", "n/a", "#N/A", "<NA>", "NULL", "null", "Null", "None", "-", " - "] {
            assert_eq!(classify(s.as_bytes()), Null, "{s:?}");
        }
        for s in ["nan", "NaN", "NAN", "-nan"] {
            assert_eq!(classify(s.as_bytes()), NanToken, "{s:?}");
        }
        assert_eq!(classify(b"none"), Str);
        assert_eq!(classify(b"Nancy"), Str);
        assert_eq!(classify(b"+"), Str);
    }

    #[test]
    fn booleans() {
        assert_eq!(classify(b"true"), Bool(true));
        assert_eq!(classify(b"FALSE"), Bool(false));
        assert_eq!(classify(b"True "), Bool(true));
        assert_eq!(classify(b"yes"), Str);
        assert_eq!(classify(b"t"), Str);
    }

    #[test]
    fn integers() {
        assert_eq!(classify(b"0"), Int(0));
        assert_eq!(classify(b"-17"), Int(-17));
        assert_eq!(classify(b"+5"), Int(5));
        assert_eq!(classify(b" 42 "), Int(42));
        assert_eq!(classify(b"007"), Int(7));
        assert_eq!(classify(b"9223372036854775807"), Int(i64::MAX));
        assert_eq!(classify(b"-9223372036854775808"), Int(i64::MIN));
        assert_eq!(classify(b"9223372036854775808"), Float(9223372036854775808.0));
        assert_eq!(classify(b"1,000"), Str);
        assert_eq!(classify(b"12a"), Str);
    }

    #[test]
    fn floats() {
        assert_eq!(classify(b"1.5"), Float(1.5));
        assert_eq!(classify(b"-.5"), Float(-0.5));
        assert_eq!(classify(b"5."), Float(5.0));
        assert_eq!(classify(b"1e-3"), Float(1e-3));
        assert_eq!(classify(b"1E+05"), Float(1e5));
        assert_eq!(classify(b"inf"), Float(f64::INFINITY));
        assert_eq!(classify(b"-Infinity"), Float(f64::NEG_INFINITY));
        assert_eq!(classify(&b"9".repeat(400)), Float(f64::INFINITY));
        assert_eq!(classify(b"1.2.3"), Str);
        assert_eq!(classify(b"."), Str);
        assert_eq!(classify(b"e5"), Str);
        assert_eq!(classify(b"0x10"), Str);
    }

    #[test]
    fn dates_and_datetimes() {
        assert_eq!(classify(b"1970-01-01"), Date(0));
        assert_eq!(classify(b"2024-02-29"), Date(19782));
        assert_eq!(classify(b"2023-02-29"), Str);
        assert_eq!(classify(b"2023-13-01"), Str);
        assert_eq!(classify(b"2023-00-10"), Str);
        assert_eq!(classify(b"1970-01-01T00:00:01"), DateTime(1000));
        assert_eq!(classify(b"1970-01-01 00:01"), DateTime(60_000));
        assert_eq!(classify(b"1970-01-01T00:00:00.250Z"), DateTime(250));
        assert_eq!(classify(b"1970-01-01T01:00:00+01:00"), DateTime(0));
        assert_eq!(classify(b"1970-01-01T00:00:00-0130"), DateTime(5_400_000));
        assert_eq!(classify(b"1970-01-01T24:00:00"), Str);
        assert_eq!(classify(b"1970-01-01T10:00:00 junk"), Str);
        assert_eq!(classify(b"1970-01-01X"), Str);
    }

    #[test]
    fn calendar_round_trip() {
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(format_date(19782), "2024-02-29");
        assert_eq!(format_datetime(-1), "1969-12-31T23:59:59.999");
        assert_eq!(format_datetime(86_400_000 + 3_723_000), "1970-01-02T01:02:03");
    }
}
