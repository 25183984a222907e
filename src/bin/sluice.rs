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

exit codes: 0 profile printed, 2 bad usage or unreadable input";

struct Args {
    chunk_size: usize,
    workers: usize,
    compact: bool,
    files: Vec<String>,
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
    let mut files: Vec<String> = Vec::new();
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
            Value(v) => files.push(v.string().map_err(|_| "FILE is not UTF-8")?),
            other => return Err(other.unexpected().to_string()),
        }
    }
    if files.is_empty() {
        return Err("missing FILE (use - for standard input)".into());
    }
    let files = sluice::dataset::expand(&files).map_err(|e| e.to_string())?;
    if files.len() > 1 && files.iter().any(|f| f == "-") {
        return Err("standard input (-) cannot be one of several files".into());
    }
    opts.validate().map_err(|e| e.to_string())?;
    Ok(Some(Args { chunk_size, workers, compact, files, opts }))
}

fn run(mut args: Args) -> Result<(), String> {
    if args.files.len() > 1 {
        let profiles = sluice::dataset::mine_files(&args.files, args.opts, args.workers).map_err(|e| e.to_string())?;
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
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sluice: {e}");
            ExitCode::from(2)
        }
    }
}
