// Issue 7's benchmark: one generated file, every engine, in one headless-Chromium launch.
//   node bench/run.mjs --file bench/data/gen-1GB.csv [--runs 3] [--size 1GB] [--out bench/results.md]
// (scripts/bench.sh builds everything first; `npm run bench -- --size 1GB --runs 3`.)
//
// Engines run `runs` times each, interleaved (round 1: every engine, round 2: ...). Browser
// engines each get a fresh page; the file is given with setInputFiles('#file-input') and the
// clock runs until body[data-state="done"]. The renderer's RSS is sampled from outside the
// browser, from /proc, every 50 ms (workers live in the renderer process); growth is measured
// against the same page's idle RSS just before the file is given. The markdown table goes to
// stdout and, with the machine's description and issue 12's targets, to bench/results.md.
import { chromium } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { serve } from './server.mjs';

const root = path.resolve(import.meta.dirname, '..');
const MB = 1e6;
const MiB = 1 << 20;
const SAMPLE_MS = 50;

// ------------------------------------------------------------------------------- arguments

const args = { runs: 3, size: null, file: null, out: path.join(root, 'bench/results.md') };
for (let a = process.argv.slice(2); a.length; ) {
  const k = a.shift();
  if (k === '--runs') args.runs = Number(a.shift());
  else if (k === '--size') args.size = a.shift();
  else if (k === '--file') args.file = a.shift();
  else if (k === '--out') args.out = a.shift();
  else if (k === '--only') args.only = a.shift().split(',');
  else if (k === '--shards') args.shards = a.shift();
  else if (!k.startsWith('--') && !args.file) args.file = k;
  else {
    console.error('usage: node bench/run.mjs --file FILE [--runs 3] [--size LABEL] [--out bench/results.md] [--only id,id] [--shards DIR]');
    process.exit(2);
  }
}
if (!args.file || !(args.runs >= 1)) throw new Error('need --file and --runs >= 1');
const file = path.resolve(args.file);
const size = fs.statSync(file).size;
// The same rows as `--shards DIR`'s files (bench/shards.sh: the file cut at record starts, each
// part with the header), for the variants that mine many files as one dataset.
const shardDir = args.shards ? path.resolve(args.shards) : null;
const shards = shardDir ? fs.readdirSync(shardDir).filter((n) => n.endsWith('.csv')).sort().map((n) => path.join(shardDir, n)) : [];

// ------------------------------------------------------------------------------- engines
//
// One row per engine. A browser engine has `page(urls)` (the page to load; `urls.bench` is the
// static server of the repository, `urls.sluice` is `vite preview` of dist/), optionally
// `ready` (the selector that says it is loaded) and `result(page, inPage)` (how to read its
// result; the bench pages set window.benchResult). A native engine has `native(file)`: the
// command line. Adding a variant is one line, e.g.
//   { id: 'sluice-w1', label: 'Sluice page, 1 worker', ...SLUICE, page: (u) => `${u.sluice}/?workers=1` },

const SLUICE = {
  ready: 'body[data-state="ready"][data-engine="ready"]',
  result: sluiceProfile,
};
const ENGINES = [
  { id: 'read', label: 'read ceiling: `file.stream()` in a worker', page: (u) => `${u.bench}/bench/pages/read.html` },
  { id: 'sluice-1', label: 'Sluice page, 1 worker (`?workers=1`)', ...SLUICE, page: (u) => `${u.sluice}/?workers=1` },
  { id: 'sluice-1-still', label: 'Sluice page, 1 worker, no live snapshots (`?workers=1&snapshots=0`)', ...SLUICE, page: (u) => `${u.sluice}/?workers=1&snapshots=0` },
  { id: 'sluice', label: `Sluice page, all cores (default: ${os.availableParallelism()} workers)`, ...SLUICE, page: (u) => `${u.sluice}/` },
  { id: 'papa', label: 'Papa Parse, worker, header + dynamicTyping', page: (u) => `${u.bench}/bench/pages/papa.html` },
  { id: 'duckdb', label: 'DuckDB-WASM `SUMMARIZE`', page: (u) => `${u.bench}/bench/pages/duckdb.html` },
  { id: 'cli', label: '`sluice` CLI, native, 1 thread', native: (f) => [path.join(root, 'target/release/sluice'), '--compact', f] },
  { id: 'cli-n', label: `\`sluice\` CLI, native, \`--workers ${os.availableParallelism()}\``, native: (f) => [path.join(root, 'target/release/sluice'), '--compact', '--workers', String(os.availableParallelism()), f] },
  ...(shards.length ? [
    { id: 'sluice-files', label: `Sluice page, the file as ${shards.length} shards (\`mine([file, ...])\`), all cores`, ...SLUICE, page: (u) => `${u.sluice}/`, input: shards },
    { id: 'cli-files-n', label: `\`sluice\` CLI, the ${shards.length} shards as one dataset, \`--workers ${os.availableParallelism()}\``, native: () => [path.join(root, 'target/release/sluice'), '--compact', '--workers', String(os.availableParallelism()), shardDir] },
  ] : []),
].filter((e) => !args.only || args.only.includes(e.id));

