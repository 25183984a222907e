//! A column's profile so far, for the live view while a file streams: cheap (no sorting, no
//! sketch queries beyond a count) and read-only, so the final profile does not depend on when
//! or how often it is taken.

use super::ColumnAcc;
use crate::infer::Type;
use crate::profile::ColumnSnapshot;

impl ColumnAcc {
    /// What this column's values say so far: its type, counts, distinct values, min, max and
    /// mean (numbers of the batch not yet folded in included).
    pub fn snapshot(&self, name: &str) -> ColumnSnapshot {
        let (ty, nan_is_value) = self.infer();
        let mut count: u64 = self.types.iter().sum();
        let mut nulls = self.nulls;
        if nan_is_value {
            count += self.nan_tokens;
        } else {
            nulls += self.nan_tokens;
        }
        let pending = &self.nums[..];
        let (mut lo, mut hi, mut sum) = (self.fmin, self.fmax, 0.0);
        for &x in pending {
            lo = lo.min(x);
            hi = hi.max(x);
            sum += x;
        }
        let n = self.moments.n + pending.len() as u64;
        let mean = (n > 0).then(|| (self.moments.mean * self.moments.n as f64 + sum) / n as f64);
        let (min, max) = self.range(ty, lo, hi, n);
        let mean = match ty {
            Type::Boolean => {
                let n = self.types[Type::Boolean.index()];
                (n > 0).then(|| self.trues as f64 / n as f64)
            }
            Type::Integer | Type::Float => mean,
            _ => None,
        };
        let (distinct, distinct_exact) = self.freq.distinct();
        ColumnSnapshot { name: name.to_string(), ty: ty.name(), count, nulls, distinct, distinct_exact, min, max, mean }
    }
}
