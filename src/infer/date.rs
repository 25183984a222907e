//! Dates, times and datetimes as people write them: every shape besides the ISO fast path of
//! [`super::parse_temporal`], with the form each value is written in (what the column's
//! strftime-style `format` is made from) and whether it decides the day/month order.
//!
//! Shapes (after surrounding blanks are trimmed):
//! - `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD`;
//! - numeric day and month in either order with `/`, `.` or `-`, and a 4- or 2-digit year
//!   (`12/31/2023`, `31.12.2023`, `31-12-23`); 2-digit years 69-99 are 1969-1999, 00-68
//!   2000-2068 (POSIX `%y`);
//! - English month names and abbreviations: `Jan 5, 2024`, `January 5 2024`, `5 January 2024`,
//!   `05-Jan-2024`, `05-Jan-24`; a weekday may lead (`Tue, 05 Mar 2024`, RFC 2822);
//! - any of these followed by `T` or a space and a time;
//! - a time alone (a `time` value): `HH:MM`, `HH:MM:SS`, fractions, 12-hour clocks with AM/PM.
//!
//! A time is `H[H]:MM[:SS[.fraction]]`, then optionally ` AM`/`PM` (any case, with or without
//! the space), then optionally a zone: `Z`, `±HH:MM`, `±HHMM`, `±HH`, `GMT`, `UTC`, `UT` or a US
//! zone of RFC 2822 (`EST` `EDT` `CST` `CDT` `MST` `MDT` `PST` `PDT`). Zoned times are
//! normalised to UTC. Years must be 1000-9999.

use super::{MS_PER_DAY, Value, days_from_civil, days_in_month};

/// How a date or time is written: what its strftime-style format says.
///
/// The fields a column's values may differ in without contradicting one format (seconds,
/// fractions, padding) are merged; the others must agree ([`DateForm::compatible`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct DateForm {
    /// [`layout`] constants.
    pub layout: u8,
    /// The date's separator: `-`, `/`, `.` or a space (0 for a time alone).
    pub sep: u8,
    /// [`month`] constants (0: a name that is both, `May`).
    pub month: u8,
    pub year2: bool,
    /// 0: none, 1: abbreviated, 2: full weekday name.
    pub weekday: u8,
    /// A comma after the day (`Jan 5, 2024`) or after the weekday.
    pub comma: bool,
    /// [`time`] constants.
    pub time: u8,
    pub seconds: bool,
    pub fraction: bool,
    /// 0: 24-hour clock; 1: `10:00 AM`; 2: `10:00AM`.
    pub ampm: u8,
    /// [`zone`] constants.
    pub zone: u8,
    /// A day or month written with one digit (`1/5/2024`).
    pub unpadded: bool,
    /// A space before the zone (`10:00:00 +0200`).
    pub zone_spaced: bool,
    /// An hour written with one digit (`9:05`).
    pub hour_unpadded: bool,
}

/// Where each field of a [`DateForm`] is in [`DateForm::to_bits`].
pub mod bits {
    pub const LAYOUT: u32 = 0;
    pub const SEP: u32 = 3;
    pub const MONTH: u32 = 6;
    pub const YEAR2: u32 = 8;
    pub const WEEKDAY: u32 = 9;
    pub const COMMA: u32 = 11;
    pub const TIME: u32 = 12;
    pub const SECONDS: u32 = 14;
    pub const FRACTION: u32 = 15;
    pub const AMPM: u32 = 16;
    pub const ZONE: u32 = 18;
    pub const UNPADDED: u32 = 20;
    pub const ZONE_SPACED: u32 = 21;
    pub const HOUR_UNPADDED: u32 = 22;
}

pub mod layout {
    pub const TIME_ONLY: u8 = 0;
    pub const YMD: u8 = 1;
    pub const MDY: u8 = 2;
    pub const DMY: u8 = 3;
    /// `5 Jan 2024`, `05-Jan-2024`.
    pub const D_MON_Y: u8 = 4;
    /// `Jan 5, 2024`.
    pub const MON_D_Y: u8 = 5;
}

