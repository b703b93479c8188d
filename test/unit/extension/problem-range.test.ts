import assert from 'node:assert/strict';
import { test } from 'node:test';
import { problemRange } from '../../../src/extension/diagnostics/problem-range';
import { validateConfigText } from '../../../src/shared/config';

const problem = (offset: number, length: number, line = 1, column = 1) => ({ offset, length, line, column });

test('offset/length map to line/character, like the editor counts', () => {
  const text = '{\n  "seed": "x",\n  "losses": []\n}';
  const offset = text.indexOf('"x"');
  assert.deepEqual(problemRange(text, problem(offset, 3)), { start: { line: 1, character: 10 }, end: { line: 1, character: 13 } });
  const l = text.indexOf('"losses"');
  assert.deepEqual(problemRange(text, problem(l, 8)), { start: { line: 2, character: 2 }, end: { line: 2, character: 10 } });
});

test('CRLF and CR line ends', () => {
  const text = 'a\r\nbb\rccc\nd';
  const at = (offset: number) => problemRange(text, problem(offset, 0)).start;
  assert.deepEqual(at(text.indexOf('bb')), { line: 1, character: 0 });
  assert.deepEqual(at(text.indexOf('ccc') + 2), { line: 2, character: 2 });
  assert.deepEqual(at(text.indexOf('d')), { line: 3, character: 0 });
  assert.deepEqual(at(1), { line: 0, character: 1 });
});

test('UTF-16 code units: astral characters count twice', () => {
  const text = '{"name": "😀", "x": 1}';
  const off = text.indexOf('"x"');
  assert.deepEqual(problemRange(text, problem(off, 3)).start, { line: 0, character: off });
  assert.equal(off, 15, 'the emoji is two code units');
});

test('empty ranges widen to one character; ranges are clamped to the text', () => {
  const text = 'ab\ncd';
  assert.deepEqual(problemRange(text, problem(0, 0)), { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
  assert.deepEqual(problemRange(text, problem(2, 0)), { start: { line: 0, character: 2 }, end: { line: 0, character: 2 } }, 'not across the line end');
  assert.deepEqual(problemRange(text, problem(4, 100)), { start: { line: 1, character: 1 }, end: { line: 1, character: 2 } });
  assert.deepEqual(problemRange(text, problem(99, 1)), { start: { line: 1, character: 2 }, end: { line: 1, character: 2 } });
});

test('falls back to the 1-based line and column when the offset is missing', () => {
  const text = 'ab\ncdef';
  assert.deepEqual(problemRange(text, { offset: -1, length: 2, line: 2, column: 3 }), { start: { line: 1, character: 2 }, end: { line: 1, character: 4 } });
  assert.deepEqual(problemRange(text, { offset: Number.NaN, length: 0, line: 1, column: 1 }), { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } });
});

test('the validator\'s problems land on the offending tokens (JSON and YAML)', () => {
  const json = '{\n  "name": "x",\n  "data": { "dataset": "moons" },\n  "model": { "type": "mlp", "hidden": [8] },\n  "train": { "epochs": "many" },\n  "losses": [ { "name": "a", "type": "nosuchloss" } ]\n}\n';
  const { problems } = validateConfigText(json, '/w/x.losslab.json');
  const texts = problems.map((p) => {
    const r = problemRange(json, p);
    const lines = json.split('\n');
    assert.equal(r.start.line, r.end.line, 'a one-token problem stays on its line');
    return lines[r.start.line].slice(r.start.character, r.end.character);
  });
  assert.ok(texts.includes('"many"'), texts.join(' | '));
  assert.ok(texts.includes('"nosuchloss"'), texts.join(' | '));
  const yaml = 'name: x\ndata: { dataset: moons }\nmodel: { type: mlp, hidden: [8] }\nlosses:\n  - name: a\n    type: nosuchloss\n';
  const y = validateConfigText(yaml, '/w/x.losslab.yaml').problems.find((p) => /nosuchloss/.test(p.message));
  assert.ok(y);
  assert.deepEqual(problemRange(yaml, y), { start: { line: 5, character: 10 }, end: { line: 5, character: 20 } });
});
