/**
 * summary.json must say what metrics.jsonl shows. A job whose trainer was killed, crashed or stopped
 * reports no numbers of its own (or none at all): its steps, epochs, best and final values are taken
 * from its last records. A run whose writer died while it said `running` is rebuilt the same way.
 */
import { defaultEarlyStoppingMode } from '../metric-direction';
import type { ArmResult, ArmStatus, MetricRecord, RunStatus, RunSummary } from '../metrics';

type JobKey = { arm: string; seed: number };
const keyOf = (j: JobKey): string => `${j.seed}\u0000${j.arm}`;

/** The run's status from its arms: stopped (resumable) before failed (crashed) before diverged before completed. */
export function runStatus(arms: readonly ArmResult[], stopping: boolean): RunStatus {
  const has = (s: ArmStatus) => arms.some((a) => a.status === s);
  if (stopping || has('stopped')) return 'stopped';
  if (has('crashed')) return 'failed';
  if (has('diverged')) return 'diverged';
  return 'completed';
}

/** Records grouped by job, in file order. */
export function recordsByJob(records: readonly MetricRecord[]): Map<string, MetricRecord[]> {
  const out = new Map<string, MetricRecord[]>();
  for (const r of records) {
    const k = keyOf(r);
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(r);
  }
  return out;
}

const higherIsBetter = (metric: string): boolean => defaultEarlyStoppingMode(metric) === 'max';

/**
 * A result completed with what the job's records show: steps, epochs, wall time, best and final
 * validation values and the last train loss. Numbers the trainer reported itself are kept when they
 * go at least as far as the records.
 */
export function resultFromRecords(result: ArmResult, records: readonly MetricRecord[] | undefined): ArmResult {
  if (!records?.length) return result;
  const last = records[records.length - 1];
  const steps = Math.max(...records.map((r) => r.step));
  if (result.steps >= steps && Object.keys(result.final).length > 0) return result;
  const best: Record<string, number> = {};
  let lastEval: Record<string, number> = {};
  let lastLoss: number | undefined;
  let final: Record<string, number> | undefined;
  for (const r of records) {
    if (r.kind === 'train' && Number.isFinite(r.values.loss)) lastLoss = r.values.loss;
    if (r.kind === 'final') final = r.values;
    if (r.kind !== 'eval') continue;
    lastEval = r.values;
    for (const [k, v] of Object.entries(r.values)) {
      if (k === 'stepsPerSec' || !Number.isFinite(v)) continue;
      if (!(k in best) || (higherIsBetter(k) ? v > best[k] : v < best[k])) best[k] = v;
    }
  }
  const values = { ...(final ?? lastEval) };
  delete values.stepsPerSec;
  if (!final && lastLoss !== undefined) values.loss = lastLoss;
  const mainMetric = 'val/accuracy' in best ? 'val/accuracy' : 'val/r2' in best ? 'val/r2' : result.mainMetric;
  const wall = Math.max(result.wallTimeSec, last.time);
  return {
    ...result,
    steps,
    epochs: Math.max(...records.map((r) => r.epoch)),
    wallTimeSec: wall,
    stepsPerSec: wall > 0 ? steps / wall : 0,
    mainMetric,
    best,
    final: values,
  };
}

/**
 * A summary left `running` by a writer that is gone: every job with records but no result gets one
 * (`stopped`, so `resume` runs it again), and every recorded result is checked against its records.
 */
export function reconstructSummary(summary: RunSummary, records: readonly MetricRecord[], why: string): RunSummary {
  const byJob = recordsByJob(records);
  const arms = summary.arms.map((a) => resultFromRecords(a, byJob.get(keyOf(a))));
  const known = new Set(arms.map(keyOf));
  for (const [k, list] of byJob) {
    if (known.has(k)) continue;
    const { arm, seed } = list[0];
    const hadFinal = list.some((r) => r.kind === 'final');
    const reason = `the run's writer ended before this job's result was recorded (${hadFinal ? 'its final record is in' : 'reconstructed from'} metrics.jsonl)`;
    const blank: ArmResult = { arm, seed, status: 'stopped', reason, steps: 0, epochs: 0, wallTimeSec: 0, stepsPerSec: 0, mainMetric: 'val/loss', best: {}, final: {} };
    arms.push(resultFromRecords(blank, list));
  }
  return { ...summary, arms, status: runStatus(arms, true), reason: summary.reason ?? why, reconstructed: why };
}
