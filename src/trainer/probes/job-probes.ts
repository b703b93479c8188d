/**
 * The probes of one job: smoothness and sharpness on fixed batches during training, noise robustness
 * at the end, each timed separately. Probes never touch the training streams, so a run with probes
 * trains exactly as one without: their randomness comes from the job's `probes` stream, and
 * sharpness takes its objective from a method instance of its own (a method may draw from its stream
 * when it builds an objective, as Lai does to sample rows). Methods whose objective is learned during
 * training (LEARNED_OBJECTIVE_TYPES) are the exception: their objective exists only in the training
 * instance, and building it draws nothing.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { MetricsConfig, ProbeSplit } from '../../shared/config/types';
import type { LossContext } from '../losses';
import type { TrainingMethod } from '../methods';
import type { Model } from '../models';
import type { Rng } from '../../shared/rng';
import type { PreparedData, SplitTensors } from '../job/prepared-data';
import { featureColumns, noiseRobustnessValues } from './noise-robustness';
import { defaultProbeEvery, probeCostSteps, type ScheduleShape } from './schedule';
import { probeRows, probeSettings, type ProbeSettings } from './settings';
import { SharpnessEstimator } from './sharpness';
import { featureSmoothnessName, smoothnessValues, type ProbedFeature } from './smoothness';

export interface ProbeEnv {
  metrics: MetricsConfig;
  model: Model;
  data: PreparedData;
  /** The job's stream reserved for probes. */
  rng: Rng;
  /** The arm's loss type. */
  armType: string;
  /** A new instance of the arm's method, owned by the probes (sharpness objective). */
  newMethod(): TrainingMethod;
  /** The instance that trains (sharpness objective of methods that learn it). */
  trainingMethod(): TrainingMethod;
  lossCtx(step: number): LossContext;
  /** The training plan's shape, for the default probe schedule. */
  schedule: ScheduleShape;
}

/** Loss types whose objective depends on state learned during training (AdaLFL's loss network). */
export const LEARNED_OBJECTIVE_TYPES: ReadonlySet<string> = new Set(['adalfl']);

type Batch = { x: tf.Tensor2D; y: tf.Tensor2D };

/** The probes' part of a checkpoint (plain values; the sharpness warm start travels as a tensor). */
export interface ProbesState {
  lastStep: Record<'smoothness' | 'sharpness', number>;
  seconds: Partial<Record<string, number>>;
  /** The lazily made parts that existed: remade on load, so that their random draws replay. */
  made: { smoothness: boolean; sharpness: boolean };
}
type Timed = 'smoothness' | 'sharpness' | 'noiseRobustness';

/** The rows a probe reads; an empty chosen split is an error, not a silent switch. */
function probeSplit(data: PreparedData, split: ProbeSplit, setting: string): SplitTensors {
  const tensors = data[split];
  if (tensors.n === 0) throw new Error(`${setting}.split is '${split}', but the ${split} split has no rows`);
  return tensors;
}

function fixedBatch(split: SplitTensors, size: number, rng: Rng): Batch {
  if (size >= split.n) return { x: tf.clone(split.x), y: tf.clone(split.y) };
  const rows = probeRows(rng.permutation(split.n), size);
  return tf.tidy(() => {
    const idx = tf.tensor1d(rows, 'int32');
    return { x: tf.gather(split.x, idx) as tf.Tensor2D, y: tf.gather(split.y, idx) as tf.Tensor2D };
  });
}

export class JobProbes {
  readonly settings: ProbeSettings;
  /** Fixed batches and the estimator are made at first use, so a constructor that throws leaks nothing. */
  private smoothBatch?: Batch;
  private sharpBatch?: Batch;
  private estimator?: SharpnessEstimator;
  private readonly noiseColumns?: number[];
  private readonly smoothFeatures: ProbedFeature[] = [];
  private method?: TrainingMethod;
  private readonly lastStep: Record<'smoothness' | 'sharpness', number> = { smoothness: -1, sharpness: -1 };
  /** Steps between probes: the setting, or the default schedule (at evaluations only). */
  private readonly every: Record<'smoothness' | 'sharpness', number> = { smoothness: 1, sharpness: 1 };
  private readonly seconds: Partial<Record<Timed, number>> = {};

  constructor(private readonly env: ProbeEnv) {
    this.settings = probeSettings(env.metrics);
    const { smoothness, sharpness, noiseRobustness } = this.settings;
    const names = env.data.dataset.featureNames;
    if (noiseRobustness) this.noiseColumns = featureColumns(noiseRobustness.features, names);
    if (smoothness?.perFeature) {
      const columns = featureColumns(smoothness.perFeature === 'all' ? undefined : smoothness.perFeature, names, 'metrics.smoothness.perFeature');
      this.smoothFeatures = columns.map((column) => ({ column, metric: featureSmoothnessName(names[column]) }));
    }
    if (smoothness) this.seconds.smoothness = 0;
    if (sharpness) this.seconds.sharpness = 0;
    const { schedule, data } = env;
    const rows = (split: ProbeSplit, size: number) => Math.min(size, data[split].n);
    if (smoothness) this.every.smoothness = smoothness.every ?? defaultProbeEvery(probeCostSteps('smoothness', rows(smoothness.split ?? 'val', smoothness.probeSize), schedule.batchRows), schedule);
    if (sharpness) this.every.sharpness = sharpness.every ?? defaultProbeEvery(probeCostSteps('sharpness', rows(sharpness.split ?? 'train', sharpness.batchSize), schedule.batchRows, sharpness.iterations), schedule);
    if (noiseRobustness) this.seconds.noiseRobustness = 0;
  }

