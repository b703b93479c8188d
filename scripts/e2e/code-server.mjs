// Starts code-server (VS Code as a server, with a real Node extension host) and headless Chromium,
// as described in /work/shared/VSCODE-E2E.md. Used by the @vscode/test-electron wrapper and the
// screenshot test. Needs `bash scripts/e2e/install.sh` first.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CACHE = process.env.LOSSLAB_E2E_CACHE ?? join(ROOT, '.vscode-test');

export function e2ePaths() {
  const file = join(CACHE, 'paths.json');
  if (!existsSync(file)) throw new Error(`${file} is missing: run 'bash scripts/e2e/install.sh' first`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

const BASE_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * Starts code-server in its own process group on a free loopback port.
 * `trust`: enable Workspace Trust (folders start untrusted). `settings`: extra user settings.
 */
export async function startCodeServer({ trust = false, settings = {}, env = {}, vsix, log = () => {} } = {}) {
  const paths = e2ePaths();
  const tmp = mkdtempSync(join(tmpdir(), 'losslab-cs-'));
  const userData = join(tmp, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({ ...BASE_SETTINGS, 'security.workspace.trust.enabled': trust, ...settings }, null, 2),
  );
  for (const d of ['config', 'data', 'cache', 'extensions']) mkdirSync(join(tmp, d), { recursive: true });
  const nodeBin = dirname(paths.node);
  const serverEnv = {
    ...process.env,
    ...env,
    PATH: `${nodeBin}:${process.env.PATH ?? ''}`,
    EXTENSIONS_GALLERY: '{}',
    XDG_CONFIG_HOME: join(tmp, 'config'),
    XDG_DATA_HOME: join(tmp, 'data'),
    XDG_CACHE_HOME: join(tmp, 'cache'),
  };
  if (vsix) {
    // Installed like a user would: from the .vsix alone, into this server's empty extensions folder.
    const r = spawnSync(paths.node, [paths.codeServer, '--install-extension', vsix, '--extensions-dir', join(tmp, 'extensions'), '--user-data-dir', userData, '--config', '/dev/null'], { env: serverEnv, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`installing ${vsix} failed:\n${r.stdout}${r.stderr}`);
    log(r.stdout);
  }
  const port = await freePort();
  const args = [
    paths.codeServer,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--user-data-dir', userData,
    '--extensions-dir', join(tmp, 'extensions'),
    '--config', '/dev/null',
    '--vscode-option', 'enable-smoke-test-driver',
  ];
  if (!trust) args.push('--disable-workspace-trust');
  const child = spawn(paths.node, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: serverEnv });
  let output = '';
  const keep = (d) => {
    output = (output + d).slice(-20000);
    log(String(d));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((r) => child.on('exit', r));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`${base}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  let stopped;
  return {
    port,
    base,
    userData,
    /** The server's process group (the extension host and the trainers it forks are in it). */
    pgid: child.pid,
    output: () => output,
    /** Kills the whole process group (the server and any file watcher or extension host it started). */
    stop() {
      stopped ??= (async () => {
        const group = -child.pid;
        try { process.kill(group, 'SIGTERM'); } catch { /* already gone */ }
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        try { process.kill(group, 'SIGKILL'); } catch { /* already gone */ }
        if (process.env.LOSSLAB_E2E_KEEP === '1') process.stderr.write(`[e2e] kept code-server data in ${tmp}\n`);
        else rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
      })();
      return stopped;
    },
  };
}

/** Headless Debian Chromium through playwright-core; every non-loopback request is blocked. */
export async function launchBrowser({ colorScheme = 'dark', viewport = { width: 1400, height: 900 } } = {}) {
  const { chromium } = await import('playwright-core');
  const paths = e2ePaths();
  const profile = mkdtempSync(join(tmpdir(), 'losslab-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: paths.chromium,
    headless: true,
    colorScheme,
    viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) || url.protocol === 'data:' || url.protocol === 'blob:';
    return local ? route.continue() : route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
    },
  };
}

/** The workbench URL for a folder, optionally with a smoke-test payload (extension under development, tests). */
export function workbenchUrl(base, port, { folder, extensionDevelopmentPath, extensionTestsPath } = {}) {
  const q = new URLSearchParams();
  if (folder) q.set('folder', folder);
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${extensionDevelopmentPath}`]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://127.0.0.1:${port}${extensionTestsPath}`]);
  if (payload.length) q.set('payload', JSON.stringify(payload));
  return `${base}/?${q.toString()}`;
}
