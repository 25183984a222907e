//! Header detection on the head (`src/format/header.rs`): a table of small files with the
//! decision expected, the column names and the first data row, each also mined in 1-byte
//! chunks and as parallel parts; and the names made unique.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use sluice::parallel::{Config, mine_bytes_parallel};
use sluice::{Miner, Options, mine_bytes};

fn json(p: &sluice::Profile) -> Value {
    serde_json::to_value(p).unwrap()
}

/// (file, header expected, column names, first data row's first value as the profile's first
/// column sees it: its min for numbers, or an example).
const CASES: &[(&str, bool, &[&str])] = &[
    // The case: a typed data row is not a header.
    ("1,2.5,abc\n2,3.5,def\n3,4.5,ghi\n", false, &["column_1", "column_2", "column_3"]),
    ("a,b,c\n1,2,x\n3,4,y\n", true, &["a", "b", "c"]),
    ("year,city\n2013,Oslo\n2014,Rome\n", true, &["year", "city"]),
    ("2013,Oslo\n2014,Rome\n2015,Bern\n", false, &["column_1", "column_2"]),
    ("id;when;ok\n1;2024-01-05;true\n2;2024-02-05;false\n", true, &["id", "when", "ok"]),
    ("1;2024-01-05;true\n2;2024-02-05;false\n3;2024-03-05;true\n", false, &["column_1", "column_2", "column_3"]),
    ("day\n2024-01-05\n2024-01-06\n", true, &["day"]),
    ("2024-01-04\n2024-01-05\n2024-01-06\n", false, &["column_1"]),
    ("at\n2024-01-05T10:00:00Z\n2024-01-06T11:00:00Z\n", true, &["at"]),
    ("flag,n\ntrue,1\nfalse,2\n", true, &["flag", "n"]),
    ("true,1\nfalse,2\ntrue,3\n", false, &["column_1", "column_2"]),
    // All text: names that do not recur below are a header; a value that does is a row.
    ("name,city\nAnn,Oslo\nBob,Rome\n", true, &["name", "city"]),
    ("Ann,Oslo\nBob,Oslo\nAnn,Rome\n", false, &["column_1", "column_2"]),
    ("x,y\nx,z\nq,w\n", false, &["column_1", "column_2"]),
    // A header alone, or one record.
    ("a,b,c\n", true, &["a", "b", "c"]),
    ("only\n", true, &["only"]),
    // Nulls on top of a typed column say nothing; another column decides.
    (",name\n1,a\n2,b\n", true, &["column_1", "name"]),
    ("NA,5\n1,6\n2,7\n", false, &["column_1", "column_2"]),
    // Mostly numbers below (one text value in ten): still typed.
    ("v\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\nx\n", true, &["v"]),
    // Quoted and tab-separated headers.
    ("\"a b\"\t\"c\"\n1\t2\n3\t4\n", true, &["a b", "c"]),
    ("1.5\t2\n3.5\t4\n", false, &["column_1", "column_2"]),
];

