// Second-order autodiff through MLPs on cpu and wasm, against the independent float64 reference in
// reference64.ts: (a) the parameter gradient of a gradient-penalty loss (double backprop),
// (b) Hessian-vector products, (c) the meta-gradient through one unrolled SGD step with a learned
// loss, for every activation. Tolerance: norm-wise relative error < 1e-4. tfjs computes in float32
// (~6e-8 per rounding) and these tiny 3-4-4-1 models measure 5e-8 to 5e-6 (tfjs's approximate erf
// included), so 1e-4 leaves ≥ 20× headroom; it is also tight enough to catch every dropped term: stock
// tfjs is off by 2.5e-4 (sigmoid, gradient penalty) up to 3e-1 here, or throws.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/trainer/backend';
import { hessianVectorProduct, inputGradient } from '../../../src/trainer/autodiff/higher-order';
import { assertClose, BACKENDS, take, values } from './helpers';
import { ACTS64, directional, gradient64, H_INNER, H_OUTER, inputGradient64, KINKED, margin, mlp64, resetMargins, type Params64 } from './reference64';
import { mlpShapes, mlpTf, TF_ACTS, toTensors } from './tf-models';

const TOL = 1e-4;
const SIZES = [3, 4, 4, 1];
const N = 6;
const LAMBDA = 0.5;
const ALPHA = 0.3;
const SHAPES = mlpShapes(SIZES);
const X = Array.from({ length: N }, (_, i) => values(3, 100 + i, 1.2));
const Y = values(N, 200);
const X_VAL = Array.from({ length: N }, (_, i) => values(3, 300 + i, 1.2));
const Y_VAL = values(N, 400);
const P64: Params64 = SHAPES.map((s, i) => values(s.reduce((a, b) => a * b, 1), 10 + i, s.length === 2 ? 0.9 : 0.3));
const V64: Params64 = SHAPES.map((s, i) => values(s.reduce((a, b) => a * b, 1), 50 + i));
/** Learned-loss parameters φ of ℓφ(r) = φ0·r² + φ1·tanh(r)² + φ2·softplus(φ3·r), r = prediction − target. */
const PHI = [0.7, 0.4, 0.3, 1.3].map(Math.fround);

before(async () => {
  await initBackend('cpu');
});

// ---------- float64 reference ----------

function reference(actName: string): { gp: number[]; hvp: number[]; metaTheta: number[]; metaPhi: number[] } {
  const act = ACTS64[actName];
  const f = (p: Params64, x: number[]) => mlp64(p, SIZES, act, x)[0];
  const mse = (p: Params64, xs: number[][], ys: number[]) => xs.reduce((s, x, i) => s + (f(p, x) - ys[i]) ** 2, 0) / xs.length;
  const gpLoss = (p: Params64) =>
    mse(p, X, Y) + (LAMBDA * X.reduce((s, x) => s + inputGradient64((xx) => f(p, xx), x, H_INNER).reduce((a, g) => a + g * g, 0), 0)) / N;
  const softplus = ACTS64.softplus;
  const learned = (p: Params64, phi: number[]) =>
    X.reduce((s, x, i) => {
      const r = f(p, x) - Y[i];
      return s + phi[0] * r * r + phi[1] * Math.tanh(r) ** 2 + phi[2] * softplus(phi[3] * r);
    }, 0) / N;
  const meta = (p: Params64, phi: number[]) => {
    const g = gradient64((q) => learned(q, phi), p, H_INNER);
    return mse(p.map((a, i) => a.map((v, j) => v - ALPHA * g[i][j])), X_VAL, Y_VAL);
  };
  const gradData = (p: Params64) => gradient64((q) => mse(q, X, Y), p, H_INNER);
  const hvp = SHAPES.map((_, i) => V64[i].map((__, j) => directional((p) => gradData(p)[i][j], P64, V64, H_OUTER)));
  return {
    gp: gradient64(gpLoss, P64, H_OUTER).flat(),
    hvp: hvp.flat(),
    metaTheta: gradient64((p) => meta(p, PHI), P64, H_OUTER).flat(),
    metaPhi: PHI.map((_, k) => {
      const d = PHI.map((__, m) => (m === k ? 1 : 0));
      return directional((q) => meta(P64, q[0]), [PHI], [d], H_OUTER);
    }),
  };
}

