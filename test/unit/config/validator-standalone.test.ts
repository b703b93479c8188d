// The build's standalone validator (src/shared/config/generated/, written by esbuild.mjs) against ajv
// compiling the schema here: the same issues, the same raw errors and the same defaults filled in, over
// every config fixture and example and systematic mutations of them (each key removed, an unknown key
// added to each object, each value replaced by values of other types). The full schema, prose included
// (what the validator compiled before the build did it), is a second reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_SCHEMA } from '../../../src/shared/config';
import { parseConfigText } from '../../../src/shared/config/parse';
import { schemaIssuesWith, type SchemaValidator } from '../../../src/shared/config/validate';
import { compileConfigValidator } from '../../../src/shared/config/validate-ajv';
import { CONFIG_VALIDATOR_TYPES, configValidatorSource, GENERATED_VALIDATOR } from '../../../src/shared/config/validate-codegen';
import standalone from '../../../src/shared/config/generated/config-validator.js';
import { CONFIG_FIXTURES } from './helpers';

const ROOT = join(__dirname, '..', '..', '..');
const EXAMPLES = join(ROOT, 'examples');

test('the generated validator is up to date with the schema and the ajv set-up (else run node esbuild.mjs)', () => {
  assert.ok(readFileSync(join(ROOT, `${GENERATED_VALIDATOR}.js`), 'utf8') === configValidatorSource(), `${GENERATED_VALIDATOR}.js is stale: run node esbuild.mjs`);
  assert.equal(readFileSync(join(ROOT, `${GENERATED_VALIDATOR}.d.ts`), 'utf8'), CONFIG_VALIDATOR_TYPES);
});

/** Every parsable config among the fixtures and examples, by file name. */
function configs(): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const dir of [CONFIG_FIXTURES, EXAMPLES]) {
    for (const name of readdirSync(dir).filter((n) => /\.losslab\.(json|ya?ml)$/.test(n)).sort()) {
      const parsed = parseConfigText(readFileSync(join(dir, name), 'utf8'), name);
      if (parsed.value !== undefined) out.set(name, parsed.value);
    }
  }
  return out;
}

type Json = unknown;
const REPLACEMENTS: Json[] = ['x', -1, 2.5, 0, true, null, [], {}, [1, 1]];

/** Copies of `value` each with one change: a key removed or added, a value replaced, an array item repeated. */
function mutations(value: Json): Json[] {
  const out: Json[] = [];
  const change = (path: (string | number)[], f: (node: any) => void) => {
    const copy = structuredClone(value) as any;
    f(path.reduce((node, k) => node[k], copy));
    out.push(copy);
  };
  const walk = (node: Json, path: (string | number)[]) => {
    const parent = path.slice(0, -1);
    const key = path[path.length - 1];
    if (path.length > 0) {
      for (const r of REPLACEMENTS) change(parent, (p) => (p[key] = structuredClone(r)));
      if (typeof key === 'string') change(parent, (p) => delete p[key]);
    }
    if (Array.isArray(node)) {
      if (node.length > 0) change(path, (n) => n.push(structuredClone(n[0])));
      node.forEach((v, i) => walk(v, [...path, i]));
    } else if (node !== null && typeof node === 'object') {
      change(path, (n) => (n.zzUnknown = 1));
      for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
    }
  };
  walk(value, []);
  return out;
}

function run(validate: SchemaValidator, value: Json) {
  const data = structuredClone(value);
  const issues = schemaIssuesWith(validate, data);
  return { issues, errors: validate.errors ?? [], data };
}

test('the standalone validator and a fresh compile give the same issues, errors and defaults', () => {
  const fresh = compileConfigValidator();
  const full = compileConfigValidator(CONFIG_SCHEMA);
  assert.notEqual(standalone, fresh);
  const keywords = new Set<string>();
  let cases = 0;
  for (const [name, value] of configs()) {
    for (const [i, c] of [value, ...mutations(value)].entries()) {
      const a = run(standalone, c);
      const b = run(fresh, c);
      const where = `${name}, case ${i}`;
      assert.deepEqual(a.issues, b.issues, `issues of ${where}`);
      assert.deepEqual(a.errors, b.errors, `ajv errors of ${where}`);
      assert.deepEqual(a.data, b.data, `defaults filled in ${where}`);
      const ref = run(full, c);
      assert.deepEqual(a.issues, ref.issues, `issues of ${where} (full schema)`);
      assert.deepEqual(a.data, ref.data, `defaults filled in ${where} (full schema)`);
      for (const e of a.errors) keywords.add(e.keyword);
      cases++;
    }
  }
  // The cases reach the kinds of error the messages are written for.
  for (const k of ['required', 'additionalProperties', 'x-tag', 'type', 'enum', 'const', 'minimum', 'minItems', 'uniqueItems', 'if']) {
    assert.ok(keywords.has(k), `some case fails '${k}' (seen: ${[...keywords].join(', ')})`);
  }
  assert.ok(cases > 1000, `${cases} cases`);
});
