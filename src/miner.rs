//! The miner: bytes in, in chunks of any size; a [`Profile`] out.

use crate::Error;
use crate::alloc;
use crate::column::{ColumnAcc, Examples};
use std::collections::HashMap;


use foldhash::fast::FixedState;

use crate::format::csv::{CsvReader, Limits, Record};
use crate::format::jsonl::{Event as JsonEvent, JsonlReader, Layout, Scalar as JsonScalar};
use crate::format::dialect::{Dialect, Sniffed};
use crate::format::compress::{self, Codec, Decoder};
use crate::format::encoding::Transcoder;
use crate::format::{UTF8_BOM, not_text};
use crate::options::Options;
use crate::cross::relations::Relations;
use crate::findings;
use crate::profile::{Correlations, Finding, MemoryStats, Profile, Severity};
use crate::budget::Budget;
use crate::block::Block;
use crate::cross::Aggregates;
use crate::sketch::{DistinctRows, SketchParams};
use crate::moments::BATCH;

/// Heap of one column outside the memory budget: the accumulator, its name, the string
/// min/max (`2 × max_value_bytes`) and the example values.
pub fn column_overhead(opts: &Options) -> u64 {
    std::mem::size_of::<ColumnAcc>() as u64
        + 2 * opts.max_value_bytes as u64
        + crate::column::EXAMPLES as u64 * (128 + 40)
        + crate::moments::BATCH as u64 * 8 // the batch of numbers
        + crate::column::written_bytes_bound() // how values are written: forms, semantic kinds
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
        + Block::heap_bound(columns as usize, opts.max_record_bytes) // the block's slots and field bytes
        + crate::cross::missing::Missing::fixed_bytes((columns as usize).min(opts.max_nullity_columns)) // nullity pair counts
        + crate::cross::sample::Sample::share_of(budget) + opts.sample_rows as u64 * 24 // the row sample and its heap
        + Relations::share_of(budget) + Relations::key_share_of(budget) * 2 // relationship tables, key samples (a hash map's spare room)
        + Relations::dep_bytes_bound((columns as usize).min(opts.max_relationship_columns), budget) // dependency samples
        + Relations::fixed_bytes((columns as usize).min(opts.max_relationship_columns)) // dictionaries
        + crate::cross::pairs::Pairs::bytes_bound(opts) // two-column determinants and keys
        + (256 << 10); // the rest: boxes, vectors of columns, a demotion's scratch
    // The sketches take a quarter of the budget, except where even the smallest ones for this
    // many columns take more: that excess is overhead too.
    let sketches = columns * SketchParams::for_columns(budget, columns as usize, opts.max_value_bytes).sketch_bytes()
        + (1u64 << DistinctRows::lg_k_for(budget));
    budget + sketches.saturating_sub(budget / 4) + columns * column_overhead(opts) + per_file
}


