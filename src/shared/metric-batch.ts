/**
 * Metric records as they travel from a trainer to its host and into the run folder: encoded once, where
 * they are made, as `metrics.jsonl` text (one JSON record per line, each line ending in a newline), with
 * a small header per job — its latest step, epoch, time and training loss, and the longest gap between
 * two of its records — so the host appends the text to the file, draws progress and sizes a stop's grace
 * without parsing a line. Whoever needs record objects (the extension's charts) parses the text once.
 * The encoding is `JSON.stringify` of the record: the file's format by definition (NaN and ±Infinity
 * become null, -0 becomes 0); a hand-written encoder measured slower (bench/records.ts).
 */
import type { MetricRecord } from './metrics';

/** One job's state at the end of a batch. */
export interface JobMark {
  arm: string;
  seed: number;
  /** The highest step of its records in the batch. */
  step: number;
  epoch: number;
  /** Seconds since the job started training, of its latest record. */
  time: number;
  /** The latest training loss in the batch, if a `train` record was in it. */
  loss?: number;
  /** The longest time (s) between two consecutive records of the job, counting its last record of the previous batch. */
  maxGapSec: number;
}

export interface MetricBatch {
  /** Whole `metrics.jsonl` lines, each ending in '\n'. */
  text: string;
  /** How many records (lines) `text` holds. */
  count: number;
  jobs: JobMark[];
}

const jobKey = (r: { arm: string; seed: number }): string => `${r.seed}\u0000${r.arm}`;

/** Per-job marks of the records noted since the last `take`; each job's last record time is kept across takes. */
export class JobMarks {
  private marks = new Map<string, JobMark>();
  private readonly lastTime = new Map<string, number>();
  /** The job of the previous record (consecutive records are almost always of one job): no key to build. */
  private last: { arm: string; seed: number; key: string } | undefined;

  note(r: MetricRecord): void {
    const last = this.last;
    const key = last && last.arm === r.arm && last.seed === r.seed ? last.key : jobKey(r);
    if (key !== last?.key) this.last = { arm: r.arm, seed: r.seed, key };
    const before = this.lastTime.get(key);
    const gap = before === undefined ? 0 : Math.max(0, r.time - before);
    this.lastTime.set(key, r.time);
    const loss = r.kind === 'train' ? r.values.loss : undefined;
    const mark = this.marks.get(key);
    if (!mark) {
      this.marks.set(key, { arm: r.arm, seed: r.seed, step: r.step, epoch: r.epoch, time: r.time, ...(loss !== undefined ? { loss } : {}), maxGapSec: gap });
      return;
    }
    if (r.step >= mark.step) {
      mark.step = r.step;
      mark.epoch = r.epoch;
    }
    mark.time = r.time;
    if (loss !== undefined) mark.loss = loss;
    if (gap > mark.maxGapSec) mark.maxGapSec = gap;
  }

  take(): JobMark[] {
    const out = [...this.marks.values()];
    this.marks = new Map();
    return out;
  }
}

/** Encodes records as they are made and hands them out as batches. */
export class BatchEncoder {
  private lines: string[] = [];
  private readonly marks = new JobMarks();

  get size(): number {
    return this.lines.length;
  }

  add(r: MetricRecord): void {
    this.lines.push(JSON.stringify(r));
    this.marks.note(r);
  }

  /** The records added since the last call, or undefined when there are none. */
  take(): MetricBatch | undefined {
    if (this.lines.length === 0) return undefined;
    const batch = { text: this.lines.join('\n') + '\n', count: this.lines.length, jobs: this.marks.take() };
    this.lines = [];
    return batch;
  }
}

/** The records of a batch's text (or any JSON-lines text); a line that is not a record (torn by a kill) is skipped. */
export function parseBatch(text: string): MetricRecord[] {
  const out: MetricRecord[] = [];
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start) {
      try {
        out.push(JSON.parse(text.slice(start, end)) as MetricRecord);
      } catch {
        // Only a writer killed mid-line leaves one; the run folder's readers skip it too.
      }
    }
    start = end + 1;
  }
  return out;
}

/**
 * A batch from complete lines another process wrote (a cluster task's own metrics file): the lines that
 * are records pass through as they are, and the header is built from them (`marks` carries each job's
 * last record time from one call to the next).
 */
export function batchFromLines(lines: readonly string[], marks: JobMarks): MetricBatch | undefined {
  const kept: string[] = [];
  for (const line of lines) {
    let r: MetricRecord;
    try {
      r = JSON.parse(line) as MetricRecord;
    } catch {
      continue;
    }
    kept.push(line);
    marks.note(r);
  }
  return kept.length ? { text: kept.join('\n') + '\n', count: kept.length, jobs: marks.take() } : undefined;
}
