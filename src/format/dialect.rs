//! A CSV file's dialect (delimiter, quote, escape, comment character) and where its table
//! starts, decided on the sniff window like DuckDB's sniffer: every candidate dialect splits the
//! window into records, and the one that splits it most consistently wins.
//!
//! **The automaton.** [`step`] is the record-boundary automaton of the CSV reader (csv-core's
//! NFA, with the reader's own skipping of line breaks and comment lines between records). The
//! sniffer counts fields with it, and the parallel planning (`crate::format::boundary`) finds
//! record starts with it, so the three agree on every byte.
//!
//! **Scoring.** For each candidate, the window's records (comment lines and blank lines aside;
//! the last, possibly cut, line aside unless the window is the whole input) are split and their
//! field counts taken; the most common count above one is the candidate's field count. Leading
//! records with at most half that many fields (free text, `key: value` lines, a title) are a
//! *preamble*, skipped when at least two records follow it. The score is, in order:
//!
//! 1. the share of the records after the preamble with the field count (*consistency*);
//! 2. the number of lines those records span (a comment character that would hide data rows
//!    loses; quotes that join lines into one record do not);
//! 3. fewer *stray quotes*: text right after a closing quote, the sign of a wrong quote or
//!    escape character (`"say \"hi\""` read with doubled quotes);
//! 4. more quoted fields closed by a delimiter or a line break (a quote character the file
//!    uses wins over one it does not);
//! 5. more fields;
//! 6. the order of preference: `,` tab `;` `|` `:` space; `"` `'` none; doubled quotes, then
//!    backslash; a comment character before none.
//!
//! `:` and a single space are taken only when every record of the window has the same number
//! of fields and no preamble is skipped. Candidates that cannot matter are not tried: a quote,
//! escape, comment character or delimiter the window does not contain ties with one that it
//! does not contain either.

use serde::{Deserialize, Serialize};

/// How records are split.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Dialect {
    pub delimiter: u8,
    /// The quote character; `None`: quotes are data.
    pub quote: Option<u8>,
    /// The escape character inside quoted fields besides a doubled quote (`\`); `None`: only
    /// doubled quotes.
    pub escape: Option<u8>,
    /// Lines that start with this byte, between records, are comments.
    pub comment: Option<u8>,
    /// Only `\n` ends a line, and a `\r` is data (the `line_ending` option); else `\n`,
    /// `\r\n` and a lone `\r` all do.
    pub lf_only: bool,
}

impl Dialect {
    /// RFC 4180 with this delimiter.
    pub const fn with_delimiter(delimiter: u8) -> Dialect {
        Dialect { delimiter, quote: Some(b'"'), escape: None, comment: None, lf_only: false }
    }
}

impl Default for Dialect {
    fn default() -> Self {
        Dialect::with_delimiter(b',')
    }
}

// The parse states that matter for record boundaries.
/// Between records (csv-core's StartRecord, or CRLF after a `\r`).
pub const BETWEEN: u8 = 0;
pub const FIELD_START: u8 = 1;
pub const UNQUOTED: u8 = 2;
pub const QUOTED: u8 = 3;
/// A quote inside a quoted field: a closing quote or half of a doubled one.
pub const QUOTE_IN_QUOTED: u8 = 4;
/// Just after the escape character inside a quoted field.
pub const ESCAPED: u8 = 5;
/// In a comment line.
pub const COMMENT: u8 = 6;
/// Every state, for a scanner that does not know where it is.
pub const ALL_STATES: [u8; 7] = [BETWEEN, FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED, ESCAPED, COMMENT];

/// Events of one [`step`] (bit flags).
pub const RECORD_START: u8 = 1;
pub const FIELD_END: u8 = 2;
pub const RECORD_END: u8 = 4;
/// Text right after a closing quote.
pub const STRAY_QUOTE: u8 = 8;
/// A quoted field closed by a delimiter or a line break.
pub const QUOTED_FIELD: u8 = 16;

