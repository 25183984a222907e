// Beyond 4 GiB, in Chromium, through the real package: a ReadableStream generated on the fly
// (nothing on disk) of more than 4 GiB of CSV goes through `mine()` in its worker. The byte and
// row counts must be exact past 2^32 and the engine's memory must stay flat the whole way.
//
// The package is loaded unbundled (www/sluice.js, www/worker.js, www/engine.js, pkg/) from a
// tiny static server, as native ES modules, on a blank page of the same origin.
//
// HUGE_BYTES overrides the size (default 4.5 GiB), e.g. HUGE_BYTES=500e6 for a quick run.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const TARGET_BYTES = Number(process.env.HUGE_BYTES || 4.5 * 2 ** 30);
const FLAT_LIMIT = 64 * 2 ** 20;

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm' };

/** Serves /www and /pkg of the repository, and a blank page at /. */
async function serve() {
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (url === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (url === '/') {
      res.writeHead(200, { 'Content-Type': TYPES['.html'] }).end('<!doctype html><meta charset="utf-8"><title>huge</title>');
      return;
    }
    const file = path.join(root, url);
    const ok = /^\/(www|pkg)\//.test(url) && file.startsWith(root + path.sep) && fs.statSync(file, { throwIfNoEntry: false })?.isFile();
    if (!ok) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); }),
  };
}

let site;
test.beforeAll(async () => { site = await serve(); });
test.afterAll(async () => { await site?.close(); });

test(`mines a ${(TARGET_BYTES / 2 ** 30).toFixed(2)} GiB generated stream: exact counts past 2^32, flat memory`, async ({ page }) => {
  test.setTimeout(300_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(site.url);

  const result = await page.evaluate(async ({ target, CHUNK }) => {
    const { mine } = await import('/www/sluice.js');
    // One ~2 MiB chunk of whole rows, built once; the stream enqueues it again and again.
    // Rows of about 130 bytes (a log-like file with a text column): the engine's cost is per
    // field more than per byte, so this keeps the run short while the counts pass 2^32.
    const header = new TextEncoder().encode('id,price,day,note\n');
    const lorem =
      'Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et ' +
      'dolore magna aliqua Ut enim ad minim veniam quis nostrud exercitation ullamco laboris nisi ut aliquip';
    let text = '';
    let rowsPerChunk = 0;
    while (text.length < CHUNK - 256) {
      const i = rowsPerChunk++;
      const day = String(1 + (i % 28)).padStart(2, '0');
      const note = lorem.slice(i % 40, (i % 40) + 60 + (i % 7) * 15);
      text += `${100000 + i},${(i % 1000) / 4},2024-05-${day},${note}\n`;
    }
    const chunk = new TextEncoder().encode(text); // ASCII: bytes == chars, ends on '\n'
    const chunks = Math.ceil((target - header.length) / chunk.length);
    const expectedBytes = header.length + chunks * chunk.length;
    const expectedRows = chunks * rowsPerChunk;

    let sent = -1; // -1: the header is next
    const stream = new ReadableStream(
      {
        pull(controller) {
          if (sent < 0) controller.enqueue(header.slice());
          else if (sent < chunks) controller.enqueue(chunk);
          else controller.close();
          sent++;
        },
      },
      { highWaterMark: 2 },
    );
    const samples = [];
    const t0 = performance.now();
    const profile = await mine(stream, {
      name: 'huge.csv',
      total: expectedBytes,
      onProgress: (p) => samples.push({ bytes: p.bytes, rows: p.rows, linear: p.memory.linear_bytes, total: p.total }),
    });
    const seconds = (performance.now() - t0) / 1000;
    return {
      seconds,
      expectedBytes,
      expectedRows,
      chunkBytes: chunk.length,
      rowsPerChunk,
      bytes: profile.bytes,
      rows: profile.rows,
      lines: profile.lines,
      memory: profile.memory,
      columns: profile.columns.map((c) => ({ name: c.name, type: c.type, count: c.count, nulls: c.nulls, min: c.min, max: c.max })),
      samples: samples.length,
      maxSampleLinear: Math.max(...samples.map((s) => s.linear)),
      minSampleLinear: Math.min(...samples.map((s) => s.linear)),
      // Linear memory never shrinks: flat means it is already at its end size a tenth of the way in.
      linearAtTenth: samples.find((s) => s.bytes >= expectedBytes / 10)?.linear,
      pastU32: samples.filter((s) => s.bytes > 2 ** 32).length,
      monotonic: samples.every((s, i) => i === 0 || (s.bytes >= samples[i - 1].bytes && s.rows >= samples[i - 1].rows)),
      lastSample: samples.at(-1),
      totals: [...new Set(samples.map((s) => s.total))],
    };
  }, { target: TARGET_BYTES, CHUNK: 2 * 2 ** 20 });

  const mbps = result.expectedBytes / 1e6 / result.seconds;
  console.log(
    `huge: ${(result.expectedBytes / 2 ** 30).toFixed(3)} GiB (${result.expectedBytes} B, ${result.expectedRows} rows) in ` +
      `${result.seconds.toFixed(1)} s = ${mbps.toFixed(1)} MB/s; peak_linear_bytes ${result.memory.peak_linear_bytes} ` +
      `(${(result.memory.peak_linear_bytes / 2 ** 20).toFixed(1)} MiB), peak_heap_bytes ${result.memory.peak_heap_bytes}; ` +
      `${result.samples} progress samples, linear ${result.minSampleLinear}..${result.maxSampleLinear} B ` +
      `(${result.linearAtTenth} B a tenth of the way in)`,
  );

  if (TARGET_BYTES >= 2 ** 32) {
    expect(result.expectedBytes).toBeGreaterThan(2 ** 32);
    expect(result.pastU32).toBeGreaterThan(0); // progress too counts on past 2^32
  }
  // Exact counts (u64 in the engine, exact f64 integers in JS).
  expect(result.bytes).toBe(result.expectedBytes);
  expect(result.rows).toBe(result.expectedRows);
  expect(result.lines).toBe(result.expectedRows + 1);
  const id = result.columns.find((c) => c.name === 'id');
  expect(id).toMatchObject({ type: 'integer', count: result.expectedRows, nulls: 0, min: 100000, max: 100000 + result.rowsPerChunk - 1 });
  expect(result.columns.map((c) => c.type)).toEqual(['integer', 'float', 'date', 'string']);
  // Flat memory: the end-of-run linear memory and every sample along the way.
  expect(result.memory.peak_linear_bytes).toBeGreaterThan(0);
  expect(result.memory.peak_linear_bytes).toBeLessThan(FLAT_LIMIT);
  expect(result.samples).toBeGreaterThan(10);
  expect(result.maxSampleLinear).toBeLessThanOrEqual(result.memory.peak_linear_bytes);
  expect(result.linearAtTenth).toBe(result.memory.peak_linear_bytes);
  expect(result.monotonic).toBe(true);
  expect(result.lastSample).toMatchObject({ bytes: result.expectedBytes, rows: result.expectedRows });
  expect(result.totals).toEqual([result.expectedBytes]);
  expect(errors).toEqual([]);
});
