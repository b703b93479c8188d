/**
 * `Slice`, `SplitV` and `Concat` for WASM that copy only what they output. The stock Slice (and so
 * SplitV, which slices once per piece) first copies the whole input out of the heap, and the stock
 * Concat copies with one `subarray` + `set` per outer index, which is slow for narrow inner dims
 * (e.g. the pairwise max-pool's [n, 2·c] splits). Strings and empty tensors go to the stock kernels.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArgs } from './wasm-calls';

type Typed = ReturnType<BackendWasm['typedArrayFromHeap']>;

/** Copies `rows` blocks of `len` contiguous elements, block r from src[srcStart + r·srcStride]. */
function copyBlocks(src: Typed, srcStart: number, srcStride: number, dst: Typed, dstStart: number, dstStride: number, rows: number, len: number): void {
  if (len >= 64) {
    for (let r = 0; r < rows; r++) dst.set(src.subarray(srcStart + r * srcStride, srcStart + r * srcStride + len), dstStart + r * dstStride);
    return;
  }
  for (let r = 0; r < rows; r++) {
    const s = srcStart + r * srcStride;
    const d = dstStart + r * dstStride;
    for (let k = 0; k < len; k++) dst[d + k] = src[s + k];
  }
}

/** Copies the box x[begin : begin + size] into out (row-major, contiguous). */
function sliceInto(x: Typed, shape: number[], begin: number[], size: number[], out: Typed): void {
  const rank = shape.length;
  const strides = new Array<number>(rank).fill(1);
  for (let a = rank - 2; a >= 0; a--) strides[a] = strides[a + 1] * shape[a + 1];
  // Axes after `inner` are taken whole, so each run of size[inner]·strides[inner] elements is contiguous.
  let inner = rank - 1;
  while (inner > 0 && begin[inner] === 0 && size[inner] === shape[inner]) inner--;
  const len = size[inner] * strides[inner];
  const start = begin[inner] * strides[inner];
  if (inner === 0) {
    out.set(x.subarray(start, start + len));
    return;
  }
  const rowAxis = inner - 1;
  const outerCount = size.slice(0, rowAxis).reduce((p, d) => p * d, 1);
  const idx = new Array<number>(rowAxis).fill(0);
  let o = 0;
  for (let block = 0; block < outerCount; block++) {
    let base = start + begin[rowAxis] * strides[rowAxis];
    for (let a = 0; a < rowAxis; a++) base += (begin[a] + idx[a]) * strides[a];
    copyBlocks(x, base, strides[rowAxis], out, o, len, size[rowAxis], len);
    o += size[rowAxis] * len;
    for (let a = rowAxis - 1; a >= 0; a--) {
      if (++idx[a] < size[a]) break;
      idx[a] = 0;
    }
  }
}

function sliceInfo(backend: BackendWasm, x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo {
  const out = backend.makeOutput(size, x.dtype);
  sliceInto(backend.typedArrayFromHeap(x), x.shape, begin, size, backend.typedArrayFromHeap(out));
  return out;
}

export function sliceWasm(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const x = args.inputs.x as tf.TensorInfo;
    const attrs = args.attrs as unknown as tf.SliceAttrs;
    const [begin, size] = tf.slice_util.parseSliceParams(x as tf.Tensor, attrs.begin, attrs.size);
    if (x.dtype === 'string' || size.some((s) => s === 0) || x.shape.length === 0) return original.kernelFunc(args);
    return sliceInfo(args.backend as BackendWasm, x, begin, size);
  };
  return { ...original, kernelFunc };
}

export function splitVWasm(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const x = args.inputs.x as tf.TensorInfo;
    const attrs = args.attrs as unknown as tf.SplitVAttrs;
    const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0];
    const sizes = tf.backend_util.prepareSplitSize(x as tf.Tensor, attrs.numOrSizeSplits, axis);
    if (x.dtype === 'string' || sizes.some((s) => s === 0)) return original.kernelFunc(args);
    const backend = args.backend as BackendWasm;
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = [...x.shape];
      size[axis] = s;
      const piece = sliceInfo(backend, x, [...begin], size);
      begin[axis] += s;
      return piece;
    });
  };
  return { ...original, kernelFunc };
}

export function concatWasm(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const inputs = Object.values(args.inputs) as tf.TensorInfo[];
    if (inputs.length < 2 || inputs[0].dtype === 'string' || inputs.some((t) => tf.util.sizeFromShape(t.shape) === 0)) return original.kernelFunc(args);
    const axis = tf.util.parseAxisParam(args.attrs?.axis as number, inputs[0].shape)[0];
    tf.backend_util.assertParamsConsistent(inputs.map((t) => t.shape), axis);
    const backend = args.backend as BackendWasm;
    const out = backend.makeOutput(tf.backend_util.computeOutShape(inputs.map((t) => t.shape), axis), inputs[0].dtype);
    const outer = tf.util.sizeFromShape(inputs[0].shape.slice(0, axis));
    const inners = inputs.map((t) => tf.util.sizeFromShape(t.shape.slice(axis)));
    const total = inners.reduce((p, d) => p + d, 0);
    const outv = backend.typedArrayFromHeap(out);
    let offset = 0;
    inputs.forEach((t, i) => {
      copyBlocks(backend.typedArrayFromHeap(t), 0, inners[i], outv, offset, total, outer, inners[i]);
      offset += inners[i];
    });
    return out;
  };
  return { ...original, kernelFunc };
}
