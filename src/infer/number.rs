//! Numbers as they are written: thousands separators, a decimal comma, a leading `+`,
//! percentages, currencies and accounting negatives, with the form each value is written in.
//!
//! - Thousands separators `,` `.` space, `'`, and the no-break spaces U+00A0 and U+202F, in
//!   groups of three after a first group of one to three digits.
//! - A decimal comma or point. A single `,` or `.` followed by exactly three digits (`1,234`,
//!   `1.234`) could be either: the column's decimal mark decides it (a comma column reads
//!   `1.234` as 1234; otherwise `1,234` is 1234 and `1.234` is 1.234).
//! - A sign, or an accounting negative in parentheses: `(1,234)`.
//! - A percent sign after the number (`12.5%`): the number as written, with unit `%`.
//! - A currency symbol or ISO code before or after, with or without a space: `$1,234.50`,
//!   `-€5`, `1.234,50 €`, `USD 12`, `12 EUR`.

use super::Value;

/// How a number is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct NumForm {
    /// `.` or `,` (0: none written).
    pub decimal: u8,
    /// The thousands separator: `,` `.` `' '` `'` or 0xA0 for a no-break space (0: none).
    pub group: u8,
    pub plus: bool,
    pub percent: bool,
    pub accounting: bool,
    /// An index into [`CURRENCIES`] plus one (0: none).
    pub currency: u8,
    pub currency_after: bool,
    /// A plain decimal whose point could be a thousands separator (`1.234`): not evidence of
    /// a decimal point. Not part of the format.
    pub maybe_grouped: bool,
}

/// Currency symbols and codes, as written.
pub const CURRENCIES: [&str; 30] = [
    "$", "€", "£", "¥", "₹", "₩", "₽", "₺", "₪", "R$", "USD", "EUR", "GBP", "JPY", "CNY", "CHF", "CAD", "AUD", "INR", "BRL", "MXN", "SEK",
    "NOK", "DKK", "PLN", "ZAR", "KRW", "HKD", "SGD", "NZD",
];

/// What a value says about its column's decimal mark.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    None,
    Comma,
    Point,
}

impl NumForm {
    /// The fields packed in 15 bits (for [`super::Form`]).
    pub const fn to_bits(&self) -> u32 {
        let decimal = match self.decimal {
            b'.' => 1,
            b',' => 2,
            _ => 0,
        };
        let group = match self.group {
            b',' => 1,
            b'.' => 2,
            b' ' => 3,
            b'\'' => 4,
            0xA0 => 5,
            _ => 0,
        };
        decimal
            | group << 2
            | (self.plus as u32) << 5
            | (self.percent as u32) << 6
            | (self.accounting as u32) << 7
            | (self.currency as u32 & 31) << 8
            | (self.currency_after as u32) << 13
            | (self.maybe_grouped as u32) << 14
    }

    pub fn from_bits(v: u32) -> NumForm {
        NumForm {
            decimal: [0, b'.', b',', 0][(v & 3) as usize],
            group: [0, b',', b'.', b' ', b'\'', 0xA0, 0, 0][(v >> 2 & 7) as usize],
            plus: v >> 5 & 1 != 0,
            percent: v >> 6 & 1 != 0,
            accounting: v >> 7 & 1 != 0,
            currency: ((v >> 8 & 31) as u8).min(CURRENCIES.len() as u8),
            currency_after: v >> 13 & 1 != 0,
            maybe_grouped: v >> 14 & 1 != 0,
        }
    }

    /// Whether values of these two forms can share one format: the same unit (currency or
    /// percent) and no decimal point against a decimal comma. Grouping, signs and parentheses
    /// may differ (`999` and `1,234`).
    pub fn compatible(&self, o: &NumForm) -> bool {
        let mark = |f: &NumForm| match (f.decimal, f.group) {
            (b',', _) | (_, b'.') => Mark::Comma,
            (b'.', _) | (_, b',') => Mark::Point,
            _ => Mark::None,
        };
        let (a, b) = (mark(self), mark(o));
        self.percent == o.percent && self.currency == o.currency && (a == b || a == Mark::None || b == Mark::None)
    }

    pub fn merge(&mut self, o: &NumForm) {
        if self.decimal == 0 {
            self.decimal = o.decimal;
        }
        if self.group == 0 {
            self.group = o.group;
        }
        self.plus |= o.plus;
        self.accounting |= o.accounting;
        self.maybe_grouped &= o.maybe_grouped;
        self.currency_after |= o.currency_after;
    }

