import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DATASETS, SYNTHETIC_CLASSIFICATION_DATASETS, SYNTHETIC_REGRESSION_DATASETS } from '../../../src/shared/names';
import { DataError, loadDataset, LOADABLE_DATASETS } from '../../../src/trainer/data';
import { BLOB_BOX } from '../../../src/trainer/data/synthetic-classification';
import { friedman1Target } from '../../../src/trainer/data/synthetic-regression';
import { allRows, column, counts, dataConfig, mean } from './helpers';

const PARAMS: Record<string, Record<string, unknown>> = {
  spirals: { classes: 3, pointsPerClass: 100, turns: 1.25, noise: 0.2 },
  moons: { points: 201, noise: 0.1 },
  circles: { points: 200, noise: 0.05, factor: 0.5 },
  blobs: { classes: 4, points: 302, features: 3, spread: 1 },
  xor: { points: 400, noise: 0.05 },
  sine: { points: 200, noise: 0.1, periods: 2 },
  friedman1: { points: 200, features: 10, noise: 1 },
  linearOutliers: { points: 200, features: 3, noise: 0.1, outlierFraction: 0.1, outlierScale: 20 },
};

test('loadDataset knows exactly the dataset names of src/shared/names.ts', () => {
  assert.deepEqual([...LOADABLE_DATASETS].sort(), [...DATASETS].sort());
  assert.throws(() => loadDataset(dataConfig('nope'), 1), (e: Error) => e instanceof DataError && /unknown dataset 'nope'; valid datasets: spirals/.test(e.message));
});

for (const name of [...SYNTHETIC_CLASSIFICATION_DATASETS, ...SYNTHETIC_REGRESSION_DATASETS]) {
  test(`${name}: the same seed gives identical arrays, another seed differs`, () => {
    const a = loadDataset(dataConfig(name, PARAMS[name]), 7);
    const b = loadDataset(dataConfig(name, PARAMS[name]), 7);
    const c = loadDataset(dataConfig(name, PARAMS[name]), 8);
    for (const s of ['train', 'val', 'test'] as const) {
      assert.deepEqual(a[s].x, b[s].x);
      assert.deepEqual(a[s].y, b[s].y);
    }
    assert.notDeepEqual(a.train.x, c.train.x);
  });
}

test('parameters are checked with a message naming the dataset and parameter', () => {
  assert.throws(() => loadDataset(dataConfig('spirals', { ...PARAMS.spirals, classes: 1 }), 1), /dataset 'spirals': parameter 'classes' must be an integer ≥ 2 \(got 1\)/);
  assert.throws(() => loadDataset(dataConfig('friedman1', { ...PARAMS.friedman1, features: 4 }), 1), /parameter 'features' must be an integer ≥ 5/);
  assert.throws(() => loadDataset(dataConfig('moons', { noise: 0.1 }), 1), /parameter 'points' must be an integer ≥ 2 \(missing\)/);
});

test('spirals: shape, balance, radii evenly spaced in [0, 1], each label on its own arm', () => {
  const p = { classes: 3, pointsPerClass: 50, turns: 1.5, noise: 0 };
  const d = loadDataset(dataConfig('spirals', p), 1);
  const all = allRows(d);
  assert.equal(d.nFeatures, 2);
  assert.equal(d.nClasses, 3);
  assert.equal(all.n, 150);
  assert.deepEqual(counts(all.y, 3), [50, 50, 50]);
  const radii: number[] = [];
  for (let i = 0; i < all.n; i++) {
    const [x, y] = [all.x[2 * i], all.x[2 * i + 1]];
    const r = Math.hypot(x, y);
    radii.push(r);
    assert.ok(r <= 1 + 1e-6);
    if (r < 1e-3) continue;
    // Noise-free: θ − 2π·turns·r must be the arm's offset 2πk/C (mod 2π).
    const offset = Math.atan2(y, x) - 2 * Math.PI * p.turns * r - (2 * Math.PI * all.y[i]) / 3;
    const wrapped = Math.atan2(Math.sin(offset), Math.cos(offset));
    assert.ok(Math.abs(wrapped) < 1e-3, `row ${i}: angle off its arm by ${wrapped}`);
  }
  const sorted = radii.sort((a, b) => a - b);
  assert.ok(sorted[0] < 1e-6 && Math.abs(sorted[sorted.length - 1] - 1) < 1e-6);
  // With angle noise the radius is untouched.
  const noisy = allRows(loadDataset(dataConfig('spirals', { ...p, noise: 0.5 }), 1));
  const noisyRadii = Array.from({ length: noisy.n }, (_, i) => Math.hypot(noisy.x[2 * i], noisy.x[2 * i + 1])).sort((a, b) => a - b);
  noisyRadii.forEach((r, i) => assert.ok(Math.abs(r - sorted[i]) < 1e-5));
});

