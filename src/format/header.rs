//! Whether a CSV file's first record is a header, decided on the sniff window like DuckDB's
//! sniffer: a header is text above typed values; a record typed like the rows below it is data.
//!
//! The first [`MAX_RECORDS`] records of the window (after any preamble) are read with the file's
//! dialect. For each
//! column, the rows below the first one are *typed* when at least [`TYPED_SHARE`] of their
//! non-null values are numbers (integers and floats together), booleans, dates or datetimes, all
//! of one of those kinds. Then:
//!
//! - a typed column whose first value is text (not of its kind, not null) makes the record a
//!   header: `year` above `2013`;
//! - otherwise, a typed column whose first value is of its kind makes it data: `1,2.5,abc` above
//!   `2,3.5,def`;
//! - otherwise (every column text, or only nulls on top), the record is a header when its values
//!   do not recur in their columns below, and data when one of them (with a letter or digit)
//!   does (`a,b` above `a,c`: the first row is one of the rows).
//!
//! A window with a single record reads it as the header (a file of column names only).

use serde::{Deserialize, Serialize};

use crate::format::csv::{CsvReader, Limits};
use crate::format::dialect::Dialect;
use crate::infer::{Value, classify};

/// Records of the window considered.
pub const MAX_RECORDS: usize = 100;
/// Share of a column's values below the first row that must be of one kind for it to be typed.
pub const TYPED_SHARE: f64 = 0.9;

/// The decision and why, as the profile reports it (`header`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Header {
    /// Whether the first record was read as the header.
    pub present: bool,
    /// Whether that was detected (else the `has_header` option said so).
    pub detected: bool,
    pub reason: String,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Number,
    Boolean,
    Date,
    DateTime,
    Time,
}

fn kind(v: &Value) -> Option<Kind> {
    match v {
        Value::Int(_) | Value::Float(_) => Some(Kind::Number),
        Value::Bool(_) => Some(Kind::Boolean),
        Value::Date(_) => Some(Kind::Date),
        Value::DateTime(_) => Some(Kind::DateTime),
        Value::Time(_) => Some(Kind::Time),
        Value::Null | Value::NanToken | Value::Str => None,
    }
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Number => "numbers",
        Kind::Boolean => "booleans",
        Kind::Date => "dates",
        Kind::DateTime => "datetimes",
        Kind::Time => "times",
    }
}

fn cut(s: &str) -> String {
    let n = crate::cross::char_prefix(s.as_bytes(), 40);
    if n < s.len() { format!("{}...", &s[..n]) } else { s.to_string() }
}

/// The first [`MAX_RECORDS`] non-blank records of the window (the whole input when `complete`),
/// as text, each with whether its last field is blank.
fn head_records(sample: &[u8], dialect: Dialect, complete: bool, limits: Limits) -> Vec<(Vec<String>, bool)> {
    let mut records = Vec::new();
    let mut reader = CsvReader::with_dialect(dialect, limits);
    let mut take = |r: &crate::format::csv::Record<'_>| {
        if records.len() < MAX_RECORDS && !r.is_blank() {
            let last_blank = r.fields().last().is_some_and(|f| f.bytes.iter().all(|b| b.is_ascii_whitespace()));
            records.push((r.fields().map(|f| String::from_utf8_lossy(f.bytes).into_owned()).collect(), last_blank));
        }
    };
    reader.feed(sample, &mut take);
    if complete {
        reader.finish(&mut take);
    }
    records
}

/// Both decisions on the window `sample` (the whole input when `complete`), from one read of
/// it: the header (`None` to leave it to the caller, e.g. the `has_header` option) and whether
/// every record ends with a delimiter.
pub fn sniff(sample: &[u8], dialect: Dialect, complete: bool, limits: Limits, header: bool) -> (Option<Header>, bool) {
    let records = head_records(sample, dialect, complete, limits);
    let trailing = trailing_delimiter(&records);
    (header.then(|| sniff_header(records.into_iter().map(|r| r.0).collect())), trailing)
}

/// Decides on the window's records.
fn sniff_header(records: Vec<Vec<String>>) -> Header {
    let decide = |present: bool, reason: String| Header { present, detected: true, reason };
    let Some(first) = records.first() else {
        return decide(true, "no complete record in the head: the first one is read as the header".into());
    };
    if records.len() == 1 {
        return decide(true, "a single record: read as the header".into());
    }
    let below = &records[1..];
    let mut data_like: Option<String> = None;
    for (c, top) in first.iter().enumerate() {
        let values: Vec<Value> = below.iter().filter_map(|r| r.get(c)).map(|v| classify(v.as_bytes())).filter(|v| !matches!(v, Value::Null | Value::NanToken)).collect();
        if values.is_empty() {
            continue;
        }
        let mut counts = [0usize; 5];
        for v in &values {
            if let Some(k) = kind(v) {
                counts[k as usize] += 1;
            }
        }
        let (best, n) = counts.iter().enumerate().max_by_key(|(i, n)| (**n, usize::MAX - i)).map(|(i, n)| (i, *n)).unwrap();
        if (n as f64) < TYPED_SHARE * values.len() as f64 {
            continue;
        }
        let k = [Kind::Number, Kind::Boolean, Kind::Date, Kind::DateTime, Kind::Time][best];
        let t = classify(top.as_bytes());
        match kind(&t) {
            Some(tk) if tk == k => {
                data_like.get_or_insert_with(|| format!("column {}: \"{}\" is one of the {} below it", c + 1, cut(top), kind_name(k)));
            }
            None if !matches!(t, Value::Null | Value::NanToken) => {
                return decide(true, format!("column {}: \"{}\" is text above {}", c + 1, cut(top), kind_name(k)));
            }
            _ => {}
        }
    }
    if let Some(why) = data_like {
        return decide(false, format!("the first record is typed like the rows below it ({why})"));
    }
    // Every column is text: names are distinct, non-empty and not values of their columns.
    for (c, top) in first.iter().enumerate() {
        let t = top.trim();
        if t.chars().any(char::is_alphanumeric) && below.iter().any(|r| r.get(c).is_some_and(|v| v.trim() == t)) {
            return decide(false, format!("column {}: \"{}\" recurs below it, so the first record is one of the rows", c + 1, cut(t)));
        }
    }
    decide(true, "every column is text and the first record's values do not recur below it: read as the header".into())
}

/// Whether every record of the window ends with a delimiter, the header too: an empty unnamed
/// last column that is dropped (at least 2 records, all with the same number of fields, 2 or
/// more, and an empty last field in each).
fn trailing_delimiter(records: &[(Vec<String>, bool)]) -> bool {
    records.len() >= 2 && records[0].0.len() >= 2 && records.iter().all(|(r, blank)| r.len() == records[0].0.len() && *blank)
}
