/**
 * Runs an element-wise rule on all parameters at once. Outside a gradient tape, on wasm (any size,
 * when the rule has an f32x4 form `rule.fusedSimd`, see kernels/simd.ts) and on wasm and cpu for
 * small models (up to FUSED_MAX_PARAMS), the whole step is one kernel over the backend's
 * buffers (`rule.fused`): per-op overhead dominates small models (TFJS-NOTES), and the tensor-op form
 * costs ~35 engine ops (flatten, ~14 element-wise ops with their scalar constants, split back).
 * Otherwise (larger models; inside `tf.grads`, where a meta-learning method differentiates through
 * the step; tfjs-node) grads and params are flattened into one vector, the differentiable tensor-op
 * rule runs once, and the result is split back.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { jsKernelAvailable, runJsKernel, type JsKernel } from '../kernels/js-kernel';
import { addressOf, simdFor } from '../kernels/simd';
import type { FlatRule, Optimizer, SegmentUpdate, SimdSegmentUpdate } from './types';

export function flatten(ts: readonly tf.Tensor[]): tf.Tensor {
  const parts = ts.map((t) => (t.rank === 1 ? t : tf.reshape(t, [-1])));
  return parts.length === 1 ? parts[0] : tf.concat(parts);
}

export function unflatten(flat: tf.Tensor, like: readonly tf.Tensor[]): tf.Tensor[] {
  const pieces = like.length === 1 ? [flat] : tf.split(flat, like.map((t) => t.size));
  return pieces.map((piece, i) => (like[i].rank === 1 ? piece : tf.reshape(piece, like[i].shape)));
}

export function checkStepInputs(params: readonly tf.Tensor[], grads: readonly tf.Tensor[], state: readonly tf.Tensor[], nState: number): void {
  if (grads.length !== params.length) throw new Error(`optimizer step: ${params.length} params but ${grads.length} grads`);
  if (state.length !== nState) throw new Error(`optimizer step: expected ${nState} state tensors, got ${state.length}`);
  params.forEach((p, i) => {
    const g = grads[i];
    if (g.size !== p.size || g.rank !== p.rank) {
      throw new Error(`optimizer step: grad ${i} has shape [${g.shape.join(', ')}], param has [${p.shape.join(', ')}]`);
    }
  });
}

/**
 * Inputs p0…pk−1, g0…gk−1, state0…; outputs the k new parameters then the new state buffers. The
 * segment update travels in the attributes (kernel attributes are passed through untouched).
 */
const FUSED_STEP: JsKernel = {
  name: 'LossLabFusedOptimizerStep',
  outShapes(shapes, attrs) {
    const k = attrs.nParams as number;
    return [...shapes.slice(0, k), ...shapes.slice(2 * k)];
  },
  compute(inputs, outputs, attrs) {
    const k = attrs.nParams as number;
    const update = attrs.update as unknown as SegmentUpdate;
    const state = inputs.slice(2 * k);
    const stateOut = outputs.slice(k);
    let offset = 0;
    for (let i = 0; i < k; i++) {
      const n = inputs[i].length;
      update(inputs[i], inputs[k + i], outputs[i], state, stateOut, offset, n);
      offset += n;
    }
  },
  computeWasm(backend, inputs, outputs, attrs) {
    const simdUpdate = attrs.simdUpdate as unknown as SimdSegmentUpdate | undefined;
    const simd = simdUpdate ? simdFor(backend) : undefined;
    if (!simdUpdate || !simd) return false;
    const k = attrs.nParams as number;
    const update = attrs.update as unknown as SegmentUpdate;
    const at = (t: tf.TensorInfo, elementOffset = 0) => addressOf(backend, t) + 4 * elementOffset;
    const state = inputs.slice(2 * k);
    const stateOut = outputs.slice(k);
    let offset = 0;
    for (let i = 0; i < k; i++) {
      const n = tf.util.sizeFromShape(inputs[i].shape);
      const n4 = n >> 2;
      if (n4 > 0) {
        simdUpdate(simd, { p: at(inputs[i]), g: at(inputs[k + i]), pOut: at(outputs[i]), state: state.map((s) => at(s, offset)), stateOut: stateOut.map((s) => at(s, offset)) }, n4);
      }
      const done = 4 * n4;
      if (done < n) {
        const view = (t: tf.TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;
        update(view(inputs[i]).subarray(done), view(inputs[k + i]).subarray(done), view(outputs[i]).subarray(done), state.map(view), stateOut.map(view), offset + done, n - done);
      }
      offset += n;
    }
    return true;
  },
};

/** True when the optimizer's SIMD loop can run: wasm backend with its memory reachable and SIMD compiled. */
function simdAvailable(): boolean {
  return tf.getBackend() === 'wasm' && simdFor(tf.backend() as BackendWasm) !== undefined;
}

/**
 * Above this many parameters the JS fused step is slower than the tensor ops (the SIMD one, on wasm,
 * has no limit: ~1 ns per element, one pass): its scalar JS loop runs at
 * ~20 ns per element, the WASM element-wise kernels (SIMD) at ~1–2 ns per element and pass, so the
 * ~35 saved dispatches stop paying (measured: 5.6k parameters 0.61 vs 0.73 ms; 204k: 6.2 vs 3.4 ms).
 */
export const FUSED_MAX_PARAMS = 32768;

export function flatOptimizer(rule: FlatRule): Optimizer {
  return {
    initState(params) {
      const n = params.reduce((a, p) => a + p.size, 0);
      return Array.from({ length: rule.nState }, () => tf.zeros([n]));
    },
    step(params, grads, state, lr, t) {
      checkStepInputs(params, grads, state, rule.nState);
      if (params.length === 0) return { params: [], state: state.map((s) => tf.clone(s)) };
      const simd = rule.fusedSimd !== undefined && simdAvailable();
      if (rule.fused && state.length > 0 && (simd || state[0].size <= FUSED_MAX_PARAMS) && jsKernelAvailable([...params, ...grads, ...state])) {
        const update = rule.fused(lr, t);
        const attrs: tf.NamedAttrMap = { nParams: params.length, update: update as unknown as tf.NamedAttrMap[string] };
        if (simd) attrs.simdUpdate = rule.fusedSimd!(lr, t) as unknown as tf.NamedAttrMap[string];
        const out = runJsKernel(FUSED_STEP, [...params, ...grads, ...state], attrs);
        return { params: out.slice(0, params.length), state: out.slice(params.length) };
      }
      const out = rule.update(flatten(params), flatten(grads), state, lr, t);
      return { params: unflatten(out.p, params), state: out.state };
    },
  };
}

/** L2 weight decay added to the gradient, g + wd·p (no ops when wd = 0). */
export function withL2(g: tf.Tensor, p: tf.Tensor, weightDecay: number): tf.Tensor {
  return weightDecay === 0 ? g : tf.add(g, tf.mul(p, weightDecay));
}
