// Sluice web page (UI only). Everything that comes from the mined file is
// rendered with textContent / createElement — never as HTML.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './app.css';
import { mine, prepare, openProfile, compare } from './sluice.js';
import { renderCompare } from './view-compare.js';
import { showSnapshot, clearSnapshot } from './view-live.js';
import {
  LOCALE, DASH, fmtInt, fmtBytes, fmtMiB, fmtSeconds, fmtRate, fmtStat, fmtValue, fmtStat6, fmtSum,
  fmtPct, fmtEdge, visibleText, fmtDelimiter, baseName, pctSuffix, typeBreakdown, fmtDistinct,
  histogramOf, binLabel, severityOf, QUANTILE_KEYS, heatMix,
  distinctTitle, fmtDuplicates, duplicatesTitle, quantileNote, fmtBudget, everyValueOnce, EVERY_VALUE_ONCE,
  boxPlotSvg, outlierNotes, spearman, samplePairs, strongestPairs, timeSeriesSvg, timeNotes,
  associationTip, associationPair, keyText, duplicateText, dependencyText, violationText, ruleHead, ruleFigures,
  exceptionText, columnRelations, associationNotes, headerText,
  dialectText, dialectTitle, encodingText, readerText, readerTitle, parquetText, parquetTitle, skippedText, writtenItems, withoutValues,
} from './page-format.js';
import { renderReport, escapeHtml } from './report.js';

// ---------------------------------------------------------------- elements

const $ = (id) => document.getElementById(id);

const el = {
  fileInput: $('file-input'),
  folderInput: $('folder-input'),
  dropZone: $('drop-zone'),
  progress: $('progress'),
  progressText: $('progress-text'),
  live: $('live'),
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
  corr: $('correlations'),
  corrTable: $('correlations-table'),
  missing: $('missing'),
  nullityTable: $('nullity-table'),
  patternsTable: $('patterns-table'),
  missingSummary: $('missing-summary'),
  sample: $('sample'),
  sampleTable: $('sample-table'),
  sampleNote: $('sample-rows-note'),
  sampleMore: $('sample-more'),
  samplePager: $('sample-pager'),
  scatters: $('scatters'),
  relationships: $('relationships'),
  assocTable: $('associations-table'),
  pairDetail: $('pair-detail'),
  keysList: $('keys-list'),
  depsList: $('dependencies-list'),
  rulesList: $('rules-list'),
  relNotes: $('relationships-notes'),
  columnDetails: $('column-details'),
  cards: $('column-cards'),
  cardsMoreBar: $('cards-more-bar'),
  cardsMore: $('cards-more'),
  cardsAll: $('cards-all'),
  cardsShown: $('cards-shown'),
  trySample: $('try-sample'),
  sampleFormat: $('sample-format'),
  downloadHtml: $('download-html'),
  withoutValues: $('without-values'),
  withoutValuesNote: $('without-values-note'),
  filter: $('column-filter'),
  typeFilter: $('column-type-filter'),
  sort: $('column-sort'),
  sortDir: $('column-sort-dir'),
  reset: $('column-reset'),
  columnsCount: $('columns-count'),
  columnsEmpty: $('columns-empty'),
  cardsFilterNote: $('cards-filter-note'),
  cardsFilterText: $('cards-filter-text'),
  cardsClear: $('cards-clear-filter'),
  chartNote: $('memory-chart-note'),
  compareInput: $('compare-input'),
  compareStatus: $('compare-status'),
  compareView: $('compare-view'),
  downloadDiff: $('download-diff'),
  peak: memoryPeakElement(),
};

const COMPARE_NOTE = $('compare-status').textContent;
const SAVED_CHART_NOTE = 'A saved profile: nothing was mined here, so there is no memory to chart (the summary shows what mining it took).';

/** `#memory-peak`, under the memory chart: the peak of each series, as text. */
function memoryPeakElement() {
  const p = document.createElement('p');
  p.id = 'memory-peak';
  p.className = 'memory-peak';
  p.hidden = true;
  const chart = $('memory-chart');
  chart.after(p);
  chart.setAttribute('aria-describedby', `${chart.getAttribute('aria-describedby') || ''} memory-peak`.trim());
  return p;
}

const CHART_NOTE = `${el.chartNote.textContent.trim()} Rings mark the peaks; the heap's may fall between two readings.`;
el.chartNote.textContent = CHART_NOTE;

// ---------------------------------------------------------------- state

const setState = (s) => { document.body.dataset.state = s; };

let run = null;        // { id, controller, file, start } of the current mining run
let runCounter = 0;
let profile = null;    // last profile mine() resolved with
let profileName = '';  // file name that profile belongs to
let profileMeta = {};  // { size, secs } of that file's run
let datasets = null;   // several files that gave several profiles: { source, files, list, secs, index }

function setStatus(text) {
  if (el.status.textContent !== text) el.status.textContent = text;
}

/** `?workers=N` in the page's address picks the number of workers (default: all cores). */
function workersOption() {
  const n = Number(new URLSearchParams(window.location.search).get('workers'));
  return Number.isInteger(n) && n >= 1 && n <= 64 ? { workers: n } : {};
}

/** The live columns table's options: `?snapshots=0` in the page's address turns it off (the
 * benchmark measures what it costs), `?snapshots=N` takes one every N ms (default 1000). */
function liveOptions(show) {
  const v = new URLSearchParams(window.location.search).get('snapshots');
  const n = v === null ? 1000 : Number(v);
  if (!(Number.isFinite(n) && n > 0)) return {};
  return { onSnapshot: show, snapshot_ms: n };
}

// ---------------------------------------------------------------- memory chart

const hasJsHeap = typeof performance !== 'undefined' && !!performance.memory
  && typeof performance.memory.usedJSHeapSize === 'number';

const CHART_HEIGHT = 260;
const MAX_POINTS = 4000;
const MiB = 1048576;

// x: MB mined; then one array per series (MiB).
let chartData = [[]]; // set once the series are known (below)
let chart = null;
// The engine's heap high-water mark (MiB) and the x of the reading that first reported it.
let heapPeak = null;

function emptyChartData() {
  return Array.from({ length: SERIES.length + 1 }, () => []);
}

const darkQuery = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
const theme = { axis: '#444', grid: 'rgba(0,0,0,0.08)', surface: '#fff', text: '#1a1f29' };
function readTheme() {
  const cs = getComputedStyle(document.documentElement);
  theme.axis = cs.getPropertyValue('--chart-axis').trim() || theme.axis;
  theme.grid = cs.getPropertyValue('--chart-grid').trim() || theme.grid;
  theme.surface = cs.getPropertyValue('--surface').trim() || theme.surface;
  theme.text = cs.getPropertyValue('--text').trim() || theme.text;
}

// The series: index in chartData / uPlot, colour, and the name used in `#memory-peak`.
const SERIES = [
  { key: 'linear', label: 'wasm linear memory', short: 'wasm', color: '#3b82f6', marked: true },
  { key: 'heap', label: 'heap in use', short: 'heap', color: '#f59e0b', marked: true },
];
if (hasJsHeap) SERIES.push({ key: 'js', label: 'JS heap', short: 'JS heap', color: '#a855f7', marked: false });
/** The fixed series; with several workers, one wasm line per worker follows them. */
const BASE_SERIES = SERIES.length;
const WORKER_COLORS = ['#0ea5e9', '#10b981', '#ef4444', '#8b5cf6', '#ec4899', '#14b8a6', '#f97316', '#64748b'];
let workerLines = 0;
chartData = emptyChartData();

/** Shows one wasm-memory line per worker (`n` of them; 0 for a single-worker run). */
function setWorkerLines(n) {
  if (n === workerLines) return;
  SERIES.length = BASE_SERIES;
  // With several workers the first line is their sum.
  SERIES[0].label = n ? 'wasm linear memory, all workers' : 'wasm linear memory';
  SERIES[0].short = n ? 'wasm (all)' : 'wasm';
  for (let i = 0; i < n; i++) {
    SERIES.push({
      key: `worker-${i + 1}`,
      label: `worker ${i + 1} wasm memory`,
      short: `worker ${i + 1}`,
      color: WORKER_COLORS[i % WORKER_COLORS.length],
      marked: false,
    });
  }
  workerLines = n;
  const len = chartData[0].length;
  chartData = chartData.slice(0, BASE_SERIES + 1);
  for (let i = 0; i < n; i++) chartData.push(new Array(len).fill(null));
  if (chart) {
    chart.destroy();
    createChart();
  }
}

/** Index of the first sample holding the highest value of `ys`, or -1 when it has none. */
function peakIndex(ys) {
  let best = -1;
  for (let i = 0; i < ys.length; i++) {
    const v = ys[i];
    if (v != null && Number.isFinite(v) && (best < 0 || v > ys[best])) best = i;
  }
  return best;
}

function fmtPeak(mib) {
  return fmtMiB(mib * MiB);
}

/**
 * The peak of series `k` (0: wasm, 1: heap, 2: JS heap) as `{ x, y, base }` in chart units, or
 * null. For the wasm memory (it never shrinks) and the JS heap it is the highest reading. For
 * the heap it is the engine's own high-water mark, which also counts the highs between two
 * readings (the profile's peak heap): placed at the reading that first reported it, `base`
 * being that reading's heap in use.
 */
function seriesPeak(k) {
  const xs = chartData[0];
  const ys = chartData[k + 1];
  if (!ys) return null;
  if (SERIES[k].key === 'heap' && heapPeak) {
    let i = xs.indexOf(heapPeak.x);
    if (i < 0) i = xs.findIndex((x) => x >= heapPeak.x); // that reading was thinned out
    return { x: heapPeak.x, y: heapPeak.mib, base: i >= 0 ? ys[i] : null };
  }
  const i = peakIndex(ys);
  return i < 0 ? null : { x: xs[i], y: ys[i], base: ys[i] };
}

/**
 * A uPlot plugin: marks the peak of the wasm and heap series on the chart's canvas, a ring on
 * the peak sample and a small label ("peak 9.8 MiB"). Drawn by uPlot on every redraw, so it
 * follows the data live and the theme.
 */
function peakMarkers() {
  const roundRect = (ctx, x, y, w, h, r) => {
    ctx.beginPath();
    if (ctx.roundRect) ctx.roundRect(x, y, w, h, r);
    else ctx.rect(x, y, w, h);
  };
  const overlaps = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  const draw = (u) => {
    const px = uPlot.pxRatio || 1;
    const { ctx, bbox } = u;
    const placed = [];
    ctx.save();
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.rect(bbox.left - 8 * px, bbox.top - 8 * px, bbox.width + 16 * px, bbox.height + 16 * px);
    ctx.clip();
    const font = `600 ${Math.round(11.5 * px)}px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif`;
    ctx.font = font;
    ctx.textBaseline = 'middle';
    SERIES.forEach((s, k) => {
      const si = k + 1;
      if (!s.marked || !u.series[si]?.show) return;
      const peak = seriesPeak(k);
      if (!peak || peak.x == null || peak.y == null) return;
      const cx = u.valToPos(peak.x, 'x', true);
      const cy = u.valToPos(peak.y, 'y', true);
      if (!Number.isFinite(cx) || !Number.isFinite(cy)) return;

      // A high between two readings: a dotted stem from the reading up to the peak.
      const by = peak.base == null ? NaN : u.valToPos(peak.base, 'y', true);
      if (Number.isFinite(by) && by - cy > 7 * px) {
        ctx.beginPath();
        ctx.setLineDash([2 * px, 3 * px]);
        ctx.moveTo(cx, by);
        ctx.lineTo(cx, cy + 5 * px);
        ctx.lineWidth = 1.5 * px;
        ctx.strokeStyle = s.color;
        ctx.stroke();
      }
      ctx.setLineDash([]);

      // The ring on the peak sample.
      ctx.beginPath();
      ctx.arc(cx, cy, 5 * px, 0, 2 * Math.PI);
      ctx.fillStyle = theme.surface;
      ctx.fill();
      ctx.lineWidth = 2.5 * px;
      ctx.strokeStyle = s.color;
      ctx.stroke();
      ctx.beginPath();
      ctx.arc(cx, cy, 2 * px, 0, 2 * Math.PI);
      ctx.fillStyle = s.color;
      ctx.fill();

      // The label: above the point for the top series, below for the others, flipped and
      // moved so that it stays in the plot and clear of the other label.
      const text = `peak ${fmtPeak(peak.y)}`;
      const padX = 6 * px;
      const w = ctx.measureText(text).width + 2 * padX;
      const h = 19 * px;
      const gap = 9 * px;
      const above = cy - gap - h;
      const below = cy + gap;
      const xsFor = [cx + gap, cx - gap - w];
      const ysFor = k === 0 ? [above, below] : [below, above];
      let rect = null;
      for (const y of ysFor) {
        for (const x of xsFor) {
          const r = { x, y, w, h };
          const inside = x >= bbox.left && x + w <= bbox.left + bbox.width && y >= bbox.top - 6 * px
            && y + h <= bbox.top + bbox.height;
          if (inside && !placed.some((p) => overlaps(p, r))) { rect = r; break; }
        }
        if (rect) break;
      }
      if (!rect) {
        const x = Math.min(Math.max(bbox.left, cx + gap), bbox.left + bbox.width - w);
        const y = Math.min(Math.max(bbox.top, ysFor[0]), bbox.top + bbox.height - h);
        rect = { x, y, w, h };
      }
      placed.push(rect);
      roundRect(ctx, rect.x, rect.y, rect.w, rect.h, 6 * px);
      ctx.fillStyle = theme.surface;
      ctx.globalAlpha = 0.92;
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.lineWidth = 1.5 * px;
      ctx.strokeStyle = s.color;
      ctx.stroke();
      ctx.fillStyle = theme.text;
      ctx.textAlign = 'left';
      ctx.fillText(text, rect.x + padX, rect.y + h / 2 + 0.5 * px);
    });
    ctx.restore();
  };
  return { hooks: { draw } };
}

