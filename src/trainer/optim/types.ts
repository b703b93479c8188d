/** The functional optimizer contract. */
import type * as tf from '@tensorflow/tfjs-core';
import type { SimdFunctions } from '../kernels/simd';

export interface Optimizer {
  /**
   * Zero state tensors for the given parameter shapes. The layout is the optimizer's own (the
   * element-wise rules keep each state buffer as one flat vector over all parameters); callers only
   * pass it back to `step` and dispose it.
   */
  initState(params: tf.Tensor[]): tf.Tensor[];
  /**
   * Functional update. `t` is the 1-based step. Returns new tensors; never mutates or disposes its
   * inputs. Written with differentiable tensor ops, so a meta-learning method can differentiate
   * through `step` with respect to params and grads.
   */
  step(params: tf.Tensor[], grads: tf.Tensor[], state: tf.Tensor[], lr: number, t: number): { params: tf.Tensor[]; state: tf.Tensor[] };
}

/**
 * One update rule on flat vectors: `p` holds all parameters concatenated, `g` their gradients, and
 * each state buffer has the same length.
 */
export interface FlatRule {
  nState: number;
  update(p: tf.Tensor, g: tf.Tensor, state: tf.Tensor[], lr: number, t: number): { p: tf.Tensor; state: tf.Tensor[] };
  /**
   * The same rule on plain arrays, for the fused (one-kernel) step used when no gradient tape is
   * recording: returns the update of one parameter tensor, `n` elements, whose state elements start
   * at `offset` in the flat state buffers. Must compute what `update` computes.
   */
  fused?(lr: number, t: number): SegmentUpdate;
  /**
   * The same rule as an f32x4 loop of kernels/simd.ts on the wasm backend's memory, for the first
   * 4·n4 elements of a segment (the fused step runs `fused` on the tail). Must compute what `fused`
   * computes (in float32).
   */
  fusedSimd?(lr: number, t: number): SimdSegmentUpdate;
}

/** Byte addresses in the wasm memory of one segment's first element: p, g, pOut and each state buffer. */
export interface SegmentAddresses {
  p: number;
  g: number;
  pOut: number;
  state: number[];
  stateOut: number[];
}

export type SimdSegmentUpdate = (simd: SimdFunctions, at: SegmentAddresses, n4: number) => void;

/** Writes pOut[j] and stateOut[k][offset + j] for j < n from p, g and state (no aliasing). */
export type SegmentUpdate = (p: Float32Array, g: Float32Array, pOut: Float32Array, state: Float32Array[], stateOut: Float32Array[], offset: number, n: number) => void;

/**
 * Added under square roots of second-moment estimates: d√v/dv is infinite at v = 0, which would turn
 * a meta-gradient through the step into NaN (∞·0) for any parameter whose gradient is exactly zero.
 * It changes √v by at most 1e-15, far below ε.
 */
export const SQRT_FLOOR = 1e-30;
