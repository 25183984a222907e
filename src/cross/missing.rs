//! Missing-value structure: which columns go missing together.
//!
//! - **Nullity correlation** (missingno's heatmap): the Pearson correlation of two columns'
//!   null indicators, exact from each column's null count and each pair's count of rows where
//!   both are null. Among the first `max_nullity_columns` columns; pair (i, j), i < j, lives at
//!   j(j-1)/2 + i.
//! - **Co-missing patterns** (R's `md.pattern`): for each row with a null among those columns,
//!   the set of columns that are null in it. An exact table of patterns (count, first line)
//!   while it fits the memory budget; past it, a frequent-items sketch (Misra-Gries) whose
//!   counts are lower bounds within a stated error, and first lines no longer known.
//!
//! A null here is a null token, an empty field or a missing one (a short row, a JSON Lines key
//! the row does not have): what the block marks with [`NULL_HASH`]. NaN tokens are values.

use serde::{Deserialize, Serialize};

use super::{Aggregate, Finish};
use crate::block::{Block, NULL_HASH};
use crate::budget::Budget;
use crate::options::Options;
use crate::profile::{Finding, MissingPattern, Missingness, Profile, Severity};
use crate::sketch::{ExactCounts, TopK, mix};

/// Patterns a sketch tracks once the exact table is demoted.
const SKETCH_PATTERNS: usize = 256;
/// Patterns reported.
pub const REPORTED_PATTERNS: usize = 20;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Missing {
    /// Most columns tracked.
    cap: usize,
    /// Columns tracked so far (the first `cols`).
    cols: usize,
    rows: u64,
    /// Null count of each tracked column.
    nulls: Vec<u64>,
    /// Rows where both columns of a pair are null.
    pairs: Vec<u64>,
    /// Rows with no null among the tracked columns, and the first such row's line.
    complete: u64,
    first_complete: Option<u64>,
    /// Patterns: key = a hash of the set of null columns; text = that set as a bitset; payload
    /// = the first line with it.
    exact: Option<ExactCounts>,
    sketch: Option<TopK>,
    /// Per-block scratch: the null mask of each column with a null in the block.
    #[serde(skip)]
    masks: Vec<(usize, [u64; 4])>,
    #[serde(skip)]
    bits: Vec<u8>,
}

/// A column's part of a pattern's key.
fn column_key(c: usize) -> u64 {
    mix((c as u64 + 1).wrapping_mul(0xD6E8_FEB8_6659_FD93))
}

use super::pair_index as idx;

impl Missing {
    /// Bytes of the pair counts for `cap` columns (a fixed overhead, in the memory model).
    pub fn fixed_bytes(cap: usize) -> u64 {
        (cap * cap.saturating_sub(1) / 2 * 8 + cap * 8) as u64
    }

    fn prefix(&self) -> usize {
        self.cap.div_ceil(8).max(1)
    }

    /// Tracks columns up to `n` (capped). A column that appears after `self.rows` rows (JSON
    /// Lines) was missing from each of them, as its column profile counts it: it joins every
    /// pattern so far, and the complete rows become rows where only it is null.
    fn grow(&mut self, n: usize, budget: &mut Budget) {
        let n = n.min(self.cap);
        while self.cols < n {
            let c = self.cols;
            self.cols += 1;
            self.nulls.push(0);
            self.pairs.resize(self.cols * (self.cols - 1) / 2, 0);
            if self.rows > 0 {
                self.appear(c, budget);
            }
        }
    }

