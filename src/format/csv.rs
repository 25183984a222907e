//! Incremental CSV reader on top of `csv-core`.
//!
//! Push-driven: [`CsvReader::feed`] takes a chunk of any size (one byte to many MiB) and calls
//! the sink once per complete record; [`CsvReader::finish`] flushes the last one. Fields are
//! byte slices borrowed from one buffer the reader reuses, so a record costs no allocation once
//! the buffers have grown to the largest record seen. Memory is bounded: a record keeps at most
//! `max_record_bytes` bytes and `max_columns` fields; what is past either is counted, not kept.
//!
//! Line numbers are physical (1-based; `\n`, `\r\n` and a lone `\r` end a line), including
//! newlines inside quotes and blank lines, which csv-core skips and this reader counts.
//! A UTF-8 byte order mark is data to this reader: the caller strips it.

use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

use crate::format::dialect::Dialect;

/// Limits on what one record may keep.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_record_bytes: usize,
    pub max_columns: usize,
}

/// One parsed field.
#[derive(Clone, Copy, Debug)]
pub struct Field<'a> {
    /// The kept bytes, quotes unescaped. Shorter than `len` when truncated.
    pub bytes: &'a [u8],
    /// The field's full length in bytes.
    pub len: u64,
}

impl Field<'_> {
    pub fn truncated(&self) -> bool {
        (self.bytes.len() as u64) < self.len
    }
}

/// One record, valid during the sink call.
pub struct Record<'a> {
    buf: &'a [u8],
    ends: &'a [usize],
    /// Bytes between fields in `buf`: 0 for fields back to back (csv-core's output), 1 for a
    /// line read in place (the fast path: fields separated by the delimiter).
    sep: usize,
    /// Physical line on which the record starts (1-based).
    pub line: u64,
    /// Byte offset of the record's first byte (in the file, as numbered by
    /// [`CsvReader::start_at`]).
    pub offset: u64,
    /// Number of fields, including those past `max_columns` that were not kept.
    pub field_count: u64,
    /// Whether bytes of this record were dropped by `max_record_bytes`.
    pub truncated: bool,
}

impl<'a> Record<'a> {
    /// All kept bytes of the record: its fields, unescaped, back to back or separated by
    /// the delimiter (see [`Record::is_blank`] for emptiness).
    pub fn bytes(&self) -> &'a [u8] {
        self.buf
    }

    /// Whether every kept field is valid UTF-8. (Checked on the record's bytes: a line read in
    /// place has ASCII delimiters between its fields, so it is valid exactly when they all are;
    /// fields back to back can hide a sequence cut by a delimiter, which shows as a field that
    /// starts with a continuation byte.)
    pub fn is_valid_utf8(&self) -> bool {
        if simdutf8::basic::from_utf8(self.buf).is_err() {
            return false;
        }
        self.sep == 1
            || self.buf.is_ascii()
            || !(1..self.ends.len()).any(|i| self.field(i).bytes.first().is_some_and(|&b| b & 0xC0 == 0x80))
    }

    /// Whether every kept field is empty.
    pub fn is_blank(&self) -> bool {
        self.buf.len() == self.sep * self.ends.len().saturating_sub(1)
    }

    /// Number of kept fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Field `i` (< `len()`).
    #[inline]
    pub fn field(&self, i: usize) -> Field<'a> {
        let start = if i == 0 { 0 } else { self.ends[i - 1] + self.sep };
        let end = self.ends[i];
        let kept = self.buf.len();
        Field { bytes: &self.buf[start.min(kept)..end.min(kept)], len: (end - start) as u64 }
    }

    pub fn fields(&self) -> impl Iterator<Item = Field<'a>> + '_ {
        (0..self.len()).map(|i| self.field(i))
    }
}

