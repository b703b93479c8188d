import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type { ArmResult, MetricRecord } from '../../../src/shared/metrics';
import { runJobs } from '../../../src/trainer/run-jobs';
import { resolveConfig, tinyConfigObject } from '../../helpers/config';

const backend = process.env.LOSSLAB_TEST_BACKEND ?? 'wasm';

// A Lai arm with sampleFraction < 1 draws rows from its method stream each time it builds an
// objective: the sharpness probe must not consume those draws.
const LOSSES = [
  { name: 'ce', type: 'ce' },
  { name: 'ce-copy', type: 'ce' },
  { name: 'lai', type: 'lai', base: 'ce', lambda: 0.5, sampleFraction: 0.5 },
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
