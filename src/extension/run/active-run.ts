/**
 * One experiment running from this window: an ExperimentRun (forked trainers; for a config with a
 * `sweep` section, its trials) or an EvolutionRun (an `evolve` section), plus what the UI needs live —
 * every record, trial row and generation received so far, progress, and events. The host never trains
 * in-process.
 */
import * as vscode from 'vscode';
import type { ExperimentConfig } from '../../shared/config/types';
import type { EvolutionState, GenerationRecord } from '../../shared/evolve/types';
import { parseBatch } from '../../shared/metric-batch';
import type { ArmResult, MetricRecord, RunSummary } from '../../shared/metrics';
import { readGenerations } from '../../shared/runner/evolution-folder';
import { RunFolderError, RunFolderRefused } from '../../shared/runner/fs-errors';
import { readMetrics } from '../../shared/runner/run-folder';
import { readTrialRows } from '../../shared/runner/sweep-folder';
import { EvolutionRun, evolvedArmName } from '../../shared/runner/evolution-run';
import { ExperimentRun, type RunListener, type RunRequest } from '../../shared/runner/experiment-run';
import type { TrialRow } from '../../shared/sweep/types';
import { classCount } from '../../shared/data/check';
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
  /** The jobs run on a cluster queue and go on when this window closes (reopen the run to attach). */
  readonly outlivesHost: boolean;
  /** Process ids of the trainers that started this run's jobs. */
  readonly trainerPids = new Set<number>();
  /** A sweep's ended (trial, seed) rows so far. */
  readonly trialRows: TrialRow[] = [];
  /** An evolution's finished generations so far, and its state. */
  readonly generations: GenerationRecord[] = [];
  evolutionState: EvolutionState | undefined;
  /** Resolves when every trainer process has exited and summary.json is final. */
  readonly finished: Promise<RunSummary>;
  private readonly experiment: ExperimentRun | EvolutionRun;
  private readonly recordsEmitter = new vscode.EventEmitter<MetricRecord[]>();
  private readonly trialsEmitter = new vscode.EventEmitter<TrialRow[]>();
  private readonly generationsEmitter = new vscode.EventEmitter<{ records: GenerationRecord[]; state: EvolutionState }>();
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
  /** Sweep trials that ended. */
  readonly onTrials = this.trialsEmitter.event;
  /** Evolution generations that ended. */
  readonly onGenerations = this.generationsEmitter.event;

  constructor(opts: ActiveRunOptions, private readonly log: Log) {
    this.runDir = opts.runDir;
    this.outlivesHost = opts.executor?.outlivesHost === true;
    this.configUri = opts.configUri;
    this.config = opts.config;
    const request: RunRequest = {
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
      resume: opts.resume,
      executor: opts.executor,
      claim: opts.claim,
      writer: opts.writer,
    };
    const listener: RunListener = {
      onJobStarted: (job, info) => {
        if (info.pid !== undefined) this.trainerPids.add(info.pid);
        this.progress.jobStarted(job, info.totalSteps);
        this.log.info(`[${this.name}] ${job.arm} (seed ${job.seed}) started: pid ${info.pid}, backend ${info.backend}, ${info.totalSteps} steps${info.dataInfo.length ? `; ${info.dataInfo.join('; ')}` : ''}`);
        this.changeEmitter.fire();
      },
      onMetrics: (batch) => {
        // The one place the host parses records: the charts need them as objects.
        const records = parseBatch(batch.text);
        for (const r of records) this.records.push(r);
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
      onTrialRow: (row) => {
        this.trialRows.push(row);
        this.trialsEmitter.fire([row]);
      },
    };
    const evolve = opts.config.evolve;
    if (evolve) {
      this.arms = [...opts.config.losses.map((l) => l.name), evolvedArmName(opts.config, evolve)];
      const evolution = new EvolutionRun({ ...request, nClasses: classCount(opts.config) }, {
        ...listener,
        onGenerationStarted: (g, toTrain, pruned) => {
          this.progress.setStage(`generation ${g}/${evolve.generations}`, (g - 1) / evolve.generations);
          this.log.info(`[${this.name}] generation ${g}: training ${toTrain} candidate(s), ${pruned} pruned`);
          this.changeEmitter.fire();
        },
        onGeneration: (record, state) => {
          this.generations.push(record);
          this.evolutionState = structuredClone(state);
          this.generationsEmitter.fire({ records: [record], state: this.evolutionState });
        },
        onRetrainStarted: (retrain) => {
          this.evolutionState = structuredClone(evolution.state);
          this.generationsEmitter.fire({ records: [], state: this.evolutionState });
          this.progress.setJobs(retrain.jobs);
          if (opts.resume) this.keepFromBefore(retrain.summary.arms, retrain);
          this.changeEmitter.fire();
        },
      });
      this.evolutionState = structuredClone(evolution.state);
      this.experiment = evolution;
    } else {
      const experiment = new ExperimentRun(request, listener);
      this.arms = opts.config.sweep ? [...new Set(experiment.jobs.map((j) => j.arm))] : opts.arms ?? opts.config.losses.map((l) => l.name);
      this.experiment = experiment;
    }
    this.progress = new RunProgress(this.experiment instanceof ExperimentRun ? this.experiment.jobs : []);
    if (evolve) this.progress.setStage(`generation 1/${evolve.generations}`, 0);
    if (opts.resume) {
      // What the earlier attempt finished stays in the folder (the runner has dropped the rest): show it from the start.
      if (this.experiment instanceof ExperimentRun) {
        this.trialRows.push(...readTrialRows(this.runDir));
        this.keepFromBefore(this.experiment.summary.arms, this.experiment);
        for (const d of this.experiment.resumeDecisions) this.log.info(`[${this.name}] ${d.job.arm} (seed ${d.job.seed}): ${d.note}`);
      } else this.generations.push(...readGenerations(this.runDir).slice(0, evolve?.generations));
    }
    this.finished = this.run();
  }

  get name(): string {
    return this.config.name;
  }

  get summary(): RunSummary {
    return this.experiment.summary;
  }

  /** A resumed run: the records kept from the earlier attempt (resumed jobs' up to their checkpoint), and the kept jobs counted as done. */
  private keepFromBefore(kept: readonly ArmResult[], run?: ExperimentRun): void {
    const all = readMetrics(this.runDir);
    const records = run ? run.keptRecords(all) : all;
    this.records.push(...records);
    this.progress.addRecords(records);
    kept.forEach((a) => this.progress.jobDone(a));
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

  /** `reason` is recorded in the summary when the run ends stopped (e.g. by a window reload). */
  stop(reason?: string): void {
    if (this.ended) return;
    this.userStopped = true;
    this.log.info(`[${this.name}] stopping${reason ? `: ${reason}` : ''}`);
    this.experiment.stop(reason);
    this.changeEmitter.fire();
  }

  kill(): void {
    if (this.ended) return;
    this.experiment.kill();
  }

  dispose(): void {
    this.recordsEmitter.dispose();
    this.trialsEmitter.dispose();
    this.generationsEmitter.dispose();
    this.summaryEmitter.dispose();
    this.changeEmitter.dispose();
  }

  private async run(): Promise<RunSummary> {
    this.log.info(`[${this.name}] run folder ${this.runDir}; arms: ${this.arms.join(', ')}`);
    let summary: RunSummary;
    try {
      summary = await this.experiment.start();
      if (this.experiment instanceof EvolutionRun) {
        this.evolutionState = structuredClone(this.experiment.state);
        this.generationsEmitter.fire({ records: [], state: this.evolutionState });
      }
    } catch (e) {
      // A folder that cannot be written is said in one line; anything else is a bug, logged with its stack.
      const plain = e instanceof RunFolderError || e instanceof RunFolderRefused;
      this.log.error(`[${this.name}] run failed: ${plain ? e.message : ((e as Error).stack ?? String(e))}`);
      this.experiment.kill();
      summary = { ...this.experiment.summary, status: 'failed', reason: (e as Error).message, finishedAt: new Date().toISOString() };
    }
    this.ended = true;
    this.log.info(`[${this.name}] ${summary.status}`);
    this.summaryEmitter.fire(summary);
    this.changeEmitter.fire();
    return summary;
  }
}
