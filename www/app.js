// Sluice web page (UI only). Everything that comes from the mined file is
// rendered with textContent / createElement — never as HTML.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './app.css';
import { mine } from './sluice.js';

// ---------------------------------------------------------------- elements

const $ = (id) => document.getElementById(id);

const el = {
  fileInput: $('file-input'),
  dropZone: $('drop-zone'),
  progress: $('progress'),
  progressText: $('progress-text'),
  cancel: $('cancel'),
  status: $('status'),
  download: $('download-json'),
  chart: $('memory-chart'),
  results: $('results'),
  summary: $('summary'),
  findings: $('findings'),
  table: $('columns-table'),
  moreBar: $('columns-more-bar'),
  more: $('columns-more'),
  all: $('columns-all'),
  shown: $('columns-shown'),
};

// ---------------------------------------------------------------- formatting

const LOCALE = 'en-US';
const intFmt = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const sig4Fmt = new Intl.NumberFormat(LOCALE, { maximumSignificantDigits: 4, useGrouping: 'min2' });
const DASH = '—';

/** Integer with thousands separators. */
function fmtInt(n) {
  return typeof n === 'number' && Number.isFinite(n) ? intFmt.format(n) : DASH;
}

/** Sizes: decimal units (1 MB = 1e6 B). */
function fmtBytes(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return DASH;
  const a = Math.abs(n);
  if (a < 1e3) return `${intFmt.format(n)} B`;
  if (a < 1e6) return `${(n / 1e3).toFixed(1)} KB`;
  if (a < 1e9) return `${(n / 1e6).toFixed(1)} MB`;
  if (a < 1e12) return `${(n / 1e9).toFixed(1)} GB`;
  return `${(n / 1e12).toFixed(1)} TB`;
}

/** Memory: binary units. */
function fmtMiB(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return DASH;
  return `${(n / 1048576).toFixed(1)} MiB`;
}

function fmtSeconds(s) {
  if (!Number.isFinite(s)) return DASH;
  if (s < 10) return s.toFixed(2);
  if (s < 100) return s.toFixed(1);
  return intFmt.format(Math.round(s));
}

function fmtRate(mbPerS) {
  return Number.isFinite(mbPerS) ? mbPerS.toFixed(1) : DASH;
}

/** Computed statistics (mean, std): 4 significant digits. */
function fmtStat(v) {
  if (v === null || v === undefined) return DASH;
  if (typeof v !== 'number') return String(v);
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e15 || a < 1e-4)) return v.toExponential(3);
  return sig4Fmt.format(v);
}

/** Data values (min, max): shown as they are, floats trimmed to 6 significant digits. */
function fmtValue(v) {
  if (v === null || v === undefined) return DASH;
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || Number.isInteger(v)) return String(v);
    return String(Number(v.toPrecision(6)));
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

const DELIMITER_NAMES = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe', ' ': 'space', ':': 'colon' };
function fmtDelimiter(d) {
  if (typeof d !== 'string') return DASH;
  const name = DELIMITER_NAMES[d];
  const shown = d === '\t' ? '\\t' : d;
  return name ? `${shown} (${name})` : shown;
}

/** "data.csv" -> "data", "data.csv.gz" -> "data", "data" -> "data". */
function baseName(name) {
  let n = String(name || '');
  n = n.replace(/\.(gz|gzip)$/i, '');
  const dot = n.lastIndexOf('.');
  if (dot > 0) n = n.slice(0, dot);
  return n || 'profile';
}

// ---------------------------------------------------------------- state

const setState = (s) => { document.body.dataset.state = s; };

let run = null;        // { id, controller, file, start } of the current mining run
let runCounter = 0;
let profile = null;    // last profile mine() resolved with
let profileName = '';  // file name that profile belongs to

function setStatus(text) {
  if (el.status.textContent !== text) el.status.textContent = text;
}

// ---------------------------------------------------------------- memory chart

const hasJsHeap = typeof performance !== 'undefined' && !!performance.memory
  && typeof performance.memory.usedJSHeapSize === 'number';

const CHART_HEIGHT = 260;
const MAX_POINTS = 4000;
const MiB = 1048576;

// x: MB mined; then one array per series (MiB).
let chartData = emptyChartData();
let chart = null;

function emptyChartData() {
  return hasJsHeap ? [[], [], [], []] : [[], [], []];
}

const darkQuery = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
const theme = { axis: '#444', grid: 'rgba(0,0,0,0.08)' };
function readTheme() {
  const cs = getComputedStyle(document.documentElement);
  theme.axis = cs.getPropertyValue('--chart-axis').trim() || theme.axis;
  theme.grid = cs.getPropertyValue('--chart-grid').trim() || theme.grid;
}

