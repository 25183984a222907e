//! The CSV reader and the profile on small inputs with known answers.
#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use sluice::format::csv::{CsvReader, Limits};
use sluice::{Options, mine_bytes};

const LIMITS: Limits = Limits { max_record_bytes: 1 << 20, max_columns: 1000 };

/// (line, fields) of every record, feeding `input` in chunks of `chunk` bytes.
fn records(input: &[u8], chunk: usize, limits: Limits) -> Vec<(u64, Vec<String>)> {
    let mut r = CsvReader::new(b',', limits);
    let mut out = Vec::new();
    let mut sink = |rec: &sluice::format::csv::Record<'_>| {
        out.push((rec.line, rec.fields().map(|f| String::from_utf8_lossy(f.bytes).into_owned()).collect()))
    };
    for c in input.chunks(chunk.max(1)) {
        r.feed(c, &mut sink);
    }
    r.finish(&mut sink);
    out
}

/// The start line of every record and the blank lines, feeding `input` in `chunk`-byte chunks.
fn lines(input: &[u8], chunk: usize) -> (Vec<u64>, u64) {
    let mut r = CsvReader::new(b',', LIMITS);
    let mut lines = Vec::new();
    let mut sink = |rec: &sluice::format::csv::Record<'_>| lines.push(rec.line);
    for c in input.chunks(chunk) {
        r.feed(c, &mut sink);
    }
    r.finish(&mut sink);
    (lines, r.blank_lines())
}

fn recs(v: &[(u64, &[&str])]) -> Vec<(u64, Vec<String>)> {
    v.iter().map(|(l, f)| (*l, f.iter().map(|s| s.to_string()).collect())).collect()
}

#[test]
fn quoting_delimiters_doubled_quotes_and_newlines() {
    let input = b"a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"multi\nline\",2\n3,4";
    for chunk in [1, 2, 3, 7, 1000] {
        assert_eq!(
            records(input, chunk, LIMITS),
            recs(&[(1, &["a", "b"]), (2, &["x, y", "say \"hi\""]), (3, &["multi\nline", "2"]), (5, &["3", "4"])]),
            "chunk {chunk}"
        );
    }
}

#[test]
fn crlf_and_blank_lines_keep_physical_line_numbers() {
    let input = b"a,b\r\n1,2\r\n\r\n\r\n3,\"x\r\ny\"\r\n5,6\r\n";
    for chunk in [1, 2, 5, 1000] {
        let (lines, blank) = lines(input, chunk);
        assert_eq!(lines, vec![1, 2, 5, 7], "chunk {chunk}");
        assert_eq!(blank, 2, "chunk {chunk}");
    }
}

#[test]
fn truncates_long_records_but_keeps_exact_lengths() {
    let long = "z".repeat(5000);
    let input = format!("a,b\n{long},1\n2,3\n");
    let limits = Limits { max_record_bytes: 1024, max_columns: 1000 };
    for chunk in [1, 100, 1 << 20] {
        let mut r = CsvReader::new(b',', limits);
        let mut seen = Vec::new();
        let mut sink = |rec: &sluice::format::csv::Record<'_>| {
            seen.push((rec.truncated, rec.fields().map(|f| (f.bytes.len(), f.len)).collect::<Vec<_>>()))
        };
        for c in input.as_bytes().chunks(chunk) {
            r.feed(c, &mut sink);
        }
        r.finish(&mut sink);
        assert_eq!(seen[1], (true, vec![(1024, 5000), (0, 1)]), "chunk {chunk}");
        assert_eq!(seen[2], (false, vec![(1, 1), (1, 1)]), "chunk {chunk}");
    }
}

fn profile(input: &str) -> Value {
    serde_json::to_value(mine_bytes(input.as_bytes(), Options::default()).unwrap()).unwrap()
}

fn col<'a>(p: &'a Value, name: &str) -> &'a Value {
    p["columns"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap()
}

