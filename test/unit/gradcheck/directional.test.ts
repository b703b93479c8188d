import '../../../src/trainer/tfjs-gradients';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/trainer/backend';
import { checkObjective, DIRECTIONAL_DEFAULTS } from '../../../src/trainer/gradcheck/directional';
import type { Objective } from '../../../src/trainer/methods/types';
import { buildModel, type Model } from '../../../src/trainer/models';
import { Rng } from '../../../src/shared/rng';

const backend = process.env.LOSSLAB_TEST_BACKEND ?? 'wasm';
before(async () => {
  await initBackend(backend);
});

const opts = (seed = 1) => ({ ...DIRECTIONAL_DEFAULTS, rng: new Rng(seed) });

function setup(activation: 'tanh' | 'relu') {
  const model = buildModel({ type: 'mlp', hidden: [16, 16], activation, init: 'auto' }, { nFeatures: 3, nOutputs: 1 });
  const rng = new Rng(4);
  const params = model.init(rng.fork('init')).map((v, i) => tf.tensor(v.map((x) => x + 0.05 * rng.normal()), model.specs[i].shape));
  const x = tf.tensor2d(Array.from({ length: 8 }, () => [rng.normal(), rng.normal(), rng.normal()]));
  const y = tf.tensor2d(Array.from({ length: 8 }, () => [rng.normal()]));
  return { model, params, x, y, names: model.specs.map((s) => s.name) };
}

/** Mean squared error whose gradient with respect to the predictions is scaled by `k` (1 = correct). */
function scaledGradMse(k: number) {
  return tf.customGrad((pred: tf.Tensor | tf.GradSaveFunc, target: tf.Tensor | tf.GradSaveFunc, save: tf.Tensor | tf.GradSaveFunc) => {
    const d = tf.sub(pred as tf.Tensor, target as tf.Tensor);
    (save as tf.GradSaveFunc)([d]);
    return { value: tf.mean(tf.square(d)), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [tf.mul(dy, tf.mul(saved[0], (2 * k) / saved[0].size)), tf.zerosLike(saved[0])] };
  }) as (a: tf.Tensor, b: tf.Tensor) => tf.Scalar;
}

const objective = (model: Model, x: tf.Tensor2D, y: tf.Tensor2D, k: number): Objective => {
  const loss = scaledGradMse(k);
  return { name: 'loss', f: (p) => loss(model.forward(p, x), y) };
};

for (const activation of ['tanh', 'relu'] as const) {
  test(`${activation} MLP: the correct gradient passes with a wide margin; wrong ones fail decisively`, () => {
    const { model, params, x, y, names } = setup(activation);
    const good = checkObjective(objective(model, x as tf.Tensor2D, y as tf.Tensor2D, 1), params, names, opts());
    assert.ok(good.pass);
    for (const t of good.tensors) assert.ok(t.relError < 1e-3, `${t.tensor}: ${t.relError}`);
    for (const k of [-0.5, 0, 2]) {
      const bad = checkObjective(objective(model, x as tf.Tensor2D, y as tf.Tensor2D, k), params, names, opts());
      assert.equal(bad.pass, false);
      for (const t of bad.tensors) assert.ok(t.relError > 0.3, `k=${k} ${t.tensor}: ${t.relError}`);
    }
    // A 10% scale error is still 10× the tolerance.
    const slightly = checkObjective(objective(model, x as tf.Tensor2D, y as tf.Tensor2D, 1.1), params, names, opts());
    for (const t of slightly.tensors) assert.ok(t.relError > 0.03 && !t.pass, `${t.tensor}: ${t.relError}`);
    tf.dispose([...params, x, y]);
  });
}

test('an error orthogonal to the true gradient is caught', () => {
  const a = tf.tensor1d([1, -2, 0.5, 3, -1, 2]);
  const theta = [tf.tensor1d([0.3, -0.2, 0.5, 0.1, 0.4, -0.6])];
  // Correct value ½Σaθ², gradient aθ plus a vector of the same size orthogonal to it.
  const lying = tf.customGrad((t: tf.Tensor | tf.GradSaveFunc, save: tf.Tensor | tf.GradSaveFunc) => {
    (save as tf.GradSaveFunc)([t as tf.Tensor]);
    return {
      value: tf.mul(0.5, tf.sum(tf.mul(a, tf.square(t as tf.Tensor)))),
      gradFunc: (dy: tf.Tensor, [s]: tf.Tensor[]) => {
        const g = tf.mul(a, s);
        const r = tf.tensor1d([1, 1, 1, 1, 1, 1]);
        const orth = tf.sub(r, tf.mul(g, tf.div(tf.sum(tf.mul(r, g)), tf.sum(tf.square(g)))));
        return tf.mul(dy, tf.add(g, tf.mul(orth, tf.div(tf.norm(g), tf.norm(orth)))));
      },
    };
  }) as (t: tf.Tensor) => tf.Scalar;
  const r = checkObjective({ name: 'q', f: (p) => lying(p[0]) }, theta, ['theta'], opts());
  assert.equal(r.pass, false);
  assert.ok(r.tensors[0].relError > 0.1, String(r.tensors[0].relError));
  tf.dispose([a, ...theta]);
});

test('a kink next to θ (|x| a hair from 0) is stepped around instead of failing', () => {
  const theta = [tf.tensor1d([1e-5, 0.7, -0.4]), tf.tensor1d([0.2])];
  const f = (p: tf.Tensor[]) => tf.add(tf.sum(tf.abs(p[0])), tf.square(tf.sum(p[1]))) as tf.Scalar;
  const r = checkObjective({ name: 'abs', f }, theta, ['a', 'b'], opts());
  assert.ok(r.pass, JSON.stringify(r.tensors.map((t) => [t.relError, t.kinked, t.point])));
  assert.ok(r.tensors[0].kinked > 0 || r.tensors[0].point > 0);
  tf.dispose(theta);
});

test('a tensor the objective does not depend on passes (zero against zero); no tensor leaks', () => {
  const theta = [tf.tensor1d([0.5, -0.5]), tf.tensor1d([3])];
  const f = (p: tf.Tensor[]) => tf.sum(tf.square(p[0])) as tf.Scalar;
  checkObjective({ name: 'q', f }, theta, ['used', 'unused'], opts());
  const before = tf.memory().numTensors;
  const r = checkObjective({ name: 'q', f }, theta, ['used', 'unused'], opts());
  assert.equal(tf.memory().numTensors, before);
  assert.ok(r.pass);
  assert.equal(r.tensors[1].relError, 0);
  assert.deepEqual(r.gradients, [[1, -1], [0]]);
  tf.dispose(theta);
});
