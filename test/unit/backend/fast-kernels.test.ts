// The speed kernels of issue #5 on wasm (and cpu where registered): batch-row GatherV2, zero-copy
// Identity, Sum over leading axes (SIMD), Tanh (SIMD), Transpose (last two axes), the 2×2 max-pool gradient (SIMD and JS), the hand-assembled
// SIMD module, and the fused dense / conv ops of kernels/fused-layers.ts. Values against the cpu
// backend or float64; fused-op gradients at first and second order against float64 finite
// differences and against the plain (unfused) ops.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '../../../src/trainer/backend';
import { hessianVectorProduct, inputGradient } from '../../../src/trainer/autodiff/higher-order';
import { convOp, denseOp, type FusedActivation } from '../../../src/trainer/kernels/fused-layers';
import { addressOf, simdFor } from '../../../src/trainer/kernels/simd';
import { tanhApprox } from '../../../src/trainer/kernels/simd-tanh';
import { createOptimizer } from '../../../src/trainer/optim';
import { assertClose, assertNoLeak, BACKENDS, onEach, take, tensorOf, values } from './helpers';

before(async () => {
  await initBackend('wasm');
});

test('the SIMD module compiles against the wasm backend memory; reluMask and sumRows on raw addresses', async () => {
  await initBackend('wasm');
  const be = tf.backend() as BackendWasm;
  const simd = simdFor(be);
  assert.ok(simd, 'wasm SIMD available in Node 20');
  const a = tf.tensor1d([1, -2, 3, -4, 5, 6, -7, 8]);
  const y = tf.tensor1d([1, 1, -1, 0, 2, -3, 4, NaN]);
  const o = tf.zeros([8]);
  simd.reluMask(addressOf(be, a), addressOf(be, y), addressOf(be, o), 2);
  assert.deepEqual(take(o), [1, -2, 0, 0, 5, 0, -7, 0]);
  const x = tf.tensor2d([[1, 2, 3, 4], [10, 20, 30, 40], [100, 200, 300, 400]]);
  const s = tf.zeros([4]);
  simd.sumRows(addressOf(be, x), addressOf(be, s), 3, 1);
  assert.deepEqual(take(s), [111, 222, 333, 444]);
  tf.dispose([a, y, x]);
});

test('Tanh on wasm (f32x4 rational approximation): within 3.5e-7 of float64 tanh, equal to its JS form; gradients at second order', async () => {
  await initBackend('wasm');
  const xs: number[] = [];
  for (let x = -12; x <= 12; x += 0.0037) xs.push(Math.fround(x));
  xs.push(0, -0, 1e-5, -3e-4, 5e-4, 7.9, 7.95, -8, 30, -30, 1e30, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, NaN);
  const got = take(tf.tanh(tf.tensor1d(xs)));
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (Number.isNaN(x)) {
      assert.ok(Number.isNaN(got[i]), 'NaN stays NaN');
      continue;
    }
    assert.ok(Math.abs(got[i] - Math.tanh(x)) <= 3.5e-7, `tanh(${x}) = ${got[i]}, float64 ${Math.tanh(x)}`);
    assert.ok(Math.abs(got[i]) <= 1, `|tanh(${x})| ≤ 1`);
    assert.equal(got[i], tanhApprox(x), `SIMD and JS forms agree at ${x}`);
  }
  // The tail (sizes not a multiple of 4) and the gradient path (second order through the fixed Tanh gradient).
  const x = tf.tensor1d([-1.3, -0.6, 0.35, 0.8, 1.45, 0.2, -2.1]);
  const v = tf.tensor1d([0.3, -1.1, 0.8, 0.45, 0.6, -0.7, 0.25]);
  const hv = take(hessianVectorProduct((p) => tf.sum(tf.tanh(p[0])) as tf.Scalar, [x], [v]));
  const ref = Array.from(x.dataSync()).map((z, i) => -2 * Math.tanh(z) * (1 - Math.tanh(z) ** 2) * v.dataSync()[i]);
  assertClose(hv, ref, 2e-6, 'Hessian-vector product of Σ tanh');
  tf.dispose([x, v]);
});

