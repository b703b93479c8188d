/**
 * The metric record: one line of `metrics.jsonl`, and the unit the trainer streams to its host.
 * Plain numbers only, tagged with arm, seed, step and epoch.
 */
import type { Comparison } from './comparisons/types';

export type MetricKind =
  /** Per training step (every `metrics.trainEvery` steps): loss, gradient norms, learning rate, steps/s. */
  | 'train'
  /** Per evaluation on the validation split (`val/*`; `test/*` and `train/*` too when the config asks). */
  | 'eval'
  /** Expensive probes on a fixed batch (smoothness, sharpness), each on its own interval. */
  | 'probe'
  /** Method-specific traces (class weights, loss shapes, projection statistics). */
  | 'trace'
  /** Once at the end of an arm: test-split metrics and end-of-run analyses. */
  | 'final';

export interface MetricRecord {
  arm: string;
  seed: number;
  step: number;
  /** Fractional epoch: step / steps per epoch (= ceil(trainRows / batchSize), floor with `train.dropLast`). */
  epoch: number;
  /** Seconds since the arm started training. */
  time: number;
  kind: MetricKind;
  values: Record<string, number>;
  /** Vector-valued traces, e.g. `classWeights` or `lossShape/y1`. */
  series?: Record<string, number[]>;
}

/** Well-known metric names. Per-layer gradient norms are `gradNorm/<layer name>`. */
export const METRIC = {
  loss: 'loss',
  gradNorm: 'gradNorm',
  lr: 'lr',
  stepsPerSec: 'stepsPerSec',
  valLoss: 'val/loss',
  valAccuracy: 'val/accuracy',
  valR2: 'val/r2',
  valRmse: 'val/rmse',
  /** Cross-entropy on the validation split: comparable across arms whatever loss they train with. */
  valCe: 'val/ce',
  testLoss: 'test/loss',
  testAccuracy: 'test/accuracy',
  testR2: 'test/r2',
  testRmse: 'test/rmse',
  testCe: 'test/ce',
} as const;

export const GRAD_NORM_LAYER_PREFIX = 'gradNorm/';

/** `completed` includes early stopping (the reason says so). */
export type ArmStatus = 'completed' | 'stopped' | 'diverged' | 'crashed';

/** How one (arm, seed) job ended, as recorded in `summary.json`. */
export interface ArmResult {
  arm: string;
  seed: number;
  status: ArmStatus;
  /** Why it ended, e.g. "NaN in loss at step 412" or the crash message. */
  reason?: string;
  steps: number;
  epochs: number;
  wallTimeSec: number;
  stepsPerSec: number;
  /** The main validation metric ('val/accuracy' or 'val/r2') and whether higher is better. */
  mainMetric: string;
  best: Record<string, number>;
  final: Record<string, number>;
  /** Seconds spent in each costly extra (e.g. `smoothness`, `sharpness`, `method`), beside training itself. */
  timings?: Record<string, number>;
  /** The weights files this job wrote (paths relative to the run folder). */
  weights?: ArmWeights;
  /** An analysis job's result file (relative to the run folder). */
  output?: string;
  /** A resume continued this job from its checkpoint of this step (its records before it are from the earlier attempt). */
  resumedFrom?: number;
  /** Why a resume trained this job again from scratch although it had checkpoints, or skipped a newer one. */
  resumeNote?: string;
}

export interface ArmWeights {
  /** The initial weights of the job's seed (shared by every arm of that seed). */
  init?: string;
  /** Where training ended; absent when it diverged (non-finite weights are not kept). */
  final?: string;
  /** Step checkpoints still on disk, oldest first. */
  checkpoints: string[];
  /** Bytes of the files listed (the init file counted with each job that lists it). */
  bytes: number;
}

export type RunStatus = 'running' | 'completed' | 'stopped' | 'failed' | 'diverged';

export interface RunSummary {
  name: string;
  configPath?: string;
  startedAt: string;
  finishedAt?: string;
  /** `diverged`/`failed`/`stopped` when any arm was (stopped first: a stopped run can be resumed). */
  status: RunStatus;
  /** Why the run as a whole ended as it did, when not every arm completed (e.g. the disk filled, the window reloaded). */
  reason?: string;
  /** The summary was rebuilt from metrics.jsonl because the run's writer ended without finishing it. */
  reconstructed?: string;
  backend: string;
  seed: number;
  repeats: number;
  versions: Record<string, string>;
  /** What kind of run wrote the folder (absent in folders written before sweeps existed: 'experiment'). */
  kind?: 'experiment' | 'sweep' | 'evolution';
  /** When the run was last resumed. */
  resumedAt?: string;
  /** The arms the run was limited to (`--arm`), if it was. */
  requestedArms?: string[];
  arms: ArmResult[];
  /** Paired verdicts between arms (repeats ≥ 2), written when the run ends. */
  comparisons?: Comparison[];
}
