import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { squaredErrorTaylorglo } from '../../../src/shared/methods/taylorglo-invariant';
import { crossEntropyShape, SHAPE_P_MAX, SHAPE_P_MIN, shapeGrid, taylorgloShape } from '../../../src/shared/methods/taylorglo-shape';
import { initBackend } from '../../../src/trainer/backend';
import { taylorgloLoss } from '../../../src/trainer/methods/taylorglo-loss';

test.before(async () => {
  await initBackend('cpu');
});

function near(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}

/** The trainer's (float32) loss on a batch of probability rows `y` with one-hot labels `x`. */
function trainerLoss(params: readonly number[], y: number[][], x: number[][]): number {
  return tf.tidy(() => taylorgloLoss(params, tf.tensor2d(y), tf.tensor2d(x)).dataSync()[0]);
}

const VECTORS: number[][] = [
  [0, 0, 0, -1, 0, 2, 0, 0],
  [0.4, -0.7, 1.3, 0.2, -0.9, 1.1, 0.6, -0.35],
  [-1.5, 0.9, -2.2, 1.7, 0.8, -0.4, -1.3, 0.95],
  [2.1, 1.2, 0.5, -2.4, 1.9, 3.1, -0.6, 1.4],
];

test('grid: evenly spaced over [0.001, 0.999], ends included', () => {
  const g = shapeGrid(5);
  assert.equal(g.length, 5);
  assert.equal(g[0], SHAPE_P_MIN);
  assert.equal(g[4], SHAPE_P_MAX);
  near(g[2], 0.5, 1e-15, 'midpoint');
  assert.equal(shapeGrid().length, 100);
  assert.throws(() => shapeGrid(1));
});

test('target 1 / target 0 equal the trainer loss of one sample with one class (x = 1 or 0, y = p)', () => {
  const grid = [0.001, 0.03, 0.2, 0.5, 0.77, 0.999];
  for (const params of VECTORS) {
    const s = taylorgloShape(params, 10, grid);
    grid.forEach((p, i) => {
      near(s.target1[i], trainerLoss(params, [[p]], [[1]]), 1e-5, `target1 ${params} p=${p}`);
      near(s.target0[i], trainerLoss(params, [[p]], [[0]]), 1e-5, `target0 ${params} p=${p}`);
    });
  }
});

test('sample equals the trainer loss of one sample whose true class has p and the others share 1 − p', () => {
  const grid = [0.001, 0.1, 0.45, 0.9, 0.999];
  for (const n of [2, 3, 10]) {
    for (const params of VECTORS) {
      const s = taylorgloShape(params, n, grid);
      grid.forEach((p, i) => {
        // The true class is the third one when there are enough (any position gives the same loss).
        const t = Math.min(2, n - 1);
        const y = [Array.from({ length: n }, (_, c) => (c === t ? p : (1 - p) / (n - 1)))];
        const x = [Array.from({ length: n }, (_, c) => (c === t ? 1 : 0))];
        near(s.sample[i], trainerLoss(params, y, x), 1e-5, `sample n=${n} ${params} p=${p}`);
      });
    }
  }
  // A batch of such samples at different p: the trainer's mean equals the mean of the shape's values.
  const params = VECTORS[1];
  const s = taylorgloShape(params, 4, grid);
  const y = grid.map((p) => [(1 - p) / 3, p, (1 - p) / 3, (1 - p) / 3]);
  const x = grid.map(() => [0, 1, 0, 0]);
  near(trainerLoss(params, y, x), s.sample.reduce((a, b) => a + b, 0) / grid.length, 1e-5, 'batch mean');
});

test('closed forms: θ = (p0, p1, 2(p0 − p1), −1, 0, 2, 0, 0) gives (1 − p)² − (1 − p1)² and p² − p1²', () => {
  // −f(x, y) = (x − y)² − x² + 2·p1·x − p1², by hand.
  const grid = [0.001, 0.1, 0.25, 0.5, 0.9, 0.999];
  for (const [p0, p1] of [[0, 0], [0.3, 0.2], [-1.2, 0.8]]) {
    const s = taylorgloShape(squaredErrorTaylorglo(p0, p1), 3, grid);
    grid.forEach((p, i) => {
      near(s.target1[i], (1 - p) ** 2 - (1 - p1) ** 2, 1e-12, `target1 p0=${p0} p1=${p1} p=${p}`);
      near(s.target0[i], p * p - p1 * p1, 1e-12, `target0 p0=${p0} p1=${p1} p=${p}`);
      const q = (1 - p) / 2;
      near(s.sample[i], (1 - p) ** 2 - (1 - p1) ** 2 + 2 * (q * q - p1 * p1), 1e-12, `sample p0=${p0} p1=${p1} p=${p}`);
    });
  }
  // Hand-computed values.
  const a = taylorgloShape(squaredErrorTaylorglo(0.3, 0.2), 3, [0.25]);
  near(a.target1[0], -0.0775, 1e-12, '0.5625 − 0.64');
  near(a.target0[0], 0.0225, 1e-12, '0.0625 − 0.04');
  const b = taylorgloShape([0, 0, 0, -1, 0, 2, 0, 0], 10, [0.1]);
  near(b.target1[0], -0.19, 1e-12, 'p² − 2p at 0.1');
  near(b.target0[0], 0.01, 1e-12, 'p² at 0.1');
  // Single monomials: θ5 = 1 gives f = x·y (−p for the true class, 0 otherwise); θ4 = 1 gives f = y³.
  const xy = taylorgloShape([0, 0, 0, 0, 0, 1, 0, 0], 2, [0.3, 0.6]);
  assert.deepEqual(xy.target1.map((v) => Number(v.toFixed(12))), [-0.3, -0.6]);
  assert.deepEqual(xy.target0.map((v) => Math.abs(v)), [0, 0]);
  const cube = taylorgloShape([0, 0, 0, 0, 1, 0, 0, 0], 2, [0.5]);
  near(cube.target1[0], -0.125, 1e-15, '−p³');
  near(cube.target0[0], -0.125, 1e-15, '−p³');
});

test('cross-entropy reference is −log p; bad input throws', () => {
  const g = shapeGrid(3);
  assert.deepEqual(crossEntropyShape(g), g.map((p) => -Math.log(p)));
  near(crossEntropyShape([SHAPE_P_MIN])[0], 6.907755278982137, 1e-12, '−log 0.001');
  assert.throws(() => taylorgloShape([0, 0, 0], 3), /8 parameters/);
  assert.throws(() => taylorgloShape(VECTORS[0], 1), /nClasses/);
  assert.throws(() => taylorgloShape([0, 0, 0, 0, 0, NaN, 0, 0], 3), /p5/);
});
