//! Bounded, deterministic, mergeable summaries, written for this engine: a KLL quantile
//! sketch, a HyperLogLog distinct counter and Misra-Gries frequent values. Each allocates its
//! memory once and never again, so the steady state stays allocation-free; each is
//! deterministic, so the profile is the same for any chunking. (Apache DataSketches' Rust
//! crate was tried first: its t-digest and frequent-items sketch allocate on every
//! compaction/purge and its KLL draws from a randomly seeded generator.)

pub mod hll;
pub mod kll;
pub mod topk;

use std::collections::HashSet;
use std::hash::BuildHasher;

use foldhash::fast::FixedState;

pub use hll::Hll;
pub use kll::Kll;
pub use topk::TopK;

use crate::profile::TopValue;

/// Histogram bins: `edges.len() == counts.len() + 1`.
#[derive(Clone, Debug, PartialEq)]
pub struct Bins {
    pub edges: Vec<f64>,
    pub counts: Vec<u64>,
}

/// Sizes of the per-column sketches. They shrink as the number of columns grows, so that a
/// wide file stays within the documented memory bound (see [`SketchParams::for_columns`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SketchParams {
    /// KLL accuracy parameter (more is more accurate and larger).
    pub kll_k: u16,
    /// Distinct values counted exactly (with their counts): the size of the top-values table.
    pub exact_limit: usize,
    /// log2 of the HyperLogLog registers.
    pub hll_lg_k: u8,
    /// Bytes of a value kept by any sketch (top values, examples).
    pub value_prefix: usize,
}

impl SketchParams {
    /// Full-size sketches up to 64 columns, then smaller ones.
    pub fn for_columns(n: usize, value_prefix: usize) -> SketchParams {
        if n <= 64 {
            SketchParams { kll_k: 200, exact_limit: 1024, hll_lg_k: 16, value_prefix: value_prefix.min(128) }
        } else if n <= 1024 {
            SketchParams { kll_k: 100, exact_limit: 128, hll_lg_k: 12, value_prefix: value_prefix.min(64) }
        } else {
            SketchParams { kll_k: 32, exact_limit: 32, hll_lg_k: 8, value_prefix: value_prefix.min(32) }
        }
    }
}

const HASHER: FixedState = FixedState::with_seed(0x5EED_5EED_5EED_5EED);

/// Final mix (splitmix64's): foldhash's fast hash leaves the high bits, which HyperLogLog
/// uses as the register index, poorly mixed for small integer inputs.
#[inline]
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// splitmix64: a small deterministic generator (the KLL coin, the data generator, tests).
#[derive(Clone, Debug)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Standard normal (Box-Muller).
    pub fn normal(&mut self) -> f64 {
        let (u1, u2) = (self.unit().max(1e-300), self.unit());
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
}

/// A 64-bit hash of bytes, the same on every platform and every run.
#[inline]
pub fn hash_bytes(b: &[u8]) -> u64 {
    mix(HASHER.hash_one(b))
}

/// A 64-bit hash of a number's canonical bits.
#[inline]
pub fn hash_u64(x: u64) -> u64 {
    mix(x.wrapping_add(0x9E37_79B9_7F4A_7C15))
}

/// The quantile ranks reported.
pub const RANKS: [f64; 7] = [0.01, 0.05, 0.25, 0.50, 0.75, 0.95, 0.99];

/// Most bins a histogram has.
pub const MAX_BINS: usize = 64;

/// Distinct values a [`Digest`] counts exactly before it turns to a KLL sketch.
pub const DIGEST_EXACT: usize = 64;
const SMALL_SLOTS: usize = 2 * DIGEST_EXACT;
/// An empty slot (the bits of a NaN; digests only see finite numbers).
const EMPTY: u64 = u64::MAX;

/// Exact counts of up to [`DIGEST_EXACT`] distinct values (open addressing on the bits).
#[derive(Clone, Debug)]
pub struct SmallCounts {
    keys: [u64; SMALL_SLOTS],
    counts: [u64; SMALL_SLOTS],
    len: usize,
}

