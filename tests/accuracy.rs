//! Every statistic against an exact computation on generated data.
#![cfg(not(target_arch = "wasm32"))]

use sluice::sketch::SplitMix64 as Rng;
use sluice::{Options, Profile, mine_bytes};

fn mine(csv: &str) -> Profile {
    mine_bytes(csv.as_bytes(), Options::default()).unwrap()
}

fn num(s: &sluice::profile::Scalar) -> f64 {
    match s {
        sluice::profile::Scalar::Int(i) => *i as f64,
        sluice::profile::Scalar::Float(f) => *f,
        other => panic!("not a number: {other:?}"),
    }
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-12)
}

#[test]
fn moments_quantiles_histogram_and_correlation_match_exact_answers() {
    let n = 200_000;
    let mut rng = Rng(7);
    let mut xs = Vec::with_capacity(n);
    let mut ys = Vec::with_capacity(n);
    let mut csv = String::from("x,y\n");
    for _ in 0..n {
        let x = (1.0 + 0.8 * rng.normal()).exp(); // log-normal: skewed
        let y = 2.0 * x + rng.normal();
        let (x, y) = ((x * 1e4).round() / 1e4, (y * 1e4).round() / 1e4);
        csv.push_str(&format!("{x},{y}\n"));
        xs.push(x);
        ys.push(y);
    }
    let p = mine(&csv);
    let c = &p.columns[0];
    // Exact moments, two-pass.
    let nf = n as f64;
    let mean = xs.iter().sum::<f64>() / nf;
    let m = |k: i32| xs.iter().map(|x| (x - mean).powi(k)).sum::<f64>();
    let (m2, m3, m4) = (m(2), m(3), m(4));
    let std = (m2 / (nf - 1.0)).sqrt();
    let g1 = nf.sqrt() * m3 / m2.powf(1.5);
    let skew = g1 * (nf * (nf - 1.0)).sqrt() / (nf - 2.0);
    let g2 = nf * m4 / (m2 * m2) - 3.0;
    let kurt = ((nf + 1.0) * g2 + 6.0) * (nf - 1.0) / ((nf - 2.0) * (nf - 3.0));
    assert!(close(c.mean.unwrap(), mean, 1e-12), "mean");
    assert!(close(c.std.unwrap(), std, 1e-9), "std");
    assert!(close(c.skewness.unwrap(), skew, 1e-6), "skewness {} vs {skew}", c.skewness.unwrap());
    assert!(close(c.kurtosis.unwrap(), kurt, 1e-6), "kurtosis {} vs {kurt}", c.kurtosis.unwrap());
    assert!(close(c.sum.unwrap(), xs.iter().sum::<f64>(), 1e-12), "sum");
    // Quantiles within the KLL rank error (k = 200: 1.33% at ~99% confidence).
    let mut sorted = xs.clone();
    sorted.sort_by(f64::total_cmp);
    let eps = sluice::sketch::Kll::new(200).rank_error();
    let q = c.quantiles.as_ref().unwrap();
    for (r, v) in [(0.01, &q.p1), (0.05, &q.p5), (0.25, &q.p25), (0.5, &q.p50), (0.75, &q.p75), (0.95, &q.p95), (0.99, &q.p99)] {
        let v = num(v);
        let lo = sorted.partition_point(|&s| s < v) as f64 / nf;
        let hi = sorted.partition_point(|&s| s <= v) as f64 / nf;
        assert!(lo - eps <= r && r <= hi + eps, "p{}: {v} has rank [{lo}, {hi}]", r * 100.0);
    }
    // Histogram: counts add up, and each bin is within the rank error of the exact count.
    let h = c.histogram.as_ref().unwrap();
    assert_eq!(h.counts.iter().sum::<u64>(), n as u64);
    assert!(h.counts.len() <= 64);
    for (i, &count) in h.counts.iter().enumerate() {
        let (a, b) = (num(&h.edges[i]), num(&h.edges[i + 1]));
        let exact = xs.iter().filter(|&&x| x >= a && (x < b || (i + 1 == h.counts.len() && x <= b))).count() as f64;
        assert!((count as f64 - exact).abs() <= 2.0 * eps * nf + 1.0, "bin {i} [{a}, {b}): {count} vs {exact}");
    }
    // Pearson r, exact two-pass.
    let my = ys.iter().sum::<f64>() / nf;
    let cov: f64 = xs.iter().zip(&ys).map(|(x, y)| (x - mean) * (y - my)).sum();
    let vy: f64 = ys.iter().map(|y| (y - my).powi(2)).sum();
    let r = cov / (m2 * vy).sqrt();
    assert_eq!(p.correlations.columns, vec!["x", "y"]);
    assert!(close(p.correlations.pearson[0][1].unwrap(), r, 1e-9));
    assert!(p.findings.iter().any(|f| f.kind == "skewed" && f.column.as_deref() == Some("x")));
}

