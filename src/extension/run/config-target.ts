/**
 * Which config a command acts on (an explicit URI, the active editor, or one picked from the
 * workspace), and loading it for a run: a config with errors, or whose CSV dataset has one, is refused
 * and its first problem shown.
 */
import * as vscode from 'vscode';
import type { ExperimentConfig } from '../../shared/config/types';
import { checkConfigData } from '../../shared/data/check';
import { configFormat, type ConfigFormat } from '../codelens/arm-ranges';
import type { ConfigDiagnostics } from '../diagnostics/config-diagnostics';

export const CONFIG_GLOB = '**/*.losslab.{json,yaml,yml}';

export interface LoadedConfig {
  uri: vscode.Uri;
  document: vscode.TextDocument;
  text: string;
  format: ConfigFormat;
  config: ExperimentConfig;
}

/** Finds the config files of the workspace (node_modules and run folders excluded). */
export async function findConfigs(max = 200): Promise<vscode.Uri[]> {
  const found = await vscode.workspace.findFiles(CONFIG_GLOB, '{**/node_modules/**,**/.losslab/**}', max);
  return found.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
}

/** The config a command should use, or undefined if the user cancelled or there is none. */
export async function resolveConfigUri(explicit: unknown, purpose: string): Promise<vscode.Uri | undefined> {
  if (explicit instanceof vscode.Uri && configFormat(explicit.path)) return explicit;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && configFormat(active.path)) return active;
  const configs = await findConfigs();
  if (configs.length === 1) return configs[0];
  if (configs.length === 0) {
    const create = 'New Experiment from Example';
    const choice = await vscode.window.showInformationMessage('No Loss Lab config (*.losslab.json or *.losslab.yaml) in this workspace.', create);
    if (choice === create) await vscode.commands.executeCommand('lossLab.newFromExample');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    configs.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { title: purpose, placeHolder: 'Pick an experiment config' },
  );
  return picked?.uri;
}

/**
 * Validates the config as the editor has it (unsaved edits included) and reads its CSV dataset, if
 * any (only here, not as you type); refuses it when either has errors.
 */
export async function loadForRun(uri: vscode.Uri, diagnostics: ConfigDiagnostics): Promise<LoadedConfig | undefined> {
  const document = await vscode.workspace.openTextDocument(uri);
  const format = configFormat(uri.path);
  if (!format) return undefined;
  const { config, problems, diagnostics: diags } = diagnostics.validate(document);
  const errors = problems.filter((p) => p.severity === 'error');
  if (!config || errors.length) {
    const first = diags.find((d) => d.severity === vscode.DiagnosticSeverity.Error) ?? diags[0];
    const editor = await vscode.window.showTextDocument(document, { preserveFocus: false, preview: false });
    if (first) {
      editor.selection = new vscode.Selection(first.range.start, first.range.end);
      editor.revealRange(first.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
    const n = errors.length || problems.length;
    void vscode.window.showErrorMessage(
      `Loss Lab: ${vscode.workspace.asRelativePath(uri)} has ${n} problem${n === 1 ? '' : 's'}; fix ${n === 1 ? 'it' : 'them'} to run. First: ${first?.message ?? 'invalid config'}`,
    );
    return undefined;
  }
  const data = checkConfigData(config);
  if (data.problems.length > 0) {
    void vscode.window.showErrorMessage(`Loss Lab: the dataset of ${vscode.workspace.asRelativePath(uri)} has a problem; fix it to run. ${data.problems[0]}`);
    return undefined;
  }
  return { uri, document, text: document.getText(), format, config };
}
