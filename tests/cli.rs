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
    // A path names its file; standard input has none.
    v.as_object_mut().unwrap().remove("files");
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
    let (code, mut from_gz, _) = run(&[gz.to_str().unwrap()]);
    assert_eq!(code, 0);
    let c = from_gz.as_object_mut().unwrap().remove("compression").unwrap();
    assert_eq!(c["codec"], "gzip");
    let mut from_stdin = from_stdin;
    assert_eq!(from_stdin.as_object_mut().unwrap().remove("compression"), Some(serde_json::Value::Null));
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
    // At the default budget (32 MiB) the id column's tables do not all fit: what is estimated
    // is within its stated error, 1 worker or 2.
    let (code, small1, _) = run(&["--compact", p]);
    assert_eq!(code, 0);
    let (code, small2, _) = run(&["--workers", "2", "--compact", p]);
    assert_eq!(code, 0);
    for v in [&small1, &small2] {
        let rows = v["rows"].as_u64().unwrap();
        let id = &v["columns"][0];
        let rse = id["distinct_error"].as_f64().unwrap();
        let d = id["distinct"].as_u64().unwrap() as f64;
        assert!((d - rows as f64).abs() <= 4.0 * rse * rows as f64 + 1.0, "distinct {d} of {rows} (rse {rse})");
        assert_eq!(v["duplicate_rows_exact"].as_bool().unwrap(), v["duplicate_rows_error"] == 0);
        assert!(v["duplicate_rows"].as_u64().unwrap() <= v["duplicate_rows_error"].as_u64().unwrap());
        assert!(v["findings"].as_array().unwrap().iter().any(|f| f["kind"] == "estimated_statistics"));
    }
    // With a budget that holds every table, 1 and 2 workers agree on everything exact, which is
    // now everything but the moments' last bits.
    let (code, one, _) = run(&["--compact", "--memory-budget", "256M", p]);
    assert_eq!(code, 0);
    assert_eq!(one["workers"], 1);
    assert_eq!(one["memory_budget_bytes"], 256 << 20);
    let (code, two, _) = run(&["--workers", "2", "--compact", "--memory-budget", "256M", p]);
    assert_eq!(code, 0);
    assert_eq!(two["workers"], 2);
    let strip = |v: serde_json::Value| {
        let mut v = data(v);
        let o = v.as_object_mut().unwrap();
        o.remove("workers");
        o.remove("parallel_note");
        // Means and correlations may differ in the last bits (tests/parallel.rs checks
        // those); the rest is exact, quantiles and histograms included.
        for c in o["columns"].as_array_mut().unwrap() {
            assert_eq!(c["distinct_exact"], true);
            assert_eq!(c["quantiles_exact"], true);
            for k in ["mean", "std", "sum", "skewness", "kurtosis"] {
                c.as_object_mut().unwrap().remove(k);
            }
        }
        o.remove("correlations");
        // So may associations (tests/relations.rs compares them to 1e-9).
        o.remove("associations");
        v
    };
    assert_eq!(one["duplicate_rows_exact"], true);
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

