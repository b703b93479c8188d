/**
 * Progress of every job on a terminal: a bar per job with steps, latest loss and ETA, redrawn in place
 * (at most ~8 times a second). Without a terminal it prints one line when a job starts and ends. It reads
 * the header of each metrics batch (a job's latest step and loss), never the records.
 */
import type { MetricBatch } from '../shared/metric-batch';
import type { ArmResult } from '../shared/metrics';
import type { Job } from '../shared/protocol/trainer';
import { formatDuration, formatNumber } from './format';

interface Row {
  label: string;
  done: number;
  /** The step it continues from (a resumed job); the ETA counts only the steps taken since. */
  from: number;
  total: number;
  loss?: number;
  startedAt?: number;
  status?: string;
}

const BAR = 24;
const REDRAW_MS = 125;

export class Progress {
  private readonly rows = new Map<string, Row>();
  private drawnLines = 0;
  private lastDraw = 0;

  constructor(
    jobs: Job[],
    private readonly out: NodeJS.WriteStream,
    private readonly enabled: boolean,
  ) {
    const multiSeed = new Set(jobs.map((j) => j.seed)).size > 1;
    const width = Math.max(...jobs.map((j) => j.arm.length)) + (multiSeed ? 8 : 0);
    for (const j of jobs) {
      const label = multiSeed ? `${j.arm} seed ${j.seed}` : j.arm;
      this.rows.set(key(j), { label: label.padEnd(width), done: j.resume?.step ?? 0, from: j.resume?.step ?? 0, total: 0 });
    }
  }

  private get tty(): boolean {
    return this.enabled && this.out.isTTY === true;
  }

  started(job: Job, totalSteps: number): void {
    const row = this.rows.get(key(job));
    if (!row) return;
    row.total = totalSteps;
    row.startedAt = Date.now();
    if (this.enabled && !this.tty) this.out.write(`${row.label.trim()}: started (${totalSteps} steps)\n`);
    this.draw();
  }

  /** A metrics batch arrived: each job's latest step and training loss. */
  batch(batch: MetricBatch): void {
    for (const j of batch.jobs) {
      const row = this.rows.get(key(j));
      if (!row) continue;
      if (j.step > row.done) row.done = j.step;
      if (j.loss !== undefined) row.loss = j.loss;
    }
    this.draw();
  }

  finished(result: ArmResult): void {
    const row = this.rows.get(key(result));
    if (!row) return;
    row.status = result.status;
    if (this.enabled && !this.tty) this.out.write(`${row.label.trim()}: ${result.status} after ${result.steps} steps${result.reason ? ` (${result.reason.split('\n')[0]})` : ''}\n`);
    this.draw(true);
  }

  /** Leave the last frame on screen. */
  end(): void {
    this.draw(true);
  }

  private line(row: Row): string {
    const frac = row.total > 0 ? Math.min(1, row.done / row.total) : 0;
    const filled = Math.round(frac * BAR);
    const bar = '█'.repeat(filled) + '░'.repeat(BAR - filled);
    const elapsed = row.startedAt ? (Date.now() - row.startedAt) / 1000 : 0;
    const taken = row.done - row.from;
    const eta = row.status ? row.status : taken > 0 ? `ETA ${formatDuration((elapsed / taken) * (row.total - row.done))}` : row.startedAt ? 'starting' : 'queued';
    const loss = row.loss === undefined ? '' : ` loss ${formatNumber(row.loss)}`;
    return `${row.label} ${bar} ${String(Math.round(frac * 100)).padStart(3)}% ${row.done}/${row.total || '?'}${loss}  ${eta}`;
  }

  /** Every row when they fit the terminal; otherwise the running ones and a count of the rest (sweeps). */
  private visibleRows(): Row[] {
    const all = [...this.rows.values()];
    const fit = Math.max(4, (this.out.rows ?? 40) - 4);
    if (all.length <= fit) return all;
    const running = all.filter((r) => r.startedAt !== undefined && !r.status).slice(0, fit - 1);
    const done = all.filter((r) => r.status).length;
    const queued = all.filter((r) => r.startedAt === undefined).length;
    const failed = all.filter((r) => r.status && r.status !== 'completed').length;
    const tally: Row = { label: `${done}/${all.length} jobs done${failed ? ` (${failed} not completed)` : ''}, ${queued} queued`, done, from: 0, total: all.length, status: ' ' };
    return [...running, tally];
  }

  private draw(force = false): void {
    if (!this.tty) return;
    const now = Date.now();
    if (!force && now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    const cols = this.out.columns ?? 120;
    const lines = this.visibleRows().map((r) => this.line(r).slice(0, cols - 1));
    const up = this.drawnLines > 0 ? `\x1b[${this.drawnLines}A` : '';
    this.out.write(up + lines.map((l) => `\x1b[2K${l}\n`).join(''));
    this.drawnLines = lines.length;
  }
}

function key(j: { arm: string; seed: number }): string {
  return `${j.arm}\u0000${j.seed}`;
}
