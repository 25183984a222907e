// The downloadable HTML report: one self-contained file that opens offline. Inline <style> and
// inline SVG charts, no scripts, nothing fetched. `renderReport` is a pure function (no DOM), so
// the same code runs in the page and in Node tests.
//
// Every value that comes from the mined file (names, values, messages, even numbers) goes through
// `escapeHtml` before it reaches the markup, and every attribute is double-quoted.

import {
  DASH, fmtInt, fmtBytes, fmtMiB, fmtSeconds, fmtRate, fmtStat, fmtValue, fmtStat6, fmtSum, fmtPct,
  fmtEdge, visibleText, fmtDelimiter, pctSuffix, typeBreakdown, fmtDistinct, histogramOf, binLabel,
  severityOf, QUANTILE_KEYS, heatMix, fmtDuplicates, duplicatesTitle, quantileNote, fmtBudget,
  everyValueOnce, EVERY_VALUE_ONCE, boxPlotSvg, outlierNotes, timeSeriesSvg, timeNotes,
  associationTip, keyText, duplicateText, dependencyText, violationText, ruleHead, ruleFigures, exceptionText,
  columnRelations, associationNotes, headerText,
  dialectText, dialectTitle, encodingText, readerText, readerTitle, parquetText, parquetTitle, skippedText, writtenItems, datasetFiles,
} from './page-format.js';
import { compareHeadline, severityText, columnRows, COLUMN_HEAD } from './view-compare.js';

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML text and double- or single-quoted attributes. null/undefined become "". */
export function escapeHtml(value) {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}

const esc = escapeHtml;

/** Columns that get a details section; the table lists every column. */
export const REPORT_MAX_DETAILS = 1000;

const KNOWN_TYPES = ['integer', 'float', 'boolean', 'date', 'datetime', 'time', 'string'];
const typeClass = (t) => (KNOWN_TYPES.includes(t) ? `t-${t}` : 't-other');

/** At most n characters (code points), with an ellipsis when cut. */
function clip(s, n) {
  const chars = Array.from(String(s));
  return chars.length > n ? `${chars.slice(0, n - 1).join('')}…` : chars.join('');
}

const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const r1 = (v) => Math.round(v * 10) / 10;

// ---------------------------------------------------------------- styles

const LIGHT = { surface: '#ffffff', pos: '#dc2626', neg: '#2563eb' };
const DARK = { surface: '#171b22', pos: '#f87171', neg: '#60a5fa' };
const HEAT_STEPS = 10;

/** One class per 0.1 of |r| and sign, for light and dark. */
function heatCss() {
  const light = [];
  const dark = [];
  for (let k = 0; k <= HEAT_STEPS; k++) {
    for (const sign of ['p', 'n']) {
      const r = (sign === 'p' ? 1 : -1) * (k / HEAT_STEPS);
      const a = heatMix(r, LIGHT.surface, LIGHT.pos, LIGHT.neg);
      const b = heatMix(r, DARK.surface, DARK.pos, DARK.neg);
      light.push(`.h${sign}${k}{background:${a.bg};color:${a.text}}`);
      dark.push(`.h${sign}${k}{background:${b.bg};color:${b.text}}`);
    }
  }
  return `${light.join('')}\n@media (prefers-color-scheme: dark){${dark.join('')}}`;
}

