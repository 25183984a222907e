// Generated from www/profile.schema.json (the Rust types, through schemars) by scripts/gen-types.mjs:
// do not edit; `npm run types` writes it again after `SLUICE_WRITE_SCHEMA=1 cargo test --test schema`.
/* eslint-disable */

/**
 * The association measure of a pair of columns.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Measure".
 */
export type Measure = 'cramers_v' | 'eta' | 'pearson';
/**
 * The measure of a listed pair (Pearson's pairs are in `correlations`).
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "PairMeasure".
 */
export type PairMeasure = 'cramers_v' | 'eta';
/**
 * How a column takes part in the associations.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Role".
 */
export type Role = 'numeric' | 'categorical' | 'other';
/**
 * A value: a boolean, a number (an integer beyond 2^53 is written as a string of digits), or text (dates and datetimes as ISO text).
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Scalar".
 */
export type Scalar = boolean | number | string;
/**
 * What a column's values mean (see `semantic`).
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "SemanticType".
 */
export type SemanticType =
  | 'email'
  | 'url'
  | 'uuid'
  | 'ipv4'
  | 'ipv6'
  | 'phone'
  | 'mac_address'
  | 'credit_card'
  | 'iban'
  | 'us_ssn'
  | 'country_code'
  | 'currency_code'
  | 'lat_lon'
  | 'json'
  | 'hex_color';
/**
 * How serious a finding is.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Severity".
 */
export type Severity = 'info' | 'warning' | 'error';
/**
 * The codec a compressed input was decompressed with.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Codec".
 */
export type Codec = 'gzip' | 'zstd' | 'bzip2' | 'xz' | 'zip';
/**
 * A column's inferred type.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "ColumnType".
 */
export type ColumnType = 'boolean' | 'integer' | 'float' | 'date' | 'datetime' | 'time' | 'string';
/**
 * The order of a column's values.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Direction".
 */
export type Direction = 'ascending' | 'descending' | 'constant';
/**
 * The format a profile was read as.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Format".
 */
export type Format = 'csv' | 'jsonl' | 'json' | 'xlsx' | 'parquet';
/**
 * How the lines of a CSV file end.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "LineEnding".
 */
export type LineEnding = '\n' | '\r\n' | '\r' | 'mixed' | 'none';
/**
 * The period a time series' gaps are counted in.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Period".
 */
export type Period = 'day' | 'week' | 'month' | 'year';
/**
 * The scale the outliers' robust score uses.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "ScaleKind".
 */
export type ScaleKind = 'mad' | 'mean_absolute_deviation';

/**
 * The whole profile.
 */
