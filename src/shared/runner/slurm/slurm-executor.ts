/**
 * The executor that trains on a Slurm cluster. Units submitted within a short window (a run's jobs, a
 * sweep's trials, a generation's candidates: callers submit them together) go to `sbatch` as one job
 * array, its concurrency capped by `maxConcurrent` (`%N`). Each task runs `trainer.js --job-file`; the
 * host follows the unit's files in the run folder (which the nodes must share) and asks `squeue` how
 * the tasks stand, then settles each unit when Slurm says its task ended (see `slurm-unit.ts`).
 * With `adopt`, units already submitted for the same run folder (listed in `slurm.json`) are followed
 * instead of submitted again: `live` ones (a resume), or every one (attach after the host died).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutorConfig } from '../../config/types';
import type { JobFile } from '../../protocol/job-file';
import type { Executor, TrialEvents, TrialExecution, TrialWork } from '../executor';
import { batchScript, JOBS_FOLDER, sbatchOptions, unitFiles } from './batch-script';
import { isLive, taskState, type TaskState } from './job-states';
import { firstFreeUnitId, jobsKey, latestUnits, readRegistry, recordArray, type SubmittedUnit } from './registry';
import { finalSource, finalStates, queueStates, sbatch, scancel, type FinalSource } from './slurm-commands';
import { SlurmUnit } from './slurm-unit';

export interface SlurmExecutorOptions {
  /** Path of the trainer bundle (`dist/trainer.js`), as the compute nodes see it. */
  trainerPath: string;
  settings: ExecutorConfig;
  /** Units accepted at once (default 1000, within Slurm's default MaxArraySize). */
  slots?: number;
  /** Units submitted within this long of each other share a job array (default 200 ms). */
  batchWindowMs?: number;
  /** How often the units' files are read (default 500 ms). */
  pollMs?: number;
  /** How often squeue is asked (default 2 s). */
  queuePollMs?: number;
  /** Cancel a task that has not ended this long after a cooperative stop (default 30 s). */
  killAfterMs?: number;
  adopt?: 'live' | 'all';
}

const ARRAY_CHUNK = 1000;

export class SlurmExecutor implements Executor {
  readonly slots: number;
  readonly outlivesHost = true;
  private queued: SlurmUnit[] = [];
  private readonly live = new Set<SlurmUnit>();
  private flushTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private lastQueuePoll = 0;
  private source: Promise<FinalSource> | undefined;
  private readonly signals = { term: new Set<string>(), cancel: new Set<string>() };
  private signalScheduled = false;

  constructor(private readonly opts: SlurmExecutorOptions) {
    this.slots = Math.max(1, Math.floor(opts.slots ?? 1000));
  }

