//! Options a caller may set. Every limit is here with its default, so that crossing one is a
//! documented event (a finding), never silent.

use serde::{Deserialize, Serialize};

/// What the miner is told before it starts. Deserialised from the JS options object
/// (snake_case keys) and filled from CLI flags.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(default)]
pub struct Options {
    /// `"csv"`, `"jsonl"` or `"json"` (JSON Lines and JSON arrays are one reader: the layout is
    /// decided from the head, `crate::format::jsonl::layout`); `None`: JSON when the first
    /// non-blank byte is `{` or `[`, else CSV.
    /// The JS API and the CLI also decide from a file name ending in `.jsonl`/`.ndjson`/`.csv`.
    pub format: Option<String>,
    /// JSON Lines: nested objects are flattened to dotted names down to this depth (default 3);
    /// deeper objects are kept as their JSON text.
    pub max_json_depth: usize,
    /// Field delimiter, one ASCII character. `None`: sniffed among `,` `;` tab `|` from the
    /// first [`Options::sniff_bytes`] of the input.
    pub delimiter: Option<String>,
    /// CSV quote character, one ASCII character; `""`: no quoting (quotes are data). `None`:
    /// detected among `"` and `'` (`crate::format::dialect`).
    pub quote: Option<String>,
    /// CSV escape character inside quoted fields besides a doubled quote, e.g. `\\`; `""`: only
    /// doubled quotes. `None`: detected (backslash or doubled quotes).
    pub escape: Option<String>,
    /// CSV comment character: lines that start with it are skipped and counted; `""`: none.
    /// `None`: detected among `#` and `%`.
    pub comment: Option<String>,
    /// CSV lines before the table (a preamble), skipped and reported. `None`: detected (leading
    /// lines with at most half the table's fields, and leading comment lines).
    pub skip_lines: Option<u64>,
    /// CSV line breaks: `"\n"` (or `"lf"`): only `\n` ends a line and a `\r` is data (the `\r`
    /// of a `\r\n` then ends the line's last field, as pandas' `lineterminator` does). `None`
    /// or `"any"`: `\n`, `\r\n` and a lone `\r` all end a line.
    pub line_ending: Option<String>,
    /// Text encoding, a WHATWG label (`utf-8`, `windows-1252`, `latin1`, `utf-16le`,
    /// `utf-16be`, ...). `None`: detected from the first [`Options::sniff_bytes`]
    /// (`crate::format::encoding`).
    pub encoding: Option<String>,
    /// Whether the first record names the columns. `None` (the default): detected from the
    /// first [`Options::sniff_bytes`] (`crate::format::header`). Without a header, columns are
    /// named `column_1`, `column_2`, ...
    pub has_header: Option<bool>,
    /// Numeric dates that read either way (`01/02/2024`) are day first (`true`) or month first
    /// (`false`) in every column. `None`: decided per column from the file's head by the values
    /// that decide it (a first part over 12 is a day), else month first with `/` and day first
    /// with `.` and `-`.
    pub day_first: Option<bool>,
    /// The decimal mark, `"."` or `","`, in every column: `1,234` is then 1.234 with `","` and
    /// 1234 with `"."`. `None`: decided per column from the file's head.
    pub decimal: Option<String>,
    /// The null tokens, replacing the default list (`crate::infer::NULL_TOKENS`); empty and
    /// blank fields are always null. Compared with each field's surrounding blanks trimmed.
    pub null_values: Option<Vec<String>>,
    /// Bytes of a record kept for classification (default 4 MiB). Bytes past it are counted
    /// (lengths stay exact) but not kept: the fields they belong to are classified as strings
    /// from their kept prefix and reported in a `record_truncated` finding.
    pub max_record_bytes: usize,
    /// Columns tracked (default 16,384). Fields past it are counted and reported in a
    /// `too_many_columns` finding.
    pub max_columns: usize,
    /// Bytes of a string kept as min/max (default 256). Longer values are compared and
    /// reported by this prefix.
    pub max_value_bytes: usize,
    /// Correlations are computed between the numeric columns among the first this many
    /// columns (default 32; the work per row grows with its square).
    pub max_correlation_columns: usize,
    /// The nullity correlation and the missing-value patterns cover the first this many columns
    /// (default 256, at most 1,024; the pair counts take 8 bytes per pair).
    pub max_nullity_columns: usize,
    /// Associations, keys, dependencies and rules cover the first this many columns (default
    /// 32, at most 256; the work per row grows with its square).
    pub max_relationship_columns: usize,
    /// Two-column determinants (`X1, X2 -> A`) are looked for among at most this many columns
    /// (default 12, at most 32), chosen from the file's head as those whose values repeat most
    /// there (see `crate::cross::pairs`; the work per row grows with its cube).
    pub max_determinant_columns: usize,
    /// Dependencies on two columns sampled at most (default 32, at most 256): those the head
    /// makes likely, best first (see `crate::cross::pairs`).
    pub max_pair_dependencies: usize,
    /// Two-column keys are looked for among at most this many columns (default 6, at most 16),
    /// chosen from the file's head as those with the most distinct values there.
    pub max_key_pair_columns: usize,
    /// Rows in the profile's row sample (default 2,000; 0: no sample), chosen uniformly and
    /// deterministically (see `crate::cross::sample`).
    pub sample_rows: usize,
    /// Bytes read before the format and delimiter are decided (default 64 KiB). The decision
    /// depends on these bytes only, so it is the same for any chunking.
    pub sniff_bytes: usize,
    /// Bytes the miner's statistics may hold (default 32 MiB, 4 MiB to 4 GiB). Every statistic
    /// is exact while its state fits; past it, the largest are demoted to bounded sketches and
    /// the profile says which (see `crate::budget`).
    pub memory_budget_bytes: u64,
    /// Compressed input: `None` or `"auto"` (the default): decompressed when its first bytes
    /// are gzip, zstd, bzip2, xz or ZIP's; `"none"`: never; `"gzip"`, `"zstd"`, `"bzip2"`,
    /// `"xz"`, `"zip"`: that codec (see `crate::format::compress`).
    pub compression: Option<String>,
    /// Decompressed bytes at most (default 1 TiB): past them, mining stops with a
    /// `decompression_limit` finding and the profile covers the rows read so far.
    pub max_decompressed_bytes: u64,
    /// Decompressed bytes per compressed byte at most, once 64 MiB are out (default 1,000;
    /// real CSV compresses 3-50 times, a decompression bomb a million times): past it, as
    /// `max_decompressed_bytes`.
    pub max_decompression_ratio: f64,
    /// Excel workbooks: the worksheet to mine, by name or 1-based position; `"all"`: every
    /// one, a profile each; `None` (the default): the first (`crate::format::xlsx`).
    pub sheet: Option<String>,
    /// Fault injection for tests: the engine panics when it reaches this data row, so that the
    /// path from a panic (a bug) to a clear error can be tested end to end. Never set it
    /// otherwise.
    pub test_panic_at_row: Option<u64>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            format: None,
            max_json_depth: 3,
            delimiter: None,
            quote: None,
            escape: None,
            comment: None,
            skip_lines: None,
            line_ending: None,
            encoding: None,
            has_header: None,
            day_first: None,
            decimal: None,
            null_values: None,
            max_record_bytes: 4 << 20,
            max_columns: 16_384,
            max_value_bytes: 256,
            max_correlation_columns: 32,
            max_nullity_columns: 256,
            max_relationship_columns: 32,
            max_determinant_columns: 12,
            max_pair_dependencies: 32,
            max_key_pair_columns: 6,
            sample_rows: 2000,
            sniff_bytes: 64 << 10,
            memory_budget_bytes: crate::budget::DEFAULT_BUDGET,
            compression: None,
            max_decompressed_bytes: 1 << 40,
            max_decompression_ratio: 1000.0,
            sheet: None,
            test_panic_at_row: None,
        }
    }
}

