//! In steady state a chunk causes no allocation. One test in this binary, so that no other
//! test thread allocates while it counts.
#![cfg(not(target_arch = "wasm32"))]

use sluice::{Miner, Options, alloc};

#[test]
fn steady_state_chunks_do_not_allocate() {
    let row = "42,3.25,2024-05-06,\"Smith, \"\"J\"\"\",true,NA,2024-05-06T07:08:09Z\n";
    let mut data = String::from("id,amount,day,name,flag,empty,ts\n");
    while data.len() < 8 << 20 {
        data.push_str(row);
    }
    let data = data.as_bytes();
    let mut m = Miner::new(Options::default()).unwrap();
    let heap_at_start = alloc::stats().heap_bytes;
    // Warm up: sniffing and the first records size every buffer.
    let chunk = 61_417; // odd size: chunks cut through records and fields
    let mut chunks = data.chunks(chunk);
    for c in chunks.by_ref().take(4) {
        m.push(c).unwrap();
    }
    let before = alloc::stats().allocations;
    let mut pushed = 0;
    for c in chunks {
        m.push(c).unwrap();
        pushed += 1;
    }
    let after = alloc::stats().allocations;
    assert!(pushed > 100, "enough chunks to mean something");
    assert_eq!(after - before, 0, "{} allocations over {pushed} chunks", after - before);
    let p = m.finish().unwrap();
    assert!(p.rows > 100_000);
    let used = p.memory.peak_heap_bytes - heap_at_start;
    let bound = sluice::miner::heap_bound(p.columns.len(), &Options::default());
    assert!(used < bound, "the miner's peak heap {used} over the bound {bound}");
    eprintln!("peak heap {used} bytes, bound {bound} bytes");
}
