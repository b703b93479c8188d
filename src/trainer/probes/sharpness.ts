/**
 * Sharpness: the top eigenvalue of the Hessian of a scalar objective with respect to the parameters,
 * by power iteration on Hessian-vector products (double backprop, `hessianVectorProduct`).
 *
 * Power iteration finds the eigenvalue of largest magnitude. Its estimate is the Rayleigh quotient
 * λ = ⟨v, Hv⟩ of the unit vector v; it stops when λ changes by less than `tolerance` relatively, or
 * when the residual ‖Hv − λv‖ is below `tolerance`·|λ| (so a start at an eigenvector stops after one
 * product). When the dominant eigenvalue is negative, a second power iteration on H − λ_dom·I (whose
 * spectrum is ≥ 0 and whose dominant eigenvalue is λ_max − λ_dom) gives the top one. Each probe
 * starts from the previous probe's vectors (warm start): between nearby parameters the top
 * eigenvector barely moves, so a few products suffice.
 */
import * as tf from '@tensorflow/tfjs-core';
import { dotAll, hessianVectorProduct } from '../autodiff/higher-order';
import type { Rng } from '../../shared/rng';

export interface PowerIterationOptions {
  /** Most operator applications. */
  iterations: number;
  /** Relative change of λ (or relative residual) that counts as converged. */
  tolerance: number;
}

export interface PowerIterationResult {
  eigenvalue: number;
  /** Operator applications used. */
  iterations: number;
  converged: boolean;
  /** Unit vector for the next warm start (owned by the caller). */
  vector: tf.Tensor[];
}

/** v / ‖v‖ over the whole list (new tensors). */
export function normalizeAll(v: readonly tf.Tensor[]): tf.Tensor[] {
  return tf.tidy(() => {
    const norm = tf.maximum(tf.sqrt(dotAll(v, v)), 1e-30);
    return v.map((t) => tf.div(t, norm));
  });
}

/** Dominant eigenpair (largest |λ|) of the symmetric linear operator `apply`, from `start` (not consumed). */
export function powerIteration(apply: (v: tf.Tensor[]) => tf.Tensor[], start: readonly tf.Tensor[], opts: PowerIterationOptions): PowerIterationResult {
  let v = normalizeAll(start);
  let eigenvalue = NaN;
  let previous: number | undefined;
  let iterations = 0;
  let converged = false;
  while (iterations < opts.iterations) {
    const current = v;
    const out = tf.tidy(() => {
      const w = apply(current);
      const lambda = dotAll(current, w);
      const residual = tf.sqrt(tf.addN(w.map((t, i) => tf.sum(tf.square(tf.sub(t, tf.mul(lambda, current[i])))))));
      const norm = tf.sqrt(dotAll(w, w));
      const safe = tf.maximum(norm, 1e-30);
      return { next: w.map((t) => tf.div(t, safe)), stats: tf.stack([lambda, residual, norm]) };
    });
    const [lambda, residual, norm] = out.stats.dataSync();
    out.stats.dispose();
    iterations++;
    eigenvalue = lambda;
    if (!Number.isFinite(lambda) || !Number.isFinite(norm) || norm === 0) {
      // Hv = 0 (or not finite): λ is 0 (or undefined) along v; keep v as the next start.
      tf.dispose(out.next);
      converged = Number.isFinite(lambda);
      break;
    }
    tf.dispose(current);
    v = out.next;
    const scale = Math.abs(lambda);
    if (residual <= opts.tolerance * scale || (previous !== undefined && Math.abs(lambda - previous) <= opts.tolerance * scale)) {
      converged = true;
      break;
    }
    previous = lambda;
  }
  return { eigenvalue, iterations, converged, vector: v };
}

/** Standard normal tensors shaped like `like`, from `rng`. */
export function randomDirection(like: readonly tf.Tensor[], rng: Rng): tf.Tensor[] {
  return like.map((t) => {
    const vals = new Float32Array(t.size);
    for (let i = 0; i < vals.length; i++) vals[i] = rng.normal();
    return tf.tensor(vals, t.shape, 'float32');
  });
}

export interface TopEigenvalue {
  eigenvalue: number;
  /** Hessian-vector products used (both phases). */
  products: number;
  converged: boolean;
}

/** Top Hessian eigenvalue of an objective with warm starts across calls. Owns its start vectors. */
export class SharpnessEstimator {
  private dominant?: tf.Tensor[];
  private shifted?: tf.Tensor[];

  constructor(
    private readonly opts: PowerIterationOptions,
    private readonly rng: Rng,
  ) {}

  /** Top eigenvalue of the Hessian of `f` at `params`. */
  measure(f: (params: tf.Tensor[]) => tf.Scalar, params: readonly tf.Tensor[]): TopEigenvalue {
    const hvp = (v: tf.Tensor[]) => hessianVectorProduct(f, params, v);
    const dom = this.run(hvp, 'dominant', params);
    if (!(dom.eigenvalue < 0)) return { eigenvalue: dom.eigenvalue, products: dom.iterations, converged: dom.converged };
    const shift = dom.eigenvalue;
    const shiftedHvp = (v: tf.Tensor[]) => tf.tidy(() => hvp(v).map((t, i) => tf.sub(t, tf.mul(v[i], shift))));
    const top = this.run(shiftedHvp, 'shifted', params);
    return { eigenvalue: top.eigenvalue + shift, products: dom.iterations + top.iterations, converged: dom.converged && top.converged };
  }

  private run(apply: (v: tf.Tensor[]) => tf.Tensor[], which: 'dominant' | 'shifted', like: readonly tf.Tensor[]): PowerIterationResult {
    const start = this[which] ?? randomDirection(like, this.rng);
    const result = powerIteration(apply, start, this.opts);
    tf.dispose(start);
    this[which] = result.vector;
    return result;
  }

  dispose(): void {
    if (this.dominant) tf.dispose(this.dominant);
    if (this.shifted) tf.dispose(this.shifted);
    this.dominant = this.shifted = undefined;
  }
}
