//! Comparing two datasets (`sluice::diff`): planted drift, schema changes and new categories
//! are each found with the right severity, identical inputs report nothing, and the PSI and
//! KS values' bounds hold the values computed here from the exact data.

use serde_json::Value;
use sluice::Options;
use sluice::diff::{DiffOptions, PSI_FLOOR, diff, edge_value};
use sluice::profile::Severity;

mod common;
use common::Lcg;

struct Data {
    csv: String,
    amounts: Vec<f64>,
    qty: Vec<f64>,
    days: Vec<f64>,
}

/// `n` rows: an id, a float amount (normal, mean `mu`), an integer qty, a date, a color and a
/// code; `purple` adds a color, `nulls` is the share of empty amounts.
fn data(n: usize, seed: u64, mu: f64, purple: bool, nulls: f64) -> Data {
    let mut r = Lcg(seed);
    let mut csv = String::from("id,amount,qty,day,color,code\n");
    let (mut amounts, mut qty, mut days) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..n {
        let a = mu + 10.0 * r.normal();
        let a = (a * 100.0).round() / 100.0;
        let amount = if r.next() < nulls {
            String::new()
        } else {
            amounts.push(a);
            format!("{a:.2}")
        };
        let q = (r.next() * 40.0) as i64 + if mu > 60.0 { 5 } else { 0 };
        qty.push(q as f64);
        let day = 19_723 + (r.next() * 300.0) as i64 + if mu > 60.0 { 30 } else { 0 };
        days.push(day as f64);
        let colors: &[&str] = if purple { &["red", "green", "blue", "purple"] } else { &["red", "green", "blue"] };
        let color = colors[(r.next() * colors.len() as f64) as usize];
        csv.push_str(&format!("{i},{amount},{q},{},{color},C{}\n", date(day), (r.next() * 5.0) as u32));
    }
    Data { csv, amounts, qty, days }
}

/// Days since 1970-01-01 as `YYYY-MM-DD`.
fn date(z: i64) -> String {
    let (y, m, d) = common::civil(z);
    format!("{y:04}-{m:02}-{d:02}")
}

fn profile(csv: &str, opts: &Options) -> Value {
    serde_json::to_value(sluice::mine_bytes(csv.as_bytes(), opts.clone()).unwrap()).unwrap()
}

/// The exact KS distance of two samples.
fn ks_exact(a: &[f64], b: &[f64]) -> f64 {
    let (mut a, mut b) = (a.to_vec(), b.to_vec());
    a.sort_by(f64::total_cmp);
    b.sort_by(f64::total_cmp);
    let mut pts: Vec<f64> = a.iter().chain(&b).copied().collect();
    pts.sort_by(f64::total_cmp);
    pts.dedup();
    let cdf = |s: &[f64], x: f64| s.partition_point(|&v| v <= x) as f64 / s.len() as f64;
    pts.iter().map(|&x| (cdf(&a, x) - cdf(&b, x)).abs()).fold(0.0, f64::max)
}

/// The exact PSI of two samples over the diff's bins: (-inf, e0), [e0, e1), ..., [e_last, inf).
fn psi_exact(a: &[f64], b: &[f64], edges: &[f64]) -> f64 {
    let shares = |s: &[f64]| -> Vec<f64> {
        let mut c = vec![0.0; edges.len() + 1];
        for &x in s {
            c[edges.partition_point(|&e| e <= x)] += 1.0;
        }
        c.iter().map(|k| k / s.len() as f64).collect()
    };
    let (p, q) = (shares(a), shares(b));
    p.iter().zip(&q).map(|(&p, &q)| {
        let (p, q) = (p.max(PSI_FLOOR), q.max(PSI_FLOOR));
        (q - p) * (q / p).ln()
    }).sum()
}

fn column<'a>(d: &'a sluice::diff::Diff, name: &str) -> &'a sluice::diff::ColumnDiff {
    d.columns.iter().find(|c| c.name == name).unwrap()
}

fn check_bounds(d: &sluice::diff::Diff, name: &str, a: &[f64], b: &[f64]) -> (f64, f64) {
    let c = column(d, name);
    let (ks, psi) = (c.ks.as_ref().unwrap(), c.psi.as_ref().unwrap());
    let (k, p) = (ks_exact(a, b), psi_exact(a, b, psi.edges.as_ref().unwrap()));
    assert!(ks.lower - 1e-9 <= k && k <= ks.upper + 1e-9, "{name}: KS {k} outside [{}, {}] (estimate {})", ks.lower, ks.upper, ks.value);
    assert!(psi.lower - 1e-9 <= p && p <= psi.upper + 1e-9, "{name}: PSI {p} outside [{}, {}] (estimate {})", psi.lower, psi.upper, psi.value);
    (k, p)
}

