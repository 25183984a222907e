// Reads the File's stream to the end, doing nothing with the bytes but counting them.
self.onmessage = async (e) => {
  try {
    const reader = e.data.stream().getReader();
    let bytes = 0;
    let chunks = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      chunks++;
    }
    self.postMessage({ bytes, chunks });
  } catch (err) {
    self.postMessage({ error: String(err) });
  }
};
