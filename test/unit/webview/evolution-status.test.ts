import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evolutionStatus } from '../../../webview/model/evolution-status';
import { CONFIG, gen, V, view } from './evolution-fixtures';

test('status line and the adopt button', () => {
  const gens = [gen(1), gen(2, { failed: 1 })];
  const live = evolutionStatus(view(gens), true);
  assert.equal(live.text, 'Generation 2 of 10 · 6 evaluated · 2 pruned · 1 failed · best val/accuracy 0.56 (higher is better) · running');
  assert.equal(live.detail, 'Generation 2 of 10 · 6 evaluated · 2 pruned · 1 failed · best val/accuracy 0.56 (higher is better)');
  assert.equal(live.canAdopt, false);
  assert.match(live.adoptTitle, /finished/);
  assert.equal(evolutionStatus(view(gens), false).canAdopt, true);
  assert.equal(evolutionStatus(view([]), false).canAdopt, false);
  const state = { arm: 'taylorglo', nClasses: 10, fitness: CONFIG.fitness, generations: 10, completedGenerations: 4, totalEvaluated: 30, totalPruned: 10, bestFitness: 0.91, bestParams: V(3) };
  const stopped = evolutionStatus(view(gens, { state: { ...state, status: 'stopped', reason: 'stopped by request after 4 of 10 generations' } }), true);
  assert.equal(stopped.canAdopt, true, 'live (retraining) but evolution stopped');
  assert.equal(stopped.text, 'Generation 4 of 10 · 30 evaluated · 10 pruned · 1 failed · best val/accuracy 0.91 (higher is better) · stopped · stopped by request after 4 of 10 generations');
  assert.equal(evolutionStatus(view(gens, { state: { ...state, status: 'completed' } }), true).canAdopt, true);
  assert.equal(evolutionStatus(view(gens, { state: { ...state, status: 'running' } }), true).canAdopt, false);
  assert.match(evolutionStatus(view([]), true).text, /^Generation 0 of 10 · 0 evaluated · 0 pruned · no val\/accuracy yet · running$/);
});
