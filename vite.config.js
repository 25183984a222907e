import { defineConfig } from 'vite';

// The page is a static site: relative base so it works under any sub-path, ES module worker.
export default defineConfig({
  base: './',
  worker: { format: 'es' },
  build: { outDir: 'dist', target: 'es2022', assetsInlineLimit: 0 },
  server: { host: '127.0.0.1', port: 8080, strictPort: true },
  preview: { host: '127.0.0.1', port: 8080, strictPort: true },
});
