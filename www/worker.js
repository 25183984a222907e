// The module Web Worker that runs the wasm miner. Protocol (all messages are plain objects):
//   in:  { type: 'mine', source: Blob | undefined, stream: ReadableStream | undefined,
//          name, gzip, total, options }
//        { type: 'cancel' }
//        { type: 'prepare' }   load the engine now (prepare()): no request is needed when mining
//        { type: 'plan', source: Blob, workers, options }       how to cut a file into ranges
//        { type: 'part', source: Blob, head, start, end, exact, seed, options }
//                              mine one range into a serialised partial (parallel mining)
//        { type: 'merge', op: 'begin', head, size, options } | { op: 'add', partial }
//          | { op: 'finish', workers, note }                  add up the parts in file order
//        { type: 'diff', old, new, oldName, newName, options }   compare two profiles (JSON texts)
//   Many files as one dataset (mine([file, ...])):
//        { type: 'describe', source, name, options, workers, min_range_bytes }
//                              how a file joins a dataset: answers { type: 'described', kind:
//                              'ranges' | 'compressed' | 'alone', key, ranges, head, size, codec }
//        'part' with file_index, first_head, first_size, first_name (the dataset's first file's
//          head, length and name); with compressed: true, codec, head, head_size: a whole
//          compressed file
//        'merge' ops take a group (one Merger per dataset, 0 by default): 'begin' with name and
//          codec; { op: 'next_file', head, size, first_head, first_size, name, codec };
//          { op: 'messages', members, files } answers { type: 'messages', messages };
//          { op: 'datasets', keys } answers { type: 'datasets', datasets }: each key's dataset
//   'mine' and 'part' with snapshots: true (and snapshot_ms, default 1000) also send
//        { type: 'snapshot', snapshot }   the profile so far (rows, columns), about once a second
//                                         (a text file, a part, an Excel sheet, a Parquet file)
//   out: { type: 'progress', bytes, total, rows, memory }   about every 100 ms (bytes 0 while a
//                                                          workbook or Parquet file is read)
//        { type: 'done', profile, memory }
//        { type: 'error', name, message }                   name 'AbortError' when cancelled
//        { type: 'ready' } or { type: 'unavailable', name, message }   answers 'prepare'
//        { type: 'plan', head, ranges, note }                   answers 'plan'
//        { type: 'part', start, stop, rows, partial, snapshot } answers 'part' (the partial
//                              transferred; snapshot, the part's, with snapshots: true)
//        { type: 'merge', added, next, complete, columns }      answers 'begin' and 'add'
//        { type: 'merged', profile, memory }                    answers 'finish'
//        { type: 'diff', diff }                                 answers 'diff' (a JSON text)
import init, { mine_stream, mine_workbook, is_workbook, memory_usage, last_panic, plan_ranges, mine_range, Merger, diff_profiles, compressed_codec, decompressed_head, describe_file, mine_decompressed, mismatch_messages, datasets } from './engine.js';

const PROGRESS_EVERY_MS = 100;
let ready = null;
let controller = null;

/** 'jsonl' for .jsonl/.ndjson, 'csv' for .csv/.tsv (through .gz .zst .bz2 .xz .zip), else
 * undefined (sniffed). */
function formatFromName(name) {
  if (typeof name !== 'string') return undefined;
  const base = name.toLowerCase().replace(/\.(gz|zst|bz2|xz|zip)$/, '');
  if (/\.(jsonl|ndjson)$/.test(base)) return 'jsonl';
  if (/\.json$/.test(base)) return 'json';
  if (/\.(csv|tsv)$/.test(base)) return 'csv';
  return undefined;
}

/** Bytes read per chunk from a File or Blob. */
const CHUNK_BYTES = 1 << 20;

/**
 * A File or Blob as a stream that reads into one reused buffer (a BYOB reader): no new
 * ArrayBuffer per chunk, so reading a large file leaves no garbage for the renderer to hold on
 * to until a collection. Safe because the engine copies each chunk before it asks for the next
 * (highWaterMark 0: the next read starts only when the engine reads again).
 */