#[test]
fn several_files_a_directory_or_a_glob_are_one_dataset() {
    let dir = std::env::temp_dir().join(format!("sluice-cli-files-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("shards")).unwrap();
    let raw = std::fs::read_to_string(fixture()).unwrap();
    let (header, body) = raw.split_once('\n').unwrap();
    let lines: Vec<&str> = body.lines().collect();
    // After the fifth record (its note has a line break: six physical lines).
    let (a, b) = lines.split_at(6);
    std::fs::write(dir.join("shards/part-0.csv"), format!("{header}\n{}\n", a.join("\n"))).unwrap();
    std::fs::write(dir.join("shards/part-1.csv"), format!("{header}\n{}\n", b.join("\n"))).unwrap();
    std::fs::write(dir.join("shards/_SUCCESS"), "").unwrap();
    let whole = run(&["--compact", fixture().to_str().unwrap()]).1;
    let d = dir.join("shards");
    let glob = format!("{}/part-*.csv", d.display());
    for args in [vec![d.join("part-0.csv").to_str().unwrap().to_string(), d.join("part-1.csv").to_str().unwrap().to_string()], vec![d.to_str().unwrap().to_string()], vec![glob]] {
        let args: Vec<&str> = std::iter::once("--compact").chain(args.iter().map(String::as_str)).collect();
        let (code, p, err) = run(&args);
        assert_eq!(code, 0, "{err}");
        let files = p["files"].as_array().unwrap();
        assert_eq!(files.len(), 2, "{args:?}");
        assert_eq!(files[0]["rows"].as_u64().unwrap() + files[1]["rows"].as_u64().unwrap(), 12);
        assert_eq!(files[1]["line_offset"], 6);
        // Counts, nulls, types, extremes, top values and line numbers are those of the one
        // file; the head-based parts (dialect report, pair candidates) are the first file's.
        for k in ["rows", "lines", "blank_rows", "duplicate_rows", "missing", "keys"] {
            assert_eq!(p[k], whole[k], "{args:?}: {k}");
        }
        for (a, b) in p["columns"].as_array().unwrap().iter().zip(whole["columns"].as_array().unwrap()) {
            for k in ["name", "type", "count", "nulls", "distinct", "min", "max", "top", "quantiles", "histogram", "outliers"] {
                assert_eq!(a[k], b[k], "{args:?}: {} {k}", a["name"]);
            }
        }
        let kinds = |v: &serde_json::Value| v["findings"].as_array().unwrap().iter().filter(|f| f["kind"] != "strong_association").map(|f| (f["kind"].clone(), f["lines"].clone())).collect::<Vec<_>>();
        assert_eq!(kinds(&p), kinds(&whole), "{args:?}");
    }
    // Other columns: a JSON array of profiles, each with a finding.
    std::fs::write(dir.join("other.csv"), "x,y\n1,2\n").unwrap();
    let (code, p, _) = run(&["--compact", d.join("part-0.csv").to_str().unwrap(), dir.join("other.csv").to_str().unwrap()]);
    assert_eq!(code, 0);
    let ps = p.as_array().unwrap();
    assert_eq!(ps.len(), 2);
    assert!(ps[1]["findings"][0]["message"].as_str().unwrap().contains("no column"), "{}", ps[1]["findings"][0]);
    let (code, _, err) = run(&[&format!("{}/nothing-*.csv", d.display())]);
    assert_eq!(code, 2);
    assert!(err.contains("no file matches"), "{err}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn diff_exit_codes_and_saved_profiles() {
    let dir = std::env::temp_dir().join(format!("sluice-cli-diff-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, shift: u32, drop_note: bool| {
        let mut s = String::from(if drop_note { "id,amount\n" } else { "id,amount,note\n" });
        for i in 0..2000u32 {
            let amount = (i * 7919 % 1000) + shift;
            s.push_str(&if drop_note { format!("{i},{amount}\n") } else { format!("{i},{amount},n{}\n", i % 3) });
        }
        let p = dir.join(name);
        std::fs::write(&p, s).unwrap();
        p.to_string_lossy().into_owned()
    };
    let old = write("old.csv", 0, false);
    let drifted = write("drifted.csv", 400, false);
    let schema = write("schema.csv", 0, true);
    // A saved profile compares as the file it is of.
    let (_, saved, _) = run(&[&old]);
    let saved_path = dir.join("old.profile.json");
    std::fs::write(&saved_path, serde_json::to_vec_pretty(&saved).unwrap()).unwrap();
    let saved_path = saved_path.to_string_lossy().into_owned();

    let (code, d, err) = run(&["diff", &old, &saved_path, "--fail-on", "schema,drift,nulls,findings"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(d["severity"], "none");
    assert_eq!(d["changes"].as_array().unwrap().len(), 0);

    let (code, d, err) = run(&["diff", "--fail-on", "drift", &saved_path, &drifted]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("drift (error)"), "{err}");
    let amount = d["columns"].as_array().unwrap().iter().find(|c| c["name"] == "amount").unwrap();
    assert!(amount["psi"]["value"].as_f64().unwrap() > 0.25);
    // Without --fail-on, or failing on other groups, the same diff exits 0.
    assert_eq!(run(&["diff", &old, &drifted]).0, 0);
    assert_eq!(run(&["diff", "--fail-on", "schema", &old, &drifted]).0, 0);
    assert_eq!(run(&["diff", "--fail-on", "schema", &old, &schema]).0, 1);
    // A threshold raised past the drift: exit 0.
    assert_eq!(run(&["diff", "--fail-on", "drift", "--threshold", "psi_warning=100", "--threshold", "psi_error=100", "--threshold", "ks_warning=2", "--threshold", "ks_error=2", &old, &drifted]).0, 0);

    // Bad usage and bad profiles: exit 2 with one line.
    let corrupt = dir.join("corrupt.json");
    std::fs::write(&corrupt, "{\"sluice_version\": \"0.1.0\", \"columns\": [").unwrap();
    let newer = dir.join("newer.json");
    let mut v = saved.clone();
    v["profile_version"] = 99.into();
    std::fs::write(&newer, serde_json::to_vec(&v).unwrap()).unwrap();
    let (corrupt, newer) = (corrupt.to_string_lossy().into_owned(), newer.to_string_lossy().into_owned());
    for (args, says) in [
        (vec!["diff", old.as_str()], "needs OLD and NEW"),
        (vec!["diff", old.as_str(), drifted.as_str(), "--fail-on", "everything"], "--fail-on takes"),
        (vec!["diff", old.as_str(), drifted.as_str(), "--threshold", "bogus=1"], "bogus"),
        (vec!["diff", old.as_str(), corrupt.as_str()], "not a valid profile JSON"),
        (vec!["diff", newer.as_str(), old.as_str()], "newer than this Sluice reads"),
        (vec!["--fail-on", "drift", old.as_str()], "--fail-on"),
    ] {
        let (code, _, err) = run(&args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
    std::fs::remove_dir_all(dir).ok();
}
