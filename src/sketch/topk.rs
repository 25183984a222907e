//! Frequent values: Misra-Gries counters (with the batch "subtract the median" purge used by
//! Apache DataSketches' frequent-items sketch) in fixed-size tables allocated up front. Each
//! tracked value keeps the text of its first occurrence, cut to a prefix, in a slab. Exact
//! (counts and the set of values) until the table first fills; after that a count is a lower
//! bound and the true count lies in [count, count + offset].

const EMPTY: u32 = u32::MAX;

#[derive(Clone, Debug)]
pub struct TopK {
    cap: usize,
    prefix: usize,
    hashes: Vec<u64>,
    counts: Vec<u64>,
    text_lens: Vec<u16>,
    slab: Box<[u8]>,
    /// Open addressing: hash -> entry index (EMPTY when free); a power of two, >= 2 * cap.
    index: Box<[u32]>,
    /// Total subtracted by purges: the error bound of every count.
    offset: u64,
    scratch: Vec<u64>,
}

impl TopK {
    pub fn new(cap: usize, prefix: usize) -> Self {
        let cap = cap.max(2);
        let prefix = prefix.min(u16::MAX as usize);
        TopK {
            cap,
            prefix,
            hashes: Vec::with_capacity(cap),
            counts: Vec::with_capacity(cap),
            text_lens: Vec::with_capacity(cap),
            slab: vec![0; cap * prefix].into_boxed_slice(),
            index: vec![EMPTY; (2 * cap).next_power_of_two()].into_boxed_slice(),
            offset: 0,
            scratch: Vec::with_capacity(cap),
        }
    }

    /// Whether the counts (and the number of values) are still exact.
    pub fn is_exact(&self) -> bool {
        self.offset == 0
    }

    /// Values tracked now (all distinct values while exact).
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// Whether a value with hash `h` is tracked.
    #[inline]
    pub fn contains(&self, h: u64) -> bool {
        self.slot(h).1
    }

    /// Whether the table is full (the next new value purges it).
    #[inline]
    pub fn is_full(&self) -> bool {
        self.hashes.len() == self.cap
    }

    /// Hashes of the tracked values.
    pub fn hashes(&self) -> &[u64] {
        &self.hashes
    }

    pub fn offset(&self) -> u64 {
        self.offset
    }

    #[inline]
    fn slot(&self, h: u64) -> (usize, bool) {
        let mask = self.index.len() - 1;
        let mut i = (h as usize) & mask;
        loop {
            let e = self.index[i];
            if e == EMPTY {
                return (i, false);
            }
            if self.hashes[e as usize] == h {
                return (i, true);
            }
            i = (i + 1) & mask;
        }
    }

    /// Counts one occurrence of the value with hash `h` and text `text`.
    #[inline]
    pub fn push(&mut self, h: u64, text: &[u8]) {
        let (i, found) = self.slot(h);
        if found {
            self.counts[self.index[i] as usize] += 1;
            return;
        }
        if self.hashes.len() == self.cap {
            self.purge();
            let (i, _) = self.slot(h);
            self.insert(i, h, text);
        } else {
            self.insert(i, h, text);
        }
    }

    fn insert(&mut self, slot: usize, h: u64, text: &[u8]) {
        let e = self.hashes.len();
        let t = &text[..text.len().min(self.prefix)];
        self.slab[e * self.prefix..e * self.prefix + t.len()].copy_from_slice(t);
        self.hashes.push(h);
        self.counts.push(1);
        self.text_lens.push(t.len() as u16);
        self.index[slot] = e as u32;
    }

    /// Subtracts the median count from every counter and drops those at zero or below.
    fn purge(&mut self) {
        self.scratch.clear();
        self.scratch.extend_from_slice(&self.counts);
        let mid = self.scratch.len() / 2;
        let (_, &mut median, _) = self.scratch.select_nth_unstable(mid);
        self.offset += median;
        let mut w = 0;
        for r in 0..self.hashes.len() {
            if self.counts[r] > median {
                if w != r {
                    self.hashes[w] = self.hashes[r];
                    self.counts[w] = self.counts[r];
                    self.text_lens[w] = self.text_lens[r];
                    self.slab.copy_within(r * self.prefix..(r + 1) * self.prefix, w * self.prefix);
                }
                self.counts[w] -= median;
                w += 1;
            }
        }
        self.hashes.truncate(w);
        self.counts.truncate(w);
        self.text_lens.truncate(w);
        self.index.fill(EMPTY);
        for e in 0..w {
            let (i, _) = self.slot(self.hashes[e]);
            self.index[i] = e as u32;
        }
    }

    /// Up to `k` values, largest count first (ties by text): (text, count, error bound).
    pub fn top(&self, k: usize) -> Vec<(&[u8], u64, u64)> {
        let mut rows: Vec<(&[u8], u64, u64)> = (0..self.hashes.len())
            .map(|e| (&self.slab[e * self.prefix..e * self.prefix + self.text_lens[e] as usize], self.counts[e], self.offset))
            .collect();
        rows.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        rows.truncate(k);
        rows
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sketch::hash_bytes;

    #[test]
    fn exact_until_full_then_bounded() {
        let mut t = TopK::new(64, 8);
        for i in 0..50 {
            let v = format!("v{}", i % 10);
            t.push(hash_bytes(v.as_bytes()), v.as_bytes());
        }
        assert!(t.is_exact());
        assert_eq!(t.len(), 10);
        assert_eq!(t.top(1)[0], (&b"v0"[..], 5, 0));
        // A heavy hitter among 10,000 distinct values.
        let mut t = TopK::new(64, 8);
        let mut truth = 0u64;
        for i in 0..100_000u64 {
            let v = if i % 4 == 0 { truth += 1; "heavy".to_string() } else { format!("x{}", i % 10_000) };
            t.push(hash_bytes(v.as_bytes()), v.as_bytes());
        }
        assert!(!t.is_exact());
        let (text, count, err) = t.top(1)[0];
        assert_eq!(text, b"heavy");
        assert!(count <= truth && truth <= count + err, "{count} {err} {truth}");
    }
}

// Serialisation and merging for parallel mining (see `crate::parallel`).
mod merge;
