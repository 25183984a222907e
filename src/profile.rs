//! The result of mining: a serialisable profile. Field names are a contract read by other
//! tools (snake_case): add fields freely, rename none.

use serde::{Serialize, Serializer};

/// The whole profile.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Profile {
    /// Version of the engine that produced it.
    pub sluice_version: &'static str,
    /// Version of the profile's shape ([`PROFILE_VERSION`]): raised when a field changes
    /// meaning or a reader needs to know of new ones. Profiles from before it have none
    /// (version 1).
    pub profile_version: u32,
    /// The files mined as this dataset, in order, with their rows, bytes and lines (several
    /// files with the same columns are one dataset); one entry for a single file mined by its
    /// path or name; empty for a stream without a name.
    pub files: Vec<SourceFile>,
    /// `"csv"`, `"jsonl"` (JSON Lines) or `"json"` (an array of objects).
    #[cfg_attr(feature = "schema", schemars(with = "crate::profile::names::Format"))]
    pub format: &'static str,
    /// JSON arrays: where the records are, as a JSONPath: `"$"` for a top-level array,
    /// `"$.data"` for the array in the top-level object's member `data`; null otherwise.
    pub records_path: Option<String>,
    /// The field delimiter used (sniffed or given), e.g. `","`; null where not applicable.
    pub delimiter: Option<String>,
    /// CSV: the dialect used (delimiter, quote, escape, comment character, line ending), which
    /// parts the options forced, how consistently it split the head, and the runner-up; null
    /// for JSON Lines (see `crate::format::dialect`).
    pub dialect: Option<crate::format::dialect::DialectReport>,
    /// CSV: lines before the table that were skipped (a preamble: titles, `key: value` lines,
    /// comment lines, blank lines); a `skipped_lines` finding shows their text.
    pub skipped_lines: u64,
    /// CSV: comment lines between the rows, skipped and counted.
    pub comment_lines: u64,
    /// Text encoding of the input, decoded to UTF-8 as it is read: `"utf-8"`, `"windows-1252"`
    /// (also for Latin-1), `"utf-16le"`, `"utf-16be"`, or another WHATWG name given by the
    /// `encoding` option.
    pub encoding: String,
    /// Whether the encoding was detected (else the `encoding` option gave it).
    pub encoding_detected: bool,
    /// Why that encoding: `"valid UTF-8"`, `"a UTF-16 little-endian byte order mark"`, ...
    pub encoding_reason: String,
    /// Whether the input began with a UTF-8 byte order mark.
    pub bom: bool,
    /// CSV: whether the first record was read as the header, whether that was detected (else
    /// the `has_header` option said so), and why; null for JSON Lines.
    pub header: Option<crate::format::header::Header>,
    /// Bytes of input mined (after decompression).
    pub bytes: u64,
    /// How the input was decompressed; null when it was not compressed (or was decompressed
    /// before the engine saw it).
    pub compression: Option<Compression>,
    /// Excel workbooks: which worksheet this profile is of, and the workbook's worksheets;
    /// null for other formats (`crate::format::xlsx`).
    pub sheet: Option<SheetInfo>,
    /// Parquet files: the file's layout and schema; null for other formats
    /// (`crate::format::parquet`).
    pub parquet: Option<ParquetInfo>,
    /// Data records (the header and blank lines excluded).
    pub rows: u64,
    /// Physical lines in the input (counted by `\n`; a last line without one counts).
    pub lines: u64,
    /// Lines that were empty.
    pub blank_lines: u64,
    /// Rows with nothing in them: empty lines plus records whose fields are all empty.
    pub blank_rows: u64,
    /// Data rows that repeat an earlier row (rows minus distinct rows); exact up to
    /// `duplicate_rows_exact` and an estimate from a HyperLogLog of record hashes beyond.
    pub duplicate_rows: u64,
    pub duplicate_rows_exact: bool,
    /// When `duplicate_rows` is estimated: a bound on its error in rows at about 95%
    /// confidence (twice the HyperLogLog's standard error of the distinct rows); 0 when exact.
    pub duplicate_rows_error: u64,
    /// The memory budget the statistics were kept within (`memory_budget_bytes`): every
    /// statistic is exact while its state fits it (see `distinct_exact`, `quantiles_exact`,
    /// a top value's `error`, `duplicate_rows_exact`).
    pub memory_budget_bytes: u64,
    /// Pearson correlation of the numeric columns (pairwise complete rows).
    pub correlations: Correlations,
    /// Which columns go missing together (`crate::cross::missing`).
    pub missing: Option<Missingness>,
    /// A uniform, deterministic sample of rows (`crate::cross::sample`); None with
    /// `sample_rows: 0`.
    pub sample: Option<RowSample>,
    /// How strongly each pair of the first `max_relationship_columns` columns is associated,
    /// with the measure that fits their types (`crate::cross::relations`); None without
    /// columns.
    pub associations: Option<Associations>,
    /// Columns that are keys (no nulls, no value twice) or nearly so.
    pub keys: Vec<KeyColumn>,
    /// Functional dependencies X -> A that hold exactly or nearly (g3 error at most 5%).
    pub dependencies: Vec<Dependency>,
    /// Pairs of columns that encode the same thing (each determines the other).
    pub redundant_columns: Vec<RedundantColumns>,
    /// Notable rules `A=a => B=b` between values of categorical columns.
    pub rules: Vec<Rule>,
    pub columns: Vec<ColumnProfile>,
    pub findings: Vec<Finding>,
    /// Workers that mined parts of the file in parallel (1: one pass; see `mine(file, {
    /// workers })`). The profile is the same either way, sketch estimates aside.
    pub workers: u32,
    /// Why the file was mined by one worker although more were asked for (a stream, a small
    /// file, a first record longer than `sniff_bytes`, many columns), or how many parts had to
    /// be mined again; null otherwise.
    pub parallel_note: Option<String>,
    /// What the run that produced this profile took.
    pub memory: MemoryStats,
}

