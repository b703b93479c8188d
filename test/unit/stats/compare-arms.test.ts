import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareAcrossRuns, compareArms } from '../../../src/shared/comparisons/compare-arms';
import { validateConfigText } from '../../../src/shared/config';
import type { ExperimentConfig } from '../../../src/shared/config/types';
import type { ArmResult, RunSummary } from '../../../src/shared/metrics';

function config(extra: Record<string, unknown> = {}): ExperimentConfig {
  const text = JSON.stringify({ name: 'v', repeats: 3, data: { dataset: 'spirals' }, losses: [{ name: 'ce', type: 'ce' }, { name: 'focal', type: 'focal' }, { name: 'mse', type: 'mse' }], ...extra });
  const r = validateConfigText(text, 'v.losslab.json');
  assert.ok(r.config, JSON.stringify(r.problems));
  return r.config;
}

function result(arm: string, seed: number, acc: number, loss: number, status: ArmResult['status'] = 'completed'): ArmResult {
  return {
    arm, seed, status, steps: 10, epochs: 1, wallTimeSec: 1, stepsPerSec: 10, mainMetric: 'val/accuracy',
    best: { 'val/accuracy': acc, 'val/loss': loss }, final: { 'val/accuracy': acc, 'test/accuracy': acc - 0.01 },
  };
}

function summary(arms: ArmResult[], repeats = 3): RunSummary {
  return { name: 'v', startedAt: '', status: 'completed', backend: 'cpu', seed: 1, repeats, versions: {}, arms };
}

const accs = { ce: [0.9, 0.91, 0.92], focal: [0.91, 0.92, 0.93], mse: [0.91, 0.9, 0.92] };
const base = (Object.entries(accs) as [string, number[]][]).flatMap(([arm, xs]) => xs.map((a, i) => result(arm, 1 + i, a, 1 - a)));

test('every arm against the first, on best val accuracy and final test accuracy, with a plain verdict', () => {
  const c = compareArms(config(), summary(base));
  assert.deepEqual(c.map((e) => `${e.arm}/${e.metric}/${e.which}`), ['focal/val/accuracy/best', 'mse/val/accuracy/best', 'focal/test/accuracy/final', 'mse/test/accuracy/final']);
  const focal = c[0];
  assert.equal(focal.baseline, 'ce');
  assert.equal(focal.split, 'val');
  assert.equal(focal.ciMethod, 'paired-t');
  assert.deepEqual(focal.seeds, [1, 2, 3]);
  assert.ok(Math.abs(focal.meanDiff - 0.01) < 1e-12);
  assert.deepEqual(focal.ci!.map((x) => Math.round(x * 1e9) / 1e9), [0.01, 0.01], 'every seed +1 point: a point interval');
  assert.equal(focal.significant, true);
  assert.equal(focal.verdict, 'focal beats ce on best val accuracy by +1.0 points (95% CI +1.0 … +1.0; better on 3 of 3 seeds)');
  const mse = c[1];
  assert.equal(mse.significant, false);
  assert.match(mse.verdict, /^mse vs ce on best val accuracy: no detectable difference \(95% CI −\d\.\d … \+\d\.\d, 3 seeds\)/);
  assert.deepEqual([mse.wins, mse.ties, mse.losses], [1, 1, 1]);
});

test('Holm over the arms of one metric; compare.metrics adds metrics, lower-is-better signed so positive = better', () => {
  const c = compareArms(config({ compare: { baseline: 'mse', metrics: ['val/loss'] } }), summary(base));
  const loss = c.filter((e) => e.metric === 'val/loss');
  assert.deepEqual(loss.map((e) => e.arm), ['ce', 'focal']);
  const focal = loss.find((e) => e.arm === 'focal')!;
  assert.equal(focal.higherIsBetter, false);
  assert.ok(focal.meanDiff > 0, 'focal has the lower loss: a positive difference');
  for (const e of c) if (e.pValue !== undefined) assert.ok(e.pHolm! >= e.pValue);
  assert.equal(compareArms(config({ compare: { correction: 'none' } }), summary(base))[0].pHolm, undefined);
});

