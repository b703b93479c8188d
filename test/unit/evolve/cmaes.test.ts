import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CmaEs } from '../../../src/shared/evolve/cmaes';
import { symmetricEigen } from '../../../src/shared/evolve/symmetric-eigen';

const sphere = (x: number[]) => x.reduce((a, v) => a + v * v, 0);
const ellipsoid = (x: number[]) => x.reduce((a, v, i) => a + 1e6 ** (i / (x.length - 1)) * v * v, 0);
const rosenbrock = (x: number[]) => {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) s += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2;
  return s;
};

function run(f: (x: number[]) => number, seed: number, mean = 3, sigma = 2) {
  const es = new CmaEs({ mean: Array(8).fill(mean), sigma, seed });
  return { es, ...es.minimize(f, { maxEvaluations: 30000, targetFitness: 1e-8 }) };
}

test('symmetric eigendecomposition: known eigenpairs and A = B·diag(λ)·Bᵀ', () => {
  // [[2,1],[1,2]] has eigenvalues 1 and 3 with eigenvectors (1,−1)/√2 and (1,1)/√2.
  const { values } = symmetricEigen([2, 1, 1, 2], 2);
  assert.deepEqual([...values].map((v) => +v.toFixed(12)).sort(), [1, 3]);
  const n = 5;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = Math.sin(i * 3 + j * 7) + (i === j ? n : 0);
  const { values: l, vectors: b } = symmetricEigen(a, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let o = 0;
      for (let k = 0; k < n; k++) {
        s += b[i * n + k] * l[k] * b[j * n + k];
        o += b[k * n + i] * b[k * n + j];
      }
      assert.ok(Math.abs(s - a[i * n + j]) < 1e-10, `reconstruction (${i},${j})`);
      assert.ok(Math.abs(o - (i === j ? 1 : 0)) < 1e-10, `orthonormal (${i},${j})`);
    }
  }
});

test('default strategy parameters for n = 8 follow the tutorial: λ = 10, μ = 5, weights sum to 1', () => {
  const es = new CmaEs({ mean: Array(8).fill(0), sigma: 1, seed: 0 });
  assert.equal(es.lambda, 10);
  assert.equal(es.mu, 5);
  assert.ok(Math.abs(es.weights.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  assert.ok(es.weights.every((w, i) => i === 0 || w < es.weights[i - 1]));
  assert.ok(Math.abs(es.muEff - 3.17) < 0.01, `μ_eff ${es.muEff}`);
});

test('active covariance weights follow the tutorial: the worst λ − μ are negative and sum to −min(α_μ⁻, α_μeff⁻, α_posdef⁻)', () => {
  const es = new CmaEs({ mean: Array(8).fill(0), sigma: 1, seed: 0 });
  const w = [...es.covWeights];
  assert.equal(w.length, es.lambda);
  assert.deepEqual(w.slice(0, es.mu), [...es.weights]);
  assert.ok(w.slice(es.mu).every((v, i, a) => v < 0 && (i === 0 || v < a[i - 1])), `${w}`);
  // n = 8, λ = 10: c1 = 2/(9.3² + μeff), cμ = 2(μeff − 2 + 1/μeff)/(10² + μeff); α_μ⁻ = 1 + c1/cμ is the smallest.
  const mueff = es.muEff;
  const c1 = 2 / (9.3 ** 2 + mueff);
  const cmu = (2 * (mueff - 2 + 1 / mueff)) / (100 + mueff);
  const negSum = w.slice(es.mu).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(negSum + (1 + c1 / cmu)) < 1e-12, `negative sum ${negSum}`);
});

test('sphere 8-D reaches 1e-8 in the published ~1000–1500 evaluations, with σ shrinking geometrically', () => {
  for (const seed of [0, 1, 2]) {
    const { f, evaluations } = run(sphere, seed);
    assert.ok(f <= 1e-8, `seed ${seed}: f ${f}`);
    assert.ok(evaluations >= 800 && evaluations <= 1800, `seed ${seed}: ${evaluations} evaluations`);
  }
  // Linear convergence: each 30 generations divide σ by a large factor (~10 typically; a single
  // window of a single seed is noisy, so look at several seeds).
  const ratios: number[] = [];
  for (const seed of [5, 6, 7, 8, 9]) {
    const es = new CmaEs({ mean: Array(8).fill(3), sigma: 2, seed });
    const sigmas: number[] = [];
    for (let g = 0; g < 120; g++) {
      const xs = es.ask();
      es.tell(xs, xs.map(sphere));
      if (g % 30 === 29) sigmas.push(es.sigma);
    }
    ratios.push(...sigmas.slice(1).map((s, i) => sigmas[i] / s));
  }
  const sorted = [...ratios].sort((a, b) => a - b);
  assert.ok(sorted[0] > 3, `σ ratios ${ratios}`);
  assert.ok(sorted[sorted.length >> 1] > 8, `σ ratios ${ratios}`);
});

test('ellipsoid (condition 1e6) 8-D: solved in a few thousand evaluations; C learns the scaling', () => {
  const { es, f, evaluations } = run(ellipsoid, 0);
  assert.ok(f <= 1e-8, `f ${f}`);
  assert.ok(evaluations >= 2500 && evaluations <= 8000, `${evaluations} evaluations`);
  // The axis ratio of C approaches √1e6 = 1000.
  assert.ok(es.axisRatio > 300 && es.axisRatio < 3000, `axis ratio ${es.axisRatio}`);
});

test('Rosenbrock 8-D: most seeds reach 1e-8 in several thousand evaluations', () => {
  const outcomes = [0, 1, 2, 3].map((seed) => run(rosenbrock, seed, 0, 0.5));
  const solved = outcomes.filter((o) => o.f <= 1e-8);
  assert.ok(solved.length >= 3, `${solved.length}/4 solved`);
  for (const o of solved) assert.ok(o.evaluations >= 2000 && o.evaluations <= 12000, `${o.evaluations} evaluations`);
});

test('seeded: the same seed gives identical candidates and results; another seed does not', () => {
  const a = run(sphere, 7);
  const b = run(sphere, 7);
  const c = run(sphere, 8);
  assert.deepEqual(a.x, b.x);
  assert.equal(a.evaluations, b.evaluations);
  assert.notDeepEqual(a.x, c.x);
  assert.deepEqual(new CmaEs({ mean: [0, 0], sigma: 1, seed: 3 }).ask(), new CmaEs({ mean: [0, 0], sigma: 1, seed: 3 }).ask());
});

test('+∞ fitness (infeasible, rejected without evaluation) still converges, on a sphere whose half-space x0 < 1 is infeasible', () => {
  const es = new CmaEs({ mean: Array(8).fill(3), sigma: 1, seed: 1 });
  const f = (x: number[]) => (x[0] < 1 ? Infinity : sphere(x) - 1);
  for (let g = 0; g < 600 && es.bestF > 1e-6; g++) {
    const xs = es.ask();
    es.tell(xs, xs.map(f));
  }
  assert.ok(es.bestF < 1e-3, `best ${es.bestF}`);
  assert.ok(es.bestX![0] >= 1);
});
