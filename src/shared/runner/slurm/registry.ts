/**
 * `slurm.json` in a run folder: every job array submitted for it and which unit (jobs) each task
 * trains, so a host started later (`loss-lab attach`, `resume`) can find tasks still queued or running
 * and follow them instead of submitting the same jobs again. Replaced atomically on each change.
 */
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Job } from '../../protocol/trainer';
import { JOBS_FOLDER } from './batch-script';

export const SLURM_FILE = 'slurm.json';

export interface SubmittedUnit {
  id: number;
  /** `<array job id>_<task id>` */
  task: string;
  jobs: Job[];
}

export interface SlurmRegistry {
  arrays: { arrayJobId: string; submittedAt: string; units: SubmittedUnit[] }[];
}

export function readRegistry(runDir: string): SlurmRegistry {
  const path = join(runDir, SLURM_FILE);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as SlurmRegistry) : { arrays: [] };
}

export function recordArray(runDir: string, arrayJobId: string, units: SubmittedUnit[]): void {
  const reg = readRegistry(runDir);
  reg.arrays.push({ arrayJobId, submittedAt: new Date().toISOString(), units });
  const tmp = join(runDir, `.${SLURM_FILE}.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(reg, null, 2) + '\n');
  renameSync(tmp, join(runDir, SLURM_FILE));
}

/** The same jobs, whatever their order: how a unit is recognised again. */
export function jobsKey(jobs: Job[]): string {
  return jobs.map((j) => `${j.seed}\u0000${j.arm}`).sort().join('\u0001');
}

/** The latest submitted unit of each set of jobs. */
export function latestUnits(reg: SlurmRegistry): Map<string, SubmittedUnit> {
  const out = new Map<string, SubmittedUnit>();
  for (const a of reg.arrays) for (const u of a.units) out.set(jobsKey(u.jobs), u);
  return out;
}

/** The first unit id not used in the run folder (earlier submissions' files stay). */
export function firstFreeUnitId(runDir: string): number {
  const dir = join(runDir, JOBS_FOLDER);
  const used = existsSync(dir) ? readdirSync(dir).map((f) => /^(\d+)\.json$/.exec(f)?.[1]).filter((m): m is string => m !== undefined).map(Number) : [];
  return used.length ? Math.max(...used) + 1 : 0;
}