/// The version of the profile's shape this engine writes (see `Profile::profile_version`).
pub const PROFILE_VERSION: u32 = 2;

/// One file of the dataset.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SourceFile {
    /// Its path or name, as given.
    pub name: String,
    /// What it was read as: `"csv"` or `"jsonl"` (a dataset may mix CSV and JSON Lines files
    /// of the same columns). Absent in profiles written before it was added.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<&'static str>,
    /// How it was decompressed (`"gzip"`, `"zstd"`, ...); null when it was not compressed.
    pub compression: Option<&'static str>,
    /// Bytes of it mined (after decompression).
    pub bytes: u64,
    /// Its data rows.
    pub rows: u64,
    /// The dataset's line numbers of its first and last lines (a header after the first
    /// file's is not a line of the dataset).
    pub first_line: u64,
    pub last_line: u64,
    /// A line `n` of the dataset (in findings, outliers, samples) is line `n - line_offset` of
    /// this file.
    pub line_offset: u64,
}

/// The profile of one column.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ColumnProfile {
    /// 0-based position.
    pub index: usize,
    pub name: String,
    /// Inferred type: `boolean`, `integer`, `float`, `date`, `datetime` or `string`.
    #[serde(rename = "type")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::profile::names::ColumnType"))]
    pub ty: &'static str,
    /// Non-null values.
    pub count: u64,
    /// Null values (empty fields, null tokens, fields missing from short rows).
    pub nulls: u64,
    /// Non-null values of each type; they add up to `count`.
    pub types: TypeCounts,
    /// Smallest and largest value of the inferred type: numbers for numbers, `YYYY-MM-DD` for
    /// dates, ISO-8601 for datetimes, byte-wise order for strings (at most `max_value_bytes`).
    pub min: Option<Scalar>,
    pub max: Option<Scalar>,
    /// Mean and sample standard deviation (numbers; booleans as 0/1). Null otherwise.
    pub mean: Option<f64>,
    pub std: Option<f64>,
    /// Byte length of the non-null values as written (quotes unescaped).
    pub length: LengthStats,
    /// Distinct non-null values: exact while `distinct_exact`, else a HyperLogLog estimate.
    /// Numbers are compared by value (`1` and `1.0` are one value), text byte-wise.
    pub distinct: u64,
    pub distinct_exact: bool,
    /// Relative standard error of `distinct` when it is estimated (HyperLogLog: about 68% of
    /// estimates are within it, 95% within twice it); 0 when exact.
    pub distinct_error: f64,
    /// The most frequent values (up to 10), most frequent first. `count` is exact when
    /// `error` is 0; otherwise the true count lies in `[count - error, count]`.
    pub top: Vec<TopValue>,
    /// A few distinct values as written (a prefix of at most `max_value_bytes`).
    pub examples: Vec<String>,
    /// Numbers (integer and float columns): sum, moments, signs; null otherwise.
    pub sum: Option<f64>,
    /// Adjusted Fisher-Pearson skewness and excess kurtosis (as pandas computes them).
    pub skewness: Option<f64>,
    pub kurtosis: Option<f64>,
    pub zeros: Option<u64>,
    pub negatives: Option<u64>,
    /// NaN and infinite values (numbers only).
    pub non_finite: Option<u64>,
    /// Quantiles of numbers, dates and datetimes: the smallest value whose cumulative count
    /// reaches the rank (nearest rank). Exact while every distinct value and its count fit the
    /// memory budget (`quantiles_exact`), else from a KLL sketch.
    pub quantiles: Option<Quantiles>,
    /// Whether `quantiles` (and `histogram`) are exact; true where there are none.
    pub quantiles_exact: bool,
    /// When estimated: the normalised rank error of `quantiles` at about 99% confidence (a
    /// reported p50 has a true rank within 0.5 ± this); 0 when exact.
    pub quantiles_rank_error: f64,
    /// At most 64 bins over [min, max]; exact counts while `histogram_exact`, else estimated
    /// from the quantile sketch.
    pub histogram: Option<Histogram>,
    /// Whether the histogram's counts are exact.
    pub histogram_exact: bool,
    /// Numeric, date and datetime columns: outliers by Tukey's fences and by the modified
    /// z-score, counted from the column's exact extremes (see [`Outliers`]).
    pub outliers: Option<Outliers>,
    /// Date and datetime columns: whether the values are in order, in file order.
    pub order: Option<RowOrder>,
    /// Date and datetime columns: the values counted per day, week, month or year.
    pub time_series: Option<TimeSeries>,
    /// How the values are written: strftime-style for dates, datetimes and times
    /// (`%m/%d/%Y`, `%Y-%m-%dT%H:%M:%S%z`); a spreadsheet-style pattern for numbers written
    /// with more than digits and a decimal point (`#,##0.##`, `0,##`, `$#,##0.##;($#,##0.##)`,
    /// `0.##%`); the spelling for booleans (`yes/no`). Null otherwise.
    pub format: Option<String>,
    /// Numbers: `%` or the currency written with them (`$`, `€`, `EUR`, ...). Null otherwise.
    pub unit: Option<String>,
    /// Numeric dates none of which says whether the day or the month comes first
    /// (`01/02/2024`): read as `format` says, with an `ambiguous_dates` finding.
    pub format_ambiguous: bool,
    /// Datetimes written with a zone or offset (`Z`, `+02:00`, `GMT`), normalised to UTC.
    pub utc_normalized: u64,
    /// What the values mean, when at least 90% of the non-null values are of one kind:
    /// `email`, `url`, `uuid`, `ipv4`, `ipv6`, `phone`, `mac_address`, `credit_card` (Luhn
    /// valid), `iban` (checksum valid), `us_ssn`, `country_code` (ISO 3166-1), `currency_code`
    /// (ISO 4217), `lat_lon`, `json`, `hex_color`. Null otherwise.
    #[cfg_attr(feature = "schema", schemars(with = "Option<crate::profile::names::SemanticType>"))]
    pub semantic: Option<&'static str>,
    /// The share of the non-null values of that kind.
    pub semantic_share: Option<f64>,
    /// The semantic kind is personal data (email, phone, card, IBAN, SSN, IP address), with a
    /// `personal_data` finding.
    pub personal_data: bool,
    /// An integer column with as many distinct values as values (at least 2): likely a key or
    /// an ID rather than a quantity.
    pub identifier_like: bool,
    /// An integer column of only 0 and 1: likely a boolean.
    pub boolean_like: bool,
}

