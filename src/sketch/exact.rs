//! Exact counts of distinct 64-bit keys, each with an optional text (the first occurrence's
//! prefix): the state a statistic keeps while it fits the memory budget
//! ([`crate::budget::Budget`]). Frequent values use it with value hashes and texts, quantiles
//! with the bits of numbers and no text.
//!
//! The table grows only through [`ExactCounts::insert`], and says beforehand by how many bytes
//! ([`ExactCounts::growth`]), so that the owner can ask the budget first. Its size depends
//! only on the keys inserted, in their order: the same for any chunking of the same input.
//! Entries stay in insertion order (file order), which makes every later step deterministic.

/// Smallest index (slots) and entry capacity once the first key arrives.
const MIN_SLOTS: usize = 16;
const MIN_ENTRIES: usize = 8;

/// A slot of the index: `[key, count]` (count 0: a free slot). Counting a value touches this
/// one cache line only. (An array of integers, so that a new index is allocated zeroed.)
type Slot = [u64; 2];

#[derive(Clone, Debug, Default)]
pub struct ExactCounts {
    /// Bytes of text kept per entry (0: none).
    prefix: usize,
    /// Open addressing (linear probing) over keys with their counts. A power of two, at most
    /// 3/4 full.
    index: Vec<Slot>,
    /// Per entry, in insertion order: the key, the text, the payload.
    keys: Vec<u64>,
    /// Entry e's text is `texts[ends[e - 1]..ends[e]]` (with `ends[-1] = 0`).
    ends: Vec<u32>,
    texts: Vec<u8>,
    /// Whether each entry also carries a tag and a number ([`ExactCounts::with_payload`]).
    payload: bool,
    tags: Vec<u8>,
    vals: Vec<f64>,
    /// The capacities reserved (what [`ExactCounts::bytes`] counts).
    entry_cap: usize,
    text_cap: usize,
}

#[inline]
fn slot_of(key: u64, mask: usize) -> usize {
    // Fibonacci hashing: the keys may be raw number bits, so they are mixed here.
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask
}

impl ExactCounts {
    pub fn new(prefix: usize) -> Self {
        ExactCounts { prefix: prefix.min(u16::MAX as usize), ..Default::default() }
    }

    /// A table whose entries also carry a tag and a number (a column's values: what kind of
    /// value, and the number its quantiles need), so that one table serves both the frequent
    /// values and the quantiles while it is exact.
    pub fn with_payload(prefix: usize) -> Self {
        ExactCounts { payload: true, ..Self::new(prefix) }
    }

    /// A table without texts or payloads, sized up front for `n` distinct keys.
    pub fn with_capacity(n: usize) -> Self {
        let mut t = Self::new(0);
        let slots = (4 * n).div_ceil(3).next_power_of_two().max(MIN_SLOTS);
        t.index = vec![[0u64; 2]; slots];
        t.entry_cap = n.max(MIN_ENTRIES);
        t.keys.reserve_exact(t.entry_cap);
        t
    }

    /// What [`ExactCounts::with_capacity`] holds for `n` keys.
    pub fn bytes_for(n: usize) -> u64 {
        ((4 * n).div_ceil(3).next_power_of_two().max(MIN_SLOTS) * 16 + n.max(MIN_ENTRIES) * 8) as u64
    }

    pub fn has_payload(&self) -> bool {
        self.payload
    }

    /// Bytes of one entry, the index aside.
    fn entry_bytes(&self) -> usize {
        8 + if self.prefix > 0 { 4 } else { 0 } + if self.payload { 9 } else { 0 }
    }

