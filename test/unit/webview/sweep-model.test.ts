import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SweepConfig } from '../../../src/shared/config/types';
import {
  baseArmOrder, baselines, finalMetricNames, paramSeries, paramsText, paretoAxes, paretoGroups, sweepProgress, sweptParameter, trialPoints, trialTableRows, axisDirections,
} from '../../../webview/model/sweep-model';
import { trialRow } from './sweep-helpers';

const config: SweepConfig = {
  parameters: { lambda: { logGrid: { from: 0.01, to: 1, count: 3 } } },
  objective: { metric: 'val/ce', mode: 'min' },
};

const rows = [
  trialRow('sum', 0.01, 0, { 'val/ce': 0.2, 'bloop/aux': 5, 'val/accuracy': 0.9 }),
  trialRow('sum', 0.01, 1, { 'val/ce': 0.4, 'bloop/aux': 3, 'val/accuracy': NaN }),
  trialRow('bloop', 0.01, 0, { 'val/ce': 0.25, 'bloop/aux': 4 }),
  trialRow('sum', 1, 0, { 'bloop/aux': 1 }, { objective: undefined, status: 'diverged', reason: 'NaN in loss' }),
  trialRow('sum', 1, 1, { 'val/ce': 0.9, 'bloop/aux': 1.5 }),
  trialRow('sum', 0.1, 0, { 'val/ce': 0.5, 'bloop/aux': 4 }),
];

test('trials average each final metric over the seeds that have it', () => {
  const pts = trialPoints(rows, config.objective);
  assert.deepEqual(pts.map((p) => p.name), ['sum lambda=0.01', 'bloop lambda=0.01', 'sum lambda=1', 'sum lambda=0.1']);
  const [a, , c] = pts;
  assert.ok(Math.abs(a.metrics['val/ce'] - 0.3) < 1e-12);
  assert.equal(a.metrics['bloop/aux'], 4);
  assert.equal(a.metrics['val/accuracy'], 0.9, 'NaN in one seed: the other seed alone');
  assert.ok(Math.abs((a.objective ?? NaN) - 0.3) < 1e-12);
  assert.equal(c.metrics['val/ce'], 0.9);
  assert.equal(c.objective, 0.9, 'the diverged seed has no objective');
  assert.equal(c.status, 'diverged');
  assert.equal(c.statusText, 'diverged · 1 of 2 seeds');
  assert.equal(a.statusText, 'completed');
  assert.deepEqual(c.seeds.map((s) => s.seed), [0, 1]);
});

test('the objective counts as a metric when the final values lack it', () => {
  const [p] = trialPoints([trialRow('sum', 1, 0, { 'bloop/aux': 1 }, { objective: 0.7 })], config.objective);
  assert.equal(p.metrics['val/ce'], 0.7);
});

test('metric list, default and picked axes', () => {
  const pts = trialPoints(rows, config.objective);
  const names = finalMetricNames(pts, 'val/ce');
  assert.deepEqual(names, ['val/ce', 'bloop/aux', 'val/accuracy']);
  assert.deepEqual(paretoAxes(config, names), { x: 'val/ce', y: 'bloop/aux' });
  assert.deepEqual(paretoAxes({ ...config, pareto: ['bloop/aux', 'val/accuracy'] }, names), { x: 'bloop/aux', y: 'val/accuracy' });
  assert.deepEqual(paretoAxes(config, names, { x: 'val/accuracy', y: 'gone' }), { x: 'val/accuracy', y: 'bloop/aux' });
  assert.deepEqual(paretoAxes(config, []), { x: 'val/ce', y: 'val/ce' });
  assert.deepEqual(axisDirections(config, 'val/ce', 'val/accuracy'), { x: 'min', y: 'max' });
});

