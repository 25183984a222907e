//! Outliers of a numeric or date column: Tukey's fences (1.5 × IQR beyond the quartiles) and the
//! modified z-score (0.6745 (x − median) / MAD, |z| > 3.5; Iglewicz and Hoaglin), counted from
//! the column's exact extremes.
//!
//! A column keeps its `m` smallest and `m` largest values with their line numbers
//! ([`Extremes`]; `m` comes from the sketch sizes, 64 for most files). The count of values
//! beyond a fence, and their lines, are then exact whenever the fence falls within those
//! extremes (some kept value is on the inner side of the fence) or every value was kept; the
//! profile says whether they are (`exact`). Otherwise the count is estimated from the quantile
//! digest's CDF, and at least `m`.
//!
//! The quartiles, the median and the MAD come from the quantile digest: exact while it is
//! (`quantiles_exact`), else estimates. When the MAD is 0 (more than half the values equal), the
//! score uses 1.253314 × the mean absolute deviation around the median instead (the fallback
//! of Iglewicz and Hoaglin; `scale` says which); when that is 0 too, every value is the median
//! and no value is an outlier by this score.

use crate::profile::{Extreme, Fences, Outliers, Scalar};

/// The `m` smallest and the `m` largest values with their lines. Ties keep the earliest lines,
/// so the same values are kept for any chunking and any split into parallel parts.
///
/// Each side is a buffer of candidates: a value beyond the side's cut (the m-th most extreme
/// kept so far) is appended, and when the buffer holds 4m, it is cut back to the m most extreme
/// (a selection, not a sort). So a value costs one comparison, and even sorted data (every value
/// a new maximum) costs a constant per value.
#[derive(Clone, Debug, Default)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Extremes {
    m: usize,
    /// Candidates for the m smallest by (value, line), unordered.
    low: Vec<(f64, u64)>,
    /// Candidates for the m largest by (value, −line), unordered.
    high: Vec<(f64, u64)>,
    /// A value enters `low` only below this (the m-th smallest kept, +inf until there are m).
    lo_cut: f64,
    /// A value enters `high` only above this.
    hi_cut: f64,
    /// Values seen.
    n: u64,
}

/// (value, line) ascending: the order of the low side.
fn low_order(a: &(f64, u64), b: &(f64, u64)) -> std::cmp::Ordering {
    a.0.total_cmp(&b.0).then(a.1.cmp(&b.1))
}

/// Value descending, then line ascending: the order of the high side.
fn high_order(a: &(f64, u64), b: &(f64, u64)) -> std::cmp::Ordering {
    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
}

/// Cuts `v` back to its `m` first by `order`; returns the value of the m-th (the new cut) when
/// `v` holds at least m.
fn keep_first(v: &mut Vec<(f64, u64)>, m: usize, order: fn(&(f64, u64), &(f64, u64)) -> std::cmp::Ordering) -> Option<f64> {
    if v.len() > m {
        v.select_nth_unstable_by(m - 1, order);
        v.truncate(m);
    }
    if v.len() < m {
        return None;
    }
    // The m-th: the last by `order` among those kept.
    v.iter().copied().max_by(order).map(|e| e.0)
}

impl Extremes {
    pub fn new(m: usize) -> Self {
        Extremes { m: m.max(1), low: Vec::new(), high: Vec::new(), lo_cut: f64::INFINITY, hi_cut: f64::NEG_INFINITY, n: 0 }
    }

    /// Heap bytes at most (both buffers of 4m candidates).
    pub fn bytes_for(m: usize) -> u64 {
        2 * 4 * m as u64 * 16
    }

    #[inline]
    pub fn push(&mut self, x: f64, line: u64) {
        self.n += 1;
        if x < self.lo_cut {
            self.low.push((x, line));
            if self.low.len() >= 4 * self.m {
                self.compact_low();
            }
        }
        if x > self.hi_cut {
            self.high.push((x, line));
            if self.high.len() >= 4 * self.m {
                self.compact_high();
            }
        }
    }

    #[cold]
    fn compact_low(&mut self) {
        if let Some(c) = keep_first(&mut self.low, self.m, low_order) {
            self.lo_cut = c;
        }
    }

    #[cold]
    fn compact_high(&mut self) {
        if let Some(c) = keep_first(&mut self.high, self.m, high_order) {
            self.hi_cut = c;
        }
    }

