/**
 * Add Evolved Loss to Config: writes the best TaylorGLO vector of an evolution run back into its config
 * as a new `taylorglo` arm (an undoable edit of the open document), ready to retrain and compare.
 */
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { readEvolutionState } from '../../shared/runner/evolution-folder';
import { readSummary } from '../../shared/runner/run-folder';
import { configFormat } from '../codelens/arm-ranges';
import { runDirArg } from '../history/run-dir-arg';
import type { RunHistory } from '../history/run-history';
import type { Log } from '../log';
import { addArmToConfigText, armNamesIn, pinEvolveArm, roundParams, uniqueName } from './add-arm-edit';

export function registerAdoptEvolved(history: RunHistory, log: Log): vscode.Disposable {
  return vscode.commands.registerCommand('lossLab.adoptEvolved', async (arg?: unknown) => {
    try {
      const runDir = evolutionRunFor(arg, history);
      if (!runDir) {
        void vscode.window.showInformationMessage('Loss Lab: no loss evolution with a best candidate was found for this config. Run its evolve section first.');
        return;
      }
      await adopt(runDir, log);
    } catch (e) {
      log.error(`adding the evolved arm failed: ${(e as Error).message}`);
      void vscode.window.showErrorMessage(`Loss Lab: ${(e as Error).message}`);
    }
  });
}

/** A run folder given directly, else the newest evolution run (with a best vector) of the given or active config. */
function evolutionRunFor(arg: unknown, history: RunHistory): string | undefined {
  const config = arg instanceof vscode.Uri && configFormat(arg.path) ? arg : !arg ? activeConfig() : undefined;
  if (!config) return runDirArg(arg);
  return history.entries().find((e) => e.configPath === config.fsPath && readEvolutionState(e.runDir)?.bestParams)?.runDir;
}

function activeConfig(): vscode.Uri | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return uri && configFormat(uri.path) ? uri : undefined;
}

async function adopt(runDir: string, log: Log): Promise<void> {
  const state = readEvolutionState(runDir);
  if (!state?.bestParams) throw new Error(`${runDir} holds no evolved loss (no evolution.json with a best vector)`);
  const configPath = readSummary(runDir)?.configPath;
  if (!configPath || !existsSync(configPath)) throw new Error(`the config of ${runDir} is gone${configPath ? ` (${configPath})` : ''}`);
  const format = configFormat(configPath);
  if (!format) throw new Error(`${configPath} is not a Loss Lab config`);
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(configPath));
  const text = doc.getText();
  const name = uniqueName(`${state.arm} (evolved ${state.completedGenerations} gen)`, armNamesIn(text, format));
  const arm = { name, type: 'taylorglo', params: roundParams(state.bestParams) };
  const updated = pinEvolveArm(addArmToConfigText(text, format, arm), format, state.arm);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(text.length)), updated);
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not edit ${configPath}`);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const at = doc.getText().lastIndexOf(JSON.stringify(name).slice(1, -1));
  if (at >= 0) editor.revealRange(new vscode.Range(doc.positionAt(at), doc.positionAt(at)), vscode.TextEditorRevealType.InCenter);
  log.info(`added arm '${name}' (best ${state.fitness.metric} ${state.bestFitness}) to ${configPath}`);
  void vscode.window.showInformationMessage(`Loss Lab: added '${name}' to ${vscode.workspace.asRelativePath(doc.uri)} — save, then run it against the other arms.`);
}
