//! Merging and serialising [`Kll`] sketches.
//!
//! **Merge** (KLL is fully mergeable): the levels of both sketches are concatenated level by
//! level (level 0 unsorted, higher levels merged in order), then compacted with the same rule
//! as a single stream: the lowest level at or over its capacity sorts itself and promotes every
//! other item, from a coin toss, to the level above, until no level is over capacity. The
//! weights stay exact (n is the sum); the retained items differ from a single pass over the
//! same values only by which compactions happened, so the quantiles carry the same rank-error
//! guarantee as a single stream ([`Kll::rank_error`]: about 1.65% at ~99% confidence for
//! k = 200), and are identical while no compaction was needed (fewer than k values in all).
//! (Columns whose exact tables fit the memory budget never get here: their exact counts merge
//! exactly, see `Digest::merge`.)
//!
//! **Serialised form:** k, n, the coin's state and the retained items level by level (not the
//! whole preallocated buffer).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Kll, MAX_LEVELS, capacity, key, value};

#[derive(Serialize, Deserialize)]
struct Repr {
    k: u16,
    n: u64,
    rng: u64,
    levels: Vec<Vec<f64>>,
}

impl Kll {
    fn level(&self, h: usize) -> &[u64] {
        &self.buf[self.starts[h]..self.starts[h + 1]]
    }

    /// Lays out `levels` (level 0 first) at the top of the buffer.
    fn set_levels(&mut self, levels: &[Vec<u64>]) {
        assert!(!levels.is_empty() && levels.len() <= MAX_LEVELS, "KLL level limit");
        let len: usize = levels.iter().map(Vec::len).sum();
        let need = super::total_capacity(self.k, levels.len()).max(len + 1);
        if self.buf.len() < need {
            self.buf = vec![0u64; super::total_capacity(self.k, (levels.len() + 2).min(MAX_LEVELS)).max(need)].into_boxed_slice();
        }
        let mut end = self.buf.len();
        self.levels = levels.len();
        self.starts[self.levels] = end;
        for h in (0..self.levels).rev() {
            let l = &levels[h];
            let start = end.checked_sub(l.len()).expect("KLL levels fit the buffer");
            self.buf[start..end].copy_from_slice(l);
            self.starts[h] = start;
            end = start;
        }
        self.set_caps();
    }

    /// A sketch of values with counts: each value goes to the levels of the set bits of its
    /// count (weight 2^h on level h), which keeps every weight exact, then the levels are
    /// compacted as usual.
    pub fn from_weighted(k: u16, items: &[(f64, u64)]) -> Kll {
        let mut s = Kll::new(k);
        let top = items.iter().map(|&(_, c)| 64 - c.leading_zeros() as usize).max().unwrap_or(1).max(1);
        let mut lv: Vec<Vec<u64>> = vec![Vec::new(); top];
        for &(x, c) in items {
            for (h, l) in lv.iter_mut().enumerate() {
                if c >> h & 1 == 1 {
                    l.push(key(x));
                }
            }
        }
        lv.iter_mut().skip(1).for_each(|l| l.sort_unstable());
        s.n = items.iter().map(|&(_, c)| c).sum();
        s.compact_levels(lv);
        s
    }

    /// Adds every value `other` summarises (see the module docs).
    pub fn merge(&mut self, other: &Kll) {
        assert_eq!(self.k, other.k, "KLL sketches of different k");
        let nl = self.levels.max(other.levels);
        let lv: Vec<Vec<u64>> = (0..nl)
            .map(|h| {
                let a = if h < self.levels { self.level(h) } else { &[] };
                let b = if h < other.levels { other.level(h) } else { &[] };
                let mut v = Vec::with_capacity(a.len() + b.len());
                v.extend_from_slice(a);
                v.extend_from_slice(b);
                if h > 0 {
                    v.sort_unstable(); // both halves sorted
                }
                v
            })
            .collect();
        self.n += other.n;
        self.compact_levels(lv);
    }

