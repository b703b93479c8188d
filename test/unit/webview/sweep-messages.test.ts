import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GenerationRecord } from '../../../src/shared/evolve/types';
import type { EvolutionView, SweepView } from '../../../src/shared/protocol/webview';
import { RunData } from '../../../webview/model/run-data';
import { checkHostMessage } from '../../../webview/model/validate';
import { view } from './helpers';
import { trialRow } from './sweep-helpers';

const sweep: SweepView = {
  config: { parameters: { lambda: { logGrid: { from: 0.01, to: 1, count: 3 } } }, objective: { metric: 'val/ce', mode: 'min' }, pareto: ['val/ce', 'bloop/aux'] },
  totalJobs: 6,
  rows: [trialRow('sum', 0.01, 0, { 'val/ce': 0.5, 'bloop/aux': 3 })],
};

const gen = (g: number, over: Partial<GenerationRecord> = {}): GenerationRecord => ({
  generation: g, evaluated: 2, pruned: 1, failed: 0, best: 0.4, median: 0.5, bestSoFar: 0.4, bestParams: [0, 1], sigma: 1.1, mean: [0, 0], time: g,
  candidates: [{ params: [0, 1], fitness: 0.4, outcome: 'trained' }, { params: [1, 1], outcome: 'pruned' }], ...over,
});

const evolution: EvolutionView = {
  config: { arm: 'tg', generations: 5, population: 3, sigma: 1.2, mean: [0, 0], steps: 50, fitness: { metric: 'val/accuracy', mode: 'max' }, retrain: true },
  nClasses: 3,
  generations: [gen(0)],
};

const roundTrip = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

test('init carries a sweep and an evolution view through validation', () => {
  const r = checkHostMessage(roundTrip({ type: 'init', run: view([], { sweep, evolution }), overlays: [], options: { compact: false } }));
  assert.ok(r.ok && r.message.type === 'init');
  if (!r.ok || r.message.type !== 'init') return;
  assert.deepEqual(r.message.run.sweep, sweep);
  assert.deepEqual(r.message.run.evolution, evolution);
});

test('trials and generations messages pass; NaN objective and fitness (null) become absent', () => {
  const t = checkHostMessage(roundTrip({ type: 'trials', key: 'k', rows: [trialRow('sum', 0.1, 1, { 'val/ce': NaN }, { objective: NaN })] }));
  assert.ok(t.ok && t.message.type === 'trials');
  if (t.ok && t.message.type === 'trials') {
    assert.equal(t.message.rows[0].objective, undefined);
    assert.deepEqual(t.message.rows[0].final, {});
  }
  const state = { arm: 'tg', nClasses: 3, fitness: { metric: 'val/accuracy', mode: 'max' }, generations: 5, completedGenerations: 1, status: 'running', totalEvaluated: 2, totalPruned: 1 };
  const g = checkHostMessage(roundTrip({ type: 'generations', key: 'k', records: [gen(1, { best: NaN, candidates: [{ params: [0, 1], fitness: NaN, outcome: 'failed' }] })], state }));
  assert.ok(g.ok && g.message.type === 'generations');
  if (g.ok && g.message.type === 'generations') {
    assert.equal(g.message.records[0].best, undefined);
    assert.equal('fitness' in g.message.records[0].candidates[0], false);
    assert.deepEqual(g.message.state, state);
  }
  assert.ok(checkHostMessage({ type: 'generations', key: 'k', records: [] }).ok);
});

/** An init whose run has these (possibly malformed) fields. */
const initWith = (over: Record<string, unknown>): unknown => ({ type: 'init', run: { ...view([]), ...over }, overlays: [], options: { compact: false } });

