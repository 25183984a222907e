//! `sluice [OPTIONS] FILE` — mines FILE (or `-` for stdin) and prints its profile as JSON.

use std::io::Write;
use std::process::ExitCode;

use sluice::Options;

const USAGE: &str = "usage: sluice diff OLD NEW [--fail-on ...] | sluice [--chunk-size N] [--workers N] [--format csv|jsonl|json|xlsx|parquet] [--delimiter C] [--quote C|none] [--escape C|none] [--comment C|none] [--skip-lines N] [--line-ending lf|any] [--encoding E] [--header|--no-header] [--day-first true|false] [--decimal .|,] [--null-values A,B,...] [--memory-budget N] [--compression auto|none|gzip|zstd|bzip2|xz|zip] [--max-decompressed N] [--max-ratio R] [--sheet NAME|N|all] [--compact] FILE...|-";

const HELP: &str = "sluice — mine a CSV, JSON Lines, JSON, Excel or Parquet file (or a compressed one) and print its profile as JSON

usage: sluice [OPTIONS] FILE...|-

  FILE                 the file to mine; `-` reads standard input; gzip, zstd, bzip2, xz and
                       a ZIP holding one file are decompressed (detected by their first bytes);
                       an Excel workbook (.xlsx, .xlsm) is read sheet by sheet; a Parquet
                       file (PAR1, .parquet) footer first, then page by page
  FILE FILE ...        several files, a directory (its files, recursively, by name; names
                       starting with . or _ left out) or a glob ('part-*.csv'): files with the
                       same columns are one dataset, merged in file order into one profile
                       whose `files` lists them; files with other columns get their own
                       profiles (printed as a JSON array) with a `file_mismatch` finding
  --chunk-size N       read N bytes at a time (default 1048576; suffixes K, M, G allowed)
  --workers N          mine byte ranges of the file on N threads and merge them (default 1;
                       0: one per core); stdin and compressed files are mined in one pass
  --format F           csv, jsonl, json, xlsx or parquet (default: from the name: .jsonl/.ndjson are JSON Lines,
                       .csv/.tsv CSV; otherwise JSON Lines when the data starts with `{`)
  --delimiter C        field delimiter (default: detected among , tab ; | and, when every line
                       agrees, : and space); `tab` or `\\t` for tab, `space` for a space
  --quote C|none       quote character (default: detected, \" or '); none: quotes are data
  --escape C|none      escape character inside quotes besides a doubled quote, e.g. \\
                       (default: detected); none: doubled quotes only
  --comment C|none     lines starting with C are comments, skipped and counted (default:
                       detected among # and %); none: no comment lines
  --skip-lines N       lines before the table to skip (default: a preamble is detected)
  --line-ending lf|any lf: only \\n ends a line, a \\r is data; any (default): \\n, \\r\\n and \\r
  --encoding E         text encoding, a WHATWG label: utf-8, windows-1252, latin1, utf-16le,
                       utf-16be, shift_jis, ... (default: detected)
  --header             the first row names the columns (default: detected)
  --day-first true|false
                       numeric dates that read either way (01/02/2024) are day first or month
                       first (default: decided per column by the values that decide it)
  --decimal .|,        the decimal mark: 1,234 is 1.234 with `,` and 1234 with `.` (default:
                       decided per column)
  --null-values LIST   comma-separated null tokens replacing the default list (NA, N/A, NULL,
                       null, None, -, ., ?, \\N, #N/A, ...); empty fields are always null
  --no-header          the first row is data; columns are named column_1, column_2, ...
  --memory-budget N    bytes the statistics may hold (default 32M; 4M to 4G; suffixes K, M, G):
                       every statistic is exact while its state fits, estimated past it
  --compression C      auto (default: by the first bytes), none, gzip, zstd, bzip2, xz or zip
  --max-decompressed N stop after N decompressed bytes (default 1T; suffixes K, M, G, T)
  --max-ratio R        stop once the output is over R times the compressed bytes read, past
                       64 MiB (default 1000): a decompression bomb is a finding, not a hang
  --sheet NAME|N|all   Excel: the worksheet to mine, by name or position from 1 (default: the
                       first; a finding names the others); all: every worksheet, printed as a
                       JSON array of profiles, one per sheet
  --compact            print the JSON on one line (default: indented)
  -h, --help           this help
  -V, --version        the version

sluice diff OLD NEW [--fail-on GROUPS] [--threshold NAME=VALUE]... [OPTIONS]
                       what changed between two datasets, as a JSON diff: OLD and NEW are files
                       (or directories or globs, mined with the OPTIONS above) or saved profile
                       JSONs; schema (columns added, removed, renamed: a guess, retyped), per
                       column null rate, distinct, min/max, mean/std, quantiles, drift (PSI and
                       Kolmogorov-Smirnov from the histograms, with bounds), top values, new
                       and resolved findings, all ranked by severity
  --fail-on GROUPS     exit 1 when a change of a warning or an error is in one of these groups
                       (comma-separated): schema, drift, nulls, findings, categories, stats, rows
  --threshold N=V      a severity threshold (default): psi_warning (0.1), psi_error (0.25),
                       ks_warning (0.1), ks_error (0.25), null_rate_warning (0.05),
                       null_rate_error (0.2), share_warning (0.05), share_error (0.2),
                       mean_warning (0.5), mean_error (1; in old standard deviations), psi_bins (10)

exit codes: 0 profile (or diff) printed, 1 sluice diff: a --fail-on condition holds, 2 bad
usage or unreadable input";

// Several files (src/dataset.rs: threads, globs) need the native build; the wasm32 build of the
// CLI (made by `cargo test --target wasm32-unknown-unknown`) mines one file.
#[cfg(not(target_arch = "wasm32"))]
fn expand(args: &[String]) -> Result<Vec<String>, String> {
    sluice::dataset::expand(args).map_err(|e| e.to_string())
}

#[cfg(target_arch = "wasm32")]
fn expand(args: &[String]) -> Result<Vec<String>, String> {
    Ok(args.to_vec())
}

#[cfg(not(target_arch = "wasm32"))]
fn mine_files(files: &[String], opts: Options, workers: usize) -> Result<Vec<sluice::Profile>, String> {
    sluice::dataset::mine_files(files, opts, workers).map_err(|e| e.to_string())
}

#[cfg(target_arch = "wasm32")]
fn mine_files(_: &[String], _: Options, _: usize) -> Result<Vec<sluice::Profile>, String> {
    Err("several files are mined by the native build of sluice".into())
}

struct Args {
    chunk_size: usize,
    workers: usize,
    compact: bool,
    files: Vec<String>,
    opts: Options,
    /// `sluice diff OLD NEW`: the groups of `--fail-on`, and the thresholds.
    diff: Option<(Vec<String>, sluice::diff::DiffOptions)>,
}

fn parse_size(s: &str) -> Result<usize, String> {
    usize::try_from(parse_bytes(s, "--chunk-size")?).map_err(|_| format!("--chunk-size {s} is too large"))
}

fn parse_bytes(s: &str, flag: &str) -> Result<u64, String> {
    let (num, mult) = match s.as_bytes().last() {
        Some(b'k' | b'K') => (&s[..s.len() - 1], 1 << 10),
        Some(b'm' | b'M') => (&s[..s.len() - 1], 1 << 20),
        Some(b'g' | b'G') => (&s[..s.len() - 1], 1 << 30),
        Some(b't' | b'T') => (&s[..s.len() - 1], 1 << 40),
        _ => (s, 1),
    };
    match num.parse::<u64>() {
        Ok(n) if n > 0 => n.checked_mul(mult).ok_or_else(|| format!("{flag} {s} is too large")),
        _ => Err(format!("{flag} needs a positive number of bytes, got {s:?}")),
    }
}

fn parse_args() -> Result<Option<Args>, String> {
    use lexopt::prelude::*;
    let mut p = lexopt::Parser::from_env();
    let mut chunk_size = 1 << 20;
    let mut workers = 1;
    let mut compact = false;
    let mut files: Vec<String> = Vec::new();
    let mut opts = Options::default();
    let mut diff: Option<(Vec<String>, serde_json::Map<String, serde_json::Value>)> = None;
    while let Some(arg) = p.next().map_err(|e| e.to_string())? {
        match arg {
            Long("chunk-size") => {
                chunk_size = parse_size(&p.value().map_err(|e| e.to_string())?.string().map_err(|_| "--chunk-size is not UTF-8")?)?
            }
            Long("workers") => {
                let v = p.value().map_err(|e| e.to_string())?.string().map_err(|_| "--workers is not UTF-8")?;
                workers = match v.parse::<usize>() {
                    Ok(0) => std::thread::available_parallelism().map_or(1, |n| n.get()),
                    Ok(n) if n <= 256 => n,
                    _ => return Err(format!("--workers needs a number from 0 to 256, got {v:?}")),
                };
            }
            Long("delimiter") => {
                let v = p.value().map_err(|e| e.to_string())?.string().map_err(|_| "--delimiter is not UTF-8")?;
                let v = match v.as_str() {
                    "tab" | "\\t" => "\t".to_string(),
                    "space" => " ".to_string(),
                    _ => v,
                };
                opts.delimiter = Some(v);
            }
            Long("quote") | Long("escape") | Long("comment") => {
                let name = match &arg {
                    Long(n) => n.to_string(),
                    _ => unreachable!(),
                };
                let v = p.value().map_err(|e| e.to_string())?.string().map_err(|_| format!("--{name} is not UTF-8"))?;
                let v = if v == "none" { String::new() } else { v };
                match name.as_str() {
                    "quote" => opts.quote = Some(v),
                    "escape" => opts.escape = Some(v),
                    _ => opts.comment = Some(v),
                }
            }
            Long("skip-lines") => {
                let v = p.value().map_err(|e| e.to_string())?.string().map_err(|_| "--skip-lines is not UTF-8")?;
                opts.skip_lines = Some(v.parse::<u64>().map_err(|_| format!("--skip-lines needs a number of lines, got {v:?}"))?);
            }
            Long("line-ending") => {
                opts.line_ending = Some(p.value().map_err(|e| e.to_string())?.string().map_err(|_| "--line-ending is not UTF-8")?);
            }
            Long("encoding") => {
                opts.encoding = Some(p.value().map_err(|e| e.to_string())?.string().map_err(|_| "--encoding is not UTF-8")?);
            }
            Long("format") => {
                let v = p.value().map_err(|e| e.to_string())?.string().map_err(|_| "--format is not UTF-8")?;
                opts.format = Some(v);
            }
            Long("day-first") => {
                let v = p.value().map_err(|e| e.to_string())?.string().map_err(|_| "--day-first is not UTF-8")?;
                opts.day_first = Some(match v.as_str() {
                    "true" | "yes" => true,
                    "false" | "no" => false,
                    _ => return Err(format!("--day-first needs true or false, got {v:?}")),
                });
            }
            Long("decimal") => {
                opts.decimal = Some(p.value().map_err(|e| e.to_string())?.string().map_err(|_| "--decimal is not UTF-8")?);
            }
            Long("null-values") => {
                let v = p.value().map_err(|e| e.to_string())?.string().map_err(|_| "--null-values is not UTF-8")?;
                opts.null_values = Some(v.split(',').map(str::to_string).collect());
            }
            Long("no-header") => opts.has_header = Some(false),
            Long("header") => opts.has_header = Some(true),
            Long("memory-budget") => {
                let v = p.value().map_err(|e| e.to_string())?.string().map_err(|_| "--memory-budget is not UTF-8")?;
                opts.memory_budget_bytes = parse_bytes(&v, "--memory-budget")?;
            }
            Long("compression") => {
                opts.compression = Some(p.value().map_err(|e| e.to_string())?.string().map_err(|_| "--compression is not UTF-8")?);
            }
            Long("max-decompressed") => {
                let v = p.value().map_err(|e| e.to_string())?.string().map_err(|_| "--max-decompressed is not UTF-8")?;
                opts.max_decompressed_bytes = parse_bytes(&v, "--max-decompressed")?;
            }
            Long("max-ratio") => {
                let v = p.value().map_err(|e| e.to_string())?.string().map_err(|_| "--max-ratio is not UTF-8")?;
                opts.max_decompression_ratio = v.parse().map_err(|_| format!("--max-ratio needs a number, got {v:?}"))?;
            }
            Long("sheet") => {
                opts.sheet = Some(p.value().map_err(|e| e.to_string())?.string().map_err(|_| "--sheet is not UTF-8")?);
            }
            Long("compact") => compact = true,
            Long("fail-on") if diff.is_some() => {
                let v = p.value().map_err(|e| e.to_string())?.string().map_err(|_| "--fail-on is not UTF-8")?;
                for g in v.split(',').filter(|g| !g.is_empty()) {
                    if !sluice::diff::GROUPS.contains(&g) {
                        return Err(format!("--fail-on takes {}, got {g:?}", sluice::diff::GROUPS.join(",")));
                    }
                    diff.as_mut().unwrap().0.push(g.to_string());
                }
            }
            Long("threshold") if diff.is_some() => {
                let v = p.value().map_err(|e| e.to_string())?.string().map_err(|_| "--threshold is not UTF-8")?;
                let (k, x) = v.split_once('=').ok_or_else(|| format!("--threshold needs NAME=VALUE, got {v:?}"))?;
                let x: serde_json::Value = serde_json::from_str(x).map_err(|_| format!("--threshold {k} needs a number, got {x:?}"))?;
                diff.as_mut().unwrap().1.insert(k.to_string(), x);
            }
            Value(v) if files.is_empty() && diff.is_none() && v == "diff" => diff = Some((Vec::new(), serde_json::Map::new())),
            Short('h') | Long("help") => {
                println!("{HELP}");
                return Ok(None);
            }
            Short('V') | Long("version") => {
                println!("sluice {}", env!("CARGO_PKG_VERSION"));
                return Ok(None);
            }
            Value(v) => files.push(v.string().map_err(|_| "FILE is not UTF-8")?),
            other => return Err(other.unexpected().to_string()),
        }
    }
    if let Some((fail_on, thresholds)) = diff {
        if files.len() != 2 {
            return Err(format!("sluice diff needs OLD and NEW (two files or profile JSONs), got {}", files.len()));
        }
        let d: sluice::diff::DiffOptions =
            serde_json::from_value(serde_json::Value::Object(thresholds)).map_err(|e| format!("--threshold: {e}"))?;
        opts.validate().map_err(|e| e.to_string())?;
        return Ok(Some(Args { chunk_size, workers, compact, files, opts, diff: Some((fail_on, d)) }));
    }
    if files.is_empty() {
        return Err("missing FILE (use - for standard input)".into());
    }
    let files = expand(&files)?;
    if files.len() > 1 && files.iter().any(|f| f == "-") {
        return Err("standard input (-) cannot be one of several files".into());
    }
    opts.validate().map_err(|e| e.to_string())?;
    Ok(Some(Args { chunk_size, workers, compact, files, opts, diff: None }))
}

/// Whether the file at `path` is a saved profile: a JSON object with `sluice_version` and
/// `columns` among its keys (in any order). Read as a stream that keeps nothing, so a large
/// JSON data file costs a scan, not its size in memory.
fn is_profile(path: &str) -> bool {
    #[derive(serde::Deserialize)]
    struct Probe {
        sluice_version: Option<serde::de::IgnoredAny>,
        columns: Option<serde::de::IgnoredAny>,
    }
    let Ok(f) = std::fs::File::open(path) else { return false };
    let mut r = std::io::BufReader::new(f);
    let mut first = [0u8; 1];
    loop {
        match std::io::Read::read(&mut r, &mut first) {
            Ok(1) if first[0].is_ascii_whitespace() => continue,
            Ok(1) if first[0] == b'{' => break,
            _ => return false,
        }
    }
    let rest = std::io::Read::chain(&b"{"[..], r);
    match serde_json::Deserializer::from_reader(rest).into_iter::<Probe>().next() {
        Some(Ok(p)) => p.sluice_version.is_some() && p.columns.is_some(),
        // A profile cut short or damaged: read as one, to say so.
        Some(Err(e)) => e.is_eof() || e.is_syntax() && first_mib(path).windows(16).any(|w| w == b"\"sluice_version\""),
        None => false,
    }
}

fn first_mib(path: &str) -> Vec<u8> {
    let mut b = vec![0u8; 1 << 20];
    let n = std::fs::File::open(path).and_then(|mut f| sluice::file::fill(&mut f, &mut b)).unwrap_or(0);
    b.truncate(n);
    b
}

/// A saved profile, or the profile of mining the file(s).
fn load(path: &str, args: &Args) -> Result<serde_json::Value, String> {
    if is_profile(path) {
        let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        if len > 1 << 30 {
            return Err(format!("{path}: a profile of {len} bytes is too large to read"));
        }
        let raw = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
        let v: serde_json::Value = serde_json::from_slice(&raw).map_err(|e| format!("{path}: not a valid profile JSON: {e}"))?;
        sluice::diff::check_profile(&v).map_err(|e| format!("{path}: {e}"))?;
        return Ok(v);
    }
    let files = expand(&[path.to_string()])?;
    let profile = if files.len() > 1 {
        let mut ps = mine_files(&files, args.opts.clone(), args.workers)?;
        if ps.len() > 1 {
            return Err(format!("{path}: its files do not all have the same columns (mine it alone to see the {} datasets)", ps.len()));
        }
        ps.remove(0)
    } else {
        let mut o = args.opts.clone();
        o.format = sluice::file::format_for(&files[0], &o);
        match sluice::file::mine_path(&files[0], o, args.workers, args.chunk_size).map_err(|e| e.to_string())? {
            sluice::file::Mined::One(p) => p,
            sluice::file::Mined::Sheets(_) => return Err(format!("{path}: compare one sheet at a time (--sheet NAME)")),
        }
    };
    serde_json::to_value(&profile).map_err(|e| e.to_string())
}

/// `sluice diff OLD NEW`: prints the diff; exit 1 when a `--fail-on` group has a warning or
/// an error.
fn run_diff(args: &Args) -> Result<bool, String> {
    let (fail_on, dopts) = args.diff.as_ref().unwrap();
    let old = load(&args.files[0], args)?;
    let new = load(&args.files[1], args)?;
    let d = sluice::diff::diff(&old, &new, &args.files[0], &args.files[1], dopts)?;
    let out = std::io::stdout();
    let mut out = out.lock();
    let r = if args.compact { serde_json::to_writer(&mut out, &d) } else { serde_json::to_writer_pretty(&mut out, &d) };
    r.map_err(|e| format!("cannot write the diff: {e}"))?;
    let _ = writeln!(out);
    let failed: Vec<&sluice::diff::Change> =
        d.changes.iter().filter(|c| fail_on.iter().any(|g| g == c.group) && c.severity != sluice::profile::Severity::Info).collect();
    for c in &failed {
        eprintln!("sluice diff: {} ({}): {}", c.group, if c.severity == sluice::profile::Severity::Error { "error" } else { "warning" }, c.message);
    }
    Ok(!failed.is_empty())
}

fn run(mut args: Args) -> Result<(), String> {
    if args.files.len() > 1 {
        let profiles = mine_files(&args.files, args.opts, args.workers)?;
        if let [one] = profiles.as_slice() {
            return print(one, args.compact);
        }
        return print_all(&profiles, args.compact);
    }
    let file = args.files.remove(0);
    args.opts.format = sluice::file::format_for(&file, &args.opts);
    if file == "-" {
        if matches!(args.opts.format.as_deref(), Some("xlsx")) {
            return Err("an Excel workbook cannot be read from standard input (its parts are found by seeking): give its path".into());
        }
        if matches!(args.opts.format.as_deref(), Some("parquet")) {
            return Err("a Parquet file cannot be read from standard input (its footer is at the end and its pages are found by seeking): give its path".into());
        }
        let note = (args.workers > 1).then(|| "one worker: standard input cannot be sliced".to_string());
        let mut profile = sluice::file::mine_reader(&mut std::io::stdin().lock(), "-", args.opts, args.chunk_size).map_err(|e| e.to_string())?;
        profile.parallel_note = note;
        return print(&profile, args.compact);
    }
    match sluice::file::mine_path(&file, args.opts, args.workers, args.chunk_size).map_err(|e| e.to_string())? {
        sluice::file::Mined::One(profile) => print(&profile, args.compact),
        sluice::file::Mined::Sheets(profiles) => print_all(&profiles, args.compact),
    }
}

fn print_all(profiles: &[sluice::Profile], compact: bool) -> Result<(), String> {
    let out = std::io::stdout();
    let mut out = out.lock();
    let r = if compact { serde_json::to_writer(&mut out, profiles) } else { serde_json::to_writer_pretty(&mut out, profiles) };
    r.map_err(|e| format!("cannot write the profiles: {e}"))?;
    let _ = writeln!(out);
    Ok(())
}

fn print(profile: &sluice::Profile, compact: bool) -> Result<(), String> {
    let out = std::io::stdout();
    let mut out = out.lock();
    let r = if compact {
        serde_json::to_writer(&mut out, profile)
    } else {
        serde_json::to_writer_pretty(&mut out, profile)
    };
    r.map_err(|e| format!("cannot write the profile: {e}"))?;
    let _ = writeln!(out);
    Ok(())
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Some(a)) => a,
        Ok(None) => return ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sluice: {e} ({USAGE})");
            return ExitCode::from(2);
        }
    };
    if args.diff.is_some() {
        return match run_diff(&args) {
            Ok(false) => ExitCode::SUCCESS,
            Ok(true) => ExitCode::from(1),
            Err(e) => {
                eprintln!("sluice: {e}");
                ExitCode::from(2)
            }
        };
    }
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sluice: {e}");
            ExitCode::from(2)
        }
    }
}
