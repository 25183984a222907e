//! `sluice [OPTIONS] FILE` — mines FILE (or `-` for stdin) and prints its profile as JSON.

use std::io::{Read, Write};
use std::process::ExitCode;

use sluice::{Miner, Options};

const USAGE: &str = "usage: sluice [--chunk-size N] [--workers N] [--format csv|jsonl|json|xlsx|parquet] [--delimiter C] [--quote C|none] [--escape C|none] [--comment C|none] [--skip-lines N] [--line-ending lf|any] [--encoding E] [--header|--no-header] [--day-first true|false] [--decimal .|,] [--null-values A,B,...] [--memory-budget N] [--compression auto|none|gzip|zstd|bzip2|xz|zip] [--max-decompressed N] [--max-ratio R] [--sheet NAME|N|all] [--compact] FILE|-";

const HELP: &str = "sluice — mine a CSV, JSON Lines, JSON, Excel or Parquet file (or a compressed one) and print its profile as JSON

usage: sluice [OPTIONS] FILE|-

  FILE                 the file to mine; `-` reads standard input; gzip, zstd, bzip2, xz and
                       a ZIP holding one file are decompressed (detected by their first bytes);
                       an Excel workbook (.xlsx, .xlsm) is read sheet by sheet; a Parquet
                       file (PAR1, .parquet) footer first, then page by page
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

exit codes: 0 profile printed, 2 bad usage or unreadable input";

struct Args {
    chunk_size: usize,
    workers: usize,
    compact: bool,
    file: String,
    opts: Options,
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
    let mut file = None;
    let mut opts = Options::default();
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
            Short('h') | Long("help") => {
                println!("{HELP}");
                return Ok(None);
            }
            Short('V') | Long("version") => {
                println!("sluice {}", env!("CARGO_PKG_VERSION"));
                return Ok(None);
            }
            Value(v) if file.is_none() => file = Some(v.string().map_err(|_| "FILE is not UTF-8")?),
            other => return Err(other.unexpected().to_string()),
        }
    }
    let file = file.ok_or("missing FILE (use - for standard input)")?;
    if opts.format.is_none() && file != "-" {
        let head = file_head(&file);
        if sluice::format::xlsx::is_workbook(&head, Some(&file)) {
            opts.format = Some("xlsx".into());
        } else if is_parquet_file(&head, &file) {
            opts.format = Some("parquet".into());
        }
    }
    if opts.format.is_none() {
        opts.format = sluice::options::format_from_name(&file).map(String::from);
    }
    opts.validate().map_err(|e| e.to_string())?;
    Ok(Some(Args { chunk_size, workers, compact, file, opts }))
}

/// The first bytes of the file at `path` (empty when it cannot be read: the error comes later).
fn file_head(path: &str) -> Vec<u8> {
    let mut head = vec![0u8; 512];
    let Ok(mut f) = std::fs::File::open(path) else { return Vec::new() };
    let mut n = 0;
    while n < head.len() {
        match f.read(&mut head[n..]) {
            Ok(0) | Err(_) => break,
            Ok(k) => n += k,
        }
    }
    head.truncate(n);
    head
}

/// Whether the file is a Parquet file (by its first bytes and name).
fn is_parquet_file(head: &[u8], path: &str) -> bool {
    #[cfg(feature = "parquet")]
    return sluice::format::parquet::is_parquet(head, Some(path));
    #[cfg(not(feature = "parquet"))]
    return head.starts_with(b"PAR1") || path.to_ascii_lowercase().ends_with(".parquet");
}

/// Mines a Parquet file (read by seeking: the footer first, then the pages).
fn run_parquet(args: Args) -> Result<(), String> {
    if args.file == "-" {
        return Err("a Parquet file cannot be read from standard input (its footer is at the end and its pages are found by seeking): give its path".into());
    }
    #[cfg(not(feature = "parquet"))]
    return Err("this build of sluice was made without the Parquet reader (feature `parquet`)".into());
    #[cfg(feature = "parquet")]
    {
        let f = std::fs::File::open(&args.file).map_err(|e| format!("cannot open {}: {e}", args.file))?;
        if f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
            return Err(format!("cannot read {}: it is a directory", args.file));
        }
        let mut opts = args.opts;
        opts.format = None;
        let mut profile = sluice::format::parquet::mine_parquet(f, &opts, &mut |_| {}).map_err(|e| e.to_string())?;
        if args.workers > 1 {
            profile.parallel_note = Some("one worker: a Parquet file is read in one pass".to_string());
        }
        print(&profile, args.compact)
    }
}

