//! The profile so far (`Miner::snapshot`, the page's live view): over the rows it says it
//! covers, each column's counts, min, max, mean and distinct values equal a brute-force
//! computation over those rows of the generated data; and taking snapshots changes nothing in
//! the final profile.
use sluice::{Miner, Options};
use std::collections::HashSet;

/// Row `i` of the generated file: id, a float with nulls, a category, a flag, a date.
fn row(i: u64) -> (i64, Option<f64>, String, bool, String) {
    let x = (i.wrapping_mul(2_654_435_761) % 100_003) as i64 - 50_000;
    let f = (i % 7 != 3).then(|| (i as f64 * 0.37).sin() * 1000.0);
    let cat = format!("c{}", (i * i) % 613);
    let flag = i % 3 == 0;
    let day = 1 + (i % 28);
    let month = 1 + (i / 28) % 12;
    (x, f, cat, flag, format!("2024-{month:02}-{day:02}"))
}

fn file(rows: u64) -> Vec<u8> {
    let mut s = String::from("x,f,cat,flag,day\n");
    for i in 0..rows {
        let (x, f, cat, flag, day) = row(i);
        let f = f.map(|f| format!("{f:.6}")).unwrap_or_default();
        s.push_str(&format!("{x},{f},{cat},{flag},{day}\n"));
    }
    s.into_bytes()
}

/// Parsed back as the engine reads it (the float column's text to 6 decimals).
fn float_of(i: u64) -> Option<f64> {
    row(i).1.map(|f| format!("{f:.6}").parse().unwrap())
}

fn check(snap: &sluice::profile::Snapshot) {
    let n = snap.rows;
    let col = |name: &str| snap.columns.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no column {name}"));
    let ints: Vec<i64> = (0..n).map(|i| row(i).0).collect();
    let x = col("x");
    assert_eq!((x.ty, x.count, x.nulls), ("integer", n, 0));
    assert_eq!(x.min, ints.iter().min().map(|&v| sluice::profile::Scalar::Int(v)));
    assert_eq!(x.max, ints.iter().max().map(|&v| sluice::profile::Scalar::Int(v)));
    let mean = ints.iter().map(|&v| v as f64).sum::<f64>() / n as f64;
    assert!((x.mean.unwrap() - mean).abs() <= 1e-9 * mean.abs().max(1.0), "mean {:?} vs {mean}", x.mean);
    assert_eq!(x.distinct, ints.iter().collect::<HashSet<_>>().len() as u64);
    assert!(x.distinct_exact);

    let fs: Vec<f64> = (0..n).filter_map(float_of).collect();
    let f = col("f");
    assert_eq!((f.ty, f.count, f.nulls), ("float", fs.len() as u64, n - fs.len() as u64));
    assert_eq!(f.min, Some(sluice::profile::Scalar::Float(fs.iter().copied().fold(f64::INFINITY, f64::min))));
    assert_eq!(f.max, Some(sluice::profile::Scalar::Float(fs.iter().copied().fold(f64::NEG_INFINITY, f64::max))));
    let fmean = fs.iter().sum::<f64>() / fs.len() as f64;
    assert!((f.mean.unwrap() - fmean).abs() <= 1e-9 * fmean.abs().max(1.0));

    let cats: Vec<String> = (0..n).map(|i| row(i).2).collect();
    let c = col("cat");
    assert_eq!((c.ty, c.count, c.nulls), ("string", n, 0));
    assert_eq!(c.distinct, cats.iter().collect::<HashSet<_>>().len() as u64);
    assert_eq!(c.min, cats.iter().min().map(|s| sluice::profile::Scalar::Text(s.clone())));
    assert_eq!(c.max, cats.iter().max().map(|s| sluice::profile::Scalar::Text(s.clone())));

    let trues = (0..n).filter(|&i| row(i).3).count() as f64;
    let b = col("flag");
    assert_eq!((b.ty, b.count), ("boolean", n));
    assert!((b.mean.unwrap() - trues / n as f64).abs() < 1e-12);

    let days: Vec<String> = (0..n).map(|i| row(i).4).collect();
    let d = col("day");
    assert_eq!(d.ty, "date");
    assert_eq!(d.min, days.iter().min().map(|s| sluice::profile::Scalar::Text(s.clone())));
    assert_eq!(d.max, days.iter().max().map(|s| sluice::profile::Scalar::Text(s.clone())));
}

#[test]
fn snapshots_cover_the_rows_they_count_and_change_nothing() {
    let data = file(60_000);
    let plain = sluice::mine_bytes(&data, Options::default()).unwrap();
    let mut m = Miner::new(Options::default()).unwrap();
    assert!(m.snapshot().is_none(), "nothing before the format is decided");
    let mut seen = Vec::new();
    for chunk in data.chunks(37_219) {
        m.push(chunk).unwrap();
        if let Some(s) = m.snapshot() {
            assert!(s.rows <= m.rows());
            if s.rows > 0 {
                check(&s);
            }
            seen.push(s.rows);
        }
    }
    // Rows come in as blocks fill, and never go back.
    assert!(seen.windows(2).all(|w| w[0] <= w[1]));
    assert!(seen.iter().filter(|&&r| r > 0).count() >= 3, "snapshots with rows: {seen:?}");
    let p = m.finish().unwrap();
    let strip = |p: &sluice::profile::Profile| {
        let mut v = serde_json::to_value(p).unwrap();
        v.as_object_mut().unwrap().remove("memory");
        v
    };
    assert_eq!(strip(&p), strip(&plain));
}

#[test]
fn a_range_miner_snapshot_counts_its_own_rows() {
    let data = file(20_000);
    let opts = Options::default();
    let head = sluice::parallel::Head::parse(&data[..data.len().min(opts.sniff_bytes)], data.len() as u64, &opts).unwrap();
    // A record start past the middle: the part is given it exactly.
    let mid = data.len() / 2;
    let start = (mid + data[mid..].iter().position(|&b| b == b'\n').unwrap() + 1) as u64;
    let mut m = sluice::parallel::RangeMiner::new(&head, &opts, start, None, true, None, 1 << 20).unwrap();
    let first = m.first_byte() as usize;
    for chunk in data[first..].chunks(8_191) {
        if !m.push(chunk) {
            break;
        }
    }
    let s = m.snapshot();
    let p = m.finish(data.len() as u64);
    assert!(s.rows > 0 && s.rows <= p.rows(), "{} of {}", s.rows, p.rows());
    for c in &s.columns {
        assert_eq!(c.count + c.nulls, s.rows, "{}", c.name);
    }
}
