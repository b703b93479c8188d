/**
 * Lai loss (Lai, arXiv 2405.07884). Each sample's base loss e is multiplied by
 *   m(k) = max(|k|, λ) / (min(1, λ) · √(1 + k²)),
 * where k is the slope of the model at the sample: the norm of the input gradient ∇ₓŷ (all features,
 * or the named ones). ŷ is the regression output, or for classification the probability of the true
 * class. Training differentiates through k (double backprop).
 *
 * With s = k² the multiplier is computed as √(λ² + relu(s − λ²)) / (min(1, λ)·√(1 + s)): equal to
 * the formula (√max(s, λ²) = max(k, λ) for k ≥ 0) but free of √s, whose derivative is infinite at
 * s = 0 (a flat sample, e.g. all ReLUs off). At k = λ, where max is not differentiable, relu's
 * derivative at 0 (zero in tfjs) selects the λ branch: the subgradient that treats k as below λ.
 */
import * as tf from '@tensorflow/tfjs-core';
import { unknownNameMessage } from '../../shared/names';
import { getLoss, softmax, type LossContext, type PerSampleLossFn } from '../losses';
import type { Model } from '../models';
import type { Rng } from '../../shared/rng';
import type { MethodEnv, Objective, StepInput, TrainingMethod } from './types';

export interface LaiOptions {
  lambda: number;
  /** Feature columns whose gradient components make up k; all when undefined. */
  featureIdx?: number[];
  /** Fraction of each batch on which the multiplier is applied (1 = all). */
  sampleFraction: number;
  /** Epochs of base loss before the multiplier is applied. */
  warmupEpochs: number;
}

/** The Lai multiplier from the squared slope s = k², elementwise. */
export function laiMultiplier(s: tf.Tensor, lambda: number): tf.Tensor {
  const l2 = lambda * lambda;
  return tf.div(tf.sqrt(tf.add(tf.relu(tf.sub(s, l2)), l2)), tf.mul(tf.sqrt(tf.add(s, 1)), Math.min(1, lambda)));
}

/** ŷ per sample, [n]: the output (regression) or the true class's probability (classification). */
function scoredOutput(model: Model, params: tf.Tensor[], x: tf.Tensor2D, y: tf.Tensor2D, ctx: LossContext): tf.Tensor1D {
  const out = model.forward(params, x);
  if (ctx.task === 'classification') return tf.sum<tf.Tensor1D>(tf.mul(softmax(out), y), 1);
  return tf.sum<tf.Tensor1D>(out, 1);
}

/**
 * k² per sample, [n]: the squared norm of ∇ₓŷ, computed as ∇ₓ Σᵢ ŷᵢ (rows are independent), optionally
 * restricted to the columns where `mask` is 1. Differentiable with respect to `params`.
 */
export function squaredSlopes(model: Model, params: tf.Tensor[], x: tf.Tensor2D, y: tf.Tensor2D, ctx: LossContext, mask?: tf.Tensor): tf.Tensor1D {
  const g = tf.grad((xx: tf.Tensor) => tf.sum(scoredOutput(model, params, xx as tf.Tensor2D, y, ctx)))(x);
  return tf.sum<tf.Tensor1D>(tf.square(mask ? tf.mul(g, mask) : g), 1);
}

/** Rows of the batch on which slopes are computed this step; undefined = every row. */
function drawSample(rng: Rng, n: number, fraction: number): Int32Array | undefined {
  if (fraction >= 1) return undefined;
  const m = Math.min(n, Math.max(1, Math.round(fraction * n)));
  return rng.permutation(n).slice(0, m).sort();
}

export interface LaiLossParts {
  base: PerSampleLossFn;
  model: Model;
  opts: LaiOptions;
  /** [1, features] 0/1 mask of the slope's features, or undefined for all. */
  mask?: tf.Tensor;
}

/**
 * The Lai objective on a batch: (1/n)·[Σ_{i∉S} eᵢ + Σ_{i∈S} eᵢ·m(kᵢ)], S = `rows` (every row when
 * undefined). `onSlopes` receives k² on S (not differentiated) for monitoring.
 */