// ---------- tfjs ----------

function tfChecks(actName: string): { gp: number[]; hvp: number[]; metaTheta: number[]; metaPhi: number[] } {
  const act = TF_ACTS[actName];
  const x = tf.tensor2d(X);
  const y = tf.tensor2d(Y, [N, 1]);
  const xVal = tf.tensor2d(X_VAL);
  const yVal = tf.tensor2d(Y_VAL, [N, 1]);
  const params = toTensors(P64, SHAPES);
  const v = toTensors(V64, SHAPES);
  const phi = PHI.map((p) => tf.scalar(p));
  const mse = (p: tf.Tensor[], xs: tf.Tensor, ys: tf.Tensor) => tf.mean(tf.square(tf.sub(mlpTf(p, act, xs), ys))) as tf.Scalar;

  const gp = tf.grads((...p: tf.Tensor[]) => {
    const gx = inputGradient((xx: tf.Tensor2D) => mlpTf(p, act, xx), x);
    return tf.add(mse(p, x, y), tf.mul(LAMBDA, tf.mean(tf.sum(tf.square(gx), 1))));
  })(params);

  const hvp = hessianVectorProduct((p) => mse(p, x, y), params, v);

  const learned = (p: tf.Tensor[], ph: tf.Tensor[]) => {
    const r = tf.sub(mlpTf(p, act, x), y);
    const terms = tf.addN([tf.mul(ph[0], tf.square(r)), tf.mul(ph[1], tf.square(tf.tanh(r))), tf.mul(ph[2], tf.softplus(tf.mul(ph[3], r)))]);
    return tf.mean(terms) as tf.Scalar;
  };
  const meta = tf.grads((...all: tf.Tensor[]) => {
    const theta = all.slice(0, params.length);
    const ph = all.slice(params.length);
    const g = tf.grads((...t: tf.Tensor[]) => learned(t, ph))(theta);
    return mse(theta.map((t, i) => tf.sub(t, tf.mul(ALPHA, g[i]))), xVal, yVal);
  })([...params, ...phi]);

  const out = {
    gp: take(gp),
    hvp: take(hvp),
    metaTheta: take(meta.slice(0, params.length)),
    metaPhi: take(meta.slice(params.length)),
  };
  tf.dispose([x, y, xVal, yVal, ...params, ...v, ...phi]);
  return out;
}

for (const actName of Object.keys(ACTS64)) {
  test(`MLP ${actName}: gradient-penalty gradient, Hessian-vector product and meta-gradient match float64`, async (t) => {
    resetMargins();
    const ref = reference(actName);
    if (KINKED.has(actName)) assert.ok(margin.minAbsPreactivation > 1e-2, `finite differences stay clear of the kink (min |z| = ${margin.minAbsPreactivation})`);
    for (const backend of BACKENDS) {
      await initBackend(backend);
      const got = tfChecks(actName);
      const label = `${actName} on ${backend}`;
      const errors = [
        assertClose(got.gp, ref.gp, TOL, `${label}: gradient-penalty gradient`),
        assertClose(got.hvp, ref.hvp, TOL, `${label}: Hessian-vector product`),
        assertClose(got.metaTheta, ref.metaTheta, TOL, `${label}: meta-gradient w.r.t. θ`),
        assertClose(got.metaPhi, ref.metaPhi, TOL, `${label}: meta-gradient w.r.t. φ`),
      ];
      const [gp, hvp, metaTheta, metaPhi] = errors.map((e) => e.toExponential(1));
      t.diagnostic(`${backend}: relative errors: gradient penalty ${gp}, HVP ${hvp}, meta θ ${metaTheta}, meta φ ${metaPhi}`);
    }
  });
}
