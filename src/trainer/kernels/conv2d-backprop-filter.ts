/**
 * `Conv2DBackpropFilter` for WASM (stock tfjs-backend-wasm 4.22.0 has none, so no conv layer trains).
 * Up to IM2COL_MAX, and where the SIMD module is available, it is a GEMM per filter tap on an im2col
 * matrix built by bulk copies (`viaIm2col`); otherwise it is computed as one forward convolution on the backend's fast (XNNPACK) Conv2D kernel:
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
import { addressOf, heapFloats, simdFor, type SimdFunctions } from './simd';
import { gemmInto } from './simd-gemm';
import { release, run, transposeInfo, wasmKernel, type KernelArgs } from './wasm-calls';

type ConvInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

/**
 * The im2col matrix tap by tap: P[t, pos, d] (t = a·kw + b, pos = (n, oh, ow)) is the input element
 * filter tap (a, b, d) multiplies at output position pos, 0 in the padding. For one tap, one image and
 * one output row, the positions inside the image are one contiguous range whose ci channels are
 * contiguous in NHWC x too at stride 1: the SIMD module's im2colRows copies them, row after row, with
 * the padding around them. `heap` is the whole wasm memory; x and p start at byte addresses xAt, pAt.
 */
function im2colByTap(fns: SimdFunctions, heap: Float32Array, xAt: number, pAt: number, info: ConvInfo): void {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: ci, outHeight: oh, outWidth: ow, filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const rowLen = ow * ci;
  for (let a = 0; a < kh; a++) {
    // Output rows r whose input row r·sh + a − top lies in [0, h); the others are all padding.
    const rLo = Math.min(oh, Math.max(0, Math.ceil((top - a) / sh)));
    const rHi = Math.max(rLo, Math.min(oh, Math.floor((h - 1 + top - a) / sh) + 1));
    for (let b = 0; b < kw; b++) {
      const cLo = Math.min(ow, Math.max(0, Math.ceil((left - b) / sw)));
      const cHi = Math.max(cLo, Math.min(ow, Math.floor((w - 1 + left - b) / sw) + 1));
      for (let bi = 0; bi < n; bi++) {
        const block = pAt / 4 + ((a * kw + b) * n + bi) * oh * rowLen;
        heap.fill(0, block, block + rLo * rowLen);
        heap.fill(0, block + rHi * rowLen, block + oh * rowLen);
        if (rHi === rLo) continue;
        const src = xAt / 4 + ((bi * h + rLo * sh + a - top) * w + cLo * sw + b - left) * ci;
        const dst = block + rLo * rowLen;
        if (sw === 1) {
          fns.im2colRows(4 * dst, 4 * src, rHi - rLo, 4 * cLo * ci, 4 * (cHi - cLo) * ci, 4 * (ow - cHi) * ci, 4 * rowLen, 4 * sh * w * ci);
          continue;
        }
        for (let r = rLo; r < rHi; r++) {
          const o = dst + (r - rLo) * rowLen;
          heap.fill(0, o, o + cLo * ci);
          heap.fill(0, o + cHi * ci, o + rowLen);
          for (let c = cLo, q = o + cLo * ci, s = src + (r - rLo) * sh * w * ci; c < cHi; c++, s += sw * ci) {
            for (let d = 0; d < ci; d++) heap[q++] = heap[s + d];
          }
        }
      }
    }
  }
}

/** Above this many im2col elements (64 MB) the convolution form is used instead. */
const IM2COL_MAX = 16 << 20;

/**
 * dW[t, d, co] = Σ_pos P[t, pos, d] · dy[pos, co]: per tap t one product P[t]ᵀ·dy on the SIMD GEMM
 * (P[t]ᵀ read in place through its strides), or one [kh·kw, pos]·dy product when ci = 1. For the small
 * filters of the models here this is several times faster than the convolution form below, whose
 * 'filter' is the whole dy image (a shape XNNPACK's convolution handles poorly).
 */
function viaIm2col(backend: BackendWasm, fns: SimdFunctions, x: tf.TensorInfo, dy: tf.TensorInfo, info: ConvInfo): tf.TensorInfo {
  const { filterHeight: kh, filterWidth: kw, inChannels: ci, outChannels: co } = info;
  const taps = kh * kw;
  const m = info.batchSize * info.outHeight * info.outWidth;
  const p = backend.makeOutput([taps, m, ci], 'float32');
  const out = backend.makeOutput([kh, kw, ci, co], 'float32');
  try {
    const [xAt, pAt, dyAt, outAt] = [addressOf(backend, x), addressOf(backend, p), addressOf(backend, dy), addressOf(backend, out)];
    // A view after the allocations, which may grow (and so detach) the heap.
    im2colByTap(fns, heapFloats(backend), xAt, pAt, info);
    if (ci === 1) gemmInto(fns, pAt, 4 * m, 4, dyAt, outAt, taps, m, co, -1, false);
    else for (let t = 0; t < taps; t++) gemmInto(fns, pAt + 4 * t * m * ci, 4, 4 * ci, dyAt, outAt + 4 * t * ci * co, ci, m, co, -1, false);
    return out;
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
    const fns = simdFor(backend);
    if (fns && x.dtype === 'float32' && dy.dtype === 'float32' && im2colSize <= IM2COL_MAX) return viaIm2col(backend, fns, x, dy, info);
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
