// The page, end to end in Chromium: pick a file, mine it in the worker, see and download the
// profile, compare it with the CLI's, cancel a large file, mine compressed files.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { profileErrors } from './schema-check.js';

const root = path.resolve(import.meta.dirname, '../..');
const fixture = path.join(root, 'tests/fixtures/people.csv');
const shots = path.join(root, 'tests/e2e/screenshots');
const cli = path.join(root, 'target/release/sluice');
const gen = path.join(root, 'target/release/examples/gen');

/** The profile's data: without how the run went (memory, and how many workers mined it), and
 * `files` (the CLI names a file by its path, the page by its name). */
function withoutMemory(p) {
  const { memory, workers, parallel_note, files, ...rest } = p;
  return rest;
}

async function mineFile(page, file) {
  await page.goto('./');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
  await page.setInputFiles('#file-input', file);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
}

test('mines a CSV, shows the profile, downloads exactly the JSON the CLI prints', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await mineFile(page, fixture);

  await expect(page.locator('#status')).toContainText('12');
  const idRow = page.locator('#columns-table tr[data-column="id"]');
  await expect(idRow.locator('.col-type')).toHaveText(/integer/);
  await expect(page.locator('#columns-table tr[data-column="joined"] .col-type')).toHaveText(/date/);
  await expect(page.locator('#columns-table tr[data-column="note"] .col-type')).toHaveText(/string/);
  await expect(page.locator('#columns-table tbody tr')).toHaveCount(9);
  await expect(page.locator('#memory-chart canvas').first()).toBeVisible();
  // The peaks, as text next to the chart (the chart marks them too).
  const peak = page.locator('#memory-peak');
  await expect(peak).toBeVisible();
  await expect(peak).toContainText('MiB');
  await expect(peak).toContainText(/^Peak:/);
  await expect(peak.locator('[data-series="linear"]')).toContainText(/wasm \d+(\.\d)? MiB/);
  await expect(peak.locator('[data-series="heap"]')).toContainText(/heap \d+(\.\d)? MiB/);

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
  expect(download.suggestedFilename()).toBe('people.profile.json');
  const fromPage = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(fromPage.rows).toBe(12);
  expect(fromPage.columns.find((c) => c.name === 'age').type).toBe('integer');
  expect(fromPage.memory.peak_linear_bytes).toBeGreaterThan(0);
  expect(profileErrors(fromPage)).toBe('');

  // The CLI names the file as its path is given: here as the page does, by its name.
  const fromCli = JSON.parse(execFileSync(cli, ['--compact', path.basename(fixture)], { encoding: 'utf8', cwd: path.dirname(fixture) }));
  expect(fromCli.files).toEqual(fromPage.files);
  expect(fromPage.files).toEqual([{ name: 'people.csv', format: 'csv', compression: null, bytes: fromPage.bytes, rows: 12, first_line: 1, last_line: 14, line_offset: 0 }]);
  expect(withoutMemory(fromPage)).toEqual(withoutMemory(fromCli));

  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, 'page.png'), fullPage: true });
  expect(errors).toEqual([]);
});

test('renders values from the file as text, never as HTML', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-e2e-'));
  const file = path.join(dir, 'evil.csv');
  fs.writeFileSync(
    file,
    '"<img src=x onerror=window.__pwned=1>",b\n"<script>window.__pwned=2</script>",javascript:alert(1)\n"</td></tr><b>bold</b>",x\n',
  );
  await mineFile(page, file);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  await expect(page.locator('#columns-table img')).toHaveCount(0);
  await expect(page.locator('#columns-table b')).toHaveCount(0);
  await expect(page.locator('#columns-table')).toContainText('<img src=x onerror=window.__pwned=1>');
});