const STYLE = `
:root{color-scheme:light dark;--bg:#f5f7fa;--surface:#fff;--surface-2:#f0f3f7;--text:#1a1f29;--muted:#5b6576;--border:#dde3ea;--accent:#2563eb;--track:#e6ebf1;--null:#f97316;--info:#0369a1;--info-bg:#e0f2fe;--warning:#92400e;--warning-bg:#fef3c7;--error:#b91c1c;--error-bg:#fee2e2;--t-integer:#3b82f6;--t-float:#06b6d4;--t-boolean:#a855f7;--t-date:#10b981;--t-datetime:#14b8a6;--t-time:#84cc16;--t-string:#f59e0b;--t-other:#64748b;--mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace}
@media (prefers-color-scheme: dark){:root{--bg:#0f1217;--surface:#171b22;--surface-2:#1f252e;--text:#e6e9ef;--muted:#9aa4b2;--border:#2c333e;--accent:#60a5fa;--track:#262d38;--null:#fb923c;--info:#7dd3fc;--info-bg:rgba(56,189,248,.14);--warning:#fcd34d;--warning-bg:rgba(251,191,36,.14);--error:#fca5a5;--error-bg:rgba(248,113,113,.16)}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--text);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.wrap{max-width:1120px;margin:0 auto;padding:0 20px}
header.top{padding-top:28px;padding-bottom:8px}
.brand{margin:0;font-weight:750;color:var(--accent);letter-spacing:-.01em}
h1{margin:2px 0 4px;font-size:1.6rem;line-height:1.25;overflow-wrap:anywhere}
h2{margin:0 0 12px;font-size:1.15rem}
h3{margin:0;font-size:1.05rem;overflow-wrap:anywhere}
h4{margin:0 0 6px;color:var(--muted);font-size:.72rem;font-weight:700;text-transform:uppercase;letter-spacing:.05em}
a{color:var(--accent)}
.meta,.note{color:var(--muted);font-size:.88rem}
nav.toc{display:flex;flex-wrap:wrap;gap:6px 16px;margin:10px 0 4px;font-size:.9rem}
main{display:grid;gap:16px;padding:12px 0 16px}
section.card{background:var(--surface);border:1px solid var(--border);border-radius:12px;padding:20px;min-width:0}
dl{margin:0}
.summary{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:10px}
.summary div{padding:10px 12px;border-radius:8px;background:var(--surface-2);min-width:0}
.summary dt{color:var(--muted);font-size:.75rem;text-transform:uppercase;letter-spacing:.04em}
.summary dd{margin:2px 0 0;font-weight:600;overflow-wrap:anywhere;font-variant-numeric:tabular-nums}
.badge{display:inline-block;padding:1px 8px;border-radius:999px;font-size:.72rem;font-weight:700;text-transform:uppercase;letter-spacing:.04em}
.sev-info .badge{color:var(--info);background:var(--info-bg)}
.sev-warning .badge{color:var(--warning);background:var(--warning-bg)}
.sev-error .badge{color:var(--error);background:var(--error-bg)}
.findings{list-style:none;margin:0;padding:0;display:grid;gap:8px}
.finding{padding:10px 12px;border:1px solid var(--border);border-left-width:4px;border-radius:8px;min-width:0}
.finding.sev-info{border-left-color:var(--info)}.finding.sev-warning{border-left-color:var(--warning)}.finding.sev-error{border-left-color:var(--error)}
.fhead{display:flex;flex-wrap:wrap;align-items:center;gap:4px 10px}
.kind{font-family:var(--mono);font-size:.85rem;font-weight:600}
.fcol{color:var(--muted);overflow-wrap:anywhere}
a.fcol{color:var(--accent)}
.fcount{margin-left:auto;color:var(--muted);font-variant-numeric:tabular-nums}
.fmsg{margin:4px 0 0;white-space:pre-wrap;overflow-wrap:anywhere}
.flines{margin:2px 0 0;color:var(--muted);font-size:.85rem}
.ok{color:#047857;font-weight:600}
#findings h3{display:flex;align-items:center;gap:8px;margin:14px 0 8px;font-size:.95rem}
.scroll{overflow:auto;border:1px solid var(--border);border-radius:8px}
table{border-collapse:collapse;font-variant-numeric:tabular-nums}
.cols{width:100%;font-size:.88rem}
.cols th,.cols td{padding:6px 10px;text-align:left;border-bottom:1px solid var(--border);vertical-align:top}
.cols thead th{background:var(--surface-2);color:var(--muted);font-size:.72rem;text-transform:uppercase;letter-spacing:.04em;white-space:nowrap}
.cols tbody tr:last-child td{border-bottom:0}
.num{text-align:right!important;white-space:nowrap}
.val{font-family:var(--mono);font-size:.82rem;max-width:220px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.cname{font-weight:600;max-width:260px;overflow-wrap:anywhere}
.dot{display:inline-block;width:8px;height:8px;margin-right:6px;border-radius:50%;background:var(--tc)}
.t-integer{--tc:var(--t-integer)}.t-float{--tc:var(--t-float)}.t-boolean{--tc:var(--t-boolean)}.t-date{--tc:var(--t-date)}.t-datetime{--tc:var(--t-datetime)}.t-time{--tc:var(--t-time)}.t-string{--tc:var(--t-string)}.t-other{--tc:var(--t-other)}
.heat{border-collapse:separate;border-spacing:2px;font-size:.8rem}
.heat th{font-weight:600;padding:2px 6px;white-space:nowrap;max-width:14em;overflow:hidden;text-overflow:ellipsis}
.heat thead th{vertical-align:bottom}
.heat thead th span{display:inline-block;writing-mode:vertical-rl;transform:rotate(180deg);max-height:9em;overflow:hidden;text-overflow:ellipsis}
.heat tbody th{text-align:right}
.heat td{min-width:3.6em;height:2.4em;text-align:center;border-radius:4px;font-weight:600}
.heat td.hx{color:var(--muted);background:var(--surface-2)}
.legend{display:flex;align-items:center;gap:8px;margin:0 0 10px;color:var(--muted);font-size:.8rem}
.legend i{display:inline-block;width:160px;height:10px;border-radius:999px;border:1px solid var(--border);background:linear-gradient(90deg,#2563eb,var(--surface),#dc2626)}
.colcard{border:1px solid var(--border);border-top:4px solid var(--tc);border-radius:10px;padding:16px 18px;margin-top:14px;break-inside:avoid}
.colcard:first-of-type{margin-top:0}
.chead{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 12px}
.tbadge{display:inline-flex;align-items:center;padding:1px 10px;border-radius:999px;border:1px solid var(--border);background:var(--surface-2);font-size:.8rem;font-weight:650}
.pos{margin-left:auto;color:var(--muted);font-size:.85rem}
.cwritten{list-style:none;margin:8px 0 0;padding:0;display:flex;flex-wrap:wrap;gap:6px}
.cwritten li{padding:2px 8px;border-radius:999px;background:var(--surface-2);border:1px solid var(--border);font-size:.8rem}.cwritten span{color:var(--muted)}.cwritten code{font-family:var(--mono)}
.cfind{list-style:none;margin:10px 0 0;padding:0;display:grid;gap:6px}
.cfind li{padding:6px 10px;border-radius:8px;font-size:.86rem;overflow-wrap:anywhere}
.cfind .sev-info{background:var(--info-bg)}.cfind .sev-warning{background:var(--warning-bg)}.cfind .sev-error{background:var(--error-bg)}
.metrics{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:10px;margin-top:12px}
.metrics div{padding:8px 12px;border-radius:8px;background:var(--surface-2);min-width:0}
.metrics span{display:block;color:var(--muted);font-size:.72rem;font-weight:700;text-transform:uppercase;letter-spacing:.05em}
.metrics strong{display:block;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.share{display:block;width:100%;height:6px;margin-top:4px}
.grid{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr) minmax(0,1.7fr);gap:14px 22px;margin-top:14px}
.grid>div{min-width:0;display:grid;align-content:start;gap:14px}
.kv div{display:flex;justify-content:space-between;gap:12px;padding:3px 0;border-bottom:1px solid var(--border);font-size:.86rem}
.kv div:last-child{border-bottom:0}
.kv dt{color:var(--muted);white-space:nowrap}
.kv dd{margin:0;font-weight:600;text-align:right;min-width:0;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.q{width:100%;font-size:.86rem}
.kv+.q{margin-top:6px;border-top:1px dashed var(--border)}
.q th,.q td{padding:3px 0;border-bottom:1px solid var(--border);text-align:left}
.q tr:last-child th,.q tr:last-child td{border-bottom:0}
.q th{color:var(--muted);font-weight:500;padding-right:12px}
.q td{text-align:right;font-weight:600}
svg.chart{display:block;width:100%;height:auto;overflow:visible}
svg text{fill:var(--muted);font-size:11px;font-family:inherit}
svg.top text{font-size:12px}
.vh{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
svg .lbl{fill:var(--text);font-family:var(--mono)}
svg .em{fill:var(--muted);font-style:italic}
svg .cnt{fill:var(--text);font-weight:600}
svg .bar{fill:var(--tc)}
svg .track{fill:var(--track)}
svg .unsure{fill:var(--tc);opacity:.4}
svg .axis{stroke:var(--border);stroke-width:1}
svg .nullbar{fill:var(--null)}
svg .distbar{fill:var(--accent)}
svg .box{fill:var(--tc);fill-opacity:.25;stroke:var(--tc)}
svg .median{stroke:var(--text);stroke-width:2}
svg .whisker{stroke:var(--muted)}
svg .fence{stroke:var(--muted)}
svg .outlier{fill:var(--null)}
svg.timeseries .gap{fill:var(--null)}
.outl ul{margin:6px 0 0;padding-left:18px;font-size:.86rem}
.patterns{border-collapse:collapse;font-size:.86rem}.patterns th,.patterns td{padding:3px 8px;border-bottom:1px solid var(--border);text-align:left;white-space:nowrap}
.sample td.n{text-align:right}.sample td.null{color:var(--muted);font-style:italic}
.patterns td.pm{background:var(--null);border-left:2px solid var(--surface)}.patterns td.pf{background:var(--track);border-left:2px solid var(--surface)}
.types{margin:12px 0 0;font-size:.86rem;color:var(--muted)}
.exh{margin:14px 0 6px}
.examples{display:flex;flex-wrap:wrap;gap:6px;margin:0;padding:0;list-style:none}
.examples li{max-width:100%;min-width:0}
.examples code{display:block;max-width:100%;padding:2px 8px;border-radius:6px;background:var(--surface-2);border:1px solid var(--border);font-family:var(--mono);font-size:.8rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
footer{color:var(--muted);font-size:.85rem;padding-top:4px;padding-bottom:32px}
@media (max-width:900px){.grid{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}.grid>div:last-child{grid-column:1/-1}}
@media (max-width:600px){.grid{grid-template-columns:minmax(0,1fr)}.wrap{padding:0 12px}section.card{padding:14px}}
@media print{body{background:#fff}section.card{border:0;padding:0}.colcard{break-inside:avoid}nav.toc{display:none}}
${heatCss()}
`;

