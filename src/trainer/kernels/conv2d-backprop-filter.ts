/**
 * `Conv2DBackpropFilter` for WASM (stock tfjs-backend-wasm 4.22.0 has none, so no conv layer trains).
 * Up to IM2COL_MAX it is one GEMM on a transposed im2col matrix (`viaIm2col`); beyond, it is
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

type ConvInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

/**
 * The transposed im2col matrix P [kh·kw·ci, n·oh·ow]: row (a·kw + b)·ci + d holds, for every output
 * position, the input element the filter tap (a, b, d) multiplies there (0 in the padding).
 */
function im2colTransposed(x: Float32Array, info: ConvInfo, p: Float32Array): void {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: ci, outHeight: oh, outWidth: ow, filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const m = n * oh * ow;
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      const row0 = (a * kw + b) * ci * m;
      let pos = 0;
      for (let bi = 0; bi < n; bi++) {
        for (let r = 0; r < oh; r++) {
          const xr = r * sh + a - top;
          const rowInside = xr >= 0 && xr < h;
          for (let c = 0; c < ow; c++, pos++) {
            const xc = c * sw + b - left;
            if (!rowInside || xc < 0 || xc >= w) {
              for (let d = 0; d < ci; d++) p[row0 + d * m + pos] = 0;
              continue;
            }
            const src = ((bi * h + xr) * w + xc) * ci;
            for (let d = 0; d < ci; d++) p[row0 + d * m + pos] = x[src + d];
          }
        }
      }
    }
  }
}

/** Above this many im2col elements (64 MB) the convolution form is used instead. */
const IM2COL_MAX = 16 << 20;

/**
 * dW as one GEMM: dW[kh·kw·ci, co] = P · dy[n·oh·ow, co], with P built in JS (im2colTransposed). For
 * the small filters of the models here this is several times faster than the convolution form below,
 * whose 'filter' is the whole dy image (a shape XNNPACK's convolution handles poorly).
 */
function viaIm2col(backend: BackendWasm, x: tf.TensorInfo, dy: tf.TensorInfo, info: ConvInfo): tf.TensorInfo {
  const { filterHeight: kh, filterWidth: kw, inChannels: ci, outChannels: co } = info;
  const k = kh * kw * ci;
  const m = info.batchSize * info.outHeight * info.outWidth;
  const p = backend.makeOutput([1, k, m], 'float32');
  try {
    // Views after the allocation, which may grow (and so detach) the heap.
    im2colTransposed(backend.typedArrayFromHeap(x) as Float32Array, info, backend.typedArrayFromHeap(p) as Float32Array);
    const out = run(wasmKernel('BatchMatMul'), backend, { a: p, b: { ...dy, shape: [1, m, co] } }, { transposeA: false, transposeB: false });
    return { ...out, shape: [kh, kw, ci, co] };
  } finally {
    release(backend, [p]);
  }
}

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
    const im2colSize = info.filterHeight * info.filterWidth * info.inChannels * info.batchSize * info.outHeight * info.outWidth;
    if (x.dtype === 'float32' && dy.dtype === 'float32' && im2colSize <= IM2COL_MAX) return viaIm2col(backend, x, dy, info);
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