    /// Column `c` (just tracked, no nulls counted) was null in every row so far.
    fn appear(&mut self, c: usize, budget: &mut Budget) {
        for j in (0..self.cols).filter(|&j| j != c) {
            let (a, b) = if j < c { (j, c) } else { (c, j) };
            self.pairs[idx(a, b)] += self.nulls[j];
        }
        self.nulls[c] = self.rows;
        let add = |key: u64, bits: &[u8]| -> (u64, Vec<u8>) {
            let mut b = bits.to_vec();
            if b.len() <= c / 8 {
                b.resize(c / 8 + 1, 0);
            }
            b[c / 8] |= 1 << (c % 8);
            (key.wrapping_add(column_key(c)), b)
        };
        let prefix = self.prefix();
        let mut only_c = vec![0u8; c / 8 + 1];
        only_c[c / 8] |= 1 << (c % 8);
        if let Some(t) = self.exact.take() {
            let mut u = ExactCounts::with_payload(prefix);
            for (e, (key, count, bits)) in t.entries().enumerate() {
                let (k, b) = add(key, bits);
                u.insert_with(k, count, &b, 0, t.payload(e).1);
            }
            if self.complete > 0 {
                u.insert_with(column_key(c), self.complete, &only_c, 0, self.first_complete.unwrap_or(0) as f64);
            }
            budget.sub(t.bytes());
            budget.add(u.bytes());
            self.exact = Some(u);
        } else if let Some(sk) = self.sketch.take() {
            let mut entries: Vec<(u64, u64, Vec<u8>)> = sk.top(SKETCH_PATTERNS).into_iter().map(|(bits, count, _)| {
                let key = (0..bits.len() * 8).filter(|&a| bits[a / 8] >> (a % 8) & 1 == 1).fold(0u64, |k, a| k.wrapping_add(column_key(a)));
                let (k, b) = add(key, bits);
                (k, count, b)
            }).collect();
            if self.complete > 0 {
                entries.push((column_key(c), self.complete, only_c));
            }
            self.sketch = Some(TopK::from_entries(SKETCH_PATTERNS, prefix, entries.iter().map(|(k, n, b)| (*k, *n, b.as_slice())).collect(), sk.offset()));
        }
        self.complete = 0;
        self.first_complete = None;
    }

    /// This state with its columns in the file's numbering (`map`), over `cols` columns: a
    /// file column no column of this part maps to was null in every row of it.
    fn remapped(&self, map: &[usize], cols: usize) -> Missing {
        let cap = self.cap;
        let mut o = Missing {
            cap,
            cols: 0,
            rows: self.rows,
            nulls: Vec::new(),
            pairs: Vec::new(),
            complete: self.complete,
            first_complete: self.first_complete,
            exact: None,
            sketch: None,
            masks: Vec::new(),
            bits: Vec::new(),
        };
        let to = |a: usize| map.get(a).copied().filter(|&g| g < cap);
        let present: Vec<usize> = (0..self.cols).filter_map(to).collect();
        o.cols = cols.max(present.iter().map(|g| g + 1).max().unwrap_or(0)).min(cap);
        o.nulls = vec![0; o.cols];
        o.pairs = vec![0; o.cols * o.cols.saturating_sub(1) / 2];
        for a in 0..self.cols {
            let Some(ga) = to(a) else { continue };
            o.nulls[ga] = self.nulls[a];
            for b in a + 1..self.cols {
                if let Some(gb) = to(b) {
                    let (i, j) = if ga < gb { (ga, gb) } else { (gb, ga) };
                    o.pairs[idx(i, j)] = self.pairs[idx(a, b)];
                }
            }
        }
        let remap = |bits: &[u8]| -> (u64, Vec<u8>) {
            let mut key = 0u64;
            let mut out = vec![0u8; o.cols.div_ceil(8).max(1)];
            for a in 0..(bits.len() * 8).min(self.cols) {
                if bits[a / 8] >> (a % 8) & 1 == 1 {
                    if let Some(g) = to(a) {
                        key = key.wrapping_add(column_key(g));
                        out[g / 8] |= 1 << (g % 8);
                    }
                }
            }
            (key, out)
        };
        let prefix = self.prefix();
        if let Some(t) = &self.exact {
            let mut u = ExactCounts::with_payload(prefix);
            for (e, (_, count, bits)) in t.entries().enumerate() {
                let (k, b) = remap(bits);
                if !u.bump(k, count) {
                    u.insert_with(k, count, &b, 0, t.payload(e).1);
                }
            }
            o.exact = Some(u);
        } else if let Some(sk) = &self.sketch {
            let entries: Vec<(u64, u64, Vec<u8>)> = sk.top(SKETCH_PATTERNS).into_iter().map(|(bits, count, _)| {
                let (k, b) = remap(bits);
                (k, count, b)
            }).collect();
            o.sketch = Some(TopK::from_entries(SKETCH_PATTERNS, prefix, entries.iter().map(|(k, n, b)| (*k, *n, b.as_slice())).collect(), sk.offset()));
        }
        // File columns this part never had: null in all its rows.
        let mut scratch = Budget::new(u64::MAX);
        for g in 0..o.cols {
            if !present.contains(&g) {
                let nulls = std::mem::take(&mut o.nulls[g]);
                debug_assert_eq!(nulls, 0);
                o.appear(g, &mut scratch);
            }
        }
        o
    }

