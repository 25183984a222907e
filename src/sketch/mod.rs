//! Bounded, deterministic, mergeable summaries, written for this engine: a KLL quantile
//! sketch, a HyperLogLog distinct counter and Misra-Gries frequent values. Each allocates its
//! memory once and never again, so the steady state stays allocation-free; each is
//! deterministic, so the profile is the same for any chunking. (Apache DataSketches' Rust
//! crate was tried first: its t-digest and frequent-items sketch allocate on every
//! compaction/purge and its KLL draws from a randomly seeded generator.)

pub mod hll;
pub mod kll;
pub mod topk;
pub mod exact;

use std::hash::BuildHasher;

use foldhash::fast::FixedState;

pub use hll::Hll;
pub use kll::Kll;
pub use topk::TopK;
pub use exact::ExactCounts;

use crate::budget::Budget;

use crate::profile::TopValue;

/// Histogram bins: `edges.len() == counts.len() + 1`.
#[derive(Clone, Debug, PartialEq)]
pub struct Bins {
    pub edges: Vec<f64>,
    pub counts: Vec<u64>,
}

/// Sizes of one column's sketches, used once a statistic is demoted from its exact table
/// (see [`crate::budget`]). They come from the share of the memory budget a column gets, so a
/// narrow file gets larger sketches than a wide one, and all of them fit a quarter of the
/// budget together.
#[derive(Clone, Copy, Debug, PartialEq)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct SketchParams {
    /// KLL accuracy parameter (more is more accurate and larger).
    pub kll_k: u16,
    /// Values a top-values sketch tracks (Misra-Gries counters).
    pub exact_limit: usize,
    /// log2 of the HyperLogLog registers.
    pub hll_lg_k: u8,
    /// Bytes of a value kept by the top values (exact or sketched) and the examples.
    pub value_prefix: usize,
    /// Smallest and largest values kept with their lines, each side (for outliers).
    pub extremes: usize,
}

/// The sketch sizes offered, largest first: (KLL k, top-values counters, HyperLogLog
/// precision, value prefix).
const TIERS: [(u16, usize, u8, usize, usize); 5] =
    [(400, 4096, 18, 128, 64), (200, 1024, 16, 128, 64), (100, 256, 13, 64, 32), (64, 64, 10, 32, 16), (32, 16, 8, 16, 8)];

impl SketchParams {
    /// Bytes of one column's sketches with these sizes: a HyperLogLog, the top-values table and
    /// up to three quantile sketches (numbers, dates, lengths).
    pub fn sketch_bytes(&self) -> u64 {
        let cap = self.exact_limit as u64;
        (1u64 << self.hll_lg_k)
            + cap * (self.value_prefix as u64 + 8 + 8 + 2 + 8)
            + (2 * cap).next_power_of_two() * 4
            + 3 * (Kll::buffer_len_for(self.kll_k, 1 << 40) as u64 * 8 + 800)
            + 2 * crate::column::outliers::Extremes::bytes_for(self.extremes)
    }

    /// The largest sizes whose sketches fit `share` bytes.
    pub fn for_share(share: u64, max_value_bytes: usize) -> SketchParams {
        let of = |(kll_k, exact_limit, hll_lg_k, prefix, extremes): (u16, usize, u8, usize, usize)| SketchParams {
            kll_k,
            exact_limit,
            hll_lg_k,
            value_prefix: prefix.min(max_value_bytes),
            extremes,
        };
        TIERS.iter().map(|&t| of(t)).find(|p| p.sketch_bytes() <= share).unwrap_or(of(TIERS[TIERS.len() - 1]))
    }

    /// Sizes for each of `n` columns (a CSV file's header): a quarter of the budget shared.
    pub fn for_columns(budget: u64, n: usize, max_value_bytes: usize) -> SketchParams {
        Self::for_share(budget / 4 / n.max(1) as u64, max_value_bytes)
    }