/// One step of the automaton: the next state and the events of byte `b`.
#[inline]
pub fn step(state: u8, b: u8, d: &Dialect) -> (u8, u8) {
    let term = b == b'\n' || (b == b'\r' && !d.lf_only);
    match state {
        BETWEEN if term => (BETWEEN, 0),
        BETWEEN if d.comment == Some(b) => (COMMENT, 0),
        BETWEEN => {
            let (s, e) = step(FIELD_START, b, d);
            (s, e | RECORD_START)
        }
        COMMENT if term => (BETWEEN, 0),
        COMMENT => (COMMENT, 0),
        FIELD_START | QUOTE_IN_QUOTED if d.quote == Some(b) => (QUOTED, 0),
        QUOTED if d.quote == Some(b) => (QUOTE_IN_QUOTED, 0),
        QUOTED if d.escape == Some(b) => (ESCAPED, 0),
        QUOTED | ESCAPED => (QUOTED, 0),
        QUOTE_IN_QUOTED if b == d.delimiter => (FIELD_START, FIELD_END | QUOTED_FIELD),
        QUOTE_IN_QUOTED if term => (BETWEEN, FIELD_END | RECORD_END | QUOTED_FIELD),
        _ if b == d.delimiter => (FIELD_START, FIELD_END),
        _ if term => (BETWEEN, FIELD_END | RECORD_END),
        QUOTE_IN_QUOTED => (UNQUOTED, STRAY_QUOTE),
        _ => (UNQUOTED, 0),
    }
}

/// What the options force (each `None`: detected).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Forced {
    pub delimiter: Option<u8>,
    pub quote: Option<Option<u8>>,
    pub escape: Option<Option<u8>>,
    pub comment: Option<Option<u8>>,
    /// Lines before the table.
    pub skip_lines: Option<u64>,
    /// Only `\n` ends a line.
    pub lf_only: bool,
}

/// Candidate delimiters, in order of preference; the last two only when every record agrees.
pub const DELIMITERS: [u8; 6] = [b',', b'\t', b';', b'|', b':', b' '];
const QUOTES: [Option<u8>; 3] = [Some(b'"'), Some(b'\''), None];
const ESCAPES: [Option<u8>; 2] = [None, Some(b'\\')];
/// Comment characters tried when a line of the window starts with one.
pub const COMMENTS: [u8; 2] = [b'#', b'%'];
/// Records of the window scored.
pub const MAX_RECORDS: usize = 200;
/// Text kept of each skipped line, in characters.
pub const SKIPPED_TEXT_CHARS: usize = 80;
/// Skipped lines whose text is kept.
pub const SKIPPED_TEXT_LINES: usize = 5;

/// A scored candidate, as the profile reports it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Candidate {
    pub delimiter: String,
    /// `null`: no quoting.
    pub quote: Option<String>,
    /// `null`: quotes inside quoted fields are doubled; else the escape character (`\`).
    pub escape: Option<String>,
    /// `null`: no comment lines.
    pub comment: Option<String>,
    /// The field count most records of the window have.
    pub fields: usize,
    /// The share of the window's records (after any preamble) with that many fields.
    pub consistency: f64,
    /// Records of the window scored (after any preamble).
    pub records: usize,
}

/// The dialect used and why (`dialect` in the profile).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DialectReport {
    #[serde(flatten)]
    pub chosen: Candidate,
    /// `"\n"`, `"\r\n"`, `"\r"`, `"mixed"` or `"none"`: the line breaks of the window (the
    /// reader takes all three everywhere unless the `line_ending` option says `\n`, reported
    /// as `"\n"`).
    #[cfg_attr(feature = "schema", schemars(with = "crate::profile::names::LineEnding"))]
    pub line_ending: String,
    /// The parts the options forced: `delimiter`, `quote`, `escape`, `comment`, `skip_lines`,
    /// `line_ending`.
    pub forced: Vec<String>,
    /// The best candidate that splits differently, if any did.
    pub runner_up: Option<Candidate>,
}

/// Lines before the table, skipped.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Preamble {
    /// Physical lines skipped.
    pub lines: u64,
    /// Bytes skipped (after a byte order mark).
    pub bytes: u64,
    /// The first [`SKIPPED_TEXT_LINES`] lines' text (blank lines aside), each cut to
    /// [`SKIPPED_TEXT_CHARS`] characters.
    pub text: Vec<String>,
}

/// The sniffer's decision.
#[derive(Clone, Debug, PartialEq)]
pub struct Sniffed {
    pub dialect: Dialect,
    pub report: DialectReport,
    pub preamble: Preamble,
}

