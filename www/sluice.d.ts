/** Types of the Sluice package: `mine()`, `prepare()` and the profile `mine()` resolves with. */

export type ColumnType = 'boolean' | 'integer' | 'float' | 'date' | 'datetime' | 'time' | 'string';

/** What a column's values mean (`ColumnProfile.semantic`). `credit_card` values pass the Luhn
 * check and `iban` values the ISO 7064 check; `country_code` is ISO 3166-1 alpha-2 or alpha-3,
 * `currency_code` ISO 4217. */
export type SemanticType =
  | 'email' | 'url' | 'uuid' | 'ipv4' | 'ipv6' | 'phone' | 'mac_address' | 'credit_card' | 'iban'
  | 'us_ssn' | 'country_code' | 'currency_code' | 'lat_lon' | 'json' | 'hex_color';

/** A min or max: a number for numbers, `YYYY-MM-DD` / ISO-8601 text for dates and datetimes,
 * text for strings (at most `max_value_bytes`), a boolean for booleans. Integers beyond
 * 2^53 are given as decimal strings so they stay exact. */
export type Scalar = number | string | boolean;

export interface TypeCounts {
  boolean: number;
  integer: number;
  float: number;
  date: number;
  datetime: number;
  string: number;
  /** Times of day alone (`14:30`, `2:30 PM`). */
  time: number;
}

export interface LengthStats {
  min: number | null;
  max: number | null;
  mean: number | null;
  /** Length quantiles (string columns only). */
  quantiles: Quantiles | null;
  /** Whether the length quantiles are exact (true where there are none). */
  quantiles_exact: boolean;
}

/** Quantiles by nearest rank (the smallest value whose cumulative count reaches the rank):
 * numbers, or ISO text for date and datetime columns. Exact while the column's distinct values
 * fit the memory budget (`quantiles_exact`); past it, from a KLL sketch whose rank error is
 * `quantiles_rank_error`. */
export interface Quantiles {
  p1: Scalar;
  p5: Scalar;
  p25: Scalar;
  p50: Scalar;
  p75: Scalar;
  p95: Scalar;
  p99: Scalar;
}

/** At most 64 bins; bin i is [edges[i], edges[i+1]) (the last bin of a float column also holds
 * the maximum; integer columns have integer edges). Counts add up to the number of values; they
 * are exact while `histogram_exact`, else estimated from the quantile sketch. */
export interface Histogram {
  edges: Scalar[];
  counts: number[];
}

/** A frequent value: `count` is exact when `error` is 0; otherwise the true count lies in
 * [count, count + error]. */
export interface TopValue {
  value: string;
  count: number;
  error: number;
}

/** Rows of the file. The sample is the `sample_rows` rows whose byte offsets hash smallest:
 * uniform, and the same for any chunking and any number of workers. */
export interface RowSample {
  columns: string[];
  /** Sampled rows in file order: numbers as numbers, other values as text (at most 64 bytes),
   * null for nulls. */
  rows: (Scalar | null)[][];
  /** The physical line of each sampled row. */
  lines: number[];
  /** The file's first rows (at most 10), and their lines. */
  head: (Scalar | null)[][];
  head_lines: number[];
  /** `sample_rows`. Fewer rows are kept when the file has fewer, or when a wide file's rows
   * would take more than an eighth of the memory budget (a `sample_limited` finding). */
  requested: number;
}

/** Missing-value structure, among the first `tracked_columns` columns (`max_nullity_columns`).
 * A null is a null token, an empty field or a missing one; NaN tokens are values here. */
export interface Missingness {
  /** The columns with nulls (but not only nulls). */
  columns: string[];
  /** nullity[i][j]: the correlation of the null indicators of columns[i] and columns[j]
   * (missingno's heatmap), exact; null where undefined. */
  nullity: (number | null)[][];
  complete_rows: number;
  rows_with_nulls: number;
  /** The most frequent sets of columns null together (at most 20), largest count first. */
  patterns: MissingPattern[];
  /** Whether the counts are exact; else lower bounds, each within `patterns_error`. */
  patterns_exact: boolean;
  patterns_error: number;
  /** Distinct patterns, while exact. */
  distinct_patterns: number | null;
  tracked_columns: number;
}

export interface MissingPattern {
  /** The columns null in these rows (every other tracked column is present). */
  columns: string[];
  count: number;
  /** The true count is in [count, count + error]. */
  error: number;
  /** The first row with this pattern, while the patterns are exact. */
  first_line: number | null;
}

/** pearson[i][j] is the correlation of columns[i] and columns[j] (null where undefined). */
/** How strongly each pair of the first `tracked_columns` columns is associated, with the
 * measure their roles call for (see the README's "Relationships"). Matrices are indexed like
 * `columns`. */
