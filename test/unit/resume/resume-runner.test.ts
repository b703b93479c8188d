/**
 * `resume` through the runner and the real trainer process: a job whose trainer was killed (kill -9)
 * continues from its last checkpoint and ends with exactly the records and checkpoint list of an
 * uninterrupted run; `loss-lab resume` passes over a damaged newest checkpoint (and says so), or
 * starts a job again when none is usable; the summary keeps `startedAt` and records `resumedFrom`.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ExperimentConfig } from '../../../src/shared/config/types';
import type { MetricRecord, RunSummary } from '../../../src/shared/metrics';
import { ExperimentRun } from '../../../src/shared/runner/experiment-run';
import { readMetrics, readSummary } from '../../../src/shared/runner/run-folder';
import { DIST, resolveConfig, tinyConfigObject } from '../../helpers/config';
import { checkpointSteps, firstDifference, timeGoesBack } from './harness';

const trainerPath = join(DIST, 'trainer.js');
const CLI = join(DIST, 'cli.js');

function config(): ExperimentConfig {
  return resolveConfig(
    tinyConfigObject({
      train: { steps: 1500, batchSize: 16, evalEvery: 50, optimizer: { type: 'adam', lr: 0.005 }, schedule: { type: 'cosine', warmupSteps: 20 } },
      metrics: { smoothness: { every: 100, probeSize: 64 }, sharpness: { every: 250, iterations: 4, batchSize: 64 } },
      checkpoints: { every: 40, keep: 3 },
      losses: [{ name: 'ce', type: 'ce' }],
    }),
  );
}

const jobRecords = (dir: string): MetricRecord[] => readMetrics(dir).filter((r) => r.arm === 'ce');

async function reference(cfg: ExperimentConfig): Promise<{ dir: string; summary: RunSummary }> {
  const dir = join(mkdtempSync(join(tmpdir(), 'losslab-ref-')), 'r');
  const summary = await new ExperimentRun({ config: cfg, runDir: dir, trainerPath, maxParallel: 1, allowUserCode: false }).start();
  assert.equal(summary.status, 'completed');
  return { dir, summary };
}

/** A run whose job ends once a metrics batch shows a step past `past` (its trainer killed, or the run stopped). */
async function interrupted(cfg: ExperimentConfig, past: number, how: 'kill' | 'stop'): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'losslab-int-')), 'r');
  let done = false;
  const run = new ExperimentRun({ config: cfg, runDir: dir, trainerPath, maxParallel: 1, allowUserCode: false }, {
    onMetrics: (batch) => {
      if (done || !batch.jobs.some((j) => j.step > past)) return;
      done = true;
      if (how === 'kill') process.kill(run.pids[0], 'SIGKILL');
      else run.stop();
    },
  });
  const summary = await run.start();
  assert.equal(summary.arms[0].status, how === 'kill' ? 'crashed' : 'stopped');
  assert.ok(summary.arms[0].steps < 1500, 'interrupted before the end');
  return dir;
}

test('a trainer killed with kill -9 after a checkpoint: resume continues from it, and the records, the checkpoint list and its bytes are an uninterrupted run\'s', async () => {
  const cfg = config();
  const ref = await reference(cfg);
  const dir = await interrupted(cfg, 200, 'kill');
  try {
    const before = readSummary(dir)!;
    const onDisk = checkpointSteps(dir, cfg, { arm: 'ce', seed: cfg.seed });
    const run = new ExperimentRun({ config: cfg, runDir: dir, trainerPath, maxParallel: 1, allowUserCode: false, resume: true, retryFailed: true });
    const [decision] = run.resumeDecisions;
    assert.ok(decision.from, decision.note);
    // The newest checkpoint, unless the kill came before the host had written the records flushed before it.
    assert.ok(onDisk.includes(decision.from.step));
    if (decision.from.step !== Math.max(...onDisk)) assert.match(decision.note, /passed over step-\d+: metrics.jsonl holds/);
    else assert.equal(decision.note, `continues from step ${decision.from.step}`);
    const summary = await run.start();
    assert.equal(summary.status, 'completed');
    assert.equal(summary.startedAt, before.startedAt);
    assert.ok(summary.resumedAt && summary.resumedAt >= before.startedAt);
    const arm = summary.arms[0];
    assert.equal(arm.resumedFrom, decision.from.step);
    assert.equal(firstDifference(jobRecords(dir), jobRecords(ref.dir)), undefined);
    assert.equal(timeGoesBack(jobRecords(dir)), undefined);
    assert.deepEqual(arm.weights!.checkpoints, ref.summary.arms[0].weights!.checkpoints);
    const files = readdirSync(join(dir, 'weights', 'ce', `seed-${cfg.seed}`)).filter((f) => f.startsWith('step-')).sort();
    assert.deepEqual(files, arm.weights!.checkpoints.map((p) => p.split('/').pop()).sort());
    const listed = [arm.weights!.init!, arm.weights!.final!, ...arm.weights!.checkpoints];
    assert.equal(arm.weights!.bytes, listed.reduce((s, f) => s + statSync(join(dir, f)).size, 0));
    assert.deepEqual(arm.final, ref.summary.arms[0].final);
  } finally {
    rmSync(join(dir, '..'), { recursive: true, force: true });
    rmSync(join(ref.dir, '..'), { recursive: true, force: true });
  }
});

