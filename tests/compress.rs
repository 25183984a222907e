//! Compressed input (`sluice::format::compress`), written by the standard compressors: gzip,
//! zstd, bzip2, xz and zip (Debian's, installed by `scripts/bootstrap.sh`). The same data as
//! CSV and compressed gives the same profile, for any chunking; truncated, corrupted and
//! hostile archives get a clear error or a finding.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::Command;

use sluice::{Miner, Options};

const BIN: &str = env!("CARGO_BIN_EXE_sluice");

struct Dir(PathBuf);
impl Drop for Dir {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

fn dir(name: &str) -> Dir {
    let d = std::env::temp_dir().join(format!("sluice-compress-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    Dir(d)
}

/// A table with every type, 30,000 rows (about 1.3 MB).
fn table() -> Vec<u8> {
    let mut s = String::from("id,when,city,amount,ok,note\n");
    for i in 0..30_000u64 {
        let x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
        s += &format!(
            "{i},2024-{:02}-{:02}T{:02}:00:00Z,{},{}.{:02},{},\"{}\"\n",
            1 + x % 12,
            1 + x % 28,
            x % 24,
            ["Oslo", "Lima", "Pune", "Kiel", ""][(x % 5) as usize],
            x % 10_000,
            x % 100,
            x % 3 == 0,
            if x % 7 == 0 { "said \"\"hi\"\"" } else { "plain, text" }
        );
    }
    s.into_bytes()
}

/// Runs a standard compressor: `tool args... < input > output`.
fn compress(tool: &str, args: &[&str], input: &Path, output: &Path) {
    let out = Command::new(tool).args(args).stdin(std::fs::File::open(input).unwrap()).output().unwrap_or_else(|e| panic!("{tool}: {e} (scripts/bootstrap.sh installs it)"));
    assert!(out.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&out.stderr));
    std::fs::write(output, out.stdout).unwrap();
}

fn mine(data: &[u8], chunk: usize, opts: Options) -> Result<sluice::Profile, sluice::Error> {
    let mut m = Miner::new(opts)?;
    for c in data.chunks(chunk) {
        m.push(c)?;
    }
    m.finish()
}

/// The profile without what depends on the run or the container.
fn data(p: &sluice::Profile) -> serde_json::Value {
    let mut v = p.data_json();
    v.as_object_mut().unwrap().remove("compression");
    v
}

/// The compressed files: (codec, file).
fn written(d: &Path, csv: &Path) -> Vec<(&'static str, PathBuf)> {
    let mut out = Vec::new();
    for (codec, tool, args, ext) in [
        ("gzip", "gzip", &["-c"][..], "gz"),
        ("zstd", "zstd", &["-q", "-c", "-19"][..], "zst"),
        ("bzip2", "bzip2", &["-c"][..], "bz2"),
        ("xz", "xz", &["-c"][..], "xz"),
    ] {
        let f = d.join(format!("t.csv.{ext}"));
        compress(tool, args, csv, &f);
        out.push((codec, f));
    }
    // zip: deflate, and bzip2 inside the archive (method 12).
    for (name, extra) in [("t.zip", &[][..]), ("t-bzip2.zip", &["-Z", "bzip2"][..])] {
        let f = d.join(name);
        let st = Command::new("zip").arg("-q").args(extra).arg("-j").arg(&f).arg(csv).status().expect("zip (scripts/bootstrap.sh installs it)");
        assert!(st.success());
        out.push(("zip", f));
    }
    out
}

#[test]
fn each_codec_gives_the_csv_profile_for_any_chunking() {
    let d = dir("same");
    let csv = d.0.join("t.csv");
    let raw = table();
    std::fs::write(&csv, &raw).unwrap();
    let plain = mine(&raw, 1 << 20, Options::default()).unwrap();
    assert_eq!(plain.compression, None);
    assert_eq!(plain.rows, 30_000);
    for (codec, f) in written(&d.0, &csv) {
        let bytes = std::fs::read(&f).unwrap();
        for chunk in [1 << 20, 4093, 7] {
            if chunk == 7 && bytes.len() > 400_000 {
                continue;
            }
            let p = mine(&bytes, chunk, Options::default()).unwrap_or_else(|e| panic!("{f:?} in {chunk}-byte chunks: {e}"));
            assert_eq!(data(&p), data(&plain), "{f:?} in {chunk}-byte chunks");
            let c = p.compression.as_ref().unwrap();
            assert_eq!(c.codec, codec);
            assert!(c.detected && !c.stopped);
            assert_eq!(c.compressed_bytes, bytes.len() as u64);
            assert!((c.ratio - raw.len() as f64 / bytes.len() as f64).abs() < 1e-9);
            if codec == "zip" {
                assert_eq!(c.entry.as_deref(), Some("t.csv"));
            }
        }
    }
    // The CLI, with --workers 2: one pass, and it says why.
    let zst = d.0.join("t.csv.zst");
    let out = Command::new(BIN).args(["--workers", "2", "--compact"]).arg(&zst).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rows"], 30_000);
    assert_eq!(v["compression"]["codec"], "zstd");
    assert_eq!(v["parallel_note"], "one worker: zstd data cannot be cut into ranges");
}

#[test]
fn concatenated_streams_and_json_lines() {
    let d = dir("concat");
    let mut lines = String::new();
    for i in 0..5000 {
        lines += &format!("{{\"id\":{i},\"tag\":\"t{}\",\"x\":{{\"y\":{}.5}}}}\n", i % 9, i % 100);
    }
    let (a, b) = lines.split_at(lines.len() / 2 - 7);
    let (fa, fb) = (d.0.join("a"), d.0.join("b"));
    std::fs::write(&fa, a).unwrap();
    std::fs::write(&fb, b).unwrap();
    let plain = mine(lines.as_bytes(), 1 << 20, Options::default()).unwrap();
    assert_eq!(plain.format, "jsonl");
    for (tool, args) in [("gzip", &["-c"][..]), ("zstd", &["-q", "-c"][..]), ("bzip2", &["-c"][..]), ("xz", &["-c"][..])] {
        let (ca, cb) = (d.0.join("a.z"), d.0.join("b.z"));
        compress(tool, args, &fa, &ca);
        compress(tool, args, &fb, &cb);
        let mut both = std::fs::read(&ca).unwrap();
        both.extend(std::fs::read(&cb).unwrap());
        for chunk in [1 << 20, 1000] {
            let p = mine(&both, chunk, Options::default()).unwrap_or_else(|e| panic!("{tool}: {e}"));
            assert_eq!(data(&p), data(&plain), "{tool} in {chunk}-byte chunks");
        }
    }
}

#[test]
fn truncated_and_corrupted_data_is_a_clear_error() {
    let d = dir("bad");
    let csv = d.0.join("t.csv");
    std::fs::write(&csv, table()).unwrap();
    for (codec, f) in written(&d.0, &csv) {
        let bytes = std::fs::read(&f).unwrap();
        // Cut in the middle of the compressed data.
        let cut = &bytes[..bytes.len() / 2];
        let e = mine(cut, 65536, Options::default()).unwrap_err().to_string();
        assert!(e.starts_with("Cannot decompress the input:") && (e.contains("truncated") || e.contains("corrupted")), "{codec} cut: {e}");
        // Flip bytes in the middle.
        let mut bad = bytes.clone();
        let mid = bad.len() / 2;
        for b in &mut bad[mid..mid + 64] {
            *b ^= 0x5A;
        }
        match mine(&bad, 65536, Options::default()) {
            Err(e) => assert!(e.to_string().contains("corrupted") || e.to_string().contains("truncated"), "{codec}: {e}"),
            // A stored ZIP entry has no check of its own: its text changes, no more.
            Ok(p) => panic!("{codec}: corrupted data mined without an error: {} rows", p.rows),
        }
    }
}

#[test]
fn zip_archives_name_what_they_hold() {
    let d = dir("zip");
    let (a, b) = (d.0.join("first.csv"), d.0.join("second.csv"));
    std::fs::write(&a, "x,y\n1,2\n3,4\n").unwrap();
    std::fs::write(&b, "p\nq\n").unwrap();
    std::fs::create_dir_all(d.0.join("folder")).unwrap();
    std::fs::copy(&a, d.0.join("folder/inner.csv")).unwrap();
    let zip = |name: &str, args: &[&str]| {
        let f = d.0.join(name);
        assert!(Command::new("zip").arg("-q").arg(&f).args(args).current_dir(&d.0).status().unwrap().success());
        std::fs::read(f).unwrap()
    };
    // Two files: the first is mined, and a finding names the next.
    let two = zip("two.zip", &["first.csv", "second.csv"]);
    let p = mine(&two, 5, Options::default()).unwrap();
    assert_eq!(p.rows, 2);
    assert_eq!(p.compression.as_ref().unwrap().entry.as_deref(), Some("first.csv"));
    let f = p.findings.iter().find(|f| f.kind == "archive_entries").expect("archive_entries");
    assert!(f.message.contains("second.csv"), "{}", f.message);
    // A directory entry before the file is skipped.
    let nested = zip("nested.zip", &["-r", "folder"]);
    let p = mine(&nested, 3, Options::default()).unwrap();
    assert_eq!(p.compression.as_ref().unwrap().entry.as_deref(), Some("folder/inner.csv"));
    assert_eq!(p.rows, 2);
    // Only a directory.
    std::fs::create_dir_all(d.0.join("empty")).unwrap();
    let empty = zip("empty.zip", &["-r", "empty"]);
    let e = mine(&empty, 1 << 16, Options::default()).unwrap_err().to_string();
    assert!(e.contains("holds no file"), "{e}");
    // An Office document (an .xlsx is a ZIP whose first entry is [Content_Types].xml).
    std::fs::write(d.0.join("[Content_Types].xml"), "<Types/>").unwrap();
    let xlsx = zip("book.xlsx", &["[Content_Types].xml", "first.csv"]);
    let e = mine(&xlsx, 1 << 16, Options::default()).unwrap_err().to_string();
    assert!(e.contains("Office document"), "{e}");
    // Stored (zip -0) reads too; an encrypted entry is refused.
    let stored = zip("stored.zip", &["-0", "first.csv"]);
    assert_eq!(mine(&stored, 2, Options::default()).unwrap().rows, 2);
    let enc = zip("enc.zip", &["-P", "secret", "first.csv"]);
    let e = mine(&enc, 1 << 16, Options::default()).unwrap_err().to_string();
    assert!(e.contains("encrypted"), "{e}");
}

#[test]
fn a_bomb_is_a_finding_and_a_stop() {
    // 256 MiB of one repeated row, written by zstd at a ratio of several thousand.
    let d = dir("bomb");
    let row = b"1,2,3\n";
    let big = d.0.join("big.csv");
    {
        use std::io::Write;
        let mut f = std::io::BufWriter::new(std::fs::File::create(&big).unwrap());
        f.write_all(b"a,b,c\n").unwrap();
        let block = row.repeat(1 << 16);
        for _ in 0..(256 << 20) / block.len() {
            f.write_all(&block).unwrap();
        }
    }
    let zst = d.0.join("big.csv.zst");
    compress("zstd", &["-q", "-c", "-3"], &big, &zst);
    std::fs::remove_file(&big).unwrap();
    let bytes = std::fs::read(&zst).unwrap();
    assert!(bytes.len() < 1 << 20, "{}", bytes.len());
    let p = mine(&bytes, 1 << 16, Options::default()).unwrap();
    let c = p.compression.as_ref().unwrap();
    assert!(c.stopped);
    assert!(p.bytes < 100 << 20, "stopped after {} bytes", p.bytes);
    let f = &p.findings[0];
    assert_eq!(f.kind, "decompression_limit");
    assert!(f.message.contains("max_decompression_ratio"), "{}", f.message);
    // The absolute cap, and the option that lifts the ratio.
    let opts = Options { max_decompression_ratio: 1e9, max_decompressed_bytes: 5 << 20, ..Options::default() };
    let p = mine(&bytes, 1 << 16, opts).unwrap();
    assert!(p.compression.as_ref().unwrap().stopped);
    assert!(p.findings[0].message.contains("max_decompressed_bytes"));
    assert!(p.bytes >= 5 << 20 && p.bytes < 6 << 20);
    // The CLI stops reading, and exits 0 with the profile.
    let out = Command::new(BIN).args(["--compact", "--max-ratio", "50"]).arg(&zst).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["findings"][0]["kind"], "decompression_limit");
}

#[test]
fn the_option_forces_or_refuses_decompression() {
    let d = dir("opt");
    let csv = d.0.join("t.csv");
    std::fs::write(&csv, "a,b\n1,2\n").unwrap();
    let gz = d.0.join("t.csv.gz");
    compress("gzip", &["-c"], &csv, &gz);
    let bytes = std::fs::read(&gz).unwrap();
    let none = Options { compression: Some("none".into()), ..Options::default() };
    let e = mine(&bytes, 1 << 16, none).unwrap_err().to_string();
    assert!(e.contains("gzip-compressed"), "{e}");
    let forced = Options { compression: Some("gzip".into()), ..Options::default() };
    let p = mine(&bytes, 1 << 16, forced).unwrap();
    assert!(!p.compression.as_ref().unwrap().detected);
    assert_eq!(p.rows, 1);
    let wrong = Options { compression: Some("xz".into()), ..Options::default() };
    assert!(mine(&bytes, 1 << 16, wrong).unwrap_err().to_string().contains("xz"));
    assert!(Miner::new(Options { compression: Some("rar".into()), ..Options::default() }).is_err());
    // Shorter than the magic numbers: plain text.
    assert_eq!(mine(b"a\n1\n", 1, Options::default()).unwrap().rows, 1);
}
