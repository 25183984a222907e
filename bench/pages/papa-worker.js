// A classic worker: Papa Parse streams the File in chunks (Papa.LocalChunkSize, 10 MB) and the
// chunk callback only counts rows. Nothing else is computed.
importScripts('/node_modules/papaparse/papaparse.min.js');
self.onmessage = (e) => {
  let rows = 0;
  let errors = 0;
  Papa.parse(e.data, {
    header: true,
    dynamicTyping: true,
    skipEmptyLines: true,
    chunk: (res) => {
      rows += res.data.length;
      errors += res.errors.length;
    },
    complete: () => self.postMessage({ rows, errors }),
    error: (err) => self.postMessage({ error: String(err) }),
  });
};
