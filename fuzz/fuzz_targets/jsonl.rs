//! The JSON reader (JSON Lines, or a JSON array when the bytes' layout is one), fed the same
//! bytes in two chunkings: same events, no panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sluice::format::jsonl::{Event, JsonlReader, layout};

fn read(data: &[u8], chunk: usize) -> Vec<String> {
    let mut r = JsonlReader::with_layout(256, 3, &layout(data));
    let mut out = Vec::new();
    let mut sink = |e: Event<'_>| {
        out.push(match e {
            Event::RowStart { line, .. } => format!("start {line}"),
            Event::Value { path, value, line } => format!("{line} {path}={value:?}"),
            Event::RowEnd { line, bytes } => {
                assert!(bytes.len() <= 256);
                format!("end {line}")
            }
            Event::Malformed { line, reason } => format!("malformed {line} {reason}"),
        })
    };
    for c in data.chunks(chunk.max(1)) {
        r.feed(c, &mut sink);
    }
    r.finish(&mut sink);
    out
}

fuzz_target!(|input: &[u8]| {
    let Some((&k, data)) = input.split_first() else { return };
    assert_eq!(read(data, data.len()), read(data, 1 + (k as usize % 13)));
});
