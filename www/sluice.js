// Sluice: mine a CSV in the browser. `mine()` runs the wasm engine in a module Web Worker,
// streams the source through it, reports progress, and resolves with the profile. `prepare()`
// starts the next run's worker ahead of time, so that mining itself makes no request.

/** How long a cancelled worker may take to say it stopped before it is terminated anyway. */
const CANCEL_GRACE_MS = 250;
/** Most workers one run uses. */
const MAX_WORKERS = 64;
/** The smallest range a worker mines (the engine's default): a file under two of them is mined
 * by one worker, as starting more costs more than it saves. */
const MIN_RANGE_BYTES = 4 << 20;

/** All cores by default (`navigator.hardwareConcurrency`), at most 16. */
function defaultWorkers() {
  const n = globalThis.navigator?.hardwareConcurrency;
  return Number.isInteger(n) && n > 0 ? Math.min(n, 16) : 1;
}

const CODEC_OF_EXTENSION = { gz: 'gzip', zst: 'zstd', bz2: 'bzip2', xz: 'xz', zip: 'zip' };

/** The codec a compressed file's name ends with (.gz .zst .bz2 .xz .zip), else undefined: such a
 * file is mined in one pass, as a compressed stream cannot be cut into ranges. */
function codecOfName(name) {
  const m = typeof name === 'string' && /\.(gz|zst|bz2|xz|zip)$/i.exec(name);
  return m ? CODEC_OF_EXTENSION[m[1].toLowerCase()] : undefined;
}

function abortError(message = 'Mining was cancelled.') {
  return new DOMException(message, 'AbortError');
}

function isReadableStream(x) {
  return typeof ReadableStream !== 'undefined' && x instanceof ReadableStream;
}

/** A new mining worker. (Bundlers find worker.js by this exact `new Worker(new URL(…))` form.) */
function startWorker() {
  return new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'sluice' });
}

function workerFailed(event) {
  return new Error(`The Sluice worker failed: ${event?.message || 'it could not start (is the wasm reachable?)'}`);
}

/**
 * The workers prepare() started (one per worker a run uses), until mine() takes them or they
 * fail: `{ worker, state: 'loading' | 'ready' | 'failed', ready: Promise<void>, take(), release(reason) }`.
 */
let spares = [];
/** All of the spares ready (what prepare() returns until a run takes one). */
let sparesReady = null;

function prepareWorker() {
  const worker = startWorker();
  let resolveReady;
  let rejectReady;
  const entry = {
    worker,
    state: 'loading',
    ready: new Promise((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    }),
  };
  const settle = (err) => {
    if (entry.state !== 'loading') return;
    if (err) {
      entry.state = 'failed';
      rejectReady(err);
    } else {
      entry.state = 'ready';
      resolveReady();
    }
  };
  const detach = () => {
    worker.removeEventListener('message', onMessage);
    worker.removeEventListener('error', onError);
    worker.removeEventListener('messageerror', onMessageError);
  };
  // A spare that fails (before or after it is ready) is dropped, never handed to mine().
  const fail = (err) => {
    settle(err);
    entry.state = 'failed';
    if (spares.includes(entry)) {
      spares = spares.filter((e) => e !== entry);
      sparesReady = null;
      detach();
      worker.terminate();
    }
  };
  const onMessage = (event) => {
    const msg = event.data;
    if (msg?.type === 'ready') settle();
    else if (msg?.type === 'unavailable' || msg?.type === 'error') {
      fail(Object.assign(new Error(msg.message || 'The Sluice engine could not be loaded.'), { name: msg.name || 'Error' }));
    }
  };
  const onError = (event) => {
    event.preventDefault?.();
    fail(workerFailed(event));
  };
  const onMessageError = () => fail(new Error('The Sluice worker sent a message that could not be read.'));
  worker.addEventListener('message', onMessage);
  worker.addEventListener('error', onError);
  worker.addEventListener('messageerror', onMessageError);
  // Handed to mine(): a ready worker needs no more listening; a loading one keeps its listener so
  // prepare()'s promise still settles, and mine() releases it if the run ends first.
  entry.take = () => {
    if (entry.state === 'ready') detach();
  };
  entry.release = (reason) => {
    settle(reason ?? abortError('The prepared worker was stopped before it was ready.'));
    detach();
  };
  // A failure also reaches the next mine(), so prepare() may be called without awaiting it.
  entry.ready.catch(() => {});
  spares.push(entry);
  worker.postMessage({ type: 'prepare' });
  return entry;
}

/**
 * Starts the workers for the next `mine()` ahead of time (one per worker a run uses by
 * default: `navigator.hardwareConcurrency`, at most 16): each loads and instantiates the wasm
 * engine now, so that the run itself makes no network request and starts at once.
 *
 * - Resolves when they are ready. Rejects if one cannot start or load the engine; it is then
 *   dropped, and the next `prepare()` tries again.
 * - Calling `prepare()` again returns the same promise until `mine()` takes a worker. `mine()`
 *   takes them even while they are still loading (and waits for them).
 * - A worker serves one run and is terminated afterwards, which frees all its memory. Call
 *   `prepare()` again after each run, for the next one.
 * - `mine()` works without it, starting its own workers.
 *
 * @returns {Promise<void>}
 */
