/** Which executor a CLI run uses: `--executor`, else the config's `executor.type`, else local. */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { ExperimentConfig } from '../shared/config/types';
import type { Executor } from '../shared/runner/executor';
import { SlurmExecutor } from '../shared/runner/slurm/slurm-executor';
import { missingSlurmTools } from '../shared/runner/slurm/slurm-commands';
import type { ExecutorType } from './usage';

export interface ExecutorChoice {
  /** Undefined: the run makes its own local executor. */
  executor?: Executor;
  /** Jobs submitted at once: the local slots, or (Slurm) all of them, its `maxConcurrent` capping how many run. */
  parallel: number;
}

export function chooseExecutor(config: ExperimentConfig, o: { executor?: ExecutorType; parallel?: number; adopt?: 'live' | 'all' }): ExecutorChoice | { error: string } {
  const type = o.executor ?? config.executor?.type ?? 'local';
  if (type === 'local') return { parallel: o.parallel ?? config.executor?.maxConcurrent ?? availableParallelism() };
  const missing = missingSlurmTools();
  if (missing.length) {
    return {
      error:
        `the slurm executor needs the Slurm client commands on PATH, and ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing. ` +
        `Run on a login node of the cluster (or install Slurm's client tools and set SLURM_CONF), or use --executor local.`,
    };
  }
  const settings = { ...config.executor, type, ...(o.parallel ? { maxConcurrent: o.parallel } : {}) };
  const executor = new SlurmExecutor({ trainerPath: join(__dirname, 'trainer.js'), settings, adopt: o.adopt });
  return { executor, parallel: executor.slots };
}
