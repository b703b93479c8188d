/**
 * Gradient check by directional derivatives, robust in float32.
 *
 * For each parameter tensor, the autodiff gradient g is compared with finite differences of the
 * objective f (evaluated in tfjs, float32) along a few unit directions u inside that tensor: the
 * normalised autodiff gradient itself (the most sensitive direction: a gradient with the wrong scale
 * or sign fails there by O(1)) and `randomDirections` Gaussian ones (which catch errors orthogonal
 * to g). Along u, ⟨g, u⟩ is compared with the central difference
 *   D(s) = (f(θ + su) − f(θ − su)) / 2s
 * improved by one Richardson step, R = (4·D(s/2) − D(s)) / 3 (truncation O(s⁴)). The step is large
 * by float64 standards, h = step·max(rms(θ_tensor), 0.3)·√size (about `step` = 1e-2 relative change
 * per coordinate), because in float32 the rounding error of D is ~ε·|f|/s with ε ≈ 6e-8: a small
 * step drowns the difference in rounding.
 *
 * Large steps meet kinks (a ReLU or a max-pool switching, |x| at 0) and jumps (an input-gradient
 * term of a ReLU network). Each direction tries s = h, h/4, h/16, h/64 until the line is regular within
 * ±s (see `estimate`); when some direction stays irregular, the tensor is checked again at up to
 * three nearby points. What irregularity remains is counted in the noise estimate nₖ (with the
 * Richardson correction |R − D(s/2)| and the rounding bound 32·ε·(|f| + 1e-3)/s). Per tensor,
 * with a = (⟨g, uₖ⟩)ₖ and d = (Rₖ)ₖ:
 *   relError = ‖a − d‖ / max(‖a‖, ‖d‖, ‖n‖ / tolerance),  pass ⇔ relError ≤ tolerance.
 * Measured on MLPs (relu, leakyRelu, tanh, gelu) and a small CNN with every standard and research
 * loss: correct gradients land at 4e-5…2e-3, a gradient of the wrong scale or sign at 0.5…1.5, so
 * the default tolerance 1e-2 leaves 5× above the first and more than 10× below the second (see
 * docs/metrics-and-gradcheck.md). An error confined to a few coordinates whose share of the
 * tensor's gradient norm is below the tolerance can pass.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Objective } from '../methods/types';
import type { Rng } from '../../shared/rng';

export interface DirectionalOptions {
  /** Relative step per coordinate (default 1e-2). */
  step: number;
  /** Random directions per tensor, besides the gradient's own direction (default 3). */
  randomDirections: number;
  /** Largest relative error that passes (default 1e-2). */
  tolerance: number;
  rng: Rng;
}

export const DIRECTIONAL_DEFAULTS = { step: 1e-2, randomDirections: 3, tolerance: 1e-2 } as const;

const EPS32 = 2 ** -24;
/** Smallest per-coordinate scale of a step (zero-initialised biases still move). */
const SCALE_FLOOR = 0.3;

export interface TensorCheck {
  tensor: string;
  shape: number[];
  relError: number;
  pass: boolean;
  /** ⟨g, u⟩ per direction (autodiff). */
  autodiff: number[];
  /** Richardson-extrapolated central differences per direction. */
  finiteDifference: number[];
  /** Estimated error of each finite difference. */
  noise: number[];
  /** Directions where f had a kink within every step tried (their noise includes the kink). */
  kinked: number;
  /** 0 = checked at the given parameters; k > 0 = at the k-th nearby point (kinks at θ). */
  point: number;
}

export interface ObjectiveCheck {
  objective: string;
  value: number;
  pass: boolean;
  tensors: TensorCheck[];
  /** The autodiff gradient of every tensor as nested arrays (the tensor's shape). */
  gradients: unknown[];
}

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

function unit(v: Float64Array): Float64Array {
  const n = norm(v);
  return v.map((x) => x / n);
}

/** Tensor `j` moved to θⱼ + t·u (computed in float64, rounded to float32). */
function moved(params: readonly tf.Tensor[], j: number, base: Float32Array, u: Float64Array, t: number): tf.Tensor {
  const vals = new Float32Array(base.length);
  for (let i = 0; i < base.length; i++) vals[i] = base[i] + t * u[i];
  return tf.tensor(vals, params[j].shape, 'float32');
}

