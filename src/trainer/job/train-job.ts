/**
 * Trains one job (an arm from the initial weights and batch order of one seed) and reports metrics.
 * Parameters are explicit tensors (functional model), replaced after every step; every temporary lives
 * inside a `tidy`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ExperimentConfig } from '../../shared/config/types';
import type { ArmResult, MetricRecord } from '../../shared/metrics';
import type { Job } from '../../shared/protocol/trainer';
import type { LossContext } from '../losses';
import { createMethod, type MethodEnv } from '../methods';
import { buildModel } from '../models';
import { createOptimizer, learningRate } from '../optim';
import { JobProbes } from '../probes/job-probes';
import { Rng } from '../../shared/rng';
import { EarlyStopper } from './early-stopping';
import { evaluate, evaluateSplits, higherIsBetter } from './evaluate';
import { captureGradientStats, readGradientStats } from './grad-stats';
import type { PreparedData } from './prepared-data';
import { trainingPlan } from './plan';
import type { Phase } from '../watchdog';
import { JobWeights } from '../weights/job-weights';
import { checkpointContent, restoreJob, type LoopState } from './job-state';

export interface JobHooks {
  emit(record: MetricRecord): void;
  /** Delivers the buffered records now (after the first evaluation, and at the end of the job); otherwise the sink batches them by time. */
  flush(): void;
  shouldStop(): boolean;
  /** A phase of `step` begins (for the watchdog). */
  progress?(step: number, phase: Phase): void;
}

export interface JobOptions {
  /** Trusted workspace: user-written loss modules may be loaded (default false). */
  allowUserCode?: boolean;
  /** The run folder, where the job saves its weights (`config.checkpoints`) and reads `job.resume`'s checkpoint; none are saved without it. */
  runDir?: string;
}