/// Bit i is set when `b[i]` is the delimiter `d`, `\n`, the quote `q` or `\r`: SIMD compares
/// and a movemask (SSE2 on x86-64; WebAssembly SIMD128 in the browser build).
#[inline(always)]
fn specials(b: &[u8; 16], d: u8, q: u8) -> u32 {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE2 is part of x86-64; the load is unaligned and reads exactly 16 bytes.
    unsafe {
        use std::arch::x86_64::*;
        let v = _mm_loadu_si128(b.as_ptr() as *const __m128i);
        let eq = |c: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8));
        let m = _mm_or_si128(_mm_or_si128(eq(d), eq(b'\n')), _mm_or_si128(eq(q), eq(b'\r')));
        _mm_movemask_epi8(m) as u32
    }
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    // SAFETY: an unaligned 16-byte load of exactly the 16 bytes of `b`.
    unsafe {
        use std::arch::wasm32::*;
        let v = v128_load(b.as_ptr() as *const v128);
        let eq = |c: u8| u8x16_eq(v, u8x16_splat(c));
        let m = v128_or(v128_or(eq(d), eq(b'\n')), v128_or(eq(q), eq(b'\r')));
        u8x16_bitmask(m) as u32
    }
    #[cfg(not(any(target_arch = "x86_64", all(target_arch = "wasm32", target_feature = "simd128"))))]
    {
        let mut m = 0u32;
        for (i, &c) in b.iter().enumerate() {
            m |= (((c == d) | (c == b'\n') | (c == q) | (c == b'\r')) as u32) << i;
        }
        m
    }
}

/// Incremental reader. See the module docs.
pub struct CsvReader {
    rdr: Reader,
    delimiter: u8,
    /// The quote character, or the delimiter when there is none (for the fast path's scan).
    quote: u8,
    comment: Option<u8>,
    /// What else than `\n` ends a line: `\r`, or (only `\n` ends lines) `\n` again.
    cr: u8,
    /// Inside a comment line (between records).
    in_comment: bool,
    comment_lines: u64,
    limits: Limits,
    /// Record output; `out[..out_len]` is kept. Grows up to `max_record_bytes`.
    out: Vec<u8>,
    out_len: usize,
    /// Where output goes once `out` is full at its limit: written, then forgotten.
    scratch: Vec<u8>,
    out_overflowed: bool,
    ends: Vec<usize>,
    nends: usize,
    ends_scratch: [usize; 64],
    dropped_fields: u64,
    /// Newlines this reader skipped itself between records (csv-core does not see them).
    skipped_newlines: u64,
    /// Lone `\r` line breaks (not followed by `\n`) between records: csv-core counts only `\n`.
    lone_crs: u64,
    /// Blank lines seen between records.
    blank_lines: u64,
    at_record_start: bool,
    /// A `\r` was the last line-break byte seen: a `\n` next belongs to the same line break.
    pending_cr: bool,
    /// ... and that `\r` ended an empty line (not a record).
    pending_blank: bool,
    record_line: u64,
    record_offset: u64,
    unterminated_quote: bool,
    /// Newlines fed to csv-core that were not in the input (see `run`).
    fake_newlines: u64,
    /// No byte has reached csv-core yet (see `run`).
    first_call: bool,
    done: bool,
    /// Offset of the end of the input fed so far (see [`CsvReader::stop_at`]).
    offset: u64,
    /// Stop before the first record that starts at or after this offset.
    stop_at: Option<u64>,
    /// Where the reader stopped for `stop_at`: the offset of that record's first byte.
    stopped_at: Option<u64>,
}

impl CsvReader {
    /// A reader of RFC 4180 records with this delimiter.
    pub fn new(delimiter: u8, limits: Limits) -> Self {
        CsvReader::with_dialect(Dialect::with_delimiter(delimiter), limits)
    }

