// Saved profiles open again, and two datasets compare, in the page (Chromium): a downloaded
// profile reopens with the same result sections as after mining; old, newer and damaged
// profiles; the compare view against a newer file and against a saved profile, in the page and
// the HTML report.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { profileErrors, diffErrors } from './schema-check.js';

const root = path.resolve(import.meta.dirname, '../..');
const fixture = path.join(root, 'tests/fixtures/people.csv');
const shots = path.join(root, 'tests/e2e/screenshots');
const cli = path.join(root, 'target/release/sluice');

async function open(page, file, state = 'done') {
  await page.setInputFiles('#file-input', file);
  await expect(page.locator('body')).toHaveAttribute('data-state', state);
}

async function download(page, id = '#download-json') {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(id)]);
  return fs.readFileSync(await d.path(), 'utf8');
}

/** The result sections as markup, without what depends on the run (time, throughput, whether
 * it was opened) and the charts' canvases (drawn at the page's size). */
async function resultSections(page) {
  return page.evaluate(() => {
    const copy = document.getElementById('results').cloneNode(true);
    for (const x of copy.querySelectorAll('[data-field="time"], [data-field="throughput"], [data-field="opened"]')) x.closest('.summary-item').remove();
    for (const x of copy.querySelectorAll('canvas, #compare')) x.remove();
    return copy.innerHTML;
  });
}

function write(dir, name, text) {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

test('a downloaded profile reopens with the same result sections as after mining', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
  await open(page, fixture);
  const mined = await resultSections(page);
  const json = await download(page);
  expect(profileErrors(JSON.parse(json))).toBe('');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-reopen-'));
  const saved = write(dir, 'people.profile.json', json);

  await page.goto('./');
  await open(page, saved);
  await expect(page.locator('#status')).toContainText('a saved profile of 12 rows');
  await expect(page.locator('[data-field="opened"]')).toContainText('profile version 2');
  expect(await resultSections(page)).toEqual(mined);
  // Downloaded again, it is the same profile.
  expect(JSON.parse(await download(page))).toEqual(JSON.parse(json));
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, 'reopened.png'), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1500 } });

  // A profile the CLI wrote opens too (named by its path's file), pretty or compact.
  const fromCli = write(dir, 'cli.json', execFileSync(cli, ['--compact', fixture], { encoding: 'utf8' }));
  await open(page, fromCli);
  await expect(page.locator('[data-field="file"]')).toContainText('people.csv');
  await expect(page.locator('#columns-table tbody tr')).toHaveCount(9);
  expect(errors).toEqual([]);
});

test('old, newer, damaged and non-profile JSON', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-versions-'));
  const p = JSON.parse(execFileSync(cli, ['--compact', fixture], { encoding: 'utf8' }));
  await page.goto('./');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');

  // Version 1 (before profile_version, files, missing values and the sample): opens with what it has.
  const old = { ...p };
  for (const k of ['profile_version', 'files', 'missing', 'sample', 'associations', 'keys', 'dependencies', 'rules']) delete old[k];
  await open(page, write(dir, 'old.json', JSON.stringify(old)));
  await expect(page.locator('[data-field="opened"]')).toContainText('profile version 1');
  await expect(page.locator('#columns-table tbody tr')).toHaveCount(9);

  await open(page, write(dir, 'newer.json', JSON.stringify({ ...p, profile_version: 99 })), 'error');
  await expect(page.locator('#status')).toContainText('version 99, newer than this Sluice reads');
  await expect(page.locator('#results')).toBeHidden();

  await open(page, write(dir, 'cut.json', JSON.stringify(p).slice(0, 5000)), 'error');
  await expect(page.locator('#status')).toContainText('damaged or cut short');

  await open(page, write(dir, 'noname.json', JSON.stringify({ ...p, columns: [{ type: 'integer' }] })), 'error');
  await expect(page.locator('#status')).toContainText('column 1 has no name');

  // JSON data (an array of records, a JSON object of other keys) is mined, not opened.
  await open(page, write(dir, 'data.json', JSON.stringify([{ a: 1, b: 'x' }, { a: 2, b: 'y' }])));
  await expect(page.locator('#status')).toContainText('Done: 2 rows');
});