/// The order of a date or datetime column's values, in file order.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RowOrder {
    /// `"ascending"` unless more values go down than up (`"descending"`); `"constant"` when
    /// every value is the same.
    #[cfg_attr(feature = "schema", schemars(with = "crate::profile::names::Direction"))]
    pub direction: &'static str,
    /// Whether no value breaks that order.
    pub sorted: bool,
    /// Values that break it (each compared with the value before), and their first lines.
    pub breaks: u64,
    pub break_lines: Vec<u64>,
}

/// A date or datetime column's values per calendar period.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TimeSeries {
    /// `"day"` (a span of up to 92 days), `"week"` (ISO weeks from Monday; up to 2 years),
    /// `"month"` (up to 50 years) or `"year"`.
    #[cfg_attr(feature = "schema", schemars(with = "crate::profile::names::Period"))]
    pub period: &'static str,
    /// The first day of each period, from the first value's to the last value's.
    pub starts: Vec<String>,
    pub counts: Vec<u64>,
    /// Whether the counts are exact (else estimated from the quantile sketch).
    pub exact: bool,
    /// Periods without a value inside the span, and the first ones' starts; when exact.
    pub gaps: Option<u64>,
    pub gap_starts: Vec<String>,
}

/// The outliers of a numeric or date column (`crate::column::outliers`). Values are in the
/// column's form: numbers, or dates and datetimes as text.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Outliers {
    /// Tukey's fences: p25 − 1.5 × IQR and p75 + 1.5 × IQR.
    pub tukey: Fences,
    /// The modified z-score's fences: the values x with |0.6745 (x − median) / scale| > 3.5.
    /// None when the scale is 0 (every value is the median, or nearly so).
    pub modified_z: Option<Fences>,
    pub median: Scalar,
    /// The median absolute deviation from the median (in the column's unit; days for dates).
    pub mad: f64,
    /// What the modified z-score divides by: `"mad"`, or when the MAD is 0,
    /// `"mean_absolute_deviation"` (then `scale` is 1.253314 × the mean absolute deviation).
    #[cfg_attr(feature = "schema", schemars(with = "crate::profile::names::ScaleKind"))]
    pub scale_kind: &'static str,
    pub scale: f64,
    /// Whether the quartiles, median and MAD are exact (else from the quantile sketch).
    pub center_exact: bool,
    /// The smallest values, ascending, with their lines (at most 10).
    pub lowest: Vec<Extreme>,
    /// The largest values, descending, with their lines (at most 10).
    pub highest: Vec<Extreme>,
    /// How many of the smallest and of the largest values the column kept, with their lines.
    pub extremes_kept: u64,
    /// The values these are over: the column's finite numbers, or its dates and datetimes.
    pub values: u64,
}

