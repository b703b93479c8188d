/**
 * Losses on logits with one-hot targets [n, C]. Per-sample values, averaged over samples by the mean
 * form.
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineLoss } from './define';
import { checkNumber, numberParam } from './params';
import { logSoftmaxOf, softCrossEntropy, softmaxOf, softmaxParts } from './stable';
import type { LossDefinition, LossParamInfo } from './types';

/**
 * Binary cross-entropy on logits, one independent sigmoid unit per output:
 * max(z, 0) − z·y + log(1 + e^{−|z|}), averaged over the units of a sample.
 */
export const bce: LossDefinition = defineLoss({
  type: 'bce',
  task: 'classification',
  params: [],
  perSample: () => (z, y) => {
    const terms = tf.add(tf.sub(tf.relu(z), tf.mul(z, y)), tf.softplus(tf.neg(tf.abs(z))));
    return tf.mean(terms, 1) as tf.Tensor1D;
  },
});

/** Softmax cross-entropy on logits: logSumExp(z) − Σ y·z (stable, see stable.ts). */
export const ce: LossDefinition = defineLoss({
  type: 'ce',
  task: 'classification',
  params: [],
  perSample: () => (z, y) => softCrossEntropy(z, y),
});

const SMOOTHING: LossParamInfo = { name: 'smoothing', default: 0.1, description: 'ε: the target becomes (1−ε)·y + ε/C.' };

export const labelSmoothing: LossDefinition = defineLoss({
  type: 'labelSmoothing',
  task: 'classification',
  params: [SMOOTHING],
  perSample(params) {
    const eps = numberParam('labelSmoothing', params, SMOOTHING, { min: 0, max: 1, exclusiveMax: true });
    return (z, y) => softCrossEntropy(z, tf.add(tf.mul(y, 1 - eps), eps / y.shape[1]));
  },
});

const GAMMA: LossParamInfo = { name: 'gamma', default: 2, description: 'Focusing exponent γ ≥ 0 (0 gives cross-entropy).' };
const ALPHA: LossParamInfo = {
  name: 'alpha',
  default: undefined,
  description: 'Optional weighting: one number scales every sample, or one weight per class (α_t = weight of the true class).',
};

/** Keeps 1 − p_t positive so that d(q^γ)/dq stays finite for γ < 1; far below float32 resolution of p. */
const FOCAL_FLOOR = 1e-30;

function readAlpha(value: unknown): number | number[] | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((a, i) => checkNumber('focal', `alpha[${i}]`, a, { min: 0 }));
  return checkNumber('focal', 'alpha', value, { min: 0 });
}

/**
 * Focal loss (Lin et al., multi-class form): −α_t·(1 − p_t)^γ·log p_t with p = softmax(z). 1 − p_t
 * is computed as Σ_{j≠t} p_j, avoiding the cancellation of 1 − p_t when p_t is close to 1.
 */
export const focal: LossDefinition = defineLoss({
  type: 'focal',
  task: 'classification',
  params: [GAMMA, ALPHA],
  perSample(params) {
    const gamma = numberParam('focal', params, GAMMA, { min: 0 });
    const alpha = readAlpha(params.alpha);
    return (z, y) => {
      const parts = softmaxParts(z);
      const logPt = tf.sum(tf.mul(y, logSoftmaxOf(parts)), 1);
      let loss = tf.neg(logPt);
      if (gamma !== 0) {
        const q = tf.add(tf.sum(tf.mul(softmaxOf(parts), tf.sub(1, y)), 1), FOCAL_FLOOR);
        loss = tf.mul(loss, tf.pow(q, gamma));
      }
      if (Array.isArray(alpha)) {
        if (alpha.length !== y.shape[1]) throw new Error(`loss 'focal': alpha has ${alpha.length} weights for ${y.shape[1]} classes`);
        loss = tf.mul(loss, tf.sum(tf.mul(y, tf.tensor1d(alpha)), 1));
      } else if (alpha !== undefined) {
        loss = tf.mul(loss, alpha);
      }
      return loss as tf.Tensor1D;
    };
  },
});

const MARGIN: LossParamInfo = { name: 'margin', default: 1, description: 'Margin by which the true-class logit should beat every other.' };

/**
 * Multi-class hinge, Weston–Watkins form: Σ_{j≠y} max(0, margin + z_j − z_y) per sample (a sum over
 * the wrong classes, not divided by C − 1).
 */
export const hinge: LossDefinition = defineLoss({
  type: 'hinge',
  task: 'classification',
  params: [MARGIN],
  perSample(params) {
    const margin = numberParam('hinge', params, MARGIN, { min: 0, exclusiveMin: true });
    return (z, y) => {
      const zTrue = tf.sum(tf.mul(y, z), 1, true);
      const violations = tf.mul(tf.relu(tf.add(tf.sub(z, zTrue), margin)), tf.sub(1, y));
      return tf.sum(violations, 1) as tf.Tensor1D;
    };
  },
});
