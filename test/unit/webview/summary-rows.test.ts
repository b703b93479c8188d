import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ArmResult, RunSummary } from '../../../src/shared/metrics';
import { RunData } from '../../../webview/model/run-data';
import { summaryTable } from '../../../webview/model/summary-rows';
import { rec, view } from './helpers';

function result(arm: string, seed: number, over: Partial<ArmResult> = {}): ArmResult {
  return { arm, seed, status: 'completed', steps: 100, epochs: 2, wallTimeSec: 1, stepsPerSec: 100, mainMetric: 'val/accuracy', best: { 'val/accuracy': 0.9 }, final: { 'val/accuracy': 0.8, loss: 0.1 }, ...over };
}

function summary(arms: ArmResult[]): RunSummary {
  return { name: 'a', startedAt: '', status: 'running', backend: 'cpu', seed: 0, repeats: 2, versions: {}, arms };
}

test('rows: mean over seeds, the most serious status with its count, and every reason', () => {
  const run = new RunData(
    view([], {
      arms: ['ce', 'focal'],
      summary: summary([
        result('ce', 0, { best: { 'val/accuracy': 0.9 } }),
        result('ce', 1, { best: { 'val/accuracy': 0.7 }, status: 'diverged', reason: 'NaN in loss at step 412' }),
        result('focal', 0, { reason: 'early stopping at step 80' }),
      ]),
    }),
  );
  const t = summaryTable(run);
  assert.equal(t.mainMetric, 'val/accuracy');
  const [ce, focal] = t.rows;
  assert.equal(ce.status, 'diverged');
  assert.equal(ce.statusText, 'diverged · 1 of 2 seeds');
  assert.deepEqual(ce.reasons, ['seed 1: NaN in loss at step 412']);
  assert.ok(Math.abs(ce.best!.mean - 0.8) < 1e-12);
  assert.equal(ce.best!.min, 0.7);
  assert.equal(ce.finalLoss!.mean, 0.1);
  assert.equal(focal.status, 'completed');
  assert.deepEqual(focal.reasons, ['early stopping at step 80']);
});

test('a live arm without a result yet is "running", with numbers from its records', () => {
  const run = new RunData(
    view(
      [
        rec('ce', 0, 0, 'eval', { 'val/accuracy': 0.5, stepsPerSec: 40 }),
        rec('ce', 0, 10, 'eval', { 'val/accuracy': 0.75, stepsPerSec: 50 }),
        rec('ce', 0, 20, 'eval', { 'val/accuracy': 0.6, stepsPerSec: 60 }),
        rec('ce', 0, 21, 'train', { loss: 0.3 }),
      ],
      { live: true, arms: ['ce', 'later'] },
    ),
  );
  const [ce, later] = summaryTable(run).rows;
  assert.equal(ce.status, 'running');
  assert.equal(ce.best?.mean, 0.75);
  assert.equal(ce.final?.mean, 0.6);
  assert.equal(ce.finalLoss?.mean, 0.3);
  assert.equal(ce.stepsPerSec?.mean, 60);
  assert.equal(ce.steps, 21);
  assert.equal(later.status, 'pending');
  assert.equal(later.best, undefined);
});

test('jobs a stopped run never started say "not started", not "stopped"; a job stopped mid-way stays "stopped"', () => {
  const notStarted = { status: 'stopped' as const, reason: 'stopped before it started', steps: 0, stepsPerSec: NaN, best: {}, final: {} };
  const run = new RunData(
    view([rec('ce', 0, 10, 'train', { loss: 0.5 })], {
      arms: ['ce', 'focal', 'mse'],
      live: false,
      summary: { ...summary([result('ce', 0, { status: 'stopped', steps: 10 }), result('ce', 1, notStarted), result('focal', 0, notStarted)]), status: 'stopped' },
    }),
  );
  const [ce, focal, mse] = summaryTable(run).rows;
  assert.equal(ce.statusText, 'stopped · 1 of 2 seeds');
  assert.equal(focal.status, 'notStarted');
  assert.equal(focal.statusText, 'not started');
  assert.equal(focal.best, undefined);
  assert.equal(mse.statusText, 'not started', 'an arm with no job at all in a stopped run');
  const done = new RunData(view([], { arms: ['ce'], live: false, summary: { ...summary([]), status: 'completed' } }));
  assert.equal(summaryTable(done).rows[0].statusText, 'unknown');
});