/// The values beyond a pair of fences.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Fences {
    pub lower: Scalar,
    pub upper: Scalar,
    /// Values below `lower`, and above `upper`.
    pub below: u64,
    pub above: u64,
    /// Whether `below` and `above` are exact: counted from the kept extremes where each fence
    /// falls within them (or every value was kept), else from the quantile digest, which is
    /// exact while `center_exact`. Otherwise estimated from the quantile sketch.
    pub exact: bool,
    /// Whether every value beyond the fences is among the kept extremes (then `lines` are the
    /// first lines of all of them; else of the kept ones).
    pub lines_complete: bool,
    /// Lines of values beyond the fences, ascending (at most 10).
    pub lines: Vec<u64>,
    /// The most extreme values beyond the fences (up to 3 on each side).
    #[serde(skip)]
    pub most_extreme: Vec<Extreme>,
}

/// A value and the physical line it is on.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Extreme {
    pub value: Scalar,
    pub line: u64,
}

impl ColumnProfile {
    pub fn type_name(&self) -> &'static str {
        self.ty
    }
}

/// p1, p5, p25, p50, p75, p95, p99: numbers, or text for dates and datetimes.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Quantiles {
    pub p1: Scalar,
    pub p5: Scalar,
    pub p25: Scalar,
    pub p50: Scalar,
    pub p75: Scalar,
    pub p95: Scalar,
    pub p99: Scalar,
}

impl Quantiles {
    pub fn from_array(q: [f64; 7], f: impl Fn(f64) -> Scalar) -> Quantiles {
        Quantiles { p1: f(q[0]), p5: f(q[1]), p25: f(q[2]), p50: f(q[3]), p75: f(q[4]), p95: f(q[5]), p99: f(q[6]) }
    }
}

/// `edges` has one more element than `counts`; bin i is [edges[i], edges[i+1]).
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Histogram {
    pub edges: Vec<Scalar>,
    pub counts: Vec<u64>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TopValue {
    pub value: String,
    pub count: u64,
    pub error: u64,
}

/// Rows of the file: a uniform sample chosen by the hashes of the rows' byte offsets (the same
/// for any chunking and any split into parallel parts), and the file's first rows.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RowSample {
    pub columns: Vec<String>,
    /// The sampled rows in file order: values as typed (numbers as numbers, other values as
    /// their text, at most 64 bytes), null for nulls.
    pub rows: Vec<Vec<Option<Scalar>>>,
    /// The physical line of each sampled row.
    pub lines: Vec<u64>,
    /// The file's first rows (at most 10), and their lines.
    pub head: Vec<Vec<Option<Scalar>>>,
    pub head_lines: Vec<u64>,
    /// `sample_rows`: the rows asked for (fewer are kept when the file has fewer, or when a
    /// wide file's rows would take more than an eighth of the memory budget).
    pub requested: u64,
}

/// Missing-value structure: the nullity correlation of the columns with nulls, and the most
/// frequent patterns of columns null together.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Missingness {
    /// The columns with nulls (but not only nulls), among the first `tracked_columns`.
    pub columns: Vec<String>,
    /// `nullity[i][j]`: the correlation of the null indicators of `columns[i]` and `columns[j]`
    /// (missingno's heatmap), exact; null where undefined.
    pub nullity: Vec<Vec<Option<f64>>>,
    /// Rows without a null among the tracked columns, and rows with one or more.
    pub complete_rows: u64,
    pub rows_with_nulls: u64,
    /// The most frequent patterns (at most 20), largest count first.
    pub patterns: Vec<MissingPattern>,
    /// Whether the patterns' counts are exact; else lower bounds, each within `error`.
    pub patterns_exact: bool,
    pub patterns_error: u64,
    /// Distinct patterns, while exact.
    pub distinct_patterns: Option<u64>,
    /// Columns covered (`max_nullity_columns`, or fewer).
    pub tracked_columns: u64,
}

/// A set of columns null together in `count` rows (and no other tracked column null there).
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MissingPattern {
    pub columns: Vec<String>,
    pub count: u64,
    /// The true count is in [count, count + error].
    pub error: u64,
    /// The first row with this pattern, while the patterns are exact.
    pub first_line: Option<u64>,
}