#[test]
fn distinct_within_two_percent_on_a_million_values() {
    let mut csv = String::from("v,w\n");
    for i in 0..1_000_000u64 {
        csv.push_str(&format!("{},{}\n", i * 2_654_435_761 % 1_000_000_007, i % 1000));
    }
    let p = mine(&csv);
    let d = p.columns[0].distinct as f64;
    assert!(!p.columns[0].distinct_exact);
    assert!((d - 1e6).abs() / 1e6 <= 0.02, "distinct {d}");
    assert_eq!(p.columns[1].distinct, 1000);
    assert!(p.columns[1].distinct_exact);
    assert!(p.findings.iter().any(|f| f.kind == "unique" && f.column.as_deref() == Some("v")));
}

#[test]
fn top_values_exact_when_heavy_hitters_are_clear() {
    // 10 heavy values with known counts among 300,000 rows of 50,000 light distinct values.
    let mut rng = Rng(3);
    let mut csv = String::from("k\n");
    let mut truth = std::collections::HashMap::new();
    for i in 0..300_000u64 {
        let v = if i % 3 == 0 { format!("heavy{}", rng.next_u64() % 10) } else { format!("light{}", rng.next_u64() % 50_000) };
        *truth.entry(v.clone()).or_insert(0u64) += 1;
        csv.push_str(&v);
        csv.push('\n');
    }
    let p = mine(&csv);
    let top = &p.columns[0].top;
    let mut expected: Vec<(&String, &u64)> = truth.iter().collect();
    expected.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    assert_eq!(top.len(), 10);
    for (t, (v, c)) in top.iter().zip(expected.iter()) {
        assert_eq!(&t.value, *v);
        assert!(t.count <= **c && **c <= t.count + t.error, "{} {} {} {}", t.value, t.count, t.error, c);
    }
    assert!(p.columns[0].top.iter().all(|t| t.value.starts_with("heavy")));
}

#[test]
fn duplicate_and_blank_rows() {
    let mut csv = String::from("a,b\n");
    for i in 0..1000 {
        csv.push_str(&format!("{},{}\n", i % 600, i % 600));
    }
    csv.push_str("\n,\n");
    let p = mine(&csv);
    assert_eq!(p.duplicate_rows, 400 + 0);
    assert!(p.duplicate_rows_exact);
    assert_eq!(p.blank_rows, 2, "an empty line and a record of empty fields");
    assert!(p.findings.iter().any(|f| f.kind == "duplicate_rows" && f.count == 400));
}

#[test]
fn column_findings() {
    let mut csv = String::from("const,empty,mostly,zeros,a,b\n");
    for i in 0..200 {
        let mostly = if i % 4 == 0 { "x" } else { "" };
        let zero = if i % 5 == 0 { i } else { 0 };
        csv.push_str(&format!("k,,{mostly},{zero},{i},{}\n", i * 3 + 1));
    }
    let p = mine(&csv);
    let has = |kind: &str, col: &str| p.findings.iter().any(|f| f.kind == kind && f.column.as_deref() == Some(col));
    assert!(has("constant", "const"));
    assert!(has("all_null", "empty"));
    assert!(has("mostly_null", "mostly"));
    assert!(has("many_zeros", "zeros"));
    assert!(has("highly_correlated", "a"));
    assert!(has("unique", "a"));
}
