// Offline static hosting: the built site (dist/) served by a plain static server under a
// sub-path works there, and after one visit its service worker lets it load and mine with the
// network off (the server stopped and the browser offline).
import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const dist = path.join(root, 'dist');
const fixture = path.join(root, 'tests/fixtures/people.csv');
const SUB = '/deep/path/';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.csv': 'text/csv; charset=utf-8',
  '.json': 'application/json',
  '.md': 'text/markdown; charset=utf-8',
};

/** A plain static server for `dir` under the URL path `prefix` (404 anywhere else). */
async function serve(dir, prefix) {
  const hits = [];
  const server = http.createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://x');
    let file = null;
    if (pathname.startsWith(prefix)) {
      file = path.join(dir, decodeURIComponent(pathname.slice(prefix.length)));
      if (file.endsWith(path.sep) || file === dir) file = path.join(file, 'index.html');
    }
    if (!file || !file.startsWith(dir + path.sep) || !fs.statSync(file, { throwIfNoEntry: false })?.isFile()) {
      hits.push({ method: req.method, path: pathname, status: 404 });
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    hits.push({ method: req.method, path: pathname, status: 200 });
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}${prefix}`,
    hits,
    close: () =>
      new Promise((resolve) => {
        server.close(resolve);
        server.closeAllConnections();
      }),
  };
}

let site;
test.beforeEach(async () => {
  expect(fs.existsSync(path.join(dist, 'sw.js')), 'dist/sw.js (npm run build)').toBe(true);
  site = await serve(dist, SUB);
});
test.afterEach(async () => {
  await site?.close();
});

async function mine(page, file) {
  await page.setInputFiles('#file-input', file);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
  await expect(page.locator('#status')).toContainText('12');
}

/** Waits until the service worker controls the page; returns its scope. */
async function controlled(page) {
  return page.evaluate(async () => {
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('no service worker took control in 30 s')), 30_000));
    const registration = await Promise.race([navigator.serviceWorker.ready, timeout]);
    if (!navigator.serviceWorker.controller) {
      const change = new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
      await Promise.race([change, timeout]);
    }
    return registration.scope;
  });
}

test('the built site works under a sub-path of a plain static server', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(site.url);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
  await mine(page, fixture);
  expect(await controlled(page)).toBe(site.url);
  // Every file was asked for under the sub-path, and found.
  expect(site.hits.length).toBeGreaterThan(0);
  expect(site.hits.filter((h) => !h.path.startsWith(SUB) || h.status !== 200 || h.method !== 'GET')).toEqual([]);
  const cached = await page.evaluate(async () => {
    const urls = [];
    for (const key of await caches.keys()) {
      for (const request of await (await caches.open(key)).keys()) urls.push(new URL(request.url).pathname);
    }
    return urls.sort();
  });
  // The service worker precached every file of the site (the page, its JS and CSS, the worker,
  // the wasm, samples/), and only those, under the sub-path.
  const files = (dir, prefix = '') =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
    );
  const expected = files(dist).filter((f) => f !== 'sw.js').map((f) => SUB + f).sort();
  expect(cached).toEqual(expected);
  for (const pattern of [/^assets\/worker-[\w-]+\.js$/, /^assets\/sluice_bg-[\w-]+\.wasm$/, /^assets\/index-[\w-]+\.css$/]) {
    expect(expected.some((u) => pattern.test(u.slice(SUB.length))), String(pattern)).toBe(true);
  }
  expect(errors).toEqual([]);
});

test('after one visit, the page loads and mines with the network off', async ({ page, context }) => {
  await page.goto(site.url);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
  await controlled(page);
  // The page prepares its engine after load: let that download finish before the server goes
  // away, or it fails for a reason that has nothing to do with being offline.
  await expect(page.locator('body')).toHaveAttribute('data-engine', 'ready');

  await site.close();
  await context.setOffline(true);
  const failed = [];
  page.on('requestfailed', (r) => failed.push(r.url()));
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  await mine(page, fixture);
  await expect(page.locator('#columns-table tr[data-column="id"] .col-type')).toHaveText(/integer/);
  expect(failed).toEqual([]);

  // A second visit in a new tab, still offline.
  const again = await context.newPage();
  await again.goto(site.url);
  await expect(again.locator('body')).toHaveAttribute('data-state', 'ready');
  await mine(again, fixture);
});

test('online, a new deployment shows at once; offline, the cached one still mines', async ({ page, context }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-deploy-'));
  fs.cpSync(dist, dir, { recursive: true });
  await site.close();
  site = await serve(dir, SUB);
  try {
    await page.goto(site.url);
    await controlled(page);
    const title = await page.title();

    // Redeploy the page (same assets): the next online load gets it from the server.
    const index = path.join(dir, 'index.html');
    fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace(/<title>[^<]*/, '<title>Sluice redeployed'));
    await page.reload();
    await expect(page).toHaveTitle('Sluice redeployed');
    await expect(page.locator('body')).toHaveAttribute('data-engine', 'ready');

    await site.close();
    await context.setOffline(true);
    await page.reload();
    await expect(page).toHaveTitle(title);
    await mine(page, fixture);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
