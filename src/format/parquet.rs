//! Parquet files: the footer first, then each column chunk page by page, into the same
//! [`Miner`] as a CSV (or, for a nested schema, as JSON Lines).
//!
//! The file is read with the [`parquet`] crate over any `Read + Seek` source (a file natively,
//! a `Blob` read slice by slice in the page's worker, through [`Source`]): the footer (the
//! file's metadata, held whole) is read from the end, then row group by row group each leaf
//! column's pages are read when its values are needed, decompressed (snappy, gzip, zstd, lz4,
//! brotli) and decoded a batch at a time. Memory is one page per column plus its dictionary
//! page and a batch of 1,024 values per column, whatever the size of a row group or the file.
//!
//! Each row is written as text and mined by a [`Miner`] with a fixed dialect, so every
//! statistic, finding and bound of the text path holds, and a Parquet file profiles exactly as
//! the same table saved as CSV:
//! - a flat schema (every column a top-level primitive) becomes CSV: the column names are the
//!   header, then one record per row, quoted as RFC 4180;
//! - a nested schema (structs, lists, maps) becomes JSON Lines, one object per row: structs are
//!   objects (flattened to dotted names by the JSON Lines rules), lists arrays (reported by
//!   their length), maps objects keyed by the key's text.
//!
//! Values are written as Sluice reads them: integers and decimals exactly, floating point in
//! the shortest form that reads back to the same number, booleans `true`/`false`, nulls empty;
//! dates `2024-01-05`; timestamps `2024-01-05T10:30:00` with as many fraction digits as the
//! unit holds (3, 6 or 9), and `Z` when the column is adjusted to UTC; times of day
//! `10:30:00.000`; strings as they are; binary values that are not UTF-8 as base64 (finding
//! `binary_values`). INT96 timestamps (old Spark and Impala files) are read as milliseconds.
//!
//! **Line numbers** are those of the same table saved as CSV: line 1 is the header, row N of
//! the file is line N + 1 (a string value that holds a line break makes the rows after it a
//! line later, as in that CSV; finding `value_line_breaks`).

use std::io::{Read, Seek, SeekFrom};
use std::sync::{Arc, Mutex};

use parquet::basic::{LogicalType, TimeUnit, Type as PhysicalType};
use parquet::errors::ParquetError;
use parquet::file::reader::{ChunkReader, FileReader, Length, SerializedFileReader};
use parquet::record::{Field, List, Map, Row};
use parquet::schema::types::Type;

use crate::profile::{ParquetColumn, ParquetInfo, Profile, Severity};
use crate::{Error, Miner, Options};

/// How many bytes of text are gathered before they are pushed to the miner.
const PUSH_BYTES: usize = 256 << 10;
/// Lines kept per finding.
const MAX_LINES: usize = 10;

/// Whether `head` (the first bytes of a file) and its `name` say it is a Parquet file: the
/// `PAR1` magic (a file named `.parquet` without it is read and gets the footer's error).
pub fn is_parquet(head: &[u8], name: Option<&str>) -> bool {
    head.starts_with(b"PAR1") || name.is_some_and(|n| {
        let n = n.to_ascii_lowercase();
        n.ends_with(".parquet") || n.ends_with(".parq")
    })
}

/// A `Read + Seek` source shared by the readers the Parquet crate asks for (one per column):
/// each reads at its own position, as `File::try_clone` does.
pub struct Source<R> {
    inner: Arc<Mutex<R>>,
    len: u64,
}

impl<R: Read + Seek> Source<R> {
    /// Wraps `reader`, finding its length by seeking to its end.
    pub fn new(mut reader: R) -> Result<Source<R>, Error> {
        let len = reader.seek(SeekFrom::End(0)).map_err(|e| Error::Input(format!("Cannot read the Parquet file: {e}.")))?;
        Ok(Source { inner: Arc::new(Mutex::new(reader)), len })
    }
}

impl<R: Read + Seek> Source<R> {
    /// The file's first and last 16 bytes (fewer when it is shorter).
    fn ends(&self) -> std::io::Result<(Vec<u8>, Vec<u8>)> {
        let n = self.len.min(16) as usize;
        let mut r = self.inner.lock().map_err(|_| std::io::Error::other("the file reader failed"))?;
        let mut head = vec![0u8; n];
        r.seek(SeekFrom::Start(0))?;
        r.read_exact(&mut head)?;
        let mut tail = vec![0u8; n];
        r.seek(SeekFrom::Start(self.len - n as u64))?;
        r.read_exact(&mut tail)?;
        Ok((head, tail))
    }
}

/// A reader at its own position in a [`Source`].
pub struct Part<R> {
    inner: Arc<Mutex<R>>,
    pos: u64,
    end: u64,
}

impl<R: Read + Seek> Read for Part<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let want = (self.end.saturating_sub(self.pos)).min(buf.len() as u64) as usize;
        if buf.is_empty() {
            return Ok(0);
        }
        if want == 0 {
            // Pages and their headers are always followed by the footer, so a read that meets
            // the end of the file is reading a malformed header: an error, not the end of a
            // stream (the Parquet crate skips a header field's bytes with `io::copy`, which
            // takes an end as done and goes on skipping, field after field).
            return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "a page header runs past the end of the file"));
        }
        let mut r = self.inner.lock().map_err(|_| std::io::Error::other("the file reader failed"))?;
        r.seek(SeekFrom::Start(self.pos))?;
        let n = r.read(&mut buf[..want])?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl<R> Length for Source<R> {
    fn len(&self) -> u64 {
        self.len
    }
}

impl<R: Read + Seek + Send> ChunkReader for Source<R> {
    type T = std::io::BufReader<Part<R>>;

    fn get_read(&self, start: u64) -> parquet::errors::Result<Self::T> {
        Ok(std::io::BufReader::with_capacity(64 << 10, Part { inner: self.inner.clone(), pos: start, end: self.len }))
    }

