//! Deterministic synthetic CSV for tests and benchmarks:
//! `cargo run --release --example gen -- --size 1GB [--seed N] [--jsonl] OUT.csv` (`-` for
//! stdout). `--jsonl` writes the JSON Lines twin: the same rows (same seed, same values), one
//! object per line, a missing score as `null`.
//!
//! Nine mixed columns like the peers' benchmark file: int id, timestamp, skewed user ids,
//! 20 countries, log-normal amounts, small ints, floats with 5% nulls, booleans, and text with
//! quoted commas, doubled quotes, newlines and unicode. The same seed and size give the same bytes.

use std::io::{BufWriter, Write};

use sluice::sketch::SplitMix64;

/// The library's deterministic generator, plus what the generator needs on top.
struct Rng(SplitMix64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0.next_u64()
    }
    fn unit(&mut self) -> f64 {
        self.0.unit()
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn normal(&mut self) -> f64 {
        self.0.normal()
    }
}

const COUNTRIES: [&str; 20] = [
    "US", "DE", "FR", "GB", "JP", "CN", "IN", "BR", "CA", "AU", "ES", "IT", "NL", "SE", "PL", "MX", "KR", "ZA", "NG", "AR",
];
const WORDS: [&str; 16] = [
    "data", "stream", "quick", "brown", "fox", "Zoë", "naïve", "café", "日本", "Ünïcödé", "river", "sluice", "gate",
    "flow", "bounded", "memory",
];

fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim().to_ascii_uppercase();
    let (num, mult) = if let Some(n) = s.strip_suffix("GB") {
        (n, 1_000_000_000)
    } else if let Some(n) = s.strip_suffix("MB") {
        (n, 1_000_000)
    } else if let Some(n) = s.strip_suffix("KB") {
        (n, 1_000)
    } else {
        (s.as_str(), 1)
    };
    num.parse::<f64>().ok().map(|n| (n * mult as f64) as u64)
}

fn main() {
    let mut size = 100_000_000u64;
    let mut seed = 42u64;
    let mut out = None;
    let mut jsonl = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--size" => size = args.next().and_then(|s| parse_size(&s)).expect("--size N[KB|MB|GB]"),
            "--seed" => seed = args.next().and_then(|s| s.parse().ok()).expect("--seed N"),
            "--jsonl" => jsonl = true,
            _ => out = Some(a),
        }
    }
    let out = out.expect("usage: gen [--size 1GB] [--seed N] [--jsonl] OUT|-");
    let sink: Box<dyn Write> =
        if out == "-" { Box::new(std::io::stdout().lock()) } else { Box::new(std::fs::File::create(&out).expect("create OUT")) };
    let mut w = BufWriter::with_capacity(1 << 20, sink);
    let (written, rows) = if jsonl { generate_jsonl(&mut w, size, seed) } else { generate(&mut w, size, seed) };
    w.flush().unwrap();
    eprintln!("gen: {written} bytes, {rows} rows");
}

/// Writes the header and rows until at least `size` bytes are written; returns (bytes, rows).
/// Also used by `benches/hot_path.rs`, which includes this file as a module.
pub fn generate(w: &mut impl Write, size: u64, seed: u64) -> (u64, u64) {
    generate_as(w, size, seed, false)
}

/// The JSON Lines twin of [`generate`]: the same rows (as many as the CSV of `size`), as objects.
#[allow(dead_code)]
pub fn generate_jsonl(w: &mut impl Write, size: u64, seed: u64) -> (u64, u64) {
    generate_as(w, size, seed, true)
}

/// One row's values, drawn in a fixed order (the CSV bytes depend on it).
struct Row {
    id: u64,
    ts: String,
    user: u64,
    country: &'static str,
    amount: f64,
    qty: u64,
    score: Option<f64>,
    active: bool,
    /// The comment's text (unquoted), and whether the CSV writes it quoted as it is.
    comment: String,
}

