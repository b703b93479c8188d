/**
 * Numerically stable log-softmax pieces written from ops that stay differentiable at second order
 * (no `tf.logSoftmax`, which throws there, and no `tf.softmax`, whose gradient reuses its output).
 *
 * logSumExp(z) = m + log Σ exp(z − m) holds for any m constant per row; the row max is used for
 * stability and is passed through `rowMaxNoGrad`, whose gradient is defined as zero at every order.
 * That is exact, not an approximation: the value does not depend on m, so the true derivative of the
 * expression with respect to m vanishes identically. Second-order correctness of the remaining ops
 * (Exp) relies on the backend's gradient fixes.
 */
import * as tf from '@tensorflow/tfjs-core';

/** max over axis 1 (keepDims) treated as a constant by autodiff: tfjs has no stopGradient. */
const rowMaxNoGrad = tf.customGrad((z: tf.Tensor | tf.GradSaveFunc) => {
  const x = z as tf.Tensor2D;
  const shape = x.shape;
  return { value: tf.max(x, 1, true), gradFunc: () => tf.zeros(shape) };
}) as (z: tf.Tensor2D) => tf.Tensor2D;

export interface SoftmaxParts {
  /** z − m, [n, k]. */
  shifted: tf.Tensor2D;
  /** exp(z − m), [n, k]. */
  exps: tf.Tensor2D;
  /** Σ exp(z − m), [n, 1]. */
  sumExps: tf.Tensor2D;
  /** log Σ exp(z − m), [n, 1]. */
  logSumExps: tf.Tensor2D;
  /** m, [n, 1]. */
  max: tf.Tensor2D;
}

export function softmaxParts(z: tf.Tensor2D): SoftmaxParts {
  const max = rowMaxNoGrad(z);
  const shifted = tf.sub<tf.Tensor2D>(z, max);
  const exps = tf.exp(shifted);
  const sumExps = tf.sum<tf.Tensor2D>(exps, 1, true);
  return { shifted, exps, sumExps, logSumExps: tf.log(sumExps), max };
}

/** log softmax(z) = (z − m) − log Σ exp(z − m), [n, k]. */
export function logSoftmaxOf(parts: SoftmaxParts): tf.Tensor2D {
  return tf.sub(parts.shifted, parts.logSumExps);
}

/** softmax(z) = exp(z − m) / Σ exp(z − m), [n, k]. */
export function softmaxOf(parts: SoftmaxParts): tf.Tensor2D {
  return tf.div(parts.exps, parts.sumExps);
}

export function softmax(z: tf.Tensor2D): tf.Tensor2D {
  return softmaxOf(softmaxParts(z));
}

/** Row-wise logSumExp, [n]. */
export function logSumExp(z: tf.Tensor2D): tf.Tensor1D {
  const parts = softmaxParts(z);
  return tf.reshape(tf.add(parts.max, parts.logSumExps), [-1]);
}

/**
 * Cross-entropy with (possibly soft) targets, −Σ_j y_j·log softmax(z)_j per row, [n]; for targets
 * that sum to 1 this is logSumExp(z) − Σ y·z.
 */
export function softCrossEntropy(z: tf.Tensor2D, y: tf.Tensor2D): tf.Tensor1D {
  return tf.neg(tf.sum<tf.Tensor1D>(tf.mul(y, logSoftmaxOf(softmaxParts(z))), 1));
}