    fn get_bytes(&self, start: u64, length: usize) -> parquet::errors::Result<bytes::Bytes> {
        // A length from a (possibly hostile) header is checked against the file before
        // anything is allocated for it.
        if start.checked_add(length as u64).is_none_or(|end| end > self.len) {
            return Err(ParquetError::EOF(format!("{length} bytes at offset {start} run past the end of the {}-byte file", self.len)));
        }
        let mut buf = vec![0u8; length];
        let mut r = self.inner.lock().map_err(|_| ParquetError::General("the file reader failed".into()))?;
        r.seek(SeekFrom::Start(start)).map_err(|e| ParquetError::External(Box::new(e)))?;
        r.read_exact(&mut buf).map_err(|e| ParquetError::External(Box::new(e)))?;
        Ok(buf.into())
    }
}

fn read_error(e: ParquetError) -> Error {
    Error::Input(format!("Cannot read this Parquet file: {e}."))
}

std::thread_local! {
    /// Set while the Parquet crate runs on this thread: its panics are caught, not printed.
    static IN_READER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs a call into the Parquet crate, turning a panic of it into an error. The crate checks
/// most of what it reads, but some malformed files (found by `fuzz/fuzz_targets/parquet.rs`,
/// e.g. a dictionary-encoded page without its dictionary) reach an `expect` in it. Natively the
/// panic unwinds to here and the file gets a clear error; the panic hook stays silent for it
/// (and calls the hook it replaced for every other panic). On wasm32 a panic aborts: the page's
/// worker reports it from `last_panic()`.
fn guarded<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    #[cfg(not(target_arch = "wasm32"))]
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !IN_READER.with(|r| r.get()) {
                previous(info);
            }
        }));
    });
    #[cfg(target_arch = "wasm32")]
    let _ = &HOOK;
    IN_READER.with(|r| r.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    IN_READER.with(|r| r.set(false));
    result.unwrap_or_else(|payload| {
        let why = payload.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| payload.downcast_ref::<String>().cloned()).unwrap_or_default();
        Err(Error::Input(format!("Cannot read this Parquet file: its data is malformed (the Parquet reader stopped: {why}).")))
    })
}

/// How a leaf column's values are written beyond what the record API's [`Field`] says.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Leaf {
    Plain,
    /// Ticks per second, and whether the values are UTC instants.
    Timestamp { tps: i64, utc: bool },
    /// A time of day: ticks per second.
    Time { tps: i64 },
}

fn ticks(unit: &TimeUnit) -> i64 {
    match unit {
        TimeUnit::MILLIS => 1_000,
        TimeUnit::MICROS => 1_000_000,
        TimeUnit::NANOS => 1_000_000_000,
    }
}

fn leaf_of(t: &Type) -> Leaf {
    match t.get_basic_info().logical_type_ref() {
        Some(LogicalType::Timestamp(t)) => Leaf::Timestamp { tps: ticks(&t.unit), utc: t.is_adjusted_to_u_t_c },
        Some(LogicalType::Time(t)) => Leaf::Time { tps: ticks(&t.unit) },
        _ => Leaf::Plain,
    }
}

/// The logical type as the profile names it.
fn logical_name(t: &Type) -> Option<String> {
    let unit = |u: &TimeUnit| match u {
        TimeUnit::MILLIS => "MILLIS",
        TimeUnit::MICROS => "MICROS",
        TimeUnit::NANOS => "NANOS",
    };
    Some(match t.get_basic_info().logical_type_ref()? {
        LogicalType::String => "STRING".into(),
        LogicalType::Enum => "ENUM".into(),
        LogicalType::Json => "JSON".into(),
        LogicalType::Bson => "BSON".into(),
        LogicalType::Uuid => "UUID".into(),
        LogicalType::Date => "DATE".into(),
        LogicalType::Float16 => "FLOAT16".into(),
        LogicalType::Decimal(d) => format!("DECIMAL({}, {})", d.precision, d.scale),
        LogicalType::Time(t) => format!("TIME({}{})", unit(&t.unit), if t.is_adjusted_to_u_t_c { ", UTC" } else { "" }),
        LogicalType::Timestamp(t) => format!("TIMESTAMP({}{})", unit(&t.unit), if t.is_adjusted_to_u_t_c { ", UTC" } else { "" }),
        LogicalType::Integer(i) => format!("{}INT{}", if i.is_signed { "" } else { "U" }, i.bit_width),
        LogicalType::List => "LIST".into(),
        LogicalType::Map => "MAP".into(),
        other => format!("{other:?}").to_uppercase(),
    })
}

/// Whether the record API can convert this leaf (it panics on the combinations it lacks, so
/// they are refused up front with the column's name).
fn supported(t: &Type) -> bool {
    use parquet::basic::ConvertedType as C;
    let c = t.get_basic_info().converted_type();
    match t.get_physical_type() {
        PhysicalType::INT32 => matches!(c, C::INT_8 | C::INT_16 | C::INT_32 | C::NONE | C::UINT_8 | C::UINT_16 | C::UINT_32 | C::DATE | C::TIME_MILLIS | C::DECIMAL),
        PhysicalType::INT64 => matches!(c, C::INT_64 | C::NONE | C::UINT_64 | C::TIME_MICROS | C::TIMESTAMP_MILLIS | C::TIMESTAMP_MICROS | C::DECIMAL),
        PhysicalType::BYTE_ARRAY => matches!(c, C::UTF8 | C::ENUM | C::JSON | C::BSON | C::NONE | C::DECIMAL),
        PhysicalType::FIXED_LEN_BYTE_ARRAY => matches!(c, C::DECIMAL | C::NONE),
        PhysicalType::BOOLEAN | PhysicalType::INT96 | PhysicalType::FLOAT | PhysicalType::DOUBLE => true,
    }
}

/// What a scalar's text is, for quoting.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Null,
    /// A number or boolean: bare in CSV and JSON.
    Bare,
    /// Text: quoted where the format needs it.
    Text,
    /// Binary that is not UTF-8, written as base64 text (the flat path counts it per row).
    Binary,
}

