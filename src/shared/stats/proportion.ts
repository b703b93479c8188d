/** Interval for a proportion, and Holm's step-down correction of a family of p-values. */
import { normalQuantile } from './special';
import type { Interval } from './t-tests';

/**
 * Wilson's score interval for `successes` of `n` (successes may be fractional: a tie counts half).
 * Chosen over the bootstrap because it stays sensible at 0 or n successes out of a handful of seeds,
 * where a bootstrap collapses to a point.
 */
export function wilsonInterval(successes: number, n: number, confidence: number): Interval {
  if (n <= 0) return [0, 1];
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** Holm-adjusted p-values, in the input's order: sorted ascending, p₍ᵢ₎·(m − i), made monotone, capped at 1. */
export function holm(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, p * (m - rank)));
    out[i] = running;
  });
  return out;
}
