// Wraps DuckDB-WASM's worker script (given as ?src=) to let the benchmark read the size of its
// wasm linear memory (which only grows, so its size at the end is its peak). The probe answers
// on a MessagePort the page sends, so DuckDB's own message protocol never sees it.
let memory = null;
const findMemory = (...objects) => {
  for (const o of objects)
    for (const v of Object.values(o || {}))
      if (v instanceof WebAssembly.Memory) return v;
      else if (v && typeof v === 'object')
        for (const w of Object.values(v)) if (w instanceof WebAssembly.Memory) return w;
  return null;
};
for (const name of ['instantiate', 'instantiateStreaming']) {
  const original = WebAssembly[name];
  WebAssembly[name] = async function (source, imports) {
    const result = await original.call(WebAssembly, source, imports);
    const instance = result.instance || result;
    if (instance instanceof WebAssembly.Instance) memory = memory || findMemory(instance.exports, imports);
    return result;
  };
}
self.addEventListener('message', (e) => {
  if (e.data && e.data.benchMemory) {
    e.stopImmediatePropagation();
    e.data.benchMemory.postMessage({ bytes: memory ? memory.buffer.byteLength : null });
  }
});
importScripts(new URL(location.href).searchParams.get('src'));
