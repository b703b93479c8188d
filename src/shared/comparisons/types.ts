/** One paired verdict between two arms on one metric: an entry of `summary.json`'s `comparisons`. */

export type CompareWhich = 'best' | 'final';

export interface Comparison {
  metric: string;
  /** The metric's split, when its name says (`val/…`, `test/…`). */
  split?: 'val' | 'test';
  /** The value compared: best during training (val metrics) or at the end. */
  which: CompareWhich;
  arm: string;
  baseline: string;
  higherIsBetter: boolean;
  /** Seeds compared (paired: present in both; unpaired: the smaller side). */
  n: number;
  seeds: number[];
  /** Mean of the per-seed differences, signed so that positive = the arm is better. */
  meanDiff: number;
  /** Absent with one seed. */
  ci?: [number, number];
  confidence: number;
  /** 'paired-t' below 10 seeds, 'bca-bootstrap' from 10, 'welch-t' when unpaired. */
  ciMethod?: 'paired-t' | 'bca-bootstrap' | 'welch-t';
  /** P(arm beats baseline on a random seed), ties half. */
  pImprovement: number;
  /** Wilson score interval of `pImprovement` (paired only). */
  pImprovementCi?: [number, number];
  wins: number;
  ties: number;
  losses: number;
  /** Per-seed differences (positive = better), in `seeds` order; paired only. */
  diffs?: number[];
  /** Two-sided paired t-test (Welch when unpaired). */
  pValue?: number;
  /** Holm-adjusted over the arms compared on this metric and `which`, when `correction` is 'holm'. */
  pHolm?: number;
  /** Seeds for the t-interval to resolve `minEffect`; only when the interval contains 0. */
  seedsNeeded?: number;
  /** The difference `seedsNeeded` resolves (compare.minEffect, or half |meanDiff|). */
  minEffect?: number;
  paired: boolean;
  /** The interval excludes 0 and (when corrected) pHolm < 1 − confidence. */
  significant: boolean;
  /** Seeds where a side diverged, crashed or has no finite value: scored as `failedScore`, a loss. */
  failedSeeds?: { arm: number[]; baseline: number[] };
  /** The worst finite value any completed job reached on this metric, given to failed seeds. */
  failedScore?: number;
  /** Seeds left out because a side did not finish (stopped). */
  unfinishedSeeds?: number[];
  verdict: string;
}
