/**
 * Makes tfjs gradients differentiable again, on every backend (gradient registrations are global).
 * Stock tfjs 4.22.0 gets second-order derivatives silently wrong through Tanh, Sigmoid, Exp, Elu,
 * Softmax, Max, … (gradients that reuse the op's saved output) and throws through comparisons and the
 * backward ops of pooling and convolution. Ops implemented with `tf.customGrad` inside tfjs-core
 * (`tf.logSoftmax`, `tf.losses.softmaxCrossEntropy`, `tf.fused.*`) cannot be fixed by registration:
 * write cross-entropy on logits as logSumExp(z) − Σ y·z and use plain matMul + add.
 */
// The stock gradients (tfjs-core's node entry registers none); these registrations override some.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { ELEMENTWISE_GRADIENT_KERNELS, registerElementwiseGradients } from './elementwise-gradients';
import { POOL_CONV_GRADIENT_KERNELS, registerPoolConvGradients } from './pool-conv-gradients';
import { REDUCTION_GRADIENT_KERNELS, registerReductionGradients } from './reduction-gradients';
import { ZERO_GRADIENT_KERNELS, registerZeroGradients } from './zero-gradients';

/** Every kernel whose gradient `installSecondOrderGradients` registers. */
export const SECOND_ORDER_GRADIENT_KERNELS: readonly string[] = [
  ...ELEMENTWISE_GRADIENT_KERNELS,
  ...REDUCTION_GRADIENT_KERNELS,
  ...POOL_CONV_GRADIENT_KERNELS,
  ...ZERO_GRADIENT_KERNELS,
];

let installed = false;

/** Registers the gradients once per process; later calls do nothing. */
export function installSecondOrderGradients(): void {
  if (installed) return;
  installed = true;
  registerElementwiseGradients();
  registerReductionGradients();
  registerPoolConvGradients();
  registerZeroGradients();
}
