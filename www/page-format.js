// Number, size and value formatting shared by the page (app.js) and the HTML report (report.js).
// Pure functions: no DOM.

export const LOCALE = 'en-US';
export const intFmt = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
export const sig4Fmt = new Intl.NumberFormat(LOCALE, { maximumSignificantDigits: 4, useGrouping: 'min2' });
export const DASH = '—';

/** Integer with thousands separators. */
export function fmtInt(n) {
  return typeof n === 'number' && Number.isFinite(n) ? intFmt.format(n) : DASH;
}

/** Sizes: decimal units (1 MB = 1e6 B). */
export function fmtBytes(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return DASH;
  const a = Math.abs(n);
  if (a < 1e3) return `${intFmt.format(n)} B`;
  if (a < 1e6) return `${(n / 1e3).toFixed(1)} KB`;
  if (a < 1e9) return `${(n / 1e6).toFixed(1)} MB`;
  if (a < 1e12) return `${(n / 1e9).toFixed(1)} GB`;
  return `${(n / 1e12).toFixed(1)} TB`;
}

/** Memory: binary units. */
export function fmtMiB(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return DASH;
  return `${(n / 1048576).toFixed(1)} MiB`;
}

export function fmtSeconds(s) {
  if (!Number.isFinite(s)) return DASH;
  if (s < 10) return s.toFixed(2);
  if (s < 100) return s.toFixed(1);
  return intFmt.format(Math.round(s));
}

export function fmtRate(mbPerS) {
  return Number.isFinite(mbPerS) ? mbPerS.toFixed(1) : DASH;
}

/** Computed statistics (mean, std): 4 significant digits. */
export function fmtStat(v) {
  if (v === null || v === undefined) return DASH;
  if (typeof v !== 'number') return String(v);
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e15 || a < 1e-4)) return v.toExponential(3);
  return sig4Fmt.format(v);
}

/** Data values (min, max): shown as they are, floats trimmed to 6 significant digits. */
export function fmtValue(v) {
  if (v === null || v === undefined) return DASH;
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || Number.isInteger(v)) return String(v);
    return String(Number(v.toPrecision(6)));
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

/** Details: 6 significant digits. */
export const sig6Fmt = new Intl.NumberFormat(LOCALE, { maximumSignificantDigits: 6, useGrouping: 'min2' });
export function fmtStat6(v) {
  if (v === null || v === undefined) return DASH;
  if (typeof v !== 'number' || !Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e15 || a < 1e-4)) return v.toExponential(4);
  return sig6Fmt.format(v);
}

/** Sums: every digit up to 15 significant ones. */
export const sumFmt = new Intl.NumberFormat(LOCALE, { maximumSignificantDigits: 15 });
export function fmtSum(v) {
  if (v === null || v === undefined) return DASH;
  if (typeof v !== 'number' || !Number.isFinite(v)) return String(v);
  return Math.abs(v) >= 1e21 ? v.toExponential(6) : sumFmt.format(v);
}

/** Shares: 0.1234 -> "12.3%"; tiny non-zero shares stay visible. */
export function fmtPct(share) {
  if (typeof share !== 'number' || !Number.isFinite(share)) return DASH;
  const p = share * 100;
  if (p > 0 && p < 0.1) return '< 0.1%';
  if (p < 100 && p > 99.9) return '> 99.9%';
  return `${p.toFixed(1)}%`;
}

/** Histogram edges: numbers trimmed, dates and datetimes as written with a space for "T". */
export function fmtEdge(v) {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return v.replace('T', ' ');
  return fmtValue(v);
}

/** Line breaks and tabs in a value made visible, so one value stays on one line. */
export function visibleText(s) {
  return String(s).replace(/\r\n|\n|\r/g, '↵').replace(/\t/g, '⇥');
}

/** "2024-03-04" / "2024-03-04T09:30:00[.sss][Z|±hh:mm]" -> seconds since the epoch (UTC when no offset). */
export function toEpochSeconds(v) {
  if (typeof v === 'number') return v;
  const s = String(v);
  const tod = /^(\d{2}):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(s);
  if (tod) return Number(tod[1]) * 3600 + Number(tod[2]) * 60 + Number(tod[3]);
  let iso = s;
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) iso = `${s}T00:00:00Z`;
  else if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(s)) iso = `${s.replace(' ', 'T')}Z`;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms / 1000 : NaN;
}

export const DELIMITER_NAMES = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe', ' ': 'space', ':': 'colon' };
export function fmtDelimiter(d) {
  if (typeof d !== 'string') return DASH;
  const name = DELIMITER_NAMES[d];
  const shown = d === '\t' ? '\\t' : d;
  return name ? `${shown} (${name})` : shown;
}

/** "data.csv" -> "data", "data.csv.gz" (or .zst .bz2 .xz .zip) -> "data", "data" -> "data". */
export function baseName(name) {
  let n = String(name || '');
  n = n.replace(/\.(gz|gzip|zst|bz2|xz|zip)$/i, '');
  const dot = n.lastIndexOf('.');
  if (dot > 0) n = n.slice(0, dot);
  return n || 'profile';
}

/** " (12.5%)" of part in whole, or "" when it means nothing. */
export function pctSuffix(part, whole) {
  if (typeof part !== 'number' || typeof whole !== 'number' || whole <= 0 || part <= 0) return '';
  return ` (${fmtPct(part / whole)})`;
}

export function typeBreakdown(types) {
  if (!types || typeof types !== 'object') return '';
  return Object.entries(types)
    .filter(([, n]) => typeof n === 'number' && n > 0)
    .map(([t, n]) => `${t}: ${fmtInt(n)}`)
    .join(', ');
}

