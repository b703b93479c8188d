import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, tinyConfigObject } from '../../helpers/config';

const cli = join(DIST, 'cli.js');

function writeConfig(obj: Record<string, unknown>, text?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-cli-'));
  const file = join(dir, 'exp.losslab.json');
  writeFileSync(file, text ?? JSON.stringify(obj, null, 2));
  return file;
}

function run(args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 120_000 });
}

test('run: trains every arm, writes the run folder into --out, prints the table, exits 0', () => {
  const config = writeConfig(tinyConfigObject());
  const out = join(mkdtempSync(join(tmpdir(), 'losslab-out-')), 'my-run');
  const r = run(['run', config, '--out', out, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /arm\s+status\s+best val\/accuracy\s+final val\/accuracy\s+final train loss\s+time\s+steps\/s/);
  assert.match(r.stdout, /^ce\s+completed/m);
  assert.match(r.stdout, /^mse\s+completed/m);
  for (const f of ['config.resolved.json', 'metrics.jsonl', 'summary.json']) assert.ok(existsSync(join(out, f)), f);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.equal(summary.status, 'completed');
  assert.equal(summary.backend, 'wasm');
  assert.deepEqual(summary.arms.map((a: { arm: string }) => a.arm).sort(), ['ce', 'mse']);
});

test('run --arm trains only the named arm', () => {
  const config = writeConfig(tinyConfigObject());
  const out = mkdtempSync(join(tmpdir(), 'losslab-out-'));
  const r = run(['run', config, '--arm', 'mse', '--out', out, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.deepEqual(summary.arms.map((a: { arm: string }) => a.arm), ['mse']);
});

test('run: an invalid config prints file:line:column problems and exits 1', () => {
  const text = JSON.stringify(tinyConfigObject({ losses: [{ name: 'x', type: 'msee' }] }), null, 2);
  const config = writeConfig({}, text);
  const r = run(['run', config, '--quiet']);
  assert.equal(r.status, 1);
  const line = text.split('\n').findIndex((l) => l.includes('"msee"')) + 1;
  assert.match(r.stderr, new RegExp(`exp\\.losslab\\.json:${line}:\\d+: .*unknown loss 'msee'; valid losses: .*mse`));
});

test('run: a crashed arm (forced backend unavailable) exits 1 and says why', () => {
  const config = writeConfig(tinyConfigObject());
  const out = mkdtempSync(join(tmpdir(), 'losslab-out-'));
  const r = run(['run', config, '--backend', 'tensorflow', '--out', out, '--quiet']);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /crashed/);
  assert.match(r.stdout, /tfjs-node/);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.equal(summary.status, 'failed');
});

test('usage errors exit 2', () => {
  const config = writeConfig(tinyConfigObject());
  assert.equal(run([]).status, 0);
  assert.equal(run(['frobnicate']).status, 2);
  assert.equal(run(['run']).status, 2);
  assert.equal(run(['run', config, '--backend', 'gpu']).status, 2);
  assert.equal(run(['run', config, '--parallel', '0']).status, 2);
  assert.equal(run(['run', config, '--bogus']).status, 2);
  const r = run(['run', config, '--arm', 'nope', '--quiet']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown arm 'nope'; arms in this config: ce, mse/);
});

test('validate: exit 0 on a valid config, 1 with file:line:column on an invalid one', () => {
  const ok = run(['validate', writeConfig(tinyConfigObject())]);
  assert.equal(ok.status, 0, ok.stdout);
  const text = '{\n  "name": "x",\n  "data": { "dataset": "moons" },\n  "losses": [ { "type": "mse" } ],\n  "train": { "epochs": -1 }\n}\n';
  const bad = run(['validate', writeConfig({}, text)]);
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /exp\.losslab\.json:5:\d+: /);
});

test('Ctrl-C stops cooperatively: exit 130, arms stopped, metrics kept, no trainer left running', async () => {
  const config = writeConfig(tinyConfigObject({ train: { epochs: 5000, batchSize: 16, optimizer: { type: 'adam', lr: 0.01 } } }));
  const out = mkdtempSync(join(tmpdir(), 'losslab-int-'));
  const child = spawn(process.execPath, [cli, 'run', config, '--out', out, '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  // Wait until metrics are on disk, then interrupt the CLI only (not its children).
  const metrics = join(out, 'metrics.jsonl');
  const trainers = new Set<number>();
  for (let i = 0; i < 300 && !(existsSync(metrics) && readFileSync(metrics, 'utf8').split('\n').length > 30); i++) {
    await new Promise((r) => setTimeout(r, 100));
    const kids = spawnSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    kids.forEach((pid) => trainers.add(Number(pid)));
  }
  assert.ok(trainers.size > 0, 'the CLI forked trainer processes');
  const summaryBefore = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.equal(summaryBefore.status, 'running');
  child.kill('SIGINT');
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  assert.equal(code, 130);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.equal(summary.status, 'stopped');
  assert.ok(summary.arms.every((a: { status: string }) => a.status === 'stopped'));
  assert.ok(readFileSync(metrics, 'utf8').trim().split('\n').length > 30);
  assert.match(stdout, /stopped/);
  const alive = [...trainers].filter((pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  });
  assert.deepEqual(alive, [], 'no trainer process may outlive the CLI');
});
