// The SIMD GEMM of kernels/simd.ts (driven by kernels/simd-gemm.ts) on wasm: every transpose
// combination and awkward shapes (row tails of 1–3, column tails of 1–7, n = 1 and 10, k = 1),
// with and without bias and ReLU. Each output must equal, bit for bit, the float32 sum taken in
// order (the kernel's arithmetic), and lie within the float32 summation bound of a float64 product;
// nothing outside the output is written. Then the routed kernels (BatchMatMul, 3-D batch-1 and
// batched, the fused dense op with its gradients) against the cpu backend, and no leaks.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '../../../src/trainer/backend';
import { denseOp } from '../../../src/trainer/kernels/fused-layers';
import { addressOf, simdFor } from '../../../src/trainer/kernels/simd';
import { gemmInto, simdMatMul } from '../../../src/trainer/kernels/simd-gemm';
import { assertClose, assertNoLeak, onEach, take, tensorOf, values } from './helpers';

before(async () => {
  await initBackend('wasm');
});

const f32 = Math.fround;

/**
 * Reference for op(a)·op(b) (+ bias, ReLU): the float32 in-order sum (what the kernel computes), the
 * float64 sum and Σ|terms| (for the error bound).
 */
function reference(a: number[], b: number[], m: number, k: number, n: number, ta: boolean, tb: boolean, bias?: number[], relu = false) {
  const A = (i: number, p: number) => (ta ? a[p * m + i] : a[i * k + p]);
  const B = (p: number, j: number) => (tb ? b[j * k + p] : b[p * n + j]);
  const exact32: number[] = [];
  const f64: number[] = [];
  const mag: number[] = [];
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s32 = bias ? f32(bias[j]) : 0;
      let s64 = bias ? bias[j] : 0;
      let g = bias ? Math.abs(bias[j]) : 0;
      for (let p = 0; p < k; p++) {
        const t = A(i, p) * B(p, j);
        s32 = f32(s32 + f32(t));
        s64 += t;
        g += Math.abs(t);
      }
      exact32.push(relu && !(s32 > 0) ? 0 : s32);
      f64.push(relu ? Math.max(0, s64) : s64);
      mag.push(g);
    }
  return { exact32, f64, mag };
}

function checkProduct(m: number, k: number, n: number, ta: boolean, tb: boolean, withBias: boolean, relu: boolean, seed: number): void {
  const be = tf.backend() as BackendWasm;
  const label = `${m}×${k}×${n}${ta ? ' aᵀ' : ''}${tb ? ' bᵀ' : ''}${withBias ? ' +bias' : ''}${relu ? ' relu' : ''}`;
  const av = values(m * k, seed);
  const bv = values(k * n, seed + 1);
  const biasV = withBias ? values(n, seed + 2) : undefined;
  const a = tf.tensor(av, ta ? [k, m] : [m, k]);
  const b = tf.tensor(bv, tb ? [n, k] : [k, n]);
  const bias = biasV ? tf.tensor1d(biasV) : undefined;
  const out = simdMatMul(be, a, b, { transposeA: ta, transposeB: tb, bias, relu });
  assert.ok(out, `${label}: handled`);
  assert.deepEqual(out.shape, [m, n], `${label}: shape`);
  const got = Array.from(be.typedArrayFromHeap(out) as Float32Array);
  be.disposeData(out.dataId);
  tf.dispose([a, b, ...(bias ? [bias] : [])]);
  const ref = reference(av, bv, m, k, n, ta, tb, biasV, relu);
  for (let i = 0; i < m * n; i++) {
    assert.equal(got[i], ref.exact32[i], `${label}: element ${i} (row ${Math.floor(i / n)}, column ${i % n}) is the in-order float32 sum`);
    const bound = (k + 2) * 2 ** -23 * ref.mag[i] + 1e-30;
    assert.ok(Math.abs(got[i] - ref.f64[i]) <= bound, `${label}: element ${i} within the float32 bound of float64`);
  }
}

test('SIMD GEMM: all transpose combinations, row and column tails, k = 1; equal to the in-order float32 sum, within bound of float64', () => {
  assert.ok(simdFor(tf.backend() as BackendWasm), 'wasm SIMD available in Node 20');
  let seed = 1;
  for (const ta of [false, true])
    for (const tb of [false, true])
      for (const m of [1, 2, 3, 4, 5, 7, 10, 17])
        for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16, 17, 20, 23])
          for (const k of [1, 3, 17]) checkProduct(m, k, n, ta, tb, false, false, seed++);
});

test('SIMD GEMM: the models\' shapes (MLP 20-64-64-1 at batch 256, 784-256-10 at 128) and larger awkward ones', () => {
  let seed = 1000;
  const shapes: [number, number, number][] = [
    [256, 20, 64], [256, 64, 64], [256, 64, 1], [256, 64, 20], [64, 256, 64], [20, 256, 64], [128, 256, 10], [256, 128, 10], [128, 10, 256],
    [64, 64, 64], [17, 64, 10], [5, 256, 3], [3, 5, 256], [1, 64, 17], [65, 33, 31],
  ];
  for (const [m, k, n] of shapes) for (const ta of [false, true]) for (const tb of [false, true]) checkProduct(m, k, n, ta, tb, false, false, seed++);
});

