import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExperimentRun } from '../../src/shared/runner/experiment-run';
import { readSummary } from '../../src/shared/runner/run-folder';
import { readRegistry } from '../../src/shared/runner/slurm/registry';
import { readTrialRows } from '../../src/shared/runner/sweep-folder';
import { resolveConfig } from '../helpers/config';
import { startSlurm, type SlurmFixture } from './fixture';
import { cli, cliPath, recordsByJob, slurmConfigObject, slurmExecutor, slurmRun, tempRunDir, trainerPath, writeConfigFile } from './helpers';

let slurm: SlurmFixture;
before(() => {
  slurm = startSlurm();
});
after(() => slurm?.stop());

test('loss-lab run --executor slurm: the same records as a local run, record for record but for time', { timeout: 120_000 }, () => {
  const file = writeConfigFile(slurmConfigObject(4, { repeats: 2, executor: { type: 'local', maxConcurrent: 2 } }));
  const local = tempRunDir('local');
  const onSlurm = tempRunDir('slurm');
  const a = cli(['run', file, '--out', local, '--quiet'], 100_000);
  assert.equal(a.status, 0, a.stderr);
  const b = cli(['run', file, '--out', onSlurm, '--executor', 'slurm', '--quiet'], 100_000);
  assert.equal(b.status, 0, b.stderr);
  assert.match(b.stdout, /^ce\s+2 completed/m);
  const summary = readSummary(onSlurm)!;
  assert.equal(summary.status, 'completed');
  assert.equal(summary.arms.length, 4);
  const records = recordsByJob(onSlurm);
  assert.deepEqual(Object.keys(records).sort(), ['ce seed 3', 'ce seed 4', 'mse seed 3', 'mse seed 4']);
  assert.deepEqual(records, recordsByJob(local));
  // One job array for the run; the batch script execs the trainer.
  const reg = readRegistry(onSlurm);
  assert.equal(reg.arrays.length, 1);
  assert.equal(reg.arrays[0].units.length, 4);
  assert.match(readFileSync(join(onSlurm, 'jobs', 'array-0.sh'), 'utf8'), /^exec node .*trainer\.js' --job-file /m);
});

test('run --executor slurm without sbatch on PATH says what is missing', () => {
  const file = writeConfigFile(slurmConfigObject(2));
  const r = spawnSync(process.execPath, [cliPath, 'run', file, '--out', tempRunDir('nosbatch'), '--executor', 'slurm'], { encoding: 'utf8', env: { ...process.env, PATH: '/nonexistent' } });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /needs the Slurm client commands on PATH, and sbatch, squeue, scancel, scontrol are missing/);
});

test('a sweep goes to Slurm as one job array, at most 2 tasks running at once', { timeout: 120_000 }, async () => {
  const config = resolveConfig(slurmConfigObject(40, { sweep: { parameters: { 'train.optimizer.lr': { values: [0.01, 0.03] } }, objective: { metric: 'val/loss' } } }));
  const runDir = tempRunDir('sweep');
  let maxRunning = 0;
  const sampler = setInterval(() => {
    const q = spawnSync('squeue', ['-h', '-t', 'RUNNING', '-r', '-o', '%i'], { encoding: 'utf8' });
    maxRunning = Math.max(maxRunning, q.stdout.split('\n').filter(Boolean).length);
  }, 200);
  const summary = await slurmRun(config, runDir, slurmExecutor({ maxConcurrent: 2 })).start();
  clearInterval(sampler);
  assert.equal(summary.status, 'completed');
  assert.equal(summary.arms.length, 4);
  assert.equal(readTrialRows(runDir).length, 4);
  const reg = readRegistry(runDir);
  assert.equal(reg.arrays.length, 1, 'one array for the whole sweep');
  assert.equal(reg.arrays[0].units.length, 4);
  assert.ok(maxRunning >= 1 && maxRunning <= 2, `running at once: ${maxRunning}`);
  // The sweep's records match a local run's too.
  const local = tempRunDir('sweep-local');
  await new ExperimentRun({ config, runDir: local, trainerPath, maxParallel: 2, allowUserCode: false }).start();
  assert.deepEqual(recordsByJob(runDir), recordsByJob(local));
});

test('an evolution through Slurm: each generation one job array, the same generations and records as locally', { timeout: 150_000 }, () => {
  const obj = slurmConfigObject(3, {
    losses: [{ name: 'ce', type: 'ce' }, { name: 'taylorglo', type: 'taylorglo', params: [0, 0, 0, -1, 0, 2, 0, 0] }],
    evolve: { generations: 2, population: 4, steps: 20, fitness: { metric: 'val/accuracy' } },
    executor: { type: 'slurm', maxConcurrent: 2 },
  });
  const file = writeConfigFile(obj);
  const onSlurm = tempRunDir('evolve');
  const local = tempRunDir('evolve-local');
  const s = cli(['run', file, '--out', onSlurm, '--quiet'], 140_000);
  assert.equal(s.status, 0, s.stderr);
  const l = cli(['run', file, '--out', local, '--executor', 'local', '--quiet'], 140_000);
  assert.equal(l.status, 0, l.stderr);
  const generations = (dir: string) => readFileSync(join(dir, 'evolution.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line).candidates);
  assert.deepEqual(generations(onSlurm), generations(local));
  const trained = generations(onSlurm).map((cands: { outcome: string }[]) => cands.filter((c) => c.outcome === 'trained').length).filter((n: number) => n > 0);
  assert.equal(readRegistry(join(onSlurm, 'candidates')).arrays.length, trained.length, 'one array per generation that trains');
  assert.deepEqual(recordsByJob(join(onSlurm, 'candidates')), recordsByJob(join(local, 'candidates')));
  assert.deepEqual(recordsByJob(onSlurm), recordsByJob(local));
});

test('weights and analyses on Slurm: the same weights files as a local run; loss-lab landscape --executor slurm gives the local result', { timeout: 180_000 }, () => {
  const file = writeConfigFile(slurmConfigObject(3, { executor: { type: 'local', maxConcurrent: 2 } }));
  const local = tempRunDir('local-weights');
  const onSlurm = tempRunDir('slurm-weights');
  for (const [out, executor] of [[local, 'local'], [onSlurm, 'slurm']]) {
    const r = cli(['run', file, '--out', out, '--executor', executor, '--quiet'], 100_000);
    assert.equal(r.status, 0, r.stderr);
  }
  for (const f of ['weights/init/seed-3.safetensors', 'weights/ce/seed-3/final.safetensors', 'weights/mse/seed-3/final.safetensors']) {
    assert.ok(readFileSync(join(onSlurm, f)).equals(readFileSync(join(local, f))), f);
  }
  const results = [local, onSlurm].map((out, i) => {
    const r = cli(['landscape', out, '--grid', '5', '--executor', i === 0 ? 'local' : 'slurm', '--json'], 100_000);
    assert.equal(r.status, 0, r.stderr);
    const { seconds: _s, ...rest } = JSON.parse(r.stdout);
    return rest;
  });
  assert.deepEqual(results[1], results[0]);
});