/// Mines an Excel workbook: the sheet `--sheet` picks (the first by default), or all.
fn run_workbook(args: Args) -> Result<(), String> {
    use sluice::format::xlsx;
    if args.file == "-" {
        return Err("an Excel workbook cannot be read from standard input (its parts are found by seeking): give its path".into());
    }
    let f = std::fs::File::open(&args.file).map_err(|e| format!("cannot open {}: {e}", args.file))?;
    let choice = xlsx::SheetChoice::parse(args.opts.sheet.as_deref());
    let mut opts = args.opts;
    opts.format = None;
    let mut profiles = xlsx::mine_workbook(std::io::BufReader::with_capacity(1 << 16, f), &choice, &opts, &mut |_| {}).map_err(|e| e.to_string())?;
    if args.workers > 1 {
        for p in &mut profiles {
            p.parallel_note = Some("one worker: a sheet is read in one pass".to_string());
        }
    }
    if choice == xlsx::SheetChoice::All {
        let out = std::io::stdout();
        let mut out = out.lock();
        let r = if args.compact { serde_json::to_writer(&mut out, &profiles) } else { serde_json::to_writer_pretty(&mut out, &profiles) };
        r.map_err(|e| format!("cannot write the profiles: {e}"))?;
        let _ = writeln!(out);
        return Ok(());
    }
    print(&profiles[0], args.compact)
}

fn run(args: Args) -> Result<(), String> {
    if args.opts.format.as_deref() == Some("xlsx") {
        return run_workbook(args);
    }
    if args.opts.format.as_deref() == Some("parquet") {
        return run_parquet(args);
    }
    // (The CLI is native; the wasm32 build of this binary, made by `cargo test --target
    // wasm32-unknown-unknown`, mines in one pass.)
    #[cfg(not(target_arch = "wasm32"))]
    if args.workers > 1 && args.file != "-" {
        if std::fs::metadata(&args.file).map(|m| m.is_dir()).unwrap_or(false) {
            return Err(format!("cannot read {}: it is a directory", args.file));
        }
        let cfg = sluice::parallel::Config::with_workers(args.workers);
        let profile = sluice::parallel::mine_file_parallel(&args.file, args.opts, &cfg).map_err(|e| e.to_string())?;
        return print(&profile, args.compact);
    }
    let note = (args.workers > 1).then(|| "one worker: standard input cannot be sliced".to_string());
    let input: Box<dyn Read> = if args.file == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let f = std::fs::File::open(&args.file).map_err(|e| format!("cannot open {}: {e}", args.file))?;
        if f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
            return Err(format!("cannot read {}: it is a directory", args.file));
        }
        Box::new(f)
    };
    let mut input = input;
    let mut miner = Miner::new(args.opts).map_err(|e| e.to_string())?;
    let mut buf = vec![0u8; args.chunk_size];
    loop {
        // Fill the buffer (or reach the end), so the chunks are exactly --chunk-size bytes.
        let mut n = 0;
        while n < buf.len() {
            match input.read(&mut buf[n..]) {
                Ok(0) => break,
                Ok(k) => n += k,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(format!("cannot read {}: {e}", args.file)),
            }
        }
        if n == 0 {
            break;
        }
        miner.push(&buf[..n]).map_err(|e| e.to_string())?;
        if miner.done() {
            break;
        }
    }
    drop(buf);
    let mut profile = miner.finish().map_err(|e| e.to_string())?;
    profile.parallel_note = note;
    print(&profile, args.compact)
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
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sluice: {e}");
            ExitCode::from(2)
        }
    }
}