// ---------------------------------------------------------------- pieces

function summaryItem(label, value, title) {
  const t = title ? ` title="${esc(title)}"` : '';
  return `<div><dt>${esc(label)}</dt><dd${t}>${esc(value)}</dd></div>`;
}

/** The compare section: a diff from `compare()` (what changed from an old dataset to this one). */
function renderCompareSection(diff) {
  if (!diff || !Array.isArray(diff.changes) || !Array.isArray(diff.columns)) return '';
  const out = ['\n<section class="card" id="compare" aria-labelledby="compare-h"><h2 id="compare-h">Compare</h2>'];
  out.push(`<p class="meta">${esc(compareHeadline(diff))}</p><p>${esc(severityText(diff))}</p>`);
  if (diff.changes.length) {
    out.push('<ul class="findings">');
    for (const c of diff.changes) {
      const sev = ['error', 'warning', 'info'].includes(c.severity) ? c.severity : 'info';
      out.push(`<li class="finding sev-${sev}"><span class="badge">${esc(sev)}</span> <span class="kind">${esc(c.group)}</span> ${esc(c.message)}</li>`);
    }
    out.push('</ul>');
  }
  out.push('<div class="scroll"><table><thead><tr>');
  for (const x of COLUMN_HEAD) out.push(`<th>${esc(x)}</th>`);
  out.push('</tr></thead><tbody>');
  for (const r of columnRows(diff)) {
    out.push(`<tr>${r.map((x, i) => (i === 0 ? `<th>${esc(x)}</th>` : `<td>${esc(x)}</td>`)).join('')}</tr>`);
  }
  out.push('</tbody></table></div>');
  out.push(`<p class="note">${esc('PSI: population stability index over shared bins; KS: Kolmogorov-Smirnov distance; both from the two histograms, with the interval that holds the exact values. A rename is a guess from the values and the position.')}</p></section>`);
  return out.join('');
}

function renderSummary(p, meta) {
  const mem = p.memory || {};
  const out = [];
  const size = typeof meta.size === 'number' ? meta.size : p.bytes;
  out.push(summaryItem('File', meta.name || DASH));
  const files = Array.isArray(p.files) ? p.files : [];
  if (files.length > 1) {
    const { mixed, lines } = datasetFiles(files);
    out.push(summaryItem('Files', `${fmtInt(files.length)} files, one dataset${mixed ? ` of ${mixed}` : ''}: ${lines.join('; ')}`));
  }
  if (typeof p.profile_version === 'number') out.push(summaryItem('Profile version', String(p.profile_version)));
  out.push(summaryItem('Format', readerText(p), readerTitle(p)));
  if (p.sheet) out.push(summaryItem('Sheet', `${p.sheet.name} (${p.sheet.index} of ${p.sheet.sheets.length}: ${p.sheet.sheets.join(', ')})`));
  if (p.parquet) out.push(summaryItem('Parquet layout', parquetText(p.parquet), parquetTitle(p.parquet)));
  out.push(summaryItem('Delimiter', fmtDelimiter(p.delimiter)));
  out.push(summaryItem('Size', fmtBytes(size)));
  if (typeof p.bytes === 'number' && p.bytes !== size) out.push(summaryItem('Bytes mined', fmtBytes(p.bytes)));
  out.push(summaryItem('Rows', fmtInt(p.rows)));
  out.push(summaryItem('Columns', fmtInt((p.columns || []).length)));
  if (typeof p.duplicate_rows === 'number') {
    out.push(summaryItem('Duplicate rows', fmtDuplicates(p), duplicatesTitle(p)));
  }
  if (typeof p.memory_budget_bytes === 'number') {
    out.push(summaryItem('Memory budget', fmtBudget(p), 'Every statistic is exact while its state fits this budget; estimated ones show ≈ and their error bound'));
  }
  if (typeof p.blank_rows === 'number') out.push(summaryItem('Blank rows', fmtInt(p.blank_rows)));
  if (typeof p.lines === 'number') out.push(summaryItem('Lines', fmtInt(p.lines)));
  if (typeof p.blank_lines === 'number') out.push(summaryItem('Blank lines', fmtInt(p.blank_lines)));
  if (p.encoding) out.push(summaryItem('Encoding', encodingText(p), p.encoding_reason || undefined));
  if (p.dialect) out.push(summaryItem('Dialect', dialectText(p.dialect), dialectTitle(p.dialect)));
  if (p.skipped_lines > 0 || p.comment_lines > 0) {
    const f = (p.findings || []).find((x) => x.kind === 'skipped_lines');
    out.push(summaryItem('Skipped lines', skippedText(p), f ? f.message : undefined));
  }
  if (p.header) out.push(summaryItem('Header', headerText(p.header), p.header.reason));
  if (typeof meta.secs === 'number') {
    out.push(summaryItem('Time', `${fmtSeconds(meta.secs)} s`));
    const bytes = typeof p.bytes === 'number' ? p.bytes : size;
    if (meta.secs > 0 && typeof bytes === 'number') out.push(summaryItem('Throughput', `${fmtRate(bytes / 1e6 / meta.secs)} MB/s`));
  }
  if (typeof mem.peak_linear_bytes === 'number') {
    const workers = Array.isArray(mem.workers_peak_linear_bytes) && mem.workers_peak_linear_bytes.length > 1
      ? ` (the highest of ${mem.workers_peak_linear_bytes.length} workers: ${mem.workers_peak_linear_bytes.map((b) => fmtMiB(b)).join(', ')})`
      : '';
    out.push(summaryItem('Peak wasm memory', `${fmtMiB(mem.peak_linear_bytes)}${workers}`));
  }
  if (typeof mem.peak_heap_bytes === 'number') out.push(summaryItem('Peak heap', fmtMiB(mem.peak_heap_bytes)));
  if (p.sluice_version) out.push(summaryItem('Engine', `Sluice ${p.sluice_version}`));
  return `<section class="card" id="summary" aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2><dl class="summary">${out.join('')}</dl></section>`;
}

