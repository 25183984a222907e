/** Types of the Sluice package: `mine()`, `prepare()` and the profile `mine()` resolves with. */

// The profile's and the diff's types are generated from the Rust types (src/profile.rs,
// src/diff.rs) through their JSON Schemas, doc comments included: www/profile.d.ts and
// www/diff.d.ts (scripts/gen-types.mjs). Only what the package adds is written here.
import type { Profile, Scalar, Snapshot, DialectReport, Candidate, Header, MemoryStats as EngineMemoryStats } from './profile.js';
import type { Diff, Side, Share, Pair } from './diff.js';
export type {
  Profile, ColumnProfile, ColumnType, SemanticType, Scalar, TypeCounts, LengthStats, Quantiles, Histogram, TopValue,
  RowSample, Missingness, MissingPattern, Associations, AssociationPair, ContingencyTable, CategoryMean, KeyColumn,
  DuplicateValue, ValueCount, Dependency, Violation, RedundantColumns, Rule, RuleItem, Correlations, RowOrder,
  TimeSeries, Extreme, Fences, Outliers, Severity, Finding, SourceFile, SheetInfo, ParquetInfo, ParquetColumn,
  Snapshot, ColumnSnapshot, Compression, Codec, Format, Direction, Period, ScaleKind, LineEnding, Measure, PairMeasure, Role,
} from './profile.js';
export type {
  Diff, Change, ChangeGroup, ChangeKind, ColumnDiff, ColumnStatus, DiffSeverity, Drift, FindingRef, FindingsDiff,
  ShareStatus, Renamed, Retyped, Schema as DiffSchema,
} from './diff.js';

/** The run's memory (`profile.memory`). */
export type MemoryStats = EngineMemoryStats;
/** The CSV dialect used (`profile.dialect`). */
export type Dialect = DialectReport;
/** One way of splitting a CSV file, and how well it split the file's head. */
export type DialectCandidate = Candidate;
/** Whether the first record is the header, and why (`profile.header`). */
export type HeaderDecision = Header;
/** One side of a diff. */
export type DiffSide = Side;
/** A top value on both sides of a diff. */
export type DiffShare = Share;
/** A statistic on both sides of a diff; `T` is what its numbers are. */
export type DiffPair<T = Scalar> = Omit<Pair, 'old' | 'new'> & { old: T | null; new: T | null };

/** The engine's memory counters, sampled during a run. */
export interface MemoryUsage {
  /** wasm linear memory size. */
  linear_bytes: number;
  /** Allocator heap in use. */
  heap_bytes: number;
  heap_peak_bytes: number;
  allocations: number;
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
  /** Called about once a second (`snapshot_ms`) with the profile so far: each column's type,
   * counts, distinct values, min, max and mean over the rows mined so far; with several workers,
   * their parts merged; for several files, the first dataset's parts so far (`workers`: the
   * workers mining); for an Excel sheet or a Parquet file, the rows read so far. Taking
   * snapshots changes nothing in the final profile. */
  onSnapshot?: (snapshot: Snapshot) => void;
  /** Milliseconds between snapshots (default 1000). */
  snapshot_ms?: number;
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

/** What changed from `oldProfile` to `newProfile`, computed by the engine in a worker. */
export function compare(oldProfile: Profile, newProfile: Profile, options?: CompareOptions): Promise<Diff>;