    pub fn prefix(&self) -> usize {
        self.prefix
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Heap bytes held (the reserved capacities).
    pub fn bytes(&self) -> u64 {
        (self.index.len() * 16 + self.entry_cap * self.entry_bytes() + self.text_cap) as u64
    }

    /// The slot of `key`: `Ok` when present, `Err` (the free slot) when not.
    #[inline]
    fn find(&self, key: u64) -> Result<usize, usize> {
        if self.index.is_empty() {
            return Err(0);
        }
        let mask = self.index.len() - 1;
        let mut i = slot_of(key, mask);
        loop {
            let s = self.index[i];
            if s[1] == 0 {
                return Err(i);
            }
            if s[0] == key {
                return Ok(i);
            }
            i = (i + 1) & mask;
        }
    }

    /// Fetches the slot where a probe for `key` starts into the cache (a hint: on x86-64 a
    /// prefetch instruction; elsewhere, WebAssembly included, a load whose value is dropped, so
    /// that the loads of many keys are in flight at once).
    #[inline]
    pub fn prefetch(&self, key: u64) {
        if self.index.is_empty() {
            return;
        }
        let i = slot_of(key, self.index.len() - 1);
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `i` is in bounds; a prefetch reads nothing and has no effect on memory.
        unsafe {
            use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
            _mm_prefetch(self.index.as_ptr().add(i) as *const i8, _MM_HINT_T0);
        }
        #[cfg(not(target_arch = "x86_64"))]
        std::hint::black_box(self.index[i][0]);
    }

    /// Adds `c` to the count of `key` when it is present (true); false when it is new.
    #[inline]
    pub fn bump(&mut self, key: u64, c: u64) -> bool {
        match self.find(key) {
            Ok(i) => {
                self.index[i][1] += c;
                true
            }
            Err(_) => false,
        }
    }

    pub fn contains(&self, key: u64) -> bool {
        self.find(key).is_ok()
    }

    /// The count of `key` (0 when absent).
    pub fn count(&self, key: u64) -> u64 {
        self.find(key).map_or(0, |i| self.index[i][1])
    }

    /// The bytes [`ExactCounts::insert`] of a new key with a text of `text_len` bytes would add.
    #[inline]
    pub fn growth(&self, text_len: usize) -> u64 {
        let (slots, entries, texts) = self.grown(text_len);
        (slots - self.index.len()) as u64 * 16
            + (entries - self.entry_cap) as u64 * self.entry_bytes() as u64
            + (texts - self.text_cap) as u64
    }

    /// (slots, entry capacity, text capacity) after inserting one more key.
    #[inline]
    fn grown(&self, text_len: usize) -> (usize, usize, usize) {
        let n = self.keys.len() + 1;
        let slots = if 4 * n <= 3 * self.index.len() { self.index.len() } else { (2 * self.index.len()).max(MIN_SLOTS) };
        let entries = if n <= self.entry_cap { self.entry_cap } else { (2 * self.entry_cap).max(MIN_ENTRIES) };
        let t = text_len.min(self.prefix);
        let need = self.texts.len() + t;
        let texts = if need <= self.text_cap { self.text_cap } else { need.max(2 * self.text_cap).max(64) };
        (slots, entries, texts)
    }

    /// Whether a new key with this text could be inserted at all (the text offsets are 32-bit).
    pub fn can_grow(&self, text_len: usize) -> bool {
        self.texts.len() + text_len.min(self.prefix) < u32::MAX as usize && self.keys.len() < (u32::MAX / 4) as usize
    }

    /// Inserts a key that is not present, with count `c` and (a prefix of) `text`.
    pub fn insert(&mut self, key: u64, c: u64, text: &[u8]) {
        self.insert_with(key, c, text, 0, 0.0);
    }

    /// [`ExactCounts::insert`] with the entry's tag and number (kept only
    /// [`ExactCounts::with_payload`]).
    pub fn insert_with(&mut self, key: u64, c: u64, text: &[u8], tag: u8, val: f64) {
        debug_assert!(!self.contains(key) && c > 0);
        let (slots, entries, texts) = self.grown(text.len());
        if entries > self.entry_cap {
            let more = entries - self.keys.len();
            self.keys.reserve_exact(more);
            if self.prefix > 0 {
                self.ends.reserve_exact(more);
            }
            if self.payload {
                self.tags.reserve_exact(more);
                self.vals.reserve_exact(more);
            }
            self.entry_cap = entries;
        }
        if texts > self.text_cap {
            self.texts.reserve_exact(texts - self.texts.len());
            self.text_cap = texts;
        }
        if slots > self.index.len() {
            let old = std::mem::replace(&mut self.index, vec![[0u64; 2]; slots]);
            let mask = slots - 1;
            for s in old.into_iter().filter(|s| s[1] > 0) {
                let mut i = slot_of(s[0], mask);
                while self.index[i][1] != 0 {
                    i = (i + 1) & mask;
                }
                self.index[i] = s;
            }
        }
        let slot = self.find(key).expect_err("a new key");
        self.index[slot] = [key, c.max(1)];
        self.keys.push(key);
        if self.payload {
            self.tags.push(tag);
            self.vals.push(val);
        }
        if self.prefix > 0 {
            let t = &text[..text.len().min(self.prefix)];
            self.texts.extend_from_slice(t);
            self.ends.push(self.texts.len() as u32);
        }
    }

    /// Entry `e`'s text.
    pub fn text(&self, e: usize) -> &[u8] {
        if self.prefix == 0 {
            return &[];
        }
        let start = if e == 0 { 0 } else { self.ends[e - 1] as usize };
        &self.texts[start..self.ends[e] as usize]
    }

    /// (key, count, text) in insertion order.
    pub fn entries(&self) -> impl Iterator<Item = (u64, u64, &[u8])> + '_ {
        (0..self.keys.len()).map(|e| (self.keys[e], self.count(self.keys[e]), self.text(e)))
    }