function chartWidth() {
  return Math.max(200, Math.floor(el.chart.clientWidth || 600));
}

function mibValue(_u, v) {
  return v == null ? DASH : `${v.toFixed(1)} MiB`;
}

/** Tick labels with just enough decimals for the tick spacing (small files mine < 1 MB). */
function axisValues(_u, splits) {
  const step = splits.length > 1 ? Math.abs(splits[1] - splits[0]) : 1;
  let decimals = 0;
  if (step > 0) {
    for (; decimals < 10; decimals++) {
      const x = step * 10 ** decimals;
      if (Math.round(x) >= 1 && Math.abs(x - Math.round(x)) < 1e-6 * x) break;
    }
  }
  return splits.map((v) => (v == null ? '' : Number(v).toLocaleString(LOCALE, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  })));
}

function createChart() {
  readTheme();
  const axisStyle = {
    stroke: () => theme.axis,
    grid: { stroke: () => theme.grid, width: 1 },
    ticks: { stroke: () => theme.grid, width: 1 },
  };
  const series = [
    { label: 'MB mined', value: (_u, v) => (v == null ? DASH : `${v.toFixed(1)} MB`) },
    { label: 'wasm linear memory', stroke: '#3b82f6', fill: 'rgba(59,130,246,0.12)', width: 2, value: mibValue },
    { label: 'heap in use', stroke: '#f59e0b', width: 2, value: mibValue },
  ];
  if (hasJsHeap) series.push({ label: 'JS heap', stroke: '#a855f7', width: 2, dash: [6, 4], value: mibValue });

  const opts = {
    width: chartWidth(),
    height: CHART_HEIGHT,
    padding: [12, 32, null, null],
    scales: { x: { time: false }, y: { range: (_u, min, max) => [0, Math.max(1, max * 1.1)] } },
    series,
    axes: [
      { ...axisStyle, label: 'MB mined', values: axisValues, space: 90 },
      { ...axisStyle, label: 'MiB', size: 56 },
    ],
    legend: { show: true },
    cursor: { drag: { x: true, y: false } },
  };
  chart = new uPlot(opts, chartData, el.chart);
}

function resetChart() {
  chartData = emptyChartData();
  if (chart) chart.setData(chartData);
}

function pushChartPoint(p) {
  const mem = p.memory || {};
  chartData[0].push((p.bytes || 0) / 1e6);
  chartData[1].push(typeof mem.linear_bytes === 'number' ? mem.linear_bytes / MiB : null);
  chartData[2].push(typeof mem.heap_bytes === 'number' ? mem.heap_bytes / MiB : null);
  if (hasJsHeap) chartData[3].push(performance.memory.usedJSHeapSize / MiB);
  // Keep the chart cheap for very long runs: halve the resolution of old points.
  if (chartData[0].length > MAX_POINTS) {
    chartData = chartData.map((arr) => arr.filter((_v, i) => i % 2 === 0 || i === arr.length - 1));
  }
  if (chart) chart.setData(chartData);
}

function resizeChart() {
  if (!chart) return;
  const w = chartWidth();
  if (w !== chart.width) chart.setSize({ width: w, height: CHART_HEIGHT });
}

let resizeQueued = false;
function queueResize() {
  if (resizeQueued) return;
  resizeQueued = true;
  requestAnimationFrame(() => { resizeQueued = false; resizeChart(); });
}

// ---------------------------------------------------------------- progress

let lastProgressText = '';

function showProgress(p, startedAt) {
  const bytes = typeof p.bytes === 'number' ? p.bytes : 0;
  const total = typeof p.total === 'number' && p.total > 0 ? p.total : null;

  if (total !== null) {
    el.progress.max = 1;
    el.progress.value = Math.min(1, bytes / total);
  } else if (el.progress.hasAttribute('value')) {
    el.progress.removeAttribute('value'); // indeterminate
  }

  const secs = (performance.now() - startedAt) / 1000;
  const rate = secs > 0 ? bytes / 1e6 / secs : NaN;
  const parts = [total !== null ? `${fmtBytes(bytes)} of ${fmtBytes(total)}` : fmtBytes(bytes)];
  if (Number.isFinite(rate)) parts.push(`${fmtRate(rate)} MB/s`);
  parts.push(`${fmtInt(p.rows || 0)} rows`);
  const text = parts.join(' · ');
  if (text !== lastProgressText) {
    lastProgressText = text;
    el.progressText.textContent = text;
  }
}

// ---------------------------------------------------------------- mining

