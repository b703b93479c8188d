/**
 * Kernel fixes for tfjs-backend-wasm 4.22.0, registered once per process (kernel registrations are
 * global and keyed by backend name, so they take effect whenever the wasm backend is active):
 * - BatchMatMul: single float32 products on the SIMD GEMM of simd.ts (simd-gemm.ts, 1.4–7× faster
 *   than XNNPACK on the models' shapes); batched ones with explicit transposes (5–15× faster than the
 *   stock transposed GEMM);
 * - _FusedMatMul: explicit transposes, and unfused when batched with a bias (stock results are wrong);
 * - Conv2DBackpropFilter: missing; built on the wasm Conv2D kernel;
 * - Conv2DBackpropInput: stride 1 on the wasm Conv2D kernel (the stock loop is ~30× slower);
 * - MaxPoolGrad, MaxPoolWithArgmax: stock results are wrong for batch or channels above one;
 * - Slice, SplitV, Concat: copy only what they output (the stock ones copy far more, slowly);
 * - GatherV2 (axis 0), Identity and same-dtype Cast (zero-copy), Sum (leading axes), Tanh (f32x4),
 *   Transpose (last two axes): fast paths for the kernels of every training step (fast-wasm.ts,
 *   simd.ts); without wasm SIMD, BatchMatMul with a dimension ≤ 2 in JS (thin-matmul.ts);
 * - UnsortedSegmentSum (the gradient of gather), depthwise-conv backprop, Einsum: missing; run on cpu.
 */
import * as tf from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterWasm } from './conv2d-backprop-filter';
import { conv2dBackpropInputWasm } from './conv2d-backprop-input';
import { cpuFallbackConfig, viaCpu } from './cpu-fallback';
import { castWasm, gatherV2Wasm, identityWasm, sumWasm, tanhWasm, transposeWasm } from './fast-wasm';
import { explicitTransposeBatchMatMul } from './explicit-transpose-matmul';
import { fusedMatMulWasm } from './fused-matmul-wasm';
import { maxPoolGradWasm, maxPoolWithArgmaxWasm } from './max-pool-wasm';
import { concatWasm, sliceWasm, splitVWasm } from './slice-concat-wasm';

const CPU_FALLBACKS = ['UnsortedSegmentSum', 'DepthwiseConv2dNativeBackpropFilter', 'DepthwiseConv2dNativeBackpropInput', 'Einsum'];

/** The wasm kernels `installWasmKernels` registers or replaces. */
export const WASM_KERNEL_FIXES: readonly string[] = [
  tf.BatchMatMul,
  tf._FusedMatMul,
  tf.Conv2DBackpropFilter,
  tf.Conv2DBackpropInput,
  tf.MaxPoolGrad,
  tf.MaxPoolWithArgmax,
  tf.Slice,
  tf.SplitV,
  tf.Concat,
  tf.GatherV2,
  tf.Identity,
  tf.Sum,
  tf.Tanh,
  tf.Transpose,
  tf.Cast,
  ...CPU_FALLBACKS,
];

function replace(config: tf.KernelConfig): void {
  if (tf.getKernel(config.kernelName, config.backendName)) tf.unregisterKernel(config.kernelName, config.backendName);
  tf.registerKernel(config);
}

function stock(kernelName: string): tf.KernelConfig {
  const config = tf.getKernel(kernelName, 'wasm');
  if (!config) throw new Error(`tfjs-backend-wasm registers no '${kernelName}' kernel (is it imported?)`);
  return config;
}

let installed = false;

export function installWasmKernels(): void {
  if (installed) return;
  installed = true;
  replace(explicitTransposeBatchMatMul(stock(tf.BatchMatMul)));
  replace(fusedMatMulWasm(stock(tf._FusedMatMul)));
  replace(conv2dBackpropFilterWasm(viaCpu(tf.Conv2DBackpropFilter)));
  replace(conv2dBackpropInputWasm(stock(tf.Conv2DBackpropInput)));
  replace(maxPoolGradWasm);
  replace(maxPoolWithArgmaxWasm);
  replace(sliceWasm(stock(tf.Slice)));
  replace(splitVWasm(stock(tf.SplitV)));
  replace(concatWasm(stock(tf.Concat)));
  replace(gatherV2Wasm(stock(tf.GatherV2)));
  replace(identityWasm(stock(tf.Identity)));
  replace(sumWasm(stock(tf.Sum)));
  replace(tanhWasm(stock(tf.Tanh)));
  replace(transposeWasm(stock(tf.Transpose)));
  replace(castWasm(stock(tf.Cast)));
  for (const name of CPU_FALLBACKS) if (!tf.getKernel(name, 'wasm')) tf.registerKernel(cpuFallbackConfig(name));
}