export function fmtDistinct(c) {
  if (typeof c.distinct !== 'number') return DASH;
  if (c.distinct_exact !== false) return fmtInt(c.distinct);
  // Estimated: the 95% bound (twice the HyperLogLog's relative standard error).
  const e = typeof c.distinct_error === 'number' && c.distinct_error > 0 ? ` ± ${fmtPct(2 * c.distinct_error)}` : '';
  return `≈ ${fmtInt(c.distinct)}${e}`;
}

/** "Exact count …" or how the distinct count was estimated, with its bound. */
export function distinctTitle(c) {
  if (c.distinct_exact !== false) return 'Exact count of distinct non-null values';
  const e = typeof c.distinct_error === 'number' ? ` (relative standard error ${fmtPct(c.distinct_error)}; 95% of estimates are within twice it)` : '';
  return `Estimated with a HyperLogLog sketch: the exact table did not fit the memory budget${e}`;
}

/** The duplicate-row count: exact, or "≈ n ± bound". */
export function fmtDuplicates(p) {
  const exact = p.duplicate_rows_exact !== false;
  const bound = !exact && typeof p.duplicate_rows_error === 'number' && p.duplicate_rows_error > 0
    ? ` ± ${fmtInt(p.duplicate_rows_error)}` : '';
  return `${exact ? '' : '≈ '}${fmtInt(p.duplicate_rows)}${bound}${pctSuffix(p.duplicate_rows, p.rows)}`;
}

export function duplicatesTitle(p) {
  return p.duplicate_rows_exact !== false
    ? 'Rows that repeat an earlier row (exact count)'
    : 'Rows that repeat an earlier row (estimated from a HyperLogLog of row hashes: the exact set did not fit the memory budget; the bound is at about 95% confidence)';
}

/** A note for estimated quantiles ("≈ rank ± 1.2%"), or null when they are exact. */
export function quantileNote(exact, rankError) {
  if (exact !== false) return null;
  const e = typeof rankError === 'number' && rankError > 0 ? ` ± ${fmtPct(rankError)} of rank` : '';
  return `≈ estimated with a KLL sketch${e} (the exact values did not fit the memory budget)`;
}

/** Whether the exact top values all occur once (a key-like column): nothing to chart. */
export function everyValueOnce(c) {
  const top = Array.isArray(c.top) ? c.top : [];
  return top.length > 1 && c.distinct_exact !== false && top.every((t) => t.count === 1 && !t.error);
}

export const EVERY_VALUE_ONCE = 'Every value occurs once (exact): no value is more frequent than another.';

/** The memory budget, e.g. "32 MiB". */
export function fmtBudget(p) {
  const b = p.memory_budget_bytes;
  if (typeof b !== 'number') return DASH;
  // Budgets are set in binary units (32 MiB by default): say them so.
  if (b >= 2 ** 30 && b % 2 ** 30 === 0) return `${fmtInt(b / 2 ** 30)} GiB`;
  if (b % 2 ** 20 === 0) return `${fmtInt(b / 2 ** 20)} MiB`;
  return fmtBytes(b);
}

export function isTimeType(t) {
  return t === 'date' || t === 'datetime' || t === 'time';
}

/** How a column's values are written, for its card and the report: the format, the unit, the
 * hints. Each item is { label, value, title }. */
export function writtenItems(c) {
  const items = [];
  if (!c || typeof c !== 'object') return items;
  if (typeof c.format === 'string' && c.format !== '') {
    const numeric = c.type === 'integer' || c.type === 'float';
    items.push({
      label: 'Format',
      value: c.format,
      title: isTimeType(c.type)
        ? 'strftime-style format of the values (%-d: a day without a leading zero, %.f: fractions of a second)'
        : numeric ? 'How the numbers are written (a spreadsheet-style pattern: thousands separator, decimal mark, unit)'
          : 'How the values are spelled',
    });
  }
  if (typeof c.unit === 'string' && c.unit !== '') {
    items.push({ label: 'Unit', value: c.unit, title: c.unit === '%' ? 'Percentages, kept as the number written' : 'The currency written with the numbers' });
  }
  if (typeof c.semantic === 'string' && c.semantic !== '') {
    const share = typeof c.semantic_share === 'number' ? ` · ${fmtPct(c.semantic_share)}` : '';
    items.push({
      label: c.personal_data === true ? 'Personal data' : 'Semantic',
      value: `${c.semantic.replace(/_/g, ' ')}${share}`,
      title: c.personal_data === true
        ? 'What the values mean (share of the non-null values). Personal data: the downloads can leave its values out ("Without values")'
        : 'What the values mean (share of the non-null values)',
    });
  }
  if (c.format_ambiguous === true) {
    items.push({ label: 'Ambiguous', value: 'day/month order', title: 'No value has a day over 12: the order shown in the format was chosen (see the finding)' });
  }
  if (typeof c.utc_normalized === 'number' && c.utc_normalized > 0) {
    items.push({ label: 'UTC', value: `${fmtInt(c.utc_normalized)} normalised`, title: 'Values written with a zone or an offset, converted to UTC' });
  }
  if (c.identifier_like === true) {
    items.push({ label: 'Hint', value: 'identifier-like', title: 'As many distinct values as values: likely a key or an ID rather than a quantity' });
  }
  if (c.boolean_like === true) {
    items.push({ label: 'Hint', value: 'boolean-like (0/1)', title: 'Only 0 and 1: likely a boolean' });
  }
  return items;
}

export function histogramOf(c) {
  const hist = c.histogram;
  if (!hist || !Array.isArray(hist.edges) || !Array.isArray(hist.counts)) return null;
  if (hist.counts.length === 0 || hist.edges.length !== hist.counts.length + 1) return null;
  const time = isTimeType(c.type);
  const edges = hist.edges.map((e) => (time ? toEpochSeconds(e) : Number(e)));
  if (!edges.every((e) => Number.isFinite(e))) return null;
  return { time, edges, rawEdges: hist.edges, counts: hist.counts.map((n) => (typeof n === 'number' ? n : 0)) };
}

