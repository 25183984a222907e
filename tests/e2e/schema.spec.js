// One source of truth for the profile's shape: every profile the CLI prints (the fixtures, a
// dataset of several files, every sheet of a workbook, the hostile corpus) and every diff
// validates against the JSON Schemas generated from the Rust types; a profile of the wrong shape
// does not; and a TypeScript consumer type-checks against the package's types (tsc --noEmit).
import { test, expect } from '@playwright/test';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { profileErrors, diffErrors } from './schema-check.js';

const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'target/release/sluice');
const fixture = path.join(root, 'tests/fixtures/people.csv');

function run(args) {
  const r = spawnSync(cli, ['--compact', ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  return { code: r.status, out: r.stdout ? JSON.parse(r.stdout) : null, err: r.stderr };
}

test('every CLI profile and diff validates against the generated schemas', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-schema-'));
  const one = run([fixture]).out;
  expect(profileErrors(one)).toBe('');
  // A wrong shape fails: the check can fail.
  expect(profileErrors({ ...one, rows: 'twelve' })).toContain('/rows');
  expect(profileErrors({ ...one, columns: [{ ...one.columns[0], count: -1 }] })).not.toBe('');
  const { files: _files, ...noFiles } = one;
  expect(profileErrors(noFiles)).toContain('files');

  // A dataset of two files, and files of other columns (an array of profiles).
  const text = fs.readFileSync(fixture, 'utf8').split('\n');
  fs.writeFileSync(path.join(dir, 'a.csv'), `${text.slice(0, 7).join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'b.csv'), `${text[0]}\n${text.slice(7).join('\n')}`);
  fs.writeFileSync(path.join(dir, 'c.csv'), 'x,y\n1,2\n');
  const ds = run([path.join(dir, 'a.csv'), path.join(dir, 'b.csv')]).out;
  expect(ds.files.length).toBe(2);
  expect(profileErrors(ds)).toBe('');
  const apart = run([path.join(dir, 'a.csv'), path.join(dir, 'c.csv')]).out;
  for (const p of apart) expect(profileErrors(p)).toBe('');

  // Diffs: of two datasets, and of a profile with itself.
  const d = run(['diff', path.join(dir, 'a.csv'), path.join(dir, 'c.csv')]);
  expect(d.code).toBe(0);
  expect(diffErrors(d.out)).toBe('');
  fs.writeFileSync(path.join(dir, 'one.json'), JSON.stringify(one));
  const same = run(['diff', path.join(dir, 'one.json'), fixture]).out;
  expect(diffErrors(same)).toBe('');
  expect(same.severity).toBe('none');
  expect(diffErrors({ ...same, severity: 3 })).not.toBe('');

  // The hostile corpus: every case that gives a profile gives a valid one.
  const hostile = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-schema-hostile-'));
  execFileSync(path.join(root, 'target/release/examples/hostile'), [hostile], { stdio: 'ignore' });
  const manifest = JSON.parse(fs.readFileSync(path.join(hostile, 'manifest.json'), 'utf8'));
  let checked = 0;
  for (const c of manifest) {
    const r = run([path.join(hostile, c.file)]);
    if (c.error) continue;
    expect(r.code, `${c.name}: ${r.err}`).toBe(0);
    const list = Array.isArray(r.out) ? r.out : [r.out];
    for (const p of list) expect(profileErrors(p), c.name).toBe('');
    checked += 1;
  }
  expect(checked).toBeGreaterThan(10);
  console.log(`schema: ${checked} hostile profiles valid`);
});

test('a TypeScript consumer type-checks against the package types (tsc --noEmit)', () => {
  const r = spawnSync(path.join(root, 'node_modules/.bin/tsc'), ['--noEmit', '-p', path.join(root, 'tests/consumer/tsconfig.json')], { encoding: 'utf8' });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
});

test('the package types are the ones generated from the schemas (scripts/gen-types.mjs --check)', () => {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/gen-types.mjs'), '--check'], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  // and the check can fail: a stale file is reported
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-types-'));
  try {
    for (const f of ['scripts/gen-types.mjs', 'www/profile.schema.json', 'www/diff.schema.json', 'www/profile.d.ts', 'www/diff.d.ts']) {
      fs.mkdirSync(path.join(d, path.dirname(f)), { recursive: true });
      fs.copyFileSync(path.join(root, f), path.join(d, f));
    }
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(d, 'node_modules'));
    fs.appendFileSync(path.join(d, 'www/profile.d.ts'), '// edited by hand\n');
    const s = spawnSync(process.execPath, [path.join(d, 'scripts/gen-types.mjs'), '--check'], { encoding: 'utf8' });
    expect(s.status).toBe(1);
    expect(s.stderr).toContain('www/profile.d.ts is stale');
  } finally {
    fs.rmSync(d, { recursive: true, force: true });
  }
});
