// The file inputs: the drop zone (click, keyboard, drag and drop of files and folders), the file
// picker (several files) and the folder picker. What was given goes to the page's handlers.

/** A file's path: in the folder picked (webkitRelativePath) or dropped (sluicePath), else its name. */
export function pathOfFile(f) {
  return f.webkitRelativePath || f.sluicePath || f.name;
}

/** A folder's files as the CLI lists a directory: by path, leaving out names starting with `.`
 * or `_` (`.DS_Store`, Spark's `_SUCCESS`) and what is inside such folders. */
export function folderFiles(files) {
  return files
    .filter((f) => !pathOfFile(f).split('/').some((part, i, all) => i > 0 && /^[._]/.test(part)))
    .sort((a, b) => {
      // Folder by folder, each by name (a folder's files and subfolders as the CLI walks them).
      const x = pathOfFile(a).split('/');
      const y = pathOfFile(b).split('/');
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        if (x[i] !== y[i]) return x[i] < y[i] ? -1 : 1;
      }
      return x.length - y.length;
    });
}

/**
 * Wires `els` ({ dropZone, fileInput, folderInput }): `on.files(files)` gets the files picked or
 * dropped (one or several), `on.folder(files)` a folder's files (picked or dropped, read
 * recursively, in the CLI's order, possibly none).
 */
export function wireInputs(els, on) {
  els.fileInput.addEventListener('change', () => {
    const files = Array.from(els.fileInput.files || []);
    on.files(files);
    // Allow picking the same file again.
    els.fileInput.value = '';
  });

  els.folderInput.addEventListener('change', () => {
    on.folder(folderFiles(Array.from(els.folderInput.files || [])));
    els.folderInput.value = '';
  });

  /** The files of dropped items, folders read recursively (FileSystemEntry): each File gets its
   * path in `sluicePath`. */
  async function droppedFiles(items) {
    const entries = Array.from(items || [])
      .map((it) => (typeof it.webkitGetAsEntry === 'function' ? it.webkitGetAsEntry() : null))
      .filter(Boolean);
    const out = [];
    const fileOf = (entry) => new Promise((res, rej) => entry.file(res, rej));
    const readAll = async (dir) => {
      const reader = dir.createReader();
      const all = [];
      for (;;) {
        const batch = await new Promise((res, rej) => reader.readEntries(res, rej));
        if (batch.length === 0) return all;
        all.push(...batch);
      }
    };
    const walk = async (entry, prefix) => {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isFile) {
        const f = await fileOf(entry);
        try {
          Object.defineProperty(f, 'sluicePath', { value: path });
        } catch {
          // a File that cannot take the property is listed by its name
        }
        out.push(f);
      } else if (entry.isDirectory) {
        for (const e of await readAll(entry)) await walk(e, path);
      }
    };
    for (const e of entries) await walk(e, '');
    return { files: out, folders: entries.some((e) => e.isDirectory) };
  }

  els.dropZone.addEventListener('click', (e) => {
    // The label already opens the picker by itself.
    if (e.target instanceof Element && e.target.closest('label, input')) return;
    els.fileInput.click();
  });

  els.dropZone.addEventListener('keydown', (e) => {
    if (e.target !== els.dropZone) return;
    if (e.key === 'Enter' || e.key === ' ' || e.key === 'Spacebar') {
      e.preventDefault();
      els.fileInput.click();
    }
  });

  let dragDepth = 0;
  els.dropZone.addEventListener('dragenter', (e) => {
    e.preventDefault();
    dragDepth += 1;
    els.dropZone.classList.add('dragging');
  });
  els.dropZone.addEventListener('dragover', (e) => {
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
  });
  els.dropZone.addEventListener('dragleave', () => {
    dragDepth = Math.max(0, dragDepth - 1);
    if (dragDepth === 0) els.dropZone.classList.remove('dragging');
  });
  els.dropZone.addEventListener('drop', (e) => {
    e.preventDefault();
    dragDepth = 0;
    els.dropZone.classList.remove('dragging');
    const dt = e.dataTransfer;
    if (!dt) return;
    const plain = Array.from(dt.files || []);
    const hasEntries = Array.from(dt.items || []).some((it) => typeof it.webkitGetAsEntry === 'function');
    if (!hasEntries) {
      on.files(plain);
      return;
    }
    // Read the entries now: a drop's items are only readable during the event.
    droppedFiles(dt.items).then(
      ({ files, folders }) => {
        if (folders) on.folder(folderFiles(files));
        else on.files(files.length ? files : plain);
      },
      () => on.files(plain),
    );
  });

  // A file dropped next to the drop zone must not make the browser navigate away.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());
}
