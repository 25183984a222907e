// Sluice: mine a CSV in the browser. `mine()` runs the wasm engine in a module Web Worker,
// streams the source through it, reports progress, and resolves with the profile.

/** How long a cancelled worker may take to say it stopped before it is terminated anyway. */
const CANCEL_GRACE_MS = 2000;

function abortError(message = 'Mining was cancelled.') {
  return new DOMException(message, 'AbortError');
}

function isReadableStream(x) {
  return typeof ReadableStream !== 'undefined' && x instanceof ReadableStream;
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
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module', name: 'sluice' });
  return new Promise((resolve, reject) => {
    let settled = false;
    let graceTimer = null;
    const finish = (fn, value) => {
      if (settled) return;
      settled = true;
      clearTimeout(graceTimer);
      signal?.removeEventListener('abort', onAbort);
      worker.terminate();
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
      finish(reject, new Error(`The Sluice worker failed: ${event.message || 'it could not start (is the wasm reachable?)'}`));
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
