/** Restricted Mode: runs are refused with an explanation; past runs can still be opened. */
import assert from 'node:assert/strict';
import { readdirSync, existsSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ActiveRun } from '../../src/extension/run/active-run';
import { lossLab, workspaceFile } from './api';
import { test, waitFor } from './harness';

test('the workspace is untrusted', async () => {
  assert.equal(vscode.workspace.isTrusted, false);
});

test('Run refuses in Restricted Mode and starts nothing', async () => {
  const uri = workspaceFile('tiny.losslab.json');
  await vscode.window.showTextDocument(uri);
  const api = await lossLab();
  const runsDir = workspaceFile('.losslab', 'runs').fsPath;
  const before = existsSync(runsDir) ? readdirSync(runsDir).length : 0;
  assert.equal(await vscode.commands.executeCommand<ActiveRun | undefined>('lossLab.run', uri), undefined);
  assert.equal(await vscode.commands.executeCommand<ActiveRun | undefined>('lossLab.runArm', uri, { name: 'ce', index: 0 }), undefined);
  assert.equal(api.runs.active.length, 0);
  assert.equal(existsSync(runsDir) ? readdirSync(runsDir).length : 0, before, 'no run folder was created');
});

test('the CodeLens explains Restricted Mode instead of offering Run', async () => {
  const uri = workspaceFile('tiny.losslab.json');
  const ls = await waitFor('code lenses', async () => {
    const l = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
    return l.length ? l : undefined;
  });
  const titles = ls.map((l) => l.command?.title ?? '');
  assert.ok(titles.some((t) => /Restricted Mode/.test(t)), titles.join(' | '));
  assert.ok(!titles.some((t) => /Run all|Run this arm/.test(t)), titles.join(' | '));
});

test('a past run still opens in the chart panel', async () => {
  const api = await lossLab();
  const entry = await waitFor('the past run in the history', () => api.history.entries()[0]);
  await vscode.commands.executeCommand('lossLab.openRun', entry.runDir);
  const session = await waitFor('panel', () => api.panels.session(entry.runDir));
  await waitFor('init sent', () => (session.stats.posted.init ?? 0) > 0, 60000);
});
