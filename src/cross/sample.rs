//! A deterministic row sample: the `sample_rows` rows whose absolute byte offsets hash
//! smallest (a bottom-k sample), so it is uniform, and the same for any chunking and any split
//! into parallel parts. Values are kept as typed (numbers as numbers; other values as their text,
//! cut to [`CELL_BYTES`]), with each row's line.
//!
//! Its memory is bounded: at most an eighth of the memory budget, counted for the worst case of
//! every cell full, so a wide file keeps fewer rows (and says so). The bound only falls as
//! columns appear, so the rows kept are always the bottom-k of the rows seen for the final k.

use std::collections::BinaryHeap;

use serde::{Deserialize, Serialize};

use super::{Aggregate, Finish};
use crate::block::{Block, NULL_HASH};
use crate::budget::Budget;
use crate::options::Options;
use crate::profile::{Finding, Profile, RowSample, Scalar, Severity};
use crate::sketch::mix;

/// Bytes of a text cell kept (at most `max_value_bytes`).
pub const CELL_BYTES: usize = 64;
/// Bytes a cell is counted for: its slot and a full text.
const CELL_COST: u64 = 24 + CELL_BYTES as u64;
/// The file's first rows, shown beside the sample.
pub const HEAD_ROWS: usize = 10;
/// Seed of the row priorities.
const SEED: u64 = 0x5A4D_504C_4553_4545;

