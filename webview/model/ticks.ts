/** Axis tick helpers (pure). */

/**
 * Drops the last tick when it is less than half a step past the one before: an axis that ends at
 * the data (or a run's plan) gets its end as a tick, which would print over the last round one.
 */
export function dropCrowdedEnd(ticks: { value: number }[]): void {
  const n = ticks.length;
  if (n < 3) return;
  const step = ticks[1].value - ticks[0].value;
  if (ticks[n - 1].value - ticks[n - 2].value < step / 2) ticks.pop();
}
