/**
 * Student-t intervals and tests: the paired one-sample t on per-seed differences, and Welch's
 * unpaired interval when the two sides were not trained on the same seeds.
 */
import { tQuantile, tTwoSidedP } from './special';

export type Interval = [lo: number, hi: number];

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample variance (n − 1 in the denominator); NaN for fewer than two values. */
export function variance(xs: readonly number[]): number {
  if (xs.length < 2) return NaN;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return s / (xs.length - 1);
}

export interface TResult {
  mean: number;
  /** Standard error of `mean`. */
  se: number;
  df: number;
  t: number;
  /** Two-sided p-value for mean = 0. */
  pValue: number;
  ci: Interval;
}

/**
 * A t-interval and test from a mean, its standard error and degrees of freedom. A zero standard
 * error (every difference equal) gives the point interval and p = 0, or p = 1 when the mean is 0
 * too; scipy returns NaN there, but "all seeds agree exactly" is an answer, not a failure.
 */
function fromStandardError(m: number, se: number, df: number, confidence: number): TResult {
  if (se === 0) return { mean: m, se, df, t: m === 0 ? 0 : Math.sign(m) * Infinity, pValue: m === 0 ? 1 : 0, ci: [m, m] };
  const t = m / se;
  const q = tQuantile(1 - (1 - confidence) / 2, df);
  return { mean: m, se, df, t, pValue: tTwoSidedP(t, df), ci: [m - q * se, m + q * se] };
}

/** The paired t: one-sample t on the differences (needs n ≥ 2). */
export function pairedT(diffs: readonly number[], confidence: number): TResult {
  const n = diffs.length;
  if (n < 2) throw new Error(`a t-interval needs at least 2 differences, got ${n}`);
  return fromStandardError(mean(diffs), Math.sqrt(variance(diffs) / n), n - 1, confidence);
}

/** Welch's interval for mean(a) − mean(b), with Welch–Satterthwaite degrees of freedom (each side n ≥ 2). */
export function welchT(a: readonly number[], b: readonly number[], confidence: number): TResult {
  if (a.length < 2 || b.length < 2) throw new Error(`Welch's interval needs at least 2 values on each side, got ${a.length} and ${b.length}`);
  const va = variance(a) / a.length;
  const vb = variance(b) / b.length;
  const se = Math.sqrt(va + vb);
  const df = se === 0 ? a.length + b.length - 2 : (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  return fromStandardError(mean(a) - mean(b), se, df, confidence);
}

/**
 * Seeds needed for the paired t-interval's half-width to fall below `minEffect` at the observed SD of
 * the differences: the smallest n ≥ 2 with t(1 − α/2, n − 1) · sd / √n < minEffect. Undefined when
 * it cannot be said (no spread, or no effect to resolve).
 */
export function seedsNeeded(sd: number, minEffect: number, confidence: number): number | undefined {
  if (!(sd > 0) || !(minEffect > 0) || !Number.isFinite(sd)) return undefined;
  const upper = 1 - (1 - confidence) / 2;
  // t > z, so the normal-theory n is a lower bound to start from.
  const z = tQuantile(upper, 1e12);
  let n = Math.max(2, Math.ceil(((z * sd) / minEffect) ** 2));
  if (n > 1e6) return n;
  while ((tQuantile(upper, n - 1) * sd) / Math.sqrt(n) >= minEffect) n++;
  return n;
}
