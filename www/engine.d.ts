import type { MemoryUsage, MineOptions, Profile } from './sluice.js';

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
): Promise<Profile>;

/** The allocator's counters and the wasm linear memory size. */
export function memory(): MemoryUsage;
export function memory_usage(): MemoryUsage;
export function version(): string;
/** The message of the engine's last panic (a bug), if any. */
export function last_panic(): string | undefined;
