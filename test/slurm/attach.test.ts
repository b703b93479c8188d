import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readMetrics, readSummary } from '../../src/shared/runner/run-folder';
import { readRegistry } from '../../src/shared/runner/slurm/registry';
import { startSlurm, type SlurmFixture } from './fixture';
import { cli, cliPath, recordsByJob, slurmConfigObject, tempRunDir, waitFor, writeConfigFile } from './helpers';

let slurm: SlurmFixture;
before(() => {
  slurm = startSlurm();
});
after(() => slurm?.stop());

test('the host killed mid-run: attach follows the jobs still running and finishes the run', { timeout: 180_000 }, async () => {
  const file = writeConfigFile(slurmConfigObject(250, { executor: { type: 'slurm', maxConcurrent: 2 } }));
  const runDir = tempRunDir('attach');
  const host = spawn(process.execPath, [cliPath, 'run', file, '--out', runDir, '--quiet'], { stdio: 'ignore' });
  const hostExited = new Promise((resolve) => host.on('exit', resolve));
  try {
    await waitFor('records from both jobs', () => new Set(readMetrics(runDir).map((r) => r.arm)).size === 2);
  } finally {
    host.kill('SIGKILL');
  }
  await hostExited;
  const before = readMetrics(runDir).length;
  assert.equal(readSummary(runDir)!.status, 'running');
  const running = spawnSync('squeue', ['-h', '-r', '-t', 'RUNNING', '-o', '%i'], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
  assert.equal(running.length, 2, 'the jobs outlive their host');

  const r = cli(['attach', runDir, '--quiet'], 150_000);
  assert.equal(r.status, 0, r.stderr);
  const summary = readSummary(runDir)!;
  assert.equal(summary.status, 'completed');
  assert.deepEqual(summary.arms.map((a) => a.status), ['completed', 'completed']);
  assert.ok(readMetrics(runDir).length > before, 'records continue after attach');
  assert.equal(readRegistry(runDir).arrays.length, 1, 'nothing submitted again');
  // Every record once, as a local run writes them.
  const local = tempRunDir('attach-local');
  const l = cli(['run', file, '--out', local, '--executor', 'local', '--quiet'], 120_000);
  assert.equal(l.status, 0, l.stderr);
  assert.deepEqual(recordsByJob(runDir), recordsByJob(local));
});