const SEVERITIES = [['error', 'Errors'], ['warning', 'Warnings'], ['info', 'Info']];

function colRef(f, detailIdx) {
  if (f.column == null) return '';
  const text = `column ${f.column}`;
  const idx = typeof f.column_index === 'number' ? f.column_index : null;
  if (idx !== null && detailIdx.has(idx)) return `<a class="fcol" href="#col-${idx}">${esc(text)}</a>`;
  return `<span class="fcol">${esc(text)}</span>`;
}

function renderFindings(findings, detailIdx) {
  const head = '<section class="card" id="findings" aria-labelledby="findings-h"><h2 id="findings-h">Findings</h2>';
  if (findings.length === 0) return `${head}<p class="ok">No findings</p></section>`;
  const out = [head];
  const counts = Object.fromEntries(SEVERITIES.map(([k]) => [k, 0]));
  for (const f of findings) counts[severityOf(f)] += 1;
  out.push(`<p class="note">${esc(`${fmtInt(findings.length)} finding${findings.length === 1 ? '' : 's'}: ${fmtInt(counts.error)} error${counts.error === 1 ? '' : 's'}, ${fmtInt(counts.warning)} warning${counts.warning === 1 ? '' : 's'}, ${fmtInt(counts.info)} info`)}</p>`);
  for (const [key, title] of SEVERITIES) {
    const list = findings.filter((f) => severityOf(f) === key);
    if (list.length === 0) continue;
    out.push(`<h3 class="sev-${key}"><span class="badge">${esc(title)}</span> <span class="note">${esc(fmtInt(list.length))}</span></h3><ul class="findings">`);
    for (const f of list) {
      const lines = Array.isArray(f.lines) ? f.lines : [];
      const total = Math.max(num(f.count), lines.length);
      const more = total - lines.length;
      const linesText = lines.length === 0 ? ''
        : `${lines.length === 1 && more === 0 ? 'Line' : 'Lines'} ${lines.map((n) => String(n)).join(', ')}${more > 0 ? ` (first ${fmtInt(lines.length)} of ${fmtInt(total)})` : ''}`;
      out.push(`<li class="finding sev-${key}"><div class="fhead"><span class="badge">${esc(key)}</span>`
        + `<span class="kind">${esc(f.kind)}</span>${colRef(f, detailIdx)}<span class="fcount">× ${esc(fmtInt(f.count))}</span></div>`
        + `<p class="fmsg">${esc(f.message)}</p>${linesText ? `<p class="flines">${esc(linesText)}</p>` : ''}</li>`);
    }
    out.push('</ul>');
  }
  out.push('</section>');
  return out.join('');
}

function renderColumnsTable(columns, detailIdx) {
  const out = ['<section class="card" id="columns" aria-labelledby="columns-h"><h2 id="columns-h">Columns</h2><div class="scroll"><table class="cols"><thead><tr>'];
  for (const [t, cls] of [['Name'], ['Type'], ['Count', 'num'], ['Nulls', 'num'], ['Nulls %', 'num'], ['Distinct', 'num'], ['Min'], ['Max'], ['Mean', 'num'], ['Std', 'num']]) {
    out.push(`<th scope="col"${cls ? ` class="${cls}"` : ''}>${esc(t)}</th>`);
  }
  out.push('</tr></thead><tbody>');
  columns.forEach((c, pos) => {
    const idx = typeof c.index === 'number' ? c.index : pos;
    const name = c.name == null ? '' : String(c.name);
    const type = String(c.type ?? DASH);
    const total = num(c.count) + num(c.nulls);
    const nameHtml = detailIdx.has(idx) ? `<a href="#col-${idx}">${esc(name)}</a>` : esc(name);
    const minT = fmtValue(c.min);
    const maxT = fmtValue(c.max);
    out.push(`<tr><td class="cname">${nameHtml}</td><td class="${typeClass(type)}"><span class="dot"></span>${esc(type)}</td>`
      + `<td class="num">${esc(fmtInt(c.count))}</td><td class="num">${esc(fmtInt(c.nulls))}</td>`
      + `<td class="num">${esc(total > 0 ? fmtPct(num(c.nulls) / total) : DASH)}</td><td class="num">${esc(fmtDistinct(c))}</td>`
      + `<td class="val" title="${esc(minT)}">${esc(visibleText(minT))}</td><td class="val" title="${esc(maxT)}">${esc(visibleText(maxT))}</td>`
      + `<td class="num">${esc(fmtStat(c.mean))}</td><td class="num">${esc(fmtStat(c.std))}</td></tr>`);
  });
  out.push('</tbody></table></div></section>');
  return out.join('');
}

function renderCorrelations(corr) {
  const names = corr && Array.isArray(corr.columns) ? corr.columns.map((n) => String(n)) : [];
  const matrix = corr && Array.isArray(corr.pearson) ? corr.pearson : [];
  if (names.length < 2) return '';
  return ['<section class="card" id="correlations" aria-labelledby="corr-h"><h2 id="corr-h">Correlations</h2>',
    '<p class="note">Pearson correlation of the numeric columns, over the rows where both values are present.</p>',
    heatTable(names, matrix, 'r = '), '</section>'].join('');
}

/** A heatmap table of `matrix` over `names`, with its legend. */
function heatTable(names, matrix, what, tipOf) {
  const out = ['<p class="legend" aria-hidden="true"><span>−1</span><i></i><span>+1</span></p>',
    '<div class="scroll"><table class="heat"><thead><tr><td></td>'];
  for (const n of names) out.push(`<th scope="col" title="${esc(n)}"><span>${esc(n)}</span></th>`);
  out.push('</tr></thead><tbody>');
  names.forEach((a, i) => {
    out.push(`<tr><th scope="row" title="${esc(a)}">${esc(a)}</th>`);
    names.forEach((b, j) => {
      const r = Array.isArray(matrix[i]) ? matrix[i][j] : null;
      if (typeof r === 'number' && Number.isFinite(r)) {
        const k = Math.min(HEAT_STEPS, Math.round(Math.abs(r) * HEAT_STEPS));
        const tip = tipOf ? tipOf(a, b, i, j) : `${a} × ${b}: ${what}${r.toFixed(4)}`;
        out.push(`<td class="h${r >= 0 ? 'p' : 'n'}${k}" title="${esc(tip)}">${esc(r.toFixed(2))}</td>`);
      } else {
        out.push(`<td class="hx" title="${esc(`${a} × ${b}: undefined`)}">${esc(DASH)}</td>`);
      }
    });
    out.push('</tr>');
  });
  out.push('</tbody></table></div>');
  return out.join('');
}

