/** Runs over time in one window: warm trainers reused, a run folder another writer holds, and shutdown (last: it stops the run manager). */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ActiveRun } from '../../src/extension/run/active-run';
import { SHUTDOWN_REASON } from '../../src/extension/run/run-manager';
import { readSummary } from '../../src/shared/runner/run-folder';
import { LOCK_FILE } from '../../src/shared/runner/run-lock';
import { lossLab, runToEnd, workspaceFile } from './api';
import { processGone, test, waitFor } from './harness';

/** Warm trainers left by the re-run test; shutdown must end them too. */
let warmPids: number[] = [];

test('a re-run trains in the previous run\'s warm trainer processes, which stay alive between runs', async () => {
  const api = await lossLab();
  const first = await runToEnd(api, workspaceFile('tiny.losslab.json'));
  const second = await runToEnd(api, workspaceFile('tiny.losslab.json'));
  const reused = [...second.trainerPids].filter((p) => first.trainerPids.has(p));
  assert.ok(reused.length > 0, `trainers of the first run ${[...first.trainerPids].join(', ')}, of the second ${[...second.trainerPids].join(', ')}`);
  for (const pid of second.trainerPids) assert.ok(!processGone(pid), `warm trainer ${pid} is alive after its run`);
  warmPids = [...second.trainerPids];
}, 120000);

test('Resume refuses a run folder another writer holds, saying so, and starts nothing', async () => {
  const api = await lossLab();
  const entry = api.history.entries().find((e) => e.status === 'stopped');
  assert.ok(entry, 'a stopped run exists (the Stop test)');
  const lock = join(entry.runDir, LOCK_FILE);
  const holder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command: 'loss-lab resume' };
  writeFileSync(lock, JSON.stringify(holder));
  try {
    const run = await vscode.commands.executeCommand<ActiveRun | undefined>('lossLab.resume', entry.runDir);
    assert.equal(run, undefined, 'no run started');
    assert.equal(api.runs.active.length, 0);
    assert.deepEqual(JSON.parse(readFileSync(lock, 'utf8')), holder, 'the other writer keeps its lock');
    assert.equal(readSummary(entry.runDir)?.status, 'stopped', 'the folder is untouched');
  } finally {
    rmSync(lock, { force: true });
  }
});

test('shutdown (deactivate) stops running trainers and waits for them', async () => {
  const api = await lossLab();
  const uri = workspaceFile('slow.losslab.json');
  const run = await vscode.commands.executeCommand<ActiveRun | undefined>('lossLab.run', uri);
  assert.ok(run);
  await waitFor('trainers to start', () => run.pids.length > 0 && run.records.length > 0, 60000);
  const pids = run.pids;
  await api.shutdown();
  for (const pid of pids) assert.ok(processGone(pid), `trainer ${pid} is gone after shutdown`);
  const summary = readSummary(run.runDir);
  assert.equal(summary?.status, 'stopped');
  assert.equal(summary?.reason, SHUTDOWN_REASON, 'the summary says why the run stopped (the restored panel shows it)');
  assert.equal(existsSync(join(run.runDir, LOCK_FILE)), false, 'the run folder\'s lock is released');
  assert.ok(warmPids.length > 0, 'the re-run test left warm trainers');
  for (const pid of warmPids) assert.ok(processGone(pid), `warm trainer ${pid} is gone after shutdown`);
}, 60000);
