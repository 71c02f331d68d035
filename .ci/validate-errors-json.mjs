// Validates a built errors.json against errors.schema.json with ajv (JSON Schema 2020-12, strict
// mode: unknown keywords, ambiguous types and the like in the schema are errors too). Issue 13.
// Usage: node .ci/validate-errors-json.mjs SITE_DIR
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const site = process.argv[2];
if (!site) {
  console.error('usage: node .ci/validate-errors-json.mjs SITE_DIR');
  process.exit(2);
}
const schema = JSON.parse(readFileSync(join(site, 'errors.schema.json'), 'utf8'));
const data = JSON.parse(readFileSync(join(site, 'errors.json'), 'utf8'));
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(schema);
if (!validate(data)) {
  for (const e of validate.errors) {
    console.error(`errors.json${e.instancePath || '/'}: ${e.message} (${e.schemaPath})`);
  }
  process.exit(1);
}
const pkg = JSON.parse(readFileSync(new URL('./node_modules/ajv/package.json', import.meta.url), 'utf8'));
console.log(`ajv ${pkg.version} (2020-12, strict): ${join(site, 'errors.json')} is valid, ${data.entries.length} entries`);
