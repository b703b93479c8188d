// WASM convolution and pooling kernels after the backend's fixes (Conv2DBackpropFilter was missing,
// Conv2DBackpropInput is rebuilt on the fast conv, MaxPoolGrad and MaxPoolWithArgmax were wrong,
// Slice/SplitV/Concat are rewritten): gradients against float64 finite differences, whole MLP and CNN
// gradients against cpu, and no leaks.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/trainer/backend';
import { assertClose, assertNoLeak, BACKENDS, onEach, take, tensorOf, values } from './helpers';

before(async () => {
  await initBackend('wasm');
});

type Shape4 = [number, number, number, number];
type Pad = 'same' | 'valid';

/** TF padding: total = max((out − 1)·s + k − in, 0), floor half before. */
function padBefore(inSize: number, k: number, s: number, pad: Pad): [number, number] {
  const out = pad === 'same' ? Math.ceil(inSize / s) : Math.ceil((inSize - k + 1) / s);
  return [out, pad === 'same' ? Math.floor(Math.max((out - 1) * s + k - inSize, 0) / 2) : 0];
}

/** Float64 NHWC convolution; w is [kh, kw, ci, co]. */
function conv64(x: number[], xs: Shape4, w: number[], ws: Shape4, s: number, pad: Pad): number[] {
  const [n, h, wd, ci] = xs;
  const [kh, kw, , co] = ws;
  const [oh, top] = padBefore(h, kh, s, pad);
  const [ow, left] = padBefore(wd, kw, s, pad);
  const out: number[] = [];
  for (let b = 0; b < n; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let o = 0; o < co; o++) {
          let acc = 0;
          for (let di = 0; di < kh; di++)
            for (let dj = 0; dj < kw; dj++) {
              const r = i * s + di - top;
              const c = j * s + dj - left;
              if (r < 0 || c < 0 || r >= h || c >= wd) continue;
              for (let q = 0; q < ci; q++) acc += x[((b * h + r) * wd + c) * ci + q] * w[((di * kw + dj) * ci + q) * co + o];
            }
          out.push(acc);
        }
  return out;
}

/** Central finite differences of the scalar f over every component of p (float64). Pools are piecewise
 * linear, so they use a tiny step (exact unless a window's maximum changes within it). */
function fdGradient(f: (p: number[]) => number, p: number[], h = 1e-3): number[] {
  return p.map((_, i) => {
    const plus = [...p];
    const minus = [...p];
    plus[i] += h;
    minus[i] -= h;
    return (f(plus) - f(minus)) / (2 * h);
  });
}

const CONVS: [Shape4, Shape4, number, Pad][] = [
  [[2, 5, 5, 3], [3, 3, 3, 4], 1, 'same'],
  [[2, 6, 5, 2], [2, 3, 2, 3], 1, 'valid'],
  [[2, 7, 7, 2], [3, 3, 2, 3], 2, 'same'],
  [[1, 7, 6, 2], [2, 3, 2, 2], 2, 'valid'],
  [[3, 6, 6, 1], [3, 3, 1, 4], 1, 'same'],
];

test('conv2d gradients for filter and input match float64 finite differences (cpu and wasm)', async () => {
  for (const [xs, ws, s, pad] of CONVS) {
    const label = `conv x${JSON.stringify(xs)} w${JSON.stringify(ws)} s=${s} ${pad}`;
    const xv = values(xs.reduce((a, b) => a * b), 1);
    const wv = values(ws.reduce((a, b) => a * b), 2);
    const outLen = conv64(xv, xs, wv, ws, s, pad).length;
    const c = values(outLen, 3);
    // L = Σ c ⊙ tanh(conv(x, w)): a nonlinear scalar whose upstream gradient varies per element.
    const loss64 = (x: number[], w: number[]) => conv64(x, xs, w, ws, s, pad).reduce((acc, v, i) => acc + c[i] * Math.tanh(v), 0);
    const refW = fdGradient((w) => loss64(xv, w), wv);
    const refX = fdGradient((x) => loss64(x, wv), xv);
    const r = await onEach(() => {
      const ct = tf.tensor(c, tf.conv2d(tf.zeros(xs) as tf.Tensor4D, tf.zeros(ws) as tf.Tensor4D, s, pad).shape);
      return tf.grads((x: tf.Tensor, w: tf.Tensor) => tf.sum(tf.mul(ct, tf.tanh(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, s, pad)))))([tf.tensor(xv, xs), tf.tensor(wv, ws)]);
    });
    for (const b of BACKENDS) {
      assertClose(r[b].slice(0, xv.length), refX, 1e-5, `${label} dx ${b}`);
      assertClose(r[b].slice(xv.length), refW, 1e-5, `${label} dw ${b}`);
    }
  }
});

