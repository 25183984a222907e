// The column cards: one per column, with its type, counts, statistics, quantiles, histogram or
// top values, lengths, dates, outliers, examples, findings and relationships, drawn a batch at a
// time (charts with uPlot when they come into view); reused when the view changes.
import uPlot from 'uplot';
import {
  DASH, fmtInt, fmtValue, fmtStat6, fmtSum, fmtPct, fmtEdge, visibleText, pctSuffix, fmtDistinct,
  histogramOf, binLabel, severityOf, QUANTILE_KEYS, distinctTitle, quantileNote, everyValueOnce, EVERY_VALUE_ONCE,
  boxPlotSvg, outlierNotes, timeSeriesSvg, timeNotes, columnRelations, writtenItems,
} from './page-format.js';
import { h } from './page-dom.js';
import { theme, readTheme, TYPE_COLORS, compactValues } from './page-theme.js';
import { escapeHtml } from './report.js';

let els = null;

const colIndexOf = (c, pos) => (typeof c.index === 'number' ? c.index : pos);
/** What the cards need of the page: { profile(), findings(idx), columnCount(), hasColumn(idx),
 * viewPosition(idx) (the column's place in the view, after showing every column if the filter
 * hides it) }. */
let ctx = null;

/** A column card's relationships: its key status, dependencies and strongest associations. */
function cardRelations(c) {
  const profile = ctx.profile();
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

// ---------------------------------------------------------------- column cards

const CARD_BATCH = 50;
const CARD_CHART_HEIGHT = 170;
const EAGER_CHARTS = 16;

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
  const list = ctx.findings(idx);
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
  if (chartObserver && ctx.columnCount() > EAGER_CHARTS) chartObserver.observe(chartBox);
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
    card = columnCard(entry.c, entry.pos, ctx.columnCount());
    cardCache.set(entry.idx, card);
    return card;
  }
  // A chart whose first draw came while its card was filtered out: draw it now.
  if (!chartObserver || ctx.columnCount() <= EAGER_CHARTS) {
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
  els.cards.append(frag);
  updateCardsBar();
}

function updateCardsBar() {
  const remaining = cardColumns.length - cardsRendered;
  els.moreBar.hidden = remaining <= 0;
  if (remaining > 0) {
    els.shown.textContent = `Showing ${fmtInt(cardsRendered)} of ${fmtInt(cardColumns.length)} columns.`;
    els.more.textContent = `Show ${fmtInt(Math.min(CARD_BATCH, remaining))} more`;
    els.all.textContent = `Show all ${fmtInt(cardColumns.length)}`;
  }
}

/** Render cards up to position n (exclusive) in chunks, yielding between them. */
export function renderCardsUpTo(n) {
  if (cardsRendered >= n) return Promise.resolve();
  const target = Math.min(n, cardColumns.length);
  const columns = cardColumns;
  const work = (cardsBusy || Promise.resolve()).then(() => new Promise((resolve) => {
    els.more.disabled = true;
    els.all.disabled = true;
    const step = () => {
      if (columns !== cardColumns) { // a new file or a new filter replaced these
        els.more.disabled = false;
        els.all.disabled = false;
        resolve();
        return;
      }
      appendCards(Math.min(CARD_BATCH * 2, target - cardsRendered));
      if (cardsRendered < target) {
        requestAnimationFrame(step);
      } else {
        els.more.disabled = false;
        els.all.disabled = false;
        resolve();
      }
    };
    step();
  }));
  cardsBusy = work.then(() => { if (cardsBusy === work) cardsBusy = null; });
  return work;
}

/** Show the view entries as cards, the first batch now. Cards already made are reused. */
export function renderCards(entries) {
  els.cards.replaceChildren();
  cardColumns = entries;
  cardsRendered = 0;
  els.details.hidden = ctx.columnCount() === 0;
  els.cards.classList.toggle('many', ctx.columnCount() > CARD_BATCH * 4);
  appendCards(CARD_BATCH);
}

const reducedMotion = window.matchMedia ? window.matchMedia('(prefers-reduced-motion: reduce)') : null;

/** Render a column's card if needed, scroll to it and focus it. */
export async function revealColumn(idx) {
  if (!ctx.hasColumn(idx)) return;
  // A column the filter hides: the page shows every column again first.
  const pos = ctx.viewPosition(idx);
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
  for (const box of els.cards.querySelectorAll('.cc-chart:not([data-chart])')) createCardChart(box);
});

export function redrawCardCharts() {
  for (const ch of cardCharts) ch.redraw(false, true);
}

/** The cards go in `elements` ({ cards, details, moreBar, more, all, shown }); see `ctx` above. */
export function mountCards(elements, context) {
  els = elements;
  ctx = context;
  els.more.addEventListener('click', () => renderCardsUpTo(cardsRendered + CARD_BATCH));
  els.all.addEventListener('click', () => renderCardsUpTo(cardColumns.length));
}

/** Removes every card and chart (a new profile): cards are made again. */
export function clearCards() {
  destroyCardCharts();
  els.cards.replaceChildren();
  els.moreBar.hidden = true;
  cardColumns = [];
  cardsRendered = 0;
  cardCache.clear();
}
