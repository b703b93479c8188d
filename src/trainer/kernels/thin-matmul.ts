/**
 * Matrix products with a dimension of 1 or 2 (the output layer of a regression MLP: x·w with w
 * [64, 1], its gradients dz·wᵀ with dz [n, 1] (an outer product) and hᵀ·dz), in plain JS on the WASM
 * heap. The XNNPACK GEMM behind the stock kernel creates an operator and packs the weights at every
 * call whose right operand is a new tensor — every call in training — at ~100 µs per call whatever
 * the size; these products have ≤ 64k multiply-adds, ~10–30 µs in JS. Transposes are read through
 * strides (no copies). Accumulation is in float64. Where wasm SIMD is available the SIMD GEMM
 * (simd-gemm.ts) takes these products first (4–5× faster again); this is the fallback.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/** Products up to this many multiply-adds, with a dimension ≤ THIN_DIM, run here. */
const THIN_MAX_MACS = 1 << 16;
const THIN_DIM = 2;

export interface ThinOptions {
  transposeA: boolean;
  transposeB: boolean;
  /** Rank-1 bias added to every row, and ReLU after it (for the fused dense op). */
  bias?: tf.TensorInfo;
  relu?: boolean;
}

/** [m, k, n] of op(a)·op(b) for 2-D operands (or 3-D with a batch of 1); undefined otherwise. */
function dims(a: tf.TensorInfo, b: tf.TensorInfo, o: ThinOptions): [number, number, number] | undefined {
  const two = (s: number[]) => (s.length === 2 ? s : s.length === 3 && s[0] === 1 ? s.slice(1) : undefined);
  const as = two(a.shape);
  const bs = two(b.shape);
  if (!as || !bs) return undefined;
  const [m, k] = o.transposeA ? [as[1], as[0]] : as;
  const [k2, n] = o.transposeB ? [bs[1], bs[0]] : bs;
  return k === k2 ? [m, k, n] : undefined;
}

/** True when `thinMatMul` takes this product. */
export function isThin(a: tf.TensorInfo, b: tf.TensorInfo, o: ThinOptions): boolean {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return false;
  const d = dims(a, b, o);
  return d !== undefined && Math.min(...d) <= THIN_DIM && d[0] * d[1] * d[2] <= THIN_MAX_MACS;
}

/** op(a)·op(b) (+ bias, ReLU) as a new [m, n] (or [1, m, n] for 3-D inputs) wasm tensor; call only when `isThin`. */
export function thinMatMul(backend: BackendWasm, a: tf.TensorInfo, b: tf.TensorInfo, o: ThinOptions): tf.TensorInfo {
  const [m, k, n] = dims(a, b, o)!;
  const out = backend.makeOutput(a.shape.length === 3 ? [1, m, n] : [m, n], 'float32');
  const A = backend.typedArrayFromHeap(a) as Float32Array;
  const B = backend.typedArrayFromHeap(b) as Float32Array;
  const C = backend.typedArrayFromHeap(out) as Float32Array;
  const bias = o.bias ? (backend.typedArrayFromHeap(o.bias) as Float32Array) : undefined;
  // Element (i, p) of op(a) is A[i·ai + p·ap]; (p, j) of op(b) is B[p·bp + j·bj].
  const [ai, ap] = o.transposeA ? [1, m] : [k, 1];
  const [bp, bj] = o.transposeB ? [1, k] : [n, 1];
  if (k === 1 && !bias && !o.relu) {
    // Outer product.
    for (let i = 0; i < m; i++) {
      const ai0 = A[i * ai];
      const row = i * n;
      if (bj === 1) for (let j = 0; j < n; j++) C[row + j] = ai0 * B[j];
      else for (let j = 0; j < n; j++) C[row + j] = ai0 * B[j * bj];
    }
    return out;
  }
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = bias ? bias[j] : 0;
      for (let p = 0; p < k; p++) s += A[i * ai + p * ap] * B[p * bp + j * bj];
      C[i * n + j] = o.relu && !(s > 0) ? 0 : s;
    }
  }
  return out;
}
