/**
 * One forked trainer process: the host side of the trainer protocol. It runs one work (a `start` and
 * its jobs) at a time and can be given another once the previous one is `done` (a warm trainer: no new
 * fork, bundle load or backend initialisation). Stop is cooperative (a `stop` message: the trainer
 * finishes its step, reports and exits), with a hard kill as backstop after `killAfterMs`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { MetricBatch } from '../metric-batch';
import type { ArmResult } from '../metrics';
import { assertNever, WATCHDOG_MARKER, type HostToTrainer, type Job, type TrainerToHost } from '../protocol/trainer';

export interface TrainerProcessEvents {
  onStarted?(info: { backend: string; totalSteps: number; dataInfo: string[] }): void;
  onMetrics?(batch: MetricBatch): void;
  onArmDone?(result: ArmResult): void;
  onStderr?(text: string): void;
}

export interface TrainerExit {
  /** The trainer said `done` for the last work and reported no error. */
  clean: boolean;
  /** The error the trainer reported, or why the process ended unexpectedly. */
  error?: string;
  /** The trainer itself reported `error` (as opposed to being killed or vanishing). */
  reportedError: boolean;
  stack?: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines the process wrote to stderr (for crash reports). */
  stderrTail: string;
}

/** How a work ended: `done` from the trainer (it is idle now, or exiting after a stop), or the process ended first. */
export type WorkEnd = { done: true } | { done: false; exit: TrainerExit };

const STDERR_TAIL_CHARS = 4000;

export class TrainerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<TrainerExit>;
  private ready = false;
  private done = false;
  private stopping = false;
  private reportedError: { message: string; stack?: string } | undefined;
  private stderrTail = '';
  /** The longest time between two records of the current work: how long one step with its evaluation and probes can take. */
  private slowestGapMs = 0;
  private killTimer: NodeJS.Timeout | undefined;
  private pendingStart: HostToTrainer | undefined;
  private events: TrainerProcessEvents = {};
  private endWork: ((end: WorkEnd) => void) | undefined;

  constructor(
    trainerPath: string,
    private readonly killAfterMs = 5000,
  ) {
    this.child = fork(trainerPath, [], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
      execArgv: [],
    });
    this.child.stderr?.setEncoding('utf8');
    this.child.stderr?.on('data', (text: string) => {
      this.stderrTail = (this.stderrTail + text).slice(-STDERR_TAIL_CHARS);
      this.events.onStderr?.(text);
    });
    this.child.on('message', (m) => this.handle(m as TrainerToHost));
    this.exited = new Promise((resolve) => {
      // 'close', not 'exit': 'exit' can come before the last IPC messages are read (a fast job's armDone
      // and done would be lost); 'close' waits for the IPC channel's end and stderr too.
      this.child.on('close', (code, signal) => {
        clearTimeout(this.killTimer);
        const clean = this.done && !this.reportedError;
        let error = this.reportedError?.message ?? watchdogReason(this.stderrTail);
        if (!clean && !error) {
          error = signal ? `trainer process was killed by ${signal}` : `trainer process exited with code ${code} before finishing`;
        }
        const exit = { clean, error, reportedError: this.reportedError !== undefined, stack: this.reportedError?.stack, code, signal, stderrTail: this.stderrTail };
        this.finishWork({ done: false, exit });
        resolve(exit);
      });
      this.child.on('error', (e) => {
        this.reportedError ??= { message: `could not start the trainer: ${e.message}` };
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Alive, idle and not asked to stop: it can take another work. */
  get reusable(): boolean {
    return this.alive && !this.endWork && !this.stopping && !this.reportedError && this.child.connected;
  }

  /** Runs a work (sent when the trainer says `ready`); resolves when it is `done` or the process ended. */
  run(msg: Extract<HostToTrainer, { type: 'start' }>, events: TrainerProcessEvents): Promise<WorkEnd> {
    if (this.endWork) throw new Error('protocol error: a work is already running on this trainer');
    this.events = events;
    this.done = false;
    // A crash report of this work should not quote what the trainer wrote during an earlier one.
    this.stderrTail = '';
    this.slowestGapMs = 0;
    const ended = new Promise<WorkEnd>((resolve) => (this.endWork = resolve));
    if (!this.alive) {
      const exit = { clean: false, error: 'trainer process already ended', reportedError: false, code: this.child.exitCode, signal: this.child.signalCode, stderrTail: this.stderrTail };
      this.finishWork({ done: false, exit });
    } else if (this.ready) this.send(msg);
    else this.pendingStart = msg;
    return ended;
  }

  /** Ask the trainer to finish its current step and exit; kill it if it has not exited in time. */
  stop(): void {
    this.stopping = true;
    if (!this.alive) return;
    if (this.ready && this.child.connected) this.send({ type: 'stop' });
    else this.child.kill('SIGKILL');
    this.killTimer ??= setTimeout(() => this.kill(), this.stopGraceMs);
  }

  /**
   * How long a stopped trainer gets before it is killed: the configured time, plus three times the
   * slowest gap measured between this work's records — finishing the current step, the last
   * validation and the test evaluation each take at most about one such gap. A trainer that hangs is
   * ended by its own watchdog anyway.
   */
  get stopGraceMs(): number {
    return this.killAfterMs + 3 * this.slowestGapMs;
  }

  kill(): void {
    this.stopping = true;
    if (this.alive) this.child.kill('SIGKILL');
  }

  /**
   * An idle trainer is no longer needed: `stop` makes it exit (killed if it lingers). Not a disconnect:
   * after the host closes the channel Node never emits 'close' for the child, so `exited` would hang.
   */
  release(): void {
    this.stop();
  }

  private get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  private measureGaps(batch: MetricBatch): void {
    for (const j of batch.jobs) this.slowestGapMs = Math.max(this.slowestGapMs, j.maxGapSec * 1000);
  }

  private finishWork(end: WorkEnd): void {
    const resolve = this.endWork;
    this.endWork = undefined;
    resolve?.(end);
  }

  private send(msg: HostToTrainer): void {
    if (!this.ready) throw new Error(`protocol error: '${msg.type}' sent before the trainer was ready`);
    this.child.send(msg);
  }

  private handle(m: TrainerToHost): void {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (this.pendingStart) this.send(this.pendingStart);
        this.pendingStart = undefined;
        return;
      case 'started':
        this.events.onStarted?.(m);
        return;
      case 'metrics':
        this.measureGaps(m.batch);
        this.events.onMetrics?.(m.batch);
        return;
      case 'armDone':
        this.events.onArmDone?.(m.result);
        return;
      case 'done':
        this.done = true;
        this.finishWork({ done: true });
        return;
      case 'error':
        this.reportedError = { message: m.message, stack: m.stack };
        return;
      default:
        assertNever(m);
    }
  }
}

/** Why the trainer's watchdog ended the process, if its marker line is in the stderr tail. */
function watchdogReason(stderrTail: string): string | undefined {
  const line = stderrTail.split('\n').find((l) => l.startsWith(WATCHDOG_MARKER));
  return line?.slice(WATCHDOG_MARKER.length).trim();
}

export type { Job };