impl SmallCounts {
    fn new() -> Self {
        SmallCounts { keys: [EMPTY; SMALL_SLOTS], counts: [0; SMALL_SLOTS], len: 0 }
    }

    /// Counts `x`; false (and nothing counted) when `x` is new and the table is full.
    #[inline]
    fn push(&mut self, x: f64) -> bool {
        // +0 and -0 are one value.
        let k = (x + 0.0).to_bits();
        let mut i = (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 57) as usize;
        loop {
            if self.keys[i] == k {
                self.counts[i] += 1;
                return true;
            }
            if self.keys[i] == EMPTY {
                if self.len == DIGEST_EXACT {
                    return false;
                }
                self.keys[i] = k;
                self.counts[i] = 1;
                self.len += 1;
                return true;
            }
            i = (i + 1) % SMALL_SLOTS;
        }
    }

    /// (value, count) sorted by value.
    pub fn weighted(&self) -> Vec<(f64, u64)> {
        let mut v: Vec<(f64, u64)> = (0..SMALL_SLOTS)
            .filter(|&i| self.keys[i] != EMPTY)
            .map(|i| (f64::from_bits(self.keys[i]), self.counts[i]))
            .collect();
        v.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        v
    }
}

/// Quantiles of a stream of finite numbers: exact counts while there are at most
/// [`DIGEST_EXACT`] distinct values (common: small integers, codes, string lengths), then a
/// KLL sketch, which the counts are replayed into. Allocated on the first value.
#[derive(Clone, Debug, Default)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Digest {
    small: Option<Box<SmallCounts>>,
    d: Option<Box<Kll>>,
    k: u16,
}

impl Digest {
    pub fn new(k: u16) -> Self {
        Digest { small: None, d: None, k }
    }

    #[inline]
    pub fn push(&mut self, x: f64) {
        if let Some(d) = &mut self.d {
            d.push(x);
        } else if let Some(s) = &mut self.small {
            if !s.push(x) {
                self.to_kll(x);
            }
        } else {
            self.first(x);
        }
    }

    /// `push` for each of `xs`.
    #[inline]
    pub fn push_batch(&mut self, xs: &[f64]) {
        match &mut self.d {
            Some(d) => d.push_batch(xs),
            None => xs.iter().for_each(|&x| self.push(x)),
        }
    }

    #[cold]
    fn first(&mut self, x: f64) {
        let mut s = Box::new(SmallCounts::new());
        s.push(x);
        self.small = Some(s);
    }

    /// Too many distinct values: the exact counts go into a KLL sketch, which takes over.
    #[cold]
    fn to_kll(&mut self, x: f64) {
        let mut d = Box::new(Kll::new(self.k));
        if let Some(s) = self.small.take() {
            // In the order of the table (deterministic), each value its count of times.
            for i in 0..SMALL_SLOTS {
                if s.keys[i] != EMPTY {
                    for _ in 0..s.counts[i] {
                        d.push(f64::from_bits(s.keys[i]));
                    }
                }
            }
        }
        d.push(x);
        self.d = Some(d);
    }

    pub fn is_empty(&self) -> bool {
        self.d.as_ref().is_none_or(|d| d.n() == 0) && self.small.is_none()
    }

    /// Whether the quantiles are exact (at most [`DIGEST_EXACT`] distinct values).
    pub fn is_exact(&self) -> bool {
        self.d.is_none()
    }

    /// Weighted items sorted by value (`None` when empty).
    fn items(&self) -> Option<Vec<(f64, u64)>> {
        match (&self.d, &self.small) {
            (Some(d), _) if d.n() > 0 => Some(d.weighted()),
            (None, Some(s)) if s.len > 0 => Some(s.weighted()),
            _ => None,
        }
    }

