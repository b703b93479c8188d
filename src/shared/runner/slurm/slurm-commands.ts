/**
 * The Slurm client tools the executor calls (sbatch, squeue, scancel, scontrol, sacct), each with the
 * environment of this process (SLURM_CONF among it). Where final states come from depends on the
 * cluster: sacct when accounting storage is on, else the jobcomp/filetxt log when it is readable here.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { parseJobComp, parseSacct, parseSqueue, type TaskState } from './job-states';

const TIMEOUT_MS = 60_000;

export const SLURM_TOOLS = ['sbatch', 'squeue', 'scancel', 'scontrol'] as const;

/** The Slurm client tools not found on PATH. */
export function missingSlurmTools(path = process.env.PATH ?? ''): string[] {
  const dirs = path.split(delimiter).filter(Boolean);
  return SLURM_TOOLS.filter((tool) => !dirs.some((d) => existsSync(join(d, tool))));
}

function run(cmd: string, args: string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => resolve({ ok: !err, stdout: String(stdout), stderr: String(stderr || err?.message || '') }));
  });
}

/** Submits a batch script; the (array) job id. */
export async function sbatch(script: string, args: string[]): Promise<string> {
  const r = await run('sbatch', ['--parsable', ...args, script]);
  const id = r.stdout.trim().split(';')[0];
  if (!r.ok || !/^\d+$/.test(id)) throw new Error(`sbatch failed: ${r.stderr.trim() || r.stdout.trim()}`);
  return id;
}

/** The tasks of these array jobs that Slurm still knows (live, or ended less than MinJobAge ago); undefined when squeue failed. */
export async function queueStates(arrayIds: string[]): Promise<Map<string, TaskState> | undefined> {
  if (arrayIds.length === 0) return new Map();
  const r = await run('squeue', ['-h', '-r', '-t', 'all', '-j', arrayIds.join(','), '-o', '%i|%T|%r']);
  if (r.ok) return parseSqueue(r.stdout);
  // Every id is forgotten (squeue then fails as a whole): nothing is live.
  return /Invalid job id/i.test(r.stderr) ? new Map() : undefined;
}

/** scancel with these options; failures are ignored (a task that already ended cannot be cancelled). */
export async function scancel(options: string[], tasks: string[]): Promise<void> {
  if (tasks.length) await run('scancel', [...options, ...tasks]);
}

/** Where the cluster keeps final job states. */
export interface FinalSource {
  accounting: boolean;
  jobCompLog?: string;
}

export async function finalSource(): Promise<FinalSource> {
  const r = await run('scontrol', ['show', 'config']);
  const value = (key: string) => new RegExp(`^${key}\\s*=\\s*(\\S+)`, 'm').exec(r.stdout)?.[1];
  const jobComp = value('JobCompType') === 'jobcomp/filetxt' ? value('JobCompLoc') : undefined;
  return { accounting: (value('AccountingStorageType') ?? 'accounting_storage/none') !== 'accounting_storage/none', jobCompLog: jobComp };
}

/** Final states (with exit codes) of ended tasks of these array jobs, from sacct or the jobcomp log. */
export async function finalStates(arrayIds: string[], src: FinalSource): Promise<Map<string, TaskState>> {
  if (src.accounting) {
    const r = await run('sacct', ['-n', '-P', '-X', '-j', arrayIds.join(','), '-o', 'JobID,State,ExitCode']);
    if (r.ok) return parseSacct(r.stdout);
  }
  if (src.jobCompLog && existsSync(src.jobCompLog)) {
    try {
      return parseJobComp(readFileSync(src.jobCompLog, 'utf8'));
    } catch {
      return new Map();
    }
  }
  return new Map();
}
