//! Relationships between columns, among the first `max_relationship_columns` columns: the
//! state behind `associations`, `keys`, `dependencies`, `redundant_columns` and `rules`
//! (the measures themselves are computed at the end, in [`super::relations_finish`]).
//!
//! - **Dictionaries.** Each tracked column keeps a dictionary of its distinct values (hash,
//!   text as written cut to [`TEXT_BYTES`], count, first and second line) while it has at most
//!   [`DICT_VALUES`]; a column with more is *over*: its dictionary becomes a key sample.
//! - **Contingency tables.** Each pair of dictionary columns has an exact table of counts of
//!   its value pairs, each cell with its first line (pairwise complete rows): dense, `cap(i) x
//!   cap(j)` cells of 16 bytes (`cap`: the dictionary's size rounded up to a power of two, at
//!   least 4), while that fits the pair's bytes; then a hash map of its non-empty cells; and
//!   left out (`dropped`) once those pass the pair's bytes too.
//! - **Groups.** For each dictionary column `i` and each column `j` with numbers, the count,
//!   mean and M2 of `j`'s finite numbers per value of `i` (for the correlation ratio).
//! - **Key samples.** An over column keeps its values whose hash falls below a threshold that
//!   halves whenever more than [`KeySample::cap`] are kept, each with its count, its first
//!   two lines and its text: every occurrence of a kept value is counted, so a repeated kept
//!   value proves the column is not a key. While the threshold has never halved, the sample is
//!   every value.
//!
//! **Bound.** The tables take at most [`Relations::share_of`] the budget (a quarter), each pair
//! an equal part of it; the groups a sixteenth, each (column, numeric column) an equal part;
//! the key samples a thirty-second, each over column an equal part. Every condition only turns
//! one way as rows come (dictionaries and tables grow, the parts shrink as columns appear or go
//! over), so what is kept depends on the whole input only: the same for any chunking and any
//! split into parallel parts (a part never keeps less than the whole would, and the merge
//! applies the whole's limits again).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use foldhash::fast::FixedState;
use serde::{Deserialize, Serialize};

use super::Aggregate;
use super::Finish;
use crate::block::{Block, NULL_HASH};
use crate::budget::Budget;
use crate::options::Options;
use crate::profile::Profile;
use crate::sketch::mix;

/// Most distinct values a column's dictionary keeps.
pub const DICT_VALUES: usize = 256;
/// Bytes of a value's text kept.
pub const TEXT_BYTES: usize = 64;
const OVER_CAP: u64 = 2 * DICT_VALUES as u64;
const CELL_BYTES: u64 = 16;
/// A sparse cell: its key and value, and a hash map's spare room.
const SPARSE_CELL_BYTES: u64 = 48;
const GROUP_BYTES: u64 = 24;
/// A dependency sample's cell, with a hash map's spare room.
const DEP_CELL_BYTES: u64 = 128;
/// Cells a dependency sample may always keep.
pub const MIN_DEP_CELLS: usize = 128;
/// A key sample's value: its hash, its entry and a hash map's spare room.
const KEY_ENTRY_BYTES: u64 = 160;
/// A row's value id where the column is null (or not a dictionary column).
pub const NONE: u32 = u32::MAX;
/// Seed of the key samples' thresholds.
const KEY_SEED: u64 = 0x4B45_5953_414D_504C;

/// A hasher for keys that are hashes already.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, x: u64) {
        self.0 = x;
    }
}

pub type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// Count, mean and sum of squared deviations of some numbers, kept as sums of their
/// deviations from the first one (no division per value; accurate while the numbers are not
/// far from it relative to their spread), merged by Chan's formula.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Group {
    pub n: u64,
    /// The shift: the first number.
    k: f64,
    s1: f64,
    s2: f64,
}

impl Group {
    #[inline]
    pub fn push(&mut self, x: f64) {
        if self.n == 0 {
            self.k = x;
        }
        let d = x - self.k;
        self.n += 1;
        self.s1 += d;
        self.s2 += d * d;
    }

    pub fn mean(&self) -> f64 {
        if self.n == 0 { 0.0 } else { self.k + self.s1 / self.n as f64 }
    }

    /// The sum of squared deviations from the mean.
    pub fn m2(&self) -> f64 {
        if self.n == 0 { 0.0 } else { (self.s2 - self.s1 * self.s1 / self.n as f64).max(0.0) }
    }

    pub fn merge(&mut self, o: &Group) {
        if o.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *o;
            return;
        }
        let (n, mean, m2) = crate::moments::merge_mean_m2((self.n, self.mean(), self.m2()), (o.n, o.mean(), o.m2()));
        self.n = n;
        self.s1 = n as f64 * (mean - self.k);
        self.s2 = m2 + self.s1 * self.s1 / n as f64;
    }
}

/// A distinct value of a dictionary column.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Value {
    pub hash: u64,
    pub text: String,
    pub count: u64,
    pub first: u64,
    /// The line of its second occurrence (0: none yet).
    pub second: u64,
}