/// Writes rows as CSV records or JSON Lines objects.
#[derive(Default)]
struct RowWriter {
    text: Vec<u8>,
    json: bool,
    scratch: Vec<u8>,
    rows: u64,
    /// Lines written (the header is line 1).
    line: u64,
    /// Line breaks inside the values of the row being written.
    row_breaks: u64,
    line_breaks: u64,
    line_break_lines: Vec<u64>,
    binary: u64,
    binary_lines: Vec<u64>,
}

fn note_line(lines: &mut Vec<u64>, line: u64) {
    if lines.len() < MAX_LINES && lines.last() != Some(&line) {
        lines.push(line);
    }
}

impl RowWriter {
    /// Writes a scalar's text into `scratch` and says what it is.
    fn scalar(&mut self, f: &Field, leaf: Leaf) -> Kind {
        use std::io::Write;
        let s = &mut self.scratch;
        s.clear();
        let mut num = [0u8; 32];
        let mut int = |s: &mut Vec<u8>, v: i128| {
            if v < 0 {
                s.push(b'-');
            }
            let k = super::decimal_digits(v.unsigned_abs() as u64, &mut num);
            s.extend_from_slice(&num[k..]);
        };
        match f {
            Field::Null => return Kind::Null,
            Field::Bool(b) => s.extend_from_slice(if *b { b"true" } else { b"false" }),
            Field::Byte(v) => int(s, i128::from(*v)),
            Field::Short(v) => int(s, i128::from(*v)),
            Field::Int(v) => int(s, i128::from(*v)),
            Field::Long(v) => match leaf {
                Leaf::Timestamp { tps, utc } => {
                    timestamp(s, *v, tps, utc);
                    return Kind::Text;
                }
                Leaf::Time { tps } => {
                    time_of_day(s, *v, tps);
                    return Kind::Text;
                }
                Leaf::Plain => int(s, i128::from(*v)),
            },
            Field::UByte(v) => int(s, i128::from(*v)),
            Field::UShort(v) => int(s, i128::from(*v)),
            Field::UInt(v) => int(s, i128::from(*v)),
            Field::ULong(v) => {
                let k = super::decimal_digits(*v, &mut num);
                s.extend_from_slice(&num[k..]);
            }
            Field::Float16(v) => return float(s, f64::from(v.to_f32())),
            Field::Float(v) => return float(s, f64::from(*v)),
            Field::Double(v) => return float(s, *v),
            Field::Decimal(d) => decimal(s, d.data(), d.scale()),
            Field::Str(v) => {
                s.extend_from_slice(v.as_bytes());
                return Kind::Text;
            }
            Field::Bytes(b) => {
                match std::str::from_utf8(b.data()) {
                    Ok(t) => s.extend_from_slice(t.as_bytes()),
                    Err(_) => {
                        base64(s, b.data());
                        self.binary += 1;
                        note_line(&mut self.binary_lines, self.line + 1);
                    }
                }
                return Kind::Text;
            }
            Field::Date(d) => {
                date(s, i64::from(*d));
                return Kind::Text;
            }
            Field::TimeMillis(v) => {
                time_of_day(s, i64::from(*v), 1_000);
                return Kind::Text;
            }
            Field::TimeMicros(v) => {
                time_of_day(s, *v, 1_000_000);
                return Kind::Text;
            }
            Field::TimestampMillis(v) => {
                timestamp(s, *v, 1_000, matches!(leaf, Leaf::Timestamp { utc: true, .. }));
                return Kind::Text;
            }
            Field::TimestampMicros(v) => {
                timestamp(s, *v, 1_000_000, matches!(leaf, Leaf::Timestamp { utc: true, .. }));
                return Kind::Text;
            }
            Field::Group(_) | Field::ListInternal(_) | Field::MapInternal(_) => {
                let _ = write!(s, "{f}");
                return Kind::Text;
            }
        }
        Kind::Bare
    }

    fn note_breaks(&mut self) {
        let n = self.scratch.iter().filter(|&&c| c == b'\n').count() as u64;
        if n > 0 && !self.json {
            // In CSV a quoted line break is a line of its own.
            self.row_breaks += n;
            self.line_breaks += 1;
            note_line(&mut self.line_break_lines, self.line + 1);
        }
    }

    /// `rows` CSV records from the columns' cells.
    fn csv_cells(&mut self, cells: &[Cells], rows: usize) {
        let mut starts = vec![0usize; cells.len()];
        for r in 0..rows {
            for (i, c) in cells.iter().enumerate() {
                if i > 0 {
                    self.text.push(b',');
                }
                let (end, kind) = c.ends[r];
                let v = &c.text[starts[i]..end as usize];
                starts[i] = end as usize;
                match kind {
                    Kind::Null => {}
                    Kind::Bare => self.text.extend_from_slice(v),
                    Kind::Text | Kind::Binary => {
                        if kind == Kind::Binary {
                            self.binary += 1;
                            note_line(&mut self.binary_lines, self.line + 1);
                        }
                        let n = memchr::memchr_iter(b'\n', v).count() as u64;
                        if n > 0 {
                            self.row_breaks += n;
                            self.line_breaks += 1;
                            note_line(&mut self.line_break_lines, self.line + 1);
                        }
                        super::push_csv_field(&mut self.text, v);
                    }
                }
            }
            self.end_row();
        }
    }

    fn end_row(&mut self) {
        self.text.push(b'\n');
        self.line += 1 + std::mem::take(&mut self.row_breaks);
        self.rows += 1;
    }

    /// One JSON object of a nested row; `node` is the schema's group for it.
    fn json_row(&mut self, row: &Row, node: &Type) {
        self.json_group(row, Some(node));
        self.end_row();
    }

