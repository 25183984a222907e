// Many files as one dataset in the page (Chromium): a folder of shards (the folder picker) is
// mined across files and ranges by a pool of workers and gives the profile the CLI gives for
// the same directory; several files with other columns (picked, or dropped) are profiled
// apart, each with the CLI's file_mismatch finding.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { profileErrors } from './schema-check.js';

const root = path.resolve(import.meta.dirname, '../..');
const shots = path.join(root, 'tests/e2e/screenshots');
const cli = path.join(root, 'target/release/sluice');

const CITIES = ['Oslo', 'Lima', 'Pune', 'Kyiv', 'Accra', 'Quito', 'Hanoi'];

/** `n` rows from row `from` on: an id, a day-first date (the first shard has days over 12, later
 * ones may not: they are read with the first shard's convention), an amount, a city, a flag. */
function rows(from, n, header = 'id,when,amount,city,flag') {
  const out = [header];
  for (let i = from; i < from + n; i++) {
    const day = 1 + ((i * 7) % 28);
    const month = 1 + ((i * 5) % 12);
    const amount = (((i * 7919) % 100000) / 100).toFixed(2);
    out.push(`${i},${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/2021,${amount},${CITIES[(i * 31) % 7]},${i % 3 === 0 ? 'yes' : 'no'}`);
  }
  return out.join('\n') + '\n';
}

/** The profile's data, less how the run went, with each file named by its base name (the CLI
 * names a file by its path, the page by its path in the folder). */
function comparable(p) {
  const { memory, workers, parallel_note, files, findings, ...rest } = p;
  const base = (text) => text.replace(/\/[^ ]*\/([^/ ]+\.(csv|jsonl))/g, '$1');
  return {
    ...rest,
    files: files.map((f) => ({ ...f, name: path.basename(f.name) })),
    findings: findings.map((f) => (f.kind === 'file_mismatch' ? { ...f, message: base(f.message) } : f)),
  };
}

async function download(page) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
  return JSON.parse(fs.readFileSync(await d.path(), 'utf8'));
}

test('a folder of shards is one dataset: the CLI profile of the same directory', async ({ page }) => {
  test.setTimeout(180_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-shards-')), 'shards');
  fs.mkdirSync(path.join(dir, 'day-2'), { recursive: true });
  // Two shards of over two ranges each (cut into byte ranges), one small, one gzip member in a
  // subfolder, and what a folder of exports also holds (left out, as the CLI does).
  const n = 260_000;
  fs.writeFileSync(path.join(dir, 'part-0000.csv'), rows(0, n));
  fs.writeFileSync(path.join(dir, 'part-0001.csv'), rows(n, n));
  fs.writeFileSync(path.join(dir, 'part-0002.csv'), rows(2 * n, 5000));
  fs.writeFileSync(path.join(dir, 'day-2', 'part-0003.csv.gz'), zlib.gzipSync(rows(2 * n + 5000, 40_000)));
  fs.writeFileSync(path.join(dir, '_SUCCESS'), '');
  fs.writeFileSync(path.join(dir, '.DS_Store'), 'Bud1\0\0\0');
  expect(fs.statSync(path.join(dir, 'part-0000.csv')).size).toBeGreaterThan(8 << 20);

  await page.goto('./?workers=2');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
  await page.setInputFiles('#folder-input', dir);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'done', { timeout: 150_000 });
  await expect(page.locator('[data-field="file"]')).toHaveText('shards/');
  await expect(page.locator('[data-field="files"]')).toHaveText('4 files, one dataset');
  await expect(page.locator('[data-field="rows"]')).toHaveText((2 * n + 45_000).toLocaleString('en-US'));
  const got = await download(page);
  expect(profileErrors(got)).toBe('');
  expect(got.workers).toBe(2);
  expect(got.files.map((f) => f.name)).toEqual(['shards/day-2/part-0003.csv.gz', 'shards/part-0000.csv', 'shards/part-0001.csv', 'shards/part-0002.csv']);
  expect(got.files[0].compression).toBe('gzip');
  // Ranges within files as well as across them: each worker mined parts.
  expect(got.memory.workers_peak_linear_bytes.length).toBe(3);

  const want = JSON.parse(execFileSync(cli, ['--workers', '2', '--compact', dir], { encoding: 'utf8', maxBuffer: 1 << 28 }));
  expect(Array.isArray(want)).toBe(false);
  expect(comparable(got)).toEqual(comparable(want));
  const when = got.columns.find((c) => c.name === 'when');
  expect(when.type).toBe('date');
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, 'shards.png'), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1400 } });
  expect(errors).toEqual([]);
});