/** Label of histogram bin i: "a – b", or just "a" for unit-wide integer bins. */
export function binLabel(c, hg, i) {
  const a = hg.rawEdges[i];
  const b = hg.rawEdges[i + 1];
  if (c.type === 'integer' && Number(b) - Number(a) === 1) return fmtValue(a);
  return `${fmtEdge(a)} – ${fmtEdge(b)}`;
}

export function severityOf(f) {
  return f && ['info', 'warning', 'error'].includes(f.severity) ? f.severity : 'info';
}

export const QUANTILE_KEYS = [['p1', 'p1'], ['p5', 'p5'], ['p25', 'p25'], ['p50', 'median'], ['p75', 'p75'], ['p95', 'p95'], ['p99', 'p99']];

// ---------------------------------------------------------------- heatmap colours

export function hexToRgb(hex) {
  const m = /^#?([0-9a-f]{6})$/i.exec(String(hex).trim());
  if (!m) return null;
  const n = parseInt(m[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function luminance([r, g, b]) {
  const f = (v) => { const c = v / 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}

export function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

const DARK_TEXT = [17, 24, 39];
const LIGHT_TEXT = [255, 255, 255];

/**
 * Heatmap cell colours for a correlation r: the surface colour at r = 0, blending to `pos` at +1
 * and `neg` at -1 (hex colours), with whichever text colour contrasts more.
 */
export function heatMix(r, surfaceHex, posHex, negHex) {
  const surface = hexToRgb(surfaceHex) || [255, 255, 255];
  const pos = hexToRgb(posHex) || [220, 38, 38];
  const neg = hexToRgb(negHex) || [37, 99, 235];
  const t = Math.min(1, Math.abs(r));
  const end = r >= 0 ? pos : neg;
  const bg = surface.map((s, i) => Math.round(s + (end[i] - s) * t));
  const text = contrast(bg, DARK_TEXT) >= contrast(bg, LIGHT_TEXT) ? DARK_TEXT : LIGHT_TEXT;
  return { bg: `rgb(${bg.join(',')})`, text: `rgb(${text.join(',')})` };
}

function clipText(t, n) {
  const a = Array.from(String(t));
  return a.length > n ? `${a.slice(0, n - 1).join('')}…` : a.join('');
}

/** A column's outliers (`c.outliers`) with every position as a number (seconds for dates), or null. */
export function outliersOf(c) {
  const o = c && c.outliers;
  const q = c && c.quantiles;
  if (!o || typeof o !== 'object' || !o.tukey || !q) return null;
  const time = isTimeType(c.type);
  const at = (v) => (time ? toEpochSeconds(v) : Number(v));
  const pts = (list) => (Array.isArray(list) ? list : [])
    .map((e) => ({ x: at(e.value), value: e.value, line: e.line }))
    .filter((e) => Number.isFinite(e.x));
  const out = {
    time,
    q1: at(q.p25), median: at(q.p50), q3: at(q.p75),
    lower: at(o.tukey.lower), upper: at(o.tukey.upper),
    zLower: o.modified_z ? at(o.modified_z.lower) : NaN,
    zUpper: o.modified_z ? at(o.modified_z.upper) : NaN,
    lowest: pts(o.lowest), highest: pts(o.highest),
    at: (v) => (v == null ? NaN : at(v)),
  };
  if (![out.q1, out.median, out.q3, out.lower, out.upper].every(Number.isFinite)) return null;
  return out;
}

/** "n below a · m above b" for a pair of fences, "≈" where estimated. */
export function fmtFences(f) {
  if (!f) return DASH;
  const a = f.exact === false ? '≈ ' : '';
  return `${a}${fmtInt(f.below)} below ${fmtEdge(f.lower)} · ${a}${fmtInt(f.above)} above ${fmtEdge(f.upper)}`;
}

/** The lines of text under a column's box plot. */
export function outlierNotes(c) {
  const o = c.outliers;
  const notes = [`Tukey's fences (1.5 × IQR): ${fmtFences(o.tukey)}.`];
  if (o.modified_z) {
    const scale = o.scale_kind === 'mad'
      ? `MAD ${fmtStat(o.mad)}`
      : `MAD 0, so 1.2533 × the mean absolute deviation: ${fmtStat(o.scale)}`;
    notes.push(`Modified z-score above 3.5 (median ${fmtValue(o.median)}, ${scale}${isTimeType(c.type) ? ' days' : ''}): ${fmtFences(o.modified_z)}.`);
  } else {
    notes.push('Modified z-score: none (nearly every value is the median).');
  }
  const t = o.tukey;
  if (t.exact === false || (o.modified_z && o.modified_z.exact === false)) {
    notes.push(`≈ counted from the quantile sketch: more values lie beyond a fence than the ${fmtInt(o.extremes_kept)} smallest and largest kept with their lines.`);
  }
  return notes;
}

/**
 * A horizontal box plot of a column as an SVG string: the box from p25 to p75 with the median,
 * whiskers to the most extreme values within Tukey's fences, the fences dashed, and the kept
 * extremes beyond them as dots (with their value and line in the tooltip). `esc` escapes text.
 */
export function boxPlotSvg(c, esc) {
  const b = outliersOf(c);
  if (!b) return '';
  const q = c.quantiles;
  const W = 440; const H = 64; const L = 12; const R = 12; const mid = 26;
  const beyond = [...b.lowest.filter((e) => e.x < b.lower), ...b.highest.filter((e) => e.x > b.upper)];
  const inside = [...b.lowest, ...b.highest].filter((e) => e.x >= b.lower && e.x <= b.upper);
  // The axis spans the box, the fences and every kept extreme; its ends are labelled with them.
  const marks = [
    { x: b.q1, value: c.quantiles.p25 }, { x: b.q3, value: c.quantiles.p75 },
    { x: b.lower, value: c.outliers.tukey.lower }, { x: b.upper, value: c.outliers.tukey.upper },
    { x: b.at(c.min), value: c.min }, { x: b.at(c.max), value: c.max },
    ...inside, ...beyond,
  ].filter((m) => Number.isFinite(m.x));
  const first = marks.reduce((a, m) => (m.x < a.x ? m : a));
  const last = marks.reduce((a, m) => (m.x > a.x ? m : a));
  const lo = first.x;
  const hi = last.x;
  const span = hi - lo || 1;
  const X = (v) => Math.round((L + ((v - lo) / span) * (W - L - R)) * 10) / 10;
  // Whiskers end at the most extreme values inside the fences that the profile knows: the
  // column's min or max when nothing is beyond a fence; else the furthest of the listed
  // extremes and the quantiles that is still inside it.
  const known = [b.q1, b.q3, ...[q.p1, q.p5, q.p95, q.p99].map(b.at), ...inside.map((e) => e.x)].filter(Number.isFinite);
  const min = b.at(c.min);
  const max = b.at(c.max);
  const wLo = !beyond.some((e) => e.x < b.lower) && Number.isFinite(min) ? min : Math.min(...known.filter((x) => x >= b.lower));
  const wHi = !beyond.some((e) => e.x > b.upper) && Number.isFinite(max) ? max : Math.max(...known.filter((x) => x <= b.upper));
  const fmt = (v) => fmtEdge(v);
  const label = `Box plot of ${c.name}: p25 ${fmt(c.quantiles.p25)}, median ${fmt(c.quantiles.p50)}, p75 ${fmt(c.quantiles.p75)}; `
    + `Tukey's fences ${fmt(c.outliers.tukey.lower)} and ${fmt(c.outliers.tukey.upper)}; ${beyond.length} kept value(s) beyond them.`;
  const s = [`<svg class="chart boxplot" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(label)}">`];
  s.push(`<line class="fence" x1="${X(b.lower)}" y1="8" x2="${X(b.lower)}" y2="${mid + 18}" stroke-dasharray="3 3"><title>${esc(`Lower fence ${fmt(c.outliers.tukey.lower)}`)}</title></line>`);
  s.push(`<line class="fence" x1="${X(b.upper)}" y1="8" x2="${X(b.upper)}" y2="${mid + 18}" stroke-dasharray="3 3"><title>${esc(`Upper fence ${fmt(c.outliers.tukey.upper)}`)}</title></line>`);
  s.push(`<line class="whisker" x1="${X(wLo)}" y1="${mid}" x2="${X(b.q1)}" y2="${mid}"/>`);
  s.push(`<line class="whisker" x1="${X(b.q3)}" y1="${mid}" x2="${X(wHi)}" y2="${mid}"/>`);
  s.push(`<line class="whisker" x1="${X(wLo)}" y1="${mid - 6}" x2="${X(wLo)}" y2="${mid + 6}"/>`);
  s.push(`<line class="whisker" x1="${X(wHi)}" y1="${mid - 6}" x2="${X(wHi)}" y2="${mid + 6}"/>`);
  s.push(`<rect class="box" x="${X(b.q1)}" y="${mid - 10}" width="${Math.max(1, X(b.q3) - X(b.q1))}" height="20"><title>${esc(`p25 ${fmt(c.quantiles.p25)} – p75 ${fmt(c.quantiles.p75)}`)}</title></rect>`);
  s.push(`<line class="median" x1="${X(b.median)}" y1="${mid - 10}" x2="${X(b.median)}" y2="${mid + 10}"><title>${esc(`Median ${fmt(c.quantiles.p50)}`)}</title></line>`);
  for (const e of beyond) {
    s.push(`<circle class="outlier" cx="${X(e.x)}" cy="${mid}" r="3"><title>${esc(`${fmtValue(e.value)} (line ${fmtInt(e.line)})`)}</title></circle>`);
  }
  s.push(`<text x="${L}" y="${H - 4}">${esc(clipText(fmt(first.value), 24))}</text>`);
  s.push(`<text x="${W - R}" y="${H - 4}" text-anchor="end">${esc(clipText(fmt(last.value), 24))}</text>`);
  s.push('</svg>');
  return s.join('');
}

/** Ranks of `v` (1-based), ties getting their average rank. */
function ranks(v) {
  const idx = v.map((_, i) => i).sort((a, b) => v[a] - v[b]);
  const r = new Array(v.length);
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && v[idx[j + 1]] === v[idx[i]]) j++;
    const avg = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) r[idx[k]] = avg;
    i = j + 1;
  }
  return r;
}

/** Spearman's rank correlation of paired `xs` and `ys` (ties averaged), or null. */
export function spearman(xs, ys) {
  const n = xs.length;
  if (n < 3 || ys.length !== n) return null;
  const rx = ranks(xs);
  const ry = ranks(ys);
  const m = (n + 1) / 2;
  let sxy = 0; let sxx = 0; let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (rx[i] - m) * (ry[i] - m);
    sxx += (rx[i] - m) ** 2;
    syy += (ry[i] - m) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
}

/** The sampled rows' pairs of numbers of two columns (by name): { xs, ys }. */
export function samplePairs(sample, a, b) {
  const cols = sample && Array.isArray(sample.columns) ? sample.columns : [];
  const i = cols.indexOf(a);
  const j = cols.indexOf(b);
  const xs = []; const ys = [];
  if (i < 0 || j < 0) return { xs, ys };
  for (const row of sample.rows || []) {
    const x = row[i]; const y = row[j];
    if (typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y)) {
      xs.push(x);
      ys.push(y);
    }
  }
  return { xs, ys };
}

