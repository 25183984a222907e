//! The miner: bytes in, in chunks of any size; a [`Profile`] out.

use crate::Error;
use crate::alloc;
use crate::column::{ColumnAcc, Examples};
use std::collections::HashMap;


use foldhash::fast::FixedState;

use crate::format::csv::{CsvReader, Field, Limits, Record};
use crate::format::jsonl::{Event as JsonEvent, JsonlReader, Scalar as JsonScalar};
use crate::format::{UTF8_BOM, not_text, sniff_delimiter};
use crate::options::Options;
use crate::findings;
use crate::profile::{Correlations, Finding, MemoryStats, Profile, Severity};
use crate::budget::Budget;
use crate::sketch::{DistinctRows, SketchParams};
use crate::moments::{BATCH, CoMoment};

/// Heap of one column outside the memory budget: the accumulator, its name, the string
/// min/max (`2 × max_value_bytes`) and the example values.
pub fn column_overhead(opts: &Options) -> u64 {
    std::mem::size_of::<ColumnAcc>() as u64
        + 2 * opts.max_value_bytes as u64
        + crate::column::EXAMPLES as u64 * (128 + 40)
        + crate::moments::BATCH as u64 * 8 // the batch of numbers
        + 256 // name, by-name index, JSON Lines bookkeeping
}

/// An upper bound of the heap the engine uses for a file of `columns` columns with these
/// options, not counting the chunk buffer of the caller (the wasm binding's is the largest
/// chunk the stream delivers): the memory budget (and its slack of 1/8, see
/// [`crate::budget`]) plus a fixed overhead per file and per column. This is the memory model
/// the README documents; tests assert it.
pub fn heap_bound(columns: usize, opts: &Options) -> u64 {
    let columns = columns.min(opts.max_columns) as u64;
    let budget = opts.memory_budget_bytes;
    let ncorr = columns.min(opts.max_correlation_columns as u64);
    // The record buffer doubles up to max_record_bytes; while it does, the old half is alive.
    let per_file = opts.max_record_bytes as u64 * 3 / 2 + (16 << 10) // record buffer and overflow scratch
        + columns * 8 + 1024                                        // field ends
        + opts.sniff_bytes as u64                                   // sniff buffer (freed once mining starts)
        + ncorr * ncorr.saturating_sub(1) / 2 * 48 + ncorr * 16
        + ncorr * (2 * BATCH as u64 * 8 + 48)                      // the correlation batch and its deviations
        + (256 << 10); // the rest: boxes, vectors of columns, a demotion's scratch
    // The sketches take a quarter of the budget, except where even the smallest ones for this
    // many columns take more: that excess is overhead too.
    let sketches = columns * SketchParams::for_columns(budget, columns as usize, opts.max_value_bytes).sketch_bytes()
        + (1u64 << DistinctRows::lg_k_for(budget));
    budget + sketches.saturating_sub(budget / 4) + columns * column_overhead(opts) + per_file
}


/// Co-moments of every pair among the first `max_correlation_columns` columns. Pair (i, j),
/// i < j, lives at j(j-1)/2 + i, so the table grows with the columns actually seen (JSON Lines
/// columns appear as they come) and never beyond the cap.
///
/// Rows are kept in a batch of [`BATCH`] rows (a value per tracked column, NaN where a row has
/// no number). At the end of a batch, each pair's co-moments over the batch's rows where both
/// are numbers are computed in two passes (means, then deviations: no division per row, and
/// accurate whatever the data's offset) and merged into the pair's running co-moments.
struct Correlator {
    /// Most columns tracked.
    cap: usize,
    /// Columns tracked so far (the first `cols` columns).
    cols: usize,
    pairs: Vec<CoMoment>,
    /// The batch, column-major: `batch[i * BATCH + r]`.
    batch: Vec<f64>,
    /// Columns with a number in this batch, as flags and (at a flush) as a list.
    active: Vec<bool>,
    active_list: Vec<usize>,
    /// At a flush, for each column with a number in every row of the batch ("dense"): its
    /// deviations from the batch mean, and (mean, sum of deviations, sum of squares).
    dev: Vec<f64>,
    dense: Vec<Option<(f64, f64, f64)>>,
    /// Whether the current row has a number in any tracked column yet.
    row_started: bool,
    batch_rows: usize,
}

