/**
 * A submission on disk: each unit's files under `<run folder>/jobs/`, and the batch script and sbatch
 * options of a job array whose task i trains unit `units[i]`. The options go on sbatch's command line
 * (not `#SBATCH` lines) so paths with spaces need no quoting rules of sbatch's own.
 */
import { join } from 'node:path';
import type { ExecutorConfig } from '../../config/types';

export const JOBS_FOLDER = 'jobs';

export interface UnitFiles {
  job: string;
  metrics: string;
  status: string;
  stop: string;
}

export function unitFiles(runDir: string, id: number): UnitFiles {
  const base = join(runDir, JOBS_FOLDER, String(id));
  return { job: `${base}.json`, metrics: `${base}.metrics.jsonl`, status: `${base}.status.json`, stop: `${base}.stop` };
}

/** Where Slurm writes a task's stdout and stderr (`--output` below). */
export function taskOutputFile(runDir: string, task: string): string {
  return join(runDir, JOBS_FOLDER, `slurm-${task}.out`);
}

/** A word for a POSIX shell, single-quoted. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * `exec`, so the trainer is the batch step itself: a cancel's SIGTERM reaches it, and the step waits
 * for it (a shell in between would die first and leave Node running outside the job).
 */
export function batchScript(runDir: string, units: number[], trainerPath: string, settings: ExecutorConfig): string {
  const jobs = join(runDir, JOBS_FOLDER);
  return [
    '#!/bin/bash',
    ...(settings.setup ? [settings.setup] : []),
    `units=(${units.join(' ')})`,
    `exec node ${shellQuote(trainerPath)} --job-file ${shellQuote(jobs)}/"\${units[$SLURM_ARRAY_TASK_ID]}.json"`,
    '',
  ].join('\n');
}

/**
 * `--no-requeue`: a requeued task would train its jobs again from the start into files the host has
 * already read; a node failure ends the jobs instead, and a resume runs them again.
 */
export function sbatchOptions(runDir: string, name: string, count: number, settings: ExecutorConfig): string[] {
  const cap = settings.maxConcurrent ? `%${settings.maxConcurrent}` : '';
  return [
    `--job-name=losslab-${name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 40)}`,
    `--array=0-${count - 1}${cap}`,
    `--output=${join(runDir, JOBS_FOLDER, 'slurm-%A_%a.out')}`,
    `--chdir=${runDir}`,
    '--no-requeue',
    ...(settings.partition ? [`--partition=${settings.partition}`] : []),
    ...(settings.time ? [`--time=${settings.time}`] : []),
    ...(settings.cpusPerTask ? [`--cpus-per-task=${settings.cpusPerTask}`] : []),
    ...(settings.memory ? [`--mem=${settings.memory}`] : []),
    ...(settings.sbatchArgs ?? []),
  ];
}
