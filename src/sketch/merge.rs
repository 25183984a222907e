//! Merging the per-column and per-file summaries of two consecutive parts of a file (see
//! `crate::parallel`). Each merge gives the state a single pass over both parts would have had
//! where both sides are exact (the union of the exact tables), and a summary with the
//! documented error bound where either is not: an exact side is demoted first, then the
//! sketches merge. The merged table may hold more than the budget; the caller then demotes the
//! largest tables, as a single pass does at the end of a row (`crate::budget`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Digest, DistinctRows, ExactCounts, Frequencies, Kll};
use crate::budget::Budget;

#[derive(Serialize, Deserialize)]
struct ExactRepr<'a> {
    prefix: u32,
    #[serde(borrow)]
    entries: Vec<(u64, u64, &'a [u8])>,
    /// Each entry's (tag, number), when the table carries them.
    payload: Option<Vec<(u8, f64)>>,
}

impl Serialize for ExactCounts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let payload = self.has_payload().then(|| (0..self.len()).map(|e| self.payload(e)).collect());
        ExactRepr { prefix: self.prefix() as u32, entries: self.entries().collect(), payload }.serialize(s)
    }
}

impl<'de> Deserialize<'de> for ExactCounts {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let r = ExactRepr::deserialize(d)?;
        let mut t = if r.payload.is_some() { ExactCounts::with_payload(r.prefix as usize) } else { ExactCounts::new(r.prefix as usize) };
        if t.prefix() != r.prefix as usize || r.payload.as_ref().is_some_and(|p| p.len() != r.entries.len()) {
            return Err(D::Error::custom("exact counts: inconsistent sizes"));
        }
        for (e, (k, c, text)) in r.entries.into_iter().enumerate() {
            if c == 0 || text.len() > t.prefix() || t.contains(k) {
                return Err(D::Error::custom("exact counts are inconsistent"));
            }
            let (tag, val) = r.payload.as_ref().map_or((0, 0.0), |p| p[e]);
            t.insert_with(k, c, text, tag, val);
        }
        Ok(t)
    }
}

impl ExactCounts {
    /// [`ExactCounts::merge`], with what the table grew by counted in `budget`.
    pub fn merge_counted(&mut self, other: &ExactCounts, budget: &mut Budget) {
        let before = self.bytes();
        self.merge(other);
        budget.sub(before);
        budget.add(self.bytes());
    }

    /// Adds `other`'s counts: keys already here add up, new keys follow in `other`'s order.
    pub fn merge(&mut self, other: &ExactCounts) {
        for (e, (k, c, text)) in other.entries().enumerate() {
            if !self.bump(k, c) {
                let (tag, val) = other.payload(e);
                self.insert_with(k, c, text, tag, val);
            }
        }
    }
}

impl Digest {
    /// Adds the values `other` summarises: exact counts when both are exact (as in a single
    /// pass), else a KLL sketch ([`Kll::merge`]; an exact side is demoted first).
    pub fn merge(&mut self, other: &Digest, budget: &mut Budget) {
        assert_eq!(self.k, other.k);
        if other.is_empty() {
            return;
        }
        if self.is_empty() {
            let had = self.bytes();
            *self = other.clone();
            budget.sub(had);
            budget.add(self.bytes());
            return;
        }
        match (&mut self.exact, &other.d) {
            (Some(a), None) if self.d.is_none() => {
                a.merge_counted(other.exact.as_ref().expect("not empty"), budget);
                return;
            }
            _ => {}
        }
        self.demote(budget);
        let b = match &other.d {
            Some(d) => (**d).clone(),
            None => Kll::from_weighted(self.k, &other.exact_items()),
        };
        self.d.as_mut().expect("demoted").merge(&b);
    }
}

impl Frequencies {
    /// Adds the values `other` has seen, which came after this one's in the file: the union of
    /// the exact tables when both are exact (as in a single pass); otherwise an exact side is
    /// demoted, the top values merge by [`super::TopK::merge`] and the HyperLogLogs by their
    /// registers (which gives exactly the registers a single pass would have).
    pub fn merge(&mut self, other: &Frequencies, budget: &mut Budget) {
        assert_eq!(self.params, other.params, "columns with different sketch sizes");
        if let (Some(a), Some(b)) = (&mut self.exact, &other.exact) {
            a.merge_counted(b, budget);
            return;
        }
        self.demote(budget);
        let mut o = other.clone();
        o.demote(&mut Budget::new(u64::MAX));
        if let (Some(t), Some(ot)) = (&mut self.top, &o.top) {
            t.merge(ot);
        }
        if let (Some(h), Some(oh)) = (&mut self.hll, &o.hll) {
            h.merge(oh);
        }
    }
}