test('maxPool and avgPool gradients match float64 finite differences; argmax indices match cpu', async () => {
  const pools: [Shape4, number, number, Pad][] = [
    [[2, 4, 4, 3], 2, 2, 'valid'],
    [[2, 5, 5, 3], 3, 2, 'same'],
    [[2, 6, 6, 2], 3, 1, 'same'],
    [[1, 5, 4, 2], 2, 2, 'valid'],
  ];
  for (const [xs, f, s, pad] of pools) {
    const [n, h, w, c] = xs;
    const xv = values(n * h * w * c, 4);
    const [oh, top] = padBefore(h, f, s, pad);
    const [ow, left] = padBefore(w, f, s, pad);
    const weights = values(n * oh * ow * c, 5);
    const pool64 = (x: number[], kind: 'max' | 'avg'): number => {
      let total = 0;
      let o = 0;
      for (let b = 0; b < n; b++)
        for (let i = 0; i < oh; i++)
          for (let j = 0; j < ow; j++)
            for (let d = 0; d < c; d++, o++) {
              const win: number[] = [];
              for (let di = 0; di < f; di++)
                for (let dj = 0; dj < f; dj++) {
                  const r = i * s + di - top;
                  const cc = j * s + dj - left;
                  if (r >= 0 && cc >= 0 && r < h && cc < w) win.push(x[((b * h + r) * w + cc) * c + d]);
                }
              total += weights[o] * (kind === 'max' ? Math.max(...win) : win.reduce((a, v) => a + v, 0) / win.length);
            }
      return total;
    };
    const r = await onEach(() => {
      const wt = tf.tensor(weights, [n, oh, ow, c]);
      const x = tf.tensor(xv, xs) as tf.Tensor4D;
      return [
        tf.grad((t: tf.Tensor) => tf.sum(tf.mul(wt, tf.maxPool(t as tf.Tensor4D, f, s, pad))))(x),
        tf.grad((t: tf.Tensor) => tf.sum(tf.mul(wt, tf.avgPool(t as tf.Tensor4D, f, s, pad))))(x),
        tf.cast(tf.maxPoolWithArgmax(x, f, s, pad, true).indexes, 'float32'),
        tf.cast(tf.maxPoolWithArgmax(x, f, s, pad, false).indexes, 'float32'),
      ];
    });
    const label = `pool x${JSON.stringify(xs)} f=${f} s=${s} ${pad}`;
    const size = xv.length;
    for (const b of BACKENDS) {
      assertClose(r[b].slice(0, size), fdGradient((x) => pool64(x, 'max'), xv, 1e-6), 1e-6, `${label} maxPool ${b}`);
      if (pad === 'valid') assertClose(r[b].slice(size, 2 * size), fdGradient((x) => pool64(x, 'avg'), xv, 1e-6), 1e-6, `${label} avgPool ${b}`);
    }
    assert.deepEqual(r.wasm.slice(2 * size), r.cpu.slice(2 * size), `${label} argmax indices`);
  }
});

