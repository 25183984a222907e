//! Merging the per-column and per-file summaries of two consecutive parts of a file (see
//! `crate::parallel`). Each merge gives the state a single pass over both parts would have had
//! where that state is exact, and a summary with the documented error bound where it is not.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Digest, DistinctRows, Frequencies, Hll, Kll, SMALL_SLOTS, SmallCounts};

impl SmallCounts {
    /// Counts `x` `c` times; false (and nothing counted) when `x` is new and the table is full.
    fn add(&mut self, x: f64, c: u64) -> bool {
        if c == 0 {
            return true;
        }
        if !self.push(x) {
            return false;
        }
        let k = (x + 0.0).to_bits();
        let i = (0..SMALL_SLOTS).find(|&i| self.keys[i] == k).expect("just counted");
        self.counts[i] += c - 1;
        true
    }
}

impl Serialize for SmallCounts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.weighted().serialize(s)
    }
}

impl<'de> Deserialize<'de> for SmallCounts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let items = Vec::<(f64, u64)>::deserialize(d)?;
        let mut s = SmallCounts::new();
        for (x, c) in items {
            if !x.is_finite() || c == 0 || !s.add(x, c) {
                return Err(D::Error::custom("exact quantile counts are inconsistent"));
            }
        }
        Ok(s)
    }
}

impl Digest {
    /// The values summarised, as a KLL sketch (built from the exact counts if need be).
    fn to_sketch(&self) -> Option<Kll> {
        match (&self.d, &self.small) {
            (Some(d), _) => Some((**d).clone()),
            (None, Some(s)) => Some(Kll::from_weighted(self.k, &s.weighted())),
            (None, None) => None,
        }
    }

    /// Adds the values `other` summarises: exact counts while the union of the distinct values
    /// fits [`super::DIGEST_EXACT`] (as in a single pass), else a KLL sketch ([`Kll::merge`];
    /// exact counts become weighted items, see [`Kll::from_weighted`]).
    pub fn merge(&mut self, other: &Digest) {
        assert_eq!(self.k, other.k);
        if self.d.is_none() && self.small.is_none() {
            *self = other.clone();
            return;
        }
        if self.d.is_none() && other.d.is_none() {
            match (&mut self.small, &other.small) {
                (_, None) => return,
                (None, Some(b)) => {
                    self.small = Some(b.clone());
                    return;
                }
                (Some(a), Some(b)) => {
                    let mut union = a.clone();
                    if b.weighted().iter().all(|&(x, c)| union.add(x, c)) {
                        *a = union;
                        return;
                    }
                }
            }
        }
        let Some(b) = other.to_sketch() else { return };
        let mut a = self.to_sketch().unwrap_or_else(|| Kll::new(self.k));
        a.merge(&b);
        self.d = Some(Box::new(a));
        self.small = None;
    }
}

impl Frequencies {
    /// The HyperLogLog of every value this summary has seen: its own once active, else (while
    /// the table is exact, so it holds every distinct value) one fed from the table.
    fn all_values_hll(&self) -> Hll {
        if self.hll_active {
            self.hll.clone()
        } else {
            let mut h = Hll::new(self.hll.precision());
            self.top.hashes().iter().for_each(|&k| h.push(k));
            h
        }
    }

    /// Adds the values `other` has seen, which came after this one's in the file.
    ///
    /// Top values merge by [`super::TopK::merge`]. The distinct count stays exact while both
    /// sides are exact and the union of their values fits the table (as in a single pass);
    /// otherwise the HyperLogLog takes over, fed with every value of both sides, which gives
    /// exactly the registers a single pass would have.
    pub fn merge(&mut self, other: &Frequencies) {
        let fits = self.top.is_exact()
            && other.top.is_exact()
            && self.top.len() + other.top.hashes().iter().filter(|&&h| !self.top.contains(h)).count()
                <= self.top.capacity();
        if fits {
            self.top.merge(&other.top);
            return;
        }
        let (mut a, b) = (self.all_values_hll(), other.all_values_hll());
        self.top.merge(&other.top);
        debug_assert!(!self.top.is_exact());
        a.merge(&b);
        self.hll = a;
        self.hll_active = true;
    }
}

