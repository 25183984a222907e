//! Value classification: what one field's bytes are.
//!
//! The rules (documented in the README, "Types"):
//! - Surrounding ASCII spaces and tabs are ignored. An empty or blank field is null, and so are
//!   the tokens of [`NULL_TOKENS`] (or those of the `null_values` option, which replace them).
//! - `nan` `NaN` `NAN` (and signed forms) are [`Value::NanToken`]: a non-finite float in a numeric
//!   column, a null anywhere else — the column decides once its type is known.
//! - boolean: `true` / `false` in any letter case; `yes`/`no`, `y`/`n`, `t`/`f` and `on`/`off`
//!   (any case) in a column whose head shows that pair ([`ColumnFormat::bools`]).
//! - integer: optional sign and up to 19 digits that fit an `i64`. Unsigned digit strings with
//!   a leading zero (`02134`) or more than 15 significant digits (card numbers, long IDs) are
//!   identifiers: strings.
//! - float: decimal notation with optional fraction and exponent (`1.5`, `-.5`, `1e-3`),
//!   and `inf` / `infinity` in any case with an optional sign.
//! - formatted numbers (`number`): thousands separators, a decimal comma, `%`, currencies and
//!   accounting negatives, integers or floats by whether a decimal part is written.
//! - date: `YYYY-MM-DD` with a valid month and day, and the shapes of [`date`].
//! - datetime: a date, `T` or a space, `HH:MM[:SS[.fraction]]`, optionally `Z` or `±HH[:MM]`
//!   (and the shapes of [`date`]). Times with an offset are converted to UTC; times without
//!   one are taken as they are.
//! - time: a time of day alone (`14:30`, `2:30 PM`).
//! - string: anything else.

pub mod date;
pub mod number;
pub mod semantic;

pub use date::DateForm;
pub use number::NumForm;

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
    /// Milliseconds since midnight.
    Time(i32),
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
    Time,
}

impl Type {
    pub const ALL: [Type; 7] =
        [Type::Boolean, Type::Integer, Type::Float, Type::Date, Type::Datetime, Type::String, Type::Time];

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
            Type::Time => "time",
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
            Value::Time(_) => Type::Time,
            Value::Str => Type::String,
        })
    }
}

/// How a value is written, beyond its type: what a column's `format` and `unit` are made of.
/// Packed in 32 bits (the kind in bits 0-1, the value's [`evidence`] in bits 2-5, the fields
/// from bit 6), so that a column compares each value's form with the last in one step
/// ([`Form::view`] unpacks it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Form(u32);

/// A [`Form`] unpacked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormView {
    /// A plain integer, a string, a null.
    None,
    Date(DateForm),
    Number(NumForm),
    /// A boolean's spelling: an index into [`BOOL_WORDS`].
    Bool(u8),
}

impl Form {
    pub const NONE: Form = Form(0);

    #[inline]
    pub const fn date(d: DateForm) -> Form {
        Form(d.to_bits() << 6 | 1)
    }

    #[inline]
    pub const fn number(n: NumForm) -> Form {
        Form(n.to_bits() << 6 | 2)
    }

    #[inline]
    pub const fn boolean(pair: u8) -> Form {
        Form((pair as u32) << 6 | 3)
    }

    /// This form, carrying what the value says about its column (an [`evidence`] constant).
    #[inline]
    pub const fn with_evidence(self, e: u8) -> Form {
        Form(self.0 | (e as u32) << 2)
    }

    /// The [`evidence`] constant carried.
    #[inline]
    pub const fn evidence(self) -> u8 {
        (self.0 >> 2 & 0xF) as u8
    }

    /// The form without its evidence: how the value is written.
    #[inline]
    pub const fn written(self) -> Form {
        Form(self.0 & !0x3C)
    }

    pub fn view(&self) -> FormView {
        let fields = self.0 >> 6;
        match self.0 & 0x03 {
            1 => FormView::Date(DateForm::from_bits(fields)),
            2 => FormView::Number(NumForm::from_bits(fields)),
            3 => FormView::Bool((fields as u8).min(BOOL_WORDS.len() as u8 - 1)),
            _ => FormView::None,
        }
    }
}

