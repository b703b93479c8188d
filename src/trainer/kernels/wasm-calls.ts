/**
 * Calling WASM kernel functions directly from inside another kernel. Results are bare TensorInfos
 * the engine does not track, so every intermediate must be released with `release`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export type KernelArgs = Parameters<tf.KernelFunc>[0];

/** The kernel function registered for `kernelName` on wasm; throws if there is none. */
export function wasmKernel(kernelName: string): tf.KernelFunc {
  const config = tf.getKernel(kernelName, 'wasm');
  if (!config) throw new Error(`the wasm backend has no '${kernelName}' kernel`);
  return config.kernelFunc;
}

/** Runs one kernel function that returns a single output. */
export function run(kernel: tf.KernelFunc, backend: BackendWasm, inputs: tf.NamedTensorInfoMap, attrs: tf.NamedAttrMap = {}): tf.TensorInfo {
  return kernel({ inputs, backend, attrs }) as tf.TensorInfo;
}

/** x with its axes permuted, as a new wasm tensor. */
export function transposeInfo(backend: BackendWasm, x: tf.TensorInfo, perm: number[]): tf.TensorInfo {
  return run(wasmKernel('Transpose'), backend, { x }, { perm });
}

/** The permutation that swaps the last two axes of a rank-`rank` tensor. */
export function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return perm;
}

export function release(backend: BackendWasm, infos: readonly tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}
