import '../../../src/trainer/tfjs-gradients';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/trainer/backend';
import type { SplitTensors } from '../../../src/trainer/job/prepared-data';
import { buildModel } from '../../../src/trainer/models';
import { featureColumns, noiseMetricName, noiseRobustnessValues } from '../../../src/trainer/probes/noise-robustness';
import { probeSettings } from '../../../src/trainer/probes/settings';
import { Rng } from '../../../src/shared/rng';
import { normalMatrix } from './helpers';

const backend = process.env.LOSSLAB_TEST_BACKEND ?? 'wasm';
before(async () => {
  await initBackend(backend);
});

const linear = (nFeatures: number, nOutputs: number) => buildModel({ type: 'mlp', hidden: [], activation: 'relu', init: 'auto' }, { nFeatures, nOutputs });

function regressionSplit(w: number[], n: number): SplitTensors {
  const xs = normalMatrix(n, w.length, 21);
  const ys = xs.map((r) => [r.reduce((s, v, j) => s + v * w[j], 0)]);
  return { x: tf.tensor2d(xs), y: tf.tensor2d(ys), labels: Float32Array.from(ys.map((r) => r[0])), n };
}

test('feature names and indices map to sorted columns; unknown names list the valid ones', () => {
  const names = ['a', 'b', 'c'];
  assert.deepEqual(featureColumns(undefined, names), [0, 1, 2]);
  assert.deepEqual(featureColumns(['c', 0, 'a'], names), [0, 2]);
  assert.throws(() => featureColumns(['z'], names), /unknown feature 'z'; valid features: a, b, c/);
  assert.throws(() => featureColumns([3], names), /feature index 3 is out of range/);
});

test('defaults: smoothness on unless false; sharpness and noise robustness off unless set', () => {
  assert.deepEqual(probeSettings({ trainEvery: 1, gradNorm: 'off' }), { smoothness: { every: undefined, probeSize: 256 } });
  const all = probeSettings({ trainEvery: 1, gradNorm: 'off', smoothness: false, sharpness: true, noiseRobustness: { sigmas: [2] } });
  assert.equal(all.smoothness, undefined);
  assert.deepEqual(all.sharpness, { every: undefined, iterations: 20, tolerance: 1e-3, batchSize: 256 });
  assert.deepEqual(all.noiseRobustness, { sigmas: [2], features: undefined, repeats: 5 });
});

test('R² without noise is 1 for the exact model, drops with σ, and noise on an unused feature changes nothing', () => {
  const w = [1, 0, -2];
  const model = linear(3, 1);
  const params = [tf.tensor2d(w.map((v) => [v])), tf.tensor1d([0])];
  const split = regressionSplit(w, 200);
  const run = (features: number[], seed = 1) =>
    noiseRobustnessValues({
      model, params, split, nFeatures: 3, task: 'regression', columns: features,
      settings: { sigmas: [0, 0.5, 1], repeats: 3 }, rng: new Rng(seed),
    });
  const all = run([0, 1, 2]);
  assert.deepEqual(Object.keys(all), ['noise/σ=0/r2', 'noise/σ=0.5/r2', 'noise/σ=1/r2']);
  assert.ok(Math.abs(all['noise/σ=0/r2'] - 1) < 1e-5);
  assert.ok(all['noise/σ=0.5/r2'] < 0.99 && all['noise/σ=1/r2'] < all['noise/σ=0.5/r2']);
  // Expected R² ≈ 1 − σ²‖w‖²/Var(y) = 1 − 5σ²/5.
  assert.ok(Math.abs(all['noise/σ=0.5/r2'] - 0.75) < 0.1, String(all['noise/σ=0.5/r2']));
  const unused = run([1]);
  for (const v of Object.values(unused)) assert.ok(Math.abs(v - 1) < 1e-5);
  // Seeded: the same stream gives the same values, another stream different ones.
  assert.deepEqual(run([0, 1, 2]), all);
  assert.notDeepEqual(run([0, 1, 2], 2), all);
  tf.dispose([...params, split.x, split.y]);
});

test('classification: accuracy under noise, named as noise/σ=<s>/accuracy, no tensor leaks', () => {
  const model = linear(2, 2);
  const params = [tf.tensor2d([[3, -3], [0, 0]]), tf.tensor1d([0, 0])];
  const xs = normalMatrix(100, 2, 9);
  const labels = xs.map((r) => (r[0] > 0 ? 0 : 1));
  const split: SplitTensors = {
    x: tf.tensor2d(xs), y: tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), 2), 'float32') as tf.Tensor2D, labels: Float32Array.from(labels), n: 100,
  };
  const before = tf.memory().numTensors;
  const v = noiseRobustnessValues({
    model, params, split, nFeatures: 2, task: 'classification', columns: [0, 1],
    settings: { sigmas: [0, 3], repeats: 4 }, rng: new Rng(1),
  });
  assert.equal(tf.memory().numTensors, before);
  assert.equal(v[noiseMetricName(0, 'classification')], 1);
  assert.ok(v['noise/σ=3/accuracy'] < 0.8 && v['noise/σ=3/accuracy'] > 0.3);
  tf.dispose([...params, split.x, split.y]);
});
