//! Parallel mining (ranges mined by several workers, merged in file order) gives the single
//! pass's profile.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use serde_json::Value;
use sluice::parallel::{Config, Head, Partial, RangeMiner, mine_parallel, mine_ranges};
use sluice::{Options, mine_bytes};

mod common;
use common::diff;

fn single(data: &[u8], opts: &Options) -> Value {
    mine_bytes(data, opts.clone()).unwrap().data_json_any_workers()
}

fn parallel(data: &[u8], opts: &Options, cfg: &Config) -> (Value, sluice::parallel::Report, u32) {
    let (p, r) = mine_parallel(data, opts.clone(), cfg).unwrap();
    (p.data_json_any_workers(), r, p.workers)
}

fn assert_same(data: &[u8], opts: &Options, cfg: &Config, skip: &[&str]) -> sluice::parallel::Report {
    let a = single(data, opts);
    let (b, report, workers) = parallel(data, opts, cfg);
    let mut out = Vec::new();
    diff(&a, &b, "", 1e-9, skip, &mut out);
    assert!(out.is_empty(), "{} differences ({workers} workers, {report:?}):\n{}", out.len(), out.join("\n"));
    report
}

fn small(workers: usize, min_range: u64, window: u64) -> Config {
    Config { workers, min_range_bytes: min_range, window, ..Config::default() }
}

#[test]
fn people_csv_with_tiny_ranges() {
    let data = std::fs::read("tests/fixtures/people.csv").unwrap();
    for workers in [2, 3, 5, 8] {
        let r = assert_same(&data, &Options::default(), &small(workers, 16, 1 << 20), &[]);
        assert_eq!(r.remined, 0, "{r:?}");
    }
}

/// Ranges cut at `cuts` (taken modulo the length, deduplicated).
fn ranges(len: usize, cuts: &[usize]) -> Vec<(u64, u64)> {
    let mut c: Vec<u64> = cuts.iter().filter(|_| len > 1).map(|&c| (1 + c % (len - 1)) as u64).collect();
    c.sort_unstable();
    c.dedup();
    let mut out = Vec::new();
    let mut prev = 0;
    for x in c {
        out.push((prev, x));
        prev = x;
    }
    out.push((prev, len as u64));
    out
}

fn assert_same_ranges(data: &[u8], opts: &Options, cuts: &[usize], window: u64) -> Result<(), TestCaseError> {
    let a = mine_bytes(data, opts.clone()).map(|p| p.data_json_any_workers()).map_err(|e| e.to_string());
    let r = ranges(data.len(), cuts);
    let b = mine_ranges(data, opts.clone(), &r, window).map(|p| p.0.data_json_any_workers()).map_err(|e| e.to_string());
    match (&a, &b) {
        (Ok(a), Ok(b)) => {
            let mut out = Vec::new();
            diff(a, b, "", 1e-9, &[], &mut out);
            prop_assert!(out.is_empty(), "ranges {:?}, window {}:\n{}", r, window, out.join("\n"));
        }
        _ => prop_assert_eq!(a, b),
    }
    Ok(())
}

/// A CSV field: plain, numeric, date, null-ish, quoted with delimiters, quotes, CR and LF, or
/// long enough to be truncated by a small max_record_bytes.
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z]{0,6}",
        3 => (-1000i64..1000).prop_map(|i| i.to_string()),
        3 => (-1e6f64..1e6).prop_map(|f| format!("{f:.3}")),
        1 => (1990u32..2030, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
        1 => prop::sample::select(vec!["", "NA", "null", "nan", "true", "FALSE", "-", "inf"]).prop_map(String::from),
        3 => "[a-z ,;|\t\"\n\r]{0,12}".prop_map(|s| format!("\"{}\"", s.replace('"', "\"\""))),
        1 => "[ -~\u{e9}\u{20ac}]{0,5}",
        1 => (1usize..3).prop_map(|n| "y".repeat(n * 700)),
    ]
}

