//! A block of rows, column by column: what the per-column statistics and every cross-column
//! aggregate (`crate::cross`) consume.
//!
//! The readers put each row's fields into the block as they read them: the field bytes go once
//! into the block's byte arena (one copy of the record), each field is kept as a span of it,
//! and each row keeps its physical line and absolute byte offset. When the block is full (or
//! the input ends, or a parallel part is cut), each column's statistics run over that column's
//! vector of fields ([`crate::column::ColumnAcc::push_block`]), which writes back each value's
//! finite number and hash; then every row's identity is summed from its values' hashes, and
//! every cross-column aggregate gets the block once through [`crate::cross::Aggregate::update`].
//! So no statistic parses or hashes a value twice.
//!
//! A block's boundaries depend only on the rows (their count, their bytes and, for JSON Lines,
//! the columns that appear), never on how the input was cut into chunks.

use crate::format::csv::{Field, Record};

/// The hash a null, a missing field or a slot without a value has.
pub const NULL_HASH: u64 = 0x6E75_6C6C_6E75_6C6C;

/// Most rows a block holds.
pub const BLOCK_ROWS: usize = 256;
/// Most bytes a block's slots take (a span, a number and a hash each): wide files get blocks
/// of fewer rows.
pub const BLOCK_BYTES: usize = 1 << 20;
const SLOT_BYTES: usize = 32;
/// A block is handed on once its rows' bytes reach this much (a block of long rows has fewer
/// rows): the arena then holds at most this plus one record.
pub const ARENA_BYTES: usize = 256 << 10;

/// Rows of a block for `columns` columns.
pub fn rows_for(columns: usize) -> usize {
    (BLOCK_BYTES / (SLOT_BYTES * columns.max(1))).clamp(1, BLOCK_ROWS)
}

/// Where a field's bytes are in the block's arena, and the field's full length (longer than
/// `kept` when the reader truncated it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub start: u32,
    pub kept: u32,
    pub len: u32,
}

impl Span {
    /// A slot without a field (a short row, a JSON Lines key the row does not have).
    pub const MISSING: Span = Span { start: 0, kept: 0, len: u32::MAX };

    #[inline]
    pub fn is_missing(self) -> bool {
        self.len == u32::MAX
    }

    /// The field this span points to in `arena`.
    #[inline]
    pub fn field(self, arena: &[u8]) -> Field<'_> {
        let s = self.start as usize;
        Field { bytes: &arena[s..s + self.kept as usize], len: self.len as u64 }
    }
}

/// One column's fields of a block's complete rows, for its statistics
/// ([`crate::column::ColumnAcc::push_block`]): the fields, and where each value's number and
/// hash go.
pub struct ColumnIn<'a> {
    pub spans: &'a [Span],
    pub arena: &'a [u8],
    pub lines: &'a [u64],
    /// Filled with each value's finite number (NaN where there is none).
    pub numbers: &'a mut [f64],
    /// Filled with each value's hash (for a row's identity; [`NULL_HASH`] where none).
    pub hashes: &'a mut [u64],
}

/// Rows of fields and values, column-major: slot `column * capacity + row`.
#[derive(Clone, Debug)]
pub struct Block {
    cap: usize,
    cols: usize,
    rows: usize,
    lines: Vec<u64>,
    offsets: Vec<u64>,
    row_hashes: Vec<u64>,
    /// Each field, as a span of `arena`.
    spans: Vec<Span>,
    /// The bytes of the rows' fields.
    arena: Vec<u8>,
    /// Where the row being filled starts in `arena`.
    row_start: usize,
    /// The finite number of each value (NaN where there is none).
    numbers: Vec<f64>,
    /// The hash of each value ([`NULL_HASH`] for nulls and missing fields).
    hashes: Vec<u64>,
}

impl Block {
    pub fn new(columns: usize) -> Self {
        let cap = rows_for(columns);
        Block {
            cap,
            cols: columns,
            rows: 0,
            lines: vec![0; cap],
            offsets: vec![0; cap],
            row_hashes: vec![0; cap],
            spans: vec![Span::MISSING; cap * columns],
            arena: Vec::new(),
            row_start: 0,
            numbers: vec![f64::NAN; cap * columns],
            hashes: vec![NULL_HASH; cap * columns],
        }
    }

    /// Heap of a block of `columns` columns and rows of at most `max_record_bytes`: its slots,
    /// and its arena (which may double past what it holds).
    pub fn heap_bound(columns: usize, max_record_bytes: usize) -> u64 {
        let cap = rows_for(columns);
        (cap * columns * SLOT_BYTES + cap * 24 + 2 * (ARENA_BYTES + max_record_bytes)) as u64
    }

    /// Complete rows in the block.
    #[inline]
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Columns each row has a slot for.
    #[inline]
    pub fn columns(&self) -> usize {
        self.cols
    }

    /// Physical line (1-based) of each complete row.
    pub fn lines(&self) -> &[u64] {
        &self.lines[..self.rows]
    }