/// Associations between the first `tracked_columns` columns: one measure per pair, chosen by
/// the columns' roles.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Associations {
    pub columns: Vec<String>,
    /// Each column's role: `numeric` (integer and float columns), `categorical` (at most 256
    /// distinct values, see `categories`) or `other`.
    #[cfg_attr(feature = "schema", schemars(with = "Vec<crate::profile::names::Role>"))]
    pub roles: Vec<&'static str>,
    /// Categories of each categorical column: its distinct values, or 64 when it has more
    /// (its 63 most frequent values and "other").
    pub categories: Vec<Option<u64>>,
    /// `measure[i][j]`: `cramers_v` (two categorical columns), `eta` (a categorical and a
    /// numeric one), `pearson` (two numeric ones), or null.
    #[cfg_attr(feature = "schema", schemars(with = "Vec<Vec<Option<crate::profile::names::Measure>>>"))]
    pub measure: Vec<Vec<Option<&'static str>>>,
    /// `value[i][j]`: the measure's value (symmetric): bias-corrected Cramér's V and the
    /// correlation ratio in [0, 1], Pearson's r in [-1, 1]; null where undefined.
    pub value: Vec<Vec<Option<f64>>>,
    /// `theil_u[i][j]`: Theil's uncertainty coefficient U(i | j), the share of column i's
    /// entropy that knowing column j removes (categorical pairs).
    pub theil_u: Vec<Vec<Option<f64>>>,
    /// `mutual_information[i][j]`, in nats (categorical pairs).
    pub mutual_information: Vec<Vec<Option<f64>>>,
    /// Each categorical and categorical-numeric pair: its rows and what the page opens on a
    /// click (the contingency table, or the numeric column's mean per category).
    pub pairs: Vec<AssociationPair>,
    /// Columns covered (`max_relationship_columns`).
    pub tracked_columns: u64,
    /// Pairs of categorical columns whose contingency table was left out to stay within the
    /// memory budget (their measures are null).
    pub tables_left_out: u64,
    /// The columns whose pairs may determine others (`X1, X2 -> A`), chosen from how their
    /// values repeat in the file's head (`max_determinant_columns`).
    pub determinant_columns: Vec<String>,
    /// The dependencies on two columns sampled through the file, `[x1, x2, a]` each: those the
    /// head makes likely (`max_pair_dependencies`).
    pub pair_dependencies_searched: Vec<Vec<String>>,
    /// The columns keys of two columns with many values are looked for among (the head's most
    /// varied, `max_key_pair_columns`).
    pub key_pair_columns: Vec<String>,
}

/// One pair's association, with its table or groups.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct AssociationPair {
    /// The two columns; for `eta`, the categorical one first.
    pub columns: Vec<String>,
    #[cfg_attr(feature = "schema", schemars(with = "crate::profile::names::PairMeasure"))]
    pub measure: &'static str,
    pub value: Option<f64>,
    /// Rows in which both have a value (for `eta`, a finite number).
    pub rows: u64,
    /// `cramers_v`: counts of the most frequent values of each (at most 12, then "(other)").
    pub table: Option<ContingencyTable>,
    /// `eta`: the numeric column's count, mean and standard deviation per category (the 24
    /// largest categories, then "(other)").
    pub groups: Option<Vec<CategoryMean>>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ContingencyTable {
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    pub counts: Vec<Vec<u64>>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CategoryMean {
    pub value: String,
    pub count: u64,
    pub mean: f64,
    pub std: Option<f64>,
}

/// A key or near-key: one column, or a pair (tested when no single column is a key).
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct KeyColumn {
    pub columns: Vec<String>,
    /// No nulls, and no value twice.
    pub key: bool,
    pub nulls: u64,
    pub distinct: u64,
    /// Rows that repeat a value of an earlier row (count minus distinct).
    pub duplicate_rows: u64,
    /// Values that occur more than once; estimated from the sample (divided by `sampled`)
    /// unless `duplicates_complete`.
    pub duplicated_values: u64,
    /// Whether `key` and `duplicate_rows` are exact (the column's distinct count is).
    pub exact: bool,
    /// The share of values whose every occurrence was counted (1: all of them; see
    /// `crate::cross::relations`): the key sample the duplicates below come from.
    pub sampled: f64,
    /// Whether every value was counted, so `duplicates` are the first ones of the file.
    pub duplicates_complete: bool,
    /// The first duplicated values (by the line of their second occurrence): value, count,
    /// and the lines of its first two occurrences.
    pub duplicates: Vec<DuplicateValue>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct DuplicateValue {
    pub value: String,
    pub count: u64,
    pub lines: Vec<u64>,
}

/// A value with its count and first line.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ValueCount {
    pub value: String,
    pub count: u64,
    pub first_line: u64,
}

/// X -> A: each value of the determinant columns goes with one value of the dependent one.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Dependency {
    pub determinant: Vec<String>,
    pub dependent: String,
    /// The g3 error: the share of rows that would have to be removed for it to hold (0:
    /// it holds).
    pub error: f64,
    /// Those rows.
    pub violating_rows: u64,
    /// Rows where all its columns have a value.
    pub rows: u64,
    /// Distinct determinant values.
    pub determinant_values: u64,
    /// Whether it was counted from every row (else estimated from a sample of values).
    pub exact: bool,
    /// When estimated: the share of determinant values sampled (every row of each counted),
    /// and a bound on `error`'s error at about 95% confidence; 1 and 0 when exact.
    pub sampled: f64,
    pub error_margin: f64,
    /// The determinant values with more than one dependent value, most violating rows first.
    pub violations: Vec<Violation>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Violation {
    /// The determinant value.
    pub value: String,
    pub rows: u64,
    /// Its most frequent dependent value.
    pub expected: ValueCount,
    /// Its other dependent values: the rows that break the dependency.
    pub conflicts: Vec<ValueCount>,
}

/// Two columns in one-to-one correspondence.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RedundantColumns {
    pub columns: Vec<String>,
    /// Distinct value pairs.
    pub values: u64,
    pub rows: u64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct RuleItem {
    pub column: String,
    pub value: String,
}

/// `antecedent => consequent`, with its exceptions.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Rule {
    pub antecedent: Vec<RuleItem>,
    pub consequent: RuleItem,
    /// Rows with both.
    pub rows: u64,
    /// rows / rows where both columns have a value.
    pub support: f64,
    /// rows / rows with the antecedent.
    pub confidence: f64,
    /// confidence / the consequent's share.
    pub lift: f64,
    /// Chi-square of the rule's 2x2 table (1 degree of freedom; reported at p < 0.001).
    pub chi_square: f64,
    /// Rows with the antecedent but another consequent value.
    pub exceptions: u64,
    /// Those values, most frequent first, with first lines (rules of confidence 95% to
    /// 99.99%).
    pub exception_values: Vec<ValueCount>,
}

