//! Mining one file with several workers: the file is cut into byte ranges, each mined into a
//! [`Partial`] by its own worker, and the partials are merged in file order into one profile,
//! equal to the single pass's (sketch estimates aside, see below).
//!
//! # The protocol
//!
//! 1. **Head.** The coordinator reads the file's first `min(sniff_bytes, len)` bytes (the
//!    *head*) and [`Head::parse`]s it as a single pass would: format, encoding, CSV dialect
//!    and preamble, BOM, and the columns of the first record (the header's names). Every worker gets the head, so every
//!    part is read the same way and parts after the first know the columns without seeing the
//!    header (they never take their first record for a header).
//! 2. **Plan.** [`plan`] cuts `[0, len)` into `n` ranges of equal size `[s_k, e_k)`, or keeps one
//!    range and says why ([`Plan::note`]): one worker asked for, a file under two
//!    [`Config::min_range_bytes`], a head without its whole first record, more than
//!    [`Config::max_columns`] columns, a file that is not UTF-8 (decoded in one pass), a
//!    preamble longer than a range. Streams that cannot be sliced (a `ReadableStream`,
//!    gzip) are mined in one pass by the caller, which says so in the profile.
//! 3. **Boundaries.** Where does a part start? A byte offset does not tell whether it is inside
//!    a quoted field. [`Boundary`] answers *the first certain record start at or after `x`*
//!    from the bytes at `x - 1` on: JSON Lines lines always end at `\n`; for CSV it runs the
//!    reader's record-boundary automaton under all five states the parse could be in at `x - 1`
//!    (between records, field start, unquoted field, quoted field, a quote inside a quoted
//!    field) until they agree; as the real parse is one of them, the record start found after
//!    that is a real one. If they have not agreed after [`Config::window`] bytes (quote-heavy
//!    data such as a long run of `""`), the answer is a guess: the next record start of the
//!    "unquoted field" run.
//! 4. **Workers.** Worker `k` mines range `k` with a [`RangeMiner`]: worker 0 from byte 0;
//!    worker `k > 0` is given the bytes from `s_k - 1` on and starts at `c_k = B(s_k)`, the
//!    boundary from `s_k`. Every worker mines the records that start at or after its start and
//!    reads on past `e_k` until the first record start at or after `B(e_k)` *in its own parse*
//!    (it runs the boundary scan on the bytes after `e_k` itself), and stops there, at `t`,
//!    without reading that record. The last worker reads to the end of the file. A part
//!    reports its start, `t`, and the number of physical line breaks in `[start, t)`.
//! 5. **Merge and verification.** The coordinator adds the parts in file order with a
//!    [`Merger`]. Part 0 starts at 0, a real record start, so its parse is the single pass's
//!    and its `t` is a real record start. Part `k` is accepted when it starts exactly where the
//!    parts before it stopped: both parses are then at a record start at the same offset, so
//!    they are identical from there on. When the boundary scan was certain, `c_k = B(e_{k-1})
//!    = t`: parts are always accepted. Otherwise (a guess that was wrong), range `k` is mined
//!    again from the exact start `t` (no speculation): correct for any input, only slower. A
//!    range wholly inside the parts before it (a quoted field of 10,000 lines that spans it)
//!    is skipped. JSON Lines columns are matched by name; a JSON Lines part whose columns
//!    came in an order that would give a column other sketch sizes, correlation tracking or
//!    `max_columns` outcome than a single pass is refused and mined again, seeded with the
//!    columns of the parts before it (only files with more than `max_correlation_columns` or
//!    64 columns can need this).
//! 6. **Line numbers.** Each part numbers its lines from 1; the merge shifts them by the line
//!    breaks of the parts before it, so every line number in the findings is the single
//!    pass's.
//! 7. **Finish.** The merged table goes through the single pass's own finishing code.
//!
//! # What merges how
//!
//! Counts, sums, minima and maxima, type counts and their example lines, text min/max
//! prefixes, lengths, findings with their first line numbers and the first distinct example
//! values are exact. Mean, variance, skewness, kurtosis and correlations merge by the parallel
//! formulas (Chan/Pébay), equal to the single pass up to floating-point rounding (about 1e-12
//! relative). Distinct counts and duplicate rows stay exact whenever the single pass is exact
//! (the union of the exact sets; past the limit the HyperLogLog receives every value of both
//! sides, which gives exactly the single pass's registers). Top values are exact while the
//! single pass is exact, else the Misra-Gries merge keeps every count within its reported
//! `error`. Quantiles and histograms are exact and equal to the single pass's while the
//! column's exact tables are (the exact counts are added up); beyond, they come from merged KLL
//! sketches (exact counts enter as weighted items), within the same rank error as a single
//! pass (about 1.65% for k = 200). Each part mines within half the run's memory budget, and a
//! merge that would pass the budget demotes the largest statistics of both sides first
//! (`crate::budget`).
//!
//! # Serialised partials
//!
//! [`Partial::to_bytes`] is postcard (serde) of the accumulators, with sketches in compact
//! form: a HyperLogLog that was never fed is one byte, a fed one its 2^p registers (64 KiB for
//! up to 64 columns), KLL its retained items, top values their entries. For the 9-column
//! benchmark file a part is about 0.5 MiB, mostly the registers of the six high-cardinality
//! columns' HyperLogLogs.

