//! The sniffer and the decoder on arbitrary bytes: the dialect chosen (or forced by the first
//! byte) splits the input so that the parallel boundary scanner's certain answers are record
//! starts of the real reader; decoding in arbitrary chunks gives the same text as in one; the
//! whole miner gives the same profile in arbitrary chunks, with the dialect and encoding
//! options the first bytes choose.
#![no_main]
use libfuzzer_sys::fuzz_target;
use sluice::format::boundary::Boundary;
use sluice::format::csv::{CsvReader, Limits};
use sluice::format::dialect::{Dialect, Forced, sniff};
use sluice::format::encoding::{Transcoder, detect};
use sluice::{Miner, Options};

const LIMITS: Limits = Limits { max_record_bytes: 1 << 16, max_columns: 256 };

fn record_starts(data: &[u8], d: Dialect) -> Vec<u64> {
    let mut starts = Vec::new();
    let mut from = 0u64;
    loop {
        let mut r = CsvReader::with_dialect(d, LIMITS);
        r.stop_at(from);
        r.feed(data, &mut |_| {});
        match r.stopped_at() {
            Some(at) => {
                starts.push(at);
                from = at + 1;
            }
            None => return starts,
        }
    }
}

fuzz_target!(|input: &[u8]| {
    if input.len() < 3 {
        return;
    }
    let (head, data) = input.split_at(3);
    let pick = |b: u8, options: &[Option<u8>]| options[b as usize % options.len()];
    let forced = Forced {
        delimiter: pick(head[0], &[None, Some(b','), Some(b';'), Some(b'|'), Some(b' ')]),
        quote: [None, Some(Some(b'"')), Some(Some(b'\'')), Some(None)][(head[0] >> 4) as usize % 4],
        escape: [None, Some(None), Some(Some(b'\\'))][head[1] as usize % 3],
        comment: [None, Some(None), Some(Some(b'#'))][(head[1] >> 4) as usize % 3],
        skip_lines: None,
        lf_only: head[1] & 0x80 != 0,
    };
    let complete = head[2] & 1 == 0;
    let Ok(s) = sniff(data, complete, &forced) else { return };
    assert!(s.preamble.bytes as usize <= data.len());
    let d = s.dialect;
    if d.quote == Some(d.delimiter) || d.comment.is_some_and(|c| c == d.delimiter || Some(c) == d.quote) {
        return; // options the miner refuses
    }
    // Boundaries: every certain answer is a real record start.
    if data.len() <= 512 {
        let starts = record_starts(data, d);
        for lo in 1..=data.len() as u64 {
            let mut b = Boundary::new(lo, Some(d), 1 << 20);
            let from = b.first_byte() as usize;
            for c in data[from..].chunks(1 + head[2] as usize % 7) {
                if b.feed(c).is_some() {
                    break;
                }
            }
            let f = b.finish(data.len() as u64);
            assert!(f.at >= lo);
            if f.certain {
                assert!(starts.contains(&f.at) || f.at == data.len() as u64, "{d:?} lo {lo}: {f:?} {starts:?}");
            }
        }
    }
    // Decoding in chunks.
    let enc = detect(data, true, None).unwrap();
    let whole = Transcoder::new(enc.encoding).decode(data, true).to_vec();
    let mut t = Transcoder::new(enc.encoding);
    let mut out = Vec::new();
    for c in data.chunks(1 + head[1] as usize % 5) {
        out.extend_from_slice(t.decode(c, false));
    }
    out.extend_from_slice(t.decode(&[], true));
    assert_eq!(out, whole);
    // The miner with these options, whole and in chunks.
    let text = |o: Option<Option<u8>>| o.map(|c| c.map(|c| (c as char).to_string()).unwrap_or_default());
    let opts = Options {
        format: Some("csv".into()),
        delimiter: forced.delimiter.map(|c| (c as char).to_string()),
        quote: text(forced.quote),
        escape: text(forced.escape),
        comment: text(forced.comment),
        line_ending: forced.lf_only.then(|| "lf".to_string()),
        encoding: [None, None, Some("windows-1252".to_string()), Some("utf-16le".to_string())][(head[2] >> 1) as usize % 4].clone(),
        sniff_bytes: 1 + head[2] as usize * 3,
        ..Options::default()
    };
    let Ok(mut m) = Miner::new(opts.clone()) else { return };
    let one = m.push(data).and_then(|()| m.finish()).map(strip).map_err(|e| e.to_string());
    let mut m = Miner::new(opts).unwrap();
    let mut r = Ok(());
    for c in data.chunks(1 + head[0] as usize % 11) {
        r = r.and_then(|()| m.push(c));
    }
    let chunked = r.and_then(|()| m.finish()).map(strip).map_err(|e| e.to_string());
    assert_eq!(one, chunked);
});

/// A profile without its memory figures (which depend on the chunking).
fn strip(p: sluice::Profile) -> String {
    let mut v = serde_json::to_value(&p).unwrap();
    v.as_object_mut().unwrap().remove("memory");
    v.to_string()
}