    fn json_group(&mut self, row: &Row, node: Option<&Type>) {
        let fields = node.filter(|t| t.is_group()).map(|t| t.get_fields());
        self.text.push(b'{');
        for (i, (name, f)) in row.get_column_iter().enumerate() {
            if i > 0 {
                self.text.push(b',');
            }
            json_string(&mut self.text, name.as_bytes());
            self.text.push(b':');
            self.json_value(f, fields.and_then(|fs| fs.get(i)).map(|t| t.as_ref()));
        }
        self.text.push(b'}');
    }

    fn json_value(&mut self, f: &Field, node: Option<&Type>) {
        match f {
            Field::Group(r) => self.json_group(r, node),
            Field::ListInternal(l) => self.json_list(l, node),
            Field::MapInternal(m) => self.json_map(m, node),
            _ => {
                let leaf = node.filter(|t| t.is_primitive()).map_or(Leaf::Plain, leaf_of);
                match self.scalar(f, leaf) {
                    Kind::Null => self.text.extend_from_slice(b"null"),
                    Kind::Bare => self.text.extend_from_slice(&self.scratch),
                    Kind::Text | Kind::Binary => {
                        self.note_breaks();
                        json_string(&mut self.text, &self.scratch);
                    }
                }
            }
        }
    }

    fn json_list(&mut self, l: &List, node: Option<&Type>) {
        // LIST: group (LIST) > repeated group list > element; or two levels (the repeated
        // field is the element).
        let element = node.filter(|t| t.is_group()).and_then(|t| t.get_fields().first()).map(|rep| {
            if rep.is_group() && rep.get_fields().len() == 1 { rep.get_fields()[0].as_ref() } else { rep.as_ref() }
        });
        self.text.push(b'[');
        for (i, e) in l.elements().iter().enumerate() {
            if i > 0 {
                self.text.push(b',');
            }
            self.json_value(e, element);
        }
        self.text.push(b']');
    }

    fn json_map(&mut self, m: &Map, node: Option<&Type>) {
        // MAP: group (MAP) > repeated group key_value > key, value.
        let kv = node.filter(|t| t.is_group()).and_then(|t| t.get_fields().first()).filter(|t| t.is_group()).map(|t| t.get_fields());
        let key_node = kv.and_then(|f| f.first()).map(|t| t.as_ref());
        let value_node = kv.and_then(|f| f.get(1)).map(|t| t.as_ref());
        self.text.push(b'{');
        for (i, (k, v)) in m.entries().iter().enumerate() {
            if i > 0 {
                self.text.push(b',');
            }
            let leaf = key_node.filter(|t| t.is_primitive()).map_or(Leaf::Plain, leaf_of);
            self.scalar(k, leaf);
            json_string(&mut self.text, &self.scratch);
            self.text.push(b':');
            self.json_value(v, value_node);
        }
        self.text.push(b'}');
    }
}

/// A JSON string literal.
fn json_string(out: &mut Vec<u8>, s: &[u8]) {
    out.push(b'"');
    for &c in s {
        match c {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\t' => out.extend_from_slice(b"\\t"),
            c if c < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[usize::from(c >> 4)], HEX[usize::from(c & 15)]]);
            }
            c => out.push(c),
        }
    }
    out.push(b'"');
}

/// The shortest text that reads back to `v`; NaN and infinities as text.
fn float(s: &mut Vec<u8>, v: f64) -> Kind {
    use std::io::Write;
    if v.is_nan() {
        s.extend_from_slice(b"NaN");
        return Kind::Text;
    }
    if v.is_infinite() {
        s.extend_from_slice(if v > 0.0 { b"inf" } else { b"-inf" });
        return Kind::Text;
    }
    let a = v.abs();
    if a != 0.0 && !(1e-6..1e16).contains(&a) {
        let _ = write!(s, "{v:e}");
    } else {
        let _ = write!(s, "{v}");
    }
    Kind::Bare
}

/// A decimal's exact text from its unscaled big-endian two's-complement bytes.
fn decimal(s: &mut Vec<u8>, bytes: &[u8], scale: i32) {
    let negative = bytes.first().is_some_and(|&b| b & 0x80 != 0);
    // The magnitude, as big-endian bytes.
    let mut mag: Vec<u8> = if negative {
        let mut m: Vec<u8> = bytes.iter().map(|b| !b).collect();
        for b in m.iter_mut().rev() {
            let (v, carry) = b.overflowing_add(1);
            *b = v;
            if !carry {
                break;
            }
        }
        m
    } else {
        bytes.to_vec()
    };
    // Repeated division by 10 (decimals are at most a few dozen digits).
    let mut digits = Vec::new();
    while mag.iter().any(|&b| b != 0) {
        let mut rem = 0u32;
        for b in mag.iter_mut() {
            let cur = (rem << 8) | u32::from(*b);
            *b = (cur / 10) as u8;
            rem = cur % 10;
        }
        digits.push(b'0' + rem as u8);
    }
    if digits.is_empty() {
        digits.push(b'0');
    }
    let scale = scale.max(0) as usize;
    while digits.len() <= scale {
        digits.push(b'0');
    }
    digits.reverse();
    if negative {
        s.push(b'-');
    }
    let point = digits.len() - scale;
    s.extend_from_slice(&digits[..point]);
    if scale > 0 {
        s.push(b'.');
        s.extend_from_slice(&digits[point..]);
    }
}

/// Days since 1970-01-01 as a (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn date(s: &mut Vec<u8>, days: i64) {
    use std::io::Write;
    let (y, m, d) = civil(days);
    let _ = write!(s, "{y:04}-{m:02}-{d:02}");
}

/// `HH:MM:SS` and the fraction with the unit's digits (3, 6 or 9) when there is one.
fn clock(s: &mut Vec<u8>, seconds_of_day: i64, frac: i64, tps: i64) {
    use std::io::Write;
    let (h, mi, se) = (seconds_of_day / 3600, seconds_of_day / 60 % 60, seconds_of_day % 60);
    let _ = write!(s, "{h:02}:{mi:02}:{se:02}");
    if frac != 0 {
        let width = match tps {
            1_000 => 3,
            1_000_000 => 6,
            _ => 9,
        };
        let _ = write!(s, ".{frac:0width$}");
    }
}

