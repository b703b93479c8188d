/**
 * Where a resume continues each job it trains again: from the job's newest usable checkpoint, or from
 * scratch, and why. A checkpoint is usable when it is complete and undamaged, holds the job's training
 * state (shared/weights/checkpoint.ts), and metrics.jsonl holds every record the job had written
 * when it was saved (a host killed before it wrote the last batch leaves fewer). Planned before the
 * folder is claimed (read only); `apply` then prunes the folder: it keeps the kept jobs' records, the
 * resumed jobs' first records up to their checkpoint (those written before it was saved; a stopped
 * job's `final` record at the same step comes after), and removes the resumed jobs' checkpoint files
 * from after it (a later part of the abandoned attempt, or damaged) and temp files of a torn write.
 */
import { existsSync, readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ExperimentConfig } from '../config/types';
import type { ArmResult, MetricRecord } from '../metrics';
import type { Job, ResumePoint } from '../protocol/trainer';
import { NoTrainingState, readCheckpoint } from '../weights/checkpoint';
import { readMetrics, RUN_FILES, writeFileAtomic } from './run-folder';
import { recordsByJob } from './summary-truth';
import { TRIALS_FILE } from './sweep-folder';
import { checkpointFile, checkpointSteps, jobWeightsDir } from './weights-layout';

export interface ResumeDecision {
  job: Job;
  from?: ResumePoint & { records: number };
  /** "continues from step N", "starts again: …" (one line, for the CLI and the log). */
  note: string;
  /** Why it starts again, or which newer checkpoints were passed over (for the summary). */
  why?: string;
}

const keyOf = (j: { arm: string; seed: number }): string => `${j.seed}\u0000${j.arm}`;

/** Where one job continues; `records` are its records in metrics.jsonl, in file order. */
export function decideResume(runDir: string, config: ExperimentConfig, job: Job, records: readonly MetricRecord[]): ResumeDecision {
  const scratch = (why: string): ResumeDecision => ({ job, note: `starts again: ${why}`, why });
  if (records.length === 0) return { job, note: 'starts (it had not started)' };
  if (config.checkpoints?.every === undefined) return scratch('the config saves no checkpoints (checkpoints.every)');
  const dir = jobWeightsDir(runDir, config, job);
  const steps = dir ? checkpointSteps(dir).reverse() : [];
  if (!dir || steps.length === 0) return scratch('it had saved no checkpoint');
  const passed: string[] = [];
  for (const step of steps) {
    const path = checkpointFile(dir, step);
    const name = `step-${step}`;
    try {
      const ck = readCheckpoint(path, job);
      const n = ck.state.records;
      const upTo = records.filter((r) => r.step <= step).length;
      if (upTo < n || (n > 0 && records[n - 1].step > step)) {
        passed.push(`${name}: metrics.jsonl holds ${Math.min(upTo, n)} of the ${n} records written up to it`);
        continue;
      }
      const at: ResumePoint = { step, checkpoint: relative(runDir, path) };
      const skipped = passed.length ? ` (passed over ${passed.join('; ')})` : '';
      return { job: { ...job, resume: at }, from: { ...at, records: n }, note: `continues from step ${step}${skipped}`, why: passed.length ? `passed over ${passed.join('; ')}` : undefined };
    } catch (e) {
      if (e instanceof NoTrainingState) return scratch(`its checkpoints hold no training state: ${e.message}`);
      passed.push(`${name}: ${(e as Error).message}`);
    }
  }
  return scratch(`no usable checkpoint (${passed.join('; ')})`);
}

export class ResumePlan {
  readonly decisions = new Map<string, ResumeDecision>();

  /** `units`: the jobs that train again, each with the config it trains under. */
  constructor(
    private readonly runDir: string,
    units: readonly { job: Job; config: ExperimentConfig }[],
    private readonly kept: ReadonlySet<string>,
  ) {
    const byJob = recordsByJob(readMetrics(runDir));
    for (const u of units) this.decisions.set(keyOf(u.job), decideResume(runDir, u.config, u.job, byJob.get(keyOf(u.job)) ?? []));
  }

  /** The job as it is sent to the trainer (with where to continue). */
  jobFor(job: Job): Job {
    return this.decisions.get(keyOf(job))?.job ?? job;
  }

  /** A filter of records in file order: a kept job's, and a resumed job's first ones (up to its checkpoint). */
  recordFilter(): (r: { arm: string; seed: number }) => boolean {
    const seen = new Map<string, number>();
    return (r) => {
      const k = keyOf(r);
      if (this.kept.has(k)) return true;
      const from = this.decisions.get(k)?.from;
      if (!from) return false;
      const n = (seen.get(k) ?? 0) + 1;
      seen.set(k, n);
      return n <= from.records;
    };
  }

  /** The summary's account of the resume, added to a job's result. */
  annotate(result: ArmResult): ArmResult {
    const d = this.decisions.get(keyOf(result));
    if (!d) return result;
    return { ...result, ...(d.from ? { resumedFrom: d.from.step } : {}), ...(d.why ? { resumeNote: d.why } : {}) };
  }

  /**
   * Prunes the claimed folder (metrics.jsonl and trials.jsonl replaced atomically; an incomplete last
   * line dropped) and removes the resumed jobs' checkpoints from after their resume step.
   */
  apply(): void {
    const metrics = join(this.runDir, RUN_FILES.metrics);
    this.rewrite(metrics, this.recordFilter());
    this.rewrite(join(this.runDir, TRIALS_FILE), (r) => this.kept.has(keyOf(r)));
    for (const d of this.decisions.values()) {
      if (!d.from) continue;
      const dir = join(this.runDir, d.from.checkpoint, '..');
      for (const step of checkpointSteps(dir)) if (step > d.from.step) unlinkSync(checkpointFile(dir, step));
      // A trainer killed while writing a checkpoint leaves its temp file (replaceFile's `<file>.<pid>.tmp`).
      for (const f of readdirSync(dir)) if (/^step-\d+\.safetensors\.\d+\.tmp$/.test(f)) unlinkSync(join(dir, f));
    }
  }

  private rewrite(path: string, keep: (r: { arm: string; seed: number }) => boolean): void {
    if (!existsSync(path)) return;
    const lines = readFileSync(path, 'utf8').split('\n').filter((line) => {
      if (!line.trim()) return false;
      try {
        return keep(JSON.parse(line) as { arm: string; seed: number });
      } catch {
        return false;
      }
    });
    writeFileAtomic(this.runDir, path, lines.map((l) => l + '\n').join(''));
  }
}