export interface Associations {
  columns: string[];
  /** `numeric` (integer and float columns), `categorical` (at most 256 distinct values) or
   * `other` (dates, free text, identifiers). */
  roles: ('numeric' | 'categorical' | 'other')[];
  /** Categories of each categorical column: its distinct values, or 64 when it has more (its
   * 63 most frequent values and "other"); null for the others. */
  categories: (number | null)[];
  /** `cramers_v` (two categorical columns), `eta` (a categorical and a numeric one),
   * `pearson` (two numeric ones), or null where no measure applies. */
  measure: (('cramers_v' | 'eta' | 'pearson') | null)[][];
  /** The measure's value (symmetric): bias-corrected Cramér's V and the correlation ratio η
   * in [0, 1], Pearson's r in [-1, 1]; null where undefined. */
  value: (number | null)[][];
  /** `theil_u[i][j]`: Theil's uncertainty coefficient U(i | j), the share of column i's
   * entropy that knowing column j removes (categorical pairs; null otherwise). */
  theil_u: (number | null)[][];
  /** Mutual information in nats (categorical pairs). */
  mutual_information: (number | null)[][];
  /** The categorical and categorical-numeric pairs, with what a click on the heatmap opens. */
  pairs: AssociationPair[];
  tracked_columns: number;
  /** Pairs of categorical columns whose contingency table did not fit the memory budget
   * (their measures are null; the `relationships_limited` finding names them). */
  tables_left_out: number;
  /** The columns whose pairs may determine others (`X1, X2 -> A`), chosen from how their
   * values repeat in the file's first `sniff_bytes` (`max_determinant_columns`). */
  determinant_columns: string[];
  /** The dependencies on two columns followed through the file, `[x1, x2, a]` each: those
   * the head makes likely (`max_pair_dependencies`). */
  pair_dependencies_searched: string[][];
  /** The columns whose pairs are tested as keys when no column is one alone (the head's
   * most varied, `max_key_pair_columns`). */
  key_pair_columns: string[];
}

export interface AssociationPair {
  /** The two columns (for `eta`, the categorical one first). */
  columns: string[];
  measure: 'cramers_v' | 'eta';
  value: number | null;
  /** Rows where both have a value (for `eta`, a finite number). */
  rows: number;
  /** `cramers_v`: counts of each column's 12 most frequent values, then "(other)". */
  table: ContingencyTable | null;
  /** `eta`: the numeric column per category (the 24 largest, then "(other)"). */
  groups: CategoryMean[] | null;
}

export interface ContingencyTable {
  rows: string[];
  columns: string[];
  counts: number[][];
}

export interface CategoryMean {
  value: string;
  count: number;
  mean: number;
  std: number | null;
}

/** An integer or text column that is a key (no nulls, no value twice) or nearly one (95% of
 * its values distinct). */
export interface KeyColumn {
  /** One column, or two: pairs are tested when no single column is a key. */
  columns: string[];
  key: boolean;
  nulls: number;
  distinct: number;
  /** Rows that repeat an earlier row's value (count minus distinct). */
  duplicate_rows: number;
  /** Values that occur more than once (estimated from the sample unless
   * `duplicates_complete`). */
  duplicated_values: number;
  /** Whether `key` and `duplicate_rows` are exact (the column's distinct count is). */
  exact: boolean;
  /** Share of the column's values whose every occurrence was counted (1: all). */
  sampled: number;
  /** Whether every value was counted: `duplicates` are then the file's first ones. */
  duplicates_complete: boolean;
  /** The first duplicated values by their second occurrence: value, count, and the lines of
   * the first two occurrences (for a pair, `"x | y"` and its first line). */
  duplicates: { value: string; count: number; lines: number[] }[];
}

/** A value with its count and the line where it first occurs. */
export interface ValueCount {
  value: string;
  count: number;
  first_line: number;
}

/** X -> A: each value of the determinant goes with one value of the dependent column. */
export interface Dependency {
  determinant: string[];
  dependent: string;
  /** g3: the share of rows that would have to be removed for it to hold (0: it holds). */
  error: number;
  violating_rows: number;
  /** Rows where its columns all have a value. */
  rows: number;
  determinant_values: number;
  /** Counted from every row (else estimated from a sample of determinant values). */
  exact: boolean;
  /** The share of determinant values sampled, every row of each counted (1 when exact). */
  sampled: number;
  /** When estimated: a bound on `error`'s error at about 95% confidence (0 when exact). */
  error_margin: number;
  /** Determinant values with more than one dependent value, most violating rows first
   * (at most 10): the expected (most frequent) value and the conflicting ones. */
  violations: { value: string; rows: number; expected: ValueCount; conflicts: ValueCount[] }[];
}

/** Two columns in one-to-one correspondence (`code` and `name`). */
export interface RedundantColumns {
  columns: string[];
  /** Distinct value pairs. */
  values: number;
  rows: number;
}

/** `antecedent => consequent` between values of categorical columns. */
export interface Rule {
  antecedent: { column: string; value: string }[];
  consequent: { column: string; value: string };
  /** Rows with both. */
  rows: number;
  /** rows / rows where both columns have a value. */
  support: number;
  /** rows / rows with the antecedent. */
  confidence: number;
  /** confidence / the consequent's share. */
  lift: number;
  /** Chi-square of the rule's 2x2 table (rules are listed at p < 0.001). */
  chi_square: number;
  /** Rows with the antecedent and another consequent value. */
  exceptions: number;
  /** For rules of confidence 95% to 99.99%: those values with counts and first lines. */
  exception_values: ValueCount[];
}

