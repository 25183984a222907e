// The row sample: the file's first rows and a uniform sample of the rest, with their line
// numbers, sortable by any column, a window of columns at a time for a wide file.
import { fmtInt, fmtValue, visibleText } from './page-format.js';
import { h } from './page-dom.js';


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

/**
 * The "Sample rows" table: the file's first rows, then the uniform sample, sortable by column,
 * in `els` ({ section, table, note, more (the "Show all" button), pager }).
 */
export function renderSample(els, sample, columns) {
  const table = els.table;
  table.tHead.replaceChildren();
  table.tBodies[0].replaceChildren();
  els.more.hidden = true;
  const rows = sample && Array.isArray(sample.rows) ? sample.rows : [];
  const head = sample && Array.isArray(sample.head) ? sample.head : [];
  els.section.hidden = !sample || (rows.length === 0 && head.length === 0);
  if (els.section.hidden) return;
  const names = (sample.columns || []).map(String);
  // Wide files: a window of SAMPLE_COLUMNS columns at a time, moved by the pager.
  let from = 0;
  let shown = names.slice(from, from + SAMPLE_COLUMNS);
  const total = Array.isArray(columns) ? columns.length : names.length;
  els.note.textContent = `The file's first ${fmtInt(head.length)} row${head.length === 1 ? '' : 's'}, then ${fmtInt(rows.length)} rows sampled uniformly`
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
    els.more.hidden = rows.length <= limit;
  };
  els.more.onclick = () => {
    limit = rows.length;
    body();
  };
  // The column pager of a wide file.
  els.pager.replaceChildren();
  els.pager.hidden = names.length <= SAMPLE_COLUMNS;
  if (!els.pager.hidden) {
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
    els.pager.append(prev, label, next);
    move(0);
    return;
  }
  body();
}