/// Bytes of a key sample value's text kept (inline: a sample allocates nothing per value).
pub const KEY_TEXT: usize = 32;

/// A value of a key sample.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Kept {
    pub count: u64,
    pub first: u64,
    pub second: u64,
    /// Its text as written, cut to [`KEY_TEXT`] bytes on a character boundary.
    pub text: [u8; KEY_TEXT],
    pub text_len: u8,
}

impl Kept {
    pub(crate) fn new(count: u64, first: u64, second: u64, text: &[u8]) -> Kept {
        let n = super::char_prefix(text, KEY_TEXT);
        let mut k = Kept { count, first, second, text: [0; KEY_TEXT], text_len: n as u8 };
        k.text[..n].copy_from_slice(&text[..n]);
        k
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.text[..self.text_len as usize]).into_owned()
    }
}

/// The values of an over column whose hash falls below a threshold (see the module docs).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct KeySample {
    /// Values kept iff `mix(hash ^ KEY_SEED) >> (64 - level)` is 0 (level 0: all).
    pub level: u32,
    pub cap: usize,
    pub values: IdMap<Kept>,
}

impl KeySample {
    #[inline]
    pub(crate) fn keeps(level: u32, hash: u64) -> bool {
        Self::keeps_mixed(level, mix(hash ^ KEY_SEED))
    }

    /// [`KeySample::keeps`] for `mixed = mix(hash ^ KEY_SEED)`, computed once per value.
    #[inline]
    pub(crate) fn keeps_mixed(level: u32, mixed: u64) -> bool {
        level == 0 || mixed >> (64 - level) == 0
    }

    /// Halves the threshold until at most `cap` values are kept.
    pub(crate) fn fit(&mut self) {
        while self.values.len() > self.cap && self.level < 63 {
            self.level += 1;
            let level = self.level;
            self.values.retain(|&h, _| Self::keeps(level, h));
        }
    }

    #[inline]
    pub(crate) fn push<'a>(&mut self, hash: u64, line: u64, text: impl FnOnce() -> &'a [u8]) {
        if !Self::keeps(self.level, hash) {
            return;
        }
        let k = self.values.entry(hash).or_insert_with(|| Kept::new(0, line, 0, text()));
        k.count += 1;
        if k.count == 2 {
            k.second = line;
        }
        if self.values.len() > self.cap {
            self.fit();
        }
    }

    /// Adds the sample of the next part (lines shifted by `shift`).
    pub(crate) fn merge(&mut self, o: &KeySample, shift: u64) {
        self.level = self.level.max(o.level);
        let level = self.level;
        self.values.retain(|&h, _| Self::keeps(level, h));
        for (&h, k) in &o.values {
            if !Self::keeps(level, h) {
                continue;
            }
            let e = self.values.entry(h).or_default();
            if e.count == 0 {
                *e = Kept { first: k.first + shift, second: if k.second > 0 { k.second + shift } else { 0 }, ..k.clone() };
            } else {
                if e.count == 1 {
                    e.second = k.first + shift;
                }
                e.count += k.count;
            }
        }
        self.fit();
    }

    /// The share of values whose occurrences are all counted.
    pub fn share(&self) -> f64 {
        0.5f64.powi(self.level as i32)
    }
}

/// A (determinant value, dependent value) of a [`DepSample`], with its rows and first line.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct DepCell {
    pub x: u64,
    pub a: u64,
    pub count: u64,
    pub first: u64,
    /// The determinant value's text, cut to [`KEY_TEXT`] bytes.
    pub text: [u8; KEY_TEXT],
    pub text_len: u8,
}

impl DepCell {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.text[..self.text_len as usize]).into_owned()
    }
}

/// X -> A for an over column X and a dictionary column A: the pairs (x, a) of the values x
/// whose hash falls below a threshold that halves whenever more than the cap are kept. Every
/// row of a kept x is counted, so each kept x's dependent values are exact.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DepSample {
    pub level: u32,
    pub cells: HashMap<u64, DepCell, FixedState>,
}

#[inline]
fn dep_key(x: u64, a: u64) -> u64 {
    x ^ mix(a ^ 0x4445_5053_414D_504C)
}

impl DepSample {
    #[inline]
    fn add(&mut self, x: u64, a: u64, count: u64, first: u64, text: &[u8], cap: usize) {
        if KeySample::keeps(self.level, x) {
            self.add_kept(x, a, count, first, text, cap);
        }
    }

    /// [`DepSample::add`] for an `x` the sample keeps.
    #[inline]
    fn add_kept(&mut self, x: u64, a: u64, count: u64, first: u64, text: &[u8], cap: usize) {
        let e = self.cells.entry(dep_key(x, a)).or_insert_with(|| {
            let k = Kept::new(0, 0, 0, text);
            DepCell { x, a, count: 0, first, text: k.text, text_len: k.text_len }
        });
        if e.count == 0 || first < e.first {
            e.first = first;
        }
        e.count += count;
        if self.cells.len() > cap {
            self.fit(cap);
        }
    }