    /// Compacts `lv` (level 0 first; levels above 0 sorted) until no level is at or over its
    /// capacity, and makes it the sketch's content (`n` already set).
    fn compact_levels(&mut self, mut lv: Vec<Vec<u64>>) {
        loop {
            let nl = lv.len();
            let Some(h) = (0..nl).find(|&h| lv[h].len() >= capacity(self.k, nl, h)) else { break };
            if h + 1 == nl {
                assert!(nl < MAX_LEVELS, "KLL level limit");
                lv.push(Vec::new());
            }
            // As in `compress`: an odd item (the first) stays, the rest is sorted and every
            // other item, from the coin, goes up.
            let level = std::mem::take(&mut lv[h]);
            let odd = level.len() & 1;
            let mut rest = level[odd..].to_vec();
            rest.sort_unstable();
            let off = self.coin();
            let up: Vec<u64> = rest.iter().skip(off).step_by(2).take(rest.len() / 2).copied().collect();
            lv[h] = level[..odd].to_vec();
            let above = &mut lv[h + 1];
            above.extend_from_slice(&up);
            above.sort_unstable();
        }
        self.set_levels(&lv);
    }
}

impl Serialize for Kll {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Repr {
            k: self.k as u16,
            n: self.n,
            rng: self.rng.0,
            levels: (0..self.levels).map(|h| self.level(h).iter().map(|&k| value(k)).collect()).collect(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Kll {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let r = Repr::deserialize(d)?;
        let mut s = Kll::new(r.k);
        if r.levels.is_empty() || r.levels.len() > MAX_LEVELS {
            return Err(D::Error::custom("KLL levels out of range"));
        }
        let weight: u128 = r.levels.iter().enumerate().map(|(h, l)| (l.len() as u128) << h).sum();
        let items: usize = r.levels.iter().map(Vec::len).sum();
        if weight != r.n as u128 || items >= Kll::buffer_len(r.k) {
            return Err(D::Error::custom("KLL sketch is inconsistent"));
        }
        s.n = r.n;
        s.rng.0 = r.rng;
        let levels: Vec<Vec<u64>> = r.levels.iter().map(|l| l.iter().map(|&x| key(x)).collect()).collect();
        s.set_levels(&levels);
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact_rank(sorted: &[f64], v: f64) -> (f64, f64) {
        let n = sorted.len() as f64;
        (sorted.partition_point(|&s| s < v) as f64 / n, sorted.partition_point(|&s| s <= v) as f64 / n)
    }

    #[test]
    fn merged_sketches_keep_the_weights_and_the_rank_error() {
        let ranks = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99];
        for parts in [2usize, 3, 7] {
            let n = 300_000u64;
            let values: Vec<f64> = (0..n).map(|i| ((i * 7_919) % n) as f64).collect();
            let mut merged = Kll::new(200);
            for p in values.chunks(values.len().div_ceil(parts)) {
                let mut s = Kll::new(200);
                p.iter().for_each(|&x| s.push(x));
                merged.merge(&s);
            }
            assert_eq!(merged.n(), n);
            let w: u64 = (0..merged.levels).map(|h| (merged.level(h).len() as u64) << h).sum();
            assert_eq!(w, n);
            let mut sorted = values.clone();
            sorted.sort_by(f64::total_cmp);
            let eps = merged.rank_error();
            for (r, q) in ranks.iter().zip(merged.quantiles(&ranks).unwrap()) {
                let (lo, hi) = exact_rank(&sorted, q);
                assert!(lo - eps <= *r && *r <= hi + eps, "{parts} parts, rank {r}: {q} has [{lo}, {hi}]");
            }
            // The merged sketch goes on taking values.
            merged.push(1.0);
            assert_eq!(merged.n(), n + 1);
        }
    }

    #[test]
    fn small_merges_are_exact_and_serialisation_round_trips() {
        let (mut a, mut b) = (Kll::new(200), Kll::new(200));
        (0..50).for_each(|i| a.push(i as f64));
        (50..120).for_each(|i| b.push(i as f64));
        a.merge(&b);
        assert_eq!(a.quantiles(&[0.0, 0.5, 1.0]).unwrap(), vec![0.0, 59.0, 119.0]);
        let mut c = Kll::new(100);
        (0..100_000).for_each(|i| c.push((i % 977) as f64));
        let bytes = postcard::to_allocvec(&c).unwrap();
        let d: Kll = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(c.quantiles(&[0.1, 0.5, 0.9]), d.quantiles(&[0.1, 0.5, 0.9]));
        assert_eq!(c.n(), d.n());
    }
}
