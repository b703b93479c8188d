/** Trainers cannot hang the host or outlive it, even in a busy loop inside user code. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alive, childPids, killAll, readJson, runCli, startCli, strictLines, tempDir, waitFor, writeConfig } from './harness';

const LOOPING_LOSS = 'module.exports = { loss: (p, t, ctx) => { while (true) {} } };\n';

function loopingConfig(dir: string, stepTimeout: number): string {
  writeFileSync(join(dir, 'loop.js'), LOOPING_LOSS);
  return writeConfig(dir, {
    train: { epochs: 3, batchSize: 32, optimizer: { type: 'adam', lr: 0.01 }, stepTimeout },
    losses: [{ name: 'ce', type: 'ce' }, { name: 'loop', type: 'custom', module: 'loop.js' }, { name: 'mse', type: 'mse' }],
  });
}

test('a custom loss that loops forever: its arm is crashed after train.stepTimeout, the other arms complete', () => {
  const dir = tempDir('loop');
  const out = join(dir, 'run');
  const t0 = Date.now();
  const r = runCli(['run', loopingConfig(dir, 0.5), '--out', out, '--quiet', '--parallel', '2'], 60_000);
  assert.equal(r.status, 1, r.stderr);
  assert.ok(Date.now() - t0 < 30_000, 'ended well before the test timeout');
  const summary = readJson(join(out, 'summary.json'));
  assert.equal(summary.status, 'failed');
  const byArm = Object.fromEntries(summary.arms.map((a: { arm: string }) => [a.arm, a]));
  assert.equal(byArm.ce.status, 'completed');
  assert.equal(byArm.mse.status, 'completed');
  assert.equal(byArm.loop.status, 'crashed');
  assert.match(byArm.loop.reason, /^no progress for \d+(\.\d+)? s at step 0 \(train\.stepTimeout\); the trainer was ended/);
  assert.match(r.stdout, /loop \(seed 3\): crashed — no progress for/);
});

test('kill -9 of the host while a trainer is in a busy loop: no trainer is alive 10 s later', async () => {
  const dir = tempDir('orphan');
  const out = join(dir, 'run');
  const cli = startCli(['run', loopingConfig(dir, 1000), '--out', out, '--quiet', '--parallel', '2']);
  const trainers = new Set<number>();
  try {
    await waitFor('the looping arm to be stuck with its trainer alive', () => {
      childPids(cli.pid).forEach((p) => trainers.add(p));
      return trainers.size > 0 && existsSync(join(out, 'metrics.jsonl')) && readFileSync(join(out, 'metrics.jsonl'), 'utf8').includes('"arm":"ce"');
    });
    await new Promise((r) => setTimeout(r, 1500));
    childPids(cli.pid).forEach((p) => trainers.add(p));
    cli.child.kill('SIGKILL');
    await cli.exited;
    await new Promise((r) => setTimeout(r, 10_000));
    assert.deepEqual([...trainers].filter(alive), [], 'every trainer ended within 10 s of its host');
  } finally {
    killAll(trainers);
  }
  // The folder still says `running`; resume rebuilds its summary from metrics.jsonl and says so.
  assert.equal(readJson(join(out, 'summary.json')).status, 'running');
  writeFileSync(join(dir, 'loop.js'), 'module.exports = { loss: (p, t, ctx) => ctx.tf.mean(ctx.tf.square(ctx.tf.sub(p, t))) };\n');
  const resumed = runCli(['resume', out, '--quiet']);
  assert.match(resumed.stderr, /note: took over the stale lock of loss-lab run \(pid \d+/);
  assert.match(resumed.stderr, /summary\.json said 'running' but nothing writes the folder/);
  assert.equal(resumed.status, 0, resumed.stderr);
  const records = strictLines<{ arm: string; kind: string }>(join(out, 'metrics.jsonl'));
  assert.deepEqual(records.filter((r) => r.kind === 'final').map((r) => r.arm).sort(), ['ce', 'loop', 'mse']);
});

test('Ctrl-C with steps known to be long: the trainer finishes its step and writes its final record instead of being killed after 5 s', async () => {
  const dir = tempDir('slowstep');
  const out = join(dir, 'run');
  // Each loss evaluation sleeps 2.5 s: a step, the last validation and the test evaluation take 7.5 s together.
  writeFileSync(join(dir, 'slow.js'), 'const sleep = new Int32Array(new SharedArrayBuffer(4));\nmodule.exports = { loss: (p, t, ctx) => { Atomics.wait(sleep, 0, 0, 2500); return ctx.tf.mean(ctx.tf.square(ctx.tf.sub(p, t))); } };\n');
  const config = writeConfig(dir, {
    data: { dataset: 'sine', points: 80, noise: 0.1 },
    train: { epochs: 100, batchSize: 16, optimizer: { type: 'adam', lr: 0.01 } },
    losses: [{ name: 'slow', type: 'custom', module: 'slow.js' }],
  });
  const cli = startCli(['run', config, '--out', out, '--quiet']);
  const stepDone = () => existsSync(join(out, 'metrics.jsonl')) && strictLines<{ kind: string }>(join(out, 'metrics.jsonl')).some((r) => r.kind === 'train');
  await waitFor('a first step (its time is then known)', stepDone);
  cli.child.kill('SIGINT');
  assert.equal(await cli.exited, 130, cli.err());
  const records = strictLines<{ kind: string }>(join(out, 'metrics.jsonl'));
  assert.equal(records.at(-1)!.kind, 'final', 'the last step, evaluation and final record were written');
  const arm = readJson(join(out, 'summary.json')).arms[0];
  assert.equal(arm.status, 'stopped');
  assert.match(arm.reason, /stopped by request at step \d+/);
});
