// Sluice web page (UI only). Everything that comes from the mined file is
// rendered with textContent / createElement — never as HTML.
import 'uplot/dist/uPlot.min.css';
import './app.css';
import { mine, prepare, openProfile, compare } from './sluice.js';
import { renderCompare } from './view-compare.js';
import { showSnapshot, clearSnapshot } from './view-live.js';
import { mountMemoryChart } from './view-memory.js';
import { h, columnLink } from './page-dom.js';
import { renderSummary, addSummary, savedSource } from './view-summary.js';
import { renderFindings } from './view-findings.js';
import { renderCorrelations, renderRelationships, renderMissing, paintHeatmap } from './view-relations.js';
import { renderScatters, showScatter, clearScatters } from './view-scatter.js';
import { renderSample } from './view-sample.js';
import { downloadProfile, downloadReport, saveBlob } from './view-exports.js';
import { wireInputs, pathOfFile, folderFiles } from './view-input.js';
import { mountColumnsTable, renderColumns, clearColumns, WIDE_THRESHOLD } from './view-columns.js';
import { mountCards, renderCards, clearCards, revealColumn, redrawCardCharts } from './view-cards.js';
import { readTheme, darkQuery } from './page-theme.js';
import { LOCALE, fmtInt, fmtBytes, fmtSeconds, fmtRate, baseName, severityOf } from './page-format.js';

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
  compareFolderInput: $('compare-folder-input'),
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
const memory = mountMemoryChart(el.chart, el.peak);
mountColumnsTable({ table: el.table, moreBar: el.moreBar, more: el.more, all: el.all, shown: el.shown });
mountCards({ cards: el.cards, details: el.columnDetails, moreBar: el.cardsMoreBar, more: el.cardsMore, all: el.cardsAll, shown: el.cardsShown }, {
  profile: () => profile,
  findings: (idx) => findingsByColumn.get(idx),
  columnCount: () => allColumns.length,
  hasColumn: (idx) => colPos.has(idx),
  viewPosition: (idx) => {
    if (!viewPos.has(idx)) resetView();
    return viewPos.get(idx);
  },
});

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
  clearColumns();
  allColumns = [];
  viewColumns = [];
  viewPos = new Map();
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
  clearScatters();
  for (const t of [el.nullityTable, el.patternsTable, el.sampleTable, el.assocTable]) {
    t.tHead.replaceChildren();
    t.tBodies[0].replaceChildren();
  }
  clearCards();
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
  memory.reset();
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
        memory.push(p);
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
  addSummary(el.summary, 'dataset', 'Dataset', '', 'The files had other columns, so they were profiled apart (see the file_mismatch finding)');
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
      : memory.isSparse()
      ? `${CHART_NOTE} A small file is read in a chunk or two, so each reading is shown as a dot.`
      : CHART_NOTE;
    renderSummary(el.summary, source, result, secs, rate, saved, (sheet) => startMining(file, { sheet }));
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

// ---------------------------------------------------------------- findings

// ---------------------------------------------------------------- columns table

/** column index -> position in profile.columns; column name -> index; index -> findings. */
let colPos = new Map();
let colByName = new Map();
let findingsByColumn = new Map();

