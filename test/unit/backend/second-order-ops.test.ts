// Hessian-vector products of small scalar functions, one per op whose gradient the backend module
// re-registers or whose gradient contains a comparison, on cpu and wasm, against float64 nested
// central differences (tolerance 1e-4; measured < 1e-6). Also: nested tf.grad through the fixed ops
// no longer throws, and the higher-order helpers leave no tensors behind.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/trainer/backend';
import { hessianVectorProduct, inputGradient } from '../../../src/trainer/autodiff/higher-order';
import { assertClose, assertNoLeak, BACKENDS, take } from './helpers';
import { erf64 } from './reference64';

before(async () => {
  await initBackend('cpu');
});

const X = [-1.3, -0.6, -0.2, 0.35, 0.8, 1.45];
const C = [0.9, -0.4, 1.1, 0.7, -1.2, 0.5];
const V = [0.3, -1.1, 0.8, 0.45, 0.6, -0.7];
const SELU = [1.0507009873554805, 1.7580993408473768];

interface Case {
  name: string;
  /** Moves the sample point into the function's smooth domain (e.g. positive for log). */
  at?: (x: number) => number;
  tf: (x: tf.Tensor) => tf.Tensor;
  f64: (x: number[]) => number;
}

/** Σ cᵢ·g(xᵢ) for an elementwise op given in tfjs and in float64. */
function elementwise(name: string, op: (x: tf.Tensor) => tf.Tensor, g: (x: number) => number, at?: (x: number) => number): Case {
  return { name, at, tf: (x) => tf.sum(tf.mul(op(x), tf.tensor1d(C))), f64: (x) => x.reduce((s, v, i) => s + C[i] * g(v), 0) };
}

const pos = (x: number) => Math.abs(x) + 0.3;
const sig = (z: number) => 1 / (1 + Math.exp(-z));
const softplus = (z: number) => Math.log1p(Math.exp(z));
const lse = (z: number[]) => Math.log(z.reduce((s, v) => s + Math.exp(v), 0));
const Y = [0, 0, 1, 1, 0, 0];