#[derive(Clone, Copy, Debug)]
struct Eval {
    fields: usize,
    consistent: usize,
    /// Lines spanned by the consistent records.
    consistent_lines: usize,
    records: usize,
    stray: usize,
    quoted: usize,
    /// Records skipped as a preamble, and the byte offset of the first record kept.
    skip: usize,
    skip_to: usize,
    /// Offset of the first record (comment lines and blank lines before it aside).
    first: usize,
    valid: bool,
}

impl Eval {
    fn share(&self) -> f64 {
        if self.records == 0 { 0.0 } else { self.consistent as f64 / self.records as f64 }
    }
}

/// Splits the window with `d` and scores it.
fn evaluate(sample: &[u8], d: &Dialect, complete: bool) -> Eval {
    // (offset, fields, lines) of each complete record.
    let mut recs: Vec<(usize, usize, usize)> = Vec::new();
    let mut state = BETWEEN;
    let (mut start, mut fields, mut stray, mut quoted) = (0usize, 0usize, 0usize, 0usize);
    for (i, &b) in sample.iter().enumerate() {
        let (s, e) = step(state, b, d);
        state = s;
        if e & RECORD_START != 0 {
            start = i;
            fields = 1;
        }
        if e & STRAY_QUOTE != 0 {
            stray += 1;
        }
        if e & QUOTED_FIELD != 0 {
            quoted += 1;
        }
        if e & RECORD_END != 0 {
            recs.push((start, fields, 1 + memchr::memchr_iter(b'\n', &sample[start..i]).count()));
            if recs.len() >= MAX_RECORDS {
                break;
            }
        } else if e & FIELD_END != 0 {
            fields += 1;
        }
    }
    // The last record of the input, as the reader reads it (also when a quote is left open).
    if complete && recs.len() < MAX_RECORDS && !matches!(state, BETWEEN | COMMENT) {
        recs.push((start, fields, 1 + memchr::memchr_iter(b'\n', &sample[start..]).count()));
    }
    let first = recs.first().map_or(0, |r| r.0);
    let mut counts: Vec<usize> = recs.iter().map(|r| r.1).collect();
    counts.sort_unstable();
    let (mut mode, mut best) = (0, 0);
    for run in counts.chunk_by(|a, b| a == b) {
        if run.len() >= best {
            (mode, best) = (run[0], run.len());
        }
    }
    let mut skip = recs.iter().take_while(|r| r.1 * 2 <= mode).count();
    if skip == recs.len() || recs.len() - skip < 2 {
        skip = 0;
    }
    let kept = &recs[skip..];
    let consistent = kept.iter().filter(|r| r.1 == mode).count();
    let consistent_lines = kept.iter().filter(|r| r.1 == mode).map(|r| r.2).sum();
    Eval { fields: mode, consistent, consistent_lines, records: kept.len(), stray, quoted, skip, skip_to: recs.get(skip).map_or(0, |r| r.0), first, valid: mode >= 2 }
}

fn show(b: u8) -> String {
    (b as char).to_string()
}

fn candidate(d: &Dialect, e: &Eval) -> Candidate {
    Candidate {
        delimiter: show(d.delimiter),
        quote: d.quote.map(show),
        escape: d.escape.map(show),
        comment: d.comment.map(show),
        fields: e.fields,
        consistency: e.share(),
        records: e.records,
    }
}

fn line_ending(sample: &[u8]) -> String {
    let (mut lf, mut crlf, mut cr) = (0, 0, 0);
    let mut i = 0;
    while let Some(j) = memchr::memchr2(b'\n', b'\r', &sample[i..]) {
        let at = i + j;
        match sample[at] {
            b'\n' => lf += 1,
            _ if sample.get(at + 1) == Some(&b'\n') => {
                crlf += 1;
                i = at + 2;
                continue;
            }
            _ if at + 1 == sample.len() => {} // a \r cut from its \n by the window, perhaps
            _ => cr += 1,
        }
        i = at + 1;
    }
    match (lf > 0, crlf > 0, cr > 0) {
        (false, false, false) => "none",
        (true, false, false) => "\n",
        (false, true, false) => "\r\n",
        (false, false, true) => "\r",
        _ => "mixed",
    }
    .into()
}

