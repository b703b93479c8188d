import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfigText } from '../../../src/shared/config';
import { checkConfigData } from '../../../src/shared/data/check';
import { splitDataset, splitIndices, splitSizes } from '../../../src/trainer/data/split';
import type { RawDataset } from '../../../src/trainer/data/types';

const dir = mkdtempSync(join(tmpdir(), 'losslab-split-'));

function idDataset(n: number): RawDataset {
  return {
    name: 'ids', task: 'classification', featureNames: ['id'], nClasses: 2,
    x: Float32Array.from({ length: n }, (_, i) => i), y: Float32Array.from({ length: n }, (_, i) => i % 2), n, info: [],
  };
}

function splitFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

test('a published split file round-trips exactly: each split holds its listed rows in the listed order', () => {
  const published = { train: [7, 3, 9, 0, 5, 1], val: [8, 2], test: [6, 4] };
  const path = splitFile('published.json', published);
  const d = splitDataset(idDataset(10), { indices: path }, false, 123);
  assert.deepEqual(Array.from(d.train.x), published.train);
  assert.deepEqual(Array.from(d.val.x), published.val);
  assert.deepEqual(Array.from(d.test.x), published.test);
  assert.deepEqual(Array.from(d.train.y), published.train.map((i) => i % 2));
  assert.ok(d.info.includes(`split: 6 train / 2 val / 2 test rows (from ${path})`));
});

test('a seeded split written as a split file reproduces the same arrays', () => {
  const raw = idDataset(50);
  const seeded = splitIndices(50, { train: 0.6, val: 0.2 }, 4);
  const path = splitFile('seeded.json', { train: seeded.train, val: seeded.val, test: seeded.test });
  const a = splitDataset(raw, { train: 0.6, val: 0.2 }, true, 4);
  const b = splitDataset(raw, { indices: path }, true, 999);
  for (const k of ['train', 'val', 'test'] as const) assert.deepEqual(b[k], a[k]);
});

test('shuffle: false cuts the rows in file order', () => {
  const d = splitDataset(idDataset(20), { train: 0.5, val: 0.25, shuffle: false }, false, 3);
  assert.deepEqual(Array.from(d.train.x), Array.from({ length: 10 }, (_, i) => i));
  assert.deepEqual(Array.from(d.val.x), [10, 11, 12, 13, 14]);
  assert.deepEqual(Array.from(d.test.x), [15, 16, 17, 18, 19]);
  assert.ok(d.info.some((l) => l.endsWith('(file order)')));
});

test('val: 0 gives an empty validation split and says evaluations use the training split', () => {
  assert.deepEqual(splitSizes(10, { train: 0.8, val: 0 }), { train: 8, val: 0, test: 2 });
  assert.deepEqual(splitSizes(1, { train: 1, val: 0 }), { train: 1, val: 0, test: 0 });
  const d = splitDataset(idDataset(10), { train: 1, val: 0 }, false, 1);
  assert.equal(d.val.n, 0);
  assert.equal(d.train.n, 10);
  assert.ok(d.info.includes('no validation split: evaluations (val/*) use the training split'));
  const text = JSON.stringify({ name: 'x', data: { dataset: 'moons', split: { train: 1, val: 0 } }, losses: [{ type: 'ce' }] });
  assert.deepEqual(validateConfigText(text, '/x/a.losslab.json').problems, []);
});