    /// A reader of this dialect. Comment lines are skipped (and counted) by the reader itself
    /// between records; doubled quotes are always an escaped quote inside quoted fields.
    pub fn with_dialect(dialect: Dialect, limits: Limits) -> Self {
        let delimiter = dialect.delimiter;
        let mut b = ReaderBuilder::new();
        b.delimiter(delimiter).quoting(dialect.quote.is_some()).escape(dialect.escape);
        if dialect.lf_only {
            b.terminator(csv_core::Terminator::Any(b'\n'));
        }
        if let Some(q) = dialect.quote {
            b.quote(q);
        }
        CsvReader {
            rdr: b.build(),
            delimiter,
            quote: dialect.quote.unwrap_or(delimiter),
            comment: dialect.comment,
            cr: if dialect.lf_only { b'\n' } else { b'\r' },
            in_comment: false,
            comment_lines: 0,
            limits,
            out: vec![0; limits.max_record_bytes.min(64 << 10)],
            out_len: 0,
            scratch: Vec::new(),
            out_overflowed: false,
            ends: vec![0; limits.max_columns.min(64)],
            nends: 0,
            ends_scratch: [0; 64],
            dropped_fields: 0,
            skipped_newlines: 0,
            lone_crs: 0,
            blank_lines: 0,
            at_record_start: true,
            pending_cr: false,
            pending_blank: false,
            record_line: 1,
            record_offset: 0,
            unterminated_quote: false,
            fake_newlines: 0,
            first_call: true,
            done: false,
            offset: 0,
            stop_at: None,
            stopped_at: None,
        }
    }

    /// For mining a part of a file (`crate::parallel`): the input starts at byte `start` of the
    /// file, at a record start (call before feeding).
    pub fn start_at(&mut self, start: u64) {
        self.offset = start;
    }

    /// The reader stops, without reading it, at the first record that starts at or after byte
    /// `stop` of the file (as numbered by [`CsvReader::start_at`]; `stop` must not be before
    /// what was fed so far). Everything before it is read as usual, including the line breaks
    /// and blank lines between the last record and it.
    pub fn stop_at(&mut self, stop: u64) {
        self.stop_at = Some(stop);
    }

    /// The file offset of the record the reader stopped before, if it did (it reads nothing
    /// more once stopped).
    pub fn stopped_at(&self) -> Option<u64> {
        self.stopped_at
    }

    /// For a first part after skipped lines (a preamble): the input fed starts after `lines`
    /// line breaks of the file (call before feeding, with [`CsvReader::start_at`]).
    pub fn skip_lines(&mut self, lines: u64) {
        self.skipped_newlines += lines;
    }

    /// Comment lines seen between records so far.
    pub fn comment_lines(&self) -> u64 {
        self.comment_lines
    }

    /// Blank lines seen between records so far.
    pub fn blank_lines(&self) -> u64 {
        self.blank_lines
    }

    /// Physical lines seen so far (the number of the line being read).
    pub fn line(&self) -> u64 {
        self.rdr.line() + self.skipped_newlines + self.lone_crs - self.fake_newlines
    }

    /// Whether the input ended inside a quoted field (valid after `finish`).
    pub fn in_quoted_field_at_end(&self) -> bool {
        self.unterminated_quote
    }

    /// Parses `input`, calling `sink` for each complete record.
    pub fn feed<F: FnMut(&Record<'_>)>(&mut self, input: &[u8], sink: &mut F) {
        debug_assert!(!self.done);
        if !input.is_empty() {
            self.run(input, sink);
        }
    }

    /// Ends the input: the last record (without a final newline) is emitted.
    pub fn finish<F: FnMut(&Record<'_>)>(&mut self, sink: &mut F) {
        if !self.done {
            self.run(&[], sink);
        }
    }