impl DistinctRows {
    /// Adds the rows `other` has seen: the union of the exact sets while it fits the exact
    /// limit (as in a single pass), else a HyperLogLog of every row hash of both sides.
    pub fn merge(&mut self, other: &DistinctRows) {
        assert_eq!(self.exact_limit, other.exact_limit);
        match (&mut self.exact, &other.exact) {
            (Some(a), Some(b)) => {
                let new = b.iter().filter(|h| !a.contains(h)).count();
                if a.len() + new <= self.exact_limit {
                    a.extend(b.iter().copied());
                    return;
                }
                for &h in a.iter().chain(b.iter()) {
                    self.hll.push(h);
                }
                self.exact = None;
            }
            (Some(a), None) => {
                for &h in a.iter() {
                    self.hll.push(h);
                }
                self.hll.merge(&other.hll);
                self.exact = None;
            }
            (None, Some(b)) => b.iter().for_each(|&h| self.hll.push(h)),
            (None, None) => self.hll.merge(&other.hll),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sketch::{SketchParams, hash_bytes, hash_u64};

    #[test]
    fn distinct_rows_merge_like_a_single_pass() {
        for (na, nb, limit) in [(10u64, 10u64, 100usize), (60, 60, 100), (150, 20, 100), (20, 150, 100), (300, 300, 100)] {
            let mut whole = DistinctRows::new(limit, 10);
            let (mut a, mut b) = (DistinctRows::new(limit, 10), DistinctRows::new(limit, 10));
            for i in 0..na {
                whole.push(hash_u64(i % 97));
                a.push(hash_u64(i % 97));
            }
            for i in 0..nb {
                whole.push(hash_u64(i * 3));
                b.push(hash_u64(i * 3));
            }
            a.merge(&b);
            assert_eq!(a.estimate(), whole.estimate(), "{na} {nb}");
        }
    }

    #[test]
    fn frequencies_merge_like_a_single_pass_while_exact_and_replay_into_the_hll() {
        let p = SketchParams { kll_k: 100, exact_limit: 16, hll_lg_k: 12, value_prefix: 8 };
        for (na, nb) in [(10u64, 10u64), (14, 30), (200, 3), (3, 200), (500, 500)] {
            let mut whole = Frequencies::new(p);
            let (mut a, mut b) = (Frequencies::new(p), Frequencies::new(p));
            for i in 0..na {
                let v = format!("a{}", i % 9);
                whole.push(hash_bytes(v.as_bytes()), v.as_bytes());
                a.push(hash_bytes(v.as_bytes()), v.as_bytes());
            }
            for i in 0..nb {
                let v = format!("b{}", i % 13);
                whole.push(hash_bytes(v.as_bytes()), v.as_bytes());
                b.push(hash_bytes(v.as_bytes()), v.as_bytes());
            }
            a.merge(&b);
            assert_eq!(a.distinct(), whole.distinct(), "{na} {nb}");
            if whole.distinct().1 {
                assert_eq!(a.top(100), whole.top(100));
            } else {
                // The same set of values went into both HyperLogLogs.
                assert_eq!(a.hll.estimate(), whole.hll.estimate());
            }
        }
    }

    #[test]
    fn exact_digests_merge_exactly_then_turn_to_sketches() {
        let (mut a, mut b, mut whole) = (Digest::new(200), Digest::new(200), Digest::new(200));
        for i in 0..1000 {
            let x = (i % 30) as f64;
            if i < 400 { a.push(x) } else { b.push(x) }
            whole.push(x);
        }
        let mut m = a.clone();
        m.merge(&b);
        assert!(m.is_exact());
        assert_eq!(m.quantiles(), whole.quantiles());
        assert_eq!(m.histogram(0.0, 29.0, 1000, true), whole.histogram(0.0, 29.0, 1000, true));
        let mut c = Digest::new(200);
        (100..150).for_each(|i| c.push(i as f64));
        m.merge(&c);
        assert!(!m.is_exact());
        let q = m.quantiles().unwrap();
        assert!(q[3] < 30.0 && q[6] >= 100.0, "{q:?}");
        let back: Digest = postcard::from_bytes(&postcard::to_allocvec(&a).unwrap()).unwrap();
        assert_eq!(back.clone().quantiles(), a.quantiles());
    }

    #[test]
    fn digests_merge_and_round_trip() {
        let mut a = Digest::new(50);
        let b = {
            let mut b = Digest::new(50);
            (0..1000).for_each(|i| b.push(i as f64));
            b
        };
        a.merge(&b);
        assert_eq!(a.quantiles(), b.clone().quantiles());
        let back: Digest = postcard::from_bytes(&postcard::to_allocvec(&a).unwrap()).unwrap();
        assert_eq!(back.clone().quantiles(), a.quantiles());
    }
}
