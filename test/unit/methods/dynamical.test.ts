import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/trainer/backend';
import { getLoss } from '../../../src/trainer/losses';
import {
  defaultDynamicalPeriod, dynamicalLoss, dynamicalMethod, dynamicalWeights, staticPhaseStart, type DynamicalSchedule,
} from '../../../src/trainer/methods/dynamical';
import { ctxOf, fdGradient, forward64, methodEnv, mlpModel, params64, relErr, softmax64, take, toTensors, values, type Mlp64, type Params64 } from './lai-reference64';

test.before(async () => {
  await initBackend('cpu');
});

const S: DynamicalSchedule = { nClasses: 3, amplitude: 7, period: 8 };

function close(a: readonly number[], b: readonly number[], label: string): void {
  assert.equal(a.length, b.length, label);
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-12, `${label}: [${a.join(', ')}] vs [${b.join(', ')}]`));
}

test('class weights by hand: start, quarter, half, three quarters, period boundary, class cycling', () => {
  // A = 7, T = 8, C = 3. Emphasised weight 1 + 6·(1 − |2τ/T − 1|), then ×C / Σ.
  close(dynamicalWeights(0, S).weights, [1, 1, 1], 'start');
  close(dynamicalWeights(2, S).weights, [2, 0.5, 0.5], 'quarter: [4, 1, 1]·3/6');
  close(dynamicalWeights(4, S).weights, [7 / 3, 1 / 3, 1 / 3], 'half: [7, 1, 1]·3/9');
  close(dynamicalWeights(6, S).weights, [2, 0.5, 0.5], 'three quarters');
  close(dynamicalWeights(7, S).weights, [5 / 3, 2 / 3, 2 / 3], 'last step of the period: peak 1 + 6·(1 − |14/8 − 1|) = 2.5 → [2.5, 1, 1]·3/4.5');
  assert.equal(dynamicalWeights(7, S).emphasised, 0);
  close(dynamicalWeights(8, S).weights, [1, 1, 1], 'period boundary');
  assert.equal(dynamicalWeights(8, S).emphasised, 1);
  close(dynamicalWeights(12, S).weights, [1 / 3, 7 / 3, 1 / 3], 'second period: class 1');
  close(dynamicalWeights(20, S).weights, [1 / 3, 1 / 3, 7 / 3], 'third period: class 2');
  close(dynamicalWeights(28, S).weights, [7 / 3, 1 / 3, 1 / 3], 'fourth period: back to class 0');
  for (let t = 0; t < 60; t++) {
    const sum = dynamicalWeights(t, S).weights.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 3) < 1e-12, `weights sum to C at step ${t}`);
  }
  close(dynamicalWeights(4, { ...S, amplitude: 1 }).weights, [1, 1, 1], 'A = 1 is the plain loss');
});

test('final static periods start at a period boundary; the default period gives three cycles', () => {
  assert.equal(staticPhaseStart(50, 8, 1), 48);
  assert.equal(staticPhaseStart(48, 8, 1), 40);
  assert.equal(staticPhaseStart(50, 8, 0), undefined);
  assert.equal(staticPhaseStart(10, 8, 3), 0);
  const s = { ...S, staticFrom: 48 };
  close(dynamicalWeights(47, s).weights, dynamicalWeights(47, S).weights, 'before the static phase');
  close(dynamicalWeights(52, s).weights, [1, 1, 1], 'static phase');
  assert.equal(defaultDynamicalPeriod(90, 3), 10);
  assert.equal(defaultDynamicalPeriod(5, 3), 2);
});

const Z = [[1.5, -0.3, 0.2], [0.1, 0.4, -1.2], [-0.7, 0.9, 0.3], [0.0, 0.0, 2.0]];
const Y = [[1, 0, 0], [0, 0, 1], [0, 1, 0], [0, 0, 1]];
const W = [0.5, 2, 0.5];

function ce64(z: number[][], y: number[][], w: number[]): number {
  // −C·mean over all n·C entries of w ⊙ Y ⊙ log_softmax(z)
  let s = 0;
  z.forEach((row, i) => {
    const lp = softmax64(row).map(Math.log);
    row.forEach((_, j) => (s += w[j] * y[i][j] * lp[j]));
  });
  return (-w.length * s) / (z.length * w.length);
}

function mse64(z: number[][], y: number[][], w: number[]): number {
  let s = 0;
  z.forEach((row, i) => {
    const p = softmax64(row);
    const wy = w[y[i].indexOf(1)];
    s += wy * p.reduce((a, pj, j) => a + (pj - y[i][j]) ** 2, 0);
  });
  return s / z.length;
}

