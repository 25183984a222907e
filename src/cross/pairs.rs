//! Two columns taken together: functional dependencies with two determinant columns
//! (`origin, dest -> distance`) and keys of two columns that each have too many values for a
//! dictionary. Part of [`super::relations::Relations`], which holds it and gives it its
//! dictionaries at the end ([`super::relations_finish`]).
//!
//! **Which columns.** Every part of a file must track the same pairs from its first row, so
//! they are chosen from what every part knows before it starts: the file's head (the first
//! `sniff_bytes`, [`crate::miner::partial::Head`]). Mined on its own, the head says how each
//! column's values repeat there ([`Hints::columns_from_head`]):
//!
//! - **determinant columns:** at least 2 distinct values, each seen 4 times on average (at most
//!   `max_determinant_columns`, those with the fewest values first);
//! - **dependent columns:** at least 2 distinct values, each seen twice on average (at most
//!   [`MAX_DEPENDENTS`]);
//! - **key columns:** those with the most distinct values there (at most
//!   `max_key_pair_columns`), unless a column has no value twice in the head: that one is
//!   likely a key on its own, and no pair is looked for.
//!
//! Then every pair of determinant columns is counted against every dependent over the head's
//! rows, and the dependencies the head makes likely are followed through the file
//! ([`Hints::select_from_head`], at most `max_pair_dependencies`). Columns and dependencies
//! that qualify past a cap are named in a `relationships_limited` finding.
//!
//! **Dependency samples.** For each dependency (X1, X2) -> A followed: the cells `(x1, x2, a)` with their counts and first lines, for the
//! composite values `(x1, x2)` whose hash falls below the sample's threshold. Every row of a
//! kept composite value is counted, so its dependent values are exact; while the threshold has
//! never been lowered, the sample is every row and the dependency is exact.
//!
//! **One pool, filled like water.** The samples share a pool of [`Pairs::pool_of`] the budget
//! (in cells of [`PAIR_CELL_BYTES`]). Each may hold up to the *water level*, a number of cells
//! that starts at [`SAMPLE_CELLS`] and only falls, in quarter steps of a power of two, to the
//! highest level at which all samples fit the pool. A sample past the level lowers its own
//! threshold (halves it) until it is under it. So a dependency that holds, with about one cell
//! per determinant value, stays exact while the pairs that do not (thousands of cells) are
//! sampled. Each sample keeps a histogram of its cells by the leading zeros of their hash, so
//! the cells it would keep at any lower threshold are known without touching them. The level
//! and every threshold are functions of the whole input's counts (each is the lowest that fits,
//! and counts only grow as rows come), so they are the same for any chunking and any split into
//! parallel parts.
//!
//! **Key samples.** For each pair of key columns, a [`KeySample`] of the pair's combined hash
//! (every occurrence of a kept value pair counted), an equal part of [`Pairs::key_share_of`]
//! the budget each.

use serde::{Deserialize, Serialize};

use super::relations::{Col, IdMap, KeySample, Relations};
use crate::block::{Block, NULL_HASH};
use crate::options::Options;
use crate::sketch::mix;

/// Dependent columns at most.
pub const MAX_DEPENDENTS: usize = 16;
/// Cells a dependency sample may hold at most (the water level's start).
pub const SAMPLE_CELLS: u64 = 4096;
/// The water level's floor.
pub const MIN_CELLS: u64 = 8;
/// A dependency sample's cell, with a hash map's spare room.
pub const PAIR_CELL_BYTES: u64 = 80;
/// A key sample's value (see `relations::KEY_ENTRY_BYTES`).
const KEY_ENTRY_BYTES: u64 = 160;
const PAIR_SEED: u64 = 0x5041_4952_5345_4544;
const CELL_SEED: u64 = 0x4345_4C4C_5345_4544;

/// What the pair search covers (tracked column indices), decided from the head.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Hints {
    /// The candidate determinant and dependent columns (ascending).
    pub determinants: Vec<usize>,
    pub dependents: Vec<usize>,
    /// The dependencies `[x1, x2, a]` (x1 < x2) sampled, ascending.
    pub triples: Vec<[usize; 3]>,
    /// Key columns (ascending): their pairs are sampled.
    pub keys: Vec<usize>,
    /// Columns that qualified as determinant columns past `max_determinant_columns`.
    pub determinants_left_out: Vec<usize>,
    /// Dependencies that qualified past `max_pair_dependencies`.
    pub triples_left_out: Vec<[usize; 3]>,
    /// Columns that qualified as key columns past `max_key_pair_columns`.
    pub keys_left_out: Vec<usize>,
}

