// Cross-entropy on logits: equals −log softmax of the true class, stable for logits ~1e3, and the
// max-subtraction inside logSumExp contributes nothing to first or second derivatives.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
// Stock gradients (tfjs-core's node bundle registers none); imported after tfjs-core so its engine exists first.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { initBackend } from '../../../src/trainer/backend';
import { getLoss, logSumExp, softmax, type LossContext } from '../../../src/trainer/losses';

before(async () => {
  await initBackend('cpu');
});

const CTX: LossContext = { task: 'classification', nClasses: 3, step: 0, epoch: 0 };
const ce = getLoss('ce').create({});
const ceOf = (y: tf.Tensor2D) => (z: tf.Tensor) => ce(z as tf.Tensor2D, y, CTX);

/** float64 log-softmax via logSumExp with the max subtracted. */
const logSoftmax64 = (z: number[]): number[] => {
  const m = Math.max(...z);
  const lse = m + Math.log(z.reduce((a, v) => a + Math.exp(v - m), 0));
  return z.map((v) => v - lse);
};
const softmax64 = (z: number[]): number[] => logSoftmax64(z).map(Math.exp);

/** H·v of the mean CE over rows, analytically: (diag(p) − p pᵀ) v / n per row. */
function analyticHvp(z: number[][], v: number[][]): number[] {
  return z.flatMap((row, i) => {
    const p = softmax64(row);
    const pv = p.reduce((a, pj, j) => a + pj * v[i][j], 0);
    return p.map((pj, j) => (pj * v[i][j] - pj * pv) / z.length);
  });
}

function hvp(f: (z: tf.Tensor) => tf.Scalar, z: tf.Tensor2D, v: tf.Tensor2D): Float32Array {
  const r = tf.tidy(() => tf.grad((zz: tf.Tensor) => tf.sum(tf.mul(tf.grad(f)(zz), v)))(z));
  const out = r.dataSync() as Float32Array;
  r.dispose();
  return out;
}

/** True when the registered gradients make d²/dx² exp(x) right (the backend's second-order fixes). */
function secondOrderExpFixed(): boolean {
  try {
    const d2 = tf.tidy(() => tf.grad(tf.grad((x: tf.Tensor) => tf.exp(x)))(tf.scalar(0.5)).dataSync()[0]);
    return Math.abs(d2 - Math.exp(0.5)) < 1e-5;
  } catch {
    return false;
  }
}

test('ce equals −log softmax(z)[true class], per row', () => {
  const z = [[2, -1, 0.5], [0, 0, 0], [-3, 4, 1]];
  const labels = [0, 2, 1];
  const y = labels.map((l) => [0, 1, 2].map((j) => (j === l ? 1 : 0)));
  const per = tf.tidy(() => getLoss('ce').createPerSample({})(tf.tensor2d(z), tf.tensor2d(y), CTX).dataSync());
  labels.forEach((l, i) => assert.ok(Math.abs(per[i] + logSoftmax64(z[i])[l]) < 1e-6, `row ${i}: ${per[i]}`));
});

test('ce is finite and exact for logits ~1e3, and so is its gradient (softmax − y)/n', () => {
  const z = [[1000, 1001, 999], [-1000, 1000, 0], [1000, 0, 0]];
  const y = [[1, 0, 0], [1, 0, 0], [1, 0, 0]];
  const zt = tf.tensor2d(z);
  const yt = tf.tensor2d(y);
  const value = tf.tidy(() => ce(zt, yt, CTX).dataSync()[0]);
  const expected = -(logSoftmax64(z[0])[0] + logSoftmax64(z[1])[0] + logSoftmax64(z[2])[0]) / 3;
  assert.ok(Number.isFinite(value));
  assert.ok(Math.abs(value - expected) < 1e-4 * expected, `${value} vs ${expected}`);
  const g = tf.tidy(() => tf.grad(ceOf(yt))(zt).dataSync());
  const expectedGrad = z.flatMap((row, i) => softmax64(row).map((p, j) => (p - y[i][j]) / 3));
  expectedGrad.forEach((e, k) => assert.ok(Math.abs(g[k] - e) < 1e-6, `grad[${k}] ${g[k]} vs ${e}`));
  const lse = tf.tidy(() => logSumExp(zt).dataSync());
  z.forEach((row, i) => assert.ok(Math.abs(lse[i] - (row[0] - logSoftmax64(row)[0])) < 1e-3));
  const p = tf.tidy(() => softmax(zt).dataSync());
  z.flatMap(softmax64).forEach((e, k) => assert.ok(Math.abs(p[k] - e) < 1e-6));
  tf.dispose([zt, yt]);
});

test('the subtracted max adds nothing at second order: H·v equals that of the unshifted logSumExp', () => {
  // Logits small enough for the naive log Σ exp(z); both forms share every other op, so any gradient
  // leaking through the max would show up as a difference (or an error).
  const z = tf.tensor2d([[0.3, -1.2, 2.1], [1.7, 0.05, -0.4]]);
  const y = tf.tensor2d([[0, 0, 1], [1, 0, 0]]);
  const v = tf.tensor2d([[1, -0.5, 0.25], [0.3, 2, -1]]);
  const naive = (zz: tf.Tensor) => tf.mean(tf.sub(tf.log(tf.sum(tf.exp(zz), 1)), tf.sum(tf.mul(y, zz), 1))) as tf.Scalar;
  const mine = hvp(ceOf(y), z, v);
  const ref = hvp(naive, z, v);
  ref.forEach((r, k) => assert.ok(Math.abs(mine[k] - r) < 1e-6, `[${k}] ${mine[k]} vs ${r}`));
  tf.dispose([z, y, v]);
});

test('ce Hessian-vector product matches (diag(p) − ppᵀ)v, including at logits ~1e3', (t) => {
  if (!secondOrderExpFixed()) t.todo('needs the backend second-order fix for Exp (stock tfjs drops its second derivative)');
  const zs = [[[0.3, -1.2, 2.1], [1.7, 0.05, -0.4]], [[1000, 1001, 999], [-1000, 1000, 0.5]]];
  const v = [[1, -0.5, 0.25], [0.3, 2, -1]];
  for (const z of zs) {
    const zt = tf.tensor2d(z);
    const yt = tf.tensor2d([[0, 0, 1], [1, 0, 0]]);
    const vt = tf.tensor2d(v);
    const got = hvp(ceOf(yt), zt, vt);
    analyticHvp(z, v).forEach((e, k) => assert.ok(Math.abs(got[k] - e) < 1e-6, `[${k}] ${got[k]} vs ${e}`));
    tf.dispose([zt, yt, vt]);
  }
});
