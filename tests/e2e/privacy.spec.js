// Privacy and security of the page: not a single request is made while a file is mined (the
// engine is loaded before, by prepare()), and the page loads and mines under its
// Content-Security-Policy without a single violation. (That values from the file are rendered
// as text, never HTML, is tested in page.spec.js.)
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const fixture = path.join(root, 'tests/fixtures/people.csv');
const gen = path.join(root, 'target/release/examples/gen');

/** Collects CSP violations seen by the page: `securitypolicyviolation` events and console reports. */
async function watchCsp(page) {
  const violations = [];
  await page.exposeFunction('__sluiceCspViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (e) => window.__sluiceCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`),
      true,
    );
  });
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(`console: ${msg.text()}`);
  });
  return violations;
}

/** Waits until the service worker (which caches the worker and the wasm) controls the page. */
async function controlled(page) {
  await page.evaluate(async () => {
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('no service worker took control in 30 s')), 30_000));
    await Promise.race([navigator.serviceWorker.ready, timeout]);
    if (!navigator.serviceWorker.controller) {
      const change = new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
      await Promise.race([change, timeout]);
    }
  });
}

/**
 * Records every request of the context: the page, its workers and the service worker. Each entry
 * says what it was, so a failure shows which request it was.
 */
function recordRequests(context) {
  const seen = [];
  const record = (r) => seen.push(r);
  context.on('request', record);
  return {
    seen,
    get requests() {
      return seen.map((r) => `${r.method()} ${r.url()} (${r.resourceType()})`);
    },
    stop: () => context.off('request', record),
  };
}

/**
 * Watches the page's <body> from now on (a MutationObserver in the page): the returned function
 * resolves as soon as `data-state` next becomes "done", and rejects if it becomes "error" or
 * "cancelled" instead.
 */
async function watchForDone(page) {
  await page.evaluate(() => {
    window.__sluiceMined = new Promise((resolve, reject) => {
      const observer = new MutationObserver(() => {
        const state = document.body.dataset.state;
        if (state !== 'done' && state !== 'error' && state !== 'cancelled') return;
        observer.disconnect();
        if (state === 'done') resolve();
        else reject(new Error(`mining ended in state ${state}: ${document.getElementById('status').textContent}`));
      });
      observer.observe(document.body, { attributes: true, attributeFilter: ['data-state'] });
    });
  });
  return () => page.evaluate(() => window.__sluiceMined);
}

test('no request at all while a 50 MB file is mined, twice in the same page', async ({ page, context }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-privacy-'));
  const big = path.join(dir, 'big.csv');
  execFileSync(gen, ['--size', '50MB', big], { stdio: 'ignore' });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto('./');
    await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
    await controlled(page);
    // The page prepared the engine after its first paint: the worker and the wasm are loaded.
    await expect(page.locator('body')).toHaveAttribute('data-engine', 'ready');

    for (const run of [1, 2]) {
      // Every request of the page, its workers and the service worker, from the file to the
      // profile: there must be none, not even the site's own files from the service worker's
      // cache (an upload, a beacon, another origin would all show here).
      const done = await watchForDone(page);
      const during = recordRequests(context);
      await page.setInputFiles('#file-input', big);
      await done();
      during.stop();
      // After the run, the page prepares the next workers (not at once: once the results are on
      // screen). This recorder sees it load the worker script and the wasm, from the service
      // worker's cache, so the one above would have seen a worker started while mining too.
      const after = recordRequests(context);
      expect(during.requests, `requests while mining (run ${run})`).toEqual([]);
      await expect(page.locator('#status')).toContainText(/655.?354 rows/);
      await expect(page.locator('body')).toHaveAttribute('data-engine', 'ready');
      after.stop();
      const loads = [];
      for (const r of after.seen) {
        const file = new URL(r.url()).pathname.match(/\/assets\/(worker|sluice_bg)-[\w-]+\.(js|wasm)$/);
        if (file) loads.push(`${file[1]}.${file[2]} ${r.method()}${(await r.response())?.fromServiceWorker() ? ' from the service worker' : ''}`);
      }
      // One worker per core is prepared (a run mines a large file with all of them).
      const cores = await page.evaluate(() => Math.min(16, navigator.hardwareConcurrency || 1));
      expect(loads.sort(), after.requests.join('\n')).toEqual([
        ...Array(cores).fill('sluice_bg.wasm GET from the service worker'),
        ...Array(cores).fill('worker.js GET from the service worker'),
      ]);
    }
    expect(errors).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the page loads and mines under its Content-Security-Policy with no violation', async ({ page }) => {
  const violations = await watchCsp(page);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('./');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  for (const directive of [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "form-action 'none'",
  ]) {
    expect(csp).toContain(directive);
  }
  await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
  await page.setInputFiles('#file-input', fixture);
  await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
  await expect(page.locator('#status')).toContainText('12');
  // The whole report is drawn (the memory chart, and the lazily drawn parts once scrolled to).
  await expect(page.locator('#memory-chart canvas').first()).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.waitForTimeout(500);
  expect(violations).toEqual([]);
  expect(errors).toEqual([]);

  // The policy is enforced, and this test sees violations: an injected inline script and an
  // injected request to another origin are both blocked and reported.
  const blocked = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.__sluiceInline = 1';
    document.head.append(script);
    let fetched = 'allowed';
    try {
      await fetch('https://example.com/collect', { method: 'POST', body: 'x' });
    } catch {
      fetched = 'blocked';
    }
    return { inline: window.__sluiceInline ?? null, fetched };
  });
  expect(blocked).toEqual({ inline: null, fetched: 'blocked' });
  await expect.poll(() => violations.join('\n')).toMatch(/script-src/);
  await expect.poll(() => violations.join('\n')).toMatch(/connect-src/);
});