export interface Profile {
  /**
   * How strongly each pair of the first `max_relationship_columns` columns is associated,
   * with the measure that fits their types (`crate::cross::relations`); None without
   * columns.
   */
  associations: Associations | null;
  /**
   * Lines that were empty.
   */
  blank_lines: number;
  /**
   * Rows with nothing in them: empty lines plus records whose fields are all empty.
   */
  blank_rows: number;
  /**
   * Whether the input began with a UTF-8 byte order mark.
   */
  bom: boolean;
  /**
   * Bytes of input mined (after decompression).
   */
  bytes: number;
  columns: ColumnProfile[];
  /**
   * CSV: comment lines between the rows, skipped and counted.
   */
  comment_lines: number;
  /**
   * How the input was decompressed; null when it was not compressed (or was decompressed
   * before the engine saw it).
   */
  compression: Compression | null;
  /**
   * Pearson correlation of the numeric columns (pairwise complete rows).
   */
  correlations: Correlations;
  /**
   * The field delimiter used (sniffed or given), e.g. `","`; null where not applicable.
   */
  delimiter: string | null;
  /**
   * Functional dependencies X -> A that hold exactly or nearly (g3 error at most 5%).
   */
  dependencies: Dependency[];
  /**
   * CSV: the dialect used (delimiter, quote, escape, comment character, line ending), which
   * parts the options forced, how consistently it split the head, and the runner-up; null
   * for JSON Lines (see `crate::format::dialect`).
   */
  dialect: DialectReport | null;
  /**
   * Data rows that repeat an earlier row (rows minus distinct rows); exact up to
   * `duplicate_rows_exact` and an estimate from a HyperLogLog of record hashes beyond.
   */
  duplicate_rows: number;
  /**
   * When `duplicate_rows` is estimated: a bound on its error in rows at about 95%
   * confidence (twice the HyperLogLog's standard error of the distinct rows); 0 when exact.
   */
  duplicate_rows_error: number;
  duplicate_rows_exact: boolean;
  /**
   * Text encoding of the input, decoded to UTF-8 as it is read: `"utf-8"`, `"windows-1252"`
   * (also for Latin-1), `"utf-16le"`, `"utf-16be"`, or another WHATWG name given by the
   * `encoding` option.
   */
  encoding: string;
  /**
   * Whether the encoding was detected (else the `encoding` option gave it).
   */
  encoding_detected: boolean;
  /**
   * Why that encoding: `"valid UTF-8"`, `"a UTF-16 little-endian byte order mark"`, ...
   */
  encoding_reason: string;
  /**
   * The files mined as this dataset, in order, with their rows, bytes and lines (several
   * files with the same columns are one dataset); one entry for a single file mined by its
   * path or name; empty for a stream without a name.
   */
  files: SourceFile[];
  findings: Finding[];
  /**
   * `"csv"`, `"jsonl"` (JSON Lines) or `"json"` (an array of objects).
   */
  format: Format;
  /**
   * CSV: whether the first record was read as the header, whether that was detected (else
   * the `has_header` option said so), and why; null for JSON Lines.
   */
  header: Header | null;
  /**
   * Columns that are keys (no nulls, no value twice) or nearly so.
   */
  keys: KeyColumn[];
  /**
   * Physical lines in the input (counted by `\n`; a last line without one counts).
   */
  lines: number;
  /**
   * What the run that produced this profile took.
   */
  memory: MemoryStats;
  /**
   * The memory budget the statistics were kept within (`memory_budget_bytes`): every
   * statistic is exact while its state fits it (see `distinct_exact`, `quantiles_exact`,
   * a top value's `error`, `duplicate_rows_exact`).
   */
  memory_budget_bytes: number;
  /**
   * Which columns go missing together (`crate::cross::missing`).
   */
  missing: Missingness | null;
  /**
   * Why the file was mined by one worker although more were asked for (a stream, a small
   * file, a first record longer than `sniff_bytes`, many columns), or how many parts had to
   * be mined again; null otherwise.
   */
  parallel_note: string | null;
  /**
   * Parquet files: the file's layout and schema; null for other formats
   * (`crate::format::parquet`).
   */
  parquet: ParquetInfo | null;
  /**
   * Version of the profile's shape ([`PROFILE_VERSION`]): raised when a field changes
   * meaning or a reader needs to know of new ones. Profiles from before it have none
   * (version 1).
   */
  profile_version: number;
  /**
   * JSON arrays: where the records are, as a JSONPath: `"$"` for a top-level array,
   * `"$.data"` for the array in the top-level object's member `data`; null otherwise.
   */
  records_path: string | null;
  /**
   * Pairs of columns that encode the same thing (each determines the other).
   */
  redundant_columns: RedundantColumns[];
  /**
   * Data records (the header and blank lines excluded).
   */
  rows: number;
  /**
   * Notable rules `A=a => B=b` between values of categorical columns.
   */
  rules: Rule[];
  /**
   * A uniform, deterministic sample of rows (`crate::cross::sample`); None with
   * `sample_rows: 0`.
   */
  sample: RowSample | null;
  /**
   * Excel workbooks: which worksheet this profile is of, and the workbook's worksheets;
   * null for other formats (`crate::format::xlsx`).
   */
  sheet: SheetInfo | null;
  /**
   * CSV: lines before the table that were skipped (a preamble: titles, `key: value` lines,
   * comment lines, blank lines); a `skipped_lines` finding shows their text.
   */
  skipped_lines: number;
  /**
   * Version of the engine that produced it.
   */
  sluice_version: string;
  /**
   * Workers that mined parts of the file in parallel (1: one pass; see `mine(file, {
   * workers })`). The profile is the same either way, sketch estimates aside.
   */
  workers: number;
}
/**
 * Associations between the first `tracked_columns` columns: one measure per pair, chosen by
 * the columns' roles.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Associations".
 */
