//! One memory budget for all of a miner's state (`memory_budget_bytes`).
//!
//! Every statistic starts exact: distinct values and top values in a table of every value
//! with its count, quantiles and histograms in a table of every distinct number with its
//! count, duplicate rows in a set of row hashes. Each table asks the budget before it grows.
//!
//! - The exact tables may hold 3/4 of the budget; the sketches they are demoted to take at
//!   most the other quarter ([`crate::sketch::SketchParams::for_columns`] sizes them so).
//! - While the tables fit, everything stays exact. No count of columns shrinks anything in
//!   advance.
//! - At the end of every row, if the tables hold more than [`Budget::target`] (5/8 of the
//!   budget), the largest are demoted to their bounded sketches (largest first, ties by
//!   column, then by statistic) until they hold no more than that. The eighth above it is
//!   headroom for the tables' growth steps within a row.
//! - A growth step (counting the old copy a reallocation keeps for a moment) may take the
//!   tables to 3/4 of the budget, never further: a table whose next step would pass that (one
//!   already holding about a tenth of the budget or more) is demoted at once.
//!
//! Demotion turns a table into its sketch (HyperLogLog plus Misra-Gries top values, KLL
//! quantiles, a HyperLogLog of row hashes), replaying what it holds, so no value is lost. Each
//! decision depends only on the rows seen so far, never on how the input was cut into chunks,
//! so a given input gives the same profile for any chunking.
//!
//! The sketches' sizes come from the budget too: a file with few columns gets large sketches,
//! a wide one smaller ones. Past a few thousand columns even the smallest sketches take more
//! than a quarter of the budget; [`crate::miner::heap_bound`] counts that excess as part of
//! the per-column overhead.

/// Default budget: 32 MiB.
pub const DEFAULT_BUDGET: u64 = 32 << 20;
/// Smallest budget accepted: 4 MiB.
pub const MIN_BUDGET: u64 = 4 << 20;
/// Largest budget accepted: 4 GiB.
pub const MAX_BUDGET: u64 = 4 << 30;

/// The bytes the miner's exact tables hold, against its limit.
#[derive(Clone, Debug)]
pub struct Budget {
    limit: u64,
    used: u64,
    /// Highest `used` seen.
    peak: u64,
    /// Tables demoted so far.
    demotions: u64,
}

impl Budget {
    pub fn new(limit: u64) -> Self {
        Budget { limit, used: 0, peak: 0, demotions: 0 }
    }

    pub fn limit(&self) -> u64 {
        self.limit
    }

    pub fn used(&self) -> u64 {
        self.used
    }

    pub fn peak(&self) -> u64 {
        self.peak
    }

    pub fn demotions(&self) -> u64 {
        self.demotions
    }

    /// What the exact tables may hold at any moment: 3/4 of the limit.
    pub fn tables(&self) -> u64 {
        self.limit / 4 * 3
    }

    /// What the exact tables may hold at the end of a row: 5/8 of the limit.
    pub fn target(&self) -> u64 {
        self.limit / 8 * 5
    }

    /// Whether a table may grow by `delta` bytes now (it holds `delta` more afterwards; a
    /// reallocation briefly holds the old copy too, which the caller includes in `delta`).
    #[inline]
    pub fn fits(&self, delta: u64) -> bool {
        self.used + delta <= self.tables()
    }

    /// Whether the tables hold more than [`Budget::target`] (the end of a row then demotes).
    #[inline]
    pub fn is_over(&self) -> bool {
        self.used > self.target()
    }

    #[inline]
    pub fn add(&mut self, bytes: u64) {
        self.used += bytes;
        self.peak = self.peak.max(self.used);
    }

    #[inline]
    pub fn sub(&mut self, bytes: u64) {
        self.used = self.used.saturating_sub(bytes);
    }

    /// A table of `before` bytes became a sketch (counted apart, see the module docs).
    pub fn demoted(&mut self, before: u64, _sketch: u64) {
        self.sub(before);
        self.demotions += 1;
    }

    /// Sets what the tables hold (after parts were merged, they were counted again).
    pub fn set_used(&mut self, used: u64) {
        self.used = used;
        self.peak = self.peak.max(used);
    }
}