/** `#memory-peak`: the peak of every series so far, as text ("Peak: wasm 9.8 MiB · …"). */
function showPeakText() {
  const items = [];
  SERIES.forEach((s, k) => {
    const peak = seriesPeak(k);
    if (peak && peak.y != null) items.push({ s, value: fmtPeak(peak.y) });
  });
  if (!items.length) {
    el.peak.hidden = true;
    el.peak.replaceChildren();
    return;
  }
  const parts = [h('span', 'mp-title', 'Peak:')];
  items.forEach(({ s, value }, n) => {
    if (n > 0) parts.push(h('span', 'mp-sep', ' · '));
    else parts.push(document.createTextNode(' '));
    const item = h('span', 'mp-item');
    item.dataset.series = s.key;
    const swatch = h('span', 'mp-swatch');
    if (s.key.startsWith('worker-')) swatch.style.background = s.color;
    swatch.setAttribute('aria-hidden', 'true');
    item.append(swatch, `${s.short} `, h('strong', 'mp-value', value));
    parts.push(item);
  });
  el.peak.replaceChildren(...parts);
  el.peak.hidden = false;
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
  // A small file is mined in one or two chunks: its readings share one x, and a line through
  // them would be a vertical stroke. Then each reading is drawn as a dot instead.
  const linear = uPlot.paths.linear();
  const paths = (u, si, i0, i1) => (isSparseChart() ? null : linear(u, si, i0, i1));
  const points = (fill) => ({ show: isSparseChart, size: 9, width: 2, fill });
  const series = [
    { label: 'MB mined', value: (_u, v) => (v == null ? DASH : `${v.toFixed(1)} MB`) },
    ...SERIES.map((s) => ({
      label: s.label,
      stroke: s.color,
      width: 2,
      value: mibValue,
      paths,
      points: points(s.color),
      ...(s.key === 'linear' ? { fill: 'rgba(59,130,246,0.12)' } : {}),
      ...(s.key === 'js' ? { dash: [6, 4] } : {}),
    })),
  ];

  const opts = {
    width: chartWidth(),
    height: CHART_HEIGHT,
    padding: [12, 32, null, null],
    scales: {
      // Mining starts at 0 MB: the x axis does too.
      x: {
        time: false,
        range: () => {
          const xs = chartData[0];
          const max = xs.length ? xs[xs.length - 1] : 0; // bytes only grow
          return [0, max > 0 ? max * (isSparseChart() ? 1.25 : 1) : 1];
        },
      },
      // Headroom above the top line for its peak label.
      y: { range: (_u, min, max) => [0, Math.max(1, max * 1.2)] },
    },
    series,
    axes: [
      { ...axisStyle, label: 'MB mined', values: axisValues, space: 90 },
      { ...axisStyle, label: 'MiB', size: 56 },
    ],
    legend: { show: true },
    cursor: { drag: { x: true, y: false } },
    plugins: [peakMarkers()],
  };
  chart = new uPlot(opts, chartData, el.chart);
}

/** Fewer than 3 distinct byte counts: readings, not a curve. */
function isSparseChart() {
  const xs = chartData[0];
  if (xs.length === 0) return false;
  let distinct = 1;
  for (let i = 1; i < xs.length && distinct < 3; i++) if (xs[i] !== xs[i - 1]) distinct += 1;
  return distinct < 3;
}

function resetChart() {
  setWorkerLines(0);
  chartData = emptyChartData();
  heapPeak = null;
  if (chart) chart.setData(chartData);
  showPeakText();
}

