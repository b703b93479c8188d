/**
 * Mean and spread across seeds, aligned by step. The rows are the union of the steps the seeds logged;
 * at each step every seed whose logged range covers it contributes its value there (linearly
 * interpolated between its two neighbouring points when it did not log that exact step); seeds that
 * have not reached the step (or started after it) do not count. Each row keeps the mean, min, max and
 * sample standard deviation of the contributions, their count, and the mean epoch and time.
 */
import { lowerBound } from './stream';

export interface SeedSeries {
  step: ArrayLike<number>;
  epoch: ArrayLike<number>;
  time: ArrayLike<number>;
  /** NaN where the seed has no value. */
  value: ArrayLike<number>;
  length: number;
}

export interface AggregateRow {
  step: number;
  epoch: number;
  time: number;
  mean: number;
  min: number;
  max: number;
  std: number;
  n: number;
}

type Cursor = { next: number; prev: number };

/** A cursor at the first point with step > `after` (the seed's last finite point before it in `prev`). */
function startCursor(s: SeedSeries, after: number): Cursor {
  let next = lowerBound(s.step, after, 0, s.length);
  while (next < s.length && s.step[next] <= after) next++;
  let prev = next - 1;
  while (prev >= 0 && !Number.isFinite(s.value[prev])) prev--;
  return { next, prev };
}

/** Moves `c` so that `next` is the first finite point with step ≥ `step` and `prev` the last one before. */
function advance(s: SeedSeries, c: Cursor, step: number): void {
  while (c.next < s.length && (s.step[c.next] < step || !Number.isFinite(s.value[c.next]))) {
    if (Number.isFinite(s.value[c.next])) c.prev = c.next;
    c.next++;
  }
}

function lerp(a: ArrayLike<number>, i: number, j: number, t: number): number {
  return a[i] + (a[j] - a[i]) * t;
}

/** Rows for every union step greater than `after`, in step order. */
export function aggregateSeeds(seeds: readonly SeedSeries[], after = -Infinity): AggregateRow[] {
  const rows: AggregateRow[] = [];
  const union = seeds.map((s) => startCursor(s, after));
  const look = seeds.map((s) => startCursor(s, after));
  const vals: number[] = [];
  for (;;) {
    let step = Infinity;
    seeds.forEach((s, k) => {
      advance(s, union[k], -Infinity);
      if (union[k].next < s.length) step = Math.min(step, s.step[union[k].next]);
    });
    if (step === Infinity) return rows;
    seeds.forEach((s, k) => {
      while (union[k].next < s.length && s.step[union[k].next] <= step) union[k].next++;
    });
    vals.length = 0;
    let epoch = 0;
    let time = 0;
    seeds.forEach((s, k) => {
      const c = look[k];
      advance(s, c, step);
      if (c.next >= s.length) return;
      const j = c.next;
      if (s.step[j] === step) {
        vals.push(s.value[j]);
        epoch += s.epoch[j];
        time += s.time[j];
      } else if (c.prev >= 0) {
        const t = (step - s.step[c.prev]) / (s.step[j] - s.step[c.prev]);
        vals.push(lerp(s.value, c.prev, j, t));
        epoch += lerp(s.epoch, c.prev, j, t);
        time += lerp(s.time, c.prev, j, t);
      }
    });
    rows.push(summarise(step, epoch, time, vals));
  }
}

function summarise(step: number, epochSum: number, timeSum: number, vals: number[]): AggregateRow {
  const n = vals.length;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of vals) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / n;
  let ss = 0;
  for (const v of vals) ss += (v - mean) * (v - mean);
  return { step, epoch: epochSum / n, time: timeSum / n, mean, min, max, std: n > 1 ? Math.sqrt(ss / (n - 1)) : 0, n };
}

/** Where rows must be recomputed after the seeds grew: after this step (−∞: all of them). */
export function recomputeAfter(
  seeds: readonly SeedSeries[],
  rewrites: readonly number[],
  seen: readonly { length: number; rewrites: number; lastStep: number }[],
): number {
  if (seeds.length !== seen.length) return -Infinity;
  let after = Infinity;
  for (let k = 0; k < seeds.length; k++) {
    const s = seeds[k];
    const was = seen[k];
    if (was.rewrites !== rewrites[k] || s.length < was.length) return -Infinity;
    // Appends land at or after the old last step, and a row takes a seed's first point at a step, so
    // rows up to the seed's old last finite step keep their values.
    if (s.length !== was.length) after = Math.min(after, was.lastStep);
  }
  return after;
}

export function lastFiniteStep(s: SeedSeries): number {
  for (let i = s.length - 1; i >= 0; i--) if (Number.isFinite(s.value[i])) return s.step[i];
  return -Infinity;
}
