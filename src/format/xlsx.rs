//! Excel workbooks (`.xlsx`, `.xlsm`): each worksheet streamed out of its ZIP entry, cell by
//! cell, into the same [`Miner`] as a CSV.
//!
//! The workbook is read with [`calamine`] over any `Read + Seek` source (a file natively, a
//! `Blob` read slice by slice in the page's worker): the ZIP's central directory, the shared
//! strings and the styles are read first (they are the format's own buffers, held whole, as
//! Excel itself does), then the sheet's XML is decompressed and parsed as it is read
//! ([`calamine::XlsxCellReader`]), one cell at a time, so a sheet's size does not count.
//!
//! Each row becomes one CSV record, written with the quoting of RFC 4180 and mined by a
//! [`Miner`] whose dialect is fixed (`,`, `"`, no comments, no preamble), so every statistic,
//! finding and bound of the CSV path holds. Values are written as Sluice reads them:
//! - numbers in their shortest form that reads back to the same `f64` (integers without a
//!   fraction), booleans as `TRUE`/`FALSE`;
//! - dates and times (a number whose cell format is a date format) as ISO 8601: `2024-01-05`,
//!   `2024-01-05T10:30:00`, or `10:30:00` for a time of day; durations as their number of days;
//! - error cells (`#DIV/0!`, `#N/A`, ...) as empty (null), counted in a `cell_errors` finding.
//!
//! **Header rule.** Rows before the first row with a value are skipped (finding
//! `sheet_leading_rows`); that row is the header unless `has_header` is false. A header cell
//! merged across columns names each column it covers (made unique as any repeated name:
//! `Q1`, `Q1_2`, ...), finding `merged_header_cells`.
//!
//! **Line numbers** are sheet row numbers, as Excel shows them: every row up to the last is a
//! line, empty ones blank. (A cell that holds a line break makes the rows after it a line
//! later, as the same sheet saved as CSV would; finding `cell_line_breaks`.)

use std::io::{Read, Seek};

use calamine::{DataRef, Reader, SheetType, Xlsx};

use crate::profile::{Profile, Severity};
use crate::{Error, Miner, Options};

/// How many bytes of CSV text are gathered before they are pushed to the miner.
const PUSH_BYTES: usize = 256 << 10;

/// Which sheets to mine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetChoice {
    /// The first worksheet.
    First,
    /// The worksheet of this name (or, failing that, this 1-based position, `"2"`).
    Named(String),
    /// Every worksheet, one profile each.
    All,
}

impl SheetChoice {
    /// `None`/`""`: the first; `"all"`: every one; otherwise a name or a 1-based position.
    pub fn parse(s: Option<&str>) -> SheetChoice {
        match s {
            None | Some("") => SheetChoice::First,
            Some("all") | Some("*") => SheetChoice::All,
            Some(n) => SheetChoice::Named(n.to_string()),
        }
    }
}

/// Whether `head` (the first bytes of a file) and its `name` look like an Excel workbook: a
/// ZIP whose first entry is an OOXML part, or a `.xlsx`/`.xlsm` name on a ZIP.
pub fn is_workbook(head: &[u8], name: Option<&str>) -> bool {
    if !head.starts_with(b"PK\x03\x04") {
        return false;
    }
    let by_name = name.is_some_and(|n| {
        let n = n.to_ascii_lowercase();
        n.ends_with(".xlsx") || n.ends_with(".xlsm")
    });
    by_name || first_entry_name(head).is_some_and(|e| is_office_part(e) && !e.starts_with("word/") && !e.starts_with("ppt/") && e != "mimetype")
}

/// Whether a ZIP entry's name is a part of an Office document (OOXML or OpenDocument), as
/// the first entry of a workbook, a Word or PowerPoint file is: `[Content_Types].xml`,
/// `_rels/`, `docProps/`, `xl/`, `word/`, `ppt/`, `customXml/`, or ODF's `mimetype`.
pub fn is_office_part(name: &str) -> bool {
    name == "[Content_Types].xml"
        || name == "mimetype"
        || ["_rels/", "docProps/", "xl/", "word/", "ppt/", "customXml/"].iter().any(|p| name.starts_with(p))
}

/// Parts held whole in memory (the shared strings, the styles, the workbook part) may be at
/// most this large once decompressed.
pub const MAX_WHOLE_PART_BYTES: u64 = 1 << 30;

/// Past this many decompressed bytes, a part's ratio to its compressed size is checked.
const RATIO_FLOOR: u64 = 64 << 20;

