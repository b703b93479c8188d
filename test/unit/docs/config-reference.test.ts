import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { END, START, renderReference } from '../../../scripts/config-reference';

const root = join(__dirname, '..', '..', '..');

test('the config reference in docs/config.md is generated from the current schema (run `npm run docs:config`)', () => {
  const schema = JSON.parse(readFileSync(join(root, 'schemas', 'losslab.schema.json'), 'utf8'));
  const readme = readFileSync(join(root, 'docs', 'config.md'), 'utf8');
  const inReadme = readme.slice(readme.indexOf(START), readme.indexOf(END) + END.length);
  assert.equal(inReadme, renderReference(schema));
});

test('the reference names every loss and dataset in the schema', () => {
  const schema = JSON.parse(readFileSync(join(root, 'schemas', 'losslab.schema.json'), 'utf8'));
  const reference = renderReference(schema);
  for (const def of Object.keys(schema.definitions)) {
    const m = /^(loss|dataset)\.(.+)$/.exec(def);
    if (m) assert.ok(reference.includes(`: "${m[2]}"\``), def);
  }
});
