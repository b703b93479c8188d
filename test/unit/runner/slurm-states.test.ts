import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchScript, sbatchOptions, shellQuote } from '../../../src/shared/runner/slurm/batch-script';
import { isLive, parseJobComp, parseSacct, parseSqueue, taskState, unreportedSlurmResult, withSlurmReason } from '../../../src/shared/runner/slurm/job-states';
import { jobsKey, latestUnits } from '../../../src/shared/runner/slurm/registry';

test('squeue lines: one per task; the array line of tasks not split off stands for them', () => {
  const states = parseSqueue('7_2|PENDING|JobArrayTaskLimit\n7_0|RUNNING|None\n9|CANCELLED|JobArrayTaskLimit\n11_[3-5]|PENDING|Resources\n');
  assert.deepEqual(taskState(states, '7_2'), { state: 'PENDING', reason: 'JobArrayTaskLimit' });
  assert.deepEqual(taskState(states, '7_0'), { state: 'RUNNING', reason: undefined });
  assert.equal(taskState(states, '9_4')?.state, 'CANCELLED');
  assert.equal(taskState(states, '11_4')?.state, 'PENDING');
  assert.equal(taskState(states, '12_0'), undefined);
  assert.ok(isLive('PENDING') && isLive('COMPLETING') && !isLive('FAILED') && !isLive('CANCELLED'));
});

test('jobcomp lines: tasks by ArrayJobId_ArrayTaskId (the last task reuses the master JobId), known keys only', () => {
  const log = [
    'JobId=3 UserId=root(0) GroupId=root(0) Name=losslab-x JobState=FAILED Partition=main WorkDir=/tmp/a b/run ArrayJobId=1 ArrayTaskId=1 DerivedExitCode=0:0 ExitCode=0:9 ',
    'JobId=1 UserId=root(0) Name=losslab-x JobState=COMPLETED WorkDir=/tmp/run ArrayJobId=1 ArrayTaskId=2 DerivedExitCode=0:0 ExitCode=0:0 ',
    'JobId=5 UserId=root(0) Name=plain JobState=COMPLETED ArrayJobId=0 ArrayTaskId=4294967294 ExitCode=0:0 ',
  ].join('\n');
  const states = parseJobComp(log);
  assert.deepEqual([...states.keys()], ['1_1', '1_2']);
  assert.deepEqual(states.get('1_1'), { state: 'FAILED', exitCode: '0:9' });
  assert.deepEqual(parseSacct('4_0|CANCELLED by 0|0:15\n4_1|COMPLETED|0:0\n').get('4_0'), { state: 'CANCELLED', exitCode: '0:15' });
});

test('jobs without a result: stopped when asked or interrupted by Slurm, crashed otherwise; Slurm says why', () => {
  const job = { arm: 'ce', seed: 1 };
  const failed = unreportedSlurmResult(job, '4_0', { state: 'FAILED', exitCode: '0:9', reason: 'JobLaunchFailure' }, false, 'output:\nKilled');
  assert.equal(failed.status, 'crashed');
  assert.equal(failed.reason, 'Slurm job 4_0 ended FAILED (exit code 0:9, reason JobLaunchFailure)\noutput:\nKilled');
  assert.equal(unreportedSlurmResult(job, '4_0', { state: 'TIMEOUT' }, false).status, 'stopped');
  assert.equal(unreportedSlurmResult(job, '4_0', { state: 'NODE_FAIL' }, false).status, 'crashed');
  assert.equal(unreportedSlurmResult(job, '4_0', { state: 'OUT_OF_MEMORY' }, false).status, 'crashed');
  assert.match(unreportedSlurmResult(job, '4_0', { state: 'COMPLETED' }, false).reason!, /exited without reporting/);
  const asked = unreportedSlurmResult(job, '4_0', { state: 'CANCELLED' }, true);
  assert.equal(asked.status, 'stopped');
  assert.match(asked.reason!, /^stopped by request before the trainer reported \(Slurm job 4_0 ended CANCELLED\)/);
  const own = { ...failed, status: 'stopped' as const, reason: 'stopped by request at step 9' };
  assert.equal(withSlurmReason(own, '4_0', { state: 'TIMEOUT' }, false).reason, 'stopped by request at step 9 (Slurm job 4_0 ended TIMEOUT)');
  assert.equal(withSlurmReason(own, '4_0', { state: 'TIMEOUT' }, true).reason, 'stopped by request at step 9');
});

test('the batch script execs the trainer for its task; options carry the settings, the user\'s last', () => {
  const script = batchScript('/runs/a b', [4, 5], "/opt/it's/trainer.js", { type: 'slurm', setup: 'module load nodejs/20' });
  assert.equal(script, [
    '#!/bin/bash',
    'module load nodejs/20',
    'units=(4 5)',
    `exec node '/opt/it'\\''s/trainer.js' --job-file '/runs/a b/jobs'/"\${units[$SLURM_ARRAY_TASK_ID]}.json"`,
    '',
  ].join('\n'));
  assert.equal(shellQuote("a'b"), `'a'\\''b'`);
  const opts = sbatchOptions('/runs/r', 'my exp', 3, { type: 'slurm', partition: 'cpu', time: '0:10:00', cpusPerTask: 2, memory: '2G', maxConcurrent: 2, sbatchArgs: ['--qos=short'] });
  assert.deepEqual(opts, [
    '--job-name=losslab-my-exp', '--array=0-2%2', '--output=/runs/r/jobs/slurm-%A_%a.out', '--chdir=/runs/r', '--no-requeue',
    '--partition=cpu', '--time=0:10:00', '--cpus-per-task=2', '--mem=2G', '--qos=short',
  ]);
  assert.equal(sbatchOptions('/r', 'x', 1, { type: 'slurm' })[1], '--array=0-0');
});

test('slurm.json: the latest submission of the same jobs, in any order', () => {
  const a = [{ arm: 'b', seed: 1 }, { arm: 'a', seed: 1 }];
  const reg = {
    arrays: [
      { arrayJobId: '1', submittedAt: '', units: [{ id: 0, task: '1_0', jobs: a }] },
      { arrayJobId: '2', submittedAt: '', units: [{ id: 3, task: '2_0', jobs: [...a].reverse() }] },
    ],
  };
  assert.equal(latestUnits(reg).get(jobsKey(a))?.task, '2_0');
});