fn time_of_day(s: &mut Vec<u8>, v: i64, tps: i64) {
    clock(s, v.div_euclid(tps).rem_euclid(86_400), v.rem_euclid(tps), tps);
}

fn timestamp(s: &mut Vec<u8>, v: i64, tps: i64, utc: bool) {
    let secs = v.div_euclid(tps);
    date(s, secs.div_euclid(86_400));
    s.push(b'T');
    clock(s, secs.rem_euclid(86_400), v.rem_euclid(tps), tps);
    if utc {
        s.push(b'Z');
    }
}

/// Standard base64 with padding.
fn base64(s: &mut Vec<u8>, b: &[u8]) {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for c in b.chunks(3) {
        let n = (u32::from(c[0]) << 16) | (u32::from(*c.get(1).unwrap_or(&0)) << 8) | u32::from(*c.get(2).unwrap_or(&0));
        s.push(A[(n >> 18) as usize & 63]);
        s.push(A[(n >> 12) as usize & 63]);
        s.push(if c.len() > 1 { A[(n >> 6) as usize & 63] } else { b'=' });
        s.push(if c.len() > 2 { A[n as usize & 63] } else { b'=' });
    }
}

/// How a flat column's values are written, decided once from its physical, logical and
/// converted types.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Fmt {
    Bool,
    Int,
    /// Unsigned integers stored in INT32 or INT64 (their bits are the unsigned value).
    UInt,
    Date,
    /// A time of day, ticks per second.
    Time(i64),
    /// An instant or local date-time: ticks per second, and whether it is UTC.
    Timestamp(i64, bool),
    /// INT96: Julian day and nanoseconds of the day (old Spark and Impala files).
    Int96,
    /// A decimal: its scale (unscaled integer or big-endian bytes).
    Decimal(i32),
    Float,
    Float16,
    Uuid,
    /// Text (UTF-8; bytes that are not are base64, as for binary).
    Text,
    /// Binary: written as text when it is UTF-8, else base64.
    Bytes,
}

fn fmt_of(t: &Type) -> Fmt {
    use parquet::basic::ConvertedType as C;
    let info = t.get_basic_info();
    let physical = t.get_physical_type();
    let numeric = matches!(physical, PhysicalType::INT32 | PhysicalType::INT64);
    match info.logical_type_ref() {
        Some(LogicalType::Integer(i)) if numeric => return if i.is_signed { Fmt::Int } else { Fmt::UInt },
        Some(LogicalType::Date) if physical == PhysicalType::INT32 => return Fmt::Date,
        Some(LogicalType::Time(u)) if numeric => return Fmt::Time(ticks(&u.unit)),
        Some(LogicalType::Timestamp(u)) if physical == PhysicalType::INT64 => return Fmt::Timestamp(ticks(&u.unit), u.is_adjusted_to_u_t_c),
        Some(LogicalType::Decimal(d)) if physical != PhysicalType::BOOLEAN && physical != PhysicalType::FLOAT && physical != PhysicalType::DOUBLE && physical != PhysicalType::INT96 => {
            return Fmt::Decimal(d.scale)
        }
        Some(LogicalType::Float16) if physical == PhysicalType::FIXED_LEN_BYTE_ARRAY => return Fmt::Float16,
        Some(LogicalType::Uuid) if physical == PhysicalType::FIXED_LEN_BYTE_ARRAY => return Fmt::Uuid,
        Some(LogicalType::String | LogicalType::Enum | LogicalType::Json) => return Fmt::Text,
        _ => {}
    }
    match (physical, info.converted_type()) {
        (PhysicalType::BOOLEAN, _) => Fmt::Bool,
        (PhysicalType::INT32 | PhysicalType::INT64, C::UINT_8 | C::UINT_16 | C::UINT_32 | C::UINT_64) => Fmt::UInt,
        (PhysicalType::INT32, C::DATE) => Fmt::Date,
        (PhysicalType::INT32, C::TIME_MILLIS) => Fmt::Time(1_000),
        (PhysicalType::INT64, C::TIME_MICROS) => Fmt::Time(1_000_000),
        // The legacy timestamps are UTC instants (the format's spec).
        (PhysicalType::INT64, C::TIMESTAMP_MILLIS) => Fmt::Timestamp(1_000, true),
        (PhysicalType::INT64, C::TIMESTAMP_MICROS) => Fmt::Timestamp(1_000_000, true),
        (PhysicalType::INT32 | PhysicalType::INT64 | PhysicalType::BYTE_ARRAY | PhysicalType::FIXED_LEN_BYTE_ARRAY, C::DECIMAL) => Fmt::Decimal(t.get_scale()),
        (PhysicalType::INT32 | PhysicalType::INT64, _) => Fmt::Int,
        (PhysicalType::INT96, _) => Fmt::Int96,
        (PhysicalType::FLOAT | PhysicalType::DOUBLE, _) => Fmt::Float,
        (PhysicalType::BYTE_ARRAY, C::UTF8 | C::ENUM | C::JSON) => Fmt::Text,
        (PhysicalType::BYTE_ARRAY | PhysicalType::FIXED_LEN_BYTE_ARRAY, _) => Fmt::Bytes,
    }
}

/// An IEEE half-precision float's value.
fn f16_value(lo: u8, hi: u8) -> f64 {
    let bits = u16::from_le_bytes([lo, hi]);
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exp = i32::from((bits >> 10) & 0x1f);
    let frac = f64::from(bits & 0x3ff);
    sign * match exp {
        0 => frac * (2f64).powi(-24),
        31 if frac == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        e => (1.0 + frac / 1024.0) * (2f64).powi(e - 15),
    }
}

