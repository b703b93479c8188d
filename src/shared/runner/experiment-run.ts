/**
 * Runs an experiment's jobs (arm × seed, or for a config with a `sweep` section, trial × seed) through
 * an executor, at most `maxParallel` at once, the rest queued, and keeps `summary.json` (and for
 * sweeps `trials.jsonl`) in the run folder up to date as jobs end. A run folder of a stopped or failed
 * run can be resumed: jobs that completed there are kept, the others run again, from their last
 * usable checkpoint where they have one (resume-plan.ts).
 * Used by the CLI and by the extension host (which must never train in-process).
 */
import { join } from 'node:path';
import { compareArms } from '../comparisons/compare-arms';
import type { ExperimentConfig } from '../config/types';
import type { MetricBatch } from '../metric-batch';
import type { ArmResult, RunSummary } from '../metrics';
import type { Job } from '../protocol/trainer';
import type { TrialRow } from '../sweep/types';
import { runPool, unreportedResult, type Executor, type StartedInfo, type TrialExecution } from './executor';
import { RunFolderError } from './fs-errors';
import { JsonLinesFile } from './json-lines-file';
import { LocalExecutor } from './local-executor';
import { readMetrics, readSummary, RUN_FILES, writeResolvedConfig, writeSummary } from './run-folder';
import { claimRunFolder, type RunFolderClaim } from './run-folder-claim';
import { holderAlive, readLock } from './run-lock';
import { reconstructSummary, recordsByJob, resultFromRecords, runStatus } from './summary-truth';
import { ResumePlan, type ResumeDecision } from './resume-plan';
import { unitsFor, type Unit } from './run-units';

export { jobsFor } from './run-units';
import { appendTrialRow, trialRow } from './sweep-folder';

export interface RunRequest {
  config: ExperimentConfig;
  configPath?: string;
  runDir: string;
  /** Path of the trainer bundle (`dist/trainer.js`), for the local executor. */
  trainerPath: string;
  /** Where the jobs train; a local executor with `maxParallel` slots when omitted. */
  executor?: Executor;
  /** Only these arms (by name; for sweeps, the base arms); all arms when omitted. */
  arms?: string[];
  maxParallel: number;
  /** Overrides the config's backend. */
  backend?: string;
  allowUserCode: boolean;
  /** Extra facts for summary.json, e.g. the extension or CLI version. */
  versions?: Record<string, string>;
  killAfterMs?: number;
  /** Continue the run already in `runDir`: its completed jobs are kept and not run again. */
  resume?: boolean;
  /** `runDir` already holds the config of an enclosing run (an evolution's retraining): leave its config.resolved.json alone. */
  folderPrepared?: boolean;
  /** The folder, already claimed (locked) by the caller, who releases it; otherwise the run claims it itself. */
  claim?: RunFolderClaim;
  /** A new run into a folder that holds an earlier run replaces it (otherwise it is refused). */
  force?: boolean;
  /** Who writes the folder, for the lock ("loss-lab run", "VS Code"). */
  writer?: string;
  /** On resume, train crashed and diverged jobs again too (by default only stopped and unstarted ones). */
  retryFailed?: boolean;
}

export interface RunListener {
  onJobStarted?(job: Job, info: StartedInfo): void;
  /** Records just appended to metrics.jsonl (the text as written, and a header per job; `parseBatch` gives the records). */
  onMetrics?(batch: MetricBatch): void;
  onArmDone?(result: ArmResult): void;
  onStderr?(job: Job, text: string): void;
  /** A sweep's (trial, seed) ended; the row was appended to `trials.jsonl`. */
  onTrialRow?(row: TrialRow): void;
}

const jobKey = (j: { arm: string; seed: number }): string => `${j.seed}\u0000${j.arm}`;

export class ExperimentRun {
  /** Every job of the run, including those a resume keeps from before. */
  readonly jobs: Job[];
  readonly summary: RunSummary;
  /** Jobs that run now (all of `jobs` unless resuming). */
  readonly pending: Job[];
  private readonly queue: Unit[];
  private readonly executor: Executor;
  /** The executor was made here (not passed in): close it when the run ends. */
  private readonly ownsExecutor: boolean;
  private readonly running = new Set<TrialExecution>();
  private stopping = false;
  private stopReason: string | undefined;
  private failure: string | undefined;
  private metrics: JsonLinesFile | undefined;
  /** Where a resume continues each job it trains again. */
  private readonly plan: ResumePlan | undefined;

