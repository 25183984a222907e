//! The decompressors (`sluice::format::compress`), fed the same bytes in two chunkings: the
//! same output and the same verdict, no panic, and no more output than the guard allows.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sluice::format::compress::{Codec, Decoder, Limits};

fn run(codec: Codec, data: &[u8], chunk: usize) -> (Vec<u8>, Result<(), String>) {
    let limits = Limits { max_ratio: 1000.0, max_bytes: 8 << 20, ratio_floor: 1 << 20 };
    let mut d = Decoder::new(codec, limits);
    let mut out = Vec::new();
    let chunks: Vec<&[u8]> = data.chunks(chunk.max(1)).collect();
    let mut r = Ok(());
    for (i, c) in chunks.iter().enumerate() {
        r = d.push(c, i + 1 == chunks.len(), &mut |b| out.extend_from_slice(b));
        if r.is_err() {
            break;
        }
    }
    if chunks.is_empty() {
        r = d.push(&[], true, &mut |b| out.extend_from_slice(b));
    }
    assert!(out.len() as u64 <= (8 << 20) + (128 << 10));
    (out, r.map_err(|_| "error".to_string()))
}

fuzz_target!(|input: &[u8]| {
    let Some((&k, data)) = input.split_first() else { return };
    // The codec its bytes announce, else one chosen by the first byte.
    let codec = Codec::sniff(data).unwrap_or([Codec::Gzip, Codec::Zstd, Codec::Bzip2, Codec::Xz, Codec::Zip][k as usize % 5]);
    let (a, ra) = run(codec, data, data.len());
    let (b, rb) = run(codec, data, 1 + (k as usize >> 3) % 61);
    // Output made before an error may differ in length (a chunk's worth), never in content.
    if ra.is_ok() && rb.is_ok() {
        assert_eq!(a, b);
    } else {
        let n = a.len().min(b.len());
        assert_eq!(a[..n], b[..n]);
    }
    assert_eq!(ra.is_ok(), rb.is_ok(), "{codec:?}");
});
