/**
 * The channel between a host (the CLI or the extension) and a forked trainer process.
 * The trainer sends `ready` first; the host must not send before it. Every message is plain JSON.
 * A trainer runs one work (`start` … `done`) at a time and may be given another `start` after `done`;
 * it exits after a stopped work, on `stop` while idle, on a fatal `error`, and when the host disconnects.
 */
import type { AnalysisRequest } from '../analysis/types';
import type { ExperimentConfig } from '../config/types';
import type { MetricBatch } from '../metric-batch';
import type { ArmResult } from '../metrics';

/** One unit of training: an arm trained from the initial weights and batch order of one seed. */
export interface Job {
  arm: string;
  seed: number;
  /** Instead of training: analyse the run folder's saved weights of this seed (the result is a file in the run folder). */
  analysis?: AnalysisRequest;
  /** Continue from this checkpoint (its records up to `step` are in metrics.jsonl) instead of from scratch. */
  resume?: ResumePoint;
  /** Where a sweep trial keeps its weights (an experiment's arms are placed by their names in the config). */
  weightsPlace?: JobWeightsPlace;
}

export interface JobWeightsPlace {
  /** Its folder under weights/, unique among the sweep's trials. */
  folder: string;
  /** Its model or data differ from the config's, so its initial weights do too: kept in its own folder. */
  ownInit: boolean;
}

export interface ResumePoint {
  /** The last step the checkpoint has taken; training goes on with step + 1. */
  step: number;
  /** The checkpoint file, relative to the run folder. */
  checkpoint: string;
}

export type HostToTrainer =
  /** Host → trainer: train these jobs of this (already validated and resolved) config (only while idle). */
  | {
      type: 'start';
      config: ExperimentConfig;
      /** The run folder (the host writes its metrics.jsonl from the streamed records; a new folder reloads user loss modules). */
      runDir: string;
      jobs: Job[];
      /** Force a backend; otherwise the config's (default 'auto'). */
      backend?: string;
      /** Trusted workspace: user-written loss modules may be loaded. */
      allowUserCode: boolean;
    }
  /** Host → trainer: finish the current step, flush metrics, report `stopped`, exit (idle: exit now). */
  | { type: 'stop' };

export type TrainerToHost =
  /** Trainer → host: the process is up and listening. */
  | { type: 'ready'; pid: number }
  /** Trainer → host: the backend is initialised and the data loaded; training begins. */
  | { type: 'started'; backend: string; totalSteps: number; dataInfo: string[] }
  /** Trainer → host: a batch of metric records, encoded as metrics.jsonl lines, with a header per job (at most every ~100 ms, and at each job's end). */
  | { type: 'metrics'; batch: MetricBatch }
  /** Trainer → host: one job ended. */
  | { type: 'armDone'; result: ArmResult }
  /** Trainer → host: every job of the work ended; the trainer is idle (or exits next, after a stop). */
  | { type: 'done' }
  /** Trainer → host: a fatal error; the process exits next. */
  | { type: 'error'; message: string; stack?: string };

/** Prefix of the line a trainer's watchdog writes to stderr before it ends the process (the rest is the reason). */
export const WATCHDOG_MARKER = 'loss-lab watchdog: ';

export function assertNever(x: never): never {
  throw new Error(`unexpected message: ${JSON.stringify(x)}`);
}
