/**
 * Runs jobs of one config in this process: backend, data, then each job in turn. Used by the child
 * process entry (`main.ts`) and directly by tests. A job that throws ends as `crashed`; the others go on.
 */
import './tfjs-gradients';
import { join } from 'node:path';
import type { ExperimentConfig } from '../shared/config/types';
import type { ArmResult, MetricRecord } from '../shared/metrics';
import type { Job } from '../shared/protocol/trainer';
import { RUN_FILES } from '../shared/runner/run-folder';
import { initBackend } from './backend';
import { trainingPlan } from './job/plan';
import { prepareData } from './job/prepared-data';
import { trainJob } from './job/train-job';
import { MetricSink } from './metric-sink';

export interface RunJobsOptions {
  /** Run folder to append `metrics.jsonl` to; no file when omitted. */
  runDir?: string;
  /** Append records to this file instead of the run folder's `metrics.jsonl` (a trainer started by a batch system). */
  metricsFile?: string;
  backend?: string;
  onStarted?(info: { backend: string; totalSteps: number; dataInfo: string[] }): void;
  onMetrics?(records: MetricRecord[]): void;
  onArmDone?(result: ArmResult): void;
  shouldStop?(): boolean;
  /** Trusted workspace: user-written loss modules may be loaded (default false). */
  allowUserCode?: boolean;
}

export async function runJobs(config: ExperimentConfig, jobs: Job[], opts: RunJobsOptions = {}): Promise<ArmResult[]> {
  const backend = await initBackend(opts.backend ?? config.backend);
  const data = prepareData(config);
  const sink = new MetricSink(opts.metricsFile ?? (opts.runDir === undefined ? undefined : join(opts.runDir, RUN_FILES.metrics)), opts.onMetrics);
  const results: ArmResult[] = [];
  try {
    const plan = trainingPlan(config.train, data.train.n);
    opts.onStarted?.({ backend, totalSteps: plan.totalSteps * jobs.length, dataInfo: data.dataset.info });
    for (const job of jobs) {
      const stop = opts.shouldStop ?? (() => false);
      let result: ArmResult;
      if (stop()) {
        result = notStarted(job, 'stopped', 'stopped before it started');
      } else {
        try {
          result = await trainJob(config, data, job, { emit: (r) => sink.push(r), flush: () => sink.flush(), shouldStop: stop }, { allowUserCode: opts.allowUserCode ?? false });
        } catch (e) {
          sink.flush();
          const err = e as Error;
          result = notStarted(job, 'crashed', `${err.message}${err.stack ? `\n${err.stack}` : ''}`);
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