    /// p1, p5, p25, p50, p75, p95, p99.
    pub fn quantiles(&mut self) -> Option<[f64; 7]> {
        let q = kll::quantiles_of(&self.items()?, &RANKS);
        Some([q[0], q[1], q[2], q[3], q[4], q[5], q[6]])
    }

    /// A histogram over `[min, max]` with at most [`MAX_BINS`] bins, counts estimated from the
    /// sketch's CDF and scaled to `n` values. Integer data with a range of at most 64 gets one
    /// bin per integer.
    pub fn histogram(&mut self, min: f64, max: f64, n: u64, integers: bool) -> Option<Bins> {
        let items = self.items()?;
        if !(min.is_finite() && max.is_finite()) || n == 0 {
            return None;
        }
        let per_integer = integers && max - min < MAX_BINS as f64;
        let edges: Vec<f64> = if per_integer {
            // Bins [v, v+1), one for each integer v.
            (0..=(max - min) as usize + 1).map(|i| min + i as f64).collect()
        } else if max == min {
            vec![min, max]
        } else {
            let bins = ((2.0 * (n as f64).cbrt()).ceil() as usize).clamp(1, MAX_BINS);
            let w = (max - min) / bins as f64;
            (0..=bins).map(|i| if i == bins { max } else { min + w * i as f64 }).collect()
        };
        let counts = if edges.len() == 2 {
            vec![n]
        } else {
            // The CDF at the inner edges gives the mass of each bin (between integers, for
            // integer bins, so that no value sits on a split point).
            let inner: Vec<f64> =
                edges[1..edges.len() - 1].iter().map(|e| if per_integer { e - 0.5 } else { *e }).collect();
            let cdf = kll::cdf_of(&items, &inner);
            let mut prev = 0.0;
            let fractions: Vec<f64> = cdf
                .iter()
                .chain(std::iter::once(&1.0))
                .map(|&c| {
                    let f = (c - prev).max(0.0);
                    prev = c.max(prev);
                    f
                })
                .collect();
            apportion(&fractions, n)
        };
        Some(Bins { edges, counts })
    }
}

/// Integer counts proportional to `fractions` that add up to `n` (largest remainder).
fn apportion(fractions: &[f64], n: u64) -> Vec<u64> {
    let total: f64 = fractions.iter().sum();
    if total <= 0.0 {
        return vec![0; fractions.len()];
    }
    let exact: Vec<f64> = fractions.iter().map(|f| f / total * n as f64).collect();
    let mut counts: Vec<u64> = exact.iter().map(|e| e.floor() as u64).collect();
    let mut left = n - counts.iter().sum::<u64>();
    let mut order: Vec<usize> = (0..exact.len()).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())).then(a.cmp(&b)));
    for i in order {
        if left == 0 {
            break;
        }
        counts[i] += 1;
        left -= 1;
    }
    counts
}

/// Distinct count and frequent values of one column: a [`TopK`] table (exact until it first
/// fills) and a [`Hll`] for the distinct count once the table is no longer exact.
#[derive(Clone, Debug)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Frequencies {
    top: TopK,
    hll: Hll,
    /// The HyperLogLog is fed only once the table stops being exact: until then the table
    /// holds every distinct value, and they are replayed into it at that moment (updating 64
    /// KiB of registers at random for every value costs cache misses).
    hll_active: bool,
}

impl Frequencies {
    pub fn new(params: SketchParams) -> Self {
        Frequencies { top: TopK::new(params.exact_limit, params.value_prefix), hll: Hll::new(params.hll_lg_k), hll_active: false }
    }

    /// Counts one value with hash `h`, whose text is `text`.
    #[inline]
    pub fn push(&mut self, h: u64, text: &[u8]) {
        if !self.hll_active && self.top.is_full() && !self.top.contains(h) {
            // A new value for a full table: it purges, and stops being exact.
            for &k in self.top.hashes() {
                self.hll.push(k);
            }
            self.hll_active = true;
        }
        if self.hll_active {
            self.hll.push(h);
        }
        self.top.push(h, text);
    }

