// WASM matrix-product kernels after the backend's fixes: every transpose combination, 2-D and
// batched (with batch broadcasting), plain and fused with bias + activation, against a float64
// plain-JS product and the cpu backend; no tensors or backend buffers leak.
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/trainer/backend';
import { assertClose, assertNoLeak, onEach, tensorOf, values } from './helpers';

before(async () => {
  await initBackend('wasm');
});

type Act = 'linear' | 'relu' | 'elu' | 'sigmoid' | 'leakyrelu' | 'relu6';
const ACT: Record<Act, (x: number) => number> = {
  linear: (x) => x,
  relu: (x) => Math.max(0, x),
  elu: (x) => (x > 0 ? x : Math.expm1(x)),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  leakyrelu: (x) => (x > 0 ? x : 0.2 * x),
  relu6: (x) => Math.min(6, Math.max(0, x)),
};

/** Float64 batched product op(a)·op(b) (+ bias, activation), batch dims broadcast; a/b given untransposed-or-not per flags. */
function matMul64(a: number[], aShape: number[], b: number[], bShape: number[], ta: boolean, tb: boolean, bias?: number[], act: Act = 'linear'): number[] {
  const [ba, ra, ca] = aShape.length === 3 ? aShape : [1, ...aShape];
  const [bb, rb, cb] = bShape.length === 3 ? bShape : [1, ...bShape];
  const [m, k] = ta ? [ca, ra] : [ra, ca];
  const n = tb ? rb : cb;
  const out: number[] = [];
  for (let p = 0; p < Math.max(ba, bb); p++) {
    const A = (i: number, j: number) => a[(ba === 1 ? 0 : p) * ra * ca + (ta ? j * ca + i : i * ca + j)];
    const B = (i: number, j: number) => b[(bb === 1 ? 0 : p) * rb * cb + (tb ? j * cb + i : i * cb + j)];
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let s = bias ? bias[j] : 0;
        for (let q = 0; q < k; q++) s += A(i, q) * B(q, j);
        out.push(ACT[act](s));
      }
  }
  return out;
}

const COMBOS: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];
/** [a batch, b batch] pairs: 2-D, batched, and broadcast either way. */
const BATCHES: [number, number][] = [[0, 0], [3, 3], [1, 3], [3, 1]];

function shapes(ta: boolean, tb: boolean, [pa, pb]: [number, number], m = 5, k = 7, n = 4): [number[], number[]] {
  const a = ta ? [k, m] : [m, k];
  const b = tb ? [n, k] : [k, n];
  return [pa ? [pa, ...a] : a, pb ? [pb, ...b] : b];
}

test('matMul: all transpose combinations, 2-D and batched, match float64 and cpu', async () => {
  for (const batch of BATCHES) {
    if ((batch[0] === 0) !== (batch[1] === 0)) continue;
    for (const [ta, tb] of COMBOS) {
      const [as, bs] = shapes(ta, tb, batch);
      const label = `matMul a${JSON.stringify(as)} b${JSON.stringify(bs)} tA=${ta} tB=${tb}`;
      const r = await onEach(() => tf.matMul(tensorOf(as, 1), tensorOf(bs, 2), ta, tb));
      const ref = matMul64(values(as.reduce((x, y) => x * y), 1), as, values(bs.reduce((x, y) => x * y), 2), bs, ta, tb);
      assertClose(r.wasm, ref, 1e-6, `${label} wasm`);
      assertClose(r.cpu, ref, 1e-6, `${label} cpu`);
    }
  }
});

test('matMul on wasm: large transposed products (the GEMM-heavy backward pass) match cpu', async () => {
  for (const [ta, tb] of COMBOS) {
    const [as, bs] = shapes(ta, tb, [0, 0], 64, 300, 40);
    const r = await onEach(() => tf.matMul(tensorOf(as, 3), tensorOf(bs, 4), ta, tb));
    assertClose(r.wasm, r.cpu, 1e-5, `tA=${ta} tB=${tb}`);
  }
});

test('fused matMul with transposes, bias and activations matches float64 (the stock wasm kernel does not)', async () => {
  const acts: Act[] = ['linear', 'relu', 'elu', 'sigmoid', 'leakyrelu', 'relu6'];
  for (const batch of BATCHES) {
    for (const [ta, tb] of COMBOS) {
      for (const act of acts) {
        for (const withBias of [true, false]) {
          const [as, bs] = shapes(ta, tb, batch);
          const label = `fused a${JSON.stringify(as)} b${JSON.stringify(bs)} tA=${ta} tB=${tb} ${act} bias=${withBias}`;
          const r = await onEach(() =>
            tf.fused.matMul({
              a: tensorOf(as, 5),
              b: tensorOf(bs, 6),
              transposeA: ta,
              transposeB: tb,
              bias: withBias ? tensorOf([4], 7) : undefined,
              activation: act,
              leakyreluAlpha: 0.2,
            }),
          );
          const ref = matMul64(values(as.reduce((x, y) => x * y), 5), as, values(bs.reduce((x, y) => x * y), 6), bs, ta, tb, withBias ? values(4, 7) : undefined, act);
          assertClose(r.wasm, ref, 1e-6, `${label} wasm`);
          assertClose(r.cpu, ref, 1e-6, `${label} cpu`);
        }
      }
    }
  }
});

test('fused matMul with prelu weights and a batched bias matches float64', async () => {
  const r = await onEach(() =>
    tf.fused.matMul({ a: tensorOf([3, 5, 7], 8), b: tensorOf([3, 4, 7], 9), transposeB: true, bias: tensorOf([4], 10), activation: 'prelu', preluActivationWeights: tensorOf([4], 11) }),
  );
  const alpha = values(4, 11);
  const lin = matMul64(values(105, 8), [3, 5, 7], values(84, 9), [3, 4, 7], false, true, values(4, 10));
  const ref = lin.map((v, i) => (v > 0 ? v : alpha[i % 4] * v));
  assertClose(r.wasm, ref, 1e-6, 'prelu wasm');
  assertClose(r.cpu, ref, 1e-6, 'prelu cpu');
});

test('matMul kernels leak no tensors or wasm buffers', async () => {
  await initBackend('wasm');
  const a = tensorOf([3, 6, 5], 1);
  const b = tensorOf([3, 4, 6], 2);
  const bias = tensorOf([4], 3);
  for (const [ta, tb] of COMBOS) {
    const [aa, bb] = [ta ? a : tf.transpose(a, [0, 2, 1]), tb ? b : tf.transpose(b, [0, 2, 1])];
    assertNoLeak(() => tf.dispose(tf.matMul(aa, bb, ta, tb)), `matMul tA=${ta} tB=${tb}`);
    assertNoLeak(() => tf.dispose(tf.fused.matMul({ a: aa, b: bb, transposeA: ta, transposeB: tb, bias, activation: 'relu' })), `fused tA=${ta} tB=${tb}`);
    assertNoLeak(
      () => tf.dispose(tf.tidy(() => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.fused.matMul({ a: x, b: y, transposeA: ta, transposeB: tb, bias, activation: 'relu' })))([aa, bb]))),
      `fused gradient tA=${ta} tB=${tb}`,
    );
    if (!ta) aa.dispose();
    if (!tb) bb.dispose();
  }
  tf.dispose([a, b, bias]);
});
