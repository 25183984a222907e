//! Many files as one dataset (`sluice::dataset`): shards merged in file order give the profile
//! of their concatenation (headers after the first removed), whatever the workers; files with
//! other columns get their own profiles with a finding that names the difference.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use sluice::Options;
use sluice::dataset::{expand, mine_files, mine_files_with};
use sluice::parallel::Config;

mod common;
use common::{Lcg, diff};

/// `n` CSV records (no header) with quoted commas, quoted line breaks, nulls, dates and
/// categories; the values depend on `seed`.
fn csv_rows(n: usize, seed: u64, big: Option<usize>) -> String {
    let mut r = Lcg(seed);
    let mut s = String::new();
    for i in 0..n {
        let amount = if big == Some(i) { 999_999.5 } else { ((2.0 + r.normal()).exp() * 100.0).round() / 100.0 };
        let note = match (r.next() * 4.0) as u32 {
            0 => "plain".to_string(),
            1 => format!("\"with, comma {}\"", (r.next() * 100.0) as u32),
            2 => "\"two\nlines\"".to_string(),
            _ => String::new(),
        };
        s.push_str(&format!(
            "{},{},2024-{:02}-{:02},{},{amount},{note}\n",
            seed * 1_000_000 + i as u64,
            ["red", "green", "blue", "NA"][(r.next() * 4.0) as usize],
            1 + (r.next() * 12.0) as u32,
            1 + (r.next() * 28.0) as u32,
            (r.next() * 50.0) as u32,
        ));
    }
    s
}

const HEADER: &str = "id,color,day,qty,amount,note\n";

fn opts() -> Options {
    // Everything exact: the merge and the single pass then agree to the last count.
    Options { memory_budget_bytes: 1 << 30, ..Options::default() }
}

fn json(p: &sluice::Profile) -> Value {
    let mut v = p.data_json_any_workers();
    let o = v.as_object_mut().unwrap();
    o.remove("files");
    o.remove("bytes");
    // The sample is drawn by the hashes of each file's byte offsets (salted by file), not the
    // concatenation's: checked apart (`sample_rows_are_the_files_rows`).
    o.remove("sample");
    v
}

/// Every sampled row is the row on its line of its file (by `files`' line offsets), and every
/// file gives rows to the sample in about its share.
fn sample_rows_are_the_files_rows(p: &sluice::Profile) {
    let s = p.sample.as_ref().unwrap();
    let mut per_file = vec![0u64; p.files.len()];
    for (row, &line) in s.rows.iter().zip(&s.lines) {
        let k = p.files.iter().position(|f| f.first_line <= line && line <= f.last_line).unwrap();
        per_file[k] += 1;
        let f = &p.files[k];
        let text = std::fs::read_to_string(&f.name).unwrap();
        let at = text.split('\n').nth((line - f.line_offset - 1) as usize).unwrap();
        let first = match &row[0] {
            Some(sluice::profile::Scalar::Int(i)) => i.to_string(),
            other => panic!("{other:?}"),
        };
        assert!(at.starts_with(&format!("{first},")), "line {line}: {at:?} for {first}");
    }
    let n = s.rows.len() as f64;
    for (f, &k) in p.files.iter().zip(&per_file) {
        let want = n * f.rows as f64 / p.rows as f64;
        assert!((k as f64 - want).abs() < 5.0 * want.sqrt() + 5.0, "{}: {k} sampled rows, about {want} expected", f.name);
    }
}

fn assert_same(a: &Value, b: &Value, what: &str) {
    let mut out = Vec::new();
    diff(a, b, "", 1e-9, &[], &mut out);
    assert!(out.is_empty(), "{what}: {} differences:\n{}", out.len(), out.join("\n"));
}

