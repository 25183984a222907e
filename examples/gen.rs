//! Deterministic synthetic CSV for tests and benchmarks:
//! `cargo run --release --example gen -- --size 1GB [--seed N] OUT.csv` (`-` for stdout).
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
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--size" => size = args.next().and_then(|s| parse_size(&s)).expect("--size N[KB|MB|GB]"),
            "--seed" => seed = args.next().and_then(|s| s.parse().ok()).expect("--seed N"),
            _ => out = Some(a),
        }
    }
    let out = out.expect("usage: gen [--size 1GB] [--seed N] OUT.csv|-");
    let sink: Box<dyn Write> =
        if out == "-" { Box::new(std::io::stdout().lock()) } else { Box::new(std::fs::File::create(&out).expect("create OUT")) };
    let mut w = BufWriter::with_capacity(1 << 20, sink);
    let (written, rows) = generate(&mut w, size, seed);
    w.flush().unwrap();
    eprintln!("gen: {written} bytes, {rows} rows");
}

/// Writes the header and rows until at least `size` bytes are written; returns (bytes, rows).
/// Also used by `benches/hot_path.rs`, which includes this file as a module.
pub fn generate(w: &mut impl Write, size: u64, seed: u64) -> (u64, u64) {
    let mut rng = Rng(SplitMix64(seed));
    let header = "id,ts,user_id,country,amount,qty,score,active,comment\n";
    w.write_all(header.as_bytes()).unwrap();
    let mut written = header.len() as u64;
    let mut line = String::with_capacity(512);
    let t0: i64 = 1_672_531_200; // 2023-01-01T00:00:00Z
    let mut id = 0u64;
    while written < size {
        id += 1;
        line.clear();
        use std::fmt::Write as _;
        let ts = t0 + rng.below(2 * 365 * 86_400) as i64;
        let (days, secs) = (ts.div_euclid(86_400), ts.rem_euclid(86_400));
        let (y, m, d) = civil(days);
        // Skewed user ids: a Zipf-like power law over 1..1e6.
        let user = (1_000_000f64.powf(rng.unit().powi(3))) as u64;
        let country = COUNTRIES[(rng.unit().powi(2) * 20.0) as usize];
        let amount = (3.0 + 1.2 * rng.normal()).exp();
        let qty = rng.below(10) + 1;
        let _ = write!(
            line,
            "{id},{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z,{user},{country},{amount:.2},{qty},",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        );
        if rng.below(20) != 0 {
            let _ = write!(line, "{:.4}", rng.normal() * 15.0 + 50.0);
        }
        line.push_str(if rng.below(3) == 0 { ",false," } else { ",true," });
        match rng.below(10) {
            0 => line.push_str("\"line one\nline two, with a comma\""),
            1 => {
                let _ = write!(line, "\"she said \"\"{}\"\"\"", WORDS[rng.below(16) as usize]);
            }
            2 => {}
            _ => {
                let n = 1 + rng.below(6);
                for i in 0..n {
                    if i > 0 {
                        line.push(' ');
                    }
                    line.push_str(WORDS[rng.below(16) as usize]);
                }
            }
        }
        line.push('\n');
        w.write_all(line.as_bytes()).unwrap();
        written += line.len() as u64;
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
