import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chartCandidates, higherIsBetter, metricLabel } from '../../../webview/model/chart-defs';
import { fileName, formatDuration, formatTick, formatValue, isNiceLogTick } from '../../../webview/model/format';
import type { CurveKind } from '../../../webview/model/run-data';
import { defaultUiState, readUiState } from '../../../webview/model/ui-state';

test('UI state read back is made valid; unknown or broken fields fall back to defaults', () => {
  assert.deepEqual(readUiState(undefined), defaultUiState());
  const s = readUiState({ runDir: '/r', xMode: 'epoch', smoothing: 5, band: 'std', log: { grad: false, x: 'y' }, metric: { grad: 'gradNorm/out' }, hidden: ['\u0000ce', 3] });
  assert.equal(s.runDir, '/r');
  assert.equal(s.xMode, 'epoch');
  assert.equal(s.smoothing, 0.99);
  assert.equal(s.band, 'std');
  assert.deepEqual(s.log, { grad: false });
  assert.deepEqual(s.hidden, ['\u0000ce']);
  assert.equal(readUiState({ xMode: 'banana', band: 7 }).xMode, 'step');
});

test('chart candidates: fixed metrics, per-layer grad norms, traces and leftovers; throughput not charted', () => {
  const m = new Map<string, CurveKind>([
    ['loss', 'train'], ['gradNorm', 'train'], ['gradNorm/out', 'train'], ['gradNorm/dense0', 'train'], ['lr', 'train'],
    ['val/loss', 'eval'], ['val/r2', 'eval'], ['val/rmse', 'eval'], ['stepsPerSec', 'eval'],
    ['bloop/cosine', 'trace'], ['classWeights[10]', 'trace'], ['classWeights[2]', 'trace'], ['val/f1', 'eval'],
  ]);
  const c = chartCandidates(m, new Set(['lossShape/y1', 'lossShape/x']));
  assert.deepEqual(c.get('train'), ['loss', 'lr']);
  assert.deepEqual(c.get('main'), ['val/r2', 'val/rmse']);
  assert.deepEqual(c.get('grad'), ['gradNorm', 'gradNorm/dense0', 'gradNorm/out']);
  assert.deepEqual(c.get('trace'), ['bloop/cosine', 'classWeights[2]', 'classWeights[10]']);
  assert.deepEqual(c.get('other'), ['val/f1']);
  assert.deepEqual(c.get('smooth'), []);
  assert.deepEqual(c.get('shape'), ['lossShape/y1']);
  assert.equal(metricLabel('gradNorm/out'), 'Gradient norm: out');
  assert.ok(higherIsBetter('val/accuracy') && higherIsBetter('val/r2') && !higherIsBetter('val/rmse') && !higherIsBetter('loss'));
});

test('chart candidates: per-feature smoothness joins the smoothness chart after mean and max', () => {
  const m = new Map<string, CurveKind>([['smoothness/x10', 'probe'], ['smoothness/max', 'probe'], ['smoothness/x2', 'probe'], ['smoothness/mean', 'probe'], ['test/loss', 'eval']]);
  const c = chartCandidates(m, new Set());
  assert.deepEqual(c.get('smooth'), ['smoothness/mean', 'smoothness/max', 'smoothness/x2', 'smoothness/x10']);
  assert.deepEqual(c.get('other'), ['test/loss']);
});

test('number, tick and duration formatting', () => {
  assert.equal(formatValue(0.123456), '0.1235');
  assert.equal(formatValue(1234.5678), '1235');
  assert.equal(formatValue(0.00001234), '1.234e-5');
  assert.equal(formatValue(NaN), 'NaN');
  assert.equal(formatTick(25000), '25k');
  assert.equal(formatTick(1_500_000), '1.5M');
  assert.equal(formatTick(0.25), '0.25');
  assert.equal(formatTick(0.0001), '1e-4');
  assert.ok(isNiceLogTick(0.02) && isNiceLogTick(500) && !isNiceLogTick(300) && !isNiceLogTick(0));
  assert.equal(formatDuration(4.25), '4.3 s');
  assert.equal(formatDuration(750), '12 m 30 s');
  assert.equal(formatDuration(7500), '2 h 05 m');
});

test('file names are plain and bounded', () => {
  assert.equal(fileName('run/1: "x"', 'train.png'), 'run_1_ _x_-train.png');
  assert.equal(fileName('..', 'a.csv'), '-a.csv');
  assert.ok(fileName('x'.repeat(500), 'metrics.csv').length <= 200);
  assert.ok(fileName('x'.repeat(500), 'metrics.csv').endsWith('.csv'));
});

test('y range ignores a divergence spike but keeps the start of a loss curve', async () => {
  const { robustRange } = await import('../../../webview/model/y-range');
  const loss = Array.from({ length: 1000 }, (_, i) => 0.1 + 2 * Math.exp(-i / 100));
  assert.equal(robustRange(loss, false), undefined, 'no outliers: Chart.js decides');
  const spiked = [...loss, 40, 80, 160];
  const r = robustRange(spiked, false)!;
  assert.equal(r.min, undefined);
  assert.ok(r.max! > 2.1 && r.max! < 2.3, `max ${r.max}`);
  const logR = robustRange([...loss, 1e6, 1e9], true)!;
  assert.ok(logR.max! > 2.1 && logR.max! < 3, `log max ${logR.max}`);
  assert.equal(robustRange([1, 2, 3], false), undefined);
});
