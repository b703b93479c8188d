/**
 * Confidence intervals of a sweep trial across its seeds: the mean of a final metric (or of the
 * objective) with a Student-t interval, as the trial table and the Pareto view's error bars show
 * them. Seeds that did not produce a finite value are left out; below two seeds there is none.
 */
import { pairedT } from '../../src/shared/stats/t-tests';
import type { TrialPoint } from './sweep-model';

export interface SeedInterval {
  mean: number;
  lo: number;
  hi: number;
  /** Seeds behind it. */
  n: number;
  confidence: number;
}

/** The mean of `values` with its t-interval; undefined below two finite values. */
export function meanInterval(values: readonly number[], confidence = 0.95): SeedInterval | undefined {
  const xs = values.filter(Number.isFinite);
  if (xs.length < 2) return undefined;
  const t = pairedT(xs, confidence);
  return { mean: t.mean, lo: t.ci[0], hi: t.ci[1], n: xs.length, confidence };
}

/** A trial's interval on one final metric across its seeds. */
export function metricInterval(p: TrialPoint, metric: string, confidence = 0.95): SeedInterval | undefined {
  return meanInterval(p.seeds.map((s) => s.metrics[metric]).filter((v): v is number => v !== undefined), confidence);
}

/** A trial's interval on its objective across its seeds. */
export function objectiveInterval(p: TrialPoint, confidence = 0.95): SeedInterval | undefined {
  return meanInterval(p.seeds.map((s) => s.objective).filter((v): v is number => v !== undefined), confidence);
}

/** "95% CI 0.812 … 0.845 (3 seeds)"; without the seed count when `seeds` is false. */
export function intervalText(i: SeedInterval, format: (v: number) => string, seeds = true): string {
  return `${Math.round(i.confidence * 1000) / 10}% CI ${format(i.lo)} \u2026 ${format(i.hi)}${seeds ? ` (${i.n} seeds)` : ''}`;
}

/** Error bars of one point: its x and y intervals where the trial has them. */
export interface ErrorBar {
  x?: [number, number];
  y?: [number, number];
}

export function errorBar(p: TrialPoint, xMetric: string, yMetric: string, confidence = 0.95): ErrorBar {
  const x = metricInterval(p, xMetric, confidence);
  const y = metricInterval(p, yMetric, confidence);
  return { ...(x ? { x: [x.lo, x.hi] as [number, number] } : {}), ...(y ? { y: [y.lo, y.hi] as [number, number] } : {}) };
}