export interface Correlations {
  columns: string[];
  pearson: (number | null)[][];
}

export interface ColumnProfile {
  /** 0-based position. */
  index: number;
  name: string;
  type: ColumnType;
  /** Non-null values. */
  count: number;
  /** Empty fields, null tokens, and fields missing from short rows. */
  nulls: number;
  /** Non-null values of each type (they add up to `count`). */
  types: TypeCounts;
  min: Scalar | null;
  max: Scalar | null;
  /** Mean and sample standard deviation for numbers (booleans as 0/1); null otherwise. */
  mean: number | null;
  std: number | null;
  /** Byte length of the non-null values. */
  length: LengthStats;
  /** Distinct non-null values (numbers by value): exact while `distinct_exact`, else a
   * HyperLogLog estimate. */
  distinct: number;
  distinct_exact: boolean;
  /** When `distinct` is estimated: the HyperLogLog's relative standard error (95% of estimates
   * are within twice it); 0 when exact. */
  distinct_error: number;
  /** Up to 10 most frequent values, most frequent first. */
  top: TopValue[];
  /** A few distinct values as written. */
  examples: string[];
  /** Numbers only (null otherwise). */
  sum: number | null;
  skewness: number | null;
  kurtosis: number | null;
  zeros: number | null;
  negatives: number | null;
  non_finite: number | null;
  /** Numbers, dates and datetimes. */
  quantiles: Quantiles | null;
  /** Whether `quantiles` and `histogram` are exact (true where there are none). */
  quantiles_exact: boolean;
  /** When estimated: the normalised rank error of `quantiles` at about 99% confidence; 0 when
   * exact. */
  quantiles_rank_error: number;
  histogram: Histogram | null;
  /** Whether the histogram's counts are exact. */
  histogram_exact: boolean;
  /** Numeric, date and datetime columns: outliers by Tukey's fences and the modified z-score,
   * counted from the column's exact extremes. null for other columns. */
  outliers: Outliers | null;
  /** Date and datetime columns: whether the values are in order, in file order. */
  order: RowOrder | null;
  /** Date and datetime columns: the values per day, week, month or year. */
  time_series: TimeSeries | null;
  /** How the values are written: strftime-style for dates, datetimes and times (`%m/%d/%Y`,
   * `%Y-%m-%dT%H:%M:%S%z`, `%-I:%M %p`); a spreadsheet-style pattern for numbers written with
   * more than digits and a decimal point (`#,##0.##`, `0,##`, `$#,##0.##;($#,##0.##)`,
   * `0.##%`); the spelling of booleans (`yes/no`). null otherwise. */
  format: string | null;
  /** Numbers: `%` or the currency written with them (`$`, `€`, `EUR`, ...); null otherwise. */
  unit: string | null;
  /** Numeric dates none of which says whether the day or the month comes first
   * (`01/02/2024`): read as `format` says, with an `ambiguous_dates` finding. */
  format_ambiguous: boolean;
  /** Datetimes written with a zone or an offset (`Z`, `+02:00`, `GMT`), normalised to UTC. */
  utc_normalized: number;
  /** What the values mean, when at least 90% of the non-null values are of one kind. */
  semantic: SemanticType | null;
  /** The share of the non-null values of that kind (0.9 to 1); null without one. */
  semantic_share: number | null;
  /** The semantic type is personal data (email, phone, card, IBAN, SSN, IP address); a
   * `personal_data` finding says so, and the page's exports offer "without values". */
  personal_data: boolean;
  /** An integer column with as many distinct values as values (at least 2): likely an ID. */
  identifier_like: boolean;
  /** An integer column of only 0 and 1: likely a boolean. */
  boolean_like: boolean;
}

export interface RowOrder {
  /** `"ascending"` unless more values go down than up; `"constant"` when all are equal. */
  direction: 'ascending' | 'descending' | 'constant';
  /** Whether no value breaks that order. */
  sorted: boolean;
  /** Values that break it (each compared with the one before), and their first lines. */
  breaks: number;
  break_lines: number[];
}

export interface TimeSeries {
  /** `"day"` (span up to 92 days), `"week"` (ISO weeks, up to 2 years), `"month"` (up to 50
   * years) or `"year"`. */
  period: 'day' | 'week' | 'month' | 'year';
  /** The first day of each period (ISO dates), from the first value's to the last's. */
  starts: string[];
  counts: number[];
  /** Whether the counts are exact (else estimated from the quantile sketch). */
  exact: boolean;
  /** Periods without a value inside the span, and the first ones' starts; null when estimated. */
  gaps: number | null;
  gap_starts: string[];
}

/** A value (a number, or a date's ISO text) and the physical line it is on. */
export interface Extreme {
  value: Scalar;
  line: number;
}

