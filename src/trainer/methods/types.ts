/**
 * A training method: how an arm turns a batch into a loss value and an update direction. Standard
 * losses differentiate their loss; research methods (gradient surgery, meta-learned losses, losses
 * that depend on input gradients) supply their own direction and may keep state across steps.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { ExperimentConfig, LossArmConfig } from '../../shared/config/types';
import type { Dataset } from '../data';
import type { LossContext, LossFn } from '../losses';
import type { Model } from '../models';
import type { Optimizer } from '../optim';
import type { Rng } from '../../shared/rng';

export interface StepInput {
  params: tf.Tensor[];
  x: tf.Tensor2D;
  y: tf.Tensor2D;
  ctx: LossContext;
}

export interface MethodEnv {
  config: ExperimentConfig;
  arm: LossArmConfig;
  model: Model;
  optimizer: Optimizer;
  dataset: Dataset;
  /** A stream of the job's seed reserved for the method. */
  rng: Rng;
  /** Training set as tensors, for methods that pre-train on it (e.g. an offline phase). */
  train: { x: tf.Tensor2D; y: tf.Tensor2D };
  totalSteps: number;
  stepsPerEpoch: number;
  /** Trusted workspace: user-written loss modules may be loaded (false when unset). */
  allowUserCode?: boolean;
}

/** What a method carries from step to step, for a checkpoint: tensors (float32) and plain JSON values. */
export interface MethodState {
  tensors: Record<string, { shape: number[]; data: Float32Array }>;
  values: Record<string, unknown>;
}

/** A differentiable scalar objective of the parameters on one batch (for gradcheck). */
export interface Objective {
  name: string;
  f(params: tf.Tensor[]): tf.Scalar;
}

export interface TrainingMethod {
  /**
   * The objectives whose gradients make up `direction` on this batch: one for methods that follow a
   * gradient (including terms through input gradients), two for gradient surgery (main and auxiliary).
   */
  objectives(input: Omit<StepInput, 'params'>): Objective[];
  /** Loss value for the train curve and the update direction. Called inside a tidy. */
  direction(input: StepInput): { value: tf.Scalar; grads: tf.Tensor[] };
  /** After the base update (e.g. a meta-update through the unrolled step). Called inside a tidy. */
  afterStep?(input: StepInput, newParams: tf.Tensor[], lr: number): void;
  /** Scalars added to the step's train record (e.g. current class weights as values). */
  stepValues?(): Record<string, number>;
  /** Vector traces recorded as a `trace` record at evaluations (e.g. the learned loss shape). */
  traces?(): Record<string, number[]> | undefined;
  /** The loss reported as `val/loss`. */
  evalLoss: LossFn;
  /**
   * Saves and restores what the method carries across steps (its random streams are saved with the
   * job's). Omitted by methods that carry nothing else.
   */
  checkpoint?: { save(): MethodState; load(state: MethodState): void };
  /** Set when the method's state cannot be saved (a user-written loss): its jobs resume from scratch, and this says why. */
  unsavedState?: string;
  /** Frees tensors the method keeps across steps. */
  dispose(): void;
}
