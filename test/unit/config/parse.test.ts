import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateConfigText } from '../../../src/shared/config';
import { assertProblem, fixture, positionOf } from './helpers';

test('JSON with comments and trailing commas parses', () => {
  const f = fixture('commented.losslab.json');
  const { config, problems } = validateConfigText(f.text, f.file);
  assert.deepEqual(problems, []);
  assert.equal(config?.name, 'commented');
  assert.equal(config?.seed, 7);
  assert.equal((config?.data as { turns?: number } | undefined)?.turns, 1.5);
  assert.deepEqual(config?.losses.map((l) => [l.name, l.type]), [['cross-entropy', 'ce'], ['focal', 'focal']]);
  assert.equal(config?.losses[1].gamma, 3);
});

test('a JSON syntax error has its line and column', () => {
  const f = fixture('syntax-error.losslab.json');
  const { config, problems } = validateConfigText(f.text, f.file);
  assert.equal(config, undefined);
  assert.equal(problems.length, 1);
  // The comma is missing after the "data" line, so the parser stops at the next key.
  assertProblem(problems, f.text, '', { needle: '"losses"' }, "syntax error: ',' expected");
});

test('a YAML syntax error has its line and column', () => {
  const f = fixture('syntax-error.losslab.yaml');
  const { config, problems } = validateConfigText(f.text, f.file);
  assert.equal(config, undefined);
  assert.equal(problems.length, 1);
  const p = problems[0];
  assert.deepEqual([p.line, p.column, p.severity], [3, 1, 'error']);
  assert.equal(p.offset, f.text.indexOf('\t'));
  assert.match(p.message, /^syntax error: .*tab/i);
});

test('YAML problems are positioned at their nodes, keys and parent maps', () => {
  const text = ['name: y', 'data:', '  dataset: moons', '  pointz: 3', 'train:', '  schedule: { type: step }', '  epochs: -2', 'losses:', '  - type: ce', '  - name: second', '    type: mse', '    delta: 2', ''].join('\n');
  const { problems } = validateConfigText(text, 'exp.losslab.yml');
  assert.equal(problems.length, 4, JSON.stringify(problems));
  assertProblem(problems, text, 'data.pointz', { needle: 'pointz' }, /^unknown property 'pointz' in data; valid: dataset, points, noise, split, standardize$/);
  assertProblem(problems, text, 'train.schedule.stepSize', { needle: '{ type: step }' }, "missing required property 'stepSize' in train.schedule");
  assertProblem(problems, text, 'train.epochs', { needle: '-2' }, 'must be >= 1');
  assertProblem(problems, text, 'losses[1].delta', { needle: 'delta' }, "unknown property 'delta' in losses[1]; valid: name, type");
});

test('the file name decides the format', () => {
  const yaml = 'name: y\ndata: { dataset: iris }\nlosses: [{ type: ce }]\n';
  assert.ok(validateConfigText(yaml, 'a.losslab.yaml').config);
  assert.ok(validateConfigText(yaml, 'A.LOSSLAB.YML').config);
  const asJson = validateConfigText(yaml, 'a.losslab.json');
  assert.equal(asJson.config, undefined);
  assert.match(asJson.problems[0].message, /^syntax error/);
});

test('duplicate JSON keys are a warning; the config still resolves with the last value', () => {
  const text = '{\n  "name": "a",\n  "data": { "dataset": "iris" },\n  "name": "b",\n  "losses": [{ "type": "ce" }]\n}\n';
  const { config, problems } = validateConfigText(text, 'x.losslab.json');
  assert.equal(config?.name, 'b');
  assertProblem(problems, text, 'name', { needle: '"name"', nth: 1 }, "duplicate key 'name'; the last one wins", 'warning');
});

test('empty text is a syntax error at 1:1', () => {
  const { problems } = validateConfigText('', 'x.losslab.json');
  assert.deepEqual(problems.map((p) => [p.line, p.column, p.severity]), [[1, 1, 'error']]);
});

test('positions count lines after \\r\\n correctly', () => {
  const text = '{\r\n  "name": "x",\r\n  "data": { "dataset": "iris" },\r\n  "losses": [{ "type": "cee" }]\r\n}\r\n';
  const { problems } = validateConfigText(text, 'x.losslab.json');
  const p = problems[0];
  const offset = text.indexOf('"cee"');
  assert.deepEqual([p.line, p.column, p.offset], [4, offset - text.lastIndexOf('\n', offset), offset]);
  assert.deepEqual({ line: p.line }, { line: positionOf(text, '"cee"').line });
});
