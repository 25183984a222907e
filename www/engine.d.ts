import type { MemoryUsage, MineOptions, Profile, Snapshot } from './sluice.js';

/** Loads the wasm module (fetches `sluice_bg.wasm` next to the glue unless given a source). */
export default function init(module_or_path?: unknown): Promise<unknown>;
export { init };
export function initSync(module: unknown): unknown;

/** Mines bytes the caller already holds. */
export class Miner {
  constructor(options?: Omit<MineOptions, 'onProgress' | 'signal'>);
  /** Copies the chunk once into a buffer the miner reuses, and mines it. */
  push(chunk: Uint8Array): void;
  readonly bytes: number;
  readonly rows: number;
  /** Ends the input; returns the profile. Throws if called twice. */
  finish(): Profile;
  free(): void;
}

/** Reads the stream to its end inside wasm; `onProgress(bytes, rows)` after every chunk. */
export function mine_stream(
  stream: ReadableStream<Uint8Array>,
  options?: (Omit<MineOptions, 'onProgress' | 'signal'> & { signal?: AbortSignal }) | null,
  on_progress?: ((bytes: number, rows: number) => void) | null,
  /** Called with the profile so far once `snapshot_ms` (default 1000) have passed since the last. */
  on_snapshot?: ((snapshot: Snapshot) => void) | null,
  snapshot_ms?: number | null,
): Promise<Profile>;

/** Mines one worksheet of an Excel workbook held in a Blob (or File): `options.sheet` names it
 * (or numbers it from 1; the first by default). Reads the Blob's slices with FileReaderSync, so
 * it runs in a worker; `onProgress(rows)` every few thousand rows. */
export function mine_workbook(
  blob: Blob,
  options?: Omit<MineOptions, 'onProgress' | 'signal'> | null,
  on_progress?: ((rows: number) => void) | null,
  /** Called with the profile so far once `snapshot_ms` (default 1000) have passed, as it is read. */
  on_snapshot?: ((snapshot: Snapshot) => void) | null,
  snapshot_ms?: number | null,
): Profile;

/** Whether a file is an Excel workbook, from its first bytes (512 are enough) and its name. */
export function is_workbook(head: Uint8Array, name?: string | null): boolean;

/** The allocator's counters and the wasm linear memory size. */
export function memory(): MemoryUsage;
export function memory_usage(): MemoryUsage;
export function version(): string;
/** The message of the engine's last panic (a bug), if any. */
export function last_panic(): string | undefined;

/** Parallel mining (what `mine(file, { workers })` does with a pool of workers; see
 * src/parallel.rs for the protocol). The byte ranges to mine with `workers` workers, or one
 * range and a note saying why. `head` is the file's first `sniff_bytes` bytes. */
export function plan_ranges(
  head: Uint8Array,
  file_size: number,
  options: Omit<MineOptions, 'onProgress' | 'signal'> | null | undefined,
  workers: number,
  min_range_bytes?: number,
): { ranges: [number, number][]; note: string | null };

/** Mines one range of a file into a serialised partial. `stream` is
 * `file.slice(exact ? start : start - 1).stream()`; `end` is negative for the last range. */
export function mine_range(
  stream: ReadableStream<Uint8Array>,
  options: (Omit<MineOptions, 'onProgress' | 'signal'> & { signal?: AbortSignal }) | null | undefined,
  head: Uint8Array,
  file_size: number,
  start: number,
  end: number,
  exact: boolean,
  seed?: string[],
  /** Among many files: the file's place in the dataset (salts the row sample). */
  file_index?: number,
  /** Among many files: the head and length of the dataset's first file, whose conventions
   * every later file is read with. */
  first_head?: Uint8Array,
  first_size?: number,
  /** Called with the part's profile so far once `snapshot_ms` (default 1000) have passed. */
  on_snapshot?: ((snapshot: Snapshot) => void) | null,
  snapshot_ms?: number | null,
  /** Among many files: the options the first file is read with (its format may be another). */
  first_options?: Omit<MineOptions, 'onProgress' | 'signal'> | null,
): Promise<{ partial: Uint8Array; start: number; stop: number; lines: number; rows: number; snapshot: Snapshot }>;

