/** Analyse Run… in a real VS Code: a landscape and a Hessian of a finished run reach its panel; refusals. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { AnalyseOutcome } from '../../src/extension/analysis/run-analyses';
import { runViewFromDisk } from '../../src/extension/panel/run-view';
import type { ActiveRun } from '../../src/extension/run/active-run';
import { acquireRunLock } from '../../src/shared/runner/run-lock';
import { lossLab, runToEnd, workspaceFile } from './api';
import { test, waitFor } from './harness';

let runDir = '';

test('Analyse Run… computes a landscape of a finished run under its lock; the open panel gets progress and the analyses', async () => {
  const api = await lossLab();
  const run = await runToEnd(api, workspaceFile('tiny.losslab.json'));
  runDir = run.runDir;
  const session = await waitFor('the chart panel', () => api.panels.session(runDir), 10000);
  await waitFor('the chart page to say ready', () => session.isReady, 60000);
  // The answers stand for the quick picks (what, arms, split); the run has one seed, so no seed pick.
  const pending = vscode.commands.executeCommand<AnalyseOutcome | undefined>('lossLab.analyse', vscode.Uri.file(runDir), { what: 'landscape', arms: ['ce', 'mse'], split: 'val' });
  await waitFor('the analysis to hold the run folder', () => api.analyses.has(runDir), 10000);
  assert.throws(() => acquireRunLock(runDir, 'test'), /being written by/, 'the run folder is locked while the analysis runs');
  const outcome = await pending;
  assert.ok(outcome, 'the command returns its outcome');
  assert.equal(outcome.status, 'completed', outcome.message);
  const file = join('landscape', 'landscape-ce-seed-3-val.json');
  assert.deepEqual(outcome.outputs, [file]);
  const result = JSON.parse(readFileSync(join(runDir, file), 'utf8'));
  assert.equal(result.kind, 'landscape');
  assert.equal(result.slice.loss.length, 41, '41 × 41 slice (the CLI default)');
  assert.deepEqual(result.paths.map((p: { from: string; to: string }) => `${p.from}→${p.to}`), ['init→ce', 'init→mse', 'ce→mse']);
  assert.deepEqual(session.stats.analysisFiles, ['landscape/landscape-ce-seed-3-val.json'], 'the panel received the analyses');
  assert.ok((session.stats.posted.analysisProgress ?? 0) >= 2, `progress, then its end: ${JSON.stringify(session.stats.posted)}`);
  assert.equal(session.stats.rejected, 0);
  assert.equal(api.analyses.has(runDir), false);
  acquireRunLock(runDir, 'test').release();
}, 240000);

test('the quick picks: accepting every default computes the 2-D landscape of every arm on val', async () => {
  const api = await lossLab();
  assert.ok(runDir, 'the first test made a run');
  let outcome: AnalyseOutcome | undefined;
  let settled = false;
  void vscode.commands.executeCommand<AnalyseOutcome | undefined>('lossLab.analyse', runDir).then((o) => {
    outcome = o;
    settled = true;
  });
  // Enter on each pick as it shows (what, arms, split; one seed, so no seed pick): the defaults.
  await waitFor('the picks to be answered and the analysis to end', async () => {
    if (!api.analyses.has(runDir)) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    return settled;
  }, 180000, 400);
  assert.equal(outcome?.status, 'completed', outcome?.message);
  assert.deepEqual(outcome.outputs, [join('landscape', 'landscape-ce-seed-3-val.json')]);
  const result = JSON.parse(readFileSync(join(runDir, outcome.outputs[0]), 'utf8'));
  assert.equal(result.split, 'val');
  assert.equal(result.slice.y.length, 41, 'a 2-D slice');
  assert.equal(result.paths.length, 3, 'both arms were ticked');
}, 240000);

test('a Hessian from the history node opens the run\'s panel when none shows it', async () => {
  const api = await lossLab();
  assert.ok(runDir, 'the previous test made a run');
  api.panels.close(runDir);
  await waitFor('the panel to close', () => !api.panels.session(runDir));
  const entry = await waitFor('the run in the history', () => api.history.entries().find((e) => e.runDir === runDir));
  const outcome = await vscode.commands.executeCommand<AnalyseOutcome | undefined>('lossLab.analyse', { kind: 'run', entry }, { what: 'hessian', arms: ['mse'], split: 'train' });
  assert.equal(outcome?.status, 'completed', outcome?.message);
  assert.ok(existsSync(join(runDir, 'landscape', 'hessian-mse-seed-3-train.json')));
  const session = await waitFor('the run\'s panel', () => api.panels.session(runDir), 10000);
  await waitFor('its init', () => (session.stats.posted.init ?? 0) > 0, 60000);
  assert.deepEqual(runViewFromDisk(runDir).analyses?.map((a) => a.file), ['landscape/landscape-ce-seed-3-val.json', 'landscape/hessian-mse-seed-3-train.json'], 'what the init carries, oldest first');
}, 240000);

test('Analyse Run… refuses a live run (nothing written) and malformed answers; a stopped analysis leaves no result and frees the lock', async () => {
  const api = await lossLab();
  const uri = workspaceFile('slow.losslab.json');
  const live = await vscode.commands.executeCommand<ActiveRun | undefined>('lossLab.run', uri);
  assert.ok(live);
  try {
    assert.equal(await vscode.commands.executeCommand('lossLab.analyse', live.runDir, { what: 'landscape' }), undefined);
    assert.ok(!existsSync(join(live.runDir, 'landscape')));
    // Both arms must have trained before the stop, or one has no final weights to analyse below (a
    // loaded machine may not have started the second trainer yet).
    await waitFor('both arms to train', () => ['ce', 'focal'].every((arm) => live.records.some((r) => r.arm === arm && r.step > 0)), 60000);
  } finally {
    live.stop();
    await live.finished;
  }
  await waitFor('the run to leave the active list', () => !api.runs.byRunDir(live.runDir));
  const bad = await vscode.commands.executeCommand('lossLab.analyse', live.runDir, { what: 'pca' });
  assert.equal(bad, undefined, 'malformed answers are refused');

  // Stopped (as Cancel and a window shutdown stop it) once under way: no result, the lock is freed.
  // The train split (4× the rows of val) keeps the 1804 evaluations long enough to stop.
  const pending = vscode.commands.executeCommand<AnalyseOutcome | undefined>('lossLab.analyse', live.runDir, { what: 'landscape', arms: ['ce', 'focal'], split: 'train' });
  await waitFor('evaluations to start', () => (api.analyses.progress(live.runDir)?.done ?? 0) > 0, 60000, 20);
  await api.analyses.stopAll();
  const stopped = await pending;
  assert.equal(stopped?.status, 'stopped', stopped?.message);
  assert.match(stopped.message ?? '', /stopped by request after \d+ of 1804 evaluations/);
  assert.ok(!existsSync(join(live.runDir, 'landscape', 'landscape-ce-seed-1-train.json')));
  acquireRunLock(live.runDir, 'test').release();
}, 180000);
