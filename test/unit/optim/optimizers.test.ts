// Optimizers: the first 3 steps on a tiny quadratic against float64 references written from the
// PyTorch update rules; functional behaviour (no mutation, no leaks); differentiability of `step`.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
// Stock gradients (tfjs-core's node bundle registers none); imported after tfjs-core so its engine exists first.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { OptimizerConfig } from '../../../src/shared/config/types';
import { OPTIMIZERS, unknownNameMessage } from '../../../src/shared/names';
import { initBackend } from '../../../src/trainer/backend';
import { createOptimizer, OPTIMIZER_FACTORIES } from '../../../src/trainer/optim';

before(async () => {
  await initBackend('cpu');
});

/** Two parameters of different ranks, so flattening and splitting back are exercised. */
const SHAPES = [[2, 2], [3]];
const P0 = [[0.5, -1.5, 2.0, 0.25], [1.0, -0.3, 0.8]];
/** f(p) = ½ Σ a·(p − c)²; gradient a·(p − c). */
const A = [[1, 3, 0.5, 2], [0.2, 4, 1.5]];
const C = [[0.1, 0.2, -0.4, 1.0], [-1.0, 0.5, 0.3]];
const LRS = [0.1, 0.05, 0.2];

const quadGrad = (p: number[][]): number[][] => p.map((row, i) => row.map((v, j) => A[i][j] * (v - C[i][j])));

/** A float64 reference: per-element state, PyTorch conventions. */
interface Ref {
  step(p: number[][], g: number[][], lr: number, t: number): number[][];
}

function elementwise(update: (p: number, g: number, s: number[], lr: number, t: number) => number, nState: number): Ref {
  const state = P0.map((row) => row.map(() => new Array(nState).fill(0)));
  return { step: (p, g, lr, t) => p.map((row, i) => row.map((v, j) => update(v, g[i][j], state[i][j], lr, t))) };
}

function reference(cfg: OptimizerConfig): Ref {
  switch (cfg.type) {
    case 'sgd':
      return elementwise((p, g, _s, lr) => p - lr * (g + cfg.weightDecay * p), 0);
    case 'momentum':
      return elementwise((p, g, s, lr, t) => {
        const d = g + cfg.weightDecay * p;
        s[0] = t === 1 ? d : cfg.momentum * s[0] + d; // torch: buf = clone(d) on the first step
        return p - lr * (cfg.nesterov ? d + cfg.momentum * s[0] : s[0]);
      }, 1);
    case 'adam':
    case 'adamw':
      return elementwise((p, g, s, lr, t) => {
        const decoupled = cfg.type === 'adamw';
        const d = decoupled ? g : g + cfg.weightDecay * p;
        const base = decoupled ? p * (1 - lr * cfg.weightDecay) : p;
        s[0] = cfg.beta1 * s[0] + (1 - cfg.beta1) * d;
        s[1] = cfg.beta2 * s[1] + (1 - cfg.beta2) * d * d;
        const bc1 = 1 - cfg.beta1 ** t;
        const bc2 = 1 - cfg.beta2 ** t;
        const denom = Math.sqrt(s[1]) / Math.sqrt(bc2) + cfg.epsilon;
        return base - (lr / bc1) * (s[0] / denom);
      }, 2);
    case 'rmsprop':
      return elementwise((p, g, s, lr) => {
        const d = g + cfg.weightDecay * p;
        s[0] = cfg.decay * s[0] + (1 - cfg.decay) * d * d;
        const step = d / (Math.sqrt(s[0]) + cfg.epsilon);
        if (cfg.momentum > 0) {
          s[1] = cfg.momentum * s[1] + step;
          return p - lr * s[1];
        }
        return p - lr * step;
      }, 2);
  }
}

