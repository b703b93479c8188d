/** Analysis jobs on a trained run folder: results agree with direct evaluations of the saved weights; progress and stop. */
import '../../../src/trainer/tfjs-gradients';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import type { HessianResult, LandscapeResult } from '../../../src/shared/analysis/types';
import type { MetricRecord } from '../../../src/shared/metrics';
import { evaluate } from '../../../src/trainer/job/evaluate';
import { prepareData } from '../../../src/trainer/job/prepared-data';
import { getLoss } from '../../../src/trainer/losses';
import { buildModel } from '../../../src/trainer/models';
import { runJobs } from '../../../src/trainer/run-jobs';
import { readWeights } from '../../../src/trainer/weights/weights-file';
import { resolveConfig, tinyConfigObject } from '../../helpers/config';

const backend = process.env.LOSSLAB_TEST_BACKEND ?? 'wasm';
const config = resolveConfig(tinyConfigObject());
let dir = '';

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'losslab-analysis-'));
  await runJobs(config, config.losses.map((l) => ({ arm: l.name, seed: config.seed })), { backend, runDir: dir });
});
after(() => rmSync(dir, { recursive: true, force: true }));

function directCe(file: string): number {
  const data = prepareData(config);
  const ds = data.dataset;
  const model = buildModel(config.model, { nFeatures: ds.nFeatures, nOutputs: ds.nClasses });
  const params = readWeights(join(dir, file), model.specs).values.map((v, i) => tf.tensor(v, model.specs[i].shape));
  const v = evaluate(model, params, getLoss('ce').create({}), { task: ds.task, nClasses: ds.nClasses, step: 0, epoch: 0 }, data, data.val, 'val')['val/ce'];
  tf.dispose(params);
  data.dispose();
  return v;
}

test("landscape: the slice's centre and the paths' ends are the saved weights' losses; progress counts every evaluation", async () => {
  const records: MetricRecord[] = [];
  const analysis = { kind: 'landscape' as const, arms: ['ce', 'mse'], split: 'val' as const, grid: 5, range: 0.5, directions: 'random' as const, dims: 2 as const, output: 'landscape/t.json' };
  const [r] = await runJobs(config, [{ arm: 'ce', seed: config.seed, analysis }], { backend, runDir: dir, onMetrics: (rs) => records.push(...rs) });
  assert.equal(r.status, 'completed', r.reason);
  assert.equal(r.output, 'landscape/t.json');
  const out = JSON.parse(readFileSync(join(dir, 'landscape/t.json'), 'utf8')) as LandscapeResult;
  const ceFinal = directCe('weights/ce/seed-3/final.safetensors');
  const mseFinal = directCe('weights/mse/seed-3/final.safetensors');
  const init = directCe('weights/init/seed-3.safetensors');
  assert.ok(Math.abs(out.slice.loss[2][2] - ceFinal) < 1e-6, `centre ${out.slice.loss[2][2]} vs ${ceFinal}`);
  const path = (from: string, to: string) => out.paths.find((p) => p.from === from && p.to === to)!;
  assert.ok(Math.abs(path('init', 'ce').loss[0] - init) < 1e-6 && Math.abs(path('init', 'ce').loss.at(-1)! - ceFinal) < 1e-6);
  assert.ok(Math.abs(path('ce', 'mse').loss[0] - ceFinal) < 1e-6 && Math.abs(path('ce', 'mse').loss.at(-1)! - mseFinal) < 1e-6);
  assert.equal(out.paths.length, 3);
  assert.equal(out.evaluations, 25 + 3 * 5);
  assert.equal(r.steps, out.evaluations);
  const last = records.at(-1)!;
  assert.deepEqual(last.values, { done: 40, total: 40 });
});

test('hessian: top eigenvalues in order with residuals, a trace, a density that integrates to 1, and the products counted', async () => {
  const analysis = { kind: 'hessian' as const, arm: 'mse', split: 'train' as const, top: 3, density: true, output: 'landscape/h.json' };
  const [r] = await runJobs(config, [{ arm: 'mse', seed: config.seed, analysis }], { backend, runDir: dir });
  assert.equal(r.status, 'completed', r.reason);
  const h = JSON.parse(readFileSync(join(dir, 'landscape/h.json'), 'utf8')) as HessianResult;
  assert.equal(h.top.values.length, 3);
  assert.ok(h.top.values[0] >= h.top.values[1] && h.top.values[1] >= h.top.values[2]);
  assert.ok(h.top.converged);
  assert.equal(h.products, h.top.products + h.trace.products + h.density!.products);
  assert.ok(Number.isFinite(h.trace.value) && h.trace.standardError >= 0);
  const step = h.density!.grid[1] - h.density!.grid[0];
  assert.ok(Math.abs(h.density!.density.reduce((a, b) => a + b, 0) * step - 1) < 0.01);
  // The largest Ritz value of any full density run bounds the top eigenvalue from below.
  assert.ok(Math.max(...h.density!.runs[0].nodes) <= h.top.values[0] * (1 + 1e-3) + 1e-6);
});

test('a stop request ends an analysis between evaluations and writes no result', async () => {
  let asked = 0;
  const analysis = { kind: 'landscape' as const, arms: ['ce'], split: 'val' as const, grid: 31, range: 1, directions: 'random' as const, dims: 2 as const, output: 'landscape/stopped.json' };
  const [r] = await runJobs(config, [{ arm: 'ce', seed: config.seed, analysis }], { backend, runDir: dir, shouldStop: () => ++asked > 50 });
  assert.equal(r.status, 'stopped');
  assert.match(r.reason ?? '', /after \d+ of 992 evaluations/);
  assert.ok(!existsSync(join(dir, 'landscape/stopped.json')));
});

test('an arm without saved weights is a one-line error naming the file', async () => {
  const analysis = { kind: 'hessian' as const, arm: 'nope', split: 'val' as const, top: 1, density: false, output: 'landscape/x.json' };
  const [r] = await runJobs(config, [{ arm: 'nope', seed: config.seed, analysis }], { backend, runDir: dir });
  assert.equal(r.status, 'crashed');
  assert.match(r.reason ?? '', /no arm 'nope' in this run; its arms: ce, mse/);
});
