import '../../../src/trainer/tfjs-gradients';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/trainer/backend';
import { hessianVectorProduct } from '../../../src/trainer/autodiff/higher-order';
import { getLoss } from '../../../src/trainer/losses';
import { buildModel } from '../../../src/trainer/models';
import { SharpnessEstimator } from '../../../src/trainer/probes/sharpness';
import { Rng } from '../../../src/shared/rng';
import { normalMatrix, symmetricEigenvalues } from './helpers';

const backend = process.env.LOSSLAB_TEST_BACKEND ?? 'wasm';
before(async () => {
  await initBackend(backend);
});

const ctx = { task: 'regression' as const, nClasses: 1, step: 0, epoch: 0 };

test('linear regression with MSE: the top eigenvalue matches (2/n)·X̃ᵀX̃ computed in float64', () => {
  const n = 64;
  const d = 5;
  // Features with different scales, so the spectrum is spread out.
  const xs = normalMatrix(n, d, 7).map((row) => row.map((v, j) => Math.fround(v * (1 + j))));
  const ys = normalMatrix(n, 1, 8);
  const model = buildModel({ type: 'mlp', hidden: [], activation: 'relu', init: 'auto' }, { nFeatures: d, nOutputs: 1 });
  const params = model.init(new Rng(1)).map((v, i) => tf.tensor(v, model.specs[i].shape));
  const x = tf.tensor2d(xs);
  const y = tf.tensor2d(ys);
  const mse = getLoss('mse').create({});
  const f = (p: tf.Tensor[]) => mse(model.forward(p, x), y, ctx);

  // X̃ = [X, 1] (the bias is the last parameter); H = (2/n)·X̃ᵀX̃.
  const aug = xs.map((row) => [...row, 1]);
  const h = Array.from({ length: d + 1 }, (_, i) => Array.from({ length: d + 1 }, (_, j) => (2 / n) * aug.reduce((s, r) => s + r[i] * r[j], 0)));
  const eig = symmetricEigenvalues(h);
  const top = eig[eig.length - 1];

  const est = new SharpnessEstimator({ iterations: 200, tolerance: 1e-7 }, new Rng(3));
  const r = est.measure(f, params);
  assert.ok(Math.abs(r.eigenvalue - top) <= 1e-4 * top, `power iteration ${r.eigenvalue} vs float64 ${top}`);
  assert.ok(r.converged);
  est.dispose();
  tf.dispose([...params, x, y]);
});

test('on a known quadratic the probe finds the top eigenvalue, and says when its product budget ran out', () => {
  const d = tf.tensor1d([5, 4, 1, 0.5, -2]);
  const f = (p: tf.Tensor[]) => tf.mul(0.5, tf.sum(tf.mul(d, tf.square(p[0])))) as tf.Scalar;
  const params = [tf.ones([5])];
  const full = new SharpnessEstimator({ iterations: 50, tolerance: 1e-8 }, new Rng(4)).measure(f, params);
  assert.ok(full.converged && Math.abs(full.eigenvalue - 5) < 1e-5, JSON.stringify(full));
  assert.ok(full.products <= 5, 'Lanczos on a 5-dimensional operator needs at most 5 products');
  const capped = new SharpnessEstimator({ iterations: 2, tolerance: 1e-9 }, new Rng(4)).measure(f, params);
  assert.equal(capped.products, 2);
  assert.equal(capped.converged, false);
  tf.dispose([d, ...params]);
});