export function prepare() {
  const want = defaultWorkers();
  if (spares.length >= want && sparesReady) return sparesReady;
  try {
    while (spares.length < want) prepareWorker();
  } catch (err) {
    return Promise.reject(err);
  }
  const ready = Promise.all(spares.map((e) => e.ready)).then(() => {});
  ready.catch(() => {});
  sparesReady = ready;
  return ready;
}

/** A prepared worker for a run (ready or still loading), or null. */
function takeSpare() {
  sparesReady = null;
  while (spares.length) {
    const entry = spares.shift();
    if (entry.state === 'failed') continue;
    entry.take();
    return entry;
  }
  return null;
}

/**
 * Mines `source` (a File, a Blob or a ReadableStream<Uint8Array>) and resolves with its profile.
 * An array (or FileList) of Files is mined as one dataset (see `mineFiles` below): one profile
 * when the files have the same columns, else an array of one profile per dataset.
 * Compressed input (gzip, zstd, bzip2, xz, or a ZIP holding one file) is decompressed by the
 * engine, which knows it by its first bytes; `gzip: true` forces gzip, `compression` any codec.
 *
 * @param {File | Blob | ReadableStream<Uint8Array>} source
 * @param {import('./sluice.js').MineOptions} [options]
 * @returns {Promise<import('./sluice.js').Profile>}
 */
export function mine(source, options = {}) {
  if (Array.isArray(source) || (typeof FileList !== 'undefined' && source instanceof FileList)) {
    return mineFiles(Array.from(source), options);
  }
  const named = options.name ?? (typeof Blob !== 'undefined' && source instanceof Blob ? source.name : undefined);
  return mineSource(source, options).then((p) => (Array.isArray(p) ? p.map((q) => nameFile(q, named)) : nameFile(p, named)));
}

/**
 * Lists the one file a profile is of in its `files` (as the CLI does for a path): its name,
 * rows, bytes and lines. A stream without a `name` option has none.
 */
function nameFile(p, name) {
  if (!name || !p || (p.files && p.files.length)) return p;
  const file = {
    name,
    format: p.format,
    compression: p.compression?.codec ?? null,
    bytes: p.bytes,
    rows: p.rows,
    first_line: 1,
    last_line: Math.max(p.lines, 1),
    line_offset: 0,
  };
  return { ...p, files: [file] };
}

function mineSource(source, options = {}) {
  const { onProgress, onSnapshot, snapshot_ms: _snapshotMs, signal, name, gzip, total, workers, min_range_bytes: minRange, ...engineOptions } = options;
  if (signal?.aborted) return Promise.reject(abortError());
  const isStream = isReadableStream(source);
  if (!isStream && !(typeof Blob !== 'undefined' && source instanceof Blob)) {
    return Promise.reject(new TypeError('mine() needs a File, a Blob or a ReadableStream<Uint8Array>.'));
  }
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1 && workers <= MAX_WORKERS)) {
    return Promise.reject(new RangeError(`workers must be an integer from 1 to ${MAX_WORKERS}.`));
  }
  if (minRange !== undefined && !(Number.isInteger(minRange) && minRange >= 1)) {
    return Promise.reject(new RangeError('min_range_bytes must be a positive integer.'));
  }
  const wanted = workers ?? defaultWorkers();
  const minBytes = 2 * (minRange ?? MIN_RANGE_BYTES);
  if (wanted > 1) {
    const codec = gzip === true ? 'gzip' : codecOfName(name ?? source.name);
    const workbook = engineOptions.format === 'xlsx' || /\.(xlsx|xlsm)$/i.test(name ?? source.name ?? '');
    const parquet = engineOptions.format === 'parquet' || /\.(parquet|parq)$/i.test(name ?? source.name ?? '');
    if (!isStream && source.size >= minBytes && !codec && !workbook && !parquet) {
      // A Parquet file without the name is known by its magic.
      return startsWithParquetMagic(source).then((magic) =>
        signal?.aborted
          ? Promise.reject(abortError())
          : magic
          ? mineOne(source, options, engineOptions).then((p) => ({ ...p, parallel_note: p.parallel_note ?? PARQUET_NOTE }))
          : mineParallel(source, wanted, { onProgress, onSnapshot, snapshotMs: options.snapshot_ms, signal, name, gzip, engineOptions, minRange }),
      );
    }
    const why = isStream
      ? 'one worker: a ReadableStream cannot be cut into ranges'
      : parquet
        ? PARQUET_NOTE
      : workbook
        ? 'one worker: an Excel workbook is read sheet by sheet'
        : codec
        ? `one worker: ${codec} data cannot be cut into ranges`
        : `one worker: the file is smaller than two ranges of ${minBytes / 2} bytes`;
    return mineOne(source, options, engineOptions).then((p) => ({ ...p, parallel_note: p.parallel_note ?? why }));
  }
  return mineOne(source, options, engineOptions);
}

const PARQUET_NOTE = 'one worker: a Parquet file is read in one pass';

/** Whether a Blob starts with Parquet's `PAR1` magic. */
async function startsWithParquetMagic(blob) {
  const b = new Uint8Array(await blob.slice(0, 4).arrayBuffer());
  return b.length === 4 && b[0] === 0x50 && b[1] === 0x41 && b[2] === 0x52 && b[3] === 0x31;
}