/// A CSV column's key in a row's identity: its position.
fn column_key(i: usize) -> u64 {
    (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// A JSON Lines column's key in a row's identity: its name, so that parallel parts which see
/// the columns in another order give equal rows equal identities.
fn name_key(name: &str) -> u64 {
    crate::sketch::hash_bytes(name.as_bytes())
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
    /// Decodes an input that is not UTF-8 (`crate::format::encoding`).
    transcoder: Option<Transcoder>,
    /// Decompresses a compressed input (`crate::format::compress`).
    inflow: Inflow,
}

/// Whether the input is compressed: decided on its first bytes.
enum Inflow {
    /// Fewer than [`MAGIC_BYTES`] bytes seen.
    Undecided(Vec<u8>),
    Plain,
    Compressed { decoder: Box<Decoder>, detected: bool },
}

/// Bytes that decide whether the input is compressed.
const MAGIC_BYTES: usize = 6;

enum State {
    /// Collecting the first bytes to decide the format.
    Sniffing(Vec<u8>),
    Mining(Box<Mining>),
}

enum Reader {
    Csv { reader: CsvReader },
    Jsonl(JsonlReader),
}

struct Mining {
    reader: Reader,
    table: Table,
    bom: bool,
    /// CSV: the dialect and preamble decided on the head.
    sniffed: Option<Sniffed>,
    encoding: crate::format::encoding::Choice,
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
    /// CSV: the header decision, for the profile (set from the head before any record).
    header: Option<crate::format::header::Header>,
    /// Header names made unique or filled in: (column, name written, name given).
    renamed: Vec<(usize, String, String)>,
    /// CSV: every record ends with a delimiter (from the head): its empty last field is not a
    /// column.
    trailing_delimiter: bool,
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
    /// The rows of the block being filled, column by column, for the cross-column aggregates.
    block: Block,
    /// Correlations, duplicate rows, ...: every statistic over the whole table
    /// (`crate::cross`).
    cross: Aggregates,
    /// The memory budget every exact table and sketch is counted against.
    budget: Budget,
    /// What the sketch sizes come from: the budget of the whole run (`memory_budget_bytes`,
    /// also in a parallel part, whose own limit is smaller) and `max_value_bytes`.
    sketch_budget: u64,
    max_value_bytes_for_sketch: usize,
    /// The current row's byte offset in the file.
    row_offset: u64,
    /// What identifies each column in a row's identity: CSV, its position; JSON Lines, its
    /// name (parallel parts may see JSON Lines columns in another order).
    row_keys: Vec<u64>,
    /// JSON Lines: column by flattened name, and the row in which each column was last set.
    by_name: HashMap<String, usize, FixedState>,
    last_row: Vec<u64>,
    malformed: Examples,
    /// JSON objects nested deeper than `max_json_depth`, kept as their text.
    deep_json: Examples,
    test_panic_at_row: Option<u64>,
    number_text: [u8; 20],
    /// Scratch for a block column's classified values and their hashes.
    typed: Vec<(crate::infer::Value, u64)>,
    /// The null tokens in force.
    nulls: crate::infer::Nulls,
    /// Each column's conventions, as the head decided them (`Head::formats`): CSV by position,
    /// JSON Lines by name; `default_format` for a column the head did not see.
    head_formats: Vec<crate::infer::ColumnFormat>,
    head_format_names: HashMap<String, usize, FixedState>,
    default_format: crate::infer::ColumnFormat,
    /// CSV in a dataset whose first file is JSON Lines: the header's columns are laid out as
    /// that file's (`crate::miner::partial::Joined`).
    named_header: bool,
}

impl Table {
    fn new(opts: &Options) -> Self {
        Table {
            has_header: opts.has_header.unwrap_or(true),
            header: None,
            renamed: Vec::new(),
            trailing_delimiter: false,
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
            block: Block::new(0),
            cross: Aggregates::new(opts),
            budget: Budget::new(opts.memory_budget_bytes),
            sketch_budget: opts.memory_budget_bytes,
            max_value_bytes_for_sketch: opts.max_value_bytes,
            row_offset: 0,
            row_keys: Vec::new(),
            by_name: HashMap::with_hasher(FixedState::with_seed(0x4A)),
            last_row: Vec::new(),
            malformed: Examples::default(),
            deep_json: Examples::default(),
            test_panic_at_row: opts.test_panic_at_row,
            number_text: [0; 20],
            typed: vec![(crate::infer::Value::Null, 0); crate::block::BLOCK_ROWS],
            nulls: crate::infer::Nulls::new(opts.null_values.as_deref()),
            head_formats: Vec::new(),
            head_format_names: HashMap::with_hasher(FixedState::with_seed(0x4B)),
            default_format: crate::infer::ColumnFormat { day_first: opts.day_first, decimal_comma: opts.forced_decimal_comma(), bools: 0, order_forced: opts.day_first.is_some(), semantic_off: false },
            named_header: false,
        }
    }

    /// Sets each column's conventions from the head (`names` are the head's columns, in the
    /// order of `formats`), for the columns there are and those to come.
    fn set_formats(&mut self, formats: &[crate::infer::ColumnFormat], names: Option<&[String]>, jsonl: bool) {
        self.head_formats = formats.to_vec();
        if jsonl {
            if let Some(names) = names {
                self.head_format_names = names.iter().take(formats.len()).enumerate().map(|(i, n)| (n.clone(), i)).collect::<HashMap<_, _, _>>();
            }
        }
        let jsonl_names = if jsonl { self.names.clone() } else { None };
        for i in 0..self.columns.len() {
            let f = self.format_for(i, jsonl_names.as_ref().map(|n| n[i].as_str()));
            self.columns[i].set_format(f);
        }
    }

    /// The conventions of column `i` (JSON Lines: named `name`).
    fn format_for(&self, i: usize, name: Option<&str>) -> crate::infer::ColumnFormat {
        let at = match name {
            Some(n) => self.head_format_names.get(n).copied(),
            None => Some(i),
        };
        at.and_then(|k| self.head_formats.get(k).copied()).unwrap_or(self.default_format)
    }

    fn begin_row(&mut self, offset: u64) {
        self.rows += 1;
        self.row_offset = offset;
        if self.test_panic_at_row == Some(self.rows) {
            panic!("injected panic at data row {} (options.test_panic_at_row)", self.rows);
        }
    }

    fn end_row(&mut self, valid_utf8: bool, line: u64) {
        if !valid_utf8 {
            self.invalid_utf8.add(line);
        }
        if self.block.end_row(line, self.row_offset) {
            self.flush_block();
        }
    }

    /// The exact tables, as (bytes, column, statistic): the column's statistics
    /// ([`crate::column::STATISTICS`]), then the cross-column aggregates as column `usize::MAX`
    /// in declaration order.
    fn holders(&self) -> Vec<(u64, usize, usize)> {
        let mut holders: Vec<(u64, usize, usize)> = Vec::new();
        for (c, col) in self.columns.iter().enumerate() {
            for (k, &b) in col.exact_bytes().iter().enumerate() {
                if b > 0 {
                    holders.push((b, c, k));
                }
            }
        }
        for (k, b) in self.cross.exact_bytes().into_iter().enumerate() {
            if b > 0 {
                holders.push((b, usize::MAX, k));
            }
        }
        holders
    }

    fn demote_one(&mut self, c: usize, k: usize) {
        if c == usize::MAX {
            self.cross.demote(k, &mut self.budget);
        } else if c < self.columns.len() {
            self.columns[c].demote(k, &mut self.budget);
        }
    }

    /// Demotes the largest exact tables (largest first, ties by column, then statistic; the
    /// cross-column aggregates count as after the last column) until the state fits the budget.
    #[cold]
    fn demote_largest(&mut self) {
        let mut holders = self.holders();
        holders.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        for (_, c, k) in holders {
            if !self.budget.is_over() {
                break;
            }
            self.demote_one(c, k);
        }
    }

    /// Runs each column's statistics over its values in the block's complete rows, then every
    /// cross-column aggregate over the block, and empties it (the row being filled stays). Then,
    /// if the exact tables hold more than the budget allows, demotes the largest.
    fn flush_block(&mut self) {
        if self.block.rows() > 0 {
            let (columns, budget, mvb, typed, nulls) = (&mut self.columns, &mut self.budget, self.max_value_bytes, &mut self.typed, &self.nulls);
            self.block.columns_in(|c, col| columns[c].push_block(col, typed, nulls, mvb, budget));
            self.block.identify_rows(&self.row_keys);
            self.cross.update(&self.block, &mut self.budget);
        }
        self.block.clear();
        if self.budget.is_over() {
            self.demote_largest();
        }
    }

    /// The profile so far over the rows already in the columns (see [`Miner::snapshot`]).
    fn snapshot(&self) -> crate::profile::Snapshot {
        let names = self.names.as_deref().unwrap_or_default();
        crate::profile::Snapshot {
            rows: self.rows - self.block.rows() as u64,
            columns: self.columns.iter().zip(names).map(|(c, n)| c.snapshot(n)).collect(),
            workers: 1,
        }
    }

    /// Sets the header decision (before any record).
    fn set_header(&mut self, header: Option<crate::format::header::Header>) {
        if let Some(h) = &header {
            self.has_header = h.present;
        }
        self.header = header;
    }

    /// Starts the pair search on these columns (before any row).
    fn set_pair_hints(&mut self, hints: crate::cross::pairs::Hints, opts: &Options) {
        self.cross.relations.two.set_hints(hints, opts);
    }

    /// Block slots for columns up to `n`.
    fn grow_block(&mut self, n: usize) {
        if self.block.needs_relayout(n) {
            self.flush_block();
        }
        self.block.grow(n);
    }

    /// Sketch sizes of column `i` of `n` (CSV: all the header's columns alike; JSON Lines: by
    /// position, as they appear).
    fn sketch_params(&self, i: usize, n: usize, jsonl: bool) -> SketchParams {
        let b = self.sketch_budget;
        if jsonl {
            SketchParams::for_jsonl_column(b, i, self.max_value_bytes_for_sketch)
        } else {
            SketchParams::for_columns(b, n, self.max_value_bytes_for_sketch)
        }
    }

    /// Counts again what every table holds (after parts were merged), and demotes the largest
    /// while that is over the budget, as the end of a row does.
    fn recount_budget(&mut self) {
        let used = self.columns.iter().map(ColumnAcc::state_bytes).sum::<u64>() + self.cross.exact_bytes().iter().sum::<u64>();
        self.budget.set_used(used);
        if self.budget.is_over() {
            self.demote_largest();
        }
    }

    fn new_column(&mut self, name: String) -> usize {
        let n = self.columns.len();
        // A new layout hands the block's complete rows on first.
        self.grow_block(n + 1);
        let params = self.sketch_params(n, n + 1, true);
        let mut col = ColumnAcc::new(params);
        col.set_format(self.format_for(n, Some(&name)));
        // Rows before this one did not have it: those already handed on count as missing here,
        // those still in the block have no field in its slots.
        for _ in self.block.rows() as u64 + 1..self.rows {
            col.push_missing();
        }
        self.columns.push(col);
        self.row_keys.push(name_key(&name));
        self.names.get_or_insert_with(Vec::new).push(name);
        n
    }

    /// A column found by its name (a JSON Lines member, or a CSV header's column laid out as
    /// JSON Lines ones): [`Table::new_column`], in `by_name`, not yet set in any row.
    fn add_named_column(&mut self, name: String) -> usize {
        let i = self.new_column(name.clone());
        self.by_name.insert(name, i);
        self.last_row.push(0);
        i
    }

    /// One JSON Lines event.
    fn json(&mut self, e: JsonEvent<'_>) {
        match e {
            JsonEvent::RowStart { offset, .. } => self.begin_row(offset),
            JsonEvent::Value { path, value, line } => {
                let i = match self.by_name.get(path) {
                    Some(&i) => i,
                    None if self.columns.len() >= self.max_columns => {
                        self.too_wide.add(line);
                        return;
                    }
                    None => self.add_named_column(path.to_string()),
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
                        let k = crate::format::decimal_digits(n as u64, &mut buf);
                        &buf[k..]
                    }
                };
                self.block.put(i, bytes, bytes.len() as u64);
            }
            JsonEvent::RowEnd { line, bytes } => {
                // Columns this row does not have keep no field in the block: missing there.
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
            let n = rec.len().saturating_sub(self.trailing_delimiter as usize).max(1);
            let names = if self.has_header {
                let written: Vec<String> = rec.fields().take(n).map(|f| String::from_utf8_lossy(f.bytes).trim().to_string()).collect();
                let (names, renamed) = unique_names(&written);
                self.renamed = renamed;
                names
            } else {
                (1..=n).map(|i| format!("column_{i}")).collect()
            };
            if self.named_header {
                for name in names {
                    self.add_named_column(name);
                }
            } else {
                self.names = Some(names);
                let params = self.sketch_params(0, n, false);
                self.columns = (0..n).map(|_| ColumnAcc::new(params)).collect();
                for i in 0..n {
                    let f = self.format_for(i, None);
                    self.columns[i].set_format(f);
                }
                self.row_keys = (0..n).map(column_key).collect();
                self.grow_block(n);
            }
            if self.has_header {
                return;
            }
        }
        self.begin_row(rec.offset);
        if rec.truncated {
            self.truncated.add(rec.line);
        }
        if rec.is_blank() {
            self.empty_records += 1;
        }
        let ncols = self.columns.len();
        if rec.field_count != (ncols + self.trailing_delimiter as usize) as u64 {
            self.ragged.add(rec.line);
        }
        // Columns past the record's last field are missing in it: no field in the block.
        self.block.put_record(rec, rec.len().min(ncols));
        self.end_row(rec.is_valid_utf8(), rec.line);
    }
}

/// The reader for an input that starts with `sample` (all of it when `complete`), whether it
/// starts with a byte order mark (which the caller skips), and for CSV the dialect and preamble:
/// the format and dialect are decided from these bytes only.
fn new_reader(sample: &[u8], complete: bool, opts: &Options) -> Result<(Reader, bool, Option<Sniffed>), Error> {
    if let Some(why) = not_text(sample) {
        return Err(Error::Input(why));
    }
    let bom = sample.starts_with(UTF8_BOM);
    let body = if bom { &sample[3..] } else { sample };
    let jsonl = match opts.format.as_deref() {
        Some("jsonl" | "json") => true,
        Some(_) => false,
        None => match body.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(i) if body[i] == b'{' => true,
            // An array of objects (a CSV header may start with `[` too).
            Some(i) if body[i] == b'[' => matches!(body[i + 1..].iter().find(|b| !b.is_ascii_whitespace()), Some(b'{' | b']')),
            _ => false,
        },
    };
    if jsonl {
        let layout = crate::format::jsonl::layout(body);
        return Ok((reader_for(None, &layout, opts), bom, None));
    }
    let sniffed = crate::format::dialect::sniff(body, complete, &opts.forced_dialect()).map_err(Error::Options)?;
    Ok((reader_for(Some(&sniffed.dialect), &Layout::Lines, opts), bom, Some(sniffed)))
}

/// A fresh reader of this dialect (`None`: JSON, laid out as `layout` says).
fn reader_for(dialect: Option<&Dialect>, layout: &Layout, opts: &Options) -> Reader {
    match dialect {
        None => Reader::Jsonl(JsonlReader::with_layout(opts.max_record_bytes, opts.max_json_depth, layout)),
        Some(d) => Reader::Csv { reader: CsvReader::with_dialect(*d, Limits { max_record_bytes: opts.max_record_bytes, max_columns: opts.max_columns }) },
    }
}

impl Mining {
    /// Places the reader after the byte order mark and any preamble of a file's first bytes;
    /// returns how many bytes that skips.
    fn skip_head(&mut self) -> usize {
        let pre = self.sniffed.as_ref().map_or(0, |s| s.preamble.bytes);
        let skip = 3 * self.bom as u64 + pre;
        match &mut self.reader {
            Reader::Csv { reader, .. } => {
                reader.start_at(skip);
                reader.skip_lines(self.sniffed.as_ref().map_or(0, |s| s.preamble.lines));
            }
            Reader::Jsonl(reader) => reader.start_at(skip),
        }
        skip as usize
    }
}

impl Miner {
    pub fn new(opts: Options) -> Result<Miner, Error> {
        opts.validate()?;
        if opts.format.as_deref() == Some("xlsx") {
            return Err(Error::Options(
                "an Excel workbook is read with random access to its parts, not pushed as a stream: use format::xlsx::mine_workbook (the CLI and the page do)".into(),
            ));
        }
        if opts.format.as_deref() == Some("parquet") {
            return Err(Error::Options(
                "a Parquet file is read footer first, with random access to its column chunks, not pushed as a stream: use format::parquet::mine_parquet (the CLI and the page do)".into(),
            ));
        }
        alloc::reset_peak();
        Ok(Miner {
            state: State::Sniffing(Vec::with_capacity(opts.sniff_bytes.min(1 << 20))),
            opts,
            bytes: 0,
            last_byte: None,
            start_allocations: alloc::stats().allocations,
            failed: None,
            transcoder: None,
            inflow: Inflow::Undecided(Vec::new()),
        })
    }

    /// The decompression, once decided from `head` (the first bytes, or all of a shorter
    /// input).
    fn decide_inflow(&self, head: &[u8]) -> Inflow {
        let limits = compress::Limits::of(&self.opts);
        let (codec, detected) = match self.opts.compression.as_deref() {
            Some("none") => (None, false),
            None | Some("auto") => (Codec::sniff(head), true),
            Some(c) => (Codec::from_name(c), false),
        };
        match codec {
            Some(c) => Inflow::Compressed { decoder: Box::new(Decoder::new(c, limits)), detected },
            None => Inflow::Plain,
        }
    }

    /// Mines the next chunk of the input as it comes (compressed or not).
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), Error> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        match &mut self.inflow {
            Inflow::Plain => self.push_text(chunk),
            Inflow::Undecided(buf) => {
                if buf.is_empty() && chunk.len() >= MAGIC_BYTES {
                    self.inflow = self.decide_inflow(chunk);
                    return self.push(chunk);
                }
                buf.extend_from_slice(chunk);
                if buf.len() < MAGIC_BYTES {
                    return Ok(());
                }
                let head = std::mem::take(buf);
                self.inflow = self.decide_inflow(&head);
                self.push(&head)
            }
            Inflow::Compressed { .. } => self.push_compressed(chunk, false),
        }
    }

    fn push_compressed(&mut self, chunk: &[u8], last: bool) -> Result<(), Error> {
        let Inflow::Compressed { decoder, .. } = &mut self.inflow else { unreachable!("compressed") };
        let mut d = std::mem::replace(decoder, Box::new(Decoder::new(Codec::Gzip, compress::Limits::default())));
        let mut failed = None;
        let r = d.push(chunk, last, &mut |text| {
            if failed.is_none() {
                failed = self.push_text(text).err();
            }
        });
        if let Inflow::Compressed { decoder, .. } = &mut self.inflow {
            *decoder = d;
        }
        if let Some(e) = failed {
            return Err(e);
        }
        r.map_err(|e| {
            let e = Error::Input(format!("{}{e}.", if e.starts_with("This") { "" } else { "Cannot decompress the input: " }));
            self.failed = Some(e.clone());
            e
        })
    }

    /// Whether the miner takes no more input: the decompression guard stopped it, or a
    /// compressed stream or ZIP entry has ended. A caller may stop reading (pushing more is
    /// harmless).
    pub fn done(&self) -> bool {
        matches!(&self.inflow, Inflow::Compressed { decoder, .. } if decoder.finished())
    }

    /// Bytes pushed so far (decompressed).
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

    /// Mines the next chunk of text (decompressed).
    fn push_text(&mut self, chunk: &[u8]) -> Result<(), Error> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        if chunk.is_empty() {
            return Ok(());
        }
        self.bytes += chunk.len() as u64;
        // The line count looks at the last byte of what the readers see: the raw bytes, or
        // the decoded text once a transcoder runs (set below).
        if self.transcoder.is_none() {
            self.last_byte = chunk.last().copied();
        }
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
            match &mut self.transcoder {
                None => s.feed(chunk),
                Some(t) => {
                    let text = t.decode(chunk, false);
                    if let Some(&b) = text.last() {
                        self.last_byte = Some(b);
                    }
                    s.feed(text);
                }
            }
        }
        Ok(())
    }

    /// Decides the format from the sniffed bytes and mines them.
    fn start(&mut self, complete: bool) -> Result<(), Error> {
        let State::Sniffing(buf) = &mut self.state else { return Ok(()) };
        let sample = std::mem::take(buf);
        // The head, mined on its own as every parallel part reads it, decides the dialect, the
        // header and the pair search.
        let len = if complete { sample.len() as u64 } else { u64::MAX };
        let head = partial::Head::parse(&sample, len, &self.opts)?;
        let mut table = Table::new(&self.opts);
        table.set_formats(&head.formats, head.names.as_deref(), head.sniffed.is_none());
        table.set_pair_hints(head.hints, &self.opts);
        table.set_header(head.header);
        table.trailing_delimiter = head.trailing_delimiter;
        let reader = reader_for(head.sniffed.as_ref().map(|s| &s.dialect), &head.layout, &self.opts);
        let mut m = Box::new(Mining { reader, table, bom: head.bom, sniffed: head.sniffed, encoding: head.encoding });
        // Record offsets count the byte order mark and the preamble the reader does not see.
        let skip = m.skip_head();
        if m.encoding.is_utf8() {
            m.feed(&sample[skip..]);
        } else {
            // Decoded from here on: the readers see UTF-8 (and a UTF-16 byte order mark is not
            // text).
            let mut t = Transcoder::new(m.encoding.encoding);
            let text = t.decode(&sample[m.encoding.bom_len..], complete);
            if let Some(&b) = text.last() {
                self.last_byte = Some(b);
            }
            m.feed(&text[skip.min(text.len())..]);
            self.transcoder = Some(t);
        }
        self.state = State::Mining(m);
        Ok(())
    }

    /// The profile so far (`None` until the format is decided): for a live view while the input
    /// streams. It costs a pass over the columns (no sorting, nothing allocated per value) and
    /// changes nothing: the final profile is the same however often it is taken.
    pub fn snapshot(&self) -> Option<crate::profile::Snapshot> {
        match &self.state {
            State::Mining(m) => Some(m.table.snapshot()),
            State::Sniffing(_) => None,
        }
    }

    /// Ends the input and returns the profile.
    pub fn finish(mut self) -> Result<Profile, Error> {
        if let Some(e) = self.failed.take() {
            return Err(e);
        }
        if let Inflow::Undecided(buf) = &mut self.inflow {
            let head = std::mem::take(buf);
            self.inflow = self.decide_inflow(&head);
            self.push(&head)?;
        }
        let mut compression = None;
        if let Inflow::Compressed { .. } = self.inflow {
            self.push_compressed(&[], true)?;
            if let Inflow::Compressed { decoder, detected } = &self.inflow {
                compression = Some((
                    crate::profile::Compression {
                        codec: decoder.codec().name(),
                        detected: *detected,
                        compressed_bytes: decoder.bytes_in(),
                        ratio: if decoder.bytes_in() > 0 { decoder.bytes_out() as f64 / decoder.bytes_in() as f64 } else { 0.0 },
                        entry: decoder.entry().map(String::from),
                        stopped: decoder.stopped().is_some(),
                    },
                    decoder.stopped().map(String::from),
                    decoder.next_entry().map(String::from),
                ));
            }
        }
        let mut profile = self.finish_text()?;
        if let Some((c, stopped, next)) = compression {
            if let Some(why) = stopped {
                profile.findings.insert(0, crate::profile::Finding {
                    kind: "decompression_limit",
                    severity: crate::profile::Severity::Error,
                    column: None,
                    column_index: None,
                    count: profile.bytes,
                    lines: vec![profile.lines],
                    message: format!("{}: the profile covers the first {} rows only (to line {}). If the file is genuine, raise the limit.", capitalise(&why), profile.rows, profile.lines),
                });
            }
            if let Some(next) = next {
                profile.findings.push(crate::profile::Finding {
                    kind: "archive_entries",
                    severity: crate::profile::Severity::Warning,
                    column: None,
                    column_index: None,
                    count: 1,
                    lines: vec![],
                    message: format!(
                        "The ZIP archive holds more than one file: this profile is of its first, {}; the next is {next}. Unzip it and mine each file.",
                        c.entry.as_deref().unwrap_or("?")
                    ),
                });
            }
            profile.compression = Some(c);
        }
        Ok(profile)
    }

    fn finish_text(mut self) -> Result<Profile, Error> {
        self.start(true)?;
        let State::Mining(mut s) = self.state else { unreachable!("started above") };
        if let Some(t) = &mut self.transcoder {
            let text = t.decode(&[], true);
            self.last_byte = text.last().copied().or(self.last_byte);
            s.feed(text);
        }
        s.finish();
        let input = s.input(self.bytes, self.last_byte);
        Ok(Table::profile(&mut s.table, &input, &self.opts, self.start_allocations))
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Header names made unique: an empty name becomes `column_N` (its position), a repeated one
/// `name_2`, `name_3`... (skipping names the header has already); with the renames as
/// (column, name written, name given).
fn unique_names(written: &[String]) -> (Vec<String>, Vec<(usize, String, String)>) {
    let mut taken: std::collections::HashSet<String> = written.iter().filter(|n| !n.is_empty()).cloned().collect();
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut names = Vec::with_capacity(written.len());
    let mut renamed = Vec::new();
    for (i, w) in written.iter().enumerate() {
        let fresh = |base: &str, first: usize, taken: &mut std::collections::HashSet<String>| {
            let mut k = first;
            loop {
                let n = if first == 0 { format!("{base}{}", i + 1 + k) } else { format!("{base}_{k}") };
                if taken.insert(n.clone()) {
                    return n;
                }
                k += 1;
            }
        };
        let name = if w.is_empty() {
            let n = if taken.insert(format!("column_{}", i + 1)) { format!("column_{}", i + 1) } else { fresh(&format!("column_{}", i + 1), 2, &mut taken) };
            renamed.push((i, String::new(), n.clone()));
            n
        } else if !seen.insert(w.as_str()) {
            let n = fresh(w, 2, &mut taken);
            renamed.push((i, w.clone(), n.clone()));
            n
        } else {
            w.clone()
        };
        names.push(name);
    }
    (names, renamed)
}

/// What the profile says about the input as a whole, besides what the [`Table`] holds.
#[derive(Clone, Debug)]
struct Input {
    /// CSV: the dialect and preamble; `None`: JSON Lines.
    sniffed: Option<Sniffed>,
    encoding: crate::format::encoding::Choice,
    comment_lines: u64,
    bom: bool,
    bytes: u64,
    last_byte: Option<u8>,
    /// The reader's line number at the end (line breaks + 1).
    line: u64,
    blank_lines: u64,
    unterminated_quote: bool,
    /// JSON arrays: where the records are (`$`, `$.data`).
    records_path: Option<String>,
}

impl Mining {
    /// The input summary once the reader has finished.
    fn input(&self, bytes: u64, last_byte: Option<u8>) -> Input {
        let (comment_lines, line, blank_lines, unterminated_quote, records_path) = match &self.reader {
            Reader::Csv { reader, .. } => (reader.comment_lines(), reader.line(), reader.blank_lines(), reader.in_quoted_field_at_end(), None),
            Reader::Jsonl(reader) => (0, reader.line(), reader.blank_lines(), false, reader.layout().records_path()),
        };
        Input { sniffed: self.sniffed.clone(), encoding: self.encoding.clone(), comment_lines, bom: self.bom, bytes, last_byte, line, blank_lines, unterminated_quote, records_path }
    }
}

impl Table {
    /// The profile from a finished table: the one finishing code for a single pass and for
    /// merged parts (`crate::parallel`).
    fn profile(t: &mut Table, input: &Input, opts: &Options, start_allocations: u64) -> Profile {
        t.flush_block();
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
        let (line, blank_lines) = (input.line, input.blank_lines);
        let newlines = line - 1;
        let lines = newlines + (input.bytes > 0 && input.last_byte != Some(b'\n')) as u64;
        let heap = alloc::stats();
        let mut profile = Profile {
            sluice_version: env!("CARGO_PKG_VERSION"),
            profile_version: crate::profile::PROFILE_VERSION,
            files: Vec::new(),
            format: if input.sniffed.is_some() { "csv" } else if input.records_path.is_some() { "json" } else { "jsonl" },
            records_path: input.records_path.clone(),
            delimiter: input.sniffed.as_ref().map(|s| (s.dialect.delimiter as char).to_string()),
            dialect: input.sniffed.as_ref().map(|s| s.report.clone()),
            skipped_lines: input.sniffed.as_ref().map_or(0, |s| s.preamble.lines),
            comment_lines: input.comment_lines,
            encoding: input.encoding.name(),
            encoding_detected: input.encoding.detected,
            encoding_reason: input.encoding.reason.clone(),
            bom: input.bom,
            header: t.header.clone(),
            bytes: input.bytes,
            compression: None,
            sheet: None,
            parquet: None,
            rows: t.rows,
            lines,
            blank_lines,
            blank_rows: blank_lines + t.empty_records,
            // Set by the cross-column aggregates' `finish`.
            duplicate_rows: 0,
            duplicate_rows_exact: true,
            duplicate_rows_error: 0,
            memory_budget_bytes: opts.memory_budget_bytes,
            correlations: Correlations::default(),
            missing: None,
            sample: None,
            associations: None,
            keys: Vec::new(),
            dependencies: Vec::new(),
            redundant_columns: Vec::new(),
            rules: Vec::new(),
            columns: Vec::new(),
            findings,
            workers: 1,
            parallel_note: None,
            memory: MemoryStats {
                peak_linear_bytes: alloc::linear_bytes(),
                peak_heap_bytes: heap.heap_peak_bytes,
                allocations: heap.allocations - start_allocations,
                workers_peak_linear_bytes: None,
            },
        };
        t.cross.finish(&crate::cross::Finish { columns: &columns, rows: t.rows, opts }, &mut profile);
        profile.columns = columns;
        let findings = &mut profile.findings;
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
        findings.extend(findings::estimated_finding(&profile.columns, profile.duplicate_rows_exact, opts.memory_budget_bytes));
        if t.invalid_utf8.count > 0 {
            findings.push(file_finding(
                "invalid_utf8",
                Severity::Warning,
                &t.invalid_utf8,
                format!(
                    "{} row(s) contain bytes that are not valid UTF-8; they are shown with U+FFFD. The file may be in another encoding: set the encoding option (e.g. windows-1252), or convert it to UTF-8.",
                    t.invalid_utf8.count
                ),
            ));
        }
        let header_line = profile.skipped_lines + 1;
        if let Some(s) = input.sniffed.as_ref().filter(|s| s.preamble.lines > 0) {
            let p = &s.preamble;
            findings.push(Finding {
                kind: "skipped_lines",
                severity: Severity::Info,
                column: None,
                column_index: None,
                count: p.lines,
                lines: (1..=p.lines.min(crate::column::EXAMPLE_LINES as u64)).collect(),
                message: format!(
                    "The first {} line(s) come before the table and were skipped{}: {}. Set skip_lines to change this.",
                    p.lines,
                    if s.report.forced.iter().any(|f| f == "skip_lines") { " (skip_lines)" } else { " (they do not split like the rows below them, or are comments)" },
                    p.text.iter().map(|t| format!("{t:?}")).collect::<Vec<_>>().join(", ")
                ),
            });
        }
        if input.comment_lines > 0 {
            findings.push(Finding {
                kind: "comment_lines",
                severity: Severity::Info,
                column: None,
                column_index: None,
                count: input.comment_lines,
                lines: Vec::new(),
                message: format!(
                    "{} comment line(s) (starting with {:?}) between the rows were skipped.",
                    input.comment_lines,
                    input.sniffed.as_ref().and_then(|s| s.report.chosen.comment.clone()).unwrap_or_default()
                ),
            });
        }
        if t.trailing_delimiter {
            findings.push(Finding {
                kind: "trailing_delimiter",
                severity: Severity::Info,
                column: None,
                column_index: None,
                count: t.rows,
                lines: vec![header_line],
                message: "Every line ends with a delimiter, which makes an empty last column without a name; it was dropped. Rows without that delimiter are ragged rows.".into(),
            });
        }
        if !t.renamed.is_empty() {
            let shown: Vec<String> = t.renamed.iter().take(5).map(|(c, w, n)| if w.is_empty() { format!("column {} has no name: \"{n}\"", c + 1) } else { format!("column {} repeats \"{w}\": \"{n}\"", c + 1) }).collect();
            findings.push(Finding {
                kind: "renamed_columns",
                severity: Severity::Info,
                column: Some(t.renamed[0].2.clone()),
                column_index: Some(t.renamed[0].0),
                count: t.renamed.len() as u64,
                lines: vec![header_line],
                message: format!(
                    "{} header name(s) were empty or repeated and were given unique ones ({}{}). Rename them in the file to keep these names stable.",
                    t.renamed.len(),
                    shown.join(", "),
                    if t.renamed.len() > 5 { ", ..." } else { "" }
                ),
            });
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
        profile
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
pub(crate) mod files;
