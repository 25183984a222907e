//! A column's profile so far, for the live view while a file streams: cheap (no sorting, no
//! sketch queries beyond a count) and read-only, so the final profile does not depend on when
//! or how often it is taken.

use super::{ColumnAcc, MS_PER_DAY};
use crate::infer::{self, Type};
use crate::profile::{ColumnSnapshot, Scalar};

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
        let (min, max, mean) = match ty {
            Type::Boolean => {
                let n = self.types[Type::Boolean.index()];
                (Some(Scalar::Bool(self.trues == n)), Some(Scalar::Bool(self.trues > 0)), (n > 0).then(|| self.trues as f64 / n as f64))
            }
            Type::Integer if self.imin <= self.imax => (Some(Scalar::Int(self.imin)), Some(Scalar::Int(self.imax)), mean),
            Type::Float if n > 0 => (Some(Scalar::Float(lo)), Some(Scalar::Float(hi)), mean),
            Type::Date if self.tmin <= self.tmax => (
                Some(Scalar::Text(infer::format_date(self.tmin.div_euclid(MS_PER_DAY) as i32))),
                Some(Scalar::Text(infer::format_date(self.tmax.div_euclid(MS_PER_DAY) as i32))),
                None,
            ),
            Type::Datetime if self.tmin <= self.tmax => {
                (Some(Scalar::Text(infer::format_datetime(self.tmin))), Some(Scalar::Text(infer::format_datetime(self.tmax))), None)
            }
            Type::Time if self.clock_min <= self.clock_max => {
                (Some(Scalar::Text(infer::format_time(self.clock_min))), Some(Scalar::Text(infer::format_time(self.clock_max))), None)
            }
            Type::String if self.text.seen => {
                let text = |b: &[u8]| Scalar::Text(String::from_utf8_lossy(b).into_owned());
                (Some(text(&self.text.min)), Some(text(&self.text.max)), None)
            }
            _ => (None, None, None),
        };
        let (distinct, distinct_exact) = self.freq.distinct();
        ColumnSnapshot { name: name.to_string(), ty: ty.name(), count, nulls, distinct, distinct_exact, min, max, mean }
    }
}
