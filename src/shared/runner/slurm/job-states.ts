/**
 * Slurm's view of a task (`<array job id>_<task id>`) and how it turns into arm results: parsing
 * `squeue` and `sacct` output and the jobcomp/filetxt log, and the status of jobs whose trainer never
 * reported one.
 */
import type { ArmResult } from '../../metrics';
import type { Job } from '../../protocol/trainer';
import { unreportedResult } from '../executor';

export interface TaskState {
  /** JobState, e.g. RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, NODE_FAIL, OUT_OF_MEMORY. */
  state: string;
  /** squeue's reason (e.g. JobArrayTaskLimit, JobLaunchFailure); 'None' is dropped. */
  reason?: string;
  /** rc:signal, e.g. 0:9 (killed by SIGKILL). Only the final sources (sacct, jobcomp) have it. */
  exitCode?: string;
}

const LIVE = new Set(['PENDING', 'CONFIGURING', 'RUNNING', 'COMPLETING', 'SUSPENDED', 'REQUEUED', 'REQUEUE_FED', 'REQUEUE_HOLD', 'RESIZING', 'SIGNALING', 'STAGE_OUT', 'STOPPED', 'RESV_DEL_HOLD']);

/** States in which the task ended without failing on its own: its jobs may be resumed. */
const INTERRUPTED = new Set(['CANCELLED', 'TIMEOUT', 'PREEMPTED', 'DEADLINE']);

export function isLive(state: string): boolean {
  return LIVE.has(state);
}

/**
 * `squeue -h -r -t all -o '%i|%T|%r'` → task id → state. Tasks an array has not split off yet (queued
 * ones cancelled together) are one line for the whole array, `A` or `A_[2-7]`: kept under `A`.
 */
export function parseSqueue(text: string): Map<string, TaskState> {
  const out = new Map<string, TaskState>();
  for (const line of text.split('\n')) {
    const [id, state, reason] = line.trim().split('|');
    if (!id || !state) continue;
    out.set(id.replace(/_\[.*\]$/, ''), { state, reason: reason && reason !== 'None' ? reason : undefined });
  }
  return out;
}

/** A task's own line, else its array's line for the tasks not split off. */
export function taskState(states: Map<string, TaskState>, task: string): TaskState | undefined {
  return states.get(task) ?? states.get(task.split('_')[0]);
}

/** `sacct -n -P -X -o JobID,State,ExitCode` → task id → state ("CANCELLED by 0" → CANCELLED). */
export function parseSacct(text: string): Map<string, TaskState> {
  const out = new Map<string, TaskState>();
  for (const line of text.split('\n')) {
    const [id, state, exitCode] = line.trim().split('|');
    if (!id || !state) continue;
    out.set(id, { state: state.split(' ')[0], exitCode });
  }
  return out;
}

const JOBCOMP_KEYS = ['JobState', 'ExitCode', 'ArrayJobId', 'ArrayTaskId'] as const;

/**
 * The jobcomp/filetxt log: one `key=value …` line per finished job, unquoted (a WorkDir or job name
 * with spaces breaks naive splitting, so only known keys are read, each up to the next space). An
 * array's last task reuses the master JobId, so tasks are keyed by ArrayJobId_ArrayTaskId; a later
 * line (a requeued task) replaces an earlier one.
 */
export function parseJobComp(text: string): Map<string, TaskState> {
  const out = new Map<string, TaskState>();
  for (const line of text.split('\n')) {
    const v: Partial<Record<(typeof JOBCOMP_KEYS)[number], string>> = {};
    for (const key of JOBCOMP_KEYS) v[key] = new RegExp(`(?:^| )${key}=(\\S*)`).exec(line)?.[1];
    if (!v.JobState || !v.ArrayJobId || v.ArrayTaskId === undefined || v.ArrayTaskId === '' || v.ArrayJobId === '0') continue;
    out.set(`${v.ArrayJobId}_${v.ArrayTaskId}`, { state: v.JobState, exitCode: v.ExitCode });
  }
  return out;
}

export function describeTask(task: string, s: TaskState): string {
  const extra = [s.exitCode && s.exitCode !== '0:0' && `exit code ${s.exitCode}`, s.reason && `reason ${s.reason}`].filter(Boolean).join(', ');
  return `Slurm job ${task} ended ${s.state}${extra ? ` (${extra})` : ''}`;
}

/**
 * The result of a job whose trainer did not report one. A stop asked for here, or a task Slurm
 * interrupted (cancelled, timed out, preempted), leaves the job `stopped` (a resume runs it again);
 * anything else is `crashed`. `detail` is what the trainer said (its error) and its output's tail.
 */
export function unreportedSlurmResult(job: Job, task: string | undefined, state: TaskState | undefined, stopRequested: boolean, detail?: string): ArmResult {
  const slurm = task && state ? describeTask(task, state) : task ? `Slurm job ${task} ended; its final state is unknown` : 'never submitted';
  if (stopRequested) return unreportedResult(job, 'stopped', `stopped by request before the trainer reported (${slurm})`);
  const status = state && INTERRUPTED.has(state.state) ? 'stopped' : 'crashed';
  const why = state?.state === 'COMPLETED' ? `the trainer exited without reporting this job (${slurm})` : slurm;
  return unreportedResult(job, status, [why, detail].filter(Boolean).join('\n'));
}

/** A trainer that stopped on a SIGTERM nobody here asked for was stopped by Slurm: say how. */
export function withSlurmReason(result: ArmResult, task: string, state: TaskState | undefined, stopRequested: boolean): ArmResult {
  if (result.status !== 'stopped' || stopRequested || !state) return result;
  return { ...result, reason: `${result.reason ?? 'stopped'} (${describeTask(task, state)})` };
}
