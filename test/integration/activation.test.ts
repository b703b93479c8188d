/** For `npm run bench`: how long activation takes in a real VS Code, written to LOSSLAB_BENCH_OUT. */
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { EXTENSION_ID, lossLab } from './api';
import { test, waitFor } from './harness';

test('activation time', async () => {
  await waitFor('activation (workspaceContains)', () => vscode.extensions.getExtension(EXTENSION_ID)?.isActive, 60000);
  const api = await lossLab();
  if (!(api.activationMs >= 0)) throw new Error(`no activation time: ${api.activationMs}`);
  if (process.env.LOSSLAB_BENCH_OUT) writeFileSync(process.env.LOSSLAB_BENCH_OUT, JSON.stringify({ activationMs: api.activationMs, vscode: vscode.version }));
});
