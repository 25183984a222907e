//! KLL quantile sketch (Karnin, Lang, Liberty 2016) in one flat buffer allocated up front, so
//! that updates never allocate. The compaction coin comes from a fixed-seed generator kept in
//! the sketch: results are deterministic, the same for any chunking of the same stream.
//!
//! Layout (as in Apache DataSketches): levels are contiguous regions of `buf`, level 0 lowest;
//! level 0 grows downward into the free space below it. Levels above 0 are sorted.

/// Smallest capacity of a level.
const MIN_WIDTH: usize = 8;
/// Most levels (enough for 2^60 items with any k).
const MAX_LEVELS: usize = 61;

#[derive(Clone, Debug)]
pub struct Kll {
    k: usize,
    n: u64,
    /// Items as order-preserving integer keys ([`key`]): sorts and merges compare integers.
    buf: Box<[u64]>,
    /// starts[h] is where level h begins; starts[levels] is the end of the data.
    starts: [usize; MAX_LEVELS + 1],
    levels: usize,
    /// Capacity of each level with the current number of levels (recomputed when it changes).
    caps: [u32; MAX_LEVELS],
    /// caps[0], checked on every push.
    cap0: usize,
    rng: super::SplitMix64,
}

/// Capacity of level `h` of `levels`: k × (2/3)^depth as in the KLL paper, at least
/// [`MIN_WIDTH`]; level 0 always gets k. A wide level 0 only adds accuracy, and it makes
/// updates cheap: the paper's level 0 shrinks to 8 items as the sketch deepens, so a sort and
/// a compaction every 4 values; at k wide, one sort of k values per k/2 values.
/// An order-preserving integer key of a float (total order: -0 < +0).
#[inline]
fn key(x: f64) -> u64 {
    let b = x.to_bits();
    if b >> 63 == 1 { !b } else { b | 1 << 63 }
}

/// The float of a [`key`].
#[inline]
fn value(k: u64) -> f64 {
    f64::from_bits(if k >> 63 == 1 { k & !(1 << 63) } else { !k })
}

/// What `levels` levels can hold together, plus one.
fn total_capacity(k: usize, levels: usize) -> usize {
    (0..levels).map(|h| capacity(k, levels, h)).sum::<usize>() + 1
}

fn capacity(k: usize, levels: usize, h: usize) -> usize {
    if h == 0 {
        return k;
    }
    let depth = (levels - h - 1) as i32;
    MIN_WIDTH.max((k as f64 * (2.0f64 / 3.0).powi(depth)).round() as usize)
}

impl Kll {
    pub fn new(k: u16) -> Self {
        // Room for two levels; the buffer grows when a level is added (at most ~log2(n/k)
        // times), up to [`Kll::buffer_len`].
        let k = (k as usize).max(MIN_WIDTH);
        let cap = total_capacity(k, 2);
        Kll { k, n: 0, buf: vec![0; cap].into_boxed_slice(), starts: [cap; MAX_LEVELS + 1], levels: 1, caps: [0; MAX_LEVELS], cap0: 0, rng: super::SplitMix64(0x4B4C_4C5F_5345_4544) }.with_caps()
    }

    fn with_caps(mut self) -> Self {
        self.set_caps();
        self
    }

    fn set_caps(&mut self) {
        for h in 0..self.levels {
            self.caps[h] = capacity(self.k, self.levels, h) as u32;
        }
        self.cap0 = self.caps[0] as usize;
    }

    /// Most values the buffer of a sketch with this `k` can grow to (with every level).
    pub fn buffer_len(k: u16) -> usize {
        total_capacity((k as usize).max(MIN_WIDTH), MAX_LEVELS)
    }

    /// Values the buffer of a sketch with this `k` holds once it summarises `n` values (the
    /// levels that many values need, and two more as room).
    pub fn buffer_len_for(k: u16, n: u64) -> usize {
        let k = (k as usize).max(MIN_WIDTH);
        let levels = (64 - (n / k as u64).max(1).leading_zeros() as usize + 3).min(MAX_LEVELS);
        total_capacity(k, levels)
    }

    /// Makes the buffer hold at least what `levels` levels can hold, and `extra` values more
    /// than it holds now. The data moves to the top of a larger buffer; the sketch's content
    /// is unchanged.
    fn ensure_room(&mut self, levels: usize, extra: usize) {
        let used = self.starts[self.levels] - self.starts[0];
        let need = total_capacity(self.k, levels).max(used + extra + 1);
        if self.buf.len() >= need {
            return;
        }
        let len = total_capacity(self.k, (levels + 2).min(MAX_LEVELS)).max(need);
        let mut buf = vec![0u64; len].into_boxed_slice();
        let shift = len - self.buf.len();
        buf[self.starts[0] + shift..].copy_from_slice(&self.buf[self.starts[0]..]);
        for s in &mut self.starts[..=self.levels] {
            *s += shift;
        }
        for s in &mut self.starts[self.levels + 1..] {
            *s = len;
        }
        self.buf = buf;
    }

