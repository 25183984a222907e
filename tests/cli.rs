//! The `sluice` binary: output, chunk sizes, stdin, gzip, errors.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_sluice");

fn fixture() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/people.csv")
}

fn run(args: &[&str]) -> (i32, serde_json::Value, String) {
    let out = Command::new(BIN).args(args).output().unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out.status.code().unwrap(), json, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn data(mut v: serde_json::Value) -> serde_json::Value {
    v.as_object_mut().unwrap().remove("memory");
    v
}

#[test]
fn prints_the_profile_and_is_the_same_for_any_chunk_size() {
    let f = fixture();
    let f = f.to_str().unwrap();
    let (code, p, _) = run(&[f]);
    assert_eq!(code, 0);
    assert_eq!(p["rows"], 12);
    assert!(p["memory"]["peak_heap_bytes"].as_u64().unwrap() > 0);
    for cs in ["1", "7", "64K"] {
        let (code, q, _) = run(&["--chunk-size", cs, "--compact", f]);
        assert_eq!(code, 0);
        assert_eq!(data(q), data(p.clone()), "chunk size {cs}");
    }
}

#[test]
fn reads_stdin_and_gzip() {
    let raw = std::fs::read(fixture()).unwrap();
    let mut child = Command::new(BIN).arg("-").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(&raw).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let from_stdin: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();

    let dir = std::env::temp_dir().join(format!("sluice-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let gz = dir.join("people.csv.gz");
    let mut enc = flate2::write::GzEncoder::new(std::fs::File::create(&gz).unwrap(), flate2::Compression::default());
    enc.write_all(&raw).unwrap();
    enc.finish().unwrap();
    let (code, from_gz, _) = run(&[gz.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(data(from_gz), data(from_stdin));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn bad_usage_and_unreadable_files_exit_2_with_one_line() {
    for args in [&[][..], &["--chunk-size", "0", "x.csv"], &["--bogus", "x.csv"], &["/nonexistent/file.csv"], &["/"], &["a", "b"]] {
        let (code, _, err) = run(args);
        assert_eq!(code, 2, "{args:?}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.starts_with("sluice: "), "{err}");
    }
}
