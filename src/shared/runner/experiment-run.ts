/**
 * Runs an experiment's jobs (arm × seed, or for a config with a `sweep` section, trial × seed) through
 * an executor, at most `maxParallel` at once, the rest queued, and keeps `summary.json` (and for
 * sweeps `trials.jsonl`) in the run folder up to date as jobs end. A run folder of a stopped or failed
 * run can be resumed: jobs that completed there are kept, the others run again.
 * Used by the CLI and by the extension host (which must never train in-process).
 */
import { compareArms } from '../comparisons/compare-arms';
import type { ExperimentConfig } from '../config/types';
import type { ArmResult, MetricRecord, RunSummary } from '../metrics';
import type { Job } from '../protocol/trainer';
import { expandSweep } from '../sweep/expand';
import type { Trial, TrialRow } from '../sweep/types';
import { runPool, unreportedResult, type Executor, type StartedInfo, type TrialExecution } from './executor';
import { LocalExecutor } from './local-executor';
import { prepareRunDir, readSummary, writeSummary } from './run-folder';
import { appendTrialRow, keepCompletedRecords, trialRow } from './sweep-folder';

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
}

export interface RunListener {
  onJobStarted?(job: Job, info: StartedInfo): void;
  onMetrics?(records: MetricRecord[]): void;
  onArmDone?(result: ArmResult): void;
  onStderr?(job: Job, text: string): void;
  /** A sweep's (trial, seed) ended; the row was appended to `trials.jsonl`. */
  onTrialRow?(row: TrialRow): void;
}

/** One job with the config it trains under (a sweep trial's own config, or the experiment's). */
interface Unit {
  job: Job;
  config: ExperimentConfig;
  trial?: Trial;
}

export function jobsFor(config: ExperimentConfig, arms?: string[]): Job[] {
  return unitsFor(config, arms).map((u) => u.job);
}

function unitsFor(config: ExperimentConfig, arms?: string[]): Unit[] {
  const units: Unit[] = [];
  if (config.sweep) {
    const trials = expandSweep(config).filter((t) => !arms || arms.includes(t.baseArm));
    for (let r = 0; r < config.repeats; r++) {
      for (const trial of trials) units.push({ job: { arm: trial.name, seed: config.seed + r }, config: trial.config, trial });
    }
    return units;
  }
  const names = arms ?? config.losses.map((l) => l.name);
  for (let r = 0; r < config.repeats; r++) {
    for (const arm of names) units.push({ job: { arm, seed: config.seed + r }, config });
  }
  return units;
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

  constructor(private readonly req: RunRequest, private readonly listener: RunListener = {}) {
    const unknown = (req.arms ?? []).filter((a) => !req.config.losses.some((l) => l.name === a));
    if (unknown.length) {
      throw new Error(`unknown arm ${unknown.map((a) => `'${a}'`).join(', ')}; arms in this config: ${req.config.losses.map((l) => l.name).join(', ')}`);
    }
    const units = unitsFor(req.config, req.arms);
    this.jobs = units.map((u) => u.job);
    const kept = req.resume ? this.completedBefore(units) : [];
    const keptKeys = new Set(kept.map(jobKey));
    this.queue = units.filter((u) => !keptKeys.has(jobKey(u.job)));
    this.pending = this.queue.map((u) => u.job);
    this.ownsExecutor = !req.executor;
    this.executor = req.executor ?? new LocalExecutor({ trainerPath: req.trainerPath, slots: req.maxParallel, killAfterMs: req.killAfterMs });
    this.summary = {
      name: req.config.name,
      configPath: req.configPath,
      startedAt: new Date().toISOString(),
      status: 'running',
      backend: req.backend ?? req.config.backend,
      seed: req.config.seed,
      repeats: req.config.repeats,
      versions: { node: process.versions.node, ...req.versions },
      kind: req.config.sweep ? 'sweep' : req.config.evolve ? 'evolution' : 'experiment',
      requestedArms: req.arms,
      arms: kept,
    };
    if (req.resume) this.summary.resumedAt = this.summary.startedAt;
  }

  /** PIDs of the trainer processes alive now. */
  get pids(): number[] {
    return [...this.running].map((p) => p.pid).filter((p): p is number => p !== undefined);
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  async start(): Promise<RunSummary> {
    if (!this.req.resume && !this.req.folderPrepared) prepareRunDir(this.req.runDir, this.req.config);
    writeSummary(this.req.runDir, this.summary);
    const slots = Math.min(this.req.maxParallel, this.executor.slots);
    try {
      await runPool(this.queue, slots, (unit) => this.runUnit(unit));
    } finally {
      if (this.ownsExecutor) await this.executor.close();
    }
    const statuses = this.summary.arms.map((a) => a.status);
    this.summary.status = this.stopping || statuses.includes('stopped') ? 'stopped' : statuses.includes('crashed') ? 'failed' : 'completed';
    this.summary.finishedAt = new Date().toISOString();
    const comparisons = compareArms(this.req.config, this.summary);
    if (comparisons.length) this.summary.comparisons = comparisons;
    writeSummary(this.req.runDir, this.summary);
    return this.summary;
  }

  /** Cooperative stop of running jobs; queued jobs never start. */
  stop(): void {
    this.stopping = true;
    for (const p of this.running) p.stop();
  }

  /** Immediate kill (e.g. the host is shutting down and cannot wait). */
  kill(): void {
    this.stopping = true;
    for (const p of this.running) p.kill();
  }

  /** Results of `runDir`'s earlier attempt that completed; the folder keeps only their records. */
  private completedBefore(units: Unit[]): ArmResult[] {
    const before = readSummary(this.req.runDir);
    if (!before) throw new Error(`nothing to resume in ${this.req.runDir}: it has no summary.json`);
    const wanted = new Set(units.map((u) => jobKey(u.job)));
    const kept = before.arms.filter((a) => a.status === 'completed' && wanted.has(jobKey(a)));
    keepCompletedRecords(this.req.runDir, new Set(kept.map(jobKey)), jobKey);
    return kept;
  }

  private async runUnit(unit: Unit): Promise<void> {
    const { job } = unit;
    if (this.stopping) {
      this.record(unit, unreportedResult(job, 'stopped', 'stopped before it started'));
      return;
    }
    const exec = this.executor.submit(
      { config: unit.config, jobs: [job], runDir: this.req.runDir, backend: this.req.backend, allowUserCode: this.req.allowUserCode },
      {
        onStarted: (info) => {
          this.summary.backend = info.backend;
          this.listener.onJobStarted?.(job, info);
        },
        onMetrics: (records) => this.listener.onMetrics?.(records),
        onResult: (r) => this.record(unit, r),
        onStderr: (text) => this.listener.onStderr?.(job, text),
      },
    );
    this.running.add(exec);
    if (this.stopping) exec.stop();
    await exec.results;
    this.running.delete(exec);
  }

  private record(unit: Unit, result: ArmResult): void {
    this.summary.arms.push(result);
    writeSummary(this.req.runDir, this.summary);
    if (unit.trial && this.req.config.sweep) {
      const row = trialRow(unit.trial, result, this.req.config.sweep.objective.metric);
      appendTrialRow(this.req.runDir, row);
      this.listener.onTrialRow?.(row);
    }
    this.listener.onArmDone?.(result);
  }
}
