// Second-order autodiff through a small CNN (3×3 'same' conv + activation + 2×2 max-pool + dense) on
// cpu and wasm, with both tf.maxPool (MaxPool/MaxPoolGrad kernels) and the trainer's pairwise-maximum
// pool, against the independent float64 reference in reference64.ts: (a) gradient-penalty gradient,
// (b) Hessian-vector product, (c) meta-gradient through one unrolled SGD step. Tolerance 1e-4, as for
// the MLPs (measured errors are ~1e-7; stock tfjs throws here).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/trainer/backend';
import { hessianVectorProduct, inputGradient } from '../../../src/trainer/autodiff/higher-order';
import { assertClose, BACKENDS, take, values } from './helpers';
import { ACTS64, cnn64, directional, gradient64, inputGradient64, KINKED, margin, resetMargins, type Cnn64Shape, type Params64 } from './reference64';
import { cnnShapes, cnnTf, TF_ACTS, toTensors, type TfPool } from './tf-models';

const TOL = 1e-4;
const SHAPE: Cnn64Shape = { side: 5, channels: 2, kernel: 3, pool: 'max', outputs: 1 };
const SHAPES = cnnShapes(SHAPE);
const N = 3;
const LAMBDA = 0.5;
const ALPHA = 0.2;
const PIXELS = SHAPE.side * SHAPE.side;
/** Chosen so that every pre-activation and pool top-two gap is ≥ 2e-3 at θ and at the unrolled θ'. */
const SEED = 300;
const X = Array.from({ length: N }, (_, i) => values(PIXELS, SEED + 600 + i));
const Y = values(N, 700);
const X_VAL = Array.from({ length: N }, (_, i) => values(PIXELS, SEED + 600 + N + i));
const Y_VAL = values(N, 900);
const P64: Params64 = SHAPES.map((s, i) => values(s.reduce((a, b) => a * b, 1), SEED + 20 + i, s.length > 1 ? 0.7 : 0.2));
/**
 * Relu and max-pool are piecewise, so the steps are smaller than the MLP's (inner 1e-5, outer 1e-4;
 * float64 rounding then contributes ~1e-7 relative). A step moves any conv output by at most ~1e-4
 * (a weight step times a pixel in [-1, 1]) and a pool's top-two gap by at most 2e-4: if no evaluated
 * point comes within 2e-4 of a kink or a tie, no difference quotient straddles one.
 */
const H_IN = 1e-5;
const H_OUT = 1e-4;
const FD_MARGIN = 2e-4;
const V64: Params64 = SHAPES.map((s, i) => values(s.reduce((a, b) => a * b, 1), 60 + i));

before(async () => {
  await initBackend('cpu');
});

interface Checks {
  gp: number[];
  hvp: number[];
  meta: number[];
}

function reference(actName: string): Checks {
  const f = (p: Params64, x: number[]) => cnn64(p, SHAPE, ACTS64[actName], x)[0];
  const mse = (p: Params64, xs: number[][], ys: number[]) => xs.reduce((s, x, i) => s + (f(p, x) - ys[i]) ** 2, 0) / xs.length;
  const gpLoss = (p: Params64) =>
    mse(p, X, Y) + (LAMBDA * X.reduce((s, x) => s + inputGradient64((xx) => f(p, xx), x, H_IN).reduce((a, g) => a + g * g, 0), 0)) / N;
  // A learned loss as in the MLP test, with fixed φ; the meta-gradient here is w.r.t. θ.
  const learned = (p: Params64) => X.reduce((s, x, i) => s + 0.7 * (f(p, x) - Y[i]) ** 2 + 0.4 * Math.tanh(f(p, x) - Y[i]) ** 2, 0) / N;
  const meta = (p: Params64) => {
    const g = gradient64(learned, p, H_IN);
    return mse(p.map((a, i) => a.map((v, j) => v - ALPHA * g[i][j])), X_VAL, Y_VAL);
  };
  const gradData = (p: Params64) => gradient64((q) => mse(q, X, Y), p, H_IN);
  return {
    gp: gradient64(gpLoss, P64, H_OUT).flat(),
    hvp: SHAPES.flatMap((_, i) => V64[i].map((__, j) => directional((p) => gradData(p)[i][j], P64, V64, H_OUT))),
    meta: gradient64(meta, P64, H_OUT).flat(),
  };
}

function tfChecks(actName: string, pool: TfPool): Checks {
  const act = TF_ACTS[actName];
  const x = tf.tensor2d(X);
  const y = tf.tensor2d(Y, [N, 1]);
  const xVal = tf.tensor2d(X_VAL);
  const yVal = tf.tensor2d(Y_VAL, [N, 1]);
  const params = toTensors(P64, SHAPES);
  const v = toTensors(V64, SHAPES);
  const fwd = (p: tf.Tensor[], xs: tf.Tensor) => cnnTf(p, SHAPE, act, pool, xs);
  const mse = (p: tf.Tensor[], xs: tf.Tensor, ys: tf.Tensor) => tf.mean(tf.square(tf.sub(fwd(p, xs), ys))) as tf.Scalar;
  const gp = tf.grads((...p: tf.Tensor[]) => {
    const gx = inputGradient((xx: tf.Tensor2D) => fwd(p, xx), x);
    return tf.add(mse(p, x, y), tf.mul(LAMBDA, tf.mean(tf.sum(tf.square(gx), 1))));
  })(params);
  const hvp = hessianVectorProduct((p) => mse(p, x, y), params, v);
  const learned = (p: tf.Tensor[]) => {
    const r = tf.sub(fwd(p, x), y);
    return tf.mean(tf.add(tf.mul(0.7, tf.square(r)), tf.mul(0.4, tf.square(tf.tanh(r))))) as tf.Scalar;
  };
  const meta = tf.grads((...theta: tf.Tensor[]) => {
    const g = tf.grads((...t: tf.Tensor[]) => learned(t))(theta);
    return mse(theta.map((t, i) => tf.sub(t, tf.mul(ALPHA, g[i]))), xVal, yVal);
  })(params);
  const out = { gp: take(gp), hvp: take(hvp), meta: take(meta) };
  tf.dispose([x, y, xVal, yVal, ...params, ...v]);
  return out;
}

for (const actName of ['tanh', 'relu', 'softplus']) {
  test(`CNN ${actName}: gradient-penalty gradient, Hessian-vector product and meta-gradient match float64`, async (t) => {
    resetMargins();
    const ref = reference(actName);
    if (KINKED.has(actName)) assert.ok(margin.minAbsPreactivation > FD_MARGIN, `finite differences clear of the kink (min |z| = ${margin.minAbsPreactivation})`);
    assert.ok(margin.minPoolGap > FD_MARGIN, `finite differences keep each pool's argmax (min gap ${margin.minPoolGap})`);
    for (const backend of BACKENDS) {
      await initBackend(backend);
      for (const pool of ['maxPool', 'maxPool2x2'] as const) {
        const got = tfChecks(actName, pool);
        const label = `${actName}, ${pool} on ${backend}`;
        const [gp, hvp, meta] = [
          assertClose(got.gp, ref.gp, TOL, `${label}: gradient-penalty gradient`),
          assertClose(got.hvp, ref.hvp, TOL, `${label}: Hessian-vector product`),
          assertClose(got.meta, ref.meta, TOL, `${label}: meta-gradient`),
        ].map((e) => e.toExponential(1));
        t.diagnostic(`${pool} on ${backend}: relative errors: gradient penalty ${gp}, HVP ${hvp}, meta ${meta}`);
      }
    }
  });
}
