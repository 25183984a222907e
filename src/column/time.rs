//! Rows over time, for a date or datetime column: whether its values are in order (and which
//! rows break it), and its values counted per day, week, month or year (picked from the span),
//! with the gaps (empty periods inside the span).
//!
//! The order costs two comparisons per value ([`Order`]); the counts come at the end from the
//! column's quantile digest: exact while it is (every distinct value with its count), else
//! estimated from its sketch, and then no gap is claimed.

use crate::column::{EXAMPLE_LINES, Examples};
use crate::infer::{civil_from_days, days_from_civil, format_date};
use crate::profile::{RowOrder, TimeSeries};

/// Values in file order: each one compared with the one before.
#[derive(Clone, Debug, Default)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Order {
    /// First and last value (days), and the first value's line.
    first: Option<(f64, u64)>,
    last: f64,
    /// Values below the one before (breaking an ascending order), and above it.
    down: Examples,
    up: Examples,
}

impl Order {
    #[inline]
    pub fn push(&mut self, x: f64, line: u64) {
        if self.first.is_none() {
            self.first = Some((x, line));
        } else if x < self.last {
            self.down.add(line);
        } else if x > self.last {
            self.up.add(line);
        }
        self.last = x;
    }

    /// Adds the next part of the file (its lines shifted by `shift`): its first value is
    /// compared with this part's last.
    pub fn merge(&mut self, o: &Order, shift: u64) {
        let Some((x, line)) = o.first else { return };
        match self.first {
            None => self.first = Some((x, line + shift)),
            Some(_) if x < self.last => self.down.add(line + shift),
            Some(_) if x > self.last => self.up.add(line + shift),
            Some(_) => {}
        }
        // The lines of a break stay in file order: this part's come first.
        self.down.merge(&o.down, shift);
        self.up.merge(&o.up, shift);
        self.last = o.last;
    }

    /// The order of the values: ascending unless more values go down than up.
    pub fn finish(&self) -> Option<RowOrder> {
        self.first?;
        let (down, up) = (self.down.count, self.up.count);
        let (direction, breaks) = if down == 0 && up == 0 {
            ("constant", &self.down)
        } else if down <= up {
            ("ascending", &self.down)
        } else {
            ("descending", &self.up)
        };
        Some(RowOrder { direction, sorted: breaks.count == 0, breaks: breaks.count, break_lines: breaks.lines() })
    }
}

/// The start (days since the epoch) of the period of `day`, and of the next one.
fn period(day: i64, unit: &str) -> (i64, i64) {
    let (y, m, _) = civil_from_days(day as i32);
    match unit {
        "day" => (day, day + 1),
        // ISO weeks start on Monday; 1970-01-01 was a Thursday.
        "week" => {
            let start = day - (day + 3).rem_euclid(7);
            (start, start + 7)
        }
        "month" => {
            let start = days_from_civil(y, m, 1) as i64;
            let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
            (start, days_from_civil(ny, nm, 1) as i64)
        }
        _ => (days_from_civil(y, 1, 1) as i64, days_from_civil(y + 1, 1, 1) as i64),
    }
}

/// Most periods a series has.
pub const MAX_PERIODS: usize = 600;

/// The values' counts per period, from the digest's (days, count) items sorted by value;
/// `exact` when they are every value with its count.
pub fn series(items: &[(f64, u64)], exact: bool) -> Option<TimeSeries> {
    let (lo, hi) = (items.first()?.0.floor() as i64, items.last()?.0.floor() as i64);
    let span = hi - lo + 1;
    let unit = if span <= 92 {
        "day"
    } else if span <= 2 * 366 {
        "week"
    } else if span <= 50 * 366 {
        "month"
    } else {
        "year"
    };
    let mut starts: Vec<i64> = Vec::new();
    let mut counts: Vec<u64> = Vec::new();
    let (mut at, mut next) = period(lo, unit);
    starts.push(at);
    counts.push(0);
    for &(x, c) in items {
        let d = x.floor() as i64;
        while d >= next {
            (at, next) = period(next, unit);
            starts.push(at);
            counts.push(0);
            if starts.len() > MAX_PERIODS {
                return None;
            }
        }
        *counts.last_mut().expect("a period") += c;
    }
    let empty: Vec<usize> = (0..counts.len()).filter(|&i| counts[i] == 0).collect();
    Some(TimeSeries {
        period: unit,
        starts: starts.iter().map(|&d| format_date(d as i32)).collect(),
        counts,
        exact,
        gaps: exact.then_some(empty.len() as u64),
        gap_starts: if exact { empty.iter().take(EXAMPLE_LINES).map(|&i| format_date(starts[i] as i32)).collect() } else { Vec::new() },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_calendar_aligned() {
        let d = |y, m, dd| days_from_civil(y, m, dd) as i64;
        // 2024-03-06 is a Wednesday: its week starts on Monday 2024-03-04.
        assert_eq!(period(d(2024, 3, 6), "week"), (d(2024, 3, 4), d(2024, 3, 11)));
        assert_eq!(period(d(2024, 2, 29), "month"), (d(2024, 2, 1), d(2024, 3, 1)));
        assert_eq!(period(d(2024, 12, 31), "month"), (d(2024, 12, 1), d(2025, 1, 1)));
        assert_eq!(period(d(1969, 7, 20), "year"), (d(1969, 1, 1), d(1970, 1, 1)));
    }

    #[test]
    fn order_counts_the_rows_that_break_it_for_any_split() {
        let xs = [1.0, 2.0, 2.0, 5.0, 4.0, 6.0, 7.0, 3.0, 8.0];
        let mut one = Order::default();
        xs.iter().enumerate().for_each(|(i, &x)| one.push(x, i as u64 + 2));
        let o = one.finish().unwrap();
        assert_eq!((o.direction, o.sorted, o.breaks, o.break_lines.clone()), ("ascending", false, 2, vec![6, 9]));
        for cut in 0..xs.len() {
            let (mut a, mut b) = (Order::default(), Order::default());
            xs[..cut].iter().enumerate().for_each(|(i, &x)| a.push(x, i as u64 + 2));
            xs[cut..].iter().enumerate().for_each(|(i, &x)| b.push(x, i as u64 + 1));
            a.merge(&b, cut as u64 + 1);
            assert_eq!(a.finish(), Some(o.clone()), "cut {cut}");
        }
    }
}
