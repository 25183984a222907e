//! Where does the first record at or after byte `lo` of a file start, when nothing before
//! `lo` is known but the byte just before it? (The range planning of `crate::parallel`.)
//!
//! **JSON Lines:** a record is a line and a line always ends at `\n` (the reader splits on it
//! whatever the content), so the answer is exact: just after the first `\n` at or after
//! `lo - 1`.
//!
//! **CSV:** a position may be inside a quoted field, where line breaks are data. The scanner
//! runs the record-boundary automaton of the CSV reader (csv-core's, with the reader's own
//! skipping of line breaks between records) from byte `lo - 1` under *every* state the parse
//! could be in there: between records, at a field start, in an unquoted field, in a quoted
//! field, or just after a quote inside a quoted field. The automaton is deterministic, so once
//! all five runs are in the same state they stay together, and as the true parse is one of
//! them, it is in that state too. The first record start after that point is therefore a
//! record start of the real parse: the answer is *certain*. On ordinary data the runs meet at
//! the first line break outside quotes (a wrongly assumed quote state ends at the next quote
//! character, after which csv-core reads quotes literally until a delimiter). They may never
//! meet on quote-heavy data (e.g. a long run of `""`): after `window` bytes the scanner gives
//! up and answers with the next record start of the "in an unquoted field" run, a *guess* that
//! the coordinator verifies (see `crate::parallel`).

use crate::format::dialect::{ALL_STATES, Dialect, RECORD_START, UNQUOTED, step as dialect_step};

/// One step of the automaton: the next state, and whether `b` starts a record.
#[inline]
fn step(state: u8, b: u8, d: &Dialect) -> (u8, bool) {
    let (s, e) = dialect_step(state, b, d);
    (s, e & RECORD_START != 0)
}

/// The answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Found {
    /// File offset of the first byte of the record (the file's length if no record starts at
    /// or after `lo`).
    pub at: u64,
    /// Whether it is certainly a record start of the real parse (always, for JSON Lines).
    pub certain: bool,
}

/// Finds the first record start at or after `lo`. Feed it the file's bytes from offset
/// [`Boundary::first_byte`] on; it needs no more once [`Boundary::found`] is set.
#[derive(Clone, Debug)]
pub struct Boundary {
    lo: u64,
    /// Offset of the next byte to scan.
    pos: u64,
    /// CSV: the dialect; `None` for JSON Lines.
    dialect: Option<Dialect>,
    /// The state of each run (one per start state, `ALL_STATES`).
    states: [u8; 7],
    /// All runs agree (or the scanner gave up and follows one).
    converged: bool,
    certain: bool,
    give_up_at: u64,
    found: Option<Found>,
}

impl Boundary {
    /// A scanner for the first record at or after `lo`; `dialect` is `None` for JSON Lines.
    /// `window`: bytes scanned before a CSV scanner that has not converged gives up.
    pub fn new(lo: u64, dialect: Option<Dialect>, window: u64) -> Boundary {
        Boundary {
            lo,
            pos: lo.saturating_sub(1),
            dialect,
            states: ALL_STATES,
            converged: false,
            certain: true,
            give_up_at: lo.saturating_add(window),
            // A file's first byte starts its first record (blank lines aside, which the
            // reader skips as it does in a single pass).
            found: (lo == 0).then_some(Found { at: 0, certain: true }),
        }
    }

    /// The file offset of the first byte to feed: the byte before `lo`.
    pub fn first_byte(&self) -> u64 {
        self.lo.saturating_sub(1)
    }

    pub fn found(&self) -> Option<Found> {
        self.found
    }

    /// Offset of the next byte the scanner expects.
    pub fn position(&self) -> u64 {
        self.pos
    }

    /// Scans the next bytes (which start at [`Boundary::position`]); returns the answer once
    /// known. Bytes past the answer are ignored.
    pub fn feed(&mut self, chunk: &[u8]) -> Option<Found> {
        if self.found.is_some() {
            return self.found;
        }
        let Some(d) = self.dialect else {
            if let Some(i) = memchr::memchr(b'\n', chunk) {
                self.found = Some(Found { at: self.pos + i as u64 + 1, certain: true });
            }
            self.pos += chunk.len() as u64;
            return self.found;
        };
        for (i, &b) in chunk.iter().enumerate() {
            let at = self.pos + i as u64;
            if self.converged {
                let (s, start) = step(self.states[0], b, &d);
                if start && at >= self.lo {
                    self.found = Some(Found { at, certain: self.certain });
                    break;
                }
                self.states[0] = s;
                continue;
            }
            if at >= self.give_up_at {
                // Follow the "in an unquoted field" run from here.
                self.states[0] = self.states[UNQUOTED as usize];
                self.converged = true;
                self.certain = false;
                let (s, start) = step(self.states[0], b, &d);
                if start && at >= self.lo {
                    self.found = Some(Found { at, certain: false });
                    break;
                }
                self.states[0] = s;
                continue;
            }
            for s in &mut self.states {
                *s = step(*s, b, &d).0;
            }
            let s0 = self.states[0];
            self.converged = self.states.iter().all(|&s| s == s0);
        }
        if self.found.is_none() {
            self.pos += chunk.len() as u64;
        }
        self.found
    }

