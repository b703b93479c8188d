/**
 * Gradients for the backward ops of pooling and convolution, which stock tfjs leaves undefined, so
 * that double backprop (input-gradient penalties, Hessian-vector products) works through CNNs built
 * with `tf.maxPool`, `tf.avgPool` and `tf.conv2d`. Each backward op is linear in its upstream
 * gradient, so its own gradient is the adjoint map; the derivative with respect to the pooled input
 * (fixed argmax / averaging pattern) is zero almost everywhere.
 */
import * as tf from '@tensorflow/tfjs-core';

type Pad = 'valid' | 'same' | number;

/** MaxPoolGrad(dy, input, output): adjoint in dy = gather of the upstream gradient at each window's argmax. */
const maxPoolGradGradient: tf.GradConfig = {
  kernelName: tf.MaxPoolGrad,
  inputsToSave: ['dy', 'input', 'output'],
  gradFunc: (ddx, saved, attrs) => {
    const [dy, input, output] = saved;
    const a = attrs as unknown as tf.MaxPoolGradAttrs;
    return {
      dy: () => {
        if (typeof a.pad === 'object' || a.dimRoundingMode != null) {
          throw new Error('second-order gradients of maxPool support only valid, same or numeric padding without dimRoundingMode');
        }
        const { indexes } = tf.maxPoolWithArgmax(input as tf.Tensor4D, a.filterSize, a.strides, a.pad as Pad, true);
        return tf.reshape(tf.gather(tf.reshape(ddx as tf.Tensor, [-1]), tf.reshape(indexes, [-1])), dy.shape);
      },
      input: () => tf.zeros(input.shape),
      output: () => tf.zeros(output.shape),
    };
  },
};

/** AvgPoolGrad(dy, input): adjoint in dy = the average pool of the upstream gradient. */
const avgPoolGradGradient: tf.GradConfig = {
  kernelName: tf.AvgPoolGrad,
  inputsToSave: ['input'],
  gradFunc: (ddx, saved, attrs) => {
    const [input] = saved;
    const a = attrs as unknown as tf.AvgPoolGradAttrs;
    return {
      dy: () => tf.avgPool(ddx as tf.Tensor4D, a.filterSize, a.strides, a.pad as Pad),
      input: () => tf.zeros(input.shape),
    };
  },
};

/**
 * Conv2DBackpropFilter(x, dy) = dW is bilinear; with ⟨ddW, dW⟩ = ⟨dy, conv2d(x, ddW)⟩ its gradient
 * is conv2d(x, ddW) for dy and the input-backprop of that convolution for x.
 */
const conv2dBackpropFilterGradient: tf.GradConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  inputsToSave: ['x', 'dy'],
  gradFunc: (ddw, saved, attrs) => {
    const [x, dy] = saved;
    const { strides, pad, dataFormat, dimRoundingMode } = attrs;
    const convAttrs: tf.NamedAttrMap = { strides, pad, dataFormat };
    if (dimRoundingMode != null) convAttrs.dimRoundingMode = dimRoundingMode;
    return {
      x: () => tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter: ddw as tf.Tensor }, { ...convAttrs, inputShape: x.shape }),
      dy: () => tf.engine().runKernel(tf.Conv2D, { x, filter: ddw as tf.Tensor }, { ...convAttrs, dilations: [1, 1] }),
    };
  },
};

export const POOL_CONV_GRADIENT_KERNELS: readonly string[] = [tf.MaxPoolGrad, tf.AvgPoolGrad, tf.Conv2DBackpropFilter];

export function registerPoolConvGradients(): void {
  tf.registerGradient(maxPoolGradGradient);
  tf.registerGradient(avgPoolGradGradient);
  tf.registerGradient(conv2dBackpropFilterGradient);
}
