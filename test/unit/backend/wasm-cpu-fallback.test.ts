// The kernels WASM lacks that run on the cpu backend's code (UnsortedSegmentSum for gather's gradient,
// depthwise-conv backprop, Einsum): agreement with cpu, no leaks.
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/trainer/backend';
import { assertClose, assertNoLeak, onEach, tensorOf } from './helpers';

before(async () => {
  await initBackend('wasm');
});

test('kernels run through the cpu fallback agree with cpu and leak nothing', async () => {
  const r = await onEach(() => {
    const table = tensorOf([5, 3], 1);
    const idx = tf.tensor1d([4, 0, 4, 2, 1, 4], 'int32');
    const x = tensorOf([2, 6, 6, 3], 2) as tf.Tensor4D;
    const dw = tensorOf([3, 3, 3, 2], 3) as tf.Tensor4D;
    return [
      tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.gather(t, idx))))(table),
      tf.unsortedSegmentSum(tensorOf([6, 2], 4), idx, 5),
      ...tf.grads((a: tf.Tensor, w: tf.Tensor) => tf.sum(tf.tanh(tf.depthwiseConv2d(a as tf.Tensor4D, w as tf.Tensor4D, 1, 'same'))))([x, dw]),
      tf.einsum('ij,jk->ik', tensorOf([3, 4], 5), tensorOf([4, 2], 6)),
    ];
  });
  assertClose(r.wasm, r.cpu, 1e-5, 'fallback kernels');
  await initBackend('wasm');
  const table = tensorOf([5, 3], 1);
  const idx = tf.tensor1d([4, 0, 4], 'int32');
  assertNoLeak(() => tf.dispose(tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(tf.gather(t, idx)))(table))), 'gather gradient');
  tf.dispose([table, idx]);
});
