/** Runs a job whole, stopped, and resumed from a checkpoint, and compares the records. */
import { join } from 'node:path';
import type { ExperimentConfig } from '../../../src/shared/config/types';
import type { ArmResult, MetricRecord } from '../../../src/shared/metrics';
import type { Job } from '../../../src/shared/protocol/trainer';
import { armFolders, checkpointSteps as stepsIn, jobWeightsDir } from '../../../src/shared/runner/weights-layout';
import { runJobs } from '../../../src/trainer/run-jobs';

export const backend = process.env.LOSSLAB_TEST_BACKEND ?? 'wasm';

export interface Trained {
  records: MetricRecord[];
  result: ArmResult;
}

/** Trains one job in this process; `stopAt`: a cooperative stop once the job has taken that step. */
export async function train(config: ExperimentConfig, job: Job, runDir: string, stopAt?: number, allowUserCode = false): Promise<Trained> {
  const records: MetricRecord[] = [];
  let step = 0;
  const [result] = await runJobs(config, [job], {
    backend, runDir, allowUserCode,
    onMetrics: (r) => records.push(...r),
    onProgress: (s) => (step = s),
    shouldStop: () => stopAt !== undefined && step >= stopAt,
  });
  return { records, result };
}

/** Checkpoint steps of a job on disk, oldest first. */
export function checkpointSteps(runDir: string, config: ExperimentConfig, job: Job): number[] {
  return stepsIn(jobWeightsDir(runDir, config, job)!);
}

export function checkpointPath(config: ExperimentConfig, job: Job, step: number): string {
  return join('weights', armFolders(config.losses.map((l) => l.name)).get(job.arm)!, `seed-${job.seed}`, `step-${step}.safetensors`);
}

/** Values compared exactly: all but the measured throughput (`stepsPerSec`, a timing). */
function comparable(values: Record<string, number>): Record<string, number> {
  const { stepsPerSec: _t, ...rest } = values;
  return rest;
}

/**
 * The first difference between two record lists (kind, step, epoch, values bit for bit, series), or
 * undefined when they are the same; `time` is not compared (it is measured).
 */
export function firstDifference(got: readonly MetricRecord[], want: readonly MetricRecord[]): string | undefined {
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    const g = got[i];
    const w = want[i];
    if (!g || !w) return `record ${i}: ${g ? 'extra' : 'missing'} ${JSON.stringify(g ?? w)}`;
    const a = { kind: g.kind, step: g.step, epoch: g.epoch, values: comparable(g.values), series: g.series };
    const b = { kind: w.kind, step: w.step, epoch: w.epoch, values: comparable(w.values), series: w.series };
    const sa = JSON.stringify(a, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
    const sb = JSON.stringify(b, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
    if (sa !== sb) return `record ${i} differs:\n  got  ${sa}\n  want ${sb}`;
  }
  return undefined;
}

/** The first record whose `time` is below its predecessor's, or undefined. */
export function timeGoesBack(records: readonly MetricRecord[]): string | undefined {
  for (let i = 1; i < records.length; i++) {
    if (records[i].time < records[i - 1].time) return `record ${i} (${records[i].kind} at step ${records[i].step}) has time ${records[i].time} < ${records[i - 1].time}`;
  }
  return undefined;
}