test('moons: halves of ⌊n/2⌋ and the rest; noise-free points lie on the two half circles', () => {
  const d = loadDataset(dataConfig('moons', { points: 201, noise: 0 }), 1);
  const all = allRows(d);
  assert.deepEqual(counts(all.y, 2), [100, 101]);
  for (let i = 0; i < all.n; i++) {
    const [x, y] = [all.x[2 * i], all.x[2 * i + 1]];
    if (all.y[i] === 0) {
      assert.ok(Math.abs(Math.hypot(x, y) - 1) < 1e-5 && y >= -1e-6);
    } else {
      assert.ok(Math.abs(Math.hypot(x - 1, y - 0.5) - 1) < 1e-5 && y <= 0.5 + 1e-6);
    }
  }
  const noisy = allRows(loadDataset(dataConfig('moons', { points: 400, noise: 0.1 }), 1));
  const dev = Array.from({ length: noisy.n }, (_, i) => {
    const [x, y] = [noisy.x[2 * i], noisy.x[2 * i + 1]];
    return noisy.y[i] === 0 ? Math.hypot(x, y) - 1 : Math.hypot(x - 1, y - 0.5) - 1;
  });
  const rms = Math.sqrt(mean(dev.map((v) => v * v)));
  assert.ok(rms > 0.05 && rms < 0.15, `distance to the circles ~ noise, got rms ${rms}`);
});

test('circles: outer radius 1 and inner radius factor, balanced', () => {
  const all = allRows(loadDataset(dataConfig('circles', { points: 200, noise: 0, factor: 0.3 }), 1));
  assert.deepEqual(counts(all.y, 2), [100, 100]);
  for (let i = 0; i < all.n; i++) {
    const r = Math.hypot(all.x[2 * i], all.x[2 * i + 1]);
    assert.ok(Math.abs(r - (all.y[i] === 0 ? 1 : 0.3)) < 1e-5, `row ${i}: radius ${r}`);
  }
});

test('blobs: classes shared out evenly, clustered around centres inside the box with std ≈ spread', () => {
  const d = loadDataset(dataConfig('blobs', { classes: 4, points: 2002, features: 3, spread: 0.5 }), 1);
  const all = allRows(d);
  assert.equal(d.nFeatures, 3);
  assert.deepEqual(counts(all.y, 4), [501, 501, 500, 500]);
  for (let k = 0; k < 4; k++) {
    const rows = Array.from({ length: all.n }, (_, i) => i).filter((i) => all.y[i] === k);
    for (let j = 0; j < 3; j++) {
      const v = rows.map((i) => all.x[i * 3 + j]);
      const m = mean(v);
      assert.ok(Math.abs(m) < BLOB_BOX + 0.2, `centre ${m} outside the box`);
      const s = Math.sqrt(mean(v.map((a) => (a - m) ** 2)));
      assert.ok(Math.abs(s - 0.5) < 0.06, `class ${k} feature ${j}: std ${s}`);
    }
  }
});

test('xor: inputs in [−1, 1]², label 1 exactly when x1·x2 > 0 (noise-free), roughly balanced', () => {
  const all = allRows(loadDataset(dataConfig('xor', { points: 1000, noise: 0 }), 1));
  for (let i = 0; i < all.n; i++) {
    const [a, b] = [all.x[2 * i], all.x[2 * i + 1]];
    assert.ok(Math.abs(a) <= 1 && Math.abs(b) <= 1);
    assert.equal(all.y[i], a * b > 0 ? 1 : 0);
  }
  const ones = counts(all.y, 2)[1];
  assert.ok(ones > 430 && ones < 570, `class 1 has ${ones} of 1000`);
});