    /// Sizes for JSON Lines column `i` (0-based), which appear one by one: a share that falls
    /// with the column's position as (i+1)·log2(i+1), so that any number of columns takes at
    /// most about a quarter of the budget, and that a column's sizes depend only on its position.
    pub fn for_jsonl_column(budget: u64, i: usize, max_value_bytes: usize) -> SketchParams {
        let n = (i + 1) as f64;
        let eff = (n * (1.0 + libm::log2(n)) / 2.0).max(16.0);
        Self::for_share((budget as f64 / 8.0 / eff) as u64, max_value_bytes)
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

/// Quantiles of a stream of finite numbers: exact counts of every distinct value while they
/// fit the memory budget (then quantiles and histograms are exact), then a KLL sketch, which
/// the counts are replayed into. Allocated on the first value.
#[derive(Clone, Debug, Default)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Digest {
    exact: Option<ExactCounts>,
    d: Option<Box<Kll>>,
    k: u16,
    /// At the end of a column whose table of values stayed exact: its numbers with their
    /// counts, sorted ([`Digest::finished`]).
    #[serde(skip)]
    sorted: Option<Vec<(f64, u64)>>,
    /// The sorted weighted items once the quantiles or the histogram were read (they are read
    /// at the end, when no value comes any more): sorted once for both.
    #[serde(skip)]
    read: Option<Vec<(f64, u64)>>,
}

/// The key of a number in the exact counts (+0 and -0 are one value).
#[inline]
fn num_key(x: f64) -> u64 {
    (x + 0.0).to_bits()
}

impl Digest {
    pub fn new(k: u16) -> Self {
        Digest { exact: None, d: None, k, sorted: None, read: None }
    }

    /// The exact digest of these distinct (value, count) items, for the end of a column
    /// (quantiles and histogram only; it takes no more values).
    pub fn finished(k: u16, mut items: Vec<(f64, u64)>) -> Digest {
        items.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        Digest { exact: None, d: None, k, sorted: (!items.is_empty()).then_some(items), read: None }
    }

    #[inline]
    pub fn push(&mut self, x: f64, budget: &mut Budget) {
        if let Some(d) = &mut self.d {
            d.push(x);
            return;
        }
        let key = num_key(x);
        let t = self.exact.get_or_insert_with(|| ExactCounts::new(0));
        if t.bump(key, 1) {
            return;
        }
        self.new_value(x, budget);
    }

    #[cold]
    fn new_value(&mut self, x: f64, budget: &mut Budget) {
        let t = self.exact.as_mut().expect("exact while no sketch");
        let g = t.growth(0);
        if t.can_grow(0) && budget.fits(2 * g) {
            t.insert(num_key(x), 1, &[]);
            budget.add(g);
        } else {
            self.demote(budget);
            self.d.as_mut().expect("demoted").push(x);
        }
    }

    /// `push` for each of `xs`.
    #[inline]
    pub fn push_batch(&mut self, xs: &[f64], budget: &mut Budget) {
        match &mut self.d {
            Some(d) => d.push_batch(xs),
            None => xs.iter().for_each(|&x| self.push(x, budget)),
        }
    }

    /// Heap bytes held.
    pub fn bytes(&self) -> u64 {
        self.exact.as_ref().map_or(0, ExactCounts::bytes) + self.d.as_ref().map_or(0, |d| d.bytes())
    }

    pub fn k(&self) -> u16 {
        self.k
    }

    /// Bytes of the exact counts (0 once sketched): what demoting it would give back.
    pub fn exact_bytes(&self) -> u64 {
        if self.d.is_some() { 0 } else { self.exact.as_ref().map_or(0, ExactCounts::bytes) }
    }

    /// Exact counts of these (value, count) items (distinct values), counted in the budget; a
    /// KLL sketch of them when they do not fit it.
    pub fn from_items(k: u16, items: Vec<(f64, u64)>, budget: &mut Budget) -> Digest {
        if items.is_empty() {
            return Digest::new(k);
        }
        if !budget.fits(2 * ExactCounts::bytes_for(items.len())) {
            // Straight to the sketch (the items' order does not matter to it).
            return Digest { exact: None, d: Some(Box::new(Kll::from_weighted(k, &items))), k, sorted: None, read: None };
        }
        // The items are distinct values (a column's table of values holds each number once).
        let mut t = ExactCounts::with_capacity(items.len());
        for (x, c) in items {
            if !t.bump(num_key(x), c) {
                t.insert(num_key(x), c, &[]);
            }
        }
        budget.add(t.bytes());
        Digest { exact: Some(t), d: None, k, sorted: None, read: None }
    }

    /// The exact counts become a KLL sketch (every value with its count), which takes over.
    pub fn demote(&mut self, budget: &mut Budget) {
        if self.d.is_some() {
            return;
        }
        let before = self.bytes();
        let items = self.exact_items_unsorted();
        let d = Box::new(Kll::from_weighted(self.k, &items));
        self.exact = None;
        self.d = Some(d);
        budget.demoted(before, self.bytes());
    }