export interface Associations {
  /**
   * Categories of each categorical column: its distinct values, or 64 when it has more
   * (its 63 most frequent values and "other").
   */
  categories: (number | null)[];
  columns: string[];
  /**
   * The columns whose pairs may determine others (`X1, X2 -> A`), chosen from how their
   * values repeat in the file's head (`max_determinant_columns`).
   */
  determinant_columns: string[];
  /**
   * The columns keys of two columns with many values are looked for among (the head's most
   * varied, `max_key_pair_columns`).
   */
  key_pair_columns: string[];
  /**
   * `measure[i][j]`: `cramers_v` (two categorical columns), `eta` (a categorical and a
   * numeric one), `pearson` (two numeric ones), or null.
   */
  measure: (Measure | null)[][];
  /**
   * `mutual_information[i][j]`, in nats (categorical pairs).
   */
  mutual_information: (number | null)[][];
  /**
   * The dependencies on two columns sampled through the file, `[x1, x2, a]` each: those the
   * head makes likely (`max_pair_dependencies`).
   */
  pair_dependencies_searched: string[][];
  /**
   * Each categorical and categorical-numeric pair: its rows and what the page opens on a
   * click (the contingency table, or the numeric column's mean per category).
   */
  pairs: AssociationPair[];
  /**
   * Each column's role: `numeric` (integer and float columns), `categorical` (at most 256
   * distinct values, see `categories`) or `other`.
   */
  roles: Role[];
  /**
   * Pairs of categorical columns whose contingency table was left out to stay within the
   * memory budget (their measures are null).
   */
  tables_left_out: number;
  /**
   * `theil_u[i][j]`: Theil's uncertainty coefficient U(i | j), the share of column i's
   * entropy that knowing column j removes (categorical pairs).
   */
  theil_u: (number | null)[][];
  /**
   * Columns covered (`max_relationship_columns`).
   */
  tracked_columns: number;
  /**
   * `value[i][j]`: the measure's value (symmetric): bias-corrected Cramér's V and the
   * correlation ratio in [0, 1], Pearson's r in [-1, 1]; null where undefined.
   */
  value: (number | null)[][];
}
/**
 * One pair's association, with its table or groups.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "AssociationPair".
 */
export interface AssociationPair {
  /**
   * The two columns; for `eta`, the categorical one first.
   */
  columns: string[];
  /**
   * `eta`: the numeric column's count, mean and standard deviation per category (the 24
   * largest categories, then "(other)").
   */
  groups: CategoryMean[] | null;
  measure: PairMeasure;
  /**
   * Rows in which both have a value (for `eta`, a finite number).
   */
  rows: number;
  /**
   * `cramers_v`: counts of the most frequent values of each (at most 12, then "(other)").
   */
  table: ContingencyTable | null;
  value: number | null;
}
/**
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "CategoryMean".
 */
export interface CategoryMean {
  count: number;
  mean: number;
  std: number | null;
  value: string;
}
/**
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "ContingencyTable".
 */
export interface ContingencyTable {
  columns: string[];
  counts: number[][];
  rows: string[];
}
/**
 * The profile of one column.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "ColumnProfile".
 */
