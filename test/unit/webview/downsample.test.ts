import assert from 'node:assert/strict';
import { test } from 'node:test';
import { downsample, positive, visibleRange } from '../../../webview/model/downsample';
import { rng } from './helpers';

function data(n: number, seed = 7): { x: Float64Array; y: Float64Array } {
  const r = rng(seed);
  const x = new Float64Array(n).map((_, i) => i * 3);
  const y = new Float64Array(n).map((_, i) => Math.sin(i / 50) + (r() - 0.5) * 0.4);
  return { x, y };
}

test('downsampling keeps the endpoints and the global extremes, in order, at ≤ 4 points per bucket', () => {
  const { x, y } = data(100_000);
  y[31_337] = 9;
  y[77_001] = -9;
  const idx = downsample(x, y, y, 0, y.length, 400);
  assert.ok(idx.length <= 1600, `kept ${idx.length}`);
  assert.ok(idx.length > 400);
  assert.equal(idx[0], 0);
  assert.equal(idx[idx.length - 1], y.length - 1);
  assert.ok(idx.includes(31_337));
  assert.ok(idx.includes(77_001));
  for (let k = 1; k < idx.length; k++) assert.ok(idx[k] > idx[k - 1]);
});

test('downsampling keeps every bucket\'s min and max', () => {
  const { x, y } = data(20_000, 3);
  const buckets = 100;
  const idx = new Set(downsample(x, y, y, 0, y.length, buckets));
  const span = x[x.length - 1] - x[0];
  const lo = new Map<number, number>();
  const hi = new Map<number, number>();
  for (let i = 0; i < y.length; i++) {
    const b = Math.min(buckets - 1, Math.floor(((x[i] - x[0]) / span) * buckets));
    if (!lo.has(b) || y[i] < y[lo.get(b)!]) lo.set(b, i);
    if (!hi.has(b) || y[i] > y[hi.get(b)!]) hi.set(b, i);
  }
  for (const i of [...lo.values(), ...hi.values()]) assert.ok(idx.has(i), `bucket extreme ${i} missing`);
});

test('downsampling a band keeps the lower edge\'s minimum and the upper edge\'s maximum', () => {
  const { x, y } = data(10_000, 5);
  const low = y.map((v) => v - 1);
  const high = y.map((v) => v + 1);
  low[4_000] = -50;
  high[6_000] = 50;
  const idx = downsample(x, low, high, 0, y.length, 50);
  assert.ok(idx.includes(4_000) && idx.includes(6_000));
});

test('small inputs come back whole; non-drawable values are skipped (log axis: y ≤ 0)', () => {
  const x = [0, 1, 2, 3, 4];
  const y = [1, -1, NaN, 0, 2];
  assert.deepEqual(downsample(x, y, y, 0, 5, 10), [0, 1, 3, 4]);
  assert.deepEqual(downsample(x, y, y, 0, 5, 10, positive), [0, 4]);
});

test('visibleRange covers the x window plus one point beyond each side', () => {
  const x = [0, 10, 20, 30, 40, 50];
  assert.deepEqual(visibleRange(x, x.length, 15, 35), [1, 5]);
  assert.deepEqual(visibleRange(x, x.length, -100, 100), [0, 6]);
  assert.deepEqual(visibleRange(x, x.length, 60, 70), [5, 6]);
});