/// The decompression guard for workbooks, on the sizes the ZIP's central directory declares:
/// a part over `max_decompressed_bytes`, or over 64 MiB and `max_decompression_ratio` times its
/// compressed size, or a part held whole over [`MAX_WHOLE_PART_BYTES`], is refused before
/// anything is decompressed.
fn check_parts<R: Read + Seek>(reader: &mut R, opts: &Options) -> Result<(), Error> {
    let mut zip = zip::ZipArchive::new(&mut *reader).map_err(|z| {
        Error::Input(format!("Cannot read this Excel workbook: its ZIP structure is damaged or missing ({z}); the file may be truncated or not a workbook."))
    })?;
    for i in 0..zip.len() {
        let Ok(f) = zip.by_index_raw(i) else { continue };
        let (size, packed) = (f.size(), f.compressed_size().max(1));
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        let whole = name.starts_with("xl/") && !name.starts_with("xl/worksheets/") && name.ends_with(".xml");
        let refuse = |why: String| Err(Error::Input(format!("This Excel workbook's part {name} would decompress to {size} bytes from {packed}: {why}. It is refused before anything is read; if the file is genuine, raise the limit.")));
        if size > opts.max_decompressed_bytes {
            return refuse(format!("over max_decompressed_bytes ({})", opts.max_decompressed_bytes));
        }
        if size > RATIO_FLOOR && size as f64 > opts.max_decompression_ratio * packed as f64 {
            return refuse(format!("{:.0} times its compressed size, over max_decompression_ratio ({}): a decompression bomb", size as f64 / packed as f64, opts.max_decompression_ratio));
        }
        if whole && size > MAX_WHOLE_PART_BYTES {
            return refuse(format!("a part held whole in memory may be at most {MAX_WHOLE_PART_BYTES} bytes"));
        }
    }
    drop(zip);
    reader.seek(std::io::SeekFrom::Start(0)).map_err(|e| Error::Input(format!("Cannot read the workbook: {e}.")))?;
    Ok(())
}

/// The name of a ZIP's first entry, from its local header.
fn first_entry_name(head: &[u8]) -> Option<&str> {
    if head.len() < 30 {
        return None;
    }
    let n = u16::from_le_bytes([head[26], head[27]]) as usize;
    head.get(30..30 + n).and_then(|b| std::str::from_utf8(b).ok())
}

/// An open workbook.
pub struct Workbook<R: Read + Seek> {
    xlsx: Xlsx<R>,
    /// The worksheets (chart sheets and dialog sheets have no cells to mine).
    sheets: Vec<String>,
    /// Size of the workbook file in bytes.
    file_bytes: u64,
}

fn open_error(e: calamine::XlsxError) -> Error {
    match e {
        calamine::XlsxError::Zip(z) => Error::Input(format!(
            "Cannot read this Excel workbook: its ZIP structure is damaged or missing ({z}); the file may be truncated or not a workbook."
        )),
        e => Error::Input(format!("Cannot read this Excel workbook: {e}.")),
    }
}

impl<R: Read + Seek> Workbook<R> {
    /// Opens the workbook: its central directory, workbook part, shared strings and styles,
    /// once [`check_parts`] has found no part too large to decompress.
    pub fn open(mut reader: R, opts: &Options) -> Result<Workbook<R>, Error> {
        check_parts(&mut reader, opts)?;
        let file_bytes = reader.seek(std::io::SeekFrom::End(0)).map_err(|e| Error::Input(format!("Cannot read the workbook: {e}.")))?;
        reader.seek(std::io::SeekFrom::Start(0)).map_err(|e| Error::Input(format!("Cannot read the workbook: {e}.")))?;
        let xlsx: Xlsx<R> = Xlsx::new(reader).map_err(open_error)?;
        let sheets: Vec<String> = xlsx.sheets_metadata().iter().filter(|s| s.typ == SheetType::WorkSheet).map(|s| s.name.clone()).collect();
        if sheets.is_empty() {
            return Err(Error::Input("This Excel workbook has no worksheet to mine (it holds only chart or dialog sheets, or none).".into()));
        }
        Ok(Workbook { xlsx, sheets, file_bytes })
    }

    /// The worksheets' names, in the workbook's order.
    pub fn sheet_names(&self) -> &[String] {
        &self.sheets
    }

    /// The sheets `choice` selects, by index.
    pub fn select(&self, choice: &SheetChoice) -> Result<Vec<usize>, Error> {
        match choice {
            SheetChoice::First => Ok(vec![0]),
            SheetChoice::All => Ok((0..self.sheets.len()).collect()),
            SheetChoice::Named(n) => {
                if let Some(i) = self.sheets.iter().position(|s| s == n) {
                    return Ok(vec![i]);
                }
                if let Ok(k) = n.parse::<usize>() {
                    if (1..=self.sheets.len()).contains(&k) {
                        return Ok(vec![k - 1]);
                    }
                }
                Err(Error::Options(format!("sheet {n:?} is not in this workbook; its sheets are {}", quoted_list(&self.sheets))))
            }
        }
    }