export interface ColumnProfile {
  /**
   * An integer column of only 0 and 1: likely a boolean.
   */
  boolean_like: boolean;
  /**
   * Non-null values.
   */
  count: number;
  /**
   * Distinct non-null values: exact while `distinct_exact`, else a HyperLogLog estimate.
   * Numbers are compared by value (`1` and `1.0` are one value), text byte-wise.
   */
  distinct: number;
  /**
   * Relative standard error of `distinct` when it is estimated (HyperLogLog: about 68% of
   * estimates are within it, 95% within twice it); 0 when exact.
   */
  distinct_error: number;
  distinct_exact: boolean;
  /**
   * A few distinct values as written (a prefix of at most `max_value_bytes`).
   */
  examples: string[];
  /**
   * How the values are written: strftime-style for dates, datetimes and times
   * (`%m/%d/%Y`, `%Y-%m-%dT%H:%M:%S%z`); a spreadsheet-style pattern for numbers written
   * with more than digits and a decimal point (`#,##0.##`, `0,##`, `$#,##0.##;($#,##0.##)`,
   * `0.##%`); the spelling for booleans (`yes/no`). Null otherwise.
   */
  format: string | null;
  /**
   * Numeric dates none of which says whether the day or the month comes first
   * (`01/02/2024`): read as `format` says, with an `ambiguous_dates` finding.
   */
  format_ambiguous: boolean;
  /**
   * At most 64 bins over [min, max]; exact counts while `histogram_exact`, else estimated
   * from the quantile sketch.
   */
  histogram: Histogram | null;
  /**
   * Whether the histogram's counts are exact.
   */
  histogram_exact: boolean;
  /**
   * An integer column with as many distinct values as values (at least 2): likely a key or
   * an ID rather than a quantity.
   */
  identifier_like: boolean;
  /**
   * 0-based position.
   */
  index: number;
  kurtosis: number | null;
  /**
   * Byte length of the non-null values as written (quotes unescaped).
   */
  length: LengthStats;
  max: Scalar | null;
  /**
   * Mean and sample standard deviation (numbers; booleans as 0/1). Null otherwise.
   */
  mean: number | null;
  /**
   * Smallest and largest value of the inferred type: numbers for numbers, `YYYY-MM-DD` for
   * dates, ISO-8601 for datetimes, byte-wise order for strings (at most `max_value_bytes`).
   */
  min: Scalar | null;
  name: string;
  negatives: number | null;
  /**
   * NaN and infinite values (numbers only).
   */
  non_finite: number | null;
  /**
   * Null values (empty fields, null tokens, fields missing from short rows).
   */
  nulls: number;
  /**
   * Date and datetime columns: whether the values are in order, in file order.
   */
  order: RowOrder | null;
  /**
   * Numeric, date and datetime columns: outliers by Tukey's fences and by the modified
   * z-score, counted from the column's exact extremes (see [`Outliers`]).
   */
  outliers: Outliers | null;
  /**
   * The semantic kind is personal data (email, phone, card, IBAN, SSN, IP address), with a
   * `personal_data` finding.
   */
  personal_data: boolean;
  /**
   * Quantiles of numbers, dates and datetimes: the smallest value whose cumulative count
   * reaches the rank (nearest rank). Exact while every distinct value and its count fit the
   * memory budget (`quantiles_exact`), else from a KLL sketch.
   */
  quantiles: Quantiles | null;
  /**
   * Whether `quantiles` (and `histogram`) are exact; true where there are none.
   */
  quantiles_exact: boolean;
  /**
   * When estimated: the normalised rank error of `quantiles` at about 99% confidence (a
   * reported p50 has a true rank within 0.5 ± this); 0 when exact.
   */
  quantiles_rank_error: number;
  /**
   * What the values mean, when at least 90% of the non-null values are of one kind:
   * `email`, `url`, `uuid`, `ipv4`, `ipv6`, `phone`, `mac_address`, `credit_card` (Luhn
   * valid), `iban` (checksum valid), `us_ssn`, `country_code` (ISO 3166-1), `currency_code`
   * (ISO 4217), `lat_lon`, `json`, `hex_color`. Null otherwise.
   */
  semantic: SemanticType | null;
  /**
   * The share of the non-null values of that kind.
   */
  semantic_share: number | null;
  /**
   * Adjusted Fisher-Pearson skewness and excess kurtosis (as pandas computes them).
   */
  skewness: number | null;
  std: number | null;
  /**
   * Numbers (integer and float columns): sum, moments, signs; null otherwise.
   */
  sum: number | null;
  /**
   * Date and datetime columns: the values counted per day, week, month or year.
   */
  time_series: TimeSeries | null;
  /**
   * The most frequent values (up to 10), most frequent first. `count` is exact when
   * `error` is 0; otherwise the true count lies in `[count - error, count]`.
   */
  top: TopValue[];
  /**
   * Inferred type: `boolean`, `integer`, `float`, `date`, `datetime` or `string`.
   */
  type: ColumnType;
  /**
   * Non-null values of each type; they add up to `count`.
   */
  types: TypeCounts;
  /**
   * Numbers: `%` or the currency written with them (`$`, `€`, `EUR`, ...). Null otherwise.
   */
  unit: string | null;
  /**
   * Datetimes written with a zone or offset (`Z`, `+02:00`, `GMT`), normalised to UTC.
   */
  utc_normalized: number;
  zeros: number | null;
}
/**
 * `edges` has one more element than `counts`; bin i is [edges[i], edges[i+1]).
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Histogram".
 */
export interface Histogram {
  counts: number[];
  edges: Scalar[];
}
/**
 * The order of a date or datetime column's values, in file order.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "RowOrder".
 */
export interface RowOrder {
  break_lines: number[];
  /**
   * Values that break it (each compared with the value before), and their first lines.
   */
  breaks: number;
  /**
   * `"ascending"` unless more values go down than up (`"descending"`); `"constant"` when
   * every value is the same.
   */
  direction: Direction;
  /**
   * Whether no value breaks that order.
   */
  sorted: boolean;
}
/**
 * The outliers of a numeric or date column (`crate::column::outliers`). Values are in the
 * column's form: numbers, or dates and datetimes as text.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Outliers".
 */
