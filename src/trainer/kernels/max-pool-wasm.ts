/**
 * `MaxPoolGrad` and `MaxPoolWithArgmax` for WASM, written in JS over views of the WASM heap. The stock
 * 4.22.0 kernels return wrong values whenever the batch or the channel count is above one (measured
 * against the cpu backend and a plain-JS reference). Semantics follow the cpu backend: the first
 * maximum of a window in row-major order wins; a window with no finite maximum passes no gradient.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { addressOf, simdFor } from './simd';
import type { KernelArgs } from './wasm-calls';

type Pool2DInfo = ReturnType<typeof tf.backend_util.computePool2DInfo>;

/** For each output element (NHWC order), the flat NHWC index into x of its window's maximum, or −1. */
export function poolArgmax(x: Float32Array, info: Pool2DInfo): Int32Array {
  const { batchSize, inHeight, inWidth, inChannels: c, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, dilationHeight, dilationWidth, effectiveFilterHeight, effectiveFilterWidth } = info;
  const out = new Int32Array(batchSize * outHeight * outWidth * c);
  const best = new Float32Array(c);
  const arg = new Int32Array(c);
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let yR = 0; yR < outHeight; yR++) {
      const rCorner = yR * strideHeight - info.padInfo.top;
      let rMin = rCorner;
      while (rMin < 0) rMin += dilationHeight;
      const rMax = Math.min(inHeight, rCorner + effectiveFilterHeight);
      for (let yC = 0; yC < outWidth; yC++) {
        const cCorner = yC * strideWidth - info.padInfo.left;
        let cMin = cCorner;
        while (cMin < 0) cMin += dilationWidth;
        const cMax = Math.min(inWidth, cCorner + effectiveFilterWidth);
        for (let d = 0; d < c; d++) {
          best[d] = Number.NEGATIVE_INFINITY;
          arg[d] = -1;
        }
        // Window positions in row-major order, channels innermost (contiguous in NHWC).
        for (let r = rMin; r < rMax; r += dilationHeight) {
          for (let col = cMin; col < cMax; col += dilationWidth) {
            const base = ((b * inHeight + r) * inWidth + col) * c;
            for (let d = 0; d < c; d++) {
              const v = x[base + d];
              if (v > best[d]) {
                best[d] = v;
                arg[d] = base + d;
              }
            }
          }
        }
        for (let d = 0; d < c; d++) out[o++] = arg[d];
      }
    }
  }
  return out;
}

/** True for a 2×2, stride-2 window with no padding or dilation (every model pool here). */
function isPlain2x2(info: Pool2DInfo): boolean {
  return (
    info.filterHeight === 2 && info.filterWidth === 2 && info.strideHeight === 2 && info.strideWidth === 2 &&
    info.dilationHeight === 1 && info.dilationWidth === 1 && info.padInfo.top === 0 && info.padInfo.left === 0 &&
    info.outHeight === Math.floor(info.inHeight / 2) && info.outWidth === Math.floor(info.inWidth / 2)
  );
}

/**
 * `poolArgmax` for the plain 2×2 stride-2 window, several times faster: the four candidates of a
 * window are compared inline in row-major order (strict >, from −∞, as the general loop).
 */
function poolArgmax2x2(x: Float32Array, info: Pool2DInfo, out: Int32Array): void {
  const { batchSize, inHeight: h, inWidth: w, inChannels: c, outHeight, outWidth } = info;
  const rowStride = w * c;
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let yR = 0; yR < outHeight; yR++) {
      let base = (b * h + 2 * yR) * rowStride;
      for (let yC = 0; yC < outWidth; yC++, base += 2 * c) {
        for (let d = 0; d < c; d++) {
          const i0 = base + d;
          const i1 = i0 + c;
          const i2 = i0 + rowStride;
          const i3 = i2 + c;
          let best = Number.NEGATIVE_INFINITY;
          let arg = -1;
          let v = x[i0];
          if (v > best) {
            best = v;
            arg = i0;
          }
          v = x[i1];
          if (v > best) {
            best = v;
            arg = i1;
          }
          v = x[i2];
          if (v > best) {
            best = v;
            arg = i2;
          }
          v = x[i3];
          if (v > best) arg = i3;
          out[o++] = arg;
        }
      }
    }
  }
}

