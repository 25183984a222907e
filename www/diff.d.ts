// Generated from www/diff.schema.json (the Rust types, through schemars) by scripts/gen-types.mjs:
// do not edit; `npm run types` writes it again after `SLUICE_WRITE_SCHEMA=1 cargo test --test schema`.
/* eslint-disable */

/**
 * How serious a finding is.
 *
 * This interface was referenced by `Diff`'s JSON-Schema
 * via the `definition` "Severity".
 */
export type Severity = 'info' | 'warning' | 'error';
/**
 * A value: a boolean, a number (an integer beyond 2^53 is written as a string of digits), or text (dates and datetimes as ISO text).
 *
 * This interface was referenced by `Diff`'s JSON-Schema
 * via the `definition` "Scalar".
 */
export type Scalar = boolean | number | string;
/**
 * The group of a change (what `--fail-on` names).
 *
 * This interface was referenced by `Diff`'s JSON-Schema
 * via the `definition` "ChangeGroup".
 */
export type ChangeGroup = 'schema' | 'drift' | 'nulls' | 'categories' | 'findings' | 'stats' | 'rows';
/**
 * What kind of change a change is.
 *
 * This interface was referenced by `Diff`'s JSON-Schema
 * via the `definition` "ChangeKind".
 */
export type ChangeKind =
  | 'column_added'
  | 'column_removed'
  | 'column_renamed'
  | 'column_retyped'
  | 'psi'
  | 'ks'
  | 'null_rate'
  | 'new_value'
  | 'vanished_value'
  | 'share'
  | 'new_finding'
  | 'resolved_finding'
  | 'mean'
  | 'range'
  | 'distinct'
  | 'rows';
/**
 * How a column changed between two profiles.
 *
 * This interface was referenced by `Diff`'s JSON-Schema
 * via the `definition` "ColumnStatus".
 */
export type ColumnStatus = 'same' | 'added' | 'removed' | 'renamed' | 'retyped';
/**
 * The severest change of a diff.
 *
 * This interface was referenced by `Diff`'s JSON-Schema
 * via the `definition` "DiffSeverity".
 */
export type DiffSeverity = 'none' | 'info' | 'warning' | 'error';
/**
 * How a top value's share changed (`crate::diff`).
 *
 * This interface was referenced by `Diff`'s JSON-Schema
 * via the `definition` "ShareStatus".
 */
export type ShareStatus = 'new' | 'entered' | 'vanished' | 'left' | 'shifted';

/**
 * The diff of two profiles.
 */
export interface Diff {
  /**
   * Everything that changed, most severe first (then by size).
   */
  changes: Change[];
  /**
   * Each column of both, by the new profile's order (renamed columns under their new name),
   * then the removed ones.
   */
  columns: ColumnDiff[];
  diff_version: number;
  findings: FindingsDiff;
  new: Side;
  old: Side;
  options: DiffOptions;
  schema: Schema;
  /**
   * The severest change: `"none"`, `"info"`, `"warning"` or `"error"`.
   */
  severity: DiffSeverity;
}
/**
 * One change, for the ranked list.
 *
 * This interface was referenced by `Diff`'s JSON-Schema
 * via the `definition` "Change".
 */
export interface Change {
  column: string | null;
  /**
   * `schema`, `drift`, `nulls`, `categories`, `findings`, `stats` or `rows`: the groups of
   * `sluice diff --fail-on`.
   */
  group: ChangeGroup;
  /**
   * What changed: `column_added`, `column_removed`, `column_renamed`, `column_retyped`,
   * `psi`, `ks`, `null_rate`, `new_value`, `vanished_value`, `share`, `new_finding`,
   * `resolved_finding`, `mean`, `range`, `distinct`, `rows`.
   */
  kind: ChangeKind;
  /**
   * The size it is ranked by within its severity (PSI, KS, a share's change, ...).
   */
  magnitude: number;
  message: string;
  severity: Severity;
}
/**
 * This interface was referenced by `Diff`'s JSON-Schema
 * via the `definition` "ColumnDiff".
 */
export interface ColumnDiff {
  /**
   * Top values that are new, vanished or whose share moved by `share_warning` or more.
   */
  categories: Share[];
  distinct: Pair | null;
  ks: Drift | null;
  max: Pair | null;
  mean: Pair | null;
  min: Pair | null;
  name: string;
  new_type: string | null;
  null_rate: Pair | null;
  /**
   * The old name of a renamed column.
   */
  old_name: string | null;
  old_type: string | null;
  psi: Drift | null;
  /**
   * p1 ... p99 on both sides (numbers; dates as text).
   */
  quantiles: [unknown, unknown][];
  /**
   * `same`, `added`, `removed`, `renamed` or `retyped`.
   */
  status: ColumnStatus;
  std: Pair | null;
}
/**
 * A top value's share on both sides.
 *
 * This interface was referenced by `Diff`'s JSON-Schema
 * via the `definition` "Share".
 */
