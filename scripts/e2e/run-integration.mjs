// Runs the extension's integration tests inside a real VS Code (code-server + headless Chromium, see
// code-server.mjs) through @vscode/test-electron, then the browser-level screenshot test.
// Needs the bundles (node esbuild.mjs) and the cached install (bash scripts/e2e/install.sh).
// Usage: node scripts/e2e/run-integration.mjs [--only main|untrusted|screenshot|vsix|activation|analyse]...
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CACHE = join(ROOT, '.vscode-test');
const FIXTURES = join(ROOT, 'test', 'integration', 'fixtures');
const only = process.argv.flatMap((a, i, all) => (a === '--only' ? [all[i + 1]] : []));
const wants = (name) => only.length === 0 || only.includes(name);

for (const f of ['dist/extension.js', 'dist/trainer.js']) {
  if (!existsSync(join(ROOT, f))) {
    console.error(`${f} is missing: run 'node esbuild.mjs' first`);
    process.exit(1);
  }
}

const bundle = join(CACHE, 'build', 'integration', 'index.js');
await esbuild.build({
  entryPoints: [join(ROOT, 'test', 'integration', 'index.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['vscode'],
  // jsonc-parser's UMD build cannot be bundled; its ESM build can (as in esbuild.mjs).
  mainFields: ['module', 'main'],
  logLevel: 'warning',
});

function workspace(files) {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-ws-'));
  for (const [from, to] of files) {
    mkdirSync(dirname(join(dir, to)), { recursive: true });
    cpSync(from, join(dir, to), { recursive: true });
  }
  return dir;
}

// CI keeps only the tail of the output: every failure's message is repeated in the final summary.
const failures = join(mkdtempSync(join(tmpdir(), 'losslab-e2e-')), 'failures.txt');
const results = [];
async function suite(name, files, env = {}) {
  const ws = workspace(files);
  const resultsFile = join(ws, '.e2e-results.txt');
  writeFileSync(resultsFile, '');
  const started = Date.now();
  let code = 0;
  try {
    await runTests({
      vscodeExecutablePath: join(ROOT, 'scripts', 'e2e', 'code-wrapper.mjs'),
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: bundle,
      launchArgs: [ws],
      extensionTestsEnv: { LOSSLAB_E2E_SUITE: name, LOSSLAB_E2E_RESULTS: resultsFile, ...env },
    });
  } catch (e) {
    code = 1;
    console.error(String(e?.message ?? e));
  }
  const text = readFileSync(resultsFile, 'utf8');
  if (!text.includes(' failed') || /[1-9]\d* failed/.test(text)) code = 1;
  const last = text.trim().split('\n').pop();
  // The suite's own output was already forwarded; repeat it in full only when something went wrong.
  console.log(`\n=== ${name} (${Math.round((Date.now() - started) / 1000)} s): ${code === 0 ? last : `\n${text || '(no results: the suite did not run)'}`}`);
  results.push([name, code]);
  if (code !== 0) {
    const notOk = text.split('\n').filter((l) => l.startsWith('not ok') || /^ {4}\S/.test(l)).slice(0, 12);
    appendFileSync(failures, `${name}:\n${notOk.join('\n') || '(no results: the suite did not run)'}\n`);
  }
  rmSync(ws, { recursive: true, force: true });
}

const fixture = (f) => [join(FIXTURES, f), f];
if (wants('main')) {
  await suite('main', [
    fixture('tiny.losslab.json'),
    fixture('slow.losslab.json'),
    fixture('invalid.losslab.json'),
    fixture('arms.losslab.yaml'),
    fixture('crash.losslab.json'),
    fixture('tiny-sweep.losslab.json'),
    fixture('tiny-evolve.losslab.json'),
    [join(ROOT, 'examples', 'quickstart.losslab.json'), 'quickstart.losslab.json'],
  ]);
}
if (wants('untrusted')) {
  await suite('untrusted', [fixture('tiny.losslab.json'), [join(FIXTURES, 'past-run'), '.losslab/runs/20250101-120000-tiny']], { LOSSLAB_E2E_TRUST: '1' });
}
// Part of 'main' too; alone for quick iteration on Analyse Run….
if (only.includes('analyse')) {
  await suite('analyse', [fixture('tiny.losslab.json'), fixture('slow.losslab.json')]);
}
// Not part of the default set: `npm run bench` runs it to time activation (LOSSLAB_BENCH_OUT names the result file).
if (only.includes('activation')) {
  await suite('activation', [fixture('tiny.losslab.json')], process.env.LOSSLAB_BENCH_OUT ? { LOSSLAB_BENCH_OUT: process.env.LOSSLAB_BENCH_OUT } : {});
}
const screenshotTest = (env = {}) => spawnSync(process.execPath, [join(ROOT, 'scripts', 'e2e', 'screenshot.mjs')], { stdio: 'inherit', cwd: ROOT, env: { ...process.env, LOSSLAB_E2E_FAILURE_FILE: failures, ...env } });
if (wants('screenshot')) {
  const r = screenshotTest();
  results.push(['screenshot', r.status ?? 1]);
}
if (wants('vsix')) {
  // The user's path: package the .vsix, install it into a fresh code-server, run the quickstart from a
  // workspace holding only that example (no repository, no node_modules), and check the charts draw.
  const vsix = join(CACHE, 'loss-lab-e2e.vsix');
  rmSync(vsix, { force: true });
  const pack = spawnSync(process.execPath, [join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--readme-path', 'EXTENSION.md', '--out', vsix], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  let status = pack.status ?? 1;
  if (status === 0) {
    const shots = mkdtempSync(join(tmpdir(), 'losslab-vsix-shots-'));
    const r = screenshotTest({ LOSSLAB_E2E_VSIX: vsix, LOSSLAB_SCREENSHOT_DIR: shots });
    status = r.status ?? 1;
    rmSync(shots, { recursive: true, force: true });
  }
  results.push(['vsix', status]);
}
console.log(`\n${results.map(([n, c]) => `${c === 0 ? 'PASS' : 'FAIL'} ${n}`).join('\n')}`);
const failureText = existsSync(failures) ? readFileSync(failures, 'utf8').trim() : '';
if (failureText) console.log(`\nfailures:\n${failureText}`);
process.exit(results.some(([, c]) => c !== 0) ? 1 : 0);