    /// The answer at the end of the file (`len` bytes): no record starts at or after `lo`
    /// unless found before.
    pub fn finish(&mut self, len: u64) -> Found {
        *self.found.get_or_insert(Found { at: len.max(self.lo), certain: true })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Record starts of a whole-file parse by the real reader.
    fn record_starts(data: &[u8], d: u8) -> Vec<u64> {
        record_starts_dialect(data, Dialect::with_delimiter(d))
    }

    fn record_starts_dialect(data: &[u8], d: Dialect) -> Vec<u64> {
        use crate::format::csv::{CsvReader, Limits};
        let mut starts = Vec::new();
        // Stop before every record in turn: the stop offset is its start.
        let mut from = 0u64;
        loop {
            let mut r2 = CsvReader::with_dialect(d, Limits { max_record_bytes: 1 << 20, max_columns: 1000 });
            r2.stop_at(from);
            r2.feed(data, &mut |_| {});
            match r2.stopped_at() {
                Some(at) => {
                    starts.push(at);
                    from = at + 1;
                }
                None => break,
            }
        }
        starts
    }

    fn scan(data: &[u8], lo: u64, d: Option<u8>, window: u64) -> Found {
        scan_dialect(data, lo, d.map(Dialect::with_delimiter), window)
    }

    fn scan_dialect(data: &[u8], lo: u64, d: Option<Dialect>, window: u64) -> Found {
        let mut b = Boundary::new(lo, d, window);
        let from = b.first_byte() as usize;
        for c in data[from..].chunks(3) {
            if b.feed(c).is_some() {
                break;
            }
        }
        b.finish(data.len() as u64)
    }

    #[test]
    fn certain_answers_are_record_starts_of_the_real_parse() {
        let data = b"a,b,c\n1,\"x\ny, \"\"z\"\"\",3\r\n\r\n4,5,\"\"\n\"q\"\"\",w,e\rlast,\"un\nterminated";
        let starts = record_starts(data, b',');
        for lo in 0..=data.len() as u64 {
            let f = scan(data, lo, Some(b','), 1 << 20);
            // Not necessarily the first record start at or after `lo`, but a real one.
            assert!(f.at >= lo);
            if f.certain {
                assert!(starts.contains(&f.at) || f.at == data.len() as u64, "lo {lo}: {f:?}");
            }
        }
    }

    #[test]
    fn certain_answers_in_other_dialects() {
        let data = b"# c,1\na|b\r\n'x|\n''y'|'say \\'hi\\'|\n#'q\n'\r#z\rp|'\\\\'\n\n% w|v\n";
        for d in [
            Dialect { delimiter: b'|', quote: Some(b'\''), escape: Some(b'\\'), comment: Some(b'#'), lf_only: false },
            Dialect { delimiter: b'|', quote: None, escape: None, comment: Some(b'%'), lf_only: false },
            Dialect { delimiter: b',', quote: Some(b'\''), escape: None, comment: Some(b'#'), lf_only: true },
            Dialect { delimiter: b'|', quote: Some(b'"'), escape: None, comment: None, lf_only: true },
        ] {
            let starts = record_starts_dialect(data, d);
            // (Offset 0 is the first part's start, whatever the file starts with.)
            for lo in 1..=data.len() as u64 {
                let f = scan_dialect(data, lo, Some(d), 1 << 20);
                assert!(f.at >= lo);
                if f.certain {
                    assert!(starts.contains(&f.at) || f.at == data.len() as u64, "{d:?} lo {lo}: {f:?} {starts:?}");
                }
            }
        }
    }

    #[test]
    fn json_lines_split_after_newlines() {
        let data = b"{\"a\":1}\n\n{\"a\":\"x\\ny\"}\r\n{}";
        assert_eq!(scan(data, 0, None, 0).at, 0);
        assert_eq!(scan(data, 1, None, 0).at, 8);
        assert_eq!(scan(data, 8, None, 0).at, 8);
        assert_eq!(scan(data, 9, None, 0).at, 9);
        assert_eq!(scan(data, 10, None, 0).at, 23);
        assert_eq!(scan(data, 24, None, 0).at, 25);
    }

    #[test]
    fn quote_runs_never_converge_and_give_a_guess() {
        let mut data = b"a\n\"".to_vec();
        data.extend(std::iter::repeat_n(b'"', 1000));
        data.extend(b"\"\nb\n");
        let f = scan(&data, 100, Some(b','), 64);
        assert!(!f.certain);
    }
}
