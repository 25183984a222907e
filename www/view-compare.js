// The compare view: what changed between two datasets (a diff from `compare()`), rendered into
// a container. Values from the files are set as text, never as HTML.
import { DASH, fmtInt, fmtPct, fmtStat, fmtValue } from './page-format.js';

/** Changes shown before "Show all". */
export const CHANGES_SHOWN = 100;

function h(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** "old → new" of two values, with `fmt`. */
export function pairText(pair, fmt = fmtValue) {
  if (!pair) return DASH;
  return `${fmt(pair.old)} → ${fmt(pair.new)}`;
}

/** A drift measure as "0.123 (0.100–0.140)". */
export function driftText(d) {
  if (!d) return DASH;
  const bound = d.lower === d.upper ? '' : ` (${d.lower.toFixed(3)}–${d.upper.toFixed(3)})`;
  return `${d.value.toFixed(3)}${bound}`;
}

/** One line under the heading: the two sides and the severest change. */
export function compareHeadline(diff) {
  const side = (s) => `${s.name} (${fmtInt(s.rows)} rows, ${fmtInt(s.columns)} columns)`;
  return `${side(diff.old)} → ${side(diff.new)}`;
}

export function severityText(diff) {
  const n = diff.changes.length;
  if (n === 0) return 'No changes: the same columns, and every statistic within the thresholds.';
  const by = (s) => diff.changes.filter((c) => c.severity === s).length;
  return `${fmtInt(n)} change${n === 1 ? '' : 's'}: ${fmtInt(by('error'))} error, ${fmtInt(by('warning'))} warning, ${fmtInt(by('info'))} info.`;
}

/** The per-column rows: [column, status, type, null rate, distinct, mean, PSI, KS]. */
export function columnRows(diff) {
  return diff.columns.map((c) => [
    c.old_name ? `${c.name} (was ${c.old_name})` : c.name,
    c.status,
    c.old_type && c.new_type && c.old_type !== c.new_type ? `${c.old_type} → ${c.new_type}` : (c.new_type ?? c.old_type ?? DASH),
    c.null_rate ? pairText(c.null_rate, fmtPct) : DASH,
    c.distinct ? pairText(c.distinct, fmtInt) : DASH,
    c.mean ? pairText(c.mean, fmtStat) : DASH,
    driftText(c.psi),
    driftText(c.ks),
  ]);
}

export const COLUMN_HEAD = ['Column', 'Status', 'Type', 'Null rate', 'Distinct', 'Mean', 'PSI', 'KS'];

function table(className, caption, head, rows) {
  const t = h('table', `data-table ${className}`);
  t.append(h('caption', 'visually-hidden', caption));
  const tr = h('tr');
  for (const x of head) tr.append(h('th', '', x));
  t.createTHead().append(tr);
  const body = t.createTBody();
  for (const r of rows) {
    const row = h('tr');
    r.forEach((x, i) => row.append(h(i === 0 ? 'th' : 'td', '', String(x))));
    body.append(row);
  }
  return t;
}

/**
 * Renders `diff` into `container` (replacing what it held).
 * @param {import('./sluice.js').Diff} diff
 * @param {HTMLElement} container
 */
export function renderCompare(diff, container) {
  container.replaceChildren();
  container.dataset.severity = diff.severity;
  container.append(h('p', 'compare-headline', compareHeadline(diff)));
  container.append(h('p', `compare-verdict sev-${diff.severity}`, severityText(diff)));
  if (diff.changes.length) {
    const list = h('ol', 'compare-changes');
    const add = (from, to) => {
      for (const c of diff.changes.slice(from, to)) {
        const li = h('li', `finding sev-${c.severity}`);
        li.dataset.group = c.group;
        li.dataset.kind = c.kind;
        li.append(h('span', 'badge', c.severity), h('span', 'compare-group', c.group), h('span', 'finding-message', c.message));
        list.append(li);
      }
    };
    add(0, CHANGES_SHOWN);
    container.append(list);
    if (diff.changes.length > CHANGES_SHOWN) {
      const more = h('button', 'btn', `Show all ${fmtInt(diff.changes.length)} changes`);
      more.type = 'button';
      more.addEventListener('click', () => {
        add(CHANGES_SHOWN, diff.changes.length);
        more.remove();
      });
      container.append(more);
    }
  }
  container.append(h('h3', '', 'Columns'));
  container.append(table('compare-columns', 'Each column on both sides', COLUMN_HEAD, columnRows(diff)));
  container.append(h('p', 'note', 'PSI: population stability index over shared bins; KS: Kolmogorov-Smirnov distance; both from the two histograms, with the interval that holds the exact values. A rename is a guess from the values and the position.'));
}
