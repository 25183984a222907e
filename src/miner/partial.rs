//! The miner's side of parallel mining (`crate::parallel` has the protocol): a [`RangeMiner`]
//! mines one part of a file into a [`Partial`], partials serialise to bytes, and a [`Merger`]
//! adds them up in file order and finishes the profile with the same code as a single pass.

use serde::{Deserialize, Serialize};

use super::{Input, Mining, Reader, Table, new_reader, reader_for};
use crate::format::dialect::Sniffed;
use crate::Error;
use crate::column::{ColumnAcc, Examples};
use crate::format::boundary::Boundary;
use crate::budget::Budget;
use crate::options::Options;
use crate::profile::Profile;
use crate::sketch::{DistinctRows, SketchParams};

/// Version of the serialised [`Partial`]: partials are only read by the engine that wrote them.
const FORMAT_VERSION: u32 = 8;

// ---------------------------------------------------------------------------------------------
// Serialised forms of the miner's private state.


/// What a [`Table`] has accumulated (not its options or per-row scratch).
#[derive(Serialize, Deserialize)]
struct TableRepr {
    names: Option<Vec<String>>,
    header: Option<crate::format::header::Header>,
    renamed: Vec<(usize, String, String)>,
    trailing_delimiter: bool,
    columns: Vec<ColumnAcc>,
    rows: u64,
    ragged: Examples,
    truncated: Examples,
    too_wide: Examples,
    invalid_utf8: Examples,
    empty_records: u64,
    cross: crate::cross::Aggregates,
    row_keys: Vec<u64>,
    malformed: Examples,
    deep_json: Examples,
}

impl Table {
    fn to_repr(&self) -> TableRepr {
        // Destructured in full, so that a new field cannot be forgotten here.
        let Table {
            has_header: _,
            header,
            renamed,
            trailing_delimiter,
            max_value_bytes: _,
            max_columns: _,
            names,
            columns,
            rows,
            ragged,
            truncated,
            too_wide,
            invalid_utf8,
            empty_records,
            block,
            cross,
            budget: _,
            sketch_budget: _,
            max_value_bytes_for_sketch: _,
            row_offset: _,
            row_keys,
            by_name: _,
            last_row: _,
            malformed,
            deep_json,
            test_panic_at_row: _,
            number_text: _,
            typed: _,
            nulls: _,
            head_formats: _,
            head_format_names: _,
            default_format: _,
            named_header: _,
        } = self;
        // The block in progress must have been handed on (`Table::flush`).
        assert_eq!(block.rows(), 0, "block not flushed");
        TableRepr {
            names: names.clone(),
            header: header.clone(),
            renamed: renamed.clone(),
            trailing_delimiter: *trailing_delimiter,
            columns: columns.clone(),
            rows: *rows,
            ragged: ragged.clone(),
            truncated: truncated.clone(),
            too_wide: too_wide.clone(),
            invalid_utf8: invalid_utf8.clone(),
            empty_records: *empty_records,
            cross: cross.clone(),
            row_keys: row_keys.clone(),
            malformed: malformed.clone(),
            deep_json: deep_json.clone(),
        }
    }

    fn from_repr(r: TableRepr, opts: &Options) -> Result<Table, Error> {
        let bad = |m: &str| Error::Input(format!("invalid partial profile: {m}"));
        let mut t = Table::new(opts);
        let ncols = r.columns.len();
        if r.names.as_ref().map_or(0, Vec::len) != ncols || !r.cross.correlations.check(opts, ncols) || !r.cross.missing.check(opts) || !r.cross.relations.check(opts) {
            return Err(bad("inconsistent sizes"));
        }
        if let Some(names) = &r.names {
            for (i, n) in names.iter().enumerate() {
                t.by_name.insert(n.clone(), i);
            }
        }
        t.last_row = vec![0; ncols];
        t.names = r.names;
        t.set_header(r.header);
        t.renamed = r.renamed;
        t.trailing_delimiter = r.trailing_delimiter;
        t.columns = r.columns;
        t.rows = r.rows;
        t.ragged = r.ragged;
        t.truncated = r.truncated;
        t.too_wide = r.too_wide;
        t.invalid_utf8 = r.invalid_utf8;
        t.empty_records = r.empty_records;
        t.grow_block(ncols);
        if r.cross.duplicates.distinct.lg_k() != DistinctRows::lg_k_for(opts.memory_budget_bytes) {
            return Err(bad("mined with another memory budget"));
        }
        t.cross = r.cross;
        if r.row_keys.len() != ncols {
            return Err(bad("inconsistent sizes"));
        }
        t.row_keys = r.row_keys;
        t.malformed = r.malformed;
        t.deep_json = r.deep_json;
        t.recount_budget();
        Ok(t)
    }

    /// Folds the batches in progress (numbers of each column, correlation rows) into the
    /// statistics, so that the table can be serialised and merged.
    fn flush(&mut self) {
        self.flush_block();
        let budget = &mut self.budget;
        self.columns.iter_mut().for_each(|c| c.flush(budget));
    }

