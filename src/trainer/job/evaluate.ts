/** Task metrics of a model on one split: one forward pass, one read. */
import * as tf from '@tensorflow/tfjs-core';
import type { MetricsConfig } from '../../shared/config/types';
import type { LossContext, LossFn } from '../losses';
import type { Model } from '../models';
import type { PreparedData, SplitTensors } from './prepared-data';

/** Metric names (without the `val/` or `test/` prefix) that are better when larger. */
const HIGHER_IS_BETTER = new Set(['accuracy', 'r2']);

export function higherIsBetter(metric: string): boolean {
  return HIGHER_IS_BETTER.has(metric.slice(metric.lastIndexOf('/') + 1));
}

/** Cross-entropy on logits, logSumExp(z) − Σ y·z, averaged over rows. */
export function crossEntropy(logits: tf.Tensor2D, oneHot: tf.Tensor2D): tf.Scalar {
  return tf.mean(tf.sub(tf.logSumExp(logits, 1), tf.sum(tf.mul(oneHot, logits), 1)));
}

/**
 * `prefix/loss` (the arm's own loss), then accuracy and cross-entropy for classification, or R² and
 * RMSE (in the target's original units) for regression.
 */
export function evaluate(
  model: Model,
  params: tf.Tensor[],
  lossFn: LossFn,
  ctx: LossContext,
  data: PreparedData,
  split: SplitTensors,
  prefix: 'val' | 'test' | 'train',
): Record<string, number> {
  if (split.n === 0) return {};
  const task = data.dataset.task;
  const stats = tf.tidy(() => {
    const out = model.forward(params, split.x);
    const loss = lossFn(out, split.y, ctx);
    if (task === 'classification') {
      const correct = tf.mean(tf.cast(tf.equal(tf.argMax(out, 1), tf.argMax(split.y, 1)), 'float32'));
      return tf.stack([loss, correct, crossEntropy(out, split.y)]);
    }
    const resid = tf.sub(out, split.y);
    const ssRes = tf.sum(tf.square(resid));
    const ssTot = tf.sum(tf.square(tf.sub(split.y, tf.mean(split.y))));
    return tf.stack([loss, ssRes, ssTot]);
  });
  const v = stats.dataSync();
  stats.dispose();
  if (task === 'classification') {
    return { [`${prefix}/loss`]: v[0], [`${prefix}/accuracy`]: v[1], [`${prefix}/ce`]: v[2] };
  }
  const scale = data.dataset.targetScale?.std ?? 1;
  return {
    [`${prefix}/loss`]: v[0],
    [`${prefix}/r2`]: v[2] > 0 ? 1 - v[1] / v[2] : 0,
    [`${prefix}/rmse`]: Math.sqrt(v[1] / split.n) * scale,
  };
}

/**
 * The values of an evaluation record: `val/*` always, `test/*` when `metrics.evalSplits` lists test,
 * and `train/*` over the whole training split when `metrics.trainEval` is on.
 */
export function evaluateSplits(
  model: Model,
  params: tf.Tensor[],
  lossFn: LossFn,
  ctx: LossContext,
  data: PreparedData,
  metrics: MetricsConfig,
): Record<string, number> {
  const values = evaluate(model, params, lossFn, ctx, data, data.val, 'val');
  if (metrics.evalSplits?.includes('test')) Object.assign(values, evaluate(model, params, lossFn, ctx, data, data.test, 'test'));
  if (metrics.trainEval) Object.assign(values, evaluate(model, params, lossFn, ctx, data, data.train, 'train'));
  return values;
}
