import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MetricKind, MetricRecord } from '../../../src/shared/metrics';
import { thinRecords } from '../../../src/extension/panel/thin-records';

const rec = (arm: string, seed: number, step: number, kind: MetricKind, values: Record<string, number>): MetricRecord => ({ arm, seed, step, epoch: step / 50, time: step / 100, kind, values });

/** Two arms × two seeds of noisy training curves, evaluations every 25 steps, probes with their own metric, finals. */
function bigRun(steps: number): MetricRecord[] {
  let x = 12345;
  const noise = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
  const out: MetricRecord[] = [];
  for (let step = 1; step <= steps; step++) {
    for (const arm of ['ce', 'focal']) {
      for (const seed of [0, 1]) {
        out.push(rec(arm, seed, step, 'train', { loss: 1 / Math.sqrt(step) + 0.1 * noise(), gradNorm: 2 + noise() }));
        if (step % 25 === 0) out.push(rec(arm, seed, step, 'eval', { 'val/loss': 1 / step, 'val/accuracy': 1 - 1 / step }));
        if (step % 40 === 0) out.push(rec(arm, seed, step, 'probe', { smoothness: step }));
      }
    }
  }
  for (const arm of ['ce', 'focal']) for (const seed of [0, 1]) out.push(rec(arm, seed, steps, 'final', { 'test/accuracy': 0.9 }));
  return out;
}

const seriesOf = (records: readonly MetricRecord[], arm: string, seed: number, kind: MetricKind) => records.filter((r) => r.arm === arm && r.seed === seed && r.kind === kind);

test('a small run is not thinned', () => {
  assert.equal(thinRecords(bigRun(100), 64), undefined);
});

test('a big run keeps order, ends, finals and every series, and is much smaller', () => {
  const all = bigRun(5000);
  const thin = thinRecords(all, 64);
  assert.ok(thin, 'thinned');
  assert.ok(thin.length < all.length / 5, `${thin.length} of ${all.length}`);
  let last = -1;
  for (const r of thin) {
    const i = all.indexOf(r);
    assert.ok(i > last, 'a subsequence in the original order');
    last = i;
  }
  assert.deepEqual(thin.filter((r) => r.kind === 'final'), all.filter((r) => r.kind === 'final'));
  for (const arm of ['ce', 'focal']) {
    for (const seed of [0, 1]) {
      for (const kind of ['train', 'eval', 'probe'] as const) {
        const full = seriesOf(all, arm, seed, kind);
        const kept = seriesOf(thin, arm, seed, kind);
        assert.equal(kept[0], full[0], `${arm}/${seed}/${kind} first`);
        assert.equal(kept.at(-1), full.at(-1), `${arm}/${seed}/${kind} last`);
        assert.ok(kept.length <= 4 * 64, `${arm}/${seed}/${kind}: ${kept.length}`);
      }
    }
  }
});

test('per bucket of consecutive records, the lowest and highest loss survive (the drawn envelope is the same)', () => {
  const all = bigRun(6000);
  const thin = thinRecords(all, 100)!;
  const full = seriesOf(all, 'focal', 1, 'train');
  const kept = new Set(seriesOf(thin, 'focal', 1, 'train'));
  const n = full.length;
  for (let b = 0; b < 100; b++) {
    const bucket = full.slice(Math.floor((b * n) / 100), Math.floor(((b + 1) * n) / 100));
    const losses = bucket.map((r) => r.values.loss);
    const keptLosses = bucket.filter((r) => kept.has(r)).map((r) => r.values.loss);
    assert.equal(Math.min(...keptLosses), Math.min(...losses), `bucket ${b} min`);
    assert.equal(Math.max(...keptLosses), Math.max(...losses), `bucket ${b} max`);
  }
});

test('a single spike survives, and records without a finite reference value do not break it', () => {
  const all: MetricRecord[] = [];
  for (let step = 1; step <= 4000; step++) all.push(rec('a', 0, step, 'train', { loss: step === 2717 ? 50 : 1 }));
  for (let step = 1000; step < 1100; step++) all[step].values = { loss: null as unknown as number };
  const thin = thinRecords(all, 32)!;
  assert.ok(thin.some((r) => r.values.loss === 50));
  assert.ok(thin.length <= 4 * 32);
});

test('records whose metric names differ are separate series (a metric first seen late is kept)', () => {
  const all: MetricRecord[] = [];
  for (let step = 1; step <= 3000; step++) all.push(rec('a', 0, step, 'train', step > 2990 ? { loss: 1, sharpness: 3 } : { loss: 1 }));
  const thin = thinRecords(all, 16)!;
  assert.equal(thin.filter((r) => 'sharpness' in r.values).length, 10);
});