    fn fit(&mut self, cap: usize) {
        while self.cells.len() > cap && self.level < 63 {
            self.level += 1;
            let level = self.level;
            self.cells.retain(|_, c| KeySample::keeps(level, c.x));
        }
    }

    /// The share of determinant values kept.
    pub fn share(&self) -> f64 {
        0.5f64.powi(self.level as i32)
    }
}

/// A tracked column: its dictionary, or its key sample once it has too many values.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Col {
    Dict(Vec<Value>),
    Over(KeySample),
}

/// A contingency table: dense (row-major by the first column's value id) while its caps'
/// cells fit the pair's bytes, else its non-empty cells in a hash map.
#[derive(Clone, Debug, Serialize, Deserialize, Default)]
pub struct Table {
    pub rows_cap: u32,
    pub cols_cap: u32,
    pub counts: Vec<u64>,
    pub first: Vec<u64>,
    /// The non-empty cells by `a << 32 | b`: (count, first line).
    pub sparse: Option<HashMap<u64, (u64, u64), FixedState>>,
}

#[inline]
fn cell_key(a: usize, b: usize) -> u64 {
    (a as u64) << 32 | b as u64
}

impl Table {
    fn new(rows_cap: u32, cols_cap: u32, dense: bool) -> Table {
        if !dense {
            return Table { rows_cap, cols_cap, counts: Vec::new(), first: Vec::new(), sparse: Some(HashMap::default()) };
        }
        let n = rows_cap as usize * cols_cap as usize;
        Table { rows_cap, cols_cap, counts: vec![0; n], first: vec![0; n], sparse: None }
    }

    /// The same cells for larger caps (dense or not).
    fn relayout(&mut self, rows_cap: u32, cols_cap: u32, dense: bool) {
        if self.sparse.is_some() || (rows_cap == self.rows_cap && cols_cap == self.cols_cap && dense) {
            self.rows_cap = rows_cap;
            self.cols_cap = cols_cap;
            return;
        }
        let mut t = Table::new(rows_cap, cols_cap, dense && self.sparse.is_none());
        for a in 0..self.rows_cap as usize {
            for b in 0..self.cols_cap as usize {
                let (c, f) = self.cell(a, b);
                t.add(a, b, c, f);
            }
        }
        *self = t;
    }

    #[inline]
    pub fn cell(&self, a: usize, b: usize) -> (u64, u64) {
        match &self.sparse {
            Some(m) => m.get(&cell_key(a, b)).copied().unwrap_or((0, 0)),
            None => {
                let k = a * self.cols_cap as usize + b;
                (self.counts[k], self.first[k])
            }
        }
    }

    /// Calls `f(a, b, count, first)` for each non-empty cell, in a stable order.
    pub fn for_cells(&self, mut f: impl FnMut(usize, usize, u64, u64)) {
        match &self.sparse {
            Some(m) => {
                let mut cells: Vec<(u64, (u64, u64))> = m.iter().map(|(&k, &v)| (k, v)).collect();
                cells.sort_unstable_by_key(|c| c.0);
                for (k, (count, first)) in cells {
                    f((k >> 32) as usize, (k & 0xFFFF_FFFF) as usize, count, first);
                }
            }
            None => {
                let w = self.cols_cap as usize;
                for (k, &count) in self.counts.iter().enumerate() {
                    if count > 0 {
                        f(k / w, k % w, count, self.first[k]);
                    }
                }
            }
        }
    }

    /// Bytes it holds (a sparse cell counted with its hash map's room).
    pub fn bytes(&self) -> u64 {
        match &self.sparse {
            Some(m) => m.len() as u64 * SPARSE_CELL_BYTES,
            None => self.counts.len() as u64 * CELL_BYTES,
        }
    }

    #[inline]
    fn add(&mut self, a: usize, b: usize, count: u64, first: u64) {
        if count == 0 {
            return;
        }
        let (c, f) = match &mut self.sparse {
            Some(m) => {
                let e = m.entry(cell_key(a, b)).or_insert((0, 0));
                (&mut e.0, &mut e.1)
            }
            None => {
                let k = a * self.cols_cap as usize + b;
                (&mut self.counts[k], &mut self.first[k])
            }
        };
        if *c == 0 || (first > 0 && first < *f) {
            *f = first;
        }
        *c += count;
    }
}

