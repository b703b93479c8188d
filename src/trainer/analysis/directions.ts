/**
 * Directions in weight space for loss-landscape slices (Li et al., "Visualizing the Loss Landscape of
 * Neural Nets", 2018). A filter-normalised random direction has, for every filter, the norm of that
 * filter in the weights: a dense layer's filter is one output unit's incoming weights (a column of the
 * [in, out] matrix), a convolution's is one output channel ([kh, kw, in, ·]). Biases get a zero
 * direction (the paper's default), so the slice moves only the weights whose scale it matched.
 */
import type { Rng } from '../../shared/rng';
import type { ParamSpec } from '../models';

export type Weights = Float32Array[];

/** Indices of each filter's entries in a weight tensor whose last axis is the output unit/channel. */
function filterNorms(values: Float32Array, outputs: number): Float64Array {
  const norms = new Float64Array(outputs);
  for (let i = 0; i < values.length; i++) norms[i % outputs] += values[i] * values[i];
  return norms.map(Math.sqrt);
}

/** Rescales `direction` in place so each filter's norm equals the same filter's norm in `weights`. */
export function filterNormalize(direction: Float32Array, weights: Float32Array, spec: ParamSpec): void {
  if (spec.kind === 'bias') {
    direction.fill(0);
    return;
  }
  const outputs = spec.shape[spec.shape.length - 1];
  const dn = filterNorms(direction, outputs);
  const wn = filterNorms(weights, outputs);
  for (let i = 0; i < direction.length; i++) direction[i] *= wn[i % outputs] / (dn[i % outputs] + 1e-10);
}

/** A seeded standard-normal direction, filter-normalised against `weights`. */
export function randomFilterNormalized(weights: Weights, specs: readonly ParamSpec[], rng: Rng): Weights {
  return weights.map((w, k) => {
    const d = new Float32Array(w.length).map(() => rng.normal());
    filterNormalize(d, w, specs[k]);
    return d;
  });
}

/** to − from, tensor by tensor. */
export function difference(to: Weights, from: Weights): Weights {
  return to.map((t, k) => t.map((x, i) => x - from[k][i]));
}

/** base + a·d₁ (+ b·d₂), in float32 like the model's parameters. */
export function offset(base: Weights, a: number, d1: Weights, b = 0, d2?: Weights): Weights {
  return base.map((w, k) => w.map((x, i) => x + a * d1[k][i] + (d2 ? b * d2[k][i] : 0)));
}

export interface Barrier {
  /** max over the path of loss − the straight line between the endpoint losses (≥ 0 when the endpoints are on the path). */
  height: number;
  /** Where along the path (t) it is reached. */
  at: number;
}

/** Barrier of losses sampled at path positions ts, where ts[0] and ts[last] are the two solutions' positions. */
export function barrier(ts: readonly number[], losses: readonly number[], t0 = 0, t1 = 1): Barrier {
  const i0 = ts.indexOf(t0);
  const i1 = ts.indexOf(t1);
  if (i0 < 0 || i1 < 0) throw new Error('the path must be sampled at both solutions');
  let best: Barrier = { height: -Infinity, at: t0 };
  ts.forEach((t, i) => {
    if (t < t0 || t > t1) return;
    const u = (t - t0) / (t1 - t0);
    const h = losses[i] - ((1 - u) * losses[i0] + u * losses[i1]);
    if (h > best.height) best = { height: h, at: t };
  });
  return best;
}
