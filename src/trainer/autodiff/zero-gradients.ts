/**
 * Zero gradients for piecewise-constant ops. Many gradient functions contain a comparison (Relu6,
 * LeakyRelu, Prelu, Selu, Maximum, Minimum, ClipByValue, Max, …); once such a gradient is itself
 * differentiated the comparison lies on the path and stock tfjs throws "gradient function not found".
 * Their true derivative is zero almost everywhere.
 */
import * as tf from '@tensorflow/tfjs-core';

const BINARY = [tf.Greater, tf.Less, tf.LessEqual, tf.Equal, tf.NotEqual, tf.LogicalAnd, tf.LogicalOr, tf.LogicalXor];
const UNARY = [tf.LogicalNot];

function zeroGradient(kernelName: string, inputNames: string[]): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: inputNames,
    gradFunc: (_dy, saved) => Object.fromEntries(inputNames.map((name, i) => [name, () => tf.zeros(saved[i].shape)])),
  };
}

/** The kernels given zero gradients here. */
export const ZERO_GRADIENT_KERNELS: readonly string[] = [...BINARY, ...UNARY];

export function registerZeroGradients(): void {
  for (const k of BINARY) tf.registerGradient(zeroGradient(k, ['a', 'b']));
  for (const k of UNARY) tf.registerGradient(zeroGradient(k, ['x']));
}