/** Sample rows: the file's first rows and the first 50 sampled rows, each with its line. */
function renderSample(sm) {
  const rows = sm && Array.isArray(sm.rows) ? sm.rows : [];
  const head = sm && Array.isArray(sm.head) ? sm.head : [];
  if (!sm || (rows.length === 0 && head.length === 0)) return '';
  const names = (sm.columns || []).map(String).slice(0, 60);
  const cell = (v) => (v == null ? '<td class="null">null</td>'
    : typeof v === 'number' ? `<td class="n">${esc(fmtValue(v))}</td>` : `<td title="${esc(v)}">${esc(visibleText(String(v)))}</td>`);
  const tr = (values, line) => `<tr><td class="n">${esc(fmtInt(line))}</td>${names.map((_, c) => cell(values[c])).join('')}</tr>`;
  const out = ['<section class="card" id="sample" aria-labelledby="sample-h"><h2 id="sample-h">Sample rows</h2>',
    `<p class="note">${esc(`The file's first ${head.length} rows, then ${Math.min(50, rows.length)} of ${fmtInt(rows.length)} rows sampled uniformly (by a hash of each row's byte offset); the JSON profile has them all.`)}</p>`,
    `<div class="scroll"><table class="patterns sample"><thead><tr><th scope="col">Line</th>${names.map((n) => `<th scope="col">${esc(n)}</th>`).join('')}</tr></thead><tbody>`];
  head.forEach((v, i) => out.push(tr(v, sm.head_lines[i])));
  if (rows.length) out.push(`<tr><td colspan="${names.length + 1}"><strong>${esc(`Uniform sample: ${fmtInt(rows.length)} rows`)}</strong></td></tr>`);
  rows.slice(0, 50).forEach((v, i) => out.push(tr(v, sm.lines[i])));
  out.push('</tbody></table></div></section>');
  return out.join('');
}

/** Missing values: the nullity heatmap and the patterns, a row of filled and empty cells each. */
function renderMissing(m) {
  const patterns = m && Array.isArray(m.patterns) ? m.patterns : [];
  if (!m || patterns.length === 0) return '';
  const names = Array.isArray(m.columns) ? m.columns.map((n) => String(n)) : [];
  const out = ['<section class="card" id="missing" aria-labelledby="missing-h"><h2 id="missing-h">Missing values</h2>'];
  if (names.length >= 2) {
    out.push('<p class="note">Nullity correlation of the columns with nulls: +1, always missing together; −1, never at once. Exact.</p>');
    out.push(heatTable(names, m.nullity || [], 'nullity correlation '));
  }
  const total = num(m.complete_rows) + num(m.rows_with_nulls);
  out.push(`<h3>Patterns of missing values</h3><p class="note">${esc(`${fmtInt(m.rows_with_nulls)} rows (${fmtPct(total ? m.rows_with_nulls / total : 0)}) have a missing value; ${fmtInt(m.complete_rows)} are complete.`
    + (m.patterns_exact === false ? ` ≈ counts estimated past the memory budget (each within ${fmtInt(m.patterns_error)}).` : ''))}</p>`);
  const shown = names.length ? names : [...new Set(patterns.flatMap((p) => p.columns))];
  out.push('<div class="scroll"><table class="patterns"><thead><tr><th scope="col">Rows</th><th scope="col">Share</th><th scope="col">First line</th>');
  for (const n of shown) out.push(`<th scope="col" class="pc" title="${esc(n)}">${esc(n)}</th>`);
  out.push('</tr></thead><tbody>');
  for (const p of patterns) {
    const miss = new Set(p.columns);
    out.push(`<tr><td>${esc(`${p.error > 0 ? '≥ ' : ''}${fmtInt(p.count)}`)}</td><td>${esc(fmtPct(total ? p.count / total : 0))}</td><td>${esc(p.first_line == null ? DASH : fmtInt(p.first_line))}</td>`);
    for (const n of shown) out.push(`<td class="${miss.has(n) ? 'pm' : 'pf'}" title="${esc(`${n}: ${miss.has(n) ? 'missing' : 'present'}`)}"></td>`);
    out.push('</tr>');
  }
  out.push('</tbody></table></div></section>');
  return out.join('');
}

