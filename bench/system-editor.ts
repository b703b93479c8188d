/**
 * The editor-side system figures, each from a child process: the extension bundle's load time (Node
 * with `vscode` stubbed), `activate`'s duration in a real VS Code (code-server, scripts/e2e), and the
 * chart panel's redraw cost in headless Chromium (test/browser/run.ts). Each returns its figures, or
 * undefined / the reason it could not measure; `system.ts` turns them into rows.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname as dirnameOf, join } from 'node:path';

const ROOT = join(__dirname, '..');
const DIST = join(ROOT, 'dist');

/** require() time of the extension bundle with `vscode` stubbed (loading only; activation needs VS Code). */
export function extensionLoadMs(): number | undefined {
  const bundle = join(DIST, 'extension.js');
  if (!existsSync(bundle)) return undefined;
  const script = `
    const M = require('module'); const load = M._load;
    const stub = new Proxy(function () {}, { get: (t, k) => (k === 'prototype' ? {} : stub), apply: () => stub, construct: () => ({}) });
    M._load = function (r, ...a) { return r === 'vscode' ? stub : load.call(this, r, ...a); };
    const t0 = performance.now(); require(${JSON.stringify(bundle)}); process.stdout.write(String(performance.now() - t0));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout) : undefined;
}

/** `activate`'s duration in a real VS Code (code-server, installed by scripts/e2e/install.sh), per launch; or why not. */
export function activationInVsCode(launches: number): { ms: number[]; vscode: string } | string {
  const install = spawnSync('bash', [join(ROOT, 'scripts', 'e2e', 'install.sh')], { encoding: 'utf8' });
  if (install.status !== 0) return `code-server could not be installed: ${(install.stderr || install.stdout).trim().split('\n').pop()}`;
  const ms: number[] = [];
  let vscode = '';
  for (let i = 0; i < launches; i++) {
    const out = join(mkdtempSync(join(tmpdir(), 'losslab-bench-')), 'activation.json');
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'e2e', 'run-integration.mjs'), '--only', 'activation'], { encoding: 'utf8', env: { ...process.env, LOSSLAB_BENCH_OUT: out } });
    if (r.status !== 0 || !existsSync(out)) return `the activation suite failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`;
    const got = JSON.parse(readFileSync(out, 'utf8')) as { activationMs: number; vscode: string };
    ms.push(got.activationMs);
    vscode = got.vscode;
    rmSync(dirnameOf(out), { recursive: true, force: true });
  }
  return { ms, vscode };
}

export interface PanelFigures {
  steps: number; series: number; updates: number; handleP50: number; frameP50: number; lastFrameP50: number; lastFrameP95: number;
  heapMB?: number; smoothingMs: number; xAxisMs: number; zoomMs?: number;
}

/** The chart page in headless Chromium with `steps` points per series streamed in (test/browser/run.ts --bench-only); or why not. */
export function panelRendering(steps: number): PanelFigures | string {
  if (!existsSync(join(DIST, 'webview.js'))) return 'dist/webview.js not built yet';
  const dir = mkdtempSync(join(tmpdir(), 'losslab-bench-'));
  const out = join(dir, 'panel.json');
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'browser', 'run.ts'), '--bench-only', `--bench-steps=${steps}`, `--bench-json=${out}`], { encoding: 'utf8', cwd: ROOT });
  const figures = r.status === 0 && existsSync(out) ? (JSON.parse(readFileSync(out, 'utf8')) as PanelFigures) : undefined;
  rmSync(dir, { recursive: true, force: true });
  return figures ?? `the browser harness failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`;
}
