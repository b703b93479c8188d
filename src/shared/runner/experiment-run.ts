/**
 * Runs an experiment's jobs (arm × seed) in forked trainer processes, at most `maxParallel` at once,
 * the rest queued, and keeps `summary.json` in the run folder up to date as jobs end.
 * Used by the CLI and by the extension host (which must never train in-process).
 */
import type { ExperimentConfig } from '../config/types';
import type { ArmResult, MetricRecord, RunSummary } from '../metrics';
import type { Job } from '../protocol/trainer';
import { prepareRunDir, writeSummary } from './run-folder';
import { TrainerProcess, type TrainerExit } from './trainer-process';

export interface RunRequest {
  config: ExperimentConfig;
  configPath?: string;
  runDir: string;
  /** Path of the trainer bundle (`dist/trainer.js`). */
  trainerPath: string;
  /** Only these arms (by name); all arms when omitted. */
  arms?: string[];
  maxParallel: number;
  /** Overrides the config's backend. */
  backend?: string;
  allowUserCode: boolean;
  /** Extra facts for summary.json, e.g. the extension or CLI version. */
  versions?: Record<string, string>;
  killAfterMs?: number;
}

export interface RunListener {
  onJobStarted?(job: Job, info: { pid: number | undefined; backend: string; totalSteps: number; dataInfo: string[] }): void;
  onMetrics?(records: MetricRecord[]): void;
  onArmDone?(result: ArmResult): void;
  onStderr?(job: Job, text: string): void;
}

export function jobsFor(config: ExperimentConfig, arms?: string[]): Job[] {
  const names = arms ?? config.losses.map((l) => l.name);
  const jobs: Job[] = [];
  for (let r = 0; r < config.repeats; r++) {
    for (const arm of names) jobs.push({ arm, seed: config.seed + r });
  }
  return jobs;
}

export class ExperimentRun {
  readonly jobs: Job[];
  readonly summary: RunSummary;
  private readonly queue: Job[];
  private readonly running = new Set<TrainerProcess>();
  private stopping = false;

  constructor(private readonly req: RunRequest, private readonly listener: RunListener = {}) {
    const unknown = (req.arms ?? []).filter((a) => !req.config.losses.some((l) => l.name === a));
    if (unknown.length) {
      throw new Error(`unknown arm ${unknown.map((a) => `'${a}'`).join(', ')}; arms in this config: ${req.config.losses.map((l) => l.name).join(', ')}`);
    }
    this.jobs = jobsFor(req.config, req.arms);
    this.queue = [...this.jobs];
    this.summary = {
      name: req.config.name,
      configPath: req.configPath,
      startedAt: new Date().toISOString(),
      status: 'running',
      backend: req.backend ?? req.config.backend,
      seed: req.config.seed,
      repeats: req.config.repeats,
      versions: { node: process.versions.node, ...req.versions },
      arms: [],
    };
  }

  /** PIDs of the trainer processes alive now. */
  get pids(): number[] {
    return [...this.running].map((p) => p.pid).filter((p): p is number => p !== undefined);
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  async start(): Promise<RunSummary> {
    prepareRunDir(this.req.runDir, this.req.config);
    writeSummary(this.req.runDir, this.summary);
    const slots = Math.max(1, Math.min(this.req.maxParallel, this.jobs.length));
    await Promise.all(Array.from({ length: slots }, () => this.worker()));
    const statuses = this.summary.arms.map((a) => a.status);
    this.summary.status = this.stopping || statuses.includes('stopped') ? 'stopped' : statuses.includes('crashed') ? 'failed' : 'completed';
    this.summary.finishedAt = new Date().toISOString();
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

  private async worker(): Promise<void> {
    for (let job = this.queue.shift(); job; job = this.queue.shift()) {
      if (this.stopping) {
        this.record(this.notRun(job, 'stopped', 'stopped before it started'));
        continue;
      }
      await this.runJob(job);
    }
  }

  private async runJob(job: Job): Promise<void> {
    let result: ArmResult | undefined;
    let backend = '';
    const proc = new TrainerProcess(
      this.req.trainerPath,
      {
        onStarted: (info) => {
          backend = info.backend;
          this.summary.backend = info.backend;
          this.listener.onJobStarted?.(job, { pid: proc.pid, ...info });
        },
        onMetrics: (records) => this.listener.onMetrics?.(records),
        onArmDone: (r) => {
          result = r;
        },
        onStderr: (text) => this.listener.onStderr?.(job, text),
      },
      this.req.killAfterMs,
    );
    this.running.add(proc);
    proc.start({
      type: 'start',
      config: this.req.config,
      runDir: this.req.runDir,
      jobs: [job],
      backend: this.req.backend,
      allowUserCode: this.req.allowUserCode,
    });
    if (this.stopping) proc.stop();
    const exit = await proc.exited;
    this.running.delete(proc);
    if (backend) this.summary.backend = backend;
    if (result) this.record(result);
    else if (this.stopping && !exit.reportedError) this.record(this.notRun(job, 'stopped', stoppedReason(exit)));
    else this.record(this.notRun(job, 'crashed', crashReason(exit)));
  }

  private notRun(job: Job, status: ArmResult['status'], reason: string): ArmResult {
    return {
      arm: job.arm, seed: job.seed, status, reason, steps: 0, epochs: 0, wallTimeSec: 0, stepsPerSec: 0,
      mainMetric: 'val/loss', best: {}, final: {},
    };
  }

  private record(result: ArmResult): void {
    this.summary.arms.push(result);
    writeSummary(this.req.runDir, this.summary);
    this.listener.onArmDone?.(result);
  }
}

function stoppedReason(exit: TrainerExit): string {
  return exit.signal ? `stopped by request (the trainer was ended with ${exit.signal} before it reported)` : 'stopped by request before the trainer reported';
}

function crashReason(exit: TrainerExit): string {
  const tail = exit.stderrTail.trim().split('\n').slice(-5).join('\n');
  return [exit.error ?? 'trainer ended without a result', tail && `stderr:\n${tail}`].filter(Boolean).join('\n');
}