function clearResults() {
  profile = null;
  profileName = '';
  el.download.disabled = true;
  el.results.hidden = true;
  el.summary.replaceChildren();
  el.findings.replaceChildren();
  el.table.tBodies[0].replaceChildren();
  el.moreBar.hidden = true;
  pendingColumns = [];
}

async function startMining(file) {
  if (!file) return;
  if (run) run.controller.abort(); // a new file replaces the one being mined

  const id = ++runCounter;
  const controller = new AbortController();
  const startedAt = performance.now();
  run = { id, controller, file, startedAt };

  clearResults();
  resetChart();
  lastProgressText = '';
  el.progress.max = 1;
  el.progress.value = 0;
  el.progressText.textContent = 'Starting…';
  el.cancel.disabled = false;
  setStatus(`Mining ${file.name}…`);
  setState('mining');

  const isCurrent = () => run && run.id === id;

  try {
    const result = await mine(file, {
      signal: controller.signal,
      onProgress(p) {
        if (!isCurrent() || !p) return;
        showProgress(p, startedAt);
        pushChartPoint(p);
      },
    });
    if (!isCurrent()) return;
    const secs = (performance.now() - startedAt) / 1000;
    run = null;
    el.cancel.disabled = true;
    finish(file, result, secs);
  } catch (err) {
    if (!isCurrent()) return;
    run = null;
    el.cancel.disabled = true;
    if (err && err.name === 'AbortError') {
      setStatus('Cancelled');
      setState('cancelled');
    } else {
      showError(err);
    }
  }
}

function showError(err) {
  const msg = err && typeof err === 'object' && 'message' in err ? err.message : String(err);
  setStatus(`Error: ${msg || 'unknown error'}`);
  setState('error');
  if (!el.progress.hasAttribute('value')) el.progress.value = 0;
}

function finish(file, result, secs) {
  profile = result;
  profileName = file.name;
  try {
    const bytes = typeof result.bytes === 'number' ? result.bytes : file.size;
    const rate = secs > 0 ? bytes / 1e6 / secs : NaN;

    el.progress.max = 1;
    el.progress.value = 1;
    el.progressText.textContent =
      `${fmtBytes(bytes)} · ${fmtRate(rate)} MB/s · ${fmtInt(result.rows)} rows`;

    renderSummary(file, result, secs, rate);
    renderFindings(result.findings || []);
    renderColumns(result.columns || []);
    el.results.hidden = false;
    el.download.disabled = false;
    setStatus(`Done: ${fmtInt(result.rows)} rows in ${fmtSeconds(secs)} s (${fmtRate(rate)} MB/s)`);
    setState('done');
  } catch (err) {
    showError(err);
  }
}

function cancel() {
  if (run) run.controller.abort();
}

// ---------------------------------------------------------------- results

function addSummary(field, label, value) {
  const wrap = document.createElement('div');
  wrap.className = 'summary-item';
  const dt = document.createElement('dt');
  dt.textContent = label;
  const dd = document.createElement('dd');
  dd.dataset.field = field;
  dd.textContent = value;
  wrap.append(dt, dd);
  el.summary.append(wrap);
}

function renderSummary(file, p, secs, rate) {
  const mem = p.memory || {};
  el.summary.replaceChildren();
  addSummary('file', 'File', file.name);
  addSummary('format', 'Format', String(p.format ?? DASH).toUpperCase());
  addSummary('delimiter', 'Delimiter', fmtDelimiter(p.delimiter));
  addSummary('size', 'Size', fmtBytes(file.size));
  if (typeof p.bytes === 'number' && p.bytes !== file.size) {
    addSummary('bytes', 'Bytes mined', fmtBytes(p.bytes));
  }
  addSummary('rows', 'Rows', fmtInt(p.rows));
  addSummary('columns', 'Columns', fmtInt((p.columns || []).length));
  addSummary('time', 'Time', `${fmtSeconds(secs)} s`);
  addSummary('throughput', 'Throughput', `${fmtRate(rate)} MB/s`);
  addSummary('peak-linear', 'Peak wasm memory', fmtMiB(mem.peak_linear_bytes));
  addSummary('peak-heap', 'Peak heap', fmtMiB(mem.peak_heap_bytes));
  if (p.encoding) addSummary('encoding', 'Encoding', `${p.encoding}${p.bom ? ' (with BOM)' : ''}`);
  if (typeof p.lines === 'number') addSummary('lines', 'Lines', fmtInt(p.lines));
  if (typeof p.blank_lines === 'number') addSummary('blank-lines', 'Blank lines', fmtInt(p.blank_lines));
}

const FINDINGS_BATCH = 200;
const LINES_SHOWN = 10;