/** The `k` most strongly correlated pairs of the correlation matrix (by |r|), as [a, b, r]. */
export function strongestPairs(corr, k) {
  const names = corr && Array.isArray(corr.columns) ? corr.columns : [];
  const out = [];
  names.forEach((a, i) => names.forEach((b, j) => {
    const r = corr.pearson && corr.pearson[i] ? corr.pearson[i][j] : null;
    if (j > i && typeof r === 'number' && Number.isFinite(r)) out.push([a, b, r]);
  }));
  return out.sort((x, y) => Math.abs(y[2]) - Math.abs(x[2])).slice(0, k);
}

/** The lines under a date column's chart: its order, and the gaps of its series. */
export function timeNotes(c) {
  const notes = [];
  const t = c.time_series;
  if (t) {
    const per = { day: 'day', week: 'week (from Monday)', month: 'month', year: 'year' }[t.period] || t.period;
    notes.push(`Values per ${per}${t.exact === false ? ' (≈ estimated from the quantile sketch)' : ''}.`);
    if (t.gaps != null) {
      notes.push(t.gaps === 0 ? `No ${t.period} without a value between the first and the last.`
        : `${fmtInt(t.gaps)} ${t.period}${t.gaps === 1 ? '' : 's'} without a value inside the span, from ${t.gap_starts.slice(0, 3).join(', ')}${t.gaps > 3 ? ', …' : ''}.`);
    }
  }
  const o = c.order;
  if (o) {
    if (o.direction === 'constant') notes.push('Every value is the same.');
    else if (o.sorted) notes.push(`Sorted, ${o.direction}.`);
    else notes.push(`Mostly ${o.direction}: ${fmtInt(o.breaks)} row${o.breaks === 1 ? '' : 's'} break the order (line${o.break_lines.length === 1 ? '' : 's'} ${o.break_lines.slice(0, 5).map(fmtInt).join(', ')}${o.breaks > 5 ? ', …' : ''}).`);
  }
  return notes;
}