#[test]
fn bom_is_stripped_and_reported() {
    let p = profile("\u{feff}id,name\n1,a\n");
    assert_eq!(p["bom"], true);
    assert_eq!(col(&p, "id")["type"], "integer");
}

#[test]
fn ragged_rows_are_counted_with_their_lines() {
    let p = profile("a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n");
    assert_eq!(p["rows"], 4);
    let f = p["findings"].as_array().unwrap().iter().find(|f| f["kind"] == "ragged_rows").unwrap();
    assert_eq!(f["count"], 2);
    assert_eq!(f["lines"], serde_json::json!([3, 4]));
    // The missing field is a null.
    assert_eq!(col(&p, "c")["nulls"], 1);
    assert_eq!(col(&p, "c")["count"], 3);
}

#[test]
fn sniffs_semicolons_with_decimal_commas() {
    let p = profile("name;price\nA;1,5\nB;2,25\n");
    assert_eq!(p["delimiter"], ";");
    // Read with a decimal comma: the delimiter is not a comma (issue 13).
    assert_eq!(col(&p, "price")["type"], "float");
    assert_eq!(col(&p, "price")["format"], "0,##");
    assert_eq!(col(&p, "price")["min"], 1.5);
    assert_eq!(col(&p, "price")["max"], 2.25);
}

#[test]
fn sniffs_tabs_and_pipes() {
    assert_eq!(profile("a\tb\n1\t2\n")["delimiter"], "\t");
    assert_eq!(profile("a|b\n1|2\n")["delimiter"], "|");
}

#[test]
fn type_inference_and_statistics() {
    let p = profile(
        "i,f,b,d,dt,s,n,nanf,nans\n\
         1,1.5,true,2024-01-01,2024-01-01T10:00:00,x,NA,1.0,a\n\
         2,2,false,2023-06-30,2024-01-01,yy,,nan,nan\n\
         3,-0.5,TRUE,2025-12-31,2023-12-31 23:00,zzz,null,2.0,b\n",
    );
    assert_eq!(col(&p, "i")["type"], "integer");
    assert_eq!(col(&p, "i")["min"], 1);
    assert_eq!(col(&p, "i")["max"], 3);
    assert_eq!(col(&p, "i")["mean"], 2.0);
    assert_eq!(col(&p, "i")["std"], 1.0);
    assert_eq!(col(&p, "f")["type"], "float");
    assert_eq!(col(&p, "f")["types"]["integer"], 1);
    assert_eq!(col(&p, "f")["min"], -0.5);
    assert_eq!(col(&p, "b")["type"], "boolean");
    assert_eq!(col(&p, "b")["min"], false);
    assert_eq!(col(&p, "d")["type"], "date");
    assert_eq!(col(&p, "d")["min"], "2023-06-30");
    assert_eq!(col(&p, "d")["max"], "2025-12-31");
    assert_eq!(col(&p, "dt")["type"], "datetime");
    assert_eq!(col(&p, "dt")["min"], "2023-12-31T23:00:00");
    assert_eq!(col(&p, "dt")["max"], "2024-01-01T10:00:00");
    assert_eq!(col(&p, "s")["type"], "string");
    assert_eq!(col(&p, "s")["max"], "zzz");
    assert_eq!(col(&p, "s")["length"]["mean"], 2.0);
    assert_eq!(col(&p, "n")["nulls"], 3);
    assert_eq!(col(&p, "n")["count"], 0);
    // nan is a value in a numeric column and a null elsewhere.
    assert_eq!(col(&p, "nanf")["type"], "float");
    assert_eq!(col(&p, "nanf")["count"], 3);
    assert_eq!(col(&p, "nanf")["mean"], 1.5);
    assert_eq!(col(&p, "nans")["type"], "string");
    assert_eq!(col(&p, "nans")["nulls"], 1);
}

