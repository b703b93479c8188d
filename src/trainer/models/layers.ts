/** Building blocks shared by the MLP and the CNN: parameter specs and differentiable layer ops. */
import * as tf from '@tensorflow/tfjs-core';
import { convOp, denseOp, fusedLayersAvailable } from '../kernels/fused-layers';
import type { ActivationFn } from './activations';
import type { ParamSpec } from './types';

export function weightAndBias(layer: string, weightShape: number[]): ParamSpec[] {
  return [
    { name: `${layer}.weight`, layer, shape: weightShape, kind: 'weight' },
    { name: `${layer}.bias`, layer, shape: [weightShape[weightShape.length - 1]], kind: 'bias' },
  ];
}

/**
 * x·W + b with W stored as [in, out]. On wasm and cpu one fused op (kernels/fused-layers.ts: one
 * kernel forward, gradients written from the inputs, correct at second order); elsewhere one MatMul
 * without transposes and one Add (never `tf.fused.matMul`, whose transposed variants are wrong on
 * WASM and whose gradient is wrong at second order).
 */
export function dense(x: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor): tf.Tensor2D {
  if (b.rank === 1 && fusedLayersAvailable([x, w, b])) return denseOp(x, w as tf.Tensor2D, b as tf.Tensor1D, 'linear');
  return tf.add(tf.matMul(x, w as tf.Tensor2D), b);
}

/** Same-padded stride-1 convolution plus bias; x is NHWC, w is [kh, kw, in, out]. Fused like `dense`. */
export function conv(x: tf.Tensor4D, w: tf.Tensor, b: tf.Tensor): tf.Tensor4D {
  if (b.rank === 1 && fusedLayersAvailable([x, w, b])) return convOp(x, w as tf.Tensor4D, b as tf.Tensor1D, 'linear');
  return tf.add(tf.conv2d(x, w as tf.Tensor4D, 1, 'same'), b);
}

/** act(x·W + b); ReLU is fused into the same op on wasm and cpu. `activation` names `act`. */
export function denseActivated(x: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor, activation: string, act: ActivationFn): tf.Tensor2D {
  if (activation === 'relu' && b.rank === 1 && fusedLayersAvailable([x, w, b])) return denseOp(x, w as tf.Tensor2D, b as tf.Tensor1D, 'relu');
  return act(dense(x, w, b)) as tf.Tensor2D;
}

/** act(conv(x, W, b)); ReLU is fused into the same op on wasm and cpu. */
export function convActivated(x: tf.Tensor4D, w: tf.Tensor, b: tf.Tensor, activation: string, act: ActivationFn): tf.Tensor4D {
  if (activation === 'relu' && b.rank === 1 && fusedLayersAvailable([x, w, b])) return convOp(x, w as tf.Tensor4D, b as tf.Tensor1D, 'relu');
  return act(conv(x, w, b)) as tf.Tensor4D;
}

/**
 * 2×2 max-pool with stride 2 ('valid': an odd last row or column is dropped), as one `tf.maxPool`.
 * Ties go to the first maximum of a window in row-major order. Differentiable at second order
 * (Hessian-vector products, input-gradient penalties through CNNs) through the backend's gradient
 * for MaxPoolGrad (autodiff/pool-conv-gradients.ts) and, on WASM, its corrected MaxPoolGrad and
 * MaxPoolWithArgmax kernels (kernels/max-pool-wasm.ts). ~35% faster in the CNN step than
 * `maxPool2x2Pairwise`, which the kernel benchmark (bench/kernels.ts) still compares against.
 */
export function maxPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  return tf.maxPool(x, 2, 2, 'valid');
}

/**
 * The same pool written as two pairwise `tf.maximum`s over split reshapes (first along the width,
 * then along the height); ties go to the first element of a pair, which is the same row-major rule.
 * Its backward pass is made of mask multiplies (itself differentiable); kept as the reference the
 * kernel benchmark measures `tf.maxPool` against.
 */
export function maxPool2x2Pairwise(x: tf.Tensor4D): tf.Tensor4D {
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
