import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { runJobs } from '../../../src/trainer/run-jobs';
import type { MetricRecord } from '../../../src/shared/metrics';
import { resolveConfig, tinyConfigObject } from '../../helpers/config';

const backend = process.env.LOSSLAB_TEST_BACKEND ?? 'wasm';

async function collect(config = resolveConfig(tinyConfigObject())) {
  const records: MetricRecord[] = [];
  const jobs = config.losses.map((l) => ({ arm: l.name, seed: config.seed }));
  const results = await runJobs(config, jobs, { backend, onMetrics: (r) => records.push(...r) });
  return { records, results };
}

test('same config and seed give identical metrics.jsonl values', async () => {
  const config = resolveConfig(tinyConfigObject());
  const jobs = config.losses.map((l) => ({ arm: l.name, seed: config.seed }));
  const read = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'losslab-det-'));
    await runJobs(config, jobs, { backend, metricsFile: join(dir, 'metrics.jsonl') });
    return readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => {
        const r = JSON.parse(l) as MetricRecord;
        const { time: _t, values, ...rest } = r;
        delete values.stepsPerSec;
        return JSON.stringify({ ...rest, values });
      });
  };
  const a = await read();
  const b = await read();
  assert.ok(a.length > 10);
  assert.deepEqual(a, b);
});

test('a different seed gives different curves', async () => {
  const a = await collect(resolveConfig(tinyConfigObject({ seed: 1 })));
  const b = await collect(resolveConfig(tinyConfigObject({ seed: 2 })));
  const loss = (rs: MetricRecord[]) => rs.filter((r) => r.kind === 'train' && r.arm === 'ce').map((r) => r.values.loss);
  assert.notDeepEqual(loss(a.records), loss(b.records));
});

test('paired arms start from the same weights: initial accuracy and cross-entropy agree', async () => {
  const { records } = await collect();
  const initial = records.filter((r) => r.kind === 'eval' && r.step === 0);
  assert.equal(initial.length, 2);
  assert.equal(initial[0].values['val/accuracy'], initial[1].values['val/accuracy']);
  assert.equal(initial[0].values['val/ce'], initial[1].values['val/ce']);
  assert.notEqual(initial[0].values['val/loss'], initial[1].values['val/loss']);
});

test('records carry per-step train loss, per-layer gradient norms and evaluations', async () => {
  const { records, results } = await collect();
  const train = records.filter((r) => r.kind === 'train' && r.arm === 'ce');
  // 160 points × 0.7 = 112 train rows, batch 32 → 4 steps per epoch, 3 epochs.
  assert.equal(train.length, 12);
  assert.deepEqual(train.map((r) => r.step), Array.from({ length: 12 }, (_, i) => i + 1));
  for (const r of train) {
    assert.ok(Number.isFinite(r.values.loss));
    const layers = Object.keys(r.values).filter((k) => k.startsWith('gradNorm/'));
    assert.deepEqual(layers.sort(), ['gradNorm/dense0', 'gradNorm/out']);
    const total = Math.hypot(...layers.map((k) => r.values[k]));
    assert.ok(Math.abs(total - r.values.gradNorm) < 1e-4 * Math.max(1, total));
  }
  const evals = records.filter((r) => r.kind === 'eval' && r.arm === 'ce');
  assert.deepEqual(evals.map((r) => r.step), [0, 4, 8, 12]);
  // The fourth batch of each epoch holds 16 rows, not 32: epochs count steps, not batchSize × steps.
  assert.deepEqual(evals.map((r) => r.epoch), [0, 1, 2, 3]);
  assert.equal(results[0].epochs, 3);
  assert.ok(evals.every((r) => r.values['val/accuracy'] >= 0 && r.values['val/accuracy'] <= 1));
  assert.equal(results[0].status, 'completed');
  assert.equal(results[0].steps, 12);
  assert.ok(records.some((r) => r.kind === 'final' && 'test/accuracy' in r.values));
});

test('no tensor leaks: the tensor count is the same after two runs', async () => {
  await collect();
  const before = tf.memory().numTensors;
  await collect();
  await collect();
  assert.equal(tf.memory().numTensors, before);
});

test('a diverging arm ends as diverged with the step and quantity; the other arm completes', async () => {
  // With a large SGD step, MSE's gradient grows with the error and blows up; MAE's stays bounded.
  const config = resolveConfig(
    tinyConfigObject({
      data: { dataset: 'sine', points: 160, noise: 0.1 },
      train: { epochs: 10, batchSize: 32, optimizer: { type: 'sgd', lr: 10 } },
      losses: [
        { name: 'mse', type: 'mse' },
        { name: 'mae', type: 'mae' },
      ],
    }),
  );
  const { results, records } = await collect(config);
  const mse = results.find((r) => r.arm === 'mse')!;
  assert.equal(mse.status, 'diverged');
  assert.match(mse.reason ?? '', /^(NaN|Inf) in (loss|gradient norm) at step \d+$/);
  assert.ok(mse.steps < 40, `diverged at ${mse.steps}`);
  const lastTrain = records.filter((r) => r.arm === 'mse' && r.kind === 'train').at(-1)!;
  assert.equal(lastTrain.step, mse.steps);
  const mae = results.find((r) => r.arm === 'mae')!;
  assert.equal(mae.status, 'completed');
  assert.equal(mae.steps, 40);
});

test('early stopping ends the arm as completed, with the reason', async () => {
  const config = resolveConfig(
    tinyConfigObject({
      train: { epochs: 40, batchSize: 32, optimizer: { type: 'sgd', lr: 0 }, earlyStopping: { metric: 'val/loss', patience: 2 } },
      losses: [{ name: 'ce', type: 'ce' }],
    }),
  );
  const { results } = await collect(config);
  assert.equal(results[0].status, 'completed');
  assert.match(results[0].reason ?? '', /early stopped at step 12/);
});

test('a stop request ends the arm as stopped after the current step', async () => {
  const config = resolveConfig(tinyConfigObject({ losses: [{ name: 'ce', type: 'ce' }] }));
  // Asked after every step (records reach the host in timed batches, so the request does not wait for them).
  let asked = 0;
  const results = await runJobs(config, [{ arm: 'ce', seed: 3 }], {
    backend,
    shouldStop: () => ++asked >= 5,
  });
  assert.equal(results[0].status, 'stopped');
  // Asked once before the job starts, then after each step.
  assert.equal(results[0].steps, 4, `stopped at ${results[0].steps}`);
});
