// Sluice's service worker: keeps the page working offline after one visit.
//
// The build (the `sluice-offline` plugin in vite.config.js) writes this file to dist/sw.js with
// MANIFEST filled in: the page, its hashed JS, CSS, worker and wasm, and the public files
// (samples/), all relative to this script, and a version hashed from their contents.
//
// - install: caches every file of this version (hashed files already cached by an older
//   version are copied, not downloaded again).
// - activate: deletes this deployment's older caches and takes control of open pages.
// - fetch: the hashed files come from the cache. The page (navigations to the directory or
//   index.html) and the public files come from the network when it answers within 3 s, so an
//   online visit always sees the latest deployment, else from the cache. Everything else goes
//   to the network untouched. This worker sends nothing but GET requests for the site's files.
//
// A new version installs in the background and takes over once every tab of the old one is
// closed (no skipWaiting), so its offline copy replaces the old one only then; until then, a
// page of either version finds its own hashed files in the cache.
const MANIFEST = __SLUICE_PRECACHE__;

const HERE = new URL('./', self.location).href; // the site's directory
// One deployment = one directory; several may share an origin, so caches carry the directory.
const PREFIX = `sluice:${HERE}:`;
const CACHE = PREFIX + MANIFEST.version;
const INDEX = new URL('index.html', HERE).href;
const IMMUTABLE = new Set(MANIFEST.immutable.map((p) => new URL(p, HERE).href));
const ASSETS = new URL(MANIFEST.assetsDir, HERE).href; // where Vite puts content-hashed files
const FILES = new Set(MANIFEST.files.map((p) => new URL(p, HERE).href));
/** How long a page or public file may take from the network before the cached copy answers. */
const NETWORK_TIMEOUT_MS = 3000;

async function download(url) {
  let response = await fetch(new Request(url, { cache: 'no-cache', credentials: 'same-origin' }));
  if (!response.ok) throw new Error(`Sluice offline cache: ${url} answered ${response.status}`);
  // A redirected response cannot answer a navigation; keep only its body and headers.
  if (response.redirected) {
    response = new Response(await response.blob(), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  }
  return response;
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const copy = async (path, reuse) => {
        const url = new URL(path, HERE).href;
        const old = reuse ? await caches.match(url) : undefined;
        await cache.put(url, old ?? (await download(url)));
      };
      await Promise.all([
        ...MANIFEST.immutable.map((p) => copy(p, true)),
        ...MANIFEST.files.map((p) => copy(p, false)),
      ]);
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith(PREFIX) && key !== CACHE) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

/** A cached copy of `url` from any version of this deployment, newest cache first. */
async function anyVersion(url) {
  const keys = (await caches.keys()).filter((key) => key.startsWith(PREFIX)).reverse();
  for (const key of [CACHE, ...keys]) {
    const hit = await (await caches.open(key)).match(url);
    if (hit) return hit;
  }
  return undefined;
}

/** The network's answer, or this version's cached copy when the network fails or is slow. */
async function networkFirst(request, url) {
  const cached = caches.open(CACHE).then((cache) => cache.match(url));
  const network = fetch(request);
  network.catch(() => {}); // answered below, or no longer wanted
  const slow = new Promise((resolve) => setTimeout(resolve, NETWORK_TIMEOUT_MS));
  try {
    const first = await Promise.race([network, slow]);
    // A redirect (index.html to ./ on servers with clean URLs) is the network's answer too.
    if (first && (first.ok || first.type === 'opaqueredirect')) return first;
  } catch {
    // Offline, or the server is down: the cache answers.
  }
  return (await cached) ?? network;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  url.hash = '';
  if (request.mode === 'navigate') {
    url.search = '';
    if (url.href === HERE) url.href = INDEX;
  }
  if (IMMUTABLE.has(url.href) || url.href.startsWith(ASSETS)) {
    // Content-hashed: any cached copy is the right one (a page of a newer version, fetched
    // while this worker still runs, finds what the waiting new worker cached).
    event.respondWith(anyVersion(url.href).then((hit) => hit ?? fetch(request)));
  } else if (FILES.has(url.href)) {
    // index.html and the public files: fresh when online, this version's copy when not.
    event.respondWith(networkFirst(request, url.href));
  }
});