const CONFIGS: OptimizerConfig[] = [
  { type: 'sgd', lr: 0, weightDecay: 0 },
  { type: 'sgd', lr: 0, weightDecay: 0.1 },
  { type: 'momentum', lr: 0, momentum: 0.9, nesterov: false, weightDecay: 0 },
  { type: 'momentum', lr: 0, momentum: 0.8, nesterov: true, weightDecay: 0.05 },
  { type: 'adam', lr: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 },
  { type: 'adam', lr: 0, beta1: 0.8, beta2: 0.95, epsilon: 0.3, weightDecay: 0.1 },
  { type: 'adamw', lr: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.5 },
  { type: 'rmsprop', lr: 0, decay: 0.99, momentum: 0, epsilon: 1e-8, weightDecay: 0 },
  { type: 'rmsprop', lr: 0, decay: 0.9, momentum: 0.7, epsilon: 0.01, weightDecay: 0.1 },
];

const toTensors = (values: number[][]): tf.Tensor[] => values.map((v, i) => tf.tensor(v, SHAPES[i]));
const read = (ts: tf.Tensor[]): number[][] => ts.map((t) => Array.from(t.dataSync()));

function assertClose(actual: number[][], expected: number[][], label: string, tol = 2e-6): void {
  expected.forEach((row, i) =>
    row.forEach((e, j) => assert.ok(Math.abs(actual[i][j] - e) <= tol * Math.max(1, Math.abs(e)), `${label} p${i}[${j}]: expected ${e}, got ${actual[i][j]}`)),
  );
}

test('the factory table is keyed by exactly OPTIMIZERS; unknown names are rejected', () => {
  assert.deepEqual([...OPTIMIZER_FACTORIES.keys()], [...OPTIMIZERS]);
  assert.throws(() => createOptimizer({ type: 'adagrad' } as unknown as OptimizerConfig), { message: unknownNameMessage('optimizer', 'adagrad', OPTIMIZERS) });
});

for (const cfg of CONFIGS) {
  test(`${JSON.stringify(cfg)}: first 3 steps match the float64 reference`, () => {
    const opt = createOptimizer(cfg);
    const ref = reference(cfg);
    let params = toTensors(P0);
    let state = opt.initState(params);
    let expected = P0;
    for (let t = 1; t <= 3; t++) {
      const current = read(params);
      const grads = toTensors(quadGrad(current));
      const before = tf.memory().numTensors;
      const next = tf.tidy(() => opt.step(params, grads, state, LRS[t - 1], t));
      assert.equal(tf.memory().numTensors, before + next.params.length + next.state.length, 'only the results survive the tidy');
      // inputs untouched and still alive
      assertClose(read(params), current, 'input params unchanged', 0);
      assert.ok(grads.every((g) => !g.isDisposed) && state.every((s) => !s.isDisposed));
      next.params.forEach((p, i) => {
        assert.deepEqual(p.shape, SHAPES[i]);
        assert.ok(!params.includes(p) && !state.includes(p));
      });
      expected = ref.step(expected, quadGrad(expected), LRS[t - 1], t);
      assertClose(read(next.params), expected, `step ${t}`);
      tf.dispose([...params, ...grads, ...state]);
      params = next.params;
      state = next.state;
    }
    tf.dispose([...params, ...state]);
  });
}

test('adam bias correction: the first step moves each coordinate by ≈ lr·sign(g)', () => {
  const opt = createOptimizer({ type: 'adam', lr: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 });
  const p = [tf.tensor1d([1, 1, 1])];
  const g = [tf.tensor1d([1e-3, -5, 100])];
  const s = opt.initState(p);
  const next = opt.step(p, g, s, 0.01, 1);
  const v = Array.from(next.params[0].dataSync());
  [1 - 0.01, 1 + 0.01, 1 - 0.01].forEach((e, i) => assert.ok(Math.abs(v[i] - e) < 1e-6, `${v[i]} vs ${e}`));
  tf.dispose([...p, ...g, ...s, ...next.params, ...next.state]);
});

