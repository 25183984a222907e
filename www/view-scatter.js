// Scatter plots of the most correlated pairs of numeric columns, from the row sample (uPlot),
// each point shaded by the density around it, with Spearman's rho estimated from the sample.
import uPlot from 'uplot';
import { DASH, fmtInt, spearman, samplePairs, strongestPairs } from './page-format.js';
import { h } from './page-dom.js';
import { theme, readTheme, TYPE_COLORS, compactValues } from './page-theme.js';


const SCATTERS = 3;
const scatterCharts = new Set();
let scatterProfile = null;

let container = null;

function destroyScatters() {
  for (const ch of scatterCharts) ch.destroy();
  scatterCharts.clear();
  container?.replaceChildren();
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
  if (first) container.prepend(fig); else container.append(fig);
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
    width: Math.max(240, Math.min(420, container.clientWidth || 420)),
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

/** The scatter plots of the most correlated pairs of `result` (from its row sample) in `box`. */
export function renderScatters(box, result) {
  destroyScatters();
  container = box;
  scatterProfile = result;
  if (!result.sample || !result.correlations) return;
  for (const [a, b, r] of strongestPairs(result.correlations, SCATTERS)) addScatter(a, b, r, false);
}


/** Empties the scatter plots (a new run). */
export function clearScatters() {
  destroyScatters();
  scatterProfile = null;
}

/** Shows the scatter plot of `a` and `b` first (a click on the correlation heatmap). */
export function showScatter(a, b, r) {
  if (!container || !scatterProfile || !scatterProfile.sample) return;
  const have = [...container.children].find((f) => f.dataset.pair === `${a}|${b}` || f.dataset.pair === `${b}|${a}`);
  if (have) container.prepend(have); else addScatter(a, b, r, true);
  container.firstElementChild?.scrollIntoView({ block: 'nearest' });
}
