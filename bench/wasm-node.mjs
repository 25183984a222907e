// Mines a file with the wasm engine in Node (V8, the engine Chromium runs), 1 MiB chunks:
// a quick way to compare wasm builds without a browser.
// Usage: node bench/wasm-node.mjs FILE [PKG_DIR=pkg] [runs=3]
import fs from 'node:fs';
import path from 'node:path';
const [file, pkgDir = 'pkg', runsArg = '3'] = process.argv.slice(2);
const dir = path.resolve(pkgDir);
const mod = await import(path.join(dir, 'sluice.js'));
mod.initSync({ module: fs.readFileSync(path.join(dir, 'sluice_bg.wasm')) });
const data = fs.readFileSync(file);
const times = [];
for (let r = 0; r < Number(runsArg); r++) {
  const t = performance.now();
  const m = new mod.Miner({});
  for (let i = 0; i < data.length; i += 1 << 20) m.push(data.subarray(i, Math.min(data.length, i + (1 << 20))));
  const p = m.finish();
  times.push((performance.now() - t) / 1000);
  if (r === 0) console.log(`rows ${p.rows}, peak linear ${(p.memory.peak_linear_bytes / 1048576).toFixed(1)} MiB`);
}
times.sort((a, b) => a - b);
console.log(`${path.basename(dir)}: median ${times[Math.floor(times.length / 2)].toFixed(3)} s = ${(data.length / 1e6 / times[Math.floor(times.length / 2)]).toFixed(1)} MB/s (min ${(data.length / 1e6 / times[0]).toFixed(1)})`);
