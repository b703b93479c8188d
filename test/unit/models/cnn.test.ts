// CNN: specs and output shapes, a tiny conv network checked against a float64 plain-JS forward and
// finite-difference gradients, the differentiable max-pool against tf.maxPool, conv He init.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
// Stock gradients (tfjs-core's node bundle registers none); imported after tfjs-core so its engine exists first.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Activation, CnnConfig } from '../../../src/shared/config/types';
import { initBackend } from '../../../src/trainer/backend';
import { buildModel, initialParams, type Model } from '../../../src/trainer/models';
import { maxPool2x2 } from '../../../src/trainer/models/layers';
import { Rng } from '../../../src/shared/rng';

before(async () => {
  await initBackend('cpu');
});

const cnn = (channels: number[], dense: number[], kernelSize = 3, activation: Activation = 'relu'): CnnConfig => ({
  type: 'cnn', channels, kernelSize, dense, activation, init: 'auto',
});

type Image = number[][][]; // [h][w][c]
const ACT64: Partial<Record<Activation, (x: number) => number>> = { relu: (x) => Math.max(0, x), tanh: Math.tanh };

/** TF 'same' convolution, stride 1: pad floor((k−1)/2) before, the rest after. w is [k, k, cin, cout] row-major. */
function conv64(img: Image, w: number[], b: number[], k: number, cout: number): Image {
  const h = img.length;
  const wd = img[0].length;
  const cin = img[0][0].length;
  const before = Math.floor((k - 1) / 2);
  return Array.from({ length: h }, (_, i) =>
    Array.from({ length: wd }, (_, j) =>
      Array.from({ length: cout }, (_, o) => {
        let s = b[o];
        for (let di = 0; di < k; di++)
          for (let dj = 0; dj < k; dj++) {
            const ii = i + di - before;
            const jj = j + dj - before;
            if (ii < 0 || jj < 0 || ii >= h || jj >= wd) continue;
            for (let c = 0; c < cin; c++) s += img[ii][jj][c] * w[((di * k + dj) * cin + c) * cout + o];
          }
        return s;
      }),
    ),
  );
}

function pool64(img: Image): Image {
  const h2 = Math.floor(img.length / 2);
  const w2 = Math.floor(img[0].length / 2);
  return Array.from({ length: h2 }, (_, i) =>
    Array.from({ length: w2 }, (_, j) =>
      img[0][0].map((_, c) => Math.max(img[2 * i][2 * j][c], img[2 * i][2 * j + 1][c], img[2 * i + 1][2 * j][c], img[2 * i + 1][2 * j + 1][c])),
    ),
  );
}

/** Float64 forward of the CNN from plain arrays in spec order. */
function forward64(m: Model, cfg: CnnConfig, params: number[][], rows: number[][], shape: [number, number, number]): number[][] {
  const act = ACT64[cfg.activation]!;
  const nConv = cfg.channels.length;
  return rows.map((row) => {
    let img: Image = Array.from({ length: shape[0] }, (_, i) => Array.from({ length: shape[1] }, (_, j) => Array.from({ length: shape[2] }, (_, c) => row[(i * shape[1] + j) * shape[2] + c])));
    for (let l = 0; l < nConv; l++) {
      img = pool64(conv64(img, params[2 * l], params[2 * l + 1], cfg.kernelSize, cfg.channels[l]).map((r) => r.map((px) => px.map(act))));
    }
    let h = img.flat(2);
    const nDense = (m.specs.length - 2 * nConv) / 2;
    for (let l = 0; l < nDense; l++) {
      const nOut = m.specs[2 * (nConv + l)].shape[1];
      const w = params[2 * (nConv + l)];
      const b = params[2 * (nConv + l) + 1];
      const z = Array.from({ length: nOut }, (_, j) => h.reduce((s, v, i) => s + v * w[i * nOut + j], b[j]));
      h = l < nDense - 1 ? z.map(act) : z;
    }
    return h;
  });
}

const tinyParams = (m: Model): number[][] =>
  m.specs.map((s, k) => Array.from({ length: s.shape.reduce((a, b) => a * b, 1) }, (_, i) => 0.7 * Math.sin(1.7 * i + 2.3 * k + 0.2)));