#[test]
fn dominant_type_with_mixed_values_is_a_finding() {
    let mut s = String::from("v\n");
    for i in 0..99 {
        s.push_str(&format!("{i}\n"));
    }
    s.push_str("oops\n");
    let p = profile(&s);
    assert_eq!(col(&p, "v")["type"], "integer");
    assert_eq!(col(&p, "v")["max"], 98);
    let f = p["findings"].as_array().unwrap().iter().find(|f| f["kind"] == "mixed_types").unwrap();
    assert_eq!(f["count"], 1);
    assert_eq!(f["lines"], serde_json::json!([101]));
}

#[test]
fn huge_integers_are_strings_in_json() {
    // (Unsigned, 16 significant digits would be an identifier: text.)
    let p = profile("v\n-9007199254740993\n1\n");
    assert_eq!(col(&p, "v")["min"], "-9007199254740993");
    assert_eq!(col(&p, "v")["max"], 1);
}

#[test]
fn empty_and_header_only_inputs() {
    let p = profile("");
    assert_eq!(p["rows"], 0);
    assert_eq!(p["findings"][0]["kind"], "empty_input");
    let p = profile("a,b\n");
    assert_eq!(p["columns"].as_array().unwrap().len(), 2);
    assert_eq!(p["findings"][0]["kind"], "no_data_rows");
}

#[test]
fn unterminated_quote_is_reported() {
    let p = profile("a,b\n1,\"open\n2,3\n");
    assert!(p["findings"].as_array().unwrap().iter().any(|f| f["kind"] == "unterminated_quote"));
    let p = profile("a,b\n1,\"closed\"\n");
    assert!(!p["findings"].as_array().unwrap().iter().any(|f| f["kind"] == "unterminated_quote"));
}

#[test]
fn no_header_option() {
    let opts = Options { has_header: Some(false), ..Options::default() };
    let p = serde_json::to_value(mine_bytes(b"1,2\n3,4\n", opts).unwrap()).unwrap();
    assert_eq!(p["rows"], 2);
    assert_eq!(p["columns"][1]["name"], "column_2");
}

#[test]
fn line_count() {
    assert_eq!(profile("a\n1\n2\n")["lines"], 3);
    assert_eq!(profile("a\n1\n2")["lines"], 3);
    assert_eq!(profile("a\n\n1\n")["blank_lines"], 1);
}

#[test]
fn binary_files_are_rejected_with_a_clear_error() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
    let e = mine_bytes(png, Options::default()).unwrap_err().to_string();
    assert!(e.contains("not a text data file") && e.contains("PNG"), "{e}");
    let utf16: Vec<u8> = b"\xFF\xFE".iter().copied().chain("a,b\n1,2\n".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
    // UTF-16 is decoded (issue 19) unless the encoding option says UTF-8.
    assert_eq!(mine_bytes(&utf16, Options::default()).unwrap().encoding, "utf-16le");
    let opts = Options { encoding: Some("utf-8".into()), ..Options::default() };
    assert!(mine_bytes(&utf16, opts).unwrap_err().to_string().contains("UTF-16"));
    // A miner that rejected its input keeps saying so.
    let mut m = sluice::Miner::new(Options { sniff_bytes: 8, ..Options::default() }).unwrap();
    assert!(m.push(&[0u8; 16]).is_err());
    assert!(m.push(b"a,b\n").is_err());
    assert!(m.finish().is_err());
}

#[test]
fn cr_only_line_endings_number_lines() {
    let input = b"a,b\r1,2\r\r3,\"x\r\ny\"\r4,5\r\n6,7";
    for chunk in [1, 2, 1000] {
        let (lines, blank) = lines(input, chunk);
        // Line 3 is blank; the quoted \r\n is inside record 4 (lines 4-5).
        assert_eq!(lines, vec![1, 2, 4, 6, 7], "chunk {chunk}");
        assert_eq!(blank, 1, "chunk {chunk}");
    }
}