pub mod month {
    pub const NUMBER: u8 = 1;
    pub const ABBR: u8 = 2;
    pub const FULL: u8 = 3;
}

pub mod time {
    pub const NONE: u8 = 0;
    pub const T: u8 = 1;
    pub const SPACE: u8 = 2;
    pub const ALONE: u8 = 3;
}

pub mod zone {
    pub const NONE: u8 = 0;
    pub const Z: u8 = 1;
    pub const OFFSET: u8 = 2;
    pub const NAME: u8 = 3;
}

/// What a value says about its column's day/month order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// Not a numeric day and month (or an ISO date).
    None,
    /// The first part is over 12: day first.
    DayFirst,
    /// The second part is over 12: month first.
    MonthFirst,
    /// Both parts are 12 or less: read by the column's order.
    Either,
}

impl DateForm {
    /// Every field 0 (`Default` in a const).
    pub const ZERO: DateForm = DateForm {
        layout: 0,
        sep: 0,
        month: 0,
        year2: false,
        weekday: 0,
        comma: false,
        time: 0,
        seconds: false,
        fraction: false,
        ampm: 0,
        zone: 0,
        unpadded: false,
        zone_spaced: false,
        hour_unpadded: false,
    };

    /// The fields packed in 23 bits (for [`super::Form`]): each at its [`bits`] offset.
    pub const fn to_bits(&self) -> u32 {
        let sep = match self.sep {
            b'-' => 1,
            b'/' => 2,
            b'.' => 3,
            b' ' => 4,
            _ => 0,
        };
        (self.layout as u32) << bits::LAYOUT
            | sep << bits::SEP
            | (self.month as u32) << bits::MONTH
            | (self.year2 as u32) << bits::YEAR2
            | (self.weekday as u32) << bits::WEEKDAY
            | (self.comma as u32) << bits::COMMA
            | (self.time as u32) << bits::TIME
            | (self.seconds as u32) << bits::SECONDS
            | (self.fraction as u32) << bits::FRACTION
            | (self.ampm as u32) << bits::AMPM
            | (self.zone as u32) << bits::ZONE
            | (self.unpadded as u32) << bits::UNPADDED
            | (self.zone_spaced as u32) << bits::ZONE_SPACED
            | (self.hour_unpadded as u32) << bits::HOUR_UNPADDED
    }

    pub fn from_bits(v: u32) -> DateForm {
        let f = |at: u32, width: u32| ((v >> at) & ((1 << width) - 1)) as u8;
        DateForm {
            layout: f(bits::LAYOUT, 3),
            sep: [0, b'-', b'/', b'.', b' ', 0, 0, 0][f(bits::SEP, 3) as usize],
            month: f(bits::MONTH, 2),
            year2: f(bits::YEAR2, 1) != 0,
            weekday: f(bits::WEEKDAY, 2),
            comma: f(bits::COMMA, 1) != 0,
            time: f(bits::TIME, 2),
            seconds: f(bits::SECONDS, 1) != 0,
            fraction: f(bits::FRACTION, 1) != 0,
            ampm: f(bits::AMPM, 2),
            zone: f(bits::ZONE, 2),
            unpadded: f(bits::UNPADDED, 1) != 0,
            zone_spaced: f(bits::ZONE_SPACED, 1) != 0,
            hour_unpadded: f(bits::HOUR_UNPADDED, 1) != 0,
        }
    }

    /// Whether values of these two forms can share one format: the fields that are merged
    /// (seconds, fractions, padding) aside, equal, or unset on one side (a month name that is
    /// both, `May`; a date without a time in a datetime column).
    pub fn compatible(&self, o: &DateForm) -> bool {
        let opt = |a: u8, b: u8| a == b || a == 0 || b == 0;
        self.layout == o.layout
            && self.sep == o.sep
            && opt(self.month, o.month)
            && self.year2 == o.year2
            && self.weekday == o.weekday
            && (self.time == o.time || self.time == time::NONE || o.time == time::NONE || (self.time != time::ALONE && o.time != time::ALONE))
            && (self.ampm == o.ampm || self.time == time::NONE || o.time == time::NONE)
            && (self.zone == o.zone || (self.zone != zone::NONE && o.zone != zone::NONE) || self.time == time::NONE || o.time == time::NONE)
    }

