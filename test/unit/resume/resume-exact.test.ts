/**
 * A job stopped after a checkpoint and resumed from it gives exactly the records of an uninterrupted
 * run (kind, step, epoch, every value bit for bit, traces), for each method that keeps state, with the
 * smoothness and sharpness probes on; and a checkpoint whose optimizer state is damaged (rewritten
 * with a valid digest) does not, so the comparison can fail.
 */
import '../../../src/trainer/tfjs-gradients';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import type { ExperimentConfig } from '../../../src/shared/config/types';
import { readCheckpoint } from '../../../src/shared/weights/checkpoint';
import { digestTensors } from '../../../src/shared/weights/checkpoint';
import { decodeExact, encodeSafetensors } from '../../../src/shared/weights/safetensors';
import { resolveConfig, tinyConfigObject } from '../../helpers/config';
import { checkpointPath, checkpointSteps, firstDifference, timeGoesBack, train } from './harness';

const probes = { smoothness: { every: 10, probeSize: 64 }, sharpness: { every: 20, iterations: 5, batchSize: 64 } };

function config(loss: Record<string, unknown>, train: Record<string, unknown> = {}): ExperimentConfig {
  return resolveConfig(
    tinyConfigObject({
      // 160 points, batch 32: 4 steps per epoch of the training split
      train: { steps: 120, batchSize: 32, evalEvery: 6, optimizer: { type: 'adam', lr: 0.01 }, schedule: { type: 'cosine', warmupSteps: 10, minLr: 0.001 }, ...train },
      metrics: probes,
      checkpoints: { every: 25 },
      losses: [loss],
    }),
  );
}

/** Whole run; run stopped at `stopAt`; resumed from the newest checkpoint before it: the records. */
async function stopAndResume(cfg: ExperimentConfig, stopAt: number, damage?: (file: string) => void) {
  const job = { arm: cfg.losses[0].name, seed: cfg.seed };
  const dirs = [mkdtempSync(join(tmpdir(), 'losslab-resume-a-')), mkdtempSync(join(tmpdir(), 'losslab-resume-b-'))];
  try {
    const whole = await train(cfg, job, dirs[0]);
    const stopped = await train(cfg, job, dirs[1], stopAt);
    assert.equal(stopped.result.status, 'stopped');
    const from = Math.max(...checkpointSteps(dirs[1], cfg, job).filter((s) => s <= stopAt));
    const file = checkpointPath(cfg, job, from);
    damage?.(join(dirs[1], file));
    const n = readCheckpoint(join(dirs[1], file), job).state.records;
    const tensorsBefore = tf.memory().numTensors;
    const resumed = await train(cfg, { ...job, resume: { step: from, checkpoint: file } }, dirs[1]);
    assert.equal(tf.memory().numTensors, tensorsBefore, 'a resumed job frees every tensor it made');
    return { whole, stopped, resumed, from, joined: [...stopped.records.slice(0, n), ...resumed.records] };
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

const cases: [string, ExperimentConfig, number][] = [
  ['cross-entropy, Adam, cosine schedule with warm-up', config({ name: 'ce', type: 'ce' }), 63],
  ['dynamical loss', config({ name: 'dyn', type: 'dynamical', amplitude: 5, period: 16 }), 57],
  ['Lai loss on half of each batch', config({ name: 'lai', type: 'lai', base: 'ce', lambda: 0.5, sampleFraction: 0.5 }), 54],
  ['Bloop with the spectral auxiliary objective', config({ name: 'bloop', type: 'bloop', lambda: 0.1, ema: 0.2 }), 77],
  ['AdaLFL', config({ name: 'adalfl', type: 'adalfl', offlineSteps: 3 }, { optimizer: { type: 'rmsprop', lr: 0.01 } }), 52],
];

for (const [name, cfg, stopAt] of cases) {
  test(`${name}: stopped at step ${stopAt} and resumed from its checkpoint, the records are exactly an uninterrupted run's`, async () => {
    const r = await stopAndResume(cfg, stopAt);
    assert.ok(r.from > 0 && r.from < stopAt, `resumed from ${r.from}`);
    assert.equal(r.resumed.result.resumedFrom, r.from);
    assert.equal(firstDifference(r.joined, r.whole.records), undefined);
    assert.equal(timeGoesBack(r.joined), undefined);
    assert.ok(r.joined.some((x) => x.kind === 'probe' && 'sharpness' in x.values && x.step > r.from), 'sharpness probed after the resume');
    assert.deepEqual({ ...r.resumed.result.final }, { ...r.whole.result.final });
    assert.deepEqual(r.resumed.result.best, r.whole.result.best);
    assert.equal(r.resumed.result.steps, r.whole.result.steps);
    // The job's clock goes on from the checkpoint's: its first records and its wall time are past the kept ones'.
    const lastKept = r.joined[r.joined.length - r.resumed.records.length - 1];
    assert.ok(r.resumed.records[0].time >= lastKept.time && r.resumed.result.wallTimeSec >= lastKept.time);
  });
}

test('a checkpoint whose optimizer moments are zeroed (digest made valid again) resumes into different records: the comparison detects a lost state', async () => {
  const zeroMoments = (path: string): void => {
    const file = decodeExact(readFileSync(path));
    const tensors = file.tensors.map((t) => (t.name === 'state.optimizer.0' ? { ...t, data: new Float32Array(t.data.length) } : t));
    writeFileSync(path, encodeSafetensors(tensors, { ...file.metadata, digest: digestTensors(tensors) }));
  };
  const r = await stopAndResume(cases[0][1], 63, zeroMoments);
  assert.notEqual(firstDifference(r.joined, r.whole.records), undefined);
});
