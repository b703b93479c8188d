/**
 * Whole-step kernels written in plain JS over the backend's own float32 buffers (views of the WASM
 * heap, or the cpu backend's arrays): one engine call instead of dozens of tiny ops. Per-op overhead
 * dominates small models (TFJS-NOTES), so an element-wise optimizer update over every parameter, or
 * the sums of squares of every gradient, costs one kernel dispatch and one pass over memory.
 *
 * These kernels have no gradient: `jsKernelAvailable` is false while a gradient tape is recording
 * (inside `tf.grad`/`tf.grads`), and on backends without them (tfjs-node), so callers keep their
 * differentiable tensor-op path for those cases.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArgs } from './wasm-calls';

export interface JsKernel {
  name: string;
  /** Output shapes (all float32) from the input shapes and attributes. */
  outShapes(inputShapes: number[][], attrs: tf.NamedAttrMap): number[][];
  /** Reads `inputs`, writes every element of `outputs` (fresh buffers, never aliases of inputs). */
  compute(inputs: Float32Array[], outputs: Float32Array[], attrs: tf.NamedAttrMap): void;
  /**
   * Optional wasm-only path over the tensors themselves (e.g. a SIMD loop on their addresses); returns
   * false to fall back to `compute`.
   */
  computeWasm?(backend: BackendWasm, inputs: tf.TensorInfo[], outputs: tf.TensorInfo[], attrs: tf.NamedAttrMap): boolean;
}

const BACKENDS = ['wasm', 'cpu'] as const;

function orderedInputs(args: KernelArgs): tf.TensorInfo[] {
  const map = args.inputs as Record<string, tf.TensorInfo>;
  const n = Object.keys(map).length;
  return Array.from({ length: n }, (_, i) => map[`i${i}`]);
}

function wasmFunc(k: JsKernel): tf.KernelFunc {
  return (args: KernelArgs) => {
    const backend = args.backend as BackendWasm;
    const inputs = orderedInputs(args);
    const shapes = k.outShapes(inputs.map((t) => t.shape), args.attrs ?? {});
    const outs = shapes.map((s) => backend.makeOutput(s, 'float32'));
    if (k.computeWasm?.(backend, inputs, outs, args.attrs ?? {})) return outs;
    // Views after every allocation: an allocation may grow (and so detach) the heap.
    const view = (t: tf.TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;
    k.compute(inputs.map(view), outs.map(view), args.attrs ?? {});
    return outs;
  };
}

function cpuFunc(k: JsKernel): tf.KernelFunc {
  return (args: KernelArgs) => {
    const backend = args.backend as MathBackendCPU;
    const inputs = orderedInputs(args);
    const shapes = k.outShapes(inputs.map((t) => t.shape), args.attrs ?? {});
    const outs = shapes.map((s) => new Float32Array(tf.util.sizeFromShape(s)));
    k.compute(inputs.map((t) => backend.data.get(t.dataId)!.values as Float32Array), outs, args.attrs ?? {});
    return outs.map((values, i) => backend.makeTensorInfo(shapes[i], 'float32', values));
  };
}

const registered = new Set<string>();

function ensureRegistered(k: JsKernel): void {
  if (registered.has(k.name)) return;
  registered.add(k.name);
  tf.registerKernel({ kernelName: k.name, backendName: 'wasm', kernelFunc: wasmFunc(k) });
  tf.registerKernel({ kernelName: k.name, backendName: 'cpu', kernelFunc: cpuFunc(k) });
}

/** True when `runJsKernel` may be used now: wasm or cpu backend, no gradient tape recording, all float32. */
export function jsKernelAvailable(tensors: readonly tf.Tensor[]): boolean {
  const engine = tf.engine();
  return (
    engine.state.gradientDepth === 0 &&
    (BACKENDS as readonly string[]).includes(engine.backendName) &&
    tensors.every((t) => t.dtype === 'float32')
  );
}

/** Runs `k` on `tensors` (in order) and returns its outputs as tracked tensors. */
export function runJsKernel(k: JsKernel, tensors: readonly tf.Tensor[], attrs: tf.NamedAttrMap = {}): tf.Tensor[] {
  ensureRegistered(k);
  const inputs: Record<string, tf.Tensor> = {};
  tensors.forEach((t, i) => (inputs[`i${i}`] = t));
  const out = tf.engine().runKernel(k.name, inputs as unknown as tf.NamedTensorMap, attrs);
  return Array.isArray(out) ? out : [out as tf.Tensor];
}
