// The page's colours for the charts, read from its CSS custom properties (light or dark scheme),
// and what its charts share.
import { LOCALE, fmtValue } from './page-format.js';

/** Matches while the dark scheme is in force (null without matchMedia). */
export const darkQuery = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;

/** The chart colours in force: `readTheme()` refreshes them. */
export const theme = { axis: '#444', grid: 'rgba(0,0,0,0.08)', surface: '#fff', text: '#1a1f29' };

export function readTheme() {
  const cs = getComputedStyle(document.documentElement);
  theme.axis = cs.getPropertyValue('--chart-axis').trim() || theme.axis;
  theme.grid = cs.getPropertyValue('--chart-grid').trim() || theme.grid;
  theme.surface = cs.getPropertyValue('--surface').trim() || theme.surface;
  theme.text = cs.getPropertyValue('--text').trim() || theme.text;
}

/** Each column type's colour in the charts. */
export const TYPE_COLORS = {
  integer: '#3b82f6',
  float: '#06b6d4',
  boolean: '#a855f7',
  date: '#10b981',
  datetime: '#14b8a6',
  string: '#f59e0b',
};

const compactFmt = new Intl.NumberFormat(LOCALE, { notation: 'compact', maximumFractionDigits: 1 });

/** uPlot axis values, compact (1.2K, 3.4M) from a thousand on. */
export function compactValues(_u, splits) {
  return splits.map((v) => (v == null ? '' : Math.abs(v) < 1000 ? fmtValue(Number(v.toPrecision(6))) : compactFmt.format(v)));
}
