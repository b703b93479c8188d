/**
 * The runs of this window: at most one per config file. Starts them, stops them, and on shutdown
 * stops every trainer (cooperatively, then by kill) and waits until each child process has exited.
 * Runs share one local executor, so a trainer that finished a job stays warm for the next run for a
 * while (no fork, bundle load, WASM initialisation or JIT warm-up on a quick re-run).
 */
import * as vscode from 'vscode';
import { LocalExecutor } from '../../shared/runner/local-executor';
import { claimRunFolder } from '../../shared/runner/run-folder-claim';
import type { Log } from '../log';
import { ActiveRun, type ActiveRunOptions } from './active-run';

/** Time a trainer gets to finish its step after a Stop before it is killed. */
export const STOP_KILL_AFTER_MS = 3000;
/** On shutdown the host has a few seconds at most: kill sooner. */
const SHUTDOWN_KILL_AFTER_MS = 1500;
const SHUTDOWN_GIVE_UP_MS = 4000;
/** Recorded in summary.json of runs the window's shutdown stopped (the restored panel shows it, with Resume). */
export const SHUTDOWN_REASON = 'stopped by window reload or close';
/** Who holds the run folder's lock, as another writer (the CLI) reports it. */
export const WRITER = 'VS Code';
const CHANGE_THROTTLE_MS = 500;
/** A warm trainer nobody used for this long exits. */
export const WARM_TRAINER_IDLE_MS = 120_000;

export class RunManager implements vscode.Disposable {
  private readonly runs = new Map<string, ActiveRun>();
  private readonly startEmitter = new vscode.EventEmitter<ActiveRun>();
  private readonly endEmitter = new vscode.EventEmitter<ActiveRun>();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private changeTimer: NodeJS.Timeout | undefined;
  private lastRunDir: string | undefined;
  private shuttingDown: Promise<void> | undefined;
  private shared: { executor: LocalExecutor; trainerPath: string; slots: number } | undefined;

  readonly onDidStart = this.startEmitter.event;
  readonly onDidEnd = this.endEmitter.event;
  /** Progress changed somewhere (throttled to a few events per second). */
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly log: Log) {}

  get active(): ActiveRun[] {
    return [...this.runs.values()];
  }

  /** The run folder most recently started in this window. */
  get lastStartedRunDir(): string | undefined {
    return this.lastRunDir;
  }

  forConfig(configUri: vscode.Uri): ActiveRun | undefined {
    return this.runs.get(configUri.toString());
  }

  byRunDir(runDir: string): ActiveRun | undefined {
    return this.active.find((r) => r.runDir === runDir);
  }

  liveRunDirs(): Set<string> {
    return new Set(this.active.map((r) => r.runDir));
  }

  /**
   * Claims the run folder (throwing RunFolderRefused when another writer holds it, RunFolderError when
   * it cannot be written; nothing is started then) and starts the run in it.
   */
  start(opts: Omit<ActiveRunOptions, 'killAfterMs' | 'claim' | 'writer'>): ActiveRun {
    if (this.shuttingDown) throw new Error('Loss Lab is shutting down');
    const key = opts.configUri.toString();
    if (this.runs.has(key)) throw new Error(`'${opts.config.name}' is already running; stop it first`);
    const claim = claimRunFolder(opts.runDir, opts.resume ? { kind: 'resume' } : { kind: 'new' }, WRITER);
    if (claim.lock.tookOver) this.log.warn(`[${opts.config.name}] ${claim.lock.tookOver}`);
    let run: ActiveRun;
    try {
      const executor = opts.executor ?? this.executorFor(opts.trainerPath, opts.maxParallel);
      run = new ActiveRun({ ...opts, executor, claim, writer: WRITER, killAfterMs: STOP_KILL_AFTER_MS }, this.log);
    } catch (e) {
      claim.release();
      throw e;
    }
    this.runs.set(key, run);
    this.lastRunDir = run.runDir;
    const sub = run.onChange(() => this.changed());
    void run.finished.then(() => {
      claim.release();
      sub.dispose();
      if (this.runs.get(key) === run) this.runs.delete(key);
      this.endEmitter.fire(run);
      this.changed(true);
      run.dispose();
    });
    this.startEmitter.fire(run);
    this.changed(true);
    return run;
  }

  /** Stops every run and resolves once all their trainer processes have exited (or were killed). */
  shutdown(): Promise<void> {
    this.shuttingDown ??= (async () => {
      // Cluster jobs go on without this window: its runs are left as they are (reopen one to attach).
      const runs = this.active.filter((r) => !r.outlivesHost);
      const left = this.active.length - runs.length;
      if (left) this.log.info(`${left} Slurm run(s) keep running after this window closes; attach to them from the run history`);
      if (runs.length) this.log.info(`stopping ${runs.length} run(s) before exit`);
      for (const r of runs) r.stop(SHUTDOWN_REASON);
      const kill = setTimeout(() => runs.forEach((r) => r.kill()), SHUTDOWN_KILL_AFTER_MS);
      let giveUp: NodeJS.Timeout | undefined;
      await Promise.race([
        (async () => {
          await Promise.all(runs.map((r) => r.finished));
          await this.shared?.executor.close();
        })(),
        new Promise((resolve) => (giveUp = setTimeout(resolve, SHUTDOWN_GIVE_UP_MS))),
      ]);
      clearTimeout(kill);
      clearTimeout(giveUp);
    })();
    return this.shuttingDown;
  }

  dispose(): void {
    for (const r of this.active) if (!r.outlivesHost) r.kill();
    void this.shared?.executor.close();
    clearTimeout(this.changeTimer);
    this.startEmitter.dispose();
    this.endEmitter.dispose();
    this.changeEmitter.dispose();
  }

  /** The shared executor, re-made when the trainer bundle or the parallelism setting changed. */
  private executorFor(trainerPath: string, maxParallel: number): LocalExecutor {
    const slots = Math.max(1, Math.floor(maxParallel));
    if (this.shared && (this.shared.trainerPath !== trainerPath || this.shared.slots !== slots)) {
      void this.shared.executor.close();
      this.shared = undefined;
    }
    this.shared ??= { trainerPath, slots, executor: new LocalExecutor({ trainerPath, slots, killAfterMs: STOP_KILL_AFTER_MS, idleTimeoutMs: WARM_TRAINER_IDLE_MS }) };
    return this.shared.executor;
  }

  private changed(now = false): void {
    const fire = () => {
      for (const r of this.runs.values()) r.progress.snapshot();
      this.changeEmitter.fire();
    };
    if (now) {
      clearTimeout(this.changeTimer);
      this.changeTimer = undefined;
      fire();
      return;
    }
    this.changeTimer ??= setTimeout(() => {
      this.changeTimer = undefined;
      fire();
    }, CHANGE_THROTTLE_MS);
  }
}
