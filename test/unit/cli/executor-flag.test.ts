import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCommand, UsageError } from '../../../src/cli/usage';
import { DIST, tinyConfigObject } from '../../helpers/config';

const cli = join(DIST, 'cli.js');

test('--executor for run and resume; attach takes a run folder', () => {
  assert.equal((parseCommand(['run', 'x.losslab.json', '--executor', 'slurm']) as { executor?: string }).executor, 'slurm');
  assert.equal((parseCommand(['resume', 'dir', '--executor', 'local']) as { executor?: string }).executor, 'local');
  assert.deepEqual(parseCommand(['attach', 'dir', '--quiet']), { name: 'attach', runDir: 'dir', quiet: true });
  assert.throws(() => parseCommand(['run', 'x', '--executor', 'pbs']), (e: Error) => e instanceof UsageError && /valid executors: local, slurm/.test(e.message));
  assert.throws(() => parseCommand(['attach', 'dir', '--executor', 'slurm']), UsageError);
});

test('attach refuses a run folder that was not submitted to Slurm', () => {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-attach-'));
  writeFileSync(join(dir, 'config.resolved.json'), JSON.stringify(tinyConfigObject()));
  writeFileSync(join(dir, 'summary.json'), JSON.stringify({ name: 'tiny', startedAt: '', status: 'stopped', backend: 'wasm', seed: 3, repeats: 1, versions: {}, arms: [] }));
  const r = spawnSync(process.execPath, [cli, 'attach', dir], { encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /has no slurm\.json: attach follows runs submitted to Slurm/);
});