/// One batch of one column's values as text: the cells of consecutive rows.
#[derive(Default)]
struct Cells {
    text: Vec<u8>,
    /// Where each cell ends in `text`, and what it is.
    ends: Vec<(u32, Kind)>,
    /// Scratch for the reader: definition levels.
    defs: Vec<i16>,
}

impl Cells {
    fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
        self.defs.clear();
    }

    fn push(&mut self, kind: Kind) {
        self.ends.push((self.text.len() as u32, kind));
    }
}

/// A flat column's reader, typed.
enum Column {
    Bool(parquet::column::reader::ColumnReaderImpl<parquet::data_type::BoolType>, Vec<bool>),
    I32(parquet::column::reader::ColumnReaderImpl<parquet::data_type::Int32Type>, Vec<i32>),
    I64(parquet::column::reader::ColumnReaderImpl<parquet::data_type::Int64Type>, Vec<i64>),
    I96(parquet::column::reader::ColumnReaderImpl<parquet::data_type::Int96Type>, Vec<parquet::data_type::Int96>),
    F32(parquet::column::reader::ColumnReaderImpl<parquet::data_type::FloatType>, Vec<f32>),
    F64(parquet::column::reader::ColumnReaderImpl<parquet::data_type::DoubleType>, Vec<f64>),
    Bytes(parquet::column::reader::ColumnReaderImpl<parquet::data_type::ByteArrayType>, Vec<parquet::data_type::ByteArray>),
    Fixed(parquet::column::reader::ColumnReaderImpl<parquet::data_type::FixedLenByteArrayType>, Vec<parquet::data_type::FixedLenByteArray>),
}

impl Column {
    fn new(r: parquet::column::reader::ColumnReader) -> Column {
        use parquet::column::reader::ColumnReader as R;
        match r {
            R::BoolColumnReader(r) => Column::Bool(r, Vec::new()),
            R::Int32ColumnReader(r) => Column::I32(r, Vec::new()),
            R::Int64ColumnReader(r) => Column::I64(r, Vec::new()),
            R::Int96ColumnReader(r) => Column::I96(r, Vec::new()),
            R::FloatColumnReader(r) => Column::F32(r, Vec::new()),
            R::DoubleColumnReader(r) => Column::F64(r, Vec::new()),
            R::ByteArrayColumnReader(r) => Column::Bytes(r, Vec::new()),
            R::FixedLenByteArrayColumnReader(r) => Column::Fixed(r, Vec::new()),
        }
    }
}

/// Reads up to `n` rows of a column and writes their cells; returns the rows read.
fn read_cells<T: parquet::data_type::DataType>(
    r: &mut parquet::column::reader::ColumnReaderImpl<T>,
    values: &mut Vec<T::T>,
    n: usize,
    max_def: i16,
    cells: &mut Cells,
    mut write: impl FnMut(&mut Vec<u8>, &T::T) -> Kind,
) -> Result<usize, Error> {
    values.clear();
    let defs = if max_def > 0 { Some(&mut cells.defs) } else { None };
    let (rows, nvalues, _) = r.read_records(n, defs, None, values).map_err(read_error)?;
    if nvalues > values.len() || (max_def == 0 && nvalues != rows) || (max_def > 0 && cells.defs.len() != rows) {
        return Err(Error::Input("Cannot read this Parquet file: a column chunk's levels and values disagree.".into()));
    }
    let mut next = values.iter();
    for i in 0..rows {
        if max_def > 0 && cells.defs[i] < max_def {
            cells.push(Kind::Null);
            continue;
        }
        let Some(v) = next.next() else {
            return Err(Error::Input("Cannot read this Parquet file: a column chunk holds fewer values than its levels say.".into()));
        };
        let kind = write(&mut cells.text, v);
        cells.push(kind);
    }
    Ok(rows)
}

fn int_text(s: &mut Vec<u8>, v: i128) {
    let mut num = [0u8; 32];
    if v < 0 {
        s.push(b'-');
    }
    let m = v.unsigned_abs();
    if m <= u128::from(u64::MAX) {
        let k = super::decimal_digits(m as u64, &mut num);
        s.extend_from_slice(&num[k..]);
    } else {
        use std::io::Write;
        let _ = write!(s, "{m}");
    }
}

/// Bytes as text when they are UTF-8, else base64.
fn bytes_text(s: &mut Vec<u8>, b: &[u8]) -> Kind {
    if std::str::from_utf8(b).is_ok() {
        s.extend_from_slice(b);
        Kind::Text
    } else {
        base64(s, b);
        Kind::Binary
    }
}