export interface Outliers {
  /**
   * Whether the quartiles, median and MAD are exact (else from the quantile sketch).
   */
  center_exact: boolean;
  /**
   * How many of the smallest and of the largest values the column kept, with their lines.
   */
  extremes_kept: number;
  /**
   * The largest values, descending, with their lines (at most 10).
   */
  highest: Extreme[];
  /**
   * The smallest values, ascending, with their lines (at most 10).
   */
  lowest: Extreme[];
  /**
   * The median absolute deviation from the median (in the column's unit; days for dates).
   */
  mad: number;
  median: Scalar;
  /**
   * The modified z-score's fences: the values x with |0.6745 (x − median) / scale| > 3.5.
   * None when the scale is 0 (every value is the median, or nearly so).
   */
  modified_z: Fences | null;
  scale: number;
  /**
   * What the modified z-score divides by: `"mad"`, or when the MAD is 0,
   * `"mean_absolute_deviation"` (then `scale` is 1.253314 × the mean absolute deviation).
   */
  scale_kind: ScaleKind;
  /**
   * Tukey's fences: p25 − 1.5 × IQR and p75 + 1.5 × IQR.
   */
  tukey: Fences;
  /**
   * The values these are over: the column's finite numbers, or its dates and datetimes.
   */
  values: number;
}
/**
 * A value and the physical line it is on.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Extreme".
 */
export interface Extreme {
  line: number;
  value: Scalar;
}
/**
 * The values beyond a pair of fences.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Fences".
 */
export interface Fences {
  above: number;
  /**
   * Values below `lower`, and above `upper`.
   */
  below: number;
  /**
   * Whether `below` and `above` are exact: counted from the kept extremes where each fence
   * falls within them (or every value was kept), else from the quantile digest, which is
   * exact while `center_exact`. Otherwise estimated from the quantile sketch.
   */
  exact: boolean;
  /**
   * Lines of values beyond the fences, ascending (at most 10).
   */
  lines: number[];
  /**
   * Whether every value beyond the fences is among the kept extremes (then `lines` are the
   * first lines of all of them; else of the kept ones).
   */
  lines_complete: boolean;
  lower: Scalar;
  upper: Scalar;
}
/**
 * p1, p5, p25, p50, p75, p95, p99: numbers, or text for dates and datetimes.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Quantiles".
 */
export interface Quantiles {
  p1: Scalar;
  p25: Scalar;
  p5: Scalar;
  p50: Scalar;
  p75: Scalar;
  p95: Scalar;
  p99: Scalar;
}
/**
 * A date or datetime column's values per calendar period.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "TimeSeries".
 */
export interface TimeSeries {
  counts: number[];
  /**
   * Whether the counts are exact (else estimated from the quantile sketch).
   */
  exact: boolean;
  gap_starts: string[];
  /**
   * Periods without a value inside the span, and the first ones' starts; when exact.
   */
  gaps: number | null;
  /**
   * `"day"` (a span of up to 92 days), `"week"` (ISO weeks from Monday; up to 2 years),
   * `"month"` (up to 50 years) or `"year"`.
   */
  period: Period;
  /**
   * The first day of each period, from the first value's to the last value's.
   */
  starts: string[];
}
/**
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "TopValue".
 */
export interface TopValue {
  count: number;
  error: number;
  value: string;
}
/**
 * How a compressed input was read (`crate::format::compress`).
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Compression".
 */
export interface Compression {
  /**
   * `"gzip"`, `"zstd"`, `"bzip2"`, `"xz"` or `"zip"`.
   */
  codec: Codec;
  /**
   * Compressed bytes read.
   */
  compressed_bytes: number;
  /**
   * Whether the first bytes said so (else the `compression` option did).
   */
  detected: boolean;
  /**
   * ZIP: the entry mined (its path in the archive).
   */
  entry: string | null;
  /**
   * Decompressed bytes per compressed byte (`bytes / compressed_bytes`).
   */
  ratio: number;
  /**
   * Whether the decompression guard stopped reading (`max_decompressed_bytes`,
   * `max_decompression_ratio`): the profile then covers the rows before that point, and a
   * `decompression_limit` finding says why.
   */
  stopped: boolean;
}
/**
 * X -> A: each value of the determinant columns goes with one value of the dependent one.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Dependency".
 */
export interface Dependency {
  dependent: string;
  determinant: string[];
  /**
   * Distinct determinant values.
   */
  determinant_values: number;
  /**
   * The g3 error: the share of rows that would have to be removed for it to hold (0:
   * it holds).
   */
  error: number;
  error_margin: number;
  /**
   * Whether it was counted from every row (else estimated from a sample of values).
   */
  exact: boolean;
  /**
   * Rows where all its columns have a value.
   */
  rows: number;
  /**
   * When estimated: the share of determinant values sampled (every row of each counted),
   * and a bound on `error`'s error at about 95% confidence; 1 and 0 when exact.
   */
  sampled: number;
  /**
   * Those rows.
   */
  violating_rows: number;
  /**
   * The determinant values with more than one dependent value, most violating rows first.
   */
  violations: Violation[];
}
/**
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Violation".
 */
