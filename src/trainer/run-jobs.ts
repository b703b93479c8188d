/**
 * Runs jobs of one config in this process: backend, data, then each job in turn. Used by the child
 * process entry (`main.ts`) and directly by tests. A job that throws ends as `crashed`; the others go on.
 */
import './tfjs-gradients';
import type { ExperimentConfig } from '../shared/config/types';
import { parseBatch, type MetricBatch } from '../shared/metric-batch';
import type { ArmResult, MetricRecord } from '../shared/metrics';
import type { Job } from '../shared/protocol/trainer';
import { initBackend } from './backend';
import { trainingPlan } from './job/plan';
import { prepareData } from './job/prepared-data';
import { trainJob } from './job/train-job';
import { analyseJob } from './analysis/analysis-job';
import { RunFolderError } from '../shared/runner/fs-errors';
import { MetricSink } from './metric-sink';
import type { Phase } from './watchdog';

export interface RunJobsOptions {
  /** A JSON-lines file this process alone appends the records to (a cluster job's own file); none when omitted. */
  metricsFile?: string;
  backend?: string;
  onStarted?(info: { backend: string; totalSteps: number; dataInfo: string[] }): void;
  /** Each batch of encoded records (what the trainer process sends its host). */
  onBatch?(batch: MetricBatch): void;
  /** The same batches as record objects, parsed from the text (tests and benchmarks). */
  onMetrics?(records: MetricRecord[]): void;
  onArmDone?(result: ArmResult): void;
  shouldStop?(): boolean;
  /** Trusted workspace: user-written loss modules may be loaded (default false). */
  allowUserCode?: boolean;
  /** The run folder: jobs save their weights there (`config.checkpoints`); none are saved without it. */
  runDir?: string;
  /** Progress for a watchdog: a phase of a job's step begins. */
  onProgress?(step: number, phase: Phase): void;
}

export async function runJobs(config: ExperimentConfig, jobs: Job[], opts: RunJobsOptions = {}): Promise<ArmResult[]> {
  opts.onProgress?.(0, 'setup');
  const backend = await initBackend(opts.backend ?? config.backend);
  const data = prepareData(config);
  const sink = new MetricSink(opts.metricsFile, (batch) => {
    opts.onBatch?.(batch);
    opts.onMetrics?.(parseBatch(batch.text));
  });
  const results: ArmResult[] = [];
  let fileFailure: string | undefined;
  try {
    const plan = trainingPlan(config.train, data.train.n);
    opts.onStarted?.({ backend, totalSteps: plan.totalSteps * jobs.length, dataInfo: data.dataset.info });
    for (const job of jobs) {
      const stop = opts.shouldStop ?? (() => false);
      let result: ArmResult;
      if (fileFailure) {
        result = notStarted(job, 'stopped', `not started: ${fileFailure}`);
      } else if (stop()) {
        result = notStarted(job, 'stopped', 'stopped before it started');
      } else {
        try {
          opts.onProgress?.(0, 'setup');
          const progress = opts.onProgress ?? (() => {});
          const hooks = { emit: (r: MetricRecord) => sink.push(r), flush: () => sink.flush(), shouldStop: stop, progress };
          result = job.analysis
            ? await analyseJob(config, data, { ...job, analysis: job.analysis }, hooks, opts.runDir)
            : await trainJob(config, data, job, hooks, { allowUserCode: opts.allowUserCode ?? false, runDir: opts.runDir });
        } catch (e) {
          if (e instanceof RunFolderError) {
            fileFailure = e.message;
            result = notStarted(job, 'stopped', `stopped: ${e.message}`);
          } else {
            const err = e as Error;
            try {
              sink.flush();
            } catch (flushError) {
              if (!(flushError instanceof RunFolderError)) throw flushError;
            }
            result = notStarted(job, 'crashed', `${err.message}${err.stack ? `\n${err.stack}` : ''}`);
          }
        }
      }
      results.push(result);
      opts.onArmDone?.(result);
    }
  } finally {
    sink.close();
    data.dispose();
  }
  return results;
}

function notStarted(job: Job, status: ArmResult['status'], reason: string): ArmResult {
  return { arm: job.arm, seed: job.seed, status, reason, steps: 0, epochs: 0, wallTimeSec: 0, stepsPerSec: 0, mainMetric: 'val/loss', best: {}, final: {} };
}