function pushChartPoint(p) {
  const mem = p.memory || {};
  const x = (p.bytes || 0) / 1e6;
  if (typeof mem.heap_peak_bytes === 'number' && (!heapPeak || mem.heap_peak_bytes / MiB > heapPeak.mib)) {
    heapPeak = { x, mib: mem.heap_peak_bytes / MiB };
  }
  const workers = Array.isArray(p.workers) && p.workers.length > 1 ? p.workers : [];
  setWorkerLines(workers.length);
  chartData[0].push(x);
  chartData[1].push(typeof mem.linear_bytes === 'number' ? mem.linear_bytes / MiB : null);
  chartData[2].push(typeof mem.heap_bytes === 'number' ? mem.heap_bytes / MiB : null);
  if (hasJsHeap) chartData[3].push(performance.memory.usedJSHeapSize / MiB);
  workers.forEach((w, i) => {
    const b = w.memory?.linear_bytes;
    chartData[BASE_SERIES + 1 + i].push(typeof b === 'number' ? b / MiB : null);
  });
  // Keep the chart cheap for very long runs: halve the resolution of old points.
  if (chartData[0].length > MAX_POINTS) {
    chartData = chartData.map((arr) => arr.filter((_v, i) => i % 2 === 0 || i === arr.length - 1));
  }
  if (chart) chart.setData(chartData);
  showPeakText();
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

// ---------------------------------------------------------------- engine

// prepare() starts the next run's worker ahead of time: it loads the worker and the wasm, so
// that mining makes no request at all. `data-engine` on <body> says where it is: 'loading',
// 'ready', 'busy' (a run has it) or 'unavailable' (it could not load; a run will say why).
// It is called after the first paint and after every run, never during one.
const PREPARE_AFTER_RUN_MS = 500;
let engineGen = 0;
let prepareTimer = 0;

const setEngine = (s) => { document.body.dataset.engine = s; };

function prepareEngine() {
  prepareTimer = 0;
  if (run) return; // the run's end prepares the next worker
  const gen = ++engineGen;
  setEngine('loading');
  prepare().then(
    () => { if (gen === engineGen) setEngine('ready'); },
    () => { if (gen === engineGen) setEngine('unavailable'); },
  );
}

/** Prepares the engine in `ms`, once the page is idle (the results drawn). */
function schedulePrepare(ms) {
  clearTimeout(prepareTimer);
  prepareTimer = setTimeout(() => {
    if (typeof requestIdleCallback === 'function') {
      prepareTimer = 0;
      requestIdleCallback(() => { if (!prepareTimer && !run) prepareEngine(); }, { timeout: 1000 });
    } else {
      prepareEngine();
    }
  }, ms);
}

/** A run takes the prepared worker (or starts its own). */
function engineBusy() {
  clearTimeout(prepareTimer);
  prepareTimer = 0;
  engineGen += 1;
  setEngine('busy');
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
  profileMeta = {};
  lastDiff = null;
  el.downloadDiff.disabled = true;
  el.compareView.replaceChildren();
  delete el.compareView.dataset.severity;
  el.compareStatus.textContent = COMPARE_NOTE;
  el.download.disabled = true;
  el.downloadHtml.disabled = true;
  el.withoutValues.disabled = true;
  el.results.hidden = true;
  el.summary.replaceChildren();
  el.findings.replaceChildren();
  el.table.tBodies[0].replaceChildren();
  el.moreBar.hidden = true;
  pendingColumns = [];
  allColumns = [];
  viewColumns = [];
  viewPos = new Map();
  rowCache.clear();
  cardCache.clear();
  el.columnsEmpty.hidden = true;
  el.cardsFilterNote.hidden = true;
  el.corr.hidden = true;
  el.corrTable.tHead.replaceChildren();
  el.corrTable.tBodies[0].replaceChildren();
  el.missing.hidden = true;
  el.sample.hidden = true;
  el.relationships.hidden = true;
  el.pairDetail.hidden = true;
  for (const x of [el.pairDetail, el.keysList, el.depsList, el.rulesList, el.relNotes]) x.replaceChildren();
  destroyScatters();
  for (const t of [el.nullityTable, el.patternsTable, el.sampleTable, el.assocTable]) {
    t.tHead.replaceChildren();
    t.tBodies[0].replaceChildren();
  }
  destroyCardCharts();
  el.cards.replaceChildren();
  el.cardsMoreBar.hidden = true;
  cardColumns = [];
  cardsRendered = 0;
}

/** The path of a file among several: its place in a picked or dropped folder, or its name. */
function pathOfFile(f) {
  return f.webkitRelativePath || f.sluicePath || f.name;
}

/** What several files are shown as: their folder (when they share one) or "N files", and their size. */
function filesSource(files) {
  if (files.length === 1) return { name: pathOfFile(files[0]), size: files[0].size };
  const tops = new Set(files.map((f) => pathOfFile(f).split('/')[0]));
  const inFolder = files.every((f) => pathOfFile(f).includes('/'));
  const name = inFolder && tops.size === 1 ? `${[...tops][0]}/` : `${fmtInt(files.length)} files`;
  return { name, size: files.reduce((a, f) => a + f.size, 0) };
}

/**
 * Mines `file` (or several files, as datasets); `extra` adds options for this run (the sheet
 * picker's `sheet`).
 * @param {File | File[]} file
 * @param {{ sheet?: string }} [extra]
 */
async function startMining(file, extra = {}) {
  if (!file || (Array.isArray(file) && file.length === 0)) return;
  if (Array.isArray(file) && file.length === 1) file = file[0];
  if (run) run.controller.abort(); // a new file replaces the one being mined

  const id = ++runCounter;
  const controller = new AbortController();
  const startedAt = performance.now();
  run = { id, controller, file, startedAt };

  clearResults();
  clearSnapshot(el.live);
  resetChart();
  lastProgressText = '';
  el.progress.max = 1;
  el.progress.value = 0;
  el.progressText.textContent = 'Starting…';
  el.chartNote.textContent = CHART_NOTE;
  el.cancel.disabled = false;
  const shown = Array.isArray(file) ? filesSource(file) : file;
  setStatus(Array.isArray(file) ? `Mining ${fmtInt(file.length)} files (${shown.name})…` : `Mining ${file.name}…`);
  setState('mining');
  engineBusy();

  const isCurrent = () => run && run.id === id;

  try {
    const result = await mine(file, {
      ...workersOption(),
      ...extra,
      signal: controller.signal,
      onProgress(p) {
        if (!isCurrent() || !p) return;
        showProgress(p, startedAt);
        pushChartPoint(p);
      },
      ...liveOptions((s) => {
        if (isCurrent()) showSnapshot(el.live, s);
      }),
    });
    if (!isCurrent()) return;
    clearSnapshot(el.live);
    const secs = (performance.now() - startedAt) / 1000;
    run = null;
    el.cancel.disabled = true;
    if (Array.isArray(file)) finishFiles(file, result, secs);
    else finish(file, result, secs);
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
  } finally {
    // Done, cancelled or failed: the next worker loads once the results are on screen.
    if (!run) schedulePrepare(PREPARE_AFTER_RUN_MS);
  }
}

/**
 * Shows what several files gave: one profile (one dataset), or several, with a picker that
 * shows each (files with other columns are profiled apart).
 */
function finishFiles(files, result, secs, index = 0) {
  const list = Array.isArray(result) ? result : [result];
  datasets = list.length > 1 ? { files, list, secs, index } : null;
  const p = list[index];
  const mine = new Set((p.files || []).map((f) => f.name));
  const members = files.filter((f) => mine.has(pathOfFile(f)));
  const source = list.length > 1 && members.length ? filesSource(members) : filesSource(files);
  finish(source, p, secs);
  if (datasets) addDatasetPicker();
}

/** Several datasets from several files: a picker that shows each one's profile. */
function addDatasetPicker() {
  const d = datasets;
  addSummary('dataset', 'Dataset', '', 'The files had other columns, so they were profiled apart (see the file_mismatch finding)');
  const dd = el.summary.querySelector('dd[data-field="dataset"]');
  const select = document.createElement('select');
  select.id = 'dataset-picker';
  select.setAttribute('aria-label', 'Dataset to show');
  d.list.forEach((p, i) => {
    const fs = Array.isArray(p.files) ? p.files : [];
    const label = fs.length > 1 ? `${fs[0].name} and ${fmtInt(fs.length - 1)} more (${fmtInt(p.rows)} rows)` : `${fs.length ? fs[0].name : `profile ${i + 1}`} (${fmtInt(p.rows)} rows)`;
    select.append(new Option(label, String(i), false, i === d.index));
  });
  select.addEventListener('change', () => finishFiles(d.files, d.list, d.secs, Number(select.value)));
  dd.append(select);
}

function showError(err) {
  const msg = err && typeof err === 'object' && 'message' in err ? err.message : String(err);
  setStatus(`Error: ${msg || 'unknown error'}`);
  setState('error');
  if (!el.progress.hasAttribute('value')) el.progress.value = 0;
}

/**
 * Shows a profile: one just mined from `file` in `secs` seconds, or (`saved`) one read back
 * from the saved profile `file`, shown as it was after mining.
 */
function finish(file, result, secs, saved = false) {
  if (!datasets || !datasets.list.includes(result)) datasets = null;
  profile = result;
  // A saved profile stands for the file it was mined from.
  const source = saved ? savedSource(result, file) : file;
  profileName = source.name;
  profileMeta = { size: source.size, secs, saved };
  try {
    const bytes = typeof result.bytes === 'number' ? result.bytes : source.size;
    const rate = secs > 0 ? bytes / 1e6 / secs : NaN;

    el.progress.max = 1;
    el.progress.value = 1;
    el.progressText.textContent = saved
      ? `A saved profile · ${fmtBytes(bytes)} · ${fmtInt(result.rows)} rows`
      : `${fmtBytes(bytes)} · ${fmtRate(rate)} MB/s · ${fmtInt(result.rows)} rows`;

    el.chartNote.textContent = saved
      ? SAVED_CHART_NOTE
      : isSparseChart()
      ? `${CHART_NOTE} A small file is read in a chunk or two, so each reading is shown as a dot.`
      : CHART_NOTE;
    renderSummary(source, result, secs, rate, saved);
    renderResults(result);
    el.results.hidden = false;
    el.download.disabled = false;
    el.downloadHtml.disabled = false;
    el.withoutValues.disabled = false;
    // Personal data found: the option says so (the downloads keep the values unless asked).
    const personal = (profile.columns || []).filter((c) => c && c.personal_data === true).length;
    el.withoutValues.parentElement.dataset.personal = personal > 0 ? 'found' : 'none';
    el.withoutValuesNote.textContent = personal > 0 ? ` (personal data in ${fmtInt(personal)} column${personal === 1 ? '' : 's'})` : '';
    setStatus(saved
      ? `Opened ${file.name}: a saved profile of ${fmtInt(result.rows)} rows`
      : `Done: ${fmtInt(result.rows)} rows in ${fmtSeconds(secs)} s (${fmtRate(rate)} MB/s)`);
    setState('done');
  } catch (err) {
    showError(err);
  }
}

function cancel() {
  if (run) run.controller.abort();
}

// ---------------------------------------------------------------- results

/** createElement with a class and text (text always via textContent). */
function h(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
}

function addSummary(field, label, value, title) {
  const wrap = document.createElement('div');
  wrap.className = 'summary-item';
  const dt = document.createElement('dt');
  dt.textContent = label;
  const dd = document.createElement('dd');
  dd.dataset.field = field;
  dd.textContent = value;
  if (title) dd.title = title;
  wrap.append(dt, dd);
  el.summary.append(wrap);
}

/** An Excel workbook's sheet: a picker that mines another sheet of the same file. */
function addSheetPicker(file, sheet) {
  addSummary('sheet', 'Sheet', sheet.sheets.length > 1 ? '' : sheet.name);
  if (sheet.sheets.length < 2) return;
  const dd = el.summary.querySelector('dd[data-field="sheet"]');
  const select = document.createElement('select');
  select.id = 'sheet-picker';
  select.setAttribute('aria-label', 'Worksheet to mine');
  sheet.sheets.forEach((name, i) => select.append(new Option(name, name, false, i + 1 === sheet.index)));
  select.addEventListener('change', () => startMining(file, { sheet: select.value }));
  dd.append(select);
}

/** The file a saved profile was mined from: its name and size, as far as the profile says. */
function savedSource(p, file) {
  const files = Array.isArray(p.files) ? p.files : [];
  const size = files.length === 1 && p.compression && typeof p.compression.compressed_bytes === 'number'
    ? p.compression.compressed_bytes
    : files.length ? files.reduce((n, f) => n + (typeof f.bytes === 'number' ? f.bytes : 0), 0) : p.bytes;
  return { name: files.length ? String(files[0].name) : file.name.replace(/\.profile\.json$/i, ''), size };
}

function renderSummary(file, p, secs, rate, saved = false) {
  const mem = p.memory || {};
  el.summary.replaceChildren();
  addSummary('file', 'File', file.name);
  const files = Array.isArray(p.files) ? p.files : [];
  if (files.length > 1) {
    addSummary('files', 'Files', `${fmtInt(files.length)} files, one dataset`,
      files.map((f) => `${f.name}: ${fmtInt(f.rows)} rows, lines ${fmtInt(f.first_line)}–${fmtInt(f.last_line)}`).join('\n'));
  }
  if (saved) addSummary('opened', 'Opened', `a saved profile (profile version ${p.profile_version ?? 1})`);
  addSummary('format', 'Format', readerText(p), readerTitle(p));
  if (p.sheet && saved) addSummary('sheet', 'Sheet', String(p.sheet.name));
  else if (p.sheet) addSheetPicker(file, p.sheet);
  if (p.parquet) addSummary('parquet', 'Parquet layout', parquetText(p.parquet), parquetTitle(p.parquet));
  if (p.format !== 'xlsx' && p.format !== 'parquet') addSummary('delimiter', 'Delimiter', fmtDelimiter(p.delimiter));
  addSummary('size', 'Size', fmtBytes(file.size));
  if (typeof p.bytes === 'number' && p.bytes !== file.size) {
    addSummary('bytes', 'Bytes mined', fmtBytes(p.bytes));
  }
  addSummary('rows', 'Rows', fmtInt(p.rows));
  addSummary('columns', 'Columns', fmtInt((p.columns || []).length));
  if (typeof p.duplicate_rows === 'number') {
    addSummary('duplicate-rows', 'Duplicate rows', fmtDuplicates(p), duplicatesTitle(p));
  }
  if (typeof p.memory_budget_bytes === 'number') {
    addSummary('memory-budget', 'Memory budget', fmtBudget(p),
      'Every statistic is exact while its state fits this budget; estimated ones show ≈ and their error bound');
  }
  if (typeof p.blank_rows === 'number') {
    addSummary('blank-rows', 'Blank rows', fmtInt(p.blank_rows),
      'Empty lines plus records whose fields are all empty');
  }
  if (typeof p.lines === 'number') addSummary('lines', 'Lines', fmtInt(p.lines));
  if (typeof p.blank_lines === 'number') addSummary('blank-lines', 'Blank lines', fmtInt(p.blank_lines));
  if (p.encoding) addSummary('encoding', 'Encoding', encodingText(p), p.encoding_reason || undefined);
  if (p.dialect) addSummary('dialect', 'Dialect', dialectText(p.dialect), dialectTitle(p.dialect));
  if (p.skipped_lines > 0 || p.comment_lines > 0) {
    const f = (p.findings || []).find((x) => x.kind === 'skipped_lines');
    addSummary('skipped-lines', 'Skipped lines', skippedText(p), f ? f.message : undefined);
  }
  if (p.header) addSummary('header', 'Header', headerText(p.header), p.header.reason);
  if (typeof p.workers === 'number') {
    addSummary('workers', 'Workers', fmtInt(p.workers), p.parallel_note || undefined);
  }
  if (!saved) {
    addSummary('time', 'Time', `${fmtSeconds(secs)} s`);
    addSummary('throughput', 'Throughput', `${fmtRate(rate)} MB/s`);
  }
  addSummary('peak-linear', 'Peak wasm memory', fmtMiB(mem.peak_linear_bytes));
  addSummary('peak-heap', 'Peak heap', fmtMiB(mem.peak_heap_bytes));
  if (typeof mem.allocations === 'number') addSummary('allocations', 'Allocations', fmtInt(mem.allocations));
  if (p.sluice_version) addSummary('version', 'Engine', `Sluice ${p.sluice_version}`);
  addSummary('profile-version', 'Profile version', String(p.profile_version ?? 1),
    'The version of the profile\'s shape (profile_version): a saved profile of this version or older opens here');
}


// ---------------------------------------------------------------- findings

const FINDINGS_BATCH = 200;
const SEVERITIES = [
  { key: 'error', title: 'Errors' },
  { key: 'warning', title: 'Warnings' },
  { key: 'info', title: 'Info' },
];


/** A link that reveals (renders if needed), scrolls to and focuses a column's card. */
function columnLink(columnIndex, text, className) {
  const a = h('a', className, text);
  a.href = `#col-${columnIndex}`;
  a.dataset.columnIndex = String(columnIndex);
  return a;
}

/** The card index a finding points at: column_index, or the column found by name. */
function findingColumnIndex(f) {
  if (typeof f.column_index === 'number' && colPos.has(f.column_index)) return f.column_index;
  if (f.column != null) {
    const idx = colByName.get(String(f.column));
    if (idx !== undefined) return idx;
  }
  return null;
}

function findingItem(f) {
  const li = document.createElement('li');
  const sev = severityOf(f);
  li.className = `finding sev-${sev}`;
  li.dataset.severity = sev;
  if (f.kind != null) li.dataset.kind = String(f.kind);

  const head = h('div', 'finding-head');
  head.append(h('span', 'badge severity', sev), h('span', 'kind', String(f.kind ?? '')));

  if (f.column != null) {
    const idx = findingColumnIndex(f);
    const text = `column ${f.column}`;
    head.append(idx === null ? h('span', 'finding-column', text) : columnLink(idx, text, 'finding-column'));
  }
  if (f.kind === 'highly_correlated' && !el.corr.hidden) {
    const a = h('a', 'finding-link', 'correlations');
    a.href = '#correlations';
    head.append(a);
  }
  if (RELATION_KINDS.has(f.kind) && !el.relationships.hidden) {
    const a = h('a', 'finding-link', 'relationships');
    a.href = '#relationships';
    head.append(a);
  }

  head.append(h('span', 'finding-count', `× ${fmtInt(f.count)}`));
  li.append(head, h('p', 'finding-message', String(f.message ?? '')));

  const lines = Array.isArray(f.lines) ? f.lines : [];
  if (lines.length > 0) {
    const total = Math.max(typeof f.count === 'number' ? f.count : 0, lines.length);
    const more = total - lines.length;
    li.append(h('p', 'finding-lines',
      `${lines.length === 1 && more === 0 ? 'Line' : 'Lines'} ${lines.map((n) => String(n)).join(', ')}`
      + (more > 0 ? ` (first ${fmtInt(lines.length)} of ${fmtInt(total)})` : '')));
  }
  return li;
}

function renderFindings(findings) {
  el.findings.replaceChildren();
  if (findings.length === 0) {
    el.findings.append(h('p', 'empty', 'No findings'));
    return;
  }
  const groups = new Map(SEVERITIES.map((s) => [s.key, []]));
  for (const f of findings) groups.get(severityOf(f)).push(f || {});
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s.key, groups.get(s.key).length]));

  el.findings.append(h('p', 'note findings-tally',
    `${fmtInt(findings.length)} finding${findings.length === 1 ? '' : 's'}: `
    + `${fmtInt(counts.error)} error${counts.error === 1 ? '' : 's'}, `
    + `${fmtInt(counts.warning)} warning${counts.warning === 1 ? '' : 's'}, `
    + `${fmtInt(counts.info)} info`));

  // Errors first, then warnings, then info; each group its own list, filled in batches.
  const queue = [];
  for (const s of SEVERITIES) {
    const list = groups.get(s.key);
    if (list.length === 0) continue;
    const group = h('section', `finding-group sev-${s.key}`);
    group.dataset.severity = s.key;
    const heading = h('h3', 'finding-group-title');
    heading.id = `findings-${s.key}`;
    heading.append(h('span', 'badge severity', s.title), h('span', 'finding-group-count', fmtInt(list.length)));
    group.setAttribute('aria-labelledby', heading.id);
    const ul = h('ul', 'finding-list');
    group.append(heading, ul);
    el.findings.append(group);
    for (const f of list) queue.push([ul, f]);
  }

  let next = 0;
  const more = h('button', 'btn');
  more.type = 'button';
  const appendBatch = (n) => {
    const end = Math.min(queue.length, next + n);
    for (; next < end; next++) queue[next][0].append(findingItem(queue[next][1]));
    if (next >= queue.length) more.remove();
    else more.textContent = `Show all ${fmtInt(queue.length)} findings (${fmtInt(next)} shown)`;
  };
  more.addEventListener('click', () => appendBatch(queue.length));
  el.findings.append(more);
  appendBatch(FINDINGS_BATCH);
}

// ---------------------------------------------------------------- columns table

const WIDE_THRESHOLD = 500;
const COLUMN_BATCH = 200;
let pendingColumns = []; // view entries the table shows, in order
let columnsRendered = 0;
let columnsTotal = 0;
const rowCache = new Map(); // column index -> <tr>
/** column index -> position in profile.columns; column name -> index; index -> findings. */
let colPos = new Map();
let colByName = new Map();
let findingsByColumn = new Map();

function colIndexOf(c, pos) {
  return typeof c.index === 'number' ? c.index : pos;
}

function cell(text, className) {
  const td = document.createElement('td');
  if (className) td.className = className;
  td.textContent = text;
  return td;
}

/** The table row of a view entry, made once per column and reused when the view changes. */
function rowFor(entry) {
  let tr = rowCache.get(entry.idx);
  if (!tr) {
    tr = columnRow(entry.c, entry.pos);
    rowCache.set(entry.idx, tr);
  }
  return tr;
}

