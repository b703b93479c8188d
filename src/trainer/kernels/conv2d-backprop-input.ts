/**
 * `Conv2DBackpropInput` for WASM on the fast (XNNPACK) Conv2D kernel. The stock kernel is a plain
 * loop, ~30× slower than a forward convolution of the same size. For stride 1 (NHWC, no dilation) the
 * input gradient is a convolution of dy with the filter rotated by 180° and its in/out channels
 * swapped, padded by (kernel − 1 − forward padding) on each side. Strided convolutions keep the stock
 * kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { release, run, transposeInfo, wasmKernel, type KernelArgs } from './wasm-calls';

export function conv2dBackpropInputWasm(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
    const dy = args.inputs.dy as tf.TensorInfo;
    const filter = args.inputs.filter as tf.TensorInfo;
    if (attrs.dataFormat === 'NCHW') return original.kernelFunc(args);
    const info = tf.backend_util.computeConv2DInfo(attrs.inputShape, filter.shape as [number, number, number, number], attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
    if (info.strideHeight !== 1 || info.strideWidth !== 1) return original.kernelFunc(args);
    const backend = args.backend as BackendWasm;
    const { filterHeight: kh, filterWidth: kw } = info;
    const { top, bottom, left, right } = info.padInfo;
    const temps: tf.TensorInfo[] = [];
    try {
      const flipped = run(wasmKernel('Reverse'), backend, { x: filter }, { dims: [0, 1] });
      temps.push(flipped);
      const swapped = transposeInfo(backend, flipped, [0, 1, 3, 2]);
      temps.push(swapped);
      return run(wasmKernel('Conv2D'), backend, { x: dy, filter: swapped }, {
        strides: [1, 1],
        pad: [[0, 0], [kh - 1 - top, kh - 1 - bottom], [kw - 1 - left, kw - 1 - right], [0, 0]],
        dataFormat: 'NHWC',
        dilations: [1, 1],
      });
    } finally {
      release(backend, temps);
    }
  };
  return { ...original, kernelFunc };
}
