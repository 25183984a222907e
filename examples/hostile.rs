//! Writes the hostile-input corpus (tests/hostile/cases.rs) to a directory, with a
//! `manifest.json` of expected outcomes for the browser tests:
//! `cargo run --release --example hostile -- OUTDIR`.

#[path = "../tests/hostile/cases.rs"]
mod cases;

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect("usage: hostile OUTDIR"));
    std::fs::create_dir_all(&dir).expect("create OUTDIR");
    let mut manifest = Vec::new();
    for c in cases::cases() {
        let bytes = (c.bytes)();
        std::fs::write(dir.join(c.file), &bytes).expect("write case");
        manifest.push(serde_json::json!({
            "name": c.name,
            "file": c.file,
            "bytes": bytes.len(),
            "error": c.expect.error,
            "rows": c.expect.rows,
            "findings": c.expect.findings,
            "columns": c.expect.columns,
            // The documented heap bound for the expected number of columns (which excludes
            // the caller's chunk buffer).
            "heap_bound": sluice::miner::heap_bound(c.expect.columns.unwrap_or(1).max(1), &sluice::Options::default()),
        }));
    }
    std::fs::write(dir.join("manifest.json"), serde_json::to_string_pretty(&manifest).unwrap()).unwrap();
    eprintln!("hostile: {} cases in {}", manifest.len(), dir.display());
}