// Each compressed format, written by the standard compressors: the page's profile is the CLI's
// of the same file, and the summary names the codec.
for (const [codec, ext, tool] of [
  ['gzip', 'gz', ['gzip', '-c']],
  ['zstd', 'zst', ['zstd', '-q', '-c']],
  ['bzip2', 'bz2', ['bzip2', '-c']],
  ['xz', 'xz', ['xz', '-c']],
  ['zip', 'zip', null],
]) {
  test(`mines a .csv.${ext} (${codec}, decompressed by the engine) to the CLI's profile`, async ({ page }) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-e2e-'));
    const file = path.join(dir, `people.csv.${ext}`);
    if (tool) {
      fs.writeFileSync(file, execFileSync(tool[0], tool.slice(1), { input: fs.readFileSync(fixture) }));
    } else {
      execFileSync('zip', ['-q', '-j', path.join(dir, 'people.csv.zip'), fixture]);
    }
    await mineFile(page, file);
    await expect(page.locator('#summary dd[data-field="format"]')).toContainText(codec === 'zip' ? 'ZIP entry people.csv' : codec);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
    const fromPage = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    expect(fromPage.compression).toMatchObject({ codec, detected: true, compressed_bytes: fs.statSync(file).size, stopped: false });
    const fromCli = JSON.parse(execFileSync(cli, ['--compact', file], { encoding: 'utf8' }));
    expect(withoutMemory(fromPage)).toEqual(withoutMemory(fromCli));
    const { compression, ...plain } = withoutMemory(fromPage);
    const { compression: none, ...plainCli } = withoutMemory(JSON.parse(execFileSync(cli, ['--compact', fixture], { encoding: 'utf8' })));
    expect(none).toBeNull();
    expect(plain).toEqual(plainCli);
  });
}

test('a JSON export wrapped in an object, pretty-printed and gzipped: the records of $.data, as the CLI reads them', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-e2e-'));
  const records = Array.from({ length: 500 }, (_, i) => ({ id: i, city: ['Oslo', 'Lima', null][i % 3], geo: { lat: i / 10 }, note: i % 4 ? 'a, "b" ]' : 'x' }));
  const file = path.join(dir, 'export.json');
  fs.writeFileSync(file, JSON.stringify({ meta: { count: 500 }, data: records }, null, 2));
  await mineFile(page, file);
  await expect(page.locator('#summary dd[data-field="format"]')).toHaveText('JSON array at $.data');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
  const fromPage = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(fromPage).toMatchObject({ format: 'json', records_path: '$.data', rows: 500 });
  expect(fromPage.columns.map((c) => c.name)).toEqual(['id', 'city', 'geo.lat', 'note']);
  const fromCli = JSON.parse(execFileSync(cli, ['--compact', file], { encoding: 'utf8' }));
  expect(withoutMemory(fromPage)).toEqual(withoutMemory(fromCli));
  // The same file gzipped: the same records.
  const gz = path.join(dir, 'export.json.gz');
  fs.writeFileSync(gz, execFileSync('gzip', ['-c'], { input: fs.readFileSync(file) }));
  await page.setInputFiles('#file-input', gz);
  await expect(page.locator('#summary dd[data-field="format"]')).toContainText('JSON array at $.data, from gzip');
});

