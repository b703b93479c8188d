/**
 * Second-order autodiff helpers built on nested `tf.grads` (double backprop). They are pure: the
 * results are new tensors, intermediates are freed, and they work inside an outer `tf.grad`/`tf.tidy`
 * (so a loss may contain an input-gradient penalty and still be differentiated). Correct results need
 * the gradients registered by `installSecondOrderGradients` (called by `initBackend`).
 */
import * as tf from '@tensorflow/tfjs-core';

/** Σᵢ ⟨aᵢ, bᵢ⟩ over matching lists of tensors. */
export function dotAll(a: readonly tf.Tensor[], b: readonly tf.Tensor[]): tf.Scalar {
  if (a.length !== b.length) throw new Error(`dotAll: ${a.length} tensors against ${b.length}`);
  return tf.tidy(() => tf.addN(a.map((t, i) => tf.sum(tf.mul(t, b[i])))) as tf.Scalar);
}

/**
 * H·v, the Hessian of the scalar f at `params` times the direction `v` (one tensor per parameter,
 * same shapes), as grad_θ ⟨∇_θ f(θ), v⟩: about the cost of two gradient evaluations.
 */
export function hessianVectorProduct(f: (params: tf.Tensor[]) => tf.Scalar, params: readonly tf.Tensor[], v: readonly tf.Tensor[]): tf.Tensor[] {
  if (params.length !== v.length) throw new Error(`hessianVectorProduct: ${params.length} parameters but ${v.length} direction tensors`);
  return tf.tidy(() =>
    tf.grads((...p: tf.Tensor[]) => dotAll(tf.grads((...q: tf.Tensor[]) => f(q))(p), v))([...params]),
  );
}

/**
 * ∇ₓ Σₙ fₙ(x): for a function giving one value per sample (rows independent, e.g. a model's output
 * for the true class) this is each sample's input gradient, [n, features]. Differentiable again.
 */
export function inputGradient<T extends tf.Tensor>(forwardScalarPerSample: (x: T) => tf.Tensor, x: T): T {
  return tf.grad((xx: tf.Tensor) => tf.sum(forwardScalarPerSample(xx as T)))(x) as T;
}
