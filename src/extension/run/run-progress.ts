/**
 * Progress of a live run from what the trainers report: each job's step out of its total, and each
 * arm's latest training loss. Feeds the status bar and the CodeLens labels. vscode-free.
 */
import type { ArmResult, ArmStatus, MetricRecord } from '../../shared/metrics';
import type { Job } from '../../shared/protocol/trainer';

export type ArmState = 'queued' | 'running' | ArmStatus;

export interface ArmProgress {
  arm: string;
  state: ArmState;
  /** 0..1 over the arm's seeds. */
  fraction: number;
  /** Latest training loss of the arm (last seed reporting). */
  loss?: number;
}

interface JobState {
  job: Job;
  total?: number;
  step: number;
  result?: ArmResult;
}

const jobKey = (arm: string, seed: number) => `${seed}\u0000${arm}`;

export class RunProgress {
  private readonly jobs = new Map<string, JobState>();
  private readonly losses = new Map<string, number>();
  private stage: { label: string; fraction: number } | undefined;
  private shown: number | undefined;

  constructor(jobs: readonly Job[]) {
    this.setJobs(jobs);
  }

  /** The jobs now running (a loss evolution learns its retraining jobs only when evolution ends). */
  setJobs(jobs: readonly Job[]): void {
    this.stage = undefined;
    this.jobs.clear();
    for (const job of jobs) this.jobs.set(jobKey(job.arm, job.seed), { job, step: 0 });
  }

  /** A phase that is not jobs (evolution generations), with its own label and fraction. */
  setStage(label: string, fraction: number): void {
    this.stage = { label, fraction };
  }

  /** "generation 3/10" while evolving; undefined while jobs run. */
  get stageLabel(): string | undefined {
    return this.stage?.label;
  }

  jobStarted(job: Job, totalSteps: number): void {
    const s = this.jobs.get(jobKey(job.arm, job.seed));
    if (s) s.total = totalSteps > 0 ? totalSteps : undefined;
  }

  addRecords(records: readonly MetricRecord[]): void {
    for (const r of records) {
      const s = this.jobs.get(jobKey(r.arm, r.seed));
      if (s && r.step > s.step) s.step = r.step;
      const loss = r.values.loss;
      if (r.kind === 'train' && typeof loss === 'number') this.losses.set(r.arm, loss);
    }
  }

  jobDone(result: ArmResult): void {
    const s = this.jobs.get(jobKey(result.arm, result.seed));
    if (s) s.result = result;
  }

  /** 0..1 over all jobs; an ended job counts as complete. */
  get fraction(): number {
    if (this.stage) return this.stage.fraction;
    const all = [...this.jobs.values()];
    return all.length ? all.reduce((sum, s) => sum + jobFraction(s), 0) / all.length : 0;
  }

  /**
   * Fixes the fraction the progress displays show until the next call. The status bar is redrawn at
   * once but VS Code asks for CodeLenses later (debounced, later still under load): both read this
   * value, taken at each change tick, so they agree.
   */
  snapshot(): void {
    this.shown = this.fraction;
  }

  /** The fraction taken at the last `snapshot()` (the live one before the first). */
  get shownFraction(): number {
    return this.shown ?? this.fraction;
  }

  get finishedJobs(): number {
    return [...this.jobs.values()].filter((s) => s.result).length;
  }

  get totalJobs(): number {
    return this.jobs.size;
  }

  arm(name: string): ArmProgress | undefined {
    const states = [...this.jobs.values()].filter((s) => s.job.arm === name);
    if (!states.length) return undefined;
    return {
      arm: name,
      state: armState(states),
      fraction: states.reduce((sum, s) => sum + jobFraction(s), 0) / states.length,
      loss: this.losses.get(name),
    };
  }

  get arms(): ArmProgress[] {
    const names = [...new Set([...this.jobs.values()].map((s) => s.job.arm))];
    return names.map((n) => this.arm(n)).filter((a): a is ArmProgress => a !== undefined);
  }
}

function jobFraction(s: JobState): number {
  if (s.result) return 1;
  return s.total ? Math.min(1, s.step / s.total) : 0;
}

function armState(states: JobState[]): ArmState {
  const results = states.map((s) => s.result).filter((r): r is ArmResult => r !== undefined);
  if (results.length === states.length) {
    for (const bad of ['crashed', 'diverged', 'stopped'] as const) if (results.some((r) => r.status === bad)) return bad;
    return 'completed';
  }
  return states.some((s) => s.total !== undefined && !s.result) ? 'running' : results.length ? 'running' : 'queued';
}

export function formatPercent(fraction: number): string {
  return `${Math.floor(Math.max(0, Math.min(1, fraction)) * 100)}%`;
}

export function formatLoss(v: number | undefined): string {
  if (v === undefined) return '';
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? v.toExponential(2) : String(Number(v.toPrecision(3)));
}

/** "● running 45% · loss 0.12" for one arm, or its final state. */
export function armLensLabel(p: ArmProgress): string {
  const loss = p.loss !== undefined ? ` · loss ${formatLoss(p.loss)}` : '';
  switch (p.state) {
    case 'queued':
      return '○ queued';
    case 'running':
      return `● running ${formatPercent(p.fraction)}${loss}`;
    case 'completed':
      return `✓ done${loss}`;
    default:
      return `✗ ${p.state}`;
  }
}
