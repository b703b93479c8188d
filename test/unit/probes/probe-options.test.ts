// Probe options for reproducing papers: the probes' split, per-feature smoothness, and noise
// robustness reporting the loss and RMSE.
import '../../../src/trainer/tfjs-gradients';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { validateConfigText } from '../../../src/shared/config';
import type { MetricRecord } from '../../../src/shared/metrics';
import { Rng } from '../../../src/shared/rng';
import { initBackend } from '../../../src/trainer/backend';
import type { SplitTensors } from '../../../src/trainer/job/prepared-data';
import { getLoss } from '../../../src/trainer/losses';
import { buildModel } from '../../../src/trainer/models';
import { noiseRobustnessValues } from '../../../src/trainer/probes/noise-robustness';
import { smoothnessValues } from '../../../src/trainer/probes/smoothness';
import { runJobs } from '../../../src/trainer/run-jobs';
import { resolveConfig, tinyConfigObject } from '../../helpers/config';
import { normalMatrix } from './helpers';

const backend = process.env.LOSSLAB_TEST_BACKEND ?? 'wasm';
before(async () => {
  await initBackend(backend);
});

const linear = (nFeatures: number) => buildModel({ type: 'mlp', hidden: [], activation: 'relu', init: 'auto' }, { nFeatures, nOutputs: 1 });

function regressionSplit(w: number[], n: number): SplitTensors {
  const xs = normalMatrix(n, w.length, 21);
  const ys = xs.map((r) => [r.reduce((s, v, j) => s + v * w[j], 0)]);
  return { x: tf.tensor2d(xs), y: tf.tensor2d(ys), labels: Float32Array.from(ys.map((r) => r[0])), n };
}

test('per-feature smoothness of a linear model is |w_j|; a feature named mean does not hide the summary', () => {
  const w = [1.5, 0, -2];
  const params = [tf.tensor2d(w.map((v) => [v])), tf.tensor1d([0.3])];
  const split = regressionSplit(w, 50);
  const v = smoothnessValues(linear(3), params, split.x, split.y, 'regression', [
    { column: 0, metric: 'smoothness/a' },
    { column: 2, metric: 'smoothness/feature:mean' },
  ]);
  assert.deepEqual(Object.keys(v), ['smoothness/mean', 'smoothness/max', 'smoothness/a', 'smoothness/feature:mean']);
  assert.ok(Math.abs(v['smoothness/a'] - 1.5) < 1e-6);
  assert.ok(Math.abs(v['smoothness/feature:mean'] - 2) < 1e-6);
  assert.ok(Math.abs(v['smoothness/mean'] - Math.hypot(...w)) < 1e-5);
  tf.dispose([...params, split.x, split.y]);
});

test('noise robustness can report the arm\'s loss and the RMSE (scaled to original units) beside R²', () => {
  const w = [1, -1];
  const params = [tf.tensor2d(w.map((v) => [v])), tf.tensor1d([0])];
  const split = regressionSplit(w, 200);
  const v = noiseRobustnessValues({
    model: linear(2), params, split, nFeatures: 2, task: 'regression', columns: [0, 1],
    settings: { sigmas: [0, 1], repeats: 2 }, rng: new Rng(1),
    loss: { fn: getLoss('mse').create({}), ctx: { task: 'regression', nClasses: 1, step: 0, epoch: 0 } }, rmseScale: 3,
  });
  assert.deepEqual(Object.keys(v), ['noise/σ=0/r2', 'noise/σ=0/loss', 'noise/σ=0/rmse', 'noise/σ=1/r2', 'noise/σ=1/loss', 'noise/σ=1/rmse']);
  assert.ok(v['noise/σ=0/loss'] < 1e-10 && v['noise/σ=0/rmse'] < 1e-5);
  // Noise σ on both inputs of w = (1, −1): residual variance 2σ², mse ≈ 2, RMSE ≈ √2 · 3.
  assert.ok(Math.abs(v['noise/σ=1/loss'] - 2) < 0.4, String(v['noise/σ=1/loss']));
  assert.ok(Math.abs(v['noise/σ=1/rmse'] / 3 - Math.sqrt(v['noise/σ=1/loss'])) < 0.1);
  tf.dispose([...params, split.x, split.y]);
});

async function probeRecords(metrics: Record<string, unknown>, data?: Record<string, unknown>): Promise<MetricRecord[]> {
  const config = resolveConfig(tinyConfigObject({ losses: [{ type: 'ce' }], metrics, ...(data ? { data } : {}) }));
  const records: MetricRecord[] = [];
  await runJobs(config, [{ arm: 'ce', seed: 3 }], { backend, onMetrics: (r) => records.push(...r) });
  return records;
}

test('probe split options choose the rows; per-feature smoothness is recorded by feature name; noise adds the loss', async () => {
  const of = (rs: MetricRecord[], key: string) => rs.filter((r) => r.kind === 'probe' && key in r.values).map((r) => r.values[key]);
  const val = await probeRecords({ smoothness: { perFeature: true }, noiseRobustness: { sigmas: [0.5], repeats: 1, alsoReport: ['loss'] } });
  const train = await probeRecords({ smoothness: { split: 'train', perFeature: ['x2'] }, noiseRobustness: { sigmas: [0.5], repeats: 1, split: 'train', alsoReport: ['loss'] } });
  assert.equal(of(val, 'smoothness/x1').length, 4);
  assert.notDeepEqual(of(val, 'smoothness/mean'), of(train, 'smoothness/mean'), 'train rows differ from val rows');
  assert.deepEqual(of(train, 'smoothness/x1'), []);
  assert.equal(of(train, 'smoothness/x2').length, 4);
  const finalOf = (rs: MetricRecord[]) => rs.find((r) => r.kind === 'final')!.values;
  assert.ok(Number.isFinite(finalOf(val)['noise/σ=0.5/loss']));
  assert.notEqual(finalOf(val)['noise/σ=0.5/accuracy'], undefined);
  assert.notEqual(finalOf(val)['noise/σ=0.5/loss'], finalOf(train)['noise/σ=0.5/loss']);
  const sharp = await probeRecords({ smoothness: false, sharpness: { iterations: 3, split: 'val' } });
  assert.equal(of(sharp, 'sharpness').length, 4);
});

test('a probe on the test split when the fractions leave none is a config error at the field', () => {
  const text = JSON.stringify({ name: 'x', data: { dataset: 'moons', split: { train: 0.8, val: 0.2 } }, metrics: { sharpness: { split: 'test' } }, losses: [{ type: 'ce' }] });
  const problems = validateConfigText(text, '/x/a.losslab.json').problems;
  assert.deepEqual(problems.map((p) => [p.path, p.message]), [['metrics.sharpness.split', "metrics.sharpness.split is 'test', but data.split leaves no test rows (train 0.8 + val 0.2 = 1)"]]);
});
