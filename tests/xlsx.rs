//! Excel workbooks (`sluice::format::xlsx`), written by openpyxl (the reference writer,
//! installed by `scripts/bootstrap.sh` into `target/pyenv`) with the same data as CSV written
//! by Python's csv module (`tests/xlsx/write.py`): a sheet and its CSV give the same profile;
//! the header rule, sheet choice and hostile workbooks are checked.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;
use sluice::format::xlsx::{mine_workbook, SheetChoice};
use sluice::Options;

const BIN: &str = env!("CARGO_BIN_EXE_sluice");

/// The fixtures, written once per test binary into a temporary directory.
fn fixtures() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| common::python_fixtures("tests/xlsx/write.py", "xlsx", &[]))
}

fn json(p: &sluice::Profile) -> Value {
    serde_json::to_value(p).unwrap()
}

fn mine_sheet(file: &str, sheet: Option<&str>) -> Result<Vec<Value>, String> {
    let f = std::fs::File::open(fixtures().join(file)).unwrap();
    mine_workbook(std::io::BufReader::new(f), &SheetChoice::parse(sheet), &Options::default(), &mut |_, _| {})
        .map(|ps| ps.iter().map(json).collect())
        .map_err(|e| e.to_string())
}

fn mine_csv(file: &str) -> Value {
    let data = std::fs::read(fixtures().join(file)).unwrap();
    json(&sluice::mine_bytes(&data, Options { has_header: Some(true), ..Options::default() }).unwrap())
}

fn finding<'a>(p: &'a Value, kind: &str) -> Option<&'a Value> {
    p["findings"].as_array().unwrap().iter().find(|f| f["kind"] == kind)
}

#[test]
fn a_sheet_profiles_as_its_csv() {
    let xl = mine_sheet("data.xlsx", None).unwrap().remove(0);
    let csv = mine_csv("data.csv");
    assert_eq!(xl["format"], "xlsx");
    assert_eq!(xl["sheet"]["name"], "Data");
    assert_eq!(xl["rows"], 3000);
    // Everything the data decides is the same as the CSV's: columns (types, counts, nulls,
    // distinct values, min, max, moments, quantiles, histograms, top values and examples with
    // their line numbers), rows, duplicates, correlations, keys, dependencies, rules, sample.
    for field in ["rows", "lines", "blank_rows", "duplicate_rows", "columns", "correlations", "missing", "associations", "keys", "dependencies", "redundant_columns", "rules", "sample"] {
        assert_eq!(xl[field], csv[field], "{field} differs");
    }
    let types: Vec<&str> = xl["columns"].as_array().unwrap().iter().map(|c| c["type"].as_str().unwrap()).collect();
    assert_eq!(types, ["integer", "string", "float", "date", "datetime", "time", "boolean", "string", "string"]);
    // The error cells are nulls, with their sheet rows.
    let e = finding(&xl, "cell_errors").expect("cell_errors");
    assert_eq!(e["count"], 2);
    assert_eq!(e["lines"], serde_json::json!([5, 9]));
    // Rows whose last cells are empty are not ragged (Excel writes no cell for them).
    let csv_nulls = csv["columns"][8]["nulls"].as_u64().unwrap();
    assert!(csv_nulls > 100, "{csv_nulls}");
    assert_eq!(xl["columns"][8]["nulls"], csv_nulls);
    assert!(finding(&xl, "ragged_rows").is_none());
    // The header rule is said, and the other sheets are named (not the chart sheet).
    assert!(xl["header"]["reason"].as_str().unwrap().contains("first row with a value"));
    assert_eq!(xl["sheet"]["sheets"], serde_json::json!(["Data", "Layout", "Empty"]));
    let o = finding(&xl, "other_sheets").expect("other_sheets");
    assert!(o["message"].as_str().unwrap().contains("\"Layout\", \"Empty\""), "{}", o["message"]);
    assert!(xl["delimiter"].is_null() && xl["dialect"].is_null());
}

#[test]
fn leading_empty_rows_and_a_merged_header() {
    let xl = mine_sheet("data.xlsx", Some("Layout")).unwrap().remove(0);
    let csv = mine_csv("layout.csv");
    let names = |p: &Value| p["columns"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_string()).collect::<Vec<_>>();
    assert_eq!(names(&xl), ["region", "Q", "Q_2", "total"]);
    assert_eq!(names(&xl), names(&csv));
    for (a, b) in xl["columns"].as_array().unwrap().iter().zip(csv["columns"].as_array().unwrap()) {
        for k in ["type", "count", "nulls", "distinct", "min", "max", "mean", "std", "quantiles", "top"] {
            if k == "top" {
                let values = |c: &Value| c["top"].as_array().unwrap().iter().map(|t| (t["value"].clone(), t["count"].clone())).collect::<Vec<_>>();
                assert_eq!(values(a), values(b), "{} top", a["name"]);
            } else {
                assert_eq!(a[k], b[k], "{} {k}", a["name"]);
            }
        }
    }
    assert_eq!(xl["rows"], 40);
    let lead = finding(&xl, "sheet_leading_rows").expect("sheet_leading_rows");
    assert_eq!(lead["lines"], serde_json::json!([3]));
    assert_eq!(lead["count"], 2);
    let merged = finding(&xl, "merged_header_cells").expect("merged_header_cells");
    assert!(merged["message"].as_str().unwrap().contains("\"Q\" (B3:C3)"), "{}", merged["message"]);
    assert_eq!(finding(&xl, "renamed_columns").unwrap()["lines"], serde_json::json!([3]));
    // Line numbers are sheet rows: the first data row is row 4.
    assert_eq!(xl["columns"][1]["outliers"]["lowest"][0], serde_json::json!({"line": 4, "value": 0}));
}

