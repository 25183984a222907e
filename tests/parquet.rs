//! Parquet files (`sluice::format::parquet`), written by pyarrow (the reference writer,
//! installed by `scripts/bootstrap.sh` into `target/pyenv`) with the same data as CSV or JSON
//! Lines written by Python's csv and json modules (`tests/parquet/write.py`): a file and its
//! text give the same profile, for every codec, every logical type and a nested schema; hostile
//! files get clear errors.
#![cfg(all(not(target_arch = "wasm32"), feature = "parquet"))]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;
use sluice::format::parquet::{is_parquet, mine_parquet};
use sluice::Options;

const BIN: &str = env!("CARGO_BIN_EXE_sluice");

/// The fixtures, written once per test binary into a temporary directory.
fn fixtures() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| common::python_fixtures("tests/parquet/write.py", "parquet", &[]))
}

fn mine(file: &str, opts: Options) -> Result<Value, String> {
    let f = std::fs::File::open(fixtures().join(file)).unwrap();
    mine_parquet(f, &opts, &mut |_, _| {}).map(|p| serde_json::to_value(&p).unwrap()).map_err(|e| e.to_string())
}

fn mine_text(file: &str, opts: Options) -> Value {
    let data = std::fs::read(fixtures().join(file)).unwrap();
    serde_json::to_value(sluice::mine_bytes(&data, opts).unwrap()).unwrap()
}

fn finding<'a>(p: &'a Value, kind: &str) -> Option<&'a Value> {
    p["findings"].as_array().unwrap().iter().find(|f| f["kind"] == kind)
}

/// Everything the data decides: columns (types, counts, nulls, distinct values, min, max,
/// moments, quantiles, histograms, top values and examples with their line numbers), rows,
/// duplicates, correlations, keys, dependencies, rules, missing-value patterns, the sample.
const DATA_FIELDS: [&str; 13] = ["rows", "lines", "blank_rows", "duplicate_rows", "columns", "correlations", "missing", "associations", "keys", "dependencies", "redundant_columns", "rules", "sample"];

fn same_data(a: &Value, b: &Value, what: &str) {
    for field in DATA_FIELDS {
        if a[field] != b[field] {
            if let (Some(x), Some(y)) = (a[field].as_array(), b[field].as_array()) {
                for (i, (u, v)) in x.iter().zip(y).enumerate() {
                    assert_eq!(u, v, "{what}: {field}[{i}] differs");
                }
            }
            panic!("{what}: {field} differs: {} vs {}", a[field], b[field]);
        }
    }
}

fn csv_opts() -> Options {
    Options { has_header: Some(true), delimiter: Some(",".into()), ..Options::default() }
}

#[test]
fn a_flat_file_profiles_as_its_csv() {
    let pq = mine("flat.parquet", Options::default()).unwrap();
    let csv = mine_text("flat.csv", csv_opts());
    assert_eq!(pq["format"], "parquet");
    assert_eq!(pq["rows"], 3000);
    same_data(&pq, &csv, "flat.parquet");
    let types: Vec<&str> = pq["columns"].as_array().unwrap().iter().map(|c| c["type"].as_str().unwrap()).collect();
    assert_eq!(types, ["integer", "string", "float", "date", "datetime", "boolean", "string", "float", "string"]);
    // The footer's layout and schema.
    let info = &pq["parquet"];
    assert_eq!(info["rows"], 3000);
    assert_eq!(info["row_groups"], 5);
    assert_eq!(info["codecs"], serde_json::json!(["snappy"]));
    assert_eq!(info["nested"], false);
    assert!(info["created_by"].as_str().unwrap().starts_with("parquet-cpp-arrow"), "{}", info["created_by"]);
    assert_eq!(info["columns"][4], serde_json::json!({"name": "stamp", "physical_type": "INT64", "logical_type": "TIMESTAMP(MILLIS, UTC)"}));
    assert_eq!(info["columns"][7], serde_json::json!({"name": "price", "physical_type": "FIXED_LEN_BYTE_ARRAY", "logical_type": "DECIMAL(7, 2)"}));
    assert_eq!(info["file_bytes"], std::fs::metadata(fixtures().join("flat.parquet")).unwrap().len());
    // The value with a line break (row 1235) makes the rows after it a line later, as in the CSV.
    let lb = finding(&pq, "value_line_breaks").expect("value_line_breaks");
    assert_eq!(lb["lines"], serde_json::json!([1236]));
    assert_eq!(pq["lines"], 3002);
    assert!(pq["delimiter"].is_null() && pq["dialect"].is_null());
    assert!(pq["header"]["reason"].as_str().unwrap().contains("schema"), "{}", pq["header"]["reason"]);
}

#[test]
fn every_codec_gives_the_same_profile() {
    let reference = mine("flat.parquet", Options::default()).unwrap();
    for codec in ["none", "gzip", "zstd", "lz4", "brotli"] {
        let p = mine(&format!("flat-{codec}.parquet"), Options::default()).unwrap();
        same_data(&p, &reference, codec);
        let name = if codec == "lz4" { "lz4_raw" } else { codec };
        assert_eq!(p["parquet"]["codecs"], serde_json::json!([name]), "{codec}");
        assert_eq!(p["parquet"]["row_groups"], 3);
    }
}

