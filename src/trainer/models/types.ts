/** The functional model contract: a parameter list described by specs, and a pure forward pass over it. */
import type * as tf from '@tensorflow/tfjs-core';
import type { Rng } from '../../shared/rng';

export interface ParamSpec {
  /** `<layer>.weight` or `<layer>.bias`. */
  name: string;
  /** `dense0`, `dense1`, …, `conv0`, …, `out`: the key of per-layer gradient norms. */
  layer: string;
  shape: number[];
  kind: 'weight' | 'bias';
}

export interface Model {
  specs: ParamSpec[];
  /**
   * Seeded initial values as plain float32 arrays, in `specs` order (identical on every backend and
   * process for a seed). Each weight draws from its own fork of `rng` named after the parameter.
   */
  init(rng: Rng): Float32Array[];
  /**
   * Pure function of explicit parameter tensors (in `specs` order). x: [n, nFeatures]. Returns
   * [n, nOutputs]: logits for classification, the prediction for regression.
   */
  forward(params: tf.Tensor[], x: tf.Tensor2D): tf.Tensor2D;
  nOutputs: number;
}

export interface ModelShape {
  nFeatures: number;
  nOutputs: number;
  /** [height, width, channels] of an image row, required by the CNN. */
  imageShape?: [number, number, number];
}
