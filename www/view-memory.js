// The memory chart: the engine's wasm linear memory, its heap in use and the JS heap (where
// the browser reports it) against MB mined, live while a file is mined, with one wasm line per
// worker when several mine it and the peak of each series marked (uPlot). One per page:
// `mountMemoryChart(container, peakElement)` draws it and returns what the page calls.
import uPlot from 'uplot';
import { LOCALE, DASH, fmtMiB } from './page-format.js';
import { h } from './page-dom.js';
import { theme, readTheme } from './page-theme.js';

let container = null;
let peakEl = null;

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
    peakEl.hidden = true;
    peakEl.replaceChildren();
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
  peakEl.replaceChildren(...parts);
  peakEl.hidden = false;
}

function chartWidth() {
  return Math.max(200, Math.floor(container.clientWidth || 600));
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
  chart = new uPlot(opts, chartData, container);
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

/**
 * Draws the memory chart in `chartContainer`, with the peaks as text in `peakElement`:
 * `{ reset() (a new run), push(progress) (a reading: `onProgress`'s argument), isSparse()
 * (fewer than 3 readings at distinct sizes), resize() (queued to the next frame), redraw()
 * (after a change of colour scheme) }`.
 */
export function mountMemoryChart(chartContainer, peakElement) {
  container = chartContainer;
  peakEl = peakElement;
  createChart();
  return {
    reset: resetChart,
    push: pushChartPoint,
    isSparse: isSparseChart,
    resize: queueResize,
    redraw: () => chart?.redraw(false, true),
  };
}