test('Adam/AdamW as the f32x4 step on wasm (above the JS size limit, tails of 1–3) match a float64 reference over 3 steps', async () => {
  await initBackend('wasm');
  const shapes = [[201, 199], [7], [3, 5], [1]];
  for (const cfg of [
    { type: 'adam', lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.1 },
    { type: 'adamw', lr: 0.01, beta1: 0.8, beta2: 0.95, epsilon: 0.01, weightDecay: 0.5 },
  ] as const) {
    const opt = createOptimizer(cfg);
    let params = shapes.map((sh, i) => tensorOf(sh, 50 + i));
    let state = opt.initState(params);
    const p64 = params.map((t) => Array.from(t.dataSync()));
    const m64 = p64.map((a) => a.map(() => 0));
    const v64 = p64.map((a) => a.map(() => 0));
    for (let t = 1; t <= 3; t++) {
      const grads = shapes.map((sh, i) => tensorOf(sh, 60 + 10 * t + i));
      const g64 = grads.map((g) => Array.from(g.dataSync()));
      const next = opt.step(params, grads, state, cfg.lr, t);
      tf.dispose([...params, ...state, ...grads]);
      params = next.params;
      state = next.state;
      p64.forEach((p, i) =>
        p.forEach((pj, j) => {
          const g = g64[i][j] + (cfg.type === 'adam' ? cfg.weightDecay * pj : 0);
          m64[i][j] = cfg.beta1 * m64[i][j] + (1 - cfg.beta1) * g;
          v64[i][j] = cfg.beta2 * v64[i][j] + (1 - cfg.beta2) * g * g;
          const shrink = cfg.type === 'adamw' ? 1 - cfg.lr * cfg.weightDecay : 1;
          p[j] = pj * shrink - ((cfg.lr / (1 - cfg.beta1 ** t)) * m64[i][j]) / (Math.sqrt(v64[i][j] / (1 - cfg.beta2 ** t)) + cfg.epsilon);
        }),
      );
    }
    params.forEach((t, i) => assertClose(Array.from(t.dataSync()), p64[i], 1e-6, `${cfg.type} param ${i}`));
    tf.dispose([...params, ...state]);
  }
});

test('thin matrix products (a dimension ≤ 2, in JS) match cpu for every transpose combination; fused dense with one output too', async () => {
  const dimsList = [[256, 1, 64], [64, 256, 1], [1, 30, 7], [9, 2, 5], [40, 64, 2], [3, 3, 3]];
  for (const [m, k, n] of dimsList) {
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]]) {
      const as = ta ? [k, m] : [m, k];
      const bs = tb ? [n, k] : [k, n];
      const r = await onEach(() => tf.matMul(tensorOf(as, 70) as tf.Tensor2D, tensorOf(bs, 71) as tf.Tensor2D, ta, tb));
      assertClose(r.wasm, r.cpu, 1e-6, `matMul ${m}×${k}×${n} tA=${ta} tB=${tb}`);
    }
  }
  for (const act of ['linear', 'relu'] as const) {
    const f = () => {
      const [x, w, b] = [tensorOf([6, 5], 72), tensorOf([5, 1], 73), tensorOf([1], 74, 0.1)];
      const y = denseOp(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D, act);
      const g = tf.grads((ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.square(denseOp(x as tf.Tensor2D, ww as tf.Tensor2D, bb as tf.Tensor1D, act))))([w, b]);
      return [y, ...g];
    };
    const r = await onEach(f);
    assertClose(r.wasm, r.cpu, 1e-6, `dense 5→1 ${act}`);
  }
});