impl Correlator {
    fn new(cap: usize) -> Self {
        Correlator { cap, cols: 0, pairs: Vec::new(), batch: Vec::new(), active: Vec::new(), active_list: Vec::new(), dev: Vec::new(), dense: Vec::new(), row_started: false, batch_rows: 0 }
    }

    /// Tracks columns up to `n` (capped).
    fn grow(&mut self, n: usize) {
        let n = n.min(self.cap);
        if n > self.cols {
            // The batch's layout depends on the number of columns: fold in the finished rows
            // first, and carry the row in progress (JSON Lines: a new key mid-row) over.
            let old = self.cols;
            let r = self.batch_rows;
            let current: Vec<f64> =
                if self.row_started { (0..old).map(|i| self.batch[i * BATCH + r]).collect() } else { Vec::new() };
            for i in 0..old {
                self.batch[i * BATCH + r] = f64::NAN;
            }
            self.flush();
            self.cols = n;
            self.pairs.resize(n * n.saturating_sub(1) / 2, CoMoment::default());
            self.batch.resize(BATCH * n, f64::NAN);
            self.active.resize(n, false);
            self.dev.resize(BATCH * n, 0.0);
            self.dense.resize(n, None);
            self.active_list.reserve(n.saturating_sub(self.active_list.capacity()));
            for (i, &x) in current.iter().enumerate() {
                self.batch[i * BATCH] = x;
                self.active[i] |= !x.is_nan();
            }
        }
    }

    #[inline]
    fn idx(&self, i: usize, j: usize) -> usize {
        debug_assert!(i < j && j < self.cols);
        j * (j - 1) / 2 + i
    }

    /// Column `i` (tracked) is the number `x` in this row.
    #[inline]
    fn value(&mut self, i: usize, x: f64) {
        self.row_started = true;
        self.active[i] = true;
        self.batch[i * BATCH + self.batch_rows] = x;
    }

    #[inline]
    fn end_row(&mut self) {
        // A row without a number adds nothing to any pair (and with one column there are none).
        if !std::mem::take(&mut self.row_started) || self.cols < 2 {
            let r = self.batch_rows;
            for i in 0..self.cols {
                self.batch[i * BATCH + r] = f64::NAN;
            }
            return;
        }
        self.batch_rows += 1;
        if self.batch_rows == BATCH {
            self.flush();
        }
    }

