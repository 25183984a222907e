//! JSON arrays of objects (`[{...}, ...]` and `{"data": [...]}`): the same records as JSON
//! Lines profile alike (line numbers aside), for any chunking; malformed and truncated arrays
//! are findings. The arrays are written by serde_json (compact and pretty), the reference.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::{Value, json};
use sluice::{Miner, Options, Profile};

const TRICKY: [&str; 5] = ["a, b", "c]d", "e}f", "say \"hi\" [x]", "back\\slash"];

/// 2,000 records with nesting, nulls, arrays, strings with brackets, commas and quotes.
fn records() -> Vec<Value> {
    (0..2000)
        .map(|i| {
            json!({
                "id": i,
                "name": format!("n{}", i % 17),
                "tricky": TRICKY[i % 5],
                "geo": { "lat": (i % 90) as f64 + 0.5, "city": if i % 7 == 0 { Value::Null } else { json!("Oslo") } },
                "tags": vec!["t"; i % 3],
                "when": format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
            })
        })
        .collect()
}

fn mine(text: &[u8], chunk: usize) -> Profile {
    let mut m = Miner::new(Options::default()).unwrap();
    for c in text.chunks(chunk) {
        m.push(c).unwrap();
    }
    m.finish().unwrap()
}

/// What must agree between the layouts: everything but lines and where the records are.
fn stats(p: &Profile) -> Value {
    let mut v = p.data_json();
    let o = v.as_object_mut().unwrap();
    for k in ["format", "records_path", "lines", "bytes", "sample", "findings", "missing"] {
        o.remove(k);
    }
    // The columns two-column searches look among are chosen from the head's records, and a
    // pretty-printed head holds fewer of them.
    let a = o["associations"].as_object_mut().unwrap();
    for k in ["determinant_columns", "key_pair_columns", "pair_dependencies_searched"] {
        a.remove(k);
    }
    for c in o["columns"].as_array_mut().unwrap() {
        let c = c.as_object_mut().unwrap();
        for k in ["outliers", "examples", "order", "length", "mismatches"] {
            c.remove(k);
        }
    }
    v
}

#[test]
fn arrays_profile_like_json_lines_for_any_chunking() {
    let recs = records();
    let lines: String = recs.iter().map(|r| serde_json::to_string(r).unwrap() + "\n").collect();
    let base = mine(lines.as_bytes(), 1 << 20);
    assert_eq!(base.format, "jsonl");
    assert_eq!(base.records_path, None);
    assert_eq!(base.rows, 2000);
    let compact = serde_json::to_string(&recs).unwrap();
    let pretty = serde_json::to_string_pretty(&recs).unwrap();
    let wrapped = serde_json::to_string_pretty(&json!({ "meta": { "count": 2000, "ids": [1, 2] }, "data": recs, "next": null })).unwrap();
    for (text, path, name) in [(&compact, "$", "compact"), (&pretty, "$", "pretty"), (&wrapped, "$.data", "wrapped")] {
        let one = mine(text.as_bytes(), 1 << 20);
        assert_eq!(one.format, "json", "{name}");
        assert_eq!(one.records_path.as_deref(), Some(path), "{name}");
        assert_eq!(one.rows, 2000, "{name}");
        assert!(one.findings.iter().all(|f| f.kind != "malformed_json"), "{name}: {:?}", one.findings);
        let (a, b) = (stats(&one), stats(&base));
        if a != b {
            let diff: Vec<_> = a.as_object().unwrap().iter().filter(|(k, v)| b.get(k.as_str()) != Some(v)).map(|(k, _)| k.clone()).collect();
            let inner: Vec<_> = a["associations"].as_object().unwrap().iter().filter(|(k, v)| b["associations"].get(k.as_str()) != Some(v)).map(|(k, _)| k.clone()).collect();
            panic!("{name}: these differ from JSON Lines: {diff:?} {inner:?}");
        }
        assert_eq!(one.lines, 1 + text.matches('\n').count() as u64, "{name}");
        for chunk in [1, 7, 4096] {
            assert_eq!(mine(text.as_bytes(), chunk).data_json(), one.data_json(), "{name} in {chunk}-byte chunks");
        }
    }
    // A record's line is the line its element starts on: record 3 of the pretty array.
    let p = mine(pretty.as_bytes(), 1 << 20);
    let start_of_3 = 1 + pretty[..pretty.match_indices("\n  {").nth(3).unwrap().0].matches('\n').count() as u64 + 1;
    let sample = serde_json::to_value(&p.sample).unwrap();
    let head_lines: Vec<u64> = sample["head_lines"].as_array().unwrap().iter().map(|l| l.as_u64().unwrap()).collect();
    // Line 1 is `[`; each element takes as many lines as the record pretty-printed alone.
    let per = serde_json::to_string_pretty(&records()[0]).unwrap().matches('\n').count() as u64 + 1;
    assert_eq!(head_lines[..2], [2, 2 + per]);
    assert_eq!(head_lines[3], start_of_3);
}