    /// When both tables' exact tables together would pass this one's budget, demotes the
    /// largest first (a column's statistic on both sides at once, their bytes added up), so that
    /// the merge never holds more than the budget allows, and it stays exact where it can.
    fn demote_before_merging(&mut self, o: &mut Table, map: &[usize]) {
        let used = |t: &Table| t.holders().iter().map(|h| h.0).sum::<u64>();
        if used(self) + used(o) <= self.budget.target() {
            return;
        }
        // o's column j is self's column map[j]; the cross-column aggregates line up as they are.
        let mut combined: std::collections::BTreeMap<(usize, usize), u64> = Default::default();
        for (b, c, k) in self.holders() {
            *combined.entry((c, k)).or_default() += b;
        }
        for (b, c, k) in o.holders() {
            let g = if c == usize::MAX { c } else { map.get(c).copied().unwrap_or(usize::MAX - 1) };
            *combined.entry((g, k)).or_default() += b;
        }
        let mut order: Vec<(u64, usize, usize)> = combined.into_iter().map(|((c, k), b)| (b, c, k)).collect();
        order.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let inverse: std::collections::HashMap<usize, usize> = map.iter().enumerate().map(|(j, &g)| (g, j)).collect();
        // What both hold, kept up to date from the one column (or the aggregates) each step
        // changes: counting every table again per step would be quadratic in the columns.
        let held = |t: &Table, c: usize| {
            if c == usize::MAX {
                t.cross.exact_bytes().iter().sum::<u64>()
            } else {
                t.columns.get(c).map_or(0, ColumnAcc::state_bytes)
            }
        };
        let mut total = used(self) + used(o);
        for (_, c, k) in order {
            if total <= self.budget.target() {
                break;
            }
            let oc = if c == usize::MAX { Some(c) } else { inverse.get(&c).copied() };
            let before = held(self, c) + oc.map_or(0, |oc| held(o, oc));
            self.demote_one(c, k);
            if let Some(oc) = oc {
                o.demote_one(oc, k);
            }
            let after = held(self, c) + oc.map_or(0, |oc| held(o, oc));
            total = total - before + after;
        }
        o.recount_budget();
        self.recount_budget();
    }

    /// A part of a parallel run mines within half the run's budget, so that the worker that
    /// merges can hold its own tables and one part's at once.
    pub(crate) fn as_part(&mut self) {
        self.budget = Budget::new(self.sketch_budget / 2);
    }

    /// A table that starts with these columns: a part after the first (CSV, the header's
    /// columns; JSON Lines, the columns seen before), or any part of a later file of a dataset
    /// (the first file's columns, see [`Joined`]). The first `positional` are laid out as CSV
    /// columns are (every one sized alike from their count, identified in a row by position),
    /// the rest as JSON Lines columns (sized by position as they appear, identified by name).
    fn seeded(opts: &Options, names: &[String], positional: usize) -> Table {
        let mut t = Table::new(opts);
        let positional = positional.min(names.len());
        if positional > 0 {
            let params = t.sketch_params(0, positional, false);
            t.columns = (0..positional).map(|_| ColumnAcc::new(params)).collect();
            t.row_keys = (0..positional).map(super::column_key).collect();
            t.names = Some(names[..positional].to_vec());
            t.grow_block(positional);
        }
        for (i, n) in names[..positional].iter().enumerate() {
            t.by_name.insert(n.clone(), i);
        }
        t.last_row = vec![0; positional];
        for n in &names[positional..] {
            t.add_named_column(n.clone());
        }
        t
    }

