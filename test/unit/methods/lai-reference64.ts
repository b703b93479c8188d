// An independent float64 reference for the method tests (Lai, dynamical, TaylorGLO): a one-hidden-
// layer MLP in plain JS with its input gradient written out by the chain rule, softmax, and central
// finite differences over the parameters. Nothing here uses tfjs, so agreement with the autodiff
// results checks the tfjs code (including its second-order terms) from outside.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../../../src/trainer/data';
import type { LossContext } from '../../../src/trainer/losses';
import type { MethodEnv } from '../../../src/trainer/methods';
import { buildModel, type Model } from '../../../src/trainer/models';
import { createOptimizer } from '../../../src/trainer/optim';
import { Rng } from '../../../src/shared/rng';

export type Act = 'relu' | 'tanh';

/** [W1 (in×h, row-major), b1, W2 (h×out), b2] as in the functional MLP's `specs`. */
export type Params64 = number[][];

export interface Mlp64 {
  nIn: number;
  nHidden: number;
  nOut: number;
  act: Act;
}

const ACT: Record<Act, { f: (z: number) => number; d: (z: number) => number }> = {
  relu: { f: (z) => Math.max(0, z), d: (z) => (z > 0 ? 1 : 0) },
  tanh: { f: Math.tanh, d: (z) => 1 - Math.tanh(z) ** 2 },
};

/** Smallest |pre-activation| seen by `forward64` since the last reset (the relu kink margin). */
export const kink = { minAbsZ: Infinity };

/** Outputs o [nOut], the hidden pre-activations z [h], and ∂o_j/∂x as rows [nOut][nIn]. */
export function forward64(p: Params64, m: Mlp64, x: number[]): { o: number[]; dodx: number[][] } {
  const [W1, b1, W2, b2] = p;
  const z = b1.map((b, j) => b + x.reduce((s, xi, i) => s + xi * W1[i * m.nHidden + j], 0));
  for (const v of z) kink.minAbsZ = Math.min(kink.minAbsZ, Math.abs(v));
  const h = z.map(ACT[m.act].f);
  const dh = z.map(ACT[m.act].d);
  const o = b2.map((b, k) => b + h.reduce((s, hj, j) => s + hj * W2[j * m.nOut + k], 0));
  const dodx = b2.map((_, k) => x.map((_, i) => dh.reduce((s, d, j) => s + W1[i * m.nHidden + j] * d * W2[j * m.nOut + k], 0)));
  return { o, dodx };
}

export function softmax64(o: number[]): number[] {
  const mx = Math.max(...o);
  const e = o.map((v) => Math.exp(v - mx));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** Central-difference gradient of f over every parameter component. */
export function fdGradient(f: (p: Params64) => number, p: Params64, h = 1e-5): number[] {
  const out: number[] = [];
  p.forEach((a, i) =>
    a.forEach((_, j) => {
      const plus = p.map((b) => [...b]);
      const minus = p.map((b) => [...b]);
      plus[i][j] += h;
      minus[i][j] -= h;
      out.push((f(plus) - f(minus)) / (2 * h));
    }),
  );
  return out;
}

/** Deterministic float32-representable values in [-scale, scale). */
export function values(n: number, seed: number, scale = 1): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => Math.fround(rng.uniform(-scale, scale)));
}

/** Random parameters of the MLP, float32-representable, as float64 arrays. */
export function params64(m: Mlp64, seed: number, scale = 0.8): Params64 {
  return [values(m.nIn * m.nHidden, seed, scale), values(m.nHidden, seed + 1, scale), values(m.nHidden * m.nOut, seed + 2, scale), values(m.nOut, seed + 3, scale)];
}

export function toTensors(p: Params64, m: Mlp64): tf.Tensor[] {
  return [tf.tensor2d(p[0], [m.nIn, m.nHidden]), tf.tensor1d(p[1]), tf.tensor2d(p[2], [m.nHidden, m.nOut]), tf.tensor1d(p[3])];
}

export function mlpModel(m: Mlp64): Model {
  return buildModel({ type: 'mlp', hidden: [m.nHidden], activation: m.act, init: 'auto' }, { nFeatures: m.nIn, nOutputs: m.nOut });
}

/** ‖a − b‖ / ‖b‖. */
export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length, 'length mismatch');
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num) / Math.max(Math.sqrt(den), 1e-300);
}

/** Reads tensors (flattened, concatenated) and disposes them. */
export function take(ts: tf.Tensor | tf.Tensor[]): number[] {
  const list = Array.isArray(ts) ? ts : [ts];
  const out = list.flatMap((t) => Array.from(t.dataSync()));
  tf.dispose(list);
  return out;
}

/** A minimal method environment over a model and a fake dataset (only what the methods read). */
export function methodEnv(arm: MethodEnv['arm'], model: Model, ds: Partial<Dataset> & { task: Dataset['task']; nFeatures: number; nClasses: number }, totalSteps = 100): MethodEnv {
  const dataset = { name: 'test', featureNames: Array.from({ length: ds.nFeatures }, (_, j) => `x${j + 1}`), info: [], ...ds } as Dataset;
  const empty = tf.zeros([1, 1]) as tf.Tensor2D;
  return {
    config: {} as MethodEnv['config'],
    arm,
    model,
    optimizer: createOptimizer({ type: 'sgd', lr: 0.1, weightDecay: 0 }),
    dataset,
    rng: new Rng(7),
    train: { x: empty, y: empty },
    totalSteps,
    stepsPerEpoch: 10,
  };
}

export function ctxOf(task: LossContext['task'], nClasses: number, step = 0, epoch = 0): LossContext {
  return { task, nClasses, step, epoch };
}