export interface Violation {
  /**
   * Its other dependent values: the rows that break the dependency.
   */
  conflicts: ValueCount[];
  /**
   * Its most frequent dependent value.
   */
  expected: ValueCount;
  rows: number;
  /**
   * The determinant value.
   */
  value: string;
}
/**
 * A value with its count and first line.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "ValueCount".
 */
export interface ValueCount {
  count: number;
  first_line: number;
  value: string;
}
/**
 * The dialect used and why (`dialect` in the profile).
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "DialectReport".
 */
export interface DialectReport {
  /**
   * `null`: no comment lines.
   */
  comment: string | null;
  /**
   * The share of the window's records (after any preamble) with that many fields.
   */
  consistency: number;
  delimiter: string;
  /**
   * `null`: quotes inside quoted fields are doubled; else the escape character (`\`).
   */
  escape: string | null;
  /**
   * The field count most records of the window have.
   */
  fields: number;
  /**
   * The parts the options forced: `delimiter`, `quote`, `escape`, `comment`, `skip_lines`,
   * `line_ending`.
   */
  forced: string[];
  /**
   * `"\n"`, `"\r\n"`, `"\r"`, `"mixed"` or `"none"`: the line breaks of the window (the
   * reader takes all three everywhere unless the `line_ending` option says `\n`, reported
   * as `"\n"`).
   */
  line_ending: LineEnding;
  /**
   * `null`: no quoting.
   */
  quote: string | null;
  /**
   * Records of the window scored (after any preamble).
   */
  records: number;
  /**
   * The best candidate that splits differently, if any did.
   */
  runner_up: Candidate | null;
}
/**
 * A scored candidate, as the profile reports it.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Candidate".
 */
export interface Candidate {
  /**
   * `null`: no comment lines.
   */
  comment: string | null;
  /**
   * The share of the window's records (after any preamble) with that many fields.
   */
  consistency: number;
  delimiter: string;
  /**
   * `null`: quotes inside quoted fields are doubled; else the escape character (`\`).
   */
  escape: string | null;
  /**
   * The field count most records of the window have.
   */
  fields: number;
  /**
   * `null`: no quoting.
   */
  quote: string | null;
  /**
   * Records of the window scored (after any preamble).
   */
  records: number;
}
/**
 * One file of the dataset.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "SourceFile".
 */
export interface SourceFile {
  /**
   * Bytes of it mined (after decompression).
   */
  bytes: number;
  /**
   * How it was decompressed (`"gzip"`, `"zstd"`, ...); null when it was not compressed.
   */
  compression: string | null;
  /**
   * The dataset's line numbers of its first and last lines (a header after the first
   * file's is not a line of the dataset).
   */
  first_line: number;
  /**
   * What it was read as: `"csv"` or `"jsonl"` (a dataset may mix CSV and JSON Lines files
   * of the same columns). Absent in profiles written before it was added.
   */
  format?: string | null;
  last_line: number;
  /**
   * A line `n` of the dataset (in findings, outliers, samples) is line `n - line_offset` of
   * this file.
   */
  line_offset: number;
  /**
   * Its path or name, as given.
   */
  name: string;
  /**
   * Its data rows.
   */
  rows: number;
}
/**
 * Something about the data a person should know.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Finding".
 */
export interface Finding {
  /**
   * The column concerned (its name), or null for the whole file.
   */
  column: string | null;
  column_index: number | null;
  /**
   * How many rows, values or lines it concerns.
   */
  count: number;
  /**
   * Machine-readable kind, e.g. `ragged_rows`.
   */
  kind: string;
  /**
   * The first line numbers where it occurs (physical, 1-based).
   */
  lines: number[];
  /**
   * What happened and what to do about it.
   */
  message: string;
  severity: Severity;
}
/**
 * The decision and why, as the profile reports it (`header`).
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Header".
 */
export interface Header {
  /**
   * Whether that was detected (else the `has_header` option said so).
   */
  detected: boolean;
  /**
   * Whether the first record was read as the header.
   */
  present: boolean;
  reason: string;
}
/**
 * A key or near-key: one column, or a pair (tested when no single column is a key).
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "KeyColumn".
 */
