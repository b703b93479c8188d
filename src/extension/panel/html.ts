/** The chart page (the webview app, `dist/webview.js`) and the options every chart webview gets. */
import * as vscode from 'vscode';
import { webviewHtml } from './webview-html';

export function chartHtml(webview: vscode.Webview, extensionUri: vscode.Uri, opts: { compact: boolean; title: string }): string {
  return webviewHtml(webview, extensionUri, opts);
}

/** Scripts on, and only the bundle and media folders readable. */
export function chartWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}