/// What a value says about its column's conventions (see [`ColumnFormat`]).
pub mod evidence {
    pub const NONE: u8 = 0;
    /// A numeric date whose first part is over 12.
    pub const DAY_FIRST: u8 = 1;
    /// A numeric date whose second part is over 12.
    pub const MONTH_FIRST: u8 = 2;
    /// A numeric date that reads either way (both parts 12 or less).
    pub const EITHER: u8 = 3;
    /// A number only a decimal comma reads (`1,5`, `1.234,5`, `1.234.567`).
    pub const COMMA: u8 = 4;
    /// A number only a decimal point reads (`1,234.5`, `1,234,567`), or a plain decimal.
    pub const POINT: u8 = 5;
    /// A boolean word of pair `p` (an index into [`super::BOOL_WORDS`]): `WORD + p`.
    pub const WORD: u8 = 8;
}

/// Boolean spellings, as (true, false), each in any letter case.
pub const BOOL_WORDS: [(&str, &str); 5] = [("true", "false"), ("yes", "no"), ("y", "n"), ("t", "f"), ("on", "off")];

/// The null tokens (besides empty and blank fields), unless `null_values` replaces them.
pub const NULL_TOKENS: [&str; 26] = [
    "NA", "N/A", "n/a", "na", "N.A.", "n.a.", "#N/A", "#N/A N/A", "#NA", "#NULL!", "<NA>", "NULL", "null", "Null", "None", "nil", "NIL",
    "Nil", "(null)", "(NULL)", "\\N", "-", "--", ".", "?", "missing",
];

/// A column's conventions, decided from the file's head for every part alike
/// (`crate::miner::partial::Head`), or forced by options: they resolve values that read more
/// than one way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ColumnFormat {
    /// Numeric dates that read either way are day first (`Some(true)`) or month first; `None`:
    /// undecided, month first with `/`, day first with `.` and `-`.
    pub day_first: Option<bool>,
    /// `1,234` and `1.234` are read with a decimal comma (`Some(true)`) or point; `None`:
    /// undecided, a point.
    pub decimal_comma: Option<bool>,
    /// The boolean pair besides `true`/`false` this column spells (an index into
    /// [`BOOL_WORDS`]; 0: none).
    pub bools: u8,
    /// `day_first` was set by the `day_first` option: the order is the caller's, not ambiguous.
    pub order_forced: bool,
    /// The head held at least [`SEMANTIC_EVIDENCE`] strings of this column and none of a
    /// semantic kind: its values are not checked for one (`semantic`).
    pub semantic_off: bool,
}

/// Strings of a column the head must hold, none of a semantic kind, for the column's values
/// not to be checked for one.
pub const SEMANTIC_EVIDENCE: u64 = 64;

/// The null tokens in force: the defaults, or those of the `null_values` option.
#[derive(Clone, Debug, Default)]
pub struct Nulls {
    custom: Option<Vec<Box<[u8]>>>,
}

impl Nulls {
    /// `None`: [`NULL_TOKENS`]; else exactly these (and empty fields).
    pub fn new(custom: Option<&[String]>) -> Nulls {
        Nulls { custom: custom.map(|c| c.iter().map(|t| t.trim().as_bytes().into()).collect()) }
    }

    #[inline]
    fn custom_has(&self, s: &[u8]) -> Option<bool> {
        self.custom.as_ref().map(|c| c.iter().any(|t| **t == *s))
    }
}

/// A classified field: its value, and how it is written and what it says about its column
/// ([`Form::written`], [`Form::evidence`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Classified {
    pub value: Value,
    pub form: Form,
}