/** Mines `source` in one worker, as one pass. */
function mineOne(source, options, engineOptions) {
  const { onProgress, onSnapshot, snapshot_ms: snapshotMs, signal, name, gzip, total } = options;
  const isStream = isReadableStream(source);
  const prepared = takeSpare();
  const worker = prepared ? prepared.worker : startWorker();
  return new Promise((resolve, reject) => {
    let settled = false;
    let graceTimer = null;
    const finish = (fn, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(graceTimer);
      signal?.removeEventListener('abort', onAbort);
      worker.terminate();
      prepared?.release(fn === reject ? value : undefined);
      fn(value);
    };
    const onAbort = () => {
      worker.postMessage({ type: 'cancel' });
      // The worker stops at the next chunk; if it cannot (a stalled source), stop it anyway.
      graceTimer = setTimeout(() => finish(reject, abortError()), CANCEL_GRACE_MS);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.onmessage = (event) => {
      const msg = event.data;
      if (msg.type === 'progress') {
        if (onProgress) {
          try {
            onProgress({ bytes: msg.bytes, total: msg.total, rows: msg.rows, memory: msg.memory });
          } catch (err) {
            console.error('sluice: onProgress threw', err);
          }
        }
      } else if (msg.type === 'snapshot') {
        if (onSnapshot && !settled) callSnapshot(onSnapshot, msg.snapshot);
      } else if (msg.type === 'done') {
        finish(resolve, msg.profile);
      } else if (msg.type === 'error') {
        finish(reject, msg.name === 'AbortError' ? abortError(msg.message) : Object.assign(new Error(msg.message), { name: msg.name === 'Error' ? 'Error' : msg.name }));
      }
    };
    worker.onerror = (event) => {
      event.preventDefault?.();
      finish(reject, workerFailed(event));
    };
    worker.onmessageerror = () => finish(reject, new Error('The Sluice worker sent a message that could not be read.'));
    const base = { type: 'mine', name: name ?? source.name, gzip, total, options: engineOptions, snapshots: !!onSnapshot, snapshot_ms: snapshotMs ?? null };
    try {
      if (isStream) {
        worker.postMessage({ ...base, stream: source }, [source]);
      } else {
        worker.postMessage({ ...base, source });
      }
    } catch (err) {
      finish(reject, err);
    }
  });
}

/** Calls `onSnapshot` (if given) with `take()` about every `snapshotMs` ms (default 1000) at
 * most, while `live()` holds: what a pool of workers does with its parts' snapshots. */
function throttledSnapshots(onSnapshot, snapshotMs, live, take) {
  let last = 0;
  return () => {
    if (!onSnapshot || !live()) return;
    const now = performance.now();
    if (now - last < (snapshotMs ?? 1000) * 0.9) return;
    last = now;
    callSnapshot(onSnapshot, take());
  };
}

/**
 * Mines a File or Blob with `n` workers over byte ranges (see src/parallel.rs for the
 * protocol): a worker plans the ranges from the file's head; each worker mines its range into a
 * serialised partial; one worker merges them in file order. A part that started at a wrong
 * guess of a record boundary is mined again from the exact start the merge reports.
 */
function mineParallel(blob, n, { onProgress, onSnapshot, snapshotMs, signal, name, gzip, engineOptions, minRange }) {
  return new Promise((resolve, reject) => {
    const pool = [];
    let settled = false;
    const stop = () => {
      for (const w of pool) w.worker.terminate();
      signal?.removeEventListener('abort', onAbort);
    };
    const fail = (err) => {
      if (settled) return;
      settled = true;
      stop();
      for (const w of pool) w.prepared?.release(err);
      reject(err);
    };
    const done = (profile) => {
      if (settled) return;
      settled = true;
      stop();
      for (const w of pool) w.prepared?.release();
      resolve(profile);
    };
    const onAbort = () => fail(abortError());
    signal?.addEventListener('abort', onAbort, { once: true });
    const base = { name: name ?? blob.name, options: engineOptions };
    // Workers: the prepared one first; each with one pending request at a time.
    const spawn = (i) => {
      const prepared = takeSpare();
      const w = { worker: prepared ? prepared.worker : startWorker(), prepared, progress: null, pending: null };
      w.worker.onmessage = (event) => {
        const msg = event.data;
        if (msg.type === 'progress') {
          w.peak = Math.max(w.peak ?? 0, msg.memory?.linear_bytes ?? 0);
          if (msg.bytes != null) w.progress = msg;
          else if (w.progress) w.progress = { ...w.progress, memory: msg.memory };
          report();
          return;
        }
        // A prepared worker that was still loading says so when it is done.
        if (msg.type === 'ready') return;
        if (msg.type === 'snapshot') {
          w.snapshot = msg.snapshot;
          snapshotNow();
          return;
        }
        const pending = w.pending;
        w.pending = null;
        if (msg.type === 'error' || msg.type === 'unavailable') {
          fail(msg.name === 'AbortError' ? abortError(msg.message) : Object.assign(new Error(msg.message), { name: msg.name === 'Error' ? 'Error' : msg.name }));
        } else {
          pending?.(msg);
        }
      };
      w.worker.onerror = (event) => {
        event.preventDefault?.();
        fail(workerFailed(event));
      };
      w.worker.onmessageerror = () => fail(new Error('The Sluice worker sent a message that could not be read.'));
      pool[i] = w;
      return w;
    };
    const ask = (w, msg) =>
      new Promise((res) => {
        w.pending = res;
        try {
          w.worker.postMessage(msg);
        } catch (err) {
          fail(err);
        }
      });
    // The parts' snapshots, merged in file order, about once a second.
    const snapshotNow = throttledSnapshots(onSnapshot, snapshotMs, () => !settled, () => mergeSnapshots(pool.map((w) => w.snapshot)));
    let lastReport = 0;
    const report = (final = false) => {
      if (!onProgress || settled) return;
      const now = performance.now();
      if (!final && now - lastReport < 100) return;
      lastReport = now;
      const parts = pool.map((w) => w.progress).filter(Boolean);
      const sum = (f) => parts.reduce((a, p) => a + (f(p) || 0), 0);
      const memory = {
        linear_bytes: sum((p) => p.memory?.linear_bytes),
        heap_bytes: sum((p) => p.memory?.heap_bytes),
        heap_peak_bytes: sum((p) => p.memory?.heap_peak_bytes),
        allocations: sum((p) => p.memory?.allocations),
      };
      try {
        onProgress({
          bytes: Math.min(blob.size, sum((p) => p.bytes)),
          total: blob.size,
          rows: sum((p) => p.rows),
          memory,
          workers: pool.map((w) => ({ bytes: w.progress?.bytes ?? 0, rows: w.progress?.rows ?? 0, memory: w.progress?.memory ?? null })),
        });
      } catch (err) {
        console.error('sluice: onProgress threw', err);
      }
    };
    (async () => {
      const first = spawn(0);
      const plan = await ask(first, { ...base, type: 'plan', source: blob, workers: n, min_range_bytes: minRange ?? null });
      if (settled) return;
      if (plan.ranges.length === 1) {
        // The engine decided on one pass (a small file, a very long first record, ...).
        stop();
        settled = true;
        for (const w of pool) w.prepared?.release();
        const p = await mineOne(blob, { onProgress, onSnapshot, snapshot_ms: snapshotMs, signal, name, gzip }, engineOptions);
        resolve({ ...p, parallel_note: plan.note ?? p.parallel_note ?? null });
        return;
      }
      const { head, ranges } = plan;
      for (let i = 1; i < ranges.length; i++) spawn(i);
      const partMsg = (k, start, exact, seed) => ({
        ...base,
        type: 'part',
        source: blob,
        head,
        start,
        end: k + 1 < ranges.length ? ranges[k][1] : null,
        exact,
        seed,
        snapshots: !!onSnapshot,
        snapshot_ms: snapshotMs ?? null,
      });
      const parts = ranges.map((r, k) => ask(pool[k], partMsg(k, r[0], k === 0, null)));
      // Worker 0 merges, once its own part is done; parts are added in file order as they come.
      await parts[0];
      let state = await ask(first, { ...base, type: 'merge', op: 'begin', head, size: blob.size });
      for (let k = 0; k < ranges.length && !state.complete; k++) {
        if (settled) return;
        const t = state.next;
        if (k > 0 && t >= ranges[k][1]) continue; // inside a record that the parts before it hold
        let r = await parts[k];
        // A part that started at a wrong guess of a record boundary: again, from the exact start.
        if (r.start !== t) r = await ask(pool[k], partMsg(k, t, true, null));
        state = await ask(first, { ...base, type: 'merge', op: 'add', partial: r.partial });
        if (!state.added) {
          // JSON Lines columns in another order than a single pass would see them: again, seeded.
          r = await ask(pool[k], partMsg(k, t, true, state.columns));
          state = await ask(first, { ...base, type: 'merge', op: 'add', partial: r.partial });
          if (!state.added) throw new Error('The parts of the file could not be merged.');
        }
      }
      if (settled) return;
      const note = ranges.length < n ? `${ranges.length} workers: a worker's range is at least ${minRange ?? MIN_RANGE_BYTES} bytes` : null;
      const out = await ask(first, { ...base, type: 'merge', op: 'finish', workers: ranges.length, note });
      if (settled) return;
      // The last reading of every worker (a short run may end between two reports).
      report(true);
      // Each worker is its own wasm instance: the peak is the highest of any of them.
      const peaks = pool.map((w) => w.peak ?? 0);
      const p = out.profile;
      done({
        ...p,
        memory: {
          ...p.memory,
          peak_linear_bytes: Math.max(p.memory?.peak_linear_bytes ?? 0, ...peaks),
          workers_peak_linear_bytes: peaks,
        },
      });
    })().catch(fail);
  });
}

function callSnapshot(onSnapshot, snapshot) {
  try {
    onSnapshot(snapshot);
  } catch (err) {
    console.error('sluice: onSnapshot threw', err);
  }
}

/** Widens two column types of the same column in two parts (as the final merge would). */
function widenType(a, b) {
  if (a === b) return a;
  const both = new Set([a, b]);
  if (both.has('integer') && both.has('float')) return 'float';
  if (both.has('date') && both.has('datetime')) return 'datetime';
  return 'string';
}

/** Orders two snapshot minima or maxima of the same kind (null when they are not alike). */
function compareScalars(a, b) {
  if (typeof a !== typeof b) return null;
  if (typeof a === 'boolean') return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The snapshots of a file's parts (in file order; a part without one yet is skipped) as one:
 * rows and counts add up, min, max and mean combine, a type the parts disagree on widens, and
 * `distinct` is the largest part's count, a lower bound (`distinct_exact` false) when more than
 * one part has values. Columns are matched by name.
 */
function mergeSnapshots(parts) {
  const list = parts.filter(Boolean);
  const byName = new Map();
  let rows = 0;
  for (const s of list) {
    rows += s.rows;
    for (const c of s.columns) {
      const m = byName.get(c.name);
      if (!m) {
        byName.set(c.name, { ...c });
        continue;
      }
      if (c.count === 0) {
        m.nulls += c.nulls;
        continue;
      }
      if (m.count === 0) {
        Object.assign(m, { ...c, nulls: m.nulls + c.nulls });
        continue;
      }
      const type = widenType(m.type, c.type);
      const alike = type !== 'string' || (m.type === 'string' && c.type === 'string');
      const lo = alike ? compareScalars(m.min, c.min) : null;
      const hi = alike ? compareScalars(m.max, c.max) : null;
      const mean = m.mean != null && c.mean != null && type !== 'string' ? (m.mean * m.count + c.mean * c.count) / (m.count + c.count) : null;
      Object.assign(m, {
        type,
        min: lo == null ? null : lo <= 0 ? m.min : c.min,
        max: hi == null ? null : hi >= 0 ? m.max : c.max,
        mean,
        count: m.count + c.count,
        nulls: m.nulls + c.nulls,
        distinct: Math.max(m.distinct, c.distinct),
        distinct_exact: false,
      });
    }
  }
  return { rows, columns: [...byName.values()], workers: list.length };
}

/** What a worker needs to know of a Blob's name among many files: its path in a picked or
 * dropped folder, or its name. */
function pathOf(file, i) {
  return (typeof file.webkitRelativePath === 'string' && file.webkitRelativePath) || file.name || `file ${i + 1}`;
}

function workerError(msg) {
  return msg.name === 'AbortError' ? abortError(msg.message) : Object.assign(new Error(msg.message), { name: msg.name === 'Error' ? 'Error' : msg.name });
}

/**
 * Mines several files as datasets, as the CLI's `sluice FILE FILE...` does (src/dataset.rs):
 * files with the same columns (CSV: in order; JSON Lines: by name) are one dataset, mined in
 * byte ranges by one pool of `workers` workers across files and merged in file order by one
 * more worker; files with other columns form their own datasets, each profile then beginning
 * with a `file_mismatch` finding. A compressed file is decompressed and mined whole by one
 * worker; an Excel workbook, a Parquet file, a JSON array or a file that is not UTF-8 is
 * profiled on its own. Every later file of a dataset is read with its first file's conventions.
 * Resolves with one profile, or with an array of them in the order of their first files.
 */
function mineFiles(list, options) {
  const { onProgress, onSnapshot, snapshot_ms: snapshotMs, signal, workers, min_range_bytes: minRange, name: _name, gzip: _gzip, total: _total, ...engineOptions } = options;
  if (signal?.aborted) return Promise.reject(abortError());
  if (list.length === 0) return Promise.reject(new TypeError('mine() needs at least one file.'));
  if (!list.every((f) => typeof Blob !== 'undefined' && f instanceof Blob)) {
    return Promise.reject(new TypeError('mine() needs an array of Files or Blobs (a stream cannot be one of several).'));
  }
  if (list.length === 1) return mine(list[0], { ...options, name: options.name ?? pathOf(list[0], 0) });
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1 && workers <= MAX_WORKERS)) {
    return Promise.reject(new RangeError(`workers must be an integer from 1 to ${MAX_WORKERS}.`));
  }
  if (minRange !== undefined && !(Number.isInteger(minRange) && minRange >= 1)) {
    return Promise.reject(new RangeError('min_range_bytes must be a positive integer.'));
  }
  const n = workers ?? defaultWorkers();
  const names = list.map(pathOf);
  const total = list.reduce((a, f) => a + f.size, 0);
  return new Promise((resolve, reject) => {
    const pool = [];
    let settled = false;
    const stop = () => {
      for (const w of pool) w.worker.terminate();
      signal?.removeEventListener('abort', onAbort);
    };
    const end = (fn, value) => {
      if (settled) return;
      settled = true;
      stop();
      for (const w of pool) w.prepared?.release(fn === reject ? value : undefined);
      fn(value);
    };
    const fail = (err) => end(reject, err);
    const onAbort = () => fail(abortError());
    signal?.addEventListener('abort', onAbort, { once: true });
    const spawn = () => {
      const prepared = takeSpare();
      const w = { worker: prepared ? prepared.worker : startWorker(), prepared, progress: null, pending: null, peak: 0 };
      w.worker.onmessage = (event) => {
        const msg = event.data;
        if (msg.type === 'progress') {
          w.peak = Math.max(w.peak, msg.memory?.linear_bytes ?? 0);
          w.progress = { bytes: msg.bytes ?? w.progress?.bytes ?? 0, memory: msg.memory };
          report();
          return;
        }
        if (msg.type === 'ready') return;
        if (msg.type === 'snapshot') {
          w.snapshot = msg.snapshot;
          snapshotNow();
          return;
        }
        const pending = w.pending;
        w.pending = null;
        w.snapshot = null;
        if (msg.type === 'error' || msg.type === 'unavailable') pending?.reject(workerError(msg));
        else pending?.resolve(msg);
      };
      w.worker.onerror = (event) => {
        event.preventDefault?.();
        fail(workerFailed(event));
      };
      w.worker.onmessageerror = () => fail(new Error('The Sluice worker sent a message that could not be read.'));
      pool.push(w);
      return w;
    };
    // One request at a time per worker; requests wait for an idle mining worker, in order.
    const ask = (w, msg) =>
      new Promise((res, rej) => {
        w.pending = { resolve: res, reject: rej };
        w.progress = null;
        try {
          w.worker.postMessage(msg);
        } catch (err) {
          rej(err);
        }
      });
    const miners = [];
    const idle = [];
    const queue = [];
    const dispatch = () => {
      while (idle.length && queue.length && !settled) {
        const w = idle.shift();
        const job = queue.shift();
        ask(w, job.msg).then(
          (r) => {
            w.doneBytes = (w.doneBytes ?? 0) + (job.bytes ?? 0);
            w.progress = null;
            idle.push(w);
            job.resolve(r);
            dispatch();
          },
          (err) => {
            idle.push(w);
            job.reject(err);
            dispatch();
          },
        );
      }
    };
    const submit = (msg, bytes) =>
      new Promise((resolve, rej) => {
        queue.push({ msg, bytes, resolve, reject: rej });
        dispatch();
      });
    // The first dataset's live view: the parts merged so far (`doneSnapshot`), the parts done
    // but not yet merged (`finals`, by task) and the parts being mined (each worker's
    // snapshot), added up about once a second.
    let doneSnapshot = null;
    const finals = new Map();
    const snapshotNow = throttledSnapshots(onSnapshot, snapshotMs, () => !settled,
      () => ({ ...mergeSnapshots([doneSnapshot, ...finals.values(), ...pool.map((w) => w.snapshot)]), workers: n }));
    let lastReport = 0;
    let aloneBytes = 0;
    const report = (final = false) => {
      if (!onProgress || settled) return;
      const now = performance.now();
      if (!final && now - lastReport < 100) return;
      lastReport = now;
      const sum = (f) => pool.reduce((a, w) => a + (f(w) || 0), 0);
      const memory = {
        linear_bytes: sum((w) => w.progress?.memory?.linear_bytes),
        heap_bytes: sum((w) => w.progress?.memory?.heap_bytes),
        heap_peak_bytes: sum((w) => w.progress?.memory?.heap_peak_bytes),
        allocations: sum((w) => w.progress?.memory?.allocations),
      };
      try {
        onProgress({
          bytes: Math.min(total, aloneBytes + sum((w) => (w.doneBytes ?? 0) + (w.pending ? w.progress?.bytes ?? 0 : 0))),
          total,
          rows: null,
          memory,
          workers: miners.map((w) => ({ bytes: w.progress?.bytes ?? 0, rows: 0, memory: w.progress?.memory ?? null })),
        });
      } catch (err) {
        console.error('sluice: onProgress threw', err);
      }
    };
    const base = (i) => ({ name: names[i], options: engineOptions });
    const named = (i, err) => {
      if (err?.name === 'AbortError') return err;
      return Object.assign(new Error(`${names[i]}: ${err?.message ?? err}`), { name: err?.name ?? 'Error' });
    };
    (async () => {
      for (let k = 0; k < n; k++) miners.push(spawn());
      idle.push(...miners);
      const merger = spawn();
      // How each file joins a dataset, read on the pool.
      const described = await Promise.all(
        list.map((f, i) => submit({ ...base(i), type: 'describe', source: f, workers: n, min_range_bytes: minRange ?? null }).catch((e) => Promise.reject(named(i, e)))),
      );
      if (settled) return;
      // The datasets, in the order of their first files (the engine decides which files join:
      // CSV and JSON Lines of the same columns do); each file's first-file head.
      const joining = described.filter((d) => d.kind !== 'alone');
      const { datasets } = joining.length ? await ask(merger, { type: 'merge', options: engineOptions, op: 'datasets', keys: joining.map((d) => d.key) }) : { datasets: [] };
      if (settled) return;
      const groups = [];
      let j = 0;
      const files = described.map((d, i) => {
        if (d.kind === 'alone') return { ...d, index: i };
        const id = datasets[j++];
        let g = groups[id];
        if (!g) {
          g = { id, first: i, head: d.head, size: d.size, ranges: 0, remined: 0 };
          groups.push(g);
        }
        g.ranges += d.ranges.length;
        return { ...d, index: i, group: g };
      });
      const firstOf = (f) => (f.group.first === f.index ? {} : { first_head: f.group.head, first_size: f.group.size, first_name: names[f.group.first] });
      // Only the first dataset's parts send snapshots.
      const live = (f) => (onSnapshot && f.group.id === 0 ? { snapshots: true, snapshot_ms: snapshotMs ?? null } : {});
      const partMsg = (f, k, start, exact, seed) =>
        f.kind === 'compressed'
          ? { ...base(f.index), type: 'part', compressed: true, source: list[f.index], codec: f.codec, head: f.head, head_size: f.size, file_index: f.index, ...firstOf(f), ...live(f) }
          : {
              ...base(f.index),
              ...live(f),
              type: 'part',
              source: list[f.index],
              head: f.head,
              start,
              end: k + 1 < f.ranges.length ? f.ranges[k][1] : null,
              exact,
              seed,
              file_index: f.index,
              ...firstOf(f),
            };
      const tasks = [];
      for (const f of files) if (f.kind !== 'alone') f.ranges.forEach((_, k) => tasks.push({ f, k }));
      // The pool runs at most 2 × workers tasks past the one the merge waits for.
      const ahead = 2 * n;
      let merged = 0;
      let wake = null;
      const results = new Array(tasks.length);
      (async () => {
        for (let i = 0; i < tasks.length && !settled; i++) {
          while (i >= merged + ahead && !settled) await new Promise((r) => (wake = r));
          const { f, k } = tasks[i];
          const bytes = f.kind === 'compressed' ? list[f.index].size : f.ranges[k][1] - f.ranges[k][0];
          results[i] = submit(partMsg(f, k, f.ranges[k][0], k === 0, null), bytes);
          results[i].then((r) => r.snapshot && !settled && i >= merged && finals.set(i, r.snapshot), () => {});
        }
      })().catch(fail);
      const mergeAsk = (msg) => ask(merger, { type: 'merge', options: engineOptions, ...msg });
      const begun = new Set();
      for (let i = 0; i < tasks.length; i++) {
        while (!results[i] && !settled) await new Promise((r) => setTimeout(r, 0));
        if (settled) return;
        const { f, k } = tasks[i];
        const g = f.group;
        const codec = f.codec ?? null;
        let state;
        let added = false;
        try {
          if (k === 0 && !begun.has(g.id)) {
            begun.add(g.id);
            state = await mergeAsk({ ...base(f.index), op: 'begin', group: g.id, head: f.head, size: f.size, file_name: names[f.index], codec });
          } else if (k === 0) {
            state = await mergeAsk({ ...base(f.index), op: 'next_file', group: g.id, head: f.head, size: f.size, first_head: g.head, first_size: g.size, file_name: names[f.index], codec });
          }
          let r = await results[i];
          if (settled) return;
          const t = state ? state.next : g.next;
          const complete = state ? state.complete : g.complete;
          if (!(complete || (k > 0 && t >= f.ranges[k][1]))) {
            if (f.kind !== 'compressed' && r.start !== t) {
              g.remined++;
              r = await ask(merger, partMsg(f, k, t, true, null));
            }
            state = await mergeAsk({ ...base(f.index), op: 'add', group: g.id, partial: r.partial });
            if (!state.added) {
              // JSON Lines columns in another order than a single pass would see them: again, seeded.
              g.remined++;
              r = await ask(merger, partMsg(f, k, t, true, state.columns));
              state = await mergeAsk({ ...base(f.index), op: 'add', group: g.id, partial: r.partial });
              if (!state.added) throw new Error('The parts of the file could not be merged.');
            }
            added = true;
          }
          // The live view: this part's rows are the merged ones now (those of a part mined
          // again, not the first guess's).
          finals.delete(i);
          if (added && r.snapshot) doneSnapshot = mergeSnapshots([doneSnapshot, r.snapshot]);
          if (state) {
            g.next = state.next;
            g.complete = state.complete;
          }
        } catch (err) {
          throw named(f.index, err);
        }
        merged = i + 1;
        wake?.();
      }
      // Each dataset's profile, then the files profiled on their own.
      const out = [];
      for (const g of groups) {
        const note = g.remined > 0 ? `${g.remined} of ${g.ranges} ranges were mined again from their exact start` : null;
        const r = await mergeAsk({ op: 'finish', group: g.id, workers: n, note });
        out.push({ first: g.first, profile: r.profile });
      }
      for (const f of files) {
        if (f.kind !== 'alone' || settled) continue;
        const before = aloneBytes;
        const p = await mineOne(list[f.index], {
          signal,
          name: names[f.index],
          onProgress: (q) => {
            aloneBytes = before + (q.bytes || 0);
            report();
          },
        }, engineOptions).catch((e) => Promise.reject(named(f.index, e)));
        aloneBytes = before + list[f.index].size;
        out.push({ first: f.index, profile: nameFile(p, names[f.index]), alone: f.reason ?? null });
      }
      if (settled) return;
      out.sort((a, b) => a.first - b.first);
      report(true);
      const peaks = pool.map((w) => w.peak);
      const profiles = out.map(({ profile }) => ({
        ...profile,
        memory: { ...profile.memory, peak_linear_bytes: Math.max(profile.memory?.peak_linear_bytes ?? 0, ...peaks), workers_peak_linear_bytes: peaks },
      }));
      if (profiles.length === 1) {
        end(resolve, profiles[0]);
        return;
      }
      const members = out.map(({ first, profile, alone }) => ({
        path: names[first],
        format: String(profile.format),
        names: (profile.columns || []).map((c) => c.name),
        alone: alone ?? null,
      }));
      const { messages } = await mergeAsk({ op: 'messages', members, files: list.length });
      end(
        resolve,
        profiles.map((p, k) => ({
          ...p,
          findings: [
            { kind: 'file_mismatch', severity: 'warning', column: null, column_index: null, count: Math.max(1, (p.files || []).length), lines: [], message: messages[k] },
            ...(p.findings || []),
          ],
        })),
      );
    })().catch(fail);
  });
}