impl DistinctRows {
    /// Adds the rows `other` has seen: the union of the exact sets when both are exact, else a
    /// HyperLogLog of every row hash of both sides.
    pub fn merge(&mut self, other: &DistinctRows, budget: &mut Budget) {
        assert_eq!(self.lg_k, other.lg_k);
        if let (Some(a), Some(b)) = (&mut self.exact, &other.exact) {
            a.merge_counted(b, budget);
            return;
        }
        self.demote(budget);
        let mut o = other.clone();
        o.demote(&mut Budget::new(u64::MAX));
        if let (Some(h), Some(oh)) = (&mut self.hll, &o.hll) {
            h.merge(oh);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sketch::{SketchParams, hash_bytes, hash_u64};

    fn big() -> Budget {
        Budget::new(1 << 30)
    }

    #[test]
    fn distinct_rows_merge_like_a_single_pass() {
        for (na, nb) in [(10u64, 10u64), (60, 60), (150, 20), (20, 150), (300, 300)] {
            let mut whole = DistinctRows::new(10);
            let (mut a, mut b) = (DistinctRows::new(10), DistinctRows::new(10));
            let mut bud = big();
            for i in 0..na {
                whole.push(hash_u64(i % 97), &mut bud);
                a.push(hash_u64(i % 97), &mut bud);
            }
            for i in 0..nb {
                whole.push(hash_u64(i * 3), &mut bud);
                b.push(hash_u64(i * 3), &mut bud);
            }
            a.merge(&b, &mut bud);
            assert_eq!(a.estimate(), whole.estimate(), "{na} {nb}");
            // Demoted on both sides: the same registers as a single pass.
            let (mut da, mut dw) = (a.clone(), whole.clone());
            da.demote(&mut bud);
            dw.demote(&mut bud);
            assert_eq!(da.estimate(), dw.estimate());
        }
    }

    #[test]
    fn frequencies_merge_like_a_single_pass_while_exact_and_replay_into_the_hll() {
        let p = SketchParams { kll_k: 100, exact_limit: 16, hll_lg_k: 12, value_prefix: 8, extremes: 8 };
        for (na, nb) in [(10u64, 10u64), (14, 30), (200, 3), (3, 200), (500, 500)] {
            let mut bud = big();
            let mut whole = Frequencies::new(p);
            let (mut a, mut b) = (Frequencies::new(p), Frequencies::new(p));
            for i in 0..na {
                let v = format!("a{}", i % 9);
                whole.push(hash_bytes(v.as_bytes()), v.as_bytes(), 0, 0.0, &mut bud);
                a.push(hash_bytes(v.as_bytes()), v.as_bytes(), 0, 0.0, &mut bud);
            }
            for i in 0..nb {
                let v = format!("b{}", i % 13);
                whole.push(hash_bytes(v.as_bytes()), v.as_bytes(), 0, 0.0, &mut bud);
                b.push(hash_bytes(v.as_bytes()), v.as_bytes(), 0, 0.0, &mut bud);
            }
            let mut sa = a.clone();
            a.merge(&b, &mut bud);
            assert!(a.is_exact());
            assert_eq!(a.distinct(), whole.distinct(), "{na} {nb}");
            assert_eq!(a.top(100), whole.top(100));
            // One side demoted: the same HyperLogLog as a single pass that demoted.
            sa.demote(&mut bud);
            sa.merge(&b, &mut bud);
            let mut w = whole.clone();
            w.demote(&mut bud);
            assert_eq!(sa.hll.as_ref().unwrap().estimate(), w.hll.as_ref().unwrap().estimate());
            let truth = whole.top(1)[0].count;
            let t = &sa.top(1);
            if let Some(t) = t.first() {
                assert!(t.count <= truth && truth <= t.count + t.error);
            }
        }
    }

    #[test]
    fn exact_digests_merge_exactly_then_turn_to_sketches() {
        let mut bud = big();
        let (mut a, mut b, mut whole) = (Digest::new(200), Digest::new(200), Digest::new(200));
        for i in 0..1000 {
            let x = (i % 300) as f64;
            if i < 400 { a.push(x, &mut bud) } else { b.push(x, &mut bud) }
            whole.push(x, &mut bud);
        }
        let mut m = a.clone();
        m.merge(&b, &mut bud);
        assert!(m.is_exact());
        assert_eq!(m.quantiles(), whole.quantiles());
        assert_eq!(m.histogram(0.0, 299.0, 1000, true), whole.histogram(0.0, 299.0, 1000, true));
        let mut c = Digest::new(200);
        (100..150).for_each(|i| c.push(i as f64, &mut bud));
        c.demote(&mut bud);
        m.merge(&c, &mut bud);
        assert!(!m.is_exact());
        let q = m.quantiles().unwrap();
        assert!(q[3] > 50.0 && q[6] >= 250.0, "{q:?}");
        let back: Digest = postcard::from_bytes(&postcard::to_allocvec(&a).unwrap()).unwrap();
        assert_eq!(back.clone().quantiles(), a.quantiles());
    }

    #[test]
    fn digests_merge_and_round_trip() {
        let mut bud = big();
        let mut a = Digest::new(50);
        let b = {
            let mut b = Digest::new(50);
            (0..1000).for_each(|i| b.push(i as f64, &mut bud));
            b.demote(&mut bud);
            b
        };
        a.merge(&b, &mut bud);
        assert_eq!(a.quantiles(), b.clone().quantiles());
        let back: Digest = postcard::from_bytes(&postcard::to_allocvec(&a).unwrap()).unwrap();
        assert_eq!(back.clone().quantiles(), a.quantiles());
    }
}
