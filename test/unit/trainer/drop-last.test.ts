import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runJobs } from '../../../src/trainer/run-jobs';
import { trainingPlan } from '../../../src/trainer/job/plan';
import type { MetricRecord } from '../../../src/shared/metrics';
import type { TrainConfig } from '../../../src/shared/config/types';
import { resolveConfig, tinyConfigObject } from '../../helpers/config';

const backend = process.env.LOSSLAB_TEST_BACKEND ?? 'wasm';

const train = (t: Partial<TrainConfig>): TrainConfig => ({ batchSize: 32, optimizer: { type: 'sgd', lr: 0.1, weightDecay: 0 }, schedule: { type: 'constant', warmupSteps: 0 }, ...t });

test('dropLast: an epoch is floor(n / batchSize) steps; without it ceil; full batches are unaffected', () => {
  assert.equal(trainingPlan(train({ epochs: 3 }), 112).stepsPerEpoch, 4);
  assert.equal(trainingPlan(train({ epochs: 3 }), 112).totalSteps, 12);
  assert.equal(trainingPlan(train({ epochs: 3, dropLast: true }), 112).stepsPerEpoch, 3);
  assert.equal(trainingPlan(train({ epochs: 3, dropLast: true }), 112).totalSteps, 9);
  assert.equal(trainingPlan(train({ epochs: 2, dropLast: true }), 128).totalSteps, 8, 'no short batch: nothing dropped');
  assert.equal(trainingPlan(train({ epochs: 2, dropLast: true, batchSize: 'full' }), 100).stepsPerEpoch, 1);
  assert.equal(trainingPlan(train({ epochs: 2, dropLast: true, batchSize: 500 }), 100).stepsPerEpoch, 1);
  assert.equal(trainingPlan(train({ steps: 10, dropLast: true }), 112).evalEvery, 3);
});

test('dropLast trains floor(n / batchSize) full batches per epoch; epochs count steps / steps per epoch', async () => {
  const obj = tinyConfigObject();
  const config = resolveConfig({ ...obj, train: { ...(obj.train as object), dropLast: true }, losses: [{ type: 'ce' }] });
  const records: MetricRecord[] = [];
  const [result] = await runJobs(config, [{ arm: 'ce', seed: 3 }], { backend, onMetrics: (r) => records.push(...r) });
  assert.equal(result.steps, 9, '112 training rows, batches of 32, 3 epochs');
  assert.equal(result.epochs, 3);
  const evals = records.filter((r) => r.kind === 'eval');
  assert.deepEqual(evals.map((r) => [r.step, r.epoch]), [[0, 0], [3, 1], [6, 2], [9, 3]]);
});
