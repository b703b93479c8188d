/** Builds a `LossDefinition` from its per-sample form; the mean form is derived from it. */
import * as tf from '@tensorflow/tfjs-core';
import { checkParamNames } from './params';
import type { LossContext, LossDefinition, LossParamInfo, PerSampleLossFn } from './types';

export interface LossSpec {
  type: string;
  task: 'regression' | 'classification';
  params: readonly LossParamInfo[];
  /** Reads and checks the parameters once, returns the per-sample function. */
  perSample(params: Record<string, unknown>): PerSampleLossFn;
}

function checkInputs(spec: LossSpec, output: tf.Tensor2D, target: tf.Tensor2D, ctx: LossContext): void {
  if (spec.task === 'classification' && ctx.task !== 'classification') {
    throw new Error(`loss '${spec.type}' needs a classification task`);
  }
  if (output.rank !== 2 || target.rank !== 2 || output.shape[0] !== target.shape[0] || output.shape[1] !== target.shape[1]) {
    throw new Error(`loss '${spec.type}': output [${output.shape.join(', ')}] and target [${target.shape.join(', ')}] must have the same [n, k] shape`);
  }
}

export function defineLoss(spec: LossSpec): LossDefinition {
  const createPerSample = (params: Record<string, unknown>): PerSampleLossFn => {
    checkParamNames(spec.type, params, spec.params);
    const fn = spec.perSample(params);
    return (output, target, ctx) => {
      checkInputs(spec, output, target, ctx);
      return fn(output, target, ctx);
    };
  };
  return {
    type: spec.type,
    task: spec.task,
    params: spec.params,
    createPerSample,
    create(params) {
      const perSample = createPerSample(params);
      return (output, target, ctx) => tf.mean(perSample(output, target, ctx));
    },
  };
}
