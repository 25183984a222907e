// Parallel mining in Chromium through the real package: `mine(file, { workers })` cuts a File or
// Blob into byte ranges mined by several Web Workers and merges the parts. The merged profile
// must equal the single pass's for every exact statistic, including on adversarial quoting (a
// quoted field of 10,000 lines across range boundaries), line numbers in findings included;
// progress reports each worker; cancel stops them all; streams and gzip use one worker and say
// so; the page uses all cores and draws a memory line per worker.
//
// The package is loaded unbundled (www/, pkg/) from a tiny static server, as in faults.spec.js.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

const root = path.resolve(import.meta.dirname, '../..');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm' };

async function serve() {
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (url === '/favicon.ico') return res.writeHead(204).end();
    if (url === '/') {
      return res.writeHead(200, { 'Content-Type': TYPES['.html'] }).end('<!doctype html><meta charset="utf-8"><title>parallel</title>');
    }
    const file = path.join(root, url);
    if (!/^\/(www|pkg|pkg-parquet)\//.test(url) || !file.startsWith(root + path.sep) || !fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
      return res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' }).end(fs.readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((resolve) => { server.close(resolve); server.closeAllConnections(); }),
  };
}

/** In the page: deterministic CSV builders. */
function pageHelpers() {
  let seed = 12345;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const words = ['alpha', 'beta', 'gamma', 'delta', 'naïve café', 'Zoë', '日本', 'river'];
  /** About `bytes` of mixed rows: numbers, nulls, dates, quoted fields with commas, quotes and
   * newlines, a few ragged rows and mixed types, blank lines and CRLF line ends. */
  globalThis.mixedCsv = (bytes) => {
    const parts = ['id,amount,qty,day,flag,note\n'];
    let n = 0;
    let i = 0;
    while (n < bytes) {
      i++;
      const r = rnd();
      const amount = r < 0.05 ? '' : r < 0.06 ? 'n/a' : (Math.exp(rnd() * 6) - 1).toFixed(2);
      const qty = r > 0.999 ? 'lots' : String(Math.floor(rnd() * 10));
      const day = `2024-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`;
      const w = words[i % words.length];
      const note = r < 0.2 ? `"${w}, ""quoted""\n${w}"` : r < 0.3 ? `"${w},${i % 50}"` : `${w} ${i % 97}`;
      let line = `${i},${amount},${qty},${day},${r < 0.5},${note}`;
      if (r > 0.9995) line += ',extra';
      line += i % 1000 === 0 ? '\r\n' : '\n';
      if (i % 5000 === 0) line += '\n';
      parts.push(line);
      n += line.length;
    }
    return parts.join('');
  };
  /** `body` with a quoted field of `lines` lines inserted as a row at each fraction of it. */
  globalThis.withLongFields = (body, fractions, lines) => {
    const field = '"' + Array.from({ length: lines }, (_, k) => `line ${k}, with "" a quote`).join('\n') + '"';
    let out = body;
    for (const f of [...fractions].sort((a, b) => b - a)) {
      let at = out.indexOf('\n', Math.floor(out.length * f));
      // at a record start: after a newline that is not inside a quoted field of `body` (rows
      // with quoted newlines start with a digit after the newline that ends them)
      while (!/^\d+,/.test(out.slice(at + 1, at + 12))) at = out.indexOf('\n', at + 1);
      out = `${out.slice(0, at + 1)}999999,1,1,2024-01-01,true,${field}\n${out.slice(at + 1)}`;
    }
    return out;
  };
  /** Row `i` of the live-view data: an id, an amount (null every 7th row), a category, a flag
   * and a date. */
  globalThis.liveRow = (i) => [
    (i * 7919) % 100_003 - 50_000,
    i % 7 === 3 ? null : Number((((i * 37) % 10_007) / 13 - 300).toFixed(2)),
    `c${(i * i) % 613}`,
    i % 3 === 0,
    `2024-${String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
  ];
  globalThis.liveCsv = (n) => {
    const parts = ['id,amount,cat,flag,day\n'];
    for (let i = 0; i < n; i++) {
      const r = liveRow(i);
      parts.push(`${r[0]},${r[1] === null ? '' : r[1].toFixed(2)},${r[2]},${r[3]},${r[4]}\n`);
    }
    return parts.join('');
  };
  /** What a snapshot of the first `n` rows must say, computed here from the rows themselves. */
  globalThis.liveExpected = (n) => {
    const names = ['id', 'amount', 'cat', 'flag', 'day'];
    const cols = names.map(() => []);
    for (let i = 0; i < n; i++) liveRow(i).forEach((v, k) => v !== null && cols[k].push(v));
    const minOf = (xs) => xs.reduce((a, b) => (b < a ? b : a));
    const maxOf = (xs) => xs.reduce((a, b) => (b > a ? b : a));
    const mean = (xs) => xs.reduce((a, b) => a + Number(b), 0) / xs.length;
    const types = ['integer', 'float', 'string', 'boolean', 'date'];
    return names.map((name, k) => {
      const xs = cols[k];
      const bool = k === 3;
      return {
        name,
        type: types[k],
        count: xs.length,
        nulls: n - xs.length,
        distinct: new Set(xs).size,
        min: bool ? xs.every(Boolean) : minOf(xs),
        max: bool ? xs.some(Boolean) : maxOf(xs),
        mean: k < 2 || bool ? mean(xs) : null,
      };
    });
  };
  /** The differences between a snapshot and what it must say (empty when they agree). */
  globalThis.liveMismatches = (s) => {
    const out = [];
    const want = liveExpected(s.rows);
    for (const w of want) {
      const c = s.columns.find((x) => x.name === w.name);
      if (!c) {
        out.push(`${s.rows}: no column ${w.name}`);
        continue;
      }
      for (const k of ['type', 'count', 'nulls', 'distinct', 'min', 'max']) {
        if (c[k] !== w[k]) out.push(`${s.rows} rows, ${w.name}.${k}: ${c[k]} vs ${w[k]}`);
      }
      if (w.mean === null ? c.mean !== null : Math.abs(c.mean - w.mean) > 1e-9 * Math.max(1, Math.abs(w.mean))) {
        out.push(`${s.rows} rows, ${w.name}.mean: ${c.mean} vs ${w.mean}`);
      }
    }
    return out;
  };
  globalThis.mineAll = async (text, counts) => {
    const { mine } = await import('/www/sluice.js');
    const file = new File([text], 'data.csv');
    const out = {};
    for (const workers of counts) {
      const progress = [];
      const profile = await mine(file, { workers, min_range_bytes: 1 << 20, onProgress: (p) => progress.push(p.workers?.length ?? 0) });
      out[workers] = { profile, maxProgressWorkers: Math.max(0, ...progress) };
    }
    return out;
  };
}

/** Everything of a profile that a parallel run must reproduce exactly, and the rest to compare
 * within rounding. Sketch outputs (quantiles, histograms, estimated distinct counts and top
 * values once sketched) are left out. */
function exactPart(p) {
  const cols = p.columns.map((c) => ({
    name: c.name,
    type: c.type,
    count: c.count,
    nulls: c.nulls,
    types: c.types,
    min: c.min,
    max: c.max,
    length: { min: c.length.min, max: c.length.max },
    distinct: c.distinct_exact ? c.distinct : 'estimated',
    distinct_exact: c.distinct_exact,
    top: c.top.every((t) => t.error === 0) && c.distinct_exact ? c.top : 'sketched',
    examples: c.examples,
    zeros: c.zeros,
    negatives: c.negatives,
    non_finite: c.non_finite,
  }));
  return {
    format: p.format,
    delimiter: p.delimiter,
    bytes: p.bytes,
    rows: p.rows,
    lines: p.lines,
    blank_lines: p.blank_lines,
    blank_rows: p.blank_rows,
    duplicate_rows: p.duplicate_rows_exact ? p.duplicate_rows : 'estimated',
    columns: cols,
    correlated: p.correlations.columns,
    findings: p.findings.map((f) => ({ kind: f.kind, column: f.column, count: f.count, lines: f.lines })),
  };
}

function expectClose(a, b, what) {
  if (a == null || b == null) {
    expect(a, what).toBe(b);
    return;
  }
  expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(a), Math.abs(b)));
}

/** Marks a statistic estimated on either side as estimated on both: each worker mines its part
 * within its own memory budget, so which tables are demoted can differ between a single pass
 * and merged parts (issue 12: equal where exact, within the stated error where not). */
function alignEstimates(a, b) {
  const est = (x) => JSON.parse(JSON.stringify(x));
  const [x, y] = [est(a), est(b)];
  if (!x.duplicate_rows_exact || !y.duplicate_rows_exact) {
    for (const p of [x, y]) p.duplicate_rows_exact = false;
  }
  const estimated = new Set();
  x.columns.forEach((c, i) => {
    const d = y.columns[i];
    if (!c.distinct_exact || !d.distinct_exact) {
      estimated.add(c.name);
      for (const e of [c, d]) { e.distinct_exact = false; e.top = e.top.map((t) => ({ ...t, error: Math.max(t.error, 1) })); }
    }
  });
  // Findings that follow from an estimate (and the one that names the estimates) are compared
  // through the bounds instead.
  const dupEstimated = !x.duplicate_rows_exact;
  const fromEstimate = (f) => f.kind === 'estimated_statistics'
    || (dupEstimated && f.kind === 'duplicate_rows')
    || (estimated.has(f.column) && ['unique', 'high_cardinality', 'constant'].includes(f.kind));
  for (const p of [x, y]) p.findings = p.findings.filter((f) => !fromEstimate(f));
  return [x, y];
}

function expectWithinBounds(par, one) {
  const [a, b] = [par, one];
  const bound = (p) => (p.duplicate_rows_exact ? 0 : p.duplicate_rows_error);
  expect(Math.abs(a.duplicate_rows - b.duplicate_rows), 'duplicate rows').toBeLessThanOrEqual(bound(a) + bound(b));
  a.columns.forEach((c, i) => {
    const d = b.columns[i];
    const tol = 4 * (c.distinct_error + d.distinct_error) * Math.max(c.distinct, d.distinct);
    expect(Math.abs(c.distinct - d.distinct), `${c.name}.distinct`).toBeLessThanOrEqual(tol);
  });
}

function expectSameProfile(par, one) {
  expectWithinBounds(par, one);
  [par, one] = alignEstimates(par, one);
  expect(exactPart(par)).toEqual(exactPart(one));
  par.columns.forEach((c, i) => {
    const o = one.columns[i];
    for (const k of ['mean', 'std', 'sum', 'skewness', 'kurtosis']) expectClose(c[k], o[k], `${c.name}.${k}`);
    expectClose(c.length.mean, o.length.mean, `${c.name}.length.mean`);
  });
  par.correlations.pearson.forEach((row, i) => row.forEach((r, j) => expectClose(r, one.correlations.pearson[i][j], `r[${i}][${j}]`)));
}

let site;
test.beforeAll(async () => { site = await serve(); });
test.afterAll(async () => { await site?.close(); });

async function open(page) {
  await page.addInitScript(pageHelpers);
  await page.goto(site.url);
}

test('2 and 4 workers give the single pass profile on mixed, quoted, ragged CSV', async ({ page }) => {
  await open(page);
  const r = await page.evaluate(() => mineAll(mixedCsv(12e6), [1, 2, 4]));
  const one = r[1].profile;
  expect(one.workers).toBe(1);
  expect(one.rows).toBeGreaterThan(100_000);
  for (const n of [2, 4]) {
    const par = r[n].profile;
    expect(par.workers, `workers: ${par.parallel_note}`).toBe(n);
    expect(par.parallel_note).toBeNull();
    expect(r[n].maxProgressWorkers).toBe(n);
    expectSameProfile(par, one);
    // Every worker is its own wasm instance, within its memory budget plus the fixed overhead
    // (issue 12: budget + 16 MiB at the default 32 MiB budget).
    expect(par.memory.workers_peak_linear_bytes).toHaveLength(n);
    for (const b of par.memory.workers_peak_linear_bytes) expect(b).toBeLessThanOrEqual((32 + 16) * 1048576);
  }
});

test('a quoted field of 10,000 lines across every range boundary: same profile, same line numbers', async ({ page }) => {
  await open(page);
  const r = await page.evaluate(() => mineAll(withLongFields(mixedCsv(12e6), [0.249, 0.499, 0.749], 10_000), [1, 4]));
  const one = r[1].profile;
  const par = r[4].profile;
  expect(par.workers).toBe(4);
  expect(one.rows).toBe(par.rows);
  // The long fields are there, as values of the note column.
  expect(one.columns.find((c) => c.name === 'note').length.max).toBeGreaterThan(200_000);
  expectSameProfile(par, one);
});

test('cancel stops every worker with an AbortError', async ({ page }) => {
  await open(page);
  const r = await page.evaluate(async () => {
    const { mine } = await import('/www/sluice.js');
    const file = new File([mixedCsv(40e6)], 'big.csv');
    const ac = new AbortController();
    let seen = 0;
    const t0 = performance.now();
    // Cancelled as soon as both workers have reported progress.
    const p = mine(file, {
      workers: 2,
      signal: ac.signal,
      onProgress: (x) => {
        seen = x.workers?.filter((w) => w.bytes > 0).length ?? seen;
        if (seen === 2) ac.abort();
      },
    });
    try {
      await p;
      return { ok: true };
    } catch (e) {
      return { ok: false, name: e.name, ms: performance.now() - t0, seen };
    }
  });
  expect(r).toMatchObject({ ok: false, name: 'AbortError', seen: 2 });
  expect(r.ms).toBeLessThan(10_000);
  await expect.poll(() => page.workers().length, { timeout: 5000 }).toBe(0);
});

test('streams and compressed files are mined by one worker, and the profile says why', async ({ page }) => {
  await open(page);
  const r = await page.evaluate(async () => {
    const { mine } = await import('/www/sluice.js');
    const text = mixedCsv(9e6);
    const stream = new Blob([text]).stream();
    const s = await mine(stream, { workers: 2 });
    const gz = await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).blob();
    const g = await mine(new File([gz], 'data.csv.gz'), { workers: 2 });
    const small = await mine(new File(['a,b\n1,2\n'], 'small.csv'), { workers: 2 });
    // Unnamed: the engine's plan knows it by its first bytes.
    const unnamed = await mine(gz, { workers: 2, min_range_bytes: 1 << 20 });
    return [s, g, small, unnamed].map((p) => ({ workers: p.workers, note: p.parallel_note, rows: p.rows }));
  });
  expect(r[0]).toMatchObject({ workers: 1 });
  expect(r[0].note).toMatch(/stream/i);
  expect(r[1]).toMatchObject({ workers: 1, rows: r[0].rows });
  expect(r[1].note).toMatch(/gzip/i);
  expect(r[2]).toMatchObject({ workers: 1, rows: 1 });
  expect(r[2].note).toMatch(/smaller/i);
  expect(r[3]).toMatchObject({ workers: 1, rows: r[0].rows, note: 'one worker: gzip data cannot be cut into ranges' });
});

test('bad worker counts are refused', async ({ page }) => {
  await open(page);
  const r = await page.evaluate(async () => {
    const { mine } = await import('/www/sluice.js');
    const out = [];
    for (const workers of [0, 1.5, 65, 'two']) {
      try {
        await mine(new Blob(['a\n1\n']), { workers });
        out.push('ok');
      } catch (e) {
        out.push(e.name);
      }
    }
    return out;
  });
  expect(r).toEqual(['RangeError', 'RangeError', 'RangeError', 'RangeError']);
});

test('the page mines with every core and draws a memory line per worker', async ({ page }, testInfo) => {
  // A file from disk, as a user would drop it.
  const file = testInfo.outputPath('parallel.csv');
  const rows = ['id,amount,day,note'];
  for (let i = 0; i < 200_000; i++) rows.push(`${i},${(i % 977) / 7},2024-03-${String(1 + (i % 28)).padStart(2, '0')},"note ${i % 13}, quoted"`);
  fs.writeFileSync(file, rows.join('\n') + '\n');
  expect(fs.statSync(file).size).toBeGreaterThan(8 << 20);
  await page.goto('/?workers=2');
  await page.waitForSelector('body[data-state="ready"]');
  await page.setInputFiles('#file-input', file);
  await page.waitForSelector('body[data-state="done"]', { timeout: 120_000 });
  await expect(page.locator('dd[data-field="workers"]')).toHaveText('2');
  await expect(page.locator('dd[data-field="rows"]')).toHaveText(/200[,.\s ]?000/);
  await expect(page.locator('#memory-peak')).toContainText('worker 1');
  await expect(page.locator('#memory-peak')).toContainText('worker 2');
  // The summary's peak is the highest worker's, each worker's in its title.
  await expect(page.locator('dd[data-field="peak-linear"]')).toHaveAttribute('title', /worker 1 [\d.]+ MiB, worker 2 [\d.]+ MiB/);
});

/** A profile without what differs from run to run (memory readings). */
function withoutMemory(p) {
  const { memory: _memory, ...rest } = p;
  return JSON.stringify(rest);
}

test('live snapshots of a stream: each equals a profile of the rows it covers, computed here; the final profile is unchanged', async ({ page }) => {
  await page.goto(site.url);
  await page.evaluate(pageHelpers);
  const r = await page.evaluate(async () => {
    const { mine } = await import('/www/sluice.js');
    const bytes = new TextEncoder().encode(liveCsv(300_000));
    // A slow source: 64 KiB every 8 ms, so that mining spans many snapshots.
    const stream = () => {
      let at = 0;
      return new ReadableStream({
        async pull(c) {
          if (at >= bytes.length) return c.close();
          await new Promise((res) => setTimeout(res, 8));
          c.enqueue(bytes.slice(at, at + 65536));
          at += 65536;
        },
      });
    };
    const snaps = [];
    const live = await mine(stream(), { workers: 1, snapshot_ms: 100, onSnapshot: (s) => snaps.push(s) });
    const plain = await mine(stream(), { workers: 1 });
    return {
      rows: snaps.map((s) => s.rows),
      workers: [...new Set(snaps.map((s) => s.workers))],
      mismatches: snaps.flatMap((s) => (s.rows > 0 ? liveMismatches(s) : [])),
      final: live.rows,
      live,
      plain,
    };
  });
  console.log(`live: ${r.rows.length} snapshots, rows ${r.rows.slice(0, 4).join(', ')}, ... of ${r.final}`);
  expect(r.rows.filter((n) => n > 0).length).toBeGreaterThanOrEqual(5);
  expect(r.rows.every((n, i) => i === 0 || n >= r.rows[i - 1])).toBe(true);
  expect(Math.max(...r.rows)).toBeLessThanOrEqual(r.final);
  expect(r.workers).toEqual([1]);
  expect(r.mismatches).toEqual([]);
  expect(withoutMemory(r.live)).toBe(withoutMemory(r.plain));
});

/** Snapshots against the final profile: rows and counts add up, each type is the final one,
 * min and max lie within the final ones, and distinct counts do not pass them. */
function expectWithinFinal(snaps, final) {
  const finalCol = Object.fromEntries(final.columns.map((c) => [c.name, c]));
  for (const s of snaps) {
    expect(s.rows).toBeLessThanOrEqual(final.rows);
    for (const c of s.columns) {
      expect(c.count + c.nulls, `${c.name} at ${s.rows} rows`).toBe(s.rows);
      const f = finalCol[c.name];
      if (c.count > 0) expect(c.type).toBe(f.type);
      if (typeof c.min === 'number') {
        expect(c.min).toBeGreaterThanOrEqual(f.min);
        expect(c.max).toBeLessThanOrEqual(f.max);
      }
      // An estimated final count (past the budget) bounds a snapshot's within its error.
      expect(c.distinct).toBeLessThanOrEqual(f.distinct_exact ? f.distinct : Math.ceil(f.distinct * (1 + 4 * f.distinct_error)));
    }
  }
}

test('live snapshots with 2 workers merge the parts: rows and counts add up, min and max stay within the file\'s', async ({ page }) => {
  await page.goto(site.url);
  await page.evaluate(pageHelpers);
  const r = await page.evaluate(async () => {
    const { mine } = await import('/www/sluice.js');
    const file = new File([liveCsv(600_000)], 'live.csv');
    const snaps = [];
    const opts = { workers: 2, min_range_bytes: 1 << 20 };
    const live = await mine(file, { ...opts, snapshot_ms: 20, onSnapshot: (s) => snaps.push(s) });
    const plain = await mine(file, opts);
    return { snaps, live, plain };
  });
  const merged = r.snaps.filter((s) => s.workers === 2);
  console.log(`live, 2 workers: ${r.snaps.length} snapshots, ${merged.length} of both parts`);
  expect(merged.length).toBeGreaterThan(0);
  expectWithinFinal(r.snaps, r.live);
  expect(r.live.workers).toBe(2);
  expect(withoutMemory(r.live)).toBe(withoutMemory(r.plain));
});

test('live snapshots of several files: the first dataset\'s parts so far, CSV and JSON Lines alike; the final profile is unchanged', async ({ page }) => {
  await page.goto(site.url);
  await page.evaluate(pageHelpers);
  const r = await page.evaluate(async () => {
    const { mine } = await import('/www/sluice.js');
    const n = 250_000;
    const rows = (from) => Array.from({ length: n }, (_, k) => liveRow(from + k));
    const csv = (from) => liveCsv(0).concat(rows(from).map((x) => `${x[0]},${x[1] === null ? '' : x[1].toFixed(2)},${x[2]},${x[3]},${x[4]}`).join('\n'), '\n');
    const jsonl = (from) => rows(from).map((x) => `{"id":${x[0]},"amount":${x[1] === null ? 'null' : x[1].toFixed(2)},"cat":"${x[2]}","flag":${x[3]},"day":"${x[4]}"}`).join('\n') + '\n';
    const files = [new File([csv(0)], 'a.csv'), new File([jsonl(n)], 'b.jsonl'), new File([csv(2 * n)], 'c.csv')];
    const snaps = [];
    const opts = { workers: 2, min_range_bytes: 1 << 20 };
    const live = await mine(files, { ...opts, snapshot_ms: 20, onSnapshot: (s) => snaps.push(s) });
    const plain = await mine(files, opts);
    return { snaps, live, plain, first: n };
  });
  console.log(`live, 3 files: ${r.snaps.length} snapshots, rows ${r.snaps.slice(0, 3).map((s) => s.rows).join(', ')}, ... of ${r.live.rows}`);
  expect(r.live.files.map((f) => f.format)).toEqual(['csv', 'jsonl', 'csv']);
  expect(r.snaps.length).toBeGreaterThan(2);
  // Past the first file: the parts of later files, merged or mining, are in it.
  expect(r.snaps.some((s) => s.rows > r.first)).toBe(true);
  for (const s of r.snaps) {
    expect(s.workers).toBe(2);
    expect(s.columns.map((c) => c.name)).toEqual(r.live.columns.map((c) => c.name));
  }
  expectWithinFinal(r.snaps, r.live);
  expect(withoutMemory(r.live)).toBe(withoutMemory(r.plain));
});

test('live snapshots of an Excel sheet and a Parquet file: counts add up as they are read, the final profile is unchanged', async ({ page }) => {
  test.setTimeout(120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-live-'));
  // Written by openpyxl and pyarrow (installed by the bootstrap): 40,000 and 300,000 rows.
  execFileSync(path.join(root, 'target/pyenv/bin/python'), ['-c', `
import sys, datetime, openpyxl, pyarrow as pa, pyarrow.parquet as pq
d = sys.argv[1]
wb = openpyxl.Workbook(write_only=True)
ws = wb.create_sheet("Data")
ws.append(["id", "amount", "cat", "day"])
for i in range(40000):
    ws.append([i, None if i % 7 == 3 else i * 0.25, "c%d" % (i % 50), datetime.date(2024, 1 + i % 12, 1 + i % 28)])
wb.save(d + "/live.xlsx")
n = 300000
pq.write_table(pa.table({"id": list(range(n)), "amount": [None if i % 7 == 3 else i * 0.25 for i in range(n)], "cat": ["c%d" % (i % 50) for i in range(n)]}), d + "/live.parquet", row_group_size=50000)
`, dir]);
  await page.goto(site.url);
  await page.setContent('<input type="file" id="f" multiple>');
  await page.setInputFiles('#f', [path.join(dir, 'live.xlsx'), path.join(dir, 'live.parquet')]);
  const r = await page.evaluate(async () => {
    const { mine } = await import('/www/sluice.js');
    const out = [];
    for (const file of document.getElementById('f').files) {
      const snaps = [];
      const live = await mine(file, { workers: 1, snapshot_ms: 1, onSnapshot: (s) => snaps.push(s) });
      const plain = await mine(file, { workers: 1 });
      out.push({ name: file.name, snaps, live, plain });
    }
    return out;
  });
  for (const { name, snaps, live, plain } of r) {
    console.log(`live ${name}: ${snaps.length} snapshots, rows ${snaps.slice(0, 3).map((s) => s.rows).join(', ')}, ... of ${live.rows}`);
    expect(snaps.length, name).toBeGreaterThan(1);
    expect(snaps.at(-1).rows, name).toBeLessThan(live.rows + 1);
    for (let k = 1; k < snaps.length; k++) expect(snaps[k].rows).toBeGreaterThanOrEqual(snaps[k - 1].rows);
    expectWithinFinal(snaps, live);
    expect(withoutMemory(live)).toBe(withoutMemory(plain));
  }
});

/** Writes `rows` rows of the live-view data to a file, then opens the page with `query`. */
async function livePage(page, testInfo, rows, query) {
  const file = testInfo.outputPath(`live-${rows}.csv`);
  await page.goto(site.url);
  await page.evaluate(pageHelpers);
  fs.writeFileSync(file, await page.evaluate((n) => liveCsv(n), rows));
  await page.goto(query);
  await page.waitForSelector('body[data-state="ready"]');
  return file;
}

test('the page fills in the columns so far while a file is mined, then shows the profile', async ({ page }, testInfo) => {
  const file = await livePage(page, testInfo, 400_000, '/?workers=1&snapshots=50');
  // Every state of the live table while mining: its rows note and the id column's count.
  await page.evaluate(() => {
    globalThis.liveSeen = [];
    new MutationObserver(() => {
      const note = document.querySelector('#live-note');
      const id = document.querySelector('#live-columns tr[data-column="id"]');
      if (note && id && !document.getElementById('live').hidden) liveSeen.push([note.textContent, id.children[1].textContent, id.children[2].textContent]);
    }).observe(document.getElementById('live'), { childList: true, subtree: true, characterData: true });
  });
  await page.setInputFiles('#file-input', file);
  await page.waitForSelector('body[data-state="done"]', { timeout: 120_000 });
  const seen = await page.evaluate(() => liveSeen);
  console.log(`page live view: ${seen.length} updates, first ${JSON.stringify(seen[0])}`);
  expect(seen.length).toBeGreaterThan(0);
  for (const [note, type, count] of seen) {
    expect(note).toMatch(/rows so far/);
    expect(type).toBe('integer');
    expect(Number(count.replace(/\D/g, ''))).toBeGreaterThan(0);
  }
  // The final profile replaces it.
  await expect(page.locator('#live')).toBeHidden();
  await expect(page.locator('dd[data-field="rows"]')).toHaveText(/400[,.\s ]?000/);
});

test('screenshot of the columns so far, mining cancelled halfway through a file', async ({ page }, testInfo) => {
  const file = await livePage(page, testInfo, 2_000_000, '/?workers=1&snapshots=100');
  await page.setInputFiles('#file-input', file);
  await page.waitForSelector('#live-columns tbody tr[data-column="day"]', { timeout: 60_000 });
  await page.click('#cancel');
  await page.waitForSelector('body[data-state="cancelled"]');
  // The table stays with what was mined before the cancel.
  await expect(page.locator('#live')).toBeVisible();
  await expect(page.locator('#live-note')).toContainText('rows so far');
  await expect(page.locator('#live-columns tr[data-column="amount"] td').first()).toHaveText('float');
  fs.mkdirSync(path.join(root, 'tests/e2e/screenshots'), { recursive: true });
  await page.locator('#progress-heading').locator('xpath=ancestor::section[1]').screenshot({ path: path.join(root, 'tests/e2e/screenshots/live.png') });
});
