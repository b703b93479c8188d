/**
 * The executor that trains on this machine, in forked trainer processes. A trainer that finished its
 * work is kept warm (idle, at most one per slot) and given the next work, so a run of many short jobs
 * (arms, sweep trials, evolution candidates) does not pay a fork, bundle load and backend
 * initialisation for each. A trainer that was stopped, crashed or reported an error is never reused.
 */
import type { ArmResult } from '../metrics';
import type { Executor, TrialEvents, TrialExecution, TrialWork } from './executor';
import { unreportedResult } from './executor';
import { WATCHDOG_MARKER } from '../protocol/trainer';
import { TrainerProcess, type TrainerExit } from './trainer-process';

export interface LocalExecutorOptions {
  /** Path of the trainer bundle (`dist/trainer.js`). */
  trainerPath: string;
  slots: number;
  /** Kill a trainer that has not exited this long after a stop request (default 5 s). */
  killAfterMs?: number;
  /** Let a warm trainer exit after this long without work (default: keep it until close). */
  idleTimeoutMs?: number;
}

export class LocalExecutor implements Executor {
  readonly slots: number;
  private readonly idle: TrainerProcess[] = [];
  private readonly idleTimers = new Map<TrainerProcess, NodeJS.Timeout>();
  /** Released trainers that may not have exited yet (close waits for them). */
  private readonly leaving = new Set<TrainerProcess>();
  private closed = false;

  constructor(private readonly opts: LocalExecutorOptions) {
    this.slots = Math.max(1, Math.floor(opts.slots));
  }

  submit(work: TrialWork, events: TrialEvents = {}): TrialExecution {
    const reported = new Map<string, ArmResult>();
    const keyOf = (r: { arm: string; seed: number }) => `${r.seed}\u0000${r.arm}`;
    let stopRequested = false;
    let finished = false;
    const proc = this.warmTrainer() ?? new TrainerProcess(this.opts.trainerPath, this.opts.killAfterMs);
    const ended = proc.run(
      { type: 'start', config: work.config, runDir: work.runDir, jobs: work.jobs, backend: work.backend, allowUserCode: work.allowUserCode },
      {
        onStarted: (info) => events.onStarted?.({ pid: proc.pid, ...info }),
        onMetrics: (batch) => events.onMetrics?.(batch),
        onArmDone: (r) => {
          reported.set(keyOf(r), r);
          events.onResult?.(r);
        },
        onStderr: (text) => events.onStderr?.(text),
      },
    );
    const results = ended.then(async (end) => {
      finished = true;
      const exit = end.done ? undefined : end.exit;
      const out = work.jobs.map((job) => {
        const got = reported.get(keyOf(job));
        if (got) return got;
        const r = stopRequested && !exit?.reportedError ? unreportedResult(job, 'stopped', stoppedReason(exit)) : unreportedResult(job, 'crashed', crashReason(exit));
        events.onResult?.(r);
        return r;
      });
      // A trainer not kept warm (stopped, failed, or no room) has exited before the results are in.
      if (!(end.done && !stopRequested && this.keepWarm(proc))) {
        this.release(proc);
        await proc.exited;
      }
      return out;
    });
    return {
      get pid() {
        return proc.pid;
      },
      // Once the work has ended the trainer may already run someone else's work: leave it alone.
      stop: () => {
        if (finished) return;
        stopRequested = true;
        proc.stop();
      },
      kill: () => {
        if (finished) return;
        stopRequested = true;
        proc.kill();
      },
      results,
    };
  }

  /** Lets the idle trainers exit and resolves once every trainer it let go has exited. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.idleTimers.values()) clearTimeout(t);
    this.idleTimers.clear();
    for (const p of this.idle.splice(0)) this.release(p);
    await Promise.all([...this.leaving].map((p) => p.exited));
  }

  private warmTrainer(): TrainerProcess | undefined {
    while (this.idle.length) {
      const p = this.idle.pop()!;
      clearTimeout(this.idleTimers.get(p));
      this.idleTimers.delete(p);
      if (p.reusable) return p;
      this.release(p);
    }
    return undefined;
  }

  private release(proc: TrainerProcess): void {
    this.leaving.add(proc);
    proc.release();
    void proc.exited.then(() => this.leaving.delete(proc));
  }

  /** Keeps an idle trainer for the next submit, if it can take one and there is room. */
  private keepWarm(proc: TrainerProcess): boolean {
    if (this.closed || !proc.reusable || this.idle.length >= this.slots) return false;
    this.idle.push(proc);
    const leaveIdle = () => {
      const i = this.idle.indexOf(proc);
      if (i >= 0) this.idle.splice(i, 1);
      clearTimeout(this.idleTimers.get(proc));
      this.idleTimers.delete(proc);
    };
    void proc.exited.then(leaveIdle);
    if (this.opts.idleTimeoutMs !== undefined) {
      const timer = setTimeout(() => {
        leaveIdle();
        this.release(proc);
      }, this.opts.idleTimeoutMs);
      timer.unref();
      this.idleTimers.set(proc, timer);
    }
    return true;
  }
}

function stoppedReason(exit: TrainerExit | undefined): string {
  return exit?.signal ? `stopped by request (the trainer was ended with ${exit.signal} before it reported)` : 'stopped by request before the trainer reported';
}

function crashReason(exit: TrainerExit | undefined): string {
  if (!exit) return 'the trainer finished without reporting this job';
  const tail = exit.stderrTail.trim().split('\n').filter((line) => !line.startsWith(WATCHDOG_MARKER)).slice(-5).join('\n');
  return [exit.error ?? 'trainer ended without a result', tail && `stderr:\n${tail}`].filter(Boolean).join('\n');
}