test('malformed sweep and evolution messages are refused whole', () => {
  const good = trialRow('sum', 0.1, 0, { 'val/ce': 1 });
  const bad: unknown[] = [
    { type: 'trials', key: 'k' },
    { type: 'trials', key: 'k', rows: [{ ...good, trialId: 3 }] },
    { type: 'trials', key: 'k', rows: [{ ...good, params: { lambda: 'x' } }] },
    { type: 'trials', key: 'k', rows: [{ ...good, params: { lambda: null } }] },
    { type: 'trials', key: 'k', rows: [{ ...good, objective: 'x' }] },
    { type: 'trials', key: 'k', rows: [{ ...good, status: 'odd' }] },
    { type: 'trials', key: 'k', rows: [{ ...good, baseArm: undefined }] },
    { type: 'generations', key: 'k', records: [{ ...gen(0), candidates: [{ params: [1], outcome: 'eaten' }] }] },
    { type: 'generations', key: 'k', records: [{ ...gen(0), mean: 'x' }] },
    { type: 'generations', key: 'k', records: [], state: { arm: 'tg' } },
    initWith({ sweep: { ...sweep, config: { ...sweep.config, objective: { metric: 'x', mode: 'up' } } } }),
    initWith({ sweep: { ...sweep, config: { ...sweep.config, pareto: ['a'] } } }),
    initWith({ sweep: { ...sweep, config: { ...sweep.config, parameters: { lambda: { steps: 3 } } } } }),
    initWith({ sweep: { ...sweep, totalJobs: '6' } }),
    initWith({ sweep: { ...sweep, baseArms: { 'sum lambda=1': 3 } } }),
    initWith({ evolution: { ...evolution, config: { ...evolution.config, retrain: 1 } } }),
  ];
  for (const m of bad) assert.equal(checkHostMessage(m).ok, false, JSON.stringify(m));
  const withBases = checkHostMessage(initWith({ sweep: { ...sweep, baseArms: { 'sum lambda=1': 'sum' } } }));
  assert.ok(withBases.ok && withBases.message.type === 'init');
  assert.deepEqual(withBases.ok && withBases.message.type === 'init' ? withBases.message.run.sweep?.baseArms : undefined, { 'sum lambda=1': 'sum' });
});

test('RunData keeps sweep rows, deduplicated by trial and seed', () => {
  const run = new RunData(view([], { sweep: roundTrip(sweep) }));
  assert.equal(run.sweep?.rows.length, 1);
  const v0 = run.sweepVersion;
  assert.ok(run.appendTrials([trialRow('sum', 0.01, 1, { 'val/ce': 0.6 }), trialRow('sum', 0.01, 0, { 'val/ce': 0.45 })]));
  assert.equal(run.sweep?.rows.length, 2);
  assert.equal(run.sweep?.rows[0].final['val/ce'], 0.45, 'the resent job replaces the old row');
  assert.ok(run.sweepVersion > v0);
  assert.equal(run.appendTrials([]), false);
  assert.deepEqual(new RunData(view([], { sweep: { ...roundTrip(sweep), baseArms: { 'sum lambda=1': 'sum' } } })).sweep?.baseArms, { 'sum lambda=1': 'sum' });
  const plain = new RunData(view([]));
  assert.equal(plain.appendTrials([trialRow('sum', 1, 0, {})]), false);
  assert.equal(plain.sweep, undefined);
});

test('RunData keeps generations ascending and the latest state', () => {
  const run = new RunData(view([], { evolution: roundTrip(evolution) }));
  assert.deepEqual(run.evolution?.generations.map((g) => g.generation), [0]);
  run.appendGenerations([gen(2), gen(1)]);
  run.appendGenerations([gen(1, { best: 0.9 })]);
  assert.deepEqual(run.evolution?.generations.map((g) => g.generation), [0, 1, 2]);
  assert.equal(run.evolution?.generations[1].best, 0.9);
  const v = run.evolutionVersion;
  run.appendGenerations([], { arm: 'tg', nClasses: 4, fitness: { metric: 'val/accuracy', mode: 'max' }, generations: 5, completedGenerations: 3, status: 'running', totalEvaluated: 6, totalPruned: 3 });
  assert.equal(run.evolution?.state?.completedGenerations, 3);
  assert.equal(run.evolution?.nClasses, 4);
  assert.ok(run.evolutionVersion > v);
  assert.equal(new RunData(view([])).appendGenerations([gen(0)]), false);
});
