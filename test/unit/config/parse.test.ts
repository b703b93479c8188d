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
  assertProblem(problems, text, 'data.pointz', { needle: 'pointz' }, /^unknown property 'pointz' in data; valid: dataset, points, noise, split, standardize, scale$/);
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

test('a duplicate key is an error at the second key, in the same words in JSON and YAML', () => {
  const json = '{\n  "name": "a",\n  "data": { "dataset": "iris" },\n  "name": "b",\n  "losses": [{ "type": "ce" }]\n}\n';
  const fromJson = validateConfigText(json, 'x.losslab.json');
  assert.equal(fromJson.config, undefined);
  assertProblem(fromJson.problems, json, 'name', { needle: '"name"', nth: 1 }, "duplicate key 'name' (first at line 2)");
  const yaml = 'name: a\ndata: { dataset: iris }\nname: b\nlosses:\n  - { type: ce, type: mse }\n';
  const fromYaml = validateConfigText(yaml, 'x.losslab.yaml');
  assert.equal(fromYaml.config, undefined);
  assert.equal(fromYaml.problems.length, 2, JSON.stringify(fromYaml.problems));
  assertProblem(fromYaml.problems, yaml, 'name', { needle: 'name', nth: 1 }, "duplicate key 'name' (first at line 1)");
  assertProblem(fromYaml.problems, yaml, 'losses[0].type', { needle: 'type', nth: 1 }, "duplicate key 'type' (first at line 5)");
});

/** `depth` nested arrays (or objects, with `open`/`close`) as the value of key `a`, after a name. */
function nested(format: 'json' | 'yaml', depth: number, open = '[', close = ']'): string {
  const inner = open.repeat(depth) + close.repeat(depth);
  return format === 'json' ? `{\n  "name": "deep",\n  "a": ${inner}\n}\n` : `name: deep\na: ${inner}\n`;
}

test('nesting past 64 levels is one error at the first bracket past the limit (JSON and YAML), not a stack overflow', () => {
  for (const [format, file] of [['json', 'x.losslab.json'], ['yaml', 'x.losslab.yaml']] as const) {
    for (const [open, close] of [['[', ']'], ['{"k": ', '}']]) {
      const text = nested(format, 10_000, open, close);
      const { config, problems } = validateConfigText(text, file);
      assert.equal(config, undefined);
      assert.equal(problems.length, 1, `${format} ${open}: ${JSON.stringify(problems)}`);
      // The root object is level 1, so the 64th bracket opens level 65.
      const needle = open.repeat(10_000 - 63) + close;
      assertProblem(problems, text, '', { needle, length: 1 }, 'too deeply nested: more than 64 levels of objects and arrays');
    }
    // 64 levels are fine as far as nesting goes (the schema then rejects the unknown key).
    const messages = validateConfigText(nested(format, 63), file).problems.map((p) => p.message);
    assert.ok(messages.some((m) => m.startsWith("unknown property 'a'")) && !messages.some((m) => /nested/.test(m)), messages.join('\n'));
  }
});

test('YAML block nesting past the limit is found without recursing', () => {
  const text = Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n';
  const { problems } = validateConfigText(text, 'x.losslab.yaml');
  assert.deepEqual(problems.map((p) => [p.line, p.column, p.message]), [[65, 65, 'too deeply nested: more than 64 levels of objects and arrays']]);
});

test('YAML aliases that nest past the limit, or refer to themselves, are the same error at the alias', () => {
  let chain = 'a0: &a0 []\n';
  for (let i = 1; i < 3000; i++) chain += `a${i}: &a${i} [*a${i - 1}]\n`;
  const message = 'too deeply nested: more than 64 levels of objects and arrays (through aliases)';
  const deep = validateConfigText(chain, 'x.losslab.yaml');
  assert.equal(deep.config, undefined);
  assert.equal(deep.problems.length, 1);
  assertProblem(deep.problems, chain, deep.problems[0].path, { needle: '*a62' }, message);
  const cycle = 'name: x\na: &a [*a]\n';
  const { problems } = validateConfigText(cycle, 'x.losslab.yaml');
  assert.equal(problems.length, 1);
  assertProblem(problems, cycle, problems[0].path, { needle: '*a' }, message);
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
