/**
 * One (arm, seed, kind) stream of records as columns: step, epoch and time, plus one column per metric
 * (NaN where a record has no such value). Kept sorted by step; a record that arrives out of order is
 * inserted in place and bumps `rewrites`, which tells caches built on the old contents to start over.
 */
import { Column } from './column';

export type XMode = 'step' | 'epoch' | 'time';
export const X_MODES: readonly XMode[] = ['step', 'epoch', 'time'];

export interface StreamPoint {
  step: number;
  epoch: number;
  time: number;
  values: Readonly<Record<string, number>>;
}

export class Stream {
  readonly step = new Column();
  readonly epoch = new Column();
  readonly time = new Column();
  readonly metrics = new Map<string, Column>();
  rewrites = 0;

  get length(): number {
    return this.step.length;
  }

  x(mode: XMode): Column {
    return mode === 'step' ? this.step : mode === 'epoch' ? this.epoch : this.time;
  }

  append(p: StreamPoint): void {
    const n = this.length;
    for (const name in p.values) {
      if (!this.metrics.has(name)) {
        const c = new Column();
        c.padTo(n);
        this.metrics.set(name, c);
      }
    }
    if (n === 0 || p.step >= this.step.last()) {
      this.step.push(p.step);
      this.epoch.push(p.epoch);
      this.time.push(p.time);
      for (const [name, c] of this.metrics) c.push(p.values[name] ?? NaN);
      return;
    }
    const at = upperBound(this.step.values, p.step);
    this.step.insert(at, p.step);
    this.epoch.insert(at, p.epoch);
    this.time.insert(at, p.time);
    for (const [name, c] of this.metrics) c.insert(at, p.values[name] ?? NaN);
    this.rewrites++;
  }
}

/** First index whose value is greater than `v` in an ascending array. */
export function upperBound(a: ArrayLike<number>, v: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose value is not less than `v` in an ascending array. */
export function lowerBound(a: ArrayLike<number>, v: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