/// A pair of tracked columns (i < j).
#[derive(Clone, Debug, Serialize, Deserialize, Default)]
pub struct Pair {
    /// Left out for memory (the share's threshold); stays so.
    pub dropped: bool,
    pub table: Option<Table>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Relations {
    /// `max_relationship_columns`.
    pub cap: usize,
    /// Bytes the contingency tables may take, all pairs together.
    pub share: u64,
    /// Bytes the groups may take, all pairs together.
    pub group_share: u64,
    /// Bytes the key samples may take, all columns together.
    pub key_share: u64,
    pub rows: u64,
    pub cols: Vec<Col>,
    /// Whether each tracked column has had a finite number.
    pub numeric: Vec<bool>,
    /// Pairs (i < j) at j(j-1)/2 + i.
    pub pairs: Vec<Pair>,
    /// groups[i * cap + j]: j's numbers per value of i (empty: none, or left out).
    pub groups: Vec<Vec<Group>>,
    /// deps[x * cols + a]: X -> A for an over column X and a dictionary column A.
    pub deps: Vec<Option<DepSample>>,
    /// Bytes the dependency samples may take, all pairs together.
    pub dep_share: u64,
    /// Two columns taken together: determinants and keys of two columns.
    pub two: super::pairs::Pairs,
    /// The head's rows (mining the head alone, for [`super::pairs::Hints`]): each tracked
    /// column's hashes, row by row.
    #[serde(skip)]
    pub head_rows: Option<Vec<Vec<u64>>>,
    /// Dictionary lookups (rebuilt after deserialising).
    #[serde(skip)]
    index: Vec<IdMap<u32>>,
    /// Per-block scratch: each tracked column's value ids.
    #[serde(skip)]
    ids: Vec<u32>,
    /// Per-block scratch: an over column's hashes, mixed for the samples' thresholds.
    #[serde(skip)]
    mixed: Vec<u64>,
}

pub use super::pair_index as idx;

/// A field's text, cut to [`TEXT_BYTES`] on a character boundary.
pub fn cut_text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(&bytes[..super::char_prefix(bytes, TEXT_BYTES)]).into_owned()
}

fn pow2_cap(d: usize) -> u64 {
    (d.max(4) as u64).next_power_of_two()
}

impl Relations {
    /// Bytes the contingency tables may take for a budget of `budget` bytes.
    pub fn share_of(budget: u64) -> u64 {
        budget / 4
    }

    /// Bytes the groups may take.
    pub fn group_share_of(budget: u64) -> u64 {
        budget / 16
    }

    /// Bytes the dependency samples may take.
    pub fn dep_share_of(budget: u64) -> u64 {
        budget / 16
    }

    /// Cells each dependency sample keeps at most: an equal part of the share for each ordered
    /// pair of tracked columns, and at least [`MIN_DEP_CELLS`].
    pub fn dep_cap(&self) -> usize {
        let n = self.cols.len() as u64;
        ((self.dep_share / (n * n.saturating_sub(1)).max(1) / DEP_CELL_BYTES) as usize).max(MIN_DEP_CELLS)
    }

    /// A bound on the dependency samples' bytes for `cols` tracked columns and a budget of
    /// `budget` (samples exist for (over, dictionary) pairs only: at most cols²/4 of them).
    pub fn dep_bytes_bound(cols: usize, budget: u64) -> u64 {
        Self::dep_share_of(budget).max((cols * cols / 4) as u64 * MIN_DEP_CELLS as u64 * DEP_CELL_BYTES)
    }

    /// Bytes the key samples may take.
    pub fn key_share_of(budget: u64) -> u64 {
        budget / 32
    }

    /// A bound on the dictionaries' bytes for `cols` tracked columns (a fixed overhead, in
    /// the memory model), with the per-block ids.
    pub fn fixed_bytes(cols: usize) -> u64 {
        cols as u64 * (DICT_VALUES as u64 * (48 + TEXT_BYTES as u64 + 16) + 64)
            + cols as u64 * crate::block::BLOCK_ROWS as u64 * 4
            + (cols * cols) as u64 * 24
    }

    /// `cap` of tracked column `c`, as counted.
    pub fn size(&self, c: usize) -> u64 {
        match &self.cols[c] {
            Col::Dict(v) => pow2_cap(v.len()),
            Col::Over(_) => OVER_CAP,
        }
    }

    /// Values each key sample keeps at most: an equal part of the key share for each over
    /// column (the count of over columns only grows, so this only falls).
    fn key_cap(&self) -> usize {
        let over = self.cols.iter().filter(|c| matches!(c, Col::Over(_))).count().max(1) as u64;
        ((self.key_share / over / KEY_ENTRY_BYTES) as usize).max(256)
    }

    /// Fits every key sample to the current cap.
    fn fit_keys(&mut self) {
        let cap = self.key_cap();
        for c in &mut self.cols {
            if let Col::Over(ks) = c {
                ks.cap = cap;
                ks.fit();
            }
        }
    }

    /// Checks a deserialised state against the options.
    pub fn check(&self, opts: &Options) -> bool {
        let n = self.cols.len();
        self.cap == opts.max_relationship_columns
            && n <= self.cap
            && self.numeric.len() == n
            && self.pairs.len() == n * n.saturating_sub(1) / 2
            && self.groups.len() == n * n
            && self.deps.len() == n * n
            && self.two.check()
            && self.cols.iter().all(|c| match c {
                Col::Dict(v) => v.len() <= DICT_VALUES,
                Col::Over(k) => k.level < 64,
            })
    }