  private timed<T>(key: Timed, fn: () => T): T {
    const t = performance.now();
    try {
      return fn();
    } finally {
      this.seconds[key] = (this.seconds[key] ?? 0) + (performance.now() - t) / 1000;
    }
  }

  private due(name: 'smoothness' | 'sharpness', step: number, atEval: boolean, atEnd: boolean): boolean {
    const s = this.settings[name];
    if (!s || this.lastStep[name] === step) return false;
    if (atEnd) return true;
    return step % this.every[name] === 0 && (s.every !== undefined || atEval);
  }

  /** Steps between two runs of a probe (its `every`, or the default schedule's); undefined when it is off. */
  interval(name: 'smoothness' | 'sharpness'): number | undefined {
    return this.settings[name] ? this.every[name] : undefined;
  }

  /**
   * Values of the probes due at `step`: those without `every` at the evaluations of the default
   * schedule (schedule.ts), the others every `every` steps (step 0 included); `atEnd` runs each probe
   * not yet run at this step.
   */
  run(step: number, params: tf.Tensor[], when: 'eval' | 'step' | 'end'): Record<string, number> {
    const values: Record<string, number> = {};
    const atEval = when === 'eval';
    const atEnd = when === 'end';
    if (this.due('smoothness', step, atEval, atEnd)) {
      this.lastStep.smoothness = step;
      Object.assign(values, this.timed('smoothness', () => this.smoothness(params)));
    }
    if (this.due('sharpness', step, atEval, atEnd)) {
      this.lastStep.sharpness = step;
      values.sharpness = this.timed('sharpness', () => this.sharpness(step, params));
    }
    return values;
  }

  private smoothness(params: tf.Tensor[]): Record<string, number> {
    const { data, model } = this.env;
    const batch = this.smoothnessBatch();
    return smoothnessValues(model, params, batch.x, batch.y, data.dataset.task, this.smoothFeatures);
  }

  private smoothnessBatch(): Batch {
    const settings = this.settings.smoothness!;
    // The val tensors are the training split's when there is no validation split.
    const split = probeSplit(this.env.data, settings.split ?? 'val', 'metrics.smoothness');
    return (this.smoothBatch ??= fixedBatch(split, settings.probeSize, this.env.rng.fork('smoothness-rows')));
  }

  private sharpnessParts(): { batch: Batch; estimator: SharpnessEstimator; source: TrainingMethod } {
    const settings = this.settings.sharpness!;
    const { data, rng } = this.env;
    this.sharpBatch ??= fixedBatch(probeSplit(data, settings.split ?? 'train', 'metrics.sharpness'), settings.batchSize, rng.fork('sharpness-rows'));
    this.estimator ??= new SharpnessEstimator(settings, rng.fork('sharpness-start'));
    const source = LEARNED_OBJECTIVE_TYPES.has(this.env.armType) ? this.env.trainingMethod() : (this.method ??= this.env.newMethod());
    return { batch: this.sharpBatch, estimator: this.estimator, source };
  }

  private sharpness(step: number, params: tf.Tensor[]): number {
    const { batch, estimator, source } = this.sharpnessParts();
    const objective = source.objectives({ x: batch.x, y: batch.y, ctx: this.env.lossCtx(step) })[0];
    return estimator.measure(objective.f, params).eigenvalue;
  }

  saveState(): { values: ProbesState; sharpnessStart?: Float64Array } {
    const values: ProbesState = { lastStep: { ...this.lastStep }, seconds: { ...this.seconds }, made: { smoothness: this.smoothBatch !== undefined, sharpness: this.estimator !== undefined } };
    return { values, sharpnessStart: this.estimator?.warmStart?.slice() };
  }

  /** Call before the job's random streams are restored: the parts remade here draw as they did. */
  loadState(values: ProbesState, sharpnessStart: Float64Array | undefined): void {
    Object.assign(this.lastStep, values.lastStep);
    Object.assign(this.seconds, values.seconds);
    if (values.made.smoothness) this.smoothnessBatch();
    if (values.made.sharpness) this.sharpnessParts().estimator.warmStart = sharpnessStart;
  }

  /** End-of-run analyses for the `final` record (noise robustness: the task metric, and the loss and RMSE when asked). */
  finalValues(params: tf.Tensor[], step: number): Record<string, number> {
    const nr = this.settings.noiseRobustness;
    if (!nr || !this.noiseColumns) return {};
    const { data, model, rng } = this.env;
    const split = nr.split ? probeSplit(data, nr.split, 'metrics.noiseRobustness') : data.test.n > 0 ? data.test : data.val;
    return this.timed('noiseRobustness', () =>
      noiseRobustnessValues({
        model, params, split, nFeatures: data.dataset.nFeatures, task: data.dataset.task,
        columns: this.noiseColumns!, settings: nr, rng: rng.fork('noise'),
        ...(nr.alsoReport?.includes('loss') ? { loss: { fn: this.env.trainingMethod().evalLoss, ctx: this.env.lossCtx(step) } } : {}),
        ...(nr.alsoReport?.includes('rmse') ? { rmseScale: data.dataset.targetScale?.std ?? 1 } : {}),
      }),
    );
  }

  /** Seconds spent in each enabled probe. */
  timings(): Record<string, number> {
    return { ...this.seconds };
  }

  dispose(): void {
    for (const b of [this.smoothBatch, this.sharpBatch]) if (b) tf.dispose([b.x, b.y]);
    this.estimator?.dispose();
    this.method?.dispose();
  }
}
