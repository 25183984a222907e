//! Outliers against a brute-force reference: every value sorted, the quartiles, median and MAD
//! by nearest rank (the profile's quantile definition), the fences, and the count and lines of
//! the values beyond them.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use sluice::parallel::{Config, mine_bytes_parallel};
use sluice::{Miner, Options, mine_bytes};

mod common;
use common::Lcg;

/// Nearest-rank quantile of sorted `v`.
fn q(v: &[f64], r: f64) -> f64 {
    let k = ((r * v.len() as f64).ceil() as usize).max(1) - 1;
    v[k]
}

/// (lower, upper, below, above, first 10 lines beyond) by brute force.
fn fences(xs: &[(f64, u64)], lo: f64, hi: f64) -> (f64, f64, u64, u64, Vec<u64>) {
    let below = xs.iter().filter(|x| x.0 < lo).count() as u64;
    let above = xs.iter().filter(|x| x.0 > hi).count() as u64;
    let mut lines: Vec<u64> = xs.iter().filter(|x| x.0 < lo || x.0 > hi).map(|x| x.1).collect();
    lines.sort_unstable();
    lines.truncate(10);
    (lo, hi, below, above, lines)
}

struct Reference {
    tukey: (f64, f64, u64, u64, Vec<u64>),
    z: (f64, f64, u64, u64, Vec<u64>),
    median: f64,
    mad: f64,
    lowest: Vec<(f64, u64)>,
    highest: Vec<(f64, u64)>,
}

