// How an app bundles Sluice with Vite. A plain object, so the test can build this fixture with the
// repository's Vite without installing Vite here.
export default {
  base: './',
  // sluice's mine() starts a module worker (`new Worker(new URL('./worker.js', import.meta.url),
  // { type: 'module' })`) that imports the wasm glue: bundle it as an ES module worker.
  worker: { format: 'es' },
  // Keep sluice out of dev pre-bundling, so `new URL(…, import.meta.url)` for its worker and wasm
  // still points at its own files under `vite` dev.
  optimizeDeps: { exclude: ['sluice'] },
};