fn draw(rng: &mut Rng, id: u64) -> Row {
    let t0: i64 = 1_672_531_200; // 2023-01-01T00:00:00Z
    let ts = t0 + rng.below(2 * 365 * 86_400) as i64;
    let (days, secs) = (ts.div_euclid(86_400), ts.rem_euclid(86_400));
    let (y, m, d) = civil(days);
    let ts = format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs / 60 % 60, secs % 60);
    // Skewed user ids: a Zipf-like power law over 1..1e6.
    let user = (1_000_000f64.powf(rng.unit().powi(3))) as u64;
    let country = COUNTRIES[(rng.unit().powi(2) * 20.0) as usize];
    let amount = (3.0 + 1.2 * rng.normal()).exp();
    let qty = rng.below(10) + 1;
    let score = (rng.below(20) != 0).then(|| rng.normal() * 15.0 + 50.0);
    let active = rng.below(3) != 0;
    let comment = match rng.below(10) {
        0 => "line one\nline two, with a comma".to_string(),
        1 => format!("she said \"{}\"", WORDS[rng.below(16) as usize]),
        2 => String::new(),
        _ => {
            let n = 1 + rng.below(6);
            (0..n).map(|_| WORDS[rng.below(16) as usize]).collect::<Vec<_>>().join(" ")
        }
    };
    Row { id, ts, user, country, amount, qty, score, active, comment }
}

/// The rows stop once the CSV form reaches `size` bytes, so the JSON Lines twin of a size has
/// exactly the CSV's rows. Returns (bytes written, rows).
fn generate_as(w: &mut impl Write, size: u64, seed: u64, jsonl: bool) -> (u64, u64) {
    use std::fmt::Write as _;
    let mut rng = Rng(SplitMix64(seed));
    let header = "id,ts,user_id,country,amount,qty,score,active,comment\n";
    let mut csv_bytes = header.len() as u64;
    let mut written = 0u64;
    if !jsonl {
        w.write_all(header.as_bytes()).unwrap();
        written = csv_bytes;
    }
    let (mut line, mut json) = (String::with_capacity(512), String::with_capacity(512));
    let mut id = 0u64;
    while csv_bytes < size {
        id += 1;
        let r = draw(&mut rng, id);
        line.clear();
        let _ = write!(line, "{},{},{},{},{:.2},{},", r.id, r.ts, r.user, r.country, r.amount, r.qty);
        if let Some(s) = r.score {
            let _ = write!(line, "{s:.4}");
        }
        line.push_str(if r.active { ",true," } else { ",false," });
        if r.comment.contains(['"', '\n', ',']) {
            line.push('"');
            line.push_str(&r.comment.replace('"', "\"\""));
            line.push('"');
        } else {
            line.push_str(&r.comment);
        }
        line.push('\n');
        csv_bytes += line.len() as u64;
        let out = if jsonl {
            json.clear();
            let _ = write!(
                json,
                "{{\"id\":{},\"ts\":\"{}\",\"user_id\":{},\"country\":\"{}\",\"amount\":{:.2},\"qty\":{},\"score\":",
                r.id, r.ts, r.user, r.country, r.amount, r.qty
            );
            match r.score {
                Some(s) => {
                    let _ = write!(json, "{s:.4}");
                }
                None => json.push_str("null"),
            }
            let _ = write!(json, ",\"active\":{},\"comment\":", r.active);
            if r.comment.is_empty() {
                json.push_str("null");
            } else {
                json.push('"');
                for c in r.comment.chars() {
                    match c {
                        '"' => json.push_str("\\\""),
                        '\n' => json.push_str("\\n"),
                        c => json.push(c),
                    }
                }
                json.push('"');
            }
            json.push_str("}\n");
            &json
        } else {
            &line
        };
        w.write_all(out.as_bytes()).unwrap();
        written += out.len() as u64;
    }
    (written, id)
}

fn civil(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = (z - era * 146_097) as u64;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe as i64 + era * 400 + (m <= 2) as i64;
    (y, m, d)
}