/** The values beyond a pair of fences. */
export interface Fences {
  lower: Scalar;
  upper: Scalar;
  /** Values below `lower`, and above `upper`. */
  below: number;
  above: number;
  /** Whether `below` and `above` are exact: counted from the kept extremes where each fence
   * falls within them, else from the quantile digest (exact while `center_exact`). */
  exact: boolean;
  /** Whether every value beyond the fences is among the kept extremes (then `lines` are the
   * first lines of all of them). */
  lines_complete: boolean;
  /** Lines of values beyond the fences, ascending (at most 10). */
  lines: number[];
}

/** Outliers of a numeric or date column. The column keeps its `extremes_kept` smallest and
 * largest values with their lines: counts beyond a fence are exact whenever the fence falls
 * within them. */
export interface Outliers {
  /** p25 − 1.5 × IQR and p75 + 1.5 × IQR. */
  tukey: Fences;
  /** Values with |0.6745 (x − median) / scale| > 3.5; null when the scale is 0. */
  modified_z: Fences | null;
  median: Scalar;
  /** Median absolute deviation from the median (days for dates). */
  mad: number;
  /** `"mad"`, or `"mean_absolute_deviation"` when the MAD is 0 (then `scale` is 1.253314 × the
   * mean absolute deviation around the median). */
  scale_kind: 'mad' | 'mean_absolute_deviation';
  scale: number;
  /** Whether the quartiles, median and MAD are exact (else from the quantile sketch). */
  center_exact: boolean;
  /** The smallest values, ascending (at most 10), and the largest, descending. */
  lowest: Extreme[];
  highest: Extreme[];
  extremes_kept: number;
  /** The number of values these are over (finite numbers, or dates and datetimes). */
  values: number;
}

export type Severity = 'info' | 'warning' | 'error';

export interface Finding {
  /** One of `constant`, `all_null`, `mostly_null`, `mixed_types`, `unique`,
   * `high_cardinality`, `skewed`, `many_zeros`, `highly_correlated`, `duplicate_rows`,
   * `ragged_rows`, `decompression_limit`, `archive_entries`, `invalid_utf8`, `unterminated_quote`, `malformed_json`, `record_truncated`,
   * `too_many_columns`, `long_values`, `deep_json`, `correlations_limited`, `empty_input`,
   * `no_records`, `no_data_rows`, `estimated_statistics` (what the memory budget could not
   * keep exact), `outliers`, `missing_together`, `missing_pattern`, `nullity_limited`, `sample_limited`,
   * `duplicate_key`, `dependency_violations`, `redundant_columns`, `rule_exceptions`,
   * `strong_association`, `relationships_limited`, `renamed_columns`, `trailing_delimiter`,
   * `skipped_lines`, `comment_lines`. */
  kind: string;
  severity: Severity;
  column: string | null;
  column_index: number | null;
  count: number;
  /** First physical line numbers (1-based) where it occurs. */
  lines: number[];
  message: string;
}

export interface MemoryStats {
  /** wasm linear memory at the end of the run (it never shrinks, so also its peak). With
   * several workers: the highest of any worker (each is its own wasm instance). */
  peak_linear_bytes: number;
  /** Highest heap in use during the run (with several workers: the merging worker's). */
  peak_heap_bytes: number;
  /** Allocations made during the run. */
  allocations: number;
  /** With several workers: each worker's peak wasm linear memory, in range order. */
  workers_peak_linear_bytes?: number[];
}

/** One way of splitting a CSV file, and how well it split the file's head. */
export interface DialectCandidate {
  delimiter: string;
  /** Null: no quoting. */
  quote: string | null;
  /** Null: a quote inside quotes is doubled; else the escape character (`\\`). */
  escape: string | null;
  /** Null: no comment lines. */
  comment: string | null;
  /** The field count most records of the head have. */
  fields: number;
  /** Share of the head's records (after any preamble) with that many fields. */
  consistency: number;
  /** Records of the head scored. */
  records: number;
}

/** The CSV dialect used, and why. */
export interface Dialect extends DialectCandidate {
  line_ending: '\n' | '\r\n' | '\r' | 'mixed' | 'none';
  /** The parts the options forced: `delimiter`, `quote`, `escape`, `comment`, `skip_lines`,
   * `line_ending`. */
  forced: string[];
  /** The best candidate that split the head differently. */
  runner_up: DialectCandidate | null;
}

/** Whether a CSV file's first record is its header, and why. */
export interface HeaderDecision {
  /** The first record was read as the header (else it is the first data row). */
  present: boolean;
  /** Detected from the file's head (else the `has_header` option said so). */
  detected: boolean;
  /** Why, e.g. `column 1: "year" is text above numbers`. */
  reason: string;
}

/** One file of the dataset a profile is of. */
export interface SourceFile {
  /** Its path or name, as given (the page: the File's name). */
  name: string;
  /** How it was decompressed (`'gzip'`, `'zstd'`, ...); null when it was not compressed. */
  compression: string | null;
  /** Bytes of it mined (after decompression). */
  bytes: number;
  /** Its data rows. */
  rows: number;
  /** The dataset's line numbers of its first and last lines (a header after the first file's
   * is not a line of the dataset). */
  first_line: number;
  last_line: number;
  /** A line `n` of the dataset (in findings, outliers, samples) is line `n - line_offset` of
   * this file. */
  line_offset: number;
}