    /// The exact counts as (value, count), in the table's order.
    fn exact_items_unsorted(&self) -> Vec<(f64, u64)> {
        self.exact.as_ref().map_or_else(Vec::new, |t| t.entries().map(|(k, c, _)| (f64::from_bits(k), c)).collect())
    }

    fn exact_items(&self) -> Vec<(f64, u64)> {
        if let Some(s) = &self.sorted {
            return s.clone();
        }
        let mut v = self.exact_items_unsorted();
        v.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        v
    }

    pub fn is_empty(&self) -> bool {
        self.d.as_ref().is_none_or(|d| d.n() == 0) && self.exact.as_ref().is_none_or(ExactCounts::is_empty) && self.sorted.is_none()
    }

    /// Whether the quantiles and the histogram are exact (every distinct value counted).
    pub fn is_exact(&self) -> bool {
        self.d.is_none()
    }

    /// The normalised rank error of the quantiles: 0 while exact, else the KLL sketch's
    /// (about 99% confidence).
    pub fn rank_error(&self) -> f64 {
        self.d.as_ref().map_or(0.0, |d| d.rank_error())
    }

    /// Weighted items sorted by value (`None` when empty), sorted once: the digest takes no
    /// more values after its quantiles or histogram were read.
    fn read_items(&mut self) {
        // A finished exact digest's items are sorted already: read in place, not copied.
        if self.read.is_none() && self.sorted.is_none() {
            let v = match &self.d {
                Some(d) => d.weighted(),
                None => self.exact_items(),
            };
            self.read = Some(v);
        }
    }

    fn items(&self) -> Option<&[(f64, u64)]> {
        self.read.as_deref().or(self.sorted.as_deref()).filter(|v| !v.is_empty())
    }

    /// p1, p5, p25, p50, p75, p95, p99.
    pub fn quantiles(&mut self) -> Option<[f64; 7]> {
        self.read_items();
        let q = kll::quantiles_of(self.items()?, &RANKS);
        Some([q[0], q[1], q[2], q[3], q[4], q[5], q[6]])
    }

    /// The median absolute deviation from `median` and the mean absolute deviation from it,
    /// from the same items as the quantiles (exact while the digest is).
    pub fn deviations(&mut self, median: f64) -> Option<(f64, f64)> {
        self.read_items();
        let items = self.items()?;
        let total: u64 = items.iter().map(|i| i.1).sum();
        let mean = items.iter().map(|&(x, c)| (x - median).abs() * c as f64).sum::<f64>() / total as f64;
        // The items are sorted by value, so their deviations grow outward from the median on
        // both sides: merging the two sides walks them in order, without a sort. The MAD is
        // their nearest-rank median, as the quantiles.
        let want = total.div_ceil(2).max(1);
        let split = items.partition_point(|i| i.0 < median);
        let (mut i, mut j, mut seen) = (split, split, 0u64);
        let mut mad = 0.0;
        while seen < want {
            let left = (i > 0).then(|| median - items[i - 1].0);
            let right = (j < items.len()).then(|| items[j].0 - median);
            let (d, c) = match (left, right) {
                (Some(l), Some(r)) if l < r => {
                    i -= 1;
                    (l, items[i].1)
                }
                (_, Some(r)) => {
                    j += 1;
                    (r, items[j - 1].1)
                }
                (Some(l), None) => {
                    i -= 1;
                    (l, items[i].1)
                }
                (None, None) => break,
            };
            seen += c;
            mad = d;
        }
        Some((mad, mean))
    }

    /// The (value, count) items the quantiles come from, sorted by value: every distinct value
    /// while exact, else the sketch's weighted items.
    pub fn sorted_items(&mut self) -> Option<&[(f64, u64)]> {
        self.read_items();
        self.items()
    }

    /// The share of the values below `x` (`below`), or above it, from the same items as the
    /// quantiles (0 before those were read).
    pub fn share_beyond(&self, x: f64, below: bool) -> f64 {
        let Some(items) = self.items() else { return 0.0 };
        let total: u64 = items.iter().map(|i| i.1).sum();
        let n: u64 = items.iter().filter(|i| if below { i.0 < x } else { i.0 > x }).map(|i| i.1).sum();
        n as f64 / total.max(1) as f64
    }

