/** Weights a training job leaves in its run folder: layout, keep-K, and reloads that reproduce the final metrics exactly. */
import '../../../src/trainer/tfjs-gradients';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { Rng } from '../../../src/shared/rng';
import { evaluate } from '../../../src/trainer/job/evaluate';
import { prepareData } from '../../../src/trainer/job/prepared-data';
import { getLoss } from '../../../src/trainer/losses';
import { buildModel } from '../../../src/trainer/models';
import { runJobs } from '../../../src/trainer/run-jobs';
import { unitsFor } from '../../../src/shared/runner/run-units';
import { readWeights } from '../../../src/trainer/weights/weights-file';
import { resolveConfig, tinyConfigObject } from '../../helpers/config';

const backend = process.env.LOSSLAB_TEST_BACKEND ?? 'wasm';

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)).map((f) => `${e.name}/${f}`) : [e.name]));
}

test('final, initial and the last K step checkpoints are on disk as listed; reloading the final weights reproduces the final metrics exactly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-weights-'));
  try {
    const config = resolveConfig(tinyConfigObject({ checkpoints: { every: 4, keep: 2 }, losses: [{ name: 'ce', type: 'ce' }, { name: 'focal γ=2', type: 'focal', gamma: 2 }] }));
    const jobs = config.losses.map((l) => ({ arm: l.name, seed: config.seed }));
    const results = await runJobs(config, jobs, { backend, runDir: dir });
    const steps = results[0].steps;
    const lastTwo = [4 * Math.floor((steps - 1) / 4) - 4, 4 * Math.floor((steps - 1) / 4)];
    const files = walk(join(dir, 'weights')).sort();
    assert.deepEqual(files, ['ce/seed-3/final.safetensors', ...lastTwo.map((s) => `ce/seed-3/step-${s}.safetensors`), 'focal-2/seed-3/final.safetensors', ...lastTwo.map((s) => `focal-2/seed-3/step-${s}.safetensors`), 'init/seed-3.safetensors'].sort());
    for (const r of results) {
      const w = r.weights!;
      const listed = [w.init!, w.final!, ...w.checkpoints];
      assert.equal(w.bytes, listed.reduce((s, f) => s + statSync(join(dir, f)).size, 0), `${r.arm}: bytes`);
    }

    const data = prepareData(config);
    const ds = data.dataset;
    const model = buildModel(config.model, { nFeatures: ds.nFeatures, nOutputs: ds.nClasses, imageShape: ds.imageShape });
    const init = readWeights(join(dir, results[0].weights!.init!), model.specs);
    assert.deepEqual(init.values, model.init(new Rng(config.seed).fork('init')), 'the initial weights are the seed\'s');
    for (const r of results) {
      const loaded = readWeights(join(dir, r.weights!.final!), model.specs);
      assert.equal(loaded.metadata.step, String(r.steps));
      assert.equal(loaded.metadata.arm, r.arm);
      const params = loaded.values.map((v, i) => tf.tensor(v, model.specs[i].shape));
      const ctx = { task: ds.task, nClasses: ds.nClasses, step: r.steps, epoch: r.epochs };
      const again = evaluate(model, params, getLoss('ce').create({}), ctx, data, data.val, 'val');
      assert.equal(again['val/accuracy'], r.final['val/accuracy'], r.arm);
      assert.equal(again['val/ce'], r.final['val/ce'], r.arm);
      tf.dispose(params);
    }
    data.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('checkpoints.final false saves nothing; a diverged job keeps its initial weights but no final ones', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-weights-'));
  try {
    const off = resolveConfig(tinyConfigObject({ checkpoints: { final: false } }));
    const r = await runJobs(off, [{ arm: 'ce', seed: off.seed }], { backend, runDir: dir });
    assert.equal(r[0].weights, undefined);
    assert.ok(!existsSync(join(dir, 'weights')));
    const wild = resolveConfig(tinyConfigObject({ train: { epochs: 3, batchSize: 32, optimizer: { type: 'sgd', lr: 1e30 } }, losses: [{ name: 'mse', type: 'mse' }], data: { dataset: 'sine' } }));
    const d = await runJobs(wild, [{ arm: 'mse', seed: wild.seed }], { backend, runDir: dir });
    assert.equal(d[0].status, 'diverged');
    assert.deepEqual(d[0].weights && { init: d[0].weights.init, final: d[0].weights.final }, { init: 'weights/init/seed-3.safetensors', final: undefined });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('sweep trials keep their weights apart (long names cut to the same folder included), and a trial with another model starts from its own initial weights', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-weights-sweep-'));
  try {
    const long = `cross-entropy ${'x'.repeat(60)}`;
    const config = resolveConfig(tinyConfigObject({
      losses: [{ name: long, type: 'ce' }],
      sweep: { parameters: { 'model.hidden.0': { values: [8, 6] }, 'train.optimizer.lr': { values: [0.01, 0.02] } }, objective: { metric: 'val/ce' } },
    }));
    const units = unitsFor(config);
    assert.equal(units.length, 4);
    const results = [];
    for (const u of units) results.push(...(await runJobs(u.config, [u.job], { backend, runDir: dir })));
    const finals = results.map((r) => r.weights!.final!);
    assert.equal(new Set(finals).size, 4, `distinct final files: ${finals.join(', ')}`);
    for (const [i, u] of units.entries()) {
      const data = prepareData(u.config);
      const model = buildModel(u.config.model, { nFeatures: data.dataset.nFeatures, nOutputs: data.dataset.nClasses });
      const own = u.config.model.type === 'mlp' && u.config.model.hidden[0] !== 8;
      assert.equal(u.job.weightsPlace?.ownInit, own, u.job.arm);
      const init = readWeights(join(dir, results[i].weights!.init!), model.specs);
      assert.deepEqual(init.values, model.init(new Rng(u.job.seed).fork('init')), `${u.job.arm}: its own model's initial weights`);
      assert.equal(readWeights(join(dir, finals[i]), model.specs).metadata.arm, u.job.arm);
      assert.equal(results[i].weights!.init === 'weights/init/seed-3.safetensors', !own, u.job.arm);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