/** The version of the profile's shape this package writes and reads (`profile_version`). */
export const PROFILE_VERSION = 2;

/** Profiles larger than this are not read back (no real profile comes near it). */
const MAX_PROFILE_BYTES = 256 * 1024 * 1024;

/**
 * Checks that `value` is a profile this version can show; throws an Error saying what is
 * wrong otherwise (not a profile, a newer version, a damaged one).
 * @param {unknown} value
 * @returns {import('./sluice.js').Profile}
 */
export function checkProfile(value) {
  if (Array.isArray(value)) throw new Error('This JSON holds several profiles (one per sheet?): open one profile at a time.');
  if (!value || typeof value !== 'object') throw new Error('This JSON is not a Sluice profile.');
  if (!('sluice_version' in value) || !Array.isArray(value.columns)) {
    throw new Error('This JSON is not a Sluice profile: it has no sluice_version and columns.');
  }
  const version = value.profile_version ?? 1;
  if (!Number.isInteger(version) || version < 1) throw new Error('This profile is damaged: its profile_version is not a positive integer.');
  if (version > PROFILE_VERSION) {
    throw new Error(`This profile is of version ${version}, newer than this Sluice reads (${PROFILE_VERSION}): open it with a newer Sluice.`);
  }
  value.columns.forEach((c, i) => {
    if (!c || typeof c !== 'object' || typeof c.name !== 'string') throw new Error(`This profile is damaged: column ${i + 1} has no name.`);
  });
  for (const k of ['findings', 'files']) {
    if (k in value && !Array.isArray(value[k])) throw new Error(`This profile is damaged: ${k} is not a list.`);
  }
  return /** @type {any} */ (value);
}

