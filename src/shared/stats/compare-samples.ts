/**
 * Summaries of "is one arm better than another" from per-seed scores oriented so that higher is
 * better. Paired (same seeds on both sides): the per-seed differences, with a paired t-interval for
 * n < BOOTSTRAP_MIN_SEEDS and a BCa bootstrap interval from there on (a bootstrap over fewer seeds
 * has too few distinct resamples to trust its tails; the t-interval leans on normality instead).
 * Unpaired: Welch's interval, and wins/ties/losses over every cross pair of seeds.
 */
import { bcaBootstrapInterval } from './bootstrap';
import { wilsonInterval } from './proportion';
import { type Interval, mean, pairedT, seedsNeeded, variance, welchT } from './t-tests';

export const BOOTSTRAP_MIN_SEEDS = 10;

export type CiMethod = 'paired-t' | 'bca-bootstrap' | 'welch-t';

export interface SampleComparison {
  /** Seeds (paired) or the smaller side's seed count (unpaired). */
  n: number;
  /** Mean of arm − baseline; positive = the arm is better. */
  meanDiff: number;
  /** Standard deviation of the per-seed differences (paired, n ≥ 2). */
  sdDiff?: number;
  /** Absent with one seed: no interval can be drawn from a single difference. */
  ci?: Interval;
  ciMethod?: CiMethod;
  /** Two-sided p-value of the paired t-test (Welch's test when unpaired). */
  pValue?: number;
  /** P(arm beats baseline on a random seed), ties counting half; unpaired: over all cross pairs. */
  pImprovement: number;
  /** Wilson score interval of `pImprovement` (paired only: cross pairs are not independent). */
  pImprovementCi?: Interval;
  wins: number;
  ties: number;
  losses: number;
  /** Seeds for the paired t half-width to fall below `minEffect`; only when `ci` contains 0. */
  seedsNeeded?: number;
  paired: boolean;
}

export interface CompareOptions {
  confidence: number;
  /** Seed of the bootstrap's own random stream. */
  seed: number;
  /** The effect the seeds-needed estimate should resolve; default half |meanDiff|. */
  minEffect?: number;
}

/** Differences this close to 0 are ties (float noise of equal scores). */
const TIE = 1e-12;

function tally(diffs: readonly number[]): { wins: number; ties: number; losses: number } {
  let wins = 0;
  let ties = 0;
  for (const d of diffs) {
    if (Math.abs(d) <= TIE) ties++;
    else if (d > 0) wins++;
  }
  return { wins, ties, losses: diffs.length - wins - ties };
}

export function comparePaired(diffs: readonly number[], o: CompareOptions): SampleComparison {
  const n = diffs.length;
  if (n === 0) throw new Error('no paired seeds to compare');
  const counts = tally(diffs);
  const pImprovement = (counts.wins + counts.ties / 2) / n;
  const out: SampleComparison = { n, meanDiff: mean(diffs), pImprovement, pImprovementCi: wilsonInterval(counts.wins + counts.ties / 2, n, o.confidence), ...counts, paired: true };
  if (n < 2) return out;
  const t = pairedT(diffs, o.confidence);
  out.sdDiff = Math.sqrt(variance(diffs));
  out.pValue = t.pValue;
  if (n < BOOTSTRAP_MIN_SEEDS) {
    out.ci = t.ci;
    out.ciMethod = 'paired-t';
  } else {
    out.ci = bcaBootstrapInterval(diffs, o.confidence, o.seed);
    out.ciMethod = 'bca-bootstrap';
  }
  if (out.ci[0] <= 0 && out.ci[1] >= 0) {
    const needed = seedsNeeded(out.sdDiff, o.minEffect ?? Math.abs(out.meanDiff) / 2, o.confidence);
    if (needed !== undefined) out.seedsNeeded = needed;
  }
  return out;
}

/** `arm` and `baseline` are scores of different seeds (or data); nothing cancels between them. */
export function compareUnpaired(arm: readonly number[], baseline: readonly number[], o: CompareOptions): SampleComparison {
  if (arm.length === 0 || baseline.length === 0) throw new Error('no seeds to compare');
  const cross: number[] = [];
  for (const a of arm) for (const b of baseline) cross.push(a - b);
  const counts = tally(cross);
  const out: SampleComparison = {
    n: Math.min(arm.length, baseline.length),
    meanDiff: mean(arm) - mean(baseline),
    pImprovement: (counts.wins + counts.ties / 2) / cross.length,
    ...counts,
    paired: false,
  };
  if (arm.length < 2 || baseline.length < 2) return out;
  const w = welchT(arm, baseline, o.confidence);
  out.ci = w.ci;
  out.ciMethod = 'welch-t';
  out.pValue = w.pValue;
  return out;
}
