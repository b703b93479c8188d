/**
 * Float32 matrix products on the SIMD GEMM micro-kernels of simd.ts, over the WASM heap (no copies
 * except an explicit transpose of b for a·bᵀ): op(a)·op(b) (+ rank-1 bias, ReLU) for 2-D operands or
 * 3-D ones with a batch of 1. The stock XNNPACK path creates a GEMM operator and packs the weights at
 * every call whose right operand is a new tensor (every call in training); these kernels read b as
 * it is.
 *
 * Blocking: rows in blocks of 4 (the last m mod 4 rows one at a time), columns in blocks of 8, then
 * one block of 4, then one of 1–3 (partial-lane loads and stores). aᵀ is read in place by swapping
 * its strides; bᵀ is transposed into a temporary first (b is the small operand in every dense
 * layer's backward pass). Each output is Σ_p in order p = 0…k−1, float32 multiply then add, starting
 * from the bias (or 0).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { transposeLastTwo } from './fast-wasm';
import { addressOf, gemmKernelOf, simdFor, type SimdFunctions } from './simd';

export interface GemmOptions {
  transposeA: boolean;
  transposeB: boolean;
  /** Rank-1 bias added to every row, and ReLU after it (for the fused dense op). */
  bias?: tf.TensorInfo;
  relu?: boolean;
}

/** [m, k, n] of op(a)·op(b) for 2-D operands (or 3-D with a batch of 1); undefined otherwise. */
export function gemmDims(a: tf.TensorInfo, b: tf.TensorInfo, o: GemmOptions): [number, number, number] | undefined {
  const two = (s: number[]) => (s.length === 2 ? s : s.length === 3 && s[0] === 1 ? s.slice(1) : undefined);
  const as = two(a.shape);
  const bs = two(b.shape);
  if (!as || !bs || (a.shape.length === 3) !== (b.shape.length === 3)) return undefined;
  const [m, k] = o.transposeA ? [as[1], as[0]] : as;
  const [k2, n] = o.transposeB ? [bs[1], bs[0]] : bs;
  return k === k2 ? [m, k, n] : undefined;
}

/**
 * C = op(A)·B (+ bias, ReLU) for byte addresses on the SIMD module's memory: element (i, p) of op(A)
 * at a + i·ars + p·aps, B row-major [k, n], C row-major [m, n]; bias (n floats) when `bias` ≥ 0.
 */
export function gemmInto(fns: SimdFunctions, a: number, ars: number, aps: number, b: number, c: number, m: number, k: number, n: number, bias: number, relu: boolean): void {
  const flags = (bias >= 0 ? 1 : 0) | (relu ? 2 : 0);
  const biasAddr = bias >= 0 ? bias : 0;
  const ldb = 4 * n;
  const ldc = 4 * n;
  const full = m & ~3;
  for (const [rows, mBlocks, row0] of [[4, m >> 2, 0], [1, m & 3, full]] as const) {
    if (mBlocks === 0) continue;
    const aR = a + row0 * ars;
    const cR = c + row0 * ldc;
    let col = 0;
    const call = (width: number, nBlocks: number) => {
      gemmKernelOf(fns, rows, width)(aR, b + 4 * col, cR + 4 * col, biasAddr + 4 * col, mBlocks, nBlocks, k, ars, aps, ldb, ldc, flags);
      col += width * nBlocks;
    };
    if (n >= 8) call(8, n >> 3);
    if (n - col >= 4) call(4, 1);
    if (n - col > 0) call(n - col, 1);
  }
}

/** op(a)·op(b) (+ bias, ReLU) as a new [m, n] (or [1, m, n]) wasm tensor; undefined when not handled here. */
export function simdMatMul(backend: BackendWasm, a: tf.TensorInfo, b: tf.TensorInfo, o: GemmOptions): tf.TensorInfo | undefined {
  if (a.dtype !== 'float32' || b.dtype !== 'float32') return undefined;
  const d = gemmDims(a, b, o);
  const fns = simdFor(backend);
  if (!d || !fns) return undefined;
  const [m, k, n] = d;
  const out = backend.makeOutput(a.shape.length === 3 ? [1, m, n] : [m, n], 'float32');
  if (m * n === 0) return out;
  let bPlain = b;
  if (o.transposeB) {
    bPlain = backend.makeOutput([k, n], 'float32');
    // Views after both allocations (an allocation may grow, and so detach, the heap).
    transposeLastTwo(backend.typedArrayFromHeap(b) as Float32Array, backend.typedArrayFromHeap(bPlain) as Float32Array, 1, n, k);
  }
  try {
    const [ars, aps] = o.transposeA ? [4, 4 * m] : [4 * k, 4];
    const bias = o.bias ? addressOf(backend, o.bias) : -1;
    gemmInto(fns, addressOf(backend, a), ars, aps, addressOf(backend, bPlain), addressOf(backend, out), m, k, n, bias, o.relu === true);
  } finally {
    if (bPlain !== b) backend.disposeData(bPlain.dataId);
  }
  return out;
}
