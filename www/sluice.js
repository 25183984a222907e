// Sluice: mine a CSV in the browser. `mine()` runs the wasm engine in a module Web Worker,
// streams the source through it, reports progress, and resolves with the profile. `prepare()`
// starts the next run's worker ahead of time, so that mining itself makes no request.

/** How long a cancelled worker may take to say it stopped before it is terminated anyway. */
const CANCEL_GRACE_MS = 250;

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
 * The worker prepare() started, until mine() takes it or it fails:
 * `{ worker, state: 'loading' | 'ready' | 'failed', ready: Promise<void>, take(), release(reason) }`.
 */
let spare = null;

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
    if (spare === entry) {
      spare = null;
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
  spare = entry;
  worker.postMessage({ type: 'prepare' });
  return entry;
}

/**
 * Starts the worker for the next `mine()` ahead of time: it loads and instantiates the wasm
 * engine now, so that the run itself makes no network request and starts at once.
 *
 * - Resolves when that worker is ready. Rejects if it cannot start or load the engine; the
 *   worker is then dropped, and the next `prepare()` tries again.
 * - One worker is kept: calling `prepare()` again returns the same promise until `mine()`
 *   takes the worker. `mine()` takes it even while it is still loading (and waits for it).
 * - A worker serves one run and is terminated afterwards, which frees all its memory. Call
 *   `prepare()` again after each run, for the next one.
 * - `mine()` works without it, starting its own worker as before.
 *
 * @returns {Promise<void>}
 */
export function prepare() {
  if (spare) return spare.ready;
  try {
    return prepareWorker().ready;
  } catch (err) {
    return Promise.reject(err);
  }
}

/** The prepared worker for a run (ready or still loading), or null. */
function takeSpare() {
  const entry = spare;
  if (!entry || entry.state === 'failed') return null;
  spare = null;
  entry.take();
  return entry;
}

/**
 * Mines `source` (a File, a Blob or a ReadableStream<Uint8Array>) and resolves with its profile.
 * Names ending in `.gz` (and Blobs starting with the gzip magic bytes) are decompressed.
 *
 * @param {File | Blob | ReadableStream<Uint8Array>} source
 * @param {import('./sluice.js').MineOptions} [options]
 * @returns {Promise<import('./sluice.js').Profile>}
 */
export function mine(source, options = {}) {
  const { onProgress, signal, name, gzip, total, ...engineOptions } = options;
  if (signal?.aborted) return Promise.reject(abortError());
  const isStream = isReadableStream(source);
  if (!isStream && !(typeof Blob !== 'undefined' && source instanceof Blob)) {
    return Promise.reject(new TypeError('mine() needs a File, a Blob or a ReadableStream<Uint8Array>.'));
  }
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
    const base = { type: 'mine', name: name ?? source.name, gzip, total, options: engineOptions };
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