#[test]
fn the_first_record_is_a_header_when_it_is_text_above_typed_values() {
    for &(csv, present, names) in CASES {
        let p = json(&mine_bytes(csv.as_bytes(), Options::default()).unwrap());
        let h = &p["header"];
        assert_eq!(h["present"], present, "{csv:?}: {h}");
        assert_eq!(h["detected"], true, "{csv:?}");
        assert!(!h["reason"].as_str().unwrap().is_empty());
        let got: Vec<&str> = p["columns"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
        assert_eq!(got, names, "{csv:?}: {h}");
        // Rows: every record but the header.
        let records = csv.lines().filter(|l| !l.is_empty()).count() as u64;
        assert_eq!(p["rows"], records - present as u64, "{csv:?}");
        // The same in 1-byte chunks.
        let mut m = Miner::new(Options::default()).unwrap();
        csv.as_bytes().chunks(1).for_each(|c| m.push(c).unwrap());
        let q = json(&m.finish().unwrap());
        assert_eq!(q["header"], p["header"], "{csv:?} in 1-byte chunks");
        assert_eq!(q["columns"], p["columns"], "{csv:?} in 1-byte chunks");
    }
}

#[test]
fn the_option_overrides_the_detection() {
    for (csv, force) in [("1,2\n3,4\n", true), ("a,b\n1,2\n", false)] {
        let opts = Options { has_header: Some(force), ..Options::default() };
        let p = json(&mine_bytes(csv.as_bytes(), opts).unwrap());
        assert_eq!(p["header"]["present"], force);
        assert_eq!(p["header"]["detected"], false);
        assert_eq!(p["rows"], 2 - force as u64);
    }
    // JSON Lines has no header.
    let p = json(&mine_bytes(b"{\"a\":1}\n{\"a\":2}\n", Options::default()).unwrap());
    assert!(p["header"].is_null());
}

#[test]
fn parallel_parts_use_the_heads_decision() {
    // Without a header: 40,000 typed rows.
    let mut csv = String::new();
    for i in 0..40_000 {
        csv.push_str(&format!("{i},{}.5,w{}\n", i % 97, i % 13));
    }
    let one = json(&mine_bytes(csv.as_bytes(), Options::default()).unwrap());
    assert_eq!(one["header"]["present"], false);
    assert_eq!(one["rows"], 40_000);
    for workers in [2, 3] {
        let cfg = Config { workers, min_range_bytes: 1 << 16, ..Config::default() };
        let p = json(&mine_bytes_parallel(csv.as_bytes(), Options::default(), &cfg).unwrap());
        assert_eq!(p["workers"], workers as u64);
        assert_eq!(p["header"], one["header"]);
        assert_eq!(p["rows"], 40_000);
        assert_eq!(p["columns"][0]["min"], 0);
    }
}

#[test]
fn empty_and_repeated_header_names_get_unique_ones_and_a_finding() {
    let csv = "name,,name,x,name_2\nA,B,C,D,E\nF,G,H,I,J\n";
    let p = json(&mine_bytes(csv.as_bytes(), Options::default()).unwrap());
    let got: Vec<&str> = p["columns"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    // name_2 is taken by the header itself, so the repeated "name" becomes name_3.
    assert_eq!(got, ["name", "column_2", "name_3", "x", "name_2"]);
    let f = p["findings"].as_array().unwrap().iter().find(|f| f["kind"] == "renamed_columns").expect("renamed_columns");
    assert_eq!(f["count"], 2);
    assert_eq!(f["lines"], serde_json::json!([1]));
    assert!(f["message"].as_str().unwrap().contains("column 3 repeats \"name\": \"name_3\""), "{}", f["message"]);
}

#[test]
fn a_trailing_delimiter_on_every_line_is_dropped_with_a_finding() {
    for (csv, names, rows) in [
        ("a,b,\n1,2,\n3,4,\n", &["a", "b"][..], 2u64),
        ("1;2;\n3;4;\n5;6;\n", &["column_1", "column_2"][..], 3),
        ("a\tb\t\n1\t2\t\n", &["a", "b"][..], 1),
    ] {
        let p = json(&mine_bytes(csv.as_bytes(), Options::default()).unwrap());
        let got: Vec<&str> = p["columns"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
        assert_eq!(got, names, "{csv:?}");
        assert_eq!(p["rows"], rows);
        let f = p["findings"].as_array().unwrap();
        assert!(f.iter().any(|f| f["kind"] == "trailing_delimiter" && f["count"] == rows), "{csv:?}: {f:?}");
        assert!(!f.iter().any(|f| f["kind"] == "ragged_rows"), "{csv:?}");
    }
    // A real last column that is empty below a name is kept.
    let p = json(&mine_bytes(b"a,b,c\n1,2,\n3,4,\n", Options::default()).unwrap());
    assert_eq!(p["columns"].as_array().unwrap().len(), 3);
    assert!(!p["findings"].as_array().unwrap().iter().any(|f| f["kind"] == "trailing_delimiter"));
    // Parallel parts drop it too (the head decides), and a line without it is ragged.
    let mut csv = String::from("id,v,\n");
    for i in 0..30_000 {
        csv.push_str(&format!("{i},{},\n", i % 7));
    }
    csv.push_str("30000,1\n");
    let one = json(&mine_bytes(csv.as_bytes(), Options::default()).unwrap());
    assert_eq!(one["columns"].as_array().unwrap().len(), 2);
    let ragged = one["findings"].as_array().unwrap().iter().find(|f| f["kind"] == "ragged_rows").expect("ragged_rows");
    assert_eq!(ragged["lines"], serde_json::json!([30_002]));
    for workers in [2, 3] {
        let cfg = Config { workers, min_range_bytes: 1 << 16, ..Config::default() };
        let p = json(&mine_bytes_parallel(csv.as_bytes(), Options::default(), &cfg).unwrap());
        assert_eq!(p["workers"], workers as u64);
        assert_eq!(p["columns"], one["columns"]);
        assert_eq!(p["findings"], one["findings"]);
    }
}
