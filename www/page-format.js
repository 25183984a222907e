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

/** "data.csv" -> "data", "data.csv.gz" -> "data", "data" -> "data". */
export function baseName(name) {
  let n = String(name || '');
  n = n.replace(/\.(gz|gzip)$/i, '');
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
  return t === 'date' || t === 'datetime';
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