test('Transpose of the last two axes (JS strips) matches cpu for 2-D, batched, int32 and odd sizes; other permutations unchanged', async () => {
  for (const [shape, perm] of [[[5, 3], [1, 0]], [[17, 9], [1, 0]], [[1, 64, 20], [0, 2, 1]], [[3, 7, 11], [0, 2, 1]], [[2, 3, 4], [2, 1, 0]], [[2, 3, 4], [1, 0, 2]]] as [number[], number[]][]) {
    const r = await onEach(() => tf.transpose(tensorOf(shape, 41), perm));
    assert.deepEqual(r.wasm, r.cpu, `transpose ${JSON.stringify(shape)} ${perm}`);
  }
  const ints = await onEach(() => tf.cast(tf.transpose(tf.tensor2d([[1, 2, 3], [4, 5, 6]], [2, 3], 'int32')), 'float32'));
  assert.deepEqual(ints.wasm, [1, 4, 2, 5, 3, 6]);
});

test('GatherV2 along axis 0 (batch rows): values and gradient match cpu, bad indices throw', async () => {
  const rows = [5, 0, 3, 3, 7, 1];
  for (const shape of [[8, 3], [8, 40], [8, 2, 3], [8]]) {
    const r = await onEach(() => tf.gather(tensorOf(shape, 1), tf.tensor1d(rows, 'int32')));
    assert.deepEqual(r.wasm, r.cpu, `gather ${JSON.stringify(shape)}`);
    const g = await onEach(() => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.gather(x, tf.tensor1d(rows, 'int32')), tensorOf([rows.length, ...shape.slice(1)], 2))))(tensorOf(shape, 1)));
    assertClose(g.wasm, g.cpu, 1e-7, `gather gradient ${JSON.stringify(shape)}`);
  }
  const ints = await onEach(() => tf.cast(tf.gather(tf.tensor2d([[1, 2], [3, 4], [5, 6]], [3, 2], 'int32'), tf.tensor1d([2, 0], 'int32')), 'float32'));
  assert.deepEqual(ints.wasm, [5, 6, 1, 2]);
  await initBackend('wasm');
  const x = tensorOf([4, 3], 3);
  for (const bad of [[4], [-1]]) assert.throws(() => tf.gather(x, tf.tensor1d(bad, 'int32')), /index value/);
  // Other axes still go to the stock kernel.
  const axis1 = await onEach(() => tf.gather(tensorOf([3, 5], 4), tf.tensor1d([4, 0], 'int32'), 1));
  assert.deepEqual(axis1.wasm, axis1.cpu);
  await initBackend('wasm');
  assertNoLeak(() => {
    tf.tidy(() => {
      tf.gather(x, tf.tensor1d([1, 2, 1], 'int32'));
    });
  }, 'gather');
  x.dispose();
});

test('Identity and same-dtype Cast on wasm share the buffer: clones survive the original, values stay, nothing leaks', async () => {
  await initBackend('wasm');
  const a = tensorOf([3, 4], 5);
  const expected = Array.from(a.dataSync());
  const b = tf.clone(a);
  a.dispose();
  assert.deepEqual(Array.from(b.dataSync()), expected);
  const c = tf.add(b, 1);
  assert.deepEqual(take(c), expected.map((v) => Math.fround(v + 1)));
  b.dispose();
  // A same-dtype Cast shares the buffer too; a real conversion still converts.
  const f = tensorOf([4], 7);
  const same = tf.cast(f, 'float32');
  const fv = Array.from(f.dataSync());
  f.dispose();
  assert.deepEqual(take(same), fv);
  assert.deepEqual(take(tf.cast(tf.tensor1d([1.7, -2.2, 3]), 'int32')), [1, -2, 3]);
  const x = tensorOf([5], 6);
  assertNoLeak(() => {
    tf.tidy(() => {
      tf.grad((t: tf.Tensor) => tf.sum(tf.tanh(t)))(x);
    });
  }, 'identity through gradients');
  x.dispose();
});

