/**
 * Adam (Kingma & Ba, bias-corrected, PyTorch form with L2 weight decay added to the gradient) and
 * AdamW (decoupled: p ← p·(1 − lr·wd) in the same step, as PyTorch):
 *   m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²
 *   p ← p − (lr / (1−β1^t)) · m / (√(v / (1−β2^t)) + ε)
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerConfig } from '../../shared/config/types';
import { flatOptimizer, withL2 } from './flat';
import { SQRT_FLOOR, type Optimizer } from './types';

type AdamConfig = Extract<OptimizerConfig, { type: 'adam' | 'adamw' }>;

export function createAdam(cfg: AdamConfig): Optimizer {
  const { beta1, beta2, epsilon, weightDecay } = cfg;
  const decoupled = cfg.type === 'adamw';
  const checkStep = (t: number): void => {
    if (!Number.isInteger(t) || t < 1) throw new Error(`adam step t must be a positive integer (1-based), got ${t}`);
  };
  /** The per-step scalars of the fused (JS and SIMD) updates. */
  const coefficients = (lr: number, t: number) => {
    checkStep(t);
    return { step: lr / (1 - beta1 ** t), invBc2: 1 / (1 - beta2 ** t), l2: decoupled ? 0 : weightDecay, shrink: decoupled ? 1 - lr * weightDecay : 1 };
  };
  return flatOptimizer({
    nState: 2,
    update(p, g, [m, v], lr, t) {
      checkStep(t);
      const grad = decoupled ? g : withL2(g, p, weightDecay);
      const m1 = tf.add(tf.mul(m, beta1), tf.mul(grad, 1 - beta1));
      const v1 = tf.add(tf.mul(v, beta2), tf.mul(tf.square(grad), 1 - beta2));
      const bc1 = 1 - beta1 ** t;
      const bc2 = 1 - beta2 ** t;
      const denom = tf.add(tf.sqrt(tf.add(tf.mul(v1, 1 / bc2), SQRT_FLOOR)), epsilon);
      const base = decoupled && weightDecay !== 0 ? tf.mul(p, 1 - lr * weightDecay) : p;
      return { p: tf.sub(base, tf.div(tf.mul(m1, lr / bc1), denom)), state: [m1, v1] };
    },
    fused(lr, t) {
      const { step, invBc2, l2, shrink } = coefficients(lr, t);
      return (p, g, pOut, [m, v], [mOut, vOut], offset, n) => {
        for (let j = 0; j < n; j++) {
          const pj = p[j];
          const grad = g[j] + l2 * pj;
          const m1 = beta1 * m[offset + j] + (1 - beta1) * grad;
          const v1 = beta2 * v[offset + j] + (1 - beta2) * grad * grad;
          mOut[offset + j] = m1;
          vOut[offset + j] = v1;
          pOut[j] = pj * shrink - (m1 * step) / (Math.sqrt(v1 * invBc2 + SQRT_FLOOR) + epsilon);
        }
      };
    },
    fusedSimd(lr, t) {
      const { step, invBc2, l2, shrink } = coefficients(lr, t);
      return (simd, at, n4) =>
        simd.adam(at.p, at.g, at.state[0], at.state[1], at.pOut, at.stateOut[0], at.stateOut[1], n4, beta1, 1 - beta1, beta2, 1 - beta2, step, invBc2, epsilon, l2, shrink, SQRT_FLOOR);
    },
  });
}