    /// Mines the sheet at `index` with `opts` (its dialect options are set here) and returns
    /// its profile. `progress` is called with the rows read so far and the miner, every few
    /// thousand rows.
    pub fn mine_sheet(&mut self, index: usize, opts: &Options, progress: &mut super::Progress<'_>) -> Result<Profile, Error> {
        let name = self.sheets.get(index).cloned().ok_or_else(|| Error::Options(format!("no sheet at position {}", index + 1)))?;
        let mut o = opts.clone();
        o.format = Some("csv".into());
        o.delimiter = Some(",".into());
        o.quote = Some("\"".into());
        o.escape = Some(String::new());
        o.comment = Some(String::new());
        o.skip_lines = Some(0);
        o.line_ending = Some("lf".into());
        o.encoding = Some("utf-8".into());
        o.compression = Some("none".into());
        let header_forced = o.has_header.is_some();
        if o.has_header.is_none() {
            o.has_header = Some(true);
        }
        let header = o.has_header != Some(false);
        let merged = self.xlsx.merge_cells_by_sheet_name(&name).map_err(open_error)?;
        let mut miner = Miner::new(o)?;
        let mut w = SheetWriter { header, header_forced, merged: merged.iter().filter(|m| m.end.1 > m.start.1).map(|m| (m.start.0, m.end.0, m.start.1, m.end.1)).collect(), ..Default::default() };
        {
            let mut cells = self.xlsx.worksheet_cells_reader(&name).map_err(open_error)?;
            while let Some(cell) = cells.next_cell().map_err(|e| Error::Input(format!("Cannot read sheet {name:?} of this workbook: {e}.")))? {
                let (row, col) = cell.get_position();
                // A new row: push what has gathered once it is enough.
                if w.cell(row, col, cell.get_value()) && w.text.len() >= PUSH_BYTES {
                    let cut = w.text.len() - w.row_bytes();
                    miner.push(&w.text[..cut])?;
                    w.text.drain(..cut);
                    progress(w.rows_written, &miner);
                }
            }
        }
        w.end_row();
        miner.push(&w.text)?;
        w.text.clear();
        let mut profile = miner.finish()?;
        w.annotate(&mut profile, &name, index, &self.sheets, self.file_bytes);
        Ok(profile)
    }
}

fn quoted_list(names: &[String]) -> String {
    names.iter().map(|n| format!("{n:?}")).collect::<Vec<_>>().join(", ")
}

/// Turns a sheet's cells, in row-major order, into CSV text.
#[derive(Default)]
struct SheetWriter {
    text: Vec<u8>,
    /// The row being written (0-based), where it starts in `text`, and the commas written in
    /// it (the column the next field is in).
    current_row: Option<u32>,
    row_start: usize,
    next_col: u32,
    /// Whether the `has_header` option said whether there is a header.
    header_forced: bool,
    /// Whether the first row is the header, and the merged regions spanning columns:
    /// (first row, last row, first column, last column), 0-based.
    header: bool,
    merged: Vec<(u32, u32, u32, u32)>,
    /// Rows written so far as lines (blank ones included).
    lines_written: u32,
    rows_written: u64,
    /// The first row with a value (0-based).
    header_row: Option<u32>,
    /// Fields in the first row: later rows are padded to it.
    width: u32,
    /// Header cells that are the first of a merged region: (first column, last column).
    merged_header: Vec<(u32, u32)>,
    /// The header row's values by column, for merged regions.
    header_values: Vec<(u32, String)>,
    errors: u64,
    error_lines: Vec<u64>,
    line_breaks: u64,
    line_break_lines: Vec<u64>,
    number: [u8; 32],
}

const MAX_LINES: usize = 10;