    /// Adds `o`, the table of the next part of the file, whose line numbers are shifted by
    /// `shift`. Columns are matched `by_name` (JSON Lines, and a dataset whose first file is
    /// JSON Lines), else by position (CSV: `o` has the first columns of `self`). Fails,
    /// changing nothing, when `o` cannot be merged exactly: a JSON Lines part whose columns
    /// came in an order that gave one of them other sketch sizes, another correlation tracking
    /// or another `max_columns` outcome than a single pass (the part is then mined again,
    /// seeded with the columns of the parts before it, see `crate::parallel`).
    fn merge(&mut self, o: &mut Table, shift: u64, by_name: bool, opts: &Options) -> Result<(), String> {
        self.flush();
        o.flush();
        assert_eq!(o.block.rows(), 0, "block not flushed");
        let cap = opts.max_correlation_columns;
        let o_names_owned = o.names.clone().unwrap_or_default();
        let o_names = &o_names_owned[..];
        // Where each of o's columns goes.
        let mut map = Vec::with_capacity(o_names.len());
        if by_name {
            // A table whose columns came from a CSV header finds them by name too.
            if self.by_name.len() != self.columns.len() {
                self.by_name.clear();
                self.by_name.extend(self.names.iter().flatten().enumerate().map(|(i, n)| (n.clone(), i)));
                self.last_row.resize(self.columns.len(), 0);
            }
            let mut next = self.columns.len();
            for (j, n) in o_names.iter().enumerate() {
                let g = match self.by_name.get(n) {
                    Some(&g) => g,
                    None => {
                        next += 1;
                        next - 1
                    }
                };
                let params = |i: usize| SketchParams::for_jsonl_column(opts.memory_budget_bytes, i, opts.max_value_bytes);
                let rcap = opts.max_relationship_columns;
                if params(j) != params(g) || (j < cap) != (g < cap) || (j < rcap) != (g < rcap) {
                    return Err(format!("column \"{n}\" is column {} in its part but {} in the file", j + 1, g + 1));
                }
                map.push(g);
            }
            if o.too_wide.count > 0 || next > opts.max_columns {
                return Err("the columns reach max_columns".into());
            }
        } else {
            match (&self.names, &o.names) {
                // A later JSON Lines file of the dataset may have added columns after the CSV ones.
                (Some(a), Some(b)) if a.len() >= b.len() && a[..b.len()] == b[..] => map.extend(0..b.len()),
                (_, None) if o.rows == 0 => {}
                _ => return Err("the parts have different columns".into()),
            }
        }
        self.demote_before_merging(o, &map);
        // Columns first seen in o: the rows before had none of them.
        for (j, &g) in map.iter().enumerate() {
            if g == self.columns.len() {
                let params = self.sketch_params(g, g + 1, true);
                self.columns.push(ColumnAcc::missing(params, self.rows));
                self.row_keys.push(super::name_key(&o_names[j]));
                self.names.get_or_insert_with(Vec::new).push(o_names[j].clone());
                self.by_name.insert(o_names[j].clone(), g);
                self.last_row.push(0);
                self.grow_block(g + 1);
            }
        }
        let mut seen = vec![false; self.columns.len()];
        for (j, &g) in map.iter().enumerate() {
            self.columns[g].merge(&o.columns[j], shift, &mut self.budget);
            seen[g] = true;
        }
        for (g, col) in self.columns.iter_mut().enumerate() {
            if !seen[g] {
                col.add_missing(o.rows);
            }
        }
        self.cross.merge(&o.cross, &map, shift, &mut self.budget);
        self.rows += o.rows;
        self.ragged.merge(&o.ragged, shift);
        self.truncated.merge(&o.truncated, shift);
        self.too_wide.merge(&o.too_wide, shift);
        self.invalid_utf8.merge(&o.invalid_utf8, shift);
        self.empty_records += o.empty_records;
        self.malformed.merge(&o.malformed, shift);
        self.deep_json.merge(&o.deep_json, shift);
        self.recount_budget();
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// The head of the file: what every part needs to know before it starts.

/// What the first [`Options::sniff_bytes`] of a file decide for every part: the format, the
/// encoding, the CSV dialect and preamble, the byte order mark, and the columns of the first
/// record.
#[derive(Clone, Debug)]
pub struct Head {
    /// CSV: the dialect, and the preamble the first part skips; `None`: JSON Lines.
    pub sniffed: Option<Sniffed>,
    /// The text encoding, and why. A file that is not UTF-8 is decoded as it is read, in one
    /// pass (its byte offsets are not those of the text the readers see).
    pub encoding: crate::format::encoding::Choice,
    pub bom: bool,
    /// The columns the first record gives (CSV: the header's names, or `column_1`... without a
    /// header; JSON Lines: the members of the objects in the head, in order). `None` when the
    /// head does not hold the whole first record.
    pub names: Option<Vec<String>>,
    /// The columns the two-column determinants and keys are looked for among, from how their
    /// values repeat in the head (`crate::cross::pairs`).
    pub hints: crate::cross::pairs::Hints,
    /// CSV: whether the first record is the header, and why (`None`: JSON Lines).
    pub header: Option<crate::format::header::Header>,
    /// CSV: every record ends with a delimiter; the empty last column is dropped.
    pub trailing_delimiter: bool,
    /// Each of `names`' conventions (day/month order, decimal mark, boolean words), from their
    /// values in the head (`crate::column::ColumnAcc::decide_format`) or the options.
    pub formats: Vec<crate::infer::ColumnFormat>,
    /// JSON: how the text holds its records (lines, or an array read in one pass).
    pub layout: crate::format::jsonl::Layout,
    /// A later file of a dataset of several: the first file's columns and format
    /// (`crate::miner::files::adopt`); `None` for a file on its own or the first.
    pub joined: Option<Joined>,
}

/// What a later file of a dataset takes from the dataset's first file: its columns, in its
/// order, and whether it is CSV. Every part of the later file starts with those columns, laid
/// out as the first file lays them out (CSV: sized alike, identified by position; JSON Lines:
/// by name), so that its parts merge with the first file's whatever the later file's own
/// format: CSV and JSON Lines files of the same columns are one dataset, and a row equal to
/// another in either format is the same row.
#[derive(Clone, Debug, PartialEq)]
pub struct Joined {
    pub names: Vec<String>,
    pub csv: bool,
}

impl Joined {
    /// How many of a part's first columns are laid out as CSV columns.
    fn positional(&self) -> usize {
        if self.csv { self.names.len() } else { 0 }
    }
}

impl Head {
    /// Reads the head: the file's first `min(sniff_bytes, len)` bytes, `len` being the file's
    /// length. The decisions are those of a single pass over the same file.
    pub fn parse(head: &[u8], len: u64, opts: &Options) -> Result<Head, Error> {
        let complete = len < opts.sniff_bytes as u64;
        let raw = &head[..head.len().min(opts.sniff_bytes)];
        let encoding = crate::format::encoding::detect(raw, complete, opts.encoding.as_deref()).map_err(Error::Options)?;
        // Binary signatures are looked for in the bytes themselves (UTF-16 aside, whose NULs are
        // text).
        if encoding.encoding != encoding_rs::UTF_16LE && encoding.encoding != encoding_rs::UTF_16BE {
            if let Some(why) = crate::format::not_text(raw) {
                return Err(Error::Input(why));
            }
        }
        let decoded;
        let sample: &[u8] = if encoding.is_utf8() {
            raw
        } else {
            decoded = crate::format::encoding::Transcoder::new(encoding.encoding).decode(&raw[encoding.bom_len..], complete).to_vec();
            &decoded
        };
        let (reader, bom, sniffed) = new_reader(sample, complete, opts)?;
        let layout = match &reader {
            Reader::Jsonl(r) => r.layout().clone(),
            Reader::Csv { .. } => crate::format::jsonl::Layout::Lines,
        };
        let body = &sample[3 * bom as usize + sniffed.as_ref().map_or(0, |s| s.preamble.bytes as usize)..];
        let (header, trailing_delimiter) = match &sniffed {
            None => (None, false),
            Some(s) => {
                let (detected, trailing) = crate::format::header::sniff(body, s.dialect, complete, reader_limits(opts), opts.has_header.is_none());
                let forced = opts.has_header.map(|present| crate::format::header::Header { present, detected: false, reason: format!("the has_header option says {present}") });
                (detected.or(forced), trailing)
            }
        };
        let opts = Options { test_panic_at_row: None, ..opts.clone() };
        let mut m = Mining { reader, table: Table::new(&opts), bom, sniffed: sniffed.clone(), encoding: encoding.clone() };
        m.table.set_header(header.clone());
        m.table.trailing_delimiter = trailing_delimiter;
        m.table.cross.relations.head_rows = Some(Vec::new());
        m.skip_head();
        m.feed(body);
        if complete {
            m.finish();
        }
        m.table.flush_block();
        // The columns' values decide the candidate columns; their rows, which dependencies
        // among them to follow.
        let rel = &m.table.cross.relations;
        let hints = crate::cross::pairs::Hints::columns_from_head(rel, &opts).select_from_head(rel.head_rows.as_deref().unwrap_or(&[]), &opts);
        let formats = m.table.columns.iter().map(|c| c.decide_format(opts.day_first, opts.forced_decimal_comma())).collect();
        Ok(Head { sniffed, encoding, bom, names: m.table.names.take(), hints, header, trailing_delimiter, formats, layout, joined: None })
    }

    /// CSV: the dialect; `None`: JSON Lines.
    pub fn dialect(&self) -> Option<crate::format::dialect::Dialect> {
        self.sniffed.as_ref().map(|s| s.dialect)
    }

    /// Bytes at the start of the file before its first record: the byte order mark and the
    /// preamble.
    pub fn skip_bytes(&self) -> u64 {
        3 * self.bom as u64 + self.sniffed.as_ref().map_or(0, |s| s.preamble.bytes)
    }
}

// ---------------------------------------------------------------------------------------------
// Mining one part.

/// The state of a part, ready to be merged: its table, and what it saw of the input.
pub struct Partial {
    /// File offset where the part starts: a record start (0 for the first part).
    pub start: u64,
    /// File offset where the next part must start (the file's length at the end).
    pub stop: u64,
    /// Whether the part ran to the end of the file.
    pub eof: bool,
    /// Physical line breaks in `[start, stop)`: the shift of the next part's line numbers.
    pub lines: u64,
    blank_lines: u64,
    comment_lines: u64,
    unterminated_quote: bool,
    last_byte: Option<u8>,
    table: Table,
}

#[derive(Serialize, Deserialize)]
struct PartialRepr {
    version: u32,
    start: u64,
    stop: u64,
    eof: bool,
    lines: u64,
    blank_lines: u64,
    comment_lines: u64,
    unterminated_quote: bool,
    last_byte: Option<u8>,
    table: TableRepr,
}

impl Partial {
    /// The compact binary form (postcard), to cross from a worker to the coordinator.
    pub fn to_bytes(&self) -> Vec<u8> {
        let r = PartialRepr {
            version: FORMAT_VERSION,
            start: self.start,
            stop: self.stop,
            eof: self.eof,
            lines: self.lines,
            blank_lines: self.blank_lines,
            comment_lines: self.comment_lines,
            unterminated_quote: self.unterminated_quote,
            last_byte: self.last_byte,
            table: self.table.to_repr(),
        };
        postcard::to_allocvec(&r).expect("a partial serialises")
    }

    /// Reads [`Partial::to_bytes`]'s output; `opts` must be the options it was mined with.
    pub fn from_bytes(bytes: &[u8], opts: &Options) -> Result<Partial, Error> {
        let r: PartialRepr =
            postcard::from_bytes(bytes).map_err(|e| Error::Input(format!("invalid partial profile: {e}")))?;
        if r.version != FORMAT_VERSION {
            return Err(Error::Input(format!("partial profile of format {}, expected {FORMAT_VERSION}", r.version)));
        }
        Ok(Partial {
            start: r.start,
            stop: r.stop,
            eof: r.eof,
            lines: r.lines,
            blank_lines: r.blank_lines,
            comment_lines: r.comment_lines,
            unterminated_quote: r.unterminated_quote,
            last_byte: r.last_byte,
            table: Table::from_repr(r.table, opts)?,
        })
    }

    /// Data rows in the part.
    pub fn rows(&self) -> u64 {
        self.table.rows
    }

    /// The part's profile so far, all its rows (see [`crate::Miner::snapshot`]): what a dataset's
    /// live view adds up for a finished part.
    pub fn snapshot(&self) -> crate::profile::Snapshot {
        self.table.snapshot()
    }

    /// The columns the part has seen, in its order.
    pub fn column_names(&self) -> &[String] {
        self.table.names.as_deref().unwrap_or(&[])
    }
}

/// Where a [`RangeMiner`] is.
enum Phase {
    /// Looking for the first record start at or after the range's start.
    Seeking(Boundary),
    Mining,
    Done,
}

/// Mines one part of a file: the records that start in `[start, B)`, where `start` is the
/// range's start (given exactly, or found by a [`Boundary`] scan from the range's nominal
/// start) and `B` is the boundary a [`Boundary`] scan finds from the range's end. Feed it the
/// file's bytes from [`RangeMiner::first_byte`] on, until [`RangeMiner::push`] returns false
/// or the file ends.
pub struct RangeMiner {
    phase: Phase,
    mining: Mining,
    opts: Options,
    /// File offset of the next byte pushed.
    pos: u64,
    first_byte: u64,
    start: u64,
    /// The scan for the stop boundary (none for a range that ends at the end of the file).
    end: Option<Boundary>,
    /// The part starts at or after the range's end: it is empty and stops where it starts.
    empty_at: Option<u64>,
    /// BOM bytes still to skip (the first part).
    skip: u64,
    last_byte: Option<u8>,
}

impl RangeMiner {
    /// A miner for the range `[start, end)` of a file whose head is `head`.
    ///
    /// - `exact`: `start` is a record start (0, or where the previous part stopped), and the
    ///   bytes pushed start there. Otherwise the bytes start at `start - 1` and the miner first
    ///   finds a record start at or after `start` ([`Boundary`]).
    /// - `end`: `None` to mine to the end of the file.
    /// - `seed`: the columns to start with in a part after the first; by default the head's
    ///   (`Head::names`). A JSON Lines part mined again after a failed merge gets the columns
    ///   of all the parts before it.
    /// - `window`: see [`Boundary::new`].
    pub fn new(
        head: &Head,
        opts: &Options,
        start: u64,
        end: Option<u64>,
        exact: bool,
        seed: Option<&[String]>,
        window: u64,
    ) -> Result<RangeMiner, Error> {
        opts.validate()?;
        if !head.encoding.is_utf8() {
            return Err(Error::Input(format!("a {} file is decoded in one pass; it cannot be mined in parts", head.encoding.name())));
        }
        let jsonl = head.sniffed.is_none();
        let reader = reader_for(head.sniffed.as_ref().map(|s| &s.dialect), &head.layout, opts);
        let joined = head.joined.as_ref();
        // The columns a part starts with, and how many are laid out as CSV columns.
        let own = |names: &[String]| if jsonl { 0 } else { names.len() };
        let mut table = match (joined, start) {
            // A CSV file's first part reads its header: as CSV columns, or, in a dataset whose
            // first file is JSON Lines, as that file's (by name).
            (Some(j), 0) if !jsonl => {
                let mut t = Table::new(opts);
                t.named_header = !j.csv;
                t
            }
            (Some(j), _) => match seed {
                Some(names) => Table::seeded(opts, names, j.positional()),
                None => Table::seeded(opts, &j.names, j.positional()),
            },
            (None, 0) => Table::new(opts),
            (None, _) => match seed.or(head.names.as_deref()) {
                Some(names) => Table::seeded(opts, names, own(names)),
                None if jsonl => Table::new(opts),
                None => return Err(Error::Input("the head of the file does not hold its first record".into())),
            },
        };
        table.as_part();
        // The conventions are the first file's (in its columns' order) in a later file.
        match joined {
            Some(j) => table.set_formats(&head.formats, Some(&j.names), !j.csv || jsonl),
            None => table.set_formats(&head.formats, head.names.as_deref(), jsonl),
        }
        table.set_pair_hints(head.hints.clone(), opts);
        table.set_header(head.header.clone());
        table.trailing_delimiter = head.trailing_delimiter;
        let (phase, first_byte) = if exact || start == 0 {
            (Phase::Mining, start)
        } else {
            let b = Boundary::new(start, head.dialect(), window);
            let first = b.first_byte();
            (Phase::Seeking(b), first)
        };
        let mut m = RangeMiner {
            phase,
            mining: Mining { reader, table, bom: head.bom, sniffed: head.sniffed.clone(), encoding: head.encoding.clone() },
            opts: opts.clone(),
            pos: first_byte,
            first_byte,
            start,
            end: end.map(|e| Boundary::new(e, head.dialect(), window)),
            empty_at: None,
            skip: if start == 0 { head.skip_bytes() } else { 0 },
            last_byte: None,
        };
        if matches!(m.phase, Phase::Mining) {
            m.begin(start);
        }
        Ok(m)
    }

    /// The range is of the `index`-th file (from 0) of a dataset of several
    /// (`crate::dataset`): its rows' sample priorities get that file's salt, so that rows at the
    /// same offset of two files are sampled independently. Call before the first push.
    pub fn set_file(&mut self, index: usize) {
        self.mining.table.cross.sample.set_file(index);
    }

    /// The part's profile so far (see [`crate::Miner::snapshot`]).
    pub fn snapshot(&self) -> crate::profile::Snapshot {
        self.mining.table.snapshot()
    }

    /// File offset of the first byte to push.
    pub fn first_byte(&self) -> u64 {
        self.first_byte
    }

    /// Where the part starts, once known.
    pub fn start(&self) -> Option<u64> {
        (!matches!(self.phase, Phase::Seeking(_))).then_some(self.start)
    }

    fn begin(&mut self, at: u64) {
        self.start = at;
        self.phase = Phase::Mining;
        if self.end.as_ref().is_some_and(|e| at >= e.first_byte() + 1) {
            self.empty_at = Some(at);
            self.phase = Phase::Done;
            return;
        }
        if at == 0 {
            // The byte order mark and the preamble (`skip`), as a single pass skips them.
            self.mining.skip_head();
            return;
        }
        match &mut self.mining.reader {
            Reader::Csv { reader, .. } => reader.start_at(at),
            Reader::Jsonl(reader) => reader.start_at(at),
        }
    }

    fn set_stop(&mut self, at: u64) {
        match &mut self.mining.reader {
            Reader::Csv { reader, .. } => reader.stop_at(at),
            Reader::Jsonl(reader) => reader.stop_at(at),
        }
    }

    fn stopped(&self) -> Option<u64> {
        if self.empty_at.is_some() {
            return self.empty_at;
        }
        match &self.mining.reader {
            Reader::Csv { reader, .. } => reader.stopped_at(),
            Reader::Jsonl(reader) => reader.stopped_at(),
        }
    }

    /// Mines the next bytes of the file. Returns false once it needs no more.
    pub fn push(&mut self, mut chunk: &[u8]) -> bool {
        if chunk.is_empty() {
            return !matches!(self.phase, Phase::Done);
        }
        if let Phase::Seeking(b) = &mut self.phase {
            let at = self.pos;
            match b.feed(chunk) {
                Some(f) => {
                    self.pos = f.at;
                    chunk = &chunk[(f.at - at) as usize..];
                    self.begin(f.at);
                }
                None => {
                    self.pos += chunk.len() as u64;
                    return true;
                }
            }
        }
        if !matches!(self.phase, Phase::Mining) {
            return false;
        }
        if chunk.is_empty() {
            return true;
        }
        // The stop boundary: scanned before the reader reads the same bytes, so that it is
        // known before the reader gets there.
        let chunk_end = self.pos + chunk.len() as u64;
        if let Some(b) = &mut self.end {
            if b.found().is_none() && chunk_end > b.position() {
                let from = b.position().max(self.pos);
                if let Some(f) = b.feed(&chunk[(from - self.pos) as usize..]) {
                    self.set_stop(f.at);
                }
            }
        }
        self.last_byte = chunk.last().copied();
        let mut body = chunk;
        if self.skip > 0 {
            let k = (self.skip as usize).min(body.len());
            body = &body[k..];
            self.skip -= k as u64;
        }
        self.mining.feed(body);
        self.pos = chunk_end;
        if self.stopped().is_some() {
            self.phase = Phase::Done;
            return false;
        }
        true
    }

    /// The part, once [`RangeMiner::push`] returned false or the file ended (`len` bytes).
    pub fn finish(mut self, len: u64) -> Partial {
        let (start, stop, eof) = match &mut self.phase {
            Phase::Seeking(b) => {
                let at = b.finish(len).at;
                self.begin(at);
                (at, at, true)
            }
            _ => match self.stopped() {
                Some(at) => (self.start, at, at >= len),
                None => {
                    self.mining.finish();
                    (self.start, len, true)
                }
            },
        };
        let input = self.mining.input(0, self.last_byte);
        self.mining.table.flush();
        Partial {
            start,
            stop,
            eof,
            lines: input.line - 1,
            blank_lines: input.blank_lines,
            comment_lines: input.comment_lines,
            unterminated_quote: input.unterminated_quote,
            last_byte: if eof { self.last_byte } else { None },
            table: self.mining.table,
        }
    }

    /// The options this miner runs with.
    pub fn options(&self) -> &Options {
        &self.opts
    }
}

/// How the columns `b` differ from `a`: a missing or extra column, a column renamed at the same
/// position (a guess), or the same columns in another order.
pub fn columns_difference(a: &[String], b: &[String]) -> String {
    let missing: Vec<&String> = a.iter().filter(|n| !b.contains(n)).collect();
    let extra: Vec<&String> = b.iter().filter(|n| !a.contains(n)).collect();
    if missing.is_empty() && extra.is_empty() {
        return "the same columns in another order".to_string();
    }
    if missing.len() == 1 && extra.len() == 1 && a.len() == b.len() {
        let pos = a.iter().position(|n| n == missing[0]);
        if pos.is_some() && pos == b.iter().position(|n| n == extra[0]) {
            return format!("column \"{}\" seems renamed to \"{}\" (a guess from its position)", missing[0], extra[0]);
        }
    }
    let list = |v: &[&String]| v.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ");
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!("no column {}", list(&missing)));
    }
    if !extra.is_empty() {
        parts.push(format!("an extra column {}", list(&extra)));
    }
    parts.join(" and ")
}