const rowsFor = (n: number, size: number): number[][] =>
  Array.from({ length: n }, (_, r) => Array.from({ length: size }, (_, i) => Math.cos(0.9 * i + 1.9 * r) + 0.1 * i / size));

test('specs: conv weights [k, k, in, out], dense input = pooled h·w·channels', () => {
  const m = buildModel(cnn([4, 6], [5]), { nFeatures: 64, nOutputs: 3, imageShape: [8, 8, 1] });
  assert.deepEqual(
    m.specs.map((s) => [s.name, s.layer, s.shape]),
    [
      ['conv0.weight', 'conv0', [3, 3, 1, 4]],
      ['conv0.bias', 'conv0', [4]],
      ['conv1.weight', 'conv1', [3, 3, 4, 6]],
      ['conv1.bias', 'conv1', [6]],
      ['dense0.weight', 'dense0', [24, 5]],
      ['dense0.bias', 'dense0', [5]],
      ['out.weight', 'out', [5, 3]],
      ['out.bias', 'out', [3]],
    ],
  );
  // odd sizes: 5×7 → 2×3 after one pool
  const odd = buildModel(cnn([3], []), { nFeatures: 70, nOutputs: 2, imageShape: [5, 7, 2] });
  assert.deepEqual(odd.specs[2].shape, [18, 2]);
});

test('output shape [n, nOutputs]; no leaked tensors', () => {
  const m = buildModel(cnn([4, 6], [5]), { nFeatures: 64, nOutputs: 3, imageShape: [8, 8, 1] });
  const params = initialParams(m, m.init(new Rng(3)));
  const before = tf.memory().numTensors;
  const out = tf.tidy(() => m.forward(params, tf.tensor2d(rowsFor(7, 64))));
  assert.deepEqual(out.shape, [7, 3]);
  out.dispose();
  assert.equal(tf.memory().numTensors, before);
  tf.dispose(params);
});

test('rejects a missing or mismatched image shape, and images too small for the pools', () => {
  assert.throws(() => buildModel(cnn([4], []), { nFeatures: 64, nOutputs: 3 }), /needs an image dataset/);
  assert.throws(() => buildModel(cnn([4], []), { nFeatures: 60, nOutputs: 3, imageShape: [8, 8, 1] }), /does not match 60 features/);
  assert.throws(() => buildModel(cnn([4, 4], []), { nFeatures: 4, nOutputs: 3, imageShape: [2, 2, 1] }), /too small for 2 conv\+pool layers/);
});

test('a tiny conv network, worked out by hand in float64: 4×4×1 image, one 3×3 filter, relu, pool, dense', () => {
  const cfg = cnn([1], []);
  const m = buildModel(cfg, { nFeatures: 16, nOutputs: 1, imageShape: [4, 4, 1] });
  // image rows 0..15; filter: centre 1, right neighbour −1 (a horizontal difference), bias 0.5
  const image = Array.from({ length: 16 }, (_, i) => i * (i % 3 === 0 ? -1 : 1));
  const filter = [0, 0, 0, 0, 1, -1, 0, 0, 0];
  const params = [filter, [0.5], [1, 2, 3, 4], [0.25]];
  // conv: y[i][j] = x[i][j] − x[i][j+1] + 0.5 (x = 0 past the right edge)
  const x = (i: number, j: number) => (j < 4 ? image[i * 4 + j] : 0);
  const conv = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => Math.max(0, x(i, j) - x(i, j + 1) + 0.5)));
  const pooled = [0, 1].flatMap((i) => [0, 1].map((j) => Math.max(conv[2 * i][2 * j], conv[2 * i][2 * j + 1], conv[2 * i + 1][2 * j], conv[2 * i + 1][2 * j + 1])));
  const expected = pooled.reduce((s, v, k) => s + v * params[2][k], 0.25);
  assert.ok(Math.abs(expected - forward64(m, cfg, params, [image], [4, 4, 1])[0][0]) < 1e-12, 'the generic float64 forward agrees with the hand computation');
  const pt = initialParams(m, params.map((p) => Float32Array.from(p)));
  const got = tf.tidy(() => m.forward(pt, tf.tensor2d([image])).dataSync()[0]);
  assert.ok(Math.abs(got - expected) < 1e-4, `${got} vs ${expected}`);
  tf.dispose(pt);
});

