import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trialPoints } from '../../../webview/model/sweep-model';
import { errorBar, intervalText, meanInterval, metricInterval, objectiveInterval } from '../../../webview/model/trial-intervals';
import { close } from './helpers';
import { trialRow } from './sweep-helpers';

test('the mean with a Student-t interval across seeds (scipy: t.ppf(0.975, 2) = 4.302653)', () => {
  const i = meanInterval([1, 2, 3])!;
  assert.equal(i.mean, 2);
  assert.ok(close(i.hi - 2, 4.302652729911275 / Math.sqrt(3), 1e-7), String(i.hi));
  assert.ok(close(2 - i.lo, i.hi - 2));
  assert.equal(i.n, 3);
  assert.equal(meanInterval([1]), undefined);
  assert.equal(meanInterval([1, NaN]), undefined, 'non-finite values are left out');
  assert.deepEqual(meanInterval([2, 2]), { mean: 2, lo: 2, hi: 2, n: 2, confidence: 0.95 });
  assert.equal(intervalText(i, (v) => v.toFixed(2)), '95% CI -0.48 … 4.48 (3 seeds)');
  assert.equal(intervalText(i, (v) => v.toFixed(2), false), '95% CI -0.48 … 4.48');
});

test('per trial: the objective and each final metric over its seeds; error bars where there are two seeds', () => {
  const rows = [trialRow('sum', 1, 0, { 'val/ce': 0.5, 'val/accuracy': 0.8 }), trialRow('sum', 1, 1, { 'val/ce': 0.7, 'val/accuracy': 0.9 }), trialRow('sum', 2, 0, { 'val/ce': 0.4 })];
  const [two, one] = trialPoints(rows, { metric: 'val/ce', mode: 'min' });
  const o = objectiveInterval(two)!;
  assert.ok(close(o.mean, 0.6) && o.lo < 0.5 && o.hi > 0.7);
  assert.deepEqual(metricInterval(two, 'val/accuracy')!.n, 2);
  assert.equal(objectiveInterval(one), undefined);
  const bar = errorBar(two, 'val/ce', 'val/accuracy');
  assert.ok(bar.x && bar.y && bar.x[0] < 0.6 && bar.y[1] > 0.85);
  assert.deepEqual(errorBar(one, 'val/ce', 'val/accuracy'), {});
});