/// Offset just after the `n`-th line break of `sample` (`\n`, `\r\n` or `\r`), if it has that
/// many (a `\r` at the end of an incomplete window does not count: its `\n` may follow).
fn after_lines(sample: &[u8], n: u64, complete: bool, lf_only: bool) -> Option<usize> {
    let cr = if lf_only { b'\n' } else { b'\r' };
    let mut i = 0;
    for _ in 0..n {
        let j = memchr::memchr2(b'\n', cr, &sample[i..])?;
        let at = i + j;
        i = if sample[at] == b'\r' && sample.get(at + 1) == Some(&b'\n') {
            at + 2
        } else if sample[at] == b'\r' && at + 1 == sample.len() && !complete {
            return None;
        } else {
            at + 1
        };
    }
    Some(i)
}

/// The skipped lines: their count and text.
fn preamble(sample: &[u8], bytes: usize, lf_only: bool) -> Preamble {
    let head = &sample[..bytes];
    let cr = if lf_only { b'\n' } else { b'\r' };
    let mut text = Vec::new();
    let mut lines = 0;
    for line in head.split(|&b| b == b'\n' || b == cr) {
        if text.len() < SKIPPED_TEXT_LINES && !line.iter().all(u8::is_ascii_whitespace) {
            let n = crate::cross::char_prefix(line, SKIPPED_TEXT_CHARS);
            let s = String::from_utf8_lossy(&line[..n]);
            text.push(if n < line.len() { format!("{s}...") } else { s.into_owned() });
        }
    }
    let mut i = 0;
    while let Some(j) = memchr::memchr2(b'\n', cr, &head[i..]) {
        let at = i + j;
        lines += 1;
        i = if head[at] == b'\r' && head.get(at + 1) == Some(&b'\n') { at + 2 } else { at + 1 };
    }
    Preamble { lines, bytes: bytes as u64, text }
}

/// Excel's delimiter hint, `sep=X` alone on the first line: X, and the offset after the line.
fn excel_sep(sample: &[u8], complete: bool) -> Option<(u8, usize)> {
    let rest = sample.strip_prefix(b"sep=")?;
    let &d = rest.first()?;
    if d == b'\n' || d == b'\r' || d == b'"' || !d.is_ascii() {
        return None;
    }
    let after = 5 + match &rest[1..] {
        [b'\r', b'\n', ..] => 2,
        [b'\n', ..] => 1,
        [b'\r'] if !complete => return None,
        [b'\r', ..] => 1,
        [] if complete => 0,
        _ => return None,
    };
    Some((d, after))
}

