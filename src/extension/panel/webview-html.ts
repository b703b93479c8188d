/**
 * The chart page's HTML: a strict Content Security Policy (nothing remote, scripts only with this
 * page's fresh nonce, styles only from the extension's stylesheet), the stylesheet, and the chart
 * bundle. The page builds itself from `init`; `data-compact` lets it lay out before that arrives.
 * A few inline lines (under the same nonce, before the stylesheet, which would hold them back) say
 * `ready` and hold the host's messages while the rest loads, so the host reads the run meanwhile.
 * Given the stylesheet's and the bundle's text (`inline`), the page carries them itself, under the same
 * nonce: a webview's files are fetched through the workbench, which right after a window reload is
 * busy restoring and took up to 9 s to serve them on this machine (the HTML itself came in well under 1 s).
 * Only types come from `vscode`, so this runs (and is tested) outside VS Code too.
 */
import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type * as vscode from 'vscode';

/** The page's stylesheet (media/panel.css) and chart bundle (dist/webview.js), as text. */
export interface InlineAssets {
  style: string;
  script: string;
}

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, opts: { compact: boolean; title: string }, inline?: InlineAssets): string {
  const nonce = randomBytes(18).toString('base64');
  const asset = (...segments: string[]): string =>
    webview.asWebviewUri(extensionUri.with({ path: posix.join(extensionUri.path, ...segments) })).toString();
  const src = webview.cspSource;
  const csp = [
    `default-src 'none'`,
    `img-src ${src} data:`,
    `style-src ${src}${inline ? ` 'nonce-${nonce}'` : ''}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${src}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<script nonce="${nonce}">${BOOT}</script>
${inline ? `<style nonce="${nonce}">${inline.style.replace(/<\/style/gi, '<\\/style')}</style>` : `<link rel="stylesheet" href="${escapeAttr(asset('media', 'panel.css'))}">`}
<title>${escapeHtml(opts.title)}</title>
</head>
<body data-compact="${opts.compact ? 'true' : 'false'}">
<div id="app"><p class="loading">Loading charts…</p></div>
${inline ? `<script nonce="${nonce}">${inline.script.replace(/<\/script/gi, '<\\/script')}</script>` : `<script nonce="${nonce}" src="${escapeAttr(asset('dist', 'webview.js'))}"></script>`}
</body>
</html>
`;
}

/** Says `ready` and queues messages until the bundle (webview/view/vscode-api.ts) takes over: `window.__lossLabBoot`. */
const BOOT = [
  `(function () {`,
  `  if (typeof acquireVsCodeApi !== 'function') return;`,
  `  var boot = { api: acquireVsCodeApi(), queue: [], hold: function (e) { boot.queue.push(e.data); } };`,
  `  window.addEventListener('message', boot.hold);`,
  `  window.__lossLabBoot = boot;`,
  `  performance.mark('losslab:ready');`,
  `  boot.api.postMessage({ type: 'ready' });`,
  `})();`,
].join('\n');

/** For a double-quoted attribute value. */
function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