fn reference(xs: &[(f64, u64)]) -> Reference {
    let mut v: Vec<f64> = xs.iter().map(|x| x.0).collect();
    v.sort_by(f64::total_cmp);
    let (q1, med, q3) = (q(&v, 0.25), q(&v, 0.5), q(&v, 0.75));
    let mut dev: Vec<f64> = v.iter().map(|x| (x - med).abs()).collect();
    dev.sort_by(f64::total_cmp);
    let mad = q(&dev, 0.5);
    assert!(mad > 0.0);
    let iqr = q3 - q1;
    let reach = 3.5 * mad / 0.6745;
    let mut by = xs.to_vec();
    by.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let lowest = by.iter().take(10).copied().collect();
    by.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let highest = by.iter().take(10).copied().collect();
    Reference {
        tukey: fences(xs, q1 - 1.5 * iqr, q3 + 1.5 * iqr),
        z: fences(xs, med - reach, med + reach),
        median: med,
        mad,
        lowest,
        highest,
    }
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

fn check_fences(got: &Value, want: &(f64, f64, u64, u64, Vec<u64>), what: &str) {
    assert!((f(&got["lower"]) - want.0).abs() < 1e-9, "{what} lower: {} vs {}", got["lower"], want.0);
    assert!((f(&got["upper"]) - want.1).abs() < 1e-9, "{what} upper: {} vs {}", got["upper"], want.1);
    assert_eq!(got["below"].as_u64(), Some(want.2), "{what} below");
    assert_eq!(got["above"].as_u64(), Some(want.3), "{what} above");
    assert_eq!(got["exact"], true, "{what} exact");
    if got["lines_complete"] == true {
        let lines: Vec<u64> = got["lines"].as_array().unwrap().iter().map(|l| l.as_u64().unwrap()).collect();
        assert_eq!(lines, want.4, "{what} lines");
    }
}

/// A CSV of `n` rows: `x` about normal with planted outliers, `heavy` with many equal values
/// (MAD 0), `d` dates with a few far ones; and the (value, line) of each.
fn table(n: usize, seed: u64) -> (String, Vec<(f64, u64)>, Vec<(f64, u64)>) {
    let mut r = Lcg(seed);
    let mut csv = String::from("x,heavy,d\n");
    let (mut xs, mut ds) = (Vec::new(), Vec::new());
    for i in 0..n {
        let line = i as u64 + 2;
        let x = if i % 701 == 5 { 1000.0 + i as f64 } else if i % 1301 == 7 { -800.0 } else { (r.normal() * 10_000.0).round() / 100.0 };
        let heavy = if i % 10 == 0 { 5 + (i % 7) } else { 5 };
        let day = if i % 997 == 11 { 10_000 + i as i64 } else { 19_000 + (r.next() * 365.0) as i64 };
        let (y, m, dd) = common::civil(day);
        csv.push_str(&format!("{x},{heavy},{y:04}-{m:02}-{dd:02}\n"));
        xs.push((x, line));
        ds.push((day as f64, line));
    }
    (csv, xs, ds)
}

fn profile_json(p: &sluice::Profile) -> Value {
    serde_json::to_value(p).unwrap()
}

#[test]
fn outliers_match_a_full_sort() {
    let (csv, xs, _) = table(20_000, 7);
    let p = profile_json(&mine_bytes(csv.as_bytes(), Options::default()).unwrap());
    let o = &p["columns"][0]["outliers"];
    let want = reference(&xs);
    assert_eq!(o["center_exact"], true);
    assert!((f(&o["median"]) - want.median).abs() < 1e-12);
    assert!((f(&o["mad"]) - want.mad).abs() < 1e-12, "mad {} vs {}", o["mad"], want.mad);
    assert_eq!(o["scale_kind"], "mad");
    check_fences(&o["tukey"], &want.tukey, "tukey");
    check_fences(&o["modified_z"], &want.z, "modified z");
    let list = |v: &Value| -> Vec<(f64, u64)> { v.as_array().unwrap().iter().map(|e| (f(&e["value"]), e["line"].as_u64().unwrap())).collect() };
    assert_eq!(list(&o["lowest"]), want.lowest);
    assert_eq!(list(&o["highest"]), want.highest);
    // The planted values are beyond both fences and named by the finding.
    let planted = xs.iter().filter(|x| x.0 >= 1000.0 || x.0 == -800.0).count() as u64;
    assert!(want.z.2 + want.z.3 >= planted);
    let finding = p["findings"].as_array().unwrap().iter().find(|f| f["kind"] == "outliers" && f["column"] == "x").expect("an outliers finding for x");
    assert_eq!(finding["count"].as_u64(), Some(want.z.2 + want.z.3));
    let lines: Vec<u64> = finding["lines"].as_array().unwrap().iter().map(|l| l.as_u64().unwrap()).collect();
    assert_eq!(lines, want.z.4);
}

#[test]
fn a_mad_of_zero_falls_back_to_the_mean_absolute_deviation() {
    let (csv, _, _) = table(5_000, 3);
    let p = profile_json(&mine_bytes(csv.as_bytes(), Options::default()).unwrap());
    let o = &p["columns"][1]["outliers"];
    assert_eq!(o["mad"].as_f64(), Some(0.0));
    assert_eq!(o["scale_kind"], "mean_absolute_deviation");
    // heavy: 5 in 90% of rows, 5 + (i % 7) in every tenth; the mean absolute deviation from 5.
    let devs: Vec<f64> = (0..5_000).map(|i| if i % 10 == 0 { (i % 7) as f64 } else { 0.0 }).collect();
    let mean_ad = devs.iter().sum::<f64>() / devs.len() as f64;
    assert!((f(&o["scale"]) - 1.253314 * mean_ad).abs() < 1e-9);
    let reach = 3.5 * 1.253314 * mean_ad / 0.6745;
    let above = devs.iter().filter(|&&d| d > reach).count() as u64;
    assert_eq!(o["modified_z"]["above"].as_u64(), Some(above));
}

#[test]
fn date_outliers_are_dates_with_their_lines() {
    let (csv, _, ds) = table(8_000, 11);
    let p = profile_json(&mine_bytes(csv.as_bytes(), Options::default()).unwrap());
    let c = &p["columns"][2];
    assert_eq!(c["type"], "date");
    let o = &c["outliers"];
    let want = reference(&ds);
    let far: Vec<u64> = ds.iter().filter(|d| d.0 < 18_000.0).map(|d| d.1).collect();
    assert_eq!(o["tukey"]["below"].as_u64(), Some(far.len() as u64));
    assert_eq!(o["tukey"]["below"].as_u64(), Some(want.tukey.2));
    assert_eq!(o["tukey"]["above"].as_u64(), Some(want.tukey.3));
    let lines: Vec<u64> = o["tukey"]["lines"].as_array().unwrap().iter().map(|l| l.as_u64().unwrap()).collect();
    assert_eq!(lines, want.tukey.4);
    let (y, m, d) = common::civil(want.lowest[0].0 as i64);
    assert_eq!(o["lowest"][0]["value"], format!("{y:04}-{m:02}-{d:02}"));
    assert_eq!(o["lowest"][0]["line"].as_u64(), Some(want.lowest[0].1));
}

#[test]
fn outliers_are_the_same_for_any_chunking_and_parallel_parts() {
    let (csv, _, _) = table(30_000, 5);
    let bytes = csv.as_bytes();
    let one = profile_json(&mine_bytes(bytes, Options::default()).unwrap());
    for chunk in [1usize, 7, 4096] {
        let mut m = Miner::new(Options::default()).unwrap();
        for c in bytes.chunks(chunk) {
            m.push(c).unwrap();
        }
        let p = profile_json(&m.finish().unwrap());
        for i in 0..3 {
            assert_eq!(p["columns"][i]["outliers"], one["columns"][i]["outliers"], "chunk {chunk} column {i}");
        }
    }
    for workers in [2, 4] {
        let p = profile_json(&mine_bytes_parallel(bytes, Options::default(), &Config::with_workers(workers)).unwrap());
        for i in 0..3 {
            assert_eq!(p["columns"][i]["outliers"], one["columns"][i]["outliers"], "{workers} parts, column {i}");
        }
    }
}

#[test]
fn past_the_budget_the_counts_are_estimates_and_say_so() {
    // 400,000 distinct values at the smallest budget: the digests are sketches.
    let mut r = Lcg(9);
    let mut csv = String::from("v\n");
    let mut xs = Vec::new();
    for i in 0..400_000u64 {
        let x = r.normal() * 1000.0 + i as f64 * 1e-6;
        csv.push_str(&format!("{x}\n"));
        xs.push((x, i + 2));
    }
    let opts = Options { memory_budget_bytes: 4 << 20, ..Options::default() };
    let p = profile_json(&mine_bytes(csv.as_bytes(), opts).unwrap());
    let o = &p["columns"][0]["outliers"];
    assert_eq!(p["columns"][0]["quantiles_exact"], false);
    assert_eq!(o["center_exact"], false);
    let t = &o["tukey"];
    let (lo, hi) = (f(&t["lower"]), f(&t["upper"]));
    let truth = xs.iter().filter(|x| x.0 < lo || x.0 > hi).count() as f64;
    let got = (t["below"].as_u64().unwrap() + t["above"].as_u64().unwrap()) as f64;
    // Tukey's fences hold ~0.7% of normal data: ~2,800 values, beyond the 64 kept on each side.
    assert_eq!(t["exact"], false);
    assert!((got - truth).abs() <= 0.02 * 400_000.0, "{got} vs {truth}");
}
