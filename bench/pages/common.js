// Shared by the benchmark pages: the same protocol as the Sluice page. The page sets
// body[data-state] to "ready" once its engine is loaded, the runner gives the file with
// setInputFiles('#file-input'), and the page sets "done" (or "error") and window.benchResult:
// { rows, bytes, linear_bytes, ms, ... } (fields the engine cannot report are null).
export function harness(prepare, run) {
  const body = document.body;
  const input = document.getElementById('file-input');
  const out = document.getElementById('out');
  const fail = (e) => {
    window.benchResult = { error: String(e && e.stack ? e.stack : e) };
    out.textContent = window.benchResult.error;
    body.dataset.state = 'error';
  };
  input.addEventListener('change', async () => {
    const file = input.files[0];
    body.dataset.state = 'running';
    const t0 = performance.now();
    try {
      const r = await run(file);
      window.benchResult = { rows: null, bytes: null, linear_bytes: null, ...r, ms: performance.now() - t0 };
      out.textContent = JSON.stringify(window.benchResult);
      body.dataset.state = 'done';
    } catch (e) {
      fail(e);
    }
  });
  body.dataset.state = 'loading';
  Promise.resolve()
    .then(prepare)
    .then(() => (body.dataset.state = 'ready'), fail);
}

/** Runs one job in a worker: posts `msg`, resolves with the worker's first reply. */
export function inWorker(worker, msg) {
  return new Promise((resolve, reject) => {
    worker.onmessage = (e) => (e.data && e.data.error ? reject(new Error(e.data.error)) : resolve(e.data));
    worker.onerror = (e) => reject(new Error(e.message || 'worker error'));
    worker.postMessage(msg);
  });
}