#[test]
fn identical_inputs_report_nothing() {
    let a = data(3000, 1, 50.0, false, 0.02);
    let p = profile(&a.csv, &Options::default());
    let d = diff(&p, &p, "old", "new", &DiffOptions::default()).unwrap();
    assert!(d.changes.is_empty(), "{:?}", d.changes);
    assert_eq!(d.severity, "none");
    assert_eq!(d.schema, Default::default());
    for c in &d.columns {
        assert_eq!(c.status, "same");
        if let Some(k) = &c.ks {
            // (The upper bounds stay above 0: two equal histograms may hold other values.)
            assert_eq!((k.value, k.lower), (0.0, 0.0), "{}", c.name);
            let psi = c.psi.as_ref().unwrap();
            assert_eq!((psi.value, psi.lower), (0.0, 0.0), "{}", c.name);
        }
    }
    for group in sluice::diff::GROUPS {
        assert!(!d.fails_on(group));
    }
}

#[test]
fn planted_drift_schema_changes_and_new_categories_are_found_with_their_severity() {
    let a = data(6000, 2, 50.0, false, 0.02);
    let b = data(6000, 3, 65.0, true, 0.15);
    // Schema changes: `code` renamed to `kode` (same values, same place), `id` gone, `extra`
    // new, `qty` written as text in the new one.
    let new_csv = b
        .csv
        .replacen("id,amount,qty,day,color,code", "amount,qty,day,color,kode,extra", 1)
        .lines()
        .enumerate()
        .map(|(i, l)| if i == 0 { l.to_string() } else { format!("{},x{i}", l.split_once(',').unwrap().1) })
        .collect::<Vec<_>>()
        .join("\n");
    let old = profile(&a.csv, &Options::default());
    let new = profile(&new_csv, &Options::default());
    let d = diff(&old, &new, "old.csv", "new.csv", &DiffOptions::default()).unwrap();
    assert_eq!(d.schema.removed, vec!["id"]);
    assert_eq!(d.schema.added, vec!["extra"]);
    assert_eq!(d.schema.renamed.len(), 1, "{:?}", d.schema.renamed);
    assert_eq!((d.schema.renamed[0].from.as_str(), d.schema.renamed[0].to.as_str(), d.schema.renamed[0].guess), ("code", "kode", true));
    let sev = |kind: &str, col: &str| d.changes.iter().find(|c| c.kind == kind && c.column.as_deref() == Some(col)).map(|c| c.severity);
    assert_eq!(sev("column_removed", "id"), Some(Severity::Error));
    assert_eq!(sev("column_added", "extra"), Some(Severity::Warning));
    assert_eq!(sev("column_renamed", "kode"), Some(Severity::Warning));
    // A shift of 1.5 standard deviations: significant drift.
    assert_eq!(sev("psi", "amount"), Some(Severity::Error));
    assert_eq!(sev("ks", "amount"), Some(Severity::Error));
    assert_eq!(sev("mean", "amount"), Some(Severity::Error));
    // 2% null to 15%: 13 points.
    assert_eq!(sev("null_rate", "amount"), Some(Severity::Warning));
    // A fourth color, a quarter of the values.
    assert_eq!(sev("new_value", "color"), Some(Severity::Error));
    let purple = column(&d, "color").categories.iter().find(|s| s.value == "purple").unwrap();
    assert_eq!((purple.status, purple.old), ("new", None));
    // The renamed column did not drift.
    assert!(column(&d, "kode").psi.is_none(), "a text column has no histogram");
    assert!(d.changes.iter().all(|c| c.column.as_deref() != Some("kode") || c.kind == "column_renamed"), "{:?}", d.changes);
    // Ranked: errors first.
    assert!(d.changes.windows(2).all(|w| rank(w[0].severity) >= rank(w[1].severity)));
    assert_eq!(d.severity, "error");
    assert!(d.fails_on("schema") && d.fails_on("drift") && d.fails_on("nulls") && d.fails_on("categories"));
    // Bounds against the exact data.
    check_bounds(&d, "amount", &a.amounts, &b.amounts);
    check_bounds(&d, "day", &a.days, &b.days);

    // Retyped: qty as text.
    let text_qty = b.csv.lines().enumerate().map(|(i, l)| {
        if i == 0 { return l.to_string() }
        let f: Vec<&str> = l.split(',').collect();
        format!("{},{},q{},{},{},{}", f[0], f[1], f[2], f[3], f[4], f[5])
    }).collect::<Vec<_>>().join("\n");
    let d = diff(&old, &profile(&text_qty, &Options::default()), "old", "new", &DiffOptions::default()).unwrap();
    assert_eq!(d.schema.retyped.len(), 1);
    assert_eq!((d.schema.retyped[0].from.as_str(), d.schema.retyped[0].to.as_str()), ("integer", "string"));
    assert_eq!(d.changes.iter().find(|c| c.kind == "column_retyped").unwrap().severity, Severity::Error);
}

fn rank(s: Severity) -> u8 {
    match s {
        Severity::Info => 0,
        Severity::Warning => 1,
        Severity::Error => 2,
    }
}

