import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GenerationRecord } from '../../../src/shared/evolve/types';
import { taylorgloShape } from '../../../src/shared/methods/taylorglo-shape';
import {
  bestSoFarSeries,
  currentBest,
  evolutionSeries,
  fitnessChart,
  generationBest,
  prunedFraction,
  searchChart,
  SHAPE_HISTORY,
  shapeChart,
} from '../../../webview/model/evolution-series';
import { CONFIG, gen, V, view } from './evolution-fixtures';

test('fitness chart: best, median and best so far per generation; axis names the metric and direction', () => {
  const gens = [gen(1), gen(2, { best: 0.4, bestSoFar: 0.56 }), gen(3, { best: undefined, median: undefined, bestSoFar: 0.56, evaluated: 0, pruned: 4, candidates: [] })];
  const f = fitnessChart(view(gens));
  assert.equal(f.yTitle, 'val/accuracy (higher is better)');
  assert.equal(f.xMax, 10);
  const byId = Object.fromEntries(f.lines.map((l) => [l.id, l.points]));
  assert.deepEqual(byId.best, [{ x: 1, y: 0.53 }, { x: 2, y: 0.4 }]);
  assert.deepEqual(byId.median.map((p) => p.x), [1, 2]);
  assert.deepEqual(byId.bestSoFar.map((p) => p.y), [0.53, 0.56, 0.56]);
  assert.equal(fitnessChart(view(gens, { config: { ...CONFIG, fitness: { metric: 'val/loss', mode: 'min' } } })).yTitle, 'val/loss (lower is better)');
});

test('best so far without the record field: running best in the metric direction', () => {
  const strip = (g: GenerationRecord): GenerationRecord => ({ ...g, bestSoFar: undefined });
  const gens = [strip(gen(1, { best: 0.5 })), strip(gen(2, { best: 0.3 })), strip(gen(3, { best: 0.7 })), strip(gen(4, { best: undefined }))];
  assert.deepEqual(bestSoFarSeries(gens, 'max'), [0.5, 0.5, 0.7, 0.7]);
  assert.deepEqual(bestSoFarSeries(gens, 'min'), [0.5, 0.3, 0.3, 0.3]);
});

test('search chart: pruned fraction over all candidates, σ on the right axis', () => {
  // evaluated counts the failed candidates too (evaluated = candidates − pruned); the list is the truth.
  const g = gen(1, { evaluated: 3, pruned: 1, failed: 1 });
  assert.equal(prunedFraction(g), 0.25);
  assert.equal(prunedFraction({ ...g, candidates: [] }), 0.25);
  assert.equal(prunedFraction({ ...g, evaluated: 0, pruned: 0, candidates: [] }), undefined);
  const s = searchChart(view([gen(1), gen(2, { pruned: 4, evaluated: 0, candidates: [] })]));
  const [pruned, sigma] = s.lines;
  assert.deepEqual(pruned.points, [{ x: 1, y: 0.25 }, { x: 2, y: 1 }]);
  assert.equal(sigma.right, true);
  assert.deepEqual(sigma.points.map((p) => Number(p.y.toFixed(6))), [1.15, 1.1]);
});

test('loss shape: current best is the last bestParams; target 1 / target 0 equal taylorgloShape; CE dashed', () => {
  const gens = [gen(1), gen(2), gen(3, { bestParams: undefined })];
  assert.deepEqual(currentBest(view(gens)), { params: V(2), generation: 2 });
  const s = shapeChart(view(gens));
  assert.equal(s.bestGeneration, 2);
  assert.equal(s.foundIn, 2);
  assert.equal(shapeChart(view([gen(1), gen(2, { bestParams: V(1) }), gen(3, { bestParams: V(1) })])).foundIn, 1);
  const ref = taylorgloShape(V(2), 10);
  const y1 = s.lines.find((l) => l.id === 'y1')!;
  const y0 = s.lines.find((l) => l.id === 'y0')!;
  assert.deepEqual(y1.points.map((p) => p.y), ref.target1);
  assert.deepEqual(y0.points.map((p) => p.y), ref.target0);
  assert.deepEqual(y1.points.map((p) => p.x), ref.p);
  assert.equal(y1.points[0].x, 0.001);
  assert.equal(y1.points[y1.points.length - 1].x, 0.999);
  const ce = s.lines.find((l) => l.id === 'ce')!;
  assert.equal(ce.dashed, true);
  assert.ok(Math.abs(ce.points[0].y - -Math.log(0.001)) < 1e-12);
  // History: generation 1's best candidate, faint, not in the legend; generation 3 is after the best's.
  const hist = s.lines.filter((l) => l.id.startsWith('hist-'));
  assert.deepEqual(hist.map((l) => l.id), ['hist-1-y1', 'hist-1-y0']);
  assert.ok(hist.every((l) => l.alpha < 0.5 && !l.legend));
  assert.deepEqual(hist[0].points.map((p) => p.y), taylorgloShape(V(1), 10).target1);
  // The y range covers the best shape (and 0).
  const ys = [...ref.target1, ...ref.target0];
  assert.ok(s.yMin! <= Math.min(0, ...ys) && s.yMax! >= Math.max(...ys));
});

test('loss shape history: the best trained candidate of each earlier generation, older fainter, at most SHAPE_HISTORY', () => {
  const gens = Array.from({ length: 20 }, (_, i) => gen(i + 1));
  // Generation 20's bestParams is generation 20's best; its own best candidate is not repeated.
  const s = shapeChart(view(gens, { config: { ...CONFIG, generations: 20 } }));
  const hist = s.lines.filter((l) => l.id.endsWith('-y1') && l.id.startsWith('hist-'));
  assert.equal(hist.length, SHAPE_HISTORY);
  assert.equal(hist[hist.length - 1].id, 'hist-19-y1');
  for (let i = 1; i < hist.length; i++) assert.ok(hist[i].alpha > hist[i - 1].alpha);
  // The best candidate by fitness in the direction of the metric.
  const g = gen(1, { candidates: [{ params: V(7), fitness: 0.2, outcome: 'trained' }, { params: V(8), fitness: 0.9, outcome: 'trained' }, { params: V(9), outcome: 'failed' }] });
  assert.deepEqual(generationBest(g, 'max'), V(8));
  assert.deepEqual(generationBest(g, 'min'), V(7));
  assert.deepEqual(generationBest({ ...g, candidates: [] }, 'max'), V(1));
});

test('no generations: empty series, no best; state bestParams is used when records lack it', () => {
  const empty = evolutionSeries(view([]));
  assert.ok(empty.fitness.lines.every((l) => l.points.length === 0));
  assert.equal(empty.shape.bestParams, undefined);
  assert.deepEqual(empty.shape.lines.map((l) => l.id), ['ce']);
  const withState = shapeChart(view([], { state: { arm: 'taylorglo', nClasses: 3, fitness: CONFIG.fitness, generations: 10, completedGenerations: 0, status: 'running', totalEvaluated: 0, totalPruned: 0, bestParams: V(4) } }));
  assert.deepEqual(withState.bestParams, V(4));
});
