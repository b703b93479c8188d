/**
 * Collects live metric records and hands them on in batches, at most one batch per `intervalMs`
 * (100 ms → ≤ 10 messages per second), so a fast trainer cannot flood a webview. vscode-free.
 */
import type { MetricRecord } from '../../shared/metrics';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
  now: () => Date.now(),
};

export class MetricBatcher {
  private pending: MetricRecord[] = [];
  private timer: unknown;
  private lastFlush = -Infinity;
  private disposed = false;

  constructor(
    private readonly sink: (records: MetricRecord[]) => void,
    private readonly intervalMs = 100,
    private readonly timers: Timers = realTimers,
  ) {}

  get pendingCount(): number {
    return this.pending.length;
  }

  push(records: readonly MetricRecord[]): void {
    if (this.disposed || records.length === 0) return;
    this.pending.push(...records);
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.lastFlush + this.intervalMs - this.timers.now());
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  /** Sends what is pending now (e.g. before a summary, so the page sees the last records first). */
  flush(): void {
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.disposed || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.lastFlush = this.timers.now();
    this.sink(batch);
  }

  /** Drops what is pending (the page is about to get everything in an `init`). */
  clear(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
  }

  /** Drops what is pending; later pushes are ignored. */
  dispose(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
    this.disposed = true;
  }
}