/// `pearson[i][j]` is the correlation of `columns[i]` and `columns[j]` (null where undefined).
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Correlations {
    pub columns: Vec<String>,
    pub pearson: Vec<Vec<Option<f64>>>,
}

/// The profile so far, while a file streams (`mine()`'s `onSnapshot`, about once a second):
/// the rows mined so far and each column's type, counts, distinct values, min, max and mean over
/// them. Taking one changes nothing: the final profile is the same with or without snapshots.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Snapshot {
    /// Rows whose values the columns below count (the rows of the block being filled, at most
    /// a few thousand, are not in them yet).
    pub rows: u64,
    pub columns: Vec<ColumnSnapshot>,
    /// Workers whose parts it merges (1: one pass; `mine()` merges the parts' snapshots).
    pub workers: u32,
}

/// One column of a [`Snapshot`].
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ColumnSnapshot {
    pub name: String,
    /// The type the values so far give (it may still change, as in the final profile's rules).
    #[serde(rename = "type")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::profile::names::ColumnType"))]
    pub ty: &'static str,
    pub count: u64,
    pub nulls: u64,
    /// Distinct values so far; `distinct_exact` false: an estimate (the exact table was
    /// demoted), or with several workers the largest part's count (a lower bound).
    pub distinct: u64,
    pub distinct_exact: bool,
    pub min: Option<Scalar>,
    pub max: Option<Scalar>,
    /// Numbers: the mean; booleans: the share of `true`.
    pub mean: Option<f64>,
}

#[derive(Clone, Debug, Default, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TypeCounts {
    pub boolean: u64,
    pub integer: u64,
    pub float: u64,
    pub date: u64,
    pub datetime: u64,
    pub string: u64,
    pub time: u64,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct LengthStats {
    pub min: Option<u64>,
    pub max: Option<u64>,
    pub mean: Option<f64>,
    /// Length quantiles (string columns).
    pub quantiles: Option<Quantiles>,
    /// Whether the length quantiles are exact (true where there are none).
    pub quantiles_exact: bool,
}

impl Default for LengthStats {
    fn default() -> Self {
        LengthStats { min: None, max: None, mean: None, quantiles: None, quantiles_exact: true }
    }
}

/// A minimum or maximum.
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
}

impl Scalar {
    /// The value as a finding's message shows it (floats to 6 significant digits).
    pub fn text(&self) -> String {
        match self {
            Scalar::Bool(b) => b.to_string(),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) if f.is_finite() && f.abs() >= 1e-4 && f.abs() < 1e15 => {
                let s = format!("{:.*}", (5 - libm::log10(f.abs()).floor() as i32).max(0) as usize, f);
                if s.contains('.') { s.trim_end_matches('0').trim_end_matches('.').to_string() } else { s }
            }
            Scalar::Float(f) => format!("{f:e}"),
            Scalar::Text(t) => t.clone(),
        }
    }
}

