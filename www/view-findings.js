// The findings: what needs a look, grouped by severity, each with its column (a link to its
// card), its count and its first lines.
import { fmtInt, severityOf } from './page-format.js';
import { h, columnLink } from './page-dom.js';

/** Finding kinds about relationships (they link to that section). */
export const RELATION_KINDS = new Set(['duplicate_key', 'dependency_violations', 'redundant_columns', 'rule_exceptions', 'strong_association', 'relationships_limited']);

const FINDINGS_BATCH = 200;
const SEVERITIES = [
  { key: 'error', title: 'Errors' },
  { key: 'warning', title: 'Warnings' },
  { key: 'info', title: 'Info' },
];

function findingItem(f, ctx) {
  const li = document.createElement('li');
  const sev = severityOf(f);
  li.className = `finding sev-${sev}`;
  li.dataset.severity = sev;
  if (f.kind != null) li.dataset.kind = String(f.kind);

  const head = h('div', 'finding-head');
  head.append(h('span', 'badge severity', sev), h('span', 'kind', String(f.kind ?? '')));

  if (f.column != null) {
    const idx = ctx.columnIndex(f);
    const text = `column ${f.column}`;
    head.append(idx === null ? h('span', 'finding-column', text) : columnLink(idx, text, 'finding-column'));
  }
  if (f.kind === 'highly_correlated' && ctx.correlationsShown) {
    const a = h('a', 'finding-link', 'correlations');
    a.href = '#correlations';
    head.append(a);
  }
  if (RELATION_KINDS.has(f.kind) && ctx.relationshipsShown) {
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

/**
 * The findings in `container`, grouped by severity (errors first), in batches with "Show all".
 * `ctx`: `columnIndex(finding)` (the column card it links to, or null), and whether the
 * correlations and the relationships are shown (a finding then links to them).
 */
export function renderFindings(container, findings, ctx) {
  container.replaceChildren();
  if (findings.length === 0) {
    container.append(h('p', 'empty', 'No findings'));
    return;
  }
  const groups = new Map(SEVERITIES.map((s) => [s.key, []]));
  for (const f of findings) groups.get(severityOf(f)).push(f || {});
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s.key, groups.get(s.key).length]));

  container.append(h('p', 'note findings-tally',
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
    container.append(group);
    for (const f of list) queue.push([ul, f]);
  }

  let next = 0;
  const more = h('button', 'btn');
  more.type = 'button';
  const appendBatch = (n) => {
    const end = Math.min(queue.length, next + n);
    for (; next < end; next++) queue[next][0].append(findingItem(queue[next][1], ctx));
    if (next >= queue.length) more.remove();
    else more.textContent = `Show all ${fmtInt(queue.length)} findings (${fmtInt(next)} shown)`;
  };
  more.addEventListener('click', () => appendBatch(queue.length));
  container.append(more);
  appendBatch(FINDINGS_BATCH);
}
