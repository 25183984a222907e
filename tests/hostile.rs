//! Every hostile input gets its expected outcome natively, within the documented memory bound.
//! One test function (the allocator's counters are global).
#![cfg(not(target_arch = "wasm32"))]

#[allow(dead_code)] // `file` is for the generator (examples/hostile.rs)
#[path = "hostile/cases.rs"]
mod cases;

use sluice::{Miner, Options, alloc, miner::heap_bound};

#[test]
fn hostile_corpus() {
    let opts = Options::default();
    for c in cases::cases() {
        let bytes = (c.bytes)();
        let base = alloc::stats().heap_bytes;
        let mut m = Miner::new(opts.clone()).unwrap();
        // Stream it in 1 MiB chunks, as the browser and the CLI do.
        let mut result = Ok(());
        for chunk in bytes.chunks(1 << 20) {
            result = m.push(chunk);
            if result.is_err() {
                break;
            }
        }
        let outcome = result.and_then(|()| m.finish());
        match (&c.expect.error, outcome) {
            (Some(want), Err(e)) => {
                let msg = e.to_string();
                assert!(msg.contains(want), "{}: error {msg:?} should mention {want:?}", c.name);
                eprintln!("{:<28} rejected: {msg}", c.name);
            }
            (Some(want), Ok(_)) => panic!("{}: mined, but should be rejected ({want})", c.name),
            (None, Err(e)) => panic!("{}: rejected ({e}) but should be mined", c.name),
            (None, Ok(p)) => {
                if let Some(rows) = c.expect.rows {
                    assert_eq!(p.rows, rows, "{}: rows", c.name);
                }
                if let Some(cols) = c.expect.columns {
                    assert_eq!(p.columns.len(), cols, "{}: columns", c.name);
                }
                for kind in c.expect.findings {
                    assert!(p.findings.iter().any(|f| f.kind == *kind), "{}: no {kind} finding in {:?}", c.name, p.findings.iter().map(|f| f.kind).collect::<Vec<_>>());
                }
                let used = p.memory.peak_heap_bytes.saturating_sub(base);
                let bound = heap_bound(p.columns.len().max(1), &opts);
                assert!(used <= bound, "{}: peak heap {used} over the bound {bound}", c.name);
                let mut kinds = std::collections::BTreeMap::new();
                for f in &p.findings {
                    *kinds.entry(f.kind).or_insert(0) += 1;
                }
                eprintln!("{:<28} {} rows, {} columns, findings {kinds:?}, peak heap {used} B (bound {bound} B)", c.name, p.rows, p.columns.len());
            }
        }
    }
}
