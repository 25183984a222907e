// The npm package: the tarball `npm pack` makes holds exactly the runtime files and their
// types, and an app that installs it (tests/consumer/, built by
// tests/consumer/build.sh) mines a File, a Blob and ReadableStreams through it in Chromium, both
// bundled by Vite and as plain ES modules with an import map.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const out = process.env.SLUICE_CONSUMER_DIR || path.join(root, 'target/consumer');
const fixture = path.join(root, 'tests/fixtures/people.csv');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
};

/** A plain static server for `dir` at the root. */
async function serve(dir) {
  const server = http.createServer((req, res) => {
    let file = path.join(dir, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (file.endsWith(path.sep)) file = path.join(file, 'index.html');
    if (!file.startsWith(dir + path.sep) || !fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    const headers = { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' };
    headers['Content-Length'] = fs.statSync(file).size;
    res.writeHead(200, headers);
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}

test.beforeAll(() => {
  // scripts/test.sh builds the consumer after the main build; build it here when run alone.
  if (!fs.existsSync(path.join(out, 'app/dist/index.html'))) {
    execFileSync('bash', [path.join(root, 'tests/consumer/build.sh')], { stdio: 'inherit' });
  }
});

test('npm pack ships the wasm, the worker, the ESM entries and their types, and nothing else', () => {
  const listed = execFileSync('tar', ['-tzf', path.join(out, 'sluice.tgz')], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''))
    .sort();
  expect(listed).toEqual(
    [
      'README.md',
      'package.json',
      'pkg/sluice.d.ts',
      'pkg/sluice.js',
      'pkg/sluice_bg.wasm',
      'pkg/sluice_bg.wasm.d.ts',
      'pkg-parquet/sluice_parquet.d.ts',
      'pkg-parquet/sluice_parquet.js',
      'pkg-parquet/sluice_parquet_bg.wasm',
      'pkg-parquet/sluice_parquet_bg.wasm.d.ts',
      'www/engine.d.ts',
      'www/engine.js',
      'www/profile.schema.json',
      'www/profile.d.ts',
      'www/diff.d.ts',
      'www/diff.schema.json',
      'www/sluice.d.ts',
      'www/sluice.js',
      'www/worker.js',
    ].sort(),
  );
  // Every path package.json points at is in the tarball, and it has no runtime dependencies.
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const targets = [pkg.main, pkg.module, pkg.types, ...Object.values(pkg.exports).flatMap((e) => Object.values(e))];
  for (const target of targets) expect(listed).toContain(target.replace(/^\.\//, ''));
  expect(pkg.dependencies ?? {}).toEqual({});
  // The installed copy is the packed one.
  const installed = path.join(out, 'app/node_modules/sluice');
  const wasm = (dir) => fs.readFileSync(path.join(dir, 'pkg/sluice_bg.wasm'));
  expect(wasm(installed).equals(wasm(root))).toBe(true);
});

for (const [how, dir, entry] of [
  ['bundled by Vite', 'app/dist', ''],
  ['as native ES modules without a bundler (import map)', 'app', 'nobundle.html'],
]) {
  test(`an app that installed the package mines a File, a Blob and ReadableStreams with it, ${how}`, async ({ page }) => {
    const site = await serve(path.join(out, dir));
    try {
      const errors = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(site.url + entry);
      await expect(page.locator('body')).toHaveAttribute('data-done', 'true');
      await expect(page.locator('#blob-rows')).toHaveText('5');
      await expect(page.locator('#stream-rows')).toHaveText('5');
      await expect(page.locator('#fetch-rows')).toHaveText('12');
      await expect(page.locator('#gzip-rows')).toHaveText('5');
      expect(Number(await page.locator('#fetch-progress').textContent())).toBeGreaterThan(0);
      await expect(page.locator('#abort')).toHaveText('AbortError');
      await expect(page.locator('#engine-rows')).toHaveText('5');

      await page.setInputFiles('#file', fixture);
      await expect(page.locator('#file-rows')).toHaveText('12');
      // A Parquet file: the worker loads the package's second wasm module (pkg-parquet/).
      await page.setInputFiles('#file', path.join(root, 'public/samples/seattle-weather.parquet'));
      await expect(page.locator('#file-rows')).toHaveText('1461');
      expect(errors).toEqual([]);
    } finally {
      await site.close();
    }
  });
}
