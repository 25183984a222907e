//! The CSV reader, fed the same bytes in two chunkings: same records, same lines, no panic,
//! bounded records.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sluice::format::csv::{CsvReader, Limits};

fn read(data: &[u8], chunk: usize, limits: Limits) -> (Vec<(u64, Vec<Vec<u8>>, Vec<u64>, bool)>, u64, u64, bool) {
    let mut r = CsvReader::new(b',', limits);
    let mut out = Vec::new();
    let mut sink = |rec: &sluice::format::csv::Record<'_>| {
        assert!(rec.len() <= limits.max_columns);
        assert!(rec.bytes().len() <= limits.max_record_bytes);
        assert!(rec.field_count >= rec.len() as u64);
        out.push((rec.line, rec.fields().map(|f| f.bytes.to_vec()).collect(), rec.fields().map(|f| f.len).collect(), rec.truncated));
    };
    for c in data.chunks(chunk.max(1)) {
        r.feed(c, &mut sink);
    }
    r.finish(&mut sink);
    (out, r.line(), r.blank_lines(), r.in_quoted_field_at_end())
}

fuzz_target!(|input: &[u8]| {
    let Some((&k, data)) = input.split_first() else { return };
    let limits = Limits { max_record_bytes: 64 + (k as usize % 4) * 300, max_columns: 1 + k as usize % 9 };
    let whole = read(data, data.len(), limits);
    let chunked = read(data, 1 + (k as usize % 7), limits);
    assert_eq!(whole, chunked);
    let lines: Vec<u64> = whole.0.iter().map(|r| r.0).collect();
    assert!(lines.windows(2).all(|w| w[0] < w[1]), "record lines increase: {lines:?}");
});
