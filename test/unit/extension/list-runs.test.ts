import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { bestPerArm, formatMetricValue, higherIsBetter, isRunDir, listRuns, readRunEntry } from '../../../src/extension/history/list-runs';
import { relativeTime } from '../../../src/extension/history/relative-time';
import type { ArmResult, RunSummary } from '../../../src/shared/metrics';

const root = mkdtempSync(join(tmpdir(), 'losslab-history-'));
after(() => rmSync(root, { recursive: true, force: true }));

const arm = (name: string, seed: number, status: ArmResult['status'], acc?: number): ArmResult => ({
  arm: name, seed, status, steps: 100, epochs: 5, wallTimeSec: 1, stepsPerSec: 100, mainMetric: 'val/accuracy',
  best: acc === undefined ? {} : { 'val/accuracy': acc, 'val/loss': 1 - acc }, final: {},
});

function summary(name: string, startedAt: string, status: RunSummary['status'], arms: ArmResult[]): RunSummary {
  return { name, startedAt, status, backend: 'cpu', seed: 0, repeats: 1, versions: {}, arms };
}

function makeRun(folder: string, s?: RunSummary | string, withConfig = true): string {
  const dir = join(root, folder);
  mkdirSync(dir, { recursive: true });
  if (withConfig) writeFileSync(join(dir, 'config.resolved.json'), '{}');
  if (s !== undefined) writeFileSync(join(dir, 'summary.json'), typeof s === 'string' ? s : JSON.stringify(s));
  return dir;
}

const older = makeRun('20250101-100000-a', summary('a', '2025-01-01T10:00:00.000Z', 'completed', [arm('ce', 0, 'completed', 0.9), arm('mse', 0, 'completed', 0.8)]));
const newer = makeRun('20250102-100000-b', summary('b', '2025-01-02T10:00:00.000Z', 'failed', [arm('ce', 0, 'crashed'), arm('ce', 1, 'completed', 0.7)]));
const live = makeRun('20250103-100000-c', summary('c', '2025-01-03T10:00:00.000Z', 'running', []));
const torn = makeRun('20250104-100000-d', '{"name": "d", "sta');
const noSummary = makeRun('20250105-100000-e');
mkdirSync(join(root, 'not-a-run'));
writeFileSync(join(root, 'stray.txt'), 'x');

test('lists run folders only, newest first', () => {
  const entries = listRuns(root, new Set([live]));
  assert.deepEqual(entries.slice(0, 3).map((e) => e.runDir), [live, newer, older]);
  assert.deepEqual(entries.slice(3).map((e) => e.runDir), [noSummary, torn], 'folders without a start time last');
  assert.deepEqual(entries.slice(0, 3).map((e) => e.name), ['c', 'b', 'a']);
  assert.equal(entries.length, 5);
  assert.ok(!entries.some((e) => e.runDir.endsWith('not-a-run')));
});

test('statuses: live, interrupted, unreadable', () => {
  assert.equal(readRunEntry(live, new Set([live])).status, 'running');
  assert.equal(readRunEntry(live).status, 'interrupted', 'a run marked running that this window does not run was interrupted');
  const t = readRunEntry(torn);
  assert.equal(t.status, 'unknown');
  assert.match(t.problem ?? '', /unreadable summary\.json/);
  assert.equal(readRunEntry(noSummary).problem, 'no summary.json');
});

test('best metric per arm: mean over seeds, worst status', () => {
  const a = readRunEntry(older);
  assert.deepEqual(a.arms.map((x) => [x.arm, x.metric, x.value, x.status]), [['ce', 'val/accuracy', 0.9, 'completed'], ['mse', 'val/accuracy', 0.8, 'completed']]);
  const b = bestPerArm([arm('ce', 0, 'crashed'), arm('ce', 1, 'completed', 0.7), arm('ce', 2, 'completed', 0.5)]);
  assert.equal(b.length, 1);
  assert.equal(b[0].status, 'crashed');
  assert.equal(b[0].seeds, 3);
  assert.ok(Math.abs((b[0].value ?? 0) - 0.6) < 1e-12);
  assert.equal(b[0].notStarted, undefined);
});

test('an arm none of whose seeds trained a step in a stopped run is not started', () => {
  const queued = (seed: number): ArmResult => ({ ...arm('focal', seed, 'stopped'), steps: 0, reason: 'stopped before it started' });
  assert.equal(bestPerArm([queued(0), queued(1)])[0].notStarted, true);
  assert.equal(bestPerArm([queued(0), { ...arm('focal', 1, 'stopped'), steps: 40 }])[0].notStarted, undefined);
});

test('a missing runs root is an empty history', () => {
  assert.deepEqual(listRuns(join(root, 'nope')), []);
  assert.equal(isRunDir(join(root, 'not-a-run')), false);
  assert.equal(isRunDir(older), true);
});

test('formatting helpers', () => {
  assert.equal(higherIsBetter('val/accuracy'), true);
  assert.equal(higherIsBetter('val/r2'), true);
  assert.equal(higherIsBetter('val/loss'), false);
  assert.equal(formatMetricValue(0.912345), '0.912');
  assert.equal(formatMetricValue(12.3456), '12.35');
  assert.equal(formatMetricValue(1e-5), '1.00e-5');
  assert.equal(formatMetricValue(undefined), '–');
  const now = Date.parse('2025-01-01T12:00:00Z');
  assert.equal(relativeTime('2025-01-01T11:59:30Z', now), 'just now');
  assert.equal(relativeTime('2025-01-01T11:30:00Z', now), '30 min ago');
  assert.equal(relativeTime('2025-01-01T09:00:00Z', now), '3 h ago');
  assert.equal(relativeTime(undefined, now), '');
});

test('finalWeights: whether any arm saved its final weights', () => {
  assert.equal(readRunEntry(older).finalWeights, false);
  const withWeights = makeRun('20250106-100000-f', summary('f', '2025-01-06T10:00:00.000Z', 'completed', [
    arm('ce', 0, 'diverged'),
    { ...arm('mse', 0, 'completed', 0.8), weights: { init: 'weights/init/seed-0.safetensors', final: 'weights/mse/seed-0/final.safetensors', checkpoints: [], bytes: 10 } },
  ]));
  assert.equal(readRunEntry(withWeights).finalWeights, true);
});
