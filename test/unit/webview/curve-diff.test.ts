import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareCurves } from '../../../src/shared/comparisons/curve-comparison';
import { curveDiffModel, mainEvalMetric } from '../../../webview/model/curve-diff';
import { RunData } from '../../../webview/model/run-data';
import { batch, CLASSIFICATION, runView, summaryOf } from '../../browser/synthetic';
import { close } from './helpers';

const done = () => new RunData(runView(CLASSIFICATION, CLASSIFICATION.steps + 1, false));

test('per arm against the baseline: the same difference band and area comparison as compareCurves on the records, accuracy in points', () => {
  const run = done();
  const m = curveDiffModel(run)!;
  assert.equal(m.metric, 'val/accuracy');
  assert.equal(m.baseline, 'cross-entropy');
  assert.equal(m.scale, 100);
  assert.match(m.yTitle, /points/);
  assert.deepEqual(m.arms.map((a) => a.arm), ['focal γ=2', 'label smoothing 0.1']);
  const records = batch(CLASSIFICATION, 0, CLASSIFICATION.steps + 1);
  for (const a of m.arms) {
    const ref = compareCurves(records, a.arm, 'cross-entropy', 'val/accuracy');
    assert.equal(a.diff.length, ref.diff.length);
    a.diff.forEach((p, i) => {
      assert.equal(p.step, ref.diff[i].step);
      assert.equal(p.n, ref.diff[i].n);
      assert.ok(close(p.mean, ref.diff[i].mean * 100));
      if (ref.diff[i].lo !== undefined) assert.ok(close(p.lo!, ref.diff[i].lo! * 100) && close(p.hi!, ref.diff[i].hi! * 100));
    });
    assert.ok(close(a.area!.meanDiff, ref.area!.meanDiff));
    assert.match(a.areaText, /area under the val accuracy curve/);
    assert.match(a.areaText, /95% CI [+−]/);
  }
  // The diverged seed's curve ends early: later steps have one seed and no band.
  const ls = m.arms[1].diff;
  assert.equal(ls[ls.length - 1].n, 1);
  assert.equal(ls[ls.length - 1].lo, undefined);
});

test('area lines say which way a clear difference goes, and colour it', () => {
  const m = curveDiffModel(done())!;
  for (const a of m.arms) {
    const ci = a.area!.ci!;
    const clear = ci[0] > 0 || ci[1] < 0;
    assert.equal(a.areaDirection, !clear ? 'none' : a.area!.meanDiff > 0 ? 'better' : 'worse');
    assert.match(a.areaText, clear ? /is (ahead of|behind) cross-entropy/ : /no detectable difference/);
  }
});

test('none with one seed, for sweeps, or without a validation metric; the baseline comes from the verdicts', () => {
  const one = { ...CLASSIFICATION, seeds: 1, diverge: undefined };
  assert.equal(curveDiffModel(new RunData(runView(one, one.steps + 1, false))), undefined);
  const run = done();
  assert.equal(curveDiffModel({ ...run, arms: run.arms, metricKind: run.metricKind, seeds: (a) => run.seeds(a), series: (a, s, m) => run.series(a, s, m), sweep: {} }), undefined);
  assert.equal(mainEvalMetric({ metricKind: new Map([['loss', 'train']]) }), undefined);
  assert.equal(mainEvalMetric({ metricKind: new Map([['loss', 'train'], ['val/loss', 'eval']]) }), 'val/loss');
  const summary = summaryOf(CLASSIFICATION, true);
  summary.comparisons = summary.comparisons!.map((c) => ({ ...c, baseline: 'focal γ=2' }));
  const other = new RunData({ ...runView(CLASSIFICATION, CLASSIFICATION.steps + 1, false), summary });
  assert.deepEqual(curveDiffModel(other)!.arms.map((a) => a.arm), ['cross-entropy', 'label smoothing 0.1']);
});

test('a live run gets curves as seeds are evaluated', () => {
  const live = new RunData(runView(CLASSIFICATION, 40, true));
  assert.equal(curveDiffModel(live), undefined);
  live.append(batch(CLASSIFICATION, 40, 400));
  assert.ok(curveDiffModel(live)!.arms[0].diff.length > 0);
});
