/**
 * `BatchMatMul` for WASM with transposes done explicitly. The stock kernel passes
 * `transposeA`/`transposeB` to its GEMM, which then runs at ~1 GFLOP/s, 10–15× slower than without
 * (and every dense backward pass has one). Transposing the operands with the Transpose kernel first
 * and calling the original kernel untransposed is several times faster.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { simdMatMul } from './simd-gemm';
import { isThin, thinMatMul } from './thin-matmul';
import { release, swapLastTwo, transposeInfo, type KernelArgs } from './wasm-calls';

/** Calls `kernel` (BatchMatMul or _FusedMatMul) with a and b transposed beforehand and the flags cleared. */
export function callUntransposed(kernel: tf.KernelFunc, args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] {
  const attrs = args.attrs ?? {};
  if (!attrs.transposeA && !attrs.transposeB) return kernel(args);
  const backend = args.backend as BackendWasm;
  const temps: tf.TensorInfo[] = [];
  const plain = (x: tf.TensorInfo, transposed: unknown): tf.TensorInfo => {
    if (!transposed) return x;
    const t = transposeInfo(backend, x, swapLastTwo(x.shape.length));
    temps.push(t);
    return t;
  };
  try {
    return kernel({
      inputs: { ...args.inputs, a: plain(args.inputs.a as tf.TensorInfo, attrs.transposeA), b: plain(args.inputs.b as tf.TensorInfo, attrs.transposeB) },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    });
  } finally {
    release(backend, temps);
  }
}

/**
 * Single float32 products (2-D, or 3-D with a batch of 1) run on the SIMD GEMM (simd-gemm.ts: no GEMM
 * operator to create, no weight packing; 1.4–5× faster than XNNPACK on the models' shapes). Without
 * wasm SIMD, products with a dimension ≤ 2 (and ≤ 64k multiply-adds) run in JS (thin-matmul.ts); the
 * others (and batched products) are transposed explicitly and run on the stock kernel.
 */
export function explicitTransposeBatchMatMul(original: tf.KernelConfig): tf.KernelConfig {
  return {
    ...original,
    kernelFunc: (args: KernelArgs) => {
      const a = args.inputs.a as tf.TensorInfo;
      const b = args.inputs.b as tf.TensorInfo;
      const o = { transposeA: args.attrs?.transposeA === true, transposeB: args.attrs?.transposeB === true };
      const viaSimd = simdMatMul(args.backend as BackendWasm, a, b, o);
      if (viaSimd) return viaSimd;
      if (isThin(a, b, o)) return thinMatMul(args.backend as BackendWasm, a, b, o);
      return callUntransposed(original.kernelFunc, args);
    },
  };
}
