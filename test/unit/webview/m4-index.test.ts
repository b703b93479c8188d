import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChangeLog } from '../../../webview/model/change-log';
import { M4Index } from '../../../webview/model/m4-index';
import { rng } from './helpers';

function series(n: number, seed: number): { x: Float64Array; y: Float64Array } {
  const r = rng(seed);
  return { x: new Float64Array(n).map((_, i) => i * 0.25), y: new Float64Array(n).map((_, i) => Math.cos(i / 300) + r() - 0.5) };
}

test('incremental M4 keeps endpoints and extremes, within the bucket budget', () => {
  const { x, y } = series(100_000, 2);
  y[12_345] = 50;
  y[98_765] = -50;
  const m4 = new M4Index(300);
  for (let n = 1000; n <= x.length; n += 1000) m4.sync(x, y, y, n, m4.processed, false);
  const idx = m4.indices();
  assert.equal(idx[0], 0);
  assert.equal(idx[idx.length - 1], x.length - 1);
  assert.ok(idx.includes(12_345) && idx.includes(98_765));
  assert.ok(idx.length <= 4 * 600, `${idx.length} points`);
  assert.ok(idx.length >= 300);
  for (let k = 1; k < idx.length; k++) assert.ok(idx[k] > idx[k - 1]);
});

test('grown in chunks or synced at once, the index is the same', () => {
  const { x, y } = series(30_000, 9);
  const once = new M4Index(200);
  once.sync(x, y, y, x.length, 0, false);
  const grown = new M4Index(200);
  const r = rng(4);
  for (let n = 1; n < x.length; n += 1 + Math.floor(r() * 900)) grown.sync(x, y, y, n, grown.processed, false);
  grown.sync(x, y, y, x.length, grown.processed, false);
  // Bucket widths differ (chosen from the first span seen), but each keeps every global feature.
  for (const idx of [once.indices(), grown.indices()]) {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < y.length; i++) {
      if (y[i] < y[lo]) lo = i;
      if (y[i] > y[hi]) hi = i;
    }
    assert.ok(idx.includes(lo) && idx.includes(hi) && idx.includes(0) && idx.includes(x.length - 1));
  }
});

test('a change in the middle recomputes from there; log axes skip values ≤ 0', () => {
  const { x, y } = series(5_000, 3);
  const m4 = new M4Index(50);
  m4.sync(x, y, y, x.length, 0, false);
  y[4_000] = 99;
  m4.sync(x, y, y, x.length, 4_000, false);
  assert.ok(m4.indices().includes(4_000));
  const pos = new M4Index(50);
  const neg = new Float64Array(100).map((_, i) => (i % 2 ? -1 : 1));
  pos.sync(new Float64Array(100).map((_, i) => i), neg, neg, 100, 0, true);
  assert.ok(pos.indices().every((i) => i % 2 === 0));
});

test('change log: the first row changed since a version', () => {
  const log = new ChangeLog();
  assert.equal(log.since(0), Infinity);
  log.record(100);
  log.record(40);
  log.record(70);
  assert.equal(log.since(0), 40);
  assert.equal(log.since(2), 70);
  assert.equal(log.since(3), Infinity);
  for (let i = 0; i < 100; i++) log.record(500);
  assert.equal(log.since(1), 0, 'too old to tell');
});
