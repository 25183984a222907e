// The relationships between columns: the correlation heatmap, the associations of every type
// pair (with a pair's table on a click), keys, dependencies, rules, and the missing values'
// nullity heatmap and patterns. Column names are labels the page gives (links to the cards).
import {
  DASH, fmtInt, fmtPct, fmtStat, heatMix, associationTip, associationPair, keyText, duplicateText, dependencyText,
  violationText, ruleHead, exceptionText, associationNotes,
} from './page-format.js';
import { h } from './page-dom.js';


/** Background and text colour of a heatmap cell: surface at r = 0, --heat-neg at -1, --heat-pos at +1. */
function heatColors(r) {
  const cs = getComputedStyle(document.documentElement);
  return heatMix(r, cs.getPropertyValue('--surface'), cs.getPropertyValue('--heat-pos'), cs.getPropertyValue('--heat-neg'));
}

export function paintHeatmap() {
  for (const td of document.querySelectorAll('table.heatmap td[data-r]')) {
    const { bg, text } = heatColors(Number(td.dataset.r));
    td.style.backgroundColor = bg;
    td.style.color = text;
  }
}

/**
 * The correlation heatmap (Pearson's r of every pair of numeric columns) in `section` /
 * `table`; a click on a cell calls `ctx.pick(a, b, r)` (the page shows their scatter plot).
 * `ctx.nameLabel(name, className)`: a column's label (a link to its card).
 */
export function renderCorrelations(section, table, corr, ctx) {
  const names = corr && Array.isArray(corr.columns) ? corr.columns.map((n) => String(n)) : [];
  const matrix = corr && Array.isArray(corr.pearson) ? corr.pearson : [];
  renderHeatmap(section, table, names, matrix, ctx.nameLabel, {
    tip: (a, b, r) => `${a} × ${b}: r = ${r.toFixed(4)} (click for its scatter plot)`,
    none: (a, b) => `${a} × ${b}: undefined (too few rows where both are present, or a constant column)`,
    pick: ctx.pick,
  });
}

/** A heatmap of `matrix` over `names` in `table`; `section` is hidden below two names. */
function renderHeatmap(section, table, names, matrix, nameLabel, text) {
  const thead = table.tHead;
  const tbody = table.tBodies[0];
  thead.replaceChildren();
  tbody.replaceChildren();
  section.hidden = names.length < 2;
  if (names.length < 2) return;

  const nameCell = (tag, name, className) => {
    const c = h(tag, className);
    const label = nameLabel(name, 'heat-name');
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
function showPairDetail(box, assoc, a, b) {
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

/**
 * Relationships: the association heatmap (a click shows the pair's table in `els.pairDetail`),
 * keys, dependencies and rules, in `els` ({ section, assocTable, pairDetail, keysList,
 * depsList, rulesList, notes }). `nameLabel(name, className)`: a column's label.
 */
export function renderRelationships(els, p, nameLabel) {
  const assoc = p.associations;
  const names = assoc && Array.isArray(assoc.columns) ? assoc.columns.map((n) => String(n)) : [];
  const index = new Map(names.map((n, i) => [n, i]));
  renderHeatmap(els.section, els.assocTable, names, assoc ? assoc.value || [] : [], nameLabel, {
    tip: (a, b) => associationTip(a, b, assoc, index.get(a), index.get(b)) + (a === b ? '' : ' (click for details)'),
    none: (a, b) => `${a} × ${b}: no measure (a date or text column with many values, or too few rows)`,
    pick: (a, b) => showPairDetail(els.pairDetail, assoc, a, b),
  });
  const keys = Array.isArray(p.keys) ? p.keys : [];
  const deps = Array.isArray(p.dependencies) ? p.dependencies : [];
  const red = Array.isArray(p.redundant_columns) ? p.redundant_columns : [];
  const rules = Array.isArray(p.rules) ? p.rules : [];
  els.section.hidden = names.length < 2 && keys.length === 0;
  if (els.section.hidden) return;
  els.notes.replaceChildren(...associationNotes(assoc, Array.isArray(p.columns) ? p.columns.length : 0).map((t) => h('p', 'note', t)));

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
  els.keysList.replaceChildren(keys.length
    ? list(keys.map((k) => item(keyText(k), k.duplicates.slice(0, 5).map(duplicateText)
      .concat(!k.key && !k.duplicates_complete && k.duplicates.length ? [`(from a sample of ${fmtPct(k.sampled)} of the values)`] : []))))
    : h('p', 'note', 'No column is a key or nearly one (95% of its values distinct).'));
  const depItems = red.map((r) => item(`${r.columns[0]} ↔ ${r.columns[1]}: one-to-one (${fmtInt(r.values)} value pairs) — the same thing encoded twice.`))
    .concat(deps.map((d) => item(dependencyText(d), d.violations.slice(0, 3).map(violationText))));
  els.depsList.replaceChildren(depItems.length ? list(depItems)
    : h('p', 'note', 'No column determines another among the categorical ones (g3 error at most 5%).'));
  if (!rules.length) {
    els.rulesList.replaceChildren(h('p', 'note', 'No rule between values passes the thresholds (support 1%, confidence 90% or lift 2, p < 0.001).'));
    return;
  }
  const rows = (rs) => rs.map((r) => [ruleHead(r), fmtInt(r.rows), fmtPct(r.support), fmtPct(r.confidence), r.lift.toFixed(2), exceptionText(r) || DASH]);
  const head = ['Rule', 'Rows', 'Support', 'Confidence', 'Lift', 'Exceptions'];
  const num = new Set([1, 2, 3, 4]);
  const wrap = h('div', 'table-scroll');
  wrap.append(simpleTable('rules', 'Rules between values', head, rows(rules.slice(0, RULES_SHOWN)), num));
  els.rulesList.replaceChildren(wrap);
  if (rules.length > RULES_SHOWN) {
    const more = h('button', 'btn', `Show all ${fmtInt(rules.length)} rules`);
    more.type = 'button';
    more.addEventListener('click', () => {
      wrap.replaceChildren(simpleTable('rules', 'Rules between values', head, rows(rules), num));
      more.remove();
    });
    els.rulesList.append(more);
  }
}

/**
 * Missing values: the nullity heatmap, and the patterns as rows of filled and empty cells, in
 * `els` ({ section, nullityTable, patternsTable, summary }).
 */
export function renderMissing(els, m, columns, nameLabel) {
  const names = m && Array.isArray(m.columns) ? m.columns.map((n) => String(n)) : [];
  const patterns = m && Array.isArray(m.patterns) ? m.patterns : [];
  renderHeatmap(els.section, els.nullityTable, names, m ? m.nullity || [] : [], nameLabel, {
    tip: (a, b, r) => `${a} × ${b}: nullity correlation ${r.toFixed(4)}`,
    none: (a, b) => `${a} × ${b}: undefined`,
  });
  const thead = els.patternsTable.tHead;
  const tbody = els.patternsTable.tBodies[0];
  thead.replaceChildren();
  tbody.replaceChildren();
  if (!m || patterns.length === 0) {
    els.section.hidden = true;
    return;
  }
  els.section.hidden = false;
  // The pattern columns: those with nulls (the heatmap's), else every column a pattern names.
  const shown = names.length ? names : [...new Set(patterns.flatMap((p) => p.columns))];
  const total = countOf(m.complete_rows) + countOf(m.rows_with_nulls);
  els.summary.textContent = `${fmtInt(m.rows_with_nulls)} row${m.rows_with_nulls === 1 ? '' : 's'} (${fmtPct(total ? m.rows_with_nulls / total : 0)}) have a missing value; `
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
