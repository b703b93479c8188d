/** The executor that trains on this machine: one forked trainer process per unit of work. */
import type { ArmResult } from '../metrics';
import type { Executor, TrialEvents, TrialExecution, TrialWork } from './executor';
import { unreportedResult } from './executor';
import { TrainerProcess, type TrainerExit } from './trainer-process';

export interface LocalExecutorOptions {
  /** Path of the trainer bundle (`dist/trainer.js`). */
  trainerPath: string;
  slots: number;
  /** Kill a trainer that has not exited this long after a stop request (default 5 s). */
  killAfterMs?: number;
}

export class LocalExecutor implements Executor {
  readonly slots: number;

  constructor(private readonly opts: LocalExecutorOptions) {
    this.slots = Math.max(1, Math.floor(opts.slots));
  }

  submit(work: TrialWork, events: TrialEvents = {}): TrialExecution {
    const reported = new Map<string, ArmResult>();
    const keyOf = (r: { arm: string; seed: number }) => `${r.seed}\u0000${r.arm}`;
    let stopRequested = false;
    const proc = new TrainerProcess(
      this.opts.trainerPath,
      {
        onStarted: (info) => events.onStarted?.({ pid: proc.pid, ...info }),
        onMetrics: (records) => events.onMetrics?.(records),
        onArmDone: (r) => {
          reported.set(keyOf(r), r);
          events.onResult?.(r);
        },
        onStderr: (text) => events.onStderr?.(text),
      },
      this.opts.killAfterMs,
    );
    proc.start({ type: 'start', config: work.config, runDir: work.runDir, jobs: work.jobs, backend: work.backend, allowUserCode: work.allowUserCode });
    const results = proc.exited.then((exit) =>
      work.jobs.map((job) => {
        const got = reported.get(keyOf(job));
        if (got) return got;
        const r = stopRequested && !exit.reportedError ? unreportedResult(job, 'stopped', stoppedReason(exit)) : unreportedResult(job, 'crashed', crashReason(exit));
        events.onResult?.(r);
        return r;
      }),
    );
    return {
      get pid() {
        return proc.pid;
      },
      stop: () => {
        stopRequested = true;
        proc.stop();
      },
      kill: () => {
        stopRequested = true;
        proc.kill();
      },
      results,
    };
  }
}

function stoppedReason(exit: TrainerExit): string {
  return exit.signal ? `stopped by request (the trainer was ended with ${exit.signal} before it reported)` : 'stopped by request before the trainer reported';
}

function crashReason(exit: TrainerExit): string {
  const tail = exit.stderrTail.trim().split('\n').slice(-5).join('\n');
  return [exit.error ?? 'trainer ended without a result', tail && `stderr:\n${tail}`].filter(Boolean).join('\n');
}
