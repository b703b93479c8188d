import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobFile } from '../../src/shared/protocol/job-file';
import { ExperimentRun } from '../../src/shared/runner/experiment-run';
import { readSummary } from '../../src/shared/runner/run-folder';
import { resolveConfig } from '../helpers/config';
import { startSlurm, type SlurmFixture } from './fixture';
import { cli, recordsByJob, slurmConfigObject, tempRunDir, trainerPath, writeConfigFile } from './helpers';

let slurm: SlurmFixture;
before(() => {
  slurm = startSlurm();
});
after(() => slurm?.stop());

test('a stopped run resumed on Slurm: the job file carries the checkpoint to continue from, and the records are an uninterrupted run\'s', { timeout: 150_000 }, async () => {
  const obj = slurmConfigObject(150, { losses: [{ name: 'ce', type: 'ce' }], checkpoints: { every: 50 } });
  const file = writeConfigFile(obj);
  const whole = tempRunDir('whole');
  const a = cli(['run', file, '--out', whole, '--quiet'], 100_000);
  assert.equal(a.status, 0, a.stderr);

  const dir = tempRunDir('stopped');
  let stopped = false;
  const run = new ExperimentRun({ config: resolveConfig(obj, file), runDir: dir, trainerPath, maxParallel: 1, allowUserCode: false }, {
    onMetrics: (batch) => {
      if (!stopped && batch.jobs.some((j) => j.step > 120)) {
        stopped = true;
        run.stop();
      }
    },
  });
  assert.equal((await run.start()).status, 'stopped');

  const b = cli(['resume', dir, '--executor', 'slurm'], 100_000);
  assert.equal(b.status, 0, b.stderr);
  const from = Number(/ce \(seed 3\): continues from step (\d+)/.exec(b.stderr)?.[1]);
  assert.ok(from >= 100, b.stderr);
  const work = JSON.parse(readFileSync(join(dir, 'jobs', '0.json'), 'utf8')) as JobFile;
  assert.deepEqual(work.jobs, [{ arm: 'ce', seed: 3, resume: { step: from, checkpoint: `weights/ce/seed-3/step-${from}.safetensors` } }]);
  assert.equal(readSummary(dir)!.arms[0].resumedFrom, from);
  assert.deepEqual(recordsByJob(dir), recordsByJob(whole));
});
