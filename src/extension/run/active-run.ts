/**
 * One experiment running from this window: an ExperimentRun (forked trainers) plus what the UI needs
 * live — every record received so far, progress, and events. The host never trains in-process.
 */
import * as vscode from 'vscode';
import type { ExperimentConfig } from '../../shared/config/types';
import type { MetricRecord, RunSummary } from '../../shared/metrics';
import { ExperimentRun, type RunRequest } from '../../shared/runner/experiment-run';
import type { Log } from '../log';
import { RunProgress } from './run-progress';

/** The runner's request, addressed by the config's URI, with the settings the extension always supplies. */
export type ActiveRunOptions = Omit<RunRequest, 'configPath' | 'versions' | 'killAfterMs'> & {
  configUri: vscode.Uri;
  versions: Record<string, string>;
  killAfterMs: number;
};

export class ActiveRun implements vscode.Disposable {
  readonly records: MetricRecord[] = [];
  readonly progress: RunProgress;
  readonly runDir: string;
  readonly configUri: vscode.Uri;
  readonly config: ExperimentConfig;
  readonly arms: string[];
  /** Resolves when every trainer process has exited and summary.json is final. */
  readonly finished: Promise<RunSummary>;
  private readonly experiment: ExperimentRun;
  private readonly recordsEmitter = new vscode.EventEmitter<MetricRecord[]>();
  private readonly summaryEmitter = new vscode.EventEmitter<RunSummary>();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private ended = false;
  private userStopped = false;

  /** New records, as they arrive from the trainers. */
  readonly onRecords = this.recordsEmitter.event;
  /** The summary changed: an arm ended, or the run finished (then `live` is false). */
  readonly onSummary = this.summaryEmitter.event;
  /** Anything shown in progress displays changed. */
  readonly onChange = this.changeEmitter.event;

  constructor(opts: ActiveRunOptions, private readonly log: Log) {
    this.runDir = opts.runDir;
    this.configUri = opts.configUri;
    this.config = opts.config;
    this.arms = opts.arms ?? opts.config.losses.map((l) => l.name);
    this.experiment = new ExperimentRun(
      {
        config: opts.config,
        configPath: opts.configUri.fsPath,
        runDir: opts.runDir,
        trainerPath: opts.trainerPath,
        arms: opts.arms,
        maxParallel: opts.maxParallel,
        backend: opts.backend,
        allowUserCode: opts.allowUserCode,
        versions: opts.versions,
        killAfterMs: opts.killAfterMs,
      },
      {
        onJobStarted: (job, info) => {
          this.progress.jobStarted(job, info.totalSteps);
          this.log.info(`[${this.name}] ${job.arm} (seed ${job.seed}) started: pid ${info.pid}, backend ${info.backend}, ${info.totalSteps} steps${info.dataInfo.length ? `; ${info.dataInfo.join('; ')}` : ''}`);
          this.changeEmitter.fire();
        },
        onMetrics: (records) => {
          this.records.push(...records);
          this.progress.addRecords(records);
          this.recordsEmitter.fire(records);
          this.changeEmitter.fire();
        },
        onArmDone: (result) => {
          this.progress.jobDone(result);
          const how = `${result.arm} (seed ${result.seed}) ${result.status}${result.reason ? `: ${result.reason}` : ''}`;
          if (result.status === 'crashed' || result.status === 'diverged') this.log.error(`[${this.name}] ${how}`);
          else this.log.info(`[${this.name}] ${how}`);
          this.summaryEmitter.fire(this.summary);
          this.changeEmitter.fire();
        },
        onStderr: (job, text) => {
          for (const line of text.split('\n')) if (line.trim()) this.log.warn(`[${this.name}] ${job.arm} (seed ${job.seed}) stderr: ${line}`);
        },
      },
    );
    this.progress = new RunProgress(this.experiment.jobs);
    this.finished = this.run();
  }

  get name(): string {
    return this.config.name;
  }

  get summary(): RunSummary {
    return this.experiment.summary;
  }

  get isLive(): boolean {
    return !this.ended;
  }

  get isStopping(): boolean {
    return this.experiment.isStopping;
  }

  /** The user asked to stop (as opposed to a failure). */
  get wasStoppedByUser(): boolean {
    return this.userStopped;
  }

  get pids(): number[] {
    return this.experiment.pids;
  }

  stop(): void {
    if (this.ended) return;
    this.userStopped = true;
    this.log.info(`[${this.name}] stopping`);
    this.experiment.stop();
    this.changeEmitter.fire();
  }

  kill(): void {
    if (this.ended) return;
    this.experiment.kill();
  }

  dispose(): void {
    this.recordsEmitter.dispose();
    this.summaryEmitter.dispose();
    this.changeEmitter.dispose();
  }

  private async run(): Promise<RunSummary> {
    this.log.info(`[${this.name}] run folder ${this.runDir}; arms: ${this.arms.join(', ')}`);
    let summary: RunSummary;
    try {
      summary = await this.experiment.start();
    } catch (e) {
      this.log.error(`[${this.name}] run failed: ${(e as Error).stack ?? String(e)}`);
      this.experiment.kill();
      summary = { ...this.experiment.summary, status: 'failed', finishedAt: new Date().toISOString() };
    }
    this.ended = true;
    this.log.info(`[${this.name}] ${summary.status}`);
    this.summaryEmitter.fire(summary);
    this.changeEmitter.fire();
    return summary;
  }
}
