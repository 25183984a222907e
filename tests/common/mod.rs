//! Helpers shared by integration tests (`mod common;`).
#![allow(dead_code)]

/// A small deterministic generator (Knuth's MMIX LCG), so test data needs no crate.
pub struct Lcg(pub u64);

impl Lcg {
    /// Uniform in [0, 1).
    pub fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }

    /// About normal (a sum of 12 uniforms).
    pub fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.next()).sum::<f64>() - 6.0
    }
}

/// Runs `script` (a fixture writer under tests/) with the reference writers' Python (the
/// bootstrap's `target/pyenv`, or `SLUICE_PYTHON`) into a new temporary directory named by `tag`,
/// with `args` after the directory; returns the directory.
pub fn python_fixtures(script: &str, tag: &str, args: &[&str]) -> std::path::PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let python = std::env::var_os("SLUICE_PYTHON").map(std::path::PathBuf::from).unwrap_or_else(|| root.join("target/pyenv/bin/python"));
    assert!(python.exists(), "{} is missing: run scripts/bootstrap.sh --browser (it installs the reference writers for these tests)", python.display());
    let d = std::env::temp_dir().join(format!("sluice-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    let st = std::process::Command::new(&python).arg(root.join(script)).arg(&d).args(args).status().unwrap();
    assert!(st.success(), "{script} failed");
    d
}

/// Where two profiles differ: numbers within `rel` (relative), everything else exactly.
/// `skip` lists object keys not compared (sketch estimates in large tests).
pub fn diff(a: &serde_json::Value, b: &serde_json::Value, path: &str, rel: f64, skip: &[&str], out: &mut Vec<String>) {
    match (a, b) {
        (serde_json::Value::Object(x), serde_json::Value::Object(y)) => {
            for k in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                if skip.contains(&k.as_str()) {
                    continue;
                }
                match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => diff(p, q, &format!("{path}.{k}"), rel, skip, out),
                    _ => out.push(format!("{path}.{k}: only on one side")),
                }
            }
        }
        (serde_json::Value::Array(x), serde_json::Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                diff(p, q, &format!("{path}[{i}]"), rel, skip, out);
            }
        }
        (serde_json::Value::Number(x), serde_json::Value::Number(y)) if x != y => {
            let (p, q) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            if (p - q).abs() > rel * p.abs().max(q.abs()).max(1.0) {
                out.push(format!("{path}: {p} vs {q}"));
            }
        }
        (serde_json::Value::String(x), serde_json::Value::String(y)) if x != y => {
            // Findings' messages quote rounded statistics; compare them when they differ.
            if !(path.ends_with(".message") && x.len() == y.len()) {
                out.push(format!("{path}: {x:?} vs {y:?}"));
            }
        }
        _ if a == b => {}
        _ => out.push(format!("{path}: {a} vs {b}")),
    }
}


/// Days since 1970-01-01 as (year, month, day) (Howard Hinnant's civil from days).
pub fn civil(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + (m <= 2) as i64, m, d)
}
