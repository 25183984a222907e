// Registers Sluice's service worker (www/sw.js, built to sw.js next to index.html) so the page
// loads and mines with the network off after one visit. Relative URL and scope: the worker and
// its scope are the page's own directory, whatever sub-path the site is served under.
// Only for the built site over http(s) (or localhost): not under the `vite` dev server, not
// from file:, and a failure only means no offline mode.
function register() {
  navigator.serviceWorker.register('./sw.js', { scope: './' }).catch((err) => {
    console.warn(`Sluice works online only here: the offline service worker failed (${err?.message ?? err}).`);
  });
}

if (
  !import.meta.env?.DEV &&
  'serviceWorker' in navigator &&
  window.isSecureContext &&
  (location.protocol === 'https:' || location.protocol === 'http:')
) {
  // After the page has loaded, so caching never competes with the first paint.
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
