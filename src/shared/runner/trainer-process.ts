/**
 * One forked trainer process running one or more jobs: the host side of the trainer protocol.
 * Stop is cooperative (a `stop` message), with a hard kill as backstop after `killAfterMs`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { ArmResult, MetricRecord } from '../metrics';
import { assertNever, type HostToTrainer, type Job, type TrainerToHost } from '../protocol/trainer';

export interface TrainerProcessEvents {
  onStarted?(info: { backend: string; totalSteps: number; dataInfo: string[] }): void;
  onMetrics?(records: MetricRecord[]): void;
  onArmDone?(result: ArmResult): void;
  onStderr?(text: string): void;
}

export interface TrainerExit {
  /** The trainer said `done`. */
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

const STDERR_TAIL_CHARS = 4000;

export class TrainerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<TrainerExit>;
  private ready = false;
  private done = false;
  private reportedError: { message: string; stack?: string } | undefined;
  private stderrTail = '';
  private killTimer: NodeJS.Timeout | undefined;
  private pendingStart: HostToTrainer | undefined;

  constructor(
    trainerPath: string,
    private readonly events: TrainerProcessEvents,
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
        let error = this.reportedError?.message;
        if (!clean && !error) {
          error = signal ? `trainer process was killed by ${signal}` : `trainer process exited with code ${code} before finishing`;
        }
        resolve({ clean, error, reportedError: this.reportedError !== undefined, stack: this.reportedError?.stack, code, signal, stderrTail: this.stderrTail });
      });
      this.child.on('error', (e) => {
        this.reportedError ??= { message: `could not start the trainer: ${e.message}` };
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Queue the start message; it is sent when the trainer says `ready`. */
  start(msg: Extract<HostToTrainer, { type: 'start' }>): void {
    if (this.ready) this.send(msg);
    else this.pendingStart = msg;
  }

  /** Ask the trainer to finish its current step and exit; kill it if it has not exited in time. */
  stop(): void {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    if (this.ready && this.child.connected) this.send({ type: 'stop' });
    else this.child.kill('SIGKILL');
    this.killTimer ??= setTimeout(() => this.kill(), this.killAfterMs);
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
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
        this.events.onMetrics?.(m.records);
        return;
      case 'armDone':
        this.events.onArmDone?.(m.result);
        return;
      case 'done':
        this.done = true;
        return;
      case 'error':
        this.reportedError = { message: m.message, stack: m.stack };
        return;
      default:
        assertNever(m);
    }
  }
}

export type { Job };
