//! The profile is the same for any way of splitting the input into chunks.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use sluice::{Miner, Options};

/// The profile (without `memory`), or the error, for `data` cut at `cuts`.
fn mine_chunked(data: &[u8], cuts: &[usize], opts: &Options) -> Result<serde_json::Value, String> {
    let mut m = Miner::new(opts.clone()).unwrap();
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (data.len() + 1)).collect();
    cuts.sort_unstable();
    let mut prev = 0;
    for c in cuts {
        m.push(&data[prev..c]).map_err(|e| e.to_string())?;
        prev = c;
    }
    m.push(&data[prev..]).map_err(|e| e.to_string())?;
    Ok(m.finish().map_err(|e| e.to_string())?.data_json())
}

/// A field: plain, numeric, date, null-ish, or quoted with delimiters/quotes/newlines.
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{0,6}",
        (-1000i64..1000).prop_map(|i| i.to_string()),
        (-1e6f64..1e6).prop_map(|f| format!("{f:.3}")),
        (1990u32..2030, 1u32..13, 1u32..29).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
        prop::sample::select(vec!["", "NA", "null", "nan", "true", "FALSE", "-", "inf"]).prop_map(String::from),
        "[a-z ,;|\t\"\n\r]{0,8}".prop_map(|s| format!("\"{}\"", s.replace('"', "\"\""))),
        "[ -~é€]{0,5}",
    ]
}

fn csv_text() -> impl Strategy<Value = Vec<u8>> {
    let delim = prop::sample::select(vec![",", ";", "\t", "|"]);
    let eol = prop::sample::select(vec!["\n", "\r\n"]);
    (delim, eol, 1usize..6, prop::collection::vec(prop::collection::vec(field(), 1..7), 0..25), any::<bool>(), any::<bool>())
        .prop_map(|(d, eol, ncols, rows, bom, trailing)| {
            let mut s = String::new();
            if bom {
                s.push('\u{feff}');
            }
            let header: Vec<String> = (0..ncols).map(|i| format!("c{i}")).collect();
            s.push_str(&header.join(d));
            for r in rows {
                s.push_str(eol);
                s.push_str(&r.join(d));
            }
            if trailing {
                s.push_str(eol);
            }
            s.into_bytes()
        })
}

/// JSON Lines with nested objects, arrays, escapes, nulls and the odd malformed line.
fn jsonl_text() -> impl Strategy<Value = Vec<u8>> {
    let value = prop_oneof![
        (-1000i64..1000).prop_map(|i| i.to_string()),
        (-1e6f64..1e6).prop_map(|f| format!("{f:.3}")),
        "[a-z ,\"\n\u{e9}]{0,6}".prop_map(|s| serde_json::to_string(&s).unwrap()),
        prop::sample::select(vec!["null", "true", "false", "[]", "[1, [2]]", "{\"x\": {\"y\": 1}}", "\"2024-01-02\""]).prop_map(String::from),
    ];
    let line = prop_oneof![
        8 => prop::collection::vec((prop::sample::select(vec!["a", "b", "c", "d.e"]), value), 0..5).prop_map(|kv| {
            let members: Vec<String> = kv.into_iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
            format!("{{{}}}", members.join(", "))
        }),
        1 => Just(String::new()),
        1 => "[a-z{}\":,]{1,8}",
    ];
    (prop::collection::vec(line, 0..20), any::<bool>()).prop_map(|(lines, crlf)| lines.join(if crlf { "\r\n" } else { "\n" }).into_bytes())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn generated_csv_is_chunking_invariant(data in csv_text(), cuts in prop::collection::vec(any::<usize>(), 0..20)) {
        // A small sniff window so that chunks also cut through the sniffed prefix.
        // The smallest memory budget too (4 MiB), the same rules at any size.
        for (sniff, budget) in [(7usize, 32u64 << 20), (64 << 10, 32 << 20), (64 << 10, 4 << 20)] {
            let opts = Options { sniff_bytes: sniff, memory_budget_bytes: budget, ..Options::default() };
            let whole = mine_chunked(&data, &[], &opts);
            prop_assert_eq!(&mine_chunked(&data, &cuts, &opts), &whole);
            let bytes: Vec<usize> = (0..data.len()).collect();
            prop_assert_eq!(&mine_chunked(&data, &bytes, &opts), &whole);
        }
    }

    #[test]
    fn generated_jsonl_is_chunking_invariant(data in jsonl_text(), cuts in prop::collection::vec(any::<usize>(), 0..20)) {
        let opts = Options { format: Some("jsonl".into()), max_record_bytes: 1024, ..Options::default() };
        let whole = mine_chunked(&data, &[], &opts);
        prop_assert_eq!(&mine_chunked(&data, &cuts, &opts), &whole);
        let bytes: Vec<usize> = (0..data.len()).collect();
        prop_assert_eq!(&mine_chunked(&data, &bytes, &opts), &whole);
    }

    #[test]
    fn arbitrary_bytes_are_chunking_invariant(data in prop::collection::vec(any::<u8>(), 0..400), cuts in prop::collection::vec(any::<usize>(), 0..10)) {
        let opts = Options { max_record_bytes: 1024, ..Options::default() };
        let whole = mine_chunked(&data, &[], &opts);
        prop_assert_eq!(&mine_chunked(&data, &cuts, &opts), &whole);
    }
}

/// A multibyte character cut by a delimiter ("\xE6\x9D" "," "\x8E"): both fields are invalid
/// UTF-8, although the two put back to back are a valid character. The in-place fast path (the
/// whole line in one chunk) and csv-core (the line cut by a chunk boundary) must agree.
#[test]
fn utf8_cut_by_a_delimiter_is_invalid_for_any_chunking() {
    let data = b"a,b\n1,x\n4,\xE6\x9D,\x8E\xE9\x9B\xB7\n5,y\n";
    let opts = Options::default();
    let whole = mine_chunked(data, &[], &opts).unwrap();
    let finding = |p: &serde_json::Value| p["findings"].as_array().unwrap().iter().find(|f| f["kind"] == "invalid_utf8").cloned();
    assert_eq!(finding(&whole).expect("invalid_utf8")["lines"], serde_json::json!([3]));
    for cut in 1..data.len() {
        assert_eq!(finding(&mine_chunked(data, &[cut], &opts).unwrap()), finding(&whole), "cut at {cut}");
    }
}
