/**
 * The AdaLFL loss network ℓφ (Raymond et al., arXiv 2301.13247; the authors' public code): one small
 * network applied to every (prediction, target) pair of a class, 2 → 50 → 50 → 1, ReLU hidden units,
 * no biases, Kaiming-normal weights (N(0, 2/fan_in), PyTorch's `kaiming_normal_` default), and a
 * softplus output (or a smooth leaky ReLU). Per sample the class values are summed; the mean over the
 * batch is the loss. Written with ops whose gradients are themselves differentiable (the meta-gradient
 * differentiates the base gradient ∇θℓφ with respect to φ).
 */
import * as tf from '@tensorflow/tfjs-core';
import { heNormal } from '../models/init';
import type { Rng } from '../../shared/rng';

export const LOSS_NET_HIDDEN = 50;
/** [in, out] of the three bias-free layers. */
export const LOSS_NET_SHAPES: readonly (readonly [number, number])[] = [[2, LOSS_NET_HIDDEN], [LOSS_NET_HIDDEN, LOSS_NET_HIDDEN], [LOSS_NET_HIDDEN, 1]];
export const LOSS_NET_OUTPUTS = ['softplus', 'smoothLeakyRelu'] as const;
export type LossNetOutput = (typeof LOSS_NET_OUTPUTS)[number];
/** γ of the smooth leaky ReLU (1 − γ)·softplus(x) + γ·x: the slope far on the negative side. */
export const SMOOTH_LEAKY_SLOPE = 0.01;

/** Kaiming-normal weights of the three layers, each from its own fork of `rng`. */
export function initLossNet(rng: Rng): Float32Array[] {
  return LOSS_NET_SHAPES.map((shape, i) => heNormal(rng.fork(`lossNet${i}`), shape));
}

export function lossNetTensors(values: readonly Float32Array[]): tf.Tensor2D[] {
  return values.map((v, i) => tf.tensor2d(v, [...LOSS_NET_SHAPES[i]]));
}

function outputActivation(a: tf.Tensor, output: LossNetOutput): tf.Tensor {
  const sp = tf.softplus(a);
  return output === 'softplus' ? sp : tf.add(tf.mul(sp, 1 - SMOOTH_LEAKY_SLOPE), tf.mul(a, SMOOTH_LEAKY_SLOPE));
}

/** ℓφ on pairs: `pairs` [m, 2] (prediction, target) → [m, 1]. */
export function lossNetPairs(phi: readonly tf.Tensor[], pairs: tf.Tensor2D, output: LossNetOutput): tf.Tensor2D {
  const h1 = tf.relu(tf.matMul(pairs, phi[0] as tf.Tensor2D));
  const h2 = tf.relu(tf.matMul(h1, phi[1] as tf.Tensor2D));
  return outputActivation(tf.matMul(h2, phi[2] as tf.Tensor2D), output) as tf.Tensor2D;
}

/** Per-sample learned loss Σ_c ℓφ(ŷ_c, y_c), [n], for predictions and targets [n, C]. */
export function learnedLossPerSample(phi: readonly tf.Tensor[], yHat: tf.Tensor2D, y: tf.Tensor2D, output: LossNetOutput): tf.Tensor1D {
  const [n, c] = yHat.shape;
  const pairs = tf.concat([tf.reshape(yHat, [n * c, 1]), tf.reshape(y, [n * c, 1])], 1) as tf.Tensor2D;
  return tf.sum<tf.Tensor1D>(tf.reshape(lossNetPairs(phi, pairs, output), [n, c]), 1);
}

/**
 * The learned loss curve for the `lossShape/…` trace: `points` predictions evenly spaced over
 * [lo, hi] (ends included), the loss of one class with target 1 and with target 0.
 */
export function lossNetShape(phi: readonly tf.Tensor[], output: LossNetOutput, lo: number, hi: number, points = 50): Record<string, number[]> {
  const p = Array.from({ length: points }, (_, i) => lo + ((hi - lo) * i) / (points - 1));
  const values = tf.tidy(() => {
    const pairs = tf.tensor2d([...p.map((q) => [q, 1]), ...p.map((q) => [q, 0])]);
    return lossNetPairs(phi, pairs, output);
  });
  const out = Array.from(values.dataSync());
  values.dispose();
  return { 'lossShape/p': p, 'lossShape/y1': out.slice(0, points), 'lossShape/y0': out.slice(points) };
}
