/**
 * Max, Min, Softmax and LogSoftmax gradients recomputed from the op's input (see
 * elementwise-gradients.ts for why saved outputs break second-order derivatives). Max and Min keep
 * stock semantics: every element tied with the extremum receives the full upstream gradient.
 */
import * as tf from '@tensorflow/tfjs-core';

function extremumGradient(kernelName: string, axisAttr: string, reduce: typeof tf.max): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      const axes = tf.util.parseAxisParam(attrs[axisAttr] as number | number[], x.shape);
      return {
        x: () => {
          const y = reduce(x, axes, true);
          const g = tf.reshape(dy as tf.Tensor, y.shape);
          return tf.mul(g, tf.cast(tf.equal(x, y), 'float32'));
        },
      };
    },
  };
}

const softmaxGradient: tf.GradConfig = {
  kernelName: tf.Softmax,
  inputsToSave: ['logits'],
  gradFunc: (dy, saved, attrs) => {
    const [logits] = saved;
    const dim = attrs.dim as number;
    return {
      logits: () => {
        const y = tf.softmax(logits, dim);
        const yDy = tf.mul(y, dy as tf.Tensor);
        return tf.sub(yDy, tf.mul(tf.sum(yDy, dim, true), y));
      },
    };
  },
};

const logSoftmaxGradient: tf.GradConfig = {
  kernelName: tf.LogSoftmax,
  inputsToSave: ['logits'],
  gradFunc: (dy, saved, attrs) => {
    const [logits] = saved;
    const axis = attrs.axis as number;
    const g = dy as tf.Tensor;
    return { logits: () => tf.sub(g, tf.mul(tf.sum(g, axis, true), tf.softmax(logits, axis))) };
  },
};

export const REDUCTION_GRADIENT_KERNELS: readonly string[] = [tf.Max, tf.Min, tf.Softmax, tf.LogSoftmax];

export function registerReductionGradients(): void {
  tf.registerGradient(extremumGradient(tf.Max, 'reductionIndices', tf.max));
  tf.registerGradient(extremumGradient(tf.Min, 'axis', tf.min));
  tf.registerGradient(softmaxGradient);
  tf.registerGradient(logSoftmaxGradient);
}
