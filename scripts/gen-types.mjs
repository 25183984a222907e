// The TypeScript types of the profile and of the diff, generated from their JSON Schemas
// (www/profile.schema.json and www/diff.schema.json, which schemars derives from the Rust types
// in src/profile.rs and src/diff.rs, doc comments included) with json-schema-to-typescript:
// www/profile.d.ts and www/diff.d.ts. www/sluice.d.ts re-exports them.
//   node scripts/gen-types.mjs           writes them (npm run types)
//   node scripts/gen-types.mjs --check   exits 1 when they are stale (tests/e2e/schema.spec.js)
import { compile } from 'json-schema-to-typescript';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

const banner = (schema) => `// Generated from www/${schema} (the Rust types, through schemars) by scripts/gen-types.mjs:
// do not edit; \`npm run types\` writes it again after \`SLUICE_WRITE_SCHEMA=1 cargo test --test schema\`.
/* eslint-disable */`;

/** A `$ref` with a description beside it (a property's doc comment) would become a copy of
 * the type it refers to (Fences1, ...): it is written as the type's name, with the description. */
function refsByName(node) {
  if (Array.isArray(node)) return node.map(refsByName);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) out[k] = refsByName(v);
  if (typeof out.$ref === 'string' && Object.keys(out).length > 1) {
    const { $ref, ...rest } = out;
    return { ...rest, tsType: $ref.replace('#/$defs/', '') };
  }
  return out;
}

/** The generated files: { 'www/profile.d.ts': text, 'www/diff.d.ts': text }. */
export async function generate() {
  const out = {};
  for (const [schema, file] of [['profile.schema.json', 'profile.d.ts'], ['diff.schema.json', 'diff.d.ts']]) {
    const json = refsByName(JSON.parse(fs.readFileSync(path.join(root, 'www', schema), 'utf8')));
    delete json.$id;
    out[`www/${file}`] = await compile(json, json.title, {
      bannerComment: banner(schema),
      additionalProperties: false,
      unreachableDefinitions: true,
      strictIndexSignatures: true,
      format: true,
      style: { singleQuote: true, printWidth: 110 },
    });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = await generate();
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [file, text] of Object.entries(files)) {
    const p = path.join(root, file);
    if (check) {
      if (!fs.existsSync(p) || fs.readFileSync(p, 'utf8') !== text) {
        console.error(`${file} is stale: run npm run types`);
        stale++;
      }
    } else {
      fs.writeFileSync(p, text);
    }
  }
  process.exit(stale ? 1 : 0);
}