test('a diverged seed is a loss at the worst value reached, and said so; a stopped seed is left out', () => {
  const arms = base.map((r) => (r.arm === 'focal' && r.seed === 2 ? { ...result('focal', 2, NaN, NaN, 'diverged'), best: {} } : r.arm === 'mse' && r.seed === 3 ? result('mse', 3, 0.5, 0.5, 'stopped') : r));
  const c = compareArms(config(), summary(arms));
  const focal = c.find((e) => e.arm === 'focal' && e.metric === 'val/accuracy')!;
  assert.deepEqual(focal.failedSeeds, { arm: [2], baseline: [] });
  assert.equal(focal.failedScore, 0.9);
  assert.ok(Math.abs(focal.diffs![1] - (0.9 - 0.91)) < 1e-12);
  assert.match(focal.verdict, /focal failed on seed 2 \(scored 90\.0%, the worst value reached\)/);
  const mse = c.find((e) => e.arm === 'mse' && e.metric === 'val/accuracy')!;
  assert.deepEqual(mse.seeds, [1, 2]);
  assert.deepEqual(mse.unfinishedSeeds, [3]);
  assert.match(mse.verdict, /seed 3 did not finish, left out/);
});

test('a metric an arm does not log is not compared; an arm that failed on every seed still is (all losses)', () => {
  const withAux = base.map((r) => (r.arm === 'focal' ? { ...r, final: { ...r.final, 'focal/aux': 1 } } : r));
  const c = compareArms(config({ compare: { metrics: ['focal/aux'] } }), summary(withAux));
  assert.equal(c.filter((e) => e.metric === 'focal/aux').length, 0);
  const allFailed = base.map((r) => (r.arm === 'mse' ? { ...result('mse', r.seed, NaN, NaN, 'diverged'), best: {}, final: {} } : r));
  const mse = compareArms(config(), summary(allFailed)).find((e) => e.arm === 'mse' && e.metric === 'val/accuracy')!;
  assert.deepEqual(mse.failedSeeds!.arm, [1, 2, 3]);
  assert.equal(mse.wins, 0);
});

test('one seed left: no interval, and the verdict says a verdict needs two', () => {
  const arms = base.filter((r) => r.seed === 1 || r.arm === 'mse');
  const c = compareArms(config({ losses: [{ name: 'ce', type: 'ce' }, { name: 'focal', type: 'focal' }] }), summary(arms));
  assert.equal(c[0].n, 1);
  assert.equal(c[0].ci, undefined);
  assert.match(c[0].verdict, /^focal vs ce on best val accuracy: \+1\.0 points on 1 seed; a verdict needs ≥ 2 seeds/);
});

test('no comparisons for one repeat, for sweeps, or without the baseline arm', () => {
  assert.deepEqual(compareArms(config(), summary(base.filter((r) => r.seed === 1), 1)), []);
  assert.deepEqual(compareArms(config({ compare: { baseline: 'ce' } }), summary(base.filter((r) => r.arm !== 'ce'))), []);
});

test('across runs: paired when data and model match, unpaired (Welch) otherwise', () => {
  const a = { label: 'A', config: config(), summary: summary(base) };
  const b = { label: 'B', config: config(), summary: summary(base.filter((r) => r.arm === 'focal')) };
  const paired = compareAcrossRuns(a, b);
  assert.equal(paired[0].arm, 'focal@B');
  assert.equal(paired[0].baseline, 'ce@A');
  assert.equal(paired[0].paired, true);
  const other = { ...b, config: config({ data: { dataset: 'moons' } }) };
  const unpaired = compareAcrossRuns(a, other)[0];
  assert.equal(unpaired.paired, false);
  assert.equal(unpaired.ciMethod, 'welch-t');
  assert.match(unpaired.verdict, /unpaired/);
});

test('config: compare.baseline must name an arm', () => {
  const text = JSON.stringify({ name: 'v', data: { dataset: 'spirals' }, losses: [{ type: 'ce' }, { name: 'f', type: 'focal' }], compare: { baseline: 'focal' } });
  const problems = validateConfigText(text, 'v.losslab.json').problems;
  assert.equal(problems.length, 1);
  assert.equal(problems[0].path, 'compare.baseline');
  assert.match(problems[0].message, /compare.baseline 'focal' is not an arm; arms in this config: ce, f/);
});
