import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aggregateSeeds, type SeedSeries } from '../../../webview/model/aggregate';
import { MeanCurve } from '../../../webview/model/curves';
import { RunData } from '../../../webview/model/run-data';
import { close, rec, rng, view } from './helpers';

function seed(steps: number[], values: number[]): SeedSeries {
  return { step: steps, epoch: steps.map((s) => s / 10), time: steps.map((s) => s * 2), value: values, length: steps.length };
}

test('mean and band across seeds with misaligned steps (interpolated inside each seed\'s range only)', () => {
  const a = seed([0, 10, 20], [0, 10, 20]);
  const b = seed([0, 5, 15, 25], [2, 2, 2, 2]);
  const rows = aggregateSeeds([a, b]);
  assert.deepEqual(rows.map((r) => r.step), [0, 5, 10, 15, 20, 25]);
  assert.deepEqual(rows.map((r) => r.mean), [1, 3.5, 6, 8.5, 11, 2]);
  assert.deepEqual(rows.map((r) => r.min), [0, 2, 2, 2, 2, 2]);
  assert.deepEqual(rows.map((r) => r.max), [2, 5, 10, 15, 20, 2]);
  assert.deepEqual(rows.map((r) => r.n), [2, 2, 2, 2, 2, 1]);
  assert.ok(close(rows[2].std, 8 / Math.SQRT2));
  assert.equal(rows[5].std, 0);
  assert.ok(close(rows[1].epoch, 0.5));
  assert.ok(close(rows[1].time, 10));
});

test('a seed\'s missing values (NaN) are skipped and bridged by interpolation', () => {
  const a = seed([0, 10, 20], [0, NaN, 20]);
  const b = seed([0, 10, 20], [4, 4, 4]);
  const rows = aggregateSeeds([a, b]);
  assert.deepEqual(rows.map((r) => r.step), [0, 10, 20]);
  assert.deepEqual(rows.map((r) => r.mean), [2, 7, 12]);
});

test('rows after a given step only', () => {
  const rows = aggregateSeeds([seed([0, 10, 20], [0, 10, 20]), seed([0, 5, 15, 25], [2, 2, 2, 2])], 10);
  assert.deepEqual(rows.map((r) => r.step), [15, 20, 25]);
  assert.deepEqual(rows.map((r) => r.mean), [8.5, 11, 2]);
});

test('MeanCurve grown by live appends equals one built from everything at once', () => {
  const r = rng(11);
  const recs = [];
  for (let step = 0; step < 600; step++) {
    for (const s of [0, 1, 2]) if ((step + s) % (s + 1) === 0 && !(s === 2 && step > 500)) recs.push(rec('ce', s, step, 'train', { loss: r() }));
  }
  const whole = new RunData(view(recs));
  const live = new RunData(view([]));
  const curve = new MeanCurve();
  const seriesOf = (run: RunData) => run.seeds('ce').map((s) => run.series('ce', s, 'loss')!);
  for (let i = 0; i < recs.length; i += 97) {
    live.append(recs.slice(i, i + 97));
    curve.update(seriesOf(live));
    curve.smoothed('mean', 0.7);
  }
  assert.ok(curve.builtFrom(seriesOf(live)));
  assert.equal(curve.builtFrom(seriesOf(whole)), false, 'another run object: rebuilt, not reused');
  const ref = new MeanCurve();
  ref.update(seriesOf(whole));
  assert.equal(curve.length, ref.length);
  const [m1, m2] = [curve.smoothed('mean', 0.7), ref.smoothed('mean', 0.7)];
  for (let i = 0; i < ref.length; i++) {
    assert.ok(close(curve.raw('mean')[i], ref.raw('mean')[i]), `mean row ${i}`);
    assert.ok(close(curve.raw('max')[i], ref.raw('max')[i]), `max row ${i}`);
    assert.ok(close(m1[i], m2[i]), `smoothed row ${i}`);
  }
});