test('split file errors name the file: range, overlap, coverage, shape', () => {
  const raw = idDataset(6);
  const cases: [unknown, RegExp][] = [
    [{ train: [0, 1, 2, 3], val: [4], test: [6] }, /: test\[0\] = 6 is out of range; the dataset has 6 rows \(indices 0 to 5\)$/],
    [{ train: [0, 1, 2, 3], val: [3, 4], test: [5] }, /: row 3 is in both "train" and "val"; the lists must not overlap$/],
    [{ train: [0, 1, 1, 2, 3], val: [4], test: [5] }, /: row 1 is twice in "train"/],
    [{ train: [0, 1, 2], val: [4] }, /: 2 rows of 6 are in no list \(3, 5\); every row must be in train, val or test$/],
    [{ train: [0, 1.5], val: [] }, /: train\[1\] is 1\.5; row indices are integers ≥ 0$/],
    [{ train: [], val: [0] }, /: the "train" list is empty$/],
    [{ training: [0] }, /: unknown key 'training'; valid: train, val, test$/],
    ['[1, 2', /: not valid JSON/],
  ];
  cases.forEach(([content, message], i) => {
    const path = splitFile(`bad${i}.json`, content);
    assert.throws(() => splitDataset(raw, { indices: path }, false, 0), (e: Error) => {
      assert.equal(e.name, 'DataError');
      assert.ok(e.message.startsWith(`split file ${path}: `), e.message);
      assert.match(e.message, message);
      return true;
    });
  });
});

test('config: the split file resolves relative to the config, replaces the fractions, and must exist', () => {
  const config = join(dir, 'exp.losslab.json');
  const text = JSON.stringify({ name: 'x', data: { dataset: 'moons', split: { indices: './published.json' } }, losses: [{ type: 'ce' }] });
  const r = validateConfigText(text, config, { fileExists: () => true });
  assert.deepEqual(r.problems, []);
  assert.deepEqual(r.config?.data.split, { indices: join(dir, 'published.json') });
  const missing = validateConfigText(text, config, { fileExists: () => false }).problems;
  assert.deepEqual(missing.map((p) => [p.path, p.message]), [['data.split.indices', `split file not found: ${join(dir, 'published.json')}`]]);
  const mixed = JSON.stringify({ name: 'x', data: { dataset: 'moons', split: { indices: 'a.json', shuffle: false } }, losses: [{ type: 'ce' }] });
  assert.deepEqual(validateConfigText(mixed, config).problems.map((p) => p.path), ['data.split.shuffle']);
});

test('the CLI data check reads a CSV split file against the CSV rows', () => {
  const csv = join(dir, 'points.csv');
  writeFileSync(csv, 'x,y\n1,2\n2,3\n3,5\n4,4\n');
  const check = (indices: string) =>
    checkConfigData({ data: { dataset: 'csv', path: csv, target: 'y', task: 'regression', split: { indices }, standardize: false } } as never);
  assert.deepEqual(check(splitFile('csv-ok.json', { train: [0, 1], val: [2], test: [3] })), { problems: [], nClasses: 1 });
  const bad = splitFile('csv-bad.json', { train: [0, 1], val: [2], test: [4] });
  assert.deepEqual(check(bad).problems, [`split file ${bad}: test[0] = 4 is out of range; the dataset has 4 rows (indices 0 to 3)`]);
});

test('data.scale divides the inputs (not the targets) before standardisation', async () => {
  const { loadDataset } = await import('../../../src/trainer/data');
  const cfg = { dataset: 'digits', split: { train: 0.7, val: 0.15 }, standardize: false };
  const plain = loadDataset(cfg, 1);
  const scaled = loadDataset({ ...cfg, scale: 16 }, 1);
  assert.deepEqual(scaled.train.y, plain.train.y);
  plain.train.x.forEach((v, i) => assert.equal(scaled.train.x[i], Math.fround(v / 16)));
  assert.ok(Math.max(...scaled.train.x) <= 1);
  assert.ok(scaled.info.includes('features divided by 16'));
  const both = loadDataset({ ...cfg, scale: 16, standardize: true }, 1);
  const std = loadDataset({ ...cfg, standardize: true }, 1);
  both.train.x.forEach((v, i) => assert.ok(Math.abs(v - std.train.x[i]) < 1e-4));
  const text = JSON.stringify({ name: 'x', data: { dataset: 'digits', scale: 16, standardize: false }, losses: [{ type: 'ce' }] });
  const r = validateConfigText(text, '/x/a.losslab.json');
  assert.deepEqual(r.problems, []);
  assert.equal(r.config?.data.scale, 16);
  assert.deepEqual(validateConfigText(text.replace('16', '0'), '/x/a.losslab.json').problems.map((p) => p.path), ['data.scale']);
});