    /// Calls csv-core once with room to write, growing the buffers up to their limits.
    /// Returns the result, the input consumed, and whether output was kept in `out`.
    fn step(&mut self, input: &[u8]) -> (ReadRecordResult, usize, usize) {
        let (out, out_scratch) = if self.out_len < self.out.len() {
            (&mut self.out[self.out_len..], false)
        } else {
            if self.scratch.is_empty() {
                self.scratch = vec![0; 16 << 10];
            }
            (&mut self.scratch[..], true)
        };
        let (ends, ends_scratch) = if self.nends < self.ends.len() {
            (&mut self.ends[self.nends..], false)
        } else {
            (&mut self.ends_scratch[..], true)
        };
        let (res, nin, nout, nend) = self.rdr.read_record(input, out, ends);
        let kept = if out_scratch {
            self.out_overflowed |= nout > 0;
            0
        } else {
            self.out_len += nout;
            nout
        };
        if ends_scratch {
            self.dropped_fields += nend as u64;
        } else {
            self.nends += nend;
        }
        match res {
            ReadRecordResult::OutputFull if self.out.len() < self.limits.max_record_bytes => {
                let n = (self.out.len() * 2).min(self.limits.max_record_bytes);
                self.out.resize(n, 0);
            }
            ReadRecordResult::OutputEndsFull if self.ends.len() < self.limits.max_columns => {
                let n = (self.ends.len() * 2).min(self.limits.max_columns);
                self.ends.resize(n, 0);
            }
            _ => {}
        }
        (res, nin, kept)
    }

