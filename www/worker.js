// The module Web Worker that runs the wasm miner. Protocol (all messages are plain objects):
//   in:  { type: 'mine', source: Blob | undefined, stream: ReadableStream | undefined,
//          name, gzip, total, options }
//        { type: 'cancel' }
//   out: { type: 'progress', bytes, total, rows, memory }   about every 100 ms
//        { type: 'done', profile, memory }
//        { type: 'error', name, message }                   name 'AbortError' when cancelled
import init, { mine_stream, memory_usage, last_panic } from './engine.js';

const PROGRESS_EVERY_MS = 100;
let ready = null;
let controller = null;

function isGzipName(name) {
  return typeof name === 'string' && /\.gz$/i.test(name);
}

/** 'jsonl' for .jsonl/.ndjson, 'csv' for .csv/.tsv (through .gz), else undefined (sniffed). */
function formatFromName(name) {
  if (typeof name !== 'string') return undefined;
  const base = name.toLowerCase().replace(/\.gz$/, '');
  if (/\.(jsonl|ndjson)$/.test(base)) return 'jsonl';
  if (/\.(csv|tsv)$/.test(base)) return 'csv';
  return undefined;
}

async function looksGzipped(blob) {
  if (blob.size < 2) return false;
  const head = new Uint8Array(await blob.slice(0, 2).arrayBuffer());
  return head[0] === 0x1f && head[1] === 0x8b;
}

async function run(msg) {
  controller = new AbortController();
  const { signal } = controller;
  ready ??= init();
  await ready;
  let stream;
  let total = msg.total ?? null;
  let gzip = msg.gzip;
  if (msg.source) {
    gzip ??= isGzipName(msg.name) || (await looksGzipped(msg.source));
    stream = msg.source.stream();
    total = gzip ? null : msg.source.size;
  } else {
    stream = msg.stream;
    gzip ??= isGzipName(msg.name);
  }
  if (gzip) {
    if (typeof DecompressionStream !== 'function') {
      throw new Error('This browser cannot decompress gzip (no DecompressionStream).');
    }
    stream = stream.pipeThrough(new DecompressionStream('gzip'));
    total = null;
  }
  let last = -Infinity;
  const progress = (bytes, rows) => {
    self.postMessage({ type: 'progress', bytes, total, rows, memory: memory_usage() });
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
  const profile = await mine_stream(stream, options, onProgress);
  progress(profile.bytes, profile.rows);
  self.postMessage({ type: 'done', profile, memory: memory_usage() });
}

self.onmessage = (event) => {
  const msg = event.data;
  if (msg?.type === 'cancel') {
    controller?.abort();
  } else if (msg?.type === 'mine') {
    run(msg).catch((err) => {
      const name = err?.name === 'AbortError' ? 'AbortError' : err?.name || 'Error';
      let message = err?.message ?? String(err);
      if (err instanceof WebAssembly.RuntimeError) {
        let detail = message;
        try {
          detail = last_panic() ?? message;
        } catch {
          // the instance may be unusable after a trap
        }
        message = /out of memory|memory allocation|capacity overflow/i.test(detail)
          ? `Out of memory: the engine could not allocate what it needed (${detail}).`
          : `The engine failed (${detail}). This is a bug in Sluice; please report it with the file if you can.`;
      }
      self.postMessage({ type: 'error', name, message });
    });
  }
};
