import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type { ArmResult, MetricRecord } from '../../../src/shared/metrics';
import { initBackend } from '../../../src/trainer/backend';
import { prepareData } from '../../../src/trainer/job/prepared-data';
import { createMethod, type TrainingMethod } from '../../../src/trainer/methods';
import { buildModel } from '../../../src/trainer/models';
import { createOptimizer } from '../../../src/trainer/optim';
import { JobProbes } from '../../../src/trainer/probes/job-probes';
import { Rng } from '../../../src/shared/rng';
import { runJobs } from '../../../src/trainer/run-jobs';
import { resolveConfig, tinyConfigObject } from '../../helpers/config';

const backend = process.env.LOSSLAB_TEST_BACKEND ?? 'wasm';

// A Lai arm with sampleFraction < 1 draws rows from its method stream each time it builds an
// objective: the sharpness probe must not consume those draws. AdaLFL's objective is its learned
// loss, which only the training instance has; Bloop has two objectives (sharpness uses the main one).
const LOSSES = [
  { name: 'ce', type: 'ce' },
  { name: 'ce-copy', type: 'ce' },
  { name: 'lai', type: 'lai', base: 'ce', lambda: 0.5, sampleFraction: 0.5 },
  { name: 'adalfl', type: 'adalfl', offlineSteps: 2 },
  { name: 'bloop', type: 'bloop', lambda: 0.3 },
];

async function collect(metrics: Record<string, unknown>) {
  const config = resolveConfig(tinyConfigObject({ losses: LOSSES, metrics }));
  const records: MetricRecord[] = [];
  const jobs = config.losses.map((l) => ({ arm: l.name, seed: config.seed }));
  const results = await runJobs(config, jobs, { backend, onMetrics: (r) => records.push(...r) });
  return { records, results };
}

const ALL_ON = {
  smoothness: { probeSize: 20 },
  sharpness: { every: 5, iterations: 8, batchSize: 32 },
  noiseRobustness: { sigmas: [0, 0.5, 2], repeats: 2 },
};

const of = (records: MetricRecord[], arm: string, kind: MetricRecord['kind']) => records.filter((r) => r.arm === arm && r.kind === kind);
const strip = (rs: MetricRecord[]) => rs.map((r) => ({ step: r.step, values: Object.fromEntries(Object.entries(r.values).filter(([k]) => k !== 'stepsPerSec')) }));

test('probes do not change the trajectory: train losses and evaluations equal a run with every probe off', async () => {
  const on = await collect(ALL_ON);
  const off = await collect({ smoothness: false });
  for (const arm of LOSSES.map((l) => l.name)) {
    assert.deepEqual(strip(of(on.records, arm, 'train')), strip(of(off.records, arm, 'train')), arm);
    assert.deepEqual(strip(of(on.records, arm, 'eval')), strip(of(off.records, arm, 'eval')), arm);
    assert.equal(of(off.records, arm, 'probe').length, 0);
  }
  const finalOn = of(on.records, 'ce', 'final')[0].values;
  const finalOff = of(off.records, 'ce', 'final')[0].values;
  for (const [k, v] of Object.entries(finalOff)) assert.equal(finalOn[k], v, k);
});

test('probe records: smoothness at evaluations, sharpness every N steps and at the end; noise in final; timings', async () => {
  const { records, results } = await collect(ALL_ON);
  // 112 train rows, batch 32 → 4 steps per epoch, 3 epochs = 12 steps; evaluations at 0, 4, 8, 12.
  const probes = of(records, 'ce', 'probe');
  const stepsWith = (key: string) => probes.filter((r) => key in r.values).map((r) => r.step);
  assert.deepEqual(stepsWith('smoothness/mean'), [0, 4, 8, 12]);
  assert.deepEqual(stepsWith('sharpness'), [0, 5, 10, 12]);
  for (const r of probes) {
    for (const v of Object.values(r.values)) assert.ok(Number.isFinite(v));
    if ('smoothness/max' in r.values) assert.ok(r.values['smoothness/max'] >= r.values['smoothness/mean']);
  }
  assert.ok(probes.filter((r) => 'sharpness' in r.values).every((r) => r.values.sharpness > 0));
  for (const arm of LOSSES.map((l) => l.name)) {
    const values = of(records, arm, 'probe').flatMap((r) => Object.values(r.values));
    assert.ok(values.length >= 12 && values.every(Number.isFinite), arm);
  }
  const final = of(records, 'ce', 'final')[0].values;
  assert.equal(final['noise/σ=0/accuracy'], final['test/accuracy']);
  assert.ok(final['noise/σ=2/accuracy'] <= final['noise/σ=0.5/accuracy'] + 0.05);
  for (const r of results as ArmResult[]) {
    assert.equal(r.status, 'completed');
    assert.deepEqual(Object.keys(r.timings ?? {}).sort(), ['noiseRobustness', 'sharpness', 'smoothness', 'train']);
    for (const v of Object.values(r.timings!)) assert.ok(v > 0 && v < r.wallTimeSec);
  }
});

