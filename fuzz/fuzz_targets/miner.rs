//! The whole miner with small limits, fed in random chunkings: the same profile (or the same
//! error) as one push, counts that add up, heap within the documented bound. The same input
//! mined as parallel parts and merged (the budget's exact tables, their payloads, the blocks'
//! aggregates): the same counts, and the same distinct counts and duplicate rows where both
//! sides are exact; relationships (dependencies, rules, keys, association measures) equal.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sluice::{Miner, Options, alloc, miner::heap_bound};

fn mine(data: &[u8], cuts: &[u8], opts: &Options) -> Result<sluice::Profile, String> {
    let mut m = Miner::new(opts.clone()).unwrap();
    let mut i = 0;
    for &c in cuts {
        let n = (c as usize % 37).min(data.len() - i);
        m.push(&data[i..i + n]).map_err(|e| e.to_string())?;
        i += n;
    }
    m.push(&data[i..]).map_err(|e| e.to_string())?;
    m.finish().map_err(|e| e.to_string())
}

fuzz_target!(|input: &[u8]| {
    if input.len() < 4 {
        return;
    }
    let (head, data) = input.split_at(4);
    let opts = Options {
        format: match head[0] % 3 {
            0 => None,
            1 => Some("csv".into()),
            _ => Some("jsonl".into()),
        },
        sniff_bytes: 1 + head[1] as usize % 64,
        max_record_bytes: 1024 + head[2] as usize * 8,
        max_columns: 1 + head[3] as usize % 40,
        ..Options::default()
    };
    let base = alloc::stats().heap_bytes;
    let whole = mine(data, &[], &opts);
    let cuts: Vec<u8> = data.iter().map(|b| b.wrapping_mul(31)).take(64).collect();
    let chunked = mine(data, &cuts, &opts);
    match (&whole, &chunked) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.data_json(), b.data_json());
            assert_eq!(a.bytes, data.len() as u64);
            assert!(a.columns.len() <= opts.max_columns);
            for c in &a.columns {
                let t = &c.types;
                assert_eq!(t.boolean + t.integer + t.float + t.date + t.datetime + t.string + t.time, c.count);
                assert_eq!(c.count + c.nulls, a.rows, "column {}: count + nulls = rows", c.name);
                assert!(c.distinct <= c.count);
            }
            let used = a.memory.peak_heap_bytes.saturating_sub(base);
            let bound = heap_bound(a.columns.len().max(1), &opts);
            assert!(used <= bound, "heap {used} over {bound}");
            // Parallel parts at cuts taken from the input, merged.
            if data.len() > 1 {
                let mut cuts: Vec<u64> = data.iter().take(3).map(|&b| 1 + (b as u64 * 97) % (data.len() as u64 - 1)).collect();
                cuts.sort_unstable();
                cuts.dedup();
                let mut ranges = Vec::new();
                let mut prev = 0;
                for c in cuts {
                    ranges.push((prev, c));
                    prev = c;
                }
                ranges.push((prev, data.len() as u64));
                if let Ok((p, _)) = sluice::parallel::mine_ranges(data, opts.clone(), &ranges, 64) {
                    assert_eq!(p.rows, a.rows);
                    assert_eq!(p.columns.len(), a.columns.len());
                    for (c, d) in p.columns.iter().zip(&a.columns) {
                        assert_eq!((c.count, c.nulls), (d.count, d.nulls), "column {}", c.name);
                        if c.distinct_exact && d.distinct_exact {
                            assert_eq!(c.distinct, d.distinct, "column {}", c.name);
                            assert_eq!(c.top, d.top, "column {}", c.name);
                        }
                        if c.quantiles_exact && d.quantiles_exact {
                            assert_eq!(c.quantiles, d.quantiles, "column {}", c.name);
                        }
                    }
                    if p.duplicate_rows_exact && a.duplicate_rows_exact {
                        assert_eq!(p.duplicate_rows, a.duplicate_rows);
                    }
                    // Relationships (cross-column dictionaries, contingency tables, key
                    // samples merged): counted from integers, so equal, not just close.
                    assert_eq!(p.dependencies, a.dependencies);
                    assert_eq!(p.redundant_columns, a.redundant_columns);
                    assert_eq!(p.rules, a.rules);
                    if p.columns.iter().chain(&a.columns).all(|c| c.distinct_exact) {
                        assert_eq!(p.keys, a.keys);
                    }
                    if let (Some(x), Some(y)) = (&p.associations, &a.associations) {
                        assert_eq!((&x.measure, &x.theil_u, &x.mutual_information), (&y.measure, &y.theil_u, &y.mutual_information));
                    }
                }
            }
        }
        (Err(a), Err(b)) => assert_eq!(a, b),
        _ => panic!("one chunking failed and the other did not: {whole:?} vs {chunked:?}"),
    }
});
