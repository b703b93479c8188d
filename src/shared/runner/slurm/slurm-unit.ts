/**
 * One unit of work submitted as a Slurm array task, seen from the host: its files are read as the
 * trainer writes them (records streamed to the listener — the run, which is the one writer of the run
 * folder's `metrics.jsonl` — and results reported as they come), and once Slurm says the task ended, its results are
 * settled: the trainer's own, or for jobs it never reported, what Slurm's final state implies.
 */
import { readFileSync } from 'node:fs';
import { batchFromLines, JobMarks } from '../../metric-batch';
import type { ArmResult } from '../../metrics';
import type { JobStatus } from '../../protocol/job-file';
import type { Job } from '../../protocol/trainer';
import type { TrialEvents, TrialWork } from '../executor';
import { unreportedResult } from '../executor';
import { taskOutputFile, type UnitFiles } from './batch-script';
import { FileTail } from './file-tail';
import { unreportedSlurmResult, withSlurmReason, type TaskState } from './job-states';

const OUTPUT_TAIL_CHARS = 4000;
const keyOf = (j: Job): string => `${j.seed}\u0000${j.arm}`;

export class SlurmUnit {
  id?: number;
  task?: string;
  files?: UnitFiles;
  /** The host asked for a stop or a kill. */
  stopRequested = false;
  /** Hard cancel after a stop that did not end the task in time. */
  killTimer?: NodeJS.Timeout;
  readonly results: Promise<ArmResult[]>;
  private settle!: (results: ArmResult[]) => void;
  private settled = false;
  private metrics?: FileTail;
  private marks = new JobMarks();
  private output?: FileTail;
  private outputTail = '';
  private started = false;
  private status?: JobStatus;
  private readonly reported = new Map<string, ArmResult>();
  /** A trainer's `stopped` results nobody here asked for: held until Slurm says why. */
  private readonly held = new Map<string, ArmResult>();

  constructor(
    readonly work: TrialWork,
    private readonly events: TrialEvents,
  ) {
    this.results = new Promise((resolve) => (this.settle = resolve));
  }

  get done(): boolean {
    return this.settled;
  }

  /** The unit is (again) followed as task `task`, its files read from the start. */
  follow(id: number, task: string, files: UnitFiles): void {
    this.id = id;
    this.task = task;
    this.files = files;
    this.metrics = new FileTail(files.metrics);
    this.marks = new JobMarks();
    this.output = new FileTail(taskOutputFile(this.work.runDir, task));
  }

  /** Reads what the trainer wrote since the last call and passes it on. */
  poll(): void {
    if (!this.files || this.settled) return;
    // Complete lines pass through as the trainer wrote them (a line torn by a kill is dropped).
    const batch = batchFromLines(this.metrics!.readLines(), this.marks);
    if (batch) this.events.onMetrics?.(batch);
    const text = this.output!.readText();
    if (text) {
      this.outputTail = (this.outputTail + text).slice(-OUTPUT_TAIL_CHARS);
      this.events.onStderr?.(text);
    }
    this.status = readStatus(this.files.status) ?? this.status;
    if (this.status?.started && !this.started) {
      this.started = true;
      const { backend, totalSteps, dataInfo } = this.status.started;
      this.events.onStarted?.({ backend, totalSteps, dataInfo });
    }
    for (const r of this.status?.results ?? []) {
      const key = keyOf(r);
      if (this.reported.has(key) || this.held.has(key)) continue;
      if (r.status === 'stopped' && !this.stopRequested) this.held.set(key, r);
      else {
        this.reported.set(key, r);
        this.events.onResult?.(r);
      }
    }
  }

  /** Slurm says the task ended (`state`, when known): read the files a last time and settle every job. */
  finish(state: TaskState | undefined): void {
    if (this.settled) return;
    this.poll();
    const detail = [this.status?.error?.message, this.outputTail.trim() && `output:\n${this.outputTail.trim().split('\n').slice(-5).join('\n')}`].filter(Boolean).join('\n');
    const out = this.work.jobs.map((job) => {
      const key = keyOf(job);
      const got = this.reported.get(key);
      if (got) return got;
      const held = this.held.get(key);
      const r = held ? withSlurmReason(held, this.task!, state, this.stopRequested) : unreportedSlurmResult(job, this.task, state, this.stopRequested, detail);
      this.events.onResult?.(r);
      return r;
    });
    this.end(out);
  }

  /** Ends the unit without a task: it was never submitted (stopped first, or sbatch failed). */
  abandon(status: ArmResult['status'], reason: string): void {
    if (this.settled) return;
    const out = this.work.jobs.map((job) => unreportedResult(job, status, reason));
    out.forEach((r) => this.events.onResult?.(r));
    this.end(out);
  }

  private end(results: ArmResult[]): void {
    this.settled = true;
    clearTimeout(this.killTimer);
    this.settle(results);
  }
}

/** The status file, or undefined while it does not exist (it is replaced atomically, so never torn). */
function readStatus(path: string): JobStatus | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as JobStatus;
  } catch {
    return undefined;
  }
}
