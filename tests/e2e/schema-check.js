// Validates profiles and diffs against the JSON Schemas the Rust types generate
// (www/profile.schema.json, www/diff.schema.json; tests/schema.rs keeps them current), with Ajv.
import Ajv2020 from 'ajv/dist/2020.js';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');
const ajv = new Ajv2020({ allErrors: true, strict: false });
// schemars's number formats: the types and bounds beside them say what they need.
for (const f of ['double', 'float', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'int', 'int32', 'int64']) ajv.addFormat(f, true);
const read = (name) => JSON.parse(fs.readFileSync(path.join(root, 'www', name), 'utf8'));
const profileValidator = ajv.compile(read('profile.schema.json'));
const diffValidator = ajv.compile(read('diff.schema.json'));

function explain(v) {
  return (v.errors || []).slice(0, 10).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
}

/** The schema's errors for `p` (a profile), or '' when it is valid. */
export function profileErrors(p) {
  return profileValidator(p) ? '' : explain(profileValidator);
}

/** The schema's errors for `d` (a diff), or '' when it is valid. */
export function diffErrors(d) {
  return diffValidator(d) ? '' : explain(diffValidator);
}