    /// The unit: `%` or the currency as written.
    pub fn unit(&self) -> Option<&'static str> {
        if self.percent {
            Some("%")
        } else if self.currency > 0 {
            Some(CURRENCIES[self.currency as usize - 1])
        } else {
            None
        }
    }

    /// Whether this is what a plain number is (at most a decimal point): nothing to report.
    pub fn is_plain(&self) -> bool {
        *self == NumForm { decimal: self.decimal, maybe_grouped: self.maybe_grouped, ..NumForm::default() } && self.decimal != b','
    }

    /// A spreadsheet-style pattern: `#,##0.##`, `# ##0,##`, `+0.##%`, `$#,##0.##;($#,##0.##)`.
    pub fn pattern(&self) -> String {
        let int = match self.group {
            0 => "0".to_string(),
            0xA0 => "#\u{a0}##0".to_string(),
            g => format!("#{}##0", g as char),
        };
        let frac = match self.decimal {
            0 => String::new(),
            d => format!("{}##", d as char),
        };
        let mut body = format!("{int}{frac}");
        if self.percent {
            body.push('%');
        }
        if let Some(u) = (self.currency > 0).then(|| CURRENCIES[self.currency as usize - 1]) {
            let spaced = u.len() == 3 && u.bytes().all(|b| b.is_ascii_uppercase());
            body = match (self.currency_after, spaced) {
                (false, false) => format!("{u}{body}"),
                (false, true) => format!("{u} {body}"),
                (true, _) => format!("{body} {u}"),
            };
        }
        let pos = if self.plus { format!("+{body}") } else { body.clone() };
        if self.accounting { format!("{pos};({body})") } else { pos }
    }
}

/// Whether currency `c` (an index into [`CURRENCIES`] plus one) is a three-letter code.
fn is_code(c: u8) -> bool {
    CURRENCIES[c as usize - 1].len() == 3 && CURRENCIES[c as usize - 1].bytes().all(|b| b.is_ascii_uppercase())
}

/// A currency at the start of `s`: (index + 1, bytes).
fn currency_prefix(s: &[u8]) -> Option<(u8, usize)> {
    CURRENCIES.iter().enumerate().find(|(_, c)| s.starts_with(c.as_bytes())).map(|(i, c)| (i as u8 + 1, c.len()))
}

fn currency_suffix(s: &[u8]) -> Option<(u8, usize)> {
    // `R$` before `$`: the longest match.
    CURRENCIES
        .iter()
        .enumerate()
        .filter(|(_, c)| s.ends_with(c.as_bytes()))
        .max_by_key(|(_, c)| c.len())
        .map(|(i, c)| (i as u8 + 1, c.len()))
}

/// A space between a number and its currency: ASCII or a no-break space.
fn strip_space_start(s: &[u8]) -> &[u8] {
    s.strip_prefix(b" ").or_else(|| s.strip_prefix("\u{a0}".as_bytes())).or_else(|| s.strip_prefix("\u{202f}".as_bytes())).unwrap_or(s)
}

fn strip_space_end(s: &[u8]) -> &[u8] {
    s.strip_suffix(b" ").or_else(|| s.strip_suffix("\u{a0}".as_bytes())).or_else(|| s.strip_suffix("\u{202f}".as_bytes())).unwrap_or(s)
}

/// A separator at `s[i..]`: (the separator as [`NumForm::group`] spells it, its bytes).
fn separator(s: &[u8]) -> Option<(u8, usize)> {
    match s.first()? {
        b @ (b',' | b'.' | b' ' | b'\'') => Some((*b, 1)),
        0xC2 if s.get(1) == Some(&0xA0) => Some((0xA0, 2)),
        0xE2 if s.get(1) == Some(&0x80) && s.get(2) == Some(&0xAF) => Some((0xA0, 3)),
        _ => None,
    }
}