    /// A histogram over `[min, max]` with at most [`MAX_BINS`] bins: exact counts while the
    /// digest is exact, else counts estimated from the sketch's CDF and scaled to `n` values.
    /// Integer data with a range of at most 64 gets one bin per integer.
    pub fn histogram(&mut self, min: f64, max: f64, n: u64, integers: bool) -> Option<Bins> {
        self.read_items();
        let items = self.items()?;
        if !(min.is_finite() && max.is_finite()) || n == 0 {
            return None;
        }
        let per_integer = integers && max - min < MAX_BINS as f64;
        let edges: Vec<f64> = if per_integer {
            // Bins [v, v+1), one for each integer v.
            (0..=(max - min) as usize + 1).map(|i| min + i as f64).collect()
        } else if integers && (max - min) < 9.0e15 {
            // Integer bins of an integer width: [min + w·i, min + w·(i+1)), the last one ending
            // past max, so that every edge is an integer and every bin half-open.
            let bins = ((2.0 * libm::cbrt(n as f64)).ceil() as u64).clamp(1, MAX_BINS as u64);
            let span = (max - min) as u64 + 1;
            let w = span.div_ceil(bins);
            let bins = span.div_ceil(w);
            (0..=bins).map(|i| min + (w * i) as f64).collect()
        } else if max == min {
            vec![min, max]
        } else {
            let bins = ((2.0 * libm::cbrt(n as f64)).ceil() as usize).clamp(1, MAX_BINS);
            let w = (max - min) / bins as f64;
            (0..=bins).map(|i| if i == bins { max } else { min + w * i as f64 }).collect()
        };
        // Between integers, for integer bins, so that no value sits on a split point.
        let inner: Vec<f64> =
            edges[1..edges.len() - 1].iter().map(|e| if integers { e - 0.5 } else { *e }).collect();
        let counts = if edges.len() == 2 {
            vec![n]
        } else if self.is_exact() {
            // Every value with its count: each goes to the bin of the inner edges at or below it.
            let mut counts = vec![0u64; edges.len() - 1];
            for &(x, c) in items {
                counts[inner.partition_point(|&e| e <= x)] += c;
            }
            counts
        } else {
            // The CDF at the inner edges gives the mass of each bin.
            let cdf = kll::cdf_of(items, &inner);
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

/// Distinct count and frequent values of one column: exact counts of every value while they
/// fit the memory budget, then (demoted) a Misra-Gries [`TopK`] sketch for the frequent values
/// and a [`Hll`] for the distinct count, both fed with what the exact table held.
#[derive(Clone, Debug)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Frequencies {
    exact: Option<ExactCounts>,
    top: Option<TopK>,
    hll: Option<Hll>,
    params: SketchParams,
    /// The exact table just demoted, until the column takes its payloads (see
    /// [`Frequencies::take_demoted`]).
    #[serde(skip)]
    demoted: Option<ExactCounts>,
}

/// What kind of number an exact entry carries for the quantiles (see
/// [`ExactCounts::with_payload`]).
pub mod tag {
    /// No quantile: a boolean, a non-finite float.
    pub const NONE: u8 = 0;
    /// A finite number.
    pub const NUMBER: u8 = 1;
    /// A date or datetime, in days since the epoch.
    pub const TIME: u8 = 2;
    /// A string, with its length.
    pub const LENGTH: u8 = 3;
}

impl Frequencies {
    pub fn new(params: SketchParams) -> Self {
        Frequencies { exact: Some(ExactCounts::with_payload(params.value_prefix)), top: None, hll: None, params, demoted: None }
    }

    /// Counts one value with hash `h`, whose text is `text`, and whose quantile number (kept
    /// while exact) is `val` of kind `tag`. True when this demoted the table: the column then
    /// takes it with [`Frequencies::take_demoted`].
    #[inline]
    pub fn push(&mut self, h: u64, text: &[u8], tag: u8, val: f64, budget: &mut Budget) -> bool {
        if let Some(t) = &mut self.exact {
            if t.bump(h, 1) {
                return false;
            }
            return self.new_value(h, text, tag, val, budget);
        }
        self.push_sketch(h, text);
        false
    }

    /// Fetches the exact table's slot for value hash `h` into the cache, ahead of its probe.
    #[inline]
    pub fn prefetch(&self, h: u64) {
        if let Some(t) = &self.exact {
            t.prefetch(h);
        }
    }

    /// The exact table demoted last (its entries carry the quantile numbers), once.
    pub fn take_demoted(&mut self) -> Option<ExactCounts> {
        self.demoted.take()
    }

    /// The exact table's (tag, number, count) entries while it is exact.
    pub fn exact_payloads(&self) -> Option<impl Iterator<Item = (u8, f64, u64)> + '_> {
        self.exact.as_ref().map(|t| t.payloads())
    }

    #[inline]
    fn push_sketch(&mut self, h: u64, text: &[u8]) {
        if let (Some(top), Some(hll)) = (&mut self.top, &mut self.hll) {
            hll.push(h);
            top.push(h, text);
        }
    }

    #[cold]
    fn new_value(&mut self, h: u64, text: &[u8], tag: u8, val: f64, budget: &mut Budget) -> bool {
        let t = self.exact.as_mut().expect("exact");
        let g = t.growth(text.len());
        if t.can_grow(text.len()) && budget.fits(2 * g) {
            t.insert_with(h, 1, text, tag, val);
            budget.add(g);
            false
        } else {
            self.demote(budget);
            self.push_sketch(h, text);
            true
        }
    }

    /// Whether the distinct count and the top values' counts are exact.
    pub fn is_exact(&self) -> bool {
        self.exact.is_some()
    }

    pub fn bytes(&self) -> u64 {
        self.exact.as_ref().map_or(0, ExactCounts::bytes)
            + self.top.as_ref().map_or(0, TopK::bytes)
            + self.hll.as_ref().map_or(0, |h| 1u64 << h.precision())
    }

    /// Bytes demoting would give back (0 once sketched).
    pub fn exact_bytes(&self) -> u64 {
        self.exact.as_ref().map_or(0, ExactCounts::bytes)
    }

    /// The exact table becomes the sketches, fed with every value it held.
    pub fn demote(&mut self, budget: &mut Budget) {
        let Some(t) = self.exact.take() else { return };
        let before = t.bytes();
        let mut hll = Hll::new(self.params.hll_lg_k);
        t.keys().iter().for_each(|&k| hll.push(k));
        let top = TopK::from_entries(self.params.exact_limit, self.params.value_prefix, t.entries().collect(), 0);
        self.hll = Some(hll);
        self.top = Some(top);
        budget.demoted(before, self.bytes());
        self.demoted = Some(t);
    }

    /// (distinct count, whether it is exact).
    pub fn distinct(&self) -> (u64, bool) {
        match (&self.exact, &self.hll) {
            (Some(t), _) => (t.len() as u64, true),
            (None, Some(h)) => (h.estimate().round() as u64, false),
            (None, None) => (0, true),
        }
    }

    /// The relative standard error of the distinct count (0 while exact).
    pub fn distinct_error(&self) -> f64 {
        match (&self.exact, &self.hll) {
            (None, Some(h)) => h.rel_error(),
            _ => 0.0,
        }
    }

    /// The `k` most frequent values, most frequent first (ties by text), with counts and
    /// error bounds (0 while exact). Once sketched, only values whose count is above the error
    /// bound are listed: the others cannot be told from noise.
    pub fn top(&self, k: usize) -> Vec<TopValue> {
        let text = |t: &[u8]| String::from_utf8_lossy(t).into_owned();
        match (&self.exact, &self.top) {
            (Some(t), _) => t.top(k).into_iter().map(|(v, count)| TopValue { value: text(v), count, error: 0 }).collect(),
            (None, Some(top)) => {
                let exact = top.is_exact();
                top.top(k)
                    .into_iter()
                    .filter(|&(_, count, error)| exact || count > error)
                    .map(|(v, count, error)| TopValue { value: text(v), count, error })
                    .collect()
            }
            (None, None) => Vec::new(),
        }
    }
}

/// Distinct records, for the duplicate-row count: exact (a set of record hashes) while it fits
/// the memory budget, then a HyperLogLog of the record hashes.
#[derive(Clone, Debug)]
#[derive(serde::Serialize, serde::Deserialize)]
pub struct DistinctRows {
    exact: Option<ExactCounts>,
    hll: Option<Hll>,
    lg_k: u8,
}

impl DistinctRows {
    pub fn new(lg_k: u8) -> Self {
        DistinctRows { exact: Some(ExactCounts::new(0)), hll: None, lg_k }
    }

