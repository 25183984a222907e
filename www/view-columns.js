// The columns table: one row per column (name, type, count, nulls, distinct, min, max, mean,
// std), in the order and filter the page's view gives, a batch at a time for a wide file.
import { DASH, fmtInt, fmtStat, fmtValue, typeBreakdown, fmtDistinct, distinctTitle } from './page-format.js';
import { columnLink } from './page-dom.js';

/** Columns shown at once of a wide file. */
export const COLUMN_BATCH = 200;
/** Over this many columns, a file is wide: the table and cards show a batch at a time. */
export const WIDE_THRESHOLD = 500;

let els = null;
let pendingColumns = []; // view entries the table shows, in order
let columnsRendered = 0;
let columnsTotal = 0;
const rowCache = new Map(); // column index -> <tr>
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
  nameCell.append(columnLink(typeof c.index === 'number' ? c.index : pos, name, 'col-link'));
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

export function appendColumns(n) {
  const frag = document.createDocumentFragment();
  const end = Math.min(pendingColumns.length, columnsRendered + n);
  for (let i = columnsRendered; i < end; i++) frag.append(rowFor(pendingColumns[i]));
  columnsRendered = end;
  els.table.tBodies[0].append(frag);
  updateMoreBar();
}

function updateMoreBar() {
  const remaining = columnsTotal - columnsRendered;
  els.moreBar.hidden = remaining <= 0;
  if (remaining > 0) {
    els.shown.textContent = `Showing ${fmtInt(columnsRendered)} of ${fmtInt(columnsTotal)} columns.`;
    els.more.textContent = `Show ${fmtInt(Math.min(COLUMN_BATCH, remaining))} more`;
    els.all.textContent = `Show all ${fmtInt(columnsTotal)}`;
  }
}

/** Render everything remaining in chunks, yielding to the browser between them. */
export function appendAllColumns() {
  els.more.disabled = true;
  els.all.disabled = true;
  const columns = pendingColumns;
  const step = () => {
    if (columns === pendingColumns) appendColumns(COLUMN_BATCH * 2);
    if (columns === pendingColumns && columnsRendered < columnsTotal) {
      requestAnimationFrame(step);
    } else {
      els.more.disabled = false;
      els.all.disabled = false;
    }
  };
  step();
}

/** Show the view entries in the table: all of them, or the first batch of a wide file. */
export function renderColumns(entries) {
  els.table.tBodies[0].replaceChildren();
  pendingColumns = entries;
  columnsRendered = 0;
  columnsTotal = entries.length;
  appendColumns(entries.length > WIDE_THRESHOLD ? COLUMN_BATCH : entries.length);
}

/** Shows the table in `elements` ({ table, moreBar, more, all, shown }). */
export function mountColumnsTable(elements) {
  els = elements;
  els.more.addEventListener('click', () => appendColumns(COLUMN_BATCH));
  els.all.addEventListener('click', appendAllColumns);
}

/** Empties the table (a new profile): its rows are made again. */
export function clearColumns() {
  els.table.tBodies[0].replaceChildren();
  els.moreBar.hidden = true;
  pendingColumns = [];
  rowCache.clear();
}