    fn rebuild_index(&mut self) {
        if self.index.len() == self.cols.len() {
            return;
        }
        self.index = self
            .cols
            .iter()
            .map(|c| match c {
                Col::Dict(v) => v.iter().enumerate().map(|(i, x)| (x.hash, i as u32)).collect(),
                Col::Over(_) => IdMap::default(),
            })
            .collect();
    }

    /// Tracks columns up to `n` (capped).
    fn grow(&mut self, n: usize) {
        self.rebuild_index();
        let n = n.min(self.cap);
        let old = self.cols.len();
        if n <= old {
            return;
        }
        let mut groups = vec![Vec::new(); n * n];
        let mut deps: Vec<Option<DepSample>> = (0..n * n).map(|_| None).collect();
        for i in 0..old {
            for j in 0..old {
                groups[i * n + j] = std::mem::take(&mut self.groups[i * old + j]);
                deps[i * n + j] = self.deps[i * old + j].take();
            }
        }
        self.groups = groups;
        self.deps = deps;
        while self.cols.len() < n {
            self.cols.push(Col::Dict(Vec::new()));
            self.index.push(IdMap::default());
            self.numeric.push(false);
        }
        self.pairs.resize(n * (n - 1) / 2, Pair::default());
    }

    /// Column `c` has more values than a dictionary keeps: it becomes a key sample.
    fn go_over(&mut self, c: usize) {
        let cap = self.key_cap();
        let n = self.cols.len();
        let dep_cap = self.dep_cap();
        // X -> A for each dictionary column A whose table with c is kept: from the table.
        if let Col::Dict(xv) = &self.cols[c] {
            for a in (0..n).filter(|&a| a != c) {
                let Col::Dict(av) = &self.cols[a] else { continue };
                let (lo, hi) = if a < c { (a, c) } else { (c, a) };
                let pair = &self.pairs[idx(lo, hi)];
                if pair.dropped {
                    continue;
                }
                let mut ds = DepSample::default();
                if let Some(t) = &pair.table {
                    t.for_cells(|p, q, count, first| {
                        let (x, y) = if c < a { (p, q) } else { (q, p) };
                        ds.add(xv[x].hash, av[y].hash, count, first, xv[x].text.as_bytes(), dep_cap);
                    });
                }
                self.deps[c * n + a] = Some(ds);
            }
        }
        // c is no longer a dependent.
        for x in 0..n {
            self.deps[x * n + c] = None;
        }
        let Col::Dict(values) = std::mem::replace(&mut self.cols[c], Col::Over(KeySample { level: 0, cap, values: IdMap::default() })) else {
            return;
        };
        let mut ks = KeySample { level: 0, cap, values: IdMap::default() };
        for v in values {
            ks.values.insert(v.hash, Kept::new(v.count, v.first, v.second, v.text.as_bytes()));
        }
        self.cols[c] = Col::Over(ks);
        self.fit_keys();
        self.index[c] = IdMap::default();
        for o in 0..n {
            if o != c {
                let (a, b) = if o < c { (o, c) } else { (c, o) };
                self.pairs[idx(a, b)].table = None;
            }
            self.groups[c * n + o] = Vec::new();
        }
    }

    /// The table of tracked columns (x, y), and whether it is stored as (y, x).
    pub fn table_of(&self, x: usize, y: usize) -> Option<(&Table, bool)> {
        if x < y { self.pairs[idx(x, y)].table.as_ref().map(|t| (t, false)) } else { self.pairs[idx(y, x)].table.as_ref().map(|t| (t, true)) }
    }

    /// Bytes each pair's table may take: an equal part of the share.
    pub fn pair_bytes(&self) -> u64 {
        let n = self.cols.len() as u64;
        self.share / (n * n.saturating_sub(1) / 2).max(1)
    }

    /// Whether column `i`'s groups are kept: a dictionary column without numbers (a column of
    /// numbers is measured against numbers by Pearson's r, not by η) whose groups (one per
    /// value, per numeric column) fit an equal part of the group share.
    fn groups_kept(&self, i: usize) -> bool {
        let n = self.cols.len() as u64;
        matches!(self.cols[i], Col::Dict(_)) && !self.numeric[i] && self.size(i) * GROUP_BYTES <= self.group_share / (n * n.saturating_sub(1)).max(1)
    }