/// Decides the dialect and the preamble on the window `sample` (after any byte order mark; the
/// whole input when `complete`).
pub fn sniff(sample: &[u8], complete: bool, forced: &Forced) -> Result<Sniffed, String> {
    // Excel's `sep=;` first line names the delimiter; it is skipped like a preamble.
    if forced.delimiter.is_none() && forced.skip_lines.is_none() {
        if let Some((d, after)) = excel_sep(sample, complete) {
            let mut s = sniff(&sample[after..], complete, &Forced { delimiter: Some(d), ..*forced })?;
            s.preamble = preamble(sample, after + s.preamble.bytes as usize, forced.lf_only);
            return Ok(s);
        }
    }
    let has = |b: u8| memchr::memchr(b, sample).is_some();
    let line_start = |b: u8| sample.first() == Some(&b) || sample.windows(2).any(|w| (w[0] == b'\n' || w[0] == b'\r') && w[1] == b);
    let delimiters: Vec<u8> = match forced.delimiter {
        Some(d) => vec![d],
        None => DELIMITERS.iter().copied().filter(|&d| has(d)).collect(),
    };
    let quotes: Vec<Option<u8>> = match forced.quote {
        Some(q) => vec![q],
        // `"` always (it is the default when no quote decides), `'` when the window has one, no
        // quoting when it has either.
        None => QUOTES.iter().copied().filter(|q| match q {
            Some(b'"') => true,
            Some(q) => has(*q),
            None => has(b'"') || has(b'\''),
        }).collect(),
    };
    let comments: Vec<Option<u8>> = match forced.comment {
        Some(c) => vec![c],
        None => COMMENTS.iter().copied().filter(|&c| line_start(c)).map(Some).chain([None]).collect(),
    };
    // Two stages: every delimiter with every quote (no escape and no comment character unless
    // forced), then every escape and comment character for the best delimiter with each quote
    // and for the best other delimiter. (Escapes and comments hardly change which delimiter
    // splits best, and an escape can turn a quote that looked wrong into the right one; trying
    // all of them for every delimiter cost up to 108 passes over the head.)
    let escapes_for = |quote: Option<u8>| -> Vec<Option<u8>> {
        match forced.escape {
            Some(e) => vec![e],
            None => ESCAPES.iter().copied().filter(|e| e.is_none_or(|e| quote.is_some_and(|q| sample.windows(2).any(|w| w == [e, q])))).collect(),
        }
    };
    let conflict = |d: &Dialect| d.quote.is_some_and(|q| q == d.delimiter) || d.comment.is_some_and(|c| c == d.delimiter || Some(c) == d.quote);
    // The order of preference: delimiter, then quote, escape and comment character, each in
    // the order of its list.
    let pref_of = |d: &Dialect| {
        let at = |list: &[Option<u8>], v: Option<u8>| list.iter().position(|&x| x == v).unwrap_or(list.len());
        let di = delimiters.iter().position(|&x| x == d.delimiter).unwrap_or(0);
        ((di * 4 + at(&quotes, d.quote)) * 3 + at(&ESCAPES, d.escape)) * 4 + at(&comments, d.comment)
    };
    let score = |d: Dialect| {
        let mut e = evaluate(sample, &d, complete);
        if forced.delimiter.is_none() && matches!(d.delimiter, b':' | b' ') && (e.skip > 0 || e.consistent != e.records || e.records < 2) {
            e.valid = false;
        }
        (d, e, pref_of(&d))
    };
    let key = |e: &Eval, pref: usize| (e.valid, (e.share() * 1e9).round() as u64, e.consistent_lines, usize::MAX - e.stray, e.quoted, e.fields, usize::MAX - pref);
    let base_escape = forced.escape.unwrap_or(None);
    let base_comment = forced.comment.unwrap_or(None);
    let mut scored: Vec<(Dialect, Eval, usize)> = Vec::new();
    for &delimiter in &delimiters {
        for &quote in &quotes {
            let d = Dialect { delimiter, quote, escape: base_escape, comment: base_comment, lf_only: forced.lf_only };
            if !conflict(&d) {
                scored.push(score(d));
            }
        }
    }
    scored.sort_by(|a, b| key(&b.1, b.2).cmp(&key(&a.1, a.2)));
    let mut best: Vec<Dialect> = Vec::new();
    if let Some(top) = scored.first().map(|s| s.0) {
        best.extend(scored.iter().map(|s| s.0).filter(|d| d.delimiter == top.delimiter));
        best.extend(scored.iter().map(|s| s.0).find(|d| d.delimiter != top.delimiter));
    }
    for b in best {
        for escape in escapes_for(b.quote) {
            for &comment in &comments {
                let d = Dialect { escape, comment, ..b };
                if (escape, comment) != (base_escape, base_comment) && !conflict(&d) {
                    scored.push(score(d));
                }
            }
        }
    }
    scored.sort_by(|a, b| key(&b.1, b.2).cmp(&key(&a.1, a.2)));
    let fallback = Dialect {
        lf_only: forced.lf_only,
        delimiter: forced.delimiter.unwrap_or(b','),
        quote: forced.quote.unwrap_or(Some(b'"')),
        escape: forced.escape.unwrap_or(None),
        comment: forced.comment.unwrap_or(None),
    };
    let (dialect, eval) = match scored.first() {
        Some((d, e, _)) if e.valid => (*d, *e),
        _ => (fallback, evaluate(sample, &fallback, complete)),
    };
    let runner_up = scored.iter().skip(1).find(|(_, e, _)| e.valid && (e.fields != eval.fields || e.consistent != eval.consistent || e.stray != eval.stray)).map(|(d, e, _)| candidate(d, e));
    let skip_to = match forced.skip_lines {
        Some(n) => after_lines(sample, n, complete, forced.lf_only).ok_or_else(|| format!("skip_lines is {n}, but the first sniff_bytes of the input hold fewer lines: raise sniff_bytes"))?,
        // Leading comment lines are skipped with a preamble, or on their own.
        None if eval.skip > 0 => eval.skip_to,
        None if dialect.comment.is_some() && eval.first > 0 && sample[..eval.first].iter().any(|&b| Some(b) == dialect.comment) => eval.first,
        None => 0,
    };
    let mut forced_parts = Vec::new();
    for (name, on) in [
        ("delimiter", forced.delimiter.is_some()),
        ("quote", forced.quote.is_some()),
        ("escape", forced.escape.is_some()),
        ("comment", forced.comment.is_some()),
        ("skip_lines", forced.skip_lines.is_some()),
        ("line_ending", forced.lf_only),
    ] {
        if on {
            forced_parts.push(name.to_string());
        }
    }
    Ok(Sniffed {
        dialect,
        report: DialectReport { chosen: candidate(&dialect, &eval), line_ending: if forced.lf_only { "\n".into() } else { line_ending(sample) }, forced: forced_parts, runner_up },
        preamble: if skip_to > 0 { preamble(sample, skip_to, forced.lf_only) } else { Preamble::default() },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniffed(s: &[u8]) -> Sniffed {
        sniff(s, true, &Forced::default()).unwrap()
    }

    #[test]
    fn delimiters() {
        assert_eq!(sniffed(b"a,b,c\n1,2,3\n").dialect.delimiter, b',');
        assert_eq!(sniffed(b"a;b;c\n1,5;2,5;3\n").dialect.delimiter, b';');
        assert_eq!(sniffed(b"a\tb\n1\t2\n").dialect.delimiter, b'\t');
        assert_eq!(sniffed(b"a|b|c\n1|2|3\n").dialect.delimiter, b'|');
        assert_eq!(sniffed(b"a:b\n1:2\n").dialect.delimiter, b':');
        assert_eq!(sniffed(b"a b c\n1 2 3\n").dialect.delimiter, b' ');
        assert_eq!(sniffed(b"single\n1\n2\n").dialect.delimiter, b',');
        assert_eq!(sniffed(b"").dialect.delimiter, b',');
        // Quotes hide delimiters.
        assert_eq!(sniffed(b"name;note\n\"a, b, c\";x\n\"d, e\";y\n").dialect.delimiter, b';');
        // An incomplete last line is not scored.
        assert_eq!(sniff(b"a;b\n1;2\n3;4\n5,6,7,8,9", false, &Forced::default()).unwrap().dialect.delimiter, b';');
    }

    #[test]
    fn quotes_escapes_comments() {
        let s = sniffed(b"a|b\n1|'x|y'\n2|'z'\n");
        assert_eq!(s.dialect.quote, Some(b'\''));
        let s = sniffed(b"a,b\n1,\"say \\\"hi\\\", ok\"\n2,\"x\"\n");
        assert_eq!(s.dialect.escape, Some(b'\\'));
        assert_eq!(s.report.chosen.consistency, 1.0);
        assert!(s.report.runner_up.is_some());
        let s = sniffed(b"# exported 2024\n# by tool\na,b\n1,2\n# note\n3,4\n");
        assert_eq!(s.dialect.comment, Some(b'#'));
        assert_eq!(s.preamble.lines, 2);
        assert_eq!(s.preamble.text, vec!["# exported 2024", "# by tool"]);
        // A column of values starting with '#' is data.
        assert_eq!(sniffed(b"id,n\n#1,2\n#2,3\n#3,4\n").dialect.comment, None);
    }

    #[test]
    fn preambles() {
        let s = sniffed(b"Sales report\nExported: 2024-01-01\n\nregion,q1,q2,q3\nnorth,1,2,3\nsouth,4,5,6\n");
        assert_eq!(s.dialect.delimiter, b',');
        assert_eq!(s.preamble.lines, 3);
        assert_eq!(s.preamble.text, vec!["Sales report", "Exported: 2024-01-01"]);
        // A header narrower than its rows is not a preamble.
        assert_eq!(sniffed(b"a,b,c\n1,2,3,4\n5,6,7,8\n").preamble.lines, 0);
        // Excel's hint.
        let s = sniffed(b"sep=;\r\na;b\r\n1,5;2\r\n");
        assert_eq!((s.dialect.delimiter, s.preamble.lines), (b';', 1));
        // Forced.
        let f = Forced { skip_lines: Some(1), ..Forced::default() };
        assert_eq!(sniff(b"x,y,z\na,b\n1,2\n", true, &f).unwrap().preamble.lines, 1);
        assert!(sniff(b"a,b\n", true, &Forced { skip_lines: Some(5), ..Forced::default() }).is_err());
    }

    #[test]
    fn line_endings() {
        assert_eq!(line_ending(b"a\nb\n"), "\n");
        assert_eq!(line_ending(b"a\r\nb\r\n"), "\r\n");
        assert_eq!(line_ending(b"a\rb\r"), "\r");
        assert_eq!(line_ending(b"a\r\nb\n"), "mixed");
        assert_eq!(line_ending(b"ab"), "none");
    }
}
