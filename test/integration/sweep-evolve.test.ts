/** Sweeps and loss evolution from the extension: trials and generations reach the panel; the evolved arm is written back. */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ActiveRun } from '../../src/extension/run/active-run';
import { validateConfigText } from '../../src/shared/config';
import { readEvolutionState } from '../../src/shared/runner/evolution-folder';
import { readSummary } from '../../src/shared/runner/run-folder';
import { readTrialRows } from '../../src/shared/runner/sweep-folder';
import { lossLab, workspaceFile } from './api';
import { test, waitFor } from './harness';

test('a sweep runs from the extension: one trials.jsonl row per (trial, seed), rows posted to the panel', async () => {
  const api = await lossLab();
  const uri = workspaceFile('tiny-sweep.losslab.json');
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
  const run = await vscode.commands.executeCommand<ActiveRun | undefined>('lossLab.run', uri);
  assert.ok(run, 'a run started');
  assert.deepEqual([...run.arms].sort(), ['ce', 'focal gamma=0.5', 'focal gamma=1', 'focal gamma=3'].sort(), 'one curve per trial');
  const session = await waitFor('the chart panel', () => api.panels.session(run.runDir), 10000);
  const summary = await run.finished;
  assert.equal(summary.status, 'completed', JSON.stringify(summary.arms.map((a) => [a.arm, a.seed, a.status, a.reason])));
  const rows = readTrialRows(run.runDir);
  // ce is a baseline (not swept): once per seed; focal: 3 values × 2 seeds.
  assert.equal(rows.length, 8, rows.map((r) => `${r.arm}/${r.seed}`).join(', '));
  assert.equal(run.trialRows.length, 8, 'every row reached the host as it ended');
  assert.ok(rows.every((r) => r.status === 'completed' && typeof r.objective === 'number'), 'each row carries its objective');
  await waitFor('the chart page to say ready', () => session.isReady, 60000);
  await waitFor('trials posted to the page', () => (session.stats.posted.trials ?? 0) + (session.stats.posted.init ?? 0) >= 1, 10000);
  assert.equal(session.stats.rejected, 0, 'the page accepted every message');
}, 240000);

test('a loss evolution runs from the extension; Add Evolved Loss writes the best vector into the config', async () => {
  const api = await lossLab();
  const uri = workspaceFile('tiny-evolve.losslab.json');
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { preview: false });
  const run = await vscode.commands.executeCommand<ActiveRun | undefined>('lossLab.run', uri);
  assert.ok(run, 'a run started');
  const session = await waitFor('the chart panel', () => api.panels.session(run.runDir), 10000);
  const summary = await run.finished;
  assert.equal(summary.status, 'completed', JSON.stringify(summary.arms.map((a) => [a.arm, a.status, a.reason])));
  const state = readEvolutionState(run.runDir);
  assert.equal(state?.status, 'completed');
  assert.equal(state?.completedGenerations, 2);
  assert.equal(run.generations.length, 2, 'each generation reached the host');
  assert.ok(state?.bestParams?.length === 8, 'the best vector is saved');
  assert.ok(summary.arms.some((a) => a.arm === 'taylorglo (evolved)' && a.status === 'completed'), 'the best vector was retrained beside the arms');
  assert.equal(readSummary(run.runDir)?.status, 'completed');
  await waitFor('the chart page to say ready', () => session.isReady, 60000);
  assert.ok((session.stats.posted.generations ?? 0) + (session.stats.posted.init ?? 0) >= 1);
  assert.equal(session.stats.rejected, 0, 'the page accepted every message');

  const before = doc.getText();
  await vscode.commands.executeCommand('lossLab.adoptEvolved', uri);
  await waitFor('the edit', () => doc.getText() !== before, 10000);
  const after = validateConfigText(doc.getText(), uri.fsPath);
  assert.deepEqual(after.problems.filter((p) => p.severity === 'error').map((p) => p.message), [], 'the edited config is valid');
  const added = after.config?.losses.find((l) => l.name === 'taylorglo (evolved 2 gen)');
  assert.ok(added && added.type === 'taylorglo', `the new arm is in the config: ${after.config?.losses.map((l) => l.name).join(', ')}`);
  const params = (added as unknown as { params: number[] }).params;
  params.forEach((p, i) => assert.ok(Math.abs(p - state.bestParams![i]) <= 1e-3 * Math.max(1, Math.abs(p)), `p${i}: ${p} vs ${state.bestParams![i]}`));
  assert.ok(doc.getText().includes('// A fast loss evolution'), 'comments are kept');
  await vscode.commands.executeCommand('workbench.action.files.revert');
}, 240000);