/// Parses a number in any form of this module; `decimal_comma` is the column's decimal mark
/// (`None`: not known, a point). Plain numbers (`12`, `-1.5`, `1e3`) are parsed elsewhere
/// first; this returns `None` for text.
pub fn parse(s: &[u8], decimal_comma: Option<bool>) -> Option<(Value, NumForm, Mark)> {
    let mut f = NumForm::default();
    let mut s = s;
    let mut neg = false;
    if let [b'(', inner @ .., b')'] = s {
        f.accounting = true;
        neg = true;
        s = inner;
    }
    match s.first()? {
        b'-' if !neg => {
            neg = true;
            s = &s[1..];
        }
        b'+' if !neg => {
            f.plus = true;
            s = &s[1..];
        }
        _ => {}
    }
    if let Some((c, n)) = currency_prefix(s) {
        f.currency = c;
        let rest = strip_space_start(&s[n..]);
        // A code is spaced from its number (`USD 12`, not `EUR2`).
        if is_code(c) && rest.len() == s.len() - n {
            return None;
        }
        s = rest;
        if let [b'-', rest @ ..] = s {
            if neg || f.plus {
                return None;
            }
            neg = true;
            s = rest;
        }
    }
    if let [rest @ .., b'%'] = s {
        if f.currency > 0 {
            return None;
        }
        f.percent = true;
        s = strip_space_end(rest);
    } else if f.currency == 0 {
        if let Some((c, n)) = currency_suffix(s) {
            f.currency = c;
            f.currency_after = true;
            let rest = strip_space_end(&s[..s.len() - n]);
            if is_code(c) && rest.len() == s.len() - n {
                return None;
            }
            s = rest;
        }
    }
    // Sign after the currency suffix is stripped: `-1.234,50 €` was taken above.
    if !s.first()?.is_ascii_digit() && *s.first()? != b'.' {
        return None;
    }
    // The digits, in groups split by separators.
    let mut groups: [(u8, u16); 16] = [(0, 0); 16]; // (separator before, digits)
    let mut ng = 0usize;
    let mut i = 0usize;
    let mut sep_before = 0u8;
    let mut exponent = false;
    loop {
        let start = i;
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
        }
        if ng == groups.len() {
            return None;
        }
        groups[ng] = (sep_before, (i - start) as u16);
        ng += 1;
        if i == s.len() {
            break;
        }
        if matches!(s[i], b'e' | b'E') {
            exponent = true;
            break;
        }
        let (sep, n) = separator(&s[i..])?;
        sep_before = sep;
        i += n;
        if i == s.len() {
            return None;
        }
    }
    let groups = &groups[..ng];
    if exponent {
        // `1,5e3` with a decimal comma: one comma, then the exponent.
        if ng != 2 || groups[1].0 != b',' || decimal_comma == Some(false) {
            return None;
        }
    }
    // Where the decimal mark is: the last separator when it is `,` or `.` and either differs
    // from the others, is the only one and cannot be grouping, or the column says so.
    let seps: Vec<u8> = groups[1..].iter().map(|g| g.0).collect();
    let last = seps.last().copied();
    let (decimal_at, mark) = match last {
        None => (None, Mark::None),
        Some(l) => {
            let others_same = seps[..seps.len() - 1].iter().all(|&x| x == l);
            let one = seps.len() == 1;
            let (first, last_len) = (groups[0].1, groups[ng - 1].1);
            let could_group = last_len == 3 && (1..=3).contains(&first) && !(first == 1 && s[0] == b'0');
            if !others_same {
                // 1,234.5 / 1.234,5 / 1 234,5
                if !matches!(l, b',' | b'.') || seps[..seps.len() - 1].iter().any(|&x| x != seps[0]) {
                    return None;
                }
                (Some(ng - 1), if l == b',' { Mark::Comma } else { Mark::Point })
            } else if !one {
                // 1,234,567 / 1.234.567: grouping, so the decimal mark is the other one.
                (None, match l {
                    b',' => Mark::Point,
                    b'.' => Mark::Comma,
                    _ => Mark::None,
                })
            } else if matches!(l, b',' | b'.') && !could_group {
                (Some(1), if l == b',' { Mark::Comma } else { Mark::Point })
            } else if matches!(l, b',' | b'.') {
                // 1,234 or 1.234: the column's decimal mark decides.
                let comma_col = decimal_comma == Some(true);
                let decimal = (l == b',') == comma_col;
                (decimal.then_some(1), Mark::None)
            } else {
                (None, Mark::None)
            }
        }
    };
    // Grouping before the decimal mark: a first group of 1-3 digits, then groups of 3.
    let int_groups = &groups[..decimal_at.unwrap_or(ng)];
    if int_groups.len() > 1 {
        if !(1..=3).contains(&int_groups[0].1) || int_groups[1..].iter().any(|g| g.1 != 3) {
            return None;
        }
        f.group = int_groups[1].0;
    } else if int_groups[0].1 == 0 && decimal_at.is_none() {
        return None;
    }
    if let Some(d) = decimal_at {
        f.decimal = groups[d].0;
        if groups[d].1 == 0 || ng - d != 1 {
            return None;
        }
    }
    // Nothing to say beyond a plain number: the plain parsers had it (or it is not one).
    if f == NumForm::default() && decimal_at.is_none() && int_groups.len() == 1 && !exponent {
        return None;
    }
    // The digits with a `.` for the decimal mark, parsed as a plain number.
    let mut buf = [0u8; 48];
    let mut n = 0usize;
    let mut push = |b: u8, n: &mut usize| -> Option<()> {
        *buf.get_mut(*n)? = b;
        *n += 1;
        Some(())
    };
    if neg {
        push(b'-', &mut n)?;
    }
    let mut k = 0usize;
    let mut gi = 0usize;
    while k < s.len() {
        let b = s[k];
        if b.is_ascii_digit() || (exponent && matches!(b, b'e' | b'E' | b'+' | b'-')) || (exponent && k > 0 && b.is_ascii_digit()) {
            push(b, &mut n)?;
            k += 1;
            continue;
        }
        let (_, len) = separator(&s[k..])?;
        gi += 1;
        if Some(gi) == decimal_at {
            push(b'.', &mut n)?;
        }
        k += len;
    }
    let text = &buf[..n];
    let v = if decimal_at.is_none() && !exponent {
        match super::parse_int(text) {
            Some(i) => Value::Int(i),
            None => Value::Float(fast_float2::parse::<f64, _>(text).ok()?),
        }
    } else {
        Value::Float(fast_float2::parse::<f64, _>(text).ok()?)
    };
    Some((v, f, mark))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str, comma: Option<bool>) -> Option<(f64, String, Mark)> {
        parse(s.as_bytes(), comma).map(|(v, f, m)| {
            let x = match v {
                Value::Int(i) => i as f64,
                Value::Float(x) => x,
                _ => unreachable!(),
            };
            (x, f.pattern(), m)
        })
    }

    #[test]
    fn forms() {
        let cases: &[(&str, Option<bool>, f64, &str)] = &[
            ("1,234", None, 1234.0, "#,##0"),
            ("1,234", Some(true), 1.234, "0,##"),
            ("1.234", Some(true), 1234.0, "#.##0"),
            ("1,5", None, 1.5, "0,##"),
            ("1,234,567", None, 1234567.0, "#,##0"),
            ("1.234.567", None, 1234567.0, "#.##0"),
            ("1 234 567", None, 1234567.0, "# ##0"),
            ("1'234'567", None, 1234567.0, "#'##0"),
            ("1\u{a0}234,5", None, 1234.5, "#\u{a0}##0,##"),
            ("1,234.50", None, 1234.5, "#,##0.##"),
            ("1.234,50", None, 1234.5, "#.##0,##"),
            ("$1,234.50", None, 1234.5, "$#,##0.##"),
            ("-$5", None, -5.0, "$0"),
            ("$-5", None, -5.0, "$0"),
            ("(1,234)", None, -1234.0, "#,##0;(#,##0)"),
            ("($1,234.50)", None, -1234.5, "$#,##0.##;($#,##0.##)"),
            ("12.5%", None, 12.5, "0.##%"),
            ("-3%", None, -3.0, "0%"),
            ("+1,5", None, 1.5, "+0,##"),
            ("1.234,50 €", None, 1234.5, "#.##0,## €"),
            ("€1.234,50", None, 1234.5, "€#.##0,##"),
            ("USD 12", None, 12.0, "USD 0"),
            ("12 EUR", None, 12.0, "0 EUR"),
            ("R$ 10,00", Some(true), 10.0, "R$0,##"),
            ("0,123", None, 0.123, "0,##"),
            ("1,5e3", Some(true), 1500.0, "0,##"),
        ];
        for &(s, comma, _, _) in cases {
            let (_, form, _) = parse(s.as_bytes(), comma).unwrap();
            assert_eq!(NumForm::from_bits(form.to_bits()), form, "{s}: packed and unpacked");
        }
        for &(s, comma, want, pat) in cases {
            let (x, p, _) = num(s, comma).unwrap_or_else(|| panic!("{s} not parsed"));
            assert_eq!((x, p.as_str()), (want, pat), "{s}");
        }
        for s in ["EUR2", "12EUR", "1,23,456", "12,3456,789", "1,", ",5", "$", "%", "1,234.5.6", "12a", "1,2,3", "$5%", "--5", "(-5)", "1 2", "1.234,567.8", "EUR", "1, 234"] {
            assert!(num(s, None).is_none(), "{s}: {:?}", num(s, None));
        }
        assert_eq!(num("1,5", None).unwrap().2, Mark::Comma);
        assert_eq!(num("1,234.5", None).unwrap().2, Mark::Point);
        assert_eq!(num("1.234.567", None).unwrap().2, Mark::Comma);
        assert_eq!(num("1,234", None).unwrap().2, Mark::None);
    }
}
