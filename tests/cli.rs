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

#[test]
fn workers_flag_mines_ranges_and_says_when_it_cannot() {
    // A file over two minimum ranges (8 MiB): mined by 2 workers, same profile.
    let dir = std::env::temp_dir().join(format!("sluice-cli-workers-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.csv");
    let mut s = String::from("id,name,score\n");
    let mut i = 0u64;
    while s.len() < 9 << 20 {
        s.push_str(&format!("{i},\"n{}, x\",{}.5\n", i % 977, i % 13));
        i += 1;
    }
    std::fs::write(&path, &s).unwrap();
    let p = path.to_str().unwrap();
    let (code, one, _) = run(&["--compact", p]);
    assert_eq!(code, 0);
    assert_eq!(one["workers"], 1);
    let (code, two, _) = run(&["--workers", "2", "--compact", p]);
    assert_eq!(code, 0);
    assert_eq!(two["workers"], 2);
    let strip = |v: serde_json::Value| {
        let mut v = data(v);
        let o = v.as_object_mut().unwrap();
        o.remove("workers");
        o.remove("parallel_note");
        // Means and correlations may differ in the last bits, and the quantile sketch of the
        // id column by its rank error (tests/parallel.rs checks those); the rest is exact.
        for c in o["columns"].as_array_mut().unwrap() {
            for k in ["mean", "std", "sum", "skewness", "kurtosis", "quantiles", "histogram"] {
                c.as_object_mut().unwrap().remove(k);
            }
        }
        o.remove("correlations");
        v
    };
    assert_eq!(strip(two.clone()), strip(one.clone()));
    for (a, b) in one["columns"].as_array().unwrap().iter().zip(two["columns"].as_array().unwrap()) {
        let (x, y) = (a["mean"].as_f64().unwrap_or(0.0), b["mean"].as_f64().unwrap_or(0.0));
        assert!((x - y).abs() <= 1e-9 * x.abs().max(1.0));
    }
    // A small file or standard input: one worker, and the profile says why.
    let (code, small, _) = run(&["--workers", "2", fixture().to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(small["workers"], 1);
    assert!(small["parallel_note"].as_str().unwrap().contains("smaller"));
    let mut child = Command::new(BIN).args(["--workers", "2", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(b"a,b\n1,2\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["parallel_note"].as_str().unwrap().contains("cannot be sliced"));
    let (code, _, err) = run(&["--workers", "x", p]);
    assert_eq!(code, 2);
    assert!(err.contains("--workers"));
    std::fs::remove_dir_all(&dir).unwrap();
}