impl SheetWriter {
    /// Writes one cell; returns whether it began a new row.
    fn cell(&mut self, row: u32, col: u32, value: &DataRef<'_>) -> bool {
        if matches!(value, DataRef::Empty) {
            return false;
        }
        let mut new_row = false;
        if self.current_row != Some(row) {
            self.end_row();
            if self.header_row.is_none() {
                self.header_row = Some(row);
            }
            // Blank lines for the rows without a cell, so lines are sheet rows.
            while self.lines_written < row {
                self.text.push(b'\n');
                self.lines_written += 1;
            }
            self.current_row = Some(row);
            self.row_start = self.text.len();
            self.next_col = 0;
            new_row = true;
        }
        // Cells come in column order; a gap is empty fields.
        while self.next_col < col {
            self.text.push(b',');
            self.next_col += 1;
        }
        let start = self.text.len();
        let line = u64::from(row) + 1;
        match value {
            DataRef::Int(i) => self.text.extend_from_slice(itoa_i64(*i, &mut self.number)),
            DataRef::Float(f) => self.write_float(*f),
            DataRef::String(s) => self.write_text(s, line),
            DataRef::SharedString(s) => self.write_text(s, line),
            DataRef::Bool(b) => self.text.extend_from_slice(if *b { b"TRUE" } else { b"FALSE" }),
            DataRef::DateTime(d) => {
                if d.is_datetime() {
                    self.write_datetime(d)
                } else {
                    self.write_float(d.as_f64())
                }
            }
            DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => self.write_text(s, line),
            DataRef::Error(_) => {
                self.errors += 1;
                if self.error_lines.len() < MAX_LINES && self.error_lines.last() != Some(&line) {
                    self.error_lines.push(line);
                }
            }
            DataRef::Empty => {}
        }
        if self.header && self.header_row == Some(row) {
            // A header cell merged across columns names each of them.
            if let Some(&(_, _, c0, c1)) = self.merged.iter().find(|m| m.0 <= row && row <= m.1 && m.2 == col) {
                let field = self.text[start..].to_vec();
                for _ in c0..c1 {
                    self.text.push(b',');
                    self.text.extend_from_slice(&field);
                }
                self.next_col = c1;
                self.merged_header.push((c0, c1));
            }
            let v = match value {
                DataRef::String(s) => s.clone(),
                DataRef::SharedString(s) => s.to_string(),
                _ => String::from_utf8_lossy(&self.text[start..]).split(',').next().unwrap_or_default().to_string(),
            };
            self.header_values.push((col, v));
        }
        new_row
    }

    /// Bytes of the row being written (after the last line break).
    fn row_bytes(&self) -> usize {
        self.text.len() - self.row_start
    }

    fn end_row(&mut self) {
        if let Some(row) = self.current_row {
            // A row is as wide as the first (Excel writes no cell for an empty one), so trailing
            // empty cells are nulls, not a ragged row.
            if Some(row) == self.header_row {
                self.width = self.next_col + 1;
            }
            while self.next_col + 1 < self.width {
                self.text.push(b',');
                self.next_col += 1;
            }
            self.text.push(b'\n');
            self.lines_written += 1;
            self.rows_written += 1;
            self.current_row = None;
        }
    }

    fn write_float(&mut self, f: f64) {
        if f.is_finite() {
            use std::io::Write;
            let _ = write!(self.text, "{f}");
        }
    }

    fn write_text(&mut self, s: &str, line: u64) {
        let b = s.as_bytes();
        if b.contains(&b'\n') {
            self.line_breaks += 1;
            if self.line_break_lines.len() < MAX_LINES && self.line_break_lines.last() != Some(&line) {
                self.line_break_lines.push(line);
            }
        }
        super::push_csv_field(&mut self.text, b);
    }

    fn write_datetime(&mut self, d: &calamine::ExcelDateTime) {
        use std::io::Write;
        let serial = d.as_f64();
        let (y, mo, da, h, mi, s, ms) = d.to_ymd_hms_milli();
        let has_time = serial.fract() != 0.0;
        if (0.0..1.0).contains(&serial) {
            let _ = write!(self.text, "{h:02}:{mi:02}:{s:02}");
        } else if has_time {
            let _ = write!(self.text, "{y:04}-{mo:02}-{da:02}T{h:02}:{mi:02}:{s:02}");
        } else {
            let _ = write!(self.text, "{y:04}-{mo:02}-{da:02}");
            return;
        }
        if ms > 0 {
            let _ = write!(self.text, ".{ms:03}");
        }
    }