    /// This form with the merged fields of `o` (see [`DateForm::compatible`]).
    pub fn merge(&mut self, o: &DateForm) {
        if self.month == 0 {
            self.month = o.month;
        }
        if self.time == time::NONE {
            self.time = o.time;
            self.ampm = o.ampm;
            self.zone = o.zone;
        }
        if self.zone != o.zone && o.zone != zone::NONE && o.time != time::NONE {
            // Z and numeric offsets: %z covers both.
            self.zone = self.zone.max(o.zone);
        }
        self.comma |= o.comma;
        self.seconds |= o.seconds;
        self.fraction |= o.fraction;
        self.unpadded |= o.unpadded;
        self.zone_spaced |= o.zone_spaced;
        self.hour_unpadded |= o.hour_unpadded;
    }

    /// The strftime-style format (`%-d` for an unpadded day, `%.f` for fractions of a second).
    pub fn strftime(&self) -> String {
        let mut s = String::new();
        let (d, m) = if self.unpadded { ("%-d", "%-m") } else { ("%d", "%m") };
        let mon = if self.month == month::FULL { "%B" } else { "%b" };
        let y = if self.year2 { "%y" } else { "%Y" };
        let sep = (self.sep as char).to_string();
        match self.weekday {
            1 => s.push_str(if self.comma { "%a, " } else { "%a " }),
            2 => s.push_str(if self.comma { "%A, " } else { "%A " }),
            _ => {}
        }
        match self.layout {
            layout::YMD => s.push_str(&format!("{y}{sep}{m}{sep}{d}")),
            layout::MDY => s.push_str(&format!("{m}{sep}{d}{sep}{y}")),
            layout::DMY => s.push_str(&format!("{d}{sep}{m}{sep}{y}")),
            layout::D_MON_Y => s.push_str(&format!("{d}{sep}{mon}{sep}{y}")),
            layout::MON_D_Y => s.push_str(&format!("{mon} {d}{} {y}", if self.comma { "," } else { "" })),
            _ => {}
        }
        match self.time {
            time::T => s.push('T'),
            time::SPACE => s.push(' '),
            time::NONE => return s,
            _ => {}
        }
        let h = match (self.ampm, self.hour_unpadded) {
            (0, false) => "%H",
            (0, true) => "%-H",
            (_, false) => "%I",
            (_, true) => "%-I",
        };
        s.push_str(h);
        s.push_str(":%M");
        if self.seconds {
            s.push_str(":%S");
        }
        if self.fraction {
            s.push_str("%.f");
        }
        match self.ampm {
            1 => s.push_str(" %p"),
            2 => s.push_str("%p"),
            _ => {}
        }
        match self.zone {
            zone::Z => s.push('Z'),
            zone::OFFSET => s.push_str(if self.zone_spaced { " %z" } else { "%z" }),
            zone::NAME => s.push_str(" %Z"),
            _ => {}
        }
        s
    }
}

/// A cursor over a value's bytes.
struct Cur<'a> {
    s: &'a [u8],
    i: usize,
}

impl<'a> Cur<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn done(&self) -> bool {
        self.i == self.s.len()
    }

    /// A run of 1..=`max` digits: (value, digits).
    fn digits(&mut self, max: usize) -> Option<(u32, usize)> {
        let start = self.i;
        let mut v = 0u32;
        while self.i < self.s.len() && self.i - start < max && self.s[self.i].is_ascii_digit() {
            v = v * 10 + (self.s[self.i] - b'0') as u32;
            self.i += 1;
        }
        let n = self.i - start;
        // More digits than allowed: not this shape.
        if n == 0 || self.peek().is_some_and(|c| c.is_ascii_digit()) {
            return None;
        }
        Some((v, n))
    }

    /// A run of ASCII letters, lowercased into `buf` (at most 9 letters).
    fn word(&mut self, buf: &mut [u8; 9]) -> Option<usize> {
        let start = self.i;
        while self.i < self.s.len() && self.s[self.i].is_ascii_alphabetic() {
            if self.i - start == buf.len() {
                return None;
            }
            buf[self.i - start] = self.s[self.i].to_ascii_lowercase();
            self.i += 1;
        }
        let n = self.i - start;
        (n > 0).then_some(n)
    }
}

