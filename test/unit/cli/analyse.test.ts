/** `loss-lab hessian` and `loss-lab landscape` on a tiny trained run: output, files, refusals and exit codes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCommand } from '../../../src/cli/usage';
import { readAnalyses } from '../../../src/extension/panel/read-analyses';
import { analysisResultProblem } from '../../../src/shared/analysis/result-shape';
import { acquireRunLock } from '../../../src/shared/runner/run-lock';
import { DIST, tinyConfigObject } from '../../helpers/config';

const cli = join(DIST, 'cli.js');
const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000 });

function trained(overrides: Record<string, unknown> = {}, files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-analyse-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const config = join(dir, 'exp.losslab.json');
  writeFileSync(config, JSON.stringify(tinyConfigObject(overrides)));
  const r = run(['run', config, '--out', join(dir, 'run'), '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  return join(dir, 'run');
}

test('parsing: defaults, and a clear usage error for each bad option', () => {
  assert.deepEqual(parseCommand(['hessian', 'r', '--arm', 'ce']), { name: 'hessian', runDir: 'r', arm: 'ce', seed: undefined, split: 'train', top: 5, density: false, batch: undefined, executor: undefined, json: false });
  assert.deepEqual(parseCommand(['landscape', 'r']), { name: 'landscape', runDir: 'r', arms: undefined, seed: undefined, split: 'val', grid: 41, range: 1, dims: 2, directions: 'random', executor: undefined, json: false });
  for (const [args, message] of [
    [['hessian', 'r'], /exactly one --arm/],
    [['hessian', 'r', '--arm', 'a', '--top', '0'], /--top must be an integer from 1 to 100/],
    [['landscape', 'r', '--grid', '2'], /--grid must be an integer from 3 to 401/],
    [['landscape', 'r', '--dims', '3'], /--dims must be 1 or 2/],
    [['landscape', 'r', '--split', 'dev'], /--split must be train, val or test/],
    [['landscape', 'r', '--directions', 'pca'], /--directions must be random or arms/],
    [['landscape', 'r', 's'], /exactly one run folder/],
  ] as const) assert.throws(() => parseCommand([...args]), message);
});

test('hessian and landscape print a summary, write landscape/*.json (--json prints it), and exit 0', () => {
  const out = trained();
  try {
    const h = run(['hessian', out, '--arm', 'mse', '--top', '2', '--batch', '50']);
    assert.equal(h.status, 0, h.stderr);
    assert.match(h.stdout, /^Hessian of the task loss at 'mse' \(seed 3\), train split \(50 rows\), \d+ parameters; loss /m);
    assert.match(h.stdout, /^ {2}top eigenvalues: \S+, \S+$/m);
    assert.match(h.stdout, /written to landscape\/hessian-mse-seed-3-train\.json$/m);
    const l = run(['landscape', out, '--grid', '5', '--dims', '1', '--json']);
    assert.equal(l.status, 0, l.stderr);
    const printed = JSON.parse(l.stdout);
    assert.deepEqual(printed, JSON.parse(readFileSync(join(out, 'landscape', 'landscape-ce-seed-3-val.json'), 'utf8')));
    assert.deepEqual(printed.paths.map((p: { from: string; to: string }) => `${p.from}→${p.to}`), ['init→ce', 'init→mse', 'ce→mse']);
    assert.equal(printed.slice.loss.length, 1);
    assert.equal(printed.slice.y, undefined);
    const towards = run(['landscape', out, '--grid', '3', '--directions', 'arms', '--dims', '2']);
    assert.equal(towards.status, 1);
    assert.match(towards.stderr, /a 2-D slice towards other arms needs 3 arms; got 2/);
    // What the panel reads back: both real results pass the shape check, oldest first.
    const entries = readAnalyses(out, (line) => assert.fail(line));
    assert.deepEqual(entries.map((e) => e.file), ['landscape/hessian-mse-seed-3-train.json', 'landscape/landscape-ce-seed-3-val.json']);
    for (const e of entries) assert.equal(analysisResultProblem(e.result), undefined, e.file);
  } finally {
    rmSync(join(out, '..'), { recursive: true, force: true });
  }
});

test('refusals: not a run folder, an unknown arm, a run without weights — one line each, nothing written', () => {
  const out = trained({ checkpoints: { final: false } });
  try {
    const none = run(['hessian', out, '--arm', 'ce']);
    assert.equal(none.status, 1);
    assert.equal(none.stderr.trim(), `loss-lab hessian: ${out}: arm 'ce' (seed 3) has no saved final weights (the run was made before Loss Lab saved weights, or with checkpoints.final false)`);
    const unknown = run(['hessian', out, '--arm', 'cee']);
    assert.match(unknown.stderr, /no arm 'cee' in this run; its arms: ce, mse/);
    const notRun = run(['landscape', join(out, '..')]);
    assert.equal(notRun.status, 2);
    assert.match(notRun.stderr, /is not a Loss Lab run folder/);
  } finally {
    rmSync(join(out, '..'), { recursive: true, force: true });
  }
});

test('Ctrl-C stops an analysis between evaluations (exit 130, no result file); a run folder another process writes is refused (exit 3)', async () => {
  const out = trained();
  try {
    const child = spawn(process.execPath, [cli, 'landscape', out, '--grid', '301'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    await new Promise((r) => setTimeout(r, 2500));
    child.kill('SIGINT');
    const code = await new Promise((r) => child.on('exit', r));
    assert.equal(code, 130, stderr);
    assert.match(stderr, /loss-lab landscape: stopped: stopped by request after \d+ of 91504 evaluations/);
    assert.ok(!existsSync(join(out, 'landscape', 'landscape-ce-seed-3-val.json')));
    const lock = acquireRunLock(out, 'test holder');
    try {
      const refused = run(['hessian', out, '--arm', 'ce']);
      assert.equal(refused.status, 3, refused.stderr);
      assert.match(refused.stderr, /test holder/);
    } finally {
      lock.release();
    }
  } finally {
    rmSync(join(out, '..'), { recursive: true, force: true });
  }
});

test('an arm trained with a user-written loss is analysed with the task loss: its module is never loaded', () => {
  const module = "const tf = require('@tensorflow/tfjs-core');\nmodule.exports = { loss: (p, t) => tf.mean(tf.square(tf.sub(p, t))) };\n";
  const out = trained({ losses: [{ name: 'ce', type: 'ce' }, { name: 'mine', type: 'custom', module: 'mine.js' }] }, { 'mine.js': module });
  try {
    // Had the analysis loaded the module, it would now throw.
    writeFileSync(join(out, '..', 'mine.js'), "throw new Error('user code ran');\n");
    const l = run(['landscape', out, '--grid', '3', '--dims', '1', '--json']);
    assert.equal(l.status, 0, l.stderr);
    assert.deepEqual(JSON.parse(l.stdout).paths.map((p: { from: string; to: string }) => `${p.from}→${p.to}`), ['init→ce', 'init→mine', 'ce→mine']);
    const h = run(['hessian', out, '--arm', 'mine', '--top', '1', '--batch', '20']);
    assert.equal(h.status, 0, h.stderr);
  } finally {
    rmSync(join(out, '..'), { recursive: true, force: true });
  }
});
