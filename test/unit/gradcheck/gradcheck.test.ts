import '../../../src/trainer/tfjs-gradients';
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadConfigFile } from '../../../src/shared/config';
import { CLASSIFICATION_LOSSES, REGRESSION_LOSSES } from '../../../src/shared/names';
import { initBackend } from '../../../src/trainer/backend';
import { gradcheck } from '../../../src/trainer/gradcheck/gradcheck';
import { prepareData } from '../../../src/trainer/job/prepared-data';
import { FIXTURES, resolveConfig } from '../../helpers/config';

const backend = process.env.LOSSLAB_TEST_BACKEND ?? 'wasm';
before(async () => {
  await initBackend(backend);
});

function check(obj: Record<string, unknown>) {
  const config = resolveConfig(obj);
  const data = prepareData(config);
  try {
    return gradcheck(config, data, { allowUserCode: true });
  } finally {
    data.dispose();
  }
}

const tiny = (data: Record<string, unknown>, losses: Record<string, unknown>[], activation = 'relu') => ({
  name: 'tiny-gradcheck', seed: 5, data, model: { type: 'mlp', hidden: [8, 8], activation }, train: { epochs: 2, batchSize: 16 }, losses,
});

test('every standard loss passes on a classification task (relu MLP), with margin', () => {
  const losses = [...CLASSIFICATION_LOSSES, ...REGRESSION_LOSSES].map((type) => ({ type }));
  const report = check(tiny({ dataset: 'blobs', points: 120 }, losses));
  assert.equal(report.arms.length, losses.length);
  for (const arm of report.arms) {
    assert.ok(arm.pass, `${arm.arm}: ${JSON.stringify(arm.objectives.map((o) => o.tensors.map((t) => t.relError)))}`);
    for (const t of arm.objectives[0].tensors) assert.ok(t.relError < 3e-3, `${arm.arm} ${t.tensor} ${t.relError}`);
  }
  assert.equal(report.pass, true);
});

test('every regression loss and the research losses pass (tanh MLP)', () => {
  const reg = check(tiny({ dataset: 'sine', points: 100 }, [...REGRESSION_LOSSES.map((type) => ({ type })), { type: 'lai', lambda: 0.3 }], 'tanh'));
  assert.ok(reg.pass, JSON.stringify(reg.arms.map((a) => [a.arm, a.pass, a.error])));
  const cls = check(
    tiny({ dataset: 'moons', points: 100 }, [
      { type: 'lai', base: 'ce', lambda: 2 },
      { type: 'dynamical', amplitude: 10, period: 4 },
      { type: 'taylorglo', params: [1, 0.5, 2, -2, 2.6667, 2, -2, 0] },
      { type: 'adalfl', offlineSteps: 2 },
      { name: 'bloop-lipschitz', type: 'bloop' },
      { name: 'bloop-input-grad', type: 'bloop', aux: 'inputGradNorm' },
    ], 'tanh'),
  );
  assert.ok(cls.pass, JSON.stringify(cls.arms.map((a) => [a.arm, a.pass, a.error])));
  // Bloop's main and auxiliary objectives are checked separately.
  assert.deepEqual(cls.arms.find((a) => a.arm === 'bloop-lipschitz')!.objectives.map((o) => o.objective), ['main', 'aux']);
});

test('the broken custom loss fails on every tensor by O(1); the honest arm beside it passes', () => {
  const { config } = loadConfigFile(join(FIXTURES, 'custom-loss', 'broken.losslab.json'));
  const data = prepareData(config!);
  const report = gradcheck(config!, data, { allowUserCode: true });
  data.dispose();
  assert.equal(report.pass, false);
  const [mse, broken] = report.arms;
  assert.equal(mse.pass, true);
  assert.equal(broken.pass, false);
  for (const t of broken.objectives[0].tensors) assert.ok(!t.pass && t.relError > 0.5, `${t.tensor}: ${t.relError}`);
});

test('the report: parameters, batch and gradients as plain nested arrays of the right shapes', () => {
  const report = check(tiny({ dataset: 'moons', points: 100 }, [{ type: 'ce' }]));
  assert.equal(report.rows, 8);
  assert.equal(report.batch.x.length, 8);
  assert.equal(report.batch.x[0].length, 2);
  assert.deepEqual(report.batch.y[0].length, 2);
  assert.deepEqual(report.params.map((p) => p.name), ['dense0.weight', 'dense0.bias', 'dense1.weight', 'dense1.bias', 'out.weight', 'out.bias']);
  assert.deepEqual(report.params[0].shape, [2, 8]);
  const o = report.arms[0].objectives[0];
  assert.equal(o.objective, 'loss');
  assert.ok(Number.isFinite(o.value));
  assert.equal((o.gradients[0] as number[][]).length, 2);
  assert.equal((o.gradients[0] as number[][])[0].length, 8);
  assert.equal(JSON.parse(JSON.stringify(report)).arms[0].objectives[0].tensors.length, 6);
  // The same config gives the same report (seeded batch, perturbation and directions).
  assert.deepEqual(check(tiny({ dataset: 'moons', points: 100 }, [{ type: 'ce' }])), report);
});

test('an arm whose method cannot be built is reported as an error, not thrown', () => {
  const report = check(tiny({ dataset: 'sine', points: 60 }, [{ type: 'mse' }, { name: 'missing', type: 'custom', module: join(FIXTURES, 'custom-loss', 'nope.js') }]));
  assert.equal(report.arms[0].pass, true);
  assert.equal(report.arms[1].pass, false);
  assert.match(report.arms[1].error ?? '', /nope\.js/);
});
