/**
 * State beyond the trajectory: early stopping continues where it was (a run that stops early after
 * the resume point stops at the same step), and a job whose loss is user code has checkpoints without
 * training state, so a resume trains it again and says why.
 */
import '../../../src/trainer/tfjs-gradients';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { decideResume } from '../../../src/shared/runner/resume-plan';
import { readCheckpoint } from '../../../src/shared/weights/checkpoint';
import { prepareData } from '../../../src/trainer/job/prepared-data';
import { buildModel } from '../../../src/trainer/models';
import { readWeights } from '../../../src/trainer/weights/weights-file';
import { resolveConfig, tinyConfigObject } from '../../helpers/config';
import { checkpointPath, checkpointSteps, firstDifference, train } from './harness';

test('early stopping state survives a resume: the resumed run stops early at the same step, with the same reason and records', async () => {
  const cfg = resolveConfig(
    tinyConfigObject({
      data: { dataset: 'moons', points: 160, noise: 0.3 },
      model: { type: 'mlp', hidden: [32, 32], activation: 'relu' },
      train: { steps: 900, batchSize: 16, evalEvery: 3, optimizer: { type: 'adam', lr: 0.05 }, earlyStopping: { metric: 'val/loss', patience: 8 } },
      checkpoints: { every: 3 },
      losses: [{ name: 'ce', type: 'ce' }],
    }),
  );
  const job = { arm: 'ce', seed: cfg.seed };
  const dirs = [mkdtempSync(join(tmpdir(), 'losslab-es-a-')), mkdtempSync(join(tmpdir(), 'losslab-es-b-'))];
  try {
    const whole = await train(cfg, job, dirs[0]);
    assert.match(whole.result.reason ?? '', /early stopped/);
    const evals = whole.records.filter((r) => r.kind === 'eval');
    const best = evals.reduce((a, b) => (b.values['val/loss'] < a.values['val/loss'] ? b : a));
    const stopAt = whole.result.steps - 5;
    const stopped = await train(cfg, job, dirs[1], stopAt);
    const from = Math.max(...checkpointSteps(dirs[1], cfg, job).filter((s) => s <= stopAt));
    // Between the best evaluation and the early stop: the stopper has counted evaluations without improvement.
    assert.ok(from > best.step + 3 && from < whole.result.steps, `best at ${best.step}, checkpoint ${from}, stop at ${whole.result.steps}`);
    const file = checkpointPath(cfg, job, from);
    const n = readCheckpoint(join(dirs[1], file), job).state.records;
    const resumed = await train(cfg, { ...job, resume: { step: from, checkpoint: file } }, dirs[1]);
    assert.equal(resumed.result.steps, whole.result.steps);
    assert.equal(resumed.result.reason, whole.result.reason);
    assert.equal(firstDifference([...stopped.records.slice(0, n), ...resumed.records], whole.records), undefined);
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
});

test('a custom (user-code) loss writes checkpoints without training state: resume starts it again and says why; the weights still load', async () => {
  const cfg = resolveConfig(tinyConfigObject({ checkpoints: { every: 5 }, losses: [{ name: 'mine', type: 'custom', module: 'custom-loss/mse.js' }] }));
  const job = { arm: 'mine', seed: cfg.seed };
  const dir = mkdtempSync(join(tmpdir(), 'losslab-custom-'));
  try {
    const run = await train(cfg, job, dir, 8, true);
    assert.equal(run.result.status, 'stopped');
    const decision = decideResume(dir, cfg, job, run.records);
    assert.equal(decision.from, undefined);
    assert.match(decision.note, /^starts again: its checkpoints hold no training state: custom loss 'mine' \(.*mse\.js\) may keep state of its own/);
    const data = prepareData(cfg);
    const model = buildModel(cfg.model, { nFeatures: data.dataset.nFeatures, nOutputs: data.dataset.nClasses });
    assert.equal(readWeights(join(dir, checkpointPath(cfg, job, 5)), model.specs).values.length, model.specs.length);
    data.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