    /// Merges the batch into the co-moments, and empties it.
    #[cold]
    fn flush(&mut self) {
        let rows = self.batch_rows;
        if rows == 0 {
            return;
        }
        let mut active = std::mem::take(&mut self.active_list);
        active.clear();
        active.extend((0..self.cols).filter(|&i| self.active[i]));
        // Dense columns: the mean and deviations do not depend on the pair.
        let nf = rows as f64;
        for &i in &active {
            let xs = &self.batch[i * BATCH..i * BATCH + rows];
            self.dense[i] = if xs.iter().any(|x| x.is_nan()) {
                None
            } else {
                let mean = xs.iter().sum::<f64>() / nf;
                let d = &mut self.dev[i * BATCH..i * BATCH + rows];
                let (mut dsum, mut m2) = (0.0, 0.0);
                for (d, &x) in d.iter_mut().zip(xs) {
                    *d = x - mean;
                    dsum += *d;
                    m2 += *d * *d;
                }
                Some((mean, dsum, m2))
            };
        }
        for (b, &j) in active.iter().enumerate() {
            let ys = &self.batch[j * BATCH..j * BATCH + rows];
            for &i in &active[..b] {
                let xs = &self.batch[i * BATCH..i * BATCH + rows];
                let k = j * (j - 1) / 2 + i;
                if let (Some((mx, dxs, m2x)), Some((my, dys, m2y))) = (self.dense[i], self.dense[j]) {
                    // Both dense: only the cross term needs a pass (a dot product).
                    let (di, dj) = (&self.dev[i * BATCH..i * BATCH + rows], &self.dev[j * BATCH..j * BATCH + rows]);
                    let c: f64 = di.iter().zip(dj).map(|(a, b)| a * b).sum();
                    self.pairs[k].merge(&CoMoment::from_two_pass(rows as u64, mx, my, dxs, dys, m2x, m2y, c));
                    continue;
                }
                let (mut n, mut sx, mut sy) = (0u32, 0.0, 0.0);
                for (&x, &y) in xs.iter().zip(ys) {
                    if !x.is_nan() && !y.is_nan() {
                        n += 1;
                        sx += x;
                        sy += y;
                    }
                }
                if n == 0 {
                    continue;
                }
                let nf = n as f64;
                let (mx, my) = (sx / nf, sy / nf);
                let (mut dxs, mut dys, mut m2x, mut m2y, mut c) = (0.0, 0.0, 0.0, 0.0, 0.0);
                for (&x, &y) in xs.iter().zip(ys) {
                    if !x.is_nan() && !y.is_nan() {
                        let (dx, dy) = (x - mx, y - my);
                        dxs += dx;
                        dys += dy;
                        m2x += dx * dx;
                        m2y += dy * dy;
                        c += dx * dy;
                    }
                }
                self.pairs[k].merge(&CoMoment::from_two_pass(n as u64, mx, my, dxs, dys, m2x, m2y, c));
            }
        }
        for &i in &active {
            self.batch[i * BATCH..i * BATCH + rows].fill(f64::NAN);
            self.active[i] = false;
        }
        self.active_list = active;
        self.batch_rows = 0;
    }
}

/// Mines one input. Feed it with [`Miner::push`], get the profile from [`Miner::finish`].
///
/// The result does not depend on how the input is split into chunks. After the first
/// [`Options::sniff_bytes`] and once its buffers have grown to the widest record, a chunk
/// causes no allocation.
pub struct Miner {
    opts: Options,
    bytes: u64,
    last_byte: Option<u8>,
    state: State,
    start_allocations: u64,
    /// Set when the input was rejected: every later call returns it.
    failed: Option<Error>,
}

enum State {
    /// Collecting the first bytes to decide the format.
    Sniffing(Vec<u8>),
    Mining(Box<Mining>),
}

enum Reader {
    Csv { reader: CsvReader, delimiter: u8 },
    Jsonl(JsonlReader),
}

struct Mining {
    reader: Reader,
    table: Table,
    bom: bool,
}

impl Mining {
    fn feed(&mut self, chunk: &[u8]) {
        let table = &mut self.table;
        match &mut self.reader {
            Reader::Csv { reader, .. } => reader.feed(chunk, &mut |r| table.record(r)),
            Reader::Jsonl(reader) => reader.feed(chunk, &mut |e| table.json(e)),
        }
    }

    fn finish(&mut self) {
        let table = &mut self.table;
        match &mut self.reader {
            Reader::Csv { reader, .. } => reader.finish(&mut |r| table.record(r)),
            Reader::Jsonl(reader) => reader.finish(&mut |e| table.json(e)),
        }
    }
}

/// Records to columns.
struct Table {
    has_header: bool,
    max_value_bytes: usize,
    max_columns: usize,
    /// Set once the first record (the header, or the first data row) is seen.
    names: Option<Vec<String>>,
    columns: Vec<ColumnAcc>,
    rows: u64,
    ragged: Examples,
    truncated: Examples,
    too_wide: Examples,
    invalid_utf8: Examples,
    empty_records: u64,
    correlator: Correlator,
    distinct_rows: DistinctRows,
    /// The memory budget every exact table and sketch is counted against.
    budget: Budget,
    /// The sketch sizes of the CSV columns (JSON Lines: by position).
    max_value_bytes_for_sketch: usize,
    /// The current row's identity (for duplicates): a sum over its fields of a mix of the
    /// column index and the value hash (order-free, so JSON key order does not matter).
    row_hash: u64,
    /// JSON Lines: column by flattened name, and the row in which each column was last set.
    by_name: HashMap<String, usize, FixedState>,
    last_row: Vec<u64>,
    malformed: Examples,
    /// JSON objects nested deeper than `max_json_depth`, kept as their text.
    deep_json: Examples,
    test_panic_at_row: Option<u64>,
    number_text: [u8; 20],
}