/// Reads up to `n` rows of column `c` as cells written with `fmt`.
fn column_cells(c: &mut Column, fmt: Fmt, n: usize, max_def: i16, cells: &mut Cells) -> Result<usize, Error> {
    let int = |s: &mut Vec<u8>, v: i64, unsigned_bits: u32| -> Kind {
        match fmt {
            Fmt::UInt if unsigned_bits == 32 => int_text(s, i128::from(v as i32 as u32)),
            Fmt::UInt => int_text(s, i128::from(v as u64)),
            Fmt::Date => {
                date(s, v);
                return Kind::Text;
            }
            Fmt::Time(tps) => {
                time_of_day(s, v, tps);
                return Kind::Text;
            }
            Fmt::Timestamp(tps, utc) => {
                timestamp(s, v, tps, utc);
                return Kind::Text;
            }
            Fmt::Decimal(scale) => {
                let b = v.to_be_bytes();
                decimal(s, &b, scale);
            }
            _ => int_text(s, i128::from(v)),
        }
        Kind::Bare
    };
    match c {
        Column::Bool(r, v) => read_cells(r, v, n, max_def, cells, |s, b| {
            s.extend_from_slice(if *b { b"true" } else { b"false" });
            Kind::Bare
        }),
        Column::I32(r, v) => read_cells(r, v, n, max_def, cells, |s, x| int(s, i64::from(*x), 32)),
        Column::I64(r, v) => read_cells(r, v, n, max_def, cells, |s, x| int(s, *x, 64)),
        Column::I96(r, v) => read_cells(r, v, n, max_def, cells, |s, x| {
            timestamp(s, x.to_millis(), 1_000, false);
            Kind::Text
        }),
        Column::F32(r, v) => read_cells(r, v, n, max_def, cells, |s, x| float(s, f64::from(*x))),
        Column::F64(r, v) => read_cells(r, v, n, max_def, cells, |s, x| float(s, *x)),
        Column::Bytes(r, v) => read_cells(r, v, n, max_def, cells, |s, x| match fmt {
            Fmt::Decimal(scale) => {
                decimal(s, x.data(), scale);
                Kind::Bare
            }
            _ => bytes_text(s, x.data()),
        }),
        Column::Fixed(r, v) => read_cells(r, v, n, max_def, cells, |s, x| {
            let d = x.data();
            match fmt {
                Fmt::Decimal(scale) => {
                    decimal(s, d, scale);
                    Kind::Bare
                }
                Fmt::Float16 if d.len() == 2 => float(s, f16_value(d[0], d[1])),
                Fmt::Uuid if d.len() == 16 => {
                    use std::io::Write;
                    for (i, b) in d.iter().enumerate() {
                        if matches!(i, 4 | 6 | 8 | 10) {
                            s.push(b'-');
                        }
                        let _ = write!(s, "{b:02x}");
                    }
                    Kind::Text
                }
                _ => bytes_text(s, d),
            }
        }),
    }
}

/// Rows read per column at a time in the flat path.
const BATCH_ROWS: usize = 4096;

/// Reads a flat schema column by column, a batch of rows at a time, writing CSV records into
/// `w` and pushing them to `miner`.
fn read_flat<R: ChunkReader + 'static>(reader: &SerializedFileReader<R>, w: &mut RowWriter, miner: &mut Miner, progress: &mut super::Progress<'_>) -> Result<(), Error> {
    let schema = reader.metadata().file_metadata().schema_descr_ptr();
    let ncols = schema.num_columns();
    let fmts: Vec<Fmt> = (0..ncols).map(|i| fmt_of(schema.column(i).self_type())).collect();
    let defs: Vec<i16> = (0..ncols).map(|i| schema.column(i).max_def_level()).collect();
    let mut cells: Vec<Cells> = (0..ncols).map(|_| Cells::default()).collect();
    for g in 0..reader.num_row_groups() {
        let rg = guarded(|| reader.get_row_group(g).map_err(read_error))?;
        let mut cols = Vec::with_capacity(ncols);
        for i in 0..ncols {
            cols.push(Column::new(guarded(|| rg.get_column_reader(i).map_err(read_error))?));
        }
        loop {
            let mut rows = None;
            for i in 0..ncols {
                cells[i].clear();
                let (c, fmt, d) = (&mut cols[i], fmts[i], defs[i]);
                let cell = &mut cells[i];
                let n = guarded(|| column_cells(c, fmt, BATCH_ROWS, d, cell))?;
                if *rows.get_or_insert(n) != n {
                    return Err(Error::Input(format!(
                        "Cannot read this Parquet file: in row group {}, column {:?} holds a different number of rows than the columns before it.",
                        g + 1,
                        schema.column(i).path().string()
                    )));
                }
            }
            let rows = rows.unwrap_or(0);
            if rows == 0 {
                break;
            }
            w.csv_cells(&cells, rows);
            if w.text.len() >= PUSH_BYTES {
                miner.push(&w.text)?;
                w.text.clear();
                progress(w.rows, miner);
            }
        }
    }
    Ok(())
}

use super::table_finding as finding;

/// The file's layout and schema, from its footer.
fn info(reader: &SerializedFileReader<impl ChunkReader + 'static>, nested: bool, file_bytes: u64) -> ParquetInfo {
    let md = reader.metadata();
    let fm = md.file_metadata();
    let mut codecs: Vec<String> = Vec::new();
    for rg in md.row_groups() {
        for c in rg.columns() {
            let name = format!("{:?}", c.compression()).split('(').next().unwrap_or_default().to_lowercase();
            let name = if name == "uncompressed" { "none".to_string() } else { name };
            if !codecs.contains(&name) {
                codecs.push(name);
            }
        }
    }
    let columns = fm
        .schema_descr()
        .columns()
        .iter()
        .map(|c| ParquetColumn { name: c.path().string(), physical_type: c.physical_type().to_string(), logical_type: logical_name(c.self_type()) })
        .collect();
    ParquetInfo {
        file_bytes,
        rows: fm.num_rows().max(0) as u64,
        row_groups: md.num_row_groups(),
        created_by: fm.created_by().map(String::from),
        codecs,
        nested,
        columns,
    }
}