for (const [k, act] of [[3, 'tanh'], [2, 'tanh'], [3, 'relu']] as [number, Activation][]) {
  test(`conv ${k}×${k} ${act}, two conv layers + dense: forward and parameter gradients match float64`, () => {
    const cfg = cnn([2, 3], [4], k, act);
    const shape: [number, number, number] = [6, 5, 2];
    const m = buildModel(cfg, { nFeatures: 60, nOutputs: 2, imageShape: shape });
    const p64 = tinyParams(m);
    const rows = rowsFor(3, 60);
    const expected = forward64(m, cfg, p64, rows, shape);
    const params = initialParams(m, p64.map((p) => Float32Array.from(p)));
    const xT = tf.tensor2d(rows);
    const got = tf.tidy(() => m.forward(params, xT).dataSync());
    expected.flat().forEach((e, i) => assert.ok(Math.abs(got[i] - e) < 1e-5 * Math.max(1, Math.abs(e)), `out[${i}] ${got[i]} vs ${e}`));
    if (act === 'tanh') {
      const wOut = [[0.4, -0.9], [1.1, 0.3], [-0.6, 0.8]];
      const w = tf.tensor2d(wOut);
      const grads = tf.grads((...p: tf.Tensor[]) => tf.sum(tf.mul(m.forward(p, xT), w)))(params);
      const objective = (p: number[][]) => forward64(m, cfg, p, rows, shape).reduce((s, r, i) => s + r[0] * wOut[i][0] + r[1] * wOut[i][1], 0);
      const h = 1e-6;
      p64.forEach((arr, l) => {
        const g = grads[l].dataSync();
        arr.forEach((_, i) => {
          const bump = (d: number) => p64.map((a, q) => (q === l ? a.map((v, j) => (j === i ? v + d : v)) : a));
          const fd = (objective(bump(h)) - objective(bump(-h))) / (2 * h);
          assert.ok(Math.abs(g[i] - fd) < 1e-4 * Math.max(1, Math.abs(fd)), `${m.specs[l].name}[${i}] ${g[i]} vs ${fd}`);
        });
      });
      tf.dispose([w, ...grads]);
    }
    tf.dispose([...params, xT]);
  });
}

test('maxPool2x2 equals tf.maxPool (2×2, stride 2, valid) in value and gradient, odd sizes included', () => {
  for (const shape of [[2, 4, 6, 3], [1, 5, 7, 2], [3, 8, 8, 1]] as [number, number, number, number][]) {
    const n = shape.reduce((a, b) => a * b, 1);
    const x = tf.tensor4d(Array.from({ length: n }, (_, i) => Math.sin(1.37 * i + 0.2) * (1 + (i % 5))), shape);
    const ref = tf.maxPool(x, 2, 2, 'valid');
    const mine = maxPool2x2(x);
    assert.deepEqual(mine.shape, ref.shape);
    assert.deepEqual(Array.from(mine.dataSync()), Array.from(ref.dataSync()));
    const w = tf.tensor(Array.from({ length: ref.size }, (_, i) => i + 1), ref.shape);
    const gRef = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, 2, 2, 'valid'), w)))(x);
    const gMine = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(maxPool2x2(a as tf.Tensor4D), w)))(x);
    assert.deepEqual(Array.from(gMine.dataSync()), Array.from(gRef.dataSync()));
    tf.dispose([x, ref, mine, w, gRef, gMine]);
  }
});

test('conv weights use He init with fan_in = k·k·in_channels', () => {
  const m = buildModel(cnn([64, 8], []), { nFeatures: 8 * 8 * 8, nOutputs: 2, imageShape: [8, 8, 8] });
  const v = m.init(new Rng(11));
  for (const [idx, fanIn] of [[0, 3 * 3 * 8], [2, 3 * 3 * 64]]) {
    const arr = v[idx];
    const std = Math.sqrt(arr.reduce((a, x) => a + x * x, 0) / arr.length);
    assert.ok(Math.abs(std / Math.sqrt(2 / fanIn) - 1) < 0.04, `${m.specs[idx].name}: ${std}`);
  }
  assert.ok(v[1].every((b) => b === 0));
});