export interface Profile {
  sluice_version: string;
  /** Version of the profile's shape (`PROFILE_VERSION`, 2 now); profiles from before it have
   * none (version 1). */
  profile_version?: number;
  /** The files mined as this dataset, in order (several files with the same columns are one
   * dataset: `sluice FILE FILE...`); one entry for a single named file; empty for a stream
   * without a name. Absent from profiles of version 1. */
  files?: SourceFile[];
  /** Set by the page's exports "without values": the values of the columns with
   * `personal_data` are replaced by their shapes (letters `a`/`A`, digits `9`). Absent from
   * what the engine returns. */
  without_values?: true;
  /** `'json'`: an array of objects (see `records_path`); `'xlsx'`: an Excel worksheet (see
   * `sheet`); `'parquet'`: a Parquet file (see `parquet`). */
  format: 'csv' | 'jsonl' | 'json' | 'xlsx' | 'parquet';
  /** JSON arrays: where the records are, as a JSONPath: `'$'` for a top-level array, `'$.data'`
   * for the array in the top-level object's member `data`; null otherwise. */
  records_path: string | null;
  /** The CSV delimiter; null for JSON Lines. */
  delimiter: string | null;
  /** CSV: the dialect used and why; null for JSON Lines. */
  dialect: Dialect | null;
  /** CSV: lines before the table that were skipped (a preamble). */
  skipped_lines: number;
  /** CSV: comment lines between the rows, skipped. */
  comment_lines: number;
  /** The text encoding, decoded to UTF-8 as it is read: `utf-8`, `windows-1252` (also for
   * Latin-1), `utf-16le`, `utf-16be`, or another WHATWG name the `encoding` option gave. */
  encoding: string;
  /** Whether the encoding was detected (else the `encoding` option gave it). */
  encoding_detected: boolean;
  /** Why that encoding, e.g. `a UTF-16 little-endian byte order mark`. */
  encoding_reason: string;
  bom: boolean;
  /** CSV: whether the first record was read as the header; null for JSON Lines. */
  header: HeaderDecision | null;
  /** Bytes mined (after decompression). */
  bytes: number;
  /** How a compressed input was decompressed; null when it was not compressed. */
  compression: Compression | null;
  /** Excel workbooks: the worksheet this profile is of, and the workbook's worksheets; null
   * for other formats. */
  sheet: SheetInfo | null;
  /** Parquet files: the footer's layout and schema; null for other formats. */
  parquet: ParquetInfo | null;
  /** Data records (header and blank lines excluded). */
  rows: number;
  /** Physical lines. */
  lines: number;
  blank_lines: number;
  /** Empty lines plus records whose fields are all empty. */
  blank_rows: number;
  /** Rows repeating an earlier row: exact when `duplicate_rows_exact`, else estimated. */
  duplicate_rows: number;
  duplicate_rows_exact: boolean;
  /** When `duplicate_rows` is estimated: a bound on its error in rows at about 95% confidence;
   * 0 when exact. */
  duplicate_rows_error: number;
  /** The memory budget the statistics were kept within (`memory_budget_bytes`). */
  memory_budget_bytes: number;
  correlations: Correlations;
  /** Which columns go missing together; null when the file has no rows. */
  missing: Missingness | null;
  /** A uniform, deterministic sample of rows and the file's first rows; null with
   * `sample_rows: 0`. */
  sample: RowSample | null;
  /** Associations of every pair of the first `max_relationship_columns` columns; null
   * without columns. */
  associations: Associations | null;
  /** Keys and near-keys. */
  keys: KeyColumn[];
  /** Functional dependencies that hold exactly or nearly (g3 error at most 5%). */
  dependencies: Dependency[];
  /** Pairs of columns that encode the same thing. */
  redundant_columns: RedundantColumns[];
  /** Notable rules between values (at most 100). */
  rules: Rule[];
  columns: ColumnProfile[];
  findings: Finding[];
  memory: MemoryStats;
  /** Workers whose parts were merged into this profile (1 for one pass). */
  workers: number;
  /** Why fewer workers than asked for were used (null otherwise). */
  parallel_note: string | null;
}

/** The engine's memory counters, sampled during a run. */
export interface MemoryUsage {
  /** wasm linear memory size. */
  linear_bytes: number;
  /** Allocator heap in use. */
  heap_bytes: number;
  heap_peak_bytes: number;
  allocations: number;
}

/** The worksheet of an Excel workbook that a profile is of. */
export interface SheetInfo {
  /** The sheet's name, as its tab shows it. */
  name: string;
  /** Its position among the workbook's worksheets, from 1. */
  index: number;
  /** Every worksheet's name, in the workbook's order (chart sheets are not listed). */
  sheets: string[];
  /** Size of the workbook file in bytes (`bytes` counts the sheet's cells as CSV text). */
  file_bytes: number;
}

