//! Missing-value structure against brute force: the nullity correlation (missingno's heatmap)
//! computed from the null indicators in the test, and the co-missing patterns counted row by
//! row, with their first lines.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashMap;

use serde_json::Value;
use sluice::parallel::{Config, mine_bytes_parallel};
use sluice::{Miner, Options, mine_bytes};

mod common;
use common::Lcg;

/// A CSV of `rows` rows and 6 columns with planted null structure: `b` and `c` are null
/// together in ~8% of rows (a planted pattern), `d` is null where `a` is large, `e` at random;
/// every 501st row is short (its last three fields missing). Returns the CSV and, per row, which columns are null.
fn table(rows: usize, seed: u64) -> (String, Vec<[bool; 6]>) {
    let mut r = Lcg(seed);
    let mut csv = String::from("a,b,c,d,e,f\n");
    let mut nulls = Vec::new();
    for i in 0..rows {
        let a = r.next();
        let bc = r.next() < 0.08;
        let d = a > 0.9 && r.next() < 0.7;
        let e = r.next() < 0.03;
        let a_null = r.next() < 0.01;
        let row = [a_null, bc, bc || (i % 97 == 0), d, e, false];
        let cell = |null: bool, v: String| if null { String::new() } else { v };
        // Short rows now and then: their missing fields are nulls too.
        if i % 501 == 0 && !row[0] && !row[1] && !row[2] {
            csv.push_str(&format!("{a},x,y\n"));
            nulls.push([false, false, false, true, true, true]);
            continue;
        }
        csv.push_str(&format!(
            "{},{},{},{},{},{}\n",
            cell(row[0], format!("{a:.4}")),
            cell(row[1], "b".into()),
            cell(row[2], format!("{i}")),
            cell(row[3], "NA".into()).replace("NA", "d"),
            if row[4] { "NA".into() } else { "e".to_string() },
            "f"
        ));
        nulls.push(row);
    }
    (csv, nulls)
}

fn json(p: &sluice::Profile) -> Value {
    serde_json::to_value(p).unwrap()
}

fn brute_r(nulls: &[[bool; 6]], i: usize, j: usize) -> f64 {
    let n = nulls.len() as f64;
    let (mut a, mut b, mut both) = (0.0, 0.0, 0.0);
    for row in nulls {
        a += row[i] as u8 as f64;
        b += row[j] as u8 as f64;
        both += (row[i] && row[j]) as u8 as f64;
    }
    // Pearson of two 0/1 vectors.
    let (ma, mb) = (a / n, b / n);
    let cov = both / n - ma * mb;
    cov / ((ma - ma * ma) * (mb - mb * mb)).sqrt()
}

