/**
 * Writes schemas/losslab.editor.schema.json, the copy of the config schema that VS Code's own JSON (and
 * the YAML extension's) validation reads. Loss Lab's diagnostics already report every schema problem —
 * at the offending token, listing the valid names — so the editor's copy keeps what serves completion
 * and hover (properties, descriptions, defaults, the valid values as `examples`, snippets, the `if`
 * conditions that pick a loss's or dataset's parameters) and drops the checks, which would report each
 * mistake a second time in other words. `--write` updates the file; a unit test checks it is current.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

/** Keywords that only check a value (their errors would repeat Loss Lab's). */
const CHECKS = new Set([
  'required', 'type', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern',
  'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'enumDescriptions',
]);

const isObj = (x: Json | undefined): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

function strip(s: Json): Json {
  if (Array.isArray(s)) return s.map(strip);
  if (!isObj(s)) return s;
  const out: Obj = {};
  const examples: Json[] = Array.isArray(s.examples) ? [...s.examples] : [];
  for (const [k, v] of Object.entries(s)) {
    if (CHECKS.has(k) || k === 'examples') continue;
    if (k === 'if') out.if = v; // a condition: kept whole, it only selects `then` or `else`
    else if (k === 'enum' && Array.isArray(v)) examples.push(...v.filter((x) => !examples.includes(x)));
    else if (k === 'const') examples.push(v);
    else if (k === 'oneOf') out.anyOf = strip(v);
    else if (k === 'additionalProperties') {
      if (isObj(v)) out.additionalProperties = strip(v);
    } else if (k === 'properties' || k === 'definitions') out[k] = Object.fromEntries(Object.entries(v as Obj).map(([name, sub]) => [name, strip(sub)]));
    else out[k] = strip(v);
  }
  if (s.type === 'boolean' && examples.length === 0) examples.push(true, false);
  if (examples.length > 0) out.examples = examples;
  return out;
}

export function editorSchema(schema: Obj): Obj {
  return strip(schema) as Obj;
}

const root = join(__dirname, '..');
export const EDITOR_SCHEMA_FILE = join(root, 'schemas', 'losslab.editor.schema.json');

export function renderEditorSchema(): string {
  const schema = JSON.parse(readFileSync(join(root, 'schemas', 'losslab.schema.json'), 'utf8')) as Obj;
  return JSON.stringify(editorSchema(schema), null, 2) + '\n';
}

if (require.main === module) {
  if (process.argv.includes('--write')) writeFileSync(EDITOR_SCHEMA_FILE, renderEditorSchema());
  else process.stdout.write(renderEditorSchema());
}
