//! Pearson correlations of every pair among the first `max_correlation_columns` columns, from
//! streaming co-moments over pairwise-complete rows.
//!
//! Pair (i, j), i < j, lives at j(j-1)/2 + i, so the table grows with the columns seen (JSON
//! Lines columns appear as they come) and never beyond the cap. For each block, each pair's
//! co-moments over the block's rows where both are numbers are computed in two passes (means,
//! then deviations: accurate whatever the data's offset) and merged into the pair's running
//! co-moments with the parallel formula; columns with a number in every row of the block
//! ("dense") get their deviations once, and a pair of them only a dot product.

use serde::{Deserialize, Serialize};

use super::{Aggregate, Finish};
use crate::block::Block;
use crate::budget::Budget;
use crate::findings;
use crate::moments::CoMoment;
use crate::options::Options;
use crate::profile::{Correlations, Profile};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Pearson {
    /// Most columns tracked.
    cap: usize,
    /// Columns tracked so far (the first `cols` columns).
    cols: usize,
    pairs: Vec<CoMoment>,
    /// Per-block scratch: the columns with a number, each dense column's deviations and
    /// (mean, sum of deviations, sum of squares).
    #[serde(skip)]
    active: Vec<usize>,
    #[serde(skip)]
    dev: Vec<f64>,
    #[serde(skip)]
    dense: Vec<Option<(f64, f64, f64)>>,
}

impl Pearson {
    #[inline]
    fn idx(i: usize, j: usize) -> usize {
        super::pair_index(i, j)
    }

    /// Columns tracked.
    pub fn columns(&self) -> usize {
        self.cols
    }

    /// Tracks columns up to `n` (capped).
    pub fn grow(&mut self, n: usize) {
        let n = n.min(self.cap);
        if n > self.cols {
            self.cols = n;
            self.pairs.resize(n * n.saturating_sub(1) / 2, CoMoment::default());
        }
    }

    /// The co-moments of columns `i` and `j` (tracked, i != j), x = i.
    pub fn pair(&self, i: usize, j: usize) -> CoMoment {
        if i < j { self.pairs[Self::idx(i, j)] } else { self.pairs[Self::idx(j, i)].swapped() }
    }

    /// Checks a deserialised state against the options.
    pub fn check(&self, opts: &Options, columns: usize) -> bool {
        self.cap == opts.max_correlation_columns
            && self.cols <= columns.min(self.cap)
            && self.pairs.len() == self.cols * self.cols.saturating_sub(1) / 2
    }
}

impl Aggregate for Pearson {
    fn new(opts: &Options) -> Self {
        Pearson { cap: opts.max_correlation_columns, cols: 0, pairs: Vec::new(), active: Vec::new(), dev: Vec::new(), dense: Vec::new() }
    }

