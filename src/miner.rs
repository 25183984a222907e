//! The miner: bytes in, in chunks of any size; a [`Profile`] out.

use crate::alloc;
use crate::column::{ColumnAcc, Examples};
use crate::format::csv::{CsvReader, Limits, Record};
use crate::format::{UTF8_BOM, sniff_delimiter};
use crate::options::Options;
use crate::profile::{Finding, MemoryStats, Profile, Severity};
use crate::Error;

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
}

enum State {
    /// Collecting the first bytes to decide the format.
    Sniffing(Vec<u8>),
    Csv(Box<CsvState>),
}

struct CsvState {
    reader: CsvReader,
    table: Table,
    delimiter: u8,
    bom: bool,
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
            self.columns = vec![ColumnAcc::default(); n];
            if self.has_header {
                return;
            }
        }
        self.rows += 1;
        if rec.truncated {
            self.truncated.add(rec.line);
        }
        let ncols = self.columns.len();
        if rec.field_count != ncols as u64 {
            self.ragged.add(rec.line);
        }
        let n = rec.len().min(ncols);
        for (i, col) in self.columns.iter_mut().enumerate().take(n) {
            col.push(rec.field(i), rec.line, self.max_value_bytes);
        }
        for col in &mut self.columns[n..] {
            col.push_missing();
        }
    }
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
        })
    }

    /// Bytes pushed so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Data rows seen so far.
    pub fn rows(&self) -> u64 {
        match &self.state {
            State::Csv(s) => s.table.rows,
            State::Sniffing(_) => 0,
        }
    }

    /// Mines the next chunk.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), Error> {
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
            self.start(false)?;
        }
        if let State::Csv(s) = &mut self.state {
            let table = &mut s.table;
            s.reader.feed(chunk, &mut |r| table.record(r));
        }
        Ok(())
    }

    /// Decides the format from the sniffed bytes and mines them.
    fn start(&mut self, complete: bool) -> Result<(), Error> {
        let State::Sniffing(buf) = &mut self.state else { return Ok(()) };
        let sample = std::mem::take(buf);
        let bom = sample.starts_with(UTF8_BOM);
        let body = if bom { &sample[3..] } else { &sample[..] };
        let delimiter = match &self.opts.delimiter {
            Some(d) => d.as_bytes()[0],
            None => sniff_delimiter(body, complete),
        };
        let limits = Limits { max_record_bytes: self.opts.max_record_bytes, max_columns: self.opts.max_columns };
        let mut st = Box::new(CsvState { reader: CsvReader::new(delimiter, limits), table: Table::new(&self.opts), delimiter, bom });
        let table = &mut st.table;
        st.reader.feed(body, &mut |r| table.record(r));
        self.state = State::Csv(st);
        Ok(())
    }

    /// Ends the input and returns the profile.
    pub fn finish(mut self) -> Result<Profile, Error> {
        self.start(true)?;
        let State::Csv(mut s) = self.state else { unreachable!("started above") };
        {
            let table = &mut s.table;
            s.reader.finish(&mut |r| table.record(r));
        }
        let t = &s.table;
        let mut findings = Vec::new();
        let mut columns = Vec::with_capacity(t.columns.len());
        let names = t.names.clone().unwrap_or_default();
        for (i, (col, name)) in t.columns.iter().zip(&names).enumerate() {
            let (p, f) = col.finish(i, name);
            columns.push(p);
            findings.extend(f);
        }
        let file_finding = |kind, severity, ex: &Examples, message: String| Finding {
            kind,
            severity,
            column: None,
            column_index: None,
            count: ex.count,
            lines: ex.lines(),
            message,
        };
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
        if s.reader.in_quoted_field_at_end() {
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
                    t.truncated.count, self.opts.max_record_bytes
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
                    t.too_wide.count, self.opts.max_columns
                ),
            ));
        }
        if self.bytes == 0 {
            findings.push(file_finding("empty_input", Severity::Error, &Examples::default(), "The input is empty.".into()));
        } else if t.names.is_none() {
            findings.push(file_finding(
                "no_records",
                Severity::Error,
                &Examples::default(),
                "The input has no records, only blank lines.".into(),
            ));
        } else if t.rows == 0 {
            findings.push(file_finding(
                "no_data_rows",
                Severity::Warning,
                &Examples::default(),
                "The input has a header but no data rows.".into(),
            ));
        }
        let newlines = s.reader.line() - 1;
        let lines = newlines + (self.bytes > 0 && self.last_byte != Some(b'\n')) as u64;
        let heap = alloc::stats();
        Ok(Profile {
            sluice_version: env!("CARGO_PKG_VERSION"),
            format: "csv",
            delimiter: Some((s.delimiter as char).to_string()),
            encoding: "utf-8",
            bom: s.bom,
            bytes: self.bytes,
            rows: t.rows,
            lines,
            blank_lines: s.reader.blank_lines(),
            columns,
            findings,
            memory: MemoryStats {
                peak_linear_bytes: alloc::linear_bytes(),
                peak_heap_bytes: heap.heap_peak_bytes,
                allocations: heap.allocations - self.start_allocations,
            },
        })
    }
}

/// Mines a whole byte slice in one go.
pub fn mine_bytes(data: &[u8], opts: Options) -> Result<Profile, Error> {
    let mut m = Miner::new(opts)?;
    m.push(data)?;
    m.finish()
}