/// A column's distinct values in the head (None: too many to know) and its rows with a value.
fn head_stats(rel: &Relations) -> Vec<(Option<usize>, u64)> {
    rel.cols
        .iter()
        .map(|c| match c {
            Col::Dict(v) => (Some(v.len()), v.iter().map(|x| x.count).sum()),
            Col::Over(k) if k.level == 0 => (Some(k.values.len()), k.values.values().map(|x| x.count).sum()),
            Col::Over(_) => (None, u64::MAX),
        })
        .collect()
}

/// The first `k` of `v` (sorted already), and the rest, each in ascending order.
fn take<T: Ord + Copy>(v: Vec<(usize, T)>, k: usize) -> (Vec<T>, Vec<T>) {
    let mut kept: Vec<T> = v.iter().take(k).map(|x| x.1).collect();
    let mut rest: Vec<T> = v.iter().skip(k).map(|x| x.1).collect();
    kept.sort();
    rest.sort();
    (kept, rest)
}

impl Hints {
    /// The candidate columns, from the relationships' state after mining the head alone, with
    /// every dependency among them as a triple (the first of the head's two passes).
    pub fn columns_from_head(rel: &Relations, opts: &Options) -> Hints {
        let stats = head_stats(rel);
        let mut det: Vec<(usize, usize)> = Vec::new();
        let mut dep: Vec<(usize, usize)> = Vec::new();
        let mut key: Vec<(usize, usize)> = Vec::new();
        for (c, &(d, n)) in stats.iter().enumerate() {
            if let Some(d) = d.filter(|&d| d >= 2 && 4 * d as u64 <= n && matches!(rel.cols[c], Col::Dict(_))) {
                det.push((d, c));
            }
            if let Some(d) = d.filter(|&d| d >= 2 && 2 * d as u64 <= n) {
                dep.push((d, c));
            }
            if n >= 2 && d.is_none_or(|d| d >= 2) {
                key.push((d.unwrap_or(usize::MAX), c));
            }
        }
        // A column whose values are all distinct in the head is likely a key on its own: then
        // no pair is.
        if stats.iter().any(|&(d, n)| n >= 2 && d == Some(n as usize)) {
            key.clear();
        }
        det.sort();
        dep.sort();
        key.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let (determinants, determinants_left_out) = take(det, opts.max_determinant_columns);
        let (keys, keys_left_out) = take(key, opts.max_key_pair_columns);
        let (dependents, _) = take(dep, MAX_DEPENDENTS);
        let mut triples = Vec::new();
        for (j, &x2) in determinants.iter().enumerate() {
            for &x1 in &determinants[..j] {
                triples.extend(dependents.iter().filter(|&&a| a != x1 && a != x2).map(|&a| [x1, x2, a]));
            }
        }
        triples.sort();
        Hints { determinants, dependents, triples, keys, determinants_left_out, triples_left_out: Vec::new(), keys_left_out }
    }

    /// Keeps the dependencies the head's rows make likely: among the pair's values seen at
    /// least twice (in at least [`HEAD_ROWS`] rows), the pair determines the dependent within
    /// [`HEAD_ERROR`], and neither column alone does within the reported dependencies' 5%;
    /// the best `max_pair_dependencies` (lowest error, then fewest values per row).
    /// `rows[c]`: column `c`'s hashes in the head, row by row.
    pub fn select_from_head(mut self, rows: &[Vec<u64>], opts: &Options) -> Hints {
        let col = |c: usize| rows.get(c).map_or(&[][..], |v| &v[..]);
        let mut scored: Vec<((u64, u64, usize), [usize; 3])> = Vec::new();
        let mut cells: Vec<(u64, u64)> = Vec::new();
        // Whether column x alone determines a in the head (rows where both have a value).
        let mut alone: std::collections::HashMap<(usize, usize), bool> = std::collections::HashMap::new();
        for (k, &t) in self.triples.iter().enumerate() {
            let (hi, hj, ha) = (col(t[0]), col(t[1]), col(t[2]));
            let determines = |x: usize, cells: &mut Vec<(u64, u64)>| {
                let (hx, n) = (col(x), col(x).len().min(ha.len()));
                cells.clear();
                cells.extend((0..n).filter(|&r| hx[r] != NULL_HASH && ha[r] != NULL_HASH).map(|r| (hx[r], ha[r])));
                let (r2, v, _) = head_g3(cells);
                r2 >= HEAD_ROWS && v as f64 <= crate::cross::relations_finish::DEPENDENCY_ERROR * r2 as f64
            };
            let (a, b) = ((t[0], t[2]), (t[1], t[2]));
            if !alone.contains_key(&a) {
                let d = determines(t[0], &mut cells);
                alone.insert(a, d);
            }
            if !alone.contains_key(&b) {
                let d = determines(t[1], &mut cells);
                alone.insert(b, d);
            }
            if alone[&a] || alone[&b] {
                continue;
            }
            let n = hi.len().min(hj.len()).min(ha.len());
            cells.clear();
            cells.extend((0..n).filter(|&r| hi[r] != NULL_HASH && hj[r] != NULL_HASH && ha[r] != NULL_HASH).map(|r| (mix(hi[r] ^ mix(hj[r] ^ PAIR_SEED)), ha[r])));
            let (rows2, violating, values) = head_g3(&mut cells);
            if rows2 < HEAD_ROWS || violating as f64 > HEAD_ERROR * rows2 as f64 {
                continue;
            }
            // Error and values as shares of a million rows, so that the order is exact.
            scored.push(((violating * 1_000_000 / rows2, values * 1_000_000 / cells.len() as u64, k), t));
        }
        scored.sort();
        let scored = scored.into_iter().map(|(score, t)| (score.2, t)).collect();
        let (triples, left) = take(scored, opts.max_pair_dependencies);
        self.triples = triples;
        self.triples_left_out = left;
        self
    }