    /// Sets the profile's sheet fields and adds the sheet's findings.
    #[allow(clippy::too_many_arguments)]
    fn annotate(&self, p: &mut Profile, name: &str, index: usize, sheets: &[String], file_bytes: u64) {
        p.format = "xlsx";
        p.delimiter = None;
        p.dialect = None;
        p.encoding_detected = false;
        p.encoding_reason = "the workbook's XML parts are UTF-8".into();
        p.sheet = Some(crate::profile::SheetInfo { name: name.to_string(), index: index + 1, sheets: sheets.to_vec(), file_bytes });
        let first = self.header_row.map_or(0, |r| u64::from(r) + 1);
        if let Some(h) = &mut p.header {
            if !self.header_forced {
                h.reason = "in a workbook, the first row with a value is the header (the has_header option can say otherwise)".into();
            }
        }
        for f in &mut p.findings {
            match f.kind {
                "renamed_columns" if first > 0 => f.lines = vec![first],
                "empty_input" | "no_records" => f.message = format!("Sheet {name:?} has no cells with a value."),
                _ => {}
            }
        }
        if first > 1 {
            p.findings.push(finding(
                "sheet_leading_rows",
                Severity::Info,
                first - 1,
                vec![first],
                format!(
                    "The table starts on row {first} of sheet {name:?}: rows 1-{} are empty and skipped; row {first} is {}.",
                    first - 1,
                    if self.header { "the header" } else { "the first data row" }
                ),
            ));
        }
        if !self.merged_header.is_empty() {
            let names: Vec<String> = self
                .merged_header
                .iter()
                .take(5)
                .map(|&(c0, c1)| {
                    let v = self.header_values.iter().find(|(c, _)| *c == c0).map_or("", |(_, v)| v.as_str());
                    format!("{v:?} ({}{first}:{}{first})", column_letters(c0), column_letters(c1))
                })
                .collect();
            p.findings.push(finding(
                "merged_header_cells",
                Severity::Warning,
                self.merged_header.len() as u64,
                vec![first],
                format!(
                    "{} header cell(s) of sheet {name:?} are merged across columns: {}. A merged cell names every column it covers, made unique with a suffix (_2, _3, ...). A header of several rows is best flattened to one before profiling.",
                    self.merged_header.len(),
                    names.join(", ")
                ),
            ));
        }
        if self.errors > 0 {
            p.findings.push(finding(
                "cell_errors",
                Severity::Warning,
                self.errors,
                self.error_lines.clone(),
                format!("{} cell(s) of sheet {name:?} hold an Excel error (#DIV/0!, #N/A, #REF!, ...): they are counted as nulls. Fix the formulas that produce them.", self.errors),
            ));
        }
        if self.line_breaks > 0 {
            p.findings.push(finding(
                "cell_line_breaks",
                Severity::Info,
                self.line_breaks,
                self.line_break_lines.clone(),
                format!(
                    "{} cell(s) of sheet {name:?} hold a line break: line numbers after the first of them run ahead of the sheet's row numbers by the line breaks above, as in the sheet saved as CSV.",
                    self.line_breaks
                ),
            ));
        }
        if sheets.len() > 1 {
            let others: Vec<String> = sheets.iter().filter(|s| s.as_str() != name).cloned().collect();
            p.findings.push(finding(
                "other_sheets",
                Severity::Info,
                others.len() as u64,
                vec![],
                format!(
                    "This workbook has {} worksheets; this profile is of {name:?}. The others: {}. Pick one with the sheet picker or `--sheet NAME`, or all with `--sheet all`.",
                    sheets.len(),
                    quoted_list(&others)
                ),
            ));
        }
    }
}

/// A finding about the whole table.
use super::table_finding as finding;

/// `0` -> `A`, `25` -> `Z`, `26` -> `AA`.
pub fn column_letters(mut col: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn itoa_i64(v: i64, buf: &mut [u8; 32]) -> &[u8] {
    let mut i = super::decimal_digits(v.unsigned_abs(), buf);
    if v < 0 {
        i -= 1;
        buf[i] = b'-';
    }
    &buf[i..]
}

/// Mines the sheets `choice` selects from a workbook read through `reader`.
pub fn mine_workbook<R: Read + Seek>(reader: R, choice: &SheetChoice, opts: &Options, progress: &mut super::Progress<'_>) -> Result<Vec<Profile>, Error> {
    let mut wb = Workbook::open(reader, opts)?;
    let picked = wb.select(choice)?;
    picked.into_iter().map(|i| wb.mine_sheet(i, opts, progress)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn integers() {
        let mut b = [0u8; 32];
        assert_eq!(itoa_i64(0, &mut b), b"0");
        assert_eq!(itoa_i64(-120, &mut b), b"-120");
        assert_eq!(itoa_i64(i64::MIN, &mut b), b"-9223372036854775808");
    }

    #[test]
    fn choice() {
        assert_eq!(SheetChoice::parse(None), SheetChoice::First);
        assert_eq!(SheetChoice::parse(Some("all")), SheetChoice::All);
        assert_eq!(SheetChoice::parse(Some("Data")), SheetChoice::Named("Data".into()));
    }
}
