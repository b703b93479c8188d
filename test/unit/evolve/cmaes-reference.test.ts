/**
 * Cross-check of our CMA-ES against the reference `cmaes` library (Debian's python3-cmaes, issue #7):
 * evaluations to reach f ≤ 1e-8 on the 8-D sphere, same x0, σ0 and default population. Runs only when
 * /usr/bin/python3 (or BENCH_PYTHON) can `import cmaes`; it never installs anything — `npm run
 * bench:cmaes` does, and runs the full comparison (sphere, ellipsoid, Rosenbrock, 20 seeds).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { APT_PACKAGE, PY_MODULE, PYTHON, referenceVersion, runOurs, runReference, summary, type CrossCheckSpec } from '../../../bench/cmaes/cross-check';

const version = referenceVersion();
const skip = version === undefined ? `${PYTHON} cannot import ${PY_MODULE} (install it with: sudo apt-get install -y ${APT_PACKAGE}, or run npm run bench:cmaes)` : false;

test('sphere 8-D: median evaluations to 1e-8 within ±30% of the reference cmaes library', { skip }, () => {
  const spec: CrossCheckSpec = { dim: 8, seeds: [0, 1, 2, 3, 4, 5, 6, 7], target: 1e-8, maxEvaluations: 30000, functions: [{ name: 'sphere', mean: 3, sigma: 2 }] };
  const ref = runReference(spec);
  const ours = runOurs(spec);
  assert.equal(ours.population, ref.population, 'same default population 4 + ⌊3 ln n⌋');
  const a = summary(ours.results.sphere);
  const b = summary(ref.results.sphere);
  assert.equal(a.solved, a.runs, 'every seed of ours solves the sphere');
  assert.equal(b.solved, b.runs, `every seed of ${ref.label} solves the sphere`);
  const ratio = a.median / b.median;
  assert.ok(Math.abs(ratio - 1) <= 0.3, `median evaluations: ours ${a.median}, ${ref.label} ${b.median} (ratio ${ratio.toFixed(2)})`);
});