// Which engines the targets compare.
// Issue 7's targets are for one worker; issue 8's scaling compares all cores with one.
const REF = { sluice: 'sluice-1', sluiceStill: 'sluice-1-still', sluiceN: 'sluice', ceiling: 'read', duckdb: 'duckdb', papa: 'papa', cli: 'cli', cliN: 'cli-n' };

// ------------------------------------------------------------------------------- helpers

function median(xs) {
  const s = xs.filter((x) => x != null && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
function spread(xs, digits, unit = '') {
  const v = xs.filter((x) => x != null && Number.isFinite(x));
  if (!v.length) return '—';
  const m = median(v).toFixed(digits) + unit;
  return v.length === 1 ? m : `${m} (${Math.min(...v).toFixed(digits)}–${Math.max(...v).toFixed(digits)})`;
}

/** pid -> { ppid, cmd } for every process we can see. */
function processTable() {
  const t = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      // Chromium's zygote children rewrite their title: the whole command line in one string.
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').split(/[\0 ]+/).filter(Boolean);
      t.set(Number(d), { ppid, cmd });
    } catch {
      // gone meanwhile
    }
  }
  return t;
}
function descendants(table, pid) {
  const out = [];
  const kids = new Map();
  for (const [p, { ppid }] of table) kids.set(ppid, [...(kids.get(ppid) || []), p]);
  for (let stack = [pid]; stack.length; ) for (const k of kids.get(stack.pop()) || []) out.push(k), stack.push(k);
  return out;
}
function rssBytes(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The browser process we launched: a descendant of this node process without --type=. */
function findBrowserPid() {
  const t = processTable();
  return descendants(t, process.pid).find((p) => {
    const { cmd } = t.get(p);
    return /chrom/i.test(path.basename(cmd[0] || '')) && !cmd.some((a) => a.startsWith('--type=')) && cmd.some((a) => a.startsWith('--remote-debugging-pipe'));
  });
}

/**
 * Samples the summed VmRSS of the browser's renderer processes (descendants of the browser
 * process with --type=renderer; forked by the zygote, so not direct children) every 50 ms.
 */
class RendererRss {
  constructor(browserPid) {
    this.browserPid = browserPid;
    this.pids = [];
    this.samples = [];
    this.rescan();
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    this.rescanTimer = setInterval(() => this.rescan(), 250);
  }
  rescan() {
    const t = processTable();
    // Page renderers only: not the headless browser's own WebUI renderer.
    this.pids = descendants(t, this.browserPid).filter((p) => {
      const { cmd } = t.get(p);
      return cmd.includes('--type=renderer') && !cmd.includes('--top-chrome-webui');
    });
  }
  sample() {
    this.samples.push({ t: performance.now(), rss: this.pids.reduce((s, p) => s + rssBytes(p), 0), n: this.pids.length });
  }
  mark() {
    this.sample();
    return this.samples.length;
  }
  /** Median of the samples over the last `ms` (the idle level). */
  level(ms) {
    const now = performance.now();
    return median(this.samples.filter((s) => now - s.t <= ms).map((s) => s.rss));
  }
  peakSince(i) {
    return Math.max(...this.samples.slice(i).map((s) => s.rss));
  }
  stop() {
    clearInterval(this.timer);
    clearInterval(this.rescanTimer);
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------------------------- runs

async function sluiceProfile(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
  const p = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  // With several workers, peak_linear_bytes is the highest of any worker's instance; the sum
  // over the workers is reported too.
  const workers = p.memory.workers_peak_linear_bytes;
  return {
    rows: p.rows,
    linear_bytes: p.memory.peak_linear_bytes,
    linear_sum: Array.isArray(workers) && workers.length > 1 ? workers.reduce((a, b) => a + b, 0) : null,
    workers: Array.isArray(workers) ? workers.length : 1,
    heap_bytes: p.memory.peak_heap_bytes,
  };
}

async function browserRun(browser, rss, engine, urls, requests) {
  const context = await browser.newContext({ acceptDownloads: true });
  // Nothing may leave 127.0.0.1: anything else is blocked here and reported below.
  await context.route((u) => u.hostname !== '127.0.0.1', (route) => route.abort());
  context.on('request', (r) => {
    const u = new URL(r.url());
    seen.push(u.pathname);
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol)) return;
    if (u.hostname !== '127.0.0.1') requests.push(`${engine.id}: ${r.url()}`);
  });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  try {
    await page.goto(engine.page(urls));
    await page.waitForSelector(engine.ready || 'body[data-state="ready"]', { timeout: 120_000 });
    // Idle: the loaded page, settled.
    await sleep(700);
    rss.rescan();
    const idle = rss.level(400);
    const from = rss.mark();
    const t = performance.now();
    await page.setInputFiles('#file-input', engine.input ?? file);
    await page.waitForSelector('body[data-state="done"], body[data-state="error"]', { timeout: 3_600_000 });
    const s = (performance.now() - t) / 1000;
    const peak = rss.peakSince(from);
    if ((await page.getAttribute('body', 'data-state')) === 'error') {
      const why = (await page.evaluate(() => window.benchResult && window.benchResult.error)) || (await page.textContent('body')).slice(0, 500);
      throw new Error(`${engine.id}: the page reported an error: ${why}\n${consoleErrors.join('\n')}`);
    }
    const r = engine.result ? await engine.result(page) : await page.evaluate(() => window.benchResult);
    return { s, rss_growth: peak - idle, rss_idle: idle, ...r };
  } finally {
    await context.close();
  }
}

/** Runs a native engine under GNU time -v (peak RSS); its stdout is the profile JSON. */
function runNative(engine) {
  const [cmd, ...rest] = engine.native(file);
  const useTime = fs.existsSync('/usr/bin/time');
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(useTime ? '/usr/bin/time' : cmd, useTime ? ['-v', cmd, ...rest] : rest, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    let peakSampled = 0;
    // Without GNU time, sample the child's peak RSS (VmHWM) from /proc.
    const timer = useTime ? null : setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peakSampled = Math.max(peakSampled, Number(m[1]) * 1024);
      } catch {
        // exited
      }
    }, SAMPLE_MS);
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      const s = (performance.now() - t) / 1000;
      if (timer) clearInterval(timer);
      const stderr = Buffer.concat(err).toString();
      if (code !== 0) return reject(new Error(`${engine.id} exited with ${code}: ${stderr.slice(-2000)}`));
      const p = JSON.parse(Buffer.concat(out).toString());
      const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      resolve({
        s,
        rows: p.rows,
        linear_bytes: null,
        heap_bytes: p.memory.peak_heap_bytes,
        rss_peak: m ? Number(m[1]) * 1024 : peakSampled || null,
      });
    });
  });
}