#[test]
fn regression_fuzz_bom_and_lone_crs_chunked() {
    // Found by fuzz/csv: the last record was lost when chunks cut between lone \r's.
    let data = b"\xef\xbb\xbfh\n1\r2\r\r3";
    let whole = records(data, data.len(), LIMITS);
    for chunk in 1..data.len() {
        assert_eq!(records(data, chunk, LIMITS), whole, "chunk {chunk}");
    }
    assert_eq!(whole.last().unwrap().1, vec!["3".to_string()]);
}

#[test]
fn limits_crossed_are_findings() {
    // A long value: min/max and top values keep a prefix, and say so.
    let long = "x".repeat(1000);
    let p = profile(&format!("a\n{long}\nshort\n"));
    let f = p["findings"].as_array().unwrap().iter().find(|f| f["kind"] == "long_values").unwrap();
    assert_eq!(f["count"], 1);
    assert_eq!(f["lines"], serde_json::json!([2]));
    // More numeric columns than max_correlation_columns.
    let opts = Options { max_correlation_columns: 2, ..Options::default() };
    let p = serde_json::to_value(mine_bytes(b"a,b,c,d\n1,2,3,4\n2,3,4,6\n3,5,5,7\n", opts).unwrap()).unwrap();
    assert_eq!(p["correlations"]["columns"], serde_json::json!(["a", "b"]));
    let f = p["findings"].as_array().unwrap().iter().find(|f| f["kind"] == "correlations_limited").unwrap();
    assert_eq!(f["count"], 2);
}

#[test]
fn correlation_table_follows_the_file_not_the_option() {
    // Found by the browser fault tests: the table was sized from the option (575 MiB for 5000).
    let opts = Options { max_correlation_columns: 512, ..Options::default() };
    let p = mine_bytes(b"a,b\n1,2\n2,4\n3,7\n", opts).unwrap();
    assert_eq!(p.correlations.columns, vec!["a", "b"]);
    assert!(p.memory.peak_heap_bytes < 16 << 20, "peak heap {}", p.memory.peak_heap_bytes);
    // Options beyond their documented ranges are errors, not allocations.
    for bad in [
        Options { max_correlation_columns: 10_000, ..Options::default() },
        Options { max_record_bytes: 4 << 30, ..Options::default() },
        Options { max_json_depth: 0, ..Options::default() },
    ] {
        assert!(mine_bytes(b"a\n1\n", bad).is_err());
    }
}

/// Every record's offset is the byte where it starts, on the in-place fast path (plain lines)
/// and on csv-core's (quotes, CRLF, lone CR, blank lines), for any chunking.
#[test]
fn record_offsets_are_where_records_start_for_any_chunking() {
    let data: &[u8] = b"a,b\n1,2\n\n\"x,\ny\",3\r\n4,\"q\"\"\"\r5,6\n\n\n7,8";
    // The byte after each record's line break (and blank lines), by hand.
    let starts: Vec<u64> = vec![0, 4, 9, 19, 27, 33];
    for chunk in 1..data.len() + 1 {
        let mut r = CsvReader::new(b',', LIMITS);
        let mut got = Vec::new();
        let mut sink = |rec: &sluice::format::csv::Record<'_>| got.push(rec.offset);
        for c in data.chunks(chunk) {
            r.feed(c, &mut sink);
        }
        r.finish(&mut sink);
        assert_eq!(got, starts, "chunks of {chunk}");
    }
    // JSON Lines: each line's first byte, after a part's start.
    let data: &[u8] = b"{\"a\":1}\n\n{\"a\":2}\r\n  {\"b\":3}\n{\"a\"";
    for chunk in 1..data.len() + 1 {
        let mut r = sluice::format::jsonl::JsonlReader::new(1 << 20, 3);
        r.start_at(100);
        let mut got = Vec::new();
        let mut sink = |e: sluice::format::jsonl::Event<'_>| {
            if let sluice::format::jsonl::Event::RowStart { offset, .. } = e {
                got.push(offset)
            }
        };
        for c in data.chunks(chunk) {
            r.feed(c, &mut sink);
        }
        r.finish(&mut sink);
        assert_eq!(got, vec![100, 109, 118], "chunks of {chunk}");
    }
}