    pub fn n(&self) -> u64 {
        self.n
    }

    /// Heap bytes held (the buffer allocated up front) plus the sketch itself.
    pub fn bytes(&self) -> u64 {
        (self.buf.len() * 8 + std::mem::size_of::<Kll>()) as u64
    }

    /// Normalised rank error at ~99% confidence, from the KLL paper's constant (as DataSketches
    /// documents it: about 1.65% for k = 200, 3.3% for k = 100).
    pub fn rank_error(&self) -> f64 {
        2.296 / libm::pow(self.k as f64, 0.9723)
    }

    #[inline]
    pub fn push(&mut self, x: f64) {
        if self.starts[1] - self.starts[0] >= self.cap0 || self.starts[0] == 0 {
            self.compress();
        }
        self.starts[0] -= 1;
        self.buf[self.starts[0]] = key(x);
        self.n += 1;
    }

    /// `push` for each of `xs`, in order, with the same result: level 0 is filled a run at a
    /// time between compactions.
    pub fn push_batch(&mut self, mut xs: &[f64]) {
        while !xs.is_empty() {
            let len0 = self.starts[1] - self.starts[0];
            if len0 >= self.cap0 || self.starts[0] == 0 {
                self.compress();
                continue;
            }
            let take = (self.cap0 - len0).min(self.starts[0]).min(xs.len());
            let s0 = self.starts[0] - take;
            // Level 0 is unsorted: the order within it does not matter (its compaction sorts).
            for (d, &x) in self.buf[s0..self.starts[0]].iter_mut().zip(&xs[..take]) {
                *d = key(x);
            }
            self.starts[0] = s0;
            self.n += take as u64;
            xs = &xs[take..];
        }
    }

    fn coin(&mut self) -> usize {
        (self.rng.next_u64() & 1) as usize
    }

    /// Compacts the lowest level at or over its capacity until none is.
    fn compress(&mut self) {
        loop {
            let Some(h) = (0..self.levels).find(|&h| self.starts[h + 1] - self.starts[h] >= self.caps[h] as usize)
            else {
                return;
            };
            if h + 1 == self.levels {
                assert!(self.levels < MAX_LEVELS, "KLL level limit");
                self.levels += 1;
                self.starts[self.levels] = self.starts[self.levels - 1];
                self.set_caps();
                self.ensure_room(self.levels, 0);
            }
            let (a, b, c) = (self.starts[h], self.starts[h + 1], self.starts[h + 2]);
            let odd = (b - a) & 1;
            let a2 = a + odd; // an odd item stays on level h
            self.buf[a2..b].sort_unstable();
            let half = (b - a2) / 2;
            let off = self.coin();
            for i in 0..half {
                self.buf[a2 + i] = self.buf[a2 + 2 * i + off];
            }
            // Merge buf[a2..a2+half] with level h+1 (buf[b..c]) forwards into buf[b-half..c]:
            // the write position starts past the end of the first run and never passes the
            // read position of the second.
            let (mut x, mut y, mut w) = (a2, b, b - half);
            while x < a2 + half {
                if y < c && self.buf[y] < self.buf[x] {
                    self.buf[w] = self.buf[y];
                    y += 1;
                } else {
                    self.buf[w] = self.buf[x];
                    x += 1;
                }
                w += 1;
            }
            // Close the gap: move levels 0..h (and the odd item) up against the new level h+1.
            let new_start = b - half;
            let gap = new_start - (a + odd);
            let lo = self.starts[0];
            self.buf.copy_within(lo..a + odd, lo + gap);
            for s in &mut self.starts[..=h] {
                *s += gap;
            }
            self.starts[h + 1] = new_start;
        }
    }

    /// Items with their weights, sorted by value.
    pub fn weighted(&self) -> Vec<(f64, u64)> {
        let mut v = Vec::with_capacity(self.starts[self.levels] - self.starts[0]);
        for h in 0..self.levels {
            for &x in &self.buf[self.starts[h]..self.starts[h + 1]] {
                v.push((value(x), 1u64 << h));
            }
        }
        v.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        v
    }

