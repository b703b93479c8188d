// What `loss-lab validate` and `help` load (esbuild.mjs splits the CLI): only dist/cli.js and the
// generated validator, plus yaml.js for a YAML config; never the runners, gradcheck (tfjs, sucrase) or
// anything from node_modules. Measured start-up times are in `npm run bench` (bench/cli-startup.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { DIST, ROOT } from '../../helpers/config';

const cli = join(DIST, 'cli.js');

/** The module files a CLI invocation loaded (require.cache at exit), relative to the repository. */
function loadedFiles(args: string[]): { files: string[]; status: number | null; stdout: string } {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-startup-'));
  const hook = join(dir, 'hook.js');
  const out = join(dir, 'loaded.json');
  writeFileSync(hook, `process.on('exit', () => require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(Object.keys(require.cache))));`);
  const r = spawnSync(process.execPath, ['-r', hook, cli, ...args], { encoding: 'utf8', timeout: 60_000 });
  const files = (JSON.parse(readFileSync(out, 'utf8')) as string[]).filter((f) => f !== hook).map((f) => relative(ROOT, f).split('\\').join('/'));
  return { files: files.sort(), status: r.status, stdout: r.stdout };
}

test('validate of a JSON config loads dist/cli.js and the generated validator only', () => {
  const r = loadedFiles(['validate', join(ROOT, 'examples', 'quickstart.losslab.json')]);
  assert.equal(r.status, 0, r.stdout);
  assert.deepEqual(r.files, ['dist/cli.js', 'dist/config-validator.js']);
});

test('dist/cli.js holds no runner, trainer, tfjs, sucrase or yaml code (its development build names each source it bundles)', (t) => {
  const sources = [...readFileSync(cli, 'utf8').matchAll(/^\/\/ (\S+\.[jt]s)$/gm)].map((m) => m[1]);
  if (sources.length === 0) return t.skip('dist/ is a production build (minified, no source names): run node esbuild.mjs');
  assert.ok(sources.some((s) => s.startsWith('src/cli/')), sources.slice(0, 5).join(', '));
  assert.deepEqual(sources.filter((s) => /^src\/(shared\/runner|trainer)\/|(^|\/)node_modules\/(@tensorflow|sucrase|yaml)\//.test(s)), []);
});

test('validate of a YAML config loads yaml.js as well', () => {
  const r = loadedFiles(['validate', join(ROOT, 'test', 'fixtures', 'config', 'tiny.losslab.yaml')]);
  assert.equal(r.status, 0, r.stdout);
  assert.deepEqual(r.files, ['dist/cli.js', 'dist/config-validator.js', 'dist/yaml.js']);
});

test('help loads dist/cli.js only; an invalid config still loads no runner', () => {
  assert.deepEqual(loadedFiles(['help']).files, ['dist/cli.js']);
  const bad = loadedFiles(['validate', join(ROOT, 'test', 'fixtures', 'config', 'schema-errors.losslab.json')]);
  assert.equal(bad.status, 1);
  assert.deepEqual(bad.files, ['dist/cli.js', 'dist/config-validator.js']);
});

test('compare loads the runners bundle (the lazily loaded commands are found next to cli.js)', () => {
  const r = loadedFiles(['compare', ROOT]);
  assert.equal(r.status, 2);
  assert.ok(r.files.includes('dist/cli-commands.js'), r.files.join(', '));
  assert.ok(!r.files.includes('dist/gradcheck.js'), r.files.join(', '));
});