/** Adds up the parts of a file in file order and finishes the profile. */
export class Merger {
  constructor(head: Uint8Array, file_size: number, options?: Omit<MineOptions, 'onProgress' | 'signal'> | null);
  /** Where the next part must start. */
  readonly next_start: number;
  /** Whether the part that reached the end of the file was added. */
  readonly complete: boolean;
  /** Throws when the part does not start at `next_start`; false when a JSON Lines part must be
   * mined again with `column_names()` as its seed. */
  add(partial: Uint8Array): boolean;
  column_names(): string[];
  /** Goes on with the next file of the same dataset (the current one complete); throws when
   * its columns or format differ. `file_size` negative: a compressed file of unknown length. */
  /** `options`: this file's, when they are not the first file's (another format). */
  next_file(head: Uint8Array, file_size: number, first_head: Uint8Array, first_size: number, options?: Omit<MineOptions, 'onProgress' | 'signal'> | null): void;
  /** Names the current file (and its codec) for the profile's `files`. */
  name_file(name: string, compression?: string | null): void;
  finish(workers: number, note?: string | null): Profile;
  free(): void;
}

/** What changed between two profiles (their JSON texts): the diff's JSON text (see `Diff` and
 * `compare()` in 'sluice'). `options` is a JSON object of `DiffOptions`, or ''. Throws for a
 * text that is not a profile this version reads. */
export function diff_profiles(old: string, new_: string, old_name: string, new_name: string, options: string): string;

/** Many files as one dataset (what `mine([file, ...])` does). The codec a file's first bytes
 * (or the `compression` option) name, or undefined. */
export function compressed_codec(head: Uint8Array, options?: Omit<MineOptions, 'onProgress' | 'signal'> | null): string | undefined;
/** The first `sniff_bytes` decompressed bytes of a compressed file, and whether they are all of it. */
export function decompressed_head(
  stream: ReadableStream<Uint8Array>,
  options: (Omit<MineOptions, 'onProgress' | 'signal'> & { signal?: AbortSignal }) | null | undefined,
  codec: string,
): Promise<{ head: Uint8Array; complete: boolean }>;
/** How a file joins a dataset: `key` (what `datasets` groups files by), `alone` (why it is
 * profiled on its own, or null) and its byte ranges. */
export function describe_file(
  head: Uint8Array,
  file_size: number,
  options: Omit<MineOptions, 'onProgress' | 'signal'> | null | undefined,
  workers: number,
  min_range_bytes: number | undefined,
  compressed: boolean,
): { key: string; alone: string | null; ranges: [number, number][] };
/** Mines a whole compressed file of a dataset into one part (`bytes`: decompressed). */
export function mine_decompressed(
  stream: ReadableStream<Uint8Array>,
  options: (Omit<MineOptions, 'onProgress' | 'signal'> & { signal?: AbortSignal }) | null | undefined,
  codec: string,
  head: Uint8Array,
  head_size: number,
  file_index: number,
  first_head?: Uint8Array,
  first_size?: number,
  first_options?: Omit<MineOptions, 'onProgress' | 'signal'> | null,
): Promise<{ partial: Uint8Array; rows: number; bytes: number; snapshot: Snapshot }>;
/** Each file's dataset (0, 1, ... in the order of their first files) from the `describe_file`
 * keys of the files that join datasets, in file order: CSV and JSON Lines files of the same
 * columns are one dataset. */
export function datasets(keys: string[]): Uint32Array;
/** The `file_mismatch` message of each profile when several files gave several profiles. */
export function mismatch_messages(
  members: { path: string; format: string; names: string[]; alone?: string | null }[],
  files: number,
): string[];
