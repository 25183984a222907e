// Mines one file natively (sluice CLI) and in headless Chromium (the page, via setInputFiles),
// `runs` times each, interleaved, and prints median and spread of wall time, MB/s and memory.
import { chromium } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [file, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 3);
const root = path.resolve(import.meta.dirname, '..');
const size = fs.statSync(file).size;
const PORT = 4199;
const MB = 1e6;
const MiB = 1 << 20;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function fmt(xs, unit, digits = 1) {
  return `${median(xs).toFixed(digits)} ${unit} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;
}

function native() {
  const t = performance.now();
  const out = execFileSync(path.join(root, 'target/release/sluice'), ['--compact', file], { maxBuffer: 1 << 26 });
  const s = (performance.now() - t) / 1000;
  const p = JSON.parse(out);
  return { s, rows: p.rows, linear: p.memory.peak_linear_bytes, heap: p.memory.peak_heap_bytes };
}

async function browserRun(browser) {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await page.waitForSelector('body[data-state="ready"]');
  const t = performance.now();
  await page.setInputFiles('#file-input', file);
  await page.waitForSelector('body[data-state="done"]', { timeout: 600_000 });
  const s = (performance.now() - t) / 1000;
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
  const p = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  await page.close();
  return { s, rows: p.rows, linear: p.memory.peak_linear_bytes, heap: p.memory.peak_heap_bytes };
}

const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'], {
  cwd: root,
  stdio: 'ignore',
  detached: true,
});
try {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`http://127.0.0.1:${PORT}/`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const results = { native: [], browser: [] };
  for (let r = 0; r < runs; r++) {
    results.native.push(native());
    results.browser.push(await browserRun(browser));
  }
  await browser.close();
  console.log(`file: ${path.basename(file)}, ${(size / MB).toFixed(1)} MB, ${results.native[0].rows} rows; ${runs} runs each, interleaved; median (min–max)`);
  console.log('| engine | wall time | MB/s | peak wasm linear / native RSS | peak heap |');
  console.log('|---|---|---|---|---|');
  for (const [name, rs] of Object.entries(results)) {
    const label = name === 'native' ? 'sluice CLI (native)' : 'Sluice page in Chromium (mine() in a worker)';
    console.log(
      `| ${label} | ${fmt(rs.map((r) => r.s), 's', 2)} | ${fmt(rs.map((r) => size / MB / r.s), 'MB/s')} | ${fmt(rs.map((r) => r.linear / MiB), 'MiB')} | ${fmt(rs.map((r) => r.heap / MiB), 'MiB', 2)} |`,
    );
    if (rs.some((r) => r.rows !== results.native[0].rows)) throw new Error(`${name}: row counts differ`);
  }
} finally {
  process.kill(-server.pid);
}
