//! Reading a Parquet file holds one page per column, not a row group: one test function in its
//! own binary (the allocator's counters are global, so nothing may run beside it).
#![cfg(all(not(target_arch = "wasm32"), feature = "parquet"))]

mod common;

use sluice::miner::heap_bound;
use sluice::{Options, alloc};

#[test]
fn a_row_group_of_70_mb_is_read_in_bounded_memory() {
    let d = common::python_fixtures("tests/parquet/write.py", "parquet-mem", &["big"]);
    let file = d.join("big.parquet");
    let opts = Options::default();
    let base = alloc::stats().heap_bytes;
    let f = std::fs::File::open(&file).unwrap();
    let p = sluice::format::parquet::mine_parquet(f, &opts, &mut |_, _| {}).unwrap();
    let used = p.memory.peak_heap_bytes.saturating_sub(base);
    let info = p.parquet.as_ref().unwrap();
    assert_eq!((p.rows, info.row_groups), (1_500_000, 1));
    // The one row group holds 1.5M rows of three columns (the keys alone are 54 MB); the
    // reader's own share is a page per column and a batch of rows as text (documented in the
    // README: 8 MiB over the miner's bound).
    let bound = heap_bound(3, &opts) + (8 << 20);
    assert!(used <= bound, "peak heap {used} over {bound}");
    let _ = std::fs::remove_dir_all(&d);
}
