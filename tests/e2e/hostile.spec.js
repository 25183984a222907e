// The hostile-input corpus (tests/hostile/cases.rs, written by `examples/hostile`) through the
// page: every case ends in a profile or one clear error, never a hang, and the page stays
// usable; memory stays within the documented bound.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-hostile-'));
execFileSync(path.join(root, 'target/release/examples/hostile'), [dir], { stdio: 'ignore' });
const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));

test.describe.configure({ mode: 'serial' });

for (const c of manifest) {
  test(`hostile: ${c.name}`, async ({ page }) => {
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto('./');
    await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
    await page.setInputFiles('#file-input', path.join(dir, c.file));
    await expect(page.locator('body')).toHaveAttribute('data-state', c.error ? 'error' : 'done', { timeout: 120_000 });
    if (c.error) {
      await expect(page.locator('#status')).toContainText(c.error);
    } else {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-json')]);
      const p = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
      if (c.rows !== null) expect(p.rows).toBe(c.rows);
      if (c.columns !== null) expect(p.columns.length).toBe(c.columns);
      for (const kind of c.findings) expect(p.findings.map((f) => f.kind)).toContain(kind);
      // heap_bound excludes the chunk buffer, which the wasm binding holds: at most the largest
      // chunk Chromium's stream delivers (measured ≤ 2 MiB); allow 4 MiB.
      expect(p.memory.peak_heap_bytes).toBeLessThanOrEqual(c.heap_bound + 4 * 1024 * 1024);
      console.log(`${c.name}: ${p.rows} rows, peak heap ${p.memory.peak_heap_bytes} B (bound ${c.heap_bound}), wasm ${p.memory.peak_linear_bytes} B`);
    }
    // The page is ready for the next file.
    await page.setInputFiles('#file-input', path.join(root, 'tests/fixtures/people.csv'));
    await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
    expect(errors).toEqual([]);
  });
}
