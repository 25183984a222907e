//! The row sample: each sampled row is the file's row at its line, values as typed; the same
//! for any chunking and 1, 2 and 4 parallel parts; uniform over the file (a chi-square test on
//! positions); the file's first rows beside it.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::Lcg;
use serde_json::{Value, json};
use sluice::parallel::{Config, mine_bytes_parallel};
use sluice::{Miner, Options, mine_bytes};

/// `n` rows: an integer id, a float, a text with commas (quoted), a null now and then.
fn table(n: usize) -> (String, Vec<[Value; 4]>) {
    let mut r = Lcg(17);
    let mut csv = String::from("id,x,name,maybe\n");
    let mut rows = Vec::new();
    for i in 0..n {
        let x = (r.next() * 1e6).round() / 100.0;
        let name = format!("n{}, {}", i % 97, "é".repeat(i % 3));
        let maybe = if i % 5 == 0 { Value::Null } else { json!(i % 7) };
        csv.push_str(&format!("{i},{x},\"{name}\",{}\n", maybe.as_u64().map_or(String::new(), |v| v.to_string())));
        rows.push([json!(i), json!(x), json!(name), maybe]);
    }
    (csv, rows)
}

fn sample(p: &sluice::Profile) -> Value {
    serde_json::to_value(p).unwrap()["sample"].clone()
}

#[test]
fn sampled_rows_are_the_files_rows_at_their_lines() {
    let (csv, rows) = table(100_000);
    let s = sample(&mine_bytes(csv.as_bytes(), Options::default()).unwrap());
    assert_eq!(s["columns"], json!(["id", "x", "name", "maybe"]));
    let lines: Vec<u64> = s["lines"].as_array().unwrap().iter().map(|l| l.as_u64().unwrap()).collect();
    assert_eq!(lines.len(), 2000);
    assert!(lines.windows(2).all(|w| w[0] < w[1]), "in file order, each row once");
    for (k, &line) in lines.iter().enumerate() {
        let want = &rows[line as usize - 2];
        assert_eq!(s["rows"][k].as_array().unwrap().as_slice(), want.as_slice(), "line {line}");
    }
    // The first rows.
    assert_eq!(s["head_lines"], json!((2..12).collect::<Vec<u64>>()));
    assert_eq!(s["head"][3].as_array().unwrap().as_slice(), rows[3].as_slice());
    // Uniform: sampled rows per tenth of the file, against 200 each.
    let mut bins = [0f64; 10];
    for &l in &lines {
        bins[((l - 2) as usize * 10) / rows.len()] += 1.0;
    }
    let chi2: f64 = bins.iter().map(|&o| (o - 200.0) * (o - 200.0) / 200.0).sum();
    assert!(chi2 < 27.88, "chi-square {chi2} over 9 degrees of freedom (p < 0.001): {bins:?}");
}

#[test]
fn the_sample_is_the_same_for_any_chunking_and_parallel_parts() {
    let (csv, _) = table(60_000);
    let bytes = csv.as_bytes();
    let one = sample(&mine_bytes(bytes, Options::default()).unwrap());
    for chunk in [1usize, 999, 1 << 16] {
        let mut m = Miner::new(Options::default()).unwrap();
        bytes.chunks(chunk).for_each(|c| m.push(c).unwrap());
        assert_eq!(sample(&m.finish().unwrap()), one, "chunk {chunk}");
    }
    for workers in [2, 4] {
        let p = mine_bytes_parallel(bytes, Options::default(), &Config { workers, min_range_bytes: 1 << 12, ..Config::default() }).unwrap();
        assert_eq!(p.workers, workers as u32, "{:?}", p.parallel_note);
        assert_eq!(sample(&p), one, "{workers} parts");
    }
}

#[test]
fn small_files_are_sampled_whole_and_the_option_can_leave_it_out() {
    let (csv, rows) = table(300);
    let s = sample(&mine_bytes(csv.as_bytes(), Options::default()).unwrap());
    assert_eq!(s["lines"].as_array().unwrap().len(), rows.len());
    let off = serde_json::to_value(mine_bytes(csv.as_bytes(), Options { sample_rows: 0, ..Options::default() }).unwrap()).unwrap();
    assert!(off["sample"].is_null());
    assert!(Miner::new(Options { sample_rows: 100_001, ..Options::default() }).is_err());
}

#[test]
fn a_wide_file_keeps_fewer_rows_within_its_share_of_the_budget() {
    let cols = 2000;
    let mut csv = (0..cols).map(|c| format!("c{c}")).collect::<Vec<_>>().join(",");
    csv.push('\n');
    for i in 0..500 {
        csv.push_str(&(0..cols).map(|c| format!("v{}", i * c)).collect::<Vec<_>>().join(","));
        csv.push('\n');
    }
    let p = serde_json::to_value(mine_bytes(csv.as_bytes(), Options::default()).unwrap()).unwrap();
    let kept = p["sample"]["lines"].as_array().unwrap().len();
    // 4 MiB over 2,000 columns of 88 bytes each: 23 rows.
    assert_eq!(kept, (4 << 20) / (64 + 2000 * 88));
    assert!(p["findings"].as_array().unwrap().iter().any(|f| f["kind"] == "sample_limited"));
}