/** A Parquet file's layout and schema, from its footer. */
export interface ParquetInfo {
  /** Size of the Parquet file in bytes (`bytes` counts its rows as CSV or JSON Lines text). */
  file_bytes: number;
  /** Rows the footer declares. */
  rows: number;
  /** Row groups in the file. */
  row_groups: number;
  /** The writer the footer names (`created_by`), e.g. `parquet-cpp-arrow version 26.0.1`. */
  created_by: string | null;
  /** The compression codecs the column chunks use (`'snappy'`, `'zstd'`, `'gzip'`,
   * `'lz4_raw'`, `'brotli'`, `'none'`, ...), each once. */
  codecs: string[];
  /** Whether the schema nests (structs, lists, maps): the rows are then read as JSON Lines with
   * its flattening rules, else as CSV. */
  nested: boolean;
  /** The schema's leaf columns, in order. */
  columns: ParquetColumn[];
}

/** One leaf column of a Parquet schema. */
export interface ParquetColumn {
  /** Its path, dotted (`a.b` for field `b` of struct `a`). */
  name: string;
  /** `'BOOLEAN'`, `'INT32'`, `'INT64'`, `'INT96'`, `'FLOAT'`, `'DOUBLE'`, `'BYTE_ARRAY'` or
   * `'FIXED_LEN_BYTE_ARRAY'`. */
  physical_type: string;
  /** The logical type, if any: `'STRING'`, `'DATE'`, `'TIMESTAMP(MILLIS, UTC)'`,
   * `'DECIMAL(10, 2)'`, `'UINT64'`, `'FLOAT16'`, `'LIST'`, ... */
  logical_type: string | null;
}

/** A compressed input (gzip, zstd, bzip2, xz, or a ZIP archive's first file). */
export interface Compression {
  codec: 'gzip' | 'zstd' | 'bzip2' | 'xz' | 'zip';
  /** Whether its first bytes said so (else the `compression` option did). */
  detected: boolean;
  /** Compressed bytes read. */
  compressed_bytes: number;
  /** `bytes / compressed_bytes`. */
  ratio: number;
  /** ZIP: the entry mined (its path in the archive); else null. */
  entry: string | null;
  /** The decompression guard stopped reading (`max_decompressed_bytes`,
   * `max_decompression_ratio`): the profile covers the rows before that, and a
   * `decompression_limit` finding says why. */
  stopped: boolean;
}

export interface Progress {
  /** Bytes read so far: of a File or Blob as stored (compressed or not), else mined. */
  bytes: number;
  /** Total bytes when known (a File or Blob, or the `total` option), else null. */
  total: number | null;
  rows: number;
  /** All workers together (sums). */
  memory: MemoryUsage;
  /** When several workers mine the file: each one's own figures, in range order. */
  workers?: { bytes: number; rows: number; memory: MemoryUsage | null }[];
}

