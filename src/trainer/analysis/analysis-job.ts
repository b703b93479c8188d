/**
 * Runs an analysis job (a Job with `analysis`) in the trainer: loads the seed's saved weights, computes,
 * and writes the result as JSON to the run folder (`landscape/…`). Progress travels as records of kind
 * `probe` with values { done, total } (the host shows them; they are not a run's metrics), and a stop
 * request is seen between evaluations.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { landscapeEvaluations } from '../../shared/analysis/landscape-size';
import type { AnalysisRequest, AnalysisResult } from '../../shared/analysis/types';
import type { ExperimentConfig } from '../../shared/config/types';
import type { ArmResult } from '../../shared/metrics';
import type { Job } from '../../shared/protocol/trainer';
import { Rng } from '../../shared/rng';
import { writeFileAtomic } from '../../shared/runner/run-folder';
import type { JobHooks } from '../job/train-job';
import type { PreparedData } from '../job/prepared-data';
import { analysisContext } from './analysis-context';
import { analyseHessian } from './analyse-hessian';
import { analyseLandscape } from './analyse-landscape';

class Stopped extends Error {}

const YIELD_EVERY_MS = 25;
const REPORT_EVERY_MS = 100;

export async function analyseJob(config: ExperimentConfig, data: PreparedData, job: Job & { analysis: AnalysisRequest }, hooks: JobHooks, runDir: string | undefined): Promise<ArmResult> {
  if (runDir === undefined) throw new Error('an analysis needs the run folder');
  const req = job.analysis;
  const t0 = performance.now();
  const total = req.kind === 'landscape' ? landscapeEvaluations(req) : undefined;
  let done = 0;
  let lastYield = performance.now();
  let lastReport = -Infinity;
  const report = (): void => {
    hooks.emit({ arm: job.arm, seed: job.seed, step: done, epoch: 0, time: (performance.now() - t0) / 1000, kind: 'probe', values: { done, ...(total ? { total } : {}) } });
    lastReport = performance.now();
  };
  const tick = async (): Promise<void> => {
    done++;
    hooks.progress?.(done, 'probe');
    if (performance.now() - lastReport > REPORT_EVERY_MS) report();
    if (performance.now() - lastYield > YIELD_EVERY_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
    if (hooks.shouldStop()) throw new Stopped();
  };
  const ctx = analysisContext(config, data, runDir, job.seed, req.split);
  const rng = new Rng(job.seed).fork(`analysis-${req.kind}`);
  const base = { arm: job.arm, seed: job.seed, epochs: 0, stepsPerSec: 0, mainMetric: 'val/loss', best: {} };
  let result: AnalysisResult;
  try {
    report();
    result = req.kind === 'hessian' ? await analyseHessian(ctx, req, job.seed, rng, tick) : await analyseLandscape(ctx, req, job.seed, rng, tick);
  } catch (e) {
    if (!(e instanceof Stopped)) throw e;
    report();
    hooks.flush();
    return { ...base, status: 'stopped', reason: `stopped by request after ${done} of ${total ?? 'the'} evaluations`, steps: done, wallTimeSec: (performance.now() - t0) / 1000, final: {} };
  }
  const path = join(runDir, req.output);
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomic(runDir, path, JSON.stringify(result) + '\n');
  report();
  hooks.flush();
  return { ...base, status: 'completed', steps: done, wallTimeSec: (performance.now() - t0) / 1000, final: headline(result), output: req.output };
}

/** The result's headline numbers, for the job's summary line. */
function headline(r: AnalysisResult): Record<string, number> {
  if (r.kind === 'hessian') return { 'hessian/top': r.top.values[0], 'hessian/trace': r.trace.value, 'hessian/products': r.products };
  return Object.fromEntries(r.paths.map((p) => [`barrier/${p.from}→${p.to}`, p.barrier.height]));
}