test('files with other columns are profiled apart, picked or dropped, with the CLI findings', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-mismatch-'));
  const texts = {
    'a.csv': rows(0, 300),
    'b.csv': rows(300, 300),
    'c.csv': rows(600, 300, 'id,when,amount,town,flag'),
    'd.jsonl': Array.from({ length: 50 }, (_, i) => JSON.stringify({ id: i, city: CITIES[i % 7] })).join('\n') + '\n',
  };
  const paths = Object.entries(texts).map(([name, text]) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  });
  const want = JSON.parse(execFileSync(cli, ['--compact', ...paths], { encoding: 'utf8' }));
  expect(want.length).toBe(3);
  const messages = want.map((p) => p.findings[0].message.split(`${dir}/`).join(''));
  expect(messages[2]).toContain('no column "when", "amount", "flag"');
  expect(messages[1]).toContain('seems renamed');

  await page.goto('./');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
  await page.setInputFiles('#file-input', paths);
  await expect(page.locator('body')).not.toHaveAttribute('data-state', 'mining');
  await expect(page.locator('#status')).toHaveText(/^Done/);
  const picker = page.locator('#dataset-picker');
  await expect(picker.locator('option')).toHaveCount(3);
  await expect(page.locator('[data-field="files"]')).toHaveText('2 files, one dataset');
  const first = await download(page);
  expect(profileErrors(first)).toBe('');
  expect(first.findings[0].kind).toBe('file_mismatch');
  expect(first.findings[0].message).toBe(messages[0]);
  expect(comparable(first)).toEqual(comparable(want[0]));
  await expect(page.locator('#findings')).toContainText(messages[0]);

  await picker.selectOption('1');
  await expect(page.locator('[data-field="file"]')).toHaveText('c.csv');
  const second = await download(page);
  expect(second.findings[0].message).toBe(messages[1]);
  expect(comparable(second)).toEqual(comparable(want[1]));
  await page.locator('#dataset-picker').selectOption('2');
  expect((await download(page)).findings[0].message).toBe(messages[2]);

  // Dropped together onto the drop zone: the same datasets.
  await page.goto('./');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
  const dt = await page.evaluateHandle((t) => {
    const d = new DataTransfer();
    for (const [name, text] of Object.entries(t)) d.items.add(new File([text], name, { type: 'text/plain' }));
    return d;
  }, texts);
  await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer: dt });
  await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
  await expect(page.locator('#dataset-picker option')).toHaveCount(3);
  expect(comparable(await download(page))).toEqual(comparable(want[0]));
});

test('CSV and JSON Lines files of the same columns are one dataset, as the CLI mines them', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-mixed-'));
  // The JSON Lines file's members in another order, its numbers as written in the CSV files;
  // its last row repeats the first CSV file's row 7: a duplicate across the formats.
  const asJson = (line) => {
    const [id, when, amount, city, flag] = line.split(',');
    return `{"city":${JSON.stringify(city)},"id":${id},"flag":"${flag}","when":"${when}","amount":${amount}}`;
  };
  const a = rows(0, 3000);
  const b = rows(3000, 3000).trim().split('\n').slice(1).map(asJson).concat(asJson(a.split('\n')[8])).join('\n') + '\n';
  const texts = { 'a.csv': a, 'b.jsonl': b, 'c.csv': rows(6000, 2000) };
  const paths = Object.entries(texts).map(([name, text]) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return p;
  });
  const want = JSON.parse(execFileSync(cli, ['--workers', '2', '--compact', ...paths], { encoding: 'utf8' }));
  expect(Array.isArray(want)).toBe(false);
  expect(want.duplicate_rows).toBe(1);
  expect(want.files.map((f) => f.format)).toEqual(['csv', 'jsonl', 'csv']);

  await page.goto('./?workers=2');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
  await page.setInputFiles('#file-input', paths);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
  await expect(page.locator('[data-field="files"]')).toHaveText('3 files, one dataset of CSV and JSON Lines');
  await expect(page.locator('[data-field="files"]')).toHaveAttribute('title', /b\.jsonl \(JSON Lines\): 3,001 rows/);
  await expect(page.locator('[data-field="format"]')).toHaveText('CSV and JSON Lines');
  const got = await download(page);
  expect(profileErrors(got)).toBe('');
  expect(comparable(got)).toEqual(comparable(want));
});