    /// The estimated quantile at each rank in `ranks` (0..=1): the smallest retained value
    /// whose inclusive cumulative weight reaches rank × n.
    pub fn quantiles(&self, ranks: &[f64]) -> Option<Vec<f64>> {
        if self.n == 0 {
            return None;
        }
        Some(quantiles_of(&self.weighted(), ranks))
    }

    /// Estimated fraction of values `< s` for each split point `s` (ascending).
    pub fn cdf(&self, splits: &[f64]) -> Option<Vec<f64>> {
        if self.n == 0 {
            return None;
        }
        Some(cdf_of(&self.weighted(), splits))
    }
}

/// Quantiles of weighted items sorted by value (not empty): for each rank, the smallest value
/// whose inclusive cumulative weight reaches rank × total.
pub fn quantiles_of(items: &[(f64, u64)], ranks: &[f64]) -> Vec<f64> {
    let total: u64 = items.iter().map(|i| i.1).sum();
    ranks
        .iter()
        .map(|&r| {
            let target = (r * total as f64).ceil().max(1.0) as u64;
            let mut acc = 0;
            for &(x, w) in items {
                acc += w;
                if acc >= target {
                    return x;
                }
            }
            items.last().unwrap().0
        })
        .collect()
}

/// Fraction of the weight of items (sorted by value, not empty) below each split point
/// (ascending).
pub fn cdf_of(items: &[(f64, u64)], splits: &[f64]) -> Vec<f64> {
    let total: u64 = items.iter().map(|i| i.1).sum();
    let mut out = Vec::with_capacity(splits.len());
    let (mut i, mut acc) = (0, 0u64);
    for &s in splits {
        while i < items.len() && items[i].0 < s {
            acc += items[i].1;
            i += 1;
        }
        out.push(acc as f64 / total as f64);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(s: &Kll) {
        let w: u64 = (0..s.levels).map(|h| ((s.starts[h + 1] - s.starts[h]) as u64) << h).sum();
        assert_eq!(w, s.n, "weights");
        for h in 1..s.levels {
            let l: Vec<f64> = s.buf[s.starts[h]..s.starts[h + 1]].iter().map(|&k| value(k)).collect();
            assert!(l.windows(2).all(|p| p[0] <= p[1]), "level {h} unsorted");
        }
    }

    #[test]
    fn invariants_hold() {
        let mut s = Kll::new(20);
        for i in 0..5000u64 {
            s.push(((i * 7_919) % 5000) as f64);
            check(&s);
        }
    }

    #[test]
    fn exact_while_small() {
        let mut s = Kll::new(200);
        for i in 0..100 {
            s.push(i as f64);
        }
        assert_eq!(s.quantiles(&[0.0, 0.5, 1.0]).unwrap(), vec![0.0, 49.0, 99.0]);
        assert_eq!(s.cdf(&[10.0, 50.0]).unwrap(), vec![0.10, 0.50]);
    }

    #[test]
    fn rank_error_within_bound_on_a_million_values() {
        let mut s = Kll::new(200);
        let n = 1_000_000u64;
        // A permutation of 0..n (multiplicative hashing), so ranks are known exactly.
        for i in 0..n {
            s.push(((i * 7_919) % n) as f64);
        }
        assert_eq!(s.n(), n);
        let eps = s.rank_error();
        for (r, q) in [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99].iter().zip(s.quantiles(&[0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]).unwrap()) {
            let true_rank = q / n as f64;
            assert!((true_rank - r).abs() <= eps, "rank {r}: got value {q} (rank {true_rank}), eps {eps}");
        }
        // Memory stays within the buffer allocated up front.
        assert!(s.buf.len() < 1300);
    }

    #[test]
    fn a_batch_is_the_same_as_one_push_at_a_time() {
        let xs: Vec<f64> = (0..100_000u64).map(|i| (i.wrapping_mul(2_654_435_761) % 1_000_003) as f64).collect();
        let (mut a, mut b) = (Kll::new(50), Kll::new(50));
        for &x in &xs {
            a.push(x);
        }
        for c in xs.chunks(256) {
            b.push_batch(c);
        }
        check(&b);
        assert_eq!(a.n(), b.n());
        assert_eq!(a.weighted(), b.weighted());
    }

    #[test]
    fn deterministic() {
        let run = || {
            let mut s = Kll::new(50);
            for i in 0..100_000u64 {
                s.push((i.wrapping_mul(2_654_435_761) % 1_000_003) as f64);
            }
            s.quantiles(&[0.1, 0.5, 0.9]).unwrap()
        };
        assert_eq!(run(), run());
    }
}

// Serialisation and merging for parallel mining (see `crate::parallel`).
mod merge;