  submit(work: TrialWork, events: TrialEvents = {}): TrialExecution {
    const unit = new SlurmUnit(work, events);
    this.queued.push(unit);
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      void this.flush();
    }, this.opts.batchWindowMs ?? 200);
    return {
      stop: () => this.stop(unit),
      kill: () => this.kill(unit),
      results: unit.results,
    };
  }

  /** Nothing is kept between works; units still followed are followed until they end. */
  async close(): Promise<void> {}

  private async flush(): Promise<void> {
    const units = this.queued.splice(0);
    const byDir = new Map<string, SlurmUnit[]>();
    for (const u of units) byDir.set(u.work.runDir, [...(byDir.get(u.work.runDir) ?? []), u]);
    await Promise.all(
      [...byDir].map(([dir, group]) =>
        this.submitGroup(dir, group).catch((e: Error) => {
          // The run folder could not be written or read (e.g. gone): the units not yet followed end here.
          for (const u of group) if (!u.task) u.abandon('crashed', `could not submit to Slurm: ${e.message}`);
        }),
      ),
    );
    this.schedulePoll();
  }

  private async submitGroup(runDir: string, units: SlurmUnit[]): Promise<void> {
    const fresh: SlurmUnit[] = [];
    const adopted = this.opts.adopt ? await this.adoptable(runDir, units) : new Map<SlurmUnit, SubmittedUnit>();
    for (const u of units) {
      const was = adopted.get(u);
      if (was) {
        u.follow(was.id, was.task, unitFiles(runDir, was.id));
        this.live.add(u);
        if (u.stopRequested) this.stop(u);
      } else if (u.stopRequested) u.abandon('stopped', 'stopped before it started');
      else fresh.push(u);
    }
    for (let i = 0; i < fresh.length; i += ARRAY_CHUNK) await this.submitArray(runDir, fresh.slice(i, i + ARRAY_CHUNK));
  }

  /** Units of `runDir`'s earlier submissions that these units can follow instead of submitting their jobs again. */
  private async adoptable(runDir: string, units: SlurmUnit[]): Promise<Map<SlurmUnit, SubmittedUnit>> {
    const before = latestUnits(readRegistry(runDir));
    const out = new Map<SlurmUnit, SubmittedUnit>();
    for (const u of units) {
      const was = before.get(jobsKey(u.work.jobs));
      if (was) out.set(u, was);
    }
    if (this.opts.adopt === 'live' && out.size) {
      const states = (await queueStates([...new Set([...out.values()].map((w) => arrayOf(w.task)))])) ?? new Map<string, TaskState>();
      for (const [u, was] of out) if (!isLive(taskState(states, was.task)?.state ?? 'GONE')) out.delete(u);
    }
    return out;
  }

  private async submitArray(runDir: string, units: SlurmUnit[]): Promise<void> {
    const { settings, trainerPath } = this.opts;
    mkdirSync(join(runDir, JOBS_FOLDER), { recursive: true });
    const first = firstFreeUnitId(runDir);
    const ids = units.map((_, i) => first + i);
    units.forEach((u, i) => {
      const files = unitFiles(runDir, ids[i]);
      const job: JobFile = {
        config: u.work.config, jobs: u.work.jobs, backend: u.work.backend, allowUserCode: u.work.allowUserCode,
        metricsFile: files.metrics, statusFile: files.status, stopFile: files.stop, runDir: u.work.runDir,
      };
      writeFileSync(files.job, JSON.stringify(job) + '\n');
    });
    const script = join(runDir, JOBS_FOLDER, `array-${first}.sh`);
    writeFileSync(script, batchScript(runDir, ids, trainerPath, settings));
    let arrayJobId: string;
    try {
      arrayJobId = await sbatch(script, sbatchOptions(runDir, units[0].work.config.name, units.length, settings));
    } catch (e) {
      for (const u of units) u.abandon('crashed', (e as Error).message);
      return;
    }
    const submitted = units.map((u, i) => ({ id: ids[i], task: `${arrayJobId}_${i}`, jobs: u.work.jobs }));
    recordArray(runDir, arrayJobId, submitted);
    units.forEach((u, i) => {
      u.follow(ids[i], submitted[i].task, unitFiles(runDir, ids[i]));
      this.live.add(u);
      // A stop asked for while sbatch ran.
      if (u.stopRequested) this.stop(u);
    });
  }

  private stop(u: SlurmUnit): void {
    if (u.done) return;
    u.stopRequested = true;
    if (!u.task || !u.files) return;
    try {
      // For a task that starts only now: its trainer sees this file and does not train.
      writeFileSync(u.files.stop, '');
    } catch {
      // The signal below still reaches a running trainer.
    }
    this.signal('term', u.task);
    u.killTimer ??= setTimeout(() => this.kill(u), this.opts.killAfterMs ?? 30_000);
  }

  private kill(u: SlurmUnit): void {
    if (u.done) return;
    u.stopRequested = true;
    if (u.task) this.signal('cancel', u.task);
  }

  /** Stops and kills asked for together (a run stopping all its units) go out as one scancel each. */
  private signal(kind: 'term' | 'cancel', task: string): void {
    this.signals[kind].add(task);
    if (this.signalScheduled) return;
    this.signalScheduled = true;
    setImmediate(() => {
      this.signalScheduled = false;
      const term = [...this.signals.term];
      const cancel = [...this.signals.cancel];
      this.signals.term.clear();
      this.signals.cancel.clear();
      // A pending task is cancelled; a running one gets SIGTERM in its batch step (the trainer, by exec).
      void scancel(['--state=PENDING'], term).then(() => scancel(['--batch', '--signal=TERM'], term));
      void scancel([], cancel);
    });
  }

  private schedulePoll(): void {
    if (this.pollTimer || this.live.size === 0) return;
    this.pollTimer = setTimeout(() => {
      // A failed poll (the shared file system or squeue hiccuped) is simply tried again next time.
      void this.poll().catch(() => undefined).finally(() => {
        this.pollTimer = undefined;
        this.schedulePoll();
      });
    }, this.opts.pollMs ?? 500);
  }

  private async poll(): Promise<void> {
    for (const u of this.live) u.poll();
    if (Date.now() - this.lastQueuePoll < (this.opts.queuePollMs ?? 2000)) return;
    this.lastQueuePoll = Date.now();
    const units = [...this.live];
    const states = await queueStates([...new Set(units.map((u) => arrayOf(u.task!)))]);
    if (!states) return;
    const ended = units.filter((u) => !isLive(taskState(states, u.task!)?.state ?? 'GONE'));
    if (ended.length === 0) return;
    this.source ??= finalSource();
    const finals = await finalStates([...new Set(ended.map((u) => arrayOf(u.task!)))], await this.source);
    for (const u of ended) {
      const seen = taskState(states, u.task!);
      const final = finals.get(u.task!);
      u.finish(final ? { ...final, reason: seen?.reason } : seen);
      this.live.delete(u);
    }
  }
}

const arrayOf = (task: string): string => task.split('_')[0];