#[test]
fn sheets_by_name_position_or_all() {
    let by_pos = mine_sheet("data.xlsx", Some("2")).unwrap().remove(0);
    assert_eq!(by_pos["sheet"]["name"], "Layout");
    assert_eq!(by_pos["sheet"]["index"], 2);
    let all = mine_sheet("data.xlsx", Some("all")).unwrap();
    assert_eq!(all.iter().map(|p| p["sheet"]["name"].clone()).collect::<Vec<_>>(), ["Data", "Layout", "Empty"]);
    assert_eq!(all[2]["rows"], 0);
    assert!(finding(&all[2], "empty_input").unwrap()["message"].as_str().unwrap().contains("Sheet \"Empty\" has no cells"));
    let e = mine_sheet("data.xlsx", Some("Nope")).unwrap_err();
    assert!(e.contains("\"Nope\" is not in this workbook") && e.contains("\"Data\", \"Layout\", \"Empty\""), "{e}");
}

#[test]
fn hostile_workbooks_get_clear_errors() {
    let e = mine_sheet("truncated.xlsx", None).unwrap_err();
    assert!(e.contains("Cannot read this Excel workbook") && e.contains("truncated"), "{e}");
    let e = mine_sheet("nosheets.xlsx", None).unwrap_err();
    assert!(e.contains("no worksheet"), "{e}");
    // A part that decompresses far beyond its size is refused before it is read, from the
    // sizes in the ZIP's central directory (347x here: past a ratio of 100, not of 1,000).
    let f = std::fs::File::open(fixtures().join("bomb.xlsx")).unwrap();
    let opts = Options { max_decompression_ratio: 100.0, ..Options::default() };
    let e = mine_workbook(std::io::BufReader::new(f), &SheetChoice::First, &opts, &mut |_, _| {}).unwrap_err().to_string();
    assert!(e.contains("xl/worksheets/sheet1.xml") && e.contains("decompression bomb"), "{e}");
    let f = std::fs::File::open(fixtures().join("bomb.xlsx")).unwrap();
    let opts = Options { max_decompressed_bytes: 50 << 20, ..Options::default() };
    let e = mine_workbook(std::io::BufReader::new(f), &SheetChoice::First, &opts, &mut |_, _| {}).unwrap_err().to_string();
    assert!(e.contains("over max_decompressed_bytes"), "{e}");
    assert_eq!(mine_sheet("bomb.xlsx", None).unwrap()[0]["rows"], 3000);
}

#[test]
fn the_cli_reads_workbooks() {
    let d = fixtures();
    let out = Command::new(BIN).arg("--compact").arg(d.join("data.xlsx")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let p: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(p["sheet"]["name"], "Data");
    assert_eq!(p["rows"], 3000);
    let out = Command::new(BIN).args(["--compact", "--sheet", "all"]).arg(d.join("data.xlsx")).output().unwrap();
    let ps: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(ps.as_array().unwrap().len(), 3);
    assert_eq!(ps[1]["sheet"]["name"], "Layout");
    let out = Command::new(BIN).args(["--sheet", "Layout"]).arg(d.join("data.xlsx")).output().unwrap();
    let p: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(p["rows"], 40);
    // Named .zip, still a workbook (detected by its first entry).
    let zip = d.join("data-as.zip");
    std::fs::copy(d.join("data.xlsx"), &zip).unwrap();
    let out = Command::new(BIN).arg("--compact").arg(&zip).output().unwrap();
    let p: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(p["format"], "xlsx");
    // A workbook on standard input cannot be sought: a clear error, exit code 2.
    let out = Command::new(BIN).args(["--format", "xlsx", "-"]).stdin(std::fs::File::open(d.join("data.xlsx")).unwrap()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("standard input"));
    let out = Command::new(BIN).arg("-").stdin(std::fs::File::open(d.join("data.xlsx")).unwrap()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("give its path to the CLI"), "{}", String::from_utf8_lossy(&out.stderr));
    let out = Command::new(BIN).arg(d.join("truncated.xlsx")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