#[test]
fn every_logical_type_reads_as_its_text() {
    let pq = mine("types.parquet", Options::default()).unwrap();
    let csv = mine_text("types.csv", csv_opts());
    same_data(&pq, &csv, "types.parquet");
    let col = |name: &str| pq["columns"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap().clone();
    for (name, ty) in [("u32", "integer"), ("i8", "integer"), ("f16", "float"), ("dec9", "float"), ("dec38", "float"), ("d", "date"), ("ts_s", "datetime"), ("ts_ns_utc", "datetime"), ("t_ms", "time"), ("t_ns", "time"), ("bin", "string"), ("dict", "string")] {
        assert_eq!(col(name)["type"], ty, "{name}");
    }
    // Unsigned 64-bit values past i64::MAX are kept exactly (20 digits, as text, like the CSV).
    assert_eq!(col("u64")["length"]["max"], 20);
    assert_eq!(col("u64")["distinct"], 500);
    let b = finding(&pq, "binary_values").expect("binary_values");
    assert_eq!(b["count"], 375);
    assert_eq!(b["lines"][0], 3);
    let info = &pq["parquet"]["columns"];
    let logical = |i: usize| info[i]["logical_type"].as_str().unwrap_or("").to_string();
    assert_eq!(logical(3), "UINT64");
    assert_eq!(logical(5), "FLOAT16");
    assert_eq!(logical(14), "TIMESTAMP(NANOS, UTC)");
    assert_eq!(logical(17), "TIME(NANOS)");
    assert_eq!(info[7]["physical_type"], "INT32");
    assert_eq!(info[9]["physical_type"], "FIXED_LEN_BYTE_ARRAY");
    // INT96 timestamps (old Spark and Impala files) read as the same instants.
    let old = mine("int96.parquet", Options::default()).unwrap();
    assert_eq!(old["parquet"]["columns"][0]["physical_type"], "INT96");
    let mut a = old["columns"][0].clone();
    let mut b = col("ts_s");
    for c in [&mut a, &mut b] {
        c.as_object_mut().unwrap().remove("index");
    }
    assert_eq!(a, b);
}

#[test]
fn a_nested_schema_profiles_as_its_json_lines() {
    let pq = mine("nested.parquet", Options::default()).unwrap();
    let jl = mine_text("nested.jsonl", Options { format: Some("jsonl".into()), ..Options::default() });
    same_data(&pq, &jl, "nested.parquet");
    assert_eq!(pq["parquet"]["nested"], true);
    let names: Vec<&str> = pq["columns"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(&names[..4], ["id", "user.name", "user.age", "tags"]);
    // Row N is line N + 1, as in the flat files.
    let id = &pq["columns"][0];
    assert_eq!(id["outliers"]["lowest"][0], serde_json::json!({"line": 2, "value": 0}));
}

#[test]
fn hostile_files_get_clear_errors() {
    let e = mine("truncated.parquet", Options::default()).unwrap_err();
    assert!(e.contains("does not end with the PAR1 magic") && e.contains("truncated"), "{e}");
    let e = mine("badfooter.parquet", Options::default()).unwrap_err();
    assert!(e.starts_with("Cannot read this Parquet file"), "{e}");
    let e = mine("outside.parquet", Options::default()).unwrap_err();
    assert!(e.contains("Cannot read this Parquet file") && e.contains("117866"), "{e}");
    let e = mine("magic.parquet", Options::default()).unwrap_err();
    assert!(e.contains("too short"), "{e}");
    let e = mine("notparquet.parquet", Options::default()).unwrap_err();
    assert!(e.contains("not a Parquet file") && e.contains("a,b"), "{e}");
    // A dictionary-encoded page without its dictionary (found by fuzzing: the Parquet crate
    // panics on it) is an error, not a crash.
    let data = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/parquet/malformed-dict-page.parquet")).unwrap();
    let e = mine_parquet(std::io::Cursor::new(data), &Options::default(), &mut |_, _| {}).unwrap_err().to_string();
    assert!(e.contains("its data is malformed") && e.contains("dict"), "{e}");
    // A page header whose fields run past the end of the file (found by fuzzing: the Parquet
    // crate skipped on at the end, for seconds on a 2 KB file) stops at once.
    let data = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/parquet/slow-header-skip.parquet")).unwrap();
    let e = mine_parquet(std::io::Cursor::new(data), &Options::default(), &mut |_, _| {}).unwrap_err().to_string();
    assert!(e.contains("a page header runs past the end of the file"), "{e}");
    let empty = std::io::Cursor::new(Vec::new());
    let e = mine_parquet(empty, &Options::default(), &mut |_, _| {}).unwrap_err().to_string();
    assert!(e.contains("not a Parquet file"), "{e}");
}

#[test]
fn detection_by_magic_and_name() {
    assert!(is_parquet(b"PAR1\x15\x04", None));
    assert!(is_parquet(b"", Some("DATA.PARQUET")));
    assert!(!is_parquet(b"a,b\n", Some("data.csv")));
}

#[test]
fn the_cli_reads_parquet_by_magic_and_refuses_stdin() {
    // A Parquet file without the name is found by its magic.
    let renamed = fixtures().join("flat.bin");
    std::fs::copy(fixtures().join("flat.parquet"), &renamed).unwrap();
    let out = Command::new(BIN).args(["--compact", "--workers", "2"]).arg(&renamed).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let p: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(p["format"], "parquet");
    assert_eq!(p["rows"], 3000);
    assert!(p["parallel_note"].as_str().unwrap().contains("one worker"));
    let out = Command::new(BIN).args(["--format", "parquet", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("standard input"));
    let out = Command::new(BIN).arg(fixtures().join("truncated.parquet")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("truncated"));
}