fn reader_limits(opts: &Options) -> crate::format::csv::Limits {
    crate::format::csv::Limits { max_record_bytes: opts.max_record_bytes, max_columns: opts.max_columns }
}

// ---------------------------------------------------------------------------------------------
// Merging the parts.

/// Adds up the parts of a file in order, then finishes the profile.
pub struct Merger {
    opts: Options,
    head: Head,
    table: Option<Table>,
    /// Where the next part must start.
    next: u64,
    lines: u64,
    blank_lines: u64,
    comment_lines: u64,
    unterminated_quote: bool,
    last_byte: Option<u8>,
    eof: bool,
    /// Bytes of the files before the current one (see [`Merger::next_file`]).
    bytes_before: u64,
    /// Files added before the current one.
    files_before: usize,
    /// The files completed so far, and the current one's name, rows before it and line offset
    /// (see [`Merger::name_file`]).
    files: Vec<crate::profile::SourceFile>,
    file_name: Option<String>,
    file_compression: Option<&'static str>,
    rows_before: u64,
    line_offset: u64,
    /// The current file: JSON Lines (else CSV), and whether its first line is a header.
    current_jsonl: bool,
    current_header: bool,
}

impl Merger {
    pub fn new(head: Head, opts: &Options) -> Merger {
        Merger {
            opts: opts.clone(),
            current_jsonl: head.sniffed.is_none(),
            current_header: head.header.as_ref().is_some_and(|h| h.present),
            head,
            table: None,
            next: 0,
            lines: 0,
            blank_lines: 0,
            comment_lines: 0,
            unterminated_quote: false,
            last_byte: None,
            eof: false,
            bytes_before: 0,
            files_before: 0,
            files: Vec::new(),
            file_name: None,
            file_compression: None,
            rows_before: 0,
            line_offset: 0,
        }
    }