    pub fn lg_k(&self) -> u8 {
        self.lg_k
    }

    /// The HyperLogLog precision for a budget: 1/16 of it in registers, between 2^10 and 2^18.
    pub fn lg_k_for(budget: u64) -> u8 {
        (63 - (budget / 16).max(1).leading_zeros() as u8).clamp(10, 18)
    }

    #[inline]
    pub fn push(&mut self, h: u64, budget: &mut Budget) {
        match &mut self.exact {
            Some(t) => {
                if t.bump(h, 1) {
                    return;
                }
                let g = t.growth(0);
                if t.can_grow(0) && budget.fits(2 * g) {
                    t.insert(h, 1, &[]);
                    budget.add(g);
                } else {
                    self.demote(budget);
                    self.push(h, budget);
                }
            }
            None => self.hll.as_mut().expect("sketched").push(h),
        }
    }

    pub fn bytes(&self) -> u64 {
        self.exact.as_ref().map_or(0, ExactCounts::bytes) + self.hll.as_ref().map_or(0, |h| 1u64 << h.precision())
    }

    pub fn exact_bytes(&self) -> u64 {
        self.exact.as_ref().map_or(0, ExactCounts::bytes)
    }

    /// The set becomes a HyperLogLog of its hashes, which takes over.
    pub fn demote(&mut self, budget: &mut Budget) {
        let Some(t) = self.exact.take() else { return };
        let mut hll = Hll::new(self.lg_k);
        t.keys().iter().for_each(|&k| hll.push(k));
        self.hll = Some(hll);
        budget.demoted(t.bytes(), self.bytes());
    }

