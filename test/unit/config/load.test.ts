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

test('loadConfigFile reports the first byte that is not UTF-8 at its line and column', () => {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-config-'));
  const file = join(dir, 'latin1.losslab.yaml');
  // "é" is valid UTF-8 (one UTF-16 column); 0xE9 alone is Latin-1 for "é" and not UTF-8.
  writeFileSync(file, Buffer.concat([Buffer.from('name: café\ndata: { dataset: iris }\n# r'), Buffer.from([0xe9]), Buffer.from('sum\nlosses: [{ type: ce }]\n')]));
  const { config, problems } = loadConfigFile(file);
  assert.equal(config, undefined);
  assert.deepEqual(problems.map((p) => [p.line, p.column, p.severity]), [[3, 4, 'error']]);
  assert.equal(problems[0].message, 'the config is not valid UTF-8: byte 0xe9 is not part of a character; save the file as UTF-8');
  // A multi-byte character cut short is reported at its first byte.
  const cut = join(dir, 'cut.losslab.json');
  writeFileSync(cut, Buffer.concat([Buffer.from('{ "name": "€'), Buffer.from([0xe2, 0x82]), Buffer.from('" }')]));
  assert.deepEqual(loadConfigFile(cut).problems.map((p) => [p.line, p.column, p.offset]), [[1, 13, 12]]);
});

test('formatProblem prints file:line:column: message (warnings say so)', () => {
  const p: ConfigProblem = { message: 'must be >= 1', path: 'repeats', line: 3, column: 14, offset: 30, length: 1, severity: 'error' };
  assert.equal(formatProblem('exp.losslab.json', p), 'exp.losslab.json:3:14: must be >= 1');
  assert.equal(formatProblem('a/b.yaml', { ...p, severity: 'warning', message: 'unused key' }), 'a/b.yaml:3:14: warning: unused key');
  const f = fixture('schema-errors.losslab.json');
  const first = loadConfigFile(f.file).problems[0];
  assert.equal(formatProblem(f.file, first), `${f.file}:3:14: must be >= 1`);
});
