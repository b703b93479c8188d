import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ExperimentRun } from '../../../src/shared/runner/experiment-run';
import { readMetrics, readSummary } from '../../../src/shared/runner/run-folder';
import { readTrialRows } from '../../../src/shared/runner/sweep-folder';
import { DIST, resolveConfig, tinyConfigObject } from '../../helpers/config';

const trainerPath = join(DIST, 'trainer.js');

test('a sweep stopped half-way resumes: completed trials are kept, the rest run, nothing is duplicated', async () => {
  const config = resolveConfig(tinyConfigObject({ sweep: { parameters: { 'train.optimizer.lr': { values: [0.01, 0.03, 0.1] } }, objective: { metric: 'val/loss' } } }));
  const runDir = join(mkdtempSync(join(tmpdir(), 'losslab-sweep-')), 'r');
  let ended = 0;
  const first = new ExperimentRun({ config, runDir, trainerPath, maxParallel: 1, allowUserCode: false }, {
    onArmDone: () => {
      if (++ended === 2) first.stop();
    },
  });
  assert.equal(first.jobs.length, 6);
  const stopped = await first.start();
  assert.equal(stopped.status, 'stopped');
  const completedFirst = stopped.arms.filter((a) => a.status === 'completed').map((a) => a.arm);
  assert.equal(completedFirst.length, 2);
  assert.equal(readTrialRows(runDir).length, 6, 'every job is recorded, the unfinished as stopped');

  const started: string[] = [];
  const second = new ExperimentRun({ config, runDir, trainerPath, maxParallel: 2, allowUserCode: false, resume: true }, {
    onJobStarted: (job) => started.push(job.arm),
  });
  assert.equal(second.pending.length, 4);
  const done = await second.start();
  assert.equal(done.status, 'completed');
  assert.deepEqual(started.filter((a) => completedFirst.includes(a)), [], 'completed trials are not run again');
  assert.equal(readSummary(runDir)!.arms.length, 6);

  const rows = readTrialRows(runDir);
  assert.equal(rows.length, 6);
  assert.equal(new Set(rows.map((r) => `${r.trialId}/${r.seed}`)).size, 6);
  assert.ok(rows.every((r) => r.status === 'completed' && typeof r.objective === 'number'));
  assert.deepEqual([...new Set(rows.map((r) => r.params['train.optimizer.lr']))].sort(), [0.01, 0.03, 0.1]);

  const records = readMetrics(runDir);
  const keys = records.map((r) => `${r.arm}/${r.seed}/${r.kind}/${r.step}`);
  assert.equal(new Set(keys).size, keys.length, 'no record appears twice');
  for (const r of rows) assert.ok(records.some((m) => m.arm === r.arm && m.kind === 'final'), `final record of ${r.arm}`);
});
