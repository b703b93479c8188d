// MLP: specs, seeded init (He / Glorot statistics, determinism), forward against a float64 plain-JS
// forward for every activation, gradients against finite differences, no leaked tensors.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
// Stock gradients (tfjs-core's node bundle registers none); imported after tfjs-core so its engine exists first.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Activation, MlpConfig, ModelConfig } from '../../../src/shared/config/types';
import { ACTIVATIONS, MODELS, unknownNameMessage } from '../../../src/shared/names';
import { initBackend } from '../../../src/trainer/backend';
import { buildModel, initialParams, type Model } from '../../../src/trainer/models';
import { IMPLEMENTED_ACTIVATIONS } from '../../../src/trainer/models/activations';
import { Rng } from '../../../src/shared/rng';

before(async () => {
  await initBackend('cpu');
});

const mlp = (hidden: number[], activation: Activation, init: MlpConfig['init'] = 'auto'): MlpConfig => ({ type: 'mlp', hidden, activation, init });

/** erf by its Maclaurin series: float64-exact for the |x| < 4 used here. */
function erf64(x: number): number {
  assert.ok(Math.abs(x) < 4);
  let term = x;
  let total = x;
  for (let n = 1; n < 80; n++) {
    term *= (-x * x) / n;
    total += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * total;
}

const ACT64: Record<Activation, (x: number) => number> = {
  relu: (x) => Math.max(0, x),
  tanh: Math.tanh,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  softplus: (x) => Math.log1p(Math.exp(x)),
  elu: (x) => (x > 0 ? x : Math.expm1(x)),
  gelu: (x) => 0.5 * x * (1 + erf64(x / Math.SQRT2)),
  leakyRelu: (x) => (x > 0 ? x : 0.01 * x),
};

/** Float64 forward of an MLP from plain arrays in spec order (weights [in, out] row-major). */
function forward64(model: Model, params: number[][], x: number[][], act: (v: number) => number): number[][] {
  const nLayers = model.specs.length / 2;
  let h = x;
  for (let l = 0; l < nLayers; l++) {
    const [nIn, nOut] = model.specs[2 * l].shape;
    const w = params[2 * l];
    const b = params[2 * l + 1];
    h = h.map((row) =>
      Array.from({ length: nOut }, (_, j) => {
        let s = b[j];
        for (let i = 0; i < nIn; i++) s += row[i] * w[i * nOut + j];
        return l < nLayers - 1 ? act(s) : s;
      }),
    );
  }
  return h;
}

/** Small deterministic parameters (not from the code under test). */
const tinyParams = (model: Model): number[][] =>
  model.specs.map((s, k) => Array.from({ length: s.shape.reduce((a, b) => a * b, 1) }, (_, i) => 0.8 * Math.sin(1.3 * i + 2.1 * k + 0.4)));

const X = [[0.5, -1.2, 2.0], [0.1, 0.3, -0.7], [-1.5, 0.8, 0.05], [2.2, -0.4, 1.1], [0, 0, 0]];

function stats(v: Float32Array): { mean: number; std: number; min: number; max: number } {
  let s = 0;
  let s2 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const x of v) {
    s += x;
    s2 += x * x;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  const mean = s / v.length;
  return { mean, std: Math.sqrt(s2 / v.length - mean * mean), min, max };
}

test('specs: dense0 … out with [in, out] weights and [out] biases', () => {
  const m = buildModel(mlp([4, 3], 'relu'), { nFeatures: 2, nOutputs: 5 });
  assert.equal(m.nOutputs, 5);
  assert.deepEqual(
    m.specs.map((s) => [s.name, s.layer, s.kind, s.shape]),
    [
      ['dense0.weight', 'dense0', 'weight', [2, 4]],
      ['dense0.bias', 'dense0', 'bias', [4]],
      ['dense1.weight', 'dense1', 'weight', [4, 3]],
      ['dense1.bias', 'dense1', 'bias', [3]],
      ['out.weight', 'out', 'weight', [3, 5]],
      ['out.bias', 'out', 'bias', [5]],
    ],
  );
  assert.deepEqual(buildModel(mlp([], 'tanh'), { nFeatures: 3, nOutputs: 1 }).specs.map((s) => s.shape), [[3, 1], [1]]);
});

test('names: every activation is implemented; unknown model, activation and bad sizes are rejected', () => {
  assert.deepEqual([...IMPLEMENTED_ACTIVATIONS].sort(), [...ACTIVATIONS].sort());
  assert.throws(() => buildModel({ type: 'rnn' } as unknown as ModelConfig, { nFeatures: 2, nOutputs: 1 }), { message: unknownNameMessage('model', 'rnn', MODELS) });
  assert.throws(() => buildModel(mlp([4], 'swish' as Activation), { nFeatures: 2, nOutputs: 1 }), {
    message: unknownNameMessage('activation', 'swish', ACTIVATIONS),
  });
  assert.throws(() => buildModel(mlp([0], 'relu'), { nFeatures: 2, nOutputs: 1 }), /model.hidden\[0\] must be a positive integer/);
});

test('He init (auto for relu-like): N(0, 2/fan_in); biases 0', () => {
  for (const act of ['relu', 'leakyRelu', 'elu', 'gelu', 'softplus'] as Activation[]) {
    const m = buildModel(mlp([300], act), { nFeatures: 400, nOutputs: 2 });
    const v = m.init(new Rng(7));
    const s = stats(v[0]);
    const std = Math.sqrt(2 / 400);
    assert.ok(Math.abs(s.std / std - 1) < 0.02, `${act}: std ${s.std} vs ${std}`);
    assert.ok(Math.abs(s.mean) < (3 * std) / Math.sqrt(v[0].length));
    assert.ok(s.max > 3.5 * std, 'normal, not uniform');
    assert.ok(v[1].every((b) => b === 0) && v[3].every((b) => b === 0));
    assert.ok(Math.abs(stats(v[2]).std / Math.sqrt(2 / 300) - 1) < 0.1, 'the output layer too');
  }
});

test('Glorot init (auto for tanh/sigmoid): U(±√(6/(fan_in+fan_out)))', () => {
  for (const act of ['tanh', 'sigmoid'] as Activation[]) {
    const m = buildModel(mlp([300], act), { nFeatures: 400, nOutputs: 2 });
    const v = m.init(new Rng(7));
    const bound = Math.sqrt(6 / 700);
    const s = stats(v[0]);
    assert.ok(s.min >= -bound && s.max <= bound, `${act}: within bounds`);
    assert.ok(s.min < -0.99 * bound && s.max > 0.99 * bound, 'fills the interval');
    assert.ok(Math.abs(s.std / (bound / Math.sqrt(3)) - 1) < 0.02, `std ${s.std}`);
  }
  // explicit init overrides 'auto'
  const he = buildModel(mlp([300], 'tanh', 'he'), { nFeatures: 400, nOutputs: 2 }).init(new Rng(1));
  assert.ok(stats(he[0]).max > Math.sqrt(6 / 700) * 1.5);
  const gl = buildModel(mlp([300], 'relu', 'glorot'), { nFeatures: 400, nOutputs: 2 }).init(new Rng(1));
  assert.ok(stats(gl[0]).max <= Math.sqrt(6 / 700));
});

test('seeded init: same seed → identical arrays, other seed → different, layers drawn independently', () => {
  const m = buildModel(mlp([16, 8], 'relu'), { nFeatures: 5, nOutputs: 3 });
  const a = m.init(new Rng(42));
  const b = m.init(new Rng(42));
  const c = m.init(new Rng(43));
  a.forEach((v, i) => {
    assert.ok(v instanceof Float32Array);
    assert.equal(v.length, m.specs[i].shape.reduce((x, y) => x * y, 1));
    assert.deepEqual(v, b[i]);
  });
  assert.notDeepEqual(a[0], c[0]);
  // a wider second layer does not shift the first layer's draws
  const wider = buildModel(mlp([16, 32], 'relu'), { nFeatures: 5, nOutputs: 3 }).init(new Rng(42));
  assert.deepEqual(wider[0], a[0]);
});

for (const act of ACTIVATIONS) {
  test(`forward (${act}) matches a float64 plain-JS forward`, () => {
    const m = buildModel(mlp([4, 2], act), { nFeatures: 3, nOutputs: 2 });
    const p64 = tinyParams(m);
    const expected = forward64(m, p64, X, ACT64[act]);
    const params = initialParams(m, p64.map((v) => Float32Array.from(v)));
    const before = tf.memory().numTensors;
    const out = tf.tidy(() => m.forward(params, tf.tensor2d(X)));
    assert.deepEqual(out.shape, [5, 2]);
    const got = out.dataSync();
    expected.flat().forEach((e, k) => assert.ok(Math.abs(got[k] - e) < 1e-5 * Math.max(1, Math.abs(e)), `[${k}] ${got[k]} vs ${e}`));
    out.dispose();
    assert.equal(tf.memory().numTensors, before, 'no tensors leak from a tidy forward');
    tf.dispose(params);
  });
}

for (const act of ['gelu', 'tanh', 'softplus'] as Activation[]) {
  test(`parameter and input gradients (${act}) match float64 finite differences`, () => {
    const m = buildModel(mlp([3], act), { nFeatures: 3, nOutputs: 2 });
    const p64 = tinyParams(m);
    const wOut = [[0.3, -1.1], [0.7, 0.2], [-0.5, 0.9], [1.2, 0.4], [-0.8, -0.6]];
    const objective = (p: number[][], x: number[][]) => forward64(m, p, x, ACT64[act]).reduce((a, row, i) => a + row[0] * wOut[i][0] + row[1] * wOut[i][1], 0);
    const h = 1e-6;
    const params = initialParams(m, p64.map((v) => Float32Array.from(v)));
    const xT = tf.tensor2d(X);
    const w = tf.tensor2d(wOut);
    const grads = tf.grads((...a: tf.Tensor[]) => tf.sum(tf.mul(m.forward(a.slice(0, -1), a[a.length - 1] as tf.Tensor2D), w)))([...params, xT]);
    p64.forEach((arr, l) => {
      const g = grads[l].dataSync();
      arr.forEach((_, i) => {
        const bump = (d: number) => p64.map((a, k) => (k === l ? a.map((v, j) => (j === i ? v + d : v)) : a));
        const fd = (objective(bump(h), X) - objective(bump(-h), X)) / (2 * h);
        assert.ok(Math.abs(g[i] - fd) < 1e-4 * Math.max(1, Math.abs(fd)), `${m.specs[l].name}[${i}] ${g[i]} vs ${fd}`);
      });
    });
    const gx = grads[grads.length - 1].dataSync();
    X.forEach((row, r) =>
      row.forEach((_, c) => {
        const bump = (d: number) => X.map((a, i) => (i === r ? a.map((v, j) => (j === c ? v + d : v)) : a));
        const fd = (objective(p64, bump(h)) - objective(p64, bump(-h))) / (2 * h);
        assert.ok(Math.abs(gx[r * 3 + c] - fd) < 1e-4 * Math.max(1, Math.abs(fd)), `x[${r},${c}]`);
      }),
    );
    tf.dispose([...params, xT, w, ...grads]);
  });
}