test('an Excel workbook written by openpyxl: each sheet as the CLI reads it, picked from the summary', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-e2e-'));
  execFileSync(path.join(root, 'target/pyenv/bin/python'), [path.join(root, 'tests/xlsx/write.py'), dir]);
  const book = path.join(dir, 'data.xlsx');
  await mineFile(page, book);
  await expect(page.locator('#summary dd[data-field="format"]')).toHaveText('Excel workbook, sheet "Data" (1 of 3)');
  await expect(page.locator('#summary dd[data-field="rows"]')).toHaveText('3,000');
  await expect(page.locator('#columns-table tr[data-column="day"] .col-type')).toHaveText('date');
  await expect(page.locator('#columns-table tr[data-column="clock"] .col-type')).toHaveText('time');
  await expect(page.locator('#findings')).toContainText('cell_errors');
  const download = async () => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
    return JSON.parse(fs.readFileSync(await d.path(), 'utf8'));
  };
  const cliSheet = (sheet) => JSON.parse(execFileSync(cli, ['--compact', '--sheet', sheet, book], { encoding: 'utf8' }));
  expect(withoutMemory(await download())).toEqual(withoutMemory(cliSheet('Data')));
  // The sheet picker mines another sheet of the same file.
  const picker = page.locator('#sheet-picker');
  expect(await picker.locator('option').allTextContents()).toEqual(['Data', 'Layout', 'Empty']);
  await picker.selectOption('Layout');
  await expect(page.locator('#summary dd[data-field="format"]')).toHaveText('Excel workbook, sheet "Layout" (2 of 3)');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
  expect(await page.locator('#columns-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.column))).toEqual(['region', 'Q', 'Q_2', 'total']);
  await expect(page.locator('#findings')).toContainText('merged_header_cells');
  await expect(page.locator('#sheet-picker')).toHaveValue('Layout');
  expect(withoutMemory(await download())).toEqual(withoutMemory(cliSheet('Layout')));
  // A truncated workbook is a clear error.
  await page.setInputFiles('#file-input', path.join(dir, 'truncated.xlsx'));
  await expect(page.locator('body')).toHaveAttribute('data-state', 'error');
  await expect(page.locator('#status')).toContainText('Cannot read this Excel workbook');
  expect(errors).toEqual([]);
});

test('Parquet files written by pyarrow: read by the Parquet module, loaded only for them, as the CLI reads them', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-e2e-'));
  execFileSync(path.join(root, 'target/pyenv/bin/python'), [path.join(root, 'tests/parquet/write.py'), dir]);
  // A CSV does not load the Parquet module.
  await mineFile(page, fixture);
  expect(requests.filter((u) => /sluice_parquet/.test(u))).toEqual([]);
  const download = async () => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
    return JSON.parse(fs.readFileSync(await d.path(), 'utf8'));
  };
  const fromCli = (file) => JSON.parse(execFileSync(cli, ['--compact', file], { encoding: 'utf8' }));
  for (const name of ['flat.parquet', 'types.parquet', 'nested.parquet', 'flat-zstd.parquet', 'flat-brotli.parquet']) {
    await page.setInputFiles('#file-input', path.join(dir, name));
    await expect(page.locator('#summary dd[data-field="file"]')).toHaveText(name);
    await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
    const p = await download();
    expect(withoutMemory(p), name).toEqual(withoutMemory(fromCli(path.join(dir, name))));
  }
  expect(requests.some((u) => /sluice_parquet.*\.wasm$/.test(u))).toBe(true);
  await expect(page.locator('#summary dd[data-field="format"]')).toHaveText('Parquet');
  await expect(page.locator('#summary dd[data-field="parquet"]')).toHaveText('3 row groups, brotli, written by parquet-cpp-arrow version 26.0.1');
  await expect(page.locator('#summary dd[data-field="parquet"]')).toHaveAttribute('title', /stamp INT64 \(TIMESTAMP\(MILLIS, UTC\)\)/);
  await expect(page.locator('#columns-table tr[data-column="stamp"] .col-type')).toHaveText('datetime');
  await expect(page.locator('#columns-table tr[data-column="price"] .col-type')).toHaveText('float');
  // Broken files are clear errors: a truncated one, and one the Parquet crate panics on (the
  // wasm module traps; natively the panic is caught).
  await page.setInputFiles('#file-input', path.join(dir, 'truncated.parquet'));
  await expect(page.locator('body')).toHaveAttribute('data-state', 'error');
  await expect(page.locator('#status')).toContainText('does not end with the PAR1 magic');
  await page.setInputFiles('#file-input', path.join(root, 'fuzz/corpus/parquet/malformed-dict-page.parquet'));
  await expect(page.locator('body')).toHaveAttribute('data-state', 'error');
  await expect(page.locator('#status')).toContainText('Cannot read this Parquet file: its data is malformed');
  // The page still mines the next file.
  await page.setInputFiles('#file-input', path.join(dir, 'flat.parquet'));
  await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
  await expect(page.locator('#summary dd[data-field="rows"]')).toHaveText('3,000');
  expect(errors).toEqual([]);
});