    /// Pairs of key columns.
    pub fn key_pairs(&self) -> usize {
        let n = self.keys.len();
        n * n.saturating_sub(1) / 2
    }
}

/// Of (determinant, dependent) hash pairs: the rows of the determinant values seen at least
/// twice, the rows among them off their value's most frequent dependent (g3), and the
/// determinant's values.
fn head_g3(cells: &mut [(u64, u64)]) -> (u64, u64, u64) {
    cells.sort_unstable();
    let (mut rows2, mut kept2, mut values) = (0u64, 0u64, 0u64);
    let mut i = 0;
    while i < cells.len() {
        let mut j = i;
        let (mut best, mut run) = (0u64, 0u64);
        while j < cells.len() && cells[j].0 == cells[i].0 {
            run = if j > i && cells[j].1 == cells[j - 1].1 { run + 1 } else { 1 };
            best = best.max(run);
            j += 1;
        }
        values += 1;
        if j - i >= 2 {
            rows2 += (j - i) as u64;
            kept2 += best;
        }
        i = j;
    }
    (rows2, rows2 - kept2, values)
}

/// A dependency is sampled when the head shows at most this g3 error...
pub const HEAD_ERROR: f64 = 0.2;
/// ...over at least this many rows of repeated values.
pub const HEAD_ROWS: u64 = 16;

/// A cell of a dependency sample: a composite value (x1, x2), a dependent value a.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct PairCell {
    /// The composite value's hash (what the threshold is on).
    pub c: u64,
    pub x1: u64,
    pub x2: u64,
    pub a: u64,
    pub count: u64,
    pub first: u64,
}

/// (X1, X2) -> A: the cells of the composite values whose hash `c` has at least `level`
/// leading zeros.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct PairSample {
    pub level: u32,
    /// Cells by the leading zeros of their composite hash (65 entries).
    pub hist: Vec<u32>,
    pub cells: IdMap<PairCell>,
}

impl PairSample {
    fn new() -> PairSample {
        PairSample { level: 0, hist: vec![0; 65], cells: IdMap::default() }
    }

    #[inline]
    fn keeps(level: u32, c: u64) -> bool {
        c.leading_zeros() >= level
    }

    /// Cells it would hold at `level` (at least its own).
    fn at(&self, level: u32) -> u64 {
        self.hist[level.min(64) as usize..].iter().map(|&n| n as u64).sum()
    }

    /// The lowest level (at least its own) at which it holds at most `cells`.
    fn level_for(&self, cells: u64) -> u32 {
        let mut l = self.level;
        while l < 64 && self.at(l) > cells {
            l += 1;
        }
        l
    }

    fn raise(&mut self, level: u32) {
        if level <= self.level {
            return;
        }
        self.level = level;
        self.cells.retain(|_, c| Self::keeps(level, c.c));
        for h in &mut self.hist[..level.min(64) as usize] {
            *h = 0;
        }
    }

    /// Adds rows of a cell (its composite kept), then lowers the threshold while it holds
    /// more than `cells`.
    #[inline]
    fn add(&mut self, cell: &PairCell, cells: u64) {
        let key = cell.c ^ mix(cell.a ^ CELL_SEED);
        let e = self.cells.entry(key).or_default();
        if e.count == 0 {
            *e = PairCell { count: 0, ..cell.clone() };
            self.hist[cell.c.leading_zeros() as usize] += 1;
        } else if cell.first < e.first {
            e.first = cell.first;
        }
        e.count += cell.count;
        if self.cells.len() as u64 > cells {
            let l = self.level_for(cells);
            self.raise(l);
        }
    }