export interface Share {
  new: number | null;
  /**
   * Share of the non-null values; null when the value is not among that side's top values.
   */
  old: number | null;
  /**
   * `new` (not on the old side, whose top values list every value), `entered` (not among
   * the old top values), `vanished`, `left` (not among the new top values) or `shifted`.
   */
  status: ShareStatus;
  value: string;
}
/**
 * A statistic on both sides.
 *
 * This interface was referenced by `Diff`'s JSON-Schema
 * via the `definition` "Pair".
 */
export interface Pair {
  /**
   * new − old, for numbers.
   */
  change: number | null;
  new: Scalar | null;
  old: Scalar | null;
}
/**
 * A drift measure, with the interval that holds its exact value.
 *
 * This interface was referenced by `Diff`'s JSON-Schema
 * via the `definition` "Drift".
 */
export interface Drift {
  /**
   * PSI: the shared bins' edges (the first and last bins are open: values below the old
   * minimum, and above the old maximum); null for KS.
   */
  edges: number[] | null;
  /**
   * Whether both histograms were exact.
   */
  exact: boolean;
  /**
   * The exact data's value lies in `[lower, upper]` (rank error of estimated histograms
   * added).
   */
  lower: number;
  upper: number;
  /**
   * From the histograms, counts spread evenly within each bin.
   */
  value: number;
}
/**
 * This interface was referenced by `Diff`'s JSON-Schema
 * via the `definition` "FindingsDiff".
 */
export interface FindingsDiff {
  /**
   * Findings of the new profile with no finding of the same kind and column in the old.
   */
  new: FindingRef[];
  /**
   * Findings of the old profile gone from the new.
   */
  resolved: FindingRef[];
}
/**
 * This interface was referenced by `Diff`'s JSON-Schema
 * via the `definition` "FindingRef".
 */
export interface FindingRef {
  column: string | null;
  kind: string;
  message: string;
  severity: string;
}
/**
 * One side of the diff.
 *
 * This interface was referenced by `Diff`'s JSON-Schema
 * via the `definition` "Side".
 */
export interface Side {
  columns: number;
  /**
   * The files it is of (a profile's `files`), or what was given.
   */
  name: string;
  profile_version: number;
  rows: number | null;
  sluice_version: string | null;
}
/**
 * Thresholds that decide a change's severity (warning at the first, error at the second).
 *
 * This interface was referenced by `Diff`'s JSON-Schema
 * via the `definition` "DiffOptions".
 */
export interface DiffOptions {
  ks_error: number;
  /**
   * KS distance: 0.1 and 0.25.
   */
  ks_warning: number;
  mean_error: number;
  /**
   * The mean's move, in old standard deviations: 0.5 and 1.
   */
  mean_warning: number;
  null_rate_error: number;
  /**
   * Null rate, in share of rows: a change of 0.05 (5 points) and 0.2.
   */
  null_rate_warning: number;
  /**
   * Bins of the PSI (at most; from the old histogram's edges, by its mass).
   */
  psi_bins: number;
  psi_error: number;
  /**
   * PSI: 0.1 and 0.25 (the usual "moderate" and "significant" shifts).
   */
  psi_warning: number;
  share_error: number;
  /**
   * A top value's share of the non-null values: a change of 0.05 and 0.2.
   */
  share_warning: number;
}
/**
 * This interface was referenced by `Diff`'s JSON-Schema
 * via the `definition` "Schema".
 */
export interface Schema {
  added: string[];
  removed: string[];
  renamed: Renamed[];
  retyped: Retyped[];
}
/**
 * A removed column that seems to be an added one under another name.
 *
 * This interface was referenced by `Diff`'s JSON-Schema
 * via the `definition` "Renamed".
 */
export interface Renamed {
  from: string;
  /**
   * Always true: a rename is guessed from the values and the position.
   */
  guess: boolean;
  /**
   * How alike they are, from 0 to 1 (at least 0.6 to be called a rename).
   */
  score: number;
  to: string;
  why: string;
}
/**
 * This interface was referenced by `Diff`'s JSON-Schema
 * via the `definition` "Retyped".
 */
export interface Retyped {
  column: string;
  from: string;
  to: string;
}
