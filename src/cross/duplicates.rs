//! Duplicate rows: rows minus distinct rows, from the rows' identities (a hash of their typed
//! values). Exact while the set of row hashes fits the memory budget, then a HyperLogLog.

use serde::{Deserialize, Serialize};

use super::{Aggregate, Finish};
use crate::block::Block;
use crate::budget::Budget;
use crate::findings;
use crate::options::Options;
use crate::profile::Profile;
use crate::sketch::DistinctRows;

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DuplicateRows {
    pub distinct: DistinctRows,
}

impl DuplicateRows {
    /// (duplicate rows, exact, a bound on the error at ~95%) for `rows` rows.
    pub fn count(&self, rows: u64) -> (u64, bool, u64, f64) {
        let (distinct, exact, rse) = self.distinct.estimate();
        (rows.saturating_sub(distinct), exact, (2.0 * rse * distinct as f64).ceil() as u64, rse)
    }
}

impl Aggregate for DuplicateRows {
    fn new(opts: &Options) -> Self {
        DuplicateRows { distinct: DistinctRows::new(DistinctRows::lg_k_for(opts.memory_budget_bytes)) }
    }

    fn update(&mut self, block: &Block, budget: &mut Budget) {
        for &h in block.row_hashes() {
            self.distinct.push(h, budget);
        }
    }

    fn merge(&mut self, later: &Self, _map: &[usize], _shift: u64, budget: &mut Budget) {
        self.distinct.merge(&later.distinct, budget);
    }

    fn exact_bytes(&self) -> u64 {
        self.distinct.exact_bytes()
    }

    fn demote(&mut self, budget: &mut Budget) {
        self.distinct.demote(budget);
    }

    fn finish(&self, ctx: &Finish<'_>, p: &mut Profile) {
        let (dups, exact, error, rse) = self.count(ctx.rows);
        p.duplicate_rows = dups;
        p.duplicate_rows_exact = exact;
        p.duplicate_rows_error = error;
        p.findings.extend(findings::duplicate_finding(dups, exact, ctx.rows, rse));
    }
}
