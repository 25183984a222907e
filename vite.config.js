import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vite';

const SW_SOURCE = 'www/sw.js';
const SW_MARKER = '__SLUICE_PRECACHE__';

/** Every file under `dir` (dotfiles skipped), as POSIX paths relative to `dir`. */
function listFiles(dir, prefix = '') {
  if (!dir || !fs.existsSync(dir)) return [];
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const rel = prefix + entry.name;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full, `${rel}/`));
    else if (entry.isFile()) out.push(rel);
  }
  return out;
}

/**
 * Offline support. At build time, emits `sw.js` next to index.html: www/sw.js with the precache
 * manifest filled in from Vite's bundle (index.html, the hashed JS, CSS, worker and wasm) and
 * the public directory (samples/), plus a version hashed from all their contents, so every
 * build that changes any file gets a new service worker and a new cache.
 * In `vite` dev, `sw.js` is a worker that unregisters itself (a worker left by `vite preview`
 * on the same origin would otherwise serve the built page), and the CSP allows the inline
 * <style> elements the dev server injects.
 */
function sluiceOffline() {
  let config;
  return {
    name: 'sluice-offline',
    configResolved(resolved) {
      config = resolved;
    },
    transformIndexHtml(html, ctx) {
      if (!ctx.server) return html;
      return html.replace(/(Content-Security-Policy"\s+content="[^"]*style-src 'self')/, "$1 'unsafe-inline'");
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const base = server.config.base.startsWith('/') ? server.config.base : '/';
        if (req.url?.split('?')[0] !== `${base}sw.js`) return next();
        res.setHeader('Content-Type', 'text/javascript');
        res.setHeader('Cache-Control', 'no-store');
        res.end(`// Dev server: remove any Sluice service worker and its caches, then reload.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil((async () => {
  for (const key of await caches.keys()) if (key.startsWith('sluice:')) await caches.delete(key);
  await self.registration.unregister();
  for (const client of await self.clients.matchAll({ type: 'window' })) client.navigate(client.url);
})()));
`);
      });
    },
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const files = new Map(); // path relative to outDir -> contents
        for (const [fileName, item] of Object.entries(bundle)) {
          if (fileName.endsWith('.map')) continue;
          files.set(fileName, item.type === 'chunk' ? item.code : item.source);
        }
        const publicDir = config.build.copyPublicDir ? config.publicDir : null;
        for (const rel of listFiles(publicDir)) {
          if (!files.has(rel)) files.set(rel, fs.readFileSync(path.join(publicDir, rel)));
        }
        files.delete('sw.js');
        if (!files.has('index.html')) this.error('sluice-offline: the bundle has no index.html');

        const names = [...files.keys()].sort();
        const hash = createHash('sha256');
        for (const name of names) hash.update(`${name}\0`).update(files.get(name)).update('\0');
        const assetsDir = `${config.build.assetsDir}/`;
        const manifest = {
          version: hash.digest('hex').slice(0, 16),
          assetsDir,
          // Content-hashed files (Vite's output under assets/): never change under their name.
          immutable: names.filter((n) => n.startsWith(assetsDir)),
          // Everything else (index.html, public files): fetched again for each new version.
          files: names.filter((n) => !n.startsWith(assetsDir)),
        };

        const source = fs.readFileSync(path.resolve(config.root, SW_SOURCE), 'utf8');
        if (!source.includes(SW_MARKER)) this.error(`sluice-offline: ${SW_SOURCE} lacks ${SW_MARKER}`);
        this.emitFile({
          type: 'asset',
          fileName: 'sw.js',
          source: source.replace(SW_MARKER, JSON.stringify(manifest, null, 2)),
        });
      },
    },
  };
}

// The page is a static site: relative base so it works under any sub-path, ES module worker.
export default defineConfig({
  base: './',
  worker: { format: 'es' },
  plugins: [sluiceOffline()],
  // Only the page: tests/consumer/*.html import the installed package, which is not here.
  optimizeDeps: { entries: ['index.html'] },
  build: { outDir: 'dist', target: 'es2022', assetsInlineLimit: 0 },
  server: { host: '127.0.0.1', port: 8080, strictPort: true },
  preview: { host: '127.0.0.1', port: 8080, strictPort: true },
});
