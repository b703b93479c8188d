import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { validateConfigText } from '../../../src/shared/config';
import { squaredErrorTaylorglo, taylorgloInvariant, taylorgloTerm } from '../../../src/shared/methods/taylorglo-invariant';
import { initBackend } from '../../../src/trainer/backend';
import { taylorgloLogitLoss, taylorgloLoss, taylorgloLossBatch, taylorgloLossShape } from '../../../src/trainer/methods/taylorglo-loss';
import { taylorgloMethod } from '../../../src/trainer/methods/taylorglo';
import { ctxOf, fdGradient, forward64, methodEnv, mlpModel, params64, relErr, softmax64, take, toTensors, values, type Mlp64, type Params64 } from './lai-reference64';
import { tinyConfigObject } from '../../helpers/config';

test.before(async () => {
  await initBackend('cpu');
});

const N = 6;
const C = 4;

function oneHot(n: number, c: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: c }, (_, j) => (j === (i * 3) % c ? 1 : 0)));
}

function probabilities(seed: number): number[][] {
  const z = values(N * C, seed, 2);
  return Array.from({ length: N }, (_, i) => softmax64(z.slice(i * C, (i + 1) * C)));
}

/** −(1/n) Σ_{i,c} f(x, y) in float64, from the direct formula. */
function loss64(p: readonly number[], y: number[][], x: number[][]): number {
  let s = 0;
  y.forEach((row, i) => row.forEach((yc, c) => (s += taylorgloTerm(p, x[i][c], yc))));
  return -s / y.length;
}

test('θ = (p0, p1, 2(p0 − p1), −1, 0, 2, 0, 0) is the squared error Σ (x − y)² up to a constant', () => {
  const x = oneHot(N, C);
  for (const [p0, p1] of [[0, 0], [0.3, -0.45], [-1.2, 0.8]]) {
    const theta = squaredErrorTaylorglo(p0, p1);
    for (const seed of [1, 2]) {
      const y = probabilities(seed);
      let se = 0;
      let constant = 0;
      y.forEach((row, i) => row.forEach((yc, c) => {
        se += (x[i][c] - yc) ** 2;
        constant += (x[i][c] - p1) ** 2; // f = −(x − y)² + (x − p1)²
      }));
      const expected = (se - constant) / N;
      assert.ok(Math.abs(loss64(theta, y, x) - expected) < 1e-12, 'the float64 formula');
      const got = take(tf.tidy(() => taylorgloLoss(theta, tf.tensor2d(y), tf.tensor2d(x))))[0];
      assert.ok(Math.abs(got - expected) < 1e-5 * Math.max(1, Math.abs(expected)), `p0=${p0} p1=${p1}: ${got} vs ${expected}`);
    }
  }
});

test('the invariant holds for the squared-error parameters and fails with the opposite sign', () => {
  for (const [p0, p1] of [[0, 0], [0.3, -0.45], [-1.2, 0.8]]) {
    const theta = squaredErrorTaylorglo(p0, p1);
    const flipped = [p0, p1, ...theta.slice(2).map((v) => -v)];
    for (const n of [2, 3, 10]) {
      assert.ok(taylorgloInvariant(theta, n).holds, `squared error, n = ${n}`);
      assert.ok(!taylorgloInvariant(flipped, n).holds, `negated loss, n = ${n}`);
    }
  }
});

test('invariant coefficients of a random vector match a hand computation', () => {
  // p = (0.3, −0.2, 0.5, 1.1, −0.7, 0.4, 0.9, −1.3):
  // c1 = −2(−0.2)(1.1) + 2(0.3)(−0.2)(0.9) + 0.5 − (0.4)(0.3) + (−1.3)(0.09) + 3(−0.7)(0.04)
  //    = 0.44 − 0.108 + 0.5 − 0.12 − 0.117 − 0.084 = 0.511
  // ch = 2.2 − 2(0.9)(0.3) − 6(−0.7)(−0.2) = 0.82;  chh = −2.1;  chy = 1.8
  // cy = −2(−0.2)(0.9) + 0.4 − 2(−1.3)(0.3) = 1.54;  cyy = −1.3
  const inv3 = taylorgloInvariant([0.3, -0.2, 0.5, 1.1, -0.7, 0.4, 0.9, -1.3], 3);
  const expect = { c1: 0.511, ch: 0.82, chh: -2.1, chy: 1.8, cy: 1.54, cyy: -1.3 };
  for (const [k, v] of Object.entries(expect) as [keyof typeof expect, number][]) assert.ok(Math.abs(inv3[k] - v) < 1e-12, `${k}: ${inv3[k]} vs ${v}`);
  // n = 3: 1.54 − 1.3 + 0.6 = 0.84 ≥ 1·(0.511 + 0.82/3 − 2.1/9) = 0.551
  assert.ok(Math.abs(inv3.lhs - 0.84) < 1e-12 && Math.abs(inv3.rhs - 0.551) < 1e-12 && inv3.holds);
  // n = 10: 0.42 < 8·(0.511 + 0.082 − 0.021) = 4.576
  const inv10 = taylorgloInvariant([0.3, -0.2, 0.5, 1.1, -0.7, 0.4, 0.9, -1.3], 10);
  assert.ok(Math.abs(inv10.lhs - 0.42) < 1e-12 && Math.abs(inv10.rhs - 4.576) < 1e-12 && !inv10.holds);
});

