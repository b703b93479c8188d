/**
 * Dynamical loss functions (Ruiz-Garcia et al., ICML 2021, arXiv 2102.03793). One class c per period
 * of T steps is emphasised: its weight follows a triangle wave, rising linearly from 1 to A over T/2
 * and falling back to 1; the other classes keep weight 1; the weights are renormalised to sum to C;
 * after each period c ← (c + 1) mod C, starting with class 0 at step 0.
 *   CE form:  F = −C · mean(w ⊙ Y ⊙ log_softmax(z)) = −(1/n) Σᵢ w_{yᵢ} log p_{yᵢ}   (one-hot Y)
 *   MSE form: F = (1/n) Σᵢ w_{yᵢ} Σⱼ (softmax(z)ᵢⱼ − Yᵢⱼ)²
 * Both weight each sample by its class's weight; with A = 1 they equal the `ce` and `mse` arms.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LossContext, LossFn } from '../losses';
import { softCrossEntropy, softmax } from '../losses';
import type { MethodEnv, TrainingMethod } from './types';

export interface DynamicalSchedule {
  nClasses: number;
  /** A ≥ 1: the emphasised class's weight at mid-period, before renormalisation. */
  amplitude: number;
  /** T ≥ 2, in steps. */
  period: number;
  /** First step of the final static phase (all weights 1); undefined = oscillate to the end. */
  staticFrom?: number;
}

export type DynamicalForm = 'ce' | 'mse';

/** The emphasised class and the class weights (summing to C) used at training step `step` (0-based). */
export function dynamicalWeights(step: number, s: DynamicalSchedule): { emphasised: number; weights: number[] } {
  const C = s.nClasses;
  const weights = new Array<number>(C).fill(1);
  const q = Math.floor(step / s.period);
  const emphasised = q % C;
  if (s.staticFrom !== undefined && step >= s.staticFrom) return { emphasised, weights };
  const tau = step - q * s.period;
  const peak = 1 + (s.amplitude - 1) * (1 - Math.abs((2 * tau) / s.period - 1));
  weights[emphasised] = peak;
  const sum = C - 1 + peak;
  return { emphasised, weights: weights.map((w) => (w * C) / sum) };
}

/** The default period: ⌊totalSteps / (3C)⌋, at least 2, so that every class is emphasised three times. */
export function defaultDynamicalPeriod(totalSteps: number, nClasses: number): number {
  return Math.max(2, Math.floor(totalSteps / (3 * nClasses)));
}

/** First step of the final static phase: the first period boundary at or after totalSteps − k·T. */
export function staticPhaseStart(totalSteps: number, period: number, finalStaticPeriods: number): number | undefined {
  if (finalStaticPeriods <= 0) return undefined;
  return Math.max(0, Math.ceil((totalSteps - finalStaticPeriods * period) / period) * period);
}

/** The dynamical loss on logits `z` [n, C] and one-hot `y` with class weights `w` (length C). */
export function dynamicalLoss(form: DynamicalForm, z: tf.Tensor2D, y: tf.Tensor2D, w: readonly number[]): tf.Scalar {
  if (w.length !== y.shape[1]) throw new Error(`loss 'dynamical': ${w.length} class weights for ${y.shape[1]} classes`);
  const sampleWeight = tf.sum<tf.Tensor1D>(tf.mul(y, tf.tensor2d([...w], [1, w.length])), 1);
  const perSample = form === 'ce' ? softCrossEntropy(z, y) : tf.sum<tf.Tensor1D>(tf.squaredDifference(softmax(z), y), 1);
  return tf.mean(tf.mul(sampleWeight, perSample));
}

export function readDynamicalSchedule(env: MethodEnv): { form: DynamicalForm; schedule: DynamicalSchedule } {
  const arm = env.arm;
  const C = env.dataset.nClasses;
  if (env.dataset.task !== 'classification') throw new Error(`loss 'dynamical' needs a classification task`);
  const form = (arm.form ?? 'ce') as DynamicalForm;
  if (form !== 'ce' && form !== 'mse') throw new Error(`loss 'dynamical': unknown form '${String(arm.form)}'; valid forms: ce, mse`);
  const amplitude = arm.amplitude === undefined ? 70 : Number(arm.amplitude);
  const period = arm.period === undefined ? defaultDynamicalPeriod(env.totalSteps, C) : Number(arm.period);
  const finalStatic = arm.finalStaticPeriods === undefined ? 0 : Number(arm.finalStaticPeriods);
  if (!(amplitude >= 1)) throw new Error(`loss 'dynamical': amplitude must be ≥ 1, got ${String(arm.amplitude)}`);
  if (!Number.isInteger(period) || period < 2) throw new Error(`loss 'dynamical': period must be an integer ≥ 2, got ${String(arm.period)}`);
  if (!Number.isInteger(finalStatic) || finalStatic < 0) throw new Error(`loss 'dynamical': finalStaticPeriods must be an integer ≥ 0, got ${String(arm.finalStaticPeriods)}`);
  return { form, schedule: { nClasses: C, amplitude, period, staticFrom: staticPhaseStart(env.totalSteps, period, finalStatic) } };
}

export function dynamicalMethod(env: MethodEnv): TrainingMethod {
  const { form, schedule } = readDynamicalSchedule(env);
  const loss: LossFn = (z, y, ctx: LossContext) => dynamicalLoss(form, z, y, dynamicalWeights(ctx.step, schedule).weights);
  let lastStep = 0;
  const weightValues = (): Record<string, number> => {
    const out: Record<string, number> = {};
    dynamicalWeights(lastStep, schedule).weights.forEach((w, j) => (out[`dynamical/w${j}`] = w));
    return out;
  };
  return {
    objectives: ({ x, y, ctx }) => [{ name: 'loss', f: (params) => loss(env.model.forward(params, x), y, ctx) }],
    direction({ params, x, y, ctx }) {
      lastStep = ctx.step;
      const { value, grads } = tf.valueAndGrads((...p: tf.Tensor[]) => loss(env.model.forward(p, x), y, ctx))(params);
      return { value: value as tf.Scalar, grads };
    },
    stepValues: weightValues,
    traces: () => ({ 'dynamical/weights': dynamicalWeights(lastStep, schedule).weights }),
    evalLoss: loss,
    checkpoint: {
      save: () => ({ tensors: {}, values: { lastStep } }),
      load(state) {
        lastStep = Number(state.values.lastStep);
      },
    },
    dispose() {},
  };
}