    /// The fast path for the common record: a whole line in `input` with no quote and no
    /// `\r`, within the limits. Such a line means the same to csv-core (fields split at the
    /// delimiter, the record ended by `\n`), so it is split here in place, 8 bytes at a time,
    /// and csv-core never sees it (it stays at a record start). Returns the bytes consumed
    /// (the line and its `\n`), or `None` to let csv-core read the record.
    #[inline]
    fn fast_line<F: FnMut(&Record<'_>)>(&mut self, input: &[u8], sink: &mut F) -> Option<usize> {
        let (d, q) = (self.delimiter, self.quote);
        if matches!(d, b'\n' | b'\r') {
            return None;
        }
        let max = self.limits.max_record_bytes.min(input.len());
        let cap = self.ends.len();
        let mut n = 0;
        // Blocks of 16 bytes: a bit mask of the delimiters, newlines, quotes and \r in each
        // (the loop in `specials` compiles to SIMD compares and a movemask / bitmask).
        let mut pos = 0;
        let nl = 'line: loop {
            let (mut m, len) = match input.get(pos..pos + 16) {
                Some(b) => (specials(b.try_into().unwrap(), d, q), 16),
                None => {
                    let tail = &input[pos..];
                    let mut m = 0u32;
                    for (i, &c) in tail.iter().enumerate() {
                        m |= (((c == d) | (c == b'\n') | (c == q) | (c == b'\r')) as u32) << i;
                    }
                    (m, tail.len())
                }
            };
            while m != 0 {
                let hit = pos + m.trailing_zeros() as usize;
                m &= m - 1;
                if hit >= max || n == cap {
                    return None; // over a limit: csv-core keeps what it may and counts the rest
                }
                match input[hit] {
                    b'\n' => break 'line hit,
                    c if c == d => {
                        self.ends[n] = hit;
                        n += 1;
                    }
                    _ => return None, // a quote or a \r
                }
            }
            pos += len;
            if len < 16 {
                return None; // the line goes on in the next chunk
            }
        };
        self.ends[n] = nl;
        let rec = Record { buf: &input[..nl], ends: &self.ends[..n + 1], sep: 1, line: self.record_line, offset: self.record_offset, field_count: n as u64 + 1, truncated: false };
        sink(&rec);
        // csv-core did not see this line's newline: count it like one skipped between records.
        self.skipped_newlines += 1;
        self.at_record_start = true;
        self.pending_blank = false;
        Some(nl + 1)
    }

    fn emit<F: FnMut(&Record<'_>)>(&mut self, sink: &mut F, last_byte: Option<u8>) {
        let rec = Record {
            buf: &self.out[..self.out_len],
            ends: &self.ends[..self.nends],
            sep: 0,
            line: self.record_line,
            offset: self.record_offset,
            field_count: self.nends as u64 + self.dropped_fields,
            truncated: self.out_overflowed,
        };
        sink(&rec);
        self.out_len = 0;
        self.nends = 0;
        self.dropped_fields = 0;
        self.out_overflowed = false;
        self.at_record_start = true;
        // A record ended by \r may have its \n still to come.
        self.pending_cr = last_byte == Some(b'\r');
        self.pending_blank = false;
    }

    fn run<F: FnMut(&Record<'_>)>(&mut self, mut input: &[u8], sink: &mut F) {
        if self.stopped_at.is_some() {
            return;
        }
        let eof = input.is_empty();
        self.offset += input.len() as u64;
        if eof && !self.at_record_start {
            // Was the input cut inside a quoted field? csv-core does not say (and its Clone
            // loses the DFA), so feed it a newline: outside quotes that ends the record just as
            // the end of input would; inside quotes it becomes part of the field, and is taken
            // back out. Either way the line count is corrected for it.
            self.fake_newlines += 1;
            loop {
                let (res, nin, kept) = self.step(b"\n");
                match res {
                    ReadRecordResult::Record => {
                        self.emit(sink, None);
                        break;
                    }
                    ReadRecordResult::InputEmpty if nin == 1 => {
                        self.unterminated_quote = true;
                        self.out_len -= kept;
                        break;
                    }
                    _ => {} // buffers grew (or scratch took it): try again
                }
            }
        }
        loop {
            if self.in_comment && !eof {
                // A comment line goes on to its line break, which ends it as a record's would.
                match memchr::memchr2(b'\n', self.cr, input) {
                    None => return,
                    Some(i) => {
                        self.in_comment = false;
                        if input[i] == b'\n' {
                            self.skipped_newlines += 1;
                            self.pending_cr = false;
                        } else {
                            self.pending_cr = true;
                        }
                        self.pending_blank = false;
                        input = &input[i + 1..];
                    }
                }
            }
            if self.at_record_start && !eof {
                // Skip line breaks between records ourselves, to count blank lines and to know
                // the physical line on which the next record starts.
                let mut i = 0;
                while i < input.len() {
                    match input[i] {
                        b'\n' => {
                            self.skipped_newlines += 1;
                            // A \n either completes the \r before it or ends an empty line.
                            if !self.pending_cr || self.pending_blank {
                                self.blank_lines += 1;
                            }
                            self.pending_cr = false;
                        }
                        b'\r' if self.cr == b'\r' => {
                            if self.pending_cr {
                                self.lone_crs += 1; // the previous \r was a line break of its own
                                if self.pending_blank {
                                    self.blank_lines += 1; // ... ending an empty line
                                }
                            }
                            self.pending_cr = true;
                            self.pending_blank = true;
                        }
                        _ => break,
                    }
                    i += 1;
                }
                input = &input[i..];
                if input.is_empty() {
                    return;
                }
                if self.pending_cr {
                    self.lone_crs += 1;
                    if self.pending_blank {
                        self.blank_lines += 1;
                    }
                }
                self.pending_cr = false;
                if self.comment == Some(input[0]) {
                    self.comment_lines += 1;
                    self.in_comment = true;
                    continue;
                }
                if let Some(stop) = self.stop_at {
                    let at = self.offset - input.len() as u64;
                    if at >= stop {
                        self.stopped_at = Some(at);
                        self.done = true;
                        return;
                    }
                }
                self.at_record_start = false;
                self.record_line = self.line();
                self.record_offset = self.offset - input.len() as u64;
                if !self.first_call {
                    if let Some(n) = self.fast_line(input, sink) {
                        input = &input[n..];
                        continue;
                    }
                }
            }
            // csv-core strips a UTF-8 BOM only when its first call has 3 bytes or more: a result
            // that would depend on chunking. Its first call gets one byte, which turns that off;
            // the BOM is the caller's business (the miner strips it).
            let (res, nin, _) = if self.first_call && !input.is_empty() {
                self.first_call = false;
                self.step(&input[..1])
            } else {
                self.step(input)
            };
            let last_byte = if nin > 0 { Some(input[nin - 1]) } else { None };
            input = &input[nin..];
            match res {
                ReadRecordResult::InputEmpty if input.is_empty() => return,
                ReadRecordResult::Record => self.emit(sink, last_byte),
                ReadRecordResult::End => {
                    self.done = true;
                    return;
                }
                _ => {}
            }
        }
    }
}
