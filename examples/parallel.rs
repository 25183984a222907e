//! Native throughput of parallel mining: `cargo run --release --example parallel -- FILE [RUNS]`.
//! Mines FILE with 1, 2 and N (available cores) workers, best of RUNS (default 3), checks the
//! profiles agree, and prints throughput and the serialised size of each part.

use std::time::Instant;

use sluice::Options;
use sluice::parallel::{Config, FileSource, mine_parallel};

fn main() {
    let mut args = std::env::args().skip(1);
    let file = args.next().expect("usage: parallel FILE [RUNS]");
    let runs: usize = args.next().map_or(3, |r| r.parse().expect("RUNS"));
    let src = FileSource::open(&file).expect("open FILE");
    let len = std::fs::metadata(&file).unwrap().len();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut counts = vec![1, 2];
    if cores > 2 {
        counts.push(cores);
    }
    let mut base = None;
    let mut single = 0.0;
    for workers in counts {
        let mut best = f64::INFINITY;
        let mut last = None;
        for _ in 0..runs {
            let t = Instant::now();
            let r = mine_parallel(&src, Options::default(), &Config::with_workers(workers)).expect("mine");
            best = best.min(t.elapsed().as_secs_f64());
            last = Some(r);
        }
        let (p, report) = last.unwrap();
        let rows = p.rows;
        let data = p.data_json_any_workers();
        match &base {
            None => base = Some(data),
            Some(b) => assert_eq!(b["rows"], data["rows"], "rows differ"),
        }
        if workers == 1 {
            single = best;
        }
        let mbs = len as f64 / best / 1e6;
        println!(
            "workers {workers}: {best:.2} s, {mbs:.0} MB/s, {:.2}x, {rows} rows, parts {:?} bytes, peak heap {} KiB",
            single / best,
            report.partial_bytes,
            p.memory.peak_heap_bytes >> 10
        );
    }
}