    /// Adds the extremes of the next part of the file, its lines shifted by `shift`.
    pub fn merge(&mut self, o: &Extremes, shift: u64) {
        for &(x, l) in &o.low {
            if x < self.lo_cut {
                self.low.push((x, l + shift));
                if self.low.len() >= 4 * self.m {
                    self.compact_low();
                }
            }
        }
        for &(x, l) in &o.high {
            if x > self.hi_cut {
                self.high.push((x, l + shift));
                if self.high.len() >= 4 * self.m {
                    self.compact_high();
                }
            }
        }
        self.n += o.n;
    }

    /// The m smallest, ascending, and the m largest, descending (ties: earliest line first).
    pub fn sorted(&self) -> (Vec<(f64, u64)>, Vec<(f64, u64)>) {
        let (mut low, mut high) = (self.low.clone(), self.high.clone());
        low.sort_unstable_by(low_order);
        low.truncate(self.m);
        high.sort_unstable_by(high_order);
        high.truncate(self.m);
        (low, high)
    }

    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// Whether every value seen is in the lists.
    fn all_kept(&self) -> bool {
        self.n <= self.m as u64
    }

    /// Values below `lo` and above `hi`: (count below, count above, whether the lists hold every
    /// such value, their lines ascending, the most extreme of them). `estimate(x, below)`
    /// counts the values below `x` (or above it) from the quantile digest, where the kept
    /// extremes do not reach a fence.
    #[allow(clippy::type_complexity)]
    fn beyond(&self, sorted: &(Vec<(f64, u64)>, Vec<(f64, u64)>), lo: f64, hi: f64, estimate: &dyn Fn(f64, bool) -> f64) -> (u64, u64, bool, Vec<u64>, Vec<(f64, u64)>) {
        let (low, high) = sorted;
        let below: Vec<(f64, u64)> = low.iter().filter(|e| e.0 < lo).copied().collect();
        let above: Vec<(f64, u64)> = high.iter().filter(|e| e.0 > hi).copied().collect();
        let all_below = self.all_kept() || below.len() < low.len();
        let all_above = self.all_kept() || above.len() < high.len();
        let mut lines: Vec<u64> = below.iter().chain(&above).map(|e| e.1).collect();
        lines.sort_unstable();
        lines.dedup();
        let nb = if all_below { below.len() as u64 } else { (estimate(lo, true).round() as u64).max(below.len() as u64) };
        let na = if all_above { above.len() as u64 } else { (estimate(hi, false).round() as u64).max(above.len() as u64) };
        let most: Vec<(f64, u64)> = below.iter().take(3).chain(above.iter().take(3)).copied().collect();
        (nb, na, all_below && all_above, lines, most)
    }
}

/// What the outliers are computed from, besides the extremes.
pub struct Center {
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
    /// The median absolute deviation from the median, and the mean absolute deviation from it.
    pub mad: f64,
    pub mean_ad: f64,
    /// Whether these come from exact counts.
    pub exact: bool,
}

/// Most extreme values listed on each side.
pub const LISTED: usize = 10;