const CASES: Case[] = [
  elementwise('tanh', tf.tanh, Math.tanh),
  elementwise('sigmoid', tf.sigmoid, sig),
  elementwise('exp', tf.exp, Math.exp),
  elementwise('expm1', tf.expm1, Math.expm1),
  elementwise('log', tf.log, Math.log, pos),
  elementwise('log1p', tf.log1p, Math.log1p, pos),
  elementwise('elu', tf.elu, (z) => (z > 0 ? z : Math.expm1(z))),
  elementwise('selu', tf.selu, (z) => SELU[0] * (z > 0 ? z : (SELU[1] / SELU[0]) * Math.expm1(z))),
  elementwise('softplus', tf.softplus, softplus),
  elementwise('erf', tf.erf, erf64),
  elementwise('sqrt', tf.sqrt, Math.sqrt, pos),
  elementwise('rsqrt', tf.rsqrt, (z) => 1 / Math.sqrt(z), pos),
  elementwise('reciprocal', tf.reciprocal, (z) => 1 / z, pos),
  elementwise('square', tf.square, (z) => z * z),
  elementwise('atan', tf.atan, Math.atan),
  elementwise('pow(x, 3)', (x) => tf.pow(x, 3), (z) => z ** 3),
  elementwise('pow(x, 2.5)', (x) => tf.pow(x, 2.5), (z) => z ** 2.5, pos),
  elementwise('pow(1.7, x)', (x) => tf.pow(tf.scalar(1.7), x), (z) => 1.7 ** z),
  elementwise('relu·x²', (x) => tf.mul(tf.relu(x), tf.square(x)), (z) => Math.max(0, z) * z * z),
  elementwise('relu6·x', (x) => tf.mul(tf.relu6(tf.mul(x, 5)), x), (z) => Math.min(6, Math.max(0, 5 * z)) * z),
  elementwise('leakyRelu·x', (x) => tf.mul(tf.leakyRelu(x, 0.1), x), (z) => (z > 0 ? z : 0.1 * z) * z),
  elementwise('prelu·x', (x) => tf.mul(tf.prelu(x, tf.scalar(0.2)), x), (z) => (z > 0 ? z : 0.2 * z) * z),
  elementwise('abs·x', (x) => tf.mul(tf.abs(x), x), (z) => Math.abs(z) * z),
  elementwise('clip(x)²', (x) => tf.square(tf.clipByValue(x, -0.5, 0.5)), (z) => Math.min(0.5, Math.max(-0.5, z)) ** 2),
  elementwise('maximum(x, x²/2)²', (x) => tf.square(tf.maximum(x, tf.mul(tf.square(x), 0.5))), (z) => Math.max(z, 0.5 * z * z) ** 2),
  elementwise('minimum(x, x²/2)²', (x) => tf.square(tf.minimum(x, tf.mul(tf.square(x), 0.5))), (z) => Math.min(z, 0.5 * z * z) ** 2),
  elementwise('where(x > 0, sin, cos)', (x) => tf.where(tf.greater(x, 0), tf.sin(x), tf.cos(x)), (z) => (z > 0 ? Math.sin(z) : Math.cos(z))),
  { name: 'max(x)²', tf: (x) => tf.square(tf.max(x)), f64: (x) => Math.max(...x) ** 2 },
  { name: 'min(x)·sum(x)', tf: (x) => tf.mul(tf.min(x), tf.sum(x)), f64: (x) => Math.min(...x) * x.reduce((a, b) => a + b, 0) },
  { name: 'variance (mean broadcast)', tf: (x) => tf.mean(tf.square(tf.sub(x, tf.mean(x)))), f64: (x) => { const m = x.reduce((a, b) => a + b, 0) / x.length; return x.reduce((s, v) => s + (v - m) ** 2, 0) / x.length; } },
  { name: 'norm', tf: (x) => tf.sqrt(tf.sum(tf.square(x))), f64: (x) => Math.sqrt(x.reduce((s, v) => s + v * v, 0)) },
  { name: 'logSumExp', tf: (x) => tf.logSumExp(tf.reshape(x, [2, 3]), 1), f64: (x) => lse(x.slice(0, 3)) + lse(x.slice(3)) },
  {
    name: 'cross-entropy via softmax',
    tf: (x) => tf.neg(tf.sum(tf.mul(tf.tensor2d(Y, [2, 3]), tf.log(tf.softmax(tf.reshape(x, [2, 3])))))),
    f64: (x) => lse(x.slice(0, 3)) + lse(x.slice(3)) - x.reduce((s, v, i) => s + Y[i] * v, 0),
  },
  {
    name: 'cross-entropy as logSumExp − Σ y·z',
    tf: (x) => { const z = tf.reshape(x, [2, 3]); return tf.sum(tf.sub(tf.logSumExp(z, 1), tf.sum(tf.mul(tf.tensor2d(Y, [2, 3]), z), 1))); },
    f64: (x) => lse(x.slice(0, 3)) + lse(x.slice(3)) - x.reduce((s, v, i) => s + Y[i] * v, 0),
  },
];

/** Float64 Hessian-vector product by nested central differences (inner 1e-5, outer 1e-4). */
function hvp64(f: (x: number[]) => number, x: number[], v: number[]): number[] {
  const grad = (p: number[]) =>
    p.map((_, i) => {
      const a = [...p];
      const b = [...p];
      a[i] += 1e-5;
      b[i] -= 1e-5;
      return (f(a) - f(b)) / 2e-5;
    });
  const gp = grad(x.map((xi, i) => xi + 1e-4 * v[i]));
  const gm = grad(x.map((xi, i) => xi - 1e-4 * v[i]));
  return gp.map((g, i) => (g - gm[i]) / 2e-4);
}

test('Hessian-vector products of every fixed op match float64 (cpu and wasm)', async (t) => {
  const worst: Record<string, number> = {};
  for (const backend of BACKENDS) {
    await initBackend(backend);
    for (const c of CASES) {
      const x = X.map((v) => Math.fround(c.at ? c.at(v) : v));
      const ref = hvp64(c.f64, x, V);
      const got = take(tf.tidy(() => hessianVectorProduct((p) => c.tf(p[0]) as tf.Scalar, [tf.tensor1d(x)], [tf.tensor1d(V)])));
      const e = assertClose(got, ref, 1e-4, `${c.name} on ${backend}`);
      worst[backend] = Math.max(worst[backend] ?? 0, e);
    }
  }
  t.diagnostic(`worst relative error over ${CASES.length} functions: ${Object.entries(worst).map(([b, e]) => `${b} ${e.toExponential(1)}`).join(', ')}`);
});

