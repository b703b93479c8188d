import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { isPruned } from '../../../src/shared/evolve/candidates';
import type { ArmResult } from '../../../src/shared/metrics';
import { readEvolutionState, readGenerations } from '../../../src/shared/runner/evolution-folder';
import { EvolutionRun } from '../../../src/shared/runner/evolution-run';
import type { Executor, TrialWork } from '../../../src/shared/runner/executor';
import { resolveConfig, tinyConfigObject } from '../../helpers/config';

/** Trains nothing: a candidate's "accuracy" is a smooth function of its parameters, peaking at TARGET. */
const TARGET = [0.5, -1, -2, 0, -1, 1.5, 0.5, 0.5];
class FakeExecutor implements Executor {
  readonly slots = 3;
  submitted: TrialWork[] = [];
  submit(work: TrialWork) {
    this.submitted.push(work);
    const results: ArmResult[] = work.jobs.map((job) => {
      const p = work.config.losses.find((l) => l.name === job.arm)!.params as number[];
      const acc = 1 / (1 + p.reduce((a, v, i) => a + (v - TARGET[i]) ** 2, 0));
      return { arm: job.arm, seed: job.seed, status: 'completed', steps: 10, epochs: 1, wallTimeSec: 0, stepsPerSec: 0, mainMetric: 'val/accuracy', best: {}, final: { 'val/accuracy': acc } };
    });
    return { stop() {}, kill() {}, results: Promise.resolve(results) };
  }
  async close() {}
}

function config(generations = 4) {
  return resolveConfig(tinyConfigObject({
    losses: [{ name: 'ce', type: 'ce' }, { name: 'tg', type: 'taylorglo', params: [0, 0, 0, -1, 0, 2, 0, 0] }],
    evolve: { generations, population: 12, steps: 10, retrain: false },
  }));
}

async function evolve(generations = 4) {
  const executor = new FakeExecutor();
  const runDir = join(mkdtempSync(join(tmpdir(), 'losslab-evo-')), 'r');
  const run = new EvolutionRun({ config: config(generations), runDir, trainerPath: '/nonexistent', executor, maxParallel: 3, allowUserCode: false, nClasses: 2 });
  const summary = await run.start();
  return { executor, runDir, run, summary, generations: readGenerations(runDir) };
}

test('candidates failing the TaylorGLO invariant are pruned without training and counted', async () => {
  const { executor, generations, run, runDir } = await evolve();
  const trainedNames = executor.submitted.flatMap((w) => w.jobs.map((j) => j.arm));
  let pruned = 0;
  for (const g of generations) {
    for (const [i, c] of g.candidates.entries()) {
      const name = `g${g.generation}/c${String(i).padStart(2, '0')}`;
      assert.equal(c.outcome === 'pruned', isPruned(c.params, 2));
      assert.equal(trainedNames.includes(name), c.outcome !== 'pruned', name);
      if (c.outcome === 'pruned') assert.equal(c.fitness, undefined);
    }
    assert.equal(g.pruned + g.evaluated, 12);
    pruned += g.pruned;
  }
  assert.ok(pruned > 0, 'σ = 1.2 around 0 should produce some invariant failures');
  assert.equal(run.state.totalPruned, pruned);
  assert.equal(readEvolutionState(runDir)?.totalPruned, pruned);
});

test('candidates are trained briefly under the same seed, spread over the executor slots, one unit per slot', async () => {
  const { executor } = await evolve(1);
  assert.ok(executor.submitted.length <= 3 && executor.submitted.length >= 1);
  for (const w of executor.submitted) {
    assert.equal(w.config.train.steps, 10);
    assert.equal(w.config.train.epochs, undefined);
    assert.equal(w.config.metrics.smoothness, false);
    assert.ok(w.jobs.every((j) => j.seed === 3));
  }
});

test('a seeded evolution is reproducible and improves its best fitness; the best vector is saved', async () => {
  const a = await evolve(6);
  const b = await evolve(6);
  assert.deepEqual(a.generations.map((g) => g.candidates), b.generations.map((g) => g.candidates));
  const best = a.generations.map((g) => g.bestSoFar!);
  assert.ok(best.every((v, i) => i === 0 || v >= best[i - 1]));
  assert.ok(best[5] > best[0], `best so far ${best}`);
  assert.deepEqual(a.run.state.bestParams, a.generations[5].bestParams);
  assert.equal(a.summary.status, 'completed');
  assert.equal(a.run.state.status, 'completed');
});

test('a stopped evolution resumes by replay: the same candidates as an uninterrupted run, finished generations not retrained', async () => {
  const full = await evolve(6);
  const first = new FakeExecutor();
  const runDir = join(mkdtempSync(join(tmpdir(), 'losslab-evo-')), 'r');
  const base = { config: config(6), runDir, trainerPath: '/nonexistent', maxParallel: 3, allowUserCode: false, nClasses: 2 };
  const stopped = new EvolutionRun({ ...base, executor: first }, { onGeneration: (r) => r.generation === 2 && stopped.stop() });
  assert.equal((await stopped.start()).status, 'stopped');
  assert.equal(readEvolutionState(runDir)?.status, 'stopped');
  assert.equal(readGenerations(runDir).length, 2);

  const second = new FakeExecutor();
  const resumed = new EvolutionRun({ ...base, executor: second, resume: true });
  const summary = await resumed.start();
  assert.equal(summary.status, 'completed');
  assert.ok(summary.resumedAt);
  const generations = readGenerations(runDir);
  assert.deepEqual(generations.map((g) => g.generation), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(generations.map((g) => g.candidates), full.generations.map((g) => g.candidates), 'replayed CMA-ES proposes what the uninterrupted run did');
  assert.deepEqual(resumed.state.bestParams, full.run.state.bestParams);
  assert.equal(resumed.state.totalPruned, full.run.state.totalPruned);
  assert.equal(resumed.state.completedGenerations, 6);
  const retrained = second.submitted.flatMap((w) => w.jobs.map((j) => j.arm));
  assert.ok(retrained.length > 0 && retrained.every((a) => !/^g[12]\//.test(a)), `finished generations are not trained again: ${retrained.slice(0, 5).join(', ')}…`);
  assert.ok(generations[2].time >= generations[1].time, 'generation times continue');
});

test('resuming with changed evolve settings is refused, naming the mismatch', async () => {
  const { runDir } = await evolve(2);
  const changed = resolveConfig(tinyConfigObject({
    seed: 11,
    losses: [{ name: 'ce', type: 'ce' }, { name: 'tg', type: 'taylorglo', params: [0, 0, 0, -1, 0, 2, 0, 0] }],
    evolve: { generations: 4, population: 12, steps: 10, retrain: false },
  }));
  const run = new EvolutionRun({ config: changed, runDir, trainerPath: '/nonexistent', executor: new FakeExecutor(), maxParallel: 3, allowUserCode: false, nClasses: 2, resume: true });
  await assert.rejects(run.start(), /generation 1 in evolution\.jsonl is not what this config's CMA-ES proposes/);
});
