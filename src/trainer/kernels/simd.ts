/**
 * A small hand-assembled WebAssembly module with 128-bit SIMD (f32x4) loops that work directly on
 * the WASM backend's float32 buffers: it imports the backend's own memory, so its functions take
 * byte addresses of tensors (`memoryOffset`s) and no data is copied. Built from bytes when first
 * needed (no build tooling): `wasm-assembler.ts` encodes, `simd-step-kernels.ts`, `simd-tanh.ts` and
 * `simd-gemm-kernels.ts` hold the functions. Each function processes whole 4-float vectors and leaves
 * any tail to the JS caller.
 *
 * - reluMask(dy, y, out, n4):            out = y > 0 ? dy : 0
 * - sumRows(x, out, rows, k4):           out[j] += Σ_r x[r·4k4 + j] (out zeroed by the caller)
 * - adam(p, g, m, v, pOut, mOut, vOut, n4, β1, 1−β1, β2, 1−β2, step, 1/bc2, ε, l2, shrink, floor):
 *     grad = g + l2·p; m′ = β1·m + (1−β1)·grad; v′ = β2·v + (1−β2)·grad²;
 *     p′ = p·shrink − (m′·step) / (√(v′/bc2 + floor) + ε)
 * - maxPoolGrad2x2Row(x, dy, dx, ow, c4, rowBytes): one output row of a 2×2 stride-2 max-pool
 *     gradient; the first maximum of each window in row-major order receives dy (strict >, from −∞,
 *     so −∞/NaN-only windows pass nothing), the other three positions get 0.
 * - tanh(x, out, n4): a rational approximation (see TANH_ALPHA), ~10× faster than the stock scalar
 *     kernel's tanhf.
 * - gemm{R}x{W}(a, b, c, bias, mBlocks, nBlocks, k, ars, aps, ldb, ldc, flags), R ∈ {4, 1},
 *     W ∈ {8, 4, 3, 2, 1}: C = A·B (+ bias, ReLU) on mBlocks·R rows × nBlocks·W columns, a register-
 *     blocked R×W micro-kernel (R·⌈W/4⌉ f32x4 accumulators, A elements splatted, one B row of W per
 *     step of k, float32 multiply then add). Element (i, p) of A is at a + i·ars + p·aps (so Aᵀ is
 *     read by swapping the strides), (p, j) of B at b + p·ldb + 4j, (i, j) of C at c + i·ldc + 4j
 *     (strides in bytes). flags bit 0: start from bias[j] (else 0); bit 1: ReLU (pmax(0, ·): NaN → 0).
 *     W < 4 loads and stores only W lanes, so nothing outside the matrices is touched. The driver and
 *     its edge cases: simd-gemm.ts.
 *
 * - im2colRows(dst, src, rows, head, copy, tail, dstStride, srcStride): rows of head zero bytes, copy
 *     bytes from src and tail zero bytes, at byte strides dstStride and srcStride (bulk memory).
 *
 * Unaligned addresses are fine (alignment hints are 0). Arithmetic is float32 (the JS fallbacks
 * round through float64): results agree to float32 rounding.
 */
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type * as tf from '@tensorflow/tfjs-core';
import { im2colRows } from './simd-copy-kernels';
import { gemmKernels } from './simd-gemm-kernels';
import { adam, maxPoolGrad2x2Row, reluMask, sumRows } from './simd-step-kernels';
import { tanh } from './simd-tanh';
import { moduleBytes } from './wasm-assembler';

const FUNCTIONS = [reluMask, sumRows, adam, maxPoolGrad2x2Row, tanh, im2colRows, ...gemmKernels];

export interface SimdFunctions {
  reluMask(dy: number, y: number, out: number, n4: number): void;
  sumRows(x: number, out: number, rows: number, k4: number): void;
  adam(p: number, g: number, m: number, v: number, pOut: number, mOut: number, vOut: number, n4: number, b1: number, omb1: number, b2: number, omb2: number, step: number, invBc2: number, eps: number, l2: number, shrink: number, floor: number): void;
  maxPoolGrad2x2Row(x: number, dy: number, dx: number, ow: number, c4: number, rowBytes: number): void;
  tanh(x: number, out: number, n4: number): void;
  im2colRows(dst: number, src: number, rows: number, head: number, copy: number, tail: number, dstStride: number, srcStride: number): void;
}

/** gemm{R}x{W}(a, b, c, bias, mBlocks, nBlocks, k, ars, aps, ldb, ldc, flags): see the header. */
export type GemmKernel = (a: number, b: number, c: number, bias: number, mBlocks: number, nBlocks: number, k: number, ars: number, aps: number, ldb: number, ldc: number, flags: number) => void;

/** The GEMM micro-kernels of an instance, by name (`gemm4x8`, …, `gemm1x1`). */
export function gemmKernelOf(fns: SimdFunctions, rows: number, width: number): GemmKernel {
  return (fns as unknown as Record<string, GemmKernel>)[`gemm${rows}x${width}`];
}

/** The slice of the WebAssembly JS API used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | undefined | null;
const instances = new WeakMap<object, SimdFunctions>();

/** The backend's WebAssembly memory (its `buffer` is replaced when the memory grows). */
function memoryOf(backend: BackendWasm): { buffer: ArrayBuffer } | undefined {
  return (backend.wasm as unknown as { asm?: { memory?: { buffer: ArrayBuffer } } }).asm?.memory;
}

/** The backend's whole memory as floats, for JS loops over byte addresses / 4 (take it after allocating). */
export function heapFloats(backend: BackendWasm): Float32Array {
  return new Float32Array(memoryOf(backend)!.buffer);
}

/** The module's functions bound to `backend`'s memory, or undefined where SIMD is unavailable. */
export function simdFor(backend: BackendWasm): SimdFunctions | undefined {
  const memory = memoryOf(backend);
  if (!memory) return undefined;
  if (compiled === undefined) {
    try {
      compiled = new WA.Module(moduleBytes(FUNCTIONS));
    } catch {
      compiled = null; // no wasm SIMD in this runtime: callers use their JS loops
    }
  }
  if (compiled === null) return undefined;
  let fns = instances.get(memory);
  if (!fns) {
    fns = new WA.Instance(compiled, { env: { memory } }).exports as unknown as SimdFunctions;
    instances.set(memory, fns);
  }
  return fns;
}

/** Byte address of a wasm tensor's data in the backend's memory. */
export function addressOf(backend: BackendWasm, t: tf.TensorInfo): number {
  return backend.getMemoryOffset(t.dataId) as number;
}