test('Hessian-vector products through avgPool and maxPool (AvgPoolGrad, MaxPoolGrad gradients) match float64', async () => {
  // 4×4 single-channel image, 2×2 pools with stride 2, then tanh and a weighted sum.
  const img = [0.3, -1.2, 0.8, 0.1, 1.5, -0.4, -0.9, 0.6, -0.2, 0.7, 1.1, -1.4, 0.9, -0.6, 0.2, 1.3].map(Math.fround);
  const v = img.map((_, i) => Math.fround(Math.cos(i)));
  const w = [0.8, -1.1, 0.6, 1.3];
  const pool64 = (x: number[], kind: 'avg' | 'max') =>
    [0, 1, 2, 3].reduce((s, k) => {
      const [r, c] = [2 * Math.floor(k / 2), 2 * (k % 2)];
      const win = [x[r * 4 + c], x[r * 4 + c + 1], x[(r + 1) * 4 + c], x[(r + 1) * 4 + c + 1]].map((t) => t * t);
      return s + w[k] * Math.tanh(kind === 'avg' ? win.reduce((a, b) => a + b, 0) / 4 : Math.max(...win));
    }, 0);
  for (const backend of BACKENDS) {
    await initBackend(backend);
    for (const kind of ['avg', 'max'] as const) {
      const f = (p: tf.Tensor[]) => {
        const sq = tf.reshape(tf.square(p[0]), [1, 4, 4, 1]) as tf.Tensor4D;
        const pooled = kind === 'avg' ? tf.avgPool(sq, 2, 2, 'valid') : tf.maxPool(sq, 2, 2, 'valid');
        return tf.sum(tf.mul(tf.tanh(tf.reshape(pooled, [4])), tf.tensor1d(w))) as tf.Scalar;
      };
      const got = take(tf.tidy(() => hessianVectorProduct(f, [tf.tensor1d(img)], [tf.tensor1d(v)])));
      assertClose(got, hvp64((x) => pool64(x, kind), img, v), 1e-4, `${kind}Pool on ${backend}`);
    }
  }
});

test('nested tf.grad through the fixed ops is defined (stock tfjs throws for these)', async () => {
  for (const backend of BACKENDS) {
    await initBackend(backend);
    const x = tf.tensor1d([-0.7, 0.4, 1.2]);
    const second = (f: (t: tf.Tensor) => tf.Tensor) => take(tf.tidy(() => tf.grad((u: tf.Tensor) => tf.sum(tf.grad((w: tf.Tensor) => tf.sum(f(w)))(u)))(x)));
    const d2tanh = second(tf.tanh);
    [-0.7, 0.4, 1.2].forEach((z, i) => {
      const th = Math.tanh(z);
      assert.ok(Math.abs(d2tanh[i] - -2 * th * (1 - th * th)) < 1e-5, `tanh'' at ${z} on ${backend}`);
    });
    for (const f of [tf.sigmoid, tf.exp, tf.elu, (w: tf.Tensor) => tf.leakyRelu(w, 0.1), (w: tf.Tensor) => tf.softmax(tf.reshape(w, [1, 3])), (w: tf.Tensor) => tf.max(w)]) {
      assert.ok(second(f).every(Number.isFinite), `${backend}: nested gradient defined`);
    }
    x.dispose();
  }
});

test('hessianVectorProduct and inputGradient are tidy: no tensors or backend buffers left behind', async () => {
  for (const backend of BACKENDS) {
    await initBackend(backend);
    const w = tf.tensor2d([[0.3, -0.2], [0.5, 0.1], [-0.4, 0.7]]);
    const x = tf.tensor2d([[1, 2, 3], [-1, 0.5, 2]]);
    const v = tf.onesLike(w);
    const f = (p: tf.Tensor[]) => tf.sum(tf.square(tf.tanh(tf.matMul(x, p[0] as tf.Tensor2D)))) as tf.Scalar;
    assertNoLeak(() => tf.dispose(hessianVectorProduct(f, [w], [v])), `hessianVectorProduct on ${backend}`);
    assertNoLeak(() => tf.dispose(inputGradient((xx: tf.Tensor2D) => tf.sum(tf.tanh(tf.matMul(xx, w)), 1), x)), `inputGradient on ${backend}`);
    assertNoLeak(
      () => tf.dispose(tf.grads((p: tf.Tensor) => tf.sum(tf.square(inputGradient((xx: tf.Tensor2D) => tf.sum(tf.sigmoid(tf.matMul(xx, p as tf.Tensor2D)), 1), x))))([w])),
      `gradient of an input-gradient penalty on ${backend}`,
    );
    tf.dispose([w, x, v]);
  }
});
