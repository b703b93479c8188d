/** The loss contract: per-sample and mean forms over model outputs and targets. */
import type * as tf from '@tensorflow/tfjs-core';

export interface LossContext {
  task: 'classification' | 'regression';
  nClasses: number;
  step: number;
  epoch: number;
}

/**
 * Mean loss over the batch. `output`: model output [n, k] (logits for classification). `target`:
 * one-hot float [n, C] for classification, [n, 1] for regression.
 */
export type LossFn = (output: tf.Tensor2D, target: tf.Tensor2D, ctx: LossContext) => tf.Scalar;

/** One loss value per sample, shape [n]; its mean is the `LossFn` value. */
export type PerSampleLossFn = (output: tf.Tensor2D, target: tf.Tensor2D, ctx: LossContext) => tf.Tensor1D;

export interface LossParamInfo {
  name: string;
  /** Used when the arm does not set the parameter; undefined = off. */
  default: number | undefined;
  description: string;
}

export interface LossDefinition {
  type: string;
  /** The task the loss is designed for; regression losses also accept classification (on softmax probabilities). */
  task: 'regression' | 'classification';
  /** The parameters an arm may set; any other key is an error. */
  params: readonly LossParamInfo[];
  create(params: Record<string, unknown>): LossFn;
  createPerSample(params: Record<string, unknown>): PerSampleLossFn;
}
