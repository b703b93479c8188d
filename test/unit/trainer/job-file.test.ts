import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobFile, JobStatus } from '../../../src/shared/protocol/job-file';
import { readJsonLines } from '../../../src/shared/runner/run-folder';
import type { MetricRecord } from '../../../src/shared/metrics';
import { DIST, resolveConfig, tinyConfigObject } from '../../helpers/config';

function jobFile(epochs: number, stopFirst = false): { path: string; work: JobFile } {
  const dir = mkdtempSync(join(tmpdir(), 'losslab-jobfile-'));
  const config = resolveConfig(tinyConfigObject({ train: { epochs, batchSize: 16, optimizer: { type: 'adam', lr: 0.01 } } }));
  const work: JobFile = {
    config, jobs: [{ arm: 'ce', seed: 3 }, { arm: 'mse', seed: 3 }], allowUserCode: false,
    metricsFile: join(dir, '0.metrics.jsonl'), statusFile: join(dir, '0.status.json'), stopFile: join(dir, '0.stop'),
  };
  if (stopFirst) writeFileSync(work.stopFile, '');
  const path = join(dir, '0.json');
  writeFileSync(path, JSON.stringify(work));
  return { path, work };
}

function start(path: string) {
  const child = spawn(process.execPath, [join(DIST, 'trainer.js'), '--job-file', path], { stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited };
}

const status = (work: JobFile): JobStatus => JSON.parse(readFileSync(work.statusFile, 'utf8')) as JobStatus;

test('--job-file: trains the jobs into its own metrics file and writes the status (started, results, done)', { timeout: 60_000 }, async () => {
  const { path, work } = jobFile(2);
  assert.equal(await start(path).exited, 0);
  const s = status(work);
  assert.equal(s.done, true);
  assert.equal(s.started?.backend, 'wasm');
  assert.deepEqual(s.results.map((r) => [r.arm, r.status]), [['ce', 'completed'], ['mse', 'completed']]);
  const arms = new Set(readJsonLines<MetricRecord>(work.metricsFile).map((r) => r.arm));
  assert.deepEqual([...arms], ['ce', 'mse']);
});

test('--job-file: SIGTERM is a cooperative stop (the step ends, the result is written, exit 0)', { timeout: 60_000 }, async () => {
  const { path, work } = jobFile(5000);
  const { child, exited } = start(path);
  const t0 = Date.now();
  while (readJsonLines<MetricRecord>(work.metricsFile).length < 3) {
    assert.ok(Date.now() - t0 < 30_000, 'records appear');
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
  const s = status(work);
  assert.equal(s.done, true);
  assert.equal(s.results[0].status, 'stopped');
  assert.match(s.results[0].reason ?? '', /stopped by request at step \d+/);
  assert.deepEqual(s.results[1], { ...s.results[1], arm: 'mse', status: 'stopped', reason: 'stopped before it started' });
});

test('--job-file: a stop file written before the trainer started means no training', { timeout: 60_000 }, async () => {
  const { path, work } = jobFile(5000, true);
  assert.equal(await start(path).exited, 0);
  assert.deepEqual(status(work).results.map((r) => r.reason), ['stopped before it started', 'stopped before it started']);
});