/** A date column's values per period as an SVG bar chart; `esc` escapes text. */
export function timeSeriesSvg(c, esc) {
  const t = c && c.time_series;
  if (!t || !Array.isArray(t.counts) || t.counts.length === 0) return '';
  const W = 440; const H = 120; const L = 40; const R = 8; const T = 8; const B = 22;
  const n = t.counts.length;
  const max = Math.max(1, ...t.counts);
  const bw = (W - L - R) / n;
  const ph = H - T - B;
  const s = [`<svg class="chart timeseries" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(`Values of ${c.name} per ${t.period}: ${n} ${t.period}s from ${t.starts[0]} to ${t.starts[n - 1]}`)}">`];
  s.push(`<line class="axis" x1="${L}" y1="${T + ph}" x2="${W - R}" y2="${T + ph}"/>`);
  s.push(`<text x="${L - 4}" y="${T + 8}" text-anchor="end">${esc(fmtInt(max))}</text><text x="${L - 4}" y="${T + ph}" text-anchor="end">0</text>`);
  t.counts.forEach((v, i) => {
    const h = v > 0 ? Math.max(1, (v / max) * ph) : 0;
    const x = L + i * bw;
    s.push(`<rect class="${v === 0 ? 'gap' : 'bar'}" x="${Math.round(x * 10) / 10}" y="${Math.round((T + ph - h) * 10) / 10}" width="${Math.max(0.5, Math.round((bw - (n > 60 ? 0 : 1)) * 10) / 10)}" height="${Math.round(h * 10) / 10}"><title>${esc(`${t.starts[i]}: ${fmtInt(v)}`)}</title></rect>`);
  });
  s.push(`<text x="${L}" y="${H - 6}">${esc(t.starts[0])}</text><text x="${W - R}" y="${H - 6}" text-anchor="end">${esc(t.starts[n - 1])}</text>`);
  s.push('</svg>');
  return s.join('');
}

// ---------------------------------------------------------------- relationships

const MEASURE_NAMES = { cramers_v: "Cramér's V", eta: 'η', pearson: 'r' };

/** "Cramér's V 0.64", "η 0.62", "r = −0.31". */
export function fmtMeasure(measure, v) {
  const name = MEASURE_NAMES[measure] || String(measure);
  if (typeof v !== 'number' || !Number.isFinite(v)) return `${name} undefined`;
  return measure === 'pearson' ? `r = ${v.toFixed(3)}` : `${name} ${v.toFixed(3)}`;
}

/** The tooltip of an association heatmap cell. */
export function associationTip(a, b, assoc, i, j) {
  const m = assoc.measure?.[i]?.[j];
  const v = assoc.value?.[i]?.[j];
  let t = `${a} × ${b}: ${fmtMeasure(m, v)}`;
  const u = assoc.theil_u?.[i]?.[j];
  const w = assoc.theil_u?.[j]?.[i];
  if (typeof u === 'number' && typeof w === 'number' && i !== j) {
    t += `; Theil's U(${a} | ${b}) = ${u.toFixed(3)}, U(${b} | ${a}) = ${w.toFixed(3)}`;
  }
  const mi = assoc.mutual_information?.[i]?.[j];
  if (typeof mi === 'number' && i !== j) t += `; mutual information ${mi.toFixed(3)} nats`;
  return t;
}

/** What the associations leave out: columns past the cap, tables past the budget; and each
 * column's role. */
