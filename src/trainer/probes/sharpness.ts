/**
 * Sharpness: the top (largest) eigenvalue of the Hessian of a scalar objective with respect to the
 * parameters — the live probe, with the same Lanczos as `loss-lab hessian` (analysis/spectrum.ts) on
 * Hessian-vector products (double backprop). Lanczos finds the largest eigenvalue directly (also when
 * a negative one is larger in magnitude) and stops when the Ritz pair's residual ‖Hy − θy‖ is below
 * `tolerance`·|θ|. Each probe starts from the previous probe's Ritz vector (warm start): between
 * nearby parameters the top eigenvector barely moves, so a few products suffice.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../shared/rng';
import { flatHessian } from '../analysis/hessian-operator';
import { topEigenvalues } from '../analysis/spectrum';

export interface SharpnessOptions {
  /** Most Hessian-vector products per probe. */
  iterations: number;
  /** Relative residual that counts as converged. */
  tolerance: number;
}

export interface TopEigenvalue {
  eigenvalue: number;
  /** Hessian-vector products used. */
  products: number;
  converged: boolean;
}

/** Top Hessian eigenvalue of an objective with warm starts across calls. */
export class SharpnessEstimator {
  private start?: Float64Array;

  constructor(
    private readonly opts: SharpnessOptions,
    private readonly rng: Rng,
  ) {}

  /** Top eigenvalue of the Hessian of `f` at `params`. */
  measure(f: (params: tf.Tensor[]) => tf.Scalar, params: readonly tf.Tensor[]): TopEigenvalue {
    const h = flatHessian(f, params);
    const r = topEigenvalues(h.apply, h.n, 1, this.rng, { maxSteps: this.opts.iterations, tolerance: this.opts.tolerance, start: this.start });
    this.start = r.vectors[0];
    return { eigenvalue: r.values[0], products: r.products, converged: r.converged };
  }

  /** The vector the next probe starts from (undefined before the first), for a checkpoint. */
  get warmStart(): Float64Array | undefined {
    return this.start;
  }

  set warmStart(v: Float64Array | undefined) {
    this.start = v;
  }

  dispose(): void {
    this.start = undefined;
  }
}