    pub fn keys(&self) -> &[u64] {
        &self.keys
    }

    /// (tag, number, count) of every entry (empty without a payload).
    pub fn payloads(&self) -> impl Iterator<Item = (u8, f64, u64)> + '_ {
        self.tags.iter().zip(&self.vals).zip(&self.keys).map(|((&t, &v), &k)| (t, v, self.count(k)))
    }

    /// Entry e's (tag, number).
    pub fn payload(&self, e: usize) -> (u8, f64) {
        if self.payload { (self.tags[e], self.vals[e]) } else { (0, 0.0) }
    }

    /// Up to `k` entries, largest count first (ties by text, then key): (text, count).
    pub fn top(&self, k: usize) -> Vec<(&[u8], u64)> {
        let counts: Vec<u64> = self.keys.iter().map(|&key| self.count(key)).collect();
        let mut order: Vec<usize> = (0..self.keys.len()).collect();
        let by = |a: &usize, b: &usize| {
            counts[*b].cmp(&counts[*a]).then_with(|| self.text(*a).cmp(self.text(*b))).then(self.keys[*a].cmp(&self.keys[*b]))
        };
        if order.len() > k {
            order.select_nth_unstable_by(k, by);
            order.truncate(k);
        }
        order.sort_unstable_by(by);
        order.into_iter().map(|e| (self.text(e), counts[e])).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_exactly_and_accounts_its_growth() {
        let mut t = ExactCounts::new(8);
        let mut truth = std::collections::HashMap::new();
        for i in 0..10_000u64 {
            let k = i * i % 3_001;
            let text = format!("value-{k}");
            *truth.entry(k).or_insert(0u64) += 1;
            if !t.bump(k, 1) {
                let before = t.bytes();
                let g = t.growth(text.len());
                t.insert(k, 1, text.as_bytes());
                assert_eq!(t.bytes() - before, g);
            }
        }
        assert_eq!(t.len(), truth.len());
        for (k, c, text) in t.entries() {
            assert_eq!(truth[&k], c);
            let full = format!("value-{k}");
            assert_eq!(text, &full.as_bytes()[..full.len().min(8)]);
        }
        let top = t.top(3);
        assert_eq!(top.len(), 3);
        assert!(top[0].1 >= top[1].1 && top[1].1 >= top[2].1);
    }
}