    fn update(&mut self, block: &Block, _budget: &mut Budget) {
        self.grow(block.columns());
        let rows = block.rows();
        if rows == 0 || self.cols < 2 {
            return;
        }
        if self.dense.len() < self.cols {
            self.dense.resize(self.cols, None);
        }
        if self.dev.len() < self.cols * rows {
            self.dev.resize(self.cols * rows, 0.0);
        }
        let mut active = std::mem::take(&mut self.active);
        active.clear();
        active.extend((0..self.cols).filter(|&i| block.numbers(i).iter().any(|x| !x.is_nan())));
        // Dense columns: the mean and deviations do not depend on the pair.
        let nf = rows as f64;
        for &i in &active {
            let xs = block.numbers(i);
            self.dense[i] = if xs.iter().any(|x| x.is_nan()) {
                None
            } else {
                let mean = xs.iter().sum::<f64>() / nf;
                let d = &mut self.dev[i * rows..(i + 1) * rows];
                let (mut dsum, mut m2) = (0.0, 0.0);
                for (d, &x) in d.iter_mut().zip(xs) {
                    *d = x - mean;
                    dsum += *d;
                    m2 += *d * *d;
                }
                Some((mean, dsum, m2))
            };
        }
        for (b, &j) in active.iter().enumerate() {
            let ys = block.numbers(j);
            for &i in &active[..b] {
                let xs = block.numbers(i);
                let k = Self::idx(i, j);
                if let (Some((mx, dxs, m2x)), Some((my, dys, m2y))) = (self.dense[i], self.dense[j]) {
                    // Both dense: only the cross term needs a pass (a dot product).
                    let (di, dj) = (&self.dev[i * rows..(i + 1) * rows], &self.dev[j * rows..(j + 1) * rows]);
                    let c: f64 = di.iter().zip(dj).map(|(a, b)| a * b).sum();
                    self.pairs[k].merge(&CoMoment::from_two_pass(rows as u64, mx, my, dxs, dys, m2x, m2y, c));
                    continue;
                }
                let (mut n, mut sx, mut sy) = (0u32, 0.0, 0.0);
                for (&x, &y) in xs.iter().zip(ys) {
                    if !x.is_nan() && !y.is_nan() {
                        n += 1;
                        sx += x;
                        sy += y;
                    }
                }
                if n == 0 {
                    continue;
                }
                let nf = n as f64;
                let (mx, my) = (sx / nf, sy / nf);
                let (mut dxs, mut dys, mut m2x, mut m2y, mut c) = (0.0, 0.0, 0.0, 0.0, 0.0);
                for (&x, &y) in xs.iter().zip(ys) {
                    if !x.is_nan() && !y.is_nan() {
                        let (dx, dy) = (x - mx, y - my);
                        dxs += dx;
                        dys += dy;
                        m2x += dx * dx;
                        m2y += dy * dy;
                        c += dx * dy;
                    }
                }
                self.pairs[k].merge(&CoMoment::from_two_pass(n as u64, mx, my, dxs, dys, m2x, m2y, c));
            }
        }
        self.active = active;
    }

    fn merge(&mut self, later: &Self, map: &[usize], _shift: u64, _budget: &mut Budget) {
        let grown = (0..later.cols).map(|a| map[a] + 1).max().unwrap_or(0);
        self.grow(grown);
        for a in 0..later.cols {
            for b in a + 1..later.cols {
                let (ga, gb) = (map[a], map[b]);
                let c = later.pair(a, b);
                let (i, j, c) = if ga < gb { (ga, gb, c) } else { (gb, ga, c.swapped()) };
                self.pairs[Self::idx(i, j)].merge(&c);
            }
        }
    }

    fn finish(&self, ctx: &Finish<'_>, p: &mut Profile) {
        let columns = ctx.columns;
        // Correlations of the numeric columns among the tracked ones.
        let tracked = self.cols.min(columns.len());
        let numeric: Vec<usize> = (0..tracked).filter(|&i| matches!(columns[i].ty, "integer" | "float")).collect();
        let correlations = Correlations {
            columns: numeric.iter().map(|&i| columns[i].name.clone()).collect(),
            pearson: numeric
                .iter()
                .map(|&i| {
                    numeric
                        .iter()
                        .map(|&j| if i == j { columns[i].std.filter(|s| *s > 0.0).map(|_| 1.0) } else { self.pair(i, j).r() })
                        .collect()
                })
                .collect(),
        };
        p.findings.extend(findings::correlation_findings(&correlations, columns, |a, b| self.pair(numeric[a], numeric[b]).n));
        let untracked = columns[tracked..].iter().filter(|c| matches!(c.ty, "integer" | "float")).count() as u64;
        if untracked > 0 {
            p.findings.push(crate::findings::limited_finding(
                "correlations_limited",
                untracked,
                format!(
                    "{untracked} numeric column(s) come after the first {} columns and are not in the correlation matrix. Raise max_correlation_columns to include them (the work per row grows with its square).",
                    ctx.opts.max_correlation_columns
                ),
            ));
        }
        p.correlations = correlations;
    }
}