    /// (distinct rows, whether exact, relative standard error of the estimate).
    pub fn estimate(&self) -> (u64, bool, f64) {
        match (&self.exact, &self.hll) {
            (Some(t), _) => (t.len() as u64, true, 0.0),
            (None, Some(h)) => (h.estimate().round() as u64, false, h.rel_error()),
            (None, None) => (0, true, 0.0),
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
    fn frequencies_exact_while_the_budget_allows_then_sketched() {
        let p = SketchParams { kll_k: 100, exact_limit: 8, hll_lg_k: 12, value_prefix: 4, extremes: 8 };
        let run = |limit: u64| {
            let mut b = Budget::new(limit);
            let mut f = Frequencies::new(p);
            for i in 0..1000u64 {
                let v = if i % 2 == 0 { b"heavy-hitter".to_vec() } else { format!("v{}", i % 500).into_bytes() };
                f.push(hash_bytes(&v), &v, 0, 0.0, &mut b);
            }
            f
        };
        // Room enough: exact.
        let f = run(1 << 20);
        assert_eq!(f.distinct(), (251, true));
        assert_eq!(f.top(1)[0], TopValue { value: "heav".into(), count: 500, error: 0 });
        // A budget of 2 KiB: demoted on the way, estimated within the stated bounds.
        let f = run(2 << 10);
        let (d, exact) = f.distinct();
        assert!(!exact);
        assert!((240..=262).contains(&d), "distinct {d}");
        let top = f.top(3);
        assert_eq!(top[0].value, "heav", "prefix of 4 bytes");
        assert!(top[0].count <= 500 && 500 <= top[0].count + top[0].error, "{:?}", top[0]);
    }

    #[test]
    fn exact_histograms_count_every_value() {
        let mut b = Budget::new(1 << 20);
        let mut d = Digest::new(100);
        let xs: Vec<f64> = (0..5000).map(|i| ((i * 7919) % 1000) as f64 / 10.0).collect();
        d.push_batch(&xs, &mut b);
        let h = d.histogram(0.0, 99.9, 5000, false).unwrap();
        for (i, &c) in h.counts.iter().enumerate() {
            let (lo, hi) = (h.edges[i], h.edges[i + 1]);
            let last = i + 1 == h.counts.len();
            let truth = xs.iter().filter(|&&x| x >= lo && (x < hi || (last && x <= hi))).count() as u64;
            assert_eq!(c, truth, "bin {i}");
        }
        assert!(d.is_exact());
        assert_eq!(d.rank_error(), 0.0);
    }

    #[test]
    fn histogram_of_small_integers_has_a_bin_per_value() {
        let mut d = Digest::new(100);
        let mut b = Budget::new(1 << 20);
        for v in [1.0, 2.0, 2.0, 3.0, 3.0, 3.0] {
            d.push(v, &mut b);
        }
        let h = d.histogram(1.0, 3.0, 6, true).unwrap();
        assert_eq!(h.edges, vec![1.0, 2.0, 3.0, 4.0]);
        assert_eq!(h.counts, vec![1, 2, 3]);
    }
}

// Serialisation and merging for parallel mining (see `crate::parallel`).
mod merge;
