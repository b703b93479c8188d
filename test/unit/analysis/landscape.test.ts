/** Landscape slices and paths against direct evaluations and a closed form (linear regression's loss is a quadratic in the weights). */
import '../../../src/trainer/tfjs-gradients';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../../src/shared/rng';
import { randomFilterNormalized } from '../../../src/trainer/analysis/directions';
import { coordinates, interpolate, slice, taskEvaluator } from '../../../src/trainer/analysis/landscape';
import { initBackend } from '../../../src/trainer/backend';
import { evaluate } from '../../../src/trainer/job/evaluate';
import { getLoss } from '../../../src/trainer/losses';
import { buildModel } from '../../../src/trainer/models';
import { normalMatrix } from '../probes/helpers';

before(async () => {
  await initBackend('cpu');
});

test('coordinates: evenly spaced over ±range with the centre exactly 0', () => {
  assert.deepEqual(coordinates(5, 1), [-1, -0.5, 0, 0.5, 1]);
  assert.equal(coordinates(41, 0.7)[20], 0);
  assert.throws(() => coordinates(1, 1), /at least 2/);
});

test("a linear model's MSE along a 2-D slice equals the quadratic computed in float64", async () => {
  const model = buildModel({ type: 'mlp', hidden: [], activation: 'relu', init: 'auto' }, { nFeatures: 3, nOutputs: 1 });
  const xs = normalMatrix(32, 3, 1);
  const ys = normalMatrix(32, 1, 2);
  const split = { x: tf.tensor2d(xs), y: tf.tensor2d(ys), labels: new Float32Array(32), n: 32 };
  const w = model.init(new Rng(3));
  const d1 = randomFilterNormalized(w, model.specs, new Rng(4));
  const d2 = [new Float32Array(3).fill(0.1), new Float32Array([0.5])]; // moves the bias too
  const x = coordinates(5, 1);
  const s = await slice(taskEvaluator(model, split, 'regression'), w, d1, x, d2, x);
  const mse = (a: number, b: number) => {
    const W = [0, 1, 2].map((i) => w[0][i] + a * d1[0][i] + b * d2[0][i]);
    const bias = w[1][0] + a * d1[1][0] + b * d2[1][0];
    return xs.reduce((sum, row, n) => sum + (row.reduce((z, v, i) => z + v * W[i], bias) - ys[n][0]) ** 2, 0) / 32;
  };
  x.forEach((b, j) => x.forEach((a, i) => assert.ok(Math.abs(s.loss[j][i] - mse(a, b)) < 1e-5 * mse(a, b), `(${a}, ${b})`)));
  tf.dispose([split.x, split.y]);
});

test("paths: endpoints equal the trainer's own evaluation of each solution; the barrier is measured against the endpoints' line", async () => {
  const model = buildModel({ type: 'mlp', hidden: [6], activation: 'relu', init: 'auto' }, { nFeatures: 2, nOutputs: 3 });
  const labels = Float32Array.from({ length: 30 }, (_, i) => i % 3);
  const split = { x: tf.tensor2d(normalMatrix(30, 2, 5)), y: tf.cast(tf.oneHot(tf.tensor1d(Array.from(labels), 'int32'), 3), 'float32') as tf.Tensor2D, labels, n: 30 };
  const a = model.init(new Rng(1));
  const b = model.init(new Rng(2));
  const ticks: number[] = [];
  const path = await interpolate(taskEvaluator(model, split, 'classification'), a, b, { from: 'A', to: 'B' }, 11, 0.2, () => void ticks.push(1));
  assert.equal(ticks.length, path.t.length);
  assert.deepEqual(path.t.slice(0, 3).map((t) => +t.toFixed(6)), [-0.2, -0.1, 0]);
  assert.equal(path.t[path.t.length - 1], 1.2);
  const ctx = { task: 'classification' as const, nClasses: 3, step: 0, epoch: 0 };
  const data = { dataset: { task: 'classification' } } as never;
  for (const [w, t] of [[a, 0], [b, 1]] as const) {
    const params = w.map((v, i) => tf.tensor(v, model.specs[i].shape));
    const direct = evaluate(model, params, getLoss('ce').create({}), ctx, data, split, 'val');
    const i = path.t.indexOf(t);
    assert.ok(Math.abs(path.loss[i] - direct['val/ce']) < 1e-6, `t=${t}`);
    assert.equal(path.metric[i], direct['val/accuracy']);
    tf.dispose(params);
  }
  const i0 = path.t.indexOf(0);
  const i1 = path.t.indexOf(1);
  const excess = path.t.map((t, i) => (t < 0 || t > 1 ? -Infinity : path.loss[i] - ((1 - t) * path.loss[i0] + t * path.loss[i1])));
  assert.equal(path.barrier.height, Math.max(...excess));
  tf.dispose([split.x, split.y]);
});