export interface MineOptions {
  /** Called about every 100 ms while mining. */
  onProgress?: (progress: Progress) => void;
  /** Aborting stops the worker; the promise rejects with a DOMException named `AbortError`. */
  signal?: AbortSignal;
  /** A name for the source (format hints: `.jsonl`, `.csv`, through `.gz` `.zst` `.bz2` `.xz`
   * `.zip`). Defaults to `File.name`. */
  name?: string;
  /** Force gzip decompression on or off (default: by the first bytes). Kept from before
   * `compression`, which it sets to `'gzip'` or `'none'`. */
  gzip?: boolean;
  /** Total bytes of a ReadableStream source, for progress. */
  total?: number;
  /** Workers (1 to 64) mining byte ranges of a File or Blob at once; default
   * `navigator.hardwareConcurrency` (at most 16). Streams, compressed files and files under 8 MiB use
   * one (`profile.parallel_note` says why). The profile is the single pass's (sketch
   * estimates aside). */
  workers?: number;
  /** The smallest byte range a worker mines (default 4 MiB): a file under two of them is mined
   * by one worker, and a file of n of them by at most n. */
  min_range_bytes?: number;
  /** `'csv'`, `'jsonl'` or `'json'` (JSON Lines and JSON arrays are one reader, which decides
   * the layout from the head), `'xlsx'` or `'parquet'`; default: from the first bytes (a ZIP
   * workbook, Parquet's `PAR1`) and the name (`.jsonl`/`.ndjson`, `.json`, `.csv`/`.tsv`,
   * `.xlsx`, `.parquet`), else JSON when the data starts with `{` or `[{`. A Parquet file is
   * read by a second wasm module (`pkg-parquet/`), loaded only then, in one worker. */
  format?: 'csv' | 'jsonl' | 'json' | 'xlsx' | 'parquet';
  /** JSON Lines: nested objects are flattened to dotted names down to this depth (default 3). */
  max_json_depth?: number;
  /** Correlations cover the numeric columns among the first this many (default 32). */
  max_correlation_columns?: number;
  /** Columns covered by the nullity correlation and the missing-value patterns (default 256,
   * at most 1,024). */
  max_nullity_columns?: number;
  /** Associations, keys, dependencies and rules cover the first this many columns (default
   * 32, at most 256). */
  max_relationship_columns?: number;
  /** Two-column determinants are looked for among at most this many columns, chosen from
   * the file's head (default 12, at most 32). */
  max_determinant_columns?: number;
  /** Dependencies on two columns followed through the file at most, those the head makes
   * likely (default 32, at most 256). */
  max_pair_dependencies?: number;
  /** Keys of two columns are looked for among at most this many columns, the head's most
   * varied (default 6, at most 16). */
  max_key_pair_columns?: number;
  /** Rows in the row sample (default 2,000; 0 leaves the sample out; at most 100,000). */
  sample_rows?: number;
  /** Field delimiter (one ASCII character); detected when absent. */
  delimiter?: string;
  /** Quote character; `''` for no quoting; detected (`"` or `'`) when absent. */
  quote?: string;
  /** Escape character inside quotes besides a doubled quote (e.g. `\\`); `''` for doubled
   * quotes only; detected when absent. */
  escape?: string;
  /** Comment character; `''` for none; detected (`#` or `%`) when absent. */
  comment?: string;
  /** Lines before the table to skip; a preamble is detected when absent. */
  skip_lines?: number;
  /** `'\n'` or `'lf'`: only `\n` ends a line and a `\r` is data; `'any'` (the default): `\n`,
   * `\r\n` and a lone `\r` all do. */
  line_ending?: '\n' | 'lf' | 'any';
  /** Text encoding, a WHATWG label (`utf-8`, `windows-1252`, `latin1`, `utf-16le`, ...);
   * detected when absent. */
  encoding?: string;
  /** Whether the first row is a header; detected from the file's head when absent or null. */
  has_header?: boolean | null;
  /** Numeric dates that read either way (`01/02/2024`) are day first (`true`) or month first
   * (`false`) in every column; decided per column from the file's head when absent (a first
   * part over 12 is a day; else month first with `/`, day first with `.` and `-`). */
  day_first?: boolean | null;
  /** The decimal mark in every column: with `','`, `1,234` is 1.234 and `1.234` is 1234;
   * decided per column from the file's head when absent. */
  decimal?: '.' | ',';
  /** Null tokens replacing the default list (`NA`, `N/A`, `NULL`, `null`, `None`, `-`, `.`,
   * `?`, `\\N`, `#N/A`, ...: see the README); empty fields are always null. */
  null_values?: string[];
  /** Bytes of one record kept for classification (default 4 MiB). */
  max_record_bytes?: number;
  /** Columns mined (default 16384). */
  max_columns?: number;
  /** Bytes of a string kept as min/max (default 256). */
  max_value_bytes?: number;
  /** Bytes read before the delimiter is decided (default 65536). */
  sniff_bytes?: number;
  /** Bytes the statistics may hold, per worker (default 32 MiB; 4 MiB to 4 GiB). Every
   * statistic is exact while its state fits; past it, the largest are estimated with sketches
   * and the profile says which (`distinct_exact`, `quantiles_exact`, `duplicate_rows_exact`, a
   * top value's `error`, the `estimated_statistics` finding). */
  memory_budget_bytes?: number;
  /** `'auto'` (default: gzip, zstd, bzip2, xz and ZIP are known by their first bytes),
   * `'none'`, or the codec to use. */
  compression?: 'auto' | 'none' | 'gzip' | 'zstd' | 'bzip2' | 'xz' | 'zip';
  /** Decompressed bytes at most (default 2^40, 1 TiB): past them mining stops with a
   * `decompression_limit` finding. */
  max_decompressed_bytes?: number;
  /** Decompressed bytes per compressed byte at most, once 64 MiB are out (default 1,000). */
  max_decompression_ratio?: number;
  /** Excel workbooks: the worksheet to mine, by name or position from 1 (default: the first;
   * the `other_sheets` finding names the others). */
  sheet?: string;
}

/** Mines a File, a Blob or a ReadableStream<Uint8Array> in Web Workers (several for a large
 * File or Blob: see `workers`). */
export function mine(source: File | Blob | ReadableStream<Uint8Array>, options?: MineOptions): Promise<Profile>;
/** Mines several files as datasets, as `sluice FILE FILE...` does: files with the same columns
 * are one dataset (one profile, its `files` listing each); files with other columns are
 * profiled apart, and the promise then resolves with one profile per dataset, each beginning
 * with a `file_mismatch` finding. `workers` workers mine byte ranges across the files. */
export function mine(source: (File | Blob)[] | FileList, options?: Omit<MineOptions, 'name' | 'gzip' | 'total'>): Promise<Profile | Profile[]>;

/**
 * Starts the workers for the next `mine()` ahead of time (one per worker a run uses by default:
 * `navigator.hardwareConcurrency`, at most 16): each loads and instantiates the wasm engine
 * now, so that the run makes no network request and starts at once. Resolves when they are
 * ready; rejects if one cannot start or load the engine (it is dropped and the next call tries
 * again). Until `mine()` takes a worker, calling it again returns the same promise. Each worker
 * serves one run and is terminated after it, so call `prepare()` again after each run.
 * `mine()` also works without it, starting its own workers.
 */
export function prepare(): Promise<void>;

/** The version of the profile's shape this package writes and reads. */
export const PROFILE_VERSION: number;

/** Throws an Error saying why `value` is not a profile this version can show (not a profile, a
 * newer version, damaged); returns it otherwise. */
export function checkProfile(value: unknown): Profile;