impl Table {
    fn new(opts: &Options) -> Self {
        Table {
            has_header: opts.has_header,
            max_value_bytes: opts.max_value_bytes,
            max_columns: opts.max_columns,
            names: None,
            columns: Vec::new(),
            rows: 0,
            ragged: Examples::default(),
            truncated: Examples::default(),
            too_wide: Examples::default(),
            invalid_utf8: Examples::default(),
            empty_records: 0,
            correlator: Correlator::new(opts.max_correlation_columns),
            distinct_rows: DistinctRows::new(DistinctRows::lg_k_for(opts.memory_budget_bytes)),
            budget: Budget::new(opts.memory_budget_bytes),
            max_value_bytes_for_sketch: opts.max_value_bytes,
            row_hash: 0,
            by_name: HashMap::with_hasher(FixedState::with_seed(0x4A)),
            last_row: Vec::new(),
            malformed: Examples::default(),
            deep_json: Examples::default(),
            test_panic_at_row: opts.test_panic_at_row,
            number_text: [0; 20],
        }
    }

    fn begin_row(&mut self) {
        self.rows += 1;
        if self.test_panic_at_row == Some(self.rows) {
            panic!("injected panic at data row {} (options.test_panic_at_row)", self.rows);
        }
        self.row_hash = 0;
    }

    /// Value of column `i` in the current row.
    #[inline]
    fn value(&mut self, i: usize, field: Field<'_>, line: u64) {
        let (x, h) = self.columns[i].push(field, line, self.max_value_bytes, &mut self.budget);
        self.row_hash = self.row_hash.wrapping_add(crate::sketch::mix(h ^ (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)));
        if i < self.correlator.cols {
            if let Some(x) = x {
                self.correlator.value(i, x);
            }
        }
    }

    fn end_row(&mut self, valid_utf8: bool, line: u64) {
        if !valid_utf8 {
            self.invalid_utf8.add(line);
        }
        self.distinct_rows.push(self.row_hash, &mut self.budget);
        self.correlator.end_row();
        if self.budget.is_over() {
            self.demote_largest();
        }
    }

    /// Demotes the largest exact tables (largest first, ties by column, then statistic; the
    /// duplicate-row set counts as after the last column) until the state fits the budget.
    #[cold]
    fn demote_largest(&mut self) {
        let mut holders: Vec<(u64, usize, usize)> = Vec::new();
        for (c, col) in self.columns.iter().enumerate() {
            for (k, &b) in col.exact_bytes().iter().enumerate() {
                if b > 0 {
                    holders.push((b, c, k));
                }
            }
        }
        let rows = self.distinct_rows.exact_bytes();
        if rows > 0 {
            holders.push((rows, usize::MAX, 0));
        }
        holders.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        for (_, c, k) in holders {
            if !self.budget.is_over() {
                break;
            }
            if c == usize::MAX {
                self.distinct_rows.demote(&mut self.budget);
            } else {
                self.columns[c].demote(k, &mut self.budget);
            }
        }
    }

    /// Sketch sizes of column `i` of `n` (CSV: all the header's columns alike; JSON Lines: by
    /// position, as they appear).
    fn sketch_params(&self, i: usize, n: usize, jsonl: bool) -> SketchParams {
        let b = self.budget.limit();
        if jsonl {
            SketchParams::for_jsonl_column(b, i, self.max_value_bytes_for_sketch)
        } else {
            SketchParams::for_columns(b, n, self.max_value_bytes_for_sketch)
        }
    }

    /// Counts again what every table holds (after parts were merged), and demotes the largest
    /// while that is over the budget, as the end of a row does.
    fn recount_budget(&mut self) {
        let used = self.columns.iter().map(ColumnAcc::state_bytes).sum::<u64>() + self.distinct_rows.exact_bytes();
        self.budget.set_used(used);
        if self.budget.is_over() {
            self.demote_largest();
        }
    }

