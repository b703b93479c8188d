import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EmaCache, emaSmooth } from '../../../webview/model/ema';
import { close, rng } from './helpers';

test('EMA is debiased like TensorBoard (hand-computed, weight 0.5)', () => {
  // s1 = 0.5·1 = 0.5, /(1−0.5) = 1; s2 = 0.25 + 1 = 1.25, /(1−0.25) = 5/3; s3 = 0.625 + 1.5 = 2.125, /(1−0.125) = 17/7
  const out = emaSmooth([1, 2, 3], 0.5);
  assert.ok(close(out[0], 1));
  assert.ok(close(out[1], 5 / 3));
  assert.ok(close(out[2], 17 / 7));
});

test('EMA of a constant stays at the constant from the first point (no pull towards zero)', () => {
  for (const v of emaSmooth([4, 4, 4, 4, 4], 0.9)) assert.ok(close(v, 4));
});

test('EMA passes non-finite values through and does not count them', () => {
  const out = emaSmooth([1, NaN, 3], 0.5);
  assert.ok(close(out[0], 1));
  assert.ok(Number.isNaN(out[1]));
  // second finite value: (0.25 + 1.5) / 0.75
  assert.ok(close(out[2], 1.75 / 0.75));
});

test('EMA weight 0 leaves the values unchanged', () => {
  assert.deepEqual([...emaSmooth([3, 1, 2], 0)], [3, 1, 2]);
});

test('EmaCache extends incrementally, restarts on a new weight, and recomputes from a changed index', () => {
  const r = rng(1);
  const src = Array.from({ length: 500 }, () => r());
  const cache = new EmaCache();
  let got = cache.sync(src.slice(0, 100), 0.8, 0);
  got = cache.sync(src.slice(0, 350), 0.8, 100);
  got = cache.sync(src, 0.8, 350);
  const full = emaSmooth(src, 0.8);
  assert.equal(got.length, 500);
  for (let i = 0; i < 500; i++) assert.ok(close(got[i], full[i]));
  const changed = [...src];
  changed[200] = 5;
  got = cache.sync(changed, 0.8, 200);
  const fullChanged = emaSmooth(changed, 0.8);
  for (let i = 0; i < 500; i++) assert.ok(close(got[i], fullChanged[i]));
  got = cache.sync(changed, 0.3, 500);
  const other = emaSmooth(changed, 0.3);
  for (let i = 0; i < 500; i++) assert.ok(close(got[i], other[i]));
});

test('EmaCache recomputes correctly from any changed row (checkpoint boundaries included)', () => {
  const r = rng(5);
  const src = Array.from({ length: 2000 }, () => r());
  const cache = new EmaCache();
  cache.sync(src, 0.95, 0);
  for (const at of [1999, 1024, 1023, 256, 255, 0, 700, 1500]) {
    src[at] = r() * 10;
    const got = cache.sync(src, 0.95, at);
    const full = emaSmooth(src, 0.95);
    for (let i = 0; i < src.length; i++) assert.ok(close(got[i], full[i]), `change at ${at}, row ${i}`);
  }
  const longer = [...src, ...Array.from({ length: 600 }, () => r())];
  const got = cache.sync(longer, 0.95, src.length);
  const full = emaSmooth(longer, 0.95);
  for (let i = 0; i < longer.length; i++) assert.ok(close(got[i], full[i]));
});
