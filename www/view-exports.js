// The downloads: the profile as JSON ("Download profile (JSON)") and as one self-contained HTML
// report, each as mined or without the values of personal data, and any file the page saves.
import { baseName, withoutValues } from './page-format.js';
import { renderReport } from './report.js';

/** The profile to export: as mined, or (`without`) without the values of personal data. */
function exported(profile, without) {
  return without ? withoutValues(profile) : profile;
}

/** Saves `state.profile` as `<name>.profile.json`. `state`: { profile, name, meta, diff, withoutValues }. */
export function downloadProfile(state) {
  if (!state.profile) return;
  const blob = new Blob([JSON.stringify(exported(state.profile, state.withoutValues), null, 2)], { type: 'application/json' });
  saveBlob(blob, `${baseName(state.name)}.profile.json`);
}

/** Saves the profile as one self-contained HTML page (see report.js), with the comparison if any. */
export function downloadReport(state) {
  if (!state.profile) return;
  const generated = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const html = renderReport(exported(state.profile, state.withoutValues), {
    name: state.name, size: state.meta.size, secs: state.meta.secs, generated, diff: state.diff,
  });
  saveBlob(new Blob([html], { type: 'text/html;charset=utf-8' }), `${baseName(state.name)}.report.html`);
}

/** Saves `blob` as `filename` (a download the browser names so). */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