function blobStream(blob, onChunk) {
  const source = blob.stream();
  let reader;
  try {
    reader = source.getReader({ mode: 'byob' });
  } catch {
    // No byte stream here: chunks as the browser makes them.
    return onChunk ? source.pipeThrough(new TransformStream({ transform(chunk, c) { onChunk(chunk.byteLength); c.enqueue(chunk); } })) : source;
  }
  let buf = new ArrayBuffer(CHUNK_BYTES);
  return new ReadableStream(
    {
      async pull(c) {
        const { value, done } = await reader.read(new Uint8Array(buf, 0, buf.byteLength));
        if (done) {
          c.close();
          return;
        }
        buf = value.buffer;
        onChunk?.(value.byteLength);
        c.enqueue(value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** Whether a file is Parquet: the `PAR1` magic, or the name (a misnamed file gets the
 * Parquet reader's clear error). */
function isParquet(head, name) {
  const magic = head.length >= 4 && head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31;
  return magic || /\.(parquet|parq)$/i.test(name ?? '');
}

/** The Parquet module (pkg-parquet/), once loaded: report() asks it for a panic's message. */
let parquet = null;

/** Where the engine sends a run's snapshots: to the page, when it asked for them. */
function snapshotsOf(msg) {
  return msg.snapshots ? (snapshot) => self.postMessage({ type: 'snapshot', snapshot }) : undefined;
}

async function runParquet(msg) {
  const mod = await import('../pkg-parquet/sluice_parquet.js');
  await mod.default();
  parquet = mod;
  const total = msg.source.size;
  let last = -Infinity;
  const options = { ...msg.options, format: undefined };
  delete options.signal;
  const profile = mod.mine_parquet(msg.source, options, (rows) => {
    const now = performance.now();
    if (now - last >= PROGRESS_EVERY_MS) {
      last = now;
      self.postMessage({ type: 'progress', bytes: 0, total, rows, memory: mod.memory_usage() });
    }
  }, snapshotsOf(msg), msg.snapshot_ms ?? undefined);
  self.postMessage({ type: 'progress', bytes: total, total, rows: profile.rows, memory: mod.memory_usage() });
  self.postMessage({ type: 'done', profile, memory: mod.memory_usage() });
}

async function run(msg) {
  controller = new AbortController();
  const { signal } = controller;
  ready ??= init();
  await ready;
  // Compressed input (gzip, zstd, bzip2, xz, ZIP) is decompressed by the engine, which knows it
  // by its first bytes; a Blob's progress counts the file's bytes read.
  let stream;
  let total = msg.total ?? null;
  let read = 0;
  const head = msg.source && msg.options?.format == null ? new Uint8Array(await msg.source.slice(0, 512).arrayBuffer()) : null;
  // A Parquet file is read footer first, then page by page, by the Parquet module (loaded only
  // now: the engine every page loads is built without it).
  if (msg.source && (msg.options?.format === 'parquet' || (head && isParquet(head, msg.name)))) {
    await runParquet(msg);
    return;
  }
  // An Excel workbook is read part by part (its ZIP directory is at the end): the engine reads
  // the File's slices itself, synchronously (FileReaderSync), one sheet per run.
  if (msg.source && (msg.options?.format === 'xlsx' || (head && is_workbook(head, msg.name ?? null)))) {
    const total = msg.source.size;
    let last = -Infinity;
    const options = { ...msg.options, format: undefined };
    delete options.signal;
    const profile = mine_workbook(msg.source, options, (rows) => {
      const now = performance.now();
      if (now - last >= PROGRESS_EVERY_MS) {
        last = now;
        self.postMessage({ type: 'progress', bytes: 0, total, rows, memory: memory_usage() });
      }
    }, snapshotsOf(msg), msg.snapshot_ms ?? undefined);
    self.postMessage({ type: 'progress', bytes: total, total, rows: profile.rows, memory: memory_usage() });
    self.postMessage({ type: 'done', profile, memory: memory_usage() });
    return;
  }
  if (msg.source) {
    stream = blobStream(msg.source, (n) => (read += n));
    total = msg.source.size;
  } else {
    stream = msg.stream;
  }
  let last = -Infinity;
  const progress = (bytes, rows) => {
    self.postMessage({ type: 'progress', bytes: msg.source ? Math.min(read, total) : bytes, total, rows, memory: memory_usage() });
  };
  const onProgress = (bytes, rows) => {
    const now = performance.now();
    if (now - last >= PROGRESS_EVERY_MS) {
      last = now;
      progress(bytes, rows);
    }
  };
  const options = { ...msg.options, signal };
  options.format ??= formatFromName(msg.name);
  if (msg.gzip === true) options.compression ??= 'gzip';
  if (msg.gzip === false) options.compression ??= 'none';
  const profile = await mine_stream(stream, options, onProgress, snapshotsOf(msg), msg.snapshot_ms ?? undefined);
  // A Blob is read up to its size: fewer bytes mean the file shrank or changed on disk meanwhile
  // (a compressed one may end early: a ZIP's entry, or the decompression guard).
  const c = profile.compression;
  const got = c ? c.compressed_bytes : profile.bytes;
  if (msg.source && !(c && (c.stopped || c.entry !== null || got < total)) && got !== total) {
    const e = new Error(`The file changed while it was read: ${profile.bytes} of its ${total} bytes could be read.`);
    throw Object.assign(e, { name: 'NotReadableError' });
  }
  progress(profile.bytes, profile.rows);
  self.postMessage({ type: 'done', profile, memory: memory_usage() });
}

/** The options a run passes to the engine: the caller's, plus the format a file name implies. */
function engineOptions(msg, signal) {
  const options = { ...msg.options, signal };
  options.format ??= formatFromName(msg.name);
  return options;
}

/** The options the dataset's first file (`msg.first_name`) is read with: its format may be
 * another (CSV files and JSON Lines files of the same columns are one dataset). */
function firstOptions(msg) {
  return msg.first_head ? engineOptions({ options: msg.options, name: msg.first_name }) : undefined;
}

/** The first `sniff_bytes` of a file: every part is read the way a single pass reads them. */
async function readHead(blob, options) {
  const n = Math.min(blob.size, options.sniff_bytes ?? 64 * 1024);
  return new Uint8Array(await blob.slice(0, n).arrayBuffer());
}

async function plan(msg) {
  ready ??= init();
  await ready;
  const options = engineOptions(msg);
  const head = await readHead(msg.source, options);
  const { ranges, note } = plan_ranges(head, msg.source.size, options, msg.workers, msg.min_range_bytes ?? undefined);
  self.postMessage({ type: 'plan', head, ranges, note });
}

/** Mines one range of a file into a partial; progress counts the bytes read and this worker's memory. */
async function part(msg) {
  controller = new AbortController();
  ready ??= init();
  await ready;
  const options = engineOptions(msg, controller.signal);
  if (msg.compressed) {
    await partDecompressed(msg, options);
    return;
  }
  const first = msg.exact ? msg.start : msg.start - 1;
  let bytes = 0;
  let last = -Infinity;
  const counted = blobStream(msg.source.slice(first), (n) => {
    bytes += n;
    const now = performance.now();
    if (now - last >= PROGRESS_EVERY_MS) {
      last = now;
      self.postMessage({ type: 'progress', bytes, total: null, rows: null, memory: memory_usage() });
    }
  });
  const r = await mine_range(counted, options, msg.head, msg.source.size, msg.start, msg.end ?? -1, msg.exact, msg.seed ?? undefined,
    msg.file_index ?? undefined, msg.first_head ?? undefined, msg.first_size ?? undefined,
    snapshotsOf(msg), msg.snapshot_ms ?? undefined, firstOptions(msg));
  // A part that met the end of its stream before the end of the file: the file shrank or
  // changed on disk while it was read.
  if (first + bytes < msg.source.size && r.stop >= first + bytes) {
    const e = new Error(`The file changed while it was read: ${first + bytes} of its ${msg.source.size} bytes could be read.`);
    throw Object.assign(e, { name: 'NotReadableError' });
  }
  self.postMessage({ type: 'progress', bytes, total: null, rows: r.rows, memory: memory_usage() });
  self.postMessage({ type: 'part', start: r.start, stop: r.stop, rows: r.rows, partial: r.partial, snapshot: msg.snapshots ? r.snapshot : null }, [r.partial.buffer]);
}

/** A whole compressed file of a dataset, decompressed and mined into one part. */
async function partDecompressed(msg, options) {
  let bytes = 0;
  let last = -Infinity;
  const counted = blobStream(msg.source, (n) => {
    bytes += n;
    const now = performance.now();
    if (now - last >= PROGRESS_EVERY_MS) {
      last = now;
      self.postMessage({ type: 'progress', bytes, total: null, rows: null, memory: memory_usage() });
    }
  });
  const r = await mine_decompressed(counted, options, msg.codec, msg.head, msg.head_size, msg.file_index ?? 0, msg.first_head ?? undefined, msg.first_size ?? undefined, firstOptions(msg));
  self.postMessage({ type: 'progress', bytes, total: null, rows: r.rows, memory: memory_usage() });
  self.postMessage({ type: 'part', start: 0, stop: r.bytes, rows: r.rows, partial: r.partial, snapshot: msg.snapshots ? r.snapshot : null }, [r.partial.buffer]);
}

/** How a file of several joins a dataset (see the protocol above). */
async function describe(msg) {
  ready ??= init();
  await ready;
  const options = engineOptions(msg);
  const blob = msg.source;
  const raw = await readHead(blob, options);
  const alone = { type: 'described', kind: 'alone', key: null, ranges: null, head: null, size: blob.size, codec: null };
  if (options.format === 'xlsx' || options.format === 'parquet' || isParquet(raw, msg.name) || is_workbook(raw.subarray(0, 512), msg.name ?? null)) {
    self.postMessage(alone);
    return;
  }
  const codec = compressed_codec(raw.subarray(0, 8), options) ?? null;
  let head = raw;
  let size = blob.size;
  if (codec) {
    const d = await decompressed_head(blobStream(blob), options, codec);
    head = d.head;
    size = d.complete ? head.length : -1;
  }
  const d = describe_file(head, size, options, msg.workers, msg.min_range_bytes ?? undefined, codec !== null);
  if (d.alone) {
    self.postMessage({ ...alone, reason: d.alone });
    return;
  }
  self.postMessage({ type: 'described', kind: codec ? 'compressed' : 'ranges', key: d.key, ranges: d.ranges, head, size, codec });
}

/** The merging side: one Merger per dataset of the run, fed parts in file order by the coordinator. */
const mergers = new Map();

async function merge(msg) {
  ready ??= init();
  await ready;
  const group = msg.group ?? 0;
  let merger = mergers.get(group);
  if (msg.op === 'begin') {
    merger?.free();
    merger = new Merger(msg.head, msg.size, engineOptions(msg));
    mergers.set(group, merger);
    if (msg.file_name != null) merger.name_file(msg.file_name, msg.codec ?? undefined);
    self.postMessage({ type: 'merge', next: merger.next_start, complete: merger.complete });
  } else if (msg.op === 'next_file') {
    merger.next_file(msg.head, msg.size, msg.first_head, msg.first_size, engineOptions(msg));
    merger.name_file(msg.file_name, msg.codec ?? undefined);
    self.postMessage({ type: 'merge', next: merger.next_start, complete: merger.complete });
  } else if (msg.op === 'add') {
    const added = merger.add(msg.partial);
    self.postMessage({ type: 'merge', added, next: merger.next_start, complete: merger.complete, columns: added ? null : merger.column_names() });
  } else if (msg.op === 'finish') {
    const profile = merger.finish(msg.workers, msg.note ?? undefined);
    merger.free();
    mergers.delete(group);
    self.postMessage({ type: 'merged', profile, memory: memory_usage() });
  } else if (msg.op === 'messages') {
    self.postMessage({ type: 'messages', messages: mismatch_messages(msg.members, msg.files) });
  } else if (msg.op === 'datasets') {
    self.postMessage({ type: 'datasets', datasets: Array.from(datasets(msg.keys)) });
  }
}

self.onmessage = (event) => {
  const msg = event.data;
  if (msg?.type === 'cancel') {
    controller?.abort();
  } else if (msg?.type === 'prepare') {
    ready ??= init();
    ready.then(
      () => self.postMessage({ type: 'ready' }),
      (err) => self.postMessage({ type: 'unavailable', name: err?.name || 'Error', message: err?.message ?? String(err) }),
    );
  } else if (msg?.type === 'mine') {
    run(msg).catch(report);
  } else if (msg?.type === 'plan') {
    plan(msg).catch(report);
  } else if (msg?.type === 'part') {
    part(msg).catch(report);
  } else if (msg?.type === 'describe') {
    describe(msg).catch(report);
  } else if (msg?.type === 'merge') {
    merge(msg).catch(report);
  } else if (msg?.type === 'diff') {
    (async () => {
      ready ??= init();
      await ready;
      self.postMessage({ type: 'diff', diff: diff_profiles(msg.old, msg.new, msg.oldName, msg.newName, msg.options ?? '') });
    })().catch(report);
  }
};

/** Posts `err` as the run's error; a wasm trap (a panic, a failed allocation) gets a clear message. */
function report(err) {
  const name = err?.name === 'AbortError' ? 'AbortError' : err?.name || 'Error';
  let message = err?.message ?? String(err);
  if (err instanceof WebAssembly.RuntimeError) {
    let detail = message;
    try {
      detail = (parquet ? parquet.last_panic() : last_panic()) ?? message;
    } catch {
      // the instance may be unusable after a trap
    }
    // The Parquet crate panics on some malformed files (natively that is caught: the same file
    // gets the same kind of error from the CLI).
    if (parquet && /parquet-\d/.test(detail)) {
      self.postMessage({ type: 'error', name: 'Error', message: `Cannot read this Parquet file: its data is malformed (the Parquet reader stopped: ${detail.replace(/^panicked at [^\n]*?: ?/, '').trim()}).` });
      return;
    }
    // A failed allocation aborts without a panic message; the trap's stack names it.
    if (detail === message && /handle_alloc_error|rust_oom/.test(err.stack ?? '')) detail = 'memory allocation failed';
    message = /out of memory|memory allocation|capacity overflow/i.test(detail)
      ? `Out of memory: the engine could not allocate what it needed (${detail}).`
      : `The engine failed (${detail}). This is a bug in Sluice; please report it with the file if you can.`;
  }
  self.postMessage({ type: 'error', name, message });
}

// A trap in the engine's async code (mine_stream polls its future from a microtask) is thrown
// there, uncaught, and mine_stream's promise never settles: report it here, with the panic message.
self.addEventListener('error', (event) => {
  event.preventDefault();
  report(event.error ?? new Error(event.message));
});
