/**
 * Which executor a run uses, for the CLI and the extension alike: the caller's override (`--executor`,
 * the `lossLab.executor` setting), else the config's `executor.type`, else local.
 */
import type { ExperimentConfig, ExecutorConfig } from '../config/types';
import type { Executor } from './executor';
import { SlurmExecutor } from './slurm/slurm-executor';
import { missingSlurmTools } from './slurm/slurm-commands';

export type ExecutorType = ExecutorConfig['type'];

export interface ExecutorChoice {
  /** Undefined: the run uses a local executor (its own, or the caller's shared one). */
  executor?: Executor;
  /** Jobs submitted at once: the local slots, or (Slurm) all of them, its `maxConcurrent` capping how many run. */
  parallel: number;
}

export interface ExecutorRequest {
  executor?: ExecutorType;
  /** Overrides `executor.maxConcurrent`: local trainer processes, or the job array's `%N`. */
  parallel?: number;
  /** Local trainers when neither `parallel` nor the config sets them (the number of cores, or a setting). */
  localParallel: number;
  /** The trainer bundle (`dist/trainer.js`), as the compute nodes see it. */
  trainerPath: string;
  /** Follow tasks already submitted for the run folder: live ones (resume) or all (attach). */
  adopt?: 'live' | 'all';
}

export function chooseExecutor(config: ExperimentConfig, o: ExecutorRequest): ExecutorChoice | { error: string } {
  const type = o.executor ?? config.executor?.type ?? 'local';
  if (type === 'local') return { parallel: o.parallel ?? config.executor?.maxConcurrent ?? o.localParallel };
  const missing = missingSlurmTools();
  if (missing.length) {
    return {
      error:
        `the slurm executor needs the Slurm client commands on PATH, and ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing. ` +
        `Run on a login node of the cluster (or install Slurm's client tools and set SLURM_CONF), or use the local executor.`,
    };
  }
  const settings = { ...config.executor, type, ...(o.parallel ? { maxConcurrent: o.parallel } : {}) };
  const executor = new SlurmExecutor({ trainerPath: o.trainerPath, settings, adopt: o.adopt });
  return { executor, parallel: executor.slots };
}
