/**
 * The CMA-ES cross-check shared by `npm run bench:cmaes` (compare.ts) and
 * test/unit/evolve/cmaes-reference.test.ts: our CmaEs and the reference `cmaes` library (Debian's
 * python3-cmaes, run by reference.py under /usr/bin/python3) on the same functions, starting points,
 * step sizes and default population, counting evaluations until the best f reaches the target.
 * The two use different random generators, so seeds pair runs only nominally: compare distributions.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CmaEs } from '../../src/shared/evolve/cmaes';
import { quantile } from '../lib/stats';
import { PYTHON } from '../lib/system-packages';

export { PYTHON };

export const APT_PACKAGE = 'python3-cmaes';
/** The module python3-cmaes provides (CyberAgentAILab's `cmaes`, not Hansen's `cma`). */
export const PY_MODULE = 'cmaes';

export interface FunctionSpec {
  name: 'sphere' | 'ellipsoid' | 'rosenbrock';
  /** Every coordinate of x0. */
  mean: number;
  sigma: number;
}

export interface CrossCheckSpec {
  dim: number;
  seeds: number[];
  target: number;
  maxEvaluations: number;
  functions: FunctionSpec[];
}

export interface RunResult {
  seed: number;
  evaluations: number;
  best: number;
  solved: boolean;
}

export interface SideResults {
  /** Library and version, e.g. `cmaes 0.9.1` or `Loss Lab CmaEs`. */
  label: string;
  population: number;
  results: Record<string, RunResult[]>;
}

/** The settings of test/unit/evolve/cmaes.test.ts: 8-D, x0 = 3·1 / σ0 = 2 (Rosenbrock: x0 = 0, σ0 = 0.5). */
export const DEFAULT_FUNCTIONS: FunctionSpec[] = [
  { name: 'sphere', mean: 3, sigma: 2 },
  { name: 'ellipsoid', mean: 3, sigma: 2 },
  { name: 'rosenbrock', mean: 0, sigma: 0.5 },
];

const FUNCTIONS: Record<FunctionSpec['name'], (x: number[]) => number> = {
  sphere: (x) => x.reduce((a, v) => a + v * v, 0),
  ellipsoid: (x) => x.reduce((a, v, i) => a + 1e6 ** (i / (x.length - 1)) * v * v, 0),
  rosenbrock: (x) => {
    let s = 0;
    for (let i = 0; i < x.length - 1; i++) s += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2;
    return s;
  },
};

/** The reference library's version, or undefined when PYTHON cannot import it. */
export function referenceVersion(): string | undefined {
  const r = spawnSync(PYTHON, ['-c', `import ${PY_MODULE}, numpy; print(getattr(${PY_MODULE}, '__version__', 'unknown'))`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

export function runReference(spec: CrossCheckSpec): SideResults {
  const r = spawnSync(PYTHON, [join(__dirname, 'reference.py'), '--spec', JSON.stringify(spec)], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`reference.py failed (${r.status ?? r.signal}): ${r.stderr || r.error?.message}`);
  const out = JSON.parse(r.stdout) as { version: string; population: number; results: Record<string, RunResult[]> };
  return { label: `${PY_MODULE} ${out.version}`, population: out.population, results: out.results };
}

export function runOurs(spec: CrossCheckSpec): SideResults {
  const results: Record<string, RunResult[]> = {};
  for (const fn of spec.functions) {
    const f = FUNCTIONS[fn.name];
    results[fn.name] = spec.seeds.map((seed) => {
      const es = new CmaEs({ mean: Array(spec.dim).fill(fn.mean), sigma: fn.sigma, seed });
      const r = es.minimize(f, { maxEvaluations: spec.maxEvaluations, targetFitness: spec.target });
      return { seed, evaluations: r.evaluations, best: r.f, solved: r.f <= spec.target };
    });
  }
  return { label: 'Loss Lab CmaEs', population: new CmaEs({ mean: Array(spec.dim).fill(0), sigma: 1, seed: 0 }).lambda, results };
}

/** Quartiles of the evaluations of the solved runs. */
export function summary(runs: readonly RunResult[]): { solved: number; runs: number; q1: number; median: number; q3: number } {
  const ev = runs.filter((r) => r.solved).map((r) => r.evaluations);
  return { solved: ev.length, runs: runs.length, q1: quantile(ev, 0.25), median: quantile(ev, 0.5), q3: quantile(ev, 0.75) };
}
