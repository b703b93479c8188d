import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalExecutor } from '../../../src/shared/runner/local-executor';
import { ExperimentRun, jobsFor } from '../../../src/shared/runner/experiment-run';
import { readMetrics, readSummary } from '../../../src/shared/runner/run-folder';
import { DIST, resolveConfig, tinyConfigObject } from '../../helpers/config';
import { alive } from '../../helpers/process';

const trainerPath = join(DIST, 'trainer.js');

test('jobsFor crosses arms with repeat seeds', () => {
  const config = resolveConfig(tinyConfigObject({ seed: 10, repeats: 2 }));
  assert.deepEqual(jobsFor(config), [
    { arm: 'ce', seed: 10 }, { arm: 'mse', seed: 10 }, { arm: 'ce', seed: 11 }, { arm: 'mse', seed: 11 },
  ]);
  assert.deepEqual(jobsFor(config, ['mse']), [{ arm: 'mse', seed: 10 }, { arm: 'mse', seed: 11 }]);
});

test('runs every job in parallel processes, reusing warm trainers, and records each in summary.json', async () => {
  const config = resolveConfig(tinyConfigObject({ repeats: 2 }));
  const runDir = join(mkdtempSync(join(tmpdir(), 'losslab-run-')), 'r');
  const started: number[] = [];
  let maxConcurrent = 0;
  const run = new ExperimentRun({ config, runDir, trainerPath, maxParallel: 2, allowUserCode: false }, {
    onJobStarted: (_job, info) => {
      started.push(info.pid!);
      maxConcurrent = Math.max(maxConcurrent, run.pids.length);
    },
  });
  const summary = await run.start();
  assert.equal(summary.status, 'completed');
  assert.equal(summary.arms.length, 4);
  assert.ok(summary.arms.every((a) => a.status === 'completed'));
  // Two slots: two trainers, each given a second job once its first is done; both gone when the run ends.
  assert.equal(started.length, 4);
  assert.equal(new Set(started).size, 2);
  assert.ok(maxConcurrent <= 2);
  assert.ok(started.every((pid) => !alive(pid)));
  assert.deepEqual(readSummary(runDir), JSON.parse(JSON.stringify(summary)));
  const seeds = new Set(readMetrics(runDir).map((r) => `${r.arm}/${r.seed}`));
  assert.deepEqual([...seeds].sort(), ['ce/3', 'ce/4', 'mse/3', 'mse/4']);
});

test('a trainer killed from outside is recorded as crashed with its reason; metrics already written stay', async () => {
  const config = resolveConfig(tinyConfigObject({ train: { epochs: 5000, batchSize: 16, optimizer: { type: 'adam', lr: 0.01 } }, losses: [{ name: 'ce', type: 'ce' }] }));
  const runDir = join(mkdtempSync(join(tmpdir(), 'losslab-crash-')), 'r');
  let killed = false;
  const run = new ExperimentRun({ config, runDir, trainerPath, maxParallel: 1, allowUserCode: false }, {
    onMetrics: (batch) => {
      if (!killed && batch.jobs.some((j) => j.step > 10)) {
        killed = true;
        process.kill(run.pids[0], 'SIGKILL');
      }
    },
  });
  const summary = await run.start();
  assert.equal(summary.status, 'failed');
  assert.equal(summary.arms[0].status, 'crashed');
  assert.match(summary.arms[0].reason ?? '', /killed by SIGKILL/);
  assert.ok(readMetrics(runDir).some((r) => r.step > 10));
});

test('stop: running trainers finish their step and exit; queued jobs never start', async () => {
  const config = resolveConfig(tinyConfigObject({ train: { epochs: 5000, batchSize: 16, optimizer: { type: 'adam', lr: 0.01 } }, repeats: 2 }));
  const runDir = join(mkdtempSync(join(tmpdir(), 'losslab-stop-')), 'r');
  const pids: number[] = [];
  const run = new ExperimentRun({ config, runDir, trainerPath, maxParallel: 2, allowUserCode: false }, {
    onJobStarted: (_j, info) => pids.push(info.pid!),
    onMetrics: (batch) => {
      if (batch.jobs.some((j) => j.step > 10)) run.stop();
    },
  });
  const summary = await run.start();
  assert.equal(summary.status, 'stopped');
  assert.equal(summary.arms.length, 4);
  assert.ok(summary.arms.every((a) => a.status === 'stopped'));
  // The two queued jobs never start. The second trainer's job may not have taken a step yet when the
  // first reaches step 10 (its trainer starts a little later): it then counts as not started too.
  const trained = summary.arms.filter((a) => a.steps > 0);
  assert.ok(trained.length >= 1 && trained.length <= 2, JSON.stringify(summary.arms));
  assert.ok(trained.every((a) => /^stopped by request at step \d+$/.test(a.reason ?? '')), JSON.stringify(trained));
  assert.ok(trained.some((a) => a.steps > 10));
  assert.equal(summary.arms.filter((a) => a.reason === 'stopped before it started').length, 4 - trained.length);
  assert.ok(pids.length >= 1 && pids.length <= 2 && pids.every((p) => !alive(p)), `pids ${pids.join(', ')}`);
});

test('stop before the trainers are ready records the jobs as stopped, not crashed', async () => {
  const config = resolveConfig(tinyConfigObject());
  const runDir = join(mkdtempSync(join(tmpdir(), 'losslab-early-')), 'r');
  const run = new ExperimentRun({ config, runDir, trainerPath, maxParallel: 2, allowUserCode: false });
  const done = run.start();
  run.stop();
  const summary = await done;
  assert.equal(summary.status, 'stopped');
  assert.deepEqual(summary.arms.map((a) => a.status), ['stopped', 'stopped']);
  assert.ok(run.pids.length === 0);
});

test('local executor: a warm trainer takes the next work, and exits after the idle timeout', async () => {
  const config = resolveConfig(tinyConfigObject({ losses: [{ name: 'ce', type: 'ce' }] }));
  const executor = new LocalExecutor({ trainerPath, slots: 1, idleTimeoutMs: 300 });
  const work = () => ({ config, jobs: [{ arm: 'ce', seed: 3 }], runDir: mkdtempSync(join(tmpdir(), 'losslab-idle-')), allowUserCode: false });
  const pids: number[] = [];
  for (let i = 0; i < 2; i++) {
    const results = await executor.submit(work(), { onStarted: (info) => pids.push(info.pid!) }).results;
    assert.equal(results[0].status, 'completed');
  }
  assert.equal(new Set(pids).size, 1, `one trainer for both works: ${pids.join(', ')}`);
  assert.ok(alive(pids[0]), 'warm between works');
  const deadline = Date.now() + 10000;
  while (alive(pids[0]) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.ok(!alive(pids[0]), 'gone after the idle timeout');
  await executor.close();
});
