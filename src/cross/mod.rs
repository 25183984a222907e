//! Statistics over the whole table, one file each, all with one shape (DuckDB's aggregates): a
//! state, [`Aggregate::update`] over a [`Block`] of rows, [`Aggregate::merge`] with the state of
//! the next part of the file, and `finish` into the profile. They share the memory budget
//! ([`crate::budget`]): an aggregate that holds an exact table reports it in
//! [`Aggregate::exact_bytes`] and gives it back in [`Aggregate::demote`].
//!
//! Adding one is a file here with a type that implements [`Aggregate`], and a line in
//! [`aggregates!`]: the readers and the per-column code do not change.

use serde::{Deserialize, Serialize};

use crate::block::Block;
use crate::budget::Budget;
use crate::options::Options;
use crate::profile::{ColumnProfile, Profile};

pub mod correlations;
pub mod duplicates;
pub mod missing;
pub mod pairs;
pub mod relations;
pub mod relations_finish;
pub mod sample;

/// Where pair (i, j), i < j, of a triangular table of column pairs lives: j(j-1)/2 + i, so
/// the table grows with the columns and a column's pairs with the earlier ones stay put.
#[inline]
pub fn pair_index(i: usize, j: usize) -> usize {
    debug_assert!(i < j);
    j * (j - 1) / 2 + i
}

/// Bytes of `bytes` kept when it is cut to at most `max`, on a UTF-8 character boundary.
pub fn char_prefix(bytes: &[u8], max: usize) -> usize {
    let mut n = bytes.len().min(max);
    while n < bytes.len() && n > 0 && bytes[n] & 0xC0 == 0x80 {
        n -= 1;
    }
    n
}

/// What `finish` is told: the finished columns and the options.
pub struct Finish<'a> {
    pub columns: &'a [ColumnProfile],
    pub rows: u64,
    pub opts: &'a Options,
}

/// A statistic over the whole table.
pub trait Aggregate: Sized {
    /// A state for a file mined with these options.
    fn new(opts: &Options) -> Self;
    /// Folds in one block of complete rows.
    fn update(&mut self, block: &Block, budget: &mut Budget);
    /// Adds the state of the next part of the file. `map[j]` is the file's column for the
    /// part's column `j` (JSON Lines parts may see their columns in another order); `shift` is
    /// the number of lines before that part (its line numbers start at 1 again).
    fn merge(&mut self, later: &Self, map: &[usize], shift: u64, budget: &mut Budget);
    /// Bytes of exact tables that [`Aggregate::demote`] would give back.
    fn exact_bytes(&self) -> u64 {
        0
    }
    /// Turns the exact tables into their bounded sketches.
    fn demote(&mut self, _budget: &mut Budget) {}
    /// Writes its part of the profile (fields and findings).
    fn finish(&self, ctx: &Finish<'_>, profile: &mut Profile);
}

/// Declares the table's aggregates: one field each, and the loops over them.
macro_rules! aggregates {
    ($($field:ident: $ty:ty),* $(,)?) => {
        /// Every cross-column aggregate of a table.
        #[derive(Clone, Debug, Serialize, Deserialize)]
        pub struct Aggregates {
            $(pub $field: $ty,)*
        }

        impl Aggregates {
            pub fn new(opts: &Options) -> Self {
                Aggregates { $($field: <$ty>::new(opts),)* }
            }

            pub fn update(&mut self, block: &Block, budget: &mut Budget) {
                $(self.$field.update(block, budget);)*
            }

            pub fn merge(&mut self, later: &Aggregates, map: &[usize], shift: u64, budget: &mut Budget) {
                $(self.$field.merge(&later.$field, map, shift, budget);)*
            }

            /// Bytes of each aggregate's exact tables, in declaration order.
            pub fn exact_bytes(&self) -> Vec<u64> {
                vec![$(self.$field.exact_bytes(),)*]
            }

            /// Demotes aggregate `i` (declaration order).
            pub fn demote(&mut self, i: usize, budget: &mut Budget) {
                let mut k = 0;
                $(
                    if k == i {
                        self.$field.demote(budget);
                    }
                    k += 1;
                )*
                let _ = k;
            }

            pub fn finish(&self, ctx: &Finish<'_>, profile: &mut Profile) {
                $(self.$field.finish(ctx, profile);)*
            }
        }
    };
}

aggregates! {
    correlations: correlations::Pearson,
    duplicates: duplicates::DuplicateRows,
    missing: missing::Missing,
    sample: sample::Sample,
    relations: relations::Relations,
}
