//! Native micro-benchmarks of the hot path (criterion): `npm run bench:micro`, i.e.
//! `cargo bench --bench hot_path`. Each benchmark measures for about 3 s.
//!
//! - `csv_reader`: `CsvReader::feed` alone over a 16 MB buffer from the data generator, in
//!   1 MiB chunks (the CLI's default), counting fields;
//! - `miner`: the whole `Miner` (`push` in 1 MiB chunks, then `finish`: the full profile) over
//!   the same buffer;
//! - `classify`: `infer::classify` over a fixed set of typical fields, and over the first
//!   100,000 records' fields of the generated buffer.
//!
//! Under `cargo test --all-targets`, criterion runs each benchmark once as a smoke test.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sluice::format::csv::{CsvReader, Limits, Record};
use sluice::{Miner, Options, infer};

/// The data generator of `cargo run --example gen` (same bytes for the same size and seed).
#[path = "../examples/gen.rs"]
#[allow(dead_code)]
mod generator;

const SIZE: u64 = 16_000_000;
const CHUNK: usize = 1 << 20;

fn data() -> Vec<u8> {
    let mut buf = Vec::with_capacity(SIZE as usize + 4096);
    generator::generate(&mut buf, SIZE, 42);
    buf
}

fn limits() -> Limits {
    let o = Options::default();
    Limits { max_record_bytes: o.max_record_bytes, max_columns: o.max_columns }
}

/// Parses `data` in chunks; returns (records, fields) so the work is not optimised away.
fn read_all(data: &[u8]) -> (u64, u64) {
    let mut r = CsvReader::new(b',', limits());
    let (mut records, mut fields) = (0u64, 0u64);
    let mut sink = |rec: &Record<'_>| {
        records += 1;
        fields += rec.len() as u64;
    };
    for c in data.chunks(CHUNK) {
        r.feed(black_box(c), &mut sink);
    }
    r.finish(&mut sink);
    (records, fields)
}

fn mine_all(data: &[u8]) -> u64 {
    let mut m = Miner::new(Options::default()).expect("default options");
    for c in data.chunks(CHUNK) {
        m.push(black_box(c)).expect("push");
    }
    m.finish().expect("finish").rows
}

const TYPICAL: &[&str] = &[
    "12345",
    "-42",
    "9223372036854775808",
    "3.14159",
    "-0.5",
    "1e-3",
    "2023-05-17",
    "2023-05-17T12:34:56Z",
    "2023-05-17 12:34:56.789+02:00",
    "true",
    "FALSE",
    "NA",
    "",
    "  42  ",
    "nan",
    "US",
    "hello world",
    "Zoë café naïve",
    "she said \"data\"",
    "1,234",
];

fn bench(c: &mut Criterion) {
    let data = data();
    let bytes = data.len() as u64;

    let mut g = c.benchmark_group("hot_path");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function(BenchmarkId::new("csv_reader", "16MB"), |b| b.iter(|| read_all(&data)));
    g.bench_function(BenchmarkId::new("miner", "16MB"), |b| b.iter(|| mine_all(&data)));

    g.throughput(Throughput::Elements(TYPICAL.len() as u64));
    g.bench_function(BenchmarkId::new("classify", "typical"), |b| {
        b.iter(|| {
            for f in TYPICAL {
                black_box(infer::classify(black_box(f.as_bytes())));
            }
        })
    });

    // Real fields: every field of the first 100,000 records of the generated data.
    let mut fields: Vec<Vec<u8>> = Vec::new();
    let mut r = CsvReader::new(b',', limits());
    let mut records = 0;
    let mut sink = |rec: &Record<'_>| {
        records += 1;
        if records > 1 && records <= 100_001 {
            fields.extend(rec.fields().map(|f| f.bytes.to_vec()));
        }
    };
    r.feed(&data, &mut sink);
    r.finish(&mut sink);
    g.throughput(Throughput::Elements(fields.len() as u64));
    g.bench_function(BenchmarkId::new("classify", "generated_fields"), |b| {
        b.iter(|| {
            for f in &fields {
                black_box(infer::classify(black_box(f)));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