const MONTHS: [&[u8]; 12] =
    [b"january", b"february", b"march", b"april", b"may", b"june", b"july", b"august", b"september", b"october", b"november", b"december"];
const WEEKDAYS: [&[u8]; 7] = [b"monday", b"tuesday", b"wednesday", b"thursday", b"friday", b"saturday", b"sunday"];

/// A month name or abbreviation (`sept` too): (month 1-12, [`month`] style).
fn month_name(w: &[u8]) -> Option<(u32, u8)> {
    if w.len() < 3 {
        return None;
    }
    for (i, m) in MONTHS.iter().enumerate() {
        if *m == w {
            return Some((i as u32 + 1, if w.len() == 3 { 0 } else { month::FULL }));
        }
        if w.len() == 3 && m.starts_with(w) {
            return Some((i as u32 + 1, month::ABBR));
        }
    }
    (w == b"sept").then_some((9, month::ABBR))
}

/// A weekday name or abbreviation (`tues`, `thur`, `thurs` too): 1 abbreviated, 2 full.
fn weekday_name(w: &[u8]) -> Option<u8> {
    if w.len() < 3 {
        return None;
    }
    for d in WEEKDAYS {
        if d == w {
            return Some(2);
        }
        if d.starts_with(w) && (w.len() == 3 || w == b"tues" || w == b"thur" || w == b"thurs") {
            return Some(1);
        }
    }
    None
}

fn year_of(v: u32, n: usize) -> Option<(i32, bool)> {
    match n {
        4 if (1000..=9999).contains(&v) => Some((v as i32, false)),
        2 => Some((if v >= 69 { 1900 + v as i32 } else { 2000 + v as i32 }, true)),
        _ => None,
    }
}

