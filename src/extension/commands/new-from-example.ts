/** New Experiment from Example: copies a shipped example config into the workspace and opens it. */
import { readdirSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { configFormat } from '../codelens/arm-ranges';
import { exampleSummary, freeName } from './example-names';

interface Example {
  file: string;
  uri: vscode.Uri;
  summary: string;
}

function listExamples(extensionUri: vscode.Uri): Example[] {
  const dir = vscode.Uri.joinPath(extensionUri, 'examples');
  let files: string[];
  try {
    files = readdirSync(dir.fsPath).filter((f) => configFormat(f)).sort();
  } catch {
    return [];
  }
  files.sort((a, b) => Number(b.startsWith('quickstart')) - Number(a.startsWith('quickstart')));
  return files.map((file) => {
    const uri = vscode.Uri.joinPath(dir, file);
    return { file, uri, summary: exampleSummary(readFileSync(uri.fsPath, 'utf8')) };
  });
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

export function registerNewFromExample(extensionUri: vscode.Uri): vscode.Disposable {
  return vscode.commands.registerCommand('lossLab.newFromExample', async (exampleFile?: unknown) => {
    const examples = listExamples(extensionUri);
    if (!examples.length) {
      void vscode.window.showErrorMessage('Loss Lab: no examples found in the extension.');
      return undefined;
    }
    const example = typeof exampleFile === 'string'
      ? examples.find((e) => e.file === exampleFile)
      : (await vscode.window.showQuickPick(examples.map((e) => ({ label: e.file.replace(/\.losslab\.(json|ya?ml)$/, ''), description: e.file, detail: e.summary, e })), {
          title: 'New Experiment from Example',
          placeHolder: 'Pick an example to copy into the workspace',
          matchOnDetail: true,
        }))?.e;
    if (!example) return undefined;
    const folders = vscode.workspace.workspaceFolders ?? [];
    let target: vscode.Uri | undefined;
    if (folders.length === 0) {
      target = await vscode.window.showSaveDialog({ title: 'Save the new experiment', filters: { 'Loss Lab config': ['json', 'yaml', 'yml'] } });
    } else {
      const folder = folders.length === 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Where to put the new experiment' });
      if (!folder) return undefined;
      const taken = new Set<string>();
      for (const f of [example.file, ...Array.from({ length: 50 }, (_, i) => example.file.replace(/(\.losslab\.)/, `-${i + 2}$1`))]) {
        if (await exists(vscode.Uri.joinPath(folder.uri, f))) taken.add(f);
      }
      target = vscode.Uri.joinPath(folder.uri, freeName(example.file, (n) => taken.has(n)));
    }
    if (!target) return undefined;
    await vscode.workspace.fs.copy(example.uri, target, { overwrite: folders.length === 0 });
    await vscode.window.showTextDocument(target, { preview: false });
    return target;
  });
}