    /// Lays out the pairs' tables for the dictionaries' sizes: dense while the caps' cells fit
    /// the pair's bytes, else sparse; and drops the groups that no longer fit. Every condition
    /// only turns one way as rows come (sizes grow, the parts shrink), so what is kept depends
    /// on the whole input only, never on chunks or parallel parts.
    fn layout(&mut self) {
        let n = self.cols.len();
        let limit = self.pair_bytes();
        for j in 0..n {
            for i in 0..j {
                let (Col::Dict(_), Col::Dict(_)) = (&self.cols[i], &self.cols[j]) else { continue };
                let (ri, rj) = (self.size(i) as u32, self.size(j) as u32);
                let dense = ri as u64 * rj as u64 * CELL_BYTES <= limit;
                let p = &mut self.pairs[idx(i, j)];
                if p.dropped {
                    continue;
                }
                match &mut p.table {
                    Some(t) => t.relayout(ri, rj, dense),
                    None => p.table = Some(Table::new(ri, rj, dense)),
                }
            }
        }
        for i in 0..n {
            if !self.groups_kept(i) {
                for j in 0..n {
                    self.groups[i * n + j] = Vec::new();
                }
            }
        }
    }

    /// Drops the sparse tables that passed their pair's bytes (and the pair's dependency
    /// samples, which would miss the rows the table held).
    fn check_tables(&mut self) {
        let limit = self.pair_bytes();
        let n = self.cols.len();
        for j in 0..n {
            for i in 0..j {
                let p = &mut self.pairs[idx(i, j)];
                if p.table.as_ref().is_some_and(|t| t.bytes() > limit) {
                    p.table = None;
                    p.dropped = true;
                }
                if p.dropped {
                    self.deps[i * n + j] = None;
                    self.deps[j * n + i] = None;
                }
            }
        }
    }

    /// The value id of column `c` (a dictionary column) for `hash`, adding it if new.
    #[inline]
    fn id_of(&mut self, c: usize, hash: u64, line: u64, text: impl FnOnce() -> String) -> u32 {
        let Col::Dict(values) = &mut self.cols[c] else { return NONE };
        let id = *self.index[c].entry(hash).or_insert_with(|| {
            values.push(Value { hash, text: text(), count: 0, first: line, second: 0 });
            values.len() as u32 - 1
        });
        let v = &mut values[id as usize];
        v.count += 1;
        if v.count == 2 {
            v.second = line;
        }
        id
    }
}

impl Aggregate for Relations {
    fn new(opts: &Options) -> Self {
        Relations {
            cap: opts.max_relationship_columns,
            share: Self::share_of(opts.memory_budget_bytes),
            group_share: Self::group_share_of(opts.memory_budget_bytes),
            key_share: Self::key_share_of(opts.memory_budget_bytes),
            rows: 0,
            cols: Vec::new(),
            numeric: Vec::new(),
            pairs: Vec::new(),
            groups: Vec::new(),
            deps: Vec::new(),
            dep_share: Self::dep_share_of(opts.memory_budget_bytes),
            two: super::pairs::Pairs::new(opts),
            head_rows: None,
            index: Vec::new(),
            ids: Vec::new(),
            mixed: Vec::new(),
        }
    }