export function associationNotes(assoc, columns) {
  const out = [];
  if (!assoc) return out;
  const roles = { numeric: [], categorical: [], other: [] };
  assoc.columns.forEach((c, i) => roles[assoc.roles[i]]?.push(assoc.categories[i] != null && assoc.roles[i] === 'categorical' ? `${c} (${fmtInt(assoc.categories[i])})` : c));
  out.push(`Categorical (categories): ${roles.categorical.join(', ') || DASH}. Numeric: ${roles.numeric.join(', ') || DASH}. No measure: ${roles.other.join(', ') || DASH}.`);
  if (columns > assoc.tracked_columns) out.push(`Only the first ${fmtInt(assoc.tracked_columns)} of ${fmtInt(columns)} columns are covered (max_relationship_columns).`);
  if (assoc.tables_left_out > 0) out.push(`${fmtInt(assoc.tables_left_out)} pair${assoc.tables_left_out === 1 ? '' : 's'} of categorical columns did not fit the memory budget: no measure for ${assoc.tables_left_out === 1 ? 'it' : 'them'} (raise memory_budget_bytes).`);
  const searched = Array.isArray(assoc.pair_dependencies_searched) ? assoc.pair_dependencies_searched : [];
  if (searched.length > 0) {
    out.push(`Dependencies on two columns followed through the file (those the file's head makes likely): ${searched.map((t) => `${t[0]}, ${t[1]} → ${t[2]}`).join('; ')}.`);
  } else if (Array.isArray(assoc.determinant_columns)) {
    out.push('No dependency on two columns was likely in the file\'s head, so none was followed.');
  }
  if (Array.isArray(assoc.key_pair_columns) && assoc.key_pair_columns.length > 1) {
    out.push(`Pairs of columns with many values tested as keys: those of ${assoc.key_pair_columns.join(', ')}.`);
  }
  return out;
}

/** The pair detail of columns a and b (either order), if the profile has one. */
export function associationPair(assoc, a, b) {
  const pairs = Array.isArray(assoc?.pairs) ? assoc.pairs : [];
  return pairs.find((p) => Array.isArray(p.columns) && ((p.columns[0] === a && p.columns[1] === b) || (p.columns[0] === b && p.columns[1] === a))) || null;
}

/** One line about a key or near-key column. */
export function keyText(k) {
  const name = k.columns.join(', ');
  if (k.key) return `${name}: a key — no nulls, every one of its ${fmtInt(k.distinct)} values once${k.exact ? '' : ' (estimated)'}.`;
  const parts = [];
  if (k.duplicate_rows > 0) parts.push(`${k.exact ? '' : '≈ '}${fmtInt(k.duplicate_rows)} row${k.duplicate_rows === 1 ? '' : 's'} repeat a value`);
  if (k.nulls > 0) parts.push(`${fmtInt(k.nulls)} null${k.nulls === 1 ? '' : 's'}`);
  return `${name}: nearly a key — ${parts.join(', ')}.`;
}

/** The header decision in a word or two: `first row (detected)`, `none (has_header)`. */
export function headerText(h) {
  return `${h.present ? 'first row' : 'none'} (${h.detected ? 'detected' : 'has_header'})`;
}

const CHAR_NAMES = { '\t': 'tab', ' ': 'space', '\n': 'LF', '\r\n': 'CRLF', '\r': 'CR' };
const charName = (c) => CHAR_NAMES[c] || c;

/** One candidate dialect in a few words: `; · quote " · escape \ · comment #`. */
function candidateText(d) {
  const parts = [charName(d.delimiter)];
  parts.push(d.quote === null ? 'no quotes' : `quote ${d.quote}`);
  if (d.escape !== null) parts.push(`escape ${d.escape}`);
  if (d.comment !== null) parts.push(`comment ${d.comment}`);
  return parts.join(' · ');
}

/** The CSV dialect used: `, · quote " · LF`. */
export function dialectText(d) {
  const ending = d.line_ending === 'none' ? [] : [charName(d.line_ending)];
  return [candidateText(d), ...ending].join(' · ');
}

/** Why that dialect: its consistency, what the options forced, and the runner-up. */
export function dialectTitle(d) {
  const pct = (x) => `${(x * 100).toFixed(x === 1 ? 0 : 1)}%`;
  const out = [`${d.fields} fields in ${pct(d.consistency)} of ${fmtInt(d.records)} records of the head`];
  if (d.forced.length) out.push(`forced by the options: ${d.forced.join(', ')}`);
  if (d.runner_up) out.push(`runner-up: ${candidateText(d.runner_up)} (${d.runner_up.fields} fields in ${pct(d.runner_up.consistency)})`);
  return out.join('; ');
}

/** The encoding in a word or two: `windows-1252 (detected)`, `utf-8 (with BOM)`. */
export function encodingText(p) {
  const how = p.encoding_detected === false ? 'encoding option' : p.bom ? 'with BOM' : p.encoding === 'utf-8' ? '' : 'detected';
  return how ? `${p.encoding} (${how})` : p.encoding;
}

/** The reader used: `CSV`, `JSON Lines`, `Excel workbook, sheet "Data" (1 of 3)`, and the decompression around it:
 * `CSV, from zstd (8.2×)`, `CSV, from ZIP entry data.csv (3.1×)`, with `stopped` when the guard stopped it. */
