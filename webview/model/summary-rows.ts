/**
 * The summary table's rows: one per arm, from the run summary where an (arm, seed) job has ended and
 * from the records so far where it has not, so the table is live. With several seeds each number is
 * the mean over seeds (min–max and each seed's value kept for the tooltip), and the status is the most
 * serious one among the seeds (crashed, diverged, stopped, not started, running, pending, completed).
 * A job of an ended run that never trained (queued when the run stopped) is `notStarted`, not `stopped`.
 */
import { METRIC, type ArmResult, type ArmStatus } from '../../src/shared/metrics';
import { higherIsBetter } from './chart-defs';
import type { RunData } from './run-data';

export type RowStatus = ArmStatus | 'notStarted' | 'running' | 'pending' | 'unknown';

/** How a status reads in the table and legend. */
export function statusLabel(status: RowStatus): string {
  return status === 'notStarted' ? 'not started' : status;
}

export interface Stat {
  mean: number;
  min: number;
  max: number;
  perSeed: { seed: number; value: number }[];
}

export interface SummaryRow {
  arm: string;
  status: RowStatus;
  /** e.g. "diverged" or "diverged · 1 of 3 seeds". */
  statusText: string;
  /** Why seeds ended (early stopping included), e.g. "seed 1: NaN in loss at step 412". */
  reasons: string[];
  best?: Stat;
  final?: Stat;
  finalLoss?: Stat;
  stepsPerSec?: Stat;
  steps?: number;
}

export interface SummaryTable {
  mainMetric?: string;
  rows: SummaryRow[];
}

const SEVERITY: readonly RowStatus[] = ['crashed', 'diverged', 'stopped', 'notStarted', 'running', 'pending', 'completed', 'unknown'];

export function mainMetricOf(run: RunData): string | undefined {
  const fromSummary = run.summary?.arms.find((a) => a.mainMetric)?.mainMetric;
  if (fromSummary) return fromSummary;
  return [METRIC.valAccuracy, METRIC.valR2].find((m) => run.metricKind.has(m));
}

function stat(perSeed: { seed: number; value: number }[]): Stat | undefined {
  const ok = perSeed.filter((p) => Number.isFinite(p.value));
  if (ok.length === 0) return undefined;
  const vs = ok.map((p) => p.value);
  return { mean: vs.reduce((a, b) => a + b, 0) / vs.length, min: Math.min(...vs), max: Math.max(...vs), perSeed: ok };
}

/** Last finite value of a metric for a seed, and (when asked) the best one (by `higher`). */
function fromRecords(run: RunData, arm: string, seed: number, metric: string, best?: 'higher' | 'lower'): { last: number; best: number } {
  const v = run.series(arm, seed, metric)?.stream.metrics.get(metric)?.values;
  let last = NaN;
  let top = NaN;
  if (!v) return { last, best: top };
  for (let i = v.length - 1; i >= 0; i--) {
    if (Number.isFinite(v[i])) {
      last = v[i];
      break;
    }
  }
  if (best) {
    for (let i = 0; i < v.length; i++) {
      if (Number.isFinite(v[i]) && (Number.isNaN(top) || (best === 'higher' ? v[i] > top : v[i] < top))) top = v[i];
    }
  }
  return { last, best: top };
}

function lastStep(run: RunData, arm: string, seed: number): number {
  let step = NaN;
  for (const s of run.streams(arm, seed).values()) if (s.length) step = Math.max(Number.isNaN(step) ? -Infinity : step, s.step.last());
  return step;
}

function seedStatus(run: RunData, result: ArmResult | undefined, hasRecords: boolean): RowStatus {
  if (result) return result.status === 'stopped' && !hasRecords && !(result.steps > 0) ? 'notStarted' : result.status;
  if (run.live) return hasRecords ? 'running' : 'pending';
  return 'unknown';
}

/** An arm with no job at all: waiting while live, never started when the run ended early. */
function emptyArmStatus(run: RunData): RowStatus {
  if (run.live) return 'pending';
  const ended = run.summary?.status;
  return ended === 'stopped' || ended === 'failed' ? 'notStarted' : 'unknown';
}

export function summaryTable(run: RunData): SummaryTable {
  const main = mainMetricOf(run);
  const higher = main ? higherIsBetter(main) : true;
  const rows = run.arms.map((arm): SummaryRow => {
    const results = run.summary?.arms.filter((a) => a.arm === arm) ?? [];
    const seeds = [...new Set([...results.map((r) => r.seed), ...run.seeds(arm)])].sort((a, b) => a - b);
    const per = seeds.map((seed) => {
      const r = results.find((x) => x.seed === seed);
      const mm = main ? fromRecords(run, arm, seed, main, higher ? 'higher' : 'lower') : { last: NaN, best: NaN };
      const loss = fromRecords(run, arm, seed, METRIC.loss);
      const sps = fromRecords(run, arm, seed, METRIC.stepsPerSec);
      return {
        seed,
        status: seedStatus(run, r, run.seeds(arm).includes(seed)),
        reason: r?.reason,
        best: main && r?.best[main] !== undefined ? r.best[main] : mm.best,
        final: main && r?.final[main] !== undefined ? r.final[main] : mm.last,
        finalLoss: r?.final[METRIC.loss] ?? loss.last,
        stepsPerSec: r && Number.isFinite(r.stepsPerSec) ? r.stepsPerSec : sps.last,
        steps: r && Number.isFinite(r.steps) ? r.steps : lastStep(run, arm, seed),
      };
    });
    const statuses = per.map((p) => p.status);
    const status = statuses.length ? SEVERITY.find((s) => statuses.includes(s)) ?? 'unknown' : emptyArmStatus(run);
    const count = statuses.filter((s) => s === status).length;
    const pick = (f: (p: (typeof per)[number]) => number): Stat | undefined => stat(per.map((p) => ({ seed: p.seed, value: f(p) })));
    const steps = per.map((p) => p.steps).filter(Number.isFinite);
    return {
      arm,
      status,
      statusText: per.length > 1 && count < per.length ? `${statusLabel(status)} · ${count} of ${per.length} seeds` : statusLabel(status),
      reasons: per.filter((p) => p.reason).map((p) => (per.length > 1 ? `seed ${p.seed}: ${p.reason}` : String(p.reason))),
      best: pick((p) => p.best),
      final: pick((p) => p.final),
      finalLoss: pick((p) => p.finalLoss),
      stepsPerSec: pick((p) => p.stepsPerSec),
      steps: steps.length ? Math.max(...steps) : undefined,
    };
  });
  return { mainMetric: main, rows };
}