    fn update(&mut self, block: &Block, _budget: &mut Budget) {
        self.grow(block.columns());
        let rows = block.rows();
        let n = self.cols.len();
        if rows == 0 || n == 0 {
            return;
        }
        self.rows += rows as u64;
        self.two.update(block);
        if let Some(head) = &mut self.head_rows {
            head.resize(n, Vec::new());
            for (c, hashes) in head.iter_mut().enumerate() {
                hashes.resize(self.rows as usize - rows, NULL_HASH);
                hashes.extend_from_slice(block.hashes(c));
            }
        }
        let lines = block.lines();
        // 1. Each value's id in its column's dictionary (or into the key sample).
        self.ids.clear();
        self.ids.resize(n * rows, NONE);
        let mut ids = std::mem::take(&mut self.ids);
        for c in 0..n {
            let hashes = block.hashes(c);
            if !self.numeric[c] && block.numbers(c).iter().any(|x| !x.is_nan()) {
                self.numeric[c] = true;
            }
            let out = &mut ids[c * rows..(c + 1) * rows];
            let mut r = 0;
            if let Col::Dict(_) = self.cols[c] {
                let (mut last_h, mut last_id) = (NULL_HASH, NONE);
                while r < rows {
                    let h = hashes[r];
                    if h != NULL_HASH {
                        if h == last_h {
                            let Col::Dict(values) = &mut self.cols[c] else { unreachable!() };
                            let v = &mut values[last_id as usize];
                            v.count += 1;
                            if v.count == 2 {
                                v.second = lines[r];
                            }
                        } else {
                            last_id = self.id_of(c, h, lines[r], || cut_text(block.field(c, r).map_or(&[][..], |f| f.bytes)));
                            last_h = h;
                        }
                        out[r] = last_id;
                        if let Col::Dict(values) = &self.cols[c] {
                            if values.len() > DICT_VALUES {
                                self.go_over(c);
                                out.fill(NONE);
                                r += 1;
                                break;
                            }
                        }
                    }
                    r += 1;
                }
            }
            if let Col::Over(ks) = &mut self.cols[c] {
                for r in r..rows {
                    let h = hashes[r];
                    if h != NULL_HASH {
                        ks.push(h, lines[r], || block.field(c, r).map_or(&[][..], |f| f.bytes));
                    }
                }
            }
        }
        // 1b. Each over column's dependency samples: every row of the block (a column that went
        // over in it had none of them in its tables yet).
        let dep_cap = self.dep_cap();
        let mut mixed = std::mem::take(&mut self.mixed);
        for x in 0..n {
            if !matches!(self.cols[x], Col::Over(_)) || (0..n).all(|a| self.deps[x * n + a].is_none()) {
                continue;
            }
            let hx = block.hashes(x);
            mixed.clear();
            mixed.extend(hx.iter().map(|&h| mix(h ^ KEY_SEED)));
            // Rows no sample of x keeps are skipped at once (most of them, once the samples fill).
            let least = (0..n).filter_map(|a| self.deps[x * n + a].as_ref().map(|d| d.level)).min().unwrap_or(0);
            for r in 0..rows {
                if hx[r] == NULL_HASH || !KeySample::keeps_mixed(least, mixed[r]) {
                    continue;
                }
                for a in 0..n {
                    let Some(ds) = &mut self.deps[x * n + a] else { continue };
                    if ids[a * rows + r] != NONE && KeySample::keeps_mixed(ds.level, mixed[r]) {
                        ds.add_kept(hx[r], block.hashes(a)[r], 1, lines[r], block.field(x, r).map_or(&[][..], |f| f.bytes), dep_cap);
                    }
                }
            }
        }
        self.mixed = mixed;
        // 2. The tables' layout for the dictionaries' sizes.
        self.layout();
        // 3. Cells, and groups.
        for j in 0..n {
            for i in 0..j {
                let Some(t) = &mut self.pairs[idx(i, j)].table else { continue };
                let (a, b) = (&ids[i * rows..(i + 1) * rows], &ids[j * rows..(j + 1) * rows]);
                if t.sparse.is_some() {
                    for r in 0..rows {
                        if a[r] != NONE && b[r] != NONE {
                            t.add(a[r] as usize, b[r] as usize, 1, lines[r]);
                        }
                    }
                    continue;
                }
                let w = t.cols_cap as usize;
                for r in 0..rows {
                    let (x, y) = (a[r], b[r]);
                    if x == NONE || y == NONE {
                        continue;
                    }
                    let k = x as usize * w + y as usize;
                    t.counts[k] += 1;
                    if t.counts[k] == 1 {
                        t.first[k] = lines[r];
                    }
                }
            }
        }
        self.check_tables();
        for i in 0..n {
            if !self.groups_kept(i) {
                continue;
            }
            let cap = self.size(i) as usize;
            let a = &ids[i * rows..(i + 1) * rows];
            for j in (0..n).filter(|&j| j != i && self.numeric[j]) {
                let xs = block.numbers(j);
                let g = &mut self.groups[i * n + j];
                if g.len() < cap {
                    g.resize(cap, Group::default());
                }
                for r in 0..rows {
                    let (id, x) = (a[r], xs[r]);
                    if id != NONE && !x.is_nan() {
                        g[id as usize].push(x);
                    }
                }
            }
        }
        self.ids = ids;
    }

