import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunFolderRefused } from '../../../src/shared/runner/fs-errors';
import { acquireRunLock, LOCK_FILE, readLock } from '../../../src/shared/runner/run-lock';

const dir = () => mkdtempSync(join(tmpdir(), 'losslab-lock-'));
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!;

test('a held lock refuses a second writer and names the holder; release removes it', () => {
  const d = dir();
  const lock = acquireRunLock(d, 'loss-lab run');
  assert.equal(readLock(d)?.pid, process.pid);
  assert.throws(() => acquireRunLock(d, 'loss-lab resume'), (e: Error) => e instanceof RunFolderRefused && new RegExp(`loss-lab run \\(pid ${process.pid} on ${hostname()}`).test(e.message));
  lock.release();
  assert.deepEqual(readdirSync(d), []);
});

test('a lock whose process is gone, or whose pid now belongs to another process, is taken over with a note', () => {
  for (const holder of [
    { pid: deadPid(), host: hostname(), startedAt: '2026-01-01T00:00:00Z', command: 'loss-lab run' },
    { pid: process.pid, host: hostname(), startedAt: '2026-01-01T00:00:00Z', command: 'loss-lab run', procStart: 1 },
  ]) {
    const d = dir();
    writeFileSync(join(d, LOCK_FILE), JSON.stringify(holder));
    const lock = acquireRunLock(d, 'loss-lab resume');
    assert.match(lock.tookOver ?? '', new RegExp(`took over the stale lock of loss-lab run \\(pid ${holder.pid}`));
    assert.equal(readLock(d)?.command, 'loss-lab resume');
    lock.release();
    assert.ok(!existsSync(join(d, LOCK_FILE)));
  }
});

test("a lock held on another host is never taken over; release never removes another writer's lock", () => {
  const d = dir();
  writeFileSync(join(d, LOCK_FILE), JSON.stringify({ pid: deadPid(), host: 'elsewhere', startedAt: 'x', command: 'loss-lab run' }));
  assert.throws(() => acquireRunLock(d, 'loss-lab run'), /being written by loss-lab run \(pid \d+ on elsewhere/);
  const e = dir();
  const mine = acquireRunLock(e, 'a');
  writeFileSync(join(e, LOCK_FILE), JSON.stringify({ pid: 1, host: hostname(), startedAt: 'x', command: 'b' }));
  mine.release();
  assert.equal(readLock(e)?.command, 'b');
});

const LOCK_MODULE = join(__dirname, '../../../src/shared/runner/run-lock.ts');

/** A process that waits for `go`, then tries to take the lock of `d`, holds it 400 ms and prints won/refused. */
function contender(d: string, go: string, ready: string) {
  const script = `
    const { existsSync, writeFileSync } = require('node:fs');
    const { acquireRunLock } = require(${JSON.stringify(LOCK_MODULE)});
    writeFileSync(${JSON.stringify(ready)} + process.pid, '');
    const nap = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    while (!existsSync(${JSON.stringify(go)})) nap(1);
    try {
      const lock = acquireRunLock(${JSON.stringify(d)}, 'contender');
      nap(400);
      lock.release();
      process.stdout.write('won');
    } catch (e) {
      process.stdout.write(e.constructor.name === 'RunFolderRefused' ? 'refused' : 'error: ' + e.message);
    }`;
  return spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
}

test('processes racing to take over one stale lock: exactly one wins, every time', async () => {
  const rounds = Number(process.env.LOCK_ROUNDS ?? 4);
  const contenders = 5;
  for (let round = 0; round < rounds; round++) {
    const d = dir();
    const sync = dir();
    writeFileSync(join(d, LOCK_FILE), JSON.stringify({ pid: deadPid(), host: hostname(), startedAt: 'x', command: 'crashed run' }));
    const go = join(sync, 'go');
    const children = Array.from({ length: contenders }, () => contender(d, go, join(sync, 'ready-')));
    const outcomes = children.map((c) => new Promise<string>((resolve) => {
      let out = '';
      c.stdout!.on('data', (b: Buffer) => (out += b.toString()));
      c.on('close', () => resolve(out));
    }));
    while (readdirSync(sync).length < contenders) await new Promise((r) => setTimeout(r, 20));
    writeFileSync(go, '');
    const results = await Promise.all(outcomes);
    assert.deepEqual(results.filter((r) => r !== 'won' && r !== 'refused'), [], `round ${round}`);
    assert.equal(results.filter((r) => r === 'won').length, 1, `round ${round}: ${results.join(', ')}`);
    assert.ok(!existsSync(join(d, LOCK_FILE)), `round ${round}: the winner released its lock`);
  }
});
