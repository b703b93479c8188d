/**
 * Builds the chart bundle (as esbuild.mjs does) and the harness script, and serves the chart page on
 * 127.0.0.1: the HTML comes from the extension's own `webviewHtml` (same CSP), with the harness
 * script added under the page's nonce before the bundle.
 */
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import { webviewHtml } from '../../src/extension/panel/webview-html';

const ROOT = join(__dirname, '..', '..');

export async function buildBundles(outDir: string): Promise<{ webview: string; harness: string }> {
  const common = { bundle: true, platform: 'browser', format: 'iife', target: 'es2022', logLevel: 'warning' } as const;
  const webview = join(ROOT, 'dist', 'webview.js');
  const harness = join(outDir, 'harness.js');
  await esbuild.build({ ...common, sourcemap: true, entryPoints: [join(ROOT, 'webview', 'main.ts')], outfile: webview });
  await esbuild.build({ ...common, entryPoints: [join(ROOT, 'test', 'browser', 'page', 'harness.ts')], outfile: harness });
  return { webview, harness };
}

interface FakeUri {
  path: string;
  with(change: { path: string }): FakeUri;
}

function fakeUri(path: string): FakeUri {
  return { path, with: (c) => fakeUri(c.path) };
}

/** The page as VS Code gets it: `inline` carries the stylesheet and bundle in the HTML (see webview-html.ts). */
export function pageHtml(origin: string, compact: boolean, inline?: { webview: string }): string {
  const webview = { cspSource: origin, asWebviewUri: (u: FakeUri) => ({ toString: () => `${origin}${u.path}` }) } as unknown as vscode.Webview;
  const assets = inline && { style: readFileSync(join(ROOT, 'media', 'panel.css'), 'utf8'), script: readFileSync(inline.webview, 'utf8') };
  const html = webviewHtml(webview, fakeUri('/ext') as unknown as vscode.Uri, { compact, title: 'Loss Lab: harness' }, assets);
  const nonce = /'nonce-([^']+)'/.exec(html)?.[1] ?? '';
  return html.replace('<script nonce=', `<script nonce="${nonce}" src="${origin}/harness.js"></script>\n<script nonce=`);
}

export async function serve(files: { webview: string; harness: string }): Promise<{ origin: string; server: Server }> {
  const routes: Record<string, [string, string]> = {
    '/ext/dist/webview.js': [files.webview, 'text/javascript'],
    '/ext/dist/webview.js.map': [`${files.webview}.map`, 'application/json'],
    '/ext/media/panel.css': [join(ROOT, 'media', 'panel.css'), 'text/css'],
    '/harness.js': [files.harness, 'text/javascript'],
  };
  let origin = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(pageHtml(origin, url.searchParams.get('compact') === '1', url.searchParams.get('inline') === '1' ? files : undefined));
      return;
    }
    const route = routes[url.pathname];
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': route[1] });
    res.end(readFileSync(route[0]));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, server };
}
