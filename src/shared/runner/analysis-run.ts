/**
 * Runs one analysis of a finished run's saved weights (src/shared/analysis) on an executor — local
 * trainer processes or Slurm — as a job of its own: the host holds the run folder's lock while it runs
 * (one writer), shows progress from the trainer's progress records (not written to metrics.jsonl),
 * stops it on request, and reads the result file the trainer wrote under `landscape/`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { landscapeEvaluations } from '../analysis/landscape-size';
import type { AnalysisRequest, AnalysisResult } from '../analysis/types';
import type { ExperimentConfig } from '../config/types';
import type { ArmResult, RunSummary } from '../metrics';
import type { Executor, TrialExecution } from './executor';

export interface AnalysisRunRequest {
  runDir: string;
  config: ExperimentConfig;
  summary: RunSummary;
  seed: number;
  request: AnalysisRequest;
  executor: Executor;
  backend?: string;
}

export interface AnalysisOutcome {
  job: ArmResult;
  /** The result, when the job completed. */
  result?: AnalysisResult;
}

/** A one-line reason the run folder cannot be analysed this way, or undefined. */
export function analysisProblem(summary: RunSummary, request: AnalysisRequest, seed: number, armOrder: readonly string[] = []): string | undefined {
  const arms = request.kind === 'hessian' ? [request.arm] : request.arms;
  for (const arm of arms) {
    const job = summary.arms.find((a) => a.arm === arm && a.seed === seed);
    if (!job) {
      const names = [...new Set([...armOrder, ...summary.arms.map((a) => a.arm)])].filter((n) => summary.arms.some((a) => a.arm === n));
      const seeds = [...new Set(summary.arms.map((a) => a.seed))];
      return names.includes(arm) ? `arm '${arm}' has no seed ${seed} in this run (seeds: ${seeds.join(', ')})` : `no arm '${arm}' in this run; its arms: ${names.join(', ')}`;
    }
    if (!job.weights?.final) {
      return `arm '${arm}' (seed ${seed}) has no saved final weights${job.status === 'diverged' ? ' (it diverged)' : job.weights ? '' : ' (the run was made before Loss Lab saved weights, or with checkpoints.final false)'}`;
    }
  }
  return undefined;
}

export class AnalysisRun {
  private execution?: TrialExecution;

  constructor(
    private readonly req: AnalysisRunRequest,
    private readonly onProgress: (done: number, total: number | undefined) => void = () => {},
  ) {}

  async run(): Promise<AnalysisOutcome> {
    const { req } = this;
    const total = req.request.kind === 'landscape' ? landscapeEvaluations(req.request) : undefined;
    const job = { arm: req.request.kind === 'hessian' ? req.request.arm : req.request.arms[0], seed: req.seed, analysis: req.request };
    this.execution = req.executor.submit(
      { config: req.config, jobs: [job], runDir: req.runDir, backend: req.backend, allowUserCode: false },
      {
        // The job's progress records carry the evaluations done as their step: the batch header has it.
        onMetrics: (batch) => {
          const mark = batch.jobs.at(-1);
          if (mark) this.onProgress(mark.step, total);
        },
      },
    );
    const [result] = await this.execution.results;
    if (result.status !== 'completed' || !result.output) return { job: result };
    return { job: result, result: JSON.parse(readFileSync(join(req.runDir, result.output), 'utf8')) as AnalysisResult };
  }

  /** Cooperative: the trainer ends between two evaluations. */
  stop(): void {
    this.execution?.stop();
  }
}
