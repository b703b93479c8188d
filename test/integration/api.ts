/** Reaching the extension under test: activation and the test-mode API `activate` returns. */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { LossLabTestApi } from '../../src/extension/extension';
import type { ActiveRun } from '../../src/extension/run/active-run';
import { waitFor } from './harness';

export const EXTENSION_ID = 'loss-lab.loss-lab';

export async function lossLab(): Promise<LossLabTestApi> {
  const ext = vscode.extensions.getExtension<LossLabTestApi | undefined>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  const api = ext.isActive ? ext.exports : await ext.activate();
  if (!api) throw new Error('the extension did not return its test API (is extensionMode Test?)');
  return api;
}

export function workspaceFile(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder open');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

/** Runs a config from the command, waits until it completed and has left the active list. */
export async function runToEnd(api: LossLabTestApi, uri: vscode.Uri): Promise<ActiveRun> {
  const run = await vscode.commands.executeCommand<ActiveRun | undefined>('lossLab.run', uri);
  assert.ok(run, 'a run started');
  assert.equal((await run.finished).status, 'completed');
  await waitFor('the run to leave the active list', () => !api.runs.forConfig(uri));
  return run;
}
