/**
 * The spectrum estimates on a real (tiny) model's Hessian, against that Hessian built column by
 * column from Hessian-vector products and diagonalised in float64 by Jacobi rotations.
 */
import '../../../src/trainer/tfjs-gradients';
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../../src/shared/rng';
import { flatHessian } from '../../../src/trainer/analysis/hessian-operator';
import { hutchinsonTrace, spectralDensity, topEigenvalues } from '../../../src/trainer/analysis/spectrum';
import { initBackend } from '../../../src/trainer/backend';
import { getLoss } from '../../../src/trainer/losses';
import { buildModel } from '../../../src/trainer/models';
import { normalMatrix, symmetricEigenvalues } from '../probes/helpers';

before(async () => {
  await initBackend('cpu');
});

const ctx = { task: 'regression' as const, nClasses: 0, step: 0, epoch: 0 };

test('top eigenvalues, trace and density moments of a tanh MLP match its exact Hessian', async () => {
  const model = buildModel({ type: 'mlp', hidden: [5], activation: 'tanh', init: 'auto' }, { nFeatures: 3, nOutputs: 1 });
  const params = model.init(new Rng(3)).map((v, i) => tf.tensor(v, model.specs[i].shape));
  const x = tf.tensor2d(normalMatrix(24, 3, 6));
  const y = tf.tensor2d(normalMatrix(24, 1, 7));
  const mse = getLoss('mse').create({});
  const h = flatHessian((p) => mse(model.forward(p, x), y, ctx), params);
  const n = h.n;
  assert.equal(n, 3 * 5 + 5 + 5 + 1);
  const columns = Array.from({ length: n }, (_, k) => Array.from(h.apply(new Float64Array(n).map((_, i) => (i === k ? 1 : 0)))));
  const exact = symmetricEigenvalues(columns.map((row, i) => row.map((v, j) => (v + columns[j][i]) / 2))).sort((a, b) => b - a);
  const trace = columns.reduce((s, row, i) => s + row[i], 0);
  const scale = Math.abs(exact[0]);

  const top = topEigenvalues(h.apply, n, 3, new Rng(1), { maxSteps: n, tolerance: 1e-6 });
  top.values.forEach((v, i) => assert.ok(Math.abs(v - exact[i]) <= 1e-4 * scale, `λ${i + 1} ${v} vs ${exact[i]}`));

  const est = await hutchinsonTrace(h.apply, n, new Rng(2), { minSamples: 30, maxSamples: 30, tolerance: 0 });
  assert.ok(Math.abs(est.trace - trace) <= 3.5 * est.standardError, `trace ${est.trace} ± ${est.standardError} vs ${trace}`);

  // Each run's quadrature is exact here (steps = n); averaged, its moments estimate tr(Hᵖ)/n.
  const d = await spectralDensity(h.apply, n, new Rng(4), { runs: 40, steps: n, gridPoints: 200, sigmaFraction: 0.02 });
  for (const p of [1, 2]) {
    const perRun = d.runs.map((q) => q.nodes.reduce((s, node, j) => s + q.weights[j] * node ** p, 0));
    const mean = perRun.reduce((a, b) => a + b, 0) / perRun.length;
    const se = Math.sqrt(perRun.reduce((a, b) => a + (b - mean) ** 2, 0) / (perRun.length - 1) / perRun.length);
    const want = exact.reduce((s, l) => s + l ** p, 0) / n;
    assert.ok(Math.abs(mean - want) <= 3.5 * se + 1e-6 * Math.abs(want), `moment ${p}: ${mean} ± ${se} vs ${want}`);
  }
  // The extreme Ritz values of a full run are the extreme eigenvalues.
  assert.ok(Math.abs(Math.max(...d.runs[0].nodes) - exact[0]) <= 1e-4 * scale);
  tf.dispose([...params, x, y]);
});