export function readerText(p) {
  // A dataset of CSV and JSON Lines files: both (each file's is in `files`).
  const mixed = Array.isArray(p.files) ? datasetFiles(p.files).mixed : null;
  if (mixed) return mixed;
  if (p.format === 'parquet') return p.parquet?.nested ? 'Parquet (nested: rows as JSON Lines)' : 'Parquet';
  if (p.format === 'xlsx' && p.sheet) {
    return `Excel workbook, sheet "${p.sheet.name}" (${fmtInt(p.sheet.index)} of ${fmtInt(p.sheet.sheets.length)})`;
  }
  const f = p.format === 'jsonl' ? 'JSON Lines'
    : p.format === 'json' ? `JSON array${p.records_path && p.records_path !== '$' ? ` at ${p.records_path}` : ''}`
      : String(p.format ?? DASH).toUpperCase();
  const c = p.compression;
  if (!c) return f;
  const codec = c.codec === 'zip' ? `ZIP entry ${c.entry ?? ''}`.trim() : c.codec;
  const ratio = typeof c.ratio === 'number' && c.ratio > 0 ? ` (${c.ratio.toFixed(1)}×)` : '';
  return `${f}, from ${codec}${ratio}${c.stopped ? ', stopped by the decompression guard' : ''}`;
}

/** A file format's name: `CSV`, `JSON Lines`. */
function formatName(f) {
  return f === 'jsonl' ? 'JSON Lines' : f === 'json' ? 'JSON array' : String(f ?? DASH).toUpperCase();
}

/**
 * The files of a dataset (`p.files`): `mixed`, its formats when its files are not all of one
 * (`CSV and JSON Lines`), else null; `lines`, one per file (`name: 1,200 rows, lines 2–1,201`,
 * with the file's format when they are mixed).
 */
export function datasetFiles(files) {
  const formats = [...new Set(files.map((f) => f.format).filter(Boolean))];
  const mixed = formats.length > 1 ? formats.map(formatName).join(' and ') : null;
  const lines = files.map((f) => `${f.name}${mixed && f.format ? ` (${formatName(f.format)})` : ''}: ${fmtInt(f.rows)} rows, lines ${fmtInt(f.first_line)}–${fmtInt(f.last_line)}`);
  return { mixed, lines };
}

/** The reader's tooltip: where a JSON array's records are; compressed and decompressed sizes. */
export function readerTitle(p) {
  if (p.format === 'parquet' && p.parquet) {
    return `a ${fmtBytes(p.parquet.file_bytes)} Parquet file read footer first, then page by page; its rows came to ${fmtBytes(p.bytes)} as ${p.parquet.nested ? 'JSON Lines' : 'CSV'} text`;
  }
  if (p.format === 'xlsx' && p.sheet) {
    return `a ${fmtBytes(p.sheet.file_bytes)} workbook; its sheets: ${p.sheet.sheets.join(', ')}; this sheet's cells came to ${fmtBytes(p.bytes)} as CSV text`;
  }
  const c = p.compression;
  const where = p.format === 'json' ? `records: the elements of ${p.records_path ?? '$'}` : '';
  if (!c) return where || undefined;
  return `${where ? `${where}; ` : ''}${fmtBytes(c.compressed_bytes)} compressed, ${fmtBytes(p.bytes)} decompressed; ${c.detected ? 'detected by its first bytes' : 'the compression option said so'}`;
}

/** Lines skipped before the table and comment lines: `2 before the table, 5 comments`. */
export function skippedText(p) {
  const parts = [];
  if (p.skipped_lines > 0) parts.push(`${fmtInt(p.skipped_lines)} before the table`);
  if (p.comment_lines > 0) parts.push(`${fmtInt(p.comment_lines)} comment${p.comment_lines === 1 ? '' : 's'}`);
  return parts.join(', ');
}

/** A duplicated value of a key: `"1042" ×2 (lines 12, 977)`. */
export function duplicateText(d) {
  return `"${d.value}" ×${fmtInt(d.count)} (lines ${d.lines.map(fmtInt).join(', ')})`;
}

/** One line about a dependency. */
export function dependencyText(d) {
  const x = d.determinant.join(', ');
  const est = d.exact === false
    ? ` Estimated from a sample of ${fmtPct(d.sampled)} of the values of ${x} (every row of each counted): g3 error ${fmtPct(d.error)} ± ${fmtPct(d.error_margin)}.`
    : '';
  if (d.violating_rows === 0) {
    return `${x} → ${d.dependent}: holds in ${d.exact === false ? 'the sampled' : 'all'} ${d.exact === false ? '' : `${fmtInt(d.rows)} `}rows (${d.exact === false ? '≈ ' : ''}${fmtInt(d.determinant_values)} values of ${x}).${est}`;
  }
  return `${x} → ${d.dependent}: holds except in ${d.exact === false ? '≈ ' : ''}${fmtInt(d.violating_rows)} row${d.violating_rows === 1 ? '' : 's'} (g3 error ${fmtPct(d.error)}).${est}`;
}

/** A violation: `"Zebra dove" → "Small" ×24, but "Medium" ×1 (line 1702)`. */
export function violationText(v) {
  const conflicts = v.conflicts.map((c) => `"${c.value}" ×${fmtInt(c.count)} (line ${fmtInt(c.first_line)})`).join(', ');
  return `"${v.value}" → "${v.expected.value}" ×${fmtInt(v.expected.count)}, but ${conflicts}`;
}

/** `country=DE ⇒ currency=EUR`. */
export function ruleHead(r) {
  return `${r.antecedent.map((a) => `${a.column}=${a.value}`).join(' ∧ ')} ⇒ ${r.consequent.column}=${r.consequent.value}`;
}

/** The figures of a rule. */
export function ruleFigures(r) {
  return `${fmtInt(r.rows)} rows, support ${fmtPct(r.support)}, confidence ${fmtPct(r.confidence)}, lift ${r.lift.toFixed(2)}`;
}

/** A rule's exceptions: `2 exceptions: "silver" ×2 (line 9)`. */
export function exceptionText(r) {
  if (!r.exceptions) return '';
  const list = (r.exception_values || []).map((e) => `"${e.value}" ×${fmtInt(e.count)} (line ${fmtInt(e.first_line)})`).join(', ');
  return `${fmtInt(r.exceptions)} exception${r.exceptions === 1 ? '' : 's'}${list ? `: ${list}` : ''}`;
}