    fn new_column(&mut self, name: String) -> usize {
        let n = self.columns.len();
        let params = self.sketch_params(n, n + 1, true);
        let mut col = ColumnAcc::new(params);
        // Rows before this column appeared did not have it.
        for _ in 1..self.rows {
            col.push_missing();
        }
        self.columns.push(col);
        self.names.get_or_insert_with(Vec::new).push(name);
        self.correlator.grow(n + 1);
        n
    }

    /// One JSON Lines event.
    fn json(&mut self, e: JsonEvent<'_>) {
        match e {
            JsonEvent::RowStart { .. } => self.begin_row(),
            JsonEvent::Value { path, value, line } => {
                let i = match self.by_name.get(path) {
                    Some(&i) => i,
                    None if self.columns.len() >= self.max_columns => {
                        self.too_wide.add(line);
                        return;
                    }
                    None => {
                        let i = self.new_column(path.to_string());
                        self.by_name.insert(path.to_string(), i);
                        self.last_row.push(0);
                        i
                    }
                };
                if self.last_row[i] == self.rows {
                    return; // a repeated key: the first one counts
                }
                self.last_row[i] = self.rows;
                if matches!(value, JsonScalar::Raw(_)) {
                    self.deep_json.add(line);
                }
                let mut buf = self.number_text;
                let bytes: &[u8] = match value {
                    JsonScalar::Null => b"",
                    JsonScalar::Bool(true) => b"true",
                    JsonScalar::Bool(false) => b"false",
                    JsonScalar::Number(t) | JsonScalar::Str(t) | JsonScalar::Raw(t) => t,
                    JsonScalar::ArrayLen(n) => {
                        let mut k = buf.len();
                        let mut n = n;
                        loop {
                            k -= 1;
                            buf[k] = b'0' + (n % 10) as u8;
                            n /= 10;
                            if n == 0 {
                                break;
                            }
                        }
                        &buf[k..]
                    }
                };
                let field = Field { bytes, len: bytes.len() as u64 };
                self.value(i, field, line);
            }
            JsonEvent::RowEnd { line, bytes } => {
                for i in 0..self.columns.len() {
                    if self.last_row[i] != self.rows {
                        self.columns[i].push_missing();
                    }
                }
                if self.by_name.is_empty() || self.last_row.iter().all(|&r| r != self.rows) {
                    self.empty_records += 1;
                }
                self.end_row(simdutf8::basic::from_utf8(bytes).is_ok(), line);
            }
            JsonEvent::Malformed { line, .. } => self.malformed.add(line),
        }
    }

    #[inline]
    fn record(&mut self, rec: &Record<'_>) {
        if rec.field_count > self.max_columns as u64 {
            self.too_wide.add(rec.line);
        }
        if self.names.is_none() {
            let n = rec.len();
            let names = if self.has_header {
                rec.fields()
                    .enumerate()
                    .map(|(i, f)| {
                        let name = String::from_utf8_lossy(f.bytes).trim().to_string();
                        if name.is_empty() { format!("column_{}", i + 1) } else { name }
                    })
                    .collect()
            } else {
                (1..=n).map(|i| format!("column_{i}")).collect()
            };
            self.names = Some(names);
            let params = self.sketch_params(0, n, false);
            self.columns = (0..n).map(|_| ColumnAcc::new(params)).collect();
            self.correlator.grow(n);
            if self.has_header {
                return;
            }
        }
        self.begin_row();
        if rec.truncated {
            self.truncated.add(rec.line);
        }
        if rec.is_blank() {
            self.empty_records += 1;
        }
        let ncols = self.columns.len();
        if rec.field_count != ncols as u64 {
            self.ragged.add(rec.line);
        }
        let n = rec.len().min(ncols);
        for i in 0..n {
            self.value(i, rec.field(i), rec.line);
        }
        for col in &mut self.columns[n..] {
            col.push_missing();
        }
        self.end_row(rec.is_valid_utf8(), rec.line);
    }
}