/** Relationships: the association heatmap, each pair's table or means, keys, dependencies, rules. */
function renderRelationships(p) {
  const a = p.associations;
  const names = a && Array.isArray(a.columns) ? a.columns.map((n) => String(n)) : [];
  const keys = Array.isArray(p.keys) ? p.keys : [];
  const deps = Array.isArray(p.dependencies) ? p.dependencies : [];
  const red = Array.isArray(p.redundant_columns) ? p.redundant_columns : [];
  const rules = Array.isArray(p.rules) ? p.rules : [];
  if (names.length < 2 && !keys.length) return '';
  const out = ['<section class="card" id="relationships" aria-labelledby="rel-h"><h2 id="rel-h">Relationships</h2>'];
  if (names.length >= 2) {
    out.push('<p class="note">How strongly each pair of columns is associated: Cramér\'s V for two categorical columns, the correlation ratio η for a category and a number, Pearson\'s r for two numbers. Exact, from every row; the measure is in each cell\'s tooltip.</p>');
    out.push(heatTable(names, a.value || [], '', (x, y, i, j) => associationTip(x, y, a, i, j)));
    for (const t of associationNotes(a, Array.isArray(p.columns) ? p.columns.length : 0)) out.push(`<p class="note">${esc(t)}</p>`);
  }
  // The strongest categorical pairs: their contingency tables or means per category.
  const pairs = (Array.isArray(a?.pairs) ? a.pairs : []).filter((q) => typeof q.value === 'number' && q.value >= 0.3)
    .sort((x, y) => y.value - x.value).slice(0, 6);
  for (const q of pairs) {
    out.push(`<h3>${esc(`${q.columns[0]} × ${q.columns[1]}: ${q.measure === 'eta' ? 'η' : "Cramér's V"} ${q.value.toFixed(3)}`)}</h3>`);
    if (q.table) {
      const t = q.table;
      out.push('<div class="scroll"><table class="patterns"><thead><tr><td></td>');
      for (const c of t.columns) out.push(`<th scope="col" class="pc" title="${esc(c)}">${esc(c)}</th>`);
      out.push('</tr></thead><tbody>');
      t.rows.forEach((r, x) => {
        out.push(`<tr><th scope="row">${esc(r)}</th>${t.counts[x].map((n) => `<td class="n">${esc(n ? fmtInt(n) : '')}</td>`).join('')}</tr>`);
      });
      out.push('</tbody></table></div>');
    } else if (q.groups) {
      out.push(`<div class="scroll"><table class="patterns"><thead><tr><th scope="col">${esc(q.columns[0])}</th><th scope="col">Rows</th><th scope="col">${esc(`Mean of ${q.columns[1]}`)}</th><th scope="col">Std</th></tr></thead><tbody>`);
      for (const g of q.groups) out.push(`<tr><td>${esc(g.value)}</td><td class="n">${esc(fmtInt(g.count))}</td><td class="n">${esc(fmtStat(g.mean))}</td><td class="n">${esc(g.std == null ? DASH : fmtStat(g.std))}</td></tr>`);
      out.push('</tbody></table></div>');
    }
  }
  const items = (list) => `<ul>${list.join('')}</ul>`;
  const li = (text, subs) => `<li>${esc(text)}${subs && subs.length ? `<ul class="note">${subs.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>` : ''}</li>`;
  out.push('<h3>Keys</h3>');
  out.push(keys.length ? items(keys.map((k) => li(keyText(k), k.duplicates.slice(0, 5).map(duplicateText))))
    : '<p class="note">No column is a key or nearly one.</p>');
  out.push('<h3>Dependencies</h3>');
  const dl = red.map((r) => li(`${r.columns[0]} ↔ ${r.columns[1]}: one-to-one (${fmtInt(r.values)} value pairs) — the same thing encoded twice.`))
    .concat(deps.map((d) => li(dependencyText(d), d.violations.slice(0, 3).map(violationText))));
  out.push(dl.length ? items(dl) : '<p class="note">No column determines another among the categorical ones.</p>');
  out.push('<h3>Rules</h3>');
  if (rules.length) {
    out.push('<div class="scroll"><table class="patterns"><thead><tr><th scope="col">Rule</th><th scope="col">Figures</th><th scope="col">Exceptions</th></tr></thead><tbody>');
    for (const r of rules) out.push(`<tr><td>${esc(ruleHead(r))}</td><td>${esc(ruleFigures(r))}</td><td>${esc(exceptionText(r) || DASH)}</td></tr>`);
    out.push('</tbody></table></div>');
  } else {
    out.push('<p class="note">No rule between values passes the thresholds.</p>');
  }
  out.push('</section>');
  return out.join('');
}

// ---------------------------------------------------------------- charts (inline SVG)

/** A thin share bar, 0..1. */
function shareSvg(share, cls) {
  const w = r1(Math.max(0, Math.min(1, num(share))) * 100);
  return `<svg class="share" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true"><rect class="track" width="100" height="6" rx="3"/><rect class="${cls}" width="${w}" height="6" rx="3"/></svg>`;
}

function histogramSvgChart(c) {
  const hg = histogramOf(c);
  if (!hg) return '';
  const W = 440;
  const H = 170;
  const L = 46;
  const R = 10;
  const T = 10;
  const B = 30;
  const pw = W - L - R;
  const ph = H - T - B;
  const n = hg.counts.length;
  const max = Math.max(1, ...hg.counts);
  const total = hg.counts.reduce((s, v) => s + v, 0);
  const bw = pw / n;
  const gap = n > 40 ? 0 : Math.min(2, bw * 0.15);
  let peak = 0;
  hg.counts.forEach((v, i) => { if (v > hg.counts[peak]) peak = i; });
  const label = `Histogram of ${c.name}: ${n} bins from ${fmtEdge(hg.rawEdges[0])} to ${fmtEdge(hg.rawEdges[n])}; `
    + `the fullest bin is ${binLabel(c, hg, peak)} with ${fmtInt(hg.counts[peak])} values.`;
  const out = [`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(label)}">`];
  out.push(`<line class="axis" x1="${L}" y1="${T + ph}" x2="${W - R}" y2="${T + ph}"/>`);
  out.push(`<line class="axis" x1="${L}" y1="${T}" x2="${W - R}" y2="${T}" stroke-dasharray="3 3"/>`);
  out.push(`<text x="${L - 6}" y="${T + 4}" text-anchor="end">${esc(fmtInt(max))}</text>`);
  out.push(`<text x="${L - 6}" y="${T + ph + 4}" text-anchor="end">0</text>`);
  hg.counts.forEach((v, i) => {
    const h = v > 0 ? Math.max(1, (v / max) * ph) : 0;
    const x = L + i * bw + gap / 2;
    const tip = `${binLabel(c, hg, i)}: ${fmtInt(v)}${total > 0 ? ` (${fmtPct(v / total)})` : ''}`;
    out.push(`<rect class="bar" x="${r1(x)}" y="${r1(T + ph - h)}" width="${r1(Math.max(0.5, bw - gap))}" height="${r1(h)}"><title>${esc(tip)}</title></rect>`);
  });
  const first = clip(fmtEdge(hg.rawEdges[0]), 24);
  const last = clip(fmtEdge(hg.rawEdges[n]), 24);
  out.push(`<text x="${L}" y="${H - 10}">${esc(first)}</text>`);
  out.push(`<text x="${W - R}" y="${H - 10}" text-anchor="end">${esc(last)}</text>`);
  out.push('</svg>');
  return `<section><h4>Distribution</h4>${out.join('')}</section>`;
}

function histogramSvg(c) {
  const svg = histogramSvgChart(c);
  if (!svg || c.histogram_exact !== false) return svg;
  return `${svg}<p class="note">${esc('≈ bin counts estimated from the quantile sketch (the exact values did not fit the memory budget)')}</p>`;
}

/** Over time: a date column's values per period, its gaps and its order. */
function timeSection(c) {
  if (!c.time_series && !c.order) return '';
  return `<section><h4>Over time</h4>${timeSeriesSvg(c, esc)}${timeNotes(c).map((n) => `<p class="note">${esc(n)}</p>`).join('')}</section>`;
}

/** Outliers: the box plot, the fences' counts, and the extremes with their lines. */
function outliersSection(c) {
  const svg = c.outliers ? boxPlotSvg(c, esc) : '';
  if (!svg) return '';
  const o = c.outliers;
  const ext = (list, what) => (Array.isArray(list) && list.length
    ? `<li>${esc(what)}: ${list.slice(0, 5).map((e) => `${esc(fmtValue(e.value))} (line ${esc(fmtInt(e.line))})`).join(', ')}</li>` : '');
  return `<section class="outl"><h4>Outliers</h4>${svg}${outlierNotes(c).map((n) => `<p class="note">${esc(n)}</p>`).join('')}`
    + `<ul>${ext(o.lowest, 'Smallest')}${ext(o.highest, 'Largest')}</ul></section>`;
}

function topSvg(c) {
  const top = Array.isArray(c.top) ? c.top : [];
  const count = num(c.count);
  if (top.length === 0) {
    return `<section><h4>Top values</h4><p class="note">${esc(count === 0 ? 'No values.' : 'No value is frequent enough to be listed reliably.')}</p></section>`;
  }
  if (everyValueOnce(c)) return `<section><h4>Top values</h4><p class="note">${esc(EVERY_VALUE_ONCE)}</p></section>`;
  const W = 440;
  const row = 22;
  const H = top.length * row + 4;
  const shownOf = (raw) => (raw === '' ? '(empty)' : clip(visibleText(raw), 18));
  const longest = Math.max(...top.map((t) => Array.from(shownOf(t.value == null ? '' : String(t.value))).length));
  const labelW = Math.round(Math.min(136, Math.max(36, longest * 7.4 + 4))); // 12px monospace
  const barX = labelW + 8;
  const barW = W - 112 - barX;
  const max = Math.max(1, ...top.map((t) => num(t.count)));
  const out = [`<svg class="chart top" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(`Top ${top.length} values of ${c.name}`)}">`];
  top.forEach((t, i) => {
    const n = num(t.count);
    const err = Math.min(num(t.error), n);
    const raw = t.value == null ? '' : String(t.value);
    const y = i * row + 2;
    const mid = y + row / 2 + 4;
    const shown = shownOf(raw);
    const countText = err > 0 ? `${fmtInt(n - err)}–${fmtInt(n)}` : fmtInt(n);
    const pct = count > 0 ? `${err > 0 ? '≤ ' : ''}${fmtPct(n / count)}` : '';
    out.push(`<g><title>${esc(`${raw === '' ? '(empty)' : raw}: ${countText}${pct ? ` (${pct})` : ''}`)}</title>`);
    out.push(`<text class="${raw === '' ? 'em' : 'lbl'}" x="0" y="${mid}">${esc(shown)}</text>`);
    out.push(`<rect class="track" x="${barX}" y="${y + 6}" width="${barW}" height="10" rx="2"/>`);
    out.push(`<rect class="bar" x="${barX}" y="${y + 6}" width="${r1(((n - err) / max) * barW)}" height="10" rx="2"/>`);
    if (err > 0) out.push(`<rect class="unsure" x="${r1(barX + ((n - err) / max) * barW)}" y="${y + 6}" width="${r1((err / max) * barW)}" height="10"/>`);
    out.push(`<text class="cnt" x="${W - 52}" y="${mid}" text-anchor="end">${esc(countText)}</text>`);
    out.push(`<text x="${W}" y="${mid}" text-anchor="end">${esc(pct)}</text></g>`);
  });
  out.push('</svg>');
  let note = '';
  if (typeof c.distinct === 'number' && c.distinct > top.length) {
    const others = c.distinct - top.length;
    note = `<p class="note">${esc(`${c.distinct_exact === false ? 'About ' : ''}${fmtInt(others)} other distinct value${others === 1 ? '' : 's'}.`)}</p>`;
  }
  return `<section><h4>Top values</h4>${out.join('')}${note}</section>`;
}

// ---------------------------------------------------------------- column details

function kv(label, value, title) {
  const t = title != null ? ` title="${esc(title)}"` : '';
  return `<div><dt>${esc(label)}</dt><dd${t}>${esc(value)}</dd></div>`;
}

function quantileTable(q, caption) {
  const rows = QUANTILE_KEYS.filter(([k]) => k in q)
    .map(([k, label]) => `<tr><th scope="row">${esc(label)}</th><td title="${esc(q[k])}">${esc(visibleText(fmtValue(q[k])))}</td></tr>`);
  return `<table class="q"><caption class="vh">${esc(caption)}</caption><tbody>${rows.join('')}</tbody></table>`;
}

function columnDetails(c, pos, total, findings, relations) {
  const idx = typeof c.index === 'number' ? c.index : pos;
  const name = c.name == null ? '' : String(c.name);
  const type = String(c.type ?? 'string');
  const count = num(c.count);
  const nulls = num(c.nulls);
  const all = count + nulls;
  const out = [`<article class="colcard ${typeClass(type)}" id="col-${idx}" aria-labelledby="col-${idx}-h">`];
  out.push(`<header class="chead"><h3 id="col-${idx}-h">${esc(name === '' ? '(no name)' : name)}</h3>`
    + `<span class="tbadge"><span class="dot"></span>${esc(type)}</span><span class="pos">${esc(`column ${fmtInt(idx + 1)} of ${fmtInt(total)}`)}</span></header>`);

  const written = writtenItems(c);
  if (written.length) {
    out.push(`<ul class="cwritten">${written.map((it) => `<li title="${esc(it.title)}"><span>${esc(it.label)}</span> <code>${esc(it.value)}</code></li>`).join('')}</ul>`);
  }
  if (findings.length) {
    out.push('<ul class="cfind">');
    for (const f of findings) {
      const sev = severityOf(f);
      out.push(`<li class="sev-${sev}"><span class="badge">${esc(sev)}</span> <span class="kind">${esc(f.kind)}</span> ${esc(f.message)}</li>`);
    }
    out.push('</ul>');
  }

  const nullShare = all > 0 ? nulls / all : 0;
  out.push('<div class="metrics">');
  out.push(`<div><span>Values</span><strong>${esc(fmtInt(c.count))}</strong></div>`);
  out.push(`<div><span>Nulls</span><strong>${esc(`${fmtInt(c.nulls)}${all > 0 ? ` · ${fmtPct(nullShare)}` : ''}`)}</strong>${shareSvg(nullShare, 'nullbar')}</div>`);
  if (typeof c.distinct === 'number') {
    const ds = count > 0 ? c.distinct / count : 0;
    out.push(`<div><span>Distinct</span><strong>${esc(`${fmtDistinct(c)}${count > 0 ? ` · ${fmtPct(ds)}` : ''}`)}</strong>${shareSvg(ds, 'distbar')}</div>`);
  }
  out.push('</div>');
  const typeCount = c.types && typeof c.types === 'object' ? Object.values(c.types).filter((n) => num(n) > 0).length : 0;
  if (typeCount > 1) out.push(`<p class="types">Value types: ${esc(typeBreakdown(c.types))}</p>`);

  // Statistics
  const st = [];
  st.push(kv('Min', visibleText(fmtValue(c.min)), c.min == null ? null : String(c.min)));
  st.push(kv('Max', visibleText(fmtValue(c.max)), c.max == null ? null : String(c.max)));
  if (c.mean != null) st.push(kv(type === 'boolean' ? 'Mean (share true)' : 'Mean', fmtStat6(c.mean), String(c.mean)));
  if (c.std != null) st.push(kv('Std deviation', fmtStat6(c.std), String(c.std)));
  if (c.sum != null) st.push(kv('Sum', fmtSum(c.sum), String(c.sum)));
  if (c.skewness != null) st.push(kv('Skewness', fmtStat6(c.skewness), String(c.skewness)));
  if (c.kurtosis != null) st.push(kv('Kurtosis (excess)', fmtStat6(c.kurtosis), String(c.kurtosis)));
  if (c.zeros != null) st.push(kv('Zeros', `${fmtInt(c.zeros)}${pctSuffix(c.zeros, count)}`));
  if (c.negatives != null) st.push(kv('Negatives', `${fmtInt(c.negatives)}${pctSuffix(c.negatives, count)}`));
  if (c.non_finite != null) st.push(kv('Non-finite (NaN, ±∞)', `${fmtInt(c.non_finite)}${pctSuffix(c.non_finite, count)}`));

  const qParts = [];
  if (c.quantiles && typeof c.quantiles === 'object') {
    const note = quantileNote(c.quantiles_exact, c.quantiles_rank_error);
    qParts.push(`<section><h4>Quantiles</h4>${quantileTable(c.quantiles, `Quantiles of ${name}`)}${note ? `<p class="note">${esc(note)}</p>` : ''}</section>`);
  }
  const len = c.length && typeof c.length === 'object' ? c.length : null;
  if (len) {
    let s = `<section><h4>Length (bytes)</h4><dl class="kv">${kv('Min', fmtInt(len.min))}${kv('Max', fmtInt(len.max))}${kv('Mean', fmtStat6(len.mean))}</dl>`;
    if (len.quantiles && typeof len.quantiles === 'object') {
      s += quantileTable(len.quantiles, `Length quantiles of ${name}`);
      const note = quantileNote(len.quantiles_exact, null);
      if (note) s += `<p class="note">${esc(note)}</p>`;
    }
    qParts.push(`${s}</section>`);
  }

  out.push('<div class="grid">');
  out.push(`<div><section><h4>Statistics</h4><dl class="kv">${st.join('')}</dl></section></div>`);
  out.push(`<div>${qParts.join('')}</div>`);
  const rel = relations && relations.length
    ? `<section><h4>Relationships</h4><ul class="note">${relations.map((x) => `<li>${esc(x)}</li>`).join('')}</ul><a href="#relationships">all relationships</a></section>` : '';
  out.push(`<div>${histogramSvg(c)}${timeSection(c)}${outliersSection(c)}${topSvg(c)}${rel}</div>`);
  out.push('</div>');

  const ex = Array.isArray(c.examples) ? c.examples : [];
  if (ex.length) {
    out.push(`<h4 class="exh">Examples</h4><ul class="examples">${ex.map((v) => {
      const raw = v == null ? '' : String(v);
      return `<li><code title="${esc(raw)}">${esc(raw === '' ? '(empty)' : visibleText(raw))}</code></li>`;
    }).join('')}</ul>`);
  }
  out.push('</article>');
  return out.join('');
}

// ---------------------------------------------------------------- the report

/**
 * The whole report as one HTML document.
 * @param {object} profile what mine() resolved with
 * @param {{name?: string, size?: number, secs?: number, generated?: string, maxDetails?: number, diff?: object}} meta
 *   the file's name and size, the mining time in seconds, and when the report was made (text)
 */
export function renderReport(profile, meta = {}) {
  const p = profile && typeof profile === 'object' ? profile : {};
  const columns = Array.isArray(p.columns) ? p.columns.map((c) => (c && typeof c === 'object' ? c : {})) : [];
  const findings = Array.isArray(p.findings) ? p.findings.map((f) => (f && typeof f === 'object' ? f : {})) : [];
  const maxDetails = typeof meta.maxDetails === 'number' ? meta.maxDetails : REPORT_MAX_DETAILS;
  const detailCols = columns.slice(0, maxDetails);
  const detailIdx = new Set(detailCols.map((c, pos) => (typeof c.index === 'number' ? c.index : pos)));
  const byColumn = new Map();
  for (const f of findings) {
    if (typeof f.column_index !== 'number') continue;
    if (!byColumn.has(f.column_index)) byColumn.set(f.column_index, []);
    byColumn.get(f.column_index).push(f);
  }
  const name = meta.name ? String(meta.name) : 'profile';
  const version = p.sluice_version ? `Sluice ${p.sluice_version}` : 'Sluice';
  const sub = [`${fmtInt(p.rows)} rows`, `${fmtInt(columns.length)} columns`];
  const size = typeof meta.size === 'number' ? meta.size : p.bytes;
  if (typeof size === 'number') sub.push(fmtBytes(size));
  if (meta.generated) sub.push(`generated ${meta.generated}`);
  const corr = renderCorrelations(p.correlations);
  const missing = renderMissing(p.missing);
  const sample = renderSample(p.sample);
  const relations = renderRelationships(p);
  const compared = renderCompareSection(meta.diff);

  const out = [];
  out.push('<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n');
  out.push('<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; img-src data:">\n');
  out.push('<meta name="viewport" content="width=device-width, initial-scale=1">\n');
  out.push('<meta name="color-scheme" content="light dark">\n');
  out.push(`<meta name="generator" content="${esc(version)}">\n`);
  out.push(`<title>${esc(name)} — Sluice report</title>\n<style>${STYLE}</style>\n</head>\n<body>\n`);
  out.push('<header class="top wrap">');
  out.push(`<p class="brand">Sluice report</p><h1>${esc(name)}</h1><p class="meta">${esc(sub.join(' · '))}</p>`);
  out.push('<nav class="toc" aria-label="Sections"><a href="#summary">Summary</a>');
  if (compared) out.push('<a href="#compare">Compare</a>');
  out.push('<a href="#findings">Findings</a><a href="#columns">Columns</a>');
  if (corr) out.push('<a href="#correlations">Correlations</a>');
  if (missing) out.push('<a href="#missing">Missing values</a>');
  if (relations) out.push('<a href="#relationships">Relationships</a>');
  if (sample) out.push('<a href="#sample">Sample rows</a>');
  if (detailCols.length) out.push('<a href="#details">Column details</a>');
  out.push('</nav></header>\n<main class="wrap">\n');
  out.push(renderSummary(p, { ...meta, name }));
  out.push(compared);
  out.push('\n');
  out.push(renderFindings(findings, detailIdx));
  out.push('\n');
  out.push(renderColumnsTable(columns, detailIdx));
  out.push('\n');
  out.push(corr);
  out.push(missing);
  out.push(relations);
  out.push(sample);
  if (detailCols.length) {
    out.push('\n<section class="card" id="details" aria-labelledby="details-h"><h2 id="details-h">Column details</h2>');
    if (detailCols.length < columns.length) {
      out.push(`<p class="note">${esc(`Details of the first ${fmtInt(detailCols.length)} of ${fmtInt(columns.length)} columns; the table above and the JSON profile have every column.`)}</p>`);
    }
    detailCols.forEach((c, pos) => {
      const idx = typeof c.index === 'number' ? c.index : pos;
      out.push('\n');
      out.push(columnDetails(c, pos, columns.length, byColumn.get(idx) || [], columnRelations(p, c.name == null ? '' : String(c.name))));
    });
    out.push('</section>');
  }
  out.push(`\n</main>\n<footer class="wrap"><p>${esc(`Made by ${version} in the browser: the file was read locally and never uploaded. This report is a static page without scripts.`)}</p></footer>\n</body>\n</html>\n`);
  return out.join('');
}