test('compares with a newer file and with a saved profile, in the page and the report', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-compare-'));
  const rows = (shift, drop) => {
    let s = drop ? 'id,amount,city\n' : 'id,amount,city,note\n';
    for (let i = 0; i < 3000; i++) {
      const amount = ((i * 7919) % 1000) / 10 + shift;
      const city = ['Oslo', 'Lima', 'Pune', ...(shift ? ['Kyiv'] : [])][i % (shift ? 4 : 3)];
      s += drop ? `${i},${amount},${city}\n` : `${i},${amount},${city},n${i % 5}\n`;
    }
    return s;
  };
  const oldFile = write(dir, 'old.csv', rows(0, false));
  const newFile = write(dir, 'new.csv', rows(40, true));
  await page.goto('./');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
  await open(page, oldFile);
  await page.setInputFiles('#compare-input', newFile);
  const view = page.locator('#compare-view');
  await expect(view).toHaveAttribute('data-severity', 'error');
  await expect(view.locator('li[data-kind="column_removed"]')).toContainText('"note"');
  await expect(view.locator('li[data-kind="psi"]')).toContainText('"amount"');
  await expect(view.locator('li[data-kind="ks"]')).toContainText('"amount"');
  await expect(view.locator('li[data-kind="new_value"]')).toContainText('Kyiv');
  await expect(view.locator('.compare-columns tbody tr')).toHaveCount(4);
  // The same numbers as `sluice diff` on the same files.
  const cliDiff = JSON.parse(execFileSync(cli, ['diff', '--compact', oldFile, newFile], { encoding: 'utf8' }));
  expect(diffErrors(cliDiff)).toBe('');
  // The page's diff, downloaded: valid, and the CLI's but for the names.
  const pageDiff = JSON.parse(await download(page, '#download-diff'));
  expect(diffErrors(pageDiff)).toBe('');
  expect(pageDiff.changes).toEqual(cliDiff.changes);
  expect(pageDiff.columns).toEqual(cliDiff.columns);
  const psi = cliDiff.columns.find((c) => c.name === 'amount').psi;
  await expect(view.locator('.compare-columns tbody tr', { hasText: 'amount' })).toContainText(psi.value.toFixed(3));
  await expect(view.locator('li')).toHaveCount(cliDiff.changes.length);
  fs.mkdirSync(shots, { recursive: true });
  await page.locator('#compare').screenshot({ path: path.join(shots, 'compare.png') });

  const report = await download(page, '#download-html');
  expect(report).toContain('<section class="card" id="compare"');
  expect(report).toContain('Column &quot;note&quot; is gone.');

  // Against a saved profile of the same file: no changes.
  const saved = write(dir, 'old.profile.json', await download(page));
  await page.setInputFiles('#compare-input', saved);
  await expect(view).toHaveAttribute('data-severity', 'none');
  await expect(view).toContainText('No changes');
});

test('compares with a folder of shards: the diff of the old file against the folder as one dataset', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-compare-folder-'));
  const rows = (from, to, shift, header) => {
    let s = header;
    for (let i = from; i < to; i++) s += `${i},${((i * 7919) % 1000) / 10 + shift},${['Oslo', 'Lima', 'Pune', 'Kyiv'][i % (shift ? 4 : 3)]}\n`;
    return s;
  };
  const oldFile = write(dir, 'old.csv', rows(0, 3000, 0, 'id,amount,city\n'));
  const shards = path.join(dir, 'shards');
  fs.mkdirSync(shards);
  write(shards, 'part-0.csv', rows(0, 1500, 25, 'id,amount,city\n'));
  write(shards, 'part-1.csv', rows(1500, 3000, 25, 'id,amount,city\n'));
  await page.goto('./?workers=2');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
  await open(page, oldFile);
  await page.setInputFiles('#compare-folder-input', shards);
  const view = page.locator('#compare-view');
  await expect(view).toHaveAttribute('data-severity', /warning|error/);
  await expect(page.locator('#compare-status')).toContainText('old.csv (old) against shards/ (new).');
  await expect(view.locator('li[data-kind="new_value"]')).toContainText('Kyiv');
  // The CLI's diff of the old file against its profile of the folder (one dataset, 2 workers).
  const folderProfile = write(dir, 'shards.json', execFileSync(cli, ['--compact', '--workers', '2', shards], { encoding: 'utf8' }));
  const cliDiff = JSON.parse(execFileSync(cli, ['diff', '--compact', oldFile, folderProfile], { encoding: 'utf8' }));
  const pageDiff = JSON.parse(await download(page, '#download-diff'));
  expect(diffErrors(pageDiff)).toBe('');
  expect(pageDiff.changes).toEqual(cliDiff.changes);
  expect(pageDiff.columns).toEqual(cliDiff.columns);
  expect(pageDiff.new.rows).toBe(3000);

  // A folder of files with other columns makes several datasets: a clear message, no diff.
  const mixed = path.join(dir, 'mixed');
  fs.mkdirSync(mixed);
  write(mixed, 'a.csv', rows(0, 100, 0, 'id,amount,city\n'));
  write(mixed, 'b.csv', 'x,y\n1,2\n');
  await page.setInputFiles('#compare-folder-input', mixed);
  await expect(page.locator('#compare-status')).toContainText('make 2 datasets');
});