/**
 * Reads a saved profile (a File or Blob of the JSON that "Download profile (JSON)" or the CLI
 * wrote, or its text). Resolves with the profile, or with null when `source` is not a profile
 * (data to mine, such as a JSON array or JSON Lines). A profile that is damaged, cut short or of
 * a newer version rejects with an Error that says so. Recognised by its content: a JSON object
 * with `sluice_version` and `columns`.
 * @param {Blob | string} source
 * @returns {Promise<import('./sluice.js').Profile | null>}
 */
export async function openProfile(source) {
  let text;
  if (typeof source === 'string') {
    text = source;
  } else if (typeof Blob !== 'undefined' && source instanceof Blob) {
    if (source.size > MAX_PROFILE_BYTES) return null;
    const head = await source.slice(0, 65536).text();
    const start = head.trimStart();
    if (!start.startsWith('{')) return null;
    // A profile says so early (its first key); a small JSON object is read to see.
    if (!head.includes('"sluice_version"') && source.size > 16 * 1024 * 1024) return null;
    text = await source.text();
  } else {
    throw new TypeError('openProfile() needs a File, a Blob or a string.');
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch (err) {
    if (text.slice(0, 65536).includes('"sluice_version"')) {
      throw new Error(`This profile is damaged or cut short: ${err.message}`);
    }
    return null;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value) || !('sluice_version' in value)) return null;
  return checkProfile(value);
}

