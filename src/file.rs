//! Mining a file on disk by its path, as the CLI does (and the Python package, on the same
//! code): the format from the file's first bytes and its name, then one of three paths: an
//! Excel workbook sheet by sheet, a Parquet file footer first, any other file in one pass or in
//! byte ranges on several threads (`crate::parallel`).

use std::io::Read;

use crate::{Error, Miner, Options, Profile};

/// What a file gave: one profile, or one per worksheet (an Excel workbook with `sheet: "all"`).
#[derive(Debug)]
pub enum Mined {
    One(Profile),
    Sheets(Vec<Profile>),
}

/// The first bytes of the file at `path` (empty when it cannot be read: the error comes later).
pub fn file_head(path: &str) -> Vec<u8> {
    let mut head = vec![0u8; 512];
    let Ok(mut f) = std::fs::File::open(path) else { return Vec::new() };
    let n = fill(&mut f, &mut head).unwrap_or(0);
    head.truncate(n);
    head
}

/// Whether the file is a Parquet file (by its first bytes and name).
fn is_parquet_file(head: &[u8], path: &str) -> bool {
    #[cfg(feature = "parquet")]
    return crate::format::parquet::is_parquet(head, Some(path));
    #[cfg(not(feature = "parquet"))]
    return head.starts_with(b"PAR1") || path.to_ascii_lowercase().ends_with(".parquet");
}

/// The format a file is read as when the options do not say: `xlsx` or `parquet` by the first
/// bytes and the name, else from the name (`crate::options::format_from_name`); `-` (standard
/// input) only by name.
pub fn format_for(path: &str, opts: &Options) -> Option<String> {
    if opts.format.is_some() {
        return opts.format.clone();
    }
    if path != "-" {
        let head = file_head(path);
        if crate::format::xlsx::is_workbook(&head, Some(path)) {
            return Some("xlsx".into());
        }
        if is_parquet_file(&head, path) {
            return Some("parquet".into());
        }
    }
    crate::options::format_from_name(path).map(String::from)
}

fn open(path: &str) -> Result<std::fs::File, Error> {
    let f = std::fs::File::open(path).map_err(|e| Error::Input(format!("cannot open {path}: {e}")))?;
    if f.metadata().map(|m| m.is_dir()).unwrap_or(false) {
        return Err(Error::Input(format!("cannot read {path}: it is a directory")));
    }
    Ok(f)
}

/// Mines the file at `path` (its format decided by [`format_for`] when `opts.format` is
/// unset) with `workers` threads (byte ranges, `crate::parallel`; a workbook, a Parquet file
/// and a compressed file are read in one pass, and the profile's `parallel_note` says so),
/// reading `chunk_size` bytes at a time in one pass.
pub fn mine_path(path: &str, opts: Options, workers: usize, chunk_size: usize) -> Result<Mined, Error> {
    let mut mined = mine_path_unnamed(path, opts, workers, chunk_size)?;
    match &mut mined {
        Mined::One(p) => name_file(p, path),
        Mined::Sheets(ps) => ps.iter_mut().for_each(|p| name_file(p, path)),
    }
    Ok(mined)
}

/// Lists the one file a profile is of in its `files` (see `Profile::files`).
pub fn name_file(p: &mut Profile, name: &str) {
    if !p.files.is_empty() {
        return;
    }
    p.files.push(crate::profile::SourceFile {
        name: name.to_string(),
        format: Some(p.format),
        compression: p.compression.as_ref().map(|c| c.codec),
        bytes: p.bytes,
        rows: p.rows,
        first_line: 1,
        last_line: p.lines.max(1),
        line_offset: 0,
    });
}

fn mine_path_unnamed(path: &str, mut opts: Options, workers: usize, chunk_size: usize) -> Result<Mined, Error> {
    opts.format = format_for(path, &opts);
    match opts.format.as_deref() {
        Some("xlsx") => {
            use crate::format::xlsx;
            let f = open(path)?;
            let choice = xlsx::SheetChoice::parse(opts.sheet.as_deref());
            opts.format = None;
            let mut profiles = xlsx::mine_workbook(std::io::BufReader::with_capacity(1 << 16, f), &choice, &opts, &mut |_, _| {})?;
            if workers > 1 {
                for p in &mut profiles {
                    p.parallel_note = Some("one worker: a sheet is read in one pass".to_string());
                }
            }
            if choice == xlsx::SheetChoice::All {
                return Ok(Mined::Sheets(profiles));
            }
            Ok(Mined::One(profiles.swap_remove(0)))
        }
        Some("parquet") => {
            #[cfg(not(feature = "parquet"))]
            return Err(Error::Input("this build of sluice was made without the Parquet reader (feature `parquet`)".into()));
            #[cfg(feature = "parquet")]
            {
                let f = open(path)?;
                opts.format = None;
                let mut profile = crate::format::parquet::mine_parquet(f, &opts, &mut |_, _| {})?;
                if workers > 1 {
                    profile.parallel_note = Some("one worker: a Parquet file is read in one pass".to_string());
                }
                Ok(Mined::One(profile))
            }
        }
        // (The wasm32 build of the CLI, made by `cargo test --target wasm32-unknown-unknown`,
        // mines in one pass.)
        #[cfg(not(target_arch = "wasm32"))]
        _ if workers > 1 => {
            open(path)?;
            let cfg = crate::parallel::Config::with_workers(workers);
            Ok(Mined::One(crate::parallel::mine_file_parallel(path, opts, &cfg)?))
        }
        _ => {
            let mut f = open(path)?;
            mine_reader(&mut f, path, opts, chunk_size).map(Mined::One)
        }
    }
}

/// Mines everything `input` gives in one pass, `chunk_size` bytes at a time (`name` is the
/// input's name in read errors).
pub fn mine_reader(input: &mut dyn Read, name: &str, opts: Options, chunk_size: usize) -> Result<Profile, Error> {
    let mut miner = Miner::new(opts)?;
    let mut buf = vec![0u8; chunk_size.max(1)];
    loop {
        // Fill the buffer (or reach the end), so the chunks are exactly `chunk_size` bytes.
        let n = fill(input, &mut buf).map_err(|e| Error::Input(format!("cannot read {name}: {e}")))?;
        if n == 0 {
            break;
        }
        miner.push(&buf[..n])?;
        if miner.done() {
            break;
        }
    }
    drop(buf);
    miner.finish()
}

/// Reads `r` into `buf` until it is full or the input ends; returns the bytes read.
pub fn fill(r: &mut dyn Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}
