// A TypeScript consumer of the package's types (`tsc --noEmit` in tests/e2e/schema.spec.js):
// what an app writes against `sluice`, strictly typed. A field renamed or retyped in
// www/sluice.d.ts breaks this file.
import { mine, prepare, openProfile, checkProfile, compare, PROFILE_VERSION } from 'sluice';
import type { Profile, ColumnProfile, Diff, Change, SourceFile, Finding, Snapshot, ColumnSnapshot } from 'sluice';
import { diff_profiles } from 'sluice/engine';

export async function summarise(file: File): Promise<string> {
  await prepare();
  const live: string[] = [];
  const onSnapshot = (s: Snapshot) => {
    const c: ColumnSnapshot | undefined = s.columns[0];
    live.push(`${s.rows} rows (${s.workers} workers): ${c ? `${c.name} ${c.type} ${c.distinct_exact ? '' : '≥ '}${c.distinct}` : ''}`);
  };
  const p: Profile = await mine(file, { workers: 2, memory_budget_bytes: 64 << 20, onProgress: ({ bytes, rows }) => void [bytes, rows], onSnapshot, snapshot_ms: 500 });
  const files: SourceFile[] = p.files ?? [];
  const lines = files.map((f) => `${f.name}: ${f.rows} rows, lines ${f.first_line}-${f.last_line} (offset ${f.line_offset})`);
  const version: number = p.profile_version ?? 1;
  const cols: ColumnProfile[] = p.columns;
  const nulls = cols.map((c) => `${c.name} (${c.type}): ${c.nulls} nulls, ${c.distinct} distinct`);
  const errors: Finding[] = p.findings.filter((f) => f.severity === 'error');
  return [`v${version} of ${PROFILE_VERSION}`, ...live, ...lines, ...nulls, `${errors.length} errors`].join('\n');
}

export async function whatChanged(before: File, after: File): Promise<Change[]> {
  const old = (await openProfile(before)) ?? (await mine(before));
  const now = checkProfile(JSON.parse(await after.text()));
  const d: Diff = await compare(old, now, { psi_warning: 0.2, oldName: before.name, newName: after.name });
  for (const c of d.columns) {
    const psi = c.psi ? `${c.psi.value} in [${c.psi.lower}, ${c.psi.upper}]` : 'no histogram';
    void `${c.name} ${c.status} ${psi} ${c.ks?.exact ?? false}`;
  }
  const again: Diff = JSON.parse(diff_profiles(JSON.stringify(old), JSON.stringify(now), 'a', 'b', ''));
  void again.schema.renamed.map((r) => `${r.from} -> ${r.to} (${r.why})`);
  return d.changes.filter((c) => c.severity !== 'info' && (c.group === 'schema' || c.group === 'drift'));
}

export async function shards(input: HTMLInputElement): Promise<string[]> {
  const r: Profile | Profile[] = await mine(input.files!, { workers: 4 });
  const datasets: Profile[] = Array.isArray(r) ? r : [r];
  return datasets.map((p) => `${(p.files ?? []).length} files, ${p.rows} rows: ${p.findings.find((f) => f.kind === 'file_mismatch')?.message ?? 'one dataset'}`);
}
