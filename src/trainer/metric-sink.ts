/**
 * Buffers metric records and delivers them in batches: appended to `metrics.jsonl` (one write per batch,
 * so a killed process keeps every complete batch) and handed to a listener (the IPC channel).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { MetricRecord } from '../shared/metrics';

export class MetricSink {
  private buffer: MetricRecord[] = [];
  private lastFlush = performance.now();
  private readonly fd: number | undefined;

  constructor(
    /** The JSON-lines file to append to (a run folder's `metrics.jsonl`); none when undefined. */
    file: string | undefined,
    private readonly onBatch: (records: MetricRecord[]) => void = () => {},
    private readonly intervalMs = 100,
  ) {
    this.fd = file === undefined ? undefined : openSync(file, 'a');
  }

  push(record: MetricRecord): void {
    this.buffer.push(record);
    if (performance.now() - this.lastFlush >= this.intervalMs) this.flush();
  }

  flush(): void {
    this.lastFlush = performance.now();
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    if (this.fd !== undefined) writeSync(this.fd, batch.map((r) => JSON.stringify(r)).join('\n') + '\n');
    this.onBatch(batch);
  }

  close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
  }
}