fn dir(tag: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("sluice-dataset-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(d: &std::path::Path, name: &str, text: &str) -> String {
    let p = d.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

fn small_ranges(workers: usize) -> Config {
    Config { workers, min_range_bytes: 16 << 10, window: 4 << 10, max_columns: 1024 }
}

#[test]
fn csv_shards_give_their_concatenation_with_1_to_4_workers() {
    let d = dir("csv");
    let bodies: Vec<String> = (1..=4).map(|k| csv_rows(1500 + 300 * k as usize, k, (k == 3).then_some(700))).collect();
    let paths: Vec<String> = bodies.iter().enumerate().map(|(k, b)| write(&d, &format!("part-{k}.csv"), &format!("{HEADER}{b}"))).collect();
    let concat = write(&d, "all.txt", &format!("{HEADER}{}", bodies.concat()));
    let want = sluice::file::mine_path(&concat, Options { format: Some("csv".into()), ..opts() }, 1, 1 << 16).unwrap();
    let sluice::file::Mined::One(want) = want else { panic!() };
    for workers in 1..=4 {
        let got = mine_files_with(&paths, opts(), &small_ranges(workers)).unwrap();
        assert_eq!(got.len(), 1, "one dataset");
        assert_same(&json(&want), &json(&got[0]), &format!("{workers} workers"));
        sample_rows_are_the_files_rows(&got[0]);
        let files = &got[0].files;
        assert_eq!(files.len(), 4);
        assert_eq!(files.iter().map(|f| f.rows).sum::<u64>(), want.rows);
        assert_eq!(files.iter().map(|f| f.bytes).sum::<u64>(), got[0].bytes);
        assert_eq!(got[0].bytes, paths.iter().map(|p| std::fs::metadata(p).unwrap().len()).sum::<u64>());
        for (f, p) in files.iter().zip(&paths) {
            assert_eq!(&f.name, p);
            let text = std::fs::read_to_string(p).unwrap();
            assert_eq!(f.last_line - f.line_offset, text.matches('\n').count() as u64, "{p}: its lines");
        }
        // The planted outlier: its dataset line, less the file's offset, is its line in the file.
        let amount = got[0].columns.iter().find(|c| c.name == "amount").unwrap();
        let top = &amount.outliers.as_ref().unwrap().highest[0];
        let f = files.iter().find(|f| f.first_line <= top.line && top.line <= f.last_line).unwrap();
        assert!(f.name.ends_with("part-2.csv"), "{}", f.name);
        let text = std::fs::read_to_string(&f.name).unwrap();
        let line = text.split('\n').nth((top.line - f.line_offset - 1) as usize).unwrap();
        assert!(line.contains("999999.5"), "line {} of {} is {line:?}", top.line - f.line_offset, f.name);
    }
    // Through the public entry with the default ranges, and a directory or a glob naming them.
    let got = mine_files(&paths, opts(), 2).unwrap();
    assert_same(&json(&want), &json(&got[0]), "mine_files");
    std::fs::remove_file(&concat).unwrap();
    assert_eq!(expand(&[d.to_string_lossy().into_owned()]).unwrap(), paths);
    assert_eq!(expand(&[format!("{}/part-*.csv", d.display())]).unwrap(), paths);
    assert!(expand(&[format!("{}/nothing-*.csv", d.display())]).unwrap_err().to_string().contains("no file matches"));
}

#[test]
fn json_lines_shards_and_a_gzip_member_give_their_concatenation() {
    let d = dir("jsonl");
    let mut r = Lcg(9);
    let mut bodies = Vec::new();
    for k in 0..3 {
        let mut s = String::new();
        for i in 0..2000 {
            let x = r.next();
            // Keys in another order in the second file: JSON Lines columns are matched by name.
            if k == 1 {
                s.push_str(&format!("{{\"b\":\"{}\",\"a\":{},\"c\":{}}}\n", ["x", "y", "z"][(x * 3.0) as usize], k * 10_000 + i, if i % 7 == 0 { "null".to_string() } else { format!("{:.3}", r.normal()) }));
            } else {
                s.push_str(&format!("{{\"a\":{},\"b\":\"{}\",\"c\":{}}}\n", k * 10_000 + i, ["x", "y", "z"][(x * 3.0) as usize], if i % 7 == 0 { "null".to_string() } else { format!("{:.3}", r.normal()) }));
            }
        }
        bodies.push(s);
    }
    let mut paths = vec![write(&d, "a.jsonl", &bodies[0]), write(&d, "b.jsonl", &bodies[1])];
    let gz = d.join("c.jsonl.gz");
    {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(std::fs::File::create(&gz).unwrap(), flate2::Compression::default());
        e.write_all(bodies[2].as_bytes()).unwrap();
        e.finish().unwrap();
    }
    paths.push(gz.to_string_lossy().into_owned());
    let concat = write(&d, "all.jsonl", &bodies.concat());
    let sluice::file::Mined::One(want) = sluice::file::mine_path(&concat, opts(), 1, 1 << 16).unwrap() else { panic!() };
    for workers in 1..=4 {
        let got = mine_files_with(&paths, opts(), &small_ranges(workers)).unwrap();
        assert_eq!(got.len(), 1);
        assert_same(&json(&want), &json(&got[0]), &format!("{workers} workers"));
        assert_eq!(got[0].files[2].compression, Some("gzip"));
        assert_eq!(got[0].files[2].bytes, bodies[2].len() as u64);
        assert_eq!(got[0].files.iter().map(|f| f.rows).collect::<Vec<_>>(), vec![2000, 2000, 2000]);
    }
}

#[test]
fn files_with_other_columns_get_their_own_profiles_and_a_finding() {
    let d = dir("mismatch");
    let a = write(&d, "a.csv", &format!("{HEADER}{}", csv_rows(300, 1, None)));
    let renamed = write(&d, "b.csv", &format!("id,colour,day,qty,amount,note\n{}", csv_rows(200, 2, None)));
    let c = write(&d, "c.csv", &format!("{HEADER}{}", csv_rows(100, 3, None)));
    let extra = write(&d, "d.csv", &format!("id,color,day,qty,amount,note,more\n{}", csv_rows(50, 4, None).replace('\n', ",1\n").replace("\"two,1\nlines\"", "\"two\nlines\"")));
    let jsonl = write(&d, "e.jsonl", "{\"id\":1,\"color\":\"red\"}\n");
    let got = mine_files(&[a.clone(), renamed.clone(), c.clone(), extra.clone(), jsonl.clone()], opts(), 2).unwrap();
    assert_eq!(got.len(), 4, "a+c, b, d, e");
    assert_eq!(got[0].rows, 400);
    assert_eq!(got[0].files.iter().map(|f| f.name.clone()).collect::<Vec<_>>(), vec![a.clone(), c.clone()]);
    let finding = |p: &sluice::Profile| p.findings.iter().find(|f| f.kind == "file_mismatch").map(|f| f.message.clone()).unwrap();
    assert!(finding(&got[0]).contains("5 files were given"), "{}", finding(&got[0]));
    assert_eq!(got[1].rows, 200);
    assert!(finding(&got[1]).contains("\"color\" seems renamed to \"colour\""), "{}", finding(&got[1]));
    assert_eq!(got[2].rows, 50);
    assert!(finding(&got[2]).contains("an extra column \"more\""), "{}", finding(&got[2]));
    // A JSON Lines file joins CSV files of the same columns (`csv_and_json_lines_...`): this
    // one has other columns, named.
    assert!(finding(&got[3]).contains("no column \"day\""), "{}", finding(&got[3]));
    // One file alone is its own profile, named in `files`.
    let sluice::file::Mined::One(one) = sluice::file::mine_path(&a, opts(), 1, 1 << 16).unwrap() else { panic!() };
    assert_eq!(one.files.len(), 1);
    assert_eq!((one.files[0].rows, one.files[0].first_line, one.files[0].line_offset), (300, 1, 0));
    // Unreadable inputs are errors naming the file.
    let missing = d.join("missing.csv").to_string_lossy().into_owned();
    assert!(mine_files(&[a, missing.clone()], opts(), 1).unwrap_err().to_string().contains(&missing));
}

/// Rows of the mixed datasets' columns (id, color, day, qty, amount, note): `None` is a null;
/// no value holds a line break, so a row is one line in CSV and in JSON Lines alike.
fn table_rows(n: usize, seed: u64) -> Vec<[Option<String>; 6]> {
    let mut r = Lcg(seed);
    (0..n)
        .map(|i| {
            let note = match (r.next() * 4.0) as u32 {
                0 => Some("plain".to_string()),
                1 => Some(format!("with, comma {}", (r.next() * 100.0) as u32)),
                2 => Some("say \"hi\"".to_string()),
                _ => None,
            };
            [
                Some((seed * 1_000_000 + i as u64).to_string()),
                Some(["red", "green", "blue", "NA"][(r.next() * 4.0) as usize].to_string()),
                Some(format!("2024-{:02}-{:02}", 1 + (r.next() * 12.0) as u32, 1 + (r.next() * 28.0) as u32)),
                (r.next() > 0.1).then(|| ((r.next() * 50.0) as u32).to_string()),
                Some(format!("{}", ((2.0 + r.normal()).exp() * 100.0).round() / 100.0)),
                note,
            ]
        })
        .collect()
}

const NAMES: [&str; 6] = ["id", "color", "day", "qty", "amount", "note"];

fn as_csv(rows: &[[Option<String>; 6]], order: &[usize]) -> String {
    let mut s = order.iter().map(|&k| NAMES[k]).collect::<Vec<_>>().join(",") + "\n";
    for row in rows {
        let fields: Vec<String> = order
            .iter()
            .map(|&k| match &row[k] {
                None => String::new(),
                Some(v) if v.contains([',', '"']) => format!("\"{}\"", v.replace('"', "\"\"")),
                Some(v) => v.clone(),
            })
            .collect();
        s.push_str(&fields.join(","));
        s.push('\n');
    }
    s
}

/// JSON Lines with the members in `order`; numbers as JSON numbers, nulls as `null`.
fn as_jsonl(rows: &[[Option<String>; 6]], order: &[usize]) -> String {
    let mut s = String::new();
    for row in rows {
        let members: Vec<String> = order
            .iter()
            .map(|&k| {
                let v = match &row[k] {
                    None => "null".to_string(),
                    Some(v) if matches!(k, 0 | 3 | 4) => v.clone(),
                    Some(v) => serde_json::to_string(v).unwrap(),
                };
                format!("{}:{v}", serde_json::to_string(NAMES[k]).unwrap())
            })
            .collect();
        s.push_str(&format!("{{{}}}\n", members.join(",")));
    }
    s
}

#[test]
fn csv_and_json_lines_of_the_same_columns_are_one_dataset() {
    let d = dir("mixed");
    let mut parts: Vec<Vec<[Option<String>; 6]>> = (0..4).map(|k| table_rows(1200 + 200 * k, k as u64 + 1)).collect();
    // Rows equal across formats are duplicates: the last rows of the first file again in the
    // second and fourth.
    let again: Vec<_> = parts[0][parts[0].len() - 5..].to_vec();
    parts[1].splice(0..0, again.iter().cloned());
    parts[3].extend(again.iter().cloned());
    let csv_order = [0, 1, 2, 3, 4, 5];
    let other_order = [4, 0, 5, 1, 3, 2];
    let all = |ext: &[&str]| -> Vec<String> {
        parts
            .iter()
            .enumerate()
            .map(|(k, rows)| match ext[k] {
                "csv" => write(&d, &format!("p{k}.csv"), &as_csv(rows, &csv_order)),
                "jsonl" => write(&d, &format!("p{k}.jsonl"), &as_jsonl(rows, if k == 2 { &other_order } else { &csv_order })),
                _ => unreachable!(),
            })
            .collect()
    };
    // The same data, in one format, is the reference; the mixed datasets must equal it.
    for (mixed, reference) in [
        (["csv", "jsonl", "jsonl", "csv"], ["csv", "csv", "csv", "csv"]),
        (["jsonl", "csv", "jsonl", "csv"], ["jsonl", "jsonl", "jsonl", "jsonl"]),
    ] {
        let want_paths = all(&reference);
        let want = mine_files_with(&want_paths, opts(), &small_ranges(1)).unwrap();
        assert_eq!(want.len(), 1);
        let want = &want[0];
        assert_eq!(want.duplicate_rows, 10, "{reference:?}: the planted duplicates");
        let paths = all(&mixed);
        for workers in 1..=3 {
            let got = mine_files_with(&paths, opts(), &small_ranges(workers)).unwrap();
            assert_eq!(got.len(), 1, "{mixed:?}: one dataset");
            let got = &got[0];
            assert_same(&json(want), &json(got), &format!("{mixed:?}, {workers} workers"));
            assert_eq!(got.files.iter().map(|f| f.format).collect::<Vec<_>>(), mixed.iter().map(|&f| Some(f)).collect::<Vec<_>>());
            // The same dataset lines (a file's own lines differ by its header: `line_offset`).
            for (a, b) in want.files.iter().zip(&got.files) {
                assert_eq!((a.rows, a.first_line, a.last_line), (b.rows, b.first_line, b.last_line), "{}", b.name);
            }
            // A sampled row is the row on its line of its file, in either format.
            let s = got.sample.as_ref().unwrap();
            for (row, &line) in s.rows.iter().zip(&s.lines) {
                let f = got.files.iter().find(|f| f.first_line <= line && line <= f.last_line).unwrap();
                let text = std::fs::read_to_string(&f.name).unwrap();
                let at = text.split('\n').nth((line - f.line_offset - 1) as usize).unwrap();
                let Some(sluice::profile::Scalar::Int(id)) = &row[got.columns.iter().position(|c| c.name == "id").unwrap()] else { panic!("{row:?}") };
                assert!(at.starts_with(&format!("{id},")) || at.contains(&format!("\"id\":{id},")), "line {line} of {}: {at:?} for {id}", f.name);
            }
        }
    }
    // A CSV file after JSON Lines must have the first file's keys in their order; other orders
    // are profiled apart, and say so.
    let a = write(&d, "q0.jsonl", &as_jsonl(&parts[0], &csv_order));
    let b = write(&d, "q1.csv", &as_csv(&parts[1], &other_order));
    let got = mine_files(&[a, b], opts(), 2).unwrap();
    assert_eq!(got.len(), 2);
    let m = &got[1].findings.iter().find(|f| f.kind == "file_mismatch").unwrap().message;
    assert!(m.contains("in the order of the first file's keys"), "{m}");
}