#[cfg(not(target_arch = "wasm32"))]
use std::io::Read;

pub use crate::format::boundary::{Boundary, Found};
pub use crate::miner::partial::{Head, Merger, Partial, RangeMiner};
/// A later file of a dataset read with its first file's conventions.
pub use crate::miner::files::adopt;
#[cfg(not(target_arch = "wasm32"))]
use crate::{Error, Miner, Options, Profile, alloc};

/// How a file is cut into ranges.
#[derive(Clone, Debug)]
pub struct Config {
    /// Workers (and ranges): 1 mines in one pass.
    pub workers: usize,
    /// Smallest range: a file under twice this is mined in one pass (default 4 MiB).
    pub min_range_bytes: u64,
    /// Bytes a CSV boundary scan reads before it guesses (default 1 MiB).
    pub window: u64,
    /// More columns than this are mined in one pass: partials would not be cheap (default 1024).
    pub max_columns: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config { workers: 1, min_range_bytes: 4 << 20, window: 1 << 20, max_columns: 1024 }
    }
}

impl Config {
    pub fn with_workers(workers: usize) -> Config {
        Config { workers, ..Config::default() }
    }
}

/// The ranges, `[start, end)` each, covering `[0, len)`; `note` says why there is only one
/// when more workers were asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    pub ranges: Vec<(u64, u64)>,
    pub note: Option<String>,
}

/// Plans the ranges for a file of `len` bytes with this head.
pub fn plan(head: &Head, len: u64, cfg: &Config) -> Plan {
    let one = |note: Option<String>| Plan { ranges: vec![(0, len)], note };
    if cfg.workers <= 1 {
        return one(None);
    }
    if len < 2 * cfg.min_range_bytes.max(1) {
        return one(Some(format!(
            "one worker: the file ({len} bytes) is smaller than two ranges of {} bytes",
            cfg.min_range_bytes
        )));
    }
    if head.layout != crate::format::jsonl::Layout::Lines {
        return one(Some("one worker: a JSON array is read in one pass".into()));
    }
    let ncols = head.names.as_ref().map_or(0, Vec::len);
    if !head.encoding.is_utf8() {
        return one(Some(format!("one worker: the file is {}, decoded in one pass", head.encoding.name())));
    }
    if head.sniffed.is_some() && head.names.is_none() {
        return one(Some("one worker: the first record is longer than sniff_bytes, so the other workers could not know the columns".into()));
    }
    if ncols > cfg.max_columns {
        return one(Some(format!("one worker: {ncols} columns are more than {} (partial profiles would be large)", cfg.max_columns)));
    }
    let n = (cfg.workers as u64).min(len / cfg.min_range_bytes.max(1)).max(1);
    if len / n <= head.skip_bytes() {
        return one(Some("one worker: the lines before the table are longer than a range".into()));
    }
    let ranges = (0..n).map(|k| (len * k / n, len * (k + 1) / n)).collect();
    Plan { ranges, note: None }
}

