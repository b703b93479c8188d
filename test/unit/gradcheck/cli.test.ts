// Runs the built CLI (`node esbuild.mjs` first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, FIXTURES, tinyConfigObject } from '../../helpers/config';

const cli = join(DIST, 'cli.js');
const broken = join(FIXTURES, 'custom-loss', 'broken.losslab.json');

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, 'gradcheck', ...args], { encoding: 'utf8', timeout: 120_000 });
}

function writeConfig(obj: Record<string, unknown>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'losslab-gc-')), 'exp.losslab.json');
  writeFileSync(file, JSON.stringify(obj, null, 2));
  return file;
}

test('gradcheck: standard losses pass, exit 0, one row per tensor', () => {
  const r = run([writeConfig(tinyConfigObject()), '--backend', 'cpu']);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  assert.match(r.stdout, /backend cpu, 8 training rows/);
  assert.match(r.stdout, /^ce\s+loss\s+dense0\.weight\s+\S+\s+pass$/m);
  assert.match(r.stdout, /^mse\s+loss\s+out\.bias\s+\S+\s+pass$/m);
  assert.match(r.stdout, /all 2 arm\(s\) pass/);
});

test('gradcheck: the lying custom gradient fails, exit 1, naming the arm and its tensors', () => {
  const r = run([broken]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^broken\s+loss\s+dense0\.weight\s+\S+\s+FAIL$/m);
  assert.match(r.stdout, /FAIL: 1 of 2 arm\(s\)\n\s+broken: dense0\.weight, dense0\.bias, out\.weight, out\.bias/);
  assert.match(r.stdout, /^mse\s+loss\s+dense0\.weight\s+\S+\s+pass$/m);
});

test('gradcheck --arm checks only the named arms', () => {
  const r = run([broken, '--arm', 'mse']);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stdout, /^broken\s/m);
  assert.match(r.stdout, /all 1 arm\(s\) pass/);
});

test('gradcheck --json: parameters, batch, loss values and gradients as plain arrays', () => {
  const r = run([broken, '--json', '--rows', '4']);
  assert.equal(r.status, 1, r.stderr);
  const report = JSON.parse(r.stdout);
  for (const k of ['name', 'backend', 'task', 'seed', 'step', 'rows', 'perturb', 'tolerance', 'method', 'params', 'batch', 'arms', 'pass']) assert.ok(k in report, k);
  assert.equal(report.pass, false);
  assert.equal(report.rows, 4);
  assert.equal(report.batch.x.length, 4);
  assert.deepEqual(report.batch.y.map((row: number[]) => row.length), [1, 1, 1, 1]);
  assert.deepEqual(report.params.map((p: { name: string; shape: number[] }) => [p.name, p.shape]), [['dense0.weight', [1, 8]], ['dense0.bias', [8]], ['out.weight', [8, 1]], ['out.bias', [1]]]);
  const [mse, lying] = report.arms;
  assert.equal(mse.pass, true);
  assert.equal(lying.pass, false);
  const o = lying.objectives[0];
  assert.equal(typeof o.value, 'number');
  assert.equal(o.gradients[2].length, 8);
  assert.ok(o.tensors.every((t: { pass: boolean; relError: number }) => !t.pass && t.relError > 0.5));
  // The loss value can be recomputed from the printed parameters and batch (tanh MLP, MSE).
  const [w0, b0, w1, b1] = report.params.map((p: { values: unknown }) => p.values);
  const pred = report.batch.x.map((x: number[]) => b1[0] + b0.reduce((s: number, b: number, j: number) => s + Math.tanh(b + x[0] * w0[0][j]) * w1[j][0], 0));
  const mseValue = pred.reduce((s: number, p: number, i: number) => s + (p - report.batch.y[i][0]) ** 2, 0) / pred.length;
  assert.ok(Math.abs(mseValue - mse.objectives[0].value) < 1e-5 * Math.max(1, mseValue));
});

test('gradcheck: usage errors exit 2, an invalid config exits 1', () => {
  assert.equal(run([broken, '--arm', 'nope']).status, 2);
  assert.equal(run([broken, '--rows', '0']).status, 2);
  assert.equal(run([broken, '--backend', 'gpu']).status, 2);
  assert.equal(run([]).status, 2);
  const bad = run([writeConfig(tinyConfigObject({ losses: [{ type: 'msee' }] }))]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /unknown loss 'msee'/);
});