impl Classified {
    #[inline]
    fn of(value: Value) -> Classified {
        Classified { value, form: Form::NONE }
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

/// The form of a plain decimal: a decimal point when one is written.
const POINT_FORM: Form = Form::number(NumForm { decimal: b'.', group: 0, plus: false, percent: false, accounting: false, currency: 0, currency_after: false, maybe_grouped: false });
/// A plain decimal whose point could be a thousands separator (`1.234`).
const POINT3_FORM: Form = Form::number(NumForm { decimal: b'.', group: 0, plus: false, percent: false, accounting: false, currency: 0, currency_after: false, maybe_grouped: true });

/// [`classify_in`] for a column whose type has settled: that type's parser runs first, and the
/// full classifier only on a value that fails it. The result is always `classify_in`'s.
#[inline]
pub fn classify_settled(raw: &[u8], settled: Settled, fmt: &ColumnFormat, nulls: &Nulls) -> Classified {
    if nulls.custom.is_none() {
        match settled {
            Settled::Number if !raw.is_empty() => {
                // Both parsers reject surrounding blanks and anything classify reads otherwise.
                if let Some(i) = parse_int(raw) {
                    return Classified::of(Value::Int(i));
                }
                if fmt.decimal_comma != Some(true) {
                    // (Without a point, digits parse_int refused are identifiers.)
                    if let Some((f, kind @ 1..)) = parse_plain_decimal(raw) {
                        return plain_float(f, kind);
                    }
                }
            }
            Settled::Temporal if raw.len() >= 10 && raw[0].is_ascii_digit() && raw[4] == b'-' && raw[raw.len() - 1] > b' ' => {
                if let Some((v, form)) = parse_temporal(raw) {
                    return Classified { value: v, form };
                }
            }
            _ => {}
        }
    }
    classify_in(raw, fmt, nulls)
}

#[inline]
fn plain_float(f: f64, kind: u8) -> Classified {
    match kind {
        0 => Classified::of(Value::Float(f)),
        1 => Classified { value: Value::Float(f), form: POINT_FORM },
        _ => Classified { value: Value::Float(f), form: POINT3_FORM },
    }
}

/// Classifies one field with the default conventions and null tokens.
pub fn classify(raw: &[u8]) -> Value {
    classify_in(raw, &ColumnFormat::default(), &Nulls::default()).value
}

/// A boolean word: (value, pair index into [`BOOL_WORDS`]).
#[inline(always)]
fn bool_word(s: &[u8]) -> Option<(bool, u8)> {
    let is = |w: &[u8]| s.eq_ignore_ascii_case(w);
    // By length and first letter: one comparison at most.
    let (b, p) = match (s.len(), s[0] | 0x20) {
        (1, b't') => (true, 3),
        (1, b'f') => (false, 3),
        (1, b'y') => (true, 2),
        (1, b'n') => (false, 2),
        (2, b'n') if is(b"no") => (false, 1),
        (2, b'o') if is(b"on") => (true, 4),
        (3, b'y') if is(b"yes") => (true, 1),
        (3, b'o') if is(b"off") => (false, 4),
        (4, b't') if is(b"true") => (true, 0),
        (5, b'f') if is(b"false") => (false, 0),
        _ => return None,
    };
    Some((b, p))
}

/// Whether `s` starts with the first three letters of an English month or weekday.
#[inline]
fn month_or_weekday_start(s: &[u8]) -> bool {
    const fn k(a: &[u8; 3]) -> u32 {
        u32::from_le_bytes([a[0], a[1], a[2], 0])
    }
    const JAN: u32 = k(b"jan");
    const FEB: u32 = k(b"feb");
    const MAR: u32 = k(b"mar");
    const APR: u32 = k(b"apr");
    const MAY: u32 = k(b"may");
    const JUN: u32 = k(b"jun");
    const JUL: u32 = k(b"jul");
    const AUG: u32 = k(b"aug");
    const SEP: u32 = k(b"sep");
    const OCT: u32 = k(b"oct");
    const NOV: u32 = k(b"nov");
    const DEC: u32 = k(b"dec");
    const MON: u32 = k(b"mon");
    const TUE: u32 = k(b"tue");
    const WED: u32 = k(b"wed");
    const THU: u32 = k(b"thu");
    const FRI: u32 = k(b"fri");
    const SAT: u32 = k(b"sat");
    const SUN: u32 = k(b"sun");
    let w = u32::from_le_bytes([s[0] | 0x20, s[1] | 0x20, s[2] | 0x20, 0]);
    matches!(w, JAN | FEB | MAR | APR | MAY | JUN | JUL | AUG | SEP | OCT | NOV | DEC | MON | TUE | WED | THU | FRI | SAT | SUN)
}

/// Unsigned digits that are an identifier rather than a number: a leading zero (`007`), or
/// more than 15 significant digits (more than an f64 holds exactly).
#[inline]
pub fn identifier_digits(s: &[u8]) -> bool {
    s.len() > 1 && s.iter().all(u8::is_ascii_digit) && (s[0] == b'0' || significant_digits(s) > 15)
}

#[inline]
fn significant_digits(d: &[u8]) -> usize {
    let a = d.iter().position(|&c| c != b'0').unwrap_or(d.len());
    let b = d.iter().rposition(|&c| c != b'0').map_or(a, |i| i + 1);
    b.saturating_sub(a)
}

/// Classifies one field under its column's conventions and the null tokens in force.
#[inline]
pub fn classify_in(raw: &[u8], fmt: &ColumnFormat, nulls: &Nulls) -> Classified {
    let s = trim(raw);
    let Some(&b0) = s.first() else { return Classified::of(Value::Null) };
    let default_nulls = match nulls.custom_has(s) {
        Some(true) => return Classified::of(Value::Null),
        Some(false) => false,
        None => true,
    };
    let null = || Classified::of(Value::Null);
    match b0 {
        b'0'..=b'9' => {
            if let Some(i) = parse_int(s) {
                return Classified::of(Value::Int(i));
            }
            if identifier_digits(s) {
                return Classified::of(Value::Str);
            }
            if s.len() >= 10 && s[4] == b'-' {
                if let Some((v, form)) = parse_temporal(s) {
                    return Classified { value: v, form };
                }
            }
            if let Some(c) = float_in(s, fmt) {
                return c;
            }
            if let Some(c) = date_in(s, fmt) {
                return c;
            }
            number_in(s, fmt)
        }
        b'-' | b'+' => {
            if s.len() == 1 || s == b"--" {
                return if b0 == b'-' && default_nulls { null() } else { Classified::of(Value::Str) };
            }
            if let Some(i) = parse_int(s) {
                return Classified::of(Value::Int(i));
            }
            if let Some(c) = float_in(s, fmt) {
                return c;
            }
            number_in(s, fmt)
        }
        b'.' => {
            if s.len() == 1 {
                return if default_nulls { null() } else { Classified::of(Value::Str) };
            }
            float_in(s, fmt).unwrap_or_else(|| number_in(s, fmt))
        }
        b'(' => {
            if default_nulls && (s == b"(null)" || s == b"(NULL)") {
                return null();
            }
            number_in(s, fmt)
        }
        b'$' | 0xC2 | 0xE2 => number_in(s, fmt),
        b'#' | b'<' | b'?' | b'\\' => {
            if default_nulls && NULL_TOKENS.iter().any(|t| t.as_bytes() == s) {
                return null();
            }
            Classified::of(Value::Str)
        }
        b'a'..=b'z' | b'A'..=b'Z' => {
            // Boolean words, null tokens and nan/inf are at most 8 letters: longer text skips
            // them.
            if s.len() <= 8 {
                if let Some((b, p)) = bool_word(s) {
                    if p == 0 || p == fmt.bools {
                        // (true/false says nothing about a column's pair.)
                        let e = if p == 0 { evidence::NONE } else { evidence::WORD + p };
                        return Classified { value: Value::Bool(b), form: Form::boolean(p).with_evidence(e) };
                    }
                    return Classified { value: Value::Str, form: Form::NONE.with_evidence(evidence::WORD + p) };
                }
                if default_nulls && matches!(s, b"NA" | b"N/A" | b"n/a" | b"na" | b"N.A." | b"n.a." | b"NULL" | b"null" | b"Null" | b"None" | b"nil" | b"NIL" | b"Nil" | b"missing") {
                    return null();
                }
                match b0 {
                    b'n' | b'N' if matches!(s, b"nan" | b"NaN" | b"NAN") => return Classified::of(Value::NanToken),
                    b'i' | b'I' if s.eq_ignore_ascii_case(b"inf") || s.eq_ignore_ascii_case(b"infinity") => {
                        return Classified::of(Value::Float(f64::INFINITY));
                    }
                    _ => {}
                }
                if s.len() < 4 {
                    return Classified::of(Value::Str);
                }
            }
            // Month and weekday names (`Jan 5, 2024`, `Tue, 05 Mar 2024`).
            if s.len() >= 8 && month_or_weekday_start(s) {
                if let Some(c) = date_in(s, fmt) {
                    return c;
                }
            }
            // Currency codes before a number (`USD 12`).
            if b0.is_ascii_uppercase() && (s[..3].iter().all(u8::is_ascii_uppercase) || s.starts_with(b"R$")) {
                return number_in(s, fmt);
            }
            Classified::of(Value::Str)
        }
        _ => Classified::of(Value::Str),
    }
}

/// A plain float (decimal or exponent notation, `inf`, `nan`), unless the column reads `.` as
/// a thousands separator.
#[inline]
fn float_in(s: &[u8], fmt: &ColumnFormat) -> Option<Classified> {
    if fmt.decimal_comma == Some(true) && s.contains(&b'.') {
        return None;
    }
    if let Some((v, kind)) = parse_plain_decimal(s) {
        return Some(plain_float(v, kind));
    }
    // fast-float2 accepts the decimal forms plus inf/nan spellings, and rejects trailing bytes.
    match fast_float2::parse::<f64, _>(s) {
        Ok(v) if v.is_nan() => Some(Classified::of(Value::NanToken)),
        // A decimal number too large for f64 (e.g. 400 digits with a point) is a float: +-inf.
        Ok(v) => Some(Classified { value: Value::Float(v), form: if s.contains(&b'.') { POINT_FORM } else { Form::NONE } }),
        Err(_) => None,
    }
}

/// A date, time or datetime in a shape of [`date`].
#[cold]
fn date_in(s: &[u8], fmt: &ColumnFormat) -> Option<Classified> {
    let (v, form, order) = date::parse(s, fmt.day_first)?;
    let evidence = match order {
        date::Order::None => evidence::NONE,
        date::Order::DayFirst => evidence::DAY_FIRST,
        date::Order::MonthFirst => evidence::MONTH_FIRST,
        date::Order::Either => evidence::EITHER,
    };
    Some(Classified { value: v, form: Form::date(form).with_evidence(evidence) })
}

/// A number in a form of [`number`], else a string.
#[cold]
fn number_in(s: &[u8], fmt: &ColumnFormat) -> Classified {
    match number::parse(s, fmt.decimal_comma) {
        Some((v, form, mark)) => {
            let evidence = match mark {
                number::Mark::Comma => evidence::COMMA,
                number::Mark::Point => evidence::POINT,
                number::Mark::None => evidence::NONE,
            };
            Classified { value: v, form: Form::number(form).with_evidence(evidence) }
        }
        None => Classified::of(Value::Str),
    }
}

/// Optional sign and 1..=19 digits fitting in an i64; unsigned [`identifier_digits`] are not
/// integers.
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
    if (digits[0] == b'0' || digits.len() > 15) && digits.len() > 1 && digits.len() == s.len() && (digits[0] == b'0' || significant_digits(digits) > 15) {
        return None;
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
fn parse_plain_decimal(s: &[u8]) -> Option<(f64, u8)> {
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
    // 0: no point; 1: a decimal point; 2: a point that could be a thousands separator
    // (`1.234`: 1-3 digits, not a lone 0, then 3).
    let kind = match frac {
        None => 0,
        Some(p) if scale == 3 && (1..=3).contains(&p) && body[0] != b'0' => 2,
        Some(_) => 1,
    };
    Some((if neg { -v } else { v }, kind))
}

#[inline]
fn d2(b: &[u8]) -> Option<u32> {
    let (a, c) = (b[0].wrapping_sub(b'0'), b[1].wrapping_sub(b'0'));
    (a <= 9 && c <= 9).then(|| (a * 10 + c) as u32)
}

pub(crate) fn days_in_month(y: i32, m: u32) -> u32 {
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

pub(crate) const MS_PER_DAY: i64 = 86_400_000;

/// ISO 8601 dates and datetimes (the fast path), with their form.
fn parse_temporal(s: &[u8]) -> Option<(Value, Form)> {
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
    if y < 1000 {
        return None;
    }
    let days = days_from_civil(y, m, d);
    // The form's fields are set as bits of the packed form (`date::bits`, from bit 6): one OR
    // each.
    const ISO: Form = Form::date(DateForm { layout: date::layout::YMD, sep: b'-', month: date::month::NUMBER, ..DateForm::ZERO });
    const fn at(field: u32, v: u8) -> u32 {
        (v as u32) << (6 + field)
    }
    let mut f = ISO.0;
    if s.len() == 10 {
        return Some((Value::Date(days), ISO));
    }
    // Time part: [T ]HH:MM[:SS[.f+]][Z|±HH[:MM]]
    if !(s[10] == b'T' || s[10] == b' ') || s.len() < 16 || s[13] != b':' {
        return None;
    }
    f |= at(date::bits::TIME, if s[10] == b'T' { date::time::T } else { date::time::SPACE });
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
        f |= at(date::bits::SECONDS, 1);
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
            f |= at(date::bits::FRACTION, 1);
            rest = &r[n..];
        }
    }
    match rest {
        [] => {}
        [b'Z' | b'z'] => f |= at(date::bits::ZONE, date::zone::Z),
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
            f |= at(date::bits::ZONE, date::zone::OFFSET);
            let off_ms = (oh as i64 * 60 + om as i64) * 60_000;
            ms += if *sign == b'+' { -off_ms } else { off_ms };
        }
        _ => return None,
    }
    Some((Value::DateTime(days as i64 * MS_PER_DAY + ms), Form(f)))
}

/// Formats days since the epoch as `YYYY-MM-DD`.
pub fn format_date(days: i32) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Formats milliseconds since midnight as `HH:MM:SS[.mmm]`.
pub fn format_time(ms: i32) -> String {
    let (h, m, s, milli) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    if milli == 0 { format!("{h:02}:{m:02}:{s:02}") } else { format!("{h:02}:{m:02}:{s:02}.{milli:03}") }
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
            for (settled, fmt) in [Settled::Any, Settled::Number, Settled::Temporal].into_iter().flat_map(|s| {
                [ColumnFormat::default(), ColumnFormat { day_first: Some(true), decimal_comma: Some(true), bools: 1, order_forced: true, semantic_off: false }, ColumnFormat { day_first: Some(false), decimal_comma: Some(false), bools: 3, order_forced: false, semantic_off: true }].map(|f| (s, f))
            }) {
                let nulls = Nulls::default();
                let (full, fast) = (classify_in(v, &fmt, &nulls), classify_settled(v, settled, &fmt, &nulls));
                assert_eq!(full.form, fast.form, "{:?}", String::from_utf8_lossy(v));
                let (a, b) = (fast.value, full.value);
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
    fn the_iso_fast_path_gives_the_forms_the_general_date_parser_does() {
        for v in ["2024-02-29", "2024-02-29T12:30", "2024-02-29 12:30:00", "2024-02-29T12:30:00.125", "2024-02-29T12:30:00Z", "2024-02-29T12:30:00+02:00", "2024-02-29 12:30:00-0130", "1999-12-31T23:59:59.5z"] {
            let (v1, f1) = parse_temporal(v.as_bytes()).unwrap();
            let (v2, f2, _) = date::parse(v.as_bytes(), None).unwrap();
            assert_eq!((v1, f1), (v2, Form::date(f2)), "{v}");
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
            match parse_plain_decimal(t.as_bytes()).map(|p| p.0) {
                Some(v) => assert_eq!(Some(v.to_bits()), want.map(f64::to_bits), "{t}"),
                None => assert!(t.bytes().filter(u8::is_ascii_digit).count() > 15, "{t} not taken"),
            }
        }
    }
    use Value::*;

    #[test]
    fn nulls_and_tokens() {
        for s in ["", "  ", "\t", " - ", "\\N"].into_iter().chain(NULL_TOKENS) {
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
        assert_eq!(classify(b"007"), Str);
        assert_eq!(classify(b"-007"), Int(-7));
        assert_eq!(classify(b"0"), Int(0));
        assert_eq!(classify(b"123456789012345"), Int(123456789012345));
        assert_eq!(classify(b"1234567890123456"), Str);
        assert_eq!(classify(b"1000000000000000000"), Int(1_000_000_000_000_000_000));
        assert_eq!(classify(b"9223372036854775807"), Str);
        assert_eq!(classify(b"-9223372036854775807"), Int(-i64::MAX));
        assert_eq!(classify(b"-9223372036854775808"), Int(i64::MIN));
        assert_eq!(classify(b"9223372036854775808"), Str);
        assert_eq!(classify(b"1,000"), Int(1000));
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
        assert_eq!(classify(&b"9".repeat(400)), Str);
        assert_eq!(classify(format!("{}.5", "9".repeat(400)).as_bytes()), Float(f64::INFINITY));
        assert_eq!(classify(b"1.2.3"), Str);
        assert_eq!(classify(b"."), Null);
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
