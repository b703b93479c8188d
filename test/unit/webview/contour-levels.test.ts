import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bandOf, logLevels, positiveRange } from '../../../webview/model/contour-levels';
import { random2d } from './analysis-fixtures';
import { rng } from './helpers';

const ROUND = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8];

function mantissa(v: number): number {
  return Number((v / 10 ** Math.floor(Math.log10(v) + 1e-12)).toPrecision(6));
}

test('log levels enclose min and max, ascend, and are round values m·10^k', () => {
  const random = rng(7);
  const cases: [number, number][] = [[0.0123, 121.97], [0.14, 1.2], [1e-5, 3], [2, 2000], [0.5, 5], [0.9, 3.1]];
  for (let k = 0; k < 200; k++) {
    const a = 10 ** (random() * 8 - 5);
    cases.push([a, a * 10 ** (random() * 6 + 0.5)]);
  }
  for (const [min, max] of cases) {
    const levels = logLevels(min, max);
    assert.ok(levels[0] <= min, `${levels[0]} ≤ min ${min}`);
    assert.ok(levels[levels.length - 1] >= max, `${levels[levels.length - 1]} ≥ max ${max}`);
    for (let i = 1; i < levels.length; i++) assert.ok(levels[i] > levels[i - 1], `ascending at ${i}: ${levels.join(', ')}`);
    // The first level is the last round value at or below min: the next one is above it.
    assert.ok(levels[1] > min && levels[levels.length - 2] < max, `no band lies wholly outside [min, max] (${min}, ${max}: ${levels.join(', ')})`);
    assert.ok(levels.length - 1 >= 4 && levels.length - 1 <= 24, `${levels.length - 1} bands for ${min} … ${max}`);
    for (const v of levels) assert.ok(ROUND.includes(mantissa(v)), `${v} is a round value`);
  }
});

test('over a small fraction of a decade, geometric steps from min to max exactly', () => {
  const levels = logLevels(1, 1.05, 10);
  assert.equal(levels.length, 11);
  assert.equal(levels[0], 1);
  assert.equal(levels[10], 1.05);
  const ratios = levels.slice(1).map((v, i) => v / levels[i]);
  for (const r of ratios) assert.ok(Math.abs(r - ratios[0]) < 1e-12);
  const flat = logLevels(0.3, 0.3);
  assert.ok(flat[0] < 0.3 && flat[flat.length - 1] > 0.3, 'a constant surface still gets a band around its value');
  assert.throws(() => logLevels(0, 1), /0 < min ≤ max/);
  assert.throws(() => logLevels(2, 1), /0 < min ≤ max/);
});

test('positiveRange skips zero, negative and non-finite values; the real slice spans orders of magnitude', () => {
  assert.deepEqual(positiveRange([[0, -1, NaN, 2], [Infinity, 0.5, 3]]), { min: 0.5, max: 3 });
  assert.equal(positiveRange([[0, NaN]]), undefined);
  const r = random2d();
  const range = positiveRange(r.slice.loss)!;
  const flat = r.slice.loss.flat();
  assert.equal(range.min, Math.min(...flat));
  assert.equal(range.max, Math.max(...flat));
  assert.ok(range.max / range.min > 100);
});

test('bandOf puts a value in the band [levels[i], levels[i+1]); outside or NaN at the ends', () => {
  const levels = [0.1, 0.2, 0.5, 1, 2];
  assert.equal(bandOf(levels, 0.1), 0);
  assert.equal(bandOf(levels, 0.19), 0);
  assert.equal(bandOf(levels, 0.2), 1);
  assert.equal(bandOf(levels, 1.5), 3);
  assert.equal(bandOf(levels, 2), 3);
  assert.equal(bandOf(levels, 0.01), 0);
  assert.equal(bandOf(levels, 50), 3);
  assert.equal(bandOf(levels, NaN), 3);
});