test('adamw decays the weights even when the gradient is zero; adam with L2 does too but through the moments', () => {
  const zero = [tf.tensor1d([0, 0])];
  const p = [tf.tensor1d([2, -4])];
  const adamw = createOptimizer({ type: 'adamw', lr: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.1 });
  const sw = adamw.initState(p);
  const w = adamw.step(p, zero, sw, 0.5, 1);
  Array.from(w.params[0].dataSync()).forEach((v, i) => assert.ok(Math.abs(v - [2 * 0.95, -4 * 0.95][i]) < 1e-6, `${v}`));
  const adam = createOptimizer({ type: 'adam', lr: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.1 });
  const sa = adam.initState(p);
  const a = adam.step(p, zero, sa, 0.5, 1);
  // L2 gradient 0.1·p makes the normalised first step ≈ lr·sign(p)
  Array.from(a.params[0].dataSync()).forEach((v, i) => assert.ok(Math.abs(v - [1.5, -3.5][i]) < 1e-5));
  tf.dispose([...zero, ...p, ...sw, ...sa, ...w.params, ...w.state, ...a.params, ...a.state]);
});

test('adam rejects a 0-based step', () => {
  const opt = createOptimizer({ type: 'adam', lr: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 });
  const p = [tf.tensor1d([1])];
  const s = opt.initState(p);
  assert.throws(() => tf.tidy(() => opt.step(p, p, s, 0.1, 0)), /1-based/);
  assert.throws(() => tf.tidy(() => opt.step(p, [], s, 0.1, 1)), /1 params but 0 grads/);
  tf.dispose([...p, ...s]);
});

for (const cfg of CONFIGS) {
  test(`${cfg.type} ${JSON.stringify(cfg)}: step is differentiable w.r.t. params and grads (float64 finite differences)`, () => {
    // Step 2 from the state after one step, so the moments are non-zero.
    const opt = createOptimizer(cfg);
    const ref = () => reference(cfg);
    const g0 = quadGrad(P0);
    const p1 = ref().step(P0, g0, 0.1, 1);
    const g1 = quadGrad(p1).map((row) => row.map((v) => v + 0.3));
    const W = [[0.3, -1, 0.7, 2], [1.1, -0.4, 0.9]];
    const objective = (p: number[][], g: number[][]) => {
      const r = ref();
      r.step(P0, g0, 0.1, 1);
      return r.step(p, g, 0.05, 2).reduce((a, row, i) => a + row.reduce((b, v, j) => b + v * W[i][j], 0), 0);
    };
    const h = 1e-6;
    const fd = (which: 'p' | 'g') =>
      p1.map((row, i) =>
        row.map((_, j) => {
          const bump = (x: number[][], d: number) => x.map((r, a) => r.map((v, b) => (a === i && b === j ? v + d : v)));
          const [pp, pm] = which === 'p' ? [bump(p1, h), bump(p1, -h)] : [p1, p1];
          const [gp, gm] = which === 'g' ? [bump(g1, h), bump(g1, -h)] : [g1, g1];
          return (objective(pp, gp) - objective(pm, gm)) / (2 * h);
        }),
      );
    const state0 = opt.initState(toTensors(P0));
    const first = tf.tidy(() => opt.step(toTensors(P0), toTensors(g0), state0, 0.1, 1));
    const pT = toTensors(p1);
    const gT = toTensors(g1);
    const dx = tf.tidy(() =>
      tf.grads((...xs: tf.Tensor[]) => {
        const out = opt.step(xs.slice(0, 2), xs.slice(2), first.state, 0.05, 2).params;
        return tf.addN(out.map((o, i) => tf.sum(tf.mul(o, tf.tensor(W[i], SHAPES[i])))));
      })([...pT, ...gT]),
    );
    const got = read(dx);
    assertClose(got.slice(0, 2), fd('p'), 'd/dparams', 1e-4);
    assertClose(got.slice(2), fd('g'), 'd/dgrads', 1e-4);
    tf.dispose([...state0, ...first.params, ...first.state, ...pT, ...gT, ...dx]);
  });
}

test('meta-gradients through adam stay finite where a gradient is exactly zero', () => {
  const opt = createOptimizer({ type: 'adam', lr: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0 });
  const p = tf.tensor1d([1, 2]);
  const g = tf.tensor1d([0, 0.5]);
  const s = opt.initState([p]);
  const d = tf.tidy(() => tf.grad((gg: tf.Tensor) => tf.sum(opt.step([p], [gg], s, 0.1, 1).params[0]))(g));
  assert.ok(Array.from(d.dataSync()).every(Number.isFinite), `${d.dataSync()}`);
  tf.dispose([p, g, d, ...s]);
});