/// Upper limit of `max_correlation_columns`: 512 columns are 130,816 pairs (about 6 MiB) and
/// that much work per row.
pub const MAX_CORRELATION_COLUMNS: usize = 512;

impl Options {
    /// Checks the options; the message says what to change.
    pub fn validate(&self) -> Result<(), crate::Error> {
        let range = |name: &str, v: usize, lo: usize, hi: usize| {
            if v < lo || v > hi {
                Err(crate::Error::Options(format!("{name} must be between {lo} and {hi}, got {v}")))
            } else {
                Ok(())
            }
        };
        if let Some(d) = &self.delimiter {
            let b = d.as_bytes();
            if b.len() != 1 || b[0] == b'"' || b[0] == b'\n' || b[0] == b'\r' {
                return Err(crate::Error::Options(format!(
                    "delimiter must be one ASCII character other than a quote or a line break, got {d:?}"
                )));
            }
        }
        for (name, v) in [("quote", &self.quote), ("escape", &self.escape), ("comment", &self.comment)] {
            if let Some(v) = v {
                let b = v.as_bytes();
                if b.len() > 1 || b.first().is_some_and(|&c| !c.is_ascii() || c == b'\n' || c == b'\r') {
                    return Err(crate::Error::Options(format!("{name} must be one ASCII character other than a line break, or \"\" for none, got {v:?}")));
                }
            }
        }
        let f = self.forced_dialect();
        let d = f.delimiter.unwrap_or(b',');
        if f.quote.flatten() == Some(d) || f.comment.flatten().is_some_and(|c| c == d || Some(c) == f.quote.flatten()) {
            return Err(crate::Error::Options("the delimiter, quote and comment characters must differ".into()));
        }
        if let Some(l) = &self.line_ending {
            if !matches!(l.as_str(), "\n" | "lf" | "any") {
                return Err(crate::Error::Options(format!("line_ending must be \"\\n\" (or \"lf\": only \\n ends a line) or \"any\", got {l:?}")));
            }
        }
        if let Some(d) = &self.decimal {
            if d != "." && d != "," {
                return Err(crate::Error::Options(format!("decimal must be \".\" or \",\", got {d:?}")));
            }
        }
        if let Some(v) = &self.null_values {
            if v.len() > 1024 || v.iter().any(|t| t.len() > 256) {
                return Err(crate::Error::Options("null_values takes at most 1,024 tokens of at most 256 bytes".into()));
            }
        }
        if let Some(n) = self.skip_lines {
            range("skip_lines", n as usize, 0, 1 << 20)?;
        }
        if let Some(e) = &self.encoding {
            crate::format::encoding::detect(b"", true, Some(e)).map_err(crate::Error::Options)?;
        }
        if let Some(f) = &self.format {
            if f != "csv" && f != "jsonl" && f != "json" && f != "xlsx" && f != "parquet" {
                return Err(crate::Error::Options(format!("format must be \"csv\", \"jsonl\", \"json\", \"xlsx\" or \"parquet\", got {f:?}")));
            }
        }
        if let Some(c) = &self.compression {
            if c != "auto" && c != "none" && crate::format::compress::Codec::from_name(c).is_none() {
                return Err(crate::Error::Options(format!("compression must be \"auto\", \"none\", \"gzip\", \"zstd\", \"bzip2\", \"xz\" or \"zip\", got {c:?}")));
            }
        }
        if self.max_decompressed_bytes == 0 || !(self.max_decompression_ratio >= 2.0) {
            return Err(crate::Error::Options(format!(
                "max_decompressed_bytes must be positive and max_decompression_ratio at least 2, got {} and {}",
                self.max_decompressed_bytes, self.max_decompression_ratio
            )));
        }
        range("max_record_bytes", self.max_record_bytes, 1024, 1 << 30)?;
        range("max_columns", self.max_columns, 1, 1 << 20)?;
        range("max_value_bytes", self.max_value_bytes, 1, 1 << 16)?;
        range("sniff_bytes", self.sniff_bytes, 1, 16 << 20)?;
        range("max_correlation_columns", self.max_correlation_columns, 0, MAX_CORRELATION_COLUMNS)?;
        range("max_nullity_columns", self.max_nullity_columns, 0, 1024)?;
        range("max_relationship_columns", self.max_relationship_columns, 0, 256)?;
        range("max_determinant_columns", self.max_determinant_columns, 0, 32)?;
        range("max_pair_dependencies", self.max_pair_dependencies, 0, 256)?;
        range("max_key_pair_columns", self.max_key_pair_columns, 0, 16)?;
        range("sample_rows", self.sample_rows, 0, 100_000)?;
        range("max_json_depth", self.max_json_depth, 1, 64)?;
        let (lo, hi) = (crate::budget::MIN_BUDGET, crate::budget::MAX_BUDGET);
        if self.memory_budget_bytes < lo || self.memory_budget_bytes > hi {
            return Err(crate::Error::Options(format!(
                "memory_budget_bytes must be between {lo} (4 MiB) and {hi} (4 GiB), got {}",
                self.memory_budget_bytes
            )));
        }
        Ok(())
    }
}

