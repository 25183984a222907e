// Uses Sluice exactly as an app would after `npm install sluice`, and writes each result into
// the page: a row count, or `error: …`. tests/e2e/package.spec.js reads them.
import { mine } from 'sluice';
import { init, Miner } from 'sluice/engine';

const CSV = 'id,name,score\n1,ada,3.5\n2,grace,4\n3,linus,\n4,margaret,5.25\n5,barbara,1\n';
const show = (id, value) => {
  document.getElementById(id).textContent = String(value);
};
const attempt = async (id, run) => {
  try {
    show(id, await run());
  } catch (err) {
    show(id, `error: ${err?.name}: ${err?.message}`);
  }
};

document.getElementById('file').addEventListener('change', (event) => {
  const file = event.target.files[0];
  attempt('file-rows', async () => (await mine(file)).rows);
});

let progressCalls = 0;
await Promise.all([
  attempt('blob-rows', async () => (await mine(new Blob([CSV], { type: 'text/csv' }))).rows),
  attempt('stream-rows', async () => (await mine(new Blob([CSV]).stream(), { name: 'scores.csv' })).rows),
  attempt('fetch-rows', async () => {
    const response = await fetch('./people.csv');
    if (!response.ok) throw new Error(`people.csv: ${response.status}`);
    const total = Number(response.headers.get('Content-Length')) || undefined;
    const profile = await mine(response.body, { name: 'people.csv', total, onProgress: () => progressCalls++ });
    show('fetch-progress', progressCalls);
    return profile.rows;
  }),
  attempt('gzip-rows', async () => {
    const gz = new Blob([CSV]).stream().pipeThrough(new CompressionStream('gzip'));
    return (await mine(gz, { gzip: true })).rows;
  }),
  attempt('abort', async () => {
    try {
      await mine(new Blob([CSV]), { signal: AbortSignal.abort() });
      return 'not aborted';
    } catch (err) {
      return err.name;
    }
  }),
  attempt('engine-rows', async () => {
    await init();
    const miner = new Miner({});
    miner.push(new TextEncoder().encode(CSV));
    const profile = miner.finish();
    miner.free();
    return profile.rows;
  }),
]);
document.body.dataset.done = 'true';
