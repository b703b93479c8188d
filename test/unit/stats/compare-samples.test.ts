import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BOOTSTRAP_MIN_SEEDS, comparePaired, compareUnpaired } from '../../../src/shared/stats/compare-samples';
import { holm, wilsonInterval } from '../../../src/shared/stats/proportion';

const o = { confidence: 0.95, seed: 1 };

test('one seed: a difference and a tally, but no interval or p-value', () => {
  const c = comparePaired([0.02], o);
  assert.equal(c.n, 1);
  assert.equal(c.meanDiff, 0.02);
  assert.equal(c.ci, undefined);
  assert.equal(c.ciMethod, undefined);
  assert.equal(c.pValue, undefined);
  assert.deepEqual([c.wins, c.ties, c.losses], [1, 0, 0]);
});

test('zero variance: a point interval; p = 0 for a nonzero difference, 1 for none', () => {
  const up = comparePaired([0.01, 0.01, 0.01], o);
  assert.deepEqual(up.ci, [0.01, 0.01]);
  assert.equal(up.pValue, 0);
  assert.equal(up.seedsNeeded, undefined);
  const none = comparePaired([0, 0, 0], o);
  assert.deepEqual(none.ci, [0, 0]);
  assert.equal(none.pValue, 1);
  assert.deepEqual([none.wins, none.ties, none.losses], [0, 3, 0]);
  assert.equal(none.pImprovement, 0.5);
});

test('ties count half in P(improvement); float noise is a tie', () => {
  const c = comparePaired([0.1, 1e-15, -0.2, 0.3], o);
  assert.deepEqual([c.wins, c.ties, c.losses], [2, 1, 1]);
  assert.equal(c.pImprovement, 2.5 / 4);
  assert.deepEqual(c.pImprovementCi, wilsonInterval(2.5, 4, 0.95));
});

test(`paired t below ${BOOTSTRAP_MIN_SEEDS} seeds, BCa bootstrap from there on`, () => {
  const diffs = [0.3, -0.1, 0.25, 0.05, 0.4, -0.2, 0.15, 0.1, 0.2, 0.12];
  assert.equal(comparePaired(diffs.slice(0, BOOTSTRAP_MIN_SEEDS - 1), o).ciMethod, 'paired-t');
  const boot = comparePaired(diffs.slice(0, BOOTSTRAP_MIN_SEEDS), o);
  assert.equal(boot.ciMethod, 'bca-bootstrap');
  assert.deepEqual(comparePaired(diffs, o).ci, boot.ci, 'the same seed gives the same interval');
  assert.ok(boot.pValue! > 0 && boot.pValue! < 1, 'the p-value is the paired t-test at any n');
});

test('seeds needed only when the interval contains 0, at half |mean| unless minEffect is set', () => {
  const straddle = comparePaired([0.01, -0.006, 0.004, -0.003, 0.007], o);
  assert.ok(straddle.ci![0] < 0 && straddle.ci![1] > 0);
  assert.ok(straddle.seedsNeeded! > 5);
  const finer = comparePaired([0.01, -0.006, 0.004, -0.003, 0.007], { ...o, minEffect: 0.0001 });
  assert.ok(finer.seedsNeeded! > straddle.seedsNeeded!);
  assert.equal(comparePaired([0.008, 0.011, 0.002, 0.013, 0.006], o).seedsNeeded, undefined);
});

test('unpaired: Welch interval, cross-pair tally, no interval for P(improvement)', () => {
  const c = compareUnpaired([0.91, 0.93, 0.9], [0.89, 0.9], o);
  assert.equal(c.paired, false);
  assert.equal(c.ciMethod, 'welch-t');
  assert.deepEqual([c.wins, c.ties, c.losses], [5, 1, 0]);
  assert.equal(c.pImprovementCi, undefined);
  assert.equal(compareUnpaired([0.9], [0.8, 0.85], o).ci, undefined, 'one seed on a side: no interval');
});

test('Wilson interval: 5 of 5 reaches down to 0.57, 0 of 5 up to 0.43', () => {
  const [lo, hi] = wilsonInterval(5, 5, 0.95);
  assert.ok(Math.abs(lo - 0.5655) < 1e-4 && hi === 1, `[${lo}, ${hi}]`);
  const [lo0, hi0] = wilsonInterval(0, 5, 0.95);
  assert.ok(Math.abs(lo0) < 1e-15 && Math.abs(hi0 - 0.4345) < 1e-4);
});

test('Holm: step-down multipliers, monotone, capped at 1, input order kept', () => {
  const adjusted = holm([0.04, 0.01, 0.03, 0.5]);
  const expected = [0.09, 0.04, 0.09, 0.5];
  adjusted.forEach((p, i) => assert.ok(Math.abs(p - expected[i]) < 1e-12, `${i}: ${p} vs ${expected[i]}`));
  assert.deepEqual(holm([0.6, 0.7]), [1, 1]);
  assert.deepEqual(holm([]), []);
});