test('SIMD GEMM with bias and ReLU (the fused dense forward): tails, NaN → 0 under ReLU', () => {
  let seed = 2000;
  for (const [m, k, n] of [[1, 1, 1], [3, 5, 10], [5, 17, 7], [10, 3, 12], [17, 20, 64], [256, 20, 64], [256, 64, 64], [256, 64, 1], [6, 9, 13]] as [number, number, number][])
    for (const relu of [false, true]) {
      checkProduct(m, k, n, false, false, true, relu, seed++);
      checkProduct(m, k, n, true, true, true, relu, seed++);
    }
  const be = tf.backend() as BackendWasm;
  const x = tf.tensor2d([[NaN, 1], [1, 1], [-1, -1], [2, 0], [0.5, 0.5]]);
  const w = tf.tensor2d([[1, -1, 2, 0, 1], [1, 1, -3, 0, 1]]);
  const bias = tf.tensor1d([0, 0, 0, 0, -1]);
  const out = simdMatMul(be, x, w, { transposeA: false, transposeB: false, bias, relu: true })!;
  const got = Array.from(be.typedArrayFromHeap(out) as Float32Array);
  be.disposeData(out.dataId);
  tf.dispose([x, w, bias]);
  assert.deepEqual(got.slice(0, 5), [0, 0, 0, 0, 0], 'NaN row → 0 under ReLU');
  assert.deepEqual(got.slice(5), [2, 0, 0, 0, 1, 0, 0, 1, 0, 0, 2, 0, 4, 0, 1, 1, 0, 0, 0, 0]);
});

test('SIMD GEMM writes nothing outside the output (partial-lane stores at every column tail)', () => {
  const be = tf.backend() as BackendWasm;
  const fns = simdFor(be)!;
  for (const [m, k, n] of [[1, 3, 1], [3, 4, 2], [5, 2, 3], [7, 3, 5], [4, 5, 6], [2, 2, 7], [9, 4, 9], [3, 3, 10], [6, 7, 11]] as [number, number, number][]) {
    const pad = 8;
    const a = tf.tensor2d(values(m * k, m * 31 + n), [m, k]);
    const b = tf.tensor2d(values(k * n, k * 17 + n), [k, n]);
    const c = tf.fill([m * n + 2 * pad], 12345);
    gemmInto(fns, addressOf(be, a), 4 * k, 4, addressOf(be, b), addressOf(be, c) + 4 * pad, m, k, n, -1, false);
    const got = take(c);
    const ref = reference(values(m * k, m * 31 + n), values(k * n, k * 17 + n), m, k, n, false, false).exact32;
    assert.deepEqual(got.slice(0, pad), Array(pad).fill(12345), `${m}×${k}×${n}: before the output`);
    assert.deepEqual(got.slice(pad + m * n), Array(pad).fill(12345), `${m}×${k}×${n}: after the output`);
    assert.deepEqual(got.slice(pad, pad + m * n), ref, `${m}×${k}×${n}: values`);
    tf.dispose([a, b]);
  }
});

test('BatchMatMul on wasm through the SIMD GEMM (2-D, 3-D batch 1) and the stock path (batched) agree with cpu; no leaks', async () => {
  const cases: [number[], number[], boolean, boolean][] = [
    [[256, 20], [20, 64], false, false],
    [[256, 64], [20, 64], false, true],
    [[256, 20], [256, 64], true, false],
    [[10, 17], [5, 10], true, true],
    [[1, 33, 7], [1, 7, 10], false, false],
    [[1, 7, 33], [1, 10, 7], true, true],
    [[3, 5, 7], [3, 7, 4], false, false],
    [[3, 7, 5], [1, 4, 7], true, true],
    [[64, 1], [1, 10], false, false],
    [[5, 0], [0, 3], false, false],
  ];
  for (const [as, bs, ta, tb] of cases) {
    const r = await onEach(() => tf.matMul(tensorOf(as, 7), tensorOf(bs, 8), ta, tb));
    assertClose(r.wasm, r.cpu, 1e-6, `matMul ${as} ${bs} ${ta} ${tb}`);
  }
  await initBackend('wasm');
  const a = tensorOf([256, 64], 3);
  const b = tensorOf([20, 64], 4);
  assertNoLeak(() => tf.dispose(tf.matMul(a, b, false, true)), 'SIMD BatchMatMul with bᵀ');
  tf.dispose([a, b]);
});

test('fused dense op on wasm (SIMD GEMM with bias and ReLU): value, gradients and gradient-penalty gradient agree with cpu', async () => {
  for (const [n, i, o] of [[256, 20, 64], [17, 5, 10], [3, 64, 1], [7, 9, 13]]) {
    for (const act of ['linear', 'relu'] as const) {
      const r = await onEach(() => {
        const x = tensorOf([n, i], 11);
        const w = tensorOf([i, o], 12);
        const b = tensorOf([o], 13, 0.3);
        const f = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.square(denseOp(xx as tf.Tensor2D, ww as tf.Tensor2D, bb as tf.Tensor1D, act))) as tf.Scalar;
        const y = denseOp(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D, act);
        const grads = tf.grads((xx, ww, bb) => f(xx, ww, bb))([x, w, b]);
        // Gradient of an input-gradient penalty (second order through the products).
        const pen = tf.grads((ww, bb) => {
          const gx = tf.grad((xx: tf.Tensor) => f(xx, ww, bb))(x);
          return tf.sum(tf.square(gx)) as tf.Scalar;
        })([w, b]);
        return [y, ...grads, ...pen];
      });
      assertClose(r.wasm, r.cpu, 2e-5, `dense ${n}×${i}→${o} ${act}`);
    }
  }
});
