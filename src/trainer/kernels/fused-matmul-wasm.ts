/**
 * `_FusedMatMul` for WASM. The stock kernel (4.22.0) returns wrong values with a bias whenever a
 * transpose flag is set or the batch is above one; it is right for an untransposed single matrix
 * product. So: transposes are done explicitly first (also the fast path, see
 * explicit-transpose-matmul.ts), and a batched product with a bias (or any product with a bias of
 * rank above one, which the stock kernel rejects) runs unfused: the kernel's product followed by
 * the Add and activation kernels.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { callUntransposed } from './explicit-transpose-matmul';
import { release, run, wasmKernel, type KernelArgs } from './wasm-calls';

/** Applies a fused-op activation with the wasm kernels; returns x itself for 'linear'. */
function activate(backend: BackendWasm, x: tf.TensorInfo, attrs: tf.NamedAttrMap, prelu: tf.TensorInfo | undefined): tf.TensorInfo {
  switch (attrs.activation ?? 'linear') {
    case 'linear':
      return x;
    case 'relu':
      return run(wasmKernel('Relu'), backend, { x });
    case 'relu6':
      return run(wasmKernel('Relu6'), backend, { x });
    case 'elu':
      return run(wasmKernel('Elu'), backend, { x });
    case 'sigmoid':
      return run(wasmKernel('Sigmoid'), backend, { x });
    case 'leakyrelu':
      return run(wasmKernel('LeakyRelu'), backend, { x }, { alpha: (attrs.leakyreluAlpha as number | undefined) ?? 0.2 });
    case 'prelu':
      return run(wasmKernel('Prelu'), backend, { x, alpha: prelu });
    default:
      throw new Error(`_FusedMatMul: unsupported activation '${String(attrs.activation)}'`);
  }
}

function batchOf(shape: number[]): number {
  return shape.slice(0, -2).reduce((p, d) => p * d, 1);
}

export function fusedMatMulWasm(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const { bias, preluActivationWeights } = args.inputs;
    const a = args.inputs.a as tf.TensorInfo;
    const b = args.inputs.b as tf.TensorInfo;
    const fusable = bias == null || (bias.shape.length === 1 && Math.max(batchOf(a.shape), batchOf(b.shape)) === 1);
    if (fusable) return callUntransposed(original.kernelFunc, args);
    const backend = args.backend as BackendWasm;
    const attrs = args.attrs ?? {};
    const temps: tf.TensorInfo[] = [];
    try {
      const product = callUntransposed(original.kernelFunc, {
        inputs: { a, b },
        backend,
        attrs: { ...attrs, activation: 'linear' },
      }) as tf.TensorInfo;
      temps.push(product);
      const biased = run(wasmKernel('Add'), backend, { a: product, b: bias });
      const out = activate(backend, biased, attrs, preluActivationWeights);
      if (out !== biased) temps.push(biased);
      return out;
    } finally {
      release(backend, temps);
    }
  };
  return { ...original, kernelFunc };
}
