// The summary: what was mined (file, format, dialect, encoding, header), its size, rows and
// columns, the duplicate rows, the memory budget, and what mining took (workers, time,
// throughput, memory), as a list of terms and values.
import {
  fmtInt, fmtBytes, fmtMiB, fmtSeconds, fmtRate, fmtDelimiter, fmtDuplicates, duplicatesTitle, fmtBudget,
  headerText, dialectText, dialectTitle, encodingText, readerText, readerTitle, parquetText, parquetTitle, skippedText, datasetFiles,
} from './page-format.js';

/** One `<dt>label</dt><dd data-field="field">value</dd>` of the summary in `container`. */
export function addSummary(container, field, label, value, title) {
  const wrap = document.createElement('div');
  wrap.className = 'summary-item';
  const dt = document.createElement('dt');
  dt.textContent = label;
  const dd = document.createElement('dd');
  dd.dataset.field = field;
  dd.textContent = value;
  if (title) dd.title = title;
  wrap.append(dt, dd);
  container.append(wrap);
}

/** An Excel workbook's sheet: a picker that calls `onSheet(name)` to mine another sheet. */
function addSheetPicker(container, sheet, onSheet) {
  addSummary(container, 'sheet', 'Sheet', sheet.sheets.length > 1 ? '' : sheet.name);
  if (sheet.sheets.length < 2) return;
  const dd = container.querySelector('dd[data-field="sheet"]');
  const select = document.createElement('select');
  select.id = 'sheet-picker';
  select.setAttribute('aria-label', 'Worksheet to mine');
  sheet.sheets.forEach((name, i) => select.append(new Option(name, name, false, i + 1 === sheet.index)));
  select.addEventListener('change', () => onSheet(select.value));
  dd.append(select);
}

/** The file a saved profile was mined from: its name and size, as far as the profile says. */
export function savedSource(p, file) {
  const files = Array.isArray(p.files) ? p.files : [];
  const size = files.length === 1 && p.compression && typeof p.compression.compressed_bytes === 'number'
    ? p.compression.compressed_bytes
    : files.length ? files.reduce((n, f) => n + (typeof f.bytes === 'number' ? f.bytes : 0), 0) : p.bytes;
  return { name: files.length ? String(files[0].name) : file.name.replace(/\.profile\.json$/i, ''), size };
}

/**
 * The summary of profile `p` in `container` (a `<dl>`): of `file` ({ name, size }), mined in
 * `secs` seconds at `rate` MB/s, or (`saved`) read back from a saved profile. `onSheet(name)`
 * mines another sheet of a workbook.
 */
export function renderSummary(container, file, p, secs, rate, saved = false, onSheet = () => {}) {
  const mem = p.memory || {};
  const add = (...a) => addSummary(container, ...a);
  container.replaceChildren();
  add('file', 'File', file.name);
  const files = Array.isArray(p.files) ? p.files : [];
  if (files.length > 1) {
    const { mixed, lines } = datasetFiles(files);
    add('files', 'Files', `${fmtInt(files.length)} files, one dataset${mixed ? ` of ${mixed}` : ''}`, lines.join('\n'));
  }
  if (saved) add('opened', 'Opened', `a saved profile (profile version ${p.profile_version ?? 1})`);
  add('format', 'Format', readerText(p), readerTitle(p));
  if (p.sheet && saved) add('sheet', 'Sheet', String(p.sheet.name));
  else if (p.sheet) addSheetPicker(container, p.sheet, onSheet);
  if (p.parquet) add('parquet', 'Parquet layout', parquetText(p.parquet), parquetTitle(p.parquet));
  if (p.format !== 'xlsx' && p.format !== 'parquet') add('delimiter', 'Delimiter', fmtDelimiter(p.delimiter));
  add('size', 'Size', fmtBytes(file.size));
  if (typeof p.bytes === 'number' && p.bytes !== file.size) {
    add('bytes', 'Bytes mined', fmtBytes(p.bytes));
  }
  add('rows', 'Rows', fmtInt(p.rows));
  add('columns', 'Columns', fmtInt((p.columns || []).length));
  if (typeof p.duplicate_rows === 'number') {
    add('duplicate-rows', 'Duplicate rows', fmtDuplicates(p), duplicatesTitle(p));
  }
  if (typeof p.memory_budget_bytes === 'number') {
    add('memory-budget', 'Memory budget', fmtBudget(p),
      'Every statistic is exact while its state fits this budget; estimated ones show ≈ and their error bound');
  }
  if (typeof p.blank_rows === 'number') {
    add('blank-rows', 'Blank rows', fmtInt(p.blank_rows),
      'Empty lines plus records whose fields are all empty');
  }
  if (typeof p.lines === 'number') add('lines', 'Lines', fmtInt(p.lines));
  if (typeof p.blank_lines === 'number') add('blank-lines', 'Blank lines', fmtInt(p.blank_lines));
  if (p.encoding) add('encoding', 'Encoding', encodingText(p), p.encoding_reason || undefined);
  if (p.dialect) add('dialect', 'Dialect', dialectText(p.dialect), dialectTitle(p.dialect));
  if (p.skipped_lines > 0 || p.comment_lines > 0) {
    const f = (p.findings || []).find((x) => x.kind === 'skipped_lines');
    add('skipped-lines', 'Skipped lines', skippedText(p), f ? f.message : undefined);
  }
  if (p.header) add('header', 'Header', headerText(p.header), p.header.reason);
  if (typeof p.workers === 'number') {
    add('workers', 'Workers', fmtInt(p.workers), p.parallel_note || undefined);
  }
  if (!saved) {
    add('time', 'Time', `${fmtSeconds(secs)} s`);
    add('throughput', 'Throughput', `${fmtRate(rate)} MB/s`);
  }
  const perWorker = Array.isArray(mem.workers_peak_linear_bytes) && mem.workers_peak_linear_bytes.length > 1
    ? `The highest of the workers' (each its own wasm instance): ${mem.workers_peak_linear_bytes.map((b, i) => `worker ${i + 1} ${fmtMiB(b)}`).join(', ')}`
    : undefined;
  add('peak-linear', 'Peak wasm memory', fmtMiB(mem.peak_linear_bytes), perWorker);
  add('peak-heap', 'Peak heap', fmtMiB(mem.peak_heap_bytes));
  if (typeof mem.allocations === 'number') add('allocations', 'Allocations', fmtInt(mem.allocations));
  if (p.sluice_version) add('version', 'Engine', `Sluice ${p.sluice_version}`);
  add('profile-version', 'Profile version', String(p.profile_version ?? 1),
    'The version of the profile\'s shape (profile_version): a saved profile of this version or older opens here');
}
