/**
 * Smoothness: ‖∇ₓ f(x)‖ per input row over a fixed probe batch, summarised by its mean and max (a
 * local Lipschitz estimate of the model around the data).
 *
 * f is the prediction for regression, and the softmax probability of the true class for
 * classification: one backward pass for the whole batch (rows are independent, so ∇ₓ Σᵢ f(xᵢ) holds
 * each row's gradient), bounded in [0, 1] and so comparable across arms whatever scale their logits
 * have (the logits of a cross-entropy model keep growing without the classifier changing). It is the
 * same slope that the Lai loss controls. Gradients are in the units the model sees (standardized).
 */
import * as tf from '@tensorflow/tfjs-core';
import { inputGradient } from '../autodiff/higher-order';
import { softmax } from '../losses';
import type { Model } from '../models';

/** f per row, [n]: the regression output, or the probability of the true class (y one-hot). */
export function probedOutput(model: Model, params: tf.Tensor[], x: tf.Tensor2D, y: tf.Tensor2D, task: 'classification' | 'regression'): tf.Tensor1D {
  const out = model.forward(params, x);
  if (task === 'classification') return tf.sum<tf.Tensor1D>(tf.mul(softmax(out), y), 1);
  return tf.sum<tf.Tensor1D>(out, 1);
}

/** ‖∇ₓ f(xᵢ)‖ for each row, [n] (a new tensor). */
export function inputGradientNorms(model: Model, params: tf.Tensor[], x: tf.Tensor2D, y: tf.Tensor2D, task: 'classification' | 'regression'): tf.Tensor1D {
  return tf.tidy(() => {
    const g = inputGradient((xx: tf.Tensor2D) => probedOutput(model, params, xx, y, task), x);
    return tf.sqrt(tf.sum<tf.Tensor1D>(tf.square(g), 1));
  });
}

/** A feature whose mean |∂f/∂x_j| is recorded: its column and its metric name. */
export interface ProbedFeature {
  column: number;
  metric: string;
}

/** `smoothness/<feature>`, or `smoothness/feature:<name>` for a feature named like a summary (mean, max). */
export function featureSmoothnessName(feature: string): string {
  return feature === 'mean' || feature === 'max' ? `smoothness/feature:${feature}` : `smoothness/${feature}`;
}

/** `smoothness/mean` and `smoothness/max` on the batch, and the mean |∂f/∂x_j| of each of `features` (one read). */
export function smoothnessValues(
  model: Model,
  params: tf.Tensor[],
  x: tf.Tensor2D,
  y: tf.Tensor2D,
  task: 'classification' | 'regression',
  features: readonly ProbedFeature[] = [],
): Record<string, number> {
  const stats = tf.tidy(() => {
    const g = inputGradient((xx: tf.Tensor2D) => probedOutput(model, params, xx, y, task), x);
    const norms = tf.sqrt(tf.sum<tf.Tensor1D>(tf.square(g), 1));
    const summary = tf.stack([tf.mean(norms), tf.max(norms)]);
    if (features.length === 0) return summary;
    const perColumn = tf.gather(tf.mean(tf.abs(g), 0), tf.tensor1d(features.map((f) => f.column), 'int32'));
    return tf.concat([summary, perColumn]);
  });
  const v = stats.dataSync();
  stats.dispose();
  const out: Record<string, number> = { 'smoothness/mean': v[0], 'smoothness/max': v[1] };
  features.forEach((f, i) => (out[f.metric] = v[2 + i]));
  return out;
}
