/** One writer per run folder, and a run never mixes with another: refused, replaced, or locked out. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LONG_TRAIN, NO_STACK, readJson, runCli, startCli, strictLines, tempDir, waitFor, writeConfig } from './harness';

/** Every file under `dir` (weights/ included) with its bytes, as text. */
const snapshot = (dir: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(dir).sort().flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? Object.entries(snapshot(p)).map(([k, v]) => [`${f}/${k}`, v]) : [[f, readFileSync(p, 'latin1')]];
    }),
  );

test('re-running into a used --out is refused with exit 3 and changes nothing; --force replaces the run', () => {
  const dir = tempDir('rerun');
  const config = writeConfig(dir);
  const out = join(dir, 'run');
  assert.equal(runCli(['run', config, '--out', out, '--quiet']).status, 0);
  const before = snapshot(out);
  const again = runCli(['run', config, '--out', out, '--quiet']);
  assert.equal(again.status, 3, again.stderr);
  assert.match(again.stderr, /already holds a run; use --force to replace it, or 'loss-lab resume .*' to finish it/);
  assert.doesNotMatch(again.stderr, NO_STACK);
  assert.deepEqual(snapshot(out), before, 'the earlier run is untouched');
  // A failing run (invalid config) into the used folder changes nothing either.
  writeFileSync(config, JSON.stringify({ name: 'x', data: { dataset: 'moons' }, losses: [{ name: 'a', type: 'nope' }] }));
  assert.equal(runCli(['run', config, '--out', out, '--force', '--quiet']).status, 1);
  assert.deepEqual(snapshot(out), before);
  const forced = runCli(['run', writeConfig(dir, { seed: 9 }), '--out', out, '--force', '--quiet']);
  assert.equal(forced.status, 0, forced.stderr);
  const finals = strictLines<{ kind: string; arm: string; seed: number }>(join(out, 'metrics.jsonl')).filter((r) => r.kind === 'final');
  assert.deepEqual(finals.map((r) => `${r.arm}/${r.seed}`).sort(), ['ce/9', 'mse/9'], 'one run, the new one');
  assert.equal(readJson(join(out, 'summary.json')).seed, 9);
});

test('--force never clears a folder that is not a run folder; --out naming a file or an impossible path is one clear line', () => {
  const dir = tempDir('foreign');
  const config = writeConfig(dir);
  const foreign = join(dir, 'notes');
  writeFileSync(join(dir, 'notes.txt'), 'x');
  const r = runCli(['run', config, '--out', dir, '--force', '--quiet']);
  assert.equal(r.status, 3);
  assert.match(r.stderr, /is not empty and is not a Loss Lab run folder/);
  assert.ok(existsSync(join(dir, 'notes.txt')) && existsSync(config));
  writeFileSync(foreign, 'a file');
  for (const [out, message] of [
    [foreign, /cannot use .*notes as the run folder: it is a file, not a folder/],
    [join(foreign, 'sub'), /a part of the path is a file, not a folder/],
    ['/proc/losslab-x/run', /cannot create the folder \/proc\/losslab-x: no such file or folder/],
  ] as const) {
    const bad = runCli(['run', config, '--out', out, '--quiet'], 20_000);
    assert.equal(bad.status, 4, `${out}: ${bad.stderr}`);
    assert.match(bad.stderr, message);
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  }
});

test('two writers on one folder: the second run and a resume of the live run are refused (exit 3), naming the holder; the first run is intact', async () => {
  const dir = tempDir('two');
  const config = writeConfig(dir, LONG_TRAIN);
  const out = join(dir, 'run');
  const first = startCli(['run', config, '--out', out, '--quiet']);
  try {
    await waitFor('the first run to write records', () => existsSync(join(out, 'metrics.jsonl')) && readFileSync(join(out, 'metrics.jsonl'), 'utf8').length > 2000);
    const second = runCli(['run', config, '--out', out, '--force', '--quiet']);
    assert.equal(second.status, 3, second.stderr);
    assert.match(second.stderr, new RegExp(`is being written by loss-lab run \\(pid ${first.pid} on `));
    const resume = runCli(['resume', out, '--quiet']);
    assert.equal(resume.status, 3, resume.stderr);
    assert.match(resume.stderr, /one writer per run folder/);
  } finally {
    first.child.kill('SIGINT');
  }
  assert.equal(await first.exited, 130);
  const records = strictLines<{ arm: string; seed: number; kind: string }>(join(out, 'metrics.jsonl'));
  assert.deepEqual([...new Set(records.map((r) => `${r.arm}/${r.seed}`))].sort(), ['ce/3', 'mse/3']);
  assert.equal(records.filter((r) => r.kind === 'final').length, 2, 'one final record per arm: nothing of a second run');
  const summary = readJson(join(out, 'summary.json'));
  assert.equal(summary.status, 'stopped');
  assert.equal(summary.arms.length, 2);
  assert.ok(!existsSync(join(out, '.losslab.lock')), 'the lock is released at the end');
});