test('warm start: the second probe at the same point needs far fewer Hessian-vector products', () => {
  // f(θ) = ½ Σ aᵢ θᵢ² + ¼ Σ θᵢ⁴ over two tensors: Hessian diag(aᵢ + 3θᵢ²), top two ~15% apart.
  const a = [tf.tensor1d([3, 2, 1.5, 1]), tf.tensor2d([[2.5, 0.5], [0.1, 1]])];
  const f = (p: tf.Tensor[]) => tf.addN(p.map((t, i) => tf.add(tf.mul(0.5, tf.sum(tf.mul(a[i], tf.square(t)))), tf.mul(0.25, tf.sum(tf.pow(t, 4)))))) as tf.Scalar;
  const params = [tf.tensor1d([0.1, 0.2, 0.1, 0.3]), tf.tensor2d([[0.05, 0.1], [0.2, 0.1]])];
  const est = new SharpnessEstimator({ iterations: 100, tolerance: 1e-5 }, new Rng(11));
  const cold = est.measure(f, params);
  const warm = est.measure(f, params);
  assert.ok(cold.converged && warm.converged, JSON.stringify({ cold, warm }));
  assert.ok(Math.abs(warm.eigenvalue - cold.eigenvalue) < 1e-3 * cold.eigenvalue);
  assert.ok(cold.products >= 5, `cold start took ${cold.products}`);
  assert.ok(warm.products <= 2, `warm start took ${warm.products}`);
  // A fresh estimator (cold) repeats the cold cost: the saving comes from the kept vector.
  const fresh = new SharpnessEstimator({ iterations: 100, tolerance: 1e-5 }, new Rng(11));
  assert.equal(fresh.measure(f, params).products, cold.products);
  est.dispose();
  fresh.dispose();
  tf.dispose([...a, ...params]);
});

test('a dominant negative eigenvalue is shifted away: the result is the top (largest) eigenvalue', () => {
  const a = tf.tensor1d([-10, 2, 1.5, 0.5]);
  const f = (p: tf.Tensor[]) => tf.mul(0.5, tf.sum(tf.mul(a, tf.square(p[0])))) as tf.Scalar;
  const params = [tf.zeros([4])];
  const est = new SharpnessEstimator({ iterations: 300, tolerance: 1e-7 }, new Rng(5));
  const r = est.measure(f, params);
  assert.ok(Math.abs(r.eigenvalue - 2) < 1e-3, `got ${r.eigenvalue}`);
  est.dispose();
  tf.dispose([a, ...params]);
});

test('a tanh MLP: power iteration agrees with the full Hessian built from Hessian-vector products', () => {
  const model = buildModel({ type: 'mlp', hidden: [4], activation: 'tanh', init: 'auto' }, { nFeatures: 2, nOutputs: 1 });
  const params = model.init(new Rng(2)).map((v, i) => tf.tensor(v, model.specs[i].shape));
  const x = tf.tensor2d(normalMatrix(16, 2, 4));
  const y = tf.tensor2d(normalMatrix(16, 1, 5));
  const mse = getLoss('mse').create({});
  const f = (p: tf.Tensor[]) => mse(model.forward(p, x), y, ctx);
  const sizes = params.map((p) => p.size);
  const total = sizes.reduce((s, v) => s + v, 0);
  const columns: number[][] = [];
  for (let k = 0; k < total; k++) {
    let offset = 0;
    const e = params.map((p, i) => {
      const vals = new Float32Array(p.size);
      if (k >= offset && k < offset + sizes[i]) vals[k - offset] = 1;
      offset += sizes[i];
      return tf.tensor(vals, p.shape);
    });
    const hv = hessianVectorProduct(f, params, e);
    columns.push(hv.flatMap((t) => Array.from(t.dataSync())));
    tf.dispose([...e, ...hv]);
  }
  const sym = columns.map((row, i) => row.map((v, j) => (v + columns[j][i]) / 2));
  const eig = symmetricEigenvalues(sym);
  const top = eig[eig.length - 1];
  const est = new SharpnessEstimator({ iterations: 300, tolerance: 1e-7 }, new Rng(9));
  const r = est.measure(f, params);
  assert.ok(Math.abs(r.eigenvalue - top) <= 1e-3 * Math.abs(top), `power iteration ${r.eigenvalue} vs ${top}`);
  est.dispose();
  tf.dispose([...params, x, y]);
});

test('no tensor leaks across probes', () => {
  const a = tf.tensor1d([3, 1, 2]);
  const f = (p: tf.Tensor[]) => tf.mul(0.5, tf.sum(tf.mul(a, tf.square(p[0])))) as tf.Scalar;
  const params = [tf.ones([3])];
  const est = new SharpnessEstimator({ iterations: 10, tolerance: 1e-4 }, new Rng(1));
  est.measure(f, params);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) est.measure(f, params);
  assert.equal(tf.memory().numTensors, before);
  est.dispose();
  tf.dispose([a, ...params]);
});
