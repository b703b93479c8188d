/**
 * Fast paths for small, frequent WASM kernels, written over the WASM heap (each falls back to the
 * stock kernel outside its case). Per-op overhead dominates small models, and these run several
 * times per training step:
 * - GatherV2 along axis 0 (the batch rows of every step): the stock kernel reads the indices out of
 *   the heap, reshapes both operands to 4-D and calls a generic strided gather. Here: one bounds
 *   check and one copy per row. Its gradient is the stock one (UnsortedSegmentSum).
 * - Identity: the stock kernel copies the buffer; every saved tensor of a gradient is cloned, so
 *   training makes dozens per step. Here it shares the buffer and counts a reference, as the stock
 *   Reshape kernel (and the cpu backend's Identity) already do. Nothing on wasm writes in place.
 * - Sum over leading axes (every bias gradient, [n, k] → [k]; conv biases [n, h, w, c] → [c]): the
 *   stock kernel transposes the reduced axes to the end first. Here: one pass, row after row (an
 *   f32x4 loop from simd.ts when k is a multiple of 4, else JS with float64 accumulation).
 * - Tanh (float32): the stock kernel calls the scalar tanhf per element, ~35% of the kernel time of a
 *   tanh network's double-backprop step; here the f32x4 rational approximation of simd.ts (≤ 3.3e-7
 *   absolute error).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { addressOf, simdFor } from './simd';
import { tanhApprox } from './simd-tanh';
import type { KernelArgs } from './wasm-calls';

export function gatherV2Wasm(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const x = args.inputs.x as tf.TensorInfo;
    const indices = args.inputs.indices as tf.TensorInfo;
    const attrs = (args.attrs ?? {}) as unknown as tf.GatherV2Attrs;
    const axis = tf.util.parseAxisParam(attrs.axis, x.shape)[0];
    if (axis !== 0 || (attrs.batchDims ?? 0) !== 0 || indices.dtype !== 'int32' || (x.dtype !== 'float32' && x.dtype !== 'int32') || x.shape.length === 0) {
      return original.kernelFunc(args);
    }
    const backend = args.backend as BackendWasm;
    const rows = x.shape[0];
    const rowSize = tf.util.sizeFromShape(x.shape.slice(1));
    const out = backend.makeOutput([...indices.shape, ...x.shape.slice(1)], x.dtype);
    // Views after the allocation, which may grow (and so detach) the heap.
    const idx = backend.typedArrayFromHeap(indices) as Int32Array;
    const src = backend.typedArrayFromHeap(x);
    const dst = backend.typedArrayFromHeap(out);
    for (let i = 0; i < idx.length; i++) {
      const r = idx[i];
      if (!(r >= 0 && r < rows)) {
        backend.disposeData(out.dataId);
        throw new Error(`GatherV2: the index value ${r} is not in [0, ${rows - 1}]`);
      }
      const s = r * rowSize;
      const d = i * rowSize;
      if (rowSize >= 32) dst.set(src.subarray(s, s + rowSize), d);
      else for (let k = 0; k < rowSize; k++) dst[d + k] = src[s + k];
    }
    return out;
  };
  return { ...original, kernelFunc };
}

export function identityWasm(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype === 'string') return original.kernelFunc(args);
    (args.backend as BackendWasm).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  return { ...original, kernelFunc };
}

let scratch = new Float64Array(256);

/** out[j] = Σ_r x[r·k + j] for j < k (float64 accumulation). */
export function sumRowsInto(x: ArrayLike<number>, rows: number, k: number, out: { [j: number]: number }): void {
  if (scratch.length < k) scratch = new Float64Array(k);
  const acc = scratch;
  acc.fill(0, 0, k);
  for (let r = 0, base = 0; r < rows; r++, base += k) for (let j = 0; j < k; j++) acc[j] += x[base + j];
  for (let j = 0; j < k; j++) out[j] = acc[j];
}