    fn merge(&mut self, later: &Self, map: &[usize], shift: u64, _budget: &mut Budget) {
        let tracked = |g: usize| g < self.cap;
        let width = map.iter().take(later.cols.len()).copied().filter(|&g| tracked(g)).map(|g| g + 1).max().unwrap_or(0);
        self.grow(width);
        let n = self.cols.len();
        let mut later = later.clone();
        later.rebuild_index();
        let ln = later.cols.len();
        // Where each of later's tracked columns goes, and its value ids in ours.
        let to: Vec<Option<usize>> = (0..ln).map(|a| map.get(a).copied().filter(|&g| g < n)).collect();
        let mut remap: Vec<Vec<u32>> = vec![Vec::new(); ln];
        for a in 0..ln {
            let Some(g) = to[a] else { continue };
            self.numeric[g] |= later.numeric[a];
            match (&mut self.cols[g], &later.cols[a]) {
                (Col::Dict(_), Col::Dict(lv)) => {
                    let mut ids = Vec::with_capacity(lv.len());
                    for v in lv {
                        let Col::Dict(values) = &mut self.cols[g] else { unreachable!() };
                        let id = match self.index[g].get(&v.hash) {
                            Some(&id) => {
                                let e = &mut values[id as usize];
                                if e.count == 1 {
                                    e.second = v.first + shift;
                                } else if e.count == 0 {
                                    e.first = v.first + shift;
                                    e.second = if v.second > 0 { v.second + shift } else { 0 };
                                }
                                e.count += v.count;
                                id
                            }
                            None => {
                                values.push(Value { hash: v.hash, text: v.text.clone(), count: v.count, first: v.first + shift, second: if v.second > 0 { v.second + shift } else { 0 } });
                                let id = values.len() as u32 - 1;
                                self.index[g].insert(v.hash, id);
                                id
                            }
                        };
                        ids.push(id);
                    }
                    remap[a] = ids;
                }
                (Col::Dict(_), Col::Over(lk)) => {
                    self.go_over(g);
                    let Col::Over(ks) = &mut self.cols[g] else { unreachable!() };
                    ks.merge(lk, shift);
                }
                (Col::Over(ks), Col::Dict(lv)) => {
                    let mut o = KeySample { level: 0, cap: ks.cap, values: IdMap::default() };
                    for v in lv {
                        o.values.insert(v.hash, Kept::new(v.count, v.first, v.second, v.text.as_bytes()));
                    }
                    ks.merge(&o, shift);
                }
                (Col::Over(ks), Col::Over(lk)) => ks.merge(lk, shift),
            }
        }
        for g in 0..n {
            if let Col::Dict(v) = &self.cols[g] {
                if v.len() > DICT_VALUES {
                    self.go_over(g);
                }
            }
        }
        // Pairs dropped in either part stay dropped; the level is the larger one, then raised.
        for lj in 0..ln {
            for li in 0..lj {
                let (Some(gi), Some(gj)) = (to[li], to[lj]) else { continue };
                if later.pairs[idx(li, lj)].dropped {
                    let (a, b) = if gi < gj { (gi, gj) } else { (gj, gi) };
                    self.pairs[idx(a, b)].dropped = true;
                    self.pairs[idx(a, b)].table = None;
                }
            }
        }
        self.layout();
        // Cells: later's (x, y) into ours.
        for lj in 0..ln {
            for li in 0..lj {
                let (Some(gi), Some(gj)) = (to[li], to[lj]) else { continue };
                let Some(lt) = &later.pairs[idx(li, lj)].table else { continue };
                let (a, b, swap) = if gi < gj { (gi, gj, false) } else { (gj, gi, true) };
                let Some(t) = &mut self.pairs[idx(a, b)].table else { continue };
                for x in 0..remap[li].len().min(lt.rows_cap as usize) {
                    for y in 0..remap[lj].len().min(lt.cols_cap as usize) {
                        let (count, first) = lt.cell(x, y);
                        if count == 0 {
                            continue;
                        }
                        let (p, q) = (remap[li][x] as usize, remap[lj][y] as usize);
                        let (p, q) = if swap { (q, p) } else { (p, q) };
                        t.add(p, q, count, first + shift);
                    }
                }
            }
        }
        // Groups.
        for li in 0..ln {
            let Some(gi) = to[li] else { continue };
            if !self.groups_kept(gi) || remap[li].is_empty() {
                continue;
            }
            let cap = self.size(gi) as usize;
            for lj in 0..ln {
                let Some(gj) = to[lj] else { continue };
                let lg = &later.groups[li * ln + lj];
                if lg.is_empty() {
                    continue;
                }
                let g = &mut self.groups[gi * n + gj];
                if g.len() < cap {
                    g.resize(cap, Group::default());
                }
                for (x, grp) in lg.iter().enumerate().take(remap[li].len()) {
                    g[remap[li][x] as usize].merge(grp);
                }
            }
        }
        // Dependency samples: later's cells, or its table when its X was still a dictionary.
        let dep_cap = self.dep_cap();
        for lx in 0..ln {
            for la in 0..ln {
                let (Some(gx), Some(ga)) = (to[lx], to[la]) else { continue };
                if lx == la {
                    continue;
                }
                let Some(ds) = &mut self.deps[gx * n + ga] else { continue };
                match &later.cols[lx] {
                    Col::Over(_) => {
                        let Some(lds) = &later.deps[lx * ln + la] else { continue };
                        ds.level = ds.level.max(lds.level);
                        let level = ds.level;
                        ds.cells.retain(|_, c| KeySample::keeps(level, c.x));
                        for c in lds.cells.values() {
                            ds.add(c.x, c.a, c.count, c.first + shift, &c.text[..c.text_len as usize], dep_cap);
                        }
                    }
                    Col::Dict(xv) => {
                        let (Col::Dict(av), Some((t, tr))) = (&later.cols[la], later.table_of(lx, la)) else { continue };
                        t.for_cells(|p, q, count, first| {
                            let (x, y) = if tr { (q, p) } else { (p, q) };
                            ds.add(xv[x].hash, av[y].hash, count, first + shift, xv[x].text.as_bytes(), dep_cap);
                        });
                    }
                }
                ds.fit(dep_cap);
            }
        }
        self.check_tables();
        self.fit_keys();
        self.two.merge(&later.two, map, shift);
        self.rows += later.rows;
    }

    fn finish(&self, ctx: &Finish<'_>, p: &mut Profile) {
        super::relations_finish::finish(self, ctx, p);
    }
}