/// Mines a Parquet file read through `reader`. `progress` is called with the rows read so
/// far and the miner, every few thousand rows.
pub fn mine_parquet<R: Read + Seek + Send + 'static>(reader: R, opts: &Options, progress: &mut super::Progress<'_>) -> Result<Profile, Error> {
    let source = Source::new(reader)?;
    let file_bytes = source.len;
    let (head, tail) = source.ends().map_err(|e| Error::Input(format!("Cannot read the Parquet file: {e}.")))?;
    if !head.starts_with(b"PAR1") {
        let shown = String::from_utf8_lossy(&head[..head.len().min(16)]).escape_debug().to_string();
        return Err(Error::Input(format!("This is not a Parquet file: it does not start with the PAR1 magic (it starts with \"{shown}\").")));
    }
    if file_bytes < 12 {
        return Err(Error::Input(format!("Cannot read this Parquet file: it is {file_bytes} bytes, too short for the PAR1 magic and a footer.")));
    }
    if !tail.ends_with(b"PAR1") {
        return Err(Error::Input(
            "Cannot read this Parquet file: it does not end with the PAR1 magic, so it is truncated (or still being written) and its footer is missing.".into(),
        ));
    }
    let reader = guarded(|| SerializedFileReader::new(source).map_err(read_error))?;
    let schema = reader.metadata().file_metadata().schema_descr_ptr();
    let root = schema.root_schema();
    let nested = root.get_fields().iter().any(|f| f.is_group() || f.get_basic_info().repetition() == parquet::basic::Repetition::REPEATED);
    // The record API (nested schemas) panics on the type combinations it lacks; the flat
    // path reads every one.
    for c in schema.columns().iter().filter(|_| nested) {
        if !supported(c.self_type()) {
            return Err(Error::Input(format!(
                "Cannot read column {:?} of this Parquet file: physical type {} with converted type {} is not a combination Sluice reads.",
                c.path().string(),
                c.physical_type(),
                c.converted_type()
            )));
        }
    }
    let mut o = opts.clone();
    o.compression = Some("none".into());
    o.encoding = Some("utf-8".into());
    o.skip_lines = Some(0);
    if nested {
        o.format = Some("jsonl".into());
    } else {
        o.format = Some("csv".into());
        o.delimiter = Some(",".into());
        o.quote = Some("\"".into());
        o.escape = Some(String::new());
        o.comment = Some(String::new());
        o.line_ending = Some("lf".into());
        o.has_header = Some(true);
    }
    let mut miner = Miner::new(o)?;
    let mut w = RowWriter { json: nested, line: 1, ..Default::default() };
    // The header: the column names as CSV (or, for JSON Lines, a blank first line, so row N
    // is line N + 1 either way).
    if nested {
        w.text.push(b'\n');
    } else {
        for (i, f) in root.get_fields().iter().enumerate() {
            if i > 0 {
                w.text.push(b',');
            }
            super::push_csv_field(&mut w.text, f.name().as_bytes());
        }
        w.text.push(b'\n');
    }
    if nested {
        let mut rows = guarded(|| reader.get_row_iter(None).map_err(read_error))?;
        while let Some(row) = guarded(|| rows.next().transpose().map_err(read_error))? {
            w.json_row(&row, root);
            if w.text.len() >= PUSH_BYTES {
                miner.push(&w.text)?;
                w.text.clear();
                progress(w.rows, &miner);
            }
        }
    } else {
        read_flat(&reader, &mut w, &mut miner, progress)?;
    }
    miner.push(&w.text)?;
    progress(w.rows, &miner);
    let mut p = miner.finish()?;
    p.format = "parquet";
    p.delimiter = None;
    p.dialect = None;
    p.encoding_detected = false;
    p.encoding_reason = "Parquet strings are UTF-8".into();
    if let Some(h) = &mut p.header {
        h.reason = "a Parquet file's column names are its schema's".into();
    }
    let info = info(&reader, nested, file_bytes);
    if info.rows != w.rows {
        p.findings.push(finding(
            "row_count_mismatch",
            Severity::Warning,
            info.rows.abs_diff(w.rows),
            vec![],
            format!("The footer declares {} rows, but the row groups hold {}: the file was written by a faulty writer or altered.", info.rows, w.rows),
        ));
    }
    if w.binary > 0 {
        p.findings.push(finding(
            "binary_values",
            Severity::Info,
            w.binary,
            w.binary_lines.clone(),
            format!("{} binary value(s) are not UTF-8 text: they are shown as base64.", w.binary),
        ));
    }
    if w.line_breaks > 0 {
        p.findings.push(finding(
            "value_line_breaks",
            Severity::Info,
            w.line_breaks,
            w.line_break_lines.clone(),
            format!(
                "{} value(s) hold a line break: line numbers after the first of them run ahead of row number + 1 by the line breaks above, as in the table saved as CSV.",
                w.line_breaks
            ),
        ));
    }
    p.parquet = Some(info);
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut s = Vec::new();
        f(&mut s);
        String::from_utf8(s).unwrap()
    }

    #[test]
    fn dates_and_times() {
        assert_eq!(text(|s| date(s, 0)), "1970-01-01");
        assert_eq!(text(|s| date(s, 19_723)), "2024-01-01");
        assert_eq!(text(|s| date(s, -1)), "1969-12-31");
        assert_eq!(text(|s| date(s, 11_016)), "2000-02-29");
        assert_eq!(text(|s| timestamp(s, 1_685_502_613_000, 1_000, true)), "2023-05-31T03:10:13Z");
        assert_eq!(text(|s| timestamp(s, 1_500, 1_000, false)), "1970-01-01T00:00:01.500");
        assert_eq!(text(|s| timestamp(s, -1, 1_000_000, false)), "1969-12-31T23:59:59.999999");
        assert_eq!(text(|s| time_of_day(s, 37_800_000_000_123, 1_000_000_000)), "10:30:00.000000123");
    }

    #[test]
    fn decimals() {
        assert_eq!(text(|s| decimal(s, &12345i32.to_be_bytes(), 2)), "123.45");
        assert_eq!(text(|s| decimal(s, &(-5i64).to_be_bytes(), 3)), "-0.005");
        assert_eq!(text(|s| decimal(s, &[0], 0)), "0");
        assert_eq!(text(|s| decimal(s, &i128::MIN.to_be_bytes(), 0)), i128::MIN.to_string());
        assert_eq!(text(|s| decimal(s, &[0x80], 1)), "-12.8");
    }

    #[test]
    fn floats_and_base64() {
        assert_eq!(text(|s| { float(s, 110.26); }), "110.26");
        assert_eq!(text(|s| { float(s, 1e300); }), "1e300");
        assert_eq!(text(|s| { float(s, 3.0); }), "3");
        assert_eq!(text(|s| base64(s, b"\xff\x00")), "/wA=");
        assert_eq!(text(|s| base64(s, b"Man")), "TWFu");
        assert_eq!(text(|s| json_string(s, b"a\"b\n\x01")), "\"a\\\"b\\n\\u0001\"");
    }
}