function columnRow(c, pos) {
  const tr = document.createElement('tr');
  const name = c.name == null ? '' : String(c.name);
  tr.dataset.column = name;

  const nameCell = cell('', 'col-name');
  nameCell.append(columnLink(colIndexOf(c, pos), name, 'col-link'));
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

  const distinctCell = cell(fmtDistinct(c), 'col-distinct num');
  if (c.distinct_exact === false) distinctCell.title = distinctTitle(c);

  tr.append(
    nameCell,
    typeCell,
    cell(fmtInt(c.count), 'col-count num'),
    cell(fmtInt(c.nulls), 'col-nulls num'),
    distinctCell,
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
  for (let i = columnsRendered; i < end; i++) frag.append(rowFor(pendingColumns[i]));
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
  const columns = pendingColumns;
  const step = () => {
    if (columns === pendingColumns) appendColumns(COLUMN_BATCH * 2);
    if (columns === pendingColumns && columnsRendered < columnsTotal) {
      requestAnimationFrame(step);
    } else {
      el.more.disabled = false;
      el.all.disabled = false;
    }
  };
  step();
}

/** Show the view entries in the table: all of them, or the first batch of a wide file. */
function renderColumns(entries) {
  el.table.tBodies[0].replaceChildren();
  pendingColumns = entries;
  columnsRendered = 0;
  columnsTotal = entries.length;
  appendColumns(entries.length > WIDE_THRESHOLD ? COLUMN_BATCH : entries.length);
}

// ---------------------------------------------------------------- correlations

/** Background and text colour of a heatmap cell: surface at r = 0, --heat-neg at -1, --heat-pos at +1. */
function heatColors(r) {
  const cs = getComputedStyle(document.documentElement);
  return heatMix(r, cs.getPropertyValue('--surface'), cs.getPropertyValue('--heat-pos'), cs.getPropertyValue('--heat-neg'));
}

function paintHeatmap() {
  for (const td of document.querySelectorAll('table.heatmap td[data-r]')) {
    const { bg, text } = heatColors(Number(td.dataset.r));
    td.style.backgroundColor = bg;
    td.style.color = text;
  }
}

function renderCorrelations(corr) {
  const names = corr && Array.isArray(corr.columns) ? corr.columns.map((n) => String(n)) : [];
  const matrix = corr && Array.isArray(corr.pearson) ? corr.pearson : [];
  renderHeatmap(el.corr, el.corrTable, names, matrix, {
    tip: (a, b, r) => `${a} × ${b}: r = ${r.toFixed(4)} (click for its scatter plot)`,
    none: (a, b) => `${a} × ${b}: undefined (too few rows where both are present, or a constant column)`,
    pick: (a, b, r) => {
      if (!scatterProfile || !scatterProfile.sample) return;
      const have = [...el.scatters.children].find((f) => f.dataset.pair === `${a}|${b}` || f.dataset.pair === `${b}|${a}`);
      if (have) el.scatters.prepend(have); else addScatter(a, b, r, true);
      el.scatters.firstElementChild?.scrollIntoView({ block: 'nearest' });
    },
  });
}

/** A heatmap of `matrix` over `names` in `table`; `section` is hidden below two names. */
function renderHeatmap(section, table, names, matrix, text) {
  const thead = table.tHead;
  const tbody = table.tBodies[0];
  thead.replaceChildren();
  tbody.replaceChildren();
  section.hidden = names.length < 2;
  if (names.length < 2) return;

  const nameCell = (tag, name, className) => {
    const c = h(tag, className);
    const idx = colByName.get(name);
    const label = idx === undefined ? h('span', 'heat-name', name) : columnLink(idx, name, 'heat-name');
    label.title = name;
    c.append(label);
    return c;
  };

  const hr = document.createElement('tr');
  const corner = h('td', 'heat-corner');
  hr.append(corner);
  for (const name of names) {
    const th = nameCell('th', name, 'heat-col');
    th.scope = 'col';
    hr.append(th);
  }
  thead.append(hr);

  names.forEach((a, i) => {
    const tr = document.createElement('tr');
    const th = nameCell('th', a, 'heat-row');
    th.scope = 'row';
    tr.append(th);
    names.forEach((b, j) => {
      const r = Array.isArray(matrix[i]) ? matrix[i][j] : null;
      const td = h('td', 'heat-cell');
      if (typeof r === 'number' && Number.isFinite(r)) {
        td.dataset.r = String(r);
        td.textContent = r.toFixed(2);
        td.title = text.tip(a, b, r);
        if (text.pick && i !== j) {
          td.classList.add('heat-pick');
          td.addEventListener('click', () => text.pick(a, b, r));
        }
        if (i === j) td.classList.add('heat-diag');
        if (i !== j && Math.abs(r) > 0.95) td.classList.add('heat-strong');
      } else {
        td.classList.add('heat-none');
        td.textContent = DASH;
        td.title = text.none(a, b);
      }
      tr.append(td);
    });
    tbody.append(tr);
  });
  paintHeatmap();
}

const countOf = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/** A column header cell whose full text is its tooltip (for headers cut by CSS). */
function colHeader(text, className) {
  const th = h('th', className, text);
  th.scope = 'col';
  th.title = text;
  return th;
}

// ---------------------------------------------------------------- relationships

const RELATION_KINDS = new Set(['duplicate_key', 'dependency_violations', 'redundant_columns', 'rule_exceptions', 'strong_association', 'relationships_limited']);
/** Rules listed before "Show all". */
const RULES_SHOWN = 25;

/** A table of `head` (column titles) and `rows` (arrays of cell texts); `num` marks numeric columns. */
function simpleTable(className, caption, head, rows, num) {
  const table = h('table', className);
  table.append(h('caption', 'visually-hidden', caption));
  const thead = document.createElement('thead');
  const hr = document.createElement('tr');
  head.forEach((t, i) => {
    const th = h('th', num.has(i) ? 'num' : null, t);
    th.scope = 'col';
    hr.append(th);
  });
  thead.append(hr);
  const tbody = document.createElement('tbody');
  for (const r of rows) {
    const tr = document.createElement('tr');
    r.forEach((t, i) => tr.append(h('td', num.has(i) ? 'num' : null, t)));
    tbody.append(tr);
  }
  table.append(thead, tbody);
  return table;
}

/** The pair a heatmap click picked: its contingency table, or the numeric column per category. */
function showPairDetail(assoc, a, b) {
  const box = el.pairDetail;
  box.replaceChildren();
  const i = assoc.columns.indexOf(a);
  const j = assoc.columns.indexOf(b);
  const head = h('div', 'pair-head');
  head.append(h('h4', 'pair-title', `${a} × ${b}`), h('span', 'note', associationTip(a, b, assoc, i, j)));
  const close = h('button', 'btn pair-close', 'Close');
  close.type = 'button';
  close.addEventListener('click', () => { box.hidden = true; });
  head.append(close);
  box.append(head);
  const pair = associationPair(assoc, a, b);
  if (pair && pair.table) {
    const t = pair.table;
    const flip = pair.columns[0] !== a;
    const rows = flip ? t.columns : t.rows;
    const cols = flip ? t.rows : t.columns;
    const at = (x, y) => (flip ? t.counts[y][x] : t.counts[x][y]);
    const max = Math.max(1, ...t.counts.flat());
    const table = h('table', 'contingency');
    table.append(h('caption', 'visually-hidden', `Rows of each pair of values of ${a} and ${b}`));
    const thead = document.createElement('thead');
    const hr = document.createElement('tr');
    hr.append(h('th', 'contingency-corner', `${a} \\ ${b}`));
    for (const c of cols) hr.append(colHeader(c, 'contingency-col'));
    thead.append(hr);
    const tbody = document.createElement('tbody');
    rows.forEach((r, x) => {
      const tr = document.createElement('tr');
      const th = h('th', 'contingency-row', r);
      th.scope = 'row';
      th.title = r;
      tr.append(th);
      cols.forEach((c, y) => {
        const n = at(x, y);
        const td = h('td', 'num contingency-cell', n ? fmtInt(n) : '');
        td.title = `${a}=${r}, ${b}=${c}: ${fmtInt(n)} rows`;
        if (n) td.style.setProperty('--share', String(n / max));
        tr.append(td);
      });
      tbody.append(tr);
    });
    table.append(thead, tbody);
    const scroll = h('div', 'table-scroll');
    scroll.append(table);
    box.append(h('p', 'note', `Rows of each pair of values, over the ${fmtInt(pair.rows)} rows where both have one (the 12 most frequent values of each, then "(other)").`), scroll);
  } else if (pair && pair.groups) {
    const [cat, num] = pair.columns;
    box.append(h('p', 'note', `${num} per value of ${cat}, over the ${fmtInt(pair.rows)} rows where both have one (the 24 largest categories, then "(other)").`));
    box.append(simpleTable('pair-groups', `Mean of ${num} per value of ${cat}`, [cat, 'Rows', 'Mean', 'Std'],
      pair.groups.map((g) => [g.value, fmtInt(g.count), fmtStat(g.mean), g.std == null ? DASH : fmtStat(g.std)]), new Set([1, 2, 3])));
  } else {
    box.append(h('p', 'note', assoc.measure?.[i]?.[j] === 'pearson' ? 'Two numeric columns: their scatter plot is under Correlations.' : 'No table for this pair.'));
  }
  box.hidden = false;
  box.scrollIntoView({ block: 'nearest' });
}

/** Relationships: the association heatmap, keys, dependencies and rules. */
function renderRelationships(p) {
  const assoc = p.associations;
  const names = assoc && Array.isArray(assoc.columns) ? assoc.columns.map((n) => String(n)) : [];
  const index = new Map(names.map((n, i) => [n, i]));
  renderHeatmap(el.relationships, el.assocTable, names, assoc ? assoc.value || [] : [], {
    tip: (a, b) => associationTip(a, b, assoc, index.get(a), index.get(b)) + (a === b ? '' : ' (click for details)'),
    none: (a, b) => `${a} × ${b}: no measure (a date or text column with many values, or too few rows)`,
    pick: (a, b) => showPairDetail(assoc, a, b),
  });
  const keys = Array.isArray(p.keys) ? p.keys : [];
  const deps = Array.isArray(p.dependencies) ? p.dependencies : [];
  const red = Array.isArray(p.redundant_columns) ? p.redundant_columns : [];
  const rules = Array.isArray(p.rules) ? p.rules : [];
  el.relationships.hidden = names.length < 2 && keys.length === 0;
  if (el.relationships.hidden) return;
  el.relNotes.replaceChildren(...associationNotes(assoc, Array.isArray(p.columns) ? p.columns.length : 0).map((t) => h('p', 'note', t)));

  const list = (items) => {
    const ul = h('ul', 'rel-items');
    for (const it of items) ul.append(it);
    return ul;
  };
  const item = (text, subs) => {
    const li = h('li', 'rel-item', text);
    if (subs && subs.length) {
      const ul = h('ul', 'rel-subs');
      for (const s of subs) ul.append(h('li', null, s));
      li.append(ul);
    }
    return li;
  };
  el.keysList.replaceChildren(keys.length
    ? list(keys.map((k) => item(keyText(k), k.duplicates.slice(0, 5).map(duplicateText)
      .concat(!k.key && !k.duplicates_complete && k.duplicates.length ? [`(from a sample of ${fmtPct(k.sampled)} of the values)`] : []))))
    : h('p', 'note', 'No column is a key or nearly one (95% of its values distinct).'));
  const depItems = red.map((r) => item(`${r.columns[0]} ↔ ${r.columns[1]}: one-to-one (${fmtInt(r.values)} value pairs) — the same thing encoded twice.`))
    .concat(deps.map((d) => item(dependencyText(d), d.violations.slice(0, 3).map(violationText))));
  el.depsList.replaceChildren(depItems.length ? list(depItems)
    : h('p', 'note', 'No column determines another among the categorical ones (g3 error at most 5%).'));
  if (!rules.length) {
    el.rulesList.replaceChildren(h('p', 'note', 'No rule between values passes the thresholds (support 1%, confidence 90% or lift 2, p < 0.001).'));
    return;
  }
  const rows = (rs) => rs.map((r) => [ruleHead(r), fmtInt(r.rows), fmtPct(r.support), fmtPct(r.confidence), r.lift.toFixed(2), exceptionText(r) || DASH]);
  const head = ['Rule', 'Rows', 'Support', 'Confidence', 'Lift', 'Exceptions'];
  const num = new Set([1, 2, 3, 4]);
  const wrap = h('div', 'table-scroll');
  wrap.append(simpleTable('rules', 'Rules between values', head, rows(rules.slice(0, RULES_SHOWN)), num));
  el.rulesList.replaceChildren(wrap);
  if (rules.length > RULES_SHOWN) {
    const more = h('button', 'btn', `Show all ${fmtInt(rules.length)} rules`);
    more.type = 'button';
    more.addEventListener('click', () => {
      wrap.replaceChildren(simpleTable('rules', 'Rules between values', head, rows(rules), num));
      more.remove();
    });
    el.rulesList.append(more);
  }
}

/** A column card's relationships: its key status, dependencies and strongest associations. */
function cardRelations(c) {
  if (!profile) return null;
  const notes = columnRelations(profile, c.name == null ? '' : String(c.name));
  if (!notes.length) return null;
  const sec = section('Relationships', 'cc-relations');
  const ul = h('ul', 'cc-relations-list');
  for (const n of notes) ul.append(h('li', null, n));
  const a = h('a', 'finding-link', 'all relationships');
  a.href = '#relationships';
  sec.append(ul, a);
  return sec;
}

/** Missing values: the nullity heatmap, and the patterns as rows of filled and empty cells. */
function renderMissing(m, columns) {
  const names = m && Array.isArray(m.columns) ? m.columns.map((n) => String(n)) : [];
  const patterns = m && Array.isArray(m.patterns) ? m.patterns : [];
  renderHeatmap(el.missing, el.nullityTable, names, m ? m.nullity || [] : [], {
    tip: (a, b, r) => `${a} × ${b}: nullity correlation ${r.toFixed(4)}`,
    none: (a, b) => `${a} × ${b}: undefined`,
  });
  const thead = el.patternsTable.tHead;
  const tbody = el.patternsTable.tBodies[0];
  thead.replaceChildren();
  tbody.replaceChildren();
  if (!m || patterns.length === 0) {
    el.missing.hidden = true;
    return;
  }
  el.missing.hidden = false;
  // The pattern columns: those with nulls (the heatmap's), else every column a pattern names.
  const shown = names.length ? names : [...new Set(patterns.flatMap((p) => p.columns))];
  const total = countOf(m.complete_rows) + countOf(m.rows_with_nulls);
  el.missingSummary.textContent = `${fmtInt(m.rows_with_nulls)} row${m.rows_with_nulls === 1 ? '' : 's'} (${fmtPct(total ? m.rows_with_nulls / total : 0)}) have a missing value; `
    + `${fmtInt(m.complete_rows)} are complete.`
    + (m.distinct_patterns != null ? ` ${fmtInt(m.distinct_patterns)} distinct pattern${m.distinct_patterns === 1 ? '' : 's'}.` : '')
    + (m.patterns_exact === false ? ` ≈ counts estimated past the memory budget (each within ${fmtInt(m.patterns_error)}).` : '')
    + (columns && m.tracked_columns < columns.length ? ` Only the first ${fmtInt(m.tracked_columns)} columns are covered (max_nullity_columns).` : '');
  const hr = document.createElement('tr');
  for (const [t, cls] of [['Rows', 'num'], ['Share', 'num'], ['First line', 'num']]) {
    const th = h('th', cls, t);
    th.scope = 'col';
    hr.append(th);
  }
  for (const name of shown) hr.append(colHeader(name, 'pattern-col'));
  thead.append(hr);
  for (const p of patterns) {
    const tr = document.createElement('tr');
    const missing = new Set(p.columns);
    const approx = p.error > 0 ? '≥ ' : '';
    tr.append(h('td', 'num', `${approx}${fmtInt(p.count)}`), h('td', 'num', fmtPct(total ? p.count / total : 0)),
      h('td', 'num', p.first_line == null ? DASH : fmtInt(p.first_line)));
    for (const name of shown) {
      const td = h('td', missing.has(name) ? 'pattern-cell pattern-missing' : 'pattern-cell pattern-filled');
      td.title = `${name}: ${missing.has(name) ? 'missing' : 'present'}`;
      td.setAttribute('aria-label', missing.has(name) ? 'missing' : 'present');
      tr.append(td);
    }
    tbody.append(tr);
  }
}

// ---------------------------------------------------------------- scatter plots

const SCATTERS = 3;
const scatterCharts = new Set();
let scatterProfile = null;

function destroyScatters() {
  for (const ch of scatterCharts) ch.destroy();
  scatterCharts.clear();
  el.scatters.replaceChildren();
}

/** A scatter plot of columns `a` and `b` from the sample, first in the list. */
function addScatter(a, b, r, first) {
  const { xs, ys } = samplePairs(scatterProfile.sample, a, b);
  const fig = h('figure', 'scatter');
  fig.dataset.pair = `${a}|${b}`;
  const rho = spearman(xs, ys);
  const cap = h('figcaption', 'note',
    `${a} × ${b}: Pearson r = ${typeof r === 'number' ? r.toFixed(3) : DASH} (all rows); `
    + `Spearman ρ ≈ ${rho == null ? DASH : rho.toFixed(3)} (estimated from a sample of ${fmtInt(xs.length)} rows).`);
  const box = h('div', 'scatter-chart');
  box.setAttribute('role', 'img');
  box.setAttribute('aria-label', `Scatter plot of ${b} against ${a}, ${xs.length} sampled rows`);
  fig.append(box, cap);
  if (first) el.scatters.prepend(fig); else el.scatters.append(fig);
  if (xs.length === 0) return;
  readTheme();
  // uPlot wants x ascending.
  const order = xs.map((_, i) => i).sort((i, j) => xs[i] - xs[j]);
  const color = TYPE_COLORS.integer;
  const axisStyle = { stroke: () => theme.axis, grid: { stroke: () => theme.grid, width: 1 }, ticks: { stroke: () => theme.grid, width: 1 } };
  // Density shading: each point's share of its cell in a 32 × 32 grid sets its series, and the
  // denser series are drawn more opaque.
  const X = order.map((i) => xs[i]);
  const Y = order.map((i) => ys[i]);
  const [x0, x1] = [Math.min(...X), Math.max(...X)];
  const [y0, y1] = [Math.min(...Y), Math.max(...Y)];
  const cell = (x, y) => Math.min(31, Math.floor(((x - x0) / (x1 - x0 || 1)) * 32)) * 32 + Math.min(31, Math.floor(((y - y0) / (y1 - y0 || 1)) * 32));
  const dens = new Map();
  X.forEach((x, k) => { const c = cell(x, Y[k]); dens.set(c, (dens.get(c) || 0) + 1); });
  const top = Math.max(...dens.values());
  const LEVELS = ['33', '66', '99', 'dd'];
  const level = (k) => Math.min(LEVELS.length - 1, Math.floor((Math.log(dens.get(cell(X[k], Y[k]))) / Math.log(top + 1)) * LEVELS.length));
  const levels = X.map((_, k) => level(k));
  const data = [X, ...LEVELS.map((_, l) => Y.map((y, k) => (levels[k] === l ? y : null)))];
  const chart = new uPlot({
    width: Math.max(240, Math.min(420, el.scatters.clientWidth || 420)),
    height: 260,
    padding: [8, 14, 0, 0],
    scales: { x: { time: false } },
    series: [
      { label: a },
      ...LEVELS.map((alpha) => ({
        label: b,
        stroke: color,
        paths: () => null,
        points: { show: true, size: 5, width: 0, fill: `${color}${alpha}`, stroke: `${color}${alpha}` },
      })),
    ],
    axes: [{ ...axisStyle, values: compactValues, label: a, size: 46 }, { ...axisStyle, values: compactValues, label: b, size: 56 }],
    legend: { show: false },
    cursor: { show: false },
  }, data, box);
  scatterCharts.add(chart);
}

function renderScatters(result) {
  destroyScatters();
  scatterProfile = result;
  if (!result.sample || !result.correlations) return;
  for (const [a, b, r] of strongestPairs(result.correlations, SCATTERS)) addScatter(a, b, r, false);
}

// ---------------------------------------------------------------- sample rows

const SAMPLE_SHOWN = 100; // sampled rows shown before "Show all"
const SAMPLE_COLUMNS = 60; // columns shown of a wide file

/** A sample cell's text, and its class: numbers right-aligned, nulls marked. */
function sampleCell(v) {
  if (v == null) return h('td', 'sample-null', 'null');
  if (typeof v === 'number') return h('td', 'num', fmtValue(v));
  const t = String(v);
  const td = h('td', t === '' ? 'tv-empty' : null, t === '' ? '(empty)' : visibleText(t));
  td.title = t;
  return td;
}

/** Sample order: nulls last, numbers by value, text by code points. */
function compareCells(a, b) {
  if (a == null || b == null) return (a == null) - (b == null);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** The "Sample rows" table: the file's first rows, then the uniform sample, sortable by column. */
function renderSample(sample, columns) {
  const table = el.sampleTable;
  table.tHead.replaceChildren();
  table.tBodies[0].replaceChildren();
  el.sampleMore.hidden = true;
  const rows = sample && Array.isArray(sample.rows) ? sample.rows : [];
  const head = sample && Array.isArray(sample.head) ? sample.head : [];
  el.sample.hidden = !sample || (rows.length === 0 && head.length === 0);
  if (el.sample.hidden) return;
  const names = (sample.columns || []).map(String);
  // Wide files: a window of SAMPLE_COLUMNS columns at a time, moved by the pager.
  let from = 0;
  let shown = names.slice(from, from + SAMPLE_COLUMNS);
  const total = Array.isArray(columns) ? columns.length : names.length;
  el.sampleNote.textContent = `The file's first ${fmtInt(head.length)} row${head.length === 1 ? '' : 's'}, then ${fmtInt(rows.length)} rows sampled uniformly`
    + ' (by a hash of each row\'s byte offset: the same sample for any chunking and any number of workers).'
    + (rows.length < sample.requested && rows.length > 0 ? ` ${fmtInt(sample.requested)} were asked for.` : '')
    + (names.length > SAMPLE_COLUMNS ? ` ${fmtInt(SAMPLE_COLUMNS)} columns at a time of ${fmtInt(names.length)}: move with the buttons under the table.` : '')
    + (names.length < total ? ` The sample covers the first ${fmtInt(names.length)} of ${fmtInt(total)} columns.` : '')
    + ' Click a column to sort the sample by it.';
  const order = rows.map((_, i) => i);
  let sortBy = -1;
  let asc = true;
  let limit = SAMPLE_SHOWN;
  const hr = document.createElement('tr');
  const header = () => {
  hr.replaceChildren();
  const lineTh = h('th', 'num', 'Line');
  lineTh.scope = 'col';
  hr.append(lineTh);
  shown.forEach((name, k) => {
    const c = from + k;
    const th = h('th', 'sample-col');
    th.scope = 'col';
    const b = h('button', 'sort-btn', name);
    b.type = 'button';
    b.title = `Sort the sample by ${name}`;
    b.addEventListener('click', () => {
      asc = sortBy === c ? !asc : true;
      sortBy = c;
      order.sort((x, y) => (asc ? 1 : -1) * compareCells(rows[x][c], rows[y][c]) || sample.lines[x] - sample.lines[y]);
      for (const other of hr.querySelectorAll('th.sample-col')) other.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      body();
    });
    if (sortBy === c) th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    th.append(b);
    hr.append(th);
  });
  };
  header();
  table.tHead.append(hr);
  const rowEl = (values, line, cls) => {
    const tr = h('tr', cls);
    tr.append(h('td', 'num sample-line', fmtInt(line)));
    shown.forEach((_, k) => tr.append(sampleCell(values[from + k])));
    return tr;
  };
  const body = () => {
    const tb = table.tBodies[0];
    tb.replaceChildren();
    head.forEach((values, i) => tb.append(rowEl(values, sample.head_lines[i], 'sample-head')));
    if (rows.length) {
      const sep = h('tr', 'sample-sep');
      const td = h('td', null, `Uniform sample: ${fmtInt(rows.length)} rows`);
      td.colSpan = shown.length + 1;
      sep.append(td);
      tb.append(sep);
    }
    order.slice(0, limit).forEach((i) => tb.append(rowEl(rows[i], sample.lines[i], null)));
    el.sampleMore.hidden = rows.length <= limit;
  };
  el.sampleMore.onclick = () => {
    limit = rows.length;
    body();
  };
  // The column pager of a wide file.
  el.samplePager.replaceChildren();
  el.samplePager.hidden = names.length <= SAMPLE_COLUMNS;
  if (!el.samplePager.hidden) {
    const label = h('span', 'note');
    const move = (to) => {
      from = Math.max(0, Math.min(to, names.length - SAMPLE_COLUMNS));
      shown = names.slice(from, from + SAMPLE_COLUMNS);
      label.textContent = `Columns ${fmtInt(from + 1)}–${fmtInt(from + shown.length)} of ${fmtInt(names.length)}`;
      prev.disabled = from === 0;
      next.disabled = from + SAMPLE_COLUMNS >= names.length;
      header();
      body();
    };
    const prev = h('button', 'btn', '← Columns');
    prev.type = 'button';
    prev.id = 'sample-prev';
    prev.addEventListener('click', () => move(from - SAMPLE_COLUMNS));
    const next = h('button', 'btn', 'Columns →');
    next.type = 'button';
    next.id = 'sample-next';
    next.addEventListener('click', () => move(from + SAMPLE_COLUMNS));
    el.samplePager.append(prev, label, next);
    move(0);
    return;
  }
  body();
}

// ---------------------------------------------------------------- column cards

const CARD_BATCH = 50;
const CARD_CHART_HEIGHT = 170;
const EAGER_CHARTS = 16;
const TYPE_COLORS = {
  integer: '#3b82f6',
  float: '#06b6d4',
  boolean: '#a855f7',
  date: '#10b981',
  datetime: '#14b8a6',
  string: '#f59e0b',
};

let cardColumns = []; // view entries the cards show, in order
let cardsRendered = 0;
let cardsBusy = null; // promise while rendering a long run of cards
const cardCache = new Map(); // column index -> card, reused when the view changes
const cardCharts = new Set();
const chartSpecs = new WeakMap(); // chart container -> column
let chartObserver = null;
let chartResizer = null;

/** A label/value pair in a <dl>. */
function kv(dl, label, value, title) {
  const wrap = h('div', 'kv');
  const dt = h('dt', null, label);
  const dd = h('dd', null, value);
  if (title) dd.title = title;
  wrap.append(dt, dd);
  dl.append(wrap);
  return dd;
}

function section(title, className) {
  const s = h('section', `cc-section${className ? ` ${className}` : ''}`);
  s.append(h('h4', 'cc-subtitle', title));
  return s;
}

function metric(label, value, title) {
  const m = h('div', 'cc-metric');
  m.append(h('span', 'cc-metric-label', label));
  const v = h('span', 'cc-metric-value', value);
  if (title) v.title = title;
  m.append(v);
  return m;
}

/** A horizontal share bar (decorative: the figure is given as text next to it). */
function shareBar(share, className) {
  const bar = h('span', `share-bar ${className || ''}`);
  bar.setAttribute('aria-hidden', 'true');
  const fill = h('span', 'share-fill');
  fill.style.width = `${Math.max(0, Math.min(1, share)) * 100}%`;
  bar.append(fill);
  return bar;
}

function quantileTable(q, caption, format) {
  const table = h('table', 'cc-quantiles');
  table.append(h('caption', 'visually-hidden', caption));
  const tbody = document.createElement('tbody');
  for (const [key, label] of QUANTILE_KEYS) {
    if (!(key in q)) continue;
    const tr = document.createElement('tr');
    const th = h('th', null, label);
    th.scope = 'row';
    const text = format(q[key]);
    const td = h('td', 'value', text);
    td.title = String(q[key]);
    tr.append(th, td);
    tbody.append(tr);
  }
  table.append(tbody);
  return table;
}

function cardHead(c, idx, name, type, total) {
  const head = h('header', 'cc-head');
  const title = h('h3', 'cc-name', name === '' ? '(no name)' : name);
  title.id = `col-${idx}-name`;
  const badge = h('span', 'type-badge', type);
  badge.dataset.type = type;
  head.append(title, badge, h('span', 'cc-pos', `column ${fmtInt(idx + 1)} of ${fmtInt(total)}`));
  return head;
}

/** How the values are written: format, unit and hints, as chips under the card's head. */
function cardWritten(c) {
  const items = writtenItems(c);
  if (items.length === 0) return null;
  const ul = h('ul', 'cc-written');
  ul.setAttribute('aria-label', 'How the values are written');
  for (const it of items) {
    const li = h('li', 'cc-written-item');
    li.title = it.title;
    li.append(h('span', 'cc-written-label', it.label), h('code', 'cc-written-value', it.value));
    ul.append(li);
  }
  return ul;
}

function cardFindings(idx) {
  const list = findingsByColumn.get(idx);
  if (!list || list.length === 0) return null;
  const ul = h('ul', 'cc-findings');
  ul.setAttribute('aria-label', 'Findings for this column');
  for (const f of list) {
    const sev = severityOf(f);
    const li = h('li', `cc-finding sev-${sev}`);
    li.append(h('span', 'badge severity', sev), h('span', 'kind', String(f.kind ?? '')));
    li.append(h('span', 'cc-finding-message', String(f.message ?? '')));
    ul.append(li);
  }
  return ul;
}

function cardMetrics(c) {
  const count = typeof c.count === 'number' ? c.count : 0;
  const nulls = typeof c.nulls === 'number' ? c.nulls : 0;
  const total = count + nulls;
  const strip = h('div', 'cc-metrics');

  strip.append(metric('Values', fmtInt(c.count), 'Non-null values'));

  const nullShare = total > 0 ? nulls / total : 0;
  const nm = metric('Nulls', `${fmtInt(c.nulls)}${total > 0 ? ` · ${fmtPct(nullShare)}` : ''}`,
    'Empty fields, null tokens and fields missing from short rows');
  nm.append(shareBar(nullShare, 'null-bar'));
  strip.append(nm);

  if (typeof c.distinct === 'number') {
    const dm = metric('Distinct', `${fmtDistinct(c)}${count > 0 ? ` · ${fmtPct(c.distinct / count)}` : ''}`,
      distinctTitle(c));
    dm.append(shareBar(count > 0 ? c.distinct / count : 0, 'distinct-bar'));
    strip.append(dm);
  }
  return strip;
}

/** Type counts as a stacked bar plus a legend, when more than one type occurs. */
function cardTypes(c) {
  if (!c.types || typeof c.types !== 'object') return null;
  const entries = Object.entries(c.types).filter(([, n]) => typeof n === 'number' && n > 0);
  if (entries.length < 2) return null;
  const total = entries.reduce((s, [, n]) => s + n, 0);
  const sec = section('Value types', 'cc-types');
  const bar = h('div', 'types-bar');
  bar.setAttribute('aria-hidden', 'true');
  const legend = h('ul', 'types-legend');
  for (const [t, n] of entries) {
    const seg = h('span', 'types-seg');
    seg.dataset.type = t;
    seg.style.width = `${(n / total) * 100}%`;
    bar.append(seg);
    const li = h('li', 'types-item');
    li.dataset.type = t;
    li.append(h('span', 'types-name', t), h('span', 'types-count', `${fmtInt(n)} · ${fmtPct(n / total)}`));
    legend.append(li);
  }
  sec.append(bar, legend);
  return sec;
}

function cardStats(c, type) {
  const sec = section('Statistics');
  const dl = h('dl', 'cc-kv');
  const count = typeof c.count === 'number' ? c.count : 0;
  kv(dl, 'Min', visibleText(fmtValue(c.min)), c.min == null ? null : String(c.min));
  kv(dl, 'Max', visibleText(fmtValue(c.max)), c.max == null ? null : String(c.max));
  if (c.mean != null) kv(dl, type === 'boolean' ? 'Mean (share true)' : 'Mean', fmtStat6(c.mean), String(c.mean));
  if (c.std != null) kv(dl, 'Std deviation', fmtStat6(c.std), String(c.std));
  if (c.sum != null) kv(dl, 'Sum', fmtSum(c.sum), String(c.sum));
  if (c.skewness != null) kv(dl, 'Skewness', fmtStat6(c.skewness), String(c.skewness));
  if (c.kurtosis != null) kv(dl, 'Kurtosis (excess)', fmtStat6(c.kurtosis), String(c.kurtosis));
  if (c.zeros != null) kv(dl, 'Zeros', `${fmtInt(c.zeros)}${pctSuffix(c.zeros, count)}`);
  if (c.negatives != null) kv(dl, 'Negatives', `${fmtInt(c.negatives)}${pctSuffix(c.negatives, count)}`);
  if (c.non_finite != null) kv(dl, 'Non-finite (NaN, ±∞)', `${fmtInt(c.non_finite)}${pctSuffix(c.non_finite, count)}`);
  sec.append(dl);
  return sec;
}

function cardQuantiles(c) {
  if (!c.quantiles || typeof c.quantiles !== 'object') return null;
  const sec = section('Quantiles');
  sec.append(quantileTable(c.quantiles, `Quantiles of ${c.name}`, fmtValue));
  const note = quantileNote(c.quantiles_exact, c.quantiles_rank_error);
  if (note) sec.append(h('p', 'note cc-estimated', note));
  return sec;
}

function cardLength(c) {
  const len = c.length && typeof c.length === 'object' ? c.length : null;
  if (!len) return null;
  const sec = section('Length (bytes)');
  const dl = h('dl', 'cc-kv');
  kv(dl, 'Min', fmtInt(len.min));
  kv(dl, 'Max', fmtInt(len.max));
  kv(dl, 'Mean', fmtStat6(len.mean), len.mean == null ? null : String(len.mean));
  sec.append(dl);
  if (len.quantiles && typeof len.quantiles === 'object') {
    sec.append(quantileTable(len.quantiles, `Length quantiles of ${c.name}`, fmtValue));
    const note = quantileNote(len.quantiles_exact, null);
    if (note) sec.append(h('p', 'note cc-estimated', note));
  }
  return sec;
}

function cardTop(c) {
  const top = Array.isArray(c.top) ? c.top : [];
  const count = typeof c.count === 'number' ? c.count : 0;
  const sec = section('Top values', 'cc-top');
  if (top.length === 0) {
    sec.append(h('p', 'note', count === 0
      ? 'No values.'
      : 'No value is frequent enough to be listed reliably.'));
    return sec;
  }
  if (everyValueOnce(c)) {
    sec.append(h('p', 'note', EVERY_VALUE_ONCE));
    return sec;
  }
  const max = Math.max(1, ...top.map((t) => (typeof t.count === 'number' ? t.count : 0)));
  const ol = h('ol', 'top-values');
  let estimated = false;
  let listed = 0;
  for (const t of top) {
    const n = typeof t.count === 'number' ? t.count : 0;
    const err = typeof t.error === 'number' && t.error > 0 ? Math.min(t.error, n) : 0;
    if (err > 0) estimated = true;
    listed += n;
    const raw = t.value == null ? '' : String(t.value);

    const li = h('li', 'tv');
    const main = h('div', 'tv-main');
    const value = h('span', 'tv-value', raw === '' ? '(empty)' : visibleText(raw));
    if (raw === '') value.classList.add('tv-empty');
    value.title = raw;
    const bar = h('span', 'tv-bar');
    bar.setAttribute('aria-hidden', 'true');
    const fill = h('span', 'tv-fill');
    fill.style.width = `${((n - err) / max) * 100}%`;
    bar.append(fill);
    if (err > 0) {
      const unsure = h('span', 'tv-err');
      unsure.style.width = `${(err / max) * 100}%`;
      bar.append(unsure);
    }
    main.append(value, bar);

    const countText = err > 0 ? `${fmtInt(n - err)}–${fmtInt(n)}` : fmtInt(n);
    const cnt = h('span', `tv-count${err > 0 ? ' approx' : ''}`, countText);
    cnt.title = err > 0
      ? `Estimated: the true count is between ${fmtInt(n - err)} and ${fmtInt(n)} (error bound ${fmtInt(err)})`
      : `Exact count: ${fmtInt(n)}`;
    const pct = h('span', 'tv-pct', count > 0 ? `${err > 0 ? '≤ ' : ''}${fmtPct(n / count)}` : '');
    li.append(main, cnt, pct);
    ol.append(li);
  }
  sec.append(ol);
  const notes = [];
  if (typeof c.distinct === 'number' && c.distinct > top.length) {
    notes.push(`${c.distinct_exact === false ? 'About ' : ''}${fmtInt(c.distinct - top.length)} other distinct value${c.distinct - top.length === 1 ? '' : 's'}`
      + (!estimated && count > listed ? ` (${fmtInt(count - listed)} values, ${fmtPct((count - listed) / count)})` : '')
      + '.');
  }
  if (estimated) notes.push('Ranges are estimates: the true count lies within the range (lighter part of the bar).');
  if (notes.length) sec.append(h('p', 'note tv-note', notes.join(' ')));
  return sec;
}

function cardExamples(c) {
  const ex = Array.isArray(c.examples) ? c.examples : [];
  if (ex.length === 0) return null;
  const sec = section('Examples', 'cc-examples');
  const ul = h('ul', 'examples');
  for (const v of ex) {
    const raw = v == null ? '' : String(v);
    const li = h('li');
    const code = h('code', raw === '' ? 'tv-empty' : null, raw === '' ? '(empty)' : visibleText(raw));
    code.title = raw;
    li.append(code);
    ul.append(li);
  }
  sec.append(ul);
  return sec;
}



function cardHistogram(c) {
  const hg = histogramOf(c);
  if (!hg) return null;
  const sec = section('Distribution', 'cc-hist');
  const chartBox = h('div', 'cc-chart');
  const total = hg.counts.reduce((s, n) => s + n, 0);
  let peak = 0;
  hg.counts.forEach((n, i) => { if (n > hg.counts[peak]) peak = i; });
  chartBox.setAttribute('role', 'img');
  chartBox.setAttribute('aria-label',
    `Histogram of ${c.name}: ${hg.counts.length} bins from ${fmtEdge(hg.rawEdges[0])} to ${fmtEdge(hg.rawEdges[hg.rawEdges.length - 1])}; `
    + `the fullest bin is ${binLabel(c, hg, peak)} with ${fmtInt(hg.counts[peak])} values.`);
  chartSpecs.set(chartBox, { c, hg });
  sec.append(chartBox);
  if (c.histogram_exact === false) {
    sec.append(h('p', 'note cc-estimated', '≈ bin counts estimated from the quantile sketch (the exact values did not fit the memory budget)'));
  }

  // Every bin as text, built when first opened.
  const details = h('details', 'cc-bins');
  const summary = h('summary', null, `Histogram bins (${fmtInt(hg.counts.length)})`);
  details.append(summary);
  details.addEventListener('toggle', () => {
    if (!details.open || details.dataset.built) return;
    details.dataset.built = '1';
    const table = h('table', 'cc-bin-table');
    table.append(h('caption', 'visually-hidden', `Histogram bins of ${c.name}`));
    const thead = document.createElement('thead');
    const hr = document.createElement('tr');
    for (const [t, cls] of [['Bin', null], ['Count', 'num'], ['Share', 'num']]) {
      const th = h('th', cls, t);
      th.scope = 'col';
      hr.append(th);
    }
    thead.append(hr);
    const tbody = document.createElement('tbody');
    hg.counts.forEach((n, i) => {
      const tr = document.createElement('tr');
      tr.append(h('td', 'value', binLabel(c, hg, i)), h('td', 'num', fmtInt(n)),
        h('td', 'num', total > 0 ? fmtPct(n / total) : DASH));
      tbody.append(tr);
    });
    table.append(thead, tbody);
    const scroll = h('div', 'cc-bin-scroll');
    scroll.tabIndex = 0;
    scroll.setAttribute('role', 'region');
    scroll.setAttribute('aria-label', `Histogram bins of ${c.name}`);
    scroll.append(table);
    details.append(scroll);
  });
  sec.append(details);
  // Few columns: draw every chart right away. Many: each when its card nears the window.
  if (chartObserver && allColumns.length > EAGER_CHARTS) chartObserver.observe(chartBox);
  else requestAnimationFrame(() => createCardChart(chartBox));
  return sec;
}

/** Over time: a date column's values per day, week or month, its gaps and its order. */
function cardTime(c) {
  if (!c.time_series && !c.order) return null;
  const sec = section('Over time', 'cc-time');
  const svg = timeSeriesSvg(c, escapeHtml);
  if (svg) {
    const box = h('div', 'cc-timeseries');
    // Built from the profile by timeSeriesSvg, every text escaped.
    box.innerHTML = svg;
    sec.append(box);
  }
  for (const n of timeNotes(c)) sec.append(h('p', 'note', n));
  return sec;
}

/** Outliers: a box plot with Tukey's fences, the counts beyond them, the extremes and their lines. */
function cardOutliers(c) {
  if (!c.outliers) return null;
  const svg = boxPlotSvg(c, escapeHtml);
  if (!svg) return null;
  const sec = section('Outliers', 'cc-outliers');
  const box = h('div', 'cc-boxplot');
  // Built from the profile by boxPlotSvg, every text escaped.
  box.innerHTML = svg;
  sec.append(box);
  for (const n of outlierNotes(c)) sec.append(h('p', 'note', n));
  const o = c.outliers;
  const ul = h('ul', 'cc-extremes');
  for (const [what, list] of [['Smallest', o.lowest], ['Largest', o.highest]]) {
    if (!Array.isArray(list) || list.length === 0) continue;
    ul.append(h('li', null, `${what}: ${list.slice(0, 5).map((e) => `${fmtValue(e.value)} (line ${fmtInt(e.line)})`).join(', ')}`));
  }
  sec.append(ul);
  return sec;
}

function columnCard(c, pos, total) {
  const idx = colIndexOf(c, pos);
  const name = c.name == null ? '' : String(c.name);
  const type = String(c.type ?? 'string');

  const card = h('article', 'column-card');
  card.id = `col-${idx}`;
  card.dataset.column = name;
  card.dataset.type = type;
  card.tabIndex = -1;
  card.setAttribute('aria-labelledby', `col-${idx}-name`);

  card.append(cardHead(c, idx, name, type, total));
  const written = cardWritten(c);
  if (written) card.append(written);
  const fnd = cardFindings(idx);
  if (fnd) card.append(fnd);
  card.append(cardMetrics(c));
  const types = cardTypes(c);
  if (types) card.append(types);

  const body = h('div', 'cc-body');
  const stats = h('div', 'cc-col cc-col-stats');
  stats.append(cardStats(c, type));
  const q = h('div', 'cc-col cc-col-q');
  for (const s of [cardQuantiles(c), cardLength(c)]) if (s) q.append(s);
  const viz = h('div', 'cc-col cc-col-viz');
  const hist = cardHistogram(c);
  if (hist) viz.append(hist);
  const over = cardTime(c);
  if (over) viz.append(over);
  const outl = cardOutliers(c);
  if (outl) viz.append(outl);
  viz.append(cardTop(c));
  const rel = cardRelations(c);
  if (rel) viz.append(rel);
  body.append(stats, q, viz);
  card.append(body);

  const ex = cardExamples(c);
  if (ex) card.append(ex);
  return card;
}

/** The card of a view entry, made once per column and reused when the view changes. */
function cardFor(entry) {
  let card = cardCache.get(entry.idx);
  if (!card) {
    card = columnCard(entry.c, entry.pos, allColumns.length);
    cardCache.set(entry.idx, card);
    return card;
  }
  // A chart whose first draw came while its card was filtered out: draw it now.
  if (!chartObserver || allColumns.length <= EAGER_CHARTS) {
    for (const box of card.querySelectorAll('.cc-chart:not([data-chart])')) {
      requestAnimationFrame(() => createCardChart(box));
    }
  }
  return card;
}

function appendCards(n) {
  const frag = document.createDocumentFragment();
  const end = Math.min(cardColumns.length, cardsRendered + n);
  for (let i = cardsRendered; i < end; i++) frag.append(cardFor(cardColumns[i]));
  cardsRendered = end;
  el.cards.append(frag);
  updateCardsBar();
}

function updateCardsBar() {
  const remaining = cardColumns.length - cardsRendered;
  el.cardsMoreBar.hidden = remaining <= 0;
  if (remaining > 0) {
    el.cardsShown.textContent = `Showing ${fmtInt(cardsRendered)} of ${fmtInt(cardColumns.length)} columns.`;
    el.cardsMore.textContent = `Show ${fmtInt(Math.min(CARD_BATCH, remaining))} more`;
    el.cardsAll.textContent = `Show all ${fmtInt(cardColumns.length)}`;
  }
}

/** Render cards up to position n (exclusive) in chunks, yielding between them. */
function renderCardsUpTo(n) {
  if (cardsRendered >= n) return Promise.resolve();
  const target = Math.min(n, cardColumns.length);
  const columns = cardColumns;
  const work = (cardsBusy || Promise.resolve()).then(() => new Promise((resolve) => {
    el.cardsMore.disabled = true;
    el.cardsAll.disabled = true;
    const step = () => {
      if (columns !== cardColumns) { // a new file or a new filter replaced these
        el.cardsMore.disabled = false;
        el.cardsAll.disabled = false;
        resolve();
        return;
      }
      appendCards(Math.min(CARD_BATCH * 2, target - cardsRendered));
      if (cardsRendered < target) {
        requestAnimationFrame(step);
      } else {
        el.cardsMore.disabled = false;
        el.cardsAll.disabled = false;
        resolve();
      }
    };
    step();
  }));
  cardsBusy = work.then(() => { if (cardsBusy === work) cardsBusy = null; });
  return work;
}

/** Show the view entries as cards, the first batch now. Cards already made are reused. */
function renderCards(entries) {
  el.cards.replaceChildren();
  cardColumns = entries;
  cardsRendered = 0;
  el.columnDetails.hidden = allColumns.length === 0;
  el.cards.classList.toggle('many', allColumns.length > CARD_BATCH * 4);
  appendCards(CARD_BATCH);
}

const reducedMotion = window.matchMedia ? window.matchMedia('(prefers-reduced-motion: reduce)') : null;

/** Render a column's card if needed, scroll to it and focus it. */
async function revealColumn(idx) {
  if (!colPos.has(idx)) return;
  // A column the filter hides: show every column again first.
  if (!viewPos.has(idx)) resetView();
  const pos = viewPos.get(idx);
  if (pos === undefined) return;
  // Up to the end of the target's batch, so the card can scroll to the top of the window.
  if (pos >= cardsRendered) await renderCardsUpTo(Math.ceil((pos + 1) / CARD_BATCH) * CARD_BATCH);
  const card = document.getElementById(`col-${idx}`);
  if (!card) return;
  card.scrollIntoView({ block: 'start', behavior: 'auto' });
  card.focus({ preventScroll: true });
  // Cards above may have changed size as they were laid out: settle on the card again.
  requestAnimationFrame(() => card.scrollIntoView({ block: 'start', behavior: 'auto' }));
  card.classList.remove('targeted');
  void card.offsetWidth; // restart the highlight animation
  if (!(reducedMotion && reducedMotion.matches)) card.classList.add('targeted');
}

// ---------------------------------------------------------------- card charts (uPlot)

/** Tick steps for counts: whole numbers only. */
const COUNT_INCRS = [];
for (let m = 1; m <= 1e15; m *= 10) COUNT_INCRS.push(m, 2 * m, 5 * m);

const compactFmt = new Intl.NumberFormat(LOCALE, { notation: 'compact', maximumFractionDigits: 1 });

function compactValues(_u, splits) {
  return splits.map((v) => (v == null ? '' : Math.abs(v) < 1000 ? fmtValue(Number(v.toPrecision(6))) : compactFmt.format(v)));
}

function cardChartWidth(box) {
  return Math.max(160, Math.floor(box.clientWidth || 320));
}

function createCardChart(box) {
  const spec = chartSpecs.get(box);
  if (!spec || box.dataset.chart || !box.isConnected) return;
  box.dataset.chart = '1';
  readTheme();
  const { c, hg } = spec;
  const n = hg.counts.length;
  const total = hg.counts.reduce((s, v) => s + v, 0);
  const xs = hg.counts.map((_v, i) => (hg.edges[i] + hg.edges[i + 1]) / 2);
  let lo = hg.edges[0];
  let hi = hg.edges[n];
  if (!(hi > lo)) { lo -= 0.5; hi += 0.5; }
  const color = TYPE_COLORS[c.type] || '#64748b';
  const axisStyle = {
    stroke: () => theme.axis,
    grid: { stroke: () => theme.grid, width: 1 },
    ticks: { stroke: () => theme.grid, width: 1 },
  };
  const opts = {
    width: cardChartWidth(box),
    height: CARD_CHART_HEIGHT,
    padding: [8, 14, 0, 0],
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'),
    scales: {
      x: { time: hg.time, range: () => [lo, hi] },
      y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.08)] },
    },
    series: [
      { label: 'Bin', value: (_u, _v, _si, i) => (i == null ? `${fmtInt(n)} bin${n === 1 ? '' : 's'}` : binLabel(c, hg, i)) },
      {
        label: 'Count',
        fill: `${color}b3`,
        stroke: color,
        width: 1,
        paths: uPlot.paths.bars({ size: [1, Infinity], gap: n > 40 ? 0 : 1, align: 0 }),
        points: { show: false },
        value: (_u, v, _si, i) => (i == null ? fmtInt(total) : v == null ? DASH : fmtInt(v)),
      },
    ],
    axes: [
      { ...axisStyle, values: hg.time ? undefined : compactValues, space: 70, size: hg.time ? 46 : 32 },
      { ...axisStyle, values: compactValues, size: 48, space: 30, incrs: COUNT_INCRS },
    ],
    legend: { show: true, live: true },
    cursor: { y: false, points: { show: false }, drag: { x: false, y: false, setScale: false } },
  };
  const chart = new uPlot(opts, [xs, hg.counts], box);
  cardCharts.add(chart);
  if (chartResizer) chartResizer.observe(box);
}

