/** A full or read-only disk: a clean one-line error, no torn line, no stray file, and `resume` finishes the run once space is back. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { canMount, mountTmpfs, NO_STACK, readJson, remount, runCli, strictLines, tempDir, unmount, writeConfig } from './harness';

const root = process.getuid?.() === 0;
const skip = root ? false : 'mounting a tmpfs needs root (CI runs as root)';

test('disk full mid-run: exit 4 with one line, every metrics line valid, no temp files, summary failed with the reason; resume completes after space returns', { skip }, () => {
  assert.ok(canMount(), 'tmpfs mounts work as root');
  const dir = tempDir('full');
  const config = writeConfig(dir, { train: { epochs: 150, batchSize: 16, optimizer: { type: 'adam', lr: 0.01 } }, losses: [{ name: 'ce', type: 'ce' }, { name: 'mse', type: 'mse' }, { name: 'focal', type: 'focal' }] });
  const disk = join(dir, 'disk');
  mkdirSync(disk);
  assert.ok(mountTmpfs(disk, '420k'));
  try {
    const out = join(disk, 'run');
    const r = runCli(['run', config, '--out', out, '--quiet', '--parallel', '1']);
    assert.equal(r.status, 4, r.stderr);
    assert.match(r.stderr, /cannot write .*metrics\.jsonl: no space left on the device/);
    assert.match(r.stderr, /resume with: loss-lab resume /);
    assert.doesNotMatch(r.stderr + r.stdout, NO_STACK);
    const records = strictLines<{ arm: string; step: number; kind: string }>(join(out, 'metrics.jsonl'));
    assert.ok(records.length > 10);
    assert.deepEqual(readdirSync(out).filter((f) => f.endsWith('.tmp') || f.startsWith('.losslab')), [], 'no temp, lock or reserve file left');
    const summary = readJson(join(out, 'summary.json'));
    assert.equal(summary.status, 'failed');
    assert.match(summary.reason, /no space left/);
    for (const arm of summary.arms) {
      assert.equal(arm.status, 'stopped', `${arm.arm}: resumable`);
      const steps = Math.max(0, ...records.filter((x) => x.arm === arm.arm).map((x) => x.step));
      assert.equal(arm.steps, steps, `${arm.arm}: summary steps = what metrics.jsonl shows`);
    }
    remount(disk, 'size=16m');
    const resumed = runCli(['resume', out, '--quiet']);
    assert.equal(resumed.status, 0, resumed.stderr);
    const after = readJson(join(out, 'summary.json'));
    assert.equal(after.status, 'completed');
    const finals = strictLines<{ arm: string; kind: string }>(join(out, 'metrics.jsonl')).filter((x) => x.kind === 'final');
    assert.deepEqual(finals.map((x) => x.arm).sort(), ['ce', 'focal', 'mse']);
  } finally {
    unmount(disk);
  }
});

test('a read-only file system is one clear line with exit 4, for a new folder and for an existing run folder', { skip }, () => {
  const dir = tempDir('ro');
  const config = writeConfig(dir);
  const disk = join(dir, 'disk');
  mkdirSync(disk);
  assert.ok(mountTmpfs(disk, '4m'));
  try {
    assert.equal(runCli(['run', config, '--out', join(disk, 'done'), '--quiet']).status, 0);
    remount(disk, 'ro');
    const fresh = runCli(['run', config, '--out', join(disk, 'new'), '--quiet']);
    assert.equal(fresh.status, 4);
    assert.equal(fresh.stderr.trim(), `loss-lab: cannot create the folder ${join(disk, 'new')}: read-only file system`);
    const resume = runCli(['resume', join(disk, 'done'), '--quiet']);
    assert.equal(resume.status, 4, resume.stderr);
    assert.match(resume.stderr, /read-only file system/);
    assert.doesNotMatch(resume.stderr, NO_STACK);
  } finally {
    unmount(disk);
  }
});
