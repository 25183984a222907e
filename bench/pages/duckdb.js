import * as duckdb from '@duckdb/duckdb-wasm';
import { harness } from './common.js';

const dist = new URL('/node_modules/@duckdb/duckdb-wasm/dist/', location.href).href;
const BUNDLES = {
  mvp: { mainModule: dist + 'duckdb-mvp.wasm', mainWorker: dist + 'duckdb-browser-mvp.worker.js' },
  eh: { mainModule: dist + 'duckdb-eh.wasm', mainWorker: dist + 'duckdb-browser-eh.worker.js' },
};

let db, conn, worker, bundle;

/** Asks the wrapped DuckDB worker (duckdb-worker.js) for its wasm memory size, on a side port. */
function wasmMemory() {
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    port1.onmessage = (e) => resolve(e.data);
    worker.postMessage({ benchMemory: port2 }, [port2]);
    setTimeout(() => resolve(null), 2000);
  });
}

harness(
  async () => {
    bundle = await duckdb.selectBundle(BUNDLES);
    // duckdb-worker.js loads the real worker script and only adds a memory probe.
    worker = new Worker(`./duckdb-worker.js?src=${encodeURIComponent(bundle.mainWorker)}`);
    db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    const t = performance.now();
    await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
    await db.open({ filesystem: { allowFullHTTPReads: false } });
    conn = await db.connect();
    // read_csv and SUMMARIZE are built in; make sure nothing is fetched from the extension
    // repository on the internet.
    await conn.query('SET autoinstall_known_extensions = false');
    await conn.query('SET autoload_known_extensions = false');
    window.duckdbInfo = {
      version: await db.getVersion(),
      bundle: bundle.mainModule.split('/').pop(),
      load_ms: performance.now() - t,
    };
  },
  async (file) => {
    await db.registerFileHandle('data.csv', file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    const table = await conn.query("SUMMARIZE SELECT * FROM read_csv('data.csv')");
    const summary = table.toArray().map((r) => r.toJSON());
    await db.dropFile('data.csv');
    const counts = [...new Set(summary.map((r) => Number(r.count)))];
    const mem = await wasmMemory();
    return {
      rows: counts.length === 1 ? counts[0] : null,
      counts,
      columns: summary.length,
      linear_bytes: mem ? mem.bytes : null,
      ...window.duckdbInfo,
    };
  },
);