#[cfg(not(target_arch = "wasm32"))]
/// Random access to the file being mined.
pub trait Source: Sync {
    fn len(&self) -> u64;
    /// A reader of the bytes from `offset` to the end.
    fn open_at(&self, offset: u64) -> std::io::Result<Box<dyn Read + '_>>;
}

#[cfg(not(target_arch = "wasm32"))]
impl Source for [u8] {
    fn len(&self) -> u64 {
        <[u8]>::len(self) as u64
    }
    fn open_at(&self, offset: u64) -> std::io::Result<Box<dyn Read + '_>> {
        Ok(Box::new(&self[(offset as usize).min(<[u8]>::len(self))..]))
    }
}

#[cfg(not(target_arch = "wasm32"))]
/// A file on disk: every worker opens it on its own.
pub struct FileSource {
    path: std::path::PathBuf,
    len: u64,
}

#[cfg(not(target_arch = "wasm32"))]
impl FileSource {
    pub fn open(path: impl AsRef<std::path::Path>) -> std::io::Result<FileSource> {
        let path = path.as_ref().to_path_buf();
        let len = std::fs::metadata(&path)?.len();
        Ok(FileSource { path, len })
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Source for FileSource {
    fn len(&self) -> u64 {
        self.len
    }
    fn open_at(&self, offset: u64) -> std::io::Result<Box<dyn Read + '_>> {
        use std::io::Seek;
        let mut f = std::fs::File::open(&self.path)?;
        f.seek(std::io::SeekFrom::Start(offset))?;
        Ok(Box::new(f))
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn io_err(e: std::io::Error) -> Error {
    Error::Input(format!("cannot read the input: {e}"))
}

#[cfg(not(target_arch = "wasm32"))]
use crate::file::fill;

#[cfg(not(target_arch = "wasm32"))]
/// Chunk size of the native workers.
const CHUNK: usize = 1 << 20;

#[cfg(not(target_arch = "wasm32"))]
/// Mines one range of `src` into a serialised partial (what a wasm worker posts back).
pub fn mine_range<S: Source + ?Sized>(
    src: &S,
    head: &Head,
    opts: &Options,
    start: u64,
    end: Option<u64>,
    exact: bool,
    seed: Option<&[String]>,
    window: u64,
) -> Result<Vec<u8>, Error> {
    mine_file_range(src, head, opts, start, end, exact, seed, window, 0)
}

#[cfg(not(target_arch = "wasm32"))]
#[allow(clippy::too_many_arguments)]
/// [`mine_range`] for the `file`-th file of a dataset of several (`RangeMiner::set_file`).
pub fn mine_file_range<S: Source + ?Sized>(
    src: &S,
    head: &Head,
    opts: &Options,
    start: u64,
    end: Option<u64>,
    exact: bool,
    seed: Option<&[String]>,
    window: u64,
    file: usize,
) -> Result<Vec<u8>, Error> {
    let mut m = RangeMiner::new(head, opts, start, end, exact, seed, window)?;
    m.set_file(file);
    let mut r = src.open_at(m.first_byte()).map_err(io_err)?;
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = fill(&mut *r, &mut buf).map_err(io_err)?;
        if n == 0 || !m.push(&buf[..n]) {
            break;
        }
    }
    Ok(m.finish(src.len()).to_bytes())
}

#[cfg(not(target_arch = "wasm32"))]
/// What a parallel run did, besides the profile.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Serialised size of each part that was merged, in file order.
    pub partial_bytes: Vec<usize>,
    /// Ranges mined again from an exact start (a wrong boundary guess, or a JSON Lines part
    /// with its columns in another order).
    pub remined: usize,
    /// Ranges skipped because the parts before them covered them.
    pub skipped: usize,
}

/// Why an input that starts with `head` must be mined in one pass because it is compressed
/// (a compressed stream cannot be cut into ranges), if it is.
pub fn compressed_note(head: &[u8], opts: &crate::Options) -> Option<String> {
    let codec = match opts.compression.as_deref() {
        Some("none") => None,
        None | Some("auto") => crate::format::compress::Codec::sniff(head),
        Some(c) => crate::format::compress::Codec::from_name(c),
    }?;
    Some(format!("one worker: {} data cannot be cut into ranges", codec.name()))
}

#[cfg(not(target_arch = "wasm32"))]
/// Mines `src` with `cfg.workers` threads (see the module docs); the profile equals
/// [`crate::mine_bytes`]'s, sketch estimates aside. A compressed input is mined in one pass.
pub fn mine_parallel<S: Source + ?Sized>(src: &S, opts: Options, cfg: &Config) -> Result<(Profile, Report), Error> {
    let mut magic = [0u8; 8];
    let n = fill(&mut *src.open_at(0).map_err(io_err)?, &mut magic).map_err(io_err)?;
    if let Some(note) = compressed_note(&magic[..n], &opts) {
        let mut p = mine_single(src, opts)?;
        p.parallel_note = (cfg.workers > 1).then_some(note);
        return Ok((p, Report::default()));
    }
    let (h, start_allocations) = read_head(src, &opts)?;
    let plan = plan(&h, src.len(), cfg);
    if plan.ranges.len() == 1 {
        let mut p = mine_single(src, opts)?;
        p.parallel_note = plan.note;
        return Ok((p, Report::default()));
    }
    mine_planned(src, opts, &h, &plan.ranges, cfg.window, start_allocations)
}

#[cfg(not(target_arch = "wasm32"))]
/// Mines `src` with one thread per range of `ranges` (which must cover the file in order,
/// `[s_k, e_k)` with `s_0 = 0`, `s_{k+1} = e_k`, `e_last = len`): [`mine_parallel`] with
/// chosen cut points.
pub fn mine_ranges<S: Source + ?Sized>(src: &S, opts: Options, ranges: &[(u64, u64)], window: u64) -> Result<(Profile, Report), Error> {
    let mut magic = [0u8; 8];
    let n = fill(&mut *src.open_at(0).map_err(io_err)?, &mut magic).map_err(io_err)?;
    if ranges.len() <= 1 || compressed_note(&magic[..n], &opts).is_some() {
        return Ok((mine_single(src, opts)?, Report::default()));
    }
    let (h, start_allocations) = read_head(src, &opts)?;
    let array = h.layout != crate::format::jsonl::Layout::Lines;
    if array || (h.sniffed.is_some() && h.names.is_none()) || h.skip_bytes() >= ranges[1].0 || !h.encoding.is_utf8() {
        return Ok((mine_single(src, opts)?, Report::default()));
    }
    mine_planned(src, opts, &h, ranges, window, start_allocations)
}

#[cfg(not(target_arch = "wasm32"))]
fn read_head<S: Source + ?Sized>(src: &S, opts: &Options) -> Result<(Head, u64), Error> {
    opts.validate()?;
    let start_allocations = alloc::stats().allocations;
    let len = src.len();
    let mut head = vec![0u8; (opts.sniff_bytes as u64).min(len) as usize];
    fill(&mut *src.open_at(0).map_err(io_err)?, &mut head).map_err(io_err)?;
    Ok((Head::parse(&head, len, opts)?, start_allocations))
}

#[cfg(not(target_arch = "wasm32"))]
/// One pass, as the CLI does it.
fn mine_single<S: Source + ?Sized>(src: &S, opts: Options) -> Result<Profile, Error> {
    let mut m = Miner::new(opts)?;
    let mut r = src.open_at(0).map_err(io_err)?;
    let mut buf = vec![0u8; CHUNK];
    loop {
        let n = fill(&mut *r, &mut buf).map_err(io_err)?;
        if n == 0 {
            break;
        }
        m.push(&buf[..n])?;
    }
    m.finish()
}

#[cfg(not(target_arch = "wasm32"))]
fn mine_planned<S: Source + ?Sized>(
    src: &S,
    opts: Options,
    h: &Head,
    ranges: &[(u64, u64)],
    window: u64,
    start_allocations: u64,
) -> Result<(Profile, Report), Error> {
    let n = ranges.len();
    assert!(ranges[0].0 == 0 && ranges[n - 1].1 == src.len() && ranges.windows(2).all(|w| w[0].1 == w[1].0 && w[0].0 < w[0].1));
    let end_of = |k: usize| (k + 1 < n).then_some(ranges[k].1);
    let parts: Vec<Result<Vec<u8>, Error>> = std::thread::scope(|s| {
        let handles: Vec<_> = ranges
            .iter()
            .enumerate()
            .map(|(k, &(start, _))| {
                let opts = &opts;
                s.spawn(move || mine_range(src, h, opts, start, end_of(k), k == 0, None, window))
            })
            .collect();
        handles.into_iter().map(|t| t.join().expect("a worker panicked")).collect()
    });
    let mut report = Report::default();
    let mut merger = Merger::new(h.clone(), &opts);
    for (k, part) in parts.into_iter().enumerate() {
        let t = merger.next_start();
        if merger.is_complete() {
            report.skipped += n - k;
            break;
        }
        if k > 0 && t >= ranges[k].1 {
            report.skipped += 1;
            continue;
        }
        let bytes = part?;
        let (remined, size) = add_part(&mut merger, src, h, &opts, bytes, t, end_of(k), window, 0)?;
        report.remined += remined;
        report.partial_bytes.push(size);
    }
    let mut p = merger.finish(start_allocations)?;
    p.workers = n as u32;
    if report.remined > 0 {
        p.parallel_note = Some(format!("{} of {n} ranges were mined again from their exact start", report.remined));
    }
    Ok((p, report))
}

#[cfg(not(target_arch = "wasm32"))]
#[allow(clippy::too_many_arguments)]
/// Adds the part `bytes` (mined for the range that ends at `end`) to `merger`, whose next
/// part must start at `t`: a part that starts elsewhere (a wrong boundary guess) is mined
/// again from `t`, and a JSON Lines part the merge refuses is mined again seeded with the
/// columns so far. Returns how many times it was mined again and the size of the partial
/// added. `file` is the part's file in a dataset of several (0 for one file).
pub(crate) fn add_part<S: Source + ?Sized>(
    merger: &mut Merger,
    src: &S,
    h: &Head,
    opts: &Options,
    mut bytes: Vec<u8>,
    t: u64,
    end: Option<u64>,
    window: u64,
    file: usize,
) -> Result<(usize, usize), Error> {
    let mut remined = 0;
    let mut p = Partial::from_bytes(&bytes, opts)?;
    if p.start != t {
        remined += 1;
        bytes = mine_file_range(src, h, opts, t, end, true, None, window, file)?;
        p = Partial::from_bytes(&bytes, opts)?;
    }
    if let Err(why) = merger.add(p) {
        // A JSON Lines part with its columns in another order: again, seeded.
        remined += 1;
        let seed = merger.column_names();
        bytes = mine_file_range(src, h, opts, t, end, true, Some(&seed), window, file)?;
        merger
            .add(Partial::from_bytes(&bytes, opts)?)
            .map_err(|e| Error::Input(format!("parallel merge failed after {why}: {e}")))?;
    }
    Ok((remined, bytes.len()))
}

#[cfg(not(target_arch = "wasm32"))]
/// Mines a byte slice with `workers` threads (see [`mine_parallel`]).
pub fn mine_bytes_parallel(data: &[u8], opts: Options, cfg: &Config) -> Result<Profile, Error> {
    mine_parallel(data, opts, cfg).map(|r| r.0)
}

#[cfg(not(target_arch = "wasm32"))]
/// Mines a file with `workers` threads (see [`mine_parallel`]).
pub fn mine_file_parallel(path: impl AsRef<std::path::Path>, opts: Options, cfg: &Config) -> Result<Profile, Error> {
    let src = FileSource::open(path).map_err(io_err)?;
    mine_parallel(&src, opts, cfg).map(|r| r.0)
}
