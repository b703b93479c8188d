/**
 * Lanczos on a symmetric linear operator given only as v ↦ Av (a Hessian-vector product), in float64.
 * Every new vector is re-orthogonalised against all previous ones (twice, "twice is enough"), so the
 * Ritz values stay free of the spurious copies plain Lanczos produces in finite precision; the cost
 * is O(n·m²) for m steps, small next to m Hessian-vector products.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export type SymmetricOperator = (v: Float64Array) => Float64Array;

export interface LanczosRun {
  /** Diagonal of the tridiagonal matrix T (m entries). */
  alpha: number[];
  /** Off-diagonal of T (m − 1 entries), then the residual norm β_m that would extend it. */
  beta: number[];
  /** The orthonormal basis q₁ … q_m. */
  basis: Float64Array[];
  /** Operator applications used. */
  products: number;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function axpy(y: Float64Array, a: number, x: Float64Array): void {
  for (let i = 0; i < y.length; i++) y[i] += a * x[i];
}

/**
 * Runs up to `steps` Lanczos steps from `start` (any non-zero vector). Stops early when the Krylov
 * space is exhausted (β below `breakdown` relative to ‖T‖): then the Ritz values are exact. After each
 * step `enough` may end the run (convergence; it may also throw to cancel).
 */
export function lanczos(apply: SymmetricOperator, start: Float64Array, steps: number, enough?: (run: LanczosRun) => boolean, breakdown = 1e-10): LanczosRun {
  const norm0 = Math.sqrt(dot(start, start));
  if (!(norm0 > 0)) throw new Error('Lanczos needs a non-zero start vector');
  const basis: Float64Array[] = [start.map((x) => x / norm0)];
  const alpha: number[] = [];
  const beta: number[] = [];
  let scale = 0;
  for (let j = 0; j < steps; j++) {
    const q = basis[j];
    const w = apply(q);
    const a = dot(q, w);
    alpha.push(a);
    for (let pass = 0; pass < 2; pass++) for (const p of basis) axpy(w, -dot(p, w), p);
    const b = Math.sqrt(dot(w, w));
    beta.push(b);
    scale = Math.max(scale, Math.abs(a) + b);
    if (j + 1 === steps || j + 1 === start.length || b <= breakdown * scale) break;
    if (enough?.({ alpha, beta, basis, products: alpha.length })) break;
    basis.push(w.map((x) => x / b));
  }
  return { alpha, beta, basis, products: alpha.length };
}

export interface RitzPairs {
  /** Eigenvalues of T, ascending. */
  values: number[];
  /** values[i]'s eigenvector of T (length m). */
  vectors: number[][];
}

/** Eigen-decomposition of the run's tridiagonal T. */
export function ritzPairs(run: LanczosRun): RitzPairs {
  const m = run.alpha.length;
  const t = Matrix.zeros(m, m);
  for (let i = 0; i < m; i++) {
    t.set(i, i, run.alpha[i]);
    if (i + 1 < m) {
      t.set(i, i + 1, run.beta[i]);
      t.set(i + 1, i, run.beta[i]);
    }
  }
  const evd = new EigenvalueDecomposition(t, { assumeSymmetric: true });
  const order = evd.realEigenvalues.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const vecs = evd.eigenvectorMatrix;
  return { values: order.map(([v]) => v), vectors: order.map(([, i]) => vecs.getColumn(i)) };
}
