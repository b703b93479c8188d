/**
 * `loss-lab gradcheck`: for each arm, the autodiff gradient of each of its objectives
 * (`method.objectives`) on a small batch of the configured data and model, against directional
 * finite differences (see directional.ts). The parameters are the seed's initial weights, optionally
 * perturbed (so zero-initialised biases and symmetric starts do not hide errors); the batch is drawn
 * from the training split with the seed. Objectives are built at one training step (`ctx`), by
 * default the middle of training, where warm-ups have ended and schedules are active.
 * The report is plain data: parameters, batch and gradients as nested arrays, so another framework
 * can recompute them.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ExperimentConfig } from '../../shared/config/types';
import { trainingPlan } from '../job/plan';
import type { PreparedData } from '../job/prepared-data';
import type { LossContext } from '../losses';
import { createMethod, type TrainingMethod } from '../methods';
import { buildModel } from '../models';
import { createOptimizer } from '../optim';
import { Rng } from '../../shared/rng';
import { checkObjective, DIRECTIONAL_DEFAULTS, type ObjectiveCheck } from './directional';

export interface GradcheckOptions {
  /** Arms to check (all when unset). */
  arms?: string[];
  /** Batch rows (default 8). */
  rows?: number;
  /** Training step the objectives are built at (default: the middle of training). */
  step?: number;
  /** Relative Gaussian perturbation of the initial parameters (default 0.1; 0 = exact initial weights). */
  perturb?: number;
  tolerance?: number;
  /** Relative finite-difference step (default 1e-2). */
  fdStep?: number;
  randomDirections?: number;
  /** Trusted: user-written loss modules may be loaded. */
  allowUserCode?: boolean;
}

export const GRADCHECK_DEFAULTS = { rows: 8, perturb: 0.1 } as const;

export interface ArmGradcheck {
  arm: string;
  type: string;
  pass: boolean;
  /** Set when the arm's method could not be built or its objective failed to evaluate. */
  error?: string;
  objectives: ObjectiveCheck[];
}

export interface GradcheckReport {
  name: string;
  task: 'classification' | 'regression';
  seed: number;
  step: number;
  epoch: number;
  rows: number;
  perturb: number;
  tolerance: number;
  method: string;
  /** Model parameters in `specs` order: name, shape, values as nested arrays. */
  params: { name: string; shape: number[]; values: unknown }[];
  /** The batch as the model sees it (standardized features; one-hot targets for classification). */
  batch: { x: number[][]; y: number[][] };
  arms: ArmGradcheck[];
  pass: boolean;
}

/** Seeded initial weights, each tensor moved by perturb·max(rms, 0.1)·N(0, 1). */
function startingParams(values: Float32Array[], perturb: number, rng: Rng): Float32Array[] {
  if (perturb === 0) return values;
  return values.map((v, k) => {
    const r = rng.fork(`perturb${k}`);
    let ss = 0;
    for (const x of v) ss += x * x;
    const scale = perturb * Math.max(Math.sqrt(ss / v.length), 0.1);
    return v.map((x) => x + scale * r.normal());
  });
}

function safely<T>(fn: () => T): { value?: T; error?: string } {
  try {
    return { value: fn() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

export function gradcheck(config: ExperimentConfig, data: PreparedData, opts: GradcheckOptions = {}): GradcheckReport {
  const ds = data.dataset;
  const arms = opts.arms ? config.losses.filter((l) => opts.arms!.includes(l.name)) : config.losses;
  const rowsWanted = opts.rows ?? GRADCHECK_DEFAULTS.rows;
  const perturb = opts.perturb ?? GRADCHECK_DEFAULTS.perturb;
  const tolerance = opts.tolerance ?? DIRECTIONAL_DEFAULTS.tolerance;
  const plan = trainingPlan(config.train, data.train.n);
  const step = opts.step ?? Math.floor(plan.totalSteps / 2);
  const ctx: LossContext = { task: ds.task, nClasses: ds.nClasses, step, epoch: step / plan.stepsPerEpoch };
  const rng = new Rng(config.seed);
  const checkRng = rng.fork('gradcheck');

  const model = buildModel(config.model, { nFeatures: ds.nFeatures, nOutputs: ds.task === 'classification' ? ds.nClasses : 1, imageShape: ds.imageShape });
  const start = startingParams(model.init(rng.fork('init')), perturb, checkRng.fork('perturb'));
  const params = start.map((v, i) => tf.tensor(v, model.specs[i].shape, 'float32'));
  const rows = checkRng.fork('rows').permutation(data.train.n).slice(0, Math.min(rowsWanted, data.train.n)).sort();
  const [x, y] = tf.tidy(() => {
    const idx = tf.tensor1d(rows, 'int32');
    return [tf.gather(data.train.x, idx) as tf.Tensor2D, tf.gather(data.train.y, idx) as tf.Tensor2D];
  });
  const names = model.specs.map((s) => s.name);
  try {
    const results: ArmGradcheck[] = arms.map((arm) => {
      const built = safely(() =>
        createMethod({
          config, arm, model, optimizer: createOptimizer(config.train.optimizer), dataset: ds, rng: rng.fork('method'),
          train: data.train, totalSteps: plan.totalSteps, stepsPerEpoch: plan.stepsPerEpoch, allowUserCode: opts.allowUserCode ?? false,
        }),
      );
      if (!built.value) return { arm: arm.name, type: arm.type, pass: false, error: built.error, objectives: [] };
      const method: TrainingMethod = built.value;
      try {
        const checked = safely(() =>
          method.objectives({ x, y, ctx }).map((o) =>
            checkObjective(o, params, names, {
              step: opts.fdStep ?? DIRECTIONAL_DEFAULTS.step,
              randomDirections: opts.randomDirections ?? DIRECTIONAL_DEFAULTS.randomDirections,
              tolerance,
              rng: checkRng.fork(`${arm.name}/${o.name}`),
            }),
          ),
        );
        if (!checked.value) return { arm: arm.name, type: arm.type, pass: false, error: checked.error, objectives: [] };
        return { arm: arm.name, type: arm.type, pass: checked.value.every((o) => o.pass), objectives: checked.value };
      } finally {
        method.dispose();
      }
    });
    return {
      name: config.name, task: ds.task, seed: config.seed, step, epoch: ctx.epoch, rows: rows.length, perturb, tolerance,
      method: 'directional finite differences with Richardson extrapolation (float32)',
      params: params.map((p, i) => ({ name: names[i], shape: [...p.shape], values: p.arraySync() })),
      batch: { x: x.arraySync(), y: y.arraySync() },
      arms: results,
      pass: results.every((r) => r.pass),
    };
  } finally {
    tf.dispose([...params, x, y]);
  }
}
