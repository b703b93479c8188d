/** Shared by the Slurm tests: configs, runs through the Slurm executor, and comparing records with a local run. */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExecutorConfig, ExperimentConfig } from '../../src/shared/config/types';
import type { JobStatus } from '../../src/shared/protocol/job-file';
import { ExperimentRun, type RunListener } from '../../src/shared/runner/experiment-run';
import { readMetrics } from '../../src/shared/runner/run-folder';
import { JOBS_FOLDER } from '../../src/shared/runner/slurm/batch-script';
import { SlurmExecutor } from '../../src/shared/runner/slurm/slurm-executor';
import { DIST, tinyConfigObject } from '../helpers/config';

export const trainerPath = join(DIST, 'trainer.js');
export const cliPath = join(DIST, 'cli.js');

/** `loss-lab <args>` run to its end, its output as text. */
export function cli(args: string[], timeoutMs = 120_000): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', timeout: timeoutMs });
}

/** A tiny experiment; `epochs` sets how long each job trains (150 epochs ≈ 3 s here). */
export function slurmConfigObject(epochs: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return tinyConfigObject({ train: { epochs, batchSize: 32, optimizer: { type: 'adam', lr: 0.01 } }, ...overrides });
}

export function tempRunDir(prefix: string): string {
  return join(mkdtempSync(join(tmpdir(), `losslab-${prefix}-`)), 'run');
}

export function writeConfigFile(obj: Record<string, unknown>): string {
  const file = join(mkdtempSync(join(tmpdir(), 'losslab-slurm-config-')), 'exp.losslab.json');
  writeFileSync(file, JSON.stringify(obj, null, 2));
  return file;
}

/** The executor with quick polling (the defaults suit a real cluster's scheduler). */
export function slurmExecutor(settings: Partial<ExecutorConfig> = {}, adopt?: 'live' | 'all'): SlurmExecutor {
  return new SlurmExecutor({ trainerPath, settings: { type: 'slurm', ...settings }, pollMs: 150, queuePollMs: 400, killAfterMs: 15_000, adopt });
}

export function slurmRun(config: ExperimentConfig, runDir: string, executor: SlurmExecutor, listener: RunListener = {}, resume = false): ExperimentRun {
  return new ExperimentRun({ config, runDir, trainerPath, executor, maxParallel: executor.slots, allowUserCode: false, resume }, listener);
}

/** Each job's records in file order, without the time fields (wall-clock time and steps/s). */
export function recordsByJob(runDir: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of readMetrics(runDir)) {
    const { time: _time, ...rest } = r;
    const { stepsPerSec: _sps, ...values } = r.values;
    (out[`${r.arm} seed ${r.seed}`] ??= []).push(JSON.stringify({ ...rest, values }));
  }
  return out;
}

/** The status files the trainers wrote under `jobs/`. */
export function statuses(runDir: string): JobStatus[] {
  const dir = join(runDir, JOBS_FOLDER);
  return readdirSync(dir).filter((f) => f.endsWith('.status.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as JobStatus);
}

export { alive } from '../helpers/process';

export async function waitFor(what: string, ok: () => boolean, timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
