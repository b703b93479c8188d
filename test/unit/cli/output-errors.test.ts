// loss-lab's own output failing: a gone reader (EPIPE) and a full device (ENOSPC, /dev/full) end in a
// clear exit, never a stack trace, and a run still finishes its folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, tinyConfigObject } from '../../helpers/config';

const cli = join(DIST, 'cli.js');
const NO_STACK = /^\s+at |Unhandled 'error'/m;
const FULL = '/dev/full';

function tinyConfig(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-out-'));
  const file = join(dir, 'exp.losslab.json');
  writeFileSync(file, JSON.stringify(tinyConfigObject(), null, 2));
  return { dir, file };
}

test('stdout on a full device: help, validate and run say so in one line and exit 1', { skip: !existsSync(FULL) }, () => {
  const { dir, file } = tinyConfig();
  for (const args of [['help'], ['validate', file], ['run', file, '--out', join(dir, 'run'), '--quiet']]) {
    const out = openSync(FULL, 'w');
    try {
      const r = spawnSync(process.execPath, [cli, ...args], { stdio: ['ignore', out, 'pipe'], encoding: 'utf8', timeout: 120_000 });
      assert.equal(r.status, 1, `${args[0]}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, NO_STACK, args[0]);
      assert.match(r.stderr, /^loss-lab: cannot write to standard output: ENOSPC$/m, args[0]);
    } finally {
      closeSync(out);
    }
  }
  // The run itself went to its end: its summary says completed.
  assert.equal(JSON.parse(readFileSync(join(dir, 'run', 'summary.json'), 'utf8')).status, 'completed');
});

test('a reader that goes away (EPIPE): no stack trace, the run completes and exits 0', async () => {
  const { dir, file } = tinyConfig();
  const child = spawn(process.execPath, [cli, 'run', file, '--out', join(dir, 'run')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // Close our end before anything is written: every write of the child fails with EPIPE.
  child.stdout.destroy();
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.doesNotMatch(stderr, NO_STACK);
  assert.equal(code, 0, stderr);
  assert.equal(JSON.parse(readFileSync(join(dir, 'run', 'summary.json'), 'utf8')).status, 'completed');
});
