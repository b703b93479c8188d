/**
 * Loss and gradient norms of one recorded step. On wasm and cpu the loss and one sum of squares per
 * gradient are read straight from the backend's buffers, in one pass, inside the step's `tidy`
 * (float64 accumulation): no kernel dispatch, no output tensor, no `dataSync` — measured in
 * bench/records.ts, an engine call and a read cost far more than the 4.5k multiply-adds of a small
 * MLP. Elsewhere (tfjs-node, or a gradient tape recording) they are packed into one tensor
 * [loss, Σg₀², Σg₁², …] and read once after the step. The norms are formed in JS.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { MetricsConfig } from '../../shared/config/types';
import { GRAD_NORM_LAYER_PREFIX } from '../../shared/metrics';
import { jsKernelAvailable } from '../kernels/js-kernel';
import type { ParamSpec } from '../models';

/** Where a step's stats are: already in the job's buffer, or in a packed tensor to read after the step. */
export type CapturedStats = 'read' | tf.Tensor1D;

/** Per layer: its metric name and the indices of its parameter tensors (worked out once per model). */
const layerGroups = new WeakMap<ParamSpec[], { name: string; indices: number[] }[]>();

function layersOf(specs: ParamSpec[]): { name: string; indices: number[] }[] {
  let groups = layerGroups.get(specs);
  if (!groups) {
    groups = [...new Set(specs.map((s) => s.layer))].map((layer) => ({ name: GRAD_NORM_LAYER_PREFIX + layer, indices: specs.flatMap((s, i) => (s.layer === layer ? [i] : [])) }));
    layerGroups.set(specs, groups);
  }
  return groups;
}

/** Σx² over `n` float32 values of `heap` from `start` (float64 accumulation; four partial sums let the loop pipeline). */
function sumOfSquares(heap: Float32Array, start: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const end = start + n;
  let j = start;
  for (; j + 3 < end; j += 4) {
    const x0 = heap[j];
    const x1 = heap[j + 1];
    const x2 = heap[j + 2];
    const x3 = heap[j + 3];
    s0 += x0 * x0;
    s1 += x1 * x1;
    s2 += x2 * x2;
    s3 += x3 * x3;
  }
  for (; j < end; j++) s0 += heap[j] * heap[j];
  return s0 + s1 + s2 + s3;
}

/** Fills `out` = [loss, Σg₀², …] from the backend's buffers; false when they cannot be read directly. */
function readFromBuffers(loss: tf.Tensor, grads: readonly tf.Tensor[], withSums: boolean, out: Float64Array): boolean {
  if (!jsKernelAvailable(withSums ? [loss, ...grads] : [loss])) return false;
  const backend = tf.backend();
  if (tf.getBackend() === 'wasm') {
    const wasm = backend as BackendWasm;
    // One view of the whole heap (nothing is allocated while it is read).
    const heap = new Float32Array((wasm.wasm as unknown as { HEAPU8: Uint8Array }).HEAPU8.buffer);
    out[0] = heap[(wasm.getMemoryOffset(loss.dataId) as number) >> 2];
    if (withSums) for (let i = 0; i < grads.length; i++) out[1 + i] = sumOfSquares(heap, (wasm.getMemoryOffset(grads[i].dataId) as number) >> 2, grads[i].size);
    return true;
  }
  const cpu = backend as MathBackendCPU;
  const values = (t: tf.Tensor) => cpu.data.get(t.dataId)!.values as Float32Array;
  out[0] = values(loss)[0];
  if (withSums) grads.forEach((g, i) => (out[1 + i] = sumOfSquares(values(g), 0, g.size)));
  return true;
}

/**
 * Inside the step's `tidy`: the loss and (unless gradient norms are off) each gradient's sum of
 * squares, into `out` ([loss, Σg₀², …], length 1 + grads) when the buffers can be read directly,
 * otherwise as a packed tensor for `readGradientStats` to read after the step.
 */
export function captureGradientStats(loss: tf.Tensor, grads: readonly tf.Tensor[], mode: MetricsConfig['gradNorm'], out: Float64Array): CapturedStats {
  return readFromBuffers(loss, grads, mode !== 'off', out) ? 'read' : packGradientStats(loss, grads, mode);
}

/** [loss, Σg₀², …] as one 1-D tensor of tensor ops (just [loss] when gradient norms are off): the path where buffers cannot be read. */
export function packGradientStats(loss: tf.Tensor, grads: readonly tf.Tensor[], mode: MetricsConfig['gradNorm']): tf.Tensor1D {
  return tf.tidy(() => {
    if (mode === 'off') return tf.reshape(loss, [1]) as tf.Tensor1D;
    return tf.stack([tf.reshape(loss, []), ...grads.map((g) => tf.sum(tf.square(g)))]) as tf.Tensor1D;
  });
}

/** { loss, gradNorm?, 'gradNorm/<layer>'? } from what `captureGradientStats` captured (a packed tensor is read and disposed). */
export function readGradientStats(captured: CapturedStats, buffer: Float64Array, specs: ParamSpec[], mode: MetricsConfig['gradNorm']): Record<string, number> {
  let v: ArrayLike<number> = buffer;
  if (captured !== 'read') {
    v = captured.dataSync();
    captured.dispose();
  }
  const out: Record<string, number> = { loss: v[0] };
  if (mode === 'off') return out;
  let total = 0;
  for (let i = 0; i < specs.length; i++) total += v[1 + i];
  out.gradNorm = Math.sqrt(total);
  if (mode !== 'perLayer') return out;
  for (const { name, indices } of layersOf(specs)) {
    let s = 0;
    for (const i of indices) s += v[1 + i];
    out[name] = Math.sqrt(s);
  }
  return out;
}