test('the batched evaluator equals the single one for every parameter vector', () => {
  const P = [squaredErrorTaylorglo(0.2, 0.1), ...Array.from({ length: 6 }, (_, i) => values(8, 40 + i, 1.5))];
  const y = probabilities(3);
  const x = oneHot(N, C);
  const batch = take(tf.tidy(() => taylorgloLossBatch(tf.tensor2d(P), tf.tensor2d(y), tf.tensor2d(x))));
  assert.equal(batch.length, P.length);
  P.forEach((p, k) => {
    const single = take(tf.tidy(() => taylorgloLoss(p, tf.tensor2d(y), tf.tensor2d(x))))[0];
    const ref = loss64(p, y, x);
    assert.ok(Math.abs(batch[k] - ref) < 1e-4 * Math.max(1, Math.abs(ref)), `batched #${k}: ${batch[k]} vs float64 ${ref}`);
    assert.ok(Math.abs(single - ref) < 1e-4 * Math.max(1, Math.abs(ref)), `single #${k}: ${single} vs float64 ${ref}`);
  });
  assert.throws(() => taylorgloLossBatch(tf.zeros([2, 7]) as tf.Tensor2D, tf.tensor2d(y), tf.tensor2d(x)), /\[m, 8\]/);
});

test('gradient with respect to the logits and the MLP parameters matches float64 finite differences', () => {
  const p = [0.3, -0.2, 0.5, 1.1, -0.7, 0.4, 0.9, -1.3];
  const x = oneHot(N, C);
  const z = values(N * C, 9, 2);
  const f64 = (zz: number[]) => loss64(p, Array.from({ length: N }, (_, i) => softmax64(zz.slice(i * C, (i + 1) * C))), x);
  const ref = fdGradient((q) => f64(q[0]), [z]);
  const got = take(tf.tidy(() => tf.grad((zz: tf.Tensor) => taylorgloLogitLoss(p, zz as tf.Tensor2D, tf.tensor2d(x)))(tf.tensor2d(z, [N, C]))));
  assert.ok(relErr(got, ref) < 1e-4, `logit gradient error ${relErr(got, ref)}`);

  const m: Mlp64 = { nIn: 3, nHidden: 5, nOut: C, act: 'tanh' };
  const w = params64(m, 4);
  const xin = Array.from({ length: N }, (_, i) => values(3, 60 + i, 1.5));
  const objective = (q: Params64) => loss64(p, xin.map((r) => softmax64(forward64(q, m, r).o)), x);
  const method = taylorgloMethod(methodEnv({ name: 'tg', type: 'taylorglo', params: p }, mlpModel(m), { task: 'classification', nFeatures: 3, nClasses: C }));
  const out = take(tf.tidy(() => method.direction({ params: toTensors(w, m), x: tf.tensor2d(xin), y: tf.tensor2d(x), ctx: ctxOf('classification', C) }).grads));
  const err = relErr(out, fdGradient(objective, w));
  assert.ok(err < 1e-4, `parameter gradient error ${err}`);
});

test('the loss-shape trace is −f(1, p) and −f(0, p) at 50 points of [0, 1]', () => {
  const theta = squaredErrorTaylorglo(0, 0);
  const shape = taylorgloLossShape(theta);
  assert.equal(shape['lossShape/p'].length, 50);
  assert.equal(shape['lossShape/p'][0], 0);
  assert.equal(shape['lossShape/p'][49], 1);
  shape['lossShape/p'].forEach((q, i) => {
    // squared error with p1 = 0: −f(x, q) = (x − q)² − x²
    assert.ok(Math.abs(shape['lossShape/y1'][i] - ((1 - q) ** 2 - 1)) < 1e-12);
    assert.ok(Math.abs(shape['lossShape/y0'][i] - q * q) < 1e-12);
  });
  const method = taylorgloMethod(methodEnv({ name: 'tg', type: 'taylorglo', params: theta }, mlpModel({ nIn: 2, nHidden: 3, nOut: 2, act: 'relu' }), { task: 'classification', nFeatures: 2, nClasses: 2 }));
  assert.deepEqual(method.traces?.(), shape);
});

test('the config validator warns about parameters that fail the invariant, at the arm’s params', () => {
  const config = (params: number[]) => JSON.stringify(tinyConfigObject({ data: { dataset: 'blobs', classes: 10 }, losses: [{ name: 'tg', type: 'taylorglo', params }] }), null, 2);
  const bad = validateConfigText(config([0.3, -0.2, 0.5, 1.1, -0.7, 0.4, 0.9, -1.3]), '/tmp/x.losslab.json');
  assert.ok(bad.config, 'a warning does not block the run');
  const warnings = bad.problems.filter((p) => p.severity === 'warning');
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0].path, 'losses[0].params');
  assert.match(warnings[0].message, /TaylorGLO parameters fail the invariant for 10 classes: .*0\.42 < .*4\.576.*the paper prunes such candidates/);
  const good = validateConfigText(config(squaredErrorTaylorglo(0, 0)), '/tmp/x.losslab.json');
  assert.deepEqual(good.problems, []);
  const short = validateConfigText(config([1, 2, 3]), '/tmp/x.losslab.json');
  assert.ok(short.problems.some((p) => p.severity === 'error' && p.path === 'losses[0].params'), 'exactly 8 parameters');
  const regression = validateConfigText(JSON.stringify(tinyConfigObject({ data: { dataset: 'sine' }, losses: [{ type: 'taylorglo', params: squaredErrorTaylorglo(0, 0) }] })), '/tmp/x.losslab.json');
  assert.ok(regression.problems.some((p) => p.severity === 'error' && /needs class labels/.test(p.message)));
});