test('slice, split and concat agree with cpu for random shapes', async () => {
  let seed = 11;
  const rand = (k: number) => {
    seed = (seed * 16807) % 2147483647;
    return Math.floor((seed / 2147483647) * k);
  };
  for (let trial = 0; trial < 60; trial++) {
    const rank = 1 + rand(4);
    const shape = Array.from({ length: rank }, () => 1 + rand(5));
    const begin = shape.map((d) => rand(d));
    const size = shape.map((d, i) => (rand(3) === 0 ? -1 : 1 + rand(d - begin[i])));
    const axis = rand(rank);
    const other = [...shape];
    other[axis] = 1 + rand(3);
    const r = await onEach(() => {
      const x = tensorOf(shape, trial);
      const y = tensorOf(other, trial + 100);
      return [tf.slice(x, begin, size), tf.concat([x, y, x], axis), ...tf.split(tf.concat([y, x], axis), [other[axis], shape[axis]], axis)];
    });
    assert.deepEqual(r.wasm, r.cpu, `shape ${shape} begin ${begin} size ${size} axis ${axis}`);
  }
});

/** A small MLP and CNN loss over explicit parameters, as the trainer writes them (functional). */
function mlpLoss(act: (x: tf.Tensor) => tf.Tensor): (...p: tf.Tensor[]) => tf.Scalar {
  const x = tensorOf([16, 5], 21) as tf.Tensor2D;
  const y = tensorOf([16, 3], 22);
  return (w1, b1, w2, b2, w3, b3) => {
    const h1 = act(tf.add(tf.matMul(x, w1 as tf.Tensor2D), b1)) as tf.Tensor2D;
    const h2 = act(tf.add(tf.matMul(h1, w2 as tf.Tensor2D), b2)) as tf.Tensor2D;
    return tf.mean(tf.square(tf.sub(tf.add(tf.matMul(h2, w3 as tf.Tensor2D), b3), y)));
  };
}

test('whole MLP gradients agree between wasm and cpu for every activation', async () => {
  const acts: Record<string, (x: tf.Tensor) => tf.Tensor> = {
    relu: tf.relu,
    tanh: tf.tanh,
    sigmoid: tf.sigmoid,
    softplus: tf.softplus,
    elu: tf.elu,
    leakyRelu: (x) => tf.leakyRelu(x, 0.01),
    gelu: (x) => tf.mul(x, tf.add(tf.mul(tf.erf(tf.mul(x, Math.SQRT1_2)), 0.5), 0.5)),
  };
  for (const [name, act] of Object.entries(acts)) {
    const r = await onEach(() => {
      const params = [tensorOf([5, 8], 1, 0.8), tensorOf([8], 2, 0.1), tensorOf([8, 6], 3, 0.6), tensorOf([6], 4, 0.1), tensorOf([6, 3], 5, 0.6), tensorOf([3], 6, 0.1)];
      return tf.grads(mlpLoss(act))(params);
    });
    assertClose(r.wasm, r.cpu, 1e-5, `MLP ${name}`);
  }
});

function cnnLoss(pool: 'maxPool' | 'avgPool', stride: number): (...p: tf.Tensor[]) => tf.Scalar {
  const x = tensorOf([4, 8, 8, 2], 31) as tf.Tensor4D;
  const y = tf.oneHot(tf.tensor1d([0, 2, 1, 2], 'int32'), 3);
  return (k1, c1, k2, c2, w, b) => {
    const p = (t: tf.Tensor4D) => (pool === 'maxPool' ? tf.maxPool(t, 2, 2, 'valid') : tf.avgPool(t, 2, 2, 'valid'));
    const h1 = p(tf.relu(tf.add(tf.conv2d(x, k1 as tf.Tensor4D, stride, 'same'), c1)) as tf.Tensor4D);
    const h2 = tf.tanh(tf.add(tf.conv2d(h1, k2 as tf.Tensor4D, 1, 'same'), c2)) as tf.Tensor4D;
    const z = tf.add(tf.matMul(tf.reshape(h2, [4, -1]) as tf.Tensor2D, w as tf.Tensor2D), b) as tf.Tensor2D;
    const lse = tf.logSumExp(z, 1);
    return tf.mean(tf.sub(lse, tf.sum(tf.mul(y, z), 1)));
  };
}