/// The outliers of a column's values, `fmt` giving each value its profile form (a number, or a
/// date's text). `estimate(x, strictly_below)` estimates how many values are below `x` (or above
/// it when `strictly_below` is false).
pub fn outliers(ext: &Extremes, c: &Center, fmt: &dyn Fn(f64) -> Scalar, fence_fmt: &dyn Fn(f64) -> Scalar, estimate: &dyn Fn(f64, bool) -> f64) -> Option<Outliers> {
    if ext.is_empty() {
        return None;
    }
    let iqr = c.q3 - c.q1;
    let sorted = ext.sorted();
    let fences = |lo: f64, hi: f64| {
        let (below, above, complete, lines, most) = ext.beyond(&sorted, lo, hi, estimate);
        Fences {
            lower: fence_fmt(lo),
            upper: fence_fmt(hi),
            below,
            above,
            // Counted from the extremes when they reach the fences, else from the digest, which
            // counts exactly while it is exact.
            exact: complete || c.exact,
            lines_complete: complete,
            lines: lines.into_iter().take(crate::column::EXAMPLE_LINES).collect(),
            most_extreme: most.into_iter().map(|(x, line)| Extreme { value: fmt(x), line }).collect(),
        }
    };
    let tukey = fences(c.q1 - 1.5 * iqr, c.q3 + 1.5 * iqr);
    let (scale, scale_kind) = if c.mad > 0.0 { (c.mad, "mad") } else { (1.253314 * c.mean_ad, "mean_absolute_deviation") };
    let modified_z = (scale > 0.0).then(|| {
        // |0.6745 (x − median) / scale| > 3.5
        let reach = 3.5 * scale / 0.6745;
        fences(c.median - reach, c.median + reach)
    });
    let list = |v: &[(f64, u64)]| v.iter().take(LISTED).map(|&(x, line)| Extreme { value: fmt(x), line }).collect();
    Some(Outliers {
        tukey,
        modified_z,
        median: fmt(c.median),
        mad: c.mad,
        scale_kind,
        scale,
        center_exact: c.exact,
        lowest: list(&sorted.0),
        highest: list(&sorted.1),
        extremes_kept: ext.m as u64,
        values: ext.n,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The m smallest and largest by (value, line), by sorting everything.
    fn brute(xs: &[f64], m: usize) -> (Vec<(f64, u64)>, Vec<(f64, u64)>) {
        let mut v: Vec<(f64, u64)> = xs.iter().enumerate().map(|(i, &x)| (x, i as u64 + 1)).collect();
        v.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let low = v.iter().take(m).copied().collect();
        v.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        (low, v.into_iter().take(m).collect())
    }

    #[test]
    fn extremes_are_the_m_smallest_and_largest_for_any_split() {
        let mut r = crate::sketch::SplitMix64(5);
        for &n in &[0usize, 1, 5, 63, 64, 65, 1000, 20_000] {
            // Many ties: values from a small set, plus a few far ones.
            let mut xs: Vec<f64> = (0..n).map(|i| if i % 997 == 3 { (r.next_u64() % 1000) as f64 * 100.0 } else { (r.next_u64() % 50) as f64 }).collect();
            // Sorted data too: every value a new extreme on one side.
            if n % 2 == 1 {
                xs.sort_by(f64::total_cmp);
            } else if n == 20_000 {
                xs.sort_by(|a, b| b.total_cmp(a));
            }
            let m = 16;
            let (low, high) = brute(&xs, m);
            let mut one = Extremes::new(m);
            xs.iter().enumerate().for_each(|(i, &x)| one.push(x, i as u64 + 1));
            assert_eq!(one.sorted(), (low.clone(), high.clone()), "n {n}");
            for cut in [0, n / 3, n / 2, n] {
                let (mut a, mut b) = (Extremes::new(m), Extremes::new(m));
                xs[..cut].iter().enumerate().for_each(|(i, &x)| a.push(x, i as u64 + 1));
                xs[cut..].iter().enumerate().for_each(|(i, &x)| b.push(x, i as u64 + 1));
                a.merge(&b, cut as u64);
                assert_eq!((a.sorted(), a.n), (one.sorted(), one.n), "n {n} cut {cut}");
            }
        }
    }

    #[test]
    fn fences_count_exactly_within_the_extremes() {
        // 1..=1000 plus three planted outliers.
        let mut xs: Vec<f64> = (1..=1000).map(|i| i as f64).collect();
        xs.insert(10, -5000.0);
        xs.insert(500, 9000.0);
        xs.push(7000.0);
        let mut e = Extremes::new(64);
        xs.iter().enumerate().for_each(|(i, &x)| e.push(x, i as u64 + 1));
        let c = Center { q1: 250.0, median: 500.0, q3: 750.0, mad: 250.0, mean_ad: 250.0, exact: true };
        let o = outliers(&e, &c, &|x| Scalar::Float(x), &|x| Scalar::Float(x), &|_, _| panic!("the fences are within the extremes")).unwrap();
        // Tukey: [-500, 1500].
        assert_eq!((o.tukey.below, o.tukey.above, o.tukey.exact, o.tukey.lines_complete), (1, 2, true, true));
        assert_eq!(o.tukey.lines, vec![11, 501, 1003]);
        let z = o.modified_z.unwrap();
        assert_eq!((z.below, z.above, z.exact), (1, 2, true));
        assert_eq!(o.lowest[0], Extreme { value: Scalar::Float(-5000.0), line: 11 });
        assert_eq!(o.highest[0], Extreme { value: Scalar::Float(9000.0), line: 501 });
        // A fence past the kept extremes: estimated, and at least what is kept.
        let wide = Center { q1: 999.0, median: 999.5, q3: 1000.0, mad: 0.0, mean_ad: 0.0, exact: false };
        let o = outliers(&e, &wide, &|x| Scalar::Float(x), &|x| Scalar::Float(x), &|x, below| if below { x / 2.0 } else { 3.0 }).unwrap();
        assert!(!o.tukey.exact && !o.tukey.lines_complete);
        assert_eq!(o.tukey.below, 499, "from the estimate");
        assert_eq!(o.tukey.above, 2, "the two kept values above 1001.5");
        assert!(o.modified_z.is_none(), "MAD and mean absolute deviation 0: no score");
    }
}