    /// A row with `key`'s pattern, its bitset in `self.bits`, on `line`.
    fn pattern(&mut self, key: u64, count: u64, line: u64, budget: &mut Budget) {
        if let Some(t) = &mut self.exact {
            if t.bump(key, count) {
                return;
            }
            let g = t.growth(self.bits.len());
            if t.can_grow(self.bits.len()) && budget.fits(2 * g) {
                t.insert_with(key, count, &self.bits, 0, line as f64);
                budget.add(g);
                return;
            }
            self.demote(budget);
        }
        if let Some(s) = &mut self.sketch {
            if count == 1 {
                s.push(key, &self.bits);
            } else {
                // A merged pattern with its count.
                s.merge(&TopK::from_entries(SKETCH_PATTERNS, self.cap.div_ceil(8).max(1), vec![(key, count, &self.bits[..])], 0));
            }
        }
    }

    /// Checks a deserialised state against the options.
    pub fn check(&self, opts: &Options) -> bool {
        self.cap == opts.max_nullity_columns
            && self.nulls.len() == self.cols
            && self.pairs.len() == self.cols * self.cols.saturating_sub(1) / 2
            && self.exact.is_some() != self.sketch.is_some()
    }
}

impl Aggregate for Missing {
    fn new(opts: &Options) -> Self {
        let cap = opts.max_nullity_columns;
        Missing {
            cap,
            cols: 0,
            rows: 0,
            nulls: Vec::new(),
            pairs: Vec::new(),
            complete: 0,
            first_complete: None,
            exact: Some(ExactCounts::with_payload(cap.div_ceil(8).max(1))),
            sketch: None,
            masks: Vec::new(),
            bits: Vec::new(),
        }
    }

    fn update(&mut self, block: &Block, budget: &mut Budget) {
        let rows = block.rows();
        if rows == 0 {
            return;
        }
        self.grow(block.columns(), budget);
        self.rows += rows as u64;
        debug_assert!(rows <= 256);
        let mut masks = std::mem::take(&mut self.masks);
        masks.clear();
        for c in 0..self.cols {
            let mut m = [0u64; 4];
            for (r, &h) in block.hashes(c).iter().enumerate() {
                m[r >> 6] |= ((h == NULL_HASH) as u64) << (r & 63);
            }
            if m != [0; 4] {
                self.nulls[c] += m.iter().map(|w| w.count_ones() as u64).sum::<u64>();
                masks.push((c, m));
            }
        }
        for (a, &(i, mi)) in masks.iter().enumerate() {
            for &(j, mj) in &masks[a + 1..] {
                self.pairs[idx(i, j)] += (0..4).map(|w| (mi[w] & mj[w]).count_ones() as u64).sum::<u64>();
            }
        }
        let any = masks.iter().fold([0u64; 4], |acc, (_, m)| [acc[0] | m[0], acc[1] | m[1], acc[2] | m[2], acc[3] | m[3]]);
        let with_null: u64 = any.iter().map(|w| w.count_ones() as u64).sum();
        self.complete += rows as u64 - with_null;
        if self.first_complete.is_none() && with_null < rows as u64 {
            let r = (0..rows).find(|&r| any[r >> 6] >> (r & 63) & 1 == 0).expect("a complete row");
            self.first_complete = Some(block.lines()[r]);
        }
        if with_null > 0 {
            // Each row's pattern key: a sum over its null columns.
            let mut keys = [0u64; 256];
            for &(c, m) in &masks {
                let k = column_key(c);
                for (w, &word) in m.iter().enumerate() {
                    let mut bits = word;
                    while bits != 0 {
                        keys[w * 64 + bits.trailing_zeros() as usize] = keys[w * 64 + bits.trailing_zeros() as usize].wrapping_add(k);
                        bits &= bits - 1;
                    }
                }
            }
            let prefix = self.prefix();
            for r in 0..rows {
                if any[r >> 6] >> (r & 63) & 1 == 0 {
                    continue;
                }
                // Rows of a pattern already counted need no bitset.
                if self.exact.as_mut().is_some_and(|t| t.bump(keys[r], 1)) {
                    continue;
                }
                self.bits.clear();
                self.bits.resize(self.cols.div_ceil(8).min(prefix), 0);
                for &(c, m) in &masks {
                    if m[r >> 6] >> (r & 63) & 1 == 1 {
                        self.bits[c / 8] |= 1 << (c % 8);
                    }
                }
                self.pattern(keys[r], 1, block.lines()[r], budget);
            }
        }
        self.masks = masks;
    }