#[test]
fn psi_and_ks_bounds_hold_the_exact_values_for_small_and_large_shifts() {
    let a = data(8000, 4, 50.0, false, 0.0);
    let old = profile(&a.csv, &Options::default());
    for (seed, mu) in [(5, 50.0), (6, 51.0), (7, 55.0), (8, 70.0)] {
        let b = data(8000, seed, mu, false, 0.0);
        let d = diff(&old, &profile(&b.csv, &Options::default()), "old", "new", &DiffOptions::default()).unwrap();
        let (k, p) = check_bounds(&d, "amount", &a.amounts, &b.amounts);
        check_bounds(&d, "qty", &a.qty, &b.qty);
        check_bounds(&d, "day", &a.days, &b.days);
        let c = column(&d, "amount");
        // The estimate is near the exact value (histograms of ~40 bins).
        assert!((c.ks.as_ref().unwrap().value - k).abs() < 0.03, "KS {} vs {k}", c.ks.as_ref().unwrap().value);
        assert!((c.psi.as_ref().unwrap().value - p).abs() < 0.05 + 0.2 * p, "PSI {} vs {p}", c.psi.as_ref().unwrap().value);
        // Same distribution (another sample): no drift warning.
        if mu == 50.0 {
            assert!(!d.fails_on("drift"), "{:?}", d.changes);
        }
    }
}

#[test]
fn estimated_histograms_widen_the_bounds_by_their_rank_error() {
    // 200,000 distinct values at the smallest budget: the quantiles and histograms are
    // sketched; the bounds, widened by the rank error, still hold the exact KS and PSI.
    let opts = Options { memory_budget_bytes: 4 << 20, ..Options::default() };
    let make = |seed: u64, mu: f64| -> (String, Vec<f64>) {
        let mut r = Lcg(seed);
        let mut csv = String::from("x\n");
        let mut xs = Vec::new();
        for _ in 0..200_000 {
            let x = mu + 10.0 * r.normal() + r.next() * 1e-6;
            csv.push_str(&format!("{x}\n"));
            xs.push(format!("{x}").parse::<f64>().unwrap());
        }
        (csv, xs)
    };
    let ((ca, a), (cb, b)) = (make(9, 50.0), make(10, 53.0));
    let (old, new) = (profile(&ca, &opts), profile(&cb, &opts));
    assert_eq!(old["columns"][0]["histogram_exact"], false, "the histogram is estimated at this budget");
    let d = diff(&old, &new, "old", "new", &DiffOptions::default()).unwrap();
    assert!(!column(&d, "x").ks.as_ref().unwrap().exact);
    check_bounds(&d, "x", &a, &b);
}

#[test]
fn saved_profiles_of_any_version_compare_and_bad_ones_are_named() {
    let a = data(500, 11, 50.0, false, 0.0);
    let p = profile(&a.csv, &Options::default());
    // A profile from before profile_version (version 1) without the newer fields.
    let mut old = p.clone();
    for k in ["profile_version", "files", "missing", "sample", "associations"] {
        old.as_object_mut().unwrap().remove(k);
    }
    let d = diff(&old, &p, "old", "new", &DiffOptions::default()).unwrap();
    assert_eq!(d.old.profile_version, 1);
    assert!(d.changes.is_empty(), "{:?}", d.changes);
    let mut newer = p.clone();
    newer["profile_version"] = 99.into();
    assert!(diff(&p, &newer, "a", "b.json", &DiffOptions::default()).unwrap_err().contains("b.json: a profile of version 99, newer"));
    for bad in [serde_json::json!([1, 2]), serde_json::json!({"rows": 3}), serde_json::json!("x"), serde_json::json!({"sluice_version": "0.1.0", "columns": [{"type": "integer"}]})] {
        let e = diff(&bad, &p, "bad.json", "new", &DiffOptions::default()).unwrap_err();
        assert!(e.starts_with("bad.json: "), "{e}");
    }
}

#[test]
fn histogram_edges_of_dates_and_datetimes_are_days() {
    assert_eq!(edge_value(&"1970-01-01".into()), Some(0.0));
    assert_eq!(edge_value(&"2024-01-01".into()), Some(19_723.0));
    assert_eq!(edge_value(&"2024-01-01T12:00:00Z".into()), Some(19_723.5));
    assert_eq!(edge_value(&"1969-12-31T18:00:00".into()), Some(-0.25));
    assert_eq!(edge_value(&"06:00:00".into()), Some(0.25));
    assert_eq!(edge_value(&3.5.into()), Some(3.5));
    assert_eq!(edge_value(&"nonsense".into()), None);
}

#[test]
fn a_profile_written_by_javascript_compares_equal_to_the_engines() {
    // JSON.stringify writes 40.0 as 40 and every float in its shortest form: read back, the
    // profile is the same numbers (serde_json reads floats exactly).
    let a = data(2000, 12, 50.0, false, 0.0);
    let p = profile(&a.csv, &Options::default());
    let text = serde_json::to_string(&p).unwrap().replace(".0,", ",").replace(".0]", "]").replace(".0}", "}");
    let js: Value = serde_json::from_str(&text).unwrap();
    let d = diff(&js, &p, "saved", "mined", &DiffOptions::default()).unwrap();
    assert!(d.changes.is_empty(), "{:?}", d.changes);
    let round: Value = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
    assert_eq!(round, p, "floats read back exactly");
}
