import '../../../src/trainer/tfjs-gradients';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/trainer/backend';
import { buildModel } from '../../../src/trainer/models';
import { inputGradientNorms, smoothnessValues } from '../../../src/trainer/probes/smoothness';
import { Rng } from '../../../src/shared/rng';
import { normalMatrix } from './helpers';

const backend = process.env.LOSSLAB_TEST_BACKEND ?? 'wasm';
before(async () => {
  await initBackend(backend);
});

const linear = (nFeatures: number, nOutputs: number) => buildModel({ type: 'mlp', hidden: [], activation: 'relu', init: 'auto' }, { nFeatures, nOutputs });

test('regression: a linear model has the same slope ‖w‖ at every input', () => {
  const model = linear(3, 1);
  const w = [[0.5], [-2], [1]];
  const params = [tf.tensor2d(w), tf.tensor1d([0.3])];
  const x = tf.tensor2d(normalMatrix(10, 3, 1));
  const y = tf.zeros([10, 1]) as tf.Tensor2D;
  const v = smoothnessValues(model, params, x, y, 'regression');
  const norm = Math.hypot(0.5, -2, 1);
  assert.ok(Math.abs(v['smoothness/mean'] - norm) < 1e-5 * norm);
  assert.ok(Math.abs(v['smoothness/max'] - norm) < 1e-5 * norm);
  tf.dispose([...params, x, y]);
});

test('classification: per-row norm of ∇ₓ p_true matches the float64 formula p_y·(W_y − Σ_k p_k W_k)', () => {
  const d = 4;
  const c = 3;
  const n = 12;
  const model = linear(d, c);
  const W = normalMatrix(d, c, 2);
  const b = normalMatrix(1, c, 3)[0];
  const xs = normalMatrix(n, d, 4);
  const rng = new Rng(5);
  const labels = Array.from({ length: n }, () => rng.int(c));
  const params = [tf.tensor2d(W), tf.tensor1d(b)];
  const x = tf.tensor2d(xs);
  const y = tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), c), 'float32') as tf.Tensor2D;
  const got = inputGradientNorms(model, params, x, y, 'classification').dataSync();
  for (let i = 0; i < n; i++) {
    const z = Array.from({ length: c }, (_, k) => b[k] + xs[i].reduce((s, xv, j) => s + xv * W[j][k], 0));
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const sum = e.reduce((s, v) => s + v, 0);
    const p = e.map((v) => v / sum);
    const yi = labels[i];
    const grad = Array.from({ length: d }, (_, j) => p[yi] * (W[j][yi] - p.reduce((s, pk, k) => s + pk * W[j][k], 0)));
    const want = Math.hypot(...grad);
    assert.ok(Math.abs(got[i] - want) <= 1e-4 * want + 1e-7, `row ${i}: ${got[i]} vs ${want}`);
  }
  const v = smoothnessValues(model, params, x, y, 'classification');
  const arr = Array.from(got);
  assert.ok(Math.abs(v['smoothness/mean'] - arr.reduce((s, g) => s + g, 0) / n) < 1e-6);
  assert.equal(v['smoothness/max'], Math.max(...arr));
  tf.dispose([...params, x, y]);
});

test('a smoother model scores lower: scaling a tanh network\'s first layer down reduces both values', () => {
  const model = buildModel({ type: 'mlp', hidden: [8], activation: 'tanh', init: 'auto' }, { nFeatures: 2, nOutputs: 1 });
  const init = model.init(new Rng(3)).map((v, i) => tf.tensor(v, model.specs[i].shape));
  const scaled = init.map((t, i) => (i === 0 ? tf.mul(t, 0.1) : tf.clone(t)));
  const x = tf.tensor2d(normalMatrix(32, 2, 6));
  const y = tf.zeros([32, 1]) as tf.Tensor2D;
  const a = smoothnessValues(model, init, x, y, 'regression');
  const b = smoothnessValues(model, scaled, x, y, 'regression');
  assert.ok(b['smoothness/mean'] < a['smoothness/mean']);
  assert.ok(b['smoothness/max'] < a['smoothness/max']);
  assert.ok(a['smoothness/max'] >= a['smoothness/mean']);
  tf.dispose([...init, ...scaled, x, y]);
});