/**
 * What changed from `oldProfile` to `newProfile`: the diff the CLI's `sluice diff` prints
 * (schema, per-column statistics, drift with bounds, top values, findings, ranked changes),
 * computed by the engine in a worker. `options` sets the thresholds (`psi_warning`, ...) and
 * the names shown for profiles that list no files (`oldName`, `newName`).
 * @param {import('./sluice.js').Profile} oldProfile
 * @param {import('./sluice.js').Profile} newProfile
 * @param {import('./sluice.js').CompareOptions} [options]
 * @returns {Promise<import('./sluice.js').Diff>}
 */
export function compare(oldProfile, newProfile, options = {}) {
  const { oldName = 'old', newName = 'new', ...thresholds } = options;
  let a, b;
  try {
    a = JSON.stringify(checkProfile(oldProfile));
    b = JSON.stringify(checkProfile(newProfile));
  } catch (err) {
    return Promise.reject(err);
  }
  const worker = startWorker();
  return new Promise((resolve, reject) => {
    worker.onmessage = (event) => {
      const msg = event.data;
      if (msg?.type === 'diff') {
        worker.terminate();
        resolve(JSON.parse(msg.diff));
      } else if (msg?.type === 'error') {
        worker.terminate();
        reject(Object.assign(new Error(msg.message), { name: msg.name }));
      }
    };
    worker.onerror = (event) => {
      event.preventDefault?.();
      worker.terminate();
      reject(workerFailed(event));
    };
    worker.postMessage({ type: 'diff', old: a, new: b, oldName, newName, options: JSON.stringify(thresholds) });
  });
}