    /// The share of composite values kept.
    pub fn share(&self) -> f64 {
        0.5f64.powi(self.level as i32)
    }
}

/// The water level at step `k`: [`SAMPLE_CELLS`] times 2^(-k/4), in integers.
fn water(k: u32) -> u64 {
    const STEPS: [u64; 4] = [16, 13, 11, 9];
    ((SAMPLE_CELLS >> (k / 4).min(63)) * STEPS[(k % 4) as usize] / 16).max(MIN_CELLS)
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Pairs {
    /// Set before the first row (a table mined without a head has none: nothing is tracked).
    pub hints: Option<Hints>,
    /// Cells all dependency samples may hold together.
    pub pool: u64,
    /// The water level's step (see the module docs); only grows.
    pub step: u32,
    /// One per triple of the hints, in their order.
    pub samples: Vec<PairSample>,
    /// Key samples of the pairs of key columns (triangular).
    pub keys: Vec<KeySample>,
    /// A part whose columns did not line up with the head's: nothing is reported.
    pub broken: bool,
    #[serde(skip)]
    mixed: Vec<u64>,
    #[serde(skip)]
    comp: Vec<u64>,
    #[serde(skip)]
    text: Vec<u8>,
}

impl Pairs {
    /// Bytes the dependency samples may take for a budget of `budget` bytes.
    pub fn pool_of(budget: u64) -> u64 {
        budget / 8
    }

    /// Bytes the pair key samples may take.
    pub fn key_share_of(budget: u64) -> u64 {
        budget / 32
    }

    /// A bound on the bytes of both kinds of samples, for these options: the pool and the key
    /// share (or their floors, for many small samples), doubled for a hash map's spare room,
    /// and each sample's histogram and map.
    pub fn bytes_bound(opts: &Options) -> u64 {
        let (d, k) = (opts.max_determinant_columns as u64, opts.max_key_pair_columns as u64);
        let samples = d * d.saturating_sub(1) / 2 * MAX_DEPENDENTS as u64;
        let keys = k * k.saturating_sub(1) / 2;
        let b = opts.memory_budget_bytes;
        2 * Self::pool_of(b).max(samples * MIN_CELLS * PAIR_CELL_BYTES) + samples * 600
            + 2 * Self::key_share_of(b).max(keys * 256 * KEY_ENTRY_BYTES)
    }

    pub fn new(opts: &Options) -> Pairs {
        Pairs { pool: Self::pool_of(opts.memory_budget_bytes) / PAIR_CELL_BYTES, ..Pairs::default() }
    }

    /// Values each pair key sample keeps at most.
    fn key_cap(&self, budget: u64) -> usize {
        let pairs = self.hints.as_ref().map_or(1, Hints::key_pairs).max(1) as u64;
        ((Self::key_share_of(budget) / pairs / KEY_ENTRY_BYTES) as usize).max(256)
    }

    /// Starts tracking the hinted pairs (before any row).
    pub fn set_hints(&mut self, hints: Hints, opts: &Options) {
        self.hints = Some(hints.clone());
        let cap = self.key_cap(opts.memory_budget_bytes);
        self.samples = hints.triples.iter().map(|_| PairSample::new()).collect();
        self.keys = (0..hints.key_pairs()).map(|_| KeySample { level: 0, cap, values: IdMap::default() }).collect();
        self.step = 0;
    }

    /// Checks a deserialised state.
    pub fn check(&self) -> bool {
        match &self.hints {
            None => self.samples.is_empty() && self.keys.is_empty(),
            Some(h) => {
                self.samples.len() == h.triples.len()
                    && h.triples.iter().all(|t| t[0] < t[1])
                    && self.keys.len() == h.key_pairs()
                    && self.samples.iter().all(|s| s.hist.len() == 65 && s.level <= 64)
                    && self.keys.iter().all(|k| k.level < 64)
            }
        }
    }

    /// Lowers the water level until every sample fits the pool.
    fn fit_pool(&mut self) {
        let total: u64 = self.samples.iter().map(|s| s.cells.len() as u64).sum();
        if total <= self.pool {
            return;
        }
        let mut step = self.step;
        while water(step) > MIN_CELLS {
            step += 1;
            let t = water(step);
            let need: u64 = self.samples.iter().map(|s| s.at(s.level_for(t))).sum();
            if need <= self.pool {
                break;
            }
        }
        self.step = step;
        let t = water(step);
        for s in self.samples.iter_mut() {
            let l = s.level_for(t);
            s.raise(l);
        }
    }

    /// Folds in a block's rows.
    pub fn update(&mut self, block: &Block) {
        let Some(h) = &self.hints else { return };
        let rows = block.rows();
        if self.broken || rows == 0 {
            return;
        }
        let (triples, keys) = (h.triples.clone(), h.keys.clone());
        let width = block.columns();
        let lines = block.lines();
        // Each second column of a pair, its hashes mixed once per block.
        let mut seconds: Vec<usize> = triples.iter().map(|t| t[1]).chain(keys.iter().skip(1).copied()).filter(|&c| c < width).collect();
        seconds.sort_unstable();
        seconds.dedup();
        let mut mixed = std::mem::take(&mut self.mixed);
        mixed.clear();
        for &c in &seconds {
            mixed.extend(block.hashes(c).iter().map(|&h| mix(h ^ PAIR_SEED)));
        }
        let mixed_of = |c: usize| {
            let k = seconds.binary_search(&c).expect("a second column");
            &mixed[k * rows..(k + 1) * rows]
        };
        let mut comp = std::mem::take(&mut self.comp);
        // Dependency samples, pair by pair (the triples are sorted): the composite hashes of the
        // block's rows (0 where either is null), then each dependent's cells.
        let mut last = None;
        for (k, &[ci, cj, a]) in triples.iter().enumerate() {
            if ci >= width || cj >= width || a >= width {
                continue;
            }
            let (hi, hj, ha) = (block.hashes(ci), block.hashes(cj), block.hashes(a));
            if last != Some((ci, cj)) {
                comp.clear();
                comp.extend(hi.iter().zip(hj).zip(mixed_of(cj)).map(|((&x, &y), &my)| if x == NULL_HASH || y == NULL_HASH { 0 } else { mix(x ^ my).max(1) }));
                last = Some((ci, cj));
            }
            let t = water(self.step);
            let s = &mut self.samples[k];
            for r in 0..rows {
                let c = comp[r];
                if c == 0 || ha[r] == NULL_HASH || !PairSample::keeps(s.level, c) {
                    continue;
                }
                s.add(&PairCell { c, x1: hi[r], x2: hj[r], a: ha[r], count: 1, first: lines[r] }, t);
            }
            self.fit_pool();
        }
        // Key samples of the pairs of key columns, by a combined hash the sample mixes itself.
        let mut text = std::mem::take(&mut self.text);
        let mut p = 0;
        for j in 0..keys.len() {
            for i in 0..j {
                let (ci, cj) = (keys[i], keys[j]);
                let ks = &mut self.keys[p];
                p += 1;
                if ci >= width || cj >= width {
                    continue;
                }
                let (hi, hj, mj) = (block.hashes(ci), block.hashes(cj), mixed_of(cj));
                for r in 0..rows {
                    if hi[r] == NULL_HASH || hj[r] == NULL_HASH {
                        continue;
                    }
                    let buf = &mut text;
                    ks.push(hi[r] ^ mj[r], lines[r], move || {
                        buf.clear();
                        buf.extend_from_slice(block.field(ci, r).map_or(&[][..], |f| f.bytes));
                        buf.extend_from_slice(b" | ");
                        buf.extend_from_slice(block.field(cj, r).map_or(&[][..], |f| f.bytes));
                        let b: &Vec<u8> = buf;
                        &b[..]
                    });
                }
            }
        }
        self.text = text;
        self.mixed = mixed;
        self.comp = comp;
    }

    /// Adds the next part's state (lines shifted by `shift`); `map[j]` is the file's column of
    /// the part's column `j`.
    pub fn merge(&mut self, o: &Pairs, map: &[usize], shift: u64) {
        if self.hints.is_none() || self.broken {
            return;
        }
        let lines_up = |h: &Hints| h.triples.iter().flatten().chain(&h.keys).all(|&c| map.get(c).is_none_or(|&g| g == c));
        if o.broken || o.hints != self.hints || !o.hints.as_ref().is_some_and(lines_up) {
            self.broken = true;
            return;
        }
        self.step = self.step.max(o.step);
        let t = water(self.step);
        for (s, os) in self.samples.iter_mut().zip(&o.samples) {
            s.raise(os.level);
            let level = s.level;
            for c in os.cells.values() {
                if PairSample::keeps(level, c.c) {
                    s.add(&PairCell { first: c.first + shift, ..c.clone() }, t);
                }
            }
        }
        self.fit_pool();
        for (k, ok) in self.keys.iter_mut().zip(&o.keys) {
            k.merge(ok, shift);
        }
    }
}
