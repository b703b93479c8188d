import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProblem, loadConfigFile, type ConfigProblem } from '../../../src/shared/config';
import { assertProblem, CONFIG_FIXTURES, fixture } from './helpers';

test('loadConfigFile resolves a csv path next to the config and checks that it exists', () => {
  const { config, problems } = loadConfigFile(join(CONFIG_FIXTURES, 'csv.losslab.json'));
  assert.deepEqual(problems, []);
  assert.equal((config?.data as { path: string }).path, join(CONFIG_FIXTURES, 'points.csv'));
  assert.deepEqual([config?.train.steps, config?.train.epochs, config?.train.batchSize], [50, undefined, 'full']);
});

test('loadConfigFile reports a missing csv file at data.path', () => {
  const f = fixture('csv-missing.losslab.json');
  const { config, problems } = loadConfigFile(f.file);
  assert.equal(config, undefined);
  assertProblem(problems, f.text, 'data.path', { needle: '"data/nowhere.csv"' }, `CSV file not found: ${join(CONFIG_FIXTURES, 'data', 'nowhere.csv')}`);
});

test('loadConfigFile on a missing config file is an error at 1:1', () => {
  const { config, problems } = loadConfigFile(join(CONFIG_FIXTURES, 'no-such.losslab.json'));
  assert.equal(config, undefined);
  assert.deepEqual(problems.map((p) => [p.line, p.column, p.severity, p.message]), [[1, 1, 'error', 'cannot read the config: file not found']]);
});

test('loadConfigFile ignores a byte-order mark', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'losslab-config-')), 'bom.losslab.json');
  writeFileSync(file, '\uFEFF{ "name": "bom", "data": { "dataset": "iris" }, "losses": [{ "type": "ce" }] }');
  assert.equal(loadConfigFile(file).config?.name, 'bom');
});

test('formatProblem prints file:line:column: message (warnings say so)', () => {
  const p: ConfigProblem = { message: 'must be >= 1', path: 'repeats', line: 3, column: 14, offset: 30, length: 1, severity: 'error' };
  assert.equal(formatProblem('exp.losslab.json', p), 'exp.losslab.json:3:14: must be >= 1');
  assert.equal(formatProblem('a/b.yaml', { ...p, severity: 'warning', message: 'duplicate key' }), 'a/b.yaml:3:14: warning: duplicate key');
  const f = fixture('schema-errors.losslab.json');
  const first = loadConfigFile(f.file).problems[0];
  assert.equal(formatProblem(f.file, first), `${f.file}:3:14: must be >= 1`);
});