    /// (distinct count, whether it is exact).
    pub fn distinct(&self) -> (u64, bool) {
        if self.top.is_exact() {
            (self.top.len() as u64, true)
        } else {
            (self.hll.estimate().round() as u64, false)
        }
    }

    /// The `k` most frequent values, most frequent first (ties by text), with counts and
    /// error bounds (0 while exact). Once sketched, only values whose count is above the error
    /// bound are listed: the others cannot be told from noise.
    pub fn top(&self, k: usize) -> Vec<TopValue> {
        let exact = self.top.is_exact();
        self.top
            .top(k)
            .into_iter()
            .filter(|&(_, count, error)| exact || count > error)
            .map(|(text, count, error)| TopValue { value: String::from_utf8_lossy(text).into_owned(), count, error })
            .collect()
    }
}

/// Distinct records, for the duplicate-row estimate: exact (a set of record hashes, reserved
/// up front) up to `exact_limit` records, then a HyperLogLog (also allocated up front).
#[derive(Clone, Debug)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct DistinctRows {
    exact_limit: usize,
    exact: Option<HashSet<u64, FixedState>>,
    hll: Hll,
}

impl DistinctRows {
    pub fn new(exact_limit: usize, lg_k: u8) -> Self {
        DistinctRows { exact_limit, exact: Some(HashSet::with_capacity_and_hasher(exact_limit, HASHER)), hll: Hll::new(lg_k) }
    }

    #[inline]
    pub fn push(&mut self, h: u64) {
        match &mut self.exact {
            Some(set) if set.len() < self.exact_limit || set.contains(&h) => {
                set.insert(h);
            }
            Some(set) => {
                // Too many rows for the set: replay it into the HyperLogLog, which takes over.
                for &k in set.iter() {
                    self.hll.push(k);
                }
                self.hll.push(h);
                self.exact = None;
            }
            None => self.hll.push(h),
        }
    }

    /// (distinct rows, whether exact, relative standard error of the estimate).
    pub fn estimate(&self) -> (u64, bool, f64) {
        match &self.exact {
            Some(set) => (set.len() as u64, true, 0.0),
            None => (self.hll.estimate().round() as u64, false, self.hll.rel_error()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_preserves_the_total() {
        assert_eq!(apportion(&[0.5, 0.25, 0.25], 10), vec![5, 3, 2]);
        assert_eq!(apportion(&[1.0 / 3.0; 3], 10).iter().sum::<u64>(), 10);
        assert_eq!(apportion(&[0.0, 0.0], 5), vec![0, 0]);
    }

    #[test]
    fn frequencies_exact_then_sketched() {
        let p = SketchParams { kll_k: 100, exact_limit: 8, hll_lg_k: 12, value_prefix: 4 };
        let mut f = Frequencies::new(p);
        for i in 0..1000u64 {
            let v = if i % 2 == 0 { b"heavy-hitter".to_vec() } else { format!("v{}", i % 500).into_bytes() };
            f.push(hash_bytes(&v), &v);
        }
        let (d, exact) = f.distinct();
        assert!(!exact);
        assert!((240..=262).contains(&d), "distinct {d}");
        let top = f.top(3);
        assert_eq!(top[0].value, "heav", "prefix of 4 bytes");
        assert!(top[0].count <= 500 && 500 <= top[0].count + top[0].error, "{:?}", top[0]);
    }

    #[test]
    fn histogram_of_small_integers_has_a_bin_per_value() {
        let mut d = Digest::new(100);
        for v in [1.0, 2.0, 2.0, 3.0, 3.0, 3.0] {
            d.push(v);
        }
        let h = d.histogram(1.0, 3.0, 6, true).unwrap();
        assert_eq!(h.edges, vec![1.0, 2.0, 3.0, 4.0]);
        assert_eq!(h.counts, vec![1, 2, 3]);
    }
}

// Serialisation and merging for parallel mining (see `crate::parallel`).
mod merge;
