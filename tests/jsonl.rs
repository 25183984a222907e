//! JSON Lines: the same accumulators as CSV, so the same data profiles alike.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{Value, json};
use sluice::{Options, mine_bytes};

/// The same table as CSV and as JSON Lines (numbers as JSON numbers with the same text).
fn twins(rows: usize) -> (String, String) {
    let mut csv = String::from("id,price,qty,when,ok,city,note\n");
    let mut jsonl = String::new();
    let cities = ["Oslo", "Lima", "Pune", "Graz"];
    for i in 0..rows {
        let price = format!("{}.{:02}", (i * 37) % 500, (i * 11) % 100);
        let qty = (i % 7) as i64 - 1;
        let when = format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
        let ok = i % 3 != 0;
        let city = cities[i % 4];
        let note = match i % 5 {
            0 => None,
            1 => Some("has, comma".to_string()),
            2 => Some("say \"hi\"".to_string()),
            _ => Some(format!("note {}", i % 50)),
        };
        let note_csv = match &note {
            None => String::new(),
            Some(n) => format!("\"{}\"", n.replace('"', "\"\"")),
        };
        let qty_csv = if i % 11 == 0 { String::new() } else { qty.to_string() };
        csv.push_str(&format!("{i},{price},{qty_csv},{when},{ok},{city},{note_csv}\n"));
        let qty_json = if i % 11 == 0 { "null".to_string() } else { qty.to_string() };
        let note_json = match &note {
            None => "null".to_string(),
            Some(n) => serde_json::to_string(n).unwrap(),
        };
        jsonl.push_str(&format!(
            "{{\"id\": {i}, \"price\": {price}, \"qty\": {qty_json}, \"when\": \"{when}\", \"ok\": {ok}, \"city\": \"{city}\", \"note\": {note_json}}}\n"
        ));
    }
    (csv, jsonl)
}

fn profile(s: &str) -> Value {
    serde_json::to_value(mine_bytes(s.as_bytes(), Options::default()).unwrap()).unwrap()
}

#[test]
fn jsonl_profile_matches_the_csv_profile() {
    let (csv, jsonl) = twins(5000);
    let (c, j) = (profile(&csv), profile(&jsonl));
    assert_eq!(c["format"], "csv");
    assert_eq!(j["format"], "jsonl");
    assert_eq!(j["delimiter"], Value::Null);
    for k in ["rows", "duplicate_rows", "correlations"] {
        assert_eq!(c[k], j[k], "{k}");
    }
    // Columns alike, but for the line numbers of the outliers (the CSV's header is line 1, so
    // its rows are one line further down) and the extremes kept (a JSON Lines column's sketch
    // sizes come from its position).
    let (mut cc, mut jc) = (c["columns"].clone(), j["columns"].clone());
    for (a, b) in cc.as_array_mut().unwrap().iter_mut().zip(jc.as_array_mut().unwrap()) {
        // The order's break lines: one further down in the CSV too.
        let (ra, mut rb) = (a["order"].take(), b["order"].take());
        if let Some(lines) = rb.get_mut("break_lines").and_then(Value::as_array_mut) {
            lines.iter_mut().for_each(|l| *l = Value::from(l.as_u64().unwrap() + 1));
        }
        assert_eq!(ra, rb, "order of {}", a["name"]);
        let (oa, ob) = (a["outliers"].take(), b["outliers"].take());
        assert_eq!(oa.is_null(), ob.is_null(), "outliers of {}", a["name"]);
        if oa.is_null() {
            continue;
        }
        for k in ["median", "mad", "scale", "scale_kind", "center_exact", "values"] {
            assert_eq!(oa[k], ob[k], "outliers.{k} of {}", a["name"]);
        }
        for f in ["tukey", "modified_z"] {
            for k in ["lower", "upper", "below", "above", "exact"] {
                assert_eq!(oa[f][k], ob[f][k], "outliers.{f}.{k} of {}", a["name"]);
            }
            let lines = |o: &Value| -> Vec<u64> { o[f]["lines"].as_array().map_or(vec![], |l| l.iter().map(|x| x.as_u64().unwrap()).collect()) };
            assert_eq!(lines(&oa), lines(&ob).iter().map(|l| l + 1).collect::<Vec<_>>(), "outliers.{f}.lines of {}", a["name"]);
        }
        let values = |o: &Value, side: &str| -> Vec<Value> { o[side].as_array().unwrap().iter().map(|e| e["value"].clone()).collect() };
        assert_eq!(values(&oa, "lowest"), values(&ob, "lowest"));
        assert_eq!(values(&oa, "highest"), values(&ob, "highest"));
    }
    assert_eq!(cc, jc, "columns");
    let types: Vec<&str> = j["columns"].as_array().unwrap().iter().map(|c| c["type"].as_str().unwrap()).collect();
    assert_eq!(types, ["integer", "float", "integer", "date", "boolean", "string", "string"]);
}

