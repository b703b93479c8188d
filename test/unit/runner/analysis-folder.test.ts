/** The preparation the CLI and the extension share: claiming the run folder, and the request (file name, arms, refusals). */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ArmResult, RunSummary } from '../../../src/shared/metrics';
import { analysisRequest, NotARunFolder, openAnalysisFolder, savedArms, type AnalysisChoice } from '../../../src/shared/runner/analysis-folder';
import { RunFolderRefused } from '../../../src/shared/runner/fs-errors';
import { acquireRunLock, LOCK_FILE } from '../../../src/shared/runner/run-lock';
import { resolveConfig, tinyConfigObject } from '../../helpers/config';

const root = mkdtempSync(join(tmpdir(), 'losslab-analysis-folder-'));
after(() => rmSync(root, { recursive: true, force: true }));

const config = resolveConfig(tinyConfigObject({ losses: [{ name: 'ce', type: 'ce' }, { name: 'mse', type: 'mse' }, { name: 'focal γ', type: 'focal' }] }));

function job(arm: string, seed: number, final: boolean, status: ArmResult['status'] = 'completed'): ArmResult {
  return {
    arm, seed, status, steps: 10, epochs: 1, wallTimeSec: 1, stepsPerSec: 10, mainMetric: 'val/accuracy', best: {}, final: {},
    weights: { init: `weights/init/seed-${seed}.safetensors`, final: final ? `weights/x/seed-${seed}/final.safetensors` : undefined, checkpoints: [], bytes: 1 },
  };
}

// Summary order differs from config order on purpose: requests follow the config.
const summary: RunSummary = {
  name: 'tiny', startedAt: '2026-01-01T00:00:00.000Z', status: 'completed', backend: 'cpu', seed: 3, repeats: 2, versions: {},
  arms: [job('focal γ', 3, true), job('mse', 3, true), job('ce', 3, false, 'diverged'), job('ce', 4, true), job('mse', 4, true)],
};

const landscape = (arms?: string[]): AnalysisChoice => ({ kind: 'landscape', arms, split: 'val', grid: 5, range: 1, dims: 2, directions: 'random' });

test('a landscape defaults to every arm of the seed with final weights, in config order; the file is named after the first', () => {
  assert.deepEqual(savedArms(config, summary, 3), ['mse', 'focal γ']);
  assert.deepEqual(savedArms(config, summary, 4), ['ce', 'mse']);
  const built = analysisRequest(landscape(), config, summary, 3);
  assert.ok('request' in built, JSON.stringify(built));
  assert.deepEqual(built.request, { kind: 'landscape', arms: ['mse', 'focal γ'], split: 'val', grid: 5, range: 1, dims: 2, directions: 'random', output: join('landscape', 'landscape-mse-seed-3-val.json') });
  const seed4 = analysisRequest(landscape(), config, summary, 4);
  assert.ok('request' in seed4);
  assert.equal(seed4.request.output, join('landscape', 'landscape-ce-seed-4-val.json'));
});

test('a Hessian request is named after its arm (file-safe), seed and split', () => {
  const built = analysisRequest({ kind: 'hessian', arm: 'focal γ', split: 'train', top: 5, density: true }, config, summary, 3);
  assert.ok('request' in built, JSON.stringify(built));
  assert.deepEqual(built.request, { kind: 'hessian', arm: 'focal γ', split: 'train', top: 5, density: true, batchSize: undefined, output: join('landscape', 'hessian-focal-seed-3-train.json') });
});

test('refusals: an arm without final weights, an unknown arm or seed, no arm with weights, sweep and evolution runs', () => {
  const problem = (choice: AnalysisChoice, seed: number, s: RunSummary = summary) => {
    const built = analysisRequest(choice, config, s, seed);
    return 'problem' in built ? built.problem : undefined;
  };
  assert.equal(problem({ kind: 'hessian', arm: 'ce', split: 'train', top: 5, density: false }, 3), "arm 'ce' (seed 3) has no saved final weights (it diverged)");
  assert.match(problem(landscape(['ce', 'mse']), 3) ?? '', /arm 'ce' \(seed 3\) has no saved final weights/);
  assert.equal(problem(landscape(['cee']), 3), "no arm 'cee' in this run; its arms: ce, mse, focal γ");
  assert.equal(problem(landscape(['mse']), 9), "arm 'mse' has no seed 9 in this run (seeds: 3, 4)");
  assert.equal(problem(landscape(), 3, { ...summary, arms: summary.arms.map((a) => ({ ...a, weights: undefined })) }), 'no arm of seed 3 has saved final weights');
  assert.match(problem(landscape(), 3, { ...summary, kind: 'sweep' }) ?? '', /analyses of sweep runs are not supported/);
  assert.match(problem(landscape(), 3, { ...summary, kind: 'evolution' }) ?? '', /analyses of evolution runs are not supported/);
  assert.equal(problem(landscape(), 3, { ...summary, kind: 'experiment' }), undefined);
});

function runFolder(name: string, summaryText = JSON.stringify(summary)): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.resolved.json'), JSON.stringify(config));
  writeFileSync(join(dir, 'summary.json'), summaryText);
  return dir;
}

test('opening a run folder claims it until release; another writer is refused; a folder that is not a run is said so', () => {
  const dir = runFolder('a');
  const folder = openAnalysisFolder(dir, 'test analysis');
  assert.equal(folder.summary.name, 'tiny');
  assert.deepEqual(folder.config.losses.map((l) => l.name), ['ce', 'mse', 'focal γ']);
  assert.throws(() => acquireRunLock(dir, 'someone else'), (e: Error) => e instanceof RunFolderRefused && /test analysis/.test(e.message));
  assert.throws(() => openAnalysisFolder(dir, 'second analysis'), RunFolderRefused);
  folder.release();
  acquireRunLock(dir, 'after release').release();
  const notRun = join(root, 'plain');
  mkdirSync(notRun);
  assert.throws(() => openAnalysisFolder(notRun, 'x'), (e: Error) => e instanceof NotARunFolder && /is not a Loss Lab run folder \(it needs config\.resolved\.json and summary\.json\)/.test(e.message));
  assert.ok(!existsSync(join(notRun, LOCK_FILE)), 'nothing written to a folder that is not a run');
});

test('a summary that cannot be read releases the lock it took', () => {
  const dir = runFolder('torn', '{"name": "tiny", "sta');
  assert.throws(() => openAnalysisFolder(dir, 'x'));
  acquireRunLock(dir, 'after a failed open').release();
});