// ------------------------------------------------------------------------------- machine

function machine(browserVersion) {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  let cpu = (/^model name\s*:\s*(.+)$/m.exec(cpuinfo) || [])[1] || os.cpus()[0]?.model || 'unknown';
  try {
    const l = execFileSync('lscpu', { encoding: 'utf8' });
    const name = (/^Model name:\s*(.+)$/m.exec(l) || [])[1];
    if (name && name.length > cpu.length) cpu = name.trim();
  } catch {
    // no lscpu
  }
  let cores = os.cpus().length;
  try {
    cores = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || cores;
  } catch {
    // no nproc
  }
  return {
    cpu,
    cores,
    ram: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    kernel: `${os.type()} ${os.release()}`,
    chromium: browserVersion,
    node: process.version,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}

// ------------------------------------------------------------------------------- main

/** A free port on 127.0.0.1 (so that runs in several checkouts do not collide). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sluicePort = Number(process.env.BENCH_SLUICE_PORT) || (await freePort());
const sluiceServer = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(sluicePort), '--strictPort'], {
  cwd: root,
  stdio: 'ignore',
  detached: true,
});
const urls = { sluice: `http://127.0.0.1:${sluicePort}` };
let benchServer;
let browser;
const results = Object.fromEntries(ENGINES.map((e) => [e.id, []]));
const failures = Object.fromEntries(ENGINES.map((e) => [e.id, []]));
const requests = [];
const seen = []; // every request's path, to check that workers' requests are observed too
let info;
try {
  benchServer = await serve(Number(process.env.BENCH_PORT || 0));
  urls.bench = benchServer.url;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${urls.sluice}/`)).ok) break;
    } catch {
      if (i > 150) throw new Error('vite preview did not start');
    }
    await sleep(200);
  }
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const browserPid = findBrowserPid();
  if (!browserPid) throw new Error('cannot find the Chromium browser process in /proc');
  const rss = new RendererRss(browserPid);
  info = machine(`Chromium ${browser.version()}`);
  console.error(`bench: ${path.basename(file)} (${(size / MB).toFixed(1)} MB), ${args.runs} round(s) of: ${ENGINES.map((e) => e.id).join(', ')}`);
  for (let round = 1; round <= args.runs; round++) {
    for (const engine of ENGINES) {
      try {
        const r = engine.native ? await runNative(engine) : await browserRun(browser, rss, engine, urls, requests);
        results[engine.id].push(r);
        console.error(
          `bench: round ${round} ${engine.id}: ${r.s.toFixed(2)} s, ${(size / MB / r.s).toFixed(1)} MB/s` +
            (r.rows != null ? `, ${r.rows} rows` : '') +
            (r.rss_growth != null ? `, renderer +${(r.rss_growth / MiB).toFixed(0)} MiB` : '') +
            (r.rss_peak != null ? `, peak RSS ${(r.rss_peak / MiB).toFixed(1)} MiB` : '') +
            (r.linear_bytes != null ? `, wasm ${(r.linear_bytes / MiB).toFixed(1)} MiB` : '') +
            (r.linear_sum ? ` (Σ ${(r.linear_sum / MiB).toFixed(1)} MiB over ${r.workers} workers)` : ''),
        );
      } catch (e) {
        failures[engine.id].push(String(e.message || e).split('\n')[0]);
        console.error(`bench: round ${round} ${engine.id} FAILED: ${e.message || e}`);
      }
    }
  }
  rss.stop();
} finally {
  if (browser) await browser.close();
  if (benchServer) await benchServer.close();
  try {
    process.kill(-sluiceServer.pid);
  } catch {
    // already gone
  }
}

// ------------------------------------------------------------------------------- report

const stat = (id, f) => median((results[id] || []).map(f));
const mbps = (r) => size / MB / r.s;
const ceiling = stat(REF.ceiling, mbps);
const refRows = [results.cli, results.sluice, ...Object.values(results)].flatMap((rs) => rs || []).find((r) => r.rows != null)?.rows ?? null;
const pkgVersion = (name) => {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
};

const lines = [];
lines.push(`| engine | wall time (s) | MB/s | × read ceiling | peak wasm linear memory (MiB) | renderer RSS above idle (MiB) | native peak RSS / peak heap (MiB) | rows |`);
lines.push('|---|---|---|---|---|---|---|---|');
for (const e of ENGINES) {
  const rs = results[e.id];
  if (!rs.length) {
    lines.push(`| ${e.label} | failed: ${failures[e.id][0] || 'no run'} | | | | | | |`);
    continue;
  }
  const rows = [...new Set(rs.map((r) => r.rows).filter((x) => x != null))];
  lines.push(
    `| ${e.label} | ${spread(rs.map((r) => r.s), 2)} | ${spread(rs.map(mbps), 1)} | ` +
      `${ceiling ? spread(rs.map((r) => mbps(r) / ceiling), 2, '×') : '—'} | ` +
      `${spread(rs.map((r) => (r.linear_bytes != null ? r.linear_bytes / MiB : null)), 1)}` +
      `${rs.some((r) => r.linear_sum) ? ` (per worker; Σ ${spread(rs.map((r) => (r.linear_sum ? r.linear_sum / MiB : null)), 1)} over ${Math.max(...rs.map((r) => r.workers))} workers)` : ''} | ` +
      `${spread(rs.map((r) => (r.rss_growth != null ? r.rss_growth / MiB : null)), 0)} | ` +
      `${e.native ? `${spread(rs.map((r) => r.rss_peak / MiB), 1)} / ${spread(rs.map((r) => r.heap_bytes / MiB), 1)}` : '—'} | ` +
      `${rows.length ? rows.join(', ') : '—'} |`,
  );
}
const table = lines.join('\n');

// Row counts must agree wherever an engine reports rows; the read ceiling must read every byte.
const warnings = [];
for (const e of ENGINES) {
  for (const r of results[e.id]) {
    if (r.rows != null && refRows != null && r.rows !== refRows) warnings.push(`WARNING: row counts differ: ${e.id} reports ${r.rows}, expected ${refRows}`);
    if (e.id === REF.ceiling && r.bytes !== size) warnings.push(`WARNING: the read ceiling read ${r.bytes} bytes of ${size}`);
    if (r.errors) warnings.push(`WARNING: ${e.id} reported ${r.errors} parse error(s)`);
    if (r.counts && r.counts.length > 1) warnings.push(`WARNING: ${e.id} reports different counts per column: ${r.counts.join(', ')}`);
  }
  if (failures[e.id].length) warnings.push(`WARNING: ${e.id} failed ${failures[e.id].length} of ${args.runs} run(s): ${failures[e.id][0]}`);
}
for (const r of [...new Set(requests)]) warnings.push(`WARNING: a request left 127.0.0.1 (blocked): ${r}`);
// DuckDB's worker fetches its wasm: if that request was not seen, workers' requests were not checked.
if (results.duckdb?.length && !seen.some((p) => p.endsWith('.wasm'))) warnings.push('WARNING: no worker request was observed: the check that nothing leaves 127.0.0.1 covers pages only');
const network = `${seen.length} requests from the pages and their workers, ${requests.length ? `${requests.length} NOT to 127.0.0.1 (blocked)` : 'all to 127.0.0.1'}`;
console.error(`bench: ${network}`);
const uniqWarnings = [...new Set(warnings)];

// Issue 12's targets (engine v2), from the medians. The CLI's "today" is the engine before it
// (bench/results.md at df6d2dc: 147.7 MB/s, 1 thread); the wasm bound is the default memory
// budget (32 MiB) plus 16 MiB.
const CLI_BEFORE_V2 = 147.7;
const WASM_BOUND = (32 + 16) * MiB;
const s = {
  mbps: stat(REF.sluice, mbps),
  linear: stat(REF.sluice, (r) => r.linear_bytes),
  rss: stat(REF.sluice, (r) => r.rss_growth),
};
const duck = stat(REF.duckdb, mbps);
const papa = stat(REF.papa, mbps);
const target = (name, ok, measured) => `| ${name} | ${measured} | ${ok === 'ref' ? 'for reference' : ok == null ? 'not measured' : ok ? '**met**' : '**not met**'} |`;
const ratio = (a, b) => (a != null && b ? a / b : null);
const targets = [
  '| target | measured (medians) | status |',
  '|---|---|---|',
  target('Sluice ≥ 4× DuckDB-WASM MB/s', ratio(s.mbps, duck) == null ? null : ratio(s.mbps, duck) >= 4, ratio(s.mbps, duck) == null ? '—' : `${ratio(s.mbps, duck).toFixed(2)}× (${s.mbps.toFixed(1)} vs ${duck.toFixed(1)} MB/s)`),
  target('Sluice ≥ 10× Papa Parse MB/s', ratio(s.mbps, papa) == null ? null : ratio(s.mbps, papa) >= 10, ratio(s.mbps, papa) == null ? '—' : `${ratio(s.mbps, papa).toFixed(2)}× (${s.mbps.toFixed(1)} vs ${papa.toFixed(1)} MB/s)`),
  target('Sluice ≥ 40% of the read ceiling', ratio(s.mbps, ceiling) == null ? null : ratio(s.mbps, ceiling) >= 0.4, ratio(s.mbps, ceiling) == null ? '—' : `${(100 * ratio(s.mbps, ceiling)).toFixed(1)}% (${s.mbps.toFixed(1)} vs ${ceiling.toFixed(1)} MB/s)`),
  target('`sluice` CLI, 1 thread ≥ 2× the engine before v2 (147.7 MB/s)', stat(REF.cli, mbps) == null ? null : stat(REF.cli, mbps) >= 2 * CLI_BEFORE_V2, stat(REF.cli, mbps) == null ? '—' : `${(stat(REF.cli, mbps) / CLI_BEFORE_V2).toFixed(2)}× (${stat(REF.cli, mbps).toFixed(1)} vs ${CLI_BEFORE_V2} MB/s)`),
  target('peak wasm linear memory ≤ budget + 16 MiB (48 MiB)', s.linear == null ? null : s.linear <= WASM_BOUND, s.linear == null ? '—' : `${(s.linear / MiB).toFixed(1)} MiB`),
  target('live snapshots (once a second) cost ≤ 5% of one worker\'s MB/s (issue 16)', ratio(s.mbps, stat(REF.sluiceStill, mbps)) == null ? null : ratio(s.mbps, stat(REF.sluiceStill, mbps)) >= 0.95, ratio(s.mbps, stat(REF.sluiceStill, mbps)) == null ? '—' : `${(100 * (1 - ratio(s.mbps, stat(REF.sluiceStill, mbps)))).toFixed(1)}% (${s.mbps.toFixed(1)} with vs ${stat(REF.sluiceStill, mbps).toFixed(1)} MB/s without)`),
  target('renderer RSS growth ≤ 100 MB', s.rss == null ? null : s.rss <= 100 * MB, s.rss == null ? '—' : `${(s.rss / MB).toFixed(0)} MB (${(s.rss / MiB).toFixed(0)} MiB)`),
].join('\n');

// Issue 8: scaling with every core.
const nW = os.availableParallelism();
const sN = stat(REF.sluiceN, mbps);
const cli1 = stat(REF.cli, mbps);
const cliN = stat(REF.cliN, mbps);
const linearN = stat(REF.sluiceN, (r) => r.linear_bytes);
const scaling = [
  '| target | measured (medians) | status |',
  '|---|---|---|',
  target(`Sluice page, ${nW} workers ≥ 1.7× one worker, or at the read ceiling`, ratio(sN, s.mbps) == null ? null : ratio(sN, s.mbps) >= 1.7 || ratio(sN, ceiling) >= 0.9, ratio(sN, s.mbps) == null ? '—' : `${ratio(sN, s.mbps).toFixed(2)}× (${sN.toFixed(1)} vs ${s.mbps.toFixed(1)} MB/s; ${(100 * ratio(sN, ceiling)).toFixed(0)}% of the ceiling)`),
  target(`CLI, ${nW} threads vs 1`, 'ref', ratio(cliN, cli1) == null ? '—' : `${ratio(cliN, cli1).toFixed(2)}× (${cliN.toFixed(1)} vs ${cli1.toFixed(1)} MB/s)`),
  target('wasm linear memory ≤ budget + 16 MiB (48 MiB) per worker', linearN == null ? null : linearN <= WASM_BOUND, linearN == null ? '—' : `${(linearN / MiB).toFixed(1)} MiB (the highest of any worker)`),
].join('\n');

// Issue 16: the same rows as 8 files, one dataset, against the one file (all cores each).
const filesPage = stat('sluice-files', mbps);
const filesCli = stat('cli-files-n', mbps);
const manyFiles = shards.length ? [
  '| variant | measured (medians) | against the one file |',
  '|---|---|---|',
  `| Sluice page, ${shards.length} shards, ${nW} workers | ${filesPage == null ? '—' : `${filesPage.toFixed(1)} MB/s`} | ${ratio(filesPage, sN) == null ? '—' : `${ratio(filesPage, sN).toFixed(2)}× (${sN.toFixed(1)} MB/s)`} |`,
  `| CLI, ${shards.length} shards, \`--workers ${nW}\` | ${filesCli == null ? '—' : `${filesCli.toFixed(1)} MB/s`} | ${ratio(filesCli, cliN) == null ? '—' : `${ratio(filesCli, cliN).toFixed(2)}× (${cliN.toFixed(1)} MB/s)`} |`,
].join('\n') : null;

const head = `file: ${path.basename(file)}, ${(size / MB).toFixed(1)} MB, ${refRows ?? '?'} rows; ${args.runs} run(s) per engine, interleaved; median (min–max)`;
console.log(head);
console.log(table);
for (const w of uniqWarnings) console.log(w);

const duckInfo = results.duckdb?.find((r) => r.version);
const md = `# Benchmark results (issue 12: engine v2)

Generated by \`npm run bench -- --size ${args.size || '?'} --runs ${args.runs}\` (\`bench/run.mjs\`); do not edit by hand.

## Machine

- CPU: ${info?.cpu} (${info?.cores} cores available)
- RAM: ${info?.ram}
- Kernel: ${info?.kernel}
- Browser: ${info?.chromium}, headless, one launch for every browser run
- Node.js: ${info?.node}
- Date: ${info?.date}

## File

- \`${path.relative(root, file)}\`: ${size.toLocaleString('en-US')} bytes (${(size / MB).toFixed(1)} MB), ${refRows?.toLocaleString('en-US') ?? '?'} rows
- Generator: \`examples/gen.rs\` (seed 42, \`--size ${args.size || '?'}\`): 9 mixed columns (int id, timestamp, skewed user ids, countries, log-normal amounts, small ints, floats with 5% nulls, booleans, text with quoted commas, quotes, newlines and unicode)

## Results

${args.runs} run(s) per engine, interleaved (round 1: every engine, round 2: ...); median (min–max).
Browser engines each get a fresh page and the file through \`setInputFiles\`; wall time runs
from giving the file to \`body[data-state="done"]\`. Renderer RSS is the summed VmRSS of the
browser's renderer processes, sampled from /proc every ${SAMPLE_MS} ms from outside the browser,
minus the same page's idle level just before the run. The native CLI's peak RSS is from
\`/usr/bin/time -v\`, its peak heap from its profile.

- Versions: Papa Parse ${pkgVersion('papaparse')}; DuckDB-WASM ${pkgVersion('@duckdb/duckdb-wasm')}${duckInfo ? ` (DuckDB ${duckInfo.version}, ${duckInfo.bundle}; loading it took ${(duckInfo.load_ms / 1000).toFixed(1)} s, before the clock starts)` : ''}.
- Network: ${network} (any other is blocked and reported).

${table}
${uniqWarnings.length ? '\n' + uniqWarnings.map((w) => `- ${w}`).join('\n') + '\n' : ''}
## Targets (issue 12: one worker, one thread)

${targets}

Where the time goes, and what limits a target that is not met: \`bench/profile.md\`.

## Scaling (issue 12: all cores)

${scaling}
${manyFiles ? `
## Many files as one dataset (issue 16)

The same file cut into ${shards.length} shards at record starts, each with the header (\`bench/shards.sh\`), given
to the page as ${shards.length} files and to the CLI as their folder; MB/s over the one file's bytes.

${manyFiles}
` : ''}`;
fs.writeFileSync(args.out, md);
console.log('');
console.log(targets);
console.log('');
console.log(scaling);
console.error(`bench: wrote ${path.relative(process.cwd(), args.out)}`);
if (Object.values(results).every((rs) => !rs.length)) process.exit(1);
