/**
 * Min-max ("M4") downsampling for sorted series: the x range is cut into equal buckets and each bucket
 * keeps its first and last point and the points holding its lowest and highest value. With buckets at
 * about half the pixel width the line drawn is the same as with every point, at ≤ 4 points per bucket;
 * endpoints and extremes are always kept.
 */
import { lowerBound, upperBound } from './stream';

/** Which y values can be drawn (finite, and positive on a log axis). */
export type Accept = (y: number) => boolean;
export const finite: Accept = (y) => Number.isFinite(y);
export const positive: Accept = (y) => Number.isFinite(y) && y > 0;

/** Index range [start, end) covering x in [xmin, xmax], plus one point beyond each side so lines run to the edges. */
export function visibleRange(x: ArrayLike<number>, n: number, xmin: number, xmax: number): [number, number] {
  const start = Math.max(0, lowerBound(x, xmin, 0, n) - 1);
  const end = Math.min(n, upperBound(x, xmax, 0, n) + 1);
  return [start, Math.max(start, end)];
}

/**
 * Indices (ascending) of the points to draw from [start, end). `low` gives each bucket's minimum and
 * `high` its maximum (the same array for a line; the band's lower and upper edges for a band).
 */
export function downsample(
  x: ArrayLike<number>,
  low: ArrayLike<number>,
  high: ArrayLike<number>,
  start: number,
  end: number,
  buckets: number,
  accept: Accept = finite,
): number[] {
  const out: number[] = [];
  const ok = (i: number): boolean => accept(low[i]) && accept(high[i]);
  if (end - start <= 4 * Math.max(1, buckets)) {
    for (let i = start; i < end; i++) if (ok(i)) out.push(i);
    return out;
  }
  const x0 = x[start];
  const span = x[end - 1] - x0;
  const scale = span > 0 ? buckets / span : 0;
  let bucket = -1;
  let first = -1;
  let last = -1;
  let lo = -1;
  let hi = -1;
  const flush = (): void => {
    if (first < 0) return;
    const picked = [first, lo, hi, last].sort((a, b) => a - b);
    for (let k = 0; k < picked.length; k++) if (k === 0 || picked[k] !== picked[k - 1]) out.push(picked[k]);
  };
  for (let i = start; i < end; i++) {
    if (!ok(i)) continue;
    const b = Math.min(buckets - 1, Math.floor((x[i] - x0) * scale));
    if (b !== bucket) {
      flush();
      bucket = b;
      first = lo = hi = i;
    } else {
      if (low[i] < low[lo]) lo = i;
      if (high[i] > high[hi]) hi = i;
    }
    last = i;
  }
  flush();
  return out;
}
