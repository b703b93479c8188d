import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChartLines, type LineRequest } from '../../../webview/model/lines';
import { RunData } from '../../../webview/model/run-data';
import { legendKey } from '../../../webview/model/ui-state';
import { rec, view } from './helpers';

test('records group into (arm, seed, kind) streams sorted by step, with NaN where a record lacks a metric', () => {
  const run = new RunData(
    view([
      rec('ce', 0, 2, 'train', { loss: 2 }),
      rec('ce', 0, 1, 'train', { loss: 1, gradNorm: 5 }),
      rec('ce', 0, 3, 'train', { loss: 3 }),
      rec('ce', 1, 1, 'train', { loss: 7 }),
      rec('ce', 0, 0, 'eval', { 'val/loss': 9 }),
      rec('ce', 0, 3, 'final', { loss: 0.1, 'test/accuracy': 1 }),
    ]),
  );
  const loss = run.series('ce', 0, 'loss')!;
  assert.deepEqual([...loss.stream.step.values], [1, 2, 3]);
  assert.deepEqual([...loss.stream.metrics.get('loss')!.values], [1, 2, 3]);
  assert.deepEqual([...loss.stream.metrics.get('gradNorm')!.values].map(String), ['5', 'NaN', 'NaN']);
  assert.equal(loss.stream.rewrites, 1);
  assert.deepEqual(run.seeds('ce'), [0, 1]);
  assert.equal(run.metricKind.get('loss'), 'train');
  assert.equal(run.metricKind.get('val/loss'), 'eval');
  assert.equal(run.metricKind.has('test/accuracy'), false);
  assert.equal(run.finals.length, 1);
  assert.deepEqual([...loss.stream.x('epoch').values], [0.1, 0.2, 0.3]);
  assert.deepEqual([...loss.stream.x('time').values], [0.5, 1, 1.5]);
});

test('short vector traces are kept as the latest vector and charted per component', () => {
  const run = new RunData(view([rec('dyn', 0, 5, 'trace', { 'bloop/cosine': 0.5 }, { series: { classWeights: [1, 2, 0.5] } })]));
  assert.deepEqual(run.snapshots.get('dyn')?.get(0)?.get('classWeights'), [1, 2, 0.5]);
  assert.equal(run.metricKind.get('classWeights[1]'), 'trace');
  assert.equal(run.metricKind.get('bloop/cosine'), 'trace');
  assert.ok(run.expanded.has('classWeights[2]'));
});

function request(run: RunData, over: Partial<LineRequest> = {}): LineRequest {
  return {
    runs: [{ run, overlay: false, legendRunKey: '' }],
    metric: 'loss',
    xMode: 'step',
    smoothing: 0,
    band: 'minmax',
    log: false,
    hidden: new Set(),
    colorIndex: new Map(run.arms.map((a, i) => [a, i])),
    buckets: 100,
    ...over,
  };
}

test('lines take x from the chosen axis: step, epoch or wall time', () => {
  const run = new RunData(view([1, 2, 3].map((s) => rec('ce', 0, s, 'train', { loss: s }))));
  const lines = new ChartLines();
  const xs = (mode: LineRequest['xMode']): number[] => lines.build(request(run, { xMode: mode })).find((l) => l.role === 'line')!.points.map((p) => p.x);
  assert.deepEqual(xs('step'), [1, 2, 3]);
  assert.deepEqual(xs('epoch'), [0.1, 0.2, 0.3]);
  assert.deepEqual(xs('time'), [0.5, 1, 1.5]);
});

test('one seed: a line (and a faint raw line when smoothing); several seeds: mean, band; hidden arms left out', () => {
  const recs = [];
  for (let s = 0; s < 20; s++) {
    recs.push(rec('ce', 0, s, 'train', { loss: 1 + s }), rec('mse', 0, s, 'train', { loss: 2 }), rec('mse', 1, s, 'train', { loss: 4 }));
  }
  const run = new RunData(view(recs, { repeats: 2 }));
  const lines = new ChartLines();
  const roles = (req: LineRequest): string[] => lines.build(req).map((l) => `${l.arm}:${l.role}`);
  assert.deepEqual(roles(request(run)), ['ce:line', 'mse:band-low', 'mse:band-high', 'mse:line']);
  assert.deepEqual(roles(request(run, { smoothing: 0.5, band: 'none' })), ['ce:raw', 'ce:line', 'mse:raw', 'mse:line']);
  assert.deepEqual(roles(request(run, { band: 'seeds', hidden: new Set([legendKey('', 'ce')]) })), ['mse:line', 'mse:seed', 'mse:seed']);
  const mean = lines.build(request(run)).find((l) => l.arm === 'mse' && l.role === 'line')!;
  assert.ok(mean.points.every((p) => p.y === 3));
  const info = mean.describe(mean.points[4].i);
  assert.deepEqual(info.seeds?.values, [{ seed: 0, value: 2 }, { seed: 1, value: 4 }]);
});

test('a diverged seed gets an end marker at its last finite point; log axes drop values ≤ 0', () => {
  const run = new RunData(
    view([rec('ce', 0, 1, 'train', { loss: 1 }), rec('ce', 0, 2, 'train', { loss: 0 }), rec('ce', 0, 3, 'train', {})], {
      summary: {
        name: 'a', startedAt: '', status: 'completed', backend: 'cpu', seed: 0, repeats: 1, versions: {},
        arms: [{ arm: 'ce', seed: 0, status: 'diverged', reason: 'NaN in loss at step 3', steps: 3, epochs: 1, wallTimeSec: 1, stepsPerSec: 3, mainMetric: 'val/accuracy', best: {}, final: {} }],
      },
    }),
  );
  const lines = new ChartLines().build(request(run));
  assert.deepEqual(lines.find((l) => l.role === 'end')?.points.map((p) => [p.x, p.y]), [[2, 0]]);
  const log = new ChartLines().build(request(run, { log: true }));
  assert.deepEqual(log.find((l) => l.role === 'line')?.points.map((p) => p.y), [1]);
  assert.deepEqual(log.find((l) => l.role === 'end')?.points.map((p) => p.y), [1]);
});

test('zoomed: only the visible x range (with a margin) is drawn', () => {
  const run = new RunData(view(Array.from({ length: 1000 }, (_, s) => rec('ce', 0, s, 'train', { loss: s }))));
  const line = new ChartLines().build(request(run, { xRange: { min: 400, max: 500 } })).find((l) => l.role === 'line')!;
  const xs = line.points.map((p) => p.x);
  assert.ok(Math.min(...xs) >= 348 && Math.min(...xs) <= 400);
  assert.ok(Math.max(...xs) <= 552 && Math.max(...xs) >= 500);
});