    /// Names the current file (the first, or the one [`Merger::next_file`] began), and how it
    /// was decompressed: the profile's `files` then lists it with its rows, bytes and lines.
    pub fn name_file(&mut self, name: &str, compression: Option<&'static str>) {
        self.file_name = Some(name.to_string());
        self.file_compression = compression;
    }

    fn rows_so_far(&self) -> u64 {
        self.table.as_ref().map_or(0, |t| t.rows)
    }

    /// The current file's entry in `files`, once its last part is added.
    fn close_file(&mut self) {
        let Some(name) = self.file_name.take() else { return };
        let header = self.files_before > 0 && self.current_header;
        let lines = self.lines - self.line_offset + (self.next > 0 && self.last_byte != Some(b'\n')) as u64;
        self.files.push(crate::profile::SourceFile {
            name,
            format: Some(if self.current_jsonl { "jsonl" } else { "csv" }),
            compression: self.file_compression.take(),
            bytes: self.next,
            rows: self.rows_so_far() - self.rows_before,
            first_line: self.line_offset + 1 + header as u64,
            last_line: self.line_offset + lines.max(1),
            line_offset: self.line_offset,
        });
    }

    /// Goes on with another file of the same dataset, whose head is `head`: its parts follow
    /// the current file's (which must be complete), from byte 0 of the new file, and its lines
    /// are numbered on from the current file's last line, as if the files were one with every
    /// header after the first removed (a header of one physical line: the lines of a header
    /// with a quoted line break, or of a preamble, are counted). The file must join the first
    /// ([`crate::miner::files::joins`]: the same columns, CSV in the same order, JSON Lines by
    /// name, a CSV file after JSON Lines in the order of the first file's keys) and be read with
    /// its conventions ([`crate::miner::files::adopt`]); otherwise the error names the
    /// difference.
    pub fn next_file(&mut self, head: Head) -> Result<(), String> {
        if !self.eof {
            return Err(format!("the file's parts stop at byte {}, before its end: a next file cannot follow", self.next));
        }
        let (a, b) = (crate::miner::files::key_of(&self.head), crate::miner::files::key_of(&head));
        if !crate::miner::files::joins(&a, &b) {
            let why = crate::miner::files::difference(&a, &b);
            return Err(format!("file {} has other columns than the first: {why}", self.files_before + 2));
        }
        if self.head.sniffed.is_some() != head.sniffed.is_some() && head.joined.is_none() {
            return Err(format!("file {} is not read as a later file of the dataset (its head did not adopt the first's)", self.files_before + 2));
        }
        // The new file's header line is not a line of the dataset: its lines are numbered on
        // from the last one as if it were removed (a header of one physical line).
        self.close_file();
        self.current_jsonl = head.sniffed.is_none();
        self.current_header = head.header.as_ref().is_some_and(|h| h.present);
        if self.current_header {
            self.lines = self.lines.saturating_sub(1);
        }
        self.rows_before = self.rows_so_far();
        self.line_offset = self.lines;
        self.bytes_before += self.next;
        self.files_before += 1;
        self.next = 0;
        self.eof = false;
        Ok(())
    }

