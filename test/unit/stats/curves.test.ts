import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareCurves } from '../../../src/shared/comparisons/curve-comparison';
import type { MetricRecord } from '../../../src/shared/metrics';
import { curveArea, pairedCurveDiff } from '../../../src/shared/stats/curves';
import { pairedT } from '../../../src/shared/stats/t-tests';

test('curve area: trapezoids over the step span (the average level); one point is its value', () => {
  assert.equal(curveArea([{ step: 0, value: 0 }, { step: 10, value: 1 }]), 0.5);
  assert.equal(curveArea([{ step: 0, value: 0.2 }, { step: 10, value: 0.6 }, { step: 30, value: 0.6 }]), (0.4 * 10 + 0.6 * 20) / 30);
  assert.equal(curveArea([{ step: 5, value: 0.7 }]), 0.7);
  assert.ok(Number.isNaN(curveArea([])));
});

test('paired curve difference: per step over the seeds both sides evaluated, with a pointwise t band', () => {
  const arm = new Map([
    [1, [{ step: 0, value: 0.5 }, { step: 10, value: 0.8 }, { step: 20, value: 0.9 }]],
    [2, [{ step: 0, value: 0.5 }, { step: 10, value: 0.7 }]],
  ]);
  const base = new Map([
    [1, [{ step: 0, value: 0.5 }, { step: 10, value: 0.7 }, { step: 20, value: 0.8 }]],
    [2, [{ step: 0, value: 0.5 }, { step: 10, value: 0.65 }, { step: 20, value: NaN }]],
  ]);
  const d = pairedCurveDiff(arm, base, true, 0.95);
  assert.deepEqual(d.map((p) => [p.step, p.n]), [[0, 2], [10, 2], [20, 1]]);
  const t = pairedT([0.8 - 0.7, 0.7 - 0.65], 0.95);
  assert.deepEqual([d[1].lo, d[1].hi], t.ci);
  assert.equal(d[2].lo, undefined, 'one seed: no band');
  assert.ok(Math.abs(pairedCurveDiff(arm, base, false, 0.95)[1].mean + t.mean) < 1e-15, 'lower-is-better flips the sign');
});

test('compareCurves: val curves from eval records, the area compared per seed', () => {
  const rec = (arm: string, seed: number, step: number, acc: number): MetricRecord => ({ arm, seed, step, epoch: step / 10, time: 0, kind: 'eval', values: { 'val/accuracy': acc } });
  const records = [1, 2, 3].flatMap((seed) => [
    rec('ce', seed, 0, 0.5), rec('ce', seed, 10, 0.7 + seed / 100), rec('focal', seed, 0, 0.5), rec('focal', seed, 10, 0.75 + seed / 100),
  ]);
  const c = compareCurves(records, 'focal', 'ce', 'val/accuracy');
  assert.equal(c.diff.length, 2);
  assert.ok(Math.abs(c.diff[1].mean - 0.05) < 1e-12);
  assert.equal(c.area!.n, 3);
  assert.ok(Math.abs(c.area!.meanDiff - 0.025) < 1e-12, 'half the last step difference: the first points tie');
});