test('loss-lab resume passes over a truncated newest checkpoint and says so; with none usable the job starts again', async () => {
  const cfg = config();
  const ref = await reference(cfg);
  const dir = await interrupted(cfg, 200, 'stop');
  const job = { arm: 'ce', seed: cfg.seed };
  try {
    const steps = checkpointSteps(dir, cfg, job);
    assert.ok(steps.length >= 2, `checkpoints ${steps.join(', ')}`);
    const [newest, previous] = [steps[steps.length - 1], steps[steps.length - 2]];
    const path = (s: number) => join(dir, 'weights', 'ce', `seed-${cfg.seed}`, `step-${s}.safetensors`);
    truncateSync(path(newest), statSync(path(newest)).size - 100);
    const torn = `${path(newest + 40)}.12345.tmp`; // what a trainer killed mid-write leaves
    writeFileSync(torn, 'half a checkpoint');
    const out = spawnSync(process.execPath, [CLI, 'resume', dir], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stderr, new RegExp(`ce \\(seed ${cfg.seed}\\): continues from step ${previous} \\(passed over step-${newest}: [^\\n]*\\)`));
    const summary = readSummary(dir)!;
    assert.equal(summary.arms[0].resumedFrom, previous);
    assert.match(summary.arms[0].resumeNote ?? '', new RegExp(`step-${newest}`));
    assert.ok(!existsSync(torn), 'the torn write\'s temp file is removed');
    assert.equal(firstDifference(jobRecords(dir), jobRecords(ref.dir)), undefined);
  } finally {
    rmSync(join(dir, '..'), { recursive: true, force: true });
  }

  const again = await interrupted(cfg, 200, 'stop');
  try {
    for (const s of checkpointSteps(again, cfg, job)) writeFileSync(join(again, 'weights', 'ce', `seed-${cfg.seed}`, `step-${s}.safetensors`), 'not a checkpoint');
    const out = spawnSync(process.execPath, [CLI, 'resume', again], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stderr, new RegExp(`ce \\(seed ${cfg.seed}\\): starts again: no usable checkpoint \\(step-\\d+: `));
    const summary = readSummary(again)!;
    assert.equal(summary.arms[0].resumedFrom, undefined);
    assert.match(summary.arms[0].resumeNote ?? '', /no usable checkpoint/);
    assert.equal(firstDifference(jobRecords(again), jobRecords(ref.dir)), undefined, 'from scratch, the same records');
  } finally {
    rmSync(join(again, '..'), { recursive: true, force: true });
    rmSync(join(ref.dir, '..'), { recursive: true, force: true });
  }
});

test('stopped, resumed and stopped again, then resumed again: the records and the checkpoint list are still an uninterrupted run\'s', async () => {
  const cfg = config();
  const ref = await reference(cfg);
  const dir = await interrupted(cfg, 200, 'stop');
  try {
    let stopped = false;
    const second = new ExperimentRun({ config: cfg, runDir: dir, trainerPath, maxParallel: 1, allowUserCode: false, resume: true }, {
      onMetrics: (batch) => {
        if (!stopped && batch.jobs.some((j) => j.step > 700)) {
          stopped = true;
          second.stop();
        }
      },
    });
    const firstFrom = second.resumeDecisions[0].from!.step;
    assert.equal((await second.start()).arms[0].status, 'stopped');
    const third = new ExperimentRun({ config: cfg, runDir: dir, trainerPath, maxParallel: 1, allowUserCode: false, resume: true });
    const secondFrom = third.resumeDecisions[0].from?.step ?? 0;
    assert.ok(secondFrom > firstFrom, `${third.resumeDecisions[0].note} (first resume from ${firstFrom})`);
    const summary = await third.start();
    assert.equal(summary.arms[0].status, 'completed');
    assert.equal(summary.arms[0].resumedFrom, secondFrom);
    assert.equal(firstDifference(jobRecords(dir), jobRecords(ref.dir)), undefined);
    assert.equal(timeGoesBack(jobRecords(dir)), undefined);
    assert.deepEqual(summary.arms[0].weights!.checkpoints, ref.summary.arms[0].weights!.checkpoints);
  } finally {
    rmSync(join(dir, '..'), { recursive: true, force: true });
    rmSync(join(ref.dir, '..'), { recursive: true, force: true });
  }
});
