/**
 * `Conv2DBackpropFilter` for WASM (stock tfjs-backend-wasm 4.22.0 has none, so no conv layer trains),
 * computed as one forward convolution on the backend's fast (XNNPACK) Conv2D kernel:
 *
 *   dW[kh, kw, ci, co] = Σ_{n, oh, ow} x[n, oh·s + kh − top, ow·s + kw − left, ci] · dy[n, oh, ow, co]
 *
 * is a convolution of xᵀ = x transposed to [ci, H, W, n] (batch ci, channels n) with the "filter"
 * dyᵀ = dy transposed to [OH, OW, n, co], dilated by the stride, padded like the forward pass. Its
 * [ci, KH', KW', co] output (KH' ≥ KH; the surplus rows of 'valid' padding are cut off) is transposed
 * to [KH, KW, ci, co]. NCHW input falls back to the cpu kernel (the WASM Conv2D is NHWC only).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { release, run, transposeInfo, wasmKernel, type KernelArgs } from './wasm-calls';

export function conv2dBackpropFilterWasm(cpuFallback: tf.KernelFunc): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const attrs = args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    if (attrs.dataFormat === 'NCHW') return cpuFallback(args);
    const backend = args.backend as BackendWasm;
    const x = args.inputs.x as tf.TensorInfo;
    const dy = args.inputs.dy as tf.TensorInfo;
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      attrs.filterShape,
      attrs.strides,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
    );
    const { filterHeight: kh, filterWidth: kw, inChannels: ci, outChannels: co } = info;
    const { top, bottom, left, right } = info.padInfo;
    const temps: tf.TensorInfo[] = [];
    try {
      const xT = transposeInfo(backend, x, [3, 1, 2, 0]);
      temps.push(xT);
      const dyT = transposeInfo(backend, dy, [1, 2, 0, 3]);
      temps.push(dyT);
      const conv = run(wasmKernel('Conv2D'), backend, { x: xT, filter: dyT }, {
        strides: [1, 1],
        pad: [[0, 0], [top, bottom], [left, right], [0, 0]],
        dataFormat: 'NHWC',
        dilations: [info.strideHeight, info.strideWidth],
      });
      temps.push(conv);
      let full = conv;
      if (conv.shape[1] !== kh || conv.shape[2] !== kw) {
        full = run(wasmKernel('Slice'), backend, { x: conv }, { begin: [0, 0, 0, 0], size: [ci, kh, kw, co] });
        temps.push(full);
      }
      return transposeInfo(backend, full, [1, 2, 0, 3]);
    } finally {
      release(backend, temps);
    }
  };
  return { kernelName: tf.Conv2DBackpropFilter, backendName: 'wasm', kernelFunc };
}
