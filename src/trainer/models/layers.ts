/** Building blocks shared by the MLP and the CNN: parameter specs and differentiable layer ops. */
import * as tf from '@tensorflow/tfjs-core';
import type { ParamSpec } from './types';

export function weightAndBias(layer: string, weightShape: number[]): ParamSpec[] {
  return [
    { name: `${layer}.weight`, layer, shape: weightShape, kind: 'weight' },
    { name: `${layer}.bias`, layer, shape: [weightShape[weightShape.length - 1]], kind: 'bias' },
  ];
}

/**
 * x·W + b with W stored as [in, out]: one MatMul without transposes and one Add (not
 * `tf.fused.matMul`, whose transposed variants are wrong on WASM and whose gradient bypasses the
 * backend's MatMul fixes).
 */
export function dense(x: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  return tf.add(tf.matMul(x, w as tf.Tensor2D), b);
}

/** Same-padded stride-1 convolution plus bias; x is NHWC, w is [kh, kw, in, out]. */
export function conv(x: tf.Tensor4D, w: tf.Tensor, b: tf.Tensor): tf.Tensor4D {
  return tf.add(tf.conv2d(x, w as tf.Tensor4D, 1, 'same'), b);
}

/**
 * 2×2 max-pool with stride 2 ('valid': an odd last row or column is dropped), written as two pairwise
 * `tf.maximum`s over split reshapes (first along the width, then along the height). Unlike `tf.maxPool`,
 * whose backward op (MaxPoolGrad) has no gradient and whose WASM kernel returns wrong gradients for
 * some shapes (4.22.0, e.g. [4, 8, 8, 1]), the backward pass here is itself differentiable (mask
 * multiplies; the comparison inside needs the backend's zero gradients at second order), so
 * Hessian-vector products and input-gradient penalties work through CNNs. Ties go to the first
 * element of a pair. On WASM it is ~1.1–2× the time of `tf.maxPool`; the reshape-and-`tf.max` form
 * measured 4× slower.
 */
export function maxPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const h2 = Math.floor(h / 2);
  const w2 = Math.floor(w / 2);
  const even = h === 2 * h2 && w === 2 * w2 ? x : tf.slice(x, [0, 0, 0, 0], [n, 2 * h2, 2 * w2, c]);
  const [left, right] = tf.split(tf.reshape(even, [n * 2 * h2 * w2, 2 * c]), 2, 1);
  const cols = tf.maximum(left, right);
  const [top, bottom] = tf.split(tf.reshape(cols, [n * h2, 2 * w2 * c]), 2, 1);
  return tf.reshape(tf.maximum(top, bottom), [n, h2, w2, c]);
}

/** The spatial size after one 2×2 pool. */
export function pooledSize(size: number): number {
  return Math.floor(size / 2);
}

export function checkParamCount(params: readonly tf.Tensor[], specs: readonly ParamSpec[]): void {
  if (params.length !== specs.length) {
    throw new Error(`forward expects ${specs.length} parameter tensors, got ${params.length}`);
  }
}

export function checkSize(what: string, n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be a positive integer, got ${n}`);
}