test('a decompression bomb stops with a finding, and a broken .xlsx is a clear error', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-e2e-'));
  // 400 MB of one repeated row, zstd-compressed about 10,000 times.
  const bomb = path.join(dir, 'bomb.csv.zst');
  fs.writeFileSync(bomb, execFileSync('sh', ['-c', '(echo a,b,c; yes 1,2,3) | head -c 400000000 | zstd -q -c'], { maxBuffer: 1 << 28 }));
  expect(fs.statSync(bomb).size).toBeLessThan(400000);
  await mineFile(page, bomb);
  await expect(page.locator('#findings')).toContainText('max_decompression_ratio');
  await expect(page.locator('#summary dd[data-field="format"]')).toContainText('stopped by the decompression guard');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
  const p = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(p.compression.stopped).toBe(true);
  expect(p.findings[0].kind).toBe('decompression_limit');
  expect(p.bytes).toBeLessThan(100 << 20);

  fs.writeFileSync(path.join(dir, '[Content_Types].xml'), '<Types/>');
  execFileSync('zip', ['-q', 'book.xlsx', '[Content_Types].xml'], { cwd: dir });
  await page.setInputFiles('#file-input', path.join(dir, 'book.xlsx'));
  await expect(page.locator('body')).toHaveAttribute('data-state', 'error');
  await expect(page.locator('#status')).toContainText('Cannot read this Excel workbook');
});

test('cancel stops a large file mid-way and the page mines the next file', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-e2e-'));
  const big = path.join(dir, 'big.csv');
  execFileSync(gen, ['--size', '400MB', big], { stdio: 'ignore' });
  const size = fs.statSync(big).size;
  await page.goto('./');
  await page.setInputFiles('#file-input', big);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'mining');
  // Wait until some bytes are mined, then cancel.
  await expect
    .poll(async () => Number(await page.locator('#progress').getAttribute('value')), { timeout: 30_000 })
    .toBeGreaterThan(0);
  await expect(page.locator('#cancel')).toBeEnabled();
  await page.click('#cancel');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'cancelled', { timeout: 10_000 });
  await expect(page.locator('#status')).toContainText(/cancel/i);
  const mined = Number(await page.locator('#progress').getAttribute('value'));
  expect(mined).toBeLessThan(1);
  await expect(page.locator('#cancel')).toBeDisabled();
  fs.rmSync(big);
  expect(size).toBeGreaterThan(300e6);

  await page.setInputFiles('#file-input', fixture);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
  await expect(page.locator('#columns-table tr[data-column="id"] .col-type')).toHaveText(/integer/);
});

test.describe('the engine prepared ahead of time', () => {
  // The service worker would cache (and serve) the wasm: this test decides what the network says.
  test.use({ serviceWorkers: 'block' });

  test('a worker that cannot load the engine is dropped, mining still reports, the next one loads', async ({ page, context }) => {
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const noWasm = (route) => route.fulfill({ status: 404, contentType: 'text/plain', body: 'not found' });
    await context.route('**/*.wasm', noWasm);
    await page.goto('./');
    // prepare() at load fails: the page says so, and keeps no broken worker.
    await expect(page.locator('body')).toHaveAttribute('data-engine', 'unavailable');

    // Mining starts its own worker and reports the failure (it does not wait on the dropped one).
    await page.setInputFiles('#file-input', fixture);
    await expect(page.locator('body')).toHaveAttribute('data-state', 'error');
    await expect(page.locator('#status')).toContainText('Error');

    // With the wasm back, the page prepares a worker after that run, and the next file mines.
    await context.unroute('**/*.wasm', noWasm);
    await expect(page.locator('body')).toHaveAttribute('data-engine', 'ready');
    await page.setInputFiles('#file-input', fixture);
    await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
    await expect(page.locator('#status')).toContainText('12');
    await expect(page.locator('body')).toHaveAttribute('data-engine', 'ready');
    expect(errors).toEqual([]);
  });
});