/** The argmax of every window, by the fast 2×2 loop when it applies. */
function argmaxOf(x: Float32Array, info: Pool2DInfo): Int32Array {
  if (!isPlain2x2(info)) return poolArgmax(x, info);
  const out = new Int32Array(info.batchSize * info.outHeight * info.outWidth * info.inChannels);
  poolArgmax2x2(x, info, out);
  return out;
}

function poolInfo(xShape: number[], attrs: tf.NamedAttrMap): Pool2DInfo {
  const a = attrs as unknown as tf.MaxPoolGradAttrs;
  return tf.backend_util.computePool2DInfo(xShape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad, a.dimRoundingMode);
}

function maxPoolGrad(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as BackendWasm;
  const dy = args.inputs.dy as tf.TensorInfo;
  const input = args.inputs.input as tf.TensorInfo;
  const info = poolInfo(input.shape, args.attrs ?? {});
  const dx = backend.makeOutput(input.shape, 'float32');
  const simd = simdFor(backend);
  if (simd && isPlain2x2(info) && info.inChannels % 4 === 0) {
    // One f32x4 call per output row: every position of every window is written (the winner gets dy).
    const { batchSize, inHeight: h, inWidth: w, inChannels: c, outHeight, outWidth } = info;
    if (h % 2 !== 0 || w % 2 !== 0) (backend.typedArrayFromHeap(dx) as Float32Array).fill(0);
    const [xa, dya, dxa] = [input, dy, dx].map((t) => addressOf(backend, t));
    const rowBytes = w * c * 4;
    for (let b = 0; b < batchSize; b++) {
      for (let yR = 0; yR < outHeight; yR++) {
        const inRow = (b * h + 2 * yR) * rowBytes;
        simd.maxPoolGrad2x2Row(xa + inRow, dya + (b * outHeight + yR) * outWidth * c * 4, dxa + inRow, outWidth, c >> 2, rowBytes);
      }
    }
    return dx;
  }
  // Views are taken after the allocation above, which may grow (and so detach) the heap.
  const arg = argmaxOf(backend.typedArrayFromHeap(input) as Float32Array, info);
  const dyv = backend.typedArrayFromHeap(dy);
  const dxv = backend.typedArrayFromHeap(dx);
  dxv.fill(0);
  for (let o = 0; o < arg.length; o++) if (arg[o] >= 0) dxv[arg[o]] += dyv[o];
  return dx;
}

function maxPoolWithArgmax(args: KernelArgs): tf.TensorInfo[] {
  const backend = args.backend as BackendWasm;
  const x = args.inputs.x as tf.TensorInfo;
  const attrs = (args.attrs ?? {}) as unknown as tf.MaxPoolWithArgmaxAttrs;
  const info = poolInfo(x.shape, args.attrs ?? {});
  const values = backend.makeOutput(info.outShape, x.dtype);
  const indexes = backend.makeOutput(info.outShape, 'int32');
  const xv = backend.typedArrayFromHeap(x) as Float32Array;
  const arg = argmaxOf(xv, info);
  const vv = backend.typedArrayFromHeap(values);
  const iv = backend.typedArrayFromHeap(indexes);
  const perImage = info.inHeight * info.inWidth * info.inChannels;
  for (let o = 0; o < arg.length; o++) {
    const i = arg[o];
    vv[o] = i >= 0 ? xv[i] : Number.NEGATIVE_INFINITY;
    iv[o] = i < 0 || attrs.includeBatchInIndex ? i : i % perImage;
  }
  return [values, indexes];
}

export const maxPoolGradWasm: tf.KernelConfig = { kernelName: tf.MaxPoolGrad, backendName: 'wasm', kernelFunc: maxPoolGrad };
export const maxPoolWithArgmaxWasm: tf.KernelConfig = {
  kernelName: tf.MaxPoolWithArgmax,
  backendName: 'wasm',
  kernelFunc: maxPoolWithArgmax,
};