#[test]
fn nested_objects_arrays_missing_keys_and_malformed_lines() {
    let input = concat!(
        "{\"a\": 1, \"user\": {\"name\": \"x\", \"geo\": {\"lat\": 1.5, \"deep\": {\"z\": 1}}}, \"tags\": [\"p\", \"q\"]}\n",
        "{\"a\": 2, \"b\": \"late column\"}\n",
        "not json at all\n",
        "\n",
        "{\"a\": 3, \"a\": 99, \"tags\": []}\n",
        "{\"a\": 4"
    );
    let p = profile(input);
    assert_eq!(p["format"], "jsonl");
    assert_eq!(p["rows"], 3);
    assert_eq!(p["blank_lines"], 1);
    let names: Vec<&str> = p["columns"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["a", "user.name", "user.geo.lat", "user.geo.deep", "tags", "b"]);
    let col = |n: &str| p["columns"].as_array().unwrap().iter().find(|c| c["name"] == n).unwrap().clone();
    assert_eq!(col("a")["max"], 3, "a repeated key: the first one counts");
    assert_eq!(col("tags")["type"], "integer");
    assert_eq!(col("tags")["max"], 2);
    assert_eq!(col("user.geo.deep")["type"], "string");
    assert_eq!(col("user.geo.deep")["min"], "{\"z\": 1}");
    assert_eq!((col("b")["count"].clone(), col("b")["nulls"].clone()), (json!(1), json!(2)));
    let deep = p["findings"].as_array().unwrap().iter().find(|f| f["kind"] == "deep_json").unwrap();
    assert_eq!(deep["lines"], json!([1]));
    let f = p["findings"].as_array().unwrap().iter().find(|f| f["kind"] == "malformed_json").unwrap();
    assert_eq!(f["count"], 2);
    assert_eq!(f["lines"], json!([3, 6]));
}

#[test]
fn correlations_do_not_depend_on_key_order() {
    let mut a = String::new();
    let mut b = String::new();
    for i in 0..500 {
        let (x, y, z) = (i, 3 * i + 1, (i * 7919) % 500);
        a.push_str(&format!("{{\"x\": {x}, \"y\": {y}, \"z\": {z}}}\n"));
        // Same columns (x first), members in another order from row 2 on.
        if i == 0 {
            b.push_str(&format!("{{\"x\": {x}, \"y\": {y}, \"z\": {z}}}\n"));
        } else {
            b.push_str(&format!("{{\"z\": {z}, \"y\": {y}, \"x\": {x}}}\n"));
        }
    }
    let (pa, pb) = (profile(&a), profile(&b));
    assert_eq!(pa["correlations"], pb["correlations"]);
    assert_eq!(pa["correlations"]["pearson"][0][1], 1.0);
}

#[test]
fn format_can_be_forced() {
    let opts = Options { format: Some("csv".into()), ..Options::default() };
    let p = serde_json::to_value(mine_bytes(b"{\"a\": 1}\n", opts).unwrap()).unwrap();
    assert_eq!(p["format"], "csv");
    let bad = Options { format: Some("xml".into()), ..Options::default() };
    assert!(mine_bytes(b"", bad).is_err());
}

/// The benchmark generator (`examples/gen.rs`), for its JSON Lines twin.
#[path = "../examples/gen.rs"]
#[allow(dead_code)]
mod generator;

#[test]
fn the_generators_json_lines_twin_profiles_like_its_csv() {
    let (mut csv, mut jsonl) = (Vec::new(), Vec::new());
    let (_, rows) = generator::generate(&mut csv, 2_000_000, 7);
    let (_, twin_rows) = generator::generate_jsonl(&mut jsonl, 2_000_000, 7);
    assert_eq!(rows, twin_rows);
    let a = sluice::mine_bytes(&csv, sluice::Options::default()).unwrap();
    let b = sluice::mine_bytes(&jsonl, sluice::Options::default()).unwrap();
    assert_eq!((a.format, b.format), ("csv", "jsonl"));
    assert_eq!((a.rows, a.duplicate_rows), (b.rows, b.duplicate_rows));
    assert_eq!(a.columns.len(), b.columns.len());
    for (x, y) in a.columns.iter().zip(&b.columns) {
        assert_eq!((&x.name, x.ty, x.count, x.nulls, x.distinct), (&y.name, y.ty, y.count, y.nulls, y.distinct));
        assert_eq!(x.mean.map(f64::to_bits), y.mean.map(f64::to_bits), "{}", x.name);
        assert_eq!(x.top.iter().map(|t| (&t.value, t.count)).collect::<Vec<_>>(), y.top.iter().map(|t| (&t.value, t.count)).collect::<Vec<_>>(), "{}", x.name);
    }
}

/// Correlations over keys that appear late, in the middle of a row: the row in progress keeps
/// its numbers when the table grows, and nothing of it is left behind in the batch.
#[test]
fn correlations_count_rows_where_a_key_first_appears() {
    let mut text = String::from("{\"w\": 5, \"x\": 1}\n{\"w\": 6, \"x\": 2}\n");
    // (x, y): x missing in some rows, among them the third after y appears (the slot where
    // the row that was in progress sat).
    let rows: Vec<(Option<f64>, f64)> =
        (0..600).map(|i| ((i % 7 != 2).then_some(i as f64), (i * i % 97) as f64)).collect();
    for (k, &(x, y)) in rows.iter().enumerate() {
        let x = x.map_or(String::new(), |x| format!(", \"x\": {x}"));
        if k == 0 {
            text.push_str(&format!("{{\"w\": 1{x}, \"y\": {y}}}\n")); // y first appears here
        } else {
            text.push_str(&format!("{{\"y\": {y}{x}}}\n"));
        }
    }
    let p = mine_bytes(text.as_bytes(), Options::default()).unwrap();
    let pairs: Vec<(f64, f64)> = rows.iter().filter_map(|&(x, y)| x.map(|x| (x, y))).collect();
    let n = pairs.len() as f64;
    let (mx, my) = (pairs.iter().map(|p| p.0).sum::<f64>() / n, pairs.iter().map(|p| p.1).sum::<f64>() / n);
    let (sxy, sxx, syy) = pairs.iter().fold((0.0, 0.0, 0.0), |(a, b, c), &(x, y)| {
        (a + (x - mx) * (y - my), b + (x - mx) * (x - mx), c + (y - my) * (y - my))
    });
    let want = sxy / (sxx * syy).sqrt();
    let got = p.correlations.pearson[1][2].unwrap();
    assert!((got - want).abs() < 1e-12, "{got} vs {want}");
}