/**
 * Reads a saved profile (a File or Blob of the JSON that "Download profile (JSON)" or the CLI
 * wrote, or its text), recognised by its content: resolves with it, or with null when `source`
 * is data to mine (a JSON array, JSON Lines). Rejects with a clear Error for a damaged, cut
 * short or newer profile.
 */
export function openProfile(source: Blob | string): Promise<Profile | null>;

/** Severity thresholds of `compare()` (and `sluice diff --threshold NAME=VALUE`). */
export interface DiffOptions {
  /** PSI at which a shift is a warning (default 0.1) and an error (0.25). */
  psi_warning?: number;
  psi_error?: number;
  /** Kolmogorov-Smirnov distance: 0.1 and 0.25. */
  ks_warning?: number;
  ks_error?: number;
  /** A change of the null rate (share of rows): 0.05 and 0.2. */
  null_rate_warning?: number;
  null_rate_error?: number;
  /** A change of a top value's share of the non-null values: 0.05 and 0.2. */
  share_warning?: number;
  share_error?: number;
  /** The mean's move in old standard deviations: 0.5 and 1. */
  mean_warning?: number;
  mean_error?: number;
  /** Bins of the PSI at most (default 10). */
  psi_bins?: number;
}

export interface CompareOptions extends DiffOptions {
  /** Names for profiles that list no files (default 'old' and 'new'). */
  oldName?: string;
  newName?: string;
}

/** One side of a diff. */
export interface DiffSide {
  /** Its files (a profile's `files`), or the name given. */
  name: string;
  rows: number | null;
  columns: number;
  profile_version: number;
  sluice_version: string | null;
}

/** A statistic on both sides; `change` is new − old for numbers. */
export interface DiffPair<T = Scalar> {
  old: T | null;
  new: T | null;
  change: number | null;
}

/** A drift measure: the estimate from the two histograms, and the interval that holds the
 * exact data's value (the rank error of sketched histograms added). */
export interface Drift {
  value: number;
  lower: number;
  upper: number;
  /** PSI: the shared bins' inner edges (bins below the first and above the last are open);
   * null for KS. */
  edges: number[] | null;
  /** Whether both histograms were exact. */
  exact: boolean;
}

/** A top value on both sides (shares of the non-null values). */
export interface DiffShare {
  value: string;
  old: number | null;
  new: number | null;
  /** `new` (absent from an old side that lists every value), `entered` (not among the old top
   * values), `vanished`, `left` (not among the new top values) or `shifted`. */
  status: 'new' | 'entered' | 'vanished' | 'left' | 'shifted';
}

export interface ColumnDiff {
  name: string;
  /** A renamed column's old name. */
  old_name: string | null;
  status: 'same' | 'added' | 'removed' | 'renamed' | 'retyped';
  old_type: string | null;
  new_type: string | null;
  null_rate: DiffPair<number> | null;
  distinct: DiffPair<number> | null;
  min: DiffPair | null;
  max: DiffPair | null;
  mean: DiffPair<number> | null;
  std: DiffPair<number> | null;
  /** [name, pair] for p1 ... p99. */
  quantiles: [string, DiffPair][];
  /** Population stability index over shared bins (numbers, dates and datetimes). */
  psi: Drift | null;
  /** Kolmogorov-Smirnov distance. */
  ks: Drift | null;
  /** Top values that are new, vanished or moved by `share_warning` or more. */
  categories: DiffShare[];
}

export interface FindingRef {
  kind: string;
  column: string | null;
  severity: string;
  message: string;
}

/** One change, in the ranked list. */
export interface Change {
  severity: 'info' | 'warning' | 'error';
  /** The groups of `sluice diff --fail-on`. */
  group: 'schema' | 'drift' | 'nulls' | 'categories' | 'findings' | 'stats' | 'rows';
  kind:
    | 'column_added' | 'column_removed' | 'column_renamed' | 'column_retyped' | 'psi' | 'ks' | 'null_rate'
    | 'new_value' | 'vanished_value' | 'share' | 'new_finding' | 'resolved_finding' | 'mean' | 'range' | 'distinct' | 'rows';
  column: string | null;
  message: string;
  /** What it is ranked by within its severity. */
  magnitude: number;
}

/** What changed from one dataset to another (`compare()`, `sluice diff OLD NEW`). */
export interface Diff {
  diff_version: number;
  old: DiffSide;
  new: DiffSide;
  schema: {
    added: string[];
    removed: string[];
    /** Renames are guesses from the values and the position (`guess` is always true). */
    renamed: { from: string; to: string; score: number; guess: true; why: string }[];
    retyped: { column: string; from: string; to: string }[];
  };
  columns: ColumnDiff[];
  findings: { new: FindingRef[]; resolved: FindingRef[] };
  /** Every change, most severe first. */
  changes: Change[];
  severity: 'none' | 'info' | 'warning' | 'error';
  options: Required<DiffOptions>;
}

/** What changed from `oldProfile` to `newProfile`, computed by the engine in a worker. */
export function compare(oldProfile: Profile, newProfile: Profile, options?: CompareOptions): Promise<Diff>;
