// Gradients of every loss (mean and per-sample forms) against central finite differences of a
// float64 plain-JS reference written from the definitions.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
// Stock gradients (tfjs-core's node bundle registers none); imported after tfjs-core so its engine exists first.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { initBackend } from '../../../src/trainer/backend';
import { getLoss, type LossContext } from '../../../src/trainer/losses';

before(async () => {
  await initBackend('cpu');
});

type Rows = number[][];
/** Per-sample reference loss in float64. */
type Ref = (z: Rows, y: Rows) => number[];

const softmax64 = (z: number[]): number[] => {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};
const sum = (a: number[]): number => a.reduce((x, y) => x + y, 0);
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
const trueClass = (y: number[]): number => y.indexOf(1);

/** Element-wise regression reference, applied to softmax(z) on classification. */
const elementwise = (f: (r: number) => number, classification: boolean): Ref => (z, y) =>
  z.map((row, i) => {
    const p = classification ? softmax64(row) : row;
    return sum(p.map((v, j) => f(v - y[i][j])));
  });
const sq = (r: number) => r * r;
const huber = (d: number) => (r: number) => (Math.abs(r) <= d ? 0.5 * r * r : d * (Math.abs(r) - 0.5 * d));
const logcosh = (r: number) => Math.log(Math.cosh(r));

const ceRef = (eps: number): Ref => (z, y) =>
  z.map((row, i) => {
    const p = softmax64(row);
    return -sum(y[i].map((yy, j) => ((1 - eps) * yy + eps / row.length) * Math.log(p[j])));
  });
const focalRef = (gamma: number, alpha: number): Ref => (z, y) =>
  z.map((row, i) => {
    const pt = softmax64(row)[trueClass(y[i])];
    return -alpha * (1 - pt) ** gamma * Math.log(pt);
  });
const bceRef: Ref = (z, y) =>
  z.map((row, i) => sum(row.map((v, j) => -(y[i][j] * Math.log(sigmoid(v)) + (1 - y[i][j]) * Math.log(1 - sigmoid(v))))) / row.length);
const hingeRef = (margin: number): Ref => (z, y) =>
  z.map((row, i) => {
    const t = trueClass(y[i]);
    return sum(row.map((v, j) => (j === t ? 0 : Math.max(0, margin + v - row[t]))));
  });

const CLS: LossContext = { task: 'classification', nClasses: 4, step: 0, epoch: 0 };
const REG: LossContext = { task: 'regression', nClasses: 0, step: 0, epoch: 0 };
const Z: Rows = [
  [0.3, -1.2, 2.1, 0.55],
  [1.7, 0.05, -0.4, 1.1],
  [-0.8, 0.9, 0.2, -2.3],
];
const Y: Rows = [
  [0, 0, 1, 0],
  [0, 1, 0, 0],
  [1, 0, 0, 0],
];
const OUT: Rows = [[0.4], [-1.9], [2.6], [0.07]];
const TGT: Rows = [[1.1], [0.5], [-0.2], [0.3]];
/** Per-sample weights for the vector-Jacobian check of the per-sample form. */
const W = [0.7, -1.3, 2.0, 0.4];

const CASES: { type: string; params: Record<string, unknown>; ctx: LossContext; ref: Ref }[] = [
  { type: 'mse', params: {}, ctx: REG, ref: elementwise(sq, false) },
  { type: 'mae', params: {}, ctx: REG, ref: elementwise(Math.abs, false) },
  { type: 'huber', params: { delta: 1 }, ctx: REG, ref: elementwise(huber(1), false) },
  { type: 'logcosh', params: {}, ctx: REG, ref: elementwise(logcosh, false) },
  { type: 'mse', params: {}, ctx: CLS, ref: elementwise(sq, true) },
  { type: 'mae', params: {}, ctx: CLS, ref: elementwise(Math.abs, true) },
  { type: 'huber', params: { delta: 0.3 }, ctx: CLS, ref: elementwise(huber(0.3), true) },
  { type: 'logcosh', params: {}, ctx: CLS, ref: elementwise(logcosh, true) },
  { type: 'bce', params: {}, ctx: CLS, ref: bceRef },
  { type: 'ce', params: {}, ctx: CLS, ref: ceRef(0) },
  { type: 'labelSmoothing', params: { smoothing: 0.15 }, ctx: CLS, ref: ceRef(0.15) },
  { type: 'focal', params: { gamma: 2 }, ctx: CLS, ref: focalRef(2, 1) },
  { type: 'focal', params: { gamma: 0.5, alpha: 0.25 }, ctx: CLS, ref: focalRef(0.5, 0.25) },
  { type: 'hinge', params: { margin: 1 }, ctx: CLS, ref: hingeRef(1) },
];

/** d/dz Σ_i w_i·ref_i(z) by central differences in float64. */
function finiteDiff(ref: Ref, z: Rows, y: Rows, w: number[]): Rows {
  const h = 1e-6;
  const f = (zz: Rows) => sum(ref(zz, y).map((v, i) => v * w[i]));
  return z.map((row, i) =>
    row.map((_, j) => {
      const plus = z.map((r) => [...r]);
      const minus = z.map((r) => [...r]);
      plus[i][j] += h;
      minus[i][j] -= h;
      return (f(plus) - f(minus)) / (2 * h);
    }),
  );
}

function assertGradClose(actual: Float32Array | Int32Array | Uint8Array, expected: Rows, label: string): void {
  expected.flat().forEach((e, k) => {
    assert.ok(Math.abs(actual[k] - e) <= 2e-5 + 1e-4 * Math.abs(e), `${label}: d/dz[${k}] expected ${e}, got ${actual[k]}`);
  });
}

test('the test points are away from kinks (|r| ≠ 0, |r| ≠ δ, hinge terms ≠ 0)', () => {
  OUT.forEach((o, i) => assert.ok(Math.abs(Math.abs(o[0] - TGT[i][0]) - 1) > 0.05 && Math.abs(o[0] - TGT[i][0]) > 0.05));
  Z.forEach((row, i) => {
    const t = trueClass(Y[i]);
    row.forEach((v, j) => j !== t && assert.ok(Math.abs(1 + v - row[t]) > 0.05));
  });
});

for (const c of CASES) {
  test(`${c.type} ${JSON.stringify(c.params)} on ${c.ctx.task}: gradient of mean and per-sample forms match float64 finite differences`, () => {
    const z = c.ctx.task === 'classification' ? Z : OUT;
    const y = c.ctx.task === 'classification' ? Y : TGT;
    const n = z.length;
    const def = getLoss(c.type);
    const mean = def.create(c.params);
    const per = def.createPerSample(c.params);
    const w = W.slice(0, n);
    const yt = tf.tensor2d(y);
    const zt = tf.tensor2d(z);
    const gMean = tf.grad((o: tf.Tensor) => mean(o as tf.Tensor2D, yt, c.ctx))(zt);
    const gPer = tf.grad((o: tf.Tensor) => tf.sum(tf.mul(per(o as tf.Tensor2D, yt, c.ctx), tf.tensor1d(w))))(zt);
    assertGradClose(gMean.dataSync(), finiteDiff(c.ref, z, y, new Array(n).fill(1 / n)), 'mean');
    assertGradClose(gPer.dataSync(), finiteDiff(c.ref, z, y, w), 'per-sample');
    const value = mean(zt, yt, c.ctx).dataSync()[0];
    const expected = sum(c.ref(z, y)) / n;
    assert.ok(Math.abs(value - expected) <= 1e-5 * Math.max(1, Math.abs(expected)), `value ${value} vs ${expected}`);
    tf.dispose([gMean, gPer, yt, zt]);
  });
}
