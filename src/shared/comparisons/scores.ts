/**
 * Per-seed scores of one arm on one metric, from the `best`/`final` records of `summary.json`. A seed
 * that diverged or crashed, or ended without a finite value for the metric, is never dropped: it
 * scores the worst finite value any completed job of the pool reached (so it loses, or at best ties
 * with an equally bad seed). A stopped seed did not finish; it is left out and named. An arm whose
 * completed seeds all lack the metric does not log it (e.g. a method's own trace): no comparison.
 */
import type { ArmResult } from '../metrics';
import type { CompareWhich } from './types';

export interface ArmScores {
  /** seed → score, failed seeds included at the failure score. */
  bySeed: Map<number, number>;
  failed: number[];
  unfinished: number[];
  /** Completed seeds, and those of them with a finite value: none of many means the arm does not log the metric at all. */
  completed: number;
  measured: number;
}

function rawValue(r: ArmResult, metric: string, which: CompareWhich): number | undefined {
  const v = (which === 'best' ? r.best : r.final)?.[metric];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

const isFailure = (r: ArmResult): boolean => r.status === 'diverged' || r.status === 'crashed';

/** The worst finite value of `metric` among the pool's completed jobs; undefined when none has one. */
export function worstValue(pool: readonly ArmResult[], metric: string, which: CompareWhich, higherIsBetter: boolean): number | undefined {
  let worst: number | undefined;
  for (const r of pool) {
    if (r.status !== 'completed') continue;
    const v = rawValue(r, metric, which);
    if (v !== undefined && (worst === undefined || (higherIsBetter ? v < worst : v > worst))) worst = v;
  }
  return worst;
}

export function armScores(pool: readonly ArmResult[], arm: string, metric: string, which: CompareWhich, failScore: number): ArmScores {
  const out: ArmScores = { bySeed: new Map(), failed: [], unfinished: [], completed: 0, measured: 0 };
  for (const r of pool) {
    if (r.arm !== arm) continue;
    if (r.status === 'stopped') {
      out.unfinished.push(r.seed);
      continue;
    }
    const v = isFailure(r) ? undefined : rawValue(r, metric, which);
    if (r.status === 'completed') {
      out.completed++;
      if (v !== undefined) out.measured++;
    }
    if (v === undefined) out.failed.push(r.seed);
    out.bySeed.set(r.seed, v ?? failScore);
  }
  return out;
}
