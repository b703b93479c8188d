/**
 * Hessian spectrum estimates from Hessian-vector products alone (as PyHessian computes them):
 * the top eigenvalues by Lanczos, the trace by Hutchinson's estimator (E[vᵀHv] = tr H for Rademacher
 * v), and the eigenvalue density by stochastic Lanczos quadrature (each run's Ritz values θⱼ with
 * weights τⱼ = (first component of T's j-th eigenvector)² form a quadrature whose moments Σ τⱼ θⱼᵖ
 * equal vᵀHᵖv/‖v‖² for p < 2m; averaged over runs they estimate tr(Hᵖ)/n).
 */
import type { Rng } from '../../shared/rng';
import { lanczos, ritzPairs, type SymmetricOperator } from './lanczos';

export function rademacher(n: number, rng: Rng): Float64Array {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.uniform() < 0.5 ? -1 : 1;
  return v;
}

export interface TopEigenvalues {
  /** The k largest eigenvalues, descending. */
  values: number[];
  /** Each value's residual bound ‖Hy − θy‖ (y its Ritz vector). */
  residuals: number[];
  /** Each value's Ritz vector y (unit length): a warm start for the next call near the same point. */
  vectors: Float64Array[];
  converged: boolean;
  products: number;
}

/**
 * The k largest (algebraic) eigenvalues: Lanczos until each of the top k Ritz pairs has a residual
 * below `tolerance`·max(|θ|, ‖T‖·1e-6), or `maxSteps` products.
 */
export function topEigenvalues(apply: SymmetricOperator, n: number, k: number, rng: Rng, opts: { maxSteps: number; tolerance: number; start?: Float64Array }): TopEigenvalues {
  const top = (run: Parameters<typeof ritzPairs>[0]) => {
    const { values, vectors } = ritzPairs(run);
    const m = run.alpha.length;
    const last = run.beta[m - 1];
    const scale = Math.max(...values.map(Math.abs));
    const picked = values.map((v, i) => ({ v, r: Math.abs(last * vectors[i][m - 1]), s: vectors[i] })).reverse().slice(0, k);
    const converged = picked.length === Math.min(k, n) && picked.every((p) => p.r <= opts.tolerance * Math.max(Math.abs(p.v), scale * 1e-6));
    return { picked, converged };
  };
  const start = opts.start ?? new Float64Array(n).map(() => rng.normal());
  const run = lanczos(apply, start, Math.min(n, Math.max(opts.maxSteps, k)), (r) => r.alpha.length >= k && top(r).converged);
  const { picked, converged } = top(run);
  const exhausted = run.alpha.length === n || run.beta[run.beta.length - 1] === 0;
  const ritzVector = (s: number[]): Float64Array => {
    const y = new Float64Array(n);
    run.basis.forEach((q, j) => {
      for (let i = 0; i < n; i++) y[i] += s[j] * q[i];
    });
    return y;
  };
  return { values: picked.map((p) => p.v), residuals: picked.map((p) => p.r), vectors: picked.map((p) => ritzVector(p.s)), converged: converged || exhausted, products: run.products };
}

export interface TraceEstimate {
  trace: number;
  /** Standard error of the mean over samples. */
  standardError: number;
  samples: number;
  products: number;
}

/** Awaited between samples or runs (progress, a chance to see a stop request); may throw to stop. */
export type Between = () => void | Promise<void>;

/** Hutchinson's estimator: samples until the standard error is below `tolerance`·|trace| (at least `minSamples`) or `maxSamples`. */
export async function hutchinsonTrace(apply: SymmetricOperator, n: number, rng: Rng, opts: { minSamples: number; maxSamples: number; tolerance: number }, between: Between = () => {}): Promise<TraceEstimate> {
  const xs: number[] = [];
  let mean = 0;
  let se = Infinity;
  while (xs.length < opts.maxSamples) {
    const v = rademacher(n, rng);
    const hv = apply(v);
    let s = 0;
    for (let i = 0; i < n; i++) s += v[i] * hv[i];
    xs.push(s);
    mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    if (xs.length >= 2) se = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1) / xs.length);
    if (xs.length >= opts.minSamples && se <= opts.tolerance * Math.abs(mean)) break;
    await between();
  }
  return { trace: mean, standardError: xs.length >= 2 ? se : NaN, samples: xs.length, products: xs.length };
}

export interface SpectralDensity {
  /** Each run's quadrature: Ritz values and their weights (summing to 1). */
  runs: { nodes: number[]; weights: number[] }[];
  /** The density on `grid`, each node widened to a Gaussian of standard deviation `sigma`. */
  grid: number[];
  density: number[];
  sigma: number;
  products: number;
}

/** Stochastic Lanczos quadrature with `runs` Rademacher starts of `steps` Lanczos steps each. */
export async function spectralDensity(apply: SymmetricOperator, n: number, rng: Rng, opts: { runs: number; steps: number; gridPoints: number; sigmaFraction: number }, between: Between = () => {}): Promise<SpectralDensity> {
  const runs: SpectralDensity['runs'] = [];
  let products = 0;
  for (let r = 0; r < opts.runs; r++) {
    const run = lanczos(apply, rademacher(n, rng), Math.min(n, opts.steps));
    products += run.products;
    const { values, vectors } = ritzPairs(run);
    runs.push({ nodes: values, weights: vectors.map((s) => s[0] * s[0]) });
    await between();
  }
  const all = runs.flatMap((r) => r.nodes);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const width = hi - lo || Math.max(Math.abs(hi), 1);
  const sigma = opts.sigmaFraction * width;
  const grid = Array.from({ length: opts.gridPoints }, (_, i) => lo - 0.1 * width + (1.2 * width * i) / (opts.gridPoints - 1));
  const norm = 1 / (opts.runs * sigma * Math.sqrt(2 * Math.PI));
  const density = grid.map((x) => norm * runs.reduce((s, q) => s + q.nodes.reduce((t, node, j) => t + q.weights[j] * Math.exp(-0.5 * ((x - node) / sigma) ** 2), 0), 0));
  return { runs, grid, density, sigma, products };
}