/// The reader for an input that starts with `sample` (all of it when `complete`), and whether
/// it starts with a byte order mark (which the caller skips): the format and delimiter are
/// decided from these bytes only.
fn new_reader(sample: &[u8], complete: bool, opts: &Options) -> Result<(Reader, bool), Error> {
    if let Some(why) = not_text(sample) {
        return Err(Error::Input(why));
    }
    let bom = sample.starts_with(UTF8_BOM);
    let body = if bom { &sample[3..] } else { sample };
    let jsonl = match opts.format.as_deref() {
        Some("jsonl") => true,
        Some(_) => false,
        None => body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{'),
    };
    let reader = if jsonl {
        Reader::Jsonl(JsonlReader::new(opts.max_record_bytes, opts.max_json_depth))
    } else {
        let delimiter = match &opts.delimiter {
            Some(d) => d.as_bytes()[0],
            None => sniff_delimiter(body, complete),
        };
        let limits = Limits { max_record_bytes: opts.max_record_bytes, max_columns: opts.max_columns };
        Reader::Csv { reader: CsvReader::new(delimiter, limits), delimiter }
    };
    Ok((reader, bom))
}

impl Miner {
    pub fn new(opts: Options) -> Result<Miner, Error> {
        opts.validate()?;
        alloc::reset_peak();
        Ok(Miner {
            state: State::Sniffing(Vec::with_capacity(opts.sniff_bytes.min(1 << 20))),
            opts,
            bytes: 0,
            last_byte: None,
            start_allocations: alloc::stats().allocations,
            failed: None,
        })
    }

    /// Bytes pushed so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Data rows seen so far.
    pub fn rows(&self) -> u64 {
        match &self.state {
            State::Mining(s) => s.table.rows,
            State::Sniffing(_) => 0,
        }
    }

    /// Mines the next chunk.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), Error> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        if chunk.is_empty() {
            return Ok(());
        }
        self.bytes += chunk.len() as u64;
        self.last_byte = chunk.last().copied();
        let mut chunk = chunk;
        if let State::Sniffing(buf) = &mut self.state {
            let take = (self.opts.sniff_bytes - buf.len()).min(chunk.len());
            buf.extend_from_slice(&chunk[..take]);
            chunk = &chunk[take..];
            if buf.len() < self.opts.sniff_bytes {
                return Ok(());
            }
            if let Err(e) = self.start(false) {
                self.failed = Some(e.clone());
                return Err(e);
            }
        }
        if let State::Mining(s) = &mut self.state {
            s.feed(chunk);
        }
        Ok(())
    }

    /// Decides the format from the sniffed bytes and mines them.
    fn start(&mut self, complete: bool) -> Result<(), Error> {
        let State::Sniffing(buf) = &mut self.state else { return Ok(()) };
        let sample = std::mem::take(buf);
        let (reader, bom) = new_reader(&sample, complete, &self.opts)?;
        let body = if bom { &sample[3..] } else { &sample[..] };
        let mut m = Box::new(Mining { reader, table: Table::new(&self.opts), bom });
        m.feed(body);
        self.state = State::Mining(m);
        Ok(())
    }

    /// Ends the input and returns the profile.
    pub fn finish(mut self) -> Result<Profile, Error> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        self.start(true)?;
        let State::Mining(mut s) = self.state else { unreachable!("started above") };
        s.finish();
        let input = s.input(self.bytes, self.last_byte);
        Ok(Table::profile(&mut s.table, &input, &self.opts, self.start_allocations))
    }
}

/// What the profile says about the input as a whole, besides what the [`Table`] holds.
#[derive(Clone, Debug)]
struct Input {
    /// CSV: the delimiter; `None`: JSON Lines.
    delimiter: Option<u8>,
    bom: bool,
    bytes: u64,
    last_byte: Option<u8>,
    /// The reader's line number at the end (line breaks + 1).
    line: u64,
    blank_lines: u64,
    unterminated_quote: bool,
}