#[test]
fn malformed_and_truncated_arrays_are_findings() {
    let find = |p: &Profile| p.findings.iter().find(|f| f.kind == "malformed_json").map(|f| (f.count, f.lines.clone()));
    // An element that is not an object, on line 3.
    let p = mine(b"[\n{\"a\": 1},\n2,\n{\"a\": 3}\n]\n", 5);
    assert_eq!(p.rows, 2);
    assert_eq!(find(&p), Some((1, vec![3])));
    // Cut short: the records read are kept, and the cut is reported.
    let text = serde_json::to_string_pretty(&records()).unwrap();
    let cut = &text.as_bytes()[..text.len() / 2];
    let p = mine(cut, 1000);
    assert!(p.rows > 900 && p.rows < 1100, "{}", p.rows);
    let (n, lines) = find(&p).unwrap();
    assert!(n >= 1 && lines.contains(&(1 + cut.iter().filter(|&&b| b == b'\n').count() as u64)), "{n} {lines:?}");
    // Text after the array.
    let p = mine(b"[{\"a\": 1}]\n{\"b\": 2}\n", 3);
    assert_eq!(p.rows, 1);
    assert_eq!(find(&p), Some((1, vec![2])));
    // An element over max_record_bytes is skipped and said.
    let big = format!("[{{\"a\": \"{}\"}}, {{\"a\": \"x\"}}]", "y".repeat(5 << 20));
    let p = mine(big.as_bytes(), 1 << 16);
    assert_eq!(p.rows, 1);
    assert_eq!(find(&p).unwrap().0, 1);
    // An empty array: no records.
    assert_eq!(mine(b"[]", 1).rows, 0);
    assert_eq!(mine(b"{\"data\": []}", 1).records_path.as_deref(), Some("$.data"));
}

#[test]
fn what_is_not_an_array_of_objects_stays_what_it_was() {
    // JSON Lines whose first line is a whole object.
    let p = mine(b"{\"data\": [1, 2]}\n{\"data\": [3]}\n", 4);
    assert_eq!((p.format, p.rows), ("jsonl", 2));
    // A CSV whose header starts with a bracket.
    let p = mine(b"[id],name\n1,a\n2,b\n", 4);
    assert_eq!((p.format, p.rows), ("csv", 2));
    // The format option, and a .json name in the CLI.
    let opts = Options { format: Some("json".into()), ..Options::default() };
    let p = sluice::mine_bytes(b"[{\"a\": 1}, {\"a\": 2}]", opts).unwrap();
    assert_eq!((p.format, p.rows), ("json", 2));
    let dir = std::env::temp_dir().join(format!("sluice-json-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("export.json");
    std::fs::write(&f, serde_json::to_string_pretty(&records()).unwrap()).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sluice")).args(["--compact", "--workers", "2"]).arg(&f).output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rows"], 2000);
    assert_eq!(v["format"], "json");
    std::fs::remove_dir_all(dir).ok();
}