test('whole CNN gradients (conv, relu, max/avg pool, conv, tanh, dense, cross-entropy) agree between wasm and cpu', async () => {
  for (const pool of ['maxPool', 'avgPool'] as const) {
    for (const stride of [1, 2]) {
      const side = 8 / stride / 2;
      const r = await onEach(() => {
        const params = [tensorOf([3, 3, 2, 4], 1, 0.5), tensorOf([4], 2, 0.1), tensorOf([3, 3, 4, 3], 3, 0.4), tensorOf([3], 4, 0.1), tensorOf([side * side * 3, 3], 5, 0.4), tensorOf([3], 6, 0.1)];
        return tf.grads(cnnLoss(pool, stride))(params);
      });
      assertClose(r.wasm, r.cpu, 1e-5, `CNN ${pool} stride ${stride}`);
    }
  }
});

test('conv, pool, slice and concat kernels leak no tensors or wasm buffers', async () => {
  await initBackend('wasm');
  const x = tensorOf([2, 6, 6, 3], 1) as tf.Tensor4D;
  const w = tensorOf([3, 3, 3, 4], 2) as tf.Tensor4D;
  for (const [s, pad] of [[1, 'same'], [2, 'valid']] as const) {
    assertNoLeak(() => tf.dispose(tf.tidy(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, s, pad)))([x, w]))), `conv grads s=${s}`);
  }
  assertNoLeak(() => tf.dispose(tf.tidy(() => tf.grad((a: tf.Tensor) => tf.sum(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid')))(x))), 'maxPool grad');
  assertNoLeak(() => {
    const { result, indexes } = tf.maxPoolWithArgmax(x, 2, 2, 'same', true);
    tf.dispose([result, indexes]);
  }, 'maxPoolWithArgmax');
  assertNoLeak(() => tf.dispose([tf.slice(x, [0, 1, 0, 1], [2, 3, 6, 2]), tf.concat([x, x], 3), ...tf.split(x, 3, 3)]), 'slice/concat/split');
  take([x, w]);
});

test('conv2d filter gradients over reused (NaN-filled) wasm memory agree with cpu, for the im2col paths (ci 1 and > 1, stride 1 and 2, same and valid)', async () => {
  const cases: [Shape4, Shape4, number, Pad][] = [
    [[3, 9, 7, 1], [3, 3, 1, 5], 1, 'same'],
    [[2, 8, 9, 6], [3, 2, 6, 9], 1, 'same'],
    [[2, 8, 9, 6], [3, 3, 6, 4], 1, 'valid'],
    [[2, 9, 8, 3], [3, 3, 3, 4], 2, 'same'],
    [[2, 5, 5, 2], [5, 5, 2, 3], 1, 'same'],
  ];
  for (const [xs, ws, s, pad] of cases) {
    const label = `dW x${JSON.stringify(xs)} w${JSON.stringify(ws)} s=${s} ${pad}`;
    const r = await onEach(() => {
      // The im2col matrix is a fresh wasm buffer: leave NaN garbage where it will be allocated, so any
      // padding element the kernel fails to write shows up.
      tf.dispose(tf.fill([ws[0] * ws[1] * ws[2] * xs[0] * xs[1] * xs[2] * 4], NaN));
      const x = tensorOf(xs, 7) as tf.Tensor4D;
      return tf.grad((w: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, w as tf.Tensor4D, s, pad), tensorOf(tf.conv2d(x, tf.zeros(ws) as tf.Tensor4D, s, pad).shape, 8))))(tensorOf(ws, 9));
    });
    assert.ok(r.wasm.every(Number.isFinite), `${label}: non-finite wasm gradient`);
    assertClose(r.wasm, r.cpu, 1e-5, label);
  }
});
