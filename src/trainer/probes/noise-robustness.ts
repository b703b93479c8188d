/**
 * Noise robustness: the task metric (accuracy, or R²) on a split whose chosen features get Gaussian
 * noise of standard deviation σ, averaged over `repeats` draws. The draws come from a stream of the
 * job's seed, so every arm of a seed sees exactly the same noise (paired), and one draw zᵣ serves
 * every σ (x + σ·zᵣ), so the curve over σ is smooth. σ is in the units the model sees: multiples of
 * each feature's training standard deviation when the data is standardized.
 */
import * as tf from '@tensorflow/tfjs-core';
import { unknownNameMessage } from '../../shared/names';
import type { LossContext, LossFn } from '../losses';
import type { Model } from '../models';
import type { Rng } from '../../shared/rng';
import type { SplitTensors } from '../job/prepared-data';
import type { NoiseRobustnessSettings } from './settings';

/** Column indices of `features` (names or 0-based indices); all columns when undefined. `setting` names the config key in errors. */
export function featureColumns(features: readonly (string | number)[] | undefined, names: readonly string[], setting = 'metrics.noiseRobustness'): number[] {
  if (!features) return names.map((_, i) => i);
  const cols = features.map((f) => {
    if (typeof f === 'number') {
      if (!Number.isInteger(f) || f < 0 || f >= names.length) throw new Error(`${setting}: feature index ${f} is out of range (the data has ${names.length} features, 0…${names.length - 1})`);
      return f;
    }
    const i = names.indexOf(f);
    if (i < 0) throw new Error(`${setting}: ${unknownNameMessage('feature', f, names)}`);
    return i;
  });
  return [...new Set(cols)].sort((a, b) => a - b);
}

/** The metric's name: `noise/σ=<s>/accuracy` or `noise/σ=<s>/r2`. */
export function noiseMetricName(sigma: number, task: 'classification' | 'regression'): string {
  return `noise/σ=${sigma}/${task === 'classification' ? 'accuracy' : 'r2'}`;
}

/** Accuracy (or R², and the sum of squared residuals) and the arm's loss when given, on (x, split.y): one forward pass, one read. */
function taskMetric(model: Model, params: tf.Tensor[], x: tf.Tensor2D, split: SplitTensors, task: 'classification' | 'regression', loss?: NoiseLoss): { metric: number; ssRes: number; loss: number } {
  const stats = tf.tidy(() => {
    const out = model.forward(params, x);
    const l = loss ? loss.fn(out, split.y, loss.ctx) : tf.scalar(0);
    if (task === 'classification') return tf.stack([tf.mean(tf.cast(tf.equal(tf.argMax(out, 1), tf.argMax(split.y, 1)), 'float32')), tf.scalar(0), l]);
    return tf.stack([tf.sum(tf.square(tf.sub(out, split.y))), tf.sum(tf.square(tf.sub(split.y, tf.mean(split.y)))), l]);
  });
  const [a, b, l] = stats.dataSync();
  stats.dispose();
  if (task === 'classification') return { metric: a, ssRes: NaN, loss: l };
  return { metric: b > 0 ? 1 - a / b : 0, ssRes: a, loss: l };
}

/** The arm's evaluation loss, to report `noise/σ=<s>/loss`. */
export interface NoiseLoss {
  fn: LossFn;
  ctx: LossContext;
}

export interface NoiseRobustnessInput {
  model: Model;
  params: tf.Tensor[];
  split: SplitTensors;
  nFeatures: number;
  task: 'classification' | 'regression';
  /** Sorted column indices that get noise. */
  columns: readonly number[];
  settings: NoiseRobustnessSettings;
  /** A stream reserved for this analysis (same seed → same noise). */
  rng: Rng;
  /** When given, `noise/σ=<s>/loss` too. */
  loss?: NoiseLoss;
  /** Regression: when given, `noise/σ=<s>/rmse` too, multiplied by this (the target's std when standardised, else 1). */
  rmseScale?: number;
}

/** Values per σ (the task metric; the loss and RMSE when asked), each the mean over the repeats. Empty when the split has no rows. */
export function noiseRobustnessValues(input: NoiseRobustnessInput): Record<string, number> {
  const { model, params, split, nFeatures, task, columns, settings, rng, loss, rmseScale } = input;
  if (split.n === 0) return {};
  const sums = settings.sigmas.map(() => 0);
  const lossSums = settings.sigmas.map(() => 0);
  const rmseSums = settings.sigmas.map(() => 0);
  const z = new Float32Array(split.n * nFeatures);
  for (let r = 0; r < settings.repeats; r++) {
    for (let i = 0; i < split.n; i++) for (const c of columns) z[i * nFeatures + c] = rng.normal();
    const noise = tf.tensor2d(z, [split.n, nFeatures]);
    settings.sigmas.forEach((sigma, s) => {
      const noisy = tf.tidy(() => tf.add(split.x, tf.mul(noise, sigma)) as tf.Tensor2D);
      const m = taskMetric(model, params, noisy, split, task, loss);
      sums[s] += m.metric;
      lossSums[s] += m.loss;
      rmseSums[s] += Math.sqrt(m.ssRes / split.n);
      noisy.dispose();
    });
    noise.dispose();
  }
  const out: Record<string, number> = {};
  settings.sigmas.forEach((sigma, s) => {
    out[noiseMetricName(sigma, task)] = sums[s] / settings.repeats;
    if (loss) out[`noise/σ=${sigma}/loss`] = lossSums[s] / settings.repeats;
    if (task === 'regression' && rmseScale !== undefined) out[`noise/σ=${sigma}/rmse`] = (rmseSums[s] / settings.repeats) * rmseScale;
  });
  return out;
}