function destroyCardCharts() {
  if (chartObserver) chartObserver.disconnect();
  if (chartResizer) chartResizer.disconnect();
  for (const ch of cardCharts) ch.destroy();
  cardCharts.clear();
}

if (typeof IntersectionObserver === 'function') {
  chartObserver = new IntersectionObserver((entries) => {
    for (const e of entries) {
      if (!e.isIntersecting) continue;
      chartObserver.unobserve(e.target);
      createCardChart(e.target);
    }
  }, { rootMargin: '300px 0px' });
}

if (typeof ResizeObserver === 'function') {
  chartResizer = new ResizeObserver((entries) => {
    requestAnimationFrame(() => {
      for (const e of entries) {
        const box = e.target;
        for (const ch of cardCharts) {
          if (ch.root.parentNode !== box) continue;
          const w = cardChartWidth(box);
          if (w !== ch.width) ch.setSize({ width: w, height: CARD_CHART_HEIGHT });
        }
      }
    });
  });
}

/** Printing: draw the charts of every rendered card that has not been seen yet. */
window.addEventListener('beforeprint', () => {
  for (const box of el.cards.querySelectorAll('.cc-chart:not([data-chart])')) createCardChart(box);
});

function redrawCardCharts() {
  for (const ch of cardCharts) ch.redraw(false, true);
}

