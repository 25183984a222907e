//! Merging and serialising [`TopK`] tables.
//!
//! **Merge** (the mergeable-summaries rule for Misra-Gries, Agarwal et al. 2012): the counters
//! are added up (values of `self` first, then those only `other` tracks, in their order, so a
//! value keeps the text of its first occurrence in file order); if more than `cap` values
//! remain, the (cap+1)-th largest count is subtracted from every counter and those at zero or
//! below are dropped. The error bound (`offset`) becomes the sum of both bounds plus what was
//! subtracted, so every count still lies in [count, count + offset]. While both tables are
//! exact and the union of their values fits, the result is exact and equal to a single pass.
//!
//! **Serialised form:** cap, prefix, offset and the tracked entries (hash, count, text), not
//! the preallocated slab and index.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{EMPTY, TopK};

#[derive(Serialize, Deserialize)]
struct Repr<'a> {
    cap: u32,
    prefix: u32,
    offset: u64,
    #[serde(borrow)]
    entries: Vec<(u64, u64, &'a [u8])>,
}

impl TopK {
    /// Most values tracked.
    pub fn capacity(&self) -> usize {
        self.cap
    }

    fn text(&self, e: usize) -> &[u8] {
        &self.slab[e * self.prefix..e * self.prefix + self.text_lens[e] as usize]
    }

    /// Empties the table and fills it with `entries` (at most `cap`, distinct hashes).
    fn rebuild<'a>(&mut self, entries: impl Iterator<Item = (u64, u64, &'a [u8])>, offset: u64) {
        self.hashes.clear();
        self.counts.clear();
        self.text_lens.clear();
        self.index.fill(EMPTY);
        for (h, c, text) in entries {
            assert!(self.hashes.len() < self.cap, "too many entries for the table");
            let (slot, found) = self.slot(h);
            assert!(!found, "duplicate entry");
            self.insert(slot, h, text);
            *self.counts.last_mut().unwrap() = c;
        }
        self.offset = offset;
    }

    /// Adds the counts `other` summarises (see the module docs).
    pub fn merge(&mut self, other: &TopK) {
        assert_eq!((self.cap, self.prefix), (other.cap, other.prefix), "tables of different sizes");
        let mut entries: Vec<(u64, u64, Vec<u8>)> =
            (0..self.len()).map(|e| (self.hashes[e], self.counts[e], self.text(e).to_vec())).collect();
        for e in 0..other.len() {
            let h = other.hashes[e];
            let (slot, found) = self.slot(h);
            if found {
                entries[self.index[slot] as usize].1 += other.counts[e];
            } else {
                entries.push((h, other.counts[e], other.text(e).to_vec()));
            }
        }
        let offset = self.offset + other.offset;
        let entries: Vec<(u64, u64, &[u8])> = entries.iter().map(|(h, c, t)| (*h, *c, &t[..])).collect();
        *self = TopK::from_entries(self.cap, self.prefix, entries, offset);
    }

    /// A table of `cap` counters holding `entries` (distinct hashes, in file order) whose
    /// counts are within `offset` of the truth. When there are more than `cap`, the
    /// (cap+1)-th largest count is subtracted from every counter and those at zero or below are
    /// dropped (the Misra-Gries reduction), which adds it to the error bound.
    pub fn from_entries(cap: usize, prefix: usize, mut entries: Vec<(u64, u64, &[u8])>, mut offset: u64) -> TopK {
        let mut t = TopK::new(cap, prefix);
        if entries.len() > t.cap {
            let mut counts: Vec<u64> = entries.iter().map(|e| e.1).collect();
            counts.sort_unstable_by(|a, b| b.cmp(a));
            let cut = counts[t.cap];
            offset += cut;
            entries.retain_mut(|e| {
                e.1 = e.1.saturating_sub(cut);
                e.1 > 0
            });
        }
        t.rebuild(entries.into_iter(), offset);
        t
    }

    /// Heap bytes held.
    pub fn bytes(&self) -> u64 {
        (self.cap * (8 + 8 + 2 + 8) + self.slab.len() + self.index.len() * 4) as u64
    }
}

impl Serialize for TopK {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Repr {
            cap: self.cap as u32,
            prefix: self.prefix as u32,
            offset: self.offset,
            entries: (0..self.len()).map(|e| (self.hashes[e], self.counts[e], self.text(e))).collect(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for TopK {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let r = Repr::deserialize(d)?;
        if r.cap as usize > 1 << 20 || r.prefix > u16::MAX as u32 || r.entries.len() > r.cap as usize {
            return Err(D::Error::custom("frequent-values table out of range"));
        }
        let mut t = TopK::new(r.cap as usize, r.prefix as usize);
        let mut seen = std::collections::HashSet::new();
        if !r.entries.iter().all(|e| seen.insert(e.0) && e.1 > 0 && e.2.len() <= t.prefix) {
            return Err(D::Error::custom("frequent-values table is inconsistent"));
        }
        t.rebuild(r.entries.into_iter(), r.offset);
        Ok(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sketch::hash_bytes;

    fn push(t: &mut TopK, v: &str) {
        t.push(hash_bytes(v.as_bytes()), v.as_bytes());
    }

    #[test]
    fn exact_merges_equal_a_single_pass() {
        let values: Vec<String> = (0..500).map(|i| format!("v{}", (i * 7) % 40)).collect();
        let mut whole = TopK::new(64, 8);
        values.iter().for_each(|v| push(&mut whole, v));
        let (mut a, mut b) = (TopK::new(64, 8), TopK::new(64, 8));
        values[..200].iter().for_each(|v| push(&mut a, v));
        values[200..].iter().for_each(|v| push(&mut b, v));
        a.merge(&b);
        assert!(a.is_exact());
        assert_eq!(a.top(100), whole.top(100));
        assert_eq!(a.hashes(), whole.hashes(), "first-occurrence order");
    }

    #[test]
    fn overflowing_merges_keep_the_error_bound() {
        let mut truth = std::collections::HashMap::new();
        let mut merged = TopK::new(32, 8);
        for part in 0..5u64 {
            let mut t = TopK::new(32, 8);
            for i in 0..20_000u64 {
                let v = if i % 3 == 0 { format!("hot{}", i % 4) } else { format!("x{}", (i * 31 + part * 7) % 3000) };
                *truth.entry(v.clone()).or_insert(0u64) += 1;
                push(&mut t, &v);
            }
            merged.merge(&t);
        }
        assert!(!merged.is_exact());
        let top = merged.top(4);
        for (text, count, err) in &top {
            let t = truth[std::str::from_utf8(text).unwrap()];
            assert!(*count <= t && t <= count + err, "{count} {err} {t}");
            assert!(text.starts_with(b"hot"));
        }
        // Nothing left out could beat the bound.
        for (v, &t) in &truth {
            if !merged.contains(hash_bytes(v.as_bytes())) {
                assert!(t <= merged.offset(), "{v}: {t} > {}", merged.offset());
            }
        }
        let back: TopK = postcard::from_bytes(&postcard::to_allocvec(&merged).unwrap()).unwrap();
        assert_eq!(back.top(32), merged.top(32));
        assert_eq!(back.offset(), merged.offset());
    }
}
