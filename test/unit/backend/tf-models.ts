// The tfjs side of the second-order tests: the same tiny MLP and CNN as reference64.ts, written
// functionally over explicit parameter tensors (as the trainer's models are).
import * as tf from '@tensorflow/tfjs-core';
import { maxPool2x2 } from '../../../src/trainer/models/layers';
import type { Cnn64Shape, Params64 } from './reference64';

export const TF_ACTS: Record<string, (z: tf.Tensor) => tf.Tensor> = {
  relu: (z) => tf.relu(z),
  tanh: (z) => tf.tanh(z),
  sigmoid: (z) => tf.sigmoid(z),
  softplus: (z) => tf.softplus(z),
  elu: (z) => tf.elu(z),
  gelu: (z) => tf.mul(z, tf.add(tf.mul(tf.erf(tf.mul(z, Math.SQRT1_2)), 0.5), 0.5)),
  leakyRelu: (z) => tf.leakyRelu(z, 0.01),
};

export function toTensors(p: Params64, shapes: number[][]): tf.Tensor[] {
  return p.map((a, i) => tf.tensor(a, shapes[i]));
}

export function mlpShapes(sizes: number[]): number[][] {
  return sizes.slice(1).flatMap((out, l) => [[sizes[l], out], [out]]);
}

export function mlpTf(params: tf.Tensor[], act: (z: tf.Tensor) => tf.Tensor, x: tf.Tensor): tf.Tensor2D {
  let h = x as tf.Tensor2D;
  const layers = params.length / 2;
  for (let l = 0; l < layers; l++) {
    const z = tf.add(tf.matMul(h, params[2 * l] as tf.Tensor2D), params[2 * l + 1]) as tf.Tensor2D;
    h = l < layers - 1 ? (act(z) as tf.Tensor2D) : z;
  }
  return h;
}

/** Pooling variants: tf.maxPool (MaxPool/MaxPoolGrad kernels) or the trainer's pairwise-maximum pool. */
export type TfPool = 'maxPool' | 'maxPool2x2';

export function cnnShapes(s: Cnn64Shape): number[][] {
  const flat = (s.pool === 'max' ? Math.floor(s.side / 2) ** 2 : s.side ** 2) * s.channels;
  return [[s.kernel, s.kernel, 1, s.channels], [s.channels], [flat, s.outputs], [s.outputs]];
}

export function cnnTf(params: tf.Tensor[], s: Cnn64Shape, act: (z: tf.Tensor) => tf.Tensor, pool: TfPool, x: tf.Tensor): tf.Tensor2D {
  const n = x.shape[0];
  const img = tf.reshape(x, [n, s.side, s.side, 1]) as tf.Tensor4D;
  let h = act(tf.add(tf.conv2d(img, params[0] as tf.Tensor4D, 1, 'same'), params[1])) as tf.Tensor4D;
  if (s.pool === 'max') h = pool === 'maxPool' ? tf.maxPool(h, 2, 2, 'valid') : maxPool2x2(h);
  return tf.add(tf.matMul(tf.reshape(h, [n, -1]) as tf.Tensor2D, params[2] as tf.Tensor2D), params[3]) as tf.Tensor2D;
}