impl Options {
    /// The decimal mark the options force: `Some(true)` for a comma.
    pub fn forced_decimal_comma(&self) -> Option<bool> {
        self.decimal.as_deref().map(|d| d == ",")
    }

    /// What the options force of the CSV dialect (see `crate::format::dialect`).
    pub fn forced_dialect(&self) -> crate::format::dialect::Forced {
        let one = |v: &Option<String>| v.as_ref().map(|s| s.as_bytes().first().copied());
        crate::format::dialect::Forced {
            delimiter: self.delimiter.as_ref().and_then(|d| d.as_bytes().first().copied()),
            quote: one(&self.quote),
            escape: one(&self.escape),
            comment: one(&self.comment),
            skip_lines: self.skip_lines,
            lf_only: matches!(self.line_ending.as_deref(), Some("\n" | "lf")),
        }
    }
}

/// The format a file name implies: `jsonl` for `.jsonl`/`.ndjson`, `csv` for `.csv`/`.tsv`
/// (a compression suffix, `.gz` `.zst` `.bz2` `.xz` `.zip`, is looked through); `None`
/// otherwise.
pub fn format_from_name(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    let base = [".gz", ".zst", ".bz2", ".xz", ".zip"].iter().find_map(|x| lower.strip_suffix(x)).unwrap_or(&lower);
    if base.ends_with(".jsonl") || base.ends_with(".ndjson") {
        Some("jsonl")
    } else if base.ends_with(".json") {
        Some("json")
    } else if base.ends_with(".csv") || base.ends_with(".tsv") {
        Some("csv")
    } else {
        None
    }
}
