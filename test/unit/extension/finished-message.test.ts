import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shortVerdict, shortVerdicts } from '../../../src/shared/comparisons/short-verdict';
import type { Comparison } from '../../../src/shared/comparisons/types';
import { bestLine, completedMessage, verdictSentence } from '../../../src/extension/run/finished-message';
import { CLASSIFICATION, summaryOf } from '../../browser/synthetic';

const base: Comparison = {
  metric: 'val/accuracy', split: 'val', which: 'best', arm: 'focal', baseline: 'ce', higherIsBetter: true, n: 5, seeds: [0, 1, 2, 3, 4],
  meanDiff: 0.008, ci: [0.002, 0.014], confidence: 0.95, ciMethod: 'paired-t', pImprovement: 1, wins: 5, ties: 0, losses: 0, paired: true, significant: true, verdict: '',
};

test('a short verdict: beats / is worse than / no detectable difference / one seed', () => {
  assert.equal(shortVerdict(base), 'focal beats ce by +0.8 points (95% CI +0.2 … +1.4)');
  assert.equal(shortVerdict({ ...base, meanDiff: -0.008, ci: [-0.014, -0.002] }), 'focal is worse than ce by −0.8 points (95% CI −1.4 … −0.2)');
  assert.equal(shortVerdict({ ...base, significant: false, ci: [-0.002, 0.014] }), 'focal vs ce: no detectable difference (95% CI −0.2 … +1.4)');
  assert.equal(shortVerdict({ ...base, n: 1, ci: undefined, significant: false }), 'focal vs ce: +0.8 points on 1 seed');
});

test('short verdicts: only the first metric, at most max lines, the rest counted', () => {
  const list = ['a', 'b', 'c', 'd'].map((arm) => ({ ...base, arm }));
  const v = shortVerdicts([...list, { ...base, metric: 'test/accuracy', which: 'final' as const }], 3)!;
  assert.equal(v.title, 'best val accuracy');
  assert.deepEqual(v.lines.map((l) => l.text.split(' ')[0]), ['a', 'b', 'c']);
  assert.equal(v.more, 1);
  assert.equal(v.lines[0].direction, 'better');
  assert.equal(shortVerdicts([]), undefined);
  assert.equal(shortVerdicts(undefined), undefined);
});

test('the completed notification: best arm, then the verdicts in a few words', () => {
  const done = summaryOf(CLASSIFICATION, true);
  const msg = completedMessage(done);
  assert.ok(msg.startsWith(`Loss Lab: 'spirals-3class' completed. ${bestLine(done)} On best val accuracy: `), msg);
  for (const c of done.comparisons!) assert.ok(msg.includes(shortVerdict(c)), msg);
  assert.equal(verdictSentence({ ...done, comparisons: [0, 1, 2].map((i) => ({ ...base, arm: `a${i}` })) }).endsWith('(+1 more in the charts).'), true);
  const one = summaryOf({ ...CLASSIFICATION, seeds: 1, diverge: undefined }, true);
  assert.equal(completedMessage({ ...one, comparisons: undefined }), `Loss Lab: 'spirals-3class' completed. ${bestLine(one)}`);
  assert.equal(completedMessage({ ...one, arms: [], comparisons: undefined }), "Loss Lab: 'spirals-3class' completed.");
});