impl Serialize for Scalar {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        /// Integers beyond 2^53 cannot be exact JS numbers: they are written as strings.
        const SAFE: i64 = (1 << 53) - 1;
        match self {
            Scalar::Bool(b) => s.serialize_bool(*b),
            Scalar::Int(i) if (-SAFE..=SAFE).contains(i) => s.serialize_i64(*i),
            Scalar::Int(i) => s.collect_str(i),
            Scalar::Float(f) => s.serialize_f64(*f),
            Scalar::Text(t) => s.serialize_str(t),
        }
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Scalar {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Scalar".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A value: a boolean, a number (an integer beyond 2^53 is written as a string of digits), or text (dates and datetimes as ISO text).",
            "type": ["boolean", "number", "string"]
        })
    }
}

/// How serious a finding is.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// Something about the data a person should know.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Finding {
    /// Machine-readable kind, e.g. `ragged_rows`.
    pub kind: &'static str,
    pub severity: Severity,
    /// The column concerned (its name), or null for the whole file.
    pub column: Option<String>,
    pub column_index: Option<usize>,
    /// How many rows, values or lines it concerns.
    pub count: u64,
    /// The first line numbers where it occurs (physical, 1-based).
    pub lines: Vec<u64>,
    /// What happened and what to do about it.
    pub message: String,
}

/// The worksheet of an Excel workbook that a profile is of (`crate::format::xlsx`).
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SheetInfo {
    /// The sheet's name, as its tab shows it.
    pub name: String,
    /// Its position among the workbook's worksheets, from 1.
    pub index: usize,
    /// Every worksheet's name, in the workbook's order (chart sheets are not listed).
    pub sheets: Vec<String>,
    /// Size of the workbook file in bytes (`bytes` counts the sheet's cells as CSV text).
    pub file_bytes: u64,
}

/// A Parquet file's layout and schema (`crate::format::parquet`).
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ParquetInfo {
    /// Size of the Parquet file in bytes (`bytes` counts its rows as CSV or JSON Lines text).
    pub file_bytes: u64,
    /// Rows the footer declares.
    pub rows: u64,
    /// Row groups in the file.
    pub row_groups: usize,
    /// The writer the footer names (`created_by`), e.g. `parquet-cpp-arrow version 26.0.1`.
    pub created_by: Option<String>,
    /// The compression codecs the column chunks use (`"snappy"`, `"zstd"`, ...), each once.
    pub codecs: Vec<String>,
    /// Whether the schema nests (structs, lists, maps): the rows are then read as JSON Lines
    /// with its flattening rules, else as CSV.
    pub nested: bool,
    /// The schema's leaf columns, in order.
    pub columns: Vec<ParquetColumn>,
}

/// One leaf column of a Parquet schema.
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ParquetColumn {
    /// Its path, dotted (`a.b` for field `b` of struct `a`).
    pub name: String,
    /// The physical type: `BOOLEAN`, `INT32`, `INT64`, `INT96`, `FLOAT`, `DOUBLE`,
    /// `BYTE_ARRAY` or `FIXED_LEN_BYTE_ARRAY`.
    pub physical_type: String,
    /// The logical type, if any: `STRING`, `DATE`, `TIMESTAMP(MILLIS, UTC)`, `DECIMAL(10, 2)`, ...
    pub logical_type: Option<String>,
}

/// How a compressed input was read (`crate::format::compress`).
#[derive(Clone, Debug, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Compression {
    /// `"gzip"`, `"zstd"`, `"bzip2"`, `"xz"` or `"zip"`.
    #[cfg_attr(feature = "schema", schemars(with = "crate::profile::names::Codec"))]
    pub codec: &'static str,
    /// Whether the first bytes said so (else the `compression` option did).
    pub detected: bool,
    /// Compressed bytes read.
    pub compressed_bytes: u64,
    /// Decompressed bytes per compressed byte (`bytes / compressed_bytes`).
    pub ratio: f64,
    /// ZIP: the entry mined (its path in the archive).
    pub entry: Option<String>,
    /// Whether the decompression guard stopped reading (`max_decompressed_bytes`,
    /// `max_decompression_ratio`): the profile then covers the rows before that point, and a
    /// `decompression_limit` finding says why.
    pub stopped: bool,
}

/// Memory used by the run that produced the profile.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct MemoryStats {
    /// wasm32: linear memory size at the end (it never shrinks). Native: peak resident set.
    pub peak_linear_bytes: u64,
    /// Highest heap in use during the run (counting allocator).
    pub peak_heap_bytes: u64,
    /// Allocations made during the run.
    pub allocations: u64,
    /// In the browser, with several workers: each worker's peak wasm linear memory (the
    /// package adds it; `peak_linear_bytes` is then the highest). Absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workers_peak_linear_bytes: Option<Vec<u64>>,
}

impl Profile {
    /// The profile as JSON, without `memory` (which depends on how the run went, not on the
    /// data): what must be equal for any chunking of the same input.
    pub fn data_json(&self) -> serde_json::Value {
        let mut v = serde_json::to_value(self).expect("profile serialises");
        v.as_object_mut().unwrap().remove("memory");
        v
    }