    /// Where the next part must start.
    pub fn next_start(&self) -> u64 {
        self.next
    }

    /// Whether the part that reached the end of the file was added.
    pub fn is_complete(&self) -> bool {
        self.eof
    }

    /// The columns of the parts added so far, in file order: the seed for mining a JSON Lines
    /// part again after [`Merger::add`] refused it.
    pub fn column_names(&self) -> Vec<String> {
        self.table.as_ref().and_then(|t| t.names.clone()).unwrap_or_default()
    }

    /// Adds the next part. It must start where the previous one stopped
    /// ([`Merger::next_start`]); a JSON Lines part may be refused (see [`Table::merge`]), and
    /// must then be mined again from the same start with [`Merger::column_names`] as its seed.
    pub fn add(&mut self, p: Partial) -> Result<(), String> {
        if p.start != self.next || self.eof {
            return Err(format!("a part starting at byte {} cannot follow one that stopped at {}", p.start, self.next));
        }
        // By name when either the dataset's first file or this one is JSON Lines.
        let by_name = self.head.sniffed.is_none() || self.current_jsonl;
        match &mut self.table {
            None => self.table = Some(p.table),
            Some(t) => {
                let mut o = p.table;
                t.merge(&mut o, self.lines, by_name, &self.opts)?
            }
        }
        self.next = p.stop;
        self.lines += p.lines;
        self.blank_lines += p.blank_lines;
        self.comment_lines += p.comment_lines;
        self.eof = p.eof;
        if p.eof {
            self.unterminated_quote = p.unterminated_quote;
            self.last_byte = p.last_byte;
        }
        Ok(())
    }

    /// The profile of the whole file (every part up to the end of the file added).
    pub fn finish(mut self, start_allocations: u64) -> Result<Profile, Error> {
        if !self.eof {
            return Err(Error::Input(format!("the parts stop at byte {}, before the end of the file", self.next)));
        }
        self.close_file();
        let mut table = self.table.unwrap_or_else(|| Table::new(&self.opts));
        let input = Input {
            sniffed: self.head.sniffed.clone(),
            encoding: self.head.encoding.clone(),
            comment_lines: self.comment_lines,
            bom: self.head.bom,
            bytes: self.bytes_before + self.next,
            last_byte: self.last_byte,
            line: self.lines + 1,
            blank_lines: self.blank_lines,
            unterminated_quote: self.unterminated_quote,
            records_path: self.head.layout.records_path(),
        };
        let mut profile = Table::profile(&mut table, &input, &self.opts, start_allocations);
        profile.files = self.files;
        Ok(profile)
    }
}
