// The live view: the profile so far while a file streams (`mine()`'s `onSnapshot`, about once a
// second), as a table of the columns with their type, counts, distinct values, min, max and
// mean. The final profile replaces it. Values from the file are set as text, never as HTML.
import { DASH, fmtInt, fmtStat, fmtValue } from './page-format.js';

const HEADINGS = ['Column', 'Type', 'Count', 'Nulls', 'Distinct', 'Min', 'Max', 'Mean'];
/** The columns of numbers (right-aligned). */
const NUMERIC = new Set([2, 3, 4, 7]);

function cell(tag, text, className) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  e.textContent = text;
  return e;
}

/** "12,345" or "≥ 12,345" (several workers: the largest part's count) or "≈ 12,345". */
export function liveDistinct(c, workers) {
  if (c.distinct_exact) return fmtInt(c.distinct);
  return `${workers > 1 ? '≥' : '≈'} ${fmtInt(c.distinct)}`;
}

/** Renders `snapshot` into `container` (a section with a heading, a note and a table). */
export function showSnapshot(container, snapshot) {
  const workers = snapshot.workers ?? 1;
  let table = container.querySelector('table');
  if (!table) {
    const heading = cell('h3', 'Columns so far', 'chart-title');
    heading.id = 'live-heading';
    const note = cell('p', '', 'note');
    note.id = 'live-note';
    table = document.createElement('table');
    table.id = 'live-columns';
    table.className = 'live-columns';
    table.setAttribute('aria-labelledby', 'live-heading');
    const head = table.createTHead().insertRow();
    for (const t of HEADINGS) head.append(cell('th', t));
    table.createTBody();
    const scroll = document.createElement('div');
    scroll.className = 'table-scroll';
    scroll.append(table);
    container.replaceChildren(heading, note, scroll);
  }
  container.querySelector('#live-note').textContent =
    `${fmtInt(snapshot.rows)} rows so far${workers > 1 ? ` (${fmtInt(workers)} workers)` : ''}: types and counts may still change until the file ends.`;
  const body = table.tBodies[0];
  const texts = (c) => [
    c.name,
    c.type,
    fmtInt(c.count),
    fmtInt(c.nulls),
    liveDistinct(c, workers),
    c.min == null ? DASH : fmtValue(c.min),
    c.max == null ? DASH : fmtValue(c.max),
    c.mean == null ? DASH : fmtStat(c.mean),
  ];
  const same = body.rows.length === snapshot.columns.length
    && snapshot.columns.every((c, i) => body.rows[i].dataset.column === c.name);
  if (same) {
    // The same columns as a second ago: only the texts that changed are set.
    snapshot.columns.forEach((c, i) => {
      const cells = body.rows[i].cells;
      texts(c).forEach((t, k) => {
        if (cells[k].textContent !== t) cells[k].textContent = t;
      });
    });
  } else {
    const rows = snapshot.columns.map((c) => {
      const tr = document.createElement('tr');
      tr.dataset.column = c.name;
      texts(c).forEach((t, k) => tr.append(cell(k === 0 ? 'th' : 'td', t, NUMERIC.has(k) ? 'num' : undefined)));
      tr.firstChild.scope = 'row';
      return tr;
    });
    body.replaceChildren(...rows);
  }
  container.hidden = false;
}

/** Empties and hides the live view (a run ended, or a new one starts). */
export function clearSnapshot(container) {
  container.replaceChildren();
  container.hidden = true;
}
