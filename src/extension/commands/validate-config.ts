/** Validate Config: the same check as Run and the CLI, reported in the Problems view. */
import * as vscode from 'vscode';
import type { ConfigDiagnostics } from '../diagnostics/config-diagnostics';
import { resolveConfigUri } from '../run/config-target';

export function registerValidateConfig(diagnostics: ConfigDiagnostics): vscode.Disposable {
  return vscode.commands.registerCommand('lossLab.validate', async (arg?: unknown) => {
    const uri = await resolveConfigUri(arg, 'Validate Config');
    if (!uri) return undefined;
    const doc = await vscode.workspace.openTextDocument(uri);
    const { config, problems, diagnostics: diags } = diagnostics.validate(doc);
    const name = vscode.workspace.asRelativePath(uri);
    const errors = problems.filter((p) => p.severity === 'error').length;
    if (!problems.length && config) {
      void vscode.window.showInformationMessage(`Loss Lab: ${name} is valid — ${config.losses.length} arm${config.losses.length === 1 ? '' : 's'} on '${String(config.data.dataset)}', ${config.repeats} seed${config.repeats === 1 ? '' : 's'}.`);
    } else {
      const editor = await vscode.window.showTextDocument(doc);
      if (diags[0]) {
        editor.selection = new vscode.Selection(diags[0].range.start, diags[0].range.end);
        editor.revealRange(diags[0].range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      }
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      const warnings = problems.length - errors;
      void vscode.window.showWarningMessage(`Loss Lab: ${name} has ${errors} error${errors === 1 ? '' : 's'} and ${warnings} warning${warnings === 1 ? '' : 's'}.`);
    }
    return problems;
  });
}