#[derive(Clone, Debug, Serialize, Deserialize)]
enum Cell {
    Null,
    Num(f64),
    /// A range of the row's text.
    Text(u32, u32),
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Row {
    prio: u64,
    offset: u64,
    line: u64,
    cells: Vec<Cell>,
    text: Vec<u8>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Sample {
    /// `sample_rows`.
    want: usize,
    /// Bytes the sample may take.
    share: u64,
    cell_bytes: usize,
    cols: usize,
    /// Rows kept at most now: `want`, or fewer for a wide file.
    k: usize,
    rows: Vec<Row>,
    /// The file's first rows.
    head: Vec<Row>,
    /// Mixed into the rows' priorities: 0 for a single file; distinct for each file of a
    /// dataset of several (their offsets start again at 0), so that every row of the dataset
    /// has its own hash ([`Sample::set_file`]).
    salt: u64,
    /// (priority, offset, slot) of each kept row, largest first: the row a new one replaces.
    #[serde(skip)]
    heap: BinaryHeap<(u64, u64, usize)>,
}

/// Row `r` of `block` into `row` (its buffers reused).
fn fill(row: &mut Row, block: &Block, r: usize, cols: usize, cell_bytes: usize, salt: u64) {
    let offset = block.offsets()[r];
    row.prio = priority(offset, salt);
    row.offset = offset;
    row.line = block.lines()[r];
    row.cells.clear();
    row.text.clear();
    for c in 0..cols.min(block.columns()) {
        let x = block.numbers(c)[r];
        let cell = if block.hashes(c)[r] == NULL_HASH {
            Cell::Null
        } else if !x.is_nan() {
            Cell::Num(x)
        } else {
            let bytes = block.field(c, r).map_or(&[][..], |f| f.bytes);
            let n = super::char_prefix(bytes, cell_bytes);
            let start = row.text.len() as u32;
            row.text.extend_from_slice(&bytes[..n]);
            Cell::Text(start, n as u32)
        };
        row.cells.push(cell);
    }
}

/// A part's row with its columns in the file's order and its line shifted.
fn mapped(lr: &Row, map: &[usize], cols: usize, shift: u64, row: &mut Row) {
    row.prio = lr.prio;
    row.offset = lr.offset;
    row.line = lr.line + shift;
    row.text.clone_from(&lr.text);
    row.cells.clear();
    row.cells.resize(cols, Cell::Null);
    for (a, cell) in lr.cells.iter().enumerate() {
        if let Some(&g) = map.get(a) {
            if g < cols {
                row.cells[g] = cell.clone();
            }
        }
    }
}

/// A row's priority: a hash of its absolute byte offset (and of its file's salt).
fn priority(offset: u64, salt: u64) -> u64 {
    mix(offset ^ SEED ^ salt)
}

impl Sample {
    /// The rows mined next are of the `index`-th file (from 0) of a dataset of several.
    pub fn set_file(&mut self, index: usize) {
        self.salt = if index == 0 { 0 } else { mix((index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)) };
    }

    /// Bytes the sample may hold for a budget of `budget` bytes.
    pub fn share_of(budget: u64) -> u64 {
        budget / 8
    }

    fn k_for(&self, cols: usize) -> usize {
        let per_row = 64 + cols.max(1) as u64 * CELL_COST;
        self.want.min((self.share / per_row) as usize).max(self.want.min(1))
    }

    fn rebuild_heap(&mut self) {
        if self.heap.len() != self.rows.len() {
            self.heap = self.rows.iter().enumerate().map(|(i, r)| (r.prio, r.offset, i)).collect();
        }
    }

    /// Tracks `cols` columns: the bound on rows may fall, and the largest priorities go.
    fn grow(&mut self, cols: usize) {
        if cols <= self.cols {
            return;
        }
        self.cols = cols;
        let k = self.k_for(cols);
        if k < self.k {
            self.k = k;
            // Keep the k smallest priorities, at once.
            self.rows.sort_unstable_by_key(|r| (r.prio, r.offset));
            self.rows.truncate(k);
            self.heap.clear();
            self.rebuild_heap();
        }
    }

    /// The slot a row of this priority goes to, if it is kept: a new one while fewer than k,
    /// else that of the largest priority, when this one is smaller.
    fn slot_for(&mut self, prio: u64, offset: u64) -> Option<usize> {
        if self.rows.len() < self.k {
            self.rows.push(Row::default());
            let slot = self.rows.len() - 1;
            self.heap.push((prio, offset, slot));
            return Some(slot);
        }
        let &(p, o, slot) = self.heap.peek()?;
        if (prio, offset) < (p, o) {
            self.heap.pop();
            self.heap.push((prio, offset, slot));
            Some(slot)
        } else {
            None
        }
    }
}

impl Aggregate for Sample {
    fn new(opts: &Options) -> Self {
        let mut s = Sample {
            want: opts.sample_rows,
            share: Sample::share_of(opts.memory_budget_bytes),
            cell_bytes: CELL_BYTES.min(opts.max_value_bytes),
            cols: 0,
            k: 0,
            rows: Vec::new(),
            head: Vec::new(),
            salt: 0,
            heap: BinaryHeap::new(),
        };
        s.k = s.k_for(1);
        s
    }

    fn update(&mut self, block: &Block, _budget: &mut Budget) {
        if self.want == 0 || block.rows() == 0 {
            return;
        }
        self.grow(block.columns());
        self.rebuild_heap();
        let cols = self.cols;
        let cell_bytes = self.cell_bytes;
        for (r, &offset) in block.offsets().iter().enumerate() {
            if self.head.len() < HEAD_ROWS {
                let mut row = Row::default();
                fill(&mut row, block, r, cols, cell_bytes, self.salt);
                self.head.push(row);
            }
            let prio = priority(offset, self.salt);
            let Some(slot) = self.slot_for(prio, offset) else { continue };
            fill(&mut self.rows[slot], block, r, cols, cell_bytes, self.salt);
        }
    }

    fn merge(&mut self, later: &Self, map: &[usize], shift: u64, _budget: &mut Budget) {
        if self.want == 0 {
            return;
        }
        let cols = (0..later.cols).map(|a| map[a] + 1).max().unwrap_or(0).max(self.cols);
        self.grow(cols);
        self.rebuild_heap();
        for lr in &later.rows {
            let Some(slot) = self.slot_for(lr.prio, lr.offset) else { continue };
            mapped(lr, map, cols, shift, &mut self.rows[slot]);
        }
        for lr in &later.head {
            if self.head.len() < HEAD_ROWS {
                let mut row = Row::default();
                mapped(lr, map, cols, shift, &mut row);
                self.head.push(row);
            }
        }
    }

    fn finish(&self, ctx: &Finish<'_>, p: &mut Profile) {
        if self.want == 0 {
            return;
        }
        let columns = ctx.columns;
        let mut order: Vec<&Row> = self.rows.iter().collect();
        order.sort_by_key(|r| r.line);
        let cols = self.cols.min(columns.len());
        let values = |r: &Row| -> Vec<Option<Scalar>> {
            (0..cols)
                .map(|c| match r.cells.get(c) {
                    None | Some(Cell::Null) => None,
                    Some(Cell::Num(x)) if columns[c].ty == "integer" && x.fract() == 0.0 && x.abs() < 9.0e15 => Some(Scalar::Int(*x as i64)),
                    Some(Cell::Num(x)) => Some(Scalar::Float(*x)),
                    Some(Cell::Text(s, n)) => Some(Scalar::Text(String::from_utf8_lossy(&r.text[*s as usize..(*s + *n) as usize]).into_owned())),
                })
                .collect()
        };
        let rows = order.iter().map(|r| values(r)).collect();
        if self.k < self.want && ctx.rows > self.k as u64 {
            p.findings.push(Finding {
                kind: "sample_limited",
                severity: Severity::Info,
                column: None,
                column_index: None,
                count: self.k as u64,
                lines: vec![],
                message: format!(
                    "The row sample has {} rows, not the {} asked for (sample_rows): {} columns' rows take more than an eighth of the memory budget. Raise memory_budget_bytes for a larger sample.",
                    self.k, self.want, self.cols
                ),
            });
        }
        p.sample = Some(RowSample {
            columns: columns[..cols].iter().map(|c| c.name.clone()).collect(),
            lines: order.iter().map(|r| r.line).collect(),
            rows,
            head: self.head.iter().map(values).collect(),
            head_lines: self.head.iter().map(|r| r.line).collect(),
            requested: self.want as u64,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bound_on_rows_falls_with_the_columns() {
        let opts = Options::default();
        let s = Sample::new(&opts);
        assert_eq!(s.k, 2000);
        assert_eq!(s.k_for(9), 2000);
        // 32 MiB / 8 = 4 MiB for 1,000 columns of 88 bytes: 47 rows.
        assert_eq!(s.k_for(1000), (4u64 * 1024 * 1024 / (64 + 1000 * 88)) as usize);
        let off = Sample::new(&Options { sample_rows: 0, ..Options::default() });
        assert_eq!(off.k_for(10), 0);
    }
}