test('base arms in the run order, fronts per base arm without points missing a metric', () => {
  const pts = trialPoints(rows, config.objective);
  assert.deepEqual(baseArmOrder(['bloop lambda=0.01', 'sum lambda=1'], pts), ['bloop', 'sum']);
  assert.deepEqual(baseArmOrder(['sum', 'bloop'], pts), ['sum', 'bloop']);
  assert.deepEqual(baseArmOrder([], pts), ['sum', 'bloop']);
  // Before any pcgrad trial has ended, the expansion's map already places it.
  assert.deepEqual(baseArmOrder(['pcgrad lambda=1', 'sum lambda=1'], pts, { 'pcgrad lambda=1': 'pcgrad' }), ['pcgrad', 'sum', 'bloop']);
  const groups = paretoGroups(pts, ['sum', 'bloop'], 'val/ce', 'val/accuracy', 'min', 'max');
  assert.deepEqual(groups[0].points.map((p) => p.name), ['sum lambda=0.01']);
  const g = paretoGroups(pts, ['sum', 'bloop'], 'val/ce', 'bloop/aux', 'min', 'min');
  // sum: (0.3, 4) at 0.01, (0.9, 1.25) at 1, (0.5, 4) at 0.1 — the last is dominated by the first.
  assert.deepEqual(g[0].front.map((p) => p.name), ['sum lambda=0.01', 'sum lambda=1']);
  const expected = [{ x: 0.3, y: 4 }, { x: 0.9, y: 4 }, { x: 0.9, y: 1.25 }];
  assert.equal(g[0].steps.length, expected.length);
  g[0].steps.forEach((p, i) => assert.ok(Math.abs(p.x - expected[i].x) < 1e-12 && p.y === expected[i].y, JSON.stringify(g[0].steps)));
  assert.deepEqual(g[1].front.map((p) => p.name), ['bloop lambda=0.01']);
});

test('the swept parameter: log for logGrid, random log, or over two decades', () => {
  const pts = trialPoints(rows, config.objective);
  assert.deepEqual(sweptParameter(config, pts), { key: 'lambda', log: true });
  const grid: SweepConfig = { ...config, parameters: { lambda: { grid: { from: 0, to: 1, count: 3 } } } };
  assert.deepEqual(sweptParameter(grid, trialPoints([trialRow('sum', 0, 0, {}), trialRow('sum', 1, 0, {})])), { key: 'lambda', log: false });
  const values: SweepConfig = { ...config, parameters: { lambda: { values: [0.001, 0.5] } } };
  assert.deepEqual(sweptParameter(values, trialPoints([trialRow('sum', 0.001, 0, {}), trialRow('sum', 0.5, 0, {})])), { key: 'lambda', log: true });
  assert.deepEqual(sweptParameter(values, trialPoints([trialRow('sum', 0.01, 0, {}), trialRow('sum', 0.5, 0, {})])), { key: 'lambda', log: false });
  assert.deepEqual(sweptParameter({ ...config, parameters: { lambda: { random: { from: 1e-3, to: 1, log: true } } } }, []), { key: 'lambda', log: true });
  assert.equal(sweptParameter({ ...config, parameters: { lambda: { values: [1] }, 'train.optimizer.lr': { values: [1] } } }, pts), undefined);
});

test('objective against the parameter: mean line ascending in x, every seed a point', () => {
  const pts = trialPoints(rows, config.objective);
  const series = paramSeries(pts, ['sum', 'bloop', 'absent'], 'lambda');
  assert.deepEqual(series.map((s) => s.baseArm), ['sum', 'bloop']);
  const sum = series[0];
  assert.deepEqual(sum.line.map((p) => p.x), [0.01, 0.1, 1]);
  assert.ok(Math.abs(sum.line[0].y - 0.3) < 1e-12);
  assert.deepEqual(sum.seeds.map((s) => [s.x, s.y, s.seed]), [[0.01, 0.2, 0], [0.01, 0.4, 1], [1, 0.9, 1], [0.1, 0.5, 0]]);
});

test('baselines: trials without the swept parameter, with an objective', () => {
  const pts = trialPoints([...rows, trialRow('ce', 0, 0, { 'val/ce': 0.3 }, { arm: 'ce', trialId: 'ce', params: {} }), trialRow('mse', 0, 0, {}, { arm: 'mse', trialId: 'mse', params: {}, objective: undefined })], config.objective);
  assert.deepEqual(baselines(pts, baseArmOrder([], pts), 'lambda'), [{ baseArm: 'ce', name: 'ce', y: 0.3 }]);
});

test('the trial table: best objective first by its mode, trials without one last', () => {
  const pts = trialPoints([...rows, trialRow('pcgrad', 1, 0, {}, { objective: undefined, status: 'crashed' })], config.objective);
  assert.deepEqual(trialTableRows(pts, 'min').map((p) => p.name), ['bloop lambda=0.01', 'sum lambda=0.01', 'sum lambda=0.1', 'sum lambda=1', 'pcgrad lambda=1']);
  assert.deepEqual(trialTableRows(pts, 'max').map((p) => p.name), ['sum lambda=1', 'sum lambda=0.1', 'sum lambda=0.01', 'bloop lambda=0.01', 'pcgrad lambda=1']);
  assert.equal(paramsText({ lambda: 0.1, 'train.optimizer.lr': 0.001 }, String), 'lambda=0.1, train.optimizer.lr=0.001');
  assert.equal(paramsText({}, String), 'baseline');
  assert.deepEqual(sweepProgress({ config, totalJobs: 10, rows }), { finished: 6, total: 10 });
});
