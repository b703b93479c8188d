/**
 * From CMA-ES candidate vectors to trainer work: which candidates the TaylorGLO invariant prunes, the
 * short-training config a batch of candidates runs under, and fitness in CMA-ES's minimising convention.
 */
import type { ExperimentConfig, LossArmConfig } from '../config/types';
import { taylorgloInvariant } from '../methods/taylorglo-invariant';
import type { ArmResult } from '../metrics';
import type { EvolveConfig } from './types';

export function isPruned(params: readonly number[], nClasses: number): boolean {
  return !taylorgloInvariant(params, nClasses).holds;
}

export function candidateName(generation: number, index: number): string {
  return `g${generation}/c${String(index).padStart(2, '0')}`;
}

/** The arm to evolve, with `params` replaced. */
export function taylorgloArm(config: ExperimentConfig, evolve: EvolveConfig, name: string, params: readonly number[]): LossArmConfig {
  const base = config.losses.find((l) => l.name === evolve.arm);
  if (!base) throw new Error(`evolve.arm '${evolve.arm}' is not an arm of this config`);
  return { ...base, name, params: [...params] };
}

/**
 * The config candidates train under: `evolve.steps` steps of the configured schedule, one evaluation at
 * the end (the fitness), no early stopping, no probes, one train record: cheap, and the same initial
 * weights and batches for every candidate (the config's first seed).
 */
export function candidateConfig(config: ExperimentConfig, evolve: EvolveConfig, arms: LossArmConfig[]): ExperimentConfig {
  const { epochs: _epochs, earlyStopping: _es, ...train } = config.train;
  return {
    ...config,
    repeats: 1,
    sweep: undefined,
    evolve: undefined,
    train: { ...train, steps: evolve.steps, evalEvery: evolve.steps },
    metrics: { ...config.metrics, trainEvery: evolve.steps, gradNorm: 'off', smoothness: false, sharpness: false, noiseRobustness: false },
    losses: arms,
    // Candidates are scored, not kept: their weights would be thousands of files nobody reloads.
    checkpoints: { final: false },
  };
}

/** The fitness metric's value of a candidate's training, or undefined when it failed or lacks it. */
export function fitnessOf(result: ArmResult, evolve: EvolveConfig): number | undefined {
  const v = result.final[evolve.fitness.metric];
  return result.status === 'completed' && Number.isFinite(v) ? v : undefined;
}

/** CMA-ES minimises: larger-is-better metrics are negated; pruned and failed candidates are +∞. */
export function toMinimised(fitness: number | undefined, mode: EvolveConfig['fitness']['mode']): number {
  if (fitness === undefined) return Infinity;
  return mode === 'max' ? -fitness : fitness;
}

export function isBetter(a: number, b: number | undefined, mode: EvolveConfig['fitness']['mode']): boolean {
  return b === undefined || (mode === 'max' ? a > b : a < b);
}

export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The config of the retraining comparison: every arm plus `evolved`, on `evolve.retrainSeeds` when
 * set (the data keeps the search's seed, so only initial weights and batch order change).
 */
export function retrainConfig(config: ExperimentConfig, evolve: EvolveConfig, evolved: LossArmConfig): ExperimentConfig {
  const losses = [...config.losses, evolved];
  const seeds = evolve.retrainSeeds;
  if (!seeds) return { ...config, losses };
  return { ...config, seed: seeds.seed, repeats: seeds.repeats ?? config.repeats, data: { ...config.data, seed: config.data.seed ?? config.seed }, losses };
}