fn valid(y: i32, m: u32, d: u32) -> bool {
    (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

/// Parses a date, time or datetime in any shape of this module. `day_first` resolves numeric
/// day and month that could be either (`None`: month first with `/`, day first with `.` and
/// `-`). Returns the value, its form and what it says about the order.
pub fn parse(s: &[u8], day_first: Option<bool>) -> Option<(Value, DateForm, Order)> {
    let mut c = Cur { s, i: 0 };
    let mut f = DateForm::default();
    let mut order = Order::None;
    let b0 = *s.first()?;
    let (y, m, d);
    let mut w = [0u8; 9];
    if b0.is_ascii_digit() {
        let (a, na) = c.digits(4)?;
        match c.peek()? {
            b':' => {
                // A time alone.
                c.i = 0;
                f.time = time::ALONE;
                let ms = parse_time(&mut c, &mut f)?;
                if f.zone != zone::NONE {
                    return None; // a zoned time of day has no date to shift
                }
                return Some((Value::Time(ms as i32), f, Order::None));
            }
            sep @ (b'-' | b'/' | b'.') if na == 4 => {
                c.i += 1;
                let (mm, nm) = c.digits(2)?;
                if !c.eat(sep) {
                    return None;
                }
                let (dd, nd) = c.digits(2)?;
                (y, m, d) = (year_of(a, 4)?.0, mm, dd);
                f.layout = layout::YMD;
                f.sep = sep;
                f.month = month::NUMBER;
                f.unpadded = nm == 1 || nd == 1;
            }
            sep @ (b'-' | b'/' | b'.' | b' ') if na <= 2 => {
                c.i += 1;
                if c.peek()?.is_ascii_digit() {
                    if sep == b' ' {
                        return None;
                    }
                    let (b, nb) = c.digits(2)?;
                    if !c.eat(sep) {
                        return None;
                    }
                    let (yv, ny) = c.digits(4)?;
                    let (yy, y2) = year_of(yv, ny)?;
                    f.sep = sep;
                    f.month = month::NUMBER;
                    f.year2 = y2;
                    f.unpadded = na == 1 || nb == 1;
                    let first_day = match (a > 12, b > 12) {
                        (true, true) => return None,
                        (true, false) => {
                            order = Order::DayFirst;
                            true
                        }
                        (false, true) => {
                            order = Order::MonthFirst;
                            false
                        }
                        (false, false) => {
                            order = Order::Either;
                            day_first.unwrap_or(sep != b'/')
                        }
                    };
                    f.layout = if first_day { layout::DMY } else { layout::MDY };
                    (y, m, d) = if first_day { (yy, b, a) } else { (yy, a, b) };
                } else {
                    // 5 Jan 2024, 05-Jan-2024, 5 January, 2024
                    let n = c.word(&mut w)?;
                    let (mm, style) = month_name(&w[..n])?;
                    f.comma = c.eat(b',');
                    if !c.eat(sep) {
                        return None;
                    }
                    let (yv, ny) = c.digits(4)?;
                    let (yy, y2) = year_of(yv, ny)?;
                    f.layout = layout::D_MON_Y;
                    f.sep = sep;
                    f.month = style;
                    f.year2 = y2;
                    f.unpadded = na == 1;
                    (y, m, d) = (yy, mm, a);
                }
            }
            _ => return None,
        }
    } else if b0.is_ascii_alphabetic() {
        let n = c.word(&mut w)?;
        let mut word = &w[..n];
        let mut w2 = [0u8; 9];
        if let Some(wd) = weekday_name(word) {
            f.weekday = wd;
            f.comma = c.eat(b',');
            if !c.eat(b' ') {
                return None;
            }
            if c.peek()?.is_ascii_digit() {
                // Tue, 05 Mar 2024
                let (dd, nd) = c.digits(2)?;
                if !c.eat(b' ') {
                    return None;
                }
                let n = c.word(&mut w2)?;
                let (mm, style) = month_name(&w2[..n])?;
                if !c.eat(b' ') {
                    return None;
                }
                let (yv, ny) = c.digits(4)?;
                let (yy, y2) = year_of(yv, ny)?;
                f.layout = layout::D_MON_Y;
                f.sep = b' ';
                f.month = style;
                f.year2 = y2;
                f.unpadded = nd == 1;
                (y, m, d) = (yy, mm, dd);
                return finish(c, f, order, y, m, d);
            }
            let n = c.word(&mut w2)?;
            word = &w2[..n];
        }
        // Jan 5, 2024
        let (mm, style) = month_name(word)?;
        if !c.eat(b' ') {
            return None;
        }
        let (dd, nd) = c.digits(2)?;
        let comma = c.eat(b',');
        if f.weekday == 0 {
            f.comma = comma;
        } else if comma != f.comma {
            return None;
        }
        if !c.eat(b' ') {
            return None;
        }
        let (yv, ny) = c.digits(4)?;
        let (yy, y2) = year_of(yv, ny)?;
        if y2 {
            return None; // "Jan 5, 24" is too unlike a date
        }
        f.layout = layout::MON_D_Y;
        f.sep = b' ';
        f.month = style;
        f.unpadded = nd == 1;
        (y, m, d) = (yy, mm, dd);
    } else {
        return None;
    }
    finish(c, f, order, y, m, d)
}

/// The date checked, then the time after it, if any.
fn finish(mut c: Cur<'_>, mut f: DateForm, order: Order, y: i32, m: u32, d: u32) -> Option<(Value, DateForm, Order)> {
    if !valid(y, m, d) {
        return None;
    }
    let days = days_from_civil(y, m, d);
    if c.done() {
        return Some((Value::Date(days), f, order));
    }
    f.time = match c.peek()? {
        b'T' if f.layout == layout::YMD => time::T,
        b' ' => time::SPACE,
        _ => return None,
    };
    c.i += 1;
    let ms = parse_time(&mut c, &mut f)?;
    Some((Value::DateTime(days as i64 * MS_PER_DAY + ms), f, order))
}

/// `H[H]:MM[:SS[.f]][ AM][zone]` to the end of the value: milliseconds since midnight, UTC
/// when zoned (which may fall outside one day).
fn parse_time(c: &mut Cur<'_>, f: &mut DateForm) -> Option<i64> {
    let (h, nh) = c.digits(2)?;
    if !c.eat(b':') {
        return None;
    }
    let (mi, nm) = c.digits(2)?;
    if nm != 2 || mi > 59 {
        return None;
    }
    f.hour_unpadded |= nh == 1;
    let mut ms = mi as i64 * 60_000;
    if c.eat(b':') {
        let (sec, ns) = c.digits(2)?;
        if ns != 2 || sec > 60 {
            return None;
        }
        f.seconds = true;
        ms += sec as i64 * 1000;
        if c.eat(b'.') || c.eat(b',') {
            let start = c.i;
            while c.peek().is_some_and(|b| b.is_ascii_digit()) {
                c.i += 1;
            }
            let frac = &c.s[start..c.i];
            if frac.is_empty() {
                return None;
            }
            f.fraction = true;
            for (i, b) in frac.iter().take(3).enumerate() {
                ms += (b - b'0') as i64 * [100, 10, 1][i];
            }
        }
    }
    // AM/PM
    let save = c.i;
    let spaced = c.eat(b' ');
    let mut hour = h;
    match (c.peek().map(|b| b.to_ascii_lowercase()), c.s.get(c.i + 1).map(|b| b.to_ascii_lowercase())) {
        (Some(p @ (b'a' | b'p')), Some(b'm')) => {
            c.i += 2;
            if !(1..=12).contains(&h) {
                return None;
            }
            hour = h % 12 + if p == b'p' { 12 } else { 0 };
            f.ampm = if spaced { 1 } else { 2 };
        }
        _ => c.i = save,
    }
    if f.ampm == 0 && h > 23 {
        return None;
    }
    ms += hour as i64 * 3_600_000;
    if c.done() {
        return Some(ms);
    }
    // The zone.
    let save = c.i;
    let spaced = c.eat(b' ');
    let rest = &c.s[c.i..];
    let off_min: i64 = match rest {
        [b'Z' | b'z'] if !spaced => {
            f.zone = zone::Z;
            0
        }
        [sign @ (b'+' | b'-'), off @ ..] => {
            let two = |a: u8, b: u8| -> Option<i64> { (a.is_ascii_digit() && b.is_ascii_digit()).then(|| ((a - b'0') * 10 + (b - b'0')) as i64) };
            let (oh, om) = match *off {
                [a, b] => (two(a, b)?, 0),
                [a, b, x, y] => (two(a, b)?, two(x, y)?),
                [a, b, b':', x, y] => (two(a, b)?, two(x, y)?),
                _ => return None,
            };
            if oh > 23 || om > 59 {
                return None;
            }
            f.zone = zone::OFFSET;
            f.zone_spaced = spaced;
            let m = oh * 60 + om;
            if *sign == b'+' { m } else { -m }
        }
        _ => {
            let mut name = [0u8; 3];
            if rest.len() > 3 || rest.len() < 2 {
                c.i = save;
                return None;
            }
            for (i, b) in rest.iter().enumerate() {
                name[i] = b.to_ascii_uppercase();
            }
            let h = match &name[..rest.len()] {
                b"GMT" | b"UTC" | b"UT" => 0,
                b"EST" => -5,
                b"EDT" => -4,
                b"CST" => -6,
                b"CDT" => -5,
                b"MST" => -7,
                b"MDT" => -6,
                b"PST" => -8,
                b"PDT" => -7,
                _ => return None,
            };
            f.zone = zone::NAME;
            h * 60
        }
    };
    Some(ms - off_min * 60_000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::infer::format_datetime;

    fn dt(s: &str, day_first: Option<bool>) -> Option<(String, String, Order)> {
        parse(s.as_bytes(), day_first).map(|(v, f, o)| {
            let text = match v {
                Value::Date(d) => crate::infer::format_date(d),
                Value::DateTime(ms) => format_datetime(ms),
                Value::Time(ms) => crate::infer::format_time(ms),
                _ => unreachable!(),
            };
            (text, f.strftime(), o)
        })
    }

    #[test]
    fn shapes() {
        let cases: &[(&str, &str, &str)] = &[
            ("12/31/2023", "2023-12-31", "%m/%d/%Y"),
            ("31/12/2023", "2023-12-31", "%d/%m/%Y"),
            ("31.12.2023", "2023-12-31", "%d.%m.%Y"),
            ("31-12-2023", "2023-12-31", "%d-%m-%Y"),
            ("1/5/2024", "2024-01-05", "%-m/%-d/%Y"),
            ("12/31/99", "1999-12-31", "%m/%d/%y"),
            ("2023/12/31", "2023-12-31", "%Y/%m/%d"),
            ("Jan 5, 2024", "2024-01-05", "%b %-d, %Y"),
            ("January 15 2024", "2024-01-15", "%B %d %Y"),
            ("5 January 2024", "2024-01-05", "%-d %B %Y"),
            ("05-Jan-2024", "2024-01-05", "%d-%b-%Y"),
            ("05-JAN-24", "2024-01-05", "%d-%b-%y"),
            ("Tue, 05 Mar 2024 10:00:00 GMT", "2024-03-05T10:00:00", "%a, %d %b %Y %H:%M:%S %Z"),
            ("Tue, 05 Mar 2024 10:00:00 +0200", "2024-03-05T08:00:00", "%a, %d %b %Y %H:%M:%S %z"),
            ("12/31/2023 11:30 PM", "2023-12-31T23:30:00", "%m/%d/%Y %I:%M %p"),
            ("12/31/2023 12:05:09AM", "2023-12-31T00:05:09", "%m/%d/%Y %I:%M:%S%p"),
            ("31.12.2023 23:59", "2023-12-31T23:59:00", "%d.%m.%Y %H:%M"),
            ("2023/12/31 23:59:59.5", "2023-12-31T23:59:59.500", "%Y/%m/%d %H:%M:%S%.f"),
            ("Friday, March 8, 2024", "2024-03-08", "%A, %B %-d, %Y"),
        ];
        for &(s, want, fmt) in cases {
            let (_, form, _) = parse(s.as_bytes(), None).unwrap();
            assert_eq!(DateForm::from_bits(form.to_bits()), form, "{s}: packed and unpacked");
            let (got, f, _) = dt(s, None).unwrap_or_else(|| panic!("{s} not parsed"));
            assert_eq!((got.as_str(), f.as_str()), (want, fmt), "{s}");
        }
        for s in ["13/13/2023", "02/30/2024", "0999-01-01", "Jan 32, 2024", "5 Foo 2024", "12/31/2023 25:00", "1:5", "12/31/2023x", "Jan 5, 24", "10:00 +01:00", "Mayday 5 2024"] {
            assert!(dt(s, None).is_none(), "{s}");
        }
    }

    #[test]
    fn times_and_orders() {
        assert_eq!(dt("10:30", None).unwrap().0, "10:30:00");
        assert_eq!(dt("9:05:01 pm", None).unwrap(), ("21:05:01".into(), "%-I:%M:%S %p".into(), Order::None));
        assert_eq!(dt("12:00 AM", None).unwrap().0, "00:00:00");
        assert_eq!(dt("01/02/2024", None).unwrap().0, "2024-01-02");
        assert_eq!(dt("01/02/2024", Some(true)).unwrap().0, "2024-02-01");
        assert_eq!(dt("01.02.2024", None).unwrap().0, "2024-02-01");
        assert_eq!(dt("01/02/2024", None).unwrap().2, Order::Either);
        assert_eq!(dt("13/02/2024", Some(false)).unwrap(), ("2024-02-13".into(), "%d/%m/%Y".into(), Order::DayFirst));
        assert_eq!(dt("02/13/2024", Some(true)).unwrap().2, Order::MonthFirst);
    }
}