test('paired probes: two arms with the same loss get identical probe values and noise metrics', async () => {
  const { records } = await collect(ALL_ON);
  assert.deepEqual(strip(of(records, 'ce', 'probe')), strip(of(records, 'ce-copy', 'probe')));
  const noise = (arm: string) => Object.entries(of(records, arm, 'final')[0].values).filter(([k]) => k.startsWith('noise/'));
  assert.equal(noise('ce').length, 3);
  assert.deepEqual(noise('ce'), noise('ce-copy'));
});

test('defaults: smoothness only, at every evaluation; no tensor leaks with every probe on', async () => {
  const { records, results } = await collect({});
  const probes = of(records, 'ce', 'probe');
  assert.deepEqual(probes.map((r) => Object.keys(r.values).sort()), Array(4).fill(['smoothness/max', 'smoothness/mean']));
  assert.deepEqual(Object.keys(results[0].timings ?? {}).sort(), ['smoothness', 'train']);
  await collect(ALL_ON);
  const before = tf.memory().numTensors;
  await collect(ALL_ON);
  assert.equal(tf.memory().numTensors, before);
});

test('an unknown noise feature fails the arm before training, naming the valid features', async () => {
  const { results } = await collect({ noiseRobustness: { features: ['nope'] } });
  for (const r of results) {
    assert.equal(r.status, 'crashed');
    assert.match(r.reason ?? '', /metrics\.noiseRobustness: unknown feature 'nope'; valid features: x1, x2/);
  }
});

test('sharpness of a learned loss (AdaLFL) comes from the training instance, of the others from a probe-owned one', async () => {
  await initBackend(backend);
  const config = resolveConfig(tinyConfigObject({ losses: LOSSES, metrics: { smoothness: false, sharpness: { iterations: 3 } } }));
  const data = prepareData(config);
  const ds = data.dataset;
  const model = buildModel(config.model, { nFeatures: ds.nFeatures, nOutputs: ds.nClasses });
  const params = model.init(new Rng(1)).map((v, i) => tf.tensor(v, model.specs[i].shape));
  for (const arm of config.losses) {
    const env = {
      config, arm, model, optimizer: createOptimizer(config.train.optimizer), dataset: ds, rng: new Rng(2), train: data.train, totalSteps: 12, stepsPerEpoch: 4,
    };
    const training = createMethod(env);
    const made: TrainingMethod[] = [];
    let trainingUsed = 0;
    const probes = new JobProbes({
      metrics: config.metrics, model, data, rng: new Rng(3), armType: arm.type,
      newMethod: () => {
        made.push(createMethod(env));
        return made[made.length - 1];
      },
      trainingMethod: () => {
        trainingUsed++;
        return training;
      },
      lossCtx: (step) => ({ task: ds.task, nClasses: ds.nClasses, step, epoch: step / 4 }),
      schedule: { evalEvery: 4, totalSteps: 12, batchRows: 32 },
    });
    assert.ok(Number.isFinite(probes.run(0, params, 'eval').sharpness), arm.name);
    probes.run(4, params, 'eval');
    const learned = arm.type === 'adalfl';
    assert.equal(trainingUsed, learned ? 2 : 0, arm.name);
    assert.equal(made.length, learned ? 0 : 1, arm.name);
    probes.dispose();
    training.dispose();
  }
  tf.dispose(params);
  data.dispose();
});
