/** summary.json is true to metrics.jsonl for crashed, stopped and diverged arms, and after SIGTERM. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { childPids, killAll, LONG_TRAIN, readJson, runCli, startCli, strictLines, tempDir, waitFor, writeConfig } from './harness';

interface Rec { arm: string; seed: number; step: number; epoch: number; kind: string; values: Record<string, number> }
interface Arm { arm: string; status: string; reason?: string; steps: number; epochs: number; best: Record<string, number>; final: Record<string, number> }

/** The arm's summary numbers are what its records show. */
function assertTrueToRecords(arm: Arm, records: Rec[]): void {
  const mine = records.filter((r) => r.arm === arm.arm);
  assert.ok(mine.length > 0, `${arm.arm} has records`);
  assert.equal(arm.steps, Math.max(...mine.map((r) => r.step)), `${arm.arm}: steps`);
  assert.equal(arm.epochs, Math.max(...mine.map((r) => r.epoch)), `${arm.arm}: epochs`);
  const evals = mine.filter((r) => r.kind === 'eval');
  const accuracy = evals.map((r) => r.values['val/accuracy']);
  assert.equal(arm.best['val/accuracy'], Math.max(...accuracy), `${arm.arm}: best accuracy`);
  const final = mine.find((r) => r.kind === 'final')?.values ?? evals.at(-1)!.values;
  assert.equal(arm.final['val/accuracy'], final['val/accuracy'], `${arm.arm}: final accuracy`);
}

test('SIGTERM stops like Ctrl-C: exit 143, summary written, resume hint; stopped arms are true to their records', async () => {
  const dir = tempDir('term');
  const out = join(dir, 'run');
  const cli = startCli(['run', writeConfig(dir, LONG_TRAIN), '--out', out]);
  await waitFor('records', () => existsSync(join(out, 'metrics.jsonl')) && readFileSync(join(out, 'metrics.jsonl'), 'utf8').length > 20_000);
  cli.child.kill('SIGTERM');
  assert.equal(await cli.exited, 143);
  assert.match(cli.err(), new RegExp(`resume with: loss-lab resume ${out}`));
  const summary = readJson(join(out, 'summary.json'));
  assert.equal(summary.status, 'stopped');
  const records = strictLines<Rec>(join(out, 'metrics.jsonl'));
  for (const arm of summary.arms as Arm[]) {
    assert.equal(arm.status, 'stopped');
    assertTrueToRecords(arm, records);
  }
});

test('a trainer killed mid-run: its arm is crashed with the steps, best and final values that metrics.jsonl shows', async () => {
  const dir = tempDir('crash');
  const out = join(dir, 'run');
  const cli = startCli(['run', writeConfig(dir, { ...LONG_TRAIN, losses: [{ name: 'ce', type: 'ce' }] }), '--out', out, '--quiet']);
  let trainers: number[] = [];
  try {
    await waitFor('records', () => {
      trainers = childPids(cli.pid);
      return trainers.length > 0 && existsSync(join(out, 'metrics.jsonl')) && readFileSync(join(out, 'metrics.jsonl'), 'utf8').length > 20_000;
    });
    killAll(trainers);
    assert.equal(await cli.exited, 1);
  } finally {
    killAll([cli.pid, ...trainers]);
  }
  const arm = readJson(join(out, 'summary.json')).arms[0] as Arm;
  assert.equal(arm.status, 'crashed');
  assert.match(arm.reason!, /killed by SIGKILL/);
  assert.ok(arm.steps > 20, `steps ${arm.steps}`);
  assertTrueToRecords(arm, strictLines<Rec>(join(out, 'metrics.jsonl')));
});

test('an arm that diverges makes the run "diverged"; resume has nothing to do unless --retry-failed', () => {
  const dir = tempDir('nan');
  const out = join(dir, 'run');
  const config = writeConfig(dir, {
    data: { dataset: 'sine', points: 80, noise: 0.1 },
    model: { type: 'mlp', hidden: [8], activation: 'relu' },
    train: { epochs: 3, batchSize: 32, optimizer: { type: 'sgd', lr: 1e10 } },
    losses: [{ name: 'mse', type: 'mse' }],
  });
  const r = runCli(['run', config, '--out', out, '--quiet']);
  assert.equal(r.status, 1, r.stderr);
  const summary = readJson(join(out, 'summary.json'));
  assert.equal(summary.status, 'diverged');
  const arm = summary.arms[0] as Arm;
  assert.equal(arm.status, 'diverged');
  const records = strictLines<Rec>(join(out, 'metrics.jsonl'));
  assert.equal(arm.steps, Math.max(...records.map((x) => x.step)));
  const resume = runCli(['resume', out, '--quiet']);
  assert.equal(resume.status, 0);
  assert.match(resume.stderr, /nothing to resume: 1 job\(s\) crashed or diverged; 'loss-lab resume --retry-failed/);
  assert.equal(readJson(join(out, 'summary.json')).status, 'diverged', 'nothing rewritten');
  const retry = runCli(['resume', out, '--retry-failed', '--quiet']);
  assert.equal(retry.status, 1, 'it diverges again: the same seed, the same steps');
  assert.equal(strictLines<Rec>(join(out, 'metrics.jsonl')).filter((x) => x.kind === 'final').length, 1, 'the retried arm replaced its records');
});
