// The build's standalone validator (src/shared/config/generated/, written by esbuild.mjs) against ajv
// compiling the schema here: the same issues, the same raw errors and the same defaults filled in, over
// every config fixture and example and systematic mutations of them (each key removed, an unknown key
// added to each object, each value replaced by values of other types). The full schema, prose included
// (what the validator compiled before the build did it), is a second reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_SCHEMA } from '../../../src/shared/config';
import { schemaIssuesWith, type SchemaValidator } from '../../../src/shared/config/validate';
import { compileConfigValidator } from '../../../src/shared/config/validate-ajv';
import { CONFIG_VALIDATOR_TYPES, configValidatorSource, GENERATED_VALIDATOR } from '../../../src/shared/config/validate-codegen';
import standalone from '../../../src/shared/config/generated/config-validator.js';
import { configs, mutations, type Json } from './config-mutations';

const ROOT = join(__dirname, '..', '..', '..');

test('the generated validator is up to date with the schema and the ajv set-up (else run node esbuild.mjs)', () => {
  assert.ok(readFileSync(join(ROOT, `${GENERATED_VALIDATOR}.js`), 'utf8') === configValidatorSource(), `${GENERATED_VALIDATOR}.js is stale: run node esbuild.mjs`);
  assert.equal(readFileSync(join(ROOT, `${GENERATED_VALIDATOR}.d.ts`), 'utf8'), CONFIG_VALIDATOR_TYPES);
});

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