const YIELD_EVERY_MS = 25;
const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function trainJob(config: ExperimentConfig, data: PreparedData, job: Job, hooks: JobHooks, options: JobOptions = {}): Promise<ArmResult> {
  const arm = config.losses.find((l) => l.name === job.arm);
  if (!arm) throw new Error(`unknown arm '${job.arm}'`);
  const ds = data.dataset;
  const plan = trainingPlan(config.train, data.train.n);
  const model = buildModel(config.model, { nFeatures: ds.nFeatures, nOutputs: ds.task === 'classification' ? ds.nClasses : 1, imageShape: ds.imageShape });
  const optimizer = createOptimizer(config.train.optimizer);
  const rng = new Rng(job.seed);
  const methodEnv: MethodEnv = {
    config, arm, model, optimizer, dataset: ds, rng: rng.fork('method'), train: data.train,
    totalSteps: plan.totalSteps, stepsPerEpoch: plan.stepsPerEpoch, allowUserCode: options.allowUserCode ?? false,
  };
  // Probes draw from their own stream and (but for learned losses) build their own method instance:
  // the trajectory is unchanged.
  const probeRng = rng.fork('probes');
  const probes = new JobProbes({
    metrics: config.metrics, model, data, rng: probeRng, armType: arm.type,
    newMethod: () => createMethod({ ...methodEnv, rng: probeRng.fork('method') }),
    trainingMethod: () => method,
    lossCtx: (s) => lossCtx(s),
    schedule: { evalEvery: plan.evalEvery, totalSteps: plan.totalSteps, batchRows: plan.batchSize },
  });
  const method = createMethod(methodEnv);
  const lossFn = method.evalLoss;
  const initial = model.init(rng.fork('init'));
  const weights = options.runDir === undefined ? undefined : new JobWeights(options.runDir, config, job, model.specs);
  weights?.initial(initial);
  let params: tf.Tensor[] = initial.map((v, i) => tf.tensor(v, model.specs[i].shape));
  let state: tf.Tensor[] = optimizer.initState(params);
  const batchRng = rng.fork('batches');
  const mainMetric = ds.task === 'classification' ? 'val/accuracy' : 'val/r2';
  const stopper = config.train.earlyStopping ? new EarlyStopper(config.train.earlyStopping) : undefined;
  let resumed: LoopState | undefined;
  if (job.resume) {
    if (options.runDir === undefined) throw new Error('a job can resume only from a checkpoint in its run folder');
    try {
      const r = restoreJob(options.runDir, job.resume, job, model.specs, { rng, optimizerState: state, method, probes, stopper });
      tf.dispose([...params, ...state]);
      ({ params, optimizerState: state, loop: resumed } = r);
    } catch (e) {
      method.dispose();
      probes.dispose();
      tf.dispose([...params, ...state]);
      throw e;
    }
    weights?.resumeAt(resumed.step);
  }
  // Steps over steps per epoch: the last batch of an epoch may be short, so samples seen / n would overcount.
  const epochAt = (step: number): number => step / plan.stepsPerEpoch;
  const lossCtx = (step: number): LossContext => ({ task: ds.task, nClasses: ds.nClasses, step, epoch: epochAt(step) });

  const t0 = performance.now();
  const timeBefore = resumed?.elapsed ?? 0;
  const elapsed = () => timeBefore + (performance.now() - t0) / 1000;
  const best: Record<string, number> = { ...resumed?.best };
  let lastEval: Record<string, number> = resumed?.lastEval ?? {};
  let lastTrainLoss = resumed?.lastTrainLoss ?? NaN;
  /** The method's last recorded step values (e.g. `bloop/aux`), kept in `final` for sweeps' Pareto fronts. */
  let lastMethodValues: Record<string, number> = resumed?.lastMethodValues ?? {};
  let status: ArmResult['status'] = 'completed';
  let reason: string | undefined;
  let step = resumed?.step ?? 0;
  let lastYield = performance.now();
  let evalMark = resumed?.evalMark ?? { step: 0, time: 0 };
  /** A recorded step's [loss, Σg₀², …], reused from step to step. */
  const statsBuffer = new Float64Array(1 + model.specs.length);
  let trainSec = resumed?.trainSec ?? 0;
  let records = resumed?.records ?? 0;
  /** The batch stream before it drew the current epoch's permutation. */
  let orderFrom = batchRng.snapshot();
  const emit = (r: MetricRecord): void => {
    records++;
    hooks.emit(r);
  };
  const saveCheckpoint = (): void => {
    // Every record up to this step leaves first: a checkpoint is usable once metrics.jsonl holds them all.
    hooks.flush();
    const loop: LoopState = { step, elapsed: elapsed(), trainSec, records, best, lastEval, lastTrainLoss, lastMethodValues, evalMark, orderFrom };
    weights!.checkpoint(step, params, checkpointContent(loop, { rng, optimizerState: state, method, probes, stopper }));
  };

  const record = (kind: MetricRecord['kind'], values: Record<string, number>): void => {
    emit({ arm: job.arm, seed: job.seed, step, epoch: epochAt(step), time: elapsed(), kind, values });
  };
  const progress = (phase: Phase): void => hooks.progress?.(step, phase);
  const recordProbes = (when: 'eval' | 'step' | 'end'): void => {
    progress('probe');
    const values = probes.run(step, params, when);
    if (Object.keys(values).length > 0) record('probe', values);
  };
  const runEval = (): void => {
    progress('eval');
    const values = evaluateSplits(model, params, lossFn, lossCtx(step), data, config.metrics);
    const now = elapsed();
    if (step > evalMark.step && now > evalMark.time) values.stepsPerSec = (step - evalMark.step) / (now - evalMark.time);
    evalMark = { step, time: now };
    for (const [k, v] of Object.entries(values)) {
      if (k === 'stepsPerSec' || !Number.isFinite(v)) continue;
      if (!(k in best) || (higherIsBetter(k) ? v > best[k] : v < best[k])) best[k] = v;
    }
    lastEval = values;
    record('eval', values);
    const series = method.traces?.();
    if (series) emit({ arm: job.arm, seed: job.seed, step, epoch: epochAt(step), time: elapsed(), kind: 'trace', values: {}, series });
    recordProbes('eval');
    // The first records show the host that training began; later ones go out in the sink's timed batches.
    if (step === 0) hooks.flush();
  };

  try {
    if (resumed) batchRng.restore(resumed.orderFrom);
    else runEval();
    orderFrom = batchRng.snapshot();
    let order = batchRng.permutation(data.train.n);
    while (step < plan.totalSteps) {
      const inEpoch = step % plan.stepsPerEpoch;
      if (inEpoch === 0 && step > 0 && !plan.fullBatch) {
        orderFrom = batchRng.snapshot();
        order = batchRng.permutation(data.train.n);
      }
      const lr = learningRate(config.train.schedule, config.train.optimizer.lr, step, plan.totalSteps);
      const rows = plan.fullBatch ? undefined : order.subarray(inEpoch * plan.batchSize, Math.min((inEpoch + 1) * plan.batchSize, data.train.n));
      const recordNow = (step + 1) % config.metrics.trainEvery === 0 || step + 1 === plan.totalSteps;
      const ctx = lossCtx(step);
      progress('step');
      const stepStart = performance.now();
      const out = tf.tidy(() => {
        // One index tensor for both gathers (one upload per step).
        const idx = rows ? tf.tensor1d(rows, 'int32') : undefined;
        const xb = idx ? tf.gather(data.train.x, idx) : data.train.x;
        const yb = idx ? tf.gather(data.train.y, idx) : data.train.y;
        const input = { params, x: xb as tf.Tensor2D, y: yb as tf.Tensor2D, ctx };
        const { value, grads } = method.direction(input);
        const next = optimizer.step(params, grads, state, lr, step + 1);
        method.afterStep?.(input, next.params, lr);
        const stats = recordNow ? captureGradientStats(value, grads, config.metrics.gradNorm, statsBuffer) : undefined;
        return { params: next.params, state: next.state, stats };
      });
      tf.dispose([...params, ...state]);
      params = out.params;
      state = out.state;
      step++;
      trainSec += (performance.now() - stepStart) / 1000;
      if (out.stats) {
        const values = readGradientStats(out.stats, statsBuffer, model.specs, config.metrics.gradNorm);
        lastTrainLoss = values.loss;
        lastMethodValues = method.stepValues?.() ?? {};
        record('train', { ...values, lr, ...lastMethodValues });
        const bad = !Number.isFinite(values.loss) ? 'loss' : 'gradNorm' in values && !Number.isFinite(values.gradNorm) ? 'gradient norm' : undefined;
        if (bad) {
          status = 'diverged';
          reason = `${Number.isNaN(bad === 'loss' ? values.loss : values.gradNorm) ? 'NaN' : 'Inf'} in ${bad} at step ${step}`;
          break;
        }
      }
      const isLast = step === plan.totalSteps;
      recordProbes('step');
      if (step % plan.evalEvery === 0 || isLast) {
        runEval();
        if (stopper?.update(lastEval)) {
          reason = stopper.reason(step);
          break;
        }
      }
      if (weights?.due(step) && !isLast) saveCheckpoint();
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await yieldToEvents();
        lastYield = performance.now();
      }
      if (hooks.shouldStop() && step < plan.totalSteps) {
        status = 'stopped';
        reason = `stopped by request at step ${step}`;
        break;
      }
    }
    if (status !== 'diverged' && evalMark.step !== step) runEval();
    if (status === 'completed') recordProbes('end');
    const testValues = status === 'diverged' ? {} : { ...evaluate(model, params, lossFn, lossCtx(step), data, data.test, 'test'), ...probes.finalValues(params, step) };
    const wall = elapsed();
    const final: Record<string, number> = { ...lastMethodValues, ...lastEval, ...testValues };
    delete final.stepsPerSec;
    if (Number.isFinite(lastTrainLoss)) final.loss = lastTrainLoss;
    record('final', final);
    hooks.flush();
    weights?.final(step, params);
    return {
      arm: job.arm, seed: job.seed, status, reason, steps: step, epochs: epochAt(step),
      wallTimeSec: wall, stepsPerSec: wall > 0 ? step / wall : 0, mainMetric, best, final,
      timings: { train: trainSec, ...probes.timings() },
      ...(weights?.result() ? { weights: weights.result() } : {}),
      ...(job.resume ? { resumedFrom: job.resume.step } : {}),
    };
  } finally {
    tf.dispose([...params, ...state]);
    method.dispose();
    probes.dispose();
  }
}