test('the loss value by hand: CE form is −C·mean(w ⊙ Y ⊙ log_softmax) = −(1/n) Σ w_y log p_y; MSE form', () => {
  // By hand for the CE form: −(1/4)·(0.5·log p₀(z₀) + 0.5·log p₂(z₁) + 2·log p₁(z₂) + 0.5·log p₂(z₃)).
  const lp = (row: number[], j: number) => Math.log(softmax64(row)[j]);
  const byHand = -(0.5 * lp(Z[0], 0) + 0.5 * lp(Z[1], 2) + 2 * lp(Z[2], 1) + 0.5 * lp(Z[3], 2)) / 4;
  assert.ok(Math.abs(ce64(Z, Y, W) - byHand) < 1e-12);
  const ce = take(tf.tidy(() => dynamicalLoss('ce', tf.tensor2d(Z), tf.tensor2d(Y), W)))[0];
  assert.ok(Math.abs(ce - byHand) < 1e-6, `CE ${ce} vs ${byHand}`);
  const mse = take(tf.tidy(() => dynamicalLoss('mse', tf.tensor2d(Z), tf.tensor2d(Y), W)))[0];
  assert.ok(Math.abs(mse - mse64(Z, Y, W)) < 1e-6, `MSE ${mse} vs ${mse64(Z, Y, W)}`);
  const ctx = ctxOf('classification', 3);
  const [plainDyn, plainCe, plainMseDyn, plainMse] = take(tf.tidy(() => [
    dynamicalLoss('ce', tf.tensor2d(Z), tf.tensor2d(Y), [1, 1, 1]),
    getLoss('ce').create({})(tf.tensor2d(Z), tf.tensor2d(Y), ctx),
    dynamicalLoss('mse', tf.tensor2d(Z), tf.tensor2d(Y), [1, 1, 1]),
    getLoss('mse').create({})(tf.tensor2d(Z), tf.tensor2d(Y), ctx),
  ]));
  assert.ok(Math.abs(plainDyn - plainCe) < 1e-6 && Math.abs(plainMseDyn - plainMse) < 1e-6, 'unit weights give the ce and mse arms');
});

test('gradient matches float64 finite differences (logits, and MLP parameters through the method)', () => {
  for (const form of ['ce', 'mse'] as const) {
    const ref = fdGradient((q) => (form === 'ce' ? ce64 : mse64)([0, 1, 2, 3].map((i) => q[0].slice(3 * i, 3 * i + 3)), Y, W), [Z.flat()]);
    const got = take(tf.tidy(() => tf.grad((z: tf.Tensor) => dynamicalLoss(form, z as tf.Tensor2D, tf.tensor2d(Y), W))(tf.tensor2d(Z))));
    assert.ok(relErr(got, ref) < 1e-4, `${form} logit gradient error ${relErr(got, ref)}`);
  }
  const m: Mlp64 = { nIn: 2, nHidden: 5, nOut: 3, act: 'tanh' };
  const p = params64(m, 2);
  const x = Array.from({ length: 4 }, (_, i) => values(2, 30 + i, 1.5));
  const step = 4;
  const env = methodEnv({ name: 'dyn', type: 'dynamical', amplitude: 7, period: 8 }, mlpModel(m), { task: 'classification', nFeatures: 2, nClasses: 3 });
  const method = dynamicalMethod(env);
  const w = dynamicalWeights(step, S).weights;
  const objective = (q: Params64) => ce64(x.map((r) => forward64(q, m, r).o), Y, w);
  const got = take(tf.tidy(() => method.direction({ params: toTensors(p, m), x: tf.tensor2d(x), y: tf.tensor2d(Y), ctx: ctxOf('classification', 3, step) }).grads));
  const err = relErr(got, fdGradient(objective, p));
  assert.ok(err < 1e-4, `parameter gradient error ${err}`);
  const values4 = method.stepValues?.() ?? {};
  close([values4['dynamical/w0'], values4['dynamical/w1'], values4['dynamical/w2']], [7 / 3, 1 / 3, 1 / 3], 'step values are the weights of the step');
  close(method.traces?.()?.['dynamical/weights'] ?? [], [7 / 3, 1 / 3, 1 / 3], 'trace');
});

test('defaults: A = 70, period from the run length, form ce; static phase from finalStaticPeriods', () => {
  const m: Mlp64 = { nIn: 2, nHidden: 3, nOut: 3, act: 'relu' };
  const method = dynamicalMethod(methodEnv({ name: 'dyn', type: 'dynamical' }, mlpModel(m), { task: 'classification', nFeatures: 2, nClasses: 3 }, 90));
  // T = 10: at step 5 class 0 peaks at 70 → [70, 1, 1]·3/72.
  tf.tidy(() => method.direction({ params: toTensors(params64(m, 1), m), x: tf.tensor2d([[0, 1]]), y: tf.tensor2d([[1, 0, 0]]), ctx: ctxOf('classification', 3, 5) }));
  assert.ok(Math.abs((method.stepValues?.()['dynamical/w0'] ?? 0) - 210 / 72) < 1e-12);
  const staticEnd = dynamicalMethod(methodEnv({ name: 'dyn', type: 'dynamical', period: 8, finalStaticPeriods: 1 }, mlpModel(m), { task: 'classification', nFeatures: 2, nClasses: 3 }, 50));
  tf.tidy(() => staticEnd.direction({ params: toTensors(params64(m, 1), m), x: tf.tensor2d([[0, 1]]), y: tf.tensor2d([[1, 0, 0]]), ctx: ctxOf('classification', 3, 49) }));
  assert.deepEqual(staticEnd.stepValues?.(), { 'dynamical/w0': 1, 'dynamical/w1': 1, 'dynamical/w2': 1 });
  assert.throws(() => dynamicalMethod(methodEnv({ name: 'dyn', type: 'dynamical' }, mlpModel({ ...m, nOut: 1 }), { task: 'regression', nFeatures: 2, nClasses: 1 })), /classification/);
});