/** A column's name as a link to its card (text when the profile has no such column). */
function columnLabel(name, className) {
  const idx = colByName.get(name);
  return idx === undefined ? h('span', className, name) : columnLink(idx, name, className);
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

function colIndexOf(c, pos) {
  return typeof c.index === 'number' ? c.index : pos;
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
  renderCorrelations(el.corr, el.corrTable, result.correlations, { nameLabel: columnLabel, pick: showScatter });
  renderMissing({ section: el.missing, nullityTable: el.nullityTable, patternsTable: el.patternsTable, summary: el.missingSummary },
    result.missing, result.columns, columnLabel);
  renderRelationships({
    section: el.relationships, assocTable: el.assocTable, pairDetail: el.pairDetail, keysList: el.keysList,
    depsList: el.depsList, rulesList: el.rulesList, notes: el.relNotes,
  }, result, columnLabel);
  renderSample({ section: el.sample, table: el.sampleTable, note: el.sampleNote, more: el.sampleMore, pager: el.samplePager },
    result.sample, result.columns);
  renderScatters(el.scatters, result);
  renderFindings(el.findings, findings, {
    columnIndex: findingColumnIndex,
    correlationsShown: !el.corr.hidden,
    relationshipsShown: !el.relationships.hidden,
  });
  // A new file starts unfiltered; the sort order chosen stays.
  el.filter.value = '';
  fillTypeFilter();
  applyView();
}

// ---------------------------------------------------------------- download

/** What the downloads export: the profile shown, its file's name and run, and the comparison. */
function exportState() {
  return { profile, name: profileName, meta: profileMeta, diff: lastDiff, withoutValues: el.withoutValues.checked };
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
  memory.reset();
  finish(file, saved, null, true);
}

/**
 * The new side of a comparison: a saved profile read back, a file mined, or a folder's files
 * mined as one dataset (a folder whose files have other columns gives several: an error).
 */
async function newSide(input, status) {
  if (Array.isArray(input)) {
    status(`Mining ${fmtInt(input.length)} files of ${filesSource(input).name} to compare…`);
    const r = await mine(input, workersOption());
    if (Array.isArray(r)) {
      throw new Error(`the folder's files have other columns, so they make ${fmtInt(r.length)} datasets; compare one of them (a file, or a folder of files with the same columns)`);
    }
    return { profile: r, name: filesSource(input).name };
  }
  const saved = await openProfile(input);
  if (saved) return { profile: saved, name: input.name };
  status(`Mining ${input.name} to compare…`);
  return { profile: await mine(input, workersOption()), name: input.name };
}

/** The compare input: mines the file or folder picked (or reads a saved profile) and shows the diff. */
let lastDiff = null;
let lastDiffName = '';
let compareRun = 0;
async function compareWith(input) {
  if (!input || (Array.isArray(input) && input.length === 0) || !profile) return;
  const id = ++compareRun;
  const old = profile;
  const oldName = profileName;
  const label = Array.isArray(input) ? filesSource(input).name : input.name;
  try {
    el.compareStatus.textContent = `Reading ${label}…`;
    const other = await newSide(input, (t) => {
      if (id === compareRun) el.compareStatus.textContent = t;
    });
    if (id !== compareRun || profile !== old) return;
    const diff = await compare(old, other.profile, { oldName, newName: other.name });
    if (id !== compareRun || profile !== old) return;
    lastDiff = diff;
    lastDiffName = other.name;
    el.downloadDiff.disabled = false;
    renderCompare(diff, el.compareView);
    el.compareStatus.textContent = `${oldName} (old) against ${other.name} (new).`;
  } catch (err) {
    if (id !== compareRun) return;
    el.compareStatus.textContent = `Cannot compare: ${err && err.message ? err.message : String(err)}`;
  }
}

$('compare-pick').addEventListener('click', () => el.compareInput.click());
$('compare-pick-folder').addEventListener('click', () => el.compareFolderInput.click());
el.compareFolderInput.addEventListener('change', () => {
  const files = folderFiles(Array.from(el.compareFolderInput.files || []));
  if (files.length === 0) el.compareStatus.textContent = 'Cannot compare: the folder holds no file';
  else compareWith(files);
  el.compareFolderInput.value = '';
});

el.downloadDiff.addEventListener('click', () => {
  if (!lastDiff) return;
  const blob = new Blob([JSON.stringify(lastDiff, null, 2)], { type: 'application/json' });
  saveBlob(blob, `${baseName(profileName)}.vs.${baseName(lastDiffName.replace(/\/+$/, ""))}.diff.json`);
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

wireInputs({ dropZone: el.dropZone, fileInput: el.fileInput, folderInput: el.folderInput }, {
  files: openInputs,
  folder: (list) => {
    if (list.length === 0) showError(new Error('the folder holds no file'));
    else startMining(list);
  },
});

el.cancel.addEventListener('click', cancel);
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && run) cancel();
});
el.download.addEventListener('click', () => downloadProfile(exportState()));
el.downloadHtml.addEventListener('click', () => downloadReport(exportState()));
el.trySample.addEventListener('click', trySample);

// Links to a column's card (findings, table, heatmap): render the card if needed, then go there.
el.results.addEventListener('click', (e) => {
  const a = e.target instanceof Element ? e.target.closest('a[data-column-index]') : null;
  if (!a || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  revealColumn(Number(a.dataset.columnIndex));
});

if (typeof ResizeObserver === 'function') {
  new ResizeObserver(memory.resize).observe(el.chart);
}
window.addEventListener('resize', memory.resize);

if (darkQuery) {
  const onScheme = () => {
    readTheme();
    memory.redraw();
    redrawCardCharts();
    paintHeatmap();
  };
  if (darkQuery.addEventListener) darkQuery.addEventListener('change', onScheme);
  else if (darkQuery.addListener) darkQuery.addListener(onScheme);
}

// ---------------------------------------------------------------- start

el.cancel.disabled = true;
el.download.disabled = true;
el.downloadHtml.disabled = true;
setSort('index');
setStatus('Ready');
setState('ready');
// After the first paint, load the engine for the first file.
requestAnimationFrame(() => schedulePrepare(0));
