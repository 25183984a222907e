//! Many files as one dataset: files with the same columns are mined in byte ranges on a pool of
//! threads (every core busy across files as well as within them) and merged in file order
//! into one profile, as if they were one file with every header after the first removed
//! ([`Merger::next_file`]). Its `files` lists each file with its rows, bytes and lines.
//!
//! Files whose columns differ from the first file's form their own datasets, each with its
//! profile and a `file_mismatch` finding that names the difference (a missing, extra or
//! renamed column, another order, another format). A compressed file is decompressed in one
//! pass by one worker (a compressed stream cannot be cut into ranges) and joins the others;
//! an Excel workbook or a Parquet file is profiled on its own.

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::{Condvar, Mutex};

use crate::file::{fill, format_for};
use crate::format::compress::{self, Codec, Decoder};
use crate::parallel::{self, compressed_note, mine_file_range, Config, FileSource, Head, Merger, Partial, RangeMiner};
use crate::miner::files::{self, adopt, alone_reason, key_of, Member, WORKBOOK};
use crate::{Error, Options, Profile, alloc};

const CHUNK: usize = 1 << 20;

/// What one file is read as.
enum Kind {
    /// Plain text, cut into these ranges.
    Ranges { head: Head, ranges: Vec<(u64, u64)> },
    /// Compressed: decompressed and mined in one pass by one task; the head from its first
    /// decompressed bytes.
    Compressed(Codec, Head),
    /// Profiled on its own, for this reason.
    Alone(&'static str),
}

struct File {
    path: String,
    kind: Kind,
}

/// One unit of work: a range of a plain file, or a whole compressed file.
struct Task {
    file: usize,
    range: usize,
}

/// A task's result: the serialised partial.
type Done = Result<Vec<u8>, Error>;


fn io_err(path: &str) -> impl Fn(std::io::Error) -> Error + '_ {
    move |e| Error::Input(format!("cannot read {path}: {e}"))
}

/// Mines `paths` as datasets (see the module docs) with `workers` threads; returns one profile
/// per dataset, the first file's first.
pub fn mine_files(paths: &[String], opts: Options, workers: usize) -> Result<Vec<Profile>, Error> {
    mine_files_with(paths, opts, &Config::with_workers(workers.max(1)))
}

