/**
 * Plain SGD (per tensor: it has no state, so flattening would only add ops) and SGD with momentum,
 * PyTorch conventions: g ← g + wd·p; v ← μv + g; update g + μv (Nesterov) or v; p ← p − lr·update.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerConfig } from '../../shared/config/types';
import { checkStepInputs, flatOptimizer, withL2 } from './flat';
import type { FlatRule, Optimizer } from './types';

type SgdConfig = Extract<OptimizerConfig, { type: 'sgd' }>;
type MomentumConfig = Extract<OptimizerConfig, { type: 'momentum' }>;

export function createSgd(cfg: SgdConfig): Optimizer {
  return {
    initState: () => [],
    step(params, grads, state, lr) {
      checkStepInputs(params, grads, state, 0);
      return { params: params.map((p, i) => tf.sub(p, tf.mul(withL2(grads[i], p, cfg.weightDecay), lr))), state: [] };
    },
  };
}

export function createMomentum(cfg: MomentumConfig): Optimizer {
  const mu = cfg.momentum;
  const rule: FlatRule = {
    nState: 1,
    update(p, g, [v], lr) {
      const grad = withL2(g, p, cfg.weightDecay);
      const v1 = tf.add(tf.mul(v, mu), grad);
      const direction = cfg.nesterov ? tf.add(grad, tf.mul(v1, mu)) : v1;
      return { p: tf.sub(p, tf.mul(direction, lr)), state: [v1] };
    },
    fused(lr) {
      const { weightDecay, nesterov } = cfg;
      return (p, g, pOut, [v], [vOut], offset, n) => {
        for (let j = 0; j < n; j++) {
          const pj = p[j];
          const grad = g[j] + weightDecay * pj;
          const v1 = mu * v[offset + j] + grad;
          vOut[offset + j] = v1;
          pOut[j] = pj - lr * (nesterov ? grad + mu * v1 : v1);
        }
      };
    },
  };
  return flatOptimizer(rule);
}