function findingItem(f) {
  const li = document.createElement('li');
  const sev = ['info', 'warning', 'error'].includes(f.severity) ? f.severity : 'info';
  li.className = `finding sev-${sev}`;
  li.dataset.severity = sev;
  if (f.kind != null) li.dataset.kind = String(f.kind);

  const head = document.createElement('div');
  head.className = 'finding-head';

  const badge = document.createElement('span');
  badge.className = 'badge severity';
  badge.textContent = sev;

  const kind = document.createElement('span');
  kind.className = 'kind';
  kind.textContent = String(f.kind ?? '');

  head.append(badge, kind);

  if (f.column != null) {
    const col = document.createElement('span');
    col.className = 'finding-column';
    col.textContent = `column ${f.column}`;
    head.append(col);
  }

  const count = document.createElement('span');
  count.className = 'finding-count';
  count.textContent = `× ${fmtInt(f.count)}`;
  head.append(count);

  const msg = document.createElement('p');
  msg.className = 'finding-message';
  msg.textContent = String(f.message ?? '');

  li.append(head, msg);

  const lines = Array.isArray(f.lines) ? f.lines : [];
  if (lines.length > 0) {
    const shown = lines.slice(0, LINES_SHOWN);
    const total = Math.max(typeof f.count === 'number' ? f.count : 0, lines.length);
    const more = total - shown.length;
    const p = document.createElement('p');
    p.className = 'finding-lines';
    p.textContent = `${shown.length === 1 && more === 0 ? 'Line' : 'Lines'} ${shown.map((n) => String(n)).join(', ')}`
      + (more > 0 ? ` … (+${fmtInt(more)} more)` : '');
    li.append(p);
  }
  return li;
}

function renderFindings(findings) {
  el.findings.replaceChildren();
  if (findings.length === 0) {
    const p = document.createElement('p');
    p.className = 'empty';
    p.textContent = 'No findings';
    el.findings.append(p);
    return;
  }
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) if (f && f.severity in counts) counts[f.severity] += 1;
  const tally = document.createElement('p');
  tally.className = 'note findings-tally';
  tally.textContent = `${fmtInt(findings.length)} finding${findings.length === 1 ? '' : 's'}: `
    + `${fmtInt(counts.error)} error${counts.error === 1 ? '' : 's'}, `
    + `${fmtInt(counts.warning)} warning${counts.warning === 1 ? '' : 's'}, `
    + `${fmtInt(counts.info)} info`;

  const ul = document.createElement('ul');
  ul.className = 'finding-list';
  el.findings.append(tally, ul);

  let next = 0;
  const more = document.createElement('button');
  more.type = 'button';
  more.className = 'btn';
  const appendBatch = (n) => {
    const frag = document.createDocumentFragment();
    const end = Math.min(findings.length, next + n);
    for (; next < end; next++) frag.append(findingItem(findings[next] || {}));
    ul.append(frag);
    if (next >= findings.length) more.remove();
    else more.textContent = `Show all ${fmtInt(findings.length)} findings (${fmtInt(next)} shown)`;
  };
  more.addEventListener('click', () => appendBatch(findings.length));
  el.findings.append(more);
  appendBatch(FINDINGS_BATCH);
}

const WIDE_THRESHOLD = 500;
const COLUMN_BATCH = 200;
let pendingColumns = [];
let columnsRendered = 0;
let columnsTotal = 0;

function cell(text, className) {
  const td = document.createElement('td');
  if (className) td.className = className;
  td.textContent = text;
  return td;
}

function typeBreakdown(types) {
  if (!types || typeof types !== 'object') return '';
  return Object.entries(types)
    .filter(([, n]) => typeof n === 'number' && n > 0)
    .map(([t, n]) => `${t}: ${fmtInt(n)}`)
    .join(', ');
}

function columnRow(c) {
  const tr = document.createElement('tr');
  const name = c.name == null ? '' : String(c.name);
  tr.dataset.column = name;

  const nameCell = cell(name, 'col-name');
  const len = c.length && typeof c.length === 'object' ? c.length : null;
  nameCell.title = len
    ? `${name}\nLength: min ${fmtInt(len.min)}, max ${fmtInt(len.max)}, mean ${fmtStat(len.mean)}`
    : name;

  const type = String(c.type ?? DASH);
  const typeCell = cell('', 'col-type');
  typeCell.dataset.type = type;
  typeCell.textContent = type;
  const breakdown = typeBreakdown(c.types);
  if (breakdown) typeCell.title = breakdown;

  const minText = fmtValue(c.min);
  const maxText = fmtValue(c.max);
  const minCell = cell(minText, 'col-min value');
  const maxCell = cell(maxText, 'col-max value');
  if (minText.length > 24) minCell.title = minText;
  if (maxText.length > 24) maxCell.title = maxText;

  tr.append(
    nameCell,
    typeCell,
    cell(fmtInt(c.count), 'col-count num'),
    cell(fmtInt(c.nulls), 'col-nulls num'),
    minCell,
    maxCell,
    cell(fmtStat(c.mean), 'col-mean num'),
    cell(fmtStat(c.std), 'col-std num'),
  );
  return tr;
}