#[test]
fn nullity_correlation_and_patterns_match_brute_force() {
    let (csv, nulls) = table(20_000, 3);
    let p = json(&mine_bytes(csv.as_bytes(), Options::default()).unwrap());
    let m = &p["missing"];
    let names = ["a", "b", "c", "d", "e", "f"];
    let cols: Vec<&str> = m["columns"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    // f is null only in the short rows.
    assert_eq!(cols, ["a", "b", "c", "d", "e", "f"]);
    for (x, &ci) in cols.iter().enumerate() {
        for (y, &cj) in cols.iter().enumerate() {
            let (i, j) = (names.iter().position(|n| *n == ci).unwrap(), names.iter().position(|n| *n == cj).unwrap());
            let want = if i == j { 1.0 } else { brute_r(&nulls, i, j) };
            let got = m["nullity"][x][y].as_f64().unwrap();
            assert!((got - want).abs() < 1e-12, "{ci} {cj}: {got} vs {want}");
        }
    }
    // Patterns: counted row by row, with the first line of each.
    let mut counts: HashMap<Vec<&str>, (u64, u64)> = HashMap::new();
    let mut complete = 0;
    for (k, row) in nulls.iter().enumerate() {
        let set: Vec<&str> = (0..6).filter(|&c| row[c]).map(|c| names[c]).collect();
        if set.is_empty() {
            complete += 1;
            continue;
        }
        let e = counts.entry(set).or_insert((0, k as u64 + 2));
        e.0 += 1;
    }
    assert_eq!(m["complete_rows"].as_u64(), Some(complete));
    assert_eq!(m["rows_with_nulls"].as_u64(), Some(nulls.len() as u64 - complete));
    assert_eq!(m["patterns_exact"], true);
    assert_eq!(m["distinct_patterns"].as_u64(), Some(counts.len() as u64));
    let mut want: Vec<(Vec<&str>, u64, u64)> = counts.into_iter().map(|(k, (c, l))| (k, c, l)).collect();
    want.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    let got: Vec<(Vec<&str>, u64, u64)> = m["patterns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| (q["columns"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect(), q["count"].as_u64().unwrap(), q["first_line"].as_u64().unwrap()))
        .collect();
    want.truncate(got.len());
    assert_eq!(got, want);
    // The planted pattern: b and c missing together.
    let finding = p["findings"].as_array().unwrap().iter().find(|f| f["kind"] == "missing_together").expect("missing_together");
    assert!(finding["message"].as_str().unwrap().contains("\"b\" and \"c\""), "{}", finding["message"]);
    let top = p["findings"].as_array().unwrap().iter().find(|f| f["kind"] == "missing_pattern").expect("missing_pattern");
    assert_eq!(top["count"], m["patterns"][0]["count"]);
    assert_eq!(top["lines"][0], m["patterns"][0]["first_line"]);
}

#[test]
fn missing_structure_is_the_same_for_any_chunking_and_parallel_parts() {
    let (csv, _) = table(30_000, 8);
    let bytes = csv.as_bytes();
    let one = json(&mine_bytes(bytes, Options::default()).unwrap());
    for chunk in [1usize, 13, 65_536] {
        let mut m = Miner::new(Options::default()).unwrap();
        bytes.chunks(chunk).for_each(|c| m.push(c).unwrap());
        assert_eq!(json(&m.finish().unwrap())["missing"], one["missing"], "chunk {chunk}");
    }
    for workers in [2, 4] {
        let p = json(&mine_bytes_parallel(bytes, Options::default(), &Config { workers, min_range_bytes: 1 << 12, ..Config::default() }).unwrap());
        assert_eq!(p["workers"], workers as u64, "{}", p["parallel_note"]);
        assert_eq!(p["missing"], one["missing"], "{workers} parts");
    }
}

#[test]
fn past_the_budget_patterns_are_estimated_within_their_error() {
    // 24 columns null at random: nearly every row its own pattern, plus one planted pattern.
    let mut r = Lcg(21);
    let cols = 24;
    let mut csv = (0..cols).map(|c| format!("c{c}")).collect::<Vec<_>>().join(",");
    csv.push('\n');
    let mut planted = 0u64;
    let rows = 300_000;
    for _ in 0..rows {
        let plant = r.next() < 0.1;
        planted += plant as u64;
        let cells: Vec<&str> = (0..cols).map(|c| if plant { if c < 3 { "" } else { "1" } } else if r.next() < 0.5 { "" } else { "1" }).collect();
        csv.push_str(&cells.join(","));
        csv.push('\n');
    }
    let opts = Options { memory_budget_bytes: 4 << 20, ..Options::default() };
    let p = json(&mine_bytes(csv.as_bytes(), opts).unwrap());
    let m = &p["missing"];
    assert_eq!(m["patterns_exact"], false);
    let top = &m["patterns"][0];
    assert_eq!(top["columns"], serde_json::json!(["c0", "c1", "c2"]));
    let (count, err) = (top["count"].as_u64().unwrap(), top["error"].as_u64().unwrap());
    // The planted rows, plus the random rows that happen to have the same pattern (~rows / 2^24).
    assert!(count <= planted + 2 && planted <= count + err, "{count} + {err} vs {planted}");
    assert!(top["first_line"].is_null());
    // The nullity correlation stays exact: c0 and c1 are null together in the planted rows
    // (P(null) = 0.55, P(both) = 0.325: r = 0.0225 / 0.2475 ≈ 0.091).
    let r01 = m["nullity"][0][1].as_f64().unwrap();
    assert!((r01 - 0.0909).abs() < 0.01, "{r01}");
}

#[test]
fn a_json_lines_column_that_appears_late_was_missing_from_the_rows_before() {
    // "z" first appears on row 300; "y" is null in every 4th row; "x" always there.
    let mut jsonl = String::new();
    let mut want: HashMap<Vec<&str>, (u64, u64)> = HashMap::new();
    for i in 0..1000u64 {
        let y = if i % 4 == 0 { "null".to_string() } else { i.to_string() };
        let z = i >= 300 && i % 3 != 0;
        jsonl.push_str(&format!("{{\"x\": {i}, \"y\": {y}{}}}\n", if z { format!(", \"z\": {i}") } else { String::new() }));
        let set: Vec<&str> = [(i % 4 == 0, "y"), (!z, "z")].iter().filter(|p| p.0).map(|p| p.1).collect();
        if !set.is_empty() {
            want.entry(set).or_insert((0, i + 1)).0 += 1;
        }
    }
    let one = json(&mine_bytes(jsonl.as_bytes(), Options::default()).unwrap());
    let got: HashMap<Vec<&str>, (u64, u64)> = one["missing"]["patterns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| (q["columns"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect(), (q["count"].as_u64().unwrap(), q["first_line"].as_u64().unwrap())))
        .collect();
    assert_eq!(got, want);
    // The same as its column profile counts: z's nulls.
    let z_nulls = one["columns"].as_array().unwrap().iter().find(|c| c["name"] == "z").unwrap()["nulls"].as_u64().unwrap();
    assert_eq!(z_nulls, want.iter().filter(|(k, _)| k.contains(&"z")).map(|(_, v)| v.0).sum::<u64>());
    for workers in [2, 3] {
        let p = json(&mine_bytes_parallel(jsonl.as_bytes(), Options::default(), &Config { workers, min_range_bytes: 1 << 12, ..Config::default() }).unwrap());
        assert_eq!(p["workers"], workers as u64, "{}", p["parallel_note"]);
        assert_eq!(p["missing"], one["missing"], "{workers} parts");
    }
}
