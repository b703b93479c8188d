import { test } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend } from '../../../src/trainer/backend';
import { runJobs } from '../../../src/trainer/run-jobs';
import { evaluate } from '../../../src/trainer/job/evaluate';
import { prepareData } from '../../../src/trainer/job/prepared-data';
import { getLoss } from '../../../src/trainer/losses';
import { buildModel, initialParams } from '../../../src/trainer/models';
import { Rng } from '../../../src/shared/rng';
import type { MetricRecord } from '../../../src/shared/metrics';
import { resolveConfig, tinyConfigObject } from '../../helpers/config';

const backend = process.env.LOSSLAB_TEST_BACKEND ?? 'wasm';

async function evals(overrides: Record<string, unknown>): Promise<MetricRecord[]> {
  const config = resolveConfig(tinyConfigObject({ losses: [{ type: 'ce' }], ...overrides }));
  const records: MetricRecord[] = [];
  await runJobs(config, [{ arm: 'ce', seed: 3 }], { backend, onMetrics: (r) => records.push(...r) });
  return records.filter((r) => r.kind === 'eval');
}

test('metrics.trainEval: train/* in each eval record equals a direct evaluation of the training split', async () => {
  const records = await evals({ metrics: { trainEval: true } });
  assert.equal(records.length, 4);
  for (const r of records) for (const k of ['train/loss', 'train/accuracy', 'train/ce']) assert.ok(Number.isFinite(r.values[k]), `${k} at step ${r.step}`);
  await initBackend(backend);
  const config = resolveConfig(tinyConfigObject({ losses: [{ type: 'ce' }] }));
  const data = prepareData(config);
  const ds = data.dataset;
  const model = buildModel(config.model, { nFeatures: ds.nFeatures, nOutputs: ds.nClasses });
  const params = initialParams(model, model.init(new Rng(3).fork('init')));
  const direct = evaluate(model, params, getLoss('ce').create({}), { task: ds.task, nClasses: ds.nClasses, step: 0, epoch: 0 }, data, data.train, 'train');
  assert.deepEqual(Object.fromEntries(Object.entries(records[0].values).filter(([k]) => k.startsWith('train/'))), direct);
  params.forEach((p) => p.dispose());
  data.dispose();
});

test('val: 0 evaluates on the training split: val/* equals train/* at every evaluation', async () => {
  const records = await evals({ data: { dataset: 'moons', points: 160, noise: 0.1, split: { train: 0.8, val: 0 } }, metrics: { trainEval: true } });
  assert.ok(records.length > 1);
  for (const r of records) {
    assert.equal(r.values['val/loss'], r.values['train/loss']);
    assert.equal(r.values['val/accuracy'], r.values['train/accuracy']);
  }
});

test('metrics.evalSplits ["val", "test"]: test/* in every eval record, the last equal to the final test metrics', async () => {
  const config = resolveConfig(tinyConfigObject({ losses: [{ type: 'ce' }], metrics: { evalSplits: ['val', 'test'] } }));
  const records: MetricRecord[] = [];
  await runJobs(config, [{ arm: 'ce', seed: 3 }], { backend, onMetrics: (r) => records.push(...r) });
  const evalRecords = records.filter((r) => r.kind === 'eval');
  for (const r of evalRecords) assert.ok(Number.isFinite(r.values['test/accuracy']) && Number.isFinite(r.values['test/loss']));
  const final = records.find((r) => r.kind === 'final')!;
  assert.equal(evalRecords[evalRecords.length - 1].values['test/loss'], final.values['test/loss']);
  const plain = await evals({});
  assert.ok(plain.every((r) => !('test/loss' in r.values) && !('train/loss' in r.values)), 'off by default');
});