test('sine: x within ±π·periods and y = sin x with noise 0', () => {
  const d = loadDataset(dataConfig('sine', { points: 300, noise: 0, periods: 3 }), 1);
  const all = allRows(d);
  assert.equal(d.task, 'regression');
  assert.equal(d.nClasses, 1);
  for (let i = 0; i < all.n; i++) {
    assert.ok(Math.abs(all.x[i]) <= 3 * Math.PI + 1e-5);
    assert.ok(Math.abs(all.y[i] - Math.sin(all.x[i])) < 1e-5);
  }
  assert.ok(Math.max(...all.x) > 2.5 * Math.PI, 'x covers the range');
});

test('friedman1: inputs in [0, 1], y matches the formula with noise 0 and extra features do not matter', () => {
  const d = loadDataset(dataConfig('friedman1', { points: 200, features: 7, noise: 0 }), 1);
  const all = allRows(d);
  assert.equal(d.nFeatures, 7);
  for (let i = 0; i < all.n; i++) {
    const row = Array.from(all.x.subarray(i * 7, i * 7 + 7));
    assert.ok(row.every((v) => v >= 0 && v <= 1));
    const [x1, x2, x3, x4, x5] = row;
    const expected = 10 * Math.sin(Math.PI * x1 * x2) + 20 * (x3 - 0.5) ** 2 + 10 * x4 + 5 * x5;
    assert.ok(Math.abs(all.y[i] - expected) < 1e-4, `row ${i}: ${all.y[i]} vs ${expected}`);
  }
  assert.equal(friedman1Target([0.5, 1, 0.5, 0, 0, 0.9]), 10);
});

test('linearOutliers: the outlier fraction of targets is off the linear fit by ≈ outlierScale', () => {
  const p = { points: 400, features: 2, noise: 0, outlierFraction: 0.1, outlierScale: 50 };
  const d = loadDataset(dataConfig('linearOutliers', p), 1);
  const all = allRows(d);
  assert.equal(d.nFeatures, 2);
  // An ordinary least-squares fit on all rows is pulled a little by the outliers, but their
  // residuals stay near ±50 and the inliers' near 0.
  const x1 = column(all.x, 2, 0);
  const x2 = column(all.x, 2, 1);
  const { w1, w2, b } = leastSquares(x1, x2, all.y);
  const big = Array.from(all.y, (y, i) => y - (w1 * x1[i] + w2 * x2[i] + b)).filter((r) => Math.abs(r) > 25);
  assert.equal(big.length, 40);
  assert.ok(big.every((r) => Math.abs(Math.abs(r) - 50) < 10));
  assert.ok(big.some((r) => r > 0) && big.some((r) => r < 0), 'outliers shifted both ways');
});

/** Ordinary least squares for y ≈ w1 x1 + w2 x2 + b (normal equations, 3 × 3). */
function leastSquares(x1: Float32Array, x2: Float32Array, y: Float32Array): { w1: number; w2: number; b: number } {
  const cols = [x1, x2, Float32Array.from(x1, () => 1)];
  const a = cols.map((ci) => cols.map((cj) => ci.reduce((s, v, k) => s + v * cj[k], 0)));
  const r = cols.map((ci) => ci.reduce((s, v, k) => s + v * y[k], 0));
  for (let i = 0; i < 3; i++) {
    for (let k = i + 1; k < 3; k++) {
      const f = a[k][i] / a[i][i];
      for (let j = i; j < 3; j++) a[k][j] -= f * a[i][j];
      r[k] -= f * r[i];
    }
  }
  const w = [0, 0, 0];
  for (let i = 2; i >= 0; i--) w[i] = (r[i] - a[i].slice(i + 1).reduce((s, v, j) => s + v * w[i + 1 + j], 0)) / a[i][i];
  return { w1: w[0], w2: w[1], b: w[2] };
}