/// [`mine_files`] with the ranges' configuration (`cfg.workers` threads).
pub fn mine_files_with(paths: &[String], opts: Options, cfg: &Config) -> Result<Vec<Profile>, Error> {
    opts.validate()?;
    let start_allocations = alloc::stats().allocations;
    let workers = cfg.workers.max(1);
    let cfg = cfg.clone();
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        files.push(File { path: path.clone(), kind: classify(path, &opts, &cfg)? });
    }
    // One convention per column for the whole dataset: the files after the first of their
    // dataset are read with its decisions (day or month first, the decimal mark, boolean
    // words) and its candidate columns for pairs, as one file's later ranges are.
    let heads: Vec<(usize, files::Key)> = files
        .iter()
        .enumerate()
        .filter_map(|(i, f)| match &f.kind {
            Kind::Ranges { head, .. } | Kind::Compressed(_, head) => Some((i, key_of(head))),
            Kind::Alone(_) => None,
        })
        .collect();
    let keys: Vec<files::Key> = heads.iter().map(|(_, k)| k.clone()).collect();
    let mut dataset_of: Vec<Option<usize>> = vec![None; files.len()];
    for ((i, _), g) in heads.iter().zip(files::datasets(&keys)) {
        dataset_of[*i] = Some(g);
    }
    let mut firsts: Vec<Head> = Vec::new();
    for (i, f) in files.iter_mut().enumerate() {
        let (Some(g), Kind::Ranges { head: h, .. } | Kind::Compressed(_, h)) = (dataset_of[i], &mut f.kind) else { continue };
        match firsts.get(g) {
            Some(first) => adopt(h, first),
            None => firsts.push(h.clone()),
        }
    }
    let mut tasks = Vec::new();
    for (i, f) in files.iter().enumerate() {
        match &f.kind {
            Kind::Ranges { ranges, .. } => tasks.extend((0..ranges.len()).map(|k| Task { file: i, range: k })),
            Kind::Compressed(..) => tasks.push(Task { file: i, range: 0 }),
            Kind::Alone(_) => {}
        }
    }

    // The pool: a worker takes the next task while it is at most `ahead` tasks past the one
    // the merge waits for, so that at most that many partials are held at once.
    let ahead = 2 * workers;
    let next = Mutex::new(0usize);
    let merged = (Mutex::new(0usize), Condvar::new());
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Done)>();
    let mut groups: Vec<Group> = Vec::new();
    let mut alone: Vec<(usize, Profile)> = Vec::new();
    let result: Result<(), Error> = std::thread::scope(|s| {
        for _ in 0..workers.min(tasks.len()) {
            let tx = tx.clone();
            let (files, tasks, next, merged, opts, cfg) = (&files, &tasks, &next, &merged, &opts, &cfg);
            s.spawn(move || loop {
                let i = {
                    let mut n = next.lock().unwrap();
                    let i = *n;
                    *n += 1;
                    i
                };
                if i >= tasks.len() {
                    break;
                }
                let (m, cv) = merged;
                let mut done = m.lock().unwrap();
                while i >= *done + ahead {
                    done = cv.wait(done).unwrap();
                }
                drop(done);
                let r = run(&files[tasks[i].file], tasks[i].file, tasks[i].range, opts, cfg.window);
                if tx.send((i, r)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut waiting: BTreeMap<usize, Done> = BTreeMap::new();
        let mut i = 0;
        let mut fail = None;
        while i < tasks.len() {
            let r = match waiting.remove(&i) {
                Some(r) => r,
                None => match rx.recv() {
                    Ok((k, r)) => {
                        waiting.insert(k, r);
                        continue;
                    }
                    Err(_) => break,
                },
            };
            if fail.is_none() {
                if let Err(e) = merge_one(&files, &tasks[i], dataset_of[tasks[i].file].expect("a file with tasks is in a dataset"), r, &opts, &cfg, &mut groups) {
                    fail = Some(e);
                }
            }
            i += 1;
            let (m, cv) = &merged;
            // After a failure the rest are let through (and dropped) so the workers end.
            *m.lock().unwrap() = if fail.is_some() { usize::MAX / 2 } else { i };
            cv.notify_all();
        }
        fail.map_or(Ok(()), Err)
    });
    result?;
    let mut reasons: Vec<Option<&'static str>> = vec![None; files.len()];
    for (i, f) in files.iter().enumerate() {
        let Kind::Alone(why) = f.kind else { continue };
        reasons[i] = Some(why);
        let path = &files[i].path;
        match crate::file::mine_path(path, opts.clone(), workers, CHUNK).map_err(|e| named(path, e))? {
            crate::file::Mined::One(p) => alone.push((i, p)),
            crate::file::Mined::Sheets(ps) => alone.extend(ps.into_iter().map(|p| (i, p))),
        }
    }

    // The profiles, in the order of their first files.
    let mut out: Vec<(usize, Profile)> = Vec::new();
    for g in groups {
        let mut p = g.merger.finish(start_allocations)?;
        p.workers = workers as u32;
        if g.remined > 0 {
            p.parallel_note = Some(format!("{} of {} ranges were mined again from their exact start", g.remined, g.ranges));
        }
        out.push((g.first_file, p));
    }
    out.extend(alone);
    out.sort_by_key(|(i, _)| *i);
    if out.len() > 1 {
        let members: Vec<Member> = out
            .iter()
            .map(|(i, p)| Member {
                path: files[*i].path.clone(),
                format: p.format.to_string(),
                names: p.columns.iter().map(|c| c.name.clone()).collect(),
                alone: reasons[*i].map(str::to_string),
            })
            .collect();
        for ((_, p), message) in out.iter_mut().zip(files::mismatch_messages(&members, files.len())) {
            let n = p.files.len();
            p.findings.insert(0, files::mismatch_finding(message, n));
        }
    }
    Ok(out.into_iter().map(|(_, p)| p).collect())
}

/// How the file at `path` is read, and its head and ranges when it is plain text.
fn classify(path: &str, opts: &Options, cfg: &Config) -> Result<Kind, Error> {
    let meta = std::fs::metadata(path).map_err(|e| Error::Input(format!("cannot open {path}: {e}")))?;
    if meta.is_dir() {
        return Err(Error::Input(format!("cannot read {path}: it is a directory")));
    }
    let mut o = opts.clone();
    o.format = format_for(path, opts);
    if matches!(o.format.as_deref(), Some("xlsx" | "parquet")) {
        return Ok(Kind::Alone(WORKBOOK));
    }
    let len = meta.len();
    let mut f = std::fs::File::open(path).map_err(io_err(path))?;
    let mut head = vec![0u8; (o.sniff_bytes as u64).min(len) as usize];
    let n = fill(&mut f, &mut head).map_err(io_err(path))?;
    head.truncate(n);
    if compressed_note(&head[..n.min(8)], &o).is_some() {
        let codec = match o.compression.as_deref() {
            Some(c) => Codec::from_name(c),
            None => Codec::sniff(&head),
        };
        if let Some(c) = codec {
            let (text, complete) = decoded_head(path, c, &o)?;
            let h = Head::parse(&text, if complete { text.len() as u64 } else { u64::MAX }, &o).map_err(|e| named(path, e))?;
            if let Some(why) = alone_reason(&h) {
                return Ok(Kind::Alone(why));
            }
            return Ok(Kind::Compressed(c, h));
        }
    }
    let h = Head::parse(&head, len, &o).map_err(|e| named(path, e))?;
    if let Some(why) = alone_reason(&h) {
        return Ok(Kind::Alone(why));
    }
    let plan = if h.sniffed.is_some() && h.names.is_none() {
        vec![(0, len)]
    } else {
        parallel::plan(&h, len, cfg).ranges
    };
    Ok(Kind::Ranges { head: h, ranges: plan })
}

fn named(path: &str, e: Error) -> Error {
    match e {
        Error::Input(m) => Error::Input(format!("{path}: {m}")),
        e => e,
    }
}

fn options_for(path: &str, opts: &Options) -> Options {
    let mut o = opts.clone();
    o.format = format_for(path, opts);
    o
}

/// Runs one task.
fn run(f: &File, index: usize, k: usize, opts: &Options, window: u64) -> Done {
    let opts = options_for(&f.path, opts);
    match &f.kind {
        Kind::Ranges { head, ranges, .. } => {
            let src = FileSource::open(&f.path).map_err(io_err(&f.path))?;
            let end = (k + 1 < ranges.len()).then_some(ranges[k].1);
            mine_file_range(&src, head, &opts, ranges[k].0, end, k == 0, None, window, index)
        }
        Kind::Compressed(codec, head) => mine_compressed(&f.path, *codec, head, &opts, index),
        Kind::Alone(_) => unreachable!("a file profiled alone has no tasks"),
    }
    .map_err(|e| named(&f.path, e))
}

/// Decompresses `path` into `sink` (which returns false to stop early).
fn decompress(path: &str, codec: Codec, opts: &Options, sink: &mut dyn FnMut(&[u8]) -> bool) -> Result<u64, Error> {
    let mut d = Decoder::new(codec, compress::Limits::of(opts));
    let mut f = std::fs::File::open(path).map_err(io_err(path))?;
    let mut buf = vec![0u8; CHUNK];
    let mut total = 0u64;
    let mut more = true;
    loop {
        let n = fill(&mut f as &mut dyn Read, &mut buf).map_err(io_err(path))?;
        d.push(&buf[..n], n == 0, &mut |out: &[u8]| {
            total += out.len() as u64;
            if more {
                more = sink(out);
            }
        })
        .map_err(|e| Error::Input(format!("cannot decompress {path}: {e}")))?;
        if let Some(why) = d.stopped() {
            return Err(Error::Input(format!("{path}: decompression stopped: {why}")));
        }
        if n == 0 || d.finished() || !more {
            return Ok(total);
        }
    }
}

/// The first `sniff_bytes` decompressed bytes of `path`, and whether they are all of it.
fn decoded_head(path: &str, codec: Codec, opts: &Options) -> Result<(Vec<u8>, bool), Error> {
    let mut head = Vec::new();
    let want = opts.sniff_bytes;
    decompress(path, codec, opts, &mut |b| {
        head.extend_from_slice(&b[..b.len().min(want + 1 - head.len().min(want + 1))]);
        head.len() <= want
    })?;
    let complete = head.len() <= want;
    head.truncate(want);
    Ok((head, complete))
}

/// Decompresses a file and mines it as one part.
fn mine_compressed(path: &str, codec: Codec, head: &Head, opts: &Options, index: usize) -> Result<Vec<u8>, Error> {
    let mut m = RangeMiner::new(head, opts, 0, None, true, None, 1 << 20)?;
    m.set_file(index);
    let total = decompress(path, codec, opts, &mut |b| {
        m.push(b);
        true
    })?;
    Ok(m.finish(total).to_bytes())
}

/// A dataset being merged: files with the same columns.
struct Group {
    /// Its index among the datasets (`crate::miner::files::datasets`).
    dataset: usize,
    first_file: usize,
    merger: Merger,
    /// The file whose parts are being added, and its head.
    current: usize,
    head: Head,
    remined: usize,
    ranges: usize,
}

/// Merges one task's partial into its file's dataset (a new one for a file whose columns match
/// none so far).
fn merge_one(
    files: &[File],
    task: &Task,
    dataset: usize,
    r: Done,
    opts: &Options,
    cfg: &Config,
    groups: &mut Vec<Group>,
) -> Result<(), Error> {
    let f = &files[task.file];
    let bytes = r?;
    let o = options_for(&f.path, opts);
    let head = match &f.kind {
        Kind::Ranges { head, .. } | Kind::Compressed(_, head) => head.clone(),
        Kind::Alone(_) => unreachable!("a file profiled alone has no tasks"),
    };
    let compression = match &f.kind {
        Kind::Compressed(c, _) => Some(c.name()),
        _ => None,
    };
    let ranges = match &f.kind {
        Kind::Ranges { ranges, .. } => ranges.len(),
        _ => 1,
    };
    if task.range == 0 {
        match groups.iter_mut().find(|g| g.dataset == dataset) {
            Some(g) => {
                g.merger.next_file(head.clone()).map_err(|e| Error::Input(format!("{}: {e}", f.path)))?;
                g.current = task.file;
                g.head = head;
                g.ranges += ranges;
                g.merger.name_file(&f.path, compression);
            }
            None => {
                let mut merger = Merger::new(head.clone(), &o);
                merger.name_file(&f.path, compression);
                groups.push(Group { dataset, first_file: task.file, merger, current: task.file, head, remined: 0, ranges });
            }
        }
    }
    let g = groups.iter_mut().find(|g| g.current == task.file).expect("the file's dataset");
    let merger = &mut g.merger;
    if merger.is_complete() {
        return Ok(());
    }
    let t = merger.next_start();
    let Kind::Ranges { ranges: rs, .. } = &f.kind else {
        // A compressed file: one part, from its start.
        let p = Partial::from_bytes(&bytes, &o)?;
        return merger.add(p).map_err(|e| Error::Input(format!("{}: {e}", f.path)));
    };
    let k = task.range;
    if k > 0 && t >= rs[k].1 {
        return Ok(());
    }
    let end = (k + 1 < rs.len()).then_some(rs[k].1);
    let src = FileSource::open(&f.path).map_err(io_err(&f.path))?;
    let (remined, _) = parallel::add_part(merger, &src, &g.head, &o, bytes, t, end, cfg.window, task.file).map_err(|e| named(&f.path, e))?;
    g.remined += remined;
    Ok(())
}

/// The files that the CLI's (or Python's) path arguments name, in order: a path as it is; a
/// directory, its files (recursively, by name, leaving out names starting with `.` or `_`
/// such as `.DS_Store` and Spark's `_SUCCESS`); a glob pattern (`*`, `?`, `[...]`, `**`) that
/// is not itself a path, its matches by name. A pattern or directory with no file is an error.
pub fn expand(args: &[String]) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    for a in args {
        let p = std::path::Path::new(a);
        if a == "-" || (p.exists() && !p.is_dir()) {
            out.push(a.clone());
        } else if p.is_dir() {
            let before = out.len();
            walk(p, &mut out).map_err(|e| Error::Input(format!("cannot list {a}: {e}")))?;
            if out.len() == before {
                return Err(Error::Input(format!("the directory {a} holds no file")));
            }
        } else if a.contains(['*', '?', '[']) {
            let paths = glob::glob(a).map_err(|e| Error::Input(format!("bad pattern {a}: {e}")))?;
            let mut found: Vec<String> = paths
                .filter_map(Result::ok)
                .filter(|p| p.is_file())
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            if found.is_empty() {
                return Err(Error::Input(format!("no file matches {a}")));
            }
            found.sort();
            out.extend(found);
        } else {
            // Missing: the error comes when it is opened, with the OS's reason.
            out.push(a.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &std::path::Path, out: &mut Vec<String>) -> std::io::Result<()> {
    let mut entries: Vec<std::fs::DirEntry> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name();
        if name.to_string_lossy().starts_with(['.', '_']) {
            continue;
        }
        let path = e.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.is_file() {
            out.push(path.to_string_lossy().into_owned());
        }
    }
    Ok(())
}