// ---------------------------------------------------------------- filter and sort (table and cards)

/** Every column as { c, pos, idx, name }, in file order; the filtered, sorted view; idx -> view position. */
let allColumns = [];
let viewColumns = [];
let viewPos = new Map();

const TYPE_ORDER = ['integer', 'float', 'boolean', 'date', 'datetime', 'time', 'string'];
const collator = new Intl.Collator(LOCALE, { numeric: true, sensitivity: 'base' });
const share = (part, whole) => (whole > 0 ? part / whole : null);
const numOrNull = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function findingsScore(idx) {
  const list = findingsByColumn.get(idx);
  if (!list || list.length === 0) return null;
  let score = 0;
  for (const f of list) score += { error: 1e12, warning: 1e6, info: 1 }[severityOf(f)];
  return score;
}

/** Sort keys: how to read the key, its default direction, and its name (for the header buttons). */
const SORTS = {
  index: { dir: 'asc', key: (e) => e.pos, label: 'original order' },
  name: { dir: 'asc', text: true, key: (e) => e.name, label: 'name' },
  type: {
    dir: 'asc',
    key: (e) => { const i = TYPE_ORDER.indexOf(String(e.c.type)); return i < 0 ? TYPE_ORDER.length : i; },
    label: 'type',
  },
  count: { dir: 'desc', key: (e) => numOrNull(e.c.count), label: 'count' },
  nulls: {
    dir: 'desc',
    key: (e) => {
      const n = numOrNull(e.c.nulls);
      return n === null ? null : share(n, n + (numOrNull(e.c.count) || 0));
    },
    label: 'nulls',
  },
  distinct: { dir: 'desc', key: (e) => numOrNull(e.c.distinct), label: 'distinct values' },
  mean: { dir: 'desc', key: (e) => numOrNull(e.c.mean), label: 'mean' },
  std: { dir: 'desc', key: (e) => numOrNull(e.c.std), label: 'standard deviation' },
  findings: { dir: 'desc', key: (e) => findingsScore(e.idx), label: 'findings' },
};

