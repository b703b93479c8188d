/**
 * RMSProp, PyTorch convention (not centered; ε outside the root):
 *   g ← g + wd·p;  v ← α·v + (1−α)·g²;  d = g / (√v + ε)
 *   momentum μ > 0: b ← μ·b + d, p ← p − lr·b;  otherwise p ← p − lr·d.
 * α is the config's `decay`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerConfig } from '../../shared/config/types';
import { flatOptimizer, withL2 } from './flat';
import { SQRT_FLOOR, type Optimizer } from './types';

type RmspropConfig = Extract<OptimizerConfig, { type: 'rmsprop' }>;

export function createRmsprop(cfg: RmspropConfig): Optimizer {
  const { decay, momentum, epsilon, weightDecay } = cfg;
  const withMomentum = momentum > 0;
  return flatOptimizer({
    nState: withMomentum ? 2 : 1,
    update(p, g, state, lr) {
      const grad = withL2(g, p, weightDecay);
      const v1 = tf.add(tf.mul(state[0], decay), tf.mul(tf.square(grad), 1 - decay));
      const d = tf.div(grad, tf.add(tf.sqrt(tf.add(v1, SQRT_FLOOR)), epsilon));
      if (!withMomentum) return { p: tf.sub(p, tf.mul(d, lr)), state: [v1] };
      const b1 = tf.add(tf.mul(state[1], momentum), d);
      return { p: tf.sub(p, tf.mul(b1, lr)), state: [v1, b1] };
    },
    fused(lr) {
      return (p, g, pOut, state, stateOut, offset, n) => {
        const [v, b] = state;
        const [vOut, bOut] = stateOut;
        for (let j = 0; j < n; j++) {
          const pj = p[j];
          const grad = g[j] + weightDecay * pj;
          const v1 = decay * v[offset + j] + (1 - decay) * grad * grad;
          vOut[offset + j] = v1;
          const d = grad / (Math.sqrt(v1 + SQRT_FLOOR) + epsilon);
          if (withMomentum) {
            const b1 = momentum * b[offset + j] + d;
            bOut[offset + j] = b1;
            pOut[j] = pj - lr * b1;
          } else {
            pOut[j] = pj - lr * d;
          }
        }
      };
    },
  });
}