function appendColumns(n) {
  const frag = document.createDocumentFragment();
  const end = Math.min(pendingColumns.length, columnsRendered + n);
  for (let i = columnsRendered; i < end; i++) frag.append(columnRow(pendingColumns[i] || {}));
  columnsRendered = end;
  el.table.tBodies[0].append(frag);
  updateMoreBar();
}

function updateMoreBar() {
  const remaining = columnsTotal - columnsRendered;
  el.moreBar.hidden = remaining <= 0;
  if (remaining > 0) {
    el.shown.textContent = `Showing ${fmtInt(columnsRendered)} of ${fmtInt(columnsTotal)} columns.`;
    el.more.textContent = `Show ${fmtInt(Math.min(COLUMN_BATCH, remaining))} more`;
    el.all.textContent = `Show all ${fmtInt(columnsTotal)}`;
  }
}

/** Render everything remaining in chunks, yielding to the browser between them. */
function appendAllColumns() {
  el.more.disabled = true;
  el.all.disabled = true;
  const step = () => {
    appendColumns(COLUMN_BATCH * 2);
    if (columnsRendered < columnsTotal) {
      requestAnimationFrame(step);
    } else {
      el.more.disabled = false;
      el.all.disabled = false;
    }
  };
  step();
}

function renderColumns(columns) {
  el.table.tBodies[0].replaceChildren();
  pendingColumns = columns;
  columnsRendered = 0;
  columnsTotal = columns.length;
  appendColumns(columns.length > WIDE_THRESHOLD ? COLUMN_BATCH : columns.length);
}

// ---------------------------------------------------------------- download

function downloadProfile() {
  if (!profile) return;
  const blob = new Blob([JSON.stringify(profile, null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${baseName(profileName)}.profile.json`;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// ---------------------------------------------------------------- wiring

function openPicker() {
  el.fileInput.click();
}

el.fileInput.addEventListener('change', () => {
  const file = el.fileInput.files && el.fileInput.files[0];
  if (file) startMining(file);
  // Allow picking the same file again.
  el.fileInput.value = '';
});

el.dropZone.addEventListener('click', (e) => {
  // The label already opens the picker by itself.
  if (e.target instanceof Element && e.target.closest('label, input')) return;
  openPicker();
});

el.dropZone.addEventListener('keydown', (e) => {
  if (e.target !== el.dropZone) return;
  if (e.key === 'Enter' || e.key === ' ' || e.key === 'Spacebar') {
    e.preventDefault();
    openPicker();
  }
});

let dragDepth = 0;
el.dropZone.addEventListener('dragenter', (e) => {
  e.preventDefault();
  dragDepth += 1;
  el.dropZone.classList.add('dragging');
});
el.dropZone.addEventListener('dragover', (e) => {
  e.preventDefault();
  if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
});
el.dropZone.addEventListener('dragleave', () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (dragDepth === 0) el.dropZone.classList.remove('dragging');
});
el.dropZone.addEventListener('drop', (e) => {
  e.preventDefault();
  dragDepth = 0;
  el.dropZone.classList.remove('dragging');
  const file = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
  if (file) startMining(file);
});

// A file dropped next to the drop zone must not make the browser navigate away.
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => e.preventDefault());

el.cancel.addEventListener('click', cancel);
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && run) cancel();
});
el.download.addEventListener('click', downloadProfile);
el.more.addEventListener('click', () => appendColumns(COLUMN_BATCH));
el.all.addEventListener('click', appendAllColumns);

if (typeof ResizeObserver === 'function') {
  new ResizeObserver(queueResize).observe(el.chart);
}
window.addEventListener('resize', queueResize);

if (darkQuery) {
  const onScheme = () => { readTheme(); if (chart) chart.redraw(false, true); };
  if (darkQuery.addEventListener) darkQuery.addEventListener('change', onScheme);
  else if (darkQuery.addListener) darkQuery.addListener(onScheme);
}

// ---------------------------------------------------------------- start

createChart();
el.cancel.disabled = true;
el.download.disabled = true;
setStatus('Ready');
setState('ready');
