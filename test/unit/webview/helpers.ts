/** Builders for webview unit tests: records and run views. */
import type { MetricKind, MetricRecord } from '../../../src/shared/metrics';
import type { RunView } from '../../../src/shared/protocol/webview';

export function rec(arm: string, seed: number, step: number, kind: MetricKind, values: Record<string, number>, extra: Partial<MetricRecord> = {}): MetricRecord {
  return { arm, seed, step, epoch: step / 10, time: step * 0.5, kind, values, ...extra };
}

export function view(records: MetricRecord[], over: Partial<RunView> = {}): RunView {
  const arms = [...new Set(records.map((r) => r.arm))];
  return { key: '/runs/a', name: 'a', runDir: '/runs/a', arms, repeats: 1, live: false, records, ...over };
}

export function close(actual: number, expected: number, tol = 1e-9): boolean {
  return Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected));
}

/** A small seeded generator (mulberry32) for repeatable random data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
