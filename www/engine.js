// The wasm engine for callers that drive it themselves (in a worker or on the main thread).
// `memory()` is the engine's `memory_usage()`: a wasm function export cannot be named `memory`.
export {
  default,
  default as init,
  initSync,
  Miner,
  mine_stream,
  mine_workbook,
  is_workbook,
  memory_usage,
  memory_usage as memory,
  last_panic,
  version,
  plan_ranges,
  mine_range,
  Merger,
  diff_profiles,
  compressed_codec,
  decompressed_head,
  describe_file,
  mine_decompressed,
  mismatch_messages,
} from '../pkg/sluice.js';
