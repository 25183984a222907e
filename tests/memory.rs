//! The documented memory bound holds on inputs built to break it. One test function, run in
//! its own binary: the allocator's counters are global, so nothing may run beside it.
#![cfg(not(target_arch = "wasm32"))]

use sluice::miner::heap_bound;
use sluice::{Miner, Options, alloc};

/// Mines what `fill` writes, chunk by chunk (never holding the whole input), and returns
/// (profile, heap the miner used at its peak).
fn mine_streamed(mut fill: impl FnMut(&mut Vec<u8>) -> bool) -> (sluice::Profile, u64) {
    let mut chunk = Vec::with_capacity(1 << 20);
    let base = alloc::stats().heap_bytes;
    let mut m = Miner::new(Options::default()).unwrap();
    loop {
        chunk.clear();
        let more = fill(&mut chunk);
        m.push(&chunk).unwrap();
        if !more {
            break;
        }
    }
    let p = m.finish().unwrap();
    // The chunk buffer is the caller's; its 1 MiB is part of `base`.
    let used = p.memory.peak_heap_bytes.saturating_sub(base);
    (p, used)
}

#[test]
fn heap_stays_within_the_documented_bound() {
    let opts = Options::default();

    // 1. A million distinct long strings (and a number) per row.
    let mut i = 0u64;
    let (p, used) = mine_streamed(|buf| {
        if i == 0 {
            buf.extend_from_slice(b"key,n\n");
        }
        while buf.len() < (1 << 20) - 200 && i < 1_000_000 {
            buf.extend_from_slice(format!("user-{i:012}-{}-{},{}\n", "x".repeat(40), i * 7919 % 1_000_003, i).as_bytes());
            i += 1;
        }
        i < 1_000_000
    });
    let bound = heap_bound(2, &opts);
    eprintln!("1M distinct long strings: {} rows, peak heap {used} B, bound {bound} B", p.rows);
    assert_eq!(p.rows, 1_000_000);
    let d = p.columns[0].distinct as f64;
    assert!((d - 1e6).abs() / 1e6 < 0.02, "distinct {d}");
    assert!(used < bound, "peak heap {used} over the bound {bound}");

    // 2. One field of 100 MiB (quoted, with newlines in it).
    let total = 100u64 << 20;
    let mut sent = 0u64;
    let (p, used) = mine_streamed(|buf| {
        if sent == 0 {
            buf.extend_from_slice(b"id,blob,after\n1,\"");
        }
        while buf.len() < 1 << 20 && sent < total {
            buf.extend_from_slice(b"abcdefghij\nklmnopqrstuvwxyz ");
            sent += 28;
        }
        if sent >= total {
            buf.extend_from_slice(b"\",end\n2,small,end\n");
            return false;
        }
        true
    });
    let bound = heap_bound(3, &opts);
    eprintln!("100 MiB field: peak heap {used} B, bound {bound} B");
    assert_eq!(p.rows, 2);
    assert_eq!(p.columns[1].length.max, Some(sent));
    assert!(p.findings.iter().any(|f| f.kind == "record_truncated"));
    assert_eq!(p.columns[2].count, 2, "the field after the huge one is still read");
    assert!(used < bound, "peak heap {used} over the bound {bound}");

    // 3. 10,000 columns.
    let cols = 10_000;
    let mut row = 0;
    let (p, used) = mine_streamed(|buf| {
        if row == 0 {
            let header: Vec<String> = (0..cols).map(|c| format!("c{c}")).collect();
            buf.extend_from_slice(header.join(",").as_bytes());
            buf.push(b'\n');
        }
        while buf.len() < 1 << 20 && row < 300 {
            let r: Vec<String> = (0..cols).map(|c| if c % 3 == 0 { format!("v{}", (row * c) % 97) } else { ((row * 31 + c) % 1000).to_string() }).collect();
            buf.extend_from_slice(r.join(",").as_bytes());
            buf.push(b'\n');
            row += 1;
        }
        row < 300
    });
    let bound = heap_bound(cols, &opts);
    eprintln!("10,000 columns: peak heap {used} B, bound {bound} B");
    assert_eq!(p.columns.len(), cols);
    assert_eq!(p.rows, 300);
    assert!(used < bound, "peak heap {used} over the bound {bound}");

    // 4. 100,000 columns, each with many distinct values (max_columns keeps 16,384 of them).
    let cols = 100_000;
    let mut row = 0;
    let (p, used) = mine_streamed(|buf| {
        if row == 0 {
            let header: Vec<String> = (0..cols).map(|c| format!("c{c}")).collect();
            buf.extend_from_slice(header.join(",").as_bytes());
            buf.push(b'\n');
        }
        while buf.len() < 1 << 20 && row < 60 {
            let r: Vec<String> = (0..cols).map(|c| ((row * 7919 + c * 31) % 100_003).to_string()).collect();
            buf.extend_from_slice(r.join(",").as_bytes());
            buf.push(b'\n');
            row += 1;
        }
        row < 60
    });
    let bound = heap_bound(cols, &opts);
    eprintln!("100,000 columns: peak heap {used} B, bound {bound} B");
    assert_eq!(p.columns.len(), opts.max_columns);
    assert!(p.findings.iter().any(|f| f.kind == "too_many_columns"));
    assert_eq!(p.rows, 60);
    assert!(used < bound, "peak heap {used} over the bound {bound}");

    // 5. Ten million distinct numbers.
    let n = 10_000_000u64;
    let mut i = 0u64;
    let (p, used) = mine_streamed(|buf| {
        if i == 0 {
            buf.extend_from_slice(b"x\n");
        }
        while buf.len() < (1 << 20) - 32 && i < n {
            buf.extend_from_slice(format!("{}.5\n", i * 2_654_435_761 % 1_000_000_007).as_bytes());
            i += 1;
        }
        i < n
    });
    let bound = heap_bound(1, &opts);
    eprintln!("10M distinct numbers: peak heap {used} B, bound {bound} B");
    assert_eq!(p.rows, n);
    assert!(!p.columns[0].quantiles_exact && !p.columns[0].distinct_exact);
    assert!((p.columns[0].distinct as f64 - n as f64).abs() / (n as f64) < 0.02);
    assert!(used < bound, "peak heap {used} over the bound {bound}");
    // The budget is what bounds it: the tables filled it, and no more.
    assert!(used > opts.memory_budget_bytes / 2, "peak heap {used}: the budget was not used");
}
