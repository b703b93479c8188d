#!/usr/bin/env node
// Stands in for the VS Code executable in @vscode/test-electron's runTests({ vscodeExecutablePath }):
// takes the usual arguments, runs the extension tests in code-server + headless Chromium, and exits
// with the code VS Code reports through `codeAutomationExit`. Env: LOSSLAB_E2E_TRUST=1 enables
// Workspace Trust (the folder opens untrusted); LOSSLAB_E2E_SETTINGS is JSON of extra user settings;
// LOSSLAB_E2E_TIMEOUT_MS bounds the whole run (default 10 minutes).
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CACHE, launchBrowser, startCodeServer, workbenchUrl } from './code-server.mjs';

const argv = process.argv.slice(2);
const opt = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const extensionDevelopmentPath = opt('extensionDevelopmentPath');
const extensionTestsPath = opt('extensionTestsPath');
const folder = argv.find((a) => !a.startsWith('-'));
if (!extensionDevelopmentPath || !extensionTestsPath) {
  process.stderr.write('usage: code-wrapper --extensionDevelopmentPath=<dir> --extensionTestsPath=<file> [folder]\n');
  process.exit(2);
}
const trust = process.env.LOSSLAB_E2E_TRUST === '1';
const settings = process.env.LOSSLAB_E2E_SETTINGS ? JSON.parse(process.env.LOSSLAB_E2E_SETTINGS) : {};
const timeoutMs = Number(process.env.LOSSLAB_E2E_TIMEOUT_MS ?? 600000);
const verbose = process.env.LOSSLAB_E2E_VERBOSE === '1';

let server;
let browser;
let code = 1;
try {
  server = await startCodeServer({ trust, settings, log: verbose ? (s) => process.stderr.write(`[code-server] ${s}`) : undefined });
  browser = await launchBrowser();
  const { page } = browser;
  let exit;
  const exited = new Promise((r) => (exit = r));
  await page.exposeFunction('codeAutomationExit', (c) => exit(Number(c) || 0));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
    (type === 'error' ? process.stderr : process.stdout).write(`${text}\n`);
  });
  if (verbose) page.on('console', (m) => process.stderr.write(`[browser ${m.type()}] ${m.text()}\n`));
  const url = workbenchUrl(server.base, server.port, {
    folder: folder ? resolve(folder) : undefined,
    extensionDevelopmentPath: resolve(extensionDevelopmentPath),
    extensionTestsPath: resolve(extensionTestsPath),
  });
  await page.goto(url);
  let timer;
  const timedOut = new Promise((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
  const result = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  if (result === 'timeout') {
    const shot = join(CACHE, 'failures', `timeout-${Date.now()}.png`);
    mkdirSync(join(CACHE, 'failures'), { recursive: true });
    await page.screenshot({ path: shot }).catch(() => {});
    process.stderr.write(`extension tests did not finish within ${timeoutMs} ms (screenshot: ${shot})\n`);
    if (!verbose) process.stderr.write(server.output().slice(-4000));
    code = 1;
  } else {
    code = result;
  }
} catch (e) {
  process.stderr.write(`${e?.stack ?? e}\n`);
  code = 1;
} finally {
  await browser?.close();
  await server?.stop();
}
process.exit(code);
