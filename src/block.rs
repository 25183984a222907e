//! A block of rows, column by column: what every cross-column aggregate (`crate::cross`)
//! consumes. The per-column accumulators classify and hash each value once as the readers
//! deliver it; the value's finite number and hash land here, so that no cross-column statistic
//! parses or hashes a value again.
//!
//! Rows fill the block in file order; when it is full (or the input ends, or a parallel part is
//! cut), every aggregate gets it once through [`crate::cross::Aggregate::update`]. A block's
//! boundaries depend only on the rows (and, for JSON Lines, the columns that appear), never on
//! how the input was cut into chunks.

/// The hash a null, a missing field or a slot without a value has.
pub const NULL_HASH: u64 = 0x6E75_6C6C_6E75_6C6C;

/// Most rows a block holds.
pub const BLOCK_ROWS: usize = 256;
/// Most bytes a block's value slots take: wide files get blocks of fewer rows.
const BLOCK_BYTES: usize = 1 << 20;

/// Rows of a block for `columns` columns.
pub fn rows_for(columns: usize) -> usize {
    (BLOCK_BYTES / (16 * columns.max(1))).clamp(1, BLOCK_ROWS)
}

/// Rows of values, column-major: slot `column * capacity + row`.
#[derive(Clone, Debug)]
pub struct Block {
    cap: usize,
    cols: usize,
    rows: usize,
    lines: Vec<u64>,
    offsets: Vec<u64>,
    row_hashes: Vec<u64>,
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
            numbers: vec![f64::NAN; cap * columns],
            hashes: vec![NULL_HASH; cap * columns],
        }
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

    /// Column `c` of the row being filled.
    #[inline]
    pub fn set(&mut self, c: usize, number: Option<f64>, hash: u64) {
        let i = c * self.cap + self.rows;
        self.numbers[i] = number.unwrap_or(f64::NAN);
        self.hashes[i] = hash;
    }

    /// Ends the row being filled; true when the block is then full.
    #[inline]
    pub fn end_row(&mut self, line: u64, offset: u64, row_hash: u64) -> bool {
        self.lines[self.rows] = line;
        self.offsets[self.rows] = offset;
        self.row_hashes[self.rows] = row_hash;
        self.rows += 1;
        self.rows == self.cap
    }

    /// Empties the block (its slots back to "no value"), keeping the row being filled.
    pub fn clear(&mut self) {
        let (rows, cap) = (self.rows, self.cap);
        for c in 0..self.cols {
            let r = c * cap;
            // The row in progress (slot `rows`) moves to slot 0.
            if rows < cap {
                self.numbers[r] = self.numbers[r + rows];
                self.hashes[r] = self.hashes[r + rows];
                self.numbers[r + rows] = f64::NAN;
                self.hashes[r + rows] = NULL_HASH;
            }
            let from = if rows < cap { 1 } else { 0 };
            self.numbers[r + from..r + rows.max(from)].fill(f64::NAN);
            self.hashes[r + from..r + rows.max(from)].fill(NULL_HASH);
        }
        self.rows = 0;
    }

    /// Whether adding columns up to `n` needs a block of fewer rows (then the caller hands the
    /// complete rows to the aggregates first, and calls [`Block::grow`]).
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
            self.numbers.resize(cap * n, f64::NAN);
            self.hashes.resize(cap * n, NULL_HASH);
            self.cols = n;
            return;
        }
        assert_eq!(self.rows, 0, "a block changes its layout only when empty");
        let mut b = Block::new(n);
        debug_assert_eq!(b.cap, cap);
        for c in 0..self.cols {
            b.numbers[c * cap] = self.numbers[c * self.cap];
            b.hashes[c * cap] = self.hashes[c * self.cap];
        }
        *self = b;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_fill_clear_and_keep_the_row_in_progress() {
        let mut b = Block::new(2);
        b.set(0, Some(1.0), 11);
        assert!(!b.end_row(2, 0, 7));
        b.set(1, Some(2.0), 22);
        b.end_row(3, 10, 8);
        assert_eq!(b.rows(), 2);
        assert_eq!(b.numbers(0)[0], 1.0);
        assert!(b.numbers(1)[0].is_nan());
        assert_eq!(b.hashes(1), &[NULL_HASH, 22]);
        assert_eq!(b.lines(), &[2, 3]);
        assert_eq!(b.offsets(), &[0, 10]);
        b.set(0, Some(5.0), 55); // a row in progress
        b.clear();
        assert_eq!(b.rows(), 0);
        b.end_row(4, 20, 9);
        assert_eq!(b.numbers(0), &[5.0]);
        assert_eq!(b.hashes(1), &[NULL_HASH]);
        // New columns: the rows so far have no value there.
        b.grow(3);
        assert_eq!(b.hashes(2), &[NULL_HASH]);
        // Very wide: fewer rows per block, the row in progress kept.
        let mut b = Block::new(1);
        b.set(0, Some(3.0), 33);
        assert!(b.needs_relayout(100_000));
        b.grow(100_000);
        assert_eq!(b.columns(), 100_000);
        b.end_row(1, 0, 1);
        assert_eq!(b.numbers(0), &[3.0]);
    }
}
