/**
 * Losses on a real-valued prediction. Reduction: the per-sample value sums over the output columns
 * (one column for regression); the mean form averages over samples. On a classification task the
 * prediction is softmax(logits), compared with the one-hot target and summed over classes.
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineLoss } from './define';
import { numberParam } from './params';
import { softmax } from './stable';
import type { LossContext, LossDefinition, LossParamInfo } from './types';

function prediction(output: tf.Tensor2D, ctx: LossContext): tf.Tensor2D {
  return ctx.task === 'classification' ? softmax(output) : output;
}

function residual(output: tf.Tensor2D, target: tf.Tensor2D, ctx: LossContext): tf.Tensor2D {
  return tf.sub(prediction(output, ctx), target);
}

function rowSum(t: tf.Tensor): tf.Tensor1D {
  return tf.sum(t, 1) as tf.Tensor1D;
}

export const mse: LossDefinition = defineLoss({
  type: 'mse',
  task: 'regression',
  params: [],
  perSample: () => (output, target, ctx) => rowSum(tf.squaredDifference(prediction(output, ctx), target)),
});

export const mae: LossDefinition = defineLoss({
  type: 'mae',
  task: 'regression',
  params: [],
  perSample: () => (output, target, ctx) => rowSum(tf.abs(residual(output, target, ctx))),
});

const DELTA: LossParamInfo = { name: 'delta', default: 1, description: 'Residual size where the loss turns from quadratic to linear.' };

/**
 * Huber: ½r² for |r| ≤ δ, δ(|r| − ½δ) beyond. Written as ½q² + δ·e with e = relu(|r| − δ) and
 * q = |r| − e (= min(|r|, δ)): exact for small residuals (e = 0, no cancellation), and made only of
 * ops whose gradients are differentiable in stock tfjs (no comparison op).
 */
export const huber: LossDefinition = defineLoss({
  type: 'huber',
  task: 'regression',
  params: [DELTA],
  perSample(params) {
    const delta = numberParam('huber', params, DELTA, { min: 0, exclusiveMin: true });
    return (output, target, ctx) => {
      const a = tf.abs(residual(output, target, ctx));
      const excess = tf.relu(tf.sub(a, delta));
      const q = tf.sub(a, excess);
      return rowSum(tf.add(tf.mul(tf.square(q), 0.5), tf.mul(excess, delta)));
    };
  },
});

/** log cosh r = |r| + softplus(−2|r|) − log 2: no overflow for large residuals. */
export const logcosh: LossDefinition = defineLoss({
  type: 'logcosh',
  task: 'regression',
  params: [],
  perSample: () => (output, target, ctx) => {
    const a = tf.abs(residual(output, target, ctx));
    return rowSum(tf.sub(tf.add(a, tf.softplus(tf.mul(a, -2))), Math.LN2));
  },
});