    /// Absolute byte offset in the file of each complete row's first byte (the same for any
    /// chunking and any split into parallel parts).
    pub fn offsets(&self) -> &[u64] {
        &self.offsets[..self.rows]
    }

    /// The identity of each complete row: equal rows (by typed values) hash equal.
    pub fn row_hashes(&self) -> &[u64] {
        &self.row_hashes[..self.rows]
    }

    /// Column `c`'s finite numbers, one per complete row (NaN where none).
    #[inline]
    pub fn numbers(&self, c: usize) -> &[f64] {
        &self.numbers[c * self.cap..c * self.cap + self.rows]
    }

    /// Column `c`'s value hashes, one per complete row.
    #[inline]
    pub fn hashes(&self, c: usize) -> &[u64] {
        &self.hashes[c * self.cap..c * self.cap + self.rows]
    }

    /// Column `c`'s fields of the complete rows.
    #[inline]
    pub fn spans(&self, c: usize) -> &[Span] {
        &self.spans[c * self.cap..c * self.cap + self.rows]
    }

    /// Column `c`'s field in complete row `r`, if the row has one.
    pub fn field(&self, c: usize, r: usize) -> Option<Field<'_>> {
        let s = self.spans(c)[r];
        (!s.is_missing()).then(|| s.field(&self.arena))
    }

    /// Column `c` of the row being filled: `bytes` (the kept bytes of a field of `len` bytes).
    #[inline]
    pub fn put(&mut self, c: usize, bytes: &[u8], len: u64) {
        let start = self.arena.len();
        self.arena.extend_from_slice(bytes);
        self.spans[c * self.cap + self.rows] = Span { start: start as u32, kept: bytes.len() as u32, len: len as u32 };
    }

    /// The first `n` fields of `rec` as columns `0..n` of the row being filled, with one copy
    /// of the record's bytes.
    #[inline]
    pub fn put_record(&mut self, rec: &Record<'_>, n: usize) {
        let base = self.arena.len();
        let buf = rec.bytes();
        self.arena.extend_from_slice(buf);
        let (cap, row) = (self.cap, self.rows);
        for i in 0..n {
            let f = rec.field(i);
            // The field's bytes are a slice of the record's: their place in it is the offset.
            let at = if f.bytes.is_empty() { 0 } else { f.bytes.as_ptr() as usize - buf.as_ptr() as usize };
            self.spans[i * cap + row] = Span { start: (base + at) as u32, kept: f.bytes.len() as u32, len: f.len as u32 };
        }
    }

    /// Ends the row being filled; true when the block is then full (by rows, or by bytes).
    #[inline]
    pub fn end_row(&mut self, line: u64, offset: u64) -> bool {
        self.lines[self.rows] = line;
        self.offsets[self.rows] = offset;
        self.rows += 1;
        self.row_start = self.arena.len();
        self.rows == self.cap || self.arena.len() >= ARENA_BYTES
    }

    /// Each column's fields of the complete rows, with where their numbers and hashes go, for
    /// `f(column, fields)`.
    pub fn columns_in(&mut self, mut f: impl FnMut(usize, ColumnIn<'_>)) {
        let (cap, rows) = (self.cap, self.rows);
        let spans = self.spans.chunks(cap.max(1));
        let numbers = self.numbers.chunks_mut(cap.max(1));
        let hashes = self.hashes.chunks_mut(cap.max(1));
        for (c, ((s, x), h)) in spans.zip(numbers).zip(hashes).enumerate().take(self.cols) {
            f(c, ColumnIn { spans: &s[..rows], arena: &self.arena, lines: &self.lines[..rows], numbers: &mut x[..rows], hashes: &mut h[..rows] });
        }
    }

    /// Each complete row's identity: a sum, over its fields (not its missing ones), of a mix of
    /// the value's hash with the column's key (`keys[c]`), so that it does not depend on the
    /// order in which the columns were read.
    pub fn identify_rows(&mut self, keys: &[u64]) {
        let (cap, rows) = (self.cap, self.rows);
        let ids = &mut self.row_hashes[..rows];
        ids.fill(0);
        for (c, &key) in keys.iter().enumerate().take(self.cols) {
            let spans = &self.spans[c * cap..c * cap + rows];
            let hashes = &self.hashes[c * cap..c * cap + rows];
            for ((id, &h), s) in ids.iter_mut().zip(hashes).zip(spans) {
                if !s.is_missing() {
                    *id = id.wrapping_add(crate::sketch::mix(h ^ key));
                }
            }
        }
    }

    /// Empties the block (its slots back to "no value"), keeping the row being filled.
    pub fn clear(&mut self) {
        let (rows, cap) = (self.rows, self.cap);
        let moved = self.row_start;
        for c in 0..self.cols {
            let r = c * cap;
            // The row in progress (slot `rows`) moves to slot 0, its bytes to the arena's start.
            if rows < cap {
                let mut s = self.spans[r + rows];
                if !s.is_missing() {
                    s.start -= moved as u32;
                }
                self.spans[r] = s;
                self.numbers[r] = self.numbers[r + rows];
                self.hashes[r] = self.hashes[r + rows];
                if rows > 0 {
                    self.spans[r + rows] = Span::MISSING;
                    self.numbers[r + rows] = f64::NAN;
                    self.hashes[r + rows] = NULL_HASH;
                }
            }
            let from = if rows < cap { 1 } else { 0 };
            self.spans[r + from..r + rows.max(from)].fill(Span::MISSING);
            self.numbers[r + from..r + rows.max(from)].fill(f64::NAN);
            self.hashes[r + from..r + rows.max(from)].fill(NULL_HASH);
        }
        self.arena.copy_within(moved.., 0);
        self.arena.truncate(self.arena.len() - moved);
        self.row_start = 0;
        self.rows = 0;
    }

    /// Whether adding columns up to `n` needs a block of fewer rows (then the caller hands the
    /// complete rows on first, and calls [`Block::grow`]).
    pub fn needs_relayout(&self, n: usize) -> bool {
        n > self.cols && rows_for(n) < self.cap
    }

    /// Slots for columns up to `n`; the rows so far have no value in them. With a new layout
    /// (fewer rows), the block must be empty of complete rows; the row in progress is kept.
    pub fn grow(&mut self, n: usize) {
        if n <= self.cols {
            return;
        }
        let cap = rows_for(n).min(self.cap);
        if cap == self.cap {
            self.spans.resize(cap * n, Span::MISSING);
            self.numbers.resize(cap * n, f64::NAN);
            self.hashes.resize(cap * n, NULL_HASH);
            self.cols = n;
            return;
        }
        assert_eq!(self.rows, 0, "a block changes its layout only when empty");
        let mut b = Block::new(n);
        debug_assert_eq!(b.cap, cap);
        for c in 0..self.cols {
            b.spans[c * cap] = self.spans[c * self.cap];
            b.numbers[c * cap] = self.numbers[c * self.cap];
            b.hashes[c * cap] = self.hashes[c * self.cap];
        }
        b.arena = std::mem::take(&mut self.arena);
        *self = b;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(b: &Block, c: usize, r: usize) -> Option<Vec<u8>> {
        b.field(c, r).map(|f| f.bytes.to_vec())
    }

    #[test]
    fn rows_fill_clear_and_keep_the_row_in_progress() {
        let mut b = Block::new(2);
        b.put(0, b"1", 1);
        assert!(!b.end_row(2, 0));
        b.put(1, b"2", 1);
        b.end_row(3, 10);
        assert_eq!(b.rows(), 2);
        assert_eq!(text(&b, 0, 0).as_deref(), Some(&b"1"[..]));
        assert_eq!(text(&b, 1, 0), None);
        assert_eq!(text(&b, 1, 1).as_deref(), Some(&b"2"[..]));
        assert_eq!(b.lines(), &[2, 3]);
        assert_eq!(b.offsets(), &[0, 10]);
        b.columns_in(|c, col| {
            for (r, s) in col.spans.iter().enumerate() {
                col.numbers[r] = if s.is_missing() { f64::NAN } else { c as f64 };
                col.hashes[r] = if s.is_missing() { NULL_HASH } else { 11 * (c as u64 + 1) };
            }
        });
        assert_eq!(b.numbers(0)[0], 0.0);
        assert!(b.numbers(1)[0].is_nan());
        assert_eq!(b.hashes(1), &[NULL_HASH, 22]);
        b.identify_rows(&[5, 7]);
        assert_eq!(b.row_hashes(), &[crate::sketch::mix(11 ^ 5), crate::sketch::mix(22 ^ 7)]);
        b.put(0, b"five", 4); // a row in progress
        b.clear();
        assert_eq!(b.rows(), 0);
        b.end_row(4, 20);
        assert_eq!(text(&b, 0, 0).as_deref(), Some(&b"five"[..]));
        assert_eq!(text(&b, 1, 0), None);
        assert!(b.numbers(0)[0].is_nan());
        // New columns: the rows so far have no value there.
        b.grow(3);
        assert_eq!(text(&b, 2, 0), None);
        assert_eq!(b.hashes(2), &[NULL_HASH]);
        // Very wide: fewer rows per block, the row in progress kept.
        let mut b = Block::new(1);
        b.put(0, b"3", 1);
        assert!(b.needs_relayout(100_000));
        b.grow(100_000);
        assert_eq!(b.columns(), 100_000);
        b.end_row(1, 0);
        assert_eq!(text(&b, 0, 0).as_deref(), Some(&b"3"[..]));
    }

    #[test]
    fn a_block_of_long_rows_ends_at_its_bytes() {
        let mut b = Block::new(1);
        let long = vec![b'x'; ARENA_BYTES / 2];
        b.put(0, &long, long.len() as u64);
        assert!(!b.end_row(1, 0));
        b.put(0, &long, 1 << 20); // truncated: the field's length is more than it keeps
        assert!(b.end_row(2, 1));
        let f = b.field(0, 1).unwrap();
        assert!(f.truncated());
        assert_eq!(f.len, 1 << 20);
    }
}