export function laiLoss(parts: LaiLossParts, params: tf.Tensor[], x: tf.Tensor2D, y: tf.Tensor2D, ctx: LossContext, rows?: Int32Array, onSlopes?: (s: tf.Tensor1D) => void): tf.Scalar {
  const { base, model, opts, mask } = parts;
  const e = base(model.forward(params, x), y, ctx);
  if (ctx.epoch < opts.warmupEpochs) return tf.mean(e);
  let xs = x;
  let ys = y;
  let es = e;
  let rest: tf.Scalar = tf.scalar(0);
  if (rows) {
    const idx = tf.tensor1d(rows, 'int32');
    xs = tf.gather(x, idx);
    ys = tf.gather(y, idx);
    es = base(model.forward(params, xs), ys, ctx);
    const outside = new Float32Array(x.shape[0]).fill(1);
    for (const r of rows) outside[r] = 0;
    rest = tf.sum(tf.mul(e, tf.tensor1d(outside)));
  }
  const s = squaredSlopes(model, params, xs, ys, ctx, mask);
  onSlopes?.(s);
  return tf.div(tf.add(rest, tf.sum(tf.mul(es, laiMultiplier(s, opts.lambda)))), x.shape[0]);
}

function readOptions(env: MethodEnv): { base: string; opts: LaiOptions } {
  const arm = env.arm;
  const num = (key: string, dflt: number) => (arm[key] === undefined ? dflt : Number(arm[key]));
  const lambda = num('lambda', 1);
  const sampleFraction = num('sampleFraction', 1);
  const warmupEpochs = num('warmupEpochs', 0);
  if (!(lambda > 0)) throw new Error(`loss 'lai': lambda must be > 0, got ${String(arm.lambda)}`);
  if (!(sampleFraction > 0 && sampleFraction <= 1)) throw new Error(`loss 'lai': sampleFraction must be in (0, 1], got ${String(arm.sampleFraction)}`);
  if (!(warmupEpochs >= 0)) throw new Error(`loss 'lai': warmupEpochs must be ≥ 0, got ${String(arm.warmupEpochs)}`);
  let featureIdx: number[] | undefined;
  if (arm.features !== undefined) {
    const names = env.dataset.featureNames;
    featureIdx = (arm.features as string[]).map((f) => {
      const i = names.indexOf(f);
      if (i < 0) throw new Error(`loss 'lai': ${unknownNameMessage('feature', f, names)}`);
      return i;
    });
  }
  return { base: typeof arm.base === 'string' ? arm.base : 'mse', opts: { lambda, featureIdx, sampleFraction, warmupEpochs } };
}

export function laiMethod(env: MethodEnv): TrainingMethod {
  const { base: baseName, opts } = readOptions(env);
  const def = getLoss(baseName);
  const nFeatures = env.dataset.nFeatures;
  const mask = opts.featureIdx
    ? tf.tensor2d(Array.from({ length: nFeatures }, (_, j) => (opts.featureIdx!.includes(j) ? 1 : 0)), [1, nFeatures])
    : undefined;
  const parts: LaiLossParts = { base: def.createPerSample({}), model: env.model, opts, mask };
  const rng = env.rng.fork('lai-sample');
  let meanSlope: tf.Scalar | undefined;

  const objective = ({ x, y, ctx }: Omit<StepInput, 'params'>, onSlopes?: (s: tf.Tensor1D) => void): Objective => {
    const rows = drawSample(rng, x.shape[0], opts.sampleFraction);
    return { name: 'loss', f: (params) => laiLoss(parts, params, x, y, ctx, rows, onSlopes) };
  };
  const keepMeanSlope = (s: tf.Tensor1D): void => {
    meanSlope?.dispose();
    meanSlope = tf.keep(tf.mean<tf.Scalar>(tf.sqrt(s)));
  };

  return {
    objectives: (input) => [objective(input)],
    direction(input) {
      const { f } = objective(input, keepMeanSlope);
      const { value, grads } = tf.valueAndGrads((...p: tf.Tensor[]) => f(p))(input.params);
      if (input.ctx.epoch < opts.warmupEpochs) keepMeanSlope(squaredSlopes(env.model, input.params, input.x, input.y, input.ctx, mask));
      return { value: value as tf.Scalar, grads };
    },
    stepValues: (): Record<string, number> => (meanSlope && !meanSlope.isDisposed ? { 'lai/meanSlope': meanSlope.dataSync()[0] } : {}),
    evalLoss: def.create({}),
    dispose() {
      meanSlope?.dispose();
      mask?.dispose();
    },
  };
}