  constructor(private readonly req: RunRequest, private readonly listener: RunListener = {}) {
    const unknown = (req.arms ?? []).filter((a) => !req.config.losses.some((l) => l.name === a));
    if (unknown.length) {
      throw new Error(`unknown arm ${unknown.map((a) => `'${a}'`).join(', ')}; arms in this config: ${req.config.losses.map((l) => l.name).join(', ')}`);
    }
    const units = unitsFor(req.config, req.arms);
    this.jobs = units.map((u) => u.job);
    const before = req.resume ? readRunSummary(req.runDir, req.claim !== undefined) : undefined;
    if (req.resume && !before) throw new Error(`nothing to resume in ${req.runDir}: it has no summary.json`);
    const kept = before ? this.keptFromBefore(before, units) : [];
    const keptKeys = new Set(kept.map(jobKey));
    this.queue = units.filter((u) => !keptKeys.has(jobKey(u.job)));
    this.pending = this.queue.map((u) => u.job);
    this.plan = req.resume ? new ResumePlan(req.runDir, this.queue, keptKeys) : undefined;
    this.ownsExecutor = !req.executor;
    this.executor = req.executor ?? new LocalExecutor({ trainerPath: req.trainerPath, slots: req.maxParallel, killAfterMs: req.killAfterMs });
    const now = new Date().toISOString();
    this.summary = {
      name: req.config.name,
      configPath: req.configPath,
      startedAt: before?.startedAt ?? now,
      status: 'running',
      backend: req.backend ?? req.config.backend,
      seed: req.config.seed,
      repeats: req.config.repeats,
      versions: { node: process.versions.node, ...req.versions },
      kind: req.config.sweep ? 'sweep' : req.config.evolve ? 'evolution' : 'experiment',
      requestedArms: req.arms,
      arms: kept,
    };
    if (req.resume) this.summary.resumedAt = now;
  }

  /** On resume: where each job that trains again continues (from a checkpoint, or from scratch) and why. */
  get resumeDecisions(): ResumeDecision[] {
    return this.plan ? [...this.plan.decisions.values()] : [];
  }

  /** On resume: which records of metrics.jsonl (in file order) the run keeps; the others are dropped when it starts. */
  keptRecords<T extends { arm: string; seed: number }>(records: readonly T[]): T[] {
    if (!this.plan) return [...records];
    const keep = this.plan.recordFilter();
    return records.filter(keep);
  }