export function sumWasm(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const x = args.inputs.x as tf.TensorInfo;
    const attrs = (args.attrs ?? {}) as unknown as tf.SumAttrs;
    const rank = x.shape.length;
    const axes = tf.util.parseAxisParam(attrs.axis, x.shape).sort((a, b) => a - b);
    // Only a reduction of the leading axes 0…a−1 that keeps at least one trailing axis.
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    if (!leading || x.dtype !== 'float32' || tf.util.sizeFromShape(x.shape) === 0) return original.kernelFunc(args);
    const backend = args.backend as BackendWasm;
    const kept = x.shape.slice(axes.length);
    const outShape = attrs.keepDims ? [...axes.map(() => 1), ...kept] : kept;
    const out = backend.makeOutput(outShape, 'float32');
    const k = tf.util.sizeFromShape(kept);
    const rows = tf.util.sizeFromShape(x.shape.slice(0, axes.length));
    const simd = simdFor(backend);
    if (simd && k % 4 === 0) {
      // f32x4 accumulation into the zeroed output, row after row.
      (backend.typedArrayFromHeap(out) as Float32Array).fill(0);
      simd.sumRows(addressOf(backend, x), addressOf(backend, out), rows, k >> 2);
    } else {
      sumRowsInto(backend.typedArrayFromHeap(x), rows, k, backend.typedArrayFromHeap(out));
    }
    return out;
  };
  return { ...original, kernelFunc };
}

export function tanhWasm(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const x = args.inputs.x as tf.TensorInfo;
    const backend = args.backend as BackendWasm;
    const simd = simdFor(backend);
    if (!simd || x.dtype !== 'float32') return original.kernelFunc(args);
    const out = backend.makeOutput(x.shape, 'float32');
    const n = tf.util.sizeFromShape(x.shape);
    const done = n & ~3;
    if (done > 0) simd.tanh(addressOf(backend, x), addressOf(backend, out), done >> 2);
    if (done < n) {
      const xv = backend.typedArrayFromHeap(x) as Float32Array;
      const ov = backend.typedArrayFromHeap(out) as Float32Array;
      for (let i = done; i < n; i++) ov[i] = tanhApprox(xv[i]);
    }
    return out;
  };
  return { ...original, kernelFunc };
}

/** out[b][j][i] = x[b][i][j] for `batch` matrices of rows × cols. */
export function transposeLastTwo(x: Float32Array | Int32Array, out: Float32Array | Int32Array, batch: number, rows: number, cols: number): void {
  const size = rows * cols;
  for (let b = 0, base = 0; b < batch; b++, base += size) {
    // 8-row strips: each output row gets 8 consecutive writes, reads stay within 8 input rows.
    for (let i0 = 0; i0 < rows; i0 += 8) {
      const i1 = Math.min(rows, i0 + 8);
      for (let j = 0; j < cols; j++) {
        const o = base + j * rows;
        for (let i = i0; i < i1; i++) out[o + i] = x[base + i * cols + j];
      }
    }
  }
}

/**
 * Transpose for the permutations the backward pass of every dense layer needs (swap the last two
 * axes, e.g. wᵀ and xᵀ in dx = dz·wᵀ, dw = xᵀ·dz): a strip-blocked JS loop, several times faster
 * than the stock kernel on the small matrices of the models here. Other permutations: stock.
 */
export function transposeWasm(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const x = args.inputs.x as tf.TensorInfo;
    const perm = (args.attrs?.perm ?? []) as number[];
    const r = x.shape.length;
    const swapsLastTwo = r >= 2 && perm.length === r && perm[r - 2] === r - 1 && perm[r - 1] === r - 2 && perm.slice(0, r - 2).every((p, i) => p === i);
    if (!swapsLastTwo || (x.dtype !== 'float32' && x.dtype !== 'int32')) return original.kernelFunc(args);
    const backend = args.backend as BackendWasm;
    const rows = x.shape[r - 2];
    const cols = x.shape[r - 1];
    const out = backend.makeOutput([...x.shape.slice(0, r - 2), cols, rows], x.dtype);
    const batch = tf.util.sizeFromShape(x.shape.slice(0, r - 2));
    transposeLastTwo(backend.typedArrayFromHeap(x) as Float32Array, backend.typedArrayFromHeap(out) as Float32Array, batch, rows, cols);
    return out;
  };
  return { ...original, kernelFunc };
}

/**
 * Cast to the tensor's own dtype shares the buffer like Identity (the gradient of every saved-tensor
 * clone is such a Cast: ~20 per double-backprop step); real conversions use the stock kernel.
 */
export function castWasm(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype === 'string' || args.attrs?.dtype !== x.dtype) return original.kernelFunc(args);
    (args.backend as BackendWasm).incRef(x.dataId);
    return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
  };
  return { ...original, kernelFunc };
}
