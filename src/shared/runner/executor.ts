/**
 * The seam between what to train (experiments, sweeps, evolution) and where it trains. A unit of work
 * is one config with one or more jobs; an executor runs it somewhere, streams its metric records and
 * reports how each job ended. Callers never see processes: the local executor forks trainer processes
 * on this machine; the Slurm executor (`slurm/`) submits the same units to a cluster's queue as job arrays.
 */
import type { ExperimentConfig } from '../config/types';
import type { MetricBatch } from '../metric-batch';
import type { ArmResult } from '../metrics';
import type { Job } from '../protocol/trainer';

export interface TrialWork {
  /** A resolved config; every job's arm is one of its `losses`. */
  config: ExperimentConfig;
  /** Trained one after another, sharing the loaded data. */
  jobs: Job[];
  /** The run folder. The caller writes its `metrics.jsonl` from the streamed records; an executor may keep its own files there (a cluster job's per-unit files). */
  runDir: string;
  /** Forces a backend; otherwise the config's. */
  backend?: string;
  /** User-written loss modules may be loaded (trusted workspace). */
  allowUserCode: boolean;
}

export interface StartedInfo {
  /** The local process id, when there is one. */
  pid?: number;
  backend: string;
  totalSteps: number;
  dataInfo: string[];
}

export interface TrialEvents {
  onStarted?(info: StartedInfo): void;
  /** Records as encoded metrics.jsonl lines with a header per job (the caller appends the text as it is). */
  onMetrics?(batch: MetricBatch): void;
  /** Exactly once per job, in the order jobs end; jobs that never reported end as `stopped` or `crashed`. */
  onResult?(result: ArmResult): void;
  onStderr?(text: string): void;
}

export interface TrialExecution {
  /** Cooperative: the running job finishes its step and reports `stopped`; later jobs never start. */
  stop(): void;
  /** Immediate. */
  kill(): void;
  readonly pid?: number;
  /** Every job's result, in job order, once the work has ended (never rejects). */
  readonly results: Promise<ArmResult[]>;
}

export interface Executor {
  /** How many units it takes at once (a queue may hold more than it runs); callers keep at most this many submitted. */
  readonly slots: number;
  /** Its work goes on without the host process (a cluster queue): a host that exits leaves it running, to be attached to later. */
  readonly outlivesHost?: boolean;
  submit(work: TrialWork, events?: TrialEvents): TrialExecution;
  /** Releases what it keeps between works (the local executor's warm trainers) and resolves once they are gone. */
  close(): Promise<void>;
}

/** A result for a job that never reported one. */
export function unreportedResult(job: Job, status: ArmResult['status'], reason: string): ArmResult {
  return {
    arm: job.arm, seed: job.seed, status, reason, steps: 0, epochs: 0, wallTimeSec: 0, stepsPerSec: 0,
    mainMetric: 'val/loss', best: {}, final: {},
  };
}

/** Runs `items` through `fn` with at most `slots` in flight, in order of `items`. */
export async function runPool<T>(items: readonly T[], slots: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(slots, items.length)) }, worker));
}
