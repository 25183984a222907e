// Privacy and security of the page: nothing is requested while a file is mined, and the page
// loads and mines under its Content-Security-Policy without a single violation. (That values
// from the file are rendered as text, never HTML, is tested in page.spec.js.)
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const dist = path.join(root, 'dist');
const fixture = path.join(root, 'tests/fixtures/people.csv');
const gen = path.join(root, 'target/release/examples/gen');

/** The site's own files, as URL paths relative to the site (assets/…, index.html, samples/…). */
function siteFiles(dir, prefix = '') {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? siteFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

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

test('nothing leaves the machine while a 50 MB file is mined', async ({ page, context, baseURL }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-privacy-'));
  const big = path.join(dir, 'big.csv');
  execFileSync(gen, ['--size', '50MB', big], { stdio: 'ignore' });
  try {
    await page.goto('./');
    await expect(page.locator('body')).toHaveAttribute('data-state', 'ready');
    await controlled(page);

    // Every request of the page, its workers and the service worker, from the file to the profile.
    const requests = [];
    const record = (request) => requests.push(request);
    context.on('request', record);
    await page.setInputFiles('#file-input', big);
    await expect(page.locator('body')).toHaveAttribute('data-state', 'done');
    context.off('request', record);
    await expect(page.locator('#status')).toContainText(/\d/);

    // The only ones allowed: mine() starting its worker, which loads the worker script and the
    // wasm, two of the site's own hashed files, by GET without a body, answered by the service
    // worker from its cache. Anything else (an upload, a beacon, another origin, another file)
    // fails the test.
    const own = new Set(
      siteFiles(dist)
        .filter((f) => /^assets\/(worker-[\w-]+\.js|sluice_bg-[\w-]+\.wasm)$/.test(f))
        .map((f) => new URL(f, baseURL).href),
    );
    expect(own.size).toBe(2);
    const unexpected = [];
    for (const r of requests) {
      const response = await r.response();
      const ok =
        own.has(r.url()) && r.method() === 'GET' && !r.postDataBuffer() && response?.fromServiceWorker() === true;
      if (!ok) unexpected.push(`${r.method()} ${r.url()} (${r.resourceType()}, from service worker: ${response?.fromServiceWorker()})`);
    }
    expect(unexpected).toEqual([]);
    expect(requests.length).toBeLessThanOrEqual(2);
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
