import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readMetrics, readSummary } from '../../src/shared/runner/run-folder';
import { readRegistry } from '../../src/shared/runner/slurm/registry';
import { resolveConfig } from '../helpers/config';
import { startSlurm, type SlurmFixture } from './fixture';
import { alive, cli, recordsByJob, slurmConfigObject, slurmExecutor, slurmRun, statuses, tempRunDir, writeConfigFile as writeConfig } from './helpers';

let slurm: SlurmFixture;
before(() => {
  slurm = startSlurm();
});
after(() => slurm?.stop());

const liveTasks = () => spawnSync('squeue', ['-h', '-r', '-t', 'PENDING,CONFIGURING,RUNNING,COMPLETING', '-o', '%i'], { encoding: 'utf8' }).stdout.trim();

test('stop mid-run: running trainers finish their step and report, queued tasks are cancelled, nothing is left', { timeout: 120_000 }, async () => {
  const config = resolveConfig(slurmConfigObject(5000, { repeats: 2 }));
  const runDir = tempRunDir('stop');
  const training = new Set<string>();
  const run = slurmRun(config, runDir, slurmExecutor({ maxConcurrent: 2 }), {
    // Once both running tasks train (the other two wait for a slot).
    onMetrics: (batch) => {
      for (const j of batch.jobs) if (j.step > 20) training.add(`${j.arm} ${j.seed}`);
      if (training.size === 2) run.stop();
    },
  });
  const summary = await run.start();
  assert.equal(summary.status, 'stopped');
  assert.equal(summary.arms.length, 4);
  const reasons = JSON.stringify(summary.arms.map((a) => a.reason));
  assert.ok(summary.arms.every((a) => a.status === 'stopped'), reasons);
  // The two that ran stopped cooperatively (their own result); the two queued never started.
  assert.equal(summary.arms.filter((a) => /^stopped by request at step \d+/.test(a.reason ?? '')).length, 2, reasons);
  assert.equal(summary.arms.filter((a) => /Slurm job \d+_\d ended CANCELLED/.test(a.reason ?? '')).length, 2, reasons);
  const pids = statuses(runDir).flatMap((s) => (s.started ? [s.started.pid] : []));
  assert.equal(pids.length, 2);
  assert.ok(pids.every((pid) => !alive(pid)), 'no trainer process left');
  assert.equal(liveTasks(), '');
});

test('a trainer killed on the node ends its arm as crashed, with Slurm\'s state', { timeout: 120_000 }, async () => {
  const config = resolveConfig(slurmConfigObject(5000, { losses: [{ name: 'ce', type: 'ce' }] }));
  const runDir = tempRunDir('kill9');
  let killed = false;
  const run = slurmRun(config, runDir, slurmExecutor(), {
    onMetrics: (batch) => {
      if (killed || !batch.jobs.some((j) => j.step > 20)) return;
      killed = true;
      process.kill(statuses(runDir)[0].started!.pid, 'SIGKILL');
    },
  });
  const summary = await run.start();
  assert.equal(summary.status, 'failed');
  assert.equal(summary.arms[0].status, 'crashed');
  assert.match(summary.arms[0].reason ?? '', /^Slurm job \d+_0 ended FAILED \(exit code 0:9/);
  assert.ok(readMetrics(runDir).some((r) => r.step > 20));
});

test('resume after a stop submits only the unfinished jobs, and the records match a full local run', { timeout: 180_000 }, async () => {
  const obj = slurmConfigObject(100, { executor: { type: 'slurm', maxConcurrent: 1 } });
  const config = resolveConfig(obj);
  const runDir = tempRunDir('resume');
  const run = slurmRun(config, runDir, slurmExecutor({ maxConcurrent: 1 }), {
    onJobStarted: (job) => {
      if (job.arm === 'mse') run.stop();
    },
  });
  const first = await run.start();
  assert.equal(first.status, 'stopped');
  assert.deepEqual(first.arms.map((a) => [a.arm, a.status]), [['ce', 'completed'], ['mse', 'stopped']]);
  const r = cli(['resume', runDir, '--quiet'], 120_000);
  assert.equal(r.status, 0, r.stderr);
  const summary = readSummary(runDir)!;
  assert.equal(summary.status, 'completed');
  assert.deepEqual(summary.arms.map((a) => [a.arm, a.status]), [['ce', 'completed'], ['mse', 'completed']]);
  const reg = readRegistry(runDir);
  assert.equal(reg.arrays.length, 2);
  assert.deepEqual(reg.arrays[1].units.map((u) => u.jobs), [[{ arm: 'mse', seed: 3 }]]);
  const local = tempRunDir('resume-local');
  const l = cli(['run', writeConfig(obj), '--out', local, '--executor', 'local', '--quiet'], 120_000);
  assert.equal(l.status, 0, l.stderr);
  assert.deepEqual(recordsByJob(runDir), recordsByJob(local));
});
