/**
 * Gradients of elementwise ops recomputed from the op's input instead of its saved output. A saved
 * output is cloned onto the tape before the op's own node, so a second differentiation cannot reach
 * it from the op's input: stock tfjs then drops those terms silently (or throws when nothing else
 * connects). Recomputing costs one elementwise op in the backward pass.
 */
import * as tf from '@tensorflow/tfjs-core';

const SELU_SCALE = 1.0507009873554805;
const SELU_SCALE_ALPHA = 1.7580993408473768;

function unary(kernelName: string, derivative: (x: tf.Tensor) => tf.Tensor): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => tf.mul(dy as tf.Tensor, derivative(saved[0])) }),
  };
}

/** exp(min(x, 0)): 1 for x ≥ 0, eˣ below (and never overflows in an unselected branch). */
const expOfNegativePart = (x: tf.Tensor): tf.Tensor => tf.exp(tf.minimum(x, 0));

/** Sums a broadcast gradient back to `shape`. */
function reduceTo(g: tf.Tensor, shape: number[]): tf.Tensor {
  const axes = tf.broadcast_util.getReductionAxes(shape, g.shape);
  return tf.reshape(axes.length > 0 ? tf.sum(g, axes) : g, shape);
}

const powGradient: tf.GradConfig = {
  kernelName: tf.Pow,
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved) => {
    const [a, b] = saved;
    const g = dy as tf.Tensor;
    return {
      a: () => reduceTo(tf.mul(g, tf.mul(b, tf.pow(a, tf.sub(b, 1)))), a.shape),
      b: () => {
        const positive = tf.greater(a, 0);
        const logA = tf.where(positive, tf.log(tf.where(positive, a, tf.onesLike(a))), tf.zerosLike(a));
        return reduceTo(tf.mul(g, tf.mul(tf.pow(a, b), logA)), b.shape);
      },
    };
  },
};

export const ELEMENTWISE_GRADIENT_KERNELS: readonly string[] = [tf.Tanh, tf.Sigmoid, tf.Exp, tf.Elu, tf.Selu, tf.Pow];

export function registerElementwiseGradients(): void {
  tf.registerGradient(unary(tf.Tanh, (x) => tf.sub(1, tf.square(tf.tanh(x)))));
  tf.registerGradient(
    unary(tf.Sigmoid, (x) => {
      const s = tf.sigmoid(x);
      return tf.mul(s, tf.sub(1, s));
    }),
  );
  tf.registerGradient(unary(tf.Exp, (x) => tf.exp(x)));
  tf.registerGradient(unary(tf.Elu, expOfNegativePart));
  tf.registerGradient(unary(tf.Selu, (x) => tf.where(tf.greater(x, 0), tf.fill(x.shape, SELU_SCALE), tf.mul(expOfNegativePart(x), SELU_SCALE_ALPHA))));
  tf.registerGradient(powGradient);
}
