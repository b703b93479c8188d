/** The chart page (the webview app, `dist/webview.js`) and the options every chart webview gets. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { webviewHtml, type InlineAssets } from './webview-html';

/** The page carries its stylesheet and bundle (see webview-html.ts); linked instead if they cannot be read. */
export function chartHtml(webview: vscode.Webview, extensionUri: vscode.Uri, opts: { compact: boolean; title: string }): string {
  return webviewHtml(webview, extensionUri, opts, readAssets(extensionUri));
}

function readAssets(extensionUri: vscode.Uri): InlineAssets | undefined {
  if (extensionUri.scheme !== 'file') return undefined;
  try {
    const root = extensionUri.fsPath;
    return { style: readFileSync(join(root, 'media', 'panel.css'), 'utf8'), script: readFileSync(join(root, 'dist', 'webview.js'), 'utf8') };
  } catch {
    return undefined;
  }
}

/** Scripts on, and only the bundle and media folders readable. */
export function chartWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}