test('Sum over leading axes (SIMD when the kept size is a multiple of 4) matches cpu (keepDims, several ranks); other reductions unchanged', async () => {
  const cases: [number[], number[], boolean][] = [
    [[7, 5], [0], false], [[7, 5], [0], true], [[3, 4, 5, 6], [0, 1, 2], false], [[3, 4, 5, 6], [0, 1], true],
    [[300, 3], [0], false], [[50, 8], [0], false], [[2, 3, 4, 8], [0, 1, 2], false], [[300, 64], [0], true], [[3, 5, 4], [0], false],
    [[3, 4, 5], [1], false], [[3, 4, 5], [0, 2], false], [[4, 6], [0, 1], false], [[5], [0], false],
  ];
  for (const [shape, axes, keep] of cases) {
    const r = await onEach(() => tf.sum(tensorOf(shape, 7), axes, keep));
    assertClose(r.wasm, r.cpu, 1e-6, `sum ${JSON.stringify(shape)} axes ${axes} keepDims ${keep}`);
  }
  await initBackend('wasm');
  const kept = tf.sum(tensorOf([7, 5], 7), 0, true);
  assert.deepEqual(kept.shape, [1, 5]);
  kept.dispose();
});

test('maxPool 2×2 stride 2 fast paths: values, gradients, argmax match cpu (odd sizes, ties, −∞ and NaN windows)', async () => {
  const special = (shape: number[]) => {
    const v = values(shape.reduce((a, b) => a * b, 1), 8);
    v[0] = v[1] = 0.5;
    v[5] = Number.NEGATIVE_INFINITY;
    return tf.tensor4d(v, shape as [number, number, number, number]);
  };
  // Channels a multiple of 4 take the SIMD row loop; others the JS loop.
  for (const shape of [[2, 6, 6, 3], [1, 5, 7, 2], [3, 4, 4, 1], [2, 6, 6, 4], [1, 5, 7, 8], [2, 4, 4, 16]]) {
    const dy = tensorOf([shape[0], Math.floor(shape[1] / 2), Math.floor(shape[2] / 2), shape[3]], 9);
    const r = await onEach(() => {
      const x = special(shape);
      return [tf.maxPool(x, 2, 2, 'valid'), tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid'), dy)))(x)];
    });
    assert.deepEqual(r.wasm, r.cpu, `maxPool ${JSON.stringify(shape)}`);
    dy.dispose();
  }
  await initBackend('wasm');
  // JS path (1 channel): an all-NaN window passes nothing.
  const nanWindow = tf.tensor4d([NaN, NaN, 1, 2, NaN, NaN, 3, 4], [1, 2, 4, 1]);
  assert.deepEqual(take(tf.grad((t: tf.Tensor) => tf.sum(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid')))(nanWindow)), [0, 0, 0, 0, 0, 0, 0, 1]);
  // SIMD path (4 channels): per channel a tie (first wins), NaN only, −∞ only, a NaN beside a maximum.
  const I = Number.NEGATIVE_INFINITY;
  const px = [[2, NaN, I, NaN], [2, NaN, I, 1], [1, NaN, I, 3], [2, NaN, I, 2]]; // positions (0,0), (0,1), (1,0), (1,1)
  const simdWindow = tf.tensor4d(px.flat(), [1, 2, 2, 4]);
  const gs = take(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid'), tf.tensor4d([5, 6, 7, 8], [1, 1, 1, 4]))))(simdWindow));
  assert.deepEqual(gs, [5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0]);
  tf.dispose([nanWindow, simdWindow]);
  const { result, indexes } = tf.maxPoolWithArgmax(tensorOf([2, 4, 4, 3], 10) as tf.Tensor4D, 2, 2, 'valid', true);
  const idx = take(indexes);
  result.dispose();
  await initBackend('cpu');
  const ref = tf.maxPoolWithArgmax(tensorOf([2, 4, 4, 3], 10) as tf.Tensor4D, 2, 2, 'valid', true);
  assert.deepEqual(idx, take(ref.indexes));
  ref.result.dispose();
});

// ---- fused dense / conv ----

const ACT64: Record<FusedActivation, (z: number) => number> = { linear: (z) => z, relu: (z) => Math.max(0, z) };
const N = 5;
const IN = 4;
const OUT = 3;
const XV = values(N * IN, 11);
const WV = values(IN * OUT, 12, 0.8);
const BV = values(OUT, 13, 0.3);
const CV = values(N * OUT, 14);

/** Float64 Σ c ⊙ act(x·w + b) and its input gradient. */
function dense64(x: number[], w: number[], b: number[], act: FusedActivation): { f: number; gx: number[]; minAbsZ: number } {
  let f = 0;
  let minAbsZ = Infinity;
  const gx = new Array<number>(N * IN).fill(0);
  for (let r = 0; r < N; r++)
    for (let j = 0; j < OUT; j++) {
      let z = b[j];
      for (let i = 0; i < IN; i++) z += x[r * IN + i] * w[i * OUT + j];
      minAbsZ = Math.min(minAbsZ, Math.abs(z));
      f += CV[r * OUT + j] * ACT64[act](z);
      const d = act === 'relu' ? (z > 0 ? 1 : 0) : 1;
      for (let i = 0; i < IN; i++) gx[r * IN + i] += CV[r * OUT + j] * d * w[i * OUT + j];
    }
  return { f, gx, minAbsZ };
}

/** Gradient penalty Σ (∇ₓ f)² as a function of (w, b), float64. */
const penalty64 = (w: number[], b: number[], act: FusedActivation) => dense64(XV, w, b, act).gx.reduce((s, v) => s + v * v, 0);

function central(f: (v: number[]) => number, at: number[], h = 1e-5): number[] {
  return at.map((_, i) => {
    const up = [...at];
    const dn = [...at];
    up[i] += h;
    dn[i] -= h;
    return (f(up) - f(dn)) / (2 * h);
  });
}

test('fused dense: values, first-order gradients and the gradient penalty\'s gradient match float64 finite differences', async () => {
  for (const act of ['linear', 'relu'] as const) {
    assert.ok(dense64(XV, WV, BV, act).minAbsZ > 0.01, 'test point away from the ReLU kink');
    for (const backend of BACKENDS) {
      await initBackend(backend);
      const [x, w, b, c] = [tf.tensor2d(XV, [N, IN]), tf.tensor2d(WV, [IN, OUT]), tf.tensor1d(BV), tf.tensor2d(CV, [N, OUT])];
      const f = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(denseOp(xx as tf.Tensor2D, ww as tf.Tensor2D, bb as tf.Tensor1D, act), c));
      const label = `${act} on ${backend}`;
      assertClose(take(f(x, w, b)), [dense64(XV, WV, BV, act).f], 1e-6, `${label}: value`);
      const [gx, gw, gb] = (tf.grads(f)([x, w, b]) as tf.Tensor[]).map((t) => take(t));
      assertClose(gx, dense64(XV, WV, BV, act).gx, 1e-6, `${label}: dx`);
      assertClose(gw, central((v) => dense64(XV, v, BV, act).f, WV), 1e-6, `${label}: dw`);
      assertClose(gb, central((v) => dense64(XV, WV, v, act).f, BV), 1e-6, `${label}: db`);
      // Double backprop: d/d(w, b) of Σ (∇ₓ Σ c ⊙ act(x·w + b))². (With no activation the penalty does
      // not depend on b at all, and tf.grads would reject b, as it does for the plain ops.)
      const pen = (ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.square(inputGradient((xx: tf.Tensor2D) => tf.mul(denseOp(xx, ww as tf.Tensor2D, bb as tf.Tensor1D, act), c), x)));
      const [pw, pb] = act === 'relu' ? (tf.grads(pen)([w, b]) as tf.Tensor[]) : [tf.grad((ww: tf.Tensor) => pen(ww, b))(w), tf.zeros([OUT])];
      assertClose(take(pw), central((v) => penalty64(v, BV, act), WV), 1e-5, `${label}: penalty gradient in w`);
      assert.ok(take(pb).every((v) => Math.abs(v) < 1e-6), `${label}: penalty gradient in b is zero`);
      // Hessian-vector product of Σ y³ in (w, b) against the unfused ops.
      const vv = [tensorOf([IN, OUT], 15), tensorOf([OUT], 16)];
      const cube = (y: tf.Tensor) => tf.sum(tf.mul(y, tf.square(y))) as tf.Scalar;
      const fused = take(hessianVectorProduct((p) => cube(denseOp(x, p[0] as tf.Tensor2D, p[1] as tf.Tensor1D, act)), [w, b], vv));
      const plainAct = (z: tf.Tensor) => (act === 'relu' ? tf.relu(z) : z);
      const plain = take(hessianVectorProduct((p) => cube(plainAct(tf.add(tf.matMul(x, p[0] as tf.Tensor2D), p[1]))), [w, b], vv));
      assertClose(fused, plain, 1e-5, `${label}: Hessian-vector product against the plain ops`);
      tf.dispose([x, w, b, c, ...vv]);
    }
  }
});

test('fused conv (same, stride 1): values, gradients and second order match the plain conv2d + add + relu', async () => {
  const xs = [2, 5, 5, 2];
  const ws = [3, 3, 2, 4];
  for (const act of ['linear', 'relu'] as const) {
    for (const backend of BACKENDS) {
      await initBackend(backend);
      const x = tensorOf(xs, 21) as tf.Tensor4D;
      const w = tensorOf(ws, 22, 0.5) as tf.Tensor4D;
      const b = tensorOf([4], 23, 0.2) as tf.Tensor1D;
      const c = tensorOf([2, 5, 5, 4], 24);
      const plainAct = (z: tf.Tensor) => (act === 'relu' ? tf.relu(z) : z);
      const fusedF = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor): tf.Tensor => convOp(xx as tf.Tensor4D, ww as tf.Tensor4D, bb as tf.Tensor1D, act);
      const plainF = (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor): tf.Tensor => plainAct(tf.add(tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, 1, 'same'), bb));
      const label = `${act} on ${backend}`;
      assertClose(take(fusedF(x, w, b)), take(plainF(x, w, b)), 1e-6, `${label}: value`);
      const loss = (f: typeof fusedF) => (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(tf.square(f(xx, ww, bb)), c));
      assertClose(take(tf.grads(loss(fusedF))([x, w, b]) as tf.Tensor[]), take(tf.grads(loss(plainF))([x, w, b]) as tf.Tensor[]), 1e-5, `${label}: gradients`);
      const pen = (f: typeof fusedF) => (ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.square(inputGradient((xx: tf.Tensor4D) => tf.mul(f(xx, ww, bb), c), x)));
      const penGrad = (f: typeof fusedF) => take(act === 'relu' ? (tf.grads(pen(f))([w, b]) as tf.Tensor[]) : tf.grad((ww: tf.Tensor) => pen(f)(ww, b))(w));
      assertClose(penGrad(fusedF), penGrad(plainF), 1e-5, `${label}: penalty gradient`);
      const vv = [tensorOf(ws, 25), tensorOf([4], 26)];
      const hv = (f: typeof fusedF) => take(hessianVectorProduct((p) => loss(f)(x, p[0], p[1]) as tf.Scalar, [w, b], vv));
      assertClose(hv(fusedF), hv(plainF), 1e-5, `${label}: Hessian-vector product`);
      tf.dispose([x, w, b, c, ...vv]);
    }
  }
});

test('fused ops leave no tensors or backend buffers behind, also under double backprop', async () => {
  await initBackend('wasm');
  const x = tensorOf([4, 3], 31) as tf.Tensor2D;
  const w = tensorOf([3, 2], 32) as tf.Tensor2D;
  const b = tensorOf([2], 33) as tf.Tensor1D;
  assertNoLeak(() => {
    tf.tidy(() => {
      tf.grads((ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.square(inputGradient((xx: tf.Tensor2D) => denseOp(xx, ww as tf.Tensor2D, bb as tf.Tensor1D, 'relu'), x))))([w, b]);
      tf.grads((ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.square(convOp(tf.reshape(x, [1, 2, 2, 3]) as tf.Tensor4D, tf.reshape(ww, [1, 1, 3, 2]) as tf.Tensor4D, bb as tf.Tensor1D, 'relu'))))([w, b]);
    });
  }, 'fused ops');
  tf.dispose([x, w, b]);
});