fn csv_text() -> impl Strategy<Value = Vec<u8>> {
    let delim = prop::sample::select(vec![",", ";", "\t", "|"]);
    let eol = prop::sample::select(vec!["\n", "\r\n", "\r"]);
    let row = prop_oneof![
        10 => prop::collection::vec(field(), 1..7).prop_map(Some),
        1 => Just(None), // a blank line
    ];
    (delim, eol, 1usize..6, prop::collection::vec(row, 0..40), any::<bool>(), 0u8..4)
        .prop_map(|(d, eol, ncols, rows, bom, end)| {
            let mut s = String::new();
            if bom {
                s.push('\u{feff}');
            }
            let header: Vec<String> = (0..ncols).map(|i| format!("c{i}")).collect();
            s.push_str(&header.join(d));
            for r in rows {
                s.push_str(eol);
                if let Some(r) = r {
                    s.push_str(&r.join(d));
                }
            }
            match end {
                0 => {}
                1 => s.push_str(eol),
                2 => s.push_str("\r\n\n"),
                _ => s.push_str(",\"unterminated\nquote"),
            }
            s.into_bytes()
        })
}

/// JSON Lines with nested objects, arrays, escapes, nulls, malformed lines and keys that
/// appear late.
fn jsonl_text() -> impl Strategy<Value = Vec<u8>> {
    let value = prop_oneof![
        (-1000i64..1000).prop_map(|i| i.to_string()),
        (-1e6f64..1e6).prop_map(|f| format!("{f:.3}")),
        "[a-z ,\"\n\u{e9}]{0,6}".prop_map(|s| serde_json::to_string(&s).unwrap()),
        prop::sample::select(vec!["null", "true", "false", "[]", "[1, [2]]", "{\"x\": {\"y\": 1}}", "\"2024-01-02\""]).prop_map(String::from),
    ];
    let key = prop::sample::select(vec!["a", "b", "c", "d.e", "f", "g", "h", "late1", "late2"]);
    let line = prop_oneof![
        8 => prop::collection::vec((key, value), 0..5).prop_map(|kv| {
            let members: Vec<String> = kv.into_iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
            format!("{{{}}}", members.join(", "))
        }),
        1 => Just(String::new()),
        1 => "[a-z{}\":,]{1,8}",
    ];
    (prop::collection::vec(line, 0..30), any::<bool>(), any::<bool>())
        .prop_map(|(lines, crlf, trailing)| {
            let eol = if crlf { "\r\n" } else { "\n" };
            let mut s = lines.join(eol);
            if trailing {
                s.push_str(eol);
            }
            s.into_bytes()
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn csv_ranges_merge_to_the_single_pass(
        data in csv_text(),
        cuts in prop::collection::vec(any::<usize>(), 1..6),
        header in prop::option::of(any::<bool>()),
        window in prop::sample::select(vec![1u64, 8, 64, 1 << 20]),
        small_records in any::<bool>(),
    ) {
        let opts = Options {
            has_header: header,
            max_record_bytes: if small_records { 1024 } else { 4 << 20 },
            ..Options::default()
        };
        assert_same_ranges(&data, &opts, &cuts, window)?;
    }

    #[test]
    fn jsonl_ranges_merge_to_the_single_pass(data in jsonl_text(), cuts in prop::collection::vec(any::<usize>(), 1..6), few_columns in any::<bool>()) {
        let opts = Options {
            format: Some("jsonl".into()),
            max_record_bytes: 1024,
            // Few correlation columns: parts that see columns in another order are refused and
            // mined again, seeded.
            max_correlation_columns: if few_columns { 2 } else { 32 },
            ..Options::default()
        };
        assert_same_ranges(&data, &opts, &cuts, 1 << 20)?;
    }
}

#[test]
fn a_quoted_field_of_ten_thousand_lines_spans_many_ranges() {
    let mut s = String::from("id,text,x\n");
    for i in 0..200 {
        s.push_str(&format!("{i},plain {i},{}.5\n", i % 7));
    }
    s.push_str("200,\"");
    for i in 0..10_000 {
        s.push_str(&format!("line {i}, \"\"quoted\"\"\n"));
    }
    s.push_str("\",1\n");
    for i in 201..400 {
        s.push_str(&format!("{i},after {i},{}\r\n", i % 5));
    }
    let data = s.into_bytes();
    // The field (~230 KB) covers dozens of the ranges. From inside it, the "unquoted" run
    // takes its closing quote for an opening one and never meets the others again, so the
    // first part reads on to the end of the file: correct, not parallel.
    for workers in [2, 7, 40] {
        let r = assert_same(&data, &Options::default(), &small(workers, data.len() as u64 / workers as u64, 1 << 20), &[]);
        assert!(r.skipped > 0, "{r:?}");
    }
    // With a small window the boundary scans give up inside the field and guess; wrong guesses
    // are mined again from the exact start.
    for window in [64, 4096] {
        let r = assert_same(&data, &Options::default(), &small(40, data.len() as u64 / 40, window), &["quantiles", "histogram"]);
        assert!(r.remined > 0 && r.partial_bytes.len() >= 2, "{r:?}");
    }
}

#[test]
fn every_cut_inside_quotes() {
    // Every row is one long quoted field with newlines; cut in the middle of each.
    let mut s = String::from("a,b\n");
    let mut cuts = Vec::new();
    for i in 0..50 {
        s.push_str(&format!("{i},\""));
        cuts.push(s.len() + 3);
        s.push_str(&format!("x\ny, z\r\n{}\"\"\n\",\n", "w".repeat(i)));
    }
    let data = s.into_bytes();
    let (a, b) = (single(&data, &Options::default()), {
        let r: Vec<(u64, u64)> = std::iter::once(0)
            .chain(cuts.iter().map(|&c| c as u64))
            .zip(cuts.iter().map(|&c| c as u64).chain(std::iter::once(data.len() as u64)))
            .collect();
        let (p, report) = mine_ranges(&data[..], Options::default(), &r, 1 << 20).unwrap();
        assert_eq!(p.workers, 51);
        assert_eq!(report.remined, 0, "{report:?}");
        p.data_json_any_workers()
    });
    let mut out = Vec::new();
    diff(&a, &b, "", 1e-9, &[], &mut out);
    assert!(out.is_empty(), "{}", out.join("\n"));
}

#[test]
fn quote_runs_where_the_hypotheses_never_converge() {
    // A field that is a long run of escaped quotes: from inside it, "in quotes" and "out of
    // quotes" stay out of phase until it ends, past the window.
    let mut s = String::from("a,b\n1,2\n3,\"");
    s.push_str(&"\"\"".repeat(200_000));
    s.push_str("\"\n4,5\n");
    s.push_str(&"6,\"\"\"\"\n".repeat(1000));
    let data = s.into_bytes();
    let r = assert_same(&data, &Options::default(), &small(4, data.len() as u64 / 4, 4096), &["quantiles", "histogram"]);
    assert!(r.remined + r.skipped > 0, "{r:?}");
}

#[test]
fn json_lines_columns_appearing_late_in_a_later_range() {
    let mut s = String::new();
    for i in 0..3000 {
        s.push_str(&format!("{{\"a\": {i}, \"b\": \"x{}\"}}\n", i % 13));
    }
    for i in 0..3000 {
        s.push_str(&format!("{{\"late\": {{\"n\": {}}}, \"a\": {i}, \"c\": [1, 2]}}\n", i % 17));
    }
    s.push_str("not json\n{\"b\": null}");
    let data = s.into_bytes();
    let opts = Options { format: Some("jsonl".into()), ..Options::default() };
    for workers in [2, 3, 6] {
        assert_same(&data, &opts, &small(workers, data.len() as u64 / workers as u64, 1 << 20), &["quantiles", "histogram"]);
    }
    // With one correlation column and a head too short to seed the parts with the columns,
    // the later parts see their columns in another order and are mined again, seeded.
    let opts = Options { max_correlation_columns: 1, sniff_bytes: 16, ..opts };
    let r = assert_same(&data, &opts, &small(3, data.len() as u64 / 3, 1 << 20), &["quantiles", "histogram"]);
    assert!(r.remined > 0, "{r:?}");
}

#[test]
fn a_partial_round_trips_and_is_small() {
    let data = std::fs::read("tests/fixtures/people.csv").unwrap();
    let opts = Options::default();
    let head = Head::parse(&data, data.len() as u64, &opts).unwrap();
    let mut m = RangeMiner::new(&head, &opts, 300, Some(700), false, None, 1 << 20).unwrap();
    let first = m.first_byte() as usize;
    assert_eq!(first, 299);
    for c in data[first..].chunks(7) {
        if !m.push(c) {
            break;
        }
    }
    let p = m.finish(data.len() as u64);
    assert!(p.start >= 300 && p.stop >= 700 && p.rows() > 0);
    let bytes = p.to_bytes();
    let q = Partial::from_bytes(&bytes, &opts).unwrap();
    assert_eq!(q.to_bytes().len(), bytes.len());
    assert_eq!((q.start, q.stop, q.lines, q.rows()), (p.start, p.stop, p.lines, p.rows()));
    // Small: no empty sketch is sent, only what the rows filled (their sample rows, extremes
    // and exact tables among it, and the relationships' dictionaries and tables).
    assert!(bytes.len() < 20 << 10, "{} bytes", bytes.len());
    assert!(Partial::from_bytes(&bytes[..bytes.len() / 2], &opts).is_err());
}

/// Nine columns like the benchmark file (`examples/gen.rs`), generated in process, with the
/// amounts kept to check the quantiles.
fn bench_like(size: usize) -> (Vec<u8>, Vec<f64>) {
    let mut rng = sluice::sketch::SplitMix64(42);
    let mut s = String::from("id,ts,user_id,country,amount,qty,score,active,comment\n");
    let mut amounts = Vec::new();
    let mut id = 0u64;
    while s.len() < size {
        id += 1;
        let amount = ((3.0 + rng.normal()).exp() * 100.0).round() / 100.0;
        amounts.push(amount);
        let score = if rng.next_u64() % 20 == 0 { String::new() } else { format!("{:.4}", rng.normal()) };
        let comment = match rng.next_u64() % 4 {
            0 => "plain words".to_string(),
            1 => format!("\"with, comma {}\"", rng.next_u64() % 1000),
            2 => "\"multi\nline \"\"quoted\"\"\"".to_string(),
            _ => format!("caf\u{e9} {}", rng.next_u64() % 50),
        };
        s.push_str(&format!(
            "{id},2023-{:02}-{:02}T{:02}:00:00Z,{},{},{amount},{},{score},{},{comment}\n",
            1 + rng.next_u64() % 12,
            1 + rng.next_u64() % 28,
            rng.next_u64() % 24,
            (rng.unit().powi(3) * 100_000.0) as u64,
            ["US", "DE", "FR", "JP", "BR"][(rng.next_u64() % 5) as usize],
            rng.next_u64() % 10,
            rng.next_u64() % 2 == 0,
        ));
    }
    (s.into_bytes(), amounts)
}

#[test]
fn benchmark_like_file_with_2_and_4_workers() {
    let (data, mut amounts) = bench_like(6 << 20);
    let opts = Options::default();
    let whole = mine_bytes(&data, opts.clone()).unwrap();
    let a = whole.data_json_any_workers();
    amounts.sort_by(f64::total_cmp);
    for workers in [2, 4] {
        let (p, report) = mine_parallel(&data[..], opts.clone(), &small(workers, 1 << 20, 1 << 20)).unwrap();
        assert_eq!(p.workers, workers as u32);
        assert_eq!(report.remined, 0);
        let b = p.data_json_any_workers();
        // Sketch outputs are compared below; the rest exactly (numbers to 1e-9).
        let mut out = Vec::new();
        diff(&a, &b, "", 1e-9, &["quantiles", "histogram", "top"], &mut out);
        assert!(out.is_empty(), "{workers} workers:\n{}", out.join("\n"));
        for (x, y) in whole.columns.iter().zip(&p.columns) {
            if x.top.iter().all(|t| t.error == 0) && y.top.iter().all(|t| t.error == 0) {
                assert_eq!(x.top, y.top, "{}", x.name);
            } else {
                assert!(y.top.iter().all(|t| t.error > 0), "{}", x.name);
            }
        }
        // Quantiles of the amounts within the KLL rank error of the exact ranks.
        let q = p.columns[4].quantiles.as_ref().unwrap();
        let eps = sluice::sketch::Kll::new(200).rank_error();
        let n = amounts.len() as f64;
        for (r, v) in [(0.01, &q.p1), (0.25, &q.p25), (0.5, &q.p50), (0.75, &q.p75), (0.99, &q.p99)] {
            let sluice::profile::Scalar::Float(v) = v else { panic!("{v:?}") };
            let lo = amounts.partition_point(|&s| s < *v) as f64 / n;
            let hi = amounts.partition_point(|&s| s <= *v) as f64 / n;
            assert!(lo - eps <= r && r <= hi + eps, "p{}: {v} has rank [{lo}, {hi}]", r * 100.0);
        }
        eprintln!("{workers} workers: partials {:?} bytes", report.partial_bytes);
    }
}

/// JSON Lines parts that see their columns in another order than the file: a row's identity
/// comes from its columns' names, not their positions, so equal rows stay equal and distinct
/// rows distinct after the merge (input found by the miner fuzz target, with its options and
/// its cuts).
#[test]
fn json_lines_row_identities_do_not_depend_on_a_part_s_column_order() {
    let input = include_bytes!("fixtures/fuzz-jsonl-part-order.bin");
    let (head, data) = input.split_at(4);
    assert_eq!(head[0] % 3, 2, "JSON Lines");
    let opts = Options {
        format: Some("jsonl".into()),
        sniff_bytes: 1 + head[1] as usize % 64,
        max_record_bytes: 1024 + head[2] as usize * 8,
        max_columns: 1 + head[3] as usize % 40,
        ..Options::default()
    };
    let whole = mine_bytes(data, opts.clone()).unwrap();
    let mut cuts: Vec<u64> = data.iter().take(3).map(|&b| 1 + (b as u64 * 97) % (data.len() as u64 - 1)).collect();
    cuts.sort_unstable();
    cuts.dedup();
    let r = ranges(data.len(), &cuts.iter().map(|&c| c as usize - 1).collect::<Vec<_>>());
    let (p, _) = mine_ranges(data, opts, &r, 64).unwrap();
    assert!(whole.duplicate_rows_exact && p.duplicate_rows_exact);
    assert_eq!(p.duplicate_rows, whole.duplicate_rows);
}

#[test]
fn json_lines_parts_whose_columns_map_past_the_correlation_cap_give_the_single_pass() {
    // The first 40% name a, b, c; the rest start each row with c, so that the second part's first
    // column is the file's third: past max_correlation_columns = 2. Such a part is not merged
    // (its correlation state would not line up) but mined again after the first.
    let mut s = String::new();
    for i in 0..20_000 {
        if i < 8_000 {
            s.push_str(&format!("{{\"a\": {i}, \"b\": {}, \"c\": {}}}\n", i * 2, i % 7));
        } else {
            s.push_str(&format!("{{\"c\": {}, \"a\": {i}, \"b\": {}}}\n", i % 7, i * 2));
        }
    }
    let opts = Options { max_correlation_columns: 2, ..Options::default() };
    let one = serde_json::to_value(mine_bytes(s.as_bytes(), opts.clone()).unwrap()).unwrap();
    let cfg = Config { min_range_bytes: 1 << 10, ..Config::with_workers(2) };
    let two = serde_json::to_value(sluice::parallel::mine_bytes_parallel(s.as_bytes(), opts, &cfg).unwrap()).unwrap();
    assert_eq!(two["workers"], 2, "mined in two parts");
    assert_eq!(one["correlations"]["columns"], serde_json::json!(["a", "b"]));
    assert_eq!(two["correlations"]["columns"], one["correlations"]["columns"]);
    assert_eq!(two["rows"], one["rows"]);
}
