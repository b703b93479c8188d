import assert from 'node:assert/strict';
import { test } from 'node:test';
import { armLensLabel, formatLoss, RunProgress } from '../../../src/extension/run/run-progress';
import type { ArmResult } from '../../../src/shared/metrics';

const done = (arm: string, seed: number, status: ArmResult['status'] = 'completed'): ArmResult => ({
  arm, seed, status, steps: 100, epochs: 1, wallTimeSec: 1, stepsPerSec: 100, mainMetric: 'val/accuracy', best: {}, final: {},
});

test('progress over jobs, per arm, with latest loss', () => {
  const p = new RunProgress([{ arm: 'ce', seed: 0 }, { arm: 'mse', seed: 0 }, { arm: 'ce', seed: 1 }, { arm: 'mse', seed: 1 }]);
  assert.equal(p.fraction, 0);
  assert.equal(p.arm('ce')?.state, 'queued');
  assert.equal(armLensLabel(p.arm('ce')!), '○ queued');
  p.jobStarted({ arm: 'ce', seed: 0 }, 200);
  p.addRecords([
    { arm: 'ce', seed: 0, step: 50, epoch: 1, time: 1, kind: 'train', values: { loss: 0.5 } },
    { arm: 'ce', seed: 0, step: 90, epoch: 1, time: 1, kind: 'train', values: { loss: 0.123456 } },
    { arm: 'ce', seed: 0, step: 80, epoch: 1, time: 1, kind: 'eval', values: { loss: 9 } },
  ]);
  assert.equal(p.arm('ce')?.state, 'running');
  assert.ok(Math.abs(p.arm('ce')!.fraction - 0.225) < 1e-12);
  assert.equal(armLensLabel(p.arm('ce')!), '● running 22% · loss 0.123');
  p.jobDone(done('mse', 0));
  p.jobDone(done('mse', 1, 'diverged'));
  assert.equal(p.arm('mse')?.state, 'diverged');
  assert.equal(armLensLabel(p.arm('mse')!), '✗ diverged');
  assert.ok(Math.abs(p.fraction - (0.45 + 0 + 1 + 1) / 4) < 1e-12);
  assert.equal(p.finishedJobs, 2);
  assert.equal(p.totalJobs, 4);
  p.jobDone(done('ce', 0));
  p.jobDone(done('ce', 1));
  assert.equal(p.fraction, 1);
  assert.equal(armLensLabel(p.arm('ce')!), '✓ done · loss 0.123');
  assert.deepEqual(p.arms.map((a) => a.arm), ['ce', 'mse']);
  assert.equal(p.arm('nope'), undefined);
});

test('formatLoss', () => {
  assert.equal(formatLoss(0.000012), '1.20e-5');
  assert.equal(formatLoss(1.23456), '1.23');
  assert.equal(formatLoss(Number.NaN), 'NaN');
  assert.equal(formatLoss(undefined), '');
});

test('the shown fraction is the one taken at the last snapshot, so the status bar and the CodeLens agree', () => {
  const p = new RunProgress([{ arm: 'ce', seed: 0 }]);
  p.jobStarted({ arm: 'ce', seed: 0 }, 100);
  p.addRecords([{ arm: 'ce', seed: 0, step: 20, epoch: 1, time: 1, kind: 'train', values: { loss: 1 } }]);
  assert.equal(p.shownFraction, 0.2, 'before any snapshot: the live value');
  p.snapshot();
  p.addRecords([{ arm: 'ce', seed: 0, step: 30, epoch: 1, time: 2, kind: 'train', values: { loss: 1 } }]);
  assert.equal(p.fraction, 0.3);
  assert.equal(p.shownFraction, 0.2, 'held until the next tick');
  p.snapshot();
  assert.equal(p.shownFraction, 0.3);
});