let sortDir = 'asc';

function currentSort() {
  return SORTS[el.sort.value] ? el.sort.value : 'index';
}

/** The view for the controls: name filter, type filter, then the sort (missing values last, ties in file order). */
function computeView() {
  const q = el.filter.value.trim().toLocaleLowerCase();
  const type = el.typeFilter.value;
  let list = allColumns;
  if (q || type) {
    list = list.filter((e) => (!type || String(e.c.type) === type)
      && (!q || e.name.toLocaleLowerCase().includes(q)));
  }
  const spec = SORTS[currentSort()];
  const sign = sortDir === 'desc' ? -1 : 1;
  if (currentSort() === 'index') return sign === 1 ? list.slice() : list.slice().reverse();
  const keyed = list.map((e) => ({ e, k: spec.key(e) }));
  keyed.sort((a, b) => {
    const am = a.k === null || a.k === undefined || Number.isNaN(a.k);
    const bm = b.k === null || b.k === undefined || Number.isNaN(b.k);
    if (am || bm) return am && bm ? a.e.pos - b.e.pos : am ? 1 : -1;
    const d = spec.text ? collator.compare(a.k, b.k) : a.k - b.k;
    return d !== 0 ? sign * d : a.e.pos - b.e.pos;
  });
  return keyed.map((x) => x.e);
}

function isFiltered() {
  return el.filter.value.trim() !== '' || el.typeFilter.value !== '';
}

function applyView() {
  viewColumns = computeView();
  viewPos = new Map(viewColumns.map((e, i) => [e.idx, i]));
  renderColumns(viewColumns);
  renderCards(viewColumns);
  showViewState();
}

function plural(n, word) {
  return `${fmtInt(n)} ${word}${n === 1 ? '' : 's'}`;
}