impl Mining {
    /// The input summary once the reader has finished.
    fn input(&self, bytes: u64, last_byte: Option<u8>) -> Input {
        let (delimiter, line, blank_lines, unterminated_quote) = match &self.reader {
            Reader::Csv { reader, delimiter } => (Some(*delimiter), reader.line(), reader.blank_lines(), reader.in_quoted_field_at_end()),
            Reader::Jsonl(reader) => (None, reader.line(), reader.blank_lines(), false),
        };
        Input { delimiter, bom: self.bom, bytes, last_byte, line, blank_lines, unterminated_quote }
    }
}

impl Table {
    /// The profile from a finished table: the one finishing code for a single pass and for
    /// merged parts (`crate::parallel`).
    fn profile(t: &mut Table, input: &Input, opts: &Options, start_allocations: u64) -> Profile {
        t.correlator.flush();
        let file_finding = |kind, severity, ex: &Examples, message: String| Finding {
            kind,
            severity,
            column: None,
            column_index: None,
            count: ex.count,
            lines: ex.lines(),
            message,
        };
        let mut findings = Vec::new();
        let mut columns = Vec::with_capacity(t.columns.len());
        let names = t.names.clone().unwrap_or_default();
        for (i, (col, name)) in t.columns.iter_mut().zip(&names).enumerate() {
            let (p, f) = col.finish(i, name, &mut t.budget);
            findings.extend(f);
            findings.extend(findings::column_findings(&p, t.rows));
            columns.push(p);
        }
        let t = &*t;
        // Correlations of the numeric columns among the tracked ones.
        let numeric: Vec<usize> =
            (0..t.correlator.cols.min(columns.len())).filter(|&i| matches!(columns[i].ty, "integer" | "float")).collect();
        let correlations = Correlations {
            columns: numeric.iter().map(|&i| columns[i].name.clone()).collect(),
            pearson: numeric
                .iter()
                .map(|&i| {
                    numeric
                        .iter()
                        .map(|&j| match i.cmp(&j) {
                            std::cmp::Ordering::Equal => columns[i].std.filter(|s| *s > 0.0).map(|_| 1.0),
                            std::cmp::Ordering::Less => t.correlator.pairs[t.correlator.idx(i, j)].r(),
                            std::cmp::Ordering::Greater => t.correlator.pairs[t.correlator.idx(j, i)].r(),
                        })
                        .collect()
                })
                .collect(),
        };
        findings.extend(findings::correlation_findings(&correlations, &columns));
        let untracked = columns[t.correlator.cols.min(columns.len())..]
            .iter()
            .filter(|c| matches!(c.ty, "integer" | "float"))
            .count() as u64;
        if untracked > 0 {
            let mut ex = Examples::default();
            ex.count = untracked;
            findings.push(file_finding(
                "correlations_limited",
                Severity::Info,
                &ex,
                format!(
                    "{untracked} numeric column(s) come after the first {} columns and are not in the correlation matrix. Raise max_correlation_columns to include them (the work per row grows with its square).",
                    opts.max_correlation_columns
                ),
            ));
        }
        if t.deep_json.count > 0 {
            findings.push(file_finding(
                "deep_json",
                Severity::Info,
                &t.deep_json,
                format!(
                    "{} value(s) are objects nested deeper than max_json_depth ({}); they are kept as their JSON text in one column. Raise max_json_depth to flatten them.",
                    t.deep_json.count, opts.max_json_depth
                ),
            ));
        }
        let (distinct_rows, dup_exact, dup_err) = t.distinct_rows.estimate();
        let duplicate_rows = t.rows.saturating_sub(distinct_rows);
        let duplicate_rows_error = (2.0 * dup_err * distinct_rows as f64).ceil() as u64;
        findings.extend(findings::duplicate_finding(duplicate_rows, dup_exact, t.rows, dup_err));
        findings.extend(findings::estimated_finding(&columns, dup_exact, opts.memory_budget_bytes));
        if t.invalid_utf8.count > 0 {
            findings.push(file_finding(
                "invalid_utf8",
                Severity::Warning,
                &t.invalid_utf8,
                format!(
                    "{} row(s) contain bytes that are not valid UTF-8; they are shown with U+FFFD. The file may be in another encoding (e.g. Latin-1 or Windows-1252): convert it to UTF-8.",
                    t.invalid_utf8.count
                ),
            ));
        }
        if t.ragged.count > 0 {
            findings.push(file_finding(
                "ragged_rows",
                Severity::Warning,
                &t.ragged,
                format!(
                    "{} row(s) do not have {} fields like the header; missing fields are counted as nulls and extra fields are ignored. Check the delimiter and the quoting on those lines.",
                    t.ragged.count,
                    t.columns.len()
                ),
            ));
        }
        if t.malformed.count > 0 {
            findings.push(file_finding(
                "malformed_json",
                Severity::Warning,
                &t.malformed,
                format!(
                    "{} line(s) are not valid JSON objects (or are longer than max_record_bytes); they were skipped. Check those lines: a truncated write or a stray log line is common.",
                    t.malformed.count
                ),
            ));
        }
        if input.unterminated_quote {
            let mut ex = Examples::default();
            ex.count = 1;
            let mut f = file_finding(
                "unterminated_quote",
                Severity::Error,
                &ex,
                "The input ends inside a quoted field: a closing quote is missing, so everything after the opening quote was read as one field. The file may be truncated.".into(),
            );
            f.lines = vec![];
            findings.push(f);
        }
        if t.truncated.count > 0 {
            findings.push(file_finding(
                "record_truncated",
                Severity::Warning,
                &t.truncated,
                format!(
                    "{} record(s) are longer than max_record_bytes ({} bytes); the bytes past it were counted but not classified (those fields count as strings). Raise max_record_bytes to mine them fully.",
                    t.truncated.count, opts.max_record_bytes
                ),
            ));
        }
        if t.too_wide.count > 0 {
            findings.push(file_finding(
                "too_many_columns",
                Severity::Warning,
                &t.too_wide,
                format!(
                    "{} record(s) have more than max_columns ({}) fields; the fields past it were not mined. Raise max_columns to mine them.",
                    t.too_wide.count, opts.max_columns
                ),
            ));
        }
        let mut one = Examples::default();
        one.count = 1;
        if input.bytes == 0 {
            findings.push(file_finding("empty_input", Severity::Error, &one, "The input is empty.".into()));
        } else if t.names.is_none() {
            findings.push(file_finding(
                "no_records",
                Severity::Error,
                &one,
                "The input has no records, only blank lines.".into(),
            ));
        } else if t.rows == 0 {
            findings.push(file_finding(
                "no_data_rows",
                Severity::Warning,
                &one,
                "The input has a header but no data rows.".into(),
            ));
        }
        let (line, blank_lines) = (input.line, input.blank_lines);
        let newlines = line - 1;
        let lines = newlines + (input.bytes > 0 && input.last_byte != Some(b'\n')) as u64;
        let heap = alloc::stats();
        Profile {
            sluice_version: env!("CARGO_PKG_VERSION"),
            format: if input.delimiter.is_some() { "csv" } else { "jsonl" },
            delimiter: input.delimiter.map(|d| (d as char).to_string()),
            encoding: "utf-8",
            bom: input.bom,
            bytes: input.bytes,
            rows: t.rows,
            lines,
            blank_lines,
            blank_rows: blank_lines + t.empty_records,
            duplicate_rows,
            duplicate_rows_exact: dup_exact,
            duplicate_rows_error,
            memory_budget_bytes: opts.memory_budget_bytes,
            correlations,
            columns,
            findings,
            workers: 1,
            parallel_note: None,
            memory: MemoryStats {
                peak_linear_bytes: alloc::linear_bytes(),
                peak_heap_bytes: heap.heap_peak_bytes,
                allocations: heap.allocations - start_allocations,
            },
        }
    }
}

/// Mines a whole byte slice in one go.
pub fn mine_bytes(data: &[u8], opts: Options) -> Result<Profile, Error> {
    let mut m = Miner::new(opts)?;
    m.push(data)?;
    m.finish()
}

// Mining a part of a file and merging parts (see `crate::parallel`).
pub(crate) mod partial;