    fn merge(&mut self, later: &Self, map: &[usize], shift: u64, budget: &mut Budget) {
        // Both sides in the file's columns, each with every column the other has (a column a
        // side never saw was null in all of its rows).
        let o = later.remapped(map, self.cols);
        self.grow(o.cols, budget);
        self.rows += o.rows;
        self.complete += o.complete;
        if self.first_complete.is_none() {
            self.first_complete = o.first_complete.map(|l| l + shift);
        }
        for (a, n) in self.nulls.iter_mut().zip(&o.nulls) {
            *a += n;
        }
        for (a, n) in self.pairs.iter_mut().zip(&o.pairs) {
            *a += n;
        }
        if let Some(t) = &o.exact {
            for (e, (key, count, bits)) in t.entries().enumerate() {
                self.bits.clear();
                self.bits.extend_from_slice(bits);
                self.pattern(key, count, t.payload(e).1 as u64 + shift, budget);
            }
        } else if let Some(s) = &o.sketch {
            if self.exact.is_some() {
                self.demote(budget);
            }
            if let Some(own) = &mut self.sketch {
                own.merge(s);
            }
        }
    }

    fn exact_bytes(&self) -> u64 {
        self.exact.as_ref().map_or(0, ExactCounts::bytes)
    }

    fn demote(&mut self, budget: &mut Budget) {
        let Some(t) = self.exact.take() else { return };
        let entries: Vec<(u64, u64, &[u8])> = t.entries().collect();
        self.sketch = Some(TopK::from_entries(SKETCH_PATTERNS, self.prefix(), entries, 0));
        budget.demoted(t.bytes(), 0);
    }