  /** PIDs of the trainer processes alive now. */
  get pids(): number[] {
    return [...this.running].map((p) => p.pid).filter((p): p is number => p !== undefined);
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** A file error that ended the run (the disk filled, the folder became unwritable), if one did. */
  get fileError(): string | undefined {
    return this.failure;
  }

  /**
   * Claims the folder (one writer), trains the pending jobs, and writes the final summary. Throws
   * RunFolderRefused or RunFolderError (having written nothing) when the folder cannot be had, and
   * RunFolderError when even the final summary cannot be written.
   */
  async start(): Promise<RunSummary> {
    const { req } = this;
    const owned = req.claim || req.folderPrepared ? undefined : claimRunFolder(req.runDir, req.resume ? { kind: 'resume' } : { kind: 'new', force: req.force }, req.writer ?? 'loss-lab');
    try {
      if (this.plan) this.plan.apply();
      else if (!req.folderPrepared) writeResolvedConfig(req.runDir, req.config);
      this.metrics = new JsonLinesFile(join(req.runDir, RUN_FILES.metrics));
      writeSummary(req.runDir, this.summary);
      const slots = Math.min(req.maxParallel, this.executor.slots);
      try {
        await runPool(this.queue, slots, (unit) => this.runUnit(unit));
      } finally {
        if (this.ownsExecutor) await this.executor.close();
      }
      this.summary.status = this.failure ? 'failed' : runStatus(this.summary.arms, this.stopping);
      if (this.failure) this.summary.reason = this.failure;
      else if (this.stopReason && this.summary.status === 'stopped') this.summary.reason = this.stopReason;
      this.summary.finishedAt = new Date().toISOString();
      const comparisons = compareArms(req.config, this.summary);
      if (comparisons.length) this.summary.comparisons = comparisons;
      writeSummary(req.runDir, this.summary);
      return this.summary;
    } finally {
      this.metrics?.close();
      owned?.release();
    }
  }

  /** Cooperative stop of running jobs; queued jobs never start. `reason` is recorded in the summary (e.g. "stopped by window reload"). */
  stop(reason?: string): void {
    this.stopping = true;
    this.stopReason ??= reason;
    for (const p of this.running) p.stop();
  }

  /** Immediate kill (e.g. the host is shutting down and cannot wait). */
  kill(): void {
    this.stopping = true;
    for (const p of this.running) p.kill();
  }

  /**
   * Results of `runDir`'s earlier attempt that stay: completed jobs, and crashed or diverged ones unless
   * `retryFailed`. (The folder keeps only their records; start() prunes it once the folder is claimed.)
   */
  private keptFromBefore(before: RunSummary, units: Unit[]): ArmResult[] {
    const wanted = new Set(units.map((u) => jobKey(u.job)));
    const keep = (a: ArmResult) => a.status === 'completed' || (!this.req.retryFailed && (a.status === 'crashed' || a.status === 'diverged'));
    return before.arms.filter((a) => keep(a) && wanted.has(jobKey(a)));
  }

  private async runUnit(unit: Unit): Promise<void> {
    const { job } = unit;
    if (this.stopping) {
      this.record(unit, unreportedResult(job, 'stopped', 'stopped before it started'));
      return;
    }
    const exec = this.executor.submit(
      { config: unit.config, jobs: [this.plan?.jobFor(job) ?? job], runDir: this.req.runDir, backend: this.req.backend, allowUserCode: this.req.allowUserCode },
      {
        onStarted: (info) => {
          this.summary.backend = info.backend;
          this.listener.onJobStarted?.(job, info);
        },
        onMetrics: (batch) => this.received(batch),
        onResult: (r) => this.record(unit, r),
        onStderr: (text) => this.listener.onStderr?.(job, text),
      },
    );
    this.running.add(exec);
    if (this.stopping) exec.stop();
    await exec.results;
    this.running.delete(exec);
  }

  /**
   * The host is the one writer of metrics.jsonl: records are on disk before anyone is told of them. The
   * batch's text is appended as the trainer encoded it (whole lines), never parsed here.
   */
  private received(batch: MetricBatch): void {
    if (this.failure) return;
    try {
      this.metrics?.appendText(batch.text);
    } catch (e) {
      if (!(e instanceof RunFolderError)) throw e;
      this.fail(e.message);
      return;
    }
    this.listener.onMetrics?.(batch);
  }

  /** The run cannot go on (its folder cannot be written): stop every job, and say why in the summary. */
  private fail(message: string): void {
    this.failure ??= message;
    this.stop();
  }

  private record(unit: Unit, given: ArmResult): void {
    // A job that did not complete may have reported fewer numbers than its records show (or none at all);
    // once the folder cannot be written, the file holds less than the trainer reported: it is the truth.
    const base = this.failure ? { ...given, reason: `stopped: ${this.failure}`, steps: 0, epochs: 0, wallTimeSec: 0, best: {}, final: {} } : given;
    const truth = given.status === 'completed' && !this.failure ? given : resultFromRecords(base, recordsByJob(readMetrics(this.req.runDir)).get(jobKey(given)));
    const result = this.plan ? this.plan.annotate(truth) : truth;
    this.summary.arms.push(result);
    try {
      writeSummary(this.req.runDir, this.summary);
      if (unit.trial && this.req.config.sweep) {
        const row = trialRow(unit.trial, result, this.req.config.sweep.objective.metric);
        appendTrialRow(this.req.runDir, row);
        this.listener.onTrialRow?.(row);
      }
    } catch (e) {
      if (!(e instanceof RunFolderError)) throw e;
      this.fail(e.message);
    }
    this.listener.onArmDone?.(result);
  }
}

/**
 * A run folder's summary as it should read: one that says `running` although its writer is gone (a
 * killed host) is rebuilt from metrics.jsonl and marked `reconstructed`. Undefined without a summary.
 * `claimed`: the caller holds the folder's lock itself (so the summary's writer cannot be alive).
 */
export function readRunSummary(runDir: string, claimed = false): RunSummary | undefined {
  const summary = readSummary(runDir);
  if (!summary || summary.status !== 'running') return summary;
  const holder = claimed ? undefined : readLock(runDir);
  if (holder && holderAlive(holder)) return summary;
  const why = `rebuilt from metrics.jsonl: the run's writer${holder ? ` (pid ${holder.pid})` : ''} ended without finishing the summary`;
  return reconstructSummary(summary, readMetrics(runDir), why);
}
