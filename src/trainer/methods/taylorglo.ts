/** The `taylorglo` arm: trains on a fixed TaylorGLO parameter vector (see taylorglo-loss.ts). */
import * as tf from '@tensorflow/tfjs-core';
import { checkTaylorgloParams } from '../../shared/methods/taylorglo-invariant';
import type { LossFn } from '../losses';
import { taylorgloLogitLoss, taylorgloLossShape } from './taylorglo-loss';
import type { MethodEnv, TrainingMethod } from './types';

export function taylorgloMethod(env: MethodEnv): TrainingMethod {
  if (env.dataset.task !== 'classification') throw new Error(`loss 'taylorglo' needs a classification task`);
  const raw = env.arm.params;
  if (!Array.isArray(raw)) throw new Error(`loss 'taylorglo': 'params' must be an array of 8 numbers`);
  try {
    checkTaylorgloParams(raw);
  } catch (e) {
    throw new Error(`loss 'taylorglo': ${(e as Error).message}`);
  }
  const p = [...raw];
  const loss: LossFn = (z, y) => taylorgloLogitLoss(p, z, y);
  const shape = taylorgloLossShape(p);
  return {
    objectives: ({ x, y, ctx }) => [{ name: 'loss', f: (params) => loss(env.model.forward(params, x), y, ctx) }],
    direction({ params, x, y, ctx }) {
      const { value, grads } = tf.valueAndGrads((...q: tf.Tensor[]) => loss(env.model.forward(q, x), y, ctx))(params);
      return { value: value as tf.Scalar, grads };
    },
    traces: () => shape,
    evalLoss: loss,
    dispose() {},
  };
}