export interface KeyColumn {
  columns: string[];
  distinct: number;
  /**
   * Rows that repeat a value of an earlier row (count minus distinct).
   */
  duplicate_rows: number;
  /**
   * Values that occur more than once; estimated from the sample (divided by `sampled`)
   * unless `duplicates_complete`.
   */
  duplicated_values: number;
  /**
   * The first duplicated values (by the line of their second occurrence): value, count,
   * and the lines of its first two occurrences.
   */
  duplicates: DuplicateValue[];
  /**
   * Whether every value was counted, so `duplicates` are the first ones of the file.
   */
  duplicates_complete: boolean;
  /**
   * Whether `key` and `duplicate_rows` are exact (the column's distinct count is).
   */
  exact: boolean;
  /**
   * No nulls, and no value twice.
   */
  key: boolean;
  nulls: number;
  /**
   * The share of values whose every occurrence was counted (1: all of them; see
   * `crate::cross::relations`): the key sample the duplicates below come from.
   */
  sampled: number;
}
/**
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "DuplicateValue".
 */
export interface DuplicateValue {
  count: number;
  lines: number[];
  value: string;
}
/**
 * Missing-value structure: the nullity correlation of the columns with nulls, and the most
 * frequent patterns of columns null together.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Missingness".
 */
export interface Missingness {
  /**
   * The columns with nulls (but not only nulls), among the first `tracked_columns`.
   */
  columns: string[];
  /**
   * Rows without a null among the tracked columns, and rows with one or more.
   */
  complete_rows: number;
  /**
   * Distinct patterns, while exact.
   */
  distinct_patterns: number | null;
  /**
   * `nullity[i][j]`: the correlation of the null indicators of `columns[i]` and `columns[j]`
   * (missingno's heatmap), exact; null where undefined.
   */
  nullity: (number | null)[][];
  /**
   * The most frequent patterns (at most 20), largest count first.
   */
  patterns: MissingPattern[];
  patterns_error: number;
  /**
   * Whether the patterns' counts are exact; else lower bounds, each within `error`.
   */
  patterns_exact: boolean;
  rows_with_nulls: number;
  /**
   * Columns covered (`max_nullity_columns`, or fewer).
   */
  tracked_columns: number;
}
/**
 * A set of columns null together in `count` rows (and no other tracked column null there).
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "MissingPattern".
 */
export interface MissingPattern {
  columns: string[];
  count: number;
  /**
   * The true count is in [count, count + error].
   */
  error: number;
  /**
   * The first row with this pattern, while the patterns are exact.
   */
  first_line: number | null;
}
/**
 * A Parquet file's layout and schema (`crate::format::parquet`).
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "ParquetInfo".
 */
export interface ParquetInfo {
  /**
   * The compression codecs the column chunks use (`"snappy"`, `"zstd"`, ...), each once.
   */
  codecs: string[];
  /**
   * The schema's leaf columns, in order.
   */
  columns: ParquetColumn[];
  /**
   * The writer the footer names (`created_by`), e.g. `parquet-cpp-arrow version 26.0.1`.
   */
  created_by: string | null;
  /**
   * Size of the Parquet file in bytes (`bytes` counts its rows as CSV or JSON Lines text).
   */
  file_bytes: number;
  /**
   * Whether the schema nests (structs, lists, maps): the rows are then read as JSON Lines
   * with its flattening rules, else as CSV.
   */
  nested: boolean;
  /**
   * Row groups in the file.
   */
  row_groups: number;
  /**
   * Rows the footer declares.
   */
  rows: number;
}
/**
 * One leaf column of a Parquet schema.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "ParquetColumn".
 */
export interface ParquetColumn {
  /**
   * The logical type, if any: `STRING`, `DATE`, `TIMESTAMP(MILLIS, UTC)`, `DECIMAL(10, 2)`, ...
   */
  logical_type: string | null;
  /**
   * Its path, dotted (`a.b` for field `b` of struct `a`).
   */
  name: string;
  /**
   * The physical type: `BOOLEAN`, `INT32`, `INT64`, `INT96`, `FLOAT`, `DOUBLE`,
   * `BYTE_ARRAY` or `FIXED_LEN_BYTE_ARRAY`.
   */
  physical_type: string;
}
/**
 * Two columns in one-to-one correspondence.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "RedundantColumns".
 */
export interface RedundantColumns {
  columns: string[];
  rows: number;
  /**
   * Distinct value pairs.
   */
  values: number;
}
/**
 * `antecedent => consequent`, with its exceptions.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Rule".
 */
export interface Rule {
  antecedent: RuleItem[];
  /**
   * Chi-square of the rule's 2x2 table (1 degree of freedom; reported at p < 0.001).
   */
  chi_square: number;
  /**
   * rows / rows with the antecedent.
   */
  confidence: number;
  consequent: RuleItem;
  /**
   * Those values, most frequent first, with first lines (rules of confidence 95% to
   * 99.99%).
   */
  exception_values: ValueCount[];
  /**
   * Rows with the antecedent but another consequent value.
   */
  exceptions: number;
  /**
   * confidence / the consequent's share.
   */
  lift: number;
  /**
   * Rows with both.
   */
  rows: number;
  /**
   * rows / rows where both columns have a value.
   */
  support: number;
}
/**
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "RuleItem".
 */
