/**
 * Activation functions by name. Each is one tfjs op with a defined gradient, except GELU, which is
 * written from elementary differentiable ops. Second-order correctness of tanh, sigmoid, softplus,
 * elu, gelu (Exp inside Erf's gradient) and leakyRelu (a comparison inside its gradient) relies on the
 * gradient fixes registered by the backend module.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../../shared/config/types';
import { ACTIVATIONS, unknownNameMessage } from '../../shared/names';

export type ActivationFn = (x: tf.Tensor) => tf.Tensor;

/** Slope of leakyRelu for negative inputs. */
export const LEAKY_RELU_SLOPE = 0.01;

/**
 * GELU, exact form x·Φ(x) = x·(0.5 + 0.5·erf(x/√2)) (PyTorch's default `approximate='none'`). Chosen
 * over the tanh approximation because it needs fewer ops (5 against 9) for the same smoothness.
 */
function gelu(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.add(tf.mul(tf.erf(tf.mul(x, Math.SQRT1_2)), 0.5), 0.5));
}

const ACTIVATION_FNS: Record<Activation, ActivationFn> = {
  relu: (x) => tf.relu(x),
  tanh: (x) => tf.tanh(x),
  sigmoid: (x) => tf.sigmoid(x),
  softplus: (x) => tf.softplus(x),
  elu: (x) => tf.elu(x),
  gelu,
  leakyRelu: (x) => tf.leakyRelu(x, LEAKY_RELU_SLOPE),
};

/** Activations for which `init: 'auto'` picks He initialisation (Glorot for the others). */
export const RELU_LIKE: ReadonlySet<Activation> = new Set<Activation>(['relu', 'leakyRelu', 'elu', 'gelu', 'softplus']);

export function activationFn(name: string): ActivationFn {
  if (!Object.prototype.hasOwnProperty.call(ACTIVATION_FNS, name)) {
    throw new Error(unknownNameMessage('activation', name, ACTIVATIONS));
  }
  return ACTIVATION_FNS[name as Activation];
}

/** The activation names the table implements (for the test that it matches `ACTIVATIONS`). */
export const IMPLEMENTED_ACTIVATIONS: readonly string[] = Object.keys(ACTIVATION_FNS);