function showViewState() {
  const total = allColumns.length;
  const shown = viewColumns.length;
  const filtered = isFiltered();
  el.columnsCount.textContent = filtered
    ? `${fmtInt(shown)} of ${plural(total, 'column')} match`
    : plural(total, 'column');
  el.reset.hidden = !filtered;
  el.columnsEmpty.hidden = !(filtered && shown === 0);
  el.table.classList.toggle('is-empty', shown === 0);
  el.cardsFilterNote.hidden = !filtered;
  if (filtered) el.cardsFilterText.textContent = `Filtered: ${fmtInt(shown)} of ${plural(total, 'column')} shown.`;

  const key = currentSort();
  el.sortDir.dataset.dir = sortDir;
  el.sortDir.querySelector('.sort-dir-text').textContent = sortDir === 'asc' ? 'Ascending' : 'Descending';
  el.sortDir.title = `Sorted ${sortDir === 'asc' ? 'ascending' : 'descending'}; press to reverse`;
  for (const btn of el.table.tHead.querySelectorAll('button[data-sort]')) {
    const th = btn.closest('th');
    const active = btn.dataset.sort === key;
    if (active) th.setAttribute('aria-sort', sortDir === 'asc' ? 'ascending' : 'descending');
    else th.removeAttribute('aria-sort');
    btn.dataset.active = active ? sortDir : '';
  }
}

/** The type filter's options: the types that occur, with their counts. */
function fillTypeFilter() {
  const counts = new Map();
  for (const e of allColumns) {
    const t = String(e.c.type ?? '');
    counts.set(t, (counts.get(t) || 0) + 1);
  }
  const types = [...counts.keys()].sort((a, b) => {
    const ia = TYPE_ORDER.indexOf(a);
    const ib = TYPE_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || collator.compare(a, b);
  });
  const all = document.createElement('option');
  all.value = '';
  all.textContent = `All types (${fmtInt(allColumns.length)})`;
  const options = [all];
  for (const t of types) {
    const o = document.createElement('option');
    o.value = t;
    o.textContent = `${t || '(none)'} (${fmtInt(counts.get(t))})`;
    options.push(o);
  }
  el.typeFilter.replaceChildren(...options);
  el.typeFilter.value = '';
}

function setSort(key, dir) {
  el.sort.value = SORTS[key] ? key : 'index';
  sortDir = dir || SORTS[currentSort()].dir;
  if (profile) applyView();
  else showViewState();
}

/** Show every column again (the sort stays). */
function resetView() {
  el.filter.value = '';
  el.typeFilter.value = '';
  applyView();
}

let filterTimer = 0;
el.filter.addEventListener('input', () => {
  clearTimeout(filterTimer);
  // Wide files: wait for a pause in typing before re-rendering.
  if (allColumns.length > WIDE_THRESHOLD) filterTimer = setTimeout(applyView, 150);
  else applyView();
});
el.filter.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && el.filter.value !== '') {
    e.preventDefault();
    e.stopPropagation();
    el.filter.value = '';
    applyView();
  } else if (e.key === 'Enter') {
    e.preventDefault(); // no form to submit; apply at once
    clearTimeout(filterTimer);
    applyView();
  }
});
el.typeFilter.addEventListener('change', applyView);
el.sort.addEventListener('change', () => setSort(el.sort.value));
el.sortDir.addEventListener('click', () => setSort(currentSort(), sortDir === 'asc' ? 'desc' : 'asc'));
el.reset.addEventListener('click', () => { resetView(); el.filter.focus(); });
el.cardsClear.addEventListener('click', () => { resetView(); el.filter.focus(); });
el.table.tHead.addEventListener('click', (e) => {
  const btn = e.target instanceof Element ? e.target.closest('button[data-sort]') : null;
  if (!btn) return;
  const key = btn.dataset.sort;
  // The active column again: reverse. Another: its natural direction.
  if (key === currentSort()) setSort(key, sortDir === 'asc' ? 'desc' : 'asc');
  else setSort(key);
});

// "/" jumps to the column filter, as on many sites (not while typing somewhere).
document.addEventListener('keydown', (e) => {
  if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || el.results.hidden) return;
  const t = e.target;
  if (t instanceof Element && t.closest('input, textarea, select, [contenteditable="true"]')) return;
  e.preventDefault();
  el.filter.focus();
  el.filter.select();
});

// ---------------------------------------------------------------- all results

function renderResults(result) {
  const columns = Array.isArray(result.columns) ? result.columns : [];
  const findings = Array.isArray(result.findings) ? result.findings : [];
  colPos = new Map();
  colByName = new Map();
  columns.forEach((c, i) => {
    const idx = colIndexOf(c || {}, i);
    colPos.set(idx, i);
    const name = c && c.name != null ? String(c.name) : '';
    if (!colByName.has(name)) colByName.set(name, idx);
  });
  findingsByColumn = new Map();
  for (const f of findings) {
    if (!f || f.column == null) continue;
    const idx = findingColumnIndex(f);
    if (idx === null) continue;
    if (!findingsByColumn.has(idx)) findingsByColumn.set(idx, []);
    findingsByColumn.get(idx).push(f);
  }
  allColumns = columns.map((c, pos) => {
    const col = c && typeof c === 'object' ? c : {};
    return { c: col, pos, idx: colIndexOf(col, pos), name: col.name == null ? '' : String(col.name) };
  });
  // Correlations first: finding links to the heatmap depend on whether it is shown.
  renderCorrelations(result.correlations);
  renderMissing(result.missing, result.columns);
  renderRelationships(result);
  renderSample(result.sample, result.columns);
  renderScatters(result);
  renderFindings(findings);
  // A new file starts unfiltered; the sort order chosen stays.
  el.filter.value = '';
  fillTypeFilter();
  applyView();
}

// ---------------------------------------------------------------- download

/** The profile to export: as mined, or without the values of personal data. */
function exported() {
  return el.withoutValues.checked ? withoutValues(profile) : profile;
}

function downloadProfile() {
  if (!profile) return;
  const blob = new Blob([JSON.stringify(exported(), null, 2)], { type: 'application/json' });
  saveBlob(blob, `${baseName(profileName)}.profile.json`);
}

/** The profile as one self-contained HTML page (see report.js). */
function downloadReport() {
  if (!profile) return;
  const generated = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const html = renderReport(exported(), { name: profileName, size: profileMeta.size, secs: profileMeta.secs, generated, diff: lastDiff });
  saveBlob(new Blob([html], { type: 'text/html;charset=utf-8' }), `${baseName(profileName)}.report.html`);
}

function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// ---------------------------------------------------------------- sample

/** The bundled sample in the format picked (public/samples/, same origin). */
function sampleName() {
  const v = el.sampleFormat?.value;
  return /^seattle-weather\.[a-z0-9.]+$/.test(v || '') ? v : 'seattle-weather.csv';
}

/**
 * Where a sample is stored. The gzip one is kept as `.gzip`: static servers (vite preview's
 * sirv, Apache's default `AddEncoding x-gzip .gz`) send a `.gz` file with
 * `Content-Encoding: gzip`, and the browser would decompress it before the engine saw it.
 */
const SAMPLE_STORED = { 'seattle-weather.csv.gz': 'seattle-weather.csv.gzip' };

/** Fetch the bundled sample (same origin) and mine it like a picked file. */
async function trySample() {
  const SAMPLE_NAME = sampleName();
  const SAMPLE_URL = `./samples/${SAMPLE_STORED[SAMPLE_NAME] || SAMPLE_NAME}`;
  const before = runCounter;
  el.trySample.disabled = true;
  el.trySample.setAttribute('aria-busy', 'true');
  setStatus('Loading the sample…');
  try {
    const res = await fetch(SAMPLE_URL);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const blob = await res.blob();
    // A file picked meanwhile wins.
    if (runCounter === before) startMining(new File([blob], SAMPLE_NAME, { type: SAMPLE_NAME.endsWith('.csv') ? 'text/csv' : '' }));
  } catch (err) {
    if (runCounter === before) showError(new Error(`could not load the sample: ${err && err.message ? err.message : err}`));
  } finally {
    el.trySample.disabled = false;
    el.trySample.removeAttribute('aria-busy');
  }
}

// ---------------------------------------------------------------- wiring

function openPicker() {
  el.fileInput.click();
}

/** A file picked or dropped: a saved profile opens as it was shown; anything else is mined. */
async function openInput(file) {
  if (!file) return;
  let saved = null;
  try {
    saved = await openProfile(file);
  } catch (err) {
    if (run) run.controller.abort();
    run = null;
    clearResults();
    showError(err);
    return;
  }
  if (!saved) {
    startMining(file);
    return;
  }
  if (run) run.controller.abort();
  run = null;
  el.cancel.disabled = true;
  clearResults();
  resetChart();
  finish(file, saved, null, true);
}

/** The compare input: mines the file picked (or reads its saved profile) and shows the diff. */
let lastDiff = null;
let lastDiffName = '';
let compareRun = 0;
async function compareWith(file) {
  if (!file || !profile) return;
  const id = ++compareRun;
  const old = profile;
  const oldName = profileName;
  try {
    el.compareStatus.textContent = `Reading ${file.name}…`;
    let other = await openProfile(file);
    if (!other) {
      el.compareStatus.textContent = `Mining ${file.name} to compare…`;
      other = await mine(file, workersOption());
    }
    if (id !== compareRun || profile !== old) return;
    const diff = await compare(old, other, { oldName, newName: file.name });
    if (id !== compareRun || profile !== old) return;
    lastDiff = diff;
    lastDiffName = file.name;
    el.downloadDiff.disabled = false;
    renderCompare(diff, el.compareView);
    el.compareStatus.textContent = `${oldName} (old) against ${file.name} (new).`;
  } catch (err) {
    if (id !== compareRun) return;
    el.compareStatus.textContent = `Cannot compare: ${err && err.message ? err.message : String(err)}`;
  }
}

$('compare-pick').addEventListener('click', () => el.compareInput.click());

el.downloadDiff.addEventListener('click', () => {
  if (!lastDiff) return;
  const blob = new Blob([JSON.stringify(lastDiff, null, 2)], { type: 'application/json' });
  saveBlob(blob, `${baseName(profileName)}.vs.${baseName(lastDiffName)}.diff.json`);
});

el.compareInput.addEventListener('change', () => {
  const file = el.compareInput.files && el.compareInput.files[0];
  compareWith(file);
  el.compareInput.value = '';
});

/** Files picked or dropped: one opens (a saved profile) or is mined; several are mined as datasets. */
function openInputs(files) {
  if (files.length === 1) openInput(files[0]);
  else if (files.length > 1) startMining(files);
}

/** A folder's files as the CLI lists a directory: by path, leaving out names starting with `.`
 * or `_` (`.DS_Store`, Spark's `_SUCCESS`) and what is inside such folders. */
function folderFiles(files) {
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

el.fileInput.addEventListener('change', () => {
  const files = Array.from(el.fileInput.files || []);
  openInputs(files);
  // Allow picking the same file again.
  el.fileInput.value = '';
});

el.folderInput.addEventListener('change', () => {
  const files = folderFiles(Array.from(el.folderInput.files || []));
  if (files.length === 0) showError(new Error('the folder holds no file'));
  else startMining(files);
  el.folderInput.value = '';
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
  const dt = e.dataTransfer;
  if (!dt) return;
  const plain = Array.from(dt.files || []);
  const hasEntries = Array.from(dt.items || []).some((it) => typeof it.webkitGetAsEntry === 'function');
  if (!hasEntries) {
    openInputs(plain);
    return;
  }
  // Read the entries now: a drop's items are only readable during the event.
  droppedFiles(dt.items).then(
    ({ files, folders }) => {
      if (folders) {
        const list = folderFiles(files);
        if (list.length === 0) showError(new Error('the folder holds no file'));
        else startMining(list);
      } else {
        openInputs(files.length ? files : plain);
      }
    },
    () => openInputs(plain),
  );
});

// A file dropped next to the drop zone must not make the browser navigate away.
window.addEventListener('dragover', (e) => e.preventDefault());
window.addEventListener('drop', (e) => e.preventDefault());

el.cancel.addEventListener('click', cancel);
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && run) cancel();
});
el.download.addEventListener('click', downloadProfile);
el.downloadHtml.addEventListener('click', downloadReport);
el.trySample.addEventListener('click', trySample);
el.more.addEventListener('click', () => appendColumns(COLUMN_BATCH));
el.all.addEventListener('click', appendAllColumns);
el.cardsMore.addEventListener('click', () => renderCardsUpTo(cardsRendered + CARD_BATCH));
el.cardsAll.addEventListener('click', () => renderCardsUpTo(cardColumns.length));

// Links to a column's card (findings, table, heatmap): render the card if needed, then go there.
el.results.addEventListener('click', (e) => {
  const a = e.target instanceof Element ? e.target.closest('a[data-column-index]') : null;
  if (!a || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  revealColumn(Number(a.dataset.columnIndex));
});

if (typeof ResizeObserver === 'function') {
  new ResizeObserver(queueResize).observe(el.chart);
}
window.addEventListener('resize', queueResize);

if (darkQuery) {
  const onScheme = () => {
    readTheme();
    if (chart) chart.redraw(false, true);
    redrawCardCharts();
    paintHeatmap();
  };
  if (darkQuery.addEventListener) darkQuery.addEventListener('change', onScheme);
  else if (darkQuery.addListener) darkQuery.addListener(onScheme);
}

// ---------------------------------------------------------------- start

createChart();
el.cancel.disabled = true;
el.download.disabled = true;
el.downloadHtml.disabled = true;
setSort('index');
setStatus('Ready');
setState('ready');
// After the first paint, load the engine for the first file.
requestAnimationFrame(() => schedulePrepare(0));