/** Probes f along θ + t·u (u inside tensor j): values, and autodiff slopes ⟨∇ⱼ f, u⟩. */
function lineProbe(f: (p: tf.Tensor[]) => tf.Scalar, params: readonly tf.Tensor[], j: number, base: Float32Array, u: Float64Array) {
  const withJ = (pj: tf.Tensor) => params.map((p, i) => (i === j ? pj : p));
  const uj = tf.tensor(Float32Array.from(u), params[j].shape, 'float32');
  const read = (fn: (pj: tf.Tensor) => tf.Scalar, t: number): number => {
    const pj = moved(params, j, base, u, t);
    const out = tf.tidy(() => fn(pj));
    const v = out.dataSync()[0];
    tf.dispose([out, pj]);
    return v;
  };
  return {
    value: (t: number) => read((pj) => f(withJ(pj)), t),
    slope: (t: number) => read((pj) => tf.sum(tf.mul(tf.grad((q: tf.Tensor) => f(withJ(q)))(pj), uj)), t),
    dispose: () => uj.dispose(),
  };
}

/** One direction's finite-difference estimate. */
interface DirectionEstimate {
  fd: number;
  noise: number;
  /** A kink stayed within the smallest step tried (its size is part of the noise). */
  kinked: boolean;
}

/**
 * Richardson-extrapolated central difference along u, at step s = h, h/4, h/16, h/64 until the line is
 * regular within ±s, else the least irregular step. Two irregularities are looked for. Kinks (a ReLU
 * or max switching, |x| at 0) through the autodiff slopes, which are exact to float32 precision where
 * finite differences are not: on a smooth line the slope's second differences on either side,
 * φ'(s) − 2φ'(s/2) + φ'(0) and φ'(0) − 2φ'(−s/2) + φ'(−s), are O(s²), at a kink one of them is the
 * slope's jump. Jumps of the value (e.g. an
 * input-gradient term of a ReLU network, piecewise constant in the inputs) through the Richardson
 * correction |R − D(s/2)|, which is O(s²) on a smooth line and grows as the step shrinks at a jump.
 * Neither test uses the autodiff gradient at θ itself, so a wrong gradient cannot excuse itself.
 */
function estimate(line: ReturnType<typeof lineProbe>, f0: number, slope0: number, h: number, scale: number, tolerance: number): DirectionEstimate {
  const rounding = (s: number) => (32 * EPS32 * (Math.abs(f0) + 1e-3)) / s;
  let best: DirectionEstimate | undefined;
  for (const s of [h, h / 4, h / 16, h / 64]) {
    // One second difference per side, so kinks on opposite sides cannot cancel out.
    const jump = Math.abs(line.slope(s) - 2 * line.slope(s / 2) + slope0) + Math.abs(slope0 - 2 * line.slope(-s / 2) + line.slope(-s));
    const d1 = (line.value(s) - line.value(-s)) / (2 * s);
    const d2 = (line.value(s / 2) - line.value(-s / 2)) / s;
    const r = (4 * d2 - d1) / 3;
    const correction = Math.abs(r - d2);
    // What an irregularity can do to R: a slope jump J within the step moves it by at most J/2, a
    // value jump by at most 7 times the correction it causes. Below a tenth of the tolerance the line
    // counts as regular; otherwise twice that bound goes into the noise, which keeps the direction's
    // share of the error at most half the tolerance.
    const regular = 0.1 * tolerance * Math.max(scale, Math.abs(r));
    if (jump <= regular && 7 * correction <= regular) return { fd: r, noise: correction + rounding(s), kinked: false };
    const candidate = { fd: r, noise: 14 * correction + rounding(s) + (jump > regular ? jump : 0), kinked: true };
    if (!best || candidate.noise < best.noise) best = candidate;
  }
  return best!;
}

/** Value and autodiff gradient of f with tensor j set to `point` (float64 copies). */
function valueAndGradAt(f: (p: tf.Tensor[]) => tf.Scalar, params: readonly tf.Tensor[], j: number, point: Float32Array): { f0: number; g: Float64Array } {
  const pj = tf.tensor(point, params[j].shape, 'float32');
  const { value, grad } = tf.tidy(() => tf.valueAndGrad((q: tf.Tensor) => f(params.map((p, i) => (i === j ? q : p))))(pj));
  const out = { f0: value.dataSync()[0], g: Float64Array.from(grad.dataSync()) };
  tf.dispose([value, grad, pj]);
  return out;
}

