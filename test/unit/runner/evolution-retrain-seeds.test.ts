import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ArmResult } from '../../../src/shared/metrics';
import { EvolutionRun } from '../../../src/shared/runner/evolution-run';
import type { Executor, TrialWork } from '../../../src/shared/runner/executor';
import { resolveConfig, tinyConfigObject } from '../../helpers/config';

class RecordingExecutor implements Executor {
  readonly slots = 2;
  submitted: TrialWork[] = [];
  submit(work: TrialWork) {
    this.submitted.push(work);
    const results: ArmResult[] = work.jobs.map((job) => ({
      arm: job.arm, seed: job.seed, status: 'completed', steps: 10, epochs: 1, wallTimeSec: 0, stepsPerSec: 0, mainMetric: 'val/accuracy', best: {}, final: { 'val/accuracy': 0.5 },
    }));
    return { stop() {}, kill() {}, results: Promise.resolve(results) };
  }
  async close() {}
}

async function run(evolve: Record<string, unknown>) {
  const config = resolveConfig(tinyConfigObject({
    seed: 7,
    repeats: 2,
    losses: [{ name: 'tg', type: 'taylorglo', params: [0, 0, 0, -1, 0, 2, 0, 0] }],
    evolve: { generations: 1, population: 4, steps: 10, ...evolve },
  }));
  const executor = new RecordingExecutor();
  const runDir = join(mkdtempSync(join(tmpdir(), 'losslab-evo-seeds-')), 'r');
  await new EvolutionRun({ config, runDir, trainerPath: '/nonexistent', executor, maxParallel: 2, allowUserCode: false, nClasses: 2 }).start();
  const retraining = executor.submitted.filter((w) => w.jobs.some((j) => !j.arm.startsWith('g')));
  const search = executor.submitted.filter((w) => w.jobs.every((j) => j.arm.startsWith('g')));
  return { retraining, search };
}

test('evolve.retrainSeeds: the search trains on the top-level seed, the retraining on its own seeds with the same data', async () => {
  const { retraining, search } = await run({ retrainSeeds: { seed: 100, repeats: 3 } });
  assert.ok(search.length > 0);
  assert.deepEqual([...new Set(search.flatMap((w) => w.jobs.map((j) => j.seed)))], [7]);
  const jobs = retraining.flatMap((w) => w.jobs.map((j) => `${j.arm}@${j.seed}`)).sort();
  assert.deepEqual(jobs, ['tg (evolved)@100', 'tg (evolved)@101', 'tg (evolved)@102', 'tg@100', 'tg@101', 'tg@102']);
  for (const w of retraining) assert.equal(w.config.data.seed, 7, 'the data keeps the search seed');
});

test('without retrainSeeds the retraining uses the top-level seed and repeats, and the config is unchanged', async () => {
  const { retraining } = await run({});
  const seeds = retraining.flatMap((w) => w.jobs.map((j) => j.seed)).sort();
  assert.deepEqual(seeds, [7, 7, 8, 8]);
  for (const w of retraining) assert.equal(w.config.data.seed, undefined);
});
