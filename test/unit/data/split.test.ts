import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDataset } from '../../../src/trainer/data';
import { splitDataset, splitSizes } from '../../../src/trainer/data/split';
import type { RawDataset } from '../../../src/trainer/data/types';
import { column, mean, std } from './helpers';

/** n rows whose single feature is the row id, so splits can be traced back. */
function idDataset(n: number, task: 'classification' | 'regression' = 'classification'): RawDataset {
  return {
    name: 'ids',
    task,
    featureNames: ['id'],
    nClasses: task === 'classification' ? 2 : 1,
    x: Float32Array.from({ length: n }, (_, i) => i),
    y: Float32Array.from({ length: n }, (_, i) => (task === 'classification' ? i % 2 : 3 * i + 100)),
    n,
    info: [],
  };
}

test('split sizes follow the fractions, sum to n, and keep a row in train and val', () => {
  assert.deepEqual(splitSizes(100, { train: 0.7, val: 0.15 }), { train: 70, val: 15, test: 15 });
  assert.deepEqual(splitSizes(10, { train: 0.8, val: 0.2 }), { train: 8, val: 2, test: 0 });
  assert.deepEqual(splitSizes(7, { train: 0.5, val: 0.5 }), { train: 4, val: 3, test: 0 });
  assert.deepEqual(splitSizes(2, { train: 0.9, val: 0.05 }), { train: 1, val: 1, test: 0 });
  assert.deepEqual(splitSizes(3, { train: 0.01, val: 0.01 }), { train: 1, val: 1, test: 1 });
  for (let n = 2; n < 60; n++) {
    const s = splitSizes(n, { train: 0.6, val: 0.3 });
    assert.equal(s.train + s.val + s.test, n);
    assert.ok(s.train >= 1 && s.val >= 1 && s.test >= 0);
  }
  assert.throws(() => splitSizes(1, { train: 0.5, val: 0.5 }), /1 row; a train and a validation split need at least 2/);
  assert.throws(() => splitSizes(10, { train: 0.8, val: 0.3 }), /train \+ val ≤ 1/);
});

test('splits are disjoint, cover every row, and are shuffled by the seed', () => {
  const raw = idDataset(200);
  const d = splitDataset(raw, { train: 0.6, val: 0.2 }, false, 5);
  assert.deepEqual([d.train.n, d.val.n, d.test.n], [120, 40, 40]);
  const ids = [...d.train.x, ...d.val.x, ...d.test.x];
  assert.equal(new Set(ids).size, 200);
  assert.deepEqual([...ids].sort((a, b) => a - b), Array.from({ length: 200 }, (_, i) => i));
  // Labels travel with their rows.
  for (const s of [d.train, d.val, d.test]) s.x.forEach((id, i) => assert.equal(s.y[i], id % 2));
  assert.notDeepEqual(Array.from(d.train.x.subarray(0, 20)), Array.from({ length: 20 }, (_, i) => i), 'shuffled');
  const again = splitDataset(raw, { train: 0.6, val: 0.2 }, false, 5);
  assert.deepEqual(again.train.x, d.train.x);
  const other = splitDataset(raw, { train: 0.6, val: 0.2 }, false, 6);
  assert.notDeepEqual(other.train.x, d.train.x);
});

test('standardisation uses train statistics only: train mean 0 / std 1, val and test not exactly', () => {
  const d = loadDataset({ dataset: 'blobs', classes: 3, points: 300, features: 4, spread: 2, split: { train: 0.5, val: 0.25 }, standardize: true }, 9);
  for (let j = 0; j < 4; j++) {
    const tr = column(d.train.x, 4, j);
    assert.ok(Math.abs(mean(tr)) < 1e-5, `train mean ${mean(tr)}`);
    assert.ok(Math.abs(std(tr) - 1) < 1e-5, `train std ${std(tr)}`);
    const va = column(d.val.x, 4, j);
    assert.ok(Math.abs(mean(va)) > 1e-4 || Math.abs(std(va) - 1) > 1e-4, 'val is scaled by train statistics, not its own');
  }
  const raw = loadDataset({ dataset: 'blobs', classes: 3, points: 300, features: 4, spread: 2, split: { train: 0.5, val: 0.25 }, standardize: false }, 9);
  // Same rows, same order: standardised = (raw − train mean) / train std.
  const j = 2;
  const m = mean(column(raw.train.x, 4, j));
  const s = std(column(raw.train.x, 4, j));
  raw.val.x.forEach((v, k) => {
    if (k % 4 === j) assert.ok(Math.abs((v - m) / s - d.val.x[k]) < 1e-4);
  });
  assert.equal(d.targetScale, undefined);
});

test('a zero-variance feature is centred with std 1 instead of dividing by zero', () => {
  const raw = idDataset(50);
  raw.featureNames = ['id', 'constant'];
  raw.x = Float32Array.from({ length: 100 }, (_, k) => (k % 2 === 0 ? k / 2 : 7));
  const d = splitDataset(raw, { train: 0.8, val: 0.2 }, true, 1);
  assert.ok(column(d.train.x, 2, 1).every((v) => v === 0));
  assert.ok(column(d.val.x, 2, 1).every((v) => v === 0));
});

test('regression targets are standardised with train statistics and targetScale records them', () => {
  const raw = idDataset(100, 'regression');
  const plain = splitDataset(raw, { train: 0.7, val: 0.15 }, false, 2);
  const d = splitDataset(raw, { train: 0.7, val: 0.15 }, true, 2);
  assert.ok(d.targetScale);
  assert.ok(Math.abs(d.targetScale.mean - mean(plain.train.y)) < 1e-3);
  assert.ok(Math.abs(d.targetScale.std - std(plain.train.y)) < 1e-3);
  assert.ok(Math.abs(mean(d.train.y)) < 1e-5 && Math.abs(std(d.train.y) - 1) < 1e-5);
  d.test.y.forEach((v, i) => assert.ok(Math.abs(v * d.targetScale!.std + d.targetScale!.mean - plain.test.y[i]) < 1e-3));
  assert.equal(plain.targetScale, undefined);
  assert.ok(d.info.some((l) => l.startsWith('target standardised')));
});
