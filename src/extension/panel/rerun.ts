/**
 * The panel's "Re-run with N seeds": the config the run was started from (its summary's `configPath`),
 * run again through `lossLab.run` with `repeats` overridden, the file left as it is.
 */
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { readSummary } from '../../shared/runner/run-folder';
import { isRunDir } from '../history/list-runs';

export async function rerunWithSeeds(runDir: string, repeats: number): Promise<void> {
  if (!isRunDir(runDir)) throw new Error(`not a run folder: ${runDir}`);
  const config = readSummary(runDir)?.configPath;
  if (!config || !existsSync(config)) throw new Error(`the config this run was started from is not there any more${config ? ` (${config})` : ''}`);
  await vscode.commands.executeCommand('lossLab.run', vscode.Uri.file(config), { repeats });
}
