/**
 * Contour levels for a loss surface. Losses span orders of magnitude (a minimum's 0.01 beside 100 at
 * the slice's edge), so levels are log-spaced: round values m·10^k with m from a set of mantissas
 * (1; 1, 3; 1, 2, 5; …), the set whose number of bands is closest to the target. The first level is
 * at or below the smallest value and the last at or above the largest, so every point is in a band.
 */

const MANTISSAS: readonly (readonly number[])[] = [[1], [1, 3], [1, 2, 5], [1, 1.5, 2, 3, 5, 7], [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8]];

/** Smallest and largest finite positive value of a grid (undefined when there is none). */
export function positiveRange(grid: readonly (readonly number[])[]): { min: number; max: number } | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const row of grid) {
    for (const v of row) {
      if (!(v > 0) || v === Infinity) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min <= max ? { min, max } : undefined;
}

function niceLevels(min: number, max: number, mantissas: readonly number[]): number[] {
  const all: number[] = [];
  for (let k = Math.floor(Math.log10(min)) - 1; k <= Math.ceil(Math.log10(max)) + 1; k++) {
    // toPrecision: 3 × 10^-2 as 0.03, not 0.030000000000000002.
    for (const m of mantissas) all.push(Number((m * 10 ** k).toPrecision(12)));
  }
  const lo = Math.max(...all.filter((v) => v <= min));
  const hi = Math.min(...all.filter((v) => v >= max && v > lo));
  return all.filter((v) => v >= lo && v <= hi);
}

/**
 * Ascending log-spaced levels with levels[0] ≤ min and levels[last] ≥ max (min > 0), about `target`
 * bands; over less than about a third of a decade, where round values give too few, `target`
 * geometric steps from min to max.
 */
export function logLevels(min: number, max: number, target = 12): number[] {
  if (!(min > 0) || !(max >= min) || !Number.isFinite(max)) throw new Error(`log levels need 0 < min ≤ max, got ${min} and ${max}`);
  let best: number[] = [];
  for (const set of MANTISSAS) {
    const levels = niceLevels(min, max, set);
    if (best.length === 0 || Math.abs(levels.length - 1 - target) < Math.abs(best.length - 1 - target)) best = levels;
  }
  if (best.length - 1 >= 4) return best;
  if (max === min) return [min / 1.01, max * 1.01];
  return Array.from({ length: target + 1 }, (_, i) => (i === 0 ? min : i === target ? max : min * (max / min) ** (i / target)));
}

/** Index of the band [levels[i], levels[i + 1]) holding v: below the first level counts as band 0, above the last (or not finite) as the top band. */
export function bandOf(levels: readonly number[], v: number): number {
  const top = levels.length - 2;
  if (!(v === v) || v >= levels[levels.length - 1]) return top;
  let i = 0;
  while (i < top && v >= levels[i + 1]) i++;
  return i;
}
