import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_SCHEMA } from '../../../src/shared/config';
import { METRIC } from '../../../src/shared/metrics';
import { ACTIVATIONS, BACKENDS, DATASETS, LOSSES, MODELS, OPTIMIZERS, SCHEDULES } from '../../../src/shared/names';

type Schema = Record<string, any>;
const schema: Schema = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'schemas', 'losslab.schema.json'), 'utf8'));

function deref(s: Schema): Schema {
  if (typeof s.$ref !== 'string') return s;
  const m = /^#\/definitions\/(.+)$/.exec(s.$ref);
  assert.ok(m && schema.definitions[m[1]], `resolvable $ref ${s.$ref}`);
  return schema.definitions[m[1]];
}

/** The tag values of a union (allOf of if {tag: const} then {$ref}), checking each branch's shape on the way. */
function tags(union: Schema): string[] {
  const tag = union['x-tag'];
  assert.equal(typeof tag, 'string', 'the union names its tag');
  assert.ok(union.required.includes(tag), `'${tag}' is required`);
  assert.equal(union.oneOf, undefined, 'no oneOf: the editor would report a mistyped name against one branch');
  const values = union.allOf.map((b: Schema) => {
    assert.deepEqual(Object.keys(b), ['if', 'then']);
    assert.deepEqual(b.if.required, [tag]);
    const value = b.if.properties[tag].const;
    const branch = deref(b.then);
    assert.equal(branch.additionalProperties, false, `branch ${b.then.$ref} rejects unknown keys`);
    assert.equal(branch.properties[tag].const, value, `branch ${b.then.$ref} has the const ${tag} its condition tests`);
    return value;
  });
  assert.deepEqual(union.properties[tag].examples, values, `the ${tag} names are offered as examples (completion)`);
  assert.equal(union.properties[tag].enum, undefined, 'no enum on the tag: the editor would add its own error to ours');
  return values;
}

test('the schema is draft-07 and is the one the validator uses', () => {
  assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
  assert.deepEqual(CONFIG_SCHEMA, schema);
});

test('schema names and names.ts agree, in the same order', () => {
  const p = schema.properties;
  assert.deepEqual(tags(schema.definitions.lossArm), [...LOSSES]);
  assert.deepEqual(tags(p.data), [...DATASETS]);
  assert.deepEqual(tags(p.model), [...MODELS]);
  assert.deepEqual(tags(p.train.properties.optimizer), [...OPTIMIZERS]);
  assert.deepEqual(tags(p.train.properties.schedule), [...SCHEDULES]);
  assert.deepEqual(schema.definitions.activation.enum, [...ACTIVATIONS]);
  assert.deepEqual(p.backend.enum, [...BACKENDS]);
  assert.deepEqual(p.losses.items, { $ref: '#/definitions/lossArm' });
});

test('early stopping offers exactly the validation metrics the trainer computes', () => {
  const metric = schema.properties.train.properties.earlyStopping.properties.metric;
  assert.deepEqual(metric.enum, [METRIC.valLoss, METRIC.valAccuracy, METRIC.valR2, METRIC.valRmse]);
  assert.equal(metric.default, METRIC.valLoss);
});

test('every definition is used, and every branch of a union is a definition', () => {
  const text = JSON.stringify(schema);
  for (const name of Object.keys(schema.definitions)) assert.ok(text.includes(`"#/definitions/${name}"`), `definitions/${name} is referenced`);
});

test('every property has a description (hover text in the editor)', () => {
  const missing: string[] = [];
  const walk = (s: unknown, where: string): void => {
    if (Array.isArray(s)) return s.forEach((x, i) => walk(x, `${where}/${i}`));
    if (!s || typeof s !== 'object') return;
    const o = s as Schema;
    if (o.properties) {
      for (const [key, prop] of Object.entries(o.properties as Record<string, Schema>)) {
        const target = deref(prop);
        if (typeof prop.description !== 'string' && typeof target.description !== 'string') missing.push(`${where}/properties/${key}`);
      }
    }
    // An `if` is a condition (a union's tag test), not properties anyone hovers.
    for (const [k, v] of Object.entries(o)) if (k !== 'enum' && k !== 'default' && k !== 'examples' && k !== 'if') walk(v, `${where}/${k}`);
  };
  walk(schema, '#');
  assert.deepEqual(missing, []);
});