export interface RuleItem {
  column: string;
  value: string;
}
/**
 * Rows of the file: a uniform sample chosen by the hashes of the rows' byte offsets (the same
 * for any chunking and any split into parallel parts), and the file's first rows.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "RowSample".
 */
export interface RowSample {
  columns: string[];
  /**
   * The file's first rows (at most 10), and their lines.
   */
  head: (Scalar | null)[][];
  head_lines: number[];
  /**
   * The physical line of each sampled row.
   */
  lines: number[];
  /**
   * `sample_rows`: the rows asked for (fewer are kept when the file has fewer, or when a
   * wide file's rows would take more than an eighth of the memory budget).
   */
  requested: number;
  /**
   * The sampled rows in file order: values as typed (numbers as numbers, other values as
   * their text, at most 64 bytes), null for nulls.
   */
  rows: (Scalar | null)[][];
}
/**
 * The worksheet of an Excel workbook that a profile is of (`crate::format::xlsx`).
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "SheetInfo".
 */
export interface SheetInfo {
  /**
   * Size of the workbook file in bytes (`bytes` counts the sheet's cells as CSV text).
   */
  file_bytes: number;
  /**
   * Its position among the workbook's worksheets, from 1.
   */
  index: number;
  /**
   * The sheet's name, as its tab shows it.
   */
  name: string;
  /**
   * Every worksheet's name, in the workbook's order (chart sheets are not listed).
   */
  sheets: string[];
}
/**
 * One column of a [`Snapshot`].
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "ColumnSnapshot".
 */
export interface ColumnSnapshot {
  count: number;
  /**
   * Distinct values so far; `distinct_exact` false: an estimate (the exact table was
   * demoted), or with several workers the largest part's count (a lower bound).
   */
  distinct: number;
  distinct_exact: boolean;
  max: Scalar | null;
  /**
   * Numbers: the mean; booleans: the share of `true`.
   */
  mean: number | null;
  min: Scalar | null;
  name: string;
  nulls: number;
  /**
   * The type the values so far give (it may still change, as in the final profile's rules).
   */
  type: ColumnType;
}
/**
 * `pearson[i][j]` is the correlation of `columns[i]` and `columns[j]` (null where undefined).
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Correlations".
 */
export interface Correlations {
  columns: string[];
  pearson: (number | null)[][];
}
/**
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "LengthStats".
 */
export interface LengthStats {
  max: number | null;
  mean: number | null;
  min: number | null;
  /**
   * Length quantiles (string columns).
   */
  quantiles: Quantiles | null;
  /**
   * Whether the length quantiles are exact (true where there are none).
   */
  quantiles_exact: boolean;
}
/**
 * Memory used by the run that produced the profile.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "MemoryStats".
 */
export interface MemoryStats {
  /**
   * Allocations made during the run.
   */
  allocations: number;
  /**
   * Highest heap in use during the run (counting allocator).
   */
  peak_heap_bytes: number;
  /**
   * wasm32: linear memory size at the end (it never shrinks). Native: peak resident set.
   */
  peak_linear_bytes: number;
  /**
   * In the browser, with several workers: each worker's peak wasm linear memory (the
   * package adds it; `peak_linear_bytes` is then the highest). Absent otherwise.
   */
  workers_peak_linear_bytes?: number[] | null;
}
/**
 * The profile so far, while a file streams (`mine()`'s `onSnapshot`, about once a second):
 * the rows mined so far and each column's type, counts, distinct values, min, max and mean over
 * them. Taking one changes nothing: the final profile is the same with or without snapshots.
 *
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "Snapshot".
 */
export interface Snapshot {
  columns: ColumnSnapshot[];
  /**
   * Rows whose values the columns below count (the rows of the block being filled, at most
   * a few thousand, are not in them yet).
   */
  rows: number;
  /**
   * Workers whose parts it merges (1: one pass; `mine()` merges the parts' snapshots).
   */
  workers: number;
}
/**
 * This interface was referenced by `Profile`'s JSON-Schema
 * via the `definition` "TypeCounts".
 */
export interface TypeCounts {
  boolean: number;
  date: number;
  datetime: number;
  float: number;
  integer: number;
  string: number;
  time: number;
}