/** The check of tensor j at one point (tensor j = `point`, the others as given). */
function checkAt(f: (p: tf.Tensor[]) => tf.Scalar, params: readonly tf.Tensor[], j: number, point: Float32Array | undefined, f0: number, g: Float64Array, h: number, opts: DirectionalOptions) {
  const at = point ? params.map((p, i) => (i === j ? tf.tensor(point, p.shape, 'float32') : p)) : params;
  const base = point ?? (params[j].dataSync() as Float32Array);
  const size = base.length;
  const gnorm = norm(g);
  const directions: Float64Array[] = [];
  if (gnorm > 0) directions.push(unit(g));
  for (let k = 0; k < opts.randomDirections; k++) directions.push(unit(Float64Array.from({ length: size }, () => opts.rng.normal())));
  const autodiff: number[] = [];
  const finiteDifference: number[] = [];
  const noise: number[] = [];
  let kinked = 0;
  try {
    for (const u of directions) {
      let ad = 0;
      for (let i = 0; i < size; i++) ad += g[i] * u[i];
      const line = lineProbe(f, at, j, base, u);
      try {
        const e = estimate(line, f0, ad, h, Math.max(Math.abs(ad), 0.1 * gnorm), opts.tolerance);
        autodiff.push(ad);
        finiteDifference.push(e.fd);
        noise.push(e.noise);
        if (e.kinked) kinked++;
      } finally {
        line.dispose();
      }
    }
  } finally {
    if (at !== params) at[j].dispose();
  }
  const diff = norm(autodiff.map((a, k) => a - finiteDifference[k]));
  const scale = Math.max(norm(autodiff), norm(finiteDifference), norm(noise) / opts.tolerance, 1e-30);
  const relError = Number.isFinite(diff) ? diff / scale : Infinity;
  return { relError, kinked, autodiff, finiteDifference, noise };
}

/** Points tried per tensor: θ, then nearby points while some direction stays kinked. */
const MAX_POINTS = 4;

/**
 * Compares the autodiff gradient of `objective` at `params` with directional finite differences.
 * When a kink stays within the smallest step along some direction (a ReLU unit a hair from switching
 * at θ), the tensor is checked again at a nearby point (tensor j moved by about `step` per
 * coordinate, up to 3 times), and the point with the fewest kinked directions counts.
 */
export function checkObjective(objective: Objective, params: readonly tf.Tensor[], names: readonly string[], opts: DirectionalOptions): ObjectiveCheck {
  // + 0·Σθ: the same value, and a (zero) gradient for tensors the objective does not use (tfjs throws
  // for those), e.g. the biases in a penalty on weight matrices.
  const f = (p: tf.Tensor[]): tf.Scalar => tf.add(objective.f(p), tf.mul(0, tf.addN(p.map((t) => tf.sum(t)))));
  const { value, grads } = tf.tidy(() => {
    const r = tf.valueAndGrads((...p: tf.Tensor[]) => f(p))([...params]);
    return { value: r.value, grads: r.grads };
  });
  const f0 = value.dataSync()[0];
  const gradients = grads.map((g) => g.arraySync() as unknown);
  const gvals = grads.map((g) => Float64Array.from(g.dataSync()));
  tf.dispose([value, ...grads]);

  const tensors: TensorCheck[] = params.map((p, j) => {
    const base = p.dataSync() as Float32Array;
    const size = base.length;
    const perCoordinate = opts.step * Math.max(norm(base) / Math.sqrt(size), SCALE_FLOOR);
    const h = perCoordinate * Math.sqrt(size);
    let best: (ReturnType<typeof checkAt> & { point: number }) | undefined;
    for (let point = 0; point < MAX_POINTS; point++) {
      const moved = point === 0 ? undefined : base.map((v) => v + perCoordinate * opts.rng.normal());
      const at = moved ? valueAndGradAt(f, params, j, moved) : { f0, g: gvals[j] };
      const r = { ...checkAt(f, params, j, moved, at.f0, at.g, h, opts), point };
      if (!best || r.kinked < best.kinked) best = r;
      if (r.kinked === 0) break;
    }
    const b = best!;
    return {
      tensor: names[j], shape: [...p.shape], relError: b.relError, pass: b.relError <= opts.tolerance,
      kinked: b.kinked, point: b.point, autodiff: b.autodiff, finiteDifference: b.finiteDifference, noise: b.noise,
    };
  });
  return { objective: objective.name, value: f0, pass: Number.isFinite(f0) && tensors.every((t) => t.pass), tensors, gradients };
}
