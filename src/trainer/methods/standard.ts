/** Standard losses: the update direction is the gradient of the loss. */
import * as tf from '@tensorflow/tfjs-core';
import type { LossFn } from '../losses';
import type { Model } from '../models';
import type { StepInput, TrainingMethod } from './types';

export function gradientOf(model: Model, loss: LossFn, { params, x, y, ctx }: StepInput): { value: tf.Scalar; grads: tf.Tensor[] } {
  const { value, grads } = tf.valueAndGrads((...p: tf.Tensor[]) => loss(model.forward(p, x), y, ctx))(params);
  return { value: value as tf.Scalar, grads };
}

export function standardMethod(model: Model, loss: LossFn): TrainingMethod {
  return {
    objectives: ({ x, y, ctx }) => [{ name: 'loss', f: (params) => loss(model.forward(params, x), y, ctx) }],
    direction: (input) => gradientOf(model, loss, input),
    evalLoss: loss,
    dispose() {},
  };
}