/** What a column's card says about its relationships: key, dependencies, its strongest
 * associations. */
export function columnRelations(p, name) {
  const out = [];
  const others = (cols) => cols.filter((c) => c !== name).join(', ');
  for (const k of p.keys || []) {
    if (!k.columns.includes(name)) continue;
    const kind = k.key ? 'a key' : 'nearly a key';
    out.push(k.columns.length > 1 ? `with ${others(k.columns)}, ${kind}` : kind);
  }
  for (const d of p.dependencies || []) {
    const except = d.violating_rows ? ` (except ${fmtInt(d.violating_rows)} rows)` : '';
    if (d.determinant.includes(name) && d.determinant.length > 1) out.push(`with ${others(d.determinant)}, determines ${d.dependent}${except}`);
    else if (d.determinant.includes(name)) out.push(`determines ${d.dependent}${d.violating_rows ? ` (except ${fmtInt(d.violating_rows)} rows)` : ''}`);
    else if (d.dependent === name) out.push(`determined by ${d.determinant.join(', ')}${d.violating_rows ? ` (except ${fmtInt(d.violating_rows)} rows)` : ''}`);
  }
  for (const r of p.redundant_columns || []) {
    if (r.columns.includes(name)) out.push(`one-to-one with ${r.columns.find((c) => c !== name)}`);
  }
  const a = p.associations;
  const i = a && Array.isArray(a.columns) ? a.columns.indexOf(name) : -1;
  if (i >= 0) {
    const strongest = a.columns.map((b, j) => ({ b, j, v: a.value[i][j], m: a.measure[i][j] }))
      .filter((x) => x.j !== i && typeof x.v === 'number' && Math.abs(x.v) >= 0.3)
      .sort((x, y) => Math.abs(y.v) - Math.abs(x.v)).slice(0, 3);
    for (const x of strongest) out.push(`with ${x.b}: ${fmtMeasure(x.m, x.v)}`);
  }
  return out;
}

/** A value's shape, as the engine writes it (src/infer/semantic.rs `shape`): letters become
 * `a` or `A`, digits `9`, other ASCII stays, anything else `*`. */
export function valueShape(v) {
  return Array.from(String(v), (ch) => {
    if (ch >= 'a' && ch <= 'z') return 'a';
    if (ch >= 'A' && ch <= 'Z') return 'A';
    if (ch >= '0' && ch <= '9') return '9';
    return ch.charCodeAt(0) < 128 ? ch : '*';
  }).join('');
}

/** The profile "without values": the values of every column that holds personal data
 * (`personal_data`) replaced by their shapes wherever the profile carries them (examples, top
 * values, min and max, the row sample, relationship tables, finding messages), marked
 * `without_values: true`. The profile given is not changed. */
export function withoutValues(profile) {
  const p = JSON.parse(JSON.stringify(profile));
  const cols = Array.isArray(p.columns) ? p.columns : [];
  const personal = cols.filter((c) => c && c.personal_data === true);
  const values = new Set();
  const hide = (v) => {
    if (v == null || typeof v === 'boolean') return v;
    values.add(String(v));
    return valueShape(v);
  };
  for (const c of personal) {
    if (Array.isArray(c.examples)) c.examples = c.examples.map(hide);
    if (Array.isArray(c.top)) c.top = c.top.map((t) => ({ ...t, value: hide(t.value) }));
    if (typeof c.min === 'string') c.min = hide(c.min);
    if (typeof c.max === 'string') c.max = hide(c.max);
  }
  const sm = p.sample;
  if (sm && Array.isArray(sm.columns)) {
    const names = new Set(personal.map((c) => c.name));
    const at = sm.columns.map((n, i) => (names.has(n) ? i : -1)).filter((i) => i >= 0);
    for (const key of ['head', 'rows']) {
      if (!Array.isArray(sm[key])) continue;
      for (const row of sm[key]) {
        if (!Array.isArray(row)) continue;
        for (const i of at) if (i < row.length) row[i] = hide(row[i]);
      }
    }
  }
  // Everywhere else (relationship tables, dependency examples): any string that is one of those
  // values, and in finding messages, any mention of one.
  const mentioned = [...values].filter((v) => v.length >= 3).sort((a, b) => b.length - a.length);
  const walk = (node, key) => {
    if (typeof node === 'string') {
      if (values.has(node)) return valueShape(node);
      if (key === 'message') {
        let out = node;
        for (const v of mentioned) if (out.includes(v)) out = out.split(v).join(valueShape(v));
        return out;
      }
      return node;
    }
    if (Array.isArray(node)) return node.map((x) => walk(x, key));
    if (node && typeof node === 'object') {
      for (const k of Object.keys(node)) node[k] = walk(node[k], k);
    }
    return node;
  };
  const out = walk(p, '');
  out.without_values = true;
  return out;
}

/** A Parquet file's layout from its footer: `5 row groups, snappy, written by parquet-cpp-arrow version 26.0.1`. */
export function parquetText(info) {
  const groups = `${fmtInt(info.row_groups)} row group${info.row_groups === 1 ? '' : 's'}`;
  const codecs = info.codecs.length ? info.codecs.join(', ') : 'no column chunks';
  return `${groups}, ${codecs}${info.created_by ? `, written by ${info.created_by}` : ''}`;
}

/** The Parquet schema's leaf columns with their types: `id INT64; name BYTE_ARRAY (STRING); …`. */
export function parquetTitle(info) {
  const cols = info.columns.map((c) => `${c.name} ${c.physical_type}${c.logical_type ? ` (${c.logical_type})` : ''}`);
  return `${fmtInt(info.rows)} rows in the footer; schema: ${cols.join('; ')}`;
}
