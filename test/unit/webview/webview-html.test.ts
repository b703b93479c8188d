import assert from 'node:assert/strict';
import { test } from 'node:test';
import type * as vscode from 'vscode';
import { webviewHtml } from '../../../src/extension/panel/webview-html';

interface FakeUri {
  path: string;
  with(change: { path: string }): FakeUri;
  toString(): string;
}

function uri(path: string): FakeUri {
  return { path, with: (c) => uri(c.path), toString: () => `file://${path}` };
}

const webview = {
  cspSource: 'https://webview.test',
  asWebviewUri: (u: FakeUri) => ({ toString: () => `https://webview.test${u.path}` }),
} as unknown as vscode.Webview;

const ext = uri('/ext') as unknown as vscode.Uri;

test('the page has a strict CSP with a fresh nonce on its two scripts (boot and bundle)', () => {
  const a = webviewHtml(webview, ext, { compact: false, title: 'Loss Lab: <run>' });
  const b = webviewHtml(webview, ext, { compact: true, title: 't' });
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(a)?.[1] ?? '';
  assert.match(csp, /^default-src 'none'; img-src https:\/\/webview\.test data:; style-src https:\/\/webview\.test; script-src 'nonce-[^']+'; font-src https:\/\/webview\.test$/);
  assert.doesNotMatch(csp, /unsafe|\*/);
  const nonceA = /'nonce-([^']+)'/.exec(csp)?.[1];
  const nonceB = /'nonce-([^']+)'/.exec(b)?.[1];
  assert.ok(nonceA && nonceA.length >= 16 && nonceA !== nonceB);
  assert.ok(a.includes(`<script nonce="${nonceA}" src="https://webview.test/ext/dist/webview.js"></script>`));
  assert.ok(a.includes('<link rel="stylesheet" href="https://webview.test/ext/media/panel.css">'));
  assert.equal((a.match(/<script/g) ?? []).length, 2);
  assert.equal(a.split(`<script nonce="${nonceA}"`).length - 1, 2);
  assert.doesNotMatch(a, /style="|<style/);
  assert.ok(a.includes('<title>Loss Lab: &#60;run&#62;</title>'));
  assert.ok(a.includes('data-compact="false"') && b.includes('data-compact="true"'));
});

test('with the assets inline, the page carries its stylesheet and bundle under the nonce, and a closing tag in them cannot end the element', () => {
  const html = webviewHtml(webview, ext, { compact: false, title: 't' }, { style: 'body { color: red; } /* </style> */', script: 'const s = "</script><script>alert(1)</script>"; go();' });
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  assert.match(csp, new RegExp(`style-src https://webview\\.test 'nonce-${nonce!.replace(/[+/]/g, '\\$&')}'; script-src 'nonce-`));
  assert.doesNotMatch(html, /<link|src="/);
  assert.equal(html.split(`<script nonce="${nonce}">`).length - 1, 2, 'the boot script and the bundle');
  assert.equal((html.match(/<\/script>/g) ?? []).length, 2, 'only their own closing tags');
  assert.equal((html.match(/<\/style>/g) ?? []).length, 1);
  assert.ok(html.includes(`<style nonce="${nonce}">body { color: red; }`));
  assert.ok(html.includes(`const s = "<\\/script><script>alert(1)<\\/script>"; go();`));
});
