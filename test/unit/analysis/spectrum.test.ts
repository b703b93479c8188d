/** Lanczos, Hutchinson and stochastic Lanczos quadrature on operators whose spectra are known in closed form. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rng } from '../../../src/shared/rng';
import { lanczos, ritzPairs } from '../../../src/trainer/analysis/lanczos';
import { hutchinsonTrace, spectralDensity, topEigenvalues } from '../../../src/trainer/analysis/spectrum';

/** A = Q diag(λ) Qᵀ with Q a product of three random Householder reflections: eigenvalues exactly λ. */
function rotated(lambda: number[], seed: number): (v: Float64Array) => Float64Array {
  const rng = new Rng(seed);
  const n = lambda.length;
  const us = [0, 1, 2].map(() => {
    const u = new Float64Array(n).map(() => rng.normal());
    const norm = Math.sqrt(u.reduce((s, x) => s + x * x, 0));
    return u.map((x) => x / norm);
  });
  const reflect = (v: Float64Array, u: Float64Array) => {
    const d = 2 * v.reduce((s, x, i) => s + x * u[i], 0);
    return v.map((x, i) => x - d * u[i]);
  };
  return (v) => {
    let w = Float64Array.from(v);
    for (const u of [...us].reverse()) w = reflect(w, u); // Qᵀv
    w = w.map((x, i) => x * lambda[i]);
    for (const u of us) w = reflect(w, u); // Q·
    return w;
  };
}

function spectrum(n: number, seed: number): number[] {
  const rng = new Rng(seed);
  return [40, 25, 12, 6, 3.5, ...Array.from({ length: n - 5 }, () => rng.uniform(-1, 1))];
}

test('top-k eigenvalues of a rotated diagonal matrix, with residual bounds and the products used', async () => {
  const lambda = spectrum(80, 3);
  const r = topEigenvalues(rotated(lambda, 4), 80, 5, new Rng(5), { maxSteps: 60, tolerance: 1e-8 });
  assert.ok(r.converged);
  assert.ok(r.products < 60, `used ${r.products}`);
  [40, 25, 12, 6, 3.5].forEach((want, i) => assert.ok(Math.abs(r.values[i] - want) < 1e-6 * want, `${r.values[i]} vs ${want}`));
  assert.ok(r.residuals.every((x) => x < 1e-6));
});

test('the top eigenvalue is the largest algebraic one, also when a negative one is larger in magnitude', async () => {
  const lambda = [-30, 7, 2, 1, 0.5, -0.5, 0.1, -2];
  const r = topEigenvalues(rotated(lambda, 9), lambda.length, 2, new Rng(1), { maxSteps: 20, tolerance: 1e-10 });
  assert.ok(Math.abs(r.values[0] - 7) < 1e-9 && Math.abs(r.values[1] - 2) < 1e-9, String(r.values));
});

test('Lanczos to exhaustion recovers the whole 1-D Laplacian spectrum 2 − 2cos(kπ/(n+1))', async () => {
  const n = 30;
  const apply = (v: Float64Array) => v.map((x, i) => 2 * x - (i > 0 ? v[i - 1] : 0) - (i + 1 < n ? v[i + 1] : 0));
  const run = lanczos(apply, new Float64Array(n).map((_, i) => 1 + Math.sin(i)), 100);
  assert.equal(run.products, n);
  const want = Array.from({ length: n }, (_, k) => 2 - 2 * Math.cos(((k + 1) * Math.PI) / (n + 1)));
  ritzPairs(run).values.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-10, `${v} vs ${want[i]}`));
});

test('Hutchinson: exact with zero spread on a diagonal matrix; within 3 standard errors of the trace otherwise', async () => {
  const lambda = spectrum(50, 7);
  const diag = await hutchinsonTrace((v) => v.map((x, i) => x * lambda[i]), 50, new Rng(2), { minSamples: 5, maxSamples: 5, tolerance: 0 });
  const trace = lambda.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(diag.trace - trace) < 1e-12 && diag.standardError < 1e-12);
  const est = await hutchinsonTrace(rotated(lambda, 8), 50, new Rng(3), { minSamples: 10, maxSamples: 2000, tolerance: 0.02 });
  assert.ok(est.standardError <= 0.02 * Math.abs(est.trace) && est.samples < 2000, JSON.stringify(est));
  assert.ok(Math.abs(est.trace - trace) < 3 * est.standardError, JSON.stringify({ est, trace }));
});

test('quadrature moments equal vᵀAᵖv/‖v‖² for p < 2m, and the density integrates to 1', async () => {
  const lambda = spectrum(40, 11);
  const apply = rotated(lambda, 12);
  const d = await spectralDensity(apply, 40, new Rng(13), { runs: 3, steps: 8, gridPoints: 400, sigmaFraction: 0.01 });
  assert.equal(d.products, 24);
  // Re-draw the same start vectors to compute the moments directly.
  const rng = new Rng(13);
  for (const q of d.runs) {
    const v = new Float64Array(40).map(() => (rng.uniform() < 0.5 ? -1 : 1));
    let w: Float64Array = Float64Array.from(v);
    for (let p = 0; p <= 15; p++) {
      const direct = v.reduce((s, x, i) => s + x * w[i], 0) / 40;
      const quad = q.nodes.reduce((s, node, j) => s + q.weights[j] * node ** p, 0);
      assert.ok(Math.abs(quad - direct) <= 1e-9 * Math.max(1, Math.abs(direct)), `p=${p}: ${quad} vs ${direct}`);
      w = apply(w);
    }
  }
  const step = d.grid[1] - d.grid[0];
  const integral = d.density.reduce((a, b) => a + b, 0) * step;
  assert.ok(Math.abs(integral - 1) < 1e-3, `∫ = ${integral}`);
});