    fn finish(&self, ctx: &Finish<'_>, p: &mut Profile) {
        let columns = ctx.columns;
        let tracked = self.cols.min(columns.len());
        let n = self.rows;
        // Columns with nulls, but not only nulls: the others have no nullity correlation.
        let with: Vec<usize> = (0..tracked).filter(|&c| self.nulls[c] > 0 && self.nulls[c] < n).collect();
        let r = |i: usize, j: usize| -> Option<f64> {
            if i == j {
                return Some(1.0);
            }
            let (a, b) = (self.nulls[i] as f64, self.nulls[j] as f64);
            let both = self.pairs[if i < j { idx(i, j) } else { idx(j, i) }] as f64;
            let nf = n as f64;
            let den = (a * (nf - a) * b * (nf - b)).sqrt();
            (den > 0.0).then(|| ((nf * both - a * b) / den).clamp(-1.0, 1.0))
        };
        let nullity: Vec<Vec<Option<f64>>> = with.iter().map(|&i| with.iter().map(|&j| r(i, j)).collect()).collect();
        let names = |bits: &[u8]| -> Vec<String> {
            (0..tracked).filter(|&c| c / 8 < bits.len() && bits[c / 8] >> (c % 8) & 1 == 1).map(|c| columns[c].name.clone()).collect()
        };
        let (patterns, exact, error) = match (&self.exact, &self.sketch) {
            (Some(t), _) => {
                let mut v: Vec<(usize, u64)> = t.entries().enumerate().map(|(e, (_, c, _))| (e, c)).collect();
                // Largest count first; ties by first line.
                v.sort_by(|a, b| b.1.cmp(&a.1).then(t.payload(a.0).1.total_cmp(&t.payload(b.0).1)));
                let pats = v
                    .iter()
                    .take(REPORTED_PATTERNS)
                    .map(|&(e, c)| MissingPattern { columns: names(t.text(e)), count: c, error: 0, first_line: Some(t.payload(e).1 as u64) })
                    .collect();
                (pats, true, 0)
            }
            (None, Some(s)) => {
                let pats = s
                    .top(REPORTED_PATTERNS)
                    .into_iter()
                    .map(|(bits, c, err)| MissingPattern { columns: names(bits), count: c, error: err, first_line: None })
                    .collect();
                (pats, false, s.offset())
            }
            (None, None) => (Vec::new(), true, 0),
        };
        let m = Missingness {
            columns: with.iter().map(|&c| columns[c].name.clone()).collect(),
            nullity,
            complete_rows: self.complete,
            rows_with_nulls: n - self.complete,
            patterns,
            patterns_exact: exact,
            patterns_error: error,
            distinct_patterns: self.exact.as_ref().map(|t| t.len() as u64),
            tracked_columns: tracked as u64,
        };
        // Findings: columns almost always null together; a dominant pattern.
        for (a, &i) in with.iter().enumerate() {
            for &j in &with[a + 1..] {
                let rr = r(i, j).unwrap_or(0.0);
                let both = self.pairs[idx(i, j)];
                let either = self.nulls[i] + self.nulls[j] - both;
                if rr >= 0.9 && both >= 10 {
                    let (ni, nj) = (&columns[i].name, &columns[j].name);
                    p.findings.push(Finding {
                        kind: "missing_together",
                        severity: Severity::Info,
                        column: Some(ni.clone()),
                        column_index: Some(i),
                        count: both,
                        lines: m.patterns.iter().filter(|q| q.columns.contains(ni) && q.columns.contains(nj)).filter_map(|q| q.first_line).take(crate::column::EXAMPLE_LINES).collect(),
                        message: format!(
                            "Columns \"{ni}\" and \"{nj}\" are missing together: both are null in {both} row(s), one of them in {either}; their nullity correlation is {rr:.3}. They likely come from one source (a join, an optional section of a form): impute or drop them together."
                        ),
                    });
                }
            }
        }
        if let Some(top) = m.patterns.first() {
            let share = top.count as f64 / n.max(1) as f64;
            if top.columns.len() >= 2 && share >= 0.05 && top.count >= 10 {
                p.findings.push(Finding {
                    kind: "missing_pattern",
                    severity: Severity::Info,
                    column: None,
                    column_index: None,
                    count: top.count,
                    lines: top.first_line.into_iter().collect(),
                    message: format!(
                        "{}{} row(s) ({:.1}%) miss the same {} columns: {}. The most frequent pattern of missing values; the first such row is line {}.",
                        if m.patterns_exact { "" } else { "About " },
                        top.count,
                        share * 100.0,
                        top.columns.len(),
                        top.columns.join(", "),
                        top.first_line.map_or("unknown (estimated past the memory budget)".to_string(), |l| l.to_string())
                    ),
                });
            }
        }
        let untracked = columns[tracked..].iter().filter(|c| c.nulls > 0).count() as u64;
        if untracked > 0 {
            p.findings.push(crate::findings::limited_finding(
                "nullity_limited",
                untracked,
                format!(
                    "{untracked} column(s) with nulls come after the first {} columns and are left out of the nullity correlation and the missing-value patterns. Raise max_nullity_columns to include them (the work per row grows with the square of the columns that have nulls).",
                    ctx.opts.max_nullity_columns
                ),
            ));
        }
        p.missing = Some(m);
    }
}