    /// [`Profile::data_json`] without how the file was mined (`workers`, `parallel_note`):
    /// what must be equal for a single pass and a parallel run.
    pub fn data_json_any_workers(&self) -> serde_json::Value {
        let mut v = self.data_json();
        let o = v.as_object_mut().unwrap();
        o.remove("workers");
        o.remove("parallel_note");
        v
    }
}

/// The JSON Schema (draft 2020-12) of [`Profile`], generated from these types: what
/// `www/profile.schema.json` holds.
#[cfg(feature = "schema")]
pub fn profile_schema() -> serde_json::Value {
    let mut g = schemars::generate::SchemaSettings::draft2020_12().for_serialize().into_generator();
    // Not part of a profile: what `mine()`'s `onSnapshot` gets, in `$defs` for the TypeScript types.
    g.subschema_for::<Snapshot>();
    let mut s = g.into_root_schema_for::<Profile>();
    s.insert("$id".into(), "https://sluice.invalid/profile.schema.json".into());
    serde_json::to_value(s).expect("a schema serialises")
}

/// The words some fields take, as the schema's enumerations (and so as the TypeScript types'
/// unions, `www/profile.d.ts`): the engine writes them as `&'static str`.
#[cfg(feature = "schema")]
pub mod names {
    macro_rules! names {
        ($($(#[$m:meta])* $name:ident { $($v:ident = $s:literal),* $(,)? })*) => {$(
            $(#[$m])*
            #[derive(schemars::JsonSchema)]
            #[allow(dead_code)]
            pub enum $name { $(#[schemars(rename = $s)] $v),* }
        )*};
    }
    names! {
        /// A column's inferred type.
        ColumnType { Boolean = "boolean", Integer = "integer", Float = "float", Date = "date", Datetime = "datetime", Time = "time", String = "string" }
        /// What a column's values mean (see `semantic`).
        SemanticType {
            Email = "email", Url = "url", Uuid = "uuid", Ipv4 = "ipv4", Ipv6 = "ipv6", Phone = "phone", MacAddress = "mac_address",
            CreditCard = "credit_card", Iban = "iban", UsSsn = "us_ssn", CountryCode = "country_code", CurrencyCode = "currency_code",
            LatLon = "lat_lon", Json = "json", HexColor = "hex_color",
        }
        /// The format a profile was read as.
        Format { Csv = "csv", Jsonl = "jsonl", Json = "json", Xlsx = "xlsx", Parquet = "parquet" }
        /// How a column takes part in the associations.
        Role { Numeric = "numeric", Categorical = "categorical", Other = "other" }
        /// The association measure of a pair of columns.
        Measure { CramersV = "cramers_v", Eta = "eta", Pearson = "pearson" }
        /// The measure of a listed pair (Pearson's pairs are in `correlations`).
        PairMeasure { CramersV = "cramers_v", Eta = "eta" }
        /// The order of a column's values.
        Direction { Ascending = "ascending", Descending = "descending", Constant = "constant" }
        /// The period a time series' gaps are counted in.
        Period { Day = "day", Week = "week", Month = "month", Year = "year" }
        /// The scale the outliers' robust score uses.
        ScaleKind { Mad = "mad", MeanAbsoluteDeviation = "mean_absolute_deviation" }
        /// How the lines of a CSV file end.
        LineEnding { Lf = "\n", CrLf = "\r\n", Cr = "\r", Mixed = "mixed", None = "none" }
        /// The codec a compressed input was decompressed with.
        Codec { Gzip = "gzip", Zstd = "zstd", Bzip2 = "bzip2", Xz = "xz", Zip = "zip" }
        /// How a top value's share changed (`crate::diff`).
        ShareStatus { New = "new", Entered = "entered", Vanished = "vanished", Left = "left", Shifted = "shifted" }
        /// How a column changed between two profiles.
        ColumnStatus { Same = "same", Added = "added", Removed = "removed", Renamed = "renamed", Retyped = "retyped" }
        /// The severest change of a diff.
        DiffSeverity { None = "none", Info = "info", Warning = "warning", Error = "error" }
        /// The group of a change (what `--fail-on` names).
        ChangeGroup { Schema = "schema", Drift = "drift", Nulls = "nulls", Categories = "categories", Findings = "findings", Stats = "stats", Rows = "rows" }
        /// What kind of change a change is.
        ChangeKind {
            ColumnAdded = "column_added", ColumnRemoved = "column_removed", ColumnRenamed = "column_renamed", ColumnRetyped = "column_retyped",
            Psi = "psi", Ks = "ks", NullRate = "null_rate", NewValue = "new_value", VanishedValue = "vanished_value", Share = "share",
            NewFinding = "new_finding", ResolvedFinding = "resolved_finding", Mean = "mean", Range = "range", Distinct = "distinct", Rows = "rows",
        }
    }
}
